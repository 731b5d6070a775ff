"""Interval evaluation of SymPy expressions with mpmath's `iv`.

A student's rounded value stands for an interval, and so does anything computed
from it: evaluating with intervals tells whether a claim can be right given the
rounding of the numbers it was computed from (design note 2).
"""
from __future__ import annotations

import functools
from fractions import Fraction

import sympy as sp
from mpmath import iv, mp, mpf

iv.dps = 30
mp.dps = 30
_SLACK = mpf("1e-26")


class NotEvaluable(Exception):
    """The expression has a part intervals cannot evaluate (an unknown function, a free symbol)."""


def exact(value: sp.Rational | int | Fraction | sp.Expr) -> iv.mpf:
    """The tightest interval holding a rational number, or an exact closed form (`1/(1+e^{-0.9})`)."""
    if isinstance(value, sp.Basic) and not value.is_Rational:
        return evaluate(value, {})  # raises NotEvaluable when it is not a number
    q = sp.Rational(value)
    return _exact(int(q.p), int(q.q))


@functools.lru_cache(maxsize=16384)
def _exact(p: int, q: int) -> iv.mpf:
    return iv.mpf(p) / iv.mpf(q)


def lo(x: iv.mpf) -> mpf:
    return mp.mpf(x._mpi_[0])


def hi(x: iv.mpf) -> mpf:
    return mp.mpf(x._mpi_[1])


def widen(x: iv.mpf, halfwidth: sp.Rational) -> iv.mpf:
    if not halfwidth:
        return x
    h = hi(exact(halfwidth))
    return iv.mpf([lo(x) - h, hi(x) + h])


def evaluate(expr: sp.Expr, env: dict[sp.Symbol, iv.mpf]) -> iv.mpf:
    """An interval holding the value of `expr` when each symbol lies in its interval."""
    try:
        return _eval(sp.sympify(expr), env)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
        raise NotEvaluable(str(exc)) from exc


def _eval(e: sp.Basic, env: dict) -> iv.mpf:
    if e.is_Rational:
        return exact(e)
    if e.is_Float:
        return iv.mpf(str(e))
    if e.is_Symbol:
        if e in env:
            return env[e]
        raise NotEvaluable(f"{e} has no value")
    if e is sp.E:
        return iv.e
    if e is sp.pi:
        return iv.pi
    if e.is_Add:
        total = iv.mpf(0)
        for arg in e.args:
            total += _eval(arg, env)
        return total
    if e.is_Mul:
        total = iv.mpf(1)
        for arg in e.args:
            total *= _eval(arg, env)
        return total
    if e.is_Pow:
        return _power(e, env)
    handler = _handlers().get(type(e).__name__)
    if handler is None:
        raise NotEvaluable(f"cannot evaluate {type(e).__name__}")
    return handler(*[_eval(a, env) for a in e.args])


def _power(e: sp.Pow, env: dict) -> iv.mpf:
    base, exponent = e.args
    b = _eval(base, env)
    if exponent.is_Integer:
        n = int(exponent)
        if abs(n) > 10_000:
            raise NotEvaluable("exponent too large")
        if n < 0:
            if lo(b) <= 0 <= hi(b):
                raise NotEvaluable("division by an interval holding zero")
            return 1 / (b ** (-n))
        return b ** n
    if exponent == sp.Rational(1, 2):
        return _monotone(mp.sqrt, b, low=0)
    if lo(b) <= 0:
        raise NotEvaluable("non-integer power of a number that may be negative")
    return iv.exp(_eval(exponent, env) * iv.log(b))


def _monotone(fn, x: iv.mpf, low=None) -> iv.mpf:
    """Apply an increasing function to both ends, widened by a hair for rounding."""
    if low is not None and lo(x) < low:
        raise NotEvaluable("outside the function's domain")
    a, b = fn(lo(x)), fn(hi(x))
    return iv.mpf([a - _SLACK * (1 + abs(a)), b + _SLACK * (1 + abs(b))])


def _decreasing(fn, x: iv.mpf) -> iv.mpf:
    a, b = fn(hi(x)), fn(lo(x))
    return iv.mpf([a - _SLACK * (1 + abs(a)), b + _SLACK * (1 + abs(b))])


def _abs(x: iv.mpf) -> iv.mpf:
    if lo(x) >= 0:
        return x
    if hi(x) <= 0:
        return -x
    return iv.mpf([0, max(-lo(x), hi(x))])


def _cos_like(fn):
    def apply(x: iv.mpf) -> iv.mpf:
        if hi(x) - lo(x) > mpf("0.1"):
            raise NotEvaluable("a wide interval through a periodic function")
        return fn(x)
    return apply


@functools.cache
def _handlers() -> dict:
    """The interval version of each SymPy function class, by name: the registry's (symcheck.functions_registry,
    which builds its rows from the helpers above, so it is read on first use)."""
    from .functions_registry import INTERVALS

    return INTERVALS


def _cosh(x: iv.mpf) -> iv.mpf:
    if lo(x) >= 0:
        return _monotone(mp.cosh, x)
    if hi(x) <= 0:
        return _decreasing(mp.cosh, x)
    return iv.mpf([1, max(mp.cosh(lo(x)), mp.cosh(hi(x))) * (1 + _SLACK)])


def disjoint(a: iv.mpf, b: iv.mpf) -> bool:
    return hi(a) < lo(b) or hi(b) < lo(a)


def midpoint(x: iv.mpf) -> mpf:
    return (lo(x) + hi(x)) / 2

