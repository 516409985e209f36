"""Ministry names on the letter's date: openkamer prints today's names on letters of any year."""

from __future__ import annotations

import datetime as dt

import pytest

from classifier.letters.ministries import (canonical_ministry, is_ministry_name, names_a_ministry, premier_ministry,
                                          printed_offices)

EZ, EZK, ELI = "Economische Zaken", "Economische Zaken en Klimaat", "Economische Zaken, Landbouw en Innovatie"
LNV, LVVN = "Landbouw, Natuur en Voedselkwaliteit", "Landbouw, Visserij, Voedselzekerheid en Natuur"


@pytest.mark.parametrize(
    ("printed", "day", "named"),
    [
        ("justitie en veiligheid", "2009-05-01", "Justitie"),
        ("justitie en veiligheid", "2013-01-15", "Veiligheid en Justitie"),  # letter 11911: Opstelten
        ("Veiligheid en Justitie", "2018-03-01", "Justitie en Veiligheid"),
        ("JenV", "2010-10-14", "Veiligheid en Justitie"),  # the hand-over day is the new name's
        ("Justitie", "2017-10-26", "Justitie en Veiligheid"),
        ("Rechtsbescherming", "2019-01-01", "Justitie en Veiligheid"),
        ("infrastructuur en waterstaat", "2009-01-01", "Verkeer en Waterstaat"),
        ("Infrastructuur en Waterstaat", "2015-06-01", "Infrastructuur en Milieu"),
        ("IenM", "2020-01-01", "Infrastructuur en Waterstaat"),
        ("economische zaken", "2009-01-01", EZ),
        ("economische zaken", "2011-06-01", ELI),
        ("economische zaken", "2015-06-01", EZ),
        ("economische zaken", "2019-06-01", EZK),  # letter 10609: Wiebes
        ("EZK", "2025-01-01", EZ),
        ("EL&I", "2013-01-01", EZ),
        ("LNV", "2025-01-01", LVVN),
        ("LVVN", "2020-01-01", LNV),
        ("LNV", "2015-01-01", LNV),  # no period known: kept as read, not guessed
        ("Defensie", "1995-01-01", "Defensie"),
        ("Klimaat en Groene Groei", "2025-01-01", "Klimaat en Groene Groei"),
        # portfolios counted under their ministry (letters 9008, 707, 1401); migration moved in 2024
        ("Milieu en Wonen", "2020-03-09", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Immigratie en Asiel", "2011-06-01", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Immigratie, Integratie en Asiel", "2012-06-07", "Binnenlandse Zaken en Koninkrijksrelaties"),  # letter 2305
        ("Vreemdelingenzaken en Integratie", "2005-06-01", "Justitie"),  # letter 9904: Verdonk
        ("Jeugd en Gezin", "2009-01-01", "Volksgezondheid, Welzijn en Sport"),
        ("Langdurige Zorg, Jeugd en Sport", "2025-01-01", "Volksgezondheid, Welzijn en Sport"),
        ("Herstel en Toeslagen", "2025-01-01", "Financiën"),
        ("Binnenlandse Zaken", "2025-01-01", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Migratie", "2022-05-01", "Justitie en Veiligheid"),
        ("Migratie", "2025-01-01", "Asiel en Migratie"),
        ("asiel en migratie", "2023-01-01", "Justitie en Veiligheid"),  # openkamer prints today's name
        ("Justitie en Veiligheid", "2025-01-01", "Justitie en Veiligheid"),
        ("Veiligheid en Justitie", "2025-01-01", "Justitie en Veiligheid"),
        # a minister voor Volkshuisvesting en Ruimtelijke Ordening sat at BZK until VRO became a ministry
        # (letter 5705, https://berthub.eu/tkconv/get/2023D13777); BZK itself is never renamed after it
        ("Volkshuisvesting en Ruimtelijke Ordening", "2023-04-03", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Volkshuisvesting en Ruimtelijke Ordening", "2025-03-03", "Volkshuisvesting en Ruimtelijke Ordening"),
        ("Binnenlandse Zaken en Koninkrijksrelaties", "2025-01-01", "Binnenlandse Zaken en Koninkrijksrelaties"),
        # ministers without a ministry of their own: https://zoek.officielebekendmakingen.nl/kst-26387-11.html is a
        # "BRIEF VAN DE MINISTER VOOR GROTE STEDEN- EN INTEGRATIEBELEID" (17 oktober 2001)
        ("Grote Steden- en Integratiebeleid", "2001-10-17", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Wonen, Wijken en Integratie", "2008-06-01", "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer"),
        ("Bestuurlijke Vernieuwing en Koninkrijksrelaties", "2005-06-01", "Binnenlandse Zaken en Koninkrijksrelaties"),
    ],
)
def test_a_renamed_ministry_is_named_as_it_was_on_the_day(printed: str, day: str, named: str) -> None:
    assert canonical_ministry(printed, dt.date.fromisoformat(day)) == named


def test_without_a_date_the_name_is_kept() -> None:
    assert canonical_ministry("Justitie en Veiligheid") == "Justitie en Veiligheid"
    assert canonical_ministry("Veiligheid en Justitie", None) == "Veiligheid en Justitie"
    assert canonical_ministry("zonder portefeuille", dt.date(2020, 1, 1)) is None


def test_a_ministry_name_is_told_from_a_portfolio() -> None:
    assert is_ministry_name("justitie en veiligheid") and not is_ministry_name("Rechtsbescherming")
    assert names_a_ministry("Defensie") and names_a_ministry("BZK") and not names_a_ministry("Engelshoven")


@pytest.mark.parametrize(
    ("printed", "offices"),
    [
        ("de Minister en de Staatssecretaris van Economische Zaken",
         [("minister", False, "minister van Economische Zaken"),
          ("staatssecretaris", False, "staatssecretaris van Economische Zaken")]),
        ("de Ministers van Buitenlandse Zaken, van Defensie en voor Ontwikkelingssamenwerking",
         [("minister", True, "minister van Buitenlandse Zaken"), ("minister", False, "minister van Defensie"),
          ("minister", False, "minister van Ontwikkelingssamenwerking")]),
        # commas inside one ministry's name, and between two whole ones
        ("de Minister van Onderwijs, Cultuur en Wetenschap en de Staatssecretaris van Volksgezondheid, Welzijn en Sport",
         [("minister", False, "minister van Onderwijs, Cultuur en Wetenschap"),
          ("staatssecretaris", False, "staatssecretaris van Volksgezondheid, Welzijn en Sport")]),
        ("de Ministers van Veiligheid en Justitie, Buitenlandse Zaken",
         [("minister", True, "minister van Veiligheid en Justitie"), ("minister", False, "minister van Buitenlandse Zaken")]),
        ("staatsecretaris van Economische Zaken", [("staatssecretaris", False, "staatssecretaris van Economische Zaken")]),
        ("Minister en Staatssecretaris", [("minister", False, None), ("staatssecretaris", False, None)]),
        ("de regering", []),
        # annotations/sources/11602_begroting-koning-2025-rentmeester.txt: one person's two titles, one office
        ("de Minister-President, Minister van Algemene Zaken", [("minister", False, "minister-president")]),
        ("de Minister-President en de Minister van Binnenlandse Zaken",
         [("minister", False, "minister-president"), ("minister", False, "minister van Binnenlandse Zaken")]),
        ("de Minister van 63 en 64 van het ministerie", []),  # no ministry the table can read: no guess
    ],
)
def test_a_printed_list_of_offices_is_read_office_by_office(printed: str, offices: list) -> None:
    assert printed_offices(printed) == offices



def test_misprinted_ministry_is_the_ministry() -> None:
    """annotations/sources/1557_onterecht-verkocht-als-biologisch-skal.txt signs "Minister van Landbouw, Natuur en
    Voedsel Kwaliteit": one ministry, not a new one in the report."""
    assert canonical_ministry("Landbouw, Natuur en Voedsel Kwaliteit") == LNV


def test_the_premier_counts_for_algemene_zaken_though_it_is_not_printed() -> None:
    assert premier_ministry("minister-president") == "Algemene Zaken"
    assert premier_ministry("viceminister-president") is None
    assert premier_ministry("minister") is None
