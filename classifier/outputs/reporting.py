"""`evasion report`: read scored letters (JSON files or a store), build the report and
write it in the format asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.errors import BatchFailed, EmptyInput, EvasionError, InputNotFound
from classifier.io import atomic_write_text
from classifier.letters.officeholders import load_office_holders
from classifier.types import LetterScore

if TYPE_CHECKING:
    from rich.console import RenderableType
from classifier.outputs.report import FORMATS, Format, GroupBy, Report, build_report
from classifier.outputs.report_page import to_html
from classifier.outputs.report_text import format_table, to_csv, to_json, to_table

# -- running -------------------------------------------------------------------------


@dataclass
class ReportOutput:
    report: Report
    format: Format
    text: str
    """The rendered report; empty for a table shown on the terminal (use `renderable`)."""
    out: Path | None = None
    renderable: RenderableType | None = None
    failures: list[tuple[Path, EvasionError]] = field(default_factory=list)
    """Letter files that could not be scored, each with its problem; the report covers the others."""


def infer_format(out: Path | None) -> Format:
    """The format `out`'s extension names (.txt, .json, .csv, .html), else table; see classifier.io.output_format."""
    from classifier.io import output_format

    return output_format(out, None, FORMATS)  # type: ignore[return-value]


def load_letter_scores(files: Sequence[Path] = (), store: Path | None = None
                       ) -> tuple[list[LetterScore], list[tuple[Path, EvasionError]]]:
    """Scored letters from a store, or from files scored now with the trained model, and the files that
    failed. One unreadable letter among many leaves the others to report on, as `evasion score` does;
    when none scored there is nothing to report: one file's own error, or BatchFailed holding each file's."""
    if store is not None:
        from classifier.outputs.store import Store

        if not store.is_file():
            raise InputNotFound("expected a store written by `evasion score --store`, found nothing there", path=store)
        scores = Store(store).letter_scores()
        if not scores:
            raise EmptyInput("expected scored letters in the store, found none", path=store)
        return scores, []
    if not files:
        raise EmptyInput("expected letter files or --store PATH to report on, found neither")
    from classifier.scoring.score import score_files

    result = score_files(files)
    if result.failures and not result.scored:
        _, error = result.failures[0]
        if len(files) == 1:  # one letter: its own problem and exit code, as `evasion score` gives
            raise error
        raise BatchFailed(f"expected letters to report on, none of the {len(files)} files scored",
                          failures=result.failures)
    return result.scored, list(result.failures)


def run_report(
    files: Sequence[Path] = (),
    *,
    store: Path | None = None,
    by: GroupBy = "minister",
    fmt: Format | None = None,
    out: Path | None = None,
    first_signatory: bool = False,
    office_holders: Sequence[Path] = (),
) -> ReportOutput:
    """What `evasion report` does: load, build, render, and write `out` atomically if given.

    `fmt` None takes the format `out`'s extension names (.txt, .json, .csv, .html), else table; an
    extension that names another format than `fmt` is a UsageError (exit 2) before any work.
    """
    from classifier.io import output_format

    fmt = output_format(out, fmt, FORMATS)  # type: ignore[assignment]  # `--out r.json -f csv` fails before any work
    holders = load_office_holders(office_holders)  # read the table first: a bad CSV fails before any scoring
    scores, failures = load_letter_scores(files, store)
    report = build_report(scores, by=by, first_signatory=first_signatory, holders=holders)
    if fmt == "csv":
        text = to_csv(report)
    elif fmt == "json":
        text = to_json(report)
    elif fmt == "html":
        text = to_html(report)
    elif out is not None:
        text = format_table(report)
    else:
        return ReportOutput(report, fmt, "", None, to_table(report), failures)
    if out is not None:
        atomic_write_text(out, text)
    return ReportOutput(report, fmt, text, out, None, failures)
