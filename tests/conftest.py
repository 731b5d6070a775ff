"""Shared helpers for the symcheck test suite: where the repository and its examples are.

`example_md` is a parameter, not a plain fixture: any test that asks for it runs once per
`examples/*.md` that has a `*.truth.json` beside it, with the file name as the test id.
"""
from __future__ import annotations

import faulthandler
import json
from pathlib import Path

import pytest

SUITE_LIMIT_SECONDS = 2700  # a hang, not a slow machine: a loaded 2-core run takes about 15 minutes


def pytest_sessionstart(session):
    """A hung test must fail the run, not stall CI: past the limit, print every thread's stack and exit."""
    faulthandler.dump_traceback_later(SUITE_LIMIT_SECONDS, exit=True)


def pytest_sessionfinish(session, exitstatus):
    faulthandler.cancel_dump_traceback_later()



@pytest.fixture(autouse=True, scope="module")
def _fresh_parse_cache():
    """Each test module starts with an empty parse cache (it lives for the process otherwise)."""
    from symcheck.latex.parse import PARSED

    PARSED.clear()
    yield


REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = REPO_ROOT / "examples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def labelled_examples() -> list[Path]:
    """Every example answer file that has a truth file beside it, sorted by name."""
    return sorted(p for p in EXAMPLES_DIR.glob("*.md") if truth_path(p).exists())


def truth_path(md: Path) -> Path:
    """`examples/x.md` -> `examples/x.truth.json`."""
    return md.with_name(md.stem + ".truth.json")


def load_truth(md: Path) -> dict:
    return json.loads(truth_path(md).read_text(encoding="utf-8"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "example_md" in metafunc.fixturenames:
        files = labelled_examples()
        metafunc.parametrize("example_md", files, ids=[p.name for p in files])


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding `symcheck/`, `examples/` and `tests/`)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled `examples/` folder."""
    return EXAMPLES_DIR


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    """`tests/golden/`: reports checked in as the expected output."""
    return GOLDEN_DIR


@pytest.fixture
def example_truth(example_md: Path) -> dict:
    """The truth file of the example under test: `items`, each with `lines` [first, last] and a `label`
    (must: a mistake to catch; ok or rounding: correct, no error allowed; may: not scored)."""
    return load_truth(example_md)
