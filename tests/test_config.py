"""Limits and settings: defaults in one place, [tool.symcheck] overrides them, flags override both."""
from __future__ import annotations

import pytest

from symcheck.core.errors import SymcheckError
from symcheck.core.limits import Limits, load_config


@pytest.mark.parametrize(("config", "flags", "step", "file"), [
    ({}, {}, 2.0, 60.0),
    ({"step_timeout": 5}, {}, 5.0, 60.0),
    ({"step-timeout": 5, "file_timeout": 9}, {}, 5.0, 9.0),
    ({"step_timeout": 5}, {"step_timeout": 0.5}, 0.5, 60.0),
    ({"step_timeout": 5}, {"file_timeout": None}, 5.0, 60.0),
], ids=["defaults", "config", "dashes-and-underscores", "flag-wins", "flag-not-given"])
def test_limits_from_config(config, flags, step, file):
    """Limits.from_config merges the table and the flags, flags last."""
    limits = Limits.from_config(config, **flags)
    assert (limits.step_timeout, limits.file_timeout) == (step, file)


def test_bad_value_is_a_clear_error():
    """A value of the wrong type stops with a SymcheckError naming the key, not a traceback."""
    with pytest.raises(SymcheckError, match="step_timeout must be a number of seconds"):
        Limits.from_config({"step_timeout": "soon"})


# (the [tool.symcheck] table or raw pyproject.toml text, a fragment of the one-line error)
BAD_CONFIGS = [
    pytest.param("[tool.symcheck\nstep_timeout = 1\n", "not valid TOML", id="invalid-toml"),
    pytest.param('[tool]\nsymcheck = "fast"\n', "must be a table", id="not-a-table"),
    pytest.param({"format": "xml"}, "format must be one of text, json, not 'xml'", id="unknown-format"),
    pytest.param({"stepTimeout": 1}, "stepTimeout: unknown key (did you mean 'step_timeout'?)", id="camel-case-key"),
    pytest.param({"file_timout": 1}, "did you mean 'file_timeout'?", id="misspelt-key"),
    pytest.param({"colour": "red"}, "unknown key (known keys: step_timeout", id="unknown-key"),
    pytest.param({"jobs": 0}, "jobs must be at least 1, not 0", id="zero-jobs"),
    pytest.param({"jobs": 2.5}, "jobs must be a whole number", id="fractional-jobs"),
    pytest.param({"jobs": True}, "jobs must be a whole number", id="boolean-jobs"),
    pytest.param({"step_timeout": "soon"}, "step_timeout must be a number of seconds", id="text-timeout"),
    pytest.param({"step_timeout": 0}, "step_timeout must be more than 0", id="zero-step-timeout"),
    pytest.param({"file_timeout": -1}, "file_timeout must be more than 0", id="negative-file-timeout"),
    pytest.param({"max_memory_mb": -5}, "max_memory_mb must be at least 0", id="negative-memory"),
    pytest.param({"max_steps": 0}, "max_steps must be at least 1", id="zero-steps"),
    pytest.param({"visibility": "everyone"}, "visibility must be one of hidden", id="unknown-visibility"),
]


def _write_config(folder, config) -> None:
    if isinstance(config, str):
        text = config
    else:
        import json

        text = "[tool.symcheck]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in config.items())
    (folder / "pyproject.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("config", "message"), BAD_CONFIGS)
def test_bad_configuration_is_refused(config, message, tmp_path):
    """load_config raises one SymcheckError naming the file and the key; nothing passes silently."""
    _write_config(tmp_path, config)
    with pytest.raises(SymcheckError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert message in text
    assert str(tmp_path / "pyproject.toml") in text and "\n" not in text


@pytest.mark.parametrize(("config", "message"), [p for p in BAD_CONFIGS if p.id in ("invalid-toml", "camel-case-key",
                                                                                       "unknown-format", "zero-jobs")])
def test_bad_configuration_stops_the_command(config, message, tmp_path):
    """`symcheck check` under a bad configuration exits 2 with one line on stderr naming the file and key."""

    _write_config(tmp_path, config)
    answer = tmp_path / "a.md"
    answer.write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    done = _run_cli(["check", str(answer)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr and "pyproject.toml" in done.stderr


def _run_cli(argv, cwd):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "symcheck.cli", *argv], capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=False)


# (command line with {file} = one answer file, {dir} = a folder of submissions, {problem}; fragment of the error)
BAD_OPTIONS = [
    pytest.param("grade {file} --problem {problem} --csv out.csv", "--csv is for a folder", id="csv-with-one-file"),
    pytest.param("grade {file} --problem {problem} --json-lines x", "--json-lines is for a folder", id="json-lines-one-file"),
    pytest.param("grade {file} --problem {problem} --report-dir x", "--report-dir is for a folder", id="report-dir-one-file"),
    pytest.param("grade {file} --problem {problem} --summary", "--summary is for a folder", id="summary-one-file"),
    pytest.param("grade {file} --problem {problem} --jobs 2", "--jobs is for a folder", id="jobs-one-file"),
    pytest.param("grade {file} --problem {problem} --executor dask", "--executor is for", id="executor-one-file"),
    pytest.param("grade {dir} --problem {problem} -o out.csv", "-o/--output is for one answer file", id="output-folder"),
    pytest.param("grade {dir} --problem {problem} --format json", "--format is for one answer file", id="format-folder"),
    pytest.param("grade {dir} --problem {problem} --verbose", "--verbose is for one answer file", id="verbose-folder"),
    pytest.param("grade {dir} --problem {problem} --jobs 0", "--jobs must be at least 1", id="zero-jobs"),
    pytest.param("grade {dir} --problem {problem} --scheduler tcp://x:1", "--scheduler needs --executor dask",
                 id="scheduler-without-dask"),
    pytest.param("check {file} --step-timeout 0", "--step-timeout must be more than 0", id="zero-step-timeout"),
    pytest.param("check {file} --file-timeout -3", "--file-timeout must be more than 0", id="negative-file-timeout"),
    pytest.param("check {file} --file-timeout soon", "invalid float value", id="text-file-timeout"),
    pytest.param("check {file} --format xml", "invalid choice", id="unknown-format"),
    pytest.param("gradescope --problem {problem} --visibility everyone", "invalid choice", id="unknown-visibility"),
]


@pytest.mark.parametrize(("command", "message"), BAD_OPTIONS)
def test_bad_option_is_refused(command, message, tmp_path, repo_root):
    """An option that does not apply to the input, or a bad value, is refused: exit 2, one line, no output file."""

    answer = tmp_path / "a.md"
    answer.write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "s1.md").write_text("$$1 + 1 = 2$$\n", encoding="utf-8")
    problem = repo_root / "problems" / "jacobians.py"
    argv = command.format(file=answer, dir=tmp_path / "class", problem=problem).split()
    done = _run_cli(argv, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("symcheck: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "class"], "a refused command wrote a file"


def test_nearest_pyproject_table_is_read(tmp_path):
    """load_config reads [tool.symcheck] of the nearest pyproject.toml above the folder."""
    (tmp_path / "pyproject.toml").write_text('[tool.symcheck]\njobs = 3\nformat = "json"\n', encoding="utf-8")
    (tmp_path / "class").mkdir()
    assert load_config(tmp_path / "class") == {"jobs": 3, "format": "json"}


def test_no_pyproject_means_defaults(tmp_path):
    """Without a pyproject.toml there is nothing to override."""
    assert load_config(tmp_path) == {}


def test_a_step_out_of_memory_is_a_finding(monkeypatch):
    """A MemoryError in one step (the address-space cap reached) becomes a too-large finding; the rest is checked."""
    from symcheck import check_text
    from symcheck.check.checker import Checker

    original = Checker.check_chain

    def check_chain(self, chain):
        if "9^{9}" in chain.latex:
            raise MemoryError
        return original(self, chain)

    monkeypatch.setattr(Checker, "check_chain", check_chain)
    report = check_text("$$x = 9^{9}$$\n\n$$1 + 1 = 3$$\n")
    assert [(f.line, f.code) for f in report.findings] == [(1, "too-large"), (3, "arithmetic")]


def test_memory_cap_is_set_in_a_child(tmp_path):
    """limit_memory caps RLIMIT_AS in the process that calls it (run in a child, not to cap the tests)."""
    import subprocess
    import sys

    code = ("import resource; from symcheck.core.limits import limit_memory; limit_memory(1024); "
            "print(resource.getrlimit(resource.RLIMIT_AS)[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.stdout.strip() == str(1024 * 1024 * 1024)
