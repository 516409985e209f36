"""Footnotes and their markers, dropped before a letter is split.

A footnote is told from a numbered question by how it reads (a reference: a Kamerstuk, a URL, a
newspaper and a date) and by the markers pointing at it; a marker is removed only when its footnote
exists, or when it stands where no content number can ("… training»?1"), so "F35" and "CO2" stay.
A superscript is never content: a PDF's raised markers are turned into superscripts here, so a line
opened by one that a marker points at is a footnote, however it reads."""

from __future__ import annotations

import re
from typing import Any

from classifier.letters.dates import MONTH
from classifier.letters.lines import filled, line_before

_URL_LINE = re.compile(r"^<?https?://\S+>?$", re.I)
_ENDS_IN_URL = re.compile(r"<(?:https?://|www\.)\S+>$", re.I)  # a whole URL in angle brackets
_FOOTNOTE = re.compile(r"^(?P<n>\d{1,3}|[¹²³⁴-⁹⁰]{1,3})\s+(?P<body>\S.*)$")
_NOTE_LINE = re.compile(r"^(?:\[(?P<b>\d{1,3})\]|\(?(?P<p>\d{1,3})\))\s*(?P<body>\S.*)$")  # "[1] <url>", "(1)Krant …"
_NOTE_MARKER = re.compile(  # "site^[1]." (markdown), "fiasco’(1)" (web page), "[footnoteRef:1]" (pandoc)
    r"\^?\[(?P<b>\d{1,3})\](?![(:])|(?<=[a-zà-ÿ.?!”’\"»])\((?P<p>\d{1,2})\)(?=[\s.,;:?!]|$)")
# "… wonen? 1)", "… training»?1", "… vragen?[3]" (its note past an excerpt's cut): no number follows a "?"
_QUESTION_NOTE = re.compile(r"(?<=\?)\s\d{1,2}\)$|(?<=\?)\d{1,2}(?=\s|$)|(?<=\?)\[\d{1,2}\](?=\s|$)")
# "… energieprijzen?1 2 3 4", "… simpel»»?1, 2": a run of markers at the end of a question's line
_QUESTION_NOTES = re.compile(r"(?<=\?)\d{1,2}(?:,?[ \t]\d{1,2}){1,5}[ \t]*$")
PANDOC_NOTE = re.compile(r"[ \t]*\[footnoteRef:\d{1,3}\]|[ \t]*\[\d{1,3}:\s[^\[\]]{0,1000}\]")  # marker, footnote text
PANDOC_NOTE_START = re.compile(r"\[(?:footnoteRef:\d{1,3}\]|\d{1,3}:\s)")  # what every PANDOC_NOTE match holds
_REFERENCE_START = re.compile(r"kamerstuk|kamerbrief|handelingen|aanhangsel|staatscourant|stcrt|join\b|isbn|"
                              r"samenstelling|<?https?://|www\.|zie\b(?!\s+(?:het\s+)?antwoord)", re.I)
_REFERENCE = re.compile(r"kamerstuk|\bnr\.|\bblz\.|https?://|www\.|\bjoin\b|isbn|gepubliceerd|handelingen|\bzie\b",
                        re.I)
# "de Volkskrant, 1 augustus 2007", "De Stentor, 22 mrt 2023"
_SOURCE_DATE = re.compile(rf"^[^.?!]{{2,60}},\s+\d{{1,2}}(?:\s+{MONTH}\s+|-\d{{1,2}}-)\d{{4}}\b")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER = re.compile(  # a footnote number glued to a word ("brief2", "eisen.”6"), or after a closing quote and a space
    r"(?<=[a-zà-ÿ])(?P<punct>[.,;:]?[”’\"»)]?)(?:(?<=[”’\"»])\s)?(?P<n>\d{1,2}|[¹²³⁴-⁹⁰]{1,2})(?=[\s;:)]|[,.](?!\d)|$)")
# a superscript after a digit, a "?" or a closing mark ("in 2023¹", "jeugdzorg»?¹"), where `_MARKER` finds none
_RAISED_MARKER = re.compile(r"(?<=[\d?!.,;:”’\"»)\]])(?P<n>[¹²³⁴-⁹⁰]{1,3})(?=[\s.,;:)?!]|$)")
_RAISED_DIGIT = re.compile(r"[¹²³⁴-⁹⁰]")
_DIGIT_RUN = re.compile(r"[\d¹²³⁴-⁹⁰]+")
_MARKER_DIGIT = re.compile(r"[0-9¹²³⁴-⁹⁰]")  # each of _MARKER, _NOTE_MARKER and _QUESTION_NOTE needs one
_NOT_MARKER_AFTER = {"nr", "blz", "art", "p", "pag", "no", "m", "km", "cm", "mm", "dm", "ha", "fase", "lijn"}
_NOT_MARKER_WINDOW = max(map(len, _NOT_MARKER_AFTER)) + 1  # a longer run of letters is no word of that set
_HEADING = re.compile(r"^(?:vraag|vragen|antwoord|antwoorden)\b", re.I)  # "Antwoorden op …" ends a footnote too
LIST_START = re.compile(r"^(?:[-–•*]\s|\(?[a-z0-9]{1,3}[.)]\s|\d{1,3}\s[-–]\s)")


def drop_footnotes(lines: list[str]) -> tuple[list[str], set[str], set[str]]:
    """Drop footnote text (and its wrapped continuation) and bare URL lines; return the footnote numbers
    and the lines that hold a footnote marker (only those need `strip_markers`, whose three
    substitutions on every line with a digit were a sixth of reading a letter).

    A numbered line is only a footnote when it reads like a reference, or when it extends a run of
    footnotes (4, then 5): in a "lijst van vragen en antwoorden" every question starts with a number too.
    """
    markers: set[str] = set()
    marked: set[str] = set()
    superscripts: set[str] = set()  # the numbers of markers printed raised ("rapport¹"), as a PDF page sets them
    for line in lines:
        if not _MARKER_DIGIT.search(line):  # every marker has a digit
            continue
        glued = [m["n"] for m in _markers(line)]
        found = [n.translate(_SUPERSCRIPT) for n in glued]
        if _RAISED_DIGIT.search(line):  # superscripts are never content: each one points at a footnote
            raised = [m["n"] for m in _RAISED_MARKER.finditer(line)] + [n for n in glued if _RAISED_DIGIT.match(n)]
            superscripts.update(n.translate(_SUPERSCRIPT) for n in raised)
            found += [n.translate(_SUPERSCRIPT) for n in raised]
        if "[" in line or "(" in line:  # each of _NOTE_MARKER's two forms needs one
            found += [m["b"] or m["p"] for m in _NOTE_MARKER.finditer(line)]
        if "?" in line:
            found += [m.group().strip(" )[]") for m in _QUESTION_NOTE.finditer(line)]  # "…'? 1)", "…?[3]"
            found += _question_note_run(line)
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
        if m and (_reads_like_footnote(m["body"], m["n"].translate(_SUPERSCRIPT), markers)
                  or _raised_note(m["n"], m["body"], superscripts)):
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
            before, after = filled(lines, i, -1, 2), filled(lines, i, 1, 2)
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


def _raised_note(number: str, body: str, superscripts: set[str]) -> bool:
    """A line opened by a raised number that a raised marker points at ("¹ Centraal Bureau …"): a footnote,
    however it reads, since no question or list is numbered in superscript."""
    return number != number.translate(_SUPERSCRIPT) and number.translate(_SUPERSCRIPT) in superscripts and (
        not body.endswith("?") and len(body) <= 300)


def _continuation(lines: list[str], i: int, width: int) -> list[int]:
    """Lines continuing a footnote or URL wrapped at the page width, with at most one blank line between."""
    found: list[int] = []
    prev = lines[i]
    while len(found) < 8:
        k = filled(lines, i, 1, 2)
        if k is None or prev.endswith((".", "?", "!")):
            break
        # a URL line, or a line that ends in a whole URL ("[1] <https://…>"), is complete however long
        whole_url = bool(_URL_LINE.match(prev) or _ENDS_IN_URL.search(prev))
        wrapped = prev.endswith(("-", ":", ",")) or (len(prev) >= 0.7 * width and not whole_url)
        nxt = lines[k]
        if (not wrapped or nxt.isupper() or _HEADING.match(nxt) or _FOOTNOTE.match(nxt) or _NOTE_LINE.match(nxt)
                or LIST_START.match(nxt)):
            break
        if k - i > 1 and not (_REFERENCE.search(nxt) or (len(nxt) <= 40 and nxt[0].islower())):
            break
        found.append(k)
        prev, i = nxt, k
    return found


def strip_markers(line: str, footnotes: set[str]) -> str:
    """Remove footnote markers glued to words, but only for footnotes that exist (so "F35" and "CO2" stay).

    The word before a marker is looked up in a window just long enough to tell the short words of
    `_NOT_MARKER_AFTER` ("nr", "fase") from longer ones: searching the whole line before every marker
    made a one-line text of 364 KB take half a minute.
    """
    def after_unit(m: re.Match[str]) -> bool:
        word = re.search(r"[A-Za-zà-ÿ]+$", line[max(0, m.start() - _NOT_MARKER_WINDOW):m.start()])
        return bool(word and word[0].lower() in _NOT_MARKER_AFTER)

    def replace(m: re.Match[str]) -> str:
        if after_unit(m):
            return m[0]
        number = m["n"].translate(_SUPERSCRIPT)
        return m["punct"] if number in footnotes or number != m["n"] else m[0]  # superscripts are never content

    def raised(m: re.Match[str]) -> str:  # "2023¹" may be a power ("10⁶"): only a footnote's number goes
        asks = line[m.start() - 1] == "?"
        return "" if (asks or m["n"].translate(_SUPERSCRIPT) in footnotes) and not after_unit(m) else m[0]

    if not _MARKER_DIGIT.search(line):
        return line
    line = _NOTE_MARKER.sub(lambda m: "" if (m["b"] or m["p"]) in footnotes else m[0], line)
    line = _QUESTION_NOTES.sub(lambda m: "" if _counting_up(m.group()) else m.group(), line)
    line = _QUESTION_NOTE.sub("", line)
    line = _MARKER.sub(replace, line)
    return _RAISED_MARKER.sub(raised, line) if _RAISED_DIGIT.search(line) else line


def _question_note_run(line: str) -> list[str]:
    """The numbers of a run of footnote markers after a question's "?" at the end of its line.

    Only a run that counts up by one ("1 2 3 4") is taken: "?1" alone is `_QUESTION_NOTE`'s, and
    numbers that do not follow each other may be content, not markers.
    """
    m = _QUESTION_NOTES.search(line)
    return _counting_up(m.group()) if m else []


def _counting_up(run: str) -> list[str]:
    """The numbers of a run ("1, 2", "2 3 4") when each is one more than the one before, else none."""
    numbers = re.findall(r"\d+", run)
    return numbers if all(int(b) == int(a) + 1 for a, b in zip(numbers, numbers[1:])) else []


# --- markers a PDF raises above the line ------------------------------------------------------

Char = dict[str, Any]
"""A character as pdfplumber gives it: text, size, upright, x0, x1, top, bottom, doctop, y0, y1."""
_MARKER_SIZE = 0.85  # a raised marker is set at most this share of the type size beside it …
_MARKER_RISE = 0.2  # … with its foot at least this share of that size above the foot of that text
_DIGITS = frozenset("0123456789")
_APART = 4  # points between words that pdfplumber reads apart: more than its x_tolerance of 3
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def raised_markers(chars: list[Char]) -> list[Char] | None:
    """A PDF page's characters with each footnote marker as a superscript digit on its line; None when it has none.

    A marker is a run of digits set smaller than the text beside it and raised above it ("rapport¹
    van"). Left where it lies, it was a plain digit glued to a word ("rapport1", "20231") or put on
    a line of its own, where the splitter took it for an amount or a question's number. As "¹"
    glued to the word before it, or apart from the footnote it opens ("¹ Kamerstuk …"), it reads
    as in a typed letter, whose markers and footnotes are dropped here. Characters are taken in the
    order the page draws them, which puts a marker beside the text it belongs to.
    """
    out: list[Char] = []
    found = False
    i = 0
    while i < len(chars):
        if chars[i]["text"] not in _DIGITS:
            out.append(chars[i])
            i += 1
            continue
        end = i + 1
        while end < len(chars) and _digit_of(chars[end], chars[i], chars[end - 1]):
            end += 1
        run, width = chars[i:end], chars[end - 1]["x1"] - chars[i]["x0"]
        before, after = (chars[i - 1] if i else None), (chars[end] if end < len(chars) else None)
        if before is not None and _raised(run, before, run[0]["x0"] - before["x1"]):
            start, stop = before["x1"], before["x1"] + width  # glued to the word before it …
            if after is not None and after["text"].isalnum() and abs(after["top"] - before["top"]) < 1:
                stop = max(start, min(stop, after["x0"] - _APART))  # … and apart from a word after it, not from a "."
            out += _on_line(run, before, start, stop)
        elif after is not None and _raised(run, after, after["x0"] - run[-1]["x1"]):
            right = min(run[-1]["x1"], after["x0"] - _APART)  # a word apart from the footnote it opens
            out += _on_line(run, after, right - width, right)
        elif before is not None and _lowered(run, before, run[0]["x0"] - before["x1"]):
            out += _on_line(run, before, run[0]["x0"], run[-1]["x1"], subscript=True)  # "CO₂" stays "CO2"
        else:
            out += run
        found = found or out[-1] is not run[-1]
        i = end
    return out if found else None


def _digit_of(char: Char, first: Char, last: Char) -> bool:
    """Whether `char` goes on a run of digits in one size that opens with `first` and so far ends with `last`."""
    return (char["text"] in _DIGITS and abs(char["size"] - first["size"]) < 0.1
            and 0 <= char["x0"] - last["x1"] < 1)


def _raised(run: list[Char], beside: Char, gap: float) -> bool:
    """Smaller than the text right beside it, its foot well above that text's, yet on that text's line."""
    bottom = max(char["bottom"] for char in run)
    return (bool(beside["upright"] and run[0]["upright"]) and run[0]["size"] <= _MARKER_SIZE * beside["size"]
            and beside["top"] < bottom <= beside["bottom"] - _MARKER_RISE * beside["size"] and -1 <= gap < beside["size"])


def _lowered(run: list[Char], before: Char, gap: float) -> bool:
    """A formula's subscript ("CO₂", "NO₂"): smaller than the letter it follows, right after it, its foot below
    that letter's. Left lower, it made a line of its own that was dropped as a page number ("CO-uitstoot")."""
    bottom = max(char["bottom"] for char in run)
    return (bool(before["upright"] and run[0]["upright"]) and before["text"].isalpha()
            and run[0]["size"] <= _MARKER_SIZE * before["size"] and -1 <= gap < 1
            and before["top"] < run[0]["top"] and bottom > before["bottom"] + 0.05 * before["size"])


def _on_line(run: list[Char], beside: Char, start: float, end: float, subscript: bool = False) -> list[Char]:
    """The run at the height of the text beside it (so on its line), spread from start to end: superscript digits,
    or, for a `subscript`, the plain digits a typed letter has ("CO2")."""
    level = {key: beside[key] for key in ("top", "bottom", "doctop", "y0", "y1")}
    step = (end - start) / len(run)
    return [{**char, **level, "text": char["text"] if subscript else char["text"].translate(_TO_SUPERSCRIPT),
             "x0": start + k * step, "x1": start + (k + 1) * step} for k, char in enumerate(run)]
