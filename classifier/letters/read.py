"""Read a letter from a file into a `Document`, and clean the layout debris out of it.

Answer letters arrive as PDFs, Word files or text someone extracted from a PDF. The splitter
works on lines ("Antwoord", "Vraag 3", "12 Welke ..."), so cleaning keeps the line structure and
only removes what layout put there: page numbers, running headers, footnotes, letterheads repeated
on later pages, bullet glyphs and markdown leftovers. `raw` keeps the decoded text untouched so
quotes can be checked against it. Joining wrapped lines is left to `unwrap`, which the splitter
calls per question and per answer, because paragraph breaks only mean something inside one of them.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import charset_normalizer

from classifier import errors
from classifier.config import get_settings
from classifier.letters import bounds
from classifier.letters.clean import clean_text
from classifier.letters.docx import docx_text
from classifier.letters.encoding import binary_controls, marked_codec
from classifier.letters.pdf import one_line, read_pdf
from classifier.types import TEXT_SOURCE, Document

_Read = tuple[Literal["txt", "pdf", "docx"], str, str]  # format, raw text, text to clean


# --- files -> text ---------------------------------------------------------------------------

def read_document(path: str | Path) -> Document:
    """Read a .txt, .pdf, .docx or .html letter; every failure is an EvasionError naming the file."""
    p = Path(path)
    try:
        info = p.stat()  # follows a symlink: what counts is what it points to
    except (FileNotFoundError, NotADirectoryError):
        stdin = "reading standard input is not supported: give the letter as a file" if str(path) == "-" else None
        raise errors.InputNotFound("no such file", path=p, hint=stdin) from None
    except OSError as exc:  # a folder on the way that may not be entered, a symlink loop
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=p) from None
    if stat.S_ISDIR(info.st_mode):
        raise errors.InputNotFound(f"is a directory; {_expected()}", path=p)
    if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would block, /dev/zero never ends
        raise errors.InputNotFound(f"is not a regular file but {_file_kind(info.st_mode)}; {_expected()}", path=p)
    suffix = p.suffix.lower()
    if suffix not in _READERS:
        found = f"'{p.suffix}'" if p.suffix else "no extension"
        raise errors.UnsupportedFormat(f"cannot read files with {found}; supported: {', '.join(_READERS)}", path=p)
    size, limit = info.st_size, get_settings().max_input_bytes
    if size > limit:  # from the size alone: a 50 MB file must fail before it is loaded
        raise errors.InputTooLarge(f"is {size:,} bytes, over the limit of {limit:,} (EVASION_MAX_INPUT_BYTES)", path=p)
    if size == 0:
        raise errors.EmptyInput("is empty (0 bytes)", path=p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=p) from exc
    fmt, raw, text = _READERS[suffix](data, p)
    if not raw.strip():
        raise errors.EmptyInput("contains only whitespace", path=p)
    cleaned = clean_text(text)
    if not cleaned:
        raise errors.EmptyInput("contains nothing but page numbers and layout debris", path=p)
    return Document(source=str(p), letter_id=p.stem, content_hash=hashlib.sha256(data).hexdigest(),
                    format=fmt, raw=raw, text=cleaned)


def _expected() -> str:
    *first, last = _READERS
    return f"expected a {', '.join(first)} or {last} file"


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def document_from_text(text: str, letter_id: str = "letter") -> Document:
    """Wrap text handed in directly (a notebook, a test, stdin) the way a file is read."""
    cleaned = clean_text(text)
    if not cleaned:
        raise errors.EmptyInput(f"text for {letter_id!r} is empty or holds only layout debris")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(source=TEXT_SOURCE, letter_id=letter_id, content_hash=digest, format="text", raw=text, text=cleaned)


def _read_txt(data: bytes, path: Path) -> _Read:
    text = _decode(data, path)
    return "txt", text, text


def _decode(data: bytes, path: Path) -> str:
    """BOMs first, then UTF-8 (which fails loudly on anything else), then a Western single-byte encoding."""
    codec = marked_codec(data)
    if codec is None and b"\x00" in data:
        raise errors.NotText("contains NUL bytes: a binary file, not text", path=path)
    try:
        text = data.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        if codec:
            how = ("looks like {} without a byte-order mark" if codec in ("utf-16-le", "utf-16-be")
                   else "starts with a {} byte-order mark")
            raise errors.NotText(f"{how.format(codec)}, but byte {exc.start} is not {codec}", path=path) from exc
        if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data):
            text = data.decode("utf-8", errors="evasion-cp1252")  # UTF-8 with pasted Windows-1252 fragments
        else:  # Dutch text outside UTF-8 is Windows-1252 or Latin-1; wider guesses would mangle "€", "’", "ë"
            best = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
            text = str(best) if best is not None else data.decode("cp1252", errors="replace")
    controls = binary_controls(text)
    if controls:
        raise errors.NotText(f"{controls} of {len(text)} characters are control characters: binary, not text",
                             path=path)
    return text


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("evasion-cp1252", _cp1252_fallback)


def _read_pdf(data: bytes, path: Path) -> _Read:
    raw, text = read_pdf(data, path)
    return "pdf", raw, text


def _read_docx(data: bytes, path: Path) -> _Read:
    try:
        text = docx_text(data, bounds.Budget.from_settings())
    except bounds.TooLarge as exc:
        raise errors.InputTooLarge(f"DOCX too large to read: {exc}", path=path) from None
    except Exception as exc:  # BadZipFile, KeyError, ValueError, lxml errors: all mean "not a DOCX"
        raise errors.BrokenDocument(f"is not a valid DOCX file: {one_line(exc)}", path=path) from exc
    return "docx", text, text


def _read_html(data: bytes, path: Path) -> _Read:
    from classifier.letters.html import html_to_text

    text = html_to_text(data, path)
    return "html", text, text


_READERS: dict[str, Callable[[bytes, Path], _Read]] = {
    ".txt": _read_txt, ".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html}
