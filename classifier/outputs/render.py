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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from classifier.config import LABELS, TEMPLATE_DIR
from classifier.errors import EvasionError
from classifier.letters.doctype import doc_type_name
from classifier.letters.metadata import canonical_ministry
from classifier.letters.officeholders import OfficeHolders, Resolution, settings_office_holders
from classifier.outputs.stats import answer_day
from classifier.outputs.wording import as_title, party_name
from classifier.types import CueSpan, LetterMeta, LetterScore, Signatory

"""Terminal colours per label; the HTML page has its own palette in its CSS."""

CSV_COLUMNS: tuple[str, ...] = (
    "letter_id",
    "date",
    "doc_type",
    "ministry",
    "title",
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
    "source",
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
    """The rows of one letter in `to_csv`, one per pair; a pair cut off ("[...]", or a question whose answer the
    file does not hold) keeps its row with the label, score and probabilities left empty, as no total counts it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    meta = letter_score.letter
    for pair in letter_score.pairs:
        writer.writerow(
            [
                meta.letter_id,
                meta.date.isoformat() if meta.date else "",
                meta.doc_type or "",
                canonical_ministry(meta.ministry, answer_day(meta)) or meta.ministry or "",  # as reports group it
                meta.title or "",
                signatories_text(meta),
                pair.question_id,
                pair.section or "",
                pair.party or "",
                # a pair cut off is not counted: no label a spreadsheet could filter or average by
                pair.label if pair.complete else "",
                f"{pair.score:.4f}" if pair.complete else "",
                *(f"{pair.probabilities.get(label, 0.0):.4f}" if pair.complete else "" for label in LABELS),
                ";".join(pair.referral_to),
                "yes" if pair.complete else "no",
                " | ".join(f"{cue.family}: {cue.text}" for cue in pair.evidence.cues),
                pair.question,
                pair.answer,
                meta.source,  # the file: letter ids (file names without folder) can repeat across folders
            ]
        )
    return buffer.getvalue()


def signatories_text(meta: LetterMeta) -> str:
    """Who signed, as "name (office)": the normalised office when the letter gives one, else the role as printed."""
    parts = []
    for signatory in meta.signatories:
        office = signatory.office or signatory.role
        parts.append(f"{signatory.name} ({office})" if signatory.name and office else signatory.name or office)
    return "; ".join(parts)


def heading(meta: LetterMeta) -> str:
    """What heads a letter's table and page: its title (subject) when the letter gives one, else its id."""
    return as_title(meta.title) or meta.letter_id


# -- who asked, who signed ---------------------------------------------------------------


def signatory_office(signatory: Signatory, meta: LetterMeta) -> str | None:
    """The office a signature stands for; "De minister" alone takes the letter's ministry."""
    office = (signatory.office or signatory.role or "").strip()
    office = re.sub(r"^(?:de|het)\s+", "", office, flags=re.IGNORECASE)
    if not office:
        return None
    if office.lower() in {"minister", "staatssecretaris"} and meta.ministry:
        return f"{office.lower()} van {meta.ministry}"
    return office


def office_holders() -> OfficeHolders:
    """The office-holder table a report reads by default, read once per file version: every letter page uses it."""
    try:
        return settings_office_holders()
    except EvasionError:  # no table (a broken EVASION_OFFICE_HOLDERS): a page still names the signers as printed
        return OfficeHolders()


@dataclass(frozen=True)
class Signer:
    """A signatory named as `evasion report` names them: by the office-holder table, for the letter's date."""

    name: str
    """The person ("Stef Blok"), or "<office> (naam onbekend)" when neither the letter nor the table names them."""
    office: str | None
    printed: str | None = None
    """The name as the letter prints it, when it differs from `name` ("Blok")."""
    via_table: bool = False
    """The letter prints only the office; the name is the table's holder of that office on the letter's date."""

    def text(self) -> str:
        """One line: "Stef Blok (minister van Buitenlandse Zaken), printed “Blok”"."""
        office = f" ({self.office})" if self.office and self.office not in self.name else ""
        note = (f", printed “{self.printed}”" if self.printed else
                ", name from the table of office holders (the letter prints only the office)" if self.via_table else "")
        return f"{self.name}{office}{note}"


def resolve_signatory(holders: OfficeHolders, signatory: Signatory, meta: LetterMeta) -> Resolution:
    """The person, office and ministry of one signature, by the office-holder table on the answer's day: the one
    step the report's groups and a letter's page both take, so that they name the same person."""
    return holders.resolve(name=signatory.name, office=signatory_office(signatory, meta), day=answer_day(meta))


def signers(meta: LetterMeta, holders: OfficeHolders | None = None) -> list[Signer]:
    """Who signed, resolved as the report resolves them (classifier.outputs.report), so that a letter page
    and the report name the same person: "Blok" on the letter is the report's "Stef Blok"."""
    holders = holders if holders is not None else office_holders()
    found: list[Signer] = []
    for signatory in meta.signatories:
        resolution = resolve_signatory(holders, signatory, meta)
        printed = " ".join((signatory.name or "").split()) or None
        found.append(Signer(
            name=resolution.name,
            office=resolution.office or signatory.office or signatory.role or None,
            printed=printed if printed and printed != resolution.name else None,
            via_table=resolution.how == "office_table",
        ))
    return found
"""The width of a table written to a file (--out something.txt)."""
"""Below this many columns (80 is a default terminal and any pipe) tables take their narrow layout."""


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
    env.filters["doc_type"] = doc_type_name
    return env


def paragraphs(pieces: Sequence[Segment]) -> list[list[Segment]]:
    """The pieces regrouped per paragraph: a letter's text holds one paragraph per line ("\n"), and the page
    sets each as a <p> so that paragraphs stay apart; a span across a line break is cut in two."""
    grouped: list[list[Segment]] = [[]]
    for piece in pieces:
        for i, part in enumerate(piece.text.split("\n")):
            if i:
                grouped.append([])
            if part:
                grouped[-1].append(Segment(part, piece.kind, piece.family))
    return grouped


def to_html(letter_score: LetterScore, holders: OfficeHolders | None = None) -> str:
    """One self-contained page (inline CSS, no external assets) for one letter.

    A pair cut off (`complete` false) shows its text but no label, score or probabilities, as no total counts it.
    Signatories are named as the report names them, by `holders` (default: the office-holder table)."""
    pairs = [
        {
            "pair": pair,
            "who": " · ".join(dict.fromkeys(part for part in (pair.section, pair.party) if part)),
            "question": paragraphs([Segment(pair.question)]),
            "answer": paragraphs(segments(pair.answer, pair.evidence.cues, pair.evidence.concrete)),
            "probabilities": [(label, pair.probabilities.get(label, 0.0)) for label in LABELS],
        }
        for pair in letter_score.pairs
    ]
    return environment().get_template("letter.html.j2").render(
        score=letter_score,
        meta=letter_score.letter,
        summary=letter_score.summary,
        cut_off=sum(not pair.complete for pair in letter_score.pairs),
        signers=signers(letter_score.letter, holders),
        askers=[party_name(asker) for asker in letter_score.letter.askers],
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


def page_paths(folder: Path, files: Iterable[str | Path]) -> list[Path]:
    """The pages a folder of pages may get for these letter files (a file's id is its stem), so that a
    command can refuse, before any work, a page that would replace one of its inputs."""
    return [folder / f"{_page_base(Path(f).stem)}.html" for f in files]


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


