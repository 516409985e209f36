"""Temperature scaling of the chosen model, and an honest report of what it did.

One parameter is stable with a few hundred pairs and never changes which label is
most probable. The report comes from out-of-fold predictions, each fold scaled by a
temperature fitted on the other folds."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from classifier.config import LABELS
from classifier.model.cv import TrainingData, grouped_splits
from classifier.model.levels import level_weights, levelled


class CalibrationReport(BaseModel):
    method: str
    temperature: float
    """Fitted on all out-of-fold predictions; > 1 softens, < 1 sharpens."""
    log_loss_uncalibrated: float
    log_loss_calibrated: float
    brier_uncalibrated: float
    brier_calibrated: float
    score_mae_uncalibrated: float
    """Mean absolute difference of the score (expected label / 3) and the annotated label / 3."""
    score_mae_calibrated: float
    level_weights: list[float] | None = None
    """Per-label factors the scored probabilities are multiplied by (classifier.model.levels), from all
    out-of-fold predictions after temperature scaling; None in a card written before them."""
    score_mae_levelled: float | None = None
    """Score MAE after the levels, each fold levelled with factors from the other folds."""
    mean_score_annotated: float | None = None
    """The mean of label / 3 over the pairs: the level a report's mean score should have."""
    mean_score_calibrated: float | None = None
    mean_score_levelled: float | None = None


# ------------------------------------------------------------------ calibration


def grouped_calibration_splits(y: np.ndarray, groups: np.ndarray, n_splits: int,
                        random_state: int) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Grouped folds in which every training part holds every label, with as many folds as allows.

    Temperature scaling reads out-of-fold decision values; a fold trained without a
    label has no value for it and would wreck the fit. None when even two folds fail.
    """
    labels = set(y.tolist())
    for k in range(min(n_splits, len(set(groups.tolist()))), 1, -1):
        splits = grouped_splits(y, groups, k, random_state)
        if all(set(y[train].tolist()) == labels for train, _ in splits):
            return splits
    return None



def _log_softmax_scaled(proba: np.ndarray, beta: float) -> np.ndarray:
    logits = np.log(np.clip(proba, 1e-12, 1.0)) * beta
    logits -= logits.max(axis=1, keepdims=True)
    return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))


def _fit_beta(proba: np.ndarray, y: np.ndarray) -> float:
    """Inverse temperature minimising log loss of softmax(beta · log p), by golden-section search on log beta."""
    def loss(log_beta: float) -> float:
        return float(-_log_softmax_scaled(proba, np.exp(log_beta))[np.arange(len(y)), y].mean())

    low, high = np.log(0.05), np.log(20.0)
    ratio = (np.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    for _ in range(80):
        if loss(a) < loss(b):
            high, b = b, a
            a = high - ratio * (high - low)
        else:
            low, a = a, b
            b = low + ratio * (high - low)
    return float(np.exp((low + high) / 2))


def calibration_report(proba: np.ndarray, data: TrainingData, splits: list[tuple[np.ndarray, np.ndarray]],
                       calibrated: bool = True) -> CalibrationReport:
    """Log loss, Brier and score error of out-of-fold probabilities, before and after temperature scaling,
    and the level factors with the score error and mean score they give.

    Each fold is scaled by a temperature fitted on the other folds' out-of-fold
    predictions, and levelled by factors from the other folds, so the calibrated and
    levelled numbers are not fitted on the pairs they measure.
    Resolved referrals are left out: their output is another answer's. With
    `calibrated` False (no grouped calibration was possible) both columns are the same.
    """
    keep = ~data.resolved_referral
    scaled = proba.copy()
    for _, test in splits:
        others = np.setdiff1d(np.flatnonzero(keep), test)
        beta = _fit_beta(proba[others], data.y[others])
        scaled[test] = np.exp(_log_softmax_scaled(proba[test], beta))
    y = data.y[keep]

    def measures(p: np.ndarray) -> tuple[float, float, float]:
        p = p[keep]
        onehot = np.eye(len(LABELS))[y]
        log_loss = float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)).mean())
        brier = float(((p - onehot) ** 2).sum(axis=1).mean())
        score = p @ np.arange(len(LABELS)) / (len(LABELS) - 1)
        return log_loss, brier, float(np.abs(score - y / (len(LABELS) - 1)).mean())

    if not calibrated:
        scaled = proba
    n_labels = len(LABELS)
    levels = proba.copy()
    for _, test in splits:
        others = np.setdiff1d(np.flatnonzero(keep), test)
        levels[test] = levelled(scaled[test], level_weights(scaled[others], data.y[others], n_labels))
    before, after, flat = measures(proba), measures(scaled), measures(levels)
    index = np.arange(n_labels) / (n_labels - 1)
    return CalibrationReport(
        method="temperature" if calibrated else "none",
        temperature=round(1.0 / _fit_beta(proba[keep], y), 6) if calibrated else 1.0,
        log_loss_uncalibrated=before[0], log_loss_calibrated=after[0],
        brier_uncalibrated=before[1], brier_calibrated=after[1],
        score_mae_uncalibrated=before[2], score_mae_calibrated=after[2],
        level_weights=list(level_weights(scaled[keep], y, n_labels)), score_mae_levelled=flat[2],
        mean_score_annotated=float((y / (n_labels - 1)).mean()),
        mean_score_calibrated=float((scaled[keep] @ index).mean()),
        mean_score_levelled=float((levels[keep] @ index).mean()),
    )
