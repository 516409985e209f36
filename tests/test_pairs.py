"""The splitter: every seed layout, the published letters, written Kamervragen, and the metadata users report on."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from classifier.cli import run
from classifier.errors import NoPairs
from classifier.letters.pairs import read_letter, split_letter

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


@pytest.mark.parametrize(("answer", "targets"), [
    ("Zie antwoord vraag 6.", ["6"]),
    ("Zie mijn antwoord op vraag 1 en 2.", ["1", "2"]),
    ("Zie hiervoor ook het antwoord op vraag 1. De website is bijgewerkt.", ["1"]),
    ("Zie antwoord 1.", ["1"]),
    ("Zie reactie bij vraag 1. Daarnaast rapporteert SVD in het najaar.", ["1"]),
    ("Voor mijn reactie verwijs ik naar antwoord 1.", ["1"]),
    ("Voor het antwoord op deze vraag verwijs ik u naar mijn antwoord op vraag 1.", ["1"]),
    ("Zie het antwoord op vraag 4.2.", ["4"]),
    ("Zie de antwoorden op vragen 1 t/m 3.", ["1", "2", "3"]),
    # the answers to other questions that carry the same numbers
    ("Zie mijn antwoord op vraag 9 over dit zelfde onderwerp van het lid De Lange.", []),
    ("Ik verwijs naar mijn antwoord op vraag 7 van de leden Holtackers en Omtzigt.", []),
    ("Zie het antwoord op vragen 10 en 11 in de beantwoording van vragen van de vaste commissie.", []),
])
def test_a_referral_to_another_answer_of_the_letter_is_found_in_its_common_wordings(answer: str,
                                                                                     targets: list[str]) -> None:
    """Wordings of annotated referral answers (3510, 1312, 542, 1553, 7710, seed 003 #33) that the pattern missed
    ("mijn", "hiervoor", "reactie", "antwoord 1" without "vraag"), and three that point into other letters (920,
    2205, 2512), which the annotators left without a referral."""
    from classifier.letters.referrals import referral_targets

    assert referral_targets(answer) == targets


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


# annotations/sources/14904_lachgas-normalisering-kuik.txt, its answers cut short
MINISTRY_TITLE = """Antwoord op vragen van het lid Kuik over de normalisering van gebruik van lachgas voor recreatieve doeleinden

Antwoorden op Kamervragen van het Kamerlid Kuik (CDA) over de normalisering van gebruik van lachgas voor recreatieve doeleinden . (2017Z18648)


1 Heeft u kennisgenomen van het artikel naar aanleiding van het rapport van het Trimbos-instituut? 1)
Ja.
2 Hoe beoordeelt u dat lachgas een vrolijk onschuldig imago heeft onder jongeren en dat het zo makkelijk verkrijgbaar is?

3 Deelt u de mening dat het van belang is dat jongeren een reëel beeld hebben van lachgas en de risico’s bij gebruik, en dat de normalisering van het gebruik onder jongeren moet worden tegengegaan?

Antwoord 2 en 3
Uit het onderzoek van het Trimbos-instituut en Bonger Instituut dat ik in december aan uw Kamer zond, blijkt dat het gebruik van lachgas zich concentreert onder jongeren en jongvolwassenen.
"""


def test_a_ministrys_title_naming_the_asker_and_party_opens_no_budget_section() -> None:
    """"Antwoorden op Kamervragen van het Kamerlid Kuik (CDA)" is the letter's title, not a budget chapter's part
    ("… Ontwerpbegroting Defensie (X) …"): its pairs have no section "CDA", and their party is the asker's."""
    letter = split_letter(MINISTRY_TITLE, "14904")
    assert [(p.question_id, p.section, p.party) for p in letter.pairs] == [("1", None, "CDA"), ("2+3", None, "CDA")]


# annotations/sources/000_98ccc7fd7b35366f.txt: the title over the answers to two Eerste Kamer fractions, wrapped
# before their names, and the first question and answer (cut short), without the fraction's heading between them
WRAPPED_TITLE = """Antwoorden op de schriftelijke vragen van de leden van de Eerste Kamerfractie van
Partij voor de Dieren en JA21 aan de minister van Defensie over het witboek Europese
Defensie Gereedheid 2030.

Ingezonden 30 september 2025, kenmerk 178292


1. Op pagina 18 en 19 stelt u dat dat gezamenlijke investeringen op EU-niveau “een
cruciale voorwaarde zijn” voor “een geloofwaardige afschrikking en collectieve
verdediging”, zo lezen de leden van de fractie van de Partij voor de Dieren. Kunt u
uitleggen wat u daar concreet mee bedoelt?

De NAVO is de hoeksteen voor onze veiligheid. De belangrijkste taak van de NAVO is
collectieve afschrikking en verdediging.
"""


def test_a_title_wrapped_before_the_fractions_it_answers_opens_no_section() -> None:
    """A line end cut the title after "… van de leden van de Eerste Kamerfractie van": "Eerste Kamerfractie van"
    is neither a section nor a party. The question names its own."""
    letter = split_letter(WRAPPED_TITLE, "000")
    assert [(p.question_id, p.section, p.party) for p in letter.pairs] == [("1", None, "PvdD")]


def test_a_fraction_heading_wrapped_before_its_party_heads_the_party_s_questions() -> None:
    """annotations/sources/2504_now-gelden-failliete-bedrijven-mva.txt (its first two questions) with its heading
    wrapped as a narrow PDF column wraps it: "Vragen van de leden van de fractie van" / "Forum voor Democratie"
    is read whole, and its questions are FVD's."""
    text = (SOURCES / "2504_now-gelden-failliete-bedrijven-mva.txt").read_text(encoding="utf-8").split("\n3\n")[0]
    wrapped = text.replace("fractie van Forum voor Democratie", "fractie van\nForum voor Democratie")
    assert wrapped != text
    letter = split_letter(wrapped, "2504")
    assert [(p.question_id, p.section, p.party) for p in letter.pairs] == [("1", "FVD", "FVD"), ("2", "FVD", "FVD")]
    assert letter.meta.askers == ["FVD"]


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
    # "Antwoord 2: Deze vraag wordt in combinatie met vraag 4 beantwoord." is a complete referral pair to
    # the splitter; the annotator left #2 out because the combined answer "2 en 4" it points to is cut off
    "384_spookstemmen-gemeenteraadsverkiezingen",
    # an unnumbered follow-up question with its own answer inside a numbered pair ("Zo ja, …")
    "918_special-forces-enduring-freedom-afghanistan",
    "926_so-richtlijn-terrorismebestrijding-uitreizigers",
    # unnumbered party questions under a heading, the first one before the excerpt's table of contents ends
    "903_nnav-wet-strategische-diensten-wapenhandelsverdrag",
    "956_nlfi-inkoopprogramma-aandelen-abn-amro",
    "1012_rijksjaarverslag-2006-justitie-terreurbestrijding",
    # letters5 (stored web pages, 2026-12): questions named by party and number ("D66 9") under
    # numbered topic headings, whose table of contents "1. … 4." reads as questions
    "1414_uitkeringsfraude-poolse-arbeidsmigranten",
    # a web page whose lines run together: unnumbered party questions inside one paragraph
    "1512_beantwoording-so-producentenorganisaties-avv",
    # an answer followed by the excerpt's cut in the next paragraph ("M"): the annotator took the
    # answer as whole, the splitter cannot tell a new paragraph of the answer from the next question
    "1459_resterende-vragen-commissiedebat-vreemdelingenbeleid-2022",
    # a flattened page where the next question's number follows the answer on its line ("… voldoen. 2. Hoeveel
    # bedroeg het aanta" before the cut)
    "1660_nota-begrotingsstaat-defensie-2003-milieukosten",
    # the first held-out letters (holdout1, now training letters), as benchmarks/HOLDOUT.md listed them:
    # a question, its one-line answer and the next question run together in a web page's lines
    "1104_sportpas-jongeren",
    # an answer's second paragraph that opens "Wat ik daarbij … begrijp" reads as the next question
    "1306_kamervragen-az-dijsselbloem-en-marche",
    # the next question's bare number "2" just before the cut is dropped as a page number, so nothing
    # shows that the answer before it was whole
    "1310_lijst-vragen-suppletoire-koninkrijksrelaties-2025",
    # question and answer printed on one line each, with no marker between them: no pairs found
    "1311_antwoorden-rekenkamerrapport-jaarverslag-defensie-2007",
    # letters6 (stored web pages, 2026-12):
    # a flattened table "Partij | Kamerlid | Vraag en Antwoord": the party and name cells ("CDA Biskop, Vraag:",
    # "J.J.G.M.") run into the questions, and no pair is found
    "1701_begroting-ocw-volwasseneneducatie-aka",
    # a page that lost its line breaks: answer 2 (a referral to other members' answers) and question 3 run
    # on inside question 2
    "1709_q-koorts-kinderboerderijen-van-gerven",
    # a docplayer transcript: every PDF page flattened into one line that opens with its page number
    # ("2 2 Vragen CDA-fractie 2. Hebben alle …")
    "1710_voortgangsrapportage-zorgverzekeringswet-modelpolissen",
    # the second held-out letters (holdout2, now training letters), as benchmarks/HOLDOUT.md listed them:
    # a run-on memorie van antwoord with no numbers or markers: no pairs found
    "2111_mva-aow-partnertoeslag-korting",
    # the first line of an unrelated next item, cut off by the excerpt, is read as the rest of answer 2
    "2207_wolf-vogelvrij-verklaren",
    # answer 2 runs on into the next, unnumbered item, whose answer the excerpt cuts off
    "2304_begroting-justitie-2006-wgo-antwoorden-tbs-bibob",
    # the third held-out letters (holdout3, now training letters), as benchmarks/HOLDOUT.md listed them:
    # a PDF whose indented answer ends the excerpt at a full sentence: the cut marker follows the answer itself.
    # Nothing in the text shows that the answer ended there (this PDF starts every sentence on a line of its own),
    # and an excerpt also stops at a sentence end inside an answer: six other annotated excerpts that stop right
    # after a whole sentence of an answer leave that pair out as cut off (022, 036 in the same indented PDF
    # layout, 1025, 1407, 4512, and 6311 held out), so reading such an answer as whole would break them
    "4504_jaarverslag-vws-2020-onderbesteding",
    # question 3 quotes earlier questions and answers («Vraag 4: … Antwoord: 4: …»), elided with "[....]":
    # the splitter takes the quotation as a whole pair 3, the annotator as no complete pair
    "4602_verworven-rechten-huurtoeslag",
    # the fourth held-out letters (holdout4, now training letters), as benchmarks/HOLDOUT.md listed them:
    # questions numbered "4", answers "4.": question 4, whose answer the excerpt does not reach, takes question 5
    # as its answer
    "6501_gevaren-gebruik-lachgas-ploumen",
    # all questions first, then all answers; a footnote ("1 The ESPAD Report 2003 …") between them is read as the
    # answer to question 5
    "6504_alcoholconsumptie-jongeren-espad",
    # an unnumbered schriftelijk overleg without markers, the question reported in the answer's paragraph: no pairs
    "6708_so-belangen-bewindspersonen",
    # an openkamer listing page with two question sets; the second set is read as a second letter and skipped
    "6712_aanbestedingen-spoorwerk-schiphol-prorail",
    # letters8 (stored web pages, 2026-12):
    # a list whose question 1 is asked in lettered parts ("• a. …", "• b. …"), each answered under "Antwoord van
    # het kabinet:": read as unnumbered questions 1, 2 instead of 1a, 1b
    "7504_lijst-vragen-vliegramp-mh17-repatriering",
    # a nota whose second question and its answer share one sentence ("In antwoord op de vraag van de leden … wijst
    # de regering erop dat …"): one pair where the annotator made two
    "7506_rijkssanctiewet-nota-nav-verslag",
    # the fifth held-out letters (holdout5, now training letters), as benchmarks/HOLDOUT.md listed them:
    # questions 1 and 2 printed together, answer 1, then question 2 printed again with "Zie het antwoord op vraag
    # 1.": the splitter makes one pair 1+2 whose answer holds the repeated question, the annotator two pairs
    "7808_pilots-reservisteninzet",
    # a schriftelijk overleg that reports the first question inside the answer's paragraph: no pair 1, and the
    # next item's heading, whose answer the excerpt cuts off, takes id 1
    "8711_so-raad-algemene-zaken-juni-2005-grondwettelijk-verdrag",
    # the sixth held-out letters (holdout6, now training letters), as benchmarks/HOLDOUT.md listed them: the
    # answer right before the cut ends its sentence, and the annotator, counting it whole, kept it; the splitter
    # cannot know the answer stops there and leaves it incomplete
    "9603_boetes-1-km-te-hard",
    "9610_toelaten-elektrische-steps",
    # letters10 (stored web pages, 2026-12): a page that ran the whole letter into one paragraph without any
    # question or answer marker ("… Kent u het bericht …? (1) Ja. Vraag 2 Is het waar …"): the splitter finds one
    # pair, question 1, its "Ja." and question 2 as the question and the cut-off answer to 2 as its answer
    "5006_octrooibox-belangstelling-neree-tot-babberich",
    # a page that numbers every question "1." and heads an answer "vragen 4 en 5": the annotator's two pairs by
    # position, the splitter's one pair 1 holding both
    "5303_afgebroken-vakantiereis-koninklijk-huis-sneller",
    # the seventh held-out letters (holdout7, now training letters), as benchmarks/HOLDOUT.md listed them:
    # a nota whose first answered item is a remark without a question mark ("De leden van de VVD-fractie merken op
    # …"): the splitter starts at the question after it, so its pair 1 is the annotator's pair 2
    "3104_nota-nader-verslag-wet-huis-klokkenluiders",
    # headings shifted by one: the answer to question 2 under "Vraag 3", question 3 under "Antwoord 3"
    "3203_aanpak-anorexia",
    # a schriftelijk overleg whose questions are reported in prose ("De leden van de fractie van de SP hebben …
    # gevraagd …"), each followed by its answer: no pairs found
    "3208_schriftelijk-overleg-regionale-netwerken-eetstoornissen",
    # a web page that runs "Vraag 1. … Antwoord 1. … Vraag 2. …" together in one paragraph: no pairs found
    "3511_veerverbinding-harlingen-terschelling-feitelijke-vragen",
    # letters11 (stored web pages, 2026-12):
    # a web page that marks each reported question "• [1]", "• [2]", its answer an unmarked paragraph: no pairs
    "5701_omgevingswet-uitstel-inwerkingtreding",
    # as 384: "Zie mijn antwoord op vragen 5, 6 en 7." is a complete referral pair to the splitter; the annotator
    # left #3 out because the answers it points to are cut off
    "6002_illegale-aanbieders-vergunning-online-kansspelen",
    # a memorie van antwoord whose remark and reply stand in one unnumbered paragraph: no pairs found
    "6108_openstelling-huwelijk-gelijk-geslacht",
    # holdout8 (stored web pages, 2026-12; training letters since the ninth held-out set):
    # as 6005 was: a schriftelijk overleg whose only complete pair is the members' remark without a question mark
    # ("Zij gaan ervan uit dat de Minister dit onderschrijft.") and the reply: no pairs found
    "3703_schriftelijk-overleg-zesde-actieprogramma-nitraatrichtlijn",
    # answers to a budget debate, each under a heading "Antwoord op de vraag van het kamerlid … over …" that names
    # the question without printing it: no pairs found
    "5603_begroting-vws-2011-antwoorden-eerste-termijn",
    # letters12 (stored web pages, 2026-12):
    # a joint block "4, 5, 6 en 10" whose questions a page footnote ("1 Trouw, 30 oktober 2009") interrupts: the
    # footnote and question 10 after it are read as the answer
    "10213_komst-wolf-natuurmonumenten",
    # holdout9 (stored web pages, 2026-12; training letters since the tenth held-out set):
    # a nota whose paragraphs restate a fraction's remark and answer it in the same paragraph, without numbers or
    # Vraag/Antwoord markers: no pairs found
    "8112_nnav-kaderwet-dienstplicht-1995",
    # a nota extracted from a PDF viewer page as one run-on line ("… Zij vragen of de regering hun mening deelt dat
    # … De wetswijziging staat …"): the ask has no "?" and its answer no paragraph of its own, so no pair is complete
    "8208_embryowet-termijn-artikel-24-nota",
    # a letter that answers a debate's questions under short headings ("Surveilleren in burger", "De noodprocedure"):
    # the heading is read as more of the answer, which runs into the next, cut-off section and looks cut off too
    "8302_douane-rotterdam-surveilleren-noodprocedure",
    # letters13 (stored web pages, 2026-12; collected by genre: lists, nota's, answers to debates):
    # as 6005 was: a nota whose first pair is the members' remark without a question mark and the reply; the next
    # question, cut off, becomes question 1
    "11403_wijziging-wet-op-de-lijkbezorging",
    # a nota in unnumbered paragraphs whose only request has no question mark: no pairs found
    "11404_wijziging-wegenverkeerswet-1994",
    # written answers to a budget debate that print each member's question and the answer without markers or
    # numbers: the answer runs on into the next member's question and its cut-off answer
    "11502_vw-begroting-2004-gvb-spoorwegovergangen",
    "11512_justitie-begroting-1999-preventief-fouilleren",
    # an unnumbered answer letter: its cover text and first two questions and answers are read as one pair
    "11509_lnv-begroting-2000-maastricht-platteland",
    # written answers to a debate whose first question follows the page heading directly and is not seen; the
    # others are numbered from 1
    "11511_apb-2002-publieke-omroep-cultuur-mensenhandel",
    # a question and its answer printed on one line ("… geraamd? Het betreft …"): the answer is read as more of
    # the question, and the page furniture after it as the answer
    "11605_begroting-huis-der-koningin-2004",
    "11606_begroting-algemene-zaken-2003-rvd",
    # the heading "Antwoord 1 en 2" run into the question's last line, and a footnote and the next "Vraag" glued
    # to the answer's: the answer looks cut off
    "11611_bewakers-cellen-gevangenis-sint-maarten",
    # letters14 (stored web pages, 2026-12):
    # a memorie van antwoord run into one paragraph without markers: no pairs found
    "12002_mva-huursubsidiewet-aanvraagprocedure",
    # a schriftelijk overleg whose first question and its "Antwoord vraag 1." stand inside the committee's opening
    # paragraph: only the cut-off question 2 is found
    "12105_schriftelijk-overleg-orgaandonatie-2000",
    # an erratum letter that quotes budget question 31 and its corrected answer inside its own text: the cover text is
    # read as the question
    "12107_erratum-vws-begroting-2018-seh-posten",
    # the splitter's pair 2 is whole, but its answer only points to answer 9, which the excerpt cuts off, so the
    # annotator left it out
    "12205_suppletoire-ocw-najaarsnota-2007",
    # letters15 (stored web pages, 2026-12):
    # nota's and memories van antwoord in prose, where the members' remarks ("De leden van de D66-fractie wezen op
    # …") are no questions by their wording, or the answer takes up the members in the same paragraph as their ask:
    # no pairs found, or the heading ("Algemeen", page furniture) read as the question
    "12602_nnav-grondwetsherzieningsprocedure-1994",
    "12603_nnav-wet-op-het-notarisambt-1996",
    "12605_nnav-wet-op-de-lijkbezorging-asbestemming",
    "12606_mva-visserijwet-1963-wijziging",
    "12608_nnav-wet-bodembescherming-lastenverlichting",
    "12609_nnav-incassoregime-zorgverzekering-2007",
    "12610_nadere-mva-embryowet-2002",
    "12611_nota-eindverslag-scheepvaartverkeerswet-1988",
    "12612_mva-monumentenwet-adviesplicht-2008",
    # a nota whose excerpt ends in the first words of the next members' ask ("Concreet verzoeken d"): they are
    # read as more of the answer, which then looks cut off
    "12601_nnav-richtlijn-industriele-emissies",
    # a minister's reply to a committee's request that restates the request in prose ("De commissie heeft mij
    # gevraagd …"), without numbers or markers: no pairs found
    "12701_samenstelling-commissie-vth",
    "12702_planning-rapport-fipronil-sorgdrager",
    "12703_rappel-reacties-vervanging-f16",
    "12704_openbaarmaking-defensienota-2018",
    "12705_nrc-artikel-f16-commandant-luyt",
    "12706_motie-herindeling-krimpenerwaard",
    # letters16 (stored web pages, 2026-12):
    # letters17 (stored web pages, 2026-12):
    # a question that quotes an earlier question and its answer ("Vraag 20, 21 en 22 … Antwoord 20, 21 en 22 …")
    # before asking its own: the quote is read as a pair, and the real answer goes with it
    "13601_wob-verzoeken-bewust-vertraagd-dwangsommen",
    # an excerpt cut after the next question's bare number ("4"): a bare number may be a page number, so answer 3,
    # which is whole, is read as cut off
    "13605_lva-begroting-algemene-zaken-2011",
    # a page flattened into one line whose excerpt ends in the page's footer and footnotes: answer 1 may go on
    # over the page, so it is read as cut off; the annotator took it as whole
    "14011_overheidsvordering-belastingdienst-bankrekening",
    # letters18 (stored web pages, 2026-12):
    # a page that lists the four questions above the answer letter, which repeats them with their answers: the list
    # and the letter are read as one pair
    "14405_wilde-bijen-bijensterfte-2008",
    # question 3 printed without its "Vraag 3.": it is read as more of answer 2
    "14508_flesvoeding-nutricia",
    # a memorie van antwoord that takes up the members' remark and answers it in one paragraph: no pair found
    "14613_mva-gezamenlijk-gezag-geregistreerd-partnerschap",
    # letters19 (stored web pages, 2026-12):
    # a web page whose next item ("Mededeling – 11 januari 2021 …") follows the last answer: read as more of it, cut off
    "15204_noodsteun-startende-horecaondernemer",
    # holdout10 (stored web pages, 2026-12; training letters since the twelfth held-out set):
    # every question and every answer numbered "1." (a word processor's lost numbering): read as one question 1
    # whose answer runs on to the cut
    "10803_kamervragen-nota-zeehavens",
    # a joint "Vraag 2, 3" whose wrapped PDF lines hold a subscript ("CO" / "2") and footnotes: the next question
    # and the footnotes are read as the answer, which the annotator found cut off
    "10811_stikstof-130-km-smaling",
    # answer 3 stops mid-sentence ("… kost het halen van een A") where the page lost its end, and question 4 follows:
    # the annotator left it out as cut, the splitter cannot see the loss
    "11212_kinderen-steeds-slechter-zwemmen",
    # the other way round from 9808, 11209 and 11210: answer 1 ends "… heb ik een aantal acties lopen:", the list
    # lost from the page, and the annotator counted it whole; the splitter marks such an answer incomplete
    "1103_buitenspeelbeleid-gemeenten",
    # letters20 (stored web pages, 2026-12):
    # a nota that reports the members' question inside the opening clause of the government's reply ("Naar aanleiding
    # van de vraag van de leden van de VVD-fractie of …, merk ik op dat …"): no pair found
    "16711_nnav-markttoezicht-registerloodsen",
    # holdout12 (stored web pages, 2026-12; training letters since the thirteenth held-out set), as
    # benchmarks/HOLDOUT.md listed them:
    # a table flattened by the page, one column lost ("Conform Inrichtingsplan"): the annotator restored it from
    # the letter, and the cut after answer 2 falls in a row the splitter cannot tell from the answer's end
    "15401_tekort-wijkagenten",
    # a web page that replaced question 1's "?" by its footnote numbers and prints "Ja." under it: questions 1 and
    # 2 are read as one, and answer 2 runs into the cut-off question after it
    "15704_onderzoek-effect-mondkapjes",
    # a nota cut one letter into its next paragraph ("D" of "De leden …"): the letter is read as more of the
    # answer, which is then cut
    "15903_herindeling-de-friese-meren-nnav",
    # answer 3 ends "Zie verder antwoord vraag 4." and the excerpt cuts question 4: the annotator left the pair out,
    # since the answer it points to is lost; the splitter reads answer 3 as whole
    "16108_trouwlocaties-rolduc-gelijk-geslacht",
    # letters21 (stored web pages, 2026-12):
    # a memorie van antwoord whose answer to one remark runs into the answer to the next, a VVD remark the excerpt
    # cuts: the pair is read as cut
    "18401_mva-wet-notarisambt-1998",
    # a nota that takes up the SP members' question inside its opening thanks ("De leden van de SP-fractie vragen
    # of …") and answers it in the same paragraph: no pair found
    "18407_nnav-curatele-bewind-mentorschap-2012",
    # letters22 (stored web pages, 2026-12):
    # a letter that lists all eight questions first and the numbered answers after them: read as one pair
    "18507_gokautomaten-holland-casino",
    # a web page cut in its footnotes ("[1] www…", "[2] www…") after the last answer: the answer is read as cut
    "18508_formule-1-terughalen-zandvoort",
    # a lijst of 1995 whose section heading opens the first question and whose next two questions run on in its
    # answer, which the cut then ends
    "18706_lva-integriteit-openbare-sector-1995",
    # a nota that quotes the D66 members' remark and answers it inside its introduction: only the VVD question after
    # it, whose answer is cut, is found
    "18712_nota-verslag-wet-financiering-politieke-partijen",
    # a blog page that runs question and answer together without line breaks: no pairs found
    "19204_service-banken-verzorgingshuizen",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="known splitter gap")) if n in KNOWN_GAPS else n for n in _annotated_letters()],
)
def test_published_letter_splits_into_its_complete_pairs(name):
    expected = [json.loads(line)["question_id"] for line in (ROOT / "annotations" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    letter = read_letter(SOURCES / f"{name}.txt")
    assert [p.question_id for p in letter.pairs if p.complete] == expected
    # an excerpt cut off with "[...]" leaves the pair whose text it cuts incomplete; a cut after a
    # bare "Vraag 2", in a page footer or in a second letter cuts no pair
    source = (SOURCES / f"{name}.txt").read_text(encoding="utf-8").rstrip()
    last_line = source.removesuffix("[...]").rstrip().splitlines()[-1]
    # (a last line of one or two letters, "A" of "Antwoord", says too little to find it in a pair)
    if (source.endswith("[...]") and not re.fullmatch(r"\W*(?:Vraag|Antwoord)?\s*\d*\W*", last_line)
            and len(_letters(last_line)) >= 3):
        tail = _letters(last_line)[-25:]
        assert not any(p.complete for p in letter.pairs if _letters(p.question + p.answer).endswith(tail))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def test_a_lijst_numbers_its_questions_past_999():
    body = "".join(
        f"{n} Hoeveel militairen waren er op {n % 28 + 1} maart inzetbaar?\n\nOp die dag waren het er {n}.\n\n" for n in range(1, 1004)
    )
    letter = split_letter("LIJST VAN VRAGEN EN ANTWOORDEN\n\nDe commissie heeft vragen gesteld.\n\n" + body)
    assert [p.question_id for p in letter.pairs] == [str(n) for n in range(1, 1004)]
    assert pair(letter, "999").answer == "Op die dag waren het er 999."
    assert pair(letter, "1000").question == "Hoeveel militairen waren er op 21 maart inzetbaar?"


KAMERVRAGEN = """Vragen van het lid {who} aan de minister van Defensie over {topic} (ingezonden 3 maart 2025).

Antwoord van minister Brekelmans (Defensie) (ontvangen 24 maart 2025).

Vraag 1

Kent u het bericht over {topic}?

Antwoord 1

Ja.

Vraag 2

Wat gaat u doen aan {topic}?

Antwoord 2

Ik informeer de Kamer voor de zomer over {topic}.
"""


def test_two_letters_in_one_file_keep_ids_unique_and_warn_about_the_second():
    first = KAMERVRAGEN.format(who="Van Dijk (SP)", topic="het munitietekort")
    second = KAMERVRAGEN.format(who="Boswijk (CDA)", topic="de kazernes in Zeeland")
    with pytest.warns(UserWarning, match=r"second letter starts at line \d+ \('Vragen van het lid Boswijk"):
        letter = split_letter(first + "\n" + second, "twee")
    assert [p.question_id for p in letter.pairs] == ["1", "2"]
    assert pair(letter, "2").answer == "Ik informeer de Kamer voor de zomer over het munitietekort."
    assert letter.meta.askers == ["SP"]


def test_a_number_printed_twice_still_gives_unique_ids():
    text = "Vraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n\nVraag 1\nKent u het rapport?\n\nAntwoord 1\nNee.\n"
    with pytest.warns(UserWarning, match="printed more than once: 1 → 1~2"):
        letter = split_letter(text, "dubbel")
    assert [p.question_id for p in letter.pairs] == ["1", "1~2"]
    assert pair(letter, "1~2").answer == "Nee."


# Layouts found in published letters, written anew: the rules must hold beyond the letters they came from.
LAYOUT_CASES = {
    "begroting-table-vraag-antwoord": ("""Schriftelijke antwoorden op vragen bij de begroting van Financiën

Kamerlid

Fractie

Jansen, P.

SP

Vraag:

Waarom stijgen de kosten van de Belastingdienst dit jaar zo sterk?

Antwoord:

De kosten stijgen door de vervanging van verouderde systemen.

Vries, A. de

CDA

Vraag:

Wanneer ontvangt de Kamer het plan voor de toeslagen?

Antwoord:

Het plan volgt voor de zomer.
""", [("1", "SP", "Waarom stijgen", "systemen."), ("2", "CDA", "Wanneer ontvangt", "voor de zomer.")]),
    "bijvoegsel-vraag-van": ("""BIJVOEGSEL

Schriftelijke antwoorden van de minister van Justitie op vragen gesteld in de eerste termijn.

Vraag van het lid Kuiken (PvdA): Hoeveel zaken liggen er nog bij de rechtbanken?

Er liggen ongeveer 12.000 zaken op behandeling te wachten. Dat aantal daalt sinds maart.

Vraag van mevrouw Helder (PVV) over de capaciteit van de gevangenissen.

De capaciteit is voldoende. Er staan 400 cellen leeg.
""", [("1", "PvdA", "Hoeveel zaken", "sinds maart."), ("2", "PVV", "Vraag van mevrouw Helder", "cellen leeg.")]),
    "memorie-van-antwoord-reported-questions": ("""MEMORIE VAN ANTWOORD

Met belangstelling heb ik kennisgenomen van de vragen van de leden van de fracties van het CDA en de SP.

De leden van de CDA-fractie vragen de regering of de invoering kan worden uitgesteld tot 2027. Zij wijzen op de zorgen van gemeenten. De invoeringsdatum blijft 1 juli 2026. Gemeenten krijgen extra ondersteuning.

De leden van de SP-fractie vragen hoeveel huishoudens erop vooruitgaan. Naar schatting gaan 1,2 miljoen huishoudens erop vooruit.
""", [("1", "CDA", "De leden van de CDA-fractie vragen", "extra ondersteuning."),
      ("2", "SP", "De leden van de SP-fractie vragen", "erop vooruit.")]),
    "questions-first-then-answers": ("""Vragen van het lid Tang (PvdA) aan de minister van Financiën over de verkoop van een bank. (Ingezonden 3 januari 2009)

1

Bent u bekend met het artikel «Verkoop bank geblokkeerd»?

2

Klopt het dat de toezichthouder de verkoop heeft tegengehouden?

Antwoord

Antwoord van minister Bos (Financiën) (ontvangen 20 januari 2009)

1

Ja.

2

Nee. De toezichthouder heeft geen rol bij een verkoop.
""", [("1", "PvdA", "Bent u bekend", "Ja."), ("2", "PvdA", "Klopt het", "rol bij een verkoop.")]),
    "web-page-one-question-per-line": ("""Het bericht ‘Scholen sluiten door personeelstekort’ |
|
Jan de Vries (CDA) |
|
Piet Jansen (minister onderwijs) (VVD) |
|
Kent u het bericht ‘Scholen sluiten door personeelstekort’?
Ja.
Hoeveel scholen zijn dit jaar tijdelijk gesloten?
Wat gaat u doen om het tekort aan leraren terug te dringen?
Ik investeer 200 miljoen euro in zij-instroom.
""", [("1", "CDA", "Kent u", "Ja."), ("2", "CDA", "Hoeveel scholen", ""), ("3", "CDA", "Wat gaat u doen", "zij-instroom.")]),
    "antwoord-numbers-name-the-pair": ("""Vraag 1

Bent u bekend met het bericht «Misbruik in de kazerne»?

Antwoord 1

Ja.

Vraag 2

Welke mogelijkheden heeft u om op te treden?

Vraag 3

Welke steun is in 2015 aangeboden?

Is het waar dat er openingen zijn geboden? Welke waren dat?

Antwoord 3 en 4

In 2015 is een gesprek gevoerd. Dat gesprek was vertrouwelijk.

Naar boven
""", [("1", None, "Bent u bekend", "Ja."), ("2", None, "Welke mogelijkheden", ""),
      ("3+4", None, "Welke steun", "was vertrouwelijk.")]),
    "table-rows-with-question-and-answer-inline": ("""De vaste commissie heeft vragen gesteld over de begroting van het Deltafonds.
Vraag: Kunt u aangeven hoeveel kilometer dijk wordt versterkt? Antwoord: In 2025 wordt 40 kilometer dijk versterkt. |
|
Vraag: a. Wanneer is het programma klaar? b. Zo nee, waarom niet? Antwoord: Het programma loopt tot 2050. |
|
""", [("1", None, "Kunt u aangeven", "40 kilometer dijk versterkt."), ("2", None, "a. Wanneer", "loopt tot 2050.")]),
    "lijst-with-a-joint-heading": ("""LIJST VAN VRAGEN EN ANTWOORDEN

1 en 2

Hoeveel geld is vrijgekomen door de personeelstekorten?

Hoe is dat geld besteed?

Er is 175 miljoen euro vrijgekomen. Het is besteed aan inhuur en werving.

3

Hoeveel is bespaard op oefeningen?

Er is 12 miljoen euro bespaard.
""", [("1+2", None, "Hoeveel geld", "werving."), ("3", None, "Hoeveel is bespaard", "bespaard.")]),
    "question-sheet-above-the-answer-letter": ("""Privacyschendingen door Facebook

Vragen van de leden Kuiken en Van den Hul (beiden PvdA) aan de Minister voor Rechtsbescherming over privacyschendingen door Facebook (ingezonden 6 april 2018).

Vraag 1
Kent u het bericht «Gegevens Nederlandse Facebookgebruikers in handen Cambridge Analytica»?

Vraag 2
Wat kunnen Nederlandse gedupeerden doen om te achterhalen wat er met hun data is gebeurd?

Antwoord op vragen van de leden Kuiken en Van den Hul over privacyschendingen door Facebook

Vragen van de leden Kuiken en Van den Hul (beiden PvdA) aan de Minister voor Rechtsbescherming over privacyschendingen door Facebook (ingezonden 6 april 2018).

Antwoord van Minister Dekker (Rechtsbescherming) (ontvangen 29 mei 2018).

Vraag 1

Kent u het bericht «Gegevens Nederlandse Facebookgebruikers in handen Cambridge Analytica»?

Antwoord 1

Ja.

Vraag 2

Wat kunnen Nederlandse gedupeerden doen om te achterhalen wat er met hun data is gebeurd?

Antwoord 2

Zij kunnen een klacht indienen bij de Autoriteit Persoonsgegevens.
""", [("1", "PvdA", "Kent u", "Ja."), ("2", "PvdA", "Wat kunnen", "Persoonsgegevens.")]),
    "answers-after-the-questions-one-joint-out-of-order": ("""Vragen van de leden Vos en Van Dam (beiden PvdA) aan de staatssecretaris van Economische Zaken over telefonische verkoop. (Ingezonden 20 november 2008)

1

Heeft u kennisgenomen van het verzoek van de Ombudsman?

2

Deelt u de mening dat consumenten slachtoffer kunnen worden?

3

Bent u het met het voorstel eens?

4

Wat vindt u van het idee om onderscheid te maken?

5

Ziet u het voorstel als een aanvulling?

Antwoord

Antwoord van staatssecretaris Heemskerk (Economische Zaken). (Ontvangen 15 december 2008)

1

Ja.

2

Ja.

3 en 5

De bedenktijd wordt in de Europese richtlijn geregeld.

4

Dat onderscheid is lastig te maken.
""", [("1", "PvdA", "Heeft u", "Ja."), ("2", "PvdA", "Deelt u", "Ja."), ("3+5", "PvdA", "Bent u", "geregeld."),
      ("4", "PvdA", "Wat vindt u", "lastig te maken.")]),
    "lijst-with-a-joint-heading-with-its-point": ("""LIJST VAN VRAGEN EN ANTWOORDEN

1.

Heeft de Kustwacht schepen onderschept?

Nee, de Kustwacht heeft geen smokkelwaar aangetroffen.

2 en 3.

Hoe beïnvloedt de situatie de plannen? Hoe stelt de Kustwacht zich hierop in?

De bewaking van de grenzen is een hoofdtaak.

4.

Hoeveel patrouilles zijn er gevaren?

Er zijn 40 patrouilles gevaren.
""", [("1", None, "Heeft de Kustwacht", "aangetroffen."), ("2+3", None, "Hoe beïnvloedt", "hoofdtaak."),
      ("4", None, "Hoeveel patrouilles", "gevaren.")]),
    "table-row-cells-before-the-marker": ("""Kamerlid\tFractie\tVraag en antwoord

Rouwe, S. de\tCDA\tVraag 1:

Bent u bereid een nationaal monument voor verkeersslachtoffers te steunen?

Antwoord 1:

Ik overweeg steun als er voldoende draagvlak is.

Mastwijk, J.\tVVD\tVraag 2:

Wanneer wordt de A67 verbreed?

Antwoord 2:

De verbreding start in 2027.
""", [("1", "CDA", "Bent u bereid", "draagvlak is."), ("2", "VVD", "Wanneer wordt", "start in 2027.")]),
    # lijsten on a Voorjaarsnota since 2024 (12503, 9404): the number alone, then "Vraag:" and "Antwoord:" labels
    "number-then-vraag-label": ("""De voorzitter van de commissie, P. de Groot
1
Vraag:
Is er sprake van vertraging bij projecten nu er kasschuiven plaatsvinden?
Antwoord:
Vooralsnog zijn er geen signalen dat de kasschuiven leiden tot vertragingen.
2
Vraag:
Wat is de vrij besteedbare ruimte op deze begroting?
Antwoord:
De vrij besteedbare ruimte is € 12 miljoen.
""", [("1", None, "Is er sprake", "tot vertragingen."), ("2", None, "Wat is de vrij", "€ 12 miljoen.")]),
    # a lijst of 2014 (12506): "Vraag: 1", the number after the label's colon
    "vraag-colon-number": ("""De griffier van de commissie, Sneep

Vraag: 1

Hoeveel wordt er in totaal uitgegeven aan fietsprogramma's?

Antwoord:

In totaal wordt aan deze projecten € 137 miljoen uitgegeven.

Vraag: 2

Wat is de planning van de Uitvoeringsagenda?

Antwoord:

De uitvoeringsagenda betreft een periode van 10 jaar.
""", [("1", None, "Hoeveel wordt", "miljoen uitgegeven."), ("2", None, "Wat is de planning", "van 10 jaar.")]),
}


@pytest.mark.parametrize("name", LAYOUT_CASES)
def test_layouts_of_published_letters_written_anew(name):
    text, expected = LAYOUT_CASES[name]
    letter = split_letter(text, name)
    got = [(p.question_id, p.party, p.question, p.answer) for p in letter.pairs]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (qid, party, question, answer), (_, want_party, starts, ends) in zip(got, expected, strict=True):
        assert party == want_party, qid
        assert question.startswith(starts) and answer.endswith(ends), qid
    assert all(p.complete == bool(p.answer) for p in letter.pairs)
    assert not any("?" in p.answer or "Vraag" in p.answer or "Naar boven" in p.answer or "CDA" in p.answer for p in letter.pairs)


def test_a_party_page_that_lists_the_questions_above_the_answer_letter_is_read_from_the_letter():
    """The Partij voor de Dieren's pages (13206, 14902, 10912): the questions as a list, then "Geachte Voorzitter,"
    or "Antwoorden op kamervragen van …" and the letter, which repeats each question with its answer. Before, the
    list and the letter were read as one pair "1+2"."""
    text = ("Kamervragen aan de minister van LNV over de uitbraak van varkenspest\n\nIndiendatum: jul. 2008\n\n"
            "  1. Kent u het bericht ‘Varkenspest in Slowakije’?\n"
            "  2. Kunt u aangeven hoeveel transporten van levende varkens plaatsvinden?\n\n"
            "Antwoorddatum: 10 aug. 2008\n\nGeachte Voorzitter,\n\n"
            "1\nKent u het bericht ‘Varkenspest in Slowakije’?\n\nJa.\n\n"
            "2\nKunt u aangeven hoeveel transporten van levende varkens plaatsvinden?\n\n"
            "Het gaat om ongeveer 400 transporten per jaar.\n")
    letter = split_letter(text, "varkenspest")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [
        ("1", "Ja."), ("2", "Het gaat om ongeveer 400 transporten per jaar.")]


def test_an_antwoord_marker_run_onto_the_end_of_the_question_line_opens_the_answer():
    """"Vraag 2. / Bent u van mening …? Zo ja, welke actie gaat u ondernemen? Antwoord / Ik acht …" (14508): the
    marker lost its line break; before, the answer was read as more of the question."""
    text = ("Antwoorden op kamervragen van Kant over flesvoeding van Nutricia.\n"
            "Vraag 1.\nWat is uw reactie op het artikel in het blad Kinderen?\nAntwoord\n"
            "Ik heb het ter beoordeling voorgelegd aan de Keuringsdienst van Waren.\n"
            "Vraag 2.\nBent u van mening dat hiermee de Warenwet is overtreden? Zo ja, welke actie gaat u "
            "ondernemen? Antwoord\nIk acht het artikel een mogelijke overtreding van het Warenwetbesluit.\n")
    letter = split_letter(text, "nutricia")
    assert [(p.question_id, p.question, p.answer) for p in letter.pairs] == [
        ("1", "Wat is uw reactie op het artikel in het blad Kinderen?",
         "Ik heb het ter beoordeling voorgelegd aan de Keuringsdienst van Waren."),
        ("2", "Bent u van mening dat hiermee de Warenwet is overtreden? Zo ja, welke actie gaat u ondernemen?",
         "Ik acht het artikel een mogelijke overtreding van het Warenwetbesluit.")]


def test_vraag_1_glued_after_the_closing_bracket_of_the_received_date_opens_question_1():
    """"… (ontvangen 17 april 2018).Vraag 1" (15203, 11901): a page that lost the line break before the first marker
    after a closing bracket; before, question 1 was not seen."""
    text = ("Vragen van het lid Kröger (GroenLinks) aan de Minister van Landbouw over pulsvissen (ingezonden 27 maart "
            "2018). Antwoord van Minister Schouten (Landbouw) (ontvangen 17 april 2018).Vraag 1\n"
            "Bent u bekend met het bericht over pulsvissen?\nAntwoord 1\nJa.\nVraag 2\n"
            "Klopt het dat het onderzoek is vertraagd?\nAntwoord 2\nNee.\n")
    letter = split_letter(text, "pulsvissen")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [("1", "Ja."), ("2", "Nee.")]


def test_a_numbered_vraag_and_antwoord_label_is_not_question_or_answer_text():
    """"1. Vraag" over the question and "1. Antwoord" over its answer (2402), or "2 Vraag" (14108): the labels head
    the question and the answer; before, "Vraag" opened the question's text and "Antwoord" the answer's."""
    text = ("Antwoorden op de kamervragen over uitspraken van de directeur betaald voetbal van de KNVB\n\n"
            "1. Vraag\nHebt u kennisgenomen van het artikel over de politieacties?\n\n1. Antwoord\nJa.\n\n"
            "2 Vraag\nDeelt u de mening dat de bonden een verkeerde weg zijn ingeslagen?\n\n"
            "2. Antwoord\nPolitieambtenaren hebben net als elke werknemer het recht om actie te voeren.\n")
    letter = split_letter(text, "knvb")
    assert [(p.question_id, p.question, p.answer) for p in letter.pairs] == [
        ("1", "Hebt u kennisgenomen van het artikel over de politieacties?", "Ja."),
        ("2", "Deelt u de mening dat de bonden een verkeerde weg zijn ingeslagen?",
         "Politieambtenaren hebben net als elke werknemer het recht om actie te voeren.")]


def test_a_page_flattened_into_one_line_with_numbered_markers_splits_at_them():
    """An Aanhangsel page whose text came out as one line, markers without colons (14011): "… (ingezonden 5 december
    2013). Vraag 1 Klopt het …? Antwoord 1 De Belastingdienst …". Before, no pairs were found."""
    text = ("Vragen van de leden Omtzigt en Heerma (beiden CDA) aan de Staatssecretaris van Financiën over de "
            "overheidsvordering (ingezonden 5 december 2013). Vraag 1 Klopt het dat de Belastingdienst zonder "
            "toestemming mag afschrijven? Antwoord 1 De Belastingdienst heeft sinds 2009 die bevoegdheid. Vraag 2 "
            "Hoe vaak is dat gebeurd? Antwoord 2 Dat is in 2013 12.000 keer gebeurd.\n")
    letter = split_letter(text, "overheidsvordering")
    assert [(p.question_id, p.question, p.answer) for p in letter.pairs] == [
        ("1", "Klopt het dat de Belastingdienst zonder toestemming mag afschrijven?",
         "De Belastingdienst heeft sinds 2009 die bevoegdheid."),
        ("2", "Hoe vaak is dat gebeurd?", "Dat is in 2013 12.000 keer gebeurd.")]


def test_the_question_number_repeated_over_its_answer_is_not_answer_text():
    """Answers printed under their question's number again (13411, 2510, 8202): "1" question, "1." answer,
    "3. en 4." under questions 3 and 4. The number heads the answer; it is not the answer's first words."""
    text = """Antwoorden op Kamervragen van het Kamerlid Bergkamp (D66) over het testen van pillen

1

Heeft u kennisgenomen van het artikel over het testen van drugs op festivals?

1.

Ja.

2

Klopt het dat maatregelen bewezen effectief moeten zijn?

2.

Dat is correct.

3

Hoe beoordeelt u de uitkomsten van het onderzoek?

4

Deelt u de mening dat testen levens kan redden?

3. en 4.

In Nederland kunnen drugs wel getest worden, via het DIMS.
"""
    letter = split_letter(text, "pillen-testen")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [
        ("1", "Ja."), ("2", "Dat is correct."), ("3+4", "In Nederland kunnen drugs wel getest worden, via het DIMS.")]


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
        # "yes"/"no" as the scores CSV writes it: a spreadsheet user filters both files alike
        assert {row["complete"] for row in csv.DictReader(io.StringIO(text))} == {"yes", "no"}


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


@pytest.mark.parametrize("tail", ["Vraa", "Vraag (2", "• V", "V", "2."])
def test_an_excerpt_cut_in_the_next_question_leaves_the_answer_before_it_whole(tail: str) -> None:
    text = ("Vraag 1\nHoeveel strafbeschikkingen zijn er in 2024 uitgevaardigd?\n\nAntwoord 1\n"
            f"In 2024 zijn er 52.900 opgelegd.\n\n{tail}\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True)]
    assert pairs[0].answer == "In 2024 zijn er 52.900 opgelegd."


def test_questions_and_answers_marked_v_and_a_split_into_their_pairs() -> None:
    """A web page reposting a letter with "V." and "A." before each question and answer (3301): the markers
    came along into the texts, and the next question, cut off, ran on into the answer before it."""
    text = ("Antwoorden op kamervragen over de proteststoet\n\n"
            "V. Heeft u kennisgenomen van het artikel «Platform eist recht op voetbal»?\nA. Ja.\n\n"
            "V. Hoe beoordeelt u het besluit van de burgemeester?\nA. Dat is een lokale verantwoordelijkheid.\n\n"
            "V. Klopt het bericht dat stadionverboden steeds vaker door de rech\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs[:2]] == [("1", True), ("2", True)]
    assert pairs[0].question.startswith("Heeft u kennisgenomen") and pairs[0].answer == "Ja."
    assert pairs[1].answer == "Dat is een lokale verantwoordelijkheid."
    assert not any(p.complete for p in pairs[2:])


def test_a_vraag_marker_broken_in_two_by_the_extraction_still_opens_its_question() -> None:
    """'Vr aag 2' (3106): the marker's words stuck to the answer or the question beside them."""
    text = ("Vr aag 1\nKent u het bericht?\n\nAntwoord op vraag 1\nJa.\n\n"
            "Vr aag 2\nWat is uw reactie?\n\nAntwoord op vraag 2\nIk laat mij niet uit over een individueel onderzoek.\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.question, p.answer) for p in pairs] == [
        ("1", "Kent u het bericht?", "Ja."),
        ("2", "Wat is uw reactie?", "Ik laat mij niet uit over een individueel onderzoek.")]


def test_an_answer_listing_a_and_b_keeps_its_letters() -> None:
    text = ("Vraag 1\nWelke opties zijn er?\n\nAntwoord 1\nEr zijn twee opties:\nA. de weg verbreden;\n"
            "B. een tunnel aanleggen.\nA. en B. worden onderzocht.\n")
    assert split_letter(text).pairs[0].answer.endswith("A. en B. worden onderzocht.")


def test_a_sentence_wrapped_before_vraag_and_its_number_stays_in_the_answer() -> None:
    """'… Zie voorts het antwoord op' / 'vraag 1.' (5310): a lower-case 'vraag 1.' after a line that ends no sentence
    finishes that sentence; it opened a question 1 of its own and the answer lost its last words."""
    text = ("Vraag 1\nWaarom bent u akkoord?\n\nAntwoord 1\nDat is een persoonlijke afweging.\n\n"
            "Vraag 2\nWelke afspraken heeft u gemaakt?\n\nAntwoord 2\nIk heb geen afspraken gemaakt. Zie voorts het antwoord op\n"
            "vraag 1.\n\nVraag 3\nHoe is de continuïteit gewaarborgd?\n\nAntwoord 3\nDoor een waarnemer.\n")
    pairs = split_letter(text).pairs
    assert [p.question_id for p in pairs] == ["1", "2", "3"]
    assert pairs[1].answer == "Ik heb geen afspraken gemaakt. Zie voorts het antwoord op vraag 1."


def test_an_excerpt_cut_after_a_bare_number_leaves_the_answer_before_it_cut() -> None:
    """A lone "3" before the cut is as likely the page number of a page the answer runs on to as the next
    question's number; "2." (9812) is the next item's."""
    text = ("Vraag 1\nHoeveel strafbeschikkingen zijn er in 2024 uitgevaardigd?\n\nAntwoord 1\n"
            "In 2024 zijn er 52.900 opgelegd.\n\n3\n[...]\n")
    assert [(p.question_id, p.complete) for p in split_letter(text).pairs] == [("1", False)]


@pytest.mark.parametrize("marked", [False, True])
def test_a_cut_paragraph_that_opens_like_a_question_ends_the_answer_before_it_only_without_question_markers(
        marked: bool) -> None:
    """A web page without markers, cut in "Was er een belscript voor …" (951): the next question, and the answer
    before it is whole. Where "Vraag 3" lines number the questions, a question opens with its marker, so a cut
    paragraph that opens "Hoeveel meer organen …, is moeilijk te voorspellen" goes on the answer (7408)."""
    if marked:
        text = ("Vraag 1\nHoeveel organen komen beschikbaar?\n\nAntwoord 1\nDat hangt af van de procedure.\n\n"
                "Hoeveel meer organen beschikbaar komen, is moeilijk te voorspellen. Overigens zal niet in alle\n[...]\n")
    else:
        text = ("Vragen van het lid Van der Lee (GL) aan de minister.\n\n"
                "Kent u het bericht over de telefoonlijn?\nJa.\nHoe werd de telefoonlijn bemand?\n"
                "De lijn werd bemand door medewerkers van de GGD.\n"
                "Was er een belscript voor degenen die de telefoon opnamen\n[...]\n")
    pairs = split_letter(text).pairs
    complete = [p.question_id for p in pairs if p.complete]
    assert complete == ([] if marked else ["1", "2"])
    assert pairs[-1 if marked else 1].answer.endswith("niet in alle" if marked else "van de GGD.")


@pytest.mark.parametrize(("tail", "whole"), [("Bent", True), ("Waarom", True), ("Op", False), ("Wat", False)])
def test_an_excerpt_cut_after_the_first_word_of_the_next_question_leaves_the_answer_before_it_whole(
        tail: str, whole: bool) -> None:
    """A web page with one question or answer per line, cut after "Bent" of "Bent u …" (4401); "Op" and "Wat"
    ("Op dit moment …", "Wat betreft …") open an answer's next sentence as well, and leave it cut off."""
    text = ("Vragen van het lid Van der Lee (GL) aan de minister.\n\n"
            "Kent u het bericht «Maak haast met gasloos»?\nJa, ik ken dit bericht.\n"
            "Zou het convenant sneller leiden tot resultaten als de aansluitplicht wordt geschrapt?\n"
            f"De relatie tussen het convenant en de aansluitplicht is beperkt.\n{tail}\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True), ("2", whole)]
    assert pairs[1].answer.endswith("beperkt.") == whole


def test_an_unnumbered_question_cut_off_before_its_question_mark_still_ends_the_answer_before_it() -> None:
    """A web page with one question or answer per line, cut in a question that opens with its verb."""
    text = ("Vragen van het lid Wassenberg (PvdD) aan de minister.\n\n"
            "Bent u zich ervan bewust dat de wet in 2013 in werking trad?\nJa.\n"
            "Kunt u uiteenzetten hoe de termijn is overschreden?\nZie antwoord vraag 1.\n"
            "Bestaan er op uw ministerie problemen met de prioriteit die aan diere\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True), ("2", True), ("3", False)]
    assert pairs[1].answer == "Zie antwoord vraag 1."


@pytest.mark.parametrize("cut", [
    "Stijgt ook in Nederland het aantal gevallen van zelfmutilatie explosief on",  # 11202, a tenth held-out letter
    "In welk opzicht verschilt h",  # 15702, a twelfth held-out letter
    "Leidt dit tot langere wachtlijsten in de gg",
    "Dalen de wachttijden daarmee onder de Treeknor",
    "Noopt de hele ongemakkelijke positie van Ne",  # 17109, a thirteenth held-out letter
])
def test_an_unnumbered_question_cut_off_before_its_verb_or_its_which_still_ends_the_answer_before_it(cut: str) -> None:
    """The excerpt cuts the next question before its "?": one that opens with its verb ("Stijgt", "Leidt") or with
    "In welk(e)" opens no answer's sentence, so the answer before it was whole."""
    text = ("Vragen van het lid Bikker (CU) aan de minister.\n\n"
            "Kent u het bericht over de mentale gezondheid van jongeren?\nJa.\n"
            "Klopt het dat het aantal gevallen van suïcide daalt?\n"
            f"De CBS-data laten over de afgelopen jaren een stabiel beeld zien.\n{cut}\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True), ("2", True), ("3", False)]
    assert pairs[1].answer == "De CBS-data laten over de afgelopen jaren een stabiel beeld zien."


def test_an_unnumbered_answer_that_points_to_an_answer_to_other_members_is_an_answer() -> None:
    """A web page with one question or answer per line: "In het antwoord op vraag 2 van de leden …" names
    members, as the context of a reported question does, but it answers the question above it (2604)."""
    text = ("Vragen van het lid Kops (PVV) aan de staatssecretaris.\n\n"
            "Bent u bekend met het bericht?\nJa.\n"
            "Klopt het dat ambtenaren zijn ingezet bij het afhandelen van een privékwestie?\n"
            "In het antwoord op vraag 2 van de leden Arib en Kathmann over deze aangelegenheid is uiteengezet hoe "
            "deze is behandeld.\n"
            "Waarom is de Kamer daarover niet eerder geïnformeerd?\nDe Kamer is op 3 maart geïnformeerd.\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True), ("2", True), ("3", True)]
    assert pairs[1].question.endswith("privékwestie?")
    assert pairs[1].answer.startswith("In het antwoord op vraag 2 van de leden Arib")


NOTA = "NOTA NAAR AANLEIDING VAN HET VERSLAG\n\nMet belangstelling heb ik kennisgenomen van het verslag.\n\n"


def test_a_question_reported_in_the_past_tense_is_a_question() -> None:
    """A nota reports what the members asked in the past tense ("vroegen of …", 3909): before, no pairs."""
    text = NOTA + ("De leden van de VVD-fractie vroegen of de meter verplicht blijft. De meter is niet verplicht.\n\n"
                   "De leden van de SP-fractie wilden weten hoeveel meters er zijn. Het zijn er twee miljoen.\n")
    pairs = split_letter(text).pairs
    assert [(p.question, p.answer) for p in pairs] == [
        ("De leden van de VVD-fractie vroegen of de meter verplicht blijft.", "De meter is niet verplicht."),
        ("De leden van de SP-fractie wilden weten hoeveel meters er zijn.", "Het zijn er twee miljoen.")]


def test_an_ask_reported_as_a_deed_is_a_question_and_a_request_to_react_is_not() -> None:
    """"[2] De leden … hebben een vraag gesteld over …" in a memorie van antwoord that numbers the questions it
    answers (2807), and "hebben gevraagd of/naar …" (1802); "hebben gevraagd om te reageren" asks no question
    (a nota's introduction takes it up, 957). Before, the first question ran on through every answer."""
    text = NOTA + ("De leden van de CDA-fractie hebben gevraagd om te reageren op het commentaar. Dat volgt.\n\n"
                   "Vragen van de leden van de VVD-fractie\n\n"
                   "[1] De leden van de VVD-fractie hebben een vraag gesteld over de kennis bij kleine gemeenten.\n\n"
                   "De kennis blijft bij de kennisinstellingen.\n\n"
                   "[2] De leden van de VVD-fractie hebben gevraagd of de bodem beschermd blijft.\n\nDat blijft zo.\n")
    pairs = split_letter(text).pairs
    assert [(p.question[:40], p.answer) for p in pairs] == [
        ("[1] De leden van de VVD-fractie hebben e", "De kennis blijft bij de kennisinstellingen."),
        ("[2] De leden van de VVD-fractie hebben g", "Dat blijft zo.")]


def test_the_members_question_as_the_subject_of_its_answer_opens_a_question() -> None:
    """"De vraag van de leden … of … kan bevestigend worden beantwoord." (3909): before, it ran on in the answer
    above it."""
    text = NOTA + ("De leden van de VVD-fractie vragen of de meter verplicht blijft. De meter is niet verplicht.\n\n"
                   "De vraag van de leden van de VVD-fractie of de privacy is geborgd, kan bevestigend worden "
                   "beantwoord. De Wbp geldt.\n")
    pairs = split_letter(text).pairs
    assert [p.answer for p in pairs] == ["De meter is niet verplicht.", "De Wbp geldt."]
    assert pairs[1].question.startswith("De vraag van de leden van de VVD-fractie of de privacy")


def test_the_members_first_question_named_as_a_noun_opens_a_question() -> None:
    """"De eerste vraag van de leden … is welk deel …" and "De leden … openden met de vraag welke …" (12607,
    12608, nota's of 1999 and 2012): before, the first read as the heading's answer, the second as nothing."""
    text = NOTA + ("De eerste vraag van de leden van de fractie van de PvdA is welk deel van de besparing wordt "
                   "gerealiseerd.\n\nDoor de indexering wordt structureel f 74,9 miljoen bespaard.\n\n"
                   "De leden van de fractie van D66 openden met de vraag welke bepalingen uit het convenant "
                   "voortvloeien.\n\nDit wetsvoorstel vloeit als geheel voort uit het convenant.\n")
    pairs = split_letter(text).pairs
    assert [(p.question[:40], p.answer) for p in pairs] == [
        ("De eerste vraag van de leden van de frac", "Door de indexering wordt structureel f 74,9 miljoen bespaard."),
        ("De leden van de fractie van D66 openden ", "Dit wetsvoorstel vloeit als geheel voort uit het convenant.")]


def test_an_ask_that_refers_back_to_the_members_named_before_it_is_a_question() -> None:
    """"De leden van de VVD-fractie lezen dat … Zij vragen de regering …" (4112, 1801): the question starts at the
    sentence that named the askers, even inside the paragraph of the answer before it. Before, "Zij vragen" asked
    nothing: the first nota had no pairs, and here the question ran on in the SP answer."""
    text = NOTA + ("De leden van de SP-fractie vragen of het verbod in de tram geldt. Dat is zo. "
                   "De leden van de VVD-fractie lezen dat een algemeen verbod niet nodig is. "
                   "Zij vragen de regering dit te onderbouwen.\n\n"
                   "De regering acht een algemeen verbod niet nodig. Mensen bepalen zelf hoe zij over straat gaan.\n")
    pairs = split_letter(text).pairs
    assert [(p.question, p.answer) for p in pairs] == [
        ("De leden van de SP-fractie vragen of het verbod in de tram geldt.", "Dat is zo."),
        ("De leden van de VVD-fractie lezen dat een algemeen verbod niet nodig is. Zij vragen de regering dit te "
         + "onderbouwen.",
         "De regering acht een algemeen verbod niet nodig. Mensen bepalen zelf hoe zij over straat gaan.")]


def test_an_ask_after_another_verb_of_the_askers_reports_a_question() -> None:
    """"De leden van de VVD-fractie vinden … Zij kijken uit naar het actieplan en vragen hoe breed …" (7310): the
    members' paragraph is a question though its ask follows another verb; a "Zij" that refers to others than the
    members (the municipalities of an answer) asks nothing."""
    text = NOTA + ("De leden van de VVD-fractie vinden het een goede zaak dat het referendum wordt afgeschaft. "
                   "Zij kijken uit naar het actieplan en vragen hoe breed de strekking daarvan is.\n\n"
                   "Voor de zomer komt er een actieplan met drie speerpunten.\n\n"
                   "De leden van de PVV-fractie vragen of de gemeenten zijn gehoord.\n\n"
                   "De gemeenten zijn gehoord. Zij kijken uit naar het plan en vragen of het snel komt.\n")
    pairs = split_letter(text).pairs
    assert [p.answer for p in pairs] == ["Voor de zomer komt er een actieplan met drie speerpunten.",
                                         "De gemeenten zijn gehoord. Zij kijken uit naar het plan en vragen of het "
                                         "snel komt."]
    assert pairs[0].question.endswith("vragen hoe breed de strekking daarvan is.")


def test_the_said_members_are_the_askers_as_these_members_are() -> None:
    """"De genoemde leden vragen …" reports a question and "Genoemde leden lezen …" opens one, as "Deze leden …" do
    (6207, 4511). Before, both ran on in the answer above them."""
    text = NOTA + ("De leden van de VVD-fractie vragen of de meter verplicht blijft. De meter is niet verplicht.\n\n"
                   "De genoemde leden vragen of de meter slim is. Dat is hij.\n\n"
                   "Genoemde leden lezen dat de meter veel kost. Wat kost de meter?\n\nDe meter kost 80 euro.\n")
    pairs = split_letter(text).pairs
    assert [p.answer for p in pairs] == ["De meter is niet verplicht.", "Dat is hij.", "De meter kost 80 euro."]
    assert pairs[1].question == "De genoemde leden vragen of de meter slim is."


@pytest.mark.parametrize(("tail", "whole"), [("Ik ben de leden van de fractie v", True),
                                             ("Ik dank de leden van de SP-fractie voor", True),
                                             ("In overleg hebben de leden van de werkgroep", False)])
@pytest.mark.parametrize("printed", [True, False])  # a printed nota, or a web page with a paragraph a line
def test_an_excerpt_cut_in_a_paragraph_that_turns_to_a_fractions_members_leaves_the_answer_before_it_whole(
        tail: str, whole: bool, printed: bool) -> None:
    """A nota turns to its next question by naming a fraction's members ("Ik ben de leden van de fractie van …
    dankbaar", 4505); an answer's own paragraphs do not open so, though they may name other members."""
    paragraphs = ["De leden van de VVD-fractie vragen of de meter verplicht blijft.", "De meter is niet verplicht.",
                  "De leden van de PVV-fractie vragen naar de problematiek van gedetineerden.",
                  "Hier is veel onderzoek naar gedaan.", tail]
    text = (NOTA + "\n\n".join(paragraphs) if printed else "\n".join(paragraphs)) + "\n[...]\n"
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs[:2]] == [("1", True), ("2", whole)]
    assert pairs[1].answer == "Hier is veel onderzoek naar gedaan." + ("" if whole else f"\n{tail}")


def test_an_answer_that_takes_up_the_members_words_is_an_answer() -> None:
    """"Zoals de leden van de VVD-fractie hebben opgemerkt, acht de regering …" and "Het kabinet deelt … van de
    leden" name the members, as a reported question's context does, but answer it (4112). Before, no pairs."""
    text = NOTA + ("De leden van de VVD-fractie vragen de regering te onderbouwen waarom een verbod niet nodig is.\n\n"
                   "Zoals de leden van de VVD-fractie hebben opgemerkt, acht de regering een verbod niet nodig.\n\n"
                   "De leden van de CDA-fractie vragen of de regering het uitgangspunt deelt.\n\n"
                   "Het kabinet deelt het uitgangspunt van de leden van de CDA-fractie.\n")
    pairs = split_letter(text).pairs
    assert [p.answer for p in pairs] == [
        "Zoals de leden van de VVD-fractie hebben opgemerkt, acht de regering een verbod niet nodig.",
        "Het kabinet deelt het uitgangspunt van de leden van de CDA-fractie."]


def test_an_answer_marker_at_the_end_of_the_question_line_opens_the_answer_on_the_next_line() -> None:
    """Budget answers printed "Welk percentage …? Antwoord 3:" with the answer below (2311): before, questions 3
    and 6 ran together as one block with no answer."""
    text = ("Antwoorden op begrotingsvragen Jeugd & Gezin 2011:\n\n"
            "Vraag 3:\nWelk percentage van de kinderen zit op dit moment in de Jeugdzorg? Antwoord 3:\n"
            "In 2009 was 2,1% van de kinderen van 0 tot 18 jaar in jeugdzorg.\n"
            "Vraag 6:\nWordt er onderzoek gedaan naar het effect van preventie? Antwoord 6:\n"
            "Er wordt steeds meer bekend over de effecten van preventie.\n")
    letter = split_letter(text)
    assert [p.question_id for p in letter.pairs] == ["3", "6"]
    assert pair(letter, "3").question == "Welk percentage van de kinderen zit op dit moment in de Jeugdzorg?"
    assert pair(letter, "3").answer == "In 2009 was 2,1% van de kinderen van 0 tot 18 jaar in jeugdzorg."


def test_a_lijst_printed_in_part_skips_question_numbers_that_stand_alone_above_a_question() -> None:
    """The part of a lijst one ministry answers: "1", then "45" and "55" (1706). A bare number above a line
    that asks is the next question however far it skips; a bare number above plain text is not."""
    text = ("Vastgesteld 18 november 2010\n\n"
            "1\nWelke daling van de instroom zal worden gerealiseerd?\nDe daling is niet te voorspellen.\n"
            "45\nHoeveel vreemdelingen zijn sinds 1 juli 2010 op straat beland?\nDat zijn er 12.\n"
            "60\nprocent van de aanvragen wordt binnen acht dagen beslist.\n")
    letter = split_letter(text)
    assert [p.question_id for p in letter.pairs] == ["1", "45"]
    assert pair(letter, "1").answer == "De daling is niet te voorspellen."
    assert pair(letter, "45").answer.startswith("Dat zijn er 12.")


def test_questions_printed_first_in_double_spaced_short_lines_get_their_numbered_answers_even_a_joint_one() -> None:
    """Aanhangsel 1522 (2010) as a PDF extraction gives it (2602): the questions in short lines with a blank
    line after each, then "Antwoord", then the answers numbered again, "2 en 3" answering two at once."""
    text = ("Vragen van het lid Van Gent (GroenLinks) aan de minister-president (ingezonden 28 januari 2010)\n\n"
            "1\n\nKent u het bericht dat het\n\nNederlands Koningshuis het op één\n\nna duurste Koningshuis van Europa\n\n"
            "is?\n\n2\n\nHerinnert u zich uw toezegging?\n\n3\n\nZiet u aanleiding om kritisch te kijken naar de kosten?\n\n"
            "Antwoord\n\n1 Ja.\n\n2 en 3\n\nIn het debat heb ik aangegeven dat ook deze begroting kritisch wordt bezien.\n")
    letter = split_letter(text)
    assert [p.question_id for p in letter.pairs] == ["1", "2+3"]
    assert pair(letter, "1").question == "Kent u het bericht dat het Nederlands Koningshuis het op één na duurste Koningshuis van Europa is?"
    assert pair(letter, "1").answer == "Ja."
    assert pair(letter, "2+3").answer.startswith("In het debat heb ik aangegeven")


def test_a_numbered_question_without_a_question_mark_ends_where_a_whole_sentence_follows() -> None:
    text = ("1\n\nWat is de stand van zaken van het project\n\nHet project ligt op schema.\n\n"
            "2\n\nWanneer is het klaar?\n\nIn 2027.\n")
    letter = split_letter(text)
    assert pair(letter, "1").question == "Wat is de stand van zaken van het project"
    assert pair(letter, "1").answer == "Het project ligt op schema."


def test_an_amount_wrapped_onto_its_own_line_does_not_open_a_question() -> None:
    """"… behoort tot de groep van" / "2.000–3.000 gezinnen die de regie kwijt is?" (4204): "2." is no question
    number when a digit follows the point (1008 lost its first question to "1.714" the same way)."""
    text = ("LIJST VAN VRAGEN EN ANTWOORDEN\n\nVragen en antwoorden zijn hierna afgedrukt.\n\n"
            "1\nWelke criteria worden gehanteerd om te bepalen of een gezin behoort tot de groep van\n"
            "2.000–3.000 gezinnen die de regie kwijt is?\nEr worden geen harde criteria gesteld.\n"
            "2\nHoeveel gezinnen zijn inmiddels in beeld gebracht?\nEr zijn 40 casussen aangedragen.\n")
    letter = split_letter(text)
    assert [p.question_id for p in letter.pairs] == ["1", "2"]
    assert pair(letter, "1").question.endswith("tot de groep van 2.000–3.000 gezinnen die de regie kwijt is?")
    assert pair(letter, "1").answer == "Er worden geen harde criteria gesteld."


def test_a_footnote_printed_after_the_last_answer_is_not_part_of_it() -> None:
    """officielebekendmakingen.nl prints the footnotes after the letter ("X Noot", its number, its text): an
    excerpt cut there cuts no answer, and the footnote is not the answer's text (6801). A footnote under a
    table inside an answer, with the answer going on after it, stays where it is (2312)."""
    head = "Vraag 1\nHoeveel visa zijn geweigerd?\n\nAntwoord 1\nIn 2023 zijn er 1.204 geweigerd.\n\n"
    letter = split_letter(head + "\nX Noot\n1\n\nDe Ware Tijd, 28\n[...]\n")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True)]
    assert letter.pairs[0].answer == "In 2023 zijn er 1.204 geweigerd."
    inside = split_letter(head + "X Noot\n1\n\nInclusief tribunalen\n\nDaarnaast zijn er 35 ingetrokken.\n\n"
                          "Vraag 2\nWaarom?\n\nAntwoord 2\nDat staat in de wet.\n")
    assert [p.question_id for p in inside.pairs] == ["1", "2"]
    assert inside.pairs[0].answer.endswith("Daarnaast zijn er 35 ingetrokken.")


def test_an_excerpt_cut_in_an_answer_leaves_that_pair_incomplete() -> None:
    text = ("Vraag 1\nHoeveel strafbeschikkingen zijn er in 2024 uitgevaardigd?\n\nAntwoord 1\n"
            "In 2024 zijn er 52.900 opgelegd.\n\nWat betreft de overtredingen is het aantal\n[...]\n")
    assert [(p.question_id, p.complete) for p in split_letter(text).pairs] == [("1", False)]


def test_a_lijst_that_brackets_its_question_numbers_keeps_each_marker_out_of_the_answer_before():
    """Lists of questions and answers since 2024 print "Vraag (2):" on a line of its own."""
    letter = split_letter(
        "LIJST VAN VRAGEN EN ANTWOORDEN\n\nVragen en antwoorden zijn hierna afgedrukt.\n\n"
        "Vraag (1):\nHoeveel geld is gereserveerd?\nAntwoord:\nEr is € 3 miljoen gereserveerd.\n"
        "Vraag (2):\nZiet u mogelijkheden om samen te voegen?\nAntwoord:\nDeze mogelijkheden worden onderzocht.\n"
    )
    assert [p.question_id for p in letter.pairs] == ["1", "2"]
    assert pair(letter, "1").answer == "Er is € 3 miljoen gereserveerd."
    assert pair(letter, "2").question == "Ziet u mogelijkheden om samen te voegen?"


def test_a_line_naming_who_asks_above_each_vraag_marker_is_not_a_question_of_its_own():
    """Written answers in a budget debate: "Vraag van het lid X (SP)", then "Vraag: …" and "Antwoord: …"."""
    letter = split_letter(
        "Schriftelijke antwoorden op vragen gesteld in de eerste termijn van de begroting.\n\n"
        "Vraag van het lid Van Bommel (SP)\n\nVraag: Deelt de regering deze opvatting?\n\n"
        "Antwoord: De regering hecht aan de territoriale integriteit.\n\n"
        "Vraag van het lid Ten Broeke (VVD)\n\nVraag: Wanneer krijgt de Kamer de inzet?\n\n"
        "Antwoord: Voor de Top in april.\n"
    )
    assert [(p.question_id, p.party, p.question) for p in letter.pairs] == [
        ("1", "SP", "Deelt de regering deze opvatting?"), ("2", "VVD", "Wanneer krijgt de Kamer de inzet?")]
    assert pair(letter, "1").answer == "De regering hecht aan de territoriale integriteit."


def test_a_web_pages_signatory_block_after_the_last_answer_is_not_part_of_it():
    letter = split_letter(
        "Vragen van het lid Van Raan (PvdD) aan de staatssecretaris (ingezonden 1 maart 2019).\n\n"
        "Vraag 1\nBent u bereid de Nationale ombudsman te vragen?\n\nAntwoord 1\n"
        "Ik zie geen rol voor de Nationale ombudsman.\nOndertekenaars\n-\nEerste ondertek\n[...]\n"
    )
    assert [(p.question_id, p.complete, p.answer) for p in letter.pairs] == [
        ("1", True, "Ik zie geen rol voor de Nationale ombudsman.")]


def test_a_kamervragen_pages_closing_list_of_submitters_is_not_part_of_the_last_answer():
    """A Tweede Kamer page closes with "Indiener(s)" and the names under it (17609, a thirteenth held-out
    letter; 9309, whose page lost the names): both were read as the last answer's closing words."""
    body = ("Vraag 1\n\nHeeft u kennisgenomen van het bericht?\n\nAntwoord\n\nJa.\n\n"
            "Vraag 2\n\nGaat u reageren?\n\nAntwoord\n\nIk heb met mijn ambtgenoot gesproken.\n\n")
    for footer in ("Indiener(s)\n\nStef  Blok\n", "Indiener(s)\n", "Medeindiener(s)\n\nJan Jansen\n\nPiet Pieters\n"):
        letter = split_letter(body + footer)
        assert [(p.question_id, p.answer) for p in letter.pairs] == [("1", "Ja."),
                                                                    ("2", "Ik heb met mijn ambtgenoot gesproken.")], footer


def test_a_kamervragen_pages_signatories_and_related_documents_are_not_part_of_the_last_answer():
    """6302: the answer quoted in a report ended "… F.B.J. Grapperhaus, minister van Justitie en Veiligheid
    Gerelateerde documenten Hier vindt u documenten die gerelateerd zijn aan bovenstaand Kame"."""
    letter = split_letter(
        "Vraag 1\nBent u bereid de OVV te vragen?\nAntwoord 1\nHet is niet aan mij daarover uitspraken te doen.\n"
        "Ondertekenaars\n-\nEerste ondertekenaar\nF.B.J. Grapperhaus, minister van Justitie en Veiligheid\n"
        "Gerelateerde documenten\nHier vindt u documenten die gerelateerd zijn aan bovenstaand Kamerstuk.\n")
    assert pair(letter, "1").answer == "Het is niet aan mij daarover uitspraken te doen."


def test_an_answer_that_goes_on_after_a_line_reading_indieners_keeps_its_text():
    """The heading closes the page only when at most a few names follow it: a sentence after it is the answer's."""
    letter = split_letter("Vraag 1\n\nWie dienden het amendement in?\n\nAntwoord\n\nDe indieners waren:\n\n"
                          "Indieners\n\nDe leden Jansen en Pieters hebben het amendement ingediend.\n")
    assert pair(letter, "1").answer.endswith("De leden Jansen en Pieters hebben het amendement ingediend.")


def test_a_numbered_list_inside_an_answer_does_not_open_the_next_question():
    """A lijst numbering its questions on lines of their own; answer 2 lists posts as "1. …", "2. …", "3. …"."""
    letter = split_letter(
        "LIJST VAN VRAGEN EN ANTWOORDEN\n\nVragen en antwoorden\n"
        "1\nHoeveel ambassades zijn gesloten?\nAntwoord:\nEr zijn nog geen ambassades gesloten.\n"
        "2\nWelke ambassades gaat u sluiten?\nAntwoord:\nHet voornemen is om drie ambassades te sluiten:\n"
        "1. Bujumbura (Burundi)\n2. Havanna (Cuba)\n3. Juba (Zuid-Soedan)\nDat volgt later.\n"
        "3\nWelke posten worden het hardst geraakt?\nAntwoord:\nDat is nog niet bekend.\n"
    )
    assert [p.question_id for p in letter.pairs] == ["1", "2", "3"]
    answer = pair(letter, "2").answer
    assert "\n3. Juba (Zuid-Soedan)" in answer and answer.endswith("Dat volgt later.")
    # where questions carry their text after the number, "3." stays a question as before
    inline = split_letter(
        "LIJST VAN VRAGEN EN ANTWOORDEN\n\nVragen en antwoorden\n"
        "1. Hoeveel ambassades zijn gesloten?\nEr zijn er twee gesloten:\n1. Havanna\n2. Juba\n"
        "2. Welke posten volgen?\nDat is nog niet bekend.\n"
    )
    assert [p.question_id for p in inline.pairs] == ["1", "2"]


def test_a_vraag_marker_glued_to_the_sentence_before_still_opens_its_question() -> None:
    """A web page that lost a line break: "… met antwoorden.Vraag 1" (7711) opens question 1 as a marker on
    its own line would."""
    letter = split_letter(
        "Kamerlid De Wit heeft vragen gesteld. Hierbij de kamervragen met antwoorden.Vraag 1\n"
        "Wat is uw reactie op het bericht?\n\nAntwoord\nIk kan mij voorstellen dat mensen verrast zijn.\n\n"
        "Vraag 2\nHoe is dat mogelijk?\n\nAntwoord\nDe wet verhoogt de boete met de helft.\n"
    )
    assert [(p.question_id, p.question) for p in letter.pairs] == [
        ("1", "Wat is uw reactie op het bericht?"), ("2", "Hoe is dat mogelijk?")]
    assert pair(letter, "1").answer == "Ik kan mij voorstellen dat mensen verrast zijn."


def test_a_first_question_glued_to_the_pages_case_number_or_title_is_the_question_alone() -> None:
    """Saved pages that lost the line break before question 1: after the case number ("Zaaknummer: 2017D31696
    Herinnert u zich …", 16906) or after the title ("… roofvogels is1 Bent u …", 16912, both thirteenth
    held-out letters). The case number, or the title's end and the number, were read as question text."""
    rest = "\nJa.\n\n2 Wat vindt u van de cijfers?\nIk vind die zorgelijk.\n"
    by_case = split_letter("Antwoord op vragen van het lid Kuiken over grondwater\n\nKeywords:\n"
                           "Zaaknummer: 2017D31696 Herinnert u zich de eerdere antwoorden?\n\n\nAntwoord\nJa.\n\n"
                           "Wat vindt u van de cijfers?\n\n\nAntwoord\nIk vind die zorgelijk.\n")
    by_title = split_letter("Keywords:\n\nBeantwoording vragen over het bericht over roofvogels"
                            "1 Bent u bekend met het bericht?" + rest)
    for letter, first in ((by_case, "Herinnert u zich de eerdere antwoorden?"), (by_title, "Bent u bekend met het bericht?")):
        assert [(p.question_id, p.question, p.answer) for p in letter.pairs] == [
            ("1", first, "Ja."), ("2", "Wat vindt u van de cijfers?", "Ik vind die zorgelijk.")]


def test_a_title_that_ends_in_a_number_keeps_it() -> None:
    """Only a "1" glued to a word of the title and followed by a capital opens question 1: "… over artikel 1
    van de Grondwet" is the title's own number."""
    letter = split_letter("Antwoord op vragen van het lid Jansen over artikel 1 Grondwet\n\nVraag 1\n"
                          "Kent u het bericht?\n\nAntwoord 1\nJa.\n")
    assert [(p.question_id, p.question) for p in letter.pairs] == [("1", "Kent u het bericht?")]


def test_answers_to_a_fractions_questions_under_their_heading_carry_its_party() -> None:
    """"Antwoorden op vragen van de CDA-fractie" heads the answers to that fraction's questions (11514, a
    budget debate's written answers); its pairs had no party, so a report by party put them under
    "(partij onbekend)". A heading of the minister's answer names no fraction and opens no section."""
    letter = split_letter(
        "Schriftelijke antwoorden van de minister op vragen gesteld in de eerste termijn\n\n"
        "Antwoorden op vragen van de CDA-fractie\n\nVraag:\n\nHoe zit het met de inspecties?\n\n"
        "Antwoord:\n\nDe inspecties worden per 1 januari gebundeld.\n\nVraag:\n\nWat kost dat?\n\n"
        "Antwoord:\n\nHet kost 4 miljoen euro.\n")
    assert [(p.question_id, p.party) for p in letter.pairs] == [("1", "CDA"), ("2", "CDA")]
    plain = split_letter("Antwoord van de minister van Defensie\n\nVraag 1\nKent u het bericht?\n\n"
                         "Antwoord 1\nJa.\n")
    assert [(p.question_id, p.section) for p in plain.pairs] == [("1", None)]


def test_a_table_of_contents_printed_one_cell_per_line_is_not_read_as_questions() -> None:
    """A nota's web page prints its contents as "1." / "Inleiding" / "2" on lines of their own (9011). Where
    no question paragraph is found before the excerpt's cut, the numbered cells were read as questions 1+2
    and 3 whose answers were the titles after them; no answer holds a line of the contents now."""
    contents = "".join(f"{number}\n\n{title}\n\n{page}\n\n" for number, title, page in [
        ("1.", "Inleiding", 2), ("2.", "Aanleiding", 3), ("2.1.", "Achtergrond problematiek", 4),
        ("2.2.", "Redenen voor de regulering", 4), ("3.", "Inhoud van het wetsvoorstel", 9),
        ("3.1.", "Algemeen", 9), ("4.", "Evaluatie", 24)])
    letter = split_letter(
        "Nr. 6 NOTA NAAR AANLEIDING VAN HET VERSLAG\n\nMet belangstelling heb ik kennisgenomen van het verslag. "
        "In het navolgende wordt ingegaan op de vragen en opmerkingen uit het verslag.\n\nInhoudsopgave\n\n"
        + contents + "1. Inleiding\n\nDe leden van de fractie van GroenLinks ontvangen graag op korte termijn de "
        "antwoorden op schriftelijke vragen die zij hebben gesteld.\n\nIn reactie op dit verzoek zond ik u op "
        "14 februari 2020 de antwoorden toe.\n\nDe leden van de fractie van GroenLinks vragen of de regering "
        "erkent dat platforms\n[...]\n"
    )
    assert letter.pairs and not any(
        title in pair.question + pair.answer for pair in letter.pairs
        for title in ("Aanleiding", "Achtergrond problematiek", "Inhoud van het wetsvoorstel", "Evaluatie"))


def test_an_answer_line_that_ends_in_a_web_address_ends_before_the_next_question() -> None:
    """A web page prints each question and each answer on a line of its own, and an answer may end in the address
    of the report it names, with no stop after it (8207, holdout9). The next question's line was taken into the
    answer's paragraph, and the pair became one question: question 1, its answer and question 2."""
    letter = split_letter(
        "Heeft u kennisgenomen van het evaluatierapport over het coronabeleid in Duitsland?1\n"
        "Ja, ik heb kennisgenomen van dit evaluatierapport. Het rapport kan worden geraadpleegd via: "
        "https://www.bundesgesundheitsministerium.de/fileadmin/Dateien/Evaluationsbericht.pdf\n"
        "Kunt u reflecteren op het cijfer van 2,5 miljoen Duitsers in het rapport?\n"
        "In het genoemde evaluatierapport staat dat cijfer nergens vermeld.\n"
    )
    assert [(p.question_id, p.question) for p in letter.pairs] == [
        ("1", "Heeft u kennisgenomen van het evaluatierapport over het coronabeleid in Duitsland?"),
        ("2", "Kunt u reflecteren op het cijfer van 2,5 miljoen Duitsers in het rapport?")]
    assert pair(letter, "1").answer.endswith("Evaluationsbericht.pdf")


@pytest.mark.parametrize(("line", "answer"), [
    ("Kent u het bericht 'Beroepsvissers werken aan schieraalverhuizing? 1) Ja.", "Ja."),
    ("Waarom is de B-component gebaseerd op het uitgavenniveau medio 2002? De ontwerpbegroting is gebaseerd op het "
     "meest actuele cijfermateriaal.", "De ontwerpbegroting is gebaseerd op het meest actuele cijfermateriaal."),
    ("Wat was uw motivatie? Deelt u de opvatting dat zo'n oproep het probleem groter maakt? Met mijn oproep wilde ik "
     "wijzen op de verantwoordelijkheid van bestuurders.", "Met mijn oproep wilde ik wijzen op de verantwoordelijkheid "
     "van bestuurders."),  # 17803, a letters21 letter
])
def test_a_question_and_its_answer_on_one_numbered_line_are_split(line: str, answer: str) -> None:
    """A list of questions may print a question and its answer on one line ("1 Waarom …? De ontwerpbegroting is …",
    11605; a footnote number between them, "…? 1) Ja.", 10906, a tenth held-out letter). The answer was read as more
    of the question, and question 2 after it as well."""
    letter = split_letter(f"1\n{line}\n\n2\nIs dit in andere landen ook zo?\nNee, daar is het anders geregeld.\n")
    assert (pair(letter, "1").question, pair(letter, "1").answer) == (line[: line.rindex("?") + 1], answer)
    assert pair(letter, "2").answer == "Nee, daar is het anders geregeld."


@pytest.mark.parametrize("line", [
    "Hoeveel kost de regeling per jaar? Graag een overzicht per ministerie.",
    "Kunt u de afhankelijkheid per domein inzichtelijk maken? De leden van de fractie vragen dit voor ten minste "
    "deze domeinen.",
])
def test_a_request_or_the_members_words_after_the_question_mark_stay_the_question(line: str) -> None:
    """What follows a question's "?" on its line is its answer only when it opens as an answer and does not speak of
    the members: "De leden van de fractie … vragen dit voor …" goes on asking (seed 004, X-2)."""
    letter = split_letter(f"Vraag 1\n{line}\nAntwoord 1\nHet antwoord staat op een eigen regel.\n\n"
                          "Vraag 2\nIs dit in andere landen ook zo?\nAntwoord 2\nNee, daar is het anders geregeld.\n")
    assert (pair(letter, "1").question, pair(letter, "1").answer) == (line, "Het antwoord staat op een eigen regel.")


@pytest.mark.parametrize("markers", ["1", "1, 2", "1 2 3"])
def test_a_question_whose_question_mark_a_footnote_replaced_ends_before_its_answer(markers: str) -> None:
    """A web page may drop a question's "?" and print its footnote number straight after the closing quote
    ("… scheep ons niet zomaar af»»1", 8206, holdout9; "… viruses»1, 2", 15704, holdout12). The "Ja." after it and
    the next question were read as more of the question, so question 1 took question 2 in and its answer was lost."""
    letter = split_letter(
        f"Heeft u kennisgenomen van het bericht «Annemiek overleed na haar vaccinatie: «Neem ons verhaal serieus»»{markers}\n"
        "Ja.\n"
        "Deelt u de mening dat nabestaanden geholpen moeten worden?\n"
        "Ja. Nabestaanden hebben behoefte aan helderheid.\n"
    )
    assert [(p.question_id, p.answer) for p in letter.pairs] == [
        ("1", "Ja."), ("2", "Ja. Nabestaanden hebben behoefte aan helderheid.")]
    assert pair(letter, "2").question == "Deelt u de mening dat nabestaanden geholpen moeten worden?"


@pytest.mark.parametrize(("tail", "whole"), [
    ("Als u het onacceptabel vindt dat raadsleden gedwongen worden, wilt u dan een onderzoek in", True),
    ("Indien de gemeente daarom vraagt, kunt u dan", True),
    ("Als de gemeente daarom vraagt, dan kijk ik opnieuw naar de", False),
])
def test_an_excerpt_cut_in_a_conditional_question_leaves_the_answer_before_it_whole(tail: str, whole: bool) -> None:
    """A web page's next question may put its condition first and ask after the comma ("Als u … vindt, wilt u dan
    …"); an excerpt cut before its "?" left that line in the answer before it, which then looked cut off too (8008,
    holdout9). An answer's own condition goes on with "dan" and is still the answer."""
    letter = split_letter(
        "Bent u bekend met het bericht «Chantage in Flevoland»?\nJa.\n"
        "Deelt u de mening dat dit onaanvaardbaar is?\n"
        "Met de gemeente worden constructieve gesprekken gevoerd over het aanmeldcentrum.\n"
        f"{tail}\n[...]\n"
    )
    answer = pair(letter, "2")
    assert answer.complete is whole
    assert (answer.answer == "Met de gemeente worden constructieve gesprekken gevoerd over het aanmeldcentrum.") is whole


def test_a_government_sites_share_links_under_the_last_answer_are_no_part_of_it() -> None:
    """A page saved from a government site ends in its share widget and further reading ("Deel: ' … '",
    "Lees ook"), where the excerpt may be cut (15301, a twelfth held-out letter): the last answer is whole."""
    text = ("Antwoord van de heer Van Aartsen, Minister van Buitenlandse Zaken\n\nop vragen van het Kamerlid Blaauw\n\n"
            "Vraag 1\n\nIs het U bekend dat de regering heeft toegezegd een ambassade in Slovenië te openen?\n\n"
            "Antwoord:\n\nJa.\n\nVraag 2\n\nKunt u aangeven op welke termijn genoemde ambassade zal worden geopend?\n\n"
            "Antwoord:\n\nIn 1999 zal een voorstel worden gedaan voor reservering van gelden.\n\n"
            "Deel: ' Van Aartsen over Kamervragen inzake ambassade Slovenië '\nLees ook\n[...]\n")
    pairs = split_letter(text).pairs
    assert [(p.question_id, p.complete) for p in pairs] == [("1", True), ("2", True)]
    assert pairs[1].answer == "In 1999 zal een voorstel worden gedaan voor reservering van gelden."


@pytest.mark.parametrize("marker", ["Antwoord van minister Bruins", "Antwoord van het kabinet:",
                                    "Antwoord van de staatssecretaris"])
def test_an_answer_marker_that_names_who_answers_is_no_part_of_the_answer(marker: str) -> None:
    """"Antwoord van minister Bruins" over every answer (3303; 15705, a twelfth held-out letter), "Antwoord van het
    kabinet:" in a list (7504): the marker line was read as the answer's first words."""
    letter = split_letter(f"Vraag 1\n\nKent u het artikel?\n\n{marker}\n\nJa.\n\n"
                          f"Vraag 2\n\nBent u bereid dit te doen?\n\n{marker}\n\nNee, dat ben ik niet.\n")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [("1", "Ja."), ("2", "Nee, dat ben ik niet.")]


def test_a_letters_heading_that_names_who_answers_is_no_answer_marker() -> None:
    """"Antwoord van Minister Ollongren (Binnenlandse Zaken …) (ontvangen …)" heads the whole letter."""
    letter = split_letter("Antwoord van Minister Ollongren (Binnenlandse Zaken en Koninkrijksrelaties) (ontvangen 3 mei 2021)"
                          "\n\nVraag 1\n\nKent u het artikel?\n\nAntwoord 1\n\nJa.\n")
    assert [(p.question_id, p.question, p.answer) for p in letter.pairs] == [("1", "Kent u het artikel?", "Ja.")]


def test_an_answer_that_ends_announcing_a_list_that_is_not_there_is_incomplete() -> None:
    """"… Enkele voorbeelden van de huidige inzet:" and then the next question (11209; 11210, 9808): the page lost
    the list or table the answer announced, so the pair is marked incomplete, as an excerpt's cut is."""
    letter = split_letter("Vraag 1\nKent u het bericht?\nAntwoord 1\nJa.\n\nVraag 2\nWat gaat u doen?\nAntwoord 2\n"
                          "Ik onderneem actie. Enkele voorbeelden van de huidige inzet:\n\nVraag 3\nWanneer?\n"
                          "Antwoord 3\nIn mei.\n")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True), ("2", False), ("3", True)]


@pytest.mark.parametrize("heading", ["Antwoord 1–3", "Antwoord 1-3", "Antwoord op 1 t/m 3"])
def test_an_answer_heading_with_a_range_of_numbers_answers_all_of_them(heading: str) -> None:
    """"Antwoord 1–3" with an en dash (17604, a thirteenth held-out letter): the range was not read, so the pair
    was numbered 1 and its answer opened with "–3". Its last sentence, "Mede-ondertekening door Nederland …",
    is answer text, not the page's list of signatories."""
    letter = split_letter("Vraag 1\n\nKent u het bericht?\n\nVraag 2\n\nWat is de strekking?\n\nVraag 3\n\n"
                          f"Waarom steunt u het?\n\n{heading}\n\nDe brief herhaalt een verzoek uit 2013.\n\n"
                          "Mede-ondertekening door Nederland past in het staande beleid.\n\n"
                          "Vraag 4\n\nIs dit gewenst?\n\nAntwoord 4\n\nJa.\n")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [
        ("1+2+3", "De brief herhaalt een verzoek uit 2013.\nMede-ondertekening door Nederland past in het staande beleid."),
        ("4", "Ja."),
    ]


def test_an_answer_heading_antwoord_op_with_numbers_opens_the_joint_answer() -> None:
    """"Antwoord op 2 en 3" (17609, a thirteenth held-out letter) was read as the answer's first words."""
    letter = split_letter("Vraag 1\n\nKent u het bericht?\n\nAntwoord\n\nJa.\n\nVraag 2\n\nWat vindt u ervan?\n\n"
                          "Vraag 3\n\nGaat u reageren?\n\nAntwoord op 2 en 3\n\nIk heb met mijn ambtgenoot gesproken.\n")
    assert [(p.question_id, p.answer) for p in letter.pairs] == [("1", "Ja."),
                                                                ("2+3", "Ik heb met mijn ambtgenoot gesproken.")]


def test_a_vraag_label_before_the_words_of_a_question_under_its_number_is_no_question_text() -> None:
    """A lijst that prints the number alone and then "Vraag: Is de …" (17107, a thirteenth held-out letter; 2306):
    the label was read as the question's first word."""
    letter = split_letter("1\nVraag: Is het bedrag eenmalig of structureel?\nAntwoord:\nHet betreft een eenmalig bedrag.\n"
                          "2\nVraag: Welke taken heeft het Kadaster?\nAntwoord:\nHet beheer van het stelsel.\n")
    assert [(p.question_id, p.question) for p in letter.pairs] == [
        ("1", "Is het bedrag eenmalig of structureel?"), ("2", "Welke taken heeft het Kadaster?")]


def test_a_reported_question_that_names_its_askers_at_its_end_is_one_question() -> None:
    """A nota paragraph "De leden … vragen of … Als …, wat zijn dan redenen …, zo vragen zij." (17304, a
    thirteenth held-out letter): its second sentence was read as the answer's first."""
    letter = split_letter(
        "NOTA NAAR AANLEIDING VAN HET VERSLAG\n\nDe leden van de CDA-fractie vragen of een zorgverzekeraar het adres "
        "jaarlijks mag checken. Als zorgverzekeraars dit nu al mogen doen, wat zijn dan redenen dat zij dat niet doen, "
        "zo vragen zij.\n\nBij het sluiten van een verzekering controleert de zorgverzekeraar altijd het woonadres.\n")
    assert [p.answer for p in letter.pairs] == ["Bij het sluiten van een verzekering controleert de zorgverzekeraar altijd het woonadres."]
    assert letter.pairs[0].question.endswith("zo vragen zij.")


def test_an_excerpt_cut_at_the_bullet_of_the_next_question_leaves_the_answer_before_it_whole() -> None:
    """A web page that bullets its markers ("• Vraag 2", openkamer) cut just after the next question's bullet
    (19206; 974, 3305, 12109, 13207): cleaning drops a bullet alone, and the answer before it was read as cut."""
    letter = split_letter(" • Vraag 1\n\nKent u het bericht?\n\n • Antwoord 1\n\nJa.\n\n • Vraag 2\n\n"
                          "Wat vindt u ervan?\n\n • Antwoord 2\n\nIk vind dat onwenselijk.\n\n •\n[...]\n")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True), ("2", True)]


def test_an_excerpt_cut_in_a_bulleted_list_of_an_answer_leaves_that_answer_cut() -> None:
    """The same cut where the letter does not bullet its markers: the bullet may open an item of the answer's own
    list, so the answer stays cut."""
    letter = split_letter("Vraag 1\n\nKent u het bericht?\n\nAntwoord 1\n\nJa.\n\nVraag 2\n\nWat gaat u doen?\n\n"
                          "Antwoord 2\n\nIk neem de volgende maatregelen.\n\n •\n[...]\n")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True), ("2", False)]


def test_a_heading_with_a_members_name_and_party_gives_the_party_of_the_questions_under_it() -> None:
    """"Vragen van de heer Van Dijk (PvdA):" over numbered questions (kst-25657-111, 7707): the questions had no
    party, so a report by party left them out.
    Excerpt of https://zoek.officielebekendmakingen.nl/kst-25657-111.html"""
    letter = split_letter(
        "Nr. 111 BRIEF VAN DE STAATSSECRETARIS VAN VOLKSGEZONDHEID, WELZIJN EN SPORT\n\n"
        "Vragen van de heer Van Dijk (PvdA):\n\n1. Wanneer worden hulpverleners uiterlijk uitbetaald?\n\n"
        "Hulpverleners die een vast maandloon zijn overeengekomen met hun budgethouder, worden vanaf 27 januari "
        "aanstaande uitbetaald, indien zij voor 1 januari hun overeenkomst hebben ingestuurd.\n\n"
        "2. Wat zijn eventuele consequenties voor zorgcontracten ingestuurd ná 1 januari 2015?\n\n"
        "Declaraties op zorgovereenkomsten die na 1 januari voor het eerst worden ingediend, zullen zo snel mogelijk "
        "worden uitbetaald.\n")
    assert [(p.question_id, p.party) for p in letter.pairs] == [("1", "PvdA"), ("2", "PvdA")]
    assert letter.pairs[0].question == "Wanneer worden hulpverleners uiterlijk uitbetaald?"


def test_a_numbered_fraction_heading_is_no_part_of_the_question_under_it() -> None:
    """"1. Vragen en opmerkingen vanuit de VVD-fractie" (kst-31839-872, 6409) was read as question 1's first line.
    Excerpt of https://zoek.officielebekendmakingen.nl/kst-31839-872.html"""
    letter = split_letter(
        "Nr. 872 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\n"
        "Vragen en opmerkingen vanuit de fracties en reactie van de bewindspersonen\n\n"
        "1. Vragen en opmerkingen vanuit de VVD-fractie\n\n"
        "De leden van de VVD-fractie hebben kennisgenomen van de reactie van de Minister voor Rechtsbescherming op "
        "de brandbrief van de ombudsman. Wanneer verwacht de Minister de resultaten van het Ondersteuningsteam?\n\n"
        "Antwoord:\n\nIk zal uw Kamer in oktober informeren over de voortgang en resultaten van het "
        "Ondersteuningsteam.\n")
    assert [(p.question_id, p.party, p.complete) for p in letter.pairs] == [("1", "VVD", True)]
    assert letter.pairs[0].question.startswith("De leden van de VVD-fractie hebben kennisgenomen")


@pytest.mark.parametrize("text", [
    # https://zoek.officielebekendmakingen.nl/dossier/kst-21501-31-207.html: the excerpt stops in the fractions'
    # part, before the minister's; its remarks were paired with each other
    "Nr. 207 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVRAGEN EN OPMERKINGEN VANUIT DE FRACTIES\n\n"
    "Vragen en opmerkingen van de CDA-fractie\n\n"
    "De leden van de CDA-fractie zijn blij met de aandacht voor dit onderwerp op Europees niveau. Genoemde leden "
    "willen de toezegging dat deze culturele aspecten worden meegenomen in de indicatoren.\n\n"
    "De regering wil de Nederlandse doelstellingen op dit terrein bereiken door bij de beleidsvorming vooral "
    "rekening te houden met de gezondheidszorgpositie van de kwetsbare burgers. Ook op Europees niveau is de "
    "snelste winst te behalen door verbeteringen in de zorg voor de gr\n[...]\n",
    # https://zoek.officielebekendmakingen.nl/kst-35261-B.html: a voorlopig verslag, the members' questions only
    "B VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE VOOR BINNENLANDSE ZAKEN\n\nVastgesteld 21 juni 2022\n\n"
    "1. Inleiding\n\nDe leden van de PvdD-fractie hebben kennisgenomen van het voorstel en hebben hierover nog "
    "enkele vragen. De leden verzoeken op alle (sub)vragen afzonderlijk te antwoorden.\n\n2. Papieren weg\n\n"
    "Overwegende dat het van belang is dat burgers desgewenst via de papieren weg met de overheid kunnen blijven "
    "communiceren; in hoeverre regelt het gewijzigde voorstel van wet dat die mogelijkheid niet alleen voor de Awb, "
    "maar ook voor alle bijzondere wetten blijft bestaan, vragen de leden van VVD-fractie de regering.\n\n"
    "De regering stelt dat voorliggend wetsvoorstel, een wijzing van de Awb, ervoor zorgt dat de papieren weg en de "
    "digitale/elektronische weg naast elkaar blijven bestaan.\n",
], ids=["so-questions-part-only", "voorlopig-verslag"])
def test_a_text_with_only_the_committees_questions_has_no_pairs(text: str) -> None:
    """The members' questions without the government's answers are no pairs: one question was paired with the next
    remark, or with the members' own summary of the government's position, as its "answer"."""
    with pytest.raises(NoPairs, match="questions"):
        split_letter(text)


def test_a_memorie_van_antwoord_pairs_the_members_restated_question_with_the_reply_below_it() -> None:
    """A memorie van antwoord restates the members' remarks and ask in one paragraph ("De leden van deze fractie
    vragen de regering …") and replies in the next: no pair was found, since "de leden van deze fractie" named no
    askers, and the question is the whole paragraph, from the sentence that names the fraction.
    Excerpt of https://zoek.officielebekendmakingen.nl/kst-35010-C.html"""
    letter = split_letter(
        "C MEMORIE VAN ANTWOORD\n\nOntvangen 26 april 2019\n\nVoorgestelde regeling\n\n"
        "De leden van de VVD-fractie constateren dat het inkomensbeleid van de regering de afgelopen jaren niet alleen "
        "gericht is geweest op het ondersteunen van de laagste inkomens, maar ook op het extra ondersteunen van "
        "alleenstaande ouders. Dit verschil blijft ook met het onderhavige wetsvoorstel groot in hun ogen. De leden "
        "van deze fractie vragen de regering dan ook om een nadere onderbouwing voor het rechtvaardigen van een "
        "dergelijk verschil.\n\n"
        "Voor 2015 kenden de bijstand en andere minimumregelingen een aparte norm voor alleenstaande ouders. "
        "Alleenstaande ouders gingen er daardoor in inkomen op achteruit als zij vanuit de bijstand gingen werken "
        "tegen het minimumloon.\n")
    assert [(p.question_id, p.party, p.complete) for p in letter.pairs] == [("1", "VVD", True)]
    assert letter.pairs[0].question.startswith("De leden van de VVD-fractie constateren")
    assert letter.pairs[0].answer.startswith("Voor 2015 kenden")


def test_a_memorie_van_antwoord_pairs_a_remark_without_an_ask_with_the_reply_below_it() -> None:
    """"De leden van de fractie van het CDA gaven aan …" asks nothing, yet the government's next paragraph ("De
    regering onderschrijft …") replies to it (kst-20062007-30411-C, 6005): no pair was found.
    Excerpt of https://zoek.officielebekendmakingen.nl/kst-20062007-30411-C.html"""
    letter = split_letter(
        "MEMORIE VAN ANTWOORD\n"
        "Met belangstelling heb ik kennis genomen van het voorlopig verslag van de vaste commissie voor Economische "
        "Zaken.\n1. De vragen van de leden van de fractie van het CDA\n"
        "De leden van de fractie van het CDA gaven aan het belangrijk te vinden dat waar consumenten zelf tot een "
        "oplossing kunnen komen met bedrijven, publiekrechtelijke handhaving vanuit een oogpunt van subsidiariteit niet "
        "is aangewezen.\nDe regering onderschrijft het standpunt dat de Consumentenautoriteit alleen wordt geacht in "
        "te grijpen bij inbreuken op het consumentenrecht met een collectief karakter.\n")
    assert [(p.question_id, p.party, p.complete) for p in letter.pairs] == [("1", "CDA", True)]
    assert letter.pairs[0].question.startswith("De leden van de fractie van het CDA gaven aan")
    assert letter.pairs[0].answer.startswith("De regering onderschrijft")


# --- unseen letters, round 2 (/tmp/unseen2 of the splitter check): excerpts of the letters that split wrongly


def test_a_question_cut_under_its_own_number_is_kept_and_its_number_ends_no_answer() -> None:
    """A lijst whose answer 1 ends in a table, then " • 2." over question 2, cut: the "2." was glued to answer 1 and
    question 2 dropped, as if its words were the first of a question after an answer.
    Excerpt of https://www.parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vkz5nfz71pzn"""
    letter = split_letter(
        "LIJST VAN VRAGEN EN ANTWOORDEN\n\nVastgesteld 12 juni 2019\n\n"
        " • 1. \n  Hoeveel scholen maken gebruik van de uitzonderingsgrond voor de laatste school van een richting in "
        "een bepaald gebied? Welke richting hebben deze scholen?\n\n"
        "Per 1 augustus 2019 blijven de volgende aantallen basisscholen per denominatie in stand op grond van het "
        "criterium «enige van de richting binnen 5 km hemelsbreed gemeten en ten minste 50 leerlingen» (artikel 153, "
        "vierde lid WPO):\n\n \n\nRichting\n\nAantal\n\nReformatorisch\n\n12\n\nTotaal\n\n54\n\n"
        " • 2. \n  Welke maatregelen worden er genomen tegen de wo-masteropleidingen die geen schakelprogramma "
        "aanbieden terwijl ze hier wettelijk toe v [...]")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True), ("2", False)]
    assert not letter.pairs[0].answer.endswith("2.")
    assert letter.pairs[1].question.startswith("Welke maatregelen worden er genomen")


@pytest.mark.parametrize("text", [
    # https://parlementairemonitor.nl/9353000/1/j9vvij5epmj1ey0/vl8gopa8jrzf: the site's numbered tabs
    "Verslag van een schriftelijk overleg over het ontwerpbesluit houdende bepalingen ter uitvoering van de Wet "
    "kansspelen op afstand (Besluit kansspelen op afstand)\n\n1.\n\nKerngegevens\n\n"
    "Officiële titel Wijziging van de Wet op de kansspelen; Verslag van een schriftelijk overleg\nDocumentdatum "
    "07-05-2020\nKenmerk 33996, nr. 77\nOriginele document in PDF\n\n2.\n\nTekst\n\nTweede Kamer der Staten-Generaal"
    "\n\nNr. 77\n\nVERSLAG VAN EEN SCHRIFTELIJK OVERLEG\n\nVastgesteld 12 mei 2020\n\nDe vaste commissie voor "
    "Justitie en Veiligheid heeft een aantal vragen en opmerkingen voorgelegd aan de Minister voor "
    "Rechtsbescherming.\n\nII. Reactie van de Minister voor Rechtsbeschermi [...]",
    # https://zoek.officielebekendmakingen.nl/kst-33541-C.html: a section heading over the minister's introduction
    "C MEMORIE VAN ANTWOORD\n\nOntvangen 4 oktober 2013\n\nDe leden van de fracties van de VVD, de PvdA, het CDA, "
    "de SP, D66, de ChristenUnie en de PvdD dank ik voor hun opmerkingen en vragen bij dit wetsvoorstel.\n\n"
    "1. Inleiding\n\nDe maatregelen in dit wetsvoorstel hebben tot doel de organisatie van de landelijke publieke "
    "omroep om te vormen, zodat een modernere, krachtige en compactere publieke omroep ontstaat. Dit wetsvoorstel "
    "geeft invulling aan de eerste fase van ee [...]",
], ids=["parlementairemonitor-tabs", "section-heading"])
def test_numbered_headings_over_text_without_questions_are_no_pairs(text: str) -> None:
    """"1." "Kerngegevens" (the page's metadata under it, marked complete) and "1. Inleiding" were read as numbered
    questions, the text under them as their answers."""
    with pytest.raises(NoPairs):
        split_letter(text)


def test_a_lijst_printed_in_part_keeps_its_own_question_numbers_from_the_first() -> None:
    """Only questions 3 and 5, whose answers a first answer set missed: they came out as 1 and 2, and the "5" stuck to
    answer 3. Excerpt of https://zoek.officielebekendmakingen.nl/dossier/kst-31031-I-7.html"""
    letter = split_letter(
        "LIJST VAN VRAGEN EN ANTWOORDEN\n\nVastgesteld 8 juni 2007\n\n"
        "Bij deze beantwoording ontbrak het antwoord op vraag 3 en op vraag 5.\n\nDe griffier van de commissie,\n\n"
        "De Gier\n\n3\n\nIs het waar dat de declarabele functionele uitgaven voor het jaar 2006 op het de begroting van "
        "het ministerie van VROM ruim 1 miljoen euro hoger blijken uit te vallen? Wat is de oorzaak van deze "
        "overschrijding?\n\nDe verklaring is dat in 2006 bij 2e suppletore begroting structureel middelen zijn "
        "overgeboekt van de begroting van BZK naar de VROM-begroting.\n\n5\n\nWat verklaart de ten opzichte van de "
        "begroting voor het jaar 2006 aanzienlijk gestegen uitgaven op de posten «Regeringsvliegtuig»?\n\n"
        "Zoals gedurende het begrotingsjaar 2006 bij suppletore begrotingen is gemeld, zijn er aanvullende middelen "
        "toegevoegd. Het betreft aanvullende bijdragen voor de grondaankoop bij pa [...]")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("3", True), ("5", False)]
    assert letter.pairs[0].answer.endswith("naar de VROM-begroting.")


def test_a_nader_schriftelijk_overleg_cut_in_the_committees_letter_has_no_pairs() -> None:
    """The committee's follow-up questions and its next paragraph were read as a question and the government's answer.
    Excerpt of https://zoek.officielebekendmakingen.nl/kst-33506-AB.html"""
    with pytest.raises(NoPairs, match="committee's letter"):
        split_letter(
            "AB VERSLAG VAN EEN NADER SCHRIFTELIJK OVERLEG\n\nVastgesteld 14 mei 2019\n\n"
            "De Minister heeft op 14 mei 2019 gereageerd.\n\nBRIEF VAN DE VOORZITTER VAN DE VASTE COMMISSIE VOOR "
            "VOLKSGEZONDHEID, WELZIJN EN SPORT\n\nAan de Minister voor Medische Zorg en Sport\n\n"
            "De leden van de fracties van CDA, PVV, SP, PvdA, GroenLinks, ChristenUnie, SGP en 50PLUS hebben naar "
            "aanleiding hiervan nog een aantal vervolgvragen. Zij lezen dat de regering geen vervolgstappen overweegt. "
            "Kan de regering aangeven waarom zij dat niet doet?\n\n"
            "De regering lijkt hiermee aan te nemen dat de 40 procent van de bevolking die zij wel hoopt te bereiken "
            "met de communicatie over het gewijzigde donorregister, maar niet heeft weten ov [...]")


# an openkamer listing page: the title, the asker and the answerer in cells, then questions and answers a line each
_LISTING = ("Het wetsvoorstel van het lid Ouwehand |\n|\nDoğukan Ergin (DENK) |\n|\nFemke Wiersma (minister landbouw, "
            "visserij, voedselzekerheid en natuur) (BBB) |\n|\n![]() |\n")


def test_a_member_named_in_a_question_put_to_the_minister_is_not_its_asker() -> None:
    """"Bent u bekend met het wetsvoorstel van het lid Ouwehand (PvdD) …?" gave pair 1 the party PvdD; Ergin (DENK)
    asks. Excerpt of https://www.openkamer.org/kamervragen/?page=24"""
    letter = split_letter(
        _LISTING + "Bent u bekend met het wetsvoorstel van het lid Ouwehand (PvdD) tot wijziging van de Wet dieren "
        "(Kamerstuk 36 769), dat reeds is genotificeerd bij de Europese Commissie (EC) (2025/0319/NL)?\nJa.\n"
        "Klopt het dat er geen meerderheid in de Kamer is geweest die zich vóór dit voorstel heeft uitgesproken?\n"
        "Zoals u weet, is dit een initiatiefvoorstel vanuit uw Kamer.\n")
    assert [p.party for p in letter.pairs] == ["DENK", "DENK"]


def test_a_question_cut_before_its_question_mark_after_a_whole_answer_is_an_incomplete_pair() -> None:
    """The last question, cut ("Welke protocollen … in de spoors [...]"), was dropped, where the same cut after its
    "?" keeps it as an incomplete pair. Excerpt of https://www.openkamer.org/kamervragen/?page=13"""
    letter = split_letter(
        "Het dodelijke bedrijfsongeval van spoorwerker Murat Kumas |\n|\nIsmail El Abassi (DENK) |\n|\n"
        "Bent u bekend met het bericht «Spoorwerker Murat (47) zou eigenlijk vrij zijn, maar ging toch werken»?1\n"
        "Ja, daar ben ik bekend mee. Het tragische ongeval heeft diepe sporen nagelaten bij de nabestaanden.\n"
        "Welke protocollen gelden voor communicatie met nabestaanden na een dodelijk bedrijfsongeval in de spoors [...]")
    assert [(p.question_id, p.complete) for p in letter.pairs] == [("1", True), ("2", False)]
    assert letter.pairs[1].question.startswith("Welke protocollen gelden") and not letter.pairs[1].answer


def test_questions_under_party_headings_are_each_their_headings_and_the_parties_are_the_letters_askers() -> None:
    """The Eerste Kamer's questions on the witboek Europese Defensie Gereedheid (seed 000), each party's under its
    heading: the letter's askers were none, and with the headings' parties as askers each pair became the askers'
    "JA21, PvdD". A section's party comes before the letter's askers, which fall back only without party sections.
    Excerpt of annotations/sources/000_98ccc7fd7b35366f.txt"""
    text = """Vragen en opmerkingen van de leden van de Partij voor de Dieren-fractie

2. Kunt u aangeven waarom die “geloofwaardige afschrikking en collectieve
verdediging” niet bereikt kan worden met de bestaande middelen en manschappen in
Europa?

De bestaande militaire capaciteiten zijn onvoldoende om de verdedigingsplannen van
NAVO goed uit te kunnen voeren. Hiervoor zijn meer middelen en manschappen nodig.

Vragen en opmerkingen van de leden van de JA21-fractie

2. Komt er een openbaar risicoregister met de belangrijkste faalrisico’s richting
2030, plus maatregelen en deadlines?

Momenteel zijn er geen plannen voor een openbaar risicoregister. Dit vereist ook
nauwere samenwerking tussen lidstaten.
"""
    letter = split_letter(text, "000")
    assert letter.meta.askers == ["PvdD", "JA21"]
    assert [(p.section, p.party) for p in letter.pairs] == [("PvdD", "PvdD"), ("JA21", "JA21")]


def test_a_members_heading_is_the_letters_asker() -> None:
    """"Vragen van de heer Van Dijk (PvdA):" over a member's questions names the letter's asker as a fraction's
    heading does: the letter's askers were none. Excerpt of https://zoek.officielebekendmakingen.nl/kst-25657-111.html
    (annotations/sources/7707_invoering-trekkingsrecht-pgb-svb-uitbetaling.txt)"""
    letter = split_letter(
        "Nr. 111 BRIEF VAN DE STAATSSECRETARIS VAN VOLKSGEZONDHEID, WELZIJN EN SPORT\n\n"
        "Vragen van de heer Van Dijk (PvdA):\n\n1. Wanneer worden hulpverleners uiterlijk uitbetaald?\n\n"
        "Hulpverleners die een vast maandloon zijn overeengekomen met hun budgethouder, worden vanaf 27 januari "
        "aanstaande uitbetaald, indien zij voor 1 januari hun overeenkomst hebben ingestuurd.\n")
    assert letter.meta.askers == ["PvdA"]
    assert [p.party for p in letter.pairs] == ["PvdA"]
