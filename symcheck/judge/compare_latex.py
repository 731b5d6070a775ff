"""`compare_latex`: is a LaTeX answer equal to an expected LaTeX expression?"""
from __future__ import annotations

from typing import Literal

from symcheck.core.results import Comparison, Method, Verdict
from symcheck.judge.compare import Side, compare
from symcheck.latex.parse import parse_readings
from symcheck.meaning.evaluate import evaluate, literal_halfwidth
from symcheck.meaning.interpret import EmptyScope, is_opaque


class _Expanding(EmptyScope):
    """No bindings; sums and products with whole-number bounds written out term by term."""

    expands_sums = True

ToleranceMode = Literal["exact", "rounding"]


def compare_latex(expected: str, answer: str, *, tolerance: ToleranceMode = "exact") -> Comparison:
    """Compare `answer` with `expected`. With tolerance="rounding", a decimal answer with k decimals
    matches a value within one unit of its last digit (rounded or truncated)."""
    if tolerance not in ("exact", "rounding"):
        raise ValueError(f"tolerance must be 'exact' or 'rounding', not {tolerance!r}")
    expected_value = _value(expected)
    if isinstance(expected_value, Comparison):
        return expected_value
    best: Comparison | None = None
    for reading in parse_readings(answer):
        outcome = evaluate(reading, _Expanding())
        if not outcome.ok:
            best = best or Comparison(Verdict.UNDECIDED, Method.NONE, f"answer: {outcome.error}")
            continue
        halfwidth, decimals = literal_halfwidth(reading.tree) if tolerance == "rounding" else (0, None)
        variables = _symbols(expected_value) | _symbols(outcome.value)  # no unknown quantities here: all are variables
        result = compare(Side(expected_value), Side(outcome.value, halfwidth, decimals), variables=variables,
                         strict_shapes=True)
        if result.verdict is Verdict.EQUAL:
            return result
        if best is None or best.verdict is Verdict.UNDECIDED:
            best = result
    return best or Comparison(Verdict.UNDECIDED, Method.NONE, "answer could not be read")


def _symbols(value: object) -> frozenset:
    """Free symbols that are variables; named quantities (∂L/∂w, \\text{…}) are not."""
    return frozenset(s for s in getattr(value, "free_symbols", ()) if not is_opaque(s))


def _value(latex: str) -> object:
    """The value of the expected LaTeX, or an UNDECIDED Comparison saying why it has none."""
    outcome = evaluate(parse_readings(latex)[0], _Expanding())
    if not outcome.ok:
        return Comparison(Verdict.UNDECIDED, Method.NONE, f"expected: {outcome.error}")
    return outcome.value
