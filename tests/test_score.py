"""`score_letter`, `score_files`, the JSON/CSV/table writers and `evasion score`."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import FakeModel, make_letter_score, write_fetch_sidecar
from rich.console import Console

import classifier
from classifier import errors
from classifier.cli import run
from classifier.config import LABELS, get_settings
from classifier.letters.pairs import read_letter
from classifier.outputs import render, tables
from classifier.outputs.store import Store
from classifier.scoring import score
from classifier.scoring.letter import score_letter, summarize
from classifier.scoring.score import BatchResult, score_files
from classifier.types import PairScore


@pytest.fixture
def use_fake_model(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    """Make every load of the default model (as the CLI does) return one FakeModel, in this process: a worker
    of a pool would load the trained model (and take seconds)."""
    model = FakeModel()
    monkeypatch.setattr(score, "load_scorer", lambda _=None: model)
    monkeypatch.setattr(score, "default_jobs", lambda: 1)
    return model


# -- the library -------------------------------------------------------------------


def test_a_letter_file_is_scored_pair_by_pair(letter_file: Path, fake_model: FakeModel) -> None:
    result = score_letter(letter_file, model=fake_model)
    letter = read_letter(letter_file)
    assert [p.question_id for p in result.pairs] == [p.question_id for p in letter.pairs]
    assert [p.answer for p in result.pairs] == [p.answer for p in letter.pairs]
    assert result.letter == letter.meta
    assert result.model_version == fake_model.version
    assert result.summary == summarize(result.pairs)
    assert fake_model.calls == 1


def test_a_path_as_string_and_the_text_itself_give_the_same_scores(
    letter_file: Path, letter_text: str, fake_model: FakeModel
) -> None:
    from_path = score_letter(letter_file, model=fake_model)
    from_string_path = score_letter(str(letter_file), model=fake_model)
    from_text = score_letter(letter_text, model=fake_model)
    assert from_string_path == from_path
    assert from_text.pairs == from_path.pairs
    assert from_text.letter.content_hash  # text handed in still gets a key for the store


def test_the_package_exports_score_letter() -> None:
    assert classifier.score_letter is score_letter


@pytest.mark.parametrize("name", ["missing.txt", "missing.html", "missing.htm", "a-folder"])
def test_a_missing_file_name_is_not_mistaken_for_letter_text(tmp_path: Path, fake_model: FakeModel,
                                                             name: str) -> None:
    (tmp_path / "a-folder").mkdir()
    with pytest.raises(errors.InputNotFound):
        score_letter(str(tmp_path / name), model=fake_model)


@pytest.mark.parametrize(("call", "says"), [
    (lambda: score_letter("Vraag 1\nWat?\nAntwoord 1\nJa.", model=123), "expected a model file's path"),
    (lambda: classifier.split_letter(b"Vraag 1"), "expected the letter's text as str, got bytes; decode it first"),
    (lambda: classifier.split_letter(123), "expected the letter's text as str, got int"),
])
def test_a_wrong_type_from_python_says_what_was_expected(call, says: str) -> None:
    with pytest.raises(TypeError, match=says):
        call()


def test_summary_counts_every_label_and_the_share_of_evasive_answers() -> None:
    base = dict(question="?", answer="!", probabilities={label: 0.25 for label in LABELS})
    pairs = [
        PairScore(question_id=str(i), label=label, score=value, **base)
        for i, (label, value) in enumerate(
            [("substantive", 0.0), ("substantive", 0.1), ("deflecting", 0.7), ("confidential", 0.9)]
        )
    ]
    summary = summarize(pairs)
    assert summary.pairs == 4
    assert summary.per_label == {"substantive": 2, "partial": 0, "deflecting": 1, "confidential": 1}
    assert summary.mean_score == pytest.approx((0.0 + 0.1 + 0.7 + 0.9) / 4)
    assert summary.share_evasive == pytest.approx(0.5)


def test_a_model_that_loses_pairs_is_an_error(letter_file: Path) -> None:
    class Lossy(FakeModel):
        def score_pairs(self, pairs):
            return super().score_pairs(pairs)[:-1]

    with pytest.raises(errors.ModelError, match="returned"):
        score_letter(letter_file, model=Lossy())


def test_a_batch_skips_failing_files_and_keeps_going(
    tmp_path: Path, letter_file: Path, fake_model: FakeModel
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = tmp_path / "missing.txt"
    seen: list[tuple[int, int, str, type | None]] = []
    result = score_files(
        [empty, letter_file, missing],
        model=fake_model,
        on_progress=lambda done, total, path, error: seen.append((done, total, path.name, type(error))),
    )
    assert isinstance(result, BatchResult)
    assert [s.letter.source for s in result.scored] == [str(letter_file)]
    assert [(path, type(exc)) for path, exc in result.failures] == [
        (empty, errors.EmptyInput),
        (missing, errors.InputNotFound),
    ]
    assert seen == [
        (1, 3, "empty.txt", errors.EmptyInput),
        (2, 3, letter_file.name, type(None)),
        (3, 3, "missing.txt", errors.InputNotFound),
    ]
    assert fake_model.calls == 1


def test_scoring_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, letter_file: Path) -> None:
    import gc

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert gc.isenabled()
    score_letter(letter_file, model=FakeModel())
    with pytest.raises(errors.EmptyInput):
        score_letter(empty, model=FakeModel())
    assert gc.isenabled()
    gc.disable()
    try:
        score_letter(letter_file, model=FakeModel())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_batch_can_save_each_letter_to_the_store(tmp_path: Path, letter_file: Path, fake_model: FakeModel) -> None:
    store = Store(tmp_path / "scores.db")
    result = score_files([letter_file], model=fake_model, store=store)
    assert store.letter_scores() == result.scored


# -- writers -----------------------------------------------------------------------


def test_json_holds_letter_summary_and_every_pair() -> None:
    letter = make_letter_score()
    data = json.loads(render.to_json(letter))
    assert data["letter"]["letter_id"] == letter.letter.letter_id
    assert data["letter"]["date"] == letter.letter.date.isoformat()
    assert data["summary"] == letter.summary.model_dump()
    assert [p["question_id"] for p in data["pairs"]] == [p.question_id for p in letter.pairs]
    for record, pair in zip(data["pairs"], letter.pairs, strict=True):
        assert set(record) == {
            "question_id", "section", "party", "question", "answer", "label", "score",
            "probabilities", "evidence", "referral_to", "resolved_from", "complete",
        }
        assert record["answer"] == pair.answer and record["label"] == pair.label
        assert record["probabilities"] == pair.probabilities
        assert record["referral_to"] == pair.referral_to
        assert record["evidence"]["cues"] == [cue.model_dump() for cue in pair.evidence.cues]


def test_json_of_several_letters_is_a_list() -> None:
    letters = [make_letter_score("a"), make_letter_score("b")]
    data = json.loads(render.to_json(letters))
    assert [item["letter"]["letter_id"] for item in data] == ["a", "b"]


def test_csv_has_one_row_per_pair_and_survives_commas_quotes_and_newlines() -> None:
    awkward = ('Klopt "dit", of niet?\nTweede regel', 'Ja, "zeker";\nom veiligheidsredenen niet meer.')
    letters = [make_letter_score("a"), make_letter_score("b", [awkward])]
    rows = list(csv.DictReader(io.StringIO(render.to_csv(letters))))
    assert list(rows[0]) == list(render.CSV_COLUMNS)
    assert len(rows) == sum(len(letter.pairs) for letter in letters)
    last = rows[-1]
    assert (last["letter_id"], last["question"], last["answer"]) == ("b", awkward[0], awkward[1])
    assert last["cues"] == "confidentiality: om veiligheidsredenen"
    pair = letters[0].pairs[2]
    row = rows[2]
    assert row["referral_to"] == ";".join(pair.referral_to) and row["label"] == pair.label
    assert row["date"] == "2024-03-12" and "R. Brekelmans" in row["signatories"]
    meta = letters[0].letter  # what a spreadsheet groups and filters by, without the JSON
    assert (row["doc_type"], row["ministry"], row["title"]) == (meta.doc_type or "", meta.ministry, meta.title or "")
    assert row["source"] == meta.source  # which file: letter ids repeat across folders
    for label in LABELS:
        assert float(row[f"p_{label}"]) == pytest.approx(pair.probabilities[label], abs=1e-4)


def test_csv_leaves_the_label_of_a_pair_cut_off_empty() -> None:
    """A question the file holds no (whole) answer to is not counted; in the CSV it showed "substantive",
    so a spreadsheet filtered by label counted unanswered questions as answered."""
    letter = make_letter_score("a")
    cut = letter.pairs[-1].model_copy(update={"complete": False, "answer": ""})
    letter = letter.model_copy(update={"pairs": [*letter.pairs[:-1], cut]})
    rows = list(csv.DictReader(io.StringIO(render.to_csv([letter]))))
    assert [row["complete"] for row in rows] == ["yes"] * (len(rows) - 1) + ["no"]
    assert all(row["label"] for row in rows[:-1])
    assert {k: rows[-1][k] for k in ("label", "score", *(f"p_{label}" for label in LABELS))} == dict.fromkeys(
        ("label", "score", *(f"p_{label}" for label in LABELS)), "")
    assert rows[-1]["question"] == cut.question


def test_table_shows_metadata_summary_and_one_row_per_pair() -> None:
    letter = make_letter_score(qa=[("Wat is [bold]dit[/bold]?", "Zie antwoord op vraag 1.")] * 2)
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(tables.to_table(letter))
    text = console.file.getvalue()
    assert letter.letter.title in text and "Defensie" in text and "fake-1" in text
    assert "[bold]dit[/bold]" in text  # letter text is never read as rich markup
    assert text.count("deflecting") >= len(letter.pairs)
    assert "“Zie antwoord op vraag”" in text


# -- the command -------------------------------------------------------------------


def test_score_prints_a_table_for_one_letter(
    letter_file: Path, use_fake_model, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # so the question column is not wrapped
    assert run(["score", str(letter_file)]) == 0
    out = capsys.readouterr().out
    for label in ("substantive", "confidential", "deflecting"):
        assert label in out
    assert "Hoeveel geld is in 2024" in out


def test_score_writes_json_and_csv_files(tmp_path: Path, letter_file: Path, use_fake_model, capsys) -> None:
    out = tmp_path / "out" / "scores.json"
    assert run(["score", str(letter_file), "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and len(data["pairs"]) == len(read_letter(letter_file).pairs)
    assert capsys.readouterr().out == ""
    copy = tmp_path / "kopie.txt"  # another file: a file named twice is scored once
    copy.write_bytes(letter_file.read_bytes())
    assert run(["score", str(letter_file), str(copy), "--format", "csv", "-o", str(tmp_path / "s.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    assert len(rows) == 2 * len(data["pairs"])


def test_score_json_on_stdout_is_the_letter(letter_file: Path, use_fake_model, capsys) -> None:
    assert run(["score", str(letter_file), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["letter"]["letter_id"] == letter_file.stem


def _fetched_folder(tmp_path: Path, letter_file: Path) -> Path:
    """A folder as `evasion fetch` leaves it: two letters, one with a sidecar beside it."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for name in ("2024D1.txt", "2024D2.txt"):
        (folder / name).write_bytes(letter_file.read_bytes().replace(b"munitie", name[:-4].encode()))
    write_fetch_sidecar(folder / "2024D1.txt")
    (folder / "notes").mkdir()  # a subfolder is not read
    return folder


def test_a_fetched_folder_and_its_glob_score_the_letters_not_the_sidecars(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score, "default_jobs", lambda: 1)  # the fake model lives in this process, not in a pool
    folder = _fetched_folder(tmp_path, letter_file)
    everything = sorted(str(p) for p in folder.iterdir() if p.is_file())  # what the shell makes of answers/*.*
    for given in ([str(folder)], everything):
        assert run(["score", *given, "--format", "json", "--out", str(tmp_path / "s.json")]) == 0, given
        data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
        assert [item["letter"]["letter_id"] for item in data] == ["2024D1", "2024D2"]
    assert run(["report", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["letters"] == 2


def test_a_sidecar_is_an_input_and_no_output_may_replace_it(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys
) -> None:
    folder = _fetched_folder(tmp_path, letter_file)
    sidecar = folder / "2024D1.json"
    before = sidecar.read_bytes()
    for command in (["score", str(folder / "2024D1.txt"), "--format", "json"], ["report", str(folder)]):
        assert run([*command, "--out", str(sidecar)]) == errors.OutputError.exit_code, command
        assert "is also an input" in capsys.readouterr().err
    assert sidecar.read_bytes() == before


def test_a_fetched_letters_sidecar_is_read_once_when_it_is_scored(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`evasion score` read each sidecar twice: once to keep an output from replacing it, once for its metadata.
    It is read once, and its metadata still wins over the letter's text."""
    from classifier.fetch import sidecar as sidecars

    folder = _fetched_folder(tmp_path, letter_file)
    read: list[Path] = []
    load = sidecars.load_sidecar

    def counted(path: str | Path) -> object:
        read.append(Path(path))
        return load(path)

    monkeypatch.setattr(sidecars, "load_sidecar", counted)
    assert run(["score", str(folder / "2024D1.txt"), "--format", "json", "--store", str(tmp_path / "s.db")]) == 0
    data = json.loads(capsys.readouterr().out)
    letter = data["letter"]
    assert [s["name"] for s in letter["signatories"]] == ["R.A. Bakker"] and letter["postponements"] == 1
    assert read == [folder / "2024D1.json"]
    code = run(["score", str(folder / "2024D1.txt"), "--out", str(folder / "2024D1.json")])
    assert code == errors.OutputError.exit_code  # an output that is the sidecar is still refused
    assert "is also an input" in capsys.readouterr().err


def test_pages_evasion_wrote_into_a_folder_are_not_read_as_its_letters(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(score, "default_jobs", lambda: 1)
    folder = _fetched_folder(tmp_path, letter_file)
    assert run(["score", str(folder), "--format", "html", "--out", str(folder)]) == 0
    for _ in range(2):  # the second run finds the first's report in the folder
        assert run(["report", str(folder), "--out", str(folder / "report.html")]) == 0, capsys.readouterr().err
    assert run(["report", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["letters"] == 2


def test_a_json_of_the_letters_name_that_is_no_sidecar_may_be_written_again(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys
) -> None:
    # `score brief.txt --out brief.json` wrote it; the second run refused it as "also an input".
    out = letter_file.with_suffix(".json")
    for _ in range(2):
        assert run(["score", str(letter_file), "--out", str(out)]) == 0, capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["letter"]["letter_id"] == letter_file.stem


def test_a_folder_without_letters_is_one_line(tmp_path: Path, use_fake_model, capsys) -> None:
    """`score` reads the letters in a folder: "is a directory; expected a .txt … file" read as if folders were
    refused."""
    (tmp_path / "notes.md").write_text("geen brief", encoding="utf-8")
    assert run(["score", str(tmp_path)]) == errors.InputNotFound.exit_code
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"error: {tmp_path}: is a folder without letters; expected .txt, .pdf, .docx, .html or .htm "
                     "files in it, found none"]


def test_a_failing_file_in_a_batch_is_named_and_skipped(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys
) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    out = tmp_path / "scores.json"
    code = run(["score", str(bad), str(letter_file), "--format", "json", "--out", str(out)])
    assert code == errors.BatchFailed.exit_code
    err = capsys.readouterr().err
    failing_lines = [line for line in err.splitlines() if str(bad) in line]
    assert len(failing_lines) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [item["letter"]["letter_id"] for item in data] == [letter_file.stem]


def test_a_batch_in_which_no_file_scored_says_so_and_writes_nothing(tmp_path: Path, use_fake_model, capsys) -> None:
    """Exit 14 said "some files failed" and the user read that the others were processed, when none was."""
    out = tmp_path / "pages"
    code = run(["score", str(tmp_path / "a.pdf"), str(tmp_path / "b.txt"), "--format", "html", "--out", str(out)])
    assert code == errors.BatchFailed.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert "none of the 2 files scored" in err[-1] and sum("no such file" in line for line in err) == 2
    assert not out.exists() or not any(out.iterdir())


def test_a_single_failing_file_exits_with_its_own_code(tmp_path: Path, use_fake_model, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    out = tmp_path / "scores.json"
    assert run(["score", str(empty), "--format", "json", "--out", str(out)]) == errors.EmptyInput.exit_code
    err = capsys.readouterr().err
    assert str(empty) in err and len(err.strip().splitlines()) <= 2
    assert not out.exists()


def test_html_for_several_letters_writes_one_page_each(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(letter_file.read_text(encoding="utf-8").replace("munitie", "brandstof"), encoding="utf-8")
    pages = tmp_path / "pages"
    assert run(["score", str(letter_file), str(other), "--format", "html", "--out", str(pages)]) == 0
    assert sorted(p.name for p in pages.iterdir()) == ["munitie.html", "other.html"]
    assert "brandstof" in (pages / "other.html").read_text(encoding="utf-8")


def test_html_for_several_letters_needs_an_out_directory(letter_file: Path, use_fake_model, capsys) -> None:
    copy = letter_file.with_name("kopie.txt")
    copy.write_bytes(letter_file.read_bytes())
    assert run(["score", str(letter_file), str(copy), "--format", "html"]) == 2
    assert "--out" in capsys.readouterr().err


def test_store_option_with_and_without_a_path(
    tmp_path: Path, letter_file: Path, use_fake_model, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    default = tmp_path / "default.db"
    monkeypatch.setenv("EVASION_STORE", str(default))
    assert get_settings().store_path == default
    assert run(["score", str(letter_file), "--format", "json", "--store"]) == 0
    assert run(["score", "--store", str(letter_file), "--format", "json"]) == 0
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "brief.txt").write_bytes(letter_file.read_bytes())
    monkeypatch.setattr(score, "default_jobs", lambda: 1)
    assert run(["score", "--store", str(folder), "--format", "json"]) == 0  # a folder of letters, never the store
    chosen = tmp_path / "chosen.db"
    assert run(["score", str(letter_file), "--format", "json", "--store", str(chosen)]) == 0
    assert run(["score", str(letter_file), "--format", "json", f"--store={chosen}"]) == 0
    capsys.readouterr()
    assert len(Store(default).letter_scores()) == 1  # the folder's copy holds the same bytes: one letter
    assert len(Store(chosen).letter_scores()) == 1
    with sqlite3.connect(chosen) as conn:
        assert conn.execute("SELECT count(*) FROM letters").fetchone()[0] == 1


def test_a_corrupt_store_stops_before_scoring(tmp_path: Path, letter_file: Path, use_fake_model, capsys) -> None:
    db = tmp_path / "scores.db"
    db.write_bytes(b"garbage" * 100)
    assert run(["score", str(letter_file), "--store", str(db)]) == errors.StoreError.exit_code
    err = capsys.readouterr().err
    assert str(db) in err
    assert use_fake_model.calls == 0


# -- end to end with the trained model ------------------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kamervragen_munitietekort.txt"


@pytest.fixture(scope="module")
def real_model():
    if not get_settings().model_path.is_file():
        pytest.skip(f"no trained model at {get_settings().model_path} (run `evasion train`)")
    from classifier.model.modelfile import load_model

    return load_model()


def test_the_trained_model_scores_the_example_letter_end_to_end(
    real_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(score, "load_scorer", lambda model=None: real_model)  # load spaCy once per module
    out = tmp_path / "example.json"
    assert run(["score", str(EXAMPLE), "--format", "json", "--out", str(out), "--store", str(tmp_path / "s.db")]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    letter = read_letter(EXAMPLE)
    assert [p["question_id"] for p in data["pairs"]] == [p.question_id for p in letter.pairs]
    assert data["model_version"] == real_model.version
    for record in data["pairs"]:
        probabilities = record["probabilities"]
        assert record["label"] in LABELS
        assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-4)
        # the label is the most probable one after each probability is divided by its level factor on the card
        factors = dict(zip(LABELS, real_model.card["calibration"]["level_weights"], strict=True))
        assert record["label"] == max(probabilities, key=lambda label: probabilities[label] / factors[label])
        expected = sum(i * probabilities[label] for i, label in enumerate(LABELS)) / 3
        assert record["score"] == pytest.approx(expected, abs=1e-4)
        for cue in record["evidence"]["cues"] + record["evidence"]["concrete"]:
            # the HTML page highlights by these offsets
            assert record["answer"][cue["start"] : cue["end"]] == cue["text"]
    # a referral answer is read with the answer it points to, and names it
    referral = next(p for p in data["pairs"] if p["referral_to"])
    assert referral["resolved_from"] == referral["referral_to"] and referral["answer"].startswith("Zie")
    stored = Store(tmp_path / "s.db").letter_scores()
    assert [p.label for p in stored[0].pairs] == [p["label"] for p in data["pairs"]]


def test_scoring_is_deterministic_with_the_trained_model(real_model) -> None:
    first = render.to_json(score_letter(EXAMPLE, model=real_model))
    again = render.to_json(score_letter(str(EXAMPLE), model=real_model))
    assert first == again


def test_a_pair_cut_off_by_an_excerpt_is_flagged_and_not_counted(tmp_path: Path, use_fake_model, capsys) -> None:
    """The last pair of an excerpt ending in "[...]" is shown as cut off and left out of the summary."""
    import json

    from classifier.cli import run

    letter = tmp_path / "excerpt.txt"
    letter.write_text(
        "Vraag 1\nBent u bekend met het bericht over de munitie?\n\nAntwoord 1\nJa.\n\n"
        "Vraag 2\nWelke maatregelen neemt u om de voorraden aan te vullen?\n\nAntwoord 2\nDefensie sluit\n[...]\n",
        encoding="utf-8",
    )
    out = tmp_path / "scores.json"
    assert run(["score", str(letter), "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["complete"] for p in data["pairs"]] == [True, False]
    assert data["summary"]["pairs"] == 1
    assert run(["score", str(letter)]) == 0
    assert "cut off" in capsys.readouterr().out


def test_a_letter_whose_every_answer_is_cut_off_has_no_mean_score(tmp_path: Path, use_fake_model, capsys) -> None:
    """With no complete pair the mean was 0.00 and the evasive share 0 %: a letter of wholly substantive answers, to
    anyone who read the JSON or the terminal; it has no score at all."""
    import json

    from classifier.cli import run

    letter = tmp_path / "excerpt.txt"
    letter.write_text("Vraag 1\nWelke maatregelen neemt u om de voorraden aan te vullen?\n\nAntwoord 1\n"
                      "Defensie sluit\n[...]\n", encoding="utf-8")
    assert run(["score", str(letter), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["pairs"] == 0 and summary["mean_score"] is None and summary["share_evasive"] is None
    assert run(["score", str(letter)]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "none scored: every answer is cut off" in shown and "mean score 0.00" not in shown


def test_html_out_without_html_suffix_is_a_directory_even_for_one_letter(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys
) -> None:
    from classifier.cli import run

    assert run(["score", str(letter_file), "--format", "html", "--out", str(tmp_path / "pages")]) == 0
    assert (tmp_path / "pages" / f"{letter_file.stem}.html").is_file()
    assert run(["score", str(letter_file), "--format", "html", "--out", str(tmp_path / "one.html")]) == 0
    assert (tmp_path / "one.html").is_file()


def test_json_and_csv_written_letter_by_letter_are_the_whole_documents() -> None:
    from conftest import make_letter_score

    letters = [make_letter_score("a"), make_letter_score("b"), make_letter_score("c")]
    assert "[\n" + ",\n".join(render.json_array_item(s) for s in letters) + "\n]\n" == render.to_json(letters)
    assert render.csv_header() + "".join(render.csv_rows(s) for s in letters) == render.to_csv(letters)


def test_a_batch_with_on_scored_hands_each_letter_over_in_order_and_keeps_none(
    tmp_path: Path, letter_file: Path, fake_model
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(letter_file.read_text(encoding="utf-8").replace("munitie", "brandstof"), encoding="utf-8")
    seen: list[str] = []
    result = score_files([letter_file, tmp_path / "missing.txt", other], model=fake_model, jobs=1,
                         on_scored=lambda s: seen.append(s.letter.letter_id))
    assert seen == ["munitie", "other"]
    assert result.scored == [] and result.letters == 2 and result.pairs > 0 and len(result.failures) == 1


def test_an_answer_longer_than_the_model_reads_is_scored_on_its_beginning_and_named(
    real_model, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF whose last answer swallowed an appendix: scoring a 10 MB answer whole was killed for want of
    memory. The model reads the first MAX_TEXT_CHARS characters (lowered here), a warning names the pair,
    and the pair keeps its whole answer, with evidence offsets that point into it."""
    from classifier.model import analysis

    monkeypatch.setattr(analysis, "MAX_TEXT_CHARS", 2000)
    answer = "In 2024 is € 3 miljoen uitgegeven. Om veiligheidsredenen doen wij geen uitspraken. " * 100
    text = f"Vraag 1\nHoeveel kost dit?\nAntwoord 1\n{answer.strip()}\n\nVraag 2\nEn dat?\nAntwoord 2\nNee.\n"
    expected = r"the answer of pair 1 has 8,[0-9]{3} characters; the model read only its first 2,000"
    with pytest.warns(UserWarning, match=expected):
        result = score_letter(text, model=real_model)
    long_pair = result.pairs[0]
    assert long_pair.answer == answer.strip()
    spans = long_pair.evidence.cues + long_pair.evidence.concrete
    assert spans and all(span.end <= 2000 and long_pair.answer[span.start:span.end] == span.text for span in spans)


# -- a letter given twice, and copies of one letter --------------------------------------------------


def test_a_file_given_twice_is_one_input(tmp_path: Path, letter_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However it is named (relative, absolute, through a link, inside a folder given too), a file is read once."""
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(letter_file)
    letters, sidecars, repeated = score.letter_inputs(
        [letter_file, Path(letter_file.name), tmp_path, link, tmp_path / "missing.txt", "missing.txt"], [".txt"])
    assert letters == [letter_file, tmp_path / "missing.txt"] and sidecars == []
    assert repeated == [(letter_file, 5), (tmp_path / "missing.txt", 2)]  # the folder holds it and the link


def test_score_of_a_letter_given_twice_scores_says_and_stores_it_once(
    tmp_path: Path, letter_file: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    """`score A A --store S` scored A twice, wrote it twice and said "2 letters (8 pairs)" while the store got one."""
    out, store = tmp_path / "scores.json", tmp_path / "s.db"
    assert run(["score", str(letter_file), str(letter_file), "--out", str(out), f"--store={store}"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {letter_file}: given twice; read and counted once",
        f"wrote json scores of 1 letter (4 pairs) to {out}",
        f"saved the scores of 1 letter (4 pairs) in the store {store}",
    ]
    assert use_fake_model.calls == 1 and isinstance(json.loads(out.read_text(encoding="utf-8")), dict)
    assert len(Store(store)) == 1


def test_copies_in_one_run_are_both_written_but_one_letter_of_the_store(
    tmp_path: Path, letter_file: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    """Byte-identical files at two paths are one letter of the store: it said "saved 2 letters (8 pairs)"."""
    copies = [tmp_path / name / "letter.txt" for name in ("a", "b")]
    for copy in copies:
        copy.parent.mkdir()
        copy.write_bytes(letter_file.read_bytes())
    out, store = tmp_path / "scores.csv", tmp_path / "s.db"
    assert run(["score", *map(str, copies), "--out", str(out), f"--store={store}"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"wrote csv scores of 2 letters (8 pairs) to {out}",
        f"saved the scores of 1 letter (4 pairs) in the store {store}; {copies[1]} is a copy of {copies[0]}, "
        f"the same letter, kept once (as {copies[1]}, scored last)",
    ]
    assert len(Store(store)) == 1
    assert [letter.letter.source for letter in Store(store).letter_scores()] == [str(copies[1])]


def test_report_of_a_letter_given_twice_scores_it_once(
    letter_file: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["report", str(letter_file), str(letter_file), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["letters"] == 1 and use_fake_model.calls == 1
    assert captured.err.splitlines() == [f"warning: {letter_file}: given twice; read and counted once"]

