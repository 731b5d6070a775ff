"""The parts of an answer document (`**(a)**`, `b)`, `# HW 4`, `Part 2`), for grouping findings in reports."""
from __future__ import annotations

import re

_LABEL = re.compile(
    r"^\s*(?:"
    r"#{1,6}\s+(?P<heading>.+?)\s*#*\s*$"
    r"|\*\*\s*(?P<bold>\(?\d*[a-h]?\)?(?=\s*\*\*))"
    r"|(?P<plain>\(?\d+[a-h]?\)|\(?[a-h]\))(?=[\s.:]|$)"
    r"|\\(?:sub)*section\*?\{(?P<section>[^{}]+)\}"
    r"|(?:Part|Problem|Question)\s+(?P<part>[\w.]+)"
    r")", re.IGNORECASE)


def document_sections(text: str) -> tuple[tuple[int, str], ...]:
    """(line, label) of each line that opens a part: a Markdown heading, a LaTeX section, or a label
    at the start of a line (`1)`, `(c)`, `**(a)**`, `Part 2`)."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = _LABEL.match(line)
        if not m:
            continue
        label = next(g for g in m.groups() if g)
        label = label.strip().strip("()*").strip() if not m.group("heading") else label.strip()
        if label:
            out.append((number, label[:60]))
    return tuple(out)
