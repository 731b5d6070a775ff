"""Interval arithmetic's ground floor: symcheck's own mpmath contexts, and the interval versions of monotone,
periodic and even functions from which the registry of known functions (`known_functions`) builds its rows.

The contexts work at 30 digits and belong to symcheck: importing it leaves the process's mpmath precision alone.
Interval evaluation of whole expressions is `symcheck.meaning.intervals`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from mpmath.ctx_iv import MPIntervalContext
from mpmath.ctx_mp import MPContext

# symcheck's own mpmath contexts, 30 digits: importing symcheck leaves the process's mpmath precision alone.
iv = MPIntervalContext()
mp = MPContext()
iv.dps = 30
mp.dps = 30
mpf = mp.mpf
# mpmath is untyped, so its numbers are Any to mypy; these aliases say in a signature which kind a value is.
Interval: TypeAlias = Any  # an iv.mpf interval
Real: TypeAlias = Any  # an mp.mpf number
SLACK = mpf("1e-26")


class NotEvaluable(Exception):
    """The expression has a part intervals cannot evaluate (an unknown function, a free symbol)."""


def lo(x: Interval) -> Real:
    return mp.mpf(x._mpi_[0])


def hi(x: Interval) -> Real:
    return mp.mpf(x._mpi_[1])


def monotone(fn: Callable[[Real], Real], x: Interval, low: float | None = None) -> Interval:
    """Apply an increasing function to both ends, widened by a hair for rounding."""
    if low is not None and lo(x) < low:
        raise NotEvaluable("outside the function's domain")
    a, b = fn(lo(x)), fn(hi(x))
    return iv.mpf([a - SLACK * (1 + abs(a)), b + SLACK * (1 + abs(b))])


def decreasing(fn: Callable[[Real], Real], x: Interval) -> Interval:
    a, b = fn(hi(x)), fn(lo(x))
    return iv.mpf([a - SLACK * (1 + abs(a)), b + SLACK * (1 + abs(b))])


def abs_interval(x: Interval) -> Interval:
    if lo(x) >= 0:
        return x
    if hi(x) <= 0:
        return -x
    return iv.mpf([0, max(-lo(x), hi(x))])


def periodic(fn: Callable[[Interval], Interval]) -> Callable[[Interval], Interval]:
    def apply(x: Interval) -> Interval:
        if hi(x) - lo(x) > mpf("0.1"):
            raise NotEvaluable("a wide interval through a periodic function")
        return fn(x)
    return apply


def cosh_interval(x: Interval) -> Interval:
    if lo(x) >= 0:
        return monotone(mp.cosh, x)
    if hi(x) <= 0:
        return decreasing(mp.cosh, x)
    return iv.mpf([1, max(mp.cosh(lo(x)), mp.cosh(hi(x))) * (1 + SLACK)])
