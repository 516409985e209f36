"""How the committed model does on labelled letters it was never trained on: annotations/holdout/.

Cross-validation reuses the annotated letters in turn; these letters were collected
and labelled after the model was chosen and are kept out of training (training reads
only the top level of annotations/). They are scored exactly as `evasion score` scores
a letter's pairs (`predict_annotations`, the path `evasion evaluate` takes), against
always answering `substantive`, and against any other model files given with
`--compare`, pair for pair on the same letters. The splitter is measured on the same
letters: how many split into exactly the annotated complete pairs.

    python benchmarks/holdout.py [--compare OTHER.skops ...] [--out benchmarks/HOLDOUT.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifier.annotations.files import load_annotations
from classifier.config import LABELS, PROJECT_DIR
from classifier.errors import EvasionError
from classifier.letters.pairs import read_letter
from classifier.model.compiled import load_scorer
from classifier.model.evaluate import predict_annotations
from classifier.model.metrics import compute_metrics
from classifier.types import Annotation

HOLDOUT = PROJECT_DIR / "annotations" / "holdout"
DRAWS = 2000


def predictions(model_path: Path | None, annotations: Sequence[Annotation]) -> tuple[str, np.ndarray, np.ndarray]:
    """The model's version, and the label index and score `evasion score` gives each annotated pair."""
    model = load_scorer(model_path)
    scored = predict_annotations(annotations, model)
    return (model.version, np.array([LABELS.index(s.label) for _, s in scored]),
            np.array([s.score for _, s in scored]))


def letter_bootstrap(y: np.ndarray, a: np.ndarray, b: np.ndarray, letters: np.ndarray,
                     keys: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Per metric, the 95% interval of metric(a) − metric(b) when whole letters are drawn again with
    replacement (one set of draws for all metrics)."""
    rng = np.random.default_rng(0)
    names = np.unique(letters)
    rows = {name: np.flatnonzero(letters == name) for name in names}
    diffs: dict[str, list[float]] = {key: [] for key in keys}
    for _ in range(DRAWS):
        index = np.concatenate([rows[name] for name in rng.choice(names, len(names))])
        ma, mb = compute_metrics(y[index], a[index]), compute_metrics(y[index], b[index])
        for key in keys:
            diffs[key].append(ma[key] - mb[key])
    return {key: tuple(float(v) for v in np.percentile(values, [2.5, 97.5])) for key, values in diffs.items()}


def annotated_macro_f1(metrics: dict) -> float:
    """Macro-F1 over the labels the set holds. A held-out set without a `confidential` answer makes the usual
    macro-F1 (over the labels annotated or predicted) drop by a quarter for one answer called confidential."""
    f1s = [values["f1"] for values in metrics["per_label"].values() if values["support"]]
    return float(np.mean(f1s))


def splitter_lines(annotations: Sequence[Annotation]) -> list[str]:
    """Letters whose complete pairs are the annotated ones: by question number, and word for word."""
    def words(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    by_letter: dict[str, list[Annotation]] = {}
    for a in annotations:
        by_letter.setdefault(a.letter_id, []).append(a)
    same_ids, same_text, misses = 0, 0, []
    for letter, expected in by_letter.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found = [p for p in read_letter(HOLDOUT / "sources" / f"{letter}.txt").pairs if p.complete]
        except EvasionError as exc:
            misses.append(f"`{letter}` (no pairs: {exc.message})")
            continue
        ids = [p.question_id for p in found] == [a.question_id for a in expected]
        text = ids and all(words(p.question) == words(a.question) and words(p.answer) == words(a.answer)
                           for p, a in zip(found, expected, strict=True))
        same_ids += ids
        same_text += text
        if not text:
            misses.append(f"`{letter}`")
    return ["", f"The splitter on the same letters: {same_ids} of {len(by_letter)} split into exactly the annotated "
            f"complete pairs by question number, {same_text} also word for word (the annotators corrected the "
            "others by hand, with a `split_note`): not "
            + ", ".join(misses) + "."]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", nargs="*", type=Path, default=[])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("HOLDOUT.md"))
    args = parser.parse_args(argv)
    annotations = load_annotations(HOLDOUT)
    y = np.array([LABELS.index(a.label) for a in annotations])
    letters = np.array([a.letter_id for a in annotations])
    version, chosen, chosen_scores = predictions(None, annotations)
    runs = {f"committed model `{version}`": chosen, "always `substantive`": np.zeros_like(y)}
    scores = {f"committed model `{version}`": chosen_scores, "always `substantive`": np.zeros(len(y))}
    for path in args.compare:
        other_version, other, other_scores = predictions(path, annotations)
        runs[f"`{path.name}` (`{other_version}`)"] = other
        scores[f"`{path.name}` (`{other_version}`)"] = other_scores
    annotated = y / (len(LABELS) - 1)
    lines = [
        "# Held-out letters: the committed model on letters it never saw",
        "",
        f"Run {dt.date.today().isoformat()} with `benchmarks/holdout.py`: {len(y)} pairs from "
        f"{len(set(letters))} letters in annotations/holdout/ (labels: "
        + ", ".join(f"{label} {int((y == k).sum())}" for k, label in enumerate(LABELS)) + "), scored as "
        "`evasion score` scores them. Few pairs: read the intervals, not the third decimal.",
        "",
        "| model | macro-F1 | QWK | accuracy | " + " | ".join(f"F1 {label}" for label in LABELS)
        + " | macro-F1, annotated labels |",
        "|---|---|---|---|" + "---|" * len(LABELS) + "---|",
    ]
    for name, predicted in runs.items():
        m = compute_metrics(y, predicted)
        lines.append(f"| {name} | {m['macro_f1']:.3f} | {m['qwk']:.3f} | {m['accuracy']:.3f} | "
                     + " | ".join(f"{m['per_label'][label]['f1']:.2f}" for label in LABELS)
                     + f" | {annotated_macro_f1(m):.3f} |")
    lines += ["", ("macro-F1 averages the labels annotated or predicted, as everywhere in this project; the last "
                   "column averages only the labels the set holds, so that one answer called a label the set "
                   "lacks does not move it by a quarter.")]
    lines += ["", ("Committed model minus each other row, pair for pair; 95% intervals from drawing whole letters "
                   f"again ({DRAWS} draws, seed 0):"), "",
              "| against | Δ macro-F1 | Δ QWK | Δ accuracy |", "|---|---|---|---|"]
    keys = ("macro_f1", "qwk", "accuracy")
    mine = compute_metrics(y, chosen)
    for name, predicted in list(runs.items())[1:]:
        theirs = compute_metrics(y, predicted)
        intervals = letter_bootstrap(y, chosen, predicted, letters, keys)
        cells = [f"{mine[key] - theirs[key]:+.3f} [{intervals[key][0]:+.3f}, {intervals[key][1]:+.3f}]"
                 for key in keys]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    confusion = mine["confusion"]
    lines += ["", "Confusion of the committed model (rows: annotated, columns: predicted):", "",
              "| | " + " | ".join(LABELS) + " |", "|---|" + "---|" * len(LABELS)]
    lines += [f"| {label} | " + " | ".join(str(c) for c in row) + " |" for label, row in zip(LABELS, confusion)]
    lines += ["", ("The level a report would show: the mean score of these pairs (expected label index / 3), beside "
                   f"the annotated mean {annotated.mean():.3f} (label index / 3), and the mean absolute difference of "
                   "each pair's score from its annotated label / 3:"), "",
              "| model | mean score | off by | score MAE |", "|---|---|---|---|"]
    lines += [f"| {name} | {values.mean():.3f} | {values.mean() - annotated.mean():+.3f} | "
              f"{np.abs(values - annotated).mean():.3f} |" for name, values in scores.items()]
    lines += splitter_lines(annotations)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
