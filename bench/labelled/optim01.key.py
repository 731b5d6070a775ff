"""Answer key (optim01): three heavy-ball momentum steps and three Adam steps, by hand.

Momentum on f(theta) = theta_1^2 + 3 theta_2^2 from theta^(0) = (1, 1), beta = 0.9, eta = 0.1, v^(0) = 0,
v^(t+1) = beta v^(t) + grad f(theta^(t)), theta^(t+1) = theta^(t) - eta v^(t+1).
Adam on g(w) = (w - 2)^2 from w_0 = 0, alpha = 0.1, beta1 = 0.9, beta2 = 0.999, epsilon ignored.

Every iterate has a formula over the previous ones (depends), so a value that correctly uses the
student's own wrong earlier value is carried forward. The momentum vectors are written v^{(t)} and
the Adam second moments v_t by the student; the aliases keep the two apart.
"""
import sympy as sp

from symcheck.problem import Part, Problem, Quantity

R = sp.Rational
beta, eta = R(9, 10), R(1, 10)
a, b1, b2 = R(1, 10), R(9, 10), R(999, 1000)


def grad_f(th):
    return sp.ImmutableMatrix([2 * th[0], 6 * th[1]])


def f(th):
    return th[0] ** 2 + 3 * th[1] ** 2


P = sp.ImmutableMatrix(sp.symbols("P1 P2"))   # previous theta
V = sp.ImmutableMatrix(sp.symbols("V1 V2"))   # previous / current v
G = sp.ImmutableMatrix(sp.symbols("G1 G2"))   # gradient
Th = sp.ImmutableMatrix(sp.symbols("T1 T2"))  # current theta

momentum = []
th, v = sp.ImmutableMatrix([1, 1]), sp.ImmutableMatrix([0, 0])
for t in (1, 2, 3):
    g = grad_f(th)
    v = beta * v + g
    th = th - eta * v
    prev = f"theta{t - 1}" if t > 1 else None
    momentum += [
        Quantity(rf"\nabla f(\theta^{{({t - 1})}})", g, [rf"\nabla f(\theta^{{({t - 1})}})"], id=f"grad{t - 1}",
                 required=False, **({"formula": grad_f(P), "depends": {P: prev}} if prev else {})),
        Quantity(rf"v^{{({t})}}", v, [rf"v^{{({t})}}"], id=f"v{t}",
                 **({"formula": beta * V + G, "depends": {V: f"v{t - 1}", G: f"grad{t - 1}"}} if t > 1 else {})),
        Quantity(rf"\theta^{{({t})}}", th, [rf"\theta^{{({t})}}"], id=f"theta{t}",
                 **({"formula": P - eta * V, "depends": {P: prev, V: f"v{t}"}} if prev else {})),
        Quantity(rf"f(\theta^{{({t})}})", f(th), [rf"f(\theta^{{({t})}})"], id=f"f{t}", required=False,
                 formula=f(Th), depends={Th: f"theta{t}"}),
    ]

W, M, S, Gs, Mh, Vh = sp.symbols("W M S Gs Mh Vh")
adam = []
w, m, s = 0, 0, 0
for t in (1, 2, 3):
    g = 2 * (w - 2)
    m = b1 * m + (1 - b1) * g
    s = b2 * s + (1 - b2) * g**2
    mh, vh = m / (1 - b1**t), s / (1 - b2**t)
    w = w - a * mh / sp.sqrt(vh)
    adam += [
        Quantity(f"g_{t}", g, [f"g_{t}"], id=f"g{t}",
                 **({"formula": 2 * (W - 2), "depends": {W: f"w{t - 1}"}} if t > 1 else {})),
        Quantity(f"m_{t}", m, [f"m_{t}"], id=f"m{t}",
                 formula=b1 * (M if t > 1 else 0) + (1 - b1) * Gs,
                 depends={**({M: f"m{t - 1}"} if t > 1 else {}), Gs: f"g{t}"}),
        Quantity(f"v_{t}", s, [f"v_{t}"], id=f"s{t}",
                 formula=b2 * (S if t > 1 else 0) + (1 - b2) * Gs**2,
                 depends={**({S: f"s{t - 1}"} if t > 1 else {}), Gs: f"g{t}"}),
        Quantity(rf"\hat m_{t}", mh, [rf"\hat m_{t}", rf"\hat{{m}}_{t}"], id=f"mh{t}", required=False,
                 formula=M / (1 - b1**t), depends={M: f"m{t}"}),
        Quantity(rf"\hat v_{t}", vh, [rf"\hat v_{t}", rf"\hat{{v}}_{t}"], id=f"vh{t}", required=False,
                 formula=S / (1 - b2**t), depends={S: f"s{t}"}),
        Quantity(f"w_{t}", w, [f"w_{t}"], id=f"w{t}",
                 formula=(W if t > 1 else 0) - a * Mh / sp.sqrt(Vh),
                 depends={**({W: f"w{t - 1}"} if t > 1 else {}), Mh: f"mh{t}", Vh: f"vh{t}"}),
    ]

PROBLEM = Problem(
    "Momentum and Adam by hand",
    parts=[
        Part("momentum", points=6, prompt="Three heavy-ball steps on theta_1^2 + 3 theta_2^2 from (1, 1).",
             quantities=momentum),
        Part("adam", points=6, prompt="Three Adam steps on (w - 2)^2 from 0.", quantities=adam),
    ],
)
