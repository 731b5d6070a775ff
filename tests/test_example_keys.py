"""The dev-corpus keys rewritten with the kinds, `given=` and contexts of the key API (`examples/keys/`): each
grades its document in `../shared/dev-corpus/` (skipped when that is not beside the clone) catching every
mistake the truth file labels `must`, with no false alarm, and each is shorter than the key it replaces."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from symcheck.core.limits import Limits
from symcheck.grade.grader import grade_file
from symcheck.keys.problem import load_problem
from tests.test_examples import caught_musts, false_alarms

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-corpus"
KEYS = ROOT / "examples" / "keys"
DOCS = sorted(p.name.removesuffix(".key.py") for p in KEYS.glob("*.key.py"))


def _document(stem: str) -> Path:
    if not DEV.is_dir():
        pytest.skip("../shared/dev-corpus is not beside this clone")
    return next(DEV / f"{stem}{ext}" for ext in (".md", ".tex") if (DEV / f"{stem}{ext}").is_file())


@pytest.mark.parametrize("stem", DOCS)
def test_rewritten_key_catches_every_mistake_without_false_alarms(stem: str) -> None:
    path = _document(stem)
    items = json.loads((DEV / f"{stem}.truth.json").read_text(encoding="utf-8"))["items"]
    graded = grade_file(path, load_problem(KEYS / f"{stem}.key.py"),
                        limits=Limits(step_timeout=30.0, file_timeout=600.0))
    lines = [f.line for f in graded.findings if f.severity == "error"]
    assert false_alarms(lines, items) == []
    assert caught_musts(lines, items) == {tuple(i["lines"]) for i in items if i["label"] == "must"}


@pytest.mark.parametrize("stem", DOCS)
def test_rewritten_key_is_shorter_and_has_no_workaround(stem: str) -> None:
    text = (KEYS / f"{stem}.key.py").read_text(encoding="utf-8")
    if DEV.is_dir():
        assert len(text.splitlines()) < len((DEV / f"{stem}.key.py").read_text(encoding="utf-8").splitlines())
    assert "(?i)" not in text and "re.compile" not in text  # contexts say it with after/in_part, not regexes
