"""Stage 12, editors: the language server (`lsp`) and `symcheck watch`.

Takes in a document being edited. Gives out diagnostics, hover and quick fixes, or a report redrawn
on each save."""
