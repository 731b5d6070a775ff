"""Answer key for examples/quadratic_form_model.md and examples/quadratic_form_flawed.md.

Part 1: f(x) = x^T A x + b^T x with the non-symmetric A = [[1, 2], [0, 3]] and b = (1, -1).
Since A is not symmetric, ∇f(x) = (A + A^T) x + b (not 2Ax + b) and ∇²f = A + A^T (not 2A).
Values at x = (1, 2), the eigenvalues of the Hessian (f is strictly convex), and a check of the
second-order expansion at (1.1, 2).
Part 2: g(x, y) = x^2 y + e^{xy}: gradient and Hessian, both at (0, 1); a second-order Taylor
check at (0.1, 1); the gradient at (1, 0.5).
"""
import sympy as sp

from symcheck.derive import at, gradient, hessian, partial_aliases
from symcheck.problem import Part, Problem, Quantity

# -- part 1 -------------------------------------------------------------------------------------
A = sp.ImmutableMatrix([[1, 2], [0, 3]])
b = sp.ImmutableMatrix([1, -1])
x1, x2 = sp.symbols("x_{1} x_{2}")  # as the student's x_1, x_2 are read
X = sp.ImmutableMatrix([x1, x2])
f = sp.expand((X.T * A * X)[0] + (b.T * X)[0])
point = {x1: 1, x2: 2}
x0 = X.subs(point)

grad_f = gradient(f, [x1, x2])
hess_f = hessian(f, [x1, x2])  # = A + A^T
lam_max, lam_min = sorted(hess_f.eigenvals(), key=lambda v: -float(v))

# -- part 2 -------------------------------------------------------------------------------------
x, y = sp.symbols("x y")
g = x**2 * y + sp.exp(x * y)
grad_g = gradient(g, [x, y])
hess_g = hessian(g, [x, y])
base = {x: 0, y: 1}  # where the gradient and Hessian are evaluated and the Taylor expansion is centred
step = sp.ImmutableMatrix([sp.Rational(1, 10), 0])  # to (0.1, 1)
taylor_g = g.subs(base) + (at(grad_g, base).T * step)[0] + (step.T * at(hess_g, base) * step)[0] / 2

# Symbols standing for the student's own earlier values, for error carried forward.
S = sp.ImmutableMatrix(2, 2, sp.symbols("S11 S12 S21 S22"))
Q, B, T, D = sp.symbols("Q B T D")
H = sp.ImmutableMatrix(2, 2, sp.symbols("H11 H12 H21 H22"))


def det2(m):
    return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]


def mixed_partial():
    """∂²g/∂x∂y, in either order, and g_{xy}."""
    names = [r"\frac{\partial^2 g}{\partial x \partial y}", r"\frac{\partial^2 g}{\partial y \partial x}",
             "g_{xy}", "g_{yx}", "g_{xy}(x, y)"]
    return Quantity(names[0], hess_g[0, 1], names, id="g_xy")


eigenvalue_names = [r"\lambda_1", r"\lambda_2", r"\lambda_{\max}", r"\lambda_{\min}"]

PROBLEM = Problem(
    "Gradients and Hessians of a quadratic form and of g(x, y) = x^2 y + e^{xy}",
    parts=[
        Part("1", points=7, prompt="f(x) = x^T A x + b^T x, A = [[1, 2], [0, 3]], b = (1, -1): ∇f, ∇²f, "
                                   "values at (1, 2), convexity.",
             quantities=[
                 Quantity("A + A^T", A + A.T, ["A + A^T", r"A + A^\top", r"A^T + A"], id="A+A^T"),
                 Quantity("f(x_1, x_2)", f, ["f(x_1, x_2)", "f(x_{1}, x_{2})"], id="f"),
                 Quantity(r"\nabla f(x)", grad_f, [r"\nabla f(x)", r"\nabla f", r"\nabla f(x_1, x_2)"],
                          id="grad f"),
                 Quantity("Ax", A * x0, ["Ax", "A x"], id="Ax", required=False),
                 Quantity("x^T A x", (x0.T * A * x0)[0], ["x^T A x", r"x^\top A x"], id="xAx", required=False),
                 Quantity("b^T x", (b.T * x0)[0], ["b^T x", r"b^\top x"], id="bx", required=False),
                 Quantity("f(1, 2)", f.subs(point), id="f(1,2)", formula=Q + B, depends={Q: "xAx", B: "bx"}),
                 Quantity(r"\nabla f(1, 2)", at(grad_f, point), id="grad f(1,2)",
                          formula=S * x0 + b, depends={S: "A+A^T"}),
                 Quantity(r"\nabla^2 f(x)", hess_f, [r"\nabla^2 f(x)", r"\nabla^2 f", "H_f", "H_f(x)", "H"],
                          id="hess f", formula=S, depends={S: "A+A^T"}),
                 Quantity(r"\det(A + A^T)", hess_f.det(), [r"\det(A + A^T)", r"\det \nabla^2 f", r"\det H"],
                          id="det", formula=det2(S), depends={S: "A+A^T"}),
                 Quantity(r"\operatorname{tr}(A + A^T)", hess_f.trace(),
                          [r"\operatorname{tr}(A + A^T)", r"\mathrm{tr}(A + A^T)", r"\operatorname{tr} H"],
                          id="trace", formula=S[0, 0] + S[1, 1], depends={S: "A+A^T"}),
                 Quantity(r"\lambda_1", lam_max, eigenvalue_names, id="lambda_max", label="the larger eigenvalue",
                          formula=(T + sp.sqrt(T**2 - 4 * D)) / 2, depends={T: "trace", D: "det"}),
                 Quantity(r"\lambda_2", lam_min, eigenvalue_names, id="lambda_min", label="the smaller eigenvalue",
                          formula=(T - sp.sqrt(T**2 - 4 * D)) / 2, depends={T: "trace", D: "det"}),
                 Quantity("f(1.1, 2)", f.subs({x1: sp.Rational(11, 10), x2: 2}), id="f(1.1,2)", required=False),
             ]),
        Part("2", points=7, prompt="g(x, y) = x^2 y + e^{xy}: gradient and Hessian, at (0, 1) and (1, 0.5); "
                                   "a Taylor check at (0.1, 1).",
             quantities=[
                 Quantity(r"\frac{\partial g}{\partial x}", grad_g[0], partial_aliases("g", [x, y], "x"), id="g_x"),
                 Quantity(r"\frac{\partial g}{\partial y}", grad_g[1], partial_aliases("g", [x, y], "y"), id="g_y"),
                 Quantity(r"\nabla g(0, 1)", at(grad_g, base), id="grad g(0,1)"),
                 Quantity(r"\frac{\partial^2 g}{\partial x^2}", hess_g[0, 0], partial_aliases("g", [x, y], "x", 2),
                          id="g_xx"),
                 mixed_partial(),
                 Quantity(r"\frac{\partial^2 g}{\partial y^2}", hess_g[1, 1], partial_aliases("g", [x, y], "y", 2),
                          id="g_yy"),
                 Quantity(r"\nabla^2 g(0, 1)", at(hess_g, base), [r"\nabla^2 g(0, 1)", "H_g(0, 1)"],
                          id="hess g(0,1)"),
                 Quantity(r"\det \nabla^2 g(0, 1)", at(hess_g, base).det(),
                          [r"\det \nabla^2 g(0, 1)", r"\det H_g(0, 1)"], id="det hess g(0,1)",
                          formula=det2(H), depends={H: "hess g(0,1)"}),
                 Quantity("g_{xx}(0, 1)", hess_g[0, 0].subs(base), id="g_xx(0,1)", required=False),
                 # Two candidates for a claim about g(0.1, 1): the Taylor value first, so that a wrong
                 # Taylor sum is judged as one; a claim it does not fit is tried against the exact value.
                 Quantity("g(0.1, 1)", taylor_g, id="taylor g(0.1,1)", label="the second-order Taylor value",
                          required=False),
                 Quantity("g(0.1, 1)", g.subs({x: sp.Rational(1, 10), y: 1}), id="g(0.1,1)",
                          label="the exact value"),
                 Quantity("g_x(1, 0.5)", grad_g[0].subs({x: 1, y: sp.Rational(1, 2)}),
                          ["g_x(1, 0.5)", r"\frac{\partial g}{\partial x}(1, 0.5)"], id="g_x(1,0.5)"),
                 Quantity("g_y(1, 0.5)", grad_g[1].subs({x: 1, y: sp.Rational(1, 2)}),
                          ["g_y(1, 0.5)", r"\frac{\partial g}{\partial y}(1, 0.5)"], id="g_y(1,0.5)"),
             ]),
    ],
)
