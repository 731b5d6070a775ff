"""Reading the notation (`symcheck.latex.parse`, `symcheck.latex`) and giving it a meaning (`symcheck.meaning.interpret`).

Expected values are worked out by hand or with SymPy directly (never from symcheck's own output):
e.g. 16(8)+3 = 128+3 = 131, σ(0) = 1/(1+e^0) = 1/2, d/dx x³ = 3x².
"""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck.core.errors import SymcheckError
from symcheck.latex.ellipsis import INDEX
from symcheck.latex.normalize import RULES, normalize
from symcheck.latex.parse import parse_readings
from symcheck.latex.syntax import (
    Abs,
    Add,
    Apply,
    DOp,
    Fn,
    Group,
    Leibniz,
    Mul,
    Name,
    Num,
    Series,
    Text,
    Transpose,
    TupleNode,
)
from symcheck.meaning.interpret import EmptyScope, interpret, leibniz_key
from symcheck.read.unicode import unicode_to_latex

x, y = sp.symbols("x y")


def value_of(text: str) -> object:
    """The meaning of the literal (first) reading of `text`, with no bindings."""
    reading = parse_readings(text)[0]
    assert reading.tree is not None, reading.error
    return interpret(reading.tree, EmptyScope())


def same(got: object, want: object) -> bool:
    """Exact equality for numbers, expressions and matrices (shape included)."""
    if isinstance(want, sp.MatrixBase):
        return isinstance(got, sp.MatrixBase) and got.shape == want.shape and sp.simplify(got - want) == sp.zeros(*want.shape)
    if isinstance(got, sp.MatrixBase):
        return False
    return sp.simplify(sp.sympify(got) - want) == 0


def sym(name: str) -> sp.Symbol:
    return sp.Symbol(name)


def fixed(reason: str) -> tuple:
    """A regression row: `reason` is the bug this case once showed (now fixed); it carries no mark."""
    return ()


# (latex, exact value)
VALUE_CASES = [
    pytest.param("16(8)+3", sp.Integer(131), id="number-bracket-is-product-not-mixed-number"),
    pytest.param("\\begin{bmatrix} 2(1) & 2 \\\\ 3 & 8(2) \\end{bmatrix}", sp.Matrix([[2, 2], [3, 16]]),
                 id="products-inside-matrix-cells"),
    pytest.param("-15 \\cdot 886", sp.Integer(-13290), id="cdot-between-integers-literal-reading"),
    pytest.param("\\sigma(0)", sp.Rational(1, 2), id="sigma-of-zero"),
    pytest.param("\\sigma(\\ln 3)", sp.Rational(3, 4), id="sigma-of-log"),
    pytest.param("\\frac{1}{1+e^{-0.09}}", 1 / (1 + sp.exp(-sp.Rational(9, 100))), id="sigmoid-written-out"),
    pytest.param("e^{x}", sp.exp(x), id="e-power-is-exp"),
    pytest.param("e^{-0.09}", sp.exp(-sp.Rational(9, 100)), id="e-power-decimal-exact"),
    pytest.param("\\exp(0)", sp.Integer(1), id="exp-call"),
    pytest.param("\\ln(e)", sp.Integer(1), id="ln-of-e"),
    pytest.param("\\log(1)", sp.Integer(0), id="log-natural"),
    pytest.param("2 \\cdot 3", sp.Integer(6), id="cdot"),
    pytest.param("2\\times 3", sp.Integer(6), id="times"),
    pytest.param("2*3", sp.Integer(6), id="star"),
    pytest.param("−2 × 3", sp.Integer(-6), id="unicode-minus-and-times"),
    pytest.param("0.3 · 2", sp.Rational(3, 5), id="unicode-middle-dot"),
    pytest.param("2x", 2 * x, id="implicit-number-name"),
    pytest.param("2(3)", sp.Integer(6), id="implicit-number-bracket"),
    pytest.param("(2)(3)", sp.Integer(6), id="implicit-bracket-bracket"),
    pytest.param("0.1+0.2", sp.Rational(3, 10), id="decimals-are-exact-rationals"),
    pytest.param("0.5.", sp.Rational(1, 2), id="trailing-full-stop"),
    pytest.param("12.", sp.Integer(12), id="trailing-full-stop-after-integer"),
    pytest.param("3,", sp.Integer(3), id="trailing-comma"),
    pytest.param("\\frac{3}{4}", sp.Rational(3, 4), id="frac"),
    pytest.param("1/2", sp.Rational(1, 2), id="slash"),
    pytest.param("2^{10}", sp.Integer(1024), id="power"),
    pytest.param("x^23", 3 * x**2, id="tex-single-token-exponent"),
    pytest.param("\\left(1+2\\right)^2", sp.Integer(9), id="left-right-brackets"),
    pytest.param("--5", sp.Integer(5), id="double-minus-rule"),
    pytest.param("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", sp.Matrix([1, 2]), id="pmatrix-column"),
    pytest.param("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", sp.Matrix([[1, 2], [3, 4]]), id="bmatrix"),
    pytest.param("(1, 2, 3)", sp.Matrix([1, 2, 3]), id="tuple-is-column-vector"),
    pytest.param("\\begin{bmatrix} 1 & 2 \\end{bmatrix}^T", sp.Matrix([1, 2]), id="transpose-T"),
    pytest.param("\\begin{bmatrix} 1 & 2 \\end{bmatrix}^{\\top}", sp.Matrix([1, 2]), id="transpose-top"),
    pytest.param("\\begin{bmatrix}1\\\\2\\end{bmatrix}^T \\begin{bmatrix}3\\\\4\\end{bmatrix}", sp.Matrix([[11]]),
                 id="row-times-column"),
    pytest.param("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{-1}", sp.Matrix([[-2, 1], [sp.Rational(3, 2), -sp.Rational(1, 2)]]),
                 id="matrix-inverse"),
    pytest.param("\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}", sp.Integer(-2), id="vmatrix-determinant"),
    pytest.param("\\det(\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix})", sp.Integer(-2), id="det-call"),
    pytest.param("\\tanh(0)", sp.Integer(0), id="tanh"),
    pytest.param("\\tanh(x)", sp.tanh(x), id="tanh-symbolic"),
    pytest.param("\\sqrt{16}", sp.Integer(4), id="sqrt"),
    pytest.param("\\sqrt[3]{8}", sp.Integer(2), id="cube-root"),
    pytest.param("\\frac{d}{dx}(x^3)", 3 * x**2, id="d-dx-operator"),
    pytest.param("\\frac{\\partial}{\\partial x}(x^2 y)", 2 * x * y, id="partial-operator"),
    pytest.param("\\frac{\\partial^2 (x^3)}{\\partial x^2}", 6 * x, id="second-derivative-leibniz-of-expression"),
    pytest.param("\\frac{d^2}{dx^2}(x^3)", 6 * x, id="second-derivative-operator",
                 marks=fixed("d²/dx² (x³) gives 0, not 6x: the operator's variables [x, x] are repeated `order` (2) "
                           "times, so it differentiates four times")),
    pytest.param("\\frac{\\partial^2}{\\partial x \\partial y}(x^2 y)", 2 * x, id="mixed-second-partial",
                 marks=fixed("∂²/∂x∂y (x²y) gives 0, not 2x: the variable list [x, y] is repeated `order` times, "
                           "so it differentiates four times (x, y, x, y)")),
    pytest.param("\\frac{\\partial (y-\\hat{y})^2}{\\partial \\hat{y}}", 2 * sym("\\hat{y}") - 2 * y,
                 id="leibniz-of-expression-is-real-derivative"),
    pytest.param("\\sigma(x)(1-\\sigma(x))", sp.exp(-x) / (1 + sp.exp(-x)) ** 2, id="sigma-times-bracket"),
    pytest.param("\\max(1, 4)", sp.Integer(4), id="max"),
    pytest.param("\\text{ReLU}(-2)", sp.Integer(0), id="relu-in-text"),
    pytest.param("|{-3}|", sp.Integer(3), id="absolute-value"),
    pytest.param("5!", sp.Integer(120), id="factorial"),
    pytest.param("\\pi", sp.pi, id="pi"),
    pytest.param("\\sin^2 x", sp.sin(x) ** 2, id="function-power"),
    pytest.param("\\sigma^-1(0.5)", sp.Integer(0), id="inverse-sigma-unbraced"),
    pytest.param("\\sigma^{-1}(0.5)", sp.Integer(0), id="inverse-sigma-braced",
                 marks=fixed("\\sigma^{-1}(0.5) is read as 1/σ(0.5) = 1+e^{-1/2}; the unbraced \\sigma^-1 is the inverse")),
    pytest.param("\\tanh^{-1}(0)", sp.Integer(0), id="inverse-tanh-braced",
                 marks=fixed("\\tanh^{-1}(0) is read as 1/tanh(0) = zoo (complex infinity), not artanh(0) = 0")),
    pytest.param("\\sigma'(0)", sp.Rational(1, 4), id="sigma-prime",
                 marks=fixed("\\sigma'(0) raises 'the function sigma has no argument'; σ'(0) = σ(0)(1-σ(0)) = 1/4")),
    pytest.param("\\tanh'(0)", sp.Integer(1), id="tanh-prime",
                 marks=fixed("\\tanh'(0) raises 'the function tanh has no argument'; tanh'(0) = 1 - tanh²(0) = 1")),
]


@pytest.mark.parametrize(("text", "expected"), VALUE_CASES)
def test_values(text, expected):
    """The literal reading of the notation has the exact value worked out by hand."""
    assert same(value_of(text), expected)


# (latex, the single symbol it names)
SYMBOL_CASES = [
    pytest.param("V_1", "V_{1}", id="capital-V-sub-1"),
    pytest.param("v_1", "v_{1}", id="small-v-sub-1"),
    pytest.param("a_{11}", "a_{11}", id="two-digit-subscript"),
    pytest.param("x_{10}", "x_{10}", id="subscript-10-is-not-x-sub-1-times-0"),
    pytest.param("a_{1,2}", "a_{1,2}", id="comma-subscript"),
    pytest.param("\\hat{y}_1", "\\hat{y}_{1}", id="hat-y-sub-1"),
    pytest.param("\\hat y_1", "\\hat{y}_{1}", id="hat-without-braces"),
    pytest.param("\\hat{y}_{1}", "\\hat{y}_{1}", id="hat-braced-subscript"),
    pytest.param("ŷ₁", "\\hat{y}_{1}", id="unicode-hat-y-subscript-one"),
    pytest.param("Z_{31}", "Z_{31}", id="case-kept"),
    pytest.param("W^{(1)}", "W^{(1)}", id="layer-superscript-is-a-label"),
    pytest.param("\\mathbf{w}", "w", id="bold-name"),
    pytest.param("\\alpha", "\\alpha", id="greek"),
    pytest.param("\\text{loss}", "\\text{loss}", id="text-is-a-symbol"),
]


@pytest.mark.parametrize(("text", "name"), SYMBOL_CASES)
def test_single_symbols(text, name):
    """Subscripted, hatted and labelled names are one symbol each, with one canonical spelling."""
    assert value_of(text) == sym(name)


def test_capital_and_small_names_differ():
    """V_1 and v_1 are different symbols: V_1 - v_1 does not cancel."""
    assert value_of("V_1 - v_1") == sym("V_{1}") - sym("v_{1}") != 0


def test_product_of_subscripted_names():
    """x_{10}x_{11} is the product of two symbols, not one long name."""
    assert value_of("x_{10}x_{11}") == sym("x_{10}") * sym("x_{11}")


# (latex, opaque derivative symbol)
LEIBNIZ_SYMBOL_CASES = [
    pytest.param("\\frac{\\partial L}{\\partial w_{11}}", leibniz_key("L", ["w_{11}"], 1), id="dL-dw11"),
    pytest.param("\\frac{\\partial L}{\\partial \\hat{y}_1}", leibniz_key("L", ["\\hat{y}_{1}"], 1), id="dL-dyhat1"),
    pytest.param("\\frac{dy}{dx}", leibniz_key("y", ["x"], 1), id="dy-dx"),
    pytest.param("\\frac{\\partial^2 f}{\\partial x^2}", leibniz_key("f", ["x", "x"], 2), id="second-derivative"),
]


@pytest.mark.parametrize(("text", "key"), LEIBNIZ_SYMBOL_CASES)
def test_leibniz_between_names_is_opaque(text, key):
    """∂A/∂B between plain names (no function A defined) is one opaque symbol, not a derivative."""
    assert value_of(text) == sym(key)


def test_leibniz_key_spelling():
    """The opaque symbol for ∂L/∂w_{11} is spelled ∂L/∂w_{11}."""
    assert leibniz_key("L", ["w_{11}"], 1) == "∂L/∂w_{11}"


# (latex, tree) for how the notation reads, before any meaning
TREE_CASES = [
    pytest.param("2x", Mul(Num("2"), Name("x"), "implicit"), id="implicit-product"),
    pytest.param("2 \\cdot 3", Mul(Num("2"), Num("3"), "*"), id="cdot-product"),
    pytest.param("2 \\times 3", Mul(Num("2"), Num("3"), "*"), id="times-product"),
    pytest.param("2 * 3", Mul(Num("2"), Num("3"), "*"), id="star-product"),
    pytest.param("16(8)", Mul(Num("16"), Group(Num("8")), "implicit"), id="number-bracket"),
    pytest.param("0.522.", Num("0.522"), id="full-stop-is-not-a-digit"),
    pytest.param("0.522", Num("0.522"), id="decimal-kept-as-written"),
    pytest.param("\\text{loss}", Text("loss"), id="text"),
    pytest.param("\\text{ loss  value }", Text("loss value"), id="text-spaces-collapsed"),
    pytest.param("3 \\text{ kg}", Mul(Num("3"), Text("kg"), "implicit"), id="number-times-text"),
    pytest.param("(1, 2)", TupleNode((Num("1"), Num("2"))), id="tuple"),
    pytest.param("x_1, y_1", TupleNode((Name("x_{1}"), Name("y_{1}"))), id="top-level-list"),
    pytest.param("v^T w", Mul(Transpose(Name("v")), Name("w"), "implicit"), id="transpose-of-name"),
    pytest.param("\\frac{\\partial L}{\\partial w_{11}}", Leibniz(Name("L"), (Name("w_{11}"),), 1),
                 id="leibniz-node"),
    pytest.param("\\frac{d}{dx}", DOp((Name("x"),), 1), id="derivative-operator"),
    pytest.param("\\sigma(0)", Apply(Fn("sigma"), (Num("0"),)), id="named-function-call"),
    pytest.param("\\quad x \\, y", Mul(Name("x"), Name("y"), "implicit"), id="spacing-dropped"),
    pytest.param("x_1 + x_2 + \\cdots + x_n", Series("sum", INDEX, Num("1"), Name("n"), Name(f"x_{{{INDEX}}}")),
                 id="ellipsis-sum-of-subscripted-names"),
    pytest.param("\\theta_0 + \\theta_1 x_1 + ... + \\theta_n x_n",
                 Add(((1, Name("\\theta_{0}")), (1, Series("sum", INDEX, Num("1"), Name("n"),
                                                           Mul(Name(f"\\theta_{{{INDEX}}}"), Name(f"x_{{{INDEX}}}"),
                                                               "implicit"))))),
                 id="ellipsis-sum-after-a-first-term-of-another-form"),
    pytest.param("1 + 2 + \\dots + n", Series("sum", INDEX, Num("1"), Name("n"), Name(INDEX)), id="ellipsis-sum-of-numbers"),
    pytest.param("1 + \\dots + n", Series("sum", INDEX, Num("1"), Name("n"), Name(INDEX)), id="ellipsis-sum-up-to-a-bound"),
    pytest.param("(x_1, x_2, \\ldots, x_n)", Series("list", INDEX, Num("1"), Name("n"), Name(f"x_{{{INDEX}}}")),
                 id="ellipsis-list-in-brackets"),
    pytest.param("1, \\ldots, L", Series("list", INDEX, Num("1"), Name("L"), Name(INDEX)), id="ellipsis-range"),
    pytest.param("0, \\ldots, T-1", Series("list", INDEX, Num("0"), Add(((1, Name("T")), (-1, Num("1")))), Name(INDEX)),
                 id="ellipsis-range-to-an-expression"),
    pytest.param("\\begin{bmatrix} y^{(1)} \\\\ y^{(2)} \\\\ \\vdots \\\\ y^{(m)} \\end{bmatrix}",
                 Series("list", INDEX, Num("1"), Name("m"), Name(f"y^{{({INDEX})}}")), id="column-with-vdots"),
    pytest.param("\\begin{bmatrix} h_1 & h_2 & \\cdots & h_{10} \\end{bmatrix}",
                 Transpose(Series("list", INDEX, Num("1"), Num("10"), Name(f"h_{{{INDEX}}}"))), id="row-with-cdots"),
    pytest.param("P(y = 1 \\mid x; \\theta)", Name("P(y=1|x;\\theta)"), id="conditional-probability-is-one-value"),
    pytest.param("p(y^{(i)} \\lvert x^{(i)})", Name("p(y^{(i)}|x^{(i)})"), id="conditional-bar-as-lvert"),
    pytest.param("f(|x|)", Apply(Name("f"), (Abs(Name("x")),)), id="a-bar-first-opens-an-absolute-value"),
    pytest.param("\\mathbb{1}(y_i > k)", Name("\\mathbb{1}(y_i>k)"), id="indicator-of-an-event-is-one-value"),
    pytest.param("w^*", Name("w^{*}"), id="starred-name"),
    pytest.param("y_i^{\\ast} - a_i", Add(((1, Name("y_{i}^{*}")), (-1, Name("a_{i}")))), id="starred-subscripted-name"),
    pytest.param("\\sum\\limits_{i=0}^n x_i", Series("sum", "i", Num("0"), Name("n"), Name("x_{i}")),
                 id="sum-with-limits-is-no-limit"),
    pytest.param("x \\,", Name("x"), id="trailing-thin-space",
                 marks=fixed("the trailing-punctuation rule strips the ',' of a trailing \\, (and the ';' of \\;), "
                           "leaving a lone backslash: 'x \\,' cannot be parsed")),
]


@pytest.mark.parametrize(("text", "tree"), TREE_CASES)
def test_trees(text, tree):
    """The parser builds the syntax tree described in symcheck.latex.syntax."""
    assert parse_readings(text)[0].tree == tree


# (latex, [(note, value)] for every reading)
READING_CASES = [
    pytest.param("-15 \\cdot 886", [("", sp.Integer(-13290)), ("decimal-point-as-dot", sp.Rational(-15886, 1000))],
                 id="cdot-before-three-digits-has-decimal-reading"),
    pytest.param("15 \\cdot 886 \\cdot 2", [("", sp.Integer(26580)), ("decimal-point-as-dot", sp.Rational(31772, 1000))],
                 id="decimal-reading-inside-product"),
    pytest.param("3 \\cdot 14", [("", sp.Integer(42))], id="two-digits-after-dot-no-alternative"),
    pytest.param("0.5 \\cdot 886", [("", sp.Integer(443))], id="decimal-before-dot-no-alternative"),
    pytest.param("2 \\cdot 3", [("", sp.Integer(6))], id="plain-product-one-reading"),
]


@pytest.mark.parametrize(("text", "expected"), READING_CASES)
def test_readings(text, expected):
    """parse_readings adds the OCR alternative 'decimal-point-as-dot' only for `n \\cdot ddd`."""
    readings = parse_readings(text)
    assert [(r.note, interpret(r.tree, EmptyScope())) for r in readings] == expected


# (latex, words the error should contain)
UNPARSEABLE_CASES = [
    pytest.param("\\frac{1}{", "expected", id="unfinished-frac"),
    pytest.param("a +* b", "'*'", id="two-operators"),
    pytest.param("", "end of input", id="empty"),
    pytest.param("\\", "expected", id="lone-backslash"),
    pytest.param("{", "end of input", id="open-brace"),
    pytest.param("}", "'}'", id="close-brace"),
    pytest.param("x^", "end of input", id="power-without-exponent"),
    pytest.param("x_", "missing script", id="subscript-without-script"),
    pytest.param("\\frac", "'{'", id="frac-without-arguments"),
    pytest.param("((", "end of input", id="open-brackets"),
    pytest.param(")(", "')'", id="brackets-reversed"),
    pytest.param("1..2", "unexpected symbol", id="two-dots"),
    pytest.param("a\x00b", "NUL", id="nul-byte"),
    pytest.param("\\begin{bmatrix} 1 & 2", "unclosed bmatrix", id="unclosed-matrix"),
    pytest.param("\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}", "different lengths", id="ragged-matrix"),
    pytest.param("\\end{bmatrix}", "\\end", id="stray-end"),
    pytest.param("\\begin{foo} x \\end{foo}", "environment foo", id="unknown-environment"),
    pytest.param("\\unknowncmd x", "unknown command", id="unknown-command"),
    pytest.param("x \\pm 1", "two values", id="plus-minus-is-not-plus"),
    pytest.param("1 + 2 + 4 + \\cdots + 128", "ellipses", id="ellipsis-of-a-doubling-is-not-read"),
    pytest.param("x_1 + x_2 + x_4 + \\cdots + x_8", "ellipses", id="ellipsis-out-of-step-is-not-read"),
    pytest.param("1 + \\cdots + 128", "ellipses", id="ellipsis-of-numbers-to-a-number-needs-two-terms"),
    pytest.param("0, 1, 3, \\ldots, N", "ellipses", id="list-out-of-step-is-not-read"),
    pytest.param("\\sum_{j \\ne k} a_{jk}", "sums", id="a-sum-skipping-a-term-of-a-two-index-name"),
    pytest.param("\\begin{bmatrix} 0 \\\\ 0 \\\\ \\vdots \\\\ 0 \\end{bmatrix}", "ellipses", id="a-column-of-one-value-has-no-length"),
    pytest.param("\\begin{bmatrix} a_{11} & \\cdots \\\\ \\vdots & a_{nn} \\end{bmatrix}", "ellipses", id="dots-both-ways"),
    pytest.param("x_1 + x_2 + \\cdots", "ellipses", id="ellipsis-without-a-last-term"),
    pytest.param("x_1 + \\cdots + y_n", "ellipses", id="ellipsis-between-different-names"),
    pytest.param("x = 1", "'='", id="relation-inside-expression"),
    pytest.param("| x", "'|'", id="unclosed-absolute-value"),
    pytest.param("\\left( x", "')'", id="unclosed-left"),
    pytest.param("\\text{", "unbalanced braces", id="unclosed-text"),
    pytest.param("(" * 200 + "1" + ")" * 200, "nesting too deep", id="deep-nesting"),
    pytest.param("1" + "+1" * 3000, "6001 characters", id="too-long"),
]


@pytest.mark.parametrize(("text", "needle"), UNPARSEABLE_CASES)
def test_unparseable_gives_reading_with_error(text, needle):
    """Bad input never raises: the reading has tree None and an error string saying why."""
    (reading,) = parse_readings(text)
    assert (reading.tree, needle in reading.error) == (None, True), reading.error


def test_too_long_is_flagged_too_large():
    """An expression over the size gate is marked too_large, so the checker can say so."""
    (reading,) = parse_readings("1" + "+1" * 3000)
    assert reading.too_large


# (latex, exception message fragment) for input that parses but has no value
NO_VALUE_CASES = [
    pytest.param("\\frac{1}{0}", "division by zero", id="division-by-zero"),
    pytest.param("x^{1000000}", "exponent", id="huge-symbolic-exponent"),
    pytest.param("2^{100000}", "digits", id="huge-number"),
]


@pytest.mark.parametrize(("text", "needle"), NO_VALUE_CASES)
def test_no_value_raises_symcheck_error(text, needle):
    """Interpreting an expression with no value raises a SymcheckError naming the reason (never a SymPy crash)."""
    with pytest.raises(SymcheckError, match=needle):
        value_of(text)


# -- normalisation rules, each on its own ---------------------------------------------------
# (rule name, input, output of that rule alone)
RULE_CASES = [
    pytest.param("trailing-punctuation", "0.249.", "0.249", id="trailing-punctuation"),
    pytest.param("leading-punctuation", ", x", "x", id="leading-punctuation"),
    pytest.param("mathrm-d", "\\frac{\\mathrm{d}y}{\\mathrm{d}x}", "\\frac{dy}{dx}", id="mathrm-d"),
    pytest.param("prime-superscript", "f^{\\prime}", "f'", id="prime-superscript"),
    pytest.param("empty-group", "{}x", " x", id="empty-group"),
    pytest.param("left-right-dot", "\\left. x \\right.", "  x  ", id="left-right-dot"),
    pytest.param("operatorname-star", "\\operatorname*{argmax}", "\\operatorname{argmax}", id="operatorname-star"),
    pytest.param("double-minus", "1 + --5", "1 + +5", id="double-minus"),
    pytest.param("double-minus", "x_{a}--5", "x_{a}--5", id="double-minus-not-after-a-name"),
    pytest.param("label-tag", "y = x \\label{eq:1}\\tag*{(2)}", "y = x   ", id="label-tag"),
    pytest.param("mathord", "\\mathord{d_0} + \\mathordinary", " {d_0} + \\mathordinary", id="mathord"),
    pytest.param("checkmark", "-11.743 \\checkmark ✓ \\checkmarks", "-11.743     \\checkmarks", id="checkmark"),
    pytest.param("braced-delimiter", "\\Big{(} x \\Big{)}_k \\bigl{[}", "\\Big( x \\Big)_k \\bigl[", id="braced-delimiter"),
    pytest.param("empty-script", "\\int_{ }^{}x dx + y_{}", "\\int  x dx + y ", id="empty-script"),
]


def test_label_after_a_comma_goes_with_the_comma():
    """`x,\\label{…}` at the end of a line: the label goes first, so the comma before it is trailing too."""
    assert normalize("-o_j \\cdot o_i,\n  \\label{eq:partialOj}") == "-o_j \\cdot o_i"



@pytest.mark.parametrize(("rule", "text", "expected"), RULE_CASES)
def test_normalize_rules(rule, text, expected):
    """Each named rewrite rule does exactly its one job."""
    pattern, replacement = next((p, r) for name, p, r in RULES if name == rule)
    assert pattern.sub(replacement, text) == expected


# (unicode text, latex)
UNICODE_CASES = [
    pytest.param("z₃₁", "z_{31}", id="subscript-digits"),
    pytest.param("σ(x)", "\\sigma (x)", id="sigma"),
    pytest.param("x²", "x^{2}", id="superscript-two"),
    pytest.param("Wᵀ", "W^{T}", id="transpose"),
    pytest.param("a − b", "a - b", id="minus-sign"),
]


@pytest.mark.parametrize(("text", "expected"), UNICODE_CASES)
def test_unicode_to_latex(text, expected):
    """Unicode math from OCR or typing becomes the LaTeX the parser reads."""
    assert unicode_to_latex(text) == expected


def test_normalize_strips_sentence_end():
    """normalize applies every rule: a trailing full stop and spaces go."""
    assert normalize("  0.249 . ") == "0.249"


# -- symcheck.read_latex: the public reader, notation family by family ------------------------
# Expected values are written with SymPy directly. Symbols keep their LaTeX spelling.
a, b, k, n, z = sp.symbols("a b k n z")
f = sp.Function("f")

# (latex, expected value)
READ_LATEX_CASES = [
    # fractions written as in TeX, one token per argument
    pytest.param("\\frac12", sp.Rational(1, 2), id="frac-digits"),
    pytest.param("\\frac12y", y / 2, id="frac-digits-then-name"),
    pytest.param("\\frac1234", 17, id="frac-digits-rest-is-a-factor"),
    pytest.param("\\frac2{3}", sp.Rational(2, 3), id="frac-digit-and-group"),
    pytest.param("\\frac1x", 1 / x, id="frac-digit-and-letter"),
    pytest.param("\\frac{\\sin{x}}2", sp.sin(x) / 2, id="frac-group-and-digit"),
    pytest.param("\\tfrac{1}{2} + \\dfrac{1}{4}", sp.Rational(3, 4), id="tfrac-dfrac"),
    # delimiters of absolute values and brackets
    pytest.param("\\vert x - 1\\vert", sp.Abs(x - 1), id="vert"),
    pytest.param("\\lvert -3 \\rvert", 3, id="lvert-rvert"),
    pytest.param("\\left\\vert x\\right\\vert", sp.Abs(x), id="left-vert"),
    pytest.param("\\mleft(x+1\\mright)^2", (x + 1) ** 2, id="mleft-mright"),
    pytest.param("\\mleft|2-5\\mright|", 3, id="mleft-abs"),
    pytest.param("\\lbrack 1+2 \\rbrack \\lgroup 3 \\rgroup", 9, id="lbrack-lgroup"),
    pytest.param("a \\negthinspace b", a * b, id="negative-space"),
    pytest.param("\\exponentialE^{2}", sp.exp(2), id="exponentialE"),
    # names: scripts in either order, primes
    pytest.param("x^2_{ij}", sym("x_{ij}") ** 2, id="superscript-before-subscript"),
    pytest.param("x^{3}_2", sym("x_{2}") ** 3, id="superscript-before-subscript-braced"),
    pytest.param("a''", sym("a''"), id="double-prime-name"),
    pytest.param("y''_1", sym("y''_{1}"), id="primes-then-subscript"),
    pytest.param("y_1''", sym("y_{1}''"), id="subscript-then-primes"),
    pytest.param("f'(x)", sp.Function("f'")(x), id="primed-function-applied"),
    pytest.param("f'_1(x)", sp.Function("f_{1}'")(x), id="primed-subscripted-function-applied"),
    pytest.param("e^{(x+y)}", sp.exp(x + y), id="e-to-a-bracket-is-a-power-not-a-label"),
    pytest.param("W^{(1)}", sym("W^{(1)}"), id="layer-label-kept"),
    pytest.param("\\frac{d\\theta(x)}{dx}", sp.Derivative(sp.Function("\\theta")(x), x), id="leibniz-of-applied-name"),
    # named functions
    pytest.param("\\operatorname{arcsinh}(1)", sp.asinh(1), id="operatorname-arcsinh"),
    pytest.param("\\artanh(x)", sp.atanh(x), id="artanh"),
    pytest.param("\\sinh^{-1}(x)", sp.asinh(x), id="inverse-sinh"),
    pytest.param("\\lfloor 3.5 \\rfloor", 3, id="lfloor"),
    pytest.param("\\left\\lceil x \\right\\rceil", sp.ceiling(x), id="left-lceil"),
    pytest.param("\\floor(6.9) + \\ceil(1.1)", 8, id="floor-ceil-commands"),
    pytest.param("\\operatorname{ceil}(x + y)", sp.ceiling(x + y), id="operatorname-ceil"),
    pytest.param("\\binom{5}{2}", 10, id="binom"),
    pytest.param("\\dbinom{n}{k} + \\tbinom{4}{2}", sp.binomial(n, k) + 6, id="dbinom-tbinom"),
    pytest.param("{6 \\choose 3}", 20, id="choose"),
    pytest.param("\\binom{16+2}{\\frac{4}{2}}", 153, id="binom-of-expressions"),
    pytest.param("\\boxed{2x}", 2 * x, id="boxed"),
    pytest.param("x^2 \\label{eq:loss} \\tag{3}", x**2, id="label-and-tag-dropped"),
    pytest.param("\\|x\\| + \\left\\| y \\right\\|", sp.Abs(x) + sp.Abs(y), id="norm-bars"),
    pytest.param("\\left\\|\\begin{pmatrix}3\\\\4\\end{pmatrix}\\right\\|", 5, id="norm-of-a-vector"),
    pytest.param("\\|a\\| \\|b\\|", sp.Abs(a) * sp.Abs(b), id="two-norms-side-by-side"),
    pytest.param("\\partial_{x} (x^2 y)", 2 * x * y, id="partial-subscript-of-an-expression"),
    pytest.param("\\partial_x f", sym(leibniz_key("f", ["x"], 1)), id="partial-subscript-named-quantity"),
    pytest.param("\\mathrm{net}_{h1}^2", sym("net_{h1}") ** 2, id="multi-letter-name"),
    pytest.param("\\text{net}_{o1}", sym("net_{o1}"), id="text-name-with-subscript"),
    pytest.param("\\mathit{21} + \\mathbf{x_1}", 21 + sym("x_1"), id="font-around-digits-is-a-number"),
    pytest.param("\\left[\\begin{array}{cc}1 & 2\\\\3 & 4\\end{array}\\right]", sp.Matrix([[1, 2], [3, 4]]),
                 id="array-in-left-bracket"),
    pytest.param("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}^\\mathit{T}", sp.Matrix([[1, 3], [2, 4]]), id="transpose-mathit-T"),
    pytest.param("\\begin{pmatrix}1&2\\end{pmatrix}^{\\mathsf{T}}", sp.Matrix([[1], [2]]), id="transpose-braced-mathsf-T"),
    pytest.param("\\begin{pmatrix}1&2\\end{pmatrix}^\\intercal", sp.Matrix([[1], [2]]), id="transpose-intercal"),
    pytest.param("\\{1+2\\}\\{3-4\\}", -3, id="braces-as-brackets"),
    pytest.param("\\sin\\left\\lbrace x \\right\\rbrace", sp.sin(x), id="lbrace-function-argument"),
    pytest.param("\\left\\{x + y\\right\\} z", (x + y) * sym("z"), id="braces-times-name"),
    # scientific notation (capital E between digits)
    pytest.param("2.5E2", 250, id="scientific"),
    pytest.param("-324E-3", sp.Rational(-81, 250), id="scientific-negative-exponent"),
    pytest.param("\\max(3, 12E2)", 1200, id="scientific-in-max"),
    # sums, products, integrals, limits: unevaluated, as written
    pytest.param("\\sum_{k=1}^{n} k^2", sp.Sum(k**2, (k, 1, n)), id="sum-symbolic-bound"),
    pytest.param("\\sum^{3}_{k = 1} k + 1", sp.Sum(k, (k, 1, 3)) + 1, id="sum-scripts-swapped-body-is-a-product"),
    pytest.param("\\sum_{n=0}^{\\infty} \\frac{1}{n!}", sp.Sum(1 / sp.factorial(n), (n, 0, sp.oo)), id="series"),
    pytest.param("\\prod_{a=1}^{4} a", sp.Product(a, (a, 1, 4)), id="product"),
    pytest.param("\\int x^2 dx", sp.Integral(x**2, x), id="indefinite-integral"),
    pytest.param("\\int_0^1 x \\, dx", sp.Integral(x, (x, 0, 1)), id="definite-integral"),
    pytest.param("\\int\\limits_{a}^{b} f(z) dz", sp.Integral(f(z), (z, a, b)), id="integral-limits"),
    pytest.param("\\int_0^1\\int_0^2 xy\\,dx\\,dy", sp.Integral(x * y, (x, 0, 2), (y, 0, 1)), id="double-integral"),
    pytest.param("\\int (x\\, dx)", sp.Integral(x, x), id="integral-in-a-bracket"),
    pytest.param("\\int da", sp.Integral(1, a), id="integral-of-one"),
    pytest.param("\\int \\frac{dz}{z}", sp.Integral(1 / z, z), id="integral-dz-in-numerator"),
    pytest.param("\\int \\frac{3 \\cdot d\\theta}{\\theta}", sp.Integral(3 / sym("\\theta"), sym("\\theta")),
                 id="integral-cdot-dtheta-in-numerator"),
    pytest.param("\\int \\left\\{x\\,dx\\right\\}", sp.Integral(x, x), id="integral-in-braces"),
    pytest.param("\\|(3, -4)\\|_1", sp.Integer(7), id="one-norm-of-a-vector"),
    pytest.param("\\|(3, -4)\\|_\\infty", sp.Integer(4), id="max-norm-of-a-vector"),
    pytest.param("\\frac{1}{2}||(3, 4)||_2^2", sp.Rational(25, 2), id="two-norm-written-with-bars"),
    pytest.param("\\|\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}\\|_{\\text{F}}", sp.sqrt(30), id="frobenius-norm"),
    pytest.param("\\underbrace{x + 1}_\\text{data loss} + \\underbrace{2y}_{=4}", x + 1 + 2 * y,
                 id="underbrace-note-is-no-factor"),
    pytest.param("\\overbrace{x + y}^{n} 2", 2 * x + 2 * y, id="overbrace-note-is-no-exponent"),
    pytest.param("\\vertx\\vert", sp.Abs(x), id="vert-glued-to-a-letter"),
    pytest.param("\\mleft\\lvertx + y\\mright\\rvert", sp.Abs(x + y), id="lvert-glued-to-a-letter"),
    pytest.param("\\int \\lbracex dx\\rbrace", sp.Integral(x, x), id="lbrace-glued-to-a-letter"),
    pytest.param("\\int_{ }^{ } x dx", sp.Integral(x, x), id="integral-with-empty-bounds"),
    pytest.param("\\lim_{x \\to 3} a", sp.Limit(a, x, 3, "+-"), id="limit-two-sided"),
    pytest.param("\\lim_{x \\to 0^{+}} \\frac{1}{x}", sp.Limit(1 / x, x, 0, "+"), id="limit-from-above"),
    pytest.param("\\lim_{x \\rightarrow \\infty} \\frac{1}{x}", sp.Limit(1 / x, x, sp.oo, "-"), id="limit-at-infinity"),
]


@pytest.mark.parametrize(("text", "expected"), READ_LATEX_CASES)
def test_read_latex(text, expected):
    import symcheck

    got = symcheck.read_latex(text)
    assert got == expected or (not isinstance(expected, sp.Basic) or not expected.has(sp.Integral, sp.Sum, sp.Limit,
                                                                                          sp.Product, sp.Derivative)
                                and same(got, expected)), got


# (latex, words of the reason): ambiguous or unknown notation is refused, never guessed
READ_LATEX_REFUSED = [
    pytest.param("x = 1", "relation", id="relation"),
    pytest.param("a \\le b", "relation", id="relation-le"),
    pytest.param("x := 1", "relation", id="definition"),
    pytest.param("1 \\pm 2", "two values", id="plus-minus-is-two-values"),
    pytest.param("\\partial_x", "of nothing", id="partial-of-nothing"),
    pytest.param("1.1.1", "two decimal points", id="two-decimal-points-not-a-product"),
    pytest.param("\\lim_{x \\to 3x} a", "tends to an expression in x", id="limit-point-depends-on-its-variable"),
    pytest.param("\\mathit{x + y}", "font around an expression", id="font-around-an-expression"),
    pytest.param("\\lg x", "unknown command", id="lg-base-is-ambiguous"),
    pytest.param("\\int (x+a)", "differential", id="integral-without-dx"),
    pytest.param("\\sum_k x_k", "bounds", id="sum-without-bounds"),
    pytest.param("\\lim x", "subscript", id="limit-without-subscript"),
    pytest.param("\\operatorname{foo}(x)", "foo", id="unknown-operatorname-function"),
    pytest.param("\\ulcorner x \\urcorner", "unknown command", id="corner-brackets"),
    pytest.param("\\{1+2\\}", "sets", id="whole-expression-in-braces-is-a-set"),
    pytest.param("2\\{1, 2\\}", "sets", id="list-in-braces-is-a-set"),
    pytest.param("1E99", "too large", id="scientific-exponent-over-the-gate"),
    pytest.param("\\binom{2000}{1000}", "too large", id="huge-binomial"),
    pytest.param("\\operatorname{binomial}(5)", "two arguments", id="binomial-with-one-argument"),
    pytest.param("x \\leftarrow 1", "arrows", id="leftarrow-is-an-arrow-not-left"),
    pytest.param("\\sigma", "no argument", id="function-without-argument"),
    pytest.param("(1, 2) \\otimes (3, 4)", "ambiguous", id="otimes-element-wise-or-kronecker"),
    pytest.param("\\|\\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}\\|_1", "induced or entrywise",
                 id="one-norm-of-a-matrix-is-ambiguous"),
    pytest.param("\\|x\\|_p", "norm with this subscript", id="p-norm-is-not-read"),
]


@pytest.mark.parametrize(("text", "needle"), READ_LATEX_REFUSED)
def test_read_latex_refuses(text, needle):
    import symcheck

    with pytest.raises(symcheck.ReadError, match=needle.replace("\\", "\\\\")):
        symcheck.read_latex(text)


def test_answer_files_read_sums_but_not_scientific_notation():
    """Sums and products are read in answer files too (the checker writes them out term by term);
    scientific notation stays with read_latex: in an answer file 2E3 is 2·E·3."""
    (reading,) = parse_readings("\\sum_{k=1}^{3} k")
    assert isinstance(reading.tree, Series)
    assert interpret(parse_readings("2E3")[0].tree, EmptyScope()) == 6 * sym("E")
