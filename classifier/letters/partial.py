"""Lijsten printed in part: the questions one ministry answers ("271", "286" of a budget lijst), or those a first
answer set missed ("Bij deze beantwoording ontbrak het antwoord op vraag 3 en op vraag 5": "3", "5").

Their question numbers stand alone on their lines and skip, from the first on. The ids must be the letter's own
numbers, and a skipped number must not be read as more of the answer before it."""

from __future__ import annotations

import re

from classifier.letters.layout import ends_question

_BARE = re.compile(r"\d{1,3}\.?")


def asks_below(lines: list[str], index: int) -> bool:
    """Does the first line with text under line `index` (within three lines) end in a question?"""
    following = next((line.strip() for line in lines[index + 1:index + 4] if line.strip()), "")
    return ends_question(following)


def opens_partial_lijst(num: int, lines: list[str], index: int) -> bool:
    """A first question number other than 1 ("3"), alone on its line above a question, that a later bare number
    ("5") above a question confirms: a page number over the first question ("92") has no such sequel."""
    if not asks_below(lines, index):
        return False
    return any(_BARE.fullmatch(line.strip()) and num < int(line.strip().rstrip(".")) < 1000 and asks_below(lines, k)
               for k, line in enumerate(lines[index + 1:], start=index + 1))
