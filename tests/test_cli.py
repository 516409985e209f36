"""The CLI boundary: a failing standard output and Ctrl-C are one line each, with their exit codes."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_fetch_sidecar

from classifier import errors
from classifier.cli import run

OUTPUT = errors.OutputError.exit_code


class _FailingStdout(io.TextIOBase):
    """A standard output whose every write fails, as `> /dev/full` or a closed pipe makes it.

    Its descriptor is a file of the test's own: Rich answers a broken pipe by pointing the
    descriptor of standard output at the null device, and must not do that to the test runner's.
    """

    encoding = "utf-8"

    def __init__(self, code: int, descriptor: int) -> None:
        self.code = code
        self.descriptor = descriptor

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.descriptor

    def write(self, text: object) -> int:
        exc = BrokenPipeError if self.code == errno.EPIPE else OSError
        raise exc(self.code, os.strerror(self.code))


def _evasion() -> str:
    script = Path(sys.executable).with_name("evasion")
    if not script.is_file():
        pytest.fail("the `evasion` entry point is not installed (pip install -e .)")
    return str(script)


@pytest.mark.parametrize(
    "argv",
    [["pairs", "{letter}", "--format", "json"], ["pairs", "{letter}"], ["report", "{letter}", "--format", "csv"],
     ["score", "{letter}", "--format", "json"], ["score", "{letter}"]],
    ids=["echo", "rich-table", "stdout-write", "score-json", "score-table"],
)
@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "no space left on the device"),
                                              (errno.EPIPE, "the reader closed the pipe")])
def test_a_failing_standard_output_is_one_line_and_exit_17(
    argv: list[str], code: int, reason: str, letter_file: Path, use_fake_model: object, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    with open(tmp_path / "descriptor", "wb") as own:
        monkeypatch.setattr(sys, "stdout", _FailingStdout(code, own.fileno()))
        assert run([arg.format(letter=letter_file) for arg in argv]) == OUTPUT
    err = capsys.readouterr().err
    assert err.splitlines() == [f"error: standard output: cannot write: {reason}"], err


def test_running_out_of_memory_is_one_line_and_exit_1(letter_file: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A MemoryError (the review's 1 MB answer under `ulimit -v`) ended in numpy's traceback."""
    import classifier.letters.pairs as pairs

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError("Unable to allocate 2.1 GiB for an array")

    monkeypatch.setattr(pairs, "read_letter", exhausted)
    assert run(["pairs", str(letter_file), "--format", "json"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("error: out of memory")


def test_a_closed_standard_output_is_one_line_and_exit_17(
    letter_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python sets sys.stdout to None when descriptor 1 is closed; Click and Rich then printed nothing, exit 0."""
    monkeypatch.setattr(sys, "stdout", None)
    assert run(["pairs", str(letter_file), "--format", "json"]) == OUTPUT
    assert sys.stdout is None
    assert capsys.readouterr().err.splitlines() == ["error: standard output: cannot write: it is closed"]


def test_a_closed_standard_output_does_not_matter_when_nothing_goes_there(
    letter_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    out = tmp_path / "pairs.json"
    assert run(["pairs", str(letter_file), "--format", "json", "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_an_os_error_that_is_no_output_problem_keeps_its_traceback(
    letter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a failing standard output is named so; anything else that escapes is a bug to see."""
    import classifier.letters.pairs

    def broken(path: object) -> None:
        raise PermissionError(errno.EACCES, "a bug somewhere")

    monkeypatch.setattr(classifier.letters.pairs, "read_letter", broken)
    with pytest.raises(PermissionError, match="a bug somewhere"):
        run(["pairs", str(letter_file)])


def test_the_installed_command_writes_everything_before_it_ends(letter_file: Path) -> None:
    """The command ends without the interpreter's teardown; what it printed is all there first."""
    done = subprocess.run([_evasion(), "pairs", str(letter_file), "--format", "jsonl"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) >= 4 and all(json.loads(line)["question_id"] for line in lines)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_the_installed_command_writing_to_dev_full(letter_file: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([_evasion(), "pairs", str(letter_file), "--format", "json"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == OUTPUT
    assert done.stderr.splitlines() == ["error: standard output: cannot write: no space left on the device"]


def test_the_installed_command_writing_to_a_pipe_nobody_reads(letter_file: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # before the command starts: every write it makes finds the pipe closed
    try:
        done = subprocess.run([_evasion(), "pairs", str(letter_file), "--format", "json"], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == OUTPUT
    assert done.stderr.splitlines() == ["error: standard output: cannot write: the reader closed the pipe"]


def test_the_installed_command_with_standard_output_closed(letter_file: Path) -> None:
    done = subprocess.run(["sh", "-c", '"$0" pairs "$1" --format json >&-', _evasion(), str(letter_file)],
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == OUTPUT
    assert done.stderr.splitlines() == ["error: standard output: cannot write: it is closed"]


# --- Ctrl-C ---------------------------------------------------------------------------------------

def test_ctrl_c_during_score_says_interrupted_and_exits_130(
    letter_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typer turned the KeyboardInterrupt into a bare exit code 130: the user saw nothing."""
    from classifier.scoring import score

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(score, "score_files", interrupted)
    assert run(["score", str(letter_file)]) == 130
    assert capsys.readouterr().err.splitlines() == ["evasion: interrupted"]


# --- the same letter in `pairs` as in `score` --------------------------------------------------------


def _fetched_letter(letter_file: Path) -> Path:
    """conftest's letter with the sidecar `evasion fetch` would write next to it (conftest.write_fetch_sidecar)."""
    return write_fetch_sidecar(letter_file)


def test_pairs_shows_the_api_metadata_of_a_sidecar_as_score_does(
    letter_file: Path, use_fake_model: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pairs` read the letter's text only (no postponement, the text's signer) where `score` used the sidecar."""
    letter = _fetched_letter(letter_file)
    assert run(["pairs", str(letter), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)["letter"]
    assert run(["score", str(letter), "--format", "json"]) == 0
    scored = json.loads(capsys.readouterr().out)["letter"]
    assert shown == scored
    assert shown["postponements"] == 1 and [s["name"] for s in shown["signatories"]] == ["R.A. Bakker"]
    assert (shown["date"], shown["date_asked"]) == ("2024-03-14", "2024-02-20")


def test_pairs_refuses_to_write_over_the_sidecar_it_reads(letter_file: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    letter = _fetched_letter(letter_file)
    sidecar = letter.with_suffix(".json")
    before = sidecar.read_bytes()
    assert run(["pairs", str(letter), "-o", str(sidecar)]) == OUTPUT
    assert "is also an input" in capsys.readouterr().err
    assert sidecar.read_bytes() == before


def test_pairs_reads_the_sidecar_once(letter_file: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`pairs` read the sidecar twice, once to keep an output from replacing it; it still shows its metadata."""
    from classifier.fetch import sidecar as sidecars

    letter = _fetched_letter(letter_file)
    read: list[Path] = []
    load = sidecars.load_sidecar
    monkeypatch.setattr(sidecars, "load_sidecar", lambda path: read.append(Path(path)) or load(path))
    assert run(["pairs", str(letter), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["letter"]["postponements"] == 1
    assert read == [letter.with_suffix(".json")]


# --- help and bad values, alike in every command -------------------------------------------------------


def _help(command: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert run([*command, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())  # one line: a help text wraps where the terminal ends


@pytest.mark.parametrize("command", [["pairs"], ["score"], ["report"], ["annotate"], ["train"], ["evaluate"],
                                     ["annotations", "stats"], ["annotations", "export"], ["annotations", "import"]])
def test_out_has_o_and_format_has_f_in_every_command(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o` was missing on annotate, train and annotations export/import, `-f` on evaluate and annotations stats."""
    monkeypatch.setenv("COLUMNS", "200")
    text = _help(command, capsys)
    assert ("--out" in text) <= ("--out -o" in text), text
    assert ("--format" in text) <= ("--format -f" in text), text
    assert "--out" in text or "--format" in text


@pytest.mark.parametrize(("command", "default"), [
    (["score"], "Model file (default: models/evasion.skops, env EVASION_MODEL)."),
    (["evaluate"], "Model file (default: models/evasion.skops, env EVASION_MODEL)."),
    (["train"], "Model file to write (default: models/evasion.skops, env EVASION_MODEL)."),
])
def test_a_model_default_names_its_setting(command: list[str], default: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert default in _help(command, capsys)


def test_pairs_help_names_every_letter_type(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert "Answer letter: .txt, .pdf, .docx, .html or .htm;" in _help(["pairs"], capsys)


@pytest.mark.parametrize(("argv", "expected"), [
    (["score", "x.txt", "-j", "0"], "Invalid value for '--jobs' / '-j': expected at least 1, found 0"),
    (["train", "--jobs", "-3"], "Invalid value for '--jobs' / '-j': expected at least 1, found -3"),
    (["score", "x.txt", "-j", "two"], "Invalid value for '--jobs' / '-j': expected a whole number, found 'two'"),
    (["report", "--by", "foo", "x.txt"],
     "Invalid value for '--by': 'foo' is not one of 'minister', 'ministry', 'party', 'month'."),
])
def test_a_bad_value_says_what_was_expected_and_what_was_found(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-j 0` gave pydantic's "Input should be greater than or equal to 1"."""
    assert run(argv) == errors.UsageError.exit_code
    err = capsys.readouterr().err
    assert f"Error: {expected}" in err and "Input should be" not in err, err


@pytest.mark.parametrize("argv", [
    ["annotate", "{letter}"],
    ["annotations", "export", "--to", "labelstudio"],
    ["annotations", "import", "{letter}", "--from", "prodigy"],
    ["train"],
], ids=["annotate", "export", "import", "train"])
def test_a_file_output_named_as_a_folder_is_refused_before_any_work(
    argv: list[str], letter_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out newdir/` wrote a file called newdir: the trailing slash was lost before anyone looked."""
    out = f"{tmp_path}/newdir/"
    assert run([*(a.format(letter=letter_file) for a in argv), "--out", out]) == 17
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: {out}: names a folder (it ends in /), but ") and line.endswith("; give a file name")
    assert sorted(p.name for p in tmp_path.iterdir()) == [letter_file.name]


@pytest.mark.parametrize("argv", [["score", "{letter}", "--out=~/scores.json", "--store=~/scores.db"],
                                  ["report", "{letter}", "--out=~/scores.json"],
                                  ["pairs", "{letter}", "--out=~/scores.json"]], ids=["score", "report", "pairs"])
def test_a_tilde_after_the_equals_sign_is_the_home_folder(
    argv: list[str], letter_file: Path, use_fake_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The shell leaves `--out=~/scores.json` as it is: evasion made a folder named '~' in the working folder,
    wrote there, and said "wrote … to ~/scores.json", which reads as the home folder."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir(), work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    assert run([a.format(letter=letter_file) for a in argv]) == 0
    assert list(work.iterdir()) == [], "no folder named '~'"
    assert (home / "scores.json").is_file()
    assert (home / "scores.db").is_file() == ("--store=~/scores.db" in argv)
    assert f"to {home / 'scores.json'}" in capsys.readouterr().err
