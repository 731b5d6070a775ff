"""`symcheck lsp` driven as an editor would: initialize, open the seed, edit, hover, quick fix; and the conversions."""
from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from symcheck.check.checker import check_file, check_text
from symcheck.core.results import Finding
from symcheck.editors.lsp import convert

from .conftest import EXAMPLES_DIR, REPO_ROOT
from .lsp_client import LspClient

SEED = EXAMPLES_DIR / "deep_learning_homework.md"
FIXED_247 = r"$$\frac{\partial f(x, y)}{\partial x} = 2$$"


def _initialize(client: LspClient, root, options=None) -> dict:
    result = client.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                           "initializationOptions": options})
    client.notify("initialized", {})
    return result


def _open(client: LspClient, uri: str, text: str) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                           "text": text}})


def _error_lines(diagnostics) -> set[int]:
    return {d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == 1}


@pytest.fixture
def seed_copy(tmp_path):
    path = tmp_path / "deep_learning_homework.md"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_editor_session_on_the_seed(seed_copy, tmp_path):
    text = seed_copy.read_text(encoding="utf-8")
    expected_errors = {f.line for f in check_file(SEED).errors}
    uri = seed_copy.as_uri()
    client = LspClient(cwd=str(tmp_path))
    try:
        capabilities = _initialize(client, tmp_path)["capabilities"]
        assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
        _open(client, uri, text)
        first = client.diagnostics(uri, 1)
        assert expected_errors <= _error_lines(first)
        assert 247 in _error_lines(first)
        by_line = {(d["range"]["start"]["line"] + 1, d["code"]): d for d in first}
        assert by_line[(247, "squared-not-linear")]["source"] == "symcheck"
        # related information: the miscopied value on line 75 came from line 45
        related = by_line[(75, "miscopied-digits")]["relatedInformation"]
        assert [r["location"]["range"]["start"]["line"] for r in related] == [44]

        # an edit of line 247, as an editor sends it (incremental sync: the line's range and its new text)
        old = text.split("\n")[246]
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 246, "character": 0},
                                          "end": {"line": 246, "character": len(old)}}, "text": FIXED_247}]})
        second = client.diagnostics(uri, 2)
        assert not [d for d in second if d["range"]["start"]["line"] == 246]
        assert (expected_errors - {247}) <= _error_lines(second)

        hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": 44, "character": 5}})
        assert "0.559714" in hover["contents"]["value"] and "rounding" in hover["contents"]["value"]
        assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": {"line": 0, "character": 0}}) is None
        held = client.request("textDocument/hover", {"textDocument": {"uri": uri},  # `0.01 + 0.02 + 0.06 = 0.09.`
                                                     "position": {"line": 19, "character": 5}})
        assert "✓ holds" in held["contents"]["value"] and "decided by: exact" in held["contents"]["value"]

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": {"line": 44, "character": 0},
                                                    "end": {"line": 44, "character": 0}},
            "context": {"diagnostics": []}})
        (edit,) = actions[0]["edit"]["changes"][uri]
        assert edit["newText"] == "0.560"
        line45 = text.split("\n")[44]
        assert line45[edit["range"]["start"]["character"]:edit["range"]["end"]["character"]] == "0.529"

        # closing clears the document's diagnostics; an edit just before it publishes nothing stale
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                                 "contentChanges": [{"text": "$$1 + 1 = 3$$\n"}]})
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        cleared = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri and m["params"].get("version") != 2)
        assert cleared["params"]["diagnostics"] == []
        assert client.close() == 0
        assert not [m for m in client.pending if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["diagnostics"]]
    finally:
        if client.proc.poll() is None:
            client.proc.kill()


def test_answer_key_from_the_workspace_grades(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.symcheck]\nproblem = "{(REPO_ROOT / "problems" / "deep_learning_homework.py").as_posix()}"\n')
    path = tmp_path / "answer.md"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    client = LspClient(cwd=str(tmp_path))
    try:
        _initialize(client, tmp_path)
        _open(client, path.as_uri(), text)
        graded = client.diagnostics(path.as_uri(), 1)
        checked = check_text(text).findings
        # the key finds what check alone cannot (README: 21/21 against 19/21)
        assert len([d for d in graded if d["severity"] == 1]) > len([f for f in checked if f.severity == "error"])
        hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                      "position": {"line": 19, "character": 5}})
        assert "**answer key** `a_{11}`: correct" in hover["contents"]["value"]
        assert client.close() == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES_DIR.glob("*.md")))
def test_recording_changes_no_finding(name):
    """The hover's record of what held only observes: the findings are check_text's, and grade_text's."""
    from symcheck.core.limits import Limits
    from symcheck.editors.lsp.recording import check_recorded
    from symcheck.grade.grader import grade_text
    from symcheck.keys.problem import load_problem

    text = (EXAMPLES_DIR / name).read_text(encoding="utf-8")
    outcome = check_recorded(text, name, False, Limits())
    assert outcome.findings == check_text(text, path=name).findings
    assert outcome.relations and all(r.comparison.verdict.value == "equal" for r in outcome.relations)
    key = REPO_ROOT / "problems" / (name.replace("_model.md", ".py").replace("_flawed.md", ".py")
                                    .replace("_homework.md", "_homework.py"))
    problem = load_problem(str(key))
    graded = check_recorded(text, name, False, Limits(), problem)
    assert graded.findings == grade_text(text, problem, path=name).report.findings
    assert graded.items


def _finding(line=1, code="arithmetic", expected="0.559714", found="0.529", latex="", message="m", severity="error"):
    return Finding(line=line, end_line=line, severity=severity, code=code, message=message, latex=latex,
                   expected=expected, found=found, method="rounding")


@pytest.mark.parametrize("line_text, finding, replacement", [
    ("$$\\frac{1}{1+e^{-0.24}} = 0.529$$", _finding(), "0.560"),
    ("$$a = 0.529 + 0.529$$", _finding(), None),  # found twice after the last `=`: not certain which
    ("$$0.529 = b$$", _finding(), None),  # not after the last `=`
    ("$$x = 0.529$$", _finding(code="sign-flip"), None),  # not an arithmetic slip
    ("$$x = 0.529$$", _finding(expected="2*x"), None),  # not a number
    ("$$x = 0.529$$", _finding(severity="warning"), None),
    ("$$x = 2 + 3 = 6$$", _finding(expected="5", found="6"), "5"),
    ("$$x = 16$$", _finding(expected="-0.0001", found="16"), "0"),
])
def test_computed_value_fix(line_text, finding, replacement):
    fix = convert.computed_value_fix(finding, [line_text])
    assert (fix.replacement if fix else None) == replacement
    if fix:
        assert line_text[fix.start:fix.end] == finding.found


@pytest.mark.parametrize("finding, severity, start, end", [
    (_finding(latex="2 + 3 = 6"), lsp.DiagnosticSeverity.Error, (0, 8), (0, 17)),
    (_finding(latex="not there", severity="warning"), lsp.DiagnosticSeverity.Warning, (0, 2), (0, 19)),
    (_finding(latex="", severity="info"), lsp.DiagnosticSeverity.Information, (0, 2), (0, 19)),
    (_finding(line=3), lsp.DiagnosticSeverity.Error, (2, 0), (2, 0)),  # past the end: an empty range at its start
])
def test_diagnostic_range_and_severity(finding, severity, start, end):
    (d,) = convert.diagnostics([finding], "  $$x = 2 + 3 = 6$$  ", "file:///a.md")
    assert d.severity == severity
    assert (d.range.start.line, d.range.start.character) == start
    assert (d.range.end.line, d.range.end.character) == end


def test_columns_are_utf16_code_units():
    """LSP positions count UTF-16 code units: a character outside the BMP before the step counts twice."""
    (d,) = convert.diagnostics([_finding(latex="2 + 3 = 6")], "𝑥 $$2 + 3 = 6$$", "file:///a.md")
    assert (d.range.start.character, d.range.end.character) == (5, 14)


def test_student_text_is_escaped_in_diagnostics_and_hover():
    evil = "\x1b[31m`x` **bold** [link](javascript:alert(1)) <img src=x>\u202e"
    f = Finding(line=1, end_line=1, severity="error", code="arithmetic", message="msg " + evil, latex=evil,
                expected=evil, found=evil, method="exact")
    (d,) = convert.diagnostics([f], "$$x$$", "file:///a.md")
    assert "\x1b" not in d.message and "\u202e" not in d.message
    hover = convert.hover_markdown([f])
    assert "\x1b" not in hover and "\u202e" not in hover
    blocks = hover.split("\n\n")
    assert all(b.split(": ", 1)[1].startswith("``") for b in blocks[1:4])  # step, expected, found: code spans
    message = blocks[4]
    assert "<img" not in message and "&lt;img" in message and "\\[link\\](javascript" in message  # no link


@pytest.mark.parametrize("options, pyproject, expected, debounce", [
    (None, None, None, 0.2),
    ({"symcheck": {"problem": "keys/hw.py", "debounce": 0.05}}, None, "keys/hw.py", 0.05),
    ({"symcheck.problem": "keys/hw.py"}, None, "keys/hw.py", 0.2),
    (None, 'problem = "problems/hw4.py"', "problems/hw4.py", 0.2),
    ({"symcheck": {"problem": "a.py"}}, 'problem = "b.py"', "a.py", 0.2),  # the editor's option wins
    ({"symcheck": {"debounce": "soon"}}, None, None, 0.2),  # not a number: the default
    ({"symcheck": "nonsense"}, None, None, 0.2),
    ({"symcheck": {"problem": 5}}, "step_timeout = \"x\"", None, 0.2),  # bad values: ignored, defaults
])
def test_workspace_configuration(tmp_path, options, pyproject, expected, debounce):
    from symcheck.editors.lsp.server import SymcheckServer

    if pyproject:
        (tmp_path / "pyproject.toml").write_text(f"[tool.symcheck]\n{pyproject}\n", encoding="utf-8")
    server = SymcheckServer()
    server.configure(str(tmp_path), options)
    assert server.problem_path == (tmp_path / expected if expected else None)
    assert server.debounce == debounce


@pytest.mark.parametrize("text, code", [
    ("$$2 + 3 = 6$$\n", "arithmetic"),
    ("\x1b[2J $$x = 10^{10^{10}}$$ \\input{/etc/passwd} \u202e\n$$1 + 1 = 3$$", "arithmetic"),
    ("x" * 64, None),
    ("$$" + "(" * 5000 + "$$", None),
])
def test_run_check_never_raises(text, code):
    from symcheck.editors.lsp.server import SymcheckServer

    outcome = SymcheckServer().run_check(text, "/nowhere/a.md")
    assert code is None or code in {f.code for f in outcome.findings}
    for d in convert.diagnostics(outcome.findings, text, "file:///nowhere/a.md"):
        assert "\x1b" not in d.message


def test_document_over_the_size_gate_is_not_checked():
    from symcheck.core.limits import Limits
    from symcheck.editors.lsp.server import SymcheckServer

    server = SymcheckServer()
    server.limits = Limits(max_file_bytes=100)
    (finding,) = server.run_check("$$1 + 1 = 3$$\n" * 20, "/nowhere/a.md").findings
    assert finding.code == "too-large"
