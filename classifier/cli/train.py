"""`evasion train`: compare models by grouped cross-validation and save the best (classifier.model.training)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from classifier.cli._app import annotations_app, app  # noqa: F401

if TYPE_CHECKING:  # the library (scikit-learn, spaCy) is imported when the command runs, not for --help
    from classifier.model.training import TrainingResult


def comparison_table(result: TrainingResult) -> str:
    """The grouped-CV comparison as a plain-text table, best first as chosen."""
    labels = list(result.label_counts)
    header = f"{'model':<14} {'macro-F1':>8} {'QWK':>6} {'acc':>6}  " + " ".join(f"{'F1 ' + l[:5]:>9}" for l in labels)
    lines = [header, "-" * len(header)]
    for r in result.results:
        mark = "*" if r.name == result.chosen else " "
        per = " ".join(f"{r.per_label[label].f1:>9.3f}" for label in labels)
        lines.append(f"{r.name + mark:<14} {r.macro_f1:>8.3f} {r.qwk:>6.3f} {r.accuracy:>6.3f}  {per}")
    return "\n".join(lines)


@app.command("train")
def train_command(
    annotations: Path | None = typer.Option(
        None, "--annotations", help="Directory (or *.jsonl file) of annotations (default: annotations/, env "
        "EVASION_ANNOTATIONS).", show_default=False,
    ),
    out_given: str | None = typer.Option(None, "--out", "-o", metavar="PATH", help="Model file to write (default: "
                                         "models/evasion.skops, env EVASION_MODEL).", show_default=False),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Processes that cross-validate candidates "
                                    "side by side (default: 2, or 1 on a one-core machine); the model is the same.",
                                    show_default=False),
) -> None:
    """Train the model: grouped cross-validation of every candidate, then calibrate and save the best."""
    from classifier.cli._app import file_output
    from classifier.config import LABELS, get_settings
    from classifier.io import refuse_inputs_as_output
    from classifier.model.training import train

    out = file_output(out_given, "a model is one file, with its card and arrays beside it")
    source = annotations or get_settings().annotations_dir
    refuse_inputs_as_output(out, sorted(source.glob("*.jsonl")) if source.is_dir() else [source])

    result = train(annotations, out, progress=lambda message: typer.echo(f"… {message}", err=True), jobs=jobs)
    n, letters = result.n_pairs, result.n_letters
    cal = result.calibration
    typer.echo(f"Grouped cross-validation by letter ({n} pairs, {letters} letters; * = chosen):")
    typer.echo(comparison_table(result))
    typer.echo(
        f"calibration: temperature {cal.temperature:.2f}, out-of-fold log loss "
        f"{cal.log_loss_uncalibrated:.3f} → {cal.log_loss_calibrated:.3f}"
    )
    if cal.level_weights is not None:
        factors = ", ".join(f"{label} {w:.2f}" for label, w in zip(LABELS, cal.level_weights, strict=True))
        typer.echo(f"levels: {factors}; out-of-fold mean score {cal.mean_score_calibrated:.3f} → "
                   f"{cal.mean_score_levelled:.3f} (annotated {cal.mean_score_annotated:.3f})")
    for c in result.comparisons:
        typer.echo(
            f"against {c.baseline}: macro-F1 {c.macro_f1_difference:+.3f} "
            f"[{c.macro_f1_interval[0]:+.3f}, {c.macro_f1_interval[1]:+.3f}], QWK {c.qwk_difference:+.3f} "
            f"[{c.qwk_interval[0]:+.3f}, {c.qwk_interval[1]:+.3f}], better in {c.folds_won}/{c.n_folds} folds"
        )
    if not result.beats_every_baseline:
        typer.echo(f"warning: the chosen model {result.chosen} does not beat every baseline "
                   "on both macro-F1 and QWK", err=True)
    typer.echo(f"model {result.version}: {result.model_path}")
    typer.echo(f"card: {result.card_path} and {result.card_markdown_path}")
