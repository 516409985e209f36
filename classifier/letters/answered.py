"""Who answered an unsigned document, and when, as its own formulas say.

A lijst's "De Minister heeft deze vragen beantwoord" and an unsigned "Antwoorden van de
minister van BuZa, mede namens …" name an office (`office_only`). A "verslag houdende een lijst van vragen en antwoorden" and a verslag van een (nader)
schriftelijk overleg print no signature: the committee's opening paragraph names the
office the questions went to and the day the answers came:

- "Bij brief van 25 september 2020 zijn ze door de Minister van Financiën beantwoord." (also as misprinted,
  without "zijn": "Bij brief van 31 oktober 2014 ze door de Minister van Buitenlandse Zaken beantwoord.")
- "De vragen en opmerkingen zijn op 18 mei 2016 aan de Minister van Buitenlandse Zaken
  voorgelegd. Bij brief van 20 mei 2016 zijn de vragen beantwoord."
- "De op 7 oktober 2009 voorgelegde vragen zijn, bij brief van 19 oktober 2009, beantwoord door de minister van
  Landbouw, Natuur en Voedselkwaliteit." (the words the other way round)
- "… voor te leggen aan de minister van VWS … De … met de door de minister bij brief van
  15 april 2010 toegezonden antwoorden …"
- "… heeft zij de Minister voor Medische Zorg en Sport op 10 april 2019 een brief gestuurd.
  De Minister heeft op 14 mei 2019 gereageerd."

The offices are read with `printed_offices`, without a name: the report puts the person
to an office by the letter's date, as for a lijst's "De Minister heeft deze vragen beantwoord".

A page that reposts the answers without a signature still names the ministers asked
("Vragen van het lid X (P) aan de minister van Y"), which gives the ministry (`addressed_ministry`).

A copy of a signed letter prints "(w.g.)" and the name above the office (`copy_signatories`);
a page saved from berthub registers the document's date and its signers in its header
(`registered_day`, `page_signatories`), read when the text itself says nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from classifier.letters.ministries import (PREMIER, RANKS, canonical_ministry, is_ministry_name, names_a_ministry,
                                          printed_offices)
from classifier.types import Signatory

def _flat(text: str) -> str:
    return " ".join(text.split())


_ANSWERED_BY = re.compile(
    rf"^De (?P<lijst>{RANKS}\b[^.\n]{{0,160}}?) (?:heeft|hebben) deze vragen beantwoord"
    rf"|^(?:BIJVOEGSEL\s+|\d+\s+Noten\s+)?(?:Antwoord(?:en)?|Mededeling|Schriftelijke\s*antwoorden) van de (?:de )?"
    rf"(?P<header>(?:ministers?|staatssecretaris)(?![\w-])[^\n]*?)"
    r"(?:,?\s+mede\s+namens\b|,?\s+op\s+(?:de\s+)?(?:schriftelijke\s+|kamer)?vragen\b|\s*\((?:ontvangen|ingezonden)"
    r"|\s+(?:over|inzake|betreffende)\s|[\s.,]*$)",
    re.M | re.I,
)


def office_only(text: str) -> list[Signatory]:
    """The offices a lijst, an unsigned answer or a "Mededeling van de minister van …" names as answering, without a name.

    A Handelingen "Bijvoegsel" prints no signature either: "Schriftelijke antwoorden van de minister en de
    staatssecretaris van Economische Zaken op vragen gesteld in de eerste termijn …" names the offices.

    "De Minister en de Staatssecretaris hebben deze vragen beantwoord" takes the
    offices from "voorgelegd aan de Minister en de Staatssecretaris van EZ"; "Antwoorden
    van de minister van BuZa, mede namens …, op vragen van …" is that office alone (an
    office "mede namens" names no person). An office whose ministry is not printed stays
    the rank ("minister"): the report reads it with the letter's ministry.
    """
    match = _ANSWERED_BY.search(text)
    if not match:
        return []
    addressed = re.search(r"voorgelegd aan (.{1,300}?)(?:\s(?:over|inzake|naar aanleiding|betreffende)\b|[.(:;]|$)",
                          _flat(text), re.I)
    pool = printed_offices(addressed.group(1)) if addressed and match.group("lijst") else []
    out: list[Signatory] = []
    for rank, plural, office in printed_offices(match.group("lijst") or match.group("header")):
        fits = [p for p in pool if rank in (p[0], "bewindslieden") and p[2]] if office is None else []
        for found_rank, _, found in (fits if plural else fits[:1]) or [(rank, plural, office)]:
            pool = [p for p in pool if p[2] != found]
            if found_rank != "bewindslieden":
                out.append(Signatory(role=f"De {found_rank}", name=None, office=found or found_rank))
    return out


_DAY = r"\d{1,2}\s+[a-z]+\.?\s+\d{4}"  # "14 jan. 2010" too
# "zijn ze" may be misprinted or missing: "Bij brief van 31 oktober 2014 ze door de Minister … beantwoord"
_ANSWERED = re.compile(
    rf"\bbij brief van (?P<d1>{_DAY}),?\s+(?:[^\s.]+\s+){{0,5}}?door (?:de )?(?P<office>"
    rf"(?:{RANKS})\b[^.]{{0,160}}?) beantwoord"
    rf"|\bbij brief van (?P<d5>{_DAY}),?\s+beantwoord door (?:de )?(?P<office5>(?:{RANKS})\b[^.]{{0,160}}?)(?=\.|$)"
    rf"|\bbij brief van (?P<d2>{_DAY}),?\s+(?:(?:zijn|zij|is)\s+)?(?:(?:ze|zij|deze|de vragen(?: en opmerkingen)?)\s+)?"
    rf"(?:alle\s+)?beantwoord"
    rf"|\bdoor (?:de )?(?P<rank3>{RANKS}) bij brief van (?P<d3>{_DAY}) toegezonden antwoorden"
    rf"|\b(?:de )?(?P<rank4>{RANKS}) (?:heeft|hebben) op (?P<d4>{_DAY}) gereageerd",
    re.I,
)
_ADDRESSED = re.compile(
    rf"\bzijn op {_DAY} aan (?P<a>.{{1,300}}?) voorgelegd"
    rf"|\b(?:voorgelegd|voor te leggen) aan (?P<b>.{{1,300}}?)(?:\s(?:over|inzake|naar aanleiding|betreffende|het dossier)\b|[.(:;]|$)"
    rf"|\bheeft zij (?P<c>(?:de )?(?:{RANKS})\b.{{1,200}}?) op {_DAY} een brief gestuurd",
    re.I,
)


def answer_day(text: str) -> str | None:
    """The printed day the answers were given ("20 mei 2016"), or None when the formula is not there."""
    match = _ANSWERED.search(_flat(text))
    if not match:
        return None
    return next(match.group(g) for g in ("d1", "d5", "d2", "d3", "d4") if match.group(g))


def answering_offices(text: str) -> list[Signatory]:
    """The offices the formula says answered; [] when it names none that the ministry table reads.

    An office printed in the formula ("door de Minister van Financiën") is taken as printed;
    else the offices the questions were put to, narrowed to the rank the formula names ("de
    Staatssecretaris bij brief van … toegezonden antwoorden") when one does.
    """
    flat = _flat(text)
    match = _ANSWERED.search(flat)
    if not match:
        return []
    printed_office = match.group("office") or match.group("office5")
    if printed_office:  # "door de Minister van BZK, mede namens de Staatssecretarissen": an office names no one
        offices = printed_offices(re.split(r",?\s+mede\s+namens\b", printed_office, flags=re.I)[0])
    else:
        addressed = _ADDRESSED.search(flat)
        printed = next((g for g in addressed.groups() if g), "") if addressed else ""
        offices = [o for o in printed_offices(printed) if o[2]]
        named = (match.group("rank3") or match.group("rank4") or "").lower()
        if named and not named.startswith("bewinds"):  # "de minister": one office of that rank
            offices = [o for o in offices if o[0][0] == named[0]][:1]
    return [Signatory(role=f"De {rank}", name=None, office=office or rank)
            for rank, _, office in offices if rank != "bewindslieden"]


_ADDRESSEES = re.compile(  # "Vragen van het lid Thieme (PvdD) aan de ministers van LNV en van VWS over …"
    r"^(?:Schriftelijke\s+|Kamer)?[Vv]ragen van (?:het lid|de leden)\b[^\n]*? aan (?:de\s+)?"
    r"(?P<to>(?:minister|staatssecretaris)[^\n]*?)"
    r"(?:\s+(?:over|inzake|betreffende|naar aanleiding)\b|\s*\((?:ingezonden|ontvangen)|[.:]?[ \t]*$)",
    re.M | re.I,
)
_ALSO_FOR = re.compile(
    r"\bmede\s+namens\s+(?:de\s+)?(?:minister|staatssecretaris)\w*\s+(?:van|voor)\s+(?P<rest>[^\n]{3,120})", re.I)


def addressed_ministry(text: str, day: dt.date | None = None) -> str | None:
    """The ministry the questions went to, when that names who answered: one addressee, or all but one answered
    "mede namens" ("Mede namens de minister van VWS zend ik u …" to the ministers of LNV and VWS: LNV answered).

    For a letter nobody signs (a page that reposts the answers). In the corpus's signed letters the ministry
    read so is the signed one in 589 of 604; the first of several addressees is it in only 19 of 27, so several
    give no ministry unless "mede namens" leaves one. Text that does not read as offices throughout gives none.
    """
    match = _ADDRESSEES.search(text)
    if not match:
        return None
    printed = re.sub(r"\baan de\s+", "", match.group("to"))
    offices = [o for o in printed_offices(printed) if o[2]]
    if not offices or "president" in printed.lower() or len(re.findall(r"\b(?:minister|staatssecretaris)", printed,
                                                                       re.I)) > len(offices):
        return None  # "de minister van BZ en de minister-president": an office the table does not read
    found: list[str] = []
    for _, _, office in offices:
        name = re.sub(r"^\S+\s+(?:van|voor)\s+", "", office)
        if not names_a_ministry(name):
            return None  # "ministers van VWS en Landbouw, …": two ministries read as one
        ministry = canonical_ministry(name, day)
        if ministry and ministry not in found:
            found.append(ministry)
    also = {canonical_ministry(m.group("rest"), day) for m in _ALSO_FOR.finditer(text)}
    left = [m for m in found if m not in also] if len(found) > 1 else found
    return left[0] if len(left) == 1 and is_ministry_name(left[0]) else None


_COPY_SIGNED = re.compile(  # a copy of a signed letter: "(w.g.) Sharon A.M. Dijksma" over "Staatssecretaris van EZ"
    r"^\(w\.g\.\)[ \t]*(?P<name>[^\n\d(),;]{3,60}?)[ \t]*\n(?:[ \t]*\n){0,3}[ \t]*(?P<office>(?:de\s+)?"
    rf"(?:{RANKS})\s+(?:van|voor)\s+[^\n]{{3,80}}?)[ \t,]*$",
    re.M | re.I,
)


def copy_signatories(text: str) -> list[Signatory]:
    """Who signed a copy: "(w.g.)" (was getekend) then the name, the office on the line under it."""
    out: list[Signatory] = []
    for match in _COPY_SIGNED.finditer(text):
        offices = printed_offices(match.group("office"))
        name = " ".join(match.group("name").split())
        if len(offices) == 1 and offices[0][2] and len(name.split()) <= 6:
            out.append(Signatory(role=match.group("office").strip(), name=name, office=offices[0][2]))
    return out


def registered_day(text: str) -> dt.date | None:
    """The date a saved berthub page registers the document under ("Nummer: 2014D38919, datum: 2014-10-29")."""
    match = re.search(r"^Nummer: \d{4}D\d+, datum: (\d{4})-(\d{2})-(\d{2})\b", text, re.M)
    if not match or not 1900 <= int(match.group(1)) <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_BERTHUB_PERSON = re.compile(
    r"(?:^|-)\s*(?P<kind>Eerste ondertekenaar|Mede ondertekenaar|Indiener|Medeindiener): (?P<name>[^,\n]{3,60}), "
    r"(?P<office>(?:minister|staatssecretaris)\s+(?:van|voor)\s[^\n(]{3,80}?)\s*(?:\(|$)",
    re.M | re.I,
)


def page_signatories(text: str) -> list[Signatory]:
    """The ministers a saved berthub page lists as signing the document ("Eerste ondertekenaar: D.M. van Weel,
    minister van Buitenlandse Zaken"), else as submitting its case ("Indiener: …"); a committee chair, a griffier
    or a member who submitted is no minister and is left out."""
    found: dict[bool, list[Signatory]] = {True: [], False: []}
    for match in _BERTHUB_PERSON.finditer(text):
        offices = printed_offices(match.group("office"))
        name = match.group("name").strip()
        signed = "ondertekenaar" in match.group("kind").lower()
        if len(offices) == 1 and offices[0][2] and all(s.name != name for s in found[signed]):
            found[signed].append(Signatory(role=match.group("office").strip(), name=name, office=offices[0][2]))
    return found[True] or found[False]


_NAME_OVER_OFFICE = re.compile(  # a page that reposts a letter: "Carola Schouten" over "Minister van Landbouw, …"
    r"^[ \t]*(?:\d+\.[ \t]+)?(?P<name>[^\n\d,;:()?]{3,60}?)[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*"
    r"(?P<office>(?:[Dd]e\s+)?(?:[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+[^\n]{3,80}?)[ \t,]*$",
    re.M,
)
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.\-À-ÿ]*|van|der|de|den|het|ten|ter|te|'t|(?:drs|mr|dr|ir|prof|ing)\.)$")


def name_over_office(text: str) -> list[Signatory]:
    """Who signed, as a page that reposts the letter prints it: the name, then the office on a line of its own.

    Tweedemonitor prints "Carola Schouten" / "Minister van Landbouw, Natuur en Voedselkwaliteit" under
    the covering letter; a line above the office that is not a name ("Geachte Voorzitter,") is no signature.
    """
    out: list[Signatory] = []
    for match in _NAME_OVER_OFFICE.finditer(text):
        name, offices = " ".join(match.group("name").split()), printed_offices(match.group("office"))
        words = name.split()
        if 2 <= len(words) <= 6 and all(_NAME_WORD.match(w) for w in words) and len(offices) == 1 and offices[0][2]:
            out.append(Signatory(role=match.group("office").strip(), name=name, office=offices[0][2]))
    return out


_PREMIER_ANSWER = re.compile(  # an Aanhangsel's header misprinted: "Antwoord Minster President Rutte, minister van …"
    r"^Antwoord\s+(?:van\s+(?:de\s+)?)?(?P<role>(?i:mini?ster[- ]?president))\s+(?P<name>[A-ZÀ-Ý][^,()\n]{1,40}?)"
    r"(?:,\s*(?i:minister\s+van\s+algemene\s+zaken))?\s*\((?:ontvangen|ingezonden)",
    re.M,
)
_LEAD = re.compile(  # a news page's lead: "Minister Schouten (LNV) beantwoordt mede namens … de vragen van …"
    r"^(?:De\s+)?(?P<who>(?:[Mm]inister|[Ss]taatssecretaris)\b[^\n]{0,200}?)\s+"
    r"(?:beantwoordt|beantwoorden|stuurt|sturen|geeft|geven)\s+(?P<rest>[^\n]*)",
    re.M,
)
_PERSON = re.compile(r"(?P<rank>[Mm]inister|[Ss]taatssecretaris)\s+(?P<name>[^()]{2,40}?)\s*\((?P<ministry>[^()]{2,60})\)")
_PEOPLE_SPLIT = re.compile(r"\s*(?:,|\ben\b)\s*(?=(?:[Mm]inister|[Ss]taatssecretaris)\b)")


def _people(printed: str) -> list[Signatory]:
    """"Minister Wiebes (EZK) en minister Schouten (LNV)": each a person and a ministry, or [] when any part is not."""
    out: list[Signatory] = []
    for part in _PEOPLE_SPLIT.split(printed.strip()):
        match = _PERSON.fullmatch(part.strip())
        name = match.group("name").strip() if match else ""
        if not match or not names_a_ministry(match.group("ministry")) or names_a_ministry(name) or not all(
                _NAME_WORD.match(w) for w in name.split()) or len(name.split()) > 5:
            return []  # "Minister Wiebes (MZK)": a ministry the table cannot read gives no one rather than half the list
        office = f"{match.group('rank').lower()} van {canonical_ministry(match.group('ministry'))}"
        out.append(Signatory(role=f"{match.group('rank')} ({match.group('ministry')})", name=name, office=office))
    return out


def announced_answerers(text: str) -> list[Signatory]:
    """Who answered, as a page that prints no signature announces it in its opening lines.

    An Aanhangsel misprints its header ("Antwoord Minster President Rutte, minister van Algemene Zaken (ontvangen
    …)"); a news page opens with a lead ("Minister Schouten (LNV) beantwoordt mede namens minister van Nieuwenhuizen
    (I&W) de vragen …", "De Minister van Justitie en Veiligheid beantwoordt kamervragen over …"). A person "mede
    namens" counts, as in an "Antwoord van" header; a lead about anything but the answers ("De Staatssecretaris
    van IenM zal de vragen 24 t/m 27 in een aparte brief beantwoorden") names no one.
    """
    head = "\n".join(text.split("\n")[:15])
    premier = _PREMIER_ANSWER.search(head)
    if premier and not names_a_ministry(premier.group("name")) and len(premier.group("name").split()) <= 4:
        return [Signatory(role=premier.group("role"), name=premier.group("name").strip(), office=PREMIER)]
    for match in _LEAD.finditer(head):
        if not re.search(r"vragen|beantwoording|antwoord", match.group("rest"), re.I):
            continue
        office = re.fullmatch(r"(?P<rank>[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+(?P<ministry>.+)",
                              match.group("who"))
        if office and names_a_ministry(office.group("ministry")):
            offices = printed_offices(match.group("who"))
            return [Signatory(role=match.group("who"), name=None, office=offices[0][2])] if offices else []
        people = _people(match.group("who"))
        also = re.match(r"mede\s+namens\s+(?P<who>.+?\))\s", match.group("rest"))
        if people:
            return people + (_people(also.group("who")) if also else [])
    return []
