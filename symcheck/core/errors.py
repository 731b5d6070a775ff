"""Exceptions. Student mistakes are findings, not exceptions; these are for the program's own failures."""
from __future__ import annotations

from sympy import SympifyError
from sympy.polys.polyerrors import BasePolynomialError

# What SymPy raises when a student's value cannot be computed with (a shape that does not fit, a division
# by zero, a polynomial it cannot factor, a recursion too deep). Caught where SymPy runs on student values
# (`symcheck.meaning.evaluate`, and the mutations of `symcheck.diagnose.rules`); anything else, such as an
# AttributeError or a KeyError, is a bug in symcheck and propagates.
SYMPY_ERRORS: tuple[type[BaseException], ...] = (
    TypeError, ValueError, ZeroDivisionError, NotImplementedError, OverflowError, RecursionError,
    SympifyError, BasePolynomialError,
)


class SymcheckError(Exception):
    """Base class of every error symcheck raises on purpose."""

    # what the interpretation had assumed when it failed (a meaning.interpret.Reading), set by interpret_reading
    reading: object = None


class LatexParseError(SymcheckError):
    """A piece of LaTeX could not be read. `position` points into the text when known."""

    def __init__(self, reason: str, text: str = "", position: int | None = None):
        self.reason, self.text, self.position = reason, text, position
        super().__init__(reason)


class UnsupportedNotation(LatexParseError):
    """The LaTeX is well formed but uses notation symcheck does not interpret."""


class ReadError(SymcheckError):
    """`symcheck.read_latex` could not read a piece of LaTeX; `reason` says why (unknown notation, a
    relation, malformed input, over a size or time gate, no value without bindings)."""

    def __init__(self, reason: str, text: str = ""):
        self.reason, self.text = reason, text
        super().__init__(reason)


class TooLarge(SymcheckError):
    """An input exceeds one of the static size gates (see `symcheck.core.limits`)."""


class EvaluationError(SymcheckError):
    """A parsed expression has no value: undefined product, wrong arity, division by zero."""


class ShapeMismatch(EvaluationError):
    """Matrices whose shapes do not fit the operation written between them."""


class ProblemFileError(SymcheckError):
    """A problem file (answer key) is broken. Carries the file, line and reason."""

    def __init__(self, path: str, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class InputFileError(SymcheckError):
    """An answer file cannot be read at all (missing, a directory, unreadable)."""


class DerivationError(SymcheckError, ValueError):
    """A helper of `symcheck.keys.derive` was called with arguments that do not fit (shapes, variables, orders).

    Raised while a problem file runs; `load_problem` reports it at the line of the call."""
