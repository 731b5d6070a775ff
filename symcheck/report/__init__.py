"""Stage 10, reports: pure functions from results to text, JSON, Markdown, HTML, CSV, SARIF.

Takes in a `Report`, a `GradeReport` or a class's results. Gives out each output format; every output
boundary escapes student text in one place (`escape`). No result type lives here."""
