"""The resumable download loop of `evasion fetch`: list, then fetch what is not there yet.

Each answer becomes two files in the output folder, named after its document number:
the original file as the API serves it (`2024D36411.docx` or `.pdf`) and a sidecar
(`2024D36411.json`, see classifier.fetch.models.Sidecar) with what the API says about it.
Both are written through classifier.io, so an interrupted run leaves whole files only; the
document is written before its sidecar, and a run that finds a document without its sidecar
writes the sidecar without fetching the document again (so does one whose sidecar no longer
reads as this document's: overwritten, cut short, of another version).

A document already in the folder is never fetched again: run the same command after a
Ctrl-C, a lost connection or a failed document, and only what is missing is asked for. What
fails for one document (no network, an API error, no file behind it, an answer that is not
what the API documents) is recorded and the loop goes on; `FetchResult.failures` says why.
Only a lost network stops the loop: once MAX_NETWORK_FAILURES_IN_A_ROW documents in a row found
none, the others would each wait out every retry too (a period of 2,000 answers, hours), so the
run ends there and the same command resumes it.
Nothing here prints: progress goes to the callbacks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import EvasionError, FetchError, InputTooLarge, NetworkError, OutputError, UsageError
from classifier.fetch.client import AnswerQuery, TKClient
from classifier.fetch.models import AnswerRecord, Sidecar
from classifier.fetch.sidecar import load_sidecar
from classifier.fetch.transport import is_transient
from classifier.io import atomic_write_bytes, atomic_write_text

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc")
"""What an answer's file can be; `evasion score` reads .pdf and .docx (a .doc is kept, but not scored)."""
MAX_NETWORK_FAILURES_IN_A_ROW = 3
"""Documents in a row that found no network (each after all its retries) before the run stops."""


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
    sidecars: list[Path] = field(default_factory=list)
    """Sidecars written again next to files already there (missing, or not this document's sidecar)."""
    stopped: EvasionError | None = None
    """The network error that ended the run early, MAX_NETWORK_FAILURES_IN_A_ROW documents in a row."""
    not_tried: int = 0
    """Answers listed but not asked for, because the run stopped (see `stopped`)."""

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

    @property
    def transient(self) -> bool:
        """Did anything fail for a passing reason (no network, a busy API), so that running again may help?"""
        return self.stopped is not None or any(is_transient(failure.error) for failure in self.failures)

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
    KeyboardInterrupt through (every file already written is whole). A folder this call made
    and left empty (nothing matched, nothing could be had) is removed again.
    """
    client = client if client is not None else TKClient()
    now = now or (lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    folder = Path(out_dir)
    made = [path for path in (folder, *folder.parents) if not os.path.lexists(path)]
    folder = _output_folder(out_dir)  # before the listing: a folder that cannot be made fails at once
    result = FetchResult(out_dir=folder)
    try:
        return _fetch_into(client, query, folder, result, now, on_listing, on_document, on_failure)
    finally:
        _remove_if_empty(made)


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove the folders a run made (innermost first) that it left empty: an empty `--out` is only clutter."""
    for made in folders:
        try:
            made.rmdir()  # refuses a folder with anything in it
        except OSError:
            return


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
    _fetch_all(client, records, folder, result, now, on_document, on_failure)
    return result


def _fetch_all(client: TKClient, records: list[AnswerRecord], folder: Path, result: FetchResult,
               now: Callable[[], dt.datetime],
               on_document: Callable[[int, int, AnswerRecord, DocumentOutcome], None] | None,
               on_failure: Callable[[Failure], None] | None) -> None:
    """Each listed document in turn, until the network is found gone for several in a row."""
    in_a_row = 0
    for done, record in enumerate(records, start=1):
        asked = client.transport.requests
        outcome = _fetch_one(client, record, folder, result, now)
        if isinstance(outcome, Failure) and on_failure is not None:
            on_failure(outcome)
        if on_document is not None:
            on_document(done, len(records), record, outcome)
        if isinstance(outcome, Failure) and isinstance(outcome.error, NetworkError) and is_transient(outcome.error):
            in_a_row += 1
            if in_a_row >= MAX_NETWORK_FAILURES_IN_A_ROW and done < len(records):
                result.stopped, result.not_tried = outcome.error, len(records) - done
                return
        elif client.transport.requests > asked:
            in_a_row = 0  # something answered; a file already there, or one listed without a file, asked nothing


def _fetch_one(client: TKClient, record: AnswerRecord, folder: Path, result: FetchResult,
               now: Callable[[], dt.datetime]) -> DocumentOutcome:
    existing = existing_document(folder, record.stem)
    if existing is not None:
        if not _sidecar_fits(existing, record):  # an earlier run stopped between the two writes, or it was overwritten
            result.sidecars.append(write_sidecar(existing, record, client.api_root, now()))
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


def _sidecar_fits(document: Path, record: AnswerRecord) -> bool:
    """Is the sidecar next to `document` one that `evasion score` will read as this document's?"""
    try:
        sidecar = load_sidecar(sidecar_file(document))
    except ValueError:  # missing, unreadable, not a sidecar, another schema
        return False
    return sidecar.number == record.number and sidecar.file == document.name


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
    if isinstance(out_dir, str) and not out_dir.strip():  # Path("") is ".": the files would land where the user is
        raise UsageError("expected --out to name a folder for the documents, found an empty name")
    folder = Path(out_dir)
    if folder.is_symlink() and not folder.exists():
        raise OutputError(f"is a broken symbolic link (to {os.readlink(folder)}, which does not exist); "
                          "--out takes a folder for the documents", path=folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{_not_a_folder(folder)}; --out takes a folder for the documents", path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the folder: {exc.strerror or exc}", path=folder) from None
    return folder


def _not_a_folder(path: Path) -> str:
    """What a path that exists but is no folder is, in the words of the error."""
    mode = path.stat().st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a folder"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a folder"
    return "is a file"
