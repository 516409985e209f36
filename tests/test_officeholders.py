"""The office-holder table: who held an office on a date, and which names are one person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from classifier.cli import run
from classifier.outputs.report import build_report
from classifier.types import LetterMeta, LetterScore, LetterSummary, PairScore, Signatory
from classifier.errors import InputNotFound, OfficeHoldersError
from classifier.letters.officeholders import (
    OfficeHolder,
    OfficeHolders,
    clean_name,
    load_office_holders,
    read_office_holders,
    same_person,
)

MINISTER = "minister van Defensie"
STAS = "staatssecretaris van Defensie"


@pytest.fixture(scope="module")
def table() -> OfficeHolders:
    return load_office_holders()


def who(table: OfficeHolders, office: str | None, day: str, name: str | None = None) -> str:
    return table.resolve(name=name, office=office, day=dt.date.fromisoformat(day)).name


@pytest.mark.parametrize(
    ("office", "day", "expected"),
    [
        (MINISTER, "2022-01-10", "Kajsa Ollongren"),
        (MINISTER, "2024-04-12", "Kajsa Ollongren"),
        (MINISTER, "2024-07-01", "Kajsa Ollongren"),
        (MINISTER, "2024-07-02", "Ruben Brekelmans"),  # hand-over day: the new holder
        (MINISTER, "2026-01-27", "Ruben Brekelmans"),
        (MINISTER, "2026-02-22", "Ruben Brekelmans"),
        (MINISTER, "2026-02-23", "Dilan Yeşilgöz-Zegerius"),
        (MINISTER, "2026-05-21", "Dilan Yeşilgöz-Zegerius"),
        (STAS, "2023-06-01", "Christophe van der Maat"),
        (STAS, "2025-10-28", "Gijs Tuinman"),
        ("DE MINISTER VAN DEFENSIE", "2025-10-28", "Ruben Brekelmans"),
        ("De  minister van defensie", "2023-01-01", "Kajsa Ollongren"),
        ("minister van Justitie en Veiligheid", "2023-01-01", "Dilan Yeşilgöz-Zegerius"),
    ],
)
def test_office_resolves_to_the_holder_on_that_date(table: OfficeHolders, office: str, day: str, expected: str) -> None:
    resolution = table.resolve(name=None, office=office, day=dt.date.fromisoformat(day))
    assert (resolution.name, resolution.how) == (expected, "office_table")


@pytest.mark.parametrize(
    ("office", "day", "why"),
    [
        (MINISTER, "2005-06-01", "no office holder"),  # a Defence term the table lacks (Kamp's, 2002-2007)
        # Tuinman's end date is not in the table (not verified), so after Boswijk took office
        # two rows fit: the report must not pick one.
        (STAS, "2026-03-01", "several office holders fit"),
        # Beljaarts was dismissed on 3 June 2025 and Karremans sworn in on 19 June: Heinen only stood in
        ("minister van Economische Zaken", "2025-06-10", "no office holder"),
        ("minister voor Wonen", "2025-01-01", "no office holder"),
        # Rutte IV had no minister voor Medische Zorg before Dijkstra (Kuipers was minister van VWS)
        ("minister voor Medische Zorg", "2022-06-01", "no office holder"),
    ],
)
def test_office_without_exactly_one_holder_is_naam_onbekend(
    table: OfficeHolders, office: str, day: str, why: str
) -> None:
    resolution = table.resolve(name=None, office=office, day=dt.date.fromisoformat(day))
    assert resolution.how == "unknown"
    assert resolution.name.endswith("(naam onbekend)")
    assert why in resolution.detail


@pytest.mark.parametrize(
    ("office", "day", "expected"),
    [
        # the portfolio was printed with and without "en Sport" by the same people (rijksoverheid.nl, NRC of
        # 20 March 2020; https://www.tweedemonitor.nl/kamervraag/2020D27532 is signed "de minister voor Medische
        # Zorg en Sport, Martin van Rijn")
        ("minister voor Medische Zorg en Sport", "2018-06-26", "Bruno Bruins"),
        ("minister voor Medische Zorg en Sport", "2020-06-01", "Martin van Rijn"),
        ("minister voor Medische Zorg", "2020-07-01", "Martin van Rijn"),
        ("minister voor Medische Zorg", "2020-07-02", "Tamara van Ark"),  # hand-over day
        ("minister voor Medische Zorg", "2020-09-18", "Tamara van Ark"),  # signs kst-35537-3 so
        ("minister van Medische Zorg", "2021-06-08", "Tamara van Ark"),  # letter 4504: a lijst prints "van"
        ("minister voor Medische Zorg en Sport", "2021-06-08", "Tamara van Ark"),
        ("minister voor Medische Zorg", "2024-06-04", "Pia Dijkstra"),  # letter 1014 (kst-36560-XVI-8)
        ("minister voor Primair en Voortgezet Onderwijs", "2023-12-15", "Mariëlle Paul"),  # letter 1004
        ("minister voor Immigratie en Asiel", "2011-01-31", "Gerd Leers"),  # letter 707
        ("minister voor Immigratie, Integratie en Asiel", "2012-06-07", "Gerd Leers"),  # letter 2305
        ("minister voor Ontwikkelingssamenwerking", "2009-12-10", "Bert Koenders"),  # letter 5410 (kst-29521-126)
        ("minister voor Vreemdelingenzaken en Integratie", "2005-06-01", "Rita Verdonk"),
        ("minister voor Jeugd en Gezin", "2009-06-01", "André Rouvoet"),
        ("minister voor Wonen, Wijken en Integratie", "2008-01-01", "Ella Vogelaar"),
        ("minister voor Buitenlandse Handel en Ontwikkelingshulp", "2024-10-04", "Reinette Klever"),  # letter 11814
        ("minister van Asiel en Migratie", "2024-10-24", "Marjolein Faber"),  # letter 1203
    ],
)
def test_a_minister_voor_a_portfolio_resolves_to_its_holder(
    table: OfficeHolders, office: str, day: str, expected: str
) -> None:
    resolution = table.resolve(name=None, office=office, day=dt.date.fromisoformat(day))
    assert (resolution.name, resolution.how) == (expected, "office_table")


def test_unknown_name_keeps_the_office_as_printed_in_letters(table: OfficeHolders) -> None:
    assert who(table, "DE MINISTER VAN DEFENSIE", "2005-06-01") == "minister van Defensie (naam onbekend)"
    assert table.resolve(name=None, office=MINISTER, day=None).name == "minister van Defensie (naam onbekend)"


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("drs. K.H. Ollongren", "Kajsa Ollongren"),
        ("Kajsa Ollongren", "Kajsa Ollongren"),
        ("mr. drs. C.A. van der Maat", "Christophe van der Maat"),
        ("Dilan Yesilgöz", "Dilan Yeşilgöz-Zegerius"),
        ("Dilan Yeşilgöz-Zegerius", "Dilan Yeşilgöz-Zegerius"),
        ("DILAN YESILGOZ-ZEGERIUS", "Dilan Yeşilgöz-Zegerius"),
        ("R. Brekelmans", "Ruben Brekelmans"),
        ("Vincent Karremans", "Vincent Karremans"),
        ("prof. dr. ir. G. Tuinman", "Gijs Tuinman"),
    ],
)
def test_name_variants_are_one_person(table: OfficeHolders, printed: str, canonical: str) -> None:
    assert table.canonical_name(printed) == canonical
    # a printed name wins over the office table, whatever the date says
    assert who(table, STAS, "2026-03-01", name=printed) == canonical


def test_a_bare_surname_is_a_person_only_when_a_row_fits_date_and_office(table: OfficeHolders) -> None:
    # Van der Maat was staatssecretaris of Defence 2022-2024: a bare surname is him then, not later
    assert who(table, STAS, "2023-06-01", name="Van der Maat") == "Christophe van der Maat"
    assert who(table, STAS, "2026-03-01", name="Van der Maat") == "Van der Maat"
    assert table.canonical_name("Van der Maat") is None  # no date: no expansion
    # "Staatssecretaris Rutte (Justitie en Veiligheid)" in 2025 is not the prime minister of 2010-2024 but
    # Arno Rutte, staatssecretaris from 5 September 2025 (letters 14109 and others)
    jv = "staatssecretaris van Justitie en Veiligheid"
    for day in ("2025-09-08", "2025-10-31", "2026-01-06"):
        assert who(table, jv, day, name="Rutte") == "Arno Rutte"
    assert who(table, jv, "2025-06-01", name="Rutte") == "Rutte"  # before Arno Rutte took office
    assert who(table, "minister-president van Algemene Zaken", "2023-09-25", name="Rutte") == "Mark Rutte"
    # in office on the day, but in another office: no expansion either
    assert who(table, jv, "2015-01-01", name="Rutte") == "Rutte"


def test_surnames_shared_by_two_office_holders_are_told_apart_by_date_or_flagged(table: OfficeHolders) -> None:
    pvo, lvvn = "minister voor Primair en Voortgezet Onderwijs", "minister van Landbouw, Visserij, Voedselzekerheid en Natuur"
    assert who(table, pvo, "2022-06-01", name="Wiersma") == "Dennis Wiersma"
    assert who(table, lvvn, "2024-10-01", name="Wiersma") == "Femke Wiersma"
    assert who(table, "minister voor Medische Zorg", "2018-05-01", name="Bruins") == "Bruno Bruins"
    assert who(table, "minister van Onderwijs, Cultuur en Wetenschap", "2024-10-01", name="Bruins") == "Eppo Bruins"
    # neither is in office that day: the plain surname, not "dubbelzinnig" (Dennis Wiersma became staatssecretaris van SZW on 10 August 2021)
    assert who(table, "minister van Defensie", "2010-01-01", name="Wiersma") == "Wiersma"
    assert who(table, "staatssecretaris van Sociale Zaken en Werkgelegenheid", "2021-06-01", name="Wiersma") == "Wiersma"
    # with no date both could be meant: the group says so instead of pooling them under one name
    unclear = table.resolve(name="Wiersma", office=None, day=None).name
    assert unclear.startswith("Wiersma (dubbelzinnig") and "Dennis Wiersma" in unclear and "Femke Wiersma" in unclear
    # both in office on the day and nothing printed to tell them apart
    two = OfficeHolders([*table.rows, OfficeHolder("minister van Defensie", "Anna Wiersma", dt.date(2022, 1, 1), None)])
    assert "dubbelzinnig" in who(two, "minister", "2022-06-01", name="Wiersma")


@pytest.mark.parametrize(
    ("printed", "office", "day", "person"),
    [
        ("Blok", "minister van Buitenlandse Zaken", "2019-01-25", "Stef Blok"),
        ("Stef Blok", "minister van Buitenlandse Zaken", "2019-01-25", "Stef Blok"),
        ("Hennis-Plasschaert", "minister van Defensie", "2015-06-01", "Jeanine Hennis-Plasschaert"),
        (": Eric Wiebes", "minister van Economische Zaken", "2020-09-23", "Eric Wiebes"),
        ("Wiebes", "minister van Economische Zaken en Klimaat", "2020-10-16", "Eric Wiebes"),
        (": Henk Kamp", "minister van Economische Zaken", "2015-11-13", "Henk Kamp"),
        ("Keijzer", "staatssecretaris van Economische Zaken en Klimaat", "2021-06-29", "Mona Keijzer"),
        ("Van Nieuwenhuizen Wijbenga", "minister van Infrastructuur en Waterstaat", "2019-03-01", "Cora van Nieuwenhuizen"),
        ("Bruins Slot", "minister van Binnenlandse Zaken en Koninkrijksrelaties", "2022-06-01", "Hanke Bruins Slot"),
        ("Schultz van Haegen – Maas Geesteranus", "minister van Infrastructuur en Milieu", "2014-01-01",
         "Melanie Schultz van Haegen"),
        ("Dekker", "minister zonder portefeuille bij Justitie en Veiligheid", "2019-01-01", "Sander Dekker"),
        # surnames a review found split from the full name (office None: openkamer printed no role)
        ("Teeven", "staatssecretaris van Veiligheid en Justitie", "2015-02-25", "Fred Teeven"),  # letter 703
        ("Harbers", "staatssecretaris van Justitie en Veiligheid", "2019-02-12", "Mark Harbers"),
        ("Kaag", "minister van Buitenlandse Zaken", "2021-07-09", "Sigrid Kaag"),
        ("Zijlstra", "minister van Buitenlandse Zaken", "2018-01-16", "Halbe Zijlstra"),
        ("Yeşilgöz-Zegerius", "staatssecretaris van Economische Zaken en Klimaat", "2021-11-01", "Dilan Yeşilgöz-Zegerius"),
        ("Wiebes", "staatssecretaris van Financiën", "2014-07-07", "Eric Wiebes"),
        ("Blok", "minister van Veiligheid en Justitie", "2017-06-26", "Stef Blok"),
        ("Schouten", "minister van Armoedebeleid, Participatie en Pensioenen", "2022-12-14", "Carola Schouten"),
        ("van der Ch. Wal-Zeggelink", None, "2023-01-31", "Christianne van der Wal"),
        ("Van Veldhoven-Van der Meer", "staatssecretaris van Infrastructuur en Waterstaat", "2019-03-15",
         "Stientje van Veldhoven"),
        ("Bijleveld-Schouten", "staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties", "2010-04-09",
         "Ank Bijleveld"),
        ("Kuipers", "minister van Volksgezondheid, Welzijn en Sport", "2023-12-21", "Ernst Kuipers"),  # letter 10404
        ("van Veldhoven-van der Meer", "minister van Milieu en Wonen", "2020-03-09", "Stientje van Veldhoven"),  # 9008
    ],
)
def test_spellings_of_one_office_holder_are_one_name(
    table: OfficeHolders, printed: str, office: str | None, day: str, person: str
) -> None:
    assert who(table, office, day, name=printed) == person


def test_people_not_in_the_table_are_spelled_one_way(table: OfficeHolders) -> None:
    day, office = "2020-06-01", "minister van Economische Zaken en Klimaat"
    assert {who(table, office, day, name=n) for n in ("Van ’t Wout", "Van ‘t Wout", "Van 't Wout")} == {"Van 't Wout"}
    assert {who(table, office, day, name=n) for n in ("Van Veldhoven-van der Meer", "Van Veldhoven-Van der Meer")} == {
        "Van Veldhoven-van der Meer"
    }
    assert who(table, office, day, name="Van derSteur") == "Van der Steur"


def test_names_that_differ_in_first_initial_or_surname_are_not_merged(table: OfficeHolders) -> None:
    assert not same_person("J. Ollongren", "Kajsa Ollongren")
    assert not same_person("Maat", "Christophe van der Maat")
    assert not same_person("Zegerius", "Dilan Yeşilgöz-Zegerius")
    assert table.canonical_name("J. Ollongren") is None
    # someone the table does not know is reported as printed, without titles and initials
    assert who(table, MINISTER, "2023-01-01", name="dr. P.B. de Vries") == "De Vries"  # not Aukje de Vries
    assert clean_name("mr. drs. C.A. van der Maat") == "Van der Maat"


def test_user_rows_extend_and_correct_the_bundled_table(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "office,name,from,to\n"
        "staatssecretaris van Defensie,Gijs Tuinman,2024-07-02,2026-02-23\n"
        "minister voor Wonen,Jan Jansen,2025-01-01,\n",
        encoding="utf-8",
    )
    table = load_office_holders([extra])
    # closing Tuinman's term replaces the bundled open-ended row, so Boswijk is the only fit
    assert who(table, STAS, "2026-03-01") == "Derk Boswijk"
    assert who(table, STAS, "2025-10-28") == "Gijs Tuinman"
    assert who(table, "minister voor Wonen", "2025-06-01") == "Jan Jansen"
    assert who(table, MINISTER, "2023-01-01") == "Kajsa Ollongren"  # the rest of the bundle stays


def test_env_variable_replaces_the_bundled_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "own.csv"
    own.write_text("office,name,from,to\nminister van Defensie,Piet Pietersen,2020-01-01,\n", encoding="utf-8")
    monkeypatch.setenv("EVASION_OFFICE_HOLDERS", str(own))
    table = load_office_holders()
    assert who(table, MINISTER, "2023-01-01") == "Piet Pietersen"
    assert table.canonical_name("Kajsa Ollongren") is None


def test_bundled_table_covers_the_seed_signatories(table: OfficeHolders) -> None:
    names = {row.name for row in table.rows}
    for person in (
        "Kajsa Ollongren",
        "Christophe van der Maat",
        "Ruben Brekelmans",
        "Gijs Tuinman",
        "Vincent Karremans",
        "Dilan Yeşilgöz-Zegerius",
        "Derk Boswijk",
    ):
        assert person in names
    # no two Defence rows with known dates overlap: a date never has two ministers
    for office in (MINISTER, STAS):
        closed = sorted((r.start, r.end) for r in table.rows if r.office == office and r.start and r.end)
        for (_, end), (start, _) in zip(closed, closed[1:], strict=False):
            assert end <= start


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("office,name,from\nminister van Defensie,X,2020-01-01\n", "missing to"),
        ("office,name,from,to\nminister van Defensie,X,10-01-2022,\n", "found '10-01-2022'"),
        ("office,name,from,to\nminister van Defensie,X,2024-01-01,2023-01-01\n", "expected 'to' after 'from'"),
        ("office,name,from,to\nminister van Defensie,,2024-01-01,\n", "expected an office and a name"),
    ],
)
def test_bad_table_names_file_line_and_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "holders.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OfficeHoldersError) as info:
        read_office_holders(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    if "missing" not in message:
        assert f"{path}:2:" in str(info.value)


def test_missing_table_is_input_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        read_office_holders(tmp_path / "nope.csv")


def test_cli_bad_office_holders_file_exits_with_its_code_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "holders.csv"
    bad.write_text("office;name;from;to\n", encoding="utf-8")
    out = tmp_path / "report.html"
    code = run(["report", "--store", str(tmp_path / "store.db"), "--office-holders", str(bad), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == OfficeHoldersError.exit_code
    assert str(bad) in err and "expected the columns" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert not (tmp_path / "store.db").exists()


def _scored(letter_id: str, signatory: Signatory, ministry: str | None, day: str) -> LetterScore:
    meta = LetterMeta(letter_id=letter_id, content_hash=letter_id, date=dt.date.fromisoformat(day),
                      signatories=[signatory], ministry=ministry)
    pair = PairScore(question_id="1", question="Vraag?", answer="Antwoord.", label="substantive", score=0.1,
                     probabilities={"substantive": 1.0, "partial": 0.0, "deflecting": 0.0, "confidential": 0.0})
    summary = LetterSummary(pairs=1, per_label={"substantive": 1}, mean_score=0.1, share_evasive=0.0)
    return LetterScore(letter=meta, summary=summary, pairs=[pair], model_version="test")


def test_report_by_ministry_has_one_group_per_ministry(table: OfficeHolders) -> None:
    letters = [
        _scored("helder", Signatory(role="minister zonder portefeuille volksgezondheid, welzijn en sport",
                                    name="Conny Helder",
                                    office="minister zonder portefeuille bij Volksgezondheid, Welzijn en Sport"),
                "Volksgezondheid, Welzijn en Sport", "2022-06-24"),
        _scored("vws", Signatory(role="Minister (VWS)", name="Kuipers", office="minister van VWS"), "VWS", "2022-06-01"),
        _scored("bruins", Signatory(role="Minister (Medische Zorg)", name="Bruins", office="minister voor Medische Zorg"),
                "Medische Zorg", "2018-05-01"),
        _scored("garbled", Signatory(role="De minister", name=None, office="minister"), "Financiƫn", "2012-08-21"),
    ]
    by_ministry = build_report(letters, by="ministry", holders=table)
    assert {g.key: g.letters for g in by_ministry.groups} == {"Volksgezondheid, Welzijn en Sport": 3, "Financiën": 1}
    by_person = build_report(letters, by="minister", holders=table)
    assert {"Conny Helder", "Ernst Kuipers", "Bruno Bruins"} <= {g.key for g in by_person.groups}


def test_a_portfolio_that_became_a_ministry_counts_for_the_ministry_of_its_day(table: OfficeHolders) -> None:
    vro = "minister van Volkshuisvesting en Ruimtelijke Ordening"
    assert table.resolve(name="Hugo de Jonge", office=vro, day=dt.date(2023, 3, 1)).ministry == (
        "Binnenlandse Zaken en Koninkrijksrelaties"
    )
    assert table.resolve(name="Keijzer", office=vro, day=dt.date(2025, 3, 1)).ministry == (
        "Volkshuisvesting en Ruimtelijke Ordening"
    )
    # the portfolio sat at BZK, but its minister was not the minister of BZK
    assert who(table, "minister voor Volkshuisvesting en Ruimtelijke Ordening", "2023-01-01") == "Hugo de Jonge"
    assert who(table, "minister van Binnenlandse Zaken en Koninkrijksrelaties", "2023-01-01") == "Hanke Bruins Slot"


def test_todays_ministry_name_fits_the_office_of_the_letters_day(table: OfficeHolders) -> None:
    jv = "minister van Justitie en Veiligheid"  # how openkamer prints Opstelten's office on 2013 letters
    day = dt.date(2013, 1, 15)
    named = table.resolve(name="Opstelten", office=jv, day=day)
    assert (named.name, named.ministry) == ("Ivo Opstelten", "Veiligheid en Justitie")
    unnamed = table.resolve(name=None, office=jv, day=day)
    assert (unnamed.name, unnamed.how, unnamed.ministry) == ("Ivo Opstelten", "office_table", "Veiligheid en Justitie")
    assert who(table, "minister van Economische Zaken", "2019-06-01", name="Wiebes") == "Eric Wiebes"  # letter 10609
    assert table.resolve(name="Grapperhaus", office=jv, day=dt.date(2019, 1, 1)).ministry == "Justitie en Veiligheid"
    # a portfolio is its own office: "minister voor Rechtsbescherming" is not the minister of Justitie en Veiligheid
    assert who(table, "minister van Justitie en Veiligheid", "2019-06-01") == "Ferdinand Grapperhaus"


def test_a_name_without_an_office_takes_the_office_the_table_gives_it(table: OfficeHolders) -> None:
    kuipers = table.resolve(name="Kuipers", office=None, day=dt.date(2022, 8, 29))  # "Beantwoord door Kuipers"
    assert (kuipers.name, kuipers.ministry) == ("Ernst Kuipers", "Volksgezondheid, Welzijn en Sport")
    assert kuipers.office == "minister van Volksgezondheid, Welzijn en Sport"
    assert table.resolve(name="Kuipers", office=None, day=dt.date(2015, 1, 1)).name == "Kuipers"


def test_a_name_with_only_a_rank_takes_the_office_of_that_rank_the_table_gives_it(table: OfficeHolders) -> None:
    day = dt.date(2020, 12, 31)  # letter 2408: "Beantwoord door Ferdinand Grapperhaus (minister ) (CDA)"
    grapperhaus = table.resolve(name="Ferdinand Grapperhaus", office="minister", day=day)
    assert (grapperhaus.office, grapperhaus.ministry) == ("minister van Justitie en Veiligheid", "Justitie en Veiligheid")
    wrong_rank = table.resolve(name="Ferdinand Grapperhaus", office="staatssecretaris", day=day)
    assert (wrong_rank.office, wrong_rank.ministry) == ("staatssecretaris", None)  # the table's row is a minister's


def test_a_row_without_a_start_names_a_person_but_never_an_office_by_date() -> None:
    table = OfficeHolders([OfficeHolder("minister van Economische Zaken", "Vincent Karremans", None, None)])
    resolution = table.resolve(name=None, office="minister van Economische Zaken", day=dt.date(2025, 8, 28))
    assert (resolution.name, resolution.how) == ("minister van Economische Zaken (naam onbekend)", "unknown")
    assert table.canonical_name("V. Karremans") == "Vincent Karremans"


VWS, BZK = "Volksgezondheid, Welzijn en Sport", "Binnenlandse Zaken en Koninkrijksrelaties"
IENW, JENV = "Infrastructuur en Waterstaat", "Justitie en Veiligheid"


@pytest.mark.parametrize(
    ("printed", "office", "day", "person"),
    [
        # signers of annotations/sources/ the table did not know (letter number and date where one prints it)
        ("Madlener", f"minister van {IENW}", "2024-09-23", "Barry Madlener"),  # 4810
        ("Beljaarts", "minister van Economische Zaken", "2024-09-23", "Dirk Beljaarts"),  # 10605
        ("Agema", f"minister van {VWS}", "2025-06-02", "Fleur Agema"),  # 1905
        ("Jansen", f"staatssecretaris van {IENW}", "2024-09-03", "Chris Jansen"),  # 360
        ("Szabó", f"staatssecretaris van {BZK}", "2025-04-18", "Zsolt Szabó"),  # 11704
        ("Maeijer", f"staatssecretaris van {VWS}", "2025-01-13", "Vicky Maeijer"),  # 6110
        ("Coenradie", f"staatssecretaris van {JENV}", "2024-09-27", "Ingrid Coenradie"),  # 12907
        ("T.H.D. Struycken", f"staatssecretaris van {JENV}", "2024-08-30", "Teun Struycken"),  # 1006
        ("Van Hijum", "minister van Sociale Zaken en Werkgelegenheid", "2024-09-11", "Eddy van Hijum"),  # 3803
        ("Idsinga", "staatssecretaris van Financiën", "2024-11-01", "Folkert Idsinga"),  # 18708
        ("Van Oostenbruggen", "staatssecretaris van Financiën", "2024-12-16", "Tjebbe van Oostenbruggen"),  # 1209
        ("Van Marum", f"staatssecretaris van {BZK}", "2025-05-09", "Eddie van Marum"),  # 525
        ("Rummenie", "staatssecretaris van Landbouw, Visserij, Voedselzekerheid en Natuur", "2025-06-05",
         "Jean Rummenie"),  # 14402
        ("Nobel", "staatssecretaris van Sociale Zaken en Werkgelegenheid", "2025-06-26", "Jurgen Nobel"),  # 10403
        ("Karremans", f"staatssecretaris van {VWS}", "2024-10-22", "Vincent Karremans"),  # 14305
        ("Karremans", "minister van Economische Zaken", "2025-11-24", "Vincent Karremans"),  # 10601
        ("Paul", "staatssecretaris van Onderwijs, Cultuur en Wetenschap", "2025-08-21", "Mariëlle Paul"),  # 12811
        ("Tieman", f"minister van {IENW}", "2025-08-28", "Robert Tieman"),  # 14409
        ("Jansen", f"minister van {VWS}", "2025-08-15", "Daniëlle Jansen"),  # 18907
        ("Aartsen", f"staatssecretaris van {IENW}", "2025-09-23", "Thierry Aartsen"),  # 611
        ("Tielen", f"staatssecretaris van {VWS}", "2025-08-28", "Judith Tielen"),  # 17303
        ("Pouw-Verweij", f"staatssecretaris van {VWS}", "2025-10-21", "Nicki Pouw-Verweij"),  # 4101
        ("Keijzer", "minister van Sociale Zaken en Werkgelegenheid", "2025-09-02", "Mona Keijzer"),  # 3802
        ("Brekelmans", "minister van Buitenlandse Zaken", "2025-09-03", "Ruben Brekelmans"),  # 13307
        ("Van Weel", "minister van Buitenlandse Zaken", "2025-09-24", "David van Weel"),  # 11801
        ("Van Oosten", f"minister van {JENV}", "2025-11-10", "Foort van Oosten"),  # 14203
        (None, "minister van Onderwijs, Cultuur en Wetenschap", "2025-10-01", "Gouke Moes"),
        ("Bruijn", f"minister van {VWS}", "2025-09-26", "Jan Anthonie Bruijn"),  # 1013
        ("De Vries", "staatssecretaris van Buitenlandse Zaken", "2025-12-09", "Aukje de Vries"),  # 5012
        ("Heijnen", "staatssecretaris van Financiën", "2026-01-20", "Eugène Heijnen"),  # 15205
        ("Faber-van de Klashorst", "minister van Asiel en Migratie", "2025-03-04", "Marjolein Faber"),  # 1451
        ("Van Ooijen", f"staatssecretaris van {VWS}", "2022-05-16", "Maarten van Ooijen"),  # 12008
        ("Van ‘t Wout", "staatssecretaris van Sociale Zaken en Werkgelegenheid", "2020-08-24",
         "Bas van 't Wout"),  # 10408
        ("Van ’t Wout", "minister van Economische Zaken en Klimaat", "2021-04-29", "Bas van 't Wout"),  # 504
        ("Wiersma", "staatssecretaris van Sociale Zaken en Werkgelegenheid", "2021-09-02", "Dennis Wiersma"),  # 2201
        ("Van Weyenberg", f"staatssecretaris van {IENW}", "2021-09-22", "Steven van Weyenberg"),  # 9610
        ("Visser", f"minister van {IENW}", "2021-09-08", "Barbara Visser"),  # 3102
        ("Spies", f"minister van {BZK}", "2012-03-16", "Liesbeth Spies"),  # 16808
        (None, "minister van Defensie", "2011-06-01", "Hans Hillen"),
        ("Balkenende", "minister-president van Algemene Zaken", "2003-03-05", "Jan Peter Balkenende"),  # 11601
        ("dr. A. Klink", f"minister van {VWS}", "2009-01-13", "Ab Klink"),  # 14504
        ("Eurlings", "minister van Verkeer en Waterstaat", "2010-05-18", "Camiel Eurlings"),  # 13105
        ("Van Middelkoop", "minister van Defensie", "2010-10-07", "Eimert van Middelkoop"),  # 5408
        ("Van der Hoeven", "minister van Economische Zaken", "2008-10-08", "Maria van der Hoeven"),  # 1502
        ("Verburg", "minister van Landbouw, Natuur en Voedselkwaliteit", "2010-09-23", "Gerda Verburg"),  # 3712
        (None, "minister van Buitenlandse Zaken", "2008-06-01", "Maxime Verhagen"),
        ("E. M. H. Hirsch Ballin", "minister van Justitie", "2007-06-15", "Ernst Hirsch Ballin"),  # 1012
        ("Hirsch Ballin", f"minister van {BZK}", "2010-06-01", "Ernst Hirsch Ballin"),
        ("Mevrouw dr. G. ter Horst", f"minister van {BZK}", "2008-01-15", "Guusje ter Horst"),  # 1455
        ("Bos", "minister van Financiën", "2009-01-26", "Wouter Bos"),  # 359
        (None, "minister van Onderwijs, Cultuur en Wetenschap", "2008-11-13", "Ronald Plasterk"),  # 12205
        ("Huizinga-Heringa", "minister van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer", "2010-07-13",
         "Tineke Huizinga"),
        ("Heemskerk", "staatssecretaris van Economische Zaken", "2008-12-15", "Frank Heemskerk"),  # 6008
        ("Dr. B.R. Bot", "minister van Buitenlandse Zaken", "2005-09-30", "Ben Bot"),  # 5411
        ("Hoogervorst", f"minister van {VWS}", "2005-01-17", "Hans Hoogervorst"),  # 6504
        (None, f"minister van {VWS}", "2006-09-20", "Hans Hoogervorst"),  # kabinet-Balkenende III: still at VWS
        ("Nicolaï", "staatssecretaris voor Europese Zaken", "2004-06-01", "Atzo Nicolaï"),
        ("mr. L.J. Brinkhorst", "minister van Economische Zaken", "2004-06-01", "Laurens Jan Brinkhorst"),
        ("Bomhoff", f"minister van {VWS}", "2002-09-01", "Eduard Bomhoff"),
    ],
)
def test_signers_of_the_letters_resolve_to_the_person_in_office(
    table: OfficeHolders, printed: str | None, office: str, day: str, person: str
) -> None:
    assert who(table, office, day, name=printed) == person


def test_a_printed_first_name_that_is_not_the_tables_is_someone_else(table: OfficeHolders) -> None:
    """openkamer lists "Suzanne Dekker (D66)" beside the minister Sander Dekker
    (annotations/sources/11610_terugkeer-gedetineerden-pointe-blanche.txt, 17 april 2019): her S
    matched his first name's, and the report counted her for him."""
    day = dt.date(2019, 4, 17)
    assert table.canonical_name("Suzanne Dekker", day=day) is None
    assert table.resolve(name="Suzanne Dekker", office=None, day=day).name == "Suzanne Dekker"
    assert not same_person("Suzanne Dekker", "Sander Dekker")
    # an initial, or the first name's short form, still names him (berthub's "S. Dekker"; letter 973's "Ferd")
    assert table.canonical_name("S. Dekker", day=day) == "Sander Dekker"
    assert table.canonical_name("Ferd Grapperhaus") == "Ferdinand Grapperhaus"  # 973_kinderen-jihadstrijder-…


@pytest.mark.parametrize(
    ("printed", "office", "day", "person"),
    [
        # the formal initials these letters print under the office are not the first name's
        ("J. P. H. Donner", "minister van Justitie", dt.date(2005, 11, 18), "Piet Hein Donner"),  # 2304
        ("Drs. A.G. Koenders", "minister voor Ontwikkelingssamenwerking", None, "Bert Koenders"),  # 1652
        ("J.A. Vijlbrief", "staatssecretaris van Financiën - Fiscaliteit en Belastingdienst", None,
         "Hans Vijlbrief"),  # 9812
        ("J. W. E. Spies", f"minister van {BZK}", dt.date(2012, 1, 9), "Liesbeth Spies"),  # 12706
    ],
)
def test_formal_initials_resolve_to_the_person(
    table: OfficeHolders, printed: str, office: str, day: dt.date | None, person: str
) -> None:
    assert table.resolve(name=printed, office=office, day=day).name == person


def test_initials_that_are_neither_first_name_nor_formal_are_someone_else(table: OfficeHolders, tmp_path: Path) -> None:
    """11509_lnv-begroting-2000-maastricht-platteland.txt is signed "G.H. Faber" (Geke Faber, LNV 1998-2002):
    not Marjolein Faber, whose formal initials the table does not give."""
    assert table.canonical_name("G.H. Faber") is None
    path = tmp_path / "holders.csv"
    path.write_text("office,name,from,to,initials\nminister van Justitie,Piet Hein Donner,2003-05-27,2006-09-21,"
                    "J.P.H.\n", encoding="utf-8")
    (row,) = read_office_holders(path)
    assert row.initials == "J.P.H."
    assert OfficeHolders([row]).canonical_name("J.P. Donner") == "Piet Hein Donner"
    assert OfficeHolders([row]).canonical_name("J.H. Donner") is None


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        ("minister-president van Algemene Zaken", "Mark Rutte"),  # 18711_ceo-kan-minister-bellen-…: undated
        (f"staatssecretaris van {JENV}", "Arno Rutte"),
        (None, "Rutte (dubbelzinnig: Arno Rutte / Mark Rutte)"),  # no date, no office: nothing tells them apart
    ],
)
def test_an_undated_surname_is_the_one_person_who_held_that_office(
    table: OfficeHolders, office: str | None, expected: str
) -> None:
    """18711 prints "Rutte" under "De Minister-President, Minister van Algemene Zaken" and no date the
    metadata reads: only Mark Rutte was ever minister-president, yet the group was "dubbelzinnig"."""
    assert table.resolve(name="Rutte", office=office, day=None).name == expected
