"""What checking one relation produces (`Judgement`) and what a chain keeps while it is checked (`ChainState`).

The data the checker, the claims and the explanations share; it imports nothing of theirs."""
from __future__ import annotations

from dataclasses import dataclass, field

from symcheck.core.results import Comparison, Verdict
from symcheck.latex.parse import Parsed
from symcheck.meaning.evaluate import Outcome


@dataclass
class Judgement:
    """The verdict on one relation, with what decided it."""

    comparison: Comparison
    note: str = ""  # the alternative reading that made it equal, if any
    used: tuple[str, ...] = ()
    left: Outcome | None = None
    right: Outcome | None = None
    misses: int = 0  # component indices out of range under the convention tried
    used_vectors: frozenset = frozenset()  # vectors whose components it looked up (their indexing is ambiguous)
    on_instances: bool = False  # decided on random instances of matrices (their numbers mean nothing to the student)


@dataclass
class ChainState:
    variables: frozenset = frozenset()  # parameters of the functions this chain uses
    failed: bool = False
    verdicts: dict[int, Verdict] = field(default_factory=dict)  # relation index -> Verdict
    conventions: dict[str, int] | None = None  # vector -> 0/1: how the chain's own steps index it (when learning)


def plausible(reading: Parsed, log_base: str) -> bool:
    """\\log in base 2 or 10 is a reading only where the text names that base."""
    return not reading.note.startswith("log-base-") or reading.note == f"log-base-{log_base}"
