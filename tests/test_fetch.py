"""`evasion fetch`: answers of a period from the Tweede Kamer OData API, replayed, never fetched.

The recorded answers in tests/fixtures/tkapi/ (made by make_fixtures.py there, shaped as the
real API answers tkapi's queries) are served by `responses` under tkapi's real client: a
request that no test registered fails, and so does any test that reaches for a real socket.
Backoff sleeps and the pacing clock are fakes: nothing here waits.

Sections mirror classifier/fetch/: the client (queries, paging, retries, errors), the download
loop (files, sidecars, resuming after Ctrl-C), the sidecar read back, and the CLI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses
from responses import matchers

from classifier import errors
from classifier.cli import run
from classifier.config import TK_API_ROOT, get_settings
from classifier.fetch import AnswerQuery, Politeness, TKClient, Transport, apply_sidecar, fetch_answers, read_sidecar
from classifier.fetch.download import Failure
from classifier.fetch.models import ANSWER_KINDS, Member, Minister
from classifier.fetch.parse import file_suffix, ministry_of

FIXTURES = Path(__file__).parent / "fixtures" / "tkapi"
ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
QUERY: dict[str, str] = json.loads((FIXTURES / "query.json").read_text(encoding="utf-8"))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PERIOD = AnswerQuery(since=dt.date(2024, 9, 1), until=dt.date(2024, 10, 31),
                     kinds=ANSWER_KINDS["kamervragen"] + ANSWER_KINDS["lijsten"])
FILES = {  # document number → (Id, fixture file)
    "2024D35001": ("a1000000-0000-4000-8000-000000000001", "2024D35001.docx"),
    "2024D35210": ("a2000000-0000-4000-8000-000000000002", "2024D35210.docx"),
    "2024D36120": ("a4000000-0000-4000-8000-000000000004", "2024D36120.pdf"),
    "2024D37555": ("a5000000-0000-4000-8000-000000000005", "2024D37555.docx"),
}
NO_FILE = "2024D36003"


# -- no network, no waiting ---------------------------------------------------------------------


class NetworkUsed(AssertionError):
    """A test reached for a real socket."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"a test tried to use the network: {args[:2]!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_a_test_that_tries_the_network_fails() -> None:
    with pytest.raises(NetworkUsed):
        requests.get(ROOT + "Document", timeout=5)


class FakeClock:
    """time.monotonic and time.sleep for a transport: sleeping moves the clock, and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeClock:
    return FakeClock()


@pytest.fixture
def patched_sleep(monkeypatch: pytest.MonkeyPatch, fake_time: FakeClock) -> FakeClock:
    """The CLI builds its own Transport: it takes time.sleep and time.monotonic as they are then."""
    monkeypatch.setattr(time, "sleep", fake_time.sleep)
    monkeypatch.setattr(time, "monotonic", fake_time.clock)
    return fake_time


def make_client(fake_time: FakeClock, root: str = ROOT, **politeness: float) -> TKClient:
    transport = Transport(politeness=Politeness(**politeness), sleep=fake_time.sleep, clock=fake_time.clock)
    return TKClient(api_root=root, transport=transport)


# -- the recorded API ---------------------------------------------------------------------------


def page(number: int, root: str = ROOT) -> dict:
    text = (FIXTURES / f"documents_page{number}.json").read_text(encoding="utf-8")
    return json.loads(text.replace(ROOT, root))


def resource_url(number: str, root: str = ROOT) -> str:
    return f"{root}Document({FILES[number][0]})/TK.DA.GGM.OData.Resource()"


def fixture_bytes(number: str) -> bytes:
    return (FIXTURES / FILES[number][1]).read_bytes()


class RecordedApi:
    """The three listing pages and the four files, registered on a RequestsMock."""

    def __init__(self, mock: responses.RequestsMock, root: str = ROOT) -> None:
        self.mock = mock
        self.root = root
        self.file_requests: dict[str, int] = {number: 0 for number in FILES}
        self.interrupt_at: str | None = None

    def listing(self, pages: tuple[int, ...] = (1, 2, 3)) -> None:
        for number in pages:
            self.page(number)

    def page(self, number: int, **kwargs: object) -> responses.BaseResponse:
        params = dict(QUERY) if number == 1 else {**QUERY, "$skip": str(2 * (number - 1))}
        answer = kwargs if {"json", "body"} & set(kwargs) else {"json": page(number, self.root), **kwargs}
        return self.mock.get(self.root + "Document", match=[matchers.query_param_matcher(params)], **answer)

    def files(self) -> None:
        for number in FILES:
            self.mock.add_callback(responses.GET, resource_url(number, self.root), callback=self._serve(number))

    def _serve(self, number: str) -> Callable[[object], tuple[int, dict, bytes]]:
        def serve(request: object) -> tuple[int, dict, bytes]:
            self.file_requests[number] += 1
            if number == self.interrupt_at:
                raise KeyboardInterrupt  # Ctrl-C while the file comes in
            kind = "application/pdf" if number.endswith("120") else DOCX
            return 200, {"Content-Type": kind}, fixture_bytes(number)

        return serve

    def listing_requests(self) -> list[str]:
        return [call.request.url for call in self.mock.calls if "/Document?" in call.request.url]


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as requests_mock:
        yield requests_mock


@pytest.fixture
def api(mock: responses.RequestsMock) -> RecordedApi:
    recorded = RecordedApi(mock)
    recorded.listing()
    recorded.files()
    return recorded


def records(client: TKClient, query: AnswerQuery = PERIOD) -> dict:
    listed = list(client.answers(query))
    assert all(item.error is None for item in listed), [str(item.error) for item in listed]
    return {item.record.number: item.record for item in listed}


# == classifier/fetch/client.py =================================================================


def test_the_listing_is_tkapis_query_paged_through_next_links(api: RecordedApi, fake_time: FakeClock) -> None:
    found = records(make_client(fake_time))
    assert list(found) == ["2024D35001", "2024D35210", "2024D36003", "2024D36120", "2024D37555"]
    sent = api.listing_requests()
    assert len(sent) == 3 and "$skip=2" in sent[1] and "$skip=4" in sent[2]
    first = urlsplit(sent[0])
    assert first.path == "/OData/v4/2.0/Document"
    params = dict(parse_qsl(first.query))
    assert params == QUERY  # the filter tkapi builds (Verwijderd eq false included), the expand, the order, the format
    assert "Verwijderd eq false" in params["$filter"] and params["$format"] == "application/json;odata.metadata=full"


def test_a_zaak_with_several_submitters_from_two_parties(api: RecordedApi, fake_time: FakeClock) -> None:
    answer = records(make_client(fake_time))["2024D35001"]
    assert answer.submitters == [Member(name="L. Jansen", party="SP", relation="Indiener"),
                                 Member(name="P. de Groot", party="SP", relation="Medeindiener"),
                                 Member(name="M. Visser", party="GroenLinks-PvdA", relation="Medeindiener")]
    assert answer.parties == ["SP", "GroenLinks-PvdA"]
    assert answer.addressed_to == [Minister(name="R.A. Bakker", office="minister van Defensie", ministry="Defensie",
                                            relation="Gericht aan")]
    assert answer.document_actors[0].name == "R.A. Bakker" and answer.ministry == "Defensie"
    assert (answer.kind, str(answer.date), str(answer.date_asked), str(answer.date_answered)) == (
        "Antwoord schriftelijke vragen", "2024-09-12", "2024-08-20", "2024-09-12")
    assert answer.zaak is not None and (answer.zaak.number, answer.zaak.kind) == ("2024Z13001", "Schriftelijke vragen")
    assert answer.resource_url == resource_url("2024D35001") and answer.postponements == []


def test_a_postponement_notice_in_the_zaak_is_recorded(api: RecordedApi, fake_time: FakeClock) -> None:
    answer = records(make_client(fake_time))["2024D35210"]
    assert [(p.number, str(p.date)) for p in answer.postponements] == [("2024D33417", "2024-08-27")]
    assert answer.addressed_to[0].ministry == "Volkshuisvesting en Ruimtelijke Ordening"
    assert str(answer.date_asked) == "2024-08-06"


def test_a_list_of_questions_and_answers_has_its_questions_date_and_no_minister(api: RecordedApi,
                                                                               fake_time: FakeClock) -> None:
    answer = records(make_client(fake_time))["2024D36120"]
    assert answer.kind == "Lijst van vragen en antwoorden" and str(answer.date_asked) == "2024-09-26"
    assert answer.addressed_to == [] and answer.submitters == [] and answer.zaak.kind == "Begroting"


def test_a_429_is_retried_after_the_wait_the_api_asks_for(mock: responses.RequestsMock, fake_time: FakeClock) -> None:
    recorded = RecordedApi(mock)
    recorded.page(1)
    recorded.page(2, status=429, headers={"Retry-After": "7"}, json={"error": {"message": "Too Many Requests"}})
    recorded.page(2)  # the same request a second time: now it is answered
    recorded.page(3)
    assert len(records(make_client(fake_time))) == 5
    assert 7.0 in fake_time.slept, fake_time.slept
    assert len(recorded.listing_requests()) == 4


def test_5xx_is_retried_with_a_doubling_backoff_then_is_an_api_error(mock: responses.RequestsMock,
                                                                     fake_time: FakeClock) -> None:
    RecordedApi(mock).page(1, status=503, json={"error": {"message": "Service Unavailable"}})
    client = make_client(fake_time, min_interval=0.0)
    with pytest.raises(errors.ApiError, match="HTTP 503 to 5 tries") as caught:
        list(client.answers(PERIOD))
    assert caught.value.exit_code == 18
    assert fake_time.slept == [1.0, 2.0, 4.0, 8.0]


def test_no_network_is_a_network_error_after_retries(mock: responses.RequestsMock, fake_time: FakeClock) -> None:
    RecordedApi(mock).page(1, body=requests.ConnectionError("Name or service not known"))
    with pytest.raises(errors.NetworkError, match="cannot reach gegevensmagazijn.tweedekamer.nl"):
        list(make_client(fake_time, min_interval=0.0).answers(PERIOD))
    assert len(mock.calls) == 5


def test_requests_are_paced(api: RecordedApi, fake_time: FakeClock) -> None:
    client = make_client(fake_time, min_interval=0.5)
    records(client)
    assert fake_time.slept == [0.5, 0.5]  # three pages: two waits between them


def test_an_answer_that_is_not_json_is_an_unexpected_payload(mock: responses.RequestsMock,
                                                             fake_time: FakeClock) -> None:
    RecordedApi(mock).page(1, json=None, body="<html><body>Onderhoud</body></html>", content_type="text/html")
    with pytest.raises(errors.UnexpectedPayload, match="expected JSON from the API, found text/html"):
        list(make_client(fake_time).answers(PERIOD))


def test_a_page_without_a_value_list_is_an_unexpected_payload(mock: responses.RequestsMock,
                                                              fake_time: FakeClock) -> None:
    RecordedApi(mock).page(1, json={"@odata.context": ROOT + "$metadata#Document", "items": []})
    with pytest.raises(errors.UnexpectedPayload, match="`value` list"):
        list(make_client(fake_time).answers(PERIOD))


def test_a_later_page_that_fails_ends_the_listing_and_keeps_what_was_listed(mock: responses.RequestsMock,
                                                                           fake_time: FakeClock) -> None:
    recorded = RecordedApi(mock)
    recorded.page(1)
    recorded.page(2, status=400, json={"error": {"code": "", "message": "The query specified in the URI is not valid."}})
    listed = list(make_client(fake_time).answers(PERIOD))
    assert [item.record.number for item in listed if item.record] == ["2024D35001", "2024D35210"]
    assert listed[-1].ends_listing and "HTTP 400: The query specified in the URI is not valid." in str(listed[-1].error)


def test_an_entry_the_client_cannot_read_fails_alone(mock: responses.RequestsMock, fake_time: FakeClock) -> None:
    broken = page(3)
    broken["value"][0]["Datum"] = "morgen"
    RecordedApi(mock).page(1, json={**page(1), "@odata.nextLink": None} | {"value": page(1)["value"] + broken["value"]})
    listed = list(make_client(fake_time).answers(PERIOD))
    assert [item.record.number for item in listed if item.record] == ["2024D35001", "2024D35210"]
    assert listed[-1].label == "2024D37555" and isinstance(listed[-1].error, errors.UnexpectedPayload)
    assert "expected a date in Datum" in str(listed[-1].error)


def test_relations_that_are_not_expanded_are_fetched_through_the_same_transport(
    mock: responses.RequestsMock, fake_time: FakeClock
) -> None:
    answer = page(1)["value"][1]
    zaak = answer.pop("Zaak")[0]
    actors, documents = zaak.pop("ZaakActor"), zaak.pop("Document")
    mock.get(answer["Zaak@odata.navigationLink"], json={"value": [zaak]})
    mock.get(zaak["ZaakActor@odata.navigationLink"], json={"value": actors})
    mock.get(zaak["Document@odata.navigationLink"], json={"value": documents})
    client = make_client(fake_time)
    record = client.record(answer)
    assert [p.number for p in record.postponements] == ["2024D33417"] and record.parties == ["CDA"]
    assert client.transport.requests == 3
    assert all("%24format=application" in call.request.url or "$format=application" in call.request.url
               for call in mock.calls)


def test_the_client_keeps_its_own_api_root_and_leaves_tkapis_alone(fake_time: FakeClock) -> None:
    from tkapi.tkapi import TKApi

    before = TKApi.api_root
    client = make_client(fake_time, root="http://tk.example.test/odata")
    assert client.api_root == "http://tk.example.test/odata/" and TKApi.api_root == before == TK_API_ROOT


def test_the_default_api_root_is_tkapis_and_the_setting_overrides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tkapi.tkapi import TKApi

    monkeypatch.delenv("EVASION_TK_API", raising=False)
    assert get_settings().tk_api == TKApi.api_root == ROOT
    monkeypatch.setenv("EVASION_TK_API", "http://localhost:8080/OData/v4/2.0")
    assert get_settings().tk_api == "http://localhost:8080/OData/v4/2.0/"
    monkeypatch.setenv("EVASION_TK_API", "gegevensmagazijn")
    with pytest.raises(errors.SettingsError, match="EVASION_TK_API: expected an http"):
        get_settings()


@pytest.mark.parametrize(
    ("body", "suffix"),
    [(b"%PDF-1.7\n...", ".pdf"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, ".doc"), (None, ".docx")],
)
def test_a_file_is_named_by_what_its_bytes_are(body: bytes | None, suffix: str) -> None:
    assert file_suffix(body if body is not None else fixture_bytes("2024D35001"), "application/pdf") == suffix


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html>Niet gevonden</html>", b"PK\x03\x04broken zip", b""])
def test_bytes_that_are_no_pdf_or_word_file_are_an_unexpected_payload(body: bytes) -> None:
    with pytest.raises(errors.UnexpectedPayload, match="expected a PDF or Word file"):
        file_suffix(body, DOCX)


def test_offices_name_their_ministry() -> None:
    assert ministry_of("minister van Justitie en Veiligheid") == "Justitie en Veiligheid"
    assert ministry_of("staatssecretaris van Defensie") == "Defensie"
    assert ministry_of("minister voor Klimaat en Groene Groei") is None and ministry_of("Kamerlid") is None


# -- answers that are not what the API documents: one failure each, never a traceback or a loop -----------

DEEP = "[" * 100_000 + "]" * 100_000
"""JSON nested far deeper than Python's parser goes (it raises RecursionError, not ValueError)."""


def looping_listing(mock: responses.RequestsMock) -> list[str]:
    """Page 1 with a next link back to the first page: the listing's requests after page 1, in a list."""
    first = {**page(1), "@odata.nextLink": ROOT + "Document?$skip=0"}
    RecordedApi(mock).page(1, json=first)
    again: list[str] = []

    def serve(request: requests.PreparedRequest) -> tuple[int, dict, str]:
        again.append(str(request.url))
        if len(again) > 3:
            raise AssertionError("the listing loops")
        return 200, {"Content-Type": "application/json"}, json.dumps(first)

    mock.add_callback(responses.GET, ROOT + "Document", callback=serve,
                      match=[matchers.query_param_matcher({"$skip": "0", "$format": QUERY["$format"]})])
    return again


def test_a_file_address_that_is_no_url_fails_that_document_alone(mock: responses.RequestsMock,
                                                                 fake_time: FakeClock, tmp_path: Path) -> None:
    first = page(1)
    first["value"][0]["#TK.DA.GGM.OData.Resource"]["target"] = "http://[broken/Document/resource"
    recorded = RecordedApi(mock)
    recorded.page(1, json=first)
    recorded.listing((2, 3))
    recorded.files()
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert [(f.label, f.reason) for f in result.failures] == [("2024D35001", "unexpected payload"),
                                                              (NO_FILE, "no file resource")]
    assert "expected an http(s) URL to ask, found 'http://[broken/Document/resource'" in str(result.failures[0].error)
    assert len(result.fetched) == 3


def test_a_next_link_that_is_no_url_ends_the_listing(mock: responses.RequestsMock, fake_time: FakeClock) -> None:
    broken = "http://[gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Document?$skip=2"
    RecordedApi(mock).page(1, json={**page(1), "@odata.nextLink": broken})
    listed = list(make_client(fake_time).answers(PERIOD))
    assert [item.record.number for item in listed if item.record] == ["2024D35001", "2024D35210"]
    assert listed[-1].ends_listing and isinstance(listed[-1].error, errors.UnexpectedPayload)
    assert f"expected an http(s) URL to ask, found {broken!r}" in str(listed[-1].error) and len(mock.calls) == 1


def test_a_next_link_met_before_ends_the_listing_instead_of_looping(mock: responses.RequestsMock,
                                                                    fake_time: FakeClock) -> None:
    again = looping_listing(mock)
    listed = list(make_client(fake_time).answers(PERIOD))
    assert len(again) == 1  # the link was followed once; the second time it was known
    assert listed[-1].ends_listing and isinstance(listed[-1].error, errors.UnexpectedPayload)
    assert "expected a next link to a page not read yet, found" in str(listed[-1].error)


def test_a_listing_page_over_the_bound_is_refused_unread(mock: responses.RequestsMock, fake_time: FakeClock) -> None:
    RecordedApi(mock).page(1)
    client = TKClient(api_root=ROOT, transport=make_client(fake_time).transport, max_page_bytes=10_000)
    with pytest.raises(errors.UnexpectedPayload, match="expected a page of the API of at most 10,000 bytes"):
        list(client.answers(PERIOD))


@pytest.mark.parametrize(
    ("status", "body", "error", "message"),
    [(200, DEEP, errors.UnexpectedPayload, "found application/json nested too deeply to read"),
     (400, '{"error":' + '{"a":' * 100_000 + "1" + "}" * 100_001, errors.ApiError, r"HTTP 400$")],
)
def test_json_nested_too_deeply_is_an_unexpected_payload_not_a_crash(
    mock: responses.RequestsMock, fake_time: FakeClock, status: int, body: str, error: type, message: str
) -> None:
    RecordedApi(mock).page(1, status=status, body=body, content_type="application/json")
    with pytest.raises(error, match=message):
        list(make_client(fake_time).answers(PERIOD))


def test_a_list_of_questions_matches_the_ministry_of_its_committee(api: RecordedApi, fake_time: FakeClock) -> None:
    """A list is put by a committee to no minister: "vaste commissie voor Defensie" is Defensie's."""
    found = records(make_client(fake_time))
    assert found["2024D36120"].committees == ["vaste commissie voor Defensie"]
    assert dataclasses.replace(PERIOD, ministry="defensie").wants(found["2024D36120"])
    assert dataclasses.replace(PERIOD, ministry="Defensie ").wants(found["2024D36120"])
    assert not dataclasses.replace(PERIOD, ministry="commissie").wants(found["2024D36120"])  # the words all share
    assert not dataclasses.replace(PERIOD, ministry="volkshuisvesting").wants(found["2024D36120"])


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("day", [dt.date.min, dt.date(1899, 12, 31), dt.date.max])
def test_a_query_of_days_out_of_range_is_a_usage_error(field: str, day: dt.date) -> None:
    with pytest.raises(errors.UsageError, match=f"expected {field} to be a day from 1900-01-01 to "):
        AnswerQuery(**{field: day})


# == classifier/fetch/download.py ===============================================================


def test_each_answer_is_written_with_its_sidecar(api: RecordedApi, fake_time: FakeClock, tmp_path: Path) -> None:
    out = tmp_path / "answers"
    result = fetch_answers(PERIOD, out, client=make_client(fake_time))
    assert sorted(p.name for p in out.iterdir()) == [
        "2024D35001.docx", "2024D35001.json", "2024D35210.docx", "2024D35210.json",
        "2024D36120.json", "2024D36120.pdf", "2024D37555.docx", "2024D37555.json",
    ]
    for number in FILES:
        path = next(out.glob(f"{number}.*[!n]"))
        assert path.read_bytes() == fixture_bytes(number)
    assert (result.listed, len(result.fetched), result.already) == (5, 4, [])
    sidecar = json.loads((out / "2024D35001.json").read_text(encoding="utf-8"))
    assert list(sidecar)[:4] == ["schema_version", "file", "api_root", "fetched_at"]
    assert sidecar["file"] == "2024D35001.docx" and sidecar["api_root"] == ROOT
    assert (sidecar["number"], sidecar["date"], sidecar["date_asked"], sidecar["date_answered"]) == (
        "2024D35001", "2024-09-12", "2024-08-20", "2024-09-12")
    assert sidecar["zaak"]["number"] == "2024Z13001" and sidecar["asker_parties"] == ["SP", "GroenLinks-PvdA"]
    assert [m["name"] for m in sidecar["submitters"]] == ["L. Jansen", "P. de Groot", "M. Visser"]
    assert sidecar["addressed_to"][0]["office"] == "minister van Defensie"
    postponed = json.loads((out / "2024D35210.json").read_text(encoding="utf-8"))
    assert postponed["postponements"][0]["number"] == "2024D33417"


def test_the_fetched_letters_read_and_split_into_their_pairs(api: RecordedApi, fake_time: FakeClock,
                                                              tmp_path: Path) -> None:
    from classifier.letters.pairs import read_letter

    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    letters = {path.stem: read_letter(path) for path in result.fetched}
    assert {stem: len(letter.pairs) for stem, letter in letters.items()} == {
        "2024D35001": 4, "2024D35210": 3, "2024D36120": 2, "2024D37555": 2}
    assert letters["2024D35001"].meta.doc_type == "kamervragen"
    assert letters["2024D36120"].meta.doc_type == "lijst_vragen_antwoorden"


def test_a_document_without_a_file_resource_fails_alone_and_is_not_asked_for(
    api: RecordedApi, fake_time: FakeClock, tmp_path: Path
) -> None:
    seen: list[Failure] = []
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time), on_failure=seen.append)
    assert [(f.label, f.reason) for f in result.failures] == [(NO_FILE, "no file resource")] and seen == result.failures
    assert not list(tmp_path.glob(f"{NO_FILE}*"))
    assert not any(NO_FILE in call.request.url or "a3000000" in call.request.url for call in api.mock.calls)


def test_a_file_the_api_does_not_have_is_no_file_resource(mock: responses.RequestsMock, fake_time: FakeClock,
                                                          tmp_path: Path) -> None:
    recorded = RecordedApi(mock)
    recorded.listing()
    for number in FILES:
        mock.get(resource_url(number), status=404 if number == "2024D35210" else 200, body=fixture_bytes(number))
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert sorted((f.label, f.reason) for f in result.failures) == [("2024D35210", "no file resource"),
                                                                     (NO_FILE, "no file resource")]
    assert len(result.fetched) == 3


def test_a_file_that_is_an_error_page_is_an_unexpected_payload_and_the_run_goes_on(
    mock: responses.RequestsMock, fake_time: FakeClock, tmp_path: Path
) -> None:
    recorded = RecordedApi(mock)
    recorded.listing()
    for number in FILES:
        body = b"<html>Er is iets misgegaan</html>" if number == "2024D35001" else fixture_bytes(number)
        mock.get(resource_url(number), body=body, content_type="text/html" if number == "2024D35001" else DOCX)
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert ("2024D35001", "unexpected payload") in [(f.label, f.reason) for f in result.failures]
    assert len(result.fetched) == 3 and not list(tmp_path.glob("2024D35001*"))


def test_a_file_over_the_size_limit_is_refused_unread(api: RecordedApi, fake_time: FakeClock, tmp_path: Path) -> None:
    client = make_client(fake_time)
    client.max_bytes = 30_000  # the .docx files are larger, the .pdf smaller
    result = fetch_answers(PERIOD, tmp_path, client=client)
    assert sorted((f.label, f.reason) for f in result.failures) == [
        ("2024D35001", "too large"), ("2024D35210", "too large"), (NO_FILE, "no file resource"),
        ("2024D37555", "too large")]
    assert "over the limit of 30,000 bytes" in str(result.failures[0].error)
    assert [p.name for p in result.fetched] == ["2024D36120.pdf"]


def test_an_old_word_file_is_kept_as_doc_and_named_in_a_note(mock: responses.RequestsMock, patched_sleep: FakeClock,
                                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorded = RecordedApi(mock)
    recorded.listing()
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    for number in FILES:
        mock.get(resource_url(number), body=old_word if number == "2024D37555" else fixture_bytes(number))
    run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)])
    assert (tmp_path / "2024D37555.doc").read_bytes() == old_word
    assert "note: 1 answer is an old Word .doc file, which `evasion score` cannot read" in capsys.readouterr().err


def test_an_interrupted_run_resumed_fetches_no_file_twice_and_leaves_no_partial_file(
    api: RecordedApi, fake_time: FakeClock, tmp_path: Path
) -> None:
    api.interrupt_at = "2024D35210"  # Ctrl-C while the second file comes in
    with pytest.raises(KeyboardInterrupt):
        fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024D35001.docx", "2024D35001.json"]
    assert (tmp_path / "2024D35001.docx").read_bytes() == fixture_bytes("2024D35001")

    api.interrupt_at = None
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert [p.name for p in result.already] == ["2024D35001.docx"] and len(result.fetched) == 3
    assert api.file_requests == {"2024D35001": 1, "2024D35210": 2, "2024D36120": 1, "2024D37555": 1}
    # the second file's first request was cut off before any of it was written; every complete file came once
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]

    again = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert len(again.fetched) == 0 and len(again.already) == 4
    assert api.file_requests == {"2024D35001": 1, "2024D35210": 2, "2024D36120": 1, "2024D37555": 1}


def test_ctrl_c_while_a_file_is_written_leaves_the_folder_with_whole_files_only(
    api: RecordedApi, fake_time: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def interrupted_replace(source: str, target: str) -> None:
        if Path(target).name == "2024D35210.docx":
            raise KeyboardInterrupt  # between writing the temporary file and moving it into place
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024D35001.docx", "2024D35001.json"]
    monkeypatch.setattr(os, "replace", real_replace)
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert len(result.fetched) == 3 and api.file_requests["2024D35001"] == 1


def test_a_document_found_without_its_sidecar_gets_one_without_being_fetched(
    api: RecordedApi, fake_time: FakeClock, tmp_path: Path
) -> None:
    fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    (tmp_path / "2024D37555.json").unlink()
    fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert json.loads((tmp_path / "2024D37555.json").read_text(encoding="utf-8"))["number"] == "2024D37555"
    assert api.file_requests["2024D37555"] == 1


def test_the_ministry_filter_and_the_limit(api: RecordedApi, fake_time: FakeClock, tmp_path: Path) -> None:
    housing = fetch_answers(dataclasses.replace(PERIOD, ministry="volkshuisvesting"),
                            tmp_path / "vro", client=make_client(fake_time))
    assert [p.name for p in housing.fetched] == ["2024D35210.docx"] and housing.listed == 1

    before = len(api.listing_requests())
    first_two = fetch_answers(dataclasses.replace(PERIOD, limit=2), tmp_path / "two",
                              client=make_client(fake_time))
    assert [p.name for p in first_two.fetched] == ["2024D35001.docx", "2024D35210.docx"]
    assert len(api.listing_requests()) - before == 1  # the limit was reached on the first page: no more pages


def test_the_dates_are_the_answers_own_days(api: RecordedApi, fake_time: FakeClock) -> None:
    """The API is asked for a day more on each side (its dates are local, the filter's UTC); the days are kept here."""
    september = dataclasses.replace(PERIOD, until=dt.date(2024, 9, 30))
    assert [n for n, r in records(make_client(fake_time)).items() if september.wants(r)] == [
        "2024D35001", "2024D35210", NO_FILE]
    twelfth = dataclasses.replace(PERIOD, since=dt.date(2024, 9, 12), until=dt.date(2024, 9, 12))
    assert [n for n, r in records(make_client(fake_time)).items() if twelfth.wants(r)] == ["2024D35001"]


@pytest.mark.parametrize(
    "sidecar", ['{"scores": []}', "", "{\"schema_version\": 1, \"file\": \"2024D37555.docx\"", "another document's"])
def test_a_document_whose_sidecar_is_not_its_own_gets_it_written_again(
    api: RecordedApi, fake_time: FakeClock, tmp_path: Path, sidecar: str
) -> None:
    fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    path = tmp_path / "2024D37555.json"
    if sidecar == "another document's":
        sidecar = (tmp_path / "2024D35001.json").read_text(encoding="utf-8")
    path.write_text(sidecar, encoding="utf-8")
    result = fetch_answers(PERIOD, tmp_path, client=make_client(fake_time))
    assert json.loads(path.read_text(encoding="utf-8"))["number"] == "2024D37555"
    assert read_sidecar(tmp_path / "2024D37555.docx") is not None
    assert result.sidecars == [path] and len(result.already) == 4  # the sidecars that were right stay as they are
    assert api.file_requests["2024D37555"] == 1


@pytest.mark.parametrize(("failing", "stopped"), [(set(FILES), True),
                                                  ({"2024D35001", "2024D36120", "2024D37555"}, False)])
def test_the_run_stops_when_three_answers_in_a_row_find_no_network(
    mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    failing: set[str], stopped: bool
) -> None:
    """The network gone: the rest would each wait out every retry (hours for a long period), so the run stops.

    The answer listed without a file asks nothing, so it does not break the row; a file that came
    in between does."""
    RecordedApi(mock).listing()
    for number in FILES:
        if number in failing:
            mock.get(resource_url(number), body=requests.ConnectionError("[Errno 101] Network is unreachable"))
        else:
            mock.get(resource_url(number), body=fixture_bytes(number), content_type=DOCX)
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("waiting ")]
    last_asked = any("a5000000" in call.request.url for call in mock.calls)
    if stopped:
        assert f"{tmp_path}: 0 fetched, 4 failed (3 no network, 1 no file resource), 1 not tried, " \
               "of 5 answers listed" in lines
        assert lines[-2] == ("error: expected every answer to download, stopped after 3 answers in a row failed "
                             "with no network: 4 of 5 answers tried, 1 not tried")
        assert lines[-1].startswith("hint: run the same command again when the connection is back")
        assert not last_asked
    else:
        assert f"{tmp_path}: 1 fetched, 4 failed (3 no network, 1 no file resource), of 5 answers listed" in lines
        assert lines[-1] == "hint: run the same command again to retry; what is in the folder is not fetched again"
        assert last_asked
    assert lines.count("hint: check the internet connection, or point --api at a reachable root") == 1


# == classifier/fetch/sidecar.py ================================================================


@pytest.fixture
def fetched(api: RecordedApi, fake_time: FakeClock, tmp_path: Path) -> Path:
    out = tmp_path / "answers"
    fetch_answers(PERIOD, out, client=make_client(fake_time))
    return out


def test_read_sidecar_gives_the_apis_metadata_of_a_letter(fetched: Path) -> None:
    metadata = read_sidecar(fetched / "2024D35001.docx")
    assert metadata is not None
    assert metadata.asker_parties == ["SP", "GL-PvdA"]  # as this project names parties
    assert metadata.askers == ["L. Jansen (SP)", "P. de Groot (SP)", "M. Visser (GroenLinks-PvdA)"]
    assert (str(metadata.date_asked), str(metadata.date_answered)) == ("2024-08-20", "2024-09-12")
    assert metadata.ministry == "Defensie" and metadata.doc_type == "kamervragen"
    assert [(s.name, s.office) for s in metadata.ministers] == [("R.A. Bakker", "minister van Defensie")]
    assert metadata.postponement_count == 0 and metadata.zaak_number == "2024Z13001"
    postponed = read_sidecar(fetched / "2024D35210.docx")
    assert postponed is not None and postponed.postponement_count == 1
    assert postponed.postponements[0].number == "2024D33417"


def test_a_letter_without_a_sidecar_has_none_and_a_foreign_json_is_a_warning(tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    letter.write_bytes(fixture_bytes("2024D35001"))
    assert read_sidecar(letter) is None
    (tmp_path / "brief.json").write_text('{"scores": []}', encoding="utf-8")
    with pytest.warns(UserWarning, match=r"brief\.json: not a sidecar of `evasion fetch`"):
        assert read_sidecar(letter) is None


def test_apply_sidecar_lets_the_api_take_precedence(fetched: Path) -> None:
    from classifier.letters.pairs import read_letter

    path = fetched / "2024D35001.docx"
    sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    sidecar["date_answered"], sidecar["date_asked"] = "2024-09-13", "2024-08-19"
    sidecar["submitters"][2]["party"] = "SP"  # the API says: all three from the SP
    path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")

    letter = read_letter(path)
    assert letter.meta.askers == ["SP", "GL-PvdA"] and letter.pairs[0].party == "GL-PvdA, SP"
    applied = apply_sidecar(letter, read_sidecar(path))
    meta = applied.meta
    assert (str(meta.date), str(meta.date_asked), meta.askers) == ("2024-09-13", "2024-08-19", ["SP"])
    assert meta.ministry == "Defensie" and meta.kamerstuk == "2024Z13001" and meta.doc_type == "kamervragen"
    assert [s.name for s in meta.signatories] == ["R.A. Bakker"]  # the API's signer of the answer
    assert {pair.party for pair in applied.pairs} == {"SP"}
    assert apply_sidecar(letter, None) is letter


# == classifier/cli/fetch.py ====================================================================


def test_fetch_then_score_then_report(api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str], use_fake_model: object) -> None:
    """The README's example, end to end: fetch a period, score what came, report per minister.

    The letters are read and split for real; the labels come from conftest's FakeModel, as in the
    other tests of the commands, so this does not depend on the trained model file."""
    out = tmp_path / "answers"
    code = run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == errors.BatchFailed.exit_code, err
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {NO_FILE}: no file resource: the API lists no file")
    assert f"{out}: 4 fetched, 1 failed (1 no file resource), of 5 answers listed" in lines
    assert lines[-1].startswith("error: expected every answer to download, 1 of 5 answers failed")
    # a document without a file fails the same way next time: no "run the same command again"
    assert not any("run the same command again" in line for line in lines)

    store = tmp_path / "evasion.db"
    letters = sorted(str(p) for p in out.iterdir() if p.suffix in (".docx", ".pdf"))
    assert run(["score", *letters, "--store", str(store), "--format", "json", "--out", str(tmp_path / "s.json")]) == 0
    scored = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert {s["letter"]["letter_id"] for s in scored} == {"2024D35001", "2024D35210", "2024D36120", "2024D37555"}
    capsys.readouterr()
    assert run(["report", "--store", str(store), "--by", "minister", "--format", "csv"]) == 0
    report = capsys.readouterr().out
    assert "Bakker" in report and "De Wit" in report

    # the API's metadata, not the text's, is what scoring kept and what the reports count
    by_id = {s["letter"]["letter_id"]: s["letter"] for s in scored}
    first = by_id["2024D35001"]
    assert first["askers"] == ["SP", "GL-PvdA"]
    assert (first["date_asked"], first["date"]) == ("2024-08-20", "2024-09-12")
    assert by_id["2024D35210"]["postponements"] == 1
    assert run(["report", "--store", str(store), "--by", "party", "--format", "json"]) == 0
    parties = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groups"]}
    # the two submitting parties the API names asked together: the letter counts for each of them
    assert parties["GL-PvdA"]["shared_letters"] >= 1 and parties["SP"]["shared_letters"] >= 1
    assert parties["GL-PvdA"]["delay_days_median"] is not None
    assert run(["report", "--store", str(store), "--by", "minister", "--format", "json"]) == 0
    groups = json.loads(capsys.readouterr().out)["groups"]
    assert sum(g["postponements"] for g in groups) >= 1
    assert any(g["postponements"] == 1 and g["postponed_letters"] == 1 for g in groups)


def test_fetch_run_again_resumes(api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]
    run(argv)
    capsys.readouterr()
    assert run(argv) == errors.BatchFailed.exit_code
    assert f"{tmp_path}: 0 fetched, 4 already there, 1 failed (1 no file resource), of 5 answers listed" in \
        capsys.readouterr().err.splitlines()
    assert set(api.file_requests.values()) == {1}


def test_fetch_with_nothing_failing_exits_0(api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--ministry", "Volkshuisvesting",
                "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"{tmp_path}: 1 fetched, of 1 answer listed"]


def test_a_fetch_that_cannot_list_leaves_no_new_folder_and_keeps_an_existing_one(
        mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With no network the folder --out names was made and left empty; one the user made stays."""
    RecordedApi(mock).page(1, body=requests.ConnectionError("Name or service not known"))
    new = tmp_path / "answers"
    argv = ["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out"]
    assert run([*argv, str(new)]) == errors.NetworkError.exit_code
    assert not new.exists()
    RecordedApi(mock).page(1, body=requests.ConnectionError("Name or service not known"))
    mine = tmp_path / "mine"
    mine.mkdir()
    assert run([*argv, str(mine)]) == errors.NetworkError.exit_code
    assert mine.is_dir()


def test_fetch_kind_asks_for_those_documents_only(mock: responses.RequestsMock, patched_sleep: FakeClock,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists = {**QUERY, "$filter": QUERY["$filter"].replace(
        "(Soort eq 'Antwoord schriftelijke vragen' or Soort eq 'Antwoord schriftelijke vragen (nader)' or "
        "Soort eq 'Lijst van vragen en antwoorden')", "(Soort eq 'Lijst van vragen en antwoorden')")}
    only_list = {**page(2), "value": page(2)["value"][1:]}
    del only_list["@odata.nextLink"]
    mock.get(ROOT + "Document", match=[matchers.query_param_matcher(lists)], json=only_list)
    mock.get(resource_url("2024D36120"), body=fixture_bytes("2024D36120"), content_type="application/pdf")
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--kind", "lijsten",
                "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024D36120.json", "2024D36120.pdf"]


def test_fetch_asks_the_root_given_with_api(mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = "http://tk-mirror.example.test/OData/v4/2.0/"
    recorded = RecordedApi(mock, root=mirror)
    recorded.listing()
    recorded.files()
    monkeypatch.setenv("EVASION_TK_API", "http://ignored.example.test/OData/")
    run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path), "--api", mirror])
    assert "4 fetched" in capsys.readouterr().err
    assert mock.calls and all(call.request.url.startswith(mirror) for call in mock.calls)


def test_fetch_uses_the_setting_for_its_root(mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = "http://localhost:8080/OData/v4/2.0/"
    recorded = RecordedApi(mock, root=mirror)
    recorded.listing()
    recorded.files()
    monkeypatch.setenv("EVASION_TK_API", mirror.rstrip("/"))
    run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)])
    assert "4 fetched" in capsys.readouterr().err
    assert all(call.request.url.startswith(mirror) for call in mock.calls)


def test_fetch_without_network_is_one_line_and_exit_18(mock: responses.RequestsMock, patched_sleep: FakeClock,
                                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    RecordedApi(mock).page(1, body=requests.ConnectionError("[Errno -3] Temporary failure in name resolution"))
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 18
    lines = capsys.readouterr().err.splitlines()
    waits = [line for line in lines if line.startswith("waiting ")]
    assert [line.split(":")[0] for line in waits] == ["waiting 1 s", "waiting 2 s", "waiting 4 s", "waiting 8 s"]
    rest = [line for line in lines if not line.startswith("waiting ")]
    assert rest[0].startswith("error: cannot reach gegevensmagazijn.tweedekamer.nl: ") and "5 tries" in rest[0]
    assert rest[1].startswith("hint: ") and len(rest) == 2


def test_fetch_with_a_later_page_failing_fetches_what_was_listed(
    mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = RecordedApi(mock)
    recorded.page(1)
    recorded.page(2, status=500, json={"error": {"message": "An error has occurred."}})
    recorded.files()
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    err = capsys.readouterr().err
    assert "error: page 2 of the listing: API error: " in err
    assert f"{tmp_path}: 2 fetched, 1 failed (1 API error), of 2 answers listed" in err
    assert "note: the listing stopped early" in err and "1 listing error" in err
    assert "; run the same command again for the rest" in err  # a 5xx may pass: the listing note says so


def test_ctrl_c_during_fetch_says_how_far_it_came_and_exits_130(
    api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api.interrupt_at = "2024D36120"
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 130
    lines = capsys.readouterr().err.splitlines()
    assert lines[-2] == f"{tmp_path}: 3 of 5 answers done before the interrupt; the same command resumes"
    assert lines[-1] == "evasion: interrupted"
    assert {p.suffix for p in tmp_path.iterdir()} == {".docx", ".json"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--since", "2024-13-01"], "expected a day as YYYY-MM-DD, found '2024-13-01'"),
     (["--since", "2024-10-01", "--until", "2024-09-01"], "--since 2024-10-01 is after --until 2024-09-01"),
     (["--limit", "0"], "Invalid value for '--limit'"),
     (["--kind", "moties"], "'moties' is not one of 'kamervragen', 'lijsten', 'all'"),
     (["--api", "ftp://example.test/"], "--api: expected an http(s) URL of an OData root")],
)
def test_fetch_refuses_bad_options_with_exit_2(argv: list[str], message: str, tmp_path: Path, mock: object,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["fetch", "--out", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_fetch_refuses_a_file_as_its_folder(tmp_path: Path, mock: object, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "answers.txt"
    out.write_text("not a folder", encoding="utf-8")
    assert run(["fetch", "--out", str(out)]) == errors.OutputError.exit_code
    assert "is a file; --out takes a folder" in capsys.readouterr().err


def test_fetch_help_names_its_options_as_click_does(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert run(["fetch", "--help"]) == 0
    text = capsys.readouterr().out
    assert "Usage: evasion fetch [OPTIONS]" in text
    for wrong in ("<bool>", "<path>", "<str>", "<int>"):
        assert wrong not in text
    assert re.search(r"--out\s+-o\s+DIR", text) and "[kamervragen|lijsten|all]" in text
    assert re.search(r"--since\s+DATE", text) and re.search(r"--api\s+URL", text)


def test_the_old_word_note_names_the_files(mock: responses.RequestsMock, patched_sleep: FakeClock,
                                           tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    RecordedApi(mock).listing()
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    for number in FILES:
        mock.get(resource_url(number), body=old_word if number in ("2024D35210", "2024D37555") else fixture_bytes(number))
    run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)])
    assert ("note: 2 answers are old Word .doc files, which `evasion score` cannot read (2024D35210.doc, "
            "2024D37555.doc); convert them to .docx or .pdf") in capsys.readouterr().err.splitlines()


def test_the_old_word_note_names_a_few_files_then_counts_the_rest(tmp_path: Path) -> None:
    from classifier.cli.fetch import _notes
    from classifier.fetch.download import FetchResult

    result = FetchResult(out_dir=tmp_path, fetched=[tmp_path / f"2024D3500{i}.doc" for i in range(7)])
    assert _notes(result) == ["7 answers are old Word .doc files, which `evasion score` cannot read (2024D35000.doc, "
                              "2024D35001.doc, 2024D35002.doc, 2024D35003.doc, 2024D35004.doc, and 2 more); "
                              "convert them to .docx or .pdf"]


def test_a_failure_a_retry_cannot_mend_gives_its_hint_once_and_no_retry_advice(
    api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVASION_MAX_INPUT_BYTES", "30000")  # the three .docx files are larger
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    lines = capsys.readouterr().err.splitlines()
    assert lines.count("hint: raise EVASION_MAX_INPUT_BYTES to fetch it (and to score it)") == 1
    assert lines[-1] == "error: expected every answer to download, 4 of 5 answers failed"
    assert not any("run the same command again" in line for line in lines)


def test_a_failure_that_may_pass_next_time_suggests_running_again(
    mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    RecordedApi(mock).listing()
    for number in FILES:
        if number == "2024D35210":
            mock.get(resource_url(number), status=503, json={"error": {"message": "Service Unavailable"}})
        else:
            mock.get(resource_url(number), body=fixture_bytes(number), content_type=DOCX)
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    lines = capsys.readouterr().err.splitlines()
    assert "hint: the API is busy or down; run the same command later to resume" in lines
    assert lines[-1] == "hint: run the same command again to retry; what is in the folder is not fetched again"


def test_fetch_with_a_looping_listing_stops_it_and_fetches_what_was_listed(
    mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    looping_listing(mock)
    RecordedApi(mock).files()
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    err = capsys.readouterr().err
    assert "error: page 3 of the listing: unexpected payload: expected a next link to a page not read yet" in err
    assert f"{tmp_path}: 2 fetched, 1 failed (1 unexpected payload), of 2 answers listed" in err
    assert "note: the listing stopped early (see above): the answers after it were not listed\n" in err
    assert "run the same command again" not in err  # it would loop again


def test_fetch_with_page_2_nested_too_deeply_fetches_what_was_listed(
    mock: responses.RequestsMock, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = RecordedApi(mock)
    recorded.page(1)
    recorded.page(2, body=DEEP, content_type="application/json")
    recorded.files()
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]) == 14
    err = capsys.readouterr().err
    assert "error: page 2 of the listing: unexpected payload: expected JSON from the API, found application/json " \
           "nested too deeply to read" in err
    assert f"{tmp_path}: 2 fetched, 1 failed (1 unexpected payload), of 2 answers listed" in err


def test_fetch_run_again_writes_a_sidecar_that_is_not_the_documents_again(
    api: RecordedApi, patched_sleep: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", str(tmp_path)]
    run(argv)
    (tmp_path / "2024D35210.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    run(argv)
    assert f"{tmp_path}: 0 fetched, 4 already there (1 sidecar written again), 1 failed (1 no file resource), " \
           "of 5 answers listed" in capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("argv", [["--until", "9999-12-31"], ["--since", "0001-01-01"], ["--since", "1899-12-31"]])
def test_fetch_refuses_days_out_of_range_before_making_the_folder(
    argv: list[str], tmp_path: Path, mock: responses.RequestsMock, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "answers"
    assert run(["fetch", "--out", str(out), *argv]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: expected {argv[0]} to be a day from 1900-01-01 to ")
    assert lines[0].endswith(f"-12-31, found {argv[1]}")
    assert not out.exists() and not mock.calls


def test_fetch_refuses_an_empty_out(tmp_path: Path, mock: responses.RequestsMock, patched_sleep: FakeClock,
                                    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # "" must not mean this folder
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--out", ""]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: expected --out to name a folder for the documents, found an empty name"]
    assert not mock.calls and not list(tmp_path.iterdir())


@pytest.mark.parametrize(("kind", "message"), [
    ("device", "/dev/null: is a device, not a folder; --out takes a folder for the documents"),
    ("broken link", "answers: is a broken symbolic link (to nowhere/x, which does not exist); --out takes a folder"),
])
def test_fetch_says_what_an_out_that_is_no_folder_is(kind: str, message: str, tmp_path: Path,
                                                     mock: responses.RequestsMock,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = Path("/dev/null")
    if kind == "broken link":
        out = tmp_path / "answers"
        out.symlink_to("nowhere/x")
    assert run(["fetch", "--out", str(out)]) == errors.OutputError.exit_code
    assert message in capsys.readouterr().err and not mock.calls


def test_a_folder_fetch_made_is_removed_when_nothing_matched(api: RecordedApi, patched_sleep: FakeClock,
                                                             tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "answers"
    assert run(["fetch", "--since", "2024-09-01", "--until", "2024-10-31", "--ministry", "Onderwijs",
                "--out", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [f"{out}: no answers matched"]
    assert not (tmp_path / "new").exists()
