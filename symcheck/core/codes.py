"""Every finding code symcheck raises: its name, usual severity, meaning, and the module that raises it.

One table (`CODES`) for the reports (SARIF rules, the class summary), the README's table of codes (`markdown_table()`,
checked against the README by `tests/test_codes.py`) and `Finding` itself, which
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


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_ROWS = tuple(Code(name=name, severity=severity, raised_by=module, meaning=meaning)
              for name, severity, module, meaning in (
    # name, usual severity, the module that raises it (under symcheck/), meaning
    # -- a relation that does not hold (check) --
    ("arithmetic", ERR, "check/checker.py", "a relation between numbers that does not hold"),
    ("algebra", ERR, "check/checker.py", "a relation between expressions that does not hold"),
    ("substitution", ERR, "check/checker.py", "a step that does not agree with the student's own earlier values"),
    ("shape", ERR, "check/checker.py", "sides whose shapes differ (a vector equal to a number, a 2×3 to a 3×2)"),
    ("wrong-value", ERR, "grade/grader.py", "a quantity of the answer key given a wrong value"),
    ("rounding-slip", WARN, "check/checker.py", "a value that is neither the rounding nor the truncation of the exact "
     "one, off by one in the last digit"),
    ("undefined", WARN, "check/checker.py", "a step that divides by zero or is otherwise undefined; not checked"),
    ("unparsed", WARN, "check/checker.py", "math symcheck could not read; the step is not checked"),
    ("decimal-point-as-dot", WARN, "check/checker.py", "`15 \\cdot 886` holds only when read as the decimal 15.886 (a "
     "decimal point written as a dot)"),
    ("log-base-2", INFO, "check/checker.py", "holds with \\log read in base 2 (the text names no base)"),
    ("log-base-10", INFO, "check/checker.py", "holds with \\log read in base 10 (the text names no base)"),
    ("reading", INFO, "check/checker.py", "a difference found only under a guessed reading: not decided (the certainty "
     "rule)"),
    ("crossed-out", INFO, "check/checker.py", "a step the student struck out; not checked"),
    # -- claims about names (check) --
    ("conflicting-values", WARN, "check/claims.py", "a name given two different values in one context"),
    ("repeats-refuted-value", ERR, "check/claims.py", "a value an earlier line already showed wrong, used again"),
    ("jacobian-layout", ERR, "check/checker.py", "a Jacobian written with a column per output where the "
     "document's own Jacobian has a row per output"),
    ("answer-contradicts-work", ERR, "check/claims.py", "a summary (\"Final answers\") states a value that the "
     "work above, checked, did not give"),
    # -- named mistakes (diagnose) --
    ("rounding-not-needed", ERR, "diagnose/rules.py", "an exact value rounded too early, or a rounded "
     "value presented as exact"),
    ("squared-not-linear", ERR, "diagnose/rules.py", "the derivative of f² given for the derivative of f"),
    ("chain-rule-missing-factor", ERR, "diagnose/rules.py", "D(F∘G)(x) written as DF(G(x)), without DG(x)"),
    ("outer-evaluated-at-x", ERR, "diagnose/rules.py", "DF(x)·DG(x) instead of DF(G(x))·DG(x)"),
    ("transposed-jacobian", ERR, "diagnose/rules.py", "a Jacobian or gradient given transposed"),
    ("symmetric-formula-for-nonsymmetric", ERR, "diagnose/rules.py", "∇(xᵀAx) = 2Ax used where A is not symmetric"),
    ("sign-flip", ERR, "diagnose/rules.py", "the right value with the wrong sign"),
    ("missing-inner-derivative", ERR, "diagnose/rules.py", "the chain rule's inner derivative left out"),
    ("power-rule-exponent", ERR, "diagnose/rules.py", "the power rule with the exponent not lowered (or not "
     "multiplied)"),
    ("missing-activation-derivative", ERR, "diagnose/rules.py", "an activation's derivative left out of "
     "backpropagation"),
    ("log-base", ERR, "diagnose/rules.py", "a logarithm taken in another base than the one the text names"),
    ("miscopied-digits", ERR, "diagnose/rules.py", "an earlier value copied with its digits changed"),
    ("wrong-input", ERR, "diagnose/rules.py", "the right formula applied to the wrong input"),
    ("power-of-ten", ERR, "diagnose/rules.py", "a value off by a power of ten"),
    ("factor-of-two", ERR, "diagnose/rules.py", "a value off by a factor of two"),
    ("value-of-other-quantity", ERR, "diagnose/rules.py", "the value of another quantity written under this name"),
    ("stale-value", ERR, "diagnose/rules.py", "a value from before an update used after it"),
    # -- grading (grade) --
    ("carried-forward", WARN, "grade/grader.py", "right given the student's own earlier wrong values (error carried "
     "forward)"),
    # -- the input (read) --
    ("utf-16", INFO, "read/inputs.py", "the file is UTF-16 and was decoded as such"),
    ("not-utf8", WARN, "read/inputs.py", "the file is not UTF-8; it was decoded as Latin-1"),
    ("binary", WARN, "read/inputs.py", "the file looks binary and was not checked"),
    ("nul-bytes", WARN, "read/inputs.py", "NUL bytes in the file were removed"),
    ("unclosed-math", WARN, "read/extract.py", "a math region opened and never closed"),
    # -- limits --
    ("too-large", WARN, "check/checker.py", "over a size limit (file, region, expression, number); not checked"),
    ("timeout", WARN, "check/checker.py", "over a time limit; the rest is not checked"),
    ("crashed", WARN, "core/hardlimit.py", "the check of the file failed (a bug): reported, never lost"),
    # -- editors --
    ("not-checked", WARN, "editors/lsp/server.py", "the editor's document could not be checked"),
    ("internal-error", WARN, "editors/lsp/server.py", "a bug in symcheck while checking the editor's document"),
))
CODES: dict[str, Code] = {row.name: row for row in _ROWS}


def markdown_table() -> str:
    """The README's table of finding codes."""
    lines = ["| code | severity | meaning | raised by |", "|---|---|---|---|"]
    lines += [f"| `{c.name}` | {c.severity} | {c.meaning} | `symcheck/{c.raised_by}` |" for c in _ROWS]
    return "\n".join(lines)
