"""The table of finding codes is the one the README shows, and a Finding refuses a code that is not in it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from symcheck.core.codes import CODES, Severity, markdown_table
from symcheck.core.results import Finding
from symcheck.diagnose.rules import RULES

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_shows_the_table():
    text = README.read_text()
    shown = re.search(r"<!-- codes:start -->\n(.*?)<!-- codes:end -->", text, re.S)
    assert shown is not None and shown.group(1).strip() == markdown_table().strip()


@pytest.mark.parametrize("code", [code for code, _ in RULES])
def test_every_named_mistake_is_in_the_table(code: str):
    assert CODES[code].severity is Severity.ERROR and CODES[code].raised_by == "diagnose/rules.py"


@pytest.mark.parametrize("module", sorted({c.raised_by for c in CODES.values()}))
def test_the_module_named_exists(module: str):
    assert (README.parent / "symcheck" / module).is_file()


@pytest.mark.parametrize(("code", "accepted"), [("arithmetic", True), ("sign-flip", True), ("made-up", False)])
def test_a_finding_refuses_an_unknown_code(code: str, accepted: bool):
    def make() -> Finding:
        return Finding(line=1, end_line=1, severity="error", code=code, message="message", latex="x = 1")

    if accepted:
        assert make().code == code
    else:
        with pytest.raises(ValueError, match="unknown finding code"):
            make()
