"""Match keys: one string per way of naming a quantity, so a student's claim can be found by its name.

An alias and the left-hand side of a student's chain are parsed to syntax trees and
rendered the same way, so spacing and brace style do not matter
(`\\frac{\\partial L}{\\partial w_{11}}` and `\\frac{\\partial L}{\\partial w_{1 1}}`).
"""
from __future__ import annotations

import functools

from symcheck.latex.syntax import Node
from symcheck.latex.parse import parse_readings


def tree_key(tree: Node) -> str:
    """A canonical rendering of a syntax tree; composition written with a dot counts as ∘."""
    kind = tree[0]
    if kind in ("num", "name", "text", "fn", "const"):
        return tree[1]
    if kind == "group":
        return tree_key(tree[1])
    if kind == "mul":
        op = tree[3]
        if op == "*" and _function_letter(tree[1]) and _function_letter(tree[2]):
            op = "compose"
        symbol = {"compose": "∘", "*": "·", "implicit": " ", "hadamard": "⊙"}.get(op, f" {op} ")
        return f"({tree_key(tree[1])}{symbol}{tree_key(tree[2])})"
    if kind == "apply":
        return f"{tree_key(tree[1])}[{','.join(tree_key(a) for a in tree[2])}]"
    if kind == "leibniz":
        return f"∂{tree[3]}({tree_key(tree[1])})/" + "".join(f"∂{tree_key(v)}" for v in tree[2])
    if kind == "add":
        return "(" + "".join(("+" if s > 0 else "-") + tree_key(t) for s, t in tree[1]) + ")"
    parts = [tree_key(p) if isinstance(p, tuple) else str(p) for p in tree[1:]]
    return f"{kind}({','.join(parts)})"


def _function_letter(node: Node) -> bool:
    return node[0] == "name" and node[1][:1].isupper()


@functools.lru_cache(maxsize=4096)
def latex_key(latex: str) -> str | None:
    readings = parse_readings(latex)
    tree = readings[0].tree
    return None if tree is None else tree_key(tree)


def alias_keys(quantity) -> frozenset[str]:
    keys = {latex_key(a) for a in quantity.aliases}
    keys.discard(None)
    return frozenset(keys) | frozenset(k.lower() for k in keys)
