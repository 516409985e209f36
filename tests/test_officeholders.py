"""The office-holder table: who held an office on a date, and which names are one person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from classifier.cli import run
from classifier.errors import InputNotFound, OfficeHoldersError
from classifier.letters.officeholders import (
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


def who(table: OfficeHolders, office: str, day: str, name: str | None = None) -> str:
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
        (MINISTER, "2021-06-01", "no office holder"),  # before the table's Defence rows
        # Tuinman's end date is not in the table (not verified), so after Boswijk took office
        # two rows fit: the report must not pick one.
        (STAS, "2026-03-01", "several office holders fit"),
        # Karremans's row has no start date (only his signature of 28 August 2025 is known):
        # it recognises his name but never puts him in office by date.
        ("minister van Economische Zaken", "2025-08-28", "no office holder"),
        ("minister voor Wonen", "2025-01-01", "no office holder"),
    ],
)
def test_office_without_exactly_one_holder_is_naam_onbekend(
    table: OfficeHolders, office: str, day: str, why: str
) -> None:
    resolution = table.resolve(name=None, office=office, day=dt.date.fromisoformat(day))
    assert resolution.how == "unknown"
    assert resolution.name.endswith("(naam onbekend)")
    assert why in resolution.detail


def test_unknown_name_keeps_the_office_as_printed_in_letters(table: OfficeHolders) -> None:
    assert who(table, "DE MINISTER VAN DEFENSIE", "2021-06-01") == "minister van Defensie (naam onbekend)"
    assert table.resolve(name=None, office=MINISTER, day=None).name == "minister van Defensie (naam onbekend)"


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("drs. K.H. Ollongren", "Kajsa Ollongren"),
        ("Kajsa Ollongren", "Kajsa Ollongren"),
        ("mr. drs. C.A. van der Maat", "Christophe van der Maat"),
        ("Van der Maat", "Christophe van der Maat"),
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


def test_names_that_differ_in_first_initial_or_surname_are_not_merged(table: OfficeHolders) -> None:
    assert not same_person("J. Ollongren", "Kajsa Ollongren")
    assert not same_person("Maat", "Christophe van der Maat")
    assert not same_person("Zegerius", "Dilan Yeşilgöz-Zegerius")
    assert table.canonical_name("J. Ollongren") is None
    # someone the table does not know is reported as printed, without titles and initials
    assert who(table, MINISTER, "2023-01-01", name="dr. A.B. de Vries") == "De Vries"
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
