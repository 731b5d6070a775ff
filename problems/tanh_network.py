"""Answer key for examples/tanh_network_model.md and examples/tanh_network_flawed.md.

A 2-2-1 network: input x = (0.5, -1), hidden pre-activations a = Wx + b with
W = [[0.2, -0.1], [0.4, 0.3]] and b = (0.1, -0.2), hidden units h_j = tanh(a_j), a linear
output ŷ = v^T h with v = (1.5, -0.5) and no output bias, squared loss L = (ŷ - y)^2, y = 1.
(a) The forward pass. (b) Backpropagation to v, h, a, W and b.

The exact gradients are derived by differentiating the loss written as a function of the
quantity in question (of ŷ, of h, of a, of the parameters); `formula`/`depends` give each
backpropagation step in terms of the previous one, for error carried forward.
"""
import sympy as sp

from symcheck.derive import at, gradient
from symcheck.problem import Part, Problem, Quantity

R = sp.Rational
x = [R(1, 2), -1]
W = sp.ImmutableMatrix([[R(2, 10), R(-1, 10)], [R(4, 10), R(3, 10)]])
b = [R(1, 10), R(-2, 10)]
v = [R(3, 2), R(-1, 2)]
y = 1
UNITS = (1, 2)

# The loss as a function of ŷ, of h (and v), of a (and v), and of the parameters W, b and v.
Y = sp.Symbol("Y")
h_ = sp.symbols("h1 h2")
a_ = sp.symbols("a1 a2")
W_ = sp.ImmutableMatrix(2, 2, sp.symbols("W11 W12 W21 W22"))
b_ = sp.symbols("b1 b2")
v_ = sp.symbols("v1 v2")
loss_of_yhat = (Y - y) ** 2
loss_of_h = loss_of_yhat.subs(Y, v_[0] * h_[0] + v_[1] * h_[1])
loss_of_a = loss_of_h.subs({h_[j]: sp.tanh(a_[j]) for j in range(2)})
loss_of_params = loss_of_a.subs({a_[j]: W_[j, 0] * x[0] + W_[j, 1] * x[1] + b_[j] for j in range(2)})
params = {**{W_[j, k]: W[j, k] for j in range(2) for k in range(2)}, **dict(zip(b_, b)), **dict(zip(v_, v))}

# Exact values.
a = [W[j, 0] * x[0] + W[j, 1] * x[1] + b[j] for j in range(2)]
h = [sp.tanh(aj) for aj in a]
yhat = v[0] * h[0] + v[1] * h[1]
dL_dyhat = sp.diff(loss_of_yhat, Y).subs(Y, yhat)
dL_dv = at(gradient(loss_of_params, v_), params)
dL_dh = at(gradient(loss_of_h, h_), {**dict(zip(h_, h)), **dict(zip(v_, v))})
dL_da = at(gradient(loss_of_a, a_), {**dict(zip(a_, a)), **dict(zip(v_, v))})
dL_dW = at(sp.ImmutableMatrix(2, 2, lambda j, k: sp.diff(loss_of_params, W_[j, k])), params)
dL_db = at(gradient(loss_of_params, b_), params)

# Symbols standing for the student's own earlier values, for error carried forward.
A, H, G, E, S, D = sp.symbols("A H G E S D")
Hs = sp.symbols("H1 H2")
Ds = sp.symbols("D1 D2")


def unit_quantities(j):
    """a_j, h_j and the backpropagation through hidden unit j."""
    return {
        "a": Quantity(f"a_{j}", a[j - 1], [f"a_{j}", f"a_{{{j}}}"], id=f"a{j}"),
        "h": Quantity(f"h_{j}", h[j - 1], [f"h_{j}", f"h_{{{j}}}"], id=f"h{j}",
                      formula=sp.tanh(A), depends={A: f"a{j}"}),
        "dL/dv": Quantity(rf"\frac{{\partial L}}{{\partial v_{j}}}", dL_dv[j - 1], id=f"dL/dv{j}",
                          formula=G * H, depends={G: "dL/dyhat", H: f"h{j}"}),
        "dL/dh": Quantity(rf"\frac{{\partial L}}{{\partial h_{j}}}", dL_dh[j - 1], id=f"dL/dh{j}",
                          formula=G * v[j - 1], depends={G: "dL/dyhat"}),
        "tanh'": Quantity(f"1 - h_{j}^2", 1 - h[j - 1] ** 2, [f"1 - h_{j}^2", rf"1 - \tanh^2(a_{j})"],
                          id=f"tanh'(a{j})", formula=1 - H**2, depends={H: f"h{j}"}),
        "dL/da": Quantity(rf"\frac{{\partial L}}{{\partial a_{j}}}", dL_da[j - 1], id=f"dL/da{j}",
                          formula=E * S, depends={E: f"dL/dh{j}", S: f"tanh'(a{j})"}),
    }


def weight_gradient(j, k):
    names = [rf"\frac{{\partial L}}{{\partial W_{{{j}{k}}}}}", rf"\frac{{\partial L}}{{\partial w_{{{j}{k}}}}}"]
    return Quantity(names[0], dL_dW[j - 1, k - 1], names, id=f"dL/dW{j}{k}", required=False,
                    formula=D * x[k - 1], depends={D: f"dL/da{j}"})


units = {j: unit_quantities(j) for j in UNITS}


def of_units(kind):
    return [units[j][kind] for j in UNITS]


PROBLEM = Problem(
    "Backpropagation through a 2-2-1 tanh network",
    parts=[
        Part("a", points=4, prompt="Forward pass: a = Wx + b, h = tanh(a), ŷ = v^T h, L = (ŷ - y)^2.",
             quantities=[
                 *of_units("a"),
                 Quantity("a", sp.ImmutableMatrix(a), ["a", "Wx + b"], id="a", required=False),
                 *of_units("h"),
                 Quantity(r"\hat{y}", yhat, [r"\hat{y}", "v^T h"], id="yhat",
                          formula=v[0] * Hs[0] + v[1] * Hs[1], depends={Hs[0]: "h1", Hs[1]: "h2"}),
                 Quantity("L", loss_of_yhat.subs(Y, yhat), id="L", formula=loss_of_yhat, depends={Y: "yhat"}),
             ]),
        Part("b", points=8, prompt="Backpropagation: ∂L/∂ŷ, ∂L/∂v, ∂L/∂h, ∂L/∂a, ∂L/∂W and ∂L/∂b.",
             quantities=[
                 Quantity(r"\frac{\partial L}{\partial \hat{y}}", dL_dyhat, id="dL/dyhat",
                          formula=sp.diff(loss_of_yhat, Y), depends={Y: "yhat"}),
                 *of_units("dL/dv"),
                 *of_units("dL/dh"),
                 *of_units("tanh'"),
                 *of_units("dL/da"),
                 *[weight_gradient(j, k) for j in UNITS for k in (1, 2)],
                 Quantity(r"\frac{\partial L}{\partial W}", dL_dW, [r"\frac{\partial L}{\partial W}"],
                          id="dL/dW", formula=sp.ImmutableMatrix(2, 2, lambda j, k: Ds[j] * x[k]),
                          depends={Ds[0]: "dL/da1", Ds[1]: "dL/da2"}),
                 Quantity(r"\frac{\partial L}{\partial b}", dL_db, [r"\frac{\partial L}{\partial b}"],
                          id="dL/db", formula=sp.ImmutableMatrix(Ds), depends={Ds[0]: "dL/da1", Ds[1]: "dL/da2"}),
             ]),
    ],
)
