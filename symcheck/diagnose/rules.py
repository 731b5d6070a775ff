"""Say why a step is wrong: a table of named mistakes of this field.

Each rule is one small function `(Mistake) -> str | None`: it tries a mutation of the
expected value (symbolically or at exact numbers) and, when the mutation explains
what the student wrote, returns a one-sentence message. The first rule that fires
names the mistake. A new rule is one function added to RULES and one test table.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import sympy as sp

from symcheck.core.errors import SYMPY_ERRORS, EvaluationError
from symcheck.core.results import Verdict
from symcheck.judge.compare import Side, compare
from symcheck.meaning.functions import FunctionValue, as_scalar, compose, jacobian
from symcheck.show.messages import name as _name
from symcheck.show.messages import say
from symcheck.show.render import Shown


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


# Errors of composing two functions that do not fit (skipped pairs).
_COMPOSE_ERRORS: tuple[type[BaseException], ...] = (EvaluationError, *SYMPY_ERRORS)


def _scalar(value: object) -> sp.Expr:
    """`as_scalar` (a 1×1 matrix as its entry) for the rules, whose values are SymPy values."""
    return cast(sp.Expr, as_scalar(value))


@functools.lru_cache(maxsize=8192)
def _approx(value: object) -> float | None:
    """A float for a number (cached: the key's values repeat), None for anything else."""
    try:
        v = _scalar(value)
        return float(v) if isinstance(v, sp.Basic) and not isinstance(v, sp.MatrixBase) and v.is_number else None
    except (TypeError, ValueError, OverflowError):
        return None


def _near(a: object, b: object, relative: float = 1e-2) -> bool:
    """A cheap filter before an exact comparison: floats within 1% (or both tiny)."""
    x, y = _approx(a), _approx(b)
    return x is not None and y is not None and abs(x - y) <= relative * max(abs(x), abs(y), 1e-12)


def _equal(a: object, b: object, halfwidth: object = 0) -> bool:
    try:
        return compare(Side(a), Side(b, halfwidth)).verdict is Verdict.EQUAL
    except (TypeError, ValueError, AttributeError):
        return False


def _is_number(v: object) -> bool:
    v = _scalar(v)
    return isinstance(v, sp.Basic) and not isinstance(v, sp.MatrixBase) and v.is_number


# -- the rules ------------------------------------------------------------------------------------
def sign_flip(m: Mistake) -> str | None:
    """The whole value, one entry of a vector or matrix, or one term of a sum, with its sign flipped."""
    if not _is_zero(m.expected) and _equal(_neg(m.expected), m.found, m.found_halfwidth):
        return say("the sign is wrong: the value is {expected}, not {found}", expected=m.expected, found=m.found)
    e, f = m.expected, m.found
    if isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.shape:
        wrong = [i for i in range(len(e)) if not _equal(e[i], f[i], _entry(m.found_halfwidth, i))]
        if len(wrong) == 1 and not _is_zero(e[wrong[0]]) and _equal(-e[wrong[0]], f[wrong[0]]):
            return say("the sign of entry {n} is wrong: it is {expected}, not {found}", n=wrong[0] + 1,
                       expected=e[wrong[0]], found=f[wrong[0]])
    for term in m.terms:
        if not _is_zero(term) and _equal(_scalar(e) - 2 * term, f, m.found_halfwidth):
            return say("the result is {expected}, not {found}: the sign of the term {term} was flipped",
                       expected=e, found=f, term=term)
    return None


def squared_not_linear(m: Mistake) -> str | None:
    """d/dx of g written as d/dx of g² = 2 g g'."""
    for fn in m.functions.values():
        if isinstance(fn.body, sp.MatrixBase):
            continue
        if _equal(2 * fn.body * _scalar(m.expected), m.found) and not _equal(m.expected, m.found):
            return say("the answer is {expected}: {found} is the derivative of {value}, not of {function} = {body} "
                       "itself ({function} is {kind})", expected=m.expected, found=m.found, value=fn.body**2,
                       function=fn.name, body=fn.body, kind="linear" if _is_linear(fn) else "not squared")
    return None


def chain_rule_missing_factor(m: Mistake) -> str | None:
    """D(F∘G)(x) written as DF(G(x)), without DG(x)."""
    for outer, inner in _pairs(m.functions):
        try:
            outer_at_inner = compose(jacobian(outer), inner).body
        except _COMPOSE_ERRORS:  # pairs that do not compose are skipped
            continue
        if _equal(outer_at_inner, m.found) and not _equal(m.expected, m.found):
            o, i = outer.name, inner.name
            return say("multiply by {factor}: the chain rule gives {rule}, and you wrote {alone} alone",
                       factor=_name(f"D{i}(x)"), rule=_name(rf"D({o} \circ {i})(x) = D{o}({i}(x)) \cdot D{i}(x)"),
                       alone=_name(f"D{o}({i}(x))"))
    return None


def outer_evaluated_at_x(m: Mistake) -> str | None:
    """DF(x)·DG(x) instead of DF(G(x))·DG(x)."""
    for outer, inner in _pairs(m.functions):
        if len(outer.params) != len(inner.outputs()) or len(inner.params) != 1:
            continue
        wrong: sp.MatrixBase = jacobian(outer).body
        mapping = dict.fromkeys(outer.params, inner.params[0])
        try:
            product = sp.ImmutableMatrix(wrong.xreplace(mapping)) * jacobian(inner).body
        except SYMPY_ERRORS:  # shapes that do not multiply
            continue
        if _equal(product, m.found) and not _equal(m.expected, m.found):
            return say("evaluate {outer} at {inner}, not at x: the chain rule takes the outer derivative at the "
                       "inner value", outer=f"D{outer.name}", inner=f"{inner.name}(x)")
    return None


def transposed_jacobian(m: Mistake) -> str | None:
    e, f = m.expected, m.found
    if isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.T.shape and e != e.T:
        if 1 not in e.shape and _equal(e.T, f):
            return say("transpose it: the right matrix is {expected}, with a row per output and a column per input",
                       expected=e)
    return None


def symmetric_formula_for_nonsymmetric(m: Mistake) -> str | None:
    """2A for the Hessian of xᵀAx (or in its gradient) when A is not symmetric: it is A + Aᵀ."""
    for named in m.named:
        A = named.value
        if not (isinstance(A, sp.MatrixBase) and A.is_square and A != A.T and A.shape[0] > 1):
            continue
        if _equal(A + A.T, m.expected) and _equal(2 * A, m.found):
            a = named.name
            return say("the Hessian is {right} here: {wrong} is the Hessian of {form} only when {matrix} is symmetric",
                       right=_name(f"{a} + {a}^T"), wrong=_name(f"2{a}"), form=_name(f"x^T {a} x"), matrix=a)
        if _gradient_with_2A(m, A):
            a = named.name
            return say("the gradient is {right} here: {wrong} is the gradient of {form} only when {matrix} is "
                       "symmetric", right=_name(f"({a} + {a}^T)x + b"), wrong=_name(f"2{a}x + b"),
                       form=_name(f"x^T {a} x + b^T x"), matrix=a)
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
    if _is_number(m.found) and _significant(_scalar(m.found)) < 3:
        return None  # 0, 1, 0.5 are the value of too many things to say which
    for named in m.named:
        if _shape(named.value) != _shape(m.found) or (_is_number(m.found) and not _near(named.value, m.found)):
            continue
        if named.name == m.expected_name or _equal(named.value, m.expected):
            continue
        if _equal(named.value, m.found, m.found_halfwidth):
            where = f" ({named.where})" if named.where else ""
            return say("{found} is the value of {other}{where}, not of {quantity}", found=m.found, other=named.name,
                       where=where, quantity=m.expected_name)
    return None


def stale_value(m: Mistake) -> str | None:
    """A step that gives a value the student wrote earlier for another line or sample (a number reused)."""
    if m.expected_name or not m.named:
        return None  # with an answer key, value-of-other-quantity names the quantity instead
    if _is_number(m.found) and _significant(_scalar(m.found)) < 3:
        return None
    for named in reversed(m.named):
        if _shape(named.value) != _shape(m.found) or (_is_number(m.found) and not _near(named.value, m.found)):
            continue
        if _equal(named.value, m.found, m.found_halfwidth) and not _equal(named.value, m.expected):
            where = f" ({named.where})" if named.where else ""
            return say("this step gives {expected}; {found} is the earlier value of {other}{where}",
                       expected=m.expected, found=m.found, other=named.name, where=where)
    return None


def miscopied_digits(m: Mistake) -> str | None:
    """A number copied with a digit changed or two digits swapped (0.579 for 0.519), in what the step
    starts from or in its result (0.2738 for 0.2378)."""
    if _is_number(m.expected) and _is_number(m.found) and m.found_halfwidth:
        text = _decimal_of(m.found, m.found_halfwidth)
        if text and _digit_swap(text, m.expected):
            return say("the value is {expected}: {found} has two digits swapped", expected=m.expected,
                       found=Shown(text, text, text))
    if m.recheck is None:
        return None
    for text, named in m.literals:
        if is_digit_slip(text, named.value) and m.recheck({text: named.value}):
            return say("{found} looks miscopied from {other} = {value}{where}; with that value the step holds",
                       found=Shown(text, text, text), other=named.name, value=named.value, where=_at(named))
    return None


def power_rule_exponent(m: Mistake) -> str | None:
    """d/dt t^n written with the exponent not lowered (n t^n) or lowered twice (n t^(n-2))."""
    e, f = _scalar(m.expected), _scalar(m.found)
    if not isinstance(e, sp.Basic) or isinstance(e, sp.MatrixBase) or e.is_number:
        return None
    for power in e.atoms(sp.Pow):
        base, n = power.args
        if not (base.is_Symbol and n.is_Integer):
            continue
        for shift in (1, -1):
            if _equal(e.xreplace({power: base ** (n + shift)}), f):
                return say("the exponent of {variable} should be {right}, not {wrong}: the power rule {rule} "
                           "lowers the exponent by one", variable=str(base), right=n, wrong=n + shift,
                           rule=_name(rf"\frac{{d}}{{d{base}}} {base}^k = k {base}^{{k-1}}"))
    return None


def missing_inner_derivative(m: Mistake) -> str | None:
    """e^{u(x)} differentiated as e^{u} without the factor u'(x) (the chain rule)."""
    e, f = _scalar(m.expected), _scalar(m.found)
    if not isinstance(f, sp.Basic) or isinstance(f, sp.MatrixBase) or f.is_number:
        return None
    outer = [a for a in f.atoms(sp.Function) if isinstance(a, (sp.exp, sp.sin, sp.cos, sp.tanh, sp.log))]
    for atom in outer:
        inner = atom.args[0]
        for v in sorted(inner.free_symbols, key=str):
            slope = sp.diff(inner, v)
            if slope not in (0, 1) and _equal(e, f.xreplace({atom: atom * slope})):
                return say("multiply by the inner derivative {slope}: by the chain rule, the derivative of {atom} "
                           "in {variable} is {value}", slope=slope, atom=atom, variable=str(v), value=slope * atom)
    return None


def missing_activation_derivative(m: Mistake) -> str | None:
    """A backpropagated gradient without the activation's derivative (1 - h² for tanh, z(1 - z) for σ)."""
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.found):
        return None
    for named in m.named:
        h = _scalar(named.value)
        if not (getattr(h, "is_Rational", False) and -1 < h < 1 and h != 0 and _is_activation_name(named.name)):
            continue  # an activation the student wrote down
        for slope, name in ((1 - h**2, "tanh'"), (h * (1 - h), "σ'")):
            if not _near(_scalar(m.found) * slope, m.expected):
                continue
            approx = _approx(m.expected)
            if approx is None:  # never: _near above needs a float for m.expected
                continue
            size = sp.Rational(str(abs(approx)))
            tolerance = abs(_scalar(m.found_halfwidth) * slope) + size / 10**4
            if _equal(_scalar(m.found) * slope, m.expected, tolerance):
                return say("multiply by {function} = {slope} (from {other} = {value}): backpropagation "
                           "multiplies by the activation's derivative",
                           function={"tanh'": r"\tanh'", "σ'": r"\sigma'"}[name], slope=slope, other=named.name,
                           value=h)
    return None


def _is_activation_name(name: str) -> bool:
    base = name.split("_{")[0].split("[")[0].strip("⟨⟩")
    return base in ("h", "z", "o", "s", "g", "\\sigma", "\\hat{h}") or "tanh" in name or "sigma" in name


def rounding_not_needed(m: Mistake) -> str | None:
    """A decimal one unit off in its last digit where the exact value needs no rounding at all."""
    e, f, h = _scalar(m.expected), _scalar(m.found), _scalar(m.found_halfwidth)
    if not (getattr(e, "is_Rational", False) and getattr(f, "is_Rational", False) and getattr(h, "is_Rational", False)):
        return None
    if h > 0 and (e / h).is_integer and 0 < abs(e - f) <= h:
        return say("write {expected}: it needs no rounding at this precision, so {found} is an arithmetic slip",
                   expected=e, found=f)
    return None


def log_base(m: Mistake) -> str | None:
    """A natural logarithm computed as log base 10 (or the other way round)."""
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    if _equal(_scalar(m.expected) / sp.log(10), m.found, m.found_halfwidth):
        return say("use the natural logarithm: the value is {expected}; {found} is the base-10 logarithm",
                   expected=m.expected, found=m.found)
    if _equal(_scalar(m.expected) * sp.log(10), m.found, m.found_halfwidth):
        return say("use the base-10 logarithm: the value is {expected}; {found} is the natural logarithm",
                   expected=m.expected, found=m.found)
    return None


def wrong_input(m: Mistake) -> str | None:
    """A number of the step is one named value (x_2 = -1) where another (x_1 = 0.5) belongs."""
    if m.recheck is None:
        return None
    for text, replacement, right, copied in m.swaps:
        if m.recheck({text: replacement}):
            return say("use {name} = {right_value}{where} here: {copied_value} is {other}, and with {name} the "
                       "result is right", name=right.name, right_value=right.value, where=_at(right),
                       copied_value=copied.value, other=copied.name)
    return None


def power_of_ten(m: Mistake) -> str | None:
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    for k in (-3, -2, -1, 1, 2, 3):
        if _equal(_scalar(m.expected) * sp.Integer(10) ** k, m.found, m.found_halfwidth):
            return say("the value is {expected}: {found} is it times {power}, so the decimal point has moved",
                       expected=m.expected, found=m.found, power=_name(f"10^{{{k}}}"))
    return None


def missing_factor_two(m: Mistake) -> str | None:
    if not (_is_number(m.expected) and _is_number(m.found)) or _is_zero(m.expected):
        return None
    for factor, text in ((sp.Rational(1, 2), "half"), (2, "twice")):
        if _equal(_scalar(m.expected) * factor, m.found, m.found_halfwidth):
            return say("the value is {expected}: {found} is {size} that, so a factor 2 is {kind}", expected=m.expected,
                       found=m.found, size=text, kind="missing" if factor != 2 else "extra")
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
        except SYMPY_ERRORS:  # a mutation SymPy cannot compute explains nothing
            message = None
        if message:
            return code, message
    if len(mistake.term_pairs) == 1:
        expected, found = mistake.term_pairs[0]
        inner = diagnose(Mistake(expected, found, functions=mistake.functions, named=mistake.named,
                                 literals=mistake.literals))
        if inner is not None:
            return inner[0], say("in the term {found}: ", found=found) + inner[1]
    entry = _one_wrong_entry(mistake)
    if entry is not None:
        i, expected, found = entry
        inner = diagnose(Mistake(expected, found, _entry(mistake.found_halfwidth, i), mistake.functions,
                                 mistake.named, expected_name=mistake.expected_name))
        if inner is not None:
            return inner[0], f"in entry {i + 1}: {inner[1]}"
    return None


def _one_wrong_entry(m: Mistake) -> tuple[int, sp.Expr, sp.Expr] | None:
    e, f = m.expected, m.found
    if not (isinstance(e, sp.MatrixBase) and isinstance(f, sp.MatrixBase) and e.shape == f.shape and len(e) > 1):
        return None
    wrong = [i for i in range(len(e)) if not _equal(e[i], f[i], _entry(m.found_halfwidth, i))]
    return (wrong[0], e[wrong[0]], f[wrong[0]]) if len(wrong) == 1 else None


def _entry(value: object, i: int) -> object:
    return value[i] if isinstance(value, sp.MatrixBase) else value


# -- helpers -----------------------------------------------------------------------------------------
def _significant(v: sp.Expr) -> int:
    text = f"{float(v):.12g}".lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    return len(text)


def _neg(v: sp.Basic) -> sp.Basic:
    return sp.ImmutableMatrix(-v) if isinstance(v, sp.MatrixBase) else -v


def _is_zero(v: object) -> bool:
    if isinstance(v, sp.MatrixBase):
        return all(c == 0 for c in v)
    return v == 0


def _shape(v: object) -> tuple[int, ...]:
    v = _scalar(v)
    return v.shape if isinstance(v, sp.MatrixBase) else ()


def _is_linear(fn: FunctionValue) -> bool:
    return all(sp.diff(fn.body, p, 2) == 0 for p in fn.params)


def _pairs(functions: dict) -> list[tuple[FunctionValue, FunctionValue]]:
    fns = [f for f in functions.values() if isinstance(f, FunctionValue)]
    return [(a, b) for a, b in itertools.permutations(fns, 2)]


def _at(named: NamedValue) -> str:
    return f" ({named.where})" if named.where else ""


def _decimal_of(value: object, halfwidth: object) -> str | None:
    """A bare decimal as written, from its value and the half-width (one unit of its last digit)."""
    h = _scalar(halfwidth)
    if not (isinstance(h, sp.Rational) and h > 0 and (1 / h).is_Integer):
        return None
    decimals = len(str(1 / h)) - 1
    return f"{float(_scalar(value)):.{decimals}f}"


def _digit_swap(text: str, value: object) -> bool:
    """Two adjacent digits of `text` swapped give `value` (rounded or truncated at the same place)."""
    decimals = len(text.partition(".")[2])
    exact = float(_scalar(value))
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


def is_digit_slip(text: str, value: object) -> bool:
    """`text` and `value` written with the same decimals differ in one digit, or by two swapped digits."""
    if not _is_number(value):
        return False
    decimals = len(text.partition(".")[2])
    try:
        other = f"{float(_scalar(value)):.{decimals}f}"
    except (TypeError, ValueError):
        return False
    a, b = text.lstrip("-"), other.lstrip("-")
    if len(a) != len(b) or a == b:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diffs) == 1:
        return True
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
