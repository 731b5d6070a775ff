"""What the student claims a name stands for: binding values and functions, and checking a claim
against the same name's earlier values (conflicts, values an earlier line showed wrong)."""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import sympy as sp

from symcheck.check.judgement import ChainState
from symcheck.core.errors import SYMPY_ERRORS, SymcheckError, TooLarge
from symcheck.core.interval_math import Interval, Real
from symcheck.core.results import Finding, Verdict
from symcheck.core.sizegate import gated_xreplace
from symcheck.judge.compare import Measured, Side, compare
from symcheck.latex.parse import IMPLICIT_SUM_GUESS, Parsed
from symcheck.latex.syntax import Leibniz, Name, Node, walk
from symcheck.meaning.bindings import Binding, Environment, Formula
from symcheck.meaning.evaluate import FunctionsOnly, evaluate, literal_halfwidth
from symcheck.meaning.functions import FunctionValue, Math
from symcheck.meaning.interpret import interpret, leibniz_key
from symcheck.meaning.intervals import NotEvaluable, exact, hi, lo, mp, widen
from symcheck.meaning.intervals import evaluate as interval_of
from symcheck.read.statements import Chain
from symcheck.show.messages import say, sentence
from symcheck.show.render import shown

Readings = tuple[Parsed, ...]  # one element of a chain, read every way its notation allows
Elements = Sequence[Readings | None]  # a chain's elements, each read (None: an element not needed)
Measures = dict[sp.Symbol, tuple]  # the student's rounded values: symbol -> (value, half-width)

_NO_VALUE: tuple[type[BaseException], ...] = (SymcheckError, *SYMPY_ERRORS)  # interpreting an element failed


@dataclass(frozen=True)
class FunctionHead:
    """`f(x, y) = …`: a chain that defines a function."""

    name: str
    params: list[str]


@dataclass(frozen=True)
class TupleHead:
    """`(a, b) = …`: a chain that gives several names their values."""

    names: list[str]


@dataclass(frozen=True)
class ClaimHead:
    """`L = …`, `∂L/∂w = …`: a chain that claims a value for one name."""

    key: str


Head = FunctionHead | TupleHead | ClaimHead  # what a chain's left-hand side binds


class Claims:
    """What the student claimed each name stands for (kept in `env`: values, functions, definitions,
    values shown wrong), and the checks of a new claim against the earlier ones.

    `bind` takes in a chain's claim; `forget` drops a name's value (`W ← W - η∇W`); `measured_in` is
    the student's rounded values a value uses. What the checks find is passed to `add`."""

    def __init__(self, env: Environment, add: Callable[[Finding], None]) -> None:
        self.env = env
        self.add = add
        self.stated: dict[str, list[tuple[object, object] | None]] = {}  # head as written -> its results
        self.history: dict[str, list[tuple[object, object]]] = {}  # name -> every value it was bound to

    def note_statement(self, chain: Chain, parsed: Elements) -> None:
        """Remember what every `head = … = value` gave (None when it could not be evaluated), bound or not:
        a summary's value is checked against every name that may be the one meant (L, L', L_{new})."""
        if len(chain.elements) < 2 or chain.relations[0][0] != "=":
            return
        head = chain.elements[0].text.replace(" ", "")
        end = next((i for i, (relation, _) in enumerate(chain.relations) if relation not in ("=", "≈")),
                   len(chain.relations))  # `L' = … = 0.8366 < 1.137`: the value is 0.8366
        readings = parsed[end]
        outcome = evaluate(readings[0], self.env.view()) if readings else None
        result = None
        if outcome is not None and outcome.ok and is_numeric(outcome.value, self.env.measured):
            result = (midpoints(outcome.value, self.env.measured), _radius(outcome.value, self.env.measured))
        self.stated.setdefault(head, []).append(result)

    def measured_in(self, *values: object) -> Measured:
        """The student's rounded values (with their half-widths) that `values` use."""
        symbols: set[sp.Symbol] = set()
        for value in values:
            if isinstance(value, (sp.Basic, sp.MatrixBase)):
                symbols |= value.free_symbols
        return Measured({s: self.env.measured[s] for s in symbols if s in self.env.measured})

    def forget(self, key: str) -> None:
        """`key` has a new value the text does not give: neither its old value nor its definition stands for it."""
        self.env.values.pop(key, None)
        self.env.definitions.pop(key, None)

    # -- binding -----------------------------------------------------------------------
    def bind(self, chain: Chain, lhs: Head, parsed: Elements, state: ChainState) -> None:
        if isinstance(lhs, FunctionHead):
            self.define_function(chain, lhs.name, lhs.params, parsed)
        elif isinstance(lhs, TupleHead):
            self.bind_tuple(chain, lhs.names, parsed[-1])
        else:
            self.bind_claim(chain, lhs.key, parsed, state)

    def define_function(self, chain: Chain, name: str, params: list[str], parsed: Elements) -> None:
        """`f(x, y) = …`: the body is the last element that is an expression in the parameters."""
        if len(set(params)) != len(params):
            return
        self.keep_formula(chain, name, params, parsed)
        at_known_point = any(p in self.env.values for p in params)
        shadow = frozenset(params)
        scope = FunctionsOnly(self.env.functions)
        for readings in reversed(parsed[1:]):
            tree = readings[0].tree if readings else None  # the checker keeps only readings with a tree
            if tree is None:
                continue
            try:
                value = interpret(tree, scope, shadow)
            except _NO_VALUE:  # an element with no value is skipped; the next one may serve
                continue
            if isinstance(value, (FunctionValue, tuple)) or not _in_parameters(value, shadow):
                continue
            if (name in self.env.functions or at_known_point) and not _depends_on(value, shadow):
                return  # f(P) = 4.718 of a defined f, H_f(P) with P known: a value at a point, not a definition
            self.env.define(FunctionValue(name, tuple(sp.Symbol(p) for p in params), value, chain.line))
            return

    def keep_formula(self, chain: Chain, name: str, params: list[str], parsed: Elements) -> None:
        """`g(w) = w^T x`: the first right-hand side written in the parameters, kept as written (w may be
        a vector: `\\nabla_w g` is then computed on its components)."""
        first = parsed[1][0].tree if len(parsed) > 1 and parsed[1] else None
        if first is not None and {n.name for n in walk(first) if isinstance(n, Name)} & set(params):
            self.env.formulas[name] = Formula(tuple(params), first, chain.line)

    def bind_tuple(self, chain: Chain, names: list[str], last: Readings | None) -> None:
        if not last:
            return
        outcome = evaluate(last[0], self.env.view())
        value = outcome.value
        if isinstance(value, sp.MatrixBase):
            value = tuple(value)
        if not outcome.ok or outcome.guesses or not isinstance(value, tuple) or len(value) != len(names):
            return
        for name, item in zip(names, value):
            if is_numeric(item) and name not in self.env.params:
                self.env.bind(name, item, 0, chain.line, chain.context)

    def bind_claim(self, chain: Chain, key: str, parsed: Elements, state: ChainState) -> None:
        if key in self.env.params or not parsed[-1]:
            return
        self.record_definition(chain, key, parsed[1])
        last = parsed[-1][0]
        outcome = evaluate(last, self.env.view())
        if outcome.kind == "too-large" and len(chain.elements) == 2:
            self.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="warning", code="too-large",
                             message=f"not used: {outcome.error} is too large to compute safely", latex=chain.latex))
        if not outcome.ok or outcome.guesses or not is_numeric(outcome.value, self.env.measured):
            return  # a value read with a guess (e as Euler's number, …) is never remembered
        last_verified = state.verdicts.get(len(parsed) - 2) is Verdict.EQUAL
        value, halfwidth = self.settle(key, outcome.value, last, parsed, last_verified)
        self.check_against_earlier(chain, key, value, halfwidth)
        if state.failed and self.contradicted_within(parsed, value, halfwidth):
            self.env.refute(key, value, chain.end_line, f"line {chain.end_line}")
        self.history.setdefault(key, []).append((value, halfwidth))
        self.env.bind(key, value, halfwidth, chain.end_line, chain.context,
                      verified=last_verified and len(parsed) > 2 and not state.failed)

    def record_definition(self, chain: Chain, key: str, readings: Readings | None) -> None:
        """`L = -[y\\ln p + …]`, `z = w^Tx + b`: a name written as an expression in other names."""
        if "∂" in key or not readings or len(readings) != 1:
            return
        tree = readings[0].tree
        if tree is None:  # the checker keeps only readings with a tree
            return
        names = {node.name for node in walk(tree) if isinstance(node, Name)} - {key}
        if names and set(readings[0].guesses) <= {IMPLICIT_SUM_GUESS}:  # a sum's range is settled at use
            self.env.define_name(key, tree, chain.line)

    def contradicted_within(self, parsed: Elements, value: object, halfwidth: object) -> bool:
        """True when an earlier numeric element of the same chain shows the final value wrong."""
        for readings in parsed[1:-1]:
            if not readings:
                continue
            outcome = evaluate(readings[0], self.env.view())
            if outcome.ok and is_numeric(outcome.value, self.env.measured):
                measured = self.measured_in(outcome.value)
                if compare(Side(outcome.value), Side(value, halfwidth), measured).verdict is Verdict.DIFFERENT:
                    return True
        return False

    def settle(self, key: str, value: Math, last: Parsed, parsed: Elements, verified: bool) -> tuple[object, object]:
        """The exact value to bind and its half-width (how far the truth may lie from it).

        Given data (`w = 0.01`) is exact; a restated value keeps the half-width it had; a rounded
        result of a verified computation spans every value that computation allows.
        """
        exact_value = midpoints(value, self.env.measured)
        halfwidth, decimals = literal_halfwidth(last.tree)
        if decimals is None:
            return exact_value, _radius(value, self.env.measured)
        if len(parsed) == 2:
            earlier = self.env.values.get(key)
            if earlier is not None and not self.refuted(key, earlier.value) \
                    and _agrees(exact_value, halfwidth, earlier.value, earlier.halfwidth):
                return earlier.value, earlier.halfwidth  # (a value shown wrong is not what a restatement means)
            return exact_value, 0
        previous = parsed[-2] if verified else None
        if previous:
            outcome = evaluate(previous[0], self.env.view())
            if outcome.ok and is_numeric(outcome.value, self.env.measured):
                spread = _spread(exact_value, outcome.value, self.env.measured)
                if spread is not None:
                    return exact_value, spread
        return exact_value, halfwidth

    def refuted(self, key: str, value: object) -> bool:
        return any(same(value, 0, r.value) for r in self.env.refuted.get(key, []))

    def check_against_earlier(self, chain: Chain, key: str, value: object, halfwidth: object) -> None:
        for refuted in self.env.refuted.get(key, []):
            if same(value, halfwidth, refuted.value):
                self.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="error",
                                 code="repeats-refuted-value",
                                 message=sentence(say("{found} repeats the value of {quantity} that {line} showed to "
                                              "be wrong", found=show_value(value), quantity=key, line=refuted.line)),
                                 latex=chain.latex, expected=None, found=show_value(value), method="earlier-line"))
                return
        if isinstance(value, sp.MatrixBase) and 1 in value.shape:
            self.check_family(chain, key, value, halfwidth)
        earlier = self.env.values.get(key)
        if earlier is None or _agrees(value, halfwidth, earlier.value, earlier.halfwidth):
            return
        if any(_agrees(earlier.value, earlier.halfwidth, r.value) for r in self.env.refuted.get(key, [])):
            return
        if chain.summary and len(chain.elements) == 2 and self.restates_wrongly(key, value, halfwidth, earlier):
            self.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="error",
                             code="answer-contradicts-work",
                             message=sentence(say("the answer {found} for {quantity} is not what {line} computed, "
                                                  "{value}", found=show_value(value), quantity=key, line=earlier.line,
                                                  value=show_value(earlier.value))),
                             latex=chain.latex, expected=show_value(earlier.value), found=show_value(value),
                             method="earlier-line"))
            return
        same_context = earlier.context == chain.context
        self.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="warning" if same_context else "info",
                         code="conflicting-values",
                         message=sentence(say("{quantity} was {value} on {line}; here it is {found}: keep one value, "
                                      "or say which one this is", quantity=key, value=show_value(earlier.value),
                                      line=earlier.line, found=show_value(value))),
                         latex=chain.latex, expected=None, found=show_value(value), method="earlier-line"))

    def restates_wrongly(self, key: str, value: object, halfwidth: object, earlier: Binding) -> bool:
        """A summary's `L = 0.387` against the work: wrong only when the work's value was computed and its last
        step checked, and no value of the name or of its variants (L', L_{new}, L^{(1)}) agrees with it."""
        if not earlier.verified or not is_numeric(value, self.env.measured):
            return False
        base = _base_name(key)
        variants = [v for name, values in self.history.items() if _base_name(name) == base for v in values]
        for head, results in self.stated.items():
            if _base_name(head) != base:
                continue
            if head != key.replace(" ", "") and None in results:
                return False  # a variant (L') whose value is not known: it may be the one meant
            variants += [r for r in results if r is not None]
        return not any(_agrees(value, halfwidth, v, h) for v, h in variants)

    def check_family(self, chain: Chain, key: str, value: sp.MatrixBase, halfwidth: object) -> None:
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
                if same(entry, _entry_width(halfwidth, entry, value), refuted.value):
                    self.add(Finding(line=chain.end_line, end_line=chain.end_line, severity="error",
                                     code="repeats-refuted-value",
                                     message=sentence(say("the entry {found} for {quantity} repeats the value that "
                                                  "{line} showed to be wrong", found=show_value(entry), quantity=name,
                                                  line=refuted.line)),
                                     latex=chain.latex, expected=None, found=show_value(entry),
                                     method="earlier-line"))
                    return


def _base_name(name: str) -> str:
    """The letter a name is a variant of: L for L', L_{new}, L^{(1)}, \\hat{L}."""
    name = re.sub(r"\\(?:hat|bar|tilde|mathbf|boldsymbol|prime)\b|[{}\s]", "", name)
    return re.split(r"[_^']", name, maxsplit=1)[0]


def claim_key(tree: Node | None, env: Environment) -> str | None:
    """The name a chain's left-hand side claims a value for, or None if it is an expression."""
    if isinstance(tree, Name) and tree.name not in env.functions and tree.name != "D":  # `e = \hat{y} - y` binds e
        return tree.name
    if isinstance(tree, Leibniz) and isinstance(tree.numerator, Name) and tree.numerator.name not in env.functions:
        numerator = tree.numerator.name
        names = [v.name for v in tree.variables]
        if numerator in names or any(n.partition("_{")[0] in env.functions for n in [numerator]):
            return None
        return leibniz_key(numerator, names, tree.order)
    return None  # an expression, or a label with words (`L_2 \text{ loss}`) that several samples share


def component_key(key: str, index: int) -> str:
    """The name of component `index` of a vector quantity: w_{1} -> w_{1<index>}, ∂L/∂w_{1} -> ∂L/∂w_{1<index>}."""
    head, sep, variable = key.rpartition("∂")
    target = variable if sep else key
    base, _, sub = target.partition("_{")
    sub = sub.rstrip("}")
    component = f"{base}_{{{sub}{index}}}"
    return f"{head}∂{component}" if sep else component


def _depends_on(value: object, params: frozenset[str]) -> bool:
    return isinstance(value, (sp.Basic, sp.MatrixBase)) and any(str(s) in params for s in value.free_symbols)


def _in_parameters(value: object, params: frozenset[str]) -> bool:
    names = {str(s) for s in value.free_symbols} if isinstance(value, (sp.Basic, sp.MatrixBase)) else set()
    return names <= params


def is_numeric(value: object, measured: Measures | None = None) -> bool:
    if isinstance(value, (FunctionValue, tuple)) or not isinstance(value, (sp.Basic, sp.MatrixBase)):
        return False
    return _is_constant(value, set(measured or ()))


def _is_constant(value: Math, allowed: set[sp.Symbol]) -> bool:
    """No symbol but the `allowed` ones, and no undefined function."""
    return not (value.free_symbols - allowed) and not value.atoms(sp.core.function.AppliedUndef)


def midpoints(value: Math, measured: Measures) -> Math:
    symbols = value.free_symbols
    mapping = {s: measured[s][0] for s in symbols if s in measured}
    if not mapping:
        return value
    try:
        return gated_xreplace(value, mapping)
    except TooLarge:
        return value


def _intervals(measured: Measures, symbols: Collection[sp.Symbol]) -> dict[sp.Symbol, Interval]:
    return {s: widen(exact(v), h) for s, (v, h) in measured.items() if s in symbols}


def _radius(value: Math, measured: Measures) -> object:
    symbols = value.free_symbols
    if not symbols:
        return 0
    cells = list(value) if isinstance(value, sp.MatrixBase) else [value]
    try:
        env = _intervals(measured, symbols)
        radii = [_rational_up((hi(iv) - lo(iv)) / 2) for iv in (interval_of(c, env) for c in cells)]
    except NotEvaluable:
        return 0
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.shape[0], value.shape[1], radii)
    return radii[0]


def _spread(literal: Math, computed: Math, measured: Measures) -> object | None:
    """How far the written literal lies from every value the computation allows."""
    symbols = computed.free_symbols if isinstance(computed, (sp.Basic, sp.MatrixBase)) else set()
    lits = list(literal) if isinstance(literal, sp.MatrixBase) else [literal]
    comps = list(computed) if isinstance(computed, sp.MatrixBase) else [computed]
    if len(lits) != len(comps):
        return None
    widths: list[sp.Rational] = []
    try:
        env = _intervals(measured, symbols)
        for lit, comp in zip(lits, comps):
            iv = interval_of(comp, env)
            lit_iv = exact(lit)
            widths.append(_rational_up(max(abs(lo(lit_iv) - lo(iv)), abs(hi(iv) - lo(lit_iv)))))
    except (NotEvaluable, TypeError):
        return None
    if isinstance(literal, sp.MatrixBase):
        return sp.ImmutableMatrix(literal.shape[0], literal.shape[1], widths)
    return widths[0]


def _rational_up(x: Real) -> sp.Rational:
    """A rational a little above the non-negative mpf `x` (12 significant digits, rounded up)."""
    return sp.Rational(mp.nstr(x * (1 + mp.mpf("1e-9")), 12)) + sp.Rational(1, 10 ** 15)


def same(a: object, width_a: object, b: object) -> bool:
    """Shown equal (within the rounding of a)."""
    return compare(Side(b), Side(a, width_a or 0)).verdict is Verdict.EQUAL


def _agrees(a: object, width_a: object, b: object, width_b: object = 0) -> bool:
    """Not shown different."""
    comparison = compare(Side(a, width_a or 0), Side(b, width_b or 0))
    return comparison.verdict is not Verdict.DIFFERENT


def _entry_width(halfwidth: object, entry: object, value: sp.MatrixBase) -> object:
    if isinstance(halfwidth, sp.MatrixBase):
        return halfwidth[list(value).index(entry)]
    return halfwidth


def show_value(value: object) -> str:
    return shown(value)
