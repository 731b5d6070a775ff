"""Every finding code symcheck raises: its name, usual severity, meaning, and the module that raises it.

One table (`CODES`) for the reports (SARIF rules, the class summary), the README's table of codes (printed by
`python -m symcheck.core.codes`, and checked against the README by the tests) and `Finding` itself, which
refuses a code that is not here: a new code is one row.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"  # the step is wrong, under every plausible reading
    WARNING = "warning"  # not checked, or a doubt the student should see
    INFO = "info"  # how something was read; shown with --verbose


@dataclass(frozen=True, kw_only=True)
class Code:
    name: str
    severity: Severity
    meaning: str
    raised_by: str  # the module, under symcheck/


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_ROWS = (
    # -- a relation that does not hold (check) --
    Code(name="arithmetic", severity=E, meaning="a relation between numbers that does not hold", raised_by="check/checker.py"),
    Code(name="algebra", severity=E, meaning="a relation between expressions that does not hold", raised_by="check/checker.py"),
    Code(name="substitution", severity=E, meaning="a step that does not agree with the student's own earlier values", raised_by="check/checker.py"),
    Code(name="shape", severity=E, meaning="sides whose shapes differ (a vector equal to a number, a 2×3 to a 3×2)", raised_by="check/checker.py"),
    Code(name="wrong-value", severity=E, meaning="a quantity of the answer key given a wrong value", raised_by="grade/grader.py"),
    Code(name="rounding-slip", severity=W, meaning="a value that is neither the rounding nor the truncation of the exact one, off by one in the last digit", raised_by="check/checker.py"),
    Code(name="undefined", severity=W, meaning="a step that divides by zero or is otherwise undefined; not checked", raised_by="check/checker.py"),
    Code(name="unparsed", severity=W, meaning="math symcheck could not read; the step is not checked", raised_by="check/checker.py"),
    Code(name="decimal-point-as-dot", severity=W, meaning="`15 \\cdot 886` holds only when read as the decimal 15.886 (a decimal point written as a dot)", raised_by="check/checker.py"),
    Code(name="log-base-2", severity=I, meaning="holds with \\log read in base 2 (the text names no base)", raised_by="check/checker.py"),
    Code(name="log-base-10", severity=I, meaning="holds with \\log read in base 10 (the text names no base)", raised_by="check/checker.py"),
    Code(name="reading", severity=I, meaning="a difference found only under a guessed reading: not decided (the certainty rule)", raised_by="check/checker.py"),
    Code(name="crossed-out", severity=I, meaning="a step the student struck out; not checked", raised_by="check/checker.py"),
    # -- claims about names (check) --
    Code(name="conflicting-values", severity=W, meaning="a name given two different values in one context", raised_by="check/claims.py"),
    Code(name="repeats-refuted-value", severity=E, meaning="a value an earlier line already showed wrong, used again", raised_by="check/claims.py"),
    # -- named mistakes (diagnose) --
    Code(name="rounding-not-needed", severity=E, meaning="an exact value rounded too early, or a rounded value presented as exact", raised_by="diagnose/rules.py"),
    Code(name="squared-not-linear", severity=E, meaning="the derivative of f² given for the derivative of f", raised_by="diagnose/rules.py"),
    Code(name="chain-rule-missing-factor", severity=E, meaning="D(F∘G)(x) written as DF(G(x)), without DG(x)", raised_by="diagnose/rules.py"),
    Code(name="outer-evaluated-at-x", severity=E, meaning="DF(x)·DG(x) instead of DF(G(x))·DG(x)", raised_by="diagnose/rules.py"),
    Code(name="transposed-jacobian", severity=E, meaning="a Jacobian or gradient given transposed", raised_by="diagnose/rules.py"),
    Code(name="symmetric-formula-for-nonsymmetric", severity=E, meaning="∇(xᵀAx) = 2Ax used where A is not symmetric", raised_by="diagnose/rules.py"),
    Code(name="sign-flip", severity=E, meaning="the right value with the wrong sign", raised_by="diagnose/rules.py"),
    Code(name="missing-inner-derivative", severity=E, meaning="the chain rule's inner derivative left out", raised_by="diagnose/rules.py"),
    Code(name="power-rule-exponent", severity=E, meaning="the power rule with the exponent not lowered (or not multiplied)", raised_by="diagnose/rules.py"),
    Code(name="missing-activation-derivative", severity=E, meaning="an activation's derivative left out of backpropagation", raised_by="diagnose/rules.py"),
    Code(name="log-base", severity=E, meaning="a logarithm taken in another base than the one the text names", raised_by="diagnose/rules.py"),
    Code(name="miscopied-digits", severity=E, meaning="an earlier value copied with its digits changed", raised_by="diagnose/rules.py"),
    Code(name="wrong-input", severity=E, meaning="the right formula applied to the wrong input", raised_by="diagnose/rules.py"),
    Code(name="power-of-ten", severity=E, meaning="a value off by a power of ten", raised_by="diagnose/rules.py"),
    Code(name="factor-of-two", severity=E, meaning="a value off by a factor of two", raised_by="diagnose/rules.py"),
    Code(name="value-of-other-quantity", severity=E, meaning="the value of another quantity written under this name", raised_by="diagnose/rules.py"),
    Code(name="stale-value", severity=E, meaning="a value from before an update used after it", raised_by="diagnose/rules.py"),
    # -- grading (grade) --
    Code(name="carried-forward", severity=W, meaning="right given the student's own earlier wrong values (error carried forward)", raised_by="grade/grader.py"),
    # -- the input (read) --
    Code(name="utf-16", severity=I, meaning="the file is UTF-16 and was decoded as such", raised_by="read/inputs.py"),
    Code(name="not-utf8", severity=W, meaning="the file is not UTF-8; it was decoded as Latin-1", raised_by="read/inputs.py"),
    Code(name="binary", severity=W, meaning="the file looks binary and was not checked", raised_by="read/inputs.py"),
    Code(name="nul-bytes", severity=W, meaning="NUL bytes in the file were removed", raised_by="read/inputs.py"),
    Code(name="unclosed-math", severity=W, meaning="a math region opened and never closed", raised_by="read/extract.py"),
    # -- limits --
    Code(name="too-large", severity=W, meaning="over a size limit (file, region, expression, number); not checked", raised_by="check/checker.py"),
    Code(name="timeout", severity=W, meaning="over a time limit; the rest is not checked", raised_by="check/checker.py"),
    Code(name="crashed", severity=W, meaning="the check of the file failed (a bug): reported, never lost", raised_by="core/hardlimit.py"),
    # -- editors --
    Code(name="not-checked", severity=W, meaning="the editor's document could not be checked", raised_by="editors/lsp/server.py"),
    Code(name="internal-error", severity=W, meaning="a bug in symcheck while checking the editor's document", raised_by="editors/lsp/server.py"),
)
CODES: dict[str, Code] = {row.name: row for row in _ROWS}


def markdown_table() -> str:
    """The README's table of finding codes."""
    lines = ["| code | severity | meaning | raised by |", "|---|---|---|---|"]
    lines += [f"| `{c.name}` | {c.severity} | {c.meaning} | `symcheck/{c.raised_by}` |" for c in _ROWS]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
