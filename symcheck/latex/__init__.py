"""Stage 2, reading LaTeX: the text of one math region becomes a syntax tree.

Takes in LaTeX text. Gives out readings of it (`normalize`: small named rewrites), tokens (`lexer`) and a
syntax tree (`parser`, `syntax`); `parse` is the one entry point, with latex2sympy2_extended as a
fallback for sums and the like (`fallback`). Nodes say how the notation reads, not what it means."""
