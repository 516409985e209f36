"""The resumable download loop of `evasion fetch`: list, then fetch what is not there yet.

Each answer becomes two files in the output folder, named after its document number:
the original file as the API serves it (`2024D36411.docx` or `.pdf`) and a sidecar
(`2024D36411.json`, see classifier.fetch.models.Sidecar) with what the API says about it.
Both are written through classifier.io, so an interrupted run leaves whole files only; the
document is written before its sidecar, and a run that finds a document without its sidecar
writes the sidecar without fetching the document again.

A document already in the folder is never fetched again: run the same command after a
Ctrl-C, a lost connection or a failed document, and only what is missing is asked for. What
fails for one document (no network, an API error, no file behind it, an answer that is not
what the API documents) is recorded and the loop goes on; `FetchResult.failures` says why.
Nothing here prints: progress goes to the callbacks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import EvasionError, FetchError, InputTooLarge, OutputError
from classifier.fetch.client import AnswerQuery, TKClient
from classifier.fetch.models import AnswerRecord, Sidecar
from classifier.io import atomic_write_bytes, atomic_write_text

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc")
"""What an answer's file can be; `evasion score` reads .pdf and .docx (a .doc is kept, but not scored)."""


@dataclass(frozen=True)
class Failure:
    """One document (or one page of the listing) that could not be fetched, and why."""

    label: str
    """The document number, or "page 3 of the listing"."""
    error: EvasionError
    stage: str = "download"
    """"listing" (a page, or an entry of it that could not be read) or "download"."""

    @property
    def reason(self) -> str:
        """The few words the summary counts by: "no network", "API error", "no file resource", …"""
        if isinstance(self.error, InputTooLarge):
            return "too large"
        return getattr(self.error, "reason", type(self.error).__name__)


DocumentOutcome = Path | Failure
"""What happened to one document: the path of its file (fetched or already there), or its Failure."""


@dataclass
class FetchResult:
    out_dir: Path
    listed: int = 0
    """Answers the query matched (after the date, ministry and limit filters)."""
    fetched: list[Path] = field(default_factory=list)
    """Files downloaded in this run."""
    already: list[Path] = field(default_factory=list)
    """Files that were in the folder before: not fetched again."""
    failures: list[Failure] = field(default_factory=list)
    listing_complete: bool = True
    """False when a page of the listing failed: the answers after it were not listed."""

    @property
    def files(self) -> list[Path]:
        return [*self.already, *self.fetched]

    @property
    def unreadable(self) -> list[Path]:
        """Files `evasion score` cannot read (old Word .doc)."""
        return [path for path in self.files if path.suffix.lower() == ".doc"]

    @property
    def failed_documents(self) -> list[Failure]:
        """Failures of answers that were listed (not of the listing itself)."""
        return [failure for failure in self.failures if failure.stage == "download"]

    def reasons(self) -> dict[str, int]:
        """How many failed for each reason, most frequent first."""
        counts: dict[str, int] = {}
        for failure in self.failures:
            counts[failure.reason] = counts.get(failure.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def fetch_answers(
    query: AnswerQuery,
    out_dir: str | Path,
    *,
    client: TKClient | None = None,
    on_listing: Callable[[int, int], None] | None = None,
    on_document: Callable[[int, int, AnswerRecord, DocumentOutcome], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    now: Callable[[], dt.datetime] | None = None,
) -> FetchResult:
    """Download every answer `query` matches into `out_dir`, with a sidecar each; skip what is there.

    `on_listing(pages, found)` is called after each page of the listing; `on_document(done,
    total, record, outcome)` after each document; `on_failure(failure)` for each failure, of
    the listing or of a document, as it happens. Raises FetchError when not even the first
    page of the listing can be had, OutputError when the folder cannot be written, and lets
    KeyboardInterrupt through (every file already written is whole).
    """
    client = client if client is not None else TKClient()
    now = now or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    created = not Path(out_dir).exists()
    folder = _output_folder(out_dir)  # before the listing: a folder that cannot be made fails at once
    result = FetchResult(out_dir=folder)
    try:
        return _fetch_into(client, query, folder, result, now, on_listing, on_document, on_failure)
    except FetchError:
        if created and not any(folder.iterdir()):  # no listing at all: leave no empty folder behind
            folder.rmdir()
        raise


def _fetch_into(client: TKClient, query: AnswerQuery, folder: Path, result: FetchResult,
                now: Callable[[], dt.datetime], on_listing: Callable[[int, int], None] | None,
                on_document: Callable[[int, int, AnswerRecord, DocumentOutcome], None] | None,
                on_failure: Callable[[Failure], None] | None) -> FetchResult:
    """The listing, then each document in turn (see `fetch_answers`)."""

    records: list[AnswerRecord] = []
    stems: set[str] = set()
    pages = 0

    def page_read(number: int) -> None:
        nonlocal pages
        pages = number
        if on_listing is not None:
            on_listing(pages, len(records))

    for listed in client.answers(query, on_page=page_read):
        if listed.error is not None:
            failure = Failure(label=listed.label, error=listed.error, stage="listing")
            result.failures.append(failure)
            if on_failure is not None:
                on_failure(failure)
            if listed.ends_listing:
                result.listing_complete = False
            continue
        record = listed.record
        if record is None or not query.wants(record) or record.stem in stems:
            continue  # a document listed twice (the listing shifted between pages) is fetched once
        stems.add(record.stem)
        records.append(record)
        if on_listing is not None:
            on_listing(pages, len(records))
        if query.limit is not None and len(records) >= query.limit:
            break
    result.listed = len(records)

    for done, record in enumerate(records, start=1):
        outcome = _fetch_one(client, record, folder, result, now)
        if isinstance(outcome, Failure) and on_failure is not None:
            on_failure(outcome)
        if on_document is not None:
            on_document(done, len(records), record, outcome)
    return result


def _fetch_one(client: TKClient, record: AnswerRecord, folder: Path, result: FetchResult,
               now: Callable[[], dt.datetime]) -> DocumentOutcome:
    existing = existing_document(folder, record.stem)
    if existing is not None:
        if not sidecar_file(existing).exists():  # an earlier run stopped between the two writes
            write_sidecar(existing, record, client.api_root, now())
        result.already.append(existing)
        return existing
    try:
        downloaded = client.download(record)
    except (FetchError, InputTooLarge) as exc:
        failure = Failure(label=record.number, error=exc)
        result.failures.append(failure)
        return failure
    path = folder / f"{record.stem}{downloaded.suffix}"
    atomic_write_bytes(path, downloaded.content)
    write_sidecar(path, record, client.api_root, now())
    result.fetched.append(path)
    return path


def existing_document(folder: Path, stem: str) -> Path | None:
    """The answer's file if a run already fetched it (any of the suffixes it can have)."""
    for suffix in DOCUMENT_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def sidecar_file(document: Path) -> Path:
    """`2024D36411.docx` → `2024D36411.json`, next to it."""
    return document.with_suffix(".json")


def write_sidecar(document: Path, record: AnswerRecord, api_root: str, fetched_at: dt.datetime) -> Path:
    sidecar = Sidecar(**dict(record), file=document.name, api_root=api_root, fetched_at=fetched_at,
                      asker_parties=record.parties)
    data = sidecar.model_dump(mode="json")
    first = ("schema_version", "file", "api_root", "fetched_at")
    ordered = {key: data[key] for key in first} | {key: value for key, value in data.items() if key not in first}
    return atomic_write_text(sidecar_file(document), json.dumps(ordered, ensure_ascii=False, indent=2) + "\n")


def _output_folder(out_dir: str | Path) -> Path:
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file; --out takes a folder for the documents", path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder: {exc.strerror or exc}", path=folder) from None
    return folder
