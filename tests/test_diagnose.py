"""The named-mistake rules: each fires on its mistake and stays quiet on near misses and on right answers."""
from __future__ import annotations

import pytest
import sympy as sp

from symcheck import check_text
from symcheck.diagnose.rules import RULES, Mistake, NamedValue, diagnose
from symcheck.meaning.functions import FunctionValue

x, y, t = sp.symbols("x y t")
f = FunctionValue("f", (x, y), 2 * x + 3 * y)
g_quad = FunctionValue("g", (x, y), x**2 * y)
F = FunctionValue("F", (x, y), sp.ImmutableMatrix([x**2 + 2 * y, 3 * x + 4 * y**2]))
G = FunctionValue("G", (x,), sp.ImmutableMatrix([x, x**2]))
A = sp.ImmutableMatrix([[1, 2], [0, 3]])
S = sp.ImmutableMatrix([[2, 1], [1, 3]])
R = sp.Rational


def M(expected, found, **kw) -> Mistake:
    return Mistake(sp.sympify(expected) if not isinstance(expected, sp.MatrixBase) else expected,
                   sp.sympify(found) if not isinstance(found, sp.MatrixBase) else found, **kw)


# (rule code, mistake, should fire)
CASES = [
    # squared-not-linear: d/dx of (2x+3y)^2 given for d/dx of the linear f
    ("squared-not-linear", M(2, 4 * (2 * x + 3 * y), functions={"f": f}), True),
    ("squared-not-linear", M(3, 6 * (2 * x + 3 * y), functions={"f": f}), True),
    ("squared-not-linear", M(2, 2 * (2 * x + 3 * y), functions={"f": f}), False),  # near miss: no factor 2
    ("squared-not-linear", M(2, 2, functions={"f": f}), False),  # right answer
    ("squared-not-linear", M(2 * x * y, 2 * x**2 * y * 2 * x * y, functions={"g": g_quad}), True),
    # sign-flip
    ("sign-flip", M(R(-15886, 1000), R(15886, 1000)), True),
    ("sign-flip", M(-2 * (y - x), 2 * (y - x)), True),
    ("sign-flip", M(sp.ImmutableMatrix([1, -2]), sp.ImmutableMatrix([-1, 2])), True),
    ("sign-flip", M(0, 0), False),  # zero is its own negative: no sign to flip
    ("sign-flip", M(R(3), R(-2)), False),
    ("sign-flip", M(R(3), R(3)), False),
    # chain-rule-missing-factor: D(F∘G)(x) written as DF(G(x))
    ("chain-rule-missing-factor", M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]),
                                    sp.ImmutableMatrix([[2 * x, 2], [3, 8 * x**2]]), functions={"F": F, "G": G}), True),
    ("chain-rule-missing-factor", M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]),
                                    sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]), functions={"F": F, "G": G}), False),
    ("chain-rule-missing-factor", M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]),
                                    sp.ImmutableMatrix([[2 * x, 2], [3, 8 * y]]), functions={"F": F, "G": G}), False),
    # outer-evaluated-at-x: DF(x, x)·DG(x) instead of DF(G(x))·DG(x)
    ("outer-evaluated-at-x", M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]),
                               sp.ImmutableMatrix([2 * x + 4 * x, 3 + 16 * x**2]), functions={"F": F, "G": G}), True),
    ("outer-evaluated-at-x", M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]),
                               sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]), functions={"F": F, "G": G}), False),
    # transposed-jacobian
    ("transposed-jacobian", M(sp.ImmutableMatrix([[2 * x, 2], [3, 8 * y]]), sp.ImmutableMatrix([[2 * x, 3], [2, 8 * y]])), True),
    ("transposed-jacobian", M(S, S.T), False),  # symmetric: the transpose is the same matrix
    ("transposed-jacobian", M(sp.ImmutableMatrix([1, 2]), sp.ImmutableMatrix([[1, 2]])), False),  # vectors
    # symmetric-formula-for-nonsymmetric: 2A for the Hessian of x^T A x
    ("symmetric-formula-for-nonsymmetric", M(A + A.T, 2 * A, named=[NamedValue("A", A, "line 7")]), True),
    ("symmetric-formula-for-nonsymmetric", M(S + S.T, 2 * S, named=[NamedValue("S", S, "line 7")]), False),
    ("symmetric-formula-for-nonsymmetric", M(A + A.T, A + A.T, named=[NamedValue("A", A, "line 7")]), False),
    # value-of-other-quantity (only when the expected quantity's name is known)
    ("value-of-other-quantity", M(R(-1637, 10000), R(-21886, 1000), found_halfwidth=R(1, 1000),
                                  named=[NamedValue("dL/dyhat_2", R(-21886, 1000), "line 114")],
                                  expected_name="dL/dw_22"), True),
    ("value-of-other-quantity", M(R(-1637, 10000), R(-21886, 1000),
                                  named=[NamedValue("dL/dyhat_2", R(-21886, 1000), "line 114")]), False),
    ("value-of-other-quantity", M(R(2), R(1), named=[NamedValue("v_0", R(1), "line 3")], expected_name="q"), False),
    # stale-value: a vector from the previous sample given again (no answer key)
    ("stale-value", M(sp.ImmutableMatrix([R(53, 100), R(525, 1000)]), sp.ImmutableMatrix([R(522, 1000), R(519, 1000)]),
                      found_halfwidth=R(1, 1000), named=[NamedValue("z", sp.ImmutableMatrix([R(5224, 10000), R(5199, 10000)]), "line 298")]), True),
    ("stale-value", M(R(53, 100), R(522, 1000), found_halfwidth=R(1, 1000), named=[NamedValue("z", R(5224, 10000))],
                      expected_name="z_2"), False),  # with a key, value-of-other-quantity speaks instead
    ("stale-value", M(R(53, 100), R(7, 10), named=[NamedValue("z", R(5224, 10000))]), False),
    # miscopied-digits: 0.579 for 0.519, and the step holds with the right copy
    ("miscopied-digits", M(R(-9198, 1000), R(-8244, 1000), literals=[("0.579", NamedValue("z_12", R(519, 1000), "line 41"))],
                           recheck=lambda replacements: True), True),
    ("miscopied-digits", M(R(1), R(2), literals=[("0.1042", NamedValue("z", R(1402, 10000), "line 4"))],
                           recheck=lambda replacements: True), True),  # swapped digits
    ("miscopied-digits", M(R(1), R(2), literals=[("0.579", NamedValue("z_12", R(519, 1000), "line 41"))],
                           recheck=lambda replacements: False), False),  # the copy does not explain the step
    ("miscopied-digits", M(R(1), R(2), literals=[("0.579", NamedValue("z", R(512, 1000), "line 4"))],
                           recheck=lambda replacements: True), False),  # two digits differ, not a swap
    # power-rule-exponent: d/dt t^6 written 6t^6 (not lowered) or 6t^4
    ("power-rule-exponent", M(1 + 6 * t**5, 1 + 6 * t**6), True),
    ("power-rule-exponent", M(1 + 6 * t**5, 1 + 6 * t**4), True),
    ("power-rule-exponent", M(1 + 6 * t**5, 1 + 5 * t**5), False),
    ("power-rule-exponent", M(1 + 6 * t**5, 1 + 6 * t**5), False),
    # missing-inner-derivative: d/dx e^{xy} written e^{xy}
    ("missing-inner-derivative", M(2 * x * y + y * sp.exp(x * y), 2 * x * y + sp.exp(x * y)), True),
    ("missing-inner-derivative", M(x**2 * sp.exp(x * y), x * sp.exp(x * y)), True),
    ("missing-inner-derivative", M(2 * x * y + y * sp.exp(x * y), 2 * x * y + 2 * sp.exp(x * y)), False),
    ("missing-inner-derivative", M(sp.exp(x), sp.exp(x)), False),  # inner derivative 1: nothing missing
    # missing-activation-derivative: dL/dh x written for dL/dh (1 - h^2) x
    ("missing-activation-derivative", M(R(4174, 10000) * (1 - R(2913, 10000) ** 2), R(4174, 10000),
                                        found_halfwidth=R(1, 10000), named=[NamedValue("h_{2}", R(-2913, 10000))]), True),
    ("missing-activation-derivative", M(R(4174, 10000) * R(2913, 10000) * (1 - R(2913, 10000)), R(4174, 10000),
                                        found_halfwidth=R(1, 10000), named=[NamedValue("z", R(2913, 10000))]), True),
    ("missing-activation-derivative", M(R(4174, 10000), R(4174, 10000), named=[NamedValue("h", R(2913, 10000))]), False),
    ("missing-activation-derivative", M(R(4174, 10000) * (1 - R(2913, 10000) ** 2), R(4174, 10000),
                                        found_halfwidth=R(1, 10000), named=[NamedValue("\\hat{y}_{1}", R(-2913, 10000))]),
     False),  # a prediction is not an activation
    ("missing-activation-derivative", M(R(3, 10), R(4174, 10000), named=[NamedValue("h", R(2913, 10000))]), False),
    # rounding-not-needed: 0.0569 exactly, written 0.0570
    ("rounding-not-needed", M(R(569, 10000), R(570, 10000), found_halfwidth=R(1, 10000)), True),
    ("rounding-not-needed", M(R(5692, 100000), R(570, 10000), found_halfwidth=R(1, 10000)), False),  # needs rounding
    ("rounding-not-needed", M(R(569, 10000), R(590, 10000), found_halfwidth=R(1, 10000)), False),  # more than a unit
    # log-base: log10 where ln is meant
    ("log-base", M(-sp.log(R(6106, 10000)), R(2142, 10000), found_halfwidth=R(1, 10000)), True),
    ("log-base", M(-sp.log(R(6106, 10000)), R(4933, 10000), found_halfwidth=R(1, 10000)), False),
    # wrong-input: x_2 = -1 used where x_1 = 0.5 belongs
    ("wrong-input", M(R(191, 1000), R(-382, 1000), recheck=lambda r: r == {"1": "-0.5"},
                      swaps=[("1", "-0.5", NamedValue("x_1", R(1, 2)), NamedValue("x_2", -1))]), True),
    ("wrong-input", M(R(191, 1000), R(-382, 1000), recheck=lambda r: False,
                      swaps=[("1", "-0.5", NamedValue("x_1", R(1, 2)), NamedValue("x_2", -1))]), False),
    # power-of-ten
    ("power-of-ten", M(R(24925, 10000), R(249, 1000), found_halfwidth=R(1, 1000)), True),
    ("power-of-ten", M(R(3), R(300)), True),
    ("power-of-ten", M(R(3), R(31)), False),
    # factor-of-two
    ("factor-of-two", M(R(-1585, 10000), R(-317, 1000), found_halfwidth=R(1, 1000)), True),
    ("factor-of-two", M(R(4), R(2)), True),
    ("factor-of-two", M(R(4), R(3)), False),
]


@pytest.mark.parametrize(("code", "mistake", "fires"), CASES,
                         ids=[f"{c}-{'fires' if fires else 'quiet'}-{i}" for i, (c, _, fires) in enumerate(CASES)])
def test_rule(code, mistake, fires):
    """The rule named `code` explains the mistake exactly when it should."""
    rule = dict(RULES)[code]
    message = rule(mistake)
    assert bool(message) is fires, message


def test_every_rule_has_a_table_row_that_fires_and_one_that_does_not():
    """Each rule in RULES is covered both ways by CASES."""
    covered = {(code, fires) for code, _, fires in CASES}
    for code, _ in RULES:
        assert (code, True) in covered and (code, False) in covered, code


RIGHT_ANSWERS = [
    M(2, 2, functions={"f": f}),
    M(sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]), sp.ImmutableMatrix([6 * x, 16 * x**3 + 3]), functions={"F": F, "G": G}),
    M(A + A.T, A + A.T, named=[NamedValue("A", A, "line 7")]),
    M(R(-1585, 10000), R(-1585, 10000), named=[NamedValue("q", R(-1585, 10000))], expected_name="p"),
]


@pytest.mark.parametrize("mistake", RIGHT_ANSWERS, ids=range(len(RIGHT_ANSWERS)))
def test_a_right_answer_triggers_no_rule(mistake):
    """diagnose() names no mistake when the found value is the expected one."""
    assert diagnose(mistake) is None


# End to end: the code each planted mistake gets in a whole document.
DOCUMENTS = [
    ("$f(x, y) = 2x + 3y$\n\n$$\\frac{\\partial f(x,y)}{\\partial x} = 2(2x+3y) \\cdot 2$$\n", 3, "squared-not-linear"),
    ("$$\\frac{\\partial (y - h)^2}{\\partial h} = 2(y - h)$$\n", 1, "sign-flip"),
    ("$$\\frac{0.913}{0.3663} = 0.249$$\n", 1, "power-of-ten"),
    ("$z_{12} = 0.519$\n\n$$-15.886 \\times 0.579 = -8.244$$\n", 3, "miscopied-digits"),
    ("$F(x,y) = \\begin{bmatrix} x^2 + 2y \\\\ 3x + 4y^2 \\end{bmatrix}$\n\n$G(x) = \\begin{bmatrix} x \\\\ x^2 \\end{bmatrix}$\n\n"
     "$$D(F \\circ G)(x) = DF(G(x))$$\n", 5, "chain-rule-missing-factor"),
    ("$F(x,y) = \\begin{bmatrix} x^2 y \\\\ x + y^3 \\end{bmatrix}$\n\n"
     "$$DF(x,y) = \\begin{bmatrix} 2xy & 1 \\\\ x^2 & 3y^2 \\end{bmatrix}$$\n", 3, "transposed-jacobian"),
]


@pytest.mark.parametrize(("text", "line", "code"), DOCUMENTS, ids=[d[2] for d in DOCUMENTS])
def test_document_mistake_gets_its_code(text, line, code):
    """check_text reports the planted mistake on its line with the rule's code."""
    errors = [(e.line, e.code) for e in check_text(text).errors]
    assert (line, code) in errors, errors
