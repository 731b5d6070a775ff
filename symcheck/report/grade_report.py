"""Renderers for grading: the JSON report (check schema plus score and parts) and text for people."""
from __future__ import annotations

from typing import TextIO

from symcheck.core.results import GradeReport
from symcheck.report.json_report import render_json, report_dict
from symcheck.report.text_report import (
    RICH_LIMIT,
    print_renderables,
    render_text,
    report_renderables,
    safe,
    safe_lines,
    score_text,
    table_box,
)
from symcheck.show.render import as_latex, as_text, latex_to_text

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
    if graded.params:
        data["variant"] = graded.variant or None
        data["params"] = dict(graded.params)
    data["parts"] = [
        {"id": p.id, "points": p.points, "score": p.score,
         "items": [{"name": i.name, "expected": _plain(i.expected), "found": _plain(i.found), "line": i.line,
                    "status": i.status, "points": i.points, "score": i.score, "note": i.note,
                    "expected_latex": as_latex(i.expected), "found_latex": as_latex(i.found)} for i in p.items]}
        for p in graded.parts
    ]
    return data


def key_title(graded: GradeReport) -> str:
    """The key's title for the terminal, with the variant and its values for a problem with variants."""
    if not graded.params:
        return safe(graded.problem)
    values = ", ".join(f"{name} = {value}" for name, value in graded.params)
    return safe(f"{graded.problem} (variant {graded.variant or 'default'}: {values})")


def render_grade_json(graded: GradeReport) -> str:
    return render_json(grade_dict(graded))


def grade_renderables(graded: GradeReport, *, verbose: bool = False) -> list:
    """The check report grouped by the key's parts, then each part's quantities, the score last."""
    from rich.table import Table
    from rich.text import Text

    out = report_renderables(graded.report, verbose=verbose, graded=graded)
    summary_line = out.pop()
    out.append(Text.assemble(("Answer key ", "bold"), key_title(graded)))
    for part in graded.parts:
        table = Table(title=f"part {safe(part.id)}: {score_text(part.score)} / {score_text(part.points)}",
                      title_justify="left", box=table_box(), pad_edge=False, show_edge=False)
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
    """Plain text (the layout of the coloured report): the check report by part, each part's items, the score."""
    lines = render_text(graded.report, verbose=verbose, graded=graded).rstrip("\n").split("\n")
    summary_line = lines.pop()
    lines.append(f"Answer key {key_title(graded)}")
    for part in graded.parts:
        rows = [["", "quantity", "expected", "found", "line"]]
        for item in part.items:
            if item.status == "missing" and not item.points:
                continue
            note = f" ({safe(item.note)})" if item.note and verbose else ""
            rows.append([_STATUS_TEXT[item.status], safe(latex_to_text(item.name)), safe(as_text(item.expected) or ""),
                         safe(as_text(item.found) or "–") + note, str(item.line or "not found")])
        lines.append(f"part {safe(part.id)}: {score_text(part.score)} / {score_text(part.points)}")
        lines += _table_plain(rows, caps=[13, 20, 27, 27, 9])
    if graded.mistakes:
        import textwrap

        lines += textwrap.wrap("Mistakes by kind: " + ", ".join(f"{code} ×{n}" for code, n in graded.mistakes.items()),
                               100, subsequent_indent="  ")
    lines += [f"Score: {score_text(graded.score)} / {score_text(graded.max_score)}", summary_line]
    return "\n".join(lines) + "\n"


def print_grade(graded: GradeReport, *, verbose: bool = False, stream: TextIO | None = None) -> None:
    """To a terminal in colour (rich), or the plain layout when the report is very large."""
    import sys

    if len(graded.findings) > RICH_LIMIT:
        (stream or sys.stdout).write(safe_lines(render_grade_text(graded, verbose=verbose)))
        return
    print_renderables(grade_renderables(graded, verbose=verbose), stream)


def _plain(value: object) -> str | None:
    return None if value is None else str(value)


def _table_plain(rows: list[list[str]], caps: list[int]) -> list[str]:
    """Rows as columns at most `caps` wide (long cells wrapped), a rule under the header: fits 100 columns."""
    import itertools
    import textwrap

    widths = [min(cap, max(len(r[i]) for r in rows)) for i, cap in enumerate(caps)]
    out = []
    for k, row in enumerate(rows):
        cells = [textwrap.wrap(c, w, break_on_hyphens=False) or [""] for c, w in zip(row, widths)]
        for parts in itertools.zip_longest(*cells, fillvalue=""):
            out.append("  ".join(c.ljust(w) for c, w in zip(parts, widths)).rstrip())
        if k == 0:
            out.append("─" * (sum(widths) + 2 * (len(widths) - 1)))
    return out
