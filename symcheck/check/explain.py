"""Building what the named-mistake rules look at (`diagnose.Mistake`) from a failed step or a wrong claim.

`Evidence.mistake` is the one builder: the checker calls it for a step found different (`step_mistake`),
the grader for a claim the answer key finds wrong; `replace_literal` is the one way a copied number is
replaced when a rule asks whether the work holds with that copy fixed."""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from typing import SupportsFloat

import sympy as sp

from symcheck.check.claims import is_numeric, midpoints, same
from symcheck.check.judgement import Judgement, plausible
from symcheck.core.results import Finding, Verdict
from symcheck.diagnose.rules import Mistake, NamedValue, diagnose, is_digit_slip
from symcheck.latex.parse import Parsed, parse_readings
from symcheck.latex.syntax import Add, Name, Node, literal_texts, walk
from symcheck.meaning.bindings import Environment
from symcheck.meaning.evaluate import evaluate, literal_halfwidth
from symcheck.read.statements import Chain
from symcheck.show.messages import sentence
from symcheck.show.render import digits_for, show, shown

Readings = tuple[Parsed, ...]
Judge = Callable[[Readings, Readings, bool], Judgement]  # the checker's judge(left, right, approx)
Recheck = Callable[[dict], bool]  # recheck({literal text: value}): does the work hold with those copies fixed?


class Evidence:
    """The evidence for named mistakes, from the student's bindings in `env`; `judge` judges a step again."""

    def __init__(self, env: Environment, judge: Judge) -> None:
        self.env = env
        self.judge = judge

    def mistake(self, expected: object, found: object, halfwidth: object, chain: Chain, literals: Iterable[str],
                recheck: Recheck, *, named: list[NamedValue] | None = None, expected_name: str = "",
                swaps: list | None = None, terms: list | None = None, term_pairs: list | None = None) -> Mistake:
        """The one builder of a `Mistake`: `found` as the messages show it, the student's named values
        (unless `named` is given), and the `literals` one digit away from an earlier value, the likeliest
        source first."""
        copied = sorted(self.copied_literals(literals), key=lambda pair: self.source_rank(pair[1], chain))
        return Mistake(expected, self.readable(found), halfwidth, dict(self.env.functions),
                       self.named_values() if named is None else named, copied, recheck,
                       expected_name=expected_name, terms=terms or [], term_pairs=term_pairs or [],
                       swaps=swaps or [])

    # -- a step found different -------------------------------------------------------------
    def explained(self, finding: Finding, judgement: Judgement, chain: Chain, i: int, left: Readings,
                  right: Readings, approx: bool) -> Finding:
        """The finding with the named mistake that explains it, when a rule of `diagnose` does."""
        mistake = self.step_mistake(judgement, chain, i, left, right, approx)
        if mistake is None:
            return finding
        named = diagnose(mistake)
        if named is None:
            return finding
        code, message = named
        # The values shown are the ones the explanation uses: the reading it judged (-15.886 for `-15 \cdot 886`),
        # rounded inputs by their midpoints, names kept in expressions.
        expected = self.reading_nearest(left, right, approx, mistake)
        digits = digits_for(mistake.found)
        return replace(finding, code=code, message=sentence(message), expected=shown(expected, digits=digits),
                       found=shown(mistake.found, digits=digits))

    def reading_nearest(self, left: Readings, right: Readings, approx: bool, mistake: Mistake) -> object:
        """The expected value under the reading of the left side nearest to what the student wrote."""
        if len(left) < 2 or not is_numeric(mistake.found, self.env.measured):
            return mistake.expected
        best, distance = mistake.expected, None
        for reading in left:
            judgement = self.judge((reading,), right, approx)
            if judgement.left is None or not judgement.left.ok:
                continue
            value = self.readable(judgement.left.value)
            if not isinstance(value, (sp.Basic, sp.MatrixBase)):
                continue  # a tuple or a function: no distance to a number
            try:
                gap = abs(float(sp.N(value - mistake.found)))
            except (TypeError, ValueError):
                continue
            if distance is None or gap < distance:
                best, distance = value, gap
        return best

    def step_mistake(self, judgement: Judgement, chain: Chain, i: int, left: Readings, right: Readings,
                     approx: bool) -> Mistake | None:
        """The mistake of relation `i` of the chain: its left side's value expected, its right side's found."""
        if judgement.left is None or judgement.right is None or not (judgement.left.ok and judgement.right.ok):
            return None
        texts = literal_texts(left[0].tree)
        if literal_halfwidth(right[0].tree)[1] is None:  # the step computes with these (not its bare result)
            texts |= literal_texts(right[0].tree)
        terms = self.term_values(left[0].tree)
        found_terms = self.term_values(right[0].tree)
        pairs = [(a, b) for a, b in zip(terms, found_terms) if not same(a, 0, b)] \
            if terms and len(terms) == len(found_terms) else []
        return self.mistake(self.readable(judgement.left.value), judgement.right.value,
                            literal_halfwidth(right[0].tree)[0], chain, sorted(t for t in texts if "." in t),
                            self.step_recheck(chain, i, approx), terms=terms, term_pairs=pairs)

    def step_recheck(self, chain: Chain, i: int, approx: bool) -> Recheck:
        """recheck({literal: value}): would relation `i` hold with those copies fixed?"""
        def recheck(replacements: dict) -> bool:
            texts = [chain.elements[i].text, chain.elements[i + 1].text]
            for old, new in replacements.items():
                texts = [replace_literal(t, old, new) for t in texts]
            a, b = (tuple(r for r in parse_readings(t) if r.tree is not None and plausible(r, self.env.log_base))
                    for t in texts)
            return bool(a and b) and self.judge(a, b, approx).comparison.verdict is Verdict.EQUAL
        return recheck

    def term_values(self, tree: Node | None) -> list[object]:
        """The values of the terms of a sum (signs included), or [] for anything else."""
        if not isinstance(tree, Add):
            return []
        values = []
        for sign, node in tree.terms:
            outcome = evaluate(Parsed("", node), self.env.view())
            value = outcome.value  # interpreted: a SymPy value, a matrix, a tuple or a FunctionValue
            if not outcome.ok or not isinstance(value, (sp.Basic, sp.MatrixBase)):
                return []
            values.append(self.readable(-value if sign < 0 else value))
        return values

    def source_rank(self, named: NamedValue, chain: Chain) -> tuple[bool, bool, int]:
        """Where a copied number most likely came from: a name the chain mentions, the same context, the latest."""
        binding = self.env.values.get(named.name)
        mentioned = any(named.name.lower() == n.lower() for e in chain.elements for n in _names_in(e.text))
        same_context = binding is not None and binding.context == chain.context
        return (not mentioned, not same_context, -(binding.line if binding else 0))

    def readable(self, value: object) -> object:
        """A value for messages: rounded inputs by their midpoints when it is a number, by their names
        when it is an expression (2(y - ŷ_1), not 2(y - 283/2500))."""
        if is_numeric(value, self.env.measured):
            return midpoints(value, self.env.measured)
        if not isinstance(value, (sp.Basic, sp.MatrixBase)):
            return value
        tokens = value.free_symbols & set(self.env.measured)
        names = {t: sp.Symbol(t.name.strip("⟨⟩⟪⟫")) for t in tokens}
        return value.xreplace(names) if names else value

    def named_values(self, exclude: Collection[str] = ()) -> list[NamedValue]:
        """The student's values (but those of the names in `exclude`), each with its line."""
        return [NamedValue(b.name, b.value, f"line {b.line}") for b in self.env.values.values()
                if b.name not in exclude and isinstance(b.value, (sp.Basic, sp.MatrixBase))]

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
                    if (other.name != source.name and other.name.partition("_{")[0] == family
                            and other.value != source.value and isinstance(other.value, sp.Basic)):
                        sign = 1 if source.value == value else -1  # `(-1)` holds the literal 1 of x_2 = -1
                        out.append((text, show(sign * other.value), other, source))
        return out[:40]

    def component_values(self) -> list[NamedValue]:
        """Components x_{1}, x_{2}, … of the vectors the student gave (1-based)."""
        out: list[NamedValue] = []
        for b in self.env.values.values():
            if isinstance(b.value, sp.MatrixBase) and 1 in b.value.shape and "∂" not in b.name:
                base = b.name if "_{" not in b.name else b.name[:-1]
                for j, entry in enumerate(b.value, start=1):
                    name = f"{base}_{{{j}}}" if "_{" not in b.name else f"{base}{j}}}"
                    out.append(NamedValue(name, entry, f"line {b.line}"))
        return out

    def copied_literals(self, literals: Iterable[str]) -> list[tuple[str, NamedValue]]:
        """(literal, earlier value) for each decimal of `literals` one digit away from an earlier value."""
        out = []
        for text in (t for t in literals if "." in t):
            for binding in self.env.values.values():
                if not isinstance(binding.value, sp.MatrixBase) and is_digit_slip(text, binding.value):
                    out.append((text, NamedValue(binding.name, binding.value, f"line {binding.line}")))
        return out


def _names_in(text: str) -> set[str]:
    tree = parse_readings(text)[0].tree
    return {n.name for n in walk(tree) if isinstance(n, Name)} if tree is not None else set()


def replace_literal(text: str, old: str, new: str | SupportsFloat) -> str:
    """`text` with the number `old` replaced: by `new` as written if a string, else at old's precision."""
    written = new if isinstance(new, str) else f"{float(new):.{len(old.partition('.')[2])}f}"
    replacement = written.lstrip("-") if old.startswith("-") == written.startswith("-") else f"({written})"
    return re.sub(r"(?<![\d.])" + re.escape(old.lstrip("-")) + r"(?![\d.])", replacement, text)
