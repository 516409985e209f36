"""Letter metadata: who answered, when, for which ministry, in which document.

Read from the printed text only. A role printed without a name ("De minister
heeft deze vragen beantwoord") stays a role with `name=None`; the report resolves
the person from the office-holder table by date, never by guessing here.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path

from classifier.config import DATA_DIR
from classifier.letters.layout import answer_region
from classifier.letters.parties import find_party_name
from classifier.types import Document, LetterMeta, Signatory

MONTHS = {
    m: i
    for i, m in enumerate(
        "januari februari maart april mei juni juli augustus september oktober november december".split(), start=1
    )
}
DATE = r"(\d{1,2})\s+(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(\d{4})"
ROLE = re.compile(
    r"^(?:de\s+)?(?P<office>minister-president|viceminister-president|minister|staatssecretaris)"
    r"(?:\s+(?P<of>van|voor)\s+(?P<ministry>[A-Za-zÀ-ÿ ,'&\-]{3,80}?))?\s*,?$",
    re.I,
)
_OPENKAMER_ROLE = re.compile(
    r"^(?P<rank>minister|staatssecretaris)(?P<zp>\s+zonder\s+portefeuille)?(?:\s+(?:van|voor)\b)?\s*(?P<ministry>.*)$", re.I
)
NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Ý][\w'’\-À-ÿ]*\.?|van|der|de|den|het|ten|ter|te|in|'t|drs\.|mr\.|dr\.|ir\.|prof\.|ing\.|[A-Z]\.(?:[A-Z]\.)*)$")
MINISTRIES_FILE = DATA_DIR / "ministries.csv"
_JUNK_NAME = re.compile(r"\d|\s(?:en|mede|namens|over|inzake)\s|[,;()]|\b(?:minister|staatssecretaris)\b", re.I)
DOC_TYPES = [
    ("nota_naar_aanleiding_van_verslag", re.compile(r"NOTA NAAR AANLEIDING VAN HET (?:NADER )?VERSLAG", re.I)),
    ("lijst_vragen_antwoorden", re.compile(r"LIJST VAN VRAGEN EN ANTWOORDEN|heeft deze vragen beantwoord bij brief|^Vragen en antwoorden\s*$", re.I | re.M)),
    ("schriftelijk_overleg", re.compile(r"SCHRIFTELIJK OVERLEG", re.I)),
    ("kamervragen", re.compile(r"^(?:Vragen van (?:het lid|de leden)|Kamervraag\b|Indieners?\b)", re.M)),
    ("brief", re.compile(r"Geachte voorzitter|Hierbij (?:bied|ontvangt|stuur)", re.I)),
]


def parse_date(text: str) -> dt.date | None:
    match = re.search(DATE, text, re.I)
    if not match:
        return None
    day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _first_date(pattern: str, text: str) -> dt.date | None:
    match = re.search(pattern + r"\s*:?\s*" + DATE, text, re.I | re.M)
    return parse_date(match.group(0)) if match else None


def _ministry(name: str | None) -> str | None:
    if not name:
        return None
    words = name.strip(" ,").split()
    small = {"en", "van", "voor", "de"}
    return " ".join(w.lower() if w.lower() in small and i else w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w for i, w in enumerate(words))


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def plausible_name(printed: str) -> bool:
    """A person's name, not a sentence, a question number or two people joined by "en"."""
    text = printed.strip(" :;,.")
    return bool(text) and len(text.split()) <= 7 and not _JUNK_NAME.search(f" {text} ")


def _ministry_key(text: str) -> str:
    text = _plain(text).casefold().replace("&", " en ")
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


@functools.cache
def _ministries(path: Path = MINISTRIES_FILE) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
        table[_ministry_key(row["printed"])] = row["ministry"]
        table[_ministry_key(row["ministry"])] = row["ministry"]
    return table


def canonical_ministry(printed: str | None) -> str | None:
    """One name per ministry, whatever the letter printed; None for text that names no ministry.

    A portfolio ("Rechtsbescherming", "zonder portefeuille Justitie en Veiligheid") counts
    under the ministry it sits in. Text that starts with a known ministry and goes on
    ("Infrastructuur en Milieu inzake de brieven van 22 april 2011") is that ministry; a
    name the table does not know is kept, title-cased, unless it looks like a sentence.
    """
    if not printed:
        return None
    text = re.sub(r"([a-zë]{3})([A-Z][a-z])", r"\1 \2", " ".join(printed.split()))  # "DefensieKamervragen"
    text = re.sub(r"^(?:(?:het\s+)?ministerie\s+)?(?:zonder\s+portefeuille\s*)?(?:(?:van|voor|bij)\s+)?", "", text,
                  flags=re.IGNORECASE).strip(" ,.;:-–")
    table = _ministries()
    key = _ministry_key(text)
    if key in table:
        return table[key]
    known = [name for name in table if key.startswith(name + " ")]
    if known:
        return table[max(known, key=len)]
    if not key or re.search(r"\d", key) or len(key.split()) > 6:
        return None
    return _ministry(text)


def _office(role: str) -> tuple[str, str | None] | None:
    """The office as printed ("minister voor Rechtsbescherming": the table knows it so) and its ministry."""
    match = ROLE.match(role.strip())
    if not match:
        return None
    printed = _ministry(match.group("ministry"))
    office = match.group("office").lower()
    return (f"{office} {match.group('of').lower()} {printed}" if printed else office), canonical_ministry(printed)


def _office_ministry(office: str | None) -> str | None:
    match = re.match(r"^\S+(?:\s+zonder\s+portefeuille)?\s+(?:van|voor|bij)\s+(.+)$", office or "", re.I)
    return canonical_ministry(match.group(1)) if match else None


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
        return f"{rank} zonder portefeuille" if match.group("zp") else rank
    return f"{rank} zonder portefeuille bij {ministry}" if match.group("zp") else f"{rank} van {ministry}"


def _role_cells(line: str) -> list[str]:
    """Roles side by side, by wide spaces or "de minister van A, de minister van B,"."""
    cells = [c for c in re.split(r"\s{2,}|\t", line.strip()) if c]
    return [part for c in cells for part in re.split(r",\s*(?=(?:de\s+)?(?:minister|staatssecretaris)\b)", c, flags=re.I)]


def _split_names(cells: list[str], wanted: int) -> list[str]:
    """"W.B. Hoekstra S. Dekker" under two roles is two names: each starts at its initials."""
    if len(cells) >= wanted:
        return cells
    out: list[str] = []
    for cell in cells:
        out.extend(p.strip() for p in re.split(r"(?<=[a-zà-ÿ])\s+(?=(?:[A-Z]\.)+\s*[A-Z])", cell) if p.strip())
    return out if len(out) == wanted else cells


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    return 1 < len(tokens) <= 7 and all(NAME_TOKEN.match(t) for t in tokens) and not ROLE.match(text)


def _signature_blocks(lines: list[str]) -> list[Signatory]:
    """Role lines followed by name lines, side by side ("A    B") or one under the other."""
    found: list[Signatory] = []
    i = 0
    while i < len(lines):
        lower = lines[i].lower()
        if "minister" not in lower and "staatssecretaris" not in lower:  # every ROLE names one: skip other lines cheaply
            i += 1
            continue
        cells = _role_cells(lines[i])
        if cells and len(lines[i].strip()) < 160 and all(_office(c) for c in cells):
            roles = list(cells)
            j = i + 1
            names: list[str] = []
            while j < len(lines) and j <= i + 12:
                stripped = lines[j].strip()
                row = _role_cells(stripped)
                if not stripped:
                    j += 1
                    continue
                if row and all(_office(c) for c in row) and not names:
                    roles.extend(row)
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


def _header_signatories(text: str) -> list[Signatory]:
    out: list[Signatory] = []
    for match in re.finditer(
        r"^Antwoord(?:\s+mede namens[^\n]*)?\s+van\s+(?:de\s+)?(?P<role>[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris|[Vv]iceminister-president)\s+"
        r"(?P<name>[^()\n]+?)\s*\((?P<ministry>[^)]+)\)",
        text,
        re.M,
    ):
        name = match.group("name").strip(" :")
        if not plausible_name(name) or canonical_ministry(match.group("ministry")) is None:
            continue  # "de staatssecretaris van BZK, mede namens …, op de vragen van het lid X (SP)"
        office = f"{match.group('role').lower()} van {_ministry(match.group('ministry'))}"
        out.append(Signatory(role=f"{match.group('role')} ({match.group('ministry')})", name=name, office=office))
    head = "\n".join(text.split("\n")[:20])
    match = re.search(r"^(?:Beantwoord door\s+)?(?P<who>[^\n]*\((?:minister\b|staatssecretaris|viceminister)[^\n]*)$", head, re.M | re.I)
    if match and not out:
        for person in re.finditer(r"(?P<name>[^,()]+?)\s*\((?P<role>[^)]*(?:minister\b|staatssecretaris)[^)]*)\)", match.group("who"), re.I):
            name = person.group("name").strip(" :")
            if plausible_name(name):
                office = _openkamer_office(person.group("role"))
                out.append(Signatory(role=person.group("role").strip(), name=name, office=office))
    return out


def _office_only(text: str) -> list[Signatory]:
    """"De minister heeft deze vragen beantwoord" + "voorgelegd aan de minister van X" → the office, no name."""
    match = re.search(r"^De (?P<role>[Mm]inister|[Ss]taatssecretaris) heeft deze vragen beantwoord", text, re.M)
    if not match:
        return []
    role = match.group("role").lower()
    addressed = re.search(
        rf"voorgelegd aan de {role}\s+(?:van|voor)\s+([A-Z][\w ,&\-]+?)\s*(?:\s(?:over|inzake|naar aanleiding)\b|[.(]|,?$)",
        text,
        re.I | re.M,
    )
    ministry = _ministry(addressed.group(1)) if addressed and canonical_ministry(addressed.group(1)) else None
    return [Signatory(role=f"De {role}", name=None, office=f"{role} van {ministry}" if ministry else role)]


def _askers(text: str) -> list[str]:
    head = "\n".join(text.split("\n")[:20])
    header = re.search(r"^(?:Vragen van (?:het lid|de leden)[^\n]*|Indieners?\s[^\n]*)", text, re.M) or re.search(
        r"^(?!.*\((?:minister|staatssecretaris))(?:[A-ZÀ-Ý][^()\n,]{2,40}\([^)\n]{2,30}\),?\s*)+$", head, re.M | re.I
    )
    if not header:
        return []
    parties: list[str] = []
    for group in re.findall(r"\(([^)]+)\)", header.group(0)):
        for part in re.split(r",|\ben\b", group.replace("beiden", "").replace("allen", "")):
            short = find_party_name(part.strip())
            if short and short not in parties:
                parties.append(short)
    return parties


def extract_metadata(lines: list[str], document: Document) -> LetterMeta:
    text = "\n".join(lines)
    doc_type = next((name for name, pattern in DOC_TYPES if pattern.search(text[:6000])), None)
    date_asked = _first_date(r"(?:ingezonden|ingediend)", text)
    date_received = _first_date(r"(?:ontvangen|beantwoord)(?!\s+bij)", text[:3000])
    start, _, _ = answer_region(lines)
    government = "\n".join(lines[start:])
    date = (
        _first_date(r"beantwoord bij brief van", text)
        or _first_date(r"^Datum", government if start else text[:4000].replace("\n", " \n"))
        or _first_date(r"Den Haag,", government)
        or date_received
    )
    if date is None:
        match = re.search(r"^Datum\s*\n\s*" + DATE, text[:4000], re.M)
        date = parse_date(match.group(0)) if match else None
    signatories = _signature_blocks(lines[start:]) or _header_signatories(text[:4000]) or _office_only(text[:4000])
    if not signatories:
        heading = re.search(r"BRIEF VAN (DE .+?)(?:\n\s*\n|$)", government, re.S)
        if heading:
            for role in re.split(r",\s*(?=DE\s)|\s+EN\s+(?=DE\s)", heading.group(1).replace("\n", " ")):
                office = _office(role)
                if office:
                    signatories.append(Signatory(role=role.strip(), name=None, office=office[0]))
    ministry = next((m for s in signatories if (m := _office_ministry(s.office))), None)
    if ministry is None:
        match = re.search(r"^Ministerie van ([A-Z][\w ,&\-]+)$", text[:3000], re.M)
        ministry = canonical_ministry(match.group(1)) if match else None
    kamerstuk = None
    head = "\n".join(lines[:25])
    match = re.search(r"Kamerstuk(?:ken)?\s+(\d{2}\s?\d{3}(?:[- ][A-Z]{1,3}\b)?(?:,\s*nr\.\s*\d+)?)|Kamervraag\s+(\d{4}Z\d+)|^(\d{2}\s\d{3}(?:\s[A-Z]{1,3})?)\s", head, re.M)
    if match:
        kamerstuk = next(g for g in match.groups() if g)
        nr = re.search(r"^Nr\.\s*(\d+)", head, re.M)
        if nr and "nr." not in kamerstuk:
            kamerstuk = f"{kamerstuk}, nr. {nr.group(1)}"
    title_match = re.search(r"^Betreft\s+(.+(?:\n(?!\s*\n).+)?)", text[:4000], re.M) or re.search(
        r"^Vragen van [^\n]*? over (.+?)(?:\s*\(ingezonden|$)", text[:4000], re.M
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
        kamerstuk=kamerstuk,
        askers=_askers(text[:4000]),
    )
