"""Choosing among the candidates, and the evidence that the choice is better than the
baselines.

A single cross-validated mean cannot show whether a gain is larger than the noise
from which letters happen to be annotated, so the chosen model is compared with each
baseline on the same folds: the paired difference in macro-F1 and QWK, the folds
won, and a 95% interval from resampling whole letters. Metrics are also reported per
kind of letter (genre, ministry group, seed vs non-seed), because the model will be
used on letters of ministries that are not in the annotations."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from classifier.config import LABELS
from classifier.model.candidates import BASELINES, CANDIDATE_DESCRIPTIONS, PREVIOUS_RELEASE
from classifier.model.cv import TrainingData
from classifier.model.metrics import LabelMetrics, Metrics, compute_metrics, scores_from_confusions

SELECTION_SUBSET = "non-seed letters"
SELECTION_RULE = ("highest grouped-CV macro-F1 on the non-seed letters (on all pairs when the annotations have no "
                  "index of letters), ties broken by quadratic weighted kappa")
BOOTSTRAP_DRAWS = 2000


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


SOURCES_INDEX = "sources.tsv"
GENRE_GROUPS = {"kamervragen": "kamervragen", "lijst_vragen_antwoorden": "lijst van vragen en antwoorden"}
MIN_GROUP_PAIRS = 15
OTHER_MINISTRIES = "other ministries"


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
    groups = [ministry_group(row.get("ministry", "")) if row else "" for row in known]
    sizes = Counter(groups)
    groups = [g if not g or sizes[g] >= MIN_GROUP_PAIRS else OTHER_MINISTRIES for g in groups]  # too few to say much
    for group in sorted(set(groups) - {"", OTHER_MINISTRIES}) + [OTHER_MINISTRIES]:
        add(f"ministry: {group}", np.array([g == group for g in groups]))
    return subsets


def ministry_group(ministry: str) -> str:
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


def model_result(name: str, data: TrainingData, predictions: Sequence[np.ndarray],
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
    """The chosen model is no baseline and is better than each on macro-F1 and QWK (the release it is compared with is no baseline)."""
    against = [c for c in comparisons if c.baseline in BASELINES]
    return chosen not in BASELINES and bool(against) and all(
        c.macro_f1_difference > 0 and c.qwk_difference > 0 for c in against
    )
