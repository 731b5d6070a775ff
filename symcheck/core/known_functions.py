"""One registry of the named functions a student may write (`\\sigma`, `\\tanh`, `\\operatorname{ReLU}`, …).

Each row gives everything symcheck knows about one function: the LaTeX names that call it
(read by `symcheck.latex.parser`), its meaning in SymPy (given by `symcheck.meaning.interpret`), its
interval version (used by `symcheck.meaning.intervals` to bound rounded values), its inverse (what
`f^{-1}` means) and, when SymPy's is not the one wanted, its derivative (what `f'` means).

The interval version cannot be left out by accident: `interval` has no default. It is
  - a function on mpmath intervals, for a row whose `sympy` is a SymPy function class
    (intervals find it by that class's name), or
  - BY_PARTS: the SymPy value is built from arithmetic and other rows (σ is 1/(1+e^{-x})),
    which intervals evaluate part by part, or
  - NO_INTERVAL: intervals cannot bound it (a value through it is never called wrong on rounding).
`tests/test_functions_registry.py` checks each row keeps its word.

Adding a function is one row, as softplus was:
`FunctionSpec("softplus", ("softplus",), lambda x: sp.log(1 + sp.exp(x)), BY_PARTS)`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from symcheck.core.interval_math import (
    NotEvaluable,
    abs_interval,
    cosh_interval,
    hi,
    iv,
    lo,
    monotone,
    mp,
    mpf,
    periodic,
)

BY_PARTS = "by parts"
NO_INTERVAL = "no interval"

IntervalFn = Callable[..., object]


@dataclass(frozen=True)
class FunctionSpec:
    """One named function.

    `name` is its name in the syntax tree (`Fn(name)`, and in \\operatorname{name}(…)); `latex_names` the
    names after a backslash, in \\operatorname{…} or \\text{…} (none: reached only through other notation,
    as |x|, \\binom or σ^{-1});
    `sympy` its meaning on one argument, applied entry by entry to a matrix (None for the functions of
    matrices and of several arguments, whose meaning `interpret.apply_named` gives); `interval` see the
    module's note; `inverse` the `name` of the row that f^{-1} means; `derivative` its derivative when
    SymPy's differentiation of `sympy` is not the one wanted (f' reads it).
    """

    name: str
    latex_names: tuple[str, ...]
    sympy: Callable[..., object] | None
    interval: IntervalFn | str
    inverse: str | None = None
    derivative: Callable[[sp.Expr], sp.Expr] | None = None
    several_arguments: bool = False  # max, min: sympy takes every argument

    @property
    def elementwise(self) -> bool:
        return self.sympy is not None and not self.several_arguments


def sigmoid(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def _logit(y: sp.Expr) -> sp.Expr:
    return sp.log(y / (1 - y))


def _relu(x: sp.Expr) -> sp.Expr:
    return sp.Max(0, x)


def _step(below: int, above: int) -> IntervalFn:
    """A step function (`Heaviside`, `sign`) on an interval that does not hold 0; at 0 its value is a
    convention (ReLU'(0) is 0, 1/2 or 1 by course), so an interval holding 0 is not evaluated."""

    def step(x: object, *_convention_at_0: object) -> object:  # Heaviside(x, H0)
        if lo(x) > 0:
            return iv.mpf(above)
        if hi(x) < 0:
            return iv.mpf(below)
        raise NotEvaluable("a step function at an interval holding 0")

    return step


def _relu_slope(x: sp.Expr) -> sp.Expr:
    """ReLU'(x): 0 below 0, 1 above; at 0 courses set 0, 1/2 or 1, so it is left undefined (NaN), and a
    step that needs it is undecided (SymPy's own Heaviside(0) would be 1/2)."""
    return sp.Heaviside(x, sp.nan)


def _max(*xs: object) -> object:
    return iv.mpf([max(lo(x) for x in xs), max(hi(x) for x in xs)])


def _min(*xs: object) -> object:
    return iv.mpf([min(lo(x) for x in xs), min(hi(x) for x in xs)])


def _increasing(fn: Callable[[mpf], mpf], low: mpf | None = None) -> IntervalFn:
    return lambda x: monotone(fn, x, low=low)


FUNCTIONS: tuple[FunctionSpec, ...] = (
    FunctionSpec("sigma", ("sigma", "sigmoid"), sigmoid, BY_PARTS, inverse="logit"),
    FunctionSpec("logit", (), _logit, BY_PARTS),
    FunctionSpec("exp", ("exp",), sp.exp, _increasing(mp.exp)),
    FunctionSpec("log", ("log", "ln"), sp.log, _increasing(mp.log, low=mpf("1e-300"))),
    FunctionSpec("sin", ("sin",), sp.sin, periodic(iv.sin), inverse="asin"),
    FunctionSpec("cos", ("cos",), sp.cos, periodic(iv.cos), inverse="acos"),
    FunctionSpec("tan", ("tan",), sp.tan, periodic(iv.tan), inverse="atan"),
    FunctionSpec("tanh", ("tanh",), sp.tanh, _increasing(mp.tanh), inverse="atanh"),
    FunctionSpec("sinh", ("sinh",), sp.sinh, _increasing(mp.sinh), inverse="asinh"),
    FunctionSpec("cosh", ("cosh",), sp.cosh, cosh_interval, inverse="acosh"),
    FunctionSpec("atan", ("arctan",), sp.atan, _increasing(mp.atan)),
    FunctionSpec("asin", ("arcsin",), sp.asin, NO_INTERVAL),
    FunctionSpec("acos", ("arccos",), sp.acos, NO_INTERVAL),
    FunctionSpec("asinh", ("arcsinh", "arsinh"), sp.asinh, _increasing(mp.asinh)),
    FunctionSpec("acosh", ("arccosh", "arcosh"), sp.acosh, NO_INTERVAL),
    FunctionSpec("atanh", ("arctanh", "artanh"), sp.atanh, _increasing(mp.atanh)),
    FunctionSpec("sech", ("sech",), sp.sech, lambda x: 1 / cosh_interval(x)),
    FunctionSpec("csch", ("csch",), sp.csch, NO_INTERVAL),
    FunctionSpec("coth", ("coth",), sp.coth, NO_INTERVAL),
    FunctionSpec("sec", ("sec",), sp.sec, NO_INTERVAL),
    FunctionSpec("csc", ("csc",), sp.csc, NO_INTERVAL),
    FunctionSpec("cot", ("cot",), sp.cot, NO_INTERVAL),
    FunctionSpec("sign", ("sign", "sgn"), sp.sign, _step(-1, 1)),
    FunctionSpec("floor", ("floor",), sp.floor, NO_INTERVAL),
    FunctionSpec("ceiling", ("ceil",), sp.ceiling, NO_INTERVAL),
    FunctionSpec("relu", ("ReLU", "relu"), _relu, BY_PARTS, derivative=_relu_slope),
    FunctionSpec("softplus", ("softplus",), lambda x: sp.log(1 + sp.exp(x)), BY_PARTS),
    FunctionSpec("abs", (), sp.Abs, abs_interval),  # |x|
    FunctionSpec("max", ("max",), sp.Max, _max, several_arguments=True),
    FunctionSpec("min", ("min",), sp.Min, _min, several_arguments=True),
    FunctionSpec("det", ("det",), None, BY_PARTS),
    FunctionSpec("trace", ("tr",), None, BY_PARTS),
    FunctionSpec("softmax", ("softmax",), None, BY_PARTS),
    FunctionSpec("binomial", (), None, NO_INTERVAL),  # \binom, \choose
)

BY_NAME: dict[str, FunctionSpec] = {spec.name: spec for spec in FUNCTIONS}

LATEX_NAMES: dict[str, str] = {latex: spec.name for spec in FUNCTIONS for latex in spec.latex_names}
"""LaTeX name -> the function's name in the syntax tree (`\\ln` -> log, `\\operatorname{ReLU}` -> relu)."""

ELEMENTWISE: dict[str, FunctionSpec] = {
    **{spec.name: spec for spec in FUNCTIONS if spec.elementwise and spec.latex_names},
    **{f"inverse_{spec.name}": BY_NAME[spec.inverse] for spec in FUNCTIONS if spec.inverse},
}
"""What a function of one argument means, by its name in the syntax tree (`inverse_tanh`: f^{-1} of tanh).
A row without LaTeX names (logit, abs) is not called by name: `\\operatorname{abs}(x)` stays unknown."""

INTERVALS: dict[str, IntervalFn] = {
    **{spec.sympy.__name__: spec.interval
       for spec in FUNCTIONS if callable(spec.interval) and spec.sympy is not None},
    "Heaviside": _step(0, 1),  # ReLU' appears from derivatives, never by name
}
"""The interval version of each SymPy function class, by the class's name (`exp`, `Abs`, `Max`)."""
