r"""A network builder for answer keys: every intermediate, gradient and update of a small network, named as
the problem names it.

`Network` takes the weights as the problem states them (any number of layers; the bias in a separate `b` or
as the first or last column of the weights; units and weights indexed from 0 or 1), an activation per
layer, a loss, and one sample or a batch. It computes every value exactly and hands out `Quantity` objects
by kind with `select`: each with aliases in the problem's notation, a label and context per sample, and a
formula over the earlier quantities so that a value computed from a student's own wrong values is
recognised as error carried forward.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sympy as sp

from symcheck.core.errors import DerivationError
from symcheck.keys.contexts import for_sample
from symcheck.keys.problem import Quantity

_Z = sp.Symbol("z")
ACTIVATION_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sigmoid": lambda t: 1 / (1 + sp.exp(-t)),
    "tanh": sp.tanh,
    "relu": lambda t: sp.Max(0, t),
    "linear": lambda t: t,
}
# How students write f(t) and f'(t) for each activation ({} is the argument).
_WRITTEN = {
    "sigmoid": [r"\sigma({})"], "tanh": [r"\tanh({})", r"\tanh {}"],
    "relu": [r"\operatorname{{ReLU}}({})", r"\mathrm{{ReLU}}({})", r"\text{{ReLU}}({})"], "linear": [], "softmax": [
        r"\operatorname{{softmax}}({})", r"\mathrm{{softmax}}({})"],
}
LOSSES = ("squared", "half-squared", "bce", "cce")
KINDS = ("pre", "act", "loss", "total", "dL/dact", "dact/dpre", "delta", "dL/dW", "dL/db",
         "pre_vec", "act_vec", "dL/dact_vec", "dact/dpre_vec", "delta_vec", "dL/dW_mat", "dL/db_vec",
         "W_new", "b_new", "W_new_el", "b_new_el", "velocity", "velocity_b")


def _exact(value: object) -> sp.Expr:
    return sp.Rational(str(value)) if isinstance(value, float) else sp.nsimplify(value, rational=True)


# -- names ------------------------------------------------------------------------------------------------
def _split(name: str) -> tuple[str, str]:
    """'W^{(1)}' -> ('W', '^{(1)}'); 'h' -> ('h', '')."""
    m = re.fullmatch(r"(.+?)(\^\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})", name)
    return (m[1], m[2]) if m else (name, "")


def indexed(name: str, *index: object) -> list[str]:
    r"""The spellings of `name` with subscript indices: `a_{12}`, `a_{1,2}`, `W^{(1)}_{12}`, `W_{12}^{(1)}`.

    A name that holds `{s}`, `{i}` or `{j}` is a template: the sample, unit and input index replace them
    (`net_{h{i}}`), and nothing is appended.

    Args:
        name: a LaTeX name, e.g. `"a"`, `"W^{(1)}"`, `r"\hat{y}"`, or a template `"net_{h{i}}"`.
        *index: the indices in order (sample, unit, input); `None` ones are left out. For a template they
            fill `{s}`, `{i}`, `{j}` in that order.

    Returns:
        The spellings, first the one shown in reports.

    Examples:
        >>> indexed("a", 1, 2)
        ['a_{12}', 'a_{1,2}']
        >>> indexed("W^{(1)}", 2, 1)
        ['W^{(1)}_{21}', 'W_{21}^{(1)}', 'W^{(1)}_{2,1}', 'W_{2,1}^{(1)}']
        >>> indexed("net_{h{i}}", None, 1), indexed("L", None)
        (['net_{h1}'], ['L'])
    """
    if any(f"{{{k}}}" in name for k in "sij"):
        text = name
        for key, value in zip("sij", index):
            text = text.replace(f"{{{key}}}", "" if value is None else str(value))
        return [text]
    idx = [str(i) for i in index if i is not None]
    if not idx:
        return [name]
    subs = ["".join(idx)] + ([",".join(idx)] if len(idx) > 1 else [])
    stem, sup = _split(name)
    out: list[str] = []
    for sub in subs:
        out += [f"{stem}{sup}_{{{sub}}}"] + ([f"{stem}_{{{sub}}}{sup}"] if sup else [])
    return out


def updated(name: str) -> list[str]:
    r"""The ways students name the new value of a parameter after a step: `W_{new}`, `W'`, `W^{new}`, ….

    An entry keeps its subscript: `w_{12}'`, `w_{12}^{new}`, `w_{12,new}`. Only spellings the student
    reader parses are returned.

    Args:
        name: the parameter's LaTeX name, e.g. `"W"`, `"W^{(1)}"` or `"w_{12}"`.

    Returns:
        Its spellings as an updated value, first the one shown in reports.

    Examples:
        >>> updated("w")
        ['w_{new}', 'w_{\\text{new}}', "w'", 'w^{new}']
        >>> updated("W^{(2)}")[:3]
        ['W^{(2)}_{new}', 'W_{new}^{(2)}', 'W^{(2)}_{\\text{new}}']
        >>> updated("w_{12}")
        ["w_{12}'", 'w_{12}^{new}', 'w_{12,new}']
    """
    from symcheck.keys.problem import alias_problem

    stem, sup = _split(name)
    entry = re.fullmatch(r"(.+?)_\{([^{}]*)\}", stem)
    if entry and not sup:
        out = [f"{stem}'", f"{stem}^{{new}}", f"{stem}^{{+}}", f"{entry[1]}_{{{entry[2]},new}}"]
    elif entry:
        out = [f"{entry[1]}{sup}_{{{entry[2]},new}}", f"{stem}{sup}'"]
    elif not sup:
        out = [f"{stem}_{{new}}", rf"{stem}_{{\text{{new}}}}", f"{stem}'", f"{stem}^{{+}}", f"{stem}^{{new}}"]
    else:
        inner = sup[2:-1]
        out = [f"{stem}{sup}_{{new}}", f"{stem}_{{new}}{sup}", rf"{stem}{sup}_{{\text{{new}}}}",
               rf"{stem}_{{\text{{new}}}}{sup}", f"{stem}^{{{inner}'}}"]
    return [u for u in out if not alias_problem(u)]


def _derivative(of: Iterable[str], wrt: Iterable[str], matrix: bool = False) -> list[str]:
    out = [rf"\frac{{\partial {f}}}{{\partial {w}}}" for f in of for w in wrt]
    if matrix:
        out += [rf"\nabla_{{{w}}} {f}" for f in of for w in wrt]
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _as_list(value: object) -> list:
    """A number or a list/tuple/matrix as a list (a number is a list of one)."""
    if isinstance(value, sp.MatrixBase):
        return list(value)
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _apply(f: str, values: list) -> list:
    if f == "softmax":
        exps = [sp.exp(v) for v in values]
        return [e / sum(exps) for e in exps]
    return [ACTIVATION_FUNCTIONS[f](v) for v in values]


def _loss_of(loss: str, p: list, y: list) -> sp.Expr:
    if loss == "squared":
        return sum(((yk - pk) ** 2 for yk, pk in zip(y, p)), sp.Integer(0))
    if loss == "half-squared":
        return sp.Rational(1, 2) * sum(((pk - yk) ** 2 for yk, pk in zip(y, p)), sp.Integer(0))
    if loss == "bce":
        return -sum((yk * sp.log(pk) + (1 - yk) * sp.log(1 - pk) for yk, pk in zip(y, p)), sp.Integer(0))
    return -sum((yk * sp.log(pk) for yk, pk in zip(y, p) if yk != 0), sp.Integer(0))


# -- the graph of values -----------------------------------------------------------------------------------
@dataclass
class _Node:
    id: str
    kind: str
    layer: int | None
    sample: int | None
    value: object
    aliases: list[str]
    formula: object = None  # over Symbol(id) of other nodes
    depends: dict = field(default_factory=dict)  # Symbol -> node id
    updates: str = ""  # for an update: the parameter's name, matched after \leftarrow or :=


def _sym(node_id: str) -> sp.Symbol:
    return sp.Symbol(node_id)


@dataclass
class Network:
    r"""A feed-forward network as a problem states it; `select` hands out its quantities for a `Part`.

    Layers are numbered from 1 (the first layer maps the input to the first hidden layer); units and input
    indices from `base`. Node kinds (for `select` and `ref`): per sample, `pre` (pre-activation), `act`
    (activation; the last layer's is the prediction), `loss`; `dL/dact`, `dact/dpre` (f'), `delta` (∂L/∂pre),
    `dL/dW`, `dL/db`; their matrix forms `pre_vec`, `act_vec`, `dL/dact_vec`, `dact/dpre_vec`, `delta_vec`,
    `dL/dW_mat`, `dL/db_vec`; for a batch `total` (the summed loss); with `eta`, `W_new` and `b_new` (one
    SGD step, or a momentum step with `momentum`, which adds `velocity` and `velocity_b`) and their entries
    `W_new_el`, `b_new_el`: these are updates (`kind="update"`), also named by the parameter after an
    assignment arrow (`W^{(1)} \leftarrow …`).

    Args:
        weights: per layer, the weight matrix as a list of rows (one row per unit), or a flat list for a
            layer with one unit (`u` in `ŷ = u^T z + c`). Floats are read as the decimals they print as.
        biases: per layer, the biases (a list, or one number for one unit); leave out when `bias` is
            "first" or "last".
        activations: one name for every layer or a list per layer: "sigmoid", "tanh", "relu", "linear",
            "softmax".
        loss: "squared" (y - ŷ)², "half-squared" ½(ŷ - y)², "bce" (binary cross-entropy), "cce"
            (categorical cross-entropy, with one-hot labels).
        samples: `[(x, y), …]`: the input without a bias input and the label (a number or a list).
        bias: "separate" (a `b` per layer), "first" or "last" (the bias is that column of the weights).
        base: the index of the first unit and the first input (0 or 1).
        weight_base: the index of the first weight column (default `base`); with `bias="first"` and
            `weight_base=0` the bias weight is `w_{j0}`.
        names: per kind of name, a list with one entry per layer: a LaTeX name, a list of alternatives (the
            first is shown) or `None` (not named; its value is folded into the formulas that use it).
            Keys: "W", "b", "pre", "act", "delta", "velocity"; and "loss" (one name, default "L") and "x"
            (the input, default "x", as in `Wx + b`).
            Defaults: `W^{(l)}`, `b^{(l)}`, `z^{(l)}`, `a^{(l)}` with `\hat{y}` for the last layer,
            `\delta^{(l)}`, `v^{(l)}` (without the layer for a network of one layer: `W`, `b`, `z`).
            A name holding `{s}`, `{i}`, `{j}` is a template (`net_{h{i}}`).
        sample_index: whether names carry the sample index (`a_{sj}`, `L_s`); by default when there
            are several samples.
        eta: the learning rate of one step (gives `W_new` and `b_new`).
        momentum: β of a momentum step `v ← β v + ∇L`, `W ← W - η v` (gives `velocity`).
        velocity: the velocities before the step, per layer as `[V, b_velocity]` (default zero).
        step_samples: the samples whose gradients the step uses (default all).
        reduction: "sum" or "mean": how a batch's losses make `total` and its gradients make the step.

    Examples:
        >>> net = Network(weights=[[[0.5, -0.3], [-0.4, 0.6]], [[0.7, -0.5]]], biases=[[0.1, 0.2], -0.2],
        ...               activations=["relu", "sigmoid"], loss="bce", samples=[((2, -1), 1)],
        ...               names={"act": ["h", r"\hat{y}"]}, eta=0.1)
        >>> net.value("pre", 1, 0), net.value("act", 1, 1), net.value("pre", 2)  # positions from 0
        (7/5, 0, 39/50)
        >>> q = net.quantity("dL/dW", 1, 0, 1)
        >>> q.name, q.id, q.depends
        ('\\frac{\\partial L}{\\partial W^{(1)}_{12}}', 'dL/dW1[0,1]', {delta1[0]: 'delta1[0]'})
        >>> [q.id for q in net.select("W_new")][:3]
        ['W_new1', 'W_new2', 'dL/dW_mat1']
    """

    weights: list
    biases: list | None = None
    activations: object = "sigmoid"
    loss: str = "squared"
    samples: list = field(default_factory=list)
    bias: str = "separate"
    base: int = 1
    weight_base: int | None = None
    names: dict = field(default_factory=dict)
    sample_index: bool | None = None
    eta: object = None
    momentum: object = None
    velocity: list | None = None
    step_samples: list | None = None
    reduction: str = "sum"

    def __post_init__(self) -> None:
        self._check_arguments()
        self._read_parameters()
        self.nodes: dict[str, _Node] = {}
        self.handed_out: set[str] = set()
        self._samples = list(range(1, len(self.samples) + 1))
        if self.sample_index is None:
            self.sample_index = len(self.samples) > 1
        for s in self._samples:
            self._forward(s)
            self._backward(s)
            self._matrix_forms(s)
        if len(self.samples) > 1:
            self._total()
        if self.eta is not None:
            self._step()

    # -- reading the arguments ------------------------------------------------------------------------------
    def _check_arguments(self) -> None:
        if not isinstance(self.weights, (list, tuple)) or not self.weights:
            raise DerivationError("Network: weights must be a list with one matrix (list of rows) per layer")
        if self.bias not in ("separate", "first", "last"):
            raise DerivationError(f"Network: bias must be 'separate', 'first' or 'last', got {self.bias!r}")
        if self.bias == "separate" and (self.biases is None or len(self.biases) != len(self.weights)):
            raise DerivationError("Network: give biases, one per layer (or bias='first'/'last' when the bias is a "
                                  "column of the weights)")
        if self.loss not in LOSSES:
            raise DerivationError(f"Network: loss must be one of {', '.join(LOSSES)}, got {self.loss!r}")
        if not self.samples:
            raise DerivationError("Network: no samples; give samples=[(x, y), …]")
        if self.reduction not in ("sum", "mean"):
            raise DerivationError(f"Network: reduction must be 'sum' or 'mean', got {self.reduction!r}")
        for key, value in self.names.items():
            if key not in ("loss", "x") and (not isinstance(value, (list, tuple)) or len(value) != len(self.weights)):
                raise DerivationError(f"Network: names[{key!r}] must be a list with one entry per layer "
                                      f"({len(self.weights)})")

    def _read_parameters(self) -> None:
        layers = len(self.weights)
        acts = self.activations if isinstance(self.activations, (list, tuple)) else [self.activations] * layers
        if len(acts) != layers or any(a not in (*ACTIVATION_FUNCTIONS, "softmax") for a in acts):
            raise DerivationError(f"Network: activations must be one of sigmoid, tanh, relu, linear, softmax, "
                                  f"or a list of them with one per layer, got {self.activations!r}")
        self.act_of = list(acts)
        self.flat = [not isinstance(w[0], (list, tuple)) for w in self.weights]
        rows = [[list(w)] if flat else [list(r) for r in w] for w, flat in zip(self.weights, self.flat)]
        self.W: list[sp.ImmutableMatrix] = []
        self.b: list[list] = []
        for ell, matrix in enumerate(rows):
            matrix = [[_exact(c) for c in r] for r in matrix]
            if self.bias == "first":
                self.b.append([r[0] for r in matrix])
                matrix = [r[1:] for r in matrix]
            elif self.bias == "last":
                self.b.append([r[-1] for r in matrix])
                matrix = [r[:-1] for r in matrix]
            else:
                given = _as_list(self.biases[ell] if self.biases is not None else [])
                self.b.append([_exact(c) for c in given])
            self.W.append(sp.ImmutableMatrix(matrix))
        self._check_shapes()
        self.x = [[_exact(c) for c in _as_list(x)] for x, _ in self.samples]
        self.y = [[_exact(c) for c in _as_list(y)] for _, y in self.samples]

    def _check_shapes(self) -> None:
        for ell, (w, b) in enumerate(zip(self.W, self.b), start=1):
            if len(b) != w.shape[0]:
                raise DerivationError(f"Network: layer {ell} has {w.shape[0]} unit(s) but {len(b)} bias(es)")
            if ell > 1 and w.shape[1] != self.W[ell - 2].shape[0]:
                raise DerivationError(f"Network: layer {ell}'s weights take {w.shape[1]} input(s) but layer "
                                      f"{ell - 1} has {self.W[ell - 2].shape[0]} unit(s)")
        for x, _ in self.samples:
            if len(_as_list(x)) != self.W[0].shape[1]:
                raise DerivationError(f"Network: a sample has {len(_as_list(x))} input(s) but the first layer "
                                      f"takes {self.W[0].shape[1]}")

    @property
    def layers(self) -> int:
        """The number of layers (of weights).

        Examples:
            >>> Network(weights=[[[1, 2], [3, 4]], [5, 6]], biases=[[0, 0], 0], samples=[((1, 1), 0)]).layers
            2
        """
        return len(self.W)

    def units(self, layer: int) -> int:
        """The number of units of a layer (from 1).

        Examples:
            >>> Network(weights=[[[1, 2], [3, 4]], [5, 6]], biases=[[0, 0], 0], samples=[((1, 1), 0)]).units(1)
            2
        """
        return int(self.W[layer - 1].shape[0])

    def name(self, kind: str, layer: int | None = None) -> list[str]:
        r"""The names of a kind of symbol in a layer ("W", "b", "pre", "act", "delta", "velocity"), or "loss", "x".

        Args:
            kind: the kind of name.
            layer: the layer, from 1 (not for "loss" and "x").

        Returns:
            Its LaTeX names, first the one shown in reports; `[]` when it is not named.

        Examples:
            >>> net = Network(weights=[[[1, 2]]], biases=[[0]], samples=[((1, 1), 0)], names={"act": ["h"]})
            >>> net.name("W", 1), net.name("act", 1), net.name("loss")
            (['W'], ['h'], ['L'])
        """
        if kind in ("loss", "x"):
            given = self.names.get(kind, "L" if kind == "loss" else "x")
            return [given] if isinstance(given, str) else list(given)
        assert layer is not None
        entry = self.names[kind][layer - 1] if kind in self.names else self._default_name(kind, layer)
        if entry is None:
            return []
        return [entry] if isinstance(entry, str) else list(entry)

    def _default_name(self, kind: str, layer: int) -> str:
        if kind == "act" and layer == self.layers:
            return r"\hat{y}"
        stem = {"W": "W", "b": "b", "pre": "z", "act": "a", "delta": r"\delta", "velocity": "v"}[kind]
        return stem if self.layers == 1 else f"{stem}^{{({layer})}}"

    # -- indices --------------------------------------------------------------------------------------------
    def _unit(self, layer: int, i: int) -> int | None:
        """The written index of unit i (0-based inside), None for a layer with one unit."""
        return None if self.units(layer) == 1 else i + self.base

    def _column(self, j: int) -> int:
        """The written index of input column j (0-based, without the bias column)."""
        start = self.base if self.weight_base is None else self.weight_base
        return j + start + (1 if self.bias == "first" else 0)

    def _bias_column(self, layer: int) -> int:
        start = self.base if self.weight_base is None else self.weight_base
        return start if self.bias == "first" else start + int(self.W[layer - 1].shape[1])

    def _s(self, s: int | None) -> int | None:
        return s if self.sample_index else None

    def _element(self, kind: str, layer: int, s: int | None, *index: int | None) -> list[str]:
        out: list[str] = []
        for name in self.name(kind, layer):
            out += indexed(name, self._s(s), *index)
        return out

    def _weight(self, layer: int, i: int, column: int) -> list[str]:
        """The names of one weight: w_{ij}, and for a layer with one unit also w_j."""
        unit = self._unit(layer, i)
        out: list[str] = []
        for name in self.name("W", layer):
            out += indexed(name, None, unit, column) if "{" + "i}" in name else indexed(name, unit, column)
            if unit is None:
                out += indexed(name, i + self.base, column)
        return _unique(out)

    def _losses(self, s: int | None) -> list[str]:
        names = self.name("loss")
        if s is not None and self.sample_index:
            return _unique(indexed(names[0], s) + names)
        return names

    # -- the graph ------------------------------------------------------------------------------------------
    def ref(self, kind: str, layer: int | None = None, *index: int, sample: int | None = 1) -> str:
        """The id of a node (a quantity's `id`), for a formula of your own over the network's values.

        Args:
            kind: one of the kinds listed in the class docstring, e.g. "loss", "dL/dW".
            layer: its layer (from 1), if it has one.
            *index: the unit (and input) index, 0-based from the first unit and input, if it has them.
            sample: the sample (from 1); `None` for a batch quantity ("total", "W_new").

        Returns:
            The id, e.g. `"act1[2]@1"`.

        Examples:
            >>> net = Network(weights=[[[1, 2]]], biases=[[0]], samples=[((1, 1), 0)])
            >>> net.ref("loss"), net.ref("act", 1, 0), net.ref("dL/dW", 1, 0, 1), net.ref("W_new", 1, sample=None)
            ('loss', 'act1[0]', 'dL/dW1[0,1]', 'W_new1')
        """
        text = kind + ("" if layer is None else str(layer))
        if index:
            text += "[" + ",".join(str(i) for i in index) + "]"
        if sample is not None and len(self.samples) > 1:
            text += f"@{sample}"
        return text

    def _add(self, kind: str, layer: int | None, index: tuple, s: int | None, value: object, aliases: list[str],
             formula: object = None, depends: dict | None = None) -> None:
        ident = self.ref(kind, layer, *index, sample=s)
        self.nodes[ident] = _Node(ident, kind, layer, s, value, _unique(aliases), formula, depends or {})

    def value(self, kind: str, layer: int | None = None, *index: int, sample: int | None = 1) -> object:
        """The exact value of a node; the indices are 0-based from the first unit and input (see `ref`).

        Args:
            kind: as for `ref`.
            layer: as for `ref`.
            *index: as for `ref`; a layer's only unit needs none.
            sample: as for `ref`.

        Returns:
            A SymPy number, expression or matrix.

        Examples:
            >>> net = Network(weights=[[[1, 2]]], biases=[[0]], samples=[((1, 1), 0)], activations="linear")
            >>> net.value("act", 1), net.value("loss")
            (3, 9)
        """
        if layer is not None and kind in ("pre", "act", "dL/dact", "dact/dpre", "delta", "dL/db") and not index:
            index = (0,)
        return self.nodes[self.ref(kind, layer, *index, sample=sample)].value

    def _forward(self, s: int) -> None:
        previous: list = self.x[s - 1]
        for ell in range(1, self.layers + 1):
            w, b, f = self.W[ell - 1], self.b[ell - 1], self.act_of[ell - 1]
            pre = [sum((w[i, j] * previous[j] for j in range(w.shape[1])), sp.Integer(0)) + b[i]
                   for i in range(w.shape[0])]
            inputs = [(_sym(self.ref("act", ell - 1, j, sample=s)) if ell > 1 else previous[j])
                      for j in range(w.shape[1])]
            deps = {_sym(self.ref("act", ell - 1, j, sample=s)): self.ref("act", ell - 1, j, sample=s)
                    for j in range(w.shape[1])} if ell > 1 else {}
            for i in range(w.shape[0]):
                self._add("pre", ell, (i,), s, pre[i], self._pre_names(ell, s, i),
                          sum((w[i, j] * inputs[j] for j in range(w.shape[1])), sp.Integer(0)) + b[i] if deps else None,
                          deps)
            P = [_sym(self.ref("pre", ell, i, sample=s)) for i in range(w.shape[0])]
            pdeps = {p: str(p) for p in P}
            acts = _apply(f, pre)
            formulas = _apply(f, P)
            for i in range(w.shape[0]):
                used = {p: d for p, d in pdeps.items() if p in formulas[i].free_symbols}
                self._add("act", ell, (i,), s, acts[i], self._act_names(ell, s, i), formulas[i], used)
            previous = acts
        self._loss(s, previous)

    def _pre_names(self, ell: int, s: int, i: int) -> list[str]:
        out = self._element("pre", ell, s, self._unit(ell, i))
        if self.units(ell) == 1 and self.name("pre", ell):
            out += self._affine(ell)
        return out

    def _act_names(self, ell: int, s: int, i: int) -> list[str]:
        out = self._element("act", ell, s, self._unit(ell, i))
        if self.units(ell) == 1:
            out += [t.format(p) for t in _WRITTEN[self.act_of[ell - 1]] for p in self.name("pre", ell)[:1]]
            if self.act_of[ell - 1] == "linear" and not self.name("pre", ell):
                out += self._affine(ell)  # ŷ = u^T z + c
        return out

    def _affine(self, ell: int) -> list[str]:
        """`W^{(2)}h + b^{(2)}`, `u^T z + c`: the pre-activation written as the product it is."""
        if self.bias != "separate" or not self.name("W", ell) or not self.name("b", ell):
            return []
        into = self.name("act", ell - 1)[:1] if ell > 1 else self.name("x")[:1]
        w, b = self.name("W", ell)[0], self.name("b", ell)[0]
        product = f"{w}^T {into[0]}" if self.flat[ell - 1] else f"{w}{into[0]}" if into else ""
        return [f"{product} + {b}"] if into else []

    def _loss(self, s: int, prediction: list) -> None:
        last = self.layers
        Y = [_sym(self.ref("act", last, i, sample=s)) for i in range(len(prediction))]
        formula = _loss_of(self.loss, Y, self.y[s - 1])
        names = [n for name in self.name("loss") for n in indexed(name, self._s(s))]  # L_s (L is the batch's)
        self._add("loss", None, (), s, _loss_of(self.loss, prediction, self.y[s - 1]), names, formula,
                  {y: str(y) for y in Y})

    def _total(self) -> None:
        Ls = [_sym(self.ref("loss", sample=s)) for s in self._samples]
        names = self.name("loss")
        written = " + ".join(indexed(names[0], s)[0] for s in self._samples)
        scale = sp.Integer(1) if self.reduction == "sum" else sp.Rational(1, len(Ls))
        if self.reduction == "mean":
            written = rf"\frac{{1}}{{{len(Ls)}}}({written})"
        self._add("total", None, (), None, scale * sp.Add(*[self.nodes[str(x)].value for x in Ls]),
                  names + [written], scale * sp.Add(*Ls), {x: str(x) for x in Ls})

    def _add_computed(self, kind: str, layer: int | None, index: tuple, s: int | None, aliases: list[str],
                      formula: object, depends: dict) -> None:
        values: dict = {}
        for sym, d in depends.items():
            if isinstance(sym, sp.MatrixBase):
                values.update(zip(sym, sp.ImmutableMatrix(self.nodes[d].value)))
            else:
                values[sym] = self.nodes[d].value
        value = formula.xreplace(values) if isinstance(formula, (sp.Basic, sp.MatrixBase)) else formula
        self._add(kind, layer, index, s, value, aliases, formula if depends else None, depends)

    def _backward(self, s: int) -> None:
        top = self.layers
        Y = [_sym(self.ref("act", top, i, sample=s)) for i in range(self.units(top))]
        loss = _loss_of(self.loss, Y, self.y[s - 1])
        for i in range(self.units(top)):
            slope = sp.diff(loss, Y[i])
            used = {y: str(y) for y in Y if y in slope.free_symbols}
            self._add_computed("dL/dact", top, (i,), s, self._gradient_of_act(top, s, i), slope, used)
        for ell in range(top, 0, -1):
            if ell < top:
                self._hidden_gradient(ell, s)
            self._delta(ell, s)
            self._weight_gradients(ell, s)

    def _gradient_of_act(self, ell: int, s: int, i: int) -> list[str]:
        unit = self._unit(ell, i)
        targets = self._element("act", ell, s, unit) + self._element("act", ell, None, unit)
        return _derivative(self._losses(s), targets)

    def _hidden_gradient(self, ell: int, s: int) -> None:
        w = self.W[ell]  # the next layer's weights
        for i in range(self.units(ell)):
            D = [_sym(self.ref("delta", ell + 1, k, sample=s)) for k in range(w.shape[0])]
            formula = sum((w[k, i] * D[k] for k in range(w.shape[0])), sp.Integer(0))
            self._add_computed("dL/dact", ell, (i,), s, self._gradient_of_act(ell, s, i), formula,
                               {d: str(d) for d in D})

    def _slope(self, ell: int, s: int, i: int) -> tuple[object, dict]:
        """f'(pre) for unit i as a formula over the unit's own activation (or pre-activation) and its depends."""
        f = self.act_of[ell - 1]
        A, P = _sym(self.ref("act", ell, i, sample=s)), _sym(self.ref("pre", ell, i, sample=s))
        if f == "sigmoid":
            return A * (1 - A), {A: str(A)}
        if f == "tanh":
            return 1 - A ** 2, {A: str(A)}
        if f == "relu":
            return sp.Piecewise((1, P > 0), (0, True)), {P: str(P)}
        return sp.Integer(1), {}

    def _slope_names(self, ell: int, s: int, i: int) -> list[str]:
        unit = self._unit(ell, i)
        pres, acts = self._element("pre", ell, s, unit), self._element("act", ell, s, unit)
        out = _derivative(acts, pres)
        written = [t.replace("({})", "'({})").replace(" {}", "' {}") for t in _WRITTEN[self.act_of[ell - 1]]]
        return out + [t.format(p) for t in written for p in pres]

    def _delta(self, ell: int, s: int) -> None:
        n = self.units(ell)
        G = [_sym(self.ref("dL/dact", ell, i, sample=s)) for i in range(n)]
        for i in range(n):
            unit = self._unit(ell, i)
            names = self._element("delta", ell, s, unit) + _derivative(
                self._losses(s), self._element("pre", ell, s, unit))
            if self.act_of[ell - 1] == "softmax":
                A = [_sym(self.ref("act", ell, k, sample=s)) for k in range(n)]
                formula = sum((G[k] * A[k] * ((1 if k == i else 0) - A[i]) for k in range(n)), sp.Integer(0))
                self._add_computed("delta", ell, (i,), s, names, formula, {x: str(x) for x in G + A})
                continue
            slope, deps = self._slope(ell, s, i)
            if deps:
                self._add_computed("dact/dpre", ell, (i,), s, self._slope_names(ell, s, i), slope, deps)
                S = _sym(self.ref("dact/dpre", ell, i, sample=s))
                self._add_computed("delta", ell, (i,), s, names, G[i] * S, {G[i]: str(G[i]), S: str(S)})
            else:
                self._add_computed("delta", ell, (i,), s, names, G[i], {G[i]: str(G[i])})

    def _weight_gradients(self, ell: int, s: int) -> None:
        w = self.W[ell - 1]
        for i in range(w.shape[0]):
            D = _sym(self.ref("delta", ell, i, sample=s))
            for j in range(w.shape[1]):
                if ell > 1:
                    A = _sym(self.ref("act", ell - 1, j, sample=s))
                    formula, deps = D * A, {D: str(D), A: str(A)}
                else:
                    formula, deps = D * self.x[s - 1][j], {D: str(D)}
                names = _derivative(self._losses(s), self._weight(ell, i, self._column(j)))
                self._add_computed("dL/dW", ell, (i, j), s, names, formula, deps)
            self._add_computed("dL/db", ell, (i,), s, _derivative(self._losses(s), self._bias_names(ell, i)),
                               D, {D: str(D)})

    def _bias_names(self, ell: int, i: int) -> list[str]:
        if self.bias != "separate":
            return self._weight(ell, i, self._bias_column(ell))
        unit = self._unit(ell, i)
        out: list[str] = []
        for name in self.name("b", ell):
            out += indexed(name, unit) + (indexed(name, i + self.base) if unit is None else [])
        return _unique(out)

    # -- matrix form ----------------------------------------------------------------------------------------
    def _restate(self, kind: str, layer: int, s: int | None, ids: list[list[str]], aliases: list[str]) -> None:
        """A vector or matrix node whose formula restates its elements (each the student's own value)."""
        symbols = sp.ImmutableMatrix([[_sym(i) for i in row] for row in ids])
        self._add_computed(kind, layer, (), s, aliases, symbols, {_sym(i): i for row in ids for i in row})

    def _vector_names(self, kind: str, layer: int, s: int) -> list[str]:
        out: list[str] = []
        for name in self.name(kind, layer):
            out += indexed(name, s) + [name] if self.sample_index else [name]
        return out

    def _column_ids(self, ell: int, s: int, kind: str) -> list[list[str]]:
        return [[self.ref(kind, ell, i, sample=s)] for i in range(self.units(ell))]

    def _matrix_forms(self, s: int) -> None:
        loss = self._losses(s)
        for ell in range(1, self.layers + 1):
            n = self.units(ell)
            pres, acts = self._vector_names("pre", ell, s), self._vector_names("act", ell, s)
            if n > 1:
                self._restate("pre_vec", ell, s, self._column_ids(ell, s, "pre"), pres + self._affine(ell))
                f_of = [t.format(p) for t in _WRITTEN[self.act_of[ell - 1]] for p in pres + self._affine(ell)]
                self._restate("act_vec", ell, s, self._column_ids(ell, s, "act"), acts + f_of)
                if ell < self.layers:
                    self._restate("dL/dact_vec", ell, s, self._column_ids(ell, s, "dL/dact"), _derivative(loss, acts))
                if self.ref("dact/dpre", ell, 0, sample=s) in self.nodes:
                    written = [t.replace("({})", "'({})") for t in _WRITTEN[self.act_of[ell - 1]] if "({})" in t]
                    self._restate("dact/dpre_vec", ell, s, self._column_ids(ell, s, "dact/dpre"),
                                  [t.format(p) for t in written for p in pres])
                self._restate("delta_vec", ell, s, self._column_ids(ell, s, "delta"),
                              self._vector_names("delta", ell, s) + _derivative(loss, pres))
            self._matrix_gradients(ell, s)

    def _matrix_gradients(self, ell: int, s: int) -> None:
        """∂L/∂b = δ and ∂L/∂W = δ a^T (the bias column included, laid out as the weights were given), as
        formulas over the named vectors δ and a of the layer and the one before."""
        loss, n = self._losses(s), self.units(ell)
        if n > 1:
            D = _symbols_like(self.ref("delta_vec", ell, sample=s), (n, 1))
            deps = {D: self.ref("delta_vec", ell, sample=s)}
            if self.bias == "separate":
                self._add_computed("dL/db_vec", ell, (), s, _derivative(loss, self.name("b", ell), True), D, deps)
        else:
            D = _sym(self.ref("delta", ell, 0, sample=s))
            deps = {D: str(D)}
        inputs, more = self._inputs(ell, s)
        ones = [sp.Integer(1)]
        inputs = ones + inputs if self.bias == "first" else inputs + ones if self.bias == "last" else inputs
        gradient = sp.ImmutableMatrix(D * sp.ImmutableMatrix([inputs]))
        if self.flat[ell - 1]:
            gradient = gradient.T
        self._add_computed("dL/dW_mat", ell, (), s, _derivative(loss, self.name("W", ell), True), gradient,
                           {**deps, **more})

    def _inputs(self, ell: int, s: int) -> tuple[list, dict]:
        """The layer's inputs as formula symbols (the previous layer's activation vector) or given numbers."""
        if ell == 1:
            return list(self.x[s - 1]), {}
        m = self.units(ell - 1)
        if m == 1:
            A = _sym(self.ref("act", ell - 1, 0, sample=s))
            return [A], {A: str(A)}
        V = sp.ImmutableMatrix(_symbols_like(self.ref("act_vec", ell - 1, sample=s), (m, 1)))
        return list(V), {V: self.ref("act_vec", ell - 1, sample=s)}

    def _given(self, ell: int) -> sp.ImmutableMatrix:
        """The layer's weights as given (bias column included, a flat list as a column)."""
        rows = [list(self.W[ell - 1].row(i)) for i in range(self.units(ell))]
        b = self.b[ell - 1]
        rows = [[b[i]] + r if self.bias == "first" else r + [b[i]] if self.bias == "last" else r
                for i, r in enumerate(rows)]
        return sp.ImmutableMatrix([[c] for c in rows[0]] if self.flat[ell - 1] else rows)

    # -- a step ---------------------------------------------------------------------------------------------
    def _step(self) -> None:
        eta = _exact(self.eta)
        samples = self.step_samples or self._samples
        for ell in range(1, self.layers + 1):
            for kind, gradient, given in self._parameters(ell):
                grads = [self.ref(gradient, ell, *([] if gradient.endswith(("_mat", "_vec")) else [0]), sample=s)
                         for s in samples]
                shape = sp.ImmutableMatrix(given).shape if isinstance(given, sp.MatrixBase) else None
                symbols = [_symbols_like(g, shape) for g in grads]
                scale = sp.Integer(1) if self.reduction == "sum" else sp.Rational(1, len(symbols))
                total = scale * (sp.Add(*symbols) if shape is None else sp.ImmutableMatrix(sp.MatAdd(*symbols).doit()))
                depends = dict(zip(symbols, grads))
                names = [u for n in self.name(kind[0], ell) for u in updated(n)]
                if self.momentum is None:
                    self._add_computed(kind, ell, (), None, names, given - eta * total, depends)
                else:
                    self._momentum(kind, ell, given, total, depends, names)
                self.nodes[self.ref(kind, ell, sample=None)].updates = self.name(kind[0], ell)[0]
                self._update_entries(kind, ell, shape)

    def _update_entries(self, kind: str, ell: int, shape: tuple | None) -> None:
        """Each entry of an updated matrix (`w_{12}'`), restating the matrix's entry."""
        if shape is None:
            return
        whole = self.ref(kind, ell, sample=None)
        symbols = sp.ImmutableMatrix(_symbols_like(whole, shape))
        start = self.base if self.weight_base is None else self.weight_base
        for r in range(shape[0]):
            for c in range(shape[1]):
                i, column = (0, r) if self.flat[ell - 1] else (r, c)
                given = (self._weight(ell, i, start + column) if kind == "W_new" else self._bias_names(ell, r))
                names = [u for n in given for u in updated(n)]
                self._add_computed(f"{kind}_el", ell, (r, c), None, names, symbols[r, c], {symbols: whole})
                self.nodes[self.ref(f"{kind}_el", ell, r, c, sample=None)].updates = given[0]

    def _parameters(self, ell: int) -> list[tuple[str, str, object]]:
        """(kind of the update, kind of its gradient, the given value) for each parameter of a layer."""
        out: list[tuple[str, str, object]] = [("W_new", "dL/dW_mat", self._given(ell))]
        if self.bias == "separate":
            b = self.b[ell - 1]
            out.append(("b_new", "dL/db_vec", sp.ImmutableMatrix(b)) if len(b) > 1 else ("b_new", "dL/db", b[0]))
        return out

    def _momentum(self, kind: str, ell: int, given: object, total: object, depends: dict, names: list[str]) -> None:
        beta, eta = _exact(self.momentum), _exact(self.eta)
        slot = 0 if kind == "W_new" else 1
        before = self.velocity[ell - 1][slot] if self.velocity else 0
        shape = given.shape if isinstance(given, sp.MatrixBase) else None
        v0 = (sp.ImmutableMatrix(before) if isinstance(before, (list, tuple, sp.MatrixBase)) else
              sp.ImmutableMatrix.zeros(*shape) if shape and not before else before)
        v0 = v0.applyfunc(_exact) if isinstance(v0, sp.MatrixBase) else _exact(v0)
        vkind = "velocity" if kind == "W_new" else "velocity_b"
        vnames = [u for n in self.name("velocity", ell) for u in updated(n if slot == 0 else _with_sub(n, "b"))]
        self._add_computed(vkind, ell, (), None, vnames, beta * v0 + total, depends)
        V = _symbols_like(self.ref(vkind, ell, sample=None), shape)
        self._add_computed(kind, ell, (), None, names, given - eta * V, {V: self.ref(vkind, ell, sample=None)})

    # -- handing out quantities -----------------------------------------------------------------------------
    def _inline(self, node: _Node) -> tuple[object, dict]:
        """The node's formula with its unnamed dependencies folded in, and the named ones it then depends on."""
        mapping: dict = {}
        depends: dict = {}
        for sym, dep in node.depends.items():
            d = self.nodes[dep]
            if d.aliases:
                depends[sym] = dep
                continue
            formula, more = self._inline(d) if d.formula is not None else (d.value, {})
            if isinstance(sym, sp.MatrixBase):
                mapping.update(zip(sym, sp.ImmutableMatrix(formula)))
            else:
                mapping[sym] = formula
            depends.update(more)
        if node.formula is None:
            return None, {}
        formula = node.formula
        if isinstance(formula, (sp.Basic, sp.MatrixBase)):
            formula = formula.xreplace(mapping)
        return formula, depends

    def _quantity(self, node: _Node, required: bool = True, points: float = 1.0) -> Quantity:
        formula, depends = self._inline(node)
        several = len(self.samples) > 1 and node.sample is not None
        return Quantity(node.aliases[0], node.value, tuple(node.aliases), id=node.id,
                        kind="update" if node.updates else "value", updates=node.updates,
                        label=f"sample {node.sample}" if several else "",
                        context=(for_sample(node.sample),) if several and node.sample else (),
                        formula=formula, depends=depends, points=points, required=required)

    def quantity(self, kind: str, layer: int | None = None, *index: int, sample: int | None = 1,
                 required: bool = True) -> Quantity:
        r"""One node as a `Quantity`, to look at or to place by hand (it is not marked as handed out).

        Args:
            kind: as for `ref`.
            layer: as for `ref`.
            *index: as for `ref`; a layer's only unit needs none.
            sample: as for `ref`.
            required: the quantity's `required`.

        Examples:
            >>> net = Network(weights=[[[1, 2]]], biases=[[0]], samples=[((1, 1), 0)], activations="linear")
            >>> q = net.quantity("loss")
            >>> q.name, q.value, q.depends
            ('L', 9, {act1[0]: 'act1[0]'})
        """
        if layer is not None and kind in ("pre", "act", "dL/dact", "dact/dpre", "delta", "dL/db") and not index:
            index = (0,)
        return self._quantity(self.nodes[self.ref(kind, layer, *index, sample=sample)], required)

    def select(self, *kinds: str, samples: Iterable[int] | None = None, layers: Iterable[int] | None = None,
               required: bool = True, points: float = 1.0) -> list[Quantity]:
        r"""The quantities of the given kinds (for some samples and layers), for a `Part`'s `quantities`.

        Each node is handed out once: a later `select` leaves out what an earlier one gave. What a selected
        formula depends on and nobody has selected yet comes along, optional (`required=False`), so that
        every dependency is in the problem.

        Args:
            *kinds: kinds listed in the class docstring, e.g. "pre", "act", "loss", "dL/dW_mat"; none: every
                kind (what is left).
            samples: the samples (from 1), by default all; batch quantities ("total", "W_new") always come.
            layers: the layers (from 1), by default all.
            required: the chosen quantities' `required` (False: they count only when the student states them).
            points: each chosen quantity's weight within its part.

        Returns:
            The quantities, in the order the network computes them, then the dependencies brought along.

        Examples:
            >>> net = Network(weights=[[[1, 2]]], biases=[[0]], samples=[((1, 1), 0)], activations="linear",
            ...               names={"pre": [None], "act": ["h"]})
            >>> [(q.id, q.aliases[0], q.required) for q in net.select("loss")]
            [('loss', 'L', True), ('act1[0]', 'h', False)]
            >>> [q.id for q in net.select("act", "loss")]  # already handed out
            []
        """
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise DerivationError(f"Network.select: unknown kind(s) {', '.join(unknown)}; kinds: {', '.join(KINDS)}")
        kinds = kinds or KINDS
        wanted_samples = set(samples) if samples is not None else None
        wanted_layers = set(layers) if layers is not None else None
        out = []
        for node in self.nodes.values():
            if (node.kind in kinds and node.aliases and node.id not in self.handed_out
                    and (wanted_samples is None or node.sample is None or node.sample in wanted_samples)
                    and (wanted_layers is None or node.layer is None or node.layer in wanted_layers)):
                out.append(self._quantity(node, required, points))
                self.handed_out.add(node.id)
        return out + self._dependencies(out)

    def _dependencies(self, chosen: list[Quantity]) -> list[Quantity]:
        out: list[Quantity] = []
        queue = list(chosen)
        while queue:
            q = queue.pop(0)
            for dep in q.depends.values():
                if dep not in self.handed_out:
                    self.handed_out.add(dep)
                    extra = self._quantity(self.nodes[dep], required=False)
                    out.append(extra)
                    queue.append(extra)
        return out


def _symbols_like(node_id: str, shape: tuple | None) -> object:
    """A symbol (or a matrix of symbols of `shape`) standing for a node's value in a formula."""
    if shape is None:
        return _sym(node_id)
    rows, cols = shape
    return sp.ImmutableMatrix(rows, cols, [sp.Symbol(f"{node_id}({r},{c})") for r in range(rows) for c in range(cols)])


def _with_sub(name: str, sub: str) -> str:
    stem, sup = _split(name)
    return f"{stem}_{{{sub}}}{sup}"
