"""Jupyter notebooks as answer files: Markdown cells checked and graded with their cell and line; never run."""
from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from symcheck.core.errors import InputFileError
from symcheck.read.notebook import CellSpan, locate, notebook_text

from .conftest import REPO_ROOT

PROBLEM = REPO_ROOT / "problems" / "deep_learning_homework.py"


def _notebook(path, marker=None):
    """Cell 1 Markdown, cell 2 code (never run: it would write `marker`), cell 3 Markdown with a wrong step on line 5."""
    nb = nbformat.v4.new_notebook()
    code = f"open({str(marker)!r}, 'w').write('ran')" if marker else "1 + 1"
    nb.cells = [nbformat.v4.new_markdown_cell("# Homework\n\nGiven $a = 3$."),
                nbformat.v4.new_code_cell(code),
                nbformat.v4.new_markdown_cell("First\n\n$$z = 2 \\cdot 4 = 8$$\n\n$$y = 2 + 3 = 6$$")]
    nbformat.write(nb, str(path))
    return path


def _symcheck(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "symcheck.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_check_reports_cell_and_line(tmp_path):
    marker = tmp_path / "ran.txt"
    path = _notebook(tmp_path / "hw.ipynb", marker)
    text = _symcheck("check", path)
    assert text.returncode == 1, text.stderr
    assert "cell 3, line 5:" in text.stdout and "line 9 " in text.stdout
    data = json.loads(_symcheck("check", path, "--format", "json").stdout)
    (finding,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert (finding["line"], finding["cell"], finding["cell_line"], finding["code"]) == (9, 3, 5, "arithmetic")
    graded = json.loads(_symcheck("grade", path, "--problem", PROBLEM, "--format", "json").stdout)
    assert [(f["cell"], f["cell_line"]) for f in graded["findings"] if f["severity"] == "error"] == [(3, 5)]
    (annotation, _summary) = _symcheck("check", path, "--format", "github").stdout.splitlines()
    assert annotation.startswith(f"::error file={path},title=symcheck arithmetic::cell 3, line 5: ")
    sarif = json.loads(_symcheck("check", path, "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["properties"]["cell"] == 3
    assert not marker.exists()  # the code cell was never executed


@pytest.mark.parametrize("content", [
    b'{"cells": 3',  # not JSON
    b'{"a": 1}',  # JSON, not a notebook
    b'[1, 2, 3]',
    b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 7}',
    b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "source": 5}]}',
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,  # binary
    "{\"cells\": \"\u202e\x1b[31m\"".encode(),  # control characters in what the message quotes
], ids=["not-json", "no-cells", "list", "cells-not-list", "source-not-text", "binary", "controls"])
def test_malformed_notebook_is_one_line_error(tmp_path, content):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    result = _symcheck("check", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("symcheck: error: ")
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr


@pytest.mark.parametrize("line, where", [
    (1, (1, 1)), (3, (1, 3)), (4, None), (5, (3, 1)), (9, (3, 5)), (10, None), (99, None),
])
def test_locate(line, where):
    spans = (CellSpan(1, 1, 3), CellSpan(3, 5, 5))
    assert locate(line, spans) == where


def test_concatenation_is_stable():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("a\r\nb\n\n"), nbformat.v4.new_raw_cell("raw"),
                nbformat.v4.new_markdown_cell(["x", "\n", "y"])]
    text, spans = notebook_text(nbformat.writes(nb), "nb")
    assert text == "a\nb\n\nx\ny\n"
    assert spans == (CellSpan(1, 1, 2), CellSpan(3, 4, 2))
    with pytest.raises(InputFileError):
        notebook_text("{", "nb")


def test_class_grading_reads_notebooks(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    _notebook(folder / "alice.ipynb")
    (folder / "bob.ipynb").write_text('{"cells": 3', encoding="utf-8")
    (folder / "carol").mkdir()
    (folder / "carol" / "a.md").write_text("Part one\n\n$$q = 1 + 1 = 2$$\n", encoding="utf-8")
    _notebook(folder / "carol" / "b.ipynb")
    out = tmp_path / "reports.jsonl"
    result = _symcheck("grade", folder, "--problem", PROBLEM, "--jobs", "1", "--quiet", "--json-lines", out)
    assert result.returncode == 0, result.stderr
    rows = {r["student"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["bob"]["status"] == "unreadable" and "not a readable Jupyter notebook" in rows["bob"]["reason"]
    for student, line in (("alice", 9), ("carol", 4 + 9)):  # carol: a.md's 4 lines come first
        assert rows[student]["status"] == "graded"
        errors = [f for f in rows[student]["report"]["findings"] if f["severity"] == "error"]
        assert [(f["line"], f["cell"], f["cell_line"]) for f in errors] == [(line, 3, 5)], student
        assert errors[0]["message"].startswith("cell 3, line 5: ")
