"""The syntax tree the parser builds. Nodes say how the notation reads, not what it means.

A node is a frozen dataclass, one class per kind of notation (hashable: trees serve as keys):

    Num("0.522")                         a decimal or integer literal, as written
    Name("w_{11}")                       a symbol, canonical spelling (see `canonical_name`)
    Text("loss")                         words from \\text{...}
    Fn("sigma")                          a named function waiting for its argument
    Add(((+1, a), (-1, b)))              a signed sum
    Mul(a, b, op)                        op: "*" (any written product), "implicit", "compose", "hadamard"
    Div(a, b)                            a / b and \\frac{a}{b}
    Neg(a)
    Pow(a, b)
    Apply(f, (args,))                    f(args): a call or a product, decided by meaning
    Group(a)                             (a) or [a]: parentheses kept for `Apply`
    TupleNode((items,))                  (a, b, c)
    Matrix(((cells,),))                  bmatrix / pmatrix / array rows
    Det(matrix)                          vmatrix
    Sqrt(a, n_or_None)
    Transpose(a)
    Entry(a, "2")                        (a)_2: entry 2 of a vector, or component 2 of a vector function
    Prime(a)                             f'
    Factorial(a)
    Abs(a)   Norm(a)
    Leibniz(numerator, (variables,), order)   \\frac{\\partial A}{\\partial x}
    DOp((variables,), order)             \\frac{d}{dx}: an operator applied by `Mul`
    Nabla(a, order, variable_or_None)    \\nabla a (order 2: Hessian); \\nabla_W a (variable "W")
    Const("pi" | "infty")
    SympyValue(expr)                     already a SymPy value (from the fallback parser)

and, in the extended reading of `symcheck.read_latex` only:

    Series("sum" | "prod" | "list", index, lower, upper, body)   ("list": `1, 2, \\ldots, N`, a vector)
    Integral(body, variable, lower_or_None, upper_or_None)
    Limit(body, variable, point, direction)     direction "+", "-" or "+-"
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import ClassVar, TypeGuard

from symcheck.core.errors import UnsupportedNotation


@dataclass(frozen=True, slots=True)
class Num:
    kind: ClassVar[str] = "num"
    text: str


@dataclass(frozen=True, slots=True)
class Name:
    kind: ClassVar[str] = "name"
    name: str


@dataclass(frozen=True, slots=True)
class Text:
    kind: ClassVar[str] = "text"
    words: str


@dataclass(frozen=True, slots=True)
class Fn:
    kind: ClassVar[str] = "fn"
    name: str


@dataclass(frozen=True, slots=True)
class Const:
    kind: ClassVar[str] = "const"
    name: str


@dataclass(frozen=True, slots=True)
class SympyValue:
    kind: ClassVar[str] = "sympy"
    expr: object


@dataclass(frozen=True, slots=True)
class Add:
    kind: ClassVar[str] = "add"
    terms: tuple[tuple[int, Node], ...]


@dataclass(frozen=True, slots=True)
class Mul:
    kind: ClassVar[str] = "mul"
    left: Node
    right: Node
    op: str


@dataclass(frozen=True, slots=True)
class Div:
    kind: ClassVar[str] = "div"
    numerator: Node
    denominator: Node


@dataclass(frozen=True, slots=True)
class Neg:
    kind: ClassVar[str] = "neg"
    arg: Node


@dataclass(frozen=True, slots=True)
class Pow:
    kind: ClassVar[str] = "pow"
    base: Node
    exponent: Node


@dataclass(frozen=True, slots=True)
class Apply:
    kind: ClassVar[str] = "apply"
    fn: Node
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Group:
    kind: ClassVar[str] = "group"
    inner: Node


@dataclass(frozen=True, slots=True)
class TupleNode:
    kind: ClassVar[str] = "tuple"
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    kind: ClassVar[str] = "matrix"
    rows: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, slots=True)
class Det:
    kind: ClassVar[str] = "det"
    matrix: Matrix


@dataclass(frozen=True, slots=True)
class Sqrt:
    kind: ClassVar[str] = "sqrt"
    arg: Node
    index: Node | None


@dataclass(frozen=True, slots=True)
class Transpose:
    kind: ClassVar[str] = "transpose"
    arg: Node


@dataclass(frozen=True, slots=True)
class Entry:
    kind: ClassVar[str] = "entry"
    arg: Node
    index: str


@dataclass(frozen=True, slots=True)
class Prime:
    kind: ClassVar[str] = "prime"
    arg: Node


@dataclass(frozen=True, slots=True)
class Factorial:
    kind: ClassVar[str] = "factorial"
    arg: Node


@dataclass(frozen=True, slots=True)
class Abs:
    kind: ClassVar[str] = "abs"
    arg: Node


@dataclass(frozen=True, slots=True)
class Norm:
    kind: ClassVar[str] = "norm"
    arg: Node
    order: str = ""  # `\\|x\\|_1`: "1", "2", "F" or "oo"; "" when none is written


@dataclass(frozen=True, slots=True)
class Leibniz:
    kind: ClassVar[str] = "leibniz"
    numerator: Node
    variables: tuple[Name, ...]
    order: int


@dataclass(frozen=True, slots=True)
class DOp:
    kind: ClassVar[str] = "dop"
    variables: tuple[Name, ...]
    order: int


@dataclass(frozen=True, slots=True)
class Nabla:
    kind: ClassVar[str] = "nabla"
    arg: Node
    order: int
    variable: str | None = None


@dataclass(frozen=True, slots=True)
class Series:
    kind: ClassVar[str] = "series"
    op: str  # "sum" or "prod"
    index: str
    lower: Node
    upper: Node
    body: Node


@dataclass(frozen=True, slots=True)
class Integral:
    kind: ClassVar[str] = "integral"
    body: Node
    variable: str
    lower: Node | None
    upper: Node | None


@dataclass(frozen=True, slots=True)
class Limit:
    kind: ClassVar[str] = "limit"
    body: Node
    variable: str
    point: Node
    direction: str


Node = (Num | Name | Text | Fn | Const | SympyValue | Add | Mul | Div | Neg | Pow | Apply | Group | TupleNode | Matrix
        | Det | Sqrt | Transpose | Entry | Prime | Factorial | Abs | Norm | Leibniz | DOp | Nabla | Series | Integral
        | Limit)
NODE_TYPES: tuple[type, ...] = Node.__args__
_FIELD_NAMES: dict[type, tuple[str, ...]] = {cls: tuple(field.name for field in fields(cls)) for cls in NODE_TYPES}


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


def is_node(value: object) -> TypeGuard[Node]:
    return isinstance(value, NODE_TYPES)


def field_values(node: Node) -> tuple[object, ...]:
    """The fields of a node, in the order its class declares them (the order they are written)."""
    return tuple(getattr(node, name) for name in _FIELD_NAMES[type(node)])


def children(node: Node) -> Iterator[Node]:
    """The nodes directly inside `node`, in the order they are written (the fields' order)."""
    for value in field_values(node):
        yield from _nodes_in(value)


def _nodes_in(value: object) -> Iterator[Node]:
    if is_node(value):
        yield value
    elif isinstance(value, tuple):  # items, rows, (sign, term) pairs
        for item in value:
            yield from _nodes_in(item)


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, depth first."""
    yield node
    if isinstance(node, SympyValue):
        return
    for child in children(node):
        yield from walk(child)


def map_children(node: Node, visit: Callable[[Node], Node]) -> Node:
    """`node` with each node directly inside it replaced by `visit(node)`."""
    if isinstance(node, SympyValue):
        return node
    rebuild: Callable[..., Node] = type(node)
    return rebuild(*(_map(value, visit) for value in field_values(node)))


def _map(value: object, visit: Callable[[Node], Node]) -> object:
    if is_node(value):
        return visit(value)
    if isinstance(value, tuple):
        return tuple(_map(item, visit) for item in value)
    return value


def with_index(node: Node, index: str, value: int) -> Node:
    """`node` with the index of a sum set to `value`: the name `i` becomes the number, and a name
    subscripted or superscripted by it alone (`x_{i}`, `\\hat{y}_{i}`, `x^{(i)}`) the name for that term; in a
    subscript of single letters and digits (`A_{ii}`, `a_{ij}`, `a_{i,j}`) each letter `i` is set. A name that
    holds the index otherwise (`s_{y_i}`, `h_{in_j}`) has no certain term: UnsupportedNotation."""
    def rename(name: str) -> str:
        name = name.replace("_{" + index + "}", "_{" + str(value) + "}")
        name = name.replace("^{(" + index + ")}", "^{(" + str(value) + ")}")
        return _SUBSCRIPT.sub(lambda m: "_{" + index_script(m.group(1), index, value, name) + "}", name)

    def visit(item: Node) -> Node:
        if isinstance(item, Name):
            return Num(str(value)) if item.name == index else Name(rename(item.name))
        if isinstance(item, Series) and item.index == index:
            return item  # an inner sum over the same letter keeps its own index
        return map_children(item, visit)

    return visit(node)


_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}")
_SINGLE_INDICES = re.compile(r"[A-Za-z0-9](?:,?[A-Za-z0-9])*")


def index_script(script: str, index: str, value: int, name: str) -> str:
    """A subscript with the index `index` set to `value`: `ij` -> `1j`, `i,j` -> `1,j`; unchanged without it."""
    if index not in script:
        return script
    if len(index) == 1 and _SINGLE_INDICES.fullmatch(script) and ("," in script or value < 10):
        return script.replace(index, str(value))
    raise UnsupportedNotation(f"the index {index} inside the name {name}")


def literal_texts(node: Node | None) -> set[str]:
    """The decimal literals written in a tree, as written."""
    if node is None:
        return set()
    return {n.text for n in walk(node) if isinstance(n, Num)}
