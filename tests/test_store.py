"""The SQLite store: round trip, one copy per letter, concurrent writers, bad files."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import SAMPLE_ANSWERS, make_letter_score

from classifier.errors import EvasionError, StoreError
from classifier.outputs.store import Store
from classifier.types import LetterScore


def test_saved_letters_come_back_equal(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    letter = make_letter_score("a")
    store.save(letter)
    assert store.letter_scores() == [letter]


def test_scoring_the_same_letter_again_keeps_one_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    first = make_letter_score("a", content_hash="1" * 64)
    store.save(first)
    store.save(first)
    # A new model scores the same content differently, with fewer pairs: the new rows replace the old.
    rescored = make_letter_score("a", SAMPLE_ANSWERS[:2], content_hash="1" * 64)
    rescored = rescored.model_copy(update={"model_version": "fake-2"})
    store.save(rescored)
    assert store.letter_scores() == [rescored]
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM pairs").fetchone()[0] == len(rescored.pairs)


def _version(content_hash: str, source: str, answers: tuple = SAMPLE_ANSWERS) -> LetterScore:
    """Letter "a" scored from `source`, with the content `content_hash` stands for."""
    scored = make_letter_score("a", answers, content_hash=content_hash).model_copy(deep=True)
    scored.letter.source = source
    return scored


def test_a_file_scored_again_after_an_edit_replaces_its_earlier_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same file, edited between two runs of `evasion score --store`: another content hash,
    # but one letter. Named relative in one run and absolute in the other, it is still one file.
    monkeypatch.chdir(tmp_path)
    store = Store(tmp_path / "scores.db")
    assert store.save(_version("1" * 64, "a.txt")) == 0
    assert store.save(make_letter_score("b", content_hash="3" * 64)) == 0
    assert store.save(_version("2" * 64, str(tmp_path / "a.txt"), SAMPLE_ANSWERS[:2])) == 1
    assert [s.letter.content_hash for s in store.letter_scores()] == ["2" * 64, "3" * 64]
    # the stored letter names its file by its resolved path: two "antwoord.txt" of two folders stay apart
    assert store.letter_scores()[0].letter.source == str(tmp_path / "a.txt")


def test_an_edited_letter_replaces_its_row_in_a_store_written_before_paths_were_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store(tmp_path / "scores.db")
    store.save(_version("1" * 64, "a.txt"))
    with sqlite3.connect(store.path) as conn:  # as an older evasion wrote it: the path as typed
        conn.execute("UPDATE letters SET source = 'a.txt'")
    assert store.save(_version("2" * 64, "a.txt", SAMPLE_ANSWERS[:2])) == 1
    assert [s.letter.content_hash for s in store.letter_scores()] == ["2" * 64]


def test_letters_given_as_text_are_never_taken_for_the_same_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    first = make_letter_score("a", content_hash="1" * 64).model_copy(deep=True)
    second = make_letter_score("a", content_hash="2" * 64).model_copy(deep=True)
    first.letter.source = second.letter.source = "<text>"
    assert store.save(first) == 0
    assert store.save(second) == 0
    assert len(store.letter_scores()) == 2


def test_letters_come_back_in_a_stable_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    letters = [make_letter_score(name) for name in ("c", "a", "b")]
    for letter in letters:
        store.save(letter)
    ids = [score.letter.letter_id for score in store.letter_scores()]
    assert ids == ["a", "b", "c"]
    assert Store(store.path).letter_scores() == store.letter_scores()


def test_store_uses_wal_so_readers_and_writers_do_not_block(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _save_many(path: str, letter_id: str, start, rounds: int) -> None:
    start.wait(timeout=60)
    store = Store(path)
    for i in range(rounds):
        store.save(make_letter_score(f"{letter_id}-{i}"))


def test_two_processes_saving_at_once_both_land(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    workers = [ctx.Process(target=_save_many, args=(path, name, start, 15)) for name in ("left", "right")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    ids = {score.letter.letter_id for score in Store(path).letter_scores()}
    assert ids == {f"{side}-{i}" for side in ("left", "right") for i in range(15)}


@pytest.mark.parametrize(
    "content",
    [b"this is a letter, not a database\n" * 50, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-sqlite"],
)
def test_a_corrupt_store_gives_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "scores.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(path).letter_scores()
    assert isinstance(caught.value, EvasionError)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == content, "a corrupt store must be left as it was"


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="other tables"):
        Store(path)


def test_rows_that_do_not_parse_give_a_clear_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    store.save(make_letter_score("a"))
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE pairs SET probabilities = 'not json'")
    with pytest.raises(StoreError, match="does not parse"):
        store.letter_scores()


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_not_a_store_and_gets_no_journal_beside_it(tmp_path: Path) -> None:
    # SQLite writes a journal next to its file: `--store /dev/null` made /dev/null-journal.
    link = tmp_path / "store.db"
    link.symlink_to("/dev/null")
    with (tmp_path / "file.db").open("wb") as opened:
        for path in (link, Path(f"/dev/fd/{opened.fileno()}")):
            with pytest.raises(StoreError, match="found a device, pipe or descriptor"):
                Store(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.db", "store.db"]


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def _journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0].lower()


@pytest.mark.parametrize("user_version", [0, 1], ids=["no-version", "our-version"])
def test_another_programs_database_is_refused_before_anything_is_changed(tmp_path: Path, user_version: int) -> None:
    """It was switched to WAL mode before it was refused, and with user_version=1 it was not refused at all."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
        conn.execute("INSERT INTO customers VALUES (1, 'Jansen')")
        conn.execute(f"PRAGMA user_version = {user_version}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="other tables") as caught:
        Store(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert _journal_mode(path) == "delete", "the database was switched to WAL before it was refused"
    assert path.read_bytes() == before and not (tmp_path / "other.db-wal").exists()


def test_tables_with_our_names_but_other_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lookalike.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE letters (id INTEGER)")
        conn.execute("CREATE TABLE pairs (id INTEGER)")
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match="expected table letters with the columns content_hash"):
        Store(path)
    assert _journal_mode(path) == "delete"


def test_our_version_without_our_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty-v1.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match="found no tables"):
        Store(path)


def test_a_store_is_checked_before_any_letter_is_scored(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.cli import run

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
        conn.execute("PRAGMA user_version = 1")
    assert run(["score", str(letter_file), f"--store={path}"]) == StoreError.exit_code
    assert use_fake_model.calls == 0, "the letters were scored before the store was refused"
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: expected an evasion store") and "Traceback" not in err


def test_a_store_under_a_regular_file_is_one_line(
    tmp_path: Path, letter_file: Path, use_fake_model, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.cli import run

    with pytest.raises(StoreError, match="a part of the path is a file, not a folder"):
        Store(letter_file / "evasion.db")
    assert run(["score", str(letter_file), "--store", str(letter_file / "sub" / "evasion.db")]) == 15
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {letter_file / 'sub' / 'evasion.db'}: expected a folder")
    assert use_fake_model.calls == 0


# -- copies of one file, and stores of the first schema ------------------------------------------


@pytest.mark.parametrize("edited", ["a", "b"])
def test_an_edited_copy_leaves_the_other_copys_letter_whichever_was_scored_last(tmp_path: Path, edited: str) -> None:
    """Two copies (a/letter.txt, b/letter.txt) were one row naming the copy scored last. Editing that copy
    replaced the row, and the other copy's letter, still on disk and scored, was gone from the store;
    editing the other left both. Now each copy keeps its content's letter until it is itself edited."""
    store = Store(tmp_path / "scores.db")
    copies = {name: tmp_path / name / "letter.txt" for name in ("a", "b")}
    for name in ("a", "b"):
        store.save(_file_version(copies[name], "first"))
    assert len(store) == 1, "two copies of one file are one letter"
    first, second = _sha256("first"), _sha256("second")
    assert store.save(_file_version(copies[edited], "second", SAMPLE_ANSWERS[:2])) == 0
    kept = {s.letter.content_hash: s.letter.source for s in store.letter_scores()}
    unedited = copies["b" if edited == "a" else "a"]
    assert kept == {first: str(unedited), second: str(copies[edited])}, "the report names the file that holds it"
    # the other copy edited the same way: the first content is in no file any more
    assert store.save(_file_version(unedited, "second", SAMPLE_ANSWERS[:2])) == 1
    assert [s.letter.content_hash for s in store.letter_scores()] == [second]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _file_version(path: Path, text: str, answers: tuple = SAMPLE_ANSWERS) -> LetterScore:
    """Letter "a" scored from the file `path`, written with `text`: its content hash is that of the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return _version(_sha256(text), str(path), answers)


@pytest.mark.parametrize("change", ["deleted", "moved", "hard link edited", "edited, not scored again"])
def test_a_copy_that_no_longer_holds_the_letter_does_not_keep_its_earlier_version(
    tmp_path: Path, change: str
) -> None:
    """A letter scored from answers/x.txt and again from archive/x.txt (the folder copied or moved) is remembered
    under both paths. When archive/x.txt was edited and scored, the earlier version stayed in the store, and in
    every report beside the new one, for as long as the path answers/x.txt was remembered, though that file was
    gone, or (a hard link) held the edit too. A copy counts only while it holds the letter."""
    store = Store(tmp_path / "scores.db")
    old, new = tmp_path / "answers" / "x.txt", tmp_path / "archive" / "x.txt"
    store.save(_file_version(old, "first"))
    if change == "hard link edited":
        new.parent.mkdir()
        os.link(old, new)
        store.save(_version(_sha256("first"), str(new)))
    else:
        store.save(_file_version(new, "first"))
    if change in ("deleted", "moved"):
        old.unlink() if change == "deleted" else old.rename(tmp_path / "elsewhere.txt")
    elif change == "edited, not scored again":
        old.write_text("edited too")
    assert store.save(_file_version(new, "second", SAMPLE_ANSWERS[:2])) == 1, "the saved line says it replaced it"
    assert [(s.letter.content_hash, s.letter.source) for s in store.letter_scores()] == [(_sha256("second"), str(new))]


def test_an_unedited_copy_on_disk_keeps_its_letter(tmp_path: Path) -> None:
    store = Store(tmp_path / "scores.db")
    old, new = tmp_path / "answers" / "x.txt", tmp_path / "archive" / "x.txt"
    store.save(_file_version(old, "first"))
    store.save(_file_version(new, "first"))
    assert store.save(_file_version(new, "second")) == 0
    assert {s.letter.source for s in store.letter_scores()} == {str(old), str(new)}


_SCHEMA_1 = """
CREATE TABLE letters (content_hash TEXT PRIMARY KEY, letter_id TEXT NOT NULL, source TEXT NOT NULL,
    metadata TEXT NOT NULL, scored_at TEXT NOT NULL, model_version TEXT NOT NULL);
CREATE TABLE pairs (content_hash TEXT NOT NULL REFERENCES letters(content_hash) ON DELETE CASCADE,
    position INTEGER NOT NULL, question_id TEXT NOT NULL, section TEXT, party TEXT, label TEXT NOT NULL,
    score REAL NOT NULL, probabilities TEXT NOT NULL, evidence TEXT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, referral_to TEXT NOT NULL, resolved_from TEXT NOT NULL DEFAULT '[]',
    complete INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (content_hash, position));
CREATE INDEX pairs_label ON pairs(label);
PRAGMA user_version = 1;
"""
"""The store as evasion wrote it before the `sources` table (schema version 1)."""


def test_a_store_of_the_first_schema_keeps_every_score_and_its_edit_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    letters = [_version("1" * 64, "a.txt"), make_letter_score("b", content_hash="3" * 64)]
    path = _old_store(tmp_path, letters)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE letters SET source = 'a.txt' WHERE letter_id = 'a'")  # the path as typed, long ago
    store = Store(path)
    assert _user_version(path) == 2
    assert [s.letter.content_hash for s in store.letter_scores()] == ["1" * 64, "3" * 64]
    assert [len(s.pairs) for s in store.letter_scores()] == [len(letter.pairs) for letter in letters]
    # the old relative row is still replaced when its file, edited, is scored again from its folder
    assert store.save(_version("2" * 64, "a.txt", SAMPLE_ANSWERS[:2])) == 1
    assert [s.letter.content_hash for s in store.letter_scores()] == ["2" * 64, "3" * 64]
    assert Store(path).letter_scores() == store.letter_scores(), "opened again: no second migration"


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_a_store_of_the_first_schema_without_its_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE letters (content_hash TEXT)")
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match="expected an evasion store with the tables letters, pairs"):
        Store(path)


def _old_store(tmp_path: Path, letters: list[LetterScore]) -> Path:
    """A store of the first schema holding `letters`, with rows as the store writes them."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(_SCHEMA_1)
    written = Store(tmp_path / "rows.db")
    for letter in letters:
        written.save(letter)
    with sqlite3.connect(path) as conn:
        conn.execute("ATTACH ? AS new", (str(written.path),))
        conn.execute("INSERT INTO letters SELECT * FROM new.letters")
        conn.execute("INSERT INTO pairs SELECT * FROM new.pairs")
    return path


def _files_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, SQLite opens every file as one it may not write (chmod 444 as another user, a read-only
    share); as root, the permission bits would not stop a write."""
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect",
                        lambda name, **options: connect(f"file:{name}?mode=ro", uri=True, **options))


def test_a_read_only_store_of_the_first_schema_is_reported_on_as_it_is(
    tmp_path: Path, letter_file: Path, use_fake_model, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A store of the first schema that may not be written (a colleague's, read-only) could not be upgraded,
    and `report --store` on it failed with "could not read it (attempt to write a readonly database)"."""
    from classifier.cli import run

    letters = [make_letter_score("a", content_hash="1" * 64), make_letter_score("b", content_hash="3" * 64)]
    path = _old_store(tmp_path, letters)
    _files_read_only(monkeypatch)
    assert Store(path).letter_scores() == letters
    assert _user_version(path) == 1
    assert run(["report", "--store", str(path), "--format", "json"]) == 0
    assert '"letters": 2' in capsys.readouterr().out
    # saving into it is refused before any letter is scored, saying why
    assert run(["score", str(letter_file), "--store", str(path)]) == StoreError.exit_code
    assert use_fake_model.calls == 0
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: expected a store evasion can write to, found a read-only file")


def test_saving_into_a_read_only_store_says_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scores.db"
    Store(path).save(make_letter_score("a"))
    _files_read_only(monkeypatch)
    with pytest.raises(StoreError, match="found a read-only file") as error:
        Store(path).save(make_letter_score("b", content_hash="3" * 64))
    assert "could not read it" not in str(error.value)
