"""Reading an answer file: size limit, encodings (UTF-8, else Latin-1), NUL bytes. Problems become findings."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from symcheck.core.errors import InputFileError
from symcheck.core.limits import Limits
from symcheck.core.results import Finding

if TYPE_CHECKING:  # annotations only: notebook support is imported when a notebook is read
    from symcheck.read.notebook import CellSpan


def is_latex(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".tex", ".latex")


@dataclass(frozen=True)
class Answer:
    """An answer file's text, findings about reading it, and for a notebook where its Markdown cells are."""

    text: str
    notes: list[Finding]
    cells: tuple[CellSpan, ...] = ()  # per Markdown cell; () for a Markdown or LaTeX file


def read_answer(path: str | Path, limits: Limits = Limits(), *, follow_symlinks: bool = True,
                label: str | None = None) -> Answer:
    """`read_answer_file` with the cell map of a notebook (`.ipynb`: its Markdown cells,
    see `symcheck.read.notebook`)."""
    from symcheck.read.notebook import is_notebook, notebook_text

    label = label if label is not None else str(path)
    raw = read_regular_file(Path(path), limits.max_file_bytes, follow_symlinks=follow_symlinks, label=label)
    text, notes = decode(raw)
    if not is_notebook(path):
        return Answer(text, notes)
    if any(n.code == "binary" for n in notes):
        raise InputFileError(f"{label} is not a readable Jupyter notebook: it looks binary")
    text, cells = notebook_text(text, label)
    return Answer(text, [n for n in notes if n.code != "nul-bytes"], cells)


def read_answer_file(path: str | Path, limits: Limits = Limits(), *, follow_symlinks: bool = True,
                     label: str | None = None) -> tuple[str, list[Finding]]:
    """The text of an answer file and findings about its encoding; InputFileError if it cannot be read.

    Only a regular file is read: a FIFO, socket or device is refused without blocking (opened
    non-blocking, then checked with fstat), and a file over the size limit is refused by its size
    before a byte is read. With `follow_symlinks=False` (class grading, Gradescope) a symbolic link
    is refused too. `label` names the file in messages (default: the path). A Jupyter notebook
    (`.ipynb`) gives its Markdown cells (`symcheck/notebook.py`; `read_answer` also says where each is).
    """
    answer = read_answer(path, limits, follow_symlinks=follow_symlinks, label=label)
    return answer.text, answer.notes


def read_regular_file(path: Path, max_bytes: int, *, follow_symlinks: bool = True, label: str = "") -> bytes:
    """The bytes of the regular file at `path` (at most `max_bytes`); InputFileError for anything else."""
    label = label or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise InputFileError(f"cannot read {label}: it is a symbolic link (not followed)")
        except OSError as exc:
            raise InputFileError(f"cannot read {label}: {exc.strerror or exc}") from exc
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputFileError(f"cannot read {label}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise InputFileError(f"cannot read {label}: {kind}")
        if info.st_size > max_bytes:
            raise InputFileError(f"{label} is larger than {max_bytes} bytes")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise InputFileError(f"{label} is larger than {max_bytes} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise InputFileError(f"cannot read {label}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _control_share(text: str) -> float:
    """The share of characters that text files do not hold (control characters other than tab and line ends)."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7f <= ord(ch) < 0xa0)
    return bad / max(len(sample), 1)


def decode(raw: bytes) -> tuple[str, list[Finding]]:
    """UTF-8 (with or without BOM), else Latin-1 with a warning; NUL bytes blanked with a warning."""
    notes = []
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            note = Finding(line=1, end_line=1, severity="info", code="utf-16",
                           message="the file is UTF-16; it was decoded as such", latex="")
            return raw.decode("utf-16"), [note]
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("latin-1")
        notes.append(Finding(line=1, end_line=1, severity="warning", code="not-utf8",
                             message=f"the file is not UTF-8 (byte {exc.start}); it was read as Latin-1", latex=""))
        if len(text) >= 64 and _control_share(text) > 0.1:
            notes.append(Finding(line=1, end_line=1, severity="warning", code="binary",
                                 message="the file looks binary and was not checked", latex=""))
            return "", notes
    if "\x00" in text:
        share = text.count("\x00") / max(len(text), 1)
        notes.append(Finding(line=1, end_line=1, severity="warning", code="binary" if share > 0.1 else "nul-bytes",
                             message=f"the file holds {text.count(chr(0))} NUL bytes"
                             + ("; it looks binary and was not checked" if share > 0.1 else "; they were ignored"),
                             latex=""))
        text = "" if share > 0.1 else text.replace("\x00", " ")
    return text, notes
