"""Grading semantics: one charge per mistake, and every name of `A = B = …` graded."""
from __future__ import annotations

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
