"""One element of a chain, evaluated: its value under a view of the bindings, or why it has none.

The edge where SymPy runs on student input: every exception SymPy or the
interpreter can raise for bad input is caught here and becomes an `Outcome`.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symcheck.core.errors import SYMPY_ERRORS, EvaluationError, ShapeMismatch, SymcheckError, TooLarge
from symcheck.latex.parse import Parsed
from symcheck.latex.syntax import Add, Group, Matrix, Neg, Node, Num, TupleNode
from symcheck.meaning.functions import FunctionValue
from symcheck.meaning.interpret import Dual, EmptyScope, Reading, Scope, interpret_reading


@dataclass(frozen=True)
class Outcome:
    value: object = None
    error: str = ""
    kind: str = ""  # "" | shape | too-large | evaluation
    guesses: tuple[str, ...] = ()  # what the reading assumed (see interpret.Reading)
    unknown_shape: frozenset[str] = frozenset()
    function: FunctionValue | None = None  # the function whose formula `value` is, when a side named one
    dual: Dual = frozenset()  # names read as variables that are also functions (see interpret.Reading)

    @property
    def ok(self) -> bool:
        return not self.error


def evaluate(parsed: Parsed, scope: Scope) -> Outcome:
    """The value of one reading under `scope`."""
    if parsed.tree is None:
        return Outcome(error=parsed.error, kind="too-large" if parsed.too_large else "unparsed")
    try:
        reading = interpret_reading(parsed.tree, scope)
        return Outcome(reading.value, guesses=parsed.guesses + reading.guesses, unknown_shape=reading.unknown_shape,
                       dual=reading.dual)
    except ShapeMismatch as exc:
        failed = exc.reading if isinstance(exc.reading, Reading) else None
        return Outcome(error=str(exc), kind="shape", guesses=parsed.guesses + (failed.guesses if failed else ()),
                       unknown_shape=failed.unknown_shape if failed else frozenset())
    except TooLarge as exc:
        return Outcome(error=str(exc), kind="too-large")
    except (EvaluationError, SymcheckError) as exc:
        return Outcome(error=str(exc), kind="evaluation")
    except SYMPY_ERRORS as exc:
        return Outcome(error=f"{type(exc).__name__}: {exc}"[:200], kind="evaluation")


class FunctionsOnly(EmptyScope):
    """A scope with the student's functions but none of their values."""

    def __init__(self, functions: dict[str, FunctionValue]) -> None:
        self.functions = functions

    def function_of(self, name: str) -> FunctionValue | None:
        return self.functions.get(name)

    def is_variable(self, name: str) -> bool:
        return any(name == str(p) for fn in self.functions.values() for p in fn.params)


def literal_halfwidth(tree: Node | None) -> tuple[object, object]:
    """(half-width, decimals) of a bare decimal literal or matrix of them; (0, None) otherwise.

    A literal with k decimals stands for every value within one unit of its last digit.
    """
    if tree is None:
        return 0, None
    cells = _literal_cells(tree)
    if cells is None:
        return 0, None
    if isinstance(cells, list):
        widths = [_ulp(c) for c in cells]
        decimals = [_decimals(c) for c in cells]
        rows, cols = _shape(tree)
        return sp.ImmutableMatrix(rows, cols, widths), sp.ImmutableMatrix(rows, cols, decimals)
    return _ulp(cells), _decimals(cells)


def _literal_cells(tree: Node) -> str | list | None:
    match tree:
        case Num(text=text) | Neg(arg=Num(text=text)):
            return text
        case Group(inner=inner) | Add(terms=((_, inner),)):
            return _literal_cells(inner)
        case Matrix(rows=rows):
            cells = [_literal_cells(c) for row in rows for c in row]
            return cells if all(isinstance(c, str) for c in cells) else None
        case TupleNode(items=items):
            cells = [_literal_cells(c) for c in items]
            return cells if all(isinstance(c, str) for c in cells) else None
    return None


def _shape(tree: Node) -> tuple[int, int]:
    match tree:
        case Group(inner=inner) | Add(terms=((_, inner),)):
            return _shape(inner)
        case Matrix(rows=rows):
            return len(rows), len(rows[0])
        case TupleNode(items=items):
            return len(items), 1
    raise TypeError(f"no shape for {tree.kind}")


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])


def _ulp(text: str) -> sp.Rational:
    places = _decimals(text)
    return sp.Rational(1, 10 ** places) if places else sp.Integer(0)
