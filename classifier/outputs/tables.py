"""Scored letters and split letters as terminal tables, laid out for the width they are
printed at: an 80-column terminal or a pipe gets fewer, wrapping columns; a wide
terminal or a file gets them all. Nothing is dropped in either layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from classifier.config import LABELS
from classifier.letters.doctype import doc_type_name
from classifier.outputs.render import heading, signers
from classifier.outputs.wording import party_name
from classifier.types import Letter, LetterScore, PairScore

LABEL_COLOURS: dict[str, str] = {
    "substantive": "green",
    "partial": "yellow",
    "deflecting": "dark_orange",
    "confidential": "red",
}


# -- terminal table -------------------------------------------------------------

FILE_WIDTH = 120

NARROW = 100


class ByWidth:
    """A renderable laid out for the width it is given: `build(width)` makes it when printed.

    A terminal or pipe of 80 columns gets fewer, wrapping columns; a wide terminal or a
    file gets them all. Nothing is dropped in either layout.
    """

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield self.build(options.max_width)


def to_table(letter_score: LetterScore) -> RenderableType:
    """The letter's title, metadata and summary, then one row per pair, laid out for the width printed at."""
    return ByWidth(lambda width: _letter_table(letter_score, width))


def _letter_table(letter_score: LetterScore, width: int) -> RenderableType:
    from rich import box

    narrow = width < NARROW
    meta, summary = letter_score.letter, letter_score.summary
    parties = {pair.party for pair in letter_score.pairs if pair.party}
    one_party = len(parties) == 1 and all(pair.party for pair in letter_score.pairs)
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold", no_wrap=True)
    header.add_column()
    # Text() everywhere: strings from a letter must never be read as rich markup.
    for name, value in (
        ("Letter", meta.letter_id if meta.title else None),  # without a title the id is the heading already
        ("Type", doc_type_name(meta.doc_type)),
        ("Date", meta.date.isoformat() if meta.date else None),
        ("Ministry", meta.ministry),
        ("Signed by", "; ".join(signer.text() for signer in signers(meta)) or None),  # named as the report names them
        ("Asked by", "; ".join(map(party_name, meta.askers)) or (party_name(next(iter(parties))) if one_party else None)),
        ("Source", meta.source),
        ("Model", letter_score.model_version),
    ):
        if value:
            header.add_row(name, Text(value))
    counts = Text()
    for label in LABELS:
        counts.append(f"{label} {summary.per_label.get(label, 0)}", style=LABEL_COLOURS[label])
        counts.append("  ")
    header.add_row("Pairs", Text(f"{summary.pairs}   ").append_text(counts))
    header.add_row(
        "Evasion",
        "none scored: every answer is cut off" if summary.mean_score is None or summary.share_evasive is None else
        f"mean score {summary.mean_score:.2f}   deflecting or confidential {summary.share_evasive:.0%}",
    )

    table = Table(box=box.SIMPLE_HEAD, expand=True, leading=1 if narrow else 0)
    table.add_column("Q", no_wrap=True)
    # a party column only says something new when the question ids do not already begin with it ("PvdD-1.2")
    party_column = bool(parties) and not one_party and not all(
        not pair.party or pair.question_id.startswith(f"{pair.party}-") for pair in letter_score.pairs
    )
    if party_column:
        table.add_column("Party", max_width=12 if narrow else 20)
    table.add_column("Label", min_width=12, max_width=14)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Question" if not narrow else "Question and top cues", ratio=3, min_width=24)
    if not narrow:
        table.add_column("Top cues", ratio=2, min_width=16)
    for pair in letter_score.pairs:
        # a pair cut off shows no label or score, as on its page and in the CSV: no total counts it
        label = (Text(pair.label, style=LABEL_COLOURS[pair.label]) if pair.complete
                 else Text("cut off, not scored", style="dim"))
        if pair.referral_to:
            label.append(f"\n→ {', '.join(pair.referral_to)}", style="dim")
        question = Text(shorten(pair.question, 160))
        cues = Text(", ".join(f"“{text}”" for text in top_cues(pair)), style="dim" if narrow else "")
        row: list[RenderableType] = [Text(pair.question_id)]
        if party_column:
            row.append(Text(pair.party or ""))
        row += [label, f"{pair.score:.2f}" if pair.complete else ""]
        if narrow:
            row.append(question + Text("\n") + cues if cues else question)
        else:
            row += [question, cues]
        table.add_row(*row)
    return Group(Text(heading(meta), style="bold"), header, table)


def pairs_table(letter: Letter) -> RenderableType:
    """`evasion pairs` as a table: the letter's heading and metadata, then one row per pair.

    Columns that are empty for every pair (section, party, referral) are left out.
    """
    return ByWidth(lambda width: _pairs_table(letter, width))


def _pairs_table(letter: Letter, width: int) -> RenderableType:
    from rich import box

    meta = letter.meta
    who = ", ".join(f"{s.name or '(naam niet vermeld)'}" + (f" ({s.office or s.role})" if s.office or s.role else "")
                    for s in meta.signatories) or "unknown"
    line = Text(f"{meta.letter_id}  {doc_type_name(meta.doc_type) or 'unknown type'}  date {meta.date or 'unknown'}  answered by {who}")
    table = Table(box=box.SIMPLE_HEAD, expand=True, leading=1 if width < NARROW else 0)
    table.add_column("id", no_wrap=True)
    optional = [
        ("section", lambda p: p.section or ""),
        ("party", lambda p: p.party or ""),
        ("referral", lambda p: ",".join(p.referral_to)),
    ]
    shown = [(name, get) for name, get in optional if any(get(p) for p in letter.pairs)]
    for name, _ in shown:
        table.add_column(name, max_width=14)
    table.add_column("question", ratio=1, min_width=20)
    table.add_column("answer", ratio=1, min_width=20)
    table.add_column("complete", no_wrap=True)
    for p in letter.pairs:
        table.add_row(Text(p.question_id), *(Text(get(p)) for _, get in shown), Text(shorten(p.question, 120)),
                      Text(shorten(p.answer, 120)), "yes" if p.complete else "NO")
    return Group(Text(heading(meta), style="bold"), line, table)


def top_cues(pair: PairScore, n: int = 3) -> list[str]:
    """The first `n` distinct cue texts in answer order: what a reader checks first."""
    seen: list[str] = []
    for cue in sorted(pair.evidence.cues, key=lambda c: (c.start, c.end)):
        text = shorten(cue.text, 40)
        if text not in seen:
            seen.append(text)
        if len(seen) == n:
            break
    return seen


def shorten(text: str, width: int) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
