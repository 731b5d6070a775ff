"""Matrix and vector calculus: names have the shapes the document gives them, identities of matrix
expressions are decided on random instances of those shapes (respecting what is declared: symmetric,
diagonal, positive definite), and ∇_x, ∇²_x, ∂/∂x of a formula in a vector or matrix are computed on its
components. Each row is a small document: a correct identity must hold (decided, no error), a wrong one
must be an error on its line, and one whose shapes are not all known must stay undecided.
"""
from __future__ import annotations

import random

import pytest
import sympy as sp

from symcheck import Limits
from symcheck import check_text as check_text_in_time
from symcheck.meaning.shapes import Declaration, declarations, instance, sized


def check_text(text: str):
    """`check_text` with room for a loaded machine: the verdicts, not the seconds, are under test."""
    return check_text_in_time(text, limits=Limits(step_timeout=30))


DECLARED = ("Let $A \\in \\mathbb{R}^{n\\times n}$, $B \\in \\mathbb{R}^{n \\times p}$, "
            "$W, X \\in \\mathbb{R}^{m\\times n}$, $x, b \\in \\mathbb{R}^n$ and $y \\in \\mathbb{R}^m$.\n\n")
SYMMETRIC = "Let $S \\in \\mathbb{R}^{n\\times n}$ be symmetric and $x \\in \\mathbb{R}^n$.\n\n"
DIAGONAL = ("Here $X \\in \\mathbb{R}^{m\\times n}$, $y \\in \\mathbb{R}^m$, $\\theta \\in \\mathbb{R}^n$ "
            "and $W \\in \\mathbb{R}^{m \\times m}$. The weight matrix $W$ is diagonal.\n\n")
QUADRATIC = ("$f(x) = x^TAx + b^Tx$, $A = \\begin{bmatrix} 2 & 3 \\\\ 1 & 4 \\end{bmatrix}$, "
             "$b = \\begin{bmatrix} -1 \\\\ 2 \\end{bmatrix}$, at $x_0 = (1, -1)$.\n\n")
CONCRETE = "$x = (2, -1, 3)$, $w = (0.2, -0.4, 0.15)$\n\n$g(w) = w^T x$\n\n"


def verdict(text: str) -> str:
    """"error" if the last line is an error, "equal" if it was decided without one, else "undecided"."""
    report = check_text(text)
    last = text.rstrip("\n").count("\n") + 1
    if any(f.severity == "error" and f.line == last for f in report.findings):
        return "error"
    return "equal" if report.checked else "undecided"


def doc(preamble: str, claim: str) -> str:
    return preamble + "$$" + claim + "$$\n"


CASES = [
    # correct identities: decided, no error
    pytest.param(DECLARED, r"\nabla_x (x^T A x) = (A + A^T)x", "equal", id="quadratic-form"),
    pytest.param(SYMMETRIC, r"\nabla_x (x^T S x) = 2Sx", "equal", id="quadratic-form-symmetric"),
    pytest.param(DECLARED, r"\nabla_x (b^T x) = b", "equal", id="linear"),
    pytest.param(DECLARED, r"\nabla_x (x^T b) = b", "equal", id="linear-other-order"),
    pytest.param(DECLARED, r"\nabla_x (b^T x) = b^T", "equal", id="gradient-as-a-row"),
    pytest.param(DECLARED, r"\nabla_W \operatorname{tr}(W^T X) = X", "equal", id="trace"),
    pytest.param(DECLARED, r"\nabla^2_x (x^T A x) = A + A^T", "equal", id="hessian"),
    pytest.param(DECLARED, r"\nabla_x \|x\|^2 = 2x", "equal", id="squared-norm"),
    pytest.param(DECLARED, r"\nabla_x \|Ax - b\|^2 = 2A^T(Ax - b)", "equal", id="least-squares"),
    pytest.param(DECLARED, r"\nabla_x (x^TAx + b^Tx) = (A + A^T)x + b", "equal", id="quadratic-plus-linear"),
    pytest.param(DECLARED, r"\frac{\partial}{\partial x}(x^T A x) = (A + A^T)x", "equal", id="partial-operator"),
    pytest.param(DECLARED, r"\nabla_{\mathbf{x}} (\mathbf{x}^T A \mathbf{x}) = (A + A^T)\mathbf{x}", "equal",
                 id="bold-names"),
    pytest.param(DECLARED, r"(AB)^T = B^T A^T", "equal", id="transpose-of-a-product"),
    pytest.param(DIAGONAL, r"\theta^T X^T W y = y^T W X \theta", "equal", id="weighted-scalar-transposed"),
    pytest.param(CONCRETE, r"\nabla_w g = x", "equal", id="gradient-of-a-defined-linear-function"),
    pytest.param(QUADRATIC, r"\nabla f(1, -1) = \begin{bmatrix} -1 \\ -2 \end{bmatrix}", "equal",
                 id="gradient-of-a-formula-at-a-point"),
    pytest.param(QUADRATIC, r"\nabla f = (A + A^T)\begin{bmatrix} 1 \\ -1 \end{bmatrix} + b", "equal",
                 id="gradient-at-the-named-point"),
    # wrong identities: an error on the claim's line
    pytest.param(DECLARED, r"\nabla_x (x^T A x) = 2Ax", "error", id="2Ax-for-a-general-A"),
    pytest.param(DECLARED, r"\nabla_x (x^TAx + b^Tx) = 2Ax + b", "error", id="2Ax-plus-b"),
    pytest.param(DECLARED, r"\nabla_x (b^T x) = x", "error", id="linear-wrong"),
    pytest.param(DECLARED, r"\nabla_x (x^T x) = x", "error", id="factor-2-dropped"),
    pytest.param(DECLARED, r"\nabla_x \|Ax - b\|^2 = 2A(Ax - b)", "error", id="transpose-dropped"),
    pytest.param(DECLARED, r"\frac{\partial (x^T A x)}{\partial x} = 2Ax", "error", id="partial-2Ax"),
    pytest.param(DECLARED, r"(x^TA)^T = Ax", "error", id="transpose-of-a-row"),
    pytest.param(CONCRETE, r"\nabla_w g = 2(w^T x)\,x", "error", id="linear-function-as-a-square"),
    pytest.param(DIAGONAL.replace("The weight matrix $W$ is diagonal.", ""), r"\theta^T X^T W y = y^T W X \theta",
                 "error", id="weighted-scalar-transposed-W-not-symmetric"),
    pytest.param("Here $X \\in \\mathbb{R}^{m\\times n}$, $y, v \\in \\mathbb{R}^m$ and $\\theta \\in \\mathbb{R}^n$.\n\n",
                 r"\theta^T X^T y = v^T X \theta", "undecided", id="y-on-one-side-v-on-the-other-may-be-an-equation"),
    pytest.param(QUADRATIC, r"\nabla f = 2\begin{bmatrix} 2 & 3 \\ 1 & 4 \end{bmatrix}\begin{bmatrix} 1 \\ -1 "
                 r"\end{bmatrix} + b", "error", id="2Ax-plus-b-at-the-named-point"),
    pytest.param(QUADRATIC, r"\nabla f(1, -1) = \begin{bmatrix} -3 \\ -4 \end{bmatrix}", "error",
                 id="gradient-at-a-point-as-2Ax-plus-b"),
    # shapes not all known: never an error
    pytest.param("Let $x \\in \\mathbb{R}^n$.\n\n", r"\nabla_x (x^T A x) = Ax", "undecided", id="A-undeclared"),
    pytest.param("", r"\nabla_x (x^T A x) = Ax", "undecided", id="nothing-declared"),
    pytest.param(QUADRATIC, r"\nabla f = 2\begin{bmatrix} 2 & 3 \\ 1 & 4 \end{bmatrix}\begin{bmatrix} 3 \\ 4 "
                 r"\end{bmatrix} + b", "undecided", id="at-a-point-the-text-never-named"),
    pytest.param(DECLARED, r"\nabla_x x^TAx = 2Ax", "undecided", id="operand-without-brackets"),
    pytest.param(DECLARED, r"(AB)^T = A^T B^T", "undecided", id="shapes-do-not-fit-on-instances"),
    pytest.param(DIAGONAL, r"X^T W X \theta = X^T W y", "undecided", id="normal-equations-an-equation-in-theta"),
    pytest.param(DECLARED, r"A x = b", "undecided", id="a-linear-system"),
]


@pytest.mark.parametrize("preamble, claim, expected", CASES)
def test_matrix_identities(preamble: str, claim: str, expected: str) -> None:
    assert verdict(doc(preamble, claim)) == expected


def test_an_error_on_instances_says_how_it_was_found() -> None:
    report = check_text(doc(DECLARED, r"\nabla_x (x^T A x) = 2Ax"))
    error = next(f for f in report.findings if f.severity == "error")
    assert error.code == "algebra" and "random A a 3×3 matrix, x a 3-vector" in error.message


DECLARATIONS = [
    ("$A \\in \\mathbb{R}^{m\\times n}$", {"A": ("m", "n")}),
    ("$x, b \\in \\mathbb{R}^n$", {"x": ("n", 1), "b": ("n", 1)}),
    ("$\\mathbf{w} \\in \\mathbb{R}^{3}$", {"w": (3, 1)}),
    ("$W_1 \\in \\R^{2 \\times 3}$", {"W_{1}": (2, 3)}),
    ("$\\lambda \\in \\mathbb{R}$", {}),
    ("$x \\in \\mathbb{R}^{n+1}$", {}),
]


@pytest.mark.parametrize("text, shapes", DECLARATIONS)
def test_declared_shapes(text: str, shapes: dict) -> None:
    found = {d.name: (d.rows, d.cols) for d in declarations([(1, text)]) if d.rows != ""}
    assert {k: v for k, v in found.items() if v != (1, 1)} == shapes


PROPERTIES = [
    ("Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric.", "A", {"symmetric"}),
    ("$W \\in \\mathbb{R}^{n\\times n}$. W is diagonal.", "W", {"diagonal"}),
    ("$H \\in \\mathbb{R}^{n\\times n}$, positive definite", "H", {"positive definite"}),
    ("$A, B \\in \\mathbb{R}^{n\\times n}$. B is symmetric.", "A", set()),
    ("$A \\in \\mathbb{R}^{n\\times n}$. The matrix is symmetric.", "A", {"symmetric"}),  # said of no name: of all
]


@pytest.mark.parametrize("text, name, properties", PROPERTIES)
def test_declared_properties(text: str, name: str, properties: set) -> None:
    found = {d.name: d.properties for d in declarations([(1, text)]) if d.rows != ""}
    assert found[name] == properties


@pytest.mark.parametrize("properties, holds", [
    (frozenset({"symmetric"}), lambda m: m == m.T),
    (frozenset({"diagonal"}), lambda m: m.is_diagonal()),
    (frozenset({"positive definite"}), lambda m: m == m.T and m.is_positive_definite),
    (frozenset({"diagonal", "positive definite"}), lambda m: m.is_diagonal() and m.is_positive_definite),
])
def test_instances_respect_what_is_declared(properties: frozenset, holds) -> None:
    for seed in range(5):
        assert holds(sp.Matrix(instance((3, 3), properties, random.Random(seed))))


def test_symbolic_dimensions_get_distinct_sizes() -> None:
    sizes = sized({"A": ("m", "n"), "x": ("n", 1), "B": (2, 2)})
    assert sizes is not None and sizes["A"][0] != sizes["A"][1] and sizes["x"] == (sizes["A"][1], 1)
    assert sized({"A": (40, 40)}) is None
    assert Declaration("A", "n", "n").properties == frozenset()


NETWORK = ("$x = (2, -1)^T$, $v = \\begin{bmatrix} 1 & 3 \\end{bmatrix}$, "
           "$W = \\begin{bmatrix} 1 & 2 \\\\ 0 & -1 \\end{bmatrix}$\n\n$z = Wx$, $s = vz$, $L = \\frac{1}{2}s^2$\n\n")
LAYOUT = "$$\\frac{\\partial L}{\\partial v} = s z^T = \\begin{bmatrix} 0 & 3 \\end{bmatrix} \\in \\mathbb{R}^{1\\times 2}$$\n\n"
RIGHT = r"\begin{bmatrix} 6 & -3 \\ 18 & -9 \end{bmatrix}"  # ∂L/∂W = s v^T x^T, in W's shape
TRANSPOSED = r"\begin{bmatrix} 6 & 18 \\ -3 & -9 \end{bmatrix}"


@pytest.mark.parametrize("layout, claim, expected", [
    pytest.param(LAYOUT, RIGHT, "equal", id="in-Ws-shape"),
    pytest.param(LAYOUT, TRANSPOSED, "error", id="transposed-where-the-text-fixed-the-layout"),
    pytest.param(LAYOUT, r"2\begin{bmatrix} 6 & -3 \\ 18 & -9 \end{bmatrix}", "error", id="factor-2"),
    pytest.param("", RIGHT, "equal", id="in-Ws-shape-layout-not-fixed"),
    pytest.param("", TRANSPOSED, "undecided", id="transposed-layout-not-fixed-numerator-layout-is-in-use"),
])
def test_derivative_in_a_matrix_through_definitions(layout: str, claim: str, expected: str) -> None:
    """∂L/∂W through the document's definitions (z = Wx, s = vz, L = s²/2), on W's entries; its layout (W's shape
    or its transpose) is fixed only by the text writing a derivative in a non-square matrix with `∈`."""
    assert verdict(NETWORK + layout + "$$\\frac{\\partial L}{\\partial W} = " + claim + "$$\n") == expected


def jacobian(name: str, rows: list[list[tuple[str, str]]]) -> str:
    cells = " \\\\ ".join(" & ".join(f"\\frac{{\\partial {a}}}{{\\partial {b}}}" for a, b in row) for row in rows)
    return f"$${name} = \\begin{{bmatrix}} {cells} \\end{{bmatrix}}$$\n\n"


BY_ROWS = [[("x", "r"), ("x", "\\theta")], [("y", "r"), ("y", "\\theta")]]  # a row per output: a Jacobian
BY_COLUMNS = [[("r", "x"), ("\\theta", "x")], [("r", "y"), ("\\theta", "y")]]  # a column per output
BY_ROWS_INVERSE = [[("r", "x"), ("r", "y")], [("\\theta", "x"), ("\\theta", "y")]]


@pytest.mark.parametrize("text, expected", [
    pytest.param(jacobian("J", BY_ROWS) + jacobian("J_{inv}", BY_COLUMNS), [3], id="second-one-transposed"),
    pytest.param(jacobian("J", BY_ROWS) + jacobian("J_{inv}", BY_ROWS_INVERSE), [], id="both-a-row-per-output"),
    pytest.param(jacobian("J", BY_COLUMNS) + jacobian("J_{2}", BY_ROWS), [], id="first-one-sets-nothing"),
    pytest.param(jacobian("J", BY_ROWS) + jacobian("H", BY_COLUMNS), [], id="not-named-as-a-Jacobian"),
    pytest.param(jacobian("J", BY_ROWS) + "# Problem 2\n\n" + jacobian("J", BY_COLUMNS), [], id="another-problem"),
])
def test_a_jacobian_has_a_row_per_output(text: str, expected: list[int]) -> None:
    report = check_text(text)
    assert [f.line for f in report.findings if f.code == "jacobian-layout"] == expected
