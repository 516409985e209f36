"""`evasion report`: evasiveness per minister, ministry, asking party or month."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from classifier.cli._app import LETTER_SUFFIXES, annotations_app, app  # noqa: F401


class GroupByOption(str, Enum):
    minister = "minister"
    ministry = "ministry"
    party = "party"
    month = "month"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"


@app.command("report")
def report(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Letters to score and report on (.txt, .pdf, .docx, .html, .htm, or a folder of them); or use --store.", show_default=False),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="[PATH]",
            help="Report on the letters saved by `evasion score --store`; without PATH the default store "
            "(evasion.db, env EVASION_STORE).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        GroupByOption, typer.Option("--by", help="Group per minister (signatory), ministry, asking party or month.")
    ] = GroupByOption.minister,
    output_format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv or html (default: from the --out extension, else table).",
            show_default=False,
        ),
    ] = None,
    out_given: Annotated[
        str | None, typer.Option("--out", "-o", metavar="PATH", help="Write the report to this file; its extension "
                                 "(.txt, .json, .csv, .html) chooses the format.", show_default=False)
    ] = None,
    first_signatory: Annotated[
        bool,
        typer.Option("--first-signatory", help="Count a letter signed by several people for the first signatory only."),
    ] = False,
    office_holders: Annotated[
        list[Path] | None,
        typer.Option(
            "--office-holders",
            help="Extra CSV of office holders (office,name,from,to), consulted before the bundled table "
            "(env EVASION_OFFICE_HOLDERS replaces the bundled table). Repeatable.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Report how evasive the answers are per group, with intervals and the most evasive answers quoted."""
    from classifier.cli.score import file_output, say_repeated
    from classifier.errors import BatchFailed
    from classifier.outputs.reporting import run_report
    from classifier.scoring.score import letter_inputs

    out = file_output(out_given, "a report is one file")
    letters, sidecars, repeated = letter_inputs(files or [], LETTER_SUFFIXES, outputs=[out])  # sidecars read once
    store_path = _source(letters, sidecars, store, out)
    say_repeated(repeated)
    try:
        result = run_report(letters, store=store_path, by=by.value, fmt=output_format.value if output_format else None,
                            out=out, first_signatory=first_signatory, office_holders=office_holders or [])
    except BatchFailed as exc:  # none scored: each file's problem on a line of its own, then the summary
        for _, error in exc.failures:
            print(f"error: {error}", file=sys.stderr)
        raise
    _show(result)
    _fail_for(result.failures, len(letters))
    return 0


def _fail_for(failures: list[Any], given: int) -> None:
    """One line per letter that could not be scored, then exit 14: the report covers the others."""
    if not failures:
        return
    from classifier.errors import BatchFailed

    for _, error in failures:
        print(f"error: {error}", file=sys.stderr)
    raise BatchFailed(f"expected every file to score, {len(failures)} of {given} failed (see above); "
                      "the report covers the others")


def _source(files: list[Path], sidecars: list[Path], store: str | None, out: Path | None) -> Path | None:
    """The store to read (None: score the files); refuses both or neither, and an output that is an input
    (a letter, the sidecar of one, the store)."""
    from classifier.cli.score import store_option
    from classifier.io import refuse_database_as_output, refuse_inputs_as_output

    store_path = store_option(store)
    if store_path is not None and files:
        raise typer.BadParameter("give letter files or --store, not both", param_hint="--store")
    if store_path is None and not files:
        raise typer.BadParameter("give letter files to score, or --store [PATH]", param_hint="FILES... / --store")
    refuse_inputs_as_output(out, [*files, *sidecars, *([store_path] if store_path is not None else [])])
    refuse_database_as_output(out)
    return store_path


def _show(result: Any) -> None:
    """Where the report went (a file), or the report itself (a table on the terminal, or text on stdout)."""
    from classifier.outputs.wording import plural

    if result.out is not None:
        report = result.report
        print(
            f"wrote {result.format} report on {plural(report.letters, 'letter')} "
            f"({plural(report.pairs, 'pair')}, {plural(len(report.groups), 'group')}) to {result.out}",
            file=sys.stderr,
        )
    elif result.renderable is not None:
        from rich.console import Console

        Console().print(result.renderable)
    else:
        sys.stdout.write(result.text)
        sys.stdout.flush()
