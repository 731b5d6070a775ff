"""The document's own macros: which definitions are read, how uses expand, the bounds, and that
findings still point at the student's lines (symcheck/latex/macros.py, extract._expand_macros)."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from symcheck.check.checker import check_text
from symcheck.read.extract import read_document
from symcheck.read.macros import MAX_DEPTH, Expander, MacroError, collect

REPO = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO.parent / "shared" / "dev-corpus"

# -- which definitions are read: (source, [(name, params, default, body)]) ------------------------
COLLECT_CASES = [
    pytest.param(r"\newcommand{\R}{\mathbb{R}}", [("R", 0, None, r"\mathbb{R}")], id="newcommand"),
    pytest.param(r"\newcommand\R{\mathbb{R}}", [("R", 0, None, r"\mathbb{R}")], id="newcommand-unbraced-name"),
    pytest.param(r"\newcommand*{\R} {\mathbb{R}}", [("R", 0, None, r"\mathbb{R}")], id="newcommand-star"),
    pytest.param(r"\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}",
                 [("pd", 2, None, r"\frac{\partial #1}{\partial #2}")], id="newcommand-arguments"),
    pytest.param(r"\newcommand{\nrm}[2][2]{\|#2\|_{#1}}", [("nrm", 2, "2", r"\|#2\|_{#1}")], id="optional-default"),
    pytest.param(r"\renewcommand{\vec}[1]{\mathbf{#1}}", [("vec", 1, None, r"\mathbf{#1}")], id="renewcommand"),
    pytest.param(r"\providecommand{\yhat}{\hat{y}}", [("yhat", 0, None, r"\hat{y}")], id="providecommand-new"),
    pytest.param(r"\providecommand{\frac}{x}", [], id="providecommand-of-a-known-command-kept"),
    pytest.param(r"\newcommand{\a}{1}\providecommand{\a}{2}", [("a", 0, None, "1")], id="providecommand-keeps-earlier"),
    pytest.param(r"\def\bz{\mathbf{z}}", [("bz", 0, None, r"\mathbf{z}")], id="def"),
    pytest.param(r"\def\matr#1{\boldsymbol{\mathbf{#1}}}", [("matr", 1, None, r"\boldsymbol{\mathbf{#1}}")], id="def-parameter"),
    pytest.param(r"\def\f#1#2{#1+#2}", [("f", 2, None, "#1+#2")], id="def-two-parameters"),
    pytest.param(r"\gdef\x{1}", [("x", 0, None, "1")], id="gdef"),
    pytest.param(r"\global\long\def\del{\nabla}%", [("del", 0, None, r"\nabla")], id="global-long-def"),
    pytest.param(r"\DeclareMathOperator{\Tr}{Tr}", [("Tr", 0, None, r"\operatorname{Tr}")], id="declare-operator"),
    pytest.param(r"\DeclareMathOperator*{\argmax}{arg\,max}", [("argmax", 0, None, r"\operatorname*{arg\,max}")],
                 id="declare-operator-star"),
    pytest.param(r"\let\grad\nabla", [("grad", 0, None, r"\nabla")], id="let-known-command"),
    pytest.param(r"\let\grad = \nabla", [("grad", 0, None, r"\nabla")], id="let-equals"),
    pytest.param(r"\def\a#1{#1^2}\let\b=\a", [("a", 1, None, "#1^2"), ("b", 1, None, "#1^2")], id="let-copies-macro"),
    pytest.param(r"\let\origtoc=\tableofcontents", [], id="let-unknown-command-ignored"),
    pytest.param(r"\let\a\a", [], id="let-itself-ignored"),
    pytest.param(r"\newcommand{\two}{a" + "\n" + "b}", [("two", 0, None, "a b")], id="line-break-in-body-is-a-space"),
    # ignored, never interpreted
    pytest.param(r"\edef\a{\b}", [], id="edef-ignored"),
    pytest.param(r"\def\a#1.{#1}", [], id="delimited-parameter-ignored"),
    pytest.param(r"\def\a#2{#2}", [], id="parameters-out-of-order-ignored"),
    pytest.param(r"\newcommand{\a}[1]{#2}", [], id="parameter-beyond-count-ignored"),
    pytest.param(r"\def\tableofcontents{\@ifnextchar[{\a}{\b}}", [], id="at-internals-ignored"),
    pytest.param(r"\def\a{\csname b\endcsname}", [], id="csname-ignored"),
    pytest.param(r"\catcode`\@=11 \def\a{1}", [("a", 0, None, "1")], id="catcode-change-not-read"),
    pytest.param(r"\newcommand{\a}{\frac{1}{2}", [], id="unbalanced-body-ignored"),
    pytest.param(r"\newcommand{\a}[x]{1}", [], id="bad-argument-count-ignored"),
    pytest.param(r"\newcommand{\a}{" + "x" * 6000 + "}", [], id="huge-body-ignored"),
    pytest.param(r"\input{/etc/passwd}\include{x}", [], id="input-is-not-a-definition"),
    pytest.param(r"\newcommandx{\a}{1}\DeclareMathOperatorX{\b}{b}\letx\c\nabla\defx\d{1}", [],
                 id="longer-command-names-are-not-definers"),
]


@pytest.mark.parametrize("source, expected", COLLECT_CASES)
def test_collect(source: str, expected: list) -> None:
    """Each kind of definition is read with its arguments and default; exotic ones are ignored."""
    assert [(m.name, m.params, m.default, m.body) for m in collect(source)] == expected


# -- expansion of one math text: (definitions, math, expected text or error code) ----------------------
PD = r"\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}"
EXPAND_CASES = [
    pytest.param(PD, r"\pd{g}{t} = 2", r"\frac{\partial g}{\partial t} = 2", id="braced-arguments"),
    pytest.param(PD, r"\pd f x", r"\frac{\partial f}{\partial x}", id="lone-token-arguments"),
    pytest.param(PD, r"\pd {g} {t}", r"\frac{\partial g}{\partial t}", id="spaces-before-arguments"),
    pytest.param(PD, r"\pd{\sigma(z)}{z_{1}}", r"\frac{\partial \sigma(z)}{\partial z_{1}}", id="nested-braces-in-argument"),
    pytest.param(PD, r"\pd\alpha\beta", r"\frac{\partial \alpha}{\partial \beta}", id="command-arguments"),
    pytest.param(r"\newcommand{\nrm}[2][2]{\|#2\|_{#1}}", r"\nrm{x} + \nrm[1]{y}", r"\|x\|_{2} + \|y\|_{1}",
                 id="default-and-given-optional"),
    pytest.param(r"\def\matr#1{\boldsymbol{\mathbf{#1}}}\def\Wmatr{\matr{W}}", r"\Wmatr x",
                 r"\boldsymbol{\mathbf{W}} x", id="nested-macros"),
    pytest.param(r"\def\sq#1{#1^2}\def\sqsq#1{\sq{\sq{#1}}}", r"\sqsq{a}", "a^2^2", id="macro-in-argument"),
    pytest.param(r"\def\e{\alpha}\def\f#1{#1x}", r"\f\e", r"\alpha x", id="no-control-word-run-on"),
    pytest.param(r"\newcommand{\R}{\mathbb{R}}", r"x \in \R^n", r"x \in \mathbb{R}^n", id="no-arguments"),
    pytest.param(r"\newcommand{\R}{\mathbb{R}}", r"\Rx + \R", r"\Rx + \mathbb{R}", id="longer-name-untouched"),
    pytest.param(r"\newcommand{\R}{\mathbb{R}}", r"a \\ \R", r"a \\ \mathbb{R}", id="row-break-untouched"),
    pytest.param(PD, "\\pd{g}\n{t} = 1", "\\frac{\\partial g}{\\partial t}\n = 1", id="line-break-moved-after"),
    # hostile
    pytest.param(r"\def\a{\a\a}", r"\a", "unparsed", id="self-recursive"),
    pytest.param(r"\def\a{\b}\def\b{\a}", r"\a", "unparsed", id="mutually-recursive"),
    pytest.param(r"\def\a{x\a}", r"\a", "unparsed", id="recursive-tail"),
    pytest.param("".join(rf"\def\{c}{{\{n}\{n}}}" for c, n in zip("bcdefghijklmnop", "cdefghijklmnopq")) + r"\def\q{xx}",
                 r"\b", "too-large", id="exponential-growth"),
    pytest.param("".join(rf"\def\{c}{{\{n}\{n}}}" for c, n in zip("bcdefghijklmnop", "cdefghijklmnopq")) + r"\def\q{}",
                 r"\b", "too-large", id="exponential-uses-empty-output"),
    pytest.param(r"\newcommand{\big}{" + "x" * 4000 + "}", r"\big", "too-large", id="huge-body"),
    pytest.param(PD, r"\pd{g}", "unparsed", id="missing-argument"),
    pytest.param(PD, r"\pd{g}{t", "unparsed", id="unbalanced-argument"),
    pytest.param(PD, r"\pd{g}}", "unparsed", id="closing-brace-is-no-argument"),
    pytest.param(r"\newcommand{\x}{\input{/etc/passwd}}", r"\x", r"\input{/etc/passwd}", id="input-stays-text"),
]


@pytest.mark.parametrize("definitions, math, expected", EXPAND_CASES)
def test_expand(definitions: str, math: str, expected: str) -> None:
    """Uses expand textually; over a bound or unreadable: MacroError with the finding's code."""
    table = {m.name: m for m in collect(definitions)}
    expander = Expander(table, max_chars=max(10 * len(math), 500))
    if expected in ("unparsed", "too-large"):
        started = time.monotonic()
        with pytest.raises(MacroError) as error:
            expander.expand(math)
        assert error.value.code == expected
        assert time.monotonic() - started < 1.0
    else:
        assert expander.expand(math) == expected


def test_depth_limit_is_twenty() -> None:
    """A chain of MAX_DEPTH nested macros expands; one more level is refused."""
    chain = "".join(rf"\def\m{'a' * (i + 1)}{{\m{'a' * (i + 2)}}}" for i in range(MAX_DEPTH)) + rf"\def\m{'a' * (MAX_DEPTH + 1)}{{z}}"
    table = {m.name: m for m in collect(chain)}
    assert Expander(table, 500).expand(r"\m" + "a" * 2) == "z"
    with pytest.raises(MacroError):
        Expander(table, 500).expand(r"\ma")


# -- whole documents: definitions anywhere, lines kept, steps checked ------------------------------------
TEX = r"""\documentclass{article}
\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
\def\G{e^{x}}
\begin{document}
Let $f(x) = x^2 \G$.
\begin{align*}
\pd{f}{x} &= 2x\G
  + x^2 \G \\
  &= (2x + x^2)\G
\end{align*}
At $x = 0$: $\pd{f}{x} = 2 + 3 = 6$.
\end{document}
"""

TEX_ROWS = r"""\documentclass{article}
\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}
\def\G{e^{x}}
\begin{document}
\begin{align*}
\pd{f}
  {x} &= 2x\G + x^2\G \\
  &= (2x + x^2)\G \\
  &= (2x + 2x^2)\G \\
\G \cdot \G &= e^{2x}
\end{align*}
\end{document}
"""

MD = r"""# Homework

$\newcommand{\sq}[1]{{#1}^2}$
Before it is defined, $\cube{2} = 8$ is not read.
$\def\cube#1{{#1}^3}$

$$\sq{3} = 9 = \cube{2} + 1$$

$$
\sq{4} = 16 \\
 = \cube{2}
$$
"""

DOCUMENT_CASES = [
    # (text, latex, errors as (line, code))
    pytest.param(TEX, True, [(11, "arithmetic")], id="tex-wrong-step-on-its-line"),
    pytest.param(TEX_ROWS, True, [(9, "algebra")], id="tex-rows-use-spanning-lines"),
    pytest.param(MD, False, [(11, "factor-of-two")], id="markdown-definitions-in-math"),
    pytest.param(r"$$\def\two{2} y = \two + \two = 5$$", False, [(1, "arithmetic")], id="definition-and-use-in-one-block"),
    pytest.param("\\newcommand{\\half}{\\frac{1}{2}}\n\n$$\\half + \\half = 1$$\n\n$$\\half \\cdot 4 = 3$$\n", False,
                 [(5, "arithmetic")], id="right-step-not-flagged-wrong-one-is"),
    pytest.param("```\n\\def\\two{3}\n```\n$$2 = \\two$$\n", False, [], id="definition-in-code-block-ignored"),
    pytest.param("\\documentclass{article}\n% \\def\\two{3}\n\\begin{document}\n$2 + \\two = 4$\n\\end{document}\n",
                 True, [], id="definition-in-comment-ignored"),
]


@pytest.mark.parametrize("text, latex, errors", DOCUMENT_CASES)
def test_document(text: str, latex: bool, errors: list) -> None:
    """A wrong step in a macro-using line is found at the student's line; a right one is not flagged."""
    report = check_text(text, latex=latex)
    assert [(f.line, f.code) for f in report.findings if f.severity == "error"] == errors


def test_lines_kept_in_multiline_region() -> None:
    """Expansion keeps every line break in order, so each row maps to the line it was written on."""
    document = read_document(TEX, latex=True)
    region = next(r for r in document.regions if r.source and "align" in r.text)
    assert region.text.count("\n") == region.source.count("\n")
    for row, line in (("(2x + x^2)", 9), ("+ x^2 e^{x}", 8), ("\\frac{\\partial f}", 7)):
        assert region.line_at(document, region.text.index(row)) == line


def test_definitions_blanked_inside_math() -> None:
    """A definition standing inside a math block is no math of its own."""
    document = read_document(r"$$\newcommand{\a}{1} x = \a$$")
    assert document.regions[0].text.strip() == "x = 1"


@pytest.mark.parametrize("text, code", [
    pytest.param("$$\\def\\a{\\a\\a} x = \\a$$\n", "unparsed", id="self-recursive"),
    pytest.param("".join(rf"\def\{c}{{\{n}\{n}}}" for c, n in zip("bcdefghijklmnop", "cdefghijklmnopq"))
                 + "\\def\\q{xx}\n$$y = \\b$$\n", "too-large", id="exponential"),
    pytest.param("\\newcommand{\\h}{" + "1+" * 2400 + "1}\n$$y = \\h + \\h + \\h$$\n", "too-large", id="huge-body"),
])
def test_hostile_definitions_give_a_finding(text: str, code: str) -> None:
    """Hostile definitions end quickly: the block is left as written with a warning saying why."""
    started = time.monotonic()
    report = check_text(text)
    assert time.monotonic() - started < 5.0
    assert any(f.code == code and "not expanded" in f.message for f in report.findings)


def test_many_uses_of_a_hostile_macro_stay_fast() -> None:
    """A thousand blocks using an exponential macro: bounded per region and per document."""
    defs = "".join(rf"\def\{c}{{\{n}\{n}}}" for c, n in zip("bcdefghijkl", "cdefghijklm")) + r"\def\m{x}"
    text = defs + "\n" + "".join(f"$$y_{{{i}}} = \\b$$\n" for i in range(1000))
    started = time.monotonic()
    read_document(text)
    assert time.monotonic() - started < 10.0


# -- labelled files that define macros: no false alarms -----------------------------------------------
LABELLED = sorted((REPO / "bench" / "labelled").glob("*.tex")) + sorted(DEV_CORPUS.glob("tex*.tex"))


@pytest.mark.parametrize("path", LABELLED, ids=[p.name for p in LABELLED])
def test_labelled_tex_files_raise_no_false_alarm(path: Path) -> None:
    """The labelled .tex files (which define \\pd, \\G, \\CE, \\vz, \\grad, \\R, \\yhat) keep 0 false alarms."""
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    report = check_text(path.read_text(encoding="utf-8"), path=str(path), latex=True)
    clean = [item["lines"] for item in truth["items"] if item["label"] in ("ok", "rounding")]
    alarms = [(f.line, f.code, f.latex) for f in report.findings
              if f.severity == "error" and any(lo <= f.line <= hi for lo, hi in clean)]
    assert alarms == []


def test_finding_shows_the_expanded_step() -> None:
    """The step a finding shows (`latex`) is the text after expansion, at the student's line."""
    report = check_text("\\newcommand{\\two}{2}\n\n$$\\two + \\two = 5$$\n")
    assert [(f.line, f.latex) for f in report.findings if f.severity == "error"] == [(3, "2 + 2 = 5")]


def test_feedback_page_keeps_the_text_around_an_expanded_block() -> None:
    """The HTML feedback replaces the block as written (its source span) by the expanded math."""
    from symcheck.report.feedback import _rendered_lines

    text = "\\newcommand{\\R}{\\mathbb{R}}\nLet $x \\in \\R$ be real, $y=1$ too.\n"
    line = _rendered_lines(text, check_text(text).regions)[1]  # the regions the checker read
    assert line.startswith("Let <math") and line.endswith("</math> too.") and "be real, <math" in line
    assert "ℝ" in line and "\\R" not in line


@pytest.mark.parametrize("text", [
    pytest.param("\\def\\a{" * 200_000 + "\n$$x = 1$$\n", id="200k-unclosed-def"),
    pytest.param("\\newcommand{\\a}[" * 100_000 + "\n$$x = 1$$\n", id="100k-unclosed-count"),
    pytest.param("\\def\\a{x}" * 100_000 + "\n$$\\a = 1$$\n", id="100k-definitions"),
    pytest.param("\\def\\a{" + "{" * 500_000 + "\n$$x = 1$$\n", id="half-million-open-braces"),
])
def test_many_hostile_definitions_are_read_in_bounded_time(text: str) -> None:
    """Definitions are looked for in linear time, with caps on how many are read and tried."""
    started = time.monotonic()
    read_document(text)
    assert time.monotonic() - started < 5.0
