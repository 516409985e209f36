"""Letter metadata: who answered, when, for which ministry, in which document.

Read from the printed text only. A role printed without a name ("De minister
heeft deze vragen beantwoord") stays a role with `name=None`; the report resolves
the person from the office-holder table by date, never by guessing here.
"""

from __future__ import annotations

import datetime as dt
import re

from classifier.letters.answered import (addressed_ministry, answer_day, answering_offices, copy_signatories,
                                         announced_answerers, name_over_office, office_only, page_signatories, registered_day)
from classifier.letters.askers import asker_names, letter_askers, listed_people, listing_cells
from classifier.letters.dates import DATE, first_date, head_date, parse_date
from classifier.letters.doctype import detect_doc_type
from classifier.letters.kamerstuk import kamerstuk
from classifier.letters.layout import answer_region
from classifier.letters.ministries import canonical_ministry, names_a_ministry, premier_ministry
from classifier.letters.ministries import title_ministry as _ministry
from classifier.letters.officeholders import settings_office_holders
from classifier.letters.parties import heading_parties
from classifier.letters.personnames import parse_name, same_person
from classifier.types import Document, LetterMeta, Signatory

ROLE = re.compile(  # "De Minister-President, Minister van Algemene Zaken": one office, one person
    r"^(?:de\s+)?(?P<office>(?:vice)?minister-?president|minister|staatssecretaris)(?:\s*,\s*minister(?=\s+van\s+alg))?"
    r"(?:\s+(?P<of>van|voor)\s+(?P<ministry>[A-Za-zÀ-ÿ ,'&\-]{3,80}?))?\s*,?$",
    re.I,
)
_SIGNED = re.compile(  # "De Minister van Binnenlandse Zaken, H. F. Dijkstal": a role and a name on one line
    r"(?P<role>[Dd]e\s+(?i:(?:vice)?minister-?president|minister|staatssecretaris)\b[^\d.]{0,100}?,)\s*"
    r"(?P<name>(?:(?:drs|mr|dr|ir|prof|ing)\.\s*)*(?:[A-Z]\.\s*)+(?:(?:[Vv]an|[Dd]e[nr]?|te[nr]?|'t|het)\s+)*"
    r"[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+(?=\s*$))?)(?=\s+[Dd]e\s|\s+(?:Pagina\s+)?\S*\d|\s*$)"
)
_OPENKAMER_ROLE = re.compile(
    r"^(?P<rank>minister|staatssecretaris)(?P<zp>\s+zonder\s+portefeuille)?(?:\s+(?:van|voor)\b)?\s*(?P<ministry>.*)$", re.I
)
NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Ý][\w'’\-À-ÿ]*\.?|van|der|de|den|het|ten|ter|te|in|'t|drs\.|mr\.|dr\.|ir\.|prof\.|ing\.|"
                        r"mw\.|mevr\.|dhr\.|(?:[A-Z][a-z]?\.)+)$")  # "mw. drs. E.I. Schippers", "Ch.A. Jansen"
_JUNK_NAME = re.compile(r"\d|\s(?:en|mede|namens|over|inzake)\s|[,;()]|\b(?:minister|staatssecretaris)\b", re.I)


def plausible_name(printed: str) -> bool:
    """A person's name, not a sentence, a question number or two people joined by "en"."""
    text = printed.strip(" :;,.")
    return bool(text) and len(text.split()) <= 7 and not _JUNK_NAME.search(f" {text} ")


def _office(role: str) -> tuple[str, str | None] | None:
    """The office as printed ("minister voor Rechtsbescherming": the table knows it so) and its ministry."""
    match = ROLE.match(role.strip())
    if not match:
        return None
    printed = _ministry(match.group("ministry"))
    office = re.sub(r"minister-?president", "minister-president", match.group("office").lower())
    return (f"{office} {match.group('of').lower()} {printed}" if printed else office), canonical_ministry(printed)


def _office_ministry(office: str | None, day: dt.date | None = None) -> str | None:
    """The ministry of an office, named as it was on `day` (openkamer prints today's names on old letters)."""
    match = re.match(r"^\S+(?:\s+zonder\s+portefeuille)?\s+(?:van|voor|bij)\s+(.+)$", office or "", re.I)
    return canonical_ministry(match.group(1), day) if match else None


def _openkamer_office(role: str) -> str:
    """"viceminister-president , minister zonder portefeuille volksgezondheid, welzijn en sport": one office.

    openkamer prints the office in lower case, its ministry's commas included, beside
    the vice-premiership; a minister without portfolio counts for the ministry named.
    """
    text = re.sub(r"(?:^|,)\s*(?:vice)?minister-president\s*(?=,|$)", "", role.strip()).strip(" ,")
    parts = [p.strip(" ,") for p in re.split(r",\s*(?=(?:minister|staatssecretaris)\b)", text, flags=re.I)]
    text = next((p for p in parts if len(p.split()) > 1), parts[0])  # "minister , minister ": no ministry
    match = _OPENKAMER_ROLE.match(text)
    if not match:
        return text.lower() or role.strip().lower()
    rank, ministry = match.group("rank").lower(), _ministry(match.group("ministry"))
    if not ministry:
        return rank  # "minister zonder portefeuille ": the office-holder table knows which by the name and date
    return f"{rank} zonder portefeuille bij {ministry}" if match.group("zp") else f"{rank} van {ministry}"


def _role_cells(line: str) -> list[str]:
    """Roles side by side, by wide spaces or "de minister van A, de minister van B,"."""
    cells = [c for c in re.split(r"\s{2,}|\t", line.strip()) if c]
    return [part for c in cells for part in re.split(r",\s*(?=(?:de\s+)?(?:minister|staatssecretaris)\b)", c, flags=re.I)]


def _split_names(cells: list[str], wanted: int) -> list[str]:
    """"W.B. Hoekstra S. Dekker" under two roles is two names: each starts at its initials ("Ch.A." too)."""
    if len(cells) >= wanted:
        return cells
    out: list[str] = []
    for cell in cells:
        out.extend(p.strip() for p in re.split(r"(?<=[a-zà-ÿ])\s+(?=(?:[A-Z][a-z]?\.)+\s*[A-Z])", cell) if p.strip())
    return out if len(out) == wanted else cells


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    return 1 < len(tokens) <= 7 and all(NAME_TOKEN.match(t) for t in tokens) and not ROLE.match(text)


def _signature_lines(lines: list[str]) -> list[str]:
    """The lines as a signature block reads them: an office line that wraps joined, one-line signatures split.

    A PDF wraps "De minister van Binnenlandse Zaken en / Koninkrijksrelaties," and the
    block would stop at a line that is neither role nor name; the lines are one office
    when together they name a ministry the table knows, also with a blank line between
    them ("de minister voor Medische Zorg / (blank) / en Sport,"). A page saved as plain
    text runs "De Minister-President, Minister van Algemene Zaken, W. Kok De Minister van
    …, H. F. Dijkstal 414747F ISSN …" into one line: a line that opens with such signatures
    and holds nothing after them but a print code is a role line and a name line each.
    """
    out: list[str] = []
    skip = 0
    for i, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        gap = 2 if i + 2 < len(lines) and not lines[i + 1].strip() else 1
        following = lines[i + gap].strip() if i + gap < len(lines) else ""
        if not re.search(r"minister|staatssecretaris", line, re.I):
            out.append(line)
            continue
        if following and len(_role_cells(line)) == 1 and not re.search(r"minister|staatssecretaris", following, re.I):
            joined = ROLE.match(f"{line.strip()} {following}")
            if joined and joined.group("ministry") and names_a_ministry(joined.group("ministry").strip(" ,")):
                out.append(f"{line.strip()} {following}")
                skip = gap
                continue
        flat = list(_SIGNED.finditer(line.strip())) if re.match(r"\s*[Dd]e\s", line) else []
        rest = _SIGNED.sub("", line.strip()).strip()
        if flat and flat[0].start() == 0 and (not rest or re.match(r"(?:Pagina\s+)?\S*\d", rest)):
            out.extend(part for match in flat for part in (match.group("role"), match.group("name")))
        else:
            out.append(line)
    return out


def _one_premier(roles: list[str]) -> list[str]:
    """"De Minister-President," over "Minister van Algemene Zaken,": one person's two titles, one office."""
    out: list[str] = []
    for role in roles:
        if out and re.search(r"minister-?president\W*$", out[-1], re.I) and re.match(r"minister van alg", role, re.I):
            out[-1] = f"{out[-1].rstrip(' ,')}, {role.strip()}"
        else:
            out.append(role)
    return out


def _signature_blocks(lines: list[str]) -> list[Signatory]:
    """Role lines followed by name lines, side by side ("A    B") or one under the other."""
    found: list[Signatory] = []
    lines = _signature_lines(lines)
    i = 0
    while i < len(lines):
        lower = lines[i].lower()
        if "minister" not in lower and "staatssecretaris" not in lower:  # every ROLE names one: skip other lines cheaply
            i += 1
            continue
        cells = _role_cells(lines[i])
        if cells and len(lines[i].strip()) < 160 and all(_office(c) for c in cells):
            roles = _one_premier(cells)
            j = i + 1
            names: list[str] = []
            while j < len(lines) and j <= i + 12:
                stripped = lines[j].strip()
                row = _role_cells(stripped)
                if not stripped:
                    j += 1
                    continue
                if row and all(_office(c) for c in row) and not names:
                    roles = _one_premier(roles + row)
                elif row and all(_looks_like_name(c) for c in row):
                    names.extend(_split_names(row, len(roles) - len(names)))
                    if len(names) >= len(roles):
                        j += 1
                        break
                else:
                    break
                j += 1
            if names:
                for role, name in zip(roles, names + [None] * (len(roles) - len(names)), strict=False):
                    office, _ = _office(role)
                    found.append(Signatory(role=role.strip(), name=name, office=office))
                i = j
                continue
        i += 1
    return found


_ANSWER_HEADER = re.compile(  # "Mededeling van Minister X (Y)": the Aanhangsel's form for a postponement or referral
    r"^(?:Antwoord|Mededeling)(?:\s+mede\s+namens[^\n]*?)?(?:\s+van)?\s+(?:de\s+)?(?=(?:vice)?minister|staatssecretaris)",
    re.M | re.I,
)
_HEADER_PERSON = re.compile(
    r"(?<![\w-])(?P<role>(?:vice)?minister-president|minister|staatssecretaris)\s+(?P<name>[^(),]+?)\s*\((?P<ministry>[^)]+)\)",
    re.I,
)


def _answer_header(text: str) -> list[Signatory]:
    """Everyone named in "Antwoord van Minister A (X), van Minister B (Y) en Staatssecretaris C (Z) (ontvangen …)".

    An Aanhangsel prints "Mededeling van Minister A (X) (ontvangen …)" in its place when the
    minister announces a postponement or answers by a "mededeling": A signed it all the same.

    A letter answered by several ministers counts for each of them, so the whole header
    is read, up to "(ontvangen" or a blank line; "mede namens Minister D (W)" names a
    person the answer is also given for, and counts too. "mede namens de Minister van
    Defensie" names no person and is left out.
    """
    out: list[Signatory] = []
    for header in _ANSWER_HEADER.finditer(text):
        segment = re.split(r"\((?:ontvangen|ingezonden)|\n\s*\n", text[header.start() : header.start() + 1000])[0]
        for match in _HEADER_PERSON.finditer(" ".join(segment.split())):
            name, printed = match.group("name").strip(" :"), match.group("ministry")
            if not plausible_name(name) or names_a_ministry(re.sub(r"^(?:van|voor)\s+", "", name, flags=re.I)):
                continue  # "mede namens de Minister van Defensie (…)": an office, not a person
            if canonical_ministry(printed) is None or any(s.name == name for s in out):
                continue  # "de staatssecretaris van BZK, mede namens …, op de vragen van het lid X (SP)"
            role = match.group("role")
            office = f"{role.lower()} van {_ministry(printed)}"
            out.append(Signatory(role=f"{role} ({printed})", name=name, office=office))
    return out


def _answerers_row(head: str) -> re.Match[str] | None:
    """A listing's row of answerers: the last row naming an office before the first question, not the askers'
    ("Merlien Welzijn (NSC), Eddy van Hijum (minister …)": openkamer prints an asker's later office)."""
    rows = []
    for line in head.split("\n"):
        if rows and re.search(r"\?\d*\s*$", line):
            break
        rows.append(re.match(r"^(?P<who>.*\((?:minister\b|staatssecretaris|viceminister).*)$", line, re.I))
    return next((row for row in reversed(rows) if row), None)


def _not_answerers(people: list[Signatory], askers: list[str]) -> list[Signatory]:
    """openkamer's answerers without the members it lists there by mistake.

    It lists the asker as answerer ("Indiener Geert Wilders (PVV)" over "Beantwoord door
    Geert Wilders (PVV)"), and a member who shares the minister's surname beside the minister
    ("Suzanne Dekker (D66), Sander Dekker (minister zonder portefeuille …)"): a name printed
    without an office beside another person of that surname printed with one is that mix-up.
    """
    asked = {" ".join(name.split()).casefold() for name in askers}
    kept = [p for p in people if " ".join((p.name or "").split()).casefold() not in asked]
    return [p for p in kept if p.office or not any(
        o.office and o.name and p.name and parse_name(o.name).surname == parse_name(p.name).surname
        and not same_person(o.name, p.name) for o in kept)]


def _header_signatories(text: str, answerers: str | None = None, askers: list[str] | None = None) -> list[Signatory]:
    """The "Antwoord van …" header, else openkamer's "Beantwoord door" line, else a listing's `answerers` cell.

    On openkamer a name printed without a role ("Beantwoord door Kuipers", "Knapen
    (CDA), Mark Rutte (minister-president …)", a listing's "Kuipers , Alexandra van
    Huffelen (staatssecretaris …)") is still a signatory, with no office:
    the office-holder table may put a person and an office to it by the letter's date.
    An empty "Beantwoord door" line names nobody: the next field ("Onderwerpen dieren landbouw") is no name,
    and neither do the members openkamer lists there by mistake (`_not_answerers`).
    """
    out = _answer_header(text)
    head = "\n".join(text.split("\n")[:20])
    answered_by = re.search(r"^Beantwoord door(?:[ \t]+(?P<who>\S[^\n]*?))?[ \t]*$", head, re.M | re.I)
    if answered_by and not answered_by.group("who"):
        return out
    match = answered_by or (None if answerers else _answerers_row(head))
    who = match.group("who") if match else answerers
    if who and not out:
        for name, person in listed_people(who):
            roles = [r for r in re.findall(r"\(([^)]*)\)", person) if re.search(r"minister\b|staatssecretaris", r, re.I)]
            if not plausible_name(name):
                continue
            role = roles[0].strip() if roles else ""
            out.append(Signatory(role=role, name=name, office=_openkamer_office(role) if role else None))
        return _not_answerers(out, askers or [])
    return out


_ANSWERED_IN_HEADER = re.compile(r"^Antwoord van[^()]*(?:\([^()]*\)[^()]*)*?\((?=ingezonden)", re.M)
""""Antwoord van Minister X (Y), mede namens … (ingezonden 3 mei 2021)": the answer's date, though
the word is the one the question's own header uses for the day it was asked."""

_LATE_DATES = (
    r"daarop\s+op",  # a lijst: "Deze vragen, alsmede de daarop op 9 juni 2008 gegeven antwoorden"
    r"^Vastgesteld",  # a lijst's date of adoption, the day after its answers
    r"^(?:Met dank overgenomen van [^\n]*?)?(?:Publicatiedatum|Gepubliceerd|Datum publicatie)\s*(?:op\s+)?(?:(?:maan|dins|woens|donder|vrij|zater|zon)dag\s+)?",
)
"""Dates a saved page or a lijst gives when the letter's own date line is not in the text: the
answer's publication, at most days after the answer, which a report by month can place."""


def _dates(text: str, government: str, *, answer_part: bool) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(the answer's date, the day asked, the day the answer was received), each None when not printed.

    `government` is the text from the answer's own part on (`answer_part`), or all of it.
    """
    head = text[:3000]
    answered = _ANSWERED_IN_HEADER.search(head)
    if answered and re.search(r"\bvragen\s+van\b", answered.group(0), re.I):  # "Antwoord van X op de vragen van
        answered = None  # het lid Y (ingezonden …)": the day the questions were sent in
    date_received = first_date(r"(?:ontvangen|beantwoord)(?!\s+bij)", head) or (
        first_date("ingezonden", head[answered.end():]) if answered else None)
    date_asked = first_date(r"(?:ingezonden|ingediend)(?:\s+op)?", text[: answered.start()] if answered else text)
    given = answer_day(text[:4000])  # a verslag's "Bij brief van 20 mei 2016 zijn de vragen beantwoord"
    date = (
        first_date(r"beantwoord bij brief van", text)
        or (parse_date(given) if given else None)
        or first_date(r"^Antwoorddatum", text[:4000])  # a page listing the answer: "Antwoorddatum: 14 jan. 2010"
        or first_date(r"^Datum", government if answer_part else text[:4000].replace("\n", " \n"))
        or first_date(r"Den Haag,", government)
        or date_received
    )
    if date is None:
        match = re.search(r"^Datum\s*\n\s*" + DATE, text[:4000], re.M)
        date = parse_date(match.group(0)) if match else None
    for pattern in _LATE_DATES:
        date = date or first_date(pattern, text[:6000])
    return date or registered_day(text[:3000]) or head_date(text), date_asked, date_received


def _held_ministry(signatories: list[Signatory], day: dt.date | None) -> str | None:
    """The ministry of the office the office-holder table has a signer in on `day`, for a name printed without one.

    openkamer prints "Beantwoord door Arie Slob (CU)": a name and a party. The table knows the
    one office Slob held on the letter's date, and so its ministry ("Mark Rutte (minister-president)": Algemene
    Zaken); when it knows none, or several, no ministry rather than a guess. An undated letter has none.
    """
    if day is None:
        return None
    table = settings_office_holders()
    found = (table.resolve(name=s.name, office=s.office, day=day).ministry for s in signatories if s.name)
    return next((ministry for ministry in found if ministry), None)


_BUDGET_HEADING = re.compile(  # "Vaststelling van de begrotingsstaten van het Ministerie van Financiën (IXB) …"
    r"(?:begrotingsstaten?\s+van\s+het|begrotingsbehandeling\s+van\s+het|jaarverslag(?:\s+en\s+slotwet)?(?:\s+van)?"
    r"(?:\s+het)?|slotwet\s+en\s+jaarverslag(?:\s+van)?(?:\s+het)?)\s+ministerie\s+van\s+(?P<ministry>[^()\n\d]{3,120}?)"
    r"\s*(?:\(|\d{4}\b|$)",
    re.I | re.M,
)


def _budget_ministry(text: str, day: dt.date | None) -> str | None:
    """The ministry whose budget or annual report the document's heading names: its minister answers the questions.

    A lijst van vragen en antwoorden on "Jaarverslag en slotwet ministerie van Justitie 2004" is
    not signed; the questions go to the minister whose chapter it is. Questions on the Court of
    Audit's report on that chapter may be answered by the Court, so a heading naming it gives none.
    """
    head = "\n".join(line for line in text.split("\n")[:12] if line.strip())
    match = _BUDGET_HEADING.search(head)
    if not match or re.search(r"rekenkamer|verantwoordingsonderzoek", head, re.I):
        return None
    ministry = canonical_ministry(match.group("ministry"), day)
    return ministry if ministry and names_a_ministry(ministry) else None


def extract_metadata(lines: list[str], document: Document) -> LetterMeta:
    text = "\n".join(lines)
    doc_type = detect_doc_type(text)
    cells = listing_cells(document.text)  # a listing page's title, askers and answerers
    start, _, _ = answer_region(lines)
    government = "\n".join(lines[start:])
    date, date_asked, date_received = _dates(text, government, answer_part=bool(start))
    signatories = (_signature_blocks(lines[start:]) or copy_signatories(text[:6000])
                   or _header_signatories(text[:4000], cells[2] if len(cells) > 2 else None, asker_names(text, cells))
                   or office_only(text[:4000]) or answering_offices(text[:4000])
                   or page_signatories(text[:3000]) or name_over_office(text[:4000]) or announced_answerers(text[:3000]))
    if not signatories:
        heading = re.search(r"BRIEF VAN (DE .+?)(?:\n\s*\n|$)", government, re.S)
        if heading:
            for role in re.split(r",\s*(?=DE\s)|\s+EN\s+(?=DE\s)", heading.group(1).replace("\n", " ")):
                office = _office(role)
                if office:
                    signatories.append(Signatory(role=role.strip(), name=None, office=office[0]))
    day = date or date_received
    ministry = next((m for s in signatories if (m := _office_ministry(s.office, day))), None)
    ministry = ministry or (premier_ministry(signatories[0].office) if signatories else None)
    if ministry is None:
        match = re.search(r"^Ministerie van ([A-Z][\w ,&\-]+)$", text[:3000], re.M)
        ministry = canonical_ministry(match.group(1), day) if match else None
    if ministry is None and not signatories:
        ministry = addressed_ministry(text[:4000], day)
    ministry = ministry or _held_ministry(signatories, day) or _budget_ministry(text, day)
    title_match = (
        re.search(r"^Betreft\s+(.+(?:\n(?!\s*\n).+)?)", text[:4000], re.M)
        or re.search(r"^Vragen van [^\n]*? over (.+?)(?:\s*\(ingezonden|$)", text[:4000], re.M)
        or re.search(r"^Kamervraag\s+\d{4}Z\d+[ \t]*\n(?:[ \t]*\n)*(?!Ingediend\b)(\S.*)$", text[:1000], re.M)  # openkamer
    )
    title = " ".join(title_match.group(1).split()) if title_match else None
    return LetterMeta(
        letter_id=document.letter_id,
        source=document.source,
        content_hash=document.content_hash,
        doc_type=doc_type,
        title=title,
        date=date,
        date_asked=date_asked,
        date_received=date_received,
        signatories=signatories,
        ministry=ministry,
        kamerstuk=kamerstuk(lines),
        askers=list(dict.fromkeys([*letter_askers(text[:4000], cells), *heading_parties(lines)])),
    )
