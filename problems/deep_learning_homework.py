"""Answer key for examples/deep_learning_homework.md.

The homework came without its question text; the problems are reconstructed from the
answer. 1b-1d: a network with 2 inputs plus a bias input x_{i0} = 1, 3 sigmoid hidden
units and one linear output, weights w_1, w_2, w_3 (rows of W, bias weight first) and
v (bias first), three samples, squared loss (y - ŷ)^2 per sample; the student
backpropagates the loss of sample s to the weights w_s of hidden unit s, and to v.
2a: the gradient of f(x, y) = 2x + 3y. 2b: DF(1, 2) for F(x, y) = (x^2 + 2y, 3x + 4y^2).
2c: D(F∘G)(2) for G(x) = (x, x^2), with and without the chain rule.
"""
import sympy as sp

from symcheck.derive import (FeedForward, at, chain_rule, compose, composition_aliases, gradient, jacobian,
                             partial_aliases)
from symcheck.problem import Part, Problem, Quantity, after

net = FeedForward(
    W=[[0.01, 0.02, 0.03], [0.03, 0.01, 0.02], [0.02, 0.03, 0.01]],
    v=[0.01, 0.02, 0.03, 0.04],
    samples=[((1, 2), 8), ((1, 3), 11), ((2, 2), 10)],
    activation="sigmoid",
    aliases={
        # the student names hidden unit j of the current sample z_j, and v_j as v_{1j}
        "dz/dw": [r"\frac{{\partial z_{{{j}}}}}{{\partial w_{{{j}{k}}}}}"],
        "dL/dv": [r"\frac{{\partial L}}{{\partial v_{{1{j}}}}}"],
        "loss_vec": [r"L_2 \text{{ loss}}", r"\text{{L2 Loss}}"],
    },
)


def own_unit(q: Quantity) -> bool:
    """The student backpropagates sample s's loss to the weights of hidden unit s only (and to all of v)."""
    s, j, _ = q.id.split("[")[1].rstrip("]").split(",")
    return not q.id.startswith(("dz/dw", "dL/dw")) or s == j


forward = net.forward()
backprop = [q for q in net.backprop() if own_unit(q)]
vectors = [q for q in net.gradient_vectors() if own_unit(q)]

x, y = sp.symbols("x y")
f = 2 * x + 3 * y
F = sp.ImmutableMatrix([x**2 + 2 * y, 3 * x + 4 * y**2])
G = sp.ImmutableMatrix([x, x**2])
DF = jacobian(F, [x, y])
chain = chain_rule(F, [x, y], G, [x])
direct = jacobian(compose(F, [x, y], G), [x])

PROBLEM = Problem(
    "Deep-learning homework: a small sigmoid network by hand; gradients and Jacobians",
    parts=[
        Part("1b", points=6, prompt="Forward pass and squared loss for the three samples.",
             quantities=forward + net.vector_form()[3::4]),
        Part("1c", points=6, prompt="Gradients by backpropagation.", quantities=backprop),
        Part("1d", points=4, prompt="The same in vector form.",
             quantities=[q for q in net.vector_form() if not q.id.startswith("loss_vec")] + vectors),
        Part("2a", points=2, prompt="The gradient of f(x, y) = 2x + 3y.", quantities=[
            Quantity(r"\frac{\partial f}{\partial x}", sp.diff(f, x), partial_aliases("f", [x, y], "x")),
            Quantity(r"\frac{\partial f}{\partial y}", sp.diff(f, y), partial_aliases("f", [x, y], "y")),
            Quantity(r"\nabla f", gradient(f, [x, y]), [r"\nabla f", r"\nabla f(x, y)"], required=False),
        ]),
        Part("2b", points=2, prompt="DF(1, 2) for F(x, y) = (x^2 + 2y, 3x + 4y^2).", quantities=[
            Quantity("DF(x, y)", DF, ["DF(x, y)", "D F(x,y)", "J_F(x, y)", "DF"], required=False),
            Quantity("DF(1, 2)", at(DF, {x: 1, y: 2}), ["DF(1, 2)", "D F(1, 2)", "J_F(1, 2)"]),
        ]),
        Part("2c", points=4, prompt="D(F∘G)(2) for G(x) = (x, x^2), with and without the chain rule.", quantities=[
            Quantity("DG(x)", jacobian(G, [x]), ["DG(x)", "D(G)(x)", "D(G(x))", "G'(x)"], required=False),
            Quantity("DF(G(x))", compose(DF, [x, y], G), ["DF(G(x))", "D F(G(x))"], required=False),
            Quantity(r"D(F \circ G)(x)", chain, composition_aliases("F", "G", "x"), required=False),
            Quantity(r"(F \circ G)(x)", compose(F, [x, y], G), composition_aliases("F", "G", "x", derivative=False),
                     required=False),
            Quantity(r"D(F \circ G)(2)", at(chain, {x: 2}), composition_aliases("F", "G", "2"),
                     id="D(FoG)(2) chain rule", label="with the chain rule",
                     context=(after("chain rule"),)),
            Quantity(r"D(F \circ G)(2)", at(direct, {x: 2}), composition_aliases("F", "G", "2"),
                     id="D(FoG)(2) direct", label="without the chain rule",
                     context=(after("without the chain rule"), after("without chain rule"), after("directly"))),
        ]),
    ],
)
