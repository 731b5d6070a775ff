"""Stage 1, reading an answer file: bytes to text, text to math regions, regions to chains.

Takes in a file (Markdown, LaTeX, a notebook) or a class folder. Gives out the document's math regions
with their source lines (`extract`, with the document's own macros expanded by `macros`), the chains
`A = B = C` of each region (`statements`) and the parts of the document (`sections`)."""
