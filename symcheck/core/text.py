"""Text conventions every stage shares: math slots marked inside a message, and plain text inside LaTeX.

A message is a string in which each math slot is marked `MATH_OPEN latex MATH_SEP text MATH_CLOSE`
(`symcheck.show.messages.say` builds them), so messages can be stored, compared, concatenated and sent
between processes like any string. Here are the pure string functions on those marks; the Markdown and
HTML forms live with their outputs (`symcheck.report.feedback`).
"""
from __future__ import annotations

import re

MATH_OPEN, MATH_SEP, MATH_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{MATH_OPEN}([^{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]*){MATH_SEP}"
                     f"([^{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]*){MATH_CLOSE}")
_MARKS = re.compile(f"[{MATH_OPEN}{MATH_SEP}{MATH_CLOSE}]")


def clean(text: str) -> str:
    """Text from a student with any math mark removed (it cannot forge a slot)."""
    return _MARKS.sub("", text)


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


def latex_escape_text(text: str) -> str:
    """Plain text (not math) for a LaTeX math context."""
    return r"\text{" + re.sub(r"[{}\\$]", "", text) + "}"
