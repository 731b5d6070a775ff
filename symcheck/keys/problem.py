"""Answer keys: a problem declared in Python with SymPy, and loading it from a file.

A problem file is trusted Python that defines `PROBLEM = Problem(...)`. A problem has
parts; a part expects quantities. Each quantity has the LaTeX spellings a student
may use for it (`aliases`) and one or more candidates: the same name may stand for
different things in different places (∂L/∂v_0 for each of three samples), and the
candidate is chosen by the surrounding text (`context`) or else by the first that
matches. A candidate may give a `formula` over other quantities, so a value
computed correctly from the student's own earlier (wrong or rounded) values is
recognised as error carried forward.

    from symcheck.keys.problem import Problem, Part, Quantity
    x, y = sympy.symbols("x y")
    PROBLEM = Problem("Gradients", parts=[
        Part("2a", points=2, prompt="Gradient of f(x, y) = 2x + 3y", quantities=[
            Quantity("df/dx", 2, aliases=[r"\\frac{\\partial f}{\\partial x}", "f_x"]),
        ]),
    ])
"""
from __future__ import annotations

import ast
import runpy
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Protocol, runtime_checkable

import sympy as sp

from symcheck.core.errors import ProblemFileError


@dataclass(frozen=True)
class Quantity:
    r"""Something a correct solution states, with the names a student may give it.

    Several quantities may share an alias (∂L/∂v_0 for three samples): they are candidates for a claim
    with that name, chosen by `context` (regular expressions matched against the text before the claim)
    or else by the first whose value matches.

    Args:
        name: LaTeX shown in reports, e.g. `r"\frac{\partial L_1}{\partial w_{13}}"`.
        value: the exact expected value: a number, SymPy expression or matrix (a list or tuple becomes a
            column; a float is read as the decimal it prints as, 0.1 is 1/10).
        aliases: the LaTeX spellings a student may write for it, matched on their parsed form (spacing and
            braces do not matter); by default the name alone.
        id: unique within the problem, used by `depends`; by default the name.
        label: shown in reports when a candidate is chosen, e.g. "sample 2".
        context: where the candidate applies, among quantities sharing an alias: `after("chain rule")`,
            `in_part("2c")`, `for_sample(2)` (see `symcheck.keys.contexts`), or raw regular expressions on
            the lines before a claim.
        formula: a SymPy expression over the symbols of `depends`: how the value is computed from the
            student's own earlier values, for error carried forward.
        depends: `{symbol (or matrix of symbols) in formula: id of another quantity}`.
        points: the quantity's weight within its part (the part's points are split by these weights).
        required: `False` for a quantity that earns points only when the student states it; a missing
            required quantity costs its points.
        kind: what the value is: `"value"` (a number, expression or matrix), `"equation"` (made by
            `Equation`), `"set"` (made by `PointSet`) or `"update"` (made by `Update`).
        equivalence: how a student's value may differ from `value` and still be right: `""` (it must be
            equal), `"antiderivative"` (equal up to an additive constant: any antiderivative),
            `"multiple"` (a non-zero constant multiple: an eigenvector, a normal vector).
        updates: for an `Update`, the name of the parameter it updates (matched after `\leftarrow` or `:=`).
        classes: for a `PointSet`, `((point, classification), ...)`: a student's sentence that classifies one
            of the points (`(0, 0) is a saddle`) is checked against it.
        origin: set by symcheck: the (file, line) of the calls that made the quantity.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> q = Quantity(r"\frac{\partial f}{\partial x}", sp.diff(2 * x + 3 * y, x), aliases=["f_x", "f_{x}"])
        >>> q.value, q.id, q.aliases, q.points, q.required
        (2, '\\frac{\\partial f}{\\partial x}', ('f_x', 'f_{x}'), 1.0, True)
        >>> Quantity("p", 0.25).value, Quantity("p", 0.25).aliases
        (1/4, ('p',))
        >>> P = sp.Symbol("P")  # stands for the student's own value of p
        >>> Quantity("L", -sp.log(1 - sp.Rational(1, 4)), formula=-sp.log(1 - P), depends={P: "p"}).depends
        {P: 'p'}
        >>> Quantity("F(x)", x**3 / 3, equivalence="antiderivative").equivalence
        'antiderivative'
    """

    name: str  # LaTeX shown in reports, e.g. r"\frac{\partial L_1}{\partial w_{13}}"
    value: object  # exact SymPy value: number, expression or matrix
    aliases: tuple[str, ...] = ()
    id: str = ""  # unique within the problem; defaults to the name
    label: str = ""  # e.g. "sample 2", shown when a candidate is chosen
    context: tuple = ()  # Context objects (keys.contexts) or regular expressions
    formula: object = None  # SymPy expression over dependency symbols, for error carried forward
    depends: dict = field(default_factory=dict)  # dependency symbol -> id of another quantity
    points: float = 1.0
    required: bool = True  # a missing required quantity costs its points
    kind: str = "value"  # "value", "equation", "set" or "update"
    equivalence: str = ""  # "", "antiderivative" or "multiple"
    updates: str = ""  # an Update's parameter name, matched after \leftarrow or :=
    classes: tuple = ()  # a PointSet's ((point, classification), ...)
    origin: tuple = field(default=(), compare=False, repr=False)  # (file, line) of the calls that made it

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", self.origin or _origin())
        if self.kind not in KINDS:
            raise ValueError(f"quantity {self.name}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.equivalence not in EQUIVALENCES:
            raise ValueError(f"quantity {self.name}: equivalence {self.equivalence!r} is not one of "
                             f"{', '.join(repr(e) for e in EQUIVALENCES)}")
        object.__setattr__(self, "value", _exact(self.value))
        object.__setattr__(self, "aliases", tuple(self.aliases) or (self.name,))
        object.__setattr__(self, "context", tuple(self.context))
        object.__setattr__(self, "id", self.id or self.name)


KINDS = ("value", "equation", "set", "update")
EQUIVALENCES = ("", "antiderivative", "multiple")


def _exact(value: object) -> sp.Basic:
    if isinstance(value, (sp.Equality, sp.FiniteSet, sp.Tuple)):
        return value.xreplace({f: _exact_scalar(f) for f in value.atoms(sp.Float)})
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.applyfunc(_exact_scalar))
    if isinstance(value, (list, tuple)):
        return sp.ImmutableMatrix([_exact_scalar(v) for v in value])
    return _exact_scalar(value)


def _exact_scalar(value: object) -> sp.Basic:
    if isinstance(value, float):
        return sp.Rational(str(value))
    return sp.nsimplify(value, rational=True) if isinstance(value, sp.Float) else sp.sympify(value)


@dataclass(frozen=True)
class Part:
    """A part of a problem: its points and the quantities a correct answer to it states.

    Args:
        id: the part's name in reports and CSV columns ("1a", "2"); unique within the problem.
        points: the part's points, split over its quantities by their `points` weights (a quantity with
            `required=False` counts only when the student states it).
        prompt: the question, shown by `symcheck solve`.
        quantities: the `Quantity` objects expected (any iterable; kept as a tuple).
        origin: set by symcheck: the (file, line) of the call that made the part.

    Examples:
        >>> part = Part("2a", points=2, prompt="The gradient of f(x, y) = 2x + 3y.",
        ...             quantities=[Quantity("f_x", 2), Quantity("f_y", 3)])
        >>> part.id, part.points, [q.id for q in part.quantities]
        ('2a', 2, ['f_x', 'f_y'])
    """

    id: str
    points: float
    prompt: str = ""
    quantities: tuple[Quantity, ...] = ()
    origin: tuple = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", self.origin or _origin())
        object.__setattr__(self, "quantities", tuple(self.quantities))


_PACKAGE = str(Path(__file__).resolve().parent.parent)  # the symcheck package


def _origin(limit: int = 12) -> tuple:
    """Where a declaration was written: (file, line) of each calling frame outside symcheck, innermost first.

    A quantity made by a helper (`FeedForward.quantity`) is placed at the problem file's line that called it.
    """
    out: list[tuple[str, int]] = []
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and len(out) < limit:
        name = frame.f_code.co_filename
        if not name.startswith(_PACKAGE) and not name.startswith("<"):
            out.append((name, frame.f_lineno))
        frame = frame.f_back
    return tuple(out)


def declared_here() -> tuple:
    """The (file, line) of the calling frames outside symcheck: the `origin` of a declaration made now."""
    return _origin()


def _lines_in(path: str, origin: tuple) -> list[int]:
    if not path:
        return []
    target = Path(path).resolve()
    out = []
    for name, line in origin:
        try:
            if Path(name).resolve() == target:
                out.append(line)
        except OSError:  # pragma: no cover - an unreadable frame file name
            continue
    return out


def called_from(path: str, origin: tuple) -> str:
    """" (called from line N)" when a declaration was written in a function of the file called at line N."""
    lines = _lines_in(path, origin)
    return f" (called from line {lines[1]})" if len(lines) > 1 and lines[1] != lines[0] else ""


def line_of(path: str, origin: tuple) -> int | None:
    """The line of `path` a declaration was written on (from its `origin`), if it was written there."""
    if not path:
        return None
    target = Path(path).resolve()
    for name, line in origin:
        try:
            if Path(name).resolve() == target:
                return line
        except OSError:  # pragma: no cover - an unreadable frame file name
            continue
    return None


@dataclass(frozen=True)
class CreditPolicy:
    """What fraction of an item's points each outcome earns.

    Defaults: a value wrong only because of an earlier mistake (error carried forward) earns full credit
    and the original mistake none; a value within one unit of its last written digit earns full credit;
    an incorrect value earns nothing, unless `rules` gives partial credit for the named mistake that
    explains it.

    Args:
        carried_forward: the fraction for a value computed correctly from the student's own earlier wrong
            values (`carried-forward`).
        rounding_slip: the fraction for a value off by one unit in its last digit (`rounding-slip`).
        rules: `{finding code: fraction}` for an incorrect value explained by that named mistake, e.g.
            `{"sign-flip": 0.5}` (codes in the README's table of finding codes).

    Examples:
        >>> policy = CreditPolicy(carried_forward=0.5, rules={"sign-flip": 0.5, "miscopied-digits": 0.75})
        >>> policy.carried_forward, policy.rounding_slip, policy.rules["sign-flip"]
        (0.5, 1.0, 0.5)
    """

    carried_forward: float = 1.0
    rounding_slip: float = 1.0
    rules: dict = field(default_factory=dict)  # diagnose code -> fraction of the points


@dataclass(frozen=True)
class Problem:
    """An answer key: a problem file defines `PROBLEM = Problem(...)`.

    Args:
        title: shown at the top of reports.
        parts: the `Part` objects, in order (ids unique).
        credit: the `CreditPolicy` (default: full credit for carried-forward values and rounding slips).
        statement: the problem statement (Markdown with `$…$` math), shown by `symcheck handout`.
        given: the problem statement's text (or a list of its lines or equations, LaTeX): a line of the
            student's answer that only restates it (`f(x, y) = x^3 - 3xy + y^3`, the given `W = …`) is never
            graded as an answer, even when it names an expected quantity. Math in `$…$` is read as in an
            answer file; a text without any `$` is read one equation per line. Not the `statement` by
            default: a result the statement gives to be shown ("show that f'(x) = 6x") must stay gradable.
        path: set by `load_problem`: the file the problem was loaded from.
        origin: set by symcheck: the (file, line) of the call that made the problem.
        variant: set by symcheck for a problem with randomised variants (`Variants`): the variant id.
        params: set by symcheck for a variant: `((name, value), ...)`, the parameters' values.

    Examples:
        >>> problem = Problem("Gradients", parts=[
        ...     Part("2a", points=2, quantities=[Quantity("f_x", 2), Quantity("f_y", 3)]),
        ...     Part("2b", points=3, quantities=[Quantity("g'(0)", 1)]),
        ... ])
        >>> problem.max_score, [p.id for p in problem.parts]
        (5, ['2a', '2b'])
        >>> Problem("Critical points", given=r"Let $f(x, y) = x^3 - 3xy + y^3$.").given
        ('Let $f(x, y) = x^3 - 3xy + y^3$.',)
    """

    title: str
    parts: tuple[Part, ...] = ()
    credit: CreditPolicy = CreditPolicy()
    path: str = ""
    origin: tuple = field(default=(), compare=False, repr=False)
    statement: str = ""
    variant: str = ""
    params: tuple = ()
    given: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", self.origin or _origin())
        object.__setattr__(self, "parts", tuple(self.parts))
        given = (self.given,) if isinstance(self.given, str) else tuple(self.given)
        object.__setattr__(self, "given", tuple(str(g) for g in given))

    @property
    def max_score(self) -> float:
        """The sum of the parts' points.
        """

        return sum(p.points for p in self.parts)


def load_problem(path: str | Path, variant: str | None = None) -> Problem:
    r"""Run a problem file (trusted code) and return its PROBLEM, checked for consistency.

    Every mistake found is a `ProblemFileError(path, line, reason)` naming the line of the declaration
    (the `Quantity(...)`, `Part(...)` or helper call) it is about; `symcheck lint` lists them all.

    Args:
        path: the problem file, a Python file that defines `PROBLEM = Problem(...)` (or
            `PROBLEM = Variants(...)`, a problem with randomised variants).
        variant: for a `Variants` file, the variant id (a student id) whose key is wanted; None for the
            default variant. Refused for a file without parameters.

    Returns:
        The `Problem`, with `path` set to the file (and `variant`, `params` for a variant).

    Raises:
        ProblemFileError: the file is missing, does not run, defines no `Problem` as PROBLEM, or declares
            something inconsistent (an alias the student reader cannot parse, a formula over an undeclared
            symbol, a dependency on an unknown id, an id used twice, …).

    Examples:
        >>> import pathlib, tempfile
        >>> key = pathlib.Path(tempfile.mkdtemp()) / "key.py"
        >>> _ = key.write_text(
        ...     "from symcheck.problem import Part, Problem, Quantity\n"
        ...     "PROBLEM = Problem('One value', parts=[\n"
        ...     "    Part('1', 2, quantities=[Quantity('f(2)', 4, aliases=['f(2)', r'\\frac{'])]),\n"
        ...     "])\n")
        >>> load_problem(key)
        Traceback (most recent call last):
        ...
        symcheck.core.errors.ProblemFileError: ...key.py:3: part 1, quantity f(2): alias `\frac{` does not parse (...)
        >>> _ = key.write_text(key.read_text().replace(", r'\\frac{'", ""))
        >>> problem = load_problem(key)
        >>> problem.title, problem.max_score, problem.path == str(key)
        ('One value', 2, True)
    """
    problem = run_problem_file(path, variant)
    validate(problem)
    return problem


def run_problem_file(path: str | Path, variant: str | None = None) -> Problem:
    """Run a problem file and return its PROBLEM (a `Variants`' variant), not yet validated (`symcheck lint`
    lists every mistake)."""
    problem = run_problem_object(path)
    if isinstance(problem, Problem):
        if variant is not None:
            raise ProblemFileError(str(path), line_of(str(path), problem.origin),
                                   "--variant is for a problem with parameters (PROBLEM = Variants(...)); "
                                   "this one has none")
        return replace(problem, path=str(path))
    assert isinstance(problem, ProblemFamily)  # run_problem_object returns nothing else
    return replace(problem.problem_for(Path(path), variant), path=str(path))


@runtime_checkable
class ProblemFamily(Protocol):
    """A problem file's PROBLEM that makes one `Problem` per variant id (`symcheck.keys.variants.Variants`)."""

    def problem_for(self, path: Path, variant: str | None) -> Problem:
        """The key of `variant` (None: the default) of the family defined in the file `path`."""


def run_problem_object(path: str | Path) -> Problem | ProblemFamily:
    """Run a problem file and return its PROBLEM: a `Problem` or a `ProblemFamily` (`Variants`)."""
    from symcheck.core.errors import DerivationError

    path = Path(path)
    if not path.is_file():
        raise ProblemFileError(str(path), None, "no such problem file")
    try:
        namespace = runpy.run_path(str(path), run_name="symcheck_problem")
    except SyntaxError as exc:
        raise ProblemFileError(str(path), exc.lineno, f"syntax error: {exc.msg}") from exc
    except ProblemFileError:
        raise
    except DerivationError as exc:  # a helper of symcheck.keys.derive called with arguments that do not fit
        raise ProblemFileError(str(path), _line_in(path, exc), str(exc)) from exc
    except Exception as exc:  # any failure of trusted code is re-raised as a ProblemFileError with its line
        raise ProblemFileError(str(path), _line_in(path, exc), f"{type(exc).__name__}: {exc}") from exc
    problem = namespace.get("PROBLEM")
    if not isinstance(problem, (Problem, ProblemFamily)):
        raise ProblemFileError(str(path), *_missing_problem(path, namespace))
    return problem


def _missing_problem(path: Path, namespace: dict) -> tuple[int, str]:
    """The line and reason when a file defines no PROBLEM = Problem(...)."""
    problem_lines = []
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):  # pragma: no cover - it ran, so it parses
        tree = None
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "PROBLEM" for t in targets):
                problem_lines.append(node.lineno)
    if "PROBLEM" in namespace:
        kind = type(namespace["PROBLEM"]).__name__
        return (problem_lines[-1] if problem_lines else 1), f"PROBLEM is a {kind}, not a Problem(...)"
    made = [(name, value) for name, value in namespace.items() if isinstance(value, Problem)]
    if made:
        name, value = made[0]
        line = line_of(str(path), value.origin) or 1
        return line, f"the file must define PROBLEM = Problem(...); it defines {name} = Problem(...)"
    return 1, "the file must define PROBLEM = Problem(...)"


def traceback_line(path: Path, exc: BaseException) -> int | None:
    """The line of `path` where `exc` was raised (the innermost frame in that file), if any."""
    return _line_in(path, exc)


def _line_in(path: Path, exc: BaseException) -> int | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve() == path.resolve():
            return frame.lineno
    return None


def _symbols_of(value: object) -> set:
    """The free symbols of a value, dependency key or formula (a matrix, expression or tuple of them)."""
    if isinstance(value, (list, tuple)):
        return set().union(*(_symbols_of(v) for v in value)) if value else set()
    try:
        return set(getattr(value, "free_symbols", ()) if hasattr(value, "free_symbols")
                   else sp.sympify(value).free_symbols)
    except (sp.SympifyError, TypeError):
        return set()


def _names(symbols: Iterable[object]) -> str:
    return ", ".join(sorted(str(s) for s in symbols))


def alias_problem(alias: str) -> str:
    """Why the student reader cannot read `alias` as a name, or '' when it can."""
    from symcheck.latex.parse import parse_readings

    if not alias.strip():
        return "is empty"
    reading = parse_readings(alias)[0]
    if reading.tree is None:
        return f"does not parse ({reading.error or 'not read'})"
    return ""


def problems_of(problem: Problem, aliases: bool = True) -> list[ProblemFileError]:
    """Every mistake in a loaded problem, in the order of the file; `validate` raises the first.

    `aliases=False` leaves out aliases the reader cannot parse (`symcheck lint` lists them itself)."""
    from symcheck.keys.match_keys import alias_keys

    found: list[ProblemFileError] = []

    def fail(origin: tuple, reason: str) -> None:
        found.append(ProblemFileError(problem.path, line_of(problem.path, origin), reason))

    seen_parts: set[str] = set()
    ids: dict[str, Quantity] = {}
    # a symbol standing for a student's value -> the quantity whose formula uses it
    student_symbols: dict[sp.Symbol, Quantity] = {}
    for part in problem.parts:
        for q in part.quantities:
            for key in q.depends:
                for sym in _symbols_of(key):
                    student_symbols.setdefault(sym, q)
    for part in problem.parts:
        if part.id in seen_parts:
            fail(part.origin, f"part {part.id} is declared twice")
        seen_parts.add(part.id)
        for q in part.quantities:
            where = f"part {part.id}, quantity {q.name}{called_from(problem.path, q.origin)}"
            if q.id in ids:
                fail(q.origin, f"{where}: id {q.id!r} is used twice")
            ids[q.id] = q
            if q.value is None:
                fail(q.origin, f"{where}: no value")
                continue
            for alias in q.aliases if aliases else ():
                why = alias_problem(alias)
                if why:
                    fail(q.origin, f"{where}: alias `{alias}` {why}")
            if not alias_keys(q) and all(not alias_problem(a) for a in q.aliases):
                fail(q.origin, f"{where}: no alias a student could write")
            leaked = _symbols_of(q.value) & set(student_symbols)
            if leaked:
                fail(q.origin, f"{where}: the expected value holds {_names(leaked)}, a symbol for a student's "
                               f"value (in the depends of {student_symbols[next(iter(leaked))].name}); "
                               "was a point left out of at(...)?")
    variables = set().union(*(_symbols_of(q.value) for q in ids.values()))  # x, y of the problem's functions
    for part in problem.parts:
        for q in part.quantities:
            where = f"part {part.id}, quantity {q.name}{called_from(problem.path, q.origin)}"
            missing = [d for d in q.depends.values() if d not in ids]
            if missing:
                fail(q.origin, f"{where}: depends on unknown {', '.join(repr(m) for m in missing)}")
            if q.formula is not None:
                declared = _symbols_of(tuple(q.depends)) | variables  # a zero slope may drop x from a value
                undeclared = _symbols_of(q.formula) - declared
                if undeclared:
                    fail(q.origin, f"{where}: the formula uses {_names(undeclared)}, not declared in depends")
    return found


def validate(problem: Problem) -> None:
    """Every quantity has a value, aliases the student reader parses, known dependencies, and a formula over
    declared symbols; the first mistake is raised as `ProblemFileError(path, line, reason)`."""
    found = problems_of(problem)
    if found:
        raise found[0]
