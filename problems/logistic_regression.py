"""Answer key for examples/logistic_regression_model.md and examples/logistic_regression_flawed.md.

Logistic regression on one training sample, bias input first: x = (1, 1, 2, -1), weights
w = (0.1, -0.2, 0.3, 0.05), label y = 1, learning rate eta = 0.5.
(a) Forward pass: z = w^T x, ŷ = σ(z), binary cross-entropy L = -[y log ŷ + (1 - y) log(1 - ŷ)].
(b) Gradient: ∂L/∂ŷ, ∂ŷ/∂z = ŷ(1 - ŷ), ∂L/∂z = ŷ - y, ∂L/∂w_j = (ŷ - y) x_j and ∇_w L.
(c) One gradient-descent step w' = w - eta ∇_w L.
(d) The loss after the step: z', ŷ', L'.

Every value is derived from the loss as a function of the weights; `formula`/`depends` say how
each step follows from the previous ones, so a value computed correctly from a student's own
earlier (wrong) value is credited as error carried forward.
"""
import sympy as sp

from symcheck.derive import at, gradient
from symcheck.problem import Part, Problem, Quantity

x = [1, 1, 2, -1]
w = [sp.Rational(1, 10), sp.Rational(-1, 5), sp.Rational(3, 10), sp.Rational(1, 20)]
y = 1
eta = sp.Rational(1, 2)
N = len(x)


def sigma(t):
    return 1 / (1 + sp.exp(-t))


def bce(p):
    """Binary cross-entropy of the prediction p for the label y (natural log)."""
    return -(y * sp.log(p) + (1 - y) * sp.log(1 - p))


# The loss as a function of the weights, and its exact values at w.
W = sp.symbols(f"w0:{N}")
z_of = sum(Wj * xj for Wj, xj in zip(W, x))
weights = dict(zip(W, w))
z = at(z_of, weights)
yhat = sigma(z)
loss = bce(yhat)
grad = at(gradient(bce(sigma(z_of)), W), weights)
w_new = sp.ImmutableMatrix(w) - eta * grad
z_new = sum(wj * xj for wj, xj in zip(w_new, x))
yhat_new = sigma(z_new)
loss_new = bce(yhat_new)

# Symbols standing for the student's own earlier values in the formulas.
Z, Y, D = sp.symbols("Z Y D")  # z (or z'), ŷ (or ŷ'), ∂L/∂z
G = sp.ImmutableMatrix(sp.symbols(f"G0:{N}"))  # ∂L/∂w_j
V = sp.symbols(f"V0:{N}")  # w_j'


def dL_dw(j):
    """∂L/∂w_j = ∂L/∂z · x_j."""
    return Quantity(rf"\frac{{\partial L}}{{\partial w_{{{j}}}}}", grad[j],
                    [rf"\frac{{\partial L}}{{\partial w_{{{j}}}}}", rf"\frac{{\partial L(w)}}{{\partial w_{{{j}}}}}"],
                    id=f"dL/dw{j}", formula=D * x[j], depends={D: "dL/dz"})


def updated(j):
    """w_j' = w_j - η ∂L/∂w_j."""
    return Quantity(rf"w_{{{j}}}'", w_new[j], [rf"w_{{{j}}}'", rf"w_{{{j}}}^{{new}}", rf"w_{{{j}}}^{{(1)}}"],
                    id=f"w{j}'", formula=w[j] - eta * G[j], depends={G[j]: f"dL/dw{j}"})


PROBLEM = Problem(
    "Logistic regression: forward pass, cross-entropy gradient and one gradient-descent step",
    parts=[
        Part("a", points=3, prompt="Forward pass: z = w^T x, ŷ = σ(z) and the binary cross-entropy loss L.",
             quantities=[
                 Quantity("z", z, ["z", "w^T x", r"w^\top x"], id="z"),
                 Quantity(r"\hat{y}", yhat, id="yhat", formula=sigma(Z), depends={Z: "z"}),
                 Quantity("L", loss, ["L", r"L(w)", r"\mathcal{L}"], id="L", formula=bce(Y), depends={Y: "yhat"}),
             ]),
        Part("b", points=4, prompt="The gradient of L with respect to the weights, by the chain rule.",
             quantities=[
                 Quantity(r"\frac{\partial L}{\partial \hat{y}}", sp.diff(bce(Y), Y).subs(Y, yhat), id="dL/dyhat",
                          formula=sp.diff(bce(Y), Y), depends={Y: "yhat"}),
                 Quantity(r"\frac{\partial \hat{y}}{\partial z}", sp.diff(sigma(Z), Z).subs(Z, z),
                          [r"\frac{\partial \hat{y}}{\partial z}", r"\sigma'(z)"], id="dyhat/dz",
                          formula=Y * (1 - Y), depends={Y: "yhat"}),
                 Quantity(r"\frac{\partial L}{\partial z}", sp.diff(bce(sigma(Z)), Z).subs(Z, z), id="dL/dz",
                          formula=Y - y, depends={Y: "yhat"}),
                 *[dL_dw(j) for j in range(N)],
                 Quantity(r"\nabla_w L", grad, [r"\nabla_w L", r"\nabla L", r"\frac{\partial L}{\partial w}"],
                          id="grad", formula=G, depends={Gj: f"dL/dw{j}" for j, Gj in enumerate(G)}),
             ]),
        Part("c", points=2, prompt="One gradient-descent step w' = w - η ∇_w L with η = 0.5.",
             quantities=[
                 *[updated(j) for j in range(N)],
                 Quantity("w'", w_new, ["w'", r"w^{new}", r"w^{(1)}"], required=False,
                          formula=sp.ImmutableMatrix(w) - eta * G, depends={G: "grad"}),
             ]),
        Part("d", points=1, prompt="The loss after the step: z', ŷ' and L'.",
             quantities=[
                 Quantity("z'", z_new, id="z'", formula=sum(Vj * xj for Vj, xj in zip(V, x)),
                          depends={Vj: f"w{j}'" for j, Vj in enumerate(V)}),
                 Quantity(r"\hat{y}'", yhat_new, id="yhat'", formula=sigma(Z), depends={Z: "z'"}),
                 Quantity("L'", loss_new, id="L'", formula=bce(Y), depends={Y: "yhat'"}),
             ]),
    ],
)
