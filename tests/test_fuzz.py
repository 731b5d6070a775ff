"""Fuzzing `check_text` with LaTeX-ish text: no exception escapes, the JSON is valid, runs repeat exactly.

Documents are drawn from a vocabulary of the tokens students' answer files are made of
(numbers, names, `\\frac{`, braces, scripts, `\\sigma(`, relations, matrix environments,
math delimiters, newlines) mixed with arbitrary text, and from derivations of well-formed
random expressions (so that evaluation, comparison and diagnosis run, not only the parser).
The run is bounded so that the suite stays fast (150 derandomized examples per test); for a
long run set SYMCHECK_FUZZ_EXAMPLES:

    SYMCHECK_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py

Any failure Hypothesis finds is printed as a minimal document: add it as a row of
`tests/test_hostile.py` (with an xfail mark naming the bug until it is fixed) and its
exception's message to KNOWN_BUGS, so that fuzzing goes on looking past it.
"""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from symcheck import Limits, check_text
from symcheck.core.results import SCHEMA
from symcheck.report.json_report import render_json

EXAMPLES = int(os.environ.get("SYMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=[HealthCheck.too_slow])
# A short step limit keeps one unlucky expansion from dominating the run; the checker must still
# return a report when it fires.
FUZZ_LIMITS = Limits(step_timeout=0.5, file_timeout=5.0)

TOKENS = [
    # numbers and names
    "0", "1", "2", "7", "10", "0.5", "0.522", "-1", "3.14159", ".5", "1.", "1000000", "x", "y", "w_{11}",
    "W^{(1)}", "\\hat{y}_1", "e", "\\pi", "\\infty", "L", "f", "F", "G", "D", "A^T", "\\text{loss}",
    # structure
    "\\frac{", "}", "{", "^", "_", "(", ")", "[", "]", "\\left(", "\\right)", "|", "\\|", ",", ".", "!", "'",
    # operators and functions
    "+", "-", "*", "/", "\\cdot", "\\times", "\\circ", "\\odot", "\\sigma(", "\\exp(", "\\log", "\\sqrt{",
    "\\det", "\\nabla", "\\partial", "\\frac{\\partial L}{\\partial w}", "\\frac{d}{dx}", "\\sum_{i=1}^{3}",
    "\\int_0^1", "\\lim_{x \\to 0}",
    # relations and separators
    "=", "=", "&=", "\\approx", "\\neq", "<", "\\le", "\\Rightarrow", "\\quad", ";", ":=",
    # matrices and layout
    "\\begin{bmatrix}", "&", "\\\\", "\\end{bmatrix}", "\\begin{pmatrix}", "\\end{pmatrix}",
    "\\begin{aligned}", "\\end{aligned}", "\\begin{array}{cc}", "\\end{array}",
    # math delimiters and Markdown
    "$$", "$", "\\[", "\\]", "\\(", "\\)", "\\begin{equation}", "\\end{equation}", "~~", "`", "```", "| ",
    # whitespace and hostile odds and ends
    " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\\def", "\\newcommand{\\a}{1}", "\\input{/etc/passwd}",
    "__import__('os')", "\U0001F600", "\u05e9\u05dc\u05d5\u05dd", "\u202e", "\ufeff", "%",
]

# Text from which NULs are excluded: `check_text` takes already-decoded text (NUL bytes are blanked by
# `decode`, see test_hostile.py); lone surrogates are excluded by Hypothesis' default alphabet.
FREE_TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=20)
PIECES = st.one_of(st.sampled_from(TOKENS), st.sampled_from(TOKENS), st.sampled_from(TOKENS), FREE_TEXT)
DOCUMENTS = st.lists(PIECES, max_size=40).map("".join)
MATH_DOCUMENTS = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map(
    lambda parts: "$$" + " ".join(parts) + "$$\n")


# Well-formed expressions, so that the checker gets past parsing and into evaluation and comparison.
LEAVES = st.sampled_from(["0", "1", "2", "3", "0.5", "0.522", "-1", "10", "x", "y", "w_{1}", "e", "\\pi",
                          "10^{1999}", "500!", "0.001", "1000000", "\\infty"])
EXPRESSIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" + ", " - ", " \\cdot ", " ", " / ", "^"]), inner).map(
            lambda t: f"{t[0]}{t[1]}{{{t[2]}}}" if t[1] == "^" else "".join(t)),
        inner.map(lambda a: f"({a})"),
        st.tuples(inner, inner).map(lambda t: f"\\frac{{{t[0]}}}{{{t[1]}}}"),
        st.tuples(st.sampled_from(["\\sigma", "\\exp", "\\log", "\\tanh", "f", "\\sqrt"]), inner).map(
            lambda t: f"{t[0]}{{{t[1]}}}" if t[0] == "\\sqrt" else f"{t[0]}({t[1]})"),
        st.tuples(inner, inner, inner, inner).map(
            lambda t: f"\\begin{{bmatrix}} {t[0]} & {t[1]} \\\\ {t[2]} & {t[3]} \\end{{bmatrix}}"),
        inner.map(lambda a: f"\\frac{{\\partial}}{{\\partial x}} ({a})"),
        inner.map(lambda a: f"|{a}|"),
        inner.map(lambda a: f"({a})!"),
    ),
    max_leaves=8,
)
STATEMENTS = st.one_of(
    st.lists(EXPRESSIONS, min_size=2, max_size=4).map(" = ".join),
    st.tuples(st.sampled_from(["a", "b", "x", "w_{1}", "f(x)", "g(x, y)", "\\hat{y}"]), EXPRESSIONS).map(
        lambda t: f"{t[0]} = {t[1]}"),
)
WRAPPED = st.tuples(st.sampled_from(["$$", "$", "\\[", "\\begin{aligned}"]), STATEMENTS).map(
    lambda t: {"$$": "$${}$$", "$": "${}$", "\\[": "\\[ {} \\]", "\\begin{aligned}": "$$\\begin{{aligned}} {} "
               "\\end{{aligned}}$$"}[t[0]].format(t[1]))
DERIVATIONS = st.lists(st.one_of(WRAPPED, WRAPPED, st.sampled_from(TOKENS)), min_size=1, max_size=8).map("\n\n".join)


# Exceptions of bugs already filed, each with its xfail rows in tests/test_hostile.py (ids in the values). An
# example that hits one is rejected, so that fuzzing keeps looking for new bugs; delete a row once its bug is fixed.
KNOWN_BUGS: dict[str, str] = {}  # none open: the three found so far are fixed (see tests/test_hostile.py)


def report_json(text: str, *, latex: bool = False) -> str:
    """The JSON report of `text`, checked in-process with the fuzzing limits."""
    try:
        return render_json(check_text(text, latex=latex, limits=FUZZ_LIMITS))
    except (ValueError, OverflowError) as exc:
        if any(signature in str(exc) for signature in KNOWN_BUGS):
            reject()
        raise


def assert_same_twice(text: str, *, latex: bool = False) -> None:
    """The report is valid and a second run gives the same bytes.

    A report with a timeout is exempt from the comparison: a step near the limit may time out when it
    runs cold and finish once SymPy's caches are warm (e.g. '$\\sqrt{0.001} = \\sigma(500!)$': 0.4 s cold,
    3 ms warm), which is a property of wall-clock limits, not of the renderer.
    """
    first = report_json(text, latex=latex)
    assert_valid_report(first)
    second = report_json(text, latex=latex)
    if '"code": "timeout"' not in first + second:
        assert second == first


def assert_valid_report(rendered: str) -> None:
    data = json.loads(rendered)
    assert data["schema"] == SCHEMA
    assert set(data["summary"]) == {"errors", "warnings", "checked", "unparsed"}
    assert all(isinstance(f["line"], int) and f["line"] >= 1 for f in data["findings"])
    rendered.encode("utf-8")  # writable to a UTF-8 stdout


@FUZZ_SETTINGS
@given(text=DOCUMENTS)
def test_markdown_mixture_is_reported_the_same_twice(text: str) -> None:
    """Any mixture of LaTeX tokens and free text gives a valid JSON report, identical on a second run."""
    assert_same_twice(text)


@FUZZ_SETTINGS
@given(text=MATH_DOCUMENTS)
def test_display_math_soup_is_reported_the_same_twice(text: str) -> None:
    """A display block of random LaTeX tokens gives a valid JSON report, identical on a second run."""
    assert_same_twice(text)


@FUZZ_SETTINGS
@given(text=DERIVATIONS)
def test_derivation_of_well_formed_steps_is_reported_the_same_twice(text: str) -> None:
    """Derivations of well-formed random expressions (evaluated and compared) give the same valid report twice."""
    assert_same_twice(text)


@FUZZ_SETTINGS
@given(text=DOCUMENTS)
def test_latex_mode_mixture_never_raises(text: str) -> None:
    """The same mixtures read as a .tex file (preamble and %-comment handling) also give a valid report."""
    assert_valid_report(report_json("\\documentclass{article}\n\\begin{document}\n" + text, latex=True))


@pytest.mark.parametrize("latex", [False, True], ids=["markdown", "latex"])
def test_fuzz_vocabulary_alone_is_reported(latex: bool) -> None:
    """The whole vocabulary in one document (every token once, in order) is reported without error."""
    assert_valid_report(report_json(" ".join(TOKENS), latex=latex))


# -- symcheck.read_latex: whatever the text, a SymPy value or a ReadError -------------------------
READ_TOKENS = [
    "0", "1", "12", "2.5E2", "1E-3", ".5", "x", "y", "k", "n", "d", "dx", "d\\theta", "e", "\\pi", "\\infty",
    "\\frac", "\\frac{", "\\binom", "{", "}", "(", ")", "[", "]", "\\{", "\\}", "\\lbrace", "\\rbrace", "|", "\\|",
    "\\vert", "\\lvert", "\\rvert", "\\mleft(", "\\mright)", "\\lfloor", "\\rfloor", "\\lceil", "\\rceil",
    "^", "_", "'", "!", ",", "+", "-", "\\cdot", "/", "\\pm", "=", "\\choose", "\\boxed{", "\\operatorname{",
    "\\sum", "\\prod", "\\int", "\\lim", "_{k=1}", "^{n}", "_{x \\to 0}", "^{+}", "\\to", "\\partial", "\\partial_x",
    "\\begin{pmatrix}", "&", "\\\\", "\\end{pmatrix}", "^T", "^\\mathit{T}", "\\mathbf{", "\\text{", "\\label{a}",
    "\\sin", "\\log", "\\sqrt{", "\\sigma(", "f(", " ",
]


@FUZZ_SETTINGS
@given(st.lists(st.sampled_from(READ_TOKENS), max_size=25).map("".join))
def test_read_latex_returns_a_value_or_read_error(text):
    import sympy as sp

    from symcheck import ReadError, read_latex

    try:
        value = read_latex(text, timeout=2.0)
    except ReadError as exc:
        assert exc.reason
        return
    assert isinstance(value, (sp.Expr, sp.MatrixBase))
