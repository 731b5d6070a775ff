"""Feedback a student can read: Markdown (also Gradescope's output) and a self-contained HTML page.

Both are pure functions of a GradeReport (and, for HTML, the answer's text): no
timestamps, no randomness, no network. Math is rendered as MathML when
latex2mathml is installed (its output sanitised by `escape.sanitize_mathml`: the converter
copies \text{…} content raw), else shown as escaped LaTeX. Every string that may come from a
student goes through `report/escape.py`.
"""
from __future__ import annotations

import re

from ..extract import read_document
from ..grade import GradeReport
from ..results import Finding
from .escape import html_text, md_code, md_text, sanitize_mathml

_STATUS = {"correct": "✓ correct", "rounding": "✓ correct (rounded)", "carried-forward": "≈ carried forward",
           "incorrect": "✗ incorrect", "missing": "– missing"}


def part_markdown(graded: GradeReport, part_id: str) -> str:
    """One part's items and the findings on their lines, in Markdown."""
    part = next(p for p in graded.parts if p.id == part_id)
    rows = ["| | quantity | expected | yours | line |", "|---|---|---|---|---|"]
    for item in part.items:
        if item.status == "missing" and not item.points:
            continue
        rows.append(f"| {_STATUS[item.status]} | ${item.name}$ | {md_code(item.expected, in_table=True)} | "
                    f"{md_code(item.found, in_table=True) if item.found else ''} | {item.line or ''} |")
    lines = {i.line for i in part.items if i.line}
    notes = [f for f in graded.findings if f.line in lines and f.severity != "info"]
    return "\n".join([f"**Part {part.id}: {part.score:g} / {part.points:g}**", "", *rows, "",
                      *(_finding_markdown(f) for f in notes)]).rstrip() + "\n"


def render_feedback_markdown(graded: GradeReport, student: str = "") -> str:
    title = f"# Feedback{': ' + md_text(student) if student else ''}"
    out = [title, "", f"Score: **{graded.score:g} / {graded.max_score:g}** ({md_text(graded.problem)})", ""]
    if graded.mistakes:
        out += ["Mistakes by kind: " + ", ".join(f"{md_code(code)} ×{n}" for code, n in graded.mistakes.items()), ""]
    for part in graded.parts:
        out += [part_markdown(graded, part.id), ""]
    steps = [f for f in graded.findings if f.severity != "info"]
    if steps:
        out += ["## Every step with something to say", ""] + [_finding_markdown(f) for f in steps]
    return "\n".join(out).rstrip() + "\n"


def _finding_markdown(f: Finding) -> str:
    mark = {"error": "✗", "warning": "!", "info": "·"}[f.severity]
    expected = (f" Expected {md_code(f.expected)}, found {md_code(f.found)}."
                if f.expected is not None and f.found is not None else "")
    return f"- {mark} line {f.line} [{md_text(f.code)}]: {md_text(f.message)}{expected}"


# -- HTML ------------------------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}
table.doc{border-collapse:collapse;width:100%}table.doc td{vertical-align:top;padding:.15em .5em}
td.n{color:#888;text-align:right;width:3em;font-family:monospace}td.m{width:1.5em;font-weight:bold}
tr.error{background:#fde8e8}tr.warning{background:#fff6dd}tr.ok td.m{color:#1a7f37}tr.error td.m{color:#c62828}
tr.warning td.m{color:#9a6700}.note{font-size:.9em;color:#444;margin:.2em 0 .4em 0}
.score{font-size:1.2em}table.items{border-collapse:collapse;margin-bottom:1em}
table.items td,table.items th{border:1px solid #ddd;padding:.2em .5em}code{background:#f4f4f4}
"""


# Defence in depth: even if a student's markup got through the sanitiser, the page may run no script
# and load nothing (it is self-contained: inline style only).
CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"


def render_feedback_html(graded: GradeReport, text: str, student: str = "") -> str:
    """A self-contained page: the student's document with each line marked, then the score per part."""
    by_line: dict[int, list[Finding]] = {}
    for f in graded.findings:
        by_line.setdefault(f.line, []).append(f)
    ok_lines = {i.line for p in graded.parts for i in p.items if i.line and i.status != "incorrect"}
    rows = [_html_row(number, content, by_line.get(number, []), number in ok_lines)
            for number, content in enumerate(_rendered_lines(text), start=1)]
    parts = "".join(_html_part(p) for p in graded.parts)
    title = html_text(f"Feedback{': ' + student if student else ''}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{CSP}<title>{title}</title>"
            f"<style>{_CSS}</style></head><body><h1>{title}</h1>"
            f"<p class=\"score\" id=\"score\">Score: <b>{graded.score:g} / {graded.max_score:g}</b> "
            f"({html_text(graded.problem)})</p>"
            f"<table class=\"doc\" id=\"document\">{''.join(rows)}</table><h2>Parts</h2>{parts}</body></html>\n")


def _html_row(number: int, content: str, findings: list[Finding], ok: bool) -> str:
    shown = [f for f in findings if f.severity != "info"]
    severity = "error" if any(f.severity == "error" for f in shown) else "warning" if shown else ("ok" if ok else "")
    mark = {"error": "✗", "warning": "!", "ok": "✓", "": ""}[severity]
    notes = "".join(f"<div class=\"note\"><b>{html_text(f.code)}</b>: {html_text(f.message)}"
                    + (f" Expected <code>{html_text(f.expected)}</code>, found <code>{html_text(f.found)}</code>."
                       if f.expected is not None and f.found is not None else "") + "</div>" for f in shown)
    return (f"<tr class=\"{severity}\" id=\"line-{number}\"><td class=\"n\">{number}</td>"
            f"<td class=\"m\" aria-label=\"{severity or 'unmarked'}\">{mark}</td><td>{content}{notes}</td></tr>")


def _html_part(part) -> str:
    rows = "".join(f"<tr><td>{html_text(_STATUS[i.status])}</td><td>{_math(i.name)}</td>"
                   f"<td><code>{html_text(i.expected)}</code></td><td><code>{html_text(i.found or '')}</code></td>"
                   f"<td>{i.line or ''}</td></tr>" for i in part.items if i.points or i.status != "missing")
    return (f"<h3>Part {html_text(part.id)}: {part.score:g} / {part.points:g}</h3><table class=\"items\">"
            f"<tr><th></th><th>quantity</th><th>expected</th><th>yours</th><th>line</th></tr>{rows}</table>")


def _rendered_lines(text: str) -> list[str]:
    """Each source line as HTML: prose escaped, math as MathML (a multi-line region on its first line)."""
    document = read_document(text)
    lines = document.text.split("\n")
    out = [html_text(line) for line in lines]
    for region in sorted((r for r in document.regions if r.kind == "math"), key=lambda r: -r.offset):
        first = region.line - 1
        start = region.offset - document.line_starts[first]
        if region.line == region.end_line:
            source = lines[first]
            end = start + len(region.written)  # the span as written; the math shown has the macros expanded
            left, right = _delimiters(source, start, end)
            out[first] = _replace_span(out[first], source, left, right, _math(region.text))
        else:
            out[first] = _math(region.text, display=True)
            for other in range(region.line, region.end_line):
                out[other] = ""
    return out


def _delimiters(source: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and source[left - 1] in "$([\\":
        left -= 1
    right = end
    while right < len(source) and source[right] in "$)]\\":
        right += 1
    return left, right


def _replace_span(escaped: str, source: str, left: int, right: int, replacement: str) -> str:
    return html_text(source[:left]) + replacement + html_text(source[right:]) if escaped == html_text(source) \
        else escaped.replace(html_text(source[left:right]), replacement, 1)


_ALIGNED = re.compile(r"\\(?:begin|end)\{(?:aligned|align|split|gathered|gather)\*?\}")


def _math(latex: str, display: bool = False) -> str:
    if _ALIGNED.search(latex):  # aligned rows: one line each, alignment marks dropped
        rows = [r.replace("&", " ") for r in re.split(r"\\\\(?![^{]*\})", _ALIGNED.sub(" ", latex)) if r.strip()]
        return "<br>".join(_math(row) for row in rows)
    try:
        from latex2mathml.converter import convert
    except ImportError:
        return f"<code>{html_text(latex)}</code>"
    try:
        return sanitize_mathml(convert(latex, display="block" if display else "inline"))
    except Exception:  # noqa: BLE001 - the converter fails on OCR'd LaTeX; show the source instead
        return f"<code>{html_text(latex)}</code>"
