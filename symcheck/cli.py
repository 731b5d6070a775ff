"""The command line: a thin layer over the library functions."""
from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from symcheck.core.errors import SymcheckError
from symcheck.core.limits import SETTINGS
from symcheck.core.results import SCHEMA

if TYPE_CHECKING:  # annotations only: the commands import what they use when they run
    from symcheck.core.hardlimit import Killed
    from symcheck.core.limits import Limits
    from symcheck.core.results import GradeReport, Report, SubmissionResult
    from symcheck.keys.problem import Problem


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2), like every other usage error of symcheck."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"symcheck: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symcheck", description="Check every step of a math derivation.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check an answer file on its own terms")
    check.add_argument("file", help="a Markdown (.md) or LaTeX (.tex) answer file")
    _output_options(check)
    grade = sub.add_parser("grade", help="grade an answer file, or a folder of a whole class, against an answer key")
    grade.add_argument("file", help="an answer file, or a folder with one file or folder per student")
    grade.add_argument("--problem", required=True, help="a problem file under problems/")
    grade.add_argument("--variant", help="for a problem with randomised variants: the variant id (a student id) of "
                                         "one answer file; a folder uses each student's id, or --roster")
    _output_options(grade)
    batch = grade.add_argument_group("a folder of submissions")
    batch.add_argument("--csv", help="write the gradebook here (one row per submission)")
    batch.add_argument("--json-lines", help="write one JSON report per submission, one per line")
    batch.add_argument("--report-dir", help="write an HTML and a Markdown feedback file per student here")
    batch.add_argument("--summary", action="store_true", help="print the score distribution and common mistakes")
    batch.add_argument("--jobs", type=int, help="worker processes (default: CPU count, or [tool.symcheck] jobs)")
    batch.add_argument("--executor", choices=("local", "dask"), default="local")
    batch.add_argument("--scheduler", help="the Dask scheduler's address, with --executor dask")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--roster", help="a CSV with columns student,variant: each student's variant id (default: "
                                        "the student id), for a problem with randomised variants")
    scope = sub.add_parser("gradescope", help="run as a Gradescope autograder")
    scope.add_argument("--problem", required=True, help="a problem file")
    scope.add_argument("--root", default="/autograder", help="the autograder folder (default /autograder)")
    scope.add_argument("--visibility", default=None, choices=SETTINGS["visibility"].choices,
                       help="test visibility (default after_published)")
    scope.add_argument("--roster", help="a CSV with columns student,variant (student: the submitter's SID, or "
                                        "email without one), for a problem with randomised variants")
    scope.add_argument("--step-timeout", type=float)
    scope.add_argument("--file-timeout", type=float)
    sub.add_parser("lsp", help="run the language server on standard input/output (for editors)")
    sub.add_parser("watch", help="re-check an answer file whenever it is saved").add_argument("file")
    solve = sub.add_parser("solve", help="print the answer key a problem file derives")
    solve.add_argument("problem", help="a problem file under problems/")
    solve.add_argument("--format", choices=("markdown", "json"), default="markdown")
    solve.add_argument("-o", "--output", help="write the key here instead of standard output")
    solve.add_argument("--variant", help="for a problem with randomised variants: the variant id (a student id)")
    handout = sub.add_parser("handout", help="print a problem's statement and parts for one variant")
    handout.add_argument("problem", help="a problem file")
    handout.add_argument("--variant", help="the variant id (a student id); the default variant without it")
    handout.add_argument("--format", choices=("md", "tex"), default="md", help="Markdown (default) or LaTeX")
    handout.add_argument("-o", "--output", help="write the handout here instead of standard output")
    handout.add_argument("--roster", help="a CSV with columns student,variant: one handout per student, written "
                                          "as STUDENT.md (or .tex) into the folder --output-dir")
    handout.add_argument("--output-dir", help="with --roster: the folder for the handouts")
    _lint_options(sub, solve)
    return parser


def _lint_options(sub: argparse._SubParsersAction, solve: argparse.ArgumentParser) -> None:
    """`symcheck lint PROBLEM.py`, and `solve --aliases`: what an answer key's aliases match."""
    lint = sub.add_parser("lint", help="check a problem file and show what every alias matches")
    lint.add_argument("problem", help="a problem file")
    lint.add_argument("-o", "--output", help="write the report here instead of standard output")
    solve.add_argument("--aliases", action="store_true", help="also list every alias as the student reader sees it")


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "github", "sarif"), default=None,
                        help="text for people (default), json for machines, github (Actions annotations) or sarif")
    parser.add_argument("-o", "--output", help="write the report here instead of standard output")
    parser.add_argument("--verbose", action="store_true", help="also show info findings")
    parser.add_argument("--step-timeout", type=float,
                        help="seconds of computing for one step (CPU time; default 2, or [tool.symcheck])")
    parser.add_argument("--file-timeout", type=float, help="seconds for one file (default 60, or [tool.symcheck])")


def _limits(args: argparse.Namespace) -> Limits:
    from symcheck.core.limits import Limits, limit_memory, load_config

    limits = Limits.from_config(load_config(), step_timeout=args.step_timeout, file_timeout=args.file_timeout)
    whole_process = getattr(args, "own_process", False)  # only as the `symcheck` command, not main([...]) in a program
    if whole_process and (args.command != "grade" or not Path(getattr(args, "file", "")).is_dir()):
        limit_memory(limits.max_memory_mb)  # class grading caps each worker instead
    return limits


def _format(args: argparse.Namespace) -> str:
    from symcheck.core.limits import load_config

    return args.format or load_config().get("format", "text")


# Options of `grade` that only mean something for one kind of input: (dest, flag).
_FOLDER_ONLY = (("csv", "--csv"), ("json_lines", "--json-lines"), ("report_dir", "--report-dir"),
                ("summary", "--summary"), ("jobs", "--jobs"), ("scheduler", "--scheduler"), ("quiet", "--quiet"),
                ("roster", "--roster"))
_FILE_ONLY = (("output", "-o/--output"), ("format", "--format"), ("verbose", "--verbose"), ("variant", "--variant"))


def check_options(args: argparse.Namespace) -> None:
    """Refuse an option that would be ignored for the input given, or a value out of range (SymcheckError)."""
    from symcheck.core.limits import check_setting

    for dest in ("step_timeout", "file_timeout", "jobs"):
        value = vars(args).get(dest)
        if value is not None:
            check_setting(dest, value, f"--{dest.replace('_', '-')}")
    if args.command != "grade":
        return
    folder = Path(args.file).is_dir()
    if args.executor != "local" and not folder:
        raise SymcheckError("--executor is for grading a folder of submissions, not one answer file")
    if folder and args.variant:
        raise SymcheckError("--variant is for one answer file; a folder is graded with each student's id as the "
                            "variant, or with --roster")
    for dest, flag in (_FILE_ONLY if folder else _FOLDER_ONLY):
        if vars(args).get(dest):
            what = ("one answer file; a folder writes --csv, --json-lines or --report-dir" if folder
                    else "a folder of submissions, not one answer file")
            raise SymcheckError(f"{flag} is for {what}")
    if folder and args.scheduler and args.executor != "dask":
        raise SymcheckError("--scheduler needs --executor dask")
    if folder and args.jobs and args.executor == "dask":
        raise SymcheckError("--jobs is for --executor local; a Dask cluster has its own workers")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.own_process = argv is None  # run as the console script: the process is ours to cap
    try:
        check_options(args)
        return _run(args)
    except SymcheckError as exc:
        return _fail(args, str(exc))
    except KeyboardInterrupt:
        return _fail(args, "interrupted")


def _run(args: argparse.Namespace) -> int:
    if args.command in ("lsp", "watch"):  # for editors: symcheck/lsp/, symcheck/watch.py
        from symcheck.editors.lsp.server import serve
        from symcheck.editors.watch import watch

        return serve() if args.command == "lsp" else watch(args.file)
    return {"check": _check, "grade": _grade, "solve": _solve, "gradescope": _gradescope,
            "lint": _lint, "handout": _handout}[args.command](args)


def _check(args: argparse.Namespace) -> int:
    limits = _limits(args)
    mode = _mode(args)
    text, status = _hard_limited(_check_rendered, args.file, limits, mode, args.verbose, limits=limits,
                                 killed=_killed_check)
    _emit_rendered(args, text, mode)
    return status


def _mode(args: argparse.Namespace) -> str:
    """How a single report is shown: the --format asked for, or "colour" for a text report to a terminal."""
    return "colour" if _colour(args) else _format(args)


def _emit_rendered(args: argparse.Namespace, text: str, mode: str) -> None:
    if mode == "colour":
        sys.stdout.write(text)  # rich escaped the student's text; only its own colour codes remain
    else:
        _emit(args, text)


def _check_rendered(path: str, limits: Limits, mode: str, verbose: bool) -> tuple[str, int]:
    """Run in the child: the rendered report of `path` and the exit status."""
    from symcheck.check.checker import check_file

    return _render_check(check_file(path, limits=limits), mode, verbose)


def _render_check(report: Report, mode: str, verbose: bool) -> tuple[str, int]:
    """The report as text in `mode` (text, json, github, sarif, or colour: rich's ANSI text for a terminal)."""
    status = 1 if report.summary.errors else 0
    if mode == "colour":
        from symcheck.report.text_report import print_report

        buffer = io.StringIO()
        print_report(report, verbose=verbose, stream=buffer)
        return buffer.getvalue(), status
    from symcheck.report.formats import render_check

    return render_check(report, mode, verbose=verbose), status


def _killed_check(path: str, limits: Limits, mode: str, verbose: bool, killed: Killed) -> tuple[str, int]:
    return _render_check(killed_report(path, killed), mode, verbose)


def killed_report(path: str, killed: Killed) -> Report:
    """The report of a file whose check was stopped (or died): a valid report saying so."""
    from symcheck.core.results import Finding, Report, ReportStatus

    message = f"{killed.reason}; nothing of this file could be reported"
    finding = Finding(line=1, end_line=1, severity="warning", code=killed.status, message=message, latex="")
    return Report(str(path), (finding,), 0, ReportStatus(killed.status), killed.reason)


def _grade(args: argparse.Namespace) -> int:
    if Path(args.file).is_dir():
        return _grade_class(args)
    from symcheck.keys.problem import load_problem

    limits = _limits(args)
    problem = load_problem(args.problem, args.variant)  # here, not in the child: a broken file is a usage error
    mode = _mode(args)
    text, status = _hard_limited(_grade_rendered, args.file, problem, limits, mode, args.verbose,
                                 limits=limits, killed=_killed_grade)
    _emit_rendered(args, text, mode)
    return status


def _grade_rendered(path: str, problem: Problem, limits: Limits, mode: str, verbose: bool) -> tuple[str, int]:
    from symcheck.grade.grader import grade_file

    return _render_grade(grade_file(path, problem, limits=limits), mode, verbose)


def _render_grade(graded: GradeReport, mode: str, verbose: bool) -> tuple[str, int]:
    """As `_render_check`, for a graded report."""
    status = 1 if graded.report.summary.errors else 0
    if mode == "colour":
        from symcheck.report.grade_report import print_grade

        buffer = io.StringIO()
        print_grade(graded, verbose=verbose, stream=buffer)
        return buffer.getvalue(), status
    from symcheck.report.formats import render_graded

    return render_graded(graded, mode, verbose=verbose), status


def _killed_grade(path: str, problem: Problem, limits: Limits, mode: str, verbose: bool,
                  killed: Killed) -> tuple[str, int]:
    from symcheck.core.results import GradeReport
    from symcheck.grade.grader import grade_text

    empty = grade_text("", problem, path=str(path), limits=limits)  # every quantity missing, score 0
    return _render_grade(GradeReport(killed_report(path, killed), empty.parts, empty.problem), mode, verbose)


def _hard_limited(function: Callable[..., tuple[str, int]], *args: object, limits: Limits,
                  killed: Callable[..., tuple[str, int]]) -> tuple[str, int]:
    """`function(*args)` in a child process killed at the file limit plus a margin (symcheck.core.hardlimit), so
    that the command always answers; `killed(*args, Killed)` when it was stopped or died. A SymcheckError in
    the child (an unreadable file) is raised here."""
    from symcheck.core.hardlimit import Killed, hard_seconds, run_killable

    result = run_killable(_capture, function, *args, seconds=hard_seconds(limits.file_timeout))
    if isinstance(result, _Raised):
        raise SymcheckError(result.message)
    if isinstance(result, Killed):
        return killed(*args, result)
    return cast("tuple[str, int]", result)  # neither raised nor killed: what `function` returned


class _Raised:
    """A SymcheckError raised in the child, carried back as a value."""

    def __init__(self, message: str) -> None:
        self.message = message


def _capture(function: Callable[..., object], *args: object) -> object:
    try:
        return function(*args)
    except SymcheckError as exc:
        return _Raised(str(exc))


def _grade_class(args: argparse.Namespace) -> int:
    from symcheck.batch.local import grade_class
    from symcheck.batch.progress import Progress
    from symcheck.batch.roster import read_roster
    from symcheck.core.limits import load_config
    from symcheck.report.class_report import render_csv, render_json_lines, render_summary

    config = load_config()
    jobs = args.jobs or config.get("jobs")
    roster = read_roster(args.roster) if args.roster else None
    with Progress(enabled=not args.quiet) as progress:
        results = grade_class(args.file, args.problem, jobs=jobs, limits=_limits(args), executor=args.executor,
                              scheduler=args.scheduler, feedback=bool(args.report_dir), progress=progress.advance,
                              on_start=progress.start, roster=roster)
    if args.csv:
        Path(args.csv).write_text(render_csv(results), encoding="utf-8")
    if args.json_lines:
        Path(args.json_lines).write_text(render_json_lines(results), encoding="utf-8")
    if args.report_dir:
        _write_feedback(Path(args.report_dir), results, render_summary(results) if args.summary else None)
    if args.summary:
        _stdout(render_summary(results))
    if not (args.csv or args.json_lines or args.summary):
        _stdout(render_csv(results))
    return 0


def _write_feedback(folder: Path, results: list[SubmissionResult], summary: str | None) -> None:
    """ID.md and ID.html per student, under a name derived safely from the id (`escape.safe_output_name`)."""
    from symcheck.report.escape import md_text, safe_output_name

    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    failed: list[str] = []
    names: dict[str, str] = {}
    for r in sorted(results, key=lambda r: r.student):
        name = names[r.student] = safe_output_name(r.student, taken)
        if r.feedback:
            pages = {f"{name}.md": r.feedback["md"], f"{name}.html": r.feedback["html"]}
        else:
            note = f"# Feedback: {md_text(r.student)}\n\nNot graded ({md_text(r.status)}): {md_text(r.reason)}\n"
            pages = {f"{name}.md": note}
        for file_name, text in pages.items():
            try:
                (folder / file_name).write_text(text, encoding="utf-8")
            except OSError as exc:  # one page that cannot be written must not lose the others or the summary
                failed.append(f"{file_name}: {exc.strerror or exc}")
    if summary:
        (folder / "summary.md").write_text(summary, encoding="utf-8")
    from symcheck.report.class_report import render_class_index

    (folder / "index.html").write_text(render_class_index(results, names), encoding="utf-8")
    if failed:
        raise SymcheckError(f"{len(failed)} feedback file(s) could not be written, e.g. {failed[0]}")


def _gradescope(args: argparse.Namespace) -> int:
    from symcheck.batch.gradescope import gradescope_results_limited, write_results
    from symcheck.batch.roster import read_roster
    from symcheck.core.limits import load_config

    visibility = args.visibility or load_config().get("visibility", "after_published")
    root = Path(args.root)
    roster = read_roster(args.roster) if args.roster else None
    write_results(root, gradescope_results_limited(root, args.problem, limits=_limits(args), visibility=visibility,
                                                   roster=roster))
    return 0


def _solve(args: argparse.Namespace) -> int:
    from symcheck.keys.problem import load_problem
    from symcheck.report.key_report import render_key_json, render_key_markdown

    problem = load_problem(args.problem, args.variant)
    render = render_key_json if args.format == "json" else render_key_markdown
    _emit(args, render(problem, aliases=args.aliases))
    return 0


def _handout(args: argparse.Namespace) -> int:
    from symcheck.keys.problem import load_problem
    from symcheck.report.handout import render_handout_markdown, render_handout_tex

    render = render_handout_tex if args.format == "tex" else render_handout_markdown
    if args.roster or args.output_dir:
        return _handouts(args, render)
    _emit(args, render(load_problem(args.problem, args.variant)))
    return 0


def _handouts(args: argparse.Namespace, render: Callable[[Problem], str]) -> int:
    """One handout per student of the roster, under a file name made safe from the id (`safe_output_name`)."""
    from symcheck.batch.roster import read_roster
    from symcheck.keys.problem import load_problem
    from symcheck.report.escape import safe_output_name

    if not (args.roster and args.output_dir) or args.variant or args.output:
        raise SymcheckError("--roster and --output-dir go together, without --variant or -o")
    roster = read_roster(args.roster)
    folder = Path(args.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for student in sorted(roster):
        name = safe_output_name(student, taken)
        (folder / f"{name}.{args.format}").write_text(render(load_problem(args.problem, roster[student])),
                                                      encoding="utf-8")
    _stdout(f"{len(roster)} handouts written to {folder}\n")
    return 0


def _lint(args: argparse.Namespace) -> int:
    from symcheck.keys.lint import lint_problem

    text, status = lint_problem(args.problem)
    _emit(args, text)
    return status


def _colour(args: argparse.Namespace) -> bool:
    """The text report in colour: only to a terminal (no -o), unless NO_COLOR is set."""
    from symcheck.report.text_report import color_wanted

    return _format(args) == "text" and not args.output and color_wanted()


def _emit(args: argparse.Namespace, text: str) -> None:
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        _stdout(text)


def _stdout(text: str) -> None:
    """Standard output shows no control character but newline and tab (ids and student text may hold ANSI escapes)."""
    from symcheck.report.escape import terminal_text

    sys.stdout.write(terminal_text(text))


def _fail(args: argparse.Namespace, message: str) -> int:
    from symcheck.report.escape import terminal_text

    print(f"symcheck: error: {terminal_text(message, keep='')}", file=sys.stderr)
    if getattr(args, "format", None) == "json":
        import json

        data: dict[str, object] = {
            "schema": SCHEMA, "file": getattr(args, "file", ""), "status": "error", "reason": message,
            "summary": {"errors": 0, "warnings": 0, "checked": 0, "unparsed": 0}, "findings": []}
        _emit(args, json.dumps(data, indent=2) + "\n")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
