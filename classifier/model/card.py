"""The model card: what was trained on what, how every candidate did, and why this one
was chosen (JSON for programs, Markdown for people). No timestamps, so the same
annotations give the same card."""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from classifier.config import LABELS
from classifier.model.calibration import CalibrationReport
from classifier.model.candidates import BASELINES, CANDIDATE_DESCRIPTIONS, PREVIOUS_RELEASE
from classifier.model.cv import TrainingData
from classifier.model.modelfile import (
    library_versions,
    pair_fingerprint,
)
from classifier.model.selection import BOOTSTRAP_DRAWS, SELECTION_RULE, BaselineComparison, ModelResult

# ------------------------------------------------------------------ the card


def card_record(data: TrainingData, results: list[ModelResult], chosen: str, calibration: CalibrationReport,
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
            "n_annotators": len({a.annotator for a in data.annotations}),
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


def _md_head(card: dict[str, Any]) -> list[str]:
    data = card["training_data"]
    return [
        "# Model card: evasion",
        "",
        card["description"],
        "",
        f"- Chosen model: **{card['chosen_model']}** ({card['chosen_description']})",
        f"- Selection: {card['selection']}",
        f"- Labels: {', '.join(card['labels'])}; score = {card['score']}",
        f"- Model file sha256: `{{model_sha256}}`",
        *([f"- Scoring arrays: `{card['arrays_file']}` (sha256 `{card['arrays_sha256']}`), read with numpy alone; "
           f"largest difference from the model file's probabilities on the training pairs: {card['arrays_parity']:.1e}"]
          if card.get("arrays_file") else []),
        "",
        "## Training data",
        "",
        f"- {data['n_pairs']} annotated pairs from {data['n_letters']} letters "
        f"({data['n_fitted']} fitted; {data['n_resolved_referrals']} referral answers read with the answers they point to)",
        f"- Label counts: " + ", ".join(f"{k} {v}" for k, v in data["label_counts"].items()),
        f"- sha256 of the annotations: `{data['sha256']}`",
    ]


def _md_results(card: dict[str, Any]) -> list[str]:
    lines = [
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
    return lines


def _md_subsets(card: dict[str, Any]) -> list[str]:
    subsets = sorted({s for r in card["results"].values() for s in r.get("subsets", {})},
                     key=lambda s: (s.split(":")[0] != "non-seed letters", s))
    if not subsets:
        return []
    shown = [n for n in card["results"] if n in (card["chosen_model"], *BASELINES, PREVIOUS_RELEASE)]
    lines = ["", "## By kind of letter", "",
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
    return lines


def _md_baselines(card: dict[str, Any]) -> list[str]:
    baselines = card["baselines"]
    lines = [
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
        shown_name = f"{c['baseline']} (the default before the forest)" if c["baseline"] == PREVIOUS_RELEASE else c["baseline"]
        lines.append(f"| {shown_name} | {c['macro_f1_difference']:+.3f} | "
                     f"[{c['macro_f1_interval'][0]:+.3f}, {c['macro_f1_interval'][1]:+.3f}] | "
                     f"{c['qwk_difference']:+.3f} | [{c['qwk_interval'][0]:+.3f}, {c['qwk_interval'][1]:+.3f}] | "
                     f"{c['folds_won']}/{c['n_folds']} |")
    if not baselines["comparisons"]:
        lines.append("| (the chosen model is itself a baseline) | | | | | |")
    return lines


def _md_tail(card: dict[str, Any]) -> list[str]:
    cal = card["calibration"]
    v = card["versions"]
    annotators = card["training_data"].get("n_annotators", 1)  # a card written before it was counted: one
    by_whom = "one annotator" if annotators == 1 else f"{annotators} annotators, each pair by one of them"
    return [
        "",
        "## Calibration",
        "",
        (f"Temperature scaling (T = {cal['temperature']:.3f}) in CalibratedClassifierCV with the grouped folds. "
         if cal["method"] == "temperature" else
         "Not calibrated: a label occurs in too few letters for grouped calibration. ")
        + f"Out-of-fold log loss {cal['log_loss_uncalibrated']:.3f} → {cal['log_loss_calibrated']:.3f}, "
        f"Brier {cal['brier_uncalibrated']:.3f} → {cal['brier_calibrated']:.3f}, "
        f"score MAE {cal['score_mae_uncalibrated']:.3f} → {cal['score_mae_calibrated']:.3f}.",
        *_md_levels(cal),
        "",
        "## Versions",
        "",
        f"spaCy {v['spacy']}, scikit-learn {v['scikit-learn']}, {v['spacy_model']['name']} "
        f"{v['spacy_model']['version']}, scikit-lego {v['scikit-lego']}, Python {v['python']}, numpy {v['numpy']}.",
        "",
        "## Limits",
        "",
        f"Annotated by {by_whom}; the grouped-CV numbers estimate performance on new letters like the "
        "annotated ones. Letters of other ministries, other document types or other eras may score lower. "
        "A score is evidence for a reader to check, not a verdict.",
        "",
    ]


def _md_levels(cal: dict[str, Any]) -> list[str]:
    if cal.get("level_weights") is None:
        return []
    factors = ", ".join(f"{label} {w:.3f}" for label, w in zip(LABELS, cal["level_weights"], strict=True))
    return [
        "",
        f"Levels: each probability is multiplied by its label's factor ({factors}) and the row summed to 1 "
        "again, so that the probabilities occur at the rates the labels occur in training (the balanced class "
        "weights had shifted them towards the rarer labels). The label is decided as before: the most probable "
        "after dividing by the same factors. Out of fold, each fold levelled with factors from the others: mean "
        f"score {cal['mean_score_calibrated']:.3f} → {cal['mean_score_levelled']:.3f} (annotated "
        f"{cal['mean_score_annotated']:.3f}), score MAE {cal['score_mae_calibrated']:.3f} → "
        f"{cal['score_mae_levelled']:.3f}.",
    ]


def card_markdown(card: dict[str, Any]) -> str:
    """The card for people: what the model is, what it was trained on, how well it did under grouped CV."""
    return "\n".join(_md_head(card) + _md_results(card) + _md_subsets(card) + _md_baselines(card) + _md_tail(card))
