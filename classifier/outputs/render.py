"""Turn scored letters into what a person or another program reads.

Every writer returns a string (or, for the terminal, a rich renderable) and writes
nothing: the CLI decides where output goes and writes files atomically. The HTML
pages are built from Jinja templates in classifier/templates with autoescaping on,
so text from a letter can never become markup; highlighted cue spans are cut from
the answer by character offsets here, in Python, and each piece is escaped by the
template.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import jinja2
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.table import Table
from rich.text import Text

from classifier.config import LABELS, TEMPLATE_DIR
from classifier.types import CueSpan, Letter, LetterMeta, LetterScore, PairScore

if TYPE_CHECKING:
    from classifier.outputs.report import Report

LABEL_COLOURS: dict[str, str] = {
    "substantive": "green",
    "partial": "yellow",
    "deflecting": "dark_orange",
    "confidential": "red",
}
"""Terminal colours per label; the HTML page has its own palette in its CSS."""

CSV_COLUMNS: tuple[str, ...] = (
    "letter_id",
    "date",
    "signatories",
    "question_id",
    "section",
    "party",
    "label",
    "score",
    *(f"p_{label}" for label in LABELS),
    "referral_to",
    "complete",
    "cues",
    "question",
    "answer",
)


# -- JSON ---------------------------------------------------------------------


def letter_record(letter_score: LetterScore) -> dict:
    """The JSON shape of one scored letter (also what the report reads back)."""
    return {
        "letter": letter_score.letter.model_dump(mode="json"),
        "model_version": letter_score.model_version,
        "summary": letter_score.summary.model_dump(mode="json"),
        "pairs": [
            {
                "question_id": pair.question_id,
                "section": pair.section,
                "party": pair.party,
                "question": pair.question,
                "answer": pair.answer,
                "label": pair.label,
                "score": pair.score,
                "probabilities": {label: pair.probabilities.get(label, 0.0) for label in LABELS},
                "evidence": pair.evidence.model_dump(mode="json"),
                "referral_to": pair.referral_to,
                "resolved_from": pair.resolved_from,
                "complete": pair.complete,
            }
            for pair in letter_score.pairs
        ],
    }


def to_json(scores: LetterScore | Sequence[LetterScore]) -> str:
    """One letter → one object; a sequence (several files were asked for) → a list."""
    if isinstance(scores, LetterScore):
        data: dict | list = letter_record(scores)
    else:
        data = [letter_record(score) for score in scores]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_array_item(letter_score: LetterScore) -> str:
    """One letter as an element of `to_json`'s list, as it stands between "[\n" and "\n]".

    Streaming writers join these with ",\n" inside "[\n" … "\n]\n" and get the same bytes
    as `to_json` of the whole list.
    """
    return json.dumps([letter_record(letter_score)], ensure_ascii=False, indent=2)[2:-2]


# -- CSV ----------------------------------------------------------------------


def to_csv(scores: Iterable[LetterScore]) -> str:
    """One row per pair, letters in the order given, pairs in letter order."""
    return csv_header() + "".join(csv_rows(letter_score) for letter_score in scores)


def csv_header() -> str:
    """The first line of `to_csv`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_COLUMNS)
    return buffer.getvalue()


def csv_rows(letter_score: LetterScore) -> str:
    """The rows of one letter in `to_csv`, one per pair."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    meta = letter_score.letter
    for pair in letter_score.pairs:
        writer.writerow(
            [
                meta.letter_id,
                meta.date.isoformat() if meta.date else "",
                signatories_text(meta),
                pair.question_id,
                pair.section or "",
                pair.party or "",
                pair.label,
                f"{pair.score:.4f}",
                *(f"{pair.probabilities.get(label, 0.0):.4f}" for label in LABELS),
                ";".join(pair.referral_to),
                "yes" if pair.complete else "no",
                " | ".join(f"{cue.family}: {cue.text}" for cue in pair.evidence.cues),
                pair.question,
                pair.answer,
            ]
        )
    return buffer.getvalue()


def signatories_text(meta: LetterMeta) -> str:
    """Who signed, as "name (office)": the normalised office when the letter gives one, else the role as printed."""
    parts = []
    for signatory in meta.signatories:
        office = signatory.office or signatory.role
        parts.append(f"{signatory.name} ({office})" if signatory.name else office)
    return "; ".join(parts)


def heading(meta: LetterMeta) -> str:
    """What heads a letter's table and page: its title (subject) when the letter gives one, else its id."""
    title = (meta.title or "").strip()
    if not title:
        return meta.letter_id
    return title[:1].upper() + title[1:]


# -- terminal table -------------------------------------------------------------

FILE_WIDTH = 120
"""The width of a table written to a file (--out something.txt)."""

NARROW = 100
"""Below this many columns (80 is a default terminal and any pipe) tables take their narrow layout."""


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
        ("Type", meta.doc_type),
        ("Date", meta.date.isoformat() if meta.date else None),
        ("Ministry", meta.ministry),
        ("Signed by", signatories_text(meta) or None),
        ("Asked by", ", ".join(meta.askers) or (next(iter(parties)) if one_party else None)),
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
        label = Text(pair.label, style=LABEL_COLOURS[pair.label])
        if pair.referral_to:
            label.append(f"\n→ {', '.join(pair.referral_to)}", style="dim")
        if not pair.complete:
            label.append("\ncut off, not counted", style="dim")
        question = Text(shorten(pair.question, 160))
        cues = Text(", ".join(f"“{text}”" for text in top_cues(pair)), style="dim" if narrow else "")
        row: list[RenderableType] = [Text(pair.question_id)]
        if party_column:
            row.append(Text(pair.party or ""))
        row += [label, f"{pair.score:.2f}"]
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
    who = ", ".join(f"{s.name or '(naam niet vermeld)'} ({s.office or s.role})" for s in meta.signatories) or "unknown"
    line = Text(f"{meta.letter_id}  {meta.doc_type or 'unknown type'}  date {meta.date or 'unknown'}  answered by {who}")
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


# -- HTML -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of an answer: plain text (kind "") or a highlighted span."""

    text: str
    kind: str = ""
    """"cue" for a cue from the lexicon, "concrete" for a number, date or reference."""
    family: str = ""


def segments(text: str, cues: Sequence[CueSpan], concrete: Sequence[CueSpan] = ()) -> list[Segment]:
    """Cut `text` into plain and highlighted pieces by the spans' character offsets.

    Cues win over concrete spans, and earlier spans over later overlapping ones,
    because a piece of text can only sit inside one <mark>. A span whose offsets
    do not hold its own text (a referral answer carrying the evidence of the
    answer it points to) is not highlighted rather than highlighting the wrong words.
    """
    chosen: list[tuple[int, int, str, str]] = []
    for kind, spans in (("cue", cues), ("concrete", concrete)):
        for span in sorted(spans, key=lambda s: (s.start, -s.end)):
            if not (0 <= span.start < span.end <= len(text)) or text[span.start : span.end] != span.text:
                continue
            if any(span.start < end and start < span.end for start, end, _, _ in chosen):
                continue
            chosen.append((span.start, span.end, kind, span.family))
    pieces: list[Segment] = []
    cursor = 0
    for start, end, kind, family in sorted(chosen):
        if start > cursor:
            pieces.append(Segment(text[cursor:start]))
        pieces.append(Segment(text[start:end], kind, family))
        cursor = end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:]))
    return pieces


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment: autoescape on for every template, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["LABELS"] = LABELS
    env.filters["pct"] = lambda value: f"{value:.0%}"
    return env


def to_html(letter_score: LetterScore) -> str:
    """One self-contained page (inline CSS, no external assets) for one letter."""
    pairs = [
        {
            "pair": pair,
            "segments": segments(pair.answer, pair.evidence.cues, pair.evidence.concrete),
            "probabilities": [(label, pair.probabilities.get(label, 0.0)) for label in LABELS],
        }
        for pair in letter_score.pairs
    ]
    return environment().get_template("letter.html.j2").render(
        score=letter_score,
        meta=letter_score.letter,
        summary=letter_score.summary,
        signatories=signatories_text(letter_score.letter),
        heading=heading(letter_score.letter),
        pairs=pairs,
    )


class PageNamer:
    """`page_names` one letter at a time, for pages written as the letters are scored.

    `letter_ids` are the ids of all letters that may come (a file's id is its stem), so a
    name shared by two of them gets the content hash from the first page on.
    """

    def __init__(self, letter_ids: Iterable[str]) -> None:
        self._counts: dict[str, int] = {}
        for letter_id in letter_ids:
            base = _page_base(letter_id)
            self._counts[base] = self._counts.get(base, 0) + 1
        self._seen: dict[str, int] = {}
        self._done = 0

    def __call__(self, score: LetterScore) -> str:
        base = _page_base(score.letter.letter_id)
        if self._counts.get(base, 0) > 1:
            base = f"{base}-{score.letter.content_hash[:8] or self._done}"
        name = f"{base}.html"
        self._done += 1
        if name in self._seen:
            self._seen[name] += 1
            return name.removesuffix(".html") + f"-{self._seen[name]}.html"
        self._seen[name] = 1
        return name


def _page_base(letter_id: str) -> str:
    return re.sub(r"[^\w.-]+", "_", letter_id).strip("._") or "letter"


def page_names(scores: Sequence[LetterScore]) -> list[str]:
    """A distinct, filesystem-safe HTML file name per letter, in the order given.

    Letters are named after their id; two letters with the same id (same file
    name in different folders) get the start of their content hash appended.
    """
    bases = [re.sub(r"[^\w.-]+", "_", score.letter.letter_id).strip("._") or "letter" for score in scores]
    names = []
    for base, score in zip(bases, scores, strict=True):
        if bases.count(base) > 1:
            base = f"{base}-{score.letter.content_hash[:8] or len(names)}"
        names.append(f"{base}.html")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):  # identical letters given twice: number them
        if name in seen:
            seen[name] += 1
            names[i] = name.removesuffix(".html") + f"-{seen[name]}.html"
        else:
            seen[name] = 1
    return names


# -- report page ------------------------------------------------------------------


def render_report(report: Report, charts: dict[str, str]) -> str:
    """The `evasion report` page (templates/report.html.j2): one self-contained HTML file.

    `charts` are SVG documents made by classifier.outputs.report.charts from matplotlib, our
    own output and not text from a letter, so they are the only values marked safe;
    every name and quote in them was escaped by matplotlib's SVG writer.
    """
    from markupsafe import Markup

    from classifier.outputs.report import LABEL_HEX, group_caveats

    return environment().get_template("report.html.j2").render(
        report=report,
        charts={name: Markup(svg) for name, svg in charts.items()},
        caveats=[group_caveats(group) for group in report.groups],
        label_hex=LABEL_HEX,
    )
