"""`symcheck lint PROBLEM.py`: every mistake of an answer key, and every alias as the student reader sees it.

One line per alias: where it is declared, the quantity, the alias, the form the reader parses it to
(the match key a student's claim is compared with), then OK or the problem; then one line per other
mistake (`FILE:LINE: reason`). An alias spelled so that it reads the same as another quantity's is
pointed out (`also names ...`): a claim with that name is a candidate for both.
"""
from __future__ import annotations

from dataclasses import dataclass

from symcheck.keys.match_keys import tree_key
from symcheck.keys.problem import Problem, alias_problem, called_from, line_of, problems_of, run_problem_file
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
    text = [row.render() for row in rows] + [str(e) for e in mistakes]
    bad = sum(1 for row in rows if row.problem) + len(mistakes)
    quantities = sum(len(p.quantities) for p in problem.parts)
    text.append(f"{len(rows)} aliases of {quantities} quantities; "
                + ("no problems" if not bad else f"{bad} problem(s)"))
    return "\n".join(text) + "\n", 2 if bad else 0
