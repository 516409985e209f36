"""Command line: `evasion COMMAND`.

Each command module only declares its arguments and calls a library function.
Errors are caught here, at the boundary: the project's own errors become one line
on stderr and the exit code of their class (see classifier/errors.py).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from classifier.cli import annotate, annotations, evaluate, pairs, report, score, train  # noqa: F401  (registers commands)
import classifier.cli.annotations  # noqa: E402,F401  (`from __future__ import annotations` shadows the name above)
from classifier.cli._app import app
from classifier.errors import EvasionError


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting, for tests and notebooks."""
    try:
        result = app(args=list(argv) if argv is not None else None, prog_name="evasion", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        print("evasion: interrupted", file=sys.stderr)
        return 130
    except EvasionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
