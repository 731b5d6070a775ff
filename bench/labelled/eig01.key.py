"""Answer key (eig01): eigenvalues and eigenvectors.

(a) A = [[2, 1], [1, -1]]: characteristic polynomial, eigenvalues (1 +- sqrt 13)/2, eigenvectors
    (first component scaled to 1) and the unit eigenvector for lambda_1.
(b) C = [[3, 1, 1], [1, 3, 1], [1, 1, 3]]: characteristic polynomial -(l - 2)^2 (l - 5), det C, tr C.
(c) the eigenvalues of A^2 + I and A^2.

Not in the key: ||v^(1)|| (the alias \\|v^{(1)}\\| does not parse, so a key naming it fails to load),
and the eigenvectors of C for lambda = 2 (any vector of the plane x + y + z = 0 is right; a quantity
has one value).
"""
import sympy as sp

from symcheck.problem import Part, Problem, Quantity

lam = sp.Symbol(r"\lambda")  # as the student's \lambda is read (a symbol named "lambda" does not match)
A = sp.ImmutableMatrix([[2, 1], [1, -1]])
C = sp.ImmutableMatrix([[3, 1, 1], [1, 3, 1], [1, 1, 3]])
p_A = sp.expand((A - lam * sp.eye(2)).det())
p_C = sp.expand((C - lam * sp.eye(3)).det())
l1, l2 = (1 + sp.sqrt(13)) / 2, (1 - sp.sqrt(13)) / 2
v1 = sp.ImmutableMatrix([1, l1 - 2])
v2 = sp.ImmutableMatrix([1, l2 - 2])
A2 = A * A
L1, L2 = sp.symbols("L1 L2")

PROBLEM = Problem(
    "Eigenvalues and eigenvectors",
    parts=[
        Part("a", points=5, prompt="A = [[2, 1], [1, -1]]: p(lambda), eigenvalues, eigenvectors.", quantities=[
            Quantity(r"p(\lambda)", p_A, [r"p(\lambda)", r"\det(A - \lambda I)"], id="p_A"),
            Quantity(r"\operatorname{tr} A", A.trace(), [r"\operatorname{tr} A", r"\mathrm{tr} A"], id="trA",
                     required=False),
            Quantity(r"\det A", A.det(), [r"\det A"], id="detA", required=False),
            Quantity(r"\lambda_1", l1, [r"\lambda_1"], id="l1"),
            Quantity(r"\lambda_2", l2, [r"\lambda_2"], id="l2"),
            Quantity(r"\lambda_1 \lambda_2", l1 * l2, [r"\lambda_1 \lambda_2"], id="l1l2", required=False,
                     formula=L1 * L2, depends={L1: "l1", L2: "l2"}),
            Quantity(r"v^{(1)}", v1, [r"v^{(1)}"], id="v1", label="eigenvector for lambda_1, first entry 1",
                     formula=sp.ImmutableMatrix([1, L1 - 2]), depends={L1: "l1"}),
            Quantity(r"\hat v^{(1)}", v1 / v1.norm(), [r"\hat v^{(1)}", r"\hat{v}^{(1)}"], id="v1 unit"),
            Quantity(r"v^{(2)}", v2, [r"v^{(2)}"], id="v2", label="eigenvector for lambda_2, first entry 1",
                     formula=sp.ImmutableMatrix([1, L2 - 2]), depends={L2: "l2"}),
        ]),
        Part("b", points=3, prompt="C = [[3, 1, 1], [1, 3, 1], [1, 1, 3]]: characteristic polynomial, det, trace.",
             quantities=[
                 Quantity(r"\det(C - \lambda I)", p_C, [r"\det(C - \lambda I)"], id="p_C"),
                 Quantity(r"\det C", C.det(), [r"\det C"], id="detC"),
                 Quantity(r"\operatorname{tr} C", C.trace(), [r"\operatorname{tr} C", r"\mathrm{tr} C"], id="trC",
                          required=False),
             ]),
        Part("c", points=2, prompt="The eigenvalues of A^2 + I.", quantities=[
            Quantity(r"\mu_1", l1**2 + 1, [r"\mu_1"], id="mu1", formula=L1**2 + 1, depends={L1: "l1"}),
            Quantity(r"\mu_2", l2**2 + 1, [r"\mu_2"], id="mu2", formula=L2**2 + 1, depends={L2: "l2"}),
            Quantity("A^2", A2, ["A^2"], id="A2", required=False),
            Quantity(r"\operatorname{tr}(A^2 + I)", (A2 + sp.eye(2)).trace(), [r"\operatorname{tr}(A^2 + I)"],
                     id="tr", required=False),
        ]),
    ],
)
