"""Probabilities at the rates labels occur, with labels decided as the training weighed them.

The forest is trained with balanced class weights: every label counts as much as
`substantive`, although three in four answers are substantive. That is what lets it
find evasive answers at all, but it also shifts its probabilities towards the rare
labels, by more than temperature scaling (one number that never changes the order)
can undo. Summed over a ministry, those probabilities make its mean score too high,
most for the least evasive ministries; a report's levels were off by more than
saying every ministry is average.

The shift is a change of priors, so its correction is one factor per label (Saerens
et al. 2002, with the priors known): each probability multiplied by its factor, the
row normalised again, and the factors chosen so that the out-of-fold probabilities
then occur as often as the labels do in training. The labels must not follow: a label decided on the corrected
probabilities would flag evasive answers as seldom as an unweighted model does
(non-seed macro-F1 0.50 instead of 0.54). So the label is decided on the corrected
probabilities divided by the same factors, which is the decision the training made.
numpy only: the scoring path imports this without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def level_weights(proba: np.ndarray, y: np.ndarray, n_labels: int, iterations: int = 100) -> tuple[float, ...]:
    """One factor per label, such that the levelled `proba` (out-of-fold predictions) have the label shares
    of `y` as their column means.

    One step (share over mean probability) leaves the means off, because each row is
    normalised again afterwards; repeating it converges to the factors that match
    (Saerens et al.'s fixed point, here with the priors known). A label that never
    occurs or is never predicted keeps the factor 1. Scaled so the largest is 1 (only
    ratios matter) and rounded to 6 digits, so the card and both scoring paths hold
    the same numbers.
    """
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[1] != n_labels or len(proba) != len(y) or not len(y):
        raise ValueError(f"expected {len(y)} rows of {n_labels} probabilities, found shape {proba.shape}")
    shares = np.bincount(np.asarray(y, dtype=int), minlength=n_labels)[:n_labels] / len(y)
    usable = (shares > 0) & (proba.mean(axis=0) > 0)
    factors = np.ones(n_labels)
    for _ in range(iterations):
        means = levelled(proba, factors).mean(axis=0)
        step = np.where(usable, shares / np.where(means > 0, means, 1.0), 1.0)
        factors = factors * step
        factors = factors / factors.max()
        if np.max(np.abs(step - 1.0)) < 1e-9:
            break
    return tuple(round(float(f), 6) for f in factors)


def levelled(proba: np.ndarray, weights: Sequence[float] | None) -> np.ndarray:
    """`proba` with each column multiplied by its factor and each row summing to 1 again."""
    if weights is None:
        return proba
    scaled = np.asarray(proba, dtype=float) * np.asarray(weights, dtype=float)
    total = scaled.sum(axis=1, keepdims=True)
    return np.divide(scaled, total, out=np.array(proba, dtype=float, copy=True), where=total > 0)


def decision_weights(weights: Sequence[float] | None) -> tuple[float, ...] | None:
    """What the levelled probabilities are multiplied by to decide the label the unlevelled ones would give."""
    if weights is None:
        return None
    return tuple(1.0 / w if w > 0 else 0.0 for w in weights)
