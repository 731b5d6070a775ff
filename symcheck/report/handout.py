"""`symcheck handout`: a problem's statement and its parts' prompts for one variant, as Markdown or LaTeX.

The statement and prompts come from the problem file (trusted); the variant id comes from a student id
(untrusted) and is only ever written escaped (`escape.md_code`, `escape.tex_text`). The statement is
Markdown with `$…$` math, which LaTeX reads as it is; a prompt is plain text, escaped for LaTeX.
"""
from __future__ import annotations

from symcheck.keys.problem import Problem
from symcheck.report.escape import md_code, tex_text


def _points(points: float) -> str:
    return f"{points:g} point{'' if points == 1 else 's'}"


def render_handout_markdown(problem: Problem) -> str:
    """The handout as Markdown: title, variant, statement, then each part with its points and prompt."""
    lines = [f"# {problem.title}", ""]
    if problem.params:
        lines += [f"Variant: {md_code(problem.variant)}" if problem.variant else "Variant: default", ""]
    if problem.statement:
        lines += [problem.statement.strip(), ""]
    for part in problem.parts:
        lines += [f"## Part {part.id} ({_points(part.points)})", ""]
        if part.prompt:
            lines += [part.prompt, ""]
    return "\n".join(lines).rstrip() + "\n"


def render_handout_tex(problem: Problem) -> str:
    """The handout as a LaTeX document (article, amsmath; Unicode in prompts needs LuaLaTeX or XeLaTeX)."""
    lines = [r"\documentclass{article}", r"\usepackage{amsmath}", r"\begin{document}", "",
             rf"\section*{{{tex_text(problem.title)}}}", ""]
    if problem.params:
        which = rf"\texttt{{{tex_text(problem.variant)}}}" if problem.variant else "default"
        lines += [rf"\noindent Variant: {which}", ""]
    if problem.statement:
        lines += [problem.statement.strip(), ""]
    for part in problem.parts:
        lines += [rf"\subsection*{{Part {tex_text(part.id)} ({_points(part.points)})}}", ""]
        if part.prompt:
            lines += [tex_text(part.prompt), ""]
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"
