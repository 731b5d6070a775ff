"""Jupyter notebooks (.ipynb) as answer files: their Markdown cells, read with nbformat, never run.

The checked text is a stable concatenation: the Markdown cells in notebook order, each
followed by one blank line (code and raw cells, and every output, are left out and never
executed). A finding's `line` is a line of that concatenation; `locate_cells` adds the cell
(numbered from 1 among all the notebook's cells, as shown by Jupyter's "cell N" and by
`nbformat`'s order) and the line within that cell, in `Finding.cell`/`Finding.cell_line`
and at the start of the message (`cell 4, line 3: …`), so every report format shows it.
A notebook that is not valid JSON, or not a notebook, is an `InputFileError`: one line, no
traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from symcheck.core.errors import InputFileError

if TYPE_CHECKING:  # annotations only
    from symcheck.core.results import Finding, Report

SUFFIX = ".ipynb"


@dataclass(frozen=True)
class CellSpan:
    """A Markdown cell in the concatenation: its number in the notebook (1-based), first line, line count."""

    cell: int
    first_line: int
    lines: int

    def shifted(self, offset: int) -> CellSpan:
        return CellSpan(self.cell, self.first_line + offset, self.lines)


def is_notebook(path: str | Path) -> bool:
    return Path(path).suffix.lower() == SUFFIX


def notebook_text(text: str, label: str) -> tuple[str, tuple[CellSpan, ...]]:
    """The Markdown cells of the notebook in `text` (its JSON) as one text, and where each cell is."""
    import nbformat

    if not text.strip():
        return "", ()
    try:
        notebook = nbformat.reads(text, as_version=4)
        cells = list(notebook.cells)
    except Exception as exc:  # noqa: BLE001 - nbformat raises JSON, validation and conversion errors of many kinds
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputFileError(f"{label} is not a readable Jupyter notebook: {reason}") from None
    parts: list[str] = []
    spans: list[CellSpan] = []
    line = 1
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            raise InputFileError(f"{label} is not a readable Jupyter notebook: cell {number} has no text source")
        source = source.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        count = source.count("\n") + 1
        spans.append(CellSpan(number, line, count))
        parts.append(source + "\n")  # the cell, then a blank line
        line += count + 1
    return "\n".join(parts), tuple(spans)


def locate(line: int, spans: tuple[CellSpan, ...]) -> tuple[int, int] | None:
    """(cell, line within the cell) for a line of the concatenation; None for a separator line."""
    for span in spans:
        if span.first_line <= line < span.first_line + span.lines:
            return span.cell, line - span.first_line + 1
    return None


def locate_cells(report: Report, spans: tuple[CellSpan, ...]) -> Report:
    """`report` with each finding's cell and line within the cell (nothing changes without spans)."""
    if not spans:
        return report
    findings: list[Finding] = []
    for finding in report.findings:
        where = locate(finding.line, spans)
        if where is None:
            findings.append(finding)
            continue
        cell, cell_line = where
        findings.append(replace(finding, cell=cell, cell_line=cell_line,
                                message=f"cell {cell}, line {cell_line}: {finding.message}"))
    return replace(report, findings=tuple(findings))
