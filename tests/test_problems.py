"""The answer keys under problems/, each graded against its labelled answer files in examples/.

One row per problem set: the problem file, its model answer (full marks, no error expected;
None when there is none) and its flawed answer with a truth file. A truth file labels line
ranges: `must` (a mistake: some error must start inside), `ok` and `rounding` (correct: no error
may start inside), `may` (not scored). A finding belongs to the first item whose range holds its
line, as the project's scorer attributes findings.

A second table writes broken problem files into tmp_path: loading each must raise
ProblemFileError naming the file (and the line, where there is one).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from symcheck import GradeReport
from symcheck.core.errors import ProblemFileError
from symcheck.grade.grader import grade_file
from symcheck.keys.problem import Problem, load_problem

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBLEMS_DIR = REPO_ROOT / "problems"
EXAMPLES_DIR = REPO_ROOT / "examples"

# (problem file, model answer or None, flawed answer): the truth file is the answer's *.truth.json
PROBLEM_SETS = [
    pytest.param("deep_learning_homework.py", None, "deep_learning_homework.md", id="deep_learning_homework"),
    pytest.param("logistic_regression.py", "logistic_regression_model.md", "logistic_regression_flawed.md",
                 id="logistic_regression"),
    pytest.param("jacobians.py", "jacobians_model.md", "jacobians_flawed.md", id="jacobians"),
    pytest.param("quadratic_form.py", "quadratic_form_model.md", "quadratic_form_flawed.md", id="quadratic_form"),
    pytest.param("tanh_network.py", "tanh_network_model.md", "tanh_network_flawed.md", id="tanh_network"),
]

_problems: dict[str, Problem] = {}
_reports: dict[tuple[str, str], GradeReport] = {}


def problem(name: str) -> Problem:
    if name not in _problems:
        _problems[name] = load_problem(PROBLEMS_DIR / name)
    return _problems[name]


def graded(problem_name: str, answer: str) -> GradeReport:
    """Grading takes a second or two: each answer is graded once per session."""
    key = (problem_name, answer)
    if key not in _reports:
        _reports[key] = grade_file(EXAMPLES_DIR / answer, problem(problem_name))
    return _reports[key]


def truth_items(answer: str) -> list[dict]:
    truth = EXAMPLES_DIR / answer.replace(".md", ".truth.json")
    return json.loads(truth.read_text(encoding="utf-8"))["items"]


def error_lines(report: GradeReport) -> list[int]:
    return [f.line for f in report.findings if f.severity == "error"]


def item_of(line: int, items: list[dict]) -> dict | None:
    return next((it for it in items if it["lines"][0] <= line <= it["lines"][1]), None)


def describe(report: GradeReport, line: int) -> str:
    return "; ".join(f"line {f.line} [{f.code}] {f.message}" for f in report.findings
                     if f.severity == "error" and f.line == line)


@pytest.mark.parametrize(("problem_file", "model", "flawed"), PROBLEM_SETS)
def test_problem_loads(problem_file, model, flawed):
    """The problem file loads, and every part and quantity has what grading needs."""
    loaded = problem(problem_file)
    assert loaded.path.endswith(problem_file)
    assert loaded.max_score > 0
    ids = [q.id for part in loaded.parts for q in part.quantities]
    assert ids and len(ids) == len(set(ids))
    assert all(part.points > 0 and part.quantities for part in loaded.parts)


@pytest.mark.parametrize(("problem_file", "model", "flawed"), PROBLEM_SETS)
def test_model_answer_scores_full_marks(problem_file, model, flawed):
    """The model answer gets every point and no error finding."""
    if model is None:
        pytest.skip(f"{problem_file} has no model answer")
    report = graded(problem_file, model)
    errors = [f"line {f.line} [{f.code}] {f.message}" for f in report.findings if f.severity == "error"]
    assert errors == []
    lost = [f"part {p.id}: {i.name} {i.status} (found {i.found}, line {i.line})"
            for p in report.parts for i in p.items if i.points and i.score < i.points]
    assert lost == []
    assert report.score == report.max_score


@pytest.mark.parametrize(("problem_file", "model", "flawed"), PROBLEM_SETS)
def test_flawed_answer_errors_are_the_must_items(problem_file, model, flawed):
    """Every must item gets an error starting inside its range; no ok or rounding item gets one."""
    report = graded(problem_file, flawed)
    items = truth_items(flawed)
    lines = error_lines(report)
    missed = [f"{it['lines']}: {it.get('note', '')}" for it in items if it["label"] == "must"
              and not any(item_of(line, items) is it for line in lines)]
    alarms = sorted({f"{item['label']} item {item['lines']} ({item.get('note', '')}): {describe(report, line)}"
                     for line in lines if (item := item_of(line, items)) is not None
                     and item["label"] in ("ok", "rounding")})
    assert missed == [], "must items without an error"
    assert alarms == [], "errors inside ok/rounding items"


@pytest.mark.parametrize(("problem_file", "model", "flawed"), PROBLEM_SETS)
def test_model_answer_has_no_false_alarms(problem_file, model, flawed):
    """Scored with the model answer's own truth file, no error falls in an ok or rounding item."""
    if model is None:
        pytest.skip(f"{problem_file} has no model answer")
    report = graded(problem_file, model)
    items = truth_items(model)
    alarms = sorted({describe(report, line) for line in error_lines(report)
                     if (item := item_of(line, items)) is not None and item["label"] in ("ok", "rounding")})
    assert alarms == []


# -- broken problem files -----------------------------------------------------------------------
HEADER = "import sympy as sp\nfrom symcheck.keys.problem import Part, Problem, Quantity\n"

# (file text, the line the message must name or None, a phrase the reason must contain)
BAD_PROBLEM_FILES = [
    pytest.param(HEADER + "\nPROBLEM = Problem('t' parts=[])\n", 4, "syntax error", id="syntax-error"),
    pytest.param(HEADER + "x = sp.Symbol('x')\nPROBLEM = Problem('t', parts=[\n"
                 "    Part('a', points=1, quantities=[Quantity('f', sp.diff(x**2, y))]),\n])\n", 5, "NameError",
                 id="undefined-name"),
    pytest.param(HEADER + "KEY = Problem('t', parts=[Part('a', points=1, quantities=[Quantity('z', 1)])])\n", None,
                 "PROBLEM", id="no-PROBLEM"),
    pytest.param(HEADER + "PROBLEM = Problem('t', parts=[\n"
                 "    Part('a', points=1, quantities=[Quantity('z', 1, aliases=[r'\\frac{', '}{'])]),\n])\n", None,
                 "alias", id="unparseable-aliases"),
]


@pytest.mark.parametrize(("text", "line", "phrase"), BAD_PROBLEM_FILES)
def test_broken_problem_file_is_reported(tmp_path, text, line, phrase):
    path = tmp_path / "broken_problem.py"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemFileError) as caught:
        load_problem(path)
    error = caught.value
    assert str(path) in str(error)
    assert error.path == str(path)
    assert phrase in error.reason
    if line is not None:
        assert error.line == line
        assert f"{path}:{line}" in str(error)


CODE_CASES = [pytest.param(topic, item["lines"], item["code"], id=f"{topic}-{item['lines'][0]}")
              for topic in ("logistic_regression", "jacobians", "quadratic_form", "tanh_network")
              for item in truth_items(f"{topic}_flawed.md")
              if item["label"] == "must"]


@pytest.mark.parametrize(("topic", "lines", "code"), CODE_CASES)
def test_planted_mistake_gets_its_named_code(topic, lines, code):
    """Each planted mistake of the flawed answers is explained by the rule its truth file names."""
    report = graded(f"{topic}.py", f"{topic}_flawed.md")
    codes = [f.code for f in report.findings if f.severity == "error" and lines[0] <= f.line <= lines[1]]
    assert code in codes, codes
