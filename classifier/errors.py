"""The project's own error types.

Only the CLI prints and exits. The library raises one of these, and each class
carries the exit code the CLI uses, so that a script calling `evasion` can tell a
broken PDF from a letter without questions without parsing messages. The table of
codes is documented in the README; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


class EvasionError(Exception):
    """Base class: a problem with the user's input or set-up, never a bug."""

    exit_code: int = 1
    hint: str | None = None

    def __init__(
        self, message: str, *, path: str | Path | None = None, hint: str | None = None, line: int | None = None
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        """1-based line in `path` (annotation files), so the message reads `file:line: message`."""
        self.message = message
        if hint is not None:
            self.hint = hint
        where = f"{self.path}:{line}" if self.path and line is not None else self.path
        super().__init__(f"{where}: {message}" if where else message)


class SettingsError(EvasionError):
    """An EVASION_* environment variable that is not a valid value (a limit that is no whole number)."""

    exit_code = 2


class UsageError(EvasionError):
    """Options that contradict each other, such as `--out r.json` with `--format csv`."""

    exit_code = 2


class InputNotFound(EvasionError):
    exit_code = 3


class EmptyInput(EvasionError):
    exit_code = 4


class NotText(EvasionError):
    """Binary content, or bytes that decode to no plausible text."""

    exit_code = 5


class UnsupportedFormat(EvasionError):
    exit_code = 6


class BrokenDocument(EvasionError):
    """A PDF or DOCX that cannot be opened: truncated, encrypted, not what its name says."""

    exit_code = 7


class NoTextLayer(EvasionError):
    """A PDF that opens but holds no text, such as a scan without OCR."""

    exit_code = 8


class NoPairs(EvasionError):
    """Text was read, but no question–answer pair was found in it."""

    exit_code = 9


class InputTooLarge(EvasionError):
    """A file over EVASION_MAX_INPUT_BYTES, or a document that expands past its bounds (a decompression bomb)."""

    exit_code = 10


class AnnotationError(EvasionError):
    """Annotation files that do not follow the guide's schema."""

    exit_code = 11


class ModelError(EvasionError):
    """A trained model that is missing, altered or incompatible."""

    exit_code = 12


class SpacyModelMissing(EvasionError):
    exit_code = 13


class BatchFailed(EvasionError):
    """Some files of a batch failed; the rest were processed."""

    exit_code = 14

    def __init__(self, message: str, *, failures: Sequence[tuple[Path, EvasionError]] = (), **where: Any) -> None:
        super().__init__(message, **where)
        self.failures = list(failures)
        """Each file that failed with its error, for the CLI to name on a line of its own."""


class StoreError(EvasionError):
    """A results store that cannot be opened or read: not SQLite, another schema, locked too long."""

    exit_code = 15


class OfficeHoldersError(EvasionError):
    """An office-holder CSV (bundled, EVASION_OFFICE_HOLDERS or --office-holders) that does not parse."""

    exit_code = 16


class OutputError(EvasionError):
    """An output path that cannot or must not be written: a folder, one of the inputs, a full disk."""

    exit_code = 17


class FetchError(EvasionError):
    """The Tweede Kamer API could not be used (`evasion fetch`).

    For one document it is that document's failure, one line, and the batch goes on (exit 14 at
    the end). When not even the first page of the listing can be had, nothing can be fetched and
    the command stops with this code. `reason` is the few words the summary counts failures by.
    """

    exit_code = 18
    reason = "fetch error"


class NetworkError(FetchError):
    """No answer at all: no network, the host not found, a refused or timed-out connection."""

    reason = "no network"


class ApiError(FetchError):
    """The API answered with an error status (after retries for 429 and 5xx)."""

    reason = "API error"


class NoResource(FetchError):
    """A document that the API lists without a file (no .docx or .pdf behind it)."""

    reason = "no file resource"


class UnexpectedPayload(FetchError):
    """An answer that is not what the API documents: not JSON, no `value` list, a file that is no PDF or Word file."""

    reason = "unexpected payload"


class ModelVersionWarning(UserWarning):
    """The model was trained with other versions of spaCy, scikit-learn or the spaCy model."""
