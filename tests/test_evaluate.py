"""Evaluation against annotations, and the referral resolution it shares with scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.cli import run
from classifier.config import LABELS
from classifier.letters.referrals import referral_readings, score_as_read
from classifier.model.evaluate import evaluate
from classifier.model.features import PairFeatures
from classifier.model.metrics import compute_metrics, scores_from_confusions
from classifier.model.modelfile import TrainedModel, load_model, save_model
from classifier.types import Pair, PairScore, probability_fields

KEYWORDS = (("geheim", 3), ("zie antwoord", 2), ("later", 1))


class KeywordEstimator:
    """Stands in for a fitted classifier: label index from a keyword in the answer, else 0."""

    classes_ = np.arange(4)

    def predict_proba(self, X: Any) -> np.ndarray:
        rows = []
        for _, answer in X:
            index = next((k for word, k in KEYWORDS if word in answer.lower()), 0)
            rows.append(np.eye(4)[index] * 0.7 + 0.075)
        return np.asarray(rows)


def line(letter: str, qid: str, answer: str, label: str, referral: list[str] | None = None) -> str:
    return json.dumps({
        "id": f"{letter}#{qid}", "letter_id": letter, "question_id": qid, "question": "Wat is de stand?",
        "answer": answer, "label": label, "referral_to": referral or [], "cues": [], "rationale": "r", "annotator": "t",
    })


# annotated label → what the keyword model says (after resolving the referral in b#2)
TINY = [
    line("a", "1", "Het bedrag is € 5 miljoen.", "substantive"),         # substantive ✓
    line("a", "2", "Dat blijft geheim.", "confidential"),                 # confidential ✓
    line("a", "3", "Dat hoort u later.", "deflecting"),                   # partial ✗
    line("b", "1", "Dat blijft geheim.", "confidential"),                 # confidential ✓
    line("b", "2", "Zie antwoord op vraag 1.", "confidential", ["1"]),    # deflecting alone; resolved: confidential ✓
]


@pytest.fixture(autouse=True)
def trust_the_keyword_estimator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in estimator is a type of this test module, which real model files may not name."""
    import classifier.model.modelfile

    name = f"{KeywordEstimator.__module__}.{KeywordEstimator.__qualname__}"
    monkeypatch.setattr(classifier.model.modelfile, "TRUSTED_TYPES", classifier.model.modelfile.TRUSTED_TYPES | {name})


@pytest.fixture(scope="module")
def keyword_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kw") / "kw.joblib"
    model = TrainedModel(KeywordEstimator(), "keywords", PairFeatures(blocks=("cues",)))
    save_model(model, path, {"versions": {}}, "# keywords\n")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(TINY) + "\n", encoding="utf-8")
    return path


def test_evaluate_gives_the_documented_keys_and_the_right_values(keyword_model: Path, tiny: Path) -> None:
    with pytest.warns(UserWarning):  # the stub's card records no versions
        report = evaluate(tiny, keyword_model)
    data = json.loads(report.model_dump_json())
    assert {"n", "accuracy", "macro_f1", "qwk", "per_label", "confusion", "labels"} <= set(data)
    assert data["n"] == 5
    assert data["accuracy"] == pytest.approx(4 / 5)
    assert data["labels"] == list(LABELS)
    assert data["confusion"] == [[1, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 3]]
    assert data["per_label"]["confidential"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 3}
    assert data["per_label"]["deflecting"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    # macro over the labels that occur (all four here: partial is predicted once)
    assert data["macro_f1"] == pytest.approx((1.0 + 0.0 + 0.0 + 1.0) / 4)
    # quadratic kappa by hand: observed and expected weighted disagreement
    observed = np.array(data["confusion"], dtype=float)
    weights = np.array([[(i - j) ** 2 for j in range(4)] for i in range(4)]) / 9
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    assert data["qwk"] == pytest.approx(1 - (weights * observed).sum() / (weights * expected).sum())


def test_the_evaluate_command_prints_json_or_a_table(
    keyword_model: Path, tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.warns(UserWarning):
        assert run(["evaluate", "--annotations", str(tiny), "--model", str(keyword_model), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["accuracy"] == pytest.approx(0.8)
    with pytest.warns(UserWarning):
        assert run(["evaluate", "--annotations", str(tiny), "--model", str(keyword_model)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "confidential" in out


def test_evaluate_takes_f_for_format_and_its_help_names_the_model_setting(
    keyword_model: Path, tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-f` was missing (every other command with --format has it), and the --model default left out EVASION_MODEL."""
    with pytest.warns(UserWarning):
        assert run(["evaluate", "--annotations", str(tiny), "--model", str(keyword_model), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["accuracy"] == pytest.approx(0.8)
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["evaluate", "--help"]) == 0
    assert "Model file (default: models/evasion.skops, env EVASION_MODEL)." in capsys.readouterr().out


def test_evaluate_without_a_model_fails_with_the_model_exit_code(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.errors import ModelError

    code = run(["evaluate", "--annotations", str(tiny), "--model", str(tmp_path / "none.joblib")])
    assert code == ModelError.exit_code
    assert "none.joblib" in capsys.readouterr().err


def test_a_bad_annotation_file_is_named_even_when_the_model_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.errors import AnnotationError

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    code = run(["evaluate", "--annotations", str(broken), "--model", str(tmp_path / "none.joblib")])
    assert code == AnnotationError.exit_code
    err = capsys.readouterr().err
    assert str(broken) in err and "none.joblib" not in err


def test_the_loaded_keyword_model_is_the_one_evaluated(keyword_model: Path, tiny: Path) -> None:
    with pytest.warns(UserWarning):
        model = load_model(keyword_model)
    assert evaluate(tiny, model).model_version == model.version


@pytest.mark.parametrize(
    ("true", "pred", "qwk"),
    [([0, 1, 2, 3], [0, 1, 2, 3], 1.0), ([2, 2], [2, 2], 1.0), ([0, 0], [3, 3], 0.0)],
)
def test_kappa_without_variance_is_defined(true: list[int], pred: list[int], qwk: float) -> None:
    assert compute_metrics(true, pred)["qwk"] == qwk


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=40))
def test_metrics_from_confusion_counts_agree_with_scikit_learn(pairs: list[tuple[int, int]]) -> None:
    """Macro-F1 and kappa are computed from counts (so the letter bootstrap can sum them); same numbers, to the bit."""
    from sklearn.metrics import cohen_kappa_score, f1_score

    true, pred = (np.array(side) for side in zip(*pairs, strict=True))
    metrics = compute_metrics(true, pred)
    occurring = sorted(set(true.tolist()) | set(pred.tolist()))
    assert metrics["macro_f1"] == f1_score(true, pred, labels=occurring, average="macro")
    if len(set(true.tolist())) > 1 or len(set(pred.tolist())) > 1:  # else kappa is undefined (see below)
        assert metrics["qwk"] == cohen_kappa_score(true, pred, labels=[0, 1, 2, 3], weights="quadratic")
    batch = np.stack([np.array(metrics["confusion"])] * 3)
    f1s, qwks = scores_from_confusions(batch)
    assert np.allclose(f1s, metrics["macro_f1"]) and np.allclose(qwks, metrics["qwk"])


# ---------------------------------------------------------------- referral readings


def pair(qid: str, answer: str, referral: list[str] | None = None) -> Pair:
    return Pair(letter_id="l", question_id=qid, question=f"Vraag {qid}?", answer=answer, referral_to=referral or [])


class Reader:
    """A scorer that reports what it was given to read: `substantive` unless the answer it reads says "nee"."""

    version = "reader"
    decision_weights = None

    def __init__(self) -> None:
        self.read: list[tuple[str, str]] = []

    def score_pairs(self, pairs: list[Pair]) -> list[PairScore]:
        self.read = [(p.question, p.answer) for p in pairs]
        return [PairScore(question_id=p.question_id, question=p.question, answer=p.answer, referral_to=p.referral_to,
                          **probability_fields([0, 0, 1, 0] if "nee" in p.answer.lower() else [1, 0, 0, 0]))
                for p in pairs]


def test_a_referral_answer_is_read_with_the_answers_it_points_to_against_its_own_question() -> None:
    """Rule 5: what answers 6 and 7 give to question 8, not what they gave to questions 6 and 7."""
    pairs = [pair("6", "Ja, 40 miljoen."), pair("7", "Nee, dat doen we niet."),
             pair("8", "Zie antwoord op vraag 6 en 7.", ["6", "7"])]
    reader = Reader()
    scores = score_as_read(reader, pairs)
    assert reader.read[2] == ("Vraag 8?", "Ja, 40 miljoen.\nNee, dat doen we niet.")
    assert reader.read[:2] == [("Vraag 6?", "Ja, 40 miljoen."), ("Vraag 7?", "Nee, dat doen we niet.")]
    assert scores[2].answer == "Zie antwoord op vraag 6 en 7." and scores[2].resolved_from == ["6", "7"]
    assert scores[2].label == "deflecting" and [s.resolved_from for s in scores[:2]] == [[], []]


def test_a_referral_shows_no_cue_of_the_answers_it_was_read_as() -> None:
    """The spans of a reading point into the referred answers' words: shown on the referral's own words they
    named a cue it does not hold ("betreurenswaardig" over "are communicatie")."""
    from classifier.types import CueSpan, Evidence

    class Marker(Reader):
        def score_pairs(self, pairs: list[Pair]) -> list[PairScore]:
            scores = super().score_pairs(pairs)
            for score, read in zip(scores, pairs, strict=True):
                at = read.answer.find("geheim")
                found = [CueSpan(family="confidentiality", text="geheim", start=at, end=at + 6)] if at >= 0 else []
                score.evidence = Evidence(cues=found)
            return scores

    pairs = [pair("1", "Dat is geheim."), pair("2", "Zie antwoord 1.", ["1"]), pair("3", "Zie 1, het is geheim.", ["1"])]
    scores = score_as_read(Marker(), pairs)
    assert [c.text for c in scores[0].evidence.cues] == ["geheim"]
    assert scores[1].evidence.cues == []  # offsets 7–13 of answer 1 fall on "twoord" of "Zie antwoord 1."
    assert scores[2].evidence.cues == []  # its own "geheim" is elsewhere: the reading's offsets do not hold it


@pytest.mark.parametrize("qid", ["6+7", "X-6", "6.2", "6a"])
def test_a_referred_number_matches_combined_sectioned_and_split_ids(qid: str) -> None:
    readings = referral_readings([pair(qid, "Nee."), pair("9", "Zie antwoord 6.", ["6"])])
    assert readings == {1: ("Nee.", [0])}


def test_the_referring_pairs_own_section_is_preferred() -> None:
    pairs = [pair("X-6", "Ja."), pair("Y-6", "Nee."), pair("Y-9", "Zie 6.", ["6"])]
    assert referral_readings(pairs) == {2: ("Nee.", [1])}


def test_unresolvable_and_circular_referrals_are_read_as_they_stand() -> None:
    missing = [pair("1", "Ja."), pair("2", "Zie vraag 5.", ["5"])]
    assert referral_readings(missing) == {}
    reader = Reader()
    assert [s.answer for s in score_as_read(reader, missing)] == ["Ja.", "Zie vraag 5."]
    assert reader.read[1] == ("Vraag 2?", "Zie vraag 5.")
    circle = [pair("1", "Zie 2.", ["2"]), pair("2", "Zie 1.", ["1"])]
    assert referral_readings(circle) == {}


def test_a_chain_of_referrals_is_read_to_its_end() -> None:
    chain = [pair("1", "Nee."), pair("2", "Zie 1.", ["1"]), pair("3", "Zie 2.", ["2"])]
    assert referral_readings(chain) == {1: ("Nee.", [0]), 2: ("Nee.", [1])}
    assert [s.label for s in score_as_read(Reader(), chain)] == ["deflecting"] * 3


def test_a_model_trained_here_evaluates_a_letter_it_never_saw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The workflow the issue asks for: train on some letters, evaluate on an annotation file of another."""
    from classifier.annotations.files import load_annotations
    from classifier.config import PROJECT_DIR
    from classifier.model.training import train

    fixture = Path(__file__).parent / "fixtures" / "annotations_small.jsonl"
    unseen = PROJECT_DIR / "annotations" / "000_98ccc7fd7b35366f.jsonl"
    trained_on = {a.letter_id for a in load_annotations(fixture)}
    held_out = load_annotations(unseen)
    assert not trained_on & {a.letter_id for a in held_out}
    model = tmp_path / "m.joblib"
    train(fixture, model, n_splits=3, n_repeats=1, candidates=("rules", "gated_lr"))

    assert run(["evaluate", "--annotations", str(unseen), "--model", str(model), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == len(held_out)
    assert sum(map(sum, report["confusion"])) == len(held_out)
    assert [row["support"] for row in report["per_label"].values()] == [
        sum(a.label == label for a in held_out) for label in LABELS
    ]
    assert 0.0 <= report["macro_f1"] <= 1.0 and -1.0 <= report["qwk"] <= 1.0
    assert report["seen_in_training"] == 0
    assert "training data" not in capsys.readouterr().err

    # the letters it was trained on: said plainly, because that measures fit
    assert run(["evaluate", "--annotations", str(fixture), "--model", str(model), "--format", "json"]) == 0
    captured = capsys.readouterr()
    n = len(load_annotations(fixture))
    assert json.loads(captured.out)["seen_in_training"] == n
    assert f"warning: {n} of {n} pairs in {fixture} are in the model's training data" in captured.err


SEEDS = ["000_98ccc7fd7b35366f", "001_e472fb248c5230f8", "002_60017dab6e1cdc7e", "003_b68a65984b2ea432",
         "004_91c9aa3440a3762b"]


@pytest.fixture(scope="module")
def committed_model() -> TrainedModel:
    return load_model()


@pytest.mark.parametrize("seed", SEEDS)
def test_evaluate_measures_exactly_what_score_gives(seed: str, committed_model: TrainedModel) -> None:
    """Same text, same label: evaluate takes referrals from the answer text as the splitter does."""
    from classifier.annotations.files import load_annotations
    from classifier.config import PROJECT_DIR
    from classifier.model.evaluate import predict_annotations
    from classifier.scoring.letter import score_letter

    annotations = load_annotations(PROJECT_DIR / "annotations" / f"{seed}.jsonl")
    scored = {p.question_id: p for p in score_letter(PROJECT_DIR / "annotations" / "sources" / f"{seed}.txt",
                                                      model=committed_model).pairs}
    evaluated = predict_annotations(annotations, committed_model)
    assert len(evaluated) == len(annotations) > 0
    for annotation, got in evaluated:
        assert got.label == scored[annotation.question_id].label, annotation.id
        assert got.referral_to == scored[annotation.question_id].referral_to, annotation.id
        assert got.score == pytest.approx(scored[annotation.question_id].score, abs=1e-9), annotation.id


def test_evaluate_finds_referrals_in_the_answer_text_not_in_referral_to(tmp_path: Path, keyword_model: Path) -> None:
    """An annotator may record a referral the splitter cannot see; evaluate scores what score would see."""
    from classifier.annotations.files import load_annotations
    from classifier.model.evaluate import predict_annotations

    lines = [line("L", "1", "Het is geheim.", "confidential"),
             line("L", "2", "Zie antwoord op vraag 1.", "confidential"),
             line("L", "3", "Dat volgt later, net als bij vraag 1.", "deflecting", ["1"])]
    path = tmp_path / "L.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = {a.question_id: s for a, s in predict_annotations(load_annotations(path), load_model(keyword_model))}
    assert got["2"].referral_to == ["1"] and got["2"].label == "confidential"
    assert got["3"].referral_to == [] and got["3"].label == "partial"


def test_a_dangling_referral_warns_and_keeps_the_models_output(tmp_path: Path, keyword_model: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "partial.jsonl"
    path.write_text(line("L", "4", "Zie antwoord op vraag 2.", "deflecting", ["2"]) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="referral_to '2' matches no question"):
        code = run(["evaluate", "--annotations", str(path), "--model", str(keyword_model), "--format", "json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 1 and report["confusion"][2][2] == 1  # the keyword model's own "deflecting"


def test_an_answer_about_secrecy_is_not_labelled_confidential(committed_model: TrainedModel) -> None:
    """Seed 003 #2: the answer says where the information is (a public and a confidential part); it withholds nothing."""
    from classifier.config import PROJECT_DIR
    from classifier.scoring.letter import score_letter

    scored = {p.question_id: p for p in score_letter(PROJECT_DIR / "annotations" / "sources" / f"{SEEDS[3]}.txt",
                                                      model=committed_model).pairs}
    assert "vertrouwelijk deel" in scored["2"].answer
    assert scored["2"].label != "confidential"
    assert scored["2"].probabilities["confidential"] < 0.2


def test_a_warning_about_an_annotation_says_warning_once(tmp_path: Path, keyword_model: Path) -> None:
    """The CLI puts "warning: " before every warning; the annotation's own "warning: " made it
    `warning: f.jsonl:1: warning: referral_to '2' matches no question …` on `evaluate` and `train`."""
    path = tmp_path / "partial.jsonl"
    path.write_text(line("L", "4", "Zie antwoord op vraag 2.", "deflecting", ["2"]) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="referral_to '2' matches no question") as caught:
        evaluate(path, keyword_model)
    shown = [str(w.message) for w in caught if "referral_to" in str(w.message)]
    assert shown == [f"{path}:1: referral_to '2' matches no question of letter 'L' in these files"]
