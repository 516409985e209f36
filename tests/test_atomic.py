"""Interrupted work leaves nothing half-written.

Every file the tool writes goes through classifier/io.py: a temporary file in the target's folder,
flushed and fsynced, then moved over the target with one os.replace. These tests kill a writer
with SIGKILL while it writes (mid-write, between write and rename, and at random moments of a
write loop) and check that the target is always the old file or the new one, never a mix; that a
failing command leaves an existing --out file untouched; and, by reading the package's source,
that no module writes a file any other way.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import LETTER_TEXT, FakeModel

from classifier import errors
from classifier import io as atomic_io
from classifier.annotations.files import check_annotations
from classifier.cli import run
from classifier.config import PACKAGE_DIR, PROJECT_DIR

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL and file modes")

ANNOTATION_FILE = PROJECT_DIR / "annotations" / "003_munitietekort-leger.jsonl"

# The child runs one atomic write. STALL decides where it stops to be killed:
#   "chunks": the payload is written 1 MiB at a time, with a pause after each (killed mid-write);
#   "fsync": the payload is written, and fsync (just before the rename) never returns;
#   "none": no stall, the child loops writing whole files until it is killed.
CHILD = r"""
import os, sys, time, json
from pathlib import Path
from classifier import io as atomic_io

mode, how, target, size = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])

def say(word):
    sys.stdout.write(word + "\n")
    sys.stdout.flush()

if how == "chunks":
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, handle):
            self.handle = handle
        def write(self, data):
            view = memoryview(data)
            for start in range(0, len(view), 1 << 20):
                self.handle.write(view[start:start + (1 << 20)])
                self.handle.flush()
                if start == 0:
                    say("writing")
                time.sleep(0.05)
            return len(view)
        def __getattr__(self, name):
            return getattr(self.handle, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

    os.fdopen = lambda fd, *a, **k: Slow(real_fdopen(fd, *a, **k))
elif how == "fsync":
    def stall(fd):
        say("written")
        time.sleep(600)
    os.fsync = stall

def payload(n):
    return (b"%d" % (n % 10)) * size

if mode == "bytes":
    if how == "none":
        n = 0
        say("looping")
        while True:
            n += 1
            atomic_io.atomic_write_bytes(target, payload(n))
    atomic_io.atomic_write_bytes(target, payload(7))
else:  # append annotation lines
    line = json.loads(target.read_text(encoding="utf-8").splitlines()[0])
    def lines(first, count):
        out = []
        for k in range(first, first + count):
            record = dict(line, id=f"{line['letter_id']}#n{k}", question_id=f"n{k}")
            out.append(json.dumps(record, ensure_ascii=False))
        return out
    if how == "none":
        n = 0
        say("looping")
        while True:
            atomic_io.atomic_append_lines(target, lines(n, 1))
            n += 1
    atomic_io.atomic_append_lines(target, lines(0, size))
say("finished")
"""


def _start(mode: str, how: str, target: Path, size: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, mode, how, str(target), str(size)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_after(child: subprocess.Popen[str], word: str, delay: float = 0.0) -> None:
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != word:
        child.kill()
        raise AssertionError(f"child said {line!r} instead of {word!r}: {child.communicate()[1][-2000:]}")
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def _temp_files(folder: Path, target: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p != target]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- killed writers ---------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("how", ["chunks", "fsync"], ids=["killed-mid-write", "killed-before-rename"])
def test_a_killed_large_write_leaves_the_old_file_intact(tmp_path: Path, how: str) -> None:
    target = tmp_path / "model.joblib"
    old = b"old model " * 100_000
    target.write_bytes(old)
    size = 24 << 20  # 24 MiB: 24 chunks of a slow write
    child = _start("bytes", how, target, size)
    _kill_after(child, "writing" if how == "chunks" else "written")

    assert target.read_bytes() == old, "the target was changed by a write that never finished"
    leftovers = _temp_files(tmp_path, target)
    # SIGKILL gives no chance to clean up: the partial data stays in a hidden temporary file,
    # never under the target's name
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".model.joblib.")
    assert leftovers[0].name.endswith(".tmp")
    partial = leftovers[0].stat().st_size
    if how == "chunks":
        assert 0 < partial < size, f"expected a partial temporary file, found {partial} of {size} bytes"
    else:
        assert partial == size


@posix_only
def test_a_write_loop_killed_at_random_moments_always_leaves_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    size = 8 << 20
    target.write_bytes(b"0" * size)
    whole = {hashlib.sha256((b"%d" % n) * size).hexdigest() for n in range(10)}
    seen = set()
    for delay in (0.05, 0.17, 0.31):
        child = _start("bytes", "none", target, size)
        _kill_after(child, "looping", delay)
        assert target.is_file(), f"no target after {delay} s"
        assert target.stat().st_size == size and _digest(target) in whole, "a torn file under the target's name"
        seen.add(_digest(target))
        for leftover in _temp_files(tmp_path, target):
            leftover.unlink()
    assert seen != {hashlib.sha256(b"0" * size).hexdigest()}, "no write finished: the test saw no replacement"


@posix_only
def test_a_killed_append_leaves_the_annotation_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "annotations.jsonl"
    target.write_bytes(ANNOTATION_FILE.read_bytes())
    before = target.read_bytes()
    child = _start("append", "chunks", target, 20_000)  # ~20 MB of new lines, written slowly
    _kill_after(child, "writing")
    assert target.read_bytes() == before
    assert list(check_annotations(target)) == []


@posix_only
def test_an_append_loop_killed_at_random_moments_never_tears_a_line(tmp_path: Path) -> None:
    target = tmp_path / "annotations.jsonl"
    original = ANNOTATION_FILE.read_text(encoding="utf-8").splitlines()
    for delay in (0.1, 0.37):
        target.write_bytes(ANNOTATION_FILE.read_bytes())
        child = _start("append", "none", target, 0)
        _kill_after(child, "looping", delay)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert target.read_bytes().endswith(b"\n")
        assert lines[: len(original)] == original
        added = [json.loads(line)["question_id"] for line in lines[len(original):]]
        assert added == [f"n{k}" for k in range(len(added))], "lines lost, doubled or torn"
        assert added or delay < 0.3, "no append finished in 0.37 s: the test saw nothing happen"
        assert list(check_annotations(target)) == []
        for leftover in _temp_files(tmp_path, target):
            leftover.unlink()


# --- in-process failures clean up after themselves --------------------------------------------


def test_an_exception_while_writing_removes_the_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "scores.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_io.atomic_write_text(target, "new " * 10_000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


@posix_only
def test_written_files_get_ordinary_permissions_and_keep_their_own(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        fresh = atomic_io.atomic_write_text(tmp_path / "report.html", "<p>ja</p>")
        assert fresh.stat().st_mode & 0o777 == 0o644, "a new file must not be private (0600) to its writer"
        shared = tmp_path / "scores.csv"
        shared.write_text("old", encoding="utf-8")
        shared.chmod(0o664)
        atomic_io.atomic_write_text(shared, "new")
        assert shared.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)


# --- failing commands leave an existing --out untouched ---------------------------------------


BAD_INPUTS = {
    "binary.txt": (b"\x00\x01\x02PNG" * 500, errors.NotText),
    "leeg.txt": (b"", errors.EmptyInput),
    "kapot.pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", errors.BrokenDocument),
    "geen_antwoorden.txt": ("Vraag 1\nWaarom is de brief te laat?\n".encode(), errors.NoPairs),
}
OUT_COMMANDS = {
    "pairs": lambda letter, out: ["pairs", str(letter), "--format", "json", "--out", str(out)],
    "pairs-table": lambda letter, out: ["pairs", str(letter), "--out", str(out)],
    "score": lambda letter, out: ["score", str(letter), "--format", "json", "--out", str(out)],
    "report": lambda letter, out: ["report", str(letter), "--format", "json", "--out", str(out)],
}


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_a_failing_command_leaves_an_existing_output_untouched(
    command: str, name: str, tmp_path: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    content, error = BAD_INPUTS[name]
    letter = tmp_path / name
    letter.write_bytes(content)
    results = tmp_path / "results"
    results.mkdir()
    out = results / "earlier_result.json"
    out.write_text('{"earlier": "result"}\n', encoding="utf-8")
    stamp = out.stat().st_mtime_ns

    assert run(OUT_COMMANDS[command](letter, out)) == error.exit_code
    assert out.read_text(encoding="utf-8") == '{"earlier": "result"}\n'
    assert out.stat().st_mtime_ns == stamp
    assert [p.name for p in results.iterdir()] == [out.name], "temporary files left behind"
    assert str(letter) in capsys.readouterr().err


@pytest.mark.parametrize("command", list(OUT_COMMANDS))
def test_a_succeeding_command_replaces_the_output_whole(
    command: str, tmp_path: Path, use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "munitie.txt"
    letter.write_text(LETTER_TEXT, encoding="utf-8")
    out = tmp_path / "results" / "result.out"
    out.parent.mkdir()
    out.write_text("earlier result\n", encoding="utf-8")
    assert run(OUT_COMMANDS[command](letter, out)) == 0, capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "earlier result" not in text and "munitie" in text.lower()
    assert [p.name for p in out.parent.iterdir()] == [out.name]


# --- no module writes files another way ---------------------------------------------------------

IO_MODULE = PACKAGE_DIR / "io.py"
STORE_MODULE = PACKAGE_DIR / "outputs" / "database.py"  # SQLite writes its own file, with its own journal
WRITE_MODES = set("wax+")
PATH_WRITERS = {"write_text", "write_bytes", "touch", "symlink_to", "hardlink_to"}
MODULE_WRITERS = {
    ("os", "replace"), ("os", "rename"), ("os", "open"), ("os", "fdopen"), ("os", "link"), ("os", "symlink"),
    ("os", "truncate"), ("shutil", "copy"), ("shutil", "copy2"), ("shutil", "copyfile"), ("shutil", "move"),
    ("shutil", "copytree"), ("tempfile", "mkstemp"), ("tempfile", "NamedTemporaryFile"),
    ("np", "save"), ("np", "savez"), ("np", "savetxt"), ("numpy", "save"), ("pickle", "dump"),
    ("sqlite3", "connect"),
}
DUMPERS = {"dump", "savefig", "to_disk"}
"""Calls that write to their destination argument: json.dump, joblib.dump, fig.savefig, nlp.to_disk."""
ALLOWED_WRITE_RECEIVERS = {"sys.stdout", "sys.stderr"}
ALLOWED_PROJECT_WRITERS = {
    ("annotate.py", "self.decisions"): "_Decisions.write appends with atomic_append_lines/atomic_write_text",
}
"""`X.write(...)` on a project object that writes through classifier/io.py itself (checked below)."""


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    return type(node).__name__


def _buffers(tree: ast.AST) -> set[str]:
    """Names bound to an in-memory buffer (io.StringIO/BytesIO) anywhere in the module."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            if _dotted(node.value.func).split(".")[-1] in {"StringIO", "BytesIO"}:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names |= {_dotted(t) for t in targets}
    return names


def _mode(call: ast.Call, position: int) -> str | None:
    args = [kw.value for kw in call.keywords if kw.arg == "mode"] or call.args[position:position + 1]
    if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        return args[0].value
    return "?" if args else None


def file_writes(path: Path, source: str | None = None) -> list[str]:
    """Every place in one module that writes a file other than through classifier/io.py."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    buffers = _buffers(tree) | ALLOWED_WRITE_RECEIVERS
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}"
        name = _dotted(func)
        attr = func.attr if isinstance(func, ast.Attribute) else name
        owner = _dotted(func.value) if isinstance(func, ast.Attribute) else ""
        if attr in PATH_WRITERS:
            found.append(f"{where}: {name}()")
        elif (owner, attr) in MODULE_WRITERS and not (owner == "sqlite3" and path == STORE_MODULE):
            found.append(f"{where}: {name}()")
        elif (attr in {"ZipFile", "TarFile"} and (_mode(node, 1) or "r") != "r"
              and not (node.args and _dotted(node.args[0]) in buffers)):  # an archive built in memory is fine
            found.append(f"{where}: {name}(mode={_mode(node, 1)!r})")
        elif attr == "open" and owner not in {"pdfplumber", "Image", "zipfile"}:
            mode = _mode(node, 1 if isinstance(func, ast.Name) or owner in {"io", "codecs"} else 0)
            if mode is not None and (mode == "?" or WRITE_MODES & set(mode)):
                found.append(f"{where}: {name}(mode={mode!r})")
        elif attr == "write" and owner not in buffers and (path.name, owner) not in ALLOWED_PROJECT_WRITERS:
            found.append(f"{where}: {name}()")
        elif attr in DUMPERS and isinstance(func, ast.Attribute):
            destinations = node.args[1:2] if attr == "dump" else node.args[:1]
            destinations += [kw.value for kw in node.keywords if kw.arg in {"fname", "file", "path", "filename"}]
            if any(_dotted(d) not in buffers for d in destinations):
                found.append(f"{where}: {name}() to {', '.join(_dotted(d) for d in destinations)}")
    return found


def test_every_file_is_written_through_classifier_io() -> None:
    modules = sorted(p for p in PACKAGE_DIR.rglob("*.py") if p != IO_MODULE)
    assert len(modules) > 10
    found = [problem for module in modules for problem in file_writes(module)]
    assert found == [], (
        "write files with classifier.io.atomic_write_text/atomic_write_bytes/atomic_append_lines, "
        "so an interrupted run leaves no half-written file:\n" + "\n".join(found)
    )


def test_the_allowed_project_writers_really_write_through_classifier_io() -> None:
    tree = ast.parse((PACKAGE_DIR / "annotations" / "annotate.py").read_text(encoding="utf-8"))
    decisions = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "_Decisions")
    write = next(n for n in decisions.body if isinstance(n, ast.FunctionDef) and n.name == "write")
    calls = {_dotted(n.func) for n in ast.walk(write) if isinstance(n, ast.Call)}
    assert calls & {"atomic_append_lines", "atomic_write_text"}
    assert not calls & {"open", "self.out.write_text", "self.out.open"}


@pytest.mark.parametrize(
    "source",
    [
        "from pathlib import Path\nPath('x').write_text('y')\n",
        "open('x', 'w').write('y')\n",
        "with open(path, mode='ab') as f:\n    pass\n",
        "import json\njson.dump({}, handle)\n",
        "import joblib\njoblib.dump(model, 'model.joblib')\n",
        "fig.savefig('plot.png')\n",
        "import shutil\nshutil.copy('a', 'b')\n",
        "import os\nos.replace('a', 'b')\n",
        "handle.write('y')\n",
        "import zipfile\nzipfile.ZipFile('x.docx', 'w')\n",
    ],
)
def test_the_source_check_catches_direct_writes(source: str) -> None:
    """The check must fail on each kind of direct write, or it guards nothing."""
    assert file_writes(PACKAGE_DIR / "probe.py", source), f"not caught: {source!r}"


@pytest.mark.parametrize(
    "source",
    [
        "import io\nbuffer = io.StringIO()\nbuffer.write('y')\n",
        "import io, joblib\nbuffer = io.BytesIO()\njoblib.dump(model, buffer)\n",
        "import sys\nsys.stdout.write('y')\n",
        "with open('x', encoding='utf-8') as f:\n    f.read()\n",
        "import pdfplumber\npdfplumber.open(data)\n",
    ],
)
def test_the_source_check_allows_reads_buffers_and_stdout(source: str) -> None:
    assert file_writes(PACKAGE_DIR / "probe.py", source) == []


def test_leftovers_of_killed_writers_are_removed_by_the_next_write_once_stale(tmp_path: Path) -> None:
    target = tmp_path / "scores [1].json"
    stale = tmp_path / ".scores [1].json.k1ll3d.tmp"
    busy = tmp_path / ".scores [1].json.w0rk1ng.tmp"
    other = tmp_path / ".report.html.0ld.tmp"
    for path in (stale, busy, other):
        path.write_bytes(b"partial")
    old = time.time() - atomic_io.STALE_SECONDS - 60
    for path in (stale, other):
        os.utime(path, (old, old))
    atomic_io.atomic_write_text(target, "{}")
    assert not stale.exists(), "a stale temporary file of this target was left behind"
    assert busy.exists(), "a recent temporary file may belong to a writer that is still busy"
    assert other.exists(), "another target's temporary file is not this write's business"
    assert target.read_text(encoding="utf-8") == "{}"
