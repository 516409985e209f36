"""Who held an office on a date, and which printed names are the same person.

Letters are signed in many ways: "drs. K.H. Ollongren", "Kajsa Ollongren", "DE
MINISTER VAN DEFENSIE" with no name at all, or only "De minister heeft deze vragen
beantwoord bij brief van 27 januari 2026". A report per minister needs one name per
person, so this module owns two rules and a table:

The table (classifier/data/office_holders.csv, or settings.office_holders, plus any
file the user adds) has the columns `office, name, from, to` and optionally
`ministry`, `source`, `surname` and `initials`. Dates are ISO (YYYY-MM-DD). A term is
the half-open interval [from, to): on a hand-over day the new holder is in office. An empty `to`
means the end is not known (or not yet reached); an empty `from` means the start is
not known, and such a row is only used to recognise the name, never to put a name
to an office by date.

Office by date: the office is compared case- and space-insensitively, its ministry by
the name it had on the letter's date (openkamer's "minister justitie en veiligheid" on a
2013 letter is Opstelten's "minister van Veiligheid en Justitie"). Exactly one row must cover the date; none, or several (an open-ended term overlapping a
successor, two user rows), leave the person unknown — "minister van Defensie (naam
onbekend)" — because the report must never guess. A file added with
`--office-holders` extends the table; its row for a person in an office replaces
the bundled rows for that person in that office, so a user can also correct (or
close) a term. EVASION_OFFICE_HOLDERS replaces the bundled table as a whole.

Same person: the rules are in classifier/letters/personnames.py (surname, particles, and a
printed first name or initials that must agree with the row's; the optional `initials`
column gives the formal initials a person signs with: "J.P.H." for Piet Hein Donner). A
printed name whose first name or initials match a table row is reported under the
table's spelling. A bare surname is only a person when exactly one table row with that
surname covers the letter's date and fits the office (rank and ministry) it was signed
for: "Staatssecretaris Rutte" in 2025 is not the prime minister of 2010-2024. An undated
letter has only the office: the surname is a person when exactly one person the table
knows by it ever held an office of that rank and ministry ("Rutte" as minister-president
is Mark Rutte). Otherwise (no one fits, or neither date nor office is known) it stays the
surname, and when several people the table knows by it fit the group says so ("Wiersma
(dubbelzinnig: …)") rather than pooling them under one name.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from classifier.config import get_settings
from classifier.errors import InputNotFound, OfficeHoldersError
from classifier.letters.ministries import canonical_ministry, is_ministry_name, strip_diacritics
from classifier.letters.personnames import NameParts, clean_name, name_match, parse_name, row_name, same_person

__all__ = ["NameParts", "OfficeHolder", "OfficeHolders", "Resolution", "clean_name", "load_office_holders",
           "parse_name", "read_office_holders", "same_person"]  # the name rules are imported from here too

REQUIRED_COLUMNS: tuple[str, ...] = ("office", "name", "from", "to")
UNKNOWN_NAME = "naam onbekend"
AMBIGUOUS_NAME = "dubbelzinnig"

_ARTICLE = re.compile(r"^(?:de|het)\s+", re.IGNORECASE)
_MINISTRY_OF = re.compile(
    r"^(?:(?:vice)?minister(?:-president)?|staatssecretaris)(?:\s+zonder\s+portefeuille)?\s+(?:van|voor|bij)\s+"
    r"(?P<ministry>.+)$",
    re.IGNORECASE,
)
_LOWER_WORDS = frozenset({"en", "van", "voor", "de", "het"})


@dataclass(frozen=True)
class OfficeHolder:
    office: str
    name: str
    start: dt.date | None
    end: dt.date | None
    ministry: str | None = None
    source: str = ""
    surname: str | None = None
    """Where the surname starts when the particle-or-last-word rule is wrong ("Bruins Slot")."""
    initials: str | None = None
    """The formal initials the person signs with when they are not the first name's ("J.P.H." for Piet Hein)."""

    def covers(self, day: dt.date) -> bool:
        """True only when the start is known: an unknown start cannot place anyone in office."""
        if self.start is None or day < self.start:
            return False
        return self.end is None or day < self.end


@dataclass(frozen=True)
class Resolution:
    """Who a signatory is, and how we know."""

    name: str
    """The person, or "<office> (naam onbekend)"."""
    office: str | None
    ministry: str | None
    how: Literal["named", "office_table", "unknown"]
    detail: str = ""
    """Why it is unknown, or which table row gave the name; shown in the report's notes."""


@functools.lru_cache(maxsize=4096)
def office_key(office: str) -> str:
    """Make "De MINISTER  van Defensie" and "minister van defensie" one office."""
    text = _ARTICLE.sub("", " ".join(office.split()))
    return re.sub(r"^(\S+) voor ", r"\1 van ", strip_diacritics(text).casefold())  # "minister voor/van BHOS"


def display_office(office: str) -> str:
    """Print an office the way letters do: "staatssecretaris van Defensie"."""
    text = _ARTICLE.sub("", " ".join(office.split()))
    match = _MINISTRY_OF.match(text)
    if not match:
        return text.lower() if text.isupper() else text[:1].lower() + text[1:]
    words = match.group("ministry").split()
    ministry = " ".join(w.lower() if w.lower() in _LOWER_WORDS else w[:1].upper() + w[1:].lower() for w in words)
    head = text[: match.start("ministry")].lower()
    return head + ministry


def ministry_of(office: str, day: dt.date | None = None) -> str | None:
    """The ministry an office belongs to ("minister voor Rechtsbescherming" → "Justitie en Veiligheid") on `day`."""
    match = _MINISTRY_OF.match(display_office(office))
    return canonical_ministry(match.group("ministry"), day) if match else None


@functools.lru_cache(maxsize=65536)
def office_on(office: str, day: dt.date | None) -> str:
    """`office_key`, a renamed ministry named as on `day`; a portfolio ("voor Rechtsbescherming") stays itself."""
    key = office_key(office)
    match = _MINISTRY_OF.match(key)
    if day is None or not match or not is_ministry_name(match.group("ministry")):
        return key
    return key[: match.start("ministry")] + office_key(canonical_ministry(match.group("ministry"), day, hosts=False) or "")


def _rank(office: str | None) -> str | None:
    key = office_key(office or "")
    if key.startswith("staatssecretaris"):
        return "staatssecretaris"
    return "minister" if key.startswith(("minister", "viceminister")) else None


class OfficeHolders:
    """The office-holder table, in file order."""

    def __init__(self, rows: Iterable[OfficeHolder] = ()) -> None:
        self.rows: list[OfficeHolder] = list(rows)

    def extended(self, rows: Iterable[OfficeHolder]) -> OfficeHolders:
        """This table plus `rows`; a new row replaces the old ones for the same person in the same office."""
        new = list(rows)

        def replaced(old: OfficeHolder) -> bool:
            return any(
                office_key(old.office) == office_key(row.office) and same_person(old.name, row.name) for row in new
            )

        kept = [old for old in self.rows if not replaced(old)]
        return OfficeHolders([*kept, *new])

    def _fits(self, row: OfficeHolder, office: str | None, day: dt.date | None) -> bool:
        """The row's office agrees with the one signed for, as far as that is known (ministries named as on `day`)."""
        if not office:
            return True
        rank, row_rank = _rank(office), _rank(row.office)
        if rank and row_rank and rank != row_rank:
            return False
        ministry = self.ministry_for(office, day)
        row_ministry = canonical_ministry(row.ministry, day) or ministry_of(row.office, day)
        return not (ministry and row_ministry and ministry != row_ministry)

    def canonical_name(self, printed: str, *, day: dt.date | None = None, office: str | None = None) -> str | None:
        """The table's spelling of this person, or None when the table cannot tell who it is.

        A bare surname needs a row in office on `day` (and in `office`, when known), or on an
        undated letter one person who ever held `office`: a surname is shared across decades,
        a first name or initial much less.
        """
        named = {row.name for row in self.rows if self._match(printed, row) == "named"}
        placed = day is not None or bool(office and (_rank(office) or self.ministry_for(office)))
        found = named or (set(self.namesakes(printed, day=day, office=office)) if placed else set())
        # Several people sharing the name, with nothing printed to tell them apart: no guess.
        return found.pop() if len(found) == 1 else None

    def namesakes(self, printed: str, *, day: dt.date | None = None, office: str | None = None) -> list[str]:
        """The people in the table a bare surname could be: in office on `day` when it is known, and in `office`.

        Without a date the office still tells people apart: only Mark Rutte was ever
        minister-president, Arno Rutte a staatssecretaris.
        """
        rows = [row for row in self.rows if self._match(printed, row) == "bare" and self._fits(row, office, day)]
        return sorted({row.name for row in rows if day is None or row.covers(day)})

    @staticmethod
    def _match(printed: str, row: OfficeHolder) -> Literal["named", "bare"] | None:
        return name_match(printed, row_name(row.name, row.surname, row.initials))

    def ministry_for(self, office: str, day: dt.date | None = None) -> str | None:
        """The ministry of an office; a row in office on `day` first, since a portfolio can move ministry."""
        key = office_on(office, day)
        rows = [row for row in self.rows if office_on(row.office, day) == key and row.ministry]
        in_office = [row for row in rows if day and row.covers(day)]
        if in_office:
            return canonical_ministry(in_office[0].ministry, day)
        return ministry_of(office, day) or (canonical_ministry(rows[0].ministry, day) if rows else None)

    def display_office(self, office: str) -> str:
        key = office_key(office)
        return next((row.office for row in self.rows if office_key(row.office) == key), display_office(office))

    def holder(self, office: str, day: dt.date) -> tuple[OfficeHolder | None, list[OfficeHolder]]:
        """The one row covering `day`, or None and the candidates that made it ambiguous."""
        key = office_on(office, day)
        covering = [row for row in self.rows if office_on(row.office, day) == key and row.covers(day)]
        return (covering[0] if len(covering) == 1 else None), covering

    def resolve(self, *, name: str | None, office: str | None, day: dt.date | None) -> Resolution:
        """Put a person to a signatory: by printed name if there is one, else by office and date."""
        shown_office = self.display_office(office) if office else None
        ministry = self.ministry_for(office, day) if office else None
        if name and name.strip():
            canonical = self.canonical_name(name, day=day, office=office)
            if canonical is None and len(namesakes := self.namesakes(name, day=day, office=office)) > 1:
                shown = f"{clean_name(name)} ({AMBIGUOUS_NAME}: {' / '.join(namesakes)})"
                why = f"{len(namesakes)} office holders share the name and fit {day or 'an unknown date'}"
                return Resolution(shown, shown_office, ministry, "named", why)
            if canonical and day and office_key(office or "") in ("", "minister", "staatssecretaris"):
                # "Beantwoord door Kuipers", "Grapperhaus (minister )": the table knows the office held that day
                held = [r for r in self.rows if r.name == canonical and r.covers(day) and self._fits(r, office, day)]
                if len(held) == 1:
                    shown_office, ministry = held[0].office, self.ministry_for(held[0].office, day)
            return Resolution(canonical or clean_name(name), shown_office, ministry, "named")
        unknown = f"{shown_office or 'ondertekenaar'} ({UNKNOWN_NAME})"
        if not office:
            return Resolution(unknown, None, None, "unknown", "the signature names neither a person nor an office")
        if day is None:
            why = "the letter has no date to look the office up"
            return Resolution(unknown, shown_office, ministry, "unknown", why)
        row, candidates = self.holder(office, day)
        if row is None:
            if candidates:
                why = f"several office holders fit {day.isoformat()} ({', '.join(sorted({c.name for c in candidates}))})"
            else:
                why = f"no office holder in the table for {day.isoformat()}"
            return Resolution(unknown, shown_office, ministry, "unknown", why)
        return Resolution(
            row.name,
            shown_office,
            canonical_ministry(row.ministry, day) or ministry,
            "office_table",
            f"{shown_office} on {day.isoformat()}",
        )


def _parse_date(value: str, *, column: str, line: int, path: Path) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OfficeHoldersError(
            f"expected an ISO date (YYYY-MM-DD) or nothing in column {column!r}, found {value!r}",
            path=path,
            line=line,
        ) from None


def read_office_holders(path: str | Path) -> list[OfficeHolder]:
    """Read one CSV of office holders, checking every row so a typo is found before a report is wrong."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound("expected a CSV file of office holders, found nothing there", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OfficeHoldersError(f"expected UTF-8 text, found undecodable bytes ({exc.reason})", path=path) from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise OfficeHoldersError(
            f"expected the columns {', '.join(REQUIRED_COLUMNS)}, found {', '.join(columns) or 'no header'} "
            f"(missing {', '.join(missing)})",
            path=path,
        )
    rows: list[OfficeHolder] = []
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(record.values()):
            continue
        if not record["office"] or not record["name"]:
            raise OfficeHoldersError("expected an office and a name, found an empty one", path=path, line=line)
        start = _parse_date(record["from"], column="from", line=line, path=path)
        end = _parse_date(record["to"], column="to", line=line, path=path)
        if start and end and end <= start:
            raise OfficeHoldersError(
                f"expected 'to' after 'from', found {start.isoformat()} to {end.isoformat()}", path=path, line=line
            )
        rows.append(
            OfficeHolder(
                office=" ".join(record["office"].split()),
                name=" ".join(record["name"].split()),
                start=start,
                end=end,
                ministry=record.get("ministry") or None,
                source=record.get("source", ""),
                surname=record.get("surname") or None,
                initials=record.get("initials") or None,
            )
        )
    return rows


@functools.lru_cache(maxsize=4)
def _table_at(path: str, mtime: float) -> OfficeHolders:
    return OfficeHolders(read_office_holders(path))


def settings_office_holders() -> OfficeHolders:
    """The table the settings name, read once per file version: reading a letter's metadata and drawing its page
    both ask it for every letter."""
    path = Path(get_settings().office_holders)
    return _table_at(str(path), path.stat().st_mtime if path.is_file() else 0.0)


def load_office_holders(extra: Sequence[str | Path] = ()) -> OfficeHolders:
    """The table from settings (EVASION_OFFICE_HOLDERS or the bundled CSV), extended by `extra` files."""
    table = OfficeHolders(read_office_holders(get_settings().office_holders))
    for path in extra:
        table = table.extended(read_office_holders(path))
    return table
