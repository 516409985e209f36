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
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from classifier.errors import ApiError, FetchError, InputTooLarge, NoResource, UnexpectedPayload, UsageError
from classifier.fetch.models import (
    ANSWER_KINDS,
    POSTPONEMENT,
    QUESTION_KINDS,
    AnswerRecord,
    Member,
    Minister,
    Postponement,
)
from classifier.fetch.parse import (
    date_field,
    inline_items,
    int_field,
    minister_of,
    resource_url_of,
    text_field,
    zaak_info_of,
    file_suffix,
    matches_ministry,
    primary_zaak,
)
from classifier.fetch.transport import JSON_FORMAT, Transport, json_object, odata_message

"""The `$format` tkapi asks for: full metadata carries the `#TK.DA.GGM.OData.Resource` target of a
document's file and the `@odata.navigationLink` of every relation."""
SUBMITTER_RELATIONS = ("Indiener", "Medeindiener")
"""tkapi's ZaakActorRelatieSoort.INDIENER and MEDEINDIENER, first submitter first."""
ADDRESSED_RELATION = "Gericht aan"
"""tkapi's ZaakActorRelatieSoort.GERICHT_AAN: the member of government the questions are put to."""
COMMITTEE_RELATION = "Voortouwcommissie"
"""tkapi's ZaakActorRelatieSoort.VOORTOUWCOMMISSIE: the committee in charge; a list of questions is its."""
EXPAND = ("DocumentActor", "Zaak($expand=ZaakActor($expand=Fractie),Document)")
"""One request per page brings each answer with its Zaak, the Zaak's actors (and their party) and
the Zaak's other documents (the questions, any postponement notice), instead of one request per
relation per document."""
MAX_PAGE_BYTES = 100 * 2**20
"""A page of the listing (250 documents with their relations: a few MB) or of a relation larger than
this is refused unread, rather than held in memory whole whatever a server sends."""
EARLIEST_DAY = dt.date(1900, 1, 1)
"""The API's documents start in 2008; a day before this is a typo, and `date.min` would overflow."""


def check_day(day: dt.date | None, name: str) -> dt.date | None:
    """`day`, when it is one a listing can ask about; else a UsageError naming `name` (an option or field).

    Days far outside the API's years (0001-01-01, 9999-12-31) are typos, and the window the API is
    asked for (a day wider on each side) would overflow Python's dates."""
    latest = dt.date(dt.date.today().year + 1, 12, 31)
    if day is not None and not EARLIEST_DAY <= day <= latest:
        raise UsageError(f"expected {name} to be a day from {EARLIEST_DAY} to {latest}, found {day}")
    return day


@dataclass(frozen=True)
class AnswerQuery:
    """Which answers to list. Dates are inclusive days, from 1900 to the end of next year (see `check_day`)."""

    since: dt.date | None = None
    until: dt.date | None = None
    kinds: tuple[str, ...] = ANSWER_KINDS["kamervragen"] + ANSWER_KINDS["lijsten"]
    """Document.Soort values."""
    ministry: str | None = None
    """Keep answers whose addressed minister's office, ministry or name contains this (any case); a list of
    questions, put to no minister, by its committee ("vaste commissie voor Defensie")."""
    limit: int | None = None

    def __post_init__(self) -> None:
        check_day(self.since, "since")
        check_day(self.until, "until")

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
    max_page_bytes: int = MAX_PAGE_BYTES
    """A larger page of the listing (or of a relation) is an UnexpectedPayload, read no further."""

    def __post_init__(self) -> None:
        from classifier.config import get_settings, tk_api_root

        settings = get_settings()
        self.api_root = tk_api_root(self.api_root or settings.tk_api, name="--api")
        if self.max_bytes is None:
            self.max_bytes = settings.max_input_bytes
        self._api = _bound_api(self.transport, self.api_root, self.max_page_bytes)

    # -- listing ------------------------------------------------------------------------------------

    def answers(self, query: AnswerQuery, on_page: Callable[[int], None] | None = None) -> Iterator[Listed]:
        """Every answer document the query asks for, oldest first, page by page as they are read.

        The API is asked for the kinds and a window one day wider than the dates on each side
        (its dates are local times, the filter's UTC); the exact days and the ministry are
        filtered here. A first page that cannot be had raises its FetchError; a later one (or a
        next link to a page already read, which would loop for ever) ends the listing with a
        `Listed` carrying the error, so what was listed can still be fetched.
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
        seen: set[str] = set()
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
                page = self._next_page(str(next_link), seen)
            except FetchError as exc:
                yield Listed(error=exc, label=f"page {pages + 1} of the listing", ends_listing=True)
                return

    def _next_page(self, link: str, seen: set[str]) -> dict:
        """The page a next link leads to; a link met before would read the same pages again and again."""
        link = link.strip()
        if link in seen:
            raise UnexpectedPayload(f"expected a next link to a page not read yet, found {link[:200]!r} again")
        seen.add(link)
        return self._api._request_json(link)

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
        from tkapi.zaak import Zaak

        document = Document(item)
        if not document.id:
            raise UnexpectedPayload("a document without an Id")
        if not document.nummer:
            raise UnexpectedPayload(f"document {document.id} has no DocumentNummer")
        zaken = self._related(document, Zaak)
        members: list[Member] = []
        addressed: list[Minister] = []
        committees: list[str] = []
        questions: list[dt.date] = []
        postponements: dict[str, Postponement] = {}
        for zaak in zaken:
            self._zaak_actors(zaak, members, addressed, committees)
            self._zaak_documents(zaak, questions, postponements)
        infos = [zaak_info_of(zaak) for zaak in zaken]
        primary = primary_zaak(zaken)
        zaak_info = infos[zaken.index(primary)] if primary is not None else None
        signers = []
        for actor in self._related(document, DocumentActor):
            minister = minister_of(actor.naam, actor.functie, relation=text_field(actor, "Relatie") or None)
            if minister is not None and minister.office and minister not in signers:
                signers.append(minister)
        date = date_field(document, "Datum")
        return AnswerRecord(
            id=document.id,
            number=document.nummer,
            kind=text_field(document, "Soort"),
            date=date,
            received=date_field(document, "DatumOntvangst"),
            title=document.titel or None,
            subject=document.onderwerp or None,
            session_year=document.vergaderjaar or None,
            annex_number=document.aanhangselnummer or None,
            content_type=text_field(document, "ContentType") or None,
            content_length=int_field(document, "ContentLength"),
            resource_url=resource_url_of(document),
            zaak=zaak_info,
            related_zaken=[info for info in infos if info is not zaak_info],
            submitters=members,
            addressed_to=addressed,
            committees=committees,
            document_actors=signers,
            date_asked=min(questions) if questions else (zaak_info.started if zaak_info else None),
            date_answered=date,
            postponements=sorted(postponements.values(), key=lambda p: (p.date or dt.date.max, p.id)),
        )

    def _zaak_actors(self, zaak: Any, members: list[Member], addressed: list[Minister], committees: list[str]) -> None:
        """The members who asked (submitters first, in relation order), the ministers asked and the committee
        in charge, without repeats."""
        from tkapi.zaak import ZaakActor

        actors = self._related(zaak, ZaakActor)
        for relation in SUBMITTER_RELATIONS:
            for actor in actors:
                if text_field(actor, "Relatie") == relation and actor.naam:
                    member = Member(name=actor.naam, party=self._party(actor), relation=relation)
                    if all((m.name, m.party) != (member.name, member.party) for m in members):
                        members.append(member)
        for actor in actors:
            if text_field(actor, "Relatie") == ADDRESSED_RELATION:
                minister = minister_of(actor.naam, actor.functie, relation=ADDRESSED_RELATION)
                if minister is not None and minister not in addressed:
                    addressed.append(minister)
            elif text_field(actor, "Relatie") == COMMITTEE_RELATION:
                name = text_field(actor, "ActorNaam")
                if name and name not in committees:
                    committees.append(name)

    def _zaak_documents(self, zaak: Any, questions: list[dt.date], postponements: dict[str, Postponement]) -> None:
        """The dates the questions were asked, and the postponement notices sent, in one zaak."""
        from tkapi.document import Document

        for other in self._related(zaak, Document):
            kind = text_field(other, "Soort")
            if kind in QUESTION_KINDS:
                asked = date_field(other, "Datum")
                if asked is not None:
                    questions.append(asked)
            elif kind == POSTPONEMENT and other.id not in postponements:
                postponements[other.id] = Postponement(id=other.id, number=other.nummer or None,
                                                       date=date_field(other, "Datum"),
                                                       title=other.onderwerp or other.titel or None)

    def _party(self, actor: Any) -> str | None:
        from tkapi.fractie import Fractie

        named = text_field(actor, "ActorFractie")
        if named:
            return named
        if "Fractie" in actor.json:  # expanded: read it; a bare navigation link is not worth a request
            for fractie in inline_items(actor, Fractie, "Fractie"):
                return fractie.afkorting or fractie.naam or None
        return None

    def _related(self, item: Any, kind: type, key: str | None = None) -> list[Any]:
        """The items of a relation: from the expanded JSON when it is there, else through the transport."""
        key = key or kind.type
        if key in item.json:
            return inline_items(item, kind, key)
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
            raise ApiError(f"the file answered HTTP {status}: {odata_message(body) or 'no message'}")
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


def _bound_api(transport: Transport, api_root: str, max_bytes: int) -> Any:
    """A TKApi subclass whose requests go through `transport`, with its own `api_root` and a bound on a page."""
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
            try:
                status, content_type, body = transport.get(url, params=params, max_bytes=max_bytes)
            except InputTooLarge:
                raise UnexpectedPayload(f"expected a page of the API of at most {max_bytes:,} bytes, "
                                        "found a larger one") from None
            if status == 204:
                return {}
            if status != 200:
                message = odata_message(body)
                raise ApiError(f"the API answered HTTP {status}" + (f": {message}" if message else ""),
                               hint=None if status != 404 else "is --api (or EVASION_TK_API) the OData root?")
            return json_object(body, content_type)

    BoundTKApi.api_root = api_root
    return BoundTKApi
