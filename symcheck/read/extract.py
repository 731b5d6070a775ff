"""Find the math in a Markdown or LaTeX answer file, with exact source line spans.

Math regions: `$…$`, `$$…$$` (also across lines), `\\[…\\]`, `\\(…\\)` and the
display environments. Outside math: arithmetic written as plain text
(`val = -19.885 * 0.527` then `= -10.419.`) and Markdown table rows whose first
cell names a quantity and whose other cells are numbers. Struck-through
(`~~…~~`) math is kept but marked crossed out. Lines of prose between regions are
kept as text, since they open a new context ("For ŷ₂").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from symcheck.read.macros import Expander, Macro, MacroError, collect
from symcheck.read.unicode import unicode_to_latex

DISPLAY_ENVS = r"equation|align|aligned|alignat|gather|gathered|split|multline|eqnarray|displaymath|math"
_OPENERS = re.compile(
    r"(?<!\\)\$\$|\\\[|\\\(|\\begin\{(?P<env>(?:" + DISPLAY_ENVS + r")\*?)\}|(?<![\\$])\$(?!\$)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


@dataclass(frozen=True)
class Region:
    """A piece of math (or arithmetic in text) with where it stands in the file."""

    kind: str  # math | text-math | table
    text: str
    line: int  # 1-based first line
    end_line: int
    offset: int  # offset of `text` in the file, to map positions inside it to lines
    crossed_out: bool = False
    display: bool = False
    source: str | None = None  # the text as written, when the document's macros were expanded in `text`
    newlines: tuple[int, ...] | None = None  # positions of the line breaks in the expanded `text`

    def line_at(self, document: Document, position: int) -> int:
        """The source line of a position inside `text`."""
        if self.kind != "math":
            return self.line
        if self.newlines is not None:  # expansion keeps every line break, in order
            return document.line_of(self.offset) + bisect.bisect_left(self.newlines, position)
        return document.line_of(self.offset + position)

    @property
    def written(self) -> str:
        """The text as the student wrote it (before macro expansion)."""
        return self.text if self.source is None else self.source


@dataclass(frozen=True)
class TextLine:
    line: int
    text: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with the document itself (an unclosed $$), reported as a finding."""

    line: int
    code: str
    message: str


@dataclass
class Document:
    text: str
    regions: list[Region]
    text_lines: list[TextLine]
    problems: list[Problem]
    line_starts: list[int]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def items(self) -> list[Region | TextLine]:
        """Regions and prose lines in document order."""
        return sorted([*self.regions, *self.text_lines], key=lambda x: (x.line, isinstance(x, TextLine)))


MAX_MATH_CHARS = 5_000  # the default of Limits.max_math_chars: how much macros may add to a region


def read_document(text: str, *, latex: bool = False, macros: bool = True,
                  max_math_chars: int = MAX_MATH_CHARS) -> Document:
    """Split `text` into math regions and prose lines; with `macros`, the document's own macros
    (from anywhere in it, the LaTeX preamble too) are expanded in its math (`symcheck.read.macros`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    definitions = _blank_comments(text) if latex else _mask_code(text, rows=False)
    if latex:
        text = _blank_latex_preamble_and_comments(text)
    masked = _mask_code(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    doc = Document(text, [], [], [], starts)
    covered = _find_math(doc, masked)
    _find_text_math(doc, masked, covered)
    if macros and "\\" in definitions:
        _expand_macros(doc, collect(definitions), max_math_chars)
    return doc


def _mask_code(text: str, rows: bool = True) -> str:
    """Blank out fenced code blocks and inline code spans, keeping offsets."""
    out, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(" " * len(line))
        elif fenced:
            out.append(" " * len(line))
        else:
            out.append(_INLINE_CODE.sub(lambda m: " " * len(m.group()), line))
    # `\\` is a row break, never an escape: blank it so that `\\$$` closes and `\\[` opens nothing
    masked = "\n".join(out)
    return masked.replace("\\\\", "  ") if rows else masked


def _blank_comments(text: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)


def _blank_latex_preamble_and_comments(text: str) -> str:
    begin = text.find("\\begin{document}")
    if begin >= 0:
        text = re.sub(r"[^\n]", " ", text[:begin + len("\\begin{document}")]) + text[begin + len("\\begin{document}"):]
    end = text.find("\\end{document}")
    if end >= 0:
        text = text[:end] + re.sub(r"[^\n]", " ", text[end:])
    return _blank_comments(text)


_CLOSERS = {"$$": re.compile(r"(?<!\\)\$\$"), "\\[": re.compile(r"\\\]"), "\\(": re.compile(r"\\\)"),
            "$": re.compile(r"(?<![\\$])\$(?!\$)")}


def _closing(match: re.Match[str]) -> re.Pattern[str]:
    if match.group("env"):
        return re.compile(r"\\end\{" + re.escape(match.group("env")) + r"\}")
    return _CLOSERS[match.group()]


def _line_end(doc: Document, position: int) -> int:
    """The offset of the end of the line holding `position` (found from the line starts, not by scanning)."""
    line = doc.line_of(position)
    return doc.line_starts[line] - 1 if line < len(doc.line_starts) else len(doc.text)


class _Strikes:
    """How many `~~` stand on a region's line before it, counted once per character of the file
    (regions are met in order; counting from the line start for each would be quadratic)."""

    def __init__(self, doc: Document, masked: str):
        self.doc, self.masked = doc, masked
        self.line, self.pos, self.count = 0, 0, 0

    def before(self, start: int) -> int:
        line = self.doc.line_of(start)
        if line != self.line:
            self.line, self.pos, self.count = line, self.doc.line_starts[line - 1], 0
        self.count += self.masked.count("~~", self.pos, start)
        self.pos = max(self.pos, start)
        return self.count


def _find_math(doc: Document, masked: str) -> list[tuple[int, int]]:
    covered: list[tuple[int, int]] = []
    never_closed: dict[str, int] = {}  # closing pattern -> position after which it does not occur
    strikes = _Strikes(doc, masked)
    pos = 0
    while True:
        match = _OPENERS.search(masked, pos)
        if not match:
            return covered
        closing = _closing(match)
        inline = match.group() == "$"
        limit = _line_end(doc, match.end()) if inline else len(masked)
        known_open = not inline and match.end() >= never_closed.get(closing.pattern, len(masked) + 1)
        end_match = None if known_open else closing.search(masked, match.end(), limit if limit >= 0 else len(masked))
        if end_match is None and not inline:
            never_closed[closing.pattern] = min(never_closed.get(closing.pattern, match.end()), match.end())
        if end_match is None:
            if not inline:
                line = doc.line_of(match.start())
                reason = f"'{match.group()}' opened on line {line} is never closed"
                doc.problems.append(Problem(line, "unclosed-math", reason))
            pos = match.end()
            continue
        inner_start, inner_end = match.end(), end_match.start()
        if match.group("env"):  # keep the environment so rows and alignment are seen
            inner_start, inner_end = match.start(), end_match.end()
        display = not inline and match.group() != "\\("
        _add_region(doc, masked, match.start(), end_match.end(), inner_start, inner_end, display,
                    strikes.before(match.start()))
        covered.append((match.start(), end_match.end()))
        pos = end_match.end()


def _add_region(doc: Document, masked: str, start: int, end: int, inner_start: int, inner_end: int,
                display: bool, strikes_before: int) -> None:
    line, end_line = doc.line_of(start), doc.line_of(max(end - 1, start))
    crossed = strikes_before % 2 == 1 and "~~" in masked[end:end + 200].split("\n")[0]
    doc.regions.append(Region("math", doc.text[inner_start:inner_end], line, end_line, inner_start, crossed, display))


# -- arithmetic and tables written outside math ---------------------------------------
_ANNOTATION = re.compile(r"\s*\((?=[^)]*[A-Za-z\u2080-\u2089])[^()0-9.+\-*/]*[^()]*\)\s*\.?\s*$")
_ARITH_CHARS = r"[-+*/×÷·().\d\s^]"
_TEXT_MATH = re.compile(
    rf"^\s*(?:(?P<lhs>[A-Za-z][A-Za-z_0-9]{{0,12}})\s*=\s*|(?P<eq>=)\s*)(?P<expr>[-+(]?\s*\d{_ARITH_CHARS}*?)\s*\.?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|?\s*(?P<head>\$[^$]+\$)\s*(?:\||\t|\s{2,})(?P<cells>.*)$")
_NUMBER = re.compile(r"^[-+−]?\d+(?:\.\d+)?$")
MAX_TEXT_MATH = 300  # longer prose lines are not read as arithmetic (and the patterns stay fast)


def _find_text_math(doc: Document, masked: str, covered: list[tuple[int, int]]) -> None:
    """Lines with no math are prose or text arithmetic; lines with math may be table rows.
    `covered` is in document order, so one pass with a moving index finds each line's spans."""
    lines = masked.split("\n")
    index = 0
    heads: dict[int, str] = {}  # line -> the head of the table row it holds
    for number, line in enumerate(lines, start=1):
        start = doc.line_starts[number - 1]
        while index < len(covered) and covered[index][1] <= start:
            index += 1
        has_math = index < len(covered) and covered[index][0] < start + len(line)
        if not has_math:
            _text_line(doc, number, start, line)
        else:
            head = _table_row(doc, number, start, line)
            if head is not None:
                heads[number] = head
    if heads:  # the heads' own regions, dropped in one pass (not one pass per table row)
        doc.regions[:] = [r for r in doc.regions if not (r.kind == "math" and heads.get(r.line) == r.text.strip())]


def _text_line(doc: Document, number: int, start: int, line: str) -> None:
    stripped = line.strip()
    if not stripped:
        return
    fits = len(stripped) <= MAX_TEXT_MATH
    candidate = _ANNOTATION.sub("", stripped[:MAX_TEXT_MATH]).replace("−", "-") if fits else ""
    match = _TEXT_MATH.match(candidate)
    if match and re.search(r"\d", match.group("expr")):
        expr = unicode_to_latex(match.group("expr")).strip()
        text = f"= {expr}" if match.group("eq") else f"\\text{{{match.group('lhs')}}} = {expr}"
        doc.regions.append(Region("text-math", text, number, number, start))
        return
    doc.text_lines.append(TextLine(number, stripped))


def _table_row(doc: Document, number: int, start: int, line: str) -> str | None:
    """A table row `| $name$ | 1 | 2 |` becomes one region (its head's own region is dropped by the caller)."""
    match = _TABLE_ROW.match(line)
    if not match:
        return None
    cells = [c.strip() for c in re.split(r"\t|\|", match.group("cells")) if c.strip()]
    if len(cells) < 2 or not all(_NUMBER.match(c) for c in cells):
        return None
    head = match.group("head").strip("$")
    column = " \\\\ ".join(c.replace("−", "-") for c in cells)
    text = f"{head} = \\begin{{bmatrix}} {column} \\end{{bmatrix}}"
    doc.regions.append(Region("table", text, number, number, start))
    return head.strip()


# -- the document's own macros -----------------------------------------------------------------
def _expand_macros(doc: Document, macros: list[Macro], max_math_chars: int) -> None:
    """Expand, in each math region and table row, the macros defined before its end; a definition
    inside a region is blanked there. A region whose expansion is over a bound stays as written,
    with a finding."""
    if not macros:
        return
    expander, table, k = Expander(), {}, 0
    starts = [m.start for m in macros]
    for index in sorted(range(len(doc.regions)), key=lambda i: doc.regions[i].offset):
        region = doc.regions[index]
        if region.kind == "text-math":
            continue
        end = region.offset + len(region.text)
        while k < len(macros) and macros[k].start < end:
            table[macros[k].name] = macros[k]
            k += 1
        text = _blank_definitions(region, macros, starts) if region.kind == "math" else region.text
        expander.table = table
        try:
            expanded = expander.expand(text, len(text) + min(max_math_chars, max(9 * len(text), 500)))
        except MacroError as exc:
            doc.problems.append(Problem(region.line, exc.code, exc.message))
            if expander.exhausted:
                return
            expanded = text
        if expanded != region.text:
            newlines = tuple(i for i, ch in enumerate(expanded) if ch == "\n")
            doc.regions[index] = replace(region, text=expanded, source=region.text, newlines=newlines)


def _blank_definitions(region: Region, macros: list[Macro], starts: list[int]) -> str:
    """The region's text with the definitions standing inside it blanked (line breaks kept).
    `macros` are in document order and do not overlap; `starts` are their first positions."""
    start, end = region.offset, region.offset + len(region.text)
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    inside = [m for m in macros[first:bisect.bisect_left(starts, end)] if m.start < end and m.end > start]
    if not inside:
        return region.text
    chars = list(region.text)
    for m in inside:
        for i in range(max(m.start, start) - start, min(m.end, end) - start):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
