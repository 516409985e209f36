"""The measures every comparison in this project uses: per-label precision, recall and
F1, macro-F1, accuracy and quadratic weighted kappa (the labels are ordinal, so a
miss by two steps costs more than a miss by one).

Training, evaluation and the gated model's own threshold fitting all import them
from here, so a number in the card and a number from `evasion evaluate` mean the
same thing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from classifier.config import LABELS

if TYPE_CHECKING:
    pass


class LabelMetrics(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Metrics(BaseModel):
    """The measures every evaluation reports, in training's comparison and in `evasion evaluate` alike."""

    n: int
    accuracy: float
    macro_f1: float
    qwk: float
    per_label: dict[str, LabelMetrics]
    confusion: list[list[int]]
    """4×4 counts in LABELS order; rows = annotated label, columns = predicted label."""


def compute_metrics(y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Metrics over label indices, every label listed even when absent.

    Macro-F1 averages the labels that occur in the annotations or the predictions:
    a label that is neither annotated nor predicted has no F1 to speak of, and
    counting it as 0 would punish a model for a label the test set lacks.

    Quadratic kappa is undefined when annotations and predictions are each one
    constant label (no variance); it is then 1.0 if they agree and 0.0 if not.
    """
    true, pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    k = len(labels)
    if len(true) == 0:
        raise ValueError("expected at least one pair to evaluate, found none")
    if true.min() < 0 or pred.min() < 0 or true.max() >= k or pred.max() >= k:
        raise ValueError(f"expected label indices 0 to {k - 1}")
    # from the confusion matrix, as scikit-learn's metrics compute them (zero_division=0), without their
    # input validation: training computes these hundreds of times
    confusion = np.bincount(true * k + pred, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion).astype(float)
    support, predicted = confusion.sum(axis=1), confusion.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        denominator = 2 * tp + (predicted - tp) + (support - tp)
        f1 = np.where(denominator > 0, 2 * tp / denominator, 0.0)
    macro_f1, qwk = scores_from_confusions(confusion)
    return {
        "n": int(len(true)),
        "accuracy": float(tp.sum() / len(true)),
        "macro_f1": float(macro_f1),
        "qwk": float(qwk),
        "per_label": {
            label: {"precision": float(precision[k]), "recall": float(recall[k]), "f1": float(f1[k]),
                    "support": int(support[k])}
            for k, label in enumerate(labels)
        },
        "confusion": confusion.astype(int).tolist(),
        "labels": list(labels),
    }


def macro_f1_from_confusions(confusions: np.ndarray) -> np.ndarray:
    """Macro-F1 over the labels that are annotated or predicted, of one or many confusion matrices."""
    c = np.asarray(confusions, dtype=float)
    rows, cols = c.sum(axis=-1), c.sum(axis=-2)
    tp = np.diagonal(c, axis1=-2, axis2=-1)
    occurring = (rows + cols) > 0
    f1 = np.divide(2 * tp, rows + cols, out=np.zeros_like(tp), where=occurring)
    return f1.sum(axis=-1) / np.maximum(occurring.sum(axis=-1), 1)


def scores_from_confusions(confusions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Macro-F1 and quadratic kappa of one or many confusion matrices (shape (..., k, k)).

    The definitions of `compute_metrics`: macro-F1 over the labels that are annotated
    or predicted; kappa 1.0 or 0.0 where it is undefined. They are computed from
    counts, so a bootstrap over letters can sum per-letter confusion matrices
    instead of recomputing the metrics pair by pair.
    """
    c = np.asarray(confusions, dtype=float)
    k = c.shape[-1]
    rows, cols = c.sum(axis=-1), c.sum(axis=-2)
    occurring = (rows + cols) > 0
    macro_f1 = macro_f1_from_confusions(c)

    n = rows.sum(axis=-1)
    index = np.arange(k)
    weights = ((index[None, :] - index[:, None]) ** 2).astype(float)
    chance = cols[..., :, None] * rows[..., None, :] / np.maximum(n, 1)[..., None, None]
    flat = (*c.shape[:-2], k * k)  # summed as scikit-learn sums, so the numbers agree to the last bit
    observed = (weights * c).reshape(flat).sum(axis=-1)
    expected = (weights * chance).reshape(flat).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        qwk = 1.0 - observed / expected
    agree = observed == 0
    qwk = np.where(expected > 0, qwk, np.where(agree, 1.0, 0.0))
    single = occurring.sum(axis=-1) == 1
    return macro_f1, np.where(single, 1.0, np.nan_to_num(qwk))
