"""Benchmark: how long `symcheck check` takes on the bundled examples (not a timed test).

Prints, for each example: cold in-process time (first check, parse cache empty), warm in-process
time (median of repeats, parse cache full), time as a fresh `symcheck check` process, the number
of parse calls and distinct strings per document, and the mean time per parse call.

    python bench/bench_check.py [--repeat N] [FILES...]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine  # noqa: E402

from symcheck import check_file  # noqa: E402
from symcheck.latex.parse import PARSED  # noqa: E402


def cli_seconds(path: Path) -> float:
    exe = Path(sys.executable).with_name("symcheck")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "symcheck.cli"]
    start = time.perf_counter()
    subprocess.run([*command, "check", str(path), "--format", "json"], capture_output=True, check=False)
    return time.perf_counter() - start


def measure(path: Path, repeat: int) -> dict:
    PARSED.clear()
    start = time.perf_counter()
    check_file(path)
    cold = time.perf_counter() - start
    calls, parse_seconds = PARSED.calls, PARSED.seconds
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_file(path)
        warm.append(time.perf_counter() - start)
    return {
        "file": path.name, "cold": cold, "warm": statistics.median(warm),
        "cli": statistics.median(cli_seconds(path) for _ in range(3)),
        "parse_calls": calls, "parse_calls_after_warm": PARSED.calls - calls,
        "mean_parse_ms": 1000 * parse_seconds / max(calls, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or [ROOT / "examples" / "deep_learning_homework.md"]
    print(f"machine: {machine()}")
    print(f"{'file':40} {'cold s':>7} {'warm s':>7} {'cli s':>7} {'parses':>7} {'reparses':>8} {'ms/parse':>8}")
    for path in files:
        r = measure(path, args.repeat)
        print(f"{r['file']:40} {r['cold']:7.3f} {r['warm']:7.3f} {r['cli']:7.3f} {r['parse_calls']:7d} "
              f"{r['parse_calls_after_warm']:8d} {r['mean_parse_ms']:8.3f}")


if __name__ == "__main__":
    main()
