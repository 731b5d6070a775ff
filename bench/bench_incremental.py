"""Benchmark: edit-to-diagnostics latency of `symcheck lsp` (not a timed test).

Starts the server as an editor would (stdio), opens the seed `examples/deep_learning_homework.md`,
then makes N single-character edits at random lines (a seeded RNG: the same edits every run), each
sent as an incremental change, and times from sending the edit to receiving the diagnostics for
that version. The server re-checks the whole document after a debounce (0.2 s by default; set
here with `--debounce`, the `symcheck.debounce` initialization option), so the figure is
debounce + one full check + the round trip. Prints p50/p95/max and the machine line first.

    python bench/bench_incremental.py [--edits 200] [--debounce 0.0] [--seed 15]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine  # noqa: E402

from tests.lsp_client import LspClient  # noqa: E402

SEED = ROOT / "examples" / "deep_learning_homework.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--debounce", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    print(machine())
    rng = random.Random(args.seed)
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SEED.name
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        client = LspClient(cwd=folder)
        client.request("initialize", {"processId": None, "rootUri": Path(folder).as_uri(), "capabilities": {},
                                      "initializationOptions": {"symcheck": {"debounce": args.debounce}}})
        client.notify("initialized", {})
        started = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                               "text": text}})
        client.diagnostics(uri, 1)
        print(f"open to first diagnostics: {1000 * (time.perf_counter() - started):.0f} ms")
        times = []
        for version in range(2, args.edits + 2):
            n = rng.randrange(len(lines))
            column = rng.randrange(len(lines[n]) + 1)
            char = rng.choice("0123456789 +x")
            lines[n] = lines[n][:column] + char + lines[n][column:]
            started = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": n, "character": column},
                                              "end": {"line": n, "character": column}}, "text": char}]})
            client.diagnostics(uri, version)
            times.append(time.perf_counter() - started)
        client.close()
    times.sort()
    ms = [1000 * t for t in times]
    print(f"{len(ms)} edits, debounce {args.debounce:g} s: edit-to-diagnostics p50 {statistics.median(ms):.0f} ms, "
          f"p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms, max {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
