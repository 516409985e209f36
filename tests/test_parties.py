"""The party of a heading over one member's or one fraction's questions."""

from __future__ import annotations

import pytest

from classifier.letters.parties import heading_parties, heading_party


@pytest.mark.parametrize(("line", "party"), [
    ("Vragen van de heer Van Dijk (PvdA):", "PvdA"),  # https://zoek.officielebekendmakingen.nl/kst-25657-111.html
    ("Mevrouw Kant (SP):", "SP"),  # https://zoek.officielebekendmakingen.nl/h-tk-20062007-3564-3568.html
    ("1. Mevrouw Kant (SP):", "SP"),  # numbered as a web page numbers its speakers
    ("De heer Rosenmöller (GroenLinks):", "GL"),  # https://zoek.officielebekendmakingen.nl/h-tk-19961997-711-715.html
    ("1. Vragen en opmerkingen vanuit de VVD-fractie", "VVD"),  # https://zoek.officielebekendmakingen.nl/kst-31839-872.html
    ("Vragen en opmerkingen van de CDA-fractie", "CDA"),  # https://zoek.officielebekendmakingen.nl/dossier/kst-21501-31-207.html
    ("1. De vragen van de leden van de fractie van het CDA", "CDA"),  # .../kst-20062007-30411-C.html
    ("2. Inbreng van de PVV-fractie", "PVV"),  # https://zoek.officielebekendmakingen.nl/kst-34384-C.html
])
def test_a_heading_over_a_members_or_fractions_questions_names_its_party(line: str, party: str) -> None:
    assert heading_party(line) == party


@pytest.mark.parametrize("line", [
    "Vraag (1):",  # a numbered question's label
    "Twee Consulaten-generaal (CG):",  # an answer's list heading, its brackets no party
    "1. Vragen CDA-fractie:",  # numbers the first question as well (opennieuwsbank 2003, 4802): no section
    "Wat vindt u van Dijk (SP):",  # a sentence, not a name
    "Vragen en opmerkingen van de leden van de VVD-fractie en reactie van de bewindspersoon",  # the layout's own
])
def test_other_lines_are_no_party_heading(line: str) -> None:
    assert heading_party(line) is None


def test_a_fraction_heading_wrapped_before_its_party_names_that_party() -> None:
    """"Vragen van de leden van de fractie van Forum voor Democratie" (annotations/sources/2504) as a PDF column
    wraps it: the party on the next line completes the heading."""
    lines = ["Vragen van de leden van de fractie van", "Forum voor Democratie", "", "1"]
    assert heading_parties(lines) == ["FVD"]
    # the title of annotations/sources/000 over the answers to two fractions: the next line is no party alone
    assert heading_parties(["Antwoorden op de schriftelijke vragen van de leden van de Eerste Kamerfractie van",
                            "Partij voor de Dieren en JA21 aan de minister van Defensie over het witboek"]) == []



def test_a_fraction_named_with_het_is_found() -> None:
    """"De leden van de fractie van het CDA merken op …" (annotations/sources/1801, annotated CDA): "het" before
    the party as "de" before it ("de fractie van de VVD")."""
    from classifier.letters.parties import find_party

    assert find_party("De leden van de fractie van het CDA merken op dat de plenaire behandeling") == "CDA"
    assert heading_parties(["Vragen van de leden van de fractie van het", "CDA"]) == ["CDA"]
