"""What the document says a name is (a vector, a matrix, symmetric, diagonal) and random instances of it.

`A \\in \\mathbb{R}^{m\\times n}`, `x, b \\in \\mathbb{R}^n` declare shapes; a sentence that names a matrix and
calls it symmetric, diagonal or positive definite declares that too (any such word in the sentence counts
for every name the sentence mentions: a property given to too many names only makes more identities
hold, never an error). An identity of matrix expressions is then decided by evaluating both sides on
random integer instances of consistent shapes that respect what is declared.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sympy as sp

from symcheck.latex.syntax import DOp, Leibniz, Nabla, Name, Node, walk
from symcheck.latex.syntax import Matrix as MatrixNode

PROPERTIES = ("symmetric", "diagonal", "positive definite")
MAX_SIDE = 6  # a declared shape larger than this is not instantiated
SYMBOLIC_SIZES = (3, 2, 4, 5)  # sizes given to the symbolic dimensions (n, m, …), distinct per dimension
INSTANCES = 3  # random instances per identity

_SET = r"\\(?:mathbb\s*\{?\s*R\s*\}?|R\b|Re\b|mathbf\s*\{\s*R\s*\})"
_NAME = (r"(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*)?(?:\\(?:alpha|beta|gamma|delta|theta|lambda|mu|sigma|phi|"
         r"psi|omega|xi|eta|Sigma|Phi|Theta|Lambda|Omega)|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?\}?")
_DECLARATION = re.compile(
    rf"(?<![\\A-Za-z{{}}])(?P<names>{_NAME}(?:\s*,\s*{_NAME})*)\s*\\in\s*{_SET}\s*"
    r"(?:\^\s*(?:\{(?P<braced>[^{}]{1,30})\}|(?P<single>[A-Za-z0-9])))?")
_PROPERTY = re.compile(r"symmetric|diagonal|positive[\s-]+definite|s\.p\.d\.|\bSPD\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.;\n]+")


@dataclass(frozen=True)
class Declaration:
    """A name's declared shape (rows, columns: a number or a symbolic dimension) and properties."""

    name: str
    rows: int | str
    cols: int | str
    properties: frozenset[str] = frozenset()
    line: int = 0


def plain_name(written: str) -> str:
    """`\\mathbf{x}` and `x` are the same name; `w_{1}` and `w_1` too."""
    inner = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*([^{}]*)\}", r"\1", written.strip())
    inner = re.sub(r"_\{?([A-Za-z0-9]+)\}?", r"_{\1}", inner)
    return inner.strip()


def _dimensions(text: str | None) -> tuple[int | str, int | str] | None:
    if text is None:
        return 1, 1
    parts = [p.strip() for p in re.split(r"\\times|×|\*|,", text)]
    if len(parts) > 2 or not all(re.fullmatch(r"[A-Za-z]|\d{1,2}", p) for p in parts):
        return None
    dims: list[int | str] = [int(p) if p.isdigit() else p for p in parts]
    return (dims[0], 1) if len(dims) == 1 else (dims[0], dims[1])


def declarations(lines: Iterable[tuple[int, str]]) -> list[Declaration]:
    """The shapes and properties declared in `lines` ((line number, text) pairs, prose and math)."""
    found: list[Declaration] = []
    said: dict[str, set[str]] = {}
    for number, text in lines:
        for match in _DECLARATION.finditer(text):
            dims = _dimensions(match.group("braced") or match.group("single"))
            if dims is None:
                continue
            for written in match.group("names").split(","):
                found.append(Declaration(plain_name(written), dims[0], dims[1], frozenset(), number))
        for sentence in _SENTENCE.findall(text):
            words = {_property(m.group(0)) for m in _PROPERTY.finditer(sentence)}
            if words:
                names = set(re.findall(r"(?<![\\A-Za-z])[A-Z](?![A-Za-z])", sentence)) or {"*"}
                for name in names:  # a property said of no name in particular: of every square matrix
                    said.setdefault(name, set()).update(words)
    anyone = said.get("*", set())
    return [Declaration(d.name, d.rows, d.cols, frozenset(said.get(d.name, set()) | anyone), d.line)
            for d in found] + [
        Declaration(name, "", "", frozenset(words), 0) for name, words in said.items()]


def _property(word: str) -> str:
    lowered = word.lower()
    if lowered.startswith("sym"):
        return "symmetric"
    if lowered.startswith("diag"):
        return "diagonal"
    return "positive definite"


def sized(shapes: Mapping[str, tuple[int | str, int | str]]) -> dict[str, tuple[int, int]] | None:
    """Concrete sizes for every shape: symbolic dimensions get distinct small sizes (n = 3, m = 2, …)."""
    symbols = sorted({d for shape in shapes.values() for d in shape if isinstance(d, str)})
    if len(symbols) > len(SYMBOLIC_SIZES):
        return None
    size = dict(zip(symbols, SYMBOLIC_SIZES))
    out = {name: (size.get(r, r) if isinstance(r, str) else r, size.get(c, c) if isinstance(c, str) else c)
           for name, (r, c) in shapes.items()}
    if any(not isinstance(d, int) or not 1 <= d <= MAX_SIDE for shape in out.values() for d in shape):
        return None
    return {name: (int(r), int(c)) for name, (r, c) in out.items()}


def instance(shape: tuple[int, int], properties: frozenset[str], rng: random.Random) -> sp.ImmutableMatrix:
    """A random integer matrix of `shape` with the declared properties (symmetric, diagonal, positive definite)."""
    rows, cols = shape
    if "diagonal" in properties and rows == cols:
        low = 1 if "positive definite" in properties else -5
        return sp.ImmutableMatrix(sp.diag(*[_nonzero(rng, low) for _ in range(rows)]))
    cells = sp.Matrix(rows, cols, [_nonzero(rng, -5) for _ in range(rows * cols)])
    if "positive definite" in properties and rows == cols:
        return sp.ImmutableMatrix(cells.T * cells + sp.eye(rows))
    if "symmetric" in properties and rows == cols:
        return sp.ImmutableMatrix(cells + cells.T)
    return sp.ImmutableMatrix(cells)


def _nonzero(rng: random.Random, low: int) -> int:
    value = 0
    while value == 0:
        value = rng.randint(low, 5)
    return value


def random_instances(shapes: Mapping[str, tuple[int, int]],
                     declared: Mapping[str, Declaration]) -> list[dict[str, sp.ImmutableMatrix]]:
    """`INSTANCES` assignments of random integer matrices to the names, each of its shape and properties
    (seeded: the same document is judged the same way every time)."""
    out = []
    for seed in range(INSTANCES):
        rng = random.Random(seed)
        out.append({name: instance(shape, declared[name].properties if name in declared else frozenset(), rng)
                    for name, shape in sorted(shapes.items())})
    return out


def instances_text(shapes: Mapping[str, tuple[int, int]]) -> str:
    """`x a 3-vector, A a 3×3 matrix` for a message."""
    parts = [f"{name} a {rows}-vector" if cols == 1 else f"{name} a {rows}×{cols} matrix"
             for name, (rows, cols) in sorted(shapes.items())]
    return "random " + ", ".join(parts)


def written_names(tree: Node | None) -> set[str]:
    """The names a formula mentions, the variables of its gradients and derivatives included."""
    names: set[str] = set()
    for node in walk(tree) if tree is not None else ():
        if isinstance(node, Name):
            names.add(node.name)
        elif isinstance(node, Nabla) and node.variable is not None:
            names.add(node.variable)
        elif isinstance(node, DOp):
            names.update(v.name for v in node.variables)
    return names


def derivative_variables(tree: Node | None) -> set[str]:
    """The variables a formula differentiates in: `∇_x`, `\\frac{\\partial}{\\partial W}`, `∂f/∂x`."""
    names: set[str] = set()
    for node in walk(tree) if tree is not None else ():
        if isinstance(node, Nabla) and node.variable is not None:
            names.add(node.variable)
        elif isinstance(node, (DOp, Leibniz)):
            names.update(v.name for v in node.variables)
    return names


_SPACE = re.compile(rf"^\s*{_SET}\s*\^\s*\{{(?P<dims>[^{{}}]{{1,30}})\}}\s*$")


def space_shape(text: str) -> tuple[int, int] | None:
    """`\\mathbb{R}^{1\\times 2}` -> (1, 2): the shape a space of matrices written with both sizes as numbers."""
    match = _SPACE.match(text)
    if match is None or "\\times" not in match.group("dims"):
        return None
    dims = _dimensions(match.group("dims"))
    if dims is None or not all(isinstance(d, int) for d in dims):
        return None
    return int(dims[0]), int(dims[1])


def leibniz_layout(tree: Node | None) -> str | None:
    """`[[∂x/∂r, ∂x/∂θ], [∂y/∂r, ∂y/∂θ]]`: "rows" (a row per output: one numerator in each row, one variable in
    each column), "columns" (the transpose), or None (not a matrix of first derivatives of names, at least 2×2)."""
    if not isinstance(tree, MatrixNode) or len(tree.rows) < 2 or len(tree.rows[0]) < 2:
        return None
    cells = [[_derivative_names(c) for c in row] for row in tree.rows]
    if any(c is None for row in cells for c in row):
        return None
    tops = [[c[0] for c in row if c is not None] for row in cells]
    bottoms = [[c[1] for c in row if c is not None] for row in cells]
    by_rows = all(len(set(r)) == 1 for r in tops) and all(len(set(col)) == 1 for col in zip(*bottoms))
    by_columns = all(len(set(col)) == 1 for col in zip(*tops)) and all(len(set(r)) == 1 for r in bottoms)
    if by_rows == by_columns:
        return None
    return "rows" if by_rows else "columns"


def _derivative_names(node: Node) -> tuple[str, str] | None:
    if (isinstance(node, Leibniz) and isinstance(node.numerator, Name) and len(node.variables) == 1
            and node.order == 1):
        return node.numerator.name, node.variables[0].name
    return None
