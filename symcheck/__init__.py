"""symcheck: check every step of a student's math derivation, on its own terms and against an answer key."""
from .check import check_file, check_text
from .compare_latex import compare_latex
from .errors import ProblemFileError, ReadError, SymcheckError
from .grade import GradeReport, grade_file, grade_text
from .limits import Limits
from .problem import Part, Problem, Quantity, load_problem
from .read import read_latex
from .results import Comparison, Finding, Report, Verdict

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
