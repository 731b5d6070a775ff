"""symcheck: check every step of a student's math derivation, on its own terms and against an answer key."""
from symcheck.check.checker import check_file, check_text
from symcheck.core.errors import ProblemFileError, ReadError, SymcheckError
from symcheck.core.limits import Limits
from symcheck.core.results import Comparison, Finding, GradeReport, Report, Verdict
from symcheck.grade.grader import grade_file, grade_text
from symcheck.judge.compare_latex import compare_latex
from symcheck.keys.problem import Part, Problem, Quantity, load_problem
from symcheck.meaning.read_latex import read_latex

__all__ = [
    "Comparison",
    "Finding",
    "GradeReport",
    "Limits",
    "Part",
    "Problem",
    "ProblemFileError",
    "Quantity",
    "ReadError",
    "Report",
    "SymcheckError",
    "Verdict",
    "check_file",
    "check_text",
    "compare_latex",
    "grade_file",
    "grade_text",
    "load_problem",
    "read_latex",
]
