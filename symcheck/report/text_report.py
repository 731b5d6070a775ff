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
from typing import TYPE_CHECKING, TextIO

from symcheck.core.results import Finding, Report
from symcheck.core.text import message_text
from symcheck.report.escape import terminal_text
from symcheck.show.render import as_text, latex_to_text

if TYPE_CHECKING:  # annotations only: rich is imported when a report is laid out
    from rich.box import Box
    from rich.console import Console, RenderableType
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    from symcheck.core.results import GradeReport

WIDTH = 100
_MARK = {"error": "✗ error", "warning": "! warning", "info": "· info", "note": "· note"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "note": "cyan", "ok": "green"}


def safe(text: object) -> str:
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
        if not label:
            title = f"before the first part · {span}"
        else:
            title = f"part {label} · {span}" if len(label) <= 4 else f"{label} · {span}"
        out.append((title, inside))
    return out


# -- the layout ------------------------------------------------------------------------------------
def report_renderables(report: Report, *, verbose: bool = False, graded: GradeReport | None = None) -> list:
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


def _finding_table(f: Finding, Table: type[RichTable], Text: type[RichText]) -> RichTable:
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
        grid.add_row("", Text(f"decided by {safe(latex_to_text(f.method))}", style="dim"))
    return grid


def _summary_table(report: Report, shown: list, sections: tuple, graded: GradeReport | None, Table: type[RichTable],
                   Text: type[RichText]) -> RichTable:
    table = Table(title="Summary", title_justify="left", box=table_box(), pad_edge=False, show_edge=False)
    for k, name in enumerate(summary_header(report, graded)):
        table.add_column(name, justify="left" if k == 0 else "right",
                         style={"errors": "red", "warnings": "yellow"}.get(name))
    for row in summary_rows(report, shown, sections, graded):
        table.add_row(*(Text(cell, style="bold" if row[0] == "total" else "") for cell in row))
    return table


def _span(title: str) -> tuple[int, float]:
    m = re.search(r"lines (\d+)–(\d*)", title)
    if not m:
        return 1, float("inf")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else float("inf")


def table_box() -> Box:
    from rich import box

    return box.SIMPLE_HEAD


def _part_sections(graded: GradeReport) -> tuple:
    """For a graded report, parts of the key: each starts at the first line holding one of its quantities."""
    starts: list[tuple[int, str]] = []
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
def _console(file: TextIO, color: bool) -> Console:
    from rich.console import Console

    width = WIDTH if not color else min(WIDTH, _terminal_width())
    return Console(file=file, width=width, color_system="auto" if color else None,
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


def render_text(report: Report, *, verbose: bool = False, graded: GradeReport | None = None) -> str:
    """Plain text, 100 columns, no colour: the layout of the coloured report, written directly (fast for
    reports of any size; rich's layout engine is used for the terminal only)."""
    out = [f"symcheck {safe(report.file)}"]
    if report.status != "ok":
        out.append(f"  could not be checked ({safe(report.status)}): {safe(report.reason)}")
    shown = [f for f in report.findings if verbose or f.severity != "info"]
    sections = _part_sections(graded) if graded is not None else report.sections
    for title, findings in groups(shown, sections):
        if not findings and not verbose:
            continue
        if title:
            out += ["", f"{safe(title)} " + "─" * max(3, WIDTH - 1 - len(safe(title)))]
        for k, f in enumerate(findings):
            if k:
                out.append("")
            out += _finding_plain(f)
    out += ["", *_summary_plain(report, shown, sections, graded)]
    s = report.summary
    out.append(f"{s.errors} error(s), {s.warnings} warning(s); {s.checked} step(s) checked, "
               f"{s.unparsed} could not be read.")
    return "\n".join(line.rstrip() for line in out) + "\n"


_INDENT = " " * 12
_LEFT = 46


def _finding_plain(f: Finding) -> list[str]:
    import itertools
    import textwrap

    where = f"line {f.line}" if f.line == f.end_line else f"lines {f.line}–{f.end_line}"
    out = [f"{where:<11} {_MARK[f.severity]} [{safe(f.code)}]"]
    if f.latex and f.expected is not None and f.found is not None:
        left = textwrap.wrap("step " + step_text(f.latex), _LEFT) or [""]
        right = textwrap.wrap(f"expected {safe(as_text(f.expected))}  found {safe(as_text(f.found))}",
                              WIDTH - len(_INDENT) - _LEFT - 2) or [""]
        for a, b in itertools.zip_longest(left, right, fillvalue=""):
            out.append(f"{_INDENT}{a:<{_LEFT}}  {b}")
    else:
        if f.latex:
            out += textwrap.wrap("step " + step_text(f.latex), WIDTH - len(_INDENT), initial_indent=_INDENT,
                                 subsequent_indent=_INDENT)
        if f.found is not None:
            out.append(f"{_INDENT}found {safe(as_text(f.found))}")
    out += textwrap.wrap(safe(message_text(f.message)), WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT)
    if f.method:
        out += textwrap.wrap(f"decided by {safe(latex_to_text(f.method))}", WIDTH, initial_indent=_INDENT,
                             subsequent_indent=_INDENT)
    return out


def _summary_plain(report: Report, shown: list, sections: tuple, graded: GradeReport | None) -> list[str]:
    rows = [summary_header(report, graded)] + summary_rows(report, shown, sections, graded)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["Summary"]
    for k, row in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("   ".join(cells))
        if k == 0:
            lines.append("─" * len(lines[-1]))
    return lines


def summary_header(report: Report, graded: GradeReport | None) -> list[str]:
    extra = ["score"] if graded is not None else (["steps checked"] if report.lines else [])
    return ["part", "errors", "warnings", *extra]


def summary_rows(report: Report, shown: list, sections: tuple, graded: GradeReport | None) -> list[list[str]]:
    checked_lines = [line for line, state in report.lines if state == "checked"]
    scores = {p.id: p for p in graded.parts} if graded is not None else {}
    rows = []
    for title, findings in groups(shown, sections):
        label = title.split(" · ")[0]
        if label.startswith("before") and not findings:
            continue
        row = [safe(label or "(whole file)"), str(sum(f.severity == "error" for f in findings)),
               str(sum(f.severity == "warning" for f in findings))]
        if graded is not None:
            part = scores.get(label.removeprefix("part ").strip())
            row.append(f"{score_text(part.score)} / {score_text(part.points)}" if part else "")
        elif report.lines:
            first, last = _span(title)
            row.append(str(sum(1 for line in checked_lines if first <= line <= last)))
        rows.append(row)
    if graded is not None:
        rows.append(["total", "", "", f"{score_text(graded.score)} / {score_text(graded.max_score)}"])
    return rows


RICH_LIMIT = 400  # findings: over it, the terminal gets the plain layout (rich's engine is slow for huge reports)


def safe_lines(text: str) -> str:
    return terminal_text(text)


def print_report(report: Report, *, verbose: bool = False, stream: TextIO | None = None) -> None:
    """To a terminal in colour (rich), or the plain layout when the report is very large."""
    if len(report.findings) > RICH_LIMIT:
        (stream or sys.stdout).write(safe_lines(render_text(report, verbose=verbose)))
        return
    print_renderables(report_renderables(report, verbose=verbose), stream)


def color_wanted(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (FORCE_COLOR forces it)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def print_renderables(renderables: list[RenderableType], stream: TextIO | None = None) -> None:
    console = _console(stream or sys.stdout, color=True)
    for r in renderables:
        console.print(r)
