"""`evasion score FILE...`: score letters and show or write the result."""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from classifier.cli._app import annotations_app, app  # noqa: F401
from classifier.config import get_settings
from classifier.errors import BatchFailed, EvasionError
from classifier.io import atomic_write_text, output_format, refuse_inputs_as_output
from classifier.types import LetterScore
from classifier.wording import plural


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command("score")
def score(
    files: Annotated[
        list[Path], typer.Argument(help="Letters to score (.txt, .pdf, .docx, .html).", show_default=False)
    ],
    output_format_: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f", help="table (terminal), json, csv or html (default: from the --out extension, "
            "else table).", case_sensitive=False, show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write to this file instead of stdout; its extension (.txt, .json, .csv, .html) chooses the "
            "format. For html, a directory (one page per letter) unless the name ends in .html and one letter "
            "is scored.",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="[PATH]",
            help="Also save the scores in a SQLite store; without PATH the default store "
            "(evasion.db, env EVASION_STORE).",
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
    store_path = (get_settings().store_path if store == "" else Path(store)) if store is not None else None
    refuse_inputs_as_output(out, files)
    refuse_inputs_as_output(store_path, files)
    chosen = OutputFormat(output_format(out, output_format_.value if output_format_ else None,
                                        [f.value for f in OutputFormat]))
    if chosen is OutputFormat.html and several and out is None:
        raise typer.BadParameter("scoring several letters to html needs --out DIRECTORY", param_hint="--out")
    opened_store = Store(store_path) if store_path is not None else None

    if several:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        errors = Console(stderr=True)
        with Progress(
            TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.description}"), console=errors, transient=True,
            disable=not errors.is_terminal,  # a log or pipe gets the error lines, not a bar's leftovers
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
        written = _emit(result.scored, chosen, out, several)
        what = f"{plural(len(result.scored), 'letter')} ({plural(sum(s.summary.pairs for s in result.scored), 'pair')})"
        if written is not None:
            print(f"wrote {written} of {what} to {out}", file=sys.stderr)
        if store_path is not None:
            print(f"saved the scores of {what} in the store {store_path}", file=sys.stderr)
    if result.failures:
        raise BatchFailed(f"expected every file to score, {len(result.failures)} of {len(files)} failed (see above)")
    return 0


def _emit(scored: list[LetterScore], output_format: OutputFormat, out: Path | None, several: bool) -> str | None:
    """Write the scored letters where asked: stdout, one file, or (html, several) one page each.

    Returns what was written to `out` ("json scores", "3 html pages"), or None for standard output.
    """
    from classifier import render

    # a directory: several letters, an existing folder, or a name without .html ("pages/")
    if output_format is OutputFormat.html and out is not None and (
        several or out.is_dir() or out.suffix.lower() not in (".html", ".htm")
    ):
        for letter_score, name in zip(scored, render.page_names(scored), strict=True):
            atomic_write_text(out / name, render.to_html(letter_score))
        return plural(len(scored), "html page")
    if output_format is OutputFormat.table and out is None:
        console = Console()
        for letter_score in scored:
            console.print(render.to_table(letter_score))
        return None
    if output_format is OutputFormat.html:
        text = render.to_html(scored[0])
    elif output_format is OutputFormat.json:
        text = render.to_json(scored if several else scored[0])
    elif output_format is OutputFormat.csv:
        text = render.to_csv(scored)
    else:  # a table into a file: plain text, no colour codes
        buffer = io.StringIO()
        console = Console(file=buffer, width=render.FILE_WIDTH, color_system=None, force_terminal=False)
        for letter_score in scored:
            console.print(render.to_table(letter_score))
        text = buffer.getvalue()
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    atomic_write_text(out, text)
    return {"html": "the html page", "json": "json scores", "csv": "csv scores"}.get(output_format.value,
                                                                                     "a table")
