"""From math regions to chains of relations: `A = B = C`, with the source line of each part.

Handles aligned rows (`\\\\`, `&=`), a row that continues the previous expression
(`&\\quad (0.517)`), a region that starts with `=` and continues the previous
region's chain, several statements in one region (`\\quad`, `,`, `\\Rightarrow`),
part labels (`b)`), and a bare number on its own row after an expression (a
missing `=`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from symcheck.read.extract import Document, Region, TextLine

RELATIONS = {
    "=": "=", ":=": "=", "\\coloneqq": "=", "\\approx": "≈", "\\simeq": "≈", "\\sim": "≈",
    "\\neq": "≠", "\\ne": "≠", "<": "<", ">": ">", "\\le": "≤", "\\leq": "≤", "\\ge": "≥",
    "\\geq": "≥", "\\equiv": "=", "\\in": "∈",
    "\\leftarrow": "←", "\\gets": "←", "\\longleftarrow": "←",  # an update: W ← W - η∇W
}
SEPARATORS = {"\\quad", "\\qquad", "\\Rightarrow", "\\implies", "\\Longrightarrow", "\\therefore",
              "\\iff", "\\Leftrightarrow", "\\hspace", ";"}
ARROWS = {"\\Rightarrow", "\\implies", "\\Longrightarrow"}
_LAYOUT_ENVS = re.compile(
    r"\\(?:begin|end)\{(?:aligned|align|alignat|gather|gathered|split|multline|eqnarray|equation|"
    r"displaymath|math)\*?\}(?:\{\d+\})?")
_PART_LABEL = re.compile(r"^\s*(?:\(?[a-h]\)|\(\d+[a-h]?\)|\d+[a-h]?\))(?=\s*\S)")
# `\left` and `\right` only as whole commands: `\leftarrow` and `\rightarrow` are arrows, not brackets.
_TOKEN = re.compile(r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\left(?![A-Za-z])\S?|\\right(?![A-Za-z])\S?"
                    r"|\\[A-Za-z]+|\\.|:=|.", re.DOTALL)
_OPEN, _CLOSE = set("{(["), set("})]")
_BARE_NUMBER = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*\.?\s*$")
_ENDS_WITH_OPERATOR = re.compile(r"(?:[-+*/=(]|\\cdot|\\times|\\div)\s*$")


@dataclass
class Element:
    text: str
    line: int


@dataclass
class Chain:
    """`elements[0] rel[0] elements[1] rel[1] …`; rel is (symbol, line)."""

    elements: list[Element]
    relations: list[tuple[str, int]]
    region: Region
    context: int
    notes: list[str] = field(default_factory=list)
    subject: Element | None = None  # `DF(1,2) \Rightarrow … = M`: what the chain's result is the value of
    section: int = 0  # the problem it belongs to: a heading such as `## Exercise 2` or `Q3.` starts the next
    at_point: bool = False  # the text just before it names a point ("At $x = 0$:", "evaluated at (1, 2)")
    solving: bool = False  # an equation the text solves: "Setting …", "solve", "where … meet", `… ⇒ x = 3`
    log_base: str = ""  # "2" or "10" when the text around it names the base of \log ("base-2", "in bits")
    summary: bool = False  # it restates results: the prose above it is "Final answers:", "Summary", "Results"

    @property
    def line(self) -> int:
        return self.elements[0].line

    @property
    def end_line(self) -> int:
        return max(e.line for e in self.elements)

    @property
    def latex(self) -> str:
        parts = [self.elements[0].text]
        for (rel, _), element in zip(self.relations, self.elements[1:]):
            parts += [rel, element.text]
        return " ".join(parts)


def chains_of(document: Document) -> list[Chain]:
    """Every chain of relations in the document, in order."""
    builder = _Builder(document)
    for item in document.items():
        if isinstance(item, TextLine):
            builder.prose(item.text)
        else:
            builder.region(item)
    return [chain for chain in builder.chains if chain.relations]


def _top_level_tokens(text: str) -> Iterator[tuple[int, str, int]]:
    """(offset, token, depth) for every token; depth counts braces, brackets and environments."""
    depth = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok.startswith("\\begin") or (tok.startswith("\\left") and not tok[5:6].isalpha()):
            yield m.start(), tok, depth
            depth += 1
            continue
        if tok.startswith("\\end") or (tok.startswith("\\right") and not tok[6:7].isalpha()):
            depth = max(depth - 1, 0)
            yield m.start(), tok, depth
            continue
        if tok in _OPEN:
            yield m.start(), tok, depth
            depth += 1
            continue
        if tok in _CLOSE:
            depth = max(depth - 1, 0)
        yield m.start(), tok, depth


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


_BOX = re.compile(r"\\(?:boxed|fbox|bbox|framebox)\s*\{")


def _unbox(text: str) -> str:
    """`\\boxed{A = B}`: the box is layout; its relation is the student's final claim. The wrapper and its
    closing brace become spaces (offsets, and so lines, are kept)."""
    chars = list(text)
    for match in _BOX.finditer(text):
        depth = 0
        for pos in range(match.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[pos], 0) if text[pos - 1] != "\\" else 0
            if depth == 0:
                chars[match.start():match.end()] = " " * (match.end() - match.start())
                chars[pos] = " "
                break
    return "".join(chars)


def _split_rows(text: str) -> list[tuple[int, str]]:
    rows, start = [], 0
    for pos, tok, depth in _top_level_tokens(text):
        if depth == 0 and tok in ("\\\\", "\\cr", "\\newline"):
            rows.append((start, text[start:pos]))
            start = pos + len(tok)
    rows.append((start, text[start:]))
    return rows


def _segments(row: str) -> list[tuple[list[tuple[str, int, str]], str]]:
    """Split a row into statements: ([(piece, offset, relation_before)], separator_after)."""
    statements: list[list[tuple[str, int, str]]] = [[]]
    enders: list[str] = []
    piece_start, relation = 0, ""
    for pos, tok, depth in _top_level_tokens(row):
        if depth:
            continue
        if tok in RELATIONS:
            statements[-1].append((row[piece_start:pos], piece_start, relation))
            piece_start, relation = pos + len(tok), tok
        elif tok in SEPARATORS or (tok == "," and _comma_separates(row, pos, statements[-1])):
            statements[-1].append((row[piece_start:pos], piece_start, relation))
            statements.append([])
            enders.append(tok)
            piece_start, relation = pos + len(tok), ""
    statements[-1].append((row[piece_start:], piece_start, relation))
    return list(zip(statements, enders + [""]))


def _blank_top_level_ampersands(row: str) -> str:
    chars = list(row)
    for pos, tok, depth in _top_level_tokens(row):
        if depth == 0 and tok == "&":
            chars[pos] = " "
    return "".join(chars)


def _comma_separates(row: str, pos: int, current: list) -> bool:
    """`x=1, y=2` is two statements; `x_1, y_1 = …` and `f(x, y)` are not."""
    if not current:
        return False
    rest = row[pos + 1:]
    return any(tok in RELATIONS for _, tok, d in _top_level_tokens(rest) if d == 0)


PROBLEM_HEADING = re.compile(
    r"^\s*(?:#{1,2}\s|\\(?:section|chapter)\*?\s*\{|(?:\*\*|__)?(?:Q|Question|Problem|Exercise|Task)\s*\.?\s*\d)",
    re.IGNORECASE)


_SOLVING = re.compile(r"\b(?:sett?ing|set|solv\w*|roots?|zeros?|meet|intersect\w*|equations?|critical|stationary|"
                     r"planes?|newton|bisection|such that|satisf\w*)\b", re.IGNORECASE)
_LOG_BASE = re.compile(r"base[- ]?(2|10)\b|\bbits?\b", re.IGNORECASE)
_SOLVED_FOR = re.compile(r"\\(?:Rightarrow|implies|Longrightarrow)\s*[A-Za-z](?:_\{?\w+\}?)?\s*=\s*-?\d")
_SUMMARY = re.compile(r"^\W*(?:final\s+answers?|answers?\s*:|summary|in\s+summary|results?\s*:|to\s+summari[sz]e)",
                      re.IGNORECASE)
_AT_A_POINT = re.compile(r"(?:\bat\b|\bwhen\b|\bevaluat\w*|\bplug\w*)[^.]*(?:=|\(|\$)", re.IGNORECASE)


class _Builder:
    def __init__(self, document: Document):
        self.document = document
        self.chains: list[Chain] = []
        self.context = 0
        self.section = 0
        self.last_prose = ""
        self.current: Chain | None = None  # the chain a leading '=' continues
        self.subject: Element | None = None  # the left side of a pending '\Rightarrow'
        self.adjacent = False  # nothing but math since `current`

    def prose(self, text: str = "") -> None:
        self.context += 1
        self.last_prose = text
        if PROBLEM_HEADING.match(text):
            self.section += 1
        self.adjacent = False
        self.subject = None

    def region(self, region: Region) -> None:
        text = _unbox(_blank(region.text, _LAYOUT_ENVS))
        text = _blank(text, _PART_LABEL)
        if not self.adjacent or self.named_before(region):
            self.current = None
        if not any(text.lstrip().startswith(arrow) for arrow in ARROWS):
            self.subject = None
        for index, (offset, row) in enumerate(_split_rows(text)):
            self.row(region, row, offset, first_row=index == 0)
        self.adjacent = True

    def row(self, region: Region, row: str, offset: int, first_row: bool) -> None:
        cleaned = _blank_top_level_ampersands(row)
        stripped = re.sub(r"^(?:\s|\\q?quad)+", "", cleaned)
        if not stripped.strip():
            return
        lead = len(cleaned) - len(stripped)
        for index, (statement, ender) in enumerate(_segments(stripped)):
            if ender in ARROWS and len(statement) == 1 and statement[0][0].strip():
                text, pos, _ = statement[0]
                self.subject = Element(text.strip(), region.line_at(self.document, offset + lead + pos))
                continue
            self.statement(region, statement, offset + lead, first=index == 0, first_row=first_row)

    def statement(self, region: Region, pieces: list[tuple[str, int, str]], offset: int, first: bool,
                  first_row: bool = False) -> None:
        line = lambda pos: region.line_at(self.document, offset + pos)  # noqa: E731
        if len(pieces) == 1:
            if first and not first_row:
                self.continue_expression(pieces[0][0], line(pieces[0][1]))
            return
        head_text = pieces[0][0]
        if not head_text.strip():
            chain = self.current if (self.current is not None and first) else None
            if chain is None:  # '= A = B' with nothing before it (`total $= A = B$`): the chain A = B
                if len(pieces) > 2:
                    self.statement(region, pieces[1:], offset, first=False)
                return
            pieces = pieces[1:]
        else:
            chain = Chain([Element(head_text.strip(), line(pieces[0][1]))], [], region, self.context,
                          subject=self.subject, section=self.section, at_point=self.names_a_point(region),
                          solving=self.solves(region), log_base=self.log_base(region),
                          summary=self.restates(region))
            self.chains.append(chain)
            pieces = pieces[1:]
        for text, pos, relation in pieces:
            if not text.strip():
                continue
            chain.relations.append((RELATIONS[relation], line(pos)))
            chain.elements.append(Element(text.strip(), line(pos + len(text) - len(text.lstrip()))))
        self.current = chain

    def introduction(self, region: Region) -> str:
        """The text that introduces `region`: on its line before it, else the nearest non-blank line above."""
        starts = self.document.line_starts
        start = starts[region.line - 1] if region.line - 1 < len(starts) else 0
        before = self.document.text[start:region.offset]
        if re.sub(r"\$|\\\[|\\\(|\\begin\{[a-z*]+\}", "", before).strip():
            return before
        lines = self.document.text[:start].rstrip("\n").split("\n")
        for line in reversed(lines[-3:]):
            if line.strip():
                return line
        return ""

    def named_before(self, region: Region) -> bool:
        """`total $= 5$`: a word before a region that starts with '=' names what it is the value of, so the
        region does not continue the previous chain."""
        starts = self.document.line_starts
        start = starts[region.line - 1] if region.line - 1 < len(starts) else 0
        before = self.document.text[start:region.offset]
        return region.text.lstrip().startswith("=") and bool(re.search(r"[A-Za-z]{2,}\W*$", before.rstrip("$ ")))

    def names_a_point(self, region: Region) -> bool:
        """Whether the text that introduces `region` names a point: "At $x = 0$:", "at (2, 1)", "evaluated at"."""
        return bool(_AT_A_POINT.search(self.introduction(region)))

    def restates(self, region: Region) -> bool:
        """Whether `region` sits under a summary of results: the nearest line of prose above it (lines of
        math between are passed over) begins "Final answer(s)", "Answers:", "Summary", "Results:"."""
        lines = self.document.text[:region.offset].split("\n")  # the last: its own line, before it
        for line in reversed(lines[-12:]):
            prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|\\\[.*?\\\]|[#*_>|$]", " ", line).strip(" ,.;:-\t")
            prose = re.sub(r"^\(?[a-z0-9]{1,3}[).:]\s*|\s\(?[a-z0-9]{1,3}\)$", "", prose)  # part labels: (a), 2b)
            if prose:
                return bool(_SUMMARY.match(line.lstrip("#*_> \t")))
        return False

    def log_base(self, region: Region) -> str:
        """The base of \\log that the text introducing `region`, or its own line, names: "2", "10" or ""."""
        starts = self.document.line_starts
        end = starts[region.end_line] if region.end_line < len(starts) else len(self.document.text)
        around = self.introduction(region) + self.document.text[region.offset:end]
        match = _LOG_BASE.search(around)
        if match is None:
            return ""
        return "2" if match.group(1) in (None, "2") else match.group(1)

    def solves(self, region: Region) -> bool:
        """Whether `region` is an equation being solved: the text introducing it says so, or an arrow follows."""
        return bool(_SOLVING.search(self.introduction(region)) or _SOLVED_FOR.search(region.text))

    def continue_expression(self, text: str, line: int) -> None:
        """A row with no relation: more of the previous expression, or a result missing its '='."""
        chain = self.current
        if chain is None or not text.strip():
            return
        last = chain.elements[-1]
        if _BARE_NUMBER.match(text) and not _ENDS_WITH_OPERATOR.search(last.text):
            chain.relations.append(("=", line))
            chain.elements.append(Element(text.strip(), line))
            chain.notes.append(f"line {line}: read '{text.strip()}' as '= {text.strip()}' (the '=' is missing)")
        else:
            last.text = f"{last.text} {text.strip()}"
