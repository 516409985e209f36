"""Text as a reader gets it from a letter: the same for every format.

Footnotes, their markers, page numbers, running headers, letterheads, bullets and
markdown leftovers are dropped, and lines wrapped by a PDF or a web page are joined
(`unwrap`), so the splitter sees one kind of text whatever the file was."""

from __future__ import annotations

import re

# a substitution by character class is many times faster than str.translate with a dict on a long text
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width, BOM
_SPACES = re.compile("[\u00a0\u2007\u202f\t]")
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
_URL_LINE = re.compile(r"^<?https?://\S+>?$", re.I)
# a saved web page's menu: "[overzicht] [activiteiten] … [wat is dit?]" (the last item may be cut)
_LINK_MENU = re.compile(r"^(?:\[[^\[\]]{1,40}\]\s*){3,}(?:\[[^\[\]]{0,40})?$")
_ENDS_IN_URL = re.compile(r"<(?:https?://|www\.)\S+>$", re.I)  # a whole URL in angle brackets
_FOOTNOTE = re.compile(r"^(?P<n>\d{1,3}|[¹²³⁴-⁹⁰]{1,3})\s+(?P<body>\S.*)$")
_NOTE_LINE = re.compile(r"^(?:\[(?P<b>\d{1,3})\]|\(?(?P<p>\d{1,3})\))\s*(?P<body>\S.*)$")  # "[1] <url>", "(1)Krant …"
_NOTE_MARKER = re.compile(  # "site^[1]." (markdown), "fiasco’(1)" (web page), "[footnoteRef:1]" (pandoc)
    r"\^?\[(?P<b>\d{1,3})\](?![(:])|(?<=[a-zà-ÿ.?!”’\"»])\((?P<p>\d{1,2})\)(?=[\s.,;:?!]|$)")
_QUESTION_NOTE = re.compile(r"(?<=\?)\s\d{1,2}\)$|(?<=\?)\d{1,2}(?=\s|$)")  # "… wonen? 1)", "… training»?1": no number follows a "?"
_PANDOC_NOTE = re.compile(r"[ \t]*\[footnoteRef:\d{1,3}\]|[ \t]*\[\d{1,3}:\s[^\[\]]{0,1000}\]")  # marker, footnote text
_PANDOC_NOTE_START = re.compile(r"\[(?:footnoteRef:\d{1,3}\]|\d{1,3}:\s)")  # what every _PANDOC_NOTE match holds
_REFERENCE_START = re.compile(r"kamerstuk|kamerbrief|handelingen|aanhangsel|staatscourant|stcrt|join\b|isbn|"
                              r"samenstelling|<?https?://|www\.|zie\b(?!\s+(?:het\s+)?antwoord)", re.I)
_REFERENCE = re.compile(r"kamerstuk|\bnr\.|\bblz\.|https?://|www\.|\bjoin\b|isbn|gepubliceerd|handelingen|\bzie\b",
                        re.I)
_SOURCE_DATE = re.compile(r"^[^.?!]{2,60},\s+\d{1,2}(?:\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|"
                          r"september|oktober|november|december)\s+|-\d{1,2}-)\d{4}\b")  # "de Volkskrant, 1 augustus 2007"
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER = re.compile(  # a footnote number glued to a word ("brief2", "eisen.”6"), or after a closing quote and a space
    r"(?<=[a-zà-ÿ])(?P<punct>[.,;:]?[”’\"»)]?)(?:(?<=[”’\"»])\s)?(?P<n>\d{1,2}|[¹²³⁴-⁹⁰]{1,2})(?=[\s;:)]|[,.](?!\d)|$)")
_DIGIT_RUN = re.compile(r"[\d¹²³⁴-⁹⁰]+")
_MARKER_DIGIT = re.compile(r"[0-9¹²³⁴-⁹⁰]")  # each of _MARKER, _NOTE_MARKER and _QUESTION_NOTE needs one
_NOT_MARKER_AFTER = {"nr", "blz", "art", "p", "pag", "no", "m", "km", "cm", "mm", "dm", "ha", "fase", "lijn"}
_NOT_MARKER_WINDOW = max(map(len, _NOT_MARKER_AFTER)) + 1  # a longer run of letters is no word of that set
LETTERHEAD_LABEL = re.compile(r"^(datum|betreft|onderwerp|onze referentie|uw referentie|ons kenmerk|uw kenmerk|"
                               r"kenmerk|uw brief|bijlagen?|bijlage\(n\)|aantal bijlagen|contactpersoon|inlichtingen|"
                               r"doorkiesnummer|opgesteld door)\b:?\s*(.*)$", re.I)
ADDRESS_LINE = re.compile(r"^(?:retouradres\b.*|postbus \d+.*|(?-i:\d{4} ?[A-Z]{2} [A-Z][\w' -]+)|www\.\S+|"
                      r"ministerie van [\w ,]+|bij beantwoording.*vermelden\.?|mpc \d+.*|"
                      r"[\w-]+(?:straat|plein|weg|laan|kade|gracht) \d+\w*|plein \d+)$", re.I)
STRUCTURE_LINE = re.compile(r"^(?:vraag|antwoord|vragen)\b", re.I)
_HEADING = re.compile(r"^(?:vraag|vragen|antwoord|antwoorden)\b", re.I)  # "Antwoorden op …" ends a footnote too
_VRAAG_MARKER = re.compile(r"^Vraag\s+\d{1,3}[a-z]?\s*(?:[:.]|$)", re.I)  # after _clean_line removed bullets
_GLUED_VRAAG = re.compile(r"(?<=[a-z)][.!?])Vraag\s+\d{1,3}[a-z]?\s*:?$")  # "… antwoorden.Vraag 1", "… 2018).Vraag 1"
_CONTENTS_HEAD = re.compile(r"^Inhoud(?:sopgave)?\s*:?$", re.I)
_SPLIT_VRAAG = re.compile(r"^Vr aag\s+(?=\d)")  # "Vr aag 2": a marker a PDF's extraction broke in two
_QA_LETTER = re.compile(r"^(?P<letter>[VA])[.:]\s+(?P<rest>\S.*)$")  # "V. Heeft u …" / "A. Ja."
_CONTENTS_WIDTH = 100  # a longer line is running text, not a cell of a table of contents
_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_LIST_START = re.compile(r"^(?:[-–•*]\s|\(?[a-z0-9]{1,3}[.)]\s|\d{1,3}\s[-–]\s)")


# --- cleaning -------------------------------------------------------------------------------

def clean_text(raw: str) -> str:
    """Remove extraction debris line by line. Lines are never joined, so headings keep their line starts.

    Runs of blank lines shrink to two, not one: a double-spaced extraction (a blank after every
    line) shows its paragraph breaks only as a second blank line.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    if _PANDOC_NOTE_START.search(text):  # the note pattern opens with spaces and is slow to try everywhere
        text = _PANDOC_NOTE.sub("", text)  # a converted Word footnote, inline and wrapped over lines in a PDF
    lines = _qa_letters([part for line in text.split("\n") for part in _unglue_marker(_clean_line(line))])
    lines, footnotes, marked = _drop_footnotes(lines)
    lines = _drop_repeated_letterhead(_drop_page_numbers(_drop_contents(lines)))
    lines = [_strip_markers(line, footnotes) if line in marked else line for line in lines]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")


def _unglue_marker(line: str) -> list[str]:
    """A "Vraag 1" glued to the end of the sentence before it ("… met antwoorden.Vraag 1") on a line of its
    own, where the other questions' markers are: a web page that lost the line break keeps the marker's
    words but not its place at a line start."""
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
    # runs of spaces become one space, but a column gap (two or more) stays two: side-by-side
    # signature blocks ("DE MINISTER …  DE STAATSSECRETARIS …") are told apart by it
    if "  " in line or "\t" in line:
        line = re.sub(r"[ \t]{2,}", "  ", re.sub(r"(?<! )[ \t](?! )", " ", line))
    if "*" in line or "__" in line:
        line = _ITALIC.sub(r"\1", line.replace("**", "").replace("__", ""))
    if line[:1] in ("#", ">", "*") or line.endswith("*"):
        line = _MARKDOWN.sub("", line)
    if line[:1] in _BULLET_FIRST:
        line = _BULLET.sub("", line)
    if line[:1] in ("-", "–"):
        line = _DASH_BEFORE_NUMBER.sub("", line)
    if line[:3] == "Vr ":
        line = _SPLIT_VRAAG.sub("Vraag ", line)
    return line.strip()


def _filled(lines: list[str], i: int, step: int = 1, limit: int | None = None) -> int | None:
    """Index of the nearest non-blank line after (step 1) or before (step -1) line i, within `limit` lines."""
    end = -1 if step < 0 else len(lines)
    if limit is not None:
        end = max(end, i - limit - 1) if step < 0 else min(end, i + limit + 1)
    return next((k for k in range(i + step, end, step) if lines[k]), None)


def line_before(lines: list[str], i: int) -> str:
    k = _filled(lines, i, -1)
    return "" if k is None else lines[k]


def is_bare_label(line: str) -> bool:
    """A letterhead label whose value is on the next line ("Datum" / "13 mei 2026")."""
    label = LETTERHEAD_LABEL.match(line)
    return label is not None and not label[2]


def _drop_footnotes(lines: list[str]) -> tuple[list[str], set[str], set[str]]:
    """Drop footnote text (and its wrapped continuation) and bare URL lines; return the footnote numbers
    and the lines that hold a footnote marker (only those need `_strip_markers`, whose three
    substitutions on every line with a digit were a sixth of reading a letter).

    A numbered line is only a footnote when it reads like a reference, or when it extends a run of
    footnotes (4, then 5): in a "lijst van vragen en antwoorden" every question starts with a number too.
    """
    markers: set[str] = set()
    marked: set[str] = set()
    for line in lines:
        if not _MARKER_DIGIT.search(line):  # every marker has a digit
            continue
        found = [m["n"].translate(_SUPERSCRIPT) for m in _markers(line)]
        if "[" in line or "(" in line:  # each of _NOTE_MARKER's two forms needs one
            found += [m["b"] or m["p"] for m in _NOTE_MARKER.finditer(line)]
        if "?" in line:
            found += [m.group().strip(" )") for m in _QUESTION_NOTE.finditer(line)]  # "…'? 1)"
        if found:
            markers.update(found)
            marked.add(line)
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
        elif _URL_LINE.match(line) and not line_before(lines, i).endswith(":"):
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
    return [line for i, line in enumerate(lines) if i not in owner], {n for n in owner.values() if n}, marked


def _markers(line: str) -> list[re.Match[str]]:
    """`_MARKER.finditer(line)`, found from the line's runs of digits.

    A pattern that opens with a look-behind is tried at every character of a line, and the long
    lines of a schriftelijk overleg made that most of dropping footnotes. A marker's number is a
    whole run of one or two digits, and its match starts at most three characters before it (a
    punctuation mark, a quote, a space), so trying those few starts finds the same matches.
    """
    found: list[re.Match[str]] = []
    end = 0
    for run in _DIGIT_RUN.finditer(line):
        start = run.start()
        if run.end() - start <= 2:
            for at in range(max(end, start - 3), start + 1):  # the leftmost start, as finditer finds it
                m = _MARKER.match(line, at)
                if m is not None:
                    found.append(m)
                    break
        end = run.end()
    return found


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
    bare = [i for i, line in enumerate(lines) if BARE_NUMBER.match(line) and not _table_cell(lines, i)]
    marked = any(_VRAAG_MARKER.match(line) for line in lines)  # "Vraag 3" numbers the questions, not bare numbers
    headings = bare + [i for i, line in enumerate(lines) if _JOINT_NUMBERS.match(line)]  # "1 en 2" heads one too
    numbered_questions = not marked and any(opens_question(lines, i, need_mark=True) for i in headings)
    drop = {i for i, line in enumerate(lines) if PAGE_LABEL.match(line)}
    drop |= {i for i in bare if (marked or not opens_question(lines, i, need_mark=not numbered_questions))
             and not is_bare_label(line_before(lines, i))}
    return [line for i, line in enumerate(lines) if i not in drop]


def _table_cell(lines: list[str], i: int) -> bool:
    """Is line i a cell in a column of figures: the nearest lines above and below are figures too?"""
    near = [_filled(lines, i, -1, 2), _filled(lines, i, 1, 2)]
    return all(k is not None and _FIGURE.match(lines[k]) and not PAGE_LABEL.match(lines[k]) for k in near)


def opens_question(lines: list[str], i: int, need_mark: bool) -> bool:
    k = _filled(lines, i)
    while k is not None and PAGE_LABEL.match(lines[k]):  # "12" / "Pagina 3 van 9" / the question: a page break
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
        label = LETTERHEAD_LABEL.match(line) if line[:1].isupper() else None  # not "betreft" in "Wat\nbetreft"
        if label:
            value, end = label[2], i
            k = _filled(lines, i, 1, 2)
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

    if not _MARKER_DIGIT.search(line):
        return line
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
