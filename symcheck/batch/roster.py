"""A class roster for randomised variants: a CSV with columns `student,variant` (more columns are ignored).

`student` is the id of a submission (its file or folder name without the extension); `variant` the
variant id its key is drawn with (the id the student's handout was made with). Headers are matched
without regard to case or surrounding spaces; cells are stripped. A student listed twice with different
variants, an empty cell or a missing column is refused with the line.
"""
from __future__ import annotations

import csv
from pathlib import Path

from symcheck.core.errors import SymcheckError

MAX_ROSTER_BYTES = 10 * 1024 * 1024


def read_roster(path: str | Path) -> dict[str, str]:
    """`{student: variant}` from the roster CSV at `path`; a `SymcheckError` (FILE:LINE: reason) when malformed."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise SymcheckError(f"{path}: the roster is larger than {MAX_ROSTER_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SymcheckError(f"{path}: cannot read the roster: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SymcheckError(f"{path}: the roster is not UTF-8 text") from exc
    rows = csv.reader(text.splitlines())
    header = [cell.strip().casefold() for cell in next(rows, [])]
    if "student" not in header or "variant" not in header:
        raise SymcheckError(f"{path}:1: the roster needs the columns student,variant (found {','.join(header)})")
    student_at, variant_at = header.index("student"), header.index("variant")
    roster: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(student_at, variant_at):
            raise SymcheckError(f"{path}:{line}: a row without a student or a variant")
        student, variant = row[student_at].strip(), row[variant_at].strip()
        if not student or not variant:
            raise SymcheckError(f"{path}:{line}: an empty student or variant cell")
        if roster.get(student, variant) != variant:
            raise SymcheckError(f"{path}:{line}: student {student!r} is listed twice with different variants")
        roster[student] = variant
    return roster
