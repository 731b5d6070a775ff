"""Stage 8, answer keys: problems declared in Python with SymPy, validated at load.

Takes in a trusted problem file. Gives out a `Problem` (`problem`), the derivation helpers (`derive`), the
match keys that find a quantity by the name a student writes (`match_keys`) and `symcheck lint`
(`lint`). Problem files import `symcheck.problem` and `symcheck.derive`, which re-export these."""
