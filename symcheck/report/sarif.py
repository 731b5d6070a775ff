"""`--format sarif`: the report as a SARIF 2.1.0 log (one run, one result per finding).

GitHub code scanning (`github/codeql-action/upload-sarif`) and most CI dashboards read it. The
output is validated in the test suite against the SARIF 2.1.0 JSON schema shipped in
`tests/data/` (see `tests/test_ci_formats.py` for its source and licence). Student text is JSON
data here; control characters are shown as `\\uXXXX` (`escape.terminal_text`) like on a terminal.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from symcheck.core.codes import CODES
from symcheck.core.results import Finding, Report
from symcheck.report.escape import terminal_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_REF = re.compile(r"\blines? (\d+)\b")


def _text(text: str) -> str:
    return terminal_text(text, keep="\n")


def artifact_uri(file: str) -> str:
    """A relative URI reference for the file as given (forward slashes, percent-encoded)."""
    return quote(Path(file).as_posix(), safe="/")


def _region(line: int, end_line: int, snippet: str = "") -> dict:
    region: dict = {"startLine": max(line, 1), "endLine": max(end_line, line, 1)}
    if snippet:
        region["snippet"] = {"text": _text(snippet)}
    return region


def _result(finding: Finding, uri: str, rule_index: int) -> dict:
    message = finding.message
    if finding.expected is not None and finding.found is not None:
        message += f" (expected {finding.expected}, found {finding.found})"
    result: dict = {
        "ruleId": finding.code, "ruleIndex": rule_index, "level": LEVEL[finding.severity],
        "message": {"text": _text(message)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                            "region": _region(finding.line, finding.end_line, finding.latex)}}],
    }
    related: list[dict] = []
    for n in dict.fromkeys(int(m.group(1)) for m in _REF.finditer(finding.message)):
        if not finding.line <= n <= finding.end_line:
            related.append({"id": len(related), "message": {"text": f"line {n}, named in this finding"},
                            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(n, n)}})
    if related:
        result["relatedLocations"] = related
    properties: dict[str, object] = {k: _text(v) for k, v in (("expected", finding.expected), ("found", finding.found),
                                            ("method", finding.method)) if v is not None}
    if finding.cell is not None:  # a notebook: the Markdown cell and the line within it
        properties.update(cell=finding.cell, cell_line=finding.cell_line)
    if properties:
        result["properties"] = properties
    return result


def sarif_log(report: Report, *, verbose: bool = False, score: tuple[float, float] | None = None) -> dict:
    findings = [f for f in report.findings if verbose or f.severity != "info"]
    codes = list(dict.fromkeys(f.code for f in findings))
    rules = [{"id": code, "name": code, "shortDescription": {"text": CODES[code].meaning},
              "defaultConfiguration": {"level": LEVEL[CODES[code].severity]},
              "helpUri": "https://github.com/symcheck/symcheck#finding-codes"} for code in codes]
    uri = artifact_uri(report.file)
    run: dict = {
        "tool": {"driver": {"name": "symcheck", "version": "0.1.0", "informationUri":
                            "https://github.com/symcheck/symcheck", "rules": rules}},
        "artifacts": [{"location": {"uri": uri}}],
        "results": [_result(f, uri, codes.index(f.code)) for f in findings],
        "invocations": [{"executionSuccessful": report.status == "ok"}],
        "columnKind": "unicodeCodePoints",
    }
    if report.status != "ok":
        run["invocations"][0]["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": _text(f"{report.status}: {report.reason}")}}]
    s = report.summary
    run["properties"] = {"errors": s.errors, "warnings": s.warnings, "checked": s.checked, "unparsed": s.unparsed}
    if score is not None:
        run["properties"].update({"score": score[0], "max_score": score[1]})
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, *, verbose: bool = False, score: tuple[float, float] | None = None) -> str:
    return json.dumps(sarif_log(report, verbose=verbose, score=score), indent=2, ensure_ascii=False) + "\n"
