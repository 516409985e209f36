"""`evasion score --jobs N`: letters scored in worker processes give the same output as in one process.

Workers load the model from its file (FakeModel exists only in the test process), so these tests
train a tiny model once. Each pool starts two workers that each load spaCy (~1–2 s): keep them few.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier import errors
from classifier.cli import run
from classifier.config import PROJECT_DIR, get_settings
from classifier.errors import NoPairs
from classifier.letters.pairs import read_letter
from classifier.scoring import pool, score

FIXTURE = Path(__file__).parent / "fixtures" / "annotations_small.jsonl"
SOURCES = PROJECT_DIR / "annotations" / "sources"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from classifier.model.training import train

    path = tmp_path_factory.mktemp("pool") / f"evasion{get_settings().model_path.suffix}"
    train(FIXTURE, path, n_splits=3, n_repeats=1, candidates=("majority", "rules"))
    return path


def _splits(path: Path) -> bool:
    try:
        read_letter(path)
    except NoPairs:
        return False
    return True


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four small letters from annotations/sources/ that split, with an empty file among them (the smallest
    sources include letters without pairs, such as ministers' replies to a committee's request)."""
    small = [p for p in sorted(SOURCES.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))[:40] if _splits(p)][:4]
    empty = tmp_path_factory.mktemp("bad") / "empty.txt"
    empty.write_text("", encoding="utf-8")
    return [small[0], small[1], empty, small[2], small[3]]


@pytest.mark.parametrize(("fmt", "out"), [("json", "scores.json"), ("csv", "scores.csv"), ("html", "pages")])
def test_two_jobs_write_the_same_bytes_as_one(
    tmp_path: Path, tiny_model: Path, letters: list[Path], fmt: str, out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    written = {}
    for jobs in (1, 2):
        target = tmp_path / str(jobs) / out
        args = ["score", *map(str, letters), "--format", fmt, "--out", str(target), "--model", str(tiny_model)]
        assert run([*args, "--jobs", str(jobs)]) == errors.BatchFailed.exit_code
        err = capsys.readouterr().err.splitlines()
        assert [line for line in err if line.startswith("error: ")][0].startswith(f"error: {letters[2]}: ")
        written[jobs] = ({p.name: p.read_bytes() for p in sorted(target.iterdir())} if target.is_dir()
                         else target.read_bytes())
        written[jobs, "err"] = [line.replace(str(target), out) for line in err]
    assert written[1] == written[2]
    assert written[1, "err"] == written[2, "err"]
    if fmt == "html":
        assert len(written[1]) == 4


def test_a_single_letter_or_a_loaded_model_starts_no_pool(
    letter_file: Path, fake_model, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(pool, "score_in_pool", no_pool)
    monkeypatch.setattr(score, "load_scorer", lambda _=None: fake_model)
    assert score.score_files([letter_file], jobs=4).letters == 1
    assert score.score_files([letter_file, letter_file], model=fake_model, jobs=4).letters == 2


def test_jobs_below_one_are_refused(letter_file: Path) -> None:
    with pytest.raises(errors.UsageError):
        score.score_files([letter_file], jobs=0)


def test_a_missing_model_stops_the_pool_as_it_stops_one_process(tmp_path: Path, letters: list[Path]) -> None:
    with pytest.raises(errors.ModelError):
        score.score_files(letters[:2], model=tmp_path / "none.skops", jobs=2)


def test_a_workers_warnings_are_handed_to_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker showed an answer cut to what the model reads in Python's two-line form, out of order; it hands
    its warnings back with the letter, and the parent raises them as one process would."""
    from conftest import FakeModel

    from classifier.model import analysis

    monkeypatch.setattr(analysis, "MAX_TEXT_CHARS", 500)
    monkeypatch.setattr(pool, "_SCORER", FakeModel())
    letter = tmp_path / "lang.txt"
    letter.write_text("Vraag 1\nHoeveel kost dit?\nAntwoord 1\n" + "Het kost € 3 miljoen. " * 40 + "\n", encoding="utf-8")
    kind, value, raised = pool._work(letter)
    assert kind == "ok" and len(value.pairs) == 1
    assert [(category, "the answer of pair 1 has" in message) for message, category in raised] == [(UserWarning, True)]
