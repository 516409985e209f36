"""The rule baseline's estimator contract, the trained model's outputs, and its files."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.estimator_checks import parametrize_with_checks

from classifier import errors
from classifier.config import LABELS
from classifier.model.estimators import CueRuleClassifier, GatedClassifier
from classifier.model.modelfile import ModelVersionWarning, TrainedModel, card_paths, load_model
from classifier.model.training import train
from classifier.types import Pair, probability_fields

FIXTURE = Path(__file__).parent / "fixtures" / "annotations_small.jsonl"


@parametrize_with_checks([CueRuleClassifier(), CueRuleClassifier(weights=None, smoothing=0.2, top_requires=0),
                          GatedClassifier()])
def test_the_rule_baseline_and_the_gate_follow_the_estimator_contract(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


class _Fixed(ClassifierMixin, BaseEstimator):
    """A classifier that returns given probabilities, whatever X is (classes 0-3)."""

    def __init__(self, proba: tuple[tuple[float, ...], ...] = ((1.0, 0.0, 0.0, 0.0),)) -> None:
        self.proba = proba

    def fit(self, X: object, y: object) -> _Fixed:
        self.classes_ = np.unique(np.asarray(y))
        return self

    def predict_proba(self, X: object) -> np.ndarray:
        return np.asarray(self.proba, dtype=float)


class _FewerClasses(_Fixed):
    """Learns only two of the classes it is given."""

    def fit(self, X: object, y: object) -> _FewerClasses:
        self.classes_ = np.array([0, 1])
        return self


def test_the_gate_decides_evasion_and_the_grader_how_much_is_given() -> None:
    gate = _Fixed(((0.8, 0.1, 0.05, 0.05),   # gate: not evasive
                   (0.05, 0.05, 0.8, 0.1),   # gate: deflecting
                   (0.1, 0.1, 0.0, 0.8)))    # gate: confidential
    grader = _Fixed(((0.2, 0.1, 0.7, 0.0),   # grader leans evasive: at most partial
                     (0.9, 0.1, 0.0, 0.0),   # grader says substantive, gate overrules
                     (0.1, 0.1, 0.8, 0.0)))  # grader says deflecting, gate says secrecy
    model = GatedClassifier(gate=gate, grader=grader).fit(np.zeros((4, 1)), [0, 1, 2, 3])
    proba = model.predict_proba(np.zeros((3, 1)))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(model.predict(np.zeros((3, 1)))) == [1, 2, 3]
    assert np.allclose(proba[:, 2:], np.asarray(gate.proba)[:, 2:])  # evasive probabilities are the gate's
    assert proba[0, 0] / proba[0, 1] == pytest.approx(0.2 / 0.8)  # grader's split, its evasive mass in partial


def test_the_gate_refuses_sub_models_that_learned_other_classes() -> None:
    with pytest.raises(ValueError, match="expected the grader to learn the classes"):
        GatedClassifier(grader=_FewerClasses()).fit(np.zeros((4, 1)), [0, 1, 2, 1])


# PairFeatures is not in check_estimator: its input is (question, answer) text pairs, which the
# checks' random numeric arrays are not. Its contract is tested in test_features.py.


def test_the_rule_baseline_only_learns_cut_points() -> None:
    signal = np.array([[0.0], [1.0], [2.0], [3.0]] * 5)
    y = np.array([0, 1, 2, 3] * 5)
    rules = CueRuleClassifier(weights=[1.0]).fit(signal, y)
    assert np.array_equal(rules.predict(signal), y)
    assert np.all(np.diff(rules.thresholds_) > 0) and len(rules.thresholds_) == 3
    proba = rules.predict_proba(np.array([[0.1], [2.9]]))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(proba.argmax(axis=1)) == [0, 3]
    assert len(set(np.round(rules.predict_proba(np.array([[1.2], [1.45]]))[:, 2], 6))) == 2  # not four fixed values


def test_past_the_last_cut_point_the_evidence_column_decides_the_top_class() -> None:
    """Confidential needs a secrecy cue: volume of other cues alone gives deflecting."""
    # columns: [evasion signal, secrecy cue count]; only the first makes the signal
    X = np.array([[0.0, 0], [1.0, 0], [2.0, 0], [2.0, 1], [3.0, 1]] * 4)
    y = np.array([0, 1, 2, 3, 3] * 4)
    rules = CueRuleClassifier(weights=[1.0, 0.0], top_requires=1).fit(X, y)
    assert len(rules.thresholds_) == 2  # the top two classes share the last cut point
    new = np.array([[9.0, 0], [3.0, 1], [0.0, 1], [1.0, 0]])
    assert list(rules.predict(new)) == [2, 3, 0, 1]  # much signal, no secrecy: deflecting; secrecy, no signal: 0
    proba = rules.predict_proba(new)
    assert np.allclose(proba.sum(axis=1), 1.0) and list(proba.argmax(axis=1)) == [2, 3, 0, 1]
    assert proba[0, 3] == 0.0 and proba[1, 2] < proba[1, 3]
    with pytest.raises(ValueError, match="column index below 2"):
        CueRuleClassifier(weights=[1.0, 1.0], top_requires=5).fit(X, y)


def test_the_weights_fix_the_direction_of_the_signal() -> None:
    X = np.array([[1.0, 0.0], [0.0, 1.0]] * 6)
    y = np.array([0, 1] * 6)
    assert list(CueRuleClassifier(weights=[-1.0, 1.0]).fit(X, y).predict(X[:2])) == [0, 1]
    with pytest.raises(ValueError, match="expected 2 weights"):
        CueRuleClassifier(weights=[1.0]).fit(X, y)


def test_probability_fields_give_the_expected_label_over_three() -> None:
    fields = probability_fields([0.1, 0.2, 0.3, 0.4])
    assert fields["label"] == "confidential"
    assert fields["score"] == pytest.approx((0.2 + 0.6 + 1.2) / 3)
    assert list(fields["probabilities"]) == list(LABELS)


# ---------------------------------------------------------------- a model trained on the fixture


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "evasion.skops"
    train(FIXTURE, path, n_splits=3, n_repeats=1, candidates=("majority", "rules", "dense_lr"))
    return path


@pytest.fixture
def copied(model_path: Path, tmp_path: Path) -> Path:
    """A private copy of the model and its card, for tests that damage them."""
    target = tmp_path / "copy.joblib"
    target.write_bytes(model_path.read_bytes())
    for source, destination in zip(card_paths(model_path), card_paths(target), strict=True):
        destination.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    card = json.loads(card_paths(target)[0].read_text(encoding="utf-8"))
    card["model_file"] = target.name
    card_paths(target)[0].write_text(json.dumps(card), encoding="utf-8")
    return target


PAIRS = [
    Pair(letter_id="t", question_id="1", question="Welke voorraden zijn er?",
         answer="Om veiligheidsredenen doet het kabinet in het openbaar geen uitspraken over de voorraden."),
    Pair(letter_id="t", question_id="2", question="Hoeveel is uitgegeven?", answer="In 2024 is € 3 miljard uitgegeven."),
    Pair(letter_id="t", question_id="3", question="Deelt u die mening?", answer="Zie antwoord op vraag 1.",
         referral_to=["1"]),
]


def test_scores_hold_every_label_and_the_expected_score(model_path: Path) -> None:
    model = load_model(model_path)
    scores = model.score_pairs(PAIRS)
    assert [s.question_id for s in scores] == ["1", "2", "3"]
    assert scores[2].referral_to == ["1"]
    for score in scores:
        assert list(score.probabilities) == list(LABELS)
        assert sum(score.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert score.label == max(score.probabilities, key=score.probabilities.get)
        expected = sum(i * score.probabilities[label] for i, label in enumerate(LABELS)) / 3
        assert score.score == pytest.approx(expected, abs=1e-5)
    assert "confidentiality" in {c.family for c in scores[0].evidence.cues}
    assert model.score_pairs([]) == []


def test_save_and_load_give_identical_probabilities(model_path: Path, copied: Path) -> None:
    first, second = load_model(model_path), load_model(copied)
    assert first.version == second.version == first.card["model_sha256"][:12]
    assert [s.probabilities for s in first.score_pairs(PAIRS)] == [s.probabilities for s in second.score_pairs(PAIRS)]
    assert np.array_equal(first.predict_proba([(p.question, p.answer) for p in PAIRS]),
                          second.predict_proba([(p.question, p.answer) for p in PAIRS]))


def test_an_altered_model_file_is_refused(copied: Path) -> None:
    data = bytearray(copied.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copied.write_bytes(bytes(data))
    with pytest.raises(errors.ModelError, match="sha256") as caught:
        load_model(copied)
    assert str(copied) in str(caught.value)


def test_a_model_without_its_card_is_refused(copied: Path) -> None:
    card_paths(copied)[0].unlink()
    with pytest.raises(errors.ModelError, match="card"):
        load_model(copied)


def test_a_missing_model_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(errors.ModelError) as caught:
        load_model(tmp_path / "none.joblib")
    assert "evasion train" in (caught.value.hint or "")


def test_other_library_versions_warn_by_name(copied: Path) -> None:
    card_path = card_paths(copied)[0]
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["versions"]["scikit-learn"] = "0.0.1"
    card["versions"]["spacy_model"]["version"] = "0.0.2"
    card_path.write_text(json.dumps(card), encoding="utf-8")
    with pytest.warns(ModelVersionWarning, match=r"scikit-learn 0\.0\.1.*nl_core_news_sm 0\.0\.2"):
        model = load_model(copied)
    assert isinstance(model, TrainedModel)


def test_matching_versions_load_without_warning(model_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        load_model(model_path)


def test_the_default_model_path_comes_from_the_environment(model_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVASION_MODEL", str(model_path))
    assert load_model().version == load_model(model_path).version


@pytest.mark.parametrize("card", [[], ["model_sha256"], "text", 3], ids=["empty-list", "list", "string", "number"])
def test_a_card_that_is_no_json_object_is_blamed_on_the_card(tmp_path: Path, card: object) -> None:
    """It was reported as a model file whose sha256 differs from its card's (None)."""
    import shutil

    from classifier.config import PROJECT_DIR
    from classifier.model.modelfile import card_paths, load_model

    committed = PROJECT_DIR / "models" / "evasion.skops"
    if not committed.is_file():
        pytest.skip("no committed model")
    model_path = tmp_path / committed.name
    shutil.copy(committed, model_path)
    card_paths(model_path)[0].write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(errors.ModelError) as caught:
        load_model(model_path)
    message = str(caught.value)
    assert message.startswith(f"{card_paths(model_path)[0]}: expected a JSON object as model card")
    assert "differs" not in message and "\n" not in message


def _with_card(path: Path, data: bytes) -> Path:
    """A model file and a card that carries its true sha256: only the allow-list stands between it and the user."""
    import hashlib
    import json

    from classifier.model.modelfile import card_paths

    path.write_bytes(data)
    card_paths(path)[0].write_text(json.dumps({"model_sha256": hashlib.sha256(data).hexdigest(), "versions": {}}),
                                   encoding="utf-8")
    return path


def test_a_model_file_that_names_an_untrusted_function_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    import os

    import skops.io as sio

    from classifier.model.modelfile import load_model

    path = _with_card(tmp_path / "evil.skops", sio.dumps({"payload": os.system}))
    with pytest.raises(errors.ModelError, match=r"not trusted \(.*system"):
        load_model(path)


def test_a_pickle_with_a_matching_card_is_refused(tmp_path: Path) -> None:
    import pickle

    from classifier.model.modelfile import load_model

    path = _with_card(tmp_path / "old.joblib", pickle.dumps({"a": 1}))
    with pytest.raises(errors.ModelError, match="expected a skops model file"):
        load_model(path)


def test_a_model_file_written_before_the_levels_scores_with_plain_probabilities() -> None:
    """A TrainedModel pickled before it had level weights loads without them: probabilities as the estimator gives
    them, labels the most probable."""
    from classifier.model.modelfile import TrainedModel

    model = TrainedModel.__new__(TrainedModel)
    model.__setstate__({"estimator": None, "name": "old", "evidence_features": None, "labels": ("a", "b")})
    assert model.level_weights is None and model.decision_weights is None
    assert model.version == "unsaved"


# ------------------------------------------------- review: what training writes beside the model


@pytest.mark.parametrize("beside", ["m.card.json", "m.card.md", "m.arrays.npz"])
def test_a_model_path_whose_card_or_arrays_cannot_be_written_is_refused_before_training(tmp_path: Path,
                                                                                       beside: str) -> None:
    """A folder called m.card.json was found only after a minute of training, when m.skops and its arrays
    were written: a model without its card, which nothing loads. A pipe there would swallow the card."""
    import os

    from classifier.model.files import refuse_model_target

    (tmp_path / beside).mkdir()
    with pytest.raises(errors.OutputError, match=f"{beside}: is a folder, where the model m.skops would write"):
        refuse_model_target(tmp_path / "m.skops")
    (tmp_path / beside).rmdir()
    os.mkfifo(tmp_path / beside)
    with pytest.raises(errors.OutputError, match="is a device or pipe, where the model m.skops would write"):
        refuse_model_target(tmp_path / "m.skops")
    refuse_model_target(tmp_path / "other.skops")  # its own card and arrays are free


def test_the_card_says_how_many_annotators_labelled_the_training_pairs() -> None:
    """"Annotated by one annotator" was printed on every card, also of annotations by a team of three."""
    from classifier.config import PROJECT_DIR
    from classifier.model.card import card_markdown

    card = json.loads((PROJECT_DIR / "models" / "evasion.card.json").read_text(encoding="utf-8"))
    committed = (PROJECT_DIR / "models" / "evasion.card.md").read_text(encoding="utf-8")
    assert card_markdown(card).replace("{model_sha256}", card["model_sha256"]) == committed  # as written
    card["training_data"]["n_annotators"] = 3
    assert "Annotated by 3 annotators, each pair by one of them;" in card_markdown(card)


def _dummy_model() -> TrainedModel:
    from sklearn.dummy import DummyClassifier

    from classifier.model.features import PairFeatures

    return TrainedModel(DummyClassifier(), "dummy", PairFeatures(blocks=("cues",)))


def test_an_interrupt_while_a_model_is_written_waits_until_its_files_are_all_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between the arrays and the model (training spent seconds there building the model file) left new
    arrays beside the old model, whose card then refused them: every `score` failed with exit 12."""
    import os
    import signal

    from classifier.model.modelfile import save_model

    synced: list[int] = []
    fsync = os.fsync

    def interrupted_fsync(descriptor: int) -> None:
        if not synced:
            os.kill(os.getpid(), signal.SIGINT)
        synced.append(descriptor)
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            save_model(_dummy_model(), tmp_path / "m.skops", {"versions": {}}, "# m\n",
                       arrays=(tmp_path / "m.arrays.npz", b"arrays"))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.arrays.npz", "m.card.json", "m.card.md", "m.skops"]
    assert (tmp_path / "m.arrays.npz").read_bytes() == b"arrays" and (tmp_path / "m.card.md").read_bytes() == b"# m\n"


def test_a_full_disk_while_a_model_is_written_leaves_the_model_that_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files were moved into place one by one: a disk that filled up at the card left the new arrays and model
    beside the old card, which refused them (exit 12)."""
    import classifier.io
    from classifier.model.modelfile import save_model

    old = {name: f"old {name}".encode() for name in ("m.arrays.npz", "m.skops", "m.card.json", "m.card.md")}
    for name, content in old.items():
        (tmp_path / name).write_bytes(content)
    written: list[bytes] = []
    append = classifier.io.AtomicStream.append

    def full_at_the_card(stream: classifier.io.AtomicStream, piece: bytes) -> None:
        written.append(piece)
        if len(written) == 3:
            raise errors.OutputError("could not write it: No space left on device", path=stream.path)
        append(stream, piece)

    monkeypatch.setattr(classifier.io.AtomicStream, "append", full_at_the_card)
    with pytest.raises(errors.OutputError, match="No space left on device"):
        save_model(_dummy_model(), tmp_path / "m.skops", {"versions": {}}, "# m\n",
                   arrays=(tmp_path / "m.arrays.npz", b"arrays"))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old, "old files kept, no temporary file left"


def test_training_on_a_file_without_annotations_names_the_file(tmp_path: Path) -> None:
    """It said "error: expected annotated pairs to train on, found none", naming nothing."""
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n\n", encoding="utf-8")
    with pytest.raises(errors.EmptyInput) as caught:
        train(blank, tmp_path / "m.skops")
    assert str(caught.value) == f"{blank}: expected annotated pairs to train on, found none"
    assert caught.value.exit_code == 4 and not (tmp_path / "m.skops").exists()
