"""A check (or grading) that also keeps each relation found to hold, for hover: the step and how it was decided.

`Recording` only observes: it wraps `Checker.judge`/`check_relation` to keep the comparison of each
relation judged equal, and changes no verdict or finding. A checked document's findings are the
same as `check_text`'s (or `grade_text`'s) for the same text.
"""
from __future__ import annotations

from dataclasses import dataclass

from symcheck.check.checker import Checker
from symcheck.core.results import GradeReport
from symcheck.grade.grader import Grader
from symcheck.core.results import Comparison, Verdict


@dataclass(frozen=True)
class CheckedRelation:
    line: int
    end_line: int
    step: str
    comparison: Comparison  # its expected/found are rendered only when a hover asks


@dataclass(frozen=True)
class Outcome:
    findings: tuple
    relations: tuple[CheckedRelation, ...] = ()
    items: tuple = ()  # grade.ItemResult of every quantity of the answer key, when graded


class Recording:
    """Mixin for Checker and Grader: the relations that hold, with their comparison."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.relations: list[CheckedRelation] = []
        self._judged: list | None = None

    def judge(self, *args, **kwargs):
        judgement = super().judge(*args, **kwargs)
        if self._judged is not None:
            self._judged.append(judgement)
        return judgement

    def check_relation(self, chain, i, left, right, state) -> None:
        self._judged = []
        try:
            super().check_relation(chain, i, left, right, state)
        finally:
            judged, self._judged = self._judged, None
        if judged and judged[0].comparison.verdict is Verdict.EQUAL:  # the first is the relation's own
            step = f"{chain.elements[i].text} {chain.relations[i][0]} {chain.elements[i + 1].text}"
            self.relations.append(CheckedRelation(chain.relations[i][1], chain.elements[i + 1].line, step,
                                                  judged[0].comparison))


class RecordingChecker(Recording, Checker):
    pass


class RecordingGrader(Recording, Grader):
    pass


def check_recorded(text: str, path: str, latex: bool, limits, problem=None) -> Outcome:
    """`check_text` (or `grade_text` with `problem`), keeping the relations that hold."""
    if problem is None:
        checker = RecordingChecker(limits=limits)
        report = checker.run(text, path, latex)
        return Outcome(report.findings, tuple(checker.relations))
    grader = RecordingGrader(problem, text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), limits=limits)
    report = grader.run(text, path, latex)
    graded = GradeReport(report, grader.part_results(), problem.title)
    return Outcome(graded.report.findings, tuple(grader.relations),
                   tuple(item for part in graded.parts for item in part.items))
