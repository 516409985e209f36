"""Read the text of a PDF letter: line by line on one-column pages, column by column on others.

pdfplumber reads a page across its full width, so two columns side by side (the "Aanhangsel van
de Handelingen") or a body beside a letterhead sidebar come out with each line glued to the line
of the other column at the same height, and the splitter finds merged or missing questions.
A page is read per column only when a gutter that no word crosses runs through nearly all of its
lines and the text on each side is a column of its own; every other page reads exactly as
`page.extract_text()` reads it, which is what the splitter was built on, save for footnote markers
set small and raised, which become superscripts (`footnotes.raised_markers`). Running headers and
footers are dropped here, per page, since only the page structure shows what recurs at its edges,
and so is a publication's imprint, which a one-page answer prints once.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from classifier import errors
from classifier.letters import bounds
from classifier.letters.clean import (
    ADDRESS_LINE,
    BARE_NUMBER,
    LETTERHEAD_LABEL,
    PAGE_LABEL,
    STRUCTURE_LINE,
    clean_text,
    is_bare_label,
    opens_question,
)
from classifier.letters.footnotes import raised_markers
from classifier.letters.lines import line_before

Word = dict[str, Any]
"""A word as pdfplumber's `extract_words` gives it: text, x0, x1, top, bottom, upright."""

_OBJECTS = re.compile(rb"\d+\s+\d+\s+obj\b|endobj|endstream|startxref")
"""PDF syntax: after the last %%EOF it means the file was cut inside a later revision."""
_HEADER_WITHIN = 1024  # bytes before "%PDF-" that viewers skip (a BOM, an HTTP header saved with the file)
_LINE_TOLERANCE = 3  # points: pdfplumber's own y_tolerance for words on one line
_MIN_GUTTER = 8.0  # points: wider than the widest word space of justified text, narrower than a gutter
_MAX_CROSSING = 0.2  # share of a page's lines that may run across a gutter: a title, a centred page number
_MAX_WIDTH = 14_400  # points: the largest page the PDF standard allows (200 inches)
_MIN_FULL = 0.3  # share of a column of running text whose lines fill it: the others end a paragraph
# An official publication's imprint and running head, alone or side by side: "ah-tk-20232024-1234", "ISSN 0921 - 7398",
# "’s-Gravenhage 2024", "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1", "Eerste Kamer, …, 36 410 X, C"
_IMPRINT = re.compile(
    r"^(?:(?:(?:ah|kst|h|blg|stb|stcrt)-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|ISSN\s*\d{4}\s*[-–]\s*\d{3}[\dX]"
    r"|['’‘]s-Gravenhage\s+\d{4}|(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-–]\s*\d{4},\s+"
    r"(?:Aanhangsel(?:\s+Kamerstuk\s+\d{2}\s?\d{3})?|\d{2}\s?\d{3}(?:\s+[A-Z]{1,4})?,\s+(?:nr\.\s+\d{1,4}|[A-Z]{1,2}))"
    r"(?:\s+\d{1,4})?)\s*)+$")


def read_pdf(data: bytes, path: Path) -> tuple[str, str]:
    """The raw text of a PDF, and that text without running headers and footers, for cleaning."""
    import pdfplumber  # heavy: only PDF readers pay for it

    data = _from_header(data, path)
    _read_zero_permissions()
    pages: list[list[str]] = []
    has_images = False
    try:  # pages, characters and decompressed streams are bounded before and while they expand
        with bounds.pdf_bounds(bounds.Budget.from_settings()) as budget, pdfplumber.open(io.BytesIO(data)) as pdf:
            bounds.check_pdf(pdf, budget)
            asides: set[str] = set()
            for page in pdf.pages:
                pages.append(_page_lines(page, asides))
                has_images = has_images or bool(page.images)
                page.close()  # drop its characters and layout: memory is that of one page, not of all
    except bounds.TooLarge as exc:
        raise errors.InputTooLarge(f"PDF too large to read: {exc}", path=path) from None
    except Exception as exc:  # pdfminer raises many unrelated types; none may reach the user raw
        raise errors.BrokenDocument(f"PDF cannot be read: {_reason(exc)}", path=path) from exc
    raw = "\n".join("\n".join(lines) for lines in pages)
    text = "\n".join("\n".join(lines) for lines in _drop_running_lines(pages))
    if not raw.strip():
        if has_images or not pages:
            raise errors.NoTextLayer(f"PDF has no text layer on its {len(pages)} page(s); a scan needs OCR first",
                                     path=path)
        raise errors.EmptyInput(f"PDF has {len(pages)} page(s) without any text", path=path)
    # A scanner's stamp (page numbers, a footer) is all the text a scan has: no letter text, so a scan.
    # Only a short text is cleaned to find out; a letter's text is cleaned once, later.
    if has_images and len(text) < 200 * len(pages) and not clean_text(text):
        raise errors.NoTextLayer(f"PDF has no text layer on its {len(pages)} page(s), only page numbers or "
                                 "running lines over images; a scan needs OCR first", path=path)
    return raw, text


def _from_header(data: bytes, path: Path) -> bytes:
    """The PDF from its "%PDF-" on, or an error when it has none or was cut off.

    Viewers skip bytes before the header and ignore what follows the last %%EOF (NUL or blank
    padding, a web server's error page), so those PDFs are read too; the xref offsets count from
    the header. A file cut off has no %%EOF after its last object. What was read before (blank
    lines before the header, a %%EOF in the last 2 KB) still is.
    """
    blank = len(data) - len(data.lstrip())
    start = data.find(b"%PDF-", 0, blank + _HEADER_WITHIN)
    if start < 0:
        raise errors.BrokenDocument(f"is not a PDF (no %PDF- header in its first {_HEADER_WITHIN:,} bytes)",
                                    path=path)
    end = data.rfind(b"%%EOF")
    if end < start or (end < len(data) - 2048 and _OBJECTS.search(data, end)):
        raise errors.BrokenDocument("PDF is truncated (no %%EOF marker after its last object)", path=path)
    return data[start:]


def _read_zero_permissions() -> None:
    """Let pdfminer open a PDF protected by an owner password only whose permissions are /P 0.

    pdfminer turns P = 0 into 2**32, which the 32-bit field of the key derivation cannot hold,
    and fails with "'L' format requires 0 <= number <= 4294967295"; viewers open the file.
    Masking P to 32 bits is what the value means and changes no other P. Patched once per process.
    """
    from pdfminer.pdfdocument import PDFStandardSecurityHandler

    original = PDFStandardSecurityHandler.init_params
    if getattr(original, "evasion_masked", False):
        return

    def init_params(self: Any) -> None:
        original(self)
        self.p &= 0xFFFFFFFF

    init_params.evasion_masked = True  # type: ignore[attr-defined]
    PDFStandardSecurityHandler.init_params = init_params  # type: ignore[method-assign]


def _reason(exc: BaseException) -> str:
    described = repr(exc).lower()
    if "password" in described:
        return "encrypted (a password is needed)"
    if "format requires" in described:  # struct.error from pdfminer's key derivation
        return f"its encryption settings hold a value out of range ({one_line(exc)})"
    return one_line(exc)


def one_line(exc: BaseException) -> str:
    """An exception as one short line, its type first: the user sees why without a traceback."""
    message = " ".join(str(exc).split()) or "no details"
    return f"{type(exc).__name__}: {message[:200]}"


# --- columns ----------------------------------------------------------------------------------

def _page_lines(page: Any, asides: set[str]) -> list[str]:
    """The lines of a page: as pdfplumber reads them, unless the page is set in columns.

    `asides` holds the sidebar lines of earlier pages, which a sidebar repeats on every page.
    Words off the page (or at no finite place) leave the page as pdfplumber reads it: the
    gutter search spends a step per point of width, and must not make a readable PDF fail.
    """
    from pdfplumber.utils import chars_to_textmap, extract_words

    chars = raised_markers(page.chars)
    words = page.extract_words() if chars is None else extract_words(chars)
    width, height = page.width, page.height
    on_page = 0 < width <= _MAX_WIDTH and all(-1 <= word["x0"] <= word["x1"] <= width + 1
                                              and -1 <= word["top"] <= height + 1 for word in words)
    columns = _column_lines(words, width, asides) if len(words) >= 20 and on_page else None
    if columns is not None:
        return columns
    if chars is None:
        return (page.extract_text() or "").split("\n")
    text = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=width, layout_height=height).as_string
    return text.split("\n")  # as `page.extract_text()` reads the page, its markers raised


def _column_lines(words: list[Word], page_width: float, asides: set[str]) -> list[str] | None:
    """The page read column by column, or None when it is not set in columns.

    A sidebar comes before the body, where a letterhead is read (and the metadata reader
    looks for its date and reference), and only its lines that no earlier sidebar had: after
    the body or repeated, its address lines would land inside an answer.
    """
    from pdfplumber.utils import cluster_objects

    lines = cluster_objects(words, "top", _LINE_TOLERANCE)
    head, body, foot = _edge_bands(lines)
    if len(body) < 6:
        return None
    for x in _gutter_candidates(body):
        crossing = [_crosses(line, x) for line in body]
        if sum(crossing) > _MAX_CROSSING * len(body):
            continue
        kind = _layout(body, crossing, x, page_width)
        if kind is not None:
            ordered, aside = _in_reading_order(body, crossing, x, sidebar=kind == "sidebar")
            fresh = [line for line in aside if _key(line) not in asides]
            asides.update(map(_key, aside))
            return [_line_text(line) for line in head] + fresh + ordered + [_line_text(line) for line in foot]
    return None


def _edge_bands(lines: list[list[Word]]) -> tuple[list[list[Word]], list[list[Word]], list[list[Word]]]:
    """Header lines, body lines and footer lines: up to three at each edge, set apart by a wide gap.

    A running header has parts left and right ("Tweede Kamer, …" and "Kamerstuk …"); read as
    part of the columns, its right part would land amid the text instead of at the page's edge.
    """
    tops = [min(word["top"] for word in line) for line in lines]
    steps = [below - above for above, below in zip(tops, tops[1:])]
    if len(steps) < 4:
        return [], lines, []
    wide = 2 * statistics.median(steps)
    edge = min(3, len(steps))
    first = next((i + 1 for i in range(edge) if steps[i] > wide), 0)
    last = next((len(lines) - 1 - i for i in range(edge) if steps[-1 - i] > wide), len(lines))
    if first >= last:
        return [], lines, []
    return lines[:first], lines[first:last], lines[last:]


def _gutter_candidates(body: list[list[Word]]) -> list[float]:
    """Middles of the vertical strips that few lines cover, emptiest and widest first."""
    upright = [[word for word in line if word["upright"]] for line in body]
    boxes = [word for line in upright for word in line]
    if not boxes:
        return []
    left = math.floor(min(word["x0"] for word in boxes))
    width = math.ceil(max(word["x1"] for word in boxes)) - left
    steps = [0] * (width + 1)
    for line in upright:  # each line counts once for each point it covers
        for start, end in _merged(sorted((math.floor(w["x0"]) - left, math.ceil(w["x1"]) - left) for w in line)):
            steps[start] += 1
            steps[end] -= 1
    cover = list(itertools.accumulate(steps))[:width]
    limit = int(_MAX_CROSSING * len(body))
    found = []
    for free, run in itertools.groupby(range(width), key=lambda i: cover[i] <= limit):
        bins = list(run)
        if not free or len(bins) < _MIN_GUTTER:
            continue
        least = min(cover[i] for i in bins)
        for at_least, core in itertools.groupby(bins, key=lambda i: cover[i] == least):
            strip = list(core)
            if at_least and strip[0] > 0 and strip[-1] < width - 1:  # a margin is no gutter
                found.append((least, -len(strip), left + (strip[0] + strip[-1] + 1) / 2))
    return [x for _, _, x in sorted(found)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _crosses(line: list[Word], x: float) -> bool:
    """Whether a line runs across x: a word over it, or words on both sides closer than a gutter is wide."""
    if any(word["x0"] < x < word["x1"] for word in line):
        return True
    before = max((word["x1"] for word in line if word["x1"] <= x), default=-math.inf)
    after = min((word["x0"] for word in line if word["x0"] >= x), default=math.inf)
    return after - before < _MIN_GUTTER


class _Side(NamedTuple):
    """One side of a gutter: what tells a column of running text from a table column or a sidebar."""

    lines: int
    width: float
    full: float  # share of lines of four words or more that fill three quarters of its width: running text wraps
    aligned: float  # share of lines that start at its left edge
    size: float  # median height of its words: a letterhead sidebar is set smaller than the body
    step: float  # median distance between its lines: a sidebar is one block, a table's cells lie rows apart


def _layout(body: list[list[Word]], crossing: list[bool], x: float, page_width: float) -> str | None:
    """"columns", "sidebar" or None: whether the text on both sides of x are columns of their own.

    Two columns each hold running text, or the right one is the short end of the text (the
    last page) beside a left column that is no wider than a column. A sidebar is a narrow strip
    of left-aligned lines in a smaller type (a letterhead's address and reference) beside a body
    of running text. A table, an indented list or a signature block beside another is neither.
    """
    kept = [line for line, crosses in zip(body, crossing) if not crosses]
    left = _side([[word for word in line if word["x1"] <= x] for line in kept])
    right = _side([[word for word in line if word["x0"] >= x] for line in kept])
    span = max(word["x1"] for line in body for word in line) - min(word["x0"] for line in body for word in line)
    if left is None or right is None or not _running_text(left, span, 5):
        return None
    if _running_text(right, span, 4) or (left.lines >= 8 and left.width <= 0.45 * page_width
                                         and right.width <= 1.1 * left.width and right.aligned == 1
                                         and right.full >= 0.5):  # sentences; a table's amounts are no text
        return "columns"
    if (right.lines >= 3 and right.width <= 0.35 * span and left.width >= 0.5 * span and right.aligned >= 0.7
            and right.size <= 0.9 * left.size and right.step <= 2.2 * right.size):
        return "sidebar"
    return None


def _side(lines: list[list[Word]]) -> _Side | None:
    lines = [line for line in lines if line]
    if not lines:
        return None
    x0 = min(word["x0"] for line in lines for word in line)
    width = max(word["x1"] for line in lines for word in line) - x0
    if width <= 0:
        return None
    full = sum(len(line) >= 4 and max(w["x1"] for w in line) - min(w["x0"] for w in line) >= 0.75 * width
               for line in lines)
    aligned = sum(min(word["x0"] for word in line) - x0 < 2 for line in lines)
    size = statistics.median(word["bottom"] - word["top"] for line in lines for word in line)
    tops = sorted(min(word["top"] for word in line) for line in lines)
    step = statistics.median([b - a for a, b in zip(tops, tops[1:])] or [0])
    return _Side(len(lines), width, full / len(lines), aligned / len(lines), size, step)


def _running_text(side: _Side, span: float, min_lines: int) -> bool:
    return side.lines >= min_lines and side.width >= 0.25 * span and side.full >= _MIN_FULL


def _in_reading_order(body: list[list[Word]], crossing: list[bool], x: float,
                      *, sidebar: bool) -> tuple[list[str], list[str]]:
    """Columns top to bottom, the left one first, between the lines that run across both; and a sidebar apart."""
    ordered: list[str] = []
    aside: list[Word] = []
    for crosses, run in itertools.groupby(zip(body, crossing), key=lambda pair: pair[1]):
        lines = [line for line, _ in run]
        if crosses:
            ordered += [_line_text(line) for line in lines]
            continue
        right = [word for line in lines for word in line if word["x0"] >= x]
        ordered += _lines_of([word for line in lines for word in line if word["x0"] < x])
        if sidebar:
            aside += right
        else:
            ordered += _lines_of(right)
    return ordered, _lines_of(aside)


def _lines_of(words: list[Word]) -> list[str]:
    from pdfplumber.utils import cluster_objects

    return [_line_text(line) for line in cluster_objects(words, "top", _LINE_TOLERANCE)]


def _line_text(line: list[Word]) -> str:
    return " ".join(word["text"] for word in sorted(line, key=lambda word: word["x0"]))


# --- running headers and footers --------------------------------------------------------------

def _key(line: str) -> str:
    """A line as it recurs from page to page: its page number or date may change."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _drop_running_lines(pages: list[list[str]], edge: int = 3) -> list[list[str]]:
    """Drop headers/footers that recur among the top or bottom lines of most pages, and page numbers there.

    A header recurs at the top of pages and a footer at the bottom, and both hold words: rows of
    figures ("2019 1.512", "2020 1.600") on either side of a page break look alike once their digits
    are masked, and were dropped as a running line.
    """
    def edges(lines: list[str]) -> tuple[list[int], list[int]]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        return filled[:edge], filled[-edge:]

    least = max(2, math.ceil(len(pages) / 2))
    page_edges = [edges(lines) for lines in pages]
    running = []
    for end in (0, 1):
        counts = Counter(k for lines, ends in zip(pages, page_edges) for k in {_key(lines[i]) for i in ends[end]})
        running.append({k for k, n in counts.items() if n >= least and re.search(r"[a-z]", k)})
    kept = []
    for lines, (top, bottom) in zip(pages, page_edges):
        at_edge = sorted(set(top + bottom))
        ends = {at_edge[0], at_edge[-1]} if at_edge else set()
        drop = _imprint(lines) | {i for i in at_edge if PAGE_LABEL.match(lines[i].strip())
                or (any(i in side and _key(lines[i]) in running[end] for end, side in enumerate((top, bottom)))
                    and not _kept_when_running(lines, i))
                or (i in ends and BARE_NUMBER.match(lines[i].strip()) and not opens_question(lines, i, True))}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _kept_when_running(lines: list[str], i: int) -> bool:
    """Headings recur by nature; letterhead fields are left to clean_text, which keeps their first copy."""
    line = lines[i].strip()
    return bool(STRUCTURE_LINE.match(line) or LETTERHEAD_LABEL.match(line) or ADDRESS_LINE.match(line)
                or is_bare_label(line_before(lines, i).strip()))


def _imprint(lines: list[str]) -> set[int]:
    """The imprint lines at a page's head and foot, and page numbers among them, found by what they say.

    An Aanhangsel van de Handelingen or a Kamerstuk prints its identifier, ISSN and place once, at
    the foot of its first page, and a one-page answer has its running head once too: what recurs
    from page to page is no sign of them, and they ended up in the last answer.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    drop: set[int] = set()
    for order in (filled, filled[::-1]):
        numbers: list[int] = []
        for i in order:
            line = lines[i].strip()
            if _IMPRINT.match(line):
                drop.update([*numbers, i])
                numbers = []
            elif BARE_NUMBER.match(line) or PAGE_LABEL.match(line):
                numbers.append(i)
            else:
                break
    return drop
