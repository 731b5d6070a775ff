"""Fuzzing `check_text` with LaTeX-ish text: no exception escapes, the JSON is valid, runs repeat exactly.

Documents are drawn from a vocabulary of the tokens students' answer files are made of
(numbers, names, `\\frac{`, braces, scripts, `\\sigma(`, relations, matrix environments,
math delimiters, newlines) mixed with arbitrary text. The run is bounded so that the
suite stays fast (150 derandomized examples per test); for a long run set
SYMCHECK_FUZZ_EXAMPLES:

    SYMCHECK_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py

Any failure Hypothesis finds is printed as a minimal document: add it as a row of
`tests/test_hostile.py` (with an xfail mark naming the bug until it is fixed).
"""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcheck import Limits, check_text
from symcheck.report.json_report import render_json
from symcheck.results import SCHEMA

EXAMPLES = int(os.environ.get("SYMCHECK_FUZZ_EXAMPLES", "150"))
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
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


def report_json(text: str, *, latex: bool = False) -> str:
    """The JSON report of `text`, checked in-process with the fuzzing limits."""
    return render_json(check_text(text, latex=latex, limits=FUZZ_LIMITS))


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
    first = report_json(text)
    assert_valid_report(first)
    assert report_json(text) == first


@FUZZ_SETTINGS
@given(text=MATH_DOCUMENTS)
def test_display_math_soup_is_reported_the_same_twice(text: str) -> None:
    """A display block of random LaTeX tokens gives a valid JSON report, identical on a second run."""
    first = report_json(text)
    assert_valid_report(first)
    assert report_json(text) == first


@FUZZ_SETTINGS
@given(text=DOCUMENTS)
def test_latex_mode_mixture_never_raises(text: str) -> None:
    """The same mixtures read as a .tex file (preamble and %-comment handling) also give a valid report."""
    assert_valid_report(report_json("\\documentclass{article}\n\\begin{document}\n" + text, latex=True))


@pytest.mark.parametrize("latex", [False, True], ids=["markdown", "latex"])
def test_fuzz_vocabulary_alone_is_reported(latex: bool) -> None:
    """The whole vocabulary in one document (every token once, in order) is reported without error."""
    assert_valid_report(report_json(" ".join(TOKENS), latex=latex))
