"""Saved web pages: the letter's text comes out as the .txt of the same letter, and splits into the same pairs.

The fixtures follow the three sites users save answers from: an Aanhangsel
Handelingen page of zoek.officielebekendmakingen.nl (header, breadcrumb, sidebar,
`#broodtekst` with the letter, footer, cookie dialog), a Tweede Kamer kamervragen
detail page (banner with search form and menu, `<main>` with an article, share
block, footer; declared windows-1252 with character references) and an openkamer
kamervraag page (navbar, Bootstrap panels per question, footer).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeModel

from classifier import errors
from classifier.cli import run
from classifier.config import PROJECT_DIR
from classifier.letters.html import html_to_text
from classifier.letters.pairs import read_letter

FIXTURES = Path(__file__).parent / "fixtures" / "html"
SOURCES = PROJECT_DIR / "annotations" / "sources"
PAGES = {
    "officielebekendmakingen_305.html": "305_slachtoffers-chroomverf-poms",
    "tweedekamer_020.html": "020_limc-nctv-social-media-surveillance",
    "openkamer_301.html": "301_munitiebudget-pang-pang",
}


def _pairs(path: Path) -> list[tuple[str, str, str, bool]]:
    return [(p.question_id, p.question, p.answer, p.complete) for p in read_letter(path).pairs]


@pytest.mark.parametrize("page", list(PAGES))
def test_a_saved_page_splits_like_the_text_of_the_same_letter(page: str) -> None:
    html, text = read_letter(FIXTURES / page), read_letter(SOURCES / f"{PAGES[page]}.txt")
    assert _pairs(FIXTURES / page) == _pairs(SOURCES / f"{PAGES[page]}.txt")
    assert (html.meta.date, html.meta.signatories) == (text.meta.date, text.meta.signatories)


@pytest.mark.parametrize("page", list(PAGES))
def test_menus_scripts_and_footers_are_not_part_of_the_letter(page: str) -> None:
    text = html_to_text((FIXTURES / page).read_bytes(), page)
    for furniture in ("Zoeken", "Cookies", "cookies", "Akkoord", "Personen", "Partijen", "document.documentElement",
                      "Deel deze pagina", "Direct naar content", "Overslaan", "Printen", "GitHub", "Downloads",
                      "Debat", "font-weight"):
        assert furniture not in text, furniture


def test_character_references_and_the_declared_charset_are_decoded() -> None:
    text = html_to_text((FIXTURES / "tweedekamer_020.html").read_bytes(), "page")
    assert "Yeşilgöz-Zegerius" in text and "«" in text


def test_every_block_is_its_own_line() -> None:
    page = (b"<html><body><main><h2>Vraag 1</h2><p>Kent u het bericht?</p><ul><li>een</li><li>twee</li></ul>"
            b"<table><tr><td>Vraag</td><td>Antwoord</td></tr></table>regel<br>volgende</main></body></html>")
    lines = [line for line in html_to_text(page, "p").splitlines() if line]
    assert lines == ["Vraag 1", "Kent u het bericht?", "een", "twee", "Vraag", "Antwoord", "regel", "volgende"]


def test_score_reads_a_saved_page(use_fake_model: FakeModel, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", str(FIXTURES / "openkamer_301.html"), "--format", "json"]) == 0
    assert '"question_id": "2"' in capsys.readouterr().out


LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Inloggen</title></head><body><nav>Menu</nav><main><h1>Inloggen</h1>"
              b"<form><label>Gebruikersnaam</label><input></form><p>Welkom terug bij Mijn Overheid.</p></main></body></html>")


PDF_PAGE = b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 5000 + b"\x00\x01\x02" * 40
CONTROLS = b"<html><body><p>" + bytes(range(1, 9)) * 300 + b"</p></body></html>"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", errors.EmptyInput),
        (b"<html><head><title>x</title><script>var a = 1;</script></head><body>  </body></html>", errors.EmptyInput),
        (LOGIN_PAGE, errors.NoPairs),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, errors.NotText),
        (PDF_PAGE, errors.NotText),
        (CONTROLS, errors.NotText),
    ],
    ids=["empty", "no-text", "login-page", "binary", "pdf", "control-characters"],
)
def test_a_page_without_a_letter_is_one_line_and_its_code(content: bytes, error: type[errors.EvasionError],
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "pagina.html"
    page.write_bytes(content)
    assert run(["pairs", str(page)]) == error.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) <= 2 and str(page) in err[0]


def test_a_pdf_saved_as_html_fails_alone_in_a_batch(use_fake_model: FakeModel, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """It was a ValueError traceback (exit 1) that ended the whole batch."""
    page, out = tmp_path / "brief.html", tmp_path / "scores.json"
    page.write_bytes(PDF_PAGE)
    assert run(["score", str(FIXTURES / "openkamer_301.html"), str(page), "--out", str(out)]) == 14
    err = capsys.readouterr().err
    assert f"{page}: expected a web page, found a PDF document" in err and "Traceback" not in err
    assert '"question_id": "2"' in out.read_text(encoding="utf-8")


LETTER = ("<h1>Antwoord op vragen van het lid Yeşilgöz</h1><p>Vraag 1</p>"
          "<p>Kent u het bericht “Café ’t Hoekje”?</p><p>Antwoord 1</p><p>Ja. Dat kost € 5 – zie bijlage.</p>")
WESTERN = LETTER.replace("ş", "s")  # what Windows-1252 can hold
CENTRAL = "<p>Vraag 1</p><p>Kent u mevrouw Yeşilgöz, Café Łódź en Dvořák?</p>"  # what ISO-8859-2 can hold


def _page(head: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"nl\"><head>{head}<title>Aanhangsel</title></head>"
            f"<body><main>{body}</main></body></html>")


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


@pytest.mark.parametrize(
    ("data", "body"),
    [
        (_page("", LETTER).encode("utf-8"), LETTER),
        (_page("", WESTERN).encode("cp1252"), WESTERN),
        (_page('<meta charset="iso-8859-1">', LETTER).encode("utf-8"), LETTER),  # re-saved, old declaration kept
        (_page('<meta charset="iso-8859-1">', WESTERN).encode("cp1252"), WESTERN),  # Latin-1 read as browsers do
        (_page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', WESTERN).encode("cp1252"),
         WESTERN),
        (_page("", LETTER).encode("utf-8").replace("€".encode(), b"\x80"), LETTER),  # Windows-1252 pasted in
        (_page("", LETTER).encode("utf-8-sig"), LETTER),
        (_page('<meta charset="utf-16">', LETTER).encode("utf-16"), LETTER),
        (_page("", LETTER).encode("utf-16-le"), LETTER),  # UTF-16 without a BOM
        (b'<?xml version="1.0" encoding="UTF-8"?>\n' + _page("", LETTER).encode("utf-8"), LETTER),
        (_page('<meta charset="iso-8859-2">', CENTRAL).encode("iso-8859-2"), CENTRAL),
    ],
    ids=["utf8-no-meta", "cp1252-no-meta", "utf8-under-latin1-meta", "cp1252-under-latin1-meta", "cp1252-meta",
         "utf8-with-cp1252", "utf8-bom", "utf16-bom-meta", "utf16-no-bom", "xhtml-declaration", "iso-8859-2-meta"],
)
def test_a_page_is_decoded_as_a_browser_would(data: bytes, body: str) -> None:
    """Without a <meta charset> lxml read UTF-8 and Windows-1252 as Latin-1: "YeÅŸilgÃ¶z", "\\x80" for "€"."""
    assert _lines(html_to_text(data, "p")) == _lines(html_to_text(_page("", body).encode("utf-8-sig"), "p"))
    assert "Café" in html_to_text(data, "p")


def test_control_characters_xml_forbids_are_spaces_or_dropped() -> None:
    """A form feed after </header>, a vertical tab after a comment, or &#11; made lxml raise a ValueError."""
    page = ("<html><head><meta charset='utf-8'></head><body><header>Menu</header>\f<main><!-- x -->\v<p>Vraag 1</p>"
            "<p>Kent\fu&#11;het\x01 bericht?</p><p>Antwoord 1</p><nav>n</nav>\v<p>Ja.\x1f</p></main></body></html>")
    assert _lines(html_to_text(page.encode("utf-8"), "p")) == ["Vraag 1", "Kent u het bericht?", "Antwoord 1", "Ja."]



def test_a_saved_openkamer_page_with_an_empty_answerer_field_names_nobody(tmp_path: Path) -> None:
    """openkamer prints "Beantwoord door" empty where it knows no answerer (Kamervraag 2011Z15175, the page of
    annotations/sources/13212_afschot-zwijnen-veluwe-2011.txt): the topics in the next block are no minister."""
    page = tmp_path / "openkamer_13212.html"
    page.write_bytes("""<html><body><div class="container">
<p>Kamervraag 2011Z15175</p><p>Het wederom grootschalige afschot van zwijnen op de Veluwe</p>
<p>Ingediend 6 juli 2011</p><p>Beantwoord 18 juli 2011 (na 12 dagen)</p><p>Indiener Marianne Thieme (PvdD)</p>
<p>Beantwoord door </p><p>Onderwerpen dieren landbouw</p>
<div class="panel"><h4>Vraag 1</h4><p class="kamervraag-question"><i>Bent u bekend met het plan van provincie
Gelderland om dit jaar tweederde van de zwijnen op de Veluwe af te schieten?1</i></p>
<p class="kamervraag-answer">Ja.</p></div></div></body></html>""".encode())
    meta = read_letter(page).meta
    assert meta.signatories == []
    assert meta.askers == ["PvdD"]
