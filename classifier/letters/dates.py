"""Dutch dates as letters print them: "14 januari 2010", and as web pages and footnotes shorten them, "14 jan. 2010".

The month names and their abbreviations are data (classifier/data/months.csv). A page that lists answers
(partijvoordedieren.nl: "Antwoorddatum: 14 jan. 2010") or a footnote ("AD, 5 sept 2013") prints the short
form; read with the long names only, such a letter had no date at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from classifier.config import DATA_DIR

MONTHS_FILE = DATA_DIR / "months.csv"
FIRST_YEAR = 1900
"""No letter in the corpus is older; an earlier or far later year is a misprint ("16 mei 22025")."""


def _months() -> dict[str, int]:
    """Every spelling of a month, long and short, to its number."""
    found: dict[str, int] = {}
    for row in csv.DictReader(MONTHS_FILE.read_text(encoding="utf-8").splitlines()):
        for spelling in [row["name"], *row["abbreviations"].split()]:
            found[spelling.lower()] = int(row["month"])
    return found


MONTHS = _months()
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
"""A month, long or short ("jan.", "sept"): the longest spelling first, so "sept" is not read as "sep"."""
DATE = rf"(\d{{1,2}})\s+({MONTH})\s+(\d{{4}})(?!\d)"
"""Day, month and year, each a group."""


def parse_date(text: str) -> dt.date | None:
    """The first Dutch date in `text`; None for a day that cannot be, rather than a guess at the misprint.

    A year before 1900 or after next year breaks every trend by month, so it is no date.
    """
    match = re.search(DATE, text, re.I)
    if not match:
        return None
    day, month, year = int(match.group(1)), MONTHS[match.group(2).rstrip(".").lower()], int(match.group(3))
    if not FIRST_YEAR <= year <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def first_date(pattern: str, text: str) -> dt.date | None:
    """The date printed right after `pattern` ("Datum: 3 mei 2021", "ingezonden 2 apr. 2019"), else None."""
    match = re.search(pattern + r"\s*:?\s*" + DATE, text, re.I | re.M)
    return parse_date(match.group(0)) if match else None


_HEAD_DATE = re.compile(
    rf"^[ \t]*(?:(?:Kamerstuk|Den Haag|[´'‘’]s[ -]Gravenhage),[ \t]*|(?:maan|dins|woens|donder|vrij|zater|zon)dag[ \t]+)?"
    rf"{DATE}[ \t]*$",
    re.I,
)
HEAD_LINES = 30
"""How far into a letter its own date can stand: the letterhead and a page's title block, not the answers."""


def head_date(text: str) -> dt.date | None:
    """A date printed on a line of its own in the letter's head, before the first question.

    A letter dates itself under its address block ("2500 EA DEN HAAG" / "12 februari 2009"),
    below a column of labels ("Datum / Ons kenmerk / Onderwerp" / "3 oktober 2008") or after
    the place ("'s-Gravenhage, 16 februari 2000"); a page that reposts it prints the date under
    its title ("19 april 2018", rijksoverheid.nl's "Kamerstuk, 6 juli 2009"). A date inside a
    sentence or a parenthesis ("(ingezonden" / "14 oktober 2021)") is another day and is not read.
    """
    for line in text.split("\n")[:HEAD_LINES]:
        if line.rstrip().endswith("?"):
            return None  # the questions have begun: a date from here on is in the body
        match = _HEAD_DATE.match(line)
        if match:
            return parse_date(line)
    return None
