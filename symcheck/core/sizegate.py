"""Size gates on exact values: refuse a number before SymPy computes it, not after.

Big-integer arithmetic runs in C and cannot be interrupted by the step watchdog, so every path
that can make a large integer estimates its size first: a power `b^e` has about `e·log10|b|`
digits, a factorial `n!` about `n·log10 n`. `gated_xreplace` is the one way student values are
substituted into an expression (a call of the student's function, a bound value after
differentiating, a formula at the student's values): it rebuilds the expression bottom-up and
checks each power and factorial before it is evaluated.
"""
from __future__ import annotations

import math
from typing import TypeVar, cast

import sympy as sp

from symcheck.core.errors import TooLarge

MAX_EXPONENT_DIGITS = 2000  # |exponent| * log10|base| above this is refused
MAX_SYMBOLIC_EXPONENT = 10_000  # x^n with x unknown: larger n is refused
MAX_FACTORIAL = 500
MAX_RESULT_BITS = 6_700  # about 2,000 decimal digits

T = TypeVar("T")


def gate_power(base: object, exponent: object) -> None:
    """Refuse powers whose value would have more than MAX_EXPONENT_DIGITS digits."""
    if not (getattr(exponent, "is_number", False) and getattr(base, "is_number", False)):
        if isinstance(exponent, sp.Integer) and abs(int(exponent)) > MAX_SYMBOLIC_EXPONENT:
            raise TooLarge(f"an exponent of {exponent}")
        return
    # is_number is set only on SymPy expressions; float() of anything else raises TypeError, caught below
    exponent_expr, base_expr = cast(sp.Expr, exponent), cast(sp.Expr, base)
    try:
        size = abs(float(exponent_expr)) * max(abs(math.log10(abs(float(base_expr)) or 1.0)), 1.0)
    except (OverflowError, TypeError, ValueError):
        raise TooLarge("a power too large to compute") from None
    if size > MAX_EXPONENT_DIGITS:
        raise TooLarge(f"a power with about {size:.0f} digits")


def gate_factorial(argument: object) -> None:
    if not getattr(argument, "is_number", False):
        return
    number = cast(sp.Expr, argument)  # is_number is set only on SymPy expressions
    if not number.is_integer or number > MAX_FACTORIAL:
        raise TooLarge(f"factorial of {argument}")


def gate_size(value: T) -> T:
    """Refuse a number (or matrix entry) whose exact value grew past about 2,000 digits."""
    cells = value if isinstance(value, sp.MatrixBase) else (value,)
    for cell in cells:
        if isinstance(cell, sp.Rational) and max(int(cell.p).bit_length(), int(cell.q).bit_length()) > MAX_RESULT_BITS:
            raise TooLarge("a number of more than 2,000 digits")
    return value


def gated_xreplace(expr: object, mapping: dict) -> object:
    """`expr.xreplace(mapping)` (elementwise for a matrix), with every power and factorial whose
    arguments change gated before it is evaluated; TooLarge if one would be too large."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], [gated_xreplace(c, mapping) for c in expr])
    if not isinstance(expr, sp.Basic) or not mapping:
        return expr
    return _rebuild(expr, mapping, {})


def _rebuild(node: sp.Basic, mapping: dict, memo: dict) -> sp.Basic:
    if node in mapping:
        return mapping[node]
    if not node.args or node in memo:
        return memo.get(node, node)
    args = [_rebuild(a, mapping, memo) if isinstance(a, sp.Basic) else a for a in node.args]
    if all(new is old for new, old in zip(args, node.args)):
        result = node
    else:
        if isinstance(node, sp.Pow):
            gate_power(args[0], args[1])
        elif isinstance(node, sp.factorial):
            gate_factorial(args[0])
        result = gate_size(node.func(*args))
    memo[node] = result
    return result
