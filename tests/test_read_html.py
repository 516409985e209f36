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


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", errors.EmptyInput),
        (b"<html><head><title>x</title><script>var a = 1;</script></head><body>  </body></html>", errors.EmptyInput),
        (LOGIN_PAGE, errors.NoPairs),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, errors.NotText),
    ],
    ids=["empty", "no-text", "login-page", "binary"],
)
def test_a_page_without_a_letter_is_one_line_and_its_code(content: bytes, error: type[errors.EvasionError],
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "pagina.html"
    page.write_bytes(content)
    assert run(["pairs", str(page)]) == error.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) <= 2 and str(page) in err[0]
