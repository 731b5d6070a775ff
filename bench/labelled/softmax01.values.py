# softmax01: a softmax classifier z = W h + c, p = softmax(z), L = -ln p_y (y = 0, classes 0-based):
# forward pass, loss, softmax Jacobian, dL/dz = p - e_y, dL/dW = delta h^T, dL/dh = W^T delta,
# one bias step with learning rate 0.5. Exact values, then values from the student's rounded numbers.
import sympy as sp

R = sp.Rational
W = sp.Matrix([[1, R(-1, 2)], [R(1, 2), R(1, 2)], [R(-1, 4), R(1, 4)]])
h = sp.Matrix([1, -1])
c = sp.Matrix([R(1, 2), 1, 0])
y = 0
lr = R(1, 2)
z = W * h + c                                             # (2, 1, -1/2)
ez = z.applyfunc(sp.exp)                                  # e^2, e, e^{-1/2}
S = sum(ez)                                               # 10.713869
p = ez / S                                                # (0.689672, 0.253716, 0.056612)
L = -sp.log(p[y])                                         # 0.371539
L_lse = sp.log(S) - z[y]                                  # same
assert sp.simplify(L - L_lse) == 0
L_log10_wrong = -sp.log(p[y], 10)                         # 0.161357: what the student's 0.1614 is
stable = [sp.exp(v - 2) for v in z]                       # 1, e^{-1}, e^{-5/2}
jac = sp.Matrix(3, 3, lambda i, j: sp.diff((sp.Matrix(sp.symbols("a0:3")).applyfunc(sp.exp)
                                            / sum(sp.Matrix(sp.symbols("a0:3")).applyfunc(sp.exp)))[i],
                                           sp.symbols("a0:3")[j]).subs(dict(zip(sp.symbols("a0:3"), z))))
dp0_dz0, dp0_dz1 = jac[0, 0], jac[0, 1]                   # p0(1-p0) = 0.214009, -p0 p1 = -0.174983
ey = sp.Matrix([1, 0, 0])
delta = p - ey                                            # (-0.310328, 0.253716, 0.056612)
dL_dW = delta * h.T                                       # 3x2 (shape of W); h delta^T is its transpose
dL_dh = W.T * delta                                       # (-0.197633, 0.296162)
c_new = c - lr * delta                                    # (0.655164, 0.873142, -0.028306)

# from the student's rounded numbers
ps = [R("0.6897"), R("0.2537"), R("0.0566")]
S_student = R("7.3891") + R("2.7183") + R("0.6065")       # 10.7139
p_student = [R(v) / R("10.7139") for v in ("7.3891", "2.7183", "0.6065")]
stable_sum = 1 + R("0.3679") + R("0.0821")                # 1.4500
jac_student = (ps[0] * (1 - ps[0]), ps[0] * ps[1])        # 0.214014, 0.174977 (sign must be -)
ds = sp.Matrix([ps[0] - 1, ps[1], ps[2]])
dL_dh_student = W.T * ds                                  # (-0.1976, 0.29615)
row1_terms = (R("-0.5") * R("-0.3103"), R("0.5") * R("0.2537"), R("0.25") * R("0.0566"))
row1_sum_rounded = R("0.1552") + R("0.1269") + R("0.0142")   # 0.2963 (student: 0.2863)
c_new_student = c - lr * ds                               # (0.65515, 0.87315, -0.0283)

if __name__ == "__main__":
    for k in ["z", "ez", "S", "p", "L", "L_lse", "L_log10_wrong", "stable", "dp0_dz0", "dp0_dz1", "delta",
              "dL_dW", "dL_dh", "c_new", "S_student", "p_student", "stable_sum", "jac_student",
              "dL_dh_student", "row1_terms", "row1_sum_rounded", "c_new_student"]:
        v = globals()[k]
        num = [sp.N(e, 7) for e in v] if isinstance(v, (list, tuple, sp.MatrixBase)) else sp.N(v, 7)
        print(f"{k} = {num}")
