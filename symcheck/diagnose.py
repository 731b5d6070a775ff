"""Say why a step is wrong: a table of named mistakes of this field.

Each rule is one small function `(Mistake) -> str | None`: it tries a mutation of the
expected value (symbolically or at exact numbers) and, when the mutation explains
what the student wrote, returns a one-sentence message. The first rule that fires
names the mistake. A new rule is one function added to RULES and one test table.
"""
from __future__ import annotations

import functools
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
    terms: list = field(default_factory=list)  # values of the terms of the expected side, when it is a sum
    term_pairs: list = field(default_factory=list)  # (expected term, found term) pairs that differ
    swaps: list = field(default_factory=list)  # (literal, replacement text, NamedValue that may belong, one it equals)


@functools.lru_cache(maxsize=8192)
def _approx(value) -> float | None:
    """A float for a number (cached: the key's values repeat), None for anything else."""
    try:
        v = as_scalar(value)
        return float(v) if isinstance(v, sp.Basic) and not isinstance(v, sp.MatrixBase) and v.is_number else None
    except (TypeError, ValueError, OverflowError):
        return None


def _near(a, b, relative: float = 1e-2) -> bool:
    """A cheap filter before an exact comparison: floats within 1% (or both tiny)."""
    x, y = _approx(a), _approx(b)
    return x is not None and y is not None and abs(x - y) <= relative * max(abs(x), abs(y), 1e-12)


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
    """The whole value, one entry of a vector or matrix, or one term of a sum, with its sign flipped."""
    if not _is_zero(m.expected) and _equal(_neg(m.expected), m.found, m.found_halfwidth):
        return f"the sign is wrong: {_show(m.found)} is minus the right value {_show(m.expected)}"
    e, f = m.expected, m.found
    if isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.shape:
        wrong = [i for i in range(len(e)) if not _equal(e[i], f[i], _entry(m.found_halfwidth, i))]
        if len(wrong) == 1 and not _is_zero(e[wrong[0]]) and _equal(-e[wrong[0]], f[wrong[0]]):
            return f"the sign of entry {wrong[0] + 1} is wrong: {_show(f[wrong[0]])} instead of {_show(e[wrong[0]])}"
    for term in m.terms:
        if not _is_zero(term) and _equal(as_scalar(e) - 2 * term, f, m.found_halfwidth):
            return f"the sign of the term {_show(term)} was flipped: with it the result is {_show(f)}, not {_show(e)}"
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
        if _gradient_with_2A(m, A):
            return (f"2{named.name}x + b is the gradient of x^T {named.name} x + b^T x only when {named.name} is "
                    f"symmetric; here it is ({named.name} + {named.name}^T)x + b")
    return None


def _gradient_with_2A(m: Mistake, A: sp.MatrixBase) -> bool:
    """found - expected = (A - Aᵀ)v for a vector v the student named: 2Av + b written for (A + Aᵀ)v + b."""
    e, f = m.expected, m.found
    if not (isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.shape == (A.shape[0], 1)):
        return False
    variables = sorted(e.free_symbols, key=str)
    for named in m.named:
        v = named.value
        if not (isinstance(v, sp.MatrixBase) and v.shape == (A.shape[0], 1)):
            continue
        at_v = e.xreplace(dict(zip(variables, v))) if len(variables) == len(v) else e  # ∇f(x) at the student's x
        if _equal((A - A.T) * v, f - at_v):
            return True
    return False


def value_of_other_quantity(m: Mistake) -> str | None:
    if not m.expected_name:
        return None  # only when it is known which quantity the value should be
    if _is_number(m.found) and _significant(as_scalar(m.found)) < 3:
        return None  # 0, 1, 0.5 are the value of too many things to say which
    for named in m.named:
        if _shape(named.value) != _shape(m.found) or (_is_number(m.found) and not _near(named.value, m.found)):
            continue
        if named.name == m.expected_name or _equal(named.value, m.expected):
            continue
        if _equal(named.value, m.found, m.found_halfwidth):
            where = f" ({named.where})" if named.where else ""
            return f"{_show(m.found)} is the value of {named.name}{where}, not of {m.expected_name or 'this quantity'}"
    return None


def stale_value(m: Mistake) -> str | None:
    """A step that gives a value the student wrote earlier for another line or sample (a number reused)."""
    if m.expected_name or not m.named:
        return None  # with an answer key, value-of-other-quantity names the quantity instead
    if _is_number(m.found) and _significant(as_scalar(m.found)) < 3:
        return None
    for named in reversed(m.named):
        if _shape(named.value) != _shape(m.found) or (_is_number(m.found) and not _near(named.value, m.found)):
            continue
        if _equal(named.value, m.found, m.found_halfwidth) and not _equal(named.value, m.expected):
            where = f" ({named.where})" if named.where else ""
            return f"{_show(m.found)} is the earlier value of {named.name}{where}, not what this step gives: {_show(m.expected)}"
    return None


def miscopied_digits(m: Mistake) -> str | None:
    """A number copied with a digit changed or two digits swapped (0.579 for 0.519), in what the step
    starts from or in its result (0.2738 for 0.2378)."""
    if _is_number(m.expected) and _is_number(m.found) and m.found_halfwidth:
        text = _decimal_of(m.found, m.found_halfwidth)
        if text and _digit_swap(text, m.expected):
            return f"{text} has two digits swapped: the value is {_show(m.expected)}"
    if m.recheck is None:
        return None
    for text, named in m.literals:
        if _digit_slip(text, named.value) and m.recheck({text: named.value}):
            return (f"{text} looks miscopied from {named.name} = {_show(named.value)}{_at(named)}; "
                    "with that value the step holds")
    return None


def power_rule_exponent(m: Mistake) -> str | None:
    """d/dt t^n written with the exponent not lowered (n t^n) or lowered twice (n t^(n-2))."""
    e, f = as_scalar(m.expected), as_scalar(m.found)
    if not isinstance(e, sp.Basic) or isinstance(e, sp.MatrixBase) or e.is_number:
        return None
    for power in e.atoms(sp.Pow):
        base, n = power.args
        if not (base.is_Symbol and n.is_Integer):
            continue
        for shift in (1, -1):
            if _equal(e.xreplace({power: base ** (n + shift)}), f):
                return (f"the exponent of {base} is {n + shift}, not {n}: the power rule d/d{base} {base}^k = "
                        f"k {base}^(k-1) lowers the exponent by one")
    return None


def missing_inner_derivative(m: Mistake) -> str | None:
    """e^{u(x)} differentiated as e^{u} without the factor u'(x) (the chain rule)."""
    e, f = as_scalar(m.expected), as_scalar(m.found)
    if not isinstance(f, sp.Basic) or isinstance(f, sp.MatrixBase) or f.is_number:
        return None
    outer = [a for a in f.atoms(sp.Function) if isinstance(a, (sp.exp, sp.sin, sp.cos, sp.tanh, sp.log))]
    for atom in outer:
        inner = atom.args[0]
        for v in sorted(inner.free_symbols, key=str):
            slope = sp.diff(inner, v)
            if slope not in (0, 1) and _equal(e, f.xreplace({atom: atom * slope})):
                return (f"the chain rule needs the inner derivative: d/d{v} {sp.sstr(atom)} = {sp.sstr(slope)} "
                        f"{sp.sstr(atom)}")
    return None


def missing_activation_derivative(m: Mistake) -> str | None:
    """A backpropagated gradient without the activation's derivative (1 - h² for tanh, z(1 - z) for σ)."""
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.found):
        return None
    for named in m.named:
        h = as_scalar(named.value)
        if not (getattr(h, "is_Rational", False) and -1 < h < 1 and h != 0 and _is_activation_name(named.name)):
            continue  # an activation the student wrote down
        for slope, name in ((1 - h**2, "tanh'"), (h * (1 - h), "σ'")):
            if not _near(as_scalar(m.found) * slope, m.expected):
                continue
            size = sp.Rational(str(abs(_approx(m.expected))))
            tolerance = abs(as_scalar(m.found_halfwidth) * slope) + size / 10**4
            if _equal(as_scalar(m.found) * slope, m.expected, tolerance):
                return (f"the factor {name} = {_show(slope)} (from {named.name} = {_show(h)}) is missing: "
                        "backpropagation multiplies by the activation's derivative")
    return None


def _is_activation_name(name: str) -> bool:
    base = name.split("_{")[0].split("[")[0].strip("⟨⟩")
    return base in ("h", "z", "o", "s", "g", "\\sigma", "\\hat{h}") or "tanh" in name or "sigma" in name


def rounding_not_needed(m: Mistake) -> str | None:
    """A decimal one unit off in its last digit where the exact value needs no rounding at all."""
    e, f, h = as_scalar(m.expected), as_scalar(m.found), as_scalar(m.found_halfwidth)
    if not (getattr(e, "is_Rational", False) and getattr(f, "is_Rational", False) and getattr(h, "is_Rational", False)):
        return None
    if h > 0 and (e / h).is_integer and 0 < abs(e - f) <= h:
        return f"{_show(e)} needs no rounding at this precision, so {_show(f)} is an arithmetic slip"
    return None


def log_base(m: Mistake) -> str | None:
    """A natural logarithm computed as log base 10 (or the other way round)."""
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    if _equal(as_scalar(m.expected) / sp.log(10), m.found, m.found_halfwidth):
        return f"{_show(m.found)} is a base-10 logarithm; here log means the natural logarithm: {_show(m.expected)}"
    if _equal(as_scalar(m.expected) * sp.log(10), m.found, m.found_halfwidth):
        return f"{_show(m.found)} is a natural logarithm where the base-10 one was meant: {_show(m.expected)}"
    return None


def wrong_input(m: Mistake) -> str | None:
    """A number of the step is one named value (x_2 = -1) where another (x_1 = 0.5) belongs."""
    if m.recheck is None:
        return None
    for text, replacement, right, copied in m.swaps:
        if m.recheck({text: replacement}):
            return (f"{_show(copied.value)} is {copied.name}; the step needs {right.name} = {_show(right.value)}{_at(right)}, "
                    "and with it the result is right")
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
    ("rounding-not-needed", rounding_not_needed),
    ("squared-not-linear", squared_not_linear),
    ("chain-rule-missing-factor", chain_rule_missing_factor),
    ("outer-evaluated-at-x", outer_evaluated_at_x),
    ("transposed-jacobian", transposed_jacobian),
    ("symmetric-formula-for-nonsymmetric", symmetric_formula_for_nonsymmetric),
    ("sign-flip", sign_flip),
    ("missing-inner-derivative", missing_inner_derivative),
    ("power-rule-exponent", power_rule_exponent),
    ("missing-activation-derivative", missing_activation_derivative),
    ("log-base", log_base),
    ("miscopied-digits", miscopied_digits),
    ("wrong-input", wrong_input),
    ("power-of-ten", power_of_ten),
    ("factor-of-two", missing_factor_two),
    ("value-of-other-quantity", value_of_other_quantity),
    ("stale-value", stale_value),
]


def diagnose(mistake: Mistake) -> tuple[str, str] | None:
    """(code, message) of the first rule that explains the mistake, or of the one wrong term of a sum."""
    for code, rule in RULES:
        try:
            message = rule(mistake)
        except (TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError, sp.SympifyError):
            message = None
        if message:
            return code, message
    if len(mistake.term_pairs) == 1:
        expected, found = mistake.term_pairs[0]
        inner = diagnose(Mistake(expected, found, functions=mistake.functions, named=mistake.named,
                                 literals=mistake.literals))
        if inner is not None:
            return inner[0], f"in the term {_show(found)}: {inner[1]}"
    entry = _one_wrong_entry(mistake)
    if entry is not None:
        i, expected, found = entry
        inner = diagnose(Mistake(expected, found, _entry(mistake.found_halfwidth, i), mistake.functions,
                                 mistake.named, expected_name=mistake.expected_name))
        if inner is not None:
            return inner[0], f"in entry {i + 1}: {inner[1]}"
    return None


def _one_wrong_entry(m: Mistake):
    e, f = m.expected, m.found
    if not (isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.shape and len(e) > 1):
        return None
    wrong = [i for i in range(len(e)) if not _equal(e[i], f[i], _entry(m.found_halfwidth, i))]
    return (wrong[0], e[wrong[0]], f[wrong[0]]) if len(wrong) == 1 else None


def _entry(value, i):
    return value[i] if isinstance(value, sp.MatrixBase) else value


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


def _decimal_of(value, halfwidth) -> str | None:
    """A bare decimal as written, from its value and the half-width (one unit of its last digit)."""
    h = as_scalar(halfwidth)
    if not (isinstance(h, sp.Rational) and h > 0 and (1 / h).is_Integer):
        return None
    decimals = len(str(1 / h)) - 1
    return f"{float(as_scalar(value)):.{decimals}f}"


def _digit_swap(text: str, value) -> bool:
    """Two adjacent digits of `text` swapped give `value` (rounded or truncated at the same place)."""
    decimals = len(text.partition(".")[2])
    exact = float(as_scalar(value))
    options = {f"{exact:.{decimals}f}", f"{int(exact * 10**decimals) / 10**decimals:.{decimals}f}"}
    a = text.lstrip("-")
    for other in options:
        b = other.lstrip("-")
        if len(a) != len(b) or a == b:
            continue
        diffs = [i for i, (p, q) in enumerate(zip(a, b)) if p != q]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
            return True
    return False


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
