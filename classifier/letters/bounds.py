"""Bounds on what a compressed document may expand to, checked while it expands.

The size limit (EVASION_MAX_INPUT_BYTES) is checked on the file, but PDF and DOCX are
compressed: a 15 KB PDF whose content stream inflates to gigabytes, whose pages all draw
one stream of a million characters, or whose forms draw each other ten times over, and a
260 KB .docx whose XML part inflates to gigabytes, pass it and then take the machine's
memory and minutes of time. Each is refused here, as `InputTooLarge` (exit code 10), as
soon as it crosses one of these bounds (settings in classifier/config.py):

- EVASION_MAX_EXPANDED_BYTES: the bytes a .docx's parts inflate to (the zip's declared sizes
  first, then the actual ones while inflating, to the end of each part's data whatever size it
  declares); the bytes a PDF's streams decompress to
  (every filter layer counted, however the streams are nested or encrypted); and the content
  a PDF's pages draw, a form counted each time it is drawn and at least 1 KiB.
- EVASION_MAX_TEXT_CHARS: the characters of text a .pdf or .docx holds.
- EVASION_MAX_PAGES: the pages of a PDF.
- Fixed bounds no letter comes near: a PDF page draws at most PAGE_CHARS characters (pdfplumber
  holds about 2 KB of memory per character of a page); a string or other token in page content
  is at most TOKEN_BYTES long, and at most MAX_OPERANDS operands wait for an operator (pdfminer's
  parser copies a token, and its interpreter the operand stack, at every step: time grows with
  the square of their length).

pdfminer (under pdfplumber) inflates a stream with one `zlib.decompress` call, and runs the
LZW and run-length decoders to the end, before anything can look at the result. So the
decoders its `pdftypes` module calls are wrapped, once, by versions that stop at the bound
of the document being read (a context variable; outside `pdf_bounds` they are unbounded, as
before). Characters, pages and drawn content are counted by a quick pass of pdfminer's own
interpreter with a device that only counts, before pdfplumber lays out any page; pdfminer's
content parser is replaced by a subclass that checks the token and stack sizes, also only
inside `pdf_bounds`.
"""

from __future__ import annotations

import copy
import io
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from classifier.config import get_settings

PAGE_CHARS = 100_000
"""Characters one PDF page may draw: a dense page holds about 5,000."""

TOKEN_BYTES = 2 * PAGE_CHARS
"""Bytes one string, name or number in a PDF's page content may have."""

MAX_OPERANDS = 1000
"""Operands that may wait for an operator in PDF page content (an operator takes at most a handful)."""

MAX_NESTING = 1000
"""Arrays and dictionaries nested in PDF page content."""

MAX_ELEMENTS = 100_000
"""Elements of one array or dictionary in PDF page content."""

FORM_MIN_COST = 1024
"""Bytes a content stream or form counts at least each time it is drawn, so drawing an empty
form a million times is not free."""

_CHUNK = 1 << 20


class TooLarge(BaseException):
    """A bound was crossed. A BaseException, so that the broad `except Exception` handlers inside
    pdfminer and pdfplumber neither swallow it nor go on decoding; `read` turns it into InputTooLarge."""


@dataclass
class Budget:
    """What one document may still expand to, and what it has used."""

    max_bytes: int
    max_chars: int
    max_pages: int
    page_chars: int = PAGE_CHARS
    decoded: int = 0
    drawn: int = 0
    chars: int = 0
    pages: int = 0
    chars_on_page: int = 0

    @classmethod
    def from_settings(cls) -> Budget:
        settings = get_settings()
        return cls(settings.max_expanded_bytes, settings.max_text_chars, settings.max_pages)

    def room(self) -> int:
        """Bytes that may still be decoded."""
        return max(self.max_bytes - self.decoded, 0)

    def spend_decoded(self, n: int, what: str = "its compressed streams") -> None:
        self.decoded += n
        if self.decoded > self.max_bytes:
            raise TooLarge(f"expected {what} to expand to at most {self.max_bytes:,} bytes "
                           "(EVASION_MAX_EXPANDED_BYTES), found more; a decompression bomb or a damaged file")

    def spend_drawn(self, n: int) -> None:
        self.drawn += max(n, FORM_MIN_COST)
        if self.drawn > self.max_bytes:
            raise TooLarge(f"expected its pages to draw at most {self.max_bytes:,} bytes of content "
                           "(EVASION_MAX_EXPANDED_BYTES; a form counts each time it is drawn), found more")

    def spend_chars(self, n: int) -> None:
        """Characters drawn on the current PDF page."""
        self.chars_on_page += n
        if self.chars_on_page > self.page_chars:
            raise TooLarge(f"expected at most {self.page_chars:,} characters on a page, found more on "
                           f"page {self.pages}")
        self.spend_text(n)

    def spend_text(self, n: int) -> None:
        """Characters of the whole document."""
        self.chars += n
        if self.chars > self.max_chars:
            raise TooLarge(f"expected at most {self.max_chars:,} characters of text (EVASION_MAX_TEXT_CHARS), "
                           "found more")

    def new_page(self) -> None:
        self.pages += 1
        self.chars_on_page = 0
        if self.pages > self.max_pages:
            raise TooLarge(f"expected at most {self.max_pages:,} pages (EVASION_MAX_PAGES), found more")


# --- DOCX: a zip archive ------------------------------------------------------------------------

def check_zip(data: bytes, budget: Budget) -> None:
    """Refuse a zip whose members inflate past the budget: the declared sizes, then the actual ones.

    A zip that is not a zip is left to the reader, which names it a broken document. A member that
    cannot be inflated (bad CRC, damaged deflate data, encrypted) raises zipfile.BadZipFile naming it,
    which the reader reports as a broken document too: nothing else may read it after this check.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > budget.max_bytes:
            raise TooLarge(f"expected its parts to expand to at most {budget.max_bytes:,} bytes "
                           f"(EVASION_MAX_EXPANDED_BYTES), found {declared:,} declared; a decompression bomb")
        for member in members:
            _inflate(archive, member, budget)


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget) -> None:
    """Inflate one member to the real end of its data, a chunk at a time, counting what comes out.

    zipfile stops at the size the central directory declares, but python-docx reads a part in one
    call, which inflates all of its data (gigabytes, for a bomb declaring 1,000 bytes) before
    cutting it to that size. So the declared size is set aside here: the member is read until its
    deflate stream ends, and the budget stops a bomb within a chunk of its bound.
    """
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(f"expected parts stored or deflated, as in every Word file, found "
                                 f"{member.filename!r} compressed with method {member.compress_type}")
    unbounded = copy.copy(member)
    unbounded.file_size = budget.max_bytes + 1  # never reached: the budget is spent first
    size = 0
    try:
        with archive.open(unbounded, mode="r") as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                budget.spend_decoded(len(chunk), "its parts")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise zipfile.BadZipFile(f"part {member.filename!r} cannot be inflated: {exc}") from exc
    if size > member.file_size:  # zipfile would cut it short, and its CRC would not match
        raise zipfile.BadZipFile(f"expected part {member.filename!r} to expand to the {member.file_size:,} bytes "
                                 f"its directory declares, found {size:,}")


# --- PDF: pdfminer's decoders, bounded while a budget is active -----------------------------------

_ACTIVE: ContextVar[Budget | None] = ContextVar("evasion_pdf_budget", default=None)
_INSTALL_LOCK = threading.Lock()
_installed = False


class _BoundedDecompressor:
    """zlib.decompressobj() whose output counts against the active budget."""

    def __init__(self, inner: Any, budget: Budget) -> None:
        self._inner = inner
        self._budget = budget

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        limit = self._budget.room() + 1
        out = self._inner.decompress(data, min(max_length, limit) if max_length else limit)
        self._budget.spend_decoded(len(out))
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        self._budget.spend_decoded(len(out))
        return out

    def __getattr__(self, name: str) -> Any:  # eof, unused_data, unconsumed_tail
        return getattr(self._inner, name)


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        budget = _ACTIVE.get()
        if budget is None:
            return zlib.decompress(data, wbits, bufsize)
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, budget.room() + 1)
        budget.spend_decoded(len(out))
        if not inflater.eof:  # what zlib.decompress says, so pdfminer's fallback for damaged streams still runs
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> Any:
        inner = zlib.decompressobj(*args, **kwargs)
        budget = _ACTIVE.get()
        return inner if budget is None else _BoundedDecompressor(inner, budget)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _bounded_lzw(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def lzwdecode(data: bytes) -> bytes:
        budget = _ACTIVE.get()
        if budget is None:
            return original(data)
        from pdfminer.lzw import LZWDecoder

        out = bytearray()
        for piece in LZWDecoder(io.BytesIO(data)).run():
            out += piece
            budget.spend_decoded(len(piece))
        return bytes(out)

    return lzwdecode


def _bounded_runlength(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def rldecode(data: bytes) -> bytes:
        budget = _ACTIVE.get()
        if budget is None:
            return original(data)
        size, i = 0, 0  # the decoded size, from the run headers alone (a run of 2 bytes may decode to 128)
        while i < len(data) and data[i] != 128:
            size += data[i] + 1 if data[i] < 128 else 257 - data[i]
            i += data[i] + 2 if data[i] < 128 else 2
            if size > budget.room():
                break
        budget.spend_decoded(size)
        return original(data)

    return rldecode


def _counted(original: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """ASCII85 and ASCIIHex: at most five times their input, counted when done."""
    def decode(data: bytes) -> bytes:
        out = original(data)
        budget = _ACTIVE.get()
        if budget is not None:
            budget.spend_decoded(len(out))
        return out

    return decode


def _bounded_content_parser(base: type) -> type:
    """pdfminer's PDFContentParser, refusing a token or a stack that grows past its bound."""

    class BoundedContentParser(base):  # type: ignore[misc,valid-type]
        def fillbuf(self) -> bool:  # called before each 4 KB of content is parsed
            if _ACTIVE.get() is not None:
                if len(self._curtoken) > TOKEN_BYTES:
                    raise TooLarge(f"expected strings and tokens of at most {TOKEN_BYTES:,} bytes in its page "
                                   "content, found a longer one")
                if len(self.curstack) > MAX_ELEMENTS or len(self.context) > MAX_NESTING:
                    raise TooLarge(f"expected arrays of at most {MAX_ELEMENTS:,} elements, nested at most "
                                   f"{MAX_NESTING:,} deep, in its page content, found a larger one")
            return bool(super().fillbuf())

    BoundedContentParser.__name__ = BoundedContentParser.__qualname__ = base.__name__
    return BoundedContentParser


def _install() -> None:
    """Wrap the decoders pdfminer.pdftypes calls and its content parser; once per process, idempotent."""
    global _installed
    with _INSTALL_LOCK:
        if _installed:
            return
        from pdfminer import pdfinterp, pdftypes

        pdfinterp.PDFContentParser = _bounded_content_parser(pdfinterp.PDFContentParser)  # type: ignore[misc]
        pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
        pdftypes.lzwdecode = _bounded_lzw(pdftypes.lzwdecode)
        pdftypes.rldecode = _bounded_runlength(pdftypes.rldecode)
        pdftypes.ascii85decode = _counted(pdftypes.ascii85decode)
        pdftypes.asciihexdecode = _counted(pdftypes.asciihexdecode)
        _installed = True


@contextmanager
def pdf_bounds(budget: Budget) -> Iterator[Budget]:
    """Within this block, every stream pdfminer decodes in this thread counts against `budget`."""
    _install()
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)


def check_pdf(pdf: Any, budget: Budget) -> None:
    """Count the pages, characters and drawn content of an open pdfplumber PDF, without laying it out.

    pdfminer's interpreter runs every page with a device that only counts: a few hundredths of
    a second per page, against about two seconds per 50,000 characters for pdfplumber's layout.
    Fonts and decoded streams are cached in `pdf`, so the layout that follows does not redo them.
    """
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import stream_value

    class Counter(PDFDevice):
        def begin_page(self, page: Any, ctm: Any) -> None:
            budget.new_page()

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            font = textstate.font
            for item in seq:
                if isinstance(item, bytes):
                    budget.spend_chars(_length(font.decode(item)) if font is not None else len(item))

    class Interpreter(PDFPageInterpreter):
        def push(self, obj: Any) -> None:
            super().push(obj)
            if len(self.argstack) > MAX_OPERANDS:
                raise TooLarge(f"expected at most {MAX_OPERANDS:,} operands waiting for an operator in its page "
                               "content, found more; a damaged file or one made to exhaust the reader")

        def execute(self, streams: Any) -> None:
            for stream in streams:
                try:
                    size = len(stream_value(stream).get_data())
                except Exception:  # noqa: BLE001 - a damaged stream is pdfminer's to handle below
                    size = 0
                budget.spend_drawn(size)
            super().execute(streams)

    interpreter = Interpreter(pdf.rsrcmgr, Counter(pdf.rsrcmgr))
    for page in PDFPage.create_pages(pdf.doc):
        interpreter.process_page(page)


def _length(items: Any) -> int:
    try:
        return len(items)
    except TypeError:
        return sum(1 for _ in items)
