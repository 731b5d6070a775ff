"""Give a syntax tree its meaning: a SymPy value, under the student's bindings.

The tree says how the notation reads; this module decides what it means, with the
scope of names the student has defined so far: `x(…)` is a call when x is a
function and a product otherwise, `D F` is a Jacobian when F is a function,
`\\frac{\\partial L}{\\partial w}` is a named quantity unless L is a function or an
expression. Every number is an exact rational. Sizes are gated before SymPy
computes anything large.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import sympy as sp

from symcheck.core.errors import EvaluationError, ShapeMismatch, SymcheckError, TooLarge, UnsupportedNotation
from symcheck.core.known_functions import BY_NAME, ELEMENTWISE
from symcheck.core.sizegate import (  # noqa: F401
    MAX_EXPONENT_DIGITS,
    MAX_FACTORIAL,
    MAX_RESULT_BITS,
    gate_factorial,
    gate_power,
    gate_size,
    gated_xreplace,
)
from symcheck.latex.syntax import (
    Abs,
    Add,
    Apply,
    Const,
    Det,
    Div,
    DOp,
    Entry,
    Factorial,
    Fn,
    Group,
    Integral,
    Leibniz,
    Limit,
    Matrix,
    Mul,
    Nabla,
    Name,
    Neg,
    Node,
    Norm,
    Num,
    Pow,
    Prime,
    Series,
    Sqrt,
    SympyValue,
    Text,
    Transpose,
    TupleNode,
    walk,
    with_index,
)
from symcheck.meaning.functions import (
    FunctionValue,
    Math,
    as_scalar,
    compose,
    derivative,
    gradient,
    hessian,
    is_vector,
    jacobian,
)

GENERIC_FUNCTION_NAMES = {"f", "g", "h", "F", "G", "H", "\\phi", "\\varphi", "\\psi"}
OPERATOR_LETTERS = {"D", "d"}  # read as a number only when nothing else fits: a guess
MAX_MATRIX_CELLS = 400
MAX_COMPONENTS = 36  # a vector or matrix differentiated in on its components (a 6×6 matrix)


class Scope(Protocol):
    def value_of(self, name: str) -> object | None: ...
    def function_of(self, name: str) -> FunctionValue | None: ...


class Defined(Protocol):
    """A name's definition as written: the syntax tree of its right-hand side (bindings.Definition)."""

    @property
    def tree(self) -> Node: ...


@runtime_checkable
class DefinitionScope(Protocol):
    """A scope that knows the text's definitions, through which ∂L/∂p can be read as a derivative (bindings.View)."""

    def definition_in(self, name: str, variables: list[str]) -> Defined | None: ...
    def route(self, name: str, variable: str) -> Mapping[str, Defined] | None: ...


class EmptyScope:
    def value_of(self, name: str) -> object | None:
        return None

    def function_of(self, name: str) -> FunctionValue | None:
        return None


def leibniz_key(numerator: str, variables: list[str], order: int) -> str:
    """The name of an opaque derivative quantity such as ∂L/∂w_{11}."""
    top = "∂" if order == 1 else f"∂^{order}"
    return f"{top}{numerator}/" + "".join(f"∂{v}" for v in variables)


def interpret(node: Node, scope: Scope, shadow: frozenset[str] = frozenset()) -> object:
    """The value of `node`: a SymPy expression, an ImmutableMatrix, a tuple or a FunctionValue."""
    return _Interpreter(scope, shadow).value(node)


# Names read as variables that are also functions: (name, its function's parameters) for each.
Dual = frozenset[tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Reading:
    """A value and what its reading assumed.

    `guesses` name every choice the notation left open (a juxtaposition read as a product that
    could be a call, a letter D read as a number, a transpose of an unknown name treated as a
    scalar): a step whose reading guessed is never called wrong. `unknown_shape` lists the names
    with no binding, whose shape (number, vector, matrix) the document never fixed: a shape
    error that involves them is not certain.
    """

    value: object
    guesses: tuple[str, ...] = ()
    unknown_shape: frozenset[str] = frozenset()
    dual: Dual = frozenset()  # (name, its function's parameters) of names read as variables, not functions


def interpret_reading(node: Node, scope: Scope, shadow: frozenset[str] = frozenset()) -> Reading:
    """`interpret`, keeping what the reading assumed; a failure carries it as `exc.reading`."""
    interpreter = _Interpreter(scope, shadow)
    try:
        value = interpreter.value(node)
    except SymcheckError as exc:
        exc.reading = interpreter.reading(None)
        raise
    return interpreter.reading(value)


def symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


class _Interpreter:
    def __init__(self, scope: Scope, shadow: frozenset[str]):
        self.scope = scope
        self.shadow = shadow
        self.guesses: list[str] = []
        self.unknown_shape: set[str] = set()
        self.dual: set[tuple[str, tuple[str, ...]]] = set()

    def with_shadow(self, names: frozenset[str]) -> _Interpreter:
        """An interpreter that keeps `names` free (variables of a derivative) and shares what it guesses."""
        inner = _Interpreter(self.scope, self.shadow | names)
        inner.guesses, inner.unknown_shape, inner.dual = self.guesses, self.unknown_shape, self.dual
        return inner

    def guess(self, reason: str) -> None:
        if reason not in self.guesses:
            self.guesses.append(reason)

    def reading(self, value: object) -> Reading:
        return Reading(value, tuple(self.guesses), frozenset(self.unknown_shape), frozenset(self.dual))

    def value(self, node: Node) -> object:
        method = _METHODS.get(type(node))
        if method is None:
            raise UnsupportedNotation(f"cannot interpret {type(node).__name__}")
        return method(self, node)

    def scalar_or_matrix(self, node: Node) -> Math:
        val = self.value(node)
        if isinstance(val, FunctionValue):
            raise EvaluationError(f"the function {val.name} is used as a number")
        if isinstance(val, tuple):
            raise EvaluationError("a list of values is used as a number")
        return val

    # -- leaves --------------------------------------------------------------
    def v_num(self, node: Num) -> sp.Rational:
        text = node.text
        if len(text) > 60:
            raise TooLarge(f"a number with {len(text)} digits")
        rounded = getattr(self.scope, "rounded_literal", None)
        token = rounded(text) if rounded else None
        return token if token is not None else sp.Rational(text)

    def v_const(self, node: Const) -> object:
        return {"pi": sp.pi, "infty": sp.oo}[node.name]

    def v_text(self, node: Text) -> object:
        return symbol(f"\\text{{{node.words}}}")

    def v_name(self, node: Name) -> object:
        name = node.name
        if name not in self.shadow:
            fn = self.scope.function_of(name)
            if fn is not None and _is_variable(self.scope, name) and not self.shadow & {str(p) for p in fn.params}:
                self.dual.add((name, tuple(str(p) for p in fn.params)))
                return symbol(name)  # x(t) = 2t + 1 and r(x) = e^{2x}: a bare x is the variable, but in dx/dt x(t)
            if fn is not None:
                return fn
            bound = self.scope.value_of(name)
            if bound is not None:
                return bound
            part = self.function_named(name, None) if "_{" in name else None
            if part is not None:
                return part  # F_1: a component of F; g_x: a partial derivative; G_1 written for G
        if name == "e":
            self.guess("e read as Euler's number; it may be a variable (an error term)")
            return sp.E
        if name in OPERATOR_LETTERS and name not in self.shadow:
            self.guess(f"{name} may be the derivative operator, not a number")
        if name not in self.shadow and not _is_variable(self.scope, name):
            self.unknown_shape.add(name)
        return symbol(name)

    def v_sympy(self, node: SympyValue) -> object:
        return node.expr

    def v_group(self, node: Group) -> object:
        return self.value(node.inner)

    def v_tuple(self, node: TupleNode) -> object:
        items = [as_scalar(self.value(item)) for item in node.items]
        if all(isinstance(i, sp.Basic) and not isinstance(i, sp.MatrixBase) for i in items):
            return sp.ImmutableMatrix(items)
        return tuple(items)

    def v_matrix(self, node: Matrix) -> sp.ImmutableMatrix:
        rows = node.rows
        if len(rows) * len(rows[0]) > MAX_MATRIX_CELLS:
            raise TooLarge(f"a {len(rows)}×{len(rows[0])} matrix")
        cells = [[as_scalar(self.scalar_or_matrix(c)) for c in row] for row in rows]
        if any(isinstance(c, sp.MatrixBase) for row in cells for c in row):
            return self.block_matrix(cells)
        return sp.ImmutableMatrix(cells)

    def block_matrix(self, cells: list[list]) -> sp.ImmutableMatrix:
        """A row of column vectors written as one matrix: [c1 c2]."""
        if len(cells) == 1 and all(isinstance(c, sp.MatrixBase) for c in cells[0]):
            return sp.ImmutableMatrix(sp.Matrix.hstack(*cells[0]))
        raise ShapeMismatch("a matrix whose entries are matrices")

    # -- arithmetic ------------------------------------------------------------
    def v_add(self, node: Add) -> object:
        total = None
        for sign, term in node.terms:
            val = as_scalar(self.scalar_or_matrix(term))
            val = -val if sign < 0 else val
            total = val if total is None else add(total, val)
        return total

    def v_neg(self, node: Neg) -> object:
        return -as_scalar(self.scalar_or_matrix(node.arg))

    def v_div(self, node: Div) -> object:
        top = as_scalar(self.scalar_or_matrix(node.numerator))
        bottom = as_scalar(self.scalar_or_matrix(node.denominator))
        if isinstance(bottom, sp.MatrixBase):
            raise ShapeMismatch("division by a matrix")
        if bottom == 0:
            raise EvaluationError("division by zero")
        return top / bottom if not isinstance(top, sp.MatrixBase) else sp.ImmutableMatrix(top / bottom)

    def v_mul(self, node: Mul) -> object:
        left_node, right_node, op = node.left, node.right, node.op
        if left_node == Name("D") and "D" not in self.shadow and self.scope.value_of("D") is None:
            return self.jacobian_of(right_node)
        if isinstance(left_node, DOp):
            return self.apply_dop(left_node, right_node)
        left = self.value(left_node)
        right = self.value(right_node)
        if isinstance(left, FunctionValue) and isinstance(right, FunctionValue):
            return self.compose_written(left, right, op)
        if op == "compose" and isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase):
            op = "hadamard"  # A ∘ B between matrices: the element-wise product
        if op == "compose":
            raise EvaluationError("∘ between things that are not functions")
        if op == "hadamard":
            return hadamard(left, right)
        if isinstance(left, FunctionValue):
            return left.call([right])  # D(F∘G) x
        # (1, 2)·(3, 4): the dot product (3-vectors: or the cross)
        if op == "*" and isinstance(left, sp.MatrixBase) and _same_columns(left, right):
            if len(left) == 3:
                self.guess("a product of two 3-vectors: a dot or a cross product")
            return (left.T * right)[0, 0]
        return multiply(left, right)

    def compose_written(self, left: FunctionValue, right: FunctionValue, op: str) -> FunctionValue:
        """F ∘ G, also written F · G: certain only when the product of the two is not defined."""
        if op == "compose":
            return compose(left, right)
        reason = f"{left.name} · {right.name} read as a composition; it may be a product"
        if tuple(left.params) == tuple(right.params):
            self.guess(reason)
        try:
            return compose(left, right)
        except SymcheckError:
            self.guess(reason)
            raise

    def v_pow(self, node: Pow) -> object:
        base_node, exp_node = node.base, node.exponent
        if base_node == Name("e") and self.scope.value_of("e") is None:
            return elementwise(sp.exp, self.scalar_or_matrix(exp_node))
        if base_node == Name("e"):
            self.guess("e has a value in this text, but e^… may be Euler's number")
        if isinstance(base_node, Apply) and len(base_node.args) == 1 and not self.is_call(base_node):
            head = self.scalar_or_matrix(base_node.fn)  # 2x(1-x)^2: the power binds to the bracket
            return multiply(head, power(as_scalar(self.scalar_or_matrix(base_node.args[0])),
                                        as_scalar(self.scalar_or_matrix(exp_node))))
        base = as_scalar(self.scalar_or_matrix(base_node))
        exponent = as_scalar(self.scalar_or_matrix(exp_node))
        return power(base, exponent)

    def v_sqrt(self, node: Sqrt) -> object:
        arg = as_scalar(self.scalar_or_matrix(node.arg))
        if node.index is None:
            return sp.sqrt(arg)
        return power(arg, 1 / as_scalar(self.scalar_or_matrix(node.index)))

    def v_factorial(self, node: Factorial) -> object:
        arg = as_scalar(self.scalar_or_matrix(node.arg))
        gate_factorial(arg)
        return sp.factorial(arg)

    def v_abs(self, node: Abs) -> object:
        val = as_scalar(self.scalar_or_matrix(node.arg))
        if isinstance(val, sp.MatrixBase):
            return val.det() if val.is_square and not is_vector(val) else val.norm()
        return sp.Abs(val)

    def v_norm(self, node: Norm) -> object:
        """`\\|v\\|` (2-norm of a vector, Frobenius of a matrix), `\\|v\\|_1`, `\\|v\\|_\\infty`, `\\|A\\|_F`.
        A matrix's 1-, 2- or ∞-norm (induced or entrywise?) is not read; a number's norm is its absolute value."""
        val = as_scalar(self.scalar_or_matrix(node.arg))
        order = node.order
        if not isinstance(val, sp.MatrixBase):
            if order and getattr(val, "free_symbols", None):
                self.guess(f"a {order}-norm of something whose shape is not known, read as an absolute value")
            return sp.Abs(val)
        if order in ("", "F") or (order == "2" and is_vector(val)):
            if all(entry.is_real for entry in val):
                return sp.sqrt(sum((entry**2 for entry in val), sp.Integer(0)))  # real entries: no |·| to carry
            return val.norm()
        if not is_vector(val):
            raise UnsupportedNotation(f"the {order}-norm of a matrix (induced or entrywise)")
        return val.norm(1) if order == "1" else val.norm(sp.oo)

    def v_det(self, node: Det) -> object:
        return self.v_matrix(node.matrix).det()

    def v_entry(self, node: Entry) -> object:
        """`(F∘G)_2`, `(Ax)_1`: one component, counted from 1 (the convention of a written subscript)."""
        value, index = self.value(node.arg), node.index
        if not index.isdigit():
            raise UnsupportedNotation(f"the entry {index} of a bracket")
        if isinstance(value, FunctionValue) and len(value.outputs()) > 1:
            return value.component(int(index))
        if isinstance(value, sp.MatrixBase) and is_vector(value) and 1 <= int(index) <= len(value):
            return value[int(index) - 1]
        raise EvaluationError(f"entry {index} of something that is not a vector")

    def v_transpose(self, node: Transpose) -> object:
        inner = node.arg
        if isinstance(inner, Apply) and len(inner.args) == 1 and not self.is_call(inner):
            head = self.scalar_or_matrix(inner.fn)  # x(\delta)^T: the transpose binds to the bracket, as a power does
            return multiply(head, self.v_transpose(Transpose(inner.args[0])))
        val = self.value(inner)
        written_tuple = isinstance(inner, TupleNode) and len(inner.items) > 1
        if isinstance(val, sp.MatrixBase) and written_tuple and val.shape[1] == 1:
            return val  # (2, -1)^T: a tuple written in a line, transposed: the column vector
        if isinstance(val, sp.MatrixBase):
            return val.T
        if isinstance(val, sp.Symbol) and isinstance(inner, Name):
            self.guess(f"{inner.name}^T is treated as a number (its shape is not known)")
            return symbol(inner.name + "^{T}")
        if isinstance(val, FunctionValue):
            raise EvaluationError("transpose of a function")
        if self.unknown_shape & {str(s) for s in getattr(val, "free_symbols", ())}:
            self.guess("a transpose of names whose shapes are not known is treated as a number")
        return val

    # -- functions and operators -------------------------------------------------
    def v_fn(self, node: Fn) -> object:
        raise EvaluationError(f"the function {node.name} has no argument")

    def is_call(self, node: Apply) -> bool:
        """Whether `head(args)` calls a function (rather than multiplying)."""
        head = node.fn
        if isinstance(head, (Fn, DOp)) or head == Name("D"):
            return True
        if isinstance(head, Name):
            return self.function_named(head.name, len(node.args)) is not None or is_function_like(head.name)
        return isinstance(self.value(head), FunctionValue)

    def v_apply(self, node: Apply) -> object:
        head, args = node.fn, node.args
        if isinstance(head, DOp) and len(args) == 1:
            return self.apply_dop(head, args[0])
        if isinstance(head, Fn):
            return apply_named(head.name, [self.scalar_or_matrix(a) for a in args])
        if head == Name("D") and "D" not in self.shadow and self.scope.value_of("D") is None:
            return self.derivative_operator(args)
        if isinstance(head, Name):
            fn = self.function_named(head.name, len(args))
            if fn is not None:
                return fn.call(self.arguments(args))
        callee = self.value(head)
        if isinstance(callee, FunctionValue):
            return callee.call(self.arguments(args))
        if isinstance(callee, sp.Symbol) and isinstance(head, Name) and is_function_like(head.name):
            return sp.Function(head.name)(*[as_scalar(self.scalar_or_matrix(a)) for a in args])
        if isinstance(callee, sp.Symbol) and isinstance(head, Prime):  # f'(x), f_{1}''(x+y): never f'·x
            return sp.Function(callee.name)(*[as_scalar(self.scalar_or_matrix(a)) for a in args])
        argument = self.v_tuple(TupleNode(args)) if len(args) > 1 else self.value(args[0])
        if isinstance(head, Name) and isinstance(callee, sp.Symbol) and (
                len(args) > 1 or head.name[0].isupper() or isinstance(args[0], Name)):
            self.guess(f"{head.name}(…) read as a product; it may be {head.name} applied to its arguments")
        return multiply(callee, argument)

    def arguments(self, args: tuple[Node, ...]) -> list[object]:
        """The values a function is called with. A bare name that is also a function (`x(t) = 2t + 1`
        given, then `r'(x)`) stands for the variable x: functions are not passed to functions."""
        values = []
        for arg in args:
            value = self.value(arg)
            if isinstance(value, FunctionValue) and isinstance(arg, Name):
                value = symbol(arg.name)
            values.append(value)
        return values

    def function_named(self, name: str, arity: int | None) -> FunctionValue | None:
        """A defined function; `F_1`, a component of a vector function F; `g_x`, a partial derivative.

        `arity` is the number of arguments it is called with (None when not called).
        """
        if name in self.shadow:
            return None
        fn = self.scope.function_of(name)
        if fn is not None:
            return fn
        base, _, sub = name.partition("_{")
        parent = self.scope.function_of(base) if sub else None
        if parent is None:
            return None
        index = sub.rstrip("}")
        if index.isdigit() and len(parent.outputs()) > 1 and arity in (None, len(parent.params)):
            return parent.component(int(index))
        partial = partial_derivative(parent, index)
        return partial if partial is not None else parent  # G_1 written for G

    def derivative_operator(self, args: tuple[Node, ...]) -> object:
        """D(F), D(F∘G), D(G(x)): the Jacobian, as a function or evaluated."""
        if len(args) != 1:
            raise EvaluationError("D takes one function")
        arg = args[0]
        if isinstance(arg, Apply) and isinstance(arg.fn, Name):
            fn = self.function_named(arg.fn.name, len(arg.args))
            if fn is not None:
                return jacobian(fn).call(self.arguments(arg.args))
        return self.jacobian_of(arg)

    def jacobian_of(self, node: Node) -> object:
        return self.operator(jacobian, "D", node)

    def v_nabla(self, node: Nabla) -> object:
        target, order = node.arg, node.order
        if node.variable is not None:  # ∇_W L: a named gradient, unless L is a function of W
            written = self.formula_in(target, node.variable)
            if written is not None and order in (1, 2):
                return self.on_components(written, node.variable, order)
            if not isinstance(target, Name):
                raise UnsupportedNotation(f"the gradient in {node.variable} of an expression")
            return symbol(f"∇_{{{node.variable}}}" + target.name)
        variable = self.vector_variable(target)
        if variable is not None:  # ∇f of f(x) = x^TAx + b^Tx, with x a vector of known value
            return self.on_components(variable[1], variable[0], order)
        if isinstance(target, Apply) and (at_point := self.vector_variable(target.fn, at_point=True)) is not None:
            args = target.args  # ∇f(1, -1) of the same f: at the point written
            point = self.v_tuple(TupleNode(args)) if len(args) > 1 else self.value(args[0])
            inner = _Interpreter(_Overlay(self.scope, {at_point[0]: point}), self.shadow)
            inner.guesses, inner.unknown_shape, inner.dual = self.guesses, self.unknown_shape, self.dual
            return inner.on_components(at_point[1], at_point[0], order)
        return self.operator(gradient if order == 1 else hessian, "∇" if order == 1 else "∇^2", node.arg)

    def vector_variable(self, target: Node, at_point: bool = False) -> tuple[str, Node] | None:
        """For `∇f`: f's one variable and its formula, when f is no function of numbers and the variable has a
        vector or matrix value here (a point, or a random instance); for `∇f(P)`, whatever its value."""
        if not isinstance(target, Name) or target.name in self.shadow or self.function_named(target.name, None):
            return None
        formula_of = getattr(self.scope, "formula_of", None)
        formula = formula_of(target.name) if formula_of is not None else None
        if formula is None or len(formula.params) != 1 or formula.params[0] in self.shadow:
            return None
        variable = formula.params[0]
        known = at_point or isinstance(self.scope.value_of(variable), sp.MatrixBase)
        return (variable, formula.tree) if known else None

    def formula_in(self, target: Node, variable: str) -> Node | None:
        """What `∇_w target` differentiates, as written: `g` of `g(w) = w^T x`, or an expression in w."""
        if isinstance(target, Apply) and isinstance(target.fn, Name) and _plain_names(target.args):
            target = target.fn  # ∇_w g(w)
        if isinstance(target, Name):
            formula_of = getattr(self.scope, "formula_of", None)
            formula = formula_of(target.name) if formula_of is not None and target.name not in self.shadow else None
            return formula.tree if formula is not None and variable in formula.params else None
        names = {n.name for n in walk(target) if isinstance(n, Name)}
        return target if variable in names else None

    def on_components(self, node: Node, variable: str, order: int, route: Mapping[str, Defined] | None = None,
                      leibniz: bool = False) -> object:
        """∇_w f, ∇²_w f, ∂f/∂W of a formula in a vector or matrix w whose value is known: w is replaced
        by its components, f must be a number, and the result (w's shape; the Hessian for ∇²) is taken
        entry by entry, then evaluated at w's value. With a `route`, the names on it stand for their
        definitions (∂L/∂W through ŷ, z, h down to W). `leibniz`: written ∂f/∂W, whose layout for a matrix
        W (W's shape, or its transpose) is a convention the text must fix."""
        bound = self.scope.value_of(variable) if variable not in self.shadow else None
        if not isinstance(bound, sp.MatrixBase):
            raise UnsupportedNotation(f"the gradient in {variable}, whose shape is not known")
        if len(bound) > MAX_COMPONENTS or (order == 2 and not is_vector(bound)):
            raise UnsupportedNotation(f"the derivative in a {shape_text(bound)} matrix")
        cells = sp.ImmutableMatrix(*bound.shape, [sp.Dummy(f"{variable}_{i}", real=True) for i in range(len(bound))])
        scope: Scope = _Overlay(self.scope, {variable: cells})
        if route:
            scope = _Through(scope, route, self.guesses)
        inner = _Interpreter(scope, self.shadow)
        inner.guesses, inner.unknown_shape, inner.dual = self.guesses, self.unknown_shape, self.dual
        value = as_scalar(inner.scalar_or_matrix(node))
        if isinstance(value, sp.MatrixBase):
            raise UnsupportedNotation("the gradient of a vector or a matrix (a Jacobian: its layout is a convention)")
        if isinstance(value, sp.Expr) and value.is_polynomial(*cells):
            value = sp.expand(value)  # a quadratic form, a squared norm: differentiated term by term, fast
        if order == 1:
            result = sp.ImmutableMatrix(*bound.shape, [diff(value, c) for c in cells])
        else:
            result = sp.ImmutableMatrix(len(cells), len(cells), [diff(diff(value, a), b) for a in cells for b in cells])
        result = gated_xreplace(result, dict(zip(cells, bound)))
        layout = getattr(self.scope, "layout", "")
        if leibniz and not is_vector(bound) and layout != "denominator":
            if layout == "numerator":
                return sp.ImmutableMatrix(sp.ImmutableMatrix(result).T)
            self.guess(f"the layout of ∂/∂{variable} ({variable}'s shape, or its transpose) is not fixed by the text")
        return result

    def entry_derivative(self, scope: DefinitionScope, numerator: str, variable: str) -> object | None:
        """∂L/∂W^{(2)}_1 where W^{(2)} is a bound vector that L reaches through definitions: that entry of
        ∂L/∂W^{(2)} (the entry as the index convention being tried reads it)."""
        entry_of = getattr(self.scope, "entry_of", None)
        found = entry_of(variable) if entry_of is not None else None
        if found is None:
            return None
        owner, position = found
        bound = self.scope.value_of(owner)
        route = scope.route(numerator, owner)
        if not route or not isinstance(bound, sp.MatrixBase) or not is_vector(bound):
            return None
        gradient = self.on_components(Name(numerator), owner, 1, route)
        return gradient[position] if isinstance(gradient, sp.MatrixBase) else None

    def operator(self, make: Callable[[FunctionValue], FunctionValue], prefix: str, node: Node) -> object:
        """D F, ∇f, ∇²f: of a function (a function), of an applied function (its value there), of an
        unknown name (a named quantity such as DF)."""
        if isinstance(node, Apply) and isinstance(node.fn, Name):
            fn = self.function_named(node.fn.name, len(node.args))
            if fn is not None:
                return make(fn).call(self.arguments(node.args))
        target = self.value(node)
        if isinstance(target, FunctionValue):
            return make(target)
        if isinstance(node, Name):
            return symbol(prefix + node.name)
        raise EvaluationError(f"{prefix} applied to something that is not a function")

    def v_prime(self, node: Prime) -> object:
        val = self.value(node.arg)
        if isinstance(val, FunctionValue):
            return derivative(val)
        if isinstance(node.arg, Name):
            return symbol(node.arg.name + "'")
        if isinstance(node.arg, Prime) and isinstance(val, sp.Symbol) and val.name.endswith("'"):
            return symbol(val.name + "'")  # a'' : the name a with two primes
        raise EvaluationError("' applied to something that is not a function")

    def v_leibniz(self, node: Leibniz) -> object:
        numerator, variables, order = node.numerator, node.variables, node.order
        names = [v.name for v in variables]
        if isinstance(numerator, Text):  # ∂\text{Loss}/∂w: a named quantity, never the derivative of a constant
            key = leibniz_key(f"\\text{{{numerator.words}}}", names, order)
            bound = self.scope.value_of(key)
            return bound if bound is not None else symbol(key)
        if isinstance(numerator, Name) and len(names) == 1 and numerator.name == names[0]:
            return sp.Integer(1)
        if (isinstance(numerator, Apply) and isinstance(numerator.fn, Name) and not self.is_call(numerator)
                and all(Name(n) in numerator.args for n in names)):  # dθ(x)/dx: θ is a function of x
            call = sp.Function(numerator.fn.name)(*[as_scalar(self.scalar_or_matrix(a)) for a in numerator.args])
            return sp.Derivative(call, *[symbol(n) for n in names])
        if isinstance(numerator, Name) and self.function_named(numerator.name, None) is None:
            return self.named_derivative(numerator.name, names, order)
        return self.differentiate(numerator, names)

    def named_derivative(self, numerator: str, names: list[str], order: int) -> object:
        """∂L/∂w of a name L that is not a function: through its definition, or a named quantity."""
        scope = self.scope if isinstance(self.scope, DefinitionScope) else None
        definition = scope.definition_in(numerator, names) if scope is not None else None
        if definition is not None:  # L defined in p: ∂L/∂p is the derivative of its definition
            return self.differentiate(definition.tree, names)
        route = scope.route(numerator, names[0]) if scope is not None and len(names) == 1 else None
        if route and isinstance(self.scope.value_of(names[0]), sp.MatrixBase):  # ∂L/∂W, W a matrix: on its entries
            return self.on_components(Name(numerator), names[0], 1, route, leibniz=True)
        if route:  # L through ŷ, h, z down to w: the chain rule, each factor at the student's values
            return self.through_definitions(numerator, names[0], route, {})
        entry = self.entry_derivative(scope, numerator, names[0]) if scope is not None and len(names) == 1 else None
        if entry is not None:
            return entry
        key = leibniz_key(numerator, names, order)
        bound = self.scope.value_of(key)
        return bound if bound is not None else symbol(key)

    def through_definitions(self, name: str, variable: str, route: Mapping[str, Defined],
                            done: dict[str, Math]) -> Math:
        """d name / d variable = Σ over the names u in name's definition that lead to the variable of
        ∂definition/∂u (at the student's values) · d u / d variable."""
        if name == variable:
            return sp.Integer(1)
        if name not in done:
            tree = route[name].tree
            total = sp.Integer(0)
            for u in sorted({n.name for n in walk(tree) if isinstance(n, Name)}):
                if u == variable or u in route:
                    factor = self.differentiate(tree, [u])
                    total = add(total, multiply(factor, self.through_definitions(u, variable, route, done)))
            done[name] = total
        return done[name]

    def differentiate(self, node: Node, names: list[str]) -> object:
        """d(node)/d(names), with the variables kept free while differentiating, then bound; in a vector
        or matrix whose value is known (`\\frac{\\partial}{\\partial x}(x^TAx)`), on its components."""
        if len(set(names)) == 1 and len(names) <= 2 and names[0] not in self.shadow and isinstance(
                self.scope.value_of(names[0]), sp.MatrixBase):
            return self.on_components(node, names[0], len(names), leibniz=True)
        inner = self.with_shadow(frozenset(names))
        expr = inner.value(node)
        if isinstance(expr, FunctionValue):
            variables = [symbol(n) for n in names]
            if len(expr.params) == 1 and len(set(variables)) == 1:
                if variables[0] != expr.params[0]:  # dg/dx of g(u): its own variable, or the chain rule through u(x)
                    self.guess(f"d{expr.name}/d{names[0]} of a function of {expr.params[0]}: the derivative in "
                               f"{expr.params[0]}, or the chain rule through {expr.params[0]}({names[0]})")
                variables = [expr.params[0]] * len(variables)
            if not all(v in expr.params for v in variables):
                raise EvaluationError(f"{expr.name} is not a function of {', '.join(names)}")
            body = expr.body
            for v in variables:
                body = diff(body, v)
            return FunctionValue(f"d{expr.name}", expr.params, body, expr.line)
        if isinstance(expr, tuple):
            raise EvaluationError("derivative of a list")
        if isinstance(expr, sp.MatrixBase) and min(expr.shape) > 1:  # ∂y/∂x of y = Ax: x read as a number
            self.guess(f"∂/∂{names[0]} of a vector or matrix: {names[0]}'s shape and the layout (the matrix or its "
                       "transpose) are conventions the text does not fix")
        for name in names:
            expr = diff(expr, symbol(name))
        return self.bind_back(expr, names)

    def bind_back(self, expr: object, names: list[str]) -> object:
        mapping = {}
        for name in names:
            if name in self.shadow:
                continue
            bound = self.scope.value_of(name)
            if bound is not None and not isinstance(bound, (FunctionValue, tuple, sp.MatrixBase)):
                mapping[symbol(name)] = bound
        return gated_xreplace(expr, mapping)

    def apply_dop(self, dop: DOp, target: Node) -> object:
        names = [v.name for v in dop.variables]  # the denominator lists each variable as often as it differentiates
        written = {n.name for n in walk(target) if isinstance(n, Name)}
        if not written & set(names):
            at_point = self.derivative_at_point(target, names)
            if at_point is not None:
                return at_point
            self.guess(f"d/d{names[0]} of an expression without {names[0]}: it may be a derivative at a point")
        return self.differentiate(target, names)

    def derivative_at_point(self, target: Node, names: list[str]) -> object | None:
        """`\\frac{d}{dt}(G∘r)(1)`: the derivative of a function of one variable, at the point written."""
        if not isinstance(target, Apply) or len(target.args) != 1 or len(set(names)) != 1:
            return None
        head = self.value(target.fn) if not isinstance(target.fn, Name) else self.function_named(target.fn.name, 1)
        if not isinstance(head, FunctionValue) or len(head.params) != 1:
            return None
        slope = head
        for _ in names:
            slope = derivative(slope)
        return slope.call(self.arguments(target.args))

    def v_dop(self, node: DOp) -> object:
        raise EvaluationError("a derivative operator with nothing to differentiate")

    # -- sums, products, integrals, limits (the extended reading of `read_latex`): unevaluated ------
    def bound_scalar(self, variable: str, node: Node) -> sp.Expr:
        """The value of `node` with `variable` free (a bound variable never takes the student's value)."""
        value = as_scalar(_Interpreter(self.scope, self.shadow | {variable}).scalar_or_matrix(node))
        if not isinstance(value, sp.Expr):
            raise EvaluationError("a sum, integral or limit of something that is not a number")
        return value

    def v_series(self, node: Series) -> object:
        kind, index, lower, upper, body = node.op, node.index, node.lower, node.upper, node.body
        if getattr(self.scope, "expands_sums", False):
            return self.expanded_series(kind, index, lower, upper, body)
        if isinstance(upper, Name) and upper.name.startswith("⟦"):
            raise UnsupportedNotation(f"a {kind} without bounds")
        if kind == "list":
            raise UnsupportedNotation("a list with an ellipsis (its length is not given)")
        if any(isinstance(n, Name) and n.name != index and with_index(n, index, 0) != n for n in walk(body)):
            raise UnsupportedNotation(f"a {kind} over names indexed by {index} (x_{index})")  # Sum(x_i) is no Sum(x[i])
        bounds = (symbol(index), self.bound_scalar(index, lower), self.bound_scalar(index, upper))
        return (sp.Sum if kind == "sum" else sp.Product)(self.bound_scalar(index, body), bounds)

    def expanded_series(self, kind: str, index: str, lower: Node, upper: Node, body: Node) -> object:
        """A sum or product written out term by term: `\\sum_{i=1}^{3} x_i = x_1 + x_2 + x_3`, each term
        the body with the index replaced (in names too: `x_{i}` becomes `x_{2}`). A symbolic bound (N) is
        instantiated by the checker, which compares both sides at several values of it."""
        first, last = (as_scalar(self.scalar_or_matrix(bound)) for bound in (lower, upper))
        if not (getattr(first, "is_Integer", False) and getattr(last, "is_Integer", False)):
            raise UnsupportedNotation("a sum or product whose bounds are not whole numbers")
        if int(last) - int(first) >= MAX_SERIES_TERMS:
            raise TooLarge(f"a sum or product of {int(last) - int(first) + 1} terms")
        if kind == "list":  # 1, 2, \\ldots, N: the vector of its items, as a list written out in full
            terms = range(int(first), int(last) + 1)
            items = [as_scalar(self.scalar_or_matrix(with_index(body, index, k))) for k in terms]
            if not items or any(isinstance(item, sp.MatrixBase) for item in items):
                raise UnsupportedNotation("a list with an ellipsis that is empty or holds vectors")
            return sp.ImmutableMatrix(items)
        total: object = sp.Integer(0 if kind == "sum" else 1)
        for k in range(int(first), int(last) + 1):
            term = self.scalar_or_matrix(with_index(body, index, k))
            total = add(total, term) if kind == "sum" else multiply(total, term)
        return total

    def v_integral(self, node: Integral) -> object:
        body, variable, lower, upper = node.body, node.variable, node.lower, node.upper
        integrand = self.bound_scalar(variable, body)
        if lower is None or upper is None:
            return sp.Integral(integrand, symbol(variable))
        return sp.Integral(integrand, (symbol(variable), self.bound_scalar(variable, lower),
                                       self.bound_scalar(variable, upper)))

    def v_limit(self, node: Limit) -> object:
        body, variable, point, direction = node.body, node.variable, node.point, node.direction
        target = self.bound_scalar(variable, point)
        if symbol(variable) in target.free_symbols:
            raise EvaluationError(f"a limit as {variable} tends to an expression in {variable}")
        if target in (sp.oo, -sp.oo):
            direction = "-" if target == sp.oo else "+"
        return sp.Limit(self.bound_scalar(variable, body), symbol(variable), target, direction)


_METHODS: dict[type, Callable[[_Interpreter, Any], object]] = {
    Num: _Interpreter.v_num, Const: _Interpreter.v_const, Text: _Interpreter.v_text, Name: _Interpreter.v_name,
    SympyValue: _Interpreter.v_sympy, Group: _Interpreter.v_group, TupleNode: _Interpreter.v_tuple,
    Matrix: _Interpreter.v_matrix, Add: _Interpreter.v_add, Neg: _Interpreter.v_neg, Div: _Interpreter.v_div,
    Mul: _Interpreter.v_mul, Pow: _Interpreter.v_pow, Sqrt: _Interpreter.v_sqrt, Factorial: _Interpreter.v_factorial,
    Abs: _Interpreter.v_abs, Norm: _Interpreter.v_norm, Det: _Interpreter.v_det, Entry: _Interpreter.v_entry,
    Transpose: _Interpreter.v_transpose, Fn: _Interpreter.v_fn, Apply: _Interpreter.v_apply,
    Nabla: _Interpreter.v_nabla, Prime: _Interpreter.v_prime, Leibniz: _Interpreter.v_leibniz,
    DOp: _Interpreter.v_dop, Series: _Interpreter.v_series, Integral: _Interpreter.v_integral,
    Limit: _Interpreter.v_limit,
}  # one method per node kind


MAX_SERIES_TERMS = 50


class _Overlay:
    """A scope in which some names stand for given values (a vector's components while differentiating)."""

    def __init__(self, scope: Scope, values: Mapping[str, object]):
        self.scope, self.values = scope, values
        self.expands_sums = getattr(scope, "expands_sums", False)

    def value_of(self, name: str) -> object | None:
        return self.values[name] if name in self.values else self.scope.value_of(name)

    def function_of(self, name: str) -> FunctionValue | None:
        return None if name in self.values else self.scope.function_of(name)

    def rounded_literal(self, text: str) -> object | None:
        rounded = getattr(self.scope, "rounded_literal", None)
        return rounded(text) if rounded is not None else None

    def is_variable(self, name: str) -> bool:
        return name not in self.values and _is_variable(self.scope, name)

    def formula_of(self, name: str) -> object | None:
        formula_of = getattr(self.scope, "formula_of", None)
        return formula_of(name) if formula_of is not None else None


class _Through(_Overlay):
    """A scope in which the names on a route stand for their definitions, evaluated in this scope."""

    def __init__(self, scope: Scope, route: Mapping[str, Defined], guesses: list[str]):
        super().__init__(scope, {})
        self.route, self.guesses, self.done = route, guesses, dict[str, object]()

    def value_of(self, name: str) -> object | None:
        if name not in self.route:
            return self.scope.value_of(name)
        if name not in self.done:
            self.done[name] = None  # a definition that reaches itself has no value
            inner = _Interpreter(self, frozenset())
            inner.guesses = self.guesses
            self.done[name] = inner.value(self.route[name].tree)
        return self.done[name]

    def function_of(self, name: str) -> FunctionValue | None:
        return None if name in self.route else self.scope.function_of(name)


def _plain_names(nodes: tuple[Node, ...]) -> bool:
    return bool(nodes) and all(isinstance(n, Name) for n in nodes)


def _same_columns(a: object, b: object) -> bool:
    return (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase) and a.shape == b.shape
            and a.shape[1] == 1 and a.shape[0] > 1)


def _is_variable(scope: Scope, name: str) -> bool:
    """A parameter of one of the student's functions: a scalar variable, whatever it is called."""
    is_variable = getattr(scope, "is_variable", None)
    return bool(is_variable and is_variable(name))


def partial_derivative(fn: FunctionValue, variables: str) -> FunctionValue | None:
    """`g_x`, `g_{xy}`: partial derivatives of g in its parameters' names."""
    names = {str(p): p for p in fn.params}
    if not variables or not all(v in names for v in variables) or isinstance(fn.body, sp.MatrixBase):
        return None
    body = fn.body
    for v in variables:
        body = sp.diff(body, names[v])
    return FunctionValue(f"{fn.name}_{variables}", fn.params, body, fn.line)


def is_opaque(symbol: sp.Symbol) -> bool:
    """A symbol standing for a named quantity (a Leibniz quotient, words, a gradient), not a variable."""
    name = symbol.name
    return name.startswith(("∂", "∇", "\\text{", "⟨", "⟪")) or name.endswith(("^{T}", "'"))


def is_function_like(name: str) -> bool:
    base = name.split("_{")[0]
    return base in GENERIC_FUNCTION_NAMES


def diff(expr: object, var: sp.Symbol) -> object:
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.diff(var))
    return sp.diff(expr, var)


def add(a: Math, b: Math) -> Math:
    a_mat, b_mat = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_mat and b_mat:
        if a.shape != b.shape:
            if is_vector(a) and is_vector(b) and len(a) == len(b):
                return sp.ImmutableMatrix(a + b.reshape(*a.shape))
            raise ShapeMismatch(f"adding a {shape_text(a)} and a {shape_text(b)} matrix")
        return sp.ImmutableMatrix(a + b)
    if a_mat or b_mat:
        raise ShapeMismatch("adding a number and a matrix")
    return a + b


def multiply(a: Math, b: Math) -> Math:
    if isinstance(a, tuple) or isinstance(b, tuple):
        raise EvaluationError("a product with a list of values")
    a, b = as_scalar(a), as_scalar(b)
    a_mat, b_mat = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_mat and b_mat:
        if a.shape[1] != b.shape[0]:
            raise ShapeMismatch(f"the product of a {shape_text(a)} and a {shape_text(b)} matrix is not defined")
        return sp.ImmutableMatrix(a * b)
    if a_mat or b_mat:
        return sp.ImmutableMatrix(a * b)
    return a * b


def hadamard(a: Math, b: Math) -> Math:
    a, b = as_scalar(a), as_scalar(b)
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape != b.shape:
            raise ShapeMismatch(f"the element-wise product of a {shape_text(a)} and a {shape_text(b)} matrix")
        return sp.ImmutableMatrix(a.multiply_elementwise(b))
    return multiply(a, b)


def power(base: Math, exponent: Math) -> Math:
    if isinstance(exponent, sp.MatrixBase):
        raise ShapeMismatch("a matrix as an exponent")
    if isinstance(base, sp.MatrixBase):
        if exponent == -1 and base.is_square:
            if base.det() == 0:
                raise EvaluationError("inverse of a singular matrix")
            return sp.ImmutableMatrix(base.inv())
        if exponent.is_Integer and 0 < exponent <= 16 and base.is_square:
            return sp.ImmutableMatrix(base ** int(exponent))
        if exponent == 2 and is_vector(base):
            return sp.ImmutableMatrix(base.applyfunc(lambda c: c ** 2))
        raise ShapeMismatch(f"a {shape_text(base)} matrix to the power {exponent}")
    gate_power(base, exponent)
    return gate_size(base ** exponent)


def shape_text(m: sp.MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def elementwise(fn: Callable[[sp.Expr], sp.Expr], value: Math) -> Math:
    value = as_scalar(value)
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.applyfunc(fn))
    return fn(value)


def softmax(value: object) -> object:
    if not isinstance(value, sp.MatrixBase):
        raise EvaluationError("softmax of a single number")
    exps = value.applyfunc(sp.exp)
    return sp.ImmutableMatrix(exps / sum(exps))


def apply_named(name: str, args: list) -> object:
    """σ, exp, tanh, … (elementwise on matrices); det, max, min, softmax, trace. The meanings of functions
    of one number come from the registry (symcheck.core.known_functions)."""
    if name in ("max", "min"):
        args = [as_scalar(a) for a in args]
        extremum = BY_NAME[name].sympy
        if extremum is None:  # max and min always have a SymPy function (core.known_functions)
            raise UnsupportedNotation(f"{name} of numbers")
        return extremum(*args)
    if name == "binomial":
        if len(args) != 2:
            raise EvaluationError("a binomial coefficient takes two arguments")
        return binomial(*[as_scalar(a) for a in args])
    if len(args) != 1:
        raise EvaluationError(f"{name} takes one argument")
    arg = as_scalar(args[0])
    if name == "det":
        return _matrix_arg(name, arg).det()
    if name == "trace":
        return _matrix_arg(name, arg).trace()
    if name == "softmax":
        return softmax(arg)
    base, primes = name.rstrip("'"), len(name) - len(name.rstrip("'"))
    spec = ELEMENTWISE.get(base)
    if spec is None or spec.sympy is None:
        raise UnsupportedNotation(f"the function {name}")
    fn = spec.sympy
    if primes:
        t = sp.Dummy("t")
        if spec.derivative is not None:  # a derivative the registry gives (SymPy's is not the one wanted)
            slope = spec.derivative(t) if primes == 1 else sp.diff(spec.derivative(t), t, primes - 1)
        else:
            slope = sp.diff(fn(t), t, primes)
        fn = lambda x, slope=slope: slope.xreplace({t: x})  # noqa: E731 - σ', tanh'
    return elementwise(fn, arg)


def binomial(n: Math, k: Math) -> sp.Expr:
    """C(n, k), computed only when its smaller side is at most MAX_FACTORIAL terms."""
    if isinstance(n, sp.MatrixBase) or isinstance(k, sp.MatrixBase):
        raise ShapeMismatch("a binomial coefficient of a matrix")
    if n.is_Integer and k.is_Integer and 0 <= k <= n and min(k, n - k) > MAX_FACTORIAL:
        raise TooLarge(f"binomial coefficient C({n}, {k})")
    if n.is_Integer and k.is_Integer:
        return sp.binomial(n, k)
    return sp.binomial(n, k, evaluate=False) if n.is_number and k.is_number else sp.binomial(n, k)


def _matrix_arg(name: str, arg: object) -> sp.MatrixBase:
    if not isinstance(arg, sp.MatrixBase) or not arg.is_square:
        raise ShapeMismatch(f"{name} needs a square matrix")
    return arg
