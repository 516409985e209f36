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
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import NoPairs
from classifier.letters.layout import (
    DUTCH_WORDS,
    SUBITEM,
    TRUNCATION,
    Item,
    Segment,
    joined_text,
    answer_region,
    ends_sentence,
    norm,
    numbers_questions,
    opens_question,
)
from classifier.letters.metadata import extract_metadata
from classifier.letters.numbered import Scanner
from classifier.letters.parties import find_party, heading_parties, join_wrapped_headings, printed_party
from classifier.letters.read import read_document
from classifier.letters.referrals import referral_targets
from classifier.letters.tables import page_lines
from classifier.letters.unnumbered import scan_unnumbered
from classifier.types import Document, Letter, LetterMeta, Pair


def _plausible(items: list[Item]) -> bool:
    """Numbered items are questions when markers say so or most of them ask something."""
    answered = [item for item in items if item.has_answer]
    if not answered:
        return False
    if any(item.explicit_answer for item in items):
        return True
    asking = sum(1 for item in answered if any("?" in line for seg in item.segments if seg.kind == "Q" for line in seg.lines))
    return asking >= 0.5 * len(answered)


def _heading_only(item: Item) -> bool:
    """A numbered "question" that is a heading: "1. Inleiding" over a nota's introduction, a web page's numbered
    tabs ("1." "Kerngegevens", "2." "Tekst"). Its words ask nothing and end no sentence, and it has no answer
    marker: with no other question found, the text under it is no answer."""
    question = [line.strip() for seg in item.segments if seg.kind == "Q" for line in seg.lines if line.strip()]
    return (not item.explicit_answer and len(question) <= 1
            and all("?" not in line and not ends_sentence(line) and len(line.split()) <= 8 for line in question))


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


def _reported_party(question: str) -> str | None:
    """The party of the member a reported question names ("De heer Depla (PvdA) verzoekt …"). A question put to
    the minister directly ("Bent u bekend met het wetsvoorstel van het lid Ouwehand (PvdD) …?") names a member as
    its subject matter: its asker is the letter's."""
    return None if opens_question(question) else printed_party(question)


def _items_to_pairs(items: list[Item], letter_id: str, cut: Segment | None, askers_party: str | None,
                    section_party: dict[str | None, str | None]) -> list[Pair]:
    """Pairs with ids; the pair holding `cut`, the segment a truncated excerpt ends in, is incomplete, and so is an
    answer that ends announcing what follows ("Enkele voorbeelden van de huidige inzet:") with nothing after it: a
    page or an extraction lost the list or table, and a label would judge the answer without it.

    A pair's party is the one its question names, else its item's or its section's (`section_party`, "Van Dijk
    (SP):"), and only else the letter's askers (`askers_party`): a heading party is narrower than the letter's.

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
        question, answer = joined_text(group.question), joined_text(group.answer)
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
                party=(find_party(question) or _reported_party(question) or item.party
                       or section_party.get(item.section) or askers_party),
                question=question,
                answer=answer,
                referral_to=referral_targets(answer, item.section if prefix else None),
                complete=(cut is None or id(cut) not in group.segments) and bool(answer) and not answer.endswith(":"),
                position=position,
            )
        )
    if renamed:
        warnings.warn(f"{letter_id}: question numbers printed more than once: {', '.join(renamed)}", stacklevel=4)
    return pairs


_MARKER_FRAGMENT = re.compile(r"^(?:[•\-*·]\s*)?(?:Vr|Vra|Vraa|Vraag(?:\s*\(?\d{0,4}\)?)?)$", re.I)
_BULLET_ALONE = re.compile(r"^[•\-*·▪]$")
# the number of the next item alone ("2.", "3)"), the rest of its line cut off; a bare "3" is as likely a page number
_NUMBER_ALONE = re.compile(r"^\d{1,3}[.)]$")
# the first word of a question's opening ("Kunt u", "Klopt het", "Was er", "Welke"), all an excerpt left of it ("Bent"
# of "Bent u bekend met …"): a verb before its subject or a question word. Not "Op" and "In" ("Op welke", "In
# hoeverre"), which open an answer's sentences as well
_ASKING_WORDS = frozenset({"Kunt", "Bent", "Deelt", "Heeft", "Hebt", "Wilt", "Kent", "Gaat", "Zult", "Is", "Klopt",
                           "Was", "Waren", "Hoeveel", "Waarom", "Welke"})


def _next_question_start(lines: list[str]) -> int | None:
    """Where the next question starts when an excerpt's cut falls just after its first words; else None.

    The last words before "[...]" are then the first of a new question: a piece of
    its marker ("Vraa"), its bullet or its number ("2.") alone, or its first word only
    ("Bent" of "Bent u …") on a line of its own after an answer that ends its sentence.
    The cut then ends no answer: the caller drops those words, and the pair before them
    is complete. More words ("Welke protocollen gelden … in de spoors") are a question
    the scans find, cut: an incomplete pair of its own, as the same cut after its "?" is.
    Words under their question's number are that question too: dropping them would
    leave the number to end the answer before it.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return None
    last, before = lines[filled[-1]].strip(), lines[filled[-2]].strip()
    if _NUMBER_ALONE.match(before) or before.isdigit():
        return None  # "2." over "Welke maatregelen … toe v": the cut falls in question 2's own words, which stay
    # where "Vraag 3" lines number the questions, a question opens with its marker (its "V" alone is one, 6307):
    # words alone ("Hoeveel meer organen … is moeilijk te voorspellen") go on the answer before them
    marked = numbers_questions(lines)
    opens = (_MARKER_FRAGMENT.match(last) or _BULLET_ALONE.match(last) or (marked and last == "V")
             or (_NUMBER_ALONE.match(last) and ends_sentence(before))
             or (not marked and last in _ASKING_WORDS and ends_sentence(before) and not before.endswith("?")))
    return filled[-1] if opens else None


_BULLETED_MARKER = re.compile(r"^[•\-*·▪]\s*(?:Vraag|Antwoord)\b")


def _cut_at_bulleted_marker(raw: str) -> bool:
    """The excerpt ends in a bullet alone where the letter bullets its markers (openkamer's "• Vraag 2"): the cut
    falls in the next question's marker, and the answer before it, which ends its sentence, is whole. Cleaning
    drops a bullet alone, so this reads the raw text, from its end: the whole text is looked through for a
    bulleted marker only when its last lines are a bullet after a sentence."""
    lines = raw.splitlines()
    tail = (line for line in map(str.strip, reversed(lines)) if line)
    last = TRUNCATION.sub("", next(tail, "")).strip() or next(tail, "")
    before = next(tail, "")
    return (bool(before) and bool(_BULLET_ALONE.match(last)) and ends_sentence(before)
            and any(_BULLETED_MARKER.match(line.strip()) for line in lines))


_PART_NUMBER = r"(?:(?:[IVX]{1,4}|\d)[.)]?\s+)?"
_QUESTIONS_PART = re.compile(
    rf"^{_PART_NUMBER}(?:vragen en opmerkingen|inbreng)\s+(?:vanuit|uit|van)\s+de\s+(?:fracties|commissie)\s*:?$", re.I
)
"""The committee's part of a verslag van een schriftelijk overleg that prints all questions before the government's
part ("I Vragen en opmerkingen vanuit de fracties" … "II Reactie van de minister"). A heading that goes on "en
reactie van de bewindspersoon" heads questions with their answers between them, and is none."""
_ANSWERS_PART = re.compile(
    rf"^{_PART_NUMBER}(?:reactie|antwoord(?:en)?|beantwoording)\s+(?:van|vanuit|door)\s+(?:de|het)\s+"
    r"(?:minister|staatssecretaris|regering|kabinet|bewindsperso(?:on|nen))\b.{0,100}$", re.I
)
_QUESTIONS_ONLY_TITLE = re.compile(
    r"^(?:\d{2}\s?\d{3}(?:[- ][A-Z]{1,4})?\s+|Nr\.\s*\d+\s+|[A-Z]{1,2}\s+)?(?:NADER\s+)?(?:VOORLOPIG\s+)?VERSLAG"
    r"(?:\s+VAN\s+DE\s+(?:VASTE\s+|TIJDELIJKE\s+|BIJZONDERE\s+)?COMMISSIE\b.*)?$"
)
"""The title of a committee's (voorlopig) verslag on a bill: its members' questions, which the government answers
in a separate memorie van antwoord or nota naar aanleiding van het verslag."""
_TITLE_LINES = 12
# the heading of the committee's letter in a (nader) schriftelijk overleg, and of any letter that may follow it: the
# members' questions, then the government's reply ("BRIEF VAN DE MINISTER VOOR MEDISCHE ZORG EN SPORT")
_COMMITTEE_HEADING = re.compile(r"^BRIEF VAN DE (?:VOORZITTER|GRIFFIER)\b")
_LETTER_HEADING = re.compile(r"^(?:BRIEF VAN|ANTWOORDBRIEF)\b")


def _committee_part(lines: list[str], start: int, end: int, source: str | None) -> tuple[int, str] | None:
    """(where the government's answers start, the committee's questions before them) when the letter prints all
    questions in a part of their own; raises NoPairs for a text that holds that part only.

    Without this, the questions' own paragraphs pair up, the next remark read as the answer to the one before.
    A committee's verslag on a bill holds questions only; so does an excerpt of a schriftelijk overleg cut
    before the government's part, or before the government's letter that replies to the committee's.
    """
    title = next((line.strip() for line in _first_filled(lines, end) if _QUESTIONS_ONLY_TITLE.match(line.strip())), None)
    if title is not None:
        raise NoPairs(f"no question–answer pairs: the text is a committee's report of questions ({title!r}); "
                      "its answers are in the government's memorie van antwoord or nota", path=source)
    letter = next((i for i in range(start, end) if _COMMITTEE_HEADING.match(lines[i].strip())), None)
    if letter is not None and not any(_LETTER_HEADING.match(lines[i].strip()) for i in range(letter + 1, end)):
        raise NoPairs("no question–answer pairs: expected the government's reply after the committee's letter "
                      f"({lines[letter].strip()[:60]!r}), found only the committee's letter; an excerpt cut before the "
                      "reply?", path=source)
    part = next((i for i in range(start, end) if _QUESTIONS_PART.match(lines[i].strip())), None)
    if part is None:
        return None
    answers = next((i for i in range(part + 1, end) if _ANSWERS_PART.match(lines[i].strip())), None)
    if answers is None:
        raise NoPairs("no question–answer pairs: expected the government's answers after the committee's questions "
                      f"({lines[part].strip()!r}), found only the questions; an excerpt cut before the answers?",
                      path=source)
    return answers + 1, norm(" ".join(lines[part:answers]))


def _first_filled(lines: list[str], end: int) -> list[str]:
    """The first lines with text: where a document prints its own title."""
    return [line for line in lines[:end] if line.strip()][:_TITLE_LINES]


# --- public API ------------------------------------------------------------------------


def split_document(document: Document) -> Letter:
    """Pairs and metadata of a read document; raises NoPairs when there are none."""
    text = document.text
    truncated = bool(TRUNCATION.search(text.strip()))
    lines, head_end, next_letter = page_lines(TRUNCATION.sub("", text.rstrip()), document.source)
    start = _next_question_start(lines) if truncated and next_letter is None else None
    if start is not None:
        del lines[start:]
        truncated = False  # the excerpt stops in the next question: the pairs before it are whole
    elif truncated and next_letter is None and _cut_at_bulleted_marker(document.raw):
        truncated = False
    letter_lines = lines[:next_letter]
    meta: LetterMeta = extract_metadata(letter_lines, document)
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    if words and sum(map(DUTCH_WORDS.__contains__, words)) / len(words) < 0.08:
        raise NoPairs(
            "the text does not look like Dutch: expected a Dutch answer letter to parliamentary questions",
            path=document.source,
        )
    start, end, reference = answer_region(letter_lines)
    start = max(start, head_end)
    committee = _committee_part(letter_lines, start, end, document.source)
    if committee is not None:  # all questions first, then the government's part: only that part holds answers
        start, reference = committee
    region = join_wrapped_headings(lines[start:end])  # a fraction's heading cut before its party
    scanner = Scanner(region, reference)
    items = scanner.scan()
    # "Vraag N" markers number the questions: their lines are never the answers of an unnumbered layout
    if not scanner.marked and not _plausible(items):
        fallback = Scanner(region, reference)
        unnumbered = scan_unnumbered(region, fallback, cut_off=truncated and end == len(lines))
        if any(item.has_answer for item in unnumbered):
            scanner, items = fallback, unnumbered
        else:
            items = [item for item in items if not _heading_only(item)]
    # the askers all asked each question, unless the letter heads its questions by party: each is then its section's
    sectioned = any(scanner.section_party.values()) or bool(heading_parties(letter_lines))
    askers = [] if sectioned else sorted({p for p in meta.askers if p})
    # a truncated excerpt cuts the text that its last line belongs to; a marker ("Vraag 2") ends nothing
    tail = scanner.tail
    cut = tail if truncated and end == len(lines) and tail is not None and tail.lines else None
    pairs = _items_to_pairs(items, document.letter_id, cut, ", ".join(askers) or None, scanner.section_party)
    if not any(p.answer for p in pairs):
        found = f"{len(pairs)} question(s) without answers" if pairs else "no numbered questions, 'Vraag'/'Antwoord' markers or question paragraphs"
        raise NoPairs(f"no question–answer pairs found: expected questions followed by answers, found {found}", path=document.source)
    return Letter(meta=meta, pairs=pairs)


def split_letter(text: str, letter_id: str = "letter") -> Letter:
    """Split letter text handed in directly (a notebook, a test)."""
    from classifier.letters.read import document_from_text

    if not isinstance(text, str):
        hint = "; decode it first" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"expected the letter's text as str, got {type(text).__name__}{hint} "
                        "(read_letter reads a file)")

    return split_document(document_from_text(text, letter_id=letter_id))


def read_letter(path: str | Path) -> Letter:
    """Read a .txt, .pdf, .docx or saved .html answer letter and split it into pairs."""
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
        row["complete"] = "yes" if pair.complete else "no"  # as the scores CSV writes it, not Python's True/False
        writer.writerow(row)
    return buffer.getvalue()
