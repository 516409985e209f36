"""What `--out` points at is never replaced by something else.

A device, FIFO or symlink given as `--out` must keep being what it is: a device or
pipe is written to as a stream, a symlink writes through to its file, a folder or
one of the command's own inputs is refused with one line and exit code 17, and a
full disk or a path under a regular file is one line too, never a traceback.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import LETTER_TEXT, FakeModel
from test_atomic import OUT_COMMANDS

from classifier import errors
from classifier import io as atomic_io
from classifier.cli import run

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX devices and FIFOs")


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "munitie.txt"
    path.write_text(LETTER_TEXT, encoding="utf-8")
    return path


@posix_only
@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_dev_null_stays_a_device(command: str, letter: Path, use_fake_model: FakeModel,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = os.stat("/dev/null")
    assert run(OUT_COMMANDS[command](letter, Path("/dev/null"))) == 0, capsys.readouterr().err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev


@posix_only
@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_a_fifo_is_written_to_as_a_stream(command: str, letter: Path, tmp_path: Path, use_fake_model: FakeModel,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert run(OUT_COMMANDS[command](letter, fifo)) == 0, capsys.readouterr().err
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert b"munitie" in b"".join(received).lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["munitie.txt", "pipe"]


@posix_only
@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_a_descriptor_path_writes_to_what_the_shell_connected(command: str, letter: Path, tmp_path: Path,
                                                             use_fake_model: FakeModel,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # `--out /dev/stdout` in a pipe links to "pipe:[…]", no file to replace; with `>> log` it links to the
    # log, which replacing would truncate. `/dev/fd/N` is the same path for any descriptor N.
    read_end, write_end = os.pipe()
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(os.fdopen(read_end, "rb").read()), daemon=True)
    reader.start()
    try:
        assert run(OUT_COMMANDS[command](letter, Path(f"/dev/fd/{write_end}"))) == 0, capsys.readouterr().err
    finally:
        os.close(write_end)
    reader.join(timeout=30)
    assert b"munitie" in b"".join(received).lower()
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier run\n")
    with log.open("ab") as appended:
        assert run(OUT_COMMANDS[command](letter, Path(f"/dev/fd/{appended.fileno()}"))) == 0
    assert log.read_bytes().startswith(b"earlier run\n") and b"munitie" in log.read_bytes().lower()


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_a_symlink_writes_through_to_its_file(command: str, letter: Path, tmp_path: Path, use_fake_model: FakeModel,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real" / "result.txt"
    real.parent.mkdir()
    real.write_text("earlier\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(OUT_COMMANDS[command](letter, link)) == 0, capsys.readouterr().err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "munitie" in real.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_the_input_as_output_is_refused_and_left_alone(command: str, letter: Path, use_fake_model: FakeModel,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run(OUT_COMMANDS[command](letter, letter)) == errors.OutputError.exit_code
    assert letter.read_text(encoding="utf-8") == LETTER_TEXT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is also an input" in err[0] and str(letter) in err[0]


def test_a_symlink_to_the_input_is_refused_too(letter: Path, tmp_path: Path, use_fake_model: FakeModel) -> None:
    link = tmp_path / "alias.json"
    link.symlink_to(letter)
    assert run(["score", str(letter), "--format", "json", "--out", str(link)]) == errors.OutputError.exit_code
    assert letter.read_text(encoding="utf-8") == LETTER_TEXT


@pytest.mark.parametrize("spelling", ["same", "dotted"])
def test_out_naming_the_store_is_refused_and_the_store_kept(spelling: str, letter: Path, tmp_path: Path,
                                                           use_fake_model: FakeModel,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`--store s.db --out s.db` wrote one letter's json over a store of many letters, and said it saved them."""
    store = tmp_path / "s.db"
    assert run(["score", str(letter), "--store", str(store)]) == 0
    kept = store.read_bytes()
    capsys.readouterr()
    out = store if spelling == "same" else tmp_path / "." / "s.db"
    assert run(["score", str(letter), "--store", str(store), "--format", "json", "--out", str(out)]) == \
        errors.OutputError.exit_code
    assert store.read_bytes() == kept
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is also the store" in err[0]


def test_out_and_store_the_same_new_file_are_refused_before_any_work(letter: Path, tmp_path: Path,
                                                                     use_fake_model: FakeModel) -> None:
    target = tmp_path / "new.db"
    assert run(["score", str(letter), "--store", str(target), "--out", str(target)]) == errors.OutputError.exit_code
    assert not target.exists()


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_a_store_named_as_out_is_not_written_over(command: str, letter: Path, tmp_path: Path,
                                                  use_fake_model: FakeModel) -> None:
    """`--out t.db` where t.db is a store of scored letters wrote a table over it."""
    store = tmp_path / "t.db"
    assert run(["score", str(letter), "--store", str(store)]) == 0
    kept = store.read_bytes()
    argv = [a for a in OUT_COMMANDS[command](letter, store) if a not in ("--format", "json")]
    assert run(argv) == errors.OutputError.exit_code
    assert store.read_bytes() == kept


def test_html_pages_written_into_a_folder_never_replace_a_saved_page_given_as_input(
        tmp_path: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]) -> None:
    """A user scores the pages they saved and asks for the html pages in the same folder: the page for
    'web/page.html' would be 'web/page.html', the saved page itself."""
    web = tmp_path / "web"
    web.mkdir()
    saved = web / "page.html"
    saved.write_text(f"<html><body><pre>{LETTER_TEXT}</pre></body></html>", encoding="utf-8")
    kept = saved.read_bytes()
    other = web / "brief.txt"
    other.write_text(LETTER_TEXT, encoding="utf-8")
    assert run(["score", str(saved), str(other), "--format", "html", "--out", str(web)]) == \
        errors.OutputError.exit_code
    assert saved.read_bytes() == kept
    assert sorted(p.name for p in web.iterdir()) == ["brief.txt", "page.html"]  # nothing written before the refusal
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is also an input" in err[0]


def test_train_refuses_to_write_its_model_over_an_annotation_file(tmp_path: Path) -> None:
    annotations = tmp_path / "ann"
    annotations.mkdir()
    target = annotations / "a.jsonl"
    target.write_text("{}\n", encoding="utf-8")
    assert run(["train", "--annotations", str(annotations), "--out", str(target)]) == errors.OutputError.exit_code
    assert target.read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize(("where", "reason"), [("folder", "is a folder"), ("under-a-file", "is a file, not a folder")])
def test_unwritable_targets_are_one_line(where: str, reason: str, letter: Path, tmp_path: Path,
                                         use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    target = tmp_path if where == "folder" else tmp_path / "file.txt" / "sub" / "out.json"
    assert run(["score", str(letter), "--format", "json", "--out", str(target)]) == errors.OutputError.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line(letter: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", str(letter), "--format", "json", "--out", "/dev/full"]) == errors.OutputError.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no space left" in err[0]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "new.txt")
    atomic_io.atomic_write_text(link, "hello\n")
    assert link.is_symlink() and (tmp_path / "new.txt").read_text() == "hello\n"


@posix_only
def test_annotate_refuses_a_device_as_its_annotation_file(letter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["annotate", str(letter), "--out", "/dev/null", "--annotator", "t"])
    assert code == errors.OutputError.exit_code
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --- AtomicStream: one file written piece by piece --------------------------------------------------


def test_a_stream_is_moved_into_place_whole_at_commit(tmp_path: Path) -> None:
    target = tmp_path / "out" / "scores.csv"
    with atomic_io.AtomicStream(target) as stream:
        stream.append("a,b\n")
        assert not target.exists()  # readers see no half-written file while it grows
        stream.append(b"1,2\n")
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert [p.name for p in target.parent.iterdir()] == ["scores.csv"]


def test_a_stream_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "scores.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_io.AtomicStream(target) as stream:
            stream.append("[\n")
            raise RuntimeError("a bug half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


def test_a_stream_with_nothing_written_creates_no_file(tmp_path: Path) -> None:
    target = tmp_path / "scores.json"
    assert atomic_io.AtomicStream(target).commit() is None
    assert not target.exists()


def test_a_stream_to_a_device_is_written_directly(tmp_path: Path) -> None:
    stream = atomic_io.AtomicStream(os.devnull)
    stream.append("x")
    assert stream.commit() == Path(os.devnull)
