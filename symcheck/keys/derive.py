"""Helpers that derive expected quantities exactly, for problem files.

Calculus: `gradient`, `jacobian`, `hessian`, `at` (evaluation at a point),
`compose` and `chain_rule` (the Jacobian of a composition by DF(G(x)) DG(x)).
Naming: `partial_aliases`, `composition_aliases`. Networks: `FeedForward`, which
names every intermediate of a small network for each sample.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

import sympy as sp

from symcheck.core.errors import DerivationError
from symcheck.keys.contexts import for_sample
from symcheck.keys.problem import Quantity


# -- calculus ---------------------------------------------------------------------------------
def _variables(variables: object, helper: str, argument: str = "variables") -> list:
    """`variables` as a list of SymPy symbols, or a DerivationError saying what is wrong with it."""
    if isinstance(variables, sp.MatrixBase):
        variables = list(variables)
    elif isinstance(variables, (str, sp.Basic)) or not isinstance(variables, (list, tuple)):
        variables = [variables]
    out = []
    for v in variables:
        v = sp.Symbol(v) if isinstance(v, str) else v
        if not isinstance(v, sp.Symbol):
            raise DerivationError(f"{helper}: {argument} must be symbols, got {v!r}")
        out.append(v)
    if not out:
        raise DerivationError(f"{helper}: no {argument}")
    if len(set(out)) != len(out):
        raise DerivationError(f"{helper}: a variable is listed twice in {argument} ({_names(out)})")
    return out


def _outputs(outputs: object) -> list | None:
    if isinstance(outputs, sp.MatrixBase):
        if min(outputs.shape) > 1:
            return None
        return list(outputs)
    if isinstance(outputs, (list, tuple)):
        return [sp.sympify(o) for o in outputs]
    return [sp.sympify(outputs)]


def _shape_text(matrix: object) -> str:
    """`m×n` of a matrix: what _outputs refuses (it returns None only for a matrix of several rows and columns)."""
    rows, columns = cast(sp.MatrixBase, matrix).shape
    return f"{rows}×{columns}"


def _names(symbols: Iterable[object]) -> str:
    return ", ".join(str(s) for s in symbols)


def _free(value: object) -> set:
    return set(value.free_symbols) if hasattr(value, "free_symbols") else set(sp.sympify(value).free_symbols)


def gradient(expr: sp.Expr, variables: object) -> sp.ImmutableMatrix:
    """∇f as a column: the partial derivative of the scalar `expr` in each of `variables`, in that order.

    Args:
        expr: the function f, one SymPy expression (a matrix is an error: use `jacobian`).
        variables: the symbols f is differentiated in, in order: a list, a column matrix or one symbol
            (a string is made a symbol).

    Returns:
        The gradient as an `ImmutableMatrix` column, one row per variable.

    Raises:
        DerivationError: `expr` is a matrix, or `variables` is empty, holds something that is not a
            symbol, or names a symbol twice.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> gradient(x**2 * y, [x, y])
        Matrix([
        [2*x*y],
        [ x**2]])
    """
    variables = _variables(variables, "gradient")
    if isinstance(expr, sp.MatrixBase):
        raise DerivationError(f"gradient: the function must be a scalar, got a {expr.shape[0]}×{expr.shape[1]} "
                              "matrix (use jacobian)")
    return sp.ImmutableMatrix([sp.diff(expr, v) for v in variables])


def jacobian(outputs: object, variables: object) -> sp.ImmutableMatrix:
    """DF: one row per output, one column per variable.

    Args:
        outputs: F's components: one expression, or a list or column matrix of them (a matrix of several
            rows and columns is an error).
        variables: the symbols F is a function of, in order (a list, a column or one symbol).

    Returns:
        The Jacobian as an `ImmutableMatrix` of shape (number of outputs) × (number of variables).

    Raises:
        DerivationError: `outputs` is a matrix of several rows and columns, or `variables` is not a list of
            distinct symbols.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> jacobian([x**2 * y, x + y], [x, y])
        Matrix([
        [2*x*y, x**2],
        [    1,    1]])
    """
    variables = _variables(variables, "jacobian")
    rows = _outputs(outputs)
    if rows is None:
        raise DerivationError(f"jacobian: the outputs must be a list or a column, got a "
                              f"{_shape_text(outputs)} matrix")
    return sp.ImmutableMatrix([[sp.diff(o, v) for v in variables] for o in rows])


def hessian(expr: sp.Expr, variables: object) -> sp.ImmutableMatrix:
    """The matrix of second partial derivatives of the scalar `expr` in `variables`, in that order.

    Args:
        expr: the function f, one SymPy expression (a matrix is an error).
        variables: the symbols f is differentiated in, in order (a list, a column or one symbol).

    Returns:
        The Hessian as a symmetric `ImmutableMatrix`, one row and one column per variable.

    Raises:
        DerivationError: `expr` is a matrix, or `variables` is not a list of distinct symbols.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> hessian(x**2 * y, [x, y])
        Matrix([
        [2*y, 2*x],
        [2*x,   0]])
    """
    variables = _variables(variables, "hessian")
    if isinstance(expr, sp.MatrixBase):
        raise DerivationError("hessian: the function must be a scalar")
    return sp.ImmutableMatrix(sp.hessian(expr, variables))


def at(value: object, point: dict, *, partial: bool = False) -> sp.Basic:
    """`value` (an expression or matrix) with the variables of `point` replaced by exact numbers.

    Floats are read as the decimals they print as (0.1 is 1/10), so the result stays exact. A symbol
    left in the result is an error: a key evaluated at a point is a number.

    Args:
        value: a SymPy expression or matrix, e.g. `jacobian(F, [x, y])`.
        point: `{symbol: number, …}`, the point to evaluate at.
        partial: `True` to evaluate at some of the variables only (symbols may remain in the result).

    Returns:
        The value at the point: an exact SymPy number or expression, or an `ImmutableMatrix`.

    Raises:
        DerivationError: `point` is not a non-empty dict of symbols, or (without `partial=True`) a symbol
            is left in the result.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> at(jacobian([x**2 * y, x + y], [x, y]), {x: 1, y: 2})
        Matrix([
        [4, 1],
        [1, 1]])
        >>> at(x**2 * y, {x: 0.1, y: 3})
        3/100
        >>> at(x**2 * y, {x: 1}, partial=True)
        y
        >>> at(x * y, {x: 1})
        Traceback (most recent call last):
        ...
        symcheck.core.errors.DerivationError: at: y left in the value: the point gives no value for it (...)
    """
    if not isinstance(point, dict) or not point:
        raise DerivationError("at: the point must be a dict {variable: value, …}")
    bad = [k for k in point if not isinstance(k, sp.Symbol)]
    if bad:
        raise DerivationError(f"at: the point's keys must be symbols, got {bad[0]!r}")
    point = {k: sp.nsimplify(v, rational=True) for k, v in point.items()}
    if isinstance(value, sp.MatrixBase):
        result = sp.ImmutableMatrix(value.subs(point))
    else:
        result = sp.sympify(value).subs(point)
    left = _free(result)
    if left and not partial:
        raise DerivationError(f"at: {_names(sorted(left, key=str))} left in the value: the point gives no value "
                              "for it (pass partial=True to evaluate at some variables only)")
    return result


def compose(outer: object, outer_variables: object, inner: object) -> sp.Basic:
    """outer ∘ inner: outer's variables replaced by inner's outputs, the i-th variable by the i-th output.

    Args:
        outer: F, one expression or a list or matrix of components.
        outer_variables: the symbols F is a function of, in order.
        inner: G's outputs, one per variable of F (one expression, a list or a column).

    Returns:
        (F∘G), an expression or an `ImmutableMatrix` like `outer`, over G's variables.

    Raises:
        DerivationError: the number of inner outputs is not the number of outer variables.

    Examples:
        >>> import sympy as sp
        >>> x, y, t = sp.symbols("x y t")
        >>> compose([x**2 * y, x + y], [x, y], [t, t**2])
        Matrix([
        [    t**4],
        [t**2 + t]])
    """
    outer_variables = _variables(outer_variables, "compose", "outer_variables")
    inner_values = _outputs(inner)
    if inner_values is None or len(inner_values) != len(outer_variables):
        got = f"{_shape_text(inner)} matrix" if inner_values is None else f"{len(inner_values)} output(s)"
        raise DerivationError(f"compose: the inner function has {got} but the outer takes "
                              f"{len(outer_variables)} variable(s) ({_names(outer_variables)})")
    mapping = dict(zip(outer_variables, inner_values))
    # a SymPy expression or matrix (a list or tuple of components becomes a matrix)
    function = cast(sp.Basic, sp.ImmutableMatrix(outer) if isinstance(outer, (list, tuple)) else outer)
    if isinstance(function, sp.MatrixBase):
        return sp.ImmutableMatrix(function.xreplace(mapping))
    return function.xreplace(mapping)


def chain_rule(outer: object, outer_variables: object, inner: object,
               inner_variables: object) -> sp.ImmutableMatrix:
    """D(F∘G) = DF(G(x)) · DG(x), the Jacobian of a composition by the chain rule.

    Args:
        outer: F, one expression or a list or matrix of components, over `outer_variables`.
        outer_variables: the symbols F is a function of, in order.
        inner: G, with one output per variable of F (one expression, a list or a column).
        inner_variables: the symbols G is a function of, in order; G must use only these.

    Returns:
        D(F∘G) as an `ImmutableMatrix`: one row per output of F, one column per inner variable.

    Raises:
        DerivationError: G's number of outputs is not F's number of variables, G uses a symbol not in
            `inner_variables`, or F one in neither list.

    Examples:
        >>> import sympy as sp
        >>> x, y, t = sp.symbols("x y t")
        >>> chain_rule([x**2 * y, x + y], [x, y], [t, t**2], [t])
        Matrix([
        [ 4*t**3],
        [2*t + 1]])
    """
    outer_variables = _variables(outer_variables, "chain_rule", "outer_variables")
    inner_variables = _variables(inner_variables, "chain_rule", "inner_variables")
    inner_values = _outputs(inner)
    if inner_values is None or len(inner_values) != len(outer_variables):
        got = f"a {_shape_text(inner)} matrix" if inner_values is None else f"{len(inner_values)} output(s)"
        raise DerivationError(f"chain_rule: G has {got} but F takes {len(outer_variables)} variable(s) "
                              f"({_names(outer_variables)}): G needs one output per variable of F")
    inner_free = set().union(*(_free(v) for v in inner_values))
    stray = sorted(inner_free - set(inner_variables), key=str)
    if stray:
        raise DerivationError(f"chain_rule: G uses {_names(stray)}, not among inner_variables "
                              f"({_names(inner_variables)})")
    outer_rows = _outputs(outer)
    outer_free = set().union(*(_free(o) for o in outer_rows)) if outer_rows else set()
    stray = sorted(outer_free - set(outer_variables) - set(inner_variables), key=str)
    if stray:
        raise DerivationError(f"chain_rule: F uses {_names(stray)}, not among outer_variables "
                              f"({_names(outer_variables)})")
    outer_jacobian = compose(jacobian(outer, outer_variables), outer_variables, inner_values)
    return sp.ImmutableMatrix(outer_jacobian * jacobian(inner_values, inner_variables))


# -- naming -----------------------------------------------------------------------------------
def partial_aliases(function: str, variables: Iterable[object], variable: str, order: int | str = 1) -> list[str]:
    r"""The ways students write a partial derivative ∂f/∂x: `\frac{\partial f}{\partial x}`, `f_{x}`, ….

    Args:
        function: the function's LaTeX name, e.g. `"f"`.
        variables: its arguments as written in f(x, y), e.g. `[x, y]`.
        variable: the one differentiated in (one of `variables`); ignored when `order` is a string of
            several variables (pass `""`).
        order: how many times: 1, 2, …, or a string of variables for a mixed derivative (`"xy"`:
            ∂²f/∂x∂y, f_{xy}).

    Returns:
        A list of LaTeX aliases, to pass as a `Quantity`'s `aliases`.

    Raises:
        DerivationError: `function` is not LaTeX text, `variable` is not one of `variables`, or `order`
            is neither a positive whole number nor a string of the variables.

    Examples:
        >>> import sympy as sp
        >>> x, y = sp.symbols("x y")
        >>> partial_aliases("f", [x, y], "x")
        ['\\frac{\\partial f}{\\partial x}', '\\frac{\\partial f(x, y)}{\\partial x}', 'f_{x}', 'f_{x}(x, y)']
        >>> partial_aliases("f", [x, y], "x", 2)
        ['\\frac{\\partial^2 f}{\\partial x^2}', 'f_{xx}', 'f_{xx}(x, y)']
        >>> partial_aliases("f", [x, y], "", "xy")
        ['\\frac{\\partial^2 f}{\\partial x \\partial y}', 'f_{xy}', 'f_{xy}(x, y)']
    """
    names = [str(v) for v in (list(variables) if isinstance(variables, (list, tuple, sp.MatrixBase)) else [variables])]
    if not isinstance(function, str) or not function.strip():
        raise DerivationError(f"partial_aliases: the function must be its LaTeX name, e.g. \"f\", got {function!r}")
    args = ", ".join(names)
    if isinstance(order, str):
        order_vars = _order_variables(order, names)
        if len(order_vars) == 1:
            return partial_aliases(function, variables, order_vars[0])
        if len(set(order_vars)) == 1:
            return partial_aliases(function, variables, order_vars[0], len(order_vars))
        n = len(order_vars)
        denominator = " ".join(rf"\partial {v}" for v in order_vars)
        sub = "".join(order_vars)
        return [rf"\frac{{\partial^{n} {function}}}{{{denominator}}}",
                rf"{function}_{{{sub}}}", rf"{function}_{{{sub}}}({args})"]
    variable = str(variable)
    if variable not in names:
        raise DerivationError(f"partial_aliases: {variable!r} is not one of the variables ({args})")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise DerivationError(f"partial_aliases: the order must be a positive whole number or a string of "
                              f"variables such as \"xy\", got {order!r}")
    if order == 1:
        return [rf"\frac{{\partial {function}}}{{\partial {variable}}}",
                rf"\frac{{\partial {function}({args})}}{{\partial {variable}}}",
                rf"{function}_{{{variable}}}", rf"{function}_{{{variable}}}({args})"]
    return [rf"\frac{{\partial^{order} {function}}}{{\partial {variable}^{order}}}",
            rf"{function}_{{{variable * order}}}", rf"{function}_{{{variable * order}}}({args})"]


def _order_variables(order: str, names: list[str]) -> list[str]:
    """"xy" or "x,y" or "x_1 x_2" as the variables differentiated in, each one of `names`."""
    pieces = [p for p in order.replace(",", " ").split() if p]
    if len(pieces) == 1 and pieces[0] not in names:
        pieces, rest = [], order.strip()
        while rest:  # "xy": the longest variable name at the front each time
            match = max((n for n in names if rest.startswith(n)), key=len, default=None)
            if match is None:
                break
            pieces.append(match)
            rest = rest[len(match):].lstrip()
        if rest:
            pieces = [rest]
    unknown = [p for p in pieces if p not in names]
    if not pieces or unknown:
        raise DerivationError(f"partial_aliases: order {order!r} is not a string of the variables "
                              f"({', '.join(names)}), e.g. \"{names[0] * 2}\" or \"{''.join(names[:2])}\"")
    return pieces


def composition_aliases(outer: str, inner: str, point: str, derivative: bool = True) -> list[str]:
    r"""D(F∘G)(p) in the ways students write it: ∘ or ·, G or G_1, (p) or juxtaposed p, D(…) or (…)'.

    Args:
        outer: the LaTeX name of F, e.g. `"F"`.
        inner: the LaTeX name of G, e.g. `"G"`.
        point: the argument as written, e.g. `"x"`, `"1"` or `"2, 1"`.
        derivative: `False` to name (F∘G)(p) itself rather than its derivative.

    Returns:
        A sorted list of LaTeX aliases, to pass as a `Quantity`'s `aliases`.

    Raises:
        DerivationError: a name or the point is not LaTeX text.

    Examples:
        >>> composition_aliases("F", "G", "x", derivative=False)
        ['(F \\cdot G)(x)', '(F \\cdot G_1)(x)', '(F \\circ G)(x)', '(F \\circ G_1)(x)']
        >>> len(composition_aliases("F", "G", "1")), composition_aliases("F", "G", "1")[-4:]
        (12, ['D(F \\circ G)(1)', 'D(F \\circ G)1', 'D(F \\circ G_1)(1)', 'D(F \\circ G_1)1'])
    """
    for what, name in (("outer", outer), ("inner", inner), ("point", point)):
        if not isinstance(name, str) or not name.strip():
            raise DerivationError(f"composition_aliases: {what} must be LaTeX text, got {name!r}")
    out = []
    for op, inner_name in itertools.product((r"\circ", r"\cdot"), (inner, f"{inner}_1")):
        body = f"({outer} {op} {inner_name})"
        if derivative:
            out += [f"D{body}({point})", f"D{body}{point}" if len(point) == 1 else f"D{body}({point})",
                    f"{body}'({point})"]
        else:
            out += [f"{body}({point})"]
    return sorted(set(out))


# -- networks ---------------------------------------------------------------------------------
ACTIVATIONS = {
    "sigmoid": lambda a: 1 / (1 + sp.exp(-a)),
    "tanh": sp.tanh,
    "relu": lambda a: sp.Max(0, a),
    "linear": lambda a: a,
}

# Default LaTeX templates for each kind of quantity; {s} sample, {j} hidden unit, {k} weight index.
DEFAULT_ALIASES = {
    "a": [r"a_{{{s}{j}}}", r"a_{{{s},{j}}}"],
    "z": [r"z_{{{s}{j}}}", r"z_{{{s},{j}}}", r"h_{{{s}{j}}}"],
    "yhat": [r"\hat{{y}}_{{{s}}}"],
    "loss": [r"L_{{{s}}}"],
    "dL/dyhat": [r"\frac{{\partial L_{{{s}}}}}{{\partial \hat{{y}}_{{{s}}}}}",
                 r"\frac{{\partial L}}{{\partial \hat{{y}}_{{{s}}}}}"],
    "dz/dw": [r"\frac{{\partial z_{{{s}{j}}}}}{{\partial w_{{{j}{k}}}}}"],
    "dL/dw": [r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}{k}}}}}", r"\frac{{\partial L}}{{\partial w_{{{j}{k}}}}}"],
    "dL/dv": [r"\frac{{\partial L_{{{s}}}}}{{\partial v_{{{j}}}}}", r"\frac{{\partial L}}{{\partial v_{{{j}}}}}"],
    "dL/dw_j": [r"\frac{{\partial L}}{{\partial w_{{{j}}}}}", r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}}}}}"],
    "a_vec": [r"a"],
    "z_vec": [r"z"],
    "yhat_vec": [r"\hat{{y}}"],
    "loss_vec": [r"L"],
}
# How each kind is shown in the key, when not by its first alias.
DISPLAY_NAMES = {
    "a_vec": r"a \text{{ for }} x_{{{s}}}", "z_vec": r"z \text{{ for }} x_{{{s}}}",
    "yhat_vec": r"\hat{{y}} \text{{ for }} x_{{{s}}}", "loss_vec": r"L_{{{s}}}",
    "dL/dw_j": r"\frac{{\partial L_{{{s}}}}}{{\partial w_{{{j}}}}}",
}


def sample_context(s: int) -> tuple[str, ...]:
    r"""Regular expressions for text that says "this is about sample s": `For \hat{y}_2`, `x_2`, `sample 2`.

    The older name of `symcheck.problem.for_sample` (which a new key should use); kept working.

    Args:
        s: the 1-based sample number.

    Returns:
        A tuple of regular expressions, to pass as a `Quantity`'s `context`: the candidate is preferred
        after a line such as "For sample 2".

    Examples:
        >>> import re
        >>> any(re.search(p, "For sample 2, the loss is") for p in sample_context(2))
        True
        >>> any(re.search(p, "For sample 3, the loss is") for p in sample_context(2))
        False
    """
    return for_sample(s).patterns


@dataclass
class FeedForward:
    r"""A network with one hidden layer, bias weights first, and one output, over labelled samples.

    For any other shape (more layers, another loss or bias placement, the problem's own names, matrix
    forms, an SGD or momentum step) use `symcheck.keys.network.Network`.

    Its methods name every intermediate of every sample as a `Quantity` (with aliases, a "sample s"
    label, `sample_context(s)` and a formula over the earlier ones for error carried forward): `forward`,
    `losses`, `backprop`, `gradient_vectors`, `vector_form`. Quantity ids are `KIND[s,j,k]`, e.g.
    `z[2,1,None]`, `dL/dw[1,2,3]`. Weight indices k are 1-based with the bias first (w_{j1} multiplies
    the bias input 1).

    Args:
        W: one row per hidden unit, `[bias, w_1, …, w_n]` (floats are read as the decimals they print as).
        v: the output weights `[bias, v_1, …, v_H]`.
        samples: `[((x_1, …, x_n), y), …]`, the inputs without the bias input, and the label.
        activation: the hidden units' activation, a key of `ACTIVATIONS`: "sigmoid", "tanh", "relu" or
            "linear". The output is linear.
        loss: the loss per sample; only "squared", (y - ŷ)².
        aliases: extra LaTeX templates per kind of quantity (a key of `DEFAULT_ALIASES`), added to the
            defaults; `{s}` is the sample, `{j}` the hidden unit, `{k}` the weight index, and literal braces
            are doubled: `{"dL/dv": [r"\frac{{\partial L}}{{\partial v_{{1{j}}}}}"]}`.

    Examples:
        >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
        >>> net.pre_activation(1, 1), net.prediction(1), net.loss_value(1)
        (3/10, 3/10, 9/100)
        >>> [q.id for q in net.forward()]
        ['a[1,1,None]', 'z[1,1,None]', 'yhat[1,None,None]']
        >>> [q.id for q in net.losses()]
        ['loss[1,None,None]']
    """

    W: sp.ImmutableMatrix  # given as a list of rows; a matrix after __post_init__
    v: list
    samples: list
    activation: str = "sigmoid"
    loss: str = "squared"  # (y - ŷ)^2
    aliases: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.W = sp.ImmutableMatrix([[sp.Rational(str(c)) for c in row] for row in self.W])
        self.v = [sp.Rational(str(c)) for c in self.v]
        self.samples = [([sp.Integer(1)] + [sp.Rational(str(c)) for c in x], sp.Rational(str(y)))
                        for x, y in self.samples]
        self.act = ACTIVATIONS[self.activation]
        self.hidden = self.W.shape[0]

    # -- exact values ----------------------------------------------------------------------
    def pre_activation(self, s: int, j: int) -> sp.Expr:
        x, _ = self.samples[s - 1]
        return sum(self.W[j - 1, k] * x[k] for k in range(len(x)))

    def activation_value(self, s: int, j: int) -> sp.Expr:
        return self.act(self.pre_activation(s, j))

    def activation_slope(self, s: int, j: int) -> sp.Expr:
        a = sp.Symbol("a")
        return sp.diff(self.act(a), a).subs(a, self.pre_activation(s, j))

    def prediction(self, s: int) -> sp.Expr:
        return self.v[0] + sum(self.v[j] * self.activation_value(s, j) for j in range(1, self.hidden + 1))

    def loss_value(self, s: int) -> sp.Expr:
        return (self.samples[s - 1][1] - self.prediction(s)) ** 2

    def loss_slope(self, s: int) -> sp.Expr:
        return -2 * (self.samples[s - 1][1] - self.prediction(s))

    # -- quantities --------------------------------------------------------------------------
    def names(self, kind: str, **index: object) -> tuple[str, ...]:
        """The aliases of one kind of quantity at an index, the network's own `aliases` added.

        Args:
            kind: a key of `DEFAULT_ALIASES`, e.g. "loss", "dL/dw".
            **index: the values for the templates' `{s}`, `{j}` and `{k}` (pass `""` for an unused one).

        Returns:
            The aliases, without repeats, in order.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)])
            >>> net.names("loss", s=2, j="", k="")
            ('L_{2}',)
        """
        templates = DEFAULT_ALIASES.get(kind, []) + self.aliases.get(kind, [])
        return tuple(dict.fromkeys(t.format(**index) for t in templates))

    def quantity(self, kind: str, value: object, *, s: int, j: int | None = None, k: int | None = None,
                 formula: object = None, depends: dict | None = None, name: str | None = None,
                 points: float = 1.0) -> Quantity:
        """A quantity of one kind for sample s (hidden unit j, weight k), named from `names`.

        It is labelled "sample s", chosen by `sample_context(s)`, and has the id `KIND[s,j,k]`.

        Args:
            kind: a key of `DEFAULT_ALIASES`, e.g. "loss".
            value: the exact expected value, e.g. `net.loss_value(1)`.
            s: the 1-based sample number.
            j: the hidden unit, if the kind has one.
            k: the weight index (1 is the bias), if the kind has one.
            formula: how the value is computed from other quantities (for error carried forward).
            depends: `{symbol of formula: id of another quantity}`.
            name: the name shown in reports; by default the kind's display name or first alias.
            points: the quantity's weight within its part.

        Returns:
            The `Quantity`.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
            >>> q = net.quantity("loss", net.loss_value(1), s=1)
            >>> q.name, q.value, q.id, q.label
            ('L_{1}', 9/100, 'loss[1,None,None]', 'sample 1')
        """
        index = {"s": s, "j": j if j is not None else "", "k": k if k is not None else ""}
        aliases = self.names(kind, **index)
        ident = f"{kind}[{s},{j},{k}]"
        name = name or (DISPLAY_NAMES[kind].format(**index) if kind in DISPLAY_NAMES else aliases[0])
        return Quantity(name, value, aliases, id=ident, label=f"sample {s}",
                        context=sample_context(s), formula=formula, depends=depends or {}, points=points)

    def forward(self) -> list[Quantity]:
        r"""The forward pass: per sample s and hidden unit j, a_{sj}, z_{sj} and the prediction ŷ_s.

        The pre-activation a_{sj}, the activation z_{sj} (formula over a_{sj}) and ŷ_s (formula over the
        z_{sj}). Use as `Part("1a", 3, quantities=net.forward())`.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)])
            >>> [(q.id, q.aliases[0]) for q in net.forward()]
            [('a[1,1,None]', 'a_{11}'), ('z[1,1,None]', 'z_{11}'), ('yhat[1,None,None]', '\\hat{y}_{1}')]
        """
        out = []
        for s in range(1, len(self.samples) + 1):
            for j in range(1, self.hidden + 1):
                out.append(self.quantity("a", self.pre_activation(s, j), s=s, j=j))
            for j in range(1, self.hidden + 1):
                A = sp.Symbol("A")
                out.append(self.quantity("z", self.activation_value(s, j), s=s, j=j, formula=self.act(A),
                                         depends={A: f"a[{s},{j},None]"}))
            Z = [sp.Symbol(f"Z{j}") for j in range(1, self.hidden + 1)]
            out.append(self.quantity("yhat", self.prediction(s), s=s,
                                     formula=self.v[0] + sum(self.v[j] * Z[j - 1] for j in range(1, self.hidden + 1)),
                                     depends={Z[j - 1]: f"z[{s},{j},None]" for j in range(1, self.hidden + 1)}))
        return out

    def losses(self) -> list[Quantity]:
        """Per sample s: the squared loss L_s = (y_s - ŷ_s)² (formula over ŷ_s).

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
            >>> [(q.name, q.value) for q in net.losses()]
            [('L_{1}', 9/100)]
        """
        out = []
        for s in range(1, len(self.samples) + 1):
            Y = sp.Symbol("Y")
            y = self.samples[s - 1][1]
            out.append(self.quantity("loss", self.loss_value(s), s=s, formula=(y - Y) ** 2,
                                     depends={Y: f"yhat[{s},None,None]"}))
        return out

    def backprop(self) -> list[Quantity]:
        """Backpropagation for each sample s, each step with its formula over the earlier ones.

        ∂L_s/∂ŷ_s, ∂z_{sj}/∂w_{jk} and ∂L_s/∂w_{jk} for every weight (k = 1 the bias), and ∂L_s/∂v_j
        (j = 0 the bias). Use as `quantities=net.backprop()`.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
            >>> [q.id for q in net.backprop()]  # doctest: +NORMALIZE_WHITESPACE
            ['dL/dyhat[1,None,None]', 'dz/dw[1,1,1]', 'dL/dw[1,1,1]', 'dz/dw[1,1,2]', 'dL/dw[1,1,2]',
             'dL/dv[1,0,None]', 'dL/dv[1,1,None]']
        """
        out = []
        Y, G, D, Z = sp.symbols("Y G D Z")
        for s in range(1, len(self.samples) + 1):
            x, y = self.samples[s - 1]
            out.append(self.quantity("dL/dyhat", self.loss_slope(s), s=s, formula=-2 * (y - Y),
                                     depends={Y: f"yhat[{s},None,None]"}))
            grad = f"dL/dyhat[{s},None,None]"
            for j in range(1, self.hidden + 1):
                for k in range(1, len(x) + 1):
                    slope = self.activation_slope(s, j) * x[k - 1]
                    out.append(self.quantity("dz/dw", slope, s=s, j=j, k=k, formula=Z * (1 - Z) * x[k - 1]
                                             if self.activation == "sigmoid" else None,
                                             depends={Z: f"z[{s},{j},None]"} if self.activation == "sigmoid" else {}))
                    out.append(self.quantity("dL/dw", self.loss_slope(s) * self.v[j] * slope, s=s, j=j, k=k,
                                             formula=G * self.v[j] * D,
                                             depends={G: grad, D: f"dz/dw[{s},{j},{k}]"}))
            out.append(self.quantity("dL/dv", self.loss_slope(s), s=s, j=0, formula=G, depends={G: grad}))
            for j in range(1, self.hidden + 1):
                out.append(self.quantity("dL/dv", self.loss_slope(s) * self.activation_value(s, j), s=s, j=j,
                                         formula=G * Z, depends={G: grad, Z: f"z[{s},{j},None]"}))
        return out

    def gradient_vectors(self) -> list[Quantity]:
        """∂L_s/∂w_j as a vector over the weight index, for each sample s and hidden unit j.

        Each is a column with one formula symbol per component, depending on the element-wise
        `dL/dw[s,j,k]` of `backprop`.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
            >>> [(q.id, q.value.shape) for q in net.gradient_vectors()]
            [('dL/dw_j[1,1,None]', (2, 1))]
        """
        out = []
        for s in range(1, len(self.samples) + 1):
            n = len(self.samples[s - 1][0])
            for j in range(1, self.hidden + 1):
                comps = [sp.Symbol(f"C{k}") for k in range(1, n + 1)]
                values = [self.loss_slope(s) * self.v[j] * self.activation_slope(s, j) * self.samples[s - 1][0][k - 1]
                          for k in range(1, n + 1)]
                out.append(self.quantity("dL/dw_j", sp.ImmutableMatrix(values), s=s, j=j,
                                         formula=sp.ImmutableMatrix(comps),
                                         depends={c: f"dL/dw[{s},{j},{k}]" for k, c in enumerate(comps, start=1)}))
        return out

    def vector_form(self) -> list[Quantity]:
        """a = W x, z = σ(a), ŷ = v^T [1; z], L = (y - ŷ)² for each sample, as vectors named a, z, ŷ and L.

        Examples:
            >>> net = FeedForward(W=[[0.1, 0.2]], v=[0, 1], samples=[((1,), 0)], activation="linear")
            >>> [q.id for q in net.vector_form()]
            ['a_vec[1,None,None]', 'z_vec[1,None,None]', 'yhat_vec[1,None,None]', 'loss_vec[1,None,None]']
        """
        out = []
        A = sp.ImmutableMatrix(sp.symbols(f"A1:{self.hidden + 1}"))
        Zs = sp.ImmutableMatrix(sp.symbols(f"Z1:{self.hidden + 1}"))
        Y = sp.Symbol("Y")
        for s in range(1, len(self.samples) + 1):
            a = sp.ImmutableMatrix([self.pre_activation(s, j) for j in range(1, self.hidden + 1)])
            z = sp.ImmutableMatrix([self.activation_value(s, j) for j in range(1, self.hidden + 1)])
            out.append(self.quantity("a_vec", a, s=s))
            out.append(self.quantity("z_vec", z, s=s, formula=A.applyfunc(self.act),
                                     depends={A: f"a_vec[{s},None,None]"}))
            yhat_formula = self.v[0] + sum(self.v[j] * Zs[j - 1] for j in range(1, self.hidden + 1))
            out.append(self.quantity("yhat_vec", self.prediction(s), s=s, formula=yhat_formula,
                                     depends={Zs: f"z_vec[{s},None,None]"}))
            out.append(self.quantity("loss_vec", self.loss_value(s), s=s, formula=(self.samples[s - 1][1] - Y) ** 2,
                                     depends={Y: f"yhat_vec[{s},None,None]"}))
        return out
