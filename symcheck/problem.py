"""The instructor's API for answer keys: `from symcheck.problem import Part, Problem, Quantity`.

Problem files import this module (and `symcheck.derive`) by these names; the code lives in the
`symcheck.keys` stage. Only the names an answer key needs are here: the problem and its parts, the kinds
of quantity (`Quantity`, `Equation`, `PointSet`, `Update`) and the contexts that choose among quantities
sharing a name (`after`, `in_part`, `for_sample`).
"""
from symcheck.keys.contexts import after, for_sample, in_part
from symcheck.keys.kinds import Equation, PointSet, Update, update_aliases
from symcheck.keys.problem import CreditPolicy, Part, Problem, Quantity, load_problem
from symcheck.keys.variants import Choice, IntRange, Variants

__all__ = ["Choice", "CreditPolicy", "Equation", "IntRange", "Part", "PointSet", "Problem", "Quantity", "Update",
           "Variants", "after", "for_sample", "in_part", "load_problem", "update_aliases"]
