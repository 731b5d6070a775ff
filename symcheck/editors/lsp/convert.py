"""A symcheck report as LSP data: diagnostics, hover text and the safe quick fixes. No I/O here.

Every student-supplied string (the step's LaTeX, expected/found values that quote it, messages)
goes through `report/escape.py`: plain-text fields with control characters shown as `\\uXXXX`,
Markdown (hover) with `md_text`/`md_code`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from symcheck.core.results import Finding
from symcheck.report.escape import md_code, md_text, terminal_text
from symcheck.show.render import expected_of, found_of

if TYPE_CHECKING:  # annotations only: recording imports the checker and the grader
    from symcheck.core.results import ItemResult
    from symcheck.editors.lsp.recording import CheckedRelation

SOURCE = "symcheck"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
# Named arithmetic slips whose fix is the computed number itself.
FIXABLE = frozenset({"arithmetic", "rounding-not-needed", "power-of-ten", "rounding-slip"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_LINE_REF = re.compile(r"\blines? (\d+)\b")


def plain(text: str) -> str:
    """Student text for a plain-text LSP field: control characters but newline shown as \\uXXXX."""
    return terminal_text(text, keep="\n")


def _pos(lines: list[str], line: int, column: int) -> lsp.Position:
    """A position in LSP's units: UTF-16 code units (the protocol's default encoding)."""
    prefix = lines[line][:column] if line < len(lines) else ""
    return lsp.Position(line, len(prefix.encode("utf-16-le")) // 2)


def finding_range(finding: Finding, lines: list[str]) -> lsp.Range:
    """The faulty relation's span: the step's text on its line when it is found there, else the lines' text."""
    first = max(finding.line - 1, 0)
    last = max(finding.end_line - 1, first)
    if first >= len(lines):
        return lsp.Range(lsp.Position(first, 0), lsp.Position(first, 0))
    last = min(last, len(lines) - 1)
    if first == last and finding.latex:
        start = lines[first].find(finding.latex)
        if start >= 0:
            return lsp.Range(_pos(lines, first, start), _pos(lines, first, start + len(finding.latex)))
    text_first, text_last = lines[first], lines[last]
    start = len(text_first) - len(text_first.lstrip())
    return lsp.Range(_pos(lines, first, start), _pos(lines, last, len(text_last.rstrip())))


def referenced_lines(finding: Finding) -> list[int]:
    """The other lines (1-based) a finding's message names ("… z_{21} = 0.529 (line 45)")."""
    out = []
    for match in _LINE_REF.finditer(finding.message):
        n = int(match.group(1))
        if not finding.line <= n <= finding.end_line and n not in out:
            out.append(n)
    return out


def diagnostic(finding: Finding, lines: list[str], uri: str) -> lsp.Diagnostic:
    related: list[lsp.DiagnosticRelatedInformation] = []
    for n in referenced_lines(finding):
        if 1 <= n <= len(lines):
            text = lines[n - 1]
            span = lsp.Range(_pos(lines, n - 1, len(text) - len(text.lstrip())), _pos(lines, n - 1, len(text.rstrip())))
            note = f"line {n}, named in this finding"
            related.append(lsp.DiagnosticRelatedInformation(lsp.Location(uri, span), note))
    message = plain(finding.message)
    if finding.expected is not None and finding.found is not None:
        message += f"\nexpected: {plain(finding.expected)}    found: {plain(finding.found)}"
    return lsp.Diagnostic(range=finding_range(finding, lines), message=message, severity=SEVERITY[finding.severity],
                          code=finding.code, source=SOURCE, related_information=related or None)


def diagnostics(findings: Iterable[Finding], text: str, uri: str) -> list[lsp.Diagnostic]:
    lines = split_lines(text)
    return [diagnostic(f, lines, uri) for f in findings]


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def findings_at(findings: Iterable[Finding], line: int) -> list[Finding]:
    """The findings whose relation covers 0-based `line`."""
    return [f for f in findings if f.line - 1 <= line <= max(f.end_line, f.line) - 1]


def relations_at(relations: Iterable[CheckedRelation], line: int) -> list[CheckedRelation]:
    """The relations found to hold (`recording.CheckedRelation`) that cover 0-based `line`."""
    return [r for r in relations if r.line - 1 <= line <= max(r.end_line, r.line) - 1]


def hover_markdown(findings: Iterable[Finding], relations: Iterable[CheckedRelation] = (),
                   items: Iterable[ItemResult] = ()) -> str | None:
    """What symcheck says about the relations on a line: each finding (severity, code, expected vs found, how
    it was decided), each relation that holds (how that was decided), each answer-key quantity graded there."""
    held: list[str] = []
    for r in relations:
        c = r.comparison
        block = [f"**symcheck** ✓ holds: {md_code(r.step)}"]
        expected, found = expected_of(c), found_of(c)
        if expected is not None and found is not None:
            block.append(f"expected: {md_code(expected)}")
            block.append(f"found: {md_code(found)}")
        block.append(f"decided by: {md_text(c.method)}")
        held.append("\n\n".join(block))
    for i in items:
        block = [f"**answer key** {md_code(i.name)}: {md_text(i.status)}, {i.score:g} / {i.points:g}",
                 f"expected: {md_code(i.expected)}"]
        if i.found is not None:
            block.append(f"found: {md_code(i.found)}")
        if i.note:
            block.append(md_text(i.note))
        held.append("\n\n".join(block))
    parts = []  # the findings first: they matter most
    for f in findings:
        block = [f"**symcheck** {md_text(f.severity)} {md_code(f.code)}"]
        if f.latex:
            block.append(f"step: {md_code(f.latex)}")
        if f.expected is not None:
            block.append(f"expected: {md_code(f.expected)}")
        if f.found is not None:
            block.append(f"found: {md_code(f.found)}")
        block.append(md_text(f.message))
        if f.method:
            block.append(f"decided by: {md_text(f.method)}")
        parts.append("\n\n".join(block))
    parts.extend(held)
    return "\n\n---\n\n".join(parts) if parts else None


@dataclass(frozen=True)
class Fix:
    """Replace `found` at (line, start..end), 0-based, by `replacement`."""

    line: int
    start: int
    end: int
    replacement: str


def computed_value_fix(finding: Finding, lines: list[str]) -> Fix | None:
    """For an arithmetic slip with numeric expected and found values, written once after the line's last `=`:
    the computed value at the precision the student wrote. None when that is not certain to be safe."""
    if finding.code not in FIXABLE or finding.severity != "error" or finding.line != finding.end_line:
        return None
    if not (finding.expected and finding.found and _NUMBER.fullmatch(finding.expected)
            and _NUMBER.fullmatch(finding.found)):
        return None
    if not 1 <= finding.line <= len(lines):
        return None
    text = lines[finding.line - 1]
    tail_start = text.rfind("=") + 1
    if tail_start == 0:
        return None
    hits = list(re.finditer(r"(?<![\d.])" + re.escape(finding.found) + r"(?![\d])", text[tail_start:]))
    if len(hits) != 1:
        return None
    decimals = len(finding.found.split(".")[1]) if "." in finding.found else 0
    value = float(finding.expected)
    replacement = f"{value:.{decimals}f}"
    if replacement in ("-0", "-0." + "0" * decimals):
        replacement = replacement[1:]
    if replacement == finding.found:
        return None
    start = tail_start + hits[0].start()
    return Fix(finding.line - 1, start, start + len(finding.found), replacement)


def code_actions(findings: Iterable[Finding], text: str, uri: str, wanted: lsp.Range) -> list[lsp.CodeAction]:
    lines = split_lines(text)
    actions = []
    for f in findings:
        if not (f.line - 1 <= wanted.end.line and wanted.start.line <= f.end_line - 1):
            continue
        fix = computed_value_fix(f, lines)
        if fix is None:
            continue
        edit = lsp.TextEdit(lsp.Range(_pos(lines, fix.line, fix.start), _pos(lines, fix.line, fix.end)),
                            fix.replacement)
        actions.append(lsp.CodeAction(
            title=f"Replace {plain(f.found or '')} with the computed value {fix.replacement}",
            kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic(f, lines, uri)],
            edit=lsp.WorkspaceEdit(changes={uri: [edit]})))
    return actions
