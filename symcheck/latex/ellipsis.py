"""A sum written with an ellipsis, `x_1 + x_2 + \\cdots + x_n`, read as the `Series` it stands for.

The terms around the dots fix the pattern: the last term (`x_n`, `\\theta_n x_n`, `n`) and the term
just before the dots (`x_2`) differ only where a whole number (2) stands against the bound (n), in a
number or in a subscript; every such place takes the same two values. The body is the last term with
those places replaced by an index; the sum starts at the earliest term before the dots from which
every term is the body at consecutive whole numbers. Terms further left stay as they are
(`\\theta_0 + \\theta_1 x_1 + \\cdots + \\theta_n x_n` is θ₀ plus a sum from 1 to n). Anything else
(no term after the dots, offsets that differ, signs that change, a written term of the pattern out of
step, a bare number up to a written number with fewer than two terms to show its step) is not read: `None`.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from symcheck.latex.syntax import Add, Group, Name, Node, Num, Series, field_values, is_node

INDEX = "⋯k"  # the index of a sum read from an ellipsis: not a name a student can write
_NAME = re.compile(r"^(?P<base>[^_^]+)(?:_\{(?P<sub>[^{}]*)\})?(?P<sup>\^\{[^{}]*\})?$")
_WHOLE = re.compile(r"\d+")

Slot = tuple[int, Node]  # (the whole number in the earlier term, the bound written in the last term)


def ellipsis_list(items: list[Node | None], parse_bound: Callable[[str], Node]) -> Node | None:
    """`1, 2, \\ldots, N`, `(x_1, x_2, \\ldots, x_n)`: the items of a list with one ellipsis (None) before the last
    item, read as one Series of kind "list" (a vector of its terms) when every item before the dots is a term."""
    node = ellipsis_sum([(1, item) for item in items], parse_bound)
    if not isinstance(node, Series):
        return None
    return Series("list", node.index, node.lower, node.upper, node.body)


def ellipsis_sum(terms: list[tuple[int, Node | None]], parse_bound: Callable[[str], Node]) -> Node | None:
    """`terms` of a signed sum with one ellipsis (its node None) before the last term: the sum with the
    terms around the dots read as a Series, or None when they follow no certain pattern."""
    dots = [i for i, (_, node) in enumerate(terms) if node is None]
    if len(dots) != 1 or dots[0] != len(terms) - 2 or dots[0] == 0:
        return None
    sign, last = terms[-1]
    before = terms[: dots[0]]
    if last is None:
        return None
    found = _pattern(before[-1][1], last, parse_bound)
    if found is None or before[-1][0] != sign or terms[dots[0]][0] != sign:
        return None
    start, bound, body = found
    first = len(before) - 1
    while first > 0 and before[first - 1][0] == sign and before[first - 1][1] == instantiate(body, start - 1):
        first, start = first - 1, start - 1
    if any(n is not None and _pattern(n, last, parse_bound) is not None for _, n in before[:first]):
        return None  # `x_1 + x_2 + x_4 + \\cdots + x_8`: a term of the pattern that breaks its steps
    if Name(INDEX) in _nodes(body) and len(before) - first < 2 and isinstance(bound, Num):
        return None  # `1 + \\cdots + 128` needs two terms to show its step (`1 + 2 + 4 + \\cdots` doubles)
    series = Series("sum", INDEX, Num(str(start)), bound, body)
    kept = [(s, n) for s, n in before[:first] if n is not None]
    if not kept and sign == 1:
        return series
    return Add((*kept, (sign, series)))


def _nodes(node: Node) -> list[Node]:
    out = [node]
    for value in field_values(node):
        for item in value if isinstance(value, tuple) else (value,):
            for inner in item if isinstance(item, tuple) else (item,):
                if is_node(inner):
                    out.extend(_nodes(inner))
    return out


def _pattern(earlier: Node | None, last: Node, parse_bound: Callable[[str], Node]) -> tuple[int, Node, Node] | None:
    """(the earlier term's whole number, the bound, the body) when `earlier` is `last` with one whole number in
    place of the bound everywhere they differ."""
    if earlier is None:
        return None
    slots: set[Slot] = set()
    try:
        body = _unify(earlier, last, slots, parse_bound)
    except Exception:  # noqa: BLE001 - a bound in a subscript that does not parse leaves the ellipsis unread
        return None
    if body is None or len(slots) != 1:
        return None
    ((start, bound),) = slots
    return start, bound, body


def _unify(a: Node, b: Node, slots: set[Slot], parse_bound: Callable[[str], Node]) -> Node | None:
    """`b` with each place where `a` has a whole number against `b`'s bound replaced by the index."""
    if a == b:
        return b
    if isinstance(a, Num) and _WHOLE.fullmatch(a.text):  # 2 against n, n - 1, {N}
        slots.add((int(a.text), b.inner if isinstance(b, Group) else b))
        return Name(INDEX)
    if isinstance(a, Name) and isinstance(b, Name):
        return _unify_names(a.name, b.name, slots, parse_bound)
    if type(a) is not type(b):
        return None
    fields = [_unify_values(x, y, slots, parse_bound) for x, y in zip(field_values(a), field_values(b), strict=True)]
    if any(f is _NO for f in fields):
        return None
    rebuild: Callable[..., Node] = type(b)
    return rebuild(*fields)


_NO = object()


def _unify_values(x: object, y: object, slots: set[Slot], parse_bound: Callable[[str], Node]) -> object:
    if is_node(x) and is_node(y):
        node = _unify(x, y, slots, parse_bound)
        return _NO if node is None else node
    if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y):
        items = [_unify_values(i, j, slots, parse_bound) for i, j in zip(x, y, strict=True)]
        return _NO if any(i is _NO for i in items) else tuple(items)
    return y if x == y else _NO


def _unify_names(a: str, b: str, slots: set[Slot], parse_bound: Callable[[str], Node]) -> Node | None:
    """`x_{2}` against `x_{n}`, `y^{(2)}` against `y^{(m)}`: the name with the index in that place; names that
    differ elsewhere do not unify."""
    ma, mb = _NAME.match(a), _NAME.match(b)
    if not ma or not mb or ma["base"] != mb["base"]:
        return None
    if ma["sup"] == mb["sup"] and ma["sub"] and mb["sub"] and _WHOLE.fullmatch(ma["sub"]):
        slots.add((int(ma["sub"]), parse_bound(mb["sub"])))
        return Name(b.replace("_{" + mb["sub"] + "}", "_{" + INDEX + "}", 1))
    sa, sb = _LABEL.fullmatch(ma["sup"] or ""), _LABEL.fullmatch(mb["sup"] or "")
    if ma["sub"] == mb["sub"] and sa and sb and _WHOLE.fullmatch(sa[1]):
        slots.add((int(sa[1]), parse_bound(sb[1])))
        return Name(b.replace("^{(" + sb[1] + ")}", "^{(" + INDEX + ")}", 1))
    return None


_LABEL = re.compile(r"\^\{\(([^()]*)\)\}")


def instantiate(node: Node, value: int) -> Node:
    """The body of an ellipsis sum at one whole number (to match the terms written before the dots)."""
    if isinstance(node, Name):
        if node.name == INDEX:
            return Num(str(value))
        return Name(node.name.replace("_{" + INDEX + "}", "_{" + str(value) + "}")
                    .replace("^{(" + INDEX + ")}", "^{(" + str(value) + ")}"))
    rebuild: Callable[..., Node] = type(node)
    return rebuild(*(_instantiate_value(v, value) for v in field_values(node)))


def _instantiate_value(v: object, value: int) -> object:
    if is_node(v):
        return instantiate(v, value)
    if isinstance(v, tuple):
        return tuple(_instantiate_value(item, value) for item in v)
    return v
