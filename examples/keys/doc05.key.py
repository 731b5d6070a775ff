"""Answer key (doc05): the multivariable chain rule, product and quotient rules, softmax and its Jacobian."""
import sympy as sp

from symcheck.derive import partial_aliases
from symcheck.problem import Part, Problem, Quantity, after

STATEMENT = r"""
Q5. (a) $f(x, y) = x^2y + 3y$, $x(t) = 2t + 1$, $y(t) = t^3$, $h(t) = f(x(t), y(t))$.
Find $h'(1)$ using the chain rule, and check by substituting first.
(b) Differentiate $p(x) = x^2\sin x$, $q(x) = \frac{x^2+1}{x-2}$, $r(x) = e^{2x}\cos x$ and evaluate $p'(1)$, $q'(3)$,
$r'(0)$.
(c) $s = (1, 2, 0.5)$. Compute $\mathrm{softmax}(s)$ and the Jacobian entries $\partial\sigma_1/\partial s_2$,
$\partial\sigma_2/\partial s_2$.
"""
x, y, t = sp.symbols("x y t")
f = x**2 * y + 3 * y
h = f.subs({x: 2 * t + 1, y: t**3})
dh = sp.diff(h, t)
p, q, r = x**2 * sp.sin(x), (x**2 + 1) / (x - 2), sp.exp(2 * x) * sp.cos(x)
s, S = [1, 2, sp.Rational(1, 2)], sp.symbols("s1:4")
softmax_of = [sp.exp(Si) / sum(sp.exp(Sk) for Sk in S) for Si in S]
sm = [e.subs(dict(zip(S, s))) for e in softmax_of]
J = sp.ImmutableMatrix(3, 3, lambda i, j: sp.diff(softmax_of[i], S[j]).subs(dict(zip(S, s))))
P1, P2, Zs = sp.symbols("P1 P2 Zs")


def derivative(name, fn, at=None):
    """p'(x) (optional) or p'(1)."""
    value = sp.diff(fn, x) if at is None else sp.diff(fn, x).subs(x, at)
    aliases = [f"{name}'(x)", rf"\frac{{d{name}}}{{dx}}"] if at is None else [f"{name}'({at})"]
    return Quantity(aliases[0], value, aliases, required=at is not None)


def sigma(i):
    return Quantity(rf"\sigma_{i}", sm[i - 1], [rf"\sigma_{i}", rf"\mathrm{{softmax}}(s)_{i}"],
                    formula=sp.exp(s[i - 1]) / Zs, depends={Zs: r"\sum_k e^{s_k}"})


def jacobian_entry(i, formula, depends):
    name = rf"\frac{{\partial \sigma_{i}}}{{\partial s_2}}"
    return Quantity(name, J[i - 1, 1], [name, rf"\partial\sigma_{i}/\partial s_2", f"J_{{{i}2}}"],
                    formula=formula, depends=depends)


PROBLEM = Problem(
    "The chain rule, product and quotient rules, softmax and its Jacobian",
    given=STATEMENT,
    parts=[
        Part("a", points=4, prompt="h(t) = f(x(t), y(t)): h'(1) by the chain rule and by substituting first.",
             quantities=[
                 *[Quantity(rf"\frac{{\partial f}}{{\partial {v}}}", sp.diff(f, v),
                            partial_aliases("f", [x, y], str(v))) for v in (x, y)],
                 Quantity(r"\frac{dx}{dt}", 2, [r"\frac{dx}{dt}", "x'(t)"], required=False),
                 Quantity(r"\frac{dy}{dt}", 3 * t**2, [r"\frac{dy}{dt}", "y'(t)"], required=False),
                 Quantity("h(t)", sp.expand(h), ["h(t)", "f(x(t), y(t))"], required=False),
                 Quantity("h'(t)", dh, ["h'(t)", r"\frac{dh}{dt}", r"\frac{d}{dt} h(t)"], required=False),
                 Quantity("h'(1)", dh.subs(t, 1), ["h'(1)", r"\frac{dh}{dt}(1)"], id="h'(1) chain",
                          label="with the chain rule", context=(after("chain rule"),)),
                 Quantity("h'(1)", dh.subs(t, 1), ["h'(1)", r"\frac{dh}{dt}(1)"], id="h'(1) subst",
                          label="substituting first", context=(after("substitut"), after("direct"))),
             ]),
        Part("b", points=3, prompt="p'(1), q'(3), r'(0).", quantities=[
            *[derivative(name, fn, at) for name, fn, point in (("p", p, 1), ("q", q, 3), ("r", r, 0))
              for at in (None, point)],
        ]),
        Part("c", points=3, prompt="softmax(s) for s = (1, 2, 0.5); d sigma_1/d s_2 and d sigma_2/d s_2.",
             quantities=[
                 Quantity(r"\sum_k e^{s_k}", sum(sp.exp(si) for si in s), [r"\sum_k e^{s_k}", "Z"], required=False),
                 *[sigma(i) for i in (1, 2, 3)],
                 Quantity(r"\mathrm{softmax}(s)", sp.ImmutableMatrix(sm), [r"\mathrm{softmax}(s)", r"\sigma(s)"],
                          required=False),
                 jacobian_entry(1, -P1 * P2, {P1: r"\sigma_1", P2: r"\sigma_2"}),
                 jacobian_entry(2, P2 * (1 - P2), {P2: r"\sigma_2"}),
             ]),
    ],
)
