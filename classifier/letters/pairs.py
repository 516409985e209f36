"""Split an answer letter into its question–answer pairs.

One splitter for every layout: written Kamervragen ("Vraag 1" / "Antwoord 1"),
openkamer pages ("• Vraag 1" with the answer directly below), lists of questions
and answers ("12 Welke …?" then the answer), committee reports that repeat the
committee's letter before the government's answer letter, all questions first and
all answers after one "Antwoord" heading, notas naar aanleiding van het verslag and
memories van antwoord with unnumbered question paragraphs or questions reported in
the third person ("De leden van de SP-fractie vragen …"), bijvoegsels with a
"Vraag van het lid X (P): …" or "Vraag:" / "Antwoord:" per question, and web pages
with one question or answer per line. It reads the letter's structure (numbering,
markers, section headings, paragraphs) rather than any one document's wording, so
letters from other ministries in these layouts split too.

How a question is told from its answer, in order of trust:
1. an "Antwoord" marker: everything between a "Vraag" marker and it is question,
   and its numbers ("Antwoord 2, 3 en 4") name the pair;
2. when the committee's own letter with the questions precedes the answer letter,
   whether a line repeats that letter (this also finds a question answered in
   several pieces);
3. otherwise the question ends at its first line that ends in "?" (or "Graag een
   reactie.") and is not continued, or at its first paragraph break.

Web-page menus and footers, a second letter in the same file (skipped with a
warning) and an excerpt's cut ("[...]": only the pair it cuts is incomplete) are
dealt with around the scan.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from classifier.config import DATA_DIR
from classifier.errors import NoPairs
from classifier.letters.metadata import extract_metadata
from classifier.letters.read import read_document, unwrap
from classifier.types import Document, Letter, LetterMeta, Pair

# --- line patterns -----------------------------------------------------------

_NUMS = r"\d{1,4}[a-z]?(?:\s*(?:,|en|t/m|tot en met|&|-)\s*\d{1,4}[a-z]?)*"  # a lijst may reach 1000 and up
VRAAG = re.compile(rf"^(?:[•\-*·]\s*)?Vra(?:ag|gen)\s+(?P<nums>{_NUMS})\s*[:.]?\s*(?P<rest>.*)$", re.I)
ANTWOORD = re.compile(
    rf"^(?:[•\-*·]\s*)?Antwoord(?:en)?(?:\s+(?:(?:op\s+)?(?:de\s+)?vra(?:ag|gen)\s+)?(?P<nums>{_NUMS}))?\s*[:.]?\s*(?P<rest>.*)$",
    re.I,
)
NUMBERED = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,4})(?:(?:\s*[.)]\s*|\s+-\s+|\s+)(?P<rest>\S.*)|\.?\s*)$")
NUMBERED_TIGHT = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,4})\.(?P<rest>[A-Z“\"'‘].*)$")  # "41.Hoeveel …"
NUMBERS_ALONE = re.compile(rf"^(?P<nums>\d{{1,4}}\s*(?:,|en|t/m|tot en met|&)\s*{_NUMS})\s*$")
LIST_ITEM = re.compile(r"^(?:[-–•*·]\s+|[a-z0-9][.)]\s+)\S")
SUBITEM = re.compile(r"^(?P<sub>[a-z])[.)]\s+(?P<rest>\S.*)$")
BUDGET_SECTION = re.compile(r"^Antwoorden?\s+op\b.*\((?P<code>[A-Z]{1,4})\)")
PARTY_SECTION = re.compile(
    r"^(?:Vragen|Opmerkingen|Antwoord(?:en)?|Inbreng|Reactie)\b.{0,60}\bleden\s+van\s+de\s+(?P<who>.{2,60}?)\s*$",
    re.I,
)
GOVERNMENT_LETTER = re.compile(
    r"^\s*(?:BRIEF VAN DE (?:MINISTER|STAATSSECRETARIS)|ANTWOORDBRIEF|Antwoorden op de (?:schriftelijke )?vragen)",
)
COMMITTEE_LETTER = re.compile(r"BRIEF VAN DE (?:VOORZITTER|GRIFFIER)|Vragen en opmerkingen van de leden", re.I)
MEMO_START = re.compile(r"^TER (?:BESLISSING|INFORMATIE|ACCORDERING|KENNISNAME|ONDERTEKENING)\s*$")
MEMO_HEAD = re.compile(r"^(?:Aan|Van|Afgestemd met|In afschrift aan|Cc)\b")
SIGNATURE = re.compile(r"^(?:De|DE)\s+(?:minister|staatssecretaris|MINISTER|STAATSSECRETARIS|Minister|Staatssecretaris)\b.{0,80}$")
REFERRAL = re.compile(
    rf"^\s*\(?(?:Zie|zie|Voor .{{0,40}}verwijs ik (?:u )?naar|Ik verwijs (?:u )?naar)\s+(?:ook\s+)?(?:het\s+|de\s+)?"
    rf"(?:beantwoording|antwoord(?:en)?)\s+(?:op|van|bij)?\s*(?:de\s+)?vra(?:ag|gen)\s+(?P<nums>{_NUMS})",
)
# Web-page furniture around a letter copied from a site: menus, a footer that repeats the
# document's number and title, a PHP warning. Never question or answer text.
PAGE_FURNITURE = re.compile(
    r"^(?:Naar boven|Relevant|Download kamerstuk|Offici[eë]le [Ll]ink|Wijzig cookie[- ]instellingen|"
    r"Kamer(?:vraag|antwoord) document nummer:.*|Volledige titel:.*|contact:\s.*@.*|Warning: .* on line \d+|"
    r"Er zijn geen relevante kamerstukken gevonden)\s*$"
)
TABLE_ROW = re.compile(r"^(?:[^|]*\s)?\|\s*$")  # "Title |" or a lone "|"; not a markdown row "| a | b |"
LETTER_HEADER = re.compile(r"^\s*(?:\S+\s+)?Vragen van (?:het lid|de leden)\b.*\((?:ingezonden|ingediend)\b", re.I)
SUBMITTED_THEN_TEXT = re.compile(r"^(?P<header>.*\((?:ingezonden|ingediend) [^()]{4,40}\)\.?)\s*(?P<rest>\S.{10,})$")
TRUNCATION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]\s*$")
MEMBERS = re.compile(r"\b(?:de|deze|die|ook de)\s+leden\b|\bfractieleden\b|\bvragen de leden\b|-fractie\b", re.I)
QUESTION_START = re.compile(
    r"^(?:Zo (?:ja|nee)|Kunt u|Kan de|Kan u|Bent u|Deelt u|Is |Zijn |Wat |Welke |Hoe |Waarom |Wanneer |Wie |Waar |"
    r"Heeft |Hebben |Acht |Wil |Klopt |Op welke |In hoeverre |Indien )"
)
# A unit that opens by asking the minister something ("Kunt u", "Deelt u", "Klopt het")
# is a question even when an excerpt cuts it off before its "?".
ADDRESSES_MINISTER = re.compile(
    r"^(?:(?:Kunt|Kan|Bent|Deelt|Heeft|Hebt|Wilt|Zou|Acht|Erkent|Herkent|Herinnert|Kent|Vindt|Weet|Gaat|Zult|Onderschrijft)\s+u\b"
    r"|(?:Wat|Hoe)\s+(?:vindt|beoordeelt|verklaart|reageert|kijkt|staat)\s+u\b|Klopt het\b|Is het (?:waar|juist)\b)"
)
# Unnumbered layouts. A question reported in the third person: "De leden van de SP-fractie vragen …",
# "Voorts vraagt de heer X …", "De heer Depla (PvdA) heeft mij … met het verzoek …".
_ASKER = (
    r"(?:[Dd]e|[Dd]eze|[Hh]et)\s+(?:leden|lid)(?:\s+(?:van|voor|de|het|der|en|vaste|commissie|fracties?|"
    r"[A-ZÀ-Ý][\w’'-]*|[\w-]+-fractie)\b,?)*"
    r"|(?:[Dd]e\s+heer|[Mm]evrouw)(?:\s+[A-Z][\w’'-]*)+|[Dd]e\s+(?:[\w-]+-)?fractie(?:\s+van\s+(?:de\s+)?[A-Z][\w-]*)?"
)
_ASK_VERB = r"(?:vragen|vraagt|verzoeken|verzoekt|willen|wil|informeren|informeert|wensen|wenst)\b"
_OPENER = r"(?:Voorts|Ook|Tevens|Daarnaast|Verder|Vervolgens|Ten slotte|Tot slot|Tenslotte|Eveneens|Bovendien|Allereerst)"
REPORTED_ASK = re.compile(
    rf"^(?:(?:{_OPENER}\s+)?(?:ook\s+)?(?:{_ASKER})(?:\s*\([^()]{{1,30}}\))?\s+"
    rf"(?:(?:ook|tevens|voorts|daarnaast|nog|verder)\s+)?{_ASK_VERB}"
    rf"|{_OPENER}\s+{_ASK_VERB}\s+(?:{_ASKER})"
    rf"|(?:{_OPENER}\s+)?(?:heeft|hebben)\s+(?:{_ASKER})[^.?!]{{0,250}}\bverzoek\b)"
)
REPORTED_HINT = re.compile(r"leden|lid|heer|mevrouw|fractie", re.I)
ASKERS_GO_ON = re.compile(
    r"^(?:Zij|Ze|Hij|Deze leden|Die leden|De leden|(?:Daarbij|Hierbij|In dat verband|In dit verband) vragen)\b"
)
FLAT_NUMBER = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"”’»)]))\s+(?P<num>\d{1,3})\.\s+(?=[A-Z])")
SENTENCE_BREAK = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"”’»)]))\s+(?=[A-ZÀ-Ý“\"‘«])")
ABBREVIATIONS = frozenset(
    "jl nr nrs blz art o.a t.o.v i.v.m m.b.t mr dr drs prof ir ing mw dhr e.d c.s a.s bijv d.w.z resp ca vs incl "
    "excl etc e.a p pag mln mld mrd stb stcrt zgn".split()
)
QUESTION_HEADER = re.compile(
    r"^(?:[•\-*·]\s*)?(?:Vra(?:ag|gen)\s*(?::\s*(?P<said>\S.*)?)?$"
    r"|Vraag van (?P<who>(?:het lid|de leden|mevrouw|de heer)\s[^:(]*)"
    r"(?:\((?P<party>[^()]{1,30})\))?[^:]*?(?:(?P<colon>:)\s*(?P<rest>\S.*))?$)",
    re.S,
)
# "Antwoord: Ja.": a marker with its answer on the same line
ANSWER_INLINE = re.compile(rf"^(?:[•\-*·]\s*)?Antwoord(?:\s+(?P<nums>{_NUMS}))?\s*:\s*(?P<rest>\S.*)$", re.S)
# a table row on one line: cells, then the marker ("Rouwe, S. de  CDA  Vraag 2:"), or question and answer
CELLS_THEN_VRAAG = re.compile(r"^(?P<cells>\S.{0,60}?)\s*(?P<marker>Vraag(?:\s+\d{1,4}[a-z]?)?\s*:)\s*$")
VRAAG_THEN_ANTWOORD = re.compile(
    r"^(?P<q>(?:[•\-*·]\s*)?Vraag(?:\s+\d{1,4}[a-z]?)?\s*:\s*\S.*?)\s+(?P<a>Antwoord(?:\s+\d{1,4}[a-z]?)?\s*:\s*\S.*)$"
)
MARKER_INSIDE = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"”’»)]))\s+(?=(?:Vraag|Antwoord)(?:\s+\d{1,4}[a-z]?)?\s*:\s)")
ANNOUNCEMENT = re.compile(r"\((?:ingezonden|ingediend)\b")
REQUEST_END = re.compile(r"(?:^|[.?!]\s+)Graag\s[^.?!]{0,80}\.$")  # "… boer? Graag een reactie."
NAME_CELL = re.compile(r"\b[A-ZÀ-Ý][\w'’-]+(?:\s+[a-z]{1,3})*,\s*(?:[A-Z]\.)+")  # "Dijkstra, R.J.", "Graaf, M. de"
FOLLOW_UP = re.compile(
    r"^(?:Zo (?:ja|nee|neen|niet)|Indien (?:ja|nee|neen|niet|dat niet|dit niet)|Waarom (?:niet|wel)|Wat betreft)\b"
)
PRINTED_PARTY = re.compile(r"\b(?:[Hh]eer|[Mm]evrouw|[Hh]et lid)\s+[A-Z][^()]{0,60}?\(([^()]{1,30})\)")
DUTCH_WORDS = frozenset("de het een en van in is dat op te zijn niet voor met er als ook aan bij wordt worden door".split())


@lru_cache(maxsize=1)
def _parties() -> dict[str, str]:
    """Spelling → canonical short name, longest spelling first so "GroenLinks-PvdA" wins over "GroenLinks"."""
    data = json.loads((DATA_DIR / "parties.json").read_text(encoding="utf-8"))
    pairs = [(alias, short) for short, aliases in data.items() if not short.startswith("_") for alias in aliases]
    return dict(sorted(pairs, key=lambda p: -len(p[0])))


def find_party(text: str) -> str | None:
    """The party a question says it comes from ("de leden van de VVD-fractie"), if it says so."""
    for alias, short in _parties().items():
        pattern = rf"(?:fractie van (?:de )?{re.escape(alias)}\b|\b{re.escape(alias)}[- ]?fractie|fractieleden van (?:de )?{re.escape(alias)}\b)"
        if re.search(pattern, text, re.I if len(alias) > 4 else 0):
            return short
    return None


def _printed_party(text: str) -> str | None:
    """The party printed after a member's name in a reported question: "De heer Depla (PvdA) verzoekt …"."""
    for match in PRINTED_PARTY.finditer(text):
        short = find_party_name(match.group(1))
        if short:
            return short
    return None


def find_party_name(text: str) -> str | None:
    """Canonical short name of a bare party spelling ("ChristenUnie" → "CU"), or None."""
    for alias, short in _parties().items():
        if text.strip().lower() == alias.lower():
            return short
    return None


def parse_numbers(text: str) -> list[str]:
    """"6 en 7" → ["6", "7"]; "2 t/m 4" → ["2", "3", "4"]."""
    text = re.sub(r"tot en met", "t/m", text)
    out: list[str] = []
    for part in re.split(r"\s*(?:,|\ben\b|&)\s*", text):
        rng = re.match(r"^(\d+)\s*(?:t/m|-)\s*(\d+)$", part.strip())
        if rng and int(rng.group(2)) - int(rng.group(1)) < 50:
            out.extend(str(n) for n in range(int(rng.group(1)), int(rng.group(2)) + 1))
        elif part.strip():
            out.append(part.strip())
    return out


def _norm(text: str) -> str:
    """Letters only, lower case, single spaces: robust to re-wrapping, quotes and footnote markers."""
    return " ".join(re.sub(r"[^a-zà-ÿ]+", " ", text.lower()).split())


def _antwoord(line: str) -> re.Match[str] | None:
    """An "Antwoord" marker line; in lower case ("antwoord op vraag 2 en 3.") it goes on a wrapped sentence."""
    return None if line.lstrip("•-*· ")[:1].islower() else ANTWOORD.match(line)


def _ends_question(line: str) -> bool:
    """Ends in "?", allowing closing quotes, markup, footnote markers ("?1 2") or a reference such as "(TZ202307-053)"."""
    return bool(re.search(r"\?[\s*_”\"'’»)\]]*(?:\d{1,2}(?:\s*,?\s*\d{1,2})*\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*(?:\([^()]{1,40}\)[.\s]*)?$", line))


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.?!:;][\s*_”\"'’»)\]]*(?:\d{1,2}(?:\s*,?\s*\d{1,2})*\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*$", line))


# --- the item model ------------------------------------------------------------


@dataclass
class Segment:
    kind: str  # "Q" or "A"
    lines: list[str] = field(default_factory=list)
    sub: str | None = None


@dataclass
class Item:
    """One numbered question (or combined numbers) with what follows it up to the next."""

    nums: list[str]
    section: str | None
    segments: list[Segment] = field(default_factory=list)
    explicit_answer: bool = False
    # (number, index of its first segment) for every "Vraag N" marker gathered into this item
    marks: list[tuple[str, int]] = field(default_factory=list)
    party: str | None = None  # printed with the question ("Vraag van het lid Anker (CU)")
    answered_at: int | None = None  # first answer segment, while answers may still turn out to be a series
    asked: bool = False  # a header says this is a question, whatever its words
    marked: bool = False  # opened by an unnumbered "Vraag:" marker

    def add(self, kind: str, line: str, sub: str | None = None) -> None:
        if not self.segments or self.segments[-1].kind != kind or (sub and kind == "Q" and self.segments[-1].kind == "A"):
            self.segments.append(Segment(kind, [], sub))
        elif sub and kind == "Q":
            # a new sub-question while still in question text: answered together unless an answer follows each
            self.segments.append(Segment(kind, [], sub))
        self.segments[-1].lines.append(line)

    @property
    def has_answer(self) -> bool:
        return any(s.kind == "A" and any(line.strip() for line in s.lines) for s in self.segments)


# --- region: where the government's answers are ---------------------------------


def answer_region(lines: list[str]) -> tuple[int, int, str]:
    """(start, end, reference): the government's part of the document, and the committee's questions before it.

    A committee report prints the committee's letter first; only the answer letter
    that follows has pairs, and the committee letter is the reference that tells
    repeated question text from answer text. An internal memo after the answers
    (civil servants' "TER BESLISSING" note) has no pairs.
    """
    start, reference = 0, ""
    committee = next((i for i, line in enumerate(lines) if COMMITTEE_LETTER.search(line)), None)
    if committee is not None:
        gov = [i for i, line in enumerate(lines) if i > committee and GOVERNMENT_LETTER.match(line)]
        if gov:
            start = gov[0]
            reference = _norm(" ".join(lines[committee:start]))
    end = len(lines)
    for i in range(start, len(lines)):
        if MEMO_START.match(lines[i].strip()):
            end = i
            while end > start and (not lines[end - 1].strip() or MEMO_HEAD.match(lines[end - 1].strip())):
                end -= 1
            break
    return start, _trim_signature(lines, start, _trim_furniture(lines, start, end)), reference


def _trim_furniture(lines: list[str], start: int, end: int) -> int:
    """Cut a web page's footer: the furniture lines after the last answer (a cut in them cuts no answer)."""
    cut = end
    for i in range(end - 1, start - 1, -1):
        text = lines[i].strip()
        if text and not PAGE_FURNITURE.match(text):
            break
        if text:
            cut = i
    return cut


def _trim_signature(lines: list[str], start: int, end: int) -> int:
    """Cut the closing signature block (roles and names under the last answer)."""
    cut = end
    i = end
    while i > start:
        text = lines[i - 1].strip()
        if text and (len(text) > 110 or _ends_sentence(text)):
            break
        i -= 1
        if SIGNATURE.match(text):
            cut = i
    return cut


# --- scanning ---------------------------------------------------------------------


def _double_spaced(lines: list[str]) -> bool:
    """Does the extraction put a blank line after every wrapped line (so a single blank means nothing)?

    A text with one paragraph per line also has a blank after every line. What tells them apart
    is a sentence going on across the blank: in a double-spaced extraction most lines that end
    no sentence continue, after the blank, in lower case. Headings and markers ("Vraag 1", a
    party name) end no sentence either but are followed by a capital, and page breaks inside a
    few paragraphs of a single-spaced letter continue too few sentences to look double-spaced.
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return False
    followed_by_blank = sum(1 for i in nonblank if i + 1 < len(lines) and not lines[i + 1].strip())
    broken = [(i, j) for i, j in zip(nonblank, nonblank[1:], strict=False) if j > i + 1 and not _ends_sentence(lines[i])]
    lower = sum(1 for _, j in broken if lines[j].strip()[:1].islower())
    return followed_by_blank / len(nonblank) > 0.7 and lower >= max(3, 0.5 * len(broken), 0.25 * len(nonblank))


class _Scanner:
    def __init__(self, lines: list[str], reference: str) -> None:
        self.lines = lines
        # compared without spaces: the committee letter may hyphenate a word at a line end
        # ("basis-" / "paraatheidsvaardigheden") that the answer letter prints whole
        self.reference = reference.replace(" ", "")
        self.double_spaced = _double_spaced(lines)
        self.items: list[Item] = []
        self.section: str | None = None
        self.section_party: dict[str | None, str | None] = {}
        self.last_num = 0
        self.skipping = False
        self.ref_pos = 0
        self.gap = False  # a blank line since the last content line
        self.tail: Segment | None = None  # the segment the text ends in
        self.skipped = ""  # the last line skipped before the first question (its table cells, perhaps)
        # "Vraag 1" markers number the questions; other numbered lines are then lists or footnotes
        self.marked = any(VRAAG.match(line.strip()) for line in lines)

    # -- classification helpers
    def _in_reference(self, line: str, near: bool = False) -> bool:
        """Does this line repeat the committee's question text (near the last repeated line, for a new piece)?"""
        text = _norm(line)
        if not self.reference or len(text.split()) < 3:
            return False
        text = text.replace(" ", "")
        pos = self.reference.find(text, max(0, self.ref_pos - 200) if near else 0)
        if pos < 0 or (near and pos - self.ref_pos > 2500):
            return False
        self.ref_pos = pos + len(text)
        return True

    def _section_heading(self, line: str) -> bool:
        budget = BUDGET_SECTION.match(line)
        if budget:
            self._new_section(budget.group("code"), None)
            return True
        party = PARTY_SECTION.match(line)
        if party and not line.rstrip().endswith("?") and len(line) < 140:
            short = find_party(line) or party.group("who").strip().removesuffix("-fractie").removesuffix(" fractie")
            self._new_section(short, short)
            return True
        return False

    def _new_section(self, name: str, party: str | None) -> None:
        self.section = name
        self.section_party[name] = party
        self.last_num = 0
        self.skipping = True  # an intro paragraph after a heading belongs to no question

    def _accept_number(self, num: int, rest: str | None) -> bool:
        current = self.items[-1] if self.items else None
        if num == self.last_num + 1:
            return True
        if num >= 1000:
            return False  # a year opening a line ("2024 …") is a question number only in sequence
        if current and current.has_answer and str(num) not in current.nums and num == int(re.match(r"\d+", current.nums[0]).group()) + 1:
            return True  # after "1" and "11" answered together, "2" comes next
        if num == 1 and (current is None or current.section != self.section):
            return True
        # two questions followed by one answer: "1" … "11" … answer (combined)
        return bool(current and not current.has_answer and num > self.last_num and (rest is None or _ends_question(rest)))

    def _start(self, nums: list[str], first: str | None, sub: str | None = None, marker: bool = False) -> None:
        current = self.items[-1] if self.items else None
        if current is not None and not current.has_answer and current.section == self.section and current.segments:
            current.nums.extend(n for n in nums if n not in current.nums)  # asked separately, answered together
            current.segments.append(Segment("Q", [], sub))  # the lines after "Vraag 3" are question 3, not an answer to 2
        else:
            current = Item(nums=list(nums), section=self.section)
            self.items.append(current)
        current.marks.extend((n, max(0, len(current.segments) - 1)) for n in nums)
        if first:
            self._in_reference(first)
            current.add("Q", first, sub)
        elif not current.segments:
            current.segments.append(Segment("Q", [], sub))
        nums_int = [int(re.match(r"\d+", n).group()) for n in nums if re.match(r"\d+", n)]
        if nums_int:
            self.last_num = max(nums_int)
        self.skipping = False

    def _cells_before_marker(self, line: str) -> bool:
        """"1.  CDA  Rouwe, de  Vraag:": a numbered table row whose cells came out as the question's text.
        The cells give the party; the question follows the "Vraag:" marker."""
        seg = self.items[-1].segments[-1] if self.items and self.items[-1].segments else None
        if not re.fullmatch(r"Vraag\s*:?", line) or seg is None or seg.kind != "Q":
            return False
        cells = [cell for cell in seg.lines if cell]
        if not cells or not all(_header_cell(cell) for cell in cells):
            return False
        self.items[-1].party = self.items[-1].party or _cells_party(cells)
        seg.lines.clear()
        return True

    def _cells_above(self) -> list[str]:
        """Name and party cells printed above a "Vraag" marker ("Rouwe, S. de  CDA"): taken off the answer before."""
        if not self.items:
            return [self.skipped] if self.skipped and _header_cell(self.skipped) else []
        seg = self.items[-1].segments[-1] if self.items[-1].segments else None
        return _pop_cells(seg.lines) if seg is not None and seg.kind == "A" else []

    def _answer_marker(self, answered: list[str]) -> Item:
        """The item an "Antwoord" marker answers, after letting the marker settle what was asked.

        Between a "Vraag" marker and the first "Antwoord" marker everything is question text, also
        a second paragraph that reads like an answer ("Vraag 3, 4" with a paragraph per question).
        The marker's numbers name the pair: "Antwoord 2, 3 en 4" under "Vraag 2" answers three
        questions printed as one, and "Antwoord 4 en 5" after "Vraag 3" and "Vraag 4" leaves
        question 3 unanswered. Numbers that share nothing with the questions are a misprint and
        are ignored.
        """
        item = self.items[-1]
        if item.marks and not item.explicit_answer and not any(seg.sub for seg in item.segments):
            earlier = {n for other in self.items[:-1] if other.section == item.section for n in other.nums}
            answered = [n for n in answered if n not in earlier]
            first = next((k for k, (num, _) in enumerate(item.marks) if num in answered), None)
            if first is not None:
                cut = item.marks[first][1]
                if first > 0 and cut > 0:  # the questions before it get no answer
                    unanswered = Item([n for n, _ in item.marks[:first]], item.section, item.segments[:cut])
                    self.items.insert(len(self.items) - 1, unanswered)
                    item.segments = item.segments[cut:]
                item.nums = answered
                item.marks = [(n, i - cut) for n, i in item.marks[first:]]
            starts = [i for _, i in item.marks]
            if not answered and len(starts) > 1 and starts == sorted(set(starts)):
                item.answered_at = len(item.segments)  # perhaps all questions first, then all answers
            else:
                item.segments = [Segment("Q", [line for seg in item.segments for line in seg.lines])]
        item.explicit_answer = True
        return item

    def _series(self, item: Item) -> list[Item]:
        """Questions printed first and their answers after one "Antwoord" heading, numbered again.

        "1" … "6" (questions), "Antwoord", "1" "Ja." "2" …: each answer goes to its question.
        Without such a second numbering the questions were answered together.
        """
        if item.answered_at is None:
            return [item]
        questions, answers = item.segments[: item.answered_at], item.segments[item.answered_at :]
        lines = [line for seg in answers for line in seg.lines]
        nums = [n for n, _ in item.marks]
        starts: list[tuple[int, str | None]] = []
        for i, line in enumerate(lines):
            numbered = NUMBERED.match(line.strip())
            if len(starts) < len(nums) and numbered and numbered.group("num") == nums[len(starts)]:
                starts.append((i, numbered.group("rest")))
        if len(starts) < 2:
            item.segments = [Segment("Q", [line for seg in questions for line in seg.lines]), *answers]
            return [item]
        pieces: list[Item] = []
        ends = [i for i, _ in starts[1:]] + [len(lines)]
        ends_here = any(self.tail is seg for seg in answers)
        for k, (num, first) in enumerate(item.marks):
            last = item.marks[k + 1][1] if k + 1 < len(item.marks) else item.answered_at
            piece = Item([num], item.section, questions[first:last])
            if k < len(starts):
                i, rest = starts[k]
                piece.segments.append(Segment("A", ([rest] if rest else []) + lines[i + 1 : ends[k]]))
                piece.explicit_answer = True
                if ends_here:
                    self.tail = piece.segments[-1]  # the last answer holds the end of the text
            pieces.append(piece)
        return pieces

    # -- main loop
    def scan(self) -> list[Item]:
        lines = self.lines
        for raw in lines:
            line = raw.strip()
            if not line:
                if self.items and not self.double_spaced:
                    self._blank()
                    self.gap = True
                continue
            if self._section_heading(line):
                continue
            if not self.marked and self._cells_before_marker(line):
                continue
            vraag = VRAAG.match(line)
            if vraag or (self.marked and self.items and re.fullmatch(r"Vraag\s*:?", line)):  # "Vraag" cut off its number
                cells = self._cells_above()
                nums = parse_numbers(vraag.group("nums")) if vraag else [str(self.last_num + 1)]
                self._start(nums, (vraag.group("rest") or None) if vraag else None, marker=True)
                self.items[-1].party = self.items[-1].party or _cells_party(cells)
                continue
            antwoord = _antwoord(line)
            if antwoord and (antwoord.group("nums") or not antwoord.group("rest") or antwoord.group("rest")[:1].isupper()):
                if self.items:
                    item = self._answer_marker(parse_numbers(antwoord.group("nums") or ""))
                    item.segments.append(Segment("A", []))
                    if antwoord.group("rest"):
                        item.add("A", antwoord.group("rest"))
                continue
            numbered = None if self.marked else NUMBERED.match(line) or NUMBERED_TIGHT.match(line)
            if numbered and (numbered.group("rest") or "")[:1].islower():
                numbered = None  # "3 april 2024 …": a wrapped sentence, questions open with a capital
            if numbered and self._accept_number(int(numbered.group("num")), numbered.groupdict().get("rest")):
                self._start([numbered.group("num")], numbered.group("rest"))
                continue
            joint = None if self.marked else NUMBERS_ALONE.match(line)  # "1 en 2": one heading, one answer
            if joint and self._accept_number(int(parse_numbers(joint.group("nums"))[0]), None):
                self._start(parse_numbers(joint.group("nums")), None)
                continue
            if not self.items or self.skipping:
                self.skipped = line
                continue
            self._content(line)
            self.gap = False
        self.tail = self.items[-1].segments[-1] if self.items and self.items[-1].segments else None
        self.items = [piece for item in self.items for piece in self._series(item)]
        return self.items

    def _blank(self) -> None:
        item = self.items[-1]
        if item.segments and item.segments[-1].kind == "Q" and item.segments[-1].lines and not item.explicit_answer:
            item.segments[-1].lines.append("")  # a paragraph break inside question text; decides below

    def _content(self, line: str) -> None:
        item = self.items[-1]
        seg = item.segments[-1] if item.segments else None
        sub = SUBITEM.match(line)
        if item.explicit_answer:
            item.add("A", line)
            return
        if self.reference:
            goes_on = seg is not None and seg.kind == "A" and seg.lines and not _ends_sentence(seg.lines[-1])
            if goes_on and not self.gap and not sub:
                item.add("A", line)  # the answer's sentence goes on, even where its words echo the question
                return
            is_q = self._in_reference(line, near=seg is not None and seg.kind == "A")
            if sub and (is_q or _ends_question(line)):
                item.add("Q", line, sub.group("sub"))
            elif is_q or (seg is not None and seg.kind == "Q" and len(_norm(line).split()) < 3 and not _ends_question(seg.lines[-1] if seg.lines else "")):
                item.add("Q", line)
            else:
                item.add("A", line)
            return
        # no reference: question text runs until it ends
        if seg is None or seg.kind == "A":
            if sub and seg is not None and _ends_question(line):
                item.add("Q", line, sub.group("sub"))
            else:
                item.add("A", line)
            return
        if sub and seg.lines and seg.lines[-1] != "":
            item.add("Q", line, sub.group("sub"))
            return
        if self._question_ended(seg.lines, line, asked_for=len(item.nums)):
            item.add("A", line)
        else:
            if seg.lines and seg.lines[-1] == "":
                seg.lines.pop()
            seg.lines.append(line)

    def _question_ended(self, qlines: list[str], line: str, asked_for: int = 1) -> bool:
        """Has the question already ended before this line?

        Under a heading that numbers several questions ("1 en 2") a new paragraph that opens
        as a question is the next of them, as long as fewer questions than that have been asked.
        """
        content = [q for q in qlines if q != ""]
        if not content:
            return False
        last = content[-1]
        if len(content) > 1 and re.fullmatch(r"\([^()]{1,40}\)\.?", last):
            last = f"{content[-2]} {last}"  # "…rapporteren?" + "(TZ202307-053)": the question still ended
        paragraph_break = bool(qlines) and qlines[-1] == ""
        continuation = (
            line[:1].islower()
            or bool(QUESTION_START.match(line))
            or ("?" in line and not paragraph_break)
            or bool(re.fullmatch(r"\([^()]{1,40}\)\.?", line))  # a reference code wrapped onto its own line
        )
        if _ends_question(last) or REQUEST_END.search(last):
            asked = sum(1 for q in content if _ends_question(q))
            if paragraph_break and asked < asked_for and _opens_question(line):
                return False
            return not continuation or paragraph_break
        if re.search(r"[:;,]$", last) and LIST_ITEM.match(line):
            return False  # "… een overzicht geven van:" / "- het aandeel …": the question goes on in a list
        if paragraph_break:
            return not line[:1].islower()
        return False


# --- unnumbered layout (nota naar aanleiding van het verslag) ----------------------


@dataclass
class _Unit:
    """A paragraph-like piece of text; units of one printed paragraph share `block`."""

    text: str
    block: int


def _paragraphs(lines: list[str], double_spaced: bool) -> list[_Unit]:
    """Paragraph-like units: a unit ends at a blank line (unless the extraction is
    double-spaced) and wherever a line ends a sentence.

    Over-splitting is harmless: units are merged back into the question or answer
    they belong to. Markers and section headings are units of their own. `block`
    numbers the printed paragraphs: a blank line starts one, or in a double-spaced
    extraction (a blank after every line) two blank lines in a row.
    """
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    column = widths[int(len(widths) * 0.9)] if widths else 80
    units: list[_Unit] = []
    current: list[str] = []
    block = blanks = 0

    def close() -> None:
        if current:
            units.append(_Unit("\n".join(current), block))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if blanks and (not double_spaced or blanks >= 2):
            close()
            block += 1
        blanks = 0
        marker = _antwoord(stripped)
        if (marker and not marker.group("rest")) or PARTY_SECTION.match(stripped) or _question_header(stripped):
            close()
            units.append(_Unit(stripped, block + 1))
            block += 2
            continue
        if ANSWER_INLINE.match(stripped):  # "Antwoord: Ja.": a marker that opens its own paragraph
            close()
            block += 1
        current.append(stripped)
        if _ends_sentence(stripped) or len(stripped) < 0.4 * column and not stripped.endswith((",", "-")):
            close()
    close()
    return [piece for unit in units for piece in _split_reported(unit)]


_ASKS_AT_SENTENCE = re.compile(r"(?:^|[.?!:]\s+)" + QUESTION_START.pattern.lstrip("^"))


def _asks(para: str) -> bool:
    """A unit that puts a question: it ends in "?", or asks and speaks of the members or opens a question sentence."""
    return _ends_question(para) or ("?" in para and bool(MEMBERS.search(para) or _ASKS_AT_SENTENCE.search(para)))


def _sentences(text: str) -> list[str]:
    """Sentences of a unit; an abbreviation ("jl.", "nr.") or an initial ("R.J.") ends none."""
    out: list[str] = []
    begin = 0
    for m in SENTENCE_BREAK.finditer(text):
        word = re.search(r"(\S+)[.?!][\"”’»)]*$", text[begin:m.start()])
        if word and (word.group(1).lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", word.group(1))):
            continue
        if re.fullmatch(r"\s*\d{1,4}\.", text[begin:m.start()]):
            continue  # "12. Welke …": a question's number, not a sentence
        out.append(text[begin:m.start()])
        begin = m.end()
    out.append(text[begin:])
    return [s for s in out if s.strip()]


def _split_reported(unit: _Unit) -> list[_Unit]:
    """Split a unit around the questions reported in it in the third person.

    A nota or memorie van antwoord often prints "De leden van de SP-fractie vragen …" and the
    government's answer in one paragraph, without a question mark or an "Antwoord" line. A
    question is the sentence that reports the ask plus the sentences that go on about the askers
    ("Zij verwijzen daarbij naar …"); the text before, between and after them are units of their own.
    """
    sentences = _sentences(unit.text) if REPORTED_HINT.search(unit.text) else []
    if not any(_reports_ask(sentence) for sentence in sentences):
        return [unit]
    pieces: list[list[str]] = [[]]
    asking = False
    for sentence in sentences:
        if _reports_ask(sentence):
            if not asking:
                pieces.append([])
            asking = True
        elif asking and not (ASKERS_GO_ON.match(sentence) or _ends_question(sentence)):
            pieces.append([])
            asking = False
        pieces[-1].append(sentence)
    return [_Unit(" ".join(piece), unit.block) for piece in pieces if piece]


def _reports_ask(sentence: str) -> bool:
    """"De leden van de SP-fractie vragen …", "De heer Depla (PvdA) verzoekt mij …": a reported question."""
    return bool(REPORTED_ASK.match(sentence.strip()))


def _question_header(line: str) -> re.Match[str] | None:
    """A line that opens an unnumbered question: "Vraag:", or "Vraag van het lid Anker (CU): …"."""
    if ANNOUNCEMENT.search(line):
        return None  # "Vraag van het lid X aan de minister (ingezonden …)": the letter's header
    return QUESTION_HEADER.match(line)


def _header_cell(text: str) -> bool:
    """A name or party cell of a table row printed above a "Vraag" marker ("Dijkstra, R.J.", "VVD").

    It holds a party or a "Surname, initials" name and nothing a sentence or a figure would:
    no word of four lower-case letters, no digit, no "?". A short last line of an answer
    ("Nee", "2024: € 4,0 mln") is none.
    """
    if len(text) > 60 or "\n" in text or re.search(r"\?|\b[a-zà-ÿ]{4,}\b", text):
        return False
    if _ends_sentence(text) and not re.search(r"\b[A-Z]\.$", text):
        return False
    if any(find_party_name(token) for token in re.split(r"[\s,]+", text) if token):
        return True  # "D66", "Rouwe, S. de CDA"
    return bool(NAME_CELL.search(text)) and not re.search(r"\d", text)


def _pop_cells(lines: list[str]) -> list[str]:
    """Take the name and party cells off the end of an answer's lines (at least one line stays)."""
    cells: list[str] = []
    while len(lines) > 1 and _header_cell(lines[-1]):
        cells.append(lines.pop())
    return cells


def _cells_party(cells: list[str]) -> str | None:
    """The party among table cells: a cell that is a party ("VVD"), or starts or ends with one ("Rouwe, S. de CDA")."""
    for cell in cells:
        for candidate in (cell, cell.split(None, 1)[0], cell.rsplit(None, 1)[-1]):
            short = find_party_name(candidate)
            if short:
                return short
    return None


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """A web page's text: no blank lines, and (nearly) every line ends a sentence.

    Each question is then a line of its own, so two asking lines in a row are two questions.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 3 or len(filled) != filled[-1] - filled[0] + 1:
        return False
    return sum(1 for i in filled if _ends_sentence(lines[i])) >= 0.75 * len(filled)


class _Unnumbered:
    """Questions and answers without numbers: a nota, a bijvoegsel, a web page.

    Question units are those before an "Antwoord" line, those that speak of the members and ask,
    those that report an ask ("De leden … vragen …"), and those under a "Vraag:" header.
    """

    def __init__(self, scanner: _Scanner, one_per_line: bool, cut_off: bool) -> None:
        self.scanner = scanner
        self.one_per_line = one_per_line
        self.cut_off = cut_off  # the text is an excerpt cut off in its last unit
        self.items: list[Item] = []
        self.mode = "pre"
        self.started = False
        self.blocks: list[int] = []  # the paragraph of each unit of the current answer
        self.cells: list[str] = []  # name and party cells seen before the first question
        self.answers_marked = False  # the letter prints "Antwoord" before its answers

    def scan(self, units: list[_Unit]) -> list[Item]:
        self.answers_marked = any(_antwoord(unit.text) for unit in units)
        for k, unit in enumerate(units):
            para = unit.text
            if "\n" not in para and self.scanner._section_heading(para):
                self.mode, self.started = "pre", True
                continue
            marker = _antwoord(para)
            inline = ANSWER_INLINE.match(para)
            if (marker and "\n" not in para and not marker.group("rest")) or inline:
                if self.items and self.mode == "question":
                    self.items[-1].explicit_answer = True
                    self.items[-1].segments.append(Segment("A", [inline.group("rest")] if inline else []))
                    self.blocks = [unit.block] if inline else []
                self.mode = "answer" if self.items else self.mode  # an excerpt that starts with an answer
                continue
            header = _question_header(para) if "\n" not in para else None
            if header:
                self._header(header)
            elif self.mode == "pre":
                if self.started or _asks(para) or ADDRESSES_MINISTER.match(para) or _reports_ask(para):
                    self._new(unit)
                else:
                    self.cells = [*self.cells, para] if _header_cell(para) else []
            elif self.mode == "question":
                self._in_question(unit)
            else:
                self._in_answer(unit, last=k == len(units) - 1)
        return self.items

    def _new(self, unit: _Unit | None, party: str | None = None, asked: bool = False) -> None:
        item = Item(nums=[str(len(self.items) + 1)], section=self.scanner.section, segments=[Segment("Q", [])])
        item.party, item.asked = party, asked
        if unit is not None:
            item.segments[0].lines.append(unit.text)
        self.items.append(item)
        self.mode = "question"
        self.blocks = []

    def _header(self, header: re.Match[str]) -> None:
        """"Vraag:" or "Vraag van het lid Anker (CU): …" starts a question; the name and party
        cells printed above it are no part of the answer before it."""
        party = find_party_name(header.group("party") or "") if header.group("party") else None
        cells = self.cells if not self.items else []
        if self.items and self.mode == "answer":
            cells = _pop_cells(self.items[-1].segments[-1].lines)
        party = party or _cells_party(cells)
        if header.group("who"):  # "Vraag van het lid Anker (CU): text", or the whole line when it has no colon
            text = header.group("rest") if header.group("colon") else header.group(0)
        else:
            text = header.group("said")
        self._new(_Unit(text, 0) if text else None, party, asked=bool(header.group("who")))
        self.items[-1].marked = not header.group("who")  # "Vraag:": the question runs to its "Antwoord:"

    def _in_question(self, unit: _Unit) -> None:
        question = self.items[-1].segments[-1]
        para = unit.text
        if not question.lines:
            question.lines.append(para)
            return
        asked = self.items[-1].asked or any("?" in q for q in question.lines) or _reports_ask(question.lines[0]) or (
            bool(ADDRESSES_MINISTER.match(question.lines[0])) and _ends_sentence(question.lines[-1])
        )
        if self.items[-1].marked and self.answers_marked:
            question.lines.append(para)  # between "Vraag:" and "Antwoord:" all is question
        elif asked and self.one_per_line and _ends_question(question.lines[-1]) and (
            _opens_question(para) or (_ends_question(para) and not FOLLOW_UP.match(para))
        ):
            self._new(unit)  # a web page prints each question on a line of its own
        elif _asks(para) or MEMBERS.search(para) or _reports_ask(para) or not asked:
            question.lines.append(para)  # still the question: its context, or a further ask
        else:
            self.items[-1].add("A", para)
            self.mode = "answer"
            self.blocks = [unit.block]

    def _in_answer(self, unit: _Unit, last: bool) -> None:
        para = unit.text
        answer = self.items[-1].segments[-1]
        if _asks(para) or MEMBERS.match(para) or ADDRESSES_MINISTER.match(para) or _reports_ask(para):
            preamble = self._preamble(unit.block)
            self._new(unit)
            self.items[-1].segments[0].lines[:0] = preamble
        elif last and self.cut_off and _opens_question(para) and answer.lines and _ends_sentence(answer.lines[-1]):
            self._new(unit)  # the excerpt cuts off a question before its "?"
        else:
            self.items[-1].add("A", para)
            self.blocks.append(unit.block)

    def _preamble(self, block: int) -> list[str]:
        """Units at the end of the answer that share the new question's paragraph: its preamble
        ("Er ontstaat de indruk dat …" before "… zo stellen de leden. Is de regering …?").
        Only taken when the answer has paragraphs of its own before them."""
        answer = self.items[-1].segments[-1]
        if answer.kind != "A" or len(self.blocks) != len(answer.lines):
            return []
        k = len(self.blocks)
        while k > 0 and self.blocks[k - 1] == block:
            k -= 1
        if k == 0 or k == len(self.blocks):
            return []
        taken = answer.lines[k:]
        del answer.lines[k:]
        return taken


def _opens_question(para: str) -> bool:
    """Does a unit open as a new question (not a follow-up such as "Zo ja, …" or "Wat betreft …")?"""
    return bool(ADDRESSES_MINISTER.match(para) or QUESTION_START.match(para)) and not FOLLOW_UP.match(para)


def _scan_unnumbered(lines: list[str], scanner: _Scanner, cut_off: bool = False) -> list[Item]:
    """Items of a letter whose questions carry no numbers (see `_Unnumbered`)."""
    units = _paragraphs(lines, scanner.double_spaced)
    items = _Unnumbered(scanner, _one_paragraph_per_line(lines), cut_off).scan(units)
    scanner.tail = items[-1].segments[-1] if items and items[-1].segments else None
    return items


def _plausible(items: list[Item]) -> bool:
    """Numbered items are questions when markers say so or most of them ask something."""
    answered = [item for item in items if item.has_answer]
    if not answered:
        return False
    if any(item.explicit_answer for item in items):
        return True
    asking = sum(1 for item in answered if any("?" in line for seg in item.segments if seg.kind == "Q" for line in seg.lines))
    return asking >= 0.5 * len(answered)


# --- from items to pairs ------------------------------------------------------------


def _text(lines: Iterable[str]) -> str:
    return unwrap("\n".join(lines)).strip()


@dataclass
class _Group:
    """One pair in the making: sub-question labels, question lines, answer lines, the segments they came from."""

    subs: list[str] = field(default_factory=list)
    question: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)  # id() of each Segment, to find the one a cut ends in


def _groups(item: Item) -> list[_Group]:
    """An item's pairs: a new one at each question segment that follows an answer (sub-questions answered in turn)."""
    groups: list[_Group] = []
    for seg in item.segments:
        if seg.kind == "Q":
            if not groups or groups[-1].answer:
                groups.append(_Group())
            lines = seg.lines
            if seg.sub:
                groups[-1].subs.append(seg.sub)
                # the label "a." is in the pair's id ("1a"), like the number of a numbered question
                lines = [SUBITEM.sub(r"\g<rest>", lines[0], count=1), *lines[1:]] if lines else lines
            groups[-1].question.extend(lines)
        else:
            if not groups:
                groups.append(_Group())
            lines = seg.lines
            if not groups[-1].answer and lines and len(item.nums) == 1:
                # an answer that repeats its question's number ("1. Zoals bekend …" under question 1)
                lines = [re.sub(rf"^{re.escape(item.nums[0])}[.)]\s+(?=\S)", "", lines[0]), *lines[1:]]
            groups[-1].answer.extend(lines)
        groups[-1].segments.append(id(seg))
    return [g for g in groups if any(line.strip() for line in g.question + g.answer)]


def _items_to_pairs(items: list[Item], letter_id: str, cut: Segment | None, askers_party: str | None) -> list[Pair]:
    """Pairs with ids; the pair holding `cut`, the segment a truncated excerpt ends in, is incomplete.

    Ids are unique within a letter: sections prefix numbers that recur per section ("X-3"), and a
    number printed twice without one (a letter pasted twice) gets "~2", with a warning.
    """
    raw: list[tuple[Item, str, _Group]] = []
    for item in items:
        groups = _groups(item)
        base = "+".join(item.nums)
        for n, group in enumerate(groups, start=1):
            if len(groups) == 1:
                qid = base
            elif group.subs and len(item.nums) == 1:
                qid = "+".join(f"{base}{s}" if i == 0 else s for i, s in enumerate(group.subs))
            else:
                qid = f"{base}.{n}"
            raw.append((item, qid, group))
    sections = [item.section for item, *_ in raw]
    plain_ids = [qid for _, qid, _ in raw]
    prefix = len(set(zip(sections, plain_ids))) != len(set(plain_ids)) or len(set(plain_ids)) != len(plain_ids)
    pairs: list[Pair] = []
    seen: set[str] = set()
    renamed: list[str] = []
    for position, (item, qid, group) in enumerate(raw, start=1):
        question, answer = _text(group.question), _text(group.answer)
        full_id = f"{item.section}-{qid}" if prefix and item.section else qid
        if full_id in seen:  # ids are keys: a number printed twice without a section to tell them apart
            unique = next(f"{full_id}~{k}" for k in range(2, len(raw) + 2) if f"{full_id}~{k}" not in seen)
            renamed.append(f"{full_id} → {unique}")
            full_id = unique
        seen.add(full_id)
        pairs.append(
            Pair(
                letter_id=letter_id,
                question_id=full_id,
                section=item.section,
                party=find_party(question) or _printed_party(question) or item.party or askers_party,
                question=question,
                answer=answer,
                referral_to=referral_targets(answer, item.section if prefix else None),
                complete=(cut is None or id(cut) not in group.segments) and bool(answer),
                position=position,
            )
        )
    if renamed:
        warnings.warn(f"{letter_id}: question numbers printed more than once: {', '.join(renamed)}", stacklevel=4)
    return pairs


# --- public API ------------------------------------------------------------------------


def split_document(document: Document) -> Letter:
    """Pairs and metadata of a read document; raises NoPairs when there are none."""
    text = document.text
    truncated = bool(TRUNCATION.search(text.strip()))
    lines, head_end, next_letter = _page_lines(TRUNCATION.sub("", text.rstrip()), document.source)
    letter_lines = lines[:next_letter]
    meta: LetterMeta = extract_metadata(letter_lines, document)
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    if words and sum(w in DUTCH_WORDS for w in words) / len(words) < 0.08:
        raise NoPairs(
            "the text does not look like Dutch: expected a Dutch answer letter to parliamentary questions",
            path=document.source,
        )
    start, end, reference = answer_region(letter_lines)
    start = max(start, head_end)
    region = lines[start:end]
    scanner = _Scanner(region, reference)
    items = scanner.scan()
    fallback = _Scanner(region, reference)
    unnumbered = _scan_unnumbered(region, fallback, cut_off=truncated and end == len(lines))
    # "Vraag N" markers number the questions: their lines are never the answers of an unnumbered layout
    if not scanner.marked and not _plausible(items):
        if any(item.has_answer for item in unnumbered):
            scanner, items = fallback, unnumbered
    askers = sorted({p for p in meta.askers if p})
    askers_party = ", ".join(askers) if askers else None
    # a truncated excerpt cuts the text that its last line belongs to; a marker ("Vraag 2") ends nothing
    tail = scanner.tail
    cut = tail if truncated and end == len(lines) and tail is not None and tail.lines else None
    pairs = _items_to_pairs(items, document.letter_id, cut, askers_party)
    for pair in pairs:
        if pair.party is None and pair.section is not None:
            pair.party = scanner.section_party.get(pair.section)
    if not any(p.answer for p in pairs):
        found = f"{len(pairs)} question(s) without answers" if pairs else "no numbered questions, 'Vraag'/'Antwoord' markers or question paragraphs"
        raise NoPairs(f"no question–answer pairs found: expected questions followed by answers, found {found}", path=document.source)
    return Letter(meta=meta, pairs=pairs)


def _page_lines(text: str, source: str) -> tuple[list[str], int, int | None]:
    """The lines to split, where the letter's own web-page header ends, and where a next letter begins.

    Web-page debris goes ("Title |", a lone "|", "![]() |", menus); a footer after the last
    answer stays, because it ends the answers (a cut in it cuts none). A header line that also
    holds the first question ("… (ingezonden 23 november 2017).1 Weet u …?") is split in two.
    A second letter in the same file (a second page header or "Vragen van … (ingezonden …)"
    line after a question and its answer) is skipped with a warning: its numbering would
    repeat this letter's ids.
    """
    raw = [part for line in text.split("\n") for part in _split_row(line)]
    runs = _table_runs(raw)
    # the page header opens the text; a long title may wrap onto a line or two before its "|"
    head_end = runs[0][1] if runs and sum(1 for line in raw[: runs[0][0]] if line.strip()) <= 2 else 0
    headers = [i for i, line in enumerate(raw) if LETTER_HEADER.match(line)]
    later = [b for a, b in zip([r[0] for r in runs], [r[0] for r in runs[1:]], strict=False) if _answered_between(raw, a, b)]
    later += [b for a, b in zip(headers, headers[1:], strict=False) if _answered_between(raw, a, b)]
    next_letter = min(later) if later else None
    if next_letter is not None:
        skipped = sum(1 for line in raw[next_letter:] if line.strip())
        warnings.warn(
            f"{source}: a second letter starts at line {next_letter + 1} ({raw[next_letter].strip()[:60]!r}); "
            f"its {skipped} line(s) were skipped",
            stacklevel=3,
        )
    lines = [re.sub(r"^\s*!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|\s*\|\s*$", "", line) for line in raw]
    footer = _trim_furniture(lines, 0, next_letter or len(lines))
    lines = ["" if i < footer and PAGE_FURNITURE.match(line.strip()) else line for i, line in enumerate(lines)]
    return lines, head_end, next_letter


def _split_row(line: str) -> list[str]:
    """A line that holds what a letter prints on several: a header and question 1, a table row with
    name and party cells before its "Vraag 2:", a question and its "Antwoord:" (a row, or a PDF line
    that wrapped them together), or a whole page flattened into one line."""
    header = SUBMITTED_THEN_TEXT.match(line)
    if header:
        return [header.group("header"), header.group("rest")]
    cells = CELLS_THEN_VRAAG.match(line)
    if cells and _header_cell(cells.group("cells").strip()):
        return [cells.group("cells"), cells.group("marker")]
    row = VRAAG_THEN_ANTWOORD.match(line)
    if row:
        return [row.group("q"), row.group("a")]
    parts = MARKER_INSIDE.split(line)
    return parts if len(parts) > 1 else _unflatten(line)


def _unflatten(line: str) -> list[str]:
    """A page flattened into one line ("… project. 1. Bestaat er …? Zo ja, welke landen? Griekenland …"):
    one sentence per line again, so numbered questions open lines. Only a long line in which
    questions 1 and 2 are numbered in turn is taken for a flattened list of questions."""
    if len(line) < 1000:
        return [line]
    pieces = FLAT_NUMBER.sub(r"\n\g<num>. ", line).split("\n")
    asking = [piece.split(".", 1)[0] for piece in pieces if "?" in piece]  # numbers of pieces that ask
    if "1" not in asking or "2" not in asking[asking.index("1") :]:
        return [line]
    return [sentence.strip() for piece in pieces for sentence in _sentences(piece)]


def _table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each run of web-table rows: a page header ("Title |", "|", "Askers |", "Answerers |")."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not TABLE_ROW.search(lines[i]):
            i += 1
            continue
        first = i
        while i < len(lines) and (TABLE_ROW.search(lines[i]) or not lines[i].strip()):
            i += 1
        rows = [line for line in lines[first:i] if re.sub(r"[|\s]", "", line)]
        if len(rows) >= 2 and any(line.strip() == "|" for line in lines[first:i]):
            runs.append((first, i))
    return runs


def _answered_between(lines: list[str], start: int, end: int) -> bool:
    """Is there a question and, after it, a line of answer text between two letter headers?

    Only then does the second header start another letter; a page that prints its own header
    twice (a title, then the text) has no pair between the two.
    """
    asked = False
    for line in lines[start:end]:
        text = line.strip()
        if "?" in text:
            asked = True
        elif asked and len(text.split()) >= 3 and not (VRAAG.match(text) or ANTWOORD.match(text) or TABLE_ROW.search(text)):
            return True
    return False


def split_letter(text: str, letter_id: str = "letter") -> Letter:
    """Split letter text handed in directly (a notebook, a test)."""
    from classifier.letters.read import document_from_text

    return split_document(document_from_text(text, letter_id=letter_id))


def read_letter(path: str | Path) -> Letter:
    """Read a .txt, .pdf or .docx answer letter and split it into pairs."""
    return split_document(read_document(path))


# --- output ------------------------------------------------------------------------------

def referral_targets(answer: str, section: str | None = None) -> list[str]:
    """The question ids an answer refers to ("Zie antwoord op vraag 6 en 7." → ["6", "7"]).

    `section` prefixes the numbers when the letter's ids carry their section ("X-6"),
    so a referral finds the question of its own chapter. Scoring and evaluation both
    take referrals from the answer text through this function, so `evaluate`
    measures exactly what `score` gives.
    """
    referral = REFERRAL.match(answer)
    if not referral:
        return []
    return [f"{section}-{n}" if section else n for n in parse_numbers(referral.group("nums"))]


PAIR_FIELDS = ("letter_id", "question_id", "section", "party", "question", "answer", "referral_to", "complete")


def pair_record(pair: Pair) -> dict[str, object]:
    return {"id": pair.id, **{name: getattr(pair, name) for name in PAIR_FIELDS}}


def letter_to_jsonl(letter: Letter) -> str:
    return "".join(json.dumps(pair_record(p), ensure_ascii=False) + "\n" for p in letter.pairs)


def letter_to_json(letter: Letter) -> str:
    payload = {"letter": letter.meta.model_dump(mode="json"), "pairs": [pair_record(p) for p in letter.pairs]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def letter_to_csv(letter: Letter) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", *PAIR_FIELDS], lineterminator="\n")
    writer.writeheader()
    for pair in letter.pairs:
        row = pair_record(pair)
        row["referral_to"] = ";".join(pair.referral_to)
        writer.writerow(row)
    return buffer.getvalue()
