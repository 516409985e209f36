"""Letters that arrive as table rows (a PDF's or a web page's question | answer
columns) are unfolded into lines before the scan."""

from __future__ import annotations

import re
import warnings

from classifier.letters.layout import (
    ANTWOORD,
    CELLS_THEN_VRAAG,
    FLAT_MARKER,
    FLAT_NUMBER,
    LETTER_HEADER,
    MARKER_INSIDE,
    PAGE_FURNITURE,
    SUBMITTED_THEN_TEXT,
    TABLE_ROW,
    VRAAG,
    VRAAG_THEN_ANTWOORD,
    split_sentences,
    trim_furniture,
)
from classifier.letters.parties import header_cell


_TABLE_DEBRIS = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|\s*\|\s*$")  # an image row, a trailing cell bar


def page_lines(text: str, source: str) -> tuple[list[str], int, int | None]:
    """The lines to split, where the letter's own web-page header ends, and where a next letter begins.

    Web-page debris goes ("Title |", a lone "|", "![]() |", menus); a footer after the last
    answer stays, because it ends the answers (a cut in it cuts none). A header line that also
    holds the first question ("… (ingezonden 23 november 2017).1 Weet u …?") is split in two.
    A second letter in the same file (a second page header or "Vragen van … (ingezonden …)"
    line after a question and its answer) is skipped with a warning: its numbering would
    repeat this letter's ids.
    """
    raw = [part for line in text.split("\n") for part in _split_row(line)]
    runs = _table_runs(raw)
    # the page header opens the text; a long title may wrap onto a line or two before its "|"
    head_end = runs[0][1] if runs and sum(1 for line in raw[: runs[0][0]] if line.strip()) <= 2 else 0
    headers = [i for i, line in enumerate(raw) if LETTER_HEADER.match(line)]
    later = [b for a, b in zip([r[0] for r in runs], [r[0] for r in runs[1:]], strict=False) if _answered_between(raw, a, b)]
    later += [b for a, b in zip(headers, headers[1:], strict=False) if _answered_between(raw, a, b)]
    next_letter = min(later) if later else None
    sheet = _question_sheet_end(raw, headers, next_letter)
    if sheet is None and next_letter is None:
        sheet = _letter_after_question_list(raw)
    if sheet is not None:
        head_end = max(head_end, sheet)
    if next_letter is not None:
        skipped = sum(1 for line in raw[next_letter:] if line.strip())
        warnings.warn(
            f"{source}: a second letter starts at line {next_letter + 1} ({raw[next_letter].strip()[:60]!r}); "
            f"its {skipped} line(s) were skipped",
            stacklevel=3,
        )
    lines = [_TABLE_DEBRIS.sub("", line) if "|" in line or "![" in line else line for line in raw]
    footer = trim_furniture(lines, 0, next_letter or len(lines))
    lines = ["" if i < footer and PAGE_FURNITURE.match(line.strip()) else line for i, line in enumerate(lines)]
    return lines, head_end, next_letter


_ANTWOORD_LAST = re.compile(r"(?<=\?)\s+Antwoord\s*:?\s*$")


def _split_row(line: str) -> list[str]:
    """A line that holds what a letter prints on several: a header and question 1, a table row with
    name and party cells before its "Vraag 2:", a question and its "Antwoord:" (a row, or a PDF line
    that wrapped them together), or a whole page flattened into one line."""
    # each pattern needs a word most lines lack: looking for it first saves three regex scans a line
    header = SUBMITTED_THEN_TEXT.match(line) if "(inge" in line else None
    if header:
        return [header.group("header"), *_split_row(header.group("rest"))]
    if "Vraag" in line or "Antwoord" in line:
        cells = CELLS_THEN_VRAAG.match(line)
        if cells and header_cell(cells.group("cells").strip()):
            return [cells.group("cells"), cells.group("marker")]
        row = VRAAG_THEN_ANTWOORD.match(line)
        if row:
            return [row.group("q"), row.group("a")]
        parts = MARKER_INSIDE.split(line)
        if len(parts) > 1:
            return parts
        asked = re.search(r"\bVraag\s+(\d{1,4})\s+[A-Z]", line)
        if asked and re.search(rf"[?.]\s+Antwoord\s+{asked.group(1)}\s+[A-Z]", line):  # both markers of one pair
            return FLAT_MARKER.split(line)
        marker_last = _ANTWOORD_LAST.search(line)
        if marker_last:  # "… welke actie gaat u ondernemen? Antwoord": the marker that opens the next line's answer
            return [line[:marker_last.start()], marker_last.group().strip()]
    return _unflatten(line)


def _unflatten(line: str) -> list[str]:
    """A page flattened into one line ("… project. 1. Bestaat er …? Zo ja, welke landen? Griekenland …"):
    one sentence per line again, so numbered questions open lines. Only a long line in which
    questions 1 and 2 are numbered in turn is taken for a flattened list of questions."""
    if len(line) < 1000:
        return [line]
    pieces = FLAT_NUMBER.sub(r"\n\g<num>. ", line).split("\n")
    asking = [piece.split(".", 1)[0] for piece in pieces if "?" in piece]  # numbers of pieces that ask
    if "1" not in asking or "2" not in asking[asking.index("1") :]:
        return [line]
    return [sentence.strip() for piece in pieces for sentence in split_sentences(piece)]


def _table_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each run of web-table rows: a page header ("Title |", "|", "Askers |", "Answerers |")."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if "|" not in lines[i] or not TABLE_ROW.search(lines[i]):
            i += 1
            continue
        first = i
        while i < len(lines) and (TABLE_ROW.search(lines[i]) or not lines[i].strip()):
            i += 1
        rows = [line for line in lines[first:i] if re.sub(r"[|\s]", "", line)]
        if len(rows) >= 2 and any(line.strip() == "|" for line in lines[first:i]):
            runs.append((first, i))
    return runs


def _question_sheet_end(lines: list[str], headers: list[int], next_letter: int | None) -> int | None:
    """Where the answer letter starts when a page prints the questions on their own first.

    A Tweede Kamer page shows the question document ("Vragen van de leden … (ingezonden …)",
    questions 1–4, no answers) above the answer document, which prints the same header and then
    each question with its answer. The first part has questions and no answer; read as a letter,
    its questions took the answer document's heading for their answer (a pair "1+2+3+4").
    """
    # answered between the two headers, the second would start the next letter (next_letter <= headers[1])
    if len(headers) < 2 or (next_letter is not None and next_letter <= headers[1]):
        return None
    return headers[1] if any("?" in line for line in lines[headers[0]:headers[1]]) else None


_SALUTATION = re.compile(
    r"^\s*(?:Geachte\s+[Vv]oorzitter\b|In antwoord op (?:de\s+)?vragen van\b|Antwoorden op (?:de\s+)?[Kk]amervragen van\b)"
)


def _letter_after_question_list(lines: list[str]) -> int | None:
    """Where the answer letter starts when a party's page lists the questions first ("  1. Kent u …?"), then
    prints the letter ("Geachte Voorzitter,") that repeats each question with its answer: only when the first
    question's opening words come back after the salutation."""
    salutation = next((i for i, line in enumerate(lines) if _SALUTATION.match(line)), None)
    if salutation is None:
        return None
    first = next((line for line in lines[:salutation] if line.rstrip().endswith("?")), None)
    if first is None:
        return None
    words = re.findall(r"[^\W\d_]+", first)[:6]  # its first words, quotes and numbers aside (’ and ‘ differ)
    opening = " ".join(words)
    later = (" ".join(re.findall(r"[^\W\d_]+", line)) for line in lines[salutation + 1:])
    return salutation if len(words) == 6 and any(opening in line for line in later) else None


def _answered_between(lines: list[str], start: int, end: int) -> bool:
    """Is there a question and, after it, a line of answer text between two letter headers?

    Only then does the second header start another letter; a page that prints its own header
    twice (a title, then the text) has no pair between the two.
    """
    asked = False
    for line in lines[start:end]:
        text = line.strip()
        if "?" in text:
            asked = True
        elif asked and len(text.split()) >= 3 and not (VRAAG.match(text) or ANTWOORD.match(text) or TABLE_ROW.search(text)):
            return True
    return False
