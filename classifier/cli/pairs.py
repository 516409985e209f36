"""`evasion pairs FILE`: show how a letter splits into question–answer pairs."""

from __future__ import annotations

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
    file: Path = typer.Argument(..., help="Answer letter: .txt, .pdf or .docx."),
    format: PairsFormat = typer.Option(PairsFormat.table, "--format", "-f", help="Output format."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
) -> None:
    """Split an answer letter into its question–answer pairs, with the letter's metadata."""
    from classifier.io import atomic_write_text, refuse_inputs_as_output
    from classifier.pairs import letter_to_csv, letter_to_json, letter_to_jsonl, read_letter
    from classifier.render import shorten

    refuse_inputs_as_output(out, [file])
    letter = read_letter(file)
    if format is PairsFormat.table:
        from rich.console import Console
        from rich.table import Table

        import io

        meta = letter.meta
        who = ", ".join(f"{s.name or '(naam niet vermeld)'} ({s.office or s.role})" for s in meta.signatories) or "unknown"
        buffer = io.StringIO()  # a table into a file: plain text, no colour codes
        console = Console() if out is None else Console(file=buffer, width=160, color_system=None, force_terminal=False)
        console.print(f"[bold]{meta.letter_id}[/bold]  {meta.doc_type or 'unknown type'}  date {meta.date or 'unknown'}  answered by {who}")
        table = Table(show_lines=False)
        for column in ("id", "section", "party", "question", "answer", "referral", "complete"):
            table.add_column(column)
        for p in letter.pairs:
            table.add_row(p.question_id, p.section or "", p.party or "", shorten(p.question, 70), shorten(p.answer, 70), ",".join(p.referral_to), "yes" if p.complete else "NO")
        console.print(table)
        if out is not None:
            atomic_write_text(out, buffer.getvalue())
        return
    text = {PairsFormat.jsonl: letter_to_jsonl, PairsFormat.json: letter_to_json, PairsFormat.csv: letter_to_csv}[format](letter)
    if out is not None:
        atomic_write_text(out, text)
    else:
        typer.echo(text, nl=False)
