"""Building what the named-mistake rules look at (`diagnose.Mistake`) from a failed step."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import sympy as sp

from symcheck.check.claims import _is_numeric, _midpoints, _same
from symcheck.diagnose.rules import Mistake, NamedValue, is_digit_slip, diagnose
from symcheck.meaning.evaluate import evaluate, literal_halfwidth
from symcheck.meaning.functions import FunctionValue
from symcheck.latex.syntax import Add, Name, literal_texts, walk
from symcheck.latex.parse import Parsed, parse_readings
from symcheck.show.messages import sentence
from symcheck.show.render import digits_for, show, shown
from symcheck.core.results import Finding, Verdict

if TYPE_CHECKING:  # annotations only: check.py imports this module
    from symcheck.check.checker import Judgement
    from symcheck.read.statements import Chain


class ExplainMixin:
    """The Checker's explanations; expects `env`, `judge` and the claims helpers from the Checker."""

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
        # The values shown are the ones the explanation uses: the reading it judged (-15.886 for `-15 \cdot 886`),
        # rounded inputs by their midpoints, names kept in expressions.
        expected = self.reading_nearest(left, right, approx, mistake)
        digits = digits_for(mistake.found)
        return replace(finding, code=code, message=sentence(message), expected=shown(expected, digits=digits),
                       found=shown(mistake.found, digits=digits))

    def reading_nearest(self, left, right, approx: bool, mistake: Mistake):
        """The expected value under the reading of the left side nearest to what the student wrote."""
        if len(left) < 2 or not _is_numeric(mistake.found, self.env.measured):
            return mistake.expected
        best, distance = mistake.expected, None
        for reading in left:
            judgement = self.judge((reading,), right, approx)
            if judgement.left is None or not judgement.left.ok:
                continue
            value = self.readable(judgement.left.value)
            try:
                gap = abs(float(sp.N(value - mistake.found)))
            except (TypeError, ValueError):
                continue
            if distance is None or gap < distance:
                best, distance = value, gap
        return best

    def mistake(self, judgement: Judgement, chain: Chain, i: int, left, right, approx: bool) -> Mistake | None:
        if judgement.left is None or judgement.right is None or not (judgement.left.ok and judgement.right.ok):
            return None
        expected = self.readable(judgement.left.value)
        found = self.readable(judgement.right.value)

        def recheck(replacements: dict) -> bool:
            texts = [chain.elements[i].text, chain.elements[i + 1].text]
            for old, new in replacements.items():
                texts = [t.replace(old, _decimal_literal(new, old)) for t in texts]
            a, b = (tuple(r for r in parse_readings(t) if r.tree is not None and self.plausible(r)) for t in texts)
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
        if not isinstance(tree, Add):
            return []
        values = []
        for sign, node in tree.terms:
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
                if not isinstance(binding.value, sp.MatrixBase) and is_digit_slip(text, binding.value):
                    out.append((text, NamedValue(binding.name, binding.value, f"line {binding.line}")))
        return out


def _names_in(text: str) -> set[str]:
    tree = parse_readings(text)[0].tree
    return {n.name for n in walk(tree) if isinstance(n, Name)} if tree is not None else set()


def _decimal_literal(value, like: str) -> str:
    decimals = len(like.partition(".")[2])
    return f"{float(value):.{decimals}f}"
