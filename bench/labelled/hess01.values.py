# hess01: critical points and Hessians of f(x, y) = x^3 - 12xy + 8y^3 and g(s, t) = s e^{-(s^2+t^2)/2}.
# Exact values of every quantity the student claims, and what the student's own wrong values give.
import sympy as sp

R = sp.Rational
x, y, s, t = sp.symbols("x y s t", real=True)
f = x**3 - 12 * x * y + 8 * y**3
fx, fy = sp.diff(f, x), sp.diff(f, y)                      # 3x^2 - 12y, 24y^2 - 12x
subst = sp.expand(fy.subs(y, x**2 / 4))                    # 3x^4/2 - 12x
crit_f = sp.solve([fx, fy], [x, y], dict=True)             # (0,0), (2,1)
Hf = sp.hessian(f, (x, y))                                 # [[6x, -12], [-12, 48y]]  (student: 24y)
Hf00, Hf21 = Hf.subs({x: 0, y: 0}), Hf.subs({x: 2, y: 1})
det00, det21 = Hf00.det(), Hf21.det()                      # -144, 432
det21_student = 12 * 24 - 144                              # 144 (from the student's f_yy = 24y)
f21 = f.subs({x: 2, y: 1})                                 # -8 (student: -6)

G = sp.exp(-(s**2 + t**2) / 2)
g = s * G
gs, gt = sp.simplify(sp.diff(g, s)), sp.simplify(sp.diff(g, t))   # (1-s^2)G, -s t G (student: +s t G)
gss, gst, gtt = [sp.simplify(sp.diff(g, *v)) for v in ((s, s), (s, t), (t, t))]
gss_check = sp.simplify(gss - (s**3 - 3 * s) * G)          # 0
gst_check = sp.simplify(gst - (1 - s**2) * (-t) * G)       # 0
gtt_true_form = sp.simplify(gtt - s * (t**2 - 1) * G)      # 0: true g_tt = s(t^2 - 1)G
gtt_student = sp.simplify(sp.diff(s * t * G, t) - s * (1 - t**2) * G)   # 0: derivative of the student's g_t
crit_g = sp.solve([gs, gt], [s, t], dict=True)             # (1,0), (-1,0)
e_half = sp.exp(-R(1, 2))                                  # 0.60653
H10 = sp.hessian(g, (s, t)).subs({s: 1, t: 0})            # diag(-2e^{-1/2}, -e^{-1/2}): local max
Hm10 = sp.hessian(g, (s, t)).subs({s: -1, t: 0})          # diag(2e^{-1/2}, e^{-1/2}): local min
det10, detm10 = H10.det(), Hm10.det()                      # 2e^{-1}, 2e^{-1} = 0.7358
g10, gm10 = g.subs({s: 1, t: 0}), g.subs({s: -1, t: 0})
cubic_at_m1 = (-1)**3 - 3 * (-1)                           # 2 (student: -4)
student_gss10 = (1 - 3) * R("0.6065")                      # -1.2130
student_det10 = R("-1.2130") * R("0.6065")                 # -0.7356845
student_gssm1 = -4 * R("0.6065")                           # -2.4260 (from the wrong -4)
student_detm10 = R("-2.4260") * R("-0.6065")               # 1.471369
quad_student = R("-0.6065") + R(1, 2) * R("-2.4260") * R("0.1")**2   # -0.61863
quad_true = gm10 + R(1, 2) * Hm10[0, 0] * R(1, 100)        # -0.600592
g_m11 = g.subs({s: R("-1.1"), t: 0})                       # -1.1 e^{-0.605} = -0.600682
e_0605 = sp.exp(-R("0.605"))
student_g_m11 = R("-1.1") * R("0.5461")                    # -0.60071
two_e = 2 * R("0.6065")                                    # 1.2130 (student: 1.2310)

if __name__ == "__main__":
    for k, v in list(globals().items()):
        if k.startswith("_") or k in ("sp", "R", "x", "y", "s", "t", "G"):
            continue
        if isinstance(v, (sp.Basic, sp.MatrixBase, list, int)):
            try:
                num = sp.N(v, 7) if not isinstance(v, list) else ""
            except Exception:  # noqa: BLE001 - a value SymPy cannot evaluate numerically is printed without one
                num = ""
            print(f"{k} = {v}   ~ {num}")
