"""Answer key (doc03): Jacobians of the polar map and its inverse, a polynomial map, D(F o G) two ways."""
import sympy as sp

from symcheck.derive import at, chain_rule, compose, composition_aliases, jacobian
from symcheck.problem import Part, Problem, Quantity, after

STATEMENT = r"""
Q3. (a) $F(r, \theta) = (r\cos\theta,\ r\sin\theta)$. Find the Jacobian and its determinant, evaluate at
$(r, \theta) = (2, \pi/3)$, use it to estimate the change in $(x, y)$ when $\Delta r = 0.1$, $\Delta\theta = 0.05$.
Also the Jacobian of the inverse map $(x, y) \mapsto (r, \theta)$ at $(1, \sqrt{3})$.
(b) $F(x, y) = (x^2y + 3y,\ 2x - xy^2)$, find $DF(1, -2)$.
(c) $G(s, t) = (s - t,\ st)$. Find $D(F \circ G)(2, 1)$ with the chain rule and without.
"""
r, theta, x, y, s, t = sp.symbols("r theta x y s t")
J = jacobian([r * sp.cos(theta), r * sp.sin(theta)], [r, theta])
J_at = at(J, {r: 2, theta: sp.pi / 3})
change = sp.ImmutableMatrix(J_at * sp.Matrix([sp.Rational(1, 10), sp.Rational(5, 100)]))
Jinv = sp.simplify(jacobian([sp.sqrt(x**2 + y**2), sp.atan2(y, x)], [x, y]))  # the branch through (1, sqrt 3)
Jinv_at = sp.ImmutableMatrix(sp.simplify(at(Jinv, {x: 1, y: sp.sqrt(3)})))
F = sp.ImmutableMatrix([x**2 * y + 3 * y, 2 * x - x * y**2])
DF = jacobian(F, [x, y])
G = sp.ImmutableMatrix([s - t, s * t])
DG, G_at, pt = jacobian(G, [s, t]), at(G, {s: 2, t: 1}), {s: 2, t: 1}
FoG = compose(F, [x, y], G)

M, A, B = (sp.ImmutableMatrix(2, 2, sp.symbols(f"{n}1:5")) for n in "MAB")


def det2(m):
    return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]


def polar_partial(i, var):
    out, name = ("x", "y")[i], sp.latex(var)
    names = [rf"\frac{{\partial {f}}}{{\partial {name}}}" for f in (out, f"F_{i + 1}")]
    return Quantity(names[0], J[i, [r, theta].index(var)], names, required=False)


def inverse_partial(i, var, evaluated):
    out = ("r", r"\theta")[i]
    name = rf"\frac{{\partial {out}}}{{\partial {var}}}"
    value = (Jinv_at if evaluated else Jinv)[i, [x, y].index(var)]
    return Quantity(name, value, id=name + (" at (1, sqrt 3)" if evaluated else ""),
                    label="at (1, sqrt 3)" if evaluated else "as a function of (x, y)", required=evaluated)


PROBLEM = Problem(
    "Jacobians: the polar map and its inverse, a polynomial map, the chain rule",
    given=STATEMENT,
    parts=[
        Part("a", points=6, prompt="Polar map: Jacobian, determinant, at (2, pi/3), linear estimate; "
                                   "the inverse map's Jacobian at (1, sqrt 3).", quantities=[
            *[polar_partial(i, v) for i in (0, 1) for v in (r, theta)],
            Quantity("J", J, ["J", r"J(r, \theta)", r"DF(r, \theta)", r"J_F(r, \theta)", r"J_F",
                              r"\frac{\partial (x, y)}{\partial (r, \theta)}"]),
            Quantity(r"\det J", sp.simplify(J.det()), [r"\det J", r"\det J(r, \theta)", r"\det DF(r, \theta)",
                                                       r"|J|", r"\det(J)"],
                     label="as a function of r", formula=det2(M), depends={M: "J"}),
            Quantity(r"J(2, \pi/3)", J_at, [r"J(2, \pi/3)", r"J(2, \frac{\pi}{3})", r"DF(2, \pi/3)",
                                            r"DF(2, \frac{\pi}{3})", r"J_F(2, \pi/3)"]),
            Quantity(r"\det J(2, \pi/3)", J_at.det(), [r"\det J(2, \pi/3)", r"\det J(2, \frac{\pi}{3})", r"\det J",
                                                      r"|J|", r"\det(J)"],
                     label="at (2, pi/3)", formula=det2(M), depends={M: r"J(2, \pi/3)"}),
            Quantity(r"(\Delta x, \Delta y)", change,
                     [r"(\Delta x, \Delta y)", r"\begin{bmatrix} \Delta x \\ \Delta y \end{bmatrix}",
                      r"\begin{pmatrix} \Delta x \\ \Delta y \end{pmatrix}"],
                     formula=sp.ImmutableMatrix(M * sp.Matrix([sp.Rational(1, 10), sp.Rational(5, 100)])),
                     depends={M: r"J(2, \pi/3)"}),
            Quantity(r"\Delta x", change[0], required=False),
            Quantity(r"\Delta y", change[1], required=False),
            *[inverse_partial(i, v, evaluated) for evaluated in (False, True) for i in (0, 1) for v in (x, y)],
            Quantity(r"J^{-1}", Jinv_at, [r"J^{-1}", r"J_{inv}", r"J_{F^{-1}}", r"J^{-1}(1, \sqrt{3})",
                                          r"J_{inv}(1, \sqrt{3})", r"DF^{-1}(1, \sqrt{3})", r"D(F^{-1})(1, \sqrt{3})",
                                          r"\frac{\partial (r, \theta)}{\partial (x, y)}"]),
            Quantity(r"\det J^{-1}", Jinv_at.det(), [r"\det J^{-1}", r"\det J_{inv}", r"\det J_{F^{-1}}",
                                                    r"\det(J^{-1})"], required=False,
                     formula=det2(M), depends={M: r"J^{-1}"}),
        ]),
        Part("b", points=2, prompt="F(x, y) = (x^2 y + 3y, 2x - x y^2): DF(1, -2).", quantities=[
            Quantity("DF(x, y)", DF, ["DF(x, y)", "DF", "J_F(x, y)", "D F(x, y)"], required=False),
            Quantity("DF(1, -2)", at(DF, {x: 1, y: -2}), ["DF(1, -2)", "J_F(1, -2)", "D F(1, -2)"]),
        ]),
        Part("c", points=4, prompt="G(s, t) = (s - t, st): D(F o G)(2, 1) with the chain rule and without.",
             quantities=[
                 Quantity("G(2, 1)", G_at, required=False),
                 Quantity("DG(s, t)", DG, ["DG(s, t)", "DG", "J_G(s, t)", "J_G"], required=False),
                 Quantity("DG(2, 1)", at(DG, pt), ["DG(2, 1)", "J_G(2, 1)"]),
                 Quantity("DF(G(2, 1))", at(DF, {x: G_at[0], y: G_at[1]}), ["DF(G(2, 1))", "DF(1, 2)", "J_F(1, 2)"]),
                 Quantity(r"D(F \circ G)(2, 1)", at(chain_rule(F, [x, y], G, [s, t]), pt),
                          composition_aliases("F", "G", "2, 1"), id="D(FoG)(2,1) chain rule",
                          label="with the chain rule", context=(after("chain rule"),),
                          formula=sp.ImmutableMatrix(A * B), depends={A: "DF(G(2, 1))", B: "DG(2, 1)"}),
                 Quantity(r"(F \circ G)(s, t)", FoG, composition_aliases("F", "G", "s, t", derivative=False),
                          required=False),
                 Quantity(r"D(F \circ G)(s, t)", jacobian(FoG, [s, t]), composition_aliases("F", "G", "s, t"),
                          required=False),
                 Quantity(r"D(F \circ G)(2, 1)", at(jacobian(FoG, [s, t]), pt), composition_aliases("F", "G", "2, 1"),
                          id="D(FoG)(2,1) direct", label="without the chain rule",
                          context=(after("without the chain rule"), after("without chain rule"), after("direct"))),
             ]),
    ],
)
