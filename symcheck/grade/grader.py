"""Grade an answer file against an answer key.

Everything `check` does, and for each chain whose left-hand side names an expected
quantity (by one of its aliases): is the student's final value right? Judged
twice: against the exact value, and against the value recomputed
from the student's own earlier values (error carried forward). Rounding of the
student's values never costs points.
"""
from __future__ import annotations

import functools
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import sympy as sp

from symcheck.check.checker import Checker, CheckObserver, uncertain_if_guessed
from symcheck.check.claims import claim_key
from symcheck.check.explain import Recheck, replace_literal
from symcheck.check.judgement import Judgement
from symcheck.core.errors import TooLarge
from symcheck.core.limits import Limits
from symcheck.core.results import (
    Comparison,
    Finding,
    GradeReport,
    ItemResult,
    ItemStatus,
    Method,
    PartResult,
    Report,
    Verdict,
)
from symcheck.core.sizegate import gated_xreplace
from symcheck.diagnose.rules import NamedValue, diagnose
from symcheck.grade.kinds import (
    class_of,
    classified_points,
    equation_verdict,
    equivalence_verdict,
    set_member,
    set_verdict,
)
from symcheck.judge.compare import Measured, Side, compare
from symcheck.keys.contexts import Context, context_match, part_at, part_matches
from symcheck.keys.match_keys import latex_key
from symcheck.keys.problem import Problem, Quantity
from symcheck.keys.variants import shown_value
from symcheck.latex.parse import parse_readings
from symcheck.latex.syntax import literal_texts
from symcheck.meaning.bindings import Environment
from symcheck.meaning.evaluate import Outcome, evaluate, literal_halfwidth
from symcheck.read.extract import read_document
from symcheck.read.inputs import is_latex, read_answer
from symcheck.read.notebook import locate_cells
from symcheck.read.statements import Chain, chains_of
from symcheck.show.messages import say, sentence
from symcheck.show.render import Shown, digits_for, shown

MAX_ECF_DEPTH = 8
Resolved = tuple[Quantity, ItemStatus, Comparison | None]  # a claim judged: quantity, status, comparison
_DECIMAL = re.compile(r"\d\.\d")
_ASSIGNED = r"\s*(?::=|\\coloneqq|\\leftarrow|\\gets)"  # `w := …`: the name is assigned a new value
_SET_BRACES = re.compile(r"^\s*(?:\\left)?\\\{(.*)(?:\\right)?\\\}\s*$", re.DOTALL)
_PART_BOUNDARY = re.compile(r"^\s*(?:#|\(?[a-h]\)|\d+[a-h]?\)|\(\d+[a-h]?\)|part\b)", re.IGNORECASE)

UNDECIDED: Literal["undecided"] = "undecided"  # a claim neither equal nor provably different: not graded
ClaimStatus = ItemStatus | Literal["undecided"]


@dataclass
class Claim:
    """A student's statement of an expected quantity's value."""

    quantity: Quantity
    line: int
    found: str
    status: ItemStatus
    note: str = ""
    value: object = None  # the student's value, for what is computed from it
    code: str = ""  # the named mistake, for an incorrect claim


def grade_file(path: str | Path, problem: Problem, *, limits: Limits = Limits()) -> GradeReport:
    """Grade one answer file against a loaded problem (see `symcheck.load_problem`)."""
    started = time.monotonic()  # the file's clock includes reading it
    answer = read_answer(path, limits)
    graded = grade_text(answer.text, problem, path=str(path), latex=is_latex(path), limits=limits,
                        notes=answer.notes, started=started)
    return replace(graded, report=locate_cells(graded.report, answer.cells)) if answer.cells else graded


def grade_text(text: str, problem: Problem, *, path: str = "<string>", latex: bool = False,
               limits: Limits = Limits(), notes: list[Finding] | None = None,
               started: float | None = None) -> GradeReport:
    """Grade the answer in `text` against a loaded problem."""
    started = time.monotonic() if started is None else started
    grader = Grader(problem, limits=limits)
    report = grader.run(text, path, latex, notes, started=started)
    return GradeReport(report, grader.part_results(), problem.title, problem.variant,
                       tuple((name, shown_value(value)) for name, value in problem.params))


class Grader:
    """Grades against `problem` what its `checker` checks: it hears of each chain the checker checked
    (a `CheckObserver`), judges the claims of expected quantities there, and asks the checker for the
    student's bindings (`checker.env`), its findings so far and its evidence for named mistakes."""

    def __init__(self, problem: Problem, *, limits: Limits = Limits(),
                 observers: Sequence[CheckObserver] = ()) -> None:
        self.problem = problem
        self.checker = Checker(Environment(), limits=limits, observers=(self, *observers))
        self.env = self.checker.env
        self.lines: list[str] = []  # the answer's lines, for the prose before a claim (set by `run`)
        self.by_key: dict[str, list[Quantity]] = {}
        self.by_id: dict[str, Quantity] = {}
        self.part_of: dict[str, str] = {}
        self.env_keys: dict[str, tuple[str, ...]] = {}
        self.claims: dict[str, list[Claim]] = {}
        self.sources: dict[str, list[int]] = {}  # quantity id -> lines of the wrong values it was computed from
        self.chain_lines: set[int] = set()
        self.inexact = False  # the claim being judged has a decimal in it
        self.members: dict[str, set[int]] = {}  # a PointSet's elements stated one by one (indices into its value)
        self.updates: dict[str, list[Quantity]] = {}  # an Update's parameter, by key: named after ← or :=
        self.expected = {q.id: as_read(q.value) for part in problem.parts for q in part.quantities}
        self.equations = [q for part in problem.parts for q in part.quantities if q.kind == "equation"]
        self.given = given_statements(problem.given)
        self.index()

    def run(self, text: str, path: str, latex: bool = False, notes: list[Finding] | None = None,
            started: float | None = None) -> Report:
        """Check and grade `text` (see `Checker.run`); the check's report, with the grading's findings."""
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return self.checker.run(text, path, latex, notes, started=started)

    def index(self) -> None:
        for part in self.problem.parts:
            for q in part.quantities:
                self.by_id[q.id] = q
                self.part_of[q.id] = part.id
                keys = {key for key in (latex_key(a) for a in q.aliases) if key is not None}
                for key in keys:
                    self.by_key.setdefault(key, []).append(q)
                    self.by_key.setdefault(key.lower(), [])
                    if q not in self.by_key[key.lower()]:
                        self.by_key[key.lower()].append(q)
                self.env_keys[q.id] = tuple(k for k in (self.alias_env_key(a) for a in q.aliases) if k)
                update_key = latex_key(q.updates) if q.updates else None
                if update_key is not None:
                    self.updates.setdefault(update_key, []).append(q)

    @staticmethod
    def alias_env_key(alias: str) -> str | None:
        tree = parse_readings(alias)[0].tree
        return claim_key(tree, Environment()) if tree is not None else None

    # -- claims ---------------------------------------------------------------------------
    def chain_checked(self, chain: Chain) -> None:
        """Grade the claims of expected quantities the checked chain makes."""
        self.chain_lines.update(range(chain.line, chain.end_line + 1))
        if chain.region.crossed_out or len(chain.elements) < 2 or self.restates_given(chain):
            return
        graded: list[list[Quantity]] = []
        for candidates in self.named_in(chain):
            if not any(q in done for q in candidates for done in graded):  # two names of one quantity: once
                self.grade_claim(chain, candidates)
                graded.append(candidates)
        if not graded and self.equations:
            self.grade_unnamed_equation(chain)

    def restates_given(self, chain: Chain) -> bool:
        """Whether the chain only restates the problem statement (`Problem(given=...)`): every element of it is
        an element of one given equation."""
        keys = {latex_key(e.text) for e in chain.elements}
        return None not in keys and any(keys <= given for given in self.given)

    def named_in(self, chain: Chain) -> list[list[Quantity]]:
        """The candidates of every name the chain gives its value: each of the leading names joined by `=`
        (`A = B = 0` claims both), else the subject a `\\Rightarrow` named. A name assigned a new value
        (`W \\leftarrow …`, `w := …`) names the `Update` of that parameter."""
        if self.assigned(chain):
            key = latex_key(chain.elements[0].text)
            updates = self.updates.get(key, []) if key is not None else []
            if updates:
                return [updates]
        names = []
        for element in chain.elements[:_last_equal(chain)]:
            candidates = self.candidates_for(element.text)
            if not candidates:
                break
            names.append(candidates)
        if not names and chain.subject is not None:
            candidates = self.candidates_for(chain.subject.text)
            names = [candidates] if candidates else []
        return names

    def assigned(self, chain: Chain) -> bool:
        """Whether the chain's first relation assigns its first element a new value (`\\leftarrow`, `:=`)."""
        if chain.relations[0][0] == "←":
            return True
        line = self.lines[chain.line - 1] if chain.line - 1 < len(self.lines) else ""
        return re.search(r"(?<![\w\\])" + re.escape(chain.elements[0].text.strip()) + _ASSIGNED, line) is not None

    def grade_unnamed_equation(self, chain: Chain) -> None:
        """Credit an equation the student writes without naming it (`2x + 3y - z = 1`) when it is an expected
        `Equation`; an unnamed equation is never called wrong (nothing says it is meant as the answer)."""
        if len(chain.elements) != 2 or chain.relations[0][0] != "=":
            return
        sides = [self.value_of(e.text) for e in chain.elements]
        if sides[0] is None or sides[1] is None:
            return
        inexact = _DECIMAL.search(chain.latex) is not None
        for q in self.equations:
            if equation_verdict(self.expected[q.id], sides[0], sides[1], inexact) is Verdict.EQUAL:
                shown = _equation(_show(sides[0]), _show(sides[1]))
                self.claims.setdefault(q.id, []).append(Claim(q, chain.end_line, shown, ItemStatus.CORRECT))
                return

    def value_of(self, latex: str) -> object:
        """The value of a piece of the student's math on its first plausible reading that evaluates, or None."""
        for reading in filter(self.checker.plausible, parse_readings(latex)):
            outcome = evaluate(reading, self.env.view()) if reading.tree is not None else None
            if outcome is not None and outcome.ok and not outcome.guesses:
                return outcome.value
        return None

    def candidates_for(self, latex: str) -> list[Quantity] | None:
        key = latex_key(latex)
        if key is None:
            return None
        return self.by_key.get(key) or self.by_key.get(key.lower())

    def grade_claim(self, chain: Chain, candidates: list[Quantity]) -> None:
        preferred, explicit = self.by_context(chain, candidates)
        best = None
        text = chain.elements[_final_index(chain)].text
        if any(q.kind == "set" for q in candidates):
            text = _SET_BRACES.sub(r"\1", text)  # a set written \{2, 5\}: its elements
        self.inexact = _DECIMAL.search(text) is not None
        found_last: Side | None = None
        for reading in filter(self.checker.plausible, parse_readings(text)):
            outcome = evaluate(reading, self.env.view()) if reading.tree is not None else None
            if outcome is None or not outcome.ok:
                continue
            halfwidth, decimals = literal_halfwidth(reading.tree)
            found = found_last = Side(outcome.value, halfwidth, decimals)
            verdict = self.resolve(found, preferred, explicit)
            if verdict is not None and verdict[1] == ItemStatus.INCORRECT and (
                    not _certain(outcome, verdict[2]) or self.unbound(found, verdict[0])):
                continue  # a reading that guessed never makes an answer wrong (the certainty rule)
            if verdict is not None and (best is None or (best[1] == ItemStatus.INCORRECT
                                                         and verdict[1] != ItemStatus.INCORRECT)):
                best = (*verdict, found, reading.note)
        if best is None:
            if found_last is not None:
                self.gather_member(chain, [q for q in preferred if q.kind == "set"], found_last)
            return
        q, status, comparison, found, note = best
        note = "; ".join(n for n in (self.choice_note(q, candidates, preferred, explicit, status), note) if n)
        self.record(chain, q, status, comparison, found, note=note)

    def gather_member(self, chain: Chain, sets: list[Quantity], found: Side) -> None:
        """A single element of a `PointSet` stated on its own (`\\lambda_1 = 2`): the set is right once every
        element has been stated so, one by one."""
        for q in sets:
            member = set_member(self.expected[q.id], found)
            if member is None:
                continue
            seen = self.members.setdefault(q.id, set())
            seen.add(member)
            if len(seen) == len(self.expected[q.id]):  # type: ignore[arg-type]  # a PointSet's value is a set
                shown = _show(self.expected[q.id])
                self.claims.setdefault(q.id, []).append(Claim(q, chain.end_line, shown, ItemStatus.CORRECT,
                                                              "its elements stated one by one"))
            return

    def unbound(self, found: Side, q: Quantity) -> bool:
        """Whether the found value holds a symbol the expected value does not (`= 0.5 = \\frac{1}{r}` for a
        number): a general form restated after the value, not a value that can be certain to be wrong."""
        if q.kind != "value":
            return False
        symbols = set(getattr(found.value, "free_symbols", set()))
        expected = set(getattr(q.value, "free_symbols", set()))
        if not expected:  # a number: any symbol left (even a function's parameter, 1/r) is a general form
            return bool(symbols)
        return bool(symbols - expected - self.function_params())

    def resolve(self, found: Side, preferred: list[Quantity], explicit: bool) -> Resolved | None:
        """(quantity, status, comparison) for the candidate the claim is judged against."""
        results = [(q, *self.judge_claim(found, q)) for q in preferred]
        decided = [(q, s, c) for q, s, c in results if isinstance(s, ItemStatus)]  # UNDECIDED is not one
        if not decided:
            return None
        matched = next((r for r in decided if r[1] != ItemStatus.INCORRECT), None)
        if matched is not None and explicit and matched[0] not in preferred[:1] and preferred[0].context:
            # the right value, but of the sample the text does not name
            return preferred[0], ItemStatus.INCORRECT, matched[2]
        if matched is None and not _free(found.value):  # a wrong number: charged to an evaluated candidate
            return next((r for r in decided if not _free(r[0].value)), decided[0])
        return matched or decided[0]

    def by_context(self, chain: Chain, candidates: list[Quantity]) -> tuple[list[Quantity], bool]:
        """Candidates ordered, those the nearest text before the claim points at first; and whether that
        text was prose (explicit) rather than another formula."""
        if len(candidates) == 1:
            return candidates, False
        here = part_at(self.lines, chain.line)
        in_part = [q for q in candidates if any(isinstance(c, Context) and c.part and part_matches(c.part, here)
                                                 for c in q.context)]
        candidates = in_part + [q for q in candidates if q not in in_part]
        for number in range(chain.line - 1, 0, -1):
            text = self.lines[number - 1] if number - 1 < len(self.lines) else ""
            lengths = {id(q): max((context_match(c, text) for c in q.context if not _part_context(c)), default=0)
                       for q in candidates}
            hinted = sorted((q for q in candidates if lengths[id(q)]), key=lambda q: -lengths[id(q)])
            if hinted:  # the longest phrase is the most specific: "without the chain rule" over "chain rule"
                return hinted + [q for q in candidates if q not in hinted], number not in self.chain_lines
            if _PART_BOUNDARY.match(text):
                break
        return candidates, False

    @staticmethod
    def choice_note(q: Quantity, candidates: list[Quantity], preferred: list[Quantity], explicit: bool,
                    status: str) -> str:
        if len(candidates) == 1 or not q.label:
            return ""
        if status == ItemStatus.INCORRECT and explicit:
            return f"judged as {q.label}, which the text before it names"
        if q is not preferred[0]:
            return f"matched {q.label}"
        return f"matched {q.label}"

    def judge_claim(self, found: Side, q: Quantity) -> tuple[ClaimStatus, Comparison | None]:
        if q.kind in ("equation", "set") or q.equivalence:
            return self.judge_kind(found, q)
        measured = self.checker.claims.measured_in(found.value)
        value = self.expected[q.id]
        variables = frozenset(getattr(value, "free_symbols", set())) | self.function_params()
        exact = compare(Side(value), found, measured, variables=variables)
        if exact.verdict is Verdict.EQUAL:
            return (ItemStatus.ROUNDING if exact.rounding_slip else ItemStatus.CORRECT), exact
        sources: list[int] = []
        recomputed = self.student_value(q, 0, top=True, sources=sources)
        if recomputed is not None:
            ecf = compare(Side(recomputed), found, self.checker.claims.measured_in(found.value, recomputed),
                          variables=variables)
            if ecf.verdict is Verdict.EQUAL:
                self.sources[q.id] = sorted(set(sources))
                return (ItemStatus.CARRIED_FORWARD if sources else ItemStatus.ROUNDING), ecf
        if exact.verdict is Verdict.DIFFERENT and not self.unbound_for_a_number(value, found.value):
            return ItemStatus.INCORRECT, exact
        return UNDECIDED, exact

    @staticmethod
    def unbound_for_a_number(expected: object, found: object) -> bool:
        """Whether a number is expected and the student's value still holds a symbol they never gave a value
        (`= 1/r` where r = 2 at the point): what the symbol stands for is not known, so it is not wrong."""
        return not _free(expected) and _free(found)

    def judge_kind(self, found: Side, q: Quantity) -> tuple[ClaimStatus, Comparison | None]:
        """An equation, a set or an expression up to an equivalence (see `grade.kinds`); no error carried forward."""
        value = self.expected[q.id]
        if q.kind == "equation" and isinstance(value, sp.Equality):
            verdict = equation_verdict(value, value.lhs, found.value, self.inexact)
        elif q.kind == "set" and isinstance(value, sp.FiniteSet):
            verdict = set_verdict(value, found)
        else:
            verdict = equivalence_verdict(value, found, q.equivalence, self.inexact)
        status = {Verdict.EQUAL: ItemStatus.CORRECT, Verdict.DIFFERENT: ItemStatus.INCORRECT}.get(verdict, UNDECIDED)
        how = q.kind if q.kind != "value" else f"up to {q.equivalence}"
        return status, Comparison(verdict, Method.SYMBOLIC, how, q.value, found.value)

    def student_value(self, q: Quantity, depth: int, top: bool = False, restating: bool = False,
                      sources: list[int] | None = None) -> object:
        """q's value computed from the student's own values for what it depends on; the lines of
        wrong values it used are added to `sources`.

        A value an earlier line showed wrong is carried forward into later computations, but not
        into a mere restatement of it (a vector of gradients restating its components)."""
        if not top:
            bound = self.latest_binding(q, skip_refuted=restating)
            if bound is not None:
                value, line = bound
                if sources is not None and line in self.wrong_lines(q):
                    sources.append(line)
                return value
        if q.formula is None or depth > MAX_ECF_DEPTH:
            return None if top else self.expected[q.id]
        mapping: dict[sp.Basic, object] = {}
        restates = _is_restatement(q.formula)
        for symbol, dep_id in q.depends.items():
            value = self.student_value(self.by_id[dep_id], depth + 1, restating=restates, sources=sources)
            if not _bind_dependency(mapping, symbol, value):
                return None
        formula = q.formula if isinstance(q.formula, sp.MatrixBase) else sp.sympify(q.formula)
        try:
            value = gated_xreplace(formula, mapping)  # the student's values can be huge: gated before computed
        except TooLarge:
            return None
        if isinstance(value, sp.MatrixBase):
            return as_read(sp.ImmutableMatrix(value.doit()))
        return as_read(value.doit()) if isinstance(value, sp.Basic) else value  # a formula is a SymPy expression

    def wrong_lines(self, q: Quantity) -> list[int]:
        """Lines where the student's value for q was found wrong (by the key, or by their own work)."""
        lines = [c.line for c in self.claims.get(q.id, []) if c.status == ItemStatus.INCORRECT]
        for key in self.env_keys.get(q.id, ()):
            lines += [r.line for r in self.env.refuted.get(key, [])]
        return lines

    def function_params(self) -> frozenset:
        return frozenset(sp.Symbol(p) for p in self.env.params)

    def latest_binding(self, q: Quantity, skip_refuted: bool = False) -> tuple[object, int] | None:
        """The student's latest value for q and its line (with `skip_refuted`, unless shown wrong before)."""
        keys = [k if k in self.env.values else self.env.folded(k) for k in self.env_keys.get(q.id, ())]
        bindings = [self.env.values[k] for k in keys if k]
        if not bindings:
            claims = self.claims.get(q.id)  # a quantity named by an expression (DF(2,-1), A + A^T)
            return (claims[-1].value, claims[-1].line) if claims and claims[-1].value is not None else None
        latest = max(bindings, key=lambda b: b.line)
        if skip_refuted and any(_same_value(latest.value, r.value) for r in self.env.refuted.get(latest.name, [])):
            return None
        return latest.token, latest.line

    # -- results ----------------------------------------------------------------------------
    def record(self, chain: Chain, q: Quantity, status: ItemStatus, comparison: Comparison | None, found: Side,
               note: str) -> None:
        shown = _show(found.value, Measured(self.env.measured).midpoints())
        if q.kind == "equation" and isinstance(q.value, sp.Equality):
            shown = _equation(_show(q.value.lhs), shown)  # the student's equation, named by its left-hand side
        expected = _show(self.expected[q.id], digits=digits_for(found.value))
        self.claims.setdefault(q.id, []).append(Claim(q, chain.end_line, shown, status, note, found.value))
        if "decimal-point-as-dot" in note:
            self.checker.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="warning",
                                     code="decimal-point-as-dot",
                                     message=sentence(say("we read {other} as the decimal 15.886 (a decimal point "
                                                  "written as a dot); with that reading {quantity} is right",
                                                  other=r"15 \cdot 886", quantity=q.name)), latex=chain.latex,
                                     expected=expected, found=shown, method="answer-key"))
        checked = self.step_error(chain)
        if status == ItemStatus.INCORRECT and checked is not None:
            self.claims[q.id][-1].code = checked.code  # the step's own error already names the mistake
        elif status == ItemStatus.INCORRECT:
            code, message = self.explain(chain, q, found, shown, expected)
            self.claims[q.id][-1].code = code
            detail = comparison.detail if comparison else ""
            if note:
                message += f" ({note})"
            self.checker.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="error", code=code,
                                     message=sentence(message), latex=chain.latex,
                                     expected=expected, found=shown,
                                     method="answer-key" + (f": {detail}" if detail else "")))
        elif status == ItemStatus.CARRIED_FORWARD and checked is not None and self.same_value_slip(checked, chain):
            self.checker.withdraw(checked)  # one charge per mistake: the value follows from the student's own
            self.carried_forward(chain, q, shown, expected)  # earlier values, so it is only carried forward
        elif status == ItemStatus.CARRIED_FORWARD and checked is None:  # one finding per line: the step's error says it
            self.carried_forward(chain, q, shown, expected)

    def step_error(self, chain: Chain) -> Finding | None:
        """The checker's own first error on the chain's lines (not the key's verdict on another claim there)."""
        lines = range(chain.line, chain.end_line + 1)
        return next((f for f in self.checker.findings if f.severity == "error" and f.line in lines
                     and not (f.method or "").startswith("answer-key")), None)

    def carried_forward(self, chain: Chain, q: Quantity, shown: str, expected: str) -> None:
        origin = ", ".join(str(n) for n in self.sources.get(q.id, []))
        kept = self.problem.credit.carried_forward
        cost = "costs no points" if kept >= 1 else f"earns {kept:g} of its points (the problem's credit policy)"
        self.checker.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="warning",
                                 code="carried-forward",
                                 message=say("{found} differs from the key's {expected} for {quantity} only because of "
                                     "the mistake on line {origin}: it follows correctly from your value there, so it "
                                     "{cost}", found=shown, expected=expected, quantity=q.name, origin=origin,
                                     cost=cost),
                                 latex=chain.latex, expected=expected, found=shown, method="answer-key"))

    @staticmethod
    def same_value_slip(finding: Finding, chain: Chain) -> bool:
        """Whether the step's own error is an `arithmetic` complaint about the chain's final value: a value that
        follows correctly from the student's earlier values is then charged once, as carried forward. A named
        mistake in the written work (a miscopied or needlessly rounded number) stays an error."""
        return finding.code == "arithmetic" and finding.line == chain.end_line

    def explain(self, chain: Chain, q: Quantity, found: Side, shown: str, expected: str) -> tuple[str, str]:
        """(code, message): the named mistake when a rule of `diagnose` finds one, else the expected value."""
        if q.kind in ("equation", "set") or q.equivalence:
            return "wrong-value", say("{quantity} should be {expected}, not {found}", quantity=q.name,
                                      expected=expected, found=shown)
        evidence = self.checker.evidence
        own = self.alias_env_key(chain.elements[0].text)
        named = evidence.named_values(exclude={own} if own else set())
        named += [NamedValue(other.name, other.value, "the answer key") for other in self.by_id.values()
                  if other.aliases != q.aliases]
        literals = [t for element in chain.elements[1:-1]
                    for t in sorted(t for t in literal_texts(parse_readings(element.text)[0].tree) if "." in t)]
        mistake = evidence.mistake(self.expected[q.id], found.value, found.halfwidth, chain, literals,
                                   self.rechecker(chain, q), named=named, expected_name=q.name,
                                   swaps=evidence.input_swaps([e.text for e in chain.elements[1:-1]]))
        diagnosis = diagnose(mistake)
        if diagnosis is not None:
            code, message = diagnosis
            return code, sentence(message).rstrip(".")
        return "wrong-value", say("{quantity} should be {expected}, not {found}", quantity=q.name, expected=expected,
                                  found=shown)

    def rechecker(self, chain: Chain, q: Quantity) -> Recheck:
        """recheck({literal: value}): would the chain's computation give a right value with that copy fixed?"""
        def recheck(replacements: dict) -> bool:
            for element in chain.elements[1:-1]:
                text = element.text
                for old, new in replacements.items():
                    text = replace_literal(text, old, new)
                if text == element.text:
                    continue
                for reading in filter(self.checker.plausible, parse_readings(text)):
                    outcome = evaluate(reading, self.env.view()) if reading.tree is not None else None
                    if outcome is not None and outcome.ok and self.judge_claim(Side(outcome.value), q)[0] not in (
                            ItemStatus.INCORRECT, UNDECIDED):
                        return True
            return False
        return recheck

    def relation_checked(self, chain: Chain, i: int, judgement: Judgement) -> None:
        """Nothing: the grader judges a chain's claims once the whole chain is checked."""

    def revised(self, findings: list[Finding]) -> list[Finding]:
        """The findings with each wrong claim's error pointed at a claim of the same quantity that is right
        (on another line): the first error of the wrong claim's line gets the sentences, in order."""
        contradictions = self.contradictions()
        findings = findings + self.misclassified()
        out, amended = [], set()
        for finding in findings:
            if finding.severity == "error" and finding.line in contradictions and finding.line not in amended:
                amended.add(finding.line)
                finding = _amended(finding, contradictions[finding.line])
            out.append(finding)
        return out

    def misclassified(self) -> list[Finding]:
        """An error for each sentence that classifies a point of a `PointSet` otherwise than the key (`(0, 0) is a
        minimum` for a saddle), within the part of the answer where the set was stated; the set is then wrong."""
        out = []
        for q in (q for part in self.problem.parts for q in part.quantities if q.classes and self.claims.get(q.id)):
            claim = self.claims[q.id][-1]
            part = part_at(self.lines, claim.line)
            for number, text in enumerate(self.lines, start=1):
                if part and part_at(self.lines, number) != part:
                    continue
                for point, kind in classified_points(text):
                    expected = next((class_of(c) for p, c in q.classes if _same_point(p, point)), None)
                    if expected is None or expected == kind:
                        continue
                    shown = "(" + ", ".join(str(c) for c in point) + ")"
                    message = say("{point} is a {expected}, not a {found}", point=shown, expected=expected,
                                  found=kind)
                    out.append(Finding(line=number, end_line=number, severity="error", code="wrong-value",
                                       message=sentence(message), latex="", expected=expected, found=kind,
                                       method="answer-key: classification"))
                    claim.status, claim.code = ItemStatus.INCORRECT, "wrong-value"
                    claim.note = "; ".join(n for n in (claim.note, f"{shown} classified as a {kind}") if n)
        return out

    def contradictions(self) -> dict[int, list[str]]:
        """For each line of a wrong claim, a sentence on every later or earlier claim of the same quantity that is
        right."""
        right: dict[tuple, Claim] = {}
        for claims in self.claims.values():
            for c in claims:
                if c.status in (ItemStatus.CORRECT, ItemStatus.ROUNDING, ItemStatus.CARRIED_FORWARD):
                    right.setdefault((c.quantity.aliases, _show(c.quantity.value)), c)
        out: dict[int, list[str]] = {}
        for claims in self.claims.values():
            for c in claims:
                other = right.get((c.quantity.aliases, _show(c.quantity.value)))
                if c.status == ItemStatus.INCORRECT and other is not None and other.line != c.line:
                    out.setdefault(c.line, []).append(
                        say(" It contradicts {line}, which gives {found} ({label}), and that is right.",
                            line=other.line, found=other.found, label=other.quantity.label or "the right value"))
        return out

    def part_results(self) -> tuple[PartResult, ...]:
        credit = {ItemStatus.CORRECT: 1.0, ItemStatus.ROUNDING: self.problem.credit.rounding_slip,
                  ItemStatus.CARRIED_FORWARD: self.problem.credit.carried_forward, ItemStatus.INCORRECT: 0.0,
                  ItemStatus.MISSING: 0.0}
        parts = []
        for part in self.problem.parts:
            items = [self.item(part.id, q) for q in part.quantities]
            weights = [q.points if (q.required or self.claims.get(q.id)) else 0.0 for q in part.quantities]
            total = sum(weights) or 1.0
            scored, earned = [], 0.0
            for item, weight, q in zip(items, weights, part.quantities):
                points = part.points * weight / total
                fraction = credit[item.status]
                if item.status == ItemStatus.INCORRECT:
                    fraction = self.problem.credit.rules.get(self.claims[q.id][-1].code, 0.0)
                earned += points * fraction
                scored.append(ItemResult(item.part, item.id, item.name, item.expected, item.found, item.line,
                                         item.status, round(points, 6), round(points * fraction, 6), item.note))
            parts.append(PartResult(part.id, part.points, round(earned, 6), tuple(scored)))
        return tuple(parts)

    def item(self, part: str, q: Quantity) -> ItemResult:
        claims = self.claims.get(q.id, [])
        if not claims:
            return ItemResult(part, q.id, q.name, _show(self.expected[q.id]), None, None, ItemStatus.MISSING, 0, 0)
        last = claims[-1]
        return ItemResult(part, q.id, q.name, _show(self.expected[q.id]), last.found, last.line, last.status, 0, 0,
                          last.note)


def _certain(outcome: Outcome, comparison: Comparison | None) -> bool:
    """Whether a difference found on this reading may count: see `check.uncertain_if_guessed`."""
    if comparison is None:
        return not outcome.guesses
    return uncertain_if_guessed(comparison, outcome).verdict is comparison.verdict


def _amended(finding: Finding, sentences: list[str]) -> Finding:
    """The finding with each sentence added to its message (after a full stop)."""
    for added in sentences:
        text = finding.rich.rstrip()
        text = text if text.endswith(".") else text + "."
        finding = replace(finding, message=text + added)
    return finding


def _last_equal(chain: Chain) -> int:
    """The index of the chain's final value: the last element joined by = or ≈ (not `-1 < 0`)."""
    last = 0
    for i, (relation, _) in enumerate(chain.relations):
        if relation not in ("=", "≈"):
            break
        last = i + 1
    return last


def _show(value: object, subs: dict | None = None, digits: int | None = None) -> Shown:
    """A value as reports print it; an equation as `lhs = rhs`."""
    if isinstance(value, sp.Equality):
        return _equation(_show(value.lhs), _show(value.rhs, digits=digits))
    return shown(value, subs, digits=digits) if digits is not None else shown(value, subs)


def _equation(lhs: Shown, rhs: Shown) -> Shown:
    return Shown(f"{lhs} = {rhs}", f"{lhs.text} = {rhs.text}", f"{lhs.latex} = {rhs.latex}")


@functools.lru_cache(maxsize=1024)
def _read_symbol(symbol: sp.Symbol) -> sp.Symbol:
    """The symbol as the student reader names it: a key's `theta` is the student's `\\theta`, `x1` is `x_{1}`."""
    reading = parse_readings(sp.latex(symbol))[0]
    outcome = evaluate(reading, Environment().view()) if reading.tree is not None else None
    return outcome.value if outcome is not None and outcome.ok and isinstance(outcome.value, sp.Symbol) else symbol


def as_read(value: object) -> object:
    """A key's value with its symbols named as the student reader names them (see `_read_symbol`)."""
    symbols = getattr(value, "free_symbols", None)
    if not symbols or not isinstance(value, sp.Basic):
        return value
    mapping = {s: _read_symbol(s) for s in symbols if isinstance(s, sp.Symbol)}
    mapping = {k: v for k, v in mapping.items() if k != v}
    return value.xreplace(mapping) if mapping else value


def _same_point(expected: tuple, found: tuple) -> bool:
    """Whether a point the student wrote (decimals rounded to their digits) is the key's point."""
    if len(expected) != len(found):
        return False
    return all(compare(Side(e), Side(f, _halfwidth(f))).verdict is Verdict.EQUAL
               for e, f in zip(expected, found))


def _halfwidth(value: sp.Rational) -> sp.Rational:
    text = str(sp.Float(value, 15)).rstrip("0")
    digits = len(text.split(".")[1]) if "." in text and not value.is_integer else 0
    return sp.Rational(1, 2 * 10**digits) if digits else sp.Integer(0)


def _part_context(context: object) -> bool:
    return isinstance(context, Context) and bool(context.part)


def _final_index(chain: Chain) -> int:
    """The index of the chain's final value: after `W \\leftarrow …`, the last element joined by = or ≈."""
    if chain.relations and chain.relations[0][0] == "←":
        last = 1
        for i, (relation, _) in enumerate(chain.relations[1:], start=1):
            if relation not in ("=", "≈"):
                break
            last = i + 1
        return last
    return _last_equal(chain)


def given_statements(given: Sequence[str]) -> list[frozenset[str]]:
    """The match keys of the elements of each equation of a problem statement (`Problem(given=...)`)."""
    out = []
    for text in given:
        if "$" not in text and "\\(" not in text and "\\[" not in text:
            text = "\n".join(f"${line}$" for line in text.splitlines() if line.strip())
        for chain in chains_of(read_document(text)):
            keys = frozenset(latex_key(e.text) for e in chain.elements)
            if None not in keys:
                out.append(frozenset(k for k in keys if k is not None))
    return out


def _is_restatement(formula: object) -> bool:
    cells = list(formula) if isinstance(formula, sp.MatrixBase) else [formula]
    return all(isinstance(c, sp.Symbol) for c in cells)


def _free(value: object) -> bool:
    """Whether a value holds a free symbol (an expression in the variables, not a number)."""
    return bool(getattr(value, "free_symbols", None))


def _same_value(a: object, b: object) -> bool:
    return compare(Side(a), Side(b)).verdict is Verdict.EQUAL


def _bind_dependency(mapping: dict[sp.Basic, object], symbol: object, value: object) -> bool:
    if value is None:
        return False
    if isinstance(symbol, sp.MatrixBase):
        if not isinstance(value, sp.MatrixBase) or len(value) != len(symbol):
            return False
        mapping.update(zip(symbol, value))
        return True
    if isinstance(value, sp.MatrixBase):
        if value.shape != (1, 1):
            return False
        value = value[0, 0]
    mapping[symbol] = value
    return True
