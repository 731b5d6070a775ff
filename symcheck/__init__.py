"""symcheck: check every step of a student's math derivation."""
from .check import check_file, check_text
from .compare_latex import compare_latex
from .errors import ProblemFileError, SymcheckError
from .results import Comparison, Finding, Report, Verdict

__all__ = sorted([
    "Comparison", "Finding", "ProblemFileError", "Report", "SymcheckError", "Verdict",
    "check_file", "check_text", "compare_latex",
])
