r"""Symbols spelt the way the student reader spells them: x_{1}, \theta."""
import sympy as sp

from symcheck.derive import gradient, partial_aliases
from symcheck.problem import Part, Problem, Quantity

x1, x2 = sp.symbols("x_{1} x_{2}")  # a student's x_1 and x_{1} are both read as x_{1}
theta = sp.Symbol(r"\theta")  # a student's \theta
f = x1**2 * sp.sin(theta) + x2

PROBLEM = Problem("Spelling", parts=[
    Part("1", points=2, prompt="f(x_1, x_2) = x_1^2 sin(theta) + x_2: the gradient in x.", quantities=[
        Quantity(r"\nabla f", gradient(f, [x1, x2]), [r"\nabla f", r"\nabla f(x_1, x_2)"]),
        Quantity(r"\frac{\partial f}{\partial x_1}", sp.diff(f, x1), partial_aliases("f", [x1, x2], "x_{1}")),
    ]),
])
