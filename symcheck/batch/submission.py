"""One submission graded in this process: read its files, grade them, render its feedback; never raises.

Used by every executor (`local`'s worker processes, `on_dask`'s tasks, `gradescope`).
"""
from __future__ import annotations

import time
from dataclasses import replace

from symcheck.core.errors import InputFileError
from symcheck.core.limits import Limits
from symcheck.core.results import Finding, ReportStatus, SubmissionResult, SubmissionStatus
from symcheck.grade.grader import grade_text
from symcheck.keys.problem import Problem, load_problem
from symcheck.read.folder import Submission, display_name
from symcheck.read.inputs import is_latex, read_answer
from symcheck.read.notebook import CellSpan, locate_cells
from symcheck.report.feedback import render_feedback_html, render_feedback_markdown
from symcheck.report.grade_report import grade_dict


def grade_submission(submission: Submission, problem_path: str, limits: Limits,
                     feedback: bool = False, variant: str | None = None) -> SubmissionResult:
    """Grade one submission in this process (against `variant`'s key for a problem with variants); never raises
    for a bad submission."""
    if submission.refusal:
        return SubmissionResult(submission.student, SubmissionStatus.UNREADABLE, submission.refusal)
    if not submission.files:
        skipped = f" (skipped: {'; '.join(submission.skipped[:5])})" if submission.skipped else ""
        return SubmissionResult(submission.student, SubmissionStatus.UNREADABLE,
                                f"no answer file (.md, .tex, .txt, .ipynb) in the folder{skipped}")
    started = time.monotonic()  # the file's clock includes reading it
    try:
        texts: list[str] = []
        notes: list[Finding] = []
        cells: list[CellSpan] = []
        for path in submission.files:
            answer = read_answer(path, limits, follow_symlinks=False, label=display_name(path.name))
            offset = sum(t.count("\n") + 1 for t in texts)  # the files are joined by newlines below
            cells.extend(span.shifted(offset) for span in answer.cells)
            texts.append(answer.text)
            notes.extend(answer.notes)
    except InputFileError as exc:
        return SubmissionResult(submission.student, SubmissionStatus.UNREADABLE, str(exc))
    binary = next((n for n in notes if n.code == "binary"), None)
    if binary is not None or not any(t.strip() for t in texts):
        reason = binary.message if binary else "the answer file is empty"
        return SubmissionResult(submission.student, SubmissionStatus.UNREADABLE, reason)
    problem = cached_problem(problem_path, variant)
    name = display_name(str(submission.files[0])) if len(submission.files) == 1 else f"{submission.student}/"
    graded = grade_text("\n".join(texts), problem, path=name, latex=is_latex(submission.files[0]),
                        limits=limits, notes=notes, started=started)
    if cells:
        graded = replace(graded, report=locate_cells(graded.report, tuple(cells)))
    status = SubmissionStatus.TIMEOUT if graded.report.status == ReportStatus.TIMEOUT else SubmissionStatus.GRADED
    pages = None
    if feedback:
        pages = {"md": render_feedback_markdown(graded, submission.student),
                 "html": render_feedback_html(graded, "\n".join(texts), submission.student)}
    reason = "; ".join(filter(None, [graded.report.reason, *(f"not read: {s}" for s in submission.skipped[:5])]))
    return SubmissionResult(submission.student, status, reason, grade_dict(graded), pages)


_PROBLEMS: dict[tuple[str, str | None], Problem] = {}  # per process: each key (file, variant) loaded once
MAX_CACHED = 256  # variants kept per process; a class with more builds the others again


def cached_problem(path: str, variant: str | None = None) -> Problem:
    """The problem loaded from `path` (its `variant`, for a problem with variants), once per process (the file
    is trusted and does not change mid-run)."""
    key = (path, variant)
    if key not in _PROBLEMS:
        if len(_PROBLEMS) >= MAX_CACHED:
            _PROBLEMS.pop(next(iter(_PROBLEMS)))
        _PROBLEMS[key] = load_problem(path, variant)
    return _PROBLEMS[key]
