"""The derivation helpers of problem files against hand-computed values; candidate resolution; credit."""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.keys.derive import (
    FeedForward,
    at,
    chain_rule,
    compose,
    composition_aliases,
    gradient,
    hessian,
    jacobian,
    partial_aliases,
)
from symcheck.keys.problem import CreditPolicy, Part, Problem, Quantity

x, y = sp.symbols("x y")
F = sp.ImmutableMatrix([x**2 + 2 * y, 3 * x + 4 * y**2])
G = sp.ImmutableMatrix([x, x**2])
M = sp.ImmutableMatrix

HELPERS = [
    ("gradient", lambda: gradient(x**2 * y, [x, y]), M([2 * x * y, x**2])),
    ("gradient-linear", lambda: gradient(2 * x + 3 * y, [x, y]), M([2, 3])),
    ("jacobian", lambda: jacobian(F, [x, y]), M([[2 * x, 2], [3, 8 * y]])),
    ("jacobian-at", lambda: at(jacobian(F, [x, y]), {x: 1, y: 2}), M([[2, 2], [3, 16]])),
    ("jacobian-of-curve", lambda: jacobian(G, [x]), M([1, 2 * x])),
    ("hessian-at", lambda: at(hessian(x**2 * y + sp.exp(x * y), [x, y]), {x: 0, y: 1}), M([[3, 1], [1, 0]])),
    ("hessian-quadratic-form", lambda: hessian(x**2 + 2 * x * y + 3 * y**2, [x, y]), M([[2, 2], [2, 6]])),
    ("compose", lambda: compose(F, [x, y], G), M([3 * x**2, 3 * x + 4 * x**4])),
    ("chain-rule", lambda: chain_rule(F, [x, y], G, [x]), M([6 * x, 16 * x**3 + 3])),
    ("chain-rule-at-2", lambda: at(chain_rule(F, [x, y], G, [x]), {x: 2}), M([12, 131])),
    ("at-decimal-is-exact", lambda: at(x**2, {x: 0.1}), sp.Rational(1, 100)),
]


@pytest.mark.parametrize(("name", "make", "expected"), HELPERS, ids=[h[0] for h in HELPERS])
def test_helper(name, make, expected):
    """Each calculus helper gives the hand-computed exact result."""
    value = make()
    assert sp.simplify(value - expected) == (sp.zeros(*expected.shape) if isinstance(expected, sp.MatrixBase) else 0)


@pytest.mark.parametrize(("aliases", "expected"), [
    (partial_aliases("f", [x, y], "x"), r"\frac{\partial f(x, y)}{\partial x}"),
    (partial_aliases("f", [x, y], "x"), "f_{x}"),
    (partial_aliases("g", [x, y], "x", order=2), "g_{xx}"),
    (composition_aliases("F", "G", "2"), r"D(F \circ G)(2)"),
    (composition_aliases("F", "G", "2"), r"D(F \cdot G_1)(2)"),
    (composition_aliases("F", "G", "x"), r"D(F \circ G)x"),
], ids=["partial-call", "partial-subscript", "second-partial", "composition", "dot-and-G1", "juxtaposed"])
def test_aliases(aliases, expected):
    """The naming helpers list the spellings students use."""
    assert expected in aliases


SEED_NET = FeedForward(W=[[0.01, 0.02, 0.03], [0.03, 0.01, 0.02], [0.02, 0.03, 0.01]], v=[0.01, 0.02, 0.03, 0.04],
                       samples=[((1, 2), 8), ((1, 3), 11), ((2, 2), 10)])
SEED_VALUES = {q.id: q.value for q in SEED_NET.forward() + SEED_NET.backprop() + SEED_NET.vector_form()
               + SEED_NET.gradient_vectors()}

# Hand-computed (the seed's truth file notes them): sample s, unit j, weight k (bias first).
NETWORK = [
    ("a[2,1,None]", 0.12, 1e-12), ("a[3,2,None]", 0.09, 1e-12),
    ("z[2,1,None]", 0.529964, 1e-6), ("z[1,1,None]", 0.522485, 1e-6),
    ("yhat[1,None,None]", 0.0567491, 1e-7), ("yhat[2,None,None]", 0.0571482, 1e-7),
    ("loss_vec[1,None,None]", 63.0952, 1e-4), ("loss_vec[2,None,None]", 119.746, 1e-3),
    ("dL/dyhat[1,None,None]", -15.8865, 1e-4),
    ("dL/dw[1,1,3]", -0.158544, 1e-6), ("dL/dw[2,2,2]", -0.163733, 1e-6),
    ("dL/dv[1,1,None]", -8.30046, 1e-5), ("dL/dv[3,0,None]", -19.8856, 1e-4),
    ("dz/dw[2,2,3]", 0.748128, 1e-6),
]


@pytest.mark.parametrize(("ident", "value", "tolerance"), NETWORK, ids=[n[0] for n in NETWORK])
def test_network_intermediates(ident, value, tolerance):
    """FeedForward names every intermediate of the seed's network with its exact value."""
    assert abs(float(SEED_VALUES[ident]) - value) <= tolerance


def test_network_names_follow_the_students():
    """Aliases: a_{sj}, z_{sj}, \\hat{y}_s, ∂L/∂w_{jk}, and templates added by the problem file."""
    net = FeedForward(W=[[0, 1]], v=[0, 1], samples=[((1,), 1)], aliases={"dL/dv": [r"\frac{{\partial L}}{{\partial v_{{1{j}}}}}"]})
    names = {a for q in net.forward() + net.backprop() for a in q.aliases}
    assert {"a_{11}", "z_{11}", r"\hat{y}_{1}", r"\frac{\partial L}{\partial w_{12}}",
            r"\frac{\partial L}{\partial v_{11}}"} <= names


def _per_sample_problem() -> Problem:
    quantities = [Quantity(f"L_{s}", value, aliases=["L"], id=f"L{s}", label=f"sample {s}",
                           context=(rf"sample {s}",)) for s, value in ((1, 5), (2, 7))]
    return Problem("per sample", parts=[Part("1", points=2, quantities=quantities)])


@pytest.mark.parametrize(("text", "status", "note"), [
    ("For sample 2:\n\n$$L = 3 + 4 = 7$$\n", {"L1": "missing", "L2": "correct"}, "sample 2"),
    ("$$L = 2 + 3 = 5$$\n", {"L1": "correct", "L2": "missing"}, "sample 1"),  # no text: the first that matches
    ("$$L = 3 + 4 = 7$$\n", {"L1": "missing", "L2": "correct"}, "sample 2"),
    ("For sample 2:\n\n$$L = 2 + 3 = 5$$\n", {"L1": "missing", "L2": "incorrect"}, "sample 2"),  # the text decides
], ids=["context-selects", "first-that-matches", "second-matches", "context-against-a-match"])
def test_candidate_resolution(text, status, note):
    """A name shared by several quantities is resolved by the text before it, else by the first that matches."""
    graded = grade_text(text, _per_sample_problem())
    items = {i.id: i for i in graded.parts[0].items}
    assert {k: v.status for k, v in items.items()} == status
    claimed = next(i for i in items.values() if i.status != "missing")
    assert note in claimed.note


@pytest.mark.parametrize(("rules", "score"), [({}, 0.0), ({"sign-flip": 0.5}, 1.0)], ids=["default", "half-for-sign"])
def test_credit_for_a_named_mistake(rules, score):
    """CreditPolicy.rules gives partial credit to an incorrect value explained by a named mistake."""
    problem = Problem("sign", parts=[Part("1", points=2, quantities=[Quantity("q", sp.Rational(-3), aliases=["q"])])],
                      credit=CreditPolicy(rules=rules))
    graded = grade_text("$$q = 3$$\n", problem)
    assert graded.parts[0].items[0].status == "incorrect"
    assert graded.score == score
