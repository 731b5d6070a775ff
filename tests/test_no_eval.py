"""No code execution: text from an answer file never reaches a Python evaluator, and no answer file runs anything.

Two tests. The static one greps every module of `symcheck/` for the calls that can run code
(`eval(`, `exec(`, `compile(`, `sympify(`, `S(`, `parse_expr`, `lambdify`, `__import__`, `runpy`,
`importlib`, pickle, `os.system`/`subprocess`, `getattr` with a computed name, and the hand-off to
the third-party LaTeX parser) and requires each occurrence to be on ALLOWED, whose every row says
why that call never sees a string from an answer file. A new occurrence fails the test until
someone reads it and adds a row; a row that no longer matches anything fails too.

The dynamic one checks a hostile answer file under an audit hook (PEP 578) in a child process:
no `compile` event may carry the answer's marker text, no process may be started, and no file
named by `\\input{...}` may be opened.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symcheck"

PATTERNS = {
    "eval": re.compile(r"(?<![\w.])eval\("),
    "exec": re.compile(r"(?<![\w.])exec\("),
    "compile": re.compile(r"(?<!\w)compile\("),
    "sympify": re.compile(r"sympify\("),
    "S()": re.compile(r"(?<![\w])(?:sp\.|sympy\.)?S\("),
    "parse_expr": re.compile(r"parse_expr"),
    "lambdify": re.compile(r"lambdify"),
    "__import__": re.compile(r"__import__"),
    "runpy": re.compile(r"\brunpy\b"),
    "importlib": re.compile(r"\bimportlib\b"),
    "pickle": re.compile(r"\b(?:c?pickle|marshal|shelve)\b"),
    "process": re.compile(r"\bos\.(?:system|popen|exec\w*|spawn\w*)\b|\bsubprocess\b"),
    "computed getattr": re.compile(r"getattr\([^,()]+(?:\(\))?,\s*(?!\s)(?!\"[^\"]*\"\s*[,)])"),
    "latex2sympy": re.compile(r"\blatex2sympy\("),
}


@dataclass(frozen=True)
class Allowed:
    """One occurrence that is allowed: its module, pattern, a fragment of its line, and why it is safe."""

    module: str
    pattern: str
    fragment: str
    why: str


ALLOWED = [
    # -- regular expressions, not Python -------------------------------------------------------------------
    Allowed("*", "compile", "re.compile(", "re.compile builds a regular expression; it compiles no Python"),
    # -- sympify on values that are already SymPy objects (or Python numbers), never on strings ------------------
    Allowed("meaning/functions.py", "sympify", "return gated_xreplace(sp.sympify(body), mapping)",
            "body is a FunctionValue's body: built by check.define_function from interpret() (SymPy values: "
            "Rational literals, Symbols, SymPy results of the fallback parser), or by the calculus helpers from "
            "such bodies; sympify only turns a plain Python number into a SymPy one"),
    Allowed("meaning/intervals.py", "sympify", "return _eval(sp.sympify(expr), env)",
            "expr is a value compare() or check._radius/_spread computed (SymPy values, or exact Rationals); "
            "never text"),
    Allowed("keys/derive.py", "sympify", "sp.sympify(",
            "the derive helpers (at, jacobian, compose, chain_rule and their argument checks) are for problem files "
            "(trusted code written by the instructor); answer files never reach them"),
    Allowed("keys/kinds.py", "sympify", "sp.sympify(",
            "Equation and PointSet normalise the values a problem file (trusted code) gives them; answer files never "
            "reach them"),
    Allowed("grade/grader.py", "sympify", "formula = q.formula if isinstance(q.formula, sp.MatrixBase) else sp.sympify(q.formula)",
            "formula is a Quantity's formula from the problem file (trusted); the student's values enter only "
            "through gated_xreplace's mapping, which substitutes and never parses"),
    Allowed("keys/problem.py", "sympify", "else sp.sympify(value)",
            "_exact_scalar normalises the values a problem file (trusted code) gives its quantities"),
    Allowed("report/key_report.py", "sympify", "sp.sympify(value)",
            "`symcheck solve` renders the answer key: values come from the problem file (trusted), never from "
            "an answer file"),
    # -- trusted code -------------------------------------------------------------------------------------
    Allowed("keys/problem.py", "runpy", "import runpy",
            "problem files are trusted code (the instructor's answer keys) and are run on purpose"),
    Allowed("keys/problem.py", "runpy", "runpy.run_path(str(path)",
            "load_problem runs a problem file, trusted code named on the command line with --problem; answer "
            "files are only ever read as bytes (check.read_answer_file)"),
    # -- dispatch on names symcheck chose -------------------------------------------------------------------
    Allowed("latex/syntax.py", "computed getattr", "getattr(node, name) for name in _FIELD_NAMES[type(node)]",
            "the names are the dataclass fields of symcheck's own syntax-tree classes (the fixed vocabulary of "
            "latex/syntax.py); they never come from the text"),
    # -- the hard time limit ---------------------------------------------------------------------------------
    Allowed("core/hardlimit.py", "pickle", "pickle",
            "run_killable forks a child of this very process, which runs symcheck's own function and sends its "
            "return value back through a pipe only the two processes hold; the bytes unpickled are what our own "
            "code pickled, never an answer file's bytes (answer text inside them is data, a str)"),
    # -- the third-party LaTeX parser ---------------------------------------------------------------------------
    Allowed("latex/fallback.py", "latex2sympy", "expr = latex2sympy(text,",
            "student text goes to latex2sympy2_extended 1.11 for sums, integrals and limits. Read for this test: "
            "its only parse_expr is on `variable_values` (never passed here); sympy.Number(text) does sympify "
            "(and so compile) the grammar's NUMBER tokens, which hold only digits, commas and a point; names "
            "become Symbols or Function classes, never code. Macros that name files (\\input, \\include, "
            "\\def, \\newcommand) are refused before the call. The dynamic test below checks that no other "
            "answer text reaches compile() through it"),
]


def allowed_in(module: str, pattern: str, line: str) -> Allowed | None:
    for entry in ALLOWED:
        if entry.pattern == pattern and entry.module in ("*", module) and entry.fragment in line:
            return entry
    return None


def occurrences(module: Path) -> list[tuple[str, str, int, str]]:
    """(module, pattern, line number, line) for every match of PATTERNS outside comments."""
    name = module.relative_to(PACKAGE).as_posix()
    found = []
    for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), start=1):
        code = line.split("  #", 1)[0] if not line.lstrip().startswith("#") else ""
        for pattern, regex in PATTERNS.items():
            if regex.search(code):
                found.append((name, pattern, number, line.strip()))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[m.relative_to(PACKAGE).as_posix() for m in MODULES])
def test_every_evaluator_call_is_allowed(module: Path) -> None:
    """Each call in the module that could run code is on ALLOWED (with the reason it never sees answer text)."""
    unexplained = [f"{name}:{number}: [{pattern}] {line}" for name, pattern, number, line in occurrences(module)
                   if allowed_in(name, pattern, line) is None]
    assert unexplained == [], "read these calls; if they are safe, add a row to ALLOWED saying why"


@pytest.mark.parametrize("entry", [e for e in ALLOWED if e.module != "*"],
                         ids=lambda e: f"{e.module}:{e.pattern}:{e.fragment[:30]}")
def test_every_allowed_row_is_still_needed(entry: Allowed) -> None:
    """Each row of ALLOWED still matches a line of its module (stale rows are removed, not kept)."""
    found = occurrences(PACKAGE / entry.module)
    assert any(allowed_in(name, pattern, line) is entry for name, pattern, _, line in found)


# -- dynamic: an audit hook watches a real check --------------------------------------------------------------------
MARK = "zqxmarkzqx"

ANSWER = r"""# Answer text that would run code or read files if anything evaluated it

$$x = {mark} + 1 = 2$$

$$__import__('os').system('echo {mark}') = 0$$

$$\text{{__import__('os').system('echo {mark}')}} = 1$$

$$y = eval("{mark}") = exec("{mark}")$$

$$\sum_{{i=1}}^{{3}} {mark}_i = 1$$

$$\int_0^1 {mark}(x) dx = 1$$

$$\lim_{{x \to 0}} \operatorname{{{mark}}}(x) = 1$$

$$\mathrm{{{mark}}} = \mathbf{{{mark}}} = \text{{{mark}}}$$

$$f(x) = {mark} x$$

$$f(2) = 1$$

$$g(x) = \sum_{{i=1}}^{{2}} {mark} x$$

\input{{{secret}}}

$$\input{{{secret}}} = \include{{{secret}}} + \InputIfFileExists{{/etc/passwd}}{{}}{{}}$$

val = 1 + 1 # {mark}
= 3

| ${mark}$ | 1 | 2 |
"""

WATCHER = r"""
import json, os, sys
secret, mark = sys.argv[3], sys.argv[4]
# os.fork is not watched: the command runs the check in a forked copy of itself (symcheck.core.hardlimit), which
# runs no other program. Events are appended to a log at once, so that the forked children's count too.
PROCESS_EVENTS = {"os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.forkpty"}
log = sys.argv[2] + ".events"

def record(event):
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, (json.dumps(event) + "\n").encode())
    os.close(fd)

def hook(event, args):
    if event == "open" and args and args[0] == log:
        return
    if event == "compile":
        source = args[0]
        if isinstance(source, bytes):
            source = source.decode("latin-1")
        if isinstance(source, str) and mark in source:
            record(["compile", source[:200]])
    elif event == "open" and args and isinstance(args[0], (str, bytes)):
        path = args[0].decode("latin-1") if isinstance(args[0], bytes) else args[0]
        if secret in path or "passwd" in path:
            record(["open", path])
    elif event in PROCESS_EVENTS:
        record([event, repr(args)[:200]])

sys.addaudithook(hook)
from symcheck.cli import main
status = main(["check", sys.argv[1], "--format", "json"])
events = [json.loads(line) for line in open(log, encoding="utf-8")] if os.path.exists(log) else []
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({"status": status, "events": events}, out)
"""


def test_answer_text_never_reaches_compile_files_or_processes(tmp_path: Path) -> None:
    """Checking a hostile answer compiles none of its text, opens none of its \\input files, starts no process."""
    secret = tmp_path / "secret-notes.tex"
    secret.write_text("$$1 + 1 = 3$$\n", encoding="utf-8")
    answer = tmp_path / "answer.md"
    answer.write_text(ANSWER.format(mark=MARK, secret=secret), encoding="utf-8")
    result = tmp_path / "events.json"
    done = subprocess.run([sys.executable, "-c", WATCHER, str(answer), str(result), secret.name, MARK],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    watched = json.loads(result.read_text(encoding="utf-8"))
    assert watched["status"] in (0, 1)
    assert watched["events"] == []
    assert json.loads(done.stdout)["findings"], "the answer was not checked at all"
