"""A problem with randomised variants: one gradient-descent step for a linear neuron.

ŷ = w x + b on one sample (x, y), squared loss L = (ŷ - y)^2, learning rate η: the forward pass, the
loss, the gradients ∂L/∂ŷ, ∂L/∂w, ∂L/∂b by the chain rule, and the updated w and b. Each student gets
their own w, b, x, y and η; a sample the neuron already fits (ŷ = y, a zero gradient) is never drawn.
"""
import sympy as sp

from symcheck.problem import Choice, IntRange, Part, Problem, Quantity, Variants

Y, E, G = sp.symbols("Y E G")  # the student's own ŷ, ∂L/∂ŷ and a gradient, for error carried forward

dL_dyhat = [r"\frac{\partial L}{\partial \hat{y}}", r"\frac{dL}{d\hat{y}}"]
dL_dw = [r"\frac{\partial L}{\partial w}", r"\frac{dL}{dw}"]
dL_db = [r"\frac{\partial L}{\partial b}", r"\frac{dL}{db}"]


def build(w, b, x, y, eta):
    yhat = w * x + b
    loss = (yhat - y) ** 2
    grad_yhat = 2 * (yhat - y)
    grad_w, grad_b = grad_yhat * x, grad_yhat
    return Problem("One gradient step for a linear neuron", parts=[
        Part("a", points=2, prompt="The forward pass and the loss.", quantities=[
            Quantity(r"\hat{y}", yhat, id="yhat"),
            Quantity("L", loss, id="L", formula=(Y - y) ** 2, depends={Y: "yhat"}),
        ]),
        Part("b", points=3, prompt="The gradients of the loss by the chain rule.", quantities=[
            Quantity(dL_dyhat[0], grad_yhat, dL_dyhat, id="dL/dyhat", formula=2 * (Y - y), depends={Y: "yhat"}),
            Quantity(dL_dw[0], grad_w, dL_dw, id="dL/dw", formula=E * x, depends={E: "dL/dyhat"}),
            Quantity(dL_db[0], grad_b, dL_db, id="dL/db", formula=E, depends={E: "dL/dyhat"}),
        ]),
        Part("c", points=2, prompt="The parameters after one step of gradient descent.", quantities=[
            Quantity("w'", w - eta * grad_w, ["w'", r"w_{\text{new}}", "w_{new}"], id="w'",
                     formula=w - eta * G, depends={G: "dL/dw"}),
            Quantity("b'", b - eta * grad_b, ["b'", r"b_{\text{new}}", "b_{new}"], id="b'",
                     formula=b - eta * G, depends={G: "dL/db"}),
        ]),
    ])


PROBLEM = Variants(
    build,
    params={"w": Choice([0.5, -0.5, 1.5, 2]), "b": Choice([0, 1, -1]), "x": IntRange(1, 3),
            "y": IntRange(-2, 2), "eta": Choice([0.1, 0.05])},
    where=lambda w, b, x, y, eta: w * x + b != y,
    statement=r"A linear neuron $\hat{y} = w x + b$ with $w = {{w}}$ and $b = {{b}}$ is trained on the sample "
              r"$x = {{x}}$, $y = {{y}}$ with the squared loss $L = (\hat{y} - y)^2$ and the learning rate "
              r"$\eta = {{eta}}$.",
)
