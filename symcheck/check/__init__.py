"""Stage 7, checking a document on its own terms: is every `=` true, given what came before?

Takes in an answer file's text. Gives out a `Report` of findings (`checker`), using the student's claims
about names (`claims`) and the evidence for named mistakes (`explain`); the data the three share, a relation's
`Judgement` and a chain's state, is in `judgement`. Observers (`checker.CheckObserver`) hear of each chain and
relation checked: the grader and the editor's recorder are such observers."""
