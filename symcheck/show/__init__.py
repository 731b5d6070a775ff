"""Stage 4, showing values and messages: one renderer for every output.

Takes in SymPy values and message templates. Gives out each value as text, Unicode math or LaTeX
(`render`) and messages with typed slots (`messages`)."""
