"""Reading LaTeX: text normalisation, tokens, and a syntax tree. Meaning is given later by `symcheck.interpret`."""
