"""The statistics of a report: bootstrap intervals of a mean score, and answer delays
(days from the questions to the answer) from a letter's dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from classifier.types import LetterMeta

if TYPE_CHECKING:
    pass


# -- building -----------------------------------------------------------------------


def bootstrap_ci(
    scores: Sequence[float], *, resamples: int, confidence: float, seed: int
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval; deterministic for the same multiset of scores."""
    values = np.sort(np.asarray(scores, dtype=float))
    n = len(values)
    if n == 0:
        raise ValueError("bootstrap_ci needs at least one score")
    mean = float(values.mean())
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    block = max(1, 2_000_000 // n)  # bounded memory for large groups
    for start in range(0, resamples, block):
        stop = min(resamples, start + block)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = values[idx].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return mean, float(low), float(high)


def answer_day(meta: LetterMeta) -> dt.date | None:
    """The day the answer was given: its own date, else the day parliament received it."""
    return meta.date or meta.date_received


def answer_delay(meta: LetterMeta) -> int | None:
    """Days from the questions to the answer, when both dates are known and in order."""
    received = meta.date_received or meta.date
    if meta.date_asked is None or received is None or received < meta.date_asked:
        return None
    return (received - meta.date_asked).days
