# tangent01: tangent plane and linearisation of h(x, y) = x e^y + y^2 at (2, 0); directional derivative
# along v = (3, -4) (unit u = v/|v|) and the maximum rate; tangent plane to x^2 + 2y^2 + 3z^2 = 6 at
# (1, 1, 1); gradient and directional derivative of T(x, y) = 100 e^{-(x^2 + 2y^2)/10} at (1, 2).
import sympy as sp

R = sp.Rational
x, y, z = sp.symbols("x y z")
h = x * sp.exp(y) + y**2
p = {x: 2, y: 0}
h0 = h.subs(p)                                          # 2
hx, hy = sp.diff(h, x), sp.diff(h, y)                   # e^y, x e^y + 2y  (student: x e^y + y)
hx0, hy0 = hx.subs(p), hy.subs(p)                       # 1, 2
plane = sp.expand(h0 + hx0 * (x - 2) + hy0 * (y - 0))   # x + 2y
lin = plane.subs({x: R("2.1"), y: R("-0.1")})           # 1.9
h_true = h.subs({x: R("2.1"), y: R("-0.1")})            # 1.910159
h_student_terms = R("2.1") * R("0.9048")                # 1.90008
v = sp.Matrix([3, -4])
u = v / v.norm()
grad_h = sp.Matrix([hx0, hy0])
Du_h = (grad_h.T * u)[0]                                # -1 (student: -5 = grad . v)
grad_dot_v = (grad_h.T * v)[0]                          # -5
max_rate = grad_h.norm()                                # sqrt 5 = 2.236068
max_dir = grad_h / grad_h.norm()                        # (0.447214, 0.894427)

F = x**2 + 2 * y**2 + 3 * z**2
q = {x: 1, y: 1, z: 1}
gradF = sp.Matrix([sp.diff(F, s) for s in (x, y, z)])
gradF1 = gradF.subs(q)                                  # (2, 4, 6)
tplane = sp.expand((gradF1.T * (sp.Matrix([x, y, z]) - sp.Matrix([1, 1, 1])))[0])   # 2x + 4y + 6z - 12
w = sp.Matrix([1, 1, 1]) / sp.sqrt(3)
DwF = (gradF1.T * w)[0]                                 # 4 sqrt 3 = 6.928203

T = 100 * sp.exp(-(x**2 + 2 * y**2) / 10)
r = {x: 1, y: 2}
T0 = T.subs(r)                                          # 40.656966
e09 = sp.exp(-R(9, 10))                                 # 0.406570
Tx, Ty = sp.diff(T, x).subs(r), sp.diff(T, y).subs(r)   # -8.131393, -32.525573 (= -0.8 T; student -0.4 T)
uT = -sp.Matrix([1, 2]) / sp.sqrt(5)
DuT = (sp.Matrix([Tx, Ty]).T * uT)[0]                   # 32.728226
normT = sp.Matrix([Tx, Ty]).norm()                      # 33.526593
# the student's carried values (T = 40.66, T_y = -16.264)
s_Tx, s_Ty = R("40.66") * R("-0.2"), R("40.66") * R("-0.4")
s_DuT_terms = (R("-8.132") * R("-0.4472"), R("-16.264") * R("-0.8944"))   # 3.636630, 14.546522
s_DuT = R("3.6366") + R("14.5465")                      # 18.1831
s_sq = (R("8.132")**2, R("16.264")**2)                  # 66.129424, 264.517696
s_norm = sp.sqrt(R("330.6471"))                         # 18.183704

if __name__ == "__main__":
    for k, val in list(globals().items()):
        if k.startswith("_") or k in ("sp", "R", "x", "y", "z", "p", "q", "r"):
            continue
        if isinstance(val, (sp.Basic, sp.MatrixBase, tuple)):
            num = [sp.N(e, 7) for e in val] if isinstance(val, (tuple, sp.MatrixBase)) else sp.N(val, 7)
            print(f"{k} = {val}   ~ {num}")
