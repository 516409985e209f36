"""Reports: how evasive the answers are per minister, ministry, asking party or month.

A report is built from scored letters (`LetterScore`s, from a store or scored on
the spot) and says, per group, how many letters and pairs it rests on, the mean
evasion score with a 95% bootstrap interval, the share of each label, the answer
delay, and which answers were most evasive, quoted with letter and question id so
a reader can check them.

Counting rules a reader of the report relies on:
- A letter signed by several people counts in full for each of them (and for each
  ministry they sign for); a person who signs twice (two offices) counts once. The
  report says how many letters were shared. `first_signatory=True` counts each
  letter for its first signatory only.
- A signature without a name is resolved by office and date from the office-holder
  table (classifier/officeholders.py); when the table cannot say who it was, the
  group is "<office> (naam onbekend)", never a guess.
- `by="party"` groups pairs by the party that asked them, so a letter can fall in
  several groups but each pair counts once.
- Groups with fewer than settings.report_min_pairs pairs are flagged: their
  interval is too wide to rank them against others. Groups are listed most
  evasive first, flagged groups after the others; months in calendar order.

The interval is a percentile bootstrap of the mean over the group's pair scores.
The scores are sorted before resampling and the generator is seeded with
settings.random_state, so the same pairs give the same interval whatever order
the letters came in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, Field

from classifier.config import LABELS, get_settings
from classifier.errors import BatchFailed, EmptyInput, InputNotFound
from classifier.io import atomic_write_text
from classifier.letters.officeholders import OfficeHolders, load_office_holders
from classifier.outputs.render import FILE_WIDTH, shorten
from classifier.outputs.wording import noun, plural
from classifier.types import LetterMeta, LetterScore, PairScore, Signatory

if TYPE_CHECKING:
    from rich.console import RenderableType

GroupBy = Literal["minister", "ministry", "party", "month"]
Format = Literal["table", "json", "csv", "html"]
GROUP_BY: tuple[str, ...] = ("minister", "ministry", "party", "month")
FORMATS: tuple[str, ...] = ("table", "json", "csv", "html")

LABEL_HEX: dict[str, str] = {
    "substantive": "#2e7d32",
    "partial": "#b28704",
    "deflecting": "#e65100",
    "confidential": "#c62828",
}
"""The label palette of the letter page (templates/letter.html.j2), reused by the charts."""

NO_SIGNATORY = "(geen ondertekenaar gevonden)"
NO_MINISTRY = "(ministerie onbekend)"
NO_PARTY = "(partij onbekend)"
NO_DATE = "(datum onbekend)"

_QUOTE_CHARS = 500
_QUESTION_CHARS = 300
_MAX_CHART_GROUPS = 40


class QuotedAnswer(BaseModel):
    letter_id: str
    letter_title: str | None = None
    """The letter's subject (metadata `title`), so a reader knows what was asked about."""
    question_id: str
    label: str
    score: float
    question: str
    answer: str
    """Shortened to about 500 characters, ending in "…" when cut."""

    @property
    def ref(self) -> str:
        return f"{self.letter_id}#{self.question_id}"


class MonthPoint(BaseModel):
    month: str
    pairs: int
    mean_score: float
    ci_low: float
    ci_high: float


class GroupReport(BaseModel):
    key: str
    letters: int
    pairs: int
    mean_score: float
    ci_low: float
    ci_high: float
    label_counts: dict[str, int]
    label_shares: dict[str, float]
    few_pairs: bool
    """Fewer pairs than Report.min_pairs: the interval is too wide to compare this group."""
    shared_letters: int = 0
    """Letters of this group that also count, in full, for another signatory or ministry."""
    via_office_table: int = 0
    """Letters attributed to this person through the office-holder table, not a printed name."""
    delay_days_mean: float | None = None
    delay_days_median: float | None = None
    delay_letters: int = 0
    """Letters whose question and answer dates are both known."""
    postponements: int = 0
    """Postponement notices ("Mededeling (uitstel antwoord)") the API lists for this group's letters."""
    postponed_letters: int = 0
    by_month: dict[str, float] = Field(default_factory=dict)
    """Mean score per answer month (YYYY-MM), for the trend chart."""
    most_evasive: list[QuotedAnswer] = Field(default_factory=list)
    """The group's answers labelled partial or worse, most evasive label first, then by score; empty when
    every answer was substantive."""
    letter_ids: list[str] = Field(default_factory=list)


class Report(BaseModel):
    by: GroupBy
    first_signatory: bool
    letters: int
    pairs: int
    """Pairs scored; with shared letters the group totals add up to more."""
    groups: list[GroupReport]
    months: list[MonthPoint]
    """All pairs per answer month, each pair once: the overall trend."""
    notes: list[str]
    confidence: float
    resamples: int
    seed: int
    min_pairs: int
    model_versions: list[str]


# -- building -----------------------------------------------------------------------


def bootstrap_ci(
    scores: Sequence[float], *, resamples: int, confidence: float, seed: int
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval; deterministic for the same multiset of scores."""
    values = np.sort(np.asarray(scores, dtype=float))
    n = len(values)
    if n == 0:
        raise ValueError("bootstrap_ci needs at least one score")
    mean = float(values.mean())
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    block = max(1, 2_000_000 // n)  # bounded memory for large groups
    for start in range(0, resamples, block):
        stop = min(resamples, start + block)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = values[idx].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return mean, float(low), float(high)


def answer_day(meta: LetterMeta) -> dt.date | None:
    """The day the answer was given: its own date, else the day parliament received it."""
    return meta.date or meta.date_received


def answer_delay(meta: LetterMeta) -> int | None:
    """Days from the questions to the answer, when both dates are known and in order."""
    received = meta.date_received or meta.date
    if meta.date_asked is None or received is None or received < meta.date_asked:
        return None
    return (received - meta.date_asked).days


def signatory_office(signatory: Signatory, meta: LetterMeta) -> str | None:
    """The office a signature stands for; "De minister" alone takes the letter's ministry."""
    office = (signatory.office or signatory.role or "").strip()
    office = re.sub(r"^(?:de|het)\s+", "", office, flags=re.IGNORECASE)
    if not office:
        return None
    if office.lower() in {"minister", "staatssecretaris"} and meta.ministry:
        return f"{office.lower()} van {meta.ministry}"
    return office


@dataclass
class _Bucket:
    pairs: list[tuple[str, int, PairScore]]
    letters: dict[str, LetterMeta]
    shared: set[str]
    via_table: set[str]


def _letter_key(letter_score: LetterScore, index: int) -> str:
    """Letters are told apart by content hash; two copies of one file are one letter."""
    return letter_score.letter.content_hash or f"{letter_score.letter.letter_id}@{index}"


def _signatory_groups(
    letter_score: LetterScore, by: GroupBy, first_signatory: bool, holders: OfficeHolders, notes: list[str]
) -> tuple[list[str], set[str]]:
    """The groups a whole letter counts for, and those among them found via the office table."""
    meta = letter_score.letter
    signatories = meta.signatories[:1] if first_signatory else meta.signatories
    day = answer_day(meta)
    keys: list[str] = []
    via_table: set[str] = set()
    for signatory in signatories:
        resolution = holders.resolve(name=signatory.name, office=signatory_office(signatory, meta), day=day)
        if by == "minister":
            key = resolution.name
            if resolution.how == "office_table":
                via_table.add(key)
                notes.append(f"{meta.letter_id}: {resolution.detail} is {resolution.name} (office-holder table)")
            elif resolution.how == "unknown":
                notes.append(f"{meta.letter_id}: {resolution.name}: {resolution.detail}")
        else:
            key = resolution.ministry or meta.ministry or NO_MINISTRY
        if key not in keys:
            keys.append(key)
    if not keys:
        keys.append(NO_SIGNATORY if by == "minister" else (meta.ministry or NO_MINISTRY))
        if by == "minister":
            notes.append(f"{meta.letter_id}: no signature found in the letter")
    return keys, via_table


def _month(day: dt.date | None) -> str:
    return day.strftime("%Y-%m") if day else NO_DATE


def _group_report(key: str, bucket: _Bucket, *, by: GroupBy) -> GroupReport:
    settings = get_settings()
    scores = [pair.score for _, _, pair in bucket.pairs]
    mean, low, high = bootstrap_ci(
        scores,
        resamples=settings.report_bootstrap_resamples,
        confidence=settings.report_confidence,
        seed=settings.random_state,
    )
    counts = {label: 0 for label in LABELS}
    for _, _, pair in bucket.pairs:
        counts[pair.label] += 1
    n = len(bucket.pairs)
    delays = [d for meta in bucket.letters.values() if (d := answer_delay(meta)) is not None]
    per_month: dict[str, list[float]] = {}
    for letter_key, _, pair in bucket.pairs:
        per_month.setdefault(_month(answer_day(bucket.letters[letter_key])), []).append(pair.score)
    # only answers that evade at least partly; the most evasive label first, then the highest score
    evasive = [item for item in bucket.pairs if item[2].label != "substantive"]
    ranked = sorted(
        evasive,
        key=lambda item: (-LABELS.index(item[2].label), -item[2].score, bucket.letters[item[0]].letter_id, item[1]),
    )
    top = [
        QuotedAnswer(
            letter_id=bucket.letters[letter_key].letter_id,
            letter_title=bucket.letters[letter_key].title,
            question_id=pair.question_id,
            label=pair.label,
            score=pair.score,
            question=shorten(pair.question, _QUESTION_CHARS),
            answer=shorten(pair.answer, _QUOTE_CHARS),
        )
        for letter_key, _, pair in ranked[: settings.report_top_answers]
    ]
    return GroupReport(
        key=key,
        letters=len(bucket.letters),
        pairs=n,
        mean_score=mean,
        ci_low=low,
        ci_high=high,
        label_counts=counts,
        label_shares={label: counts[label] / n for label in LABELS},
        few_pairs=n < settings.report_min_pairs,
        shared_letters=len(bucket.shared) if by in ("minister", "ministry") else 0,
        via_office_table=len(bucket.via_table),
        delay_days_mean=statistics.fmean(delays) if delays else None,
        delay_days_median=float(statistics.median(delays)) if delays else None,
        delay_letters=len(delays),
        postponements=sum(meta.postponements for meta in bucket.letters.values()),
        postponed_letters=sum(1 for meta in bucket.letters.values() if meta.postponements),
        by_month={month: statistics.fmean(values) for month, values in sorted(per_month.items())},
        most_evasive=top,
        letter_ids=sorted({meta.letter_id for meta in bucket.letters.values()}),
    )


def build_report(
    letter_scores: Sequence[LetterScore],
    by: GroupBy = "minister",
    first_signatory: bool = False,
    holders: OfficeHolders | None = None,
) -> Report:
    """Group the pairs of scored letters and summarise each group (see the module docstring)."""
    if by not in GROUP_BY:
        raise ValueError(f"by must be one of {', '.join(GROUP_BY)}, not {by!r}")
    settings = get_settings()
    holders = holders if holders is not None else load_office_holders()
    buckets: dict[str, _Bucket] = {}
    notes: list[str] = []
    groups_per_letter: dict[str, list[str]] = {}
    all_pairs: list[tuple[dt.date | None, PairScore]] = []
    seen_letters: set[str] = set()

    for index, letter_score in enumerate(letter_scores):
        letter_key = _letter_key(letter_score, index)
        if letter_key in seen_letters:
            notes.append(f"{letter_score.letter.letter_id}: the same letter was given twice; counted once")
            continue
        seen_letters.add(letter_key)
        meta = letter_score.letter
        # pairs cut off by the end of an excerpt are not evidence of evasion: left out
        letter_score = letter_score.model_copy(update={"pairs": [p for p in letter_score.pairs if p.complete]})
        all_pairs.extend((answer_day(meta), pair) for pair in letter_score.pairs)
        if by in ("minister", "ministry"):
            keys, via_table = _signatory_groups(letter_score, by, first_signatory, holders, notes)
            assignments = [(key, position, pair) for key in keys for position, pair in enumerate(letter_score.pairs)]
        else:
            via_table = set()
            assignments = [
                (
                    (pair.party or NO_PARTY) if by == "party" else _month(answer_day(meta)),
                    position,
                    pair,
                )
                for position, pair in enumerate(letter_score.pairs)
            ]
        for key, position, pair in assignments:
            bucket = buckets.setdefault(key, _Bucket([], {}, set(), set()))
            bucket.pairs.append((letter_key, position, pair))
            bucket.letters[letter_key] = meta
            if key in via_table:
                bucket.via_table.add(letter_key)
            groups_per_letter.setdefault(letter_key, [])
            if key not in groups_per_letter[letter_key]:
                groups_per_letter[letter_key].append(key)

    if by in ("minister", "ministry"):
        shared = [k for k, keys in groups_per_letter.items() if len(keys) > 1]
        for letter_key in shared:
            for key in groups_per_letter[letter_key]:
                buckets[key].shared.add(letter_key)
        if shared:
            who = "people" if by == "minister" else "ministries"
            notes.insert(
                0,
                f"{plural(len(shared), 'letter')} {noun(len(shared), 'was')} signed by several {who} and "
                f"{noun(len(shared), 'counts', 'count')} in full for each of them, "
                "so the group totals add up to more than the pairs scored"
                + ("" if first_signatory else "; --first-signatory counts each letter for its first signatory only"),
            )

    groups = [_group_report(key, bucket, by=by) for key, bucket in buckets.items()]
    if by == "month":
        groups.sort(key=lambda g: (g.key == NO_DATE, g.key))
    else:  # most evasive first; groups too small to rank after the others
        groups.sort(key=lambda g: (g.few_pairs, -g.mean_score, g.key))

    months: list[MonthPoint] = []
    by_month: dict[str, list[float]] = {}
    for day, pair in all_pairs:
        if day is not None:
            by_month.setdefault(_month(day), []).append(pair.score)
    for month in sorted(by_month):
        mean, low, high = bootstrap_ci(
            by_month[month],
            resamples=settings.report_bootstrap_resamples,
            confidence=settings.report_confidence,
            seed=settings.random_state,
        )
        months.append(MonthPoint(month=month, pairs=len(by_month[month]), mean_score=mean, ci_low=low, ci_high=high))

    few = [g.key for g in groups if g.few_pairs]
    if few:
        notes.append(
            f"{plural(len(few), 'group')} {noun(len(few), 'rests', 'rest')} on fewer than "
            f"{plural(settings.report_min_pairs, 'pair')} and {noun(len(few), 'is', 'are')} marked “few pairs”; "
            f"{noun(len(few), 'its interval is', 'their intervals are')} too wide to rank"
        )
    return Report(
        by=by,
        first_signatory=first_signatory,
        letters=len(seen_letters),
        pairs=len(all_pairs),
        groups=groups,
        months=months,
        notes=notes,
        confidence=settings.report_confidence,
        resamples=settings.report_bootstrap_resamples,
        seed=settings.random_state,
        min_pairs=settings.report_min_pairs,
        model_versions=sorted({ls.model_version for ls in letter_scores}),
    )


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
"""Below this many columns the report table takes its narrow layout (see to_table)."""


def group_caveats(group: GroupReport) -> list[str]:
    """What a reader must know before comparing this group: the same words in table, page and CSV."""
    caveats = []
    if group.few_pairs:
        caveats.append("few pairs")
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
    from classifier.outputs.render import ByWidth

    return ByWidth(lambda width: _report_table(report, width))


def _report_table(report: Report, width: int) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from classifier.outputs.render import LABEL_COLOURS

    narrow = width < REPORT_NARROW
    by = _TITLE_BY[report.by]
    title = Text(
        f"Evasion per {by}: {plural(report.letters, 'letter')}, {plural(report.pairs, 'pair')}, "
        f"{plural(len(report.groups), 'group')}",
        style="bold",
    )
    table = Table(box=box.SIMPLE_HEAD, expand=True, leading=1 if narrow else 0)
    table.add_column(by.capitalize(), ratio=3, min_width=14)
    if not narrow:
        table.add_column("Letters", justify="right", no_wrap=True)
    table.add_column("Pairs", justify="right", no_wrap=True)
    table.add_column(f"Mean [{report.confidence:.0%} CI]", justify="right", no_wrap=True)
    for label in LABELS:
        table.add_column(label[:4], justify="right", style=LABEL_COLOURS[label], no_wrap=True)
    if not narrow:
        table.add_column("Delay", justify="right", no_wrap=True)
        table.add_column("Notes", ratio=2, min_width=12)
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
        "interval. subs, part, defl, conf: the share of pairs labelled substantive, partial, deflecting, "
        "confidential, in %. "
        + "Delay: median days from the questions to the answer, over the n letters with both dates. "
        + f"Few pairs: fewer than {plural(report.min_pairs, 'pair')}, too few to rank.",
        style="dim",
    )
    parts: list[RenderableType] = [title, table, legend, Text("")]
    for group in report.groups:
        parts.append(Text(f"Most evasive answers: {group.key}", style="bold"))
        if not group.most_evasive:
            parts.append(Padding(Text("none: every answer was labelled substantive", style="dim"), (0, 0, 0, 2)))
        for quote in group.most_evasive:
            line = Text(f"{quote.ref} ", style="bold")
            line.append(quote.label, style=LABEL_COLOURS.get(quote.label, ""))
            line.append(f" {quote.score:.2f}")
            parts.append(Padding(line, (0, 0, 0, 2)))
            if quote.letter_title:
                parts.append(Padding(Text(shorten(quote.letter_title, 160), style="dim"), (0, 0, 0, 4)))
            parts.append(Padding(Text(f"Q: {shorten(quote.question, 160)}"), (0, 0, 0, 4)))
            parts.append(Padding(Text(f"A: “{shorten(quote.answer, 240)}”"), (0, 0, 0, 4)))
        parts.append(Text(""))
    if report.notes:
        parts.append(Text("Notes", style="bold"))
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column(ratio=1)
        for note in report.notes:
            notes.add_row("-", Text(note))
        parts.append(Padding(notes, (0, 0, 0, 2)))
    return Group(*parts)


def format_table(report: Report, width: int = FILE_WIDTH) -> str:
    """The terminal report as plain text, for --out."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(to_table(report))
    return buffer.getvalue()


def to_json(report: Report) -> str:
    """The whole report (groups, intervals, quotes, notes, the trend per month) as one JSON object."""
    return report.model_dump_json(indent=2) + "\n"


def _svg(fig: object, name: str) -> str:
    """A figure as an <svg> element: text kept as text, fixed ids, no timestamp, so output is stable."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"evasion-{name}"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def month_start(month: str) -> dt.date:
    """"2024-04" → 2024-04-01."""
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


def month_series(values: dict[str, float]) -> tuple[list[dt.date], list[float]]:
    """Points per month on a time axis, with a gap (NaN) wherever a month between two points has no data.

    A line drawn through the result joins only adjacent months: 2015-08 and 2024-04 are nine
    years apart on the axis and not joined, so no trend is drawn where there was no data.
    """
    months = sorted(m for m in values if re.fullmatch(r"\d{4}-\d{2}", m))
    days: list[dt.date] = []
    points: list[float] = []
    previous: dt.date | None = None
    for month in months:
        day = month_start(month)
        if previous is not None and (day.year - previous.year) * 12 + day.month - previous.month > 1:
            days.append(previous + (day - previous) / 2)
            points.append(float("nan"))
        days.append(day)
        points.append(values[month])
        previous = day
    return days, points


def _time_axis(ax: object, first: dt.date, last: dt.date) -> None:
    """Dates on the x axis: months when the data spans little time, years when it spans more."""
    import matplotlib.dates as mdates

    span_months = (last.year - first.year) * 12 + last.month - first.month
    if span_months <= 18:
        locator: object = mdates.MonthLocator()
        fmt = "%Y-%m"
    else:
        locator = mdates.YearLocator(base=max(1, span_months // 12 // 8 + 1))
        fmt = "%Y"
    ax.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))  # type: ignore[attr-defined]
    pad = max(dt.timedelta(days=20), (last - first) * 0.03)  # a point on the first or last month stays whole
    ax.set_xlim(first - pad, last + pad)  # type: ignore[attr-defined]


def charts(report: Report) -> dict[str, str]:
    """Inline SVG charts: mean with interval, label shares, the trend per month on a time axis, and
    (grouped by minister, ministry or party) one small trend chart per group."""
    from matplotlib.figure import Figure

    groups = report.groups[:_MAX_CHART_GROUPS]
    out: dict[str, str] = {}
    if not groups:
        return out
    names = [g.key + (" *" if g.few_pairs else "") for g in groups]
    ys = list(range(len(groups)))[::-1]
    height = 0.9 + 0.32 * len(groups)

    fig = Figure(figsize=(8, height))
    ax = fig.add_subplot()
    means = np.array([g.mean_score for g in groups])
    err = np.array([[g.mean_score - g.ci_low for g in groups], [g.ci_high - g.mean_score for g in groups]])
    ax.errorbar(means, ys, xerr=np.clip(err, 0, None), fmt="o", color="#1d1d1f", ecolor="#5f6368", capsize=3)
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"mean evasion score, {report.confidence:.0%} bootstrap interval (* = few pairs)")
    ax.grid(axis="x", color="#dadce0")
    out["means"] = _svg(fig, "means")

    fig = Figure(figsize=(8, height))
    ax = fig.add_subplot()
    left = np.zeros(len(groups))
    for label in LABELS:
        shares = np.array([g.label_shares[label] for g in groups])
        ax.barh(ys, shares, left=left, color=LABEL_HEX[label], label=label)
        left += shares
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of pairs per label")
    ax.legend(ncols=len(LABELS), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    out["shares"] = _svg(fig, "shares")

    if not report.months:
        return out
    overall = {m.month: m for m in report.months}
    days, values = month_series({m: p.mean_score for m, p in overall.items()})
    first, last = min(d for d, v in zip(days, values, strict=True) if v == v), max(days)
    low = [overall[d.strftime("%Y-%m")].ci_low if v == v else np.nan for d, v in zip(days, values, strict=True)]
    high = [overall[d.strftime("%Y-%m")].ci_high if v == v else np.nan for d, v in zip(days, values, strict=True)]

    fig = Figure(figsize=(8, 3.2))
    ax = fig.add_subplot()
    ax.errorbar(days, values, yerr=np.clip([np.subtract(values, low), np.subtract(high, values)], 0, None),
                fmt="-o", color="#1d1d1f", ecolor="#9aa0a6", markersize=4, capsize=2,
                label=f"all pairs, with {report.confidence:.0%} interval")
    _time_axis(ax, first, last)
    ax.set_ylim(0, 1)
    ax.set_ylabel("mean evasion score")
    ax.grid(axis="y", color="#dadce0")
    ax.legend(fontsize="small", loc="upper left", frameon=False)
    fig.autofmt_xdate()
    out["trend"] = _svg(fig, "trend")

    if report.by != "month":
        out["trend_groups"] = _svg(_small_multiples(report, groups, days, values, first, last), "trend-groups")
    return out


def _small_multiples(
    report: Report, groups: list[GroupReport], days: list[dt.date], overall: list[float], first: dt.date, last: dt.date
) -> object:
    """One small trend chart per group, on the same time and score axes, the overall trend in grey
    behind each: every group is visible and named, however many there are or however they overlap."""
    from matplotlib.figure import Figure

    columns = 3 if len(groups) > 4 else max(1, len(groups))
    rows = -(-len(groups) // columns)
    fig = Figure(figsize=(8, 0.4 + 1.9 * rows))
    axes = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(groups):
            ax.set_visible(False)
            continue
        group = groups[index]
        ax.plot(days, overall, "-o", color="#bdc1c6", linewidth=1, markersize=2)
        group_days, group_values = month_series(group.by_month)
        if group_days:
            ax.plot(group_days, group_values, "-o", color="#1d1d1f", markersize=3, linewidth=1.2)
        else:
            ax.text(0.5, 0.5, "no dated letters", transform=ax.transAxes, ha="center", va="center",
                    fontsize="small", color="#5f6368")
        ax.set_title(shorten(group.key, 34) + (" *" if group.few_pairs else ""), fontsize="small", loc="left")
        ax.set_ylim(0, 1)
        ax.grid(axis="y", color="#eceff1")
        _time_axis(ax, first, last)
        ax.tick_params(labelsize="x-small")
    fig.supylabel("mean evasion score", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def to_html(report: Report) -> str:
    """A self-contained page: inline CSS and SVG charts, no scripts, no external assets."""
    from classifier.outputs.render import render_report

    return render_report(report, charts(report))


# -- running -------------------------------------------------------------------------


@dataclass
class ReportOutput:
    report: Report
    format: Format
    text: str
    """The rendered report; empty for a table shown on the terminal (use `renderable`)."""
    out: Path | None = None
    renderable: RenderableType | None = None


def infer_format(out: Path | None) -> Format:
    """The format `out`'s extension names (.txt, .json, .csv, .html), else table; see classifier.io.output_format."""
    from classifier.io import output_format

    return output_format(out, None, FORMATS)  # type: ignore[return-value]


def load_letter_scores(files: Sequence[Path] = (), store: Path | None = None) -> list[LetterScore]:
    """Scored letters from a store, or from files scored now with the trained model."""
    if store is not None:
        from classifier.outputs.store import Store

        if not store.is_file():
            raise InputNotFound("expected a store written by `evasion score --store`, found nothing there", path=store)
        scores = Store(store).letter_scores()
        if not scores:
            raise EmptyInput("expected scored letters in the store, found none", path=store)
        return scores
    if not files:
        raise EmptyInput("expected letter files or --store PATH to report on, found neither")
    from classifier.scoring.score import score_files

    result = score_files(files)
    if result.failures:
        _, error = result.failures[0]
        if len(files) == 1:  # one letter: its own problem and exit code, as `evasion score` gives
            raise error
        raise BatchFailed(
            f"expected every file to score, {len(result.failures)} of {len(files)} failed; first: {error}"
        )
    return result.scored


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
    report = build_report(load_letter_scores(files, store), by=by, first_signatory=first_signatory, holders=holders)
    if fmt == "csv":
        text = to_csv(report)
    elif fmt == "json":
        text = to_json(report)
    elif fmt == "html":
        text = to_html(report)
    elif out is not None:
        text = format_table(report)
    else:
        return ReportOutput(report, fmt, "", None, to_table(report))
    if out is not None:
        atomic_write_text(out, text)
    return ReportOutput(report, fmt, text, out)
