"""The network builder (symcheck.keys.network): its values against independent SymPy computations (the
loss differentiated in each parameter), its names, its formulas for error carried forward, its refusals,
and the three dev-corpus keys rewritten with it graded against their documents."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy as sp

from symcheck.core.errors import DerivationError
from symcheck.core.limits import Limits
from symcheck.grade.grader import grade_file
from symcheck.keys.network import Network
from symcheck.keys.problem import load_problem
from tests.test_examples import caught_musts, false_alarms

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-corpus"
R = sp.Rational


def doc02() -> Network:
    return Network(weights=[[[0.1, 0.2, -0.1], [-0.2, 0.1, 0.3], [0.05, -0.1, 0.2]], [0.2, 0.5, -0.4, 0.3]],
                   bias="first", weight_base=0, activations=["tanh", "linear"], samples=[((1, 2), 1), ((2, -1), 0)],
                   names={"W": ["w", "v"], "pre": ["a", None], "act": ["h", r"\hat{y}"]}, eta=0.1)


def doc06() -> Network:
    return Network(weights=[[[0.4, -0.3], [0.2, 0.6]], [0.7, -0.5]], biases=[[0.1, -0.2], 0.05],
                   activations=["sigmoid", "linear"], loss="half-squared", samples=[((1, 2), 0.3)],
                   names={"W": ["W", "u"], "b": ["b", "c"], "pre": ["a", None], "act": ["z", r"\hat{y}"]})


def tex01() -> Network:
    return Network(weights=[[[0.5, -0.3], [-0.4, 0.6]], [[0.7, -0.5]]], biases=[[0.1, 0.2], -0.2],
                   activations=["relu", "sigmoid"], loss="bce", samples=[((2, -1), 1)],
                   names={"act": ["h", r"\hat{y}"]}, eta=0.1)


def softmax3() -> Network:
    """Three layers, bias last, 0-based, a softmax output with categorical cross-entropy."""
    return Network(weights=[[[0.2, -0.1, 0.1], [0.3, 0.4, -0.2]], [[0.5, -0.6, 0.0], [0.1, 0.2, 0.3]],
                            [[1.0, -1.0, 0.5], [-0.5, 0.5, 0.0]]],
                   bias="last", base=0, activations=["relu", "linear", "softmax"], loss="cce",
                   samples=[((1, -2), (0, 1))], eta=0.5, momentum=0.9)


def relu_squared() -> Network:
    return Network(weights=[[[1, -1], [2, 1]], [[1, 1]]], biases=[[0.5, -3.5], 0], activations=["relu", "linear"],
                   loss="squared", samples=[((1, 1), 2), ((2, 0), 1)], eta=0.01)


def logistic() -> Network:
    """One layer: logistic regression with w = (0.5, -0.3), b = 0.1 and a batch of two, one step of 0.5."""
    return Network(weights=[[0.5, -0.3]], biases=[0.1], activations="sigmoid", loss="bce",
                   samples=[((1, 2), 1), ((-1, 0.5), 0)], names={"W": ["w"]}, eta=0.5, reduction="mean")


NETWORKS = {"logistic": logistic, "doc02": doc02, "doc06": doc06, "tex01": tex01, "softmax3": softmax3, "relu_squared": relu_squared}


def independent_loss(net: Network, s: int) -> tuple[sp.Expr, dict, list, list]:
    """The loss of sample s as a function of fresh parameter symbols, built straight from the arguments."""
    acts = {"sigmoid": lambda t: 1 / (1 + sp.exp(-t)), "tanh": sp.tanh, "relu": lambda t: sp.Max(0, t),
            "linear": lambda t: t}
    values: dict = {}
    Ws, bs = [], []
    a = list(net.x[s - 1])
    for ell, (w, b) in enumerate(zip(net.W, net.b), start=1):
        W = sp.Matrix([[sp.Symbol(f"W{ell}_{i}{j}") for j in range(w.shape[1])] for i in range(w.shape[0])])
        B = [sp.Symbol(f"b{ell}_{i}") for i in range(w.shape[0])]
        values.update({W[i, j]: w[i, j] for i in range(w.shape[0]) for j in range(w.shape[1])})
        values.update(dict(zip(B, b)))
        Ws.append(W)
        bs.append(B)
        z = [sum(W[i, j] * a[j] for j in range(w.shape[1])) + B[i] for i in range(w.shape[0])]
        if net.act_of[ell - 1] == "softmax":
            a = [sp.exp(t) / sum(sp.exp(u) for u in z) for t in z]
        else:
            a = [acts[net.act_of[ell - 1]](t) for t in z]
    y = net.y[s - 1]
    loss = {"squared": sum((yk - p) ** 2 for yk, p in zip(y, a)),
            "half-squared": sum((p - yk) ** 2 for yk, p in zip(y, a)) / 2,
            "bce": -sum(yk * sp.log(p) + (1 - yk) * sp.log(1 - p) for yk, p in zip(y, a)),
            "cce": -sum(yk * sp.log(p) for yk, p in zip(y, a))}[net.loss]
    return loss, values, Ws, bs


def close(a: object, b: object) -> bool:
    return abs(complex(sp.N(sp.sympify(a))) - complex(sp.N(sp.sympify(b)))) < 1e-9


@pytest.mark.parametrize("name", NETWORKS)
def test_every_weight_gradient_is_the_derivative_of_the_loss(name: str) -> None:
    net = NETWORKS[name]()
    for s in range(1, len(net.samples) + 1):
        loss, values, Ws, bs = independent_loss(net, s)
        assert close(net.value("loss", sample=s), loss.subs(values))
        for ell, (W, B) in enumerate(zip(Ws, bs), start=1):
            for i in range(W.shape[0]):
                assert close(net.value("dL/db", ell, i, sample=s), sp.diff(loss, B[i]).subs(values))
                for j in range(W.shape[1]):
                    assert close(net.value("dL/dW", ell, i, j, sample=s), sp.diff(loss, W[i, j]).subs(values))


# (network, kind, layer, index, sample, value from the dev corpus's NAME.values.py or by hand)
VALUES = [
    ("doc02", "pre", 1, (2,), 2, -0.35), ("doc02", "act", 2, (0,), 1, 0.165900), ("doc02", "loss", None, (), 2, 0.234389),
    ("doc02", "total", None, (), None, 0.930112), ("doc02", "dL/dW", 1, (0, 0), 1, -0.825814),
    ("doc02", "dL/db", 1, (1,), 2, -0.354441), ("doc02", "dL/dW", 2, (0, 1), 2, -0.282071),
    ("doc06", "act", 1, (1,), 1, 0.768525), ("doc06", "loss", None, (), 1, 0.045526),
    ("doc06", "delta", 1, (0,), 1, -0.052674), ("doc06", "dact/dpre", 1, (1,), 1, 0.177894),
    ("tex01", "act", 2, (0,), 1, 0.685680), ("tex01", "delta", 2, (0,), 1, -0.314320),
    ("tex01", "dL/dact", 1, (1,), 1, 0.157160), ("tex01", "b_new", 2, (), None, -0.168568),
    ("tex01", "W_new_el", 1, (0, 1), None, -0.322002), ("tex01", "b_new_el", 1, (0, 0), None, 0.122002),
    ("tex01", "dact/dpre", 1, (1,), 1, 0),
    ("relu_squared", "act", 1, (1,), 2, 0.5), ("relu_squared", "total", None, (), None, 6.25),
]


@pytest.mark.parametrize("name, kind, layer, index, sample, expected", VALUES)
def test_values(name: str, kind: str, layer: int | None, index: tuple, sample: int | None, expected: float) -> None:
    assert abs(float(NETWORKS[name]().value(kind, layer, *index, sample=sample)) - expected) < 5e-6


MATRICES = [
    ("tex01", "dL/dW_mat", 1, [[-0.440048, 0.220024], [0, 0]]),
    ("tex01", "W_new", 1, [[0.544005, -0.322002], [-0.4, 0.6]]),
    ("tex01", "b_new", 1, [[0.122002], [0.2]]),
    ("doc02", "dL/dW_mat", 2, [[-1.668200], [-0.166266], [-0.770904], [-0.561142]]),
    ("doc02", "dL/dW_mat", 1, [[-0.825814, -0.825814, -1.651629], [0.524781, 0.524781, 1.049562],
                               [-0.443834, -0.443834, -0.887668]]),
    ("doc06", "dL/dW_mat", 2, [[-0.143336], [-0.231901]]),
]


@pytest.mark.parametrize("name, kind, layer, expected", MATRICES)
def test_matrix_forms_are_laid_out_as_the_weights_were_given(name: str, kind: str, layer: int,
                                                              expected: list) -> None:
    value = sp.Matrix(NETWORKS[name]().value(kind, layer, sample=1 if kind.startswith("dL") else None))
    assert value.shape == sp.Matrix(expected).shape
    assert all(abs(float(v) - e) < 5e-6 for v, e in zip(value, sp.Matrix(expected)))


@pytest.mark.parametrize("reduction, scale", [("sum", 1), ("mean", R(1, 2))])
def test_a_batch_step_uses_the_summed_or_mean_gradient(reduction: str, scale: sp.Rational) -> None:
    net = Network(weights=[[[1, -1], [2, 1]], [[1, 1]]], biases=[[0.5, -3.5], 0], activations=["relu", "linear"],
                  samples=[((1, 1), 2), ((2, 0), 1)], eta=0.01, reduction=reduction)
    gradient = sp.Matrix(net.value("dL/dW_mat", 1, sample=1)) + sp.Matrix(net.value("dL/dW_mat", 1, sample=2))
    assert sp.Matrix(net.value("W_new", 1, sample=None)) == net._given(1) - R(1, 100) * scale * gradient
    assert net.value("total", sample=None) == scale * R(25, 4)
    assert (r"\frac{1}{2}(L_{1} + L_{2})" in net.quantity("total", sample=None).aliases) == (reduction == "mean")


def test_a_momentum_step_is_beta_v_plus_the_gradient_then_a_step_of_eta() -> None:
    net = softmax3()
    gradient = sp.Matrix(net.value("dL/dW_mat", 3))
    assert sp.Matrix(net.value("velocity", 3, sample=None)) == gradient  # the velocity starts at zero
    assert sp.Matrix(net.value("W_new", 3, sample=None)) == net._given(3) - R(1, 2) * gradient


# (network, kind, layer, index, sample, an alias it must have)
NAMES = [
    ("doc02", "pre", 1, (0,), 1, "a_{11}"), ("doc02", "act", 1, (2,), 2, "h_{23}"),
    ("doc02", "dL/dW", 1, (0, 0), 1, r"\frac{\partial L}{\partial w_{11}}"),
    ("doc02", "dL/db", 1, (1,), 1, r"\frac{\partial L}{\partial w_{20}}"),
    ("doc02", "dL/db", 2, (0,), 2, r"\frac{\partial L}{\partial v_{0}}"),
    ("doc02", "dL/dact", 2, (0,), 2, r"\frac{\partial L}{\partial \hat{y}_{2}}"), ("doc02", "loss", None, (), 1, "L_{1}"),
    ("doc06", "act", 2, (0,), 1, "u^T z + c"), ("doc06", "dL/dW", 2, (0, 1), 1, r"\frac{\partial L}{\partial u_{2}}"),
    ("doc06", "dact/dpre", 1, (0,), 1, r"\sigma'(a_{1})"), ("doc06", "dL/db", 2, (0,), 1, r"\frac{\partial L}{\partial c}"),
    ("doc06", "act_vec", 1, (), 1, r"\sigma(Wx + b)"),
    ("tex01", "pre", 1, (1,), 1, "z_{2}^{(1)}"), ("tex01", "delta_vec", 1, (), 1, r"\delta^{(1)}"),
    ("tex01", "dL/dW_mat", 1, (), 1, r"\nabla_{W^{(1)}} L"), ("tex01", "W_new", 1, (), None, r"W^{(1)}_{new}"),
    ("tex01", "dact/dpre_vec", 1, (), 1, r"\operatorname{ReLU}'(z^{(1)})"),
    ("softmax3", "dL/dW", 1, (1, 0), 1, r"\frac{\partial L}{\partial W^{(1)}_{10}}"),
    ("softmax3", "dL/db", 1, (1,), 1, r"\frac{\partial L}{\partial W^{(1)}_{12}}"),
    ("softmax3", "velocity", 2, (), None, "v^{(2)}_{new}"),
    ("logistic", "dL/dW", 1, (0, 1), 2, r"\frac{\partial L_{2}}{\partial w_{2}}"), ("logistic", "pre", 1, (0,), 1, "z_{1}"),
    ("logistic", "W_new", 1, (), None, "w'"), ("logistic", "b_new", 1, (), None, "b_{new}"),
    ("tex01", "W_new_el", 1, (0, 1), None, "W^{(1)}_{12,new}"), ("tex01", "b_new_el", 1, (1, 0), None, "b^{(1)}_{2}'"),
    ("doc02", "W_new_el", 1, (1, 0), None, "w_{20}'"), ("doc02", "W_new_el", 2, (3, 0), None, "v_{3}^{new}"),
]


@pytest.mark.parametrize("name, kind, layer, index, sample, alias", NAMES)
def test_names_follow_the_problem(name: str, kind: str, layer: int | None, index: tuple, sample: int | None,
                                  alias: str) -> None:
    assert alias in NETWORKS[name]().quantity(kind, layer, *index, sample=sample).aliases


def test_the_input_name_is_used_in_the_product_form() -> None:
    net = Network(weights=[[[1, 2], [3, 4]]], biases=[[0, 1]], samples=[((1, 1), (0, 1))], names={"x": r"\tilde{x}"})
    assert r"W\tilde{x} + b" in net.quantity("pre_vec", 1).aliases  # one layer: no layer index


@pytest.mark.parametrize("kind, layer, index, parameter", [
    ("W_new", 1, (), "W^{(1)}"), ("b_new", 2, (), "b^{(2)}"), ("W_new_el", 1, (1, 0), "W^{(1)}_{21}")])
def test_a_step_gives_updates_of_the_named_parameter(kind: str, layer: int, index: tuple, parameter: str) -> None:
    """An update is also named by its parameter after an assignment arrow (`W^{(1)} \\leftarrow …`)."""
    q = tex01().quantity(kind, layer, *index, sample=None)
    assert (q.kind, q.updates) == ("update", parameter)


def test_template_names_and_a_single_sample_without_index() -> None:
    net = Network(weights=[[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]], biases=[[0.35, 0.35], [0.6, 0.6]],
                  loss="half-squared", samples=[((0.05, 0.1), (0.01, 0.99))],
                  names={"pre": ["net_{h{i}}", "net_{o{i}}"], "act": ["out_{h{i}}", "out_{o{i}}"]})
    assert net.quantity("act", 2, 0).aliases[0] == "out_{o1}"
    assert abs(float(net.value("loss")) - 0.298371) < 5e-6  # Mazur's worked example
    assert r"\frac{\partial L}{\partial out_{o1}}" in net.quantity("dL/dact", 2, 0).aliases


@pytest.mark.parametrize("name", NETWORKS)
def test_every_formula_gives_the_value_from_the_values_it_depends_on(name: str) -> None:
    """A formula over the key's own values is the key's value: the carried-forward recomputation is right."""
    net = NETWORKS[name]()
    for q in net.select():
        if q.formula is None:
            continue
        mapping: dict = {}
        for symbol, dep in q.depends.items():
            value = net.nodes[dep].value
            if isinstance(symbol, sp.MatrixBase):
                mapping.update(zip(symbol, sp.Matrix(value)))
            else:
                mapping[symbol] = value
        got = q.formula.xreplace(mapping)
        pairs = zip(sp.Matrix(got), sp.Matrix(q.value)) if isinstance(got, sp.MatrixBase) else [(got, q.value)]
        assert all(close(a, b) for a, b in pairs), q.id


ONE = {"weights": [[[1, 2]]], "biases": [[0]], "samples": [((1, 1), 0)]}  # one unit, two inputs
REFUSED = [
    ({**ONE, "biases": None}, "give biases"),
    ({**ONE, "loss": "hinge"}, "loss must be one of"),
    ({**ONE, "activations": "swish"}, "activations must be"),
    ({**ONE, "biases": [[0, 1]]}, "1 unit(s) but 2 bias(es)"),
    ({**ONE, "weights": [[[1, 2]], [[1, 2]]], "biases": [[0], [0]]}, "take 2 input(s)"),
    ({**ONE, "samples": [((1, 1, 1), 0)]}, "3 input(s)"),
    ({**ONE, "names": {"act": "h"}}, "one entry per layer"),
    ({**ONE, "bias": "middle"}, "bias must be"),
    ({**ONE, "samples": []}, "no samples"),
    ({**ONE, "reduction": "max"}, "reduction must be"),
]


@pytest.mark.parametrize("arguments, message", REFUSED)
def test_arguments_that_do_not_fit_are_refused(arguments: dict, message: str) -> None:
    with pytest.raises(DerivationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Network(**arguments)


def test_select_hands_out_each_node_once_and_brings_its_dependencies() -> None:
    net = tex01()
    first = net.select("W_new", layers=[2])
    assert [q.id for q in first if q.required] == ["W_new2"]
    assert "dL/dW_mat2" in [q.id for q in first if not q.required]
    assert "W_new2" not in [q.id for q in net.select()]
    with pytest.raises(DerivationError, match="unknown kind"):
        net.select("gradient")


# -- the rewritten dev-corpus keys, graded -------------------------------------------------------------------
# (document, mistakes caught, score / max score at least)
KEYS = [("doc02.md", 6, 14.9 / 18), ("doc06.md", 0, 1.0), ("tex01.tex", 5, 12.25 / 15)]


@pytest.mark.skipif(not DEV.is_dir(), reason="no ../shared/dev-corpus beside the repository")
@pytest.mark.parametrize("document, caught, fraction", KEYS)
def test_rewritten_keys_grade_their_documents(document: str, caught: int, fraction: float) -> None:
    path = DEV / document
    key = ROOT / "examples" / "keys" / f"{path.stem}.key.py"
    items = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))["items"]
    report = grade_file(path, load_problem(key), limits=Limits(step_timeout=30.0, file_timeout=600.0))
    lines = [f.line for f in report.findings if f.severity == "error"]
    assert false_alarms(lines, items) == []
    assert len(caught_musts(lines, items)) == caught == sum(1 for i in items if i["label"] == "must")
    assert report.score >= fraction * report.max_score - 1e-9


@pytest.mark.parametrize("name", ["doc02", "doc06", "tex01"])
def test_rewritten_keys_are_shorter_and_say_no_workaround(name: str) -> None:
    text = (ROOT / "examples" / "keys" / f"{name}.key.py").read_text(encoding="utf-8")
    assert not any(word in text.lower() for word in ("workaround", "does not fit", "by hand", "regenerated"))
    if DEV.is_dir():
        assert len(text.splitlines()) < len((DEV / f"{name}.key.py").read_text(encoding="utf-8").splitlines())
