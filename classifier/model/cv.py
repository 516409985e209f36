"""Cross-validation grouped by letter, with referral answers read as scoring reads them.

Pairs of one letter share wording, topic and the habits of one drafting team, and a
model that saw a letter's other answers would look better than it is on a new
letter, so folds never split a letter. Referral answers whose referred answers are in
the same letter are left out of *fitting* (what they give is another answer's text)
but stay in the *evaluation*: each is predicted from its reading, the referred answers'
words against its own question (`referral_readings`), as scoring predicts it, and every
pair counts."""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold

from classifier import errors
from classifier.config import LABELS
from classifier.letters.referrals import referral_readings
from classifier.model.evaluate import pair_from_annotation
from classifier.model.modelfile import (
    label_proba,
)
from classifier.types import Annotation, PairScore, probability_fields


@dataclass(frozen=True)
class TrainingData:
    """Annotations as arrays, in a canonical order (letter, then file order within the letter)."""

    annotations: tuple[Annotation, ...]
    X: list[tuple[str, str]]
    y: np.ndarray
    """Label index per pair (0 = substantive … 3 = confidential)."""
    groups: np.ndarray
    """letter_id per pair: the unit cross-validation keeps together."""
    referral_to: tuple[list[str], ...]
    """Per pair, the question ids its answer text refers to, as the splitter finds them (scoring's referrals)."""
    resolved_referral: np.ndarray
    """True for referral answers read with their referred answers (left out of fitting)."""
    read_X: list[tuple[str, str]]
    """What the model reads per pair: X, with each referral answer's reading in place of its own words."""
    resolved_from: tuple[list[str], ...]
    """Per pair, the question ids its reading drew on (empty for all but read referral answers)."""
    sha256: str

    def texts_read(self) -> list[tuple[str, str]]:
        """Every text cross-validation reads: the pairs, and the referral answers' readings."""
        return self.X + [self.read_X[i] for i in np.flatnonzero(self.resolved_referral)]


# ------------------------------------------------------------------ data


def training_data(annotations: Sequence[Annotation]) -> TrainingData:
    """Arrays for training, sorted by letter (stable within a letter) so file order does not matter."""
    ordered = tuple(sorted(annotations, key=lambda a: a.letter_id))
    if not ordered:
        raise errors.EmptyInput("expected annotated pairs to train on, found none")
    pairs = [pair_from_annotation(a, position) for position, a in enumerate(ordered)]
    X = [(a.question, a.answer) for a in ordered]
    resolved = np.zeros(len(ordered), dtype=bool)
    read_X = list(X)
    resolved_from: list[list[str]] = [[] for _ in ordered]
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end].letter_id == ordered[start].letter_id:
            end += 1
        letter = pairs[start:end]
        for k, (text, referred) in referral_readings(letter).items():
            resolved[start + k] = True
            read_X[start + k] = (letter[k].question, text)
            resolved_from[start + k] = [letter[j].question_id for j in referred]
        start = end
    canonical = json.dumps(
        [[a.id, a.letter_id, a.question_id, a.question, a.answer, a.label, a.referral_to]
         for a in sorted(ordered, key=lambda a: a.id)],
        ensure_ascii=False,
    )
    return TrainingData(
        annotations=ordered,
        X=X,
        y=np.array([LABELS.index(a.label) for a in ordered], dtype=int),
        groups=np.array([a.letter_id for a in ordered], dtype=object),
        referral_to=tuple(p.referral_to for p in pairs),
        resolved_referral=resolved,
        read_X=read_X,
        resolved_from=tuple(resolved_from),
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def grouped_splits(y: np.ndarray, groups: np.ndarray, n_splits: int = 5,
                   random_state: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """StratifiedGroupKFold splits: no letter is ever in both the training and the test part."""
    n_groups = len(set(groups.tolist()))
    splitter = StratifiedGroupKFold(n_splits=min(n_splits, n_groups), shuffle=True, random_state=random_state)
    with warnings.catch_warnings():
        # "The least populated class in y has only k members": expected with a rare label; the
        # splits are still grouped, only less evenly stratified.
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        return [(train, test) for train, test in splitter.split(np.zeros(len(y)), y, groups)]


# ------------------------------------------------------------------ cross-validation


def subset_rows(X: list[tuple[str, str]], index: np.ndarray) -> list[tuple[str, str]]:
    return [X[i] for i in index]


def out_of_fold_proba(estimator: Any, data: TrainingData, splits: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Probabilities for every pair from a model fitted without its letter (and without read referrals),
    each read as scoring reads it."""
    proba = np.zeros((len(data.y), len(LABELS)))
    for train, test in splits:
        fit = train[~data.resolved_referral[train]]
        model = clone(estimator).fit(subset_rows(data.X, fit), data.y[fit])
        proba[test] = label_proba(model, subset_rows(data.read_X, test))
    return proba


def resolved_scores(proba: np.ndarray, data: TrainingData) -> list[PairScore]:
    """Each pair's PairScore as scoring gives it, in pair order. A read referral answer's row of `proba` is
    its reading's (`out_of_fold_proba` predicts `read_X`), so nothing is copied from other pairs."""
    return [
        PairScore(question_id=data.annotations[i].question_id, section=data.annotations[i].section,
                  question=data.X[i][0], answer=data.X[i][1], referral_to=data.referral_to[i],
                  resolved_from=data.resolved_from[i], **probability_fields(proba[i]))
        for i in range(len(data.y))
    ]


def predicted_labels(proba: np.ndarray) -> np.ndarray:
    """Predicted label index per pair as scoring gives it without decision weights: the most probable. A read
    referral answer's row is already its reading's (see `resolved_scores`), so no pair needs the others."""
    return np.argmax(np.clip(proba, 0.0, None), axis=1)
