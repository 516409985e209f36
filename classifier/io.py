"""Atomic file writing.

A user's annotations, models, reports and scores must never be left half-written:
everything is written to a temporary file in the same folder, flushed to disk and
then moved over the target in one `os.replace`, which either happens or does not.
The folder is synced after the move, so the new name survives a power cut too.

A writer killed outright (SIGKILL, power cut) cannot remove its temporary file.
The next successful write of the same target removes such leftovers once they are
older than STALE_SECONDS; a younger one may belong to a writer that is still busy.
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

STALE_SECONDS = 3600.0


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # mkstemp makes 0600; a report or model must stay readable as usual
                os.fchmod(handle.fileno(), _mode_for(target))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    _remove_stale_temporaries(target)
    return target


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
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:  # another writer removed it first
            continue


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
    target = Path(path)
    old = target.read_bytes() if target.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = "".join(line.rstrip("\n") + "\n" for line in lines).encode("utf-8")
    return atomic_write_bytes(target, old + new)
