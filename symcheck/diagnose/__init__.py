"""Stage 6, naming a mistake: why a wrong step is wrong.

Takes in a `Mistake` (the values of a failed step). Gives out the named mistake of this field that
explains it (`rules`: one small function per mistake), or nothing."""
