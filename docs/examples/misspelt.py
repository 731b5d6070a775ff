"""The key of spelling.py with its symbols named plainly (x1, theta): graded as the reader reads x_1, \\theta."""
import sympy as sp

from symcheck.derive import gradient
from symcheck.problem import Part, Problem, Quantity

x1, x2 = sp.symbols("x1 x2")  # compared as the student's x_1, x_2
theta = sp.Symbol("theta")  # compared as the student's \theta
f = x1**2 * sp.sin(theta) + x2

PROBLEM = Problem("Spelling", parts=[
    Part("1", points=2, prompt="f(x_1, x_2) = x_1^2 sin(theta) + x_2: the gradient in x.", quantities=[
        Quantity(r"\nabla f", gradient(f, [x1, x2]), [r"\nabla f", r"\nabla f(x_1, x_2)"]),
    ]),
])
