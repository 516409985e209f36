"""Talking to the Tweede Kamer OData API through openkamer's `tkapi`.

tkapi builds the queries (`Document.create_filter`, `TKApi.create_query_params` with its
`Verwijderd eq false`, the `$expand` and `$orderby` of the item class), pages through
`@odata.nextLink`, and wraps the JSON in its item classes (`Document`, `Zaak`, `ZaakActor`,
`DocumentActor`, `Fractie`) whose properties read the fields. What tkapi leaves out is what a
long download needs, so its one network call, `TKApi._request_json` (a bare `requests.get`
that logs errors and returns whatever came), is replaced in a subclass bound to a
`Transport`:

- polite: at most one request per `Politeness.min_interval` seconds;
- retried: 429 and 5xx answers and dropped connections are tried again after a backoff that
  doubles (1, 2, 4 … seconds, or what the server's Retry-After says), `max_attempts` in all;
- typed: what still fails is a NetworkError, ApiError or UnexpectedPayload (classifier.errors),
  never a log line and a half-read page;
- testable: `sleep` and `clock` are injectable, so a test of the backoff does not wait.

The subclass also carries its own `api_root`: tkapi keeps the root in a class attribute that
`TKApi(api_root=…)` overwrites for every user of the library in the process.

Only this module imports tkapi and requests; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from classifier.errors import ApiError, FetchError, InputTooLarge, NetworkError, NoResource, UnexpectedPayload
from classifier.fetch.models import (
    ANSWER_KINDS,
    POSTPONEMENT,
    QUESTION_KINDS,
    AnswerRecord,
    Member,
    Minister,
    Postponement,
    ZaakInfo,
)

JSON_FORMAT = "application/json;odata.metadata=full"
"""The `$format` tkapi asks for: full metadata carries the `#TK.DA.GGM.OData.Resource` target of a
document's file and the `@odata.navigationLink` of every relation."""

RESOURCE_KEY = "#TK.DA.GGM.OData.Resource"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SUBMITTER_RELATIONS = ("Indiener", "Medeindiener")
"""tkapi's ZaakActorRelatieSoort.INDIENER and MEDEINDIENER, first submitter first."""
ADDRESSED_RELATION = "Gericht aan"
"""tkapi's ZaakActorRelatieSoort.GERICHT_AAN: the member of government the questions are put to."""
EXPAND = ("DocumentActor", "Zaak($expand=ZaakActor($expand=Fractie),Document)")
"""One request per page brings each answer with its Zaak, the Zaak's actors (and their party) and
the Zaak's other documents (the questions, any postponement notice), instead of one request per
relation per document."""

_OFFICE = re.compile(r"^(?:de\s+)?(minister-president|viceminister-president|minister|staatssecretaris)\b\s*"
                     r"(?:(van|voor)\s+(?P<rest>.+?))?\s*$", re.I)
_SUFFIXES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
}


@dataclass(frozen=True)
class Politeness:
    """How hard `evasion fetch` may lean on the API."""

    min_interval: float = 0.5
    """Seconds between the starts of two requests."""
    max_attempts: int = 5
    """Tries per request, the first included, for 429, 5xx and dropped connections."""
    backoff: float = 1.0
    """The wait before the second try; it doubles before each next one."""
    max_wait: float = 120.0
    """No single wait is longer, whatever a Retry-After asks."""
    timeout: float = 60.0
    """Seconds to wait for a connection or for the next bytes of an answer."""


@dataclass(frozen=True)
class Wait:
    """A backoff the transport is about to sleep, for whoever shows progress."""

    seconds: float
    attempt: int
    why: str


class Transport:
    """GET with pacing, retries and typed errors over one `requests.Session`."""

    def __init__(
        self,
        *,
        politeness: Politeness | None = None,
        session: Any = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        on_wait: Callable[[Wait], None] | None = None,
        user_agent: str | None = None,
    ) -> None:
        import requests

        self.politeness = politeness or Politeness()
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("User-Agent", user_agent or _user_agent())
        self.sleep = sleep if sleep is not None else time.sleep  # looked up now, so a test can patch time.sleep
        self.clock = clock if clock is not None else time.monotonic
        self.on_wait = on_wait
        self.requests = 0
        """Requests sent, retries included."""
        self._last: float | None = None

    def get(
        self, url: str, params: dict[str, Any] | None = None, *, max_bytes: int | None = None
    ) -> tuple[int, str, bytes]:
        """(status, content type, body) of a GET; 429/5xx and dropped connections are retried.

        Any other status is returned for the caller to judge (a 404 of a file is "no file",
        of a listing an API error). A body over `max_bytes` is InputTooLarge, read no further.
        """
        import requests

        transient = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                     requests.exceptions.ContentDecodingError)
        host = urlsplit(url).netloc or url
        attempt = 0
        while True:
            attempt += 1
            self._pace()
            self.requests += 1
            try:
                with self.session.get(url, params=params, timeout=self.politeness.timeout, stream=True) as response:
                    status = response.status_code
                    content_type = response.headers.get("Content-Type", "")
                    retry_after = response.headers.get("Retry-After")
                    if status in RETRY_STATUSES:
                        body = b""
                    else:
                        body = _read_body(response, max_bytes)
            except transient as exc:
                if attempt >= self.politeness.max_attempts:
                    raise NetworkError(f"cannot reach {host}: {_short(exc)} ({attempt} tries)",
                                       hint="check the internet connection, or point --api at a reachable root"
                                       ) from None
                self._wait(self._delay(attempt, None), attempt, f"no answer from {host}")
                continue
            except requests.RequestException as exc:  # an invalid URL, too many redirects: trying again will not help
                raise NetworkError(f"cannot ask {host}: {_short(exc)}") from None
            if status in RETRY_STATUSES:
                if attempt >= self.politeness.max_attempts:
                    raise ApiError(f"{host} answered HTTP {status} to {attempt} tries in a row",
                                   hint="the API is busy or down; run the same command later to resume")
                self._wait(self._delay(attempt, retry_after), attempt, f"HTTP {status} from {host}")
                continue
            return status, content_type, body

    def _pace(self) -> None:
        if self._last is not None:
            wait = self._last + self.politeness.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.politeness.backoff * 2 ** (attempt - 1)
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            delay = asked
        return max(0.0, min(delay, self.politeness.max_wait))

    def _wait(self, seconds: float, attempt: int, why: str) -> None:
        if self.on_wait is not None:
            self.on_wait(Wait(seconds=seconds, attempt=attempt, why=why))
        self.sleep(seconds)


@dataclass(frozen=True)
class AnswerQuery:
    """Which answers to list. Dates are inclusive days."""

    since: dt.date | None = None
    until: dt.date | None = None
    kinds: tuple[str, ...] = ANSWER_KINDS["kamervragen"] + ANSWER_KINDS["lijsten"]
    """Document.Soort values."""
    ministry: str | None = None
    """Keep answers whose addressed minister's office, ministry or name contains this (any case)."""
    limit: int | None = None

    def wants(self, record: AnswerRecord) -> bool:
        """Filters the API is not asked to apply: the exact days, and the ministry."""
        if record.date is not None:
            if self.since is not None and record.date < self.since:
                return False
            if self.until is not None and record.date > self.until:
                return False
        if self.ministry:
            return matches_ministry(record, self.ministry)
        return True


@dataclass
class Listed:
    """One item of a listing: the record, or why the API's entry could not be read."""

    record: AnswerRecord | None = None
    error: FetchError | None = None
    label: str = ""
    """The document number or Id, for messages about an entry that failed."""
    ends_listing: bool = False
    """A page of the listing failed: nothing after it was listed."""


@dataclass(frozen=True)
class Downloaded:
    content: bytes
    suffix: str
    """".pdf", ".docx" or ".doc", from the bytes themselves (the declared type is checked against them)."""


@dataclass
class TKClient:
    """The answers of a period, and their files, from the API at `api_root`."""

    api_root: str = ""
    transport: Transport = field(default_factory=Transport)
    max_bytes: int | None = None
    """A larger file is refused (default: EVASION_MAX_INPUT_BYTES, which `evasion score` would refuse too)."""

    def __post_init__(self) -> None:
        from classifier.config import get_settings, tk_api_root

        settings = get_settings()
        self.api_root = tk_api_root(self.api_root or settings.tk_api, name="--api")
        if self.max_bytes is None:
            self.max_bytes = settings.max_input_bytes
        self._api = _bound_api(self.transport, self.api_root)

    # -- listing ------------------------------------------------------------------------------------

    def answers(self, query: AnswerQuery, on_page: Callable[[int], None] | None = None) -> Iterator[Listed]:
        """Every answer document the query asks for, oldest first, page by page as they are read.

        The API is asked for the kinds and a window one day wider than the dates on each side
        (its dates are local times, the filter's UTC); the exact days and the ministry are
        filtered here. A first page that cannot be had raises its FetchError; a later one ends
        the listing with a `Listed` carrying the error, so what was listed can still be fetched.
        """
        from tkapi.document import Document
        from tkapi.filter import Filter
        from tkapi.util import util

        document_filter = Document.create_filter()
        kinds = " or ".join(f"Soort eq '{Filter.escape(kind)}'" for kind in query.kinds)
        # tkapi's filter_soort(is_or=True) appends "or" terms unbracketed, which "and" would bind first
        document_filter.add_filter_str(f"({kinds})")
        if query.since is not None:
            start = dt.datetime.combine(query.since - dt.timedelta(days=1), dt.time())
            document_filter.add_filter_str("Datum ge " + util.datetime_to_odata(start))
        if query.until is not None:
            end = dt.datetime.combine(query.until + dt.timedelta(days=2), dt.time())
            document_filter.add_filter_str("Datum lt " + util.datetime_to_odata(end))
        answer_document = _answer_document()
        params = self._api.create_query_params(tkitem=answer_document, filter=document_filter)
        page = self._api._request_json(answer_document.type, params)
        pages = 0
        while True:
            values = page.get("value")
            if not isinstance(values, list):
                error = UnexpectedPayload(f"expected a page of documents with a `value` list, found keys "
                                          f"{', '.join(sorted(page)[:6]) or 'none'}")
                if pages == 0:
                    raise error
                yield Listed(error=error, label=f"page {pages + 1} of the listing", ends_listing=True)
                return
            pages += 1
            if on_page is not None:
                on_page(pages)
            for item in values:
                yield self._listed(item)
            next_link = page.get("@odata.nextLink")
            if not next_link:
                return
            try:
                page = self._api._request_json(str(next_link))
            except FetchError as exc:
                yield Listed(error=exc, label=f"page {pages + 1} of the listing", ends_listing=True)
                return

    def _listed(self, item: object) -> Listed:
        label = "a listed document"
        if isinstance(item, dict):
            label = str(item.get("DocumentNummer") or item.get("Id") or label)
        try:
            if not isinstance(item, dict):
                raise UnexpectedPayload(f"expected a document object in the listing, found {type(item).__name__}")
            return Listed(record=self.record(item), label=label)
        except FetchError as exc:
            return Listed(error=exc, label=label)

    def record(self, item: dict[str, Any]) -> AnswerRecord:
        """An AnswerRecord from one Document of the API, its relations expanded or fetched."""
        from tkapi.document import Document, DocumentActor
        from tkapi.zaak import Zaak, ZaakActor

        document = Document(item)
        if not document.id:
            raise UnexpectedPayload("a document without an Id")
        if not document.nummer:
            raise UnexpectedPayload(f"document {document.id} has no DocumentNummer")
        zaken = self._related(document, Zaak)
        members: list[Member] = []
        addressed: list[Minister] = []
        questions: list[dt.date] = []
        postponements: dict[str, Postponement] = {}
        for zaak in zaken:
            actors = self._related(zaak, ZaakActor)
            for relation in SUBMITTER_RELATIONS:
                for actor in actors:
                    if _text(actor, "Relatie") == relation and actor.naam:
                        member = Member(name=actor.naam, party=self._party(actor), relation=relation)
                        if all((m.name, m.party) != (member.name, member.party) for m in members):
                            members.append(member)
            for actor in actors:
                if _text(actor, "Relatie") == ADDRESSED_RELATION:
                    minister = _minister(actor.naam, actor.functie, relation=ADDRESSED_RELATION)
                    if minister is not None and minister not in addressed:
                        addressed.append(minister)
            for other in self._related(zaak, Document):
                kind = _text(other, "Soort")
                if kind in QUESTION_KINDS:
                    asked = _date(other, "Datum")
                    if asked is not None:
                        questions.append(asked)
                elif kind == POSTPONEMENT and other.id not in postponements:
                    postponements[other.id] = Postponement(id=other.id, number=other.nummer or None,
                                                           date=_date(other, "Datum"),
                                                           title=other.onderwerp or other.titel or None)
        infos = [_zaak_info(zaak) for zaak in zaken]
        primary = _primary_zaak(zaken)
        zaak_info = infos[zaken.index(primary)] if primary is not None else None
        signers = []
        for actor in self._related(document, DocumentActor):
            minister = _minister(actor.naam, actor.functie, relation=_text(actor, "Relatie") or None)
            if minister is not None and minister.office and minister not in signers:
                signers.append(minister)
        date = _date(document, "Datum")
        return AnswerRecord(
            id=document.id,
            number=document.nummer,
            kind=_text(document, "Soort"),
            date=date,
            received=_date(document, "DatumOntvangst"),
            title=document.titel or None,
            subject=document.onderwerp or None,
            session_year=document.vergaderjaar or None,
            annex_number=document.aanhangselnummer or None,
            content_type=_text(document, "ContentType") or None,
            content_length=_int(document, "ContentLength"),
            resource_url=_resource_url(document),
            zaak=zaak_info,
            related_zaken=[info for info in infos if info is not zaak_info],
            submitters=members,
            addressed_to=addressed,
            document_actors=signers,
            date_asked=min(questions) if questions else (zaak_info.started if zaak_info else None),
            date_answered=date,
            postponements=sorted(postponements.values(), key=lambda p: (p.date or dt.date.max, p.id)),
        )

    def _party(self, actor: Any) -> str | None:
        from tkapi.fractie import Fractie

        named = _text(actor, "ActorFractie")
        if named:
            return named
        if "Fractie" in actor.json:  # expanded: read it; a bare navigation link is not worth a request
            for fractie in _inline(actor, Fractie, "Fractie"):
                return fractie.afkorting or fractie.naam or None
        return None

    def _related(self, item: Any, kind: type, key: str | None = None) -> list[Any]:
        """The items of a relation: from the expanded JSON when it is there, else through the transport."""
        key = key or kind.type
        if key in item.json:
            return _inline(item, kind, key)
        link = item.json.get(f"{key}@odata.navigationLink")
        if not link:
            return []
        return [found for found in self._api.get_related(kind, related_url=str(link))
                if not found.json.get("Verwijderd", False)]

    # -- files ----------------------------------------------------------------------------------------

    def download(self, record: AnswerRecord) -> Downloaded:
        """The document's file, as the API serves it (the original .docx or .pdf)."""
        if record.content_length == 0 or (record.content_type is None and record.content_length is None):
            raise NoResource("the API lists no file for this document (no ContentType, no ContentLength)")
        url = record.resource_url or f"{self.api_root}Document({record.id})/resource"
        status, content_type, body = self.transport.get(url, max_bytes=self.max_bytes)
        if status in (204, 404, 410) or (status == 200 and not body):
            raise NoResource(f"the API has no file for this document (HTTP {status})")
        if status != 200:
            raise ApiError(f"the file answered HTTP {status}: {_odata_message(body) or 'no message'}")
        return Downloaded(content=body, suffix=file_suffix(body, record.content_type or content_type))


# -- tkapi, bound to a transport ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _answer_document() -> Any:
    """tkapi's Document, listed with its relations expanded, oldest first (Id breaks ties, so pages are stable).

    Made on first use, so that importing classifier.fetch does not import tkapi."""
    from tkapi.document import Document

    class AnswerDocument(Document):
        expand_params = list(EXPAND)
        orderby_param = "Datum,Id"

    return AnswerDocument


def _bound_api(transport: Transport, api_root: str) -> Any:
    """A TKApi subclass whose requests go through `transport`, with its own `api_root`."""
    from tkapi.tkapi import TKApi

    class BoundTKApi(TKApi):
        @classmethod
        def _request_json(cls, url: str, params: dict[str, Any] | None = None, max_items: int | None = None) -> dict:
            # tkapi's own: the same $format, $top and root prefix, then our transport and errors
            url = url.strip()
            params = dict(params or {})
            if "$format" not in url and "%24format" not in url.lower():  # a next link may encode the "$"
                params["$format"] = JSON_FORMAT
            if max_items is not None:
                params["$top"] = max_items
            if not re.match(r"^https?://", url, re.I) and cls.api_root.strip().lower() not in url.lower():
                url = cls.api_root + url
            status, content_type, body = transport.get(url, params=params)
            if status == 204:
                return {}
            if status != 200:
                message = _odata_message(body)
                raise ApiError(f"the API answered HTTP {status}" + (f": {message}" if message else ""),
                               hint=None if status != 404 else "is --api (or EVASION_TK_API) the OData root?")
            return _json_object(body, content_type)

    BoundTKApi.api_root = api_root
    return BoundTKApi


# -- reading tkapi items --------------------------------------------------------------------------------


def _inline(item: Any, kind: type, key: str) -> list[Any]:
    value = item.json.get(key)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, dict) for v in values):
        raise UnexpectedPayload(f"expected {key} objects in the expanded {type(item).__name__}, found "
                                f"{type(values[0]).__name__ if values else 'nothing'}")
    return [kind(v) for v in values if not v.get("Verwijderd", False)]


def _text(item: Any, key: str) -> str:
    value = item.json.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnexpectedPayload(f"expected text in {key} of {type(item).__name__} {item.id or ''}".rstrip()
                                + f", found {type(value).__name__}")
    return value.strip()


def _date(item: Any, key: str) -> dt.date | None:
    value = item.json.get(key)
    if not value:
        return None
    try:
        return item.get_date_from_datetime_or_none(key)
    except (ValueError, TypeError, OverflowError):
        raise UnexpectedPayload(f"expected a date in {key} of {type(item).__name__} {item.id}, "
                                f"found {value!r}") from None


def _int(item: Any, key: str) -> int | None:
    value = item.json.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnexpectedPayload(f"expected a whole number in {key} of {type(item).__name__} {item.id}, found {value!r}")
    return value


def _resource_url(document: Any) -> str | None:
    resource = document.json.get(RESOURCE_KEY)
    if resource is None:
        return None
    if not isinstance(resource, dict) or not isinstance(resource.get("target"), str):
        raise UnexpectedPayload(f"expected {RESOURCE_KEY} with a `target` URL in document {document.id}")
    return document.bestand_url


def _zaak_info(zaak: Any) -> ZaakInfo:
    return ZaakInfo(id=zaak.id, number=zaak.nummer or None, kind=_text(zaak, "Soort") or None,
                    subject=zaak.onderwerp or None, started=_date(zaak, "GestartOp"))


def _primary_zaak(zaken: list[Any]) -> Any | None:
    """The Zaak of the questions: one of kind "Schriftelijke vragen", else the first."""
    for zaak in zaken:
        if _text(zaak, "Soort") == "Schriftelijke vragen":
            return zaak
    return zaken[0] if zaken else None


def _minister(name: str, function: str, *, relation: str | None) -> Minister | None:
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
    """Does any minister the record names (office, ministry or person) contain `needle`, in any case?"""
    wanted = " ".join(needle.casefold().split())
    for minister in [*record.addressed_to, *record.document_actors]:
        for text in (minister.office, minister.ministry, minister.name):
            if text and wanted in " ".join(text.casefold().split()):
                return True
    return False


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


def _read_body(response: Any, max_bytes: int | None) -> bytes:
    declared = response.headers.get("Content-Length")
    if max_bytes is not None and declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputTooLarge(f"the file is {int(declared):,} bytes, over the limit of {max_bytes:,}",
                            hint="raise EVASION_MAX_INPUT_BYTES to fetch it (and to score it)")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=1 << 16):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise InputTooLarge(f"the file is over the limit of {max_bytes:,} bytes",
                                hint="raise EVASION_MAX_INPUT_BYTES to fetch it (and to score it)")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_object(body: bytes, content_type: str) -> dict:
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        shown = body[:40].decode("latin-1").replace("\n", " ")
        raise UnexpectedPayload(f"expected JSON from the API, found {content_type or 'no declared type'} "
                                f"starting {shown!r}") from None
    if not isinstance(data, dict):
        raise UnexpectedPayload(f"expected a JSON object from the API, found a {type(data).__name__}")
    return data


def _odata_message(body: bytes) -> str | None:
    """The `error.message` of an OData error answer, if the body is one."""
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    error = data.get("error") if isinstance(data, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return " ".join(str(message).split())[:200] if message else None


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date (measured against the wall clock)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _short(exc: BaseException) -> str:
    """The innermost reason of a requests error, in one short line."""
    reason: BaseException = exc
    while reason.__context__ is not None and reason.__context__ is not reason:
        reason = reason.__context__
    text = " ".join(str(reason).split()) or type(reason).__name__
    text = re.sub(r"<urllib3\.[^>]*>:?\s*", "", text)
    return text[:160]


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("evasion-classifier")
    except PackageNotFoundError:
        own = "unknown"
    return f"evasion-classifier/{own} (tkapi; answers to parliamentary questions)"
