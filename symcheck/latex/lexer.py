"""Split a LaTeX math string into tokens."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import LatexParseError


@dataclass(frozen=True)
class Token:
    kind: str  # num | cmd | letter | op | end
    text: str
    pos: int


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<num>\d+(?:\.\d+)?|\.\d+)
      |(?P<cmd>\\(?:[A-Za-z]+|\\|.))
      |(?P<letter>[A-Za-z])
      |(?P<op>.)""",
    re.VERBOSE | re.DOTALL,
)

# Commands that only change spacing or size; dropped.
_SPACING = {
    "\\,", "\\;", "\\:", "\\!", "\\ ", "\\>", "\\left", "\\right", "\\big", "\\Big", "\\bigg", "\\Bigg",
    "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\displaystyle", "\\textstyle",
    "\\limits", "\\nolimits", "\\middle", "\\quad", "\\qquad", "\\enspace", "\\thinspace",
    "\\medspace", "\\thickspace", "\\hfill", "\\nonumber", "\\notag",
}


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, spacing commands and whitespace removed, ending with an `end` token."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group()
        if kind == "ws" or value in _SPACING or value == "~":
            continue
        if kind == "op" and value in "\x00":
            raise LatexParseError("NUL byte in math", text, m.start())
        tokens.append(Token(kind, value, m.start()))
    tokens.append(Token("end", "", len(text)))
    return tokens
