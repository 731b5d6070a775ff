"""The report in the format asked for on the command line (`--format`), for `check` and `grade`."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: each format's module is imported when it is asked for
    from symcheck.core.results import GradeReport, Report

FORMATS = ("text", "json", "github", "sarif")


def render_check(report: Report, fmt: str, *, verbose: bool = False) -> str:
    if fmt == "github":
        from symcheck.report.github import render_github

        return render_github(report, verbose=verbose)
    if fmt == "sarif":
        from symcheck.report.sarif import render_sarif

        return render_sarif(report, verbose=verbose)
    if fmt == "json":
        from symcheck.report.json_report import render_json

        return render_json(report)
    from symcheck.report.text_report import render_text

    return render_text(report, verbose=verbose)


def render_graded(graded: GradeReport, fmt: str, *, verbose: bool = False) -> str:
    score = (graded.score, graded.max_score)
    if fmt == "github":
        from symcheck.report.github import render_github

        return render_github(graded.report, verbose=verbose, score=score)
    if fmt == "sarif":
        from symcheck.report.sarif import render_sarif

        return render_sarif(graded.report, verbose=verbose, score=score)
    from symcheck.report.grade_report import render_grade_json, render_grade_text

    return render_grade_json(graded) if fmt == "json" else render_grade_text(graded, verbose=verbose)
