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
import heapq
import itertools
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import SymcheckError


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
    def from_config(cls, config: dict, **overrides) -> "Limits":
        known = {f.name for f in fields(cls)}
        values = {k.replace("-", "_"): v for k, v in config.items() if k.replace("-", "_") in known}
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return replace(cls(), **{k: type(getattr(cls(), k))(v) for k, v in values.items()})
        except (TypeError, ValueError) as exc:
            raise SymcheckError(f"bad limit in configuration: {exc}") from exc


def load_config(start: Path | None = None) -> dict:
    """The `[tool.symcheck]` table of the nearest pyproject.toml, or {}."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return {}
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                return {}
            return data.get("tool", {}).get("symcheck", {})
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


class _Watchdog:
    """One thread that raises StepTimeout in threads whose deadline has passed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)
        self.heap: list[tuple[float, int, int]] = []  # (end, token, thread id)
        self.active: dict[int, int] = {}  # token -> thread id
        self.fired: set[int] = set()
        self.counter = itertools.count()
        self.thread: threading.Thread | None = None

    def start(self, seconds: float) -> int:
        with self.lock:
            token = next(self.counter)
            ident = threading.get_ident()
            self.active[token] = ident
            heapq.heappush(self.heap, (time.monotonic() + seconds, token, ident))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="symcheck-watchdog", daemon=True)
                self.thread.start()
            self.wake.notify()
            return token

    def stop(self, token: int) -> bool:
        """Forget the deadline; True if it had fired (a pending exception is then cleared)."""
        with self.lock:
            ident = self.active.pop(token, None)
            fired = token in self.fired
            self.fired.discard(token)
            if fired and ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
            return fired

    def run(self) -> None:
        with self.lock:
            while True:
                while self.heap and self.heap[0][1] not in self.active:
                    heapq.heappop(self.heap)
                if not self.heap:
                    self.wake.wait(timeout=5.0)
                    if not self.heap:
                        self.thread = None
                        return
                    continue
                end, token, ident = self.heap[0]
                delay = end - time.monotonic()
                if delay > 0:
                    self.wake.wait(timeout=delay)
                    continue
                heapq.heappop(self.heap)
                self.fired.add(token)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(StepTimeout))


_WATCHDOG = _Watchdog()


@contextmanager
def deadline(seconds: float | None):
    """Raise StepTimeout in this thread if the block runs longer than `seconds` (None: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    token = _WATCHDOG.start(seconds)
    try:
        yield
    except StepTimeout:
        _WATCHDOG.stop(token)
        raise
    finally:
        if _WATCHDOG.stop(token):
            raise StepTimeout()
