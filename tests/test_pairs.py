"""The splitter: every seed layout, the published letters, written Kamervragen, and the metadata users report on."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from classifier.cli import run
from classifier.errors import NoPairs
from classifier.pairs import read_letter, split_letter

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "annotations" / "sources"
FIXTURES = Path(__file__).parent / "fixtures"

SEEDS = {
    "000_98ccc7fd7b35366f": (15, {"PvdD": 8, "JA21": 7}),
    "001_e472fb248c5230f8": (30, {"BBB": 6, "VVD": 12, "D66": 6, "PvdD": 6}),
    "002_60017dab6e1cdc7e": (14, {"BBB": 3, "GL-PvdA": 11}),
    "003_b68a65984b2ea432": (63, {None: 63}),
    "004_91c9aa3440a3762b": (67, {"X": 45, "K": 22}),
}


@pytest.fixture(scope="module")
def seeds():
    return {name: read_letter(SOURCES / f"{name}.txt") for name in SEEDS}


def pair(letter, qid):
    return next(p for p in letter.pairs if p.question_id == qid)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_splits_into_the_documented_pairs(seeds, name):
    total, per_section = SEEDS[name]
    letter = seeds[name]
    assert len(letter.pairs) == total
    assert dict(Counter(p.section for p in letter.pairs)) == per_section
    assert all(p.complete and p.question and p.answer for p in letter.pairs)
    assert len({p.question_id for p in letter.pairs}) == total


def test_committee_letter_yields_no_pairs_and_pieces_are_split(seeds):
    letter = seeds["000_98ccc7fd7b35366f"]
    ids = [p.question_id for p in letter.pairs]
    assert ids[:8] == ["PvdD-1.1", "PvdD-1.2", "PvdD-1.3", "PvdD-1.4", "PvdD-2.1", "PvdD-2.2", "PvdD-3", "PvdD-4"]
    first = pair(letter, "PvdD-1.1")
    assert first.question.startswith("Op pagina 18 en 19") and first.question.endswith("concreet mee bedoelt?")
    assert first.answer.startswith("De NAVO is de hoeksteen") and first.answer.endswith("Verenigd Koninkrijk.")
    piece = pair(letter, "PvdD-1.2")
    assert piece.question.startswith("Is die geloofwaardigheid") and "gerubriceerd" in piece.answer
    remark = pair(letter, "PvdD-1.4")
    assert remark.question.startswith("Het is deze leden bovendien niet duidelijk")
    last = pair(letter, "JA21-7")
    assert last.question.startswith("Hoe worden burgers") and last.answer.endswith("weerbaarheid in de samenleving.")
    assert "Brekelmans" not in last.answer and "denkvooruit.nl/#" not in last.answer


def test_sub_questions_with_their_own_answers_are_pairs(seeds):
    letter = seeds["001_e472fb248c5230f8"]
    vvd = [p.question_id for p in letter.pairs if p.section == "VVD"]
    assert vvd == ["VVD-1a", "VVD-1b", "VVD-1c", "VVD-1d", "VVD-2a", "VVD-2b", "VVD-2c", "VVD-3a", "VVD-3b", "VVD-3c", "VVD-3d", "VVD-3e"]
    first = pair(letter, "VVD-1a")
    assert first.question.startswith("De leden van de VVD-fractie lezen") and "Wat betekent dit" in first.question
    assert pair(letter, "VVD-1c").answer.startswith("Het kabinet kan niet vooruitlopen")
    assert pair(letter, "BBB-5").question.startswith("Wat is de kabinetsappreciatie")
    assert "Kamerstuk" not in pair(letter, "BBB-5").question  # a page-bottom footnote inside the question is gone
    last = letter.pairs[-1]
    assert last.question_id == "PvdD-6" and not any(name in last.answer for name in ("Karremans", "Tuinman"))


def test_unnumbered_nota_with_missing_antwoord_lines(seeds):
    letter = seeds["002_60017dab6e1cdc7e"]
    first, third = letter.pairs[0], letter.pairs[2]
    assert first.question.startswith("De begrotingsstaten Defensie 2024") and first.question.endswith("2% NAVO-norm te halen?")
    assert first.answer.startswith("Defensie is gebaat bij meerjarige financiële zekerheid.")
    assert third.question.startswith("De leden stellen verder")  # its "Antwoord" line is missing in the source
    assert [p.party for p in letter.pairs] == ["BBB"] * 3 + ["GL-PvdA"] * 11
    assert letter.pairs[-1].question.startswith("Analisten zoals Robin Brooks")
    assert letter.pairs[-1].answer.endswith("19 maart jl. aangenomen).")


def test_list_of_questions_and_referrals(seeds):
    letter = seeds["003_b68a65984b2ea432"]
    assert [p.question_id for p in letter.pairs] == [str(n) for n in range(1, 64)]
    assert pair(letter, "8").referral_to == ["6", "7"]
    assert pair(letter, "21").referral_to == ["22"]
    assert pair(letter, "22").answer.startswith("In de eerste helft van 2025 contracteerde Defensie voor EUR 3 miljard")
    assert pair(letter, "1").question.startswith("Welke categorieën of thema’s")


def test_sections_restart_numbering_and_memo_is_ignored(seeds):
    letter = seeds["004_91c9aa3440a3762b"]
    ids = [p.question_id for p in letter.pairs]
    assert ids[:2] == ["X-1", "X-2"] and ids[44:46] == ["X-45", "K-1"] and ids[-1] == "K-22"
    assert pair(letter, "X-41").referral_to == ["X-45"]
    assert pair(letter, "K-3").referral_to == ["K-1"]
    assert pair(letter, "X-1").question.startswith("De regering benoemt dat Europa in 2030")
    assert "**" not in pair(letter, "X-1").question
    assert pair(letter, "X-8").party == "GL-PvdA"
    assert "TER BESLISSING" not in letter.pairs[-1].answer and "MINDEF" not in letter.pairs[-1].answer
    assert pair(letter, "X-40").answer.endswith("grenscontrole uitgevoerd.")  # footnotes between its two halves removed


def test_seed_metadata(seeds):
    m0 = seeds["000_98ccc7fd7b35366f"].meta
    assert m0.date == dt.date(2025, 10, 28) and m0.ministry == "Defensie"
    assert [(s.name, s.office) for s in m0.signatories] == [
        ("Ruben Brekelmans", "minister van Defensie"),
        ("Gijs Tuinman", "staatssecretaris van Defensie"),
    ]
    assert m0.date_asked == dt.date(2025, 9, 30)
    names1 = [s.name for s in seeds["001_e472fb248c5230f8"].meta.signatories]
    assert "Vincent Karremans" in names1 and "Gijs Tuinman" in names1
    m2 = seeds["002_60017dab6e1cdc7e"].meta
    assert m2.doc_type == "nota_naar_aanleiding_van_verslag" and m2.date == dt.date(2024, 4, 12)
    assert [s.name for s in m2.signatories] == ["drs. K.H. Ollongren", "mr. drs. C.A. van der Maat"]
    m3 = seeds["003_b68a65984b2ea432"].meta
    assert m3.date == dt.date(2026, 1, 27) and m3.doc_type == "lijst_vragen_antwoorden"
    assert [(s.name, s.office) for s in m3.signatories] == [(None, "minister van Defensie")]
    m4 = seeds["004_91c9aa3440a3762b"].meta
    assert m4.date == dt.date(2026, 5, 21)
    assert [s.name for s in m4.signatories] == ["Dilan Yeşilgöz-Zegerius", "Derk Boswijk"]


def test_written_kamervragen_with_combined_numbers_and_truncation():
    letter = read_letter(FIXTURES / "kamervragen_combined.txt")
    assert [p.question_id for p in letter.pairs] == ["1", "2+3", "4", "5", "6"]
    assert [p.complete for p in letter.pairs] == [True, True, True, True, False]
    assert letter.pairs[1].answer.startswith("In 2024 zijn 14 oefeningen afgelast.")
    assert letter.pairs[2].answer.endswith("De Kamer wordt vertrouwelijk geïnformeerd.")
    assert letter.pairs[3].referral_to == ["4"]
    assert all(p.party == "VVD" for p in letter.pairs)
    meta = letter.meta
    assert meta.doc_type == "kamervragen" and meta.askers == ["VVD"]
    assert meta.date_asked == dt.date(2025, 3, 3) and meta.date_received == dt.date(2025, 3, 24)
    assert [(s.name, s.office) for s in meta.signatories] == [("Brekelmans", "minister van Defensie")]


def _annotated_letters() -> list[str]:
    return sorted(p.stem for p in SOURCES.glob("*.txt") if p.stem not in SEEDS)


# Published excerpts whose layout the splitter does not yet read as the annotator did;
# strict xfail: a fix makes these tests fail until the entry is removed.
KNOWN_GAPS = {
    # question 4 has no answer and the next question follows at once; the annotator kept #5 on its own,
    # the splitter (like the guide's convention for questions answered together) makes one pair of both
    "034_europees-monetair-fonds-rechtsgrondslag",
    # the whole page, letterhead included, is one line of text: no structure to read
    "040_multi-role-tanker-transport-project",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="known splitter gap")) if n in KNOWN_GAPS else n for n in _annotated_letters()],
)
def test_published_letter_splits_into_its_complete_pairs(name):
    expected = [json.loads(line)["question_id"] for line in (ROOT / "annotations" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    letter = read_letter(SOURCES / f"{name}.txt")
    assert [p.question_id for p in letter.pairs if p.complete] == expected
    truncated = (SOURCES / f"{name}.txt").read_text(encoding="utf-8").rstrip().endswith("[...]")
    assert not truncated or not letter.pairs[-1].complete


def test_text_without_questions_is_refused():
    with pytest.raises(NoPairs, match="no question–answer pairs"):
        split_letter("Geachte voorzitter,\n\nHierbij bied ik u het jaarverslag aan. Het verslag is openbaar.\n\nHoogachtend,\n", "brief")


def test_english_letter_is_refused():
    text = "Question 1\nDo you know the report on the shortage of ammunition?\n\nAnswer 1\nYes, the minister is aware of the report and will respond.\n"
    with pytest.raises(NoPairs, match="Dutch"):
        split_letter(text, "english")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_pairs_command_formats(tmp_path, capsys, fmt):
    out = tmp_path / f"pairs.{fmt}"
    assert run(["pairs", str(FIXTURES / "kamervragen_combined.txt"), "--format", fmt, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert [r["question_id"] for r in rows] == ["1", "2+3", "4", "5", "6"]
        assert set(rows[0]) >= {"letter_id", "question_id", "section", "party", "question", "answer", "referral_to", "complete"}
    elif fmt == "json":
        data = json.loads(text)
        assert data["letter"]["signatories"][0]["name"] == "Brekelmans" and len(data["pairs"]) == 5
    else:
        assert text.splitlines()[0].startswith("id,letter_id,question_id") and len(text.splitlines()) == 6


def test_pairs_command_table_and_errors(tmp_path, capsys):
    assert run(["pairs", str(FIXTURES / "kamervragen_combined.txt")]) == 0
    assert "2+3" in capsys.readouterr().out
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code = run(["pairs", str(empty)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 4 and len(err) == 1 and "empty.txt" in err[0]
    odd = tmp_path / "letter.odt"
    odd.write_bytes(b"PK\x03\x04")
    assert run(["pairs", str(odd)]) == 6
    assert "letter.odt" in capsys.readouterr().err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    assert run(["pairs", str(binary)]) == 5
    noq = tmp_path / "noq.txt"
    noq.write_text("Geachte voorzitter,\n\nHierbij bied ik u het jaarverslag aan. Het is openbaar en staat op de website.\n", encoding="utf-8")
    assert run(["pairs", str(noq)]) == 9
    assert "noq.txt" in capsys.readouterr().err


def _pdf_from_text(text: str, path: Path) -> Path:
    """A real PDF of the letter: lines re-wrapped by the page width, page numbers in the footer."""
    import matplotlib
    from fpdf import FPDF

    class Paged(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("dejavu", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Paged(format="A4")
    pdf.add_font("dejavu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("dejavu", size=9)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.strip() or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _docx_from_text(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.strip())
    document.save(str(path))
    return path


def _same_pairs(a, b) -> None:
    """Same ids and texts; a footnote marker after closing punctuation ("eisen.”5") may survive in one of them."""
    import re

    def norm(text: str) -> str:
        return re.sub(r"(?<=[”\"’.?])\d{1,2}(?=\s|$)", "", " ".join(text.split()))

    assert [p.question_id for p in a.pairs] == [p.question_id for p in b.pairs]
    for x, y in zip(a.pairs, b.pairs, strict=True):
        assert norm(x.question) == norm(y.question)
        assert norm(x.answer) == norm(y.answer)


@pytest.mark.parametrize("name", ["003_b68a65984b2ea432", "000_98ccc7fd7b35366f"])
def test_a_pdf_made_from_a_seed_splits_into_the_same_pairs(seeds, tmp_path, name):
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    letter = read_letter(_pdf_from_text(text, tmp_path / f"{name}.pdf"))
    _same_pairs(letter, seeds[name])
    assert letter.meta.date == seeds[name].meta.date


@pytest.mark.parametrize("name", ["003_b68a65984b2ea432", "004_91c9aa3440a3762b"])
def test_a_docx_made_from_a_seed_splits_into_the_same_pairs(seeds, tmp_path, name):
    text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
    letter = read_letter(_docx_from_text(text, tmp_path / f"{name}.docx"))
    _same_pairs(letter, seeds[name])
