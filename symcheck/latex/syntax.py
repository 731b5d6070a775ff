"""The syntax tree the parser builds. Nodes say how the notation reads, not what it means.

A node is a tuple whose first item is its kind:

    ("num", "0.522")                     a decimal or integer literal, as written
    ("name", "w_{11}")                   a symbol, canonical spelling (see `canonical_name`)
    ("text", "loss")                     words from \\text{...}
    ("fn", "sigma")                      a named function waiting for its argument
    ("add", [(+1, node), (-1, node)])    a signed sum
    ("mul", a, b, op)                    op: "*" (any written product), "implicit", "compose", "hadamard"
    ("div", a, b)                        a / b and \\frac{a}{b}
    ("neg", a)
    ("pow", a, b)
    ("apply", f, [args])                 f(args): a call or a product, decided by meaning
    ("group", a)                         (a) or [a]: parentheses kept for `apply`
    ("tuple", [items])                   (a, b, c)
    ("matrix", [[cells]])                bmatrix / pmatrix / array rows
    ("det", matrix)                      vmatrix
    ("sqrt", a, n_or_None)
    ("transpose", a)
    ("entry", a, "2")                    (a)_2: entry 2 of a vector, or component 2 of a vector function
    ("prime", a)                         f'
    ("factorial", a)
    ("abs", a)   ("norm", a)
    ("leibniz", numerator, [variables], order)   \\frac{\\partial A}{\\partial x}
    ("dop", [variables], order)          \\frac{d}{dx}: an operator applied by "mul"
    ("nabla", a, order)                  \\nabla a (order 2: Hessian)
    ("D", a)                             D F, D(F), the Jacobian operator
    ("const", "pi" | "infty")
    ("sympy", expr)                      already a SymPy value (from the fallback parser)
"""
from __future__ import annotations

import re

Node = tuple


def canonical_name(base: str, sub: str = "", sup: str = "") -> str:
    """One spelling per symbol: `w_{11}`, `\\hat{y}_{1}`, `W^{(1)}`. Case is kept."""
    name = base
    if sub:
        name += "_{" + sub + "}"
    if sup:
        name += "^{" + sup + "}"
    return name


_SCRIPT_NOISE = re.compile(r"\\(?:text|mathrm|mathit|textrm|rm)\s*|[{}\s]")


def clean_script(raw: str) -> str:
    """`{11}` -> `11`, `{ i, j }` -> `i,j`, `{\\text{out}}` -> `out`."""
    return _SCRIPT_NOISE.sub("", raw)


def walk(node: Node):
    """Every node of a tree, depth first."""
    yield node
    for part in node[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            yield from walk(part)
        elif isinstance(part, list):
            for item in part:
                if isinstance(item, tuple) and item and isinstance(item[0], str):
                    yield from walk(item)
                elif isinstance(item, tuple):  # (sign, node) pairs
                    for sub in item:
                        if isinstance(sub, tuple):
                            yield from walk(sub)
                elif isinstance(item, list):  # matrix rows
                    for cell in item:
                        yield from walk(cell)


def literal_texts(node: Node | None) -> set[str]:
    """The decimal literals written in a tree, as written."""
    if node is None:
        return set()
    return {n[1] for n in walk(node) if n[0] == "num"}
