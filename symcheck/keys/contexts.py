r"""Contexts: which of several quantities sharing a name a claim is about, said without regular expressions.

A `Quantity`'s `context` is a tuple of these (or of raw regular expressions, still accepted): among the
candidates for a claim, those whose context matches are preferred.

- `after("chain rule")`: the nearest line before the claim (within its part) that contains the phrase,
  case-insensitively, as literal text. When several candidates' phrases are on that line, the longest
  phrase wins: `after("without the chain rule")` beats `after("chain rule")` on "without the chain rule".
- `in_part("2c")`: the claim sits under part 2c's heading (`2c`, `(c)` under `2`, `Part 2c`, `Q2(c)`,
  `\section{2(c)}`).
- `for_sample(2)`: the text before the claim says which sample it is about (`sample 2`, `x_2`, `\hat{y}_2`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_PREFIX = r"^\s*(?:#+\s*|\\(?:sub)*section\*?\{\s*|\\item\s*\[?\s*|\\textbf\{\s*|\*\*\s*)*"
_BARE_ITEM = re.compile(r"^\s*\\item(?![A-Za-z\[])")
_ENUMERATE = re.compile(r"\\(begin|end)\{enumerate\}")
_WORD = r"(?:part|problem|question|exercise|task|q)\s*\.?\s*"
_HEADINGS = (
    re.compile(_HEADING_PREFIX + _WORD + r"(\d+)\s*[.:]?\s*(?:\((?-i:([a-h]))\)|(?-i:([a-h]))\b)?", re.IGNORECASE),
    re.compile(_HEADING_PREFIX + r"(\d+)\s*\.?\s*(?:\(([a-h])\)|([a-h])(?:[.):]|\s|$))"),
    re.compile(_HEADING_PREFIX + r"(?:" + _WORD + r")?()(?:\(([a-h])\)|([a-h])\))", re.IGNORECASE),
    re.compile(r"^\s*(?:#+\s*|\*\*\s*|\\(?:sub)*section\*?\{\s*)(\d+)\b()()"),
    re.compile(r"^\s*(\d+)\s*[.)]?\s*$()()"),
)


@dataclass(frozen=True)
class Context:
    """Where a candidate applies: `after` a phrase, `in_part` a part, or a raw `pattern` (a regular expression).

    Build it with `after`, `in_part` or `for_sample`; `Quantity(context=...)` takes these or strings.
    """

    phrase: str = ""  # literal text, case-insensitive
    part: str = ""  # a part id such as "2c"
    patterns: tuple[str, ...] = ()  # regular expressions

    def match_length(self, text: str) -> int:
        """How much of a line of text this context matches (0: none); the longest match is the most specific."""
        if self.phrase:
            return len(self.phrase) if self.phrase.lower() in text.lower() else 0
        found = [m for m in (re.search(p, text) for p in self.patterns) if m is not None]
        return max((len(m.group(0)) or 1 for m in found), default=0)


def context_match(context: object, text: str) -> int:
    """How much of `text` one entry of a `context` tuple matches: a `Context`, or a raw regular expression."""
    if isinstance(context, Context):
        return context.match_length(text)
    found = re.search(str(context), text)
    return 0 if found is None else (len(found.group(0)) or 1)


def after(phrase: str) -> Context:
    """The candidate applies after a line containing `phrase` (literal text, any case).

    Args:
        phrase: the words, e.g. `"chain rule"`, `"without the chain rule"`, `"substituting"`.

    Examples:
        >>> after("chain rule").match_length("Using the Chain Rule:")
        10
        >>> after("without the chain rule").match_length("Now without the chain rule:")
        22
        >>> after("chain rule").match_length("Directly:")
        0
    """
    if not phrase.strip():
        raise ValueError("after(): the phrase is empty")
    return Context(phrase=phrase.strip())


def in_part(part: str) -> Context:
    r"""The candidate applies within part `part` of the student's answer, found by its heading.

    Headings read: `2c`, `2(c)`, `2.c)`, `(c)` or `c)` under a heading `2`, `Part 2c`, `Q2(c)`, `Problem 2 (c)`,
    `## 2c`, `**(c)**`, `\section*{Part 2(c)}`, `\item[(c)]`, and an unlabelled `\item` by its place in its
    `enumerate` (1., 2. in a list; (a), (b) in a list inside another, as LaTeX numbers them).

    Args:
        part: the part, a number and/or a letter: `"2c"`, `"2"`, `"c"`.

    Examples:
        >>> lines = ["Q2.", "(b) first", "$x = 1$", "(c) then", "$x = 2$"]
        >>> part_at(lines, 3), part_at(lines, 5)
        ('2b', '2c')
        >>> in_part("2c").part, part_matches("2c", part_at(lines, 5)), part_matches("c", "2c")
        ('2c', True, True)
    """
    spec = part.strip().lower().replace("(", "").replace(")", "").replace(" ", "")
    if not re.fullmatch(r"\d*[a-z]?", spec) or not spec:
        raise ValueError(f"in_part({part!r}): a part is a number and/or a letter, such as '2c', '2' or 'c'")
    return Context(part=spec)


def for_sample(s: int) -> Context:
    r"""The candidate is about sample `s`: the text before it says `sample 2`, `x_2`, `\hat{y}_2` or `ŷ_2`.

    Args:
        s: the 1-based sample number.

    Examples:
        >>> for_sample(2).match_length("For sample 2, the loss is") > 0
        True
        >>> for_sample(2).match_length("For sample 3, the loss is")
        0
    """
    return Context(patterns=(rf"\\hat\{{y\}}_\{{?{s}\b", rf"(?<![\w\\])x_\{{?{s}\}}?(?!\d)", rf"\bsample {s}\b",
                             rf"ŷ_?{s}\b"))


def heading_of(line: str) -> tuple[str, str] | None:
    """(number, letter) of a part heading at the start of a line (either may be ""); None for no heading."""
    for pattern in _HEADINGS:
        found = pattern.match(line)
        if found is not None:
            number, letter = found.group(1) or "", (found.group(2) or found.group(3) or "").lower()
            if number or letter:
                return number, letter
    return None


def item_heading(lines: list[str], index: int) -> tuple[str, str] | None:
    """(number, letter) of an unlabelled `\\item` at 0-based `index`: its place in its `enumerate`, a number
    in an outer list and a letter in a list inside another (LaTeX's 1., (a)); None for another line."""
    if not _BARE_ITEM.match(lines[index]):
        return None
    depth, count = 0, 1
    for text in reversed(lines[:index]):
        for kind in reversed(_ENUMERATE.findall(text)):
            depth += 1 if kind == "end" else -1
        if depth < 0:
            break
        if depth == 0 and _BARE_ITEM.match(text):
            count += 1
    else:
        return None  # not inside an enumerate
    outer = sum(1 if kind == "begin" else -1 for text in lines[:index] for kind in _ENUMERATE.findall(text))
    if outer >= 2:
        return "", "abcdefgh"[count - 1] if count <= 8 else ""
    return str(count), ""


def part_at(lines: list[str], line: int) -> str:
    """The part (e.g. "2c", "c", "2") of a 1-based line: its nearest heading, with the number of an
    earlier heading when the nearest gives only a letter; "" before any heading.

    Examples:
        >>> part_at([r"\\begin{enumerate}", r"\\item", r"\\begin{enumerate}", r"\\item $x = 1$", r"\\item $x = 2$"], 5)
        '1b'
    """
    letter = ""
    for number in range(min(line, len(lines)), 0, -1):
        heading = item_heading(lines, number - 1) or heading_of(lines[number - 1])
        if heading is None:
            continue
        if heading[0]:
            return heading[0] + (letter or heading[1])
        letter = letter or heading[1]
    return letter


def part_matches(spec: str, found: str) -> bool:
    """Whether part `found` (from `part_at`) is part `spec`: equal, or the same letter or number when one of
    them gives only that."""
    if not found or not spec:
        return False
    if spec == found:
        return True
    spec_number, spec_letter = re.fullmatch(r"(\d*)([a-z]?)", spec).groups()  # type: ignore[union-attr]
    number, letter = re.fullmatch(r"(\d*)([a-z]?)", found).groups()  # type: ignore[union-attr]
    if not spec_letter:
        return spec_number == number
    if not number or not spec_number:
        return spec_letter == letter
    return False
