"""The instructor's API for answer keys: `from symcheck.problem import Part, Problem, Quantity`.

Problem files import this module (and `symcheck.derive`) by these names; the code lives in the
`symcheck.keys` stage. Only the names an answer key needs are here.
"""
from symcheck.keys.problem import CreditPolicy, Part, Problem, Quantity, load_problem
from symcheck.keys.variants import Choice, IntRange, Variants

__all__ = ["Choice", "CreditPolicy", "IntRange", "Part", "Problem", "Quantity", "Variants", "load_problem"]
