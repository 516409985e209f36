"""The one Typer app. Command modules register on it; see classifier/cli/__init__.py."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup


class Interrupted(Exception):
    """Ctrl-C inside a command. Typer would turn a KeyboardInterrupt into a bare exit code 130 without
    a word; carried past it as this, `run` can say "interrupted"."""


class OutputFailed(Exception):
    """An OSError that left a command: Typer would exit 1 on a closed pipe and show a traceback for a
    full disk; carried past it as this, `run` can tell whether standard output failed."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Interrupted() from exc
        except (OSError, SystemExit) as exc:
            error = _os_error_in(exc)
            if error is None:
                raise
            raise OutputFailed(error) from exc


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`. Rich answers a broken pipe with SystemExit(1), raised while handling
    the BrokenPipeError; a SystemExit without an OSError behind it is a plain exit and stays one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen
        seen = seen.__context__
    return None


app = typer.Typer(
    cls=_Group,
    name="evasion",
    help="Measure how evasive Dutch government answers to parliamentary questions are.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
annotations_app = typer.Typer(help="Check, summarise and convert annotation files.", no_args_is_help=True)
app.add_typer(annotations_app, name="annotations")
