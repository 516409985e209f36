"""`evasion evaluate`: agreement of a trained model with annotations (classifier.model.evaluate)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from classifier.cli._app import annotations_app, app  # noqa: F401

if TYPE_CHECKING:  # the library (scikit-learn, spaCy) is imported when the command runs, not for --help
    from classifier.model.evaluate import EvaluationReport


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"


def report_table(report: EvaluationReport) -> str:
    lines = [
        f"pairs {report.n}   accuracy {report.accuracy:.3f}   macro-F1 {report.macro_f1:.3f}   QWK {report.qwk:.3f}"
        + (f"   model {report.model_version}" if report.model_version else ""),
        "",
        f"{'label':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for label, m in report.per_label.items():
        lines.append(f"{label:<14} {m.precision:>9.3f} {m.recall:>7.3f} {m.f1:>6.3f} {m.support:>8d}")
    lines += ["", "confusion (rows = annotated, columns = predicted):",
              " " * 14 + " ".join(f"{label[:12]:>12}" for label in report.labels)]
    for label, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"{label:<14}" + " ".join(f"{count:>12d}" for count in row))
    return "\n".join(lines)


@app.command("evaluate")
def evaluate_command(
    annotations: Path = typer.Option(..., "--annotations", help="Annotation *.jsonl file or directory to compare with."),
    model: Path | None = typer.Option(None, "--model", help="Model file (default: models/evasion.skops, env "
                                      "EVASION_MODEL).", show_default=False),
    fmt: EvaluateFormat = typer.Option(EvaluateFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Score annotated pairs (referrals resolved as in `evasion score`) and compare with their labels."""
    from classifier.model.evaluate import evaluate

    report = evaluate(annotations, model)
    if report.seen_in_training:
        verb = "is" if report.seen_in_training == 1 else "are"
        typer.echo(f"warning: {report.seen_in_training} of {report.n} {'pair' if report.n == 1 else 'pairs'} in "
                   f"{annotations} {verb} in the model's training data: on those this measures fit, not how well "
                   "it does on new letters", err=True)
    if fmt is EvaluateFormat.json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        typer.echo(report_table(report))
