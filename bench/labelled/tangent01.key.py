"""Answer key (tangent01): tangent planes and directional derivatives.

(a) h(x, y) = x e^y + y^2 at (2, 0): partials, the tangent plane z = x + 2y, the linear estimate of
    h(2.1, -0.1) and its true value.
(b) D_u h(2, 0) with u = v/||v||, v = (3, -4); the maximum rate of increase ||grad h(2, 0)||.
(c) the tangent plane to x^2 + 2y^2 + 3z^2 = 6 at (1, 1, 1) and the rate of change of F along (1,1,1)/sqrt 3.
(d) T(x, y) = 100 e^{-(x^2 + 2y^2)/10} at (1, 2): T, grad T, D_u T toward the origin, ||grad T||.
"""
import sympy as sp

from symcheck.derive import at, gradient, partial_aliases
from symcheck.problem import Part, Problem, Quantity

R = sp.Rational
x, y, z = sp.symbols("x y z")

# -- (a), (b) -------------------------------------------------------------------------------------
h = x * sp.exp(y) + y**2
p0 = {x: 2, y: 0}
grad_h = gradient(h, [x, y])
plane = sp.expand(h.subs(p0) + (at(grad_h, p0).T * sp.ImmutableMatrix([x - 2, y]))[0])   # x + 2y
estimate = plane.subs({x: R("2.1"), y: R("-0.1")})  # 1.9 (see the note in part a)
v = sp.ImmutableMatrix([3, -4])
u = v / v.norm()
Du_h = (at(grad_h, p0).T * u)[0]

# -- (c) ------------------------------------------------------------------------------------------
F = x**2 + 2 * y**2 + 3 * z**2
grad_F = gradient(F, [x, y, z])
grad_F1 = at(grad_F, {x: 1, y: 1, z: 1})
w = sp.ImmutableMatrix([1, 1, 1]) / sp.sqrt(3)

# -- (d) ------------------------------------------------------------------------------------------
T = 100 * sp.exp(-(x**2 + 2 * y**2) / 10)
p1 = {x: 1, y: 2}
grad_T = at(gradient(T, [x, y]), p1)
u_T = -sp.ImmutableMatrix([1, 2]) / sp.sqrt(5)
Gx, Gy, Tv = sp.symbols("Gx Gy Tv")

PROBLEM = Problem(
    "Tangent planes and directional derivatives",
    parts=[
        Part("a", points=4, prompt="h(x, y) = x e^y + y^2 at (2, 0): partials, tangent plane, estimate of h(2.1, -0.1).",
             quantities=[
                 Quantity("h(2, 0)", h.subs(p0), ["h(2, 0)", "h(2,0)"], id="h0", required=False),
                 Quantity("h_x", grad_h[0], partial_aliases("h", [x, y], "x") + ["h_x(x, y)"], id="h_x"),
                 Quantity("h_y", grad_h[1], partial_aliases("h", [x, y], "y") + ["h_y(x, y)"], id="h_y"),
                 Quantity("h_x(2, 0)", at(grad_h, p0)[0], ["h_x(2, 0)", "h_x(2,0)"], id="h_x0", required=False),
                 Quantity("h_y(2, 0)", at(grad_h, p0)[1], ["h_y(2, 0)", "h_y(2,0)"], id="h_y0", required=False),
                 # The tangent plane (z = x + 2y) is not a quantity here: the student's z also names the
                 # surface (z = h(x, y), line 3) and the estimate (z \approx 1.9, line 20). With an alias "z",
                 # grade matched all three claims to it and flagged lines 3 and 20, even with
                 # context=(r"tangent plane",) (one candidate: the context does not filter).
                 Quantity("h(2.1, -0.1)", h.subs({x: R("2.1"), y: R("-0.1")}), ["h(2.1, -0.1)"], id="h true"),
             ]),
        Part("b", points=2, prompt="D_u h(2, 0), u = v/||v||, v = (3, -4); the maximum rate of increase.",
             quantities=[
                 Quantity(r"D_{\mathbf{u}} h", Du_h, [r"D_{\mathbf{u}} h", r"D_u h", r"D_{\mathbf{u}} h(2, 0)",
                                                      r"D_{\mathbf{v}} h"], id="D_u h"),
                 Quantity(r"|\nabla h(2, 0)|", grad_h.subs(p0).norm(),
                          [r"|\nabla h(2, 0)|", r"\|\nabla h(2, 0)\|", r"|\nabla h|"], id="max rate"),
             ]),
        Part("c", points=2, prompt="Tangent plane to x^2 + 2y^2 + 3z^2 = 6 at (1, 1, 1); D_w F.",
             quantities=[
                 Quantity(r"\nabla F", grad_F, [r"\nabla F", r"\nabla F(x, y, z)"], id="grad F", required=False),
                 Quantity(r"\nabla F(1, 1, 1)", grad_F1, [r"\nabla F(1, 1, 1)"], id="grad F1"),
                 Quantity(r"\nabla F \cdot \mathbf{w}", (grad_F1.T * w)[0],
                          [r"\nabla F \cdot \mathbf{w}", r"D_{\mathbf{w}} F"], id="D_w F"),
             ]),
        Part("d", points=4, prompt="T = 100 e^{-(x^2 + 2y^2)/10} at (1, 2): T, grad T, D_u T toward the origin.",
             quantities=[
                 Quantity("T(1, 2)", T.subs(p1), ["T(1, 2)"], id="T"),
                 Quantity("T_x", grad_T[0], ["T_x", "T_x(1, 2)"] + partial_aliases("T", [x, y], "x"), id="T_x",
                          formula=Tv * R(-2, 10), depends={Tv: "T"}),
                 Quantity("T_y", grad_T[1], ["T_y", "T_y(1, 2)"] + partial_aliases("T", [x, y], "y"), id="T_y",
                          formula=Tv * R(-8, 10), depends={Tv: "T"}),
                 Quantity(r"\nabla T", grad_T, [r"\nabla T", r"\nabla T(1, 2)"], id="grad T", required=False,
                          formula=sp.ImmutableMatrix([Gx, Gy]), depends={Gx: "T_x", Gy: "T_y"}),
                 Quantity(r"D_{\mathbf{u}} T", (grad_T.T * u_T)[0], [r"D_{\mathbf{u}} T", r"D_u T"], id="D_u T",
                          formula=-(Gx + 2 * Gy) / sp.sqrt(5), depends={Gx: "T_x", Gy: "T_y"}),
                 Quantity(r"\|\nabla T\|", grad_T.norm(), [r"\|\nabla T\|", r"|\nabla T|"], id="|grad T|",
                          formula=sp.sqrt(Gx**2 + Gy**2), depends={Gx: "T_x", Gy: "T_y"}),
             ]),
    ],
)
