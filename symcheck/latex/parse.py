"""LaTeX text -> syntax tree: the only place that touches a LaTeX parser.

symcheck's own parser (`symcheck.latex.parser`) reads the notation of this field
exactly (decimals as rationals, `16(8)` as a product, subscripted names as single
symbols, Leibniz quotients, matrices). What it does not interpret (sums,
integrals, limits) goes to latex2sympy2_extended, whose result is accepted only
when it holds no floating-point numbers. Results are cached (`PARSED`): a string is parsed
once per process.
"""
from __future__ import annotations

import contextlib
import functools
import re
import time
from dataclasses import dataclass

from symcheck.core.errors import LatexParseError, TooLarge, UnsupportedNotation
from symcheck.latex.lexer import GLUED_DELIMITER
from symcheck.latex.normalize import readings
from symcheck.latex.parser import parse_latex_tree
from symcheck.latex.syntax import Name, Node, SympyValue, walk

MAX_EXPRESSION_CHARS = 5000


@dataclass(frozen=True)
class Parsed:
    """One reading of an expression: its tree, or why it has none."""

    text: str
    tree: Node | None
    note: str = ""  # which alternative reading this is ('' for the literal one)
    error: str = ""
    too_large: bool = False
    guesses: tuple[str, ...] = ()  # what reading the text this way assumed (see `notation_guesses`)


def parse_readings(text: str) -> tuple[Parsed, ...]:
    """Every reading of `text` (normally one), each parsed once per process (`PARSED`)."""
    if len(text) > MAX_EXPRESSION_CHARS:  # gated before any pattern runs over it
        return (Parsed(text[:80], None, "", f"an expression of {len(text)} characters", too_large=True),)
    return tuple(PARSED.get(alt, note) for alt, note in readings(text))


class ParseCache:
    """Each text's parsed reading, kept for the life of the process, and how much parsing it took.

    A text always reads the same way, so a class of submissions parses the notation they share once.
    `calls` and `seconds` count the parses actually run (the benchmarks read them); `clear()` forgets
    everything (tests and benchmarks start from it).
    """

    def __init__(self, size: int = 20_000) -> None:
        self.calls = 0
        self.seconds = 0.0
        self._cached = functools.lru_cache(maxsize=size)(self._parse)

    def get(self, text: str, note: str) -> Parsed:
        return self._cached(text, note)

    def clear(self) -> None:
        self._cached.cache_clear()
        self.calls, self.seconds = 0, 0.0

    def _parse(self, text: str, note: str) -> Parsed:
        start = time.perf_counter()
        self.calls += 1
        try:
            return _parse_one(text, note)
        finally:
            self.seconds += time.perf_counter() - start


PARSED = ParseCache()


def _parse_one(text: str, note: str) -> Parsed:
    try:
        if len(text) > MAX_EXPRESSION_CHARS:
            raise TooLarge(f"an expression of {len(text)} characters")
        tree = parse_latex_tree(text)
        return Parsed(text, tree, note, guesses=notation_guesses(text) + tree_guesses(tree))
    except TooLarge as exc:
        return Parsed(text, None, note, str(exc), too_large=True)
    except UnsupportedNotation as exc:
        if _SERIES.search(text) and not _INTEGRAL_OR_LIMIT.search(text):
            with contextlib.suppress(LatexParseError, RecursionError):  # sums written out by the checker
                return Parsed(text, parse_latex_tree(text, extended=True), note, guesses=notation_guesses(text))
        return _fallback(text, note, exc)
    except LatexParseError as exc:
        return Parsed(text, None, note, exc.reason)
    except RecursionError:
        return Parsed(text, None, note, "nesting too deep", too_large=True)


_SERIES = re.compile(r"\\(?:sum|prod)(?![A-Za-z])")
_INTEGRAL_OR_LIMIT = re.compile(r"\\(?:int|lim)(?![A-Za-z])")  # not \limits, \intercal
_WORD_ARGUMENTS = re.compile(r"\\(?:text|mathrm|mathit|textrm|textbf|mathbf|boldsymbol|operatorname|"
                             r"begin|end|label|tag|mbox)\s*\{[^{}]*\}")
_LETTER_WORD = re.compile(r"(?<![\\A-Za-z])([A-Za-z]{2,})(?![A-Za-z])")
_TRANSPOSE_THEN_LETTERS = re.compile(r"\^T([A-Za-z])")
_FUNCTION_WORDS = {"ln", "lg", "tr", "exp", "log", "sin", "cos", "tan", "max", "min", "det", "sgn", "arg"}
_SPACED_BRACKET = re.compile(r"[\[(][^\[\]()]*?[\w}]\s*\\(?: |quad|qquad)\s*[\w\\{][^\[\]()]*[\])]")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:\s*(?:\\,|\\ |~|\\;|\\:|\{,\})\s*\d{3})+(?![\d.])")
_IMPLICIT_SUM = re.compile(r"\\(?:sum|prod)(?:\\limits)?\s*_\s*(?:\{\s*[A-Za-z]\s*\}|[A-Za-z])(?!\s*\^)")
_SUM_EXCLUDING = re.compile(r"\\sum(?:\\limits)?\s*_\s*\{\s*[A-Za-z]\s*\\neq?(?![A-Za-z])")
_TEXT_DIFFERENTIAL = re.compile(r"\\(?:text|mathrm|operatorname)\s*\{\s*d\s*\}")


IMPLICIT_SUM_GUESS = "a sum without bounds is assumed to run over the same range wherever its index is used"


def notation_guesses(text: str) -> tuple[str, ...]:
    """Choices the reader makes that the text does not settle: letters run together read as a
    product (`exp(x)`, `net`), spacing between the items of a bracket (`[x_1\\ x_2]`: a row
    vector or a product), `\\text{d}` read as a letter rather than a differential."""
    guesses = []
    bare = _WORD_ARGUMENTS.sub(" ", text)
    bare = _TRANSPOSE_THEN_LETTERS.sub(r"^{T} \1", bare)  # x^TAx: ^T takes one letter (x^{T} A x)
    words = [w for w in _LETTER_WORD.findall(bare) if w.lower() in _FUNCTION_WORDS or len(w) >= 3]
    if words:
        guesses.append(f"'{words[0]}' read as a product of letters; it may be one name or a function")
    if _SPACED_BRACKET.search(text):
        guesses.append("spacing between the items in a bracket read as a product; it may be a row vector")
    if _IMPLICIT_SUM.search(text):
        guesses.append(IMPLICIT_SUM_GUESS)
    if _THOUSANDS.search(text):
        guesses.append("a space between digit groups read as a product; it may separate thousands (1\\,000)")
    if "\\mathbb" in text:
        guesses.append("\\mathbb{…} names a set (a space of vectors or matrices), not a value")
    if "\\triangledown" in text:
        guesses.append("\\triangledown read as ∇ (the gradient); it may be another operator")
    if _SUM_EXCLUDING.search(text):
        guesses.append("a sum over j ≠ i read as the sum from 1 (or over the range its index has elsewhere) less "
                       "its term j = i")
    if "\\otimes" in text:
        guesses.append("\\otimes read as the element-wise (Hadamard) product; it may be the Kronecker product")
    glued = GLUED_DELIMITER.search(text)
    if glued:
        guesses.append(f"\\{glued.group(0)[1:]} read as \\{glued.group(1)} then {glued.group(2)}: a delimiter run into "
                       "the letters after it")
    if _TEXT_DIFFERENTIAL.search(text):
        guesses.append("\\text{d} read as a letter; it may be a differential")
    return tuple(guesses)


_EVENT = re.compile(r"[^{]\(")  # p(y|x) as a name; not the label of W^{(1)}


def tree_guesses(tree: Node) -> tuple[str, ...]:
    """Choices the parser made that the tree shows: `p(y | x; θ)` read as one unknown value."""
    if any(isinstance(node, Name) and _EVENT.search(node.name) for node in walk(tree)):
        return ("p(…|…) read as one unknown value (a probability); how it relates to others is not known",)
    return ()


def _fallback(text: str, note: str, exc: UnsupportedNotation) -> Parsed:
    from symcheck.latex.fallback import parse_with_latex2sympy

    expr = parse_with_latex2sympy(text)
    if expr is None:
        return Parsed(text, None, note, exc.reason)
    return Parsed(text, SympyValue(expr), note)
