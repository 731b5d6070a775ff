"""Renderers for grading: the JSON report (check schema plus score and parts) and text for people."""
from __future__ import annotations

from ..grade import GradeReport
from .json_report import render_json, report_dict
from .text_report import render_text

_STATUS = {"correct": "✓", "rounding": "✓", "carried-forward": "≈", "incorrect": "✗", "missing": "–"}


def grade_dict(graded: GradeReport) -> dict:
    data = dict(report_dict(graded.report))
    data["problem"] = graded.problem
    data["score"] = graded.score
    data["max_score"] = graded.max_score
    data["mistakes"] = graded.mistakes
    data["parts"] = [
        {"id": p.id, "points": p.points, "score": p.score,
         "items": [{"name": i.name, "expected": i.expected, "found": i.found, "line": i.line,
                    "status": i.status, "points": i.points, "score": i.score, "note": i.note} for i in p.items]}
        for p in graded.parts
    ]
    return data


def render_grade_json(graded: GradeReport) -> str:
    return render_json(grade_dict(graded))


def render_grade_text(graded: GradeReport, *, verbose: bool = False) -> str:
    lines = [render_text(graded.report, verbose=verbose).rstrip("\n"), "", f"Answer key: {graded.problem}"]
    for part in graded.parts:
        lines.append(f"  part {part.id}: {part.score:g} / {part.points:g}")
        for item in part.items:
            if item.status == "missing" and not item.points:
                continue
            where = f"line {item.line}" if item.line else "not found"
            found = f"found {item.found}" if item.found is not None else ""
            note = f" ({item.note})" if item.note and verbose else ""
            lines.append(f"    {_STATUS[item.status]} {item.status:15} {item.name}: expected {item.expected}; "
                         f"{found} {where}{note}".rstrip())
    if graded.mistakes:
        lines.append("Mistakes by kind: " + ", ".join(f"{code} ×{n}" for code, n in graded.mistakes.items()))
    lines.append(f"Score: {graded.score:g} / {graded.max_score:g}")
    return "\n".join(lines) + "\n"
