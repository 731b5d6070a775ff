"""Stage 11, a whole class: every submission of a folder graded, none lost.

Takes in a class folder (or Gradescope's submission folder). Gives out one `SubmissionResult` per entry,
graded in worker processes (`local`), on Dask (`on_dask`) or for Gradescope (`gradescope`), with a
progress bar (`progress`)."""
