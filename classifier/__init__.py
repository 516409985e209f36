"""Measure how evasive Dutch government answers to parliamentary questions are.

The flow, one module per stage: `read` (file → Document) → `pairs` (Document →
Letter with its question–answer pairs) → `features` (pairs → feature matrix) →
`model` (features → label probabilities) → `score` (Letter → LetterScore) →
`store` / `report`.
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
        from classifier.scoring.score import score_letter

        return score_letter
    raise AttributeError(name)
