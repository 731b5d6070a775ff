"""A first answer key: one part, one quantity, the names a student may give it."""
import sympy as sp

from symcheck.problem import Part, Problem, Quantity

x = sp.Symbol("x")
f = x**3 - 2 * x

PROBLEM = Problem("A first key", parts=[
    Part("1", points=2, prompt="f(x) = x^3 - 2x. Give f'(2).", quantities=[
        Quantity("f'(2)", sp.diff(f, x).subs(x, 2), aliases=["f'(2)", r"\frac{df}{dx}(2)"]),
    ]),
])
