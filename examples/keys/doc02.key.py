"""Answer key (doc02): a 2-3-1 network, tanh hidden units, linear output, L = (y - yhat)^2.

h_j = tanh(a_j), a_j = w_{j0} + w_{j1} x_1 + w_{j2} x_2, yhat = v_0 + v_1 h_1 + v_2 h_2 + v_3 h_3.
w_1 = (0.1, 0.2, -0.1), w_2 = (-0.2, 0.1, 0.3), w_3 = (0.05, -0.1, 0.2), v = (0.2, 0.5, -0.4, 0.3).
Samples: x_1 = (1, 2), y_1 = 1; x_2 = (2, -1), y_2 = 0.
(a) forward pass + loss for both samples (b) all gradients for sample 1, dL/dv for sample 2
(c) matrix / vector form (for sample 1).
"""
from symcheck.derive import Network
from symcheck.problem import Part, Problem

net = Network(weights=[[[0.1, 0.2, -0.1], [-0.2, 0.1, 0.3], [0.05, -0.1, 0.2]], [0.2, 0.5, -0.4, 0.3]],
              bias="first", weight_base=0, activations=["tanh", "linear"], samples=[((1, 2), 1), ((2, -1), 0)],
              names={"W": ["w", "v"], "pre": ["a", None], "act": ["h", r"\hat{y}"], "delta": [r"\delta", None]})

PROBLEM = Problem(
    "A 2-3-1 tanh network: forward pass, loss and backpropagation",
    parts=[
        Part("a", points=6, prompt="Forward pass and loss for both samples.", quantities=[
            *net.select("pre", "act", "loss"), *net.select("total", required=False)]),
        Part("b", points=8, prompt="Backpropagation: every gradient for sample 1; dL/dv for sample 2.", quantities=[
            *net.select("dL/dact", "dL/dW", "dL/db", layers=[2]), *net.select("dL/dW", "dL/db", samples=[1])]),
        Part("c", points=4, prompt="Matrix / vector form for sample 1.", quantities=[
            *net.select("pre_vec", "act_vec", "delta_vec", "dL/dW_mat", samples=[1]),
            *net.select(required=False)]),
    ],
)
