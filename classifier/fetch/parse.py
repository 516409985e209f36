"""Reading tkapi's objects into the project's records: dates, numbers, resource
addresses, ministers and their ministries, the main zaak of a document, and the file
kind of a downloaded body."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from classifier.errors import UnexpectedPayload
from classifier.fetch.models import (
    AnswerRecord,
    Minister,
    ZaakInfo,
)

RESOURCE_KEY = "#TK.DA.GGM.OData.Resource"

_OFFICE = re.compile(r"^(?:de\s+)?(minister-president|viceminister-president|minister|staatssecretaris)\b\s*"
                     r"(?:(van|voor)\s+(?P<rest>.+?))?\s*$", re.I)
_COMMITTEE = re.compile(r"^\s*(?:(?:vaste|algemene|tijdelijke)\s+)?commissie\s+(?:voor|van)\s+(?:de\s+)?"
                        r"(?P<rest>.+?)\s*$", re.I)
_SUFFIXES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}


# -- reading tkapi items --------------------------------------------------------------------------------


def inline_items(item: Any, kind: type, key: str) -> list[Any]:
    value = item.json.get(key)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, dict) for v in values):
        raise UnexpectedPayload(f"expected {key} objects in the expanded {type(item).__name__}, found "
                                f"{type(values[0]).__name__ if values else 'nothing'}")
    return [kind(v) for v in values if not v.get("Verwijderd", False)]


def text_field(item: Any, key: str) -> str:
    value = item.json.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnexpectedPayload(f"expected text in {key} of {type(item).__name__} {item.id or ''}".rstrip()
                                + f", found {type(value).__name__}")
    return value.strip()


def date_field(item: Any, key: str) -> dt.date | None:
    value = item.json.get(key)
    if not value:
        return None
    try:
        return item.get_date_from_datetime_or_none(key)
    except (ValueError, TypeError, OverflowError):
        raise UnexpectedPayload(f"expected a date in {key} of {type(item).__name__} {item.id}, "
                                f"found {value!r}") from None


def int_field(item: Any, key: str) -> int | None:
    value = item.json.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnexpectedPayload(f"expected a whole number in {key} of {type(item).__name__} {item.id}, found {value!r}")
    return value


def resource_url_of(document: Any) -> str | None:
    resource = document.json.get(RESOURCE_KEY)
    if resource is None:
        return None
    if not isinstance(resource, dict) or not isinstance(resource.get("target"), str):
        raise UnexpectedPayload(f"expected {RESOURCE_KEY} with a `target` URL in document {document.id}")
    return document.bestand_url


def zaak_info_of(zaak: Any) -> ZaakInfo:
    return ZaakInfo(id=zaak.id, number=zaak.nummer or None, kind=text_field(zaak, "Soort") or None,
                    subject=zaak.onderwerp or None, started=date_field(zaak, "GestartOp"))


def primary_zaak(zaken: list[Any]) -> Any | None:
    """The Zaak of the questions: one of kind "Schriftelijke vragen", else the first."""
    for zaak in zaken:
        if text_field(zaak, "Soort") == "Schriftelijke vragen":
            return zaak
    return zaken[0] if zaken else None


def minister_of(name: str, function: str, *, relation: str | None) -> Minister | None:
    """A Minister from an actor's name and function; None for an actor that holds no government office."""
    office = function.strip() or None
    person: str | None = name.strip() or None
    if person and _OFFICE.match(person) and (office is None or office.lower() == person.lower()):
        office, person = person, None  # the API names the office, not the person
    if office is None or not _OFFICE.match(office):
        return None
    return Minister(name=person, office=office, ministry=ministry_of(office), relation=relation)


def ministry_of(office: str | None) -> str | None:
    """"minister van Justitie en Veiligheid" → "Justitie en Veiligheid"; "minister voor Klimaat …" → None."""
    match = _OFFICE.match(office or "")
    if not match or (match.group(2) or "").lower() != "van" or not match.group("rest"):
        return None
    return match.group("rest").strip(" ,")


def matches_ministry(record: AnswerRecord, needle: str) -> bool:
    """Does any minister the record names (office, ministry or person) contain `needle`, in any case?

    A record put to no minister (a list of questions: its ZaakActors are a committee, not a
    "Gericht aan") matches by its committee's field instead: "vaste commissie voor Defensie" is
    Defensie's, so `--ministry defensie` keeps the lists of the defence budget.
    """
    wanted = " ".join(needle.casefold().split())
    texts = [text for minister in [*record.addressed_to, *record.document_actors]
             for text in (minister.office, minister.ministry, minister.name)]
    if not record.addressed_to:
        texts += [committee_field(name) for name in record.committees]
    return any(text and wanted in " ".join(text.casefold().split()) for text in texts)


def committee_field(name: str) -> str:
    """"vaste commissie voor Justitie en Veiligheid" → "Justitie en Veiligheid"; another name as it is.

    The words every committee's name shares are left out, so that a needle such as "commissie"
    or "vaste" does not match every list."""
    match = _COMMITTEE.match(name)
    return match.group("rest") if match else name.strip()


def file_suffix(body: bytes, declared: str | None) -> str:
    """The extension the bytes are: a PDF, a Word (.docx) package, or an old Word (.doc) file.

    The file decides, not the declared type; bytes that are none of these (an HTML error page
    served with 200) are an UnexpectedPayload.
    """
    declared_type = (declared or "").split(";")[0].strip().lower()
    if body.startswith(b"%PDF-"):
        return ".pdf"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".doc"
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as package:
                if "word/document.xml" in package.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            pass
    start = body[:40].decode("latin-1").replace("\n", " ")
    raise UnexpectedPayload(f"expected a PDF or Word file, found {declared_type or 'no declared type'} "
                            f"starting {start!r}")
