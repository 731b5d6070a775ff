"""Conformance: other parsers' LaTeX test tables read by `symcheck.read_latex`, beside math-verify.

Usage:
    .venv/bin/pip install -e '.[bench]'          # math-verify==0.9.0 (its parser is run beside ours)
    .venv/bin/python bench/conformance.py [--show wrong|refused|all] [--suite sympy|l2s] [--json OUT]

Where the tables come from (this script is a benchmark: the test modules are trusted third-party
code, imported here and never by symcheck; the LaTeX strings go only to `read_latex`):

- SymPy: `sympy/parsing/tests/test_latex.py` (GOOD_PAIRS) and `test_latex_lark.py` (every
  `*_PAIRS` list) ship inside the installed `sympy` package (1.14.0); the modules are imported and
  their lists read. A LaTeX string repeated within one file counts once (the lark file's evaluated
  and unevaluated lists share their strings).
- latex2sympy2_extended 1.11.0: neither its sdist (`pip download --no-binary :all: --no-deps
  latex2sympy2_extended==1.11.0`) nor its wheel contains the tests, so they are read from a
  checkout of its repository (github.com/huggingface/latex2sympy2_extended, commit 02999f5,
  "up version" to 1.11.0) in `--l2s-tests` (default `bench/.cache/latex2sympy2_extended`, made
  by `git clone` there when missing). Each `tests/*_test.py` module is imported; the GOOD_PAIRS of
  its `Test*` classes are taken as they are, and each module-level `test_*` function is called once per row of its `pytest.mark.parametrize` tables with the suite's helper
  `assert_equal(latex, expected, ...)` replaced by a recorder, so the pairs are exactly those the
  suite asserts. Pairs with `variables=` (the library's own `\\variable{}` placeholders) are left
  out.

In domain (the rule): a pair counts when its expected value is a SymPy expression or matrix and
holds none of: relations or booleans (`=`, `<`, logic), sets and intervals, number theory (`Mod`,
`gcd`, `lcm`; also when the LaTeX writes `\\gcd`, `\\lcm` or `\\bmod` and the table evaluated it),
quantum notation (bra/ket), complex numbers (`I`, conjugates), tuples; and, for
latex2sympy2_extended, the modules about notation of its own or outside this field (`variable`,
`set`, `relation`, `gcd`, `lcm`, `mod`, `complex`, `mixed_fraction` — `1\\frac12` is 3/2 there
and ½ as a product elsewhere —, `normalization`, `all_bad`).

Judging is independent of symcheck's comparator: symbol and function names are compared with
backslashes, braces and spaces removed (`\\alpha` and `alpha`, `x_{1}` and `x_1` are one name;
a symbol named `pi`, as SymPy's table writes `\\pi`, is π),
floats in an expected value become the rationals they print as, both sides are `doit()`-ed; then
right when structurally equal, or `sympy.simplify(got - expected) == 0`, or (when simplify cannot
say) equal to 1e-9 at three random points of the free symbols; otherwise wrong. A `ReadError` is a
refusal; any other exception is counted as a crash (and listed).
"""
from __future__ import annotations

import argparse
import collections
import importlib
import inspect
import itertools
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import sympy as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine

import symcheck
from symcheck.core.limits import StepTimeout, deadline

HERE = Path(__file__).resolve().parent
L2S_DEFAULT = HERE / ".cache" / "latex2sympy2_extended"
L2S_REPO = "https://github.com/huggingface/latex2sympy2_extended"
L2S_COMMIT = "02999f5"
L2S_OUT_MODULES = {"variable", "set", "relation", "gcd", "lcm", "mod", "complex", "mixed_fraction",
                   "normalization", "all_bad"}


# -- the tables ------------------------------------------------------------------------------------
def sympy_pairs() -> list[tuple[str, str, object]]:
    """(category, latex, expected) from SymPy's two LaTeX test modules."""
    out = []
    seen = set()
    plain = importlib.import_module("sympy.parsing.tests.test_latex")
    for latex, expected in plain.GOOD_PAIRS:
        if ("plain", latex) not in seen:
            seen.add(("plain", latex))
            out.append(("test_latex", latex, expected))
    try:
        lark = importlib.import_module("sympy.parsing.tests.test_latex_lark")
    except ImportError as exc:  # pragma: no cover
        print(f"test_latex_lark not importable: {exc}", file=sys.stderr)
        return out
    for name, value in vars(lark).items():
        if name.endswith("_PAIRS") and isinstance(value, list):
            category = "lark:" + name[:-len("_EXPRESSION_PAIRS")].lower().replace("unevaluated_", "").replace(
                "evaluated_", "")
            for latex, expected in value:
                if ("lark", latex) not in seen:
                    seen.add(("lark", latex))
                    out.append((category, latex, expected))
    return out


def bad_strings(suite: str, l2s_root: Path | None = None) -> list[str]:
    """Strings the suite says must not parse: SymPy's BAD_STRINGS and FAILING_BAD_STRINGS, the
    BAD_STRINGS of latex2sympy2_extended's all_bad_test."""
    if suite == "sympy":
        plain = importlib.import_module("sympy.parsing.tests.test_latex")
        return list(dict.fromkeys(plain.BAD_STRINGS + plain.FAILING_BAD_STRINGS))
    sys.path.insert(0, str(l2s_root))
    try:
        module = importlib.import_module("tests.all_bad_test")
    finally:
        sys.path.remove(str(l2s_root))
    return list(dict.fromkeys(s for cls in vars(module).values()
                              if isinstance(getattr(cls, "BAD_STRINGS", None), list) for s in cls.BAD_STRINGS))


def l2s_tests_dir(path: Path) -> Path:
    if (path / "tests" / "context.py").is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", L2S_REPO, str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", L2S_COMMIT], check=True)
    return path


def l2s_pairs(root: Path) -> list[tuple[str, str, object]]:
    """(category, latex, expected) recorded from latex2sympy2_extended's own test functions."""
    sys.path.insert(0, str(root))
    out, seen = [], set()
    for module_path in sorted((root / "tests").glob("*_test.py")):
        category = module_path.stem[:-len("_test")]
        if category in L2S_OUT_MODULES:
            continue
        try:
            module = importlib.import_module(f"tests.{module_path.stem}")
        except Exception as exc:  # noqa: BLE001 - a module that does not import adds no pairs
            print(f"{module_path.name}: not importable ({exc})", file=sys.stderr)
            continue
        recorded: list[tuple[str, object]] = []

        def record(latex, expected, symbolically=False, variables=None):
            if not variables:
                recorded.append((latex, expected))  # noqa: B023 - called only within this iteration

        module.assert_equal = record
        for name, cls in vars(module).items():  # all_good_test: a class whose GOOD_PAIRS pytest_generate_tests spreads
            if name.startswith("Test") and isinstance(getattr(cls, "GOOD_PAIRS", None), list):
                recorded.extend(cls.GOOD_PAIRS)
        for name, func in vars(module).items():
            if not name.startswith("test_") or not callable(func):
                continue
            for kwargs in _parametrizations(func):
                try:
                    func(**kwargs)
                except BaseException:  # noqa: BLE001 - tests that assert on their own (pytest.fail too) are skipped
                    pass
        for latex, expected in recorded:
            if (category, latex) not in seen:
                seen.add((category, latex))
                out.append((category, latex, expected))
    sys.path.remove(str(root))
    return out


def _parametrizations(func) -> list[dict]:
    marks = [m for m in getattr(func, "pytestmark", []) if m.name == "parametrize"]
    params = inspect.signature(func).parameters
    if not marks:
        return [{}] if not params else []
    tables = []
    for mark in marks:
        names, rows = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        table = []
        for row in rows:
            row = getattr(row, "values", row)  # pytest.param
            values = row if len(names) > 1 else (row,)
            table.append(dict(zip(names, values)))
        tables.append(table)
    return [dict(itertools.chain.from_iterable(d.items() for d in combo)) for combo in itertools.product(*tables)]


# -- the domain ------------------------------------------------------------------------------------
def _out_of_domain_types():
    from sympy.logic.boolalg import BooleanAtom, BooleanFunction
    from sympy.physics.quantum import Bra, InnerProduct, Ket
    return (sp.Rel, BooleanFunction, BooleanAtom, sp.Set, sp.Mod, Bra, Ket, InnerProduct, sp.conjugate)


OUT_TYPES = None


_NUMBER_THEORY = re.compile(r"\\(?:gcd|lcm|bmod|pmod|mod)(?![A-Za-z])|\\operatorname\{(?:gcd|lcm)\}")


def in_domain(suite: str, category: str, expected, latex: str = "") -> bool:
    global OUT_TYPES
    if _NUMBER_THEORY.search(latex):  # gcd(a, b) written out, whatever the table evaluated it to
        return False
    if OUT_TYPES is None:
        OUT_TYPES = _out_of_domain_types()
    if suite == "l2s" and category in L2S_OUT_MODULES:
        return False
    if not isinstance(expected, (sp.Expr, sp.MatrixBase)) or isinstance(expected, sp.Tuple):
        return False
    nodes = list(sp.preorder_traversal(expected)) if isinstance(expected, sp.Basic) else []
    if isinstance(expected, sp.MatrixBase):
        nodes = [n for cell in expected for n in sp.preorder_traversal(cell)]
    for node in nodes:
        if isinstance(node, OUT_TYPES) or node == sp.I:
            return False
        if isinstance(node, sp.Function) and type(node).__name__ in ("gcd", "lcm", "Mod"):
            return False
    return True


# -- judging ---------------------------------------------------------------------------------------
_NAME_NOISE = re.compile(r"[\\{}\s]|mathrm|mathit|operatorname")


def _clean(name: str) -> str:
    """`\\overline{x}_{n}` and `bar{x}_n` are one name; so are `\\alpha` and `alpha`."""
    return _NAME_NOISE.sub("", name.replace("\\overline", "bar").replace("overline", "bar"))


def canon(expr):
    """Names without TeX noise and assumptions; floats as the rationals they print as."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.shape[0], expr.shape[1], [canon(c) for c in expr])
    if not isinstance(expr, sp.Basic):
        return sp.sympify(expr)  # expected values only (ints, floats): trusted test data
    mapping = {s: sp.pi if s.name == "pi" else sp.Symbol(_clean(s.name)) for s in expr.atoms(sp.Symbol)}
    expr = expr.xreplace(mapping)
    funcs = {f: sp.Function(_clean(type(f).__name__))(*f.args) for f in expr.atoms(sp.core.function.AppliedUndef)}
    if funcs:
        expr = expr.xreplace(funcs)
    if expr.atoms(sp.Float):
        expr = expr.xreplace({f: sp.Rational(str(f)) for f in expr.atoms(sp.Float)})
    return expr


def _doit(expr):
    try:
        return expr.doit()
    except Exception:  # noqa: BLE001
        return expr


def _explicit(value):
    """An unevaluated MatAdd / MatMul / Pow / Transpose of explicit matrices as the matrix it stands for."""
    if isinstance(value, sp.Basic) and not isinstance(value, sp.MatrixBase):
        done = _doit(value)
        if isinstance(done, (sp.MatrixBase, sp.MatrixExpr)):
            try:
                return sp.ImmutableMatrix(done.as_explicit() if isinstance(done, sp.MatrixExpr) else done)
            except Exception:  # noqa: BLE001 - a symbolic matrix expression stays as it is
                return value
    return value


def same(got, expected) -> bool:
    got, expected = canon(_explicit(got)), canon(_explicit(expected))
    if isinstance(expected, sp.MatrixBase) or isinstance(got, sp.MatrixBase):
        if not (isinstance(expected, sp.MatrixBase) and isinstance(got, sp.MatrixBase)):
            return False
        expected, got = _doit(expected), _doit(got)
        if getattr(expected, "shape", None) != getattr(got, "shape", None):
            return False
        return all(_same_scalar(g, e) for g, e in zip(got, expected))
    return _same_scalar(got, expected)


def _same_scalar(got, expected) -> bool:
    if got == expected:
        return True
    got, expected = _doit(got), _doit(expected)
    if got == expected:
        return True
    try:
        if sp.simplify(got - expected) == 0:
            return True
    except Exception:  # noqa: BLE001
        pass
    return _numeric_same(got, expected)


def _numeric_same(got, expected) -> bool:
    symbols = sorted(got.free_symbols | expected.free_symbols, key=str)
    rng = random.Random(12)
    for _ in range(3):
        point = {s: sp.Rational(rng.randint(11, 29), 10) for s in symbols}
        try:
            g = complex(sp.N(got.xreplace(point), 30))
            e = complex(sp.N(expected.xreplace(point), 30))
        except (TypeError, ValueError):
            return False
        if not abs(g - e) <= 1e-9 * max(1.0, abs(e)):
            return False
    return True


# -- the readers -----------------------------------------------------------------------------------
def run_symcheck(latex: str):
    try:
        return "value", symcheck.read_latex(latex)
    except symcheck.ReadError as exc:
        return "refused", exc.reason
    except Exception as exc:  # noqa: BLE001 - a crash is counted, not hidden
        return "crash", f"{type(exc).__name__}: {exc}"


def run_math_verify(latex: str):
    from math_verify import parse
    try:
        result = parse(f"${latex}$")
    except Exception as exc:  # noqa: BLE001
        return "refused", str(exc)
    values = [r for r in result if isinstance(r, (sp.Basic, sp.MatrixBase))]
    if not values:
        return "refused", "no expression"
    return "value", values[0]


def judge(outcome, expected) -> str:
    kind, value = outcome
    if kind != "value":
        return "refused" if kind == "refused" else "crash"
    try:
        with deadline(10):
            return "right" if same(value, expected) else "wrong"
    except StepTimeout:
        return "wrong"
    except Exception:  # noqa: BLE001 - a value the judge cannot handle is not right
        return "wrong"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suite", choices=["sympy", "l2s"], action="append")
    ap.add_argument("--l2s-tests", type=Path, default=L2S_DEFAULT)
    ap.add_argument("--show", choices=["wrong", "refused", "all"], action="append", default=[])
    ap.add_argument("--no-math-verify", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    print(machine())
    print(f"sympy {sp.__version__}")
    suites = args.suite or ["sympy", "l2s"]
    rows = []
    for suite in suites:
        pairs = sympy_pairs() if suite == "sympy" else l2s_pairs(l2s_tests_dir(args.l2s_tests))
        total = len(pairs)
        out = collections.Counter(p[0] for p in pairs if not in_domain(suite, p[0], p[2], p[1]))
        pairs = [p for p in pairs if in_domain(suite, p[0], p[2], p[1])]
        print(f"\n{suite}: {total} pairs, {len(pairs)} in domain; out of domain: "
              + ", ".join(f"{name} {count}" for name, count in sorted(out.items())))
        start = time.perf_counter()
        for category, latex, expected in pairs:
            ours = run_symcheck(latex)
            row = {"suite": suite, "category": category, "latex": latex, "expected": str(expected),
                   "symcheck": judge(ours, expected), "symcheck_value": str(ours[1])[:200]}
            if not args.no_math_verify:
                theirs = run_math_verify(latex)
                row["math_verify"] = judge(theirs, expected)
                row["math_verify_value"] = str(theirs[1])[:200]
            rows.append(row)
        print(f"  ({time.perf_counter() - start:.0f} s)")
        report(suite, [r for r in rows if r["suite"] == suite], not args.no_math_verify)
        bad = bad_strings(suite, None if suite == "sympy" else args.l2s_tests)
        ours = sum(run_symcheck(text)[0] == "refused" for text in bad)
        line = f"  malformed strings refused (the suite's BAD_STRINGS): symcheck {ours}/{len(bad)}"
        if not args.no_math_verify:
            line += f"; math-verify {sum(run_math_verify(text)[0] == 'refused' for text in bad)}/{len(bad)}"
        print(line)
    for row in rows:
        if "all" in args.show or row["symcheck"] in args.show or ("wrong" in args.show and row["symcheck"] == "crash"):
            print(f"{row['symcheck']:8} {row['suite']:5} {row['category']:22} {row['latex']!r:50} "
                  f"expected {row['expected'][:60]}  got {row['symcheck_value'][:80]}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    return 0


def report(suite: str, rows: list[dict], with_mv: bool) -> None:
    by_cat = collections.defaultdict(list)
    for row in rows:
        by_cat[row["category"]].append(row)
    head = f"  {'category':24} {'n':>4} | symcheck right wrong refused crash"
    print(head + (" | math-verify right wrong refused" if with_mv else ""))

    def line(name, group):
        c = collections.Counter(r["symcheck"] for r in group)
        text = f"  {name:24} {len(group):4} | {'':8} {c['right']:5} {c['wrong']:5} {c['refused']:7} {c['crash']:5}"
        if with_mv:
            m = collections.Counter(r["math_verify"] for r in group)
            text += f" | {'':11} {m['right']:5} {m['wrong']:5} {m['refused'] + m['crash']:7}"
        return text
    for name in sorted(by_cat):
        print(line(name, by_cat[name]))
    print(line("TOTAL", rows))
    n = len(rows) or 1
    right = sum(r["symcheck"] == "right" for r in rows)
    summary = f"  {suite}: symcheck {right}/{len(rows)} right ({100 * right / n:.1f}%)"
    if with_mv:
        mv = sum(r["math_verify"] == "right" for r in rows)
        summary += f"; math-verify {mv}/{len(rows)} ({100 * mv / n:.1f}%)"
    print(summary)


if __name__ == "__main__":
    sys.exit(main())
