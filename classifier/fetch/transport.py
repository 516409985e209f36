"""HTTP for the open-data API: polite pacing, retries with Retry-After, bounded bodies
and one clear error per failure, so a long fetch survives a flaky connection and
never hammers the service."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from classifier.errors import ApiError, FetchError, InputTooLarge, NetworkError, UnexpectedPayload

JSON_FORMAT = "application/json;odata.metadata=full"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


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
        bad_url = (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                   requests.exceptions.InvalidSchema, ValueError)
        host = _host(url)
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
                    raise transient_error(NetworkError(
                        f"cannot reach {host}: {_short(exc)} ({attempt} tries)",
                        hint="check the internet connection, or point --api at a reachable root")) from None
                self._wait(self._delay(attempt, None), attempt, f"no answer from {host}")
                continue
            except bad_url as exc:  # an address in the API's answer that requests cannot use
                raise UnexpectedPayload(f"expected an http(s) URL to ask, found {url[:200]!r}: {_short(exc)}") from None
            except requests.RequestException as exc:  # too many redirects: trying again will not help
                raise NetworkError(f"cannot ask {host}: {_short(exc)}") from None
            if status in RETRY_STATUSES:
                if attempt >= self.politeness.max_attempts:
                    raise transient_error(ApiError(f"{host} answered HTTP {status} to {attempt} tries in a row",
                                                   hint="the API is busy or down; run the same command later to "
                                                        "resume"))
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


def transient_error(error: FetchError) -> FetchError:
    """Mark an error that every retry met (no network, a busy API): a later run may pass where this one failed.

    Only such failures make `evasion fetch` suggest running again; a file that is too large or
    not there fails the same way every time."""
    error.transient = True  # type: ignore[attr-defined]
    return error


def is_transient(error: BaseException) -> bool:
    """Did the request fail for a passing reason (see `transient_error`)?"""
    return getattr(error, "transient", False) is True


def _host(url: str) -> str:
    """The host of an http(s) URL; any other address (a broken one in an API answer) fails before a request.

    urlsplit raises a bare ValueError for an unclosed IPv6 bracket or a bad port, which
    would otherwise end the whole run with a traceback."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port that is no number raises only when read)
    except ValueError as exc:
        raise UnexpectedPayload(f"expected an http(s) URL to ask, found {url[:200]!r} ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnexpectedPayload(f"expected an http(s) URL to ask, found {url[:200]!r}")
    return parts.netloc


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


def json_object(body: bytes, content_type: str) -> dict:
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        shown = body[:40].decode("latin-1").replace("\n", " ")
        raise UnexpectedPayload(f"expected JSON from the API, found {content_type or 'no declared type'} "
                                f"starting {shown!r}") from None
    except RecursionError:  # nested deeper than Python's parser goes: no page of the API is
        raise UnexpectedPayload(f"expected JSON from the API, found {content_type or 'no declared type'} "
                                "nested too deeply to read") from None
    if not isinstance(data, dict):
        raise UnexpectedPayload(f"expected a JSON object from the API, found a {type(data).__name__}")
    return data


def odata_message(body: bytes) -> str | None:
    """The `error.message` of an OData error answer, if the body is one."""
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
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
