"""Feedback a student can read: Markdown (also Gradescope's output) and a self-contained HTML page.

Both are pure functions of a GradeReport (and, for HTML, the answer's text; its math regions are the ones
the checker read, `Report.regions`, not read again): no
timestamps, no randomness, no network. Math is rendered as MathML when
latex2mathml is installed (its output sanitised by `escape.sanitize_mathml`: the converter
copies \text{…} content raw), else shown as escaped LaTeX. Every string that may come from a
student goes through `report/escape.py`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from symcheck.core.results import Finding, GradeReport, MathRegion, PartResult
from symcheck.core.text import message_segments
from symcheck.report.escape import html_text, md_code, md_math, md_text, sanitize_mathml
from symcheck.report.text_report import score_text
from symcheck.show.render import as_latex, as_text, latex_name, latex_to_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_STATUS = {"correct": "✓ correct", "rounding": "✓ correct (rounded)", "carried-forward": "≈ carried forward",
           "incorrect": "✗ incorrect", "missing": "– missing"}


# -- what a student sees ----------------------------------------------------------------------------
def student_kind(f: Finding, graded: GradeReport) -> str:
    """error, warning (it costs points: on the line of a quantity that lost some) or note (it costs nothing)."""
    if f.severity == "error":
        return "error"
    if f.severity == "info":
        return "info"
    lost = {i.line for p in graded.parts for i in p.items if i.line and i.score < i.points - 1e-9 and i.points}
    return "warning" if f.line in lost else "note"


def shown_findings(graded: GradeReport) -> list[Finding]:
    """The findings a student reads: one per mistake per line (no note on a line that has an error)."""
    findings = [f for f in graded.findings if f.severity != "info"]
    error_lines = {f.line for f in findings if f.severity == "error"}
    out, seen = [], set()
    for f in findings:
        if f.severity != "error" and f.line in error_lines:
            continue
        key = (f.line, f.code)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


_MD_MARK = {"error": "✗", "warning": "!", "note": "·", "info": "·"}


def _name_md(name: str) -> str:
    return md_math(latex_name(name))


def part_markdown(graded: GradeReport, part_id: str) -> str:
    """One part's items and the findings on their lines, in Markdown."""
    part = next(p for p in graded.parts if p.id == part_id)
    rows = ["| | quantity | expected | yours | line |", "|---|---|---|---|---|"]
    for item in part.items:
        if item.status == "missing" and not item.points:
            continue
        found = md_math(as_latex(item.found), in_table=True) if item.found else ""
        rows.append(f"| {_STATUS[item.status]} | {md_math(latex_name(item.name), in_table=True)} | "
                    f"{md_math(as_latex(item.expected), in_table=True)} | {found} | {item.line or ''} |")
    lines = {i.line for i in part.items if i.line}
    notes = [f for f in shown_findings(graded) if f.line in lines]
    return "\n".join([f"**Part {md_text(part.id)}: {score_text(part.score)} / {score_text(part.points)}**", "", *rows,
                      "", *(_finding_markdown(f, graded) for f in notes)]).rstrip() + "\n"


def render_feedback_markdown(graded: GradeReport, student: str = "") -> str:
    title = f"# Feedback{': ' + md_text(student) if student else ''}"
    out = [title, "", f"Score: **{score_text(graded.score)} / {score_text(graded.max_score)}** "
                      f"({md_text(graded.problem)})", ""]
    if graded.params:
        values = ", ".join(f"{md_math(name + ' = ' + value)}" for name, value in graded.params)
        which = md_code(graded.variant) if graded.variant else "default"
        out += [f"Variant: {which} ({values})", ""]
    if graded.mistakes:
        out += ["Mistakes by kind: " + ", ".join(f"{md_text(code)} ×{n}" for code, n in graded.mistakes.items()), ""]
    for part in graded.parts:
        out += [part_markdown(graded, part.id), ""]
    steps = shown_findings(graded)
    if steps:
        out += ["## Every step with something to say", ""] + [_finding_markdown(f, graded) for f in steps]
    return "\n".join(out).rstrip() + "\n"


def _finding_markdown(f: Finding, graded: GradeReport) -> str:
    kind = student_kind(f, graded)
    expected = (f" Expected {md_math(as_latex(f.expected))}, found {md_math(as_latex(f.found))}."
                if f.expected is not None and f.found is not None and kind != "note" else "")
    label = "note" if kind == "note" else md_text(f.code)
    return f"- {_MD_MARK[kind]} line {f.line} [{label}]: {message_markdown(f.rich)}{expected}"


# -- HTML ------------------------------------------------------------------------------------------
PAGE_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:62em;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}
table.doc{border-collapse:collapse;width:100%}table.doc td{vertical-align:top;padding:.1em .5em}
td.n{color:#888;text-align:right;width:3em;font-family:ui-monospace,monospace;font-size:.85em;padding-top:.3em}
td.m{width:1.5em;font-weight:bold;text-align:center}
tr.error{background:#fde8e8}tr.warning{background:#fff6dd}tr.ok td.m{color:#1a7f37}tr.error td.m{color:#c62828}
tr.warning td.m{color:#9a6700}tr.unchecked td.m{color:#777;cursor:help}tr.noted td.m{color:#1a7f37}
.src h1,.src h2,.src h3,.src h4{margin:.2em 0;font-size:1.05em}.src p{margin:0}
.note{font-size:.92em;color:#333;margin:.25em 0 .45em 0;padding:.2em .5em;border-left:3px solid #c62828;background:#fff}
.note.k-warning{border-color:#9a6700}.note.k-note{border-color:#1a7f37;color:#444}
.note.k-unchecked{border-color:#999;color:#555}.code{font-family:ui-monospace,monospace;font-size:.85em;color:#555}
.vs{display:inline-block;margin-left:.4em}.vs span{color:#555;font-size:.85em}
.score{font-size:1.2em}table.items{border-collapse:collapse;margin-bottom:1em}
table.items td,table.items th{border:1px solid #ddd;padding:.2em .5em;text-align:left}
.legend{color:#555;font-size:.9em}code{background:#f4f4f4}
@media print{body{max-width:none;margin:0;font-size:10pt}tr.error,tr.warning{background:none}
tr{break-inside:avoid}.note{border-left-width:2px}a{color:inherit;text-decoration:none}}
"""


# Defence in depth: even if a student's markup got through the sanitiser, the page may run no script
# and load nothing (it is self-contained: inline style only).
CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"

_LEGEND = ("<p class=\"legend\">✓ checked and right · ✗ a mistake · ! costs points · "
           "<span title=\"not checkable\">·</span> not checkable (hover for the reason)</p>")


def render_feedback_html(graded: GradeReport, text: str, student: str = "") -> str:
    """A self-contained page: the student's document rendered (Markdown, math as MathML) with each
    checked line marked ✓/✗/!/·, the explanation and expected vs found under it, then the score per part."""
    by_line: dict[int, list[Finding]] = {}
    for f in shown_findings(graded):
        by_line.setdefault(f.line, []).append(f)
    states = dict(graded.report.lines)
    for p in graded.parts:
        for i in p.items:
            if i.line and i.status != "incorrect":
                states.setdefault(i.line, "checked")
                if states[i.line] != "checked":
                    states[i.line] = "checked"
    latex_document = graded.report.file.lower().endswith((".tex", ".latex"))
    rows = [_html_row(number, content, by_line.get(number, []), states.get(number), graded)
            for number, content in enumerate(_rendered_lines(text, graded.report.regions, markdown=not latex_document),
                                             start=1)]
    parts = "".join(_html_part(p) for p in graded.parts)
    title = html_text(f"Feedback{': ' + student if student else ''}")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{CSP}<title>{title}</title>"
            f"<style>{PAGE_CSS}</style></head><body><h1>{title}</h1>"
            f"<p class=\"score\" id=\"score\">"
            f"Score: <b>{score_text(graded.score)} / {score_text(graded.max_score)}</b> "
            f"({html_text(graded.problem)})</p>{_variant_html(graded)}{_part_scores(graded)}{_LEGEND}"
            f"<table class=\"doc\" id=\"document\">{''.join(rows)}</table><h2>Parts</h2>{parts}</body></html>\n")


def _variant_html(graded: GradeReport) -> str:
    """Which variant of a problem with randomised variants the page graded against, and its values."""
    if not graded.params:
        return ""
    values = ", ".join(html_text(f"{name} = {value}") for name, value in graded.params)
    which = f"<code>{html_text(graded.variant)}</code>" if graded.variant else "default"
    return f"<p class=\"variant\" id=\"variant\">Variant: {which} ({values})</p>"


def _part_scores(graded: GradeReport) -> str:
    cells = "".join(f"<td>{html_text(p.id)}: <b>{score_text(p.score)}</b> / {score_text(p.points)}</td>"
                    for p in graded.parts)
    return f"<table class=\"items\" id=\"part-scores\"><tr>{cells}</tr></table>"


def _html_row(number: int, content: str, findings: list[Finding], state: str | None, graded: GradeReport) -> str:
    kinds = [student_kind(f, graded) for f in findings]
    if "error" in kinds:
        severity, mark, hover = "error", "✗", "a mistake"
    elif "warning" in kinds:
        severity, mark, hover = "warning", "!", "costs points"
    elif state == "checked" or "note" in kinds and state is None and findings:
        severity, mark, hover = ("ok", "✓", "checked: right") if state == "checked" else ("noted", "·", "a note")
    elif state is not None:
        severity, mark, hover = "unchecked", "·", f"not checkable: {reason_text(state)}"
    else:
        severity, mark, hover = "", "", ""
    notes = "".join(_html_note(f, kind) for f, kind in zip(findings, kinds))
    if severity == "unchecked":
        notes += (f"<div class=\"note k-unchecked\">not checked: {html_text(reason_text(state or ''))}</div>"
                  if not findings else "")
    label = html_text(hover) if hover else "unmarked"
    return (f"<tr class=\"{severity}\" id=\"line-{number}\"><td class=\"n\">{number}</td>"
            f"<td class=\"m\" title=\"{label}\" aria-label=\"{label}\">{mark}</td>"
            f"<td class=\"src\">{content}{notes}</td></tr>")


def reason_text(reason: str) -> str:
    """Why a step was not checked, its names and formulas in Unicode math (`x_{20}` → `x₂₀`)."""
    return latex_to_text(reason)


def _html_note(f: Finding, kind: str) -> str:
    vs = ""
    if f.expected is not None and f.found is not None and kind != "note":
        vs = (f"<span class=\"vs\"><span>expected</span> "
              f"{math_html(as_latex(f.expected), fallback=as_text(f.expected))}"
              f" <span>found</span> {math_html(as_latex(f.found), fallback=as_text(f.found))}</span>")
    label = "note" if kind == "note" else f.code
    return (f"<div class=\"note k-{kind}\"><span class=\"code\">{html_text(label)}</span> "
            f"{message_html(f.rich)}{vs}</div>")


def _html_part(part: PartResult) -> str:
    rows = "".join(f"<tr><td>{html_text(_STATUS[i.status])}</td>"
                   f"<td>{math_html(latex_name(i.name), fallback=latex_to_text(i.name))}</td>"
                   f"<td>{math_html(as_latex(i.expected), fallback=as_text(i.expected))}</td>"
                   f"<td>{math_html(as_latex(i.found), fallback=as_text(i.found)) if i.found is not None else ''}</td>"
                   f"<td>{_line_link(i.line)}</td></tr>"
                   for i in part.items if i.points or i.status != "missing")
    return (f"<h3 id=\"part-{html_text(part.id)}\">Part {html_text(part.id)}: {score_text(part.score)} / "
            f"{score_text(part.points)}</h3><table class=\"items\">"
            f"<tr><th></th><th>quantity</th><th>expected</th><th>yours</th><th>line</th></tr>{rows}</table>")


def _line_link(line: int | None) -> str:
    return f'<a href="#line-{line}">{line}</a>' if line else ""


# -- the student's document --------------------------------------------------------------------------
_PLACEHOLDER = "\ue010{}\ue011"


def _rendered_lines(text: str, regions: Sequence[MathRegion], markdown: bool = True) -> list[str]:
    """Each source line as HTML: prose as Markdown (raw HTML disabled) or escaped text (LaTeX documents),
    math (the `regions` the checker read in `text`) as MathML; a multi-line math region is shown row by
    row on its own lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    pieces: list[list[tuple[int, int, str]]] = [[] for _ in lines]  # (start, end, html) of math per line
    for region in regions:
        first = region.line - 1
        start = region.offset - starts[first]
        if region.line == region.end_line:
            left, right = _delimiters(lines[first], start, start + region.length)  # as written; shown expanded
            pieces[first].append((left, right, math_html(region.latex, fallback=region.latex)))
            continue
        rows = _region_rows(region, starts, lines)
        for index, (row_start, row_end, latex) in rows.items():
            pieces[index].append((row_start, row_end, math_html(latex, fallback=latex) if latex else ""))
    return [_line_html(line, spans, markdown) for line, spans in zip(lines, pieces)]


def _region_rows(region: MathRegion, starts: list[int], lines: list[str]) -> dict[int, tuple[int, int, str]]:
    """For a math region over several lines: per line, the span it covers and its math (aligned rows cleaned)."""
    out = {}
    for index in range(region.line - 1, region.end_line):
        line = lines[index]
        lo = region.offset - starts[index] if index == region.line - 1 else 0
        hi = region.offset + region.length - starts[index]
        lo, hi = max(0, lo), min(len(line), hi)
        left, right = _delimiters(line, lo, hi)
        latex = _ALIGNED.sub(" ", line[lo:hi]).replace("&", " ")
        latex = re.sub(r"\\\\\s*$", "", latex.strip()).strip()
        latex = re.sub(r"^\$\$|\$\$$", "", latex).strip()
        out[index] = (0 if index != region.line - 1 else left,
                      len(line) if index != region.end_line - 1 else right, latex)
    return out


def _line_html(line: str, spans: list[tuple[int, int, str]], markdown: bool) -> str:
    """The line with its math spans replaced by their HTML, the prose around them rendered."""
    prose: list[str] = []
    maths: list[str] = []
    at = 0
    for start, end, html_math in sorted(spans):
        if start < at:
            continue
        prose.append(line[at:start])
        prose.append(_PLACEHOLDER.format(len(maths)))
        maths.append(html_math)
        at = end
    prose.append(line[at:])
    source = "".join(prose).replace("\ue010", "\ue010").strip("\r")
    rendered = _markdown_line(source) if markdown else html_text(source)
    for k, html_math in enumerate(maths):
        rendered = rendered.replace(html_text(_PLACEHOLDER.format(k)), html_math)
        rendered = rendered.replace(_PLACEHOLDER.format(k), html_math)
    return rendered


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


def _markdown_line(source: str) -> str:
    """One line of Markdown: a heading, a list item or a paragraph's line, inline syntax rendered by
    markdown-it-py with raw HTML disabled (its output is escaped text and a few tags)."""
    heading = _HEADING.match(source)
    if heading:
        level = min(len(heading.group(1)) + 1, 6)
        return f"<h{level}>{_inline(heading.group(2))}</h{level}>"
    bullet = _BULLET.match(source)
    if bullet and not re.fullmatch(r"\d+[.)]", bullet.group(2) or ""):
        return f"• {_inline(bullet.group(3))}"
    if bullet:
        return f"{html_text(bullet.group(2))} {_inline(bullet.group(3))}"
    if re.fullmatch(r"\s*(-{3,}|\*{3,}|_{3,})\s*", source):
        return "<hr>"
    return _inline(source)


def _inline(source: str) -> str:
    try:
        md = _MD()
    except ImportError:  # markdown-it-py is a dependency; without it the line is shown as text
        return html_text(source)
    return md.renderInline(source)


_md_instance: MarkdownIt | None = None


def _MD() -> MarkdownIt:
    global _md_instance
    if _md_instance is None:
        from markdown_it import MarkdownIt  # here: loaded only when a page is rendered (and may be missing)

        # CommonMark with raw HTML off: `<script>` in an answer is text; links and images are off too, so the
        # only links on a page are symcheck's own (to a line, to a sibling page).
        _md_instance = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        _md_instance.disable(["image", "link", "autolink"])  # no link a student wrote becomes one
    return _md_instance


def _delimiters(source: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and source[left - 1] in "$([\\":
        left -= 1
    right = end
    while right < len(source) and source[right] in "$)]\\":
        right += 1
    return left, right


_ALIGNED = re.compile(r"\\(?:begin|end)\{(?:aligned|align|split|gathered|gather|eqnarray)\*?\}")


def math_html(latex: str | None, display: bool = False, fallback: str | None = None) -> str:
    """LaTeX as sanitised MathML (`escape.sanitize_mathml`); the fallback text (escaped) when it does not convert."""
    if latex is None:
        return ""
    if _ALIGNED.search(latex):  # aligned rows: one line each, alignment marks dropped
        rows = [r.replace("&", " ") for r in re.split(r"\\\\(?![^{]*\})", _ALIGNED.sub(" ", latex)) if r.strip()]
        return "<br>".join(math_html(row, fallback=row) for row in rows)
    try:
        from latex2mathml.converter import convert  # here: optional; without it math is shown as source
    except ImportError:
        return f"<code>{html_text(fallback if fallback is not None else latex)}</code>"
    try:
        return sanitize_mathml(convert(latex, display="block" if display else "inline"))
    except Exception:  # noqa: BLE001 - the converter fails on OCR'd LaTeX; show the source instead
        return f"<code>{html_text(fallback if fallback is not None else latex)}</code>"


_math = math_html


def message_markdown(message: str) -> str:
    """A message (`symcheck.show.messages`) in Markdown: prose escaped (`escape.md_text`), each slot as `$…$`."""
    return "".join(md_text(a) if kind == "text" else md_math(a) for kind, a, _ in message_segments(message))


def message_html(message: str) -> str:
    """A message in HTML: prose escaped, each slot as sanitised MathML (its Unicode form as the fallback)."""
    return "".join(html_text(a) if kind == "text" else math_html(a, fallback=b)
                   for kind, a, b in message_segments(message))
