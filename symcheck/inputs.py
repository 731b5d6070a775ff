"""Reading an answer file: size limit, encodings (UTF-8, else Latin-1), NUL bytes. Problems become findings."""
from __future__ import annotations

from pathlib import Path

from .errors import InputFileError
from .limits import Limits
from .results import Finding


def is_latex(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".tex", ".latex")


def read_answer_file(path: str | Path, limits: Limits = Limits()) -> tuple[str, list[Finding]]:
    """The text of an answer file and findings about its encoding; InputFileError if it cannot be read."""
    path = Path(path)
    try:
        if path.stat().st_size > limits.max_file_bytes:
            raise InputFileError(f"{path} is larger than {limits.max_file_bytes} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, notes = decode(raw)
    return text, notes


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
            return raw.decode("utf-16"), [Finding(1, 1, "info", "utf-16", "the file is UTF-16; it was decoded as such", "")]
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = raw.decode("latin-1")
        notes.append(Finding(1, 1, "warning", "not-utf8",
                             f"the file is not UTF-8 (byte {exc.start}); it was read as Latin-1", ""))
        if len(text) >= 64 and _control_share(text) > 0.1:
            notes.append(Finding(1, 1, "warning", "binary", "the file looks binary and was not checked", ""))
            return "", notes
    if "\x00" in text:
        share = text.count("\x00") / max(len(text), 1)
        notes.append(Finding(1, 1, "warning", "binary" if share > 0.1 else "nul-bytes",
                             f"the file holds {text.count(chr(0))} NUL bytes"
                             + ("; it looks binary and was not checked" if share > 0.1 else "; they were ignored"), ""))
        text = "" if share > 0.1 else text.replace("\x00", " ")
    return text, notes
