"""Answer keys are checked at load: every mistake an author can make from the docs is an error naming
the problem file and the line of the declaration, and the CLI prints it as one `FILE:LINE: reason` line
and exits 2.

The table writes one small broken problem file per mistake; the marker `# <-` ends the line the error
must name. The eight instructor-written keys of the development corpus load, except the two whose
aliases the student reader cannot parse: those must fail with exactly that error.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from symcheck.cli import main
from symcheck.core.errors import ProblemFileError
from symcheck.keys.problem import load_problem

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT.parent / "shared" / "dev-corpus"

HEAD = """import sympy as sp
from symcheck.keys.derive import at, chain_rule, jacobian, partial_aliases
from symcheck.keys.problem import Part, Problem, Quantity
x, y, u = sp.symbols("x y u")
A, B = sp.symbols("A B")
"""

# (id, body after HEAD, a phrase the reason must contain); the line to name ends in "# <-"
MISTAKES = [
    ("bad-alias-among-good", """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("z", 1, ["z", r"\\frac{", "z_1"]),  # <-
])])
""", "alias `\\frac{` does not parse"),
    ("undeclared-formula-variable", """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("a", 2, ["a"]),
    Quantity("b", 4, ["b"],  # <-
             formula=A * B, depends={A: "a"}),
])])
""", "the formula uses B, not declared in depends"),
    ("mis-shaped-chain-rule", """F = x**2 * y
G = u**2
DFG = chain_rule(F, [x, y], G, [u])  # <-
PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[Quantity("D", DFG, ["D"])])])
""", "chain_rule: G has 1 output(s) but F takes 2 variable(s)"),
    ("at-leaves-a-symbol", """DG = jacobian([u * x, u**2], [u])
value = at(DG, {u: 1})  # <-
PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[Quantity("DG(1)", value, ["DG(1)"])])])
""", "at: x left in the value"),
    ("bad-order-string", """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("f_xz", 0, partial_aliases("f", [x, y], "x", "xz")),  # <-
])])
""", "partial_aliases: order 'xz' is not a string of the variables"),
    ("missing-PROBLEM", """KEY = Problem("t", parts=[  # <-
    Part("a", points=1, quantities=[Quantity("z", 1)]),
])
""", "it defines KEY = Problem(...)"),
    ("unknown-dependency", """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("a", 2, ["a"]),
    Quantity("b", 4, ["b"], formula=2 * A, depends={A: "aa"}),  # <-
])])
""", "depends on unknown 'aa'"),
    ("student-symbol-in-value", """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("a", 2, ["a"]),
    Quantity("b", 2 * A, ["b"], formula=2 * A, depends={A: "a"}),  # <-
])])
""", "the expected value holds A, a symbol for a student's value"),
]


def _write(tmp_path: Path, body: str) -> tuple[Path, int]:
    text = HEAD + body
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.rstrip().endswith("# <-"))
    path = tmp_path / "key.py"
    path.write_text(text, encoding="utf-8")
    return path, line


@pytest.mark.parametrize(("body", "phrase"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_mistake_is_an_error_at_its_line(tmp_path, capsys, body, phrase):
    path, line = _write(tmp_path, body)
    with pytest.raises(ProblemFileError) as caught:
        load_problem(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert phrase in caught.value.reason
    capsys.readouterr()
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].split("error: ", 1)[-1].startswith(f"{path}:{line}: "), err[0]
    assert phrase in err[0]
    assert main(["lint", str(path)]) == 2  # lint lists the same mistake at the same line
    out = capsys.readouterr()
    assert any(row.split("error: ", 1)[-1].startswith(f"{path}:{line}: ") and "OK" not in row
               for row in (out.out + out.err).splitlines()), out


def test_every_bundled_problem_loads():
    for path in sorted((REPO_ROOT / "problems").glob("*.py")):
        load_problem(path)


# the dev corpus keys: None = loads; else (line, the start of the reason). All load since the reader reads
# the Jacobian quotient ∂(x, y)/∂(r, θ), entries of a call (softmax(s)_1) and subscripted σ (σ_1).
CORPUS_KEYS = dict.fromkeys(("doc01", "doc02", "doc03", "doc04", "doc05", "doc06", "tex01", "tex02"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/dev-corpus beside the repository")
@pytest.mark.parametrize("name", sorted(CORPUS_KEYS))
def test_corpus_key(name):
    path = CORPUS / f"{name}.key.py"
    expected = CORPUS_KEYS[name]
    if expected is None:
        load_problem(path)
        return
    with pytest.raises(ProblemFileError) as caught:
        load_problem(path)
    assert caught.value.line == expected[0]
    assert caught.value.reason.startswith(expected[1]), caught.value.reason


def test_lint_lists_every_alias_with_its_parsed_form(tmp_path, capsys):
    path = tmp_path / "key.py"
    path.write_text(HEAD + """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("f_x", 2 * x, partial_aliases("f", [x, y], "x")),
    Quantity("z", 1, ["z", r"\\frac{"]),
])])
""", encoding="utf-8")
    assert main(["lint", str(path)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:7: part a, quantity f_x: alias `\\frac{{\\partial f}}{{\\partial x}}` -> ∂1(f)/∂x: OK" in out
    assert f"{path}:8: part a, quantity z: alias `z` -> z: OK" in out
    assert any(row.startswith(f"{path}:8: part a, quantity z: alias `\\frac{{` -> (not read): does not parse")
               for row in out), out
    assert out[-1] == "6 aliases of 2 quantities; 1 problem(s)"


def test_lint_clean_problem_exits_0(capsys):
    assert main(["lint", str(REPO_ROOT / "problems" / "jacobians.py")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].endswith("no problems") and all(": OK" in row for row in out[:-1])


def test_solve_aliases_shows_what_each_alias_reads_as(tmp_path, capsys):
    import json

    path = tmp_path / "key.py"
    path.write_text(HEAD + """PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("f_x", 2, partial_aliases("f", [x, y], "x")),
])])
""", encoding="utf-8")
    assert main(["solve", str(path), "--aliases"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "- $f_x = 2$" in out
    assert "  - `\\frac{\\partial f}{\\partial x}` reads as `∂1(f)/∂x`" in out
    assert "  - `f_{x}(x, y)` reads as `f_{x}[x,y]`" in out
    assert main(["solve", str(path), "--aliases", "--format", "json"]) == 0
    item = json.loads(capsys.readouterr().out)["items"][0]
    assert item["reads_as"]["f_{x}"] == "f_{x}"
    assert main(["solve", str(path)]) == 0
    assert "reads as" not in capsys.readouterr().out


def test_helper_arguments_are_checked():
    import sympy as sp

    from symcheck.core.errors import DerivationError
    from symcheck.keys.derive import at, chain_rule, compose, gradient, partial_aliases

    x, y, u, t = sp.symbols("x y u t")
    bad = [
        (lambda: chain_rule([x * y], [x, y], [u**2], [u]), "G has 1 output(s) but F takes 2 variable(s)"),
        (lambda: chain_rule([x * y], [x, y], [u, u * t], [u]), "G uses t, not among inner_variables"),
        (lambda: compose(x * y, [x, y], [u]), "compose: the inner function has 1 output(s)"),
        (lambda: at(x * y, {x: 1}), "at: y left in the value"),
        (lambda: gradient(sp.Matrix([x, y]), [x, y]), "gradient: the function must be a scalar"),
        (lambda: partial_aliases("f", [x, y], "z"), "'z' is not one of the variables"),
        (lambda: partial_aliases("f", [x, y], "x", 0), "the order must be a positive whole number"),
        (lambda: partial_aliases("f", [x, y], "x", "xq"), "order 'xq' is not a string of the variables"),
    ]
    for make, phrase in bad:
        with pytest.raises(DerivationError) as caught:
            make()
        assert phrase in str(caught.value)
    assert at(x * y, {x: 1}, partial=True) == y
    assert partial_aliases("f", [x, y], "", "xy") == [r"\frac{\partial^2 f}{\partial x \partial y}", "f_{xy}",
                                                      "f_{xy}(x, y)"]
    assert partial_aliases("f", [x, y], "x", "xx") == partial_aliases("f", [x, y], "x", 2)


def test_a_formula_may_use_the_problems_variables_when_a_value_drops_one(tmp_path):
    """A tangent plane with a zero slope in x: its value has no x, its formula rightly does (not a mistake)."""
    path = tmp_path / "key.py"
    path.write_text(HEAD + """F0, FX = sp.symbols("F0 FX")
PROBLEM = Problem("t", parts=[Part("a", points=1, quantities=[
    Quantity("f", x**2 + y**2, ["f"]),
    Quantity("f_x", 0, ["f_x"]),
    Quantity("z", 1 + 2 * (y - 1), ["z"], formula=F0 + FX * (x - 0) + 2 * (y - 1), depends={F0: "f", FX: "f_x"}),
])])
""", encoding="utf-8")
    assert [q.id for q in load_problem(str(path)).parts[0].quantities] == ["f", "f_x", "z"]
