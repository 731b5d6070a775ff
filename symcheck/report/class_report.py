"""Outputs for a whole class: the gradebook CSV, JSON lines, and a summary of scores and mistakes."""
from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter

from symcheck.core.results import SubmissionResult
from symcheck.report.escape import csv_cell


def part_ids(results: list[SubmissionResult]) -> list[str]:
    ids: list[str] = []
    for r in results:
        for part in (r.report or {}).get("parts", []):
            if part["id"] not in ids:
                ids.append(part["id"])
    return ids


def _report_of(result: SubmissionResult) -> dict:
    """The report of a submission that has one (the callers keep only those)."""
    return result.report or {}


def render_csv(results: list[SubmissionResult]) -> str:
    """One row per submission, sorted by student: student, status, score, max_score, each part, errors, reason;
    for a problem with randomised variants, the variant each student was graded against after the student.

    Text cells are neutralised for spreadsheets (`escape.csv_cell`); a row with a line break in a
    cell (an id holding a CR) is written fully quoted, so it never splits.
    """
    parts = part_ids(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    variants = any(r.variant for r in results)
    writer.writerow(["student", *(["variant"] if variants else []), "status", "score", "max_score",
                     *(f"part {p}" for p in parts), "errors", "reason"])
    for r in sorted(results, key=lambda r: r.student):
        report = r.report or {}
        scores = {p["id"]: p["score"] for p in report.get("parts", [])}
        row = [csv_cell(r.student), *([csv_cell(r.variant)] if variants else []), csv_cell(r.status),
               _number(report.get("score", 0)), _number(report.get("max_score", "")),
               *(_number(scores.get(p, 0)) for p in parts),
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
    counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    lines = [f"# Class summary: {len(results)} submissions ({counts})", ""]
    if graded:
        totals = [_report_of(r)["score"] for r in graded]
        out_of = _score(_report_of(graded[0])["max_score"])
        lines += [f"Total: mean {statistics.mean(totals):.2f}, median {statistics.median(totals):.2f}, "
                  f"min {_score(min(totals))}, max {_score(max(totals))} (out of {out_of})", "",
                  "| part | points | mean | median | min | max | full marks |", "|---|---|---|---|---|---|---|"]
        for pid in part_ids(graded):
            scores = [p["score"] for r in graded for p in _report_of(r)["parts"] if p["id"] == pid]
            points = next(p["points"] for r in graded for p in _report_of(r)["parts"] if p["id"] == pid)
            full = sum(1 for s in scores if abs(s - points) < 1e-9)
            lines.append(f"| {pid} | {_score(points)} | {statistics.mean(scores):.2f} | "
                         f"{statistics.median(scores):.2f} | {_score(min(scores))} | {_score(max(scores))} | "
                         f"{full}/{len(scores)} |")
    codes: Counter[str] = Counter()
    students: Counter[str] = Counter()
    for r in graded:
        seen = set()
        for f in _report_of(r)["findings"]:
            if f["severity"] == "error":
                codes[f["code"]] += 1
                seen.add(f["code"])
        students.update(seen)
    if codes:
        lines += ["", "Most common mistakes:", "", "| code | errors | students |", "|---|---|---|"]
        lines += [f"| {code} | {n} | {students[code]} |" for code, n in codes.most_common(15)]
    return "\n".join(lines) + "\n"


def _score(value: float) -> str:
    """A score for people: two decimals at most."""
    return f"{round(float(value), 2):g}"


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


# -- the class index page (`index.html` in --report-dir) ---------------------------------------------
def render_class_index(results: list[SubmissionResult], names: dict[str, str], title: str = "") -> str:
    """A self-contained page: per part a histogram of scores (inline SVG), the most common mistakes each with
    links to examples, and every student with a link to their page. `names` maps a student id to the safe
    file stem of their feedback (`escape.safe_output_name`). Ids and codes are escaped; links are URL-quoted."""
    from symcheck.report.escape import html_text
    from symcheck.report.feedback import CSP, PAGE_CSS
    from symcheck.report.text_report import score_text

    graded = [r for r in results if r.report and r.report.get("parts") is not None]
    problem = next((_report_of(r).get("problem", "") for r in graded), "")
    heading = html_text(title or f"Class report{': ' + problem if problem else ''}")
    statuses = Counter(r.status for r in results)
    out = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{CSP}<title>{heading}</title>"
           f"<style>{PAGE_CSS}{_INDEX_CSS}</style></head><body><h1>{heading}</h1>",
           f"<p>{len(results)} submissions: " + ", ".join(f"{n} {html_text(s)}" for s, n in sorted(statuses.items()))
           + "</p>"]
    if graded:
        totals = [_report_of(r)["score"] for r in graded]
        max_score = _report_of(graded[0]).get("max_score", 0)
        out.append(f"<p>Total: mean <b>{statistics.mean(totals):.2f}</b>, median {statistics.median(totals):.2f}, "
                   f"min {score_text(min(totals))}, max {score_text(max(totals))} (out of {score_text(max_score)})</p>")
        out.append("<h2>Scores per part</h2><div class=\"hists\">")
        out.append(_histogram("total", totals, max_score))
        for pid in part_ids(graded):
            scores = [p["score"] for r in graded for p in _report_of(r)["parts"] if p["id"] == pid]
            points = next(p["points"] for r in graded for p in _report_of(r)["parts"] if p["id"] == pid)
            out.append(_histogram(f"part {pid}", scores, points))
        out.append("</div>")
    examples: dict[str, list[tuple[str, int]]] = {}
    codes: Counter[str] = Counter()
    students: Counter[str] = Counter()
    for r in sorted(graded, key=lambda r: r.student):
        seen = set()
        for f in _report_of(r).get("findings", []):
            if f.get("severity") == "error":
                codes[f["code"]] += 1
                seen.add(f["code"])
                examples.setdefault(f["code"], []).append((r.student, f["line"]))
        students.update(seen)
    if codes:
        out.append("<h2>Most common mistakes</h2><table class=\"items\" id=\"mistakes\"><tr><th>mistake</th>"
                   "<th>errors</th><th>students</th><th>examples</th></tr>")
        for code, n in codes.most_common(15):
            links = ", ".join(_page_link(names, student, f"{student}, line {line}", f"line-{line}")
                              for student, line in _spread_examples(examples[code]))
            out.append(f"<tr><td><code>{html_text(code)}</code></td><td>{n}</td><td>{students[code]}</td>"
                       f"<td>{links}</td></tr>")
        out.append("</table>")
    out.append("<h2>Students</h2><table class=\"items\" id=\"students\"><tr><th>student</th><th>status</th>"
               "<th>score</th><th>errors</th></tr>")
    for r in sorted(results, key=lambda r: r.student):
        report = r.report or {}
        score = f"{score_text(report['score'])} / {score_text(report['max_score'])}" if "score" in report else ""
        errors = report.get("summary", {}).get("errors", "")
        link = _page_link(names, r.student, r.student, "", ".html" if r.feedback else ".md")
        out.append(f"<tr><td>{link}</td><td>{html_text(r.status)}</td><td>{score}</td><td>{errors}</td></tr>")
    out.append("</table></body></html>\n")
    return "".join(out)


_INDEX_CSS = ".hists{display:flex;flex-wrap:wrap;gap:1em}.hist{border:1px solid #ddd;padding:.3em}" \
             ".hist svg{display:block}"


def _spread_examples(found: list[tuple[str, int]], limit: int = 3) -> list[tuple[str, int]]:
    """Up to `limit` examples, from different students first."""
    out, seen = [], set()
    for student, line in found:
        if student not in seen:
            out.append((student, line))
            seen.add(student)
        if len(out) == limit:
            break
    return out


def _page_link(names: dict[str, str], student: str, text: str, anchor: str, ext: str = ".html") -> str:
    from urllib.parse import quote

    from symcheck.report.escape import html_text

    name = names.get(student)
    if name is None:
        return html_text(text)
    href = quote(name + ext) + (f"#{anchor}" if anchor else "")
    return f"<a href=\"{html_text(href)}\">{html_text(text)}</a>"


def _histogram(title: str, scores: list[float], points: float, bins: int = 10) -> str:
    """An inline SVG histogram of scores over [0, points]: no script, no external resource."""
    from symcheck.report.escape import html_text
    from symcheck.report.text_report import score_text

    points = float(points) or 1.0
    bins = max(1, min(bins, int(points * 2) if points * 2 == int(points * 2) else bins))
    counts = [0] * bins
    for s in scores:
        k = min(bins - 1, max(0, int(float(s) / points * bins)))
        counts[k] += 1
    width, height, pad = 260, 120, 22
    bar = (width - 2 * pad) / bins
    top = max(counts) or 1
    parts = [f"<div class=\"hist\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" "
             f"height=\"{height + 34}\" "
             f"role=\"img\" aria-label=\"{html_text(title)} histogram\">",
             f"<text x=\"{pad}\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{html_text(title)} "
             f"(out of {score_text(points)})</text>"]
    for k, n in enumerate(counts):
        h = (height - 42) * n / top
        x = pad + k * bar
        y = 32 + (height - 42) - h
        low, high = points * k / bins, points * (k + 1) / bins
        parts.append(f"<rect x=\"{x + 1:.1f}\" y=\"{y:.1f}\" width=\"{bar - 2:.1f}\" height=\"{h:.1f}\" "
                     f"fill=\"#4a78b5\">"
                     f"<title>{score_text(low)}–{score_text(high)}: {n}</title></rect>")
        if n:
            parts.append(f"<text x=\"{x + bar / 2:.1f}\" y=\"{y - 2:.1f}\" font-size=\"10\" "
                         f"text-anchor=\"middle\">{n}</text>")
    base = 32 + height - 42
    parts.append(f"<line x1=\"{pad}\" y1=\"{base}\" x2=\"{width - pad}\" y2=\"{base}\" stroke=\"#555\"/>")
    for k in range(0, bins + 1, max(1, bins // 5)):
        x = pad + k * bar
        parts.append(f"<text x=\"{x:.1f}\" y=\"{base + 14}\" font-size=\"10\" text-anchor=\"middle\">"
                     f"{score_text(points * k / bins)}</text>")
    parts.append(f"<text x=\"{width / 2:.0f}\" y=\"{base + 28}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">"
                 f"{len(scores)} graded</text></svg></div>")
    return "".join(parts)
