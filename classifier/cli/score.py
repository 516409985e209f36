"""`evasion score FILE...`: score letters and show or write the result."""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperCommand

from classifier.cli._app import annotations_app, app  # noqa: F401
from classifier.config import get_settings
from classifier.errors import BatchFailed, EvasionError
from classifier.io import atomic_write_text, refuse_inputs_as_output
from classifier.types import LetterScore

_LETTER_SUFFIXES = (".txt", ".pdf", ".docx")
_DEFAULT_STORE = ""
"""What `--store` given without a path stands for: settings.store_path, read at run time."""


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


class _OptionalStorePath(TyperCommand):
    """Lets `--store` go without a value, which Typer's parser cannot express.

    A bare `--store` (last, or followed by another option or by a letter file
    ending in .txt/.pdf/.docx) is rewritten to `--store=` before parsing, which the
    command reads as "the default store".
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        fixed: list[str] = []
        rest = list(args)
        while rest:
            arg = rest.pop(0)
            if arg == "--":
                fixed += [arg, *rest]
                break
            if arg == "--store" and (
                not rest or rest[0].startswith("-") or rest[0].lower().endswith(_LETTER_SUFFIXES)
            ):
                arg = f"--store={_DEFAULT_STORE}"
            fixed.append(arg)
        return super().parse_args(ctx, fixed)


@app.command("score", cls=_OptionalStorePath)
def score(
    files: Annotated[list[Path], typer.Argument(help="Letters to score (.txt, .pdf, .docx).", show_default=False)],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (terminal), json, csv or html.", case_sensitive=False),
    ] = OutputFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write to this file instead of stdout; for html, a directory (one page per letter) "
            "unless the name ends in .html and one letter is scored.",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="[PATH]",
            help="Also save the scores in a SQLite store; without PATH the default store "
            "(evasion.db, env EVASION_STORE). Put it after the files or write --store=PATH.",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option("--model", help="Model file (default: models/evasion.joblib, env EVASION_MODEL).",
                     show_default=False),
    ] = None,
) -> int:
    """Score every question–answer pair of each letter for evasiveness."""
    from classifier.score import score_files
    from classifier.store import Store

    several = len(files) > 1
    if output_format is OutputFormat.html and several and out is None:
        raise typer.BadParameter("scoring several letters to html needs --out DIRECTORY", param_hint="--out")
    store_path = get_settings().store_path if store == _DEFAULT_STORE else store
    refuse_inputs_as_output(out, files)
    refuse_inputs_as_output(store_path, files)
    opened_store = Store(store_path) if store_path is not None else None

    if several:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
        ) as progress:
            task = progress.add_task("", total=len(files))

            def on_progress(done: int, total: int, path: Path, error: EvasionError | None) -> None:
                if error is not None:
                    progress.console.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
                progress.update(task, completed=done, description=path.name)

            result = score_files(files, model=model, on_progress=on_progress, store=opened_store)
    else:
        result = score_files(files, model=model, store=opened_store)
        if result.failures:
            raise result.failures[0][1]

    if result.scored:
        _emit(result.scored, output_format, out, several)
    if result.failures:
        raise BatchFailed(f"expected every file to score, {len(result.failures)} of {len(files)} failed (see above)")
    return 0


def _emit(scored: list[LetterScore], output_format: OutputFormat, out: Path | None, several: bool) -> None:
    """Write the scored letters where asked: stdout, one file, or (html, several) one page each."""
    from classifier import render

    # a directory: several letters, an existing folder, or a name without .html ("pages/")
    if output_format is OutputFormat.html and out is not None and (
        several or out.is_dir() or out.suffix.lower() not in (".html", ".htm")
    ):
        for letter_score, name in zip(scored, render.page_names(scored), strict=True):
            atomic_write_text(out / name, render.to_html(letter_score))
        return
    if output_format is OutputFormat.table and out is None:
        console = Console()
        for letter_score in scored:
            console.print(render.to_table(letter_score))
        return
    if output_format is OutputFormat.html:
        text = render.to_html(scored[0])
    elif output_format is OutputFormat.json:
        text = render.to_json(scored if several else scored[0])
    elif output_format is OutputFormat.csv:
        text = render.to_csv(scored)
    else:  # a table into a file: plain text, no colour codes
        buffer = io.StringIO()
        console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
        for letter_score in scored:
            console.print(render.to_table(letter_score))
        text = buffer.getvalue()
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(out, text)
