"""Measure how evasive Dutch government answers to parliamentary questions are.

The flow, one folder per stage: `letters` (file → Letter with its question–answer
pairs) → `annotations` (labelled pairs) → `fetch` (open data → files) → `model`
(pairs → features → label probabilities; training) → `scoring` (Letter →
LetterScore) → `outputs` (tables, pages, reports, the store) → `cli`. Imports go
one way, from later stages to earlier ones (tests/test_layout.py).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "read_letter", "split_letter", "score_letter"]


def __getattr__(name: str):  # lazy: importing the package must not load spaCy
    if name == "read_letter":
        from classifier.letters.pairs import read_letter

        return read_letter
    if name == "split_letter":
        from classifier.letters.pairs import split_letter

        return split_letter
    if name == "score_letter":
        from classifier.scoring.letter import score_letter

        return score_letter
    raise AttributeError(name)
