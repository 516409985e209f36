"""The one Typer app. Command modules register on it; see classifier/cli/__init__.py."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="evasion",
    help="Measure how evasive Dutch government answers to parliamentary questions are.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
annotations_app = typer.Typer(help="Check, summarise and convert annotation files.", no_args_is_help=True)
app.add_typer(annotations_app, name="annotations")
