"""Benchmark: time per document for `symcheck check` and `symcheck grade`, and scaling with length (not a test).

For the seed (examples/deep_learning_homework.md, graded with problems/deep_learning_homework.py) and every
examples/X_model.md / X_flawed.md (graded with problems/X.py) it prints:

  * check warm   – median of --repeat in-process `symcheck.check_file` calls (after one untimed call)
  * grade warm   – median of --repeat in-process `symcheck.grade_file` calls, problem loaded once
  * check cli / grade cli – median of --cli-repeat runs of the `symcheck` console script in a fresh process

Then scaling: the seed repeated 1x, 4x, 16x in one file (each copy after a prose line "Next attempt:"),
checked warm in-process; prints time per size (median and min wall, min CPU, the part in read_document) and
t(16x) / (16 * t(1x)) from the median wall and the min CPU time. Target: 16x takes at most 20x the time of 1x.

    python bench/bench_documents.py [--repeat 5] [--cli-repeat 3] [--sizes 1 4 16] [--no-cli] [--no-scaling]
"""
from __future__ import annotations

import argparse
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

from symcheck import check_file, grade_file, load_problem  # noqa: E402

SEED = ROOT / "examples" / "deep_learning_homework.md"
TARGET_RATIO = 20 / 16  # 16x may take at most 20x the time of 1x






def documents() -> list[tuple[Path, Path]]:
    """(answer file, problem file) pairs: the seed first, then every *_model.md / *_flawed.md."""
    pairs = [(SEED, ROOT / "problems" / "deep_learning_homework.py")]
    for path in sorted((ROOT / "examples").glob("*.md")):
        for suffix in ("_model", "_flawed"):
            if path.stem.endswith(suffix):
                pairs.append((path, ROOT / "problems" / f"{path.stem[: -len(suffix)]}.py"))
    return pairs


def timed(function, *args, **kwargs) -> float:
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def warm_median(function, repeat: int, *args, **kwargs) -> float:
    function(*args, **kwargs)  # warm-up: fills the parse cache and imports everything lazily imported
    return statistics.median(timed(function, *args, **kwargs) for _ in range(repeat))


def console_script() -> list[str]:
    exe = Path(sys.executable).with_name("symcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "symcheck.cli"]


def cli_median(arguments: list[str], repeat: int) -> float:
    command = [*console_script(), *arguments]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):  # 1 = the document has errors, which is expected
            print(f"  ! {' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-300:]}", file=sys.stderr)
    return statistics.median(times)


def per_document(repeat: int, cli_repeat: int, cli: bool) -> None:
    print(f"\nper document (warm = median of {repeat} in-process; cli = median of {cli_repeat} fresh processes)")
    header = f"{'document':36} {'lines':>5} {'check warm':>10} {'grade warm':>10}"
    if cli:
        header += f" {'check cli':>9} {'grade cli':>9}"
    print(header)
    totals = [0.0, 0.0, 0.0, 0.0]
    for path, problem_path in documents():
        problem = load_problem(problem_path)  # loaded once per document, outside the timing
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        values = [warm_median(check_file, repeat, path), warm_median(grade_file, repeat, path, problem)]
        if cli:
            values += [cli_median(["check", str(path), "--format", "json"], cli_repeat),
                       cli_median(["grade", str(path), "--problem", str(problem_path), "--format", "json"], cli_repeat)]
        totals = [t + v for t, v in zip(totals, values)]
        print(f"{path.name:36} {lines:5d} " + " ".join(f"{v:9.3f}s" for v in values))
    print(f"{'total':36} {'':5} " + " ".join(f"{v:9.3f}s" for v in totals[: 4 if cli else 2]))


def repeated_seed(copies: int) -> str:
    seed = SEED.read_text(encoding="utf-8").rstrip("\n")
    return "\n\n".join(f"Next attempt:\n\n{seed}\n" if i else f"{seed}\n" for i in range(copies))


def scaling(sizes: list[int], repeat: int) -> None:
    """Each size is checked `repeat` times (fewer for big files), sizes interleaved so a burst of load on a shared
    machine hits all of them alike. The ratio is given from the median wall time and from the minimum CPU time
    (the most robust to other processes); `extract s` is the part spent in `read_document` (finding the math)."""
    from symcheck.read.extract import read_document

    many = min(repeat, max(3, repeat // 2))
    print(f"\nscaling: the seed repeated in one file, `check_file` warm in-process (median of {repeat}, "
          f"{many} for more than 4 copies)")
    print(f"{'copies':>6} {'lines':>6} {'median s':>9} {'min s':>7} {'min cpu s':>9} {'extract s':>9} {'s/copy':>8} "
          f"{'vs 1x':>7}  report (status, errors, checked)")
    wall: dict[int, list[float]] = {n: [] for n in sizes}
    cpu: dict[int, list[float]] = {n: [] for n in sizes}
    extract: dict[int, float] = {}
    reports = {}
    with tempfile.TemporaryDirectory(prefix="symcheck-scaling-") as folder:
        paths = {}
        for copies in sizes:
            paths[copies] = Path(folder) / f"seed_x{copies}.md"
            paths[copies].write_text(repeated_seed(copies), encoding="utf-8")
            check_file(paths[copies])  # warm-up
        for round_ in range(repeat):
            for copies in sizes:
                if round_ >= (repeat if copies <= 4 else many):
                    continue
                start, start_cpu = time.perf_counter(), time.process_time()
                reports[copies] = check_file(paths[copies])
                wall[copies].append(time.perf_counter() - start)
                cpu[copies].append(time.process_time() - start_cpu)
        for copies in sizes:
            text = paths[copies].read_text(encoding="utf-8")
            extract[copies] = min(timed(read_document, text) for _ in range(3))
    median = {n: statistics.median(wall[n]) for n in sizes}
    best_cpu = {n: min(cpu[n]) for n in sizes}
    for copies in sizes:
        base = median[sizes[0]] / sizes[0]
        report = reports[copies]
        lines = repeated_seed(copies).count("\n") + 1
        # sanity: errors and checked grow with the copies (a bit faster: all copies share one set of bindings)
        print(f"{copies:6d} {lines:6d} {median[copies]:8.3f}s {min(wall[copies]):6.3f}s {best_cpu[copies]:8.3f}s "
              f"{extract[copies]:8.3f}s {median[copies] / copies:7.3f}s {median[copies] / (copies * base):6.2f}x  "
              f"{report.status}, {report.summary.errors}, {report.checked}")
    if 1 in median and 16 in median:
        for label, t in (("median wall", median), ("min cpu", best_cpu)):
            ratio = t[16] / (16 * t[1])
            verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
            print(f"{label}: t(16x) / (16 * t(1x)) = {ratio:.2f}  (target <= {TARGET_RATIO:.2f}, i.e. 16x in at most "
                  f"20x the time of 1x: {verdict}; 16x took {t[16] / t[1]:.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="in-process repeats (median)")
    parser.add_argument("--cli-repeat", type=int, default=3, help="fresh-process repeats (median)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16], help="copies of the seed")
    parser.add_argument("--no-cli", action="store_true", help="skip the fresh-process timings")
    parser.add_argument("--no-scaling", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    per_document(args.repeat, args.cli_repeat, not args.no_cli)
    if not args.no_scaling:
        scaling(args.sizes, args.repeat)


if __name__ == "__main__":
    main()
