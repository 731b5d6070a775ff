"""Quantity kinds (Equation, PointSet, Update, equivalence), `given=` and the context helpers, graded."""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.problem import Equation, Part, PointSet, Problem, Quantity, Update, after, for_sample, in_part

x, y, z, C = sp.symbols("x y z C")


def one(quantity: Quantity, **problem: object) -> Problem:
    return Problem("t", parts=[Part("a", points=1, quantities=[quantity])], **problem)  # type: ignore[arg-type]


def graded(text: str, problem: Problem) -> tuple[str, list[tuple[int, str]]]:
    report = grade_text(text, problem)
    item = report.parts[0].items[0]
    return str(item.status), [(f.line, f.code) for f in report.findings if f.severity == "error"]


PLANE = Equation(r"\text{tangent plane}", sp.Eq(z, 2 * x + 3 * y - 1), aliases=["z", "T(x, y)"])
EIGEN = PointSet(r"\lambda", [2, 5], aliases=[r"\lambda", r"\lambda_{1,2}"])
CRITICAL = PointSet("(x, y)", {(0, 0): "saddle", (1, 1): "minimum"}, aliases=["(x, y)", "(x_0, y_0)"])
STEP = Update("w", sp.Rational(3, 10), id="w'")
ANTI = Quantity("F(x)", x**3 / 3, aliases=["F(x)", r"\int x^2 dx"], equivalence="antiderivative")
VECTOR = Quantity("v", sp.Matrix([1, 2]), equivalence="multiple")


@pytest.mark.parametrize("quantity, text, status, errors", [
    (PLANE, "$$z = 2x + 3y - 1$$", "correct", []),
    (PLANE, "$$T(x, y) = 3y + 2x - 1$$", "correct", []),
    (PLANE, "$$2x + 3y - z = 1$$", "correct", []),
    (PLANE, "$$4x + 6y - 2z - 2 = 0$$", "correct", []),
    (PLANE, "$$z = 2x + 3y + 1$$", "incorrect", [(1, "wrong-value")]),
    (PLANE, "$$2x + 3y - z = 5$$", "missing", []),  # an unnamed equation is never called wrong
    (PLANE, "$$z = 2.0x + 3y - 1$$", "correct", []),
    (EIGEN, r"$$\lambda = 2, 5$$", "correct", []),
    (EIGEN, r"$$\lambda = 5, 2$$", "correct", []),
    (EIGEN, r"$$\lambda = \{5, 2\}$$", "correct", []),
    (EIGEN, r"$$\lambda = 2, 4$$", "incorrect", [(1, "wrong-value")]),
    (EIGEN, r"$$\lambda = 2, 5, 7$$", "incorrect", [(1, "wrong-value")]),
    (EIGEN, r"$$\lambda = 2$$", "missing", []),  # one of them: the other may be stated elsewhere
    (CRITICAL, "$$(x, y) = (1, 1), (0, 0)$$", "correct", []),
    (CRITICAL, "$$(x, y) = (0, 0), (1, -1)$$", "incorrect", [(1, "wrong-value")]),
    (STEP, "$$w = 0.5$$\n\n$$w' = 0.5 - 0.2 = 0.3$$", "correct", []),
    (STEP, "$$w = 0.5$$\n\n$$w_{new} = 0.3$$", "correct", []),
    (STEP, "$$w = 0.5$$\n\n$$w \\leftarrow w - 0.2 = 0.3$$", "correct", []),
    (STEP, "$$w = 0.5$$\n\n$$w := 0.3$$", "correct", []),
    (STEP, "$$w = 0.5$$\n\n$$w^{(t+1)} = 0.9$$", "incorrect", [(3, "wrong-value")]),
    (STEP, "$$w = 0.5$$", "missing", []),  # the given value is not the update
    (ANTI, "$$F(x) = x^3/3 + C$$", "correct", []),
    (ANTI, "$$F(x) = \\frac{x^3}{3} + 7$$", "correct", []),
    (ANTI, "$$F(x) = x^3$$", "incorrect", [(1, "wrong-value")]),
    (VECTOR, r"$$v = \begin{pmatrix} -2 \\ -4 \end{pmatrix}$$", "correct", []),
    (VECTOR, r"$$v = \begin{pmatrix} 2 \\ 1 \end{pmatrix}$$", "incorrect", [(1, "wrong-value")]),
])
def test_kinds(quantity, text, status, errors):
    assert graded(text, one(quantity)) == (status, errors)


F = Quantity("f(x, y)", x**2 + y, aliases=["f(x, y)"])


@pytest.mark.parametrize("given, text, status", [
    ("", "$$f(x, y) = x^3 - 3xy$$", "incorrect"),
    (r"Let $f(x, y) = x^3 - 3xy$.", "$$f(x, y) = x^3 - 3xy$$", "missing"),  # a copy of the statement
    ("f(x, y) = x^3 - 3xy", "$$f(x,y)=x^3-3xy$$", "missing"),
    (["f(x, y) = x^3 - 3xy"], "$$f(x, y) = x^3 - 3xy$$\n\n$$f(x, y) = x^2 + y$$", "correct"),
    ("f(x, y) = x^3 - 3xy", "$$f(x, y) = x^3 - 3xy = x^2$$", "incorrect"),  # more than the statement
])
def test_given_lines_are_not_graded(given, text, status):
    assert graded(text, one(F, given=given))[0] == status


def two(first: Quantity, second: Quantity) -> Problem:
    return Problem("t", parts=[Part("a", points=2, quantities=[first, second])])


CHAIN = two(Quantity("h'(1)", 4, ["h'(1)"], id="chain", label="chain rule", context=(after("chain rule"),)),
            Quantity("h'(1)", 5, ["h'(1)"], id="direct", label="direct",
                     context=(after("without the chain rule"), after("substituting"))))
PARTS = two(Quantity("g", 4, ["g"], id="2b", label="2b", context=(in_part("2b"),)),
            Quantity("g", 5, ["g"], id="2c", label="2c", context=(in_part("2c"),)))
SAMPLES = two(Quantity("L", 4, ["L"], id="s1", label="sample 1", context=(for_sample(1),)),
              Quantity("L", 5, ["L"], id="s2", label="sample 2", context=(for_sample(2),)))


@pytest.mark.parametrize("problem, text, statuses", [
    (CHAIN, "With the chain rule:\n\n$$h'(1) = 4$$\n\nWithout the chain rule:\n\n$$h'(1) = 5$$",
     {"chain": "correct", "direct": "correct"}),
    (CHAIN, "Without the chain rule:\n\n$$h'(1) = 6$$", {"chain": "missing", "direct": "incorrect"}),
    (CHAIN, "By substituting first:\n\n$$h'(1) = 6$$", {"chain": "missing", "direct": "incorrect"}),
    (CHAIN, "Using the Chain Rule:\n\n$$h'(1) = 6$$", {"chain": "incorrect", "direct": "missing"}),
    (PARTS, "Q2.\n(b)\n$$g = 4$$\n(c)\n$$g = 5$$", {"2b": "correct", "2c": "correct"}),
    (PARTS, "## Part 2(c)\n$$g = 7$$", {"2b": "missing", "2c": "incorrect"}),
    (PARTS, "Problem 2\n\nb) first\n\n$$g = 7$$", {"2b": "incorrect", "2c": "missing"}),
    (SAMPLES, "For sample 2:\n\n$$L = 6$$", {"s1": "missing", "s2": "incorrect"}),
    (SAMPLES, "For sample 1:\n\n$$L = 6$$", {"s1": "incorrect", "s2": "missing"}),
])
def test_contexts(problem, text, statuses):
    report = grade_text(text, problem)
    assert {i.id: str(i.status) for i in report.parts[0].items} == statuses


@pytest.mark.parametrize("make, message", [
    (lambda: Quantity("q", 1, kind="vector"), "kind 'vector'"),
    (lambda: Quantity("q", 1, equivalence="any"), "equivalence 'any'"),
    (lambda: in_part("2-c"), "a part is a number and/or a letter"),
    (lambda: after(" "), "the phrase is empty"),
])
def test_mistakes_in_a_key_are_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("parameter", ["W", "w_1", "w_{12}", "b", r"\theta"])
def test_every_update_alias_is_read_by_the_student_reader(parameter):
    from symcheck.keys.problem import alias_problem
    from symcheck.problem import update_aliases

    assert [a for a in update_aliases(parameter) if alias_problem(a)] == []


@pytest.mark.parametrize("symbol, text", [
    (sp.Symbol("theta"), r"$$g = 2\theta$$"),
    (sp.Symbol("x1"), "$$g = 2x_1$$"),
    (sp.Symbol("x_1"), "$$g = 2x_{1}$$"),
    (sp.Symbol("eta"), r"$$g = 2\eta$$"),
])
def test_key_symbols_need_not_be_named_as_the_reader_reads_them(symbol, text):
    assert graded(text, one(Quantity("g", 2 * symbol)))[0] == "correct"


def test_the_guides_worked_example_is_graded():
    """docs/examples/critical_points.py on its answer: the set and the gradient right, the plane's constant wrong."""
    from pathlib import Path

    from symcheck.grade.grader import grade_file
    from symcheck.keys.problem import load_problem

    docs = Path(__file__).resolve().parent.parent / "docs" / "examples"
    report = grade_file(docs / "critical_points_answer.md", load_problem(docs / "critical_points.py"))
    assert {i.name: str(i.status) for p in report.parts for i in p.items} == {
        r"\nabla f": "correct", "H_f": "correct", "(x, y)": "correct", r"\text{tangent plane}": "incorrect"}
    assert [(f.line, f.code) for f in report.findings if f.severity == "error"] == [(16, "algebra")]
    assert report.score == 4


@pytest.mark.parametrize("lines, line, part", [
    (["Q2.", "(b) first", "$x = 1$", "(c) then", "$x = 2$"], 5, "2c"),
    (["## Part 2(c)", "$x = 1$"], 2, "2c"),
    (["Problem 3", "", "b) first", "$x = 1$"], 4, "3b"),
    (["1. First compute the gradient", "$x = 1$"], 2, ""),  # a numbered list item is not a heading
    (["(a) forward pass", "$x = 1$"], 2, "a"),
    ([r"\section*{Problem 1}", r"\item[(b)] the Hessian", "$x = 1$"], 3, "1b"),
    ([r"\begin{enumerate}", r"\item", r"\begin{enumerate}", r"\item $x = 1$", r"\item $x = 2$"], 5, "1b"),
    ([r"\begin{enumerate}", r"\item $x = 1$", r"\item $x = 2$"], 3, "2"),
])
def test_part_headings(lines, line, part):
    from symcheck.keys.contexts import part_at

    assert part_at(lines, line) == part


CLASSIFIED = one(PointSet("(x, y)", {(0, 0): "saddle", (1, 1): "local minimum"}, aliases=["(x, y)"]))


@pytest.mark.parametrize("text, status, errors", [
    ("$$(x, y) = (0, 0), (1, 1)$$\n\nAt $(0, 0)$: a saddle. At $(1, 1)$: a local minimum.\n", "correct", []),
    ("$$(x, y) = (0, 0), (1, 1)$$\n\n$(1, 1)$ is a minimum; $(0, 0)$ is a maximum.\n", "incorrect",
     [(3, "wrong-value")]),
    ("$$(x, y) = (0, 0), (1, 1)$$\n\n$(0, 0)$ is not a minimum.\n", "correct", []),  # a negation: not read
    ("$$(x, y) = (0, 0), (1, 1)$$\n\n$(0, 0)$ and $(1, 1)$: a minimum and a saddle.\n", "correct", []),
    ("$$(x, y) = (0, 0), (1, 1)$$\n\nAt $(0.0, 1.0)$ there is a maximum.\n", "correct", []),  # not a key point
])
def test_a_stated_classification_is_checked(text, status, errors):
    assert graded(text, CLASSIFIED) == (status, errors)


ONE_BY_ONE = one(PointSet(r"\lambda", [2, 5], aliases=[r"\lambda", r"\lambda_1", r"\lambda_2"]))


@pytest.mark.parametrize("text, status, errors", [
    (r"$$\lambda_1 = 2, \quad \lambda_2 = 5$$", "correct", []),
    ("$$\\lambda_1 = 5$$\n\n$$\\lambda_2 = 2$$", "correct", []),
    (r"$$\lambda_1 = 2$$", "missing", []),  # one of two: not yet the set
    (r"$$\lambda_1 = 2, \quad \lambda_2 = 4$$", "incorrect", [(1, "wrong-value")]),
])
def test_a_set_stated_one_element_at_a_time(text, status, errors):
    assert graded(text, ONE_BY_ONE) == (status, errors)


def test_an_assignment_to_another_name_is_not_the_update():
    assert graded("$$w = 0.5$$\n\n$w = 0.5$, $aw := 0.3$", one(STEP))[0] == "missing"
