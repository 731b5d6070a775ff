# eig01: eigenvalues/eigenvectors of A = [[2, 1], [1, -1]] and C = [[3, 1, 1], [1, 3, 1], [1, 1, 3]],
# and the eigenvalues of A^2 + I. Exact values of every quantity the student claims, plus the
# values the student's own (wrong) earlier numbers lead to.
import sympy as sp

R = sp.Rational
lam = sp.symbols("lambda")
A = sp.Matrix([[2, 1], [1, -1]])
p = sp.expand((A - lam * sp.eye(2)).det())                    # lambda^2 - lambda - 3
partial_product = sp.expand((2 - lam) * (-1 - lam))          # lambda^2 - lambda - 2
trA, detA = A.trace(), A.det()
lam1, lam2 = (1 + sp.sqrt(13)) / 2, (1 - sp.sqrt(13)) / 2
assert sp.simplify(p.subs(lam, lam1)) == 0 and sp.simplify(p.subs(lam, lam2)) == 0
sqrt13 = sp.sqrt(13)
lam1_from_rounded = (1 + R("3.6056")) / 2                    # 2.3028
lam2_from_rounded = (1 - R("3.6056")) / 2                    # -1.3028
prod_rounded = R("2.3028") * R("-1.3028")                    # -3.00008784
# eigenvector for lambda_1: (2 - lambda_1) v1 + v2 = 0  =>  v2 = (lambda_1 - 2) v1 (positive!)
v1_slope = lam1 - 2                                          # +0.3028
v1 = sp.Matrix([1, v1_slope])
norm_v1 = sp.sqrt(1 + v1_slope**2)                           # 1.0448
norm_wrong_formula = sp.sqrt(1 + R("0.3028"))                # what the student wrote: 1.1414
unit_from_student = (1 / R("1.1414"), R("-0.3028") / R("1.1414"))   # (0.8761, -0.2653)
# eigenvector for lambda_2
v2_slope = lam2 - 2                                          # -3.3028
v2 = sp.Matrix([1, v2_slope])
Av2 = A * sp.Matrix([1, R("-3.3028")])                       # (-1.3028, 4.3028)
lam2v2 = R("-1.3028") * sp.Matrix([1, R("-3.3028")])         # (-1.3028, 4.30289)
dot_true = (v1.T * v2)[0]                                    # 0 (A symmetric)
dot_student = 1 + R("-0.3028") * R("-3.3028")                # 2.00009 (student's wrong v1)
# (b)
C = sp.Matrix([[3, 1, 1], [1, 3, 1], [1, 1, 3]])
pC = sp.expand((C - lam * sp.eye(3)).det())                  # -l^3 + 9 l^2 - 24 l + 20
cof = (3 - lam) * ((3 - lam)**2 - 1) - 1 * ((3 - lam) - 1) + 1 * (1 - (3 - lam))
assert sp.expand(cof - pC) == 0
row2 = sp.expand((3 - lam) * (lam**2 - 6 * lam + 8))         # -l^3 + 9 l^2 - 26 l + 24
pC_at_2 = pC.subs(lam, 2)
factored = sp.factor(pC)                                     # -(l - 5)(l - 2)^2
detC = C.det()                                               # 20
detC_student_terms = (3 * (9 - 1), -1 * (3 - 1), 1 * (1 - 3))  # 24, -2, -2 -> 20 (student: +2, 24)
trC = C.trace()
eigC = C.eigenvals()                                         # {5: 1, 2: 2}
e5 = (C - 5 * sp.eye(3)) * sp.Matrix([1, 1, 1])              # 0
e2a = (C - 2 * sp.eye(3)) * sp.Matrix([1, 0, -1])            # 0
e2b = (C - 2 * sp.eye(3)) * sp.Matrix([1, -1, 1])            # (1, 1, 1): NOT an eigenvector
# (c)
mu1_exact, mu2_exact = lam1**2 + 1, lam2**2 + 1              # 6.302776, 2.697224
mu1_student, mu2_student = R("2.3028")**2 + 1, R("-1.3028")**2 + 1   # 6.30289, 2.69729
A2 = A * A                                                   # [[5, 1], [1, 2]]
tr_A2_plus_I = (A2 + sp.eye(2)).trace()                      # 9
tr_student = 6 + 1                                           # from the student's wrong A^2 = [[5,1],[1,0]]
sum_mu_student = R("6.3029") + R("2.6973")                   # 9.0002

if __name__ == "__main__":
    for k, v in list(globals().items()):
        if k.startswith("_") or k in ("sp", "R", "lam") or callable(v) and not isinstance(v, sp.Basic):
            continue
        if isinstance(v, (sp.Basic, sp.MatrixBase, tuple, dict, int)):
            try:
                num = sp.N(v, 8) if not isinstance(v, (tuple, dict)) else [sp.N(e, 8) for e in v]
            except Exception:  # noqa: BLE001 - a value SymPy cannot evaluate numerically is printed without one
                num = ""
            print(f"{k} = {v}   ~ {num}")
