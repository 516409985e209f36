"""The model as arrays: the same probabilities as the scikit-learn model, and scoring without scikit-learn."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from classifier import errors
from classifier.config import LABELS, PROJECT_DIR
from classifier.letters.pairs import read_letter
from classifier.model.compiled import (
    PARITY_TOLERANCE,
    CompiledModel,
    arrays_path,
    compile_model,
    load_compiled,
    load_scorer,
)
from classifier.model.modelfile import TrainedModel, load_model

MODEL = PROJECT_DIR / "models" / "evasion.skops"
SEEDS = sorted(p for p in (PROJECT_DIR / "annotations" / "sources").glob("00[0-4]_*.txt")
               if len(p.stem.split("_", 1)[1]) == 16)  # the five seed documents: hashed names


@pytest.fixture(scope="module")
def seed_pairs() -> list:
    return [pair for path in SEEDS for pair in read_letter(path).pairs]


@pytest.fixture(scope="module")
def committed() -> tuple[CompiledModel, TrainedModel]:
    compiled = load_compiled(MODEL)
    assert compiled is not None, "the committed card names no arrays file"
    return compiled, load_model(MODEL)


def copy_model(folder: Path) -> Path:
    for source in MODEL.parent.glob("evasion.*"):
        shutil.copy(source, folder / source.name)
    return folder / MODEL.name


def test_the_arrays_give_the_model_files_probabilities_on_every_seed_pair(committed, seed_pairs) -> None:
    compiled, model = committed
    X = [(p.question, p.answer) for p in seed_pairs]
    assert len(X) > 150
    assert np.max(np.abs(compiled.predict_proba(X) - model.predict_proba(X))) <= PARITY_TOLERANCE
    fast, slow = compiled.score_pairs(seed_pairs), model.score_pairs(seed_pairs)
    assert [s.label for s in fast] == [s.label for s in slow]
    assert [s.evidence for s in fast] == [s.evidence for s in slow]
    assert compiled.version == model.version


def test_the_arrays_file_is_reproducible_and_reads_back_the_same(committed) -> None:
    compiled, _ = committed
    data = compiled.to_bytes()
    assert data == compiled.to_bytes() == arrays_path(MODEL).read_bytes()
    again = CompiledModel.from_bytes(data, Path("x"))
    X = [("Hoeveel kost dat?", "Dat kost € 3 miljoen."), ("Kunt u dat toelichten?", "Daarover informeer ik uw Kamer later.")]
    assert np.array_equal(again.predict_proba(X), compiled.predict_proba(X))


def test_the_scorer_uses_the_arrays_and_falls_back_to_the_model_file_without_them(tmp_path: Path) -> None:
    path = copy_model(tmp_path)
    assert isinstance(load_scorer(path), CompiledModel)
    card_path = path.with_name("evasion.card.json")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    del card["arrays_sha256"]
    card_path.write_text(json.dumps(card), encoding="utf-8")
    assert isinstance(load_scorer(path), TrainedModel)  # a model trained before the arrays existed


def test_changed_arrays_are_refused(tmp_path: Path) -> None:
    path = copy_model(tmp_path)
    arrays = arrays_path(path)
    arrays.write_bytes(arrays.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(errors.ModelError, match="differs from its card"):
        load_scorer(path)


def test_arrays_holding_a_pickle_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("spec.npy", buffer.getvalue())
    with pytest.raises(errors.ModelError, match="arrays file"):
        CompiledModel.from_bytes(out.getvalue(), tmp_path / "bad.arrays.npz")


def test_a_model_that_is_not_the_gated_kind_has_no_arrays(committed) -> None:
    from sklearn.dummy import DummyClassifier
    from sklearn.pipeline import Pipeline

    from classifier.model.features import PairFeatures

    _, model = committed
    other = TrainedModel(Pipeline([("features", PairFeatures(blocks=("shape",))), ("clf", DummyClassifier())]),
                         "majority", model.evidence_features)
    assert compile_model(other) is None
    assert compile_model(model) is not None


def test_scoring_a_letter_imports_no_scikit_learn(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text("Vraag 1\nHoeveel kost het?\n\nAntwoord 1\nHet kost € 3 miljoen.\n", encoding="utf-8")
    code = ("import sys; from classifier.cli import run; "
            f"code = run(['score', {str(letter)!r}, '--format', 'json', '--out', {str(tmp_path / 'o.json')!r}]); "
            "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'scipy', 'pandas'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=PROJECT_DIR)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["pairs"][0]["label"]


@pytest.mark.parametrize("candidate", ["gated_lr_asked", "gated_forest"])
def test_both_kinds_of_grader_compile_to_the_same_probabilities(candidate: str, committed) -> None:
    """The arrays hold a logistic grader or a forest's trees; each gives scikit-learn's probabilities."""
    from classifier.annotations.files import load_annotations
    from classifier.model.candidates import candidate_models

    _, model = committed
    annotations = load_annotations(Path(__file__).parent / "fixtures" / "annotations_small.jsonl")
    X = [(a.question, a.answer) for a in annotations]
    y = np.array([LABELS.index(a.label) for a in annotations])
    fitted = TrainedModel(candidate_models(0)[candidate].fit(X, y), candidate, model.evidence_features)
    compiled = compile_model(fitted)
    assert compiled is not None and (compiled.forest is not None) == (candidate == "gated_forest")
    again = CompiledModel.from_bytes(compiled.to_bytes(), Path("x"))
    assert np.max(np.abs(again.predict_proba(X) - fitted.predict_proba(X))) <= PARITY_TOLERANCE


def test_forest_arrays_whose_children_point_outside_the_trees_are_refused(committed, tmp_path: Path) -> None:
    compiled, _ = committed
    assert compiled.forest is not None
    data = io.BytesIO(compiled.to_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            payload = source.read(name)
            if name == "forest_left.npy":
                left = np.load(io.BytesIO(payload))
                left[0] = len(left) + 5
                buffer = io.BytesIO()
                np.save(buffer, left)
                payload = buffer.getvalue()
            target.writestr(name, payload)
    with pytest.raises(errors.ModelError, match="arrays file"):
        CompiledModel.from_bytes(out.getvalue(), tmp_path / "bad.arrays.npz")


def _with_spec(compiled: CompiledModel, **changes: object) -> bytes:
    """The arrays file with its spec changed (a key set to None is removed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(compiled.to_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            payload = source.read(name)
            if name == "spec.npy":
                spec = json.loads(str(np.load(io.BytesIO(payload))))
                for key, value in changes.items():
                    if value is None:
                        spec.pop(key, None)
                    else:
                        spec[key] = value
                buffer = io.BytesIO()
                np.save(buffer, np.asarray(json.dumps(spec)))
                payload = buffer.getvalue()
            target.writestr(name, payload)
    return out.getvalue()


def test_the_shipped_model_is_levelled_and_its_labels_are_the_unlevelled_ones(committed, seed_pairs) -> None:
    """Both scoring paths apply the card's level factors; the labels stay those of the model without them."""
    compiled, model = committed
    card_weights = model.card["calibration"]["level_weights"]
    assert list(compiled.level_weights) == model.level_weights == card_weights
    X = [(p.question, p.answer) for p in seed_pairs]
    raw = CompiledModel.from_bytes(_with_spec(compiled, level_weights=None), Path("x"))
    assert raw.level_weights is None
    levelled_scores, raw_scores = compiled.score_pairs(seed_pairs), raw.score_pairs(seed_pairs)
    assert [s.label for s in levelled_scores] == [s.label for s in raw_scores]
    assert np.mean([s.score for s in levelled_scores]) < np.mean([s.score for s in raw_scores]) - 0.01
    assert not np.allclose(compiled.predict_proba(X), raw.predict_proba(X))


@pytest.mark.parametrize("weights", [[1.0, 0.5], [1.0, 0.5, 0.0, 0.2], ["a", 1, 1, 1]])
def test_arrays_with_unusable_level_weights_are_refused(committed, weights: list) -> None:
    compiled, _ = committed
    with pytest.raises(errors.ModelError, match="arrays file"):
        CompiledModel.from_bytes(_with_spec(compiled, level_weights=weights), Path("bad.arrays.npz"))
