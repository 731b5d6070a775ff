"""Split a LaTeX math string into tokens."""
from __future__ import annotations

import re
from dataclasses import dataclass

from symcheck.core.errors import LatexParseError, TooLarge


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
    "\\medspace", "\\thickspace", "\\hfill", "\\nonumber", "\\notag", "\\mleft", "\\mright",
    "\\negthinspace", "\\negmedspace", "\\negthickspace",
}

# Commands that are another spelling of a character the parser reads: delimiters and Euler's e.
_ALIASES = {
    "\\vert": ("op", "|"), "\\lvert": ("op", "|"), "\\rvert": ("op", "|"),
    "\\Vert": ("cmd", "\\|"), "\\lVert": ("cmd", "\\|"), "\\rVert": ("cmd", "\\|"),
    "\\lbrack": ("op", "["), "\\rbrack": ("op", "]"), "\\lparen": ("op", "("), "\\rparen": ("op", ")"),
    "\\lgroup": ("op", "("), "\\rgroup": ("op", ")"), "\\exponentialE": ("letter", "e"),
}

# A delimiter command run into the letters after it (`\\vertx\\vert`, `\\lbracex dx\\rbrace`): no such command
# exists, so it is read as the delimiter and then the letters (a guess the reading records: see
# `symcheck.latex.parse.notation_guesses`).
GLUED_DELIMITER = re.compile(r"\\(vert|Vert|lvert|rvert|lVert|rVert|lbrack|rbrack|lbrace|rbrace|lgroup|rgroup|"
                             r"lparen|rparen)([A-Za-z]+)")

_SCIENTIFIC = re.compile(r"(?P<num>(?:\d+(?:\.\d+)?|\.\d+)E[+-]?\d+)(?![\d.])")
MAX_SCIENTIFIC_EXPONENT = 60


def tokenize(text: str, scientific: bool = False) -> list[Token]:
    """Tokens of `text`, spacing commands and whitespace removed, ending with an `end` token.

    With `scientific`, `2.5E2` and `-324E-3` (a capital E between digits, nothing between) are one
    number; an exponent over 60 is refused."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if scientific and (text[pos].isdigit() or text[pos] == "."):
            m = _SCIENTIFIC.match(text, pos)
            if m and (pos == 0 or not text[pos - 1].isalpha()):
                exponent = int(m.group().partition("E")[2])
                if abs(exponent) > MAX_SCIENTIFIC_EXPONENT:
                    raise TooLarge(f"a number with exponent {exponent}")
                tokens.append(Token("num", m.group(), pos))
                pos = m.end()
                continue
        m = _TOKEN.match(text, pos)
        if m is None or m.lastgroup is None:  # the last alternative of _TOKEN takes any one character
            raise LatexParseError("an unreadable character", text, pos)
        pos = m.end()
        kind = m.lastgroup
        value = m.group()
        if kind == "ws" or value in _SPACING or value == "~":
            continue
        if kind == "op" and value in "\x00":
            raise LatexParseError("NUL byte in math", text, m.start())
        glued = GLUED_DELIMITER.fullmatch(value) if kind == "cmd" else None
        if glued:
            delimiter = "\\" + glued.group(1)
            kind, value = _ALIASES.get(delimiter, ("cmd", delimiter))
            tokens.append(Token(kind, value, m.start()))
            pos = m.start() + len(delimiter)  # the letters after it are read on their own
            continue
        if value in _ALIASES:
            kind, value = _ALIASES[value]
        if kind == "num" and value[0] == "." and tokens and tokens[-1].kind == "num" and (
                tokens[-1].pos + len(tokens[-1].text) == m.start()):
            raise LatexParseError("a number with two decimal points", text, m.start())
        tokens.append(Token(kind, value, m.start()))
    tokens.append(Token("end", "", len(text)))
    return tokens
