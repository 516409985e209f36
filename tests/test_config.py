"""Settings from the environment: a value that is not valid is one line and exit code 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier import errors
from classifier.cli import run
from classifier.config import get_settings

NUMERIC = ["EVASION_MAX_INPUT_BYTES", "EVASION_MAX_EXPANDED_BYTES", "EVASION_MAX_TEXT_CHARS", "EVASION_MAX_PAGES",
           "EVASION_REPORT_MIN_PAIRS"]


@pytest.mark.parametrize("name", NUMERIC)
@pytest.mark.parametrize("value", ["abc", "x", "1.5", "-1", "0", "9" * 5000])
def test_a_setting_that_is_no_valid_number_is_refused_with_one_line(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(errors.SettingsError) as caught:
        get_settings()
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert message.startswith(f"{name}: expected a whole number") and "\n" not in message
    assert len(message) < 200, "a 5000-digit value is not echoed whole"


@pytest.mark.parametrize(
    ("name", "value", "command"),
    [("EVASION_MAX_INPUT_BYTES", "abc", "pairs"), ("EVASION_MAX_INPUT_BYTES", "-5", "pairs"),
     ("EVASION_REPORT_MIN_PAIRS", "x", "report"), ("EVASION_MAX_PAGES", "-1", "score")],
)
def test_the_cli_says_which_setting_is_wrong_and_exits_2(
    name: str, value: str, command: str, letter_file: Path, use_fake_model: object,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(name, value)
    assert run([command, str(letter_file)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert "Traceback" not in captured.err and captured.out == ""
    assert lines[0].startswith(f"error: {name}: expected a whole number") and value[:3] in lines[0]
    assert all(line.startswith("hint: ") for line in lines[1:]) and len(lines) <= 2


def test_valid_numbers_and_empty_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVASION_MAX_INPUT_BYTES", " 1000 ")
    monkeypatch.setenv("EVASION_REPORT_MIN_PAIRS", "3")
    monkeypatch.setenv("EVASION_MAX_PAGES", "")  # empty: the default
    monkeypatch.setenv("EVASION_SPACY_MODEL", "")
    settings = get_settings()
    assert (settings.max_input_bytes, settings.report_min_pairs, settings.max_pages) == (1000, 3, 2000)
    assert settings.spacy_model == "nl_core_news_sm"


# -- the model an installed package scores with -------------------------------------------------------------

def _setup_module() -> object:
    """setup.py as a module: its `setup()` runs only as a script, so importing it builds nothing."""
    import importlib.util

    from classifier.config import PROJECT_DIR

    spec = importlib.util.spec_from_file_location("evasion_setup", PROJECT_DIR / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_wheel_carries_the_committed_model_and_the_files_read_beside_it(tmp_path: Path) -> None:
    from classifier.config import PROJECT_DIR

    setup = _setup_module()
    copied = setup.bundle_model(PROJECT_DIR / "models", tmp_path)  # type: ignore[attr-defined]
    bundle = tmp_path / "classifier" / "data" / "model"
    assert sorted(p.name for p in copied) == sorted(p.name for p in bundle.iterdir()) == sorted(
        ["evasion.skops", "evasion.arrays.npz", "evasion.card.json", "evasion.card.md"])
    for path in copied:
        assert path.read_bytes() == (PROJECT_DIR / "models" / path.name).read_bytes()


def test_an_installed_package_without_models_beside_it_scores_with_the_model_it_carries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pip install .` (not editable) puts the package in site-packages, where no models/ folder is: `evasion
    score` said "expected a trained model file, found none" there."""
    import json
    import shutil

    from classifier import config
    from classifier.scoring.letter import score_letter

    bundle = tmp_path / "site-packages" / "classifier" / "data" / "model"
    _setup_module().bundle_model(config.PROJECT_DIR / "models", bundle.parents[2])  # type: ignore[attr-defined]
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path / "site-packages")
    monkeypatch.setattr(config, "BUNDLED_MODEL_DIR", bundle)
    assert get_settings().model_path == bundle / "evasion.skops"
    letter = tmp_path / "letter.txt"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "kamervragen_combined.txt", letter)
    scored = score_letter(letter)
    card = json.loads((bundle / "evasion.card.json").read_text(encoding="utf-8"))
    assert scored.pairs and card["model_sha256"].startswith(scored.model_version)


def test_without_a_model_in_either_place_score_names_both_and_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wheel built from a checkout without a trained model carries none: `evasion score` named only models/
    in site-packages, a folder the user never had, and not the installed copy it had looked for too."""
    import shutil

    from classifier import config

    site = tmp_path / "site-packages"
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", site)
    monkeypatch.setattr(config, "BUNDLED_MODEL_DIR", site / "classifier" / "data" / "model")
    shutil.copyfile(Path(__file__).parent / "fixtures" / "kamervragen_combined.txt", tmp_path / "some.txt")
    monkeypatch.chdir(tmp_path)
    assert run(["score", "some.txt"]) == errors.ModelError.exit_code == 12  # README: "model file missing"
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert captured.out == "" and "Traceback" not in captured.err and len(lines) == 2, captured.err
    assert lines[0] == (f"error: expected a trained model file, found none at {site / 'models' / 'evasion.skops'} "
                        f"or at {site / 'classifier' / 'data' / 'model' / 'evasion.skops'}")
    assert lines[1].startswith("hint: ") and "`evasion train`" in lines[1] and "EVASION_MODEL" in lines[1]


def test_a_checkout_scores_with_its_own_models_folder_before_any_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classifier import config

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "evasion.skops").write_bytes(b"PK")
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "evasion.skops").write_bytes(b"PK")
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", tmp_path)
    monkeypatch.setattr(config, "BUNDLED_MODEL_DIR", tmp_path / "bundle")
    assert get_settings().model_path == tmp_path / "models" / "evasion.skops"
    (tmp_path / "models" / "evasion.skops").unlink()
    (tmp_path / "bundle" / "evasion.skops").unlink()
    assert get_settings().model_path == tmp_path / "models" / "evasion.skops", "the error names where train writes"


def test_train_without_out_on_an_installed_package_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default model of an installed package sits in site-packages, where an upgrade would replace a model
    trained there without a word."""
    from classifier.model import training

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    monkeypatch.setenv("EVASION_MODEL", str(bundle / "evasion.skops"))
    monkeypatch.setattr(training, "BUNDLED_MODEL_DIR", bundle)
    with pytest.raises(errors.UsageError, match="expected --out") as caught:
        training.train(tmp_path / "no-annotations-here")
    assert caught.value.exit_code == 2
    assert not list(bundle.iterdir())


def test_train_without_out_on_an_installed_package_without_a_bundled_model_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel built without a model points the default at models/ inside site-packages: a model trained there
    would be lost at the next upgrade just the same."""
    from classifier import config
    from classifier.model import training

    site = tmp_path / "site-packages"
    (site / "classifier").mkdir(parents=True)
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", site)
    monkeypatch.setattr(config, "BUNDLED_MODEL_DIR", site / "classifier" / "data" / "model")
    with pytest.raises(errors.UsageError, match="expected --out") as caught:
        training.train(tmp_path / "no-annotations-here")
    assert caught.value.exit_code == 2
    assert sorted(p.name for p in site.iterdir()) == ["classifier"]


@pytest.mark.parametrize(("name", "attribute"), [("EVASION_STORE", "store_path"), ("EVASION_MODEL", "model_path"),
                                                 ("EVASION_ANNOTATIONS", "annotations_dir")])
def test_a_path_setting_with_a_tilde_is_in_the_home_folder(name: str, attribute: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A .env file passes "~/evasion.db" on as typed: the store was made in a folder named "~"."""
    monkeypatch.setenv(name, "~/evasion/x")
    assert getattr(get_settings(), attribute) == Path.home() / "evasion" / "x"


def test_without_a_model_in_either_place_evaluate_names_both_as_score_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier import config

    site = tmp_path / "site-packages"
    monkeypatch.delenv("EVASION_MODEL", raising=False)
    monkeypatch.setattr(config, "PROJECT_DIR", site)
    monkeypatch.setattr(config, "BUNDLED_MODEL_DIR", site / "classifier" / "data" / "model")
    (tmp_path / "a.jsonl").write_text(json.dumps({
        "id": "x#1", "letter_id": "x", "question_id": "1", "question": "Klopt het?", "answer": "Ja.",
        "label": "substantive", "referral_to": [], "cues": ["Ja."], "rationale": "Yes.", "annotator": "a"}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["evaluate", "--annotations", "a.jsonl"]) == errors.ModelError.exit_code
    first = capsys.readouterr().err.splitlines()[0]
    assert first == (f"error: expected a trained model file, found none at {site / 'models' / 'evasion.skops'} "
                     f"or at {site / 'classifier' / 'data' / 'model' / 'evasion.skops'}")
