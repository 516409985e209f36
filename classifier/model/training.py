"""Train the default model: compare candidates by grouped cross-validation, calibrate, refit, save.

Honest evaluation is the point of this module. The model will be used on letters
from ministries that are not in the annotations, so every comparison is made with
cross-validation **grouped by letter** (StratifiedGroupKFold, fixed seed): pairs of
one letter share wording, topic and the habits of one drafting team, and a model
that saw a letter's other answers would look better than it is on a new letter.

Referral answers ("Zie antwoord op vraag 6 en 7.") whose referred answers are in
the same letter are left out of *fitting*, because their label comes from another
answer's text and would teach the model nothing true about their own. They stay in
the *evaluation*: each is predicted from its reading, the referred answers' words
against its own question (`referral_readings`), as in scoring, and every pair counts.
Grouping by letter keeps a referral and its referred answers in the same test fold.

Selection: highest grouped-CV macro-F1, ties broken by quadratic weighted kappa;
hyperparameters are fixed in advance (no tuning on the test folds). The chosen
model is then calibrated with temperature scaling (one parameter, so it is stable
with a few hundred pairs and does not change which label is most probable) inside
CalibratedClassifierCV with the same grouped folds, which refits the model on all
data. Its calibration is reported from out-of-fold predictions, each fold scaled by
a temperature fitted on the other folds. Last, one factor per label brings the
probabilities to the rates the labels occur at, which the balanced class weights
had shifted; the labels are still decided as before (classifier.model.levels).

The card then compares the chosen model with each baseline (majority, rules,
TF-IDF) on the same folds. It gives the paired difference in macro-F1 and QWK, the
folds won, and a 95% interval from resampling whole letters. A single
cross-validated mean cannot show whether a gain is larger than the noise from
which letters happen to be annotated; these can. benchmarks/generalisation.py
adds a nested cross-validation of the whole procedure, selection included.

Same annotations → same folds, same model file, same card (no timestamps).
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV

from classifier import errors
from classifier.config import BUNDLED_MODEL_DIR, LABELS, default_model_locations, get_settings
from classifier.model.analysis import analyse_in_processes
from classifier.model.calibration import CalibrationReport, calibration_report, grouped_calibration_splits
from classifier.model.candidates import SLOWEST_FIRST, candidate_models, default_candidates
from classifier.model.card import card_markdown, card_record
from classifier.model.compiled import PARITY_TOLERANCE, CompiledModel, arrays_path, compile_model, parity
from classifier.model.cv import (
    TrainingData,
    grouped_splits,
    out_of_fold_proba,
    predicted_labels,
    subset_rows,
    training_data,
)
from classifier.model.features import PairFeatures
from classifier.model.files import refuse_model_target
from classifier.model.lexicon import lexicon_hash
from classifier.model.modelfile import (
    TrainedModel,
    card_paths,
    save_model,
    sha256_bytes,
)
from classifier.model.nlp import model_name
from classifier.model.selection import (
    BaselineComparison,
    ModelResult,
    beats_every_baseline,
    choose,
    compare_with_baselines,
    letter_subsets,
    model_result,
)

Progress = Callable[[str], None]


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
"""Optional index beside the annotation files: one row per letter with `letter_id`, `set`, `genre`, `ministry`."""
"""Every other genre (nota, verslag, memorie van antwoord, brief, …) reports as "nota/verslag"."""
"""Ministries with fewer than MIN_GROUP_PAIRS annotated pairs report together."""


# ------------------------------------------------------------------ train


def _candidate_names(models: dict[str, Any], candidates: Sequence[str] | None) -> list[str]:
    names = list(candidates) if candidates is not None else default_candidates(models)
    unknown = [n for n in names if n not in models]
    if unknown:
        raise ValueError(f"unknown candidate model(s) {unknown}; expected some of {list(models)}")
    return names


def _split_sets(data: TrainingData, n_splits: int, n_repeats: int, seed: int, source: Path,
                n_letters: int) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    """The grouped folds of every repetition; annotations that cannot fill them are one line, not a traceback."""
    try:
        return [grouped_splits(data.y, data.groups, n_splits, seed + r) for r in range(max(1, n_repeats))]
    except ValueError as exc:  # each label needs a letter in every fold
        raise _too_few(data, source, n_letters, f"for {n_splits} folds grouped by letter", exc) from exc


def _too_few(data: TrainingData, source: Path, n_letters: int, purpose: str, exc: Exception) -> errors.AnnotationError:
    return errors.AnnotationError(
        f"expected enough annotations {purpose}, found {len(data.y)} pairs from {n_letters} letters, too few ({exc})",
        path=source)


def _check(data: TrainingData, source: Path, n_splits: int = 5) -> int:
    """The number of letters; refuses data that grouped cross-validation cannot learn from."""
    n_letters = len(set(data.groups.tolist()))
    present = sorted(set(data.y.tolist()))
    if n_letters < n_splits:
        raise errors.AnnotationError(
            f"expected annotations from at least {n_splits} letters for {n_splits} folds grouped by letter, "
            f"found {n_letters}", path=source
        )
    if len(present) < 2:
        raise errors.AnnotationError(
            f"expected at least 2 different labels to learn from, found only {LABELS[present[0]]!r}", path=source
        )
    return n_letters


@dataclass
class _Comparison:
    results: list[ModelResult]
    oof: dict[str, np.ndarray]
    predictions: dict[str, list[np.ndarray]]


_FORKED: dict[str, Any] = {}
"""What a forked cross-validation worker reads: set before the pool forks, inherited, never sent."""


def _candidate_probas(name: str) -> list[np.ndarray]:
    models, data, split_sets = _FORKED["models"], _FORKED["data"], _FORKED["split_sets"]
    return [out_of_fold_proba(models[name], data, folds) for folds in split_sets]


def _probas_in_order(names: Sequence[str], jobs: int) -> Iterator[tuple[str, list[np.ndarray]]]:
    """(name, out-of-fold probabilities per repetition) for each candidate, in the order given.

    With jobs > 1 the candidates are cross-validated in forked worker processes: they
    inherit the analysed texts (no spaCy pass again) and the thread limits. The slowest
    candidates start first (SLOWEST_FIRST), so the processes finish together; the results
    still come back in the order of `names`, so the choice and the card are the same as
    with one process.
    """
    if jobs <= 1 or len(names) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for name in names:
            yield name, _candidate_probas(name)
        return
    started = sorted(names, key=lambda n: SLOWEST_FIRST.index(n) if n in SLOWEST_FIRST else len(SLOWEST_FIRST))
    done: dict[str, list[np.ndarray]] = {}
    waiting = list(names)
    with multiprocessing.get_context("fork").Pool(min(jobs, len(names))) as pool:
        for name, probas in zip(started, pool.imap(_candidate_probas, started, chunksize=1), strict=True):
            done[name] = probas
            while waiting and waiting[0] in done:
                yield waiting[0], done.pop(waiting[0])
                waiting.pop(0)


def _compare(models: dict[str, Any], names: Sequence[str], data: TrainingData,
             split_sets: list[list[tuple[np.ndarray, np.ndarray]]], subsets: dict[str, np.ndarray],
             say: Progress, jobs: int = 1) -> _Comparison:
    """Every candidate's out-of-fold predictions on every repetition of the grouped folds."""
    found = _Comparison([], {}, {})
    _FORKED.update(models=models, data=data, split_sets=split_sets)
    say(f"cross-validating {len(names)} candidates ({len(split_sets)} × {len(split_sets[0])} folds grouped by letter"
        + (f", {min(jobs, len(names))} processes)" if jobs > 1 and len(names) > 1 else ")"))
    try:
        for k, (name, probas) in enumerate(_probas_in_order(names, jobs), start=1):
            say(f"cross-validated {name} ({k}/{len(names)})")
            found.oof[name] = probas[0]
            found.predictions[name] = [predicted_labels(p) for p in probas]
            found.results.append(model_result(name, data, found.predictions[name], split_sets, subsets))
    finally:
        _FORKED.clear()
    return found


def _fit_calibrated(model: Any, data: TrainingData, n_splits: int, seed: int, say: Progress,
                    jobs: int = 1) -> tuple[Any, int, bool]:
    """The chosen model refitted on every pair it may learn from, temperature-scaled with grouped folds.

    With jobs > 1 the calibration folds are fitted in forked processes (joblib's multiprocessing
    backend), which inherit the analysed texts as the cross-validation workers do; a process that
    had to parse them again (joblib's default, loky) would take longer than fitting them in turn.
    """
    from joblib import parallel_backend

    fit = np.flatnonzero(~data.resolved_referral)
    fit_y, fit_groups = data.y[fit], data.groups[fit]
    fit_X = np.asarray(subset_rows(data.X, fit), dtype=object)
    calibration_splits = grouped_calibration_splits(fit_y, fit_groups, n_splits, seed)
    if calibration_splits is None:
        say("note: a label occurs in too few letters for grouped calibration; probabilities left uncalibrated")
        return clone(model).fit(fit_X, fit_y), len(fit), False
    forked = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    calibrated = CalibratedClassifierCV(clone(model), method="temperature", cv=calibration_splits, ensemble=False,
                                        n_jobs=min(jobs, n_splits) if forked else None)
    if not forked:
        return calibrated.fit(fit_X, fit_y), len(fit), True
    with parallel_backend("multiprocessing", n_jobs=min(jobs, n_splits)):
        calibrated.fit(fit_X, fit_y)
    # how many processes fitted it is no property of the model: the file stays the one a single process writes
    return calibrated.set_params(n_jobs=None), len(fit), True


def _model_target(out: str | Path | None, default: Path) -> Path:
    """`out`, else the default model path, unless that is inside an installed package (its bundled copy, or the
    models/ a wheel built without a model points at in site-packages): a model trained there would be replaced
    by the next upgrade without a word."""
    if out is not None:
        return Path(out)
    checkout, _ = default_model_locations()
    in_site_packages = default == checkout and not (checkout.parent.parent / "pyproject.toml").is_file()
    if default.parent == BUNDLED_MODEL_DIR or in_site_packages:
        raise errors.UsageError("expected --out for the model to write: the default model path is inside this "
                                "installed package, and an upgrade would replace it", path=default,
                                hint="give --out models/NAME.skops, or set EVASION_MODEL")
    return default


def _annotated(source: Path) -> list[Any]:
    """The annotations at `source`; none is an EmptyInput that names it (training_data's own cannot)."""
    from classifier.annotations.files import load_annotations

    annotated = list(load_annotations(source))
    if not annotated:
        raise errors.EmptyInput("expected annotated pairs to train on, found none", path=source)
    return annotated


def train(
    annotations: str | Path | None = None,
    out: str | Path | None = None,
    *,
    n_splits: int = 5,
    n_repeats: int = 3,
    random_state: int | None = None,
    candidates: Sequence[str] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> TrainingResult:
    """Compare the candidate models on the annotations, then calibrate, refit and save the best one.

    `annotations`: a *.jsonl file or a directory (default: settings.annotations_dir);
    `out`: the model file (default: settings.model_path), written with its card next to it;
    `jobs`: processes that cross-validate candidates side by side (default: up to 2, the cores there are);
    `candidates`: the names of the candidates to compare (default: all but those in ON_REQUEST).
    """
    from threadpoolctl import threadpool_limits

    from classifier.annotations.files import annotation_files

    settings = get_settings()
    source = Path(annotations) if annotations is not None else settings.annotations_dir
    target = _model_target(out, settings.model_path)
    refuse_model_target(target)  # before any work: training takes a minute, and the folder check came after it
    seed = settings.random_state if random_state is None else random_state
    say = progress or (lambda message: None)

    say(f"reading annotations from {source}")
    files = [p.name for p in annotation_files(source)]
    data = training_data(_annotated(source))
    n_letters = _check(data, source, n_splits)
    models = candidate_models(seed)
    names = _candidate_names(models, candidates)
    split_sets = _split_sets(data, n_splits, n_repeats, seed, source, n_letters)
    spacy_model = model_name(None)

    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    say(f"analysing {len(data.y)} pairs from {n_letters} letters with spaCy ({spacy_model})")
    analyse_in_processes(data.texts_read(), jobs, spacy_model=spacy_model)  # one spaCy pass; fits read the cache

    # one thread per library: on a small machine, gradient boosting's OpenMP threads fight over the cores
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        try:
            found = _compare(models, names, data, split_sets, letter_subsets(source, data), say, jobs)
        except ValueError as exc:  # a candidate cannot be fitted on folds this small (TF-IDF's document bounds)
            raise _too_few(data, source, n_letters, "to cross-validate every candidate", exc) from exc
        best = choose(found.results)
        comparisons = compare_with_baselines(data, found.results, best.name, found.predictions, seed)
        beats = beats_every_baseline(best.name, comparisons)
        say(f"chosen: {best.name} (macro-F1 {best.macro_f1:.3f}, QWK {best.qwk:.3f}); calibrating and refitting")
        estimator, n_fitted, calibrated = _fit_calibrated(models[best.name], data, n_splits, seed, say, jobs)
    calibration = calibration_report(found.oof[best.name], data, split_sets[0], calibrated=calibrated)
    evidence = PairFeatures(blocks=("cues",)).fit(data.X)
    model = TrainedModel(estimator, best.name, evidence, level_weights=calibration.level_weights)

    card = card_record(data, found.results, best.name, calibration, len(split_sets[0]), len(split_sets), seed, spacy_model,
                 files, lexicon_hash(evidence.lexicon_), comparisons, beats)
    arrays, card = _arrays(model, data, target, say, card)
    say(f"writing {target} and its card")
    card = save_model(model, target, card, card_markdown(card), arrays=arrays)
    return _training_result(found, best.name, comparisons, beats, calibration, data, n_letters, n_fitted, card,
                            target, model.version)


def _arrays(model: TrainedModel, data: TrainingData, target: Path, say: Progress,
            card: dict[str, Any]) -> tuple[tuple[Path, bytes] | None, dict[str, Any]]:
    """The model as arrays for scoring without scikit-learn, when it is the gated kind and gives the same
    probabilities on every training pair: (their file and bytes, the card with the entries that name them). Not
    written here: written with the model and its card, so that an interrupt never leaves new arrays beside
    the old model, which its card then refuses."""
    compiled = compile_model(model)
    if compiled is None:
        say(f"note: {model.name} is scored through scikit-learn (no arrays for this kind of model)")
        return None, card
    payload = compiled.to_bytes()
    gap = parity(CompiledModel.from_bytes(payload, arrays_path(target)), model, data.X)  # as scoring reads it
    if gap > PARITY_TOLERANCE:
        say(f"note: the arrays differ from the model by {gap:.1e}; scored through scikit-learn")
        return None, card
    return (arrays_path(target), payload), {**card, "arrays_file": arrays_path(target).name,
                                            "arrays_sha256": sha256_bytes(payload), "arrays_parity": gap}


def _training_result(found: _Comparison, chosen: str, comparisons: list[BaselineComparison], beats: bool,
                     calibration: CalibrationReport, data: TrainingData, n_letters: int, n_fitted: int,
                     card: dict[str, Any], target: Path, version: str) -> TrainingResult:
    card_json, card_md = card_paths(target)
    return TrainingResult(
        results=found.results,
        chosen=chosen,
        comparisons=comparisons,
        beats_every_baseline=beats,
        calibration=calibration,
        n_pairs=len(data.y),
        n_letters=n_letters,
        n_fitted=n_fitted,
        label_counts=card["training_data"]["label_counts"],
        model_path=str(target),
        card_path=str(card_json),
        card_markdown_path=str(card_md),
        version=version,
    )
