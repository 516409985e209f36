"""The number a letter is published under, read from its own header: "35 000 VIII" over "Nr. 190", openkamer's
"Kamerstuk 35000-X-108", a monitor page's "Kenmerk 33996, nr. 77", or the "Kamervraag 2019Z22245" its questions
were registered under.

Only the lines before the first question count: a question or an answer that names a bill or a letter ("het
wetsvoorstel van het lid Ouwehand (Kamerstuk 36 769)") names another document, not this one.
"""

from __future__ import annotations

import re

_CHAPTER = r"(?:[IVX]{1,5}[A-Z]?|[A-Z]{1,3})\b"
"""A budget chapter ("V", "VIII", "XVI", "IIB") or a fund's letter ("A", "J") after the dossier number."""
_NUMBER = re.compile(
    rf"Kamerstuk(?:ken)?\s+(?P<dossier>\d{{2}}\s?\d{{3}}(?:[- ]{_CHAPTER})?)(?P<nr>,[ \t]*nr\.[ \t]*\d+)?"
    r"|Kamervraag\s+(?P<question>\d{4}Z\d+)"
    rf"|^(?P<header>\d{{2}}\s\d{{3}}(?:\s{_CHAPTER})?)\s"
    r"|^Kenmerk\s+(?P<kenmerk>\d{5},\s*nr\.\s*\d+)\s*$",
    re.M,
)
_HEAD_LINES = 25


def kamerstuk(lines: list[str]) -> str | None:
    """The letter's own number ("35 000 VIII, nr. 190", "2019Z22245"), or None when its header prints none.

    A "Kamerstuk" inside a sentence or a title ("… over de brief van 7 december 2018 (Kamerstuk 35 000 V,
    nr. 51)") names the document the questions are about: its dossier is the letter's, its number is not,
    so the number is taken from the header's own "Nr. 58" line, if any.
    """
    end = next((i for i, line in enumerate(lines[:_HEAD_LINES]) if line.rstrip().endswith("?")), _HEAD_LINES)
    head = "\n".join(lines[:end])
    match = _NUMBER.search(head)
    if not match:
        return None
    if match.group("dossier") and match.group("nr") and (match.start() == 0 or head[match.start() - 1] == "\n"):
        return match.group("dossier") + match.group("nr")  # openkamer's own header: "Kamerstuk 35000-X, nr. 108"
    number = next(g for g in (match.group(k) for k in ("dossier", "question", "header", "kenmerk")) if g)
    nr = re.search(r"^Nr\.\s*(\d+)", head, re.M)
    return f"{number}, nr. {nr.group(1)}" if nr and "nr." not in number else number
