"""Every labelled answer file the repository can see, checked without a key: no false alarm, and at least
as many mistakes caught as when the row was written (a ratchet: raise a row when symcheck catches more).

Corpora: the bundled examples, `bench/labelled/` (written for this purpose in other styles and topics) and
the development corpus in `../shared/dev-corpus/` (written by others; skipped when it is not beside the
clone). The scoring rule is the one in tests/test_examples.py. A generous step limit keeps a loaded
machine from turning a slow step into a missed mistake.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from symcheck import check_file
from symcheck.core.limits import Limits
from symcheck.report.json_report import report_dict
from tests.test_examples import caught_musts, false_alarms

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-corpus"

# (answer file, mistakes caught at least)
CORPUS = [
    ("examples/deep_learning_homework.md", 19),
    ("examples/jacobians_flawed.md", 6), ("examples/jacobians_model.md", 0),
    ("examples/logistic_regression_flawed.md", 5), ("examples/logistic_regression_model.md", 0),
    ("examples/quadratic_form_flawed.md", 7), ("examples/quadratic_form_model.md", 0),
    ("examples/tanh_network_flawed.md", 4), ("examples/tanh_network_model.md", 0),
    ("bench/labelled/eig01.md", 3), ("bench/labelled/mcalc01.md", 4), ("bench/labelled/optim01.md", 3),
    ("bench/labelled/tangent01.md", 1), ("bench/labelled/hess01.tex", 4), ("bench/labelled/softmax01.tex", 3),
    ("dev:doc01.md", 5), ("dev:doc02.md", 3), ("dev:doc03.md", 3), ("dev:doc04.md", 4), ("dev:doc05.md", 5),
    ("dev:doc06.md", 0), ("dev:tex01.tex", 5), ("dev:tex02.tex", 5),
]


def resolve(name: str) -> Path:
    if name.startswith("dev:"):
        if not DEV.is_dir():
            pytest.skip("../shared/dev-corpus is not beside this clone")
        return DEV / name[4:]
    return ROOT / name


@pytest.mark.parametrize("name, least", CORPUS, ids=[name for name, _ in CORPUS])
def test_labelled_answer_file(name: str, least: int) -> None:
    path = resolve(name)
    items = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))["items"]
    report = report_dict(check_file(path, limits=Limits(step_timeout=30.0, file_timeout=600.0)))
    lines = [int(f["line"]) for f in report["findings"] if f["severity"] == "error"]
    assert false_alarms(lines, items) == []
    assert len(caught_musts(lines, items)) >= least
