"""The documentation is real: the instructor helpers' examples run (doctest), the guide's code is the code
of files that load and lint clean, and the API reference builds with `mkdocs build --strict`."""
from __future__ import annotations

import doctest
import importlib

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
