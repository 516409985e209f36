"""`evasion fetch --out DIR`: download the answers of a period from the Tweede Kamer open data."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from classifier.cli._app import annotations_app, app  # noqa: F401
from classifier.errors import BatchFailed, UsageError
from classifier.outputs.wording import noun, plural

if TYPE_CHECKING:
    from classifier.fetch.download import FetchResult

MAX_NAMED = 5
"""Files a note names before it says "and N more"."""


class Kind(str, Enum):
    kamervragen = "kamervragen"
    lijsten = "lijsten"
    all = "all"


@app.command("fetch")
def fetch(
    out: Annotated[
        str,  # not a Path: Path("") is ".", and an empty --out must not mean the current folder
        typer.Option("--out", "-o", metavar="DIR", help="Folder for the documents (.docx, .pdf) and a sidecar "
                     ".json each; run the same command again to resume: what is there is not fetched again.",
                     show_default=False),
    ],
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="First day of the answers, YYYY-MM-DD.",
                                 show_default=False),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Last day of the answers, YYYY-MM-DD.",
                                 show_default=False),
    ] = None,
    ministry: Annotated[
        str | None,
        typer.Option("--ministry", metavar="NAME", help="Only questions put to a minister whose office or name "
                     "contains NAME (any case), e.g. Defensie.", show_default=False),
    ] = None,
    kind: Annotated[
        Kind, typer.Option("--kind", help="kamervragen (answers to written questions), lijsten (lists of questions "
                           "and answers) or all.", case_sensitive=False),
    ] = Kind.all,
    limit: Annotated[
        int | None, typer.Option("--limit", metavar="N", min=1, help="At most N answers (the oldest first).",
                                 show_default=False),
    ] = None,
    api: Annotated[
        str | None,
        typer.Option("--api", metavar="URL", help="OData root to ask (default: the Tweede Kamer's, "
                     "env EVASION_TK_API).", show_default=False),
    ] = None,
) -> int:
    """Download the answers of a period from the Tweede Kamer open data, with the API's metadata."""
    from classifier.fetch.client import AnswerQuery, check_day
    from classifier.fetch.models import ANSWER_KINDS

    if not out.strip():
        raise UsageError("expected --out to name a folder for the documents, found an empty name")
    first, last = check_day(_day(since, "--since"), "--since"), check_day(_day(until, "--until"), "--until")
    if first is not None and last is not None and first > last:
        raise UsageError(f"--since {first} is after --until {last}", hint="give the earlier day to --since")
    kinds = ANSWER_KINDS[kind.value] if kind is not Kind.all else ANSWER_KINDS["kamervragen"] + ANSWER_KINDS["lijsten"]
    query = AnswerQuery(since=first, until=last, kinds=kinds, ministry=(ministry or "").strip() or None, limit=limit)

    result = _fetch(query, out, api)
    _finish(result, out)
    return 0


def _fetch(query: Any, out: str, api: str | None) -> Any:
    """Fetch with a progress bar on stderr, one line per failure, and a resume hint on Ctrl-C."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from classifier.fetch.client import TKClient
    from classifier.fetch.download import Failure, fetch_answers
    from classifier.fetch.transport import Transport, Wait

    errors = Console(stderr=True)

    def waiting(wait: Wait) -> None:
        errors.print(f"waiting {wait.seconds:.0f} s: {wait.why} (try {wait.attempt + 1})", markup=False,
                     highlight=False, soft_wrap=True)

    client = TKClient(api_root=api or "", transport=Transport(on_wait=waiting))
    state = {"done": 0, "total": 0}
    with Progress(
        TextColumn("{task.fields[stage]}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[left]}"),
        TimeRemainingColumn(), TextColumn("{task.description}"), console=errors, transient=True,
        disable=not errors.is_terminal,  # a log or pipe gets the lines, not a bar's leftovers
    ) as progress:
        task = progress.add_task("", total=None, stage="listing", left="")

        def listing(pages: int, found: int) -> None:
            progress.update(task, description=f"page {pages}, {plural(found, 'answer')}")

        hints: set[str] = set()

        def failed(failure: Failure) -> None:
            progress.console.print(f"error: {failure.label}: {failure.reason}: {failure.error}", markup=False,
                                   highlight=False, soft_wrap=True)
            hint = failure.error.hint
            if hint and hint not in hints:  # once: 300 documents too large need one "raise the limit"
                hints.add(hint)
                progress.console.print(f"hint: {hint}", markup=False, highlight=False, soft_wrap=True)

        def document(done: int, total: int, record: object, outcome: object) -> None:
            state.update(done=done, total=total)
            progress.update(task, stage="fetching", total=total, completed=done, left=f"{total - done} left",
                            description=getattr(record, "number", ""))

        try:
            return fetch_answers(query, out, client=client, on_listing=listing, on_document=document,
                                 on_failure=failed)
        except KeyboardInterrupt:
            if state["total"]:
                print(f"{out}: {state['done']} of {plural(state['total'], 'answer')} done before the interrupt; "
                      "the same command resumes", file=sys.stderr)
            raise


def _finish(result: FetchResult, out: str) -> None:
    """The summary and its notes on stderr; a failed document or listing is an error (exit code) after them.

    Running again is suggested only when something failed for a passing reason (no network, a
    busy API): a file too large or not there fails the same way every time.
    """
    from classifier.fetch.download import MAX_NETWORK_FAILURES_IN_A_ROW

    print(_summary(result, out), file=sys.stderr)
    for note in _notes(result):
        print(f"note: {note}", file=sys.stderr)
    retry = "run the same command again to retry; what is in the folder is not fetched again"
    if result.stopped is not None:
        done = result.listed - result.not_tried
        raise BatchFailed(f"expected every answer to download, stopped after {MAX_NETWORK_FAILURES_IN_A_ROW} answers "
                          f"in a row failed with no network: {done} of {plural(result.listed, 'answer')} tried, "
                          f"{result.not_tried} not tried", hint="run the same command again when the connection is "
                          "back; what is in the folder is not fetched again")
    if result.failures:
        documents, listing = len(result.failed_documents), len(result.failures) - len(result.failed_documents)
        what = [f"{documents} of {plural(result.listed, 'answer')} failed"] if documents else []
        if listing:
            what.append(f"{plural(listing, 'listing error')} (see above)")
        raise BatchFailed(f"expected every answer to download, {' and '.join(what)}",
                          hint=retry if result.transient else None)


def _notes(result: FetchResult) -> list[str]:
    """What the user should know beyond the counts: an incomplete listing, files `evasion score` cannot read."""
    from classifier.fetch.transport import is_transient

    notes = []
    if not result.listing_complete:
        again = any(is_transient(failure.error) for failure in result.failures if failure.stage == "listing")
        notes.append("the listing stopped early (see above): the answers after it were not listed"
                     + ("; run the same command again for the rest" if again else ""))
    if result.unreadable:
        count = len(result.unreadable)
        names = [path.name for path in result.unreadable[:MAX_NAMED]]
        if count > MAX_NAMED:
            names.append(f"and {count - MAX_NAMED} more")
        files = "an old Word .doc file" if count == 1 else "old Word .doc files"
        notes.append(f"{plural(count, 'answer')} {noun(count, 'is')} {files}, which `evasion score` cannot read "
                     f"({', '.join(names)}); convert {noun(count, 'it', 'them')} to .docx or .pdf")
    return notes


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"expected a day as YYYY-MM-DD, found {value!r}", param_hint=f"'{option}'") from None


def _summary(result: FetchResult, out: str) -> str:
    if result.listed == 0 and not result.failures:
        return f"{out}: no answers matched"
    parts = [f"{len(result.fetched)} fetched"]
    if result.already:
        rewritten = f" ({plural(len(result.sidecars), 'sidecar')} written again)" if result.sidecars else ""
        parts.append(f"{len(result.already)} already there{rewritten}")
    if result.failures:
        reasons = ", ".join(f"{count} {reason}" for reason, count in result.reasons().items())
        parts.append(f"{len(result.failures)} failed ({reasons})")
    if result.not_tried:
        parts.append(f"{result.not_tried} not tried")
    return f"{out}: {', '.join(parts)}, of {plural(result.listed, 'answer')} listed"
