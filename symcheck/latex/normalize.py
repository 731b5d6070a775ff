"""Notation the parser never sees: small named rewrites applied to the text of one expression.

Each rule is `(name, pattern, replacement)` and is tested on its own. `readings`
adds alternative readings for OCR ambiguities: the checker calls a step wrong only
if it is wrong under every reading.
"""
from __future__ import annotations

import re

from symcheck.read.unicode import unicode_to_latex

RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("label-tag", re.compile(r"\\(?:label|tag\*?)\{[^{}]*\}"), " "),  # first: `x,\\label{eq:1}` ends with its comma
    ("trailing-punctuation", re.compile(r"(?:(?<!\\)[.,;:]|\s|\\[,;:!])+$"), ""),
    ("leading-punctuation", re.compile(r"^[\s,;:]+"), ""),
    ("mathrm-d", re.compile(r"\\mathrm\{d\}"), "d"),
    ("prime-superscript", re.compile(r"\^\{?\\prime\}?"), "'"),
    ("braced-delimiter", re.compile(r"\\([bB]igg?[lr]?)\{([()\[\]|])\}"), r"\\\1\2"),  # \Big{(} is \Big(
    ("empty-script", re.compile(r"[_^]\s*\{\s*\}"), " "),  # \int_{ }^{} x dx: an empty script is none
    ("empty-group", re.compile(r"\{\s*\}"), " "),
    ("left-right-dot", re.compile(r"\\left\.|\\right\."), " "),
    ("operatorname-star", re.compile(r"\\operatorname\*"), r"\\operatorname"),
    ("double-minus", re.compile(r"(?<![\w}])--(?=\d)"), "+"),
    ("mathord", re.compile(r"\\mathord(?![A-Za-z])"), " "),  # a TeX spacing class: \mathord{d_0} reads as {d_0}
    ("checkmark", re.compile(r"\\checkmark(?![A-Za-z])|[✓✔]"), " "),  # `= -11.743 \checkmark`: a tick, not math
]

# `-15 \cdot 886`: a decimal point the OCR read as a multiplication dot.
DOT_AS_POINT = re.compile(r"(?<![\d.])(\d+)\s*\\cdot\s*(\d{3,})(?![\d.])")


def normalize(text: str) -> str:
    """Apply every rule of RULES, in order."""
    text = unicode_to_latex(text)
    for _, pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.strip()


BARE_LOG = re.compile(r"\\log(?![a-zA-Z_])")


def readings(text: str) -> list[tuple[str, str]]:
    """The normalised text and its alternative readings, each with a note ('' for the literal one)."""
    primary = normalize(text)
    out = [(primary, "")]
    if DOT_AS_POINT.search(primary):
        alt = DOT_AS_POINT.sub(r"\1.\2", primary)
        out.append((alt, "decimal-point-as-dot"))
    if BARE_LOG.search(primary):  # \log with no base: natural here, but base 2 and 10 are common too
        out += [(BARE_LOG.sub(r"\\log_{" + base + "}", primary), f"log-base-{base}") for base in ("2", "10")]
    return out
