"""The student's bindings: what each name stands for, as the document goes on.

`w_1 = (0.01, 0.02, 0.03)` binds a vector whose components are `w_{11}…w_{13}` or
`w_{10}…w_{12}` (the index convention is ambiguous, so both are tried);
`z_{11} = … = 0.522` binds a rounded value, which stands for an interval;
`f(x, y) = 2x + 3y` binds a function. A lookup tries the exact name first, then a
case-folded one if that is unique (`Z_{11}` for `z_{11}`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import sympy as sp

from symcheck.core.errors import UnsupportedNotation
from symcheck.latex.syntax import Name, Node, Series, map_children, walk, with_index
from symcheck.meaning.functions import FunctionValue
from symcheck.meaning.shapes import Declaration


@dataclass
class Binding:
    name: str
    value: object  # exact value (number or matrix)
    halfwidth: object  # Rational, or a matrix of them
    line: int
    context: int
    token: object = None  # what expressions see: the value, or symbols standing for rounded values
    verified: bool = False  # the value is the result of a computation whose last step was checked equal


@dataclass(frozen=True)
class Definition:
    """`L = -[y\\ln p + (1-y)\\ln(1-p)]`: what a name was defined as, as written (a syntax tree)."""

    name: str
    tree: Node
    line: int
    section: int  # definitions hold within the problem that states them


@dataclass(frozen=True)
class Formula:
    """`g(w) = w^T x`: a function's right-hand side as written, in its parameters (vectors or matrices
    among them), from which `\\nabla_w g` is computed on components."""

    params: tuple[str, ...]
    tree: Node
    line: int


@dataclass
class Refuted:
    value: object
    line: int
    detail: str


@dataclass
class Environment:
    values: dict[str, Binding] = field(default_factory=dict)
    functions: dict[str, FunctionValue] = field(default_factory=dict)
    params: set[str] = field(default_factory=set)
    refuted: dict[str, list[Refuted]] = field(default_factory=dict)
    measured: dict[sp.Symbol, tuple] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    formulas: dict[str, Formula] = field(default_factory=dict)  # g(w) = w^Tx: kept as written, for ∇_w g
    shapes: dict[str, tuple[int, int]] = field(default_factory=dict)  # of names once bound to a matrix
    jacobian_layout: tuple[str, int] | None = None  # "rows" or "columns", and the line of the text's first Jacobian
    layout: str = ""  # ∂L/∂W of a matrix W as the text writes it: "denominator" (W's shape), "numerator", or ""
    declared: dict[str, Declaration] = field(default_factory=dict)  # `A \\in \\mathbb{R}^{n×n}`, "A symmetric"
    section: int = 0  # the problem being checked (see `statements.Chain.section`)
    at_point: bool = False  # the text before the chain being checked names a point (`Chain.at_point`)
    solving: bool = False  # the chain is an equation the text solves (`Chain.solving`)
    log_base: str = ""  # the base of \log the text names ("2", "10"), if any (`Chain.log_base`)

    # -- binding ------------------------------------------------------------------
    def bind(self, name: str, value: object, halfwidth: object, line: int, context: int, *,
             verified: bool = False) -> Binding:
        binding = Binding(name, value, halfwidth, line, context, verified=verified)
        binding.token = self._token(name, value, halfwidth)
        self.values[name] = binding
        if isinstance(value, sp.MatrixBase):
            self.shapes[name] = value.shape  # the value may be forgotten (an update), its shape stays
        else:
            self.shapes.pop(name, None)
        return binding

    def _token(self, name: str, value: object, halfwidth: object) -> object:
        if isinstance(value, sp.MatrixBase):
            widths = halfwidth if isinstance(halfwidth, sp.MatrixBase) else sp.ones(*value.shape) * halfwidth
            cells = [self._scalar_token(f"{name}[{i + 1}]", value[i], widths[i]) for i in range(len(value))]
            return sp.ImmutableMatrix(value.shape[0], value.shape[1], cells)
        return self._scalar_token(name, value, halfwidth)

    def _scalar_token(self, name: str, value: object, halfwidth: object) -> object:
        if not halfwidth:
            return value
        token = sp.Symbol(f"⟨{name}⟩")
        self.measured[token] = (value, halfwidth)
        return token

    def define(self, fn: FunctionValue) -> None:
        self.functions[fn.name] = fn
        self.params.update(str(p) for p in fn.params)

    def new_section(self, section: int) -> None:
        """A new problem starts: the names, functions and definitions of the last one no longer hold."""
        self.values.clear()
        self.functions.clear()
        self.params.clear()
        self.refuted.clear()
        self.definitions.clear()
        self.formulas.clear()
        self.shapes.clear()
        self.layout = ""
        self.jacobian_layout = None
        self.section = section

    def define_name(self, name: str, tree: Node, line: int) -> None:
        self.definitions[name] = Definition(name, tree, line, self.section)

    def _definition(self, name: str) -> Definition | None:
        """The definition of `name` in this problem: its own, or its family's (`σ_1` from `σ_i = …`), with
        every sum written without bounds run over the entries of the vector it indexes; None when a sum's
        range is not certain."""
        definition = self.definitions.get(name) or self._family_member(name)
        if definition is None or definition.section != self.section:
            return None
        tree = self._bounded_sums(definition.tree)
        if tree is None:
            return None
        return definition if tree is definition.tree else replace(definition, tree=tree)

    def _family_member(self, name: str) -> Definition | None:
        """`σ_{1}` of a family defined by one letter index, `σ_{i} = e^{s_i}/\\sum_k e^{s_k}`: that
        definition with i set to 1 (in names too: `s_{i}` becomes `s_{1}`)."""
        match = re.fullmatch(r"(.+)_\{(\d{1,2})\}", name)
        if match is None:
            return None
        base, index = match.groups()
        letters = [k[len(base) + 2] for k in self.definitions
                   if k.startswith(base + "_{") and re.fullmatch(r"_\{[a-z]\}", k[len(base):])]
        if len(letters) != 1:
            return None  # no family, or two (σ_i and σ_j): which one is meant is not certain
        family = self.definitions[f"{base}_{{{letters[0]}}}"]
        try:
            return replace(family, name=name, tree=with_index(family.tree, letters[0], int(index)))
        except UnsupportedNotation:  # the index inside a longer name (s_{y_i}): no certain member
            return None

    def _bounded_sums(self, tree: Node) -> Node | None:
        """`tree` with each sum without bounds (`\\sum_k e^{s_k}`) written out over the entries of the one
        vector its body indexes by k (s = (1, 2, 0.5): three terms); None when there is not exactly one."""
        unresolved = False

        def visit(node: Node) -> Node:
            nonlocal unresolved
            if isinstance(node, Series) and isinstance(node.upper, Name) and node.upper.name.startswith("⟦"):
                vector = self._indexed_vector(node.body, node.index)
                if vector is None or node.op != "sum":
                    unresolved = True
                    return node
                try:
                    with_index(node.body, node.index, 1)
                except UnsupportedNotation:  # the index inside a longer name: the terms are not certain
                    unresolved = True
                    return node
                # over every entry of the vector, its first index set by the convention being tried (View.value_of)
                return Series("sum", node.index, Name(f"⟦from {vector}⟧"), Name(f"⟦to {vector}⟧"), node.body)
            return map_children(node, visit)

        if not any(isinstance(n, Series) for n in walk(tree)):
            return tree
        expanded = visit(tree)
        return None if unresolved else expanded

    def _indexed_vector(self, body: Node, index: str) -> str | None:
        """The one bound vector whose entries `body` indexes by `index` (`e^{s_k}`: s), else None."""
        vectors = set()
        for name in _names_in(body):
            base, sep, rest = name.partition("_{" + index + "}")
            if sep and not rest:
                vector = self._vector(base, "")
                if vector is None or not isinstance(vector.value, sp.MatrixBase):
                    return None
                vectors.add(vector.name)
        return vectors.pop() if len(vectors) == 1 else None

    def _names(self, tree: Node) -> set[str]:
        """The names in a definition, a sum over a vector's entries counted as every entry under either
        index convention (`\\sum_k e^{s_k}` of s = (1, 2, 0.5): s_0 … s_3)."""
        names = _names_in(tree)
        for node in walk(tree):
            if isinstance(node, Series) and isinstance(node.upper, Name) and node.upper.name.startswith("⟦to "):
                vector = self.values.get(node.upper.name[4:-1])
                length = len(vector.value) if vector is not None and isinstance(vector.value, sp.MatrixBase) else 0
                for k in range(length + 1):
                    names |= _names_in(with_index(node.body, node.index, k))
        return names

    def definition_in(self, name: str, variables: list[str]) -> Definition | None:
        """The definition of `name` when it is an expression written directly in `variables`, and no
        other name in it is defined (however indirectly) in terms of them: then ∂name/∂variable has
        one meaning, the derivative of that expression."""
        definition = self._definition(name)
        if definition is None or name in variables:
            return None
        names = self._names(definition.tree)
        if not set(variables) <= names or self._whole_vector_in(variables, names):
            return None
        if any(self._depends(other, set(variables), depth=0) for other in names - set(variables)):
            return None
        return definition

    def _whole_vector_in(self, variables: list[str], names: set[str]) -> bool:
        """`n_1 = x_1/\\|x\\|` in x_1: x depends on x_1 too, and reading it as a constant would be wrong."""
        owners = (self.vector_owning(v) for v in variables if v not in self.values)
        return any(owner is not None and owner[0].name in names for owner in owners)

    def route(self, name: str, variable: str) -> dict[str, Definition] | None:
        """The definitions through which `name` depends on `variable` (`L` on `w_{12}` through `\\hat{y}`,
        `h_1`, `z_1`): every name on a path from `name` down to `variable`, with its definition. None
        when there is no such path, or when it is longer than 8 definitions."""
        route: dict[str, Definition] = {}

        def visit(current: str, depth: int) -> bool:
            definition = self._definition(current)
            if definition is None or depth > 8:
                return False
            names = self._names(definition.tree) - {current}
            if self._whole_vector_in([variable], names) or self._whole_vector_in(sorted(names), {variable}):
                return False  # x_1 beside x: one depends on the other, so neither is a constant
            found = variable in names
            for other in sorted(names - {variable}):
                found = visit(other, depth + 1) or found
            if found:
                route[current] = definition
            return found

        return route if name != variable and visit(name, 0) else None

    def _depends(self, name: str, variables: set[str], depth: int) -> bool:
        definition = self._definition(name)
        if definition is None:
            return False
        names = self._names(definition.tree)
        if depth > 6 or names & variables:
            return True
        return any(self._depends(other, variables, depth + 1) for other in names - {name})

    def refute(self, name: str, value: object, line: int, detail: str) -> None:
        self.refuted.setdefault(name, []).append(Refuted(value, line, detail))

    # -- looking up -------------------------------------------------------------------
    def view(self, conventions: dict[str, int] | None = None) -> View:
        return View(self, conventions or {})

    def folded(self, name: str, *, component: bool = False) -> str | None:
        """The one bound name equal to `name` but for case, if there is exactly one: `Z_{11}` for `z_{11}`.
        Only subscripted names fold (or the vector a subscripted name is a component of: `V_0` of `v`);
        a lone letter in another case (`D` and `d`) is another variable."""
        if "_{" not in name and not component:
            return None
        lowered = name.lower()
        matches = [n for n in self.values if n.lower() == lowered and n != name]
        return matches[0] if len(matches) == 1 else None

    def vector_owning(self, name: str) -> tuple[Binding, int] | None:
        """(vector binding, written index) when `name` is a component such as `w_{12}` of `w_{1}`."""
        base, sep, sub = name.partition("_{")
        sub, sup = _split_superscript(sub)  # z_{2}^{(1)}: entry 2 of the layer's vector z^{(1)}
        if not sep or not sub.endswith("}") or "^" in sub:
            return None
        sub = sub[:-1]
        for vector in (self._vector(base, "", sup), *self._vectors_with_prefix(base, sub, sup)):
            if vector is None:
                continue
            prefix = vector.name.partition("_{")[2].rstrip("}")
            rest = sub[len(prefix):].lstrip(",")
            if rest.isdigit() and len(rest) <= 2:
                return vector, int(rest)
        return None

    def _vector(self, base: str, sub: str, sup: str = "") -> Binding | None:
        name = base + ("_{" + sub + "}" if sub else "") + sup
        binding = self.values.get(name)
        if binding is None:
            folded = self.folded(name, component=True)
            binding = self.values.get(folded) if folded else None
        if binding is not None and isinstance(binding.value, sp.MatrixBase) and 1 in binding.value.shape:
            return binding
        return None

    def _vectors_with_prefix(self, base: str, sub: str, sup: str = "") -> Iterator[Binding | None]:
        for cut in range(1, len(sub)):
            yield self._vector(base, sub[:cut].rstrip(","), sup)


def _split_superscript(sub: str) -> tuple[str, str]:
    """`2}^{(1)}` → (`2}`, `^{(1)}`): a layer index written after an entry's subscript."""
    head, sep, tail = sub.partition("}^{")
    if sep and tail.endswith("}") and "{" not in tail[:-1] and "}" not in tail[:-1]:
        return head + "}", "^{" + tail
    return sub, ""


def _names_in(tree: Node) -> set[str]:
    return {node.name for node in walk(tree) if isinstance(node, Name)}


@dataclass
class View:
    """The environment seen under one choice of index convention (0- or 1-based) per vector."""

    env: Environment
    conventions: dict[str, int]
    used: set[str] = field(default_factory=set)
    used_vectors: set[str] = field(default_factory=set)
    misses: int = 0  # component lookups whose index the convention puts out of range
    rounded: frozenset = frozenset()  # literals read as rounded intermediates (one unit of their last digit)
    derivatives: bool = False  # read ∂L/∂p as the derivative of L's definition, where it has one
    expands_sums: bool = True  # sums and products are written out term by term (see interpret.expanded_series)
    instances: dict = field(default_factory=dict)  # symbolic bounds set to a value: {"N": 3}
    matrices: dict = field(default_factory=dict)  # names of known shape and no value, set to random instances

    def definition_in(self, name: str, variables: list[str]) -> Definition | None:
        return self.env.definition_in(name, variables) if self.derivatives else None

    def route(self, name: str, variable: str) -> dict[str, Definition] | None:
        return self.env.route(name, variable) if self.derivatives else None

    def rounded_literal(self, text: str) -> object | None:
        if text not in self.rounded:
            return None
        token = sp.Symbol(f"⟪{text}⟫")
        self.env.measured[token] = (sp.Rational(text), sp.Rational(1, 10 ** len(text.partition(".")[2])))
        return token

    def function_of(self, name: str) -> FunctionValue | None:
        return self.env.functions.get(name)

    def formula_of(self, name: str) -> Formula | None:
        return self.env.formulas.get(name)

    @property
    def layout(self) -> str:
        return self.env.layout

    def is_variable(self, name: str) -> bool:
        return name in self.env.params

    def entry_bound(self, name: str) -> object | None:
        """`⟦from s⟧`, `⟦to s⟧`: the first and last index of s's entries under this view's convention."""
        which, _, vector = name[1:-1].partition(" ")
        binding = self.env.values.get(vector)
        if binding is None or not isinstance(binding.value, sp.MatrixBase):
            return None
        self.used_vectors.add(vector)
        start = self.conventions.get(vector, 1)
        return sp.Integer(start if which == "from" else start + len(binding.value) - 1)

    def entry_of(self, name: str) -> tuple[str, int] | None:
        """(the bound vector, 0-based position) when `name` is one of its entries (`W_{1}^{(2)}` of
        `W^{(2)}`), under this view's index convention for that vector."""
        if name in self.env.values:
            return None
        owner = self.env.vector_owning(name)
        if owner is None:
            return None
        vector, index = owner
        position = index - self.conventions.get(vector.name, 1)
        if not isinstance(vector.value, sp.MatrixBase) or not 0 <= position < len(vector.value):
            self.misses += 1
            return None
        self.used_vectors.add(vector.name)
        return vector.name, position

    def value_of(self, name: str) -> object | None:
        if name in self.instances:
            return sp.Integer(self.instances[name])
        if name.startswith(("⟦from ", "⟦to ")):
            return self.entry_bound(name)
        if name in self.matrices:
            return self.matrices[name]
        if name in self.env.params:
            return None
        for candidate in (name, self.env.folded(name)):
            if candidate and candidate in self.env.values:
                self.used.add(candidate)
                return self.env.values[candidate].token
        owner = self.env.vector_owning(name)
        if owner is None:
            return None
        vector, index = owner
        start = self.conventions.get(vector.name, 1)
        self.used_vectors.add(vector.name)
        position = index - start
        value, token = vector.value, vector.token  # vector_owning finds vectors: both are matrices
        if isinstance(value, sp.MatrixBase) and isinstance(token, sp.MatrixBase) and 0 <= position < len(value):
            self.used.add(vector.name)
            return token[position]
        self.misses += 1
        return None
