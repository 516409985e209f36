"""`evasion annotations check|stats|export|import`: thin wrappers over classifier.annotations.files."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from classifier.cli._app import annotations_app, app  # noqa: F401
from classifier.config import get_settings
from classifier.errors import AnnotationError
from classifier.io import refuse_inputs_as_output
from classifier.outputs.wording import plural


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ToolName(str, Enum):
    labelstudio = "labelstudio"
    prodigy = "prodigy"


_PATH_HELP = "A *.jsonl file or a directory of them (default: annotations/, env EVASION_ANNOTATIONS)."


@annotations_app.command("check")
def check(path: Path | None = typer.Argument(None, help=_PATH_HELP)) -> None:
    """Report every problem in annotation files as `file:line: message`."""
    from classifier.annotations import files

    problems = files.check_annotations(path or get_settings().annotations_dir)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems.errors:
        typer.echo(f"{plural(len(problems.errors), 'problem')} in {plural(problems.files, 'file')}", err=True)
        raise typer.Exit(AnnotationError.exit_code)
    warned = f", {plural(len(problems), 'warning')}" if problems else ", no problems"
    typer.echo(f"OK: {plural(problems.annotations, 'annotation')} in {plural(problems.files, 'file')}{warned}")


@annotations_app.command("stats")
def stats(
    path: Path | None = typer.Argument(None, help=_PATH_HELP),
    fmt: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Label distribution per letter and overall."""
    from classifier.annotations import files

    result = files.annotation_stats(path or get_settings().annotations_dir)
    if fmt is StatsFormat.json:
        typer.echo(result.model_dump_json(indent=2))
    elif fmt is StatsFormat.csv:
        typer.echo(files.stats_csv(result), nl=False)
    else:
        title = f"{plural(result.total, 'annotation')}, {plural(len(result.per_letter), 'letter')}"
        Console().print(files.stats_table(result, title=title))


@annotations_app.command("export")
def export(
    to: ToolName = typer.Option(..., "--to", help="labelstudio (JSON tasks) or prodigy (JSONL)."),
    path: Path | None = typer.Argument(None, help=_PATH_HELP),
    out_given: str = typer.Option(..., "--out", "-o", metavar="PATH", help="File to write."),
    config_given: str | None = typer.Option(None, "--config", metavar="PATH",
                                            help="Also write the Label Studio labeling config XML here."),
) -> None:
    """Export annotations for Label Studio or Prodigy; `import` brings them back losslessly."""
    from classifier.annotations import exchange
    from classifier.cli._app import file_output

    out = file_output(out_given, "an export is one file")
    config = file_output(config_given, "the labeling config is one file", "--config")
    source = path or get_settings().annotations_dir
    inputs = sorted(source.glob("*.jsonl")) if source.is_dir() else [source]
    refuse_inputs_as_output(out, inputs)
    refuse_inputs_as_output(config, inputs)
    count = exchange.export_annotations(path or get_settings().annotations_dir, to.value, out, config_out=config)
    typer.echo(f"exported {plural(count, 'annotation')} to {out}" + (f"; labeling config in {config}" if config else ""),
               err=True)


@annotations_app.command("import")
def import_(
    source: Path = typer.Argument(..., help="A Label Studio JSON export or a Prodigy JSONL file."),
    from_: ToolName = typer.Option(..., "--from", help="labelstudio or prodigy."),
    out_given: str = typer.Option(..., "--out", "-o", metavar="PATH", help="Annotation JSONL file to write."),
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Convert a Label Studio or Prodigy export back into annotation JSONL (checked before writing)."""
    from classifier.annotations import exchange
    from classifier.cli._app import file_output

    out = file_output(out_given, "the annotations go into one JSONL file")
    refuse_inputs_as_output(out, [source])
    result = exchange.import_annotations(source, from_.value, out, force=force)
    skipped = f", skipped {result.skipped} unannotated/rejected" if result.skipped else ""
    typer.echo(f"imported {plural(result.imported, 'annotation')} to {result.out}{skipped}", err=True)
