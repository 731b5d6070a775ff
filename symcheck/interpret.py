"""Give a syntax tree its meaning: a SymPy value, under the student's bindings.

The tree says how the notation reads; this module decides what it means, with the
scope of names the student has defined so far: `x(…)` is a call when x is a
function and a product otherwise, `D F` is a Jacobian when F is a function,
`\\frac{\\partial L}{\\partial w}` is a named quantity unless L is a function or an
expression. Every number is an exact rational. Sizes are gated before SymPy
computes anything large.
"""
from __future__ import annotations

import math
from typing import Protocol

import sympy as sp

from .errors import EvaluationError, ShapeMismatch, TooLarge, UnsupportedNotation
from .functions import (FunctionValue, as_scalar, compose, derivative, gradient, hessian,
                        is_vector, jacobian)
from .latex.syntax import Node
from .sizegate import (MAX_EXPONENT_DIGITS, MAX_FACTORIAL, MAX_RESULT_BITS, gate_factorial, gate_power,  # noqa: F401
                       gate_size, gated_xreplace)

GENERIC_FUNCTION_NAMES = {"f", "g", "h", "F", "G", "H", "\\phi", "\\varphi", "\\psi"}
MAX_MATRIX_CELLS = 400


class Scope(Protocol):
    def value_of(self, name: str) -> object | None: ...
    def function_of(self, name: str) -> FunctionValue | None: ...


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


def symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name)


class _Interpreter:
    def __init__(self, scope: Scope, shadow: frozenset[str]):
        self.scope = scope
        self.shadow = shadow

    def value(self, node: Node) -> object:
        method = getattr(self, "v_" + node[0], None)
        if method is None:
            raise UnsupportedNotation(f"cannot interpret {node[0]}")
        return method(node)

    def scalar_or_matrix(self, node: Node) -> object:
        val = self.value(node)
        if isinstance(val, FunctionValue):
            raise EvaluationError(f"the function {val.name} is used as a number")
        if isinstance(val, tuple):
            raise EvaluationError("a list of values is used as a number")
        return val

    # -- leaves --------------------------------------------------------------
    def v_num(self, node: Node) -> sp.Rational:
        text = node[1]
        if len(text) > 60:
            raise TooLarge(f"a number with {len(text)} digits")
        rounded = getattr(self.scope, "rounded_literal", None)
        token = rounded(text) if rounded else None
        return token if token is not None else sp.Rational(text)

    def v_const(self, node: Node) -> object:
        return {"pi": sp.pi, "infty": sp.oo}[node[1]]

    def v_text(self, node: Node) -> object:
        return symbol(f"\\text{{{node[1]}}}")

    def v_name(self, node: Node) -> object:
        name = node[1]
        if name not in self.shadow:
            fn = self.scope.function_of(name)
            if fn is not None:
                return fn
            bound = self.scope.value_of(name)
            if bound is not None:
                return bound
            part = self.function_named(name, None) if "_{" in name else None
            if part is not None:
                return part  # F_1: a component of F; g_x: a partial derivative; G_1 written for G
        if name == "e":
            return sp.E
        return symbol(name)

    def v_sympy(self, node: Node) -> object:
        return node[1]

    def v_group(self, node: Node) -> object:
        return self.value(node[1])

    def v_tuple(self, node: Node) -> object:
        items = [as_scalar(self.value(item)) for item in node[1]]
        if all(isinstance(i, sp.Basic) and not isinstance(i, sp.MatrixBase) for i in items):
            return sp.ImmutableMatrix(items)
        return tuple(items)

    def v_matrix(self, node: Node) -> sp.ImmutableMatrix:
        rows = node[1]
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
    def v_add(self, node: Node) -> object:
        total = None
        for sign, term in node[1]:
            val = as_scalar(self.scalar_or_matrix(term))
            val = -val if sign < 0 else val
            total = val if total is None else add(total, val)
        return total

    def v_neg(self, node: Node) -> object:
        return -as_scalar(self.scalar_or_matrix(node[1]))

    def v_div(self, node: Node) -> object:
        top = as_scalar(self.scalar_or_matrix(node[1]))
        bottom = as_scalar(self.scalar_or_matrix(node[2]))
        if isinstance(bottom, sp.MatrixBase):
            raise ShapeMismatch("division by a matrix")
        if bottom == 0:
            raise EvaluationError("division by zero")
        return top / bottom if not isinstance(top, sp.MatrixBase) else sp.ImmutableMatrix(top / bottom)

    def v_mul(self, node: Node) -> object:
        _, left_node, right_node, op = node
        if left_node == ("name", "D") and "D" not in self.shadow and self.scope.value_of("D") is None:
            return self.jacobian_of(right_node)
        if left_node[0] == "dop":
            return self.apply_dop(left_node, right_node)
        left = self.value(left_node)
        right = self.value(right_node)
        if isinstance(left, FunctionValue) and isinstance(right, FunctionValue):
            return compose(left, right)  # F ∘ G, also written F · G
        if op == "compose" and isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase):
            op = "hadamard"  # A ∘ B between matrices: the element-wise product
        if op == "compose":
            raise EvaluationError("∘ between things that are not functions")
        if op == "hadamard":
            return hadamard(left, right)
        if isinstance(left, FunctionValue):
            return left.call([right])  # D(F∘G) x
        return multiply(left, right)

    def v_pow(self, node: Node) -> object:
        base_node, exp_node = node[1], node[2]
        if base_node == ("name", "e") and self.scope.value_of("e") is None:
            return elementwise(sp.exp, self.scalar_or_matrix(exp_node))
        if base_node[0] == "apply" and len(base_node[2]) == 1 and not self.is_call(base_node):
            head = self.scalar_or_matrix(base_node[1])  # 2x(1-x)^2: the power binds to the bracket
            return multiply(head, power(as_scalar(self.scalar_or_matrix(base_node[2][0])),
                                        as_scalar(self.scalar_or_matrix(exp_node))))
        base = as_scalar(self.scalar_or_matrix(base_node))
        exponent = as_scalar(self.scalar_or_matrix(exp_node))
        return power(base, exponent)

    def v_sqrt(self, node: Node) -> object:
        arg = as_scalar(self.scalar_or_matrix(node[1]))
        if node[2] is None:
            return sp.sqrt(arg)
        return power(arg, 1 / as_scalar(self.scalar_or_matrix(node[2])))

    def v_factorial(self, node: Node) -> object:
        arg = as_scalar(self.scalar_or_matrix(node[1]))
        gate_factorial(arg)
        return sp.factorial(arg)

    def v_abs(self, node: Node) -> object:
        val = as_scalar(self.scalar_or_matrix(node[1]))
        if isinstance(val, sp.MatrixBase):
            return val.det() if val.is_square and not is_vector(val) else val.norm()
        return sp.Abs(val)

    def v_norm(self, node: Node) -> object:
        val = as_scalar(self.scalar_or_matrix(node[1]))
        return val.norm() if isinstance(val, sp.MatrixBase) else sp.Abs(val)

    def v_det(self, node: Node) -> object:
        return self.value(node[1]).det()

    def v_transpose(self, node: Node) -> object:
        inner = node[1]
        val = self.value(inner)
        if isinstance(val, sp.MatrixBase):
            return val.T
        if isinstance(val, sp.Symbol) and inner[0] == "name":
            return symbol(inner[1] + "^{T}")
        if isinstance(val, FunctionValue):
            raise EvaluationError("transpose of a function")
        return val

    # -- functions and operators -------------------------------------------------
    def v_fn(self, node: Node) -> object:
        raise EvaluationError(f"the function {node[1]} has no argument")

    def is_call(self, node: Node) -> bool:
        """Whether `head(args)` calls a function (rather than multiplying)."""
        head = node[1]
        if head[0] in ("fn", "dop") or head == ("name", "D"):
            return True
        if head[0] == "name":
            return self.function_named(head[1], len(node[2])) is not None or is_function_like(head[1])
        return isinstance(self.value(head), FunctionValue)

    def v_apply(self, node: Node) -> object:
        head, args = node[1], node[2]
        if head[0] == "dop" and len(args) == 1:
            return self.apply_dop(head, args[0])
        if head[0] == "fn":
            return apply_named(head[1], [self.scalar_or_matrix(a) for a in args])
        if head == ("name", "D") and "D" not in self.shadow and self.scope.value_of("D") is None:
            return self.derivative_operator(args)
        if head[0] == "name":
            fn = self.function_named(head[1], len(args))
            if fn is not None:
                return fn.call([self.value(a) for a in args])
        callee = self.value(head)
        if isinstance(callee, FunctionValue):
            return callee.call([self.value(a) for a in args])
        if isinstance(callee, sp.Symbol) and head[0] == "name" and is_function_like(head[1]):
            return sp.Function(head[1])(*[as_scalar(self.scalar_or_matrix(a)) for a in args])
        argument = self.v_tuple(("tuple", args)) if len(args) > 1 else self.value(args[0])
        return multiply(callee, argument)

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

    def derivative_operator(self, args: list[Node]) -> object:
        """D(F), D(F∘G), D(G(x)): the Jacobian, as a function or evaluated."""
        if len(args) != 1:
            raise EvaluationError("D takes one function")
        arg = args[0]
        if arg[0] == "apply" and arg[1][0] == "name":
            fn = self.function_named(arg[1][1], len(arg[2]))
            if fn is not None:
                return jacobian(fn).call([self.value(a) for a in arg[2]])
        return self.jacobian_of(arg)

    def jacobian_of(self, node: Node) -> object:
        return self.operator(jacobian, "D", node)

    def v_nabla(self, node: Node) -> object:
        target, order = node[1], node[2]
        if len(node) > 3:  # ∇_W L: a named gradient, unless L is a function of W
            return symbol(f"∇_{{{node[3]}}}" + (target[1] if target[0] == "name" else "(…)"))
        return self.operator(gradient if order == 1 else hessian, "∇" if order == 1 else "∇^2", node[1])

    def operator(self, make, prefix: str, node: Node) -> object:
        """D F, ∇f, ∇²f: of a function (a function), of an applied function (its value there), of an
        unknown name (a named quantity such as DF)."""
        if node[0] == "apply" and node[1][0] == "name":
            fn = self.function_named(node[1][1], len(node[2]))
            if fn is not None:
                return make(fn).call([self.value(a) for a in node[2]])
        target = self.value(node)
        if isinstance(target, FunctionValue):
            return make(target)
        if node[0] == "name":
            return symbol(prefix + node[1])
        raise EvaluationError(f"{prefix} applied to something that is not a function")

    def v_prime(self, node: Node) -> object:
        val = self.value(node[1])
        if isinstance(val, FunctionValue):
            return derivative(val)
        if node[1][0] == "name":
            return symbol(node[1][1] + "'")
        raise EvaluationError("' applied to something that is not a function")

    def v_leibniz(self, node: Node) -> object:
        numerator, variables, order = node[1], node[2], node[3]
        names = [v[1] for v in variables]
        if numerator[0] == "name" and len(names) == 1 and numerator[1] == names[0]:
            return sp.Integer(1)
        if numerator[0] == "name" and self.function_named(numerator[1], None) is None:
            key = leibniz_key(numerator[1], names, order)
            bound = self.scope.value_of(key)
            return bound if bound is not None else symbol(key)
        return self.differentiate(numerator, names)

    def differentiate(self, node: Node, names: list[str]) -> object:
        """d(node)/d(names), with the variables kept free while differentiating, then bound."""
        inner = _Interpreter(self.scope, self.shadow | frozenset(names))
        expr = inner.value(node)
        if isinstance(expr, FunctionValue):
            variables = [symbol(n) for n in names]
            if len(expr.params) == 1 and len(set(variables)) == 1:
                variables = [expr.params[0]] * len(variables)
            if not all(v in expr.params for v in variables):
                raise EvaluationError(f"{expr.name} is not a function of {', '.join(names)}")
            body = expr.body
            for v in variables:
                body = diff(body, v)
            return FunctionValue(f"d{expr.name}", expr.params, body, expr.line)
        if isinstance(expr, tuple):
            raise EvaluationError("derivative of a list")
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

    def apply_dop(self, dop: Node, target: Node) -> object:
        names = [v[1] for v in dop[1]]  # the denominator lists each variable as often as it differentiates
        return self.differentiate(target, names)

    def v_dop(self, node: Node) -> object:
        raise EvaluationError("a derivative operator with nothing to differentiate")


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


def add(a: object, b: object) -> object:
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


def multiply(a: object, b: object) -> object:
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


def hadamard(a: object, b: object) -> object:
    a, b = as_scalar(a), as_scalar(b)
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if a.shape != b.shape:
            raise ShapeMismatch(f"the element-wise product of a {shape_text(a)} and a {shape_text(b)} matrix")
        return sp.ImmutableMatrix(a.multiply_elementwise(b))
    return multiply(a, b)


def power(base: object, exponent: object) -> object:
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


def elementwise(fn, value: object) -> object:
    value = as_scalar(value)
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value.applyfunc(fn))
    return fn(value)


def sigmoid(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


def softmax(value: object) -> object:
    if not isinstance(value, sp.MatrixBase):
        raise EvaluationError("softmax of a single number")
    exps = value.applyfunc(sp.exp)
    return sp.ImmutableMatrix(exps / sum(exps))


_NAMED = {
    "sigma": sigmoid, "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "atan": sp.atan, "sign": sp.sign,
    "relu": lambda x: sp.Max(0, x), "inverse_sigma": lambda y: sp.log(y / (1 - y)),
    "inverse_tanh": sp.atanh, "inverse_sin": sp.asin, "inverse_cos": sp.acos, "inverse_tan": sp.atan,
    "sech": sp.sech, "csch": sp.csch, "coth": sp.coth, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
    "asin": sp.asin, "acos": sp.acos,
}


def apply_named(name: str, args: list) -> object:
    """σ, exp, tanh, … (elementwise on matrices); det, max, min, softmax, trace."""
    if name in ("max", "min"):
        args = [as_scalar(a) for a in args]
        return (sp.Max if name == "max" else sp.Min)(*args)
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
    if base not in _NAMED:
        raise UnsupportedNotation(f"the function {name}")
    fn = _NAMED[base]
    if primes:
        t = sp.Dummy("t")
        slope = sp.diff(fn(t), t, primes)
        fn = lambda x, slope=slope: slope.xreplace({t: x})  # noqa: E731 - σ', tanh'
    return elementwise(fn, arg)


def _matrix_arg(name: str, arg: object) -> sp.MatrixBase:
    if not isinstance(arg, sp.MatrixBase) or not arg.is_square:
        raise ShapeMismatch(f"{name} needs a square matrix")
    return arg
