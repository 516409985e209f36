"""Letter metadata a report groups by: the whole ministry, one name per ministry, real names only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from classifier.letters.doctype import detect_doc_type
from classifier.letters.metadata import canonical_ministry, extract_metadata, parse_date
from classifier.letters.pairs import read_letter, split_letter
from classifier.letters.read import document_from_text

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


def test_openkamer_prints_todays_ministry_but_the_letter_gets_the_name_of_its_day() -> None:
    text = OPENKAMER.format(who="Ivo Opstelten (minister justitie en veiligheid) (VVD)").replace("2022", "2013")
    meta = split_letter(text, "openkamer").meta
    assert meta.ministry == "Veiligheid en Justitie"  # letter 11911 (2013)


@pytest.mark.parametrize("printed", ["16 mei 2202", "16 mei\n22025", "3 maart 1899", "1 januari 9999"])
def test_a_date_that_cannot_be_is_no_date(printed: str) -> None:
    assert parse_date(printed) is None


def test_a_misprinted_year_leaves_the_letter_undated_not_in_2202() -> None:
    meta = read_letter(SOURCES / "11201_uitvoering-jeugdbeschermingsmaatregelen.txt").meta  # "(ontvangen 16 mei\n22025)"
    for day in (meta.date, meta.date_received, meta.date_asked):
        assert day is None or 1900 <= day.year <= dt.date.today().year + 1
    assert parse_date("Den Haag, 3 mei 2022") == dt.date(2022, 5, 3)


@pytest.mark.parametrize(
    ("source", "date", "asked", "received"),
    [
        # a lijst: "Deze vragen, alsmede de daarop op 9 juni 2008 gegeven antwoorden" under "Vastgesteld 10 juni 2008"
        ("1001_rekenkamer-jaarverslag-vws-2007.txt", dt.date(2008, 6, 9), None, None),
        ("1011_begroting-verkeer-waterstaat-2007-fes-impuls.txt", dt.date(2006, 10, 18), None, None),  # Vastgesteld
        ("537_certificatie-boeing-737-max-faa.txt", dt.date(2019, 3, 28), dt.date(2019, 3, 19), None),  # "Publicatiedatum:\n28 Maart 2019"
        # "Bij brief van 6 november 2015 zijn ze door de Minister … beantwoord": the day the answers were given
        ("840_begroting-bhos-2016-toegezegde-brieven-juridisch-verplicht.txt", dt.date(2015, 11, 6), None, None),
        # "Antwoord van Minister Van Engelshoven (…), mede namens … (ingezonden 3 mei 2021)"
        ("508_chinese-onderzoekers-delft-leger.txt", dt.date(2021, 5, 3), dt.date(2021, 3, 29), dt.date(2021, 5, 3)),
        ("040_multi-role-tanker-transport-project.txt", None, dt.date(2016, 9, 22), None),  # "werden ingezonden op"
    ],
)
def test_the_dates_a_saved_page_or_a_lijst_prints(source: str, date: dt.date | None, asked: dt.date | None,
                                                  received: dt.date | None) -> None:
    meta = read_letter(SOURCES / source).meta
    assert (meta.date, meta.date_asked, meta.date_received) == (date, asked, received)


def test_an_openkamer_page_has_its_title_on_the_line_under_the_case_number() -> None:
    # "Kamervraag 2015Z14499" then the subject: 942 training letters in this layout had no title
    meta = read_letter(SOURCES / "003_munitietekort-leger.txt").meta
    assert meta.title == "Het beschamende tekort aan munitie bij het Nederlandse leger"


def test_a_publication_date_inside_a_question_or_the_questions_own_header_does_not_date_the_answer() -> None:
    quoted = ("Vragen van het lid Jansen (SP) aan de minister van Defensie (ingezonden 25 mei 2020).\n\n"
              "Vraag 1\nKent u het bericht, gepubliceerd op 20 mei 2020 door de NOS?\n\nAntwoord 1\nJa.\n")
    assert split_letter(quoted).meta.date is None  # the news item's day, five days before the questions
    header = ("Antwoord van staatssecretaris Bussemaker (VWS) op de vragen van het lid Van Velzen (SP) over "
              "thuiszorg (ingezonden 15 februari 2007).\n\nVraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n")
    meta = split_letter(header).meta
    assert (meta.date_asked, meta.date_received) == (dt.date(2007, 2, 15), None)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("10603_china-militaire-technologie.txt", ["Hoekstra", "Schreinemacher", "Ollongren"]),
        ("3102_ontslag-bewindspersonen-ienw-lobbyfunctie.txt", ["Rutte", "Ollongren", "Visser"]),
        ("377_turkse-consul-hizmet-gulen-aangiftes.txt", ["Koenders", "Van der Steur", "Bussemaker", "Dekker"]),
        ("7303_ombudsman-verlies-nederlanderschap.txt", ["Koenders", "van der Steur", "Plasterk"]),
        ("6208_ing-megaschikking-om-witwaszaken.txt", ["Hoekstra", "Dekker", "Grapperhaus"]),  # "mede namens Minister G."
        ("18601_toeslagenaffaire-afwikkeling-jaar.txt", ["Hoekstra", "Van Huffelen"]),  # "… en Antwoord van …"
        ("1663_evacuatie-afghanistan-correspondentie-ambassade.txt", ["Knapen", "Kamp", "Broekers-Knol"]),
    ],
)
def test_every_minister_in_the_answer_header_is_a_signatory(source: str, names: list[str]) -> None:
    assert [s.name for s in read_letter(SOURCES / source).meta.signatories] == names


def test_mede_namens_an_office_without_a_name_is_no_signatory() -> None:
    meta = read_letter(SOURCES / "14812_tekort-marechaussees-schiphol.txt").meta  # "mede namens de Minister van Defensie"
    assert [(s.name, s.office) for s in meta.signatories] == [
        ("Blok", "minister van Veiligheid en Justitie"),
        ("Dijkhoff", "staatssecretaris van Veiligheid en Justitie"),
    ]


@pytest.mark.parametrize(
    ("who", "signatories"),
    [
        ("Kuipers", [("Kuipers", None)]),  # letters 11701, 12103, … of Ernst Kuipers
        ("van der Ch. Wal-Zeggelink", [("van der Ch. Wal-Zeggelink", None)]),
        (
            "Knapen (CDA) , Mark Rutte (minister-president , minister algemene zaken) (VVD)",
            [("Knapen", None), ("Mark Rutte", "minister van Algemene Zaken")],
        ),
    ],
)
def test_openkamer_name_without_a_role_is_still_a_signatory(who: str, signatories: list) -> None:
    assert [(s.name, s.office) for s in openkamer(who).signatories] == signatories


def test_a_copy_signed_w_g_and_a_saved_page_date_are_read() -> None:
    text = ("Schriftelijke antwoorden begroting\n\nBrief regering\n\nNummer: 2014D12345, datum: 2014-10-29, "
            "bijgewerkt: 2024-02-19 10:56, versie: 1\n\nGeachte Voorzitter,\n\nHierbij de antwoorden.\n\n"
            "(w.g.)\tAnna B. de Vries\n\nStaatssecretaris van Economische Zaken\n\n"
            "1. Jansen (SP): Waarom gaat de mestregeling niet omlaag?\n\n"
            "De mestregeling blijft gelijk, zoals in de brief van juni staat.\n")
    meta = split_letter(text, "copy").meta
    assert [(s.name, s.office) for s in meta.signatories] == [("Anna B. de Vries", "staatssecretaris van Economische Zaken")]
    assert meta.ministry == "Economische Zaken"
    assert meta.date == dt.date(2014, 10, 29)


@pytest.mark.parametrize(
    ("people", "signatories"),
    [
        # the page's signers; the committee's chair who signed the verslag is no minister
        ("Gerelateerde personen:- Eerste ondertekenaar: A.B. Jansen, voorzitter van de vaste commissie voor Defensie "
         "(CDA)\n- Mede ondertekenaar: C. de Vries, adjunct-griffier\nOnderdeel van zaak 2020Z12345:\n"
         "- Indiener: D.E. Smit, minister van Defensie\n", [("D.E. Smit", "minister van Defensie")]),
        ("Gerelateerde personen:- Eerste ondertekenaar: D.E. Smit, minister van Defensie (Ooit CDA kamerlid)\n"
         "- Mede ondertekenaar: F. Bos, staatssecretaris van Defensie\n- Indiener: G. Mol, Tweede Kamerlid\n",
         [("D.E. Smit", "minister van Defensie"), ("F. Bos", "staatssecretaris van Defensie")]),
        ("Gerelateerde personen:- Indiener: G. Mol, Tweede Kamerlid\n", []),
    ],
)
def test_a_saved_berthub_page_names_its_signers_when_the_text_does_not(people: str, signatories: list) -> None:
    text = (f"Verslag van een schriftelijk overleg\nNummer: 2020D12345, datum: 2020-06-30, versie: 1\n{people}"
            "Preview document\n\nDe leden van de CDA-fractie vragen of de kazerne openblijft?\n\n"
            "Antwoord\nDe kazerne blijft open tot 2030.\n")
    meta = split_letter(text, "berthub").meta
    assert [(s.name, s.office) for s in meta.signatories] == signatories


@pytest.mark.parametrize(
    ("rows", "signatories"),
    [
        # a name printed without its office is an answerer too
        ("Jan Jansen (CDA) |\n|\nKuipers , Karin de Vries (staatssecretaris binnenlandse zaken en "
         "koninkrijksrelaties) (D66) |\n|\n",
         [("Kuipers", None), ("Karin de Vries", "staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties")]),
        # openkamer prints an asker's later office: the answerers are the last such row before the questions
        ("Anna Smit (NSC), Piet de Boer (minister sociale zaken en werkgelegenheid) (CDA) |\n|\nMona de Wit "
         "(minister volkshuisvesting en ruimtelijke ordening) (BBB) |\n|\n",
         [("Mona de Wit", "minister van Volkshuisvesting en Ruimtelijke Ordening")]),
    ],
    ids=["name-without-office", "asker-with-later-office"],
)
def test_a_listing_reads_its_answerers_from_the_row_before_the_questions(rows: str, signatories: list) -> None:
    text = (f"Het bericht over de apotheek |\n|\n{rows}Bent u bekend met het bericht over de apotheek?\nJa.\n"
            "Waarom is de apotheek gesloten?\nDe apotheek had geen eigen ingang en is verhuisd.\n")
    meta = split_letter(text, "listing").meta
    assert [(s.name, s.office) for s in meta.signatories] == signatories
    if rows.startswith("Jan Jansen"):
        assert meta.askers == ["CDA"]


LETTER = """Ministerie van Volksgezondheid, Welzijn en Sport

Datum 12 maart 2010

{head}

Vraag 1
Bent u bekend met het bericht over de verpleeghuizen?

Antwoord 1
Ja, ik ben bekend met dat bericht en ik heb de inspectie gevraagd het te onderzoeken.

{foot}
"""


def letter_meta(head: str = "", foot: str = ""):
    return split_letter(LETTER.format(head=head, foot=foot), "constructed").meta


@pytest.mark.parametrize(
    ("signature", "office", "name"),
    [
        ("De minister van Binnenlandse Zaken en\nKoninkrijksrelaties,\n\nJ. Jansen",
         "minister van Binnenlandse Zaken en Koninkrijksrelaties", "J. Jansen"),
        ("de Minister van Volksgezondheid,\nWelzijn en Sport,\n\ndr. A. Klink",  # letter 2510
         "minister van Volksgezondheid, Welzijn en Sport", "dr. A. Klink"),
        ("DE MINISTER VAN LANDBOUW, NATUUR EN\nVOEDSELKWALITEIT,\nG. Verburg",  # letter 10204
         "minister van Landbouw, Natuur en Voedselkwaliteit", "G. Verburg"),
    ],
)
def test_an_office_line_that_wraps_is_one_office(signature: str, office: str, name: str) -> None:
    meta = letter_meta(foot=signature)
    assert [(s.office, s.name) for s in meta.signatories] == [(office, name)]


def test_a_line_that_goes_on_after_a_complete_office_is_not_joined_to_it() -> None:
    meta = letter_meta(foot="De minister van Defensie,\nJ. Jansen")
    assert [(s.office, s.name) for s in meta.signatories] == [("minister van Defensie", "J. Jansen")]


def test_signatures_run_into_one_line_are_each_a_signatory() -> None:
    # letters 12602 and 1802: a 1994 Staatscourant text saved with its signatures and print code on one line
    flat = ("De Minister-President, Minister van Algemene Zaken, W. Kok De Minister van Binnenlandse Zaken, "
            "H. F. Dijkstal 414747F ISSN 0921 • 7371 Sdu Uitgeverij Plantijnstraat 's Gravenhage 1994")
    meta = letter_meta(foot=flat)
    assert [(s.office, s.name) for s in meta.signatories] == [
        ("minister-president van Algemene Zaken", "W. Kok"),  # one person's two titles: one signatory
        ("minister van Binnenlandse Zaken", "H. F. Dijkstal"),
    ]
    assert meta.ministry == "Algemene Zaken"
    unhyphenated = letter_meta(foot="De Ministerpresident, Minister van Algemene Zaken, R. F. M. Lubbers")
    assert [(s.office, s.name) for s in unhyphenated.signatories] == [
        ("minister-president van Algemene Zaken", "R. F. M. Lubbers")]


def test_a_role_and_name_on_one_line_is_a_signature_but_not_inside_a_sentence() -> None:
    meta = letter_meta(foot="De Minister van Economische Zaken en Klimaat, M.A.M. Adriaansens")  # letter 345
    assert [(s.office, s.name) for s in meta.signatories] == [
        ("minister van Economische Zaken en Klimaat", "M.A.M. Adriaansens")]
    quoted = "De Minister van Binnenlandse Zaken, R.H.A. Plasterk, heeft de Kamer laten weten dat het niet kan."
    assert all(s.name != "R.H.A. Plasterk" for s in letter_meta(foot=quoted).signatories)


@pytest.mark.parametrize(
    ("source", "office", "name"),
    [
        # https://www.tweedemonitor.nl/kamervraag/2020D27532: "de minister voor Medische Zorg", a blank line,
        # "en Sport,"; the office was read as none and the letter as unsigned
        ("4701_eerder-openen-coffeeshops.txt", "minister voor Medische Zorg en Sport", "Martin van Rijn"),
        # https://studylibnl.com/doc/615468/de-voorzitter-van-de-tweede-kamer-der-staten: "mw." is a title
        ("7006_jodiumpillen-kernramp-2017.txt", "minister van Volksgezondheid, Welzijn en Sport",
         "mw. drs. E.I. Schippers"),
    ],
)
def test_an_office_that_wraps_over_a_blank_line_is_one_office(source: str, office: str, name: str) -> None:
    meta = read_letter(SOURCES / source).meta
    assert [(s.office, s.name) for s in meta.signatories] == [(office, name)]
    assert meta.ministry == "Volksgezondheid, Welzijn en Sport"


@pytest.mark.parametrize(
    ("signature", "signed"),
    [
        # https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?id=2025D22432&did=2025D22432 (20 mei 2025),
        # its two signers side by side as the .docx prints them, one tab between the columns
        ("De Minister van Infrastructuur en Waterstaat,\tDe Staatssecretaris van Infrastructuur en Waterstaat,\n\n"
         "B. Madlener\tCh.A. Jansen",
         [("minister van Infrastructuur en Waterstaat", "B. Madlener"),
          ("staatssecretaris van Infrastructuur en Waterstaat", "Ch.A. Jansen")]),
        # annotations/sources/000_98ccc7fd7b35366f.txt (28 oktober 2025), with a tab for its four spaces: full
        # names, no initials to tell where the second begins
        ("DE MINISTER VAN DEFENSIE\tDE STAATSSECRETARIS VAN DEFENSIE\n\nRuben Brekelmans\tGijs Tuinman",
         [("minister van Defensie", "Ruben Brekelmans"), ("staatssecretaris van Defensie", "Gijs Tuinman")]),
    ],
)
def test_two_signers_side_by_side_a_tab_apart_are_two_signatories(signature: str, signed: list) -> None:
    meta = letter_meta(foot=signature)
    assert [(s.office, s.name) for s in meta.signatories] == signed


DIJKHOFF = """Vragen van het lid Van Nispen (SP) aan de Minister van Veiligheid en Justitie over wachttijden bij het NFI \
(ingezonden 28 september 2015).

{header} (ontvangen 21 oktober 2015).

Vraag 1

Hoe verklaart u het bestaan van wachttijden bij het NFI? Wat vindt u een acceptabele wachttijd?

Mededeling

Hierbij deel ik u mede dat de schriftelijke vragen van het lid Van Nispen (SP) van uw Kamer aan de Minister van \
Veiligheid en Justitie over wachttijden bij het NFI (ingezonden 28 september 2015) niet binnen de gebruikelijke \
termijn kunnen worden beantwoord, aangezien nog niet alle benodigde informatie is ontvangen.
"""
"""https://zoek.officielebekendmakingen.nl/ah-tk-20152016-369.html, shortened: a postponement in the Aanhangsel."""

YESILGOZ = """Vragen van de leden Sneller (D66) en Bromet (GroenLinks) aan alle bewindspersonen over hun openbare agenda \
(ingezonden 28 februari 2022).
Mededeling van Minister Yeşilgöz-Zegerius (Justitie en Veiligheid), mede namens de
Minister voor Rechtsbescherming en de Staatssecretaris van Justitie en Veiligheid
(ontvangen 22 maart 2022).
Vraag 1
Op welke manier is de motie-Sneller/Bromet over de openbare agenda van bewindspersonen
in uw herinnering aan de orde gesteld tijdens het constituerend beraad?
Vraag 2
Bent u bereid deze motie onverkort uit te voeren? Zo nee, waarom niet?
"""
"""https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2022D11204&id=2022Z03848, shortened."""

DE_JONGE = """Vragen van het lid Asscher (PvdA) aan de Minister van Volksgezondheid, Welzijn en Sport over het interview \
met speciaal gezant Sijbesma bij Buitenhof (ingezonden 14 april 2020).

Mededeling van Minister De Jonge (Volksgezondheid, Welzijn en Sport) (ontvangen 15 april 2020).

Vraag 1

Bent u bekend met het interview met de speciaal gezant bij het programma Buitenhof?

Mededeling

De schriftelijke vragen van het lid Asscher (PvdA) aan de Minister van Volksgezondheid, Welzijn en Sport zijn \
beantwoord middels brief «COVID-19 Update stand van zaken» (Kamerstuk 25 295, nr. 249).
"""
"""https://zoek.officielebekendmakingen.nl/ah-tk-20192020-2474.html, shortened: the answer given as a mededeling."""


@pytest.mark.parametrize(
    ("text", "signed", "ministry"),
    [
        (DIJKHOFF.format(header="Mededeling van Staatssecretaris Dijkhoff (Veiligheid en Justitie)"),
         [("Dijkhoff", "staatssecretaris van Veiligheid en Justitie")], "Veiligheid en Justitie"),
        (YESILGOZ, [("Yeşilgöz-Zegerius", "minister van Justitie en Veiligheid")], "Justitie en Veiligheid"),
        (DE_JONGE, [("De Jonge", "minister van Volksgezondheid, Welzijn en Sport")], "Volksgezondheid, Welzijn en Sport"),
        # the same postponement headed by the office alone, as a title prints it: the office, no name
        (DIJKHOFF.format(header="Mededeling van de Staatssecretaris van Veiligheid en Justitie"),
         [(None, "staatssecretaris van Veiligheid en Justitie")], "Veiligheid en Justitie"),
    ],
)
def test_a_mededeling_is_signed_by_the_minister_who_sends_it(text: str, signed: list, ministry: str) -> None:
    document = document_from_text(text, "mededeling")  # the metadata reader alone: a postponement answers nothing
    meta = extract_metadata(document.text.split("\n"), document)
    assert [(s.name, s.office) for s in meta.signatories] == signed
    assert meta.ministry == ministry


def test_a_portfolio_minister_of_2022_2024_counts_for_the_ministry_that_hosted_the_portfolio() -> None:
    # https://berthub.eu/tkconv/get/2023D13777: "Antwoord van Minister De Jonge (Volkshuisvesting en Ruimtelijke
    # Ordening)" in April 2023, when that minister sat at BZK; VRO became a ministry in July 2024
    meta = read_letter(SOURCES / "5705_doelen-sociale-huurwoningen-nijboer.txt").meta
    assert meta.ministry == "Binnenlandse Zaken en Koninkrijksrelaties"
    assert read_letter(SOURCES / "9012_expats-only-short-stay-verhuur.txt").meta.ministry == (
        "Volkshuisvesting en Ruimtelijke Ordening")  # Keijzer, March 2025


LIJST = """Nr. 6 LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 10 juni 2015

De vaste commissie voor Economische Zaken heeft een aantal vragen voorgelegd aan {asked} over het
Jaarverslag Diergezondheidsfonds 2014 (Kamerstuk 34 200 F, nr. 1).

{answered} deze vragen beantwoord bij brief van 9 juni 2015. Vragen en antwoorden zijn hierna afgedrukt.

Vraag 1:
Bevatten de vermelde kosten ook de vergoedingen aan broederijen?

Antwoord:
Nee, die vergoedingen worden in 2015 verantwoord en bedragen circa € 6,5 mln.
"""


@pytest.mark.parametrize(
    ("asked", "answered", "offices"),
    [
        ("de Minister en de Staatssecretaris van Economische Zaken", "De Minister en de Staatssecretaris hebben",
         ["minister van Economische Zaken", "staatssecretaris van Economische Zaken"]),  # letter 12501
        ("de ministers van Binnenlandse Zaken en Koninkrijksrelaties en voor Immigratie, Integratie en Asiel",
         "De ministers hebben",  # letter 2305
         ["minister van Binnenlandse Zaken en Koninkrijksrelaties", "minister van Immigratie, Integratie en Asiel"]),
        ("de Ministers van Veiligheid en Justitie, Buitenlandse Zaken en de Staatssecretaris van Infrastructuur en "
         "Milieu", "De Ministers en Staatssecretaris hebben",  # letter 3009
         ["minister van Veiligheid en Justitie", "minister van Buitenlandse Zaken",
          "staatssecretaris van Infrastructuur en Milieu"]),
        ("de Minister van Defensie", "De Minister en Staatssecretaris hebben",  # as letter 1025: no ministry printed
         ["minister van Defensie", "staatssecretaris"]),  # for the staatssecretaris, who stays a rank
        ("de Minister van Defensie", "De Staatssecretaris van Financiën heeft",
         ["staatssecretaris van Financiën"]),
        ("de regering", "De regering heeft", []),
    ],
)
def test_a_lijst_names_the_offices_that_answered(asked: str, answered: str, offices: list[str]) -> None:
    meta = split_letter(LIJST.format(asked=asked, answered=answered), "lijst").meta
    assert [(s.name, s.office) for s in meta.signatories] == [(None, office) for office in offices]
    first = offices[0].split(" van ", 1)[1] if offices else None
    assert meta.ministry == canonical_ministry(first, dt.date(2015, 6, 9))  # named as on the day it answered


VERSLAG = """12 345 Begroting 2021

Nr. 9 {kind}

Vastgesteld 4 december 2020

{formula}

De voorzitter van de commissie, Jansen

De griffier van de commissie, Pietersen

Vraag 1
Hoeveel kost de regeling in 2021 en hoeveel was geraamd?

Antwoord
De regeling kost in 2021 € 12 miljoen, zoals de begroting raamde.
"""


@pytest.mark.parametrize(
    ("kind", "formula", "offices", "date"),
    [
        # a begroting's lijst: the office and the day in one sentence
        ("VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN",
         "De vragen zijn op 22 september 2020 voorgelegd aan de Minister van Financiën. Bij brief van 25 september "
         "2020 zijn ze door de Minister van Financiën beantwoord.", ["minister van Financiën"], dt.date(2020, 9, 25)),
        # "mede namens" an office names no one who answered
        ("VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN",
         "Bij brief van 1 oktober 2024 zijn ze door de Minister van Defensie, mede namens de Staatssecretaris van "
         "Defensie, beantwoord.", ["minister van Defensie"], dt.date(2024, 10, 1)),
        # a schriftelijk overleg: the offices it was put to, the day it was answered
        ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
         "De vragen en opmerkingen zijn op 18 mei 2016 aan de Minister van Buitenlandse Zaken en de Staatssecretaris "
         "van Defensie voorgelegd. Bij brief van 20 mei 2016 zijn de vragen beantwoord.",
         ["minister van Buitenlandse Zaken", "staatssecretaris van Defensie"], dt.date(2016, 5, 20)),
        # the rank the formula names picks one of the offices addressed
        ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
         "Binnen de vaste commissie bestond de behoefte vragen voor te leggen aan de Minister en de Staatssecretaris "
         "van Economische Zaken over de Landbouwraad. De op 18 maart 2014 toegezonden vragen zijn met de door de "
         "Staatssecretaris bij brief van 21 maart 2014 toegezonden antwoorden hieronder afgedrukt.",
         ["staatssecretaris van Economische Zaken"], dt.date(2014, 3, 21)),
        # a nader schriftelijk overleg of the Eerste Kamer: "De Minister heeft op … gereageerd"
        ("VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG",
         "Naar aanleiding hiervan heeft zij de Minister van Defensie op 10 april 2019 een brief gestuurd. De Minister "
         "heeft op 14 mei 2019 gereageerd.", ["minister van Defensie"], dt.date(2019, 5, 14)),
        # no formula: the verslag's own date, and no office guessed from the committee
        ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", "De vaste commissie voor Defensie heeft vragen gesteld.", [],
         dt.date(2020, 12, 4)),
    ],
)
def test_a_verslag_names_who_answered_and_when_in_its_opening(kind: str, formula: str, offices: list[str],
                                                              date: dt.date) -> None:
    meta = split_letter(VERSLAG.format(kind=kind, formula=formula), "verslag").meta
    assert [(s.name, s.office) for s in meta.signatories] == [(None, office) for office in offices]
    assert meta.ministry == (canonical_ministry(offices[0].split(" van ", 1)[1]) if offices else None)
    assert meta.date == date


@pytest.mark.parametrize(
    ("head", "office", "ministry"),
    [
        # letter 14906: the office alone, under the ministry's letterhead, which the report reads it with
        ("Antwoorden van de minister op Kamervragen van het Kamerlid Koser Kaya over een avondspreekuur.",
         "minister", "Volksgezondheid, Welzijn en Sport"),
        # letter 367: "mede namens" an office names no one who signed
        ("Antwoorden van de minister van Buitenlandse Zaken, mede namens de minister van Defensie, op vragen van "
         "het lid Sjoerdsma (D66) over kernwapens.", "minister van Buitenlandse Zaken", "Buitenlandse Zaken"),
        ("Antwoorden van de Staatssecretaris van Defensie (ontvangen 3 oktober 2022).",
         "staatssecretaris van Defensie", "Defensie"),
    ],
)
def test_an_unsigned_answer_headed_by_an_office_is_that_office(head: str, office: str, ministry: str) -> None:
    meta = letter_meta(head=head)
    assert [(s.name, s.office) for s in meta.signatories] == [(None, office)]
    assert meta.ministry == ministry


# --- document type: from the letter's own heading, not from what its body mentions ---------------------

GLYFOSAAT = """Antwoord op vragen van het lid De Groot over het bericht 'Veel glyfosaat in landbouwgronden'

1
Kent u het bericht 'Veel glyfosaat in landbouwgronden'?

Antwoord
Ja. Ik heb uw Kamer over de uitkomst geïnformeerd in het verslag van een schriftelijk overleg over de
geannoteerde agenda Landbouw- en Visserijraad.
"""


def test_a_kamervragen_answer_that_mentions_a_schriftelijk_overleg_stays_kamervragen() -> None:
    # letter 541: the answer's "verslag van een schriftelijk overleg" made it a schriftelijk overleg
    assert split_letter(GLYFOSAAT, "glyfosaat").meta.doc_type == "kamervragen"


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        # letter 963: "Schriftelijk Overleg" inside an Aanhangsel answer, not its heading
        ("Vragen van het lid Azarkan (DENK) aan de Staatssecretaris van Financiën over de FSV (ingezonden 19 mei"
         " 2021).\n\nAntwoord van Staatssecretaris Van Huffelen (Financiën) (ontvangen 9 juni 2021).\n\nVraag 1\n"
         "Klopt het?\n\nAntwoord 1\nIn de beantwoording van het Schriftelijk Overleg van 22 april meldden we dat.",
         "kamervragen"),
        # letter 6704: an openkamer Kamervraag whose answer announces a nota naar aanleiding van het verslag
        ("Kamervraag 2010Z19270\n\nKabinetsdoelen aanbesteding\n\nVraag 1\nWat zijn de doelen?\n\nAntwoord 1\n"
         "Het kabinet zal hier verder op ingaan bij de nota naar aanleiding van het verslag.", "kamervragen"),
        # letter 12114: a cover letter ("Geachte voorzitter") under the Kamervraag heading of a saved page
        ("Tweedemonitor / Kamervraag / Antwoord op vragen van het lid Wilders over IC-capaciteit\n\nGeachte voorzitter,"
         "\n\nHierbij zend ik u de antwoorden.", "kamervragen"),
        # letter 2809: the schriftelijk overleg's heading comes before the lijst's "heeft deze vragen beantwoord bij brief"
        ("27 858 Gewasbeschermingsbeleid\n\nNr. 267 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVastgesteld 3 juni 2014\n\n"
         "De Staatssecretaris heeft deze vragen beantwoord bij brief van 2 juni 2014.", "schriftelijk_overleg"),
        # letter 3813: a memorie van antwoord that reports the questions "Vragen van de leden van de VVD-fractie"
        ("35 680 Wijziging van de Wet arbeid vreemdelingen\n\nC MEMORIE VAN ANTWOORD\n\nOntvangen 19 juni 2020\n\n"
         "Vragen van de leden van de VVD-fractie\n\nDe leden vragen of de regering dit kan toelichten.",
         "memorie_van_antwoord"),
        # letter 11710: a chamber letter before the heading, and the heading before the cover letter
        ("G NOTA NAAR AANLEIDING VAN HET VERSLAG\n\nOntvangen 2 oktober 2020\n\nHierbij bied ik u de nota aan.",
         "nota_naar_aanleiding_van_verslag"),
        # letter 824: "HERDRUK" between the number and the heading
        ("Nr. 9 HERDRUK1 VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN\n\nVastgesteld 8 november 2017",
         "lijst_vragen_antwoorden"),
        # letter 1027: written answers to a budget debate, grouped under "Vragen van het lid", are a letter
        ("Schriftelijke antwoorden op vragen gesteld tijdens de eerste termijn van de begrotingsbehandeling\n"
         "Brief regering\n\nVragen van het lid Raak, A.A.G.M. van (SP)\n\nVraag:\nIs de minister bereid?",
         "brief"),
        ("Geachte Voorzitter,\n\nHierbij bied ik u de voortgangsrapportage aan.", "brief"),
    ],
)
def test_the_heading_printed_first_names_the_type(text: str, doc_type: str) -> None:
    assert detect_doc_type(text) == doc_type


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        # letter 10213: a cover letter that answers members' questions is Kamervragen, not "brief"
        ("Geachte Voorzitter,\n\nHierbij stuur ik u mijn antwoorden op de vragen van de leden Ormel en Schreijer"
         " over de wolf.", "kamervragen"),
        # letter 15305: the members named over a line break, "Van der" in capitals
        ("Hierbij bied ik u de antwoorden aan op de schriftelijke vragen gesteld door de\nleden Van der Staaij en"
         " De Roon over een Pakistaanse christen.", "kamervragen"),
        # the members of a parliamentary party are a committee's verslag, not Kamervragen
        ("Geachte Voorzitter,\n\nHierbij bied ik u de antwoorden aan op de vragen van de leden van de VVD-fractie.",
         "brief"),
        # letters 12601, 1030, 824: excerpts that lost their heading but print their opening formula
        ("Ontvangen 14 juni 2012\n\nMet belangstelling heb ik kennis genomen van het verslag van de vaste commissie.",
         "nota_naar_aanleiding_van_verslag"),
        ("Met belangstelling heb ik kennisgenomen van het voorlopig verslag van de vaste commissie.",
         "memorie_van_antwoord"),
        ("Vastgesteld 7 juni 2023\n\nDe vaste commissie voor Sociale Zaken en Werkgelegenheid heeft een aantal vragen"
         " voorgelegd aan de Minister.", "lijst_vragen_antwoorden"),
        # letter 006: an excerpt of questions and answers with no heading shows no type
        ("Bent u bekend met de uitspraak van het Strafhof?\nJa.\nHoe beoordeelt u de uitspraak?\nHet Hof is"
         " onafhankelijk.", None),
    ],
)
def test_without_a_heading_the_running_text_names_the_type(text: str, doc_type: str | None) -> None:
    assert detect_doc_type(text) == doc_type


@pytest.mark.parametrize(
    "header",
    [
        "Liane den Haan (GOUD)\n\nKuipers",  # letter 007: an answerer without an office
        "Sarah Dobbe (SP), Jimmy Dijk (SP)\n\nDaniëlle Jansen (NSC), Tjebbe van Oostenbruggen (NSC)",  # 8309
        "Harry van Bommel , Jasper van Dijk\n\nBert Koenders (minister buitenlandse zaken) (PvdA)",  # 016
        "Atzo Nicolaï (VVD), Afke Schaart (VVD)",  # 2101: only the askers
    ],
)
def test_an_openkamer_header_of_askers_and_answerers_is_kamervragen(header: str) -> None:
    text = f"Het bericht over de zorg\n\n{header}\n\nBent u bekend met het bericht?\nJa.\n"
    assert split_letter(text, "openkamer").meta.doc_type == "kamervragen"


@pytest.mark.parametrize(
    "text",
    [
        # letter 10701: a kamerstuk page labels the minister "Indiener(s):"; its heading decides
        "Gepubliceerd: 29 mei 2013\nIndiener(s): Sander Dekker (staatssecretaris onderwijs, cultuur en wetenschap)"
        " (VVD)\n\nNr. 5 NOTA NAAR AANLEIDING VAN HET VERSLAG\n\nOntvangen 29 mei 2013",
        # letter 821: a committee's chair and clerk are no askers and answerers
        "Lijst van vragen\n\nDe fungerend voorzitter van de commissie, Koolmees\nDe griffier van de commissie, Sneep"
        "\nVraag 1\nWat kost het?",
    ],
)
def test_a_labelled_minister_or_a_committee_signature_is_no_openkamer_header(text: str) -> None:
    assert detect_doc_type(text) != "kamervragen"


def test_an_excerpt_whose_first_answer_is_a_word_is_no_openkamer_header() -> None:
    # letter 006 without its question: "Ja." under a title is an answer, not an answering minister
    assert detect_doc_type("Het Strafhof en de Palestijnse gebieden\nJa.\nHoe beoordeelt u de uitspraak?\nGoed.") is None


# --- letters outside the repository (round 2) ---------------------------------------------------

@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("Antwoorddatum: 14 jan. 2010", dt.date(2010, 1, 14)),  # partijvoordedieren.nl, below
        ("AD, 5 sept 2013", dt.date(2013, 9, 5)),  # a footnote's source, annotations/sources/16509_…
        ("De Stentor, 22 mrt 2023", dt.date(2023, 3, 22)),  # annotations/holdout/sources/17410_…
        ("15 okt. 2009", dt.date(2009, 10, 15)),
    ],
)
def test_an_abbreviated_month_is_a_date(printed: str, day: dt.date) -> None:
    assert parse_date(printed) == day


# https://www.partijvoordedieren.nl/vragen/kamervragen-aan-de-ministers-van-lnv-en-vws-over-dekverbod-geiten
DEKVERBOD = """Kamervragen aan de ministers van LNV en VWS over dekverbod geiten


Indiendatum: jan. 2010

Vragen van het lid Thieme (Partij voor de Dieren) aan {addressees} over dekverbod geiten

Indiendatum: jan. 2010
Antwoorddatum: 14 jan. 2010

Geachte Voorzitter,

{sender}zend ik u hierbij de antwoorden op de schriftelijke vragen van het lid Thieme (PvdD) over Q-koorts.

1
Kent u het bericht “Dekverbod voor geiten in 2008 niet overwogen”?

Ja.
"""


@pytest.mark.parametrize(
    ("addressees", "sender", "ministry"),
    [
        # as printed: of the two ministers asked, the one the answers are sent "mede namens" did not answer
        ("de ministers van Landbouw, Natuur en Voedselkwaliteit en van Volksgezondheid, Welzijn en Sport",
         "Mede namens de minister van Volksgezondheid, Welzijn en Sport ", "Landbouw, Natuur en Voedselkwaliteit"),
        ("de minister van Landbouw, Natuur en Voedselkwaliteit", "", "Landbouw, Natuur en Voedselkwaliteit"),
        # two ministers asked and nothing says which answered: the first is it in only 19 of 27 signed letters
        ("de ministers van Landbouw, Natuur en Voedselkwaliteit en van Volksgezondheid, Welzijn en Sport", "", None),
    ],
    ids=["mede-namens", "one-addressee", "two-addressees"],
)
def test_an_unsigned_page_is_dated_by_its_antwoorddatum_and_placed_by_the_minister_asked(
        addressees: str, sender: str, ministry: str | None) -> None:
    meta = split_letter(DEKVERBOD.format(addressees=addressees, sender=sender), "dekverbod").meta
    assert meta.date == dt.date(2010, 1, 14)
    assert meta.signatories == []
    assert meta.ministry == ministry


# https://zoek.officielebekendmakingen.nl/kst-34000-V-10.html: the sentence as printed, without its "zijn"
BEGROTING_BZ = """34 000 V Vaststelling van de begrotingsstaten van het Ministerie van Buitenlandse Zaken (V) voor het jaar 2015

Nr. 10 VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 4 november 2014

De vragen zijn op 9 oktober 2014 voorgelegd aan de Minister van Buitenlandse Zaken. Bij brief van 31 oktober 2014 \
ze door de Minister van Buitenlandse Zaken beantwoord.

De voorzitter van de commissie, Eijsink

1

Kunt u een overzicht geven van de afdrachten aan de multilaterale organisaties en VN-instellingen?

Het overzicht van de afdrachten staat in de bijlage bij de begroting van Buitenlandse Zaken.
"""


def test_a_lijst_whose_answering_sentence_lacks_a_word_still_names_the_day_and_the_office() -> None:
    meta = split_letter(BEGROTING_BZ, "begroting-bz").meta
    assert meta.date == dt.date(2014, 10, 31)  # not the lijst's "Vastgesteld 4 november 2014"
    assert [(s.name, s.office) for s in meta.signatories] == [(None, "minister van Buitenlandse Zaken")]
    assert meta.ministry == "Buitenlandse Zaken"
    assert meta.kamerstuk == "34 000 V, nr. 10"


# https://www.openkamer.org/kamervragen/?page=13: asker, then answerer, each a cell without a label
LISTING = """Het dodelijke bedrijfsongeval van spoorwerker Murat Kumas en het gebrek aan communicatie richting de \
nabestaanden |
|
Ismail El Abassi (DENK) |
|
Thierry Aartsen (VVD) |
|
|
Bent u bekend met het bericht «Spoorwerker Murat (47) zou eigenlijk vrij zijn, maar ging toch werken»?
Ja, daar ben ik bekend mee. Het tragische ongeval heeft diepe sporen nagelaten bij de nabestaanden.
"""


def test_a_listings_answerer_cell_with_only_a_name_and_party_is_the_signatory_not_an_asker() -> None:
    letter = split_letter(LISTING, "listing")
    assert [(s.name, s.office) for s in letter.meta.signatories] == [("Thierry Aartsen", None)]
    assert letter.meta.askers == ["DENK"]
    assert [p.party for p in letter.pairs] == ["DENK"]


def _header_meta(text: str):
    document = document_from_text(text, "header")
    return extract_metadata(document.text.split("\n"), document)


@pytest.mark.parametrize(
    ("text", "kamerstuk"),
    [
        # https://www.openkamer.org/kamervragen/?page=24: the bill a question names is not this letter
        ("Het wetsvoorstel van het lid Ouwehand |\n|\nDoğukan Ergin (DENK) |\n|\nFemke Wiersma (minister landbouw, "
         "visserij, voedselzekerheid en natuur) (BBB) |\n|\nBent u bekend met het wetsvoorstel van het lid Ouwehand "
         "(PvdD) tot wijziging van de Wet dieren (Kamerstuk 36 769)?\nJa.\n", None),
        # https://www.parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vkz5nfz71pzn: the chapter is kept
        ("Tweede Kamer der Staten-Generaal\n\n35 000 VIII\n\nVaststelling van de begrotingsstaten van het Ministerie "
         "van Onderwijs, Cultuur en Wetenschap (VIII) voor het jaar 2019\n\nNr. 190\n\nLIJST VAN VRAGEN EN "
         "ANTWOORDEN\n", "35 000 VIII, nr. 190"),
        # http://parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vl8gopa8jrzf: the monitor's "Kenmerk"
        ("Kerngegevens\n\nDocumentdatum 07-05-2020\nPublicatiedatum 07-05-2020\nNummer KST3399677\n"
         "Kenmerk 33996, nr. 77\nCommissie(s) Justitie en Veiligheid (J&V)\n", "33996, nr. 77"),
        # annotations/sources/309_…: the brief the questions are about has its own number; the lijst is nr. 58
        ("Vaststelling begroting Ministerie van Buitenlandse Zaken 2019\n\nNr. 58\n\nLIJST VAN VRAGEN EN ANTWOORDEN\n\n"
         "De vaste commissie voor Buitenlandse Zaken heeft een aantal vragen voorgelegd aan de Minister van "
         "Buitenlandse Zaken over de brief van 7 december 2018 (Kamerstuk 35 000 V, nr. 51).\n",
         "35 000 V, nr. 58"),
    ],
    ids=["bill-in-a-question", "chapter", "kenmerk", "subject-of-a-lijst"],
)
def test_the_kamerstuk_is_the_letters_own_from_its_header(text: str, kamerstuk: str | None) -> None:
    assert _header_meta(text).kamerstuk == kamerstuk


# annotations/sources/13212_afschot-zwijnen-veluwe-2011.txt (openkamer, Kamervraag 2011Z15175) and
# annotations/sources/18408_wijziging-faillissementswet-insolventiewet.txt (2010Z17204): the page prints the answerer's
# field empty, and the next field under it
EMPTY_ANSWERER = """Kamervraag 2011Z15175

Het wederom grootschalige afschot van zwijnen op de Veluwe

Ingediend 6 juli 2011
Beantwoord 18 juli 2011 (na 12 dagen)
Indiener Marianne Thieme (PvdD)
Beantwoord door
{next_field}
Bron vraag https://zoek.officielebekendmakingen.nl/kv-tk-2011Z15175.html
 • Vraag 1
  Bent u bekend met het plan van provincie Gelderland om dit jaar tweederde van de zwijnen op de Veluwe af te schieten?1

  Ja.
"""


@pytest.mark.parametrize("next_field", ["Onderwerpen dieren landbouw", "Onderwerpen burgerlijk recht recht"])
def test_an_empty_answerer_field_names_nobody(next_field: str) -> None:
    """The topics under an empty "Beantwoord door" were read as the answerer's name: a report by minister
    had a minister "Onderwerpen dieren landbouw"."""
    meta = split_letter(EMPTY_ANSWERER.format(next_field=next_field), "13212").meta
    assert meta.signatories == []
    assert meta.askers == ["PvdD"]


def test_an_empty_indiener_line_does_not_hide_the_askers_header() -> None:
    """A saved page prints "Indiener" under the answering minister's name, with nothing after it
    (annotations/holdout/sources/16909_kweekvlees-niet-proeven.txt): it was read as the askers' header, which
    named no party, and the letter's "Vragen van het lid De Groot (D66)" under it was never read."""
    text = """Antwoord op vragen van het lid De Groot over het artikel ‘Kweekvlees is er! Maar we mogen het niet proeven’

Publicatiedatum:
12 Juni 2018
2018D33076

Bruno Bruins VVD
Indiener


Vragen van het lid De Groot (D66) aan de ministers van Landbouw, Natuur en Voedselkwaliteit en voor Medische Zorg over het artikel «Kweekvlees is er! Maar we mogen het niet proeven» (ingezonden 23 mei 2018).

Antwoord van Minister Bruins (Medische Zorg) mede namens de Minister van Landbouw, Natuur en Voedselkwaliteit, (ontvangen 12 juni 2018).

Vraag 1

Bent u bekend met het artikel «Kweekvlees is er! Maar we mogen het niet proeven»?1

Antwoord 1

Ja.
"""
    letter = split_letter(text, "16909")
    assert letter.meta.askers == ["D66"]
    assert [p.party for p in letter.pairs] == ["D66"]


@pytest.mark.parametrize(("text", "party"), [
    # annotations/sources/14904_lachgas-normalisering-kuik.txt: the ministry's title over its answers
    ("Antwoorden op Kamervragen van het Kamerlid Kuik (CDA) over de normalisering van gebruik van lachgas voor "
     "recreatieve doeleinden . (2017Z18648)\n\n\n1 Heeft u kennisgenomen van het artikel naar aanleiding van het "
     "rapport van het Trimbos-instituut? 1)\nJa.\n", "CDA"),
    # annotations/sources/11705_voedselvoorziening-vitale-infrastructuur.txt: the Aanhangsel misprints "het lid"
    ("Vragen van lid Kathmann (PvdA) aan de Minister van Justitie en Veiligheid over voedselvoorziening als vitale "
     "infrastructuur (ingezonden 14 april 2021).\n\nVraag 1\n\nBent u bekend met het artikel «Oproep na kaashack: "
     "bestempel voedselvoorziening als vitale infrastructuur»?1\n\nAntwoord 1\n\nJa.\n", "PvdA"),
])
def test_a_member_named_without_het_lid_is_the_letters_asker(text: str, party: str) -> None:
    """The askers' header was read only as "Vragen van het lid X (P)": these letters had no asking party, and a
    report by party left their pairs out."""
    letter = split_letter(text, "asker")
    assert letter.meta.askers == [party]
    assert [p.party for p in letter.pairs] == [party]


@pytest.mark.parametrize(
    ("source", "names"),
    [
        # openkamer prints a member sharing the minister's surname beside him: she signed nothing
        ("11610_terugkeer-gedetineerden-pointe-blanche.txt", ["Sander Dekker"]),
        # openkamer prints the asker ("Indiener") as the answerer too
        ("059_beantwoording-vragen-opstelten-vervolging.txt", []),
        ("1504_kamervragen-schaderegeling-derivatendrama-banken.txt", []),
        ("18902_huisartsenpost-limburg-doktersassistenten.txt", []),
    ],
)
def test_a_member_openkamer_lists_as_answerer_is_no_signatory(source: str, names: list[str]) -> None:
    """A report by minister counted "Suzanne Dekker (D66)" for Sander Dekker, and Geert Wilders,
    Mahir Alkaya and Lilianne Ploumen (then a member) as the signers of the questions they asked."""
    assert [s.name for s in read_letter(SOURCES / source).meta.signatories] == names


def test_answerers_printed_without_an_office_stay_when_no_asker_or_namesake() -> None:
    """The mix-ups are told by name, not by a missing office: Knapen signed, and so did
    Judith Tielen (annotations/holdout/sources/17602_uefa-solidariteitsgeld-rusland-oekraine.txt)."""
    meta = openkamer("Suzanne Dekker (D66), Sander Dekker (minister zonder portefeuille veiligheid en justitie) (VVD)")
    assert [s.name for s in meta.signatories] == ["Sander Dekker"]
    assert [s.name for s in openkamer("Michiel van Nispen (SP)").signatories] == []  # the template's Indiener
    meta = openkamer("Judith Tielen (VVD), Caspar Veldkamp (minister sociale zaken en werkgelegenheid) (NSC)")
    assert [s.name for s in meta.signatories] == ["Judith Tielen", "Caspar Veldkamp"]


# --- letters that printed their ministry or date where it was not read (letters 503, 2102, 12204, 13801, 1401) ---


def test_openkamer_name_without_office_gets_the_ministry_of_the_office_held_that_day() -> None:
    """annotations/sources/503_lerarentekort-meldingen.txt: "Beantwoord door Arie Slob (CU)", 5 oktober 2020.

    The office-holder table has Slob as minister voor Basis- en Voortgezet Onderwijs en Media that day: OCW.
    Someone the table has in no office on the day (Van Nieuwenhuizen left I&W on 10 September 2021)
    gets no ministry, and neither does a letter without a date.
    """
    head = OPENKAMER.replace("24 juni 2022 (na 102 dagen)", "5 oktober 2020 (na 19 dagen)")
    assert split_letter(head.format(who="Arie Slob (CU)"), "503").meta.ministry == "Onderwijs, Cultuur en Wetenschap"
    left = head.replace("5 oktober 2020", "22 september 2021").format(who="Cora van Nieuwenhuizen (VVD)")
    assert split_letter(left, "10806").meta.ministry is None
    undated = head.replace("Beantwoord 5 oktober 2020 (na 19 dagen)\n", "").format(who="Arie Slob (CU)")
    assert split_letter(undated, "undated").meta.ministry is None


BIJVOEGSEL = """Noot 1 (zie blz. 973)

BIJVOEGSEL

Schriftelijke antwoorden van de minister en de staatssecretaris van Economische Zaken op vragen gesteld in de eerste termijn van de begrotingsbehandeling van Economische Zaken voor het jaar 2007 (30 800-XIII)

1. De VVD wil een harde toezegging over de liberalisering van de postmarkt per 1 januari 2008.

Ik zal er alles aan doen wat binnen mijn mogelijkheden ligt om de volledige liberalisering van de postmarkt per 1 januari 2008 te realiseren.

2. Is de minister bereid om in te grijpen in de tariefsverhogingen van de monopoliediensten bij de post?

Het toezicht op de tarieven van de post ligt bij de OPTA en daar wil ik niet in treden.
"""


def test_bijvoegsel_names_the_offices_that_answer() -> None:
    """annotations/sources/2102_bijvoegsel-begroting-ez-2007-postmarkt.txt: a Handelingen Bijvoegsel is unsigned."""
    meta = split_letter(BIJVOEGSEL, "2102").meta
    assert [(s.office, s.name) for s in meta.signatories] == [
        ("minister van Economische Zaken", None), ("staatssecretaris van Economische Zaken", None)]
    assert meta.ministry == "Economische Zaken"


JAARVERSLAG = """30 100 VI
Jaarverslag en slotwet van ministerie van Justitie 2004

nr. 6
LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 14 juni 2005

De vaste commissie van Justitie heeft de volgende vragen over het Jaarverslag 2004 van het ministerie van Justitie (30 100 VI, nr. 1). De regering heeft deze vragen beantwoord bij brief van 9 juni 2005. De vragen en antwoorden zijn hieronder afgedrukt.

1
Hoeveel gedetineerden zaten in 2004 in een meerpersoonscel?

In 2004 zaten gemiddeld 1 200 gedetineerden in een meerpersoonscel.
"""


def test_lijst_on_a_ministrys_annual_report_is_answered_by_that_ministry() -> None:
    """annotations/sources/12204_jaarverslag-justitie-2004-homo-emancipatie.txt names Justitie only in its heading.

    A lijst on the Court of Audit's report on a chapter may be answered by the Court: no ministry.
    """
    assert split_letter(JAARVERSLAG, "12204").meta.ministry == "Justitie"
    audit = JAARVERSLAG.replace("Jaarverslag en slotwet", "Rapport van de Algemene Rekenkamer bij het Jaarverslag en slotwet")
    assert split_letter(audit, "audit").meta.ministry is None


TWEEDEMONITOR = """Tweedemonitor / Kamervraag / Antwoord op vragen van het lid Lodders over het bericht ‘Hier heeft Bram geen toekomst’

Keywords:
Zaaknummer: 2019D22455

Geachte Voorzitter,

Hierbij zend ik u de antwoorden op de vragen van het lid Lodders (VVD) over het bericht ‘Hier heeft Bram geen toekomst’.

Carola Schouten

Minister van Landbouw, Natuur en Voedselkwaliteit
2019Z06463

1

Bent u bekend met het bericht ‘Hier heeft Bram geen toekomst’?

Antwoord

Ja.
"""


def test_name_printed_over_the_office_is_the_signatory() -> None:
    """annotations/sources/13801_boeren-emigratie-bram-geen-toekomst.txt: the name, then the office under it."""
    meta = split_letter(TWEEDEMONITOR, "13801").meta
    assert [(s.name, s.office) for s in meta.signatories] == [
        ("Carola Schouten", "minister van Landbouw, Natuur en Voedselkwaliteit")]
    assert meta.ministry == "Landbouw, Natuur en Voedselkwaliteit"


LETTERHEAD = """Antwoorden op kamervragen van Dibi over de wachtlijsten in de jeugdzorg

De Voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018
2500 EA DEN HAAG

12 februari 2009

JZ-K-U-2904520

Hierbij zend ik u de antwoorden op de vragen van het Kamerlid Dibi (GroenLinks) over de wachtlijsten in de jeugdzorg.

1
Hoe lang zijn de wachtlijsten in de jeugdzorg?

De wachtlijsten zijn in 2008 met een derde afgenomen.
"""


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("12 februari 2009", dt.date(2009, 2, 12)),  # letter 1401, under the address block
        ("Kamerstuk, 6 juli 2009", dt.date(2009, 7, 6)),  # letter 14310, rijksoverheid.nl
        ("'s-Gravenhage, 16 februari 2000", dt.date(2000, 2, 16)),  # letter 12105
        ("(ingezonden 22 december 2008)", None),  # the day asked, not the letter's
    ],
)
def test_a_date_on_a_line_of_its_own_in_the_head_is_the_letters_date(printed: str, day: dt.date | None) -> None:
    """annotations/sources/1401_wachtlijsten-jeugdzorg-dibi.txt prints its date only under the address block."""
    assert split_letter(LETTERHEAD.replace("12 februari 2009", printed), "1401").meta.date == day


def test_a_page_line_shaped_like_a_members_row_does_not_hide_the_askers_in_the_title() -> None:
    # letters 6506 and 14504 (tweedekamer.nl pages): "Preview document (🔗 origineel)" has the shape of a row of
    # members with their parties, named none, and the title the ministry puts over its answers was never read
    letter = split_letter(
        "Antwoord schriftelijke vragen\n\nPreview document (🔗 origineel)\n\nDatum 4 april 2025\n\n"
        "Antwoorden op Kamervragen van het lid Jansen (NSC) over het bericht dat supermarkten alcohol dubbel zo "
        "vaak in de aanbieding hebben als vier jaar geleden\n\n"
        "1. Bent u bekend met het onderzoek van Questionmark?\n\nJa.\n\n"
        "2. Wat vindt u van de verdubbeling?\n\nIk vind dat zorgelijk.\n", "6506")
    assert letter.meta.askers == ["NSC"]
    assert [p.party for p in letter.pairs] == ["NSC", "NSC"]


# annotations/sources/1563_lijst-vragen-begroting-lnv-2010-leenplafonds-natuur.txt
LIJST_ANSWERED_BY_LAST = """Vastgesteld 20 oktober 2009
De vaste commissie voor Landbouw, Natuur en Voedselkwaliteit1 belast met het voorbereidende onderzoek van dit voorstel van wet, heeft de eer verslag uit te brengen in de vorm van een lijst van vragen met de daarop gegeven antwoorden.
De op 7 oktober 2009 voorgelegde vragen zijn, bij brief van 19 oktober 2009, beantwoord door de minister van Landbouw, Natuur en Voedselkwaliteit.
Met de vaststelling van het verslag acht de commissie de openbare behandeling van het wetsvoorstel voldoende voorbereid.
Wanneer zijn de leenplafonds voor de natuurorganisaties ingesteld en hoeveel is er tot op heden al geleend door de natuurorganisaties?
De leenplafonds zijn ingesteld in 2004. Tot en met heden is in totaal € 229 400 000 geleend.
"""

# annotations/sources/11602_begroting-koning-2025-rentmeester.txt
LIJST_OF_THE_PREMIER = """36 600 I Vaststelling van de begrotingsstaat van de Koning (I) voor het jaar 2025

Nr. 5 VERSLAG HOUDENDE EEN LIJST VAN VRAGEN EN ANTWOORDEN

Vastgesteld 4 oktober 2024

De vragen zijn op 24 september 2024 voorgelegd aan de Minister-President, Minister van Algemene Zaken. Bij brief van 2 oktober 2024 zijn ze door de Minister-President, Minister van Algemene Zaken beantwoord.

Vraag 1

Is de heer Willems («opperboswachter van kroondomein het Loo») nog steeds in publieke dienst?

Antwoord vraag 1

De heer A.J.H. Willems is tot 15 december rentmeester van Kroondomein het Loo.
"""


@pytest.mark.parametrize(
    ("text", "office", "ministry"),
    [
        (LIJST_ANSWERED_BY_LAST, "minister van Landbouw, Natuur en Voedselkwaliteit", "Landbouw, Natuur en Voedselkwaliteit"),
        (LIJST_OF_THE_PREMIER, "minister-president", "Algemene Zaken"),
    ],
)
def test_a_lijst_counts_for_the_office_its_opening_formula_says_answered(text: str, office: str, ministry: str) -> None:
    meta = split_letter(text, "lijst").meta
    assert [(s.name, s.office) for s in meta.signatories] == [(None, office)]
    assert meta.ministry == ministry


# annotations/holdout/sources/16907_bestuursovereenkomst-grondwaterbeschermingsgebieden.txt
LEAD_WITH_ALSO = """nieuws

Beantwoording vragen stand van zaken uitvoering bestuursovereenkomst grondwaterbeschermingsgebieden

11-12-2018

Minister Schouten (LNV) beantwoordt mede namens minister van Nieuwenhuizen (I&W) de vragen van de vaste commissie voor Landbouw, Natuur en Voedselkwaliteit. Het betreft de brief over de stand van zaken.

1

Bij welke overheid ligt nu de primaire verantwoordelijkheid voor de kwaliteit van het water, bij de Rijksoverheid of bij de provincies?


Antwoord

De primaire verantwoordelijkheid ligt bij de provincie.
"""
# annotations/sources/18302_feitelijke-vragen-deltaprogramma-2018.txt
LEAD_SENDS = """PONT Omgeving

Kamerbrief met beantwoording feitelijke vragen Deltaprogramma en Deltafonds 2018

Minister Van Nieuwenhuizen (Infrastructuur en Waterstaat) stuurt de Tweede Kamer een brief met de beantwoording van de feitelijke vragen over het Deltaprogramma en het Deltafonds 2018.

17 november 2017

Vraag 1

Bent u ervan op de hoogte dat bodemdaling wordt veroorzaakt door menselijk handelen?

Antwoord 1

Ja. Zowel in stedelijk als in landelijk gebied zijn bodembelasting en het grondwaterpeil van cruciaal belang.
"""
# annotations/sources/5202_boek-moordsporen-cold-cases.txt
LEAD_OFFICE = """Doorgaan naar hoofdcontent

Minister beantwoordt vragen over het boek "Moordsporen, op zoek naar de waarheid achter cold cases".

De Minister van Justitie en Veiligheid beantwoordt kamervragen over het boek «Moordsporen, op zoek naar de waarheid achter cold cases» (ingezonden 14 november 2019). 

Vraag 1 Bent u bereid kennis te nemen van het boek «Moordsporen, op zoek naar de waarheid achter cold cases»?
Antwoord 1 Ik ben door mijn ambtenaren over de inhoud van het boek ingelicht.
"""


@pytest.mark.parametrize(
    ("text", "signers", "ministry"),
    [
        (LEAD_WITH_ALSO, [("Schouten", "minister van Landbouw, Natuur en Voedselkwaliteit"),
                          ("van Nieuwenhuizen", "minister van Infrastructuur en Waterstaat")],
         "Landbouw, Natuur en Voedselkwaliteit"),
        (LEAD_SENDS, [("Van Nieuwenhuizen", "minister van Infrastructuur en Waterstaat")], "Infrastructuur en Waterstaat"),
        (LEAD_OFFICE, [(None, "minister van Justitie en Veiligheid")], "Justitie en Veiligheid"),
    ],
)
def test_a_news_pages_lead_names_who_answered(text: str, signers: list, ministry: str) -> None:
    meta = split_letter(text, "lead").meta
    assert [(s.name, s.office) for s in meta.signatories] == signers
    assert meta.ministry == ministry


def test_a_lead_naming_two_ministers_names_both_or_no_one() -> None:
    # annotations/sources/10107_stormloop-grond-zonneparken.txt prints "MZK", no ministry: not half the list either
    lead = LEAD_SENDS.replace("Minister Van Nieuwenhuizen (Infrastructuur en Waterstaat) stuurt",
                              "Minister Wiebes (EZK) en minister Schouten (LNV) beantwoorden de vragen; zij sturen")
    meta = split_letter(lead, "lead").meta
    assert [s.name for s in meta.signatories] == ["Wiebes", "Schouten"]
    assert meta.ministry == "Economische Zaken en Klimaat"
    assert split_letter(lead.replace("(EZK)", "(MZK)"), "lead").meta.signatories == []


# annotations/sources/5308_geheimhouding-agenda-ministerraad-peters-van-gent.txt
PREMIER_MISPRINTED = """Aanhangsel van de Handelingen

Vragen van de leden Peters en Van Gent (beiden GroenLinks) aan de minister president over de geheimhouding van de agenda’s van de ministerraad (ingezonden 16 februari 2012).

Antwoord Minster President Rutte, minister van Algemene Zaken (ontvangen 6 maart 2012).

Vraag 1

Is het bericht waar dat u zich voorneemt om onderwerpen van de agenda van de ministerraad te schrappen?

Antwoord 1

In reactie op vragen vanuit de media heb ik op 10 februari jl. opgemerkt dat het mogelijk is.
"""
# annotations/sources/6812_huisartsen-medische-zorg-uitgeprocedeerde-asielzoekers-menzis.txt
HEADER_WITHOUT_VAN = """Aanhangsel van de Handelingen

Vragen van de leden Gesthuizen en Van Gerven (beiden SP) aan de ministers voor Immigratie en Asiel en van Volksgezondheid, Welzijn en Sport over het bericht dat huisartsen aan de bel trekken (ingezonden 7 november 2011).

Antwoord minister Leers (Immigratie, Integratie en Asiel), mede namens de minister van Volksgezond, Welzijn en Sport (ontvangen 23 december 2011)

Vraag 1

Bent u bekend met het artikel over inhumane opvang en medische zorg van uitgeprocedeerde asielzoekersgezinnen?

Antwoord 1

Ja.
"""


@pytest.mark.parametrize(
    ("text", "signer", "ministry"),
    [
        (PREMIER_MISPRINTED, ("Rutte", "minister-president"), "Algemene Zaken"),
        (HEADER_WITHOUT_VAN, ("Leers", "minister van Immigratie, Integratie en Asiel"),
         "Binnenlandse Zaken en Koninkrijksrelaties"),
    ],
)
def test_an_answer_header_printed_without_van_names_the_signer(text: str, signer: tuple, ministry: str) -> None:
    meta = split_letter(text, "aanhangsel").meta
    assert [(s.name, s.office) for s in meta.signatories] == [signer]
    assert meta.ministry == ministry


def test_a_minister_without_portfolio_counts_for_the_ministry_held_that_day() -> None:
    # annotations/sources/9909_cholera-uitbraak-jemen-karabulut.txt: Ploumen was minister voor BHOS (Buitenlandse Zaken)
    text = OPENKAMER.replace("Ingediend 14 maart 2022\nBeantwoord 24 juni 2022 (na 102 dagen)",
                             "Ingediend 28 juni 2017\nBeantwoord 28 juli 2017 (na 30 dagen)")
    meta = split_letter(text.format(who="Lilianne Ploumen (minister zonder portefeuille ) (PvdA)"), "openkamer").meta
    assert [s.name for s in meta.signatories] == ["Lilianne Ploumen"]
    assert meta.ministry == "Buitenlandse Zaken"
