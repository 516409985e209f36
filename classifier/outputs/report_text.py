"""A report as text: CSV (one row per group), JSON, and a terminal table laid out for
the width it is printed at, with each group's caveats (few letters, wide intervals)
next to its numbers."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from classifier.config import LABELS
from classifier.outputs.tables import FILE_WIDTH, shorten
from classifier.outputs.wording import plural

if TYPE_CHECKING:
    from rich.console import RenderableType
from classifier.outputs.report import GroupReport, Report

# -- writers --------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "by",
    "group",
    "letters",
    "pairs",
    "mean_score",
    "ci_low",
    "ci_high",
    *(f"share_{label}" for label in LABELS),
    "few_pairs",
    "few_letters",
    "shared_letters",
    "via_office_table",
    "delay_days_mean",
    "delay_days_median",
    "delay_letters",
    "postponements",
    "postponed_letters",
    "most_evasive",
    "letter_ids",
)


def _fmt(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def to_csv(report: Report) -> str:
    """One row per group, in the report's order; most evasive answers as letter#question ids."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in report.groups:
        writer.writerow(
            [
                report.by,
                group.key,
                group.letters,
                group.pairs,
                _fmt(group.mean_score),
                _fmt(group.ci_low),
                _fmt(group.ci_high),
                *(_fmt(group.label_shares[label]) for label in LABELS),
                "yes" if group.few_pairs else "no",
                "yes" if group.few_letters else "no",
                group.shared_letters,
                group.via_office_table,
                _fmt(group.delay_days_mean, 1),
                _fmt(group.delay_days_median, 1),
                group.delay_letters,
                group.postponements,
                group.postponed_letters,
                "; ".join(f"{q.ref} ({q.label} {q.score:.2f})" for q in group.most_evasive),
                "; ".join(group.letter_ids),
            ]
        )
    return buffer.getvalue()


_TITLE_BY = {"minister": "signatory", "ministry": "ministry", "party": "asking party", "month": "answer month"}

REPORT_NARROW = 110


def group_caveats(group: GroupReport) -> list[str]:
    """What a reader must know before comparing this group: the same words in table, page and CSV."""
    caveats = []
    if group.few_pairs:
        caveats.append("few pairs")
    if group.few_letters:  # both when both: the CSV's two columns say the same
        caveats.append("few letters")
    if group.shared_letters:
        caveats.append(f"{plural(group.shared_letters, 'shared letter')}")
    if group.via_office_table:
        caveats.append(f"{plural(group.via_office_table, 'letter')} via office table")
    return caveats


def _delay_text(group: GroupReport) -> str:
    postponed = f", {plural(group.postponements, 'postponement')}" if group.postponements else ""
    if group.delay_days_median is None:
        return postponed[2:] or "–"
    return f"{group.delay_days_median:.0f} (n={group.delay_letters}){postponed}"


def to_table(report: Report) -> RenderableType:
    """The terminal report, laid out for the width it is printed at.

    From REPORT_NARROW columns on, every figure has its own column. Narrower (80 columns: a
    default terminal and any pipe), letters, delay and the caveats ("few pairs", shared
    letters) move under the group's name in the first column, so no header is cut and no
    caveat is dropped. Then the legend, each group's most evasive answers and the notes.
    """
    from classifier.outputs.tables import ByWidth

    return ByWidth(lambda width: _report_table(report, width))


def _least_widths(report: Report) -> tuple[int, int]:
    """The least the name and notes columns may wrap to: their longest word ("Yeşilgöz-Zegerius"),
    which rich would otherwise cut to "Yeşilgöz-…", but at least 14 and 12 and at most 30."""
    def longest(texts: list[str], least: int) -> int:
        return min(30, max([least, *(len(word) for text in texts for word in text.split())]))

    return (longest([g.key for g in report.groups], 14),
            longest([c for g in report.groups for c in group_caveats(g)], 12))


def _wide_width(report: Report) -> int:
    """The columns the wide layout needs: its unwrapped figures (a delay cell "45 (n=12), 3 postponements"
    is long) beside the least the name and the notes may wrap to; a column's padding and rule take 3."""
    figures = [
        ["Letters", *(str(g.letters) for g in report.groups)],
        ["Pairs", *(str(g.pairs) for g in report.groups)],
        [f"Mean [{report.confidence:.0%} CI]", *(f"{g.mean_score:.2f} [{g.ci_low:.2f}–{g.ci_high:.2f}]"
                                                 for g in report.groups)],
        *([label[:4], "100"] for label in LABELS),
        ["Delay", *(_delay_text(g) for g in report.groups)],
    ]
    columns = len(figures) + 2
    return sum(max(map(len, cells)) for cells in figures) + sum(_least_widths(report)) + 3 * columns + 1


def _report_table(report: Report, width: int) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from classifier.outputs.tables import LABEL_COLOURS

    narrow = width < max(REPORT_NARROW, _wide_width(report))
    by = _TITLE_BY[report.by]
    title = Text(
        f"Evasion per {by}: {plural(report.letters, 'letter')}, {plural(report.pairs, 'pair')}, "
        f"{plural(len(report.groups), 'group')}",
        style="bold",
    )
    table = Table(box=box.SIMPLE_HEAD, expand=True, leading=1 if narrow else 0)
    name_width, notes_width = _least_widths(report)
    table.add_column(by.capitalize(), ratio=3, min_width=name_width)
    if not narrow:
        table.add_column("Letters", justify="right", no_wrap=True)
    table.add_column("Pairs", justify="right", no_wrap=True)
    table.add_column(f"Mean [{report.confidence:.0%} CI]", justify="right", no_wrap=True)
    for label in LABELS:
        table.add_column(label[:4], justify="right", style=LABEL_COLOURS[label], no_wrap=True)
    if not narrow:
        table.add_column("Delay", justify="right", no_wrap=True)
        table.add_column("Notes", ratio=2, min_width=notes_width)
    for group in report.groups:
        caveats = group_caveats(group)
        name = Text(group.key)  # Text, not str: a name like "[bold]" must not be read as rich markup
        if narrow:
            details = plural(group.letters, "letter")
            if group.delay_days_median is not None or group.postponements:
                details += f", delay {_delay_text(group)}"
            name.append("\n" + details, style="dim")
            if caveats:
                name.append("\n" + "\n".join(caveats), style="bold yellow")
        row: list[RenderableType] = [name]
        if not narrow:
            row.append(str(group.letters))
        row += [
            str(group.pairs),
            f"{group.mean_score:.2f} [{group.ci_low:.2f}–{group.ci_high:.2f}]",
            *(f"{100 * group.label_shares[label]:.0f}" for label in LABELS),
        ]
        if not narrow:
            row += [_delay_text(group), Text(", ".join(caveats), style="bold yellow")]
        table.add_row(*row)
    legend = Text(
        f"Mean: the evasion score, 0 = substantive … 1 = confidential, with its {report.confidence:.0%} bootstrap "
        "interval (letters resampled). subs, part, defl, conf: the share of pairs labelled substantive, partial, "
        "deflecting, confidential, in %. "
        + "Delay: median days from the questions to the answer, over the n letters with both dates. "
        + f"Few pairs: fewer than {plural(report.min_pairs, 'pair')}, too few to rank. "
        + f"Few letters: fewer than {plural(report.min_letters, 'letter')}; the pairs of one letter answer one set of "
        + "questions on one subject, so they count as one piece of evidence, not many. "
        + "Via office table: letters that print only the office, whose signatory was found by the date in the table "
        + "of office holders.",
        style="dim",
    )
    return Group(title, table, legend, Text(""), *_quotes(report), *_notes(report))


def _quotes(report: Report) -> list[RenderableType]:
    """Each group's most evasive answers, quoted with their question."""
    from rich.padding import Padding
    from rich.text import Text

    from classifier.outputs.tables import LABEL_COLOURS

    parts: list[RenderableType] = []
    for group in report.groups:
        parts.append(Text(f"Most evasive answers: {group.key}", style="bold"))
        if not group.most_evasive:
            parts.append(Padding(Text("none: every answer was labelled substantive", style="dim"), (0, 0, 0, 2)))
        for quote in group.most_evasive:
            line = Text(f"{quote.ref} ", style="bold")
            line.append(quote.label, style=LABEL_COLOURS.get(quote.label, ""))
            line.append(f" {quote.score:.2f}")
            where = " · ".join(str(part) for part in (quote.letter_date, quote.source) if part)
            if where:
                line.append(f"  {where}", style="dim")
            parts.append(Padding(line, (0, 0, 0, 2)))
            if quote.letter_title:
                parts.append(Padding(Text(shorten(quote.letter_title, 160), style="dim"), (0, 0, 0, 4)))
            parts.append(Padding(Text(f"Q: {shorten(quote.question, 160)}"), (0, 0, 0, 4)))
            parts.append(Padding(Text(f"A: “{shorten(quote.answer, 240)}”"), (0, 0, 0, 4)))
        parts.append(Text(""))
    return parts


def _notes(report: Report) -> list[RenderableType]:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    if not report.notes:
        return []
    notes = Table.grid(padding=(0, 1))
    notes.add_column(no_wrap=True)
    notes.add_column(ratio=1)
    for note in report.notes:
        notes.add_row("-", Text(note))
    return [Text("Notes", style="bold"), Padding(notes, (0, 0, 0, 2))]


def format_table(report: Report, width: int = FILE_WIDTH) -> str:
    """The terminal report as plain text, for --out."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(to_table(report))
    return buffer.getvalue()


def to_json(report: Report) -> str:
    """The whole report (groups, intervals, quotes, notes, the trend per month) as one JSON object."""
    return report.model_dump_json(indent=2) + "\n"
