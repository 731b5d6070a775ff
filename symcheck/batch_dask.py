"""Grading on a Dask cluster, for a class that outgrows one machine (`pip install symcheck[dask]`).

Each submission is one task; the per-step and per-file limits apply inside it, and a
task that fails or whose worker is lost is recorded as `crashed`, never dropped.
"""
from __future__ import annotations

from typing import Callable

from .batch import Submission, SubmissionResult, grade_submission
from .errors import SymcheckError
from .limits import Limits


def _grade_task(submission: Submission, problem_path: str, limits: Limits, feedback: bool) -> SubmissionResult:
    try:
        return grade_submission(submission, problem_path, limits, feedback)
    except Exception as exc:  # noqa: BLE001 - one submission's failure is recorded, not raised
        return SubmissionResult(submission.student, "crashed", f"{type(exc).__name__}: {exc}"[:500])


def grade_with_dask(submissions: list[Submission], problem_path: str, limits: Limits, scheduler: str | None,
                    feedback: bool = False,
                    progress: Callable[[SubmissionResult], None] | None = None) -> list[SubmissionResult]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:
        raise SymcheckError("the Dask executor needs `pip install symcheck[dask]`") from exc
    if not scheduler:
        raise SymcheckError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    results: dict[str, SubmissionResult] = {}
    with Client(scheduler) as client:
        futures = {client.submit(_grade_task, s, problem_path, limits, feedback, key=f"symcheck-{i}-{s.student}",
                                 pure=False, retries=0): s for i, s in enumerate(submissions)}
        for future in as_completed(futures):
            submission = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or killed task is recorded
                result = SubmissionResult(submission.student, "crashed", f"{type(exc).__name__}: {exc}"[:500])
            results[submission.student] = result
            if progress:
                progress(result)
    return [results[s.student] for s in submissions]
