"""Critical points and a tangent plane of a cubic: an equation, a set of points, the given statement."""
import sympy as sp

from symcheck.derive import at, gradient, hessian
from symcheck.problem import Equation, Part, PointSet, Problem, Quantity

STATEMENT = r"""
Let $f(x, y) = x^3 - 3xy + y^3$.
(a) Find $\nabla f$ and the Hessian $H_f$. (b) Find and classify the critical points of $f$.
(c) Find the tangent plane to the surface $z = f(x, y)$ at $(2, 1)$.
"""
x, y, z = sp.symbols("x y z")
f = x**3 - 3 * x * y + y**3
grad, H = gradient(f, [x, y]), hessian(f, [x, y])
points = [(s[x], s[y]) for s in sp.solve(list(grad), [x, y], dict=True) if s[x].is_real and s[y].is_real]


def kind(point):
    h = at(H, {x: point[0], y: point[1]})
    return "saddle" if h.det() < 0 else ("local minimum" if h[0, 0] > 0 else "local maximum")


at_21 = {x: 2, y: 1}
plane = sp.Eq(z, f.subs(at_21) + at(grad, at_21)[0] * (x - 2) + at(grad, at_21)[1] * (y - 1))

PROBLEM = Problem("Critical points and a tangent plane", given=STATEMENT, parts=[
    Part("a", points=2, quantities=[
        Quantity(r"\nabla f", grad, aliases=[r"\nabla f", r"\nabla f(x, y)"]),
        Quantity("H_f", H, aliases=["H_f", "H", r"\nabla^2 f"]),
    ]),
    Part("b", points=2, quantities=[
        PointSet("(x, y)", {p: kind(p) for p in points}, aliases=["(x, y)", r"\text{critical points}"]),
    ]),
    Part("c", points=2, quantities=[
        Equation(r"\text{tangent plane}", plane, aliases=["z", "T(x, y)", "L(x, y)"]),
    ]),
])
