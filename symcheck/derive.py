"""The instructor's derivation helpers: `from symcheck.derive import at, gradient, jacobian, …`.

Problem files import this module (and `symcheck.problem`) by these names; the code lives in
`symcheck.keys.derive`, whose docstrings give each helper's arguments and an example.
"""
from symcheck.keys.derive import (
    ACTIVATIONS,
    FeedForward,
    at,
    chain_rule,
    compose,
    composition_aliases,
    gradient,
    hessian,
    jacobian,
    partial_aliases,
    sample_context,
)
from symcheck.keys.network import Network, indexed, updated

__all__ = ["ACTIVATIONS", "FeedForward", "at", "chain_rule", "compose", "composition_aliases", "gradient",
           "hessian", "jacobian", "Network", "indexed", "partial_aliases", "sample_context", "updated"]
