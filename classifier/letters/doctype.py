"""Which kind of document a letter is, from what the letter prints about itself.

The type comes from the document's own heading or header ("NOTA NAAR AANLEIDING VAN
HET VERSLAG", "C MEMORIE VAN ANTWOORD", "Vragen van het lid …", openkamer's
"Kamervraag 2019Z00014"), never from a phrase the body uses about another document:
a Kamervragen answer that refers to "het verslag van een schriftelijk overleg" stays
Kamervragen. Of all headings the one printed first wins, since a heading comes
before the text it heads. Only when no heading is printed (an excerpt, a saved page
that lost it) does weaker evidence in the running text count, such as a cover letter's
"Hierbij zend ik u de antwoorden op de vragen van het lid …". The Dutch patterns are
data (classifier/data/doctypes.json).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from classifier.config import DATA_DIR

DOCTYPES_PATH = DATA_DIR / "doctypes.json"

_NAME_WORD = r"(?:[A-ZÀ-Ý][\w.'’\-]*|van|der|de|den|ten|ter|te|het|'t|in|la|le|du)"
_PERSON = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}}(?:[ \t]*\([^()\n]{{0,80}}\))*"
NAME_LINE = re.compile(rf"^[ \t]*{_PERSON}(?:[ \t]*,[ \t]*{_PERSON})*[ \t]*,?[ \t]*$")
"""A line of people only: "Sarah Dobbe (SP), Jimmy Dijk (SP)", "Stef Blok (minister buitenlandse zaken) (VVD)", "Kuipers"."""
OPENKAMER_ANSWERER = re.compile(r"^[A-ZÀ-Ý][^\n:()]{1,60}\((?:vice)?(?:minister|staatssecretaris)\b[^)\n]*\)", re.I)
"""An unlabelled answering minister, "Stef Blok (minister buitenlandse zaken) (VVD)"; a kamerstuk
page labels the same line "Indiener(s): …", so a label before the name (a colon) is no header."""
Rules = tuple[tuple[str, re.Pattern[str]], ...]
HEADER_LINES = 6
"""openkamer prints the title, the askers and the answerers as its first lines."""


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """The data file, read once for the rules and the names alike."""
    return dict(json.loads(DOCTYPES_PATH.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _rules() -> tuple[int, Rules, Rules, Rules]:
    """(how far to look, heading rules, title rules, cue rules), compiled once from the data file."""
    data = _data()

    def compiled(section: str) -> Rules:
        return tuple((kind, re.compile(pattern.replace("{prefix}", data["prefix"]), re.M)) for kind, pattern in data[section])

    return int(data["within"]), compiled("headings"), compiled("titles"), compiled("cues")


def doc_type_name(kind: str | None) -> str | None:
    """The type as a reader names it ("Nota naar aanleiding van het verslag"), for pages and tables; JSON and CSV
    keep `kind` itself, which scripts match on. A type the data file does not name is shown as it is."""
    return None if kind is None else _data()["names"].get(kind, kind)


def _people_only(line: str) -> bool:
    """A line of names, not a short answer ("Ja.") or a sentence, which ends with a stop."""
    return bool(NAME_LINE.match(line)) and not line.rstrip().endswith(".")


def _openkamer_header(text: str) -> int | None:
    """Where openkamer's Kamervraag header starts, if the text opens with one; else None.

    openkamer heads a Kamervraag with its title, a line of the askers ("Sarah Dobbe
    (SP), Jimmy Dijk (SP)"), often a line of the ministers who answered (with their
    office, or a bare surname), and then the first question. Either an answering
    minister with the office in parentheses among the first lines, or the title over
    one or two lines of people only over a question, is that header; an excerpt
    that opens with a question and its answer ("Ja.") is not.
    """
    lines = [line for line in text.split("\n") if line.strip()][:HEADER_LINES]
    for line in lines:
        if OPENKAMER_ANSWERER.match(line.strip()):
            return text.find(line)
    if not lines or "?" in lines[0]:  # an excerpt that opens with a question has no title over it
        return None
    people = 0
    while people < 2 and 1 + people < len(lines) and _people_only(lines[1 + people]):
        people += 1
    if people and 1 + people < len(lines) and "?" in lines[1 + people]:
        return text.find(lines[1])
    return None


def detect_doc_type(text: str) -> str | None:
    """The document type the text shows, or None when it shows none.

    One of kamervragen, lijst_vragen_antwoorden, nota_naar_aanleiding_van_verslag,
    memorie_van_antwoord, schriftelijk_overleg, brief.
    """
    within, headings, titles, cues = _rules()
    head = text[:within]
    found = [(match.start(), kind) for kind, pattern in headings if (match := pattern.search(head))]
    openkamer = _openkamer_header(head)
    if openkamer is not None:
        found.append((openkamer, "kamervragen"))
    found = found or [(match.start(), kind) for kind, pattern in titles if (match := pattern.search(head))]
    if found:
        return min(found)[1]
    return next((kind for kind, pattern in cues if pattern.search(head)), None)
