"""A problem with randomised variants: the gradient, Hessian and critical points of a cubic in two
variables, and a tangent plane.

f(x, y) = x^3 + y^3 - a x y with a in {3, 6, 9}: critical points (0, 0), a saddle (det ∇²f = -a^2 < 0),
and (p, p) with p = a/3, a local minimum (det ∇²f = 3a^2 > 0, f_xx = 2a > 0) where f = -p^3; the tangent
plane at (x0, y0), where neither slope is zero. Each student gets their own a, x0, y0: `symcheck handout`
prints their statement, `symcheck grade FOLDER --problem` grades each against their own numbers.
"""
import sympy as sp

from symcheck.derive import at, gradient, hessian, partial_aliases
from symcheck.problem import Choice, IntRange, Part, Problem, Quantity, Variants

x, y = sp.symbols("x y")
F = sp.Symbol("F")  # the student's own f(x0, y0)
G = sp.ImmutableMatrix(sp.symbols("G1 G2"))  # the student's own gradient at (x0, y0)
D = sp.ImmutableMatrix(2, 2, sp.symbols("D11 D12 D21 D22"))  # the student's own Hessian at a point


def det2(m):
    return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]


def build(a, x0, y0):
    f = x**3 + y**3 - a * x * y
    grad = gradient(f, [x, y])
    hess = hessian(f, [x, y])
    p = sp.Rational(a, 3)
    here, origin, minimum = {x: x0, y: y0}, {x: 0, y: 0}, {x: p, y: p}
    plane = f.subs(here) + grad[0].subs(here) * (x - x0) + grad[1].subs(here) * (y - y0)
    at_point = f"({x0}, {y0})"
    at_min = f"({p}, {p})"
    return Problem(f"Critical points and a tangent plane of f(x, y) = x^3 + y^3 - {a}xy", parts=[
        Part("a", points=2, prompt="The gradient of f.", quantities=[
            Quantity(r"\frac{\partial f}{\partial x}", grad[0], partial_aliases("f", [x, y], "x"), id="f_x"),
            Quantity(r"\frac{\partial f}{\partial y}", grad[1], partial_aliases("f", [x, y], "y"), id="f_y"),
        ]),
        Part("b", points=2, prompt="The Hessian of f.", quantities=[
            Quantity(r"\nabla^2 f(x, y)", hess, [r"\nabla^2 f(x, y)", r"\nabla^2 f", "H_f(x, y)", "H_f", "H(x, y)"],
                     id="hess"),
        ]),
        Part("c", points=4, prompt="The critical points of f and their kind (det of the Hessian at each).",
             quantities=[
                 Quantity(r"\det \nabla^2 f(0, 0)", det2(at(hess, origin)),
                          [r"\det \nabla^2 f(0, 0)", r"\det H_f(0, 0)", r"\det H(0, 0)"], id="det H(0,0)",
                          formula=det2(D), depends={D: "H(0,0)"}),
                 Quantity(r"\nabla^2 f(0, 0)", at(hess, origin), [r"\nabla^2 f(0, 0)", "H_f(0, 0)", "H(0, 0)"],
                          id="H(0,0)", required=False),
                 Quantity(rf"\det \nabla^2 f{at_min}", det2(at(hess, minimum)),
                          [rf"\det \nabla^2 f{at_min}", rf"\det H_f{at_min}", rf"\det H{at_min}"], id="det H(p,p)",
                          formula=det2(D), depends={D: "H(p,p)"}),
                 Quantity(rf"\nabla^2 f{at_min}", at(hess, minimum),
                          [rf"\nabla^2 f{at_min}", f"H_f{at_min}", f"H{at_min}"], id="H(p,p)", required=False),
                 Quantity(f"f{at_min}", f.subs(minimum), id="f(p,p)", label="the local minimum"),
             ]),
        Part("d", points=4, prompt=f"The tangent plane to the graph of f at {at_point}.", quantities=[
            Quantity(f"f{at_point}", f.subs(here), id="f(x0,y0)"),
            Quantity(rf"\nabla f{at_point}", at(grad, here), [rf"\nabla f{at_point}"], id="grad(x0,y0)"),
            Quantity("z", sp.expand(plane), ["z", "T(x, y)", "L(x, y)"], id="plane",
                     formula=sp.expand(F + G[0] * (x - x0) + G[1] * (y - y0)),
                     depends={F: "f(x0,y0)", G: "grad(x0,y0)"}),
        ]),
    ])


PROBLEM = Variants(
    build,
    params={"a": Choice([3, 6, 9]), "x0": IntRange(-2, 2, exclude=[0]), "y0": IntRange(1, 3)},
    # a tangent plane that is tilted along both axes (a zero slope would leave x or y out of the plane)
    where=lambda a, x0, y0: 3 * x0**2 != a * y0 and 3 * y0**2 != a * x0,
    statement=r"Let $f(x, y) = x^3 + y^3 - {{a}}\,xy$." "\n\n"
              r"(a) Compute the gradient $\nabla f$. (b) Compute the Hessian $\nabla^2 f$. "
              r"(c) Find the critical points of $f$ and classify each with the determinant of the Hessian; "
              r"give the value of $f$ at the local minimum. "
              r"(d) Give the tangent plane $z = \dots$ to the graph of $f$ at $({{x0}}, {{y0}})$.",
)
