"""Answer key for examples/jacobians_model.md and examples/jacobians_flawed.md.

1. Polar coordinates P(r, θ) = (r cos θ, r sin θ): the Jacobian DP(r, θ), det DP = r, and the
   same at (r, θ) = (2, π/3).
2. F(x, y) = (x^2 y, x + y^3): DF(x, y), DF(2, -1) and its determinant.
3. G(t) = (t, t^2): D(F∘G)(1) by the chain rule DF(G(t)) DG(t), and directly by
   differentiating (F∘G)(t) = (t^4, t + t^6).
"""
import sympy as sp

from symcheck.derive import at, chain_rule, compose, composition_aliases, jacobian
from symcheck.problem import Part, Problem, Quantity, after

r, theta = sp.symbols(r"r \theta")
x, y, t = sp.symbols("x y t")

P = sp.ImmutableMatrix([r * sp.cos(theta), r * sp.sin(theta)])
DP = jacobian(P, [r, theta])
polar_point = {r: 2, theta: sp.pi / 3}

F = sp.ImmutableMatrix([x**2 * y, x + y**3])
DF = jacobian(F, [x, y])
G = sp.ImmutableMatrix([t, t**2])
DG = jacobian(G, [t])
FoG = compose(F, [x, y], G)
chain = chain_rule(F, [x, y], G, [t])  # DF(G(t)) DG(t)
direct = jacobian(FoG, [t])  # d/dt of (F∘G)(t)

# The student's own matrices, entry by entry, for error carried forward.
M = sp.ImmutableMatrix(2, 2, sp.symbols("M11 M12 M21 M22"))
A = sp.ImmutableMatrix(2, 2, sp.symbols("A11 A12 A21 A22"))
B = sp.ImmutableMatrix(sp.symbols("B1 B2"))


def det2(m):
    return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]


def partial_of_component(i, var):
    """∂P_i/∂var, also written as ∂/∂var applied to the component itself: an entry of DP."""
    name = sp.latex(var)
    return Quantity(rf"\frac{{\partial P_{i}}}{{\partial {name}}}", DP[i - 1, [r, theta].index(var)],
                    [rf"\frac{{\partial P_{i}}}{{\partial {name}}}",
                     rf"\frac{{\partial}}{{\partial {name}}}({sp.latex(P[i - 1])})"],
                    id=f"dP{i}/d{name}", required=False)


with_chain_rule = (after("chain rule"),)
directly = (after("directly"), after("direct way"), after("without the chain rule"), after("without chain rule"))

PROBLEM = Problem(
    "Jacobians and the chain rule",
    parts=[
        Part("1", points=4, prompt="P(r, θ) = (r cos θ, r sin θ): DP(r, θ) and det DP(r, θ); check at (2, π/3).",
             quantities=[
                 *[partial_of_component(i, v) for i in (1, 2) for v in (r, theta)],
                 Quantity(r"DP(r, \theta)", DP, [r"DP(r, \theta)", "DP", r"J_P(r, \theta)", r"D P(r, \theta)"],
                          id="DP"),
                 Quantity(r"\det DP(r, \theta)", sp.simplify(DP.det()),
                          [r"\det DP(r, \theta)", r"\det DP", r"\det(DP(r, \theta))", r"\det J_P(r, \theta)"],
                          id="det DP", formula=det2(M), depends={M: "DP"}),
                 Quantity(r"DP(2, \frac{\pi}{3})", at(DP, polar_point),
                          [r"DP(2, \frac{\pi}{3})", r"DP(2, \pi/3)", r"J_P(2, \frac{\pi}{3})"], id="DP(2, pi/3)"),
                 Quantity(r"\det DP(2, \frac{\pi}{3})", at(DP, polar_point).det(),
                          [r"\det DP(2, \frac{\pi}{3})", r"\det DP(2, \pi/3)"], id="det DP(2, pi/3)",
                          formula=det2(M), depends={M: "DP(2, pi/3)"}),
             ]),
        Part("2", points=3, prompt="F(x, y) = (x^2 y, x + y^3): DF(x, y), DF(2, -1) and det DF(2, -1).",
             quantities=[
                 Quantity("DF(x, y)", DF, ["DF(x, y)", "DF", "J_F(x, y)", "D F(x, y)"], id="DF"),
                 Quantity("DF(2, -1)", at(DF, {x: 2, y: -1}), ["DF(2, -1)", "J_F(2, -1)"], id="DF(2, -1)"),
                 Quantity(r"\det DF(2, -1)", at(DF, {x: 2, y: -1}).det(), [r"\det DF(2, -1)", r"\det(DF(2, -1))"],
                          id="det DF(2, -1)", formula=det2(M), depends={M: "DF(2, -1)"}),
                 Quantity(r"\det DF(x, y)", DF.det(), [r"\det DF(x, y)", r"\det DF"], id="det DF",
                          formula=det2(M), depends={M: "DF"}, required=False),
             ]),
        Part("3", points=4, prompt="G(t) = (t, t^2): D(F∘G)(1) with the chain rule, and directly.",
             quantities=[
                 Quantity("G(1)", at(G, {t: 1}), id="G(1)", required=False),
                 Quantity("DG(t)", DG, ["DG(t)", "DG", "G'(t)"], id="DG"),
                 Quantity("DG(1)", at(DG, {t: 1}), ["DG(1)", "G'(1)"], id="DG(1)"),
                 Quantity("DF(G(1))", at(DF, {x: 1, y: 1}), ["DF(G(1))", "DF(1, 1)"], id="DF(G(1))"),
                 Quantity(r"D(F \circ G)(1)", at(chain, {t: 1}), composition_aliases("F", "G", "1"),
                          id="D(FoG)(1) chain rule", label="with the chain rule", context=with_chain_rule,
                          formula=A * B, depends={A: "DF(G(1))", B: "DG(1)"}),
                 Quantity(r"D(F \circ G)(t)", chain, composition_aliases("F", "G", "t"), id="D(FoG)(t)"),
                 Quantity(r"(F \circ G)(t)", FoG, composition_aliases("F", "G", "t", derivative=False), id="(FoG)(t)"),
                 Quantity(r"\frac{d}{dt}(F \circ G)(t)", direct, [r"\frac{d}{dt}(F \circ G)(t)",
                                                                 r"\frac{d}{dt}(F \circ G)"], id="d/dt (FoG)(t)"),
                 Quantity(r"D(F \circ G)(1)", at(direct, {t: 1}), composition_aliases("F", "G", "1"),
                          id="D(FoG)(1) direct", label="without the chain rule", context=directly),
             ]),
    ],
)
