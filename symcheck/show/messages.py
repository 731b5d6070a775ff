"""Messages as templates with typed slots, rendered in one notation per output.

Style guide for every message a student reads (the rules of `diagnose.RULES`, the checker's and the
grader's messages):

1. Short: one sentence, two at most. No jargon a student has not met in the course.
2. Second person, about the work, not the student: "your earlier value", "you wrote".
3. The fix before the theory: what the value should be (or what to change) first, then why.
4. Every value, name and formula goes in a slot, never pasted as text: `say("{found} should be
   {expected}", found=…, expected=…)`. The slot's type decides how it is shown:
   - `quantity`, `name`, `other` and any slot given `name(latex)`: a LaTeX name the student or the
     key wrote (`\\frac{\\partial L}{\\partial w_{11}}`), shown as math;
   - `expected`, `found`, `value`, `term`, `slope` and any slot given `math(value)`: a SymPy value
     or a `render.Shown`, shown by `render` (Unicode in the terminal, LaTeX as MathML in HTML, `$…$`
     in Markdown);
   - `line`: a line number, shown as "line 12";
   - anything else: plain text.
5. No SymPy syntax (`**`, `*`, `sqrt(`, `Matrix(`) and no raw LaTeX in the prose: a slot renders it.

A rendered template is a string in which each math slot is marked (`MATH_OPEN latex MATH_SEP text
MATH_CLOSE`), so messages can be stored, compared, concatenated and sent between processes like any
string. `message_text` (terminal, JSON `message`) and `message_latex` (JSON `message_latex`) are in
`symcheck.core.text`; `message_markdown` and `message_html` in `symcheck.report.feedback`. The prose
between the marks is escaped by the caller's boundary (`report/escape.py`).
"""
from __future__ import annotations

from typing import cast

from symcheck.core.text import MATH_CLOSE, MATH_OPEN, MATH_SEP, clean
from symcheck.show.render import Shown, latex_name, latex_to_text, shown

NAME_SLOTS = frozenset({"quantity", "name", "other", "function", "outer", "inner", "matrix", "variable"})
VALUE_SLOTS = frozenset({"expected", "found", "value", "term", "slope", "activation", "body", "atom", "right_value",
                         "copied_value"})


def math(value: object, digits: int | None = None) -> str:
    """A value slot: a SymPy value or a `render.Shown`."""
    if not isinstance(value, Shown):
        value = shown(value) if digits is None else shown(value, digits=digits)
    return f"{MATH_OPEN}{clean(value.latex)}{MATH_SEP}{clean(value.text)}{MATH_CLOSE}"


def name(latex: object) -> str:
    """A name slot: LaTeX the student or the key wrote for a quantity or a function."""
    latex = clean(str(latex)).strip("⟨⟩⟪⟫")
    return f"{MATH_OPEN}{latex_name(latex)}{MATH_SEP}{latex_to_text(latex)}{MATH_CLOSE}"


def line(number: int | None) -> str:
    return f"line {number}" if number else "an earlier line"


def say(template: str, **slots: object) -> str:
    """The template with each slot rendered by its type (see the module's docstring)."""
    rendered = {}
    for key, value in slots.items():
        if isinstance(value, str) and MATH_OPEN in value:
            rendered[key] = value
        elif key in NAME_SLOTS:
            rendered[key] = name(value)
        elif key in VALUE_SLOTS or isinstance(value, Shown):
            rendered[key] = math(value)
        elif key == "line":
            rendered[key] = line(cast("int | None", value))  # the line slot holds a line number or None
        else:
            rendered[key] = clean(str(value))
    return template.format(**rendered)


def sentence(message: str) -> str:
    """Capitalised (when it starts with a word) and ending with a full stop."""
    message = message.strip()
    if message and message[0] != MATH_OPEN:
        message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."
