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
from classifier.officeholders import OfficeHolders, load_office_holders
from classifier.render import shorten
from classifier.types import LetterMeta, LetterScore, PairScore, Signatory

if TYPE_CHECKING:
    from rich.console import RenderableType

GroupBy = Literal["minister", "ministry", "party", "month"]
Format = Literal["table", "csv", "html"]
GROUP_BY: tuple[str, ...] = ("minister", "ministry", "party", "month")
FORMATS: tuple[str, ...] = ("table", "csv", "html")

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
_TREND_LINES = 6


class QuotedAnswer(BaseModel):
    letter_id: str
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
    by_month: dict[str, float] = Field(default_factory=dict)
    """Mean score per answer month (YYYY-MM), for the trend chart."""
    most_evasive: list[QuotedAnswer] = Field(default_factory=list)
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
    ranked = sorted(bucket.pairs, key=lambda item: (-item[2].score, bucket.letters[item[0]].letter_id, item[1]))
    top = [
        QuotedAnswer(
            letter_id=bucket.letters[letter_key].letter_id,
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
                f"{len(shared)} letter(s) were signed by several {who} and count in full for each of them, "
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
            f"{len(few)} group(s) rest on fewer than {settings.report_min_pairs} pairs and are marked; "
            "their intervals are too wide to rank them"
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
                "; ".join(f"{q.ref} ({q.label} {q.score:.2f})" for q in group.most_evasive),
                "; ".join(group.letter_ids),
            ]
        )
    return buffer.getvalue()


_TITLE_BY = {"minister": "signatory", "ministry": "ministry", "party": "asking party", "month": "answer month"}


def to_table(report: Report) -> RenderableType:
    """The terminal report: one row per group, then each group's most evasive answers, then notes."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from classifier.render import LABEL_COLOURS

    table = Table(
        title=f"Evasion per {_TITLE_BY[report.by]}: {report.letters} letters, {report.pairs} pairs",
        caption=f"mean score 0 = substantive … 1 = confidential, {report.confidence:.0%} bootstrap interval; "
        "label shares in %; delay: median days from questions to answer (letters with both dates)",
        box=box.SIMPLE_HEAD,
    )
    table.add_column(_TITLE_BY[report.by].capitalize(), ratio=3, min_width=16)
    table.add_column("Letters", justify="right")
    table.add_column("Pairs", justify="right")
    table.add_column(f"Mean [{report.confidence:.0%} CI]", justify="right", no_wrap=True)
    for label in LABELS:
        table.add_column(label[:4], justify="right", style=LABEL_COLOURS[label], no_wrap=True)
    table.add_column("Delay", justify="right", no_wrap=True)
    table.add_column("Notes", ratio=2, min_width=12)
    for group in report.groups:
        flags = []
        if group.few_pairs:
            flags.append("few pairs")
        if group.shared_letters:
            flags.append(f"{group.shared_letters} shared letter(s)")
        if group.via_office_table:
            flags.append(f"{group.via_office_table} via office table")
        delay = (
            f"{group.delay_days_median:.0f} (n={group.delay_letters})" if group.delay_days_median is not None else "–"
        )
        table.add_row(
            Text(group.key),  # Text, not str: a name like "[bold]" must not be read as rich markup
            str(group.letters),
            str(group.pairs),
            f"{group.mean_score:.2f} [{group.ci_low:.2f}–{group.ci_high:.2f}]",
            *(f"{100 * group.label_shares[label]:.0f}" for label in LABELS),
            delay,
            ", ".join(flags),
        )
    parts: list[RenderableType] = [table]
    for group in report.groups:
        if not group.most_evasive:
            continue
        text = Text()
        text.append(f"Most evasive answers: {group.key}\n", style="bold")
        for quote in group.most_evasive:
            text.append(f"  {quote.ref} ", style="bold")
            text.append(quote.label, style=LABEL_COLOURS.get(quote.label, ""))
            text.append(f" {quote.score:.2f}\n    Q: {shorten(quote.question, 160)}\n")
            text.append(f"    A: “{shorten(quote.answer, 240)}”\n")
        parts.append(text)
    if report.notes:
        parts.append(Text("Notes\n", style="bold") + Text("\n".join(f"  - {note}" for note in report.notes)))
    return Group(*parts)


def format_table(report: Report, width: int = 120) -> str:
    """The terminal report as plain text, for --out."""
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(to_table(report))
    return buffer.getvalue()


def _svg(fig: object, name: str) -> str:
    """A figure as an <svg> element: text kept as text, fixed ids, no timestamp, so output is stable."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"evasion-{name}"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")  # type: ignore[attr-defined]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def charts(report: Report) -> dict[str, str]:
    """Inline SVG charts: mean with interval, label shares, trend per month."""
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

    if report.months:
        fig = Figure(figsize=(8, 3.2))
        ax = fig.add_subplot()
        months = [m.month for m in report.months]
        x = {month: i for i, month in enumerate(months)}
        ax.errorbar(
            range(len(months)),
            [m.mean_score for m in report.months],
            yerr=np.clip(
                [[m.mean_score - m.ci_low for m in report.months], [m.ci_high - m.mean_score for m in report.months]],
                0,
                None,
            ),
            fmt="-o",
            color="#1d1d1f",
            capsize=3,
            label="all pairs",
        )
        if report.by != "month":
            for group in sorted(report.groups, key=lambda g: (-g.pairs, g.key))[:_TREND_LINES]:
                points = [(x[m], v) for m, v in group.by_month.items() if m in x]
                if points:
                    ax.plot(
                        *zip(*points, strict=True),
                        marker="o",
                        markersize=4,
                        linestyle="--",
                        linewidth=1,
                        label=group.key,
                    )
        ax.set_xticks(range(len(months)), months, rotation=45, ha="right")
        ax.set_ylim(0, 1)
        ax.set_ylabel("mean evasion score")
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        out["trend"] = _svg(fig, "trend")
    return out


def to_html(report: Report) -> str:
    """A self-contained page: inline CSS and SVG charts, no scripts, no external assets."""
    from classifier.render import render_report

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
    suffix = out.suffix.lower() if out else ""
    return "csv" if suffix == ".csv" else "html" if suffix in (".html", ".htm") else "table"


def load_letter_scores(files: Sequence[Path] = (), store: Path | None = None) -> list[LetterScore]:
    """Scored letters from a store, or from files scored now with the trained model."""
    if store is not None:
        from classifier.store import Store

        if not store.is_file():
            raise InputNotFound("expected a store written by `evasion score --store`, found nothing there", path=store)
        scores = Store(store).letter_scores()
        if not scores:
            raise EmptyInput("expected scored letters in the store, found none", path=store)
        return scores
    if not files:
        raise EmptyInput("expected letter files or --store PATH to report on, found neither")
    from classifier.score import score_files

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
    """What `evasion report` does: load, build, render, and write `out` atomically if given."""
    holders = load_office_holders(office_holders)  # read the table first: a bad CSV fails before any scoring
    fmt = fmt or infer_format(out)
    report = build_report(load_letter_scores(files, store), by=by, first_signatory=first_signatory, holders=holders)
    if fmt == "csv":
        text = to_csv(report)
    elif fmt == "html":
        text = to_html(report)
    elif out is not None:
        text = format_table(report)
    else:
        return ReportOutput(report, fmt, "", None, to_table(report))
    if out is not None:
        atomic_write_text(out, text)
    return ReportOutput(report, fmt, text, out)
