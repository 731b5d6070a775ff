# optim01: three heavy-ball momentum steps on f(theta) = theta_1^2 + 3 theta_2^2 from (1, 1)
# (beta = 0.9, eta = 0.1, v0 = 0, v <- beta v + grad, theta <- theta - eta v), and three Adam steps on
# g(w) = (w - 2)^2 from w0 = 0 (alpha = 0.1, beta1 = 0.9, beta2 = 0.999, eps ignored).
# Exact correct iterates, then the student's path (their wrong values carried forward), step by step.
import sympy as sp

R = sp.Rational
def f(th):
    return th[0]**2 + 3 * th[1]**2


def grad_f(th):
    return sp.Matrix([2 * th[0], 6 * th[1]])


beta, eta = R(9, 10), R(1, 10)


def momentum(steps, th, v):
    out = []
    for _ in range(steps):
        g = grad_f(th)
        v = beta * v + g
        th = th - eta * v
        out.append((g, v, th, f(th)))
    return out


true_momentum = momentum(3, sp.Matrix([1, 1]), sp.Matrix([0, 0]))
# t=1: g (2,6), v (2,6), theta (0.8,0.4), f 1.12 (student: 1.28)
# t=2: g (1.6,2.4), v (3.4,7.8), theta (0.46,-0.38), f 0.6448
# t=3: g (0.92,-2.28), v (3.98,4.74) (student: 9.30), theta (0.062,-0.854), f 2.191792
student_v3 = sp.Matrix([R("3.98"), R("9.30")])
student_theta3 = sp.Matrix([R("0.46"), R("-0.38")]) - eta * student_v3   # (0.062, -1.31)
student_f3 = f(student_theta3)                                          # 5.152144

a, b1, b2 = R(1, 10), R(9, 10), R(999, 1000)


def gp(w):
    return 2 * (w - 2)




def adam(steps, w):
    m = v = 0
    out = []
    for t in range(1, steps + 1):
        g = gp(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        w = w - a * mh / sp.sqrt(vh)
        out.append((g, m, v, mh, vh, w))
    return out


true_adam = adam(3, 0)
# t=1: g -4, m -0.4, v 0.016, mhat -4, vhat 16, w 0.1
# t=2: g -3.8, m -0.74, v 0.030424, mhat -3.894737, vhat 15.219610, w 0.199833 (student: 0.0002)
# the student's t=2 numbers
s_step2 = a * R("3.8947") / R("3.9012")                    # 0.0998334
s_w2 = R("0.0002")
# the student's t=3, from w2 = 0.0002
s_g3 = gp(s_w2)                                            # -3.9996
s_m3_right = b1 * R("-0.74") + (1 - b1) * s_g3             # -1.06596 (student wrote -1.0060)
s_v3_student = b2 * R("0.030424") + (1 - b2) * s_g3        # 0.026394: g not squared
s_v3_right = b2 * R("0.030424") + (1 - b2) * s_g3**2       # 0.046390
bc1, bc2 = 1 - b1**3, 1 - b2**3                            # 0.271, 0.002997001
s_mh3 = R("-1.0060") / R("0.271")                          # -3.712177
s_vh3 = R("0.026394") / R("0.002997")                      # 8.806807
s_sqrt = sp.sqrt(R("8.8068"))                              # 2.967625
s_step3 = a * R("3.7122") / R("2.9676")                    # 0.125091
s_w3 = R("0.0002") + R("0.1251")                           # 0.1253

if __name__ == "__main__":
    def n(v):
        return [sp.N(e, 7) for e in v] if isinstance(v, (tuple, list, sp.MatrixBase)) else sp.N(v, 7)

    for t, row in enumerate(true_momentum, 1):
        print(f"momentum t={t}: grad, v, theta, f =", [n(e) for e in row])
    for t, row in enumerate(true_adam, 1):
        print(f"adam t={t}: g, m, v, mhat, vhat, w =", [n(e) for e in row])
    for k in ["student_theta3", "student_f3", "s_step2", "s_g3", "s_m3_right", "s_v3_student", "s_v3_right",
              "bc1", "bc2", "s_mh3", "s_vh3", "s_sqrt", "s_step3", "s_w3"]:
        print(k, "=", n(globals()[k]))
