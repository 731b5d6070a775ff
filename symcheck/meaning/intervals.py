"""Interval evaluation of SymPy expressions with mpmath's `iv`.

A student's rounded value stands for an interval, and so does anything computed
from it: evaluating with intervals tells whether a claim can be right given the
rounding of the numbers it was computed from (`0.522` stands for [0.5215, 0.5225]).
"""
from __future__ import annotations

import functools
from fractions import Fraction

import sympy as sp

from symcheck.core.interval_math import NotEvaluable, hi, iv, lo, monotone, mp, mpf
from symcheck.core.known_functions import INTERVALS


def exact(value: sp.Rational | int | Fraction | sp.Expr) -> iv.mpf:
    """The tightest interval holding a rational number, or an exact closed form (`1/(1+e^{-0.9})`)."""
    if isinstance(value, sp.Basic) and not value.is_Rational:
        return evaluate(value, {})  # raises NotEvaluable when it is not a number
    q = sp.Rational(value)
    return _exact(int(q.p), int(q.q))


@functools.lru_cache(maxsize=16384)
def _exact(p: int, q: int) -> iv.mpf:
    return iv.mpf(p) / iv.mpf(q)


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
    handler = INTERVALS.get(type(e).__name__)
    if handler is None:
        raise NotEvaluable(f"cannot evaluate {type(e).__name__}")
    arguments = e.args[:1] if isinstance(e, sp.Heaviside) else e.args  # Heaviside(x, value at 0)
    return handler(*[_eval(a, env) for a in arguments])


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
        return monotone(mp.sqrt, b, low=0)
    if lo(b) <= 0:
        raise NotEvaluable("non-integer power of a number that may be negative")
    return iv.exp(_eval(exponent, env) * iv.log(b))


def disjoint(a: iv.mpf, b: iv.mpf) -> bool:
    return hi(a) < lo(b) or hi(b) < lo(a)


def midpoint(x: iv.mpf) -> mpf:
    return (lo(x) + hi(x)) / 2

