"""A check (or grading) that also keeps each relation found to hold, for hover: the step and how it was decided.

`Recording` only observes: it is a `CheckObserver` of the checker, hearing of each relation judged, and
keeps the comparison of each relation judged equal; it changes no verdict or finding. A checked
document's findings are the same as `check_text`'s (or `grade_text`'s) for the same text.
"""
from __future__ import annotations

from dataclasses import dataclass

from symcheck.check.checker import Checker
from symcheck.check.judgement import Judgement
from symcheck.core.limits import Limits
from symcheck.core.results import Comparison, Finding, GradeReport, ItemResult, Verdict
from symcheck.grade.grader import Grader
from symcheck.keys.problem import Problem
from symcheck.read.statements import Chain


@dataclass(frozen=True)
class CheckedRelation:
    line: int
    end_line: int
    step: str
    comparison: Comparison  # its expected/found are rendered only when a hover asks


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    relations: tuple[CheckedRelation, ...] = ()
    items: tuple[ItemResult, ...] = ()  # every quantity of the answer key, when graded


class Recording:
    """An observer of a Checker (`check.checker.CheckObserver`): the relations that hold, with their comparison."""

    def __init__(self) -> None:
        self.relations: list[CheckedRelation] = []

    def chain_checked(self, chain: Chain) -> None:
        """Nothing: relations are kept as they are judged."""

    def relation_checked(self, chain: Chain, i: int, judgement: Judgement) -> None:
        if judgement.comparison.verdict is Verdict.EQUAL:
            step = f"{chain.elements[i].text} {chain.relations[i][0]} {chain.elements[i + 1].text}"
            self.relations.append(CheckedRelation(chain.relations[i][1], chain.elements[i + 1].line, step,
                                                  judgement.comparison))

    def revised(self, findings: list[Finding]) -> list[Finding]:
        return findings


def check_recorded(text: str, path: str, latex: bool, limits: Limits, problem: Problem | None = None) -> Outcome:
    """`check_text` (or `grade_text` with `problem`), keeping the relations that hold."""
    recording = Recording()
    if problem is None:
        report = Checker(limits=limits, observers=(recording,)).run(text, path, latex)
        return Outcome(report.findings, tuple(recording.relations))
    grader = Grader(problem, limits=limits, observers=(recording,))
    report = grader.run(text, path, latex)
    graded = GradeReport(report, grader.part_results(), problem.title)
    return Outcome(graded.report.findings, tuple(recording.relations),
                   tuple(item for part in graded.parts for item in part.items))
