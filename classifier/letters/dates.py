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
