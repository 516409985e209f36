"""How well does training generalise? Nested grouped CV, and transfer between sources.

`evasion train` compares candidates by grouped CV and keeps the best. The chosen
model's CV figure is then a maximum over noisy estimates, and so a little
optimistic. This script measures that optimism. Each outer fold, grouped by letter,
runs the whole selection on its training letters alone: an inner grouped CV of every
candidate, pick by the same rule, then refit. It then scores the outer test letters.
The outer predictions estimate what the procedure gives on letters it never saw,
selection included. The rule baseline under the same outer folds is the yardstick.

Transfer: the model will be used on letters of other ministries. So the script also
trains each contender on one source only and tests it on the other. The two
sources are the five Defence seed documents (long nota-style answers) and the
excerpts of letters from many ministries.

    python benchmarks/generalisation.py [--repeats 3] [--out benchmarks/GENERALISATION.md]

Takes about 1 minute per repeat on 2 cores (features are cached across fits).
"""

from __future__ import annotations

import argparse
import re
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.base import clone

from classifier.annotations.files import load_annotations
from classifier.config import PROJECT_DIR, get_settings
from classifier.model.candidates import BASELINES, candidate_models, default_candidates
from classifier.model.features import PairFeatures
from classifier.model.metrics import compute_metrics
from classifier.model.cv import subset_rows, grouped_splits, out_of_fold_proba, predicted_labels, training_data
from classifier.model.modelfile import label_proba
from classifier.model.selection import SELECTION_RULE, model_result, choose

SEED_DOCUMENT = re.compile(r"\d{3}_[0-9a-f]{16}")
"""Letter ids of the five Defence seed documents (their file names); the letters have readable slugs."""
TRANSFER_MODELS = ("rules", "tfidf_lr", "dense_lr", "gated_lr_asked", "gated_forest")


def nested(repeats: int, n_splits: int = 5) -> dict[str, object]:
    settings = get_settings()
    data = training_data(load_annotations(PROJECT_DIR / "annotations"))
    PairFeatures(blocks=("cues",)).fit(data.X)
    models = candidate_models(settings.random_state)
    procedure, rules, chosen_names = [], [], []
    for repeat in range(repeats):
        seed = settings.random_state + repeat
        outer = grouped_splits(data.y, data.groups, n_splits, seed)
        proba = np.zeros((len(data.y), 4))
        rule_proba = out_of_fold_proba(models["rules"], data, outer)
        for k, (train, test) in enumerate(outer, start=1):
            inner_data = training_data([data.annotations[i] for i in train])
            inner = grouped_splits(inner_data.y, inner_data.groups, n_splits, seed)
            results = []
            for name in default_candidates(models):  # what `evasion train` compares
                predicted = predicted_labels(out_of_fold_proba(models[name], inner_data, inner))
                results.append(model_result(name, inner_data, [predicted], [inner]))
            best = choose(results).name
            chosen_names.append(best)
            fit = train[~data.resolved_referral[train]]
            fitted = clone(models[best]).fit(subset_rows(data.X, fit), data.y[fit])
            proba[test] = label_proba(fitted, subset_rows(data.read_X, test))
            print(f"repeat {repeat + 1}/{repeats}, outer fold {k}/{len(outer)}: chose {best}", flush=True)
        procedure.append(compute_metrics(data.y, predicted_labels(proba)))
        rules.append(compute_metrics(data.y, predicted_labels(rule_proba)))
    return {"procedure": procedure, "rules": rules, "chosen": chosen_names, "n": len(data.y),
            "letters": len(set(data.groups.tolist())), "repeats": repeats, "n_splits": n_splits,
            "transfer": transfer(data, models)}


def transfer(data: object, models: dict[str, object]) -> dict[str, dict[str, dict[str, float]]]:
    """Each model trained on one source only and tested on the other, referral answers read as in scoring."""
    seeds = np.array([bool(SEED_DOCUMENT.fullmatch(g)) for g in data.groups.tolist()])
    directions = {"seeds → letters": (seeds, ~seeds), "letters → seeds": (~seeds, seeds)}
    table: dict[str, dict[str, dict[str, float]]] = {}
    for name in TRANSFER_MODELS:
        table[name] = {}
        for direction, (source, target) in directions.items():
            fit = np.flatnonzero(source & ~data.resolved_referral)
            fitted = clone(models[name]).fit(subset_rows(data.X, fit), data.y[fit])
            proba = np.zeros((len(data.y), 4))
            proba[target] = label_proba(fitted, subset_rows(data.read_X, np.flatnonzero(target)))
            predicted = predicted_labels(proba)
            table[name][direction] = compute_metrics(data.y[target], predicted[target])
    return table


def markdown(result: dict[str, object], card: dict[str, object], seconds: float) -> str:
    def mean(runs: list[dict[str, float]], key: str) -> float:
        return float(np.mean([run[key] for run in runs]))

    procedure, rules = result["procedure"], result["rules"]
    chosen = card["chosen_model"]
    flat = card["results"][chosen]
    counts = Counter(result["chosen"])
    lines = [
        "# Generalisation: nested cross-validation and transfer between sources",
        "",
        f"Run with `benchmarks/generalisation.py --repeats {result['repeats']}` in {seconds:.0f} s on the committed "
        f"annotations ({result['n']} pairs, {result['letters']} letters). Outer and inner folds: "
        f"StratifiedGroupKFold by letter, {result['n_splits']} folds; selection inside each outer training part: "
        f"{SELECTION_RULE}; referral answers read as in scoring.",
        "",
        "## Nested cross-validation: the training procedure, selection included",
        "",
        "| | macro-F1 | QWK |",
        "|---|---|---|",
        f"| whole procedure (nested, selection included) | {mean(procedure, 'macro_f1'):.3f} | "
        f"{mean(procedure, 'qwk'):.3f} |",
        f"| chosen model `{chosen}` (model card, selection not included) | {flat['macro_f1']:.3f} | {flat['qwk']:.3f} |",
        f"| rule baseline under the outer folds | {mean(rules, 'macro_f1'):.3f} | {mean(rules, 'qwk'):.3f} |",
        "",
        "Per repeat, procedure − rules (macro-F1): "
        + ", ".join(f"{p['macro_f1'] - r['macro_f1']:+.3f}" for p, r in zip(procedure, rules, strict=True))
        + "; (QWK): "
        + ", ".join(f"{p['qwk'] - r['qwk']:+.3f}" for p, r in zip(procedure, rules, strict=True))
        + ".",
        "",
        "Chosen in the outer folds: " + ", ".join(f"{name} {n}×" for name, n in counts.most_common()) + ".",
        f"Baselines ({', '.join(BASELINES)}) are candidates too, so the procedure may choose one.",
        "",
        "## Transfer between sources",
        "",
        "Trained on one source only, tested on the other (macro-F1 / QWK). Seeds: the five Defence "
        "documents; letters: the excerpts from many ministries.",
        "",
        "| model | " + " | ".join(next(iter(result["transfer"].values()))) + " |",
        "|---|---|---|",
    ]
    for name, row in result["transfer"].items():
        lines.append(f"| {name} | " + " | ".join(f"{m['macro_f1']:.3f} / {m['qwk']:.3f}" for m in row.values()) + " |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    import json

    from classifier.io import atomic_write_text
    from classifier.model.modelfile import card_paths

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("GENERALISATION.md"))
    args = parser.parse_args()
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = nested(args.repeats)
    card = json.loads(card_paths(get_settings().model_path)[0].read_text(encoding="utf-8"))
    text = markdown(result, card, time.perf_counter() - start)
    atomic_write_text(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
