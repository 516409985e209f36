"""Letter metadata a report groups by: the whole ministry, one name per ministry, real names only."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.letters.metadata import canonical_ministry
from classifier.letters.pairs import read_letter, split_letter

SOURCES = Path(__file__).resolve().parents[1] / "annotations" / "sources"

OPENKAMER = """Kamervraag 2022Z04748

Het ontbreken van een nationaal zwemdiploma

Ingediend 14 maart 2022
Beantwoord 24 juni 2022 (na 102 dagen)
Indiener Michiel van Nispen
Beantwoord door {who}
Onderwerpen onderwijs

Vraag 1
Bent u bekend met het bericht over het zwemonderwijs?

Antwoord 1
Ja, ik ben bekend met dat bericht en ik heb er met de sector over gesproken.
"""


def openkamer(who: str):
    return split_letter(OPENKAMER.format(who=who), "openkamer").meta


@pytest.mark.parametrize(
    ("who", "office", "ministry"),
    [
        (
            "Conny Helder (minister zonder portefeuille volksgezondheid, welzijn en sport) (VVD)",
            "minister zonder portefeuille bij Volksgezondheid, Welzijn en Sport",
            "Volksgezondheid, Welzijn en Sport",
        ),
        (
            "Sander Dekker (staatssecretaris onderwijs, cultuur en wetenschap) (VVD)",
            "staatssecretaris van Onderwijs, Cultuur en Wetenschap",
            "Onderwijs, Cultuur en Wetenschap",
        ),
        (
            "Lodewijk Asscher (viceminister-president , minister sociale zaken en werkgelegenheid) (PvdA)",
            "minister van Sociale Zaken en Werkgelegenheid",
            "Sociale Zaken en Werkgelegenheid",
        ),
        (
            "Wouter Koolmees (minister sociale zaken en werkgelegenheid, viceminister-president ) (D66)",
            "minister van Sociale Zaken en Werkgelegenheid",
            "Sociale Zaken en Werkgelegenheid",
        ),
    ],
)
def test_openkamer_header_keeps_the_whole_ministry(who: str, office: str, ministry: str) -> None:
    meta = openkamer(who)
    assert [(s.name, s.office) for s in meta.signatories] == [(who.split(" (")[0], office)]
    assert meta.ministry == ministry


def test_openkamer_role_without_ministry_is_no_ministry() -> None:
    meta = openkamer("Sophie Hermans (minister , minister ) (VVD)")
    assert [(s.name, s.office) for s in meta.signatories] == [("Sophie Hermans", "minister")]
    assert meta.ministry is None


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Volksgezondheid, Welzijn en Sport", "Volksgezondheid, Welzijn en Sport"),
        ("VWS", "Volksgezondheid, Welzijn en Sport"),
        ("volksgezondheid, welzijn en sport", "Volksgezondheid, Welzijn en Sport"),
        ("Medische Zorg", "Volksgezondheid, Welzijn en Sport"),
        ("Zonder Portefeuille Justitie en Veiligheid", "Justitie en Veiligheid"),
        ("Rechtsbescherming", "Justitie en Veiligheid"),
        ("I&W", "Infrastructuur en Waterstaat"),
        ("Van I&w", "Infrastructuur en Waterstaat"),
        ("Financiƫn", "Financiën"),
        ("Financiën – Fiscaliteit en Belastingdienst", "Financiën"),
        ("DefensieKamervragen en Antwoorden", "Defensie"),
        ("Infrastructuur en Milieu Inzake de Brieven van 22 April 2011", "Infrastructuur en Milieu"),
        ("Buitenlandse Handel en Ontwikkelingssamenwerking", "Buitenlandse Zaken"),
        ("Economische Zaken, Landbouw en Innovatie", "Economische Zaken, Landbouw en Innovatie"),
        ("Economische Zaken en Klimaat", "Economische Zaken en Klimaat"),
        # renamed ministries stay what they were called then
        ("Veiligheid en Justitie", "Veiligheid en Justitie"),
        ("Zonder Portefeuille", None),
        ("63 en 64 van het ministerie dat de vragen beantwoordt", None),
    ],
)
def test_ministry_names_have_one_canonical_form(printed: str, canonical: str | None) -> None:
    assert canonical_ministry(printed) == canonical


def test_brief_van_heading_with_en_inside_the_ministry_is_one_office() -> None:
    letter = read_letter(SOURCES / "1414_uitkeringsfraude-poolse-arbeidsmigranten.txt")
    assert [s.office for s in letter.meta.signatories] == ["minister van Sociale Zaken en Werkgelegenheid"]
    assert letter.meta.ministry == "Sociale Zaken en Werkgelegenheid"


def test_commissions_question_to_a_ministry_with_commas_is_read_whole() -> None:
    letter = read_letter(SOURCES / "13802_lva-jaarverslag-ez-2017-mestafvoer.txt")
    assert letter.meta.ministry == "Landbouw, Natuur en Voedselkwaliteit"


def test_two_roles_on_one_line_and_two_names_in_one_cell_are_two_signatories() -> None:
    letter = read_letter(SOURCES / "5211_ing-miljoenenschikking-om-witwaszaken.txt")
    assert [(s.name, s.office) for s in letter.meta.signatories] == [
        ("W.B. Hoekstra", "minister van Financiën"),
        ("S. Dekker", "minister van Rechtsbescherming"),
    ]
    assert letter.meta.ministry == "Financiën"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("14108_kiesrecht-gedetineerden-2007.txt", "sentence"),  # "van BZK, mede namens …, op de vragen van het lid …"
        ("1019_begroting-szw-2019-bijstand-armoede.txt", "63 en 64"),  # question numbers before "(ministerie van I&W)"
    ],
)
def test_text_that_is_no_name_is_not_a_signatory(source: str, name: str) -> None:
    meta = read_letter(SOURCES / source).meta
    assert all(s.name is None or ("," not in s.name and not any(c.isdigit() for c in s.name)) for s in meta.signatories)
    assert meta.ministry in (None, "Binnenlandse Zaken en Koninkrijksrelaties", "Sociale Zaken en Werkgelegenheid")


def test_indiener_header_name_has_no_leading_colon() -> None:
    meta = read_letter(SOURCES / "10701_registratie-vrijstellingen-vsv.txt").meta
    assert [s.name for s in meta.signatories] == ["Sander Dekker"]
    assert meta.ministry == "Onderwijs, Cultuur en Wetenschap"
