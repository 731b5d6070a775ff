"""`symcheck watch`: a check at start, another after each save, shown as plain text."""
from __future__ import annotations

import io
import os
import threading
import time

from rich.console import Console

from symcheck.editors.watch import Watcher, screen, watch


def test_watcher_sees_each_save(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("$$x = 2 + 3 = 6$$\n", encoding="utf-8")
    watcher = Watcher(path)
    assert watcher.changed() and not watcher.changed()
    assert "[arithmetic]" in watcher.report_text()
    path.write_text("$$x = 2 + 3 = 5$$\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns() + 10**9,) * 2)  # a coarse clock must still see a change
    assert watcher.changed()
    assert "0 error(s)" in watcher.report_text()
    path.unlink()
    assert watcher.changed()
    assert watcher.report_text().startswith("symcheck: error: cannot read")


def test_watch_redraws_after_a_save(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("$$x = 2 + 3 = 6$$\n", encoding="utf-8")
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=True, color_system=None, height=200)  # live frames drawn

    def save_later():
        time.sleep(1.0)
        path.write_text("$$x = 2 + 3 = 5$$\n", encoding="utf-8")
        os.utime(path, ns=(time.time_ns() + 10**9,) * 2)

    thread = threading.Thread(target=save_later)
    thread.start()
    assert watch(path, interval=0.05, max_checks=2, console=console) == 0
    thread.join()
    shown = out.getvalue()
    assert "check 1" in shown and "[arithmetic]" in shown
    assert "check 2" in shown and "0 error(s)" in shown


def test_screen_shows_control_characters_as_text(tmp_path):
    out = io.StringIO()
    Console(file=out, width=120, force_terminal=True, color_system=None).print(
        screen(Watcher(tmp_path / "a.md"), "step: \x1b[2J [bold]x[/bold] \u202e"))
    shown = out.getvalue()
    assert "\x1b[2J" not in shown and "\\u001b[2J" in shown and "\\u202e" in shown
    assert "[bold]x[/bold]" in shown  # never read as rich markup
