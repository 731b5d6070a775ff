"""Benchmark (issue 7): is a LaTeX answer equal to the expected one? symcheck vs math-verify vs a
do-it-yourself SymPy baseline, on the labelled pairs of bench/pairs.jsonl.

    python bench/bench_equivalence.py [--pairs FILE] [--out RESULTS.jsonl] [--show-wrong all|symcheck|none]

Every pair is run through all checkers in this one process:

- symcheck:     symcheck.compare_latex(expected, answer, tolerance=pair["tolerance"]).equivalent
- math-verify:  math_verify.verify(parse("$"+expected+"$"), parse("$"+answer+"$"))   (benchmark-only
                dependency: pip install 'symcheck[bench]', i.e. math-verify==0.9.0; it has no notion of
                the pair's tolerance; when parse() finds nothing on a side the answer counts as undecided)
- l2s+simplify: latex2sympy2_extended.latex2sympy on both sides, then sympy.simplify(a - b) == 0
                (matrices: same shape and entry by entry)

Accuracy: an answer is right when it is True/False and equals the label; undecided (None) and
exceptions count as wrong and are also counted on their own. Timing: the whole set is run once
(cold: caches empty, also reported), then a second pass is timed (warm) with time.perf_counter
around each call. Note that symcheck caches parsed strings for the process (and math-verify keeps
small LRU caches), so the warm pass of an identical set favours the cached parsers; the cold
column shows the other extreme. The exit status is always 0.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine  # noqa: E402

PAIRS = ROOT / "bench" / "pairs.jsonl"


# ----------------------------------------------------------------------------- checkers

def make_symcheck():
    import symcheck

    def check(pair):
        c = symcheck.compare_latex(pair["expected"], pair["answer"], tolerance=pair["tolerance"])
        return c.equivalent, f"{c.method}: {c.detail}"

    return check


def make_math_verify():
    from math_verify import parse, verify

    logging.getLogger("math_verify").setLevel(logging.CRITICAL)

    def check(pair):
        gold = parse("$" + pair["expected"] + "$")
        target = parse("$" + pair["answer"] + "$")
        if not gold or not target:
            side = "expected" if not gold else "answer"
            return None, f"parse() found nothing in the {side}"
        return bool(verify(gold, target)), f"{gold[0]!s} vs {target[0]!s}"

    return check


def make_l2s_baseline():
    import sympy
    from latex2sympy2_extended import latex2sympy

    def check(pair):
        a, b = latex2sympy(pair["expected"]), latex2sympy(pair["answer"])
        shown = f"{a} vs {b}"
        a_mat, b_mat = isinstance(a, sympy.MatrixBase), isinstance(b, sympy.MatrixBase)
        if a_mat and b_mat:
            if a.shape != b.shape:
                return False, shown
            return all(sympy.simplify(x - y) == 0 for x, y in zip(a, b)), shown
        return bool(sympy.simplify(a - b) == 0), shown

    return check


CHECKERS = [
    ("symcheck", make_symcheck, None),
    ("math-verify", make_math_verify,
     "math-verify is not installed: skipping it (pip install 'symcheck[bench]' or math-verify==0.9.0)"),
    ("l2s+simplify", make_l2s_baseline, "latex2sympy2_extended is not installed: skipping the baseline"),
]


# ----------------------------------------------------------------------------- running

def run_once(check, pairs):
    """One pass: per pair (verdict, detail, error, seconds)."""
    results = []
    for pair in pairs:
        start = time.perf_counter()
        try:
            verdict, detail = check(pair)
            error = None
        except Exception as exc:  # noqa: BLE001 - any failure of a checker is a wrong answer
            verdict, detail, error = None, "", f"{type(exc).__name__}: {exc}"[:300]
        except BaseException as exc:  # e.g. a timeout raised as something odd; never stop the benchmark
            if isinstance(exc, KeyboardInterrupt):
                raise
            verdict, detail, error = None, "", f"{type(exc).__name__}: {exc}"[:300]
        seconds = time.perf_counter() - start
        results.append({"verdict": verdict, "detail": str(detail)[:300], "error": error, "seconds": seconds})
    return results


def summarize(pairs, results):
    right = sum(r["verdict"] is not None and r["verdict"] == p["equal"] for p, r in zip(pairs, results))
    undecided = sum(r["verdict"] is None and r["error"] is None for r in results)
    errors = sum(r["error"] is not None for r in results)
    seconds = sum(r["seconds"] for r in results)
    false_eq = sum(r["verdict"] is True and not p["equal"] for p, r in zip(pairs, results))
    false_ne = sum(r["verdict"] is False and p["equal"] for p, r in zip(pairs, results))
    return {"right": right, "undecided": undecided, "errors": errors, "seconds": seconds,
            "false_equal": false_eq, "false_different": false_ne}


def versions() -> str:
    from importlib import metadata

    out = []
    for name in ("symcheck", "math-verify", "latex2sympy2_extended", "sympy", "antlr4-python3-runtime"):
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def table(rows, headers) -> str:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def fmt_verdict(v) -> str:
    return {True: "equal", False: "different", None: "undecided"}[v]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--out", type=Path, help="write every checker's answer per pair as JSON lines")
    ap.add_argument("--show-wrong", choices=["symcheck", "all", "none"], default="symcheck",
                    help="list the pairs a checker got wrong (default: symcheck's only)")
    args = ap.parse_args(argv)

    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = len(pairs)
    equal = sum(p["equal"] for p in pairs)
    print(f"pairs: {n} from {args.pairs} ({equal} equal, {n - equal} not equal)")
    print(f"machine: {machine()}")
    print(f"versions: {versions()}")

    checkers = []
    for name, factory, missing in CHECKERS:
        try:
            checkers.append((name, factory()))
        except ImportError as exc:
            print(f"NOTE: {missing or name + ' could not be imported'} [{exc}]")
    if not checkers:
        print("no checker could be imported")
        return

    cold, warm = {}, {}
    for name, check in checkers:  # pass 1: warm-up (also reported as the cold time)
        cold[name] = run_once(check, pairs)
    for name, check in checkers:  # pass 2: timed
        warm[name] = run_once(check, pairs)

    stats = {name: summarize(pairs, warm[name]) for name, _ in checkers}
    cold_seconds = {name: sum(r["seconds"] for r in cold[name]) for name, _ in checkers}
    base = "symcheck" if "symcheck" in stats else None

    rows = []
    for name, _ in checkers:
        s = stats[name]
        ratio = cold_ratio = "-"
        if base and name != base:
            ratio = f"{stats[base]['seconds'] / s['seconds']:.3f}" if s["seconds"] else "-"
            cold_ratio = f"{cold_seconds[base] / cold_seconds[name]:.3f}" if cold_seconds[name] else "-"
        rows.append([name, f"{s['right']}/{n}", f"{100 * s['right'] / n:.1f}%", s["undecided"], s["errors"],
                     s["false_equal"], s["false_different"],
                     f"{s['seconds']:.3f}", f"{1000 * s['seconds'] / n:.2f}", ratio,
                     f"{cold_seconds[name]:.3f}", cold_ratio])
    print()
    print(table(rows, ["checker", "right", "accuracy", "undecided", "errors", "false eq", "false ne",
                       "warm total s", "warm ms/pair", "symcheck/other (warm)", "cold total s",
                       "symcheck/other (cold)"]))
    print("(undecided and errors count as wrong; false eq = said equal, label not equal; "
          "false ne = said different, label equal; symcheck/other < 1 means symcheck is faster)")

    categories = sorted({p["category"] for p in pairs}, key=lambda c: [p["category"] for p in pairs].index(c))
    by_cat = defaultdict(Counter)
    for name, _ in checkers:
        for p, r in zip(pairs, warm[name]):
            by_cat[p["category"]][name] += r["verdict"] is not None and r["verdict"] == p["equal"]
    size = Counter(p["category"] for p in pairs)
    print()
    print(table([[c, size[c], *(f"{by_cat[c][name]}/{size[c]}" for name, _ in checkers)] for c in categories],
                ["category", "pairs", *(name for name, _ in checkers)]))

    unstable = [(name, p["id"]) for name, _ in checkers for p, a, b in zip(pairs, cold[name], warm[name])
                if a["verdict"] != b["verdict"]]
    if unstable:
        print(f"\nNOTE: {len(unstable)} answers differ between the two passes: {unstable[:10]}")

    show = [] if args.show_wrong == "none" else [name for name, _ in checkers
                                                  if args.show_wrong == "all" or name == "symcheck"]
    for name in show:
        wrong = [(p, r) for p, r in zip(pairs, warm[name]) if r["verdict"] is None or r["verdict"] != p["equal"]]
        print(f"\n{name}: {len(wrong)} wrong")
        for p, r in wrong:
            said = f"error {r['error']}" if r["error"] else f"{fmt_verdict(r['verdict'])} ({r['detail']})"
            print(f"  {p['id']:9s} [{p['tolerance']}] {p['expected']}  vs  {p['answer']}  "
                  f"label {fmt_verdict(p['equal'])}; said {said}")

    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for i, p in enumerate(pairs):
                f.write(json.dumps({**p, **{name: {k: warm[name][i][k] for k in ("verdict", "detail", "error",
                                                                                   "seconds")}
                                            for name, _ in checkers}}, ensure_ascii=False) + "\n")
        print(f"\nper-pair results written to {args.out}")


if __name__ == "__main__":
    try:
        main()
    except SystemExit as exc:  # argparse --help / usage errors
        if exc.code not in (0, None):
            print(f"usage error (exit status kept at 0): {exc}", file=sys.stderr)
    except BaseException:  # noqa: BLE001 - a benchmark reports, it never fails the caller
        traceback.print_exc()
    sys.exit(0)
