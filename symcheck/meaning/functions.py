"""Functions as values: what a student defines (`f(x, y) = 2x + 3y`) and what operators make of them."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

import sympy as sp

from symcheck.core.errors import EvaluationError, ShapeMismatch
from symcheck.core.sizegate import gated_xreplace

# A number or a matrix: what a formula means once functions and lists are ruled out. SymPy is untyped, so to mypy
# this is Any; the alias says in a signature that the value is known to be one of the two.
Math: TypeAlias = sp.Expr | sp.MatrixBase
_V = TypeVar("_V")

Value = object  # sympy.Expr | sympy.ImmutableMatrix | tuple | FunctionValue


@dataclass(frozen=True)
class FunctionValue:
    """A function of named parameters: `params -> body` (body a scalar or a column/matrix)."""

    name: str
    params: tuple[sp.Symbol, ...]
    body: object
    line: int = 0
    parent: FunctionValue | None = None  # for a component F_k, the function F

    def call(self, args: list) -> object:
        args = self.spread(args)
        if len(args) != len(self.params):
            raise EvaluationError(f"{self.name} takes {len(self.params)} argument(s), got {len(args)}")
        if any(isinstance(a, (FunctionValue, tuple)) for a in args):
            raise EvaluationError(f"{self.name} applied to something that is not a number or expression")
        mapping = dict(zip(self.params, args))
        return substitute(self.body, mapping)

    def spread(self, args: list) -> list:
        if len(args) == 1 and len(self.params) > 1 and is_vector(args[0]):
            return list(args[0])
        return [as_scalar(a) for a in args]

    def outputs(self) -> list:
        return list(self.body) if isinstance(self.body, sp.MatrixBase) else [self.body]

    def component(self, index: int) -> FunctionValue:
        outputs = self.outputs()
        if not 1 <= index <= len(outputs) or len(outputs) == 1:
            raise EvaluationError(f"{self.name} has no component {index}")
        return FunctionValue(f"{self.name}_{index}", self.params, outputs[index - 1], self.line, self)


def substitute(body: object, mapping: dict) -> object:
    """`body` with its parameters replaced, every power gated before it is computed (see sizegate)."""
    if isinstance(body, sp.MatrixBase):
        return gated_xreplace(body, mapping)
    return gated_xreplace(sp.sympify(body), mapping)


def is_vector(value: object) -> bool:
    return isinstance(value, sp.MatrixBase) and 1 in value.shape and len(value) > 1


def as_scalar(value: _V) -> _V:
    """A 1×1 matrix as its entry; anything else unchanged."""
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def compose(outer: FunctionValue, inner: FunctionValue) -> FunctionValue:
    """outer ∘ inner."""
    values = inner.outputs()
    if len(values) != len(outer.params) and inner.parent is not None:
        inner = inner.parent  # G_1 written for G, as in F ∘ G_1
        values = inner.outputs()
    if len(values) != len(outer.params):
        raise ShapeMismatch(
            f"{outer.name} takes {len(outer.params)} input(s) but {inner.name} gives {len(values)}")
    body = substitute(outer.body, dict(zip(outer.params, values)))
    return FunctionValue(f"{outer.name}∘{inner.name}", inner.params, body, inner.line)


@functools.lru_cache(maxsize=1024)
def jacobian(fn: FunctionValue) -> FunctionValue:
    """D f: a row for a scalar function, m×n for m outputs and n inputs (m×1 when n = 1)."""
    outputs = fn.outputs()
    rows = [[sp.diff(out, p) for p in fn.params] for out in outputs]
    return FunctionValue(f"D{fn.name}", fn.params, sp.ImmutableMatrix(rows), fn.line)


def gradient(fn: FunctionValue) -> FunctionValue:
    """∇f as a column, for a scalar function."""
    if isinstance(fn.body, sp.MatrixBase):
        raise ShapeMismatch(f"the gradient of the vector-valued {fn.name} is not defined; use its Jacobian")
    column = sp.ImmutableMatrix([sp.diff(fn.body, p) for p in fn.params])
    return FunctionValue(f"∇{fn.name}", fn.params, column, fn.line)


def hessian(fn: FunctionValue) -> FunctionValue:
    if isinstance(fn.body, sp.MatrixBase):
        raise ShapeMismatch(f"the Hessian of the vector-valued {fn.name} is not defined")
    return FunctionValue(f"∇²{fn.name}", fn.params, sp.ImmutableMatrix(sp.hessian(fn.body, fn.params)), fn.line)


def derivative(fn: FunctionValue) -> FunctionValue:
    """f' for a function of one variable (elementwise for vector outputs)."""
    if len(fn.params) != 1:
        raise EvaluationError(f"{fn.name}' needs a function of one variable")
    return FunctionValue(f"{fn.name}'", fn.params, _diff(fn.body, fn.params[0]), fn.line)


def _diff(body: object, var: sp.Symbol) -> object:
    if isinstance(body, sp.MatrixBase):
        return sp.ImmutableMatrix(body.diff(var))
    return sp.diff(body, var)
