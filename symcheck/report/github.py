"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=answers/hw4.md,line=45,endLine=45,title=symcheck arithmetic::This does not hold: …

The escaping is GitHub's own (actions/toolkit, `command.ts`): in the message `%`, CR and LF
become `%25`, `%0D`, `%0A`; in a property (`file=`, `title=`) also `:` and `,` become `%3A`,
`%2C`. So no student text can end the command or start another (`\\n::set-output …`). Other
control characters are shown as `\\uXXXX` first (`escape.terminal_text`).
"""
from __future__ import annotations

from symcheck.core.results import Finding, Report
from symcheck.report.escape import terminal_text

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return terminal_text(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, file: str) -> str:
    props = {"file": file, "line": str(finding.line), "endLine": str(max(finding.end_line, finding.line)),
             "title": f"symcheck {finding.code}"}
    if finding.cell is not None:  # a notebook: its JSON's lines are not the cell's, so the file only (the
        del props["line"], props["endLine"]  # message starts with `cell N, line M`)
    message = finding.message
    if finding.expected is not None and finding.found is not None:
        message += f"\nexpected: {finding.expected}    found: {finding.found}"
    if finding.latex:
        message += f"\nstep: {finding.latex}"
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMAND[finding.severity]} {head}::{escape_data(message)}"


def render_github(report: Report, *, verbose: bool = False, score: tuple[float, float] | None = None) -> str:
    """One workflow command per finding (info findings only with `verbose`), then a notice with the summary."""
    lines = [annotation(f, report.file) for f in report.findings if verbose or f.severity != "info"]
    if report.status != "ok":
        lines.append(f"::warning file={escape_property(report.file)},title=symcheck {report.status}::"
                     f"{escape_data('could not be checked: ' + report.reason)}")
    s = report.summary
    summary = f"{s.errors} error(s), {s.warnings} warning(s); {s.checked} step(s) checked"
    if score is not None:
        summary += f"; score {score[0]:g} / {score[1]:g}"
    lines.append(f"::notice file={escape_property(report.file)},title=symcheck summary::{escape_data(summary)}")
    return "\n".join(lines) + "\n"
