"""Run symcheck over the corpus of real derivations in bench/real/ and score it against hand judgements.

Usage (from the repository root):

    python3 bench/real_corpus.py                       # uses .venv/bin/symcheck, bench/real/, 2 jobs
    python3 bench/real_corpus.py --symcheck PATH       # another symcheck command
    python3 bench/real_corpus.py --dir DIR --judgements FILE --jobs N --timeout S
    python3 bench/real_corpus.py --reasons             # also tally why relations were left unparsed
    python3 bench/real_corpus.py --errors              # also list every error finding with its verdict
    python3 bench/real_corpus.py --json OUT.json       # also write the raw per-file results
    python3 bench/real_corpus.py --undecided           # also count relations read but left undecided

For every *.md / *.tex file in the corpus folder it runs `symcheck check FILE --format json`
(with `--verbose` too when --reasons is given) and prints one row per file: errors, warnings,
checked, unparsed and seconds. Then the totals:

- error findings raised, and how many the judgements file calls true / false / unsure;
- error findings with no judgement, listed as "unjudged" (file, line, code, the step);
- relations decided = sum(checked) / (sum(checked) + sum(unparsed)) over the corpus; "checked" counts
  the relations symcheck decided (equal or different), "unparsed" the sides it could not read. A
  relation read on both sides but left undecided is in neither, so reading more can raise this
  figure without deciding more: `--undecided` also prints the strict figure, checked / (checked +
  undecided + unparsed);
- crashes: a run whose exit status is neither 0 nor 1, that timed out, or whose stdout is not
  valid JSON.

The judgements file (bench/real/judgements.json) is a JSON list of objects
`{"file": "NN-name.md", "line": 25, "code": "algebra", "verdict": "true|false|unsure",
"reason": "..."}`; `file` is the file name inside the corpus folder. A judgement matches an error
finding with the same file, line and code (several findings on one line and code share it).

Standard library only (plus bench/machine.py for the first line). On 2 cores the whole corpus
takes about three minutes (3-17 s per file).
Exit status: 0 always once the table is printed (the numbers are the result), 2 on bad arguments.
"""
from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine  # noqa: E402  (stdlib only: platform, os, time)

SUFFIXES = (".md", ".tex")


def run_one(symcheck: str, path: Path, timeout: float, verbose: bool) -> dict:
    """One symcheck run: its summary, findings, seconds, and whether it crashed (and why)."""
    cmd = [symcheck, "check", str(path), "--format", "json"] + (["--verbose"] if verbose else [])
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"file": path.name, "seconds": time.perf_counter() - start, "crash": f"timeout after {timeout:g} s",
                "summary": None, "findings": []}
    seconds = time.perf_counter() - start
    result = {"file": path.name, "seconds": seconds, "exit": proc.returncode, "crash": None,
              "summary": None, "findings": []}
    try:
        report = json.loads(proc.stdout)
        result["summary"] = report["summary"]
        result["findings"] = report.get("findings", [])
    except (ValueError, KeyError, TypeError):
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result["crash"] = f"invalid JSON (exit {proc.returncode}): {last[:200]}"
        return result
    if proc.returncode not in (0, 1):
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        result["crash"] = f"exit {proc.returncode}: {last[:200]}"
    return result


_UNDECIDED = ("import sys; from symcheck.check.checker import check_file; "
              "print(check_file(sys.argv[1]).undecided)")


def count_undecided(symcheck: str, path: Path, timeout: float) -> int | None:
    """How many relations of `path` were read on both sides but neither equal nor different (the report's
    `undecided`, which the JSON summary does not carry), from the Python beside `symcheck`; None on failure."""
    python = Path(symcheck).parent / "python"
    try:
        proc = subprocess.run([str(python), "-c", _UNDECIDED, str(path)], capture_output=True, text=True,
                              timeout=timeout)
        return int(proc.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        return None


def load_judgements(path: Path) -> dict:
    """(file, line, code) -> judgement; a missing file means nothing is judged yet."""
    if not path.exists():
        return {}
    table = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        table[(item["file"], int(item["line"]), item["code"])] = item
    return table


def reason_key(message: str) -> str:
    """A finding's message without the student's expression, so alike reasons tally together."""
    text = message
    m = re.match(r"could not read '(.*)': (.*)$", text, re.S)
    if m:
        text = m.group(2)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return text.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--symcheck", default=None, help="symcheck command (default .venv/bin/symcheck)")
    parser.add_argument("--dir", default=str(ROOT / "bench" / "real"), help="corpus folder")
    parser.add_argument("--judgements", default=None, help="judgements JSON (default DIR/judgements.json)")
    parser.add_argument("--jobs", type=int, default=2, help="files checked at once (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per file before it counts as a crash")
    parser.add_argument("--reasons", action="store_true", help="tally the reasons relations were left unparsed")
    parser.add_argument("--errors", action="store_true", help="list every error finding with its verdict")
    parser.add_argument("--json", default=None, help="write the raw per-file results here")
    parser.add_argument("--undecided", action="store_true",
                        help="also count relations read but left undecided (one more run per file, in the venv's "
                             "Python): the strict figure checked / (checked + undecided + unparsed)")
    args = parser.parse_args(argv)

    symcheck = args.symcheck
    if symcheck is None:
        local = ROOT / ".venv" / "bin" / "symcheck"
        symcheck = str(local) if local.exists() else "symcheck"
    corpus = Path(args.dir)
    if not corpus.is_dir():
        print(f"no corpus folder {corpus}", file=sys.stderr)
        return 2
    files = sorted(p for p in corpus.iterdir() if p.suffix in SUFFIXES and p.name[:1].isdigit())
    judgements = load_judgements(Path(args.judgements) if args.judgements else corpus / "judgements.json")

    print(f"machine: {machine()}")
    print(f"symcheck: {symcheck}   corpus: {corpus} ({len(files)} files)   judgements: {len(judgements)}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda p: run_one(symcheck, p, args.timeout, args.reasons), files))
        undecided = (list(pool.map(lambda p: count_undecided(symcheck, p, args.timeout), files))
                     if args.undecided else [])
    totals = collections.Counter(undecided=sum(n for n in undecided if n is not None))

    width = max([len(r["file"]) for r in results] + [4])
    print(f"{'file':<{width}}  {'errors':>6} {'warn':>5} {'checked':>7} {'unparsed':>8} {'seconds':>7}  note")
    verdicts = collections.Counter()
    unjudged, crashes, listed = [], [], []
    reasons = collections.Counter()
    for r in results:
        s = r["summary"]
        if s is None:
            print(f"{r['file']:<{width}}  {'-':>6} {'-':>5} {'-':>7} {'-':>8} {r['seconds']:7.1f}  CRASH {r['crash']}")
            crashes.append(r)
            continue
        note = f"CRASH {r['crash']}" if r["crash"] else ""
        if r["crash"]:
            crashes.append(r)
        print(f"{r['file']:<{width}}  {s['errors']:>6} {s['warnings']:>5} {s['checked']:>7} {s['unparsed']:>8} "
              f"{r['seconds']:7.1f}  {note}")
        for key in ("errors", "warnings", "checked", "unparsed"):
            totals[key] += s[key]
        totals["seconds"] += r["seconds"]
        for f in r["findings"]:
            if f["severity"] == "error":
                j = judgements.get((r["file"], int(f["line"]), f["code"]))
                verdict = j["verdict"] if j else "unjudged"
                verdicts[verdict] += 1
                if not j:
                    unjudged.append((r["file"], f))
                listed.append((r["file"], f, j))
            elif f["code"] == "unparsed" or (args.reasons and f["severity"] == "info"):
                reasons[(f["severity"], f["code"], reason_key(f.get("message", "")))] += 1

    decided = totals["checked"] / (totals["checked"] + totals["unparsed"]) if totals["checked"] + totals["unparsed"] else 0.0
    print()
    print(f"files: {len(results)}   total seconds: {totals['seconds']:.1f}")
    print(f"error findings raised: {totals['errors']}   judged true: {verdicts['true']}   "
          f"false: {verdicts['false']}   unsure: {verdicts['unsure']}   unjudged: {verdicts['unjudged']}")
    print(f"warnings: {totals['warnings']}   checked: {totals['checked']}   unparsed: {totals['unparsed']}")
    print(f"relations decided: {totals['checked']} / ({totals['checked']} + {totals['unparsed']}) = {100 * decided:.1f}%")
    if args.undecided:
        every = totals["checked"] + totals["undecided"] + totals["unparsed"]
        print(f"read but not decided: {totals['undecided']}   strict: {totals['checked']} / ({totals['checked']} + "
              f"{totals['undecided']} + {totals['unparsed']}) = {100 * totals['checked'] / max(1, every):.1f}% of "
              "all relations decided")
    print(f"crashes: {len(crashes)}" + "".join(f"\n  {c['file']}: {c['crash']}" for c in crashes))
    if unjudged:
        print(f"\nunjudged error findings ({len(unjudged)}):")
        for name, f in unjudged:
            print(f"  {name}:{f['line']} [{f['code']}] {(f.get('latex') or '')[:120]}")
    if args.errors:
        print("\nerror findings:")
        for name, f, j in listed:
            verdict = j["verdict"] if j else "unjudged"
            print(f"  {name}:{f['line']} [{f['code']}] {verdict}: {(f.get('latex') or '')[:100]}"
                  + (f"\n      {j['reason']}" if j else ""))
    if args.reasons:
        print("\nwhy relations were left unread (severity, code, reason: count):")
        for (sev, code, why), n in reasons.most_common():
            print(f"  {n:4d}  {sev}/{code}: {why[:160]}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
