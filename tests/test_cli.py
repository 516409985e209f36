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
