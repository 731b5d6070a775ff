"""Finding the math in an answer file (`symcheck.read.extract`) and splitting it into chains (`symcheck.read.statements`).

Every expected line number below was counted by hand from the input text (lines are 1-based).
"""
from __future__ import annotations

import pytest

from symcheck.read.extract import read_document
from symcheck.read.statements import chains_of


def regions_of(text: str, *, latex: bool = False) -> list[tuple]:
    """(kind, text, line, end_line, crossed_out) for every region, in document order."""
    doc = read_document(text, latex=latex)
    ordered = sorted(doc.regions, key=lambda r: (r.line, r.offset))
    return [(r.kind, r.text, r.line, r.end_line, r.crossed_out) for r in ordered]


def chain_shapes(text: str) -> list[tuple]:
    """Each chain as ([(element text, line)], [(relation, line)])."""
    return [([(e.text, e.line) for e in c.elements], list(c.relations)) for c in chains_of(read_document(text))]


# -- regions -----------------------------------------------------------------------------
# (text, [(kind, text, line, end_line, crossed_out)])
REGION_CASES = [
    pytest.param("a $x=1$ b\n", [("math", "x=1", 1, 1, False)], id="inline-dollar"),
    pytest.param("intro\n\n$$y = 2$$\n", [("math", "y = 2", 3, 3, False)], id="display-dollar-one-line"),
    pytest.param("text\n$$\na = 1\n+ 2\n$$\nmore", [("math", "\na = 1\n+ 2\n", 2, 5, False)],
                 id="display-dollar-across-lines"),
    pytest.param("We have $$a = 1 \\\\\nb = 2$$ done\n", [("math", "a = 1 \\\\\nb = 2", 1, 2, False)],
                 id="display-dollar-opened-after-prose"),
    pytest.param("\\[ a = b \\]\n", [("math", " a = b ", 1, 1, False)], id="bracket-display"),
    pytest.param("one\ntwo \\( c = d \\) three", [("math", " c = d ", 2, 2, False)], id="paren-inline"),
    pytest.param("\\[\ny = 2\n\\]\n", [("math", "\ny = 2\n", 1, 3, False)], id="bracket-display-across-lines"),
    pytest.param("intro\n\\begin{align}\nx &= 1 \\\\\n&= 1\n\\end{align}\n",
                 [("math", "\\begin{align}\nx &= 1 \\\\\n&= 1\n\\end{align}", 2, 5, False)], id="align-env-kept-whole"),
    pytest.param("\\begin{align*}\nx &= 1\n\\end{align*}\n",
                 [("math", "\\begin{align*}\nx &= 1\n\\end{align*}", 1, 3, False)], id="align-starred"),
    pytest.param("p\n\\begin{equation}\ny=2\n\\end{equation}\n",
                 [("math", "\\begin{equation}\ny=2\n\\end{equation}", 2, 4, False)], id="equation-env"),
    pytest.param("\\begin{equation*}\nE = mc^2\n\\end{equation*}",
                 [("math", "\\begin{equation*}\nE = mc^2\n\\end{equation*}", 1, 3, False)], id="equation-starred"),
    pytest.param("\\begin{gather}\nz=3\n\\end{gather}",
                 [("math", "\\begin{gather}\nz=3\n\\end{gather}", 1, 3, False)], id="gather-env"),
    pytest.param("\\begin{gather*}\nz=3\n\\end{gather*}",
                 [("math", "\\begin{gather*}\nz=3\n\\end{gather*}", 1, 3, False)], id="gather-starred"),
    pytest.param("$$\\begin{align}x &= 1\\end{align}$$", [("math", "\\begin{align}x &= 1\\end{align}", 1, 1, False)],
                 id="env-inside-dollars-is-one-region"),
    pytest.param("~~$x = 5$~~ then $y = 6$", [("math", "x = 5", 1, 1, True), ("math", "y = 6", 1, 1, False)],
                 id="struck-through-inline"),
    pytest.param("~~$$2 + 2 = 5$$~~\n", [("math", "2 + 2 = 5", 1, 1, True)], id="struck-through-display"),
    pytest.param("~~$x = 5$ and $y = 6$~~", [("math", "x = 5", 1, 1, True), ("math", "y = 6", 1, 1, True)],
                 id="strike-spanning-two-regions"),
    pytest.param("~~$x = 5$~~ and ~~$y = 6$~~", [("math", "x = 5", 1, 1, True), ("math", "y = 6", 1, 1, True)],
                 id="two-strikes-on-one-line"),
    pytest.param("val = -19.885 * 0.527 (z₃₁)\n= -10.419.\n",
                 [("text-math", "\\text{val} = -19.885 * 0.527", 1, 1, False), ("text-math", "= -10.419", 2, 2, False)],
                 id="plain-text-arithmetic-with-annotation"),
    pytest.param("z = 0.5 · 2\n", [("text-math", "\\text{z} = 0.5 \\cdot  2", 1, 1, False)],
                 id="plain-text-unicode-dot"),
    pytest.param("x = 3 * 4 (bad)\n", [("text-math", "\\text{x} = 3 * 4", 1, 1, False)],
                 id="plain-text-annotation-dropped"),
    pytest.param("verylongvariablename = 3 * 4\n", [], id="plain-text-name-too-long-is-prose"),
    pytest.param("The answer = 12 apples\n", [], id="prose-with-equals-is-not-math"),
    pytest.param("y = −3 × 2\n", [("text-math", "\\text{y} = -3 \\times  2", 1, 1, False)], id="plain-text-unicode-minus"),
    pytest.param("| $z_1$ | 0.5 | 0.6 |\n", [("table", "z_1 = \\begin{bmatrix} 0.5 \\\\ 0.6 \\end{bmatrix}", 1, 1, False)],
                 id="markdown-table-row"),
    pytest.param("$z_1$\t0.5\t0.6\n", [("table", "z_1 = \\begin{bmatrix} 0.5 \\\\ 0.6 \\end{bmatrix}", 1, 1, False)],
                 id="tab-separated-row"),
    pytest.param("| $z_1$ | −0.5 | 0.25 |\n",
                 [("table", "z_1 = \\begin{bmatrix} -0.5 \\\\ 0.25 \\end{bmatrix}", 1, 1, False)],
                 id="table-row-unicode-minus"),
    pytest.param("| $z_1$ | 0.5 | 0.6 |\n| $z_2$ | 0.7 | 0.8 |\n",
                 [("table", "z_1 = \\begin{bmatrix} 0.5 \\\\ 0.6 \\end{bmatrix}", 1, 1, False),
                  ("table", "z_2 = \\begin{bmatrix} 0.7 \\\\ 0.8 \\end{bmatrix}", 2, 2, False)], id="two-table-rows"),
    pytest.param("| $z_1$ | 0.5 | abc |\n", [("math", "z_1", 1, 1, False)], id="table-row-with-word-cell-is-not-a-table"),
    pytest.param("| $z_1$ | 0.5 |\n", [("math", "z_1", 1, 1, False)], id="table-row-needs-two-numbers"),
    pytest.param("```\n$x = 1$\n```\n$y=2$", [("math", "y=2", 4, 4, False)], id="fenced-code-ignored"),
    pytest.param("~~~\n$x = 1$\n~~~\n", [], id="tilde-fence-ignored"),
    pytest.param("```python\nprint('$a$')\nz = 1 + 2\n```\n\n$$b = 1$$\n", [("math", "b = 1", 6, 6, False)],
                 id="fenced-code-no-text-math"),
    pytest.param("use `$x$` here and $y = 2$", [("math", "y = 2", 1, 1, False)], id="inline-code-ignored"),
    pytest.param("price \\$5 and $x = 1$", [("math", "x = 1", 1, 1, False)], id="escaped-dollar"),
    pytest.param("a $x\ny$ b", [], id="inline-dollar-does-not-cross-lines"),
    pytest.param("\\(a\\) and \\(b = 1\\)\r\nline2 $c$\r\n",
                 [("math", "a", 1, 1, False), ("math", "b = 1", 1, 1, False), ("math", "c", 2, 2, False)],
                 id="crlf-line-endings"),
]


@pytest.mark.parametrize(("text", "expected"), REGION_CASES)
def test_regions(text, expected):
    """read_document finds each math region with its kind, inner text, 1-based line span and strike-through."""
    assert regions_of(text) == expected


# (text, display)
DISPLAY_CASES = [
    pytest.param("$x$", False, id="dollar-inline"),
    pytest.param("$$x$$", True, id="dollar-display"),
    pytest.param("\\[x\\]", True, id="bracket-display"),
    pytest.param("\\begin{equation}x\\end{equation}", True, id="equation-env"),
    pytest.param("\\(x\\)", False, id="paren-inline"),
]


@pytest.mark.parametrize(("text", "display"), DISPLAY_CASES)
def test_region_display_flag(text, display):
    """Region.display is True for display math and False for inline math."""
    (region,) = read_document(text).regions
    assert region.display is display


# (text, [(line, code)])
PROBLEM_CASES = [
    pytest.param("start\n$$x = 1\n\nmore", [(2, "unclosed-math")], id="unclosed-display-dollar"),
    pytest.param("a\nb\n\\[ x = 1\n", [(3, "unclosed-math")], id="unclosed-bracket"),
    pytest.param("\\begin{align}\nx &= 1\n", [(1, "unclosed-math")], id="unclosed-environment"),
    pytest.param("$x = 1\n", [], id="unclosed-inline-dollar-is-just-a-dollar"),
    pytest.param("$$x = 1$$\n", [], id="closed-no-problem"),
]


@pytest.mark.parametrize(("text", "expected"), PROBLEM_CASES)
def test_document_problems(text, expected):
    """An unclosed display delimiter is reported in Document.problems at the line it opens."""
    doc = read_document(text)
    assert [(p.line, p.code) for p in doc.problems] == expected


def test_unclosed_display_keeps_no_region():
    """An unclosed `$$` opens no region: nothing after it is swallowed as math."""
    doc = read_document("start\n$$x = 1\n\n$y = 2$\n")
    assert [(r.text, r.line) for r in doc.regions] == [("y = 2", 4)]


PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\newcommand{\\R}{$\\mathbb{R}$}\n\\begin{document}\n"

# (tex text, [(kind, text, line, end_line, crossed_out)])
LATEX_CASES = [
    pytest.param(PREAMBLE + "$y = 2$\n\\end{document}\n", [("math", "y = 2", 5, 5, False)], id="preamble-skipped"),
    pytest.param(PREAMBLE + "% $x = 1$\n$y = 2$ % comment $z=3$\n\\end{document}\n",
                 [("math", "y = 2", 6, 6, False)], id="comments-skipped"),
    pytest.param(PREAMBLE + "Cost is 5\\% here $x = 1$\n\\end{document}\n", [("math", "x = 1", 5, 5, False)],
                 id="escaped-percent-is-not-a-comment"),
    pytest.param(PREAMBLE + "\\[\ny = 2\n\\]\n\\end{document}\n$after$\n", [("math", "\ny = 2\n", 5, 7, False)],
                 id="after-end-document-skipped"),
    pytest.param("no preamble % $a=1$\n$b = 2$\n", [("math", "b = 2", 2, 2, False)], id="fragment-without-preamble"),
]


@pytest.mark.parametrize(("text", "expected"), LATEX_CASES)
def test_latex_input(text, expected):
    """With latex=True the preamble, anything after \\end{document} and % comments are not math."""
    assert regions_of(text, latex=True) == expected


def test_markdown_keeps_percent_text():
    """Without latex=True a `%` is ordinary text: math after it on the line is still found."""
    assert regions_of("50 % of $x = 1$\n") == [("math", "x = 1", 1, 1, False)]


# (text, [(line, text)]) for the prose lines kept between regions
TEXT_LINE_CASES = [
    pytest.param("For sample 2\n\n$x = 1$\nthen\n", [(1, "For sample 2"), (4, "then")], id="prose-around-math"),
    pytest.param("  indented prose  \n", [(1, "indented prose")], id="prose-stripped"),
    pytest.param("$x = 1$ and more\n", [], id="line-with-math-is-not-prose"),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_LINE_CASES)
def test_text_lines(text, expected):
    """Prose lines (which open a new context) are kept with their line numbers."""
    assert [(t.line, t.text) for t in read_document(text).text_lines] == expected


def test_region_line_at_maps_positions_to_lines():
    """Region.line_at maps an offset inside a multi-line region to its source line."""
    doc = read_document("intro\n$$\na = 1\n+ 2\n$$\n")
    (region,) = doc.regions
    assert [region.line_at(doc, region.text.index(s)) for s in ("a", "+")] == [3, 4]


# -- chains ------------------------------------------------------------------------------
# (text, [([(element, line)], [(relation, line)])])
CHAIN_CASES = [
    pytest.param("$x = 2 + 3 = 5$", [([("x", 1), ("2 + 3", 1), ("5", 1)], [("=", 1), ("=", 1)])], id="one-line-chain"),
    pytest.param("intro\n\\begin{align}\nx &= 1 + 1 \\\\\n&= 2\n\\end{align}\n",
                 [([("x", 3), ("1 + 1", 3), ("2", 4)], [("=", 3), ("=", 4)])], id="aligned-rows"),
    pytest.param("$$\\begin{aligned}\ny &= a + b \\\\\n&\\quad (0.517) \\\\\n&= 3\n\\end{aligned}$$",
                 [([("y", 2), ("a + b (0.517)", 2), ("3", 4)], [("=", 2), ("=", 4)])],
                 id="row-continues-previous-expression"),
    pytest.param("$$x = 1 + 2$$\n$$= 3$$", [([("x", 1), ("1 + 2", 1), ("3", 2)], [("=", 1), ("=", 2)])],
                 id="region-starting-with-equals-continues-chain"),
    pytest.param("$$x = 1 + 2$$\nprose\n$$= 3$$", [([("x", 1), ("1 + 2", 1)], [("=", 1)])],
                 id="prose-breaks-continuation"),
    pytest.param("val = 2 * 3\n= 6\n", [([("\\text{val}", 1), ("2 * 3", 1), ("6", 2)], [("=", 1), ("=", 2)])],
                 id="text-math-continuation"),
    pytest.param("$a = 1 \\quad b = 2$", [([("a", 1), ("1", 1)], [("=", 1)]), ([("b", 1), ("2", 1)], [("=", 1)])],
                 id="quad-separates-statements"),
    pytest.param("$a = 1 \\qquad b = 2$", [([("a", 1), ("1", 1)], [("=", 1)]), ([("b", 1), ("2", 1)], [("=", 1)])],
                 id="qquad-separates-statements"),
    pytest.param("$x + 1 = 3 \\Rightarrow x = 2$",
                 [([("x + 1", 1), ("3", 1)], [("=", 1)]), ([("x", 1), ("2", 1)], [("=", 1)])], id="rightarrow"),
    pytest.param("$x=1, y=2$", [([("x", 1), ("1", 1)], [("=", 1)]), ([("y", 1), ("2", 1)], [("=", 1)])],
                 id="comma-separated-statements"),
    pytest.param("$f(x, y) = 2x + 3y$", [([("f(x, y)", 1), ("2x + 3y", 1)], [("=", 1)])],
                 id="comma-inside-call-is-not-a-separator"),
    pytest.param("$x_1, y_1 = [(1, 2), 8]$", [([("x_1, y_1", 1), ("[(1, 2), 8]", 1)], [("=", 1)])],
                 id="comma-in-name-list-is-not-a-separator"),
    pytest.param("$b) x = 4$", [([("x", 1), ("4", 1)], [("=", 1)])], id="part-label"),
    pytest.param("$$(c) y = 5$$", [([("y", 1), ("5", 1)], [("=", 1)])], id="part-label-in-brackets"),
    pytest.param("$$\\begin{aligned}\nz &= 0.5 \\cdot 2 \\\\\n1\n\\end{aligned}$$",
                 [([("z", 2), ("0.5 \\cdot 2", 2), ("1", 3)], [("=", 2), ("=", 3)])], id="bare-number-row-is-missing-equals"),
    pytest.param("$$\\begin{aligned}\nz &= 0.5 \\cdot \\\\\n1\n\\end{aligned}$$", [([("z", 2), ("0.5 \\cdot 1", 2)], [("=", 2)])],
                 id="bare-number-after-operator-continues"),
    pytest.param("$$x = 1 = 1.0 \\approx 1.00$$", [([("x", 1), ("1", 1), ("1.0", 1), ("1.00", 1)],
                                                  [("=", 1), ("=", 1), ("≈", 1)])], id="approx-relation"),
    pytest.param("$$y = 3x \\neq 4$$", [([("y", 1), ("3x", 1), ("4", 1)], [("=", 1), ("≠", 1)])], id="neq-relation"),
    pytest.param("$$a := 2$$", [([("a", 1), ("2", 1)], [("=", 1)])], id="colon-equals-is-equals"),
    pytest.param("$$\\frac{a}{b} = \\left( 1, 2 \\right)$$", [([("\\frac{a}{b}", 1), ("\\left( 1, 2 \\right)", 1)], [("=", 1)])],
                 id="braces-and-left-right-hide-commas"),
    pytest.param("$$w \\leftarrow 1 \\quad 2 + 2 = 5$$",
                 [([("w", 1), ("1", 1)], [("←", 1)]), ([("2 + 2", 1), ("5", 1)], [("=", 1)])],
                 id="leftarrow-is-an-update-not-left"),  # once read as \left + arrow, a bracket hiding every later =
    pytest.param("$$a \\gets 2 \\\\ \\left( 1 \\right) = 1$$",
                 [([("a", 1), ("2", 1)], [("←", 1)]), ([("\\left( 1 \\right)", 1), ("1", 1)], [("=", 1)])],
                 id="gets-then-left-right-bracket"),
    pytest.param("$x$ and $y$", [], id="no-relation-no-chain"),
    pytest.param("$$= 3$$", [], id="leading-equals-with-nothing-before"),
]


@pytest.mark.parametrize(("text", "expected"), CHAIN_CASES)
def test_chains(text, expected):
    """chains_of splits regions into chains of relations with the source line of every element and relation."""
    assert chain_shapes(text) == expected


def test_missing_equals_is_noted():
    """A bare number read as a missing `=` leaves a note on the chain saying so."""
    (chain,) = chains_of(read_document("$$\\begin{aligned}\nz &= 0.5 \\cdot 2 \\\\\n1\n\\end{aligned}$$"))
    assert chain.notes == ["line 3: read '1' as '= 1' (the '=' is missing)"]


# (text, [context of each chain])
CONTEXT_CASES = [
    pytest.param("$a = 1$\n$b = 2$\n", [0, 0], id="adjacent-same-context"),
    pytest.param("$a = 1$\nFor sample 2\n$a = 2$\n", [0, 1], id="prose-opens-context"),
    pytest.param("For sample 1\n$a = 1$\n\nFor sample 2\n\n$a = 2$\n", [1, 2], id="blank-lines-do-not-count"),
]


@pytest.mark.parametrize(("text", "contexts"), CONTEXT_CASES)
def test_chain_contexts(text, contexts):
    """Each prose line between regions starts a new context number for the chains after it."""
    assert [c.context for c in chains_of(read_document(text))] == contexts


def test_chain_latex_joins_elements():
    """Chain.latex rebuilds the chain as written, with normalised relation symbols."""
    (chain,) = chains_of(read_document("$$x := 1 + 1 \\approx 2$$"))
    assert (chain.latex, chain.line, chain.end_line) == ("x = 1 + 1 ≈ 2", 1, 1)
