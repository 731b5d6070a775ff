"""Grade a whole class: every submission in a folder, in parallel, none lost.

A submission is one entry of the folder (`folder.find_submissions`): an answer file
(the student id is its name without the extension) or a sub-folder (the id is the
folder's name; its answer files are read in name order and joined); any other entry
is reported `unreadable` with the reason. Each is graded in a worker process with a hard time
limit; a worker that hangs is killed and replaced, one that dies is replaced, and
the submission is recorded with status `timeout` or `crashed`. Results come back
sorted by student id, identical whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from symcheck.batch.on_dask import grade_with_dask
from symcheck.batch.submission import cached_problem, grade_submission
from symcheck.core.errors import SymcheckError
from symcheck.core.limits import Limits, limit_memory
from symcheck.core.results import SubmissionResult, SubmissionStatus
from symcheck.read.folder import ANSWER_SUFFIXES, Submission, find_submissions

__all__ = ["ANSWER_SUFFIXES", "LocalPool", "Submission", "SubmissionResult", "find_submissions", "grade_class",
           "grade_submission"]


# -- local worker processes -----------------------------------------------------------------------
def _worker(connection: Connection, problem_path: str, limits: Limits, feedback: bool) -> None:
    """Run in a worker process: grade the submissions sent, one at a time."""
    limit_memory(limits.max_memory_mb)
    cached_problem(problem_path)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        task, variant = task
        try:
            result = grade_submission(task, problem_path, limits, feedback, variant)
        except Exception as exc:  # noqa: BLE001 - a bug on one submission must not lose the others
            result = SubmissionResult(task.student, SubmissionStatus.CRASHED, f"{type(exc).__name__}: {exc}"[:500])
        connection.send(result)


@dataclass
class _Slot:
    process: BaseProcess
    connection: Connection
    task: Submission | None = None
    started: float = 0.0


@dataclass
class LocalPool:
    """N worker processes with a hard time limit per submission."""

    problem_path: str
    limits: Limits
    jobs: int = 1
    feedback: bool = False
    hard_timeout: float | None = None
    slots: list = field(default_factory=list)
    variants: dict = field(default_factory=dict)  # student -> variant id, for a problem with variants

    def __post_init__(self) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.hard_timeout = self.hard_timeout or self.limits.file_timeout * 1.5 + 10

    def start_worker(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.problem_path, self.limits, self.feedback),
                                        daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def run(self, submissions: list[Submission], progress: Callable[[SubmissionResult], None] | None = None
            ) -> list[SubmissionResult]:
        pending = list(reversed(submissions))
        results: dict[str, SubmissionResult] = {}
        self.slots = [self.start_worker() for _ in range(max(1, min(self.jobs, len(submissions))))]
        try:
            while pending or any(s.task for s in self.slots):
                self.assign(pending)
                for result in self.collect():
                    results[result.student] = result
                    if progress:
                        progress(result)
        finally:
            self.shutdown()
        return [results[s.student] for s in submissions]

    def assign(self, pending: list[Submission]) -> None:
        for slot in self.slots:
            if slot.task is None and pending:
                slot.task = pending.pop()
                slot.started = time.monotonic()
                try:
                    slot.connection.send((slot.task, self.variants.get(slot.task.student)))
                except (BrokenPipeError, OSError):
                    pass  # found dead on the next collect

    def collect(self) -> list[SubmissionResult]:
        busy = [s for s in self.slots if s.task is not None]
        ready = wait([s.connection for s in busy] + [s.process.sentinel for s in busy], timeout=0.2)
        out = []
        for index, slot in enumerate(self.slots):
            if slot.task is None:
                continue
            if slot.connection in ready:
                try:
                    out.append(slot.connection.recv())
                    slot.task = None
                    continue
                except (EOFError, OSError):
                    pass
            if slot.process.sentinel in ready or not slot.process.is_alive():
                out.append(SubmissionResult(slot.task.student, SubmissionStatus.CRASHED,
                                            f"the worker grading it died (exit code {slot.process.exitcode})"))
                self.slots[index] = self.replace(slot)
            elif time.monotonic() - slot.started > self.hard_timeout:
                reason = f"grading took longer than {self.hard_timeout:g} s; the worker was stopped"
                out.append(SubmissionResult(slot.task.student, SubmissionStatus.TIMEOUT, reason))
                self.slots[index] = self.replace(slot)
        return out

    def replace(self, slot: _Slot) -> _Slot:
        slot.process.kill()
        slot.process.join(timeout=5)
        slot.connection.close()
        return self.start_worker()

    def shutdown(self) -> None:
        for slot in self.slots:
            try:
                slot.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        for slot in self.slots:
            slot.process.join(timeout=2)
            if slot.process.is_alive():
                slot.process.kill()
            slot.connection.close()


def grade_class(folder: str | Path, problem_path: str | Path, *, jobs: int | None = None,
                limits: Limits = Limits(), executor: str = "local", scheduler: str | None = None,
                feedback: bool = False, progress: Callable[[SubmissionResult], None] | None = None,
                on_start: Callable[[int], None] | None = None,
                roster: dict[str, str] | None = None) -> list[SubmissionResult]:
    """Grade every submission under `folder`; one result per submission, sorted by student id.

    For a problem with randomised variants each student is graded against their own variant: the one the
    `roster` (`{student: variant id}`) gives, or else their student id; a student the roster does not list
    is reported `no-variant`. A roster for a problem without variants is refused."""
    try:
        submissions = find_submissions(folder)
    except OSError as exc:
        raise SymcheckError(f"cannot list {folder}: {exc.strerror or exc}") from exc
    if on_start:
        on_start(len(submissions))
    if not submissions:
        return []
    problem_path = str(Path(problem_path).resolve())
    problem = cached_problem(problem_path)  # a broken problem file fails here, once, with ProblemFileError
    variants, unlisted = variants_of(submissions, bool(problem.params), roster)
    to_grade = [s for s in submissions if s.student not in unlisted]
    if not to_grade:
        results = []
    elif executor == "dask":
        results = grade_with_dask(to_grade, problem_path, limits, scheduler, feedback, progress, variants)
    else:
        jobs = jobs or os.cpu_count() or 1
        results = LocalPool(problem_path, limits, jobs, feedback, variants=variants).run(to_grade, progress)
    by_student = {r.student: replace(r, variant=variants.get(r.student, "")) for r in results}
    for student, result in unlisted.items():
        by_student[student] = result
        if progress:
            progress(result)
    return [by_student[s.student] for s in submissions]


def variants_of(submissions: list[Submission], has_variants: bool, roster: dict[str, str] | None
                ) -> tuple[dict[str, str], dict[str, SubmissionResult]]:
    """Each student's variant id (the roster's, else the student id) for a problem with variants, and a
    `no-variant` result for each student a roster leaves out (not graded)."""
    if not has_variants:
        if roster is not None:
            raise SymcheckError("--roster is for a problem with randomised variants (PROBLEM = Variants(...)); "
                                "this one has none")
        return {}, {}
    if roster is None:
        return {s.student: s.student for s in submissions}, {}
    unlisted = {s.student: SubmissionResult(s.student, SubmissionStatus.NO_VARIANT,
                                            "not in the roster: no variant to grade against")
                for s in submissions if s.student not in roster}
    return {s.student: roster[s.student] for s in submissions if s.student in roster}, unlisted
