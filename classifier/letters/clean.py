"""Text as a reader gets it from a letter: the same for every format.

Footnotes, their markers, page numbers, running headers, letterheads, bullets and
markdown leftovers are dropped, and lines wrapped by a PDF or a web page are joined
(`unwrap`), so the splitter sees one kind of text whatever the file was."""

from __future__ import annotations

import re

from classifier.letters.footnotes import (
    LIST_START,
    PANDOC_NOTE,
    PANDOC_NOTE_START,
    drop_footnotes,
    strip_markers,
)
from classifier.letters.lines import filled, line_before

# a substitution by character class is many times faster than str.translate with a dict on a long text
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width, BOM
_SPACES = re.compile("[\u00a0\u2007\u202f]")
_COLUMN_GAP = re.compile(r"[ \t]*\t[ \t]*|[ \t]{2,}")
_BULLETS = "\uf0b7\uf0a7\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\ufffd"
_BULLET = re.compile(rf"^(?:[{_BULLETS}]|o(?=\s+[A-Z]))\s*")
_BULLET_FIRST = frozenset(_BULLETS + "o")  # what _BULLET can start with
_MARKDOWN = re.compile(r"^#{1,6}\s+|^>\s?|^\*(?=\S)|(?<=\S)\*$")
_ITALIC = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])")
_DASH_BEFORE_NUMBER = re.compile(r"^[-–]\s+(?=\d+[a-z]?[.)]?\s)")
PAGE_LABEL = re.compile(
    r"^(?:(?:pagina|blad|page)\s+\d+(?:\s*(?:van|/|of)\s*\d+)?|[-–]\s*\d+\s*[-–]|\d+\s*(?:/|van)\s*\d+)$", re.I)
BARE_NUMBER = re.compile(r"^\d{1,4}$")
_JOINT_NUMBERS = re.compile(r"^\d{1,4}(?:\s*(?:,|en|t/m|&)\s*\d{1,4})+$")
_FIGURE = re.compile(r"^[€$]?\s?[-–]?\d[\d.,]*\s?%?$")  # "244.273", "6", "12,5%", "€ 3,1"
# a saved web page's menu: "[overzicht] [activiteiten] … [wat is dit?]" (the last item may be cut)
_LINK_MENU = re.compile(r"^(?:\[[^\[\]]{1,40}\]\s*){3,}(?:\[[^\[\]]{0,40})?$")
LETTERHEAD_LABEL = re.compile(r"^(datum|betreft|onderwerp|onze referentie|uw referentie|ons kenmerk|uw kenmerk|"
                               r"kenmerk|uw brief|bijlagen?|bijlage\(n\)|aantal bijlagen|contactpersoon|inlichtingen|"
                               r"doorkiesnummer|opgesteld door)\b:?\s*(.*)$", re.I)
ADDRESS_LINE = re.compile(r"^(?:retouradres\b.*|postbus \d+.*|(?-i:\d{4} ?[A-Z]{2} [A-Z][\w' -]+)|www\.\S+|"
                      r"ministerie van [\w ,]+|bij beantwoording.*vermelden\.?|mpc \d+.*|"
                      r"[\w-]+(?:straat|plein|weg|laan|kade|gracht) \d+\w*|plein \d+)$", re.I)
STRUCTURE_LINE = re.compile(r"^(?:vraag|antwoord|vragen)\b", re.I)
_VRAAG_MARKER = re.compile(r"^Vraag\s+\d{1,3}[a-z]?\s*(?:[:.]|$)", re.I)  # after _clean_line removed bullets
_GLUED_VRAAG = re.compile(r"(?<=[a-z)][.!?])Vraag\s+\d{1,3}[a-z]?\s*:?$")  # "… antwoorden.Vraag 1", "… 2018).Vraag 1"
_GLUED_TO_HEAD = re.compile(
    r"(?P<case>Zaaknummer:\s*\d{4}[A-Z]\d{3,6})\s+(?=\S)"
    r"|(?P<title>(?:Beantwoording(?: van)?(?: de)? vragen|Antwoord(?:en)? op (?:de )?vragen) .*?[a-z])(?=1\s+[A-Z])")
_CONTENTS_HEAD = re.compile(r"^Inhoud(?:sopgave)?\s*:?$", re.I)
_SPLIT_VRAAG = re.compile(r"^Vr aag\s+(?=\d)")  # "Vr aag 2": a marker a PDF's extraction broke in two
_QA_LETTER = re.compile(r"^(?P<letter>[VA])[.:]\s+(?P<rest>\S.*)$")  # "V. Heeft u …" / "A. Ja."
# the printer's imprint of a page of the Aanhangsel or a Kamerstuk ("ah-tk-20162017-341 ISSN 0921 - 7398
# ’s-Gravenhage 2016", after or before the running head "Tweede Kamer, vergaderjaar 2016-2017, Aanhangsel 1")
# that a text copy of the PDF keeps inside the answer it interrupts; the PDF reader drops it at the page foot
_RUNNING_HEAD = r"(?:(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, Aanhangsel(?: \d{1,4})?)"
_ISSN = r"ISSN\s*0921\s*[-–•]?\s*\d{0,4}(?:\s*[’'‘]s[- ]Gra(?:venhage(?:\s+\d{4})?)?)?"
_INLINE_IMPRINT = re.compile(
    rf"(?:\s*{_RUNNING_HEAD})?\s*(?:(?:ah-[te]k|kst)-\d{{5,8}}(?:-[A-Z0-9]{{1,6}})+(?:\s+{_ISSN})?|{_ISSN})"
    rf"(?:\s*{_RUNNING_HEAD})?(?=\s|$)")
_ROW_LABEL_WIDTH = 40  # a longer line is text, not the label of a table's row
_CONTENTS_WIDTH = 100  # a longer line is running text, not a cell of a table of contents
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$")


# --- cleaning -------------------------------------------------------------------------------

def clean_text(raw: str) -> str:
    """Remove extraction debris line by line. Lines are never joined, so headings keep their line starts.

    Runs of blank lines shrink to two, not one: a double-spaced extraction (a blank after every
    line) shows its paragraph breaks only as a second blank line.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    if PANDOC_NOTE_START.search(text):  # the note pattern opens with spaces and is slow to try everywhere
        text = PANDOC_NOTE.sub("", text)  # a converted Word footnote, inline and wrapped over lines in a PDF
    lines = _qa_letters([part for line in text.split("\n") for part in _unglue_marker(_clean_line(line))])
    lines, footnotes, marked = drop_footnotes(lines)
    lines = _drop_repeated_letterhead(_drop_page_numbers(_drop_contents(lines)))
    lines = [strip_markers(line, footnotes) if line in marked else line for line in lines]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")


def _unglue_marker(line: str) -> list[str]:
    """A "Vraag 1" glued to the end of the sentence before it ("… met antwoorden.Vraag 1") on a line of its
    own, where the other questions' markers are: a web page that lost the line break keeps the marker's
    words but not its place at a line start. So too the first question glued to the page's case number
    ("Zaaknummer: 2017D31696 Herinnert u zich …") or to the title above it ("… roofvogels is1 Bent u …")."""
    glued = _GLUED_TO_HEAD.match(line) if line[:1] in "ZBA" else None
    if glued:
        cut = glued.end("case" if glued.group("case") else "title")
        return [line[:cut], "", line[cut:].lstrip()]  # a paragraph of its own, as the page showed it
    if "Vraag" not in line:
        return [line]
    glued = _GLUED_VRAAG.search(line)
    return [line[:glued.start()], line[glued.start():]] if glued else [line]


def _qa_letters(lines: list[str]) -> list[str]:
    """Questions and answers marked "V." and "A." (a web page reposting a letter: "V. Heeft u kennisgenomen van
    …?" / "A. Ja.") become "Vraag 1:" and "Antwoord 1:", the markers the splitter reads. Only when at least two
    lines open with each and a "V." comes first: an answer's list "A. …, B. …" has no "V." lines."""
    if sum(line[:2] == "V." or line[:2] == "V:" for line in lines) < 2:
        return lines
    marks = [(i, m) for i, line in enumerate(lines) if (m := _QA_LETTER.match(line))]
    letters = [m.group("letter") for _, m in marks]
    if letters.count("V") < 2 or letters.count("A") < 2 or letters[0] != "V":
        return lines
    out, number = list(lines), 0
    for i, m in marks:
        number += m.group("letter") == "V"
        out[i] = f"{'Vraag' if m.group('letter') == 'V' else 'Antwoord'} {number}: {m.group('rest')}"
    return out


def _drop_contents(lines: list[str]) -> list[str]:
    """Leave out a table of contents printed one cell per line ("1." / "Inleiding" / "2"), as a nota's
    web page gives it: its section numbers and titles read like numbered questions with short answers.

    It runs from a heading "Inhoudsopgave" to the last bare page number before the first line of running
    text, a question, or a number smaller than the page before it (a list's first question, "1", after
    the contents' last page); with fewer than three page numbers it is not taken for one, and the lines stay.
    """
    head = next((i for i, line in enumerate(lines) if _CONTENTS_HEAD.match(line)), None)
    if head is None:
        return lines
    pages: list[int] = []
    for j in range(head + 1, len(lines)):
        line = lines[j]
        if len(line) > _CONTENTS_WIDTH or line.endswith("?"):
            break  # running text or a question: the contents ended before it
        if BARE_NUMBER.match(line):
            if pages and int(line) < int(lines[pages[-1]]):
                break
            pages.append(j)
    return lines if len(pages) < 3 else lines[:head] + lines[pages[-1] + 1:]


def _clean_line(line: str) -> str:
    """One line without its debris. Each substitution runs only on a line that has the character it
    needs: most lines have none, and reading a letter is a sixth of scoring it."""
    line = line.strip()
    if line.startswith("[") and _LINK_MENU.match(line):
        return ""
    # a column gap, two or more spaces or a tab (a .docx sets two signers side by side one tab apart), becomes
    # two spaces, a single space stays one: side-by-side signature blocks ("DE MINISTER …  DE STAATSSECRETARIS …",
    # "Ruben Brekelmans  Gijs Tuinman") are told apart by it
    if "  " in line or "\t" in line:
        line = _COLUMN_GAP.sub("  ", line)
    if "*" in line or "__" in line:
        line = _ITALIC.sub(r"\1", line.replace("**", "").replace("__", ""))
    if line[:1] in ("#", ">", "*") or line.endswith("*"):
        line = _MARKDOWN.sub("", line)
    if line[:1] in _BULLET_FIRST:
        line = _BULLET.sub("", line)
    if line[:1] in ("-", "–"):
        line = _DASH_BEFORE_NUMBER.sub("", line)
    if ("ISSN" in line or "k-" in line or "kst-" in line) and _INLINE_IMPRINT.search(line):
        line = _INLINE_IMPRINT.sub("", line)
    if line[:3] == "Vr ":
        line = _SPLIT_VRAAG.sub("Vraag ", line)
    return line.strip()


def is_bare_label(line: str) -> bool:
    """A letterhead label whose value is on the next line ("Datum" / "13 mei 2026")."""
    label = LETTERHEAD_LABEL.match(line)
    return label is not None and not label[2]


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Drop "Pagina 2 van 9" and bare numbers, except the numbers that head questions in some lijsten.

    Once one bare number is seen to head a question, the document numbers its questions that way, and
    every bare number followed by a capitalised line is kept (an excerpt may cut the question short).
    A bare number between two other numbers is a table cell ("85.350" / "6" / "329.629"): page
    numbers stand between lines of text.
    """
    bare = [i for i, line in enumerate(lines) if BARE_NUMBER.match(line) and not _table_cell(lines, i)]
    marked = any(_VRAAG_MARKER.match(line) for line in lines)  # "Vraag 3" numbers the questions, not bare numbers
    headings = bare + [i for i, line in enumerate(lines) if _JOINT_NUMBERS.match(line)]  # "1 en 2" heads one too
    numbered_questions = not marked and any(opens_question(lines, i, need_mark=True) for i in headings)
    drop = {i for i, line in enumerate(lines) if PAGE_LABEL.match(line)}
    drop |= {i for i in bare if (marked or not opens_question(lines, i, need_mark=not numbered_questions))
             and not is_bare_label(line_before(lines, i))}
    return [line for i, line in enumerate(lines) if i not in drop]


def _table_cell(lines: list[str], i: int) -> bool:
    """Is line i a cell in a column of figures (the nearest lines above and below are figures too), or the figure
    of a two-column table read row by row ("Vrije School" / "8" / "Evangelische School" / "1"): short labels on
    both sides and a figure beyond one of them, or two more rows of label and figure on one side (the first or
    the last row, "Totaal" / "54")? A page number stands between lines of running text."""
    near = [filled(lines, i, -1, 2), filled(lines, i, 1, 2)]
    if all(k is not None and _figure(lines, k) for k in near):
        return True
    rows = [_row_cells(lines, i, step) for step in (-1, 1)]
    if any(_page_after_page(lines, i, cells[1], step) for cells, step in zip(rows, (-1, 1), strict=True)
           if len(cells) >= 2):
        return False  # "3" … "4": page numbers, with a short line on either side of each
    return (all(len(cells) >= 1 for cells in rows) and any(len(cells) >= 2 for cells in rows)) or any(
        len(cells) >= 4 for cells in rows)


def _page_after_page(lines: list[str], i: int, k: int, step: int) -> bool:
    """Is line i the page number after (or before) the one at line k?"""
    here, there = lines[i], lines[k]
    return here.isdigit() and there.isdigit() and int(here) - int(there) == -step


def _row_cells(lines: list[str], i: int, step: int) -> list[int]:
    """The lines from line i on (up or down) that alternate label, figure, label, figure: up to four."""
    cells: list[int] = []
    k: int | None = i
    while len(cells) < 4:
        k = filled(lines, k, step, 2)
        if k is None or not (_figure(lines, k) if len(cells) % 2 else _row_label(lines[k])):
            break
        cells.append(k)
    return cells


def _figure(lines: list[str], k: int) -> bool:
    return bool(_FIGURE.match(lines[k])) and not PAGE_LABEL.match(lines[k])


def _row_label(line: str) -> bool:
    """A table row's label: a few capitalised words that end no sentence ("Gereformeerd Vrijgemaakt", "Totaal"), not
    the lower-case run-on of a line wrapped around a page number; not a "Vraag"/"Antwoord" marker or a letterhead
    label, which a question's bare number or a page number follows."""
    return (len(line) <= _ROW_LABEL_WIDTH and line[:1].isupper() and not _TERMINAL.search(line)
            and not STRUCTURE_LINE.match(line) and not LETTERHEAD_LABEL.match(line))


def opens_question(lines: list[str], i: int, need_mark: bool) -> bool:
    k = filled(lines, i)
    while k is not None and PAGE_LABEL.match(lines[k]):  # "12" / "Pagina 3 van 9" / the question: a page break
        k = filled(lines, k)
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
        label = LETTERHEAD_LABEL.match(line) if line[:1].isupper() else None  # not "betreft" in "Wat\nbetreft"
        if label:
            value, end = label[2], i
            k = filled(lines, i, 1, 2)
            if not value and k is not None and not LETTERHEAD_LABEL.match(lines[k]):
                value, end = lines[k], k
            key = (label[1].lower(), " ".join(value.lower().split()))
        elif ADDRESS_LINE.match(line):
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
    if LIST_START.match(line):
        return False
    if _TERMINAL.search(prev):
        return not gap and line[0].islower()
    return not gap or line[0].islower() or line[0] in "(“‘«\"'" or prev.endswith((",", "-"))


def _join(prev: str, line: str) -> str:
    """Keep a line-end hyphen ("basis-" + "paraatheid"), but not glued before "en"/"of" ("stroom- en water")."""
    if prev.endswith("-") and prev[-2:-1].isalnum() and line.split(" ", 1)[0] not in {"en", "of", "tot"}:
        return prev + line
    return f"{prev} {line}"
