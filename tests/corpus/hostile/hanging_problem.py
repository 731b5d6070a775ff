"""A problem file (trusted code) for the hard-limit tests: grading an answer that contains HANG-IN-C blocks in C
(time.sleep, which the per-step watchdog cannot interrupt), as a big-integer power past every gate would.
It reuses the jacobians problem."""
import time
from pathlib import Path

import symcheck.grade.grader as _grade
from symcheck.problem import load_problem

PROBLEM = load_problem(str(Path(__file__).resolve().parents[3] / "problems" / "jacobians.py"))

_original = _grade.Grader.run


def _run(self, text, *args, **kwargs):
    if "HANG-IN-C" in text:
        time.sleep(3600)
    return _original(self, text, *args, **kwargs)


_grade.Grader.run = _run
