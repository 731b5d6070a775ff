"""Grading a whole class: every submission in every output, the same whatever the number of workers."""
from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from symcheck.batch.local import LocalPool, find_submissions, grade_class, grade_submission
from symcheck.cli import main
from symcheck.core.limits import Limits
from symcheck.report.class_report import render_csv

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = str(ROOT / "problems" / "deep_learning_homework.py")
SEED = (ROOT / "examples" / "deep_learning_homework.md").read_text(encoding="utf-8")

# Mistakes to add (wrong value -> right value swapped in) and to remove (a mistake of the seed fixed).
ADD = [("= 0.09.", "= 0.19."), ("= 0.522$$", "= 0.562$$"), ("= 63.096$$", "= 36.096$$"), ("= -0.079.", "= -0.97.")]
REMOVE = [("= 2(2x + 3y) \\cdot 2", "= 2"), ("= 2(2x + 3y) \\cdot 3", "= 3"), ("= -0.498\\end", "= -0.158\\end"),
          ("0.913}{0.3663} * 1 = 0.249", "0.913}{0.3663} * 1 = 2.49")]
BROKEN = {"s055": b"\x00\x01\x02\x03" * 50, "s056": b"", "s057": b"$$\\frac{1}{" * 200,
          "s058": b"\xff\xfe not utf-8 $$x = 1 + 1 = 3$$"}


def _submissions(folder: Path, count: int = 60, seed: int = 7) -> None:
    rng = random.Random(seed)
    blocks = SEED.split("\n\n")
    for i in range(count):
        name = f"s{i:03d}"
        if name in BROKEN:
            (folder / f"{name}.md").write_bytes(BROKEN[name])
            continue
        text = "\n\n".join(blocks[: rng.randint(20, len(blocks))]) if i % 3 else SEED
        for old, new in rng.sample(ADD, rng.randint(0, 2)) + rng.sample(REMOVE, rng.randint(0, 2)):
            text = text.replace(old, new)
        if i == 59:  # one student hands in a folder
            (folder / name).mkdir()
            (folder / name / "answer.md").write_text(text, encoding="utf-8")
        else:
            (folder / f"{name}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    _submissions(folder)
    return folder


@pytest.fixture(scope="module")
def serial(klass) -> list:
    """Every submission graded in this process, one after the other."""
    return [grade_submission(s, PROBLEM, Limits()) for s in find_submissions(klass)]


@pytest.fixture(scope="module")
def parallel(klass) -> list:
    return grade_class(klass, PROBLEM, jobs=2)


def test_every_submission_is_found(klass):
    """60 submissions, sorted by student id, a folder counted as one."""
    found = find_submissions(klass)
    assert [s.student for s in found] == [f"s{i:03d}" for i in range(60)]


def test_parallel_scores_match_serial_exactly(serial, parallel):
    """--jobs 2 gives the same CSV, byte for byte, as grading one by one."""
    assert render_csv(parallel) == render_csv(serial)


def test_csv_has_a_row_per_submission_with_status(parallel):
    """The gradebook lists all 60, the broken ones with their status and reason."""
    rows = list(csv.DictReader(io.StringIO(render_csv(parallel))))
    assert len(rows) == 60
    status = {r["student"]: r["status"] for r in rows}
    assert status["s055"] == "unreadable" and status["s056"] == "unreadable"
    assert status["s057"] == "graded" and status["s058"] == "graded"
    assert all(r["reason"] for r in rows if r["status"] != "graded")


def test_the_full_seed_loses_points_for_its_mistakes(parallel):
    """The unmodified seed (s000) scores what grading it alone scores."""
    s000 = next(r for r in parallel if r.student == "s000")
    assert 0 < s000.score < s000.report["max_score"]


def test_killing_a_worker_loses_nothing(klass):
    """A worker killed mid-run is replaced; its submission is recorded as crashed, the rest are graded."""
    submissions = find_submissions(klass)[:12]
    pool = LocalPool(PROBLEM, Limits(), jobs=2)

    def kill_one():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [s for s in pool.slots if s.task is not None and s.process.pid]
            if busy:
                os.kill(busy[0].process.pid, signal.SIGKILL)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one)
    killer.start()
    results = pool.run(submissions)
    killer.join()
    assert [r.student for r in results] == [s.student for s in submissions]
    assert sum(r.status == "crashed" for r in results) == 1
    assert all(r.status == "graded" for r in results if r.status != "crashed")


def test_a_hung_worker_is_stopped(klass, monkeypatch):
    """A submission past the hard time limit is recorded as timeout and its worker replaced."""
    submissions = find_submissions(klass)[:3]
    pool = LocalPool(PROBLEM, Limits(step_timeout=30, file_timeout=30), jobs=1, hard_timeout=0.01)
    results = pool.run(submissions)
    assert [r.status for r in results] == ["timeout"] * 3


def test_cli_writes_every_output(klass, tmp_path):
    """grade DIR writes the CSV, JSON lines and a feedback page per student, and the summary."""
    out = tmp_path / "out"
    code = main(["grade", str(klass), "--problem", PROBLEM, "--jobs", "2", "--csv", str(tmp_path / "g.csv"),
                 "--json-lines", str(tmp_path / "g.jsonl"), "--report-dir", str(out), "--summary", "--quiet"])
    assert code == 0
    lines = (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["student"] for x in lines] == [f"s{i:03d}" for i in range(60)]
    assert len(list(out.glob("*.md"))) == 61  # 60 students and the summary
    assert len(list(out.glob("*.html"))) == 59  # the two unreadable ones get Markdown only; and index.html
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Most common mistakes" in summary and "| 1b |" in summary
