"""A report as text: CSV (one row per group), JSON, and a terminal table laid out for
the width it is printed at, with each group's caveats (few letters, wide intervals)
next to its numbers."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from classifier.config import LABELS
from classifier.outputs.wording import party_name
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
    "unnamed",
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
                "yes" if group.unnamed else "no",  # "(ministerie onbekend)" is no ministry: a column says so
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


_NOT_A = {"minister": ("one person", "signatory"), "ministry": ("a ministry", "ministry"),
          "party": ("a party", "party"), "month": ("a month", "date")}


def unnamed_caveat(by: str) -> str:
    """The flag of a group that is no person, ministry, party or month but the letters where that is unknown
    ("(ministerie onbekend)"): the largest group is often one, and unflagged it read as a ministry."""
    return f"not {_NOT_A[by][0]}"


def unnamed_note(by: str) -> str:
    """What the flag of unnamed_caveat means, for the legend and the page's lead."""
    what, unknown = _NOT_A[by]
    return (f"Not {what}: the group of the letters whose {unknown} is unknown, listed last and not to be compared "
            "with the others.")


def group_caveats(group: GroupReport, by: str) -> list[str]:
    """What a reader must know before comparing this group: the same words in table, page and CSV."""
    caveats = [unnamed_caveat(by)] if group.unnamed else []
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


def display_name(report: Report, group: GroupReport) -> str:
    """A group as a reader reads it: a party by its full name as well ("Groep Bontes/Van Klaveren (GrBvK)"),
    a party's short form alone being cryptic to anyone outside parliament; other groups by their key."""
    return party_name(group.key) if report.by == "party" else group.key


def _where(mean: float) -> str:
    """Where a mean score lies among the labels (0 substantive, 1/3 partial, 2/3 deflecting, 1 confidential)."""
    step = min(2, int(mean * 3))
    lower, upper, part = LABELS[step], LABELS[step + 1], mean * 3 - step
    if part < 0.15 or part > 0.85:
        return f"close to {lower if part < 0.15 else upper}"
    if 0.4 <= part <= 0.6:
        return f"about midway between {lower} and {upper}"
    return f"between {lower} and {upper}, closer to {lower if part < 0.5 else upper}"


def score_meaning(report: Report) -> str:
    """What a mean score says, in one plain sentence, with a group of this report as the example: "0.17 =
    expected label / 3" told a reader nothing about how evasive that is or how many answers evade."""
    scale = "Each answer is scored from 0 (substantive) through 0.33 (partial) and 0.67 (deflecting) to 1 (confidential)"
    ranked = [g for g in report.groups if not (g.unnamed or g.few_pairs or g.few_letters)]
    example = (ranked or report.groups or [None])[0]
    if example is None:
        return scale + "."
    # the sum of the shares the table shows, each rounded: 1 − substantive, rounded once, differed from it by one
    evading = sum(int(f"{100 * example.label_shares[label]:.0f}") for label in LABELS[1:])
    return (f"{scale}: a mean of {example.mean_score:.2f}, as for {display_name(report, example)}, lies "
            f"{_where(example.mean_score)}, and {evading}% of that group's answers evade at least partly "
            "(labelled partial or worse).")


def _least_widths(report: Report) -> tuple[int, int]:
    """The least the name and notes columns may wrap to: their longest word ("Yeşilgöz-Zegerius"),
    which rich would otherwise cut to "Yeşilgöz-…", but at least 14 and 12 and at most 30."""
    def longest(texts: list[str], least: int) -> int:
        return min(30, max([least, *(len(word) for text in texts for word in text.split())]))

    return (longest([display_name(report, g) for g in report.groups], 14),
            longest([c for g in report.groups for c in group_caveats(g, report.by)], 12))


def _label_heads(full: bool) -> list[str]:
    """The label columns' headings: the labels' names, or where the width does not allow them "subs", "part",
    "defl", "conf", which the legend spells out."""
    return list(LABELS) if full else [label[:4] for label in LABELS]


def _needed_width(report: Report, *, narrow: bool, full: bool) -> int:
    """The columns a layout needs: its unwrapped figures (a delay cell "45 (n=12), 3 postponements" is
    long) beside the least the name (and the notes) may wrap to; a column's padding and rule take 3. The
    labels' full names are only worth it where the names and notes keep up to 30 columns unwrapped: a
    heading spelled out at the cost of "1 shared / letter" on two lines is no gain."""
    figures = [
        ["Pairs", *(str(g.pairs) for g in report.groups)],
        [f"Mean [{report.confidence:.0%} CI]", *(f"{g.mean_score:.2f} [{g.ci_low:.2f}–{g.ci_high:.2f}]"
                                                 for g in report.groups)],
        *([head, "100"] for head in _label_heads(full)),
    ]
    if not narrow:
        figures += [["Letters", *(str(g.letters) for g in report.groups)],
                    ["Delay", *(_delay_text(g) for g in report.groups)]]
    name, notes = _least_widths(report)
    if full:
        name = max(name, min(30, max((len(display_name(report, g)) for g in report.groups), default=0)))
        notes = max(notes, min(30, max((len(", ".join(group_caveats(g, report.by))) for g in report.groups),
                                       default=0)))
    columns = len(figures) + (1 if narrow else 2)
    return sum(max(map(len, cells)) for cells in figures) + name + (0 if narrow else notes) + 3 * columns + 1


def _layout(report: Report, width: int) -> tuple[bool, bool]:
    """(narrow, full label names): every figure in its own column from REPORT_NARROW columns on, and the
    labels' full names wherever they fit beside the figures."""
    narrow = width < max(REPORT_NARROW, _needed_width(report, narrow=False, full=False))
    return narrow, width >= _needed_width(report, narrow=narrow, full=True)


def _legend(report: Report, full: bool) -> str:
    shares = ("substantive, partial, deflecting, confidential" if full else
              "subs, part, defl, conf (substantive, partial, deflecting, confidential)")
    return (
        f"Mean: the evasion score, 0 = substantive … 1 = confidential, with its {report.confidence:.0%} bootstrap "
        f"interval (letters resampled). {score_meaning(report)} {shares}: the share of pairs with that label, in %. "
        "Delay: median days from the questions to the answer, over the n letters with both dates. "
        f"Few pairs: fewer than {plural(report.min_pairs, 'pair')}, too few to rank. "
        f"Few letters: fewer than {plural(report.min_letters, 'letter')}; the pairs of one letter answer one set of "
        "questions on one subject, so they count as one piece of evidence, not many. "
        f"{unnamed_note(report.by)}"
        + (" Via office table: letters that print only the office, whose signatory was found by the date in the "
           "table of office holders." if report.by in ("minister", "ministry") else "")
    )


def _report_table(report: Report, width: int) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from classifier.outputs.tables import LABEL_COLOURS

    narrow, full = _layout(report, width)
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
    for label, head in zip(LABELS, _label_heads(full), strict=True):
        table.add_column(head, justify="right", style=LABEL_COLOURS[label], no_wrap=True)
    if not narrow:
        table.add_column("Delay", justify="right", no_wrap=True)
        table.add_column("Notes", ratio=2, min_width=notes_width)
    for group in report.groups:
        caveats = group_caveats(group, report.by)
        name = Text(display_name(report, group))  # Text, not str: a name like "[bold]" must not be read as markup
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
    legend = Text(_legend(report, full), style="dim")
    return Group(title, table, legend, Text(""), *_quotes(report), *_notes(report))


def _quotes(report: Report) -> list[RenderableType]:
    """Each group's most evasive answers, quoted with their question."""
    from rich.padding import Padding
    from rich.text import Text

    from classifier.outputs.tables import LABEL_COLOURS

    parts: list[RenderableType] = []
    for group in report.groups:
        heading = Text(f"Most evasive answers: {display_name(report, group)}", style="bold")
        if group.unnamed:
            heading.append(f" ({unnamed_caveat(report.by)})", style="bold yellow")
        parts.append(heading)
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
