"""Gradescope's autograder: read /autograder/submission, write /autograder/results/results.json.

One test per part (score, max_score, status, name, number, Markdown output,
visibility). On any failure the results file is still written, with score 0 and
the reason, so the student always sees something.

For a problem with randomised variants, the student is the first submitter of
/autograder/submission_metadata.json, by SID (or email when there is no SID), and
the variant id is that id, or the one a roster (`student,variant`) gives it.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from symcheck.core.limits import Limits

if TYPE_CHECKING:  # annotations only
    from symcheck.keys.problem import Problem


def gradescope_results(root: Path, problem_path: str, *, limits: Limits = Limits(),
                       visibility: str = "after_published", roster: dict[str, str] | None = None) -> dict:
    """The results.json document for the submission under `root`/submission."""
    try:
        return _results(root, problem_path, limits, visibility, roster)
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a results file
        from symcheck.report.escape import md_text

        return {"score": 0, "output": md_text(f"symcheck could not grade this submission: {type(exc).__name__}: {exc}"),
                "output_format": "md", "visibility": visibility, "tests": []}


def gradescope_results_limited(root: Path, problem_path: str, *, limits: Limits = Limits(),
                               visibility: str = "after_published", roster: dict[str, str] | None = None) -> dict:
    """`gradescope_results` in a child process killed at the file limit plus a margin (symcheck.core.hardlimit):
    a submission that hangs still gets a results document, with score 0 and the reason."""
    from symcheck.core.hardlimit import Killed, hard_seconds, run_killable

    result = run_killable(gradescope_results, root, problem_path, limits=limits, visibility=visibility,
                          roster=roster, seconds=hard_seconds(limits.file_timeout))
    if not isinstance(result, Killed):
        return result
    message = f"symcheck could not grade this submission ({result.status}): {result.reason}."
    try:
        from symcheck.keys.problem import load_problem

        return _failed(load_problem(problem_path), message, visibility)
    except Exception:  # noqa: BLE001 - Gradescope must always get a results file
        return {"score": 0, "output": message, "output_format": "md", "visibility": visibility, "tests": []}


def submitter(root: Path) -> str:
    """The first submitter's SID (or email) from `root`/submission_metadata.json; '' when there is none."""
    try:
        metadata = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        user = (metadata.get("users") or [{}])[0]
        return str(user.get("sid") or user.get("email") or "").strip()
    except (OSError, ValueError, AttributeError, IndexError):
        return ""


def _variant(root: Path, problem_path: str, roster: dict[str, str] | None) -> str | None:
    """The variant id to grade against (None for a problem without variants); a SymcheckError when unknown."""
    from symcheck.core.errors import SymcheckError
    from symcheck.keys.problem import load_problem

    if not load_problem(problem_path).params:
        if roster is not None:
            raise SymcheckError("--roster is for a problem with randomised variants; this one has none")
        return None
    student = submitter(root)
    if not student:
        raise SymcheckError("no student SID or email in submission_metadata.json to choose the variant with")
    if roster is None:
        return student
    if student not in roster:
        raise SymcheckError(f"student {student} is not in the roster: no variant to grade against")
    return roster[student]


def _results(root: Path, problem_path: str, limits: Limits, visibility: str,
             roster: dict[str, str] | None = None) -> dict:
    from symcheck.core.errors import InputFileError
    from symcheck.grade.grader import grade_text
    from symcheck.keys.problem import load_problem
    from symcheck.read.folder import answer_files, display_name
    from symcheck.read.inputs import is_latex, read_answer_file
    from symcheck.report.escape import md_text
    from symcheck.report.feedback import part_markdown, render_feedback_markdown

    folder = root / "submission"
    files, skipped = answer_files(folder)  # the class folder's rules: no links followed, only regular files
    problem = load_problem(problem_path, _variant(root, problem_path, roster))
    started = time.monotonic()  # the file's clock includes reading it
    texts, notes, unread = [], [], list(skipped)
    for path in files:
        try:
            text, file_notes = read_answer_file(path, limits, follow_symlinks=False, label=display_name(path.name))
        except InputFileError as exc:
            unread.append(str(exc))
            continue
        texts.append(text)
        notes.extend(file_notes)
    if not texts:
        why = f" (skipped: {'; '.join(unread[:5])})" if unread else ""
        return _failed(problem, md_text(f"No answer file (.md, .tex or .txt) could be read in the submission{why}."),
                       visibility)
    first = files[0]
    graded = grade_text("\n".join(texts), problem, path=display_name(first.name), latex=is_latex(first),
                        limits=limits, notes=notes, started=started)
    tests = [{"name": f"Part {p.id}", "number": p.id, "score": p.score, "max_score": p.points,
              "status": "passed" if abs(p.score - p.points) < 1e-9 else "failed",
              "output": part_markdown(graded, p.id), "output_format": "md", "visibility": visibility}
             for p in graded.parts]
    return {"score": graded.score, "output": render_feedback_markdown(graded), "output_format": "md",
            "visibility": visibility, "tests": tests}


def _failed(problem: Problem, message: str, visibility: str) -> dict:
    tests = [{"name": f"Part {p.id}", "number": p.id, "score": 0, "max_score": p.points, "status": "failed",
              "output": message, "output_format": "md", "visibility": visibility} for p in problem.parts]
    return {"score": 0, "output": message, "output_format": "md", "visibility": visibility, "tests": tests}


def write_results(root: Path, results: dict) -> Path:
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
