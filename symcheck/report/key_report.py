"""`symcheck solve`: the answer key as Markdown or JSON, every quantity exact and as a decimal."""
from __future__ import annotations

import json
from collections.abc import Iterator

import sympy as sp

from symcheck.keys.problem import Part, Problem, Quantity
from symcheck.show.render import show


def decimal(value: sp.Basic) -> str:
    """Numbers to 6 significant digits (integers as integers); a vector as a tuple, a matrix by rows."""
    if isinstance(value, sp.MatrixBase):
        if 1 in value.shape:
            return "(" + ", ".join(decimal(v) for v in value) + ")"
        return "[" + "; ".join(", ".join(decimal(value[i, j]) for j in range(value.shape[1]))
                               for i in range(value.shape[0])) + "]"
    return show(sp.sympify(value))


def shown(value: sp.Basic) -> str:
    """Numbers as decimals (6 significant digits), expressions in LaTeX."""
    if _is_numeric(value):
        return decimal(value)
    return sp.latex(value)


def exact_note(value: sp.Basic) -> str:
    """The exact form, when it is short and says more than the decimal."""
    if not _is_numeric(value):
        return ""
    exact = sp.latex(value)
    return f" (exactly ${exact}$)" if len(exact) <= 60 and exact != decimal(value) and not _terminating(value) else ""


def _is_numeric(value: sp.Basic) -> bool:
    cells = list(value) if isinstance(value, sp.MatrixBase) else [sp.sympify(value)]
    return all(c.is_number for c in cells)


def _terminating(value: sp.Basic) -> bool:
    cells = list(value) if isinstance(value, sp.MatrixBase) else [sp.sympify(value)]
    return all(c.is_Rational and all(p in (2, 5) for p in sp.factorint(c.q)) for c in cells)


def key_rows(problem: Problem) -> Iterator[tuple[Part, Quantity]]:
    for part in problem.parts:
        for q in part.quantities:
            yield part, q


def alias_readings(q: Quantity) -> list[tuple[str, str]]:
    """Each alias of a quantity and the form the student reader parses it to ('' when it cannot)."""
    from symcheck.keys.match_keys import latex_key

    return [(alias, latex_key(alias) or "") for alias in q.aliases]


def variant_lines(problem: Problem) -> list[str]:
    """For a variant of a problem with parameters: which variant (the id escaped) and the parameters' values."""
    if not problem.params:
        return []
    from symcheck.keys.variants import shown_value
    from symcheck.report.escape import md_code

    which = f"variant {md_code(problem.variant)}" if problem.variant else "the default variant (no --variant)"
    values = ", ".join(f"${name} = {shown_value(value)}$" for name, value in problem.params)
    return [f"Key of {which}: {values}", ""]


def render_key_markdown(problem: Problem, aliases: bool = False) -> str:
    """The key; with `aliases`, under each quantity every alias and what the reader parses it to."""
    lines = [f"# Answer key: {problem.title}", "", *variant_lines(problem)]
    current = None
    for part, q in key_rows(problem):
        if part is not current:
            current = part
            lines += ["", f"## Part {part.id} ({part.points:g} points)", "", part.prompt, ""]
        label = f" ({q.label})" if q.label else ""
        lines.append(f"- ${q.name} = {shown(q.value)}${exact_note(q.value)}{label}")
        if aliases:
            lines += [f"  - `{alias}` reads as `{read or '(not read)'}`" for alias, read in alias_readings(q)]
    return "\n".join(lines) + "\n"


def render_key_json(problem: Problem, aliases: bool = False) -> str:
    """The key as JSON; with `aliases`, each item also has `reads_as`: alias -> the reader's parsed form."""
    items = [{"part": part.id, "id": q.id, "name": q.name, "label": q.label, "latex": sp.latex(q.value),
              "decimal": decimal(q.value), "aliases": list(q.aliases)} for part, q in key_rows(problem)]
    if aliases:
        for item, (_, q) in zip(items, key_rows(problem)):
            item["reads_as"] = dict(alias_readings(q))
    data: dict[str, object] = {"schema": "symcheck.key/1", "problem": problem.title}
    if problem.params:
        from symcheck.keys.variants import shown_value

        data["variant"] = problem.variant or None
        data["params"] = {name: shown_value(value) for name, value in problem.params}
    data["items"] = items
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
