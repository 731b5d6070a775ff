"""Hostile and broken answer files (issue 5): symcheck always answers, in time, and the same way twice.

Every row of CLI_CASES is an answer file: a small one checked in under `tests/corpus/hostile/`,
or a large one generated here at test time. Each is run through
`python -m symcheck.cli check FILE --format json` twice at once (with different hash seeds, so
that set or dict order cannot leak into the report), from an empty working folder, and must:

* exit 0 or 1 (2 only for a file that cannot be read at all, with a one-line message on stderr and
  still a JSON report on stdout), with nothing on stderr otherwise and never a traceback;
* print a valid `symcheck.report/1` report, byte-identical in both runs;
* finish within its time limit (10 s; 30 s for the 3,000-block file);
* name the finding the input calls for (`too-large` for a huge power, `unclosed-math` for an
  unclosed `$$`, `not-utf8` for Latin-1, ...), leak nothing it must not (the contents of
  /etc/passwd) and write no file.

Rows marked xfail are bugs found while writing these tests; each reason names the bug.
The in-process tests below pin details the subprocess cannot see: line numbers under every kind of
line end, what `decode` says about each encoding, and that the step time limit works in a worker
thread.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from symcheck import Limits, check_file, check_text
from symcheck.core.errors import InputFileError
from symcheck.core.results import SCHEMA
from symcheck.read.inputs import decode, read_answer_file
from symcheck.report.json_report import render_json

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
# Every run gets --file-timeout FILE_SECONDS: the command answers by then plus its hard-limit margin (3 s),
# whatever the input. The wall-clock bound asserted is generous (a loaded 2-core machine runs two of these
# at once, each starting SymPy); what a row asserts about speed is deterministic instead: the report must not
# say `timeout` (the file was checked, not cut off), unless the row expects the file limit to stop it.
FILE_SECONDS = 20.0
# and --step-timeout STEP_SECONDS: a step that is cut off by the step limit in one run and not in the other
# (on a loaded machine) would make the two reports differ; no row here has a step near 10 s of work
STEP_SECONDS = 10.0
DEFAULT_SECONDS = 90.0
HANG_SECONDS = DEFAULT_SECONDS  # rows that once hung: they must now finish without being cut off
DEPTH = 5000


def _fixed_note(reason: str):
    """The same for a whole test: a decorator that leaves it as it is."""
    return lambda test: test


def fixed(reason: str):
    """A regression row: `reason` is the bug it once showed, now fixed; it carries no mark."""
    return ()


# -- how each input file is made --------------------------------------------------------------------
Maker = Callable[[Path], Path]


def corpus(name: str) -> Maker:
    """A checked-in file of tests/corpus/hostile/."""
    return lambda folder: CORPUS / name


def generated(name: str, build: Callable[[], str | bytes]) -> Maker:
    """A file written at test time (text is written as UTF-8 with the line ends it holds)."""
    def make(folder: Path) -> Path:
        content = build()
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return make


def missing(folder: Path) -> Path:
    return folder / "no-such-answer.md"


def directory(folder: Path) -> Path:
    path = folder / "a-folder.md"
    path.mkdir()
    return path


# -- generated contents ------------------------------------------------------------------------------
def nested_5000() -> str:
    """Balanced nesting 5,000 levels deep, of every bracket-like construct (RecursionError bait)."""
    blocks = [
        "(" * DEPTH + "1" + ")" * DEPTH,
        "{" * DEPTH + "1" + "}" * DEPTH,
        "[" * DEPTH + "1" + "]" * DEPTH,
        "\\frac{1}{" * DEPTH + "2" + "}" * DEPTH,
        "\\sqrt{" * DEPTH + "2" + "}" * DEPTH,
        "2" + "^{2" * DEPTH + "}" * DEPTH,
        "\\left(" * DEPTH + "1" + "\\right)" * DEPTH,
        "\\begin{bmatrix}" * DEPTH + "1" + "\\end{bmatrix}" * DEPTH,
        "\\sigma(" * DEPTH + "0" + ")" * DEPTH,
    ]
    return "".join(f"$$x_{{{i}}} = {block}$$\n\n" for i, block in enumerate(blocks))


def nested_100() -> str:
    """Nesting deeper than the parser allows but short enough to reach it (under 5,000 characters)."""
    return "$$x = " + "(" * 100 + "1" + ")" * 100 + " = 1$$\n\n$$y = " + "\\frac{1}{" * 100 + "2" + "}" * 100 + " = 0$$\n"


def unclosed_5000() -> str:
    """Brackets and environments opened 5,000 times and never closed."""
    return "".join(f"$$x_{{{i}}} = {opener * DEPTH}$$\n\n"
                   for i, opener in enumerate(["(", "{", "\\left(", "\\begin{bmatrix}", "\\frac{"]))


def nested_in_fallback() -> str:
    """Nesting inside notation only the fallback (ANTLR) parser reads, deep enough for its RecursionError."""
    return "$$S = \\sum_{i=1}^{3} " + "(" * 500 + "i" + ")" * 500 + " = 6$$\n"


def blocks_3000() -> str:
    """3,000 display blocks: named values and arithmetic, one wrong step (block 1,500, line 3,001)."""
    out = []
    for i in range(3000):
        if i == 1500:
            out.append(f"$${i} + 1 = {i + 2}$$\n\n")
        elif i % 2:
            out.append(f"$${i} \\cdot 2 = {2 * i}$$\n\n")
        else:
            out.append(f"$$x_{{{i}}} = {i} + 1 = {i + 1}$$\n\n")
    return "".join(out)


def long_math_line() -> str:
    """One math line of 200,000 characters."""
    return "$$x = " + "+".join(["1"] * 99_996) + "$$\n"


def long_text_line() -> str:
    """One line of prose of 200,000 characters."""
    return "word " * 40_000 + "\n"


def long_punctuation_line() -> str:
    """A 200,000-character math line of '. ' pairs: normalisation's trailing-punctuation rule is quadratic."""
    return "$$x = " + ". " * 99_990 + "y = 1$$\n"


def text_math_spaces() -> str:
    """Arithmetic in plain text with 3,000 spaces before a letter: the text-math pattern is cubic."""
    return "x = 1" + " " * 3000 + "a\n"


def unclosed_environments() -> str:
    """80,000 unclosed equation environments (1.3 MB): each opener searches the rest of the file."""
    return "\\begin{equation}" * 80_000 + "\n"


def macro_bomb() -> str:
    """Macros that double at each of 18 levels (2^18 copies), a self-recursive one, 300 blocks using them."""
    letters = "abcdefghijklmnopqrs"
    defs = "".join(f"\\def\\m{a}{{\\m{b}\\m{b}}}" for a, b in zip(letters, letters[1:])) + "\\def\\ms{x}\\def\\r{\\r\\r}\n"
    return defs + "".join(f"$$y_{{{i}}} = \\ma + \\r = 1 + 1 = 3$$\n" for i in range(300))


def matrix(n: int) -> str:
    rows = " \\\\ ".join(" & ".join(str((i * j) % 10) for j in range(n)) for i in range(n))
    return f"$$A = \\begin{{bmatrix}} {rows} \\end{{bmatrix}}$$\n"


def million_digits() -> str:
    return "$$x = " + "7" * 1_000_000 + " = 1$$\n"


def chain_2000() -> str:
    return "$$a = " + " = ".join(["1"] * 2000) + "$$\n"


def regions_6000() -> str:
    """More math regions than the limit (5,000)."""
    return "$1$ " * 6000 + "\n"


def table_1000_cells() -> str:
    return "| $v$ | " + " | ".join(str(i % 10) for i in range(1000)) + " |\n"


def inline_regions(count: int) -> Callable[[], str]:
    """`$1$ ` repeated on one line: reading was quadratic in the regions of a line."""
    return lambda: "$1$ " * count + "\n"


def long_math_line_1mb() -> str:
    """One math line of 1 MB (the region gate must come before statement splitting)."""
    return "$$x = " + "+".join(["1"] * 500_000) + " = 3$$\n"


def oversize() -> bytes:
    """One byte over the 5 MB limit: refused before it is read."""
    return b"a" * (Limits().max_file_bytes + 1)


# -- the table --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostileCase:
    """One hostile input and what the report must say about it."""

    make: Maker
    codes: tuple[str, ...] = ()  # finding codes that must appear
    seconds: float = DEFAULT_SECONDS  # time limit for one run
    unreadable: bool = False  # exit status 2 with an error report
    absent: tuple[str, ...] = ()  # text that must not appear in the report
    flags: tuple[str, ...] = ()  # extra command-line options
    may_time_out: bool = False  # the file limit may stop it (the report then says `timeout`)
    config: str = ""  # a pyproject.toml written into the working folder


def case(name: str, make: Maker, *codes: str, marks=(), **options):
    """A row of CLI_CASES: `name` is the test id, `codes` the finding codes the report must hold."""
    return pytest.param(HostileCase(make, codes, **options), id=name, marks=marks)


CLI_CASES = [
    # -- values too large to compute ------------------------------------------------------------------
    case("huge-power", corpus("huge_power.md"), "too-large"),
    case("huge-factorial", corpus("huge_factorial.md"), "too-large"),
    case("power-tower", corpus("power_tower.md"), "too-large"),
    # the derivative's step expands a 200th power (minutes of work): cut off by the step limit (10 s) in every
    # run, while the other step needs well under a second of CPU (it was cut off too, under load, with 0.5 s)
    case("big-expansion-times-out", corpus("big_expansion.md"), "timeout"),
    case("matrix-100x100", generated("matrix100.md", lambda: matrix(100)), "too-large"),
    case("matrix-21x21-over-the-cell-limit", generated("matrix21.md", lambda: matrix(21)), "too-large"),
    case("million-digit-number", generated("digits.md", million_digits), "too-large"),
    case("huge-integer-product", corpus("huge_integer_product.md"), marks=fixed(
        "10^{1999} \\cdot 10^{1999} \\cdot 10^{1999} = 1: each power passes the 2,000-digit gate, the product "
        "has 5,997 digits, and printing it (render.show -> sp.sstr) raises ValueError 'Exceeds the limit (4300 "
        "digits) for integer string conversion'; it escapes check_file: traceback, exit 1, no JSON")),
    case("huge-integer-conflicting-binding", corpus("huge_integer_binding.md"), marks=fixed(
        "x = 10^{1999} \\cdot 10^{1999} \\cdot 10^{1999} then x = 2: the conflicting-values comparison prints "
        "the 5,997-digit value and raises ValueError (int string conversion limit): traceback, no JSON")),
    case("huge-product-in-fallback", corpus("huge_product_fallback.md"), marks=fixed(
        "\\prod_{i=1}^{1000} i^{100} = 1: the fallback evaluates the finite product to a 256,800-digit integer "
        "and printing it raises ValueError (int string conversion limit): traceback, no JSON")),
    case("float-overflow-in-diagnosis", corpus("float_overflow.md"), marks=fixed(
        "'$$e^{710} = 1.5$$' (or 10^{400} = 0.5): the step is wrong, and diagnose.miscopied_digits -> _digit_swap "
        "does int(float(value) * 10**decimals) with float(value) = inf: OverflowError 'cannot convert float "
        "infinity to integer' escapes check_file: traceback, exit 1, no JSON (found by tests/test_fuzz.py)")),
    # -- nesting ------------------------------------------------------------------------------------------
    case("nested-5000-levels", generated("nested.md", nested_5000), "too-large"),
    case("nested-100-levels", generated("nested100.md", nested_100), "unparsed"),
    case("unclosed-5000-levels", generated("unclosed.md", unclosed_5000), "too-large"),
    case("nested-inside-fallback-notation", generated("fallback.md", nested_in_fallback)),
    # -- macros, file access and code -------------------------------------------------------------------
    case("def-and-newcommand", corpus("def_newcommand.md"), "unparsed", "arithmetic"),
    case("macro-bomb", generated("bomb.md", macro_bomb), "too-large", "arithmetic"),
    case("input-etc-passwd", corpus("input_file.md"), "unparsed", absent=("root:x:0", "/bin/bash", "nologin")),
    case("python-in-math", corpus("python_in_math.md"), "unparsed"),
    # -- encodings and bytes ----------------------------------------------------------------------------------
    case("empty-file", corpus("empty.md")),
    case("nul-bytes-in-text", corpus("nul_in_text.md"), "nul-bytes", "arithmetic"),
    case("binary-mostly-nul", corpus("binary_nul_heavy.md"), "binary"),
    case("random-bytes", corpus("random_bytes.md"), "not-utf8"),
    case("latin-1", corpus("latin1.md"), "not-utf8", "arithmetic"),
    case("utf-16", corpus("utf16.md"), "utf-16"),
    case("control-characters", corpus("control_chars.md"), "arithmetic"),
    case("emoji-and-right-to-left", corpus("emoji_rtl.md"), "arithmetic"),
    # -- line ends ------------------------------------------------------------------------------------------
    case("crlf-line-ends", corpus("crlf.md"), "arithmetic"),
    case("lone-cr-line-ends", corpus("lone_cr.md"), "arithmetic"),
    case("utf-8-bom", corpus("bom.md"), "arithmetic"),
    # -- broken structure -------------------------------------------------------------------------------------
    case("unclosed-display-math", corpus("unclosed_dollars.md"), "unclosed-math"),
    case("unbalanced-braces", corpus("unbalanced_braces.md"), "unparsed"),
    case("unclosed-bmatrix", corpus("unclosed_bmatrix.md"), "unparsed", "unclosed-math"),
    case("delimiter-soup", corpus("delimiter_soup.md")),
    case("matrix-in-parentheses", corpus("matrix_in_parentheses.md"), marks=fixed(
        "'$$A = \\left(\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}\\right)$$' (and '$$v = ((1, 2, 3))$$'): "
        "evaluate.literal_halfwidth takes the cells through the group node but evaluate._shape sees the group, "
        "not the matrix, and returns (2, 1); sp.ImmutableMatrix(2, 1, 4 widths) raises ValueError 'List length "
        "should be equal to rows*columns', which escapes check_file: traceback, exit 1, no JSON (found by "
        "tests/test_fuzz.py)")),
    case("tex-preamble-and-comments", corpus("preamble.tex"), "arithmetic"),
    case("line-break-before-closing-dollars", corpus("backslash_before_closing.md"), "arithmetic", marks=fixed(
        "'$$x = 1 + 1 = 3 \\\\$$': the closing $$ right after a \\\\ line break is taken for an escaped \\$ "
        "(extract._closing uses (?<!\\\\)\\$\\$), so the block is reported as unclosed-math and the wrong "
        "step is never checked")),
    # -- size ------------------------------------------------------------------------------------------------------
    case("3000-math-blocks", generated("blocks.md", blocks_3000), "arithmetic", seconds=30.0),
    case("200k-character-math-line", generated("longmath.md", long_math_line), "too-large"),
    case("200k-character-text-line", generated("longtext.md", long_text_line)),
    case("chain-of-2000-equals", generated("chain.md", chain_2000)),
    case("6000-math-regions", generated("regions.md", regions_6000), "too-large"),
    case("table-row-of-1000-cells", generated("table.md", table_1000_cells), "too-large"),
    case("200k-character-punctuation-line", generated("dots.md", long_punctuation_line), seconds=HANG_SECONDS,
         marks=fixed(
             "'$$x = . . . (99,990 times) y = 1$$': normalize's trailing-punctuation rule "
             "((?:(?<!\\\\)[.,;:]|\\s|\\\\[,;:!])+$) is quadratic and runs before the 5,000-character gate "
             "(parse_readings normalises, _parse_one checks the length); a C-level regex is not interrupted by "
             "the step limit: 8,000 characters take 2.3 s, 200,000 take hours")),
    case("spaces-in-text-arithmetic", generated("spaces.md", text_math_spaces), seconds=HANG_SECONDS, marks=fixed(
        "'x = 1' + 3,000 spaces + 'a' on one line: extract._TEXT_MATH ('*?' over [..\\s..] then \\s*\\.?\\s*$) "
        "backtracks cubically, in read_document before any time limit: 2,000 spaces take 13 s, 4,000 take 146 s")),
    case("80000-unclosed-environments", generated("envs.md", unclosed_environments), seconds=HANG_SECONDS,
         marks=fixed(
             "'\\begin{equation}' x 80,000 (1.3 MB, under the 5 MB limit): extract._find_math searches the rest of "
             "the file for each unclosed opener (quadratic, before any time limit) and adds one finding per opener: "
             "40,000 take 5 s, 80,000 about 21 s, a 5 MB file minutes")),
    # -- paths to big-integer work in C that no watchdog interrupts (issue 10, item 3) ---------------------------
    case("student-function-called-with-a-huge-argument", corpus("function_call_power.md"), "too-large"),
    case("composition-of-powers-called", corpus("composed_powers.md"), "too-large"),
    case("bound-value-after-differentiating", corpus("derivative_then_value.md"), "too-large"),
    case("power-tower-in-a-sum", corpus("fallback_power_tower.md"), "too-large"),  # sums are written out, gated
    case("100000-regions-on-one-line", generated("regions100k.md", inline_regions(100_000)), "too-large"),
    case("1.2-million-regions-on-one-line", generated("regions1m.md", inline_regions(1_200_000)), "too-large",
         may_time_out=True),
    # -- crashes and gates (issue 10, item 6) ------------------------------------------------------------------
    case("hadamard-product", corpus("hadamard.md"), "arithmetic"),
    case("1-mb-math-line", generated("longmath1m.md", long_math_line_1mb), "too-large"),
    case("max-math-chars-from-config", generated("eighty.md", lambda: "$$" + "1 + " * 19 + "1 = 21$$\n"),
         "too-large", config="[tool.symcheck]\nmax_math_chars = 10\n"),
    # -- files that cannot be read -------------------------------------------------------------------------------
    case("missing-file", missing, unreadable=True),
    case("directory", directory, unreadable=True),
    case("over-5-mb", generated("big.md", oversize), unreadable=True),
]


# -- running the command line ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: bytes
    stderr: str


def run_check_twice(path: Path, workdir: Path, logs: Path, seconds: float, flags=()) -> tuple[Run, Run]:
    """`symcheck check PATH --format json --file-timeout FILE_SECONDS` twice at once (hash seeds 1 and 2);
    fails if either overruns."""
    command = [sys.executable, "-m", "symcheck.cli", "check", str(path), "--format", "json",
               "--file-timeout", str(FILE_SECONDS), "--step-timeout", str(STEP_SECONDS), *flags]
    started = []
    for seed in ("1", "2"):  # output goes to files: a full pipe would stall one run while we wait on the other
        env = {**os.environ, "PYTHONHASHSEED": seed}
        with open(logs / f"out{seed}", "wb") as out, open(logs / f"err{seed}", "wb") as err:
            process = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=err)
        started.append((process, time.monotonic()))
    try:
        for process, start in started:
            process.wait(timeout=max(0.1, seconds - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        for process, _ in started:
            process.kill()
            process.wait()
        pytest.fail(f"symcheck check {path.name} did not finish within {seconds:g} s")
    return tuple(Run(p.returncode, (logs / f"out{s}").read_bytes(),
                     (logs / f"err{s}").read_bytes().decode("utf-8", "replace"))
                 for (p, _), s in zip(started, ("1", "2")))


def assert_answered(case: HostileCase, run: Run) -> dict:
    """The checks every single run must pass; the parsed report."""
    assert "Traceback" not in run.stderr, "\n".join(run.stderr.strip().splitlines()[-3:])
    if case.unreadable:
        assert run.returncode == 2
        assert run.stderr.startswith("symcheck: error: ") and run.stderr.count("\n") == 1, run.stderr
    else:
        assert run.returncode in (0, 1), run.stderr[-500:]
        assert run.stderr == ""
    report = json.loads(run.stdout.decode("utf-8"))
    assert report["schema"] == SCHEMA
    assert set(report["summary"]) == {"errors", "warnings", "checked", "unparsed"}
    if case.unreadable:
        assert report["status"] == "error" and report["findings"] == []
    else:
        assert run.returncode == (1 if report["summary"]["errors"] else 0)
    return report


@pytest.mark.parametrize("case", CLI_CASES)
def test_cli_answers_hostile_file(case: HostileCase, tmp_path: Path) -> None:
    """Exit 0/1 (2 if unreadable), valid JSON, no traceback, in time, identical twice, the expected codes."""
    inputs, workdir, logs = (tmp_path / name for name in ("inputs", "work", "logs"))
    for folder in (inputs, workdir, logs):
        folder.mkdir()
    path = case.make(inputs)
    if case.config:
        (workdir / "pyproject.toml").write_text(case.config, encoding="utf-8")
    first, second = run_check_twice(path, workdir, logs, case.seconds, case.flags)
    report = assert_answered(case, first)
    second_report = assert_answered(case, second)
    if case.may_time_out and "timeout" in (report.get("status"), second_report.get("status")):
        return  # cut by the file limit: answered in time with a valid report, which is what is asked here
    assert report.get("status") != "timeout", "the file limit cut the check off: " + report.get("reason", "")
    assert first.stdout == second.stdout, "two runs gave different reports"
    codes = {f["code"] for f in report["findings"]}
    assert set(case.codes) <= codes, f"expected {sorted(case.codes)} among {sorted(codes)}"
    for text in case.absent:
        assert text not in first.stdout.decode("utf-8")
    assert [p.name for p in workdir.iterdir()] == (["pyproject.toml"] if case.config else []), \
        "symcheck wrote files into its working folder"


# -- in process: line numbers under every line end ------------------------------------------------------------------
LF_DERIVATION = "# Windows line ends\n\n$$\\begin{aligned}\nx &= 2 + 3 \\\\\n&= 6\n\\end{aligned}$$\n\nval = 2 * 3\n= 7\n"

LINE_END_CASES = [
    pytest.param("crlf.md", id="crlf"),
    pytest.param("lone_cr.md", id="lone-cr"),
]


@pytest.mark.parametrize("name", LINE_END_CASES)
def test_line_ends_keep_line_numbers(name: str) -> None:
    """CRLF and lone-CR files give the same findings, on the same lines, as the LF text."""
    expected = [(f.line, f.end_line, f.code) for f in check_text(LF_DERIVATION).findings]
    assert expected == [(5, 5, "arithmetic"), (9, 9, "arithmetic")]
    assert [(f.line, f.end_line, f.code) for f in check_file(CORPUS / name).findings] == expected


def test_bom_is_not_part_of_the_first_line() -> None:
    """A UTF-8 BOM is dropped: the wrong step on line 1 is found, with no encoding warning."""
    report = check_file(CORPUS / "bom.md")
    assert [(f.line, f.code) for f in report.findings] == [(1, "arithmetic")]


# -- in process: what decode says about each encoding -----------------------------------------------------------------
# (raw bytes, finding codes from decode, the decoded text)
DECODE_CASES = [
    pytest.param(b"", [], "", id="empty"),
    pytest.param(b"$x = 1$", [], "$x = 1$", id="ascii"),
    pytest.param("\ufeff$x$".encode(), [], "$x$", id="bom-dropped"),
    pytest.param("Größe".encode("latin-1"), ["not-utf8"], "Größe", id="latin-1"),
    pytest.param(b"a\x00" + b"b = 1 " * 3, ["nul-bytes"], "a " + "b = 1 " * 3, id="few-nuls-blanked"),
    pytest.param(b"\x00\x00\x00a", ["binary"], "", id="mostly-nuls-not-checked"),
    pytest.param("é".encode() + b"\xff\x00" + b"x" * 20, ["not-utf8", "nul-bytes"], "Ã©ÿ " + "x" * 20,
                 id="invalid-utf8-with-nul"),
    pytest.param("\ufeffab".encode("utf-16-le"), ["utf-16"], "ab", id="utf-16"),
    pytest.param(b"\xed\xa0\x80", ["not-utf8"], "\xed\xa0\x80", id="encoded-surrogate-is-latin-1"),
]


@pytest.mark.parametrize(("raw", "codes", "text"), DECODE_CASES)
def test_decode(raw: bytes, codes: list[str], text: str) -> None:
    """Each encoding is read to text (never failing) with the warnings it deserves."""
    decoded, notes = decode(raw)
    assert [n.code for n in notes] == codes
    assert decoded == text


# (how to make the path, the size limit, a substring of the error)
UNREADABLE_CASES = [
    pytest.param(missing, Limits().max_file_bytes, "cannot read", id="missing"),
    pytest.param(directory, Limits().max_file_bytes, "cannot read", id="directory"),
    pytest.param(generated("big.md", lambda: b"x" * 101), 100, "larger than 100 bytes", id="over-the-size-limit"),
]


@pytest.mark.parametrize(("make", "max_bytes", "message"), UNREADABLE_CASES)
def test_unreadable_file_raises_input_file_error(make: Maker, max_bytes: int, message: str, tmp_path: Path) -> None:
    """A file that cannot be read at all raises InputFileError (a SymcheckError) naming why."""
    with pytest.raises(InputFileError, match=message):
        read_answer_file(make(tmp_path), Limits(max_file_bytes=max_bytes))


# -- in process: a few hostile texts through the library ------------------------------------------------------------------
# (text, finding codes that must appear)
TEXT_CASES = [
    pytest.param("$$x = 10^{10^{10}}$$\n", ["too-large"], id="huge-power"),
    pytest.param("$$x = ((9^9)^{9999})^{9999}$$\n", ["too-large"], id="power-tower"),
    pytest.param("$$1000000000! = 1$$\n", ["too-large"], id="huge-factorial"),
    pytest.param("$$x = " + "(" * DEPTH + "1" + ")" * DEPTH + "$$\n", ["too-large"], id="nested-parentheses"),
    pytest.param("$$\\def\\foo{1+1} \\foo = 3$$\n", ["arithmetic"], id="def-expanded"),
    pytest.param("$$\\def\\foo{\\foo\\foo} \\foo = 2$$\n", ["unparsed"], id="def-self-recursive"),
    pytest.param("$$\\input{/etc/passwd} = 1$$\n", ["unparsed"], id="input"),
    pytest.param("$$__import__('os').system('echo hi') = 0$$\n", ["unparsed"], id="python"),
    pytest.param("$$x = 1 + 1 = 2\n\nno closing\n", ["unclosed-math"], id="unclosed-display"),
    pytest.param("$$x = 1 + 1 = 3 \\\\$$\n", ["arithmetic"], id="line-break-before-closing",
                 marks=fixed("the $$ after \\\\ is read as escaped: unclosed-math, and 1 + 1 = 3 is never checked")),
    pytest.param("$$10^{1999} \\cdot 10^{1999} \\cdot 10^{1999} = 1$$\n", [], id="5997-digit-integer",
                 marks=fixed("ValueError 'Exceeds the limit (4300 digits) for integer string conversion' escapes "
                             "check_text (render.show prints the exact integer)")),
    pytest.param("$$A = \\left(\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}\\right)$$\n", [],
                 id="matrix-in-parentheses", marks=fixed(
                     "literal_halfwidth: _shape of a group around a matrix is (2, 1), ImmutableMatrix raises ValueError")),
    pytest.param("$$v = ((1, 2, 3))$$\n", [], id="tuple-in-double-parentheses", marks=fixed(
        "literal_halfwidth: _shape of a group around a tuple is (2, 1) for 3 cells; ValueError escapes check_text")),
    pytest.param("$$e^{710} = 1.5$$\n", [], id="float-overflow-in-diagnosis", marks=fixed(
        "diagnose._digit_swap: int(inf) raises OverflowError, which escapes check_text")),
    pytest.param("$$\\binom{20000}{10000} = 1$$\n", [], id="binomial-with-6000-digits",
                 marks=fixed("the fallback evaluates the binomial to 6,019 digits; printing it raises ValueError "
                             "(int string conversion limit), which escapes check_text")),
]


@pytest.mark.parametrize(("text", "codes"), TEXT_CASES)
def test_check_text_survives(text: str, codes: list[str]) -> None:
    """check_text returns a report (never raises) whose JSON is valid and which names the expected codes."""
    report = check_text(text)
    data = json.loads(render_json(report))
    assert data["schema"] == SCHEMA
    assert set(codes) <= {f.code for f in report.findings}


def test_input_command_reads_no_file(tmp_path: Path) -> None:
    """\\input{secret} in an answer file leaves the secret file's contents out of the report."""
    secret = tmp_path / "secret.tex"
    secret.write_text("$$1 + 1 = 3$$ TOP-SECRET-CONTENT\n", encoding="utf-8")
    answer = tmp_path / "answer.md"
    answer.write_text(f"\\input{{{secret}}}\n\n$$\\input{{{secret}}} = 1$$\n", encoding="utf-8")
    output = render_json(check_file(answer))
    assert "TOP-SECRET-CONTENT" not in output
    assert "arithmetic" not in output


# -- in process: time limits -------------------------------------------------------------------------------------------------
def expensive_step(n: int) -> str:
    """A false identity whose check expands a power of a sum: many seconds without a limit. Each test uses its
    own n, so that nothing SymPy cached for one test makes another fast."""
    return f"$$(x+y+z+w)^{{{n}}} = (x+y+z+w)^{{{n - 1}}}(x+y+z+w) + 1$$\n"


_WORKER_THREAD = """
import json, sys, threading, time
from symcheck import check_text
from symcheck.core.limits import Limits
result = {}
def work():
    started = time.process_time()
    report = check_text(sys.argv[1], limits=Limits(step_timeout=0.2))
    result.update(codes=[f.code for f in report.findings], cpu=time.process_time() - started)
worker = threading.Thread(target=work, name="hostile-worker", daemon=True)
worker.start()
worker.join(timeout=600)
print(json.dumps(result if not worker.is_alive() else {"hung": True}))
"""


def test_step_timeout_works_in_a_worker_thread() -> None:
    """In a non-main thread, a step over Limits(step_timeout=0.2) is cut off with a timeout finding. Run in a
    fresh process (nothing another test left behind can interfere) and measured in CPU time, not wall time."""
    done = subprocess.run([sys.executable, "-c", _WORKER_THREAD, expensive_step(201)], capture_output=True,
                          text=True, timeout=900)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "hung" not in result, "check_text did not return"
    assert result["codes"] == ["timeout"]
    assert result["cpu"] < 30  # unlimited, the step runs for minutes of CPU


def test_timeout_leaves_the_next_step_checked() -> None:
    """After a step times out, the following steps of the file are still checked."""
    report = check_text(expensive_step(202) + "\n$$1 + 1 = 3$$\n", limits=Limits(step_timeout=0.2))
    assert [(f.line, f.code) for f in report.findings] == [(1, "timeout"), (3, "arithmetic")]


@_fixed_note("a StepTimeout that fires inside the fallback parser is swallowed by latex/fallback.py's `except Exception` "
       "and the resulting 'unparsed' is stored in parse._parse_one's lru_cache: every later check of the same text "
       "in the process (the next students of a batch worker) reports 'unparsed' at once, whatever its limit, instead "
       "of the arithmetic error (here 6 vs 7)")
def test_timeout_does_not_change_later_reports() -> None:
    """A step cut off by a short limit is checked normally when the same text is checked again with time to spare."""
    from symcheck.latex.fallback import parse_with_latex2sympy

    parse_with_latex2sympy("\\sum_{i=1}^{2} i")  # load the fallback parser, so the short limit falls in its parse
    text = "$$\\sum_{i=1}^{3} " + "(" * 100 + "i" + ")" * 100 + " = 7$$\n"  # 0.15 s in the fallback parser
    assert "timeout" in {f.code for f in check_text(text, limits=Limits(step_timeout=0.03)).findings}
    assert [f.code for f in check_text(text, limits=Limits(step_timeout=30)).findings] == ["arithmetic"]


def _det_of_symbolic_matrix(n: int, shift: int) -> str:
    rows = " \\\\ ".join(" & ".join(f"x + {(i * 7 + j * 3 + shift) % 10 + 1}" if (i + j) % 2 else
                                    f"{(i * j + shift) % 5 + 1} x^2" for j in range(n)) for i in range(n))
    return f"\\det \\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


# Child processes for limits a step can overrun: the child exits with status 3 if the check runs longer than
# ALLOWED seconds after the imports. ALLOWED is generous (a loaded machine) and far below what the check would
# take without its limits (minutes for the expansion, 8 determinants, 2 × 30 s for the chain).
_WATCHED_CHECK = """
import os, sys, threading, time
from symcheck import Limits, check_text
threading.Timer({allowed}, lambda: os._exit(3)).start()
started = time.monotonic()
check_text(sys.stdin.read(), limits=Limits(step_timeout={step}, file_timeout={file}))
print(round(time.monotonic() - started, 2))
os._exit(0)
"""

# (document, step_timeout, file_timeout, seconds allowed)
OVERRUN_CASES = [
    pytest.param(expensive_step(203), 0.2, 60.0, 15.0, id="one-expensive-step"),
    pytest.param("$$x = 2$$\n\n$$f(x) = " + " = ".join(_det_of_symbolic_matrix(10, k) for k in range(8)) + "$$\n",
                 0.1, 60.0, 8.0, id="function-definition-of-expensive-bodies", marks=fixed(
                     "define_function catches Exception around interpret(); StepTimeout is an Exception, so a "
                     "timeout that fires there is swallowed and the remaining bodies are interpreted with no limit "
                     "(f(x) = A = B with A, B determinants of 10x10 symbolic matrices and x bound to 2: step limit "
                     "0.2 s, 3.8 s spent). The same holds for the except-Exception blocks in latex/fallback.py and "
                     "diagnose.py")),
    pytest.param("$$\\frac{d}{dx} (x+y+z+w)^{200} = 200 (2x+2y+2z+2w)^{199} / 2^{199}"
                 " = 200 (3x+3y+3z+3w)^{199} / 3^{199}$$\n", 30.0, 0.1, 10.0, id="file-limit-inside-one-chain",
                 marks=fixed(
                     "file_timeout is only checked between chains and a chain gets step_timeout x relations: with "
                     "file_timeout=0.1 a two-relation chain runs 2 x 1.5 s; a 2,000-relation chain of expensive "
                     "steps would run 4,000 s under the defaults (file_timeout=60)")),
]


@pytest.mark.parametrize(("text", "step", "file", "allowed"), OVERRUN_CASES)
def test_time_limits_bound_the_whole_check(text: str, step: float, file: float, allowed: float) -> None:
    """check_text returns within its limits (plus slack), however expensive the steps are."""
    script = _WATCHED_CHECK.format(allowed=allowed, step=step, file=file)
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, f"still running after {allowed} s (exit {done.returncode}) {done.stderr[-500:]}"
