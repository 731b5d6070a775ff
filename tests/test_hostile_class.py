"""A hostile class folder graded end to end: nothing from outside the folder, no script, no row lost.

The folder holds formula-like and markup ids, ids with CR/LF and ANSI escapes, math that
tries to smuggle HTML through the MathML converter, 255-character names, symbolic links to
a file and a folder outside (holding a secret marker) and to /etc/passwd, a FIFO, a 2 GB
sparse file, `dup.md`/`dup.tex`/`dup/`, a student called `summary`, a `.pdf` and a hidden
file. It is graded by the real command (`symcheck grade DIR … --jobs 2`) in a subprocess.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from symcheck.read.folder import find_submissions
from symcheck.report.escape import csv_cell

ROOT = Path(__file__).resolve().parent.parent
PROBLEM = ROOT / "problems" / "deep_learning_homework.py"
SEED = (ROOT / "examples" / "deep_learning_homework.md").read_text(encoding="utf-8")
SECRET = "SECRET-MARKER-7f3a9c-outside-the-class-folder"
PASSWD_MARK = "root:x:0:0"

# Math and prose that try to run a script in the feedback pages.
HOSTILE_TEXT = "\n\n".join([
    "# <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "$\\text{<script>document.title='PWNED'</script>}$",
    "$\\mbox{<img src=x onerror=\"document.title='PWNED'\">}$ and $\\hbox{<b>bold</b>}$ and $\\fbox{<i>x</i>}$",
    "$\\href{javascript:document.title='PWNED'}{x}$",
    "$\\style{background:url(javascript:alert(1))}{x} = 1$",
    "$$\\foo{<svg onload=\"document.title='PWNED'\">} = 2$$",
    "$$\\text{</mtext></math><script>document.title='PWNED'</script>} = 3$$",
    "[click](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a> <iframe src=\"javascript:alert(1)\"></iframe>",
])
HOSTILE_ANSWER = HOSTILE_TEXT + "\n\n" + SEED

FORMULA_IDS = ['=HYPERLINK("x")', "+cmd|x", "@SUM(1)", "-2+3+cmd"]
MARKUP_ID = "<img src=x onerror=alert(1)>"
LONG = "L" * 252  # a 255-character file name with ".md"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.md").write_text(f"$$x = 1$$\n{SECRET}\n", encoding="utf-8")
    (outside / "dir" / "answer.md").write_text(f"$$x = 1$$\n{SECRET}\n", encoding="utf-8")
    folder = base / "class"
    folder.mkdir()

    def write(name: str, text: str = HOSTILE_ANSWER) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    for student in [*FORMULA_IDS, MARKUP_ID, "cr\rid", "lf\nid", "\x1b[31mred\x1b[0m", "alice", "summary",
                    "index", LONG, "dup"]:
        write(f"{student}.md")
    write("dup.tex", "\\[ 1 + 1 = 2 \\]\n" + HOSTILE_TEXT)
    (folder / "dup").mkdir()
    write("dup/answer.md")
    (folder / ("F" * 255)).mkdir()
    write(("F" * 255) + "/answer.md")
    (folder / "mixed").mkdir()  # a real answer and a link inside a student's folder: only the real one is read
    write("mixed/a.md")
    os.symlink(outside / "secret.md", folder / "mixed" / "b.md")
    os.symlink(outside / "secret.md", folder / "leak.md")
    os.symlink(outside / "dir", folder / "leakdir")
    os.symlink("/etc/passwd", folder / "passwd.md")
    os.symlink("/proc/self/environ", folder / "environ.md")
    os.mkfifo(folder / "fifo.md")
    with open(folder / "huge.md", "wb") as handle:  # 2 GB, sparse: costs no disk
        os.truncate(handle.fileno(), 2 * 1024 ** 3)
    (folder / "henry.pdf").write_bytes(b"%PDF-1.4\n" + SECRET.encode())
    write(".hidden.md")
    for raw in (b"\xff\xfe.md", b"\xfe\xff.md"):  # names that are not UTF-8: two ids that display alike
        with open(os.path.join(os.fsencode(folder), raw), "w", encoding="utf-8") as handle:
            handle.write("$$1 + 1 = 3$$\n")
    entries = sorted(os.listdir(folder))

    out = base / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), SECRET: SECRET}  # the secret is in the environment too
    done = subprocess.run(
        [sys.executable, "-m", "symcheck.cli", "grade", str(folder), "--problem", str(PROBLEM),
         "--csv", str(out / "grades.csv"), "--json-lines", str(out / "reports.jsonl"),
         "--report-dir", str(out / "feedback"), "--summary", "--jobs", "2"],
        cwd=base, env=env, capture_output=True, text=True, timeout=900)
    assert (out / "reports.jsonl").exists(), done.stderr[-3000:]
    reports = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"folder": folder, "out": out, "done": done, "entries": entries,
            "by_student": {r["student"]: r for r in reports}, "reports": reports}


def _outputs(hostile) -> dict[str, str]:
    files = {p: p.read_text(encoding="utf-8") for p in hostile["out"].rglob("*") if p.is_file()}
    return {**{str(p): t for p, t in files.items()}, "stdout": hostile["done"].stdout, "stderr": hostile["done"].stderr}


def test_the_command_ends_cleanly(hostile):
    """Exit status 0 or 1, no traceback, and the terminal output holds no control character."""
    done = hostile["done"]
    assert done.returncode in (0, 1), done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and "\r" not in done.stdout + done.stderr


def test_nothing_from_outside_the_folder_is_shown(hostile):
    """The secret in the linked file, folder and environment, and /etc/passwd, appear in no output."""
    for name, text in _outputs(hostile).items():
        assert SECRET not in text, name
        assert PASSWD_MARK not in text, name


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:  # newline="": the csv module's own line handling
        return list(csv.reader(handle))


def test_every_entry_has_exactly_one_row(hostile):
    """One JSON line and one CSV row per folder entry, ids unique, each not graded one with a reason."""
    reports = hostile["reports"]
    assert len(reports) == len(hostile["entries"]) == len(hostile["by_student"])
    assert all(r["reason"] for r in reports if r["status"] != "graded")
    rows = _csv_rows(hostile["out"] / "grades.csv")
    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == [csv_cell(r["student"]) for r in reports]
    assert [row[1] for row in body] == [r["status"] for r in reports]
    assert all(len(row) == len(header) for row in body)


# (student id, status, a substring of the reason)
EXPECTED = [
    ("leak", "unreadable", "symbolic link"),
    ("leakdir", "unreadable", "symbolic link"),
    ("passwd", "unreadable", "symbolic link"),
    ("environ", "unreadable", "symbolic link"),
    ("fifo", "unreadable", "FIFO"),
    ("huge", "unreadable", "larger than"),
    ("henry", "unreadable", "not a text answer file"),
    (".hidden", "unreadable", "hidden"),
    ("dup.md", "graded", ""),
    ("dup.tex", "graded", ""),
    ("dup", "graded", ""),
    ("summary", "graded", ""),
    ("mixed", "graded", ""),
    (LONG, "graded", ""),
    ("F" * 255, "graded", ""),
    ("\ufffd\ufffd.md", "graded", ""),
    ("\ufffd\ufffd.md (2)", "graded", ""),
    *((student, "graded", "") for student in [*FORMULA_IDS, MARKUP_ID, "cr\rid", "lf\nid", "\x1b[31mred\x1b[0m"]),
]


@pytest.mark.parametrize(("student", "status", "reason"), EXPECTED, ids=[repr(e[0])[:30] for e in EXPECTED])
def test_each_entry_gets_its_status(hostile, student, status, reason):
    row = hostile["by_student"][student]
    assert (row["status"], reason in row["reason"]) == (status, True), row["reason"]


def test_csv_cells_cannot_be_formulas(hostile):
    """No cell starts with = + - @ tab or CR; the CR id is quoted, so its row did not split."""
    rows = _csv_rows(hostile["out"] / "grades.csv")
    for row in rows:
        for cell in row[:2] + row[-1:]:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK(\"x\")" in [row[0] for row in rows] and "cr\rid" in [row[0] for row in rows]


class _Tags(HTMLParser):
    """Every tag and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "img", "svg", "a", "form", "input", "link", "meta", "base",
                  "style"}


def _unsafe_markup(page: str, allowed: set[str] = frozenset()) -> list[str]:
    parser = _Tags()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag in DANGEROUS_TAGS - allowed:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name == "href" and tag == "a" and _own_link(value):
                continue  # symcheck's own links: a line of the page, or a sibling feedback page (URL-quoted)
            if re.fullmatch(r"on\w+", name) or name in ("href", "src", "style", "xlink:href", "action"):
                found.append(f"{tag} {name}={value!r}")
            if value and "javascript:" in value.lower():
                found.append(f"{tag} {name}={value!r}")
    return found


def _own_link(value: str | None) -> bool:
    """`#line-12`, or `NAME.html` / `NAME.md` (optionally with `#line-12`) with no scheme, slash or dot-dot."""
    return bool(value) and re.fullmatch(r"(?:[A-Za-z0-9%_\-.~]+\.(?:html|md))?(?:#line-\d+)?", value) is not None \
        and ".." not in value and value != ""


def test_html_feedback_holds_no_script(hostile):
    """No <script, no javascript: URL, no event handler or style attribute in any page; math is still MathML."""
    pages = sorted(p for p in (hostile["out"] / "feedback").glob("*.html") if p.name != "index.html")
    assert len(pages) == sum(r["status"] == "graded" for r in hostile["reports"])
    index = (hostile["out"] / "feedback" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index.lower() and _unsafe_markup(index, allowed={"style", "meta", "svg", "a"}) == []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), page.name
        assert _unsafe_markup(text, allowed={"style", "meta", "a"}) == [], page.name  # <a>: own links only
        assert "<math" in text


def test_markdown_feedback_holds_no_html(hostile):
    """Rendered as CommonMark (raw HTML on), the Markdown feedback and summary have no tag from a student."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for page in sorted((hostile["out"] / "feedback").glob("*.md")):
        rendered = md.render(page.read_text(encoding="utf-8"))
        assert _unsafe_markup(rendered) == [], page.name
        assert "<script" not in rendered.lower() and "<h1>" in rendered.split("\n", 1)[0], page.name


def test_output_names_are_safe_and_distinct(hostile):
    """One Markdown file per entry plus summary.md; no leading dot, no name over 255 bytes; the class
    summary is not overwritten by the student called summary."""
    feedback = hostile["out"] / "feedback"
    names = os.listdir(feedback)
    assert len([n for n in names if n.endswith(".md")]) == len(hostile["entries"]) + 1
    assert all(not n.startswith(".") and len(n.encode()) <= 255 for n in names)
    assert (feedback / "summary.md").read_text(encoding="utf-8").startswith("# Class summary")


def test_find_submissions_never_opens_a_fifo(tmp_path):
    """Listing a folder with a FIFO returns at once (lstat only) and refuses it."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "inner").mkdir()
    os.mkfifo(tmp_path / "inner" / "pipe.md")
    found = {s.student: s for s in find_submissions(tmp_path)}
    assert "FIFO" in found["pipe"].refusal
    assert found["inner"].files == () and "FIFO" in found["inner"].skipped[0]


def test_gradescope_reads_the_submission_the_same_way(tmp_path):
    """/autograder/submission with a link to a secret, a FIFO and a hostile answer: no secret, no HTML."""
    from markdown_it import MarkdownIt

    (tmp_path / "secret.md").write_text(f"$$x = 1$$ {SECRET}\n", encoding="utf-8")
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "answer.md").write_text(HOSTILE_ANSWER, encoding="utf-8")
    os.symlink(tmp_path / "secret.md", submission / "b.md")
    os.mkfifo(submission / "c.md")
    done = subprocess.run([sys.executable, "-m", "symcheck.cli", "gradescope", "--problem", str(PROBLEM),
                           "--root", str(tmp_path)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    results = (tmp_path / "results" / "results.json").read_text(encoding="utf-8")
    assert SECRET not in results
    data = json.loads(results)
    assert data["score"] > 0
    md = MarkdownIt("commonmark")
    for output in [data["output"], *(t["output"] for t in data["tests"])]:
        assert _unsafe_markup(md.render(output)) == []


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_hostile_page_runs_no_script_in_a_real_browser(hostile, tmp_path):
    """Headless Chromium: the hostile page's DOM after load is its DOM with every script blocked, and its
    title is ours. The page's own Content-Security-Policy is taken out first, so this tests the sanitiser."""
    chromium = _chromium()
    if chromium is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    from symcheck.report.feedback import CSP
    from tests.browser import dump_dom

    feedback = hostile["out"] / "feedback"
    for stem in ["alice", next(p.stem for p in feedback.glob("_img*.html"))]:
        html = (feedback / f"{stem}.html").read_text(encoding="utf-8")
        assert CSP in html
        page = tmp_path / "page.html"
        page.write_text(html.replace(CSP, ""), encoding="utf-8")
        with_js = dump_dom(chromium, page, tmp_path / "js", scripts=True)
        without_js = dump_dom(chromium, page, tmp_path / "nojs", scripts=False)
        assert "<math" in with_js and 'id="score"' in with_js
        assert with_js == without_js
        title = re.search(r"<title>(.*?)</title>", with_js, re.S).group(1)
        assert title.startswith("Feedback: ") and "PWNED" not in title
        assert "data-pwned=" not in with_js


def _fifo(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe.md")
    return tmp_path / "pipe.md"


def _link(tmp_path: Path) -> Path:
    (tmp_path / "target.md").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "target.md", tmp_path / "link.md")
    return tmp_path / "link.md"


def _sparse(tmp_path: Path) -> Path:
    with open(tmp_path / "huge.md", "wb") as handle:
        os.truncate(handle.fileno(), 2 * 1024 ** 3)
    return tmp_path / "huge.md"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "d.md").mkdir()
    return tmp_path / "d.md"


# (how to make the path, a substring of the error) with links not followed, as class grading reads
SAFE_READ_CASES = [
    pytest.param(_fifo, "not a regular file", id="fifo-never-blocks"),
    pytest.param(_link, "symbolic link", id="symbolic-link"),
    pytest.param(_sparse, "larger than", id="2-GB-sparse-file-refused-by-size"),
    pytest.param(_folder, "a folder", id="folder"),
]


@pytest.mark.parametrize(("make", "message"), SAFE_READ_CASES)
def test_read_answer_file_refuses_what_is_not_a_regular_file(tmp_path, make, message):
    from symcheck.core.errors import InputFileError
    from symcheck.read.inputs import read_answer_file

    with pytest.raises(InputFileError, match=message):
        read_answer_file(make(tmp_path), follow_symlinks=False)


@pytest.mark.parametrize("form", ["text", "json"])
def test_terminal_output_holds_no_control_character(tmp_path, capsys, form):
    """`symcheck check` prints a file holding ANSI escapes, a CR and a bidi override without any of them;
    the JSON stays valid and means the same."""
    from symcheck.cli import main

    path = tmp_path / "ansi\x1b[2J.md"
    path.write_text("$$x = 1 + 1 = 3\x1b[2J$$\n\x1b]0;owned\x07 text\r\n$$\\foo{\u202e\x9b31m} = 2$$\n", encoding="utf-8")
    main(["check", str(path), "--format", form])
    out = capsys.readouterr().out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out)
    if form == "json":
        assert json.loads(out)["file"] == str(path)
