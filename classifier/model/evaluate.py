"""How well a trained model agrees with annotations, measured on what users get.

Scoring applies referral resolution after the model (classifier.scoring.score), so
evaluation does the same within each letter: a referral answer is judged by the
label it ends up with, not by the model's guess from "Zie antwoord op vraag 6.".

The metrics are the ones the training compares models by (`compute_metrics`):
accuracy, macro-F1 over the labels annotated or predicted (a label the annotations lack and
the model never gives has no F1 to count), quadratic weighted kappa (the labels are
ordinal: confusing substantive with confidential costs more than with partial),
precision/recall/F1/support per label and the confusion matrix in LABELS order
(rows = annotated, columns = predicted).

Evaluating on the annotations a model was trained on measures fit, not
generalisation; the model card holds the grouped cross-validation numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.config import LABELS
from classifier.types import Annotation, Pair, PairScore, PairScorer

if TYPE_CHECKING:
    from classifier.model.modelfile import TrainedModel
from classifier.model.metrics import Metrics, compute_metrics


class EvaluationReport(Metrics):
    """JSON keys: n, accuracy, macro_f1, qwk, per_label, confusion, labels (+ model_version, seen_in_training)."""

    labels: list[str]
    model_version: str = ""
    seen_in_training: int | None = None
    """Pairs whose texts the model was trained on (None: its card does not say); they measure fit."""


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
    """Each annotation with the score `evasion score` gives its pair: referral answers read with the answers
    they point to in the same letter, then the model."""
    from classifier.letters.referrals import score_as_read

    result: list[tuple[Annotation, PairScore]] = []
    for items in annotation_pairs(annotations).values():
        scores = score_as_read(model, [pair for _, pair in items])
        result.extend((a, s) for (a, _), s in zip(items, scores, strict=True))
    return result


def evaluate(annotations_path: str | Path, model: TrainedModel | str | Path | None = None) -> EvaluationReport:
    """Score the annotated pairs at `annotations_path` (file or directory) and compare with their labels."""
    from classifier.annotations.files import load_annotations
    from classifier.errors import EmptyInput
    from classifier.model.compiled import load_scorer
    from classifier.model.modelfile import pair_fingerprint

    annotations = load_annotations(annotations_path)  # a bad input file is named before any model problem
    if not annotations:
        raise EmptyInput("expected annotated pairs to evaluate, found none", path=annotations_path)
    if model is None or isinstance(model, (str, Path)):
        model = load_scorer(model)  # what `evasion score` loads, so evaluate measures what score gives
    predicted = predict_annotations(annotations, model)
    y_true = [LABELS.index(a.label) for a, _ in predicted]
    y_pred = [LABELS.index(s.label) for _, s in predicted]
    fingerprints = getattr(model, "card", {}).get("training_data", {}).get("pair_fingerprints")
    seen = None
    if fingerprints is not None:
        trained_on = set(fingerprints)
        seen = sum(pair_fingerprint(a.question, a.answer) in trained_on for a in annotations)
    return EvaluationReport(**compute_metrics(y_true, y_pred), model_version=model.version, seen_in_training=seen)
