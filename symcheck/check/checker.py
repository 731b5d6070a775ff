"""Check a derivation on its own terms: is every `=` true, given what the student wrote before?

Walks the chains of a document in order, keeping the student's bindings, and
compares each adjacent pair of a chain. A pair is an error only when it is
different under every reading of the text and every index convention (README: the
certainty rule); anything unsure is left unchecked, with the reason.
"""
from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol, TypeGuard

import sympy as sp

from symcheck.check.claims import (
    ClaimHead,
    Claims,
    Elements,
    FunctionHead,
    Head,
    Readings,
    TupleHead,
    claim_key,
    is_numeric,
    show_value,
)
from symcheck.check.explain import Evidence
from symcheck.check.judgement import ChainState, Judgement, plausible
from symcheck.core.limits import Limits, StepTimeout, deadline
from symcheck.core.results import Comparison, Finding, MathRegion, Method, Report, ReportStatus, Severity, Verdict
from symcheck.judge.compare import Side, compare
from symcheck.latex.parse import Parsed, parse_readings
from symcheck.latex.syntax import (
    Apply,
    DOp,
    Leibniz,
    Matrix,
    Nabla,
    Name,
    Node,
    Prime,
    Series,
    TupleNode,
    literal_texts,
    walk,
)
from symcheck.meaning.bindings import Environment, View
from symcheck.meaning.evaluate import FunctionsOnly, Outcome, evaluate, literal_halfwidth
from symcheck.meaning.functions import FunctionValue
from symcheck.meaning.shapes import (
    Declaration,
    declarations,
    derivative_variables,
    instances_text,
    leibniz_layout,
    random_instances,
    sized,
    space_shape,
    written_names,
)
from symcheck.read.extract import Document, TextLine, read_document
from symcheck.read.inputs import is_latex, read_answer
from symcheck.read.notebook import locate_cells
from symcheck.read.sections import document_sections
from symcheck.read.statements import Chain, chains_of
from symcheck.show.messages import say, sentence
from symcheck.show.render import expected_of, found_of

__all__ = ["CheckObserver", "Checker", "check_file", "check_text"]

MAX_CONVENTION_VECTORS = 3
CHECKED_RELATIONS = {"=", "≈"}

Gated = tuple[ReportStatus, str]  # a file's status so far, and why


def check_file(path: str | Path, *, limits: Limits = Limits()) -> Report:
    """Check one answer file (Markdown, or LaTeX when it ends in .tex)."""
    started = time.monotonic()  # the file's clock includes reading it
    answer = read_answer(path, limits)
    report = Checker(limits=limits).run(answer.text, str(path), is_latex(path), answer.notes, started=started)
    return locate_cells(report, answer.cells)


def check_text(text: str, *, path: str = "<string>", latex: bool = False, limits: Limits = Limits()) -> Report:
    """Check the derivation in `text`."""
    return Checker(limits=limits).run(text, path, latex)


def _finding_order(f: Finding) -> tuple:
    return (f.line, f.end_line, f.code, f.message)


class CheckObserver(Protocol):
    """The extension points of a check, for a grader or an editor's recorder: it hears of each chain and
    each relation checked, and revises the findings once at the end."""

    def chain_checked(self, chain: Chain) -> None:
        """After the checker checked `chain` (within the chain's time limit)."""

    def relation_checked(self, chain: Chain, i: int, judgement: Judgement) -> None:
        """After relation `i` of `chain` was judged and its findings added; `judgement` is its own."""

    def revised(self, findings: list[Finding]) -> list[Finding]:
        """The findings once every chain was checked (in the order they were added), revised."""


class Checker:
    """Checks chains in document order, keeping the student's bindings (`claims`) and explaining the
    steps found different (`evidence`). Observers (`CheckObserver`) hear of each chain and relation."""

    def __init__(self, env: Environment | None = None, *, limits: Limits = Limits(),
                 observers: Sequence[CheckObserver] = ()) -> None:
        self.env = env or Environment()
        self.limits = limits
        self.observers = tuple(observers)
        self.findings: list[Finding] = []
        self.checked = 0
        self.undecided = 0  # relations read but not decided
        self.line_states: dict[int, str] = {}  # line of each relation: "checked", or why it could not be
        self.file_deadline = float("inf")  # set by `run` from when the file's clock started
        self.claims = Claims(self.env, self.add)
        self.declarations: list[Declaration] = []  # `A \\in \\mathbb{R}^{n×n}`, "A is symmetric": by line
        self.section_start = 1  # the first line after the last problem's last chain
        self.last_line = 0
        self.evidence = Evidence(self.env, self.judge)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def withdraw(self, finding: Finding) -> None:
        """Take back a finding added before (this one, not an equal one)."""
        self.findings = [f for f in self.findings if f is not finding]

    def error_between(self, first: int, last: int) -> Finding | None:
        """The first error found so far on a line from `first` to `last`."""
        return next((f for f in self.findings if f.severity == "error" and first <= f.line <= last), None)

    # -- a whole document -------------------------------------------------------------
    def run(self, text: str, path: str, latex: bool = False, notes: list[Finding] | None = None,
            started: float | None = None) -> Report:
        """Check every chain of `text` within the file's limits; the report of what was checked.

        `started` is when the file's clock started (before it was read); now if not given. The work
        is cut deterministically by size (regions, characters per region, steps) and, last, by time."""
        started = time.monotonic() if started is None else started
        self.file_deadline = started + self.limits.file_timeout
        self.findings.extend(notes or [])
        document = read_document(text, latex=latex, max_math_chars=self.limits.max_math_chars)
        return self.check_document(document, path)

    def check_document(self, document: Document, path: str) -> Report:
        """The report on a document read once: its regions gated, its chains cut to the limits and checked."""
        regions = math_regions(document, self.limits.max_regions)  # as read, before the gates: what a page shows
        for issue in document.problems:
            self.add(Finding(line=issue.line, end_line=issue.line, severity="warning", code=issue.code,
                             message=issue.message, latex=""))
        status, reason = self.gate_regions(document)
        self.declarations = declarations(enumerate(document.text.split("\n"), start=1))
        chains, (status, reason) = self.gate_steps(chains_of(document), (status, reason))
        status, reason = self.check_chains(chains, (status, reason))
        findings = self.findings
        for observer in self.observers:
            findings = observer.revised(findings)
        return Report(path, tuple(sorted(findings, key=_finding_order)), self.checked, status, reason,
                      sections=document_sections(document.text), lines=tuple(sorted(self.line_states.items())),
                      regions=regions, undecided=self.undecided)

    def gate_steps(self, chains: list[Chain], gated: Gated) -> tuple[list[Chain], Gated]:
        """At most `max_steps` chains; over the gate, a `too-large` finding and the status that says it."""
        if len(chains) <= self.limits.max_steps:
            return chains, gated
        reason = f"{len(chains)} steps (the limit is {self.limits.max_steps})"
        self.add(Finding(line=chains[self.limits.max_steps].line, end_line=chains[self.limits.max_steps].line,
                         severity="warning",
                         code="too-large", message=f"only the first {self.limits.max_steps} of {reason} were checked",
                         latex=""))
        return chains[: self.limits.max_steps], (ReportStatus.TOO_LARGE, reason)

    def check_chains(self, chains: list[Chain], gated: Gated) -> Gated:
        """Check each chain in order until the file's time runs out; the status and its reason."""
        for chain in chains:
            if time.monotonic() > self.file_deadline:
                reason = f"the file took longer than {self.limits.file_timeout:g} s"
                self.add(Finding(line=chain.line, end_line=chain.line, severity="warning", code="timeout",
                                 message=f"{reason}; checking stopped here", latex=chain.latex))
                return ReportStatus.TIMEOUT, reason
            self.step(chain)
        return gated

    def gate_regions(self, document: Document) -> Gated:
        """The size gates, once per math region and before any splitting: at most `max_regions` regions
        (in document order), each of at most `max_math_chars` characters; over a gate, a `too-large` finding."""
        status, reason = ReportStatus.OK, ""
        regions = sorted(document.regions, key=lambda r: (r.line, r.offset))
        if len(regions) > self.limits.max_regions:
            limit = self.limits.max_regions
            status, reason = ReportStatus.TOO_LARGE, f"{len(regions)} math regions (the limit is {limit})"
            self.add(Finding(line=1, end_line=1, severity="warning", code="too-large",
                             message=f"only the first {self.limits.max_regions} of {reason} were checked", latex=""))
            regions = regions[: self.limits.max_regions]
        kept = []
        for region in regions:
            if len(region.text) <= self.limits.max_math_chars:
                kept.append(region)
                continue
            self.add(Finding(line=region.line, end_line=region.end_line, severity="warning", code="too-large",
                             message=f"a math region of {len(region.text)} characters (the limit is "
                             f"{self.limits.max_math_chars}) was not checked", latex=_clip(region.text)))
            document.text_lines.append(TextLine(region.line, ""))  # what follows does not continue across it
        document.regions = kept
        return status, reason

    def step(self, chain: Chain) -> None:
        """Check one chain within its time limit (the step limit for each of its relations)."""
        seconds = self.limits.step_timeout * max(1, len(chain.relations))
        remaining = self.file_deadline - time.monotonic()
        seconds = max(0.01, min(seconds, remaining))
        wall = max(0.01, min(3 * seconds, 0.75 * remaining))  # the steps after it keep a quarter of the file's time
        try:
            with deadline(seconds, wall=wall):
                self.check_chain(chain)
                for observer in self.observers:
                    observer.chain_checked(chain)
        except StepTimeout:
            self.add(Finding(line=chain.line, end_line=chain.end_line, severity="warning", code="timeout",
                             message=f"this step took longer than {seconds:g} s and was not checked",
                             latex=chain.latex))
        except (MemoryError, RecursionError):
            self.add(Finding(line=chain.line, end_line=chain.end_line, severity="warning", code="too-large",
                             message="this step needed more memory (or depth) than allowed and was not checked",
                             latex=chain.latex))

    # -- one chain ----------------------------------------------------------------
    def check_chain(self, chain: Chain) -> None:
        if chain.section != self.env.section:
            self.env.new_section(chain.section)
            self.section_start = self.last_line + 1
        self.last_line = chain.end_line
        self.env.declared = {d.name: d for d in self.declarations if self.section_start <= d.line <= chain.end_line}
        self.env.at_point = chain.at_point
        self.env.solving = chain.solving
        self.env.log_base = chain.log_base
        if chain.region.crossed_out:
            self.add(Finding(line=chain.line, end_line=chain.end_line, severity="info", code="crossed-out",
                             message="crossed out by the student: not checked", latex=chain.latex))
            return
        needed = {0} | {k for i, (rel, _) in enumerate(chain.relations) if rel in CHECKED_RELATIONS for k in (i, i + 1)}
        parsed = [self.parse_element(chain, i) if i in needed else None for i in range(len(chain.elements))]
        self.forget_updated(chain, parsed[0])
        lhs = self.classify_head(chain, parsed[0])
        state = ChainState(variables=self.chain_variables(parsed))
        # a claim about a name is bound, not checked, unless it is a derivative the document defines; a summary's
        # head (`Answers: ‖x‖ = 2.2361`) restates a result, of whichever x it was, never checked against the current one
        start = 1 if chain.summary or (lhs is not None and not self.defined_derivative(parsed[0])) else 0
        if self.assigns_names(parsed):  # `for i = j = 3`: both names take the value, neither is compared
            start = len(chain.elements)
            for readings in parsed[1:-1]:  # the names after the first: not certain what they stand for now
                tree = readings[0].tree if readings else None
                if isinstance(tree, Name):
                    self.claims.forget(tree.name)
        order = list(range(start, len(chain.elements) - 1))
        if lhs is not None and start == 0:  # a claimed derivative: judged last, with the indexing the steps use
            order, state.conventions = order[1:] + order[:1], {}
        for i in order:
            left, right = parsed[i], parsed[i + 1]
            if chain.relations[i][0] in CHECKED_RELATIONS and left and right:
                self.check_relation(chain, i, left, right, state)
        self.note_layout(chain, parsed)
        self.check_jacobian_layout(chain, parsed)
        if lhs is not None:
            self.claims.bind(chain, lhs, parsed, state)
        self.claims.note_statement(chain, parsed)

    def check_jacobian_layout(self, chain: Chain, parsed: list[Readings | None]) -> None:
        """`J_{inv} = [[∂r/∂x, ∂θ/∂x], [∂r/∂y, ∂θ/∂y]]` after `J = [[∂x/∂r, ∂x/∂θ], …]`: once the document wrote
        a Jacobian (a name J, J_…) as a matrix of ∂output/∂input with a row per output, as a Jacobian is, one
        written with a column per output is transposed. (A first one with a column per output sets nothing.)"""
        head = parsed[0][0].tree if parsed and parsed[0] else None
        if not (isinstance(head, Name) and re.fullmatch(r"J(_\{[^{}]*\})?", head.name)):
            return
        for element, readings in zip(chain.elements[1:], parsed[1:]):
            layout = leibniz_layout(readings[0].tree) if readings else None
            if layout is None:
                continue
            if layout == "rows" and self.env.jacobian_layout is None:
                self.env.jacobian_layout = (layout, chain.line)
            elif layout == "columns" and self.env.jacobian_layout is not None:
                line = self.env.jacobian_layout[1]
                self.add(Finding(line=element.line, end_line=element.line, severity="error", code="jacobian-layout",
                                 message=f"This Jacobian has a column per output; the Jacobian on line {line} has a "
                                 "row per output, as a Jacobian does: transpose it.", latex=element.text))
            return

    def note_layout(self, chain: Chain, parsed: list[Readings | None]) -> None:
        """`∂L/∂W = … ∈ \\mathbb{R}^{1\\times 2}` for a 1×2 W, or `∂L/∂V = …` a 3×2 matrix for a 3×2 V: the text
        writes a derivative in a non-square matrix in its shape (or its transpose's), which fixes the layout of
        its other derivatives in matrices. A vector's orientation, written without `∈`, says nothing."""
        head = parsed[0][0].tree if parsed and parsed[0] else None
        if not isinstance(head, Leibniz) or len(head.variables) != 1 or self.env.layout:
            return
        bound = self.env.values.get(head.variables[0].name)
        shape = bound.value.shape if bound is not None and isinstance(bound.value, sp.MatrixBase) else None
        if shape is None or shape[0] == shape[1]:
            return
        written = [space_shape(e.text) for (relation, _), e in zip(chain.relations, chain.elements[1:])
                   if relation == "∈"]
        if 1 not in shape:
            view = self.env.view()
            written += [getattr(evaluate(r[0], view).value, "shape", None) for r in parsed[1:] if r]
        for found in written:
            if found in (shape, shape[::-1]):
                self.env.layout = "denominator" if found == shape else "numerator"
                return

    def plausible(self, reading: Parsed) -> bool:
        """\\log in base 2 or 10 is a reading only where the text names that base."""
        return plausible(reading, self.env.log_base)

    def parse_element(self, chain: Chain, i: int) -> tuple[Parsed, ...] | None:
        element = chain.elements[i]
        if len(element.text) > self.limits.max_math_chars:
            if len(chain.elements) > 1:
                self.add(Finding(line=element.line, end_line=element.line, severity="warning", code="too-large",
                                 message=f"could not read '{_clip(element.text)}': an expression of "
                                 f"{len(element.text)} characters (the limit is {self.limits.max_math_chars}); "
                                 "this step is not checked",
                                 latex=_clip(element.text)))
            return None
        readings = tuple(r for r in parse_readings(element.text) if r.tree is not None and self.plausible(r))
        if readings:
            return readings
        first = parse_readings(element.text)[0]
        if len(chain.elements) > 1:
            code = "too-large" if first.too_large else "unparsed"
            self.add(Finding(line=element.line, end_line=element.line, severity="warning", code=code,
                             message=f"could not read '{_clip(element.text)}': {first.error}; this step is not checked",
                             latex=element.text))
        return None

    def forget_updated(self, chain: Chain, readings: Readings | None) -> None:
        """`W ← W - η∇W`: W has a new value, so its old one no longer stands for it (and the new one,
        which `W` also names, is not bound either: which of the two a later W means is not certain)."""
        if not chain.relations or chain.relations[0][0] != "←" or not readings:
            return
        key = claim_key(readings[0].tree, self.env)
        if key is not None:
            self.claims.forget(key)

    # -- the left-hand side: a definition, a claim about a name, or an expression ----
    def classify_head(self, chain: Chain, readings: Readings | None) -> Head | None:
        if not readings or len(chain.elements) < 2 or chain.relations[0][0] != "=":
            return None
        tree = readings[0].tree
        if isinstance(tree, Apply) and isinstance(tree.fn, Name) and _plain_names(tree.args):
            name = tree.fn.name  # f(x, y) = …: a definition, unless it is F_1(x, y) of a defined F
            if name in self.env.functions or not self.is_part_of_function(name):
                return FunctionHead(name, [a.name for a in tree.args])
            return None
        key = claim_key(tree, self.env)
        if key is not None:
            return ClaimHead(key)
        if isinstance(tree, TupleNode) and _plain_names(tree.items):
            return TupleHead([a.name for a in tree.items])
        return None

    def assigns_names(self, parsed: Elements) -> bool:
        """`i = j = 3`, `a = b = 0`: plain names, then one value: a statement of what the names are now."""
        names = parsed[:-1]
        return len(names) >= 2 and all(r is not None and len(r) == 1 and isinstance(r[0].tree, Name)
                                       and not r[0].guesses for r in names)

    def defined_derivative(self, readings: Readings | None) -> bool:
        """`∂L/∂p = …` where the document defined L directly in p: a claim about a derivative that
        has one meaning, so it is checked, not only bound."""
        tree = readings[0].tree if readings else None
        if not isinstance(tree, Leibniz) or not isinstance(tree.numerator, Name):
            return False
        variables = [v.name for v in tree.variables]
        if self.env.definition_in(tree.numerator.name, variables) is not None:
            return True
        if len(variables) != 1 or tree.order != 1:
            return False
        owner = self.env.vector_owning(variables[0]) if variables[0] not in self.env.values else None
        target = owner[0].name if owner is not None else variables[0]  # ∂L/∂W^{(2)}_1: through W^{(2)}
        return self.env.route(tree.numerator.name, target) is not None

    def is_part_of_function(self, name: str) -> bool:
        """`F_1` or `g_x` of a defined function F or g."""
        base = name.partition("_{")[0]
        return base != name and base in self.env.functions

    # -- one relation ---------------------------------------------------------------
    def check_relation(self, chain: Chain, i: int, left: Readings, right: Readings, state: ChainState) -> None:
        approx = chain.relations[i][0] == "≈"
        judgement = self.judge(left, right, approx, state.variables, state.conventions or {})
        verdict = judgement.comparison.verdict
        if state.conventions is not None and verdict is Verdict.EQUAL and judgement.used_vectors:
            state.conventions.update(self.indexing_of(left[0], right[0], approx, state.variables, judgement))
        state.verdicts[i] = verdict
        line = chain.relations[i][1]
        if verdict is not Verdict.UNDECIDED:
            self.checked += 1
            self.line_states[line] = "checked"
        else:
            self.undecided += 1
            if self.line_states.get(line) != "checked":
                self.line_states[line] = judgement.comparison.detail or "not decided"
        end_line = chain.elements[i + 1].line
        step = f"{chain.elements[i].text} {chain.relations[i][0]} {chain.elements[i + 1].text}"
        if verdict is Verdict.DIFFERENT:
            state.failed = True
            finding = self.error_finding(judgement, line, end_line, step)
            self.add(finding if judgement.on_instances else
                     self.evidence.explained(finding, judgement, chain, i, left, right, approx))
        elif verdict is Verdict.EQUAL and judgement.note:
            severity: Severity = "info" if judgement.note.startswith("log-base-") else "warning"
            self.add(Finding(line=line, end_line=end_line, severity=severity, code=judgement.note,
                             message=_NOTE_MESSAGES.get(judgement.note, judgement.note), latex=step,
                             method=judgement.comparison.method))
        elif verdict is Verdict.EQUAL and judgement.comparison.rounding_slip:
            c = judgement.comparison
            expected, found = expected_of(c), found_of(c)
            self.add(Finding(line=line, end_line=end_line, severity="warning", code="rounding-slip",
                             message=say("{found} is within one unit of the last digit of {expected} but is neither "
                                 "its rounding nor its truncation: round {expected} instead", found=found,
                                 expected=expected), latex=step, expected=expected, found=found, method=c.method))
        elif verdict is Verdict.UNDECIDED:
            self.report_unevaluable(judgement, line, end_line, step)
        for observer in self.observers:
            observer.relation_checked(chain, i, judgement)

    def report_unevaluable(self, judgement: Judgement, line: int, end_line: int, step: str) -> None:
        """A side too large to compute, or undefined (division by zero), is said, and so is a reading
        that is not certain (`reading`, info); other undecided steps are not."""
        if judgement.comparison.method == "reading":
            self.add(Finding(line=line, end_line=end_line, severity="info", code="reading",
                             message=f"not judged: {judgement.comparison.detail}", latex=step, method="reading"))
            return
        for outcome in (judgement.left, judgement.right):
            if outcome is not None and outcome.kind == "too-large":
                self.add(Finding(line=line, end_line=end_line, severity="warning", code="too-large",
                                 message=f"not checked: {outcome.error} is too large to compute safely", latex=step))
                return
            if outcome is not None and "division by zero" in outcome.error:
                self.add(Finding(line=line, end_line=end_line, severity="warning", code="undefined",
                                 message="not checked: a division by zero", latex=step))
                return

    def judge(self, left: tuple[Parsed, ...], right: tuple[Parsed, ...], approx: bool,
              variables: frozenset = frozenset(), fixed: dict[str, int] | None = None) -> Judgement:
        """Compare every reading pair under every index convention; equal if any is, different if all are."""
        results: list[Judgement] = []
        equal: list[Judgement] = []
        for a, b in itertools.product(left, right):
            note = a.note or b.note
            fitting: list[Judgement] = []
            for conventions in self.conventions_for(a, b, fitting, approx, variables):
                judgement = (fitting[-1] if conventions is None
                             else self.judge_once(a, b, conventions, approx, variables))
                judgement.note = note
                if conventions is not None:
                    fitting.append(judgement)
                if judgement.comparison.verdict is Verdict.EQUAL:
                    if not judgement.comparison.rounding_slip and not note:
                        return judgement
                    equal.append(judgement)
            best = min(j.misses for j in fitting)
            results.extend(j for j in fitting if j.misses == best)
        if equal:
            return min(equal, key=lambda j: (bool(j.note), j.comparison.rounding_slip))
        if results and all(j.comparison.verdict is Verdict.DIFFERENT for j in results):
            primary = results[0]
            primary.note = ""
            derived = self.judge_with_definitions(left, right, approx, variables, fixed or {})
            return derived if derived is not None and derived.comparison.verdict is not Verdict.DIFFERENT else primary
        undecided = next((j for j in results if j.comparison.verdict is Verdict.UNDECIDED), results[0])
        undecided.note = ""
        derived = self.judge_with_definitions(left, right, approx, variables, fixed or {})
        if derived is not None and derived.comparison.verdict is not Verdict.UNDECIDED:
            return derived
        on_instances = self.judge_on_instances(left, right, approx, variables)
        on_instances = on_instances or self.judge_at_written_point(left, right, approx, variables)
        return on_instances if on_instances is not None else undecided

    def judge_at_written_point(self, left: Readings, right: Readings, approx: bool,
                               variables: frozenset[sp.Symbol]) -> Judgement | None:
        """`∇f = 2A(1, -1) + b` of f(x) = x^TAx + b^Tx, with x_0 = (1, -1) named: the right side writes out a
        named point of f's vector variable, so the left side is taken there (under every reading)."""
        if len(left) != 1 or len(right) != 1:
            return None
        point = self.written_point(left[0].tree, right[0].tree)
        if point is None:
            return None
        judgement = self.judge_instance(left[0], right[0], {}, approx, variables, False, {}, point)
        return judgement if judgement.comparison.verdict is not Verdict.UNDECIDED else None

    def written_point(self, left: Node | None, right: Node | None) -> dict[str, sp.MatrixBase] | None:
        """{x: x_0's value} when the left side is a gradient of a formula in x (no value here) and the right
        side writes x_0's value out as a vector (x_0, x_{0}, x^{(0)}, x^*: a point the text named)."""
        view = self.env.view()
        params = {p for p in formula_variables(left, self.env.formulas) if view.value_of(p) is None}
        if len(params) != 1 or right is None:
            return None
        variable = params.pop()
        named = [b.value for name, b in self.env.values.items() if isinstance(b.value, sp.MatrixBase)
                 and name.startswith((variable + "_", variable + "^")) and b.token == b.value]
        written = [evaluate(Parsed("", node), view).value for node in walk(right)
                   if isinstance(node, (Matrix, TupleNode))]
        found = [v for v in named
                 if any(isinstance(w, sp.MatrixBase) and w.shape == v.shape and w == v for w in written)]
        return {variable: found[0]} if len(found) == 1 else None

    def judge_on_instances(self, left: Readings, right: Readings, approx: bool,
                           variables: frozenset[sp.Symbol]) -> Judgement | None:
        """`∇_x(x^TAx) = (A + A^T)x` with x, A of known shape and no value: both sides on random integer
        instances of consistent shapes that respect what is declared (symmetric, diagonal, positive definite).
        Equal on every instance under some reading: equal; different on some instance under every reading,
        with every name's shape known: different; otherwise None."""
        shapes = self.instance_shapes(left, right)
        if shapes is None:
            return None
        differing: list[Judgement | None] = []
        for a, b in itertools.product(left, right):
            runs = [self.judge_instance(a, b, {}, approx, variables, False, {}, matrices)
                    for matrices in random_instances(shapes, self.env.declared)]
            verdicts = [j.comparison.verdict for j in runs]
            if all(v is Verdict.EQUAL for v in verdicts):
                return runs[0]
            different = next((j for j in runs if j.comparison.verdict is Verdict.DIFFERENT), None)
            certain = different is not None and Verdict.UNDECIDED not in verdicts and not self.open_shapes(different)
            differing.append(different if certain else None)
        chosen = differing[0]
        if chosen is None or None in differing or not self.an_identity(left, right, shapes):
            return None
        # the instance's numbers mean nothing to the student: the message says how the difference was found
        detail = f"on {instances_text(shapes)}, {chosen.comparison.detail}"
        chosen.comparison = Comparison(Verdict.DIFFERENT, Method.NUMERIC_RANDOM, detail)
        chosen.used, chosen.on_instances = (), True
        return chosen

    def an_identity(self, left: Readings, right: Readings, shapes: dict[str, tuple[int, int]]) -> bool:
        """Whether the relation claims an identity, so that a difference on instances is an error: a derivative
        in an instantiated name (`\\nabla_x (x^TAx) = 2Ax`), or the same instantiated names on both sides
        (`(AB)^T = A^TB^T`). `X^TX\\theta = X^Ty` (θ on one side only) is an equation in θ, not an identity."""
        if self.env.solving:
            return False
        trees = [left[0].tree, right[0].tree]
        if (derivative_variables(trees[0]) | formula_variables(trees[0], self.env.formulas)) & shapes.keys():
            return True
        sides = [(written_names(t) | formula_variables(t, self.env.formulas)) & shapes.keys() for t in trees]
        return sides[0] == sides[1]

    def instance_shapes(self, left: Readings, right: Readings) -> dict[str, tuple[int, int]] | None:
        """The names written on both sides that have a known shape (declared, or once bound) and no value."""
        view = self.env.view()
        written = [written_names(r[0].tree) | formula_variables(r[0].tree, self.env.formulas) for r in (left, right)]
        shapes: dict[str, tuple[int | str, int | str]] = {}
        for name in written[0] | written[1]:
            if view.value_of(name) is not None or (name in self.env.params and name not in self.env.shapes):
                continue  # a function's variable is a number unless the name was a vector or matrix here
            declared = self.env.declared.get(name)
            shape = self.env.shapes.get(name) or ((declared.rows, declared.cols) if declared is not None else None)
            if shape is not None:
                shapes[name] = shape
        if not (shapes.keys() & written[0] and shapes.keys() & written[1]):
            return None
        return sized(shapes)

    @staticmethod
    def open_shapes(judgement: Judgement) -> bool:
        """Whether a side still has a name of unknown shape (read as a number: it may be a matrix)."""
        return any(o is not None and o.unknown_shape for o in (judgement.left, judgement.right))

    def judge_with_definitions(self, left: Readings, right: Readings, approx: bool,
                               variables: frozenset[sp.Symbol], fixed: dict[str, int]) -> Judgement | None:
        """The judgement when ∂L/∂p reads as the derivative of L's definition, if that reading exists.
        A step different as written but equal under it is not wrong (wrong only if wrong under every
        reading); a step undecided as written (∂L/∂p had no value) is judged under it."""
        trees = [r.tree for r in (*left, *right)]
        if not any(self.defined_derivative((Parsed("", node),))
                   for tree in trees if tree is not None for node in walk(tree)):
            return None
        # The derivative is computed from values the student rounded at steps it cannot see: it is judged
        # with the tolerance of a written ≈ (1%), so only a real difference (a sign, a missing factor) counts.
        first = self.judge_once(left[0], right[0], dict(fixed), True, variables, derivatives=True)
        if first.comparison.verdict is not Verdict.DIFFERENT:
            return first
        for conventions in other_conventions(first, fixed):  # x_2 of x = (1, 1, 2, -1): 0- or 1-based
            other = self.judge_once(left[0], right[0], conventions, True, variables, derivatives=True)
            if other.misses > first.misses:
                continue  # the convention puts an index out of range (s_3 of a 0-based s of three): it does not fit
            if other.comparison.verdict is not Verdict.DIFFERENT:
                return other
        return first

    def indexing_of(self, a: Parsed, b: Parsed, approx: bool, variables: frozenset[sp.Symbol],
                    equal: Judgement) -> dict[str, int]:
        """How a step that holds indexes its vectors, when only one assignment of 0/1-based indexing makes it
        hold (`∂L/∂ŷ h_1 = (-1.458)(1.4)` with h = (1.4, 0): h is 1-based); else nothing."""
        vectors = sorted(equal.used_vectors)[:MAX_CONVENTION_VECTORS]
        fitting = []
        for starts in itertools.product((1, 0), repeat=len(vectors)):
            conventions = dict(zip(vectors, starts))
            if self.judge_once(a, b, conventions, approx, variables).comparison.verdict is Verdict.EQUAL:
                fitting.append(conventions)
        return fitting[0] if len(fitting) == 1 else {}

    def conventions_for(self, a: Parsed, b: Parsed, fitting: list[Judgement], approx: bool,
                        variables: frozenset[sp.Symbol]) -> Iterator[dict[str, int] | None]:
        """Index conventions to try: the default first (its judgement is put in `fitting` and None
        yielded for it), then every other assignment of 0/1-based indexing to the vectors it used."""
        first = self.judge_once(a, b, {}, approx, variables)
        fitting.append(first)
        yield None
        yield from other_conventions(first)

    def judge_once(self, a: Parsed, b: Parsed, conventions: dict, approx: bool, variables: frozenset,
                   derivatives: bool = False) -> Judgement:
        bounds = sorted(name for name in symbolic_bounds(a.tree) | symbolic_bounds(b.tree)
                        if self.env.view().value_of(name) is None)  # n = 3 given: the sum has its bound
        if not bounds:
            return self.judge_instance(a, b, conventions, approx, variables, derivatives, {})
        judgements = [self.judge_instance(a, b, conventions, approx, variables, derivatives,
                                          dict.fromkeys(bounds, size)) for size in SERIES_SIZES]
        verdicts = {j.comparison.verdict for j in judgements}
        if verdicts == {Verdict.EQUAL}:
            return judgements[-1]
        different = [j for j in judgements if j.comparison.verdict is Verdict.DIFFERENT]
        if different and Verdict.UNDECIDED not in verdicts:  # wrong for some N: not an identity in N
            chosen = different[0]
            size = SERIES_SIZES[judgements.index(chosen)]
            detail = f"with {', '.join(bounds)} = {size}: {chosen.comparison.detail}"
            chosen.comparison = replace(chosen.comparison, detail=detail)
            return chosen
        return next(j for j in judgements if j.comparison.verdict is Verdict.UNDECIDED)

    def judge_instance(self, a: Parsed, b: Parsed, conventions: dict, approx: bool, variables: frozenset,
                       derivatives: bool, instances: dict, matrices: dict | None = None) -> Judgement:
        view = self.env.view(conventions)
        view.derivatives = derivatives
        view.instances = instances
        view.matrices = matrices or {}
        left = unwrap(evaluate(a, view))
        view.rounded = self.new_literals(a, b, view)
        right = unwrap(evaluate(b, view))
        point = at_a_point(left, right, a.tree, variables, self.env.at_point)
        point += self.approximated_formula(left, right, approx and not derivatives)
        point += self.equation_to_solve(left, right, bool(view.used))
        point += dual_reading(left, right)
        if point:
            left = replace(left, guesses=left.guesses + point)
        if not (left.ok and right.ok):
            return Judgement(self.failed_evaluation(a, b, left, right), used=tuple(sorted(view.used)),
                             left=left, right=right, misses=view.misses, used_vectors=frozenset(view.used_vectors))
        sides = [self.side(a, left.value, approx), self.side(b, right.value, approx)]
        measured = self.claims.measured_in(left.value, right.value)
        comparison = uncertain_if_guessed(compare(sides[0], sides[1], measured, variables=variables), left, right)
        return Judgement(comparison, used=tuple(sorted(view.used)), left=left, right=right, misses=view.misses,
                         used_vectors=frozenset(view.used_vectors))

    def unknowns(self, *outcomes: Outcome) -> set:
        """The free symbols of the values: names with no value (rounded values the student used excluded)."""
        free = set()
        for outcome in outcomes:
            free |= set(getattr(outcome.value, "free_symbols", ())) - set(self.env.measured)
        return free

    def approximated_formula(self, left: Outcome, right: Outcome, approx: bool) -> tuple[str, ...]:
        """`\\sin x \\approx x`: ≈ between formulas is an approximation (Taylor, small angle), not an identity."""
        if approx and self.unknowns(left, right):
            return ("≈ between formulas is an approximation, not an identity",)
        return ()

    def equation_to_solve(self, left: Outcome, right: Outcome, named: bool = False) -> tuple[str, ...]:
        """`3x - 2 = x + 4 ⇒ x = 3`, "Setting f'(x) = 0", "Newton for x^2 = 2" (x with a value, here the
        unknown): an equation the text solves, not an identity."""
        if self.env.solving and (named or self.unknowns(left, right)):
            return ("an equation to solve (the text sets or solves it), not an identity",)
        return ()

    def chain_variables(self, parsed: Elements) -> frozenset[sp.Symbol]:
        """Parameters of the student's functions that the chain uses: genuine variables, not unknown values."""
        names: set[sp.Symbol] = set()
        for readings in parsed:
            tree = readings[0].tree if readings else None
            for node in walk(tree) if tree is not None else ():
                if isinstance(node, DOp) or (isinstance(node, Leibniz) and not isinstance(node.numerator, Name)):
                    names.update(sp.Symbol(v.name) for v in node.variables)  # what a derivative is taken in
                if isinstance(node, Name):
                    fn = self.env.functions.get(node.name) or self.env.functions.get(node.name.partition("_{")[0])
                    if fn is not None:
                        names.update(fn.params)
        return frozenset(names)

    def new_literals(self, a: Parsed, b: Parsed, view: View) -> frozenset[str]:
        """Decimals on the right that are not copied from the left or from the values it used:
        intermediate results the student rounded, each standing for one unit of its last digit.
        A bare decimal result is not one of them: its own half-width already allows for its rounding."""
        if literal_halfwidth(b.tree)[1] is not None:
            return frozenset()
        copied = literal_texts(a.tree)
        values = set()
        for name in view.used:
            binding = self.env.values.get(name)
            if binding is not None:
                values |= set(binding.value) if isinstance(binding.value, sp.MatrixBase) else {binding.value}
        return frozenset(t for t in literal_texts(b.tree) - copied
                         if _significant_digits(t) >= 2 and "." in t and sp.Rational(t) not in values)

    def failed_evaluation(self, a: Parsed, b: Parsed, left: Outcome, right: Outcome) -> Comparison:
        functions = FunctionsOnly(self.env.functions)
        for parsed, outcome in ((a, left), (b, right)):
            if outcome.kind == "shape" and evaluate(parsed, functions).kind == "shape":
                shape_error = Comparison(Verdict.DIFFERENT, "shape", f"{outcome.error}, as written", None, None)
                return uncertain_if_guessed(shape_error, outcome)
        reason = left.error or right.error
        return Comparison(Verdict.UNDECIDED, "none", f"could not evaluate: {reason}")

    def side(self, parsed: Parsed, value: object, approx: bool) -> Side:
        halfwidth, decimals = literal_halfwidth(parsed.tree)
        if approx:  # 1% of the value's size; rounded values the student used count at their midpoints
            midpoints = {symbol: v for symbol, (v, _) in self.env.measured.items()}
            sized = value.xreplace(midpoints) if isinstance(value, (sp.Basic, sp.MatrixBase)) else value
            halfwidth = _approx_width(sized, halfwidth)
        return Side(value, halfwidth, decimals)

    # -- findings --------------------------------------------------------------------
    def error_finding(self, judgement: Judgement, line: int, end_line: int, step: str) -> Finding:
        c = judgement.comparison
        used = [u for u in judgement.used if u in self.env.values]
        because = ""
        if used:
            shown = ", ".join(say("{quantity} = {value} ({line})", quantity=u,
                                  value=show_value(self.env.values[u].value), line=self.env.values[u].line)
                              for u in used[:4])
            because = f" Using your earlier values {shown}."
        code = {"shape": "shape"}.get(c.method, "substitution" if used else _kind_code(judgement, self.env.measured))
        code = "algebra" if c.method == Method.NUMERIC_RANDOM and expected_of(c) is None else code
        expected, found = expected_of(c), found_of(c)
        if code in _VALUE_MESSAGES and expected is not None and found is not None:
            message = say(_VALUE_MESSAGES[code], expected=expected, found=found) + because
        else:
            message = _ERROR_MESSAGES[code].format(detail=c.detail) + because
        return Finding(line=line, end_line=end_line, severity="error", code=code, message=message, latex=step,
                       expected=expected, found=found, method=c.method)


# -- helpers ---------------------------------------------------------------------------------
_ERROR_MESSAGES = {
    "arithmetic": "This does not hold: {detail}, beyond the rounding of the written digits.",
    "algebra": "These expressions are not equal: {detail}.",
    "substitution": "This does not agree with your earlier values: {detail}.",
    "shape": "The shapes do not fit: {detail}.",
    "not-equal": "This step does not hold: {detail}.",
}
# The generic messages, by code (see the style guide in `messages.py`): the value first, then why.
_VALUE_MESSAGES = {
    "arithmetic": "This should be {expected}, not {found}: the difference is more than the rounding of the written "
                  "digits.",
    "algebra": "The two sides are not equal: the left side is {expected}, the right side {found}.",
    "substitution": "This should be {expected}, not {found}.",
}
_NOTE_MESSAGES = {
    "log-base-2": "read \\log as the base-2 logarithm (the text gives no base); with that reading the step holds",
    "log-base-10": "read \\log as the base-10 logarithm (the text gives no base); with that reading the step holds",
    "decimal-point-as-dot": sentence(say("we read {quantity} as the decimal 15.886 (a decimal point written as a "
                                         "dot); with that reading the step holds", quantity=r"15 \cdot 886")),
}


def other_conventions(first: Judgement, fixed: dict[str, int] | None = None) -> Iterator[dict[str, int]]:
    """Every assignment of 0/1-based indexing to the vectors `first` looked up, but the default (all 1-based);
    the vectors in `fixed` keep theirs."""
    fixed = fixed or {}
    vectors = sorted(v for v in first.used_vectors if v not in fixed)[:MAX_CONVENTION_VECTORS]
    for starts in itertools.product((1, 0), repeat=len(vectors)):
        if any(start == 0 for start in starts):
            yield {**fixed, **dict(zip(vectors, starts))}


def dual_reading(left: Outcome, right: Outcome) -> tuple[str, ...]:
    """`g(u) = u^2`, `u(x) = 3x`, then `2u \\cdot 3 = 18x`: u was read as g's variable, but the step also
    speaks of x, u's own variable, so u may stand for u(x): a guess."""
    free = {str(s) for o in (left, right) for s in getattr(o.value, "free_symbols", ())}
    for name, params in left.dual | right.dual:
        if free & set(params):
            return (f"{name} is both a variable and a function of {', '.join(params)}; it may stand for "
                    f"{name}({', '.join(params)})",)
    return ()


SERIES_SIZES = (1, 2, 3)  # a symbolic bound N of a sum is checked at these values


def symbolic_bounds(tree: Node | None) -> set[str]:
    """Names used as a bound of a sum or product (`N` in `\\sum_{i=1}^{N}`)."""
    if tree is None:
        return set()
    names: set[str] = set()
    for node in walk(tree):
        if isinstance(node, Series):
            for bound in (node.lower, node.upper):
                names |= {n.name for n in walk(bound) if isinstance(n, Name)}
    return names


def uncertain_if_guessed(comparison: Comparison, *outcomes: Outcome) -> Comparison:
    """A difference stands only on a certain reading: none of its sides guessed at the notation,
    and a difference of shapes only when every name's shape is known (the certainty rule)."""
    if comparison.verdict is not Verdict.DIFFERENT:
        return comparison
    guesses = [g for o in outcomes for g in o.guesses]
    if guesses:
        return Comparison(Verdict.UNDECIDED, "reading", f"{guesses[0]}", comparison.left, comparison.right)
    unknown = sorted(set().union(*(o.unknown_shape for o in outcomes)))
    if comparison.method == "shape" and unknown:
        names = ", ".join(unknown[:3])
        return Comparison(Verdict.UNDECIDED, "reading",
                          f"the shape of {names} (a number, a vector or a matrix) is not known, so the shapes "
                          "may fit", comparison.left, comparison.right)
    return comparison


def _kind_code(judgement: Judgement, measured: dict) -> str:
    values = [o.value for o in (judgement.left, judgement.right) if o is not None]
    numeric = all(is_numeric(v, measured) for v in values)
    return "arithmetic" if numeric else "algebra"


def _plain_names(nodes: tuple[Node, ...]) -> TypeGuard[tuple[Name, ...]]:
    return bool(nodes) and all(isinstance(n, Name) and "^" not in n.name for n in nodes)


def formula_variables(tree: Node | None, formulas: dict) -> set[str]:
    """The variables of the formulas whose gradient `tree` takes without naming them (`∇f` of f(x) = x^TAx)."""
    out: set[str] = set()
    for node in walk(tree) if tree is not None else ():
        if isinstance(node, Nabla) and node.variable is None and isinstance(node.arg, Name):
            formula = formulas.get(node.arg.name)
            if formula is not None and len(formula.params) == 1:
                out.add(formula.params[0])
    return out


def unwrap(outcome: Outcome) -> Outcome:
    """A function value on one side of `=` stands for its formula (`∂f/∂x = 2x`)."""
    if outcome.ok and isinstance(outcome.value, FunctionValue):
        return replace(outcome, value=outcome.value.body, function=outcome.value)
    return outcome


_OPERATORS = (Leibniz, DOp, Nabla, Prime)


def at_a_point(left: Outcome, right: Outcome, left_tree: Node | None, variables: frozenset[sp.Symbol],
               named: bool) -> tuple[str, ...]:
    """`H = [0, -12; -12, 0]` after "At (0, 0):", `2(s-t)st + 3t = 2(1)(2) + 3 = 8`: a function, or a formula
    the student wrote in the variables, followed by a constant may be its value at a point that the text
    names: a guess. (A derivative followed by a constant, `d²/dx² x³ = 0`, is a claim about the derivative.)"""
    names = set(left.function.params) if left.function is not None else set(variables)
    free: set[sp.Symbol] = getattr(left.value, "free_symbols", set())
    right_free = getattr(right.value, "free_symbols", None)
    if right_free is None or not names & free or names & right_free:
        return ()
    if left_tree is None or (not named and any(isinstance(node, _OPERATORS) for node in walk(left_tree))):
        # a derivative claimed to be a constant is a claim about the derivative, unless the text names a point
        return ()
    what = left.function.name if left.function is not None else "a formula in the variables"
    return (f"{what} is followed by a value: it may be its value at a point the text names",)


def _significant_digits(text: str) -> int:
    return len(text.replace(".", "").lstrip("0"))


def _approx_width(value: object, halfwidth: object) -> object:
    def width(v: object, h: object) -> object:
        try:
            return max(sp.Rational(h or 0), abs(sp.Rational(str(sp.N(v, 15)))) / 100)
        except (TypeError, ValueError):
            return h
    if isinstance(value, sp.MatrixBase):
        hs = halfwidth if isinstance(halfwidth, sp.MatrixBase) else [halfwidth] * len(value)
        return sp.ImmutableMatrix(value.shape[0], value.shape[1], [width(v, h) for v, h in zip(value, hs)])
    return width(value, halfwidth)


def math_regions(document: Document, limit: int) -> tuple[MathRegion, ...]:
    """The document's first `limit` math regions (not arithmetic in prose) in document order, as a page shows
    them: at most as many as the region gate lets through, so a hostile file costs no more to report."""
    regions = sorted((r for r in document.regions if r.kind == "math"), key=lambda r: r.offset)[:limit]
    return tuple(MathRegion(r.line, r.end_line, r.offset, len(r.written), r.text) for r in regions)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
