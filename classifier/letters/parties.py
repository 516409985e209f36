"""Which party asked, and a table's name and party cells: the party list
(data/parties.json) matched in a heading, a question, a printed "het lid X (P)"
or a "Surname, initials" cell."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from classifier.config import DATA_DIR
from classifier.letters.layout import PARTY_SECTION, ends_sentence

NAME_CELL = re.compile(r"\b[A-ZÀ-Ý][\w'’-]+(?:\s+[a-z]{1,3})*,\s*(?:[A-Z]\.)+")  # "Dijkstra, R.J.", "Graaf, M. de"
PRINTED_PARTY = re.compile(r"\b(?:[Hh]eer|[Mm]evrouw|[Hh]et lid)\s+[A-Z][^()]{0,60}?\(([^()]{1,30})\)")
# A heading over the questions one member asks: "Van Dijk (SP):", "Vragen van de heer Van Dijk (PvdA):", and, in the
# web renderings of a schriftelijk overleg, numbered as the speakers are ("1. Mevrouw Kant (SP):"). The colon and the
# party in brackets make it a heading: a question or an answer that names a member goes on after the brackets.
_HEADING_NUMBER = r"(?:(?:\d{1,2}|[IVX]{1,4})[.)]?\s+)?"
SPEAKER_HEADING = re.compile(
    rf"^{_HEADING_NUMBER}(?:(?i:vra(?:ag|gen)|inbreng|opmerkingen)(?:\s+en\s+opmerkingen)?\s+van\s+)?"
    r"(?:(?i:de\s+heer|mevrouw|het\s+lid)\s+)?[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:[A-ZÀ-Ý][\w'’.-]*|van|der|de|den|ter|ten|te|in|'t)){0,5}"
    r"\s*\((?P<party>[^()]{1,30})\)\s*:\s*$"
)
# A fraction's heading that the splitter's layout rules miss: "Vragen en opmerkingen van de CDA-fractie" (without
# "de leden"), "1. Vragen en opmerkingen vanuit de VVD-fractie", "1. De vragen van de leden van de fractie van het
# CDA" (numbered as a section, not as a question)
FRACTION_HEADING = re.compile(
    rf"^{_HEADING_NUMBER}(?i:(?:de\s+)?(?:vragen|opmerkingen|inbreng))(?:\s+en\s+opmerkingen)?\s+(?:van|vanuit|uit)\s+de\s+"
    r"(?:leden\s+van\s+de\s+)?(?:(?P<before>[\w&-]{2,30})-fractie|fractie\s+van\s+(?:de\s+|het\s+)?(?P<after>[\w&-]{2,30}))"
    r"\s*:?\s*$"
)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, list[str]]:
    """Canonical short name → the spellings data/parties.json lists for it."""
    data = json.loads((DATA_DIR / "parties.json").read_text(encoding="utf-8"))
    return {short: aliases for short, aliases in data.items() if not short.startswith("_")}


@lru_cache(maxsize=1)
def _parties() -> dict[str, str]:
    """Spelling → canonical short name, longest spelling first so "GroenLinks-PvdA" wins over "GroenLinks"."""
    pairs = [(alias, short) for short, aliases in _spellings().items() for alias in aliases]
    return dict(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def full_party_names() -> dict[str, str]:
    """Short name → full name, where data/parties.json lists a longer spelling than the short one ("GrBvK" →
    "Groep Bontes/Van Klaveren"); a party known by its short form only ("VVD") has none."""
    names: dict[str, str] = {}
    for short, spellings in _spellings().items():
        longer = [s for s in spellings if len(s) > len(short) and s.casefold() != short.casefold()]
        if longer:
            names[short] = max(longer, key=len)
    return names


@lru_cache(maxsize=1)
def _fraction_patterns() -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
    """One compiled pattern per spelling, in `_parties` order (short spellings match case-sensitively),
    with the spelling a text must hold for the pattern to match and whether it is looked for in lower case."""
    found = []
    for alias, short in _parties().items():
        name = re.escape(alias)
        pattern = rf"(?:fractie van (?:de |het )?{name}\b|\b{name}[- ]?fractie|fractieleden van (?:de |het )?{name}\b)"
        folded = len(alias) > 4
        found.append((re.compile(pattern, re.I if folded else 0), short, alias.lower() if folded else alias, folded))
    return tuple(found)


def find_party(text: str) -> str | None:
    """The party a question says it comes from ("de leden van de VVD-fractie"), if it says so.

    A spelling's pattern is only tried on a text that holds the spelling: searching a long
    schriftelijk overleg question once per spelling was a tenth of reading a letter."""
    lower = text.lower()
    if "fractie" not in lower:  # every way of saying it names the fractie
        return None
    for pattern, short, needle, folded in _fraction_patterns():
        if needle in (lower if folded else text) and pattern.search(text):
            return short
    return None


def printed_party(text: str) -> str | None:
    """The party printed after a member's name in a reported question: "De heer Depla (PvdA) verzoekt …"."""
    for match in PRINTED_PARTY.finditer(text):
        short = find_party_name(match.group(1))
        if short:
            return short
    return None


@lru_cache(maxsize=1)
def _by_spelling() -> dict[str, str]:
    found: dict[str, str] = {}
    for alias, short in _parties().items():
        found.setdefault(alias.lower(), short)  # the first, as the loop over `_parties` found it
    return found


def heading_party(line: str) -> str | None:
    """The party of a heading over the questions of one member or fraction ("Van Dijk (SP):", "1. Vragen en
    opmerkingen vanuit de VVD-fractie"), or None for any other line: the questions under it are that party's,
    and the heading is none of their text."""
    line = line.strip()
    if len(line) > 120:
        return None
    speaker = SPEAKER_HEADING.match(line)
    if speaker:
        return find_party_name(speaker.group("party"))
    fraction = FRACTION_HEADING.match(line)
    return (find_party_name(fraction.group("before") or fraction.group("after")) or find_party(line)) if fraction else None


def party_of_heading(line: str) -> str | None:
    """The party of a section heading the splitter's scan starts a section at ("Vragen en opmerkingen van de leden
    van de Partij voor de Dieren-fractie", "Van Dijk (SP):"), or None: a committee's heading ("… van de leden van de
    commissie") and a heading that asks ("… van de VVD-fractie?") name no party."""
    party = PARTY_SECTION.match(line.strip())
    if party and not line.rstrip().endswith("?") and len(line) < 140:
        who = (party.group("who") or party.group("fraction")).strip()
        return find_party(line) or find_party_name(re.sub(r"[- ]?fractie$", "", who))
    return heading_party(line)


def heading_parties(lines: list[str]) -> list[str]:
    """The parties whose members' questions a letter heads by party, in the order printed: a letter that answers
    several parties' questions under their headings has no one asker, and its questions are each their heading's."""
    found: list[str] = []
    for line in join_wrapped_headings(lines):
        party = party_of_heading(line) if len(line) < 140 else None
        if party and party not in found:
            found.append(party)
    return found


# a fraction's heading that a line end cut before its party: "Vragen van de leden van de Eerste Kamerfractie van"
_CUT_HEADING = re.compile(
    r"^(?:Vragen|Opmerkingen|Antwoord(?:en)?|Inbreng|Reactie)\b.{0,60}\bleden\s+van\s+(?:de\b.{0,60}\s)?(?:van|de|het|der|den)$",
    re.I,
)
_PARTY_ALONE = re.compile(r"^(?:(?:de|het)\s+)?(?P<name>.{1,40}?)(?:[- ]?fractie)?\s*:?$", re.I)


def join_wrapped_headings(lines: list[str]) -> list[str]:
    """The lines with a fraction's heading read whole where a line end cut it before its party ("… van de leden van
    de Eerste Kamerfractie van" / "Partij voor de Dieren"): the party's line goes onto the heading's, and a blank
    line takes its place, so a scan opens the party's section. A heading cut before more than a party ("Partij voor
    de Dieren en JA21 aan de minister …", the title of a letter to two fractions) stays cut, and is no section."""
    out = list(lines)
    for i, line in enumerate(out[:-1]):
        text = line.strip()
        if len(text) >= 140 or not _CUT_HEADING.match(text):
            continue
        following = out[i + 1].strip()
        alone = _PARTY_ALONE.match(following)
        if alone and find_party_name(alone.group("name")):
            out[i], out[i + 1] = f"{text} {following}", ""
    return out


def find_party_name(text: str) -> str | None:
    """Canonical short name of a bare party spelling ("ChristenUnie" → "CU"), or None."""
    return _by_spelling().get(text.strip().lower())


def header_cell(text: str) -> bool:
    """A name or party cell of a table row printed above a "Vraag" marker ("Dijkstra, R.J.", "VVD").

    It holds a party or a "Surname, initials" name and nothing a sentence or a figure would:
    no word of four lower-case letters, no digit, no "?". A short last line of an answer
    ("Nee", "2024: € 4,0 mln") is none.
    """
    if len(text) > 60 or "\n" in text or re.search(r"\?|\b[a-zà-ÿ]{4,}\b", text):
        return False
    if ends_sentence(text) and not re.search(r"\b[A-Z]\.$", text):
        return False
    if any(find_party_name(token) for token in re.split(r"[\s,]+", text) if token):
        return True  # "D66", "Rouwe, S. de CDA"
    return bool(NAME_CELL.search(text)) and not re.search(r"\d", text)


def pop_cells(lines: list[str]) -> list[str]:
    """Take the name and party cells off the end of an answer's lines (at least one line stays)."""
    cells: list[str] = []
    while len(lines) > 1 and header_cell(lines[-1]):
        cells.append(lines.pop())
    return cells


def cells_party(cells: list[str]) -> str | None:
    """The party among table cells: a cell that is a party ("VVD"), or starts or ends with one ("Rouwe, S. de CDA")."""
    for cell in cells:
        for candidate in (cell, cell.split(None, 1)[0], cell.rsplit(None, 1)[-1]):
            short = find_party_name(candidate)
            if short:
                return short
    return None
