"""What the splitter's layouts share: the line patterns of answer letters, the
question and answer items a scan yields, and where a letter's answers begin and end.

The patterns read structure (numbering, markers, headings, signatures), not any one
document's wording, so letters from other ministries split too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from classifier.letters.asking import ADDRESSES_MINISTER, MEMBERS, QUESTION_START
from classifier.letters.clean import unwrap

# --- line patterns -----------------------------------------------------------

_NUMS = r"\d{1,4}[a-z]?(?:\s*(?:,|en|t/m|tot en met|&|[-–])\s*\d{1,4}[a-z]?)*"  # a lijst may reach 1000 and up; "1–3"
VRAAG = re.compile(
    rf"^(?:[•\-*·]\s*)?Vra(?:ag|gen)(?:\s+|\s*:\s*(?=\d{{1,4}}[a-z]?\s*$))"
    rf"(?P<open>\()?(?P<nums>{_NUMS})(?(open)\))\s*[:.]?\s*(?P<rest>.*)$",
    re.I,
)
"""A numbered question marker: "Vraag 2", "Vragen 3 en 4:", "Vraag (2):" (lists of the Tweede Kamer since 2024),
"Vraag: 1" alone on its line (lijsten of 2014)."""
# who answers, on an answer's marker line of its own: "Antwoord van minister Bruins", "Antwoord van het kabinet:"
# (not a letter's heading "Antwoord van Minister Ollongren (Binnenlandse Zaken …) (ontvangen …)", which goes on)
_ANSWERED_BY = r"van\s+(?:de\s+|het\s+)?(?:minister|staatssecretaris|kabinet|regering)(?:\s+(?-i:[A-Z][\w’'-]*)){0,3}"
ANTWOORD = re.compile(
    rf"^(?:[•\-*·]\s*)?Antwoord(?:en)?(?:\s+(?:(?:op\s+)?(?:de\s+)?vra(?:ag|gen)\s+|op\s+(?=(?:{_NUMS})\s*[:.]?\s*$))?(?P<nums>{_NUMS}))?"
    rf"(?:\s+{_ANSWERED_BY}(?=\s*:?\s*$))?\s*[:.]?\s*(?P<rest>.*)$",
    re.I,
)
# "2.000–3.000 gezinnen …" wrapped onto its own line is an amount, not question 2: no digit right after the point
NUMBERED = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,4})(?:(?:\s*[.)](?!\d)\s*|\s+-\s+|\s+)(?P<rest>\S.*)|\.?\s*)$")
NUMBERED_TIGHT = re.compile(r"^(?:[-•*·]\s*)?(?P<num>\d{1,4})\.(?P<rest>[A-Z“\"'‘].*)$")  # "41.Hoeveel …"
# "3, 4" or "3 en 4." alone on a line: the heading of questions answered together, as "2." is of one
NUMBERS_ALONE = re.compile(rf"^(?P<nums>\d{{1,4}}\s*(?:,|en|t/m|tot en met|&)\s*{_NUMS})\s*\.?\s*$")
LIST_ITEM = re.compile(r"^(?:[-–•*·]\s+|[a-z0-9][.)]\s+)\S")
SUBITEM = re.compile(r"^(?P<sub>[a-z])[.)]\s+(?P<rest>\S.*)$")
BUDGET_SECTION = re.compile(r"^Antwoorden?\s+op\b.*\((?P<code>[IVX]{1,5}[AB]?|[A-Z])\)")
"""A budget chapter's part of a letter that answers on several: "Antwoorden op schriftelijke vragen over de
Ontwerpbegroting Defensie (X) …", "… het DMF (K) …". Its code is a chapter's Roman numeral or a fund's letter, never a
party: "Antwoorden op Kamervragen van het Kamerlid Kuik (CDA) over …" is the letter's title, and its asker's."""
# the words a line ends in when a line end cuts a heading before its party: "… van de leden van de fractie van"
WRAPPED_OFF = r"(?<!\svan)(?<!\sde)(?<!\shet)(?<!\sder)(?<!\sden)(?<!\sen)(?<!\svoor)(?<![,-])"
PARTY_SECTION = re.compile(
    r"^(?:(?:Vragen|Opmerkingen|Antwoord(?:en)?|Inbreng|Reactie)\b.{0,60}\bleden\s+van\s+de\s+(?P<who>.{1,59}?\S)"
    rf"{WRAPPED_OFF}|Antwoord(?:en)?\s+op\s+(?:de\s+)?vragen\s+van\s+de\s+(?P<fraction>[\w&-]{{2,20}}-fractie))\s*$",
    re.I,
)
"""A heading over one fraction's questions: "Vragen en opmerkingen van de leden van de VVD-fractie". Not one that a
line end cut before its party ("… van de leden van de Eerste Kamerfractie van" / "Partij voor de Dieren en JA21 …"):
its words so far name none (`parties.join_wrapped_headings` reads a party alone on the next line with it)."""
GOVERNMENT_LETTER = re.compile(
    r"^\s*(?:BRIEF VAN DE (?:MINISTER|STAATSSECRETARIS)|ANTWOORDBRIEF|Antwoorden op de (?:schriftelijke )?vragen)",
)
COMMITTEE_LETTER = re.compile(r"BRIEF VAN DE (?:VOORZITTER|GRIFFIER)|Vragen en opmerkingen van de leden", re.I)
MEMO_START = re.compile(r"^TER (?:BESLISSING|INFORMATIE|ACCORDERING|KENNISNAME|ONDERTEKENING)\s*$")
MEMO_HEAD = re.compile(r"^(?:Aan|Van|Afgestemd met|In afschrift aan|Cc)\b")
SIGNATURE = re.compile(r"^(?:De|DE)\s+(?:minister|staatssecretaris|MINISTER|STAATSSECRETARIS|Minister|Staatssecretaris)\b.{0,80}$")
REFERRAL = re.compile(
    rf"^\s*\(?(?:Zie|zie|Voor .{{0,40}}verwijs ik (?:u )?(?:kortheidshalve )?naar|Ik verwijs (?:u )?(?:kortheidshalve )?naar)"
    rf"\s+(?:(?:hiervoor|daarvoor)\s+)?(?:ook\s+)?(?:het\s+|de\s+|mijn\s+)?"
    rf"(?:(?:beantwoording|antwoord(?:en)?|reactie)\s+(?:op|van|bij)?\s*(?:de\s+)?vra(?:ag|gen)|antwoord(?:en)?)"
    rf"\s+(?P<nums>{_NUMS})(?!\d)(?!\s*(?:,|en|t/m|tot en met|&|-)\s*\d)"
    rf"(?!\s*(?:over\s+(?:dit|dat|het|hetzelfde)\b|in\s+de\s+beantwoording\b|van\s+(?:het\s+|de\s+)?(?:lid|leden)\b))",
)
"""An answer that points to other answers of the same letter: "Zie antwoord vraag 6.", "Zie mijn antwoord op
vraag 1 en 2.", "Zie antwoord 4.", "Voor mijn reactie verwijs ik naar antwoord 3." Not answers to other
questions that carry the same numbers: "… vraag 9 over dit zelfde onderwerp van het lid De Lange", "… vraag 7 van
de leden Holtackers en Omtzigt", "… vragen 16 t/m 18 in de beantwoording van vragen van de vaste commissie"."""
# Web-page furniture around a letter copied from a site: menus, a footer that repeats the
# document's number and title, a PHP warning. Never question or answer text.
PAGE_FURNITURE = re.compile(
    r"^(?:Naar boven|Relevant|Download kamerstuk|Offici[eë]le [Ll]ink|Wijzig cookie[- ]instellingen|"
    r"Kamer(?:vraag|antwoord) document nummer:.*|Volledige titel:.*|contact:\s.*@.*|Warning: .* on line \d+|"
    r"Er zijn geen relevante kamerstukken gevonden|Ondertekenaars|(?:Eerste|Mede)[- ]?ondertek(?:enaars?\b.*|\w{0,3})|[-–]|[-_*=]{3,}|"
    r"Deel:\s*['‘\"].*|Lees ook|Gerelateerde documenten|Hier vindt u documenten die gerelateerd zijn aan\b.*)\s*$"
    # a government site's share links and further reading under the answers
)
TABLE_ROW = re.compile(r"^(?:[^|]*\s)?\|\s*$")  # "Title |" or a lone "|"; not a markdown row "| a | b |"
LETTER_HEADER = re.compile(r"^\s*(?:\S+\s+)?Vragen van (?:het lid|de leden)\b.*\((?:ingezonden|ingediend)\b", re.I)
SUBMITTED_THEN_TEXT = re.compile(r"^(?P<header>.*\((?:ingezonden|ingediend) [^()]{4,40}\)\.?)\s*(?P<rest>\S.{10,})$")
TRUNCATION = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]\s*$")
# an answer that opens by pointing to an earlier answer: "In het antwoord op vraag 2 van de leden Arib …" names
# members, yet it answers (a line naming members otherwise still belongs to a reported question)
ANSWER_POINTER = re.compile(r"^(?:In (?:het|mijn) antwoord(?:en)? op (?:de )?vra(?:ag|gen)\b|"
                            r"Zoals (?:ik )?(?:in|aangegeven in) (?:het|mijn) antwoord(?:en)? op (?:de )?vra(?:ag|gen)\b)")
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
# "… in de Jeugdzorg? Antwoord 3:": a marker after a sentence, with its text after it or on the next line
MARKER_INSIDE = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"”’»)]))\s+(?=(?:Vraag|Antwoord)(?:\s+\d{1,4}[a-z]?)?\s*:(?:\s|$))")
# a page flattened into one line that numbers its markers without colons: "… 2013). Vraag 1 Klopt het …? Antwoord 1 De
# Belastingdienst …": split only where a sentence ends, before "Vraag N" or "Antwoord N" and a capital
FLAT_MARKER = re.compile(r"(?:(?<=[.?!)])|(?<=[.?!][\"”’»]))\s+(?=(?:Vraag|Antwoord)\s+\d{1,4}[a-z]?\s+[A-Z“‘\"])")
ANNOUNCEMENT = re.compile(r"\((?:ingezonden|ingediend)\b")
REQUEST_END = re.compile(r"(?:^|[.?!]\s+)Graag\s[^.?!]{0,80}\.$")  # "… boer? Graag een reactie."
FOLLOW_UP = re.compile(
    r"^(?:Zo (?:ja|nee|neen|niet)|Indien (?:ja|nee|neen|niet|dat niet|dit niet)|Waarom (?:niet|wel)|Wat betreft)\b"
)
DUTCH_WORDS = frozenset("de het een en van in is dat op te zijn niet voor met er als ook aan bij wordt worden door".split())


INLINE_ANSWER = re.compile(
    r"^(?P<q>.*\?)(?:\s*\d{1,2}\))?\s+"
    r"(?P<a>(?:Ja|Nee|Neen|Het|De|Dit|Dat|Er|Deze|Die|In|Op|Voor|Ik|Wij|We|Zoals|Omdat|Nederland|Zie|Met|Mijn|Naar|Bij|Uit|Ook|Als)\b[^?]*[.!])$"
)
"""A question and its answer printed on one line ("1 Waarom … volgens het CEP 2003? De ontwerpbegroting 2004 is …"; a
footnote number may stand between them: "… schieraalverhuizing? 1) Ja."). The answer must open as answers do and ask
nothing and not speak of the members, so a question's own follow-up ("? Zo ja, …?", "? Graag een overzicht.", "? De
leden … vragen dit voor …") stays the question."""


ANSWER_NUMBER = re.compile(r"^\d{1,4}[a-z]?\.?(?:\s*(?:,|en|&)\s*\d{1,4}[a-z]?\.?)*(?:\s+Antwoord\s*:?)?$")
"""The question's own number again over its answer ("1" question, "1." answer; "3. en 4." under questions 3 and 4;
"1. Antwoord" under "1. Vraag")."""


def inline_answer(text: str) -> tuple[str, str | None]:
    m = INLINE_ANSWER.match(text)
    if not m or len(m.group("q").split()) < 4 or MEMBERS.search(m.group("a")):
        return text, None  # "…? De leden van de fractie … vragen dit voor …": still the members speaking
    return m.group("q"), m.group("a")


def parse_numbers(text: str) -> list[str]:
    """"6 en 7" → ["6", "7"]; "2 t/m 4" and "2–4" → ["2", "3", "4"]."""
    text = re.sub(r"tot en met", "t/m", text)
    out: list[str] = []
    for part in re.split(r"\s*(?:,|\ben\b|&)\s*", text):
        rng = re.match(r"^(\d+)\s*(?:t/m|[-–])\s*(\d+)$", part.strip())
        if rng and int(rng.group(2)) - int(rng.group(1)) < 50:
            out.extend(str(n) for n in range(int(rng.group(1)), int(rng.group(2)) + 1))
        elif part.strip():
            out.append(part.strip())
    return out


def norm(text: str) -> str:
    """Letters only, lower case, single spaces: robust to re-wrapping, quotes and footnote markers."""
    return " ".join(re.sub(r"[^a-zà-ÿ]+", " ", text.lower()).split())


def vraag_marker(line: str, before: str = "") -> re.Match[str] | None:
    """A "Vraag" marker line; a lower-case "vraag 1." right after a line that ends no sentence ("… Zie voorts
    het antwoord op" / "vraag 1.") finishes that sentence instead."""
    if line[:1] == "v" and before and not ends_sentence(before):
        return None
    return VRAAG.match(line)


def antwoord_marker(line: str) -> re.Match[str] | None:
    """An "Antwoord" marker line; in lower case ("antwoord op vraag 2 en 3.") it goes on a wrapped sentence."""
    return None if line.lstrip("•-*· ")[:1].islower() else ANTWOORD.match(line)


def ends_question(line: str) -> bool:
    """Ends in "?", allowing closing quotes, markup, footnote markers ("?1 2") or a reference such as "(TZ202307-053)"."""
    return bool(re.search(r"\?[\s*_”\"'’»)\]]*(?:\d{1,2}(?:\s*,?\s*\d{1,2})*\)?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?\s*(?:\([^()]{1,40}\)[.\s]*)?$", line))


def ends_sentence(line: str) -> bool:
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
    speaker: bool = False  # opened by a "Vraag van het lid X (SP)" line without the question after a colon

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


def _may_open_committee_letter(line: str) -> bool:
    """What every COMMITTEE_LETTER match holds, in lower case: a case-blind search of every line was slow."""
    lower = line.lower()
    return "brief van de" in lower or "vragen en opmerkingen van de leden" in lower


def answer_region(lines: list[str]) -> tuple[int, int, str]:
    """(start, end, reference): the government's part of the document, and the committee's questions before it.

    A committee report prints the committee's letter first; only the answer letter
    that follows has pairs, and the committee letter is the reference that tells
    repeated question text from answer text. An internal memo after the answers
    (civil servants' "TER BESLISSING" note) has no pairs.
    """
    start, reference = 0, ""
    committee = next((i for i, line in enumerate(lines) if _may_open_committee_letter(line) and COMMITTEE_LETTER.search(line)),
                     None)
    if committee is not None:
        gov = [i for i, line in enumerate(lines) if i > committee and GOVERNMENT_LETTER.match(line)]
        if gov:
            start = gov[0]
            reference = norm(" ".join(lines[committee:start]))
    end = len(lines)
    for i in range(start, len(lines)):
        if MEMO_START.match(lines[i].strip()):
            end = i
            while end > start and (not lines[end - 1].strip() or MEMO_HEAD.match(lines[end - 1].strip())):
                end -= 1
            break
    return start, _trim_signature(lines, start, trim_furniture(lines, start, end)), reference


FOOTNOTE_HEAD = re.compile(r"^(?:X\s+)?Noot$")
"""The head of a footnote in an officielebekendmakingen.nl page ("X Noot", its number on the next line)."""


# a Tweede Kamer page's closing list of who asked or signed: "Indiener(s)", "Eerste ondertekenaar" and the
# names under it ("F.B.J. Grapperhaus, minister van Justitie en Veiligheid")
_SUBMITTERS_HEAD = re.compile(r"^(?:(?:Mede)?[Ii]ndiener(?:s|\(s\))?|(?:(?:Eerste|Mede)[- ]?o|O)ndertekenaars?)$")
_SUBMITTERS_MAX = 4  # names under the heading; more lines after it are text


def trim_furniture(lines: list[str], start: int, end: int) -> int:
    """Cut a web page's footer: the furniture lines and footnotes after the last answer (a cut in them
    cuts no answer)."""
    while True:
        cut = _trim_submitters(lines, start, end)
        for i in range(cut - 1, start - 1, -1):
            text = lines[i].strip()
            if text and not PAGE_FURNITURE.match(text):
                break
            if text:
                cut = i
        cut = _trim_footnote(lines, start, cut)
        if cut == end:
            return cut
        end = cut


def _trim_submitters(lines: list[str], start: int, end: int) -> int:
    """Cut the "Indiener(s)" heading that closes a saved Kamervragen page, with the names under it (none, when
    the page lost them). A name never ends a sentence; a line that does is the answer's, and it stays."""
    names = 0
    for i in range(end - 1, start - 1, -1):
        text = lines[i].strip()
        if not text:
            continue
        if _SUBMITTERS_HEAD.match(text):
            return i
        names += 1
        if names > _SUBMITTERS_MAX or len(text) > 60 or ends_sentence(text):
            return end
    return end


def _trim_footnote(lines: list[str], start: int, end: int) -> int:
    """Cut the last footnote of a page printed after the answers: "X Noot", its number, and a line or two of
    text. A footnote printed inside an answer (under a table) has the answer's text after it and stays."""
    head = next((i for i in range(end - 1, start - 1, -1) if FOOTNOTE_HEAD.match(lines[i].strip())), None)
    if head is None:
        return end
    filled = [lines[i].strip() for i in range(head + 1, end) if lines[i].strip()]
    if len(filled) <= 3:  # its number (which cleaning may have dropped) and a line or two
        return head
    return end


def _trim_signature(lines: list[str], start: int, end: int) -> int:
    """Cut the closing signature block (roles and names under the last answer)."""
    cut = end
    i = end
    while i > start:
        text = lines[i - 1].strip()
        if text and (len(text) > 110 or ends_sentence(text)):
            break
        i -= 1
        if SIGNATURE.match(text):
            cut = i
    return cut


# --- scanning ---------------------------------------------------------------------


def is_double_spaced(lines: list[str]) -> bool:
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
    broken = [(i, j) for i, j in zip(nonblank, nonblank[1:], strict=False) if j > i + 1 and not ends_sentence(lines[i])]
    lower = sum(1 for _, j in broken if lines[j].strip()[:1].islower())
    return followed_by_blank / len(nonblank) > 0.7 and lower >= max(3, 0.5 * len(broken), 0.25 * len(nonblank))


_ASKS_AT_SENTENCE = re.compile(r"(?:^|[.?!:]\s+)" + QUESTION_START.pattern.lstrip("^"))


def asks_question(para: str) -> bool:
    """A unit that puts a question: it ends in "?", or asks and speaks of the members or opens a question sentence."""
    return ends_question(para) or ("?" in para and bool(MEMBERS.search(para) or _ASKS_AT_SENTENCE.search(para)))


def split_sentences(text: str) -> list[str]:
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


def numbers_questions(lines: list[str]) -> bool:
    """Do "Vraag 3" lines number the questions? Then other numbered lines are lists or footnotes, and a
    question opens with its marker, never with its words alone."""
    return any(vraag_marker(line.strip(), lines[i - 1].strip() if i else "") for i, line in enumerate(lines))


def question_header(line: str) -> re.Match[str] | None:
    """A line that opens an unnumbered question: "Vraag:", or "Vraag van het lid Anker (CU): …"."""
    if ANNOUNCEMENT.search(line):
        return None  # "Vraag van het lid X aan de minister (ingezonden …)": the letter's header
    return QUESTION_HEADER.match(line)


def opens_question(para: str) -> bool:
    """Does a unit open as a new question (not a follow-up such as "Zo ja, …" or "Wat betreft …")?"""
    return bool(ADDRESSES_MINISTER.match(para) or QUESTION_START.match(para)) and not FOLLOW_UP.match(para)


# --- from items to pairs ------------------------------------------------------------


def joined_text(lines: Iterable[str]) -> str:
    return unwrap("\n".join(lines)).strip()
