"""Reading letters from files, and cleaning extraction debris without losing the Q/A structure.

Fixtures in tests/fixtures/read/ are excerpts cut from the real seed documents and letters.
Binary and broken inputs are generated in tmp_path, never committed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import matplotlib
import numpy as np
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from classifier import errors
from classifier.letters.clean import clean_text, unwrap
from classifier.letters.read import document_from_text, read_document

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)

FIXTURES = Path(__file__).parent / "fixtures" / "read"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
RUNNING_HEADER = "Eerste Kamer, vergaderjaar 2023–2024, 36 410 X, C"

# Lines the splitter relies on, counted in the raw excerpt and again after cleaning. A leading bullet
# or "- " may be cleaned away; what follows it must stay at the start of a line.
STRUCTURE = {
    "antwoord": re.compile(r"^\s*Antwoord\b"),
    "vraag": re.compile(r"^\s*(?:[•\uf0b7]\s*)?Vraag \d+"),
    "numbered": re.compile(r"^\s*(?:-\s+)?\d+[a-z]?(?:\.|\s[-–])\s+\S"),
}
LIJST_NUMBER = re.compile(r"^\s*\d+(?:\s+[A-Z]\S*|\s*$)")  # "1 Welke ...", or "1" alone on its line
LIJSTEN = {"seed003_excerpt.txt", "letter_038.txt"}  # no footnotes: every numbered line is a question


def _heads(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [" ".join(re.sub(r"^\s*(?:[•\uf0b7]\s*|-\s+)", "", line).split())[:25]
            for line in text.splitlines() if pattern.match(line)]


def _read_fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- cleaning keeps the structure -------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_cleaning_keeps_every_question_and_answer_heading(name: str) -> None:
    raw = _read_fixture(name)
    cleaned = clean_text(raw)
    patterns = dict(STRUCTURE, **({"lijst": LIJST_NUMBER} if name in LIJSTEN else {}))
    found_any = False
    for kind, pattern in patterns.items():
        before = _heads(raw, pattern)
        found_any = found_any or bool(before)
        assert _heads(cleaned, pattern) == before, f"{kind} lines changed in {name}"
    assert found_any, f"{name} has no structure lines: the fixture does not test anything"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_cleaning_twice_changes_nothing(name: str) -> None:
    once = clean_text(_read_fixture(name))
    assert clean_text(once) == once


def test_footnotes_are_removed_with_their_markers() -> None:
    cleaned = clean_text(_read_fixture("seed000_excerpt.txt"))
    for footnote in ("JOIN (2025)120", "Kamerstukken I, 2024-2025, 36741, C, blz. 18", "Samenstelling:",
                     "Marquart Scholtz (BBB)", "peace.fes.de", "Making’ 24 maart 2025"):
        assert footnote not in cleaned
    for text in ("kennisgenomen van uw brief van 28 augustus", "over het Witboek over de",
                 "Ebert Stiftung blijkt", "Ontwikkelingshulp heeft", "wettelijke eisen.” Om welke"):
        assert text in cleaned
    # the question text right after the footnote block is body text, not a footnote continuation
    assert "bijdraagt aan de financiering van de oorlogskas van Rusland" in cleaned
    signed = clean_text("Zie de brief2 van mei.\n\n2 Kamerstuk 36 800, nr. 2.\nKoen Petersen\nVoorzitter")
    assert signed.splitlines()[-2:] == ["Koen Petersen", "Voorzitter"]


def test_footnote_wrapped_over_lines_and_blank_lines_is_removed() -> None:
    cleaned = clean_text(_read_fixture("seed002_excerpt.txt"))
    assert "Kamerstuk 21 501-20" not in cleaned
    assert "januari 2024) en de Kamerbrief Update" not in cleaned
    assert "uiteengezet." not in cleaned
    assert "zijn voor buitenlands beleid. Hoe speelt de regering" in cleaned


def test_superscript_footnotes_and_markers_are_removed() -> None:
    cleaned = clean_text(_read_fixture("seed004_excerpt.txt"))
    assert "tijdelijke-binnengrenscontroles>" not in cleaned
    assert "google.com/url" not in cleaned
    assert "website van de Rijksoverheid. Daarnaast" in cleaned
    assert "steeds verder afneemt." in cleaned and "afneemt.¹" not in cleaned


def test_a_superscript_numbered_footnote_goes_however_it_reads_and_so_do_its_markers() -> None:
    """A raised number is never a question's or a list's, so "¹ Omroep Brabant." under a "¹" is a footnote though
    it names no Kamerstuk and no date; its marker goes after a quote and a "?" too, and after a year when
    footnote 2 exists, while "10⁶" stays: there is no footnote 6."""
    text = ("Vraag 1\nKent u het bericht “Geitenbedrijf mag uitbreiden”¹?\nAntwoord 1\nJa. In 2023² waren er 10⁶ "
            "geiten.\n\n¹ Omroep Brabant.\n² Centraal Bureau voor de Statistiek, Landbouwtelling.\n")
    cleaned = clean_text(text)
    assert "“Geitenbedrijf mag uitbreiden”?\nAntwoord 1\nJa. In 2023 waren er 10⁶ geiten." in cleaned
    assert "Omroep" not in cleaned and "Landbouwtelling" not in cleaned


def test_numbers_glued_to_words_stay_unless_a_footnote_has_that_number() -> None:
    text = ("Vraag 1\nHoeveel F35 en MQ-9 toestellen stoten CO2 uit, volgens de brief2 van mei?\n"
            "Antwoord 1\nDe brief3 noemt 40 m2 en 12 km² per toestel.\n\n3 Kamerstuk 36 800, nr. 3.\n")
    cleaned = clean_text(text)
    for kept in ("F35", "MQ-9", "CO2", "brief2 van", "40 m2", "12 km²"):
        assert kept in cleaned
    assert "De brief noemt" in cleaned
    assert "Kamerstuk 36 800" not in cleaned


def test_numbered_questions_in_a_lijst_are_not_taken_for_footnotes() -> None:
    text = ("1 Welke stukken (Kamerstuk 36 800 X, nr. 3) zijn vertrouwelijk?\n\nGeen.\n\n"
            "2 Kunt u toelichten wat in het Witboek2 staat over\nmunitie?\n\nNee.\n\n"
            "3 Zie antwoord op vraag 1.\n")
    cleaned = clean_text(text)
    assert cleaned.splitlines()[0].startswith("1 Welke stukken (Kamerstuk")
    assert "2 Kunt u toelichten" in cleaned and "Witboek2" in cleaned
    assert "3 Zie antwoord op vraag 1." in cleaned


def test_page_numbers_are_dropped_but_lijst_question_numbers_stay() -> None:
    raw = _read_fixture("seed001_excerpt.txt")
    assert "2" in [line.strip() for line in raw.splitlines()]
    assert "2" not in clean_text(raw).splitlines()
    assert "Pagina 2 van 9" not in clean_text("Antwoord 1\nJa.\nPagina 2 van 9\nVraag 2\n")
    lijst = clean_text(_read_fixture("letter_038.txt")).splitlines()
    assert [line for line in lijst if line.isdigit()] == ["1", "11", "2"]


def test_a_number_in_a_column_of_figures_is_a_table_cell_not_a_page_number() -> None:
    table = "De aantallen voor de schoning:\nVóór schoning\n244.273\n85.350\n6\n329.629\nNa schoning\n133.508\n5\n186.055"
    cleaned = clean_text(table).splitlines()
    assert "6" in cleaned and "5" in cleaned
    assert "7" not in clean_text("De tekst loopt door tot de voet\n7\nvan de pagina.").splitlines()


def test_footnote_marker_cleaning_is_linear_in_the_line_length() -> None:
    """A page flattened into one line of 364 KB once took 30 s: each marker searched the whole line before it."""
    text = "Zie de brief van de minister2 en de nota3 over de kosten. " * 6300
    text += "\n\n2 Kamerstuk 36 800 X, nr. 3\n3 Kamerstuk 36 800 X, nr. 4\n"
    start = time.perf_counter()
    cleaned = clean_text(text)
    assert time.perf_counter() - start < 5
    assert "de minister en de nota over" in cleaned and "minister2" not in cleaned and "Kamerstuk" not in cleaned


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        # a Word footnote converted by pandoc: marker and text inline
        ("Dat bepaalt het percentage.[footnoteRef:1] [1:  Zie Stand van Defensie, p. 35 (Kamerstuk 36 800 X, nr. 3).]",
         "Dat bepaalt het percentage.", "Stand van Defensie"),
        # markdown: "^[1]" in the text, "[1] <url>" as the footnote
        ("Gepubliceerd op de website van de Rijksoverheid^[1]. Daarnaast meer.\n\n[1] <https://www.rijksoverheid.nl/x>",
         "website van de Rijksoverheid. Daarnaast", "rijksoverheid.nl"),
        # a web page: "(1)" after the word and "(1)Krant, datum" or "1) krant, datum" as the footnote
        ("Kent u het artikel ‘Fiasco’(1) en ‘Migraine’?(2)\n(1)Dagblad De Pers, 23 juli 2007\n(2) Dagblad De Pers, 23 juli 2007",
         "Kent u het artikel ‘Fiasco’ en ‘Migraine’?", "Dagblad"),
        ("Wat is uw mening over de opening?(1) Hoe vaak?\n\n1) de Volkskrant, 1 augustus 2007",
         "Wat is uw mening over de opening? Hoe vaak?", "Volkskrant"),
        # the marker after the question mark and a space: "…'? 1)"
        ("Heeft u kennisgenomen van het artikel 'Naar Afrika'? 1)\n\nAntwoord\nJa.\n\n1) NRC Handelsblad, 29 juli 2008",
         "Heeft u kennisgenomen van het artikel 'Naar Afrika'?", "NRC Handelsblad"),
    ],
)
def test_bracketed_and_parenthesised_footnotes_are_removed(text: str, kept: str, gone: str) -> None:
    cleaned = clean_text(text)
    assert kept in cleaned and gone not in cleaned


def test_repeated_letterhead_is_dropped_and_the_first_kept() -> None:
    raw = _read_fixture("seed004_excerpt.txt")
    cleaned = clean_text(raw)
    assert raw.count("MINDEF20260034272") == 2 and cleaned.count("MINDEF20260034272") == 1
    assert raw.count("13 mei 2026") == 2 and cleaned.count("13 mei 2026") == 1
    for first in ("Retouradres Postbus 20701 2500 ES Den Haag", "Datum 21 mei 2026", "MINDEF20260034303",
                  "www.defensie.nl", "Aantal bijlagen\n1\n"):
        assert first in cleaned
    repeated = "Datum 1 mei 2026\nBetreft Vragen\nTekst op pagina een.\nDatum 1 mei 2026\nBetreft Vragen\nMeer tekst."
    assert clean_text(repeated).splitlines() == ["Datum 1 mei 2026", "Betreft Vragen", "Tekst op pagina een.",
                                                 "Meer tekst."]


def test_glyphs_markdown_and_invisible_characters_are_removed() -> None:
    raw = ("> Retouradres Postbus 1\r\n\uf0b7 eerste punt\r\n• Vraag 1\r\n- 1. De regering **benoemt** dit?**\r\n"
           "· derde\u00a0punt met zacht\u00adafbreek\u200bteken\r\n*Bij beantwoording vermelden.*\r\n"
           "- een gewoon streepje blijft\r\n")
    assert clean_text(raw).splitlines() == [
        "Retouradres Postbus 1", "eerste punt", "Vraag 1", "1. De regering benoemt dit?",
        "derde punt met zachtafbreekteken", "Bij beantwoording vermelden.", "- een gewoon streepje blijft"]


def test_a_saved_web_pages_link_menu_is_dropped() -> None:
    raw = ("[overzicht] [activiteiten] [ongeplande activiteiten] [besluiten]\n"
           "[toezeggingen] [stemmingen] [🔍 uitgebreid zoeken] [wat is dit?]\n"
           "Beantwoording vragen\nZie [1] en [2] voor de brieven.")
    assert clean_text(raw).splitlines() == ["Beantwoording vragen", "Zie [1] en [2] voor de brieven."]


def test_column_gaps_stay_as_two_spaces_for_side_by_side_signatures() -> None:
    # a .docx sets its two signers one tab apart (annotations/sources/000_98ccc7fd7b35366f.txt prints four spaces)
    cleaned = clean_text("DE MINISTER VAN DEFENSIE      DE STAATSSECRETARIS VAN DEFENSIE\nRuben Brekelmans\tGijs Tuinman")
    assert cleaned.splitlines() == ["DE MINISTER VAN DEFENSIE  DE STAATSSECRETARIS VAN DEFENSIE",
                                    "Ruben Brekelmans  Gijs Tuinman"]


# --- unwrap -----------------------------------------------------------------------------------

def test_unwrap_joins_a_double_spaced_question_into_one_paragraph() -> None:
    block = ("1. In de brief wordt enkele malen gesproken over het aanpassen van het juridisch kader om de \n\n"
             "inzet van krijgsmachten (beter) mogelijk te maken. Kunt u aangeven in welke van deze juridische\n\n"
             "aanpassingen ook de inzet van manschappen beoogd wordt? \n\n"
             "a) Wat betekent dit voor de cruciale samenwerking met NAVO-partners met een significante  \n\n"
             " defensie-industrie die geen lid zijn van de EU? \n\n"
             "b) Hoe draagt dit een NAVO geïntegreerde benadering van dit vraagstuk? \n")
    assert unwrap(block).split("\n") == [
        "1. In de brief wordt enkele malen gesproken over het aanpassen van het juridisch kader om de inzet van "
        "krijgsmachten (beter) mogelijk te maken. Kunt u aangeven in welke van deze juridische aanpassingen ook "
        "de inzet van manschappen beoogd wordt?",
        "a) Wat betekent dit voor de cruciale samenwerking met NAVO-partners met een significante "
        "defensie-industrie die geen lid zijn van de EU?",
        "b) Hoe draagt dit een NAVO geïntegreerde benadering van dit vraagstuk?"]


def test_unwrap_keeps_paragraph_breaks_and_hyphens() -> None:
    block = ("Het kabinet zet in op schone energie van\neigen bodem en stroom-\nen waterbesparing.\n\n"
             "Hoe worden burgers getraind in basis-\nparaatheidsvaardigheden?\n\n"
             "Vanuit het Actieplan werken\n\n diverse departementen samen.\n- eerste punt\n- tweede\npunt")
    assert unwrap(block).split("\n") == [
        "Het kabinet zet in op schone energie van eigen bodem en stroom- en waterbesparing.",
        "Hoe worden burgers getraind in basis-paraatheidsvaardigheden?",
        "Vanuit het Actieplan werken diverse departementen samen.",
        "- eerste punt",
        "- tweede punt"]


# --- text files -------------------------------------------------------------------------------

TEXT = "Vraag 1\nKost het project € 3 miljoen? Het ministerie’s oordeel over de financiële gevolgen.\n\nAntwoord 1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_files_are_decoded_without_mangling(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"brief_{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = read_document(path)
    assert doc.raw == TEXT
    assert "€ 3 miljoen" in doc.text and "ministerie’s" in doc.text and "financiële" in doc.text
    assert doc.letter_id == f"brief_{encoding}" and doc.format == "txt" and doc.source == str(path)
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_latin1_and_mixed_utf8_cp1252_files_are_decoded(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Vraag 1\nIs de financiële schade geïnventariseerd?\n".encode("latin-1"))
    assert "financiële schade geïnventariseerd" in read_document(latin1).text
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("Vraag 1\nWat kost het in België?\n".encode() + "Antwoord 1\n€ 5, zo’n bedrag.".encode("cp1252"))
    assert "in België?\nAntwoord 1\n€ 5, zo’n bedrag." in read_document(mixed).text


def test_same_file_gives_the_same_document(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(_read_fixture("seed000_excerpt.txt"), encoding="utf-8")
    assert read_document(path) == read_document(path)


def test_document_from_text() -> None:
    doc = document_from_text("• Vraag 1\nWaarom?\nAntwoord 1\nDaarom.", letter_id="x")
    assert (doc.source, doc.letter_id, doc.format) == ("<text>", "x", "text")
    assert doc.text.splitlines()[0] == "Vraag 1" and doc.raw.startswith("• Vraag 1")
    with pytest.raises(errors.EmptyInput):
        document_from_text("  \n 3 \n")


# --- bad input --------------------------------------------------------------------------------

def _assert_error(path: Path, error: type[errors.EvasionError], fragment: str) -> None:
    with pytest.raises(error) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert path.name in str(caught.value)
    assert fragment in str(caught.value).lower()
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    _assert_error(tmp_path / "geen.txt", errors.InputNotFound, "no such file")
    folder = tmp_path / "map.txt"
    folder.mkdir()
    _assert_error(folder, errors.InputNotFound, "directory")


def test_unsupported_extension_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "brief.rtf"
    path.write_text("Vraag 1")
    _assert_error(path, errors.UnsupportedFormat, ".txt, .pdf, .docx")


@pytest.mark.parametrize("content", [b"", b"  \n\t \r\n"])
def test_empty_and_whitespace_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leeg.txt"
    path.write_bytes(content)
    _assert_error(path, errors.EmptyInput, "empty" if not content else "whitespace")


@pytest.mark.parametrize("content", [bytes(range(256)) * 8, b"\x01\x02\x03abc\x04\x05\x06 \x0e\x0f\x10" * 40])
def test_binary_content_in_a_txt_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "plaatje.txt"
    path.write_bytes(content)
    _assert_error(path, errors.NotText, "binary")


def test_too_large_file_fails_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "groot.txt"
    path.write_text("Vraag 1\n" * 200)
    monkeypatch.setenv("EVASION_MAX_INPUT_BYTES", "1000")

    def refuse(self: Path) -> bytes:
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _assert_error(path, errors.InputTooLarge, "1,600 bytes")


# --- PDF and DOCX -----------------------------------------------------------------------------

def _pdf_from_lines(lines: list[str], path: Path) -> Path:
    class Letter(FPDF):
        def header(self) -> None:
            self.set_font("dejavu", size=8)
            for line in (RUNNING_HEADER, "Datum", "12 april 2024"):
                self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("dejavu", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Letter(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("dejavu", size=8)
    for line in lines:
        pdf.multi_cell(0, 10, line.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A multi-page PDF typeset from a seed excerpt, with a running header and page numbers."""
    text = _read_fixture("seed002_excerpt.txt")
    lines = [line for line in text.splitlines() if line.strip()]
    return _pdf_from_lines(lines, tmp_path_factory.mktemp("pdf") / "nota.pdf"), text


def test_pdf_reads_like_the_text_without_header_and_page_numbers(seed_pdf: tuple[Path, str]) -> None:
    path, text = seed_pdf
    doc = read_document(path)
    assert doc.format == "pdf" and doc.letter_id == "nota"
    assert doc.raw.count(RUNNING_HEADER) >= 3  # several pages, header kept in raw
    assert RUNNING_HEADER not in doc.text
    assert doc.text.startswith("Datum\n12 april 2024\n") and doc.text.count("12 april 2024") == 1
    assert not any(line.isdigit() for line in doc.text.splitlines())
    assert doc.text.removeprefix("Datum\n12 april 2024\n").split() == document_from_text(text).text.split()
    assert _heads(doc.text, STRUCTURE["antwoord"]) == _heads(text, STRUCTURE["antwoord"])


def test_encrypted_pdf(seed_pdf: tuple[Path, str], tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(seed_pdf[0]))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    path = tmp_path / "versleuteld.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _assert_error(path, errors.BrokenDocument, "password")


def test_truncated_and_corrupt_pdf(seed_pdf: tuple[Path, str], tmp_path: Path) -> None:
    data = seed_pdf[0].read_bytes()
    truncated = tmp_path / "afgekapt.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    _assert_error(truncated, errors.BrokenDocument, "truncated")
    corrupt = tmp_path / "kapot.pdf"
    corrupt.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    _assert_error(corrupt, errors.BrokenDocument, "cannot be read")
    not_pdf = tmp_path / "nep.pdf"
    not_pdf.write_text("Vraag 1\nIs dit een PDF?\n")
    _assert_error(not_pdf, errors.BrokenDocument, "not a pdf")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    png = tmp_path / "scan.png"
    plt.imsave(png, np.random.default_rng(0).random((60, 80)), cmap="gray")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=10, y=10, w=150)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    _assert_error(path, errors.NoTextLayer, "ocr")


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Vraag 1")
    document.add_paragraph("Hoeveel kost de\u00a0F35 per jaar?")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Antwoord 1"
    table.cell(0, 1).text = "€ 12 miljoen."
    document.add_paragraph("Vraag 2")
    path = tmp_path / "brief.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.format == "docx"
    assert [line for line in doc.text.splitlines() if line] == [
        "Vraag 1", "Hoeveel kost de F35 per jaar?", "Antwoord 1", "€ 12 miljoen.", "Vraag 2"]


def test_files_named_docx_that_are_not_docx(tmp_path: Path) -> None:
    zipped = tmp_path / "archief.docx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("brief.txt", "Vraag 1")
    _assert_error(zipped, errors.BrokenDocument, "not a valid docx")
    text = tmp_path / "tekst.docx"
    text.write_bytes(b"Vraag 1\nWaarom?\n")
    _assert_error(text, errors.BrokenDocument, "not a valid docx")


# --- DOCX tables: every cell is read, a merged cell once ----------------------------------------

INTRO = "Vragen van het lid Jansen (SP) aan de minister van Defensie over munitievoorraden."


def _docx_table(path: Path, rows: list[list[str]], before: tuple[str, ...] = (INTRO,)) -> Path:
    """A Word file (python-docx) with paragraphs `before` and one table; a cell's "\\n" is a line break."""
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def _pairs_of(path: Path) -> list[tuple[str, str, str]]:
    from classifier.letters.pairs import read_letter

    return [(p.question_id, p.question, p.answer) for p in read_letter(path).pairs]


def test_a_docx_table_of_numbered_questions_splits_like_its_text(tmp_path: Path) -> None:
    """30 rows of Nr | Vraag | Antwoord: every cell is read (fresh lxml proxies reuse ids; cells were skipped)."""
    rows = [["Nr", "Vraag", "Antwoord"]] + [
        [str(i), f"Hoeveel geld is in {2000 + i} uitgegeven aan munitie voor eenheid {i}?",
         f"In {2000 + i} is € {i} miljoen uitgegeven aan munitie voor eenheid {i}."] for i in range(1, 31)]
    path = _docx_table(tmp_path / "lijst.docx", rows)
    lines = [INTRO, *(cell for row in rows for cell in row)]
    assert read_document(path).raw.splitlines() == lines  # 94 lines, in reading order
    text = tmp_path / "lijst.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = _pairs_of(path)
    assert len(pairs) == 30 and pairs == _pairs_of(text)
    assert pairs[-1][2].startswith("In 2030 is € 30 miljoen")


def test_a_docx_table_of_vraag_and_antwoord_cells_splits_like_its_text(tmp_path: Path) -> None:
    rows = [[f"Vraag {i}\nWelke voorraad munitie had eenheid {i} op 1 januari 2024?",
             f"Antwoord {i}\nEenheid {i} had op 1 januari 2024 {i * 100} patronen."] for i in range(1, 5)]
    path = _docx_table(tmp_path / "vragen.docx", rows)
    text = tmp_path / "vragen.txt"
    text.write_text("\n".join([INTRO, *(cell for row in rows for cell in row)]) + "\n", encoding="utf-8")
    pairs = _pairs_of(path)
    assert [qid for qid, _, _ in pairs] == ["1", "2", "3", "4"]
    assert pairs == _pairs_of(text)


def test_a_merged_docx_cell_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Kop over twee kolommen"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Twee rijen hoog"
    table.cell(1, 1).text = "rechts boven"
    table.cell(2, 1).text = "rechts onder"
    path = tmp_path / "samengevoegd.docx"
    document.save(str(path))
    assert read_document(path).raw.splitlines() == [
        "Kop over twee kolommen", "Twee rijen hoog", "rechts boven", "rechts onder"]


# --- UTF-16 without a byte-order mark, files that are no regular files --------------------------

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(TEXT.encode(codec))
    assert read_document(path).raw == TEXT


def test_nul_bytes_in_both_places_of_a_pair_are_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "plaatje.txt"
    path.write_bytes(b"\x00\x00\x01\x02" * 200)
    _assert_error(path, errors.NotText, "binary")


def test_a_fifo_is_not_opened_and_not_called_empty(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    path = tmp_path / "pijp.txt"
    os.mkfifo(path)
    _assert_error(path, errors.InputNotFound, "not a regular file but a named pipe")


def test_a_file_that_cannot_be_read_is_not_found_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dicht.txt"
    path.write_text("Vraag 1\nWaarom?\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    _assert_error(path, errors.InputNotFound, "cannot be read: permission denied")


def test_a_footnote_number_glued_to_a_question_mark_is_dropped() -> None:
    """"… schiettraining»?1": no number follows a question mark in a sentence, so it is a footnote marker."""
    from classifier.letters.clean import clean_text

    cleaned = clean_text("Bent u bekend met het bericht «Militairen roepen pang, pang bij schiettraining»?1\nJa.\n")
    assert "schiettraining»?\n" in cleaned + "\n" and "?1" not in cleaned
    assert "Is de score 2?" in clean_text("Is de score 2? Ja.\n")


def test_a_bracketed_footnote_number_after_a_question_mark_is_dropped_when_its_note_was_cut() -> None:
    """"… om advies zou vragen?[3]" (18508; 11112, 5211 and seven more letters of stored web pages): the excerpt
    stops before the notes, so the marker was kept as question text; a number in brackets after a "?" is a note."""
    from classifier.letters.clean import clean_text

    cleaned = clean_text("Kent u het bericht 'ING treft schikking met OM'?[1]\nJa.\n")
    assert "schikking met OM'?\n" in cleaned + "\n" and "[1]" not in cleaned


@pytest.mark.parametrize("markers", ["1 2", "1 2 3 4", "1, 2", "2, 3"])
def test_a_run_of_footnote_markers_after_a_question_mark_is_dropped(markers: str) -> None:
    """"… energieprijzen?1 2 3 4", "… simpel»»?1, 2" (web pages of officielebekendmakingen.nl): the whole run of
    markers goes, not only the first, so the question ends at its "?" and no stray " 2" is left in it."""
    from classifier.letters.pairs import split_letter

    text = (f"Vraag 1\nHerkent u het beeld dat zwembaden in zwaar weer komen door de energieprijzen?{markers}\n\n"
            "Ja.\n\nVraag 2\nBent u bereid de zwembaden te steunen?\n\nNee.\n")
    pairs = split_letter(text, "zwembaden")
    assert pairs.pairs[0].question.endswith("door de energieprijzen?")
    assert [p.answer for p in pairs.pairs] == ["Ja.", "Nee."]


def test_numbers_after_a_question_mark_that_do_not_count_up_are_not_taken_for_markers() -> None:
    """Only a run that counts up by one is a run of footnote markers; "?1 7" may be content."""
    from classifier.letters.clean import clean_text

    assert "? 7" in clean_text("Is het aantal gestegen?1 7\nJa.\n")


# --- PDF pages set in columns -------------------------------------------------------------------

ANSWERS = [
    ("Welke stappen zet de minister om de wachttijden in de jeugdzorg in de komende twee jaar terug te "
     "dringen, en welke middelen zijn daarvoor beschikbaar?",
     "De minister zet in op meer behandelplekken en op betere samenwerking tussen gemeenten en "
     "zorgaanbieders. Daarvoor is in de begroting structureel geld vrijgemaakt."),
    ("Hoeveel kinderen stonden op 1 januari 2024 op een wachtlijst voor specialistische jeugdzorg?",
     "Op 1 januari 2024 stonden ongeveer vierduizend kinderen op een wachtlijst voor specialistische zorg."),
    ("Bent u bereid de Kamer halfjaarlijks te informeren over de ontwikkeling van de wachttijden in de "
     "jeugdzorg per regio?",
     "Ja. De Kamer ontvangt voortaan elk halfjaar een overzicht van de wachttijden per jeugdregio, "
     "samen met de maatregelen die de regio's daartegen nemen."),
    ("Hoe beoordeelt u de rol van de inspectie bij het toezicht op de kwaliteit van de jeugdzorg in de "
     "regio's waar de wachttijden het langst zijn?",
     "De inspectie houdt extra toezicht in die regio's en rapporteert daarover in haar jaarbeeld, dat "
     "ik met een reactie aan uw Kamer zal sturen."),
]


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines of at most `width` mm in the current font, as a typesetter breaks them."""
    lines: list[str] = []
    for word in text.split():
        if lines and pdf.get_string_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _placed_pdf(path: Path, pages: list[list[tuple[float, float, float, str]]]) -> Path:
    """A PDF with each line drawn at (x, y) mm in a font size: a page layout set exactly."""
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    for items in pages:
        pdf.add_page()
        for x, y, size, text in items:
            pdf.set_font("dejavu", size=size)
            pdf.text(x, y, text)
    pdf.output(str(path))
    return path


def _letter_lines(pdf: FPDF, width: float, numbered: bool) -> list[str]:
    pdf.set_font("dejavu", size=9)
    lines = _wrap(pdf, "Antwoord van minister De Jonge (Volksgezondheid) op vragen van het lid Westerveld "
                       "(GroenLinks) over de wachttijden in de jeugdzorg.", width)
    for n, (question, answer) in enumerate(ANSWERS, 1):
        lines += _wrap(pdf, f"{n} {question}" if numbered else question, width)
        lines += [] if numbered else [f"Antwoord {n}"]
        lines += _wrap(pdf, answer, width)
    return lines


def test_a_two_column_page_is_read_column_by_column(tmp_path: Path) -> None:
    """An "Aanhangsel van de Handelingen" page: pdfplumber glued each left line to the right one beside it."""
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    lines = _letter_lines(pdf, 80, numbered=True)
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    page = [(20, 12, 8, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel"), (160, 12, 8, "Kamerstuk 31 839")]
    page += [(20, 30 + 4.5 * i, 9, line) for i, line in enumerate(left)]
    page += [(110, 30 + 4.5 * i, 9, line) for i, line in enumerate(right)]
    page += [(95, 285, 8, "Pagina 1 van 1")]  # centred: it runs across the gutter
    path = _placed_pdf(tmp_path / "aanhangsel.pdf", [page])
    assert read_document(path).raw.splitlines() == [
        "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel Kamerstuk 31 839", *left, *right, "Pagina 1 van 1"]
    pairs = _pairs_of(path)
    assert [qid for qid, _, _ in pairs] == ["1", "2", "3", "4"]
    assert [(q.split()[0], a.split()[-1]) for _, q, a in pairs] == [
        ("Welke", "vrijgemaakt."), ("Hoeveel", "zorg."), ("Bent", "nemen."), ("Hoe", "sturen.")]


def test_a_table_of_descriptions_and_amounts_is_read_row_by_row(tmp_path: Path) -> None:
    """A page that is mostly a "description | amount" table is no pair of columns: read as columns, every
    label came first and every amount after, and nothing tied a figure to its label."""
    rows = [(f"Inhuur gemeente nummer {i} in sociaal domein", f"€ {300 - 11 * i},0 mln") for i in range(24)]
    page = [(20, 20, 9, "De uitgaven van de 24 grootste gemeenten waren in 2023 volgens de Iv3-gegevens:")]
    page += [(20, 30 + 6 * i, 9, label) for i, (label, _) in enumerate(rows)]
    page += [(110, 30 + 6 * i, 9, amount) for i, (_, amount) in enumerate(rows)]
    raw = read_document(_placed_pdf(tmp_path / "tabel.pdf", [page])).raw.splitlines()
    assert raw[1:] == [f"{label} {amount}" for label, amount in rows]


def test_rows_of_figures_at_a_page_break_are_kept_and_the_running_header_dropped(tmp_path: Path) -> None:
    """"2019 1.512" at the foot of one page and "2020 1.634" at the head of the next read alike with their
    digits masked, and were dropped as a running line: the answer lost most of its table."""
    header = (20, 10, 8, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel")
    body = [(20, 30 + 6 * i, 9, f"Regel {i} van de tekst over de uitgaven aan externe inhuur.") for i in range(30)]
    first = [header, *body, (20, 220, 9, "2018 1.401"), (20, 226, 9, "2019 1.512")]
    second = [header, (20, 30, 9, "2020 1.634"), (20, 36, 9, "2021 1.802"), (20, 42, 9, "De stijging is groot.")]
    text = read_document(_placed_pdf(tmp_path / "breuk.pdf", [first, second])).text
    for row in ("2018 1.401", "2019 1.512", "2020 1.634", "2021 1.802"):
        assert row in text
    assert "Aanhangsel" not in text


SIDEBAR = ["Directie Constitutionele Zaken", "Turfmarkt 147", "Den Haag", "Postbus 20011", "2500 EA Den Haag",
           "Ons kenmerk", "2023-0000512345", "Datum", "25 september 2023"]


def test_a_letterhead_sidebar_is_read_once_before_the_body(tmp_path: Path) -> None:
    """Rijksoverheid letters: a narrow column in small type beside the body, on every page; read across,
    its lines landed inside questions and answers."""
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    lines = _letter_lines(pdf, 115, numbered=False)
    sidebar = [(150, 40 + 3.5 * i, 7, line) for i, line in enumerate(SIDEBAR)]
    first, second = lines[:len(lines) // 2], lines[len(lines) // 2:]
    pages = [[*sidebar, *((20, 30 + 4.6 * i, 9, line) for i, line in enumerate(body))] for body in (first, second)]
    path = _placed_pdf(tmp_path / "brief.pdf", pages)
    assert read_document(path).raw.splitlines() == [*SIDEBAR, *first, *second]
    pairs = _pairs_of(path)
    assert [qid for qid, _, _ in pairs] == ["1", "2", "3", "4"]
    assert all(not any(line in q or line in a for line in SIDEBAR) for _, q, a in pairs)


def test_tables_lists_and_short_lines_on_one_column_pages_read_as_before(tmp_path: Path) -> None:
    """Gaps that run down a page without being a gutter: a table of short cells, numbers hanging before a list."""
    import pdfplumber

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=9)
    table = [item for i in range(1, 31) for item in ((20, 20 + 4.5 * i, 9, f"Onderdeel {i}"),
                                                      (110, 20 + 4.5 * i, 9, f"{i * 7} miljoen"))]
    listed = [(20, 20, 9, "Vragen van het lid Westerveld over de jeugdzorg.")]
    y = 25.0
    for n, (question, _) in enumerate(ANSWERS * 3, 1):
        for k, line in enumerate(_wrap(pdf, question, 150)):
            listed += [(20, y, 9, str(n))] if k == 0 else []
            listed.append((30, y, 9, line))
            y += 4.5
    path = _placed_pdf(tmp_path / "tabel.pdf", [table, listed])
    with pdfplumber.open(path) as plumbed:
        as_before = "\n".join(page.extract_text() for page in plumbed.pages)
    assert read_document(path).raw == as_before
    assert "Onderdeel 1 7 miljoen" in as_before.splitlines()


# --- the Aanhangsel van de Handelingen: raised footnote markers, footnotes, the imprint ------------

def _marked_pdf(path: Path, pages: list[list[tuple[float, float, float, str]]], rise: float = 0.35) -> Path:
    """`_placed_pdf`, where "^12" in a line is a footnote marker as a typesetter sets it: in 0.6 of the size,
    raised `rise` of the size, right after what precedes it; "_2" is as small but on the line, "~2" as small and
    lowered, as a chemical formula's subscript, and "|" moves on a point without a space."""
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    for items in pages:
        pdf.add_page()
        for x, y, size, text in items:
            for part in re.split(r"([\^_~]\d+|\|)", text):
                if part == "|":
                    x += 0.35
                    continue
                shift = {"^": rise, "_": 0.0, "~": -0.2}.get(part[:1])
                pdf.set_font("dejavu", size=size if shift is None else 0.6 * size)
                pdf.text(x, y - (shift or 0) * size * 0.3528, part.lstrip("^_~"))  # points to mm
                x += pdf.get_string_width(part.lstrip("^_~"))
    pdf.output(str(path))
    return path


AANHANGSEL_HEAD = [(20, 15, 14, "Tweede Kamer der Staten-Generaal"), (185, 15, 20, "2"),
                   (20, 22, 9, "Vergaderjaar 2023–2024 Aanhangsel van de Handelingen"),
                   (20, 27, 9, "Vragen gesteld door de leden der Kamer, met de daarop door de regering gegeven antwoorden"),
                   (20, 36, 16, "1234"),
                   (20, 45, 9, "Vragen van het lid Westerveld (GroenLinks) aan de Minister over de jeugdzorg "
                               "(ingezonden 1 maart 2024)."),
                   (20, 50, 9, "Antwoord van Minister De Jonge (Volksgezondheid) (ontvangen 2 april 2024).")]
AANHANGSEL_BODY = ["Vraag 1", "Kent u het bericht «Wachten op jeugdzorg»?^1", "Antwoord 1",
                   "Ja. Het rapport^2|van de Inspectie is bekend en ik heb het gelezen^3.", "Vraag 2",
                   "Hoeveel kinderen wachtten er eind 2023 op jeugdzorg?", "Antwoord 2",
                   "Eind 2023^4 waren er 1.200 wachtenden, volgens het CBS. Dat zijn er",
                   "minder dan in 2022 en ik verwacht dat het aantal verder daalt."]
AANHANGSEL_NOTES = ["^1Brabants Dagblad, 2 juli 2023, «Wachten op jeugdzorg: ouders en kinderen vertellen over de",
                    "maanden tussen aanmelding en hulp»",
                    "^2Kamerstuk 31 839, nr. 406.",
                    "^3Inspectie Gezondheidszorg en Jeugd, Jaarbeeld 2023.",
                    "^4Centraal Bureau voor de Statistiek, Jeugdzorg in cijfers."]
AANHANGSEL_FOOT = [(20, 280, 6, "ah-tk-20232024-1234"), (20, 283, 6, "ISSN 0921 - 7398"), (20, 286, 6, "’s-Gravenhage 2024"),
                   (110, 286, 7, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel"), (190, 286, 7, "1")]


def _aanhangsel(body: list[str] = AANHANGSEL_BODY, notes: list[str] = AANHANGSEL_NOTES,
                foot: list[tuple[float, float, float, str]] = AANHANGSEL_FOOT) -> list[tuple[float, float, float, str]]:
    """The first page of an answer printed in the Aanhangsel: masthead, body, footnotes at its foot, imprint."""
    return [*AANHANGSEL_HEAD, *((20, 60 + 4.5 * i, 9, line) for i, line in enumerate(body)),
            *((20, 258 + 3.5 * i, 7, line) for i, line in enumerate(notes)), *foot]


def test_raised_footnote_markers_are_dropped_and_their_footnotes_kept_out_of_the_answers(tmp_path: Path) -> None:
    """A marker set small and raised was read as a plain digit: "rapport2van", "Eind 20234 waren" (a year that is
    none), and the footnotes at the page's foot, each opened by a raised number glued to its text ("3Inspectie
    …"), were read into the last answer."""
    path = _marked_pdf(tmp_path / "ah-tk-20232024-1234.pdf", [_aanhangsel()])
    doc = read_document(path)
    assert "rapport² van" in doc.raw and "Eind 2023⁴ waren" in doc.raw  # the page as printed
    assert "\n¹ Brabants Dagblad, 2 juli 2023, «Wachten op jeugdzorg: ouders" in doc.raw  # a marker apart
    assert "Het rapport van de Inspectie is bekend en ik heb het gelezen." in doc.text
    assert "Eind 2023 waren er 1.200" in doc.text and "«Wachten op jeugdzorg»?\n" in doc.text
    assert not re.search(r"[¹²³⁴]|Dagblad|Jaarbeeld|in cijfers|Kamerstuk|tussen aanmelding", doc.text)
    pairs = _pairs_of(path)
    assert [qid for qid, _, _ in pairs] == ["1", "2"]
    assert pairs[1][2].endswith("verder daalt.")


def test_superscripts_that_point_at_no_footnote_and_lowered_digits_stay(tmp_path: Path) -> None:
    """Only a marker is dropped: "m²" is a unit, "10⁶" a power without a footnote 6; a small "2" on the line
    ("CO2" with a smaller 2) is no superscript."""
    body = ["Vraag 1", "Hoe groot is de nieuwe stal van het bedrijf?", "Antwoord 1",
            "De stal meet 400 m^2 en kost 10^6 euro; hij stoot minder CO_2 uit dan de oude."]
    path = _marked_pdf(tmp_path / "stal.pdf", [[(20, 60 + 4.5 * i, 9, line) for i, line in enumerate(body)]])
    assert "De stal meet 400 m² en kost 10⁶ euro; hij stoot minder CO2 uit dan de oude." in read_document(path).text


def test_a_subscript_set_below_the_line_stays_in_its_word(tmp_path: Path) -> None:
    """A chemical formula's small, lowered digit ("CO₂-uitstoot") landed on a line of its own, which was dropped
    as a page number: the answer read "CO-uitstoot", and a quote in a report with it."""
    body = ["Vraag 1", "Hoeveel CO~2 stootte de centrale in 2023 uit?", "Antwoord 1",
            "De CO~2-uitstoot van de centrale was in 2023 1,2 megaton; de NO~2-uitstoot daalde."]
    path = _marked_pdf(tmp_path / "co2.pdf", [[(20, 60 + 4.5 * i, 9, line) for i, line in enumerate(body)]])
    text = read_document(path).text
    assert "Hoeveel CO2 stootte de centrale in 2023 uit?" in text
    assert "De CO2-uitstoot van de centrale was in 2023 1,2 megaton; de NO2-uitstoot daalde." in text


@pytest.mark.parametrize("foot", [
    AANHANGSEL_FOOT,
    [(20, 284, 6, "ah-tk-20232024-1234 ISSN 0921 - 7398’s-Gravenhage 2024"),
     (110, 290, 7, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1")],
    [(20, 282, 7, "Eerste Kamer, vergaderjaar 2023–2024, 36 410 X, C"), (190, 282, 7, "1"),
     (20, 287, 6, "kst-36410-X-C"), (20, 290, 6, "ISSN 0921 - 7371 ’s-Gravenhage 2024")],
], ids=["stacked", "one-line", "kamerstuk"])
def test_the_imprint_of_a_one_page_answer_stays_out_of_its_last_answer(
        tmp_path: Path, foot: list[tuple[float, float, float, str]]) -> None:
    """One page has no second page to show what recurs at its foot: the identifier, ISSN and place under the last
    answer, and the running line beside them, were read as the end of that answer."""
    path = _marked_pdf(tmp_path / "ah.pdf", [_aanhangsel(notes=[], foot=foot)])
    text = read_document(path).text
    assert not re.search(r"ah-tk|kst-|ISSN|Gravenhage|vergaderjaar 2023–2024,", text)
    assert text.endswith("verder daalt.") and _pairs_of(path)[-1][2].endswith("verder daalt.")


def test_the_first_pages_imprint_does_not_split_an_answer_over_a_page_break(tmp_path: Path) -> None:
    """The imprint is printed on the first page only, so it never recurs: it stood amid the answer that runs on."""
    body = AANHANGSEL_BODY[:-1]
    running = [(110, 286, 7, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel"), (190, 286, 7, "2")]
    second = [(20, 30, 9, "minder dan in 2022 en ik verwacht dat het aantal verder daalt."), *running]
    path = _marked_pdf(tmp_path / "ah.pdf", [_aanhangsel(body=body), second])
    answer = _pairs_of(path)[-1][2]
    assert answer.endswith("Dat zijn er minder dan in 2022 en ik verwacht dat het aantal verder daalt.")
    assert not re.search(r"ah-tk|ISSN|Gravenhage|Aanhangsel|Jeugdzorg in cijfers", answer)


# --- PDF envelopes: padding, leading bytes, scans with a stamp, owner passwords -----------------

@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    lines = ["Vraag 1", "Is de jeugdzorg toegankelijk?", "Antwoord 1", "Ja, voor ieder kind."]
    return _pdf_from_lines(lines, tmp_path_factory.mktemp("klein") / "klein.pdf").read_bytes()


@pytest.mark.parametrize(("before", "after"), [
    (b"", b"\0" * 4096), (b"", b"\n \r\n" * 1024), (b"", b"<html><body>" + b"x" * 3000 + b"</body></html>"),
    (codecs.BOM_UTF8, b""), (b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n", b"")])
def test_a_complete_pdf_with_bytes_around_it_is_read(small_pdf: bytes, tmp_path: Path, before: bytes,
                                                    after: bytes) -> None:
    """Viewers ignore padding after %%EOF and bytes before %PDF- (a download saved with its HTTP header)."""
    plain, wrapped = tmp_path / "plain.pdf", tmp_path / "wrapped.pdf"
    plain.write_bytes(small_pdf)
    wrapped.write_bytes(before + small_pdf + after)
    assert read_document(wrapped).text == read_document(plain).text


def test_a_pdf_cut_inside_a_later_revision_or_with_its_header_far_in_is_refused(small_pdf: bytes,
                                                                                   tmp_path: Path) -> None:
    """Objects after the last %%EOF are a revision cut off, not padding; a header after 1 KB of junk is no PDF."""
    path = tmp_path / "bijgewerkt.pdf"
    path.write_bytes(small_pdf + b"\n12 0 obj\n<< /Type /Page >>\nendobj\n13 0 obj\n<< /Length 3000 >>\nstream\n"
                     + b"x" * 3000)
    _assert_error(path, errors.BrokenDocument, "truncated")
    late = tmp_path / "laat.pdf"
    late.write_bytes(b"<html>" + b"x" * 1100 + small_pdf)
    _assert_error(late, errors.BrokenDocument, "no %pdf- header in its first 1,024 bytes")
    blank = tmp_path / "blanco.pdf"
    blank.write_bytes(b"\n" * 1100 + small_pdf)  # read before: blank lines are skipped
    assert read_document(blank).text.endswith("Ja, voor ieder kind.")


def test_a_scan_with_only_page_numbers_in_its_text_layer_needs_ocr(tmp_path: Path) -> None:
    """A scanner's stamp gave exit 4 ("nothing but page numbers"); it is a scan without a text layer."""
    png = tmp_path / "scan.png"
    plt.imsave(png, np.random.default_rng(0).random((60, 80)), cmap="gray")
    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    for n in (1, 2):
        pdf.add_page()
        pdf.image(str(png), x=10, y=10, w=150)
        pdf.set_font("dejavu", size=8)
        pdf.text(100, 290, f"Pagina {n} van 2")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    _assert_error(path, errors.NoTextLayer, "a scan needs ocr first")


def test_a_pdf_with_an_owner_password_and_no_permissions_is_read(small_pdf: bytes, tmp_path: Path) -> None:
    """/P 0 made pdfminer fail with "'L' format requires 0 <= number <= 4294967295"; viewers open it."""
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(small_pdf)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="eigenaar", permissions_flag=0)
    path = tmp_path / "beveiligd.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert read_document(path).text == read_document(plain).text


# --- DOCX: content controls, tracked changes, list numbers ------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str, text: str | None = None, **attrs: str) -> Any:
    """A WordprocessingML element; a w:t or w:delText keeps its spaces."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    if text is not None:
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element


def _run(text: str, deleted: bool = False) -> Any:
    run = _w("r")
    run.append(_w("delText" if deleted else "t", text))
    return run


def test_docx_text_in_content_controls_and_tracked_insertions_is_read(tmp_path: Path) -> None:
    """Both were dropped: a body inside a content control gave "no question–answer pairs"."""
    document = docx.Document()
    document.add_paragraph("Vraag 1")
    block = _w("sdt")
    block.append(_w("sdtPr"))
    content = _w("sdtContent")
    block.append(content)
    for text in ("Is de jeugdzorg toegankelijk?", "Antwoord 1"):
        content.append(document.add_paragraph(text)._p)
    document.element.body.insert(len(document.element.body) - 1, block)  # before w:sectPr
    answer = document.add_paragraph("Ja, ")._p
    inserted, deleted, inline = _w("ins", id="1", author="A"), _w("del", id="2", author="A"), _w("sdt")
    inserted.append(_run("voor ieder kind"))
    deleted.append(_run(" niet", deleted=True))
    inline.append(_w("sdtContent"))
    inline[0].append(_run(" in elke regio."))
    answer.extend([inserted, deleted, inline])
    path = tmp_path / "brief.docx"
    document.save(str(path))
    assert read_document(path).raw.splitlines() == [
        "Vraag 1", "Is de jeugdzorg toegankelijk?", "Antwoord 1", "Ja, voor ieder kind in elke regio."]


def _numbering(document: Any, levels: list[tuple[str, str, str]], *, abstract: str | None = None,
               restart: bool = False) -> str:
    """A list: a new abstract numbering of (numFmt, lvlText, start) per level, or another instance of
    `abstract` (starting over when `restart`); returns its numId."""
    numbering = document.part.numbering_part.element
    if abstract is None:
        abstract = str(1 + max(int(a.get(f"{{{W_NS}}}abstractNumId")) for a in numbering.findall(f"{{{W_NS}}}abstractNum")))
        definition = _w("abstractNum", abstractNumId=abstract)
        for ilvl, (fmt, text, start) in enumerate(levels):
            level = _w("lvl", ilvl=str(ilvl))
            level.extend([_w("start", val=start), _w("numFmt", val=fmt), _w("lvlText", val=text)])
            definition.append(level)
        numbering.find(f"{{{W_NS}}}num").addprevious(definition)
    num_id = str(1 + max(int(n.get(f"{{{W_NS}}}numId")) for n in numbering.findall(f"{{{W_NS}}}num")))
    num = _w("num", numId=num_id)
    num.append(_w("abstractNumId", val=abstract))
    if restart:
        override = _w("lvlOverride", ilvl="0")
        override.append(_w("startOverride", val="1"))
        num.append(override)
    numbering.append(num)
    return num_id


def _numbered(document: Any, text: str, num_id: str, level: int = 0) -> None:
    properties = document.add_paragraph(text)._p.get_or_add_pPr()
    num_pr = _w("numPr")
    num_pr.extend([_w("ilvl", val=str(level)), _w("numId", val=num_id)])
    properties.append(num_pr)


def test_docx_list_numbers_are_read_as_word_draws_them(tmp_path: Path) -> None:
    """Questions numbered by Word lost their numbers: "Vraag %1" starting at 5, "List Number", nested levels."""
    document = docx.Document()
    vraag = _numbering(document, [("decimal", "Vraag %1", "5")])
    _numbered(document, "Is de jeugdzorg toegankelijk?", vraag)
    document.add_paragraph("Ja.")
    _numbered(document, "", vraag)  # a label alone on its line
    document.add_paragraph("Lijst:", style="List Number")
    document.add_paragraph("Welke regio?", style="List Number")
    nested = _numbering(document, [("decimal", "%1.", "1"), ("lowerLetter", "%1.%2)", "1"), ("bullet", "•", "1")])
    for text, level in (("een", 0), ("twee", 1), ("drie", 1), ("vier", 2), ("vijf", 0), ("zes", 1)):
        _numbered(document, text, nested, level)
    again = _numbering(document, [], abstract=document.part.numbering_part.element.findall(
        f"{{{W_NS}}}abstractNum")[-1].get(f"{{{W_NS}}}abstractNumId"))
    _numbered(document, "zeven", again)  # another instance of the same list continues it
    _numbered(document, "acht", _numbering(document, [], abstract=document.part.numbering_part.element.findall(
        f"{{{W_NS}}}abstractNum")[-1].get(f"{{{W_NS}}}abstractNumId"), restart=True))
    path = tmp_path / "genummerd.docx"
    document.save(str(path))
    assert read_document(path).raw.splitlines() == [
        "Vraag 5\tIs de jeugdzorg toegankelijk?", "Ja.", "Vraag 6", "1.\tLijst:", "2.\tWelke regio?",
        "1.\teen", "1.a)\ttwee", "1.b)\tdrie", "vier", "2.\tvijf", "2.a)\tzes", "3.\tzeven", "1.\tacht"]


def test_docx_questions_numbered_by_word_split_into_pairs(tmp_path: Path) -> None:
    """The fifth to eighth questions of a letter, numbered "Vraag %1" and "Antwoord %1" from 5: read as 1 to 4."""
    document = docx.Document()
    document.add_paragraph(INTRO)
    vraag = _numbering(document, [("decimal", "Vraag %1", "5")])
    antwoord = _numbering(document, [("decimal", "Antwoord %1", "5")])
    for question, answer in ANSWERS:
        _numbered(document, question, vraag)
        _numbered(document, answer, antwoord)
    path = tmp_path / "lijst.docx"
    document.save(str(path))
    pairs = _pairs_of(path)
    assert [qid for qid, _, _ in pairs] == ["5", "6", "7", "8"]
    assert pairs[1][1].startswith("Hoeveel kinderen") and pairs[1][2].startswith("Op 1 januari 2024")


# --- messages for what is no letter file ------------------------------------------------------

def test_a_folder_or_device_names_every_supported_extension(tmp_path: Path) -> None:
    folder = tmp_path / "brieven"
    folder.mkdir()
    _assert_error(folder, errors.InputNotFound, "expected a .txt, .pdf, .docx, .html or .htm file")
    if Path("/dev/null").exists():
        with pytest.raises(errors.InputNotFound, match=r"character device; expected a .txt, .pdf, .docx, .html or"):
            read_document("/dev/null")


def test_a_dash_for_standard_input_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(errors.InputNotFound) as caught:
        read_document("-")
    assert "no such file" in str(caught.value)
    assert caught.value.hint is not None and "standard input is not supported" in caught.value.hint
    with pytest.raises(errors.InputNotFound) as other:
        read_document("geen.txt")
    assert other.value.hint is None


def test_a_text_copys_imprint_inside_an_answer_is_not_answer_text() -> None:
    # letter 3206 (Aanhangsel 2016-2017, nr. 341, saved as text): the page's imprint and running head sit in the
    # middle of the answer's sentence, where the PDF's page break was
    text = ("Vraag 1\nHoe staat het met de monitor?\n\nAntwoord 1\nMensen met verward gedrag mogen\n"
            "ah-tk-20162017-341 ISSN 0921 - 7398 ’s-Gravenhage 2016 Tweede Kamer, vergaderjaar 2016-2017, Aanhangsel 1 "
            "immers niet tussen wal en schip vallen.\n\nVraag 2\nWanneer komt de monitor?\n\nAntwoord 2\nIn juni.\n"
            "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 1 ah-tk-20202021-3582 ISSN 0921 - 7398 ’s-Gra")
    cleaned = clean_text(text)
    assert not re.search(r"ah-tk|ISSN|Gravenhage|Gra$|vergaderjaar", cleaned)
    assert "Mensen met verward gedrag mogen\nimmers niet tussen wal en schip vallen." in cleaned
    # a Kamerstuk number in a sentence is text, not an imprint
    assert clean_text("Zie Kamerstuk 36045-71 en kst-36045 nader.") == "Zie Kamerstuk 36045-71 en kst-36045 nader."


def test_the_figures_of_a_two_column_table_read_row_by_row_stay_in_the_answer() -> None:
    # https://www.parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vkz5nfz71pzn (lijst van vragen en antwoorden,
    # Staat van het Onderwijs 2017-2018), saved as text: the table of schools per denomination comes one cell a line, label then figure,
    # and every figure but the first was dropped as a page number: the answer lost the counts it was asked for
    rows = [("Algemeen Bijzonder", "8"), ("Vrije School", "8"), ("Evangelische School", "1"),
            ("Gereformeerd Vrijgemaakt", "15"), ("Islamitisch", "4"), ("Totaal", "54")]
    text = ("1\nHoeveel scholen maken gebruik van de uitzonderingsgrond? Welke richting hebben deze scholen?\n\n"
            "Per 1 augustus 2019 blijven de volgende aantallen basisscholen in stand:\n\n\nRichting\n\nAantal\n\n"
            + "".join(f"{label}\n\n{figure}\n\n" for label, figure in rows)
            + "2\nWelke maatregelen worden er genomen?\n\nEr worden geen maatregelen genomen.\n")
    kept = clean_text(text).split("\n")
    assert all(figure in kept for _, figure in rows)
    # a page number between lines of running text still goes
    assert "7" not in clean_text("De minister heeft de Kamer hierover geïnformeerd in de brief\n\n7\n\n"
                                 "van 12 maart, waarin de cijfers staan.").split("\n")
    # nor do page numbers that follow each other between short capitalised lines
    wrapped = "Kunt u zeggen\n\n3\n\nWelk bedrag\n\n4\n\nIn 2024 uitgegeven\n\n5\n\nDe minister"
    assert not {"3", "4", "5"} & set(clean_text(wrapped).split("\n"))
