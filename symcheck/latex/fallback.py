"""The adapter over latex2sympy2_extended, for notation symcheck's own parser leaves out.

Its result is accepted only when it is exact (no floating-point numbers), has no
relations, and stays within the size gates; otherwise the expression stays unparsed.

The library evaluates while it parses (`\\sum_{i=1}^{1} 9^{9^{9}}` computes 9^(9^9) in C, which no
watchdog interrupts), so it is given only text without a power inside an exponent or a factorial,
and it runs in a child process killed after FALLBACK_SECONDS (see `symcheck.core.hardlimit`).
"""
from __future__ import annotations

import re

import sympy as sp

from symcheck.core.hardlimit import Killed, run_killable

_MAX_OPS = 400
_SAFE_TYPES = (sp.Expr, sp.MatrixBase)
FALLBACK_SECONDS = 5.0
_NESTED_POWER = re.compile(r"\^\s*\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\^|\^\s*\(?\s*[^{\s]\s*\^")


def parse_with_latex2sympy(text: str) -> sp.Basic | None:
    """A SymPy expression for `text`, or None when the library cannot read it exactly (or safely)."""
    if "\\" not in text or any(bad in text for bad in ("\\def", "\\input", "\\include", "\\newcommand")):
        return None
    if "!" in text or "^^" in text.replace(" ", "") or _NESTED_POWER.search(text):
        return None  # a power tower or a factorial: the library would compute it while parsing
    result = run_killable(_parse, text, seconds=FALLBACK_SECONDS)
    return None if isinstance(result, Killed) else result


def _parse(text: str) -> sp.Basic | None:
    """Run in the child process: the library's reading of `text`, evaluated and size-checked there."""
    try:
        from latex2sympy2_extended import latex2sympy
        from latex2sympy2_extended.latex2sympy2 import ConversionConfig
        from latex2sympy2_extended.math_normalization import NormalizationConfig
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    conversion = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)
    normalization = NormalizationConfig(basic_latex=False, units=False, malformed_operators=False,
                                        nits=False, boxed="none", equations=False)
    try:
        expr = latex2sympy(text, conversion_config=conversion, normalization_config=normalization)
    except Exception:  # noqa: BLE001 - the library raises bare Exceptions; any failure means "unparsed"
        return None  # (StepTimeout is a BaseException and passes through)
    if not isinstance(expr, _SAFE_TYPES) or expr.atoms(sp.Float) or sp.count_ops(expr) > _MAX_OPS:
        return None
    expr = _finite_sums_done(expr)
    if any(max(int(n.p).bit_length(), int(n.q).bit_length()) > 6_700 for n in expr.atoms(sp.Rational)):
        return None  # a number of more than 2,000 digits
    return expr


def _finite_sums_done(expr: sp.Expr) -> sp.Expr:
    """Evaluate sums and products over at most 1000 integer terms; leave anything else as it is."""
    for node in expr.atoms(sp.Sum, sp.Product):
        limits = node.limits
        if all(lo.is_Integer and hi.is_Integer and 0 <= hi - lo <= 1000 for _, lo, hi in limits):
            expr = expr.xreplace({node: node.doit()})
    return expr
