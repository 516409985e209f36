"""Command line: `evasion COMMAND`.

Each command module only declares its arguments and calls a library function.
Errors are caught here, at the boundary: the project's own errors become one line
on stderr and the exit code of their class (see classifier/errors.py).
"""

from __future__ import annotations

import errno
import io
import os
import sys
import warnings
from collections.abc import Sequence

import click
import typer

import classifier.cli.annotations  # noqa: E402,F401  (`from __future__ import annotations` shadows the name above)
from classifier.cli import annotate, annotations, evaluate, fetch, pairs, report, score, train  # noqa: F401  (registers commands)
from classifier.cli._app import Interrupted, OutputFailed, app
from classifier.errors import EvasionError
from classifier.io import discard_stdout, stdout_error

try:  # typer ≥ 0.2x ships its own copy of click; older versions use click itself
    from typer._click.exceptions import ClickException as _TyperClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    _TyperClickException = click.ClickException
_EXIT = (click.exceptions.Exit, typer.Exit)
_USAGE = (click.ClickException, _TyperClickException)
_ABORT = (click.exceptions.Abort, typer.Abort, KeyboardInterrupt)


_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""Errors of a failed write. Files are written through classifier.io, which names them as OutputError,
and inputs are read by the library, which names read errors; what reaches the CLI is standard output."""

_stdout_failed = False
"""Set when standard output failed: `main` then discards it (classifier.io.discard_stdout), so that
Python's own flush at exit does not fail a second time with a traceback."""


class _ClosedStdout(io.TextIOBase):
    """Stands in for a standard output that was closed (`evasion score x >&-`): Python leaves
    sys.stdout None, and Click and Rich then drop every line without a word."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: object) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:  # nothing was written, so nothing is lost
        return None


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting, for tests and notebooks."""
    global _stdout_failed
    _stdout_failed = False
    closed = sys.stdout is None
    if closed:
        sys.stdout = _ClosedStdout()
    try:
        return _run(argv)
    finally:
        if closed:
            sys.stdout = None  # type: ignore[assignment]


def _run(argv: Sequence[str] | None) -> int:
    global _stdout_failed
    try:
        result = app(args=list(argv) if argv is not None else None, prog_name="evasion", standalone_mode=False)
        sys.stdout.flush()  # a write that fails at the end fails here, not at interpreter exit
    except _EXIT as exc:
        return exc.exit_code
    except _USAGE as exc:
        exc.show()
        return exc.exit_code
    except (*_ABORT, Interrupted):
        print("evasion: interrupted", file=sys.stderr)
        return 130
    except EvasionError as exc:
        return _report(exc)
    except MemoryError:  # the input bounds should prevent it; if not, one line, not a traceback
        print("error: out of memory; score fewer or smaller letters at once, or lower EVASION_MAX_INPUT_BYTES",
              file=sys.stderr)
        return 1
    except (OutputFailed, OSError) as exc:
        error = exc.error if isinstance(exc, OutputFailed) else exc
        if error.errno not in _OUTPUT_ERRNOS and not _stdout_broken():
            raise error  # not an output problem: a bug, and its traceback is what a developer needs
        _stdout_failed = True
        return _report(stdout_error(error))
    return result if isinstance(result, int) else 0


def _report(exc: EvasionError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)
    return exc.exit_code


def _stdout_broken() -> bool:
    """Does standard output fail? A buffer that kept what could not be written fails again on flush."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _one_line_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                      file: object = None, line: str | None = None) -> None:
    """A warning reaches the user as one `warning:` line, without Python's echo of the source line."""
    print(f"warning: {message}", file=sys.stderr)


def main() -> None:
    warnings.showwarning = _one_line_warning
    code = run()
    if _stdout_failed:
        discard_stdout()
        sys.exit(code)
    _exit_now(code)


def _exit_now(code: int) -> None:
    """End the process without the interpreter's teardown once everything is written.

    Freeing a loaded spaCy pipeline object by object takes about 0.4 s, a fifth of
    a one-letter run, for memory the operating system takes back at once anyway.
    Every file the command wrote is closed (written atomically, or a closed SQLite
    connection) and worker processes have been joined; only the standard streams are
    still buffered, so they are flushed first. If that fails, the normal exit reports it.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        sys.exit(code)
    os._exit(code)
