"""Decide whether two values are equal, and say how.

Cheapest first: structural equality, then exact arithmetic, then interval
arithmetic that allows for the rounding of the student's numbers, then for
expressions with variables a bounded expansion and seeded random points.
Only a difference beyond every allowance is `DIFFERENT`; anything unsure is
`UNDECIDED`.
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import sympy as sp

from symcheck.core.results import Comparison, Method, Verdict
from symcheck.meaning.functions import FunctionValue, as_scalar, is_vector
from symcheck.meaning.intervals import NotEvaluable, disjoint, evaluate, exact, midpoint, mp, widen
from symcheck.show.render import show_text

# Random points (thousandths, and whether the sign is random): positive ones where logs and roots are
# defined, then either sign and larger values, where |x| ≠ x and max(0, x - 3) ≠ 0 show.
POINT_RANGES = ((300, 2100, False), (300, 2100, False), (2200, 6500, False), (300, 2100, True),
                (300, 2100, True), (2200, 6500, True))
RANDOM_POINTS = len(POINT_RANGES)
MAX_EXPAND_OPS = 300


@dataclass(frozen=True)
class Side:
    """One side of a relation: its value and, for a bare decimal the student wrote, its half-width."""

    value: object
    halfwidth: object = 0  # a Rational, or a matrix of them for a matrix of literals
    decimals: object = None  # digits after the point of a bare literal (per entry for matrices)


@dataclass
class Measured:
    """The student's rounded values in play: symbol -> (value, half-width)."""

    values: dict = field(default_factory=dict)

    def intervals(self) -> dict:
        return {s: widen(exact(v), h) for s, (v, h) in self.values.items()}

    def midpoints(self) -> dict:
        return {s: v for s, (v, _) in self.values.items()}


def compare(left: Side, right: Side, measured: Measured | None = None, *,
            variables: frozenset = frozenset(), strict_shapes: bool = False) -> Comparison:
    """Compare two sides; `measured` gives the intervals of rounded values substituted into them.

    `variables` are symbols known to be free variables (a function's parameters): a side may be
    constant in them, so they need not appear on both sides.
    """
    measured = measured or Measured()
    result = _compare(left, right, measured, variables, strict_shapes)
    if measured.values and result.verdict is not Verdict.EQUAL:
        subs = measured.midpoints()
        result = replace(result, left=left.value, right=right.value, subs=subs)
    return result


def _compare(left: Side, right: Side, measured: Measured, variables: frozenset, strict_shapes: bool) -> Comparison:
    a, b = as_scalar(left.value), as_scalar(right.value)
    if isinstance(a, (FunctionValue, tuple)) or isinstance(b, (FunctionValue, tuple)):
        return _undecided("one side is a function or a list, not a value", a, b)
    a_mat, b_mat = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_mat and b_mat:
        return _compare_matrices(left, right, measured, variables)
    if a_mat or b_mat:
        if strict_shapes:
            return Comparison(Verdict.DIFFERENT, Method.SHAPE, "a matrix is not a single number", a, b)
        return _undecided("a matrix compared with a single number", a, b, method=Method.SHAPE)
    return _compare_scalars(a, b, _scalar(left.halfwidth), _scalar(right.halfwidth),
                            _scalar(right.decimals), measured, variables)


def _scalar(x: object) -> sp.Expr:
    return as_scalar(x) if isinstance(x, sp.MatrixBase) else x


def _entry(x: object, i: int) -> sp.Expr:
    return x[i] if isinstance(x, sp.MatrixBase) else x


def _compare_matrices(left: Side, right: Side, measured: Measured, variables: frozenset) -> Comparison:
    a: sp.MatrixBase = left.value  # both sides are matrices (checked by _compare)
    b: sp.MatrixBase = right.value
    note = ""
    if a.shape != b.shape:
        if is_vector(a) and is_vector(b) and len(a) == len(b):
            note = " (a row and a column vector compared entry by entry)"
        else:
            return Comparison(Verdict.DIFFERENT, Method.SHAPE, f"a {_shape(a)} matrix is not a {_shape(b)} matrix",
                              a, b)
    verdicts = []
    for i in range(len(a)):
        c = _compare_scalars(a[i], b[i], _entry(left.halfwidth, i), _entry(right.halfwidth, i),
                             _entry(right.decimals, i), measured, variables)
        if c.verdict is Verdict.DIFFERENT:
            where = _position(a, i)
            return Comparison(Verdict.DIFFERENT, c.method, f"entry {where}: {c.detail}{note}", a, b)
        verdicts.append(c)
    if all(c.verdict is Verdict.EQUAL for c in verdicts):
        methods = sorted({c.method for c in verdicts})
        return Comparison(Verdict.EQUAL, "+".join(methods), "all entries agree" + note, a, b,
                          rounding_slip=any(c.rounding_slip for c in verdicts))
    first = next(c for c in verdicts if c.verdict is Verdict.UNDECIDED)
    return Comparison(Verdict.UNDECIDED, first.method, first.detail, a, b)


def _position(m: sp.MatrixBase, i: int) -> str:
    if is_vector(m):
        return str(i + 1)
    return f"({i // m.shape[1] + 1}, {i % m.shape[1] + 1})"


def _compare_scalars(a: sp.Expr, b: sp.Expr, ha: sp.Expr, hb: sp.Expr, decimals_b: sp.Expr | None, measured: Measured,
                     variables: frozenset = frozenset()) -> Comparison:
    if a == b:
        return Comparison(Verdict.EQUAL, Method.EXACT, "identical", a, b)
    if _undefined(a) or _undefined(b):
        return _undecided("a value that is not defined there (such as ReLU'(0))", a, b)
    known = set(measured.values)
    free_a = _free(a) - known
    free_b = _free(b) - known
    unmatched = (free_a ^ free_b) - variables
    if unmatched:
        missing = sorted(str(s) for s in unmatched)
        return _undecided(f"no value for {', '.join(missing[:3])}", a, b, method=Method.NONE)
    free = free_a | free_b
    if not free:
        return _compare_numbers(a, b, ha, hb, decimals_b, measured)
    return _compare_symbolic(a, b, ha, hb, sorted(free, key=str), measured)


def _undefined(expr: object) -> bool:
    """NaN stands for a value with no meaning at that point (ReLU'(0)); inside Heaviside(x, nan) it is only
    the convention at 0, kept until x is known."""
    if not isinstance(expr, sp.Basic) or not expr.has(sp.nan):  # the common case, without a walk in Python
        return False
    if expr is sp.nan:
        return True
    if isinstance(expr, sp.Heaviside):
        return _undefined(expr.args[0])
    return any(_undefined(arg) for arg in expr.args)


def _free(expr: object) -> set:
    if not isinstance(expr, sp.Basic):
        return set()
    return set(expr.free_symbols) | set(expr.atoms(sp.core.function.AppliedUndef))


def _compare_numbers(a: sp.Expr, b: sp.Expr, ha: sp.Expr, hb: sp.Expr, decimals_b: sp.Expr | None,
                     measured: Measured) -> Comparison:
    if hb and not ha and not measured.values and _needs_no_rounding(a, hb, decimals_b):
        ha = hb = 0  # the exact value has no more digits than were written: it must be written exactly
    tolerant = bool(ha or hb or measured.values)
    if not tolerant:
        difference = _exact_difference(a, b)
        if difference is not None:
            verdict = Verdict.EQUAL if difference == 0 else Verdict.DIFFERENT
            return Comparison(verdict, Method.EXACT, _diff_text(a, b), a, b)
    try:
        env = measured.intervals()
        ia, ib = widen(evaluate(a, env), ha or 0), widen(evaluate(b, env), hb or 0)
    except NotEvaluable as exc:
        return _undecided(f"could not evaluate: {exc}", a, b)
    method = Method.ROUNDING if (ha or hb) else (Method.INTERVAL if measured.values else Method.NUMERIC)
    if disjoint(ia, ib):
        return Comparison(Verdict.DIFFERENT, method, _diff_text(a, b, measured), a, b)
    slip = bool(hb) and decimals_b is not None and _is_slip(ia, b, decimals_b, measured)
    return Comparison(Verdict.EQUAL, method, "equal within the rounding of the written digits" if tolerant
                      else "equal to 30 digits", a, b, rounding_slip=slip)


def _needs_no_rounding(a: sp.Expr, hb: sp.Expr, decimals: sp.Expr | None) -> bool:
    if decimals is None or not getattr(a, "is_Rational", False):
        return False
    unit = sp.Rational(1, 10 ** int(decimals))
    return hb <= unit and (a / unit).is_integer


def _exact_difference(a: sp.Expr, b: sp.Expr) -> sp.Expr | None:
    """a - b when both are rational numbers, else None."""
    if getattr(a, "is_Rational", False) and getattr(b, "is_Rational", False):
        return a - b
    return None


def _is_slip(interval: object, b: sp.Expr, decimals: int, measured: Measured) -> bool:
    """True when b is neither a rounding nor a truncation, at b's last digit, of the value in `interval`."""
    if measured.values or not isinstance(b, sp.Rational):
        return False
    try:
        value = Decimal(mp.nstr(midpoint(interval), 25))
        written = Decimal(int(b.p)) / Decimal(int(b.q))
    except (TypeError, ValueError, ArithmeticError):  # decimal's InvalidOperation is an ArithmeticError
        return False
    quantum = Decimal(1).scaleb(-int(decimals))
    written = written.quantize(quantum)
    return written not in (value.quantize(quantum, ROUND_HALF_UP), value.quantize(quantum, ROUND_DOWN))


def _compare_symbolic(a: sp.Expr, b: sp.Expr, ha: sp.Expr, hb: sp.Expr, variables: list,
                      measured: Measured) -> Comparison:
    difference = a - b
    if not measured.values and not (ha or hb) and sp.count_ops(difference) <= MAX_EXPAND_OPS:
        if sp.expand(difference) == 0 or sp.cancel(sp.together(difference)) == 0:
            return Comparison(Verdict.EQUAL, Method.SYMBOLIC, "the difference simplifies to 0", a, b)
    if any(isinstance(v, sp.core.function.AppliedUndef) for v in variables):
        return _undecided("involves a function with no definition", a, b)
    rng = random.Random(zlib.crc32(str(variables).encode()))  # the same points in every run
    seen_point = False
    for low, high, signed in POINT_RANGES:
        point = {v: exact(sp.Rational((rng.choice((-1, 1)) if signed else 1) * rng.randint(low, high), 1000))
                 for v in variables}
        try:
            env = {**measured.intervals(), **point}
            ia, ib = widen(evaluate(a, env), ha or 0), widen(evaluate(b, env), hb or 0)
        except NotEvaluable:
            continue
        seen_point = True
        if disjoint(ia, ib):
            at = ", ".join(f"{v} = {midpoint(p)}" for v, p in list(point.items())[:3])
            detail = f"they differ at {at}: {_short(midpoint(ia))} vs {_short(midpoint(ib))}"
            return Comparison(Verdict.DIFFERENT, Method.NUMERIC_RANDOM, detail, a, b)
    if not seen_point:
        return _undecided("could not evaluate at any test point", a, b)
    return Comparison(Verdict.EQUAL, Method.NUMERIC_RANDOM, f"equal at {RANDOM_POINTS} random points", a, b)


def _undecided(detail: str, a: object, b: object, method: str = Method.NONE) -> Comparison:
    return Comparison(Verdict.UNDECIDED, method, detail, a, b)


def _diff_text(a: object, b: object, measured: Measured | None = None) -> str:
    subs = measured.midpoints() if measured else {}
    left, right = show_text(a, subs), show_text(b, subs)
    if left == right:  # they differ past the sixth digit: show more
        left, right = show_text(a, subs, digits=15), show_text(b, subs, digits=15)
    return f"{left} vs {right}"


def _short(x: object) -> str:
    return sp.sstr(sp.Float(str(x), 8), full_prec=False) if x is not None else "?"


def _shape(m: sp.MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"
