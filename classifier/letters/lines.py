"""Finding the neighbouring line with text in a letter's lines.

Cleaning, footnote removal and reading all ask "what stands just before or after this line?",
skipping the blank lines a PDF or a web page puts between paragraphs; one definition keeps them
agreeing on what "just before" means."""

from __future__ import annotations


def filled(lines: list[str], i: int, step: int = 1, limit: int | None = None) -> int | None:
    """Index of the nearest non-blank line after (step 1) or before (step -1) line i, within `limit` lines."""
    end = -1 if step < 0 else len(lines)
    if limit is not None:
        end = max(end, i - limit - 1) if step < 0 else min(end, i + limit + 1)
    return next((k for k in range(i + step, end, step) if lines[k]), None)


def line_before(lines: list[str], i: int) -> str:
    """The nearest non-blank line before line i, or "" at the top of the letter."""
    k = filled(lines, i, -1)
    return "" if k is None else lines[k]
