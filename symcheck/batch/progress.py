"""A progress bar on stderr for class grading: rich when it is a terminal, nothing otherwise.

Colours follow NO_COLOR / FORCE_COLOR (rich reads them).
"""
from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: rich is imported when a bar is shown
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

    from symcheck.core.results import SubmissionResult


class Progress:
    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            try:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
                from rich.progress import Progress as RichProgress
            except ImportError:
                self.enabled = False
                return self
            self.bar = RichProgress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                    TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.__enter__()
        return self

    def start(self, total: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("grading", total=total)

    def advance(self, result: SubmissionResult) -> None:
        if self.bar is not None and self.task is not None:
            from rich.markup import escape

            from symcheck.report.escape import terminal_text

            shown = escape(terminal_text(result.student, keep="")[:60])
            self.bar.update(self.task, advance=1, description=f"grading ({shown}: {result.status})")

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(exc_type, exc, traceback)
