"""Stage 5, judging one relation: are two values equal, and how was it decided?

Takes in values (`symcheck.meaning`). Gives out a `Comparison`: equal, different or undecided, with the
method that decided (`compare`); `compare_latex` is the public two-string comparison."""
