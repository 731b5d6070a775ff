"""Two parts, error carried forward (formula/depends), an optional quantity and a credit policy.

(a) u = 2x + 1 at x = 3.  (b) v = u^2 and g = v/2 + u, from (a).
"""
import sympy as sp

from symcheck.problem import CreditPolicy, Part, Problem, Quantity

x = 3
u = 2 * x + 1
v = u**2
g = sp.Rational(v, 2) + u

# Symbols standing for the student's own values of u and v, for error carried forward.
U, V = sp.symbols("U V")

PROBLEM = Problem(
    "Carried forward",
    parts=[
        Part("a", points=2, prompt="u = 2x + 1 at x = 3.", quantities=[
            Quantity("u", u, ["u", "u(3)"]),
        ]),
        Part("b", points=3, prompt="v = u^2 and g = v/2 + u.", quantities=[
            Quantity("v", v, formula=U**2, depends={U: "u"}, required=False),
            Quantity("g", g, formula=V / 2 + U, depends={U: "u", V: "v"}, points=2),
        ]),
    ],
    credit=CreditPolicy(carried_forward=0.5, rules={"sign-flip": 0.5}),
)
