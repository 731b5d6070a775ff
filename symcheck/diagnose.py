"""Say why a step is wrong: a table of named mistakes of this field.

Each rule is one small function `(Mistake) -> str | None`: it tries a mutation of the
expected value (symbolically or at exact numbers) and, when the mutation explains
what the student wrote, returns a one-sentence message. The first rule that fires
names the mistake. A new rule is one function added to RULES and one test table.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable

import sympy as sp

from .compare import Side, compare
from .render import show as _show
from .functions import FunctionValue, as_scalar, compose, jacobian
from .results import Verdict


@dataclass(frozen=True)
class NamedValue:
    """A value with a name the student or the key gave it: `∂L/∂ŷ_2 = -21.886 (line 114)`."""

    name: str
    value: object
    where: str = ""  # "line 114" or "the answer key"


@dataclass
class Mistake:
    """What a rule sees: the value that was expected and the one the student wrote."""

    expected: object
    found: object
    found_halfwidth: object = 0
    functions: dict = field(default_factory=dict)  # the student's (or the key's) functions
    named: list = field(default_factory=list)  # NamedValue: other quantities in play
    literals: list = field(default_factory=list)  # (text, NamedValue) for digits the student copied
    recheck: Callable | None = None  # recheck(replacements {literal text: value}) -> bool (step holds)
    expected_name: str = ""


def _equal(a, b, halfwidth=0) -> bool:
    try:
        return compare(Side(a), Side(b, halfwidth)).verdict is Verdict.EQUAL
    except (TypeError, ValueError, AttributeError):
        return False


def _is_number(v) -> bool:
    v = as_scalar(v)
    return isinstance(v, sp.Basic) and not isinstance(v, sp.MatrixBase) and v.is_number


# -- the rules ------------------------------------------------------------------------------------
def sign_flip(m: Mistake) -> str | None:
    if m.expected != 0 and not _is_zero(m.expected) and _equal(_neg(m.expected), m.found, m.found_halfwidth):
        return f"the sign is wrong: {_show(m.found)} is minus the right value {_show(m.expected)}"
    return None


def squared_not_linear(m: Mistake) -> str | None:
    """d/dx of g written as d/dx of g² = 2 g g'."""
    for fn in m.functions.values():
        if isinstance(fn.body, sp.MatrixBase):
            continue
        if _equal(2 * fn.body * as_scalar(m.expected), m.found) and not _equal(m.expected, m.found):
            body = sp.sstr(fn.body)
            return (f"{_show(m.found)} is the derivative of ({body})^2, not of {fn.name} = {body} itself: "
                    f"{fn.name} is {'linear' if _is_linear(fn) else 'not squared'}, so the answer is {_show(m.expected)}")
    return None


def chain_rule_missing_factor(m: Mistake) -> str | None:
    """D(F∘G)(x) written as DF(G(x)), without DG(x)."""
    for outer, inner in _pairs(m.functions):
        try:
            outer_at_inner = compose(jacobian(outer), inner).body
        except Exception:  # noqa: BLE001 - pairs that do not compose are skipped
            continue
        if _equal(outer_at_inner, m.found) and not _equal(m.expected, m.found):
            return (f"this is D{outer.name}({inner.name}(x)) alone: the chain rule needs "
                    f"D({outer.name}∘{inner.name})(x) = D{outer.name}({inner.name}(x)) · D{inner.name}(x)")
    return None


def outer_evaluated_at_x(m: Mistake) -> str | None:
    """DF(x)·DG(x) instead of DF(G(x))·DG(x)."""
    for outer, inner in _pairs(m.functions):
        if len(outer.params) != len(inner.outputs()) or len(inner.params) != 1:
            continue
        wrong = jacobian(outer).body
        mapping = {p: inner.params[0] for p in outer.params}
        try:
            product = sp.ImmutableMatrix(wrong.xreplace(mapping)) * jacobian(inner).body
        except Exception:  # noqa: BLE001
            continue
        if _equal(product, m.found) and not _equal(m.expected, m.found):
            return f"D{outer.name} was evaluated at x instead of at {inner.name}(x)"
    return None


def transposed_jacobian(m: Mistake) -> str | None:
    e, f = m.expected, m.found
    if isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.T.shape and e != e.T:
        if not (1 in e.shape) and _equal(e.T, f):
            return "this is the transpose of the right matrix: rows are the outputs, columns the inputs"
    return None


def symmetric_formula_for_nonsymmetric(m: Mistake) -> str | None:
    """2A for the Hessian of xᵀAx (or in its gradient) when A is not symmetric: it is A + Aᵀ."""
    for named in m.named:
        A = named.value
        if not (isinstance(A, sp.MatrixBase) and A.is_square and A != A.T and A.shape[0] > 1):
            continue
        if _equal(A + A.T, m.expected) and _equal(2 * A, m.found):
            return (f"2{named.name} is the Hessian of x^T {named.name} x only when {named.name} is symmetric; "
                    f"here it is {named.name} + {named.name}^T")
    return None


def value_of_other_quantity(m: Mistake) -> str | None:
    if not m.expected_name:
        return None  # only when it is known which quantity the value should be
    if _is_number(m.found) and _significant(as_scalar(m.found)) < 3:
        return None  # 0, 1, 0.5 are the value of too many things to say which
    for named in m.named:
        if named.name == m.expected_name or _equal(named.value, m.expected):
            continue
        if _shape(named.value) == _shape(m.found) and _equal(named.value, m.found, m.found_halfwidth):
            where = f" ({named.where})" if named.where else ""
            return f"{_show(m.found)} is the value of {named.name}{where}, not of {m.expected_name or 'this quantity'}"
    return None


def miscopied_digits(m: Mistake) -> str | None:
    """A number copied with a digit changed or two digits swapped (0.579 for 0.519)."""
    if m.recheck is None:
        return None
    for text, named in m.literals:
        if _digit_slip(text, named.value) and m.recheck({text: named.value}):
            return (f"{text} looks miscopied from {named.name} = {_show(named.value)}{_at(named)}; "
                    "with that value the step holds")
    return None


def power_of_ten(m: Mistake) -> str | None:
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    for k in (-3, -2, -1, 1, 2, 3):
        if _equal(as_scalar(m.expected) * sp.Integer(10) ** k, m.found, m.found_halfwidth):
            return f"{_show(m.found)} is {_show(m.expected)} × 10^{k}: the decimal point has moved"
    return None


def missing_factor_two(m: Mistake) -> str | None:
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    for factor, text in ((sp.Rational(1, 2), "half"), (2, "twice")):
        if _equal(as_scalar(m.expected) * factor, m.found, m.found_halfwidth):
            return f"{_show(m.found)} is {text} the right value {_show(m.expected)}: a factor 2 is {'missing' if factor != 2 else 'extra'}"
    return None


RULES: list[tuple[str, Callable[[Mistake], str | None]]] = [
    ("squared-not-linear", squared_not_linear),
    ("chain-rule-missing-factor", chain_rule_missing_factor),
    ("outer-evaluated-at-x", outer_evaluated_at_x),
    ("transposed-jacobian", transposed_jacobian),
    ("symmetric-formula-for-nonsymmetric", symmetric_formula_for_nonsymmetric),
    ("sign-flip", sign_flip),
    ("miscopied-digits", miscopied_digits),
    ("power-of-ten", power_of_ten),
    ("factor-of-two", missing_factor_two),
    ("value-of-other-quantity", value_of_other_quantity),
]


def diagnose(mistake: Mistake) -> tuple[str, str] | None:
    """(code, message) of the first rule that explains the mistake, or None."""
    for code, rule in RULES:
        try:
            message = rule(mistake)
        except (TypeError, ValueError, AttributeError, ZeroDivisionError, sp.SympifyError):
            message = None
        if message:
            return code, message
    return None


# -- helpers -----------------------------------------------------------------------------------------
def _significant(v) -> int:
    text = f"{float(v):.12g}".lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    return len(text)


def _neg(v):
    return sp.ImmutableMatrix(-v) if isinstance(v, sp.MatrixBase) else -v


def _is_zero(v) -> bool:
    if isinstance(v, sp.MatrixBase):
        return all(c == 0 for c in v)
    return v == 0


def _shape(v):
    v = as_scalar(v)
    return v.shape if isinstance(v, sp.MatrixBase) else ()


def _is_linear(fn: FunctionValue) -> bool:
    return all(sp.diff(fn.body, p, 2) == 0 for p in fn.params)


def _pairs(functions: dict):
    fns = [f for f in functions.values() if isinstance(f, FunctionValue)]
    return [(a, b) for a, b in itertools.permutations(fns, 2)]


def _at(named: NamedValue) -> str:
    return f" ({named.where})" if named.where else ""


def _digit_slip(text: str, value) -> bool:
    """`text` and `value` written with the same decimals differ in one digit, or by two swapped digits."""
    if not _is_number(value):
        return False
    decimals = len(text.partition(".")[2])
    try:
        other = f"{float(as_scalar(value)):.{decimals}f}"
    except (TypeError, ValueError):
        return False
    a, b = text.lstrip("-"), other.lstrip("-")
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
