"""Result types shared by every stage: values, never booleans."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict

from symcheck.core.codes import CODES
from symcheck.core.text import MATH_OPEN, latex_escape_text, message_latex, message_text

SCHEMA = "symcheck.report/1"

Severity = Literal["error", "warning", "info"]


class Verdict(enum.Enum):
    """Outcome of comparing two expressions."""

    EQUAL = "equal"
    DIFFERENT = "different"
    UNDECIDED = "undecided"


class Method(enum.StrEnum):
    """How a comparison was decided. A matrix's is its entries' methods joined by "+" (`exact+rounding`)."""

    EXACT = "exact"  # exact arithmetic on rationals, or structurally identical
    SYMBOLIC = "symbolic"  # the difference simplifies to 0
    NUMERIC_RANDOM = "numeric-random"  # expressions compared at random points
    NUMERIC = "numeric"  # closed forms compared to 30 digits with interval arithmetic
    ROUNDING = "rounding"  # within the rounding of the digits written
    INTERVAL = "interval"  # computed from the student's rounded values, with their intervals
    SHAPE = "shape"  # the shapes differ
    READING = "reading"  # different only under a guessed reading: undecided
    NONE = "none"  # not decided (no value, not evaluable)


class ReportStatus(enum.StrEnum):
    """Whether a file was checked to the end."""

    OK = "ok"
    TIMEOUT = "timeout"  # cut by the file's time limit; the steps before it are reported
    TOO_LARGE = "too-large"  # over a size limit (regions, steps): not checked
    CRASHED = "crashed"  # the check failed (a bug), reported instead of lost


class ItemStatus(enum.StrEnum):
    """How one quantity of the answer key was answered."""

    CORRECT = "correct"
    ROUNDING = "rounding"  # correct within the rounding the problem allows
    CARRIED_FORWARD = "carried-forward"  # right given the student's own earlier wrong values
    INCORRECT = "incorrect"
    MISSING = "missing"


class SubmissionStatus(enum.StrEnum):
    """What happened to one entry of a class folder."""

    GRADED = "graded"
    UNREADABLE = "unreadable"  # not a regular answer file inside the folder, or no text; the reason says which
    TIMEOUT = "timeout"  # killed at the hard limit
    CRASHED = "crashed"  # the worker died or failed
    NO_VARIANT = "no-variant"  # a problem with variants, graded with a roster that does not list the student


@dataclass(frozen=True)
class Comparison:
    """Whether two expressions are equal, and how that was decided."""

    verdict: Verdict
    method: str  # a Method, or Methods joined by "+" for a matrix's entries
    detail: str = ""
    left: object = field(default=None, compare=False, repr=False)  # the expected (left) value (shown by
    # `symcheck.show.render.expected_of`)
    right: object = field(default=None, compare=False, repr=False)  # the found (right) value
    rounding_slip: bool = False  # equal only within one unit of the last written digit, not a clean round/truncate
    subs: dict | None = field(default=None, compare=False, repr=False)  # rounded values shown by their midpoints

    @property
    def equivalent(self) -> bool | None:
        """True (equal), False (different) or None (undecided)."""
        return {Verdict.EQUAL: True, Verdict.DIFFERENT: False}.get(self.verdict)


@dataclass(frozen=True, kw_only=True)
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
    marked: str = field(default="", repr=False, compare=False)  # the message with its math slots (messages.py)
    cell: int | None = None  # notebooks: the Markdown cell (1-based among all cells) holding `line`
    cell_line: int | None = None  # notebooks: the line within that cell

    def __post_init__(self) -> None:
        """`message` is plain text (every value in Unicode math); a message built with math slots keeps them in
        `marked`, for the outputs that show math as math."""
        if self.code not in CODES:
            raise ValueError(f"unknown finding code {self.code!r}: add it to symcheck/core/codes.py")
        if MATH_OPEN in self.message:
            object.__setattr__(self, "marked", self.message)
            object.__setattr__(self, "message", message_text(self.message))
        elif self.marked:
            if message_text(self.marked) != self.message:
                object.__setattr__(self, "marked", "")

    @property
    def rich(self) -> str:
        """The message with its math slots (plain text when it has none)."""
        return self.marked or self.message

    def to_json(self) -> FindingJSON:
        data: FindingJSON = {
            "line": self.line, "end_line": self.end_line, "severity": self.severity,
            "code": self.code, "message": self.message, "latex": self.latex,
            "expected": self.expected, "found": self.found, "method": self.method,
        }
        # Added to schema 1 (issue 14), present only when they say something: the values in LaTeX, and the
        # message with each value as $…$ when it has any.
        if self.expected is not None:
            data["expected_latex"] = _as_latex(self.expected)
        if self.found is not None:
            data["found_latex"] = _as_latex(self.found)
        if self.marked:
            data["message_latex"] = message_latex(self.marked)
        if self.cell is not None:
            data["cell"] = self.cell
            data["cell_line"] = self.cell_line
        return data


def _as_latex(value: object) -> str:
    latex = getattr(value, "latex", None)
    if latex is None:
        return latex_escape_text(str(value))
    return latex


def _plain(value: str | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    checked: int
    unparsed: int


@dataclass(frozen=True)
class MathRegion:
    """A math region of the document the checker read, for showing the document (not part of the JSON)."""

    line: int  # 1-based first line
    end_line: int
    offset: int  # where the region's text as written starts in the document's text (line ends normalised to \n)
    length: int  # the length of the text as written
    latex: str  # its math, with the document's own macros expanded


@dataclass(frozen=True)
class Report:
    """Everything `symcheck check` says about one file."""

    file: str
    findings: tuple[Finding, ...]
    checked: int  # relations decided (equal or different)
    status: ReportStatus = ReportStatus.OK
    reason: str = ""
    sections: tuple[tuple[int, str], ...] = ()  # (line, label) of each part or heading of the document
    lines: tuple[tuple[int, str], ...] = ()  # (line, "checked" or why its relation could not be decided)
    regions: tuple[MathRegion, ...] = field(default=(), repr=False)  # the math as read (up to the region gate)
    undecided: int = 0  # relations read on both sides but neither equal nor different (not in the JSON summary)

    @property
    def summary(self) -> Summary:
        count = lambda sev: sum(f.severity == sev for f in self.findings)  # noqa: E731
        unparsed = sum(f.code == "unparsed" for f in self.findings)
        return Summary(count("error"), count("warning"), self.checked, unparsed)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


class _FindingLatexJSON(TypedDict, total=False):
    expected_latex: str  # when expected is not None
    found_latex: str  # when found is not None
    message_latex: str  # when the message shows a value
    cell: int  # notebooks: the Markdown cell holding `line`
    cell_line: int | None  # notebooks: the line within that cell


class FindingJSON(_FindingLatexJSON):
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
    status: NotRequired[str]  # when the file was not checked to the end (ReportStatus: timeout, too-large, crashed)
    reason: NotRequired[str]


# -- grading ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemResult:
    part: str
    id: str
    name: str
    expected: str
    found: str | None
    line: int | None
    status: ItemStatus
    points: float
    score: float
    note: str = ""


@dataclass(frozen=True)
class PartResult:
    id: str
    points: float
    score: float
    items: tuple[ItemResult, ...]


@dataclass(frozen=True)
class GradeReport:
    report: Report
    parts: tuple[PartResult, ...]
    problem: str
    variant: str = ""  # for a problem with randomised variants: the variant id graded against
    params: tuple[tuple[str, str], ...] = ()  # and its parameters' values, in LaTeX

    @property
    def score(self) -> float:
        return round(sum(p.score for p in self.parts), 6)

    @property
    def max_score(self) -> float:
        return sum(p.points for p in self.parts)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings

    @property
    def mistakes(self) -> dict[str, int]:
        """How many errors of each kind: which misconceptions this answer shows."""
        counts: dict[str, int] = {}
        for f in self.report.findings:
            if f.severity == "error":
                counts[f.code] = counts.get(f.code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# -- a class ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubmissionResult:
    """What grading one submission gave: a report, or a status saying why there is none."""

    student: str
    status: SubmissionStatus
    reason: str = ""
    report: dict | None = None  # the grade JSON (symcheck.report/1 plus score and parts)
    feedback: dict | None = None  # {"md": …, "html": …} when asked for
    variant: str = ""  # for a problem with randomised variants: the variant id the student was graded against

    @property
    def score(self) -> float:
        return self.report["score"] if self.report else 0.0

    def to_json(self) -> dict:
        data = {"student": self.student, "status": self.status, "reason": self.reason, "report": self.report}
        if self.variant:
            data["variant"] = self.variant
        return data
