"""Limits and settings: defaults in one place, [tool.symcheck] overrides them, flags override both."""
from __future__ import annotations

import pytest

from symcheck.errors import SymcheckError
from symcheck.limits import Limits, load_config


@pytest.mark.parametrize(("config", "flags", "step", "file"), [
    ({}, {}, 2.0, 60.0),
    ({"step_timeout": 5}, {}, 5.0, 60.0),
    ({"step-timeout": 5, "file_timeout": 9}, {}, 5.0, 9.0),
    ({"step_timeout": 5}, {"step_timeout": 0.5}, 0.5, 60.0),
    ({"step_timeout": 5, "unknown": 1}, {"file_timeout": None}, 5.0, 60.0),
], ids=["defaults", "config", "dashes-and-underscores", "flag-wins", "unknown-keys-ignored"])
def test_limits_from_config(config, flags, step, file):
    """Limits.from_config merges the table and the flags, flags last."""
    limits = Limits.from_config(config, **flags)
    assert (limits.step_timeout, limits.file_timeout) == (step, file)


def test_bad_value_is_a_clear_error():
    """A value of the wrong type stops with a SymcheckError, not a traceback."""
    with pytest.raises(SymcheckError, match="bad limit"):
        Limits.from_config({"step_timeout": "soon"})


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
    from symcheck.check import Checker

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

    code = ("import resource; from symcheck.limits import limit_memory; limit_memory(1024); "
            "print(resource.getrlimit(resource.RLIMIT_AS)[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.stdout.strip() == str(1024 * 1024 * 1024)
