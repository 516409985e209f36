"""Training: grouped folds, the comparison, the card, reproducibility and the `evasion train` command."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifier import errors
from classifier.annotations.files import load_annotations
from classifier.cli import run
from classifier.config import LABELS, PROJECT_DIR
from classifier.model.candidates import BASELINES
from classifier.model.cv import grouped_splits, training_data
from classifier.model.metrics import LabelMetrics
from classifier.model.modelfile import card_paths
from classifier.model.selection import BaselineComparison, ModelResult, beats_every_baseline, choose
from classifier.model.training import train
from classifier.types import Annotation

FIXTURE = Path(__file__).parent / "fixtures" / "annotations_small.jsonl"
CANDIDATES = ("majority", "rules", "dense_lr")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("train") / "evasion.skops"
    result = train(FIXTURE, path, n_splits=3, n_repeats=2, candidates=CANDIDATES, jobs=2)
    return path, result


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_grouped_folds_never_put_one_letter_in_both_parts(seed: int) -> None:
    data = training_data(load_annotations(FIXTURE))
    splits = grouped_splits(data.y, data.groups, n_splits=3, random_state=seed)
    tested = np.concatenate([test for _, test in splits])
    assert sorted(tested.tolist()) == list(range(len(data.y)))  # every pair tested exactly once
    for train_index, test_index in splits:
        assert not set(data.groups[train_index]) & set(data.groups[test_index])


def test_more_folds_than_letters_falls_back_to_one_letter_per_fold() -> None:
    y = np.array([0, 1, 0, 1])
    groups = np.array(["a", "a", "b", "b"], dtype=object)
    splits = grouped_splits(y, groups, n_splits=5)
    assert len(splits) == 2


def annotation(letter: str, qid: str, label: str, referral: list[str] | None = None) -> Annotation:
    """A referral is written in the answer, where scoring finds it, and recorded in `referral_to`."""
    answer = f"Zie antwoord op vraag {' en '.join(referral)}." if referral else "Antwoord."
    return Annotation(id=f"{letter}#{qid}", letter_id=letter, question_id=qid, question="Vraag?", answer=answer,
                      label=label, referral_to=referral or [], rationale="r", annotator="t")


def test_referrals_to_answers_in_the_letter_are_left_out_of_fitting_only() -> None:
    data = training_data([
        annotation("b", "1", "substantive"),
        annotation("a", "1", "deflecting"),
        annotation("a", "2", "deflecting", ["1"]),
        annotation("a", "3", "partial", ["9"]),  # 9 is not in the letter: the model's own output counts
    ])
    assert list(data.groups) == ["a", "a", "a", "b"]  # sorted by letter, stable inside a letter
    assert list(data.resolved_referral) == [False, True, False, False]
    assert list(data.y) == [2, 2, 1, 0]


def test_the_training_data_hash_ignores_file_order() -> None:
    items = [annotation("a", "1", "substantive"), annotation("b", "1", "partial")]
    assert training_data(items).sha256 == training_data(items[::-1]).sha256
    changed = [annotation("a", "1", "deflecting"), annotation("b", "1", "partial")]
    assert training_data(changed).sha256 != training_data(items).sha256


def result(name: str, macro_f1: float, qwk: float) -> ModelResult:
    per = {label: LabelMetrics(precision=0, recall=0, f1=0, support=0) for label in LABELS}
    return ModelResult(name=name, description="", n=1, accuracy=0, macro_f1=macro_f1, qwk=qwk, per_label=per,
                       confusion=[[0] * 4] * 4, repeat_macro_f1=[macro_f1], fold_macro_f1=[macro_f1])


def test_selection_is_by_macro_f1_then_qwk() -> None:
    assert choose([result("a", 0.4, 0.9), result("b", 0.5, 0.1)]).name == "b"
    assert choose([result("a", 0.5, 0.2), result("b", 0.5, 0.3)]).name == "b"
    assert choose([result("a", 0.5, 0.3), result("b", 0.5, 0.3)]).name == "a"


def test_training_writes_the_model_and_a_complete_card(trained: tuple[Path, object]) -> None:
    path, outcome = trained
    card_json, card_md = card_paths(path)
    card = json.loads(card_json.read_text(encoding="utf-8"))
    assert card["model_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert outcome.version == card["model_sha256"][:12]
    assert set(card["results"]) == set(CANDIDATES)
    assert card["chosen_model"] == outcome.chosen in CANDIDATES
    best = max(card["results"].values(), key=lambda r: (r["macro_f1"], r["qwk"]))
    assert card["results"][card["chosen_model"]]["macro_f1"] == best["macro_f1"]
    annotations = load_annotations(FIXTURE)
    assert card["training_data"]["sha256"] == training_data(annotations).sha256
    assert card["training_data"]["label_counts"] == {l: sum(a.label == l for a in annotations) for l in LABELS}
    assert card["training_data"]["n_letters"] == len({a.letter_id for a in annotations})
    assert {"spacy", "scikit-learn", "spacy_model"} <= set(card["versions"])
    assert card["evaluation"]["n_splits"] == 3 and card["evaluation"]["n_repeats"] == 2
    for metrics in card["results"].values():
        assert {"accuracy", "macro_f1", "qwk", "per_label", "confusion"} <= set(metrics)
        assert sum(map(sum, metrics["confusion"])) == len(annotations)
    markdown = card_md.read_text(encoding="utf-8")
    assert card["model_sha256"] in markdown and "| rules" in markdown


def test_the_chosen_model_is_compared_with_each_baseline_on_the_same_folds(trained: tuple[Path, object]) -> None:
    path, outcome = trained
    results = {r.name: r for r in outcome.results}
    assert [c.baseline for c in outcome.comparisons] == [b for b in BASELINES if b in results and b != outcome.chosen]
    for c in outcome.comparisons:
        assert c.macro_f1_difference == pytest.approx(results[outcome.chosen].macro_f1 - results[c.baseline].macro_f1)
        assert c.qwk_difference == pytest.approx(results[outcome.chosen].qwk - results[c.baseline].qwk)
        assert c.macro_f1_interval[0] <= c.macro_f1_interval[1] and c.qwk_interval[0] <= c.qwk_interval[1]
        wins = sum(a > b for a, b in zip(results[outcome.chosen].fold_macro_f1, results[c.baseline].fold_macro_f1))
        assert c.folds_won == wins and c.n_folds == 3 * 2
    assert outcome.beats_every_baseline == beats_every_baseline(outcome.chosen, outcome.comparisons)
    card = json.loads(card_paths(path)[0].read_text(encoding="utf-8"))
    assert card["baselines"]["beats_every_baseline"] == outcome.beats_every_baseline
    assert [c["baseline"] for c in card["baselines"]["comparisons"]] == [c.baseline for c in outcome.comparisons]
    assert "against the baselines" in card_paths(path)[1].read_text(encoding="utf-8")


def comparison(name: str, f1: float, qwk: float) -> BaselineComparison:
    return BaselineComparison(baseline=name, macro_f1_difference=f1, macro_f1_interval=(f1, f1),
                              qwk_difference=qwk, qwk_interval=(qwk, qwk), folds_won=0, n_folds=1)


def test_beating_every_baseline_needs_both_metrics_and_a_model_that_is_not_one() -> None:
    assert beats_every_baseline("dense_lr", [comparison("rules", 0.01, 0.02), comparison("majority", 0.2, 0.3)])
    assert not beats_every_baseline("dense_lr", [comparison("rules", 0.01, -0.02)])
    assert not beats_every_baseline("dense_lr", [comparison("rules", 0.0, 0.02)])
    assert not beats_every_baseline("rules", [comparison("majority", 0.2, 0.3)])
    assert not beats_every_baseline("dense_lr", [])


def test_the_committed_model_beats_every_baseline() -> None:
    """The shipped default is a learned model that beats majority, rules and TF-IDF on macro-F1 and QWK."""
    card = json.loads((PROJECT_DIR / "models" / "evasion.card.json").read_text(encoding="utf-8"))
    chosen = card["results"][card["chosen_model"]]
    assert card["chosen_model"] not in BASELINES
    assert card["baselines"]["beats_every_baseline"] is True
    assert [c["baseline"] for c in card["baselines"]["comparisons"]][: len(BASELINES)] == list(BASELINES)
    for name in BASELINES:
        assert chosen["macro_f1"] > card["results"][name]["macro_f1"]
        assert chosen["qwk"] > card["results"][name]["qwk"]


def test_the_majority_baseline_scores_what_it_should(trained: tuple[Path, object]) -> None:
    _, outcome = trained
    majority = next(r for r in outcome.results if r.name == "majority")
    annotations = load_annotations(FIXTURE)
    most = max(LABELS, key=lambda l: sum(a.label == l for a in annotations))
    assert majority.per_label[most].recall == pytest.approx(1.0)
    assert majority.qwk == 0.0


def test_same_data_gives_the_same_model_file_and_metrics(trained: tuple[Path, object], tmp_path: Path) -> None:
    path, outcome = trained
    copy = tmp_path / "fixture.jsonl"
    shutil.copy(FIXTURE, copy)
    again = train(copy, tmp_path / "again.joblib", n_splits=3, n_repeats=2, candidates=CANDIDATES, jobs=2)
    assert (tmp_path / "again.joblib").read_bytes() == path.read_bytes()
    assert [r.model_dump() for r in again.results] == [r.model_dump() for r in outcome.results]


def test_one_process_or_two_give_the_same_model_and_card(trained: tuple[Path, object], tmp_path: Path) -> None:
    """`--jobs` only changes how long training takes: candidates come back in their own order."""
    path, outcome = trained
    one = train(FIXTURE, tmp_path / "one.skops", n_splits=3, n_repeats=2, candidates=CANDIDATES, jobs=1)
    assert (tmp_path / "one.skops").read_bytes() == path.read_bytes()
    assert [r.name for r in one.results] == list(CANDIDATES)
    assert [r.model_dump() for r in one.results] == [r.model_dump() for r in outcome.results]
    assert json.loads((tmp_path / "one.card.json").read_text(encoding="utf-8"))["results"] == json.loads(
        path.with_name("evasion.card.json").read_text(encoding="utf-8"))["results"]


def test_the_train_command_prints_the_table_and_the_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import classifier.model.training as train_module

    fast = train_module.train

    def quick(annotations, out, progress=None, jobs=None):  # type: ignore[no-untyped-def]
        return fast(annotations, out, n_splits=3, n_repeats=1, candidates=CANDIDATES, progress=progress, jobs=jobs)

    monkeypatch.setattr(train_module, "train", quick)
    out = tmp_path / "m.joblib"
    assert run(["train", "--annotations", str(FIXTURE), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    for name in CANDIDATES:
        assert name in captured.out
    assert "macro-F1" in captured.out and str(out) in captured.out and "m.card.json" in captured.out
    assert "against majority: macro-F1 +" in captured.out  # the paired comparison with a baseline
    assert "levels: substantive " in captured.out and "mean score" in captured.out  # the factors scores get
    assert "cross-validating" in captured.err  # progress goes to stderr
    assert out.is_file() and card_paths(out)[0].is_file()


def test_one_letter_is_refused_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one.jsonl"
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if "005_yesilgoz" in line]
    one.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "m.joblib"
    assert run(["train", "--annotations", str(one), "--out", str(out)]) == errors.AnnotationError.exit_code
    err = capsys.readouterr().err
    assert str(one) in err and "at least 5 letters for 5 folds" in err
    assert not out.exists() and not card_paths(out)[0].exists()


def test_annotations_too_few_for_the_candidates_are_one_line_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Six letters of ten pairs: a candidate cannot be fitted on folds this small. It was a 119-line traceback."""
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    letters = sorted({row["letter_id"] for row in rows})
    assert len(letters) >= 6
    kept = [next(row for row in rows if row["letter_id"] == letter) for letter in letters[:6]]
    few = tmp_path / "few.jsonl"
    few.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in kept), encoding="utf-8")
    out = tmp_path / "m.skops"
    code = run(["train", "--annotations", str(few), "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == errors.AnnotationError.exit_code, err
    assert err[-1].startswith(f"error: {few}: expected") and "Traceback" not in "\n".join(err)
    assert not out.exists()


@pytest.mark.parametrize(("name", "why"), [
    ("letter.txt", "not a model"), ("m.card.json", "not a model"), ("annotations/new.jsonl", "not a model"),
    ("folder", "is a folder"), ("data.bin", "is not a model file"),
])
def test_an_out_that_training_would_harm_is_refused_before_any_work(
        name: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`train --out letters/031.txt` replaced a letter with a model, `--out m.card.json` another model's card,
    `--out tr/new.jsonl` put a binary model among the annotations, and `--out folder` trained first."""
    (tmp_path / "annotations").mkdir()
    (tmp_path / "folder").mkdir()
    (tmp_path / "letter.txt").write_text("Vraag 1 …", encoding="utf-8")
    (tmp_path / "data.bin").write_bytes(b"someone's data")
    out = tmp_path / name
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert run(["train", "--annotations", str(FIXTURE), "--out", str(out)]) == errors.OutputError.exit_code
    err = capsys.readouterr().err
    assert why in err and "cross-validating" not in err  # refused before the spaCy pass
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_as_the_model_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--out /dev/null` wrote /dev/null.card.json and /dev/null.arrays.npz into /dev; `--out /dev/fd/3` with
    3 a file trained for a minute and then failed on /dev/fd/3.arrays.npz."""
    assert run(["train", "--annotations", str(FIXTURE), "--out", "/dev/null"]) == errors.OutputError.exit_code
    assert "is a device or descriptor" in capsys.readouterr().err
    assert not os.path.exists("/dev/null.card.json")
    with (tmp_path / "model.skops").open("wb") as model:
        descriptor = f"/dev/fd/{model.fileno()}"
        assert run(["train", "--annotations", str(FIXTURE), "--out", descriptor]) == errors.OutputError.exit_code
    assert "is a device or descriptor" in capsys.readouterr().err
    assert (tmp_path / "model.skops").read_bytes() == b""


def test_a_broken_annotation_file_is_refused_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text(FIXTURE.read_text(encoding="utf-8") + '{"id": "x"}\n', encoding="utf-8")
    out = tmp_path / "m.joblib"
    assert run(["train", "--annotations", str(broken), "--out", str(out)]) == errors.AnnotationError.exit_code
    assert f"{broken}:" in capsys.readouterr().err
    assert not out.exists()


def test_train_from_the_committed_annotations_reproduces_the_committed_model(tmp_path: Path) -> None:
    """What a user gets from `evasion train` in a clean clone is the model the repository ships.

    Run as its own process, as a user runs it: spaCy's numbers depend slightly on
    which texts share a batch, and this test process has analysed other texts
    before. Only the chosen candidate is cross-validated here (the whole comparison
    takes minutes); `test_the_card_names_the_candidate_its_selection_rule_picks`
    checks the choice. Labels and the data hash must match exactly; floats differ
    between machines in the last digits (BLAS, compilers), so they match to 1e-6.
    """
    import json
    import subprocess
    import sys

    from classifier.config import PROJECT_DIR

    committed = json.loads((PROJECT_DIR / "models" / "evasion.card.json").read_text(encoding="utf-8"))
    chosen = committed["chosen_model"]
    out = tmp_path / "evasion.skops"
    code = ("import sys; from classifier.model.training import train; "
            "train(sys.argv[1], sys.argv[2], candidates=[sys.argv[3]])")
    done = subprocess.run([sys.executable, "-c", code, str(PROJECT_DIR / "annotations"), str(out), chosen],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    fresh = json.loads(out.with_name("evasion.card.json").read_text(encoding="utf-8"))
    assert fresh["training_data"]["sha256"] == committed["training_data"]["sha256"]
    assert fresh["chosen_model"] == chosen
    mine, theirs = fresh["results"][chosen], committed["results"][chosen]
    for key in ("macro_f1", "qwk", "accuracy"):
        assert mine[key] == pytest.approx(theirs[key], abs=1e-6), key
    assert mine["confusion"] == theirs["confusion"]
    for key in ("temperature", "log_loss_calibrated", "brier_calibrated"):
        assert fresh["calibration"][key] == pytest.approx(committed["calibration"][key], abs=1e-6), key

    from classifier.annotations.files import load_annotations
    from classifier.model.modelfile import load_model

    # the final fit on a fifth of the letters (every fifth in name order): the card's out-of-fold figures above
    # already cover every pair, and parsing all of them again here would double the test's time
    annotations = load_annotations(PROJECT_DIR / "annotations")
    letters = set(sorted({a.letter_id for a in annotations})[::5])
    pairs = [(a.question, a.answer) for a in annotations if a.letter_id in letters]
    assert len(pairs) >= 400
    shipped = load_model(PROJECT_DIR / "models" / "evasion.skops")
    retrained = load_model(out)
    p_shipped, p_fresh = shipped.predict_proba(pairs), retrained.predict_proba(pairs)
    assert (p_shipped.argmax(axis=1) == p_fresh.argmax(axis=1)).all()
    assert np.allclose(p_shipped, p_fresh, atol=1e-6)


def test_the_card_names_the_candidate_its_selection_rule_picks() -> None:
    import json

    from classifier.config import PROJECT_DIR
    from classifier.model.selection import ModelResult, choose

    card = json.loads((PROJECT_DIR / "models" / "evasion.card.json").read_text(encoding="utf-8"))
    results = [ModelResult(**r) for r in card["results"].values()]
    assert choose(results).name == card["chosen_model"]


def test_the_card_measures_non_seed_letters_genres_and_ministries_from_the_index(tmp_path: Path) -> None:
    from classifier.model.selection import OTHER_MINISTRIES, letter_subsets

    items = [annotation("s", str(k), "partial") for k in range(1, 4)]
    items += [annotation(f"l{k}", "1", "substantive") for k in range(20)]
    (tmp_path / "sources.tsv").write_text(
        "letter_id\tset\tgenre\tministry\n" "s\tseed\tbrief\tDefensie\n"
        + "".join(f"l{k}\tletters\tkamervragen\t{'Financiën' if k < 16 else 'Algemene Zaken'}\n" for k in range(20)),
        encoding="utf-8")
    data = training_data(items)
    subsets = letter_subsets(tmp_path, data)
    count = {name: int(mask.sum()) for name, mask in subsets.items()}
    assert count["non-seed letters"] == 20 and count["seed documents"] == 3
    assert count["genre: kamervragen"] == 20 and count["genre: nota/verslag"] == 3
    assert count["ministry: Financiën"] == 16
    assert count[f"ministry: {OTHER_MINISTRIES}"] == 4 + 3  # Algemene Zaken and Defensie have fewer than 15 pairs
    assert letter_subsets(tmp_path / "elsewhere" / "x.jsonl", data) == {}


def test_training_compares_every_candidate_but_those_kept_for_request() -> None:
    """The candidates kept for request are compared only when named: the default is every other candidate,
    the baselines, the release the forest replaced, the model the accuracy work started from and the chosen
    kind of model included, in the order of candidate_models."""
    from classifier.model.candidates import ON_REQUEST, PREVIOUS_RELEASE, candidate_models, default_candidates

    models = candidate_models(0)
    names = default_candidates(models)
    assert not set(ON_REQUEST) & set(names) and len(names) == len(models) - len(ON_REQUEST) >= 6
    assert set(BASELINES) | {PREVIOUS_RELEASE, "gated_lr", "gated_forest"} <= set(names)
    assert names == sorted(names, key=list(models).index)
