"""Stage 9, grading against a key: claims matched to quantities, error carried forward, points.

Takes in an answer file's text and a `Problem`. Gives out a `GradeReport` (`grader`)."""
