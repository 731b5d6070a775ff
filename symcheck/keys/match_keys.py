"""Match keys: one string per way of naming a quantity, so a student's claim can be found by its name.

An alias and the left-hand side of a student's chain are parsed to syntax trees and
rendered the same way, so spacing and brace style do not matter
(`\\frac{\\partial L}{\\partial w_{11}}` and `\\frac{\\partial L}{\\partial w_{1 1}}`).
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Protocol

from symcheck.latex.parse import parse_readings
from symcheck.latex.syntax import (
    Add,
    Apply,
    Const,
    Fn,
    Group,
    Leibniz,
    Mul,
    Nabla,
    Name,
    Node,
    Num,
    Text,
    field_values,
    is_node,
)


class Aliased(Protocol):
    """What alias_keys reads of a quantity (keys.problem.Quantity): the names a student may use for it."""

    @property
    def aliases(self) -> Sequence[str]: ...


def tree_key(tree: Node) -> str:
    """A canonical rendering of a syntax tree; composition written with a dot counts as ∘."""
    match tree:
        case Num(text=word) | Name(name=word) | Text(words=word) | Fn(name=word) | Const(name=word):
            return word
        case Group(inner=inner):
            return tree_key(inner)
        case Mul(left=left, right=right, op=op):
            if op == "*" and _function_letter(left) and _function_letter(right):
                op = "compose"
            symbol = {"compose": "∘", "*": "·", "implicit": " ", "hadamard": "⊙"}.get(op, f" {op} ")
            return f"({tree_key(left)}{symbol}{tree_key(right)})"
        case Apply(fn=fn, args=args):
            return f"{tree_key(fn)}[{','.join(tree_key(a) for a in args)}]"
        case Leibniz(numerator=numerator, variables=variables, order=order):
            return f"∂{order}({tree_key(numerator)})/" + "".join(f"∂{tree_key(v)}" for v in variables)
        case Add(terms=terms):
            return "(" + "".join(("+" if s > 0 else "-") + tree_key(t) for s, t in terms) + ")"
    parts = [_part_key(value) for value in field_values(tree)]
    if isinstance(tree, Nabla) and tree.variable is None:
        parts.pop()  # ∇f: no variable written
    return f"{tree.kind}({','.join(parts)})"


def _part_key(value: object) -> str:
    """A field of a node: a node by its key, items or rows as a bracketed list, anything else as text."""
    if is_node(value):
        return tree_key(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_part_key(item) for item in value) + "]"
    return str(value)


def _function_letter(node: Node) -> bool:
    return isinstance(node, Name) and node.name[:1].isupper()


@functools.lru_cache(maxsize=4096)
def latex_key(latex: str) -> str | None:
    readings = parse_readings(latex)
    tree = readings[0].tree
    return None if tree is None else tree_key(tree)


def alias_keys(quantity: Aliased) -> frozenset[str]:
    keys = {key for key in (latex_key(a) for a in quantity.aliases) if key is not None}
    return frozenset(keys) | frozenset(k.lower() for k in keys)
