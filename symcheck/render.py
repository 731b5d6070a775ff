"""Values as short, readable text for reports: exact numbers as decimals, expressions as SymPy prints them."""
from __future__ import annotations

import functools
from decimal import Decimal

import sympy as sp

from .functions import FunctionValue


def show(value, subs: dict | None = None, digits: int = 6) -> str:
    """A short, readable rendering: exact numbers as decimals, expressions as written by SymPy."""
    if isinstance(value, FunctionValue):
        return f"function {value.name}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v, subs, digits) for v in value) + ")"
    if isinstance(value, sp.MatrixBase):
        rows = [", ".join(show(value[i, j], subs, digits) for j in range(value.shape[1])) for i in range(value.shape[0])]
        return "[" + "; ".join(rows) + "]"
    if not isinstance(value, sp.Basic):
        return str(value)
    if subs:
        value = value.xreplace(subs)
    if value.is_Rational and max(int(value.p).bit_length(), int(value.q).bit_length()) > 3_000:
        return f"a number of about {int(abs(value.p)).bit_length() * 30103 // 100000} digits"
    if value.is_number and not value.is_Integer:
        try:
            return _decimal_text(value, digits)
        except (TypeError, ValueError, OverflowError):
            return _safe_sstr(value)
    return _safe_sstr(value)


def _safe_sstr(value) -> str:
    try:
        return sp.sstr(value)
    except (ValueError, RecursionError):  # a huge integer inside, or too deep to print
        return "(too large to print)"


@functools.lru_cache(maxsize=8192)
def _decimal_text(value, digits: int = 6) -> str:
    """A number to 6 significant digits (exact decimals as they are); cached, as keys repeat their values."""
    if value.is_Rational and value.q in _POWERS_OF_TEN:
        return str(Decimal(int(value.p)) / Decimal(int(value.q)))
    number = sp.N(value, digits + 1)
    if not number.is_real:
        raise TypeError("not real")
    if digits <= 15:
        return f"{float(number):.{digits}g}"
    return sp.sstr(number)


_POWERS_OF_TEN = {10 ** k for k in range(0, 12)} | {2, 4, 5, 8, 20, 25, 40, 50}
