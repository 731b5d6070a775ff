"""Grading on a Dask cluster, for a class that outgrows one machine (`pip install symcheck[dask]`).

Each submission is one task; the per-step and per-file limits apply inside it, and the task grades
in a child process of the worker (symcheck.core.hardlimit) that is killed at the same hard limit as the
local pool's (`file_timeout × 1.5 + 10 s`), or as soon as the task is cancelled (the client went away).
A task that fails or whose worker is lost is recorded as `crashed`, a killed one as `timeout`,
never dropped.
"""
from __future__ import annotations

from collections.abc import Callable

from symcheck.batch.submission import cached_problem, grade_submission
from symcheck.core.errors import SymcheckError
from symcheck.core.limits import Limits
from symcheck.core.results import SubmissionResult, SubmissionStatus
from symcheck.read.folder import Submission


def hard_timeout(limits: Limits) -> float:
    """The same per-submission hard limit as the local pool's."""
    return limits.file_timeout * 1.5 + 10


def _grade_task(submission: Submission, problem_path: str, limits: Limits, feedback: bool,
                variant: str | None = None) -> SubmissionResult:
    from symcheck.core.hardlimit import Killed, run_killable

    seconds = hard_timeout(limits)
    try:
        cached_problem(problem_path, variant)  # loaded once per worker, before the fork, so that each child inherits it
    except Exception as exc:  # noqa: BLE001 - recorded, not raised
        return SubmissionResult(submission.student, SubmissionStatus.CRASHED, f"{type(exc).__name__}: {exc}"[:500])
    result = run_killable(_grade_capped, submission, problem_path, limits, feedback, variant, seconds=seconds,
                          cancelled=_task_cancelled())
    if isinstance(result, Killed):
        reason = (f"grading took longer than {seconds:g} s; it was stopped" if result.status == "timeout"
                  else result.reason)
        return SubmissionResult(submission.student, SubmissionStatus(result.status), reason[:500])
    return result


def _grade_capped(submission: Submission, problem_path: str, limits: Limits, feedback: bool,
                  variant: str | None = None) -> SubmissionResult:
    """Run in the task's child process: memory capped, never raises for a bad submission."""
    from symcheck.core.limits import limit_memory

    limit_memory(limits.max_memory_mb)
    try:
        return grade_submission(submission, problem_path, limits, feedback, variant)
    except Exception as exc:  # noqa: BLE001 - one submission's failure is recorded, not raised
        return SubmissionResult(submission.student, SubmissionStatus.CRASHED, f"{type(exc).__name__}: {exc}"[:500])


def _task_cancelled() -> Callable[[], bool]:
    """True once the scheduler no longer wants this task (its client went away, or it was cancelled)."""
    try:
        from distributed import get_worker

        worker = get_worker()
        key = worker.get_current_task()
    except Exception:  # noqa: BLE001 - not inside a Dask task: never cancelled
        return lambda: False

    def cancelled() -> bool:
        task = worker.state.tasks.get(key)
        return worker.status.name in ("closing", "closed", "closing_gracefully") or task is None or \
            task.state in ("cancelled", "released", "forgotten")
    return cancelled


def grade_with_dask(submissions: list[Submission], problem_path: str, limits: Limits, scheduler: str | None,
                    feedback: bool = False,
                    progress: Callable[[SubmissionResult], None] | None = None,
                    variants: dict[str, str] | None = None) -> list[SubmissionResult]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:
        raise SymcheckError("the Dask executor needs `pip install symcheck[dask]`") from exc
    if not scheduler:
        raise SymcheckError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    results: dict[str, SubmissionResult] = {}
    with Client(scheduler) as client:
        futures = {client.submit(_grade_task, s, problem_path, limits, feedback, (variants or {}).get(s.student),
                                 key=f"symcheck-{i}-{s.student}",
                                 pure=False, retries=0): s for i, s in enumerate(submissions)}
        for future in as_completed(futures):
            submission = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or killed task is recorded
                reason = f"{type(exc).__name__}: {exc}"[:500]
                result = SubmissionResult(submission.student, SubmissionStatus.CRASHED, reason)
            results[submission.student] = result
            if progress:
                progress(result)
    return [results[s.student] for s in submissions]
