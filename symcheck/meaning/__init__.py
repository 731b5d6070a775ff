"""Stage 3, meaning: a syntax tree under the student's bindings becomes an exact SymPy value.

Takes in syntax trees (`symcheck.latex`). Gives out values (`interpret`, `evaluate`), what the student
has bound each name to (`bindings`), functions as values (`functions`) and interval bounds of rounded
values (`intervals`). `read_latex` is the public one-expression reader."""
