"""Answer key (doc01): logistic regression, one sample, sigmoid + BCE with a bias; one gradient-descent step."""
import sympy as sp

from symcheck.derive import at, gradient
from symcheck.problem import Part, Problem, Quantity, Update

STATEMENT = r"""
Q1. Logistic regression with one training sample $x = (2, -1, 3)$, label $y = 0$.
Parameters $w = (0.2, -0.4, 0.15)$, bias $b = -0.5$, learning rate $\eta = 0.1$.
$p = \sigma(z)$, $z = w^T x + b$, $L = -[y\ln p + (1-y)\ln(1-p)]$.
"""
R = sp.Rational
x, y, w, b, eta = [2, -1, 3], 0, [R(2, 10), R(-4, 10), R(15, 100)], R(-1, 2), R(1, 10)


def sigma(t):
    return 1 / (1 + sp.exp(-t))


def bce(p):
    return -(y * sp.log(p) + (1 - y) * sp.log(1 - p))


Ws, Bs = sp.symbols("w1:4"), sp.Symbol("b")
params = {**dict(zip(Ws, w)), Bs: b}
loss_of = bce(sigma(sum(Wj * xj for Wj, xj in zip(Ws, x)) + Bs))
z = sum(wj * xj for wj, xj in zip(w, x)) + b
p = sigma(z)
grad_w = at(gradient(loss_of, Ws), params)
dL_db = at(sp.diff(loss_of, Bs), params)
w_new = [wj - eta * gj for wj, gj in zip(w, grad_w)]
b_new = b - eta * dL_db
z_new = sum(wj * xj for wj, xj in zip(w_new, x)) + b_new

# Symbols for the student's own earlier values (error carried forward).
Z, P, D, Bn, Pp = sp.symbols("Z P D Bn Pp")
G, V = sp.ImmutableMatrix(sp.symbols("G1:4")), sp.symbols("V1:4")


def dL_dw(j):
    names = [rf"\frac{{\partial L}}{{\partial w_{{{j}}}}}"]
    return Quantity(names[0], grad_w[j - 1], names, id=f"dL/dw{j}", formula=D * x[j - 1], depends={D: "dL/dz"})


PROBLEM = Problem(
    "Logistic regression with bias: forward pass, BCE gradient, one GD step; gradient of w^T x",
    given=STATEMENT,
    parts=[
        Part("a", points=3, prompt="Forward pass z = w^T x + b, p = sigma(z), and the loss L.", quantities=[
            Quantity("z", z, ["z", "w^T x + b", r"w^\top x + b"]),
            Quantity("p", p, ["p", r"\sigma(z)"], formula=sigma(Z), depends={Z: "z"}),
            Quantity("L", bce(p), ["L", "L(w, b)", "L(w)", r"\mathcal{L}"], formula=bce(P), depends={P: "p"}),
        ]),
        Part("b", points=6, prompt="grad_w L, dL/db, one gradient-descent step with eta = 0.1, the loss after it.",
             quantities=[
                 Quantity(r"\frac{\partial L}{\partial p}", sp.diff(bce(P), P).subs(P, p), id="dL/dp",
                          formula=sp.diff(bce(P), P), depends={P: "p"}),
                 Quantity(r"\frac{\partial p}{\partial z}", p * (1 - p), [r"\frac{\partial p}{\partial z}",
                                                                          r"\sigma'(z)"],
                          id="dp/dz", formula=P * (1 - P), depends={P: "p"}),
                 Quantity(r"\frac{\partial L}{\partial z}", p - y, id="dL/dz", formula=P - y, depends={P: "p"}),
                 *[dL_dw(j) for j in range(1, 4)],
                 Quantity(r"\frac{\partial L}{\partial b}", dL_db, [r"\frac{\partial L}{\partial b}",
                                                                    r"\partial L/\partial b"],
                          id="dL/db", formula=D, depends={D: "dL/dz"}),
                 Quantity(r"\nabla_w L", grad_w, [r"\nabla_w L", r"\nabla L", r"\frac{\partial L}{\partial w}"],
                          id="grad", formula=G, depends={Gj: f"dL/dw{j}" for j, Gj in enumerate(G, start=1)}),
                 *[Update(f"w_{j}", w_new[j - 1], id=f"w{j}'", formula=w[j - 1] - eta * G[j - 1],
                          depends={G[j - 1]: f"dL/dw{j}"}) for j in range(1, 4)],
                 Update("w", sp.ImmutableMatrix(w_new), id="w'", required=False,
                        formula=sp.ImmutableMatrix(w) - eta * G, depends={G: "grad"}),
                 Update("b", b_new, id="b'", formula=b - eta * D, depends={D: "dL/db"}),
                 Quantity("z'", z_new, formula=sum(Vj * xj for Vj, xj in zip(V, x)) + Bn,
                          depends={**{Vj: f"w{j}'" for j, Vj in enumerate(V, start=1)}, Bn: "b'"}),
                 Quantity("p'", sigma(z_new), ["p'", r"\sigma(z')"], formula=sigma(Z), depends={Z: "z'"}),
                 Quantity("L'", bce(sigma(z_new)), formula=bce(Pp), depends={Pp: "p'"}),
             ]),
        Part("c", points=1, prompt="The gradient of g(w) = w^T x.", quantities=[
            Quantity(r"\nabla_w g", sp.ImmutableMatrix(x), [r"\nabla_w g", r"\nabla g", r"\nabla_w g(w)",
                                                            r"\nabla g(w)", r"\nabla_w (w^T x)"], id="grad g"),
            Quantity("g(w)", z - b, ["g(w)"], required=False),
        ]),
    ],
)
