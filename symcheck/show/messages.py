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
string. `message_text` (terminal, JSON `message`), `message_latex` (JSON `message_latex`),
`message_markdown` and `message_html` turn the marks into each output's notation; the prose between
them is escaped by the caller's boundary (`report/escape.py`) exactly as before.
"""
from __future__ import annotations

import re

from symcheck.show.render import Shown, latex_to_text, shown

MATH_OPEN, MATH_SEP, MATH_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{MATH_OPEN}([^{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]*){MATH_SEP}"
                     f"([^{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]*){MATH_CLOSE}")
_MARKS = re.compile(f"[{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]")

NAME_SLOTS = frozenset({"quantity", "name", "other", "function", "outer", "inner", "matrix", "variable"})
VALUE_SLOTS = frozenset({"expected", "found", "value", "term", "slope", "activation", "body", "atom", "right_value",
                         "copied_value"})


def clean(text: str) -> str:
    """Text from a student with any math mark removed (it cannot forge a slot)."""
    return _MARKS.sub("", text)


def math(value, digits: int | None = None) -> str:
    """A value slot: a SymPy value or a `render.Shown`."""
    if not isinstance(value, Shown):
        value = shown(value) if digits is None else shown(value, digits=digits)
    return f"{MATH_OPEN}{clean(value.latex)}{MATH_SEP}{clean(value.text)}{MATH_CLOSE}"


def name(latex: str) -> str:
    """A name slot: LaTeX the student or the key wrote for a quantity or a function."""
    latex = clean(str(latex)).strip("⟨⟩⟪⟫")
    from symcheck.show.render import latex_name

    return f"{MATH_OPEN}{latex_name(latex)}{MATH_SEP}{latex_to_text(latex)}{MATH_CLOSE}"


def line(number: int | None) -> str:
    return f"line {number}" if number else "an earlier line"


def say(template: str, **slots) -> str:
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
            rendered[key] = line(value)
        else:
            rendered[key] = clean(str(value))
    return template.format(**rendered)


def sentence(message: str) -> str:
    """Capitalised (when it starts with a word) and ending with a full stop."""
    message = message.strip()
    if message and message[0] != MATH_OPEN:
        message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


# -- rendering -------------------------------------------------------------------------------------
def message_text(message: str) -> str:
    """For the terminal and the JSON `message`: every slot in Unicode math."""
    return _MARKED.sub(lambda m: m.group(2), message) if MATH_OPEN in message else message


def message_latex(message: str) -> str:
    """Prose with each slot as `$latex$` (the JSON's `message_latex`)."""
    return _MARKED.sub(lambda m: f"${m.group(1)}$", message) if MATH_OPEN in message else message


def message_segments(message: str) -> list[tuple[str, str, str]]:
    """[(kind, a, b)]: ("text", prose, "") or ("math", latex, unicode)."""
    out, at = [], 0
    for m in _MARKED.finditer(message):
        if m.start() > at:
            out.append(("text", _MARKS.sub("", message[at:m.start()]), ""))
        out.append(("math", m.group(1), m.group(2)))
        at = m.end()
    if at < len(message):
        out.append(("text", _MARKS.sub("", message[at:]), ""))
    return out


def message_markdown(message: str) -> str:
    """Markdown: prose escaped (`escape.md_text`), each slot as inline math `$…$`."""
    from symcheck.report.escape import md_math, md_text

    return "".join(md_text(a) if kind == "text" else md_math(a) for kind, a, _ in message_segments(message))


def message_html(message: str) -> str:
    """HTML: prose escaped, each slot as sanitised MathML (its Unicode form as the fallback)."""
    from symcheck.report.escape import html_text
    from symcheck.report.feedback import math_html

    return "".join(html_text(a) if kind == "text" else math_html(a, fallback=b)
                   for kind, a, b in message_segments(message))
