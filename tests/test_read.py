"""Reading letters from files, and cleaning extraction debris without losing the Q/A structure.

Fixtures in tests/fixtures/read/ are excerpts cut from the real seed documents and letters.
Binary and broken inputs are generated in tmp_path, never committed.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import zipfile
from pathlib import Path

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
    cleaned = clean_text("DE MINISTER VAN DEFENSIE      DE STAATSSECRETARIS VAN DEFENSIE\nRuben\tBrekelmans")
    assert cleaned.splitlines() == ["DE MINISTER VAN DEFENSIE  DE STAATSSECRETARIS VAN DEFENSIE", "Ruben Brekelmans"]


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
