"""Which printed names are the same person: the name half of the office-holder table's rules.

A printed name is reduced to its surname — titles (drs., mr., prof., ...) and initials are
dropped, diacritics, apostrophe variants (’t, ‘t, 't) and case are ignored, and the surname
is everything from the first particle (van, de, der, ...) or else the last word; a row's
optional `surname` column says where it starts when that rule is wrong ("Hanke Bruins
Slot"). Two names are the same person when their surnames are equal or one is the first
part of the other's hyphenated surname ("Yesilgöz" and "Yeşilgöz-Zegerius"), and what both
print of a first name agrees: a printed first name must be the table's first name or its
short form ("Ferd" for Ferdinand; "Suzanne Dekker" is not "Sander Dekker", though both start
with S), printed initials must start
with it or be the start of the row's formal initials (its optional `initials` column:
"J.P.H. Donner" signs for Piet Hein Donner).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from classifier.letters.ministries import strip_diacritics

_TITLES = frozenset("drs dr mr ir ing prof bc ba ma msc bsc mba llm ll.m phd jhr jkvr dhr mw mevr mevrouw heer".split())
_PARTICLES = frozenset("van de der den ten ter te 't het in op la le du d' von zu".split())
_INITIALS = re.compile(r"^(?:[a-z]{1,2}\.)+[a-z]?$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_GLUED_PARTICLE = re.compile(r"\b(van|de|der|den|ter|ten)(?=[A-Z])")
_DASHED = re.compile(r"\s*[–—]\s*|\s+-\s*|\s*-\s+")


@dataclass(frozen=True)
class NameParts:
    surname: str
    initial: str | None
    given: str | None = None
    """The first name as printed in full, normalised; None when only initials (or nothing) precede the surname."""


def _respelled(printed: str) -> str:
    """One spelling for what typesetting varies, case and accents kept: ’t/‘t/'t, "A – B"/"A-B", "derSteur"."""
    return _DASHED.sub("-", _GLUED_PARTICLE.sub(r"\1 ", printed.translate(_APOSTROPHES)))


@functools.lru_cache(maxsize=4096)
def _normal(printed: str) -> str:
    """`_respelled`, without accents, case or a leading ": "; cached: every table row is compared with every name."""
    return strip_diacritics(_respelled(printed).lstrip(" :;,.-")).casefold()


def parse_name(printed: str) -> NameParts:
    """Reduce a printed name to surname, first initial and printed first name (see the module docstring)."""
    tokens = [t.strip(",;:") for t in _normal(printed).split()]
    tokens = [t for t in tokens if t and t.rstrip(".") not in _TITLES]
    initial: str | None = None
    rest: list[str] = []
    for token in tokens:
        if _INITIALS.match(token) and token not in _PARTICLES:
            initial = initial or token[0]
        else:
            rest.append(token)
    if not rest:
        return NameParts(surname="", initial=initial)
    start = next((i for i, t in enumerate(rest) if t in _PARTICLES), len(rest) - 1)
    given = rest[:start]
    if given and initial is None:
        initial = given[0][0]
    return NameParts(surname=" ".join(rest[start:]), initial=initial, given=given[0] if given else None)


def same_person(a: str, b: str) -> bool:
    pa, pb = parse_name(a), parse_name(b)
    surnames = {pa.surname, pa.surname.split("-")[0]} & {pb.surname, pb.surname.split("-")[0]}
    if not (pa.surname and pb.surname and (pa.surname in surnames or pb.surname in surnames)):
        return False
    if pa.given and pb.given:
        return same_first_name(pa.given, pb.given)
    return pa.initial is None or pb.initial is None or pa.initial == pb.initial


def clean_name(printed: str) -> str:
    """The printed name without titles and initials, for people not in the table.

    Spelled one way, so that "Van ’t Wout" and "Van 't Wout", or "Van Veldhoven-Van der
    Meer" and "Van Veldhoven-van der Meer", are one group.
    """
    text = _respelled(printed).strip(" :;,.-")
    words = [w for w in text.split() if w.casefold().rstrip(".") not in _TITLES]
    words = [w for w in words if not _INITIALS.match(strip_diacritics(w).casefold())]
    text = " ".join(words) or text
    parts = re.split(r"([\s-])", text)
    text = "".join(p.lower() if i and p.casefold() in _PARTICLES else p for i, p in enumerate(parts))
    return text[:1].upper() + text[1:]


class RowName(NamedTuple):
    full: str  # the row's name, normalised
    forms: frozenset[str]  # the forms its surname is printed in: whole, without the hyphen, or its first part
    given: str | None  # its first name, if the row gives one
    formal: str  # the letters of its formal initials ("jph"), if the row's `initials` column gives them


@functools.lru_cache(maxsize=1024)
def row_name(name: str, surname_column: str | None, initials_column: str | None = None) -> RowName:
    """A row's name as every printed name is compared with it: worked out once per row, not once per comparison."""
    full = _normal(name)
    surname = _normal(surname_column) if surname_column else parse_name(name).surname
    forms = {f.strip() for f in (surname, surname.replace("-", " "), surname.split("-")[0])}
    head = surname.split("-")[0]
    given = full[: full.find(head)].split() if surname and head in full else []
    formal = re.sub(r"[^a-z]", "", _normal(initials_column or ""))
    return RowName(full, frozenset(f for f in forms if f and f != full), given[0] if given else None, formal)


@functools.lru_cache(maxsize=4096)
def _printed_words(printed: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A printed name's initials and its other words, titles left out."""
    words = [w.strip(",;:") for w in _normal(printed).split()]
    words = [w for w in words if w and w.rstrip(".") not in _TITLES]
    initials = tuple(w for w in words if _INITIALS.match(w) and w not in _PARTICLES)
    return initials, tuple(w for w in words if w not in initials)


def same_first_name(a: str, b: str) -> bool:
    """"Ferd" is Ferdinand's short form, so one is the start of the other; "Suzanne" and "Sander" only share an S."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def _initials_agree(initials: tuple[str, ...], row: RowName) -> bool:
    """"K.H." signs for Kajsa; "J.P.H." for Piet Hein only when the row's formal initials start so."""
    letters = re.sub(r"[^a-z]", "", "".join(initials))
    if row.given is None or letters[:1] == row.given[:1]:
        return True
    return bool(row.formal) and row.formal.startswith(letters)


def name_match(printed: str, row: RowName) -> Literal["named", "bare"] | None:
    """"named" when a first name or initials agree too, "bare" for a surname alone, None when not them."""
    initials, rest = _printed_words(printed)
    if " ".join(rest) == row.full:
        return "named"
    for start in range(len(rest)):
        if " ".join(rest[start:]) not in row.forms:
            continue
        if start:  # a first name printed in full is the row's first name (or its short form), or someone else
            if row.given is None or same_first_name(rest[0], row.given):
                return "named"
            continue
        if not initials:
            return "bare"
        if _initials_agree(initials, row):
            return "named"
    return None
