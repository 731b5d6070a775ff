"""Outputs for a whole class: the gradebook CSV, JSON lines, and a summary of scores and mistakes."""
from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter

from ..batch import SubmissionResult
from .escape import csv_cell


def part_ids(results: list[SubmissionResult]) -> list[str]:
    ids: list[str] = []
    for r in results:
        for part in (r.report or {}).get("parts", []):
            if part["id"] not in ids:
                ids.append(part["id"])
    return ids


def render_csv(results: list[SubmissionResult]) -> str:
    """One row per submission, sorted by student: student, status, score, max_score, each part, errors, reason.

    Text cells are neutralised for spreadsheets (`escape.csv_cell`); a row with a line break in a
    cell (an id holding a CR) is written fully quoted, so it never splits.
    """
    parts = part_ids(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["student", "status", "score", "max_score", *(f"part {p}" for p in parts), "errors", "reason"])
    for r in sorted(results, key=lambda r: r.student):
        report = r.report or {}
        scores = {p["id"]: p["score"] for p in report.get("parts", [])}
        row = [csv_cell(r.student), csv_cell(r.status), _number(report.get("score", 0)),
               _number(report.get("max_score", "")), *(_number(scores.get(p, 0)) for p in parts),
               report.get("summary", {}).get("errors", ""), csv_cell(r.reason)]
        (quoted if any("\r" in str(c) or "\n" in str(c) for c in row) else writer).writerow(row)
    return buffer.getvalue()


def render_json_lines(results: list[SubmissionResult]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True) + "\n"
                   for r in sorted(results, key=lambda r: r.student))


def render_summary(results: list[SubmissionResult]) -> str:
    """Score distribution per part and the mistakes most common across the class."""
    graded = [r for r in results if r.report]
    statuses = Counter(r.status for r in results)
    lines = [f"# Class summary: {len(results)} submissions ({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))})", ""]
    if graded:
        totals = [r.report["score"] for r in graded]
        lines += [f"Total: mean {statistics.mean(totals):.2f}, median {statistics.median(totals):.2f}, "
                  f"min {min(totals):g}, max {max(totals):g} (out of {graded[0].report['max_score']:g})", "",
                  "| part | points | mean | median | min | max | full marks |", "|---|---|---|---|---|---|---|"]
        for pid in part_ids(graded):
            scores = [p["score"] for r in graded for p in r.report["parts"] if p["id"] == pid]
            points = next(p["points"] for r in graded for p in r.report["parts"] if p["id"] == pid)
            full = sum(1 for s in scores if abs(s - points) < 1e-9)
            lines.append(f"| {pid} | {points:g} | {statistics.mean(scores):.2f} | {statistics.median(scores):.2f} | "
                         f"{min(scores):g} | {max(scores):g} | {full}/{len(scores)} |")
    codes = Counter()
    students = Counter()
    for r in graded:
        seen = set()
        for f in r.report["findings"]:
            if f["severity"] == "error":
                codes[f["code"]] += 1
                seen.add(f["code"])
        students.update(seen)
    if codes:
        lines += ["", "Most common mistakes:", "", "| code | errors | students |", "|---|---|---|"]
        lines += [f"| {code} | {n} | {students[code]} |" for code, n in codes.most_common(15)]
    return "\n".join(lines) + "\n"


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
