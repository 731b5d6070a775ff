"""Renderers for grading: the JSON report (check schema plus score and parts) and text for people."""
from __future__ import annotations

from ..grade import GradeReport
from .json_report import render_json, report_dict
from ..render import as_latex, as_text, latex_to_text
from .text_report import _box, render_renderables, report_renderables, safe, score_text

_STATUS_TEXT = {"correct": "✓ correct", "rounding": "✓ rounded", "carried-forward": "≈ carried forward",
                "incorrect": "✗ incorrect", "missing": "– missing"}
_STATUS_STYLE = {"correct": "green", "rounding": "green", "carried-forward": "yellow", "incorrect": "red",
                 "missing": "dim"}


def grade_dict(graded: GradeReport) -> dict:
    data = dict(report_dict(graded.report))
    data["problem"] = graded.problem
    data["score"] = graded.score
    data["max_score"] = graded.max_score
    data["mistakes"] = graded.mistakes
    data["parts"] = [
        {"id": p.id, "points": p.points, "score": p.score,
         "items": [{"name": i.name, "expected": _plain(i.expected), "found": _plain(i.found), "line": i.line,
                    "status": i.status, "points": i.points, "score": i.score, "note": i.note,
                    "expected_latex": as_latex(i.expected), "found_latex": as_latex(i.found)} for i in p.items]}
        for p in graded.parts
    ]
    return data


def render_grade_json(graded: GradeReport) -> str:
    return render_json(grade_dict(graded))


def grade_renderables(graded: GradeReport, *, verbose: bool = False) -> list:
    """The check report grouped by the key's parts, then each part's quantities, the score last."""
    from rich.table import Table
    from rich.text import Text

    out = report_renderables(graded.report, verbose=verbose, graded=graded)
    summary_line = out.pop()
    out.append(Text.assemble(("Answer key ", "bold"), safe(graded.problem)))
    for part in graded.parts:
        table = Table(title=f"part {safe(part.id)}: {score_text(part.score)} / {score_text(part.points)}",
                      title_justify="left", box=_box(), pad_edge=False, show_edge=False)
        for name in ("", "quantity", "expected", "found", "line"):
            table.add_column(name, overflow="fold")
        for item in part.items:
            if item.status == "missing" and not item.points:
                continue
            note = f" ({safe(item.note)})" if item.note and verbose else ""
            table.add_row(Text(_STATUS_TEXT[item.status], style=_STATUS_STYLE[item.status]),
                          Text(safe(latex_to_text(item.name))), Text(safe(as_text(item.expected) or "")),
                          Text(safe(as_text(item.found) or "–") + note), Text(str(item.line or "not found")))
        out.append(table)
    if graded.mistakes:
        out.append(Text("Mistakes by kind: " + ", ".join(f"{code} ×{n}" for code, n in graded.mistakes.items())))
    out.append(Text(f"Score: {score_text(graded.score)} / {score_text(graded.max_score)}", style="bold"))
    out.append(summary_line)
    return out


def render_grade_text(graded: GradeReport, *, verbose: bool = False) -> str:
    return render_renderables(grade_renderables(graded, verbose=verbose))


def _plain(value):
    return None if value is None else str(value)
