"""Distributed grading, Gradescope's results.json, and the feedback pages."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from symcheck import grade_file, load_problem
from symcheck.batch.gradescope import gradescope_results
from symcheck.batch.local import grade_class
from symcheck.cli import main
from symcheck.report.class_report import render_csv
from symcheck.report.feedback import render_feedback_html, render_feedback_markdown

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "problems" / "deep_learning_homework.py"
SEED = ROOT / "examples" / "deep_learning_homework.md"


@pytest.fixture(scope="module")
def small_class(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small_class")
    text = SEED.read_text(encoding="utf-8")
    for i, (old, new) in enumerate([("", ""), ("= 0.09.", "= 0.19."), ("\\cdot 2$$", "$$"), ("= 63.096", "= 36.096")]):
        (folder / f"student{i}.md").write_text(text.replace(old, new) if old else text, encoding="utf-8")
    (folder / "student9.md").write_bytes(b"\x00" * 100)
    (folder / "emptyfolder").mkdir()
    return folder


def test_dask_gives_the_same_csv_as_local(small_class):
    """--executor dask on a LocalCluster(2 workers) grades exactly as the local pool does."""
    distributed = pytest.importorskip("dask.distributed")
    local = render_csv(grade_class(small_class, PROBLEM, jobs=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = render_csv(grade_class(small_class, PROBLEM, executor="dask", scheduler=cluster.scheduler_address))
    assert remote == local
    assert "emptyfolder,unreadable" in remote and "student9,unreadable" in remote


GRADESCOPE_TEST_FIELDS = {"score", "max_score", "status", "name", "number", "output", "output_format", "visibility"}


def _validate_results(results: dict) -> None:
    assert set(results) >= {"score", "output", "output_format", "tests", "visibility"}
    assert isinstance(results["score"], (int, float)) and results["output_format"] == "md"
    for test in results["tests"]:
        assert set(test) == GRADESCOPE_TEST_FIELDS
        assert test["status"] in ("passed", "failed") and 0 <= test["score"] <= test["max_score"]
    json.dumps(results)


@pytest.mark.parametrize(("files", "expect_score"), [
    pytest.param({"answer.md": SEED.read_bytes()}, "partial", id="seed-answer"),
    pytest.param({}, "zero", id="no-answer-file"),
    pytest.param({"answer.md": b"\xff\x00\x00binary"}, "zero", id="binary-answer"),
    pytest.param({"notes.pdf": b"%PDF-1.4"}, "zero", id="wrong-file-type"),
])
def test_gradescope_results_are_always_valid(tmp_path, files, expect_score):
    """One test per part with the fields Gradescope reads; a bad submission still gets a results file."""
    (tmp_path / "submission").mkdir()
    for name, data in files.items():
        (tmp_path / "submission" / name).write_bytes(data)
    assert main(["gradescope", "--problem", str(PROBLEM), "--root", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    _validate_results(results)
    assert [t["number"] for t in results["tests"]] == ["1b", "1c", "1d", "2a", "2b", "2c"]
    assert (results["score"] > 0) == (expect_score == "partial")


def test_gradescope_survives_a_broken_problem_file(tmp_path):
    """A problem file that does not load still yields a valid results.json with score 0 and the reason."""
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "a.md").write_text("$$1 + 1 = 2$$", encoding="utf-8")
    broken = tmp_path / "broken.py"
    broken.write_text("PROBLEM = undefined_name\n", encoding="utf-8")
    results = gradescope_results(tmp_path, str(broken))
    _validate_results(results)
    assert results["score"] == 0 and "NameError" in results["output"] or "undefined_name" in results["output"]


@pytest.fixture(scope="module")
def seed_graded():
    return grade_file(SEED, load_problem(PROBLEM))


def test_markdown_feedback_lists_parts_and_mistakes(seed_graded):
    """The Markdown page has the score, a table per part, and each error with its line and reason."""
    page = render_feedback_markdown(seed_graded, "alice")
    assert page.startswith("# Feedback: alice")
    assert "**Part 2a: 0 / 2**" in page
    assert "line 247 [squared-not-linear]" in page


def test_html_feedback_is_self_contained(seed_graded):
    """The HTML page has no external resource, marks each faulty line and renders math as MathML."""
    page = render_feedback_html(seed_graded, SEED.read_text(encoding="utf-8"), "alice")
    assert "http://" not in page.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "https://" not in page and "<script" not in page
    assert '<tr class="error" id="line-247">' in page
    assert "<math" in page and 'id="score"' in page


def test_html_page_loads_in_a_real_browser(seed_graded, tmp_path):
    """Headless Chromium loads the page with no console error and the marks are in the rendered DOM."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    from tests.browser import load_page

    page = tmp_path / "alice.html"
    page.write_text(render_feedback_html(seed_graded, SEED.read_text(encoding="utf-8"), "alice"), encoding="utf-8")
    dom, console_errors, screenshot = load_page(chromium, page, tmp_path)
    assert console_errors == []
    assert dom.count('class="error"') >= 15 and "Score:" in dom and "<math" in dom
    assert screenshot.stat().st_size > 10_000
