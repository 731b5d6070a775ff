"""Answer key (doc06): a 2-2-1 sigmoid network with L = 1/2 (yhat - y)^2, and the
Jacobian of F(x, y) = (x e^y, x^2 + sin y).

(1) z = sigma(Wx + b), W = [[0.4, -0.3], [0.2, 0.6]], b = (0.1, -0.2), yhat = u^T z + c, u = (0.7, -0.5),
    c = 0.05; x = (1, 2), y = 0.3. Forward pass, loss, dL/du, dL/dc, dL/dW, dL/db.
(2) J_F, J_F(2, 0.5) and det J_F(2, 0.5).
"""
import sympy as sp

from symcheck.derive import Network, at, jacobian
from symcheck.problem import Part, Problem, Quantity

net = Network(weights=[[[0.4, -0.3], [0.2, 0.6]], [0.7, -0.5]], biases=[[0.1, -0.2], 0.05],
              activations=["sigmoid", "linear"], loss="half-squared", samples=[((1, 2), 0.3)],
              names={"W": [["W", "w"], "u"], "b": ["b", "c"], "pre": ["a", None], "act": ["z", r"\hat{y}"],
                     "delta": [r"\delta", None]})

x, y = sp.symbols("x y")
JF = jacobian([x * sp.exp(y), x**2 + sp.sin(y)], [x, y])
JF_pt = at(JF, {x: 2, y: 0.5})
M = sp.ImmutableMatrix(2, 2, sp.symbols("M11 M12 M21 M22"))

PROBLEM = Problem(
    "A 2-2-1 sigmoid network with half squared loss; the Jacobian of (x e^y, x^2 + sin y)",
    parts=[
        Part("1", points=8, prompt="Forward pass, loss, dL/du, dL/dc, dL/dW, dL/db.", quantities=[
            *net.select("pre", "act", "loss", "dact/dpre", "delta", "dL/dW_mat", "dL/db_vec", layers=[1]),
            *net.select("act", "dL/dact", "dL/dW", "dL/db", layers=[2]),
            *net.select(required=False),
        ]),
        Part("2", points=3, prompt="F(x, y) = (x e^y, x^2 + sin y): J_F, J_F(2, 0.5), det J_F(2, 0.5).", quantities=[
            Quantity("J_F", JF, ["J_F", "J_F(x, y)", "DF", "DF(x, y)", "J"], id="J_F"),
            Quantity(r"\det J_F", sp.factor(JF.det()), [r"\det J_F", r"\det J_F(x, y)", r"\det DF"], id="det J_F",
                     label="as a function of (x, y)", required=False, formula=M.det(), depends={M: "J_F"}),
            Quantity("J_F(2, 0.5)", JF_pt, ["J_F(2, 0.5)", "DF(2, 0.5)", "J(2, 0.5)"], id="J_F(2,0.5)"),
            Quantity(r"\det J_F(2, 0.5)", JF_pt.det(), [r"\det J_F(2, 0.5)", r"\det DF(2, 0.5)", r"\det J_F",
                                                       r"\det(J_F(2, 0.5))"],
                     id="det J_F(2,0.5)", label="at (2, 0.5)", formula=M.det(), depends={M: "J_F(2,0.5)"}),
        ]),
    ],
)
