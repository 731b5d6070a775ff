"""The JSON report of the seed homework against a checked-in golden file, and the command line.

The golden file `tests/golden/deep_learning_homework.check.json` is exactly what
`symcheck check examples/deep_learning_homework.md --format json` prints when run from the repository root.
After an intended change to the checker, regenerate it and review the diff:

    SYMCHECK_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symcheck import check_file
from symcheck.cli import main
from symcheck.report.json_report import render_json

SEED = "examples/deep_learning_homework.md"
GOLDEN = "deep_learning_homework.check.json"
UPDATE_ENV = "SYMCHECK_UPDATE_GOLDEN"


def seed_json(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The seed's JSON report, with the path given relative to the repository root, as the CLI would be run."""
    monkeypatch.chdir(repo_root)
    return render_json(check_file(SEED))


def test_golden_report(repo_root: Path, golden_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """The seed's JSON report equals the golden file; SYMCHECK_UPDATE_GOLDEN=1 rewrites it instead."""
    produced = seed_json(repo_root, monkeypatch)
    golden = golden_dir / GOLDEN
    if os.environ.get(UPDATE_ENV) == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
        pytest.skip(f"{UPDATE_ENV}=1: rewrote {golden.name}")
    expected = golden.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), produced.splitlines(True), "golden", "now", n=2))
    assert produced == expected, f"report differs from {golden.name} (set {UPDATE_ENV}=1 to regenerate):\n{diff[:6000]}"


def test_golden_file_is_the_seed_report(golden_dir: Path):
    """The golden file is a schema-1 report of the seed, named by its relative path, with errors in it."""
    data = json.loads((golden_dir / GOLDEN).read_text(encoding="utf-8"))
    assert (data["schema"], data["file"], data["summary"]["errors"] > 0) == ("symcheck.report/1", SEED, True)


def test_report_does_not_depend_on_hash_seed(repo_root: Path):
    """Two processes with different string-hash seeds print the same JSON report (no salted randomness)."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "symcheck.cli", "check", SEED, "--format", "json"],
                              cwd=repo_root, env=env, capture_output=True, text=True, timeout=120)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


# -- the command line ---------------------------------------------------------------------------------
# (file relative to the repository root, exit status)
EXIT_CASES = [
    pytest.param(SEED, 1, id="seed-has-errors"),
    pytest.param("examples/jacobians_model.md", 0, id="jacobians-model-clean"),
    pytest.param("examples/jacobians_flawed.md", 1, id="jacobians-flawed"),
    pytest.param("examples/tanh_network_model.md", 0, id="tanh-model-clean"),
    pytest.param("examples/no_such_file.md", 2, id="missing-file"),
]


@pytest.mark.parametrize(("file", "status"), EXIT_CASES)
def test_cli_exit_status(repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys, file, status):
    """`symcheck check FILE` exits 0 when clean, 1 when it found errors, 2 when it could not run."""
    monkeypatch.chdir(repo_root)
    assert main(["check", file]) == status


def test_cli_missing_file_one_line_message(repo_root: Path):
    """A missing file: exit status 2, nothing on stdout, and one line on stderr naming the file."""
    done = subprocess.run([sys.executable, "-m", "symcheck.cli", "check", "examples/no_such_file.md"],
                          cwd=repo_root, capture_output=True, text=True, timeout=120)
    lines = done.stderr.splitlines()
    assert (done.returncode, done.stdout, len(lines)) == (2, "", 1), done.stderr
    assert lines[0].startswith("symcheck: error:") and "no_such_file.md" in lines[0]


def test_cli_json_output_parses(repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """`--format json` prints one JSON document with the report's schema, file and findings."""
    monkeypatch.chdir(repo_root)
    status = main(["check", SEED, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (status, data["schema"], data["file"], data["summary"]["errors"]) == (
        1, "symcheck.report/1", SEED, sum(f["severity"] == "error" for f in data["findings"]))


def test_cli_json_matches_library(repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """The CLI's JSON is exactly render_json(check_file(path)): the CLI is a thin layer."""
    library = seed_json(repo_root, monkeypatch)
    main(["check", SEED, "--format", "json"])
    assert capsys.readouterr().out == library


def test_cli_json_for_missing_file(repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """With `--format json` a missing file still prints parseable JSON saying why (status "error")."""
    monkeypatch.chdir(repo_root)
    status = main(["check", "examples/no_such_file.md", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (status, data["status"], data["findings"], "no_such_file.md" in data["reason"]) == (2, "error", [], True)


def test_cli_output_option(repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """`-o FILE` writes the report there and prints nothing."""
    monkeypatch.chdir(repo_root)
    target = tmp_path / "report.json"
    status = main(["check", "examples/jacobians_model.md", "--format", "json", "-o", str(target)])
    out = capsys.readouterr().out
    assert (status, out, json.loads(target.read_text(encoding="utf-8"))["summary"]["errors"]) == (0, "", 0)


def test_cli_text_report_lists_errors(repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """The text report names each error by line and ends with the summary line."""
    monkeypatch.chdir(repo_root)
    main(["check", SEED])
    out = capsys.readouterr().out
    errors = sum(f.severity == "error" for f in check_file(SEED).findings)
    assert (out.count("✗ error"), out.rstrip().splitlines()[-1].startswith(f"{errors} error(s)")) == (errors, True)
