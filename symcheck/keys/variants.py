r"""Randomised variants: a problem with parameters, each student graded against their own numbers.

A problem file defines a function that builds the `Problem` from parameter values, and
`PROBLEM = Variants(build, params={...}, statement=...)`. A variant id (a student id, or any text) picks
one value per parameter, deterministically:

    index = int.from_bytes(sha256(f"{name}\0{variant id}\0{parameter}" as UTF-8)[:8], "big") % len(values)

where `name` is the `Variants`' name (by default the problem file's name without `.py`) and the variant id
is taken after Unicode NFC normalisation with surrounding spaces removed. Only SHA-256 and integer
arithmetic: the same id gives the same numbers on every machine and every version of Python (never
`hash()`, never `random`). Each parameter is drawn on its own, so adding a parameter does not change the
others' values. When `where` rejects a draw, the draw is repeated with `\0{attempt}` appended (attempt
1, 2, …, at most `MAX_ATTEMPTS`).

Without a variant id, a problem file's key is the *default variant*: every parameter at its default (the
first of a `Choice`, the low end of an `IntRange`, or `default=`).
"""
from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import sympy as sp

from symcheck.core.errors import DerivationError, ProblemFileError, SymcheckError
from symcheck.keys.problem import Problem, declared_here, line_of, traceback_line

MAX_ATTEMPTS = 1000  # draws tried per variant before `where` is declared unsatisfiable
MAX_VARIANT_ID = 1000  # characters of a variant id


class Parameter:
    """A parameter's finite list of values and its default (the base of `Choice` and `IntRange`)."""

    values: tuple
    default: object

    def _check(self, what: str) -> None:
        if not self.values:
            raise DerivationError(f"{what} has no values")
        if self.default not in self.values:
            raise DerivationError(f"{what}: default {self.default!r} is not one of its values")


@dataclass(frozen=True)
class Choice(Parameter):
    """A parameter taking one of the values listed (numbers, SymPy expressions or strings).

    A Python float is given to the build function exactly (0.1 as 1/10) and shown as written (0.1).

    Args:
        options: the values, in order; the first is the default unless `default` is given.
        default: the value of the default variant (the key without `--variant`).

    Examples:
        >>> Choice([2, 3, 5]).values, Choice([2, 3, 5]).default, Choice([0.1, 0.01], default=0.01).default
        ((2, 3, 5), 2, 0.01)
    """

    options: tuple | list = ()
    default: object = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        if self.default is None and self.options:
            object.__setattr__(self, "default", self.options[0])
        self._check(f"Choice({list(self.options)!r})")

    @property
    def values(self) -> tuple:  # type: ignore[override]
        return tuple(self.options)


@dataclass(frozen=True)
class IntRange(Parameter):
    """An integer parameter from `low` to `high`, both included.

    Args:
        low: the smallest value (the default unless `default` is given).
        high: the largest value.
        step: the step between values.
        exclude: values left out (e.g. 0).
        default: the value of the default variant.

    Examples:
        >>> IntRange(1, 4).values, IntRange(-2, 2, exclude=[0]).values, IntRange(0, 10, step=5).default
        ((1, 2, 3, 4), (-2, -1, 1, 2), 0)
    """

    low: int
    high: int
    step: int = 1
    exclude: tuple | list = ()
    default: object = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "exclude", tuple(self.exclude))
        if not all(isinstance(v, int) for v in (self.low, self.high, self.step)) or self.step < 1:
            raise DerivationError(f"IntRange({self.low!r}, {self.high!r}, step={self.step!r}) needs integers "
                                  "and a step of at least 1")
        if self.default is None and self.values:
            object.__setattr__(self, "default", self.values[0])
        self._check(f"IntRange({self.low}, {self.high})")

    @property
    def values(self) -> tuple:  # type: ignore[override]
        return tuple(v for v in range(self.low, self.high + 1, self.step) if v not in self.exclude)


def normal_id(variant: str) -> str:
    """A variant id as it is hashed: NFC, no surrounding spaces; refused when empty or too long.

    Examples:
        >>> normal_id("  ada ")
        'ada'
    """
    text = unicodedata.normalize("NFC", str(variant)).strip()
    if not text:
        raise SymcheckError("a variant id must not be empty")
    if len(text) > MAX_VARIANT_ID:
        raise SymcheckError(f"a variant id has at most {MAX_VARIANT_ID} characters")
    return text


def draw(name: str, variant: str, parameter: str, count: int, attempt: int = 0) -> int:
    r"""The index (0 ≤ index < count) of `parameter`'s value for `variant`: SHA-256, reproducible anywhere.

    Examples:
        >>> draw("cubic", "ada", "a", 3), draw("cubic", "ada", "a", 3, attempt=1)
        (0, 2)
    """
    text = f"{name}\0{variant}\0{parameter}" + (f"\0{attempt}" if attempt else "")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % count


def exact_value(value: object) -> object:
    """A parameter's value as the build function gets it: a float as the decimal it prints as, exactly."""
    if isinstance(value, float):
        return sp.Rational(str(value))
    return value


def shown_value(value: object) -> str:
    r"""A parameter's value in LaTeX, as a handout shows it: numbers as written (0.1, not 1/10).

    Examples:
        >>> import sympy as sp
        >>> shown_value(0.1), shown_value(-3), shown_value(sp.sqrt(2))
        ('0.1', '-3', '\\sqrt{2}')
    """
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return sp.latex(value)


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")


def render_template(template: str, values: Mapping[str, object]) -> str:
    """`{{name}}` in `template` replaced by the LaTeX of the parameter's value (`shown_value`).

    Examples:
        >>> render_template(r"$f(x) = x^2 - {{a}} x$ at $x = {{ x0 }}$", {"a": 3, "x0": 0.5})
        '$f(x) = x^2 - 3 x$ at $x = 0.5$'
    """
    return _PLACEHOLDER.sub(lambda m: shown_value(values[m.group(1)]), template)


@dataclass(frozen=True)
class Variants:
    r"""A problem with parameters: `PROBLEM = Variants(build, params={...})` in a problem file.

    Each variant id (a student id) gets one value per parameter (see the module's docstring for the
    algorithm), and its key is `build(**values)`. Load a variant with `load_problem(path, variant=ID)`;
    without a variant id the key is the default variant.

    Args:
        build: a function of the parameters (by name) returning the `Problem` for those values; floats
            arrive exact (0.1 as 1/10).
        params: `{name: Choice(...) or IntRange(...)}`.
        statement: the problem statement shown by `symcheck handout`, Markdown with `$…$` math, where
            `{{name}}` stands for the parameter's value in LaTeX.
        name: the seed of the draw; by default the problem file's name without `.py` (renaming the file
            changes every variant unless `name` is given).
        where: a condition on the parameters (by name) a variant must satisfy, e.g. `lambda a, b: a != b`.
        origin: set by symcheck: the (file, line) of the call.

    Examples:
        >>> from symcheck.problem import Part, Problem, Quantity
        >>> def build(a, x0):
        ...     return Problem("Slope", parts=[Part("1", 1, quantities=[Quantity("f'(x_0)", 2 * a * x0)])])
        >>> variants = Variants(build, params={"a": Choice([2, 3, 5]), "x0": IntRange(1, 4)},
        ...                     statement="$f(x) = {{a}} x^2$; give $f'({{x0}})$.", name="slope")
        >>> variants.values_for("ada"), variants.values_for("ada") == variants.values_for(" ada")
        ({'a': 5, 'x0': 2}, True)
        >>> problem = variants.problem("ada")
        >>> problem.variant, problem.params, problem.parts[0].quantities[0].value, problem.statement
        ('ada', (('a', 5), ('x0', 2)), 20, "$f(x) = 5 x^2$; give $f'(2)$.")
        >>> variants.problem().params  # the default variant
        (('a', 2), ('x0', 1))
    """

    build: Callable[..., Problem]
    params: dict = field(default_factory=dict)
    statement: str = ""
    name: str = ""
    where: Callable[..., bool] | None = None
    origin: tuple = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", self.origin or declared_here())
        object.__setattr__(self, "params", dict(self.params))
        self._check()

    def _check(self) -> None:
        if not callable(self.build):
            raise DerivationError("Variants(build, ...): build must be a function of the parameters")
        if not self.params:
            raise DerivationError("Variants needs at least one parameter in params={...}")
        for key, value in self.params.items():
            if not isinstance(key, str) or not key.isidentifier():
                raise DerivationError(f"parameter name {key!r} must be a Python identifier")
            if not isinstance(value, Parameter):
                raise DerivationError(f"parameter {key}: {type(value).__name__} is not a Choice(...) or IntRange(...)")
        for function, what in ((self.build, "build"), (self.where, "where")):
            if function is not None:
                _check_signature(function, what, list(self.params))
        unknown = sorted({m.group(1) for m in _PLACEHOLDER.finditer(self.statement)} - set(self.params))
        if unknown:
            raise DerivationError(f"the statement uses {{{{{unknown[0]}}}}}, not a parameter "
                                  f"(parameters: {', '.join(self.params)})")
        if self.where is not None and not self.where(**self.defaults()):
            raise DerivationError("the default values of the parameters do not satisfy `where`")

    def defaults(self) -> dict[str, object]:
        """Every parameter at its default value (the key without a variant id)."""
        return {key: p.default for key, p in self.params.items()}

    def values_for(self, variant: str) -> dict[str, object]:
        """The parameters' values (as declared: floats as floats) for a variant id."""
        text = normal_id(variant)
        for attempt in range(MAX_ATTEMPTS):
            values = {key: p.values[draw(self.name, text, key, len(p.values), attempt)]
                      for key, p in self.params.items()}
            if self.where is None or self.where(**values):
                return values
        raise SymcheckError(f"no values of the parameters satisfy `where` for variant {text!r} "
                            f"in {MAX_ATTEMPTS} draws")

    def count(self) -> int:
        """How many combinations of values the parameters have (before `where`)."""
        total = 1
        for p in self.params.values():
            total *= len(p.values)
        return total

    def combinations(self, limit: int) -> tuple[list[dict[str, object]], int]:
        """Up to `limit` combinations of values that satisfy `where` (all of them when there are fewer; else
        evenly spaced), and how many combinations there are before `where`."""
        import itertools

        total = self.count()
        step = max(1, -(-total // limit))
        names = list(self.params)
        chosen = itertools.islice(itertools.product(*(p.values for p in self.params.values())), 0, None, step)
        out = [dict(zip(names, combo)) for combo in chosen]
        return [v for v in out if self.where is None or self.where(**v)], total

    def problem(self, variant: str | None = None, values: dict[str, object] | None = None) -> Problem:
        """The key of one variant (the default variant when `variant` is None), or of the `values` given."""
        if values is None:
            values = self.defaults() if variant is None else self.values_for(variant)
        built = self.build(**{key: exact_value(v) for key, v in values.items()})
        if not isinstance(built, Problem):
            raise DerivationError(f"build returned a {type(built).__name__}, not a Problem(...)")
        statement = render_template(self.statement, values) if self.statement else built.statement
        return replace(built, variant="" if variant is None else normal_id(variant),
                       params=tuple(values.items()), statement=statement)

    def problem_for(self, path: Path, variant: str | None) -> Problem:
        """The key of `variant` of the `Variants` a problem file defines (`build_variant`)."""
        return build_variant(self, path, variant)


def _check_signature(function: Callable[..., object], what: str, names: list[str]) -> None:
    """`function` accepts every parameter by name (or **kwargs) and needs no other argument."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - a builtin without a signature
        return
    accepted = signature.parameters
    if any(p.kind == p.VAR_KEYWORD for p in accepted.values()):
        return
    missing = [n for n in names if n not in accepted]
    needed = [n for n, p in accepted.items() if p.default is p.empty and p.kind != p.VAR_POSITIONAL
              and n not in names]
    if missing:
        raise DerivationError(f"{what} takes no argument {missing[0]!r}, a parameter; "
                              f"it must accept {', '.join(names)}")
    if needed:
        raise DerivationError(f"{what} needs argument {needed[0]!r}, which is not a parameter "
                              f"(parameters: {', '.join(names)})")


def build_variant(variants: Variants, path: Path, variant: str | None) -> Problem:
    """The key of `variant` (None: the default variant) of a problem file's `Variants`; a failure of the
    build function is a `ProblemFileError` at its line, a bad variant id a `SymcheckError`."""
    if not variants.name:
        variants = replace(variants, name=path.stem)
    try:
        return variants.problem(variant)
    except (ProblemFileError, RecursionError):
        raise
    except DerivationError as exc:
        line = traceback_line(path, exc) or line_of(str(path), variants.origin)
        raise ProblemFileError(str(path), line, str(exc)) from exc
    except SymcheckError:
        raise
    except Exception as exc:  # any failure of trusted code is re-raised as a ProblemFileError with its line
        line = traceback_line(path, exc) or line_of(str(path), variants.origin)
        raise ProblemFileError(str(path), line, f"{type(exc).__name__}: {exc}") from exc
