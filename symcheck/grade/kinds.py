"""Judging a student's answer against a quantity of another kind than a value (see `symcheck.keys.kinds`).

An equation is right up to a non-zero factor and rearrangement, a set up to order, an expression up to
its stated equivalence (an additive constant, a non-zero factor). A difference is certain only when the
student's answer is exact (no decimals) and names every variable of the expected one; otherwise it is
undecided (the certainty rule).
"""
from __future__ import annotations

import itertools
import re

import sympy as sp

from symcheck.core.results import Verdict
from symcheck.judge.compare import Side, compare

_PROBES = (sp.Rational(3, 7), sp.Rational(-5, 11), sp.Rational(13, 17))


def _scalar(value: object) -> object:
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _expr(value: object) -> sp.Expr | None:
    """A SymPy expression for a value that is one (or a Python int); None for anything else. Never parses."""
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, int):
        return sp.Integer(value)
    return None


def _zero(expr: sp.Expr) -> bool | None:
    """True when expr is identically zero, False when provably not, None when unknown."""
    try:
        simplified = sp.simplify(expr)
    except (TypeError, ValueError, RecursionError):  # pragma: no cover - a SymPy failure on odd input
        return None
    if simplified == 0:
        return True
    symbols = sorted(simplified.free_symbols, key=str)
    for probe in itertools.permutations(_PROBES, len(symbols)) if len(symbols) <= 3 else ():
        value = simplified.subs(dict(zip(symbols, probe))).evalf(30)
        if value.is_number and value.is_finite and abs(value) > 1e-12:
            return False  # non-zero at a point: not identically zero
    return None


def equation_verdict(expected: sp.Equality, lhs: object, rhs: object, inexact: bool) -> Verdict:
    """Whether the equation `lhs = rhs` is `expected` up to a non-zero constant factor.

    Examples:
        >>> import sympy as sp
        >>> x, y, z = sp.symbols("x y z")
        >>> plane = sp.Eq(z, 2 * x + 3 * y - 1)
        >>> equation_verdict(plane, 2 * x + 3 * y - z, 1, False).name
        'EQUAL'
        >>> equation_verdict(plane, z, 2 * x + 3 * y + 1, False).name
        'DIFFERENT'
        >>> equation_verdict(plane, z, 2 + 3 * y - 1, False).name  # x was substituted: not this equation's form
        'UNDECIDED'
    """
    left, right = _expr(_scalar(lhs)), _expr(_scalar(rhs))
    if left is None or right is None:
        return Verdict.UNDECIDED
    student = left - right
    target = expected.lhs - expected.rhs
    if student == 0:
        return Verdict.UNDECIDED
    ratio = sp.simplify(student / target)
    if not ratio.free_symbols and ratio.is_number and ratio != 0 and ratio.is_finite:
        return Verdict.EQUAL
    if inexact or not target.free_symbols <= student.free_symbols:
        return Verdict.UNDECIDED
    return Verdict.DIFFERENT if student.free_symbols <= target.free_symbols else Verdict.UNDECIDED


def _elements(value: object, expected: sp.FiniteSet) -> list[object] | None:
    """The student's elements, read as the expected set's kind (numbers or points of one dimension)."""
    dims = {len(e) if isinstance(e, sp.Tuple) else 0 for e in expected}
    if len(dims) != 1:
        return None
    dim = dims.pop()
    items = list(value) if isinstance(value, tuple) else [value]
    out: list[object] = []
    for item in items:
        if isinstance(item, sp.MatrixBase) and dim == 0:
            out += list(item)
        elif isinstance(item, sp.MatrixBase) and len(item) == dim:
            out.append(sp.ImmutableMatrix(list(item)))
        elif isinstance(item, sp.Expr) and dim == 0:
            out.append(item)
        else:
            return None
    return out


def set_verdict(expected: sp.FiniteSet, found: Side) -> Verdict:
    """Whether the student's elements are the expected set's, in any order: a missing or an extra one is wrong.

    A single element that is one of several expected is undecided (the others may be stated elsewhere).

    Examples:
        >>> import sympy as sp
        >>> eigen = sp.FiniteSet(2, 5)
        >>> set_verdict(eigen, Side(sp.Matrix([5, 2]))).name, set_verdict(eigen, Side(sp.Matrix([2, 4]))).name
        ('EQUAL', 'DIFFERENT')
        >>> set_verdict(eigen, Side(sp.Integer(2))).name, set_verdict(eigen, Side(sp.Matrix([2, 5, 7]))).name
        ('UNDECIDED', 'DIFFERENT')
    """
    students = _elements(found.value, expected)
    if not students:
        return Verdict.UNDECIDED
    wanted = [sp.ImmutableMatrix(list(e)) if isinstance(e, sp.Tuple) else e for e in expected]
    table = [[compare(Side(w), Side(s)).verdict for w in wanted] for s in students]
    if any(all(v is Verdict.DIFFERENT for v in row) for row in table):
        return Verdict.DIFFERENT  # an element that is none of the expected ones
    if len(students) == len(wanted) and _perfect_matching(table):
        return Verdict.EQUAL
    if len(students) > len(wanted) and all(Verdict.UNDECIDED not in row for row in table):
        return Verdict.DIFFERENT  # more elements than the set has
    if 1 < len(students) < len(wanted) and all(Verdict.UNDECIDED not in row for row in table):
        return Verdict.DIFFERENT  # a list with an element missing
    return Verdict.UNDECIDED


def set_member(expected: object, found: Side) -> int | None:
    """The index (in `list(expected)`) of the one element of a set that a single stated element equals, or None.

    Examples:
        >>> import sympy as sp
        >>> set_member(sp.FiniteSet(2, 5), Side(sp.Integer(5))), set_member(sp.FiniteSet(2, 5), Side(sp.Integer(4)))
        (1, None)
    """
    if not isinstance(expected, sp.FiniteSet):
        return None
    students = _elements(found.value, expected)
    if not students or len(students) != 1:
        return None
    wanted = [sp.ImmutableMatrix(list(e)) if isinstance(e, sp.Tuple) else e for e in expected]
    equal = [j for j, w in enumerate(wanted) if compare(Side(w), Side(students[0], found.halfwidth)).verdict
             is Verdict.EQUAL]
    return equal[0] if len(equal) == 1 else None


def _perfect_matching(table: list[list[Verdict]]) -> bool:
    orders = itertools.permutations(range(len(table)))
    return any(all(table[i][j] is Verdict.EQUAL for i, j in enumerate(order)) for order in orders)


def equivalence_verdict(expected: object, found: Side, equivalence: str, inexact: bool) -> Verdict:
    """Whether `found` is `expected` up to `equivalence`: "antiderivative" (an additive constant) or "multiple"
    (a non-zero constant factor).

    Examples:
        >>> import sympy as sp
        >>> x, C = sp.symbols("x C")
        >>> equivalence_verdict(x**3 / 3, Side(x**3 / 3 + C), "antiderivative", False).name
        'EQUAL'
        >>> equivalence_verdict(x**3 / 3, Side(x**3), "antiderivative", False).name
        'DIFFERENT'
        >>> equivalence_verdict(sp.Matrix([1, 2]), Side(sp.Matrix([-2, -4])), "multiple", False).name
        'EQUAL'
    """
    value = _scalar(found.value)
    if equivalence == "antiderivative":
        variables: set[sp.Symbol] = set(getattr(expected, "free_symbols", set()))
        if not isinstance(value, sp.Expr) or not variables:
            return Verdict.UNDECIDED
        verdicts = [_zero(sp.diff(value - expected, v)) for v in sorted(variables, key=str)]
        if all(v is True for v in verdicts):
            return Verdict.EQUAL
        return Verdict.DIFFERENT if not inexact and False in verdicts else Verdict.UNDECIDED
    if equivalence == "multiple":
        return _multiple_verdict(expected, value, found, inexact)
    return Verdict.UNDECIDED


def _multiple_verdict(expected: object, value: object, found: Side, inexact: bool) -> Verdict:
    wanted = [_expr(e) for e in (expected if isinstance(expected, sp.MatrixBase) else [expected])]
    got = [_expr(e) for e in (value if isinstance(value, sp.MatrixBase) else [value])]
    if len(wanted) != len(got) or None in wanted or None in got:
        return Verdict.UNDECIDED
    return _scaled_verdict([w for w in wanted if w is not None], [g for g in got if g is not None], found, inexact)


def _scaled_verdict(wanted: list[sp.Expr], got: list[sp.Expr], found: Side, inexact: bool) -> Verdict:
    pivot = max(range(len(got)), key=lambda i: abs(sp.N(got[i])) if got[i].is_number else 0)
    if wanted[pivot] == 0 or got[pivot] == 0:
        return Verdict.UNDECIDED if inexact else Verdict.DIFFERENT
    factor = got[pivot] / wanted[pivot]
    scaled = sp.ImmutableMatrix([factor * w for w in wanted]) if len(wanted) > 1 else factor * wanted[0]
    verdict = compare(Side(scaled), found).verdict
    if verdict is Verdict.EQUAL or not inexact:
        return verdict
    return Verdict.UNDECIDED


_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_NUMBER = r"\s*(-?\d+(?:\.\d+)?)\s*"
_POINT = re.compile(rf"\({_NUMBER},{_NUMBER}(?:,{_NUMBER})?\)")
_CLASSES = {"saddle": re.compile(r"\bsaddle", re.I), "minimum": re.compile(r"\bmin(?:imum|imizer|ima)?\b", re.I),
            "maximum": re.compile(r"\bmax(?:imum|imizer|ima)?\b", re.I)}
_HEDGE = re.compile(r"\bnot\b|n't\b|\bneither\b|\bnor\b|\bno\b|\bor\b|\binconclusive|\?", re.I)


def class_of(text: str) -> str | None:
    """"saddle", "minimum" or "maximum" when `text` names exactly one of them once; else None."""
    found = [(kind, len(pattern.findall(text))) for kind, pattern in _CLASSES.items()]
    named = [kind for kind, count in found if count]
    return named[0] if len(named) == 1 and sum(count for _, count in found) == 1 else None


def classified_points(line: str) -> list[tuple[tuple[sp.Rational, ...], str]]:
    """(point, classification) for each sentence of a line that names exactly one numeric point and one
    classification, without a negation or a hedge (`(0, 0) is a saddle`; not `(0, 0) is not a minimum`).

    Examples:
        >>> classified_points("At $(0, 0)$ the determinant is $-9 < 0$: a saddle. At $(1, 1)$: a local minimum.")
        [((0, 0), 'saddle'), ((1, 1), 'minimum')]
        >>> classified_points("(0, 0) is not a minimum; (1, 1) or (2, 2) is a maximum")
        []
    """
    out = []
    for sentence in _SENTENCE_END.split(line):
        points = _POINT.findall(sentence)
        kind = class_of(sentence)
        if len(points) == 1 and kind is not None and not _HEDGE.search(sentence):
            out.append((tuple(sp.Rational(c) for c in points[0] if c), kind))
    return out
