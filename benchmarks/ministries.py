"""Leave one ministry out: how the models do on a ministry they were never trained on.

Grouped cross-validation by letter still trains on other letters of the same
ministry. Users bring letters of every ministry, so this holds out all letters of
one ministry group at a time (the ministry before any sub-portfolio, from
annotations/sources.tsv), trains on the rest, and scores the held-out letters,
referral answers read as `evasion score` reads them. The seed documents stay in training
(they are one Defence group, held out like any other).

    python benchmarks/ministries.py [--models majority rules gated_lr gated_lr_asked] [--out benchmarks/MINISTRIES.md]

Takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from classifier.annotations.files import load_annotations
from classifier.config import LABELS, PROJECT_DIR, get_settings
from classifier.model.candidates import candidate_models
from classifier.model.cv import out_of_fold_proba, resolved_scores, training_data
from classifier.model.features import PairFeatures
from classifier.model.levels import level_weights, levelled
from classifier.model.metrics import compute_metrics
from classifier.model.selection import SOURCES_INDEX, ministry_group


def ministry_groups(annotations_dir: Path, letters: list[str]) -> np.ndarray:
    with (annotations_dir / SOURCES_INDEX).open(encoding="utf-8", newline="") as handle:
        rows = {row["letter_id"]: row for row in csv.DictReader(handle, delimiter="\t")}
    return np.array([ministry_group(rows[letter]["ministry"]) for letter in letters], dtype=object)


LEVELLED = "gated_forest"
"""The model whose scores are also shown levelled, as `evasion train` levels the model it ships."""


def levelled_by_others(proba: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each group's held-out probabilities levelled (classifier.model.levels) with factors from the other
    groups' held-out probabilities: the factors never see the group's own labels' rates directly."""
    out = proba.copy()
    for name in sorted(set(groups.tolist())):
        mask = groups == name
        out[mask] = levelled(proba[mask], level_weights(proba[~mask], y[~mask], len(LABELS)))
    return out


RANKED_MIN_PAIRS = 20
"""Groups with fewer pairs are left out of the ranking: their mean says little either way."""


def ranking_section(names: list[str], groups: np.ndarray, y: np.ndarray, mean_scores: dict[str, np.ndarray],
                    sizes: Counter) -> list[str]:
    """Does the model rank the held-out ministries as the annotations do?

    A report's first use is "which ministry evades most": the mean score per group. Each
    group's mean comes from a model that never saw that group, as a new ministry's would.
    """
    from scipy.stats import spearmanr

    ranked = [name for name in sorted(names, key=lambda n: -sizes[n]) if sizes[name] >= RANKED_MIN_PAIRS]
    annotated = np.array([float(np.mean(y[groups == name])) / (len(LABELS) - 1) for name in ranked])
    lines = [
        "",
        "## Ranking the ministries",
        "",
        f"The report's mean score (expected label index / 3, referral answers read with the answers they point to) of each ministry group with at "
        f"least {RANKED_MIN_PAIRS} pairs, from the model that never saw that group, beside the annotated mean "
        "(label index / 3). Spearman's rho says how well the order of the groups is kept; the mean absolute "
        "error how far the group means are off. The levelled column is the forest's probabilities brought to "
        "the rates the labels occur at, as `evasion train` does for the model it ships (here with factors from "
        "the other groups' held-out predictions, and without the temperature); its labels, and so the figures "
        "above, do not change.",
        "",
        "| ministry | n | annotated | " + " | ".join(mean_scores) + " |",
        "|---|---|---|" + "---|" * len(mean_scores),
    ]
    predicted = {model: np.array([float(np.mean(scores[groups == name])) for name in ranked])
                 for model, scores in mean_scores.items()}
    for i, name in enumerate(ranked):
        cells = " | ".join(f"{predicted[model][i]:.2f}" for model in mean_scores)
        lines.append(f"| {name} | {sizes[name]} | {annotated[i]:.2f} | {cells} |")
    rho_cells, error_cells = [], []
    for model in mean_scores:
        constant = np.ptp(predicted[model]) < 1e-12
        rho_cells.append("–" if constant else f"{spearmanr(annotated, predicted[model]).statistic:.2f}")
        error_cells.append(f"{np.mean(np.abs(predicted[model] - annotated)):.3f}")
    lines.append(f"| **Spearman rho** | {len(ranked)} groups | | " + " | ".join(rho_cells) + " |")
    lines.append("| **mean absolute error** | | | " + " | ".join(error_cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["majority", "rules", "gated_lr_asked", "gated_forest"])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("MINISTRIES.md"))
    args = parser.parse_args()
    started = time.perf_counter()
    directory = PROJECT_DIR / "annotations"
    data = training_data(load_annotations(directory))
    groups = ministry_groups(directory, data.groups.tolist())
    PairFeatures(blocks=("cues",)).fit(data.X)
    names = sorted(set(groups.tolist()))
    splits = [(np.flatnonzero(groups != name), np.flatnonzero(groups == name)) for name in names]
    models = candidate_models(get_settings().random_state)
    predictions, mean_scores = {}, {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        for model in args.models:
            proba = out_of_fold_proba(models[model], data, splits)
            scores = resolved_scores(proba, data)
            predictions[model] = np.array([LABELS.index(score.label) for score in scores])
            mean_scores[model] = np.array([score.score for score in scores])
            if model == LEVELLED:
                mean_scores[f"{model}, levelled"] = np.array(
                    [score.score for score in resolved_scores(levelled_by_others(proba, data.y, groups), data)])
    sizes = Counter(groups.tolist())
    lines = [
        "# Leave one ministry out",
        "",
        f"Generated by `benchmarks/ministries.py` in {time.perf_counter() - started:.0f} s: each ministry group's "
        "letters scored by models trained on all other groups (macro-F1 / QWK / accuracy; n = pairs). "
        "Groups with few pairs say little; the pooled row measures all held-out predictions together.",
        "",
        "| ministry | n | " + " | ".join(args.models) + " |",
        "|---|---|" + "---|" * len(args.models),
    ]
    for name in sorted(names, key=lambda n: -sizes[n]):
        mask = groups == name
        cells = []
        for model in args.models:
            m = compute_metrics(data.y[mask], predictions[model][mask], LABELS)
            cells.append(f"{m['macro_f1']:.2f} / {m['qwk']:.2f} / {m['accuracy']:.2f}")
        lines.append(f"| {name} | {int(mask.sum())} | " + " | ".join(cells) + " |")
    pooled = []
    for model in args.models:
        m = compute_metrics(data.y, predictions[model], LABELS)
        pooled.append(f"**{m['macro_f1']:.3f} / {m['qwk']:.3f} / {m['accuracy']:.3f}**")
    lines.append(f"| **pooled** | {len(data.y)} | " + " | ".join(pooled) + " |")
    lines += ranking_section(names, groups, data.y, mean_scores, sizes)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
