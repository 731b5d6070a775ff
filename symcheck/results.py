"""Result types shared by every stage: values, never booleans."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal, TypedDict

SCHEMA = "symcheck.report/1"

Severity = Literal["error", "warning", "info"]


class Verdict(enum.Enum):
    """Outcome of comparing two expressions."""

    EQUAL = "equal"
    DIFFERENT = "different"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Comparison:
    """Whether two expressions are equal, and how that was decided."""

    verdict: Verdict
    method: str  # exact | symbolic | numeric-random | rounding | interval | shape | none
    detail: str = ""
    left: object = field(default=None, compare=False, repr=False)  # the expected (left) value
    right: object = field(default=None, compare=False, repr=False)  # the found (right) value
    rounding_slip: bool = False  # equal only within one unit of the last written digit, not a clean round/truncate
    subs: dict | None = field(default=None, compare=False, repr=False)  # rounded values shown by their midpoints

    @property
    def expected(self) -> str | None:
        """A short rendering of the expected (left) value, made when asked for."""
        return _render(self.left, self.subs)

    @property
    def found(self) -> str | None:
        return _render(self.right, self.subs)

    @property
    def equivalent(self) -> bool | None:
        """True (equal), False (different) or None (undecided)."""
        return {Verdict.EQUAL: True, Verdict.DIFFERENT: False}.get(self.verdict)


def _render(value, subs) -> str | None:
    if value is None:
        return None
    from .render import show

    return show(value, subs)


@dataclass(frozen=True)
class Finding:
    """One thing the checker has to say about one step."""

    line: int
    end_line: int
    severity: Severity
    code: str
    message: str
    latex: str
    expected: str | None = None
    found: str | None = None
    method: str | None = None
    cell: int | None = None  # notebooks: the Markdown cell (1-based among all cells) holding `line`
    cell_line: int | None = None  # notebooks: the line within that cell

    def to_json(self) -> "FindingJSON":
        data: FindingJSON = {
            "line": self.line, "end_line": self.end_line, "severity": self.severity,
            "code": self.code, "message": self.message, "latex": self.latex,
            "expected": self.expected, "found": self.found, "method": self.method,
        }
        if self.cell is not None:
            data["cell"] = self.cell  # type: ignore[typeddict-unknown-key]
            data["cell_line"] = self.cell_line  # type: ignore[typeddict-unknown-key]
        return data


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    checked: int
    unparsed: int


@dataclass(frozen=True)
class Report:
    """Everything `symcheck check` says about one file."""

    file: str
    findings: tuple[Finding, ...]
    checked: int  # relations decided (equal or different)
    status: str = "ok"  # ok | unreadable | timeout
    reason: str = ""

    @property
    def summary(self) -> Summary:
        count = lambda sev: sum(f.severity == sev for f in self.findings)  # noqa: E731
        unparsed = sum(f.code == "unparsed" for f in self.findings)
        return Summary(count("error"), count("warning"), self.checked, unparsed)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


class FindingJSON(TypedDict):
    line: int
    end_line: int
    severity: str
    code: str
    message: str
    latex: str
    expected: str | None
    found: str | None
    method: str | None


class SummaryJSON(TypedDict):
    errors: int
    warnings: int
    checked: int
    unparsed: int


class ReportJSON(TypedDict):
    schema: str
    file: str
    summary: SummaryJSON
    findings: list[FindingJSON]
