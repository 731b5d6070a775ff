"""Stage 0, the foundation every stage uses: exceptions, limits on time and size, result types.

Takes in nothing from the other stages. Gives out `errors` (the program's own failures), `limits`
(time and size limits, configuration), `sizegate` (refusing a number before it is computed),
`hardlimit` (a killable child process) and `results` (findings, reports, grades: values, never booleans)."""
