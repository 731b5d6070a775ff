"""Unicode math a student typed (`×`, `σ`, `x₁`, `≤`) as the LaTeX the reader knows.

Used on text arithmetic found outside math regions (`extract`) and on every math region before it is
read (`symcheck.latex.normalize`).
"""
from __future__ import annotations

import re

UNICODE = {
    "×": r"\times ", "·": r"\cdot ", "⋅": r"\cdot ", "∗": "*", "−": "-", "–": "-", "÷": r"\div ",
    "≈": r"\approx ", "⇒": r"\Rightarrow ", "→": r"\to ", "σ": r"\sigma ", "∂": r"\partial ",
    "∇": r"\nabla ", "∘": r"\circ ", "ŷ": r"\hat{y}", "α": r"\alpha ", "β": r"\beta ", "η": r"\eta ",
    "θ": r"\theta ", "λ": r"\lambda ", "π": r"\pi ", "²": "^{2}", "³": "^{3}", "ᵀ": "^{T}", "√": r"\sqrt ",
    "≠": r"\neq ", "≤": r"\le ", "≥": r"\ge ", "∈": r"\in ", "\u00a0": " ",
}
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUBSCRIPTS = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")


def unicode_to_latex(text: str) -> str:
    """Each Unicode math character as LaTeX; subscript digits as `_{…}`."""
    text = _SUBSCRIPTS.sub(lambda m: "_{" + m.group().translate(SUBSCRIPT_DIGITS) + "}", text)
    for char, latex in UNICODE.items():
        if char in text:
            text = text.replace(char, latex)
    return text
