"""Levels: probabilities brought to the rates labels occur at, labels decided as the training weighed them."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.config import LABELS
from classifier.model.levels import decision_weights, level_weights, levelled
from classifier.types import probability_fields


def skewed(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels mostly substantive and probabilities that favour the rare labels, as a balanced model gives."""
    rng = np.random.default_rng(seed)
    y = rng.choice(4, size=n, p=[0.7, 0.15, 0.1, 0.05])
    proba = rng.dirichlet([1.0, 1.0, 1.0, 1.0], size=n)
    proba[np.arange(n), y] += 0.5
    return proba / proba.sum(axis=1, keepdims=True), y


def test_levelled_probabilities_occur_at_the_rates_of_the_labels() -> None:
    proba, y = skewed()
    weights = level_weights(proba, y, 4)
    shares = np.bincount(y, minlength=4) / len(y)
    assert not np.allclose(proba.mean(axis=0), shares, atol=0.02)  # the case the levels are for
    assert np.allclose(levelled(proba, weights).mean(axis=0), shares, atol=1e-4)
    assert max(weights) == pytest.approx(1.0)
    assert np.allclose(levelled(proba, weights).sum(axis=1), 1.0)


def test_the_label_is_the_one_the_unlevelled_probabilities_give() -> None:
    """Levels move the score, never the label: the decision weights undo the factors."""
    proba, y = skewed(seed=1)
    weights = level_weights(proba, y, 4)
    flat = levelled(proba, weights)
    labels = [probability_fields(row, LABELS, decision_weights(weights))["label"] for row in flat]
    assert labels == [LABELS[i] for i in proba.argmax(axis=1)]
    plain = [probability_fields(row, LABELS)["label"] for row in flat]
    assert plain != labels  # without the decision weights the levelled rows would flag fewer evasive answers
    scores = [probability_fields(row, LABELS)["score"] for row in flat]
    assert np.mean(scores) < np.mean([probability_fields(row, LABELS)["score"] for row in proba])


def test_a_label_that_never_occurs_keeps_its_probability_and_bad_shapes_are_refused() -> None:
    proba, y = skewed(seed=2)
    y = np.where(y == 3, 0, y)
    weights = level_weights(proba, y, 4)
    assert weights[3] > 0 and levelled(proba, weights)[:, 3].mean() > 0.01  # not driven to nothing
    assert levelled(proba, None) is proba
    with pytest.raises(ValueError, match="rows of 4 probabilities"):
        level_weights(proba[:, :3], y, 4)
    with pytest.raises(ValueError, match="rows of 4 probabilities"):
        level_weights(proba[:10], y, 4)
