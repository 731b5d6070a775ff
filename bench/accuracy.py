#!/usr/bin/env python3
"""How often symcheck is right, on every labelled corpus this checkout can see, side by side.

usage: python bench/accuracy.py [SYMCHECK] [--verbose] [--per-doc] [--jobs N] [--dev-corpus DIR]
                                [--only NAME[,NAME...]] [--no-grade]

SYMCHECK is the command to run (default: .venv/bin/symcheck of this checkout). The corpora:

  seed      examples/deep_learning_homework.md, its .truth.json, key problems/deep_learning_homework.py
  examples  examples/X_model.md and X_flawed.md with their .truth.json, key problems/X.py
  dev       ../shared/dev-corpus/NAME.md|.tex with NAME.truth.json and NAME.key.py (skipped if absent)
  labelled  bench/labelled/NAME.md|.tex with NAME.truth.json and, where present, NAME.key.py

Every document is run as `symcheck check DOC --format json` and, where it has a key, as
`symcheck grade DOC --problem KEY --format json`, each in its own process. A truth file labels line
ranges (the rules of ../shared/eval/score.py, re-implemented below):
  must      a mistake: some finding of severity "error" must start inside the range (caught)
  ok        correct: no "error" may start inside (otherwise one false alarm for the item)
  rounding  correct up to rounding: as ok
  may       ambiguous or carried forward: not scored
A finding is attributed to the first item whose range holds its "line"; errors outside every item are
"unattributed". Precision is caught / (caught + false alarms), counted in items.

Prints a Markdown table (one row per corpus, check and grade side by side), then with --per-doc one
row per document, and with --verbose every missed item and every false alarm with the finding's
message. A document whose run gives no JSON report counts as crashed: all its must items missed.
Stdlib only; exit status 0 always (this only measures).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = "deep_learning_homework"
TIMEOUT_S = 300
SCORED = ("ok", "rounding")


# -- the scorer: the rules of ../shared/eval/score.py ---------------------------------------------

def load_findings(report: object) -> list[dict]:
    """The findings of a report: a dict with "findings", or a list of per-file reports."""
    if isinstance(report, dict) and "findings" in report:
        return list(report["findings"])
    if isinstance(report, list):
        return [f for r in report for f in r.get("findings", [])]
    raise ValueError("report has no 'findings' list")


def item_of(line: int, items: list[dict]) -> dict | None:
    """The first item whose [first, last] range holds `line`."""
    for it in items:
        lo, hi = it["lines"]
        if lo <= line <= hi:
            return it
    return None


@dataclass
class Score:
    """One document scored in one mode."""
    must: list[dict] = field(default_factory=list)
    clean: list[dict] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    alarms: dict[tuple[int, int], tuple[dict, dict]] = field(default_factory=dict)
    unattributed: list[dict] = field(default_factory=list)
    crashed: str | None = None
    seconds: float = 0.0

    @property
    def caught(self) -> int:
        return len(self.must) - len(self.missed)


def score(report: object, truth: dict) -> Score:
    """Caught must items, false alarms on ok/rounding items and unattributed errors, as score.py counts."""
    items = truth["items"]
    errors = [f for f in load_findings(report) if f.get("severity") == "error"]
    s = Score(must=[it for it in items if it["label"] == "must"],
              clean=[it for it in items if it["label"] in SCORED])
    hit: set[tuple[int, int]] = set()
    for f in errors:
        it = item_of(int(f.get("line", -1)), items)
        if it is None:
            s.unattributed.append(f)
        elif it["label"] == "must":
            hit.add(tuple(it["lines"]))
        elif it["label"] in SCORED:
            s.alarms.setdefault(tuple(it["lines"]), (it, f))
    s.missed = [it for it in s.must if tuple(it["lines"]) not in hit]
    return s


def crashed_score(truth: dict, reason: str) -> Score:
    """A run that gave no report: every must item missed, nothing else counted."""
    items = truth["items"]
    must = [it for it in items if it["label"] == "must"]
    return Score(must=must, clean=[it for it in items if it["label"] in SCORED], missed=list(must),
                 crashed=reason)


# -- the corpora ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Doc:
    corpus: str
    path: Path
    truth: Path
    key: Path | None


def answer_files(folder: Path) -> list[Path]:
    """NAME.md / NAME.tex files with a NAME.truth.json beside them, in name order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".md", ".tex") and p.name != "README.md"
                  and p.with_name(p.stem + ".truth.json").exists())


def seed_docs() -> list[Doc]:
    md = REPO / "examples" / f"{SEED}.md"
    key = REPO / "problems" / f"{SEED}.py"
    truth = md.with_name(md.stem + ".truth.json")
    return [Doc("seed", md, truth, key if key.exists() else None)] if truth.exists() else []


def example_docs() -> list[Doc]:
    """examples/X_model.md and X_flawed.md, keyed by problems/X.py (the naming the tests use)."""
    docs = []
    for md in answer_files(REPO / "examples"):
        if md.stem == SEED:
            continue
        topic = md.stem.rsplit("_", 1)[0] if md.stem.endswith(("_model", "_flawed")) else md.stem
        key = REPO / "problems" / f"{topic}.py"
        docs.append(Doc("examples", md, md.with_name(md.stem + ".truth.json"), key if key.exists() else None))
    return docs


def folder_docs(name: str, folder: Path) -> list[Doc]:
    """Answer files of a folder, each keyed by NAME.key.py beside it when present."""
    docs = []
    for doc in answer_files(folder):
        key = doc.with_name(doc.stem + ".key.py")
        docs.append(Doc(name, doc, doc.with_name(doc.stem + ".truth.json"), key if key.exists() else None))
    return docs


def all_docs(dev_corpus: Path) -> list[Doc]:
    return (seed_docs() + example_docs() + folder_docs("dev", dev_corpus)
            + folder_docs("labelled", REPO / "bench" / "labelled"))


# -- running symcheck -----------------------------------------------------------------------------

def run(exe: str, doc: Doc, mode: str) -> Score:
    """One `symcheck check|grade` process on one document, scored against its truth file."""
    truth = json.loads(doc.truth.read_text(encoding="utf-8"))
    cmd = [exe, "check", str(doc.path), "--format", "json"]
    if mode == "grade":
        cmd = [exe, "grade", str(doc.path), "--problem", str(doc.key), "--format", "json"]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=REPO)
    except (OSError, subprocess.TimeoutExpired) as exc:
        s = crashed_score(truth, f"{type(exc).__name__}: {exc}")
    else:
        try:
            s = score(json.loads(proc.stdout), truth)
        except (ValueError, TypeError, KeyError) as exc:
            tail = (proc.stderr.strip().splitlines() or [""])[-1][:200]
            s = crashed_score(truth, f"exit {proc.returncode}, no JSON report ({type(exc).__name__}); {tail}")
    s.seconds = time.perf_counter() - t0
    return s


# -- reporting ------------------------------------------------------------------------------------

@dataclass
class Total:
    docs: int = 0
    caught: int = 0
    must: int = 0
    alarms: int = 0
    clean: int = 0
    unattributed: int = 0
    crashed: int = 0

    def add(self, s: Score) -> None:
        self.docs += 1
        self.caught += s.caught
        self.must += len(s.must)
        self.alarms += len(s.alarms)
        self.clean += len(s.clean)
        self.unattributed += len(s.unattributed)
        self.crashed += s.crashed is not None

    def cells(self) -> list[str]:
        if not self.docs:
            return ["–", "–", "–"]
        prec = self.caught / (self.caught + self.alarms) if self.caught + self.alarms else float("nan")
        extra = f" ({self.crashed} crashed)" if self.crashed else ""
        return [f"{self.caught} / {self.must}{extra}", f"{self.alarms} / {self.clean}",
                "–" if prec != prec else f"{100 * prec:.0f}%"]


def table(rows: list[tuple[str, int, Total, Total]]) -> str:
    head = ("| corpus | docs | check: caught | check: false alarms | check: precision "
            "| grade: docs | grade: caught | grade: false alarms | grade: precision |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, ndocs, chk, grd in rows:
        lines.append(f"| {name} | {ndocs} | " + " | ".join(chk.cells()) + f" | {grd.docs or '–'} | "
                     + " | ".join(grd.cells()) + " |")
    return "\n".join(lines)


def per_doc_table(docs: list[Doc], results: dict[tuple[Doc, str], Score]) -> str:
    lines = ["| document | check: caught | check: false alarms | grade: caught | grade: false alarms | seconds |",
             "|---|---:|---:|---:|---:|---:|"]
    for doc in docs:
        cells, secs = [], []
        for mode in ("check", "grade"):
            s = results.get((doc, mode))
            if s is None:
                cells += ["–", "–"]
                continue
            secs.append(f"{s.seconds:.1f}")
            crash = " (crashed)" if s.crashed else ""
            cells += [f"{s.caught} / {len(s.must)}{crash}", f"{len(s.alarms)} / {len(s.clean)}"]
        lines.append(f"| {doc.corpus}/{doc.path.name} | " + " | ".join(cells) + f" | {' + '.join(secs)} |")
    return "\n".join(lines)


def short(text: str, n: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def details(docs: list[Doc], results: dict[tuple[Doc, str], Score]) -> str:
    out = []
    for doc in docs:
        for mode in ("check", "grade"):
            s = results.get((doc, mode))
            if s is None or (not s.missed and not s.alarms and not s.unattributed and not s.crashed):
                continue
            out.append(f"### {doc.corpus}/{doc.path.name} ({mode}): caught {s.caught}/{len(s.must)}, "
                       f"false alarms {len(s.alarms)}/{len(s.clean)}")
            if s.crashed:
                out.append(f"- CRASHED: {short(s.crashed)}")
            for it in s.missed:
                out.append(f"- missed {it['lines'][0]}-{it['lines'][1]}: {short(it.get('note', ''))}")
            for (lo, hi), (it, f) in sorted(s.alarms.items()):
                out.append(f"- false alarm {lo}-{hi} [{it['label']}] line {f.get('line')} "
                           f"{f.get('code', '')}: {short(f.get('message', ''))}")
            for f in s.unattributed:
                out.append(f"- unattributed error line {f.get('line')} {f.get('code', '')}: "
                           f"{short(f.get('message', ''))}")
            out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("symcheck", nargs="?", default=str(REPO / ".venv" / "bin" / "symcheck"))
    ap.add_argument("--verbose", action="store_true", help="every missed item and false alarm")
    ap.add_argument("--per-doc", action="store_true", help="one table row per document")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--dev-corpus", type=Path, default=REPO.parent / "shared" / "dev-corpus")
    ap.add_argument("--only", default="", help="comma-separated corpora: seed,examples,dev,labelled")
    ap.add_argument("--no-grade", action="store_true", help="run check only")
    args = ap.parse_args(argv[1:])

    exe = args.symcheck
    if not (Path(exe).exists() or os.sep not in exe):
        print(f"accuracy.py: no symcheck at {exe} (run `make install`, or pass its path)", file=sys.stderr)
        return 0
    docs = all_docs(args.dev_corpus)
    if args.only:
        wanted = {c.strip() for c in args.only.split(",")}
        docs = [d for d in docs if d.corpus in wanted]
    jobs = [(d, "check") for d in docs] + ([] if args.no_grade else [(d, "grade") for d in docs if d.key])
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        scores = list(pool.map(lambda job: run(exe, *job), jobs))
    results = dict(zip(jobs, scores))

    order = ["seed", "examples", "dev", "labelled"]
    rows, all_chk, all_grd = [], Total(), Total()
    for name in order:
        cdocs = [d for d in docs if d.corpus == name]
        if not cdocs:
            continue
        chk, grd = Total(), Total()
        for d in cdocs:
            if (d, "check") in results:
                chk.add(results[(d, "check")])
                all_chk.add(results[(d, "check")])
            if (d, "grade") in results:
                grd.add(results[(d, "grade")])
                all_grd.add(results[(d, "grade")])
        rows.append((name, len(cdocs), chk, grd))
    rows.append(("**all**", len(docs), all_chk, all_grd))

    missing = [] if args.dev_corpus.is_dir() else [f"dev corpus not found at {args.dev_corpus}"]
    print(f"symcheck accuracy ({exe}); caught = must items with an error inside, "
          "false alarms = ok/rounding items with an error inside")
    for m in missing:
        print(f"note: {m}")
    print()
    print(table(rows))
    if args.per_doc or args.verbose:
        print()
        print(per_doc_table(docs, results))
    if args.verbose:
        print()
        print(details(docs, results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
