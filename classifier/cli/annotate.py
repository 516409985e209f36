"""`evasion annotate LETTER --out FILE`: the terminal labelling loop (classifier.annotations.annotate)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from classifier import errors
from classifier.cli._app import annotations_app, app  # noqa: F401
from classifier.outputs.wording import plural
from classifier.types import PairScorer

if TYPE_CHECKING:
    from classifier.annotations.annotate import SessionResult

ENDINGS = {
    "done": "reached the last pair",
    "quit": "quit",
    "interrupted": "interrupted; every decision made is saved",
    "eof": "end of input; every decision made is saved",
}


def load_scorer(path: Path) -> PairScorer:
    """The trained model at `path` (imported late: suggestions are optional, and spaCy is slow to load)."""
    try:
        from classifier.model.modelfile import load_model
    except ImportError as exc:
        raise errors.ModelError(f"cannot load the model code ({exc})", path=path)
    return load_model(path)


@app.command("annotate")
def annotate(
    letter: Path = typer.Argument(..., help="The answer letter (.txt, .pdf, .docx, .html, .htm) to label."),
    out_given: str = typer.Option(..., "--out", "-o", metavar="PATH",
                                  help="Annotation JSONL to write; a re-run resumes it."),
    model: Path | None = typer.Option(None, "--model", help="Trained model for suggestions (default: "
                                      "models/evasion.skops, env EVASION_MODEL, if it exists).", show_default=False),
    uncertain_first: bool = typer.Option(False, "--uncertain-first", help="Pairs the model is least sure of first."),
    annotator: str | None = typer.Option(None, "--annotator", help="Your name in the annotations (default: $USER).",
                                         show_default=False),
) -> None:
    """Label a letter's question–answer pairs one by one (s/p/d/c or the word, Enter, n, b, q; ? for help)."""
    from classifier.annotations.annotate import annotate_letter
    from classifier.cli._app import file_output

    out = file_output(out_given, "a letter's annotations go into one JSONL file")
    console = Console()
    result = annotate_letter(
        letter, out, model_path=model, load_scorer=load_scorer, uncertain_first=uncertain_first, annotator=annotator, console=console
    )
    if result.stopped in ("interrupted", "eof"):
        console.print()  # Ctrl-C and Ctrl-D leave the cursor on the prompt line
    console.print(closing_line(result), markup=False)
    if result.stopped == "interrupted":
        raise typer.Exit(130)


def closing_line(result: SessionResult) -> str:
    """How the session ended and what is on disk: a relabel is not counted as another pair decided, and a
    file never created is not reported as holding "0 of 3 pairs", which reads as if it existed."""
    skipped = f" ({plural(len(result.skipped), 'cut-off pair')} not offered)" if result.skipped else ""
    if not result.out.exists():
        return f"{ENDINGS[result.stopped]}: nothing written, {result.out} was not created{skipped}"
    relabelled = f" ({result.relabelled} relabelled)" if result.relabelled else ""
    return (f"{ENDINGS[result.stopped]}: {plural(result.written, 'decision')} written this session{relabelled}, "
            f"{result.decided} of {plural(result.total, 'pair')} decided in {result.out}{skipped}")
