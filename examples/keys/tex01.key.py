"""Answer key (tex01): a 2-2-1 network, ReLU hidden layer, sigmoid output, binary
cross-entropy, one sample, one SGD step.

h = ReLU(z^(1)), z^(1) = W^(1) x + b^(1); yhat = sigma(z^(2)), z^(2) = W^(2) h + b^(2);
L = -[y ln yhat + (1 - y) ln(1 - yhat)]; x = (2, -1), y = 1, eta = 0.1,
W^(1) = [[0.5, -0.3], [-0.4, 0.6]], b^(1) = (0.1, 0.2), W^(2) = [0.7, -0.5], b^(2) = -0.2.
(a) forward pass and loss (b) all gradients, element by element and in matrix form (c) one SGD step.
"""
from symcheck.derive import Network
from symcheck.problem import Part, Problem

net = Network(weights=[[[0.5, -0.3], [-0.4, 0.6]], [[0.7, -0.5]]], biases=[[0.1, 0.2], -0.2],
              activations=["relu", "sigmoid"], loss="bce", samples=[((2, -1), 1)],
              names={"act": ["h", r"\hat{y}"]}, eta=0.1)

PROBLEM = Problem(
    "A 2-2-1 ReLU/sigmoid network with cross-entropy: forward pass, backpropagation, one SGD step",
    parts=[
        Part("a", points=4, prompt="Forward pass and loss.", quantities=[
            *net.select("pre", "act", layers=[2]), *net.select("pre_vec", "act_vec", "loss"),
            *net.select("pre", "act", required=False)]),
        Part("b", points=8, prompt="All gradients, element by element and in matrix form.", quantities=[
            *net.select("dL/dact", "dact/dpre", "delta", "dL/dW", "dL/db", "dL/dW_mat", layers=[2]),
            *net.select("dL/dact", "delta", "dL/dW", "dL/db", "delta_vec", "dL/dW_mat", "dL/db_vec"),
            *net.select("dact/dpre", "dact/dpre_vec", "dL/dact_vec", required=False)]),
        Part("c", points=3, prompt="One SGD step with eta = 0.1.", quantities=net.select("W_new", "b_new")),
    ],
)
