"""Check a derivation on its own terms: is every `=` true, given what the student wrote before?

Walks the chains of a document in order, keeping the student's bindings, and
compares each adjacent pair of a chain (design note 5). A pair is an error only
when it is different under every reading of the text and every index convention
(design note 4); anything unsure is left unchecked, with the reason.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import sympy as sp
from mpmath import mp

from .bindings import Environment, View
from .compare import Measured, Side, compare
from .diagnose import Mistake, NamedValue, _digit_slip, diagnose
from .errors import InputFileError
from .limits import Limits, StepTimeout, deadline
from .evaluate import FunctionsOnly, Outcome, evaluate, literal_halfwidth
from .extract import read_document
from .functions import FunctionValue
from .interpret import interpret, leibniz_key
from .latex.syntax import literal_texts, walk
from .intervals import NotEvaluable, evaluate as interval_of, exact, hi, lo
from .parse import Parsed, parse_readings
from .render import show
from .results import Comparison, Finding, Report, Verdict
from .statements import Chain, chains_of

MAX_CONVENTION_VECTORS = 3
CHECKED_RELATIONS = {"=", "≈"}


@dataclass
class Judgement:
    """The verdict on one relation, with what decided it."""

    comparison: Comparison
    note: str = ""  # the alternative reading that made it equal, if any
    used: tuple[str, ...] = ()
    left: Outcome | None = None
    right: Outcome | None = None
    misses: int = 0  # component indices out of range under the convention tried
    used_vectors: frozenset = frozenset()  # vectors whose components it looked up (their indexing is ambiguous)


@dataclass
class ChainState:
    variables: frozenset = frozenset()  # parameters of the functions this chain uses
    failed: bool = False
    verdicts: dict = field(default_factory=dict)  # relation index -> Verdict


def check_file(path: str | Path, *, limits: Limits = Limits()) -> Report:
    """Check one answer file (Markdown, or LaTeX when it ends in .tex)."""
    text, notes = read_answer_file(path, limits)
    return Checker(limits=limits).run(text, str(path), is_latex(path), notes)


def is_latex(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".tex", ".latex")


def read_answer_file(path: str | Path, limits: Limits = Limits()) -> tuple[str, list[Finding]]:
    """The text of an answer file and findings about its encoding; InputFileError if it cannot be read."""
    path = Path(path)
    try:
        if path.stat().st_size > limits.max_file_bytes:
            raise InputFileError(f"{path} is larger than {limits.max_file_bytes} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, notes = decode(raw)
    return text, notes


def decode(raw: bytes) -> tuple[str, list[Finding]]:
    """UTF-8 (with or without BOM), else Latin-1 with a warning; NUL bytes blanked with a warning."""
    notes = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("latin-1")
        notes.append(Finding(1, 1, "warning", "not-utf8",
                             f"the file is not UTF-8 (byte {exc.start}); it was read as Latin-1", ""))
    if "\x00" in text:
        share = text.count("\x00") / max(len(text), 1)
        notes.append(Finding(1, 1, "warning", "binary" if share > 0.1 else "nul-bytes",
                             f"the file holds {text.count(chr(0))} NUL bytes"
                             + ("; it looks binary and was not checked" if share > 0.1 else "; they were ignored"), ""))
        text = "" if share > 0.1 else text.replace("\x00", " ")
    return text, notes


def check_text(text: str, *, path: str = "<string>", latex: bool = False, limits: Limits = Limits()) -> Report:
    """Check the derivation in `text`."""
    return Checker(limits=limits).run(text, path, latex)


def _finding_order(f: Finding):
    return (f.line, f.end_line, f.code, f.message)


class Checker:
    def __init__(self, env: Environment | None = None, *, limits: Limits = Limits()):
        self.env = env or Environment()
        self.limits = limits
        self.findings: list[Finding] = []
        self.checked = 0

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    # -- a whole document -------------------------------------------------------------
    def run(self, text: str, path: str, latex: bool = False, notes: list[Finding] | None = None) -> Report:
        """Check every chain of `text` within the file's time limit; the report of what was checked."""
        self.findings.extend(notes or [])
        document = read_document(text, latex=latex)
        for issue in document.problems:
            self.add(Finding(issue.line, issue.line, "warning", issue.code, issue.message, ""))
        status, reason = "ok", ""
        chains = chains_of(document)
        if len(document.regions) > self.limits.max_regions:
            status, reason = "too-large", f"{len(document.regions)} math regions (the limit is {self.limits.max_regions})"
            chains = chains[: self.limits.max_regions]
            self.add(Finding(1, 1, "warning", "too-large", f"only the first {self.limits.max_regions} of {reason} were checked", ""))
        started = time.monotonic()
        for chain in chains:
            if time.monotonic() - started > self.limits.file_timeout:
                status, reason = "timeout", f"the file took longer than {self.limits.file_timeout:g} s"
                self.add(Finding(chain.line, chain.line, "warning", "timeout",
                                 f"{reason}; checking stopped here", chain.latex))
                break
            self.step(chain)
        self.finish()
        return Report(path, tuple(sorted(self.findings, key=_finding_order)), self.checked, status, reason)

    def step(self, chain: Chain) -> None:
        """Check one chain within its time limit (the step limit for each of its relations)."""
        seconds = self.limits.step_timeout * max(1, len(chain.relations))
        try:
            with deadline(seconds):
                self.check_chain(chain)
        except StepTimeout:
            self.add(Finding(chain.line, chain.end_line, "warning", "timeout",
                             f"this step took longer than {seconds:g} s and was not checked", chain.latex))

    def finish(self) -> None:
        """Called once every chain has been checked."""

    # -- one chain ----------------------------------------------------------------
    def check_chain(self, chain: Chain) -> None:
        if chain.region.crossed_out:
            self.add(Finding(chain.line, chain.end_line, "info", "crossed-out",
                             "crossed out by the student: not checked", chain.latex))
            return
        needed = {0} | {k for i, (rel, _) in enumerate(chain.relations) if rel in CHECKED_RELATIONS for k in (i, i + 1)}
        parsed = [self.parse_element(chain, i) if i in needed else None for i in range(len(chain.elements))]
        lhs = self.classify_head(chain, parsed[0])
        state = ChainState(variables=self.chain_variables(parsed))
        start = 1 if lhs is not None else 0
        for i in range(start, len(chain.elements) - 1):
            if chain.relations[i][0] in CHECKED_RELATIONS and parsed[i] and parsed[i + 1]:
                self.check_relation(chain, i, parsed[i], parsed[i + 1], state)
        if lhs is not None:
            self.bind(chain, lhs, parsed, state)

    def parse_element(self, chain: Chain, i: int) -> tuple[Parsed, ...] | None:
        element = chain.elements[i]
        readings = tuple(r for r in parse_readings(element.text) if r.tree is not None)
        if readings:
            return readings
        first = parse_readings(element.text)[0]
        if len(chain.elements) > 1:
            code = "too-large" if first.too_large else "unparsed"
            self.add(Finding(element.line, element.line, "warning", code,
                             f"could not read '{_clip(element.text)}': {first.error}; this step is not checked",
                             element.text))
        return None

    # -- the left-hand side: a definition, a claim about a name, or an expression ----
    def classify_head(self, chain: Chain, readings) -> tuple | None:
        if not readings or len(chain.elements) < 2 or chain.relations[0][0] != "=":
            return None
        tree = readings[0].tree
        if tree[0] == "apply" and tree[1][0] == "name" and _plain_names(tree[2]):
            name = tree[1][1]
            view = self.env.view()
            if name not in self.env.functions and not _resolves_as_function(name, len(tree[2]), view):
                return ("function", name, [a[1] for a in tree[2]])
            if name in self.env.functions:
                return ("function", name, [a[1] for a in tree[2]])
            return None
        key = claim_key(tree, self.env)
        if key is not None:
            return ("claim", key)
        if tree[0] == "tuple" and _plain_names(tree[1]):
            return ("tuple", [a[1] for a in tree[1]])
        return None

    # -- one relation ---------------------------------------------------------------
    def check_relation(self, chain: Chain, i: int, left, right, state: ChainState) -> None:
        approx = chain.relations[i][0] == "≈"
        judgement = self.judge(left, right, approx, state.variables)
        verdict = judgement.comparison.verdict
        state.verdicts[i] = verdict
        if verdict is not Verdict.UNDECIDED:
            self.checked += 1
        line = chain.relations[i][1]
        end_line = chain.elements[i + 1].line
        step = f"{chain.elements[i].text} {chain.relations[i][0]} {chain.elements[i + 1].text}"
        if verdict is Verdict.DIFFERENT:
            state.failed = True
            finding = self.error_finding(judgement, line, end_line, step)
            self.add(self.explained(finding, judgement, chain, i, left, right, approx))
        elif verdict is Verdict.EQUAL and judgement.note:
            self.add(Finding(line, end_line, "warning", judgement.note,
                             _NOTE_MESSAGES.get(judgement.note, judgement.note), step,
                             method=judgement.comparison.method))
        elif verdict is Verdict.EQUAL and judgement.comparison.rounding_slip:
            c = judgement.comparison
            self.add(Finding(line, end_line, "warning", "rounding-slip",
                             f"{chain.elements[i + 1].text} is within one unit of the last digit of {c.expected} "
                             "but is neither its rounding nor its truncation", step, c.expected, c.found, c.method))
        elif verdict is Verdict.UNDECIDED:
            self.report_unevaluable(judgement, line, end_line, step)

    def report_unevaluable(self, judgement: Judgement, line: int, end_line: int, step: str) -> None:
        """A side too large to compute, or undefined (division by zero), is said; other undecided steps are not."""
        for outcome in (judgement.left, judgement.right):
            if outcome is not None and outcome.kind == "too-large":
                self.add(Finding(line, end_line, "warning", "too-large",
                                 f"not checked: {outcome.error} is too large to compute safely", step))
                return
            if outcome is not None and "division by zero" in outcome.error:
                self.add(Finding(line, end_line, "warning", "undefined", "not checked: a division by zero", step))
                return

    def judge(self, left: tuple[Parsed, ...], right: tuple[Parsed, ...], approx: bool,
              variables: frozenset = frozenset()) -> Judgement:
        """Compare every reading pair under every index convention; equal if any is, different if all are."""
        results: list[Judgement] = []
        equal: list[Judgement] = []
        for a, b in itertools.product(left, right):
            note = a.note or b.note
            fitting = []
            for conventions in self.conventions_for(a, b, fitting, approx, variables):
                judgement = fitting[-1] if conventions is None else self.judge_once(a, b, conventions, approx, variables)
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
            return primary
        undecided = next((j for j in results if j.comparison.verdict is Verdict.UNDECIDED), results[0])
        undecided.note = ""
        return undecided

    def conventions_for(self, a: Parsed, b: Parsed, fitting: list, approx: bool, variables: frozenset):
        """Index conventions to try: the default first (its judgement is put in `fitting` and None
        yielded for it), then every other assignment of 0/1-based indexing to the vectors it used."""
        first = self.judge_once(a, b, {}, approx, variables)
        fitting.append(first)
        yield None
        vectors = sorted(first.used_vectors)[:MAX_CONVENTION_VECTORS]
        for starts in itertools.product((1, 0), repeat=len(vectors)):
            if any(start == 0 for start in starts):
                yield dict(zip(vectors, starts))

    def judge_once(self, a: Parsed, b: Parsed, conventions: dict, approx: bool, variables: frozenset) -> Judgement:
        view = self.env.view(conventions)
        left = unwrap(evaluate(a, view))
        view.rounded = self.new_literals(a, b, view)
        right = unwrap(evaluate(b, view))
        if not (left.ok and right.ok):
            return Judgement(self.failed_evaluation(a, b, left, right), used=tuple(sorted(view.used)),
                             left=left, right=right, misses=view.misses, used_vectors=frozenset(view.used_vectors))
        sides = [self.side(a, left.value, approx), self.side(b, right.value, approx)]
        measured = self.measured_in(left.value, right.value)
        comparison = compare(sides[0], sides[1], measured, variables=variables)
        return Judgement(comparison, used=tuple(sorted(view.used)), left=left, right=right, misses=view.misses,
                         used_vectors=frozenset(view.used_vectors))

    def chain_variables(self, parsed) -> frozenset:
        """Parameters of the student's functions that the chain uses: genuine variables, not unknown values."""
        names = set()
        for readings in parsed:
            for node in walk(readings[0].tree) if readings else ():
                if node[0] in ("dop", "leibniz") and not (node[0] == "leibniz" and node[1][0] == "name"):
                    names.update(sp.Symbol(v[1]) for v in node[-2])  # what a derivative is taken in
                if node[0] == "name":
                    fn = self.env.functions.get(node[1]) or self.env.functions.get(node[1].partition("_{")[0])
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
                return Comparison(Verdict.DIFFERENT, "shape", f"{outcome.error}, as written", None, None)
        reason = left.error or right.error
        return Comparison(Verdict.UNDECIDED, "none", f"could not evaluate: {reason}")

    def side(self, parsed: Parsed, value: object, approx: bool) -> Side:
        halfwidth, decimals = literal_halfwidth(parsed.tree)
        if approx:
            halfwidth = _approx_width(value, halfwidth)
        return Side(value, halfwidth, decimals)

    def measured_in(self, *values) -> Measured:
        symbols = set()
        for value in values:
            if isinstance(value, (sp.Basic, sp.MatrixBase)):
                symbols |= value.free_symbols
        return Measured({s: self.env.measured[s] for s in symbols if s in self.env.measured})

    # -- findings --------------------------------------------------------------------
    def error_finding(self, judgement: Judgement, line: int, end_line: int, step: str) -> Finding:
        c = judgement.comparison
        used = [u for u in judgement.used if u in self.env.values]
        because = ""
        if used:
            shown = ", ".join(f"{u} = {_show_value(self.env.values[u].value)} (line {self.env.values[u].line})"
                              for u in used[:4])
            because = f" Using your earlier values {shown}."
        code = {"shape": "shape"}.get(c.method, "substitution" if used else _kind_code(judgement, self.env.measured))
        message = _ERROR_MESSAGES[code].format(detail=c.detail) + because
        return Finding(line, end_line, "error", code, message, step, c.expected, c.found, c.method)

    def explained(self, finding: Finding, judgement: Judgement, chain: Chain, i: int, left, right,
                  approx: bool) -> Finding:
        """The finding with the named mistake that explains it, when a rule of `diagnose` does."""
        mistake = self.mistake(judgement, chain, i, left, right, approx)
        if mistake is None:
            return finding
        named = diagnose(mistake)
        if named is None:
            return finding
        code, message = named
        return replace(finding, code=code, message=message[:1].upper() + message[1:] + ".")

    def mistake(self, judgement: Judgement, chain: Chain, i: int, left, right, approx: bool) -> Mistake | None:
        if judgement.left is None or judgement.right is None or not (judgement.left.ok and judgement.right.ok):
            return None
        expected = self.readable(judgement.left.value)
        found = self.readable(judgement.right.value)

        def recheck(replacements: dict) -> bool:
            texts = [chain.elements[i].text, chain.elements[i + 1].text]
            for old, new in replacements.items():
                texts = [t.replace(old, _decimal_literal(new, old)) for t in texts]
            a, b = (tuple(r for r in parse_readings(t) if r.tree is not None) for t in texts)
            return bool(a and b) and self.judge(a, b, approx).comparison.verdict is Verdict.EQUAL

        copied = sorted(self.copied_literals(left, right), key=lambda pair: self.source_rank(pair[1], chain))
        terms = self.term_values(left[0].tree)
        found_terms = self.term_values(right[0].tree)
        pairs = [(a, b) for a, b in zip(terms, found_terms) if not _same(a, 0, b)] \
            if terms and len(terms) == len(found_terms) else []
        return Mistake(expected, found, literal_halfwidth(right[0].tree)[0], dict(self.env.functions),
                       self.named_values(), copied, recheck, terms=terms, term_pairs=pairs)

    def term_values(self, tree) -> list:
        """The values of the terms of a sum (signs included), or [] for anything else."""
        if tree is None or tree[0] != "add":
            return []
        values = []
        for sign, node in tree[1]:
            outcome = evaluate(Parsed("", node), self.env.view())
            if not outcome.ok or isinstance(outcome.value, (FunctionValue, tuple)):
                return []
            values.append(self.readable(-outcome.value if sign < 0 else outcome.value))
        return values

    def source_rank(self, named: NamedValue, chain: Chain) -> tuple:
        """Where a copied number most likely came from: a name the chain mentions, the same context, the latest."""
        binding = self.env.values.get(named.name)
        mentioned = any(named.name.lower() == n.lower() for e in chain.elements for n in _names_in(e.text))
        same_context = binding is not None and binding.context == chain.context
        return (not mentioned, not same_context, -(binding.line if binding else 0))

    def readable(self, value):
        """A value for messages: rounded inputs by their midpoints when it is a number, by their names
        when it is an expression (2(y - ŷ_1), not 2(y - 283/2500))."""
        if _is_numeric(value, self.env.measured):
            return _midpoints(value, self.env.measured)
        tokens = value.free_symbols & set(self.env.measured) if isinstance(value, (sp.Basic, sp.MatrixBase)) else ()
        names = {t: sp.Symbol(t.name.strip("⟨⟩⟪⟫")) for t in tokens}
        return value.xreplace(names) if names else value

    def named_values(self) -> list[NamedValue]:
        return [NamedValue(b.name, b.value, f"line {b.line}") for b in self.env.values.values()
                if isinstance(b.value, (sp.Basic, sp.MatrixBase))]

    def input_swaps(self, texts: list[str]) -> list[tuple[str, str, NamedValue, NamedValue]]:
        """(literal, the value that belongs, the value copied): a number in the step equal to one named
        value (x_2 = -1) where another of the same family (x_1 = 0.5) may belong."""
        scalars = [n for n in self.named_values() + self.component_values() if not isinstance(n.value, sp.MatrixBase)]
        out = []
        for text in sorted({t for tx in texts for t in literal_texts(parse_readings(tx)[0].tree)}):
            value = sp.Rational(text)
            for source in (n for n in scalars if n.value in (value, -value)):
                family = source.name.partition("_{")[0]
                for other in scalars:
                    if other.name != source.name and other.name.partition("_{")[0] == family and other.value != source.value:
                        sign = 1 if source.value == value else -1  # `(-1)` holds the literal 1 of x_2 = -1
                        out.append((text, show(sign * other.value), other, source))
        return out[:40]

    def component_values(self) -> list[NamedValue]:
        """Components x_{1}, x_{2}, … of the vectors the student gave (1-based)."""
        out = []
        for b in self.env.values.values():
            if isinstance(b.value, sp.MatrixBase) and 1 in b.value.shape and "∂" not in b.name:
                base = b.name if "_{" not in b.name else b.name[:-1]
                for j, entry in enumerate(b.value, start=1):
                    name = f"{base}_{{{j}}}" if "_{" not in b.name else f"{base}{j}}}"
                    out.append(NamedValue(name, entry, f"line {b.line}"))
        return out

    def copied_literals(self, left, right) -> list[tuple[str, NamedValue]]:
        """Decimals the step computes with (not its bare result) one digit away from an earlier value."""
        texts = literal_texts(left[0].tree)
        if literal_halfwidth(right[0].tree)[1] is None:
            texts |= literal_texts(right[0].tree)
        out = []
        for text in sorted(t for t in texts if "." in t):
            for binding in self.env.values.values():
                if not isinstance(binding.value, sp.MatrixBase) and _digit_slip(text, binding.value):
                    out.append((text, NamedValue(binding.name, binding.value, f"line {binding.line}")))
        return out

    # -- binding -----------------------------------------------------------------------
    def bind(self, chain: Chain, lhs: tuple, parsed, state: ChainState) -> None:
        kind = lhs[0]
        if kind == "function":
            self.define_function(chain, lhs[1], lhs[2], parsed)
        elif kind == "tuple":
            self.bind_tuple(chain, lhs[1], parsed[-1])
        elif kind == "claim":
            self.bind_claim(chain, lhs[1], parsed, state)

    def define_function(self, chain: Chain, name: str, params: list[str], parsed) -> None:
        """`f(x, y) = …`: the body is the last element that is an expression in the parameters."""
        if len(set(params)) != len(params):
            return
        shadow = frozenset(params)
        scope = FunctionsOnly(self.env.functions)
        for readings in reversed(parsed[1:]):
            if not readings:
                continue
            try:
                value = interpret(readings[0].tree, scope, shadow)
            except Exception:  # noqa: BLE001 - an unusable element is skipped; the next one may serve
                continue
            if isinstance(value, (FunctionValue, tuple)) or not _in_parameters(value, shadow):
                continue
            self.env.define(FunctionValue(name, tuple(sp.Symbol(p) for p in params), value, chain.line))
            return

    def bind_tuple(self, chain: Chain, names: list[str], last) -> None:
        if not last:
            return
        outcome = evaluate(last[0], self.env.view())
        value = outcome.value
        if isinstance(value, sp.MatrixBase):
            value = tuple(value)
        if not outcome.ok or not isinstance(value, tuple) or len(value) != len(names):
            return
        for name, item in zip(names, value):
            if _is_numeric(item) and name not in self.env.params:
                self.env.bind(name, item, 0, chain.line, chain.context)

    def bind_claim(self, chain: Chain, key: str, parsed, state: ChainState) -> None:
        if key in self.env.params or not parsed[-1]:
            return
        last = parsed[-1][0]
        outcome = evaluate(last, self.env.view())
        if outcome.kind == "too-large" and len(chain.elements) == 2:
            self.add(Finding(chain.end_line, chain.end_line, "warning", "too-large",
                             f"not used: {outcome.error} is too large to compute safely", chain.latex))
        if not outcome.ok or not _is_numeric(outcome.value, self.env.measured):
            return
        last_verified = state.verdicts.get(len(parsed) - 2) is Verdict.EQUAL
        value, halfwidth = self.settle(key, outcome.value, last, parsed, last_verified)
        self.check_against_earlier(chain, key, value, halfwidth)
        if state.failed and self.contradicted_within(parsed, value, halfwidth):
            self.env.refute(key, value, chain.end_line, f"line {chain.end_line}")
        self.env.bind(key, value, halfwidth, chain.end_line, chain.context)

    def contradicted_within(self, parsed, value, halfwidth) -> bool:
        """True when an earlier numeric element of the same chain shows the final value wrong."""
        for readings in parsed[1:-1]:
            if not readings:
                continue
            outcome = evaluate(readings[0], self.env.view())
            if outcome.ok and _is_numeric(outcome.value, self.env.measured):
                measured = self.measured_in(outcome.value)
                if compare(Side(outcome.value), Side(value, halfwidth), measured).verdict is Verdict.DIFFERENT:
                    return True
        return False

    def settle(self, key: str, value, last: Parsed, parsed, verified: bool) -> tuple[object, object]:
        """The exact value to bind and its half-width (how far the truth may lie from it).

        Given data (`w = 0.01`) is exact; a restated value keeps the half-width it had; a rounded
        result of a verified computation spans every value that computation allows.
        """
        exact_value = _midpoints(value, self.env.measured)
        halfwidth, decimals = literal_halfwidth(last.tree)
        if decimals is None:
            return exact_value, _radius(value, self.env.measured)
        if len(parsed) == 2:
            earlier = self.env.values.get(key)
            if earlier is not None and _agrees(exact_value, halfwidth, earlier.value, earlier.halfwidth):
                return earlier.value, earlier.halfwidth
            return exact_value, 0
        previous = parsed[-2] if verified else None
        if previous:
            outcome = evaluate(previous[0], self.env.view())
            if outcome.ok and _is_numeric(outcome.value, self.env.measured):
                spread = _spread(exact_value, outcome.value, self.env.measured)
                if spread is not None:
                    return exact_value, spread
        return exact_value, halfwidth

    def check_against_earlier(self, chain: Chain, key: str, value, halfwidth) -> None:
        for refuted in self.env.refuted.get(key, []):
            if _same(value, halfwidth, refuted.value):
                self.add(Finding(chain.end_line, chain.end_line, "error", "repeats-refuted-value",
                                 f"{_show_value(value)} repeats the value of {key} that line {refuted.line} "
                                 "showed to be wrong", chain.latex, None, _show_value(value), "earlier-line"))
                return
        if isinstance(value, sp.MatrixBase) and 1 in value.shape:
            self.check_family(chain, key, value, halfwidth)
        earlier = self.env.values.get(key)
        if earlier is None or _agrees(value, halfwidth, earlier.value, earlier.halfwidth):
            return
        if any(_agrees(earlier.value, earlier.halfwidth, r.value) for r in self.env.refuted.get(key, [])):
            return
        same_context = earlier.context == chain.context
        self.add(Finding(chain.end_line, chain.end_line, "warning" if same_context else "info", "conflicting-values",
                         f"{key} was {_show_value(earlier.value)} on line {earlier.line}; here it is "
                         f"{_show_value(value)}", chain.latex, _show_value(earlier.value), _show_value(value),
                         "earlier-line"))

    def check_family(self, chain: Chain, key: str, value: sp.MatrixBase, halfwidth) -> None:
        """A vector claim such as ∂L/∂w_1 = (…) against its components ∂L/∂w_{1j} claimed before."""
        best = None
        for start in (1, 0):
            names = [component_key(key, start + j) for j in range(len(value))]
            agree = sum(1 for n, v in zip(names, value) if n in self.env.values
                        and _agrees(v, 0, self.env.values[n].value, self.env.values[n].halfwidth))
            if best is None or agree > best[0]:
                best = (agree, names)
        if not best or best[0] == 0:
            return
        for name, entry in zip(best[1], value):
            for refuted in self.env.refuted.get(name, []):
                if _same(entry, _entry_width(halfwidth, entry, value), refuted.value):
                    self.add(Finding(chain.end_line, chain.end_line, "error", "repeats-refuted-value",
                                     f"the entry {_show_value(entry)} for {name} repeats the value that line "
                                     f"{refuted.line} showed to be wrong", chain.latex, None, _show_value(entry),
                                     "earlier-line"))
                    return


# -- helpers ---------------------------------------------------------------------------------
_ERROR_MESSAGES = {
    "arithmetic": "This does not hold: {detail}, beyond the rounding of the written digits.",
    "algebra": "These expressions are not equal: {detail}.",
    "substitution": "This does not agree with your earlier values: {detail}.",
    "shape": "The shapes do not fit: {detail}.",
    "not-equal": "This step does not hold: {detail}.",
}
_NOTE_MESSAGES = {
    "decimal-point-as-dot": "read '15 \\cdot 886' as the decimal 15.886 (a decimal point written as a dot); "
                            "with that reading the step holds",
}


def _kind_code(judgement: Judgement, measured: dict) -> str:
    values = [o.value for o in (judgement.left, judgement.right) if o is not None]
    numeric = all(_is_numeric(v, measured) for v in values)
    return "arithmetic" if numeric else "algebra"


def _plain_names(nodes) -> bool:
    return bool(nodes) and all(n[0] == "name" and "^" not in n[1] for n in nodes)


def _resolves_as_function(name: str, arity: int, view: View) -> bool:
    base = name.partition("_{")[0]
    return base != name and base in view.env.functions


def claim_key(tree, env: Environment) -> str | None:
    """The name a chain's left-hand side claims a value for, or None if it is an expression."""
    kind = tree[0]
    if kind == "name" and tree[1] not in env.functions and tree[1] not in ("e", "D"):
        return tree[1]
    if kind == "leibniz" and tree[1][0] == "name" and tree[1][1] not in env.functions:
        names = [v[1] for v in tree[2]]
        if tree[1][1] in names or any(n.partition("_{")[0] in env.functions for n in [tree[1][1]]):
            return None
        return leibniz_key(tree[1][1], names, tree[3])
    return None  # an expression, or a label with words (`L_2 \text{ loss}`) that several samples share


def component_key(key: str, index: int) -> str:
    """The name of component `index` of a vector quantity: w_{1} -> w_{1<index>}, ∂L/∂w_{1} -> ∂L/∂w_{1<index>}."""
    head, sep, variable = key.rpartition("∂")
    target = variable if sep else key
    base, _, sub = target.partition("_{")
    sub = sub.rstrip("}")
    component = f"{base}_{{{sub}{index}}}"
    return f"{head}∂{component}" if sep else component


def unwrap(outcome: Outcome) -> Outcome:
    """A function value on one side of `=` stands for its formula (`∂f/∂x = 2x`)."""
    if outcome.ok and isinstance(outcome.value, FunctionValue):
        return Outcome(outcome.value.body)
    return outcome


def _names_in(text: str) -> set[str]:
    tree = parse_readings(text)[0].tree
    return {n[1] for n in walk(tree) if n[0] == "name"} if tree is not None else set()


def _decimal_literal(value, like: str) -> str:
    decimals = len(like.partition(".")[2])
    return f"{float(value):.{decimals}f}"


def _significant_digits(text: str) -> int:
    return len(text.replace(".", "").lstrip("0"))


def _in_parameters(value, params: frozenset) -> bool:
    names = {str(s) for s in value.free_symbols} if isinstance(value, (sp.Basic, sp.MatrixBase)) else set()
    return names <= params


def _is_numeric(value, measured: dict | None = None) -> bool:
    if isinstance(value, (FunctionValue, tuple)) or not isinstance(value, (sp.Basic, sp.MatrixBase)):
        return False
    allowed = set(measured or ())
    return not (value.free_symbols - allowed) and not value.atoms(sp.core.function.AppliedUndef)


def _midpoints(value, measured: dict):
    mapping = {s: v for s, (v, _) in measured.items() if s in value.free_symbols}
    if not mapping:
        return value
    return sp.ImmutableMatrix(value.xreplace(mapping)) if isinstance(value, sp.MatrixBase) else value.xreplace(mapping)


def _intervals(measured: dict, symbols) -> dict:
    from .intervals import widen

    return {s: widen(exact(v), h) for s, (v, h) in measured.items() if s in symbols}


def _radius(value, measured: dict):
    symbols = value.free_symbols
    if not symbols:
        return 0
    env = _intervals(measured, symbols)
    cells = list(value) if isinstance(value, sp.MatrixBase) else [value]
    try:
        radii = [_rational_up((hi(iv) - lo(iv)) / 2) for iv in (interval_of(c, env) for c in cells)]
    except NotEvaluable:
        return 0
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.shape[0], value.shape[1], radii)
    return radii[0]


def _spread(literal, computed, measured: dict):
    """How far the written literal lies from every value the computation allows."""
    symbols = computed.free_symbols if isinstance(computed, (sp.Basic, sp.MatrixBase)) else set()
    env = _intervals(measured, symbols)
    lits = list(literal) if isinstance(literal, sp.MatrixBase) else [literal]
    comps = list(computed) if isinstance(computed, sp.MatrixBase) else [computed]
    if len(lits) != len(comps):
        return None
    widths = []
    try:
        for lit, comp in zip(lits, comps):
            iv = interval_of(comp, env)
            lit_iv = exact(lit)
            widths.append(_rational_up(max(abs(lo(lit_iv) - lo(iv)), abs(hi(iv) - lo(lit_iv)))))
    except (NotEvaluable, TypeError):
        return None
    if isinstance(literal, sp.MatrixBase):
        return sp.ImmutableMatrix(literal.shape[0], literal.shape[1], widths)
    return widths[0]


def _rational_up(x) -> sp.Rational:
    """A rational a little above the non-negative mpf `x` (12 significant digits, rounded up)."""
    return sp.Rational(mp.nstr(x * (1 + mp.mpf("1e-9")), 12)) + sp.Rational(1, 10 ** 15)


def _same(a, width_a, b) -> bool:
    """Shown equal (within the rounding of a)."""
    return compare(Side(b), Side(a, width_a or 0)).verdict is Verdict.EQUAL


def _agrees(a, width_a, b, width_b=0) -> bool:
    """Not shown different."""
    comparison = compare(Side(a, width_a or 0), Side(b, width_b or 0))
    return comparison.verdict is not Verdict.DIFFERENT


def _entry_width(halfwidth, entry, value):
    if isinstance(halfwidth, sp.MatrixBase):
        return halfwidth[list(value).index(entry)]
    return halfwidth


def _approx_width(value, halfwidth):
    def width(v, h):
        try:
            return max(sp.Rational(h or 0), abs(sp.Rational(str(sp.N(v, 15)))) / 100)
        except (TypeError, ValueError):
            return h
    if isinstance(value, sp.MatrixBase):
        hs = halfwidth if isinstance(halfwidth, sp.MatrixBase) else [halfwidth] * len(value)
        return sp.ImmutableMatrix(value.shape[0], value.shape[1], [width(v, h) for v, h in zip(value, hs)])
    return width(value, halfwidth)


def _show_value(value) -> str:
    return show(value)


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
