"""The command line: a thin layer over the library functions."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import SymcheckError
from .results import SCHEMA


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="symcheck", description="Check every step of a math derivation.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check an answer file on its own terms")
    check.add_argument("file", help="a Markdown (.md) or LaTeX (.tex) answer file")
    _output_options(check)
    grade = sub.add_parser("grade", help="grade an answer file, or a folder of a whole class, against an answer key")
    grade.add_argument("file", help="an answer file, or a folder with one file or folder per student")
    grade.add_argument("--problem", required=True, help="a problem file under problems/")
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
    scope = sub.add_parser("gradescope", help="run as a Gradescope autograder")
    scope.add_argument("--problem", required=True, help="a problem file")
    scope.add_argument("--root", default="/autograder", help="the autograder folder (default /autograder)")
    scope.add_argument("--visibility", default=None, help="test visibility (default after_published)")
    scope.add_argument("--step-timeout", type=float)
    scope.add_argument("--file-timeout", type=float)
    sub.add_parser("lsp", help="run the language server on standard input/output (for editors)")
    sub.add_parser("watch", help="re-check an answer file whenever it is saved").add_argument("file")
    solve = sub.add_parser("solve", help="print the answer key a problem file derives")
    solve.add_argument("problem", help="a problem file under problems/")
    solve.add_argument("--format", choices=("markdown", "json"), default="markdown")
    solve.add_argument("-o", "--output", help="write the key here instead of standard output")
    _lint_options(sub, solve)
    return parser


def _lint_options(sub, solve: argparse.ArgumentParser) -> None:
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
    parser.add_argument("--step-timeout", type=float, help="seconds for one step (default 2, or [tool.symcheck])")
    parser.add_argument("--file-timeout", type=float, help="seconds for one file (default 60, or [tool.symcheck])")


def _limits(args: argparse.Namespace):
    from .limits import Limits, limit_memory, load_config

    limits = Limits.from_config(load_config(), step_timeout=args.step_timeout, file_timeout=args.file_timeout)
    whole_process = getattr(args, "own_process", False)  # only as the `symcheck` command, not main([...]) in a program
    if whole_process and (args.command != "grade" or not Path(getattr(args, "file", "")).is_dir()):
        limit_memory(limits.max_memory_mb)  # class grading caps each worker instead
    return limits


def _format(args: argparse.Namespace) -> str:
    from .limits import load_config

    return args.format or load_config().get("format", "text")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.own_process = argv is None  # run as the console script: the process is ours to cap
    try:
        return _run(args)
    except SymcheckError as exc:
        return _fail(args, str(exc))
    except KeyboardInterrupt:
        return _fail(args, "interrupted")


def _run(args: argparse.Namespace) -> int:
    if args.command in ("lsp", "watch"):  # for editors: symcheck/lsp/, symcheck/watch.py
        from .lsp.server import serve
        from .watch import watch

        return serve() if args.command == "lsp" else watch(args.file)
    return {"check": _check, "grade": _grade, "solve": _solve, "gradescope": _gradescope,
            "lint": _lint}[args.command](args)


def _check(args: argparse.Namespace) -> int:
    from .check import check_file
    from .report.formats import render_check

    report = check_file(args.file, limits=_limits(args))
    if _colour(args):  # a terminal: the same report in colour (student text escaped by the renderer)
        from .report.text_report import print_report

        print_report(report, verbose=args.verbose)
        return 1 if report.summary.errors else 0
    _emit(args, render_check(report, _format(args), verbose=args.verbose))
    return 1 if report.summary.errors else 0


def _grade(args: argparse.Namespace) -> int:
    if Path(args.file).is_dir():
        return _grade_class(args)
    from .grade import grade_file
    from .problem import load_problem
    from .report.formats import render_graded

    graded = grade_file(args.file, load_problem(args.problem), limits=_limits(args))
    if _colour(args):
        from .report.grade_report import print_grade

        print_grade(graded, verbose=args.verbose)
        return 1 if graded.report.summary.errors else 0
    _emit(args, render_graded(graded, _format(args), verbose=args.verbose))
    return 1 if graded.report.summary.errors else 0


def _grade_class(args: argparse.Namespace) -> int:
    from .batch import grade_class
    from .limits import load_config
    from .progress import Progress
    from .report.class_report import render_csv, render_json_lines, render_summary

    config = load_config()
    jobs = args.jobs or config.get("jobs")
    with Progress(enabled=not args.quiet) as progress:
        results = grade_class(args.file, args.problem, jobs=jobs, limits=_limits(args), executor=args.executor,
                              scheduler=args.scheduler, feedback=bool(args.report_dir), progress=progress.advance,
                              on_start=progress.start)
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


def _write_feedback(folder: Path, results, summary: str | None) -> None:
    """ID.md and ID.html per student, under a name derived safely from the id (`escape.safe_output_name`)."""
    from .report.escape import md_text, safe_output_name

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
    from .report.class_report import render_class_index

    (folder / "index.html").write_text(render_class_index(results, names), encoding="utf-8")
    if failed:
        raise SymcheckError(f"{len(failed)} feedback file(s) could not be written, e.g. {failed[0]}")


def _gradescope(args: argparse.Namespace) -> int:
    from .gradescope import gradescope_results, write_results
    from .limits import load_config

    visibility = args.visibility or load_config().get("visibility", "after_published")
    root = Path(args.root)
    write_results(root, gradescope_results(root, args.problem, limits=_limits(args), visibility=visibility))
    return 0


def _solve(args: argparse.Namespace) -> int:
    from .problem import load_problem
    from .report.key_report import render_key_json, render_key_markdown

    problem = load_problem(args.problem)
    render = render_key_json if args.format == "json" else render_key_markdown
    _emit(args, render(problem, aliases=args.aliases))
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint_problem

    text, status = lint_problem(args.problem)
    _emit(args, text)
    return status


def _colour(args: argparse.Namespace) -> bool:
    """The text report in colour: only to a terminal (no -o), unless NO_COLOR is set."""
    from .report.text_report import color_wanted

    return _format(args) == "text" and not args.output and color_wanted()


def _emit(args: argparse.Namespace, text: str) -> None:
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        _stdout(text)


def _stdout(text: str) -> None:
    """Standard output shows no control character but newline and tab (ids and student text may hold ANSI escapes)."""
    from .report.escape import terminal_text

    sys.stdout.write(terminal_text(text))


def _fail(args: argparse.Namespace, message: str) -> int:
    from .report.escape import terminal_text

    print(f"symcheck: error: {terminal_text(message, keep='')}", file=sys.stderr)
    if getattr(args, "format", None) == "json":
        import json

        data = {"schema": SCHEMA, "file": getattr(args, "file", ""), "status": "error", "reason": message,
                "summary": {"errors": 0, "warnings": 0, "checked": 0, "unparsed": 0}, "findings": []}
        _emit(args, json.dumps(data, indent=2) + "\n")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
