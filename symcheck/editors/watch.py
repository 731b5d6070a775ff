"""`symcheck watch FILE`: check the file, then again each time it is saved, redrawing the report in place.

The file is polled (its size, modification time and inode, every `interval` seconds) rather than
watched through the OS, so it works the same on every platform, over network file systems and
with editors that save by replacing the file. The report is the text report (`check`'s), shown
through `escape.terminal_text` and as plain text (never as rich markup) in a rich live display.
Ctrl-C stops it (exit status 0).
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from symcheck.report.escape import terminal_text

if TYPE_CHECKING:  # annotations only: rich and the limits are imported when watching starts
    from rich.console import Console
    from rich.text import Text

    from symcheck.core.limits import Limits


class Watcher:
    """One file: whether it changed since the last look, and its report."""

    def __init__(self, path: str | Path, limits: Limits | None = None) -> None:
        from symcheck.core.limits import Limits, load_config

        self.path = Path(path)
        self.limits = limits or Limits.from_config(load_config())
        self.signature: tuple | None = None
        self.checks = 0

    def changed(self) -> bool:
        try:
            info = os.stat(self.path)
            signature: tuple = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError as exc:
            signature = ("missing", exc.errno)
        if signature == self.signature:
            return False
        self.signature = signature
        return True

    def report_text(self) -> str:
        """The text report of the file as it is now, or the one-line reason it cannot be read."""
        from symcheck.check.checker import check_file
        from symcheck.core.errors import SymcheckError
        from symcheck.report.text_report import render_text

        self.checks += 1
        try:
            return render_text(check_file(self.path, limits=self.limits))
        except SymcheckError as exc:
            return f"symcheck: error: {exc}\n"


def screen(watcher: Watcher, text: str) -> Text:
    from rich.text import Text

    stamp = time.strftime("%H:%M:%S")
    head = f"watching {watcher.path} (check {watcher.checks}, {stamp}); Ctrl-C to stop\n\n"
    return Text(terminal_text(head + text))  # plain text: student text is never read as markup


def watch(path: str | Path, *, interval: float = 0.3, max_checks: int | None = None, console: Console | None = None,
          limits: Limits | None = None) -> int:
    """Check `path` now and after every change; returns 0 on Ctrl-C or after `max_checks` checks (for tests)."""
    from rich.console import Console
    from rich.live import Live

    watcher = Watcher(path, limits)
    console = console or Console()
    try:
        with Live(console=console, auto_refresh=False, screen=False) as live:
            while max_checks is None or watcher.checks < max_checks:
                if watcher.changed():
                    live.update(screen(watcher, "checking…"), refresh=True)
                    text = watcher.report_text()
                    live.update(screen(watcher, text), refresh=True)
                    continue
                time.sleep(interval)
    except KeyboardInterrupt:
        pass
    return 0
