"""`symcheck lsp`: a language server (stdio) for Markdown and LaTeX answer files.

`convert` turns a report into LSP data (diagnostics, hover, code actions) with no server
involved; `server` is the pygls server that re-checks a document after edits (debounced).
"""
