"""Who asked: the parties of the members whose questions a letter answers.

A Kamervragen letter prints them in its header ("Vragen van het lid Thieme (PvdD) aan …"). An
openkamer listing page prints a row of cells instead, title, askers, answerers, without labels
("Ismail El Abassi (DENK) |" over "Thierry Aartsen (VVD) |"): only the askers' cell is read, since
the answering state secretary's party is no asker's.
"""

from __future__ import annotations

import re

from classifier.letters.parties import find_party_name

# "Vragen van het lid …", "Schriftelijke vragen van de leden …", "Kamervragen van het lid …", "Indiener …"; an
# empty "Indiener" line is no header: the line after it is another field ("Beantwoord door") or the questions' own
_HEADER = re.compile(
    r"^(?:(?:Schriftelijke\s+v|Kamerv|V)ragen van (?:het lid|de leden)[^\n]*|Indieners?[ \t]+\S[^\n]*)", re.M)
# a row of members with their parties ("Jan Jansen (SP), Piet Pietersen (VVD)"), not one naming an office: one line,
# or several joined by a comma at a line's end
_MEMBERS_ROW = re.compile(
    r"^(?!.*\((?:minister|staatssecretaris))(?:[A-ZÀ-Ý][^()\n,]{2,40}\([^)\n]{2,30}\)(?:,\s*|[ \t]*))+$",
    re.M | re.I)
# a ministry's own title over its answers, or a member named without "het lid": "Antwoorden op Kamervragen van
# het Kamerlid Kuik (CDA) over …", "Antwoord op Kamervragen Kwint (SP) over …", "Vragen van de heer Atsma (CDA) …"
_ANSWERS_TITLE = re.compile(
    r"^(?:Antwoord(?:en)?\s+op\s+(?:de\s+)?(?:schriftelijke\s+)?(?:Kamer)?vragen|(?:Schriftelijke\s+v|Kamerv|V)ragen)\b"
    r"[^\n(]{0,80}\([^\n]*", re.M | re.I)
_INDIENER = re.compile(r"^Indieners?[ \t]+(?P<who>\S[^\n]*)", re.M)
_CELL = re.compile(r"^(?P<cell>[^|\n]*?)\s*\|$")
_IMAGE = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)\s*)+$")  # "![]() ![]()": a picture's cell


def listing_cells(text: str) -> list[str]:
    """The cells an openkamer listing page opens with, one per line ("Titel |", "Naam (P) |"), pictures and
    empty cells left out; [] for any other text. A markdown table ("a | b | c") is no listing."""
    cells: list[str] = []
    for line in text.split("\n"):
        match = _CELL.match(line.strip())
        if not match or "|" in match.group("cell"):
            break
        cell = match.group("cell").strip()
        if cell and not _IMAGE.match(cell):
            cells.append(cell)
    return cells


def _parties_in(printed: str) -> list[str]:
    """The parties in brackets ("(SP)", "(beiden VVD)", "(VVD en CDA)")."""
    found: list[str] = []
    for group in re.findall(r"\(([^)]+)\)", printed):
        for part in re.split(r",|\ben\b", group.replace("beiden", "").replace("allen", "")):
            short = find_party_name(part.strip())
            if short and short not in found:
                found.append(short)
    return found


def letter_askers(text: str, cells: list[str]) -> list[str]:
    """The parties that asked, in the order printed; [] when the head names none.

    `text` is the letter's head, `cells` its listing cells (`listing_cells`). A head without the Kamervragen
    header may still name the member in the title the ministry puts over its answers (`_ANSWERS_TITLE`).
    """
    if len(cells) >= 2:
        return _parties_in(cells[1])
    header = _HEADER.search(text) or _MEMBERS_ROW.search("\n".join(text.split("\n")[:20]))
    # a row that names no party ("Preview document (🔗 origineel)" has the shape of a member's) gives way to the title
    if header and (parties := _parties_in(header.group(0))):
        return parties
    return next((found for title in _ANSWERS_TITLE.finditer(text) if (found := _parties_in(title.group(0)))), [])


def listed_people(printed: str) -> list[tuple[str, str]]:
    """(name, its whole entry) for each person a row lists, split at commas outside brackets: "Indiener(s):
    Sander Dekker (minister …), Kuipers" is "Sander Dekker" and "Kuipers". The askers' and the answerers' rows
    of openkamer print their people alike."""
    return [(re.sub(r"^[^:]*:", "", part).split("(")[0].strip(" :"), part) for part in re.split(r",(?![^()]*\))", printed)]


def asker_names(text: str, cells: list[str]) -> list[str]:
    """The members who asked, by name: openkamer's "Indiener Geert Wilders (PVV)" or a listing's askers' cell.

    openkamer sometimes prints the asker in the answerers' field too ("Beantwoord door Geert
    Wilders (PVV)"); the metadata needs the askers' names to know that such a name signed nothing.
    """
    found = _INDIENER.search("\n".join(text.split("\n")[:20]))
    printed = cells[1] if len(cells) >= 2 else (found.group("who") if found else "")
    return [name for name, _ in listed_people(printed) if name]
