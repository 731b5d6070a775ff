"""The report for people: each finding with its line, the step, expected vs found and the reason."""
from __future__ import annotations

from ..results import Finding, Report

_MARK = {"error": "✗ error", "warning": "! warning", "info": "· info"}


def render_text(report: Report, *, verbose: bool = False) -> str:
    lines = [f"symcheck: {report.file}"]
    if report.status != "ok":
        lines.append(f"  could not be checked ({report.status}): {report.reason}")
    shown = [f for f in report.findings if verbose or f.severity != "info"]
    for finding in shown:
        lines.extend(_finding_lines(finding))
    s = report.summary
    lines.append("")
    lines.append(f"{s.errors} error(s), {s.warnings} warning(s); {s.checked} step(s) checked, "
                 f"{s.unparsed} could not be read.")
    return "\n".join(lines) + "\n"


def _finding_lines(f: Finding) -> list[str]:
    where = f"line {f.line}" if f.line == f.end_line else f"lines {f.line}-{f.end_line}"
    out = ["", f"{where}: {_MARK[f.severity]} [{f.code}]"]
    if f.latex:
        out.append(f"    step:     {_clip(f.latex)}")
    if f.expected is not None and f.found is not None:
        out.append(f"    expected: {f.expected}    found: {f.found}")
    elif f.found is not None:
        out.append(f"    found: {f.found}")
    out.append(f"    {f.message}")
    if f.method:
        out.append(f"    (decided by: {f.method})")
    return out


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
