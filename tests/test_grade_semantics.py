"""Grading semantics: one charge per mistake, and every name of `A = B = …` graded."""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck.grade.grader import grade_text
from symcheck.keys.problem import Part, Problem, Quantity

A = sp.Symbol("A")
CHAIN = Problem("t", parts=[Part("a", points=2, quantities=[
    Quantity("a", 2, ["a"]), Quantity("b", 6, ["b"], formula=3 * A, depends={A: "a"})])])
NAMES = Problem("t", parts=[Part("a", points=2, quantities=[Quantity("p", 0, ["p"]), Quantity("q", 1, ["q"])])])


def findings(graded):
    return [(f.line, f.severity, f.code) for f in graded.findings]


def statuses(graded):
    return {i.id: (i.status, i.line) for part in graded.parts for i in part.items}


def test_carried_forward_value_is_not_also_an_arithmetic_error():
    """b = 3·2 = 9: 9 is wrong, but it is 3a for the student's own a = 3, so it is only carried forward."""
    graded = grade_text("$$a = 3$$\n\n$$b = 3 \\cdot 2 = 9$$\n", CHAIN)
    assert findings(graded) == [(1, "error", "wrong-value"), (3, "warning", "carried-forward")]
    assert statuses(graded) == {"a": ("incorrect", 1), "b": ("carried-forward", 3)}
    assert graded.mistakes == {"wrong-value": 1}
    assert graded.score == 1.0


def test_carried_forward_with_right_arithmetic_is_one_warning():
    graded = grade_text("$$a = 3$$\n\n$$b = 3 \\cdot 3 = 9$$\n", CHAIN)
    assert findings(graded) == [(1, "error", "wrong-value"), (3, "warning", "carried-forward")]


def test_an_arithmetic_slip_on_a_right_input_is_still_an_error():
    graded = grade_text("$$a = 2$$\n\n$$b = 3 \\cdot 2 = 7$$\n", CHAIN)
    assert statuses(graded)["b"] == ("incorrect", 3)
    assert [f for f in findings(graded) if f[1] == "error"] == [(3, "error", "arithmetic")]


def test_every_name_of_a_chain_is_graded():
    graded = grade_text("$$p = q = 0$$\n", NAMES)
    assert statuses(graded) == {"p": ("correct", 1), "q": ("incorrect", 1)}
    assert findings(graded) == [(1, "error", "wrong-value")]
    assert graded.score == 1.0


def test_both_names_right():
    graded = grade_text("$$q = p + 1 = 1$$\n\n$$p = 0$$\n", NAMES)
    assert statuses(graded) == {"p": ("correct", 3), "q": ("correct", 1)}


def test_two_aliases_of_one_quantity_grade_it_once():
    problem = Problem("t", parts=[Part("a", points=1, quantities=[Quantity("p", 0, ["p", "P_0"])])])
    graded = grade_text("$$p = P_0 = 1$$\n", problem)
    assert findings(graded) == [(1, "error", "wrong-value")]


def test_two_wrong_quantities_on_one_line_each_get_an_explanation():
    graded = grade_text("$p = 1$, $q = 2$\n", NAMES)
    assert statuses(graded) == {"p": ("incorrect", 1), "q": ("incorrect", 1)}
    assert [f[2] for f in findings(graded)] == ["factor-of-two", "wrong-value"]
    assert sum(graded.mistakes.values()) == 2


r = sp.Symbol("r")
SHARED = Problem("t", parts=[Part("a", points=2, quantities=[
    Quantity(r"\det J", r, [r"\det J"], id="symbolic", label="as a function of r"),
    Quantity(r"\det J", 2, [r"\det J"], id="evaluated", label="at r = 2")])])


@pytest.mark.parametrize("text, expected", [
    ("$$\\det J = 3$$\n", {"symbolic": "missing", "evaluated": "incorrect"}),  # a wrong number: the evaluated one
    ("$$\\det J = 2r$$\n", {"symbolic": "incorrect", "evaluated": "missing"}),
    ("$$\\det J = r$$\n\n$$\\det J = 2$$\n", {"symbolic": "correct", "evaluated": "correct"}),
])
def test_a_wrong_value_is_charged_to_one_of_the_quantities_sharing_its_name(text, expected):
    graded = grade_text(text, SHARED)
    assert {k: str(v[0]) for k, v in statuses(graded).items()} == expected
    assert sum(graded.mistakes.values()) == sum(1 for v in expected.values() if v == "incorrect")


OPTIONAL = Problem("t", parts=[Part("b", points=3, quantities=[
    Quantity("v", 4, ["v"], required=False), Quantity("g", 5, ["g"], points=2)])])


@pytest.mark.parametrize("text, score", [
    ("$$g = 5$$\n", 3.0),  # v not stated: all 3 points go to g
    ("$$v = 4$$\n\n$$g = 5$$\n", 3.0),
    ("$$v = 4$$\n\n$$g = 6$$\n", 1.0),  # v stated: the points split 1 : 2, as the guide says
    ("$$v = 3$$\n\n$$g = 5$$\n", 2.0),
    ("", 0.0),  # a missing required quantity costs its points
])
def test_required_is_applied_as_documented(text, score):
    assert grade_text(text, OPTIONAL).score == score


def test_a_symbol_never_given_a_value_where_a_number_is_expected_is_not_wrong():
    """det J^{-1} = 0.5 = 1/r: r is 2 at the point, but the student never wrote it; 1/r is not judged."""
    problem = Problem("t", parts=[Part("a", points=1, quantities=[Quantity(r"\det J", sp.Rational(1, 2))])])
    graded = grade_text("$$\\det J = 0.125 + 0.375 = 0.5 = \\frac{1}{r}$$\n", problem)
    assert [f for f in findings(graded) if f[1] == "error"] == []


# (answer, status of p, error findings): p's key is the number 1/2
GENERAL_FORM = [
    ("$$p = 0.25 + 0.25 = 0.5 = \\frac{1}{r}$$\n", "missing", []),  # a general form after the value: not a claim
    ("$$p = \\frac{1}{r}$$\n", "missing", []),  # r unknown: not certain to be wrong
    ("$$r = 3$$\n\n$$p = \\frac{1}{r}$$\n", "incorrect", [(3, "error", "wrong-value")]),  # r known: 1/3 is wrong
    ("$$p = 0.5 \\checkmark$$\n", "correct", []),  # a tick after the result is read past
]


@pytest.mark.parametrize("answer, status, errors", GENERAL_FORM)
def test_a_number_stated_in_a_general_form(answer: str, status: str, errors: list) -> None:
    problem = Problem("t", parts=[Part("a", points=1, quantities=[Quantity("p", sp.Rational(1, 2), ["p"])])])
    graded = grade_text(answer, problem)
    assert statuses(graded)["p"][0] == status
    assert [f for f in findings(graded) if f[1] == "error"] == errors
