"""Answer keys: a problem declared in Python with SymPy, and loading it from a file.

A problem file is trusted Python that defines `PROBLEM = Problem(...)`. A problem has
parts; a part expects quantities. Each quantity has the LaTeX spellings a student
may use for it (`aliases`) and one or more candidates: the same name may stand for
different things in different places (∂L/∂v_0 for each of three samples), and the
candidate is chosen by the surrounding text (`context`) or else by the first that
matches. A candidate may give a `formula` over other quantities, so a value
computed correctly from the student's own earlier (wrong or rounded) values is
recognised as error carried forward.

    from symcheck.problem import Problem, Part, Quantity
    x, y = sympy.symbols("x y")
    PROBLEM = Problem("Gradients", parts=[
        Part("2a", points=2, prompt="Gradient of f(x, y) = 2x + 3y", quantities=[
            Quantity("df/dx", 2, aliases=[r"\\frac{\\partial f}{\\partial x}", "f_x"]),
        ]),
    ])
"""
from __future__ import annotations

import runpy
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from .errors import ProblemFileError


@dataclass(frozen=True)
class Quantity:
    """Something a correct solution states, with the names a student may give it.

    Several quantities may share an alias (∂L/∂v_0 for three samples): they are candidates for
    a claim with that name, chosen by `context` (regular expressions matched against the text
    before the claim) or else by the first whose value matches.
    """

    name: str  # LaTeX shown in reports, e.g. r"\frac{\partial L_1}{\partial w_{13}}"
    value: object  # exact SymPy value: number, expression or matrix
    aliases: tuple[str, ...] = ()
    id: str = ""  # unique within the problem; defaults to the name
    label: str = ""  # e.g. "sample 2", shown when a candidate is chosen
    context: tuple[str, ...] = ()
    formula: object = None  # SymPy expression over dependency symbols, for error carried forward
    depends: dict = field(default_factory=dict)  # dependency symbol -> id of another quantity
    points: float = 1.0
    required: bool = True  # a missing required quantity costs its points

    def __post_init__(self):
        object.__setattr__(self, "value", _exact(self.value))
        object.__setattr__(self, "aliases", tuple(self.aliases) or (self.name,))
        object.__setattr__(self, "context", tuple(self.context))
        object.__setattr__(self, "id", self.id or self.name)


def _exact(value):
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.applyfunc(_exact_scalar))
    if isinstance(value, (list, tuple)):
        return sp.ImmutableMatrix([_exact_scalar(v) for v in value])
    return _exact_scalar(value)


def _exact_scalar(value):
    if isinstance(value, float):
        return sp.Rational(str(value))
    return sp.nsimplify(value, rational=True) if isinstance(value, sp.Float) else sp.sympify(value)


@dataclass(frozen=True)
class Part:
    id: str
    points: float
    prompt: str = ""
    quantities: tuple[Quantity, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "quantities", tuple(self.quantities))


@dataclass(frozen=True)
class CreditPolicy:
    """What fraction of an item's points each outcome earns.

    Defaults: a value wrong only because of an earlier mistake (error carried forward) earns full
    credit and the original mistake none; a value within one unit of its last written digit earns
    full credit; an incorrect value earns nothing, unless `rules` gives partial credit for the named
    mistake that explains it, e.g. `CreditPolicy(rules={"sign-flip": 0.5, "miscopied-digits": 0.75})`.
    """

    carried_forward: float = 1.0
    rounding_slip: float = 1.0
    rules: dict = field(default_factory=dict)  # diagnose code -> fraction of the points


@dataclass(frozen=True)
class Problem:
    title: str
    parts: tuple[Part, ...] = ()
    credit: CreditPolicy = CreditPolicy()
    path: str = ""

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple(self.parts))

    @property
    def max_score(self) -> float:
        return sum(p.points for p in self.parts)


def load_problem(path: str | Path) -> Problem:
    """Run a problem file (trusted code) and return its PROBLEM, checked for consistency."""
    path = Path(path)
    if not path.is_file():
        raise ProblemFileError(str(path), None, "no such problem file")
    try:
        namespace = runpy.run_path(str(path), run_name="symcheck_problem")
    except SyntaxError as exc:
        raise ProblemFileError(str(path), exc.lineno, f"syntax error: {exc.msg}") from exc
    except Exception as exc:  # noqa: BLE001 - any failure of trusted code is reported with its line
        raise ProblemFileError(str(path), _line_in(path, exc), f"{type(exc).__name__}: {exc}") from exc
    problem = namespace.get("PROBLEM")
    if not isinstance(problem, Problem):
        raise ProblemFileError(str(path), None, "the file must define PROBLEM = Problem(...)")
    problem = Problem(problem.title, problem.parts, problem.credit, str(path))
    validate(problem)
    return problem


def _line_in(path: Path, exc: BaseException) -> int | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve() == path.resolve():
            return frame.lineno
    return None


def validate(problem: Problem) -> None:
    """Every quantity has a value, aliases that parse, and candidates of one shape."""
    from .grade_keys import alias_keys

    seen_parts, ids = set(), {}
    for part in problem.parts:
        if part.id in seen_parts:
            raise ProblemFileError(problem.path, None, f"part {part.id} is declared twice")
        seen_parts.add(part.id)
        for q in part.quantities:
            where = f"part {part.id}, quantity {q.name}"
            if q.id in ids:
                raise ProblemFileError(problem.path, None, f"{where}: id {q.id!r} is used twice")
            ids[q.id] = q
            if q.value is None:
                raise ProblemFileError(problem.path, None, f"{where}: no value")
            if not alias_keys(q):
                raise ProblemFileError(problem.path, None, f"{where}: no alias a student could write")
    for part in problem.parts:
        for q in part.quantities:
            missing = [d for d in q.depends.values() if d not in ids]
            if missing:
                raise ProblemFileError(problem.path, None, f"quantity {q.name}: depends on unknown {missing}")
