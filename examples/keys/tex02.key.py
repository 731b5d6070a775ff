"""Answer key (tex02): gradient, maximal rate of increase, Hessian and linear approximation of
f(x, y, z) = x^2 y + e^{yz} at P = (1, 2, 1/2); the Jacobian of G(u, v, w) = (uvw, u^2 - cos(vw)) and
(G o r)'(1) for r(t) = (t^2, 2t, t^3), with the chain rule and by substituting first."""
import sympy as sp

from symcheck.derive import at, chain_rule, compose, composition_aliases, gradient, hessian, jacobian, partial_aliases
from symcheck.problem import Part, Problem, Quantity, after

STATEMENT = r"""
$f(x,y,z) = x^2 y + e^{yz}$, $P = (1, 2, \tfrac12)$
$G(u,v,w) = \begin{pmatrix} uvw \\ u^2 - \cos(vw) \end{pmatrix}$, $r(t) = (t^2,\ 2t,\ t^3)$
"""
R = sp.Rational
x, y, z, u, v, w, t = sp.symbols("x y z u v w t")
XYZ, UVW = [x, y, z], [u, v, w]
f = x**2 * y + sp.exp(y * z)
P = {x: 1, y: 2, z: R(1, 2)}
grad, H = gradient(f, XYZ), hessian(f, XYZ)
gradP = at(grad, P)
Delta = sp.ImmutableMatrix([R(1, 10), R(-1, 10), R(1, 10)])  # (1.1, 1.9, 0.6) - P
G = sp.ImmutableMatrix([u * v * w, u**2 - sp.cos(v * w)])
r = sp.ImmutableMatrix([t**2, 2 * t, t**3])
DG, dr, r1 = jacobian(G, UVW), jacobian(r, [t]), at(r, {t: 1})
Gr = compose(G, UVW, r)

Gv = sp.ImmutableMatrix(sp.symbols("G1:4"))
F0 = sp.Symbol("F0")
A, B = sp.ImmutableMatrix(2, 3, sp.symbols("A1:7")), sp.ImmutableMatrix(sp.symbols("B1:4"))


def second(a, b):
    names = [f"f_{{{a}{b}}}", rf"\frac{{\partial^2 f}}{{\partial {a} \partial {b}}}"]
    names += [f"f_{{{b}{a}}}", rf"\frac{{\partial^2 f}}{{\partial {b} \partial {a}}}"] if a != b else [
        rf"\frac{{\partial^2 f}}{{\partial {a}^2}}"]
    return Quantity(names[0], H[XYZ.index(a), XYZ.index(b)], names, required=False)


def composed(point, value, **options):
    aliases = composition_aliases("G", "r", point) + [rf"\frac{{d}}{{dt}}(G \circ r)({point})"]
    return Quantity(rf"(G \circ r)'({point})", value, aliases, **options)


PROBLEM = Problem(
    "Gradient, Hessian and linear approximation in three variables; a Jacobian and the chain rule",
    given=STATEMENT,
    parts=[
        Part("1a", points=3, prompt="grad f(P) and the maximal rate of increase of f at P.", quantities=[
            *[Quantity(rf"\frac{{\partial f}}{{\partial {s}}}", grad[i], partial_aliases("f", XYZ, str(s)) +
                       [rf"\partial_{s} f"], required=False) for i, s in enumerate(XYZ)],
            Quantity(r"\nabla f(x, y, z)", grad, [r"\nabla f(x, y, z)", r"\nabla f"], required=False,
                     label="as a function of (x, y, z)"),
            Quantity(r"\nabla f(P)", gradP, [r"\nabla f(P)", r"\nabla f(1, 2, \tfrac12)", r"\nabla f(1, 2, 0.5)",
                                            r"\nabla f"], label="at P"),
            Quantity(r"\|\nabla f(P)\|", sp.sqrt(sum(g**2 for g in gradP)),
                     [r"\|\nabla f(P)\|", r"|\nabla f(P)|", r"\|\nabla f\|", r"|\nabla f|"],
                     formula=sp.sqrt(sum(g**2 for g in Gv)), depends={Gv: r"\nabla f(P)"}),
        ]),
        Part("1b", points=3, prompt="The Hessian H_f(P).", quantities=[
            *[second(a, b) for i, a in enumerate(XYZ) for b in XYZ[i:]],
            Quantity("H_f", H, ["H_f", "H_f(x, y, z)", r"\nabla^2 f", r"\nabla^2 f(x, y, z)"], required=False,
                     label="as a function of (x, y, z)"),
            Quantity("H_f(P)", at(H, P), ["H_f(P)", r"\nabla^2 f(P)", "H_f", "H(P)", "H"], label="at P"),
        ]),
        Part("1c", points=2, prompt="Estimate f(1.1, 1.9, 0.6) by the linear approximation at P.", quantities=[
            Quantity("f(P)", f.subs(P), ["f(P)", r"f(1, 2, \tfrac12)", "f(1, 2, 0.5)"], required=False),
            Quantity(r"\Delta", Delta, [r"\Delta", r"\Delta x"], required=False),
            Quantity("f(1.1, 1.9, 0.6)", f.subs(P) + (gradP.T * Delta)[0], ["f(1.1, 1.9, 0.6)", "L(1.1, 1.9, 0.6)"],
                     label="the linear approximation", formula=F0 + (Gv.T * Delta)[0],
                     depends={F0: "f(P)", Gv: r"\nabla f(P)"}),
        ]),
        Part("2", points=4, prompt="DG, then (G o r)'(1) with the chain rule and by substituting first.", quantities=[
            Quantity("DG(u, v, w)", DG, ["DG(u, v, w)", "DG", "J_G(u, v, w)", "J_G"]),
            Quantity("r(1)", r1, required=False),
            Quantity("r'(t)", dr, ["r'(t)", r"\frac{dr}{dt}"], required=False),
            Quantity("r'(1)", at(dr, {t: 1}), required=False),
            Quantity("DG(r(1))", at(DG, dict(zip(UVW, r1))), ["DG(r(1))", "DG(1, 2, 1)"], required=False),
            composed("1", at(chain_rule(G, UVW, r, [t]), {t: 1}), id="(Gor)'(1) chain rule",
                     label="with the chain rule", context=(after("chain rule"),),
                     formula=sp.ImmutableMatrix(A * B), depends={A: "DG(r(1))", B: "r'(1)"}),
            Quantity(r"(G \circ r)(t)", Gr, composition_aliases("G", "r", "t", derivative=False), required=False),
            composed("t", jacobian(Gr, [t]), required=False),
            composed("1", at(jacobian(Gr, [t]), {t: 1}), id="(Gor)'(1) substituting", label="substituting first",
                     context=(after("substitut"), after("direct"))),
        ]),
    ],
)
