r"""Quantity kinds beyond a value: an equation, an unordered set of points or numbers, a parameter's update.

Each helper returns a `Quantity` whose `kind` tells the grader how to compare a student's answer with it:

- `Equation`: right when the student's equation is the expected one up to a non-zero factor and
  rearrangement (`z = 2x + 3y - 1` and `2x + 3y - z = 1` are the same plane).
- `PointSet`: right when the student lists the same elements in any order; a missing or an extra
  element is wrong (critical points, eigenvalues, roots).
- `Update`: the new value of a parameter (`W_{new}`, `W'`, `W^{(t+1)}`, `W \leftarrow …`, `w := …`),
  never confused with the parameter's given value, which has the same letter.

An expression right up to a stated equivalence (any antiderivative) is a plain
`Quantity(..., equivalence="antiderivative")`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from symcheck.keys.problem import Quantity


def Equation(name: str, equation: object, aliases: Iterable[str] = (), **options: Any) -> Quantity:
    r"""An equation a student states (a plane, a line, a tangent line), right up to a non-zero factor.

    The student's equation is right when (left - right) of theirs is a non-zero constant times
    (left - right) of the expected one: `z = 2x + 3y - 1`, `2x + 3y - z = 1` and `4x + 6y - 2z - 2 = 0`
    are one plane. A claim is found two ways: a line whose left-hand side is one of `aliases` (names of
    the expected equation's left-hand side, `z` or `T(x, y)`: the student's right-hand side is then
    graded), and any other equation the student writes that is the expected one (credited when right;
    an unnamed equation is never called wrong, since nothing says it is meant as the answer).

    Args:
        name: LaTeX shown in reports, e.g. `r"\text{tangent plane}"`.
        equation: a SymPy `Eq(lhs, rhs)`, or an expression meaning `expression = 0`.
        aliases: LaTeX names of the left-hand side a student may write (`z`, `T(x, y)`, `L(x, y)`); by
            default the left-hand side itself when it is a symbol or a function call.
        **options: any other argument of `Quantity` (`id`, `points`, `required`, `label`, `context`).

    Examples:
        >>> import sympy as sp
        >>> x, y, z = sp.symbols("x y z")
        >>> plane = Equation(r"\text{tangent plane}", sp.Eq(z, 2 * x + 3 * y - 1), aliases=["z", "T(x, y)"])
        >>> plane.kind, plane.aliases, plane.value
        ('equation', ('z', 'T(x, y)'), Eq(z, 2*x + 3*y - 1))
        >>> Equation("line", sp.Eq(y, 2 * x + 1)).aliases
        ('y',)
    """
    value = equation if isinstance(equation, sp.Equality) else sp.Eq(sp.sympify(equation), 0, evaluate=False)
    aliases = tuple(aliases)
    if not aliases:
        lhs = value.lhs
        aliases = (sp.latex(lhs),) if isinstance(lhs, (sp.Symbol, sp.Function)) or lhs.is_Function else (name,)
    return Quantity(name, value, aliases, kind="equation", **options)


def PointSet(name: str, elements: Iterable[object] | Mapping[object, str], aliases: Iterable[str] = (),
             **options: Any) -> Quantity:
    r"""An unordered set of numbers or points: critical points, eigenvalues, roots.

    The student's answer (`\lambda = 2, 5`, `\{2, 5\}`, `(0, 0), (1, 1)`) is right when it lists the
    same elements in any order, each within the rounding of its written digits; a missing or an extra
    element makes it wrong. Elements stated one at a time under its aliases (`\lambda_1 = 2`,
    `\lambda_2 = 5`) make it right once every one has been stated.

    Args:
        name: LaTeX shown in reports, e.g. `r"\lambda"`.
        elements: the numbers, or the points as tuples; or `{point: classification}` (e.g.
            `{(0, 0): "saddle", (1, 1): "local minimum"}`): the points are graded as a set, and a sentence
            of the student's that classifies one point (`At (0, 0): a saddle.`, one point and one of
            saddle / minimum / maximum, no negation) is checked against its classification.
        aliases: the LaTeX names a student may write (`\lambda`, `\lambda_{1,2}`, `(x, y)`); by default the
            name.
        **options: any other argument of `Quantity`.

    Examples:
        >>> eigen = PointSet(r"\lambda", [5, 2], aliases=[r"\lambda", r"\lambda_{1,2}"])
        >>> eigen.kind, eigen.value
        ('set', {2, 5})
        >>> critical = PointSet("(x, y)", {(0, 0): "saddle", (1, 1): "minimum"})
        >>> sorted(critical.value, key=str), critical.label
        ([(0, 0), (1, 1)], '(0, 0) saddle; (1, 1) minimum')
    """
    label = options.pop("label", "")
    classes: tuple = ()
    if isinstance(elements, Mapping):
        label = label or "; ".join(f"{_point_text(p)} {c}" for p, c in elements.items())
        classes = tuple((tuple(sp.sympify(c) for c in p) if isinstance(p, (tuple, list)) else (sp.sympify(p),), kind)
                        for p, kind in elements.items())
    items = [sp.Tuple(*p) if isinstance(p, (tuple, list)) else sp.sympify(p) for p in elements]
    return Quantity(name, sp.FiniteSet(*items), tuple(aliases), kind="set", label=label, classes=classes,
                    **options)


def _point_text(point: object) -> str:
    return "(" + ", ".join(str(c) for c in point) + ")" if isinstance(point, (tuple, list)) else str(point)


def update_aliases(parameter: str) -> list[str]:
    r"""The names of a parameter's new value: `W_{new}`, `W^{new}`, `W'`, `W^{(t+1)}`, `W_{t+1}`.

    A parameter with a subscript (`w_1`, `w_{12}`) keeps it: `w_1'`, `w_{1}^{new}`, `w_{1,new}`.

    Args:
        parameter: the parameter's LaTeX name as the problem writes it, e.g. `"W"`, `"w_1"`, `"b^{(2)}"`.

    Examples:
        >>> update_aliases("W")[:4]
        ['W_{new}', 'W_{\\text{new}}', 'W^{new}', 'W^{\\text{new}}']
        >>> update_aliases("w_1")[:3]
        ['w_{1}^{new}', 'w_{1}^{\\text{new}}', "w_{1}'"]
    """
    base, sub = _split_subscript(parameter)
    if sub is None:
        return [f"{base}_{{new}}", rf"{base}_{{\text{{new}}}}", f"{base}^{{new}}", rf"{base}^{{\text{{new}}}}",
                f"{base}'", f"{base}^{{(t+1)}}", f"{base}_{{t+1}}"]
    indexed = f"{base}_{{{sub}}}"
    return [f"{indexed}^{{new}}", rf"{indexed}^{{\text{{new}}}}", f"{indexed}'", f"{indexed}^{{(t+1)}}",
            f"{base}_{{{sub},new}}"]


def _split_subscript(name: str) -> tuple[str, str | None]:
    """("w", "1") for `w_1` or `w_{1}`; (name, None) without a subscript."""
    if "_" not in name:
        return name, None
    base, sub = name.split("_", 1)
    if sub.startswith("{") and sub.endswith("}"):
        sub = sub[1:-1]
    return base, sub


def Update(parameter: str, value: object, aliases: Iterable[str] = (), **options: Any) -> Quantity:
    r"""The new value of a parameter after a step: `W \leftarrow W - \eta \nabla W`, `W_{new}`, `w' = …`.

    It shares its letter with the parameter's given value, so a plain `W = …` never names it: only the
    names of `update_aliases(parameter)` (`W_{new}`, `W'`, `W^{(t+1)}`, …, plus `aliases`) and the
    parameter itself written with an assignment arrow (`W \leftarrow …`, `W := …`, `W \gets …`).

    Args:
        parameter: the parameter's LaTeX name, e.g. `"W"`, `"w_1"`, `"b"`.
        value: the new value (a number, expression or matrix).
        aliases: more names for the new value (e.g. `"W^{(1)}"` when the problem numbers steps so).
        **options: any other argument of `Quantity` (`id`, `formula`, `depends`, `points`, …); the name
            shown in reports is `parameter` with `_{new}` unless `name=` is given.

    Examples:
        >>> import sympy as sp
        >>> step = Update("b", sp.Rational(-1, 2) - sp.Rational(1, 10) * 3, id="b'")
        >>> step.kind, step.updates, step.name, step.value
        ('update', 'b', 'b_{new}', -4/5)
        >>> "b'" in step.aliases and "b" not in step.aliases
        True
    """
    name = options.pop("name", "") or update_aliases(parameter)[0]
    return Quantity(name, value, (*update_aliases(parameter), *aliases), kind="update", updates=parameter,
                    **options)
