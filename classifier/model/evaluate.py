"""How well a trained model agrees with annotations, measured on what users get.

Scoring applies referral resolution after the model (classifier.scoring.score), so
evaluation does the same within each letter: a referral answer is judged by the
label it ends up with, not by the model's guess from "Zie antwoord op vraag 6.".

The metrics are the ones the training compares models by (`compute_metrics`):
accuracy, macro-F1 over the four labels, quadratic weighted kappa (the labels are
ordinal: confusing substantive with confidential costs more than with partial),
precision/recall/F1/support per label and the confusion matrix in LABELS order
(rows = annotated, columns = predicted).

Evaluating on the annotations a model was trained on measures fit, not
generalisation; the model card holds the grouped cross-validation numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from classifier.config import LABELS
from classifier.types import Annotation, Pair, PairScore, PairScorer

if TYPE_CHECKING:
    from classifier.model.estimators import TrainedModel


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


class EvaluationReport(Metrics):
    """JSON keys: n, accuracy, macro_f1, qwk, per_label, confusion, labels (+ model_version, seen_in_training)."""

    labels: list[str]
    model_version: str = ""
    seen_in_training: int | None = None
    """Pairs whose texts the model was trained on (None: its card does not say); they measure fit."""


def compute_metrics(y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Metrics over label indices, every label listed even when absent.

    Macro-F1 averages the labels that occur in the annotations or the predictions:
    a label that is neither annotated nor predicted has no F1 to speak of, and
    counting it as 0 would punish a model for a label the test set lacks.

    Quadratic kappa is undefined when annotations and predictions are each one
    constant label (no variance); it is then 1.0 if they agree and 0.0 if not.
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    true, pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    index = list(range(len(labels)))
    if len(true) == 0:
        raise ValueError("expected at least one pair to evaluate, found none")
    precision, recall, f1, support = precision_recall_fscore_support(
        true, pred, labels=index, zero_division=0
    )
    confusion = confusion_matrix(true, pred, labels=index)
    macro_f1, qwk = scores_from_confusions(confusion)
    return {
        "n": int(len(true)),
        "accuracy": float(accuracy_score(true, pred)),
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


def pair_from_annotation(a: Annotation, position: int = 0) -> Pair:
    """The pair `evasion score` would have made of this annotation's text.

    Its referrals come from the answer text, found by the splitter's own code, not
    from the annotator's `referral_to`: the annotator's reading is ground truth for
    the label, but what users get is what the splitter finds.
    """
    from classifier.letters.referrals import referral_targets

    prefixed = bool(a.section) and a.question_id.startswith(f"{a.section}-")
    return Pair(letter_id=a.letter_id, question_id=a.question_id, section=a.section, party=a.party,
                question=a.question, answer=a.answer, position=position,
                referral_to=referral_targets(a.answer, a.section if prefixed else None))


def annotation_pairs(annotations: Sequence[Annotation]) -> dict[str, list[tuple[Annotation, Pair]]]:
    """Annotations as pairs, grouped by letter in first-seen order (the order referral resolution needs)."""
    letters: dict[str, list[tuple[Annotation, Pair]]] = {}
    for position, a in enumerate(annotations):
        letters.setdefault(a.letter_id, []).append((a, pair_from_annotation(a, position)))
    return letters


def predict_annotations(annotations: Sequence[Annotation], model: PairScorer) -> list[tuple[Annotation, PairScore]]:
    """Each annotation with the score `evasion score` gives its pair: model, then referrals within the letter."""
    from classifier.letters.referrals import resolve_referrals

    result: list[tuple[Annotation, PairScore]] = []
    for items in annotation_pairs(annotations).values():
        scores = resolve_referrals(model.score_pairs([pair for _, pair in items]))
        result.extend((a, s) for (a, _), s in zip(items, scores, strict=True))
    return result


def evaluate(annotations_path: str | Path, model: TrainedModel | str | Path | None = None) -> EvaluationReport:
    """Score the annotated pairs at `annotations_path` (file or directory) and compare with their labels."""
    from classifier.annotations.files import load_annotations
    from classifier.errors import EmptyInput
    from classifier.model.estimators import load_model, pair_fingerprint

    annotations = load_annotations(annotations_path)  # a bad input file is named before any model problem
    if not annotations:
        raise EmptyInput("expected annotated pairs to evaluate, found none", path=annotations_path)
    if model is None or isinstance(model, (str, Path)):
        model = load_model(model)
    predicted = predict_annotations(annotations, model)
    y_true = [LABELS.index(a.label) for a, _ in predicted]
    y_pred = [LABELS.index(s.label) for _, s in predicted]
    fingerprints = model.card.get("training_data", {}).get("pair_fingerprints")
    seen = None
    if fingerprints is not None:
        trained_on = set(fingerprints)
        seen = sum(pair_fingerprint(a.question, a.answer) in trained_on for a in annotations)
    return EvaluationReport(**compute_metrics(y_true, y_pred), model_version=model.version, seen_in_training=seen)
