"""Command line: `evasion COMMAND`.

Each command module only declares its arguments and calls a library function.
Errors are caught here, at the boundary: the project's own errors become one line
on stderr and the exit code of their class (see classifier/errors.py).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence

import click
import typer

from classifier.cli import annotate, annotations, evaluate, pairs, report, score, train  # noqa: F401  (registers commands)
import classifier.cli.annotations  # noqa: E402,F401  (`from __future__ import annotations` shadows the name above)
from classifier.cli._app import app
from classifier.errors import EvasionError

try:  # typer ≥ 0.2x ships its own copy of click; older versions use click itself
    from typer._click.exceptions import ClickException as _TyperClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    _TyperClickException = click.ClickException
_EXIT = (click.exceptions.Exit, typer.Exit)
_USAGE = (click.ClickException, _TyperClickException)
_ABORT = (click.exceptions.Abort, typer.Abort, KeyboardInterrupt)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting, for tests and notebooks."""
    try:
        result = app(args=list(argv) if argv is not None else None, prog_name="evasion", standalone_mode=False)
    except _EXIT as exc:
        return exc.exit_code
    except _USAGE as exc:
        exc.show()
        return exc.exit_code
    except _ABORT:
        print("evasion: interrupted", file=sys.stderr)
        return 130
    except EvasionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    return result if isinstance(result, int) else 0


def _one_line_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                      file: object = None, line: str | None = None) -> None:
    """A warning reaches the user as one `warning:` line, without Python's echo of the source line."""
    print(f"warning: {message}", file=sys.stderr)


def main() -> None:
    warnings.showwarning = _one_line_warning
    sys.exit(run())
