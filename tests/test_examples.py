"""The bundled examples, scored against their truth files with the rule of the project's scorer.

A truth file labels line ranges: `must` (a mistake: some error must start inside), `ok` and `rounding`
(correct: no error may start inside), `may` (not scored). A finding belongs to the item whose range
holds its `line`. This re-implements those few lines of the scorer; the tests do not read it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from symcheck import check_file
from symcheck.report.json_report import report_dict

SEED = "deep_learning_homework.md"
SEED_MIN_CAUGHT = 16


def error_lines(md: Path) -> list[int]:
    """The line of every finding of severity "error", read from the JSON form of the report."""
    return [int(f["line"]) for f in report_dict(check_file(md))["findings"] if f["severity"] == "error"]


def item_of(line: int, items: list[dict]) -> dict | None:
    """The first item whose [first, last] range holds `line` (as the scorer attributes findings)."""
    return next((it for it in items if it["lines"][0] <= line <= it["lines"][1]), None)


def false_alarms(lines: list[int], items: list[dict]) -> list[str]:
    """One description per ok/rounding item that an error falls into."""
    alarmed = {}
    for line in lines:
        item = item_of(line, items)
        if item is not None and item["label"] in ("ok", "rounding"):
            alarmed.setdefault(tuple(item["lines"]), f"error on line {line} inside {item['label']} item "
                                                    f"{item['lines']}: {item.get('note', '')}")
    return sorted(alarmed.values())


def caught_musts(lines: list[int], items: list[dict]) -> set[tuple[int, int]]:
    """The ranges of the must items that at least one error falls into."""
    return {tuple(item["lines"]) for line in lines
            if (item := item_of(line, items)) is not None and item["label"] == "must"}


def test_no_false_alarms(example_md: Path, example_truth: dict):
    """No error is reported on a step the truth file labels ok or rounding."""
    assert false_alarms(error_lines(example_md), example_truth["items"]) == []


def test_seed_catches_most_mistakes(examples_dir: Path):
    """On the seed homework, at least 16 of the must items get an error."""
    md = examples_dir / SEED
    items = json.loads(md.with_name(md.stem + ".truth.json").read_text(encoding="utf-8"))["items"]
    must = [it for it in items if it["label"] == "must"]
    caught = caught_musts(error_lines(md), items)
    missed = [f"{it['lines']}: {it.get('note', '')}" for it in must if tuple(it["lines"]) not in caught]
    assert len(caught) >= SEED_MIN_CAUGHT, f"caught {len(caught)}/{len(must)}; missed:\n" + "\n".join(missed)


# (items, error lines, expected false alarms) for the scoring helper itself
SCORING_CASES = [
    pytest.param([{"lines": [1, 2], "label": "ok"}], [2], 1, id="error-in-ok-item"),
    pytest.param([{"lines": [1, 2], "label": "rounding"}], [1, 2], 1, id="two-errors-one-item-count-once"),
    pytest.param([{"lines": [1, 2], "label": "must"}], [1], 0, id="error-in-must-item"),
    pytest.param([{"lines": [1, 2], "label": "may"}], [1], 0, id="may-not-scored"),
    pytest.param([{"lines": [1, 2], "label": "ok"}], [3], 0, id="unattributed"),
    pytest.param([{"lines": [1, 2], "label": "ok"}, {"lines": [2, 3], "label": "must"}], [2], 1,
                 id="first-matching-item-wins"),
]


@pytest.mark.parametrize(("items", "lines", "alarms"), SCORING_CASES)
def test_false_alarm_rule(items, lines, alarms):
    """The re-implemented scoring rule counts an alarm once per ok/rounding item, first matching item wins."""
    assert len(false_alarms(lines, items)) == alarms
