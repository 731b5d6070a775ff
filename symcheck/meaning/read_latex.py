"""`read_latex`: symcheck's own LaTeX reader as a public function, with no bindings.

The text goes through the same normalisation rules, tokenizer, parser and interpreter as an
answer file (`symcheck.latex`, `symcheck.meaning.interpret`) with an empty scope: no latex2sympy2
fallback, no eval. Relations (`=`, `<`, `\\le`, …) are refused: read each side on its own.
"""
from __future__ import annotations

import re

import sympy as sp

from symcheck.core.errors import SYMPY_ERRORS, EvaluationError, LatexParseError, ReadError, SymcheckError, TooLarge
from symcheck.core.limits import StepTimeout, deadline
from symcheck.latex.normalize import normalize
from symcheck.latex.parse import MAX_EXPRESSION_CHARS
from symcheck.latex.parser import parse_latex_tree
from symcheck.meaning.functions import FunctionValue
from symcheck.meaning.interpret import EmptyScope, interpret

_RELATION = re.compile(r"(?<![\\<>!])(?::?=|<|>)"
                       r"|\\(?:le|ge|leq|geq|neq|ne|lt|gt|approx|equiv|sim|leqslant|geqslant)(?![A-Za-z])")


def read_latex(latex: str, *, timeout: float | None = 2.0) -> sp.Expr | sp.ImmutableMatrix:
    """The SymPy value of one LaTeX math expression, read by symcheck's own reader.

    Numbers are exact rationals (`0.5` is 1/2), symbols keep their LaTeX spelling (`w_{11}`,
    `\\alpha`, `\\hat{y}`), `e` is Euler's number, `f(x)` an undefined function. Matrices come back
    as `sympy.ImmutableMatrix`. Raises `ReadError` (a `SymcheckError`) with the reason when the text
    cannot be read: unknown or ambiguous notation, a relation, malformed LaTeX, over a size gate,
    or longer than `timeout` seconds (None: no limit).
    """
    if not isinstance(latex, str):
        raise ReadError(f"expected a string, got {type(latex).__name__}")
    if len(latex) > MAX_EXPRESSION_CHARS:
        raise ReadError(f"too large: an expression of {len(latex)} characters", latex[:80])
    try:
        with deadline(timeout):
            return _read(latex)
    except StepTimeout:
        raise ReadError(f"took longer than {timeout} s", latex) from None


def _has_relation(text: str) -> bool:
    """A relation outside braces (`\\sum_{i=1}^n` holds an `=` that is no relation)."""
    for m in _RELATION.finditer(text):
        before = text[:m.start()]
        if before.count("{") - before.count("\\{") == before.count("}") - before.count("\\}"):
            return True
    return False


def _read(latex: str) -> sp.Expr | sp.ImmutableMatrix:
    text = normalize(latex)
    if not text:
        raise ReadError("empty expression", latex)
    if _has_relation(text):
        raise ReadError("a relation: read_latex reads one expression, not =, <, \\le, …", latex)
    if re.search(r"\\otimes(?![A-Za-z])", text):
        raise ReadError("\\otimes is ambiguous: the element-wise or the Kronecker product", latex)
    try:
        tree = parse_latex_tree(text, extended=True)
        value = interpret(tree, EmptyScope())
    except TooLarge as exc:
        raise ReadError(f"too large: {exc}", latex) from None
    except LatexParseError as exc:
        raise ReadError(exc.reason, latex) from None
    except RecursionError:
        raise ReadError("too large: nesting too deep", latex) from None
    except (EvaluationError, SymcheckError) as exc:
        raise ReadError(str(exc), latex) from None
    except SYMPY_ERRORS as exc:
        raise ReadError(f"no value: {type(exc).__name__}: {exc}", latex) from None
    if isinstance(value, FunctionValue):
        raise ReadError(f"a function ({value.name}) with no argument", latex)
    if isinstance(value, tuple):
        raise ReadError("a list of values, not one expression", latex)
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value)
    if not isinstance(value, sp.Expr):
        raise ReadError(f"not an expression: {type(value).__name__}", latex)
    return value
