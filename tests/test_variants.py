"""Randomised variants: parameters drawn per variant id (SHA-256, the same anywhere), each variant's key,
handouts, and a class where each student is graded against their own numbers (with and without a roster)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import sympy as sp

from symcheck.batch.gradescope import gradescope_results
from symcheck.batch.local import grade_class
from symcheck.batch.roster import read_roster
from symcheck.cli import main
from symcheck.core.errors import ProblemFileError, SymcheckError
from symcheck.core.limits import Limits
from symcheck.keys.problem import Problem, load_problem
from symcheck.keys.variants import Choice, IntRange, Variants, draw

ROOT = Path(__file__).resolve().parent.parent
CUBIC = ROOT / "problems" / "cubic_critical_points.py"
NEURON = ROOT / "problems" / "neuron_sgd_step.py"
PROBLEMS = {"cubic": CUBIC, "neuron": NEURON}

# -- the draw: fixed digests, so that any change of the algorithm is caught ----------------------------
DRAWS = [  # (name, variant id, parameter, count, attempt, index)
    ("cubic", "ada", "a", 3, 0, 0),
    ("cubic", "ada", "a", 3, 1, 2),
    ("cubic_critical_points", "ada", "a", 3, 0, 1),
    ("cubic_critical_points", "ben", "x0", 4, 0, 3),
    ("neuron_sgd_step", "s-0042", "w", 4, 0, 3),
    ("neuron_sgd_step", "Zoë", "eta", 2, 0, 1),
]


@pytest.mark.parametrize("name, variant, parameter, count, attempt, index", DRAWS)
def test_the_draw_is_fixed(name, variant, parameter, count, attempt, index):
    assert draw(name, variant, parameter, count, attempt) == index


EXPECTED = [  # (problem, variant id, its parameters): what students were handed must never change
    ("cubic", "ada", {"a": 6, "x0": -1, "y0": 1}),
    ("cubic", "ben", {"a": 9, "x0": 2, "y0": 2}),
    ("cubic", "Zoë", {"a": 3, "x0": 1, "y0": 2}),
    ("cubic", " ada ", {"a": 6, "x0": -1, "y0": 1}),  # surrounding spaces are not part of the id
    ("cubic", unicodedata.normalize("NFD", "Zoë"), {"a": 3, "x0": 1, "y0": 2}),  # nor the Unicode form
    ("neuron", "ada", {"w": 2, "b": -1, "x": 2, "y": 1, "eta": 0.1}),
    ("neuron", "s-0042", {"w": 2, "b": -1, "x": 1, "y": -2, "eta": 0.1}),
    ("neuron", "Zoë", {"w": 1.5, "b": 0, "x": 3, "y": 2, "eta": 0.05}),
    ("neuron", None, {"w": 0.5, "b": 0, "x": 1, "y": -2, "eta": 0.1}),  # the default variant
]


@pytest.mark.parametrize("problem, variant, params", EXPECTED)
def test_a_variant_id_always_gets_the_same_numbers(problem, variant, params):
    first, again = load_problem(PROBLEMS[problem], variant), load_problem(PROBLEMS[problem], variant)
    assert dict(first.params) == params == dict(again.params)
    assert first.variant == ("" if variant is None else unicodedata.normalize("NFC", variant).strip())


def test_the_draw_does_not_depend_on_the_interpreter_s_hash_seed():
    """Another process, another PYTHONHASHSEED: the same numbers (no `hash()`, no `random`)."""
    code = ("from symcheck.keys.problem import load_problem; "
            f"print([dict(load_problem({str(CUBIC)!r}, v).params) for v in ('ada', 'ben', 'Zoë')])")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "4242")]
    assert runs[0] == runs[1]
    assert "{'a': 6, 'x0': -1, 'y0': 1}" in runs[0]


def test_variants_spread_over_the_values():
    """Over 200 ids every value of every parameter is drawn, none more than half the time."""
    variants = Variants(lambda a, k: Problem("x"), params={"a": Choice([2, 3, 5]), "k": IntRange(1, 4)}, name="t")
    for key, values in (("a", (2, 3, 5)), ("k", (1, 2, 3, 4))):
        drawn = [variants.values_for(f"student{i}")[key] for i in range(200)]
        assert {v: drawn.count(v) for v in values} == {v: drawn.count(v) for v in set(drawn)}
        assert max(drawn.count(v) for v in values) < 100


def test_where_rejects_draws():
    variants = Variants(lambda a, b: Problem("x"), params={"a": IntRange(1, 3), "b": IntRange(1, 3, default=2)},
                        where=lambda a, b: a != b, name="t")
    assert all(v["a"] != v["b"] for v in (variants.values_for(f"s{i}") for i in range(50)))


# -- parameters and Variants refused at load, at their line ---------------------------------------------
HEAD = "from symcheck.problem import Choice, IntRange, Part, Problem, Quantity, Variants\n"
BUILD = "def build(a):\n    return Problem('t', parts=[Part('1', 1, quantities=[Quantity('y', a)])])\n"
BROKEN = [  # (file body after the imports and build, line of the mistake, phrase)
    ("PROBLEM = Variants(build, params={'a': [1, 2]})\n", 4, "is not a Choice"),
    ("PROBLEM = Variants(build, params={'b': Choice([1, 2])})\n", 4, "takes no argument 'b'"),
    ("PROBLEM = Variants(build, params={'a': Choice([1, 2]), 'c': IntRange(1, 2)})\n", 4, "takes no argument 'c'"),
    ("PROBLEM = Variants(build, params={'a': Choice([])})\n", 4, "has no values"),
    ("PROBLEM = Variants(build, params={'a': IntRange(3, 1)})\n", 4, "has no values"),
    ("PROBLEM = Variants(build, params={'a': Choice([1, 2], default=3)})\n", 4, "is not one of its values"),
    ("PROBLEM = Variants(build, params={})\n", 4, "at least one parameter"),
    ("PROBLEM = Variants(build, params={'a': Choice([1])}, statement='{{ b }}')\n", 4, "{{b}}, not a parameter"),
    ("PROBLEM = Variants(build, params={'a': Choice([1, 2])}, where=lambda a: a > 5)\n", 4, "do not satisfy"),
    ("PROBLEM = Variants(lambda a: 1 / 0, params={'a': Choice([1])})\n", 4, "ZeroDivisionError"),
    ("PROBLEM = Variants(lambda a: None, params={'a': Choice([1])})\n", 4, "not a Problem"),
    ("PROBLEM = Variants(build, params={'a': Choice(['not a number'])})\n", 3, "SympifyError"),  # in build
]


@pytest.mark.parametrize("body, line, phrase", BROKEN, ids=lambda v: str(v)[:50])
def test_a_broken_variants_file_is_refused_at_its_line(tmp_path, body, line, phrase):
    path = tmp_path / "key.py"
    path.write_text(HEAD + BUILD + body, encoding="utf-8")
    with pytest.raises(ProblemFileError) as refused:
        load_problem(path, "ada")
    assert refused.value.line == line and phrase in refused.value.reason, str(refused.value)


@pytest.mark.parametrize("variant, phrase", [("", "must not be empty"), ("   ", "must not be empty"),
                                             ("x" * 1001, "at most")])
def test_a_bad_variant_id_is_a_usage_error(variant, phrase):
    with pytest.raises(SymcheckError, match=phrase):
        load_problem(CUBIC, variant)


# -- solve and handout ---------------------------------------------------------------------------------
OUTPUTS = [  # (command, what the output holds)
    (["solve", str(CUBIC), "--variant", "ada"],
     ["Key of variant `ada`: $a = 6$, $x0 = -1$, $y0 = 1$", "$f(2, 2) = -8$", r"$\nabla f(-1, 1) = (-3, 9)$",
      "$z = - 3 x + 9 y - 6$"]),
    (["solve", str(CUBIC)], ["Key of the default variant (no --variant): $a = 3$, $x0 = -2$, $y0 = 1$"]),
    (["solve", str(NEURON), "--variant", "s-0042"], ["$eta = 0.1$", r"$\hat{y} = 1$", "$L = 9$", "$w' = 1.4$"]),
    (["handout", str(CUBIC), "--variant", "ada"],
     ["# Critical points and a tangent plane of f(x, y) = x^3 + y^3 - 6xy", "Variant: `ada`",
      r"Let $f(x, y) = x^3 + y^3 - 6\,xy$.", "at $(-1, 1)$", "## Part d (4 points)",
      "The tangent plane to the graph of f at (-1, 1)."]),
    (["handout", str(NEURON), "--variant", "Zoë", "--format", "tex"],
     [r"\documentclass{article}", r"\noindent Variant: \texttt{Zoë}", r"$w = 1.5$ and $b = 0$",
      r"$\eta = 0.05$", r"\subsection*{Part c (2 points)}", r"\end{document}"]),
]


@pytest.mark.parametrize("argv, expected", OUTPUTS, ids=lambda v: " ".join(v)[-40:] if isinstance(v, list) else "")
def test_solve_and_handout_print_the_variant(argv, expected, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out, f"{text!r} not in:\n{out}"


def test_solve_json_names_the_variant(capsys):
    assert main(["solve", str(NEURON), "--variant", "ada", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["variant"] == "ada" and data["params"] == {"w": "2", "b": "-1", "x": "2", "y": "1", "eta": "0.1"}


HOSTILE = [  # (variant id, format, the handout's variant line)
    ("a`</x>\n# Title", "md", "Variant: ``a`</x> # Title``"),
    ("x\x1b[31mred", "md", "Variant: `x\ufffd[31mred`"),
    (r"}\input{/etc/passwd}", "tex", r"\noindent Variant: \texttt{\}\textbackslash{}input\{/etc/passwd\}}"),
    ("$x$ \\\\ % & # _ ^ ~", "tex", r"\noindent Variant: \texttt{\$x\$ \textbackslash{}\textbackslash{} \% \& \# "
                                  r"\_ \textasciicircum{} \textasciitilde{}}"),
    ("\x1b]0;title\x07", "tex", "\\noindent Variant: \\texttt{\ufffd]0;title\ufffd}"),
]


@pytest.mark.parametrize("variant, form, line", HOSTILE, ids=lambda v: repr(v)[:30])
def test_an_untrusted_variant_id_is_escaped_in_the_handout(variant, form, line, capsys):
    """The id is text on its own line: no heading, HTML, command, math or control character can come of it."""
    assert main(["handout", str(CUBIC), "--variant", variant, "--format", form]) == 0
    out = capsys.readouterr().out
    assert [row for row in out.splitlines() if "Variant:" in row] == [line]
    assert "\x1b" not in out and "\x07" not in out and "\n# Title" not in out


@pytest.mark.parametrize("argv, phrase", [
    (["solve", str(ROOT / "problems" / "jacobians.py"), "--variant", "ada"], "has none"),
    (["handout", str(CUBIC), "--variant", " "], "must not be empty"),
    (["grade", str(ROOT / "docs" / "examples" / "variants_class"), "--problem", str(CUBIC), "--variant", "ada"],
     "--variant is for one answer file"),
    (["grade", str(ROOT / "docs" / "examples" / "variants_class" / "ada.md"), "--problem", str(CUBIC), "--roster",
      "roster.csv"], "--roster is for a folder"),
    (["grade", str(ROOT / "examples" / "jacobians_model.md"), "--problem", str(ROOT / "problems" / "jacobians.py"),
      "--variant", "ada"], "this one has none"),
])
def test_variant_usage_errors_exit_2(argv, phrase, capsys):
    assert main(argv) == 2
    assert phrase in capsys.readouterr().err


# -- a class, each student answering their own variant ---------------------------------------------------
def answer_for(path: Path, variant: str) -> str:
    """A correct answer to `variant`: every quantity stated with its first alias."""
    lines = []
    for part in load_problem(path, variant).parts:
        lines.append(f"{part.id})")
        for q in part.quantities:
            value = q.value
            tex = (sp.latex(value, mat_str="pmatrix", mat_delim="") if isinstance(value, sp.MatrixBase)
                   else sp.latex(value))
            lines.append(f"$${q.aliases[0]} = {tex}$$")
        lines.append("")
    return "\n".join(lines)


# students and the variant whose numbers they answered with; dan copied ben's answer
CLASS = {"ada": "ada", "ben": "ben", "Zoë": "Zoë", "dan": "ben"}


@pytest.fixture(scope="module", params=sorted(PROBLEMS))
def class_folder(request, tmp_path_factory):
    path = PROBLEMS[request.param]
    folder = tmp_path_factory.mktemp(f"class-{request.param}")
    for student, answered in CLASS.items():
        (folder / f"{student}.md").write_text(answer_for(path, answered), encoding="utf-8")
    assert load_problem(path, "dan").params != load_problem(path, "ben").params
    return path, folder


def scores(results) -> dict[str, tuple[str, str, float]]:
    return {r.student: (str(r.status), r.variant, r.score) for r in results}


def test_each_student_is_graded_against_their_own_variant(class_folder):
    path, folder = class_folder
    full = load_problem(path).max_score
    graded = scores(grade_class(folder, path, jobs=2, limits=Limits()))
    assert {s: graded[s] for s in ("ada", "ben", "Zoë")} == {s: ("graded", s, full) for s in ("ada", "ben", "Zoë")}
    status, variant, score = graded["dan"]
    assert (status, variant) == ("graded", "dan") and score < full


def test_a_roster_gives_each_student_their_variant(class_folder, tmp_path):
    path, folder = class_folder
    full = load_problem(path).max_score
    roster = tmp_path / "roster.csv"
    roster.write_text("Student, Variant\nada,ada\nben,ben\ndan,ben\n", encoding="utf-8")
    graded = scores(grade_class(folder, path, jobs=2, limits=Limits(), roster=read_roster(roster)))
    assert graded == {"ada": ("graded", "ada", full), "ben": ("graded", "ben", full), "dan": ("graded", "ben", full),
                      "Zoë": ("no-variant", "", 0.0)}


def test_the_class_csv_and_feedback_say_which_variant(class_folder, tmp_path, capsys):
    path, folder = class_folder
    assert main(["grade", str(folder), "--problem", str(path), "--jobs", "1", "--quiet",
                 "--report-dir", str(tmp_path / "out"), "--csv", str(tmp_path / "grades.csv")]) == 0
    rows = (tmp_path / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("student,variant,status,score")
    assert any(row.startswith("dan,dan,graded,") for row in rows)
    assert "Variant: `ada`" in (tmp_path / "out" / "ada.md").read_text(encoding="utf-8")
    assert 'id="variant">Variant: <code>ada</code>' in (tmp_path / "out" / "ada.html").read_text(encoding="utf-8")


def test_one_answer_file_graded_with_its_variant(class_folder, capsys):
    path, folder = class_folder
    assert main(["grade", str(folder / "dan.md"), "--problem", str(path), "--variant", "ben", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["variant"] == "ben" and data["score"] == data["max_score"]
    assert data["params"] == {k: str(v) for k, v in load_problem(path, "ben").params}
    assert main(["grade", str(folder / "dan.md"), "--problem", str(path), "--variant", "ben", "--format", "text"]) == 0
    assert "(variant ben: " in capsys.readouterr().out


@pytest.mark.parametrize("text, phrase", [
    ("name,variant\nada,1\n", "needs the columns student,variant"),
    ("student,variant\nada,\n", ":2: an empty student or variant cell"),
    ("student,variant\nada,1\nben,2\nada,3\n", ":4: student 'ada' is listed twice"),
    ("student,variant\nada\n", ":2: a row without"),
])
def test_a_malformed_roster_is_refused_with_its_line(tmp_path, text, phrase):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(SymcheckError, match=phrase):
        read_roster(roster)


def test_a_roster_for_a_problem_without_variants_is_refused(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ada.md").write_text("$x = 1$\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("student,variant\nada,1\n", encoding="utf-8")
    argv = ["grade", str(tmp_path / "class"), "--problem", str(ROOT / "problems" / "jacobians.py"),
            "--roster", str(tmp_path / "roster.csv"), "--quiet"]
    assert main(argv) == 2
    assert "--roster is for a problem with randomised variants" in capsys.readouterr().err


# -- Gradescope: the submitter's SID picks the variant ---------------------------------------------------
@pytest.mark.parametrize("sid, answered, roster, full", [
    ("ada", "ada", None, True),
    ("dan", "ben", None, False),
    ("dan", "ben", {"dan": "ben"}, True),
])
def test_gradescope_grades_the_submitter_s_variant(tmp_path, sid, answered, roster, full):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answer.md").write_text(answer_for(CUBIC, answered), encoding="utf-8")
    metadata = {"users": [{"sid": sid, "email": f"{sid}@example.edu", "name": sid}]}
    (tmp_path / "submission_metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    results = gradescope_results(tmp_path, str(CUBIC), roster=roster)
    assert (results["score"] == load_problem(CUBIC).max_score) == full
    assert f"Variant: `{(roster or {}).get(sid, sid)}`" in results["output"]


def test_gradescope_without_a_student_id_says_so(tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answer.md").write_text("$x = 1$\n", encoding="utf-8")
    results = gradescope_results(tmp_path, str(CUBIC))
    assert results["score"] == 0 and "no student SID or email" in results["output"]


# -- lint builds every combination of values ------------------------------------------------------------
def test_lint_checks_every_variant(tmp_path):
    """A key right for some values and broken for others (a formula symbol left out of `depends` only when
    a = 2): lint builds every combination and names the one that fails, with its values."""
    from symcheck.keys.lint import lint_problem

    path = tmp_path / "key.py"
    path.write_text("import sympy as sp\n" + HEAD + "A = sp.Symbol('A')\n"
                    "def build(a):\n"
                    "    return Problem('t', parts=[Part('1', 1, quantities=[Quantity('p', a), Quantity('q', 2 * a,\n"
                    "        formula=2 * A, depends={A: 'p'} if a != 2 else {})])])\n"
                    "PROBLEM = Variants(build, params={'a': Choice([1, 2, 3])})\n", encoding="utf-8")
    report, status = lint_problem(str(path))
    bad = [line for line in report.splitlines() if ": with " in line]
    assert status == 2 and len(bad) == 1
    assert "with a=2: part 1, quantity q" in bad[0] and "the formula uses A, not declared in depends" in bad[0]
    assert "3 variants checked" in report
    report, status = lint_problem(str(CUBIC))
    assert status == 0 and "32 variants checked of 36 combinations" in report


def test_the_gradescope_command_takes_a_roster(tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answer.md").write_text(answer_for(CUBIC, "seat-7"), encoding="utf-8")
    metadata = {"users": [{"sid": "", "email": "dan@example.edu"}]}
    (tmp_path / "submission_metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (tmp_path / "roster.csv").write_text("student,variant\ndan@example.edu,seat-7\n", encoding="utf-8")
    argv = ["gradescope", "--problem", str(CUBIC), "--root", str(tmp_path), "--roster", str(tmp_path / "roster.csv")]
    assert main(argv) == 0
    results = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == load_problem(CUBIC).max_score and "Variant: `seat-7`" in results["output"]


def test_one_handout_per_student_of_a_roster(tmp_path, capsys):
    """Each student's handout has their variant's numbers, under a file name made safe from their id."""
    roster = tmp_path / "roster.csv"
    roster.write_text("student,variant\nada,ada\nben,ada\n../evil,Zoë\n", encoding="utf-8")
    out = tmp_path / "handouts"
    assert main(["handout", str(CUBIC), "--roster", str(roster), "--output-dir", str(out), "--format", "tex"]) == 0
    assert "3 handouts written" in capsys.readouterr().out
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 3 and "ada.tex" in files and "ben.tex" in files
    assert all(not name.startswith(".") and "/" not in name for name in files)
    assert (out / "ada.tex").read_text(encoding="utf-8") == (out / "ben.tex").read_text(encoding="utf-8")
    evil = next(out / name for name in files if name not in ("ada.tex", "ben.tex"))
    assert r"- 3\,xy" in evil.read_text(encoding="utf-8")  # Zoë's a = 3
    assert main(["handout", str(CUBIC), "--roster", str(roster)]) == 2


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_every_variant_of_the_bundled_problems_lints_clean(name):
    from symcheck.keys.lint import lint_problem

    report, status = lint_problem(str(PROBLEMS[name]))
    assert status == 0, report
    assert "variants checked" in report
