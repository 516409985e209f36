"""Ministry names: one name per ministry, and the name it had on the letter's date.

Letters print ministries in many ways ("VWS", "minister zonder portefeuille
volksgezondheid, welzijn en sport", "Rechtsbescherming"); `ministries.csv` maps each
to one name. Some ministries were renamed when a cabinet took office (Justitie →
Veiligheid en Justitie → Justitie en Veiligheid), and openkamer prints today's name
on letters of any year ("Opstelten (minister justitie en veiligheid)" in 2013). A
report per ministry over time needs the name in force on the letter's date, so
`ministry_periods.csv` lists, per renamed ministry, each name with the days it was
in force; a date no period covers keeps the name as read, never a guess. A period of kind
"hosted" is a portfolio before it became a ministry ("minister voor Volkshuisvesting en
Ruimtelijke Ordening" at BZK, 2022-2024): its letters count for the host ministry, but the
host is never renamed after the portfolio, nor is the portfolio's office the host minister's.

A lijst van vragen en antwoorden names who answered by office only ("De Minister en
de Staatssecretaris hebben deze vragen beantwoord", put to "de ministers van BZK en
voor IIA"); `printed_offices` reads such a list of offices with the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from classifier.config import DATA_DIR

MINISTRIES_FILE = DATA_DIR / "ministries.csv"
PERIODS_FILE = DATA_DIR / "ministry_periods.csv"
_SMALL_WORDS = frozenset({"en", "van", "voor", "de"})
RANKS = r"(?:ministers?|staatss?ecretaris(?:sen)?|bewindslieden)"
"""The ranks a list of offices names, plural and misspelt ("staatsecretaris") as lijsten print them."""
_OFFICE_SPLIT = re.compile(rf"(?:,|\s+en)\s+(?=(?:de\s+)?(?:{RANKS}|van|voor)\b)", re.I)
_PREMIER = re.compile(r"\bminister-?\s?president(?:\s*,\s*minister\s+van\s+algemene\s+zaken)?", re.I)
PREMIER = "minister-president"
"""The office as the office-holder table names it: "De Minister-President, Minister van Algemene Zaken" is one
person's two titles, and the table puts the person to "minister-president" by the letter's date."""
_OFFICE_PART = re.compile(rf"^(?:de\s+)?(?P<rank>{RANKS})?\s*(?:(?:van|voor)\s+(?P<ministry>\S.*?))?[\s,]*$",
                          re.I)


@dataclass(frozen=True)
class MinistryPeriod:
    """One name of a renamed ministry and the half-open interval [start, end) it was in force."""

    family: str
    ministry: str
    start: dt.date | None
    end: dt.date | None
    hosted: bool = False
    """The family's portfolio sat in this ministry, which kept its own name (see the module docstring)."""

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


def title_ministry(name: str | None) -> str | None:
    """"volksgezondheid, welzijn en sport" → "Volksgezondheid, Welzijn en Sport"; mixed case is kept."""
    if not name:
        return None
    words = name.strip(" ,").split()
    return " ".join(
        w.lower() if w.lower() in _SMALL_WORDS and i else w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w
        for i, w in enumerate(words)
    )


def strip_diacritics(text: str) -> str:
    """"Financiën" → "Financien", "Yeşilgöz" → "Yesilgoz": names and ministries are compared without accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def ministry_key(text: str) -> str:
    """Case, accents, "&" and punctuation do not tell ministries apart."""
    text = strip_diacritics(text).casefold().replace("&", " en ")
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


@functools.cache
def _ministries(path: Path = MINISTRIES_FILE) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
        table[ministry_key(row["printed"])] = row["ministry"]
        table[ministry_key(row["ministry"])] = row["ministry"]
    return table


@functools.cache
def _ministry_names(path: Path = MINISTRIES_FILE) -> frozenset[str]:
    return frozenset(ministry_key(name) for name in _ministries(path).values())


@functools.cache
def _periods(path: Path = PERIODS_FILE) -> tuple[MinistryPeriod, ...]:
    def day(value: str) -> dt.date | None:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None

    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    return tuple(MinistryPeriod(r["family"], r["ministry"], day(r["from"]), day(r["to"]), r.get("kind") == "hosted")
                 for r in rows)


def is_ministry_name(printed: str) -> bool:
    """A ministry's own name ("Justitie en Veiligheid"), not a portfolio in it ("Rechtsbescherming")."""
    return ministry_key(printed) in _ministry_names()


def names_a_ministry(printed: str) -> bool:
    """Text the ministry table knows ("Defensie", "BZK", "Rechtsbescherming"), so no person's name."""
    return ministry_key(printed) in _ministries()


def ministry_on(ministry: str, day: dt.date | None, *, hosts: bool = True) -> str:
    """The name `ministry`'s ministry had on `day`; unchanged when it was never renamed or no period covers the day.

    With `hosts`, a portfolio that was not yet a ministry on `day` is its host ministry; an
    office is compared without (`hosts=False`): the portfolio's minister was not the host's.
    """
    if day is None:
        return ministry
    families = {p.family for p in _periods() if p.ministry == ministry and not p.hosted}
    in_force = {p.ministry for p in _periods() if p.family in families and p.covers(day) and (hosts or not p.hosted)}
    return in_force.pop() if len(in_force) == 1 else ministry


def canonical_ministry(printed: str | None, day: dt.date | None = None, *, hosts: bool = True) -> str | None:
    """One name per ministry, whatever the letter printed; None for text that names no ministry.

    A portfolio ("Rechtsbescherming", "zonder portefeuille Justitie en Veiligheid") counts
    under the ministry it sits in. Text that starts with a known ministry and goes on
    ("Infrastructuur en Milieu inzake de brieven van 22 april 2011") is that ministry; a
    name the table does not know is kept, title-cased, unless it looks like a sentence.
    With `day`, a renamed ministry gets the name it had that day (see the module docstring);
    `hosts` as for `ministry_on`.
    """
    if not printed:
        return None
    text = re.sub(r"([a-zë]{3})([A-Z][a-z])", r"\1 \2", " ".join(printed.split()))  # "DefensieKamervragen"
    text = re.sub(r"^(?:(?:het\s+)?ministerie\s+)?(?:zonder\s+portefeuille\s*)?(?:(?:van|voor|bij)\s+)?", "", text,
                  flags=re.IGNORECASE).strip(" ,.;:-–")
    table = _ministries()
    key = ministry_key(text)
    if key in table:
        return ministry_on(table[key], day, hosts=hosts)
    known = [name for name in table if key.startswith(name + " ")]
    if known:
        return ministry_on(table[max(known, key=len)], day, hosts=hosts)
    if not key or re.search(r"\d", key) or len(key.split()) > 6:
        return None
    return title_ministry(text)


def premier_ministry(office: str | None) -> str | None:
    """"Algemene Zaken" for the premier's office, printed without it: the minister-president always holds that ministry,
    so a lijst answered by "de Minister-President" counts for it as one signed "Minister van Algemene Zaken" does.

    Only when the premier answers first: openkamer lists the whole cabinet under a question put to all ministers
    ("David van Weel (minister ), …, Dick Schoof (minister-president )"), which is no letter of Algemene Zaken."""
    premier = re.fullmatch(r"(?:de\s+)?minister-?\s?president", (office or "").strip(), re.I)
    return canonical_ministry("Algemene Zaken") if premier else None


def _several_ministries(part: str) -> bool:
    """"de Ministers van V&J, BZ": commas between whole ministries, not inside one ("Onderwijs, Cultuur en …")."""
    listed = re.sub(r"^(?:de\s+)?\w+\s+(?:van|voor)\s+", "", part, flags=re.I)
    return "," in listed and all(names_a_ministry(name) for name in re.split(r",\s+", listed))


def printed_offices(text: str) -> list[tuple[str, bool, str | None]]:
    """"de Minister en de Staatssecretaris van EZ", "de ministers van BZK en voor IIA": (rank, plural, office) each.

    A rank printed alone takes the ministry printed after it (both are of EZ), a ministry
    printed alone the rank before it ("de ministers van BZ en van Defensie"); text that
    is no office, or a ministry the table cannot read, ends the list rather than guess.
    """
    parts: list[list] = []
    rank = None
    pieces = _OFFICE_SPLIT.split(_PREMIER.sub(PREMIER, " ".join(text.split())))
    pieces = [re.sub(r",\s+", ", van ", p) if _several_ministries(p) else p for p in pieces]
    for part in _OFFICE_SPLIT.split(", ".join(pieces)):
        if re.fullmatch(rf"(?:de\s+)?{PREMIER}[\s,]*", part, re.I):  # one office, whose ministry is not printed
            rank = "minister"
            parts.append([rank, False, PREMIER])
            continue
        match = _OFFICE_PART.match(part)
        if not match or not (match.group("rank") or rank) or not (match.group("rank") or match.group("ministry")):
            break
        printed = (match.group("rank") or "").lower()
        rank = {"m": "minister", "s": "staatssecretaris", "b": "bewindslieden"}.get(printed[:1], rank)
        ministry = match.group("ministry")
        if ministry and canonical_ministry(ministry) is None:
            break
        ministry = canonical_ministry(ministry) if ministry and ministry.isupper() else title_ministry(ministry)
        of = f" van {ministry}" if ministry else ""
        parts.append([rank, printed.endswith(("ministers", "sen", "lieden")), f"{rank}{of}" if of else None])
        for earlier in reversed(parts[:-1] if of else []):
            if earlier[2] is not None:
                break
            earlier[2] = f"{earlier[0]}{of}"
    return [(rank, plural, office) for rank, plural, office in parts]
