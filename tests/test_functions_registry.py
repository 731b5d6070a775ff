"""The registry of named functions (symcheck.core.known_functions) keeps its word for every row.

The LaTeX parser, the interpreter and the interval evaluator all read it, so a row that claims an
interval version must have one that intervals find, and a row that says its value is evaluated
"by parts" must be evaluable that way: no function can lack an interval version silently.
"""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck.core.known_functions import (
    BY_NAME,
    BY_PARTS,
    ELEMENTWISE,
    FUNCTIONS,
    INTERVALS,
    LATEX_NAMES,
    NO_INTERVAL,
    FunctionSpec,
)
from symcheck.latex.parser import FUNCTIONS as PARSER_NAMES
from symcheck.meaning import intervals

ROWS = [pytest.param(spec, id=spec.name) for spec in FUNCTIONS]


@pytest.mark.parametrize("spec", ROWS)
def test_every_row_says_how_intervals_bound_it(spec: FunctionSpec) -> None:
    assert callable(spec.interval) or spec.interval in (BY_PARTS, NO_INTERVAL)


@pytest.mark.parametrize("spec", [r for r in ROWS if callable(r.values[0].interval)])
def test_an_interval_version_belongs_to_a_sympy_function(spec: FunctionSpec) -> None:
    """Intervals find the version by the SymPy class's name: the row's meaning must be that class."""
    assert isinstance(spec.sympy, type) and issubclass(spec.sympy, sp.Basic)
    assert INTERVALS[spec.sympy.__name__] is spec.interval


@pytest.mark.parametrize("spec", [r for r in ROWS if r.values[0].interval == BY_PARTS and r.values[0].elementwise])
def test_by_parts_rows_are_evaluable_by_intervals(spec: FunctionSpec) -> None:
    value = spec.sympy(sp.Rational(1, 3))  # type: ignore[misc]
    bounds = intervals.evaluate(value, {})
    assert intervals.lo(bounds) <= intervals.hi(bounds)


@pytest.mark.parametrize("spec", [r for r in ROWS if r.values[0].interval == NO_INTERVAL and r.values[0].sympy])
def test_rows_without_an_interval_version_have_none(spec: FunctionSpec) -> None:
    assert getattr(spec.sympy, "__name__", "") not in INTERVALS


def test_names_are_unique_and_inverses_are_rows() -> None:
    assert len(BY_NAME) == len(FUNCTIONS)
    assert all(spec.inverse in BY_NAME for spec in FUNCTIONS if spec.inverse)
    assert set(LATEX_NAMES.values()) <= set(BY_NAME)
    assert PARSER_NAMES is LATEX_NAMES  # the parser reads the registry, not a copy
    assert all(name in ELEMENTWISE for name in ("sigma", "softplus", "inverse_sigma", "inverse_tanh"))
