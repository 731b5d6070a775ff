"""The documentation is real: the instructor helpers' examples run (doctest), the guide's code is the code
of files that load and lint clean, and the API reference builds with `mkdocs build --strict`."""
from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

# The modules whose docstrings carry `>>>` examples: the instructor API (symcheck.problem, symcheck.derive).
DOCTEST_MODULES = ["symcheck.keys.derive", "symcheck.keys.problem"]


@pytest.mark.parametrize("name", DOCTEST_MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see the output)"


@pytest.mark.parametrize("name", ["gradient", "jacobian", "hessian", "at", "compose", "chain_rule", "partial_aliases",
                                  "composition_aliases", "sample_context", "FeedForward"])
def test_every_public_helper_has_arguments_and_an_example(name: str) -> None:
    import symcheck.derive

    doc = getattr(symcheck.derive, name).__doc__ or ""
    assert ">>>" in doc, f"{name}: no example"
    assert "Args:" in doc, f"{name}: no Args section"


@pytest.mark.parametrize("name", ["Quantity", "Part", "Problem", "CreditPolicy", "load_problem"])
def test_instructor_api_has_arguments_and_an_example(name: str) -> None:
    import symcheck.problem

    doc = getattr(symcheck.problem, name).__doc__ or ""
    assert ">>>" in doc and "Args:" in doc, f"{name}: needs an Args section and an example"


ROOT = Path(__file__).resolve().parent.parent


def test_the_api_reference_builds_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` (what `make docs` runs): every page, every `::: object` resolved, no warning."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    for page in ("api/symcheck", "api/problem", "api/derive"):
        assert (site / page / "index.html").is_file(), page
    api = (site / "api" / "derive" / "index.html").read_text(encoding="utf-8")
    assert 'id="symcheck.derive.chain_rule"' in api  # the reference is generated, not an empty page
