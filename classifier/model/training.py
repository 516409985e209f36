"""Train the default model: compare candidates by grouped cross-validation, calibrate, refit, save.

Honest evaluation is the point of this module. The model will be used on letters
from ministries that are not in the annotations, so every comparison is made with
cross-validation **grouped by letter** (StratifiedGroupKFold, fixed seed): pairs of
one letter share wording, topic and the habits of one drafting team, and a model
that saw a letter's other answers would look better than it is on a new letter.

Referral answers ("Zie antwoord op vraag 6 en 7.") whose referred answers are in
the same letter are left out of *fitting*, because their label comes from another
answer's text and would teach the model nothing true about their own. They stay in
the *evaluation*: after prediction each test letter goes through
`resolve_referrals`, as in scoring, and every pair counts. Grouping by letter keeps
a referral and its referred answers in the same test fold.

Selection: highest grouped-CV macro-F1, ties broken by quadratic weighted kappa;
hyperparameters are fixed in advance (no tuning on the test folds). The chosen
model is then calibrated with temperature scaling (one parameter, so it is stable
with a few hundred pairs and does not change which label is most probable) inside
CalibratedClassifierCV with the same grouped folds, which refits the model on all
data. Its calibration is reported from out-of-fold predictions, each fold scaled by
a temperature fitted on the other folds.

The card then compares the chosen model with each baseline (majority, rules,
TF-IDF) on the same folds. It gives the paired difference in macro-F1 and QWK, the
folds won, and a 95% interval from resampling whole letters. A single
cross-validated mean cannot show whether a gain is larger than the noise from
which letters happen to be annotated; these can. benchmarks/generalisation.py
adds a nested cross-validation of the whole procedure, selection included.

Same annotations → same folds, same model file, same card (no timestamps).
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import StratifiedGroupKFold

from classifier import errors
from classifier.config import LABELS, get_settings
from classifier.letters.referrals import referred_indices, resolve_referrals
from classifier.model.candidates import BASELINES, CANDIDATE_DESCRIPTIONS, PREVIOUS_RELEASE, candidate_models
from classifier.model.evaluate import pair_from_annotation
from classifier.model.features import PairFeatures, lexicon_hash
from classifier.model.metrics import LabelMetrics, Metrics, compute_metrics, scores_from_confusions
from classifier.model.modelfile import (
    TrainedModel,
    card_paths,
    label_proba,
    library_versions,
    pair_fingerprint,
    save_model,
)
from classifier.model.nlp import model_name
from classifier.types import Annotation, PairScore, probability_fields

Progress = Callable[[str], None]

SELECTION_SUBSET = "non-seed letters"
SELECTION_RULE = ("highest grouped-CV macro-F1 on the non-seed letters (on all pairs when the annotations have no "
                  "index of letters), ties broken by quadratic weighted kappa")
BOOTSTRAP_DRAWS = 2000


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
    """True for referral answers whose referred answers are in the letter (left out of fitting)."""
    sha256: str


class SubsetMetrics(BaseModel):
    """Grouped-CV metrics on the pairs of one kind of letter (a genre, a ministry group, the non-seed letters)."""

    n: int
    accuracy: float
    macro_f1: float
    qwk: float


class ModelResult(Metrics):
    """Grouped-CV metrics of one candidate; `confusion` is of the first repetition (seed = random_state)."""

    name: str
    description: str
    repeat_macro_f1: list[float]
    fold_macro_f1: list[float]
    subsets: dict[str, SubsetMetrics] = {}
    """The same out-of-fold predictions measured on subsets of the letters (see `letter_subsets`)."""


class BaselineComparison(BaseModel):
    """The chosen model minus one baseline, on the same grouped folds (paired).

    Differences are means over the repetitions. The intervals resample whole letters
    (the unit the folds keep together) with replacement and recompute both models'
    metrics on the same resampled pairs, so they show how much the difference
    depends on which letters happen to be annotated.
    """

    baseline: str
    macro_f1_difference: float
    macro_f1_interval: tuple[float, float]
    qwk_difference: float
    qwk_interval: tuple[float, float]
    folds_won: int
    """Test folds (over all repetitions) where the chosen model's macro-F1 is higher."""
    n_folds: int


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


class TrainingResult(BaseModel):
    results: list[ModelResult]
    chosen: str
    comparisons: list[BaselineComparison]
    beats_every_baseline: bool
    """The chosen model is not a baseline and has higher macro-F1 and QWK than every baseline compared."""
    calibration: CalibrationReport
    n_pairs: int
    n_letters: int
    n_fitted: int
    label_counts: dict[str, int]
    model_path: str
    card_path: str
    card_markdown_path: str
    version: str


# ------------------------------------------------------------------ data


def training_data(annotations: Sequence[Annotation]) -> TrainingData:
    """Arrays for training, sorted by letter (stable within a letter) so file order does not matter."""
    ordered = tuple(sorted(annotations, key=lambda a: a.letter_id))
    if not ordered:
        raise errors.EmptyInput("expected annotated pairs to train on, found none")
    referrals = tuple(pair_from_annotation(a).referral_to for a in ordered)
    resolved = np.zeros(len(ordered), dtype=bool)
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end].letter_id == ordered[start].letter_id:
            end += 1
        letter = [_placeholder_score(a, referrals[i]) for i, a in enumerate(ordered[start:end], start=start)]
        for k in range(len(letter)):
            resolved[start + k] = bool(letter[k].referral_to and referred_indices(letter, k))
        start = end
    canonical = json.dumps(
        [[a.id, a.letter_id, a.question_id, a.question, a.answer, a.label, a.referral_to]
         for a in sorted(ordered, key=lambda a: a.id)],
        ensure_ascii=False,
    )
    return TrainingData(
        annotations=ordered,
        X=[(a.question, a.answer) for a in ordered],
        y=np.array([LABELS.index(a.label) for a in ordered], dtype=int),
        groups=np.array([a.letter_id for a in ordered], dtype=object),
        referral_to=referrals,
        resolved_referral=resolved,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def _placeholder_score(a: Annotation, referral_to: list[str]) -> PairScore:
    return PairScore(question_id=a.question_id, section=a.section, question="", answer="", label=LABELS[0],
                     score=0.0, probabilities={}, referral_to=referral_to)


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


def _subset(X: list[tuple[str, str]], index: np.ndarray) -> list[tuple[str, str]]:
    return [X[i] for i in index]


def out_of_fold_proba(estimator: Any, data: TrainingData, splits: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Probabilities for every pair from a model fitted without its letter (and without resolved referrals)."""
    proba = np.zeros((len(data.y), len(LABELS)))
    for train, test in splits:
        fit = train[~data.resolved_referral[train]]
        model = clone(estimator).fit(_subset(data.X, fit), data.y[fit])
        proba[test] = label_proba(model, _subset(data.X, test))
    return proba


def resolved_labels(proba: np.ndarray, data: TrainingData) -> np.ndarray:
    """Predicted label index per pair after referral resolution within each letter, as scoring does."""
    predicted = np.zeros(len(data.y), dtype=int)
    letters: dict[str, list[int]] = {}
    for i, letter in enumerate(data.groups.tolist()):
        letters.setdefault(letter, []).append(i)
    for index in letters.values():
        scores = [
            PairScore(question_id=data.annotations[i].question_id, section=data.annotations[i].section,
                      question=data.X[i][0], answer=data.X[i][1],
                      referral_to=data.referral_to[i],
                      **probability_fields(proba[i]))
            for i in index
        ]
        for i, score in zip(index, resolve_referrals(scores), strict=True):
            predicted[i] = LABELS.index(score.label)
    return predicted


SOURCES_INDEX = "sources.tsv"
"""Optional index beside the annotation files: one row per letter with `letter_id`, `set`, `genre`, `ministry`."""
GENRE_GROUPS = {"kamervragen": "kamervragen", "lijst_vragen_antwoorden": "lijst van vragen en antwoorden"}
"""Every other genre (nota, verslag, memorie van antwoord, brief, …) reports as "nota/verslag"."""
MIN_GROUP_PAIRS = 15
OTHER_MINISTRIES = "other ministries"
"""Ministries with fewer than MIN_GROUP_PAIRS annotated pairs report together."""


def letter_subsets(source: Path, data: TrainingData) -> dict[str, np.ndarray]:
    """Masks over the pairs for the card's per-genre and per-ministry figures, from the index of letters.

    "non-seed letters" leaves out the five long Defence documents the project
    started from: they hold most pairs but are one ministry and one kind of
    letter, so the many-letter figures say more about letters a user brings.
    Without an index (a user's own annotations) there are no subsets.
    """
    import csv

    index = (source if source.is_dir() else source.parent) / SOURCES_INDEX
    if not index.is_file():
        return {}
    with index.open(encoding="utf-8", newline="") as handle:
        rows = {row["letter_id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    letters = data.groups.tolist()
    known = [rows.get(letter) for letter in letters]
    subsets: dict[str, np.ndarray] = {}

    def add(name: str, mask: np.ndarray) -> None:
        if mask.any():
            subsets[name] = mask

    add("non-seed letters", np.array([row is not None and row.get("set") != "seed" for row in known]))
    add("seed documents", np.array([row is not None and row.get("set") == "seed" for row in known]))
    genres = [GENRE_GROUPS.get(row["genre"], "nota/verslag") if row else "" for row in known]
    for genre in sorted(set(genres) - {""}):
        add(f"genre: {genre}", np.array([g == genre for g in genres]))
    groups = [_ministry_group(row.get("ministry", "")) if row else "" for row in known]
    sizes = Counter(groups)
    groups = [g if not g or sizes[g] >= MIN_GROUP_PAIRS else OTHER_MINISTRIES for g in groups]  # too few to say much
    for group in sorted(set(groups) - {"", OTHER_MINISTRIES}) + [OTHER_MINISTRIES]:
        add(f"ministry: {group}", np.array([g == group for g in groups]))
    return subsets


def _ministry_group(ministry: str) -> str:
    """The answering ministry without its sub-portfolio ("Economische Zaken en Klimaat (Mijnbouw)" → EZK)."""
    first = re.split(r"\s*[(/;]", ministry, maxsplit=1)[0].strip()
    return first or "unknown"


def _subset_metrics(data: TrainingData, predictions: Sequence[np.ndarray],
                    subsets: dict[str, np.ndarray]) -> dict[str, SubsetMetrics]:
    result = {}
    for name, mask in subsets.items():
        runs = [compute_metrics(data.y[mask], predicted[mask]) for predicted in predictions]
        result[name] = SubsetMetrics(n=int(mask.sum()), **{
            key: float(np.mean([run[key] for run in runs])) for key in ("accuracy", "macro_f1", "qwk")})
    return result


def _result(name: str, data: TrainingData, predictions: Sequence[np.ndarray],
            split_sets: Sequence[list[tuple[np.ndarray, np.ndarray]]],
            subsets: dict[str, np.ndarray] | None = None) -> ModelResult:
    """Metrics averaged over the repetitions; the confusion matrix is the first repetition's."""
    runs = [compute_metrics(data.y, predicted) for predicted in predictions]
    folds = [compute_metrics(data.y[test], predicted[test])["macro_f1"]
             for predicted, splits in zip(predictions, split_sets, strict=True) for _, test in splits]

    def mean(key: str) -> float:
        return float(np.mean([run[key] for run in runs]))

    return ModelResult(
        name=name,
        description=CANDIDATE_DESCRIPTIONS.get(name, name),
        n=runs[0]["n"],
        accuracy=mean("accuracy"),
        macro_f1=mean("macro_f1"),
        qwk=mean("qwk"),
        per_label={
            label: LabelMetrics(**{
                key: float(np.mean([run["per_label"][label][key] for run in runs]))
                for key in ("precision", "recall", "f1")
            }, support=runs[0]["per_label"][label]["support"])
            for label in LABELS
        },
        confusion=runs[0]["confusion"],
        repeat_macro_f1=[round(run["macro_f1"], 6) for run in runs],
        fold_macro_f1=[round(f, 6) for f in folds],
        subsets=_subset_metrics(data, predictions, subsets or {}),
    )


def choose(results: Sequence[ModelResult]) -> ModelResult:
    """Best macro-F1, then best QWK, on the non-seed letters when the index names them; on a full tie the earlier.

    Chosen for the letters users bring: the five long seed documents would
    otherwise outvote two hundred short letters from other ministries.
    """
    def measured(r: ModelResult) -> Metrics | SubsetMetrics:
        return r.subsets.get(SELECTION_SUBSET, r)

    return max(results, key=lambda r: (round(measured(r).macro_f1, 9), round(measured(r).qwk, 9), -results.index(r)))


# ------------------------------------------------------------------ against the baselines


def _letter_confusions(y: np.ndarray, predicted: np.ndarray, letter_index: np.ndarray, n_letters: int) -> np.ndarray:
    """One flattened confusion matrix per letter, shape (n_letters, k·k)."""
    k = len(LABELS)
    flat = letter_index * k * k + y * k + predicted
    return np.bincount(flat, minlength=n_letters * k * k).reshape(n_letters, k * k).astype(float)


def compare_with_baselines(data: TrainingData, results: Sequence[ModelResult], chosen: str,
                           predictions: dict[str, list[np.ndarray]], random_state: int,
                           n_draws: int = BOOTSTRAP_DRAWS) -> list[BaselineComparison]:
    """Paired differences of the chosen model and each compared baseline, with letter-bootstrap intervals."""
    by_name = {r.name: r for r in results}
    letters, letter_index = np.unique(data.groups.astype(str), return_inverse=True)
    rng = np.random.default_rng(random_state)
    draws = rng.integers(0, len(letters), size=(n_draws, len(letters)))
    counts = np.stack([np.bincount(row, minlength=len(letters)) for row in draws]).astype(float)
    k = len(LABELS)

    def resampled(name: str) -> tuple[np.ndarray, np.ndarray]:
        """(macro-F1, QWK) per draw, averaged over the repetitions."""
        f1s, qwks = [], []
        for predicted in predictions[name]:
            confusions = (counts @ _letter_confusions(data.y, predicted, letter_index, len(letters))).reshape(-1, k, k)
            f1, qwk = scores_from_confusions(confusions)
            f1s.append(f1)
            qwks.append(qwk)
        return np.mean(f1s, axis=0), np.mean(qwks, axis=0)

    chosen_f1, chosen_qwk = resampled(chosen)
    comparisons = []
    for name in (b for b in (*BASELINES, PREVIOUS_RELEASE) if b in by_name and b != chosen):
        base_f1, base_qwk = resampled(name)
        folds = zip(by_name[chosen].fold_macro_f1, by_name[name].fold_macro_f1, strict=True)
        comparisons.append(BaselineComparison(
            baseline=name,
            macro_f1_difference=by_name[chosen].macro_f1 - by_name[name].macro_f1,
            macro_f1_interval=_interval(chosen_f1 - base_f1),
            qwk_difference=by_name[chosen].qwk - by_name[name].qwk,
            qwk_interval=_interval(chosen_qwk - base_qwk),
            folds_won=sum(1 for a, b in folds if a > b),
            n_folds=len(by_name[name].fold_macro_f1),
        ))
    return comparisons


def _interval(values: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(values, [0.025, 0.975])
    return round(float(low), 6), round(float(high), 6)


def beats_every_baseline(chosen: str, comparisons: Sequence[BaselineComparison]) -> bool:
    """The chosen model is no baseline and is better than each on macro-F1 and QWK (the previous release is no baseline)."""
    against = [c for c in comparisons if c.baseline in BASELINES]
    return chosen not in BASELINES and bool(against) and all(
        c.macro_f1_difference > 0 and c.qwk_difference > 0 for c in against
    )


# ------------------------------------------------------------------ calibration


def _calibration_splits(y: np.ndarray, groups: np.ndarray, n_splits: int,
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
    """Log loss, Brier and score error of out-of-fold probabilities, before and after temperature scaling.

    Each fold is scaled by a temperature fitted on the other folds' out-of-fold
    predictions, so the calibrated numbers are not fitted on the pairs they measure.
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
    before, after = measures(proba), measures(scaled)
    return CalibrationReport(
        method="temperature" if calibrated else "none",
        temperature=round(1.0 / _fit_beta(proba[keep], y), 6) if calibrated else 1.0,
        log_loss_uncalibrated=before[0], log_loss_calibrated=after[0],
        brier_uncalibrated=before[1], brier_calibrated=after[1],
        score_mae_uncalibrated=before[2], score_mae_calibrated=after[2],
    )


# ------------------------------------------------------------------ the card


def _card(data: TrainingData, results: list[ModelResult], chosen: str, calibration: CalibrationReport,
          n_splits: int, n_repeats: int, seed: int, spacy_model: str, files: list[str], lexicon_sha256: str,
          comparisons: Sequence[BaselineComparison], beats: bool) -> dict[str, Any]:
    import sklego

    counts = Counter(a.label for a in data.annotations)
    return {
        "model": "evasion",
        "description": "Evasiveness of Dutch government answers to parliamentary questions, per question–answer pair.",
        "labels": list(LABELS),
        "score": "expected label index / 3 under the calibrated probabilities",
        "chosen_model": chosen,
        "chosen_description": CANDIDATE_DESCRIPTIONS.get(chosen, chosen),
        "selection": SELECTION_RULE,
        "training_data": {
            "sha256": data.sha256,
            "sha256_of": "canonical JSON of [id, letter_id, question_id, question, answer, label, referral_to], "
                         "sorted by id",
            "files": files,
            "n_pairs": len(data.y),
            "n_letters": len(set(data.groups.tolist())),
            "n_fitted": int((~data.resolved_referral).sum()),
            "n_resolved_referrals": int(data.resolved_referral.sum()),
            "label_counts": {label: counts.get(label, 0) for label in LABELS},
            "pair_fingerprints": sorted({pair_fingerprint(a.question, a.answer) for a in data.annotations}),
            "pair_fingerprint": "first 16 hex digits of sha256(question + U+001F + answer), whitespace normalised",
        },
        "evaluation": {
            "method": "cross-validation grouped by letter",
            "splitter": "StratifiedGroupKFold",
            "n_splits": n_splits,
            "n_repeats": n_repeats,
            "shuffle": True,
            "random_state": seed,
            "repeat_seeds": [seed + r for r in range(n_repeats)],
            "averaging": "metrics are means over the repetitions; confusion matrices are the first repetition's",
            "referrals": "resolved within each test letter before scoring, as `evasion score` does",
            "metrics": ["accuracy", "macro_f1", "qwk (quadratic weighted kappa)", "per_label", "confusion"],
        },
        "results": {r.name: r.model_dump() for r in results},
        "baselines": {
            "names": [b for b in BASELINES if any(r.name == b for r in results)],
            "beats_every_baseline": beats,
            "rule": "the chosen model is not a baseline and has higher grouped-CV macro-F1 and QWK than each",
            "interval": f"95% letter bootstrap of the paired difference, {BOOTSTRAP_DRAWS} draws, seed {seed}",
            "comparisons": [c.model_dump() for c in comparisons],
        },
        "calibration": calibration.model_dump(),
        "versions": {
            **library_versions(spacy_model),
            "scikit-lego": sklego.__version__,
            "python": platform.python_version(),
            "numpy": np.__version__,
        },
        "lexicon_sha256": lexicon_sha256,
        "random_state": seed,
    }


def card_markdown(card: dict[str, Any]) -> str:
    """The card for people: what the model is, what it was trained on, how well it did under grouped CV."""
    data = card["training_data"]
    lines = [
        "# Model card: evasion",
        "",
        card["description"],
        "",
        f"- Chosen model: **{card['chosen_model']}** ({card['chosen_description']})",
        f"- Selection: {card['selection']}",
        f"- Labels: {', '.join(card['labels'])}; score = {card['score']}",
        f"- Model file sha256: `{{model_sha256}}`",
        "",
        "## Training data",
        "",
        f"- {data['n_pairs']} annotated pairs from {data['n_letters']} letters "
        f"({data['n_fitted']} fitted; {data['n_resolved_referrals']} referral answers resolved to their referred answers)",
        f"- Label counts: " + ", ".join(f"{k} {v}" for k, v in data["label_counts"].items()),
        f"- sha256 of the annotations: `{data['sha256']}`",
        "",
        "## Grouped cross-validation (by letter)",
        "",
        f"{card['evaluation']['splitter']}, {card['evaluation']['n_splits']} folds × "
        f"{card['evaluation']['n_repeats']} repetitions (seeds {card['evaluation']['repeat_seeds']}), means; "
        "referrals resolved within each test letter.",
        "",
        "| model | macro-F1 | QWK | accuracy | F1 " + " | F1 ".join(card["labels"]) + " | description |",
        "|---|---|---|---|" + "---|" * len(card["labels"]) + "---|",
    ]
    for name, r in card["results"].items():
        mark = " (chosen)" if name == card["chosen_model"] else ""
        per = " | ".join(f"{r['per_label'][label]['f1']:.3f}" for label in card["labels"])
        lines.append(f"| {name}{mark} | {r['macro_f1']:.3f} | {r['qwk']:.3f} | {r['accuracy']:.3f} | {per} | "
                     f"{r['description']} |")
    subsets = sorted({s for r in card["results"].values() for s in r.get("subsets", {})},
                     key=lambda s: (s.split(":")[0] != "non-seed letters", s))
    if subsets:
        shown = [n for n in card["results"] if n in (card["chosen_model"], *BASELINES, PREVIOUS_RELEASE)]
        lines += ["", "## By kind of letter", "",
                  "The same out-of-fold predictions, measured on the pairs of each kind of letter "
                  "(macro-F1 / QWK / accuracy; n = pairs).", "",
                  "| letters | n | " + " | ".join(shown) + " |", "|---|---|" + "---|" * len(shown)]
        for s in subsets:
            cells = []
            for n in shown:
                m = card["results"][n].get("subsets", {}).get(s)
                cells.append(f"{m['macro_f1']:.2f} / {m['qwk']:.2f} / {m['accuracy']:.2f}" if m else "")
            size = next(r["subsets"][s]["n"] for r in card["results"].values() if s in r.get("subsets", {}))
            lines.append(f"| {s} | {size} | " + " | ".join(cells) + " |")
    baselines = card["baselines"]
    lines += [
        "",
        "## Chosen model against the baselines",
        "",
        f"Baselines: {', '.join(baselines['names'])}. Beats every baseline: "
        f"**{'yes' if baselines['beats_every_baseline'] else 'no'}** ({baselines['rule']}). "
        f"Differences are chosen minus baseline on the same folds; intervals: {baselines['interval']}.",
        "",
        "| baseline | Δ macro-F1 | 95% interval | Δ QWK | 95% interval | folds won |",
        "|---|---|---|---|---|---|",
    ]
    for c in baselines["comparisons"]:
        shown_name = f"{c['baseline']} (previous release)" if c["baseline"] == PREVIOUS_RELEASE else c["baseline"]
        lines.append(f"| {shown_name} | {c['macro_f1_difference']:+.3f} | "
                     f"[{c['macro_f1_interval'][0]:+.3f}, {c['macro_f1_interval'][1]:+.3f}] | "
                     f"{c['qwk_difference']:+.3f} | [{c['qwk_interval'][0]:+.3f}, {c['qwk_interval'][1]:+.3f}] | "
                     f"{c['folds_won']}/{c['n_folds']} |")
    if not baselines["comparisons"]:
        lines.append("| (the chosen model is itself a baseline) | | | | | |")
    cal = card["calibration"]
    v = card["versions"]
    lines += [
        "",
        "## Calibration",
        "",
        (f"Temperature scaling (T = {cal['temperature']:.3f}) in CalibratedClassifierCV with the grouped folds. "
         if cal["method"] == "temperature" else
         "Not calibrated: a label occurs in too few letters for grouped calibration. ")
        + f"Out-of-fold log loss {cal['log_loss_uncalibrated']:.3f} → {cal['log_loss_calibrated']:.3f}, "
        f"Brier {cal['brier_uncalibrated']:.3f} → {cal['brier_calibrated']:.3f}, "
        f"score MAE {cal['score_mae_uncalibrated']:.3f} → {cal['score_mae_calibrated']:.3f}.",
        "",
        "## Versions",
        "",
        f"spaCy {v['spacy']}, scikit-learn {v['scikit-learn']}, {v['spacy_model']['name']} "
        f"{v['spacy_model']['version']}, scikit-lego {v['scikit-lego']}, Python {v['python']}, numpy {v['numpy']}.",
        "",
        "## Limits",
        "",
        "Annotated by one annotator; the grouped-CV numbers estimate performance on new letters like the "
        "annotated ones. Letters of other ministries, other document types or other eras may score lower. "
        "A score is evidence for a reader to check, not a verdict.",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ train


def train(
    annotations: str | Path | None = None,
    out: str | Path | None = None,
    *,
    n_splits: int = 5,
    n_repeats: int = 3,
    random_state: int | None = None,
    candidates: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> TrainingResult:
    """Compare the candidate models on the annotations, then calibrate, refit and save the best one.

    `annotations`: a *.jsonl file or a directory (default: settings.annotations_dir);
    `out`: the model file (default: settings.model_path), written with its card next to it.
    """
    from classifier.annotations.files import annotation_files, load_annotations

    settings = get_settings()
    source = Path(annotations) if annotations is not None else settings.annotations_dir
    target = Path(out) if out is not None else settings.model_path
    seed = settings.random_state if random_state is None else random_state
    say = progress or (lambda message: None)

    say(f"reading annotations from {source}")
    files = [p.name for p in annotation_files(source)]
    data = training_data(load_annotations(source))
    n_letters = len(set(data.groups.tolist()))
    present = sorted(set(data.y.tolist()))
    if n_letters < 2:
        raise errors.AnnotationError(
            f"expected annotations from at least 2 letters for grouped cross-validation, found {n_letters}", path=source
        )
    if len(present) < 2:
        raise errors.AnnotationError(
            f"expected at least 2 different labels to learn from, found only {LABELS[present[0]]!r}", path=source
        )
    models = candidate_models(seed)
    names = list(candidates) if candidates is not None else list(models)
    unknown = [n for n in names if n not in models]
    if unknown:
        raise ValueError(f"unknown candidate model(s) {unknown}; expected some of {list(models)}")
    split_sets = [grouped_splits(data.y, data.groups, n_splits, seed + r) for r in range(max(1, n_repeats))]
    subsets = letter_subsets(source, data)
    splits = split_sets[0]
    spacy_model = model_name(None)

    say(f"analysing {len(data.y)} pairs from {n_letters} letters with spaCy ({spacy_model})")
    PairFeatures(blocks=("cues",)).fit(data.X)  # one spaCy pass; later fits read the cache

    results: list[ModelResult] = []
    oof: dict[str, np.ndarray] = {}
    predictions: dict[str, list[np.ndarray]] = {}
    from threadpoolctl import threadpool_limits

    # one thread per library: on a small machine, gradient boosting's OpenMP threads fight over the cores
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        for k, name in enumerate(names, start=1):
            say(f"cross-validating {name} ({k}/{len(names)}: {len(split_sets)} × {len(splits)} folds grouped by letter)")
            probas = [out_of_fold_proba(models[name], data, folds) for folds in split_sets]
            oof[name] = probas[0]
            predictions[name] = [resolved_labels(p, data) for p in probas]
            results.append(_result(name, data, predictions[name], split_sets, subsets))
        best = choose(results)
        comparisons = compare_with_baselines(data, results, best.name, predictions, seed)
        beats = beats_every_baseline(best.name, comparisons)
        say(f"chosen: {best.name} (macro-F1 {best.macro_f1:.3f}, QWK {best.qwk:.3f}); calibrating and refitting")

        fit = np.flatnonzero(~data.resolved_referral)
        fit_y, fit_groups = data.y[fit], data.groups[fit]
        fit_X = np.asarray(_subset(data.X, fit), dtype=object)
        calibration_splits = _calibration_splits(fit_y, fit_groups, n_splits, seed)
        if calibration_splits is not None:
            estimator: Any = CalibratedClassifierCV(clone(models[best.name]), method="temperature",
                                                    cv=calibration_splits, ensemble=False).fit(fit_X, fit_y)
        else:
            say("note: a label occurs in too few letters for grouped calibration; probabilities left uncalibrated")
            estimator = clone(models[best.name]).fit(fit_X, fit_y)
    calibration = calibration_report(oof[best.name], data, splits, calibrated=calibration_splits is not None)
    evidence = PairFeatures(blocks=("cues",)).fit(data.X)
    model = TrainedModel(estimator, best.name, evidence)

    card = _card(data, results, best.name, calibration, len(splits), len(split_sets), seed, spacy_model, files,
                 lexicon_hash(evidence.lexicon_), comparisons, beats)
    say(f"writing {target} and its card")
    card = save_model(model, target, card, card_markdown(card))
    card_json, card_md = card_paths(target)
    return TrainingResult(
        results=results,
        chosen=best.name,
        comparisons=comparisons,
        beats_every_baseline=beats,
        calibration=calibration,
        n_pairs=len(data.y),
        n_letters=n_letters,
        n_fitted=int(len(fit)),
        label_counts=card["training_data"]["label_counts"],
        model_path=str(target),
        card_path=str(card_json),
        card_markdown_path=str(card_md),
        version=model.version,
    )
