"""The arithmetic of the gated model, in numpy alone.

Shared by the scikit-learn estimators (classifier.model.estimators) and the arrays
that score without scikit-learn (classifier.model.compiled), so the two compute the
same probabilities by construction, not by copying.
"""

from __future__ import annotations

import numpy as np


def rule_index(signal: np.ndarray, thresholds: np.ndarray, evidence: np.ndarray | None, top: int) -> np.ndarray:
    """The class the thresholds give each row; with `evidence`, the top class only for rows that have it."""
    index = np.searchsorted(thresholds, signal, side="right")
    return index if evidence is None else np.where((index == top - 1) & evidence, top, index)


def band_proba(signal: np.ndarray, thresholds: np.ndarray, scale: float, smoothing: float, index: np.ndarray,
               evidence: np.ndarray | None) -> np.ndarray:
    """Mostly the rule's class (`index`), `smoothing` spread as a cumulative logit over the thresholds.

    With `evidence` (the top class goes by evidence), the last band is shared: it goes
    to the top class for rows with evidence and to the class below it for the others.
    """
    above = 1.0 / (1.0 + np.exp(-(signal[:, None] - thresholds[None, :]) / scale))
    cumulative = np.hstack([np.ones((len(index), 1)), above, np.zeros((len(index), 1))])
    soft = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0.0, 1.0)
    if evidence is not None:
        soft = np.hstack([soft, np.zeros((len(index), 1))])
        soft[evidence, -1] = soft[evidence, -2]
        soft[evidence, -2] = 0.0
    soft /= soft.sum(axis=1, keepdims=True)
    proba = smoothing * soft
    proba[np.arange(len(index)), index] += 1.0 - smoothing
    return proba


def gated_proba(gate: np.ndarray, graded: np.ndarray, gate_from: int) -> np.ndarray:
    """The gate's probabilities for the classes from `gate_from` on; the rest, split as the grader splits it."""
    cut = min(gate_from, gate.shape[1])
    below = graded[:, :cut].copy()
    below[:, -1] += graded[:, cut:].sum(axis=1)
    below /= np.clip(below.sum(axis=1, keepdims=True), 1e-12, None)
    evasive = gate[:, cut:]
    return np.hstack([below * (1.0 - evasive.sum(axis=1, keepdims=True)), evasive])
