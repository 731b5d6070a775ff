"""Benchmark: grading a whole class of seed-sized submissions (not a test).

Generates N submissions in a temporary folder, each the seed (examples/deep_learning_homework.md) with a few
mistakes added or removed at random (deterministic for a given --seed), grades them with
`symcheck.batch.local.grade_class(folder, problem, jobs=J)` and prints the total time, submissions per second, the
projected time for 1000, and how many submissions ended in each status. With --cli, also times the command line
`symcheck grade DIR --problem ... --jobs J --csv out.csv --quiet` once on the same folder.

Target: 1000 seed-sized submissions in under 5 minutes on 2 cores.

    python bench/bench_class.py [--count 1000] [--jobs 2] [--seed 0] [--cli] [--keep DIR]
"""
from __future__ import annotations

import argparse
import collections
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine  # noqa: E402

from symcheck.batch.local import grade_class  # noqa: E402

SEED = ROOT / "examples" / "deep_learning_homework.md"
PROBLEM = ROOT / "problems" / "deep_learning_homework.py"
TARGET_SECONDS_PER_1000 = 300.0

# (old, new): each an edit a student might plausibly make; `old` occurs in the seed. The first group adds a
# mistake to a correct line, the second removes (fixes) one of the seed's own mistakes.
ADD_MISTAKE = [
    ("= \\frac{1}{1+e^{-0.09}} = 0.522$$", "= \\frac{1}{1+e^{-0.09}} = 0.562$$"),  # z_11 miscopied
    ("\\\\&= 0.01 + 0.02 + 0.06 \\\\&= 0.09.", "\\\\&= 0.01 + 0.02 + 0.06 \\\\&= 0.08."),  # a_11 sum
    ("(y_1 - \\hat{y}_1)^2 = 63.096$$", "(y_1 - \\hat{y}_1)^2 = 36.096$$"),  # L_2 loss swapped digits
    ("\\\\ &\\quad (0.517) \\\\ &= 0.0566", "\\\\ &\\quad (0.517) \\\\ &= 0.0656"),  # ŷ_1 sum
    ("= \\begin{bmatrix} 2 & 2 \\\\ 3 & 16 \\end{bmatrix}$$", "= \\begin{bmatrix} 2 & 2 \\\\ 3 & 8 \\end{bmatrix}$$"),
    ("= \\begin{bmatrix} 12 \\\\ 131 \\end{bmatrix}$$", "= \\begin{bmatrix} 12 \\\\ 128 \\end{bmatrix}$$"),
    ("= 0.03 + 0.01 + 0.06 \\\\&= 0.1.", "= 0.03 + 0.01 + 0.06 \\\\&= 0.01."),  # a_22 power of ten
]
REMOVE_MISTAKE = [
    ("= 2(2x + 3y) \\cdot 2$$", "= 2$$"),  # ∂f/∂x
    ("= 2(2x + 3y) \\cdot 3$$", "= 3$$"),  # ∂f/∂y
    ("-21.886 * 221(0.529)$$", "-21.886 * 0.529$$"),
    ("&= -15 \\cdot 886\\end", "&= -15.886\\end"),
    ("-21.886 * 0.579$$\n$$= -12.671$$", "-21.886 * 0.519$$\n$$= -11.359$$"),
    ("\\frac{1}{1+e^{-0.24}} = \\frac{1}{1+e^{-0.24}} = 0.529", "\\frac{1}{1+e^{-0.12}} = \\frac{1}{1+e^{-0.12}} = 0.530"),
]






def submission(seed_text: str, rng: random.Random) -> tuple[str, int, int]:
    """The seed with 0–3 mistakes added and 0–3 removed; returns (text, added, removed)."""
    text = seed_text
    added = rng.sample(ADD_MISTAKE, rng.randint(0, 3))
    removed = rng.sample(REMOVE_MISTAKE, rng.randint(0, 3))
    for old, new in added + removed:
        text = text.replace(old, new, 1)
    return text, len(added), len(removed)


def generate(folder: Path, count: int, seed: int) -> collections.Counter:
    seed_text = SEED.read_text(encoding="utf-8")
    for old, _ in ADD_MISTAKE + REMOVE_MISTAKE:
        assert old in seed_text, f"edit target not in the seed: {old!r}"
    rng = random.Random(seed)
    edits = collections.Counter()
    for i in range(count):
        text, added, removed = submission(seed_text, rng)
        edits[added + removed] += 1
        (folder / f"student{i:05d}.md").write_text(text, encoding="utf-8")
    return edits


def console_script() -> list[str]:
    exe = Path(sys.executable).with_name("symcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "symcheck.cli"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(label: str, seconds: float, count: int, jobs: int) -> None:
    rate = count / seconds
    projected = 1000 / rate
    verdict = "OK" if projected <= TARGET_SECONDS_PER_1000 else "OVER TARGET"
    print(f"{label}: {count} submissions in {seconds:.1f} s with {jobs} jobs = {rate:.2f} submissions/s, "
          f"{seconds * jobs / count:.2f} s per submission per worker (wall); projected for 1000: {projected:.0f} s "
          f"({projected / 60:.1f} min; target <= {TARGET_SECONDS_PER_1000:.0f} s: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000, help="number of submissions (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the edits (default 0)")
    parser.add_argument("--cli", action="store_true", help="also time the `symcheck grade DIR` command once")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (else a temp folder)")
    args = parser.parse_args()
    print(f"machine: {machine()}")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="symcheck-class-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        edits = generate(folder, args.count, args.seed)
        print(f"generated {args.count} submissions in {folder} (seed {args.seed}); edits per submission: "
              + ", ".join(f"{k}: {edits[k]}" for k in sorted(edits)))

        before = children_cpu()
        start = time.perf_counter()
        results = grade_class(folder, PROBLEM, jobs=args.jobs)
        seconds = time.perf_counter() - start
        worker_cpu = children_cpu() - before  # the workers have been joined, so their CPU time is counted
        report("grade_class", seconds, len(results), args.jobs)
        print(f"worker CPU time: {worker_cpu:.1f} s in all = {worker_cpu / len(results):.2f} s per submission; "
              f"on {args.jobs} otherwise idle cores that is {worker_cpu / args.jobs:.1f} s, projected for 1000: "
              f"{1000 * worker_cpu / len(results) / args.jobs:.0f} s")
        statuses = collections.Counter(r.status for r in results)
        print("status: " + ", ".join(f"{s}: {statuses[s]}" for s in sorted(statuses)))
        graded = [r.score for r in results if r.report]
        if graded:
            total = results[0].report.get("max_score") if results[0].report else None
            print(f"scores: mean {statistics.mean(graded):.2f}, min {min(graded):.2f}, max {max(graded):.2f}"
                  + (f" (out of {total})" if total else "") + f"; {len({round(s, 4) for s in graded})} distinct")
        problems = [r for r in results if r.status != "graded"]
        for r in problems[:5]:
            print(f"  {r.student}: {r.status}: {r.reason[:200]}")

        if args.cli:
            out = folder.parent / f"{folder.name}-gradebook.csv"
            command = [*console_script(), "grade", str(folder), "--problem", str(PROBLEM), "--jobs", str(args.jobs),
                       "--csv", str(out), "--quiet"]
            start = time.perf_counter()
            done_cli = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
            seconds = time.perf_counter() - start
            rows = max(0, len(out.read_text(encoding="utf-8").splitlines()) - 1) if out.exists() else 0
            report(f"cli (exit {done_cli.returncode}, {rows} csv rows)", seconds, args.count, args.jobs)
            if done_cli.returncode:
                print(done_cli.stderr[-500:])
            out.unlink(missing_ok=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
