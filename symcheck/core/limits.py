"""Limits on time and size, so that no answer file can hang or exhaust the grader.

Size is gated before anything is computed (see the MAX_ constants here and in
`interpret`); time is bounded per step by `deadline`, a watchdog that raises
`StepTimeout` in the thread that runs the step. It works in any thread (unlike
`signal.alarm`) because it delivers the exception with
`PyThreadState_SetAsyncExc`; a single long C-level operation is interrupted when
it returns to Python, which the size gates keep short.
"""
from __future__ import annotations

import ctypes
import difflib
import itertools
import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

from symcheck.core.errors import SymcheckError


class StepTimeout(BaseException):
    """A step ran out of its time. A BaseException, like KeyboardInterrupt, so that no `except Exception`
    on the way (in SymPy, the fallback parser, a rule) can swallow it; only `Checker.step` catches it."""


@dataclass(frozen=True)
class Limits:
    """Time and size limits; defaults here, overridden by `[tool.symcheck]` and then by flags."""

    step_timeout: float = 2.0  # seconds for one relation or definition
    file_timeout: float = 60.0  # seconds for one answer file
    max_file_bytes: int = 5_000_000
    max_math_chars: int = 5_000  # one expression
    max_regions: int = 5_000  # math regions per file
    max_steps: int = 20_000  # chains checked per file: a cut that does not depend on the machine's speed
    max_memory_mb: int = 4_096  # address space of a checking process (CLI and class workers); 0: no limit

    @classmethod
    def from_config(cls, config: dict, **overrides: object) -> Limits:
        """Limits from a validated configuration table (see `load_config`) and command-line values (None:
        not given). A bad command-line value raises SymcheckError naming its option."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in validate_config(config, "the configuration").items() if k in known}
        for key, value in overrides.items():
            if value is not None:
                values[key] = check_setting(key, value, f"--{key.replace('_', '-')}")
        return replace(cls(), **values)


@dataclass(frozen=True)
class Setting:
    """What a configuration value must be."""

    kind: type  # float, int or str
    minimum: float | None = None  # inclusive
    positive: bool = False
    choices: tuple[str, ...] = ()


SETTINGS: dict[str, Setting] = {
    "step_timeout": Setting(float, positive=True),
    "file_timeout": Setting(float, positive=True),
    "max_file_bytes": Setting(int, minimum=1),
    "max_math_chars": Setting(int, minimum=1),
    "max_regions": Setting(int, minimum=1),
    "max_steps": Setting(int, minimum=1),
    "max_memory_mb": Setting(int, minimum=0),
    "jobs": Setting(int, minimum=1),
    "format": Setting(str, choices=("text", "json")),
    "visibility": Setting(str, choices=("hidden", "after_due_date", "after_published", "visible")),
    "problem": Setting(str),  # the workspace's answer key, for `symcheck lsp`
}


def check_setting(key: str, value: object, where: str) -> object:
    """`value` as the setting `key` needs it; SymcheckError "`where`: …" if it is of the wrong type or out of range."""
    setting = SETTINGS[key]
    if setting.kind is str:
        if not isinstance(value, str) or (setting.choices and value not in setting.choices):
            wanted = f"one of {', '.join(setting.choices)}" if setting.choices else "a string"
            raise SymcheckError(f"{where} must be {wanted}, not {value!r}")
        return value
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or (setting.kind is int and not isinstance(value, int))):
        kind = "a whole number" if setting.kind is int else "a number of seconds"
        raise SymcheckError(f"{where} must be {kind}, not {value!r}")
    if not math.isfinite(value):
        raise SymcheckError(f"{where} must be finite, not {value!r}")
    if setting.positive and value <= 0:
        raise SymcheckError(f"{where} must be more than 0, not {value!r}")
    if setting.minimum is not None and value < setting.minimum:
        raise SymcheckError(f"{where} must be at least {setting.minimum:g}, not {value!r}")
    return setting.kind(value)


def validate_config(table: object, source: str) -> dict:
    """The `[tool.symcheck]` table with keys normalised (`step-timeout` -> `step_timeout`) and values checked;
    SymcheckError naming the file and the key for an unknown key (with a suggestion), a wrong type or value."""
    if not isinstance(table, dict):
        raise SymcheckError(f"{source}: [tool.symcheck] must be a table")
    out = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("-", "_")
        where = f"{source}: [tool.symcheck] {raw_key}"
        if key not in SETTINGS:
            close = difflib.get_close_matches(_snake(key), list(SETTINGS), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(SETTINGS)})"
            raise SymcheckError(f"{where}: unknown key{hint}")
        out[key] = check_setting(key, value, where)
    return out


def _snake(name: str) -> str:
    """`stepTimeout` -> `step_timeout`, for the did-you-mean."""
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def load_config(start: Path | None = None) -> dict:
    """The validated `[tool.symcheck]` table of the nearest pyproject.toml, or {} if there is none.
    A file that is not valid TOML, or a table with a bad key or value, raises SymcheckError naming the file."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10 has no TOML reader: defaults only
        return {}
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise SymcheckError(f"{path}: cannot read the configuration: {exc}") from exc
            except tomllib.TOMLDecodeError as exc:
                raise SymcheckError(f"{path}: not valid TOML: {exc}") from exc
            tool = data.get("tool", {})
            if not isinstance(tool, dict) or "symcheck" not in tool:
                return {}
            return validate_config(tool["symcheck"], str(path))
    return {}


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (Linux/macOS), so a step that would exhaust memory raises
    MemoryError (a finding) instead of bringing the machine down. Never raises itself."""
    if not megabytes:
        return
    try:
        import resource

        cap = megabytes * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass


def _cpu_clock(ident: int) -> int | None:
    """The CPU-time clock of thread `ident` (Linux, macOS), or None where there is none."""
    try:
        return time.pthread_getcpuclockid(ident)
    except (AttributeError, OSError):
        return None


def _now(clock: int | None) -> float:
    """Seconds on `clock`: the thread's CPU time, or wall time when it has no CPU clock."""
    if clock is None:
        return time.monotonic()
    try:
        return time.clock_gettime(clock)
    except OSError:  # the thread is gone
        return math.inf


class _Watchdog:
    """One thread that raises StepTimeout in threads whose step has used up its time.

    A step's time is the CPU time of the thread running it, plus the wall time it spends waiting for a
    child process that computes for it (`waiting_for_child`: the fallback parser). So a step on a busy
    machine (other processes taking the cores) gets the same budget as on an idle one, and a file's
    results do not depend on the load. The wall-clock bounds are the file's deadline and the hard limit
    (`symcheck.core.hardlimit`), which also hold inside C code."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)
        self.steps: dict[int, tuple[float, int, int | None]] = {}  # token -> (end on its clock, thread, clock)
        self.wall_ends: dict[int, float] = {}  # token -> when it ends on the wall clock whatever its time
        self.fired: set[int] = set()
        self.shielded: set[int] = set()  # thread ids in a section that must not be interrupted
        self.waiting: dict[int, float] = {}  # thread id -> when its current wait for a child began
        self.waited: dict[int, float] = {}  # thread id -> seconds it waited for children before
        self.counter = itertools.count()
        self.thread: threading.Thread | None = None

    def elapsed(self, ident: int, clock: int | None) -> float:
        """Thread `ident`'s time so far: CPU time plus the waits for children (or wall time, without a CPU clock)."""
        if clock is None:
            return time.monotonic()
        began = self.waiting.get(ident)
        return _now(clock) + self.waited.get(ident, 0.0) + (time.monotonic() - began if began is not None else 0.0)

    def start(self, seconds: float, wall: float) -> int:
        with self.lock:
            token = next(self.counter)
            ident = threading.get_ident()
            clock = _cpu_clock(ident)
            self.steps[token] = (self.elapsed(ident, clock) + seconds, ident, clock)
            self.wall_ends[token] = time.monotonic() + wall
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="symcheck-watchdog", daemon=True)
                self.thread.start()
            self.wake.notify()
            return token

    def stop(self, token: int) -> bool:
        """Forget the deadline; True if it had fired (a pending exception is then cleared)."""
        with self.lock:
            step = self.steps.pop(token, None)
            self.wall_ends.pop(token, None)
            fired = token in self.fired
            self.fired.discard(token)
            if fired and step is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(step[1]), None)
            return fired

    def run(self) -> None:
        with self.lock:
            while True:
                if not self.steps:
                    self.wake.wait(timeout=5.0)
                    if not self.steps:
                        self.thread = None
                        return
                    continue
                # A thread's CPU time goes no faster than the wall clock: waiting the least time left
                # never sleeps past a deadline.
                now = time.monotonic()
                left = {token: min(end - self.elapsed(ident, clock), self.wall_ends[token] - now)
                        for token, (end, ident, clock) in self.steps.items() if token not in self.fired}
                retry = [self.fire(token) for token, remaining in left.items() if remaining <= 0]
                waiting = [remaining for remaining in left.values() if remaining > 0]
                if any(retry):  # a shielded thread: fire once its section is over (it is short: a fork, a kill)
                    waiting.append(0.005)
                self.wake.wait(timeout=min(waiting, default=5.0))

    def fire(self, token: int) -> bool:
        """Raise StepTimeout in the step's thread; True when it must wait (the thread is shielded)."""
        ident = self.steps[token][1]
        if ident in self.shielded:
            return True
        self.fired.add(token)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(StepTimeout))
        return False


_WATCHDOG = _Watchdog()


@contextmanager
def waiting_for_child() -> Iterator[None]:
    """This thread waits for a child process that computes for it: the wait counts as the step's time."""
    watchdog, ident = _WATCHDOG, threading.get_ident()
    with watchdog.lock:
        watchdog.waiting[ident] = time.monotonic()
    try:
        yield
    finally:
        with watchdog.lock:
            began = watchdog.waiting.pop(ident, None)
            if began is not None:
                watchdog.waited[ident] = watchdog.waited.get(ident, 0.0) + time.monotonic() - began


@contextmanager
def shielded() -> Iterator[None]:
    """A short section the step watchdog must not interrupt (it fires right after): a fork, whose at-fork
    handlers swallow an exception raised in them (leaving locks held), or the kill of a child process."""
    watchdog, ident = _WATCHDOG, threading.get_ident()
    with watchdog.lock:
        nested = ident in watchdog.shielded
        watchdog.shielded.add(ident)
    try:
        yield
    finally:
        if not nested:
            with watchdog.lock:
                watchdog.shielded.discard(ident)


def _fresh_watchdog_after_fork() -> None:
    """A forked child (symcheck.core.hardlimit) has no watchdog thread, and its lock may have been copied held."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_watchdog_after_fork)


@contextmanager
def deadline(seconds: float | None, *, wall: float | None = None) -> Iterator[None]:
    """Raise StepTimeout in this thread once the block has used `seconds` of its own time (CPU time, see
    `_Watchdog`; None: no limit), or `wall` seconds of wall-clock time have passed (None: 3 × seconds,
    so a machine loaded more than three times over still bounds the step)."""
    if not seconds or seconds <= 0:
        yield
        return
    token = _WATCHDOG.start(seconds, wall if wall is not None else 3 * seconds)
    try:
        yield
    except StepTimeout:
        _WATCHDOG.stop(token)
        raise
    finally:
        if _WATCHDOG.stop(token):
            raise StepTimeout()
