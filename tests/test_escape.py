"""The output-boundary helpers of symcheck/report/escape.py, table by table."""
from __future__ import annotations

import csv
import io
import re

import pytest

from symcheck.core.results import SubmissionResult
from symcheck.report.class_report import render_csv
from symcheck.report.escape import (
    MAX_NAME_BYTES,
    csv_cell,
    html_text,
    md_code,
    md_text,
    safe_output_name,
    sanitize_mathml,
    terminal_text,
)
from symcheck.report.feedback import _math

# -- MathML sanitiser: (LaTeX, must appear, must not appear) ---------------------------------------------------------
MATH_CASES = [
    pytest.param(r"\text{<script>document.title='PWNED'</script>}", "<mtext>", "<script", id="text-script"),
    pytest.param(r"\mbox{<img src=x onerror=alert(1)>}", "<mtext>", "onerror", id="mbox-img"),
    pytest.param(r"\hbox{<svg onload=alert(1)>}", "<math", "<svg", id="hbox-svg"),
    pytest.param(r"\fbox{<iframe src=javascript:alert(1)>}", "<math", "<iframe", id="fbox-iframe"),
    pytest.param(r"\href{javascript:alert(1)}{x}", "<mi>x</mi>", "javascript:", id="href-javascript"),
    pytest.param(r"\style{background:url(javascript:alert(1))}{x}", "<mi>x</mi>", "style=", id="style-attribute"),
    pytest.param(r"\text{</mtext></math><img src=x onerror=alert(1)>}", "<math", "<img", id="break-out-of-math"),
    pytest.param(r"\text{<style>*{display:none}</style>}", "<math", "<style", id="style-element"),
    pytest.param(r"\text{<a href='javascript:alert(1)'>x</a>}", "<math", "href", id="link"),
    pytest.param(r"\frac{1}{1+e^{-0.09}} = 0.522", "<mfrac>", "<script", id="ordinary-math-kept"),
    pytest.param(r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", "<mtable>", "<script", id="matrix-kept"),
    pytest.param(r"\hat{y}_1 < 3", 'accent="true"', "<script", id="attributes-kept"),
]


@pytest.mark.parametrize(("latex", "present", "absent"), MATH_CASES)
def test_math_is_sanitised(latex: str, present: str, absent: str) -> None:
    out = _math(latex)
    assert present in out and absent not in out.lower()
    assert not re.search(r"\son\w+\s*=", out)


@pytest.mark.parametrize(("markup", "expected"), [
    pytest.param('<math><mi onclick="x()">a</mi></math>', "<math><mi>a</mi></math>", id="event-handler"),
    pytest.param('<math><mrow href="javascript:x">a</mrow></math>', "<math><mrow>a</mrow></math>", id="href"),
    pytest.param('<math><mi class="c" id="i">a</mi></math>', "<math><mi>a</mi></math>", id="class-and-id"),
    pytest.param("<math><mtext>a &lt; b</mtext></math>", "<math><mtext>a &lt; b</mtext></math>", id="text-stays"),
    pytest.param("<math><!-- c --><mi>a</mi></math>", "<math><mi>a</mi></math>", id="comment"),
])
def test_sanitize_mathml(markup: str, expected: str) -> None:
    assert sanitize_mathml(markup) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
    ("a & b", "a &amp; b"),
    ("'", "&#x27;"),
])
def test_html_text(text: str, expected: str) -> None:
    assert html_text(text) == expected


# -- Markdown ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", id="html-tag"),
    pytest.param("\\foo{<svg onload=alert(1)>}", "\\\\foo{&lt;svg onload=alert(1)&gt;}", id="latex-and-svg"),
    pytest.param("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))", id="link"),
    pytest.param("*a* _b_ `c` ~d~ | $e$", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\| \\$e\\$", id="inline-syntax"),
    pytest.param("a\n# heading\r\n- item", "a \\# heading - item", id="line-breaks"),
    pytest.param("&lt;", "&amp;lt;", id="entity"),
    pytest.param("x\x1b[31m", "x\ufffd\\[31m", id="ansi"),
    pytest.param("w_{11} = 0.5", "w\\_{11} = 0.5", id="ordinary-text"),
])
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


@pytest.mark.parametrize(("text", "in_table", "expected"), [
    ("0.5", False, "`0.5`"),
    ("a`b", False, "``a`b``"),
    ("`a`", False, "`` `a` ``"),
    ("a|b", True, "`a\\|b`"),
    ("a|b", False, "`a|b`"),
    ("a\nb", False, "`a b`"),
])
def test_md_code(text: str, in_table: bool, expected: str) -> None:
    assert md_code(text, in_table=in_table) == expected


def test_markdown_renders_as_text() -> None:
    """Through a CommonMark renderer (raw HTML on), escaped text gives back the text and no tag."""
    from markdown_it import MarkdownIt

    hostile = "<img src=x onerror=alert(1)> [a](javascript:x) **b** `c` \\d"
    rendered = MarkdownIt("commonmark").render(md_text(hostile))
    assert rendered == "<p>&lt;img src=x onerror=alert(1)&gt; [a](javascript:x) **b** `c` \\d</p>\n"


# -- CSV ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
    ("+cmd|x", "'+cmd|x"),
    ("-2+3+cmd", "'-2+3+cmd"),
    ("@SUM(1)", "'@SUM(1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("alice", "alice"),
    ("a=b", "a=b"),
    (3, "3"),
    (-1.5, "-1.5"),
])
def test_csv_cell(value, expected: str) -> None:
    assert csv_cell(value) == expected


def test_csv_row_with_a_line_break_is_quoted() -> None:
    """A CR or LF in an id is quoted, so the CSV parses back to one row per submission."""
    results = [SubmissionResult(s, "unreadable", "why") for s in ["a\rb", "c\nd", "=1+1", "plain"]]
    text = render_csv(results)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "a\rb", "c\nd", "plain"]
    assert all(len(r) == len(rows[0]) for r in rows)


# -- terminal ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "keep", "expected"), [
    ("\x1b[31mred", "\n\t", "\\u001b[31mred"),
    ("a\rb", "\n\t", "a\\u000db"),
    ("a\nb\tc", "\n\t", "a\nb\tc"),
    ("a\nb", "", "a\\u000ab"),
    ("\x9b31m", "\n\t", "\\u009b31m"),
    ("abc\u202efdp.exe", "\n\t", "abc\\u202efdp.exe"),
    ("ünïcödé ✓", "\n\t", "ünïcödé ✓"),
])
def test_terminal_text(text: str, keep: str, expected: str) -> None:
    assert terminal_text(text, keep=keep) == expected


# -- output names ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("student", "pattern"), [
    ("alice", r"alice"),
    ("summary", r"summary-[0-9a-f]{10}"),
    ("INDEX", r"INDEX-[0-9a-f]{10}"),
    (".hidden", r"_hidden-[0-9a-f]{10}"),
    ("..", r"_-[0-9a-f]{10}"),
    ("-rf", r"_rf-[0-9a-f]{10}"),
    ("a/b", r"a_b-[0-9a-f]{10}"),
    ("../../etc/x", r"__\.\._etc_x-[0-9a-f]{10}"),
    ("a\\b", r"a_b-[0-9a-f]{10}"),
    ("cr\rid", r"cr_id-[0-9a-f]{10}"),
    ("", r"student-[0-9a-f]{10}"),
    ("x" * 300, rf"x{{{MAX_NAME_BYTES}}}-[0-9a-f]{{10}}"),
    ("é" * 200, rf"é{{{MAX_NAME_BYTES // 2}}}-[0-9a-f]{{10}}"),
])
def test_safe_output_name(student: str, pattern: str) -> None:
    name = safe_output_name(student)
    assert re.fullmatch(pattern, name), name
    assert len((name + ".html").encode()) <= 255 and "/" not in name and not name.startswith((".", "-"))


def test_safe_output_names_are_unique() -> None:
    """Ids that differ only in case, or that sanitise alike, still get distinct names."""
    taken: set[str] = set()
    ids = ["Bob", "bob", "a/b", "a_b", "a:b", "summary", "x" * 300, "x" * 301]
    names = [safe_output_name(s, taken) for s in ids]
    assert len({n.casefold() for n in names}) == len(ids)
    assert "summary" not in names
