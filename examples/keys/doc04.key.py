"""Answer key (doc04): gradient and Hessian of a quadratic form with a non-symmetric A; gradient, mixed
partial and directional derivatives of g(x, y) = e^{xy} + sin x."""
import sympy as sp

from symcheck.derive import at, gradient, hessian, partial_aliases
from symcheck.problem import Part, Problem, Quantity, in_part

STATEMENT = r"""
Q4. (a) $f(x) = x^TAx + b^Tx$, $A = \begin{bmatrix} 2 & 3 \\ 1 & 4 \end{bmatrix}$,
$b = \begin{bmatrix} -1 \\ 2 \end{bmatrix}$. Find $\nabla f$ and the Hessian, evaluate at $x_0 = (1, -1)$;
directional derivative at $x_0$ along $u = (1,1)/\sqrt{2}$.
(b) $g(x, y) = e^{xy} + \sin x$: $\nabla g$ and $\partial^2 g/\partial x\partial y$ at $(0.5, 2)$.
(c) directional derivative of $g$ at $(0.5, 2)$ in the direction of $v = (3, 4)$; max rate of increase.
"""
A, b = sp.ImmutableMatrix([[2, 3], [1, 4]]), sp.ImmutableMatrix([-1, 2])
x1, x2, x, y = sp.symbols("x1 x2 x y")
X = sp.ImmutableMatrix([x1, x2])
quad = sp.expand((X.T * A * X)[0])
f = quad + (b.T * X)[0]
x0 = {x1: 1, x2: -1}
grad_f, hess_f = gradient(f, [x1, x2]), hessian(f, [x1, x2])  # (A + A^T) x + b and A + A^T
u_a = sp.ImmutableMatrix([1, 1]) / sp.sqrt(2)
g = sp.exp(x * y) + sp.sin(x)
grad_g, pt = gradient(g, [x, y]), {x: sp.Rational(1, 2), y: 2}
grad_g_pt = at(grad_g, pt)
v = sp.ImmutableMatrix([3, 4])
u_c = v / v.norm()

S = sp.ImmutableMatrix(2, 2, sp.symbols("S11 S12 S21 S22"))
Gv = sp.ImmutableMatrix(sp.symbols("G1 G2"))
mixed = [r"\frac{\partial^2 g}{\partial x \partial y}", r"\frac{\partial^2 g}{\partial y \partial x}", "g_{xy}",
         "g_{yx}"]

PROBLEM = Problem(
    "Gradients, Hessians and directional derivatives",
    given=STATEMENT,
    parts=[
        Part("a", points=5, prompt="f(x) = x^T A x + b^T x: grad f, Hessian, at x_0 = (1, -1); D_u f(x_0).",
             quantities=[
                 Quantity("x^T A x", quad, ["x^T A x", r"x^\top A x"], required=False),
                 Quantity("f(x)", f, ["f(x)", "f(x_1, x_2)"], required=False),
                 *[Quantity(rf"\frac{{\partial f}}{{\partial x_{i}}}", grad_f[i - 1],
                            partial_aliases("f", ["x_1", "x_2"], f"x_{i}"), id=f"f_x{i}") for i in (1, 2)],
                 Quantity(r"\nabla f", grad_f, [r"\nabla f", r"\nabla f(x)", r"\nabla f(x_1, x_2)"],
                          label="as a function of x"),
                 Quantity(r"\nabla f(x_0)", at(grad_f, x0), [r"\nabla f(x_0)", r"\nabla f(1, -1)", r"\nabla f"],
                          label="at x_0", formula=S * sp.ImmutableMatrix([1, -1]) + b, depends={S: "A + A^T"}),
                 Quantity("f(x_0)", f.subs(x0), ["f(x_0)", "f(1, -1)"], required=False),
                 Quantity("A + A^T", A + A.T, ["A + A^T", r"A + A^\top", "A^T + A"], required=False),
                 Quantity("H", hess_f, ["H", "H_f", r"\nabla^2 f", r"\nabla^2 f(x)", "H(x_0)", r"\nabla^2 f(x_0)",
                                        "H_f(x_0)"]),
                 Quantity(r"\det H", hess_f.det(), [r"\det H", r"\det(H)"], required=False,
                          formula=S[0, 0] * S[1, 1] - S[0, 1] * S[1, 0], depends={S: "H"}),
                 Quantity("u", u_a, id="u (a)", label="the direction in (a)", required=False, context=(in_part("a"),)),
                 Quantity(r"D_u f(x_0)", (at(grad_f, x0).T * u_a)[0], [r"D_u f(x_0)", r"D_u f",
                                                                       r"\nabla f(x_0) \cdot u", r"\nabla f(x_0)^T u"],
                          formula=(Gv.T * u_a)[0], depends={Gv: r"\nabla f(x_0)"}),
             ]),
        Part("b", points=3, prompt="g(x, y) = e^{xy} + sin x: grad g and d^2 g/dx dy at (0.5, 2).",
             quantities=[
                 *[Quantity(rf"\frac{{\partial g}}{{\partial {s}}}", grad_g[i], partial_aliases("g", [x, y], str(s)))
                   for i, s in enumerate((x, y))],
                 Quantity(r"\nabla g", grad_g, [r"\nabla g", r"\nabla g(x, y)"], required=False,
                          label="as a function of (x, y)"),
                 Quantity(r"\nabla g(0.5, 2)", grad_g_pt, [r"\nabla g(0.5, 2)", r"\nabla g"], label="at (0.5, 2)"),
                 Quantity(mixed[0], sp.diff(g, x, y), mixed, id="g_xy", label="as a function of (x, y)",
                          required=False),
                 Quantity(mixed[0], sp.diff(g, x, y).subs(pt), mixed + [r"g_{xy}(0.5, 2)"], id="g_xy(0.5,2)",
                          label="at (0.5, 2)"),
             ]),
        Part("c", points=3, prompt="D_u g at (0.5, 2) in the direction of v = (3, 4); the maximum rate of increase.",
             quantities=[
                 Quantity("|v|", v.norm(), ["|v|", r"\|v\|"], required=False),
                 Quantity("u", u_c, id="u (c)", label="the direction in (c)", required=False, context=(in_part("c"),)),
                 Quantity(r"D_u g", (grad_g_pt.T * u_c)[0], [r"D_u g", r"D_u g(0.5, 2)", r"D_v g", r"\nabla g \cdot u"],
                          formula=(Gv.T * u_c)[0], depends={Gv: r"\nabla g(0.5, 2)"}),
                 Quantity(r"\|\nabla g(0.5, 2)\|", sp.sqrt(sum(c**2 for c in grad_g_pt)),
                          [r"\|\nabla g(0.5, 2)\|", r"\|\nabla g\|", r"|\nabla g|", r"|\nabla g(0.5, 2)|",
                           r"\max D_u g"], formula=sp.sqrt(Gv[0] ** 2 + Gv[1] ** 2), depends={Gv: r"\nabla g(0.5, 2)"}),
             ]),
    ],
)
