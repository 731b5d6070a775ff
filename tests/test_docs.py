"""The documentation is real: the instructor helpers' examples run (doctest), the guide's code is the code
of files that load and lint clean, and the API reference builds with `mkdocs build --strict`."""
from __future__ import annotations

import doctest
import importlib
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symcheck import ProblemFileError, load_problem

# The modules whose docstrings carry `>>>` examples: the instructor API (symcheck.problem, symcheck.derive).
DOCTEST_MODULES = ["symcheck.keys.derive", "symcheck.keys.network", "symcheck.keys.problem", "symcheck.keys.variants",
                   "symcheck.keys.kinds", "symcheck.keys.contexts", "symcheck.grade.kinds"]


@pytest.mark.parametrize("name", DOCTEST_MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see the output)"


@pytest.mark.parametrize("name", ["gradient", "jacobian", "hessian", "at", "compose", "chain_rule", "partial_aliases",
                                  "composition_aliases", "sample_context", "FeedForward", "Network",
                                  "indexed", "updated"])
def test_every_public_helper_has_arguments_and_an_example(name: str) -> None:
    import symcheck.derive

    doc = getattr(symcheck.derive, name).__doc__ or ""
    assert ">>>" in doc, f"{name}: no example"
    assert "Args:" in doc, f"{name}: no Args section"


@pytest.mark.parametrize("name", ["Quantity", "Part", "Problem", "CreditPolicy", "load_problem", "Variants", "Choice",
                                  "IntRange", "Equation", "PointSet", "Update", "update_aliases", "after", "in_part",
                                  "for_sample"])
def test_instructor_api_has_arguments_and_an_example(name: str) -> None:
    import symcheck.problem

    doc = getattr(symcheck.problem, name).__doc__ or ""
    assert ">>>" in doc and "Args:" in doc, f"{name}: needs an Args section and an example"


ROOT = Path(__file__).resolve().parent.parent


def test_the_api_reference_builds_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` (what `make docs` runs): every page, every `::: object` resolved, no warning."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    for page in ("api/symcheck", "api/problem", "api/derive"):
        assert (site / page / "index.html").is_file(), page
    api = (site / "api" / "derive" / "index.html").read_text(encoding="utf-8")
    assert 'id="symcheck.derive.chain_rule"' in api  # the reference is generated, not an empty page


# -- the guide: every code block is a real file, an excerpt of one, or a command with its real output -------------
GUIDE = ROOT / "docs" / "writing-an-answer-key.md"
FENCE = re.compile(r"(?:<!-- (file|from): (\S+) -->\n)?```(\w*)\n(.*?)\n```", re.S)


def _blocks(kind: str) -> list[tuple[str | None, str | None, str]]:
    """(marker, path, body) of the guide's fenced blocks in `kind` (python, console, …)."""
    return [(m[1], m[2], m[4]) for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8")) if m[3] == kind]


def test_the_guide_has_only_python_and_console_blocks() -> None:
    kinds = {m[3] for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8"))}
    assert kinds <= {"python", "console"}, f"blocks of another kind cannot be checked: {kinds}"
    assert _blocks("python") and _blocks("console")


@pytest.mark.parametrize("marker, path, body", _blocks("python"), ids=lambda v: str(v)[:40])
def test_every_python_block_is_a_file_or_an_excerpt(marker: str | None, path: str | None, body: str) -> None:
    """`<!-- file: P -->` before a block: the block is P; `<!-- from: P -->`: the block is lines of P."""
    assert marker and path, f"a python block without a <!-- file: … --> or <!-- from: … --> line:\n{body[:200]}"
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if marker == "file":
        assert body.splitlines() == lines, f"the guide's copy of {path} differs from the file"
    else:
        n = len(body.splitlines())
        windows = ["\n".join(lines[i:i + n]) for i in range(len(lines) - n + 1)]
        assert body in windows, f"the excerpt is not lines of {path}:\n{body}"


def _console_blocks() -> list[tuple[str, str]]:
    out = []
    for _, _, body in _blocks("console"):
        command, _, output = body.partition("\n")
        assert command.startswith("$ "), body[:80]
        out.append((command[2:], output))
    return out


def _run(command: str) -> str:
    """What `command` prints (standard output, then standard error), run from the root without colours."""
    argv = shlex.split(command)
    assert argv[0] in ("symcheck", "python"), command
    argv[0] = str(Path(sys.executable).parent / argv[0])
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    return "\n".join(line.rstrip() for line in (run.stdout + run.stderr).strip("\n").splitlines())


@pytest.fixture(scope="module")
def printed() -> dict[str, str]:
    """Every command of the guide run once, side by side (each is a separate process)."""
    commands = sorted({command for command, _ in _console_blocks()})
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(commands, pool.map(_run, commands)))


@pytest.mark.parametrize("command, output", _console_blocks(), ids=lambda v: v[:60])
def test_every_command_prints_what_the_guide_shows(command: str, output: str, printed: dict[str, str]) -> None:
    assert printed[command] == output, f"`{command}` now prints:\n{printed[command]}"


KEYS = sorted(p for p in (ROOT / "docs" / "examples").glob("*.py") if p.name not in ("broken_key.py",
                                                                                     "grade_from_python.py"))


@pytest.mark.parametrize("path", KEYS, ids=lambda p: p.name)
def test_every_example_key_loads_and_lints_clean(path: Path) -> None:
    from symcheck.keys.problem import problems_of, run_problem_file

    problem = run_problem_file(path)
    assert problems_of(problem) == []
    assert load_problem(path).max_score > 0


def test_the_broken_example_key_is_refused_at_its_line() -> None:
    from symcheck.keys.problem import problems_of, run_problem_file

    path = ROOT / "docs" / "examples" / "broken_key.py"
    with pytest.raises(ProblemFileError) as refused:
        load_problem(path)
    assert refused.value.line == 10 and "does not parse" in refused.value.reason
    assert [e.line for e in problems_of(run_problem_file(path))] == [10, 13]


def test_the_readme_links_the_guide_and_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Grading against an answer key", 1)[1].split("\n## ", 1)[0]
    assert "docs/writing-an-answer-key.md" in section and "make docs" in section
    assert GUIDE.is_file()


def test_the_guide_is_in_the_site_navigation() -> None:
    assert "writing-an-answer-key.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
