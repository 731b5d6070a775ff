"""Hard limits (issue 10): the commands always answer, whatever the input; cuts are deterministic.

What is asserted is deterministic (the report says `timeout`, a size gate fired, two runs are
identical); wall-clock bounds are only there to fail a hang, with generous headroom for a loaded
2-core machine. A computation that no watchdog can interrupt is simulated with `time.sleep` in C:
by monkeypatching (in-process `main`, whose child is a fork of this process) or by a trusted
problem file that patches the grader (`tests/corpus/hostile/hanging_problem.py`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy as sp

from symcheck import Limits, check_text
from symcheck.core.errors import TooLarge
from symcheck.core.hardlimit import Killed, hard_seconds, run_killable
from symcheck.core.results import SCHEMA
from symcheck.core.sizegate import gated_xreplace

HERE = Path(__file__).resolve().parent
HANGING_PROBLEM = HERE / "corpus" / "hostile" / "hanging_problem.py"
HANG = "$$1 + 1 = 2$$\n\nHANG-IN-C\n"
FILE_LIMIT = 0.5  # --file-timeout in these tests: the hard limit is hard_seconds(0.5) = 3.5 s
BOUND = 60.0  # a hang fails the test after this; an answer comes after about 4 s


# -- run_killable ------------------------------------------------------------------------------------------
def _boom():
    raise ValueError("boom")


def _die():
    os._exit(9)


# (function, args, seconds, the value or the Killed status)
KILLABLE_CASES = [
    pytest.param(sum, ([1, 2, 3],), 30.0, 6, id="value"),
    pytest.param(sp.Integer, (7,), 30.0, sp.Integer(7), id="sympy-value"),
    pytest.param(_boom, (), 30.0, "crashed", id="exception"),
    pytest.param(_die, (), 30.0, "crashed", id="child-dies"),
    pytest.param(time.sleep, (3600,), 0.3, "timeout", id="blocked-in-c"),
]


@pytest.mark.parametrize(("function", "args", "seconds", "expected"), KILLABLE_CASES)
def test_run_killable(function, args, seconds, expected):
    """The value from the child, or a Killed saying why there is none; never longer than the limit (plus slack)."""
    started = time.monotonic()
    result = run_killable(function, *args, seconds=seconds)
    assert time.monotonic() - started < BOUND
    if isinstance(expected, str):
        assert isinstance(result, Killed) and result.status == expected, result
    else:
        assert result == expected


def test_run_killable_stops_when_cancelled():
    result = run_killable(time.sleep, 3600, seconds=600, cancelled=lambda: True)
    assert isinstance(result, Killed) and "cancelled" in result.reason


def test_hard_limit_is_the_file_limit_plus_a_margin():
    assert hard_seconds(0.5) == 3.5 and hard_seconds(60) == 66 and hard_seconds(100) == 110


# -- size gates on substitution ------------------------------------------------------------------------------
x, y = sp.symbols("x y")

# (expression, mapping, the result or None for TooLarge)
SUBSTITUTION_CASES = [
    pytest.param(x**2 + y, {x: sp.Integer(3)}, 9 + y, id="small"),
    pytest.param(x**x, {x: sp.Integer(10**7)}, None, id="x^x-at-10^7"),
    pytest.param(x**(x**x), {x: sp.Integer(9)}, None, id="tower-at-9"),
    pytest.param(sp.factorial(x), {x: sp.Integer(10**6)}, None, id="factorial"),
    pytest.param(x**(10**8), {x: sp.Integer(7)}, None, id="composed-powers"),
    pytest.param(x**100 * y, {x: sp.Integer(2)}, 2**100 * y, id="allowed-power"),
    pytest.param(sp.ImmutableMatrix([x**x, y]), {x: sp.Integer(10**7)}, None, id="matrix-entry"),
    pytest.param(x**2, {}, x**2, id="nothing-to-substitute"),
]


@pytest.mark.parametrize(("expr", "mapping", "expected"), SUBSTITUTION_CASES)
def test_gated_substitution(expr, mapping, expected):
    """A power or factorial is refused before it is computed (TooLarge), never computed and then measured."""
    if expected is None:
        with pytest.raises(TooLarge):
            gated_xreplace(expr, mapping)
    else:
        assert gated_xreplace(expr, mapping) == expected


# -- the commands always answer ----------------------------------------------------------------------------
def test_check_command_answers_a_computation_no_watchdog_stops(tmp_path, monkeypatch, capsys):
    """`symcheck check` runs the file in a child killed at the file limit plus a margin: a valid timeout report."""
    import symcheck.check.checker
    from symcheck.cli import main

    monkeypatch.setattr(symcheck.check.checker, "check_file", lambda path, limits: time.sleep(3600))
    answer = tmp_path / "a.md"
    answer.write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    started = time.monotonic()
    status = main(["check", str(answer), "--format", "json", "--file-timeout", str(FILE_LIMIT)])
    assert time.monotonic() - started < BOUND
    report = json.loads(capsys.readouterr().out)
    assert status == 0 and report["schema"] == SCHEMA and report["status"] == "timeout"
    assert [f["code"] for f in report["findings"]] == ["timeout"]


def _cli(argv, cwd):
    return subprocess.run([sys.executable, "-m", "symcheck.cli", *argv], capture_output=True, text=True, cwd=cwd,
                          timeout=BOUND, check=False)


def test_grade_command_answers_a_hanging_file(tmp_path):
    """Single-file `grade`: a valid grade report with status timeout and score 0, exit 0, nothing on stderr."""
    answer = tmp_path / "a.md"
    answer.write_text(HANG, encoding="utf-8")
    done = _cli(["grade", str(answer), "--problem", str(HANGING_PROBLEM), "--format", "json",
                 "--file-timeout", str(FILE_LIMIT)], tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr[-1000:]
    report = json.loads(done.stdout)
    assert report["status"] == "timeout" and report["score"] == 0 and report["parts"]


def test_gradescope_writes_results_for_a_hanging_submission(tmp_path):
    """`gradescope`: results.json is written, score 0, with the reason, one test per part."""
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answer.md").write_text(HANG, encoding="utf-8")
    done = _cli(["gradescope", "--problem", str(HANGING_PROBLEM), "--root", str(tmp_path),
                 "--file-timeout", str(FILE_LIMIT)], tmp_path)
    assert done.returncode == 0, done.stderr[-1000:]
    results = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and "timeout" in results["output"] and results["tests"]
    assert all(t["score"] == 0 for t in results["tests"])


def test_dask_marks_a_hanging_submission_timeout(tmp_path):
    """On a local Dask cluster, a submission that hangs in C is killed inside its worker and marked timeout;
    the others are graded."""
    distributed = pytest.importorskip("dask.distributed")
    from symcheck.batch.local import grade_class

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "hangs.md").write_text(HANG, encoding="utf-8")
    (folder / "fine.md").write_text("$$1 + 1 = 3$$\n", encoding="utf-8")
    limits = Limits(file_timeout=20.0)  # hard limit per submission: 20 × 1.5 + 10 s; room for a loaded machine
    started = time.monotonic()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        results = grade_class(folder, HANGING_PROBLEM, executor="dask", scheduler=cluster.scheduler_address,
                              limits=limits)
    assert time.monotonic() - started < 2 * BOUND
    assert [(r.student, r.status) for r in results] == [("fine", "graded"), ("hangs", "timeout")], \
        [r.reason for r in results]


# -- deterministic cuts and gates -----------------------------------------------------------------------------
def _blocks(n: int) -> str:
    return "".join(f"$${i} + 1 = {i + 1}$$\n\n" for i in range(n)) + "$$1 + 1 = 3$$\n"


def test_step_budget_cuts_the_same_way_every_time():
    """Limits(max_steps=N) checks the first N steps and says so: the same report whatever the machine's speed."""
    limits = Limits(max_steps=30)
    first, second = (check_text(_blocks(100), limits=limits) for _ in range(2))
    assert first == second
    assert (first.checked, first.status) == (30, "too-large")
    assert "only the first 30 of 101 steps" in " ".join(f.message for f in first.findings)
    assert "arithmetic" not in {f.code for f in first.findings}  # the wrong step is past the cut


# (limits, text, codes that must appear, codes that must not)
GATE_CASES = [
    pytest.param(Limits(max_math_chars=10), "$$" + "1 + " * 19 + "1 = 21$$\n", {"too-large"}, {"arithmetic"},
                 id="max-math-chars-applied"),
    pytest.param(Limits(max_math_chars=10), "$$1+1 = 3$$\n", {"arithmetic"}, {"too-large"}, id="under-the-gate"),
    pytest.param(Limits(), "$$x = " + "1+" * 300_000 + "1$$\n\n$$1 + 1 = 3$$\n", {"too-large", "arithmetic"}, set(),
                 id="region-gate-before-splitting"),
    pytest.param(Limits(max_regions=3), "$1$ " * 10 + "\n", {"too-large"}, set(), id="max-regions"),
    pytest.param(Limits(), "$$A \\odot B = 1$$\n\n$$1 + 1 = 3$$\n", {"arithmetic"}, set(), id="hadamard"),
]


@pytest.mark.parametrize(("limits", "text", "present", "absent"), GATE_CASES)
def test_size_gates(limits, text, present, absent):
    codes = {f.code for f in check_text(text, limits=limits).findings}
    assert present <= codes and not (absent & codes), codes


def test_region_gate_runs_before_statement_splitting():
    """A 1 MB math line is refused as one region: nothing is split or parsed (counted, not timed)."""
    from symcheck.latex import parse

    before = parse.PARSED.calls
    check_text("$$x = " + "1 = " * 250_000 + "1$$\n")
    assert parse.PARSED.calls - before == 0


def test_reading_is_linear_in_the_regions_of_a_line():
    """Reading 200,000 regions on one line: CPU time within a few times that of 20,000 (it was quadratic)."""
    from symcheck.read.extract import read_document

    def cpu(count: int) -> float:
        started = time.process_time()
        read_document("$1$ " * count)
        return time.process_time() - started

    small, large = cpu(20_000), cpu(200_000)
    assert large < 30 * max(small, 0.01)


@pytest.mark.parametrize("hadamard_alias", [r"A \odot B", r"\frac{\partial L}{\partial W} \odot x"])
def test_key_alias_with_hadamard(hadamard_alias):
    """A key alias holding \\odot gets a key (it crashed with KeyError: 'hadamard')."""
    from symcheck.keys.match_keys import latex_key

    assert latex_key(hadamard_alias)


def test_grading_against_a_hadamard_key():
    """A key whose alias holds \\odot grades (and renders) instead of raising KeyError: 'hadamard'."""
    from symcheck import Part, Problem, Quantity, grade_text
    from symcheck.report.key_report import render_key_markdown

    problem = Problem("Hadamard", parts=[Part("1", points=1, quantities=[
        Quantity(r"A \odot B", sp.Integer(6), [r"A \odot B"])])])
    graded = grade_text("$$A \\odot B = 6$$\n", problem)
    assert graded.score == 1
    assert "Hadamard" in render_key_markdown(problem)


def test_a_shielded_section_is_not_interrupted():
    """The step watchdog waits for a shielded section (a fork, the kill of a child) and fires right after it: an
    exception raised in fork's at-fork handlers would be swallowed and leave a lock held."""
    from symcheck.core.limits import StepTimeout, deadline, shielded

    reached = False
    with pytest.raises(StepTimeout):
        with deadline(0.05):
            with shielded():
                started = time.monotonic()
                while time.monotonic() - started < 0.3:  # Python code: interruptible, were it not shielded
                    pass
            reached = True
            while True:
                pass
    assert reached


@pytest.mark.skipif(not hasattr(time, "pthread_getcpuclockid"), reason="no per-thread CPU clock: steps use wall time")
def test_a_step_is_timed_by_its_own_cpu_time():
    """A step's budget is the CPU time it uses (so a busy machine does not cut it sooner): a step that waits
    without computing is not cut by its budget, only by its wall-clock cap; one that computes is cut."""
    from symcheck.core.limits import StepTimeout, deadline

    with deadline(0.05, wall=30):
        time.sleep(0.3)  # six budgets of wall time, almost no CPU time: not cut
    with pytest.raises(StepTimeout):
        with deadline(0.05, wall=30):
            while True:
                pass
    with pytest.raises(StepTimeout):
        with deadline(30, wall=0.05):  # the wall-clock cap holds whatever the budget
            while True:
                time.sleep(0.01)
