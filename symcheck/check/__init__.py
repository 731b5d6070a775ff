"""Stage 7, checking a document on its own terms: is every `=` true, given what came before?

Takes in an answer file's text. Gives out a `Report` of findings (`checker`), using the student's claims
about names (`claims`) and the evidence for named mistakes (`explain`)."""
