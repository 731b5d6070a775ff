"""Helpers that derive expected quantities exactly, for problem files.

Calculus: `gradient`, `jacobian`, `hessian`, `at` (evaluation at a point),
`compose` and `chain_rule` (the Jacobian of a composition by DF(G(x)) DG(x)).
Naming: `partial_aliases`, `composition_aliases`. Networks: `FeedForward`, which
names every intermediate of a small network for each sample.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp

from .problem import Quantity


# -- calculus ---------------------------------------------------------------------------------
def gradient(expr, variables) -> sp.ImmutableMatrix:
    """∇f as a column."""
    return sp.ImmutableMatrix([sp.diff(expr, v) for v in variables])


def jacobian(outputs, variables) -> sp.ImmutableMatrix:
    """DF: one row per output, one column per variable."""
    outputs = list(outputs) if isinstance(outputs, (list, tuple, sp.MatrixBase)) else [outputs]
    return sp.ImmutableMatrix([[sp.diff(o, v) for v in variables] for o in outputs])


def hessian(expr, variables) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(sp.hessian(expr, list(variables)))


def at(value, point: dict):
    """`value` with the variables of `point` replaced by exact numbers."""
    point = {k: sp.nsimplify(v, rational=True) for k, v in point.items()}
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.subs(point))
    return sp.sympify(value).subs(point)


def compose(outer, outer_variables, inner) -> object:
    """outer ∘ inner: outer's variables replaced by inner's outputs."""
    inner_values = list(inner) if isinstance(inner, (list, tuple, sp.MatrixBase)) else [inner]
    mapping = dict(zip(outer_variables, inner_values))
    if isinstance(outer, (list, tuple)):
        outer = sp.ImmutableMatrix(outer)
    return sp.ImmutableMatrix(outer.xreplace(mapping)) if isinstance(outer, sp.MatrixBase) else outer.xreplace(mapping)


def chain_rule(outer, outer_variables, inner, inner_variables) -> sp.ImmutableMatrix:
    """D(F∘G) = DF(G(x)) · DG(x)."""
    outer_jacobian = compose(jacobian(outer, outer_variables), outer_variables, inner)
    return sp.ImmutableMatrix(outer_jacobian * jacobian(inner, inner_variables))


# -- naming -----------------------------------------------------------------------------------
def partial_aliases(function: str, variables, variable: str, order: int = 1) -> list[str]:
    """∂f/∂x written as \\frac{\\partial f}{\\partial x}, \\frac{\\partial f(x, y)}{\\partial x}, f_x, …"""
    args = ", ".join(str(v) for v in variables)
    if order == 1:
        return [rf"\frac{{\partial {function}}}{{\partial {variable}}}",
                rf"\frac{{\partial {function}({args})}}{{\partial {variable}}}",
                rf"{function}_{{{variable}}}", rf"{function}_{{{variable}}}({args})"]
    return [rf"\frac{{\partial^{order} {function}}}{{\partial {variable}^{order}}}",
            rf"{function}_{{{variable * order}}}", rf"{function}_{{{variable * order}}}({args})"]


def composition_aliases(outer: str, inner: str, point: str, derivative: bool = True) -> list[str]:
    """D(F∘G)(p) in the ways students write it: ∘ or ·, G or G_1, (p) or juxtaposed p."""
    out = []
    for op, inner_name in itertools.product((r"\circ", r"\cdot"), (inner, f"{inner}_1")):
        body = f"({outer} {op} {inner_name})"
        if derivative:
            out += [f"D{body}({point})", f"D{body}{point}" if len(point) == 1 else f"D{body}({point})",
                    f"{body}'({point})"]
        else:
            out += [f"{body}({point})"]
    return sorted(set(out))


# -- networks ---------------------------------------------------------------------------------
ACTIVATIONS = {
    "sigmoid": lambda a: 1 / (1 + sp.exp(-a)),
    "tanh": sp.tanh,
    "relu": lambda a: sp.Max(0, a),
    "linear": lambda a: a,
}

# Default LaTeX templates for each kind of quantity; {s} sample, {j} hidden unit, {k} weight index.
DEFAULT_ALIASES = {
    "a": [r"a_{{{s}{j}}}", r"a_{{{s},{j}}}"],
    "z": [r"z_{{{s}{j}}}", r"z_{{{s},{j}}}", r"h_{{{s}{j}}}"],
    "yhat": [r"\hat{{y}}_{{{s}}}"],
    "loss": [r"L_{{{s}}}"],
    "dL/dyhat": [r"\frac{{\partial L_{{{s}}}}}{{\partial \hat{{y}}_{{{s}}}}}", r"\frac{{\partial L}}{{\partial \hat{{y}}_{{{s}}}}}"],
    "dz/dw": [r"\frac{{\partial z_{{{s}{j}}}}}{{\partial w_{{{j}{k}}}}}"],
    "dL/dw": [r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}{k}}}}}", r"\frac{{\partial L}}{{\partial w_{{{j}{k}}}}}"],
    "dL/dv": [r"\frac{{\partial L_{{{s}}}}}{{\partial v_{{{j}}}}}", r"\frac{{\partial L}}{{\partial v_{{{j}}}}}"],
    "dL/dw_j": [r"\frac{{\partial L}}{{\partial w_{{{j}}}}}", r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}}}}}"],
    "a_vec": [r"a"],
    "z_vec": [r"z"],
    "yhat_vec": [r"\hat{{y}}"],
    "loss_vec": [r"L"],
}
# How each kind is shown in the key, when not by its first alias.
DISPLAY_NAMES = {
    "a_vec": r"a \text{{ for }} x_{{{s}}}", "z_vec": r"z \text{{ for }} x_{{{s}}}",
    "yhat_vec": r"\hat{{y}} \text{{ for }} x_{{{s}}}", "loss_vec": r"L_{{{s}}}",
    "dL/dw_j": r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}}}}}",
}


def sample_context(s: int) -> tuple[str, ...]:
    """Text that says "this is about sample s": `For \\hat{y}_2`, `x_2`, `sample 2`."""
    return (rf"\\hat\{{y\}}_\{{?{s}\b", rf"(?<![\w\\])x_\{{?{s}\}}?(?!\d)", rf"\bsample {s}\b", rf"ŷ_?{s}\b")


@dataclass
class FeedForward:
    """A network with one hidden layer, bias weights first, and one output, over labelled samples.

    W: one row per hidden unit, `[bias, w_1, …, w_n]`; v: `[bias, v_1, …, v_H]`;
    samples: `[((x_1, …, x_n), y), …]`. Quantities are named from DEFAULT_ALIASES, which
    `aliases` extends per kind, e.g. `{"dL/dv": [r"\\frac{{\\partial L}}{{\\partial v_{{1{j}}}}}"]}`.
    Weight indices k are 1-based with the bias first (w_{j1} multiplies the bias input 1).
    """

    W: list
    v: list
    samples: list
    activation: str = "sigmoid"
    loss: str = "squared"  # (y - ŷ)^2
    aliases: dict = field(default_factory=dict)

    def __post_init__(self):
        self.W = sp.ImmutableMatrix([[sp.Rational(str(c)) for c in row] for row in self.W])
        self.v = [sp.Rational(str(c)) for c in self.v]
        self.samples = [([sp.Integer(1)] + [sp.Rational(str(c)) for c in x], sp.Rational(str(y))) for x, y in self.samples]
        self.act = ACTIVATIONS[self.activation]
        self.hidden = self.W.shape[0]

    # -- exact values ----------------------------------------------------------------------
    def pre_activation(self, s: int, j: int):
        x, _ = self.samples[s - 1]
        return sum(self.W[j - 1, k] * x[k] for k in range(len(x)))

    def activation_value(self, s: int, j: int):
        return self.act(self.pre_activation(s, j))

    def activation_slope(self, s: int, j: int):
        a = sp.Symbol("a")
        return sp.diff(self.act(a), a).subs(a, self.pre_activation(s, j))

    def prediction(self, s: int):
        return self.v[0] + sum(self.v[j] * self.activation_value(s, j) for j in range(1, self.hidden + 1))

    def loss_value(self, s: int):
        return (self.samples[s - 1][1] - self.prediction(s)) ** 2

    def loss_slope(self, s: int):
        return -2 * (self.samples[s - 1][1] - self.prediction(s))

    # -- quantities --------------------------------------------------------------------------
    def names(self, kind: str, **index) -> tuple[str, ...]:
        templates = DEFAULT_ALIASES.get(kind, []) + self.aliases.get(kind, [])
        return tuple(dict.fromkeys(t.format(**index) for t in templates))

    def quantity(self, kind: str, value, *, s: int, j: int | None = None, k: int | None = None,
                 formula=None, depends=None, name: str | None = None, points: float = 1.0) -> Quantity:
        index = {"s": s, "j": j if j is not None else "", "k": k if k is not None else ""}
        aliases = self.names(kind, **index)
        ident = f"{kind}[{s},{j},{k}]"
        name = name or (DISPLAY_NAMES[kind].format(**index) if kind in DISPLAY_NAMES else aliases[0])
        return Quantity(name, value, aliases, id=ident, label=f"sample {s}",
                        context=sample_context(s), formula=formula, depends=depends or {}, points=points)

    def forward(self) -> list[Quantity]:
        out = []
        for s in range(1, len(self.samples) + 1):
            for j in range(1, self.hidden + 1):
                out.append(self.quantity("a", self.pre_activation(s, j), s=s, j=j))
            for j in range(1, self.hidden + 1):
                A = sp.Symbol("A")
                out.append(self.quantity("z", self.activation_value(s, j), s=s, j=j, formula=self.act(A),
                                         depends={A: f"a[{s},{j},None]"}))
            Z = [sp.Symbol(f"Z{j}") for j in range(1, self.hidden + 1)]
            out.append(self.quantity("yhat", self.prediction(s), s=s,
                                     formula=self.v[0] + sum(self.v[j] * Z[j - 1] for j in range(1, self.hidden + 1)),
                                     depends={Z[j - 1]: f"z[{s},{j},None]" for j in range(1, self.hidden + 1)}))
        return out

    def losses(self) -> list[Quantity]:
        out = []
        for s in range(1, len(self.samples) + 1):
            Y = sp.Symbol("Y")
            y = self.samples[s - 1][1]
            out.append(self.quantity("loss", self.loss_value(s), s=s, formula=(y - Y) ** 2,
                                     depends={Y: f"yhat[{s},None,None]"}))
        return out

    def backprop(self) -> list[Quantity]:
        out = []
        Y, G, D, Z = sp.symbols("Y G D Z")
        for s in range(1, len(self.samples) + 1):
            x, y = self.samples[s - 1]
            out.append(self.quantity("dL/dyhat", self.loss_slope(s), s=s, formula=-2 * (y - Y),
                                     depends={Y: f"yhat[{s},None,None]"}))
            grad = f"dL/dyhat[{s},None,None]"
            for j in range(1, self.hidden + 1):
                for k in range(1, len(x) + 1):
                    slope = self.activation_slope(s, j) * x[k - 1]
                    out.append(self.quantity("dz/dw", slope, s=s, j=j, k=k, formula=Z * (1 - Z) * x[k - 1]
                                             if self.activation == "sigmoid" else None,
                                             depends={Z: f"z[{s},{j},None]"} if self.activation == "sigmoid" else {}))
                    out.append(self.quantity("dL/dw", self.loss_slope(s) * self.v[j] * slope, s=s, j=j, k=k,
                                             formula=G * self.v[j] * D,
                                             depends={G: grad, D: f"dz/dw[{s},{j},{k}]"}))
            out.append(self.quantity("dL/dv", self.loss_slope(s), s=s, j=0, formula=G, depends={G: grad}))
            for j in range(1, self.hidden + 1):
                out.append(self.quantity("dL/dv", self.loss_slope(s) * self.activation_value(s, j), s=s, j=j,
                                         formula=G * Z, depends={G: grad, Z: f"z[{s},{j},None]"}))
        return out

    def gradient_vectors(self) -> list[Quantity]:
        """∂L_s/∂w_j as a vector over the weight index, for each sample and hidden unit."""
        out = []
        for s in range(1, len(self.samples) + 1):
            n = len(self.samples[s - 1][0])
            for j in range(1, self.hidden + 1):
                comps = [sp.Symbol(f"C{k}") for k in range(1, n + 1)]
                values = [self.loss_slope(s) * self.v[j] * self.activation_slope(s, j) * self.samples[s - 1][0][k - 1]
                          for k in range(1, n + 1)]
                out.append(self.quantity("dL/dw_j", sp.ImmutableMatrix(values), s=s, j=j,
                                         formula=sp.ImmutableMatrix(comps),
                                         depends={c: f"dL/dw[{s},{j},{k}]" for k, c in enumerate(comps, start=1)}))
        return out

    def vector_form(self) -> list[Quantity]:
        """a = W x, z = σ(a), ŷ = v^T [1; z], L = (y - ŷ)^2 for each sample, as vectors."""
        out = []
        A = sp.ImmutableMatrix(sp.symbols(f"A1:{self.hidden + 1}"))
        Zs = sp.ImmutableMatrix(sp.symbols(f"Z1:{self.hidden + 1}"))
        Y = sp.Symbol("Y")
        for s in range(1, len(self.samples) + 1):
            a = sp.ImmutableMatrix([self.pre_activation(s, j) for j in range(1, self.hidden + 1)])
            z = sp.ImmutableMatrix([self.activation_value(s, j) for j in range(1, self.hidden + 1)])
            out.append(self.quantity("a_vec", a, s=s))
            out.append(self.quantity("z_vec", z, s=s, formula=A.applyfunc(self.act),
                                     depends={A: f"a_vec[{s},None,None]"}))
            yhat_formula = self.v[0] + sum(self.v[j] * Zs[j - 1] for j in range(1, self.hidden + 1))
            out.append(self.quantity("yhat_vec", self.prediction(s), s=s, formula=yhat_formula,
                                     depends={Zs: f"z_vec[{s},None,None]"}))
            out.append(self.quantity("loss_vec", self.loss_value(s), s=s, formula=(self.samples[s - 1][1] - Y) ** 2,
                                     depends={Y: f"yhat_vec[{s},None,None]"}))
        return out
