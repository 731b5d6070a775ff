"""A key with two mistakes, for `symcheck lint`: an alias that does not parse, a formula over an undeclared symbol."""
import sympy as sp

from symcheck.problem import Part, Problem, Quantity

U, V, W = sp.symbols("U V W")

PROBLEM = Problem("Broken", parts=[
    Part("a", points=2, quantities=[
        Quantity("u", 7, ["u", r"u_{"]),
    ]),
    Part("b", points=3, quantities=[
        Quantity("v", 49, formula=W**2, depends={U: "u"}),
    ]),
])
