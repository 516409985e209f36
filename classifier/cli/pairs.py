"""`evasion pairs FILE`: show how a letter splits into question–answer pairs."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from classifier.cli._app import app


class PairsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


@app.command("pairs")
def pairs_command(
    file: Path = typer.Argument(..., help="Answer letter: .txt, .pdf, .docx, .html or .htm; the API's metadata "
                                "from a sidecar .json that `evasion fetch` left next to it is used, as in `score`."),
    format: PairsFormat | None = typer.Option(
        None, "--format", "-f", help="table, jsonl, json or csv (default: from the --out extension, else table).",
        show_default=False,
    ),
    out_given: str | None = typer.Option(
        None, "--out", "-o", metavar="PATH", help="Write to this file instead of standard output; its extension "
        "(.txt, .jsonl, .json, .csv) chooses the format.", show_default=False,
    ),
) -> None:
    """Split an answer letter into its question–answer pairs, with the letter's metadata."""
    from classifier.cli._app import file_output
    from classifier.fetch.sidecar import apply_sidecar, is_sidecar, read_sidecar, sidecar_path
    from classifier.io import atomic_write_text, output_format, refuse_database_as_output, refuse_inputs_as_output
    from classifier.letters.pairs import letter_to_csv, letter_to_json, letter_to_jsonl, read_letter
    from classifier.outputs.wording import plural
    from classifier.scoring.score import same_file

    out = file_output(out_given, "the pairs of a letter go into one file")
    # a sidecar is an input no output may replace; telling one from another JSON of its name means reading it,
    # which only an output that is that file needs (the letter's metadata reads it below)
    beside = sidecar_path(file)
    sidecars = [beside] if out is not None and same_file(out, beside) and is_sidecar(beside) else []
    refuse_inputs_as_output(out, [file, *sidecars])
    refuse_database_as_output(out)
    chosen = PairsFormat(output_format(out, format.value if format else None, [f.value for f in PairsFormat]))
    # what `evasion score` reads (classifier.scoring.letter), so both show the same metadata
    letter = apply_sidecar(read_letter(file), read_sidecar(file))
    if chosen is PairsFormat.table:
        import io

        from rich.console import Console

        from classifier.outputs.tables import FILE_WIDTH, pairs_table

        buffer = io.StringIO()  # a table into a file: plain text, no colour codes
        console = Console() if out is None else Console(file=buffer, width=FILE_WIDTH, color_system=None,
                                                        force_terminal=False)
        console.print(pairs_table(letter))
        text = buffer.getvalue()
    else:
        text = {PairsFormat.jsonl: letter_to_jsonl, PairsFormat.json: letter_to_json,
                PairsFormat.csv: letter_to_csv}[chosen](letter)
        if out is None:
            typer.echo(text, nl=False)
    if out is not None:
        atomic_write_text(out, text)
        print(f"wrote {chosen.value} of {plural(len(letter.pairs), 'pair')} to {out}", file=sys.stderr)

