"""A hard time limit: run a function in a forked child process and kill it when its time is up.

The per-step watchdog (`limits.deadline`) cannot interrupt one long C-level operation (a
big-integer power inside SymPy); a process can always be killed. The command-line commands
(`check`, single-file `grade`, `gradescope`) and each Dask task run their work through
`run_killable`, so they always answer: the function's value, or a `Killed` saying why there is none.

The child is made with `os.fork` (no re-import of SymPy, and allowed inside daemonic Dask
workers, unlike `multiprocessing`). Where fork does not exist the function runs in this process
(no hard limit beyond the watchdog).
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from symcheck.core.limits import shielded, waiting_for_child

T = TypeVar("T")

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Killed:
    """No value: the child ran out of time (`timeout`) or died or failed (`crashed`)."""

    status: str  # timeout | crashed
    reason: str


def hard_seconds(file_timeout: float) -> float:
    """The hard limit for one file: its file limit plus a margin for reading, reporting and a loaded machine."""
    return file_timeout + max(3.0, 0.1 * file_timeout)


def can_fork() -> bool:
    return hasattr(os, "fork")


def run_killable(function: Callable[..., T], *args: object, seconds: float,
                 cancelled: Callable[[], bool] | None = None, **kwargs: object) -> T | Killed:
    """`function(*args, **kwargs)` in a child process; a Killed if it takes longer than `seconds`, dies,
    raises, or `cancelled()` turns true (polled every half second). Exceptions in the child become `crashed`."""
    if kwargs:
        function, args = _Bound(function, kwargs), args
    if not can_fork():  # pragma: no cover - Windows
        return function(*args)
    pid, read_end = 0, -1
    try:
        with shielded():  # a StepTimeout must not land in the fork's at-fork handlers
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send the pickled value, exit without running the parent's cleanup
                os.close(read_end)
                _child(function, args, write_end)
            os.close(write_end)
        with waiting_for_child():  # the child's work is this step's work
            return cast("T | Killed", _collect(pid, read_end, seconds, cancelled))  # the child sent a T
    finally:  # also when this thread is interrupted (a StepTimeout while waiting): the child never outlives the call
        with shielded():
            if read_end >= 0:
                os.close(read_end)
            if pid:
                _kill(pid)
                _reap(pid)
                _EXITS.pop(pid, None)


class _Bound(Generic[T]):
    def __init__(self, function: Callable[..., T], kwargs: dict[str, object]):
        self.function, self.kwargs = function, kwargs

    def __call__(self, *args: object) -> T:
        return self.function(*args, **self.kwargs)


def _child(function: Callable, args: tuple, write_end: int) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        try:
            payload = pickle.dumps(("ok", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as `crashed`
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:500]))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    except BaseException:  # noqa: BLE001 - the parent sees a child that died
        code = 70
    finally:
        os._exit(code)


def _collect(pid: int, read_end: int, seconds: float, cancelled: Callable[[], bool] | None) -> object:
    end = time.monotonic() + seconds
    chunks: list[bytes] = []
    while True:
        left = end - time.monotonic()
        if left <= 0:
            _kill(pid)
            return Killed("timeout", f"the file took longer than {seconds:g} s and was stopped")
        if cancelled is not None and cancelled():
            _kill(pid)
            return Killed("crashed", "cancelled: the client went away")
        ready, _, _ = select.select([read_end], [], [], min(left, 0.5))
        if not ready:
            continue
        data = os.read(read_end, _CHUNK)
        if data:
            chunks.append(data)
            continue
        break  # end of file: the child wrote everything (or died)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - nothing or half a message: the child died
        return Killed("crashed", f"the checking process died ({_exit_text(pid)})")
    if kind == "ok":
        return value
    return Killed("crashed", value)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_EXITS: dict[int, int] = {}


def _reap(pid: int) -> None:
    try:
        _, status = os.waitpid(pid, 0)
        _EXITS[pid] = status
    except ChildProcessError:
        pass


def _exit_text(pid: int) -> str:
    _reap(pid)
    status = _EXITS.pop(pid, None)
    if status is None:
        return "exit status unknown"
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.WEXITSTATUS(status)}"
