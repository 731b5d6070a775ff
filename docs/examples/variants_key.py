"""A key with randomised variants: each student differentiates their own parabola at their own point."""
import sympy as sp

from symcheck.problem import Choice, IntRange, Part, Problem, Quantity, Variants

x = sp.Symbol("x")


def build(a, x0):
    f = a * x**2 + 1
    slope = sp.diff(f, x)
    return Problem(f"The slope of f(x) = {a}x^2 + 1", parts=[
        Part("1", points=2, prompt="The derivative of f.", quantities=[
            Quantity("f'(x)", slope, ["f'(x)", "f'"]),
        ]),
        Part("2", points=2, prompt=f"The value and the slope of f at x = {x0}.", quantities=[
            Quantity(f"f({x0})", f.subs(x, x0)),
            Quantity(f"f'({x0})", slope.subs(x, x0)),
        ]),
    ])


PROBLEM = Variants(
    build,
    params={"a": Choice([2, 3, 5]), "x0": IntRange(1, 4)},
    statement="Let $f(x) = {{a}} x^2 + 1$. Give $f'(x)$, then $f({{x0}})$ and $f'({{x0}})$.",
)
