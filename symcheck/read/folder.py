"""Reading a class folder (or a Gradescope submission) without leaving it.

Only regular files inside the folder are read. Symbolic links are never followed, FIFOs,
sockets and devices are never opened (`lstat` first), and a file whose real path leaves the
folder is refused. Every top-level entry becomes exactly one submission with a unique
student id: a hidden file, a `.pdf` or a link too, with the reason it is not graded.
"""
from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ANSWER_SUFFIXES = (".md", ".markdown", ".tex", ".latex", ".txt", ".ipynb")  # .ipynb: its Markdown cells
MAX_DEPTH = 8  # sub-folders inside a student's folder
MAX_ENTRIES = 5_000  # entries looked at inside one student's folder


@dataclass(frozen=True)
class Submission:
    """One entry of the class folder: the answer files to read, or why there are none (`refusal`)."""

    student: str
    files: tuple[Path, ...]
    refusal: str = ""  # set: the entry is reported `unreadable` with this reason, nothing is read
    skipped: tuple[str, ...] = ()  # files inside a student's folder that were not read, and why


def display_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (surrogate escapes from the file system) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def kind_of(mode: int) -> str:
    """What a non-regular, non-folder entry is, in words."""
    for test, name in ((stat.S_ISLNK, "symbolic link"), (stat.S_ISFIFO, "FIFO (named pipe)"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def _inside(path: Path, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def refusal_for(path: Path, root: str) -> str:
    """Why the entry at `path` cannot be a submission file ("" when it is a regular answer file inside `root`)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        return "symbolic link (not followed)"
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return f"not a regular file: {kind_of(info.st_mode)}"
    if not _inside(path, root):
        return "outside the class folder"
    if stat.S_ISREG(info.st_mode) and path.suffix.lower() not in ANSWER_SUFFIXES:
        return f"not a text answer file ({', '.join(ANSWER_SUFFIXES)})"
    return ""


def answer_files(folder: Path, root: str | None = None) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The regular answer files under `folder`, in name order, and a note for each entry skipped.

    Links are not followed, hidden entries and special files are skipped, depth and count are capped.
    """
    root = root or os.path.realpath(folder)
    files: list[Path] = []
    skipped: list[str] = []
    seen = 0
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append(f"{display_name(current.name)}/: cannot be listed ({exc.strerror or exc})")
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                skipped.append(f"more than {MAX_ENTRIES} entries; the rest were not looked at")
                stack.clear()
                break
            path = Path(entry.path)
            relative = display_name(os.path.relpath(path, folder))
            if entry.name.startswith("."):
                continue  # .DS_Store, .git and the like
            why = refusal_for(path, root)
            if entry.is_dir(follow_symlinks=False) and not why:
                if depth + 1 > MAX_DEPTH:
                    skipped.append(f"{relative}/: nested deeper than {MAX_DEPTH} folders")
                else:
                    stack.append((path, depth + 1))
            elif why:
                if not why.startswith("not a text answer file"):
                    skipped.append(f"{relative}: {why}")
            else:
                files.append(path)
    return tuple(sorted(files)), tuple(skipped)


def find_submissions(folder: str | Path) -> list[Submission]:
    """Every entry of `folder` as one submission, sorted by student id; ids are unique.

    The id is a file's name without its extension, or a folder's name. When several entries
    share one (`dup.md`, `dup.tex`, `dup/`) each keeps its full name (`dup.md`, `dup.tex`, `dup`).
    """
    folder = Path(folder)
    root = os.path.realpath(folder)
    with os.scandir(folder) as it:
        names = sorted(entry.name for entry in it)
    entries: list[tuple[str, str, Submission]] = []  # (shown name, base id, submission without id)
    for name in names:
        path = folder / name
        shown = display_name(name)
        is_dir = stat.S_ISDIR(_lstat_mode(path))
        base = shown if is_dir else Path(shown).stem or shown
        if name.startswith("."):
            entries.append((shown, base, Submission("", (), "hidden file or folder (its name starts with a dot); "
                                                            "not graded")))
            continue
        why = refusal_for(path, root)
        if why:
            entries.append((shown, base, Submission("", (), why)))
        elif is_dir:
            files, skipped = answer_files(path, root)
            entries.append((shown, base, Submission("", files, "", skipped)))
        else:
            entries.append((shown, base, Submission("", (path,))))
    return _with_unique_ids(entries)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def _with_unique_ids(entries: list[tuple[str, str, Submission]]) -> list[Submission]:
    shared = Counter(base for _, base, _ in entries)
    ids = [shown if shared[base] > 1 else base for shown, base, _ in entries]
    used: set[str] = set()
    final = []
    for student in ids:  # two names can still meet (`a.b.md` next to `a.b.md.tex`): number the later ones
        candidate, n = student, 2
        while candidate in used:
            candidate, n = f"{student} ({n})", n + 1
        used.add(candidate)
        final.append(candidate)
    out = []
    for student, (_, _, sub) in zip(final, entries):
        out.append(Submission(student, sub.files, sub.refusal, sub.skipped))
    return sorted(out, key=lambda s: s.student)
