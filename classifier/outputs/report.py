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
  table (classifier/letters/officeholders.py); when the table cannot say who it was, the
  group is "<office> (naam onbekend)", never a guess.
- `by="party"` groups pairs by the party that asked them, so a letter can fall in
  several groups; a pair asked by members of several parties together ("CDA, SP")
  counts in full for each of them, and the report says how many pairs were joint.
- Groups with fewer than settings.report_min_pairs pairs, or resting on fewer than
  settings.report_min_letters letters, are flagged: their interval is too wide (or,
  for one letter, cannot be had) to rank them against others. Groups are listed most
  evasive first, flagged groups after the others, and groups that are no person,
  ministry or party ("(geen ondertekenaar gevonden)", "… (naam onbekend)",
  "(partij onbekend)") last, and every writer marks them ("not a ministry"); months in calendar order.
- The trend is drawn per month; over more than three years per quarter, over more than ten per year
  (classifier.outputs.stats.trend_period), since a point per month over decades is unreadable.

The interval is a percentile bootstrap of the mean over the group's pairs that
resamples whole letters (classifier.outputs.stats.bootstrap_ci_by_letter says why).
The letters are sorted by their scores before resampling and the generator is
seeded with settings.random_state, so the same letters give the same interval
whatever order they came in.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from classifier.config import LABELS, get_settings
from classifier.letters.metadata import canonical_ministry
from classifier.letters.officeholders import OfficeHolders, load_office_holders
from classifier.outputs.report_model import (  # noqa: F401  (re-exported: the writers import them from here)
    QUESTION_CHARS,
    QUOTE_CHARS,
    FORMATS,
    GROUP_BY,
    LABEL_HEX,
    MAX_CHART_GROUPS,
    NO_DATE,
    NO_MINISTRY,
    NO_PARTY,
    NO_SIGNATORY,
    Format,
    PeriodPoint,
    GroupBy,
    GroupReport,
    MonthPoint,
    QuotedAnswer,
    Report,
)
from classifier.outputs.stats import (
    TrendPeriod,
    answer_day,
    answer_delay,
    bootstrap_ci_by_letter,
    period_key,
    trend_period,
)
from classifier.outputs.render import resolve_signatory
from classifier.outputs.tables import shorten
from classifier.outputs.wording import as_title, noun, plural
from classifier.types import TEXT_SOURCE, LetterMeta, LetterScore, PairScore


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
        resolution = resolve_signatory(holders, signatory, meta)
        if by == "minister":
            key = resolution.name
            if resolution.how == "office_table":
                via_table.add(key)
                notes.append(f"{meta.letter_id}: {resolution.detail} is {resolution.name} (office-holder table)")
            elif resolution.how == "unknown":
                notes.append(f"{meta.letter_id}: {resolution.name}: {resolution.detail}")
        else:
            key = resolution.ministry or canonical_ministry(meta.ministry, day) or NO_MINISTRY
        if key not in keys:
            keys.append(key)
    if not keys:
        keys.append(NO_SIGNATORY if by == "minister" else (canonical_ministry(meta.ministry, day) or NO_MINISTRY))
        if by == "minister":
            notes.append(f"{meta.letter_id}: no signature found in the letter")
    return keys, via_table


def _month(day: dt.date | None) -> str:
    return period_key(day, "month") if day else NO_DATE


def _quoted_answer(pair: PairScore, answers: dict[str, str]) -> str:
    """The answer as quoted: a referral answer ("Zie antwoord vraag 2.") with the answers it was read as,
    since its label was given to their words, which the reader should see too."""
    referred = [f"{qid}: “{answers[qid]}”" for qid in pair.resolved_from if qid in answers]
    text = pair.answer if not referred else f"{pair.answer} [read as answer {'; '.join(referred)}]"
    return shorten(text, QUOTE_CHARS)


def _means_per(bucket: _Bucket, period: TrendPeriod) -> dict[str, float]:
    """The group's mean score per answer month, quarter or year (the undated under NO_DATE), keys sorted."""
    values: dict[str, list[float]] = {}
    for letter_key, _, pair in bucket.pairs:
        day = answer_day(bucket.letters[letter_key])
        values.setdefault(period_key(day, period) if day else NO_DATE, []).append(pair.score)
    return {key: statistics.fmean(scores) for key, scores in sorted(values.items())}


def _group_report(key: str, bucket: _Bucket, *, by: GroupBy, answers: dict[str, dict[str, str]],
                  period: TrendPeriod = "month") -> GroupReport:
    settings = get_settings()
    per_letter: dict[str, list[float]] = {}
    for letter_key, _, pair in bucket.pairs:
        per_letter.setdefault(letter_key, []).append(pair.score)
    mean, low, high = bootstrap_ci_by_letter(
        list(per_letter.values()),
        resamples=settings.report_bootstrap_resamples,
        confidence=settings.report_confidence,
        seed=settings.random_state,
    )
    counts = {label: 0 for label in LABELS}
    for _, _, pair in bucket.pairs:
        counts[pair.label] += 1
    n = len(bucket.pairs)
    delays = [d for meta in bucket.letters.values() if (d := answer_delay(meta)) is not None]
    # only answers that evade at least partly; the most evasive label first, then the highest score
    evasive = [item for item in bucket.pairs if item[2].label != "substantive"]
    ranked = sorted(
        evasive,
        key=lambda item: (-LABELS.index(item[2].label), -item[2].score, bucket.letters[item[0]].letter_id, item[1]),
    )
    top = [
        QuotedAnswer(
            letter_id=bucket.letters[letter_key].letter_id,
            letter_title=as_title(bucket.letters[letter_key].title),  # "het bericht …" heads the quote as "Het bericht …"
            letter_date=answer_day(bucket.letters[letter_key]),
            source=None if bucket.letters[letter_key].source == TEXT_SOURCE else bucket.letters[letter_key].source,
            question_id=pair.question_id,
            label=pair.label,
            score=pair.score,
            question=shorten(pair.question, QUESTION_CHARS),
            answer=_quoted_answer(pair, answers[letter_key]),
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
        few_letters=len(bucket.letters) < settings.report_min_letters,
        unnamed=_unnamed(key),
        shared_letters=len(bucket.shared) if by != "month" else 0,
        via_office_table=len(bucket.via_table),
        delay_days_mean=statistics.fmean(delays) if delays else None,
        delay_days_median=float(statistics.median(delays)) if delays else None,
        delay_letters=len(delays),
        postponements=sum(meta.postponements for meta in bucket.letters.values()),
        postponed_letters=sum(1 for meta in bucket.letters.values() if meta.postponements),
        by_month=_means_per(bucket, "month"),
        by_period=_means_per(bucket, period),
        most_evasive=top,
        letter_ids=sorted({meta.letter_id for meta in bucket.letters.values()}),
    )


@dataclass
class _Grouping:
    """The pairs of the letters so far, sorted into groups, with what the report says about them."""

    buckets: dict[str, _Bucket]
    notes: list[str]
    groups_per_letter: dict[str, list[str]]
    all_pairs: list[tuple[dt.date | None, str, PairScore]]
    seen_letters: set[str]
    joint_pairs: int = 0
    """Pairs asked by members of several parties together (by="party" only)."""
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per letter, each question id's answer, for quoting what a referral answer was read as."""


def _assign(letter_score: LetterScore, letter_key: str, by: GroupBy, first_signatory: bool,
            holders: OfficeHolders, grouping: _Grouping) -> None:
    """Put the complete pairs of one letter into the groups it belongs to."""
    meta = letter_score.letter
    # pairs cut off by the end of an excerpt are not evidence of evasion: left out
    letter_score = letter_score.model_copy(update={"pairs": [p for p in letter_score.pairs if p.complete]})
    grouping.all_pairs.extend((answer_day(meta), letter_key, pair) for pair in letter_score.pairs)
    grouping.answers[letter_key] = {pair.question_id: pair.answer for pair in letter_score.pairs}
    via_table: set[str] = set()
    joint: set[int] = set()  # positions of the pairs asked by members of several parties together
    if by in ("minister", "ministry"):
        keys, via_table = _signatory_groups(letter_score, by, first_signatory, holders, grouping.notes)
        assignments = [(key, position, pair) for key in keys for position, pair in enumerate(letter_score.pairs)]
    elif by == "party":  # a question asked by members of several parties counts in full for each
        parties = [asking_parties(pair.party) for pair in letter_score.pairs]
        assignments = [(key, position, pair) for position, pair in enumerate(letter_score.pairs)
                       for key in parties[position]]
        joint = {position for position, keys in enumerate(parties) if len(keys) > 1}
        grouping.joint_pairs += len(joint)
    else:
        assignments = [(_month(answer_day(meta)), position, pair) for position, pair in enumerate(letter_score.pairs)]
    for key, position, pair in assignments:
        bucket = grouping.buckets.setdefault(key, _Bucket([], {}, set(), set()))
        bucket.pairs.append((letter_key, position, pair))
        bucket.letters[letter_key] = meta
        if key in via_table:
            bucket.via_table.add(letter_key)
        if position in joint:
            bucket.shared.add(letter_key)
        keys_of_letter = grouping.groups_per_letter.setdefault(letter_key, [])
        if key not in keys_of_letter:
            keys_of_letter.append(key)


def _unnamed(key: str) -> bool:
    """Is the group no person, ministry, party or month, but the letters where that is unknown?"""
    return key in (NO_SIGNATORY, NO_MINISTRY, NO_PARTY, NO_DATE) or key.endswith("(naam onbekend)")


def asking_parties(party: str | None) -> list[str]:
    """The parties a pair was asked by: "CDA, SP" (members of two parties together) is CDA and SP."""
    if not party:
        return [NO_PARTY]
    return list(dict.fromkeys(p.strip() for p in party.split(", ") if p.strip())) or [NO_PARTY]


def _note_shared(grouping: _Grouping, by: GroupBy, first_signatory: bool) -> None:
    """Letters signed by several people count in full for each; say so, first."""
    shared = [k for k, keys in grouping.groups_per_letter.items() if len(keys) > 1]
    for letter_key in shared:
        for key in grouping.groups_per_letter[letter_key]:
            grouping.buckets[key].shared.add(letter_key)
    if shared:
        who = "people" if by == "minister" else "ministries"
        grouping.notes.insert(
            0,
            f"{plural(len(shared), 'letter')} {noun(len(shared), 'was')} signed by several {who} and "
            f"{noun(len(shared), 'counts', 'count')} in full for each of them, "
            "so the group totals add up to more than the pairs scored"
            + ("" if first_signatory else "; --first-signatory counts each letter for its first signatory only"),
        )


def _month_points(all_pairs: list[tuple[dt.date | None, str, PairScore]]) -> list[MonthPoint]:
    """The mean score of every month with answers, with its bootstrap interval (letters resampled)."""
    return [MonthPoint(month=point.period, **point.model_dump(exclude={"period"}))
            for point in _period_points(all_pairs, "month")]


def _period_points(all_pairs: list[tuple[dt.date | None, str, PairScore]], period: TrendPeriod) -> list[PeriodPoint]:
    """The mean score of every period with answers, with its bootstrap interval (letters resampled)."""
    settings = get_settings()
    by_period: dict[str, dict[str, list[float]]] = {}
    for day, letter_key, pair in all_pairs:
        if day is not None:
            by_period.setdefault(period_key(day, period), {}).setdefault(letter_key, []).append(pair.score)
    points: list[PeriodPoint] = []
    for key in sorted(by_period):
        mean, low, high = bootstrap_ci_by_letter(
            list(by_period[key].values()),
            resamples=settings.report_bootstrap_resamples,
            confidence=settings.report_confidence,
            seed=settings.random_state,
        )
        pairs = sum(len(scores) for scores in by_period[key].values())
        points.append(PeriodPoint(period=key, pairs=pairs, mean_score=mean, ci_low=low, ci_high=high))
    return points


def _flagged(count: int, fewer_than: str, mark: str, why: str) -> str:
    """The note on the groups marked `mark`: how many, what they have fewer of, and why that matters."""
    return (f"{plural(count, 'group')} {noun(count, 'rests', 'rest')} on fewer than {fewer_than} and "
            f"{noun(count, 'is', 'are')} marked “{mark}”{why}")


def _note_uncounted(letter_scores: Sequence[LetterScore], grouping: _Grouping) -> None:
    """Letters whose every answer is cut off count among the letters scored but in no group: say which."""
    uncounted = sorted({s.letter.letter_id for s in letter_scores if not any(p.complete for p in s.pairs)})
    if uncounted:
        grouping.notes.append(
            f"{plural(len(uncounted), 'letter')} ({', '.join(uncounted[:5])}{', …' if len(uncounted) > 5 else ''}) "
            f"{noun(len(uncounted), 'has', 'have')} no complete pair (every answer cut off) and "
            f"{noun(len(uncounted), 'is', 'are')} counted in the letters scored but in no group")


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
    grouping = _Grouping({}, [], {}, [], set())
    for index, letter_score in enumerate(letter_scores):
        letter_key = _letter_key(letter_score, index)
        if letter_key in grouping.seen_letters:
            grouping.notes.append(f"{letter_score.letter.letter_id}: the same letter was given twice; counted once")
            continue
        grouping.seen_letters.add(letter_key)
        _assign(letter_score, letter_key, by, first_signatory, holders, grouping)
    _note_uncounted(letter_scores, grouping)
    if by in ("minister", "ministry"):
        _note_shared(grouping, by, first_signatory)
    if grouping.joint_pairs:
        grouping.notes.insert(
            0,
            f"{plural(grouping.joint_pairs, 'pair')} {noun(grouping.joint_pairs, 'was')} asked by members of several "
            f"parties together and {noun(grouping.joint_pairs, 'counts', 'count')} in full for each of them, "
            "so the group totals add up to more than the pairs scored",
        )

    period = trend_period([day for day, _, _ in grouping.all_pairs if day is not None])
    groups = [_group_report(key, bucket, by=by, answers=grouping.answers, period=period)
              for key, bucket in grouping.buckets.items()]
    if by == "month":
        groups.sort(key=lambda g: (g.key == NO_DATE, g.key))
    else:  # most evasive first; groups too small to rank after the others, unnamed groups last
        groups.sort(key=lambda g: (g.unnamed, g.few_pairs or g.few_letters, -g.mean_score, g.key))
    few = sum(g.few_pairs for g in groups)
    if few:
        grouping.notes.append(_flagged(few, plural(settings.report_min_pairs, "pair"), "few pairs",
                                       f"; {noun(few, 'its interval is', 'their intervals are')} too wide to rank"))
    thin = sum(g.few_letters for g in groups)
    if thin:
        grouping.notes.append(_flagged(thin, f"{plural(settings.report_min_letters, 'letter')}, however many pairs,",
                                       "few letters", ": the pairs of one letter answer one set of questions on "
                                       "one subject"))
    months = _month_points(grouping.all_pairs)
    return Report(
        by=by,
        first_signatory=first_signatory,
        letters=len(grouping.seen_letters),
        pairs=len(grouping.all_pairs),
        groups=groups,
        months=months,
        trend_period=period,
        trend=([PeriodPoint(period=m.month, **m.model_dump(exclude={"month"})) for m in months] if period == "month"
               else _period_points(grouping.all_pairs, period)),
        notes=grouping.notes,
        confidence=settings.report_confidence,
        resamples=settings.report_bootstrap_resamples,
        seed=settings.random_state,
        min_pairs=settings.report_min_pairs,
        min_letters=settings.report_min_letters,
        model_versions=sorted({ls.model_version for ls in letter_scores}),
    )
"""Below this many columns the report table takes its narrow layout (see to_table)."""
