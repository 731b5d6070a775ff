"""Feedback a student can read (issue 14): one notation per output, every rule's message rendered, math as math,
a mark on every checked line, the class index, the terminal report."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import sympy as sp

from symcheck import check_file, grade_file, load_problem
from symcheck.core.text import MATH_OPEN, message_latex, message_text
from symcheck.diagnose.rules import RULES
from symcheck.report.feedback import message_html, message_markdown, render_feedback_html, render_feedback_markdown
from symcheck.report.grade_report import render_grade_json, render_grade_text
from symcheck.report.text_report import render_text
from symcheck.show.messages import say
from symcheck.show.render import digits_for, shown
from tests.test_diagnose import CASES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "deep_learning_homework.md"

ANSWERS = [(SEED, ROOT / "problems" / "deep_learning_homework.py")] + [
    (answer, ROOT / "problems" / (answer.stem.rsplit("_", 1)[0] + ".py"))
    for answer in sorted((ROOT / "examples").glob("*_model.md")) + sorted((ROOT / "examples").glob("*_flawed.md"))]

# SymPy's syntax: a product or power written with * or ** between factors (also as Markdown-escaped \*),
# sqrt( and Matrix(. Markdown's own **bold** never sits between two factors.
SYMPY_SYNTAX = re.compile(r"[\w)]\\?\*(?:\\?\*)?[\w(]|[\w)] \\?\*\\?\*? [\w(]|\bsqrt\(|\bMatrix\(")


def _generated_html(page: str) -> str:
    """The parts of a feedback page symcheck writes (notes, part tables), as text: not the student's own document."""
    notes = re.findall(r'<div class="note[^"]*">.*?</div>', page) + re.findall(r'<table class="items".*?</table>', page)
    text = " ".join(notes)
    text = re.sub(r"<annotation[^>]*>.*?</annotation>", " ", text)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture(scope="module", params=ANSWERS, ids=[a.stem for a, _ in ANSWERS])
def graded(request):
    answer, problem = request.param
    return answer, grade_file(answer, load_problem(problem))


def test_no_sympy_syntax_in_any_output(graded):
    """Text (check and grade), Markdown (also Gradescope's output) and HTML show values in math notation."""
    answer, report = graded
    outputs = {
        "check text": render_text(check_file(answer)),
        "grade text": render_grade_text(report, verbose=True),
        "markdown": render_feedback_markdown(report, "alice"),
        "html": _generated_html(render_feedback_html(report, answer.read_text(encoding="utf-8"), "alice")),
    }
    for name, text in outputs.items():
        hits = [m.group() for m in SYMPY_SYNTAX.finditer(text)]
        assert not hits, (name, hits[:5])
        assert MATH_OPEN not in text, name
    for name in ("check text", "grade text"):
        assert max(len(line) for line in outputs[name].splitlines()) <= 100, name


def test_json_keeps_its_fields_and_adds_latex(graded):
    """`symcheck.report/1` keeps every field with its meaning, plus `expected_latex`, `found_latex`, `message_latex`."""
    _, report = graded
    data = json.loads(render_grade_json(report))
    for f in data["findings"]:
        assert {"line", "end_line", "severity", "code", "message", "latex", "expected", "found", "method"} <= set(f)
        assert ("expected_latex" in f) == (f["expected"] is not None)
        assert ("found_latex" in f) == (f["found"] is not None)
        assert MATH_OPEN not in f["message"] and MATH_OPEN not in f.get("message_latex", "")
    if any(f["severity"] == "error" for f in data["findings"]):
        assert any("$" in f.get("message_latex", "") for f in data["findings"])


@pytest.mark.parametrize(("code", "mistake"), [(c, m) for c, m, fires in CASES if fires],
                         ids=[f"{c}-{i}" for i, (c, _, fires) in enumerate(CASES) if fires])
def test_every_rule_message_renders(code, mistake):
    """Each named mistake's message renders in every notation: Unicode text, $LaTeX$, Markdown and MathML."""
    message = dict(RULES)[code](mistake)
    assert message
    text = message_text(message)
    assert not SYMPY_SYNTAX.search(text), text
    assert MATH_OPEN not in text and len(text) < 260, text
    assert MATH_OPEN not in message_latex(message)
    assert "$" in message_markdown(message) or MATH_OPEN not in message
    html = message_html(message)
    assert "<script" not in html and (("<math" in html) or MATH_OPEN not in message)


@pytest.mark.parametrize(("value", "text", "latex"), [
    (sp.Symbol("x") ** 2 + sp.Symbol("x") * sp.cos(sp.Symbol("x") * sp.Symbol("y")), "x² + x·cos(xy)", r"x^{2}"),
    (sp.ImmutableMatrix([[sp.Symbol("v"), sp.Symbol("u")], [1, 2 * sp.Symbol("v")]]), "[[v, u], [1, 2v]]", r"\begin{bmatrix}"),
    (sp.Rational(283, 2500) - 2 * sp.Symbol("y"), "0.1132 - 2y", "0.1132 - 2 y"),
    (-2 * sp.Symbol(r"\hat{y}_{1}") + 2 * sp.Symbol("y"), "-2ŷ₁ + 2y", r"\hat{y}_{1}"),
    (sp.sqrt(sp.Symbol("x")), "√x", r"\sqrt{x}"),
    (sp.Rational(1, 3), "1/3", r"\frac{1}{3}"),
    (sp.Rational(830, 333), "2.49249", "2.49249"),
])
def test_one_renderer_of_values(value, text, latex):
    s = shown(value)
    assert s.text == text and latex in s.latex


def test_expected_shown_with_the_students_precision():
    """A student who wrote 8 digits sees the expected value with at least 9: a real difference never looks like agreement."""
    found = sp.Rational(75136507, 10**8)
    expected = sp.Rational(7513651, 10**7) + sp.Rational(1, 10**9) / 3
    assert digits_for(found) == 9
    assert shown(expected, digits=digits_for(found)).text.startswith("0.75136510")


def test_messages_are_templates_with_typed_slots():
    message = say("{quantity} should be {expected}, not {found} ({line})", quantity=r"\frac{\partial L}{\partial w_{11}}",
                  expected=sp.Rational(1, 4), found=sp.Symbol("x") ** 2, line=12)
    assert message_text(message) == "∂L/∂w₁₁ should be 0.25, not x² (line 12)"
    assert message_latex(message) == r"$\frac{\partial L}{\partial w_{11}}$ should be $0.25$, not $x^{2}$ (line 12)"


def test_seed_line_184_shows_the_reading_the_explanation_uses():
    """`-15 \\cdot 886 * 0.579`: the explanation reads 15.886, so the expected value is -15.886 · 0.519, not -7694.91."""
    finding = next(f for f in check_file(SEED).findings if f.line == 184 and f.severity == "error")
    assert abs(float(finding.expected) + 15.886 * 0.579) < 0.01 or abs(float(finding.expected) + 15.886 * 0.519) < 0.01


def test_conflicting_values_put_no_earlier_value_under_expected():
    finding = next(f for f in check_file(SEED).findings if f.code == "conflicting-values")
    assert finding.expected is None and "-21.886" in finding.message


def test_one_finding_per_line_in_student_feedback():
    """No line shows an error and a note at once in the feedback; warnings that cost nothing are notes, not "!"."""
    from symcheck.report.feedback import shown_findings, student_kind

    report = grade_file(SEED, load_problem(ROOT / "problems" / "deep_learning_homework.py"))
    findings = shown_findings(report)
    by_line: dict[int, set] = {}
    for f in findings:
        by_line.setdefault(f.line, set()).add(student_kind(f, report))
    assert all(not ({"error"} < kinds) for kinds in by_line.values()), by_line
    for f in findings:
        if f.severity == "warning" and student_kind(f, report) == "warning":
            line_items = [i for p in report.parts for i in p.items if i.line == f.line]
            assert any(i.score < i.points for i in line_items)


def test_terminal_report_fits_100_columns_and_groups_by_part():
    out = render_text(check_file(SEED))
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "part c" in out and "Summary" in out and "\x1b[" not in out
    assert out.rstrip().splitlines()[-1].endswith("could not be read.")


def test_large_reports_stay_fast():
    """The plain layout is written directly: 5,000 findings in well under a second or two."""
    import time

    from symcheck.core.results import Finding, Report

    report = Report("big.md", tuple(Finding(line=i, end_line=i, severity="warning", code="unparsed",
                                            message=f"could not read {i}", latex="x") for i in range(5000)), 0)
    started = time.monotonic()
    text = render_text(report)
    assert time.monotonic() - started < 3 and text.count("[unparsed]") == 5000


def test_terminal_report_in_colour_escapes_student_text(tmp_path, monkeypatch):
    """With FORCE_COLOR the report is coloured, yet an ANSI escape written by a student is shown as text."""
    import io

    from symcheck.check.checker import check_text
    from symcheck.report.text_report import print_renderables, report_renderables

    report = check_text("$$x = 1 + 1 = 3 \x1b[31m$$\n")
    buffer = io.StringIO()
    monkeypatch.setenv("FORCE_COLOR", "1")
    print_renderables(report_renderables(report), buffer)
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # coloured
    assert "3 \\u001b[31m" in out and "3 \x1b[31m" not in out  # the student's escape shown, not obeyed


def test_html_marks_every_checked_line():
    report = grade_file(SEED, load_problem(ROOT / "problems" / "deep_learning_homework.py"))
    page = render_feedback_html(report, SEED.read_text(encoding="utf-8"), "alice")
    for line, state in report.report.lines:
        row = re.search(rf'<tr class="([a-z]*)" id="line-{line}">', page)
        assert row and row.group(1) in ("ok", "error", "warning", "unchecked", "noted"), (line, state)
    assert "**(a)**" not in page and "# HW" not in page
    assert re.search(r"\d\.\d{3,} / ", page) is None  # scores with two decimals at most


def test_markdown_documents_render_as_markdown():
    """Headings and bold labels of a Markdown answer are rendered, and raw HTML stays text."""
    from symcheck.grade.grader import grade_text

    text = "# HW 4\n\n**(a)** $x = 1 + 1 = 2$ <b onmouseover=alert(1)>hi</b>\n"
    report = grade_text(text, load_problem(ROOT / "problems" / "jacobians.py"), path="a.md")
    page = render_feedback_html(report, text, "s")
    assert "<h2>HW 4</h2>" in page and "<strong>(a)</strong>" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover" in page


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.parametrize("answer", [SEED, ROOT / "examples" / "jacobians_flawed.md"], ids=["seed", "jacobians_flawed"])
def test_feedback_page_in_a_real_browser(answer, tmp_path):
    """Headless Chromium: rendered Markdown, MathML for expected and found values, a mark on every checked line."""
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    from tests.browser import load_page

    problem = ROOT / "problems" / ("deep_learning_homework.py" if answer == SEED else "jacobians.py")
    report = grade_file(answer, load_problem(problem))
    page = tmp_path / "student.html"
    page.write_text(render_feedback_html(report, answer.read_text(encoding="utf-8"), "student"), encoding="utf-8")
    dom, errors, screenshot = load_page(chromium, page, tmp_path)
    assert errors == [] and screenshot.stat().st_size > 20_000
    assert re.search(r'<span class="vs"><span>expected</span> <math', dom)
    assert "found</span> <math" in dom
    checked = [line for line, state in report.report.lines if state == "checked"]
    for line in checked:
        assert re.search(rf'<tr class="(ok|error|warning|noted)" id="line-{line}">', dom), line
    if answer != SEED:
        assert "<strong>(a)</strong>" in dom and "<h2>Jacobians and chain rule</h2>" in dom


def test_class_index_page(tmp_path):
    """index.html next to the per-student pages: a histogram per part (inline SVG), mistakes linked to examples."""
    from symcheck.cli import main

    folder = tmp_path / "class"
    folder.mkdir()
    for name, source in [("ann", "jacobians_model.md"), ("bob", "jacobians_flawed.md"), ("c#d <x>", "jacobians_flawed.md")]:
        (folder / f"{name}.md").write_text((ROOT / "examples" / source).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    main(["grade", str(folder), "--problem", str(ROOT / "problems" / "jacobians.py"), "--report-dir", str(out),
          "--jobs", "1", "--quiet", "--csv", str(tmp_path / "g.csv")])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") == 4  # the total and parts 1, 2, 3
    assert "<script" not in index and "c#d &lt;x&gt;" in index
    links = re.findall(r'href="([^"]+)"', index)
    assert any("#line-" in link for link in links)
    for link in links:
        target = out / __import__("urllib.parse").parse.unquote(link.split("#")[0])
        assert target.exists(), link
    chromium = _chromium()
    if chromium is not None:
        from tests.browser import load_page

        dom, errors, screenshot = load_page(chromium, out / "index.html", tmp_path)
        assert errors == [] and dom.count("<rect") >= 12 and screenshot.stat().st_size > 10_000
