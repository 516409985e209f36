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
import io
import math
import re
import stat
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import charset_normalizer

from classifier import errors
from classifier.config import get_settings
from classifier.letters import bounds
from classifier.types import Document

_Read = tuple[Literal["txt", "pdf", "docx"], str, str]  # format, raw text, text to clean

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))  # soft hyphen, zero-width, BOM
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\t"), " ")
_BULLET = re.compile(r"^(?:[\uf0b7\uf0a7\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\ufffd]|o(?=\s+[A-Z]))\s*")
_MARKDOWN = re.compile(r"^#{1,6}\s+|^>\s?|^\*(?=\S)|(?<=\S)\*$")
_ITALIC = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])")
_DASH_BEFORE_NUMBER = re.compile(r"^[-–]\s+(?=\d+[a-z]?[.)]?\s)")
_PAGE_LABEL = re.compile(
    r"^(?:(?:pagina|blad|page)\s+\d+(?:\s*(?:van|/|of)\s*\d+)?|[-–]\s*\d+\s*[-–]|\d+\s*(?:/|van)\s*\d+)$", re.I)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_JOINT_NUMBERS = re.compile(r"^\d{1,4}(?:\s*(?:,|en|t/m|&)\s*\d{1,4})+$")
_FIGURE = re.compile(r"^[€$]?\s?[-–]?\d[\d.,]*\s?%?$")  # "244.273", "6", "12,5%", "€ 3,1"
_URL_LINE = re.compile(r"^<?https?://\S+>?$", re.I)
_ENDS_IN_URL = re.compile(r"<(?:https?://|www\.)\S+>$", re.I)  # a whole URL in angle brackets
_FOOTNOTE = re.compile(r"^(?P<n>\d{1,3}|[¹²³⁴-⁹⁰]{1,3})\s+(?P<body>\S.*)$")
_NOTE_LINE = re.compile(r"^(?:\[(?P<b>\d{1,3})\]|\(?(?P<p>\d{1,3})\))\s*(?P<body>\S.*)$")  # "[1] <url>", "(1)Krant …"
_NOTE_MARKER = re.compile(  # "site^[1]." (markdown), "fiasco’(1)" (web page), "[footnoteRef:1]" (pandoc)
    r"\^?\[(?P<b>\d{1,3})\](?![(:])|(?<=[a-zà-ÿ.?!”’\"»])\((?P<p>\d{1,2})\)(?=[\s.,;:?!]|$)")
_QUESTION_NOTE = re.compile(r"(?<=\?)\s\d{1,2}\)$|(?<=\?)\d{1,2}(?=\s|$)")  # "… wonen? 1)", "… training»?1": no number follows a "?"
_PANDOC_NOTE = re.compile(r"[ \t]*\[footnoteRef:\d{1,3}\]|[ \t]*\[\d{1,3}:\s[^\[\]]{0,1000}\]")  # marker, footnote text
_REFERENCE_START = re.compile(r"kamerstuk|kamerbrief|handelingen|aanhangsel|staatscourant|stcrt|join\b|isbn|"
                              r"samenstelling|<?https?://|www\.|zie\b(?!\s+(?:het\s+)?antwoord)", re.I)
_REFERENCE = re.compile(r"kamerstuk|\bnr\.|\bblz\.|https?://|www\.|\bjoin\b|isbn|gepubliceerd|handelingen|\bzie\b",
                        re.I)
_SOURCE_DATE = re.compile(r"^[^.?!]{2,60},\s+\d{1,2}(?:\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|"
                          r"september|oktober|november|december)\s+|-\d{1,2}-)\d{4}\b")  # "de Volkskrant, 1 augustus 2007"
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER = re.compile(  # a footnote number glued to a word ("brief2", "eisen.”6"), or after a closing quote and a space
    r"(?<=[a-zà-ÿ])(?P<punct>[.,;:]?[”’\"»)]?)(?:(?<=[”’\"»])\s)?(?P<n>\d{1,2}|[¹²³⁴-⁹⁰]{1,2})(?=[\s;:)]|[,.](?!\d)|$)")
_NOT_MARKER_AFTER = {"nr", "blz", "art", "p", "pag", "no", "m", "km", "cm", "mm", "dm", "ha", "fase", "lijn"}
_NOT_MARKER_WINDOW = max(map(len, _NOT_MARKER_AFTER)) + 1  # a longer run of letters is no word of that set
_LETTERHEAD_LABEL = re.compile(r"^(datum|betreft|onderwerp|onze referentie|uw referentie|ons kenmerk|uw kenmerk|"
                               r"kenmerk|uw brief|bijlagen?|bijlage\(n\)|aantal bijlagen|contactpersoon|inlichtingen|"
                               r"doorkiesnummer|opgesteld door)\b:?\s*(.*)$", re.I)
_ADDRESS = re.compile(r"^(?:retouradres\b.*|postbus \d+.*|(?-i:\d{4} ?[A-Z]{2} [A-Z][\w' -]+)|www\.\S+|"
                      r"ministerie van [\w ,]+|bij beantwoording.*vermelden\.?|mpc \d+.*|"
                      r"[\w-]+(?:straat|plein|weg|laan|kade|gracht) \d+\w*|plein \d+)$", re.I)
_STRUCTURE = re.compile(r"^(?:vraag|antwoord|vragen)\b", re.I)
_HEADING = re.compile(r"^(?:vraag|vragen|antwoord|antwoorden)\b", re.I)  # "Antwoorden op …" ends a footnote too
_VRAAG_MARKER = re.compile(r"^Vraag\s+\d{1,3}[a-z]?\s*(?:[:.]|$)", re.I)  # after _clean_line removed bullets
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_LIST_START = re.compile(r"^(?:[-–•*]\s|\(?[a-z0-9]{1,3}[.)]\s|\d{1,3}\s[-–]\s)")


# --- files -> text ---------------------------------------------------------------------------

def read_document(path: str | Path) -> Document:
    """Read a .txt, .pdf or .docx letter; every failure is an EvasionError naming the file."""
    p = Path(path)
    try:
        info = p.stat()  # follows a symlink: what counts is what it points to
    except (FileNotFoundError, NotADirectoryError):
        raise errors.InputNotFound("no such file", path=p) from None
    except OSError as exc:  # a folder on the way that may not be entered, a symlink loop
        raise errors.InputNotFound(f"cannot be read: {exc.strerror or exc}", path=p) from None
    if stat.S_ISDIR(info.st_mode):
        raise errors.InputNotFound("is a directory; expected a .txt, .pdf or .docx file", path=p)
    if not stat.S_ISREG(info.st_mode):  # never opened: a FIFO would block, /dev/zero never ends
        raise errors.InputNotFound(f"is not a regular file but {_file_kind(info.st_mode)}; expected a .txt, "
                                   ".pdf or .docx file", path=p)
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
    return Document(source="<text>", letter_id=letter_id, content_hash=digest, format="text", raw=text, text=cleaned)


def _read_txt(data: bytes, path: Path) -> _Read:
    text = _decode(data, path)
    return "txt", text, text


def _decode(data: bytes, path: Path) -> str:
    """BOMs first, then UTF-8 (which fails loudly on anything else), then a Western single-byte encoding."""
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    codec = next((name for bom, name in boms if data.startswith(bom)), None) or _utf16_without_bom(data)
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
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or 0x7F <= ord(ch) < 0xA0)
    if controls > max(2, len(text) // 50):
        raise errors.NotText(f"{controls} of {len(text)} characters are control characters: binary, not text",
                             path=path)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte-order mark, else None.

    Letter text is almost all below U+0100, so in UTF-16 one byte of nearly every pair is
    NUL, always the same one of the two (the second in little-endian); the other byte is
    almost never NUL. Binary data has its NUL bytes in both places, or in neither.
    """
    units = len(data) // 2
    if units < 2 or len(data) % 2:
        return None
    high_le, high_be = data[1::2].count(0), data[0::2].count(0)
    for codec, high, low in (("utf-16-le", high_le, high_be), ("utf-16-be", high_be, high_le)):
        if high >= 0.5 * units and low <= 0.02 * units:
            return codec
    return None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("evasion-cp1252", _cp1252_fallback)


def _read_pdf(data: bytes, path: Path) -> _Read:
    import pdfplumber  # heavy: only PDF readers pay for it

    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise errors.BrokenDocument("is not a PDF (no %PDF- header)", path=path)
    if b"%%EOF" not in data[-2048:]:
        raise errors.BrokenDocument("PDF is truncated (no %%EOF marker at the end)", path=path)
    pages: list[list[str]] = []
    has_images = False
    try:  # pages, characters and decompressed streams are bounded before and while they expand
        with bounds.pdf_bounds(bounds.Budget.from_settings()) as budget, pdfplumber.open(io.BytesIO(data)) as pdf:
            bounds.check_pdf(pdf, budget)
            for page in pdf.pages:
                pages.append((page.extract_text() or "").split("\n"))
                has_images = has_images or bool(page.images)
                page.close()  # drop its characters and layout: memory is that of one page, not of all
    except bounds.TooLarge as exc:
        raise errors.InputTooLarge(f"PDF too large to read: {exc}", path=path) from None
    except Exception as exc:  # pdfminer raises many unrelated types; none may reach the user raw
        reason = "encrypted (a password is needed)" if "password" in repr(exc).lower() else _one_line(exc)
        raise errors.BrokenDocument(f"PDF cannot be read: {reason}", path=path) from exc
    raw = "\n".join("\n".join(lines) for lines in pages)
    if not raw.strip():
        if has_images or not pages:
            raise errors.NoTextLayer(f"PDF has no text layer on its {len(pages)} page(s); a scan needs OCR first",
                                     path=path)
        raise errors.EmptyInput(f"PDF has {len(pages)} page(s) without any text", path=path)
    return "pdf", raw, "\n".join("\n".join(lines) for lines in _drop_running_lines(pages))


def _drop_running_lines(pages: list[list[str]], edge: int = 3) -> list[list[str]]:
    """Drop headers/footers that recur among the top or bottom lines of most pages, and page numbers there."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()).lower())

    def edges(lines: list[str]) -> list[int]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return sorted(set(filled[:edge] + filled[-edge:]))

    counts = Counter(k for lines in pages for k in {key(lines[i]) for i in edges(lines)})
    running = {k for k, n in counts.items() if n >= max(2, math.ceil(len(pages) / 2))}
    kept = []
    for lines in pages:
        at_edge = edges(lines)
        ends = {at_edge[0], at_edge[-1]} if at_edge else set()
        drop = {i for i in at_edge if _PAGE_LABEL.match(lines[i].strip())
                or (key(lines[i]) in running and not _kept_when_running(lines, i))
                or (i in ends and _BARE_NUMBER.match(lines[i].strip()) and not opens_question(lines, i, True))}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _kept_when_running(lines: list[str], i: int) -> bool:
    """Headings recur by nature; letterhead fields are left to clean_text, which keeps their first copy."""
    line = lines[i].strip()
    return bool(_STRUCTURE.match(line) or _LETTERHEAD_LABEL.match(line) or _ADDRESS.match(line)
                or _is_bare_label(_line_before(lines, i).strip()))


def _read_docx(data: bytes, path: Path) -> _Read:
    import docx
    from docx.table import Table

    lines: list[str] = []
    budget = bounds.Budget.from_settings()

    def walk(container: object) -> None:
        for item in container.iter_inner_content():  # type: ignore[attr-defined]
            if not isinstance(item, Table):
                lines.append(item.text)
                budget.spend_text(len(item.text) + 1)
                continue
            # A merged cell is repeated in every row and column it spans: read it once, keyed on its w:tc
            # element. The set holds the elements themselves, which keeps each lxml proxy alive and so
            # unique; the id() of a proxy that was already freed is reused by the next cell's proxy.
            seen: set[object] = set()
            for row in item.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        walk(cell)

    try:
        bounds.check_zip(data, budget)  # before python-docx inflates every part into memory
        walk(docx.Document(io.BytesIO(data)))
    except bounds.TooLarge as exc:
        raise errors.InputTooLarge(f"DOCX too large to read: {exc}", path=path) from None
    except Exception as exc:  # BadZipFile, KeyError, ValueError, lxml errors: all mean "not a DOCX"
        raise errors.BrokenDocument(f"is not a valid DOCX file: {_one_line(exc)}", path=path) from exc
    text = "\n".join(lines)
    return "docx", text, text


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or "no details"
    return f"{type(exc).__name__}: {message[:200]}"


def _read_html(data: bytes, path: Path) -> _Read:
    from classifier.letters.html import html_to_text

    text = html_to_text(data, path)
    return "html", text, text


_READERS: dict[str, Callable[[bytes, Path], _Read]] = {
    ".txt": _read_txt, ".pdf": _read_pdf, ".docx": _read_docx, ".html": _read_html, ".htm": _read_html}


# --- cleaning -------------------------------------------------------------------------------

def clean_text(raw: str) -> str:
    """Remove extraction debris line by line. Lines are never joined, so headings keep their line starts.

    Runs of blank lines shrink to two, not one: a double-spaced extraction (a blank after every
    line) shows its paragraph breaks only as a second blank line.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").translate(_INVISIBLE).translate(_SPACES)
    text = _PANDOC_NOTE.sub("", text)  # a converted Word footnote, inline and wrapped over lines in a PDF
    lines = [_clean_line(line) for line in text.split("\n")]
    lines, footnotes = _drop_footnotes(lines)
    lines = _drop_repeated_letterhead(_drop_page_numbers(lines))
    lines = [_strip_markers(line, footnotes) for line in lines]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")


def _clean_line(line: str) -> str:
    # runs of spaces become one space, but a column gap (two or more) stays two: side-by-side
    # signature blocks ("DE MINISTER …  DE STAATSSECRETARIS …") are told apart by it
    line = re.sub(r"[ \t]{2,}", "  ", re.sub(r"(?<! )[ \t](?! )", " ", line.strip()))
    line = _ITALIC.sub(r"\1", line.replace("**", "").replace("__", ""))
    line = _BULLET.sub("", _MARKDOWN.sub("", line))
    return _DASH_BEFORE_NUMBER.sub("", line).strip()


def _filled(lines: list[str], i: int, step: int = 1, limit: int | None = None) -> int | None:
    """Index of the nearest non-blank line after (step 1) or before (step -1) line i, within `limit` lines."""
    end = -1 if step < 0 else len(lines)
    if limit is not None:
        end = max(end, i - limit - 1) if step < 0 else min(end, i + limit + 1)
    return next((k for k in range(i + step, end, step) if lines[k]), None)


def _line_before(lines: list[str], i: int) -> str:
    k = _filled(lines, i, -1)
    return "" if k is None else lines[k]


def _is_bare_label(line: str) -> bool:
    """A letterhead label whose value is on the next line ("Datum" / "13 mei 2026")."""
    label = _LETTERHEAD_LABEL.match(line)
    return label is not None and not label[2]


def _drop_footnotes(lines: list[str]) -> tuple[list[str], set[str]]:
    """Drop footnote text (and its wrapped continuation) and bare URL lines; return the footnote numbers.

    A numbered line is only a footnote when it reads like a reference, or when it extends a run of
    footnotes (4, then 5): in a "lijst van vragen en antwoorden" every question starts with a number too.
    """
    markers = {m["n"].translate(_SUPERSCRIPT) for line in lines for m in _MARKER.finditer(line)}
    markers |= {m["b"] or m["p"] for line in lines for m in _NOTE_MARKER.finditer(line)}
    lengths = sorted(len(line) for line in lines if line)
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    owner: dict[int, str] = {}  # line index -> footnote number ("" for a URL line)

    def take(i: int, number: str) -> None:
        for k in [i, *_continuation(lines, i, width)]:
            owner[k] = number

    for i, line in enumerate(lines):
        m = _FOOTNOTE.match(line)
        note = _NOTE_LINE.match(line)
        if m and _reads_like_footnote(m["body"], m["n"].translate(_SUPERSCRIPT), markers):
            take(i, m["n"].translate(_SUPERSCRIPT))
        elif note and _reads_like_footnote(note["body"], note["b"] or note["p"], markers):
            take(i, note["b"] or note["p"])  # "[1] <https://…>", "(1)Dagblad De Pers, 23 juli 2007"
        elif _URL_LINE.match(line) and not _line_before(lines, i).endswith(":"):
            take(i, "")
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            m = _FOOTNOTE.match(lines[i])
            if i in owner or not m or _paragraph_asks(lines, i):  # a lijst question wrapped over lines
                continue
            if m["body"][:1].islower() and not re.match(r"<?https?://|www\.", m["body"]):
                continue  # "3 april 2024 …", "12 miljoen …": a sentence wrapped at a number, not a footnote
            n = int(m["n"].translate(_SUPERSCRIPT))
            before, after = _filled(lines, i, -1, 2), _filled(lines, i, 1, 2)
            if (before is not None and owner.get(before) == str(n - 1)) or (
                    after is not None and owner.get(after) == str(n + 1)):
                take(i, str(n))
    return [line for i, line in enumerate(lines) if i not in owner], {n for n in owner.values() if n}


def _paragraph_asks(lines: list[str], i: int) -> bool:
    """Does the paragraph starting at line i hold a "?" (footnotes do not ask)?"""
    for line in lines[i:i + 12]:
        if not line:
            return False
        if "?" in line:
            return True
    return False


def _reads_like_footnote(body: str, number: str, markers: set[str]) -> bool:
    if body.endswith("?") or len(body) > 300:
        return False
    if _REFERENCE_START.match(body):
        return True
    return len(body) <= 160 and number in markers and bool(_REFERENCE.search(body) or _SOURCE_DATE.match(body))


def _continuation(lines: list[str], i: int, width: int) -> list[int]:
    """Lines continuing a footnote or URL wrapped at the page width, with at most one blank line between."""
    found: list[int] = []
    prev = lines[i]
    while len(found) < 8:
        k = _filled(lines, i, 1, 2)
        if k is None or prev.endswith((".", "?", "!")):
            break
        # a URL line, or a line that ends in a whole URL ("[1] <https://…>"), is complete however long
        whole_url = bool(_URL_LINE.match(prev) or _ENDS_IN_URL.search(prev))
        wrapped = prev.endswith(("-", ":", ",")) or (len(prev) >= 0.7 * width and not whole_url)
        nxt = lines[k]
        if (not wrapped or nxt.isupper() or _HEADING.match(nxt) or _FOOTNOTE.match(nxt) or _NOTE_LINE.match(nxt)
                or _LIST_START.match(nxt)):
            break
        if k - i > 1 and not (_REFERENCE.search(nxt) or (len(nxt) <= 40 and nxt[0].islower())):
            break
        found.append(k)
        prev, i = nxt, k
    return found


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Drop "Pagina 2 van 9" and bare numbers, except the numbers that head questions in some lijsten.

    Once one bare number is seen to head a question, the document numbers its questions that way, and
    every bare number followed by a capitalised line is kept (an excerpt may cut the question short).
    A bare number between two other numbers is a table cell ("85.350" / "6" / "329.629"): page
    numbers stand between lines of text.
    """
    bare = [i for i, line in enumerate(lines) if _BARE_NUMBER.match(line) and not _table_cell(lines, i)]
    marked = any(_VRAAG_MARKER.match(line) for line in lines)  # "Vraag 3" numbers the questions, not bare numbers
    headings = bare + [i for i, line in enumerate(lines) if _JOINT_NUMBERS.match(line)]  # "1 en 2" heads one too
    numbered_questions = not marked and any(opens_question(lines, i, need_mark=True) for i in headings)
    drop = {i for i, line in enumerate(lines) if _PAGE_LABEL.match(line)}
    drop |= {i for i in bare if (marked or not opens_question(lines, i, need_mark=not numbered_questions))
             and not _is_bare_label(_line_before(lines, i))}
    return [line for i, line in enumerate(lines) if i not in drop]


def _table_cell(lines: list[str], i: int) -> bool:
    """Is line i a cell in a column of figures: the nearest lines above and below are figures too?"""
    near = [_filled(lines, i, -1, 2), _filled(lines, i, 1, 2)]
    return all(k is not None and _FIGURE.match(lines[k]) and not _PAGE_LABEL.match(lines[k]) for k in near)


def opens_question(lines: list[str], i: int, need_mark: bool) -> bool:
    k = _filled(lines, i)
    while k is not None and _PAGE_LABEL.match(lines[k]):  # "12" / "Pagina 3 van 9" / the question: a page break
        k = _filled(lines, k)
    if k is None or not (lines[k].lstrip()[:1].isupper() or lines[k].lstrip()[:1] in tuple("«“‘\"'")):
        return False
    paragraph = []
    for line in lines[k:k + 12]:
        if not line.strip():
            break
        paragraph.append(line)
    return not need_mark or "?" in " ".join(paragraph)


def _drop_repeated_letterhead(lines: list[str]) -> list[str]:
    """Keep the first letterhead (the metadata reader needs it); drop its fields where later pages repeat them."""
    seen: set[tuple[str, str]] = set()
    kept: list[str] = []
    skip_to = -1
    for i, line in enumerate(lines):
        if i <= skip_to:
            continue
        label = _LETTERHEAD_LABEL.match(line) if line[:1].isupper() else None  # not "betreft" in "Wat\nbetreft"
        if label:
            value, end = label[2], i
            k = _filled(lines, i, 1, 2)
            if not value and k is not None and not _LETTERHEAD_LABEL.match(lines[k]):
                value, end = lines[k], k
            key = (label[1].lower(), " ".join(value.lower().split()))
        elif _ADDRESS.match(line):
            key, end = ("address", line.lower()), i
        else:
            kept.append(line)
            continue
        if key in seen:
            skip_to = end
            continue
        seen.add(key)
        kept.append(line)
    return kept


def _strip_markers(line: str, footnotes: set[str]) -> str:
    """Remove footnote markers glued to words, but only for footnotes that exist (so "F35" and "CO2" stay).

    The word before a marker is looked up in a window just long enough to tell the short words of
    `_NOT_MARKER_AFTER` ("nr", "fase") from longer ones: searching the whole line before every marker
    made a one-line text of 364 KB take half a minute.
    """
    def replace(m: re.Match[str]) -> str:
        word = re.search(r"[A-Za-zà-ÿ]+$", line[max(0, m.start() - _NOT_MARKER_WINDOW):m.start()])
        if word and word[0].lower() in _NOT_MARKER_AFTER:
            return m[0]
        number = m["n"].translate(_SUPERSCRIPT)
        return m["punct"] if number in footnotes or number != m["n"] else m[0]  # superscripts are never content

    line = _NOTE_MARKER.sub(lambda m: "" if (m["b"] or m["p"]) in footnotes else m[0], line)
    line = _QUESTION_NOTE.sub("", line)
    return _MARKER.sub(replace, line)


# --- unwrapping -----------------------------------------------------------------------------

def unwrap(block: str) -> str:
    """Join lines broken mid-sentence into paragraphs, one per line, single-spaced inside.

    A line that does not end a sentence continues on the next one. A blank line ends a paragraph,
    except inside an unfinished sentence whose next line starts in lower case (a page break), and
    except in double-spaced extractions (a blank after most lines), where blank lines carry nothing.
    """
    lines = [" ".join(line.split()) for line in block.split("\n")]
    filled = sum(1 for line in lines if line)
    spaced = sum(1 for a, b, c in zip(lines, lines[1:], lines[2:], strict=False) if a and not b and c)
    double_spaced = spaced > max(2, filled // 2)
    paragraphs: list[str] = []
    gap = False
    for line in lines:
        if not line:
            gap = not double_spaced
        elif paragraphs and _continues(paragraphs[-1], line, gap):
            paragraphs[-1], gap = _join(paragraphs[-1], line), False
        else:
            paragraphs.append(line)
            gap = False
    return "\n".join(paragraphs)


def _continues(prev: str, line: str, gap: bool) -> bool:
    if _LIST_START.match(line):
        return False
    if _TERMINAL.search(prev):
        return not gap and line[0].islower()
    return not gap or line[0].islower() or line[0] in "(“‘«\"'" or prev.endswith((",", "-"))


def _join(prev: str, line: str) -> str:
    """Keep a line-end hyphen ("basis-" + "paraatheid"), but not glued before "en"/"of" ("stroom- en water")."""
    if prev.endswith("-") and prev[-2:-1].isalnum() and line.split(" ", 1)[0] not in {"en", "of", "tot"}:
        return prev + line
    return f"{prev} {line}"
