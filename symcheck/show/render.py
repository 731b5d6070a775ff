"""One renderer of values for every report.

A value (a SymPy number, expression, vector or matrix, a tuple, a student's function) is shown in
three forms, made together by `shown()`:

- `machine`: the stable form of the JSON report (`expected`/`found`): SymPy's `sstr`, numbers as
  decimals. Scorers read it; it is never shown to a student.
- `text`: readable Unicode math for the terminal: `x² + x·cos(xy)`, `[[v, u], [1, 2v]]`, `∂L/∂ŵ₁`,
  fractions as `a/b` only when short.
- `latex`: LaTeX for the HTML (converted to MathML) and for Markdown/Gradescope (`$…$`).

Numbers are shown with at least `digits` significant digits (6 by default); a caller comparing
against a decimal the student wrote passes `digits_for(found)` so the expected value is never shown
with fewer digits than the student used (one more, at least).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import cast

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symcheck.core.results import Comparison
from symcheck.core.text import latex_escape_text
from symcheck.meaning.functions import FunctionValue

DEFAULT_DIGITS = 6


class Shown(str):
    """A value's machine form (the str itself) carrying its Unicode `text` and its `latex`."""

    text: str
    latex: str

    def __new__(cls, machine: str, text: str | None = None, latex: str | None = None) -> Shown:
        self = super().__new__(cls, machine)
        self.text = machine if text is None else text
        self.latex = latex_escape_text(machine) if latex is None else latex
        return self

    def __reduce__(self) -> tuple[type[Shown], tuple[str, str, str]]:
        return (Shown, (str(self), self.text, self.latex))


def as_text(value: object) -> str | None:
    """The Unicode form of a shown value (a plain string is its own text)."""
    # callers pass a Shown, a plain string or None: the text attribute, or the string itself
    return None if value is None else cast("str | None", getattr(value, "text", value))


def as_latex(value: object) -> str | None:
    return None if value is None else getattr(value, "latex", None) or latex_escape_text(str(value))


def shown(value: object, subs: dict | None = None, digits: int = DEFAULT_DIGITS) -> Shown:
    """The three forms of a value (see the module's docstring)."""
    return Shown(show(value, subs, digits), show_text(value, subs, digits), show_latex(value, subs, digits))


def expected_of(comparison: Comparison) -> Shown | None:
    """A comparison's expected (left) value shown, with at least one digit more than the student wrote."""
    if comparison.left is None:
        return None
    return shown(comparison.left, comparison.subs, digits_for(comparison.right))


def found_of(comparison: Comparison) -> Shown | None:
    """A comparison's found (right) value shown, with the digits the student wrote."""
    if comparison.right is None:
        return None
    return shown(comparison.right, comparison.subs, digits_for(comparison.right))


def digits_for(value: object, at_least: int = DEFAULT_DIGITS) -> int:
    """Significant digits to show a value compared with `value`: one more than `value` was written with."""
    try:
        if isinstance(value, sp.MatrixBase):
            return max([digits_for(v, at_least) for v in value] or [at_least])
        if isinstance(value, sp.Rational) and not value.is_Integer and _terminates(value.q):
            text = str(Decimal(int(value.p)) / Decimal(int(value.q))).lstrip("-").replace(".", "").lstrip("0")
            return min(30, max(at_least, len(text) + 1))
    except (TypeError, ValueError, ArithmeticError):  # decimal's InvalidOperation is an ArithmeticError
        pass
    return at_least


def _terminates(q: int) -> bool:
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


# -- the machine form --------------------------------------------------------------------------------
def show(value: object, subs: dict | None = None, digits: int = DEFAULT_DIGITS) -> str:
    """The machine form: exact numbers as decimals, expressions as written by SymPy (the JSON's form)."""
    if isinstance(value, FunctionValue):
        return f"function {value.name}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v, subs, digits) for v in value) + ")"
    if isinstance(value, sp.MatrixBase):
        rows = [", ".join(show(value[i, j], subs, digits) for j in range(value.shape[1]))
                for i in range(value.shape[0])]
        return "[" + "; ".join(rows) + "]"
    if not isinstance(value, sp.Basic):
        return str(value)
    expr: sp.Basic = value
    if subs:
        expr = expr.xreplace(subs)
    huge = _huge(expr)
    if huge:
        return huge
    if expr.is_number and not expr.is_Integer:
        try:
            return _decimal_text(expr, digits)
        except (TypeError, ValueError, OverflowError):
            return _safe(lambda: sp.sstr(expr))
    return _safe(lambda: sp.sstr(expr))


def _huge(value: sp.Basic) -> str:
    if value.is_Rational and max(int(value.p).bit_length(), int(value.q).bit_length()) > 3_000:
        return f"a number of about {int(abs(value.p)).bit_length() * 30103 // 100000} digits"
    return ""


def _safe(make: Callable[[], str]) -> str:
    try:
        return make()
    except (ValueError, RecursionError, TypeError):  # a huge integer inside, or too deep to print
        return "(too large to print)"


@functools.lru_cache(maxsize=8192)
def _decimal_text(value: sp.Expr, digits: int = DEFAULT_DIGITS) -> str:
    """A number to `digits` significant digits (exact decimals as they are); cached, as keys repeat their values."""
    if value.is_Rational and (value.q in _POWERS_OF_TEN or _terminates(int(value.q))):
        exact = Decimal(int(value.p)) / Decimal(int(value.q))
        if value.q in _POWERS_OF_TEN or len(str(exact).lstrip("-0.").replace(".", "")) <= max(digits, 12):
            return str(exact)
    number = sp.N(value, digits + 1)
    if not number.is_real:
        raise TypeError("not real")
    if digits <= 15:  # trailing zeros kept: a value is never shown with fewer digits than asked
        return f"{float(number):#.{digits}g}".replace(".e", "e").rstrip(".")
    return sp.sstr(sp.N(value, digits), full_prec=False)


_POWERS_OF_TEN = {10 ** k for k in range(0, 12)} | {2, 4, 5, 8, 20, 25, 40, 50}


def _number_text(value: sp.Expr, digits: int) -> str:
    """A number for people: a decimal (exact decimals kept), a short fraction as a/b, `e` notation as ×10ⁿ."""
    if value.is_Integer:
        return str(value)
    if value.is_Rational and not _terminates(int(value.q)) and value.q <= 12 and abs(value.p) < 100 and digits <= 6:
        return f"{value.p}/{value.q}"
    text = _decimal_text(value, digits)
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return f"{mantissa}×10{_superscript(str(int(exponent)))}"
    return text


# -- names -----------------------------------------------------------------------------------------------
_GREEK = {name: chr(code) for name, code in [
    ("alpha", 0x3b1), ("beta", 0x3b2), ("gamma", 0x3b3), ("delta", 0x3b4), ("epsilon", 0x3b5), ("varepsilon", 0x3b5),
    ("zeta", 0x3b6), ("eta", 0x3b7), ("theta", 0x3b8), ("iota", 0x3b9), ("kappa", 0x3ba), ("lambda", 0x3bb),
    ("mu", 0x3bc), ("nu", 0x3bd), ("xi", 0x3be), ("pi", 0x3c0), ("rho", 0x3c1), ("sigma", 0x3c3), ("tau", 0x3c4),
    ("phi", 0x3c6), ("varphi", 0x3c6), ("chi", 0x3c7), ("psi", 0x3c8), ("omega", 0x3c9), ("Gamma", 0x393),
    ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39b), ("Sigma", 0x3a3), ("Phi", 0x3a6), ("Psi", 0x3a8),
    ("Omega", 0x3a9)]}
_SYMBOLS = {"partial": "∂", "nabla": "∇", "cdot": "·", "times": "×", "circ": "∘", "infty": "∞", "odot": "⊙",
            "ell": "ℓ", "to": "→", "approx": "≈", "leq": "≤", "geq": "≥", "neq": "≠", "pm": "±", "top": "ᵀ"}
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUP = str.maketrans("0123456789+-=()nTi", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀⁱ")
_HAT = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}


def _subscript(text: str) -> str:
    return text.translate(_SUB) if all(c in "0123456789+-=()aehijklmnoprstuvx" for c in text) else f"_{text}"


def _superscript(text: str) -> str:
    return text.translate(_SUP) if text and all(c in "0123456789+-=()nTi" for c in text) else f"^({text})"


_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
_ACCENT = re.compile(r"\\(hat|bar|tilde|dot|vec|widehat|overline)\s*\{([^{}]*)\}|\\(hat|bar|tilde|dot|vec)\s+(\w)")
_SCRIPT = re.compile(r"([_^])\s*(?:\{([^{}]*)\}|(\w))")
_COMMAND = re.compile(r"\\([A-Za-z]+)")


@functools.lru_cache(maxsize=4096)
def latex_to_text(latex: str) -> str:
    """A short LaTeX name or formula as Unicode: `\\frac{\\partial L}{\\partial \\hat{y}_{1}}` → `∂L/∂ŷ₁`."""
    text = latex.strip("⟨⟩⟪⟫")
    for _ in range(4):
        new = _FRAC.sub(lambda m: f"{_group(latex_to_text(m.group(1)))}/{_group(latex_to_text(m.group(2)))}", text)
        if new == text:
            break
        text = new
    text = re.sub(r"\\(?:text|mathrm|operatorname|mathbf|boldsymbol|mathit)\s*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\left|\\right|\\,|\\;|\\!|\\quad", "", text)

    def accent(m: re.Match) -> str:
        kind, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        body = _COMMAND.sub(lambda c: _GREEK.get(c.group(1), c.group(0)), body)
        mark = _HAT.get(kind.replace("wide", "").replace("overline", "bar"), "")
        return body + mark if len(body) == 1 else f"{kind}({body})"

    text = _ACCENT.sub(accent, text)
    text = _COMMAND.sub(lambda m: _GREEK.get(m.group(1)) or _SYMBOLS.get(m.group(1)) or m.group(1), text)
    text = re.sub(r"∂\s+", "∂", text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\^\{?T\}?", "ᵀ", text)
    text = _SCRIPT.sub(lambda m: (_subscript if m.group(1) == "_" else _superscript)(m.group(2) or m.group(3)), text)
    return text.replace("{", "").replace("}", "")


def _group(text: str) -> str:
    text = text.strip()
    if text.startswith("∂"):
        text = text.replace(" ", "")
    return text if re.fullmatch(r"[^\s+\-*/·()]+", text) else f"({text})"


def latex_name(name: str) -> str:
    """A symbol's name as LaTeX: symcheck's internal names (`∂L/∂w_{1}`, `⟨z_{11}⟩`) made valid."""
    name = name.strip("⟨⟩⟪⟫")
    if "/" in name and name.startswith(("∂", "d")):
        top, _, bottom = name.partition("/")
        name = rf"\frac{{{top}}}{{{bottom}}}"
    name = name.replace("∂", r"\partial ").replace("∇", r"\nabla ")
    if re.fullmatch(r"[A-Za-z]{2,}", name):
        return rf"\mathrm{{{name}}}"
    return name


# -- Unicode text ----------------------------------------------------------------------------------------
class _TextPrinter(StrPrinter):
    """SymPy's str printer with math notation: superscripts, · for products, √, decimals, readable names."""

    def __init__(self, digits: int) -> None:
        super().__init__({"order": None})
        self.digits = digits

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return latex_to_text(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Rational(self, expr: sp.Rational) -> str:
        return _number_text(expr, self.digits)

    def _print_Float(self, expr: sp.Float) -> str:
        if not expr.is_finite:
            return str(expr)
        return _number_text(sp.Rational(str(expr)), self.digits)

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exp = expr.as_base_exp()
        if exp == sp.Rational(1, 2):
            return f"√{self._wrap(base)}"
        if exp == -sp.Rational(1, 2):
            return f"1/√{self._wrap(base)}"
        if exp == -1:
            return f"1/{self._wrap(base, strict=True)}"
        if base is sp.E:
            inner = self._print(exp)
            sup = _superscript(inner)
            return f"e{sup}" if not sup.startswith("^") else f"exp({inner})"
        b = self._wrap(base, strict=True)
        if exp.is_Integer:
            return b + _superscript(str(exp))
        return f"{b}^({self._print(exp)})"

    def _wrap(self, expr: sp.Basic, strict: bool = False) -> str:
        text = self._print(expr)
        atomic = expr.is_Atom or expr.is_Function or (expr.is_Pow and not strict)
        if expr.is_Number and (expr < 0 or not expr.is_Integer):
            atomic = False
        return text if atomic else f"({text})"

    def _print_Mul(self, expr: sp.Mul) -> str:
        return _juxtapose(super()._print_Mul(expr).replace("*", "·"))

    def _print_exp(self, expr: sp.exp) -> str:
        return self._print_Pow(sp.Pow(sp.E, expr.args[0], evaluate=False))

    def _print_Function(self, expr: sp.Function) -> str:
        name = expr.func.__name__
        name = _GREEK.get(name, name)
        return f"{name}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_ImaginaryUnit(self, expr: sp.Basic) -> str:
        return "i"

    def _print_Exp1(self, expr: sp.Basic) -> str:
        return "e"

    def _print_Pi(self, expr: sp.Basic) -> str:
        return "π"

    def _print_Infinity(self, expr: sp.Basic) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: sp.Basic) -> str:
        return "-∞"

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        return _matrix_text(expr, self.digits)

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        inner = self._print(expr.expr)
        return "∂(" + inner + ")/" + "".join(f"∂{self._print(v)}" for v, n in expr.variable_count for _ in range(n))


def _juxtapose(text: str) -> str:
    """`2·x` → `2x`, `x·y` → `xy` (single letters, or a number before a letter or bracket)."""
    letter = "A-Za-zα-ω\u00c0-\u024f"
    text = re.sub(rf"(?<![\w.])(\d+)·(?=[{letter}Α-Ω(√∂])", r"\1", text)
    for _ in range(3):
        text = re.sub(rf"(?<![{letter}_.])([{letter}][₀-₉]*)·(?=[{letter}](?![{letter}(^]))", r"\1", text)
    return text


def _matrix_text(value: sp.MatrixBase, digits: int) -> str:
    if 1 in value.shape and value.shape[1] == 1:
        return "(" + ", ".join(show_text(v, None, digits) for v in value) + ")"
    return "[" + ", ".join("[" + ", ".join(show_text(value[i, j], None, digits) for j in range(value.shape[1])) + "]"
                           for i in range(value.shape[0])) + "]"


def show_text(value: object, subs: dict | None = None, digits: int = DEFAULT_DIGITS) -> str:
    """Readable Unicode math: `x² + x·cos(xy)`, `[[v, u], [1, 2v]]`, `0.751365`."""
    if isinstance(value, FunctionValue):
        return f"the function {latex_to_text(value.name)}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show_text(v, subs, digits) for v in value) + ")"
    if isinstance(value, sp.MatrixBase):
        return _matrix_text(value.xreplace(subs) if subs else value, digits)
    if not isinstance(value, sp.Basic):
        return str(value)
    expr: sp.Basic = value
    if subs:
        expr = expr.xreplace(subs)
    huge = _huge(expr)
    if huge:
        return huge
    if expr.is_number and not expr.is_Integer:
        try:
            if expr.is_Rational or expr.is_Float:
                return _number_text(sp.nsimplify(expr) if expr.is_Float else expr, digits)
            return _number_text(expr, digits)
        except (TypeError, ValueError, OverflowError):
            pass
    return _safe(lambda: _TextPrinter(digits).doprint(expr))


# -- LaTeX -----------------------------------------------------------------------------------------------
class _LatexPrinter(LatexPrinter):
    def __init__(self, digits: int) -> None:
        super().__init__({"mul_symbol": None, "mat_delim": "[", "order": None})
        self.digits = digits

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return latex_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Rational(self, expr: sp.Rational) -> str:
        if expr.is_Integer:
            return str(expr)
        if not _terminates(int(expr.q)) and expr.q <= 12 and abs(expr.p) < 100 and self.digits <= 6:
            sign = "-" if expr < 0 else ""
            return rf"{sign}\frac{{{abs(expr.p)}}}{{{expr.q}}}"
        return _latex_number(_decimal_text(expr, self.digits))

    def _print_Float(self, expr: sp.Float) -> str:
        if not expr.is_finite:
            return super()._print_Float(expr)
        return _latex_number(_decimal_text(sp.Rational(str(expr)), self.digits))

    def _print_Function(self, expr: sp.Function, exp: str | None = None) -> str:
        if expr.func.__name__ == "sigma":
            body = rf"\sigma\left({', '.join(self._print(a) for a in expr.args)}\right)"
            return body if exp is None else rf"{body}^{{{exp}}}"
        return super()._print_Function(expr, exp)


def _latex_number(text: str) -> str:
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def show_latex(value: object, subs: dict | None = None, digits: int = DEFAULT_DIGITS) -> str:
    """LaTeX for HTML (as MathML) and Markdown (`$…$`): numbers as decimals, names as the student wrote them."""
    if isinstance(value, FunctionValue):
        return rf"\text{{the function }} {latex_name(value.name)}"
    if isinstance(value, tuple):
        return r"\left(" + ", ".join(show_latex(v, subs, digits) for v in value) + r"\right)"
    if isinstance(value, sp.MatrixBase):
        matrix: sp.MatrixBase = value.xreplace(subs) if subs else value
        if matrix.shape[1] == 1 and matrix.shape[0] > 1:
            return r"\left(" + ", ".join(show_latex(v, None, digits) for v in matrix) + r"\right)"
        rows = r" \\ ".join(" & ".join(show_latex(matrix[i, j], None, digits) for j in range(matrix.shape[1]))
                             for i in range(matrix.shape[0]))
        return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"
    if not isinstance(value, sp.Basic):
        return latex_escape_text(str(value))
    expr: sp.Basic = value
    if subs:
        expr = expr.xreplace(subs)
    huge = _huge(expr)
    if huge:
        return latex_escape_text(huge)
    if expr.is_number and not expr.is_Integer:
        try:
            return _number_latex(expr, digits)
        except (TypeError, ValueError, OverflowError):
            pass
    return _safe(lambda: _LatexPrinter(digits).doprint(expr))


def _number_latex(value: sp.Expr, digits: int) -> str:
    text = _number_text(value, digits)
    if "×" in text:
        return _latex_number(_decimal_text(value, digits))
    if "/" in text:
        p, _, q = text.partition("/")
        sign = "-" if p.startswith("-") else ""
        return rf"{sign}\frac{{{p.lstrip('-')}}}{{{q}}}"
    return text
