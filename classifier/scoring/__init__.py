"""Stage 4, scoring: letters in, `LetterScore`s out (`score`), in one process or a pool
of worker processes (`pool`)."""
