"""`--format github` (workflow commands) and `--format sarif` (SARIF 2.1.0) for the seed, and their escaping.

The SARIF schema is `tests/data/sarif-2.1.0-rtm.4.json`: the OASIS SARIF 2.1.0 (rtm.4) JSON schema as
shipped unchanged in the source distribution of the PyPI package sarif-om 1.0.4 (Microsoft, MIT
licence); see tests/data/SARIF-SCHEMA-NOTICE.md.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from symcheck.check.checker import check_file
from symcheck.core.results import Finding, Report
from symcheck.report.github import escape_data, escape_property, render_github
from symcheck.report.sarif import sarif_log

from .conftest import EXAMPLES_DIR, REPO_ROOT

SEED = EXAMPLES_DIR / "deep_learning_homework.md"
PROBLEM = REPO_ROOT / "problems" / "deep_learning_homework.py"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.4.json").read_text(encoding="utf-8"))
COMMAND = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")


def _symcheck(*args):
    return subprocess.run([sys.executable, "-m", "symcheck.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=REPO_ROOT)


def _properties(text: str) -> dict:
    return dict(p.split("=", 1) for p in text.split(","))


def test_github_annotations_for_the_seed():
    result = _symcheck("check", "examples/deep_learning_homework.md", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(COMMAND.match(line) for line in lines), [line for line in lines if not COMMAND.match(line)]
    report = check_file(SEED)
    shown = [f for f in report.findings if f.severity != "info"]
    assert len(lines) == len(shown) + 1  # one per finding, then the summary
    for line, finding in zip(lines, shown):
        kind, props, message = COMMAND.match(line).groups()
        props = _properties(props)
        assert kind == {"error": "error", "warning": "warning"}[finding.severity]
        assert props == {"file": "examples/deep_learning_homework.md", "line": str(finding.line),
                         "endLine": str(finding.end_line), "title": f"symcheck {finding.code}"}
        assert "\n" not in message and message.startswith(escape_data(finding.message))
    assert lines[-1].startswith("::notice ") and "error(s)" in lines[-1]


def test_github_annotations_when_grading():
    result = _symcheck("grade", "examples/deep_learning_homework.md", "--problem", PROBLEM, "--format", "github")
    assert result.returncode == 1
    assert re.search(r"score [\d.]+ / 24", result.stdout.splitlines()[-1])


@pytest.mark.parametrize("text, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
    ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ("%0A", "%250A", "%250A"),  # already-escaped looking text stays literal
    ("\n::set-output name=x::y", "%0A::set-output name=x::y", "%0A%3A%3Aset-output name=x%3A%3Ay"),
    ("\x1b[31mred\u202e", "\\u001b[31mred\\u202e", "\\u001b[31mred\\u202e"),
])
def test_github_escaping(text, data, prop):
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_hostile_finding_stays_one_command():
    evil = "x\n::error file=/etc/passwd::pwned\r,title=:"
    report = Report("a,b:c.md", (Finding(line=3, end_line=3, severity="error", code="arithmetic", message=evil,
                                         latex=evil, expected=evil, found=evil, method="exact"),), 1)
    lines = render_github(report).splitlines()
    assert len(lines) == 2
    kind, props, message = COMMAND.match(lines[0]).groups()
    assert _properties(props)["file"] == "a%2Cb%3Ac.md" and "\n" not in message and "\r" not in message


def test_sarif_for_the_seed_is_valid():
    result = _symcheck("check", "examples/deep_learning_homework.md", "--format", "sarif")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    report = check_file(SEED)
    shown = [f for f in report.findings if f.severity != "info"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] \
        == [(f.code, f.line) for f in shown]
    assert {r["level"] for r in run["results"]} == {"error", "warning"}
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "examples/deep_learning_homework.md"
    miscopied = next(r for r in run["results"] if r["ruleId"] == "miscopied-digits")
    assert miscopied["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 45


def test_sarif_when_grading_and_verbose_is_valid():
    result = _symcheck("grade", "examples/deep_learning_homework.md", "--problem", PROBLEM, "--format", "sarif",
                       "--verbose")
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["properties"]["max_score"] == 24
    assert "note" in {r["level"] for r in log["runs"][0]["results"]}


@pytest.mark.parametrize("report", [
    Report("dir with space/ünï#?.md", (Finding(line=1, end_line=2, severity="warning", code="unparsed",
                                               message="\x1b\u202e", latex="", expected=None, found=None, method=None),), 0),
    Report("a.md", (), 0, status="timeout", reason="the file took longer than 60 s"),
], ids=["odd-name", "timeout"])
def test_sarif_edge_cases_are_valid(report):
    log = sarif_log(report)
    jsonschema.validate(log, SCHEMA)
    assert "\x1b" not in json.dumps(log, ensure_ascii=False)


def test_unreadable_file_is_a_one_line_error_in_ci_formats(tmp_path):
    for fmt in ("github", "sarif"):
        result = _symcheck("check", tmp_path / "missing.md", "--format", fmt)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
