"""`symcheck lint PROBLEM.py`: every mistake of an answer key, and every alias as the student reader sees it.

One line per alias: where it is declared, the quantity, the alias, the form the reader parses it to
(the match key a student's claim is compared with), then OK or the problem; then one line per other
mistake (`FILE:LINE: reason`); for a problem with randomised variants (the aliases are the default
variant's), every combination of the parameters' values is built and checked too. An alias spelled so that it
reads the same as another quantity's is pointed out (`also names ...`): a claim with that name is a candidate for both.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from symcheck.keys.match_keys import tree_key
from symcheck.keys.problem import (
    Problem,
    alias_problem,
    called_from,
    line_of,
    problems_of,
    run_problem_file,
    run_problem_object,
)
from symcheck.latex.parse import parse_readings


@dataclass(frozen=True)
class AliasLine:
    where: str  # FILE:LINE or FILE
    quantity: str  # "part a, quantity z"
    alias: str
    parsed: str  # the match key, or "" when the reader cannot read it
    problem: str  # "" when OK
    note: str = ""  # said after OK

    def render(self) -> str:
        verdict = self.problem or ("OK" + (f" ({self.note})" if self.note else ""))
        return f"{self.where}: {self.quantity}: alias `{self.alias}` -> {self.parsed or '(not read)'}: {verdict}"


def alias_lines(problem: Problem) -> list[AliasLine]:
    """Every alias of every quantity, with what the student reader parses it to."""
    keys: dict[str, list[str]] = {}
    rows = []
    for part in problem.parts:
        for q in part.quantities:
            line = line_of(problem.path, q.origin)
            where = f"{problem.path}:{line}" if line else problem.path
            for alias in q.aliases:
                why = alias_problem(alias)
                tree = None if why else parse_readings(alias)[0].tree
                parsed = tree_key(tree) if tree is not None else ""
                if parsed:
                    keys.setdefault(parsed, [])
                    if q.id not in keys[parsed]:
                        keys[parsed].append(q.id)
                quantity = f"part {part.id}, quantity {q.name}{called_from(problem.path, q.origin)}"
                rows.append((AliasLine(where, quantity, alias, parsed, why), q.id))
    out = []
    for row, ident in rows:
        others = [i for i in keys.get(row.parsed, []) if i != ident] if row.parsed else []
        if others and not row.problem:
            row = AliasLine(row.where, row.quantity, row.alias, row.parsed, "",
                            f"also names {', '.join(others)}: chosen by context or value")
        out.append(row)
    return out


def lint_problem(path: str) -> tuple[str, int]:
    """The lint report of a problem file and its exit status: 0 when clean, 2 when anything is wrong.

    A file that does not run at all (syntax error, a helper called wrongly, no PROBLEM) raises
    `ProblemFileError`, as loading it does.
    """
    problem = run_problem_file(path)
    rows = alias_lines(problem)
    mistakes = problems_of(problem, aliases=False)
    variants = variant_mistakes(path)
    text = [row.render() for row in rows] + [str(e) for e in mistakes] + variants
    bad = sum(1 for row in rows if row.problem) + len(mistakes) + max(0, len(variants) - 1)
    quantities = sum(len(p.quantities) for p in problem.parts)
    text.append(f"{len(rows)} aliases of {quantities} quantities; "
                + ("no problems" if not bad else f"{bad} problem(s)"))
    return "\n".join(text) + "\n", 2 if bad else 0


MAX_LINT_VARIANTS = 2000  # combinations of a Variants' parameters lint builds and checks (evenly spaced beyond)


def variant_mistakes(path: str) -> list[str]:
    """For a problem with randomised variants: one line saying how many combinations of values were checked,
    then `FILE:LINE: with a=…, b=…: reason` for each combination whose key has a mistake."""
    from symcheck.keys.variants import Variants, shown_value

    family = run_problem_object(path)
    if not isinstance(family, Variants):
        return []
    combinations, total = family.combinations(MAX_LINT_VARIANTS)
    out = []
    for values in combinations:
        said = ", ".join(f"{name}={shown_value(value)}" for name, value in values.items())
        try:
            problem = replace(family.problem(values=values), path=path)
        except Exception as exc:  # noqa: BLE001 - trusted code failing for one combination is reported, with it
            line = line_of(path, family.origin)
            out.append(f"{path}:{line}: with {said}: {type(exc).__name__}: {exc}")
            continue
        out += [f"{e.path}:{e.line}: with {said}: {e.reason}" if e.line else f"{e.path}: with {said}: {e.reason}"
                for e in problems_of(problem)]
    sizes = ", ".join(f"{name}: {len(p.values)}" for name, p in family.params.items())
    checked = f"{len(combinations)} variants checked" + (f" of {total} combinations" if total != len(combinations)
                                                         else "")
    return [f"{checked} ({sizes} values)", *out]
