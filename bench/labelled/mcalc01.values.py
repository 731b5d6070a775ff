# mcalc01: matrix-calculus gradients with numbers: ||Ax - b||^2, x^T B x with non-symmetric B,
# log det X, tr(MW) and tr(W^T W), log(1 + ||x||^2). Every correct value, checked against finite
# differences / symbolic differentiation, plus what the student's own wrong values give.
import sympy as sp

R = sp.Rational
x1, x2 = sp.symbols("x_1 x_2")
X = sp.Matrix([x1, x2])


def grad(e, v):
    return sp.Matrix([sp.diff(e, s) for s in v])



# Part 1
A = sp.Matrix([[1, 2], [3, -1], [0, 1]])
b = sp.Matrix([1, 0, 2])
p1 = {x1: 1, x2: 1}
f = ((A * X - b).T * (A * X - b))[0]
Ax = A * X.subs(p1)                                   # (3, 2, 1)
r = Ax - b                                            # (2, 2, -1)   (student: r_3 = 1)
f11 = f.subs(p1)                                      # 9
ATr = A.T * r                                         # (8, 1)
ATr_student = A.T * sp.Matrix([2, 2, 1])              # (8, 3)
grad_f = grad(f, [x1, x2]).subs(p1)                   # (16, 2)
assert grad_f == 2 * A.T * r

# Part 2
B = sp.Matrix([[2, 1], [-1, 3]])
p2 = {x1: 1, x2: -2}
g = sp.expand((X.T * B * X)[0])                       # 2x1^2 + 3x2^2
Bx = B * X.subs(p2)                                   # (0, -7)
g_val = g.subs(p2)                                    # 14
grad_g = grad(g, [x1, x2]).subs(p2)                   # (4, -12)
twoBx = 2 * Bx                                        # (0, -14): the symmetric formula, wrong here
BBt = B + B.T                                         # [[4, 0], [0, 6]]
assert BBt * X.subs(p2) == grad_g

# Part 3
a, bb, c, d = sp.symbols("a b c d")
Xs = sp.Matrix([[a, bb], [c, d]])
h = sp.log(Xs.det())
grad_h = sp.Matrix(2, 2, lambda i, j: sp.diff(h, Xs[i, j]))
Xv = {a: 2, bb: 1, c: R(1, 2), d: 3}
Xn = Xs.subs(Xv)
detX = Xn.det()                                       # 11/2
h_val = sp.log(detX)                                  # 1.704748
Xinv = Xn.inv()                                       # [[6/11, -2/11], [-1/11, 4/11]]
grad_h_val = grad_h.subs(Xv)                          # = X^{-T} = [[6/11, -1/11], [-2/11, 4/11]]
assert grad_h_val == Xinv.T and grad_h_val != Xinv
det_pert = 2 * 3 - R("1.01") * R("0.5")               # 5.495
fd = (sp.log(det_pert) - sp.log(R("5.5"))) / R("0.01")   # -0.0909504: matches (X^{-T})_{12}
fd_student = (R("1.7038") - R("1.7047")) / R("0.01")  # -0.09
ln5495 = sp.log(R("5.495"))

# Part 4
M = sp.Matrix([[1, 2], [3, 4]])
w = sp.Matrix(2, 2, sp.symbols("w11 w12 w21 w22"))
grad_phi = sp.Matrix(2, 2, lambda i, j: sp.diff((M * w).trace(), w[i, j]))      # M^T
grad_psi = sp.Matrix(2, 2, lambda i, j: sp.diff((w.T * w).trace(), w[i, j]))    # 2W
assert grad_phi == M.T and grad_psi == 2 * w
W1 = sp.eye(2) - R(1, 10) * M.T                       # [[0.9, -0.3], [-0.2, 0.6]] (student: +0.2)
psi_W1 = (W1.T * W1).trace()                          # 1.30 (same for the student's W1)

# Part 5
q = sp.log(1 + x1**2 + x2**2)
norm2 = (x1**2 + x2**2).subs(p2)                      # 5
grad_q = grad(q, [x1, x2]).subs(p2)                   # (1/3, -2/3) = 2x/(1 + |x|^2)
grad_q_student = X.subs(p2) / 6                       # (1/6, -1/3): chain-rule factor 2 dropped
q_val = q.subs(p2)                                    # ln 6

if __name__ == "__main__":
    for k, v in list(globals().items()):
        if k.startswith("_") or k in ("sp", "R", "x1", "x2", "X", "a", "bb", "c", "d", "Xs", "w", "grad"):
            continue
        if isinstance(v, (sp.Basic, sp.MatrixBase, int)):
            print(f"{k} = {v}   ~ {sp.N(v, 7)}")
