"""Atomic file writing.

A user's annotations, models, reports and scores must never be left half-written:
everything is written to a temporary file in the same folder, flushed to disk and
then moved over the target in one `os.replace`, which either happens or does not.
The folder is synced after the move, so the new name survives a power cut too.

A writer killed outright (SIGKILL, power cut) cannot remove its temporary file.
The next successful write of the same target removes such leftovers once they are
older than STALE_SECONDS; a younger one may belong to a writer that is still busy.

What the user points at is never replaced by something else: a symlink is
written through to the file it points to, a character device, FIFO or socket
(`/dev/null`, `/dev/stdout`, a named pipe) is written to as a stream, and a
folder is refused. An output that is one of the command's inputs is refused
before any work (`refuse_inputs_as_output`); a writer that puts files beside its
output (a model's card, SQLite's journal) refuses a device there (`not_a_file`).
Operating-system failures (a full disk, no permission, a path under a regular
file) become `OutputError`, one line naming the path.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from classifier.errors import OutputError, UsageError

STALE_SECONDS = 3600.0

OUTPUT_SUFFIXES: dict[str, str] = {".txt": "table", ".json": "json", ".jsonl": "jsonl", ".csv": "csv",
                                   ".html": "html", ".htm": "html"}
"""The format each output file extension names; any other extension names none."""

GENERIC_SUFFIXES = frozenset({".txt"})
"""Extensions of plain text in general: they choose the table when no format is given, and hold
any text format asked for (`--format json --out scores.txt` is fine)."""


def output_format(out: str | Path | None, fmt: str | None, supported: Iterable[str], default: str = "table") -> str:
    """The format to write: `fmt` if given, else the one `out`'s extension names, else `default`.

    An extension that names another format than `fmt` (`--out r.json --format csv`), or a format
    the command cannot write (`report --out r.jsonl`), is a UsageError (exit 2): a file whose
    name says JSON must never hold a text table. An extension that names no format (`.out`, none)
    takes `fmt` or the default; `.txt` chooses the table but holds any format asked for.
    """
    supported = tuple(supported)
    suffix = Path(out).suffix.lower() if out is not None else ""
    named = OUTPUT_SUFFIXES.get(suffix)
    extensions = ", ".join(s for s, f in OUTPUT_SUFFIXES.items() if f in supported)
    if fmt is None:
        if named is None:
            return default
        if named not in supported:
            raise UsageError(f"cannot write {named} here; this command writes {', '.join(supported)}", path=out,
                             hint=f"name the file {extensions}, or give --format")
        return named
    if named is not None and named != fmt and suffix not in GENERIC_SUFFIXES:
        raise UsageError(f"the extension {suffix} says {named}, but --format asks for {fmt}", path=out,
                         hint=f"leave out --format to write {named}" if named in supported
                         else f"name the file {', '.join(s for s, f in OUTPUT_SUFFIXES.items() if f == fmt)}")
    return fmt


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` so that a reader sees the old file or the new one, never a torn one."""
    stream = AtomicStream(path)
    with stream:
        stream.append(data)  # opens the temporary file even for b"": an empty result is still a file
    assert stream.target is not None
    return stream.target


def resolve_output(path: str | Path) -> Path:
    """The file a write to `path` must change: a symlink's target, never the link replaced by a file.

    A folder is refused here, so that every writer names the problem the same way.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.is_dir():
        raise OutputError("is a folder; give a file name", path=path)
    return target


def refuse_inputs_as_output(out: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """Refuse an output that is one of the inputs before any work, so a letter is never overwritten by its scores."""
    if out is None or not os.path.exists(out):
        return
    for given in inputs:
        with suppress(FileNotFoundError):
            if os.path.samefile(out, given):
                raise OutputError(f"is also an input ({given}); choose another output path", path=out)


def not_a_file(path: str | Path) -> str | None:
    """What is at `path` that no file may replace when files go beside it (a model's card and arrays, SQLite's
    journal): "folder"; "descriptor", a name under /dev or /proc (`/dev/null`; `/dev/fd/3` may lead to a file,
    but what goes beside it would land in /dev); "device", a device, FIFO or socket reached through links.
    None for a regular file, or nothing yet."""
    if os.path.isdir(path):
        return "folder"
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return "descriptor"
    return "device" if os.path.exists(path) and not os.path.isfile(path) else None


def refuse_same_output(out: str | Path | None, other: str | Path | None, what: str) -> None:
    """Refuse two outputs of one command that are the same file (`--out s.db --store s.db`): the second
    write would replace the first, a store of scored letters by one letter's scores. Compared by path,
    as either may not exist yet, and by identity, through links, when both do."""
    if out is None or other is None:
        return
    same = os.path.abspath(os.path.realpath(out)) == os.path.abspath(os.path.realpath(other))
    if not same and os.path.exists(out) and os.path.exists(other):
        same = os.path.samefile(out, other)
    if same:
        raise OutputError(f"is also the {what} ({other}); choose another output path", path=out)


SQLITE_HEADER = b"SQLite format 3\x00"


def file_starts_with(path: str | Path, magic: bytes) -> bool | None:
    """Whether the regular file at `path` opens with `magic` (a kind of file told by its first bytes);
    None when there is no such file or it cannot be read."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return None


def refuse_database_as_output(out: str | Path | None) -> None:
    """Refuse to write text over an existing SQLite database (a store of scored letters named as `--out`):
    a file of that kind holds what many runs gathered, and no output of these commands is one. An unreadable
    file is left to the write itself, which names the problem."""
    if out is not None and file_starts_with(out, SQLITE_HEADER):
        raise OutputError("is a SQLite database (a store?); give it as --store, or choose another output path",
                          path=out)


_DESCRIPTOR_PATH = re.compile(r"/dev/fd/(\d+)|/proc/self/fd/(\d+)|/proc/(\d+)/fd/(\d+)")
_STANDARD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _inherited_descriptor(path: str | Path) -> int | None:
    """The open descriptor `path` names (`/dev/stdout`, `/dev/fd/3`), else None. Its link leads to a pipe
    ("pipe:[123]", no file to put a temporary beside) or a file opened with `>>`, which replacing would
    truncate: writing to the descriptor itself does what the shell asked."""
    text = os.path.abspath(path)
    if text in _STANDARD_STREAMS:
        return _STANDARD_STREAMS[text]
    match = _DESCRIPTOR_PATH.fullmatch(text)
    if match is None or (match.group(3) is not None and int(match.group(3)) != os.getpid()):
        return None
    return int(match.group(1) or match.group(2) or match.group(4))


def discard_stdout() -> None:
    """Point the descriptor of standard output at the null device once writing to it failed.

    Python flushes standard output again at exit, and what could not be written would fail a
    second time, as a traceback after the one-line error; this is the remedy Python's
    documentation gives for SIGPIPE. The null device is opened for writing, never replaced.
    """
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # closed, or no descriptor (a test's capture)
        return
    with suppress(OSError):
        os.dup2(null, fd)
    os.close(null)


def stdout_error(exc: OSError) -> OutputError:
    """A failed write to standard output (`> /dev/full`, a closed pipe or descriptor) as one line."""
    return _output_error("standard output", exc)


def _output_error(target: str | Path, exc: OSError) -> OutputError:
    reason = {
        errno.ENOSPC: "no space left on the device",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EEXIST: "a part of the path is a file, not a folder",  # mkdir of a folder where a file stands
        errno.EISDIR: "is a folder; give a file name",
        errno.EROFS: "the file system is read-only",
        errno.EPIPE: "the reader closed the pipe",
        errno.EBADF: "it is closed",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write: {reason}", path=target)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; its rename is journalled
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_temporaries(target: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with suppress(FileNotFoundError):  # another writer removed it first
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _mode_for(target: Path) -> int:
    """The mode the file would have had if written in place: the old file's, else 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: str | Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_append_lines(path: str | Path, lines: Iterable[str]) -> Path:
    """Append lines by rewriting the whole file atomically.

    Slower than a plain append, but a kill at any moment leaves either the old
    file or the new one, never a torn last line; annotation files are small.
    """
    target = resolve_output(path)
    old = target.read_bytes() if target.is_file() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = "".join(line.rstrip("\n") + "\n" for line in lines).encode("utf-8")
    return atomic_write_bytes(target, old + new)


class AtomicStream:
    """Write one file piece by piece, as the pieces arrive, and move it into place at the end.

    The pieces go to a temporary file in the target's folder (opened at the first piece);
    `commit()` flushes, fsyncs and moves it over the target in one `os.replace`, as
    `atomic_write_bytes` does, so a reader sees the old file or the whole new one. When
    nothing was written, `commit()` creates no file. Leaving the `with` block by an
    exception (or `discard()`) removes the temporary file and leaves the target as it was.
    A device or pipe (`/dev/stdout`) is written to directly, piece by piece.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self._target: Path | None = None
        self._handle = None
        self._tmp: str | None = None
        self._done = False

    def __enter__(self) -> AtomicStream:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    @property
    def target(self) -> Path | None:
        """The file written (a symlink resolved), once the first piece opened it."""
        return self._target

    @property
    def started(self) -> bool:
        """Whether a first piece was written."""
        return self._handle is not None

    def append(self, piece: str | bytes) -> None:
        """Write the next piece (text is encoded as UTF-8)."""
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        if self._handle is None:
            self._open()
        try:
            self._handle.write(data)
        except OSError as exc:
            self.discard()
            raise _output_error(self._target or self.path, exc) from exc

    def _open(self) -> None:
        inherited = _inherited_descriptor(self.path)
        if inherited is not None:
            self._target = Path(self.path)
            try:
                self._handle = os.fdopen(os.dup(inherited), "wb")
            except OSError as exc:
                raise _output_error(self.path, exc) from exc
            return
        target = resolve_output(self.path)
        self._target = target
        try:
            if target.exists() and not target.is_file():  # a device, FIFO or socket (a folder was refused)
                self._handle = open(target, "wb")  # noqa: SIM115 - closed by commit/discard
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            self._handle = os.fdopen(fd, "wb")
            if hasattr(os, "fchmod"):
                os.fchmod(self._handle.fileno(), _mode_for(target))
        except OSError as exc:
            self.discard()
            raise _output_error(target, exc) from exc

    def commit(self) -> Path | None:
        """Move the written file into place; returns the target, or None when nothing was written."""
        if self._done:
            return self._target if self._handle is not None else None
        self._done = True
        if self._handle is None:
            return None
        target = self._target
        assert target is not None
        try:
            self._handle.flush()
            if self._tmp is None:  # a device or pipe
                self._handle.close()
                return target
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.replace(self._tmp, target)
        except BaseException as exc:
            self._remove_temporary()
            if isinstance(exc, OSError):
                raise _output_error(target, exc) from exc
            raise
        _sync_folder(target.parent)
        _remove_stale_temporaries(target)
        return target

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        self._done = True
        self._remove_temporary()

    def _remove_temporary(self) -> None:
        if self._handle is not None:
            with suppress(OSError):
                self._handle.close()
        if self._tmp is not None:
            Path(self._tmp).unlink(missing_ok=True)
            self._tmp = None


@contextmanager
def exclusive_output_lock(target: Path, busy: str) -> Iterator[Path]:
    """Hold an exclusive lock on `target` for the `with` block, through the sidecar `.NAME.lock` next to it.

    A session that keeps a file's lines in memory and rewrites them (`evasion annotate`) would
    otherwise erase what a second session on the same file wrote. Not the file itself: every atomic
    write replaces it. `flock` ends with the process, however it ends, so a lock file a killed
    process left blocks no one; the hidden `.lock` name is never read as annotations, and creating
    it proves the folder writable before any work. Another holder: OutputError(`busy`). Without
    `fcntl` (Windows) the file is created and removed but nothing is locked.
    """
    try:
        import fcntl
    except ImportError:  # no flock: the folder is still probed, but two sessions are not kept apart
        fcntl = None  # type: ignore[assignment]
    lock = target.parent / f".{target.name}.lock"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _output_error(target, exc) from exc
    for _ in range(20):  # a holder removing the file between our open and our flock makes us retry
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise _output_error(target, exc) from exc
        if fcntl is None:
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(busy, path=target) from exc
            raise _output_error(target, exc) from exc
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:
        raise OutputError(busy, path=target)
    try:
        yield lock
    finally:
        if fcntl is None:  # Windows cannot remove a file that is open
            os.close(fd)
        # removed while still held (with flock), so that no one locks a file on its way out; in a folder made
        # read-only meanwhile the file left behind locks nothing
        with suppress(OSError):
            lock.unlink(missing_ok=True)
        if fcntl is not None:
            os.close(fd)
