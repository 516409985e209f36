"""Split an answer letter into its question–answer pairs.

One splitter for every layout: written Kamervragen ("Vraag 1" / "Antwoord 1"),
openkamer pages ("• Vraag 1" with the answer directly below), lists of questions
and answers ("12 Welke …?" then the answer), committee reports that repeat the
committee's letter before the government's answer letter, and notas naar
aanleiding van het verslag with unnumbered question paragraphs. It reads the
letter's structure (numbering, markers, section headings) rather than any one
document's wording, so letters from other ministries in these layouts split too.

How a question is told from its answer, in order of trust:
1. an "Antwoord" marker;
2. when the committee's own letter with the questions precedes the answer letter,
   whether a line repeats that letter (this also finds a question answered in
   several pieces);
3. otherwise the question ends at its first line that ends in "?" and is not
   continued, or at its first paragraph break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from classifier.config import DATA_DIR
from classifier.errors import NoPairs
from classifier.metadata import extract_metadata
from classifier.read import read_document, unwrap
from classifier.types import Document, Letter, LetterMeta, Pair

# --- line patterns -----------------------------------------------------------

_NUMS = r"\d{1,3}[a-z]?(?:\s*(?:,|en|t/m|tot en met|&|-)\s*\d{1,3}[a-z]?)*"
VRAAG = re.compile(rf"^(?:[•\-*·]\s*)?Vra(?:ag|gen)\s+(?P<nums>{_NUMS})\s*[:.]?\s*(?P<rest>.*)$", re.I)
ANTWOORD = re.compile(
    rf"^(?:[•\-*·]\s*)?Antwoord(?:en)?(?:\s+(?:op\s+(?:de\s+)?vra(?:ag|gen)\s+)?(?P<nums>{_NUMS}))?\s*[:.]?\s*(?P<rest>.*)$",
    re.I,
)
NUMBERED = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,3})(?:(?:\s*[.)]\s*|\s+-\s+|\s+)(?P<rest>\S.*)|\.?\s*)$")
NUMBERED_TIGHT = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,3})\.(?P<rest>[A-Z“\"'‘].*)$")  # "41.Hoeveel …"
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


def _ends_question(line: str) -> bool:
    """Ends in "?", allowing closing quotes, markup, a footnote marker or a reference such as "(TZ202307-053)"."""
    return bool(re.search(r"\?[\s*_”\"'’»)\]]*(?:\d{1,2}(?:\s*,\s*\d{1,2})*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*(?:\([^()]{1,40}\)[.\s]*)?$", line))


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.?!:;][\s*_”\"'’»)\]]*(?:\d{1,2}(?:\s*,\s*\d{1,2})*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*$", line))


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
    return start, _trim_signature(lines, start, end), reference


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


class _Scanner:
    def __init__(self, lines: list[str], reference: str) -> None:
        self.lines = lines
        self.reference = reference
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        followed_by_blank = sum(1 for i in nonblank if i + 1 < len(lines) and not lines[i + 1].strip())
        # Double-spaced extraction puts a blank after every wrapped line; a text with one
        # paragraph per line also has a blank after every line, but its lines end sentences.
        ending = sum(1 for i in nonblank if _ends_sentence(lines[i]))
        self.double_spaced = bool(nonblank) and followed_by_blank / len(nonblank) > 0.7 and ending < 0.5 * len(nonblank)
        self.items: list[Item] = []
        self.section: str | None = None
        self.section_party: dict[str | None, str | None] = {}
        self.last_num = 0
        self.skipping = False
        self.ref_pos = 0
        # "Vraag 1" markers number the questions; other numbered lines are then lists or footnotes
        self.marked = any(VRAAG.match(line.strip()) for line in lines)

    # -- classification helpers
    def _in_reference(self, line: str, near: bool = False) -> bool:
        """Does this line repeat the committee's question text (near the last repeated line, for a new piece)?"""
        text = _norm(line)
        if not self.reference or len(text.split()) < 3:
            return False
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
            if marker and not first:  # "Vraag 3" alone: the lines after it are question 3, not an answer to 2
                current.segments.append(Segment("Q", [], sub))
        else:
            current = Item(nums=list(nums), section=self.section)
            self.items.append(current)
        if first:
            self._in_reference(first)
            current.add("Q", first, sub)
        elif not current.segments:
            current.segments.append(Segment("Q", [], sub))
        nums_int = [int(re.match(r"\d+", n).group()) for n in nums if re.match(r"\d+", n)]
        if nums_int:
            self.last_num = max(nums_int)
        self.skipping = False

    # -- main loop
    def scan(self) -> list[Item]:
        lines = self.lines
        for raw in lines:
            line = raw.strip()
            if not line:
                if self.items and not self.double_spaced:
                    self._blank()
                continue
            if self._section_heading(line):
                continue
            vraag = VRAAG.match(line)
            if vraag:
                self._start(parse_numbers(vraag.group("nums")), vraag.group("rest") or None, marker=True)
                continue
            antwoord = ANTWOORD.match(line)
            if antwoord and (antwoord.group("nums") or not antwoord.group("rest") or antwoord.group("rest")[:1].isupper()):
                if self.items:
                    item = self.items[-1]
                    item.explicit_answer = True
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
            if not self.items or self.skipping:
                continue
            self._content(line)
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
        if self._question_ended(seg.lines, line):
            item.add("A", line)
        else:
            if seg.lines and seg.lines[-1] == "":
                seg.lines.pop()
            seg.lines.append(line)

    def _question_ended(self, qlines: list[str], line: str) -> bool:
        """Has the question already ended before this line?"""
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
        if _ends_question(last):
            return not continuation or paragraph_break
        if paragraph_break:
            return not line[:1].islower()
        return False


# --- unnumbered layout (nota naar aanleiding van het verslag) ----------------------


def _paragraphs(lines: list[str], double_spaced: bool) -> list[str]:
    """Paragraph-like units: a unit ends at a blank line (unless the extraction is
    double-spaced) and wherever a line ends a sentence.

    Over-splitting is harmless: units are merged back into the question or answer
    they belong to. Markers and section headings are units of their own.
    """
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    column = widths[int(len(widths) * 0.9)] if widths else 80
    paras: list[list[str]] = [[]]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if not double_spaced and paras[-1]:
                paras.append([])
            continue
        marker = ANTWOORD.match(stripped)
        if (marker and not marker.group("rest")) or PARTY_SECTION.match(stripped):
            paras.extend([[stripped], []])
            continue
        paras[-1].append(stripped)
        if _ends_sentence(stripped) or len(stripped) < 0.4 * column and not stripped.endswith((",", "-")):
            paras.append([])
    return ["\n".join(p) for p in paras if p]


_ASKS_AT_SENTENCE = re.compile(r"(?:^|[.?!:]\s+)" + QUESTION_START.pattern.lstrip("^"))


def _asks(para: str) -> bool:
    """A unit that puts a question: it ends in "?", or asks and speaks of the members or opens a question sentence."""
    return _ends_question(para) or ("?" in para and bool(MEMBERS.search(para) or _ASKS_AT_SENTENCE.search(para)))


def _scan_unnumbered(lines: list[str], scanner: _Scanner) -> list[Item]:
    """Question units are those before an "Antwoord" line, or that speak of the members and ask."""
    items: list[Item] = []
    mode = "pre"
    started = False
    for para in _paragraphs(lines, scanner.double_spaced):
        if "\n" not in para and scanner._section_heading(para):
            mode, started = "pre", True
            continue
        marker = ANTWOORD.match(para)
        if marker and "\n" not in para and not marker.group("rest"):
            if items and mode == "question":
                items[-1].explicit_answer = True
                items[-1].segments.append(Segment("A", []))
            mode = "answer" if items else mode  # an excerpt that starts with an answer: no question to give it to
            continue
        question = items[-1].segments[-1] if items and mode == "question" else None
        if mode == "pre":
            if not (started or _asks(para) or ADDRESSES_MINISTER.match(para)):
                continue
            items.append(Item(nums=[str(len(items) + 1)], section=scanner.section, segments=[Segment("Q", [para])]))
            mode = "question"
        elif question is not None:
            asked = any("?" in q for q in question.lines) or (
                bool(ADDRESSES_MINISTER.match(question.lines[0])) and _ends_sentence(question.lines[-1])
            )
            if _asks(para) or MEMBERS.search(para) or not asked:
                question.lines.append(para)  # still the question: its context, or a further ask
            else:
                items[-1].add("A", para)
                mode = "answer"
        elif _asks(para) or MEMBERS.match(para) or ADDRESSES_MINISTER.match(para):
            items.append(Item(nums=[str(len(items) + 1)], section=scanner.section, segments=[Segment("Q", [para])]))
            mode = "question"
        else:
            items[-1].add("A", para)
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


def _items_to_pairs(items: list[Item], letter_id: str, truncated: bool, askers_party: str | None) -> list[Pair]:
    raw: list[tuple[Item, str, list[str], list[str]]] = []
    for item in items:
        groups: list[tuple[list[str], list[str], list[str]]] = []  # (subs, qlines, alines)
        for seg in item.segments:
            if seg.kind == "Q":
                if not groups or groups[-1][2]:
                    groups.append(([], [], []))
                if seg.sub:
                    groups[-1][0].append(seg.sub)
                groups[-1][1].extend(seg.lines)
            else:
                if not groups:
                    groups.append(([], [], []))
                groups[-1][2].extend(seg.lines)
        groups = [g for g in groups if any(line.strip() for line in g[1] + g[2])]
        if not groups:
            continue
        base = "+".join(item.nums)
        if len(groups) == 1:
            subs, q, a = groups[0]
            raw.append((item, base, q, a))
            continue
        for n, (subs, q, a) in enumerate(groups, start=1):
            if subs and len(item.nums) == 1:
                qid = "+".join(f"{base}{s}" if i == 0 else s for i, s in enumerate(subs))
            else:
                qid = f"{base}.{n}"
            raw.append((item, qid, q, a))
    sections = [item.section for item, *_ in raw]
    plain_ids = [qid for _, qid, _, _ in raw]
    prefix = len(set(zip(sections, plain_ids))) != len(set(plain_ids)) or len(set(plain_ids)) != len(plain_ids)
    pairs: list[Pair] = []
    for position, (item, qid, q, a) in enumerate(raw, start=1):
        question, answer = _text(q), _text(a)
        full_id = f"{item.section}-{qid}" if prefix and item.section else qid
        last = position == len(raw)
        referral = REFERRAL.match(answer)
        referral_to = []
        if referral:
            referral_to = [f"{item.section}-{n}" if prefix and item.section else n for n in parse_numbers(referral.group("nums"))]
        pairs.append(
            Pair(
                letter_id=letter_id,
                question_id=full_id,
                section=item.section,
                party=find_party(question) or askers_party,
                question=question,
                answer=answer,
                referral_to=referral_to,
                complete=not (last and truncated) and bool(answer),
                position=position,
            )
        )
    return pairs


# --- public API ------------------------------------------------------------------------


def split_document(document: Document) -> Letter:
    """Pairs and metadata of a read document; raises NoPairs when there are none."""
    text = document.text
    truncated = bool(TRUNCATION.search(text.strip()))
    text = TRUNCATION.sub("", text.rstrip())
    # web-page table debris: "Title |", a lone "|", "![]() |"
    lines = [re.sub(r"^\s*!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|\s*\|\s*$", "", line) for line in text.split("\n")]
    meta: LetterMeta = extract_metadata(lines, document)
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    if words and sum(w in DUTCH_WORDS for w in words) / len(words) < 0.08:
        raise NoPairs(
            "the text does not look like Dutch: expected a Dutch answer letter to parliamentary questions",
            path=document.source,
        )
    start, end, reference = answer_region(lines)
    region = lines[start:end]
    scanner = _Scanner(region, reference)
    items = scanner.scan()
    fallback = _Scanner(region, reference)
    unnumbered = _scan_unnumbered(region, fallback)
    # "Vraag N" markers number the questions: their lines are never the answers of an unnumbered layout
    if not scanner.marked and not _plausible(items):
        if any(item.has_answer for item in unnumbered):
            scanner, items = fallback, unnumbered
    askers = sorted({p for p in meta.askers if p})
    askers_party = ", ".join(askers) if askers else None
    pairs = [p for p in _items_to_pairs(items, document.letter_id, truncated, askers_party)]
    for pair in pairs:
        if pair.party is None and pair.section is not None:
            pair.party = scanner.section_party.get(pair.section)
    if not any(p.answer for p in pairs):
        found = f"{len(pairs)} question(s) without answers" if pairs else "no numbered questions, 'Vraag'/'Antwoord' markers or question paragraphs"
        raise NoPairs(f"no question–answer pairs found: expected questions followed by answers, found {found}", path=document.source)
    return Letter(meta=meta, pairs=pairs)


def split_letter(text: str, letter_id: str = "letter") -> Letter:
    """Split letter text handed in directly (a notebook, a test)."""
    from classifier.read import document_from_text

    return split_document(document_from_text(text, letter_id=letter_id))


def read_letter(path: str | Path) -> Letter:
    """Read a .txt, .pdf or .docx answer letter and split it into pairs."""
    return split_document(read_document(path))


# --- output ------------------------------------------------------------------------------

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
