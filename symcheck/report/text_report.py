"""The report for people in a terminal: findings grouped by part, each with its line, the step and the
expected value side by side, the reason and the method; a summary table; the summary line last.

One layout (rich renderables) printed two ways: `render_text` gives plain text (no colour, 100 columns:
piped output, `-o`, `NO_COLOR`, tests), `print_text` prints with colours to a terminal. Every string that
may come from a student (the step, messages quoting it, the file name) goes through
`escape.terminal_text` and into a `rich.text.Text` (never into rich markup).
"""
from __future__ import annotations

import io
import os
import re
import sys

from ..messages import message_text
from ..render import as_text, latex_to_text
from ..results import Finding, Report
from .escape import terminal_text

WIDTH = 100
_MARK = {"error": "✗ error", "warning": "! warning", "info": "· info", "note": "· note"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "note": "cyan", "ok": "green"}


def safe(text: str) -> str:
    """Student-derived text for the terminal: control characters shown as \\uXXXX, line breaks as spaces."""
    return terminal_text(" ".join(str(text).split()), keep="")


def step_text(latex: str, limit: int = 160) -> str:
    """A step as readable math: `\\frac{1}{1+e^{-0.24}} = 0.529` → `1/(1+e^(-0.24)) = 0.529`; `*` as `·`."""
    text = re.sub(r"\\begin\{\w+\*?\}|\\end\{\w+\*?\}|&|\\\\", " ", latex)
    text = latex_to_text(text)
    text = re.sub(r"\s*\*\s*", " · ", text)
    text = " ".join(text.split())
    return safe(text if len(text) <= limit else text[:limit] + "…")


# -- grouping --------------------------------------------------------------------------------------
def groups(findings: list, sections: tuple, end: int | None = None) -> list[tuple[str, list]]:
    """[(title, findings)]: the findings under the part (section of the document) whose lines hold them."""
    if not sections:
        return [("", list(findings))]
    out: list[tuple[str, list]] = []
    starts = list(sections)
    if starts[0][0] > 1:
        starts.insert(0, (1, ""))
    for k, (line, label) in enumerate(starts):
        last = starts[k + 1][0] - 1 if k + 1 < len(starts) else None
        inside = [f for f in findings if f.line >= line and (last is None or f.line <= last)]
        span = f"lines {line}–{last}" if last else f"lines {line}–"
        title = (f"part {label} · {span}" if len(label) <= 4 else f"{label} · {span}") if label else f"before the first part · {span}"
        out.append((title, inside))
    return out


# -- the layout ------------------------------------------------------------------------------------
def report_renderables(report: Report, *, verbose: bool = False, graded=None) -> list:
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    out: list = [Text.assemble(("symcheck ", "bold"), safe(report.file))]
    if report.status != "ok":
        out.append(Text(f"  could not be checked ({safe(report.status)}): {safe(report.reason)}", style="red"))
    shown = [f for f in report.findings if verbose or f.severity != "info"]
    sections = _part_sections(graded) if graded is not None else report.sections
    for title, findings in groups(shown, sections):
        if not findings and not verbose:
            continue
        if title:
            out.append(Text(""))
            out.append(Rule(Text(safe(title), style="bold blue"), align="left", style="blue"))
        for k, f in enumerate(findings):
            if k:
                out.append(Text(""))
            out.append(_finding_table(f, Table, Text))
    out.append(Text(""))
    out.append(_summary_table(report, shown, sections, graded, Table, Text))
    s = report.summary
    out.append(Text(f"{s.errors} error(s), {s.warnings} warning(s); {s.checked} step(s) checked, "
                    f"{s.unparsed} could not be read.", style="bold"))
    return out


def _finding_table(f: Finding, Table, Text):
    where = f"line {f.line}" if f.line == f.end_line else f"lines {f.line}–{f.end_line}"
    grid = Table.grid(padding=(0, 1), expand=False)
    grid.add_column(width=11, no_wrap=True)
    grid.add_column(width=WIDTH - 13)
    head = Text.assemble((_MARK[f.severity], _STYLE[f.severity]), " ", (f"[{safe(f.code)}]", "bold"))
    grid.add_row(Text(where, style="dim"), head)
    body = Table.grid(padding=(0, 2), expand=True)
    if f.latex and f.expected is not None and f.found is not None:
        body.add_column(ratio=11)
        body.add_column(ratio=9)
        body.add_row(Text.assemble(("step ", "dim"), step_text(f.latex)),
                     Text.assemble(("expected ", "dim"), (safe(as_text(f.expected)), "green"), ("  found ", "dim"),
                                   (safe(as_text(f.found)), _STYLE.get(f.severity, ""))))
        grid.add_row("", body)
    else:
        if f.latex:
            grid.add_row("", Text.assemble(("step ", "dim"), step_text(f.latex)))
        if f.found is not None:
            grid.add_row("", Text.assemble(("found ", "dim"), safe(as_text(f.found))))
    grid.add_row("", Text(safe(message_text(f.message))))
    if f.method:
        grid.add_row("", Text(f"decided by {safe(f.method)}", style="dim"))
    return grid


def _summary_table(report: Report, shown: list, sections, graded, Table, Text):
    table = Table(title="Summary", title_justify="left", box=_box(), pad_edge=False, show_edge=False)
    table.add_column("part")
    table.add_column("errors", justify="right", style="red")
    table.add_column("warnings", justify="right", style="yellow")
    if graded is not None:
        table.add_column("score", justify="right")
    elif report.lines:
        table.add_column("steps checked", justify="right")
    checked_lines = [line for line, state in report.lines if state == "checked"]
    scores = {p.id: p for p in graded.parts} if graded is not None else {}
    for title, findings in groups(shown, sections):
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        label = title.split(" · ")[0]
        if label.startswith("before") and not findings:
            continue
        row = [safe(label or "(whole file)"), str(errors), str(warnings)]
        if graded is not None:
            part = scores.get(label.removeprefix("part ").strip())
            row.append(f"{score_text(part.score)} / {score_text(part.points)}" if part else "")
        elif report.lines:
            first, last = _span(title)
            row.append(str(sum(1 for line in checked_lines if first <= line <= last)))
        table.add_row(*(Text(cell) for cell in row))
    if graded is not None:
        table.add_row(Text("total", style="bold"), "", "",
                      Text(f"{score_text(graded.score)} / {score_text(graded.max_score)}", style="bold"))
    return table


def _span(title: str) -> tuple[int, float]:
    m = re.search(r"lines (\d+)–(\d*)", title)
    if not m:
        return 1, float("inf")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else float("inf")


def _box():
    from rich import box

    return box.SIMPLE_HEAD


def _part_sections(graded) -> tuple:
    """For a graded report, parts of the key: each starts at the first line holding one of its quantities."""
    starts = []
    for part in graded.parts:
        lines = [i.line for i in part.items if i.line]
        if lines:
            starts.append((min(lines), part.id))
    starts.sort()
    merged: list = []
    for line, pid in starts:
        if merged and merged[-1][0] == line:
            continue
        merged.append((line, pid))
    return tuple(merged)


def score_text(value: float) -> str:
    """A score with two decimals at most: 9.80556 → 9.81, 2.0 → 2."""
    return f"{round(float(value), 2):g}"


# -- output ------------------------------------------------------------------------------------------
def _console(file, color: bool):
    from rich.console import Console

    return Console(file=file, width=WIDTH if not color else min(WIDTH, _terminal_width()), color_system="auto" if color else None,
                   force_terminal=color, no_color=not color, highlight=False, emoji=False, soft_wrap=False,
                   legacy_windows=False)


def _terminal_width() -> int:
    try:
        return max(60, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return WIDTH


def render_renderables(renderables: list) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color=False)
    for r in renderables:
        console.print(r)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n")).rstrip("\n") + "\n"


def render_text(report: Report, *, verbose: bool = False) -> str:
    """Plain text, 100 columns, no colour."""
    return render_renderables(report_renderables(report, verbose=verbose))


def color_wanted(stream=None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (FORCE_COLOR forces it)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def print_renderables(renderables: list, stream=None) -> None:
    console = _console(stream or sys.stdout, color=True)
    for r in renderables:
        console.print(r)
