"""The scan of unnumbered layouts: notas, verslagen and memories van antwoord whose
questions are paragraphs ("De leden van de SP-fractie vragen …") with the answer
below, and web pages with one question or answer per line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifier.letters.asking import (
    ADDRESSES_MINISTER,
    ASKED_AT_END,
    ASKERS_GO_ON,
    CUT_CONDITIONAL_ASK,
    CUT_QUESTION_START,
    FRACTION_MEMBERS,
    GOVERNMENT_REPLY,
    MEMBERS,
    REPORTED_HINT,
    asks_after_askers,
    names_askers,
    reports_ask,
)
from classifier.letters.layout import (
    ANSWER_INLINE,
    ANSWER_POINTER,
    FOLLOW_UP,
    PARTY_SECTION,
    Item,
    Segment,
    antwoord_marker,
    asks_question,
    ends_question,
    ends_sentence,
    opens_question,
    question_header,
    split_sentences,
)
from classifier.letters.numbered import Scanner
from classifier.letters.parties import (
    cells_party,
    find_party,
    find_party_name,
    header_cell,
    heading_party,
    pop_cells,
    printed_party,
)

# --- unnumbered layout (nota naar aanleiding van het verslag) ----------------------


@dataclass
class _Unit:
    """A paragraph-like piece of text; units of one printed paragraph share `block`; `asks` when it reports a
    question in the third person (see `_split_reported`)."""

    text: str
    block: int
    asks: bool = False


_ENDS_WITH_LINK = re.compile(r"(?:https?://|www\.)\S+$")
"""A line that ends in a web address: a sentence ends there though no stop follows ("… via: https://…/rapport.pdf"),
and the next line may be the next question."""
_QUESTION_FOOTNOTE = re.compile(r"[»”\"’')]\d{1,2}(?:,?\s\d{1,2}){0,5}$")
"""A footnote number straight after a closing quote ("… over «Annemiek overleed …»»1", "… viruses»1, 2"): a web
page dropped the "?" before it, so the line still ends the question it opens."""


def _footnoted_question(line: str) -> bool:
    return opens_question(line) and bool(_QUESTION_FOOTNOTE.search(line))


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
        marker = antwoord_marker(stripped)
        if ((marker and not marker.group("rest")) or PARTY_SECTION.match(stripped) or question_header(stripped)
                or heading_party(stripped)):
            close()
            units.append(_Unit(stripped, block + 1))
            block += 2
            continue
        if ANSWER_INLINE.match(stripped):  # "Antwoord: Ja.": a marker that opens its own paragraph
            close()
            block += 1
        current.append(stripped)
        if ends_sentence(stripped) or _ENDS_WITH_LINK.search(stripped) or _footnoted_question(stripped) or (
            len(stripped) < 0.4 * column and not stripped.endswith((",", "-"))
        ):
            close()
    close()
    return [piece for unit in units for piece in _split_reported(unit)]


def _split_reported(unit: _Unit) -> list[_Unit]:
    """Split a unit around the questions reported in it in the third person.

    A nota or memorie van antwoord often prints "De leden van de SP-fractie vragen …" and the
    government's answer in one paragraph, without a question mark or an "Antwoord" line. A
    question is the sentence that reports the ask plus the sentences that go on about the askers
    ("Zij verwijzen daarbij naar …"); the text before, between and after them are units of their own.
    An ask that refers back to the askers ("Zij vragen de regering …") reports a question too when
    a sentence before it named them ("De leden van de VVD-fractie lezen dat …"): the question then
    starts at the last such sentence, the one "Zij" refers to.
    """
    sentences = split_sentences(unit.text) if REPORTED_HINT.search(unit.text) else []
    if not any(reports_ask(sentence) or asks_after_askers(sentence) for sentence in sentences):
        return [unit]
    pieces: list[list[str]] = [[]]
    asks = [False]
    asking = False
    named: int | None = None  # where the current piece last named the askers, while it asks nothing
    for sentence in sentences:
        reported = reports_ask(sentence)
        if reported or (named is not None and not asking and asks_after_askers(sentence)):
            if not asking:  # a new question: from this sentence, or from the one that named the askers
                start = len(pieces[-1]) if reported and (named is None or _names_fraction(sentence)) else named
                if start is not None and start < len(pieces[-1]) and reported and _GOVERNMENT_SPEAKS.search(pieces[-1][start]):
                    start = len(pieces[-1])  # "Ook de leden van de PVV ben ik dankbaar …": the reply's words, not theirs
                pieces[-1], opened = pieces[-1][:start], pieces[-1][start:]
                pieces.append(opened)
                asks.append(True)
            asking = True
        elif asking and not (ASKERS_GO_ON.match(sentence) or ASKED_AT_END.search(sentence) or ends_question(sentence)
                             or asks_after_askers(sentence)):  # "Ook vroegen zij …": the same members ask on
            pieces.append([])
            asks.append(False)
            asking = False
            named = None
        if not asking and names_askers(sentence):
            named = len(pieces[-1])
        pieces[-1].append(sentence)
    return [_Unit(" ".join(piece), unit.block, ask) for piece, ask in zip(pieces, asks, strict=True) if piece]


_GOVERNMENT_SPEAKS = re.compile(r"\b(?:ik|mij)\b")


def _names_fraction(sentence: str) -> bool:
    """Whether a reported ask names its fraction ("De leden van de SP-fractie vragen …") rather than referring back
    to the members a sentence before it named ("De leden van deze fractie vragen …", "Deze leden vragen …"): a
    memorie van antwoord restates their remarks first, and the question starts with those."""
    return bool(find_party(sentence) or printed_party(sentence))


# how a memorie van antwoord or nota opens its reply to the paragraph before: "In reactie op deze opmerking moge ik
# …", "Naar aanleiding van deze vraag …", "Ik deel …", or with the government as its subject ("De regering …")
_REPLY_OPENING = re.compile(
    r"^(?:In (?:reactie|antwoord) op|Naar aanleiding van (?:deze|die|de|hun) (?:opmerking|vraag|vragen|opmerkingen)\b"
    r"|(?:Ik|Wij)\s)"
)


def _remark_then_reply(units: list[_Unit], k: int, one_per_line: bool) -> bool:
    """A paragraph with the members as its subject ("De leden van de D66-fractie wezen op …") answered by the next
    paragraph ("In reactie op deze opmerking moge ik …", "De regering onderschrijft …"): a memorie van antwoord
    takes up remarks as well as questions, and its reply shows the remark was one. Only the first question needs
    this: after an answer a paragraph that names the members starts the next (`_in_answer`)."""
    text = units[k].text
    opens = one_per_line or not k or units[k - 1].block != units[k].block  # on a web page each line is a paragraph
    if not names_askers(text) or _GOVERNMENT_SPEAKS.search(text) or not opens:
        return False  # "Ook de leden van de PVV ben ik dankbaar …" is the reply's own opening
    reply = next((unit.text for unit in units[k + 1:] if one_per_line or unit.block != units[k].block), "")
    return bool(GOVERNMENT_REPLY.match(reply) or _REPLY_OPENING.match(reply))


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """A web page's text: no blank lines, and (nearly) every line ends a sentence.

    Each question is then a line of its own, so two asking lines in a row are two questions.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 3 or len(filled) != filled[-1] - filled[0] + 1:
        return False
    return sum(1 for i in filled if ends_sentence(lines[i])) >= 0.75 * len(filled)


class _Unnumbered:
    """Questions and answers without numbers: a nota, a bijvoegsel, a web page.

    Question units are those before an "Antwoord" line, those that speak of the members and ask,
    those that report an ask ("De leden … vragen …"), and those under a "Vraag:" header.
    """

    def __init__(self, scanner: Scanner, one_per_line: bool, cut_off: bool) -> None:
        self.scanner = scanner
        self.one_per_line = one_per_line
        self.cut_off = cut_off  # the text is an excerpt cut off in its last unit
        self.items: list[Item] = []
        self.mode = "pre"
        self.started = False
        self.blocks: list[int] = []  # the paragraph of each unit of the current answer
        self.cells: list[str] = []  # name and party cells seen before the first question
        self.answers_marked = False  # the letter prints "Antwoord" before its answers
        self.remark_block: int | None = None  # the paragraph of a remark taken as the question (`_remark_then_reply`)
        self.flat = False  # no blank lines: each line is a paragraph of its own

    def scan(self, units: list[_Unit]) -> list[Item]:
        self.answers_marked = any(antwoord_marker(unit.text) for unit in units)
        for k, unit in enumerate(units):
            para = unit.text
            if "\n" not in para and self.scanner._section_heading(para):
                self.mode, self.started = "pre", True
                continue
            marker = antwoord_marker(para)
            inline = ANSWER_INLINE.match(para)
            if (marker and "\n" not in para and not marker.group("rest")) or inline:
                if self.items and self.mode == "question":
                    self.items[-1].explicit_answer = True
                    self.items[-1].segments.append(Segment("A", [inline.group("rest")] if inline else []))
                    self.blocks = [unit.block] if inline else []
                self.mode = "answer" if self.items else self.mode  # an excerpt that starts with an answer
                continue
            header = question_header(para) if "\n" not in para else None
            if header:
                self._header(header)
            elif self.mode == "pre":
                asks = asks_question(para) or ADDRESSES_MINISTER.match(para) or unit.asks or _footnoted_question(para)
                remark = not asks and _remark_then_reply(units, k, self.one_per_line or self.flat)
                if self.started or asks or remark:
                    self._new(unit, asked=remark)
                    self.remark_block = unit.block if remark and not (self.one_per_line or self.flat) else None
                else:
                    self.cells = [*self.cells, para] if header_cell(para) else []
            elif self.mode == "question":
                self._in_question(unit)
            else:
                self._in_answer(unit, last=k == len(units) - 1)
        return self.items

    def _new(self, unit: _Unit | None, party: str | None = None, asked: bool = False) -> None:
        self.remark_block = None
        item = Item(nums=[str(len(self.items) + 1)], section=self.scanner.section, segments=[Segment("Q", [])])
        item.party, item.asked = party, asked or (unit is not None and unit.asks)
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
            cells = pop_cells(self.items[-1].segments[-1].lines)
        party = party or cells_party(cells)
        last = self.items[-1] if self.items else None
        if not header.group("who") and last is not None and last.speaker and self.mode == "question" and (
            len(last.segments) == 1 and len(last.segments[0].lines) <= 1
        ):
            # "Vraag van het lid Van Bommel (SP)" on a line of its own, then "Vraag: …": the first line
            # names who asks, the question is the second's
            self.items.pop()
            party = party or last.party
        if header.group("who"):  # "Vraag van het lid Anker (CU): text", or the whole line when it has no colon
            text = header.group("rest") if header.group("colon") else header.group(0)
        else:
            text = header.group("said")
        self._new(_Unit(text, 0) if text else None, party, asked=bool(header.group("who")))
        self.items[-1].marked = not header.group("who")  # "Vraag:": the question runs to its "Antwoord:"
        self.items[-1].speaker = bool(header.group("who")) and not header.group("colon")

    def _in_question(self, unit: _Unit) -> None:
        question = self.items[-1].segments[-1]
        para = unit.text
        if not question.lines or (unit.block == self.remark_block and not unit.asks):
            question.lines.append(para)  # the remark's paragraph goes on
            return
        if para[:1].islower() and not ends_sentence(question.lines[-1]):
            question.lines.append(para)  # "… zover zijn" / "dat het register …": a sentence wrapped at a line end
            return
        asked = self.items[-1].asked or any("?" in q for q in question.lines) or reports_ask(question.lines[0]) or (
            bool(ADDRESSES_MINISTER.match(question.lines[0])) and ends_sentence(question.lines[-1])
        ) or _footnoted_question(question.lines[-1])
        if self.items[-1].marked and self.answers_marked:
            question.lines.append(para)  # between "Vraag:" and "Antwoord:" all is question
        elif asked and self.one_per_line and ends_question(question.lines[-1]) and (
            opens_question(para) or (ends_question(para) and not FOLLOW_UP.match(para))
        ):
            self._new(unit)  # a web page prints each question on a line of its own
        elif asks_question(para) or not asked or (
            (MEMBERS.search(para) or unit.asks)
            and not (ANSWER_POINTER.match(para) or GOVERNMENT_REPLY.match(para))
        ):
            # still the question: its context, or a further ask; but "In het antwoord op vraag 2 van de leden …"
            # and "Zoals de leden … hebben opgemerkt, acht de regering …" name members and answer
            question.lines.append(para)
        else:
            self.items[-1].add("A", para)
            self.mode = "answer"
            self.blocks = [unit.block]

    def _in_answer(self, unit: _Unit, last: bool) -> None:
        para = unit.text
        answer = self.items[-1].segments[-1]
        if asks_question(para) or MEMBERS.match(para) or ADDRESSES_MINISTER.match(para) or unit.asks:
            preamble = self._preamble(unit.block)
            self._new(unit)
            self.items[-1].segments[0].lines[:0] = preamble
        elif (last and self.cut_off and answer.lines and ends_sentence(answer.lines[-1])
              and (opens_question(para) or CUT_QUESTION_START.match(para) or CUT_CONDITIONAL_ASK.match(para)
                   or self._turns_to_members(unit))):
            self._new(unit)  # the excerpt cuts off a question before its "?", or the paragraph that opens it
        else:
            self.items[-1].add("A", para)
            self.blocks.append(unit.block)

    def _turns_to_members(self, unit: _Unit) -> bool:
        """A new paragraph that names a fraction's members in its opening words ("Ik ben de leden van de fractie v"):
        a nota turns so to its next question, an answer's own paragraphs do not open so. Only asked of the unit an
        excerpt cuts off, which may stop before the ask that would otherwise show it. On a web page each line is a
        paragraph of its own; elsewhere a blank line starts one."""
        new_paragraph = self.one_per_line or (bool(self.blocks) and unit.block != self.blocks[-1])
        return new_paragraph and bool(FRACTION_MEMBERS.search(unit.text[:60]))

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


def scan_unnumbered(lines: list[str], scanner: Scanner, cut_off: bool = False) -> list[Item]:
    """Items of a letter whose questions carry no numbers (see `_Unnumbered`)."""
    units = _paragraphs(lines, scanner.double_spaced)
    unnumbered = _Unnumbered(scanner, _one_paragraph_per_line(lines), cut_off)
    filled = [i for i, line in enumerate(lines) if line.strip()]
    unnumbered.flat = bool(filled) and all(line.strip() for line in lines[filled[0]:filled[-1] + 1])
    items = unnumbered.scan(units)
    scanner.tail = items[-1].segments[-1] if items and items[-1].segments else None
    return items
