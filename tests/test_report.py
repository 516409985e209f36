"""`evasion report`: grouping, counting, intervals and the three writers.

The logic tests build LetterScores by hand (no splitter, no model). The end-to-end
tests at the bottom run the five seed letters through the splitter and report on
them; they need the seeds at annotations/sources/<seed>.txt.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import random
import re
from pathlib import Path

import pytest
from conftest import assert_nonblank_png

from classifier.cli import run
from classifier.config import LABELS, PROJECT_DIR
from classifier.errors import BatchFailed, EmptyInput, InputNotFound
from classifier.letters.officeholders import OfficeHolders, load_office_holders
from classifier.outputs.report import NO_PARTY, NO_SIGNATORY, Report, build_report
from classifier.outputs.report_page import charts, to_html
from classifier.outputs.report_text import CSV_COLUMNS, format_table, to_csv
from classifier.outputs.stats import bootstrap_ci
from classifier.scoring.letter import summarize
from classifier.types import LetterMeta, LetterScore, PairScore, Signatory

OLLONGREN = Signatory(role="De minister van Defensie", name="drs. K.H. Ollongren", office="minister van Defensie")
VAN_DER_MAAT = Signatory(
    role="De staatssecretaris van Defensie", name="mr. drs. C.A. van der Maat", office="staatssecretaris van Defensie"
)
MINISTER_ONLY = Signatory(role="De minister", name=None, office=None)


def pair(qid: str, score: float, *, party: str | None = None, answer: str | None = None) -> PairScore:
    label = LABELS[min(3, round(score * 3))]
    return PairScore(
        question_id=qid,
        party=party,
        question=f"Vraag {qid}?",
        answer=answer or f"Antwoord op vraag {qid}.",
        label=label,
        score=score,
        probabilities={name: float(name == label) for name in LABELS},
    )


def letter(
    letter_id: str,
    scores: list[float],
    *,
    signatories: list[Signatory] | None = None,
    date: dt.date | None = dt.date(2023, 5, 1),
    asked: dt.date | None = None,
    received: dt.date | None = None,
    parties: list[str | None] | None = None,
    ministry: str | None = "Defensie",
) -> LetterScore:
    parties = parties or [None] * len(scores)
    pairs = [pair(str(i), s, party=p) for i, (s, p) in enumerate(zip(scores, parties, strict=True), start=1)]
    meta = LetterMeta(
        letter_id=letter_id,
        content_hash=f"hash-{letter_id}",
        date=date,
        date_asked=asked,
        date_received=received,
        signatories=signatories if signatories is not None else [OLLONGREN],
        ministry=ministry,
    )
    return LetterScore(letter=meta, summary=summarize(pairs), pairs=pairs, model_version="test-1")


@pytest.fixture(scope="module")
def holders() -> OfficeHolders:
    return load_office_holders()


def group(report: Report, key: str):
    found = [g for g in report.groups if g.key == key]
    assert len(found) == 1, f"expected one group {key!r}, found {[g.key for g in report.groups]}"
    return found[0]


# -- the interval ---------------------------------------------------------------------


def test_bootstrap_interval_brackets_the_mean_and_is_deterministic() -> None:
    rng = random.Random(1)
    scores = [rng.random() for _ in range(40)]
    mean, low, high = bootstrap_ci(scores, resamples=2000, confidence=0.95, seed=0)
    assert mean == pytest.approx(sum(scores) / len(scores))
    assert low < mean < high
    assert bootstrap_ci(scores, resamples=2000, confidence=0.95, seed=0) == (mean, low, high)
    shuffled = scores[:]
    rng.shuffle(shuffled)
    assert bootstrap_ci(shuffled, resamples=2000, confidence=0.95, seed=0) == (mean, low, high)
    assert bootstrap_ci(scores, resamples=2000, confidence=0.95, seed=1) != (mean, low, high)


def test_bootstrap_interval_narrows_with_more_pairs_and_collapses_for_equal_scores() -> None:
    rng = random.Random(2)
    few = [rng.random() for _ in range(10)]
    many = [rng.random() for _ in range(400)]
    _, low_few, high_few = bootstrap_ci(few, resamples=2000, confidence=0.95, seed=0)
    _, low_many, high_many = bootstrap_ci(many, resamples=2000, confidence=0.95, seed=0)
    assert high_many - low_many < (high_few - low_few) / 3
    assert bootstrap_ci([0.5] * 7, resamples=500, confidence=0.95, seed=0) == (0.5, 0.5, 0.5)
    _, low90, high90 = bootstrap_ci(many, resamples=2000, confidence=0.90, seed=0)
    assert low_many <= low90 and high90 <= high_many


def test_report_intervals_do_not_depend_on_letter_order(holders: OfficeHolders) -> None:
    letters = [letter(f"l{i}", [i / 10, 1 - i / 10, 0.5]) for i in range(6)]
    forward = build_report(letters, holders=holders)
    backward = build_report(letters[::-1], holders=holders)
    assert forward.groups == backward.groups


# -- who answered ----------------------------------------------------------------------


def test_letter_signed_by_two_counts_for_each_and_the_report_says_so(holders: OfficeHolders) -> None:
    letters = [
        letter("joint", [0.1, 0.9, 0.4], signatories=[OLLONGREN, VAN_DER_MAAT]),
        letter("alone", [1.0, 1.0], signatories=[OLLONGREN]),
    ]
    report = build_report(letters, holders=holders)
    ollongren, van_der_maat = group(report, "Kajsa Ollongren"), group(report, "Christophe van der Maat")
    assert (ollongren.letters, ollongren.pairs, ollongren.shared_letters) == (2, 5, 1)
    assert (van_der_maat.letters, van_der_maat.pairs, van_der_maat.shared_letters) == (1, 3, 1)
    assert report.pairs == 5  # pairs scored; the groups add up to 8
    assert any("signed by several people" in note and "--first-signatory" in note for note in report.notes)


def test_first_signatory_counts_a_letter_once(holders: OfficeHolders) -> None:
    letters = [
        letter("joint", [0.1, 0.9, 0.4], signatories=[OLLONGREN, VAN_DER_MAAT]),
        letter("stas", [0.2], signatories=[VAN_DER_MAAT, OLLONGREN]),
    ]
    report = build_report(letters, first_signatory=True, holders=holders)
    assert {g.key: g.pairs for g in report.groups} == {"Kajsa Ollongren": 3, "Christophe van der Maat": 1}
    assert sum(g.pairs for g in report.groups) == report.pairs
    assert all(g.shared_letters == 0 for g in report.groups)
    assert not any("signed by several" in note for note in report.notes)


def test_a_person_signing_for_two_offices_counts_once_but_each_ministry_counts(holders: OfficeHolders) -> None:
    signatories = [
        Signatory(role="De minister van Defensie", name="Ruben Brekelmans", office="minister van Defensie"),
        Signatory(
            role="De minister Van Buitenlandse Zaken", name="Ruben Brekelmans", office="minister van Buitenlandse Zaken"
        ),
        Signatory(
            role="De minister Van Economische Zaken", name="Vincent Karremans", office="minister van Economische Zaken"
        ),
    ]
    letters = [letter("witboek", [0.2, 0.5, 0.8, 0.3], signatories=signatories, date=dt.date(2025, 8, 28))]
    by_person = build_report(letters, holders=holders)
    assert {g.key: g.pairs for g in by_person.groups} == {"Ruben Brekelmans": 4, "Vincent Karremans": 4}
    by_ministry = build_report(letters, by="ministry", holders=holders)
    assert {g.key: g.pairs for g in by_ministry.groups} == {
        "Defensie": 4,
        "Buitenlandse Zaken": 4,
        "Economische Zaken": 4,
    }
    assert all(g.shared_letters == 1 for g in by_ministry.groups)


def test_office_only_signature_is_resolved_by_date_or_named_unknown(holders: OfficeHolders) -> None:
    letters = [
        letter("stand", [0.7, 0.6], signatories=[MINISTER_ONLY], date=dt.date(2026, 1, 27)),
        letter("old", [0.3], signatories=[MINISTER_ONLY], date=dt.date(2005, 3, 1)),  # a term the table lacks
        letter("undated", [0.3], signatories=[MINISTER_ONLY], date=None),
    ]
    report = build_report(letters, holders=holders)
    brekelmans = group(report, "Ruben Brekelmans")
    assert (brekelmans.pairs, brekelmans.via_office_table) == (2, 1)
    unknown = group(report, "minister van Defensie (naam onbekend)")
    assert (unknown.letters, unknown.pairs, unknown.via_office_table) == (2, 2, 0)
    assert any("stand" in n and "Ruben Brekelmans" in n and "office-holder table" in n for n in report.notes)
    assert any("old" in note and "naam onbekend" in note for note in report.notes)


def test_name_variants_make_one_group(holders: OfficeHolders) -> None:
    variants = ["drs. K.H. Ollongren", "Kajsa Ollongren", "K. Ollongren"]
    letters = [
        letter(f"l{i}", [0.5], signatories=[Signatory(role="De minister van Defensie", name=name)])
        for i, name in enumerate(variants)
    ] + [
        letter("y1", [0.2], signatories=[Signatory(role="DE MINISTER VAN DEFENSIE", name="Dilan Yesilgöz")]),
        letter("y2", [0.4], signatories=[Signatory(role="DE MINISTER VAN DEFENSIE", name="Dilan Yeşilgöz-Zegerius")]),
    ]
    report = build_report(letters, holders=holders)
    assert {g.key: g.letters for g in report.groups} == {"Kajsa Ollongren": 3, "Dilan Yeşilgöz-Zegerius": 2}


def test_letter_without_signature_gets_its_own_group(holders: OfficeHolders) -> None:
    report = build_report([letter("anon", [0.5], signatories=[])], holders=holders)
    assert [g.key for g in report.groups] == ["(geen ondertekenaar gevonden)"]
    by_ministry = build_report([letter("anon", [0.5], signatories=[])], by="ministry", holders=holders)
    assert [g.key for g in by_ministry.groups] == ["Defensie"]


# -- other groupings -----------------------------------------------------------------------


def test_party_grouping_counts_each_pair_once_for_its_asking_party(holders: OfficeHolders) -> None:
    letters = [
        letter("a", [0.1, 0.9, 0.5], parties=["VVD", "SP", None], signatories=[OLLONGREN, VAN_DER_MAAT]),
        letter("b", [0.3, 0.7], parties=["SP", "SP"]),
    ]
    report = build_report(letters, by="party", holders=holders)
    assert {g.key: (g.letters, g.pairs) for g in report.groups} == {"VVD": (1, 1), "SP": (2, 3), NO_PARTY: (1, 1)}
    sp = group(report, "SP")
    assert sp.mean_score == pytest.approx((0.9 + 0.3 + 0.7) / 3)
    assert sum(g.pairs for g in report.groups) == report.pairs == 5
    assert all(g.shared_letters == 0 for g in report.groups)


def test_a_pair_asked_by_members_of_several_parties_counts_for_each_of_them(holders: OfficeHolders) -> None:
    """Joint questions ("CDA, SP") made a group of their own, so D66's row left out every letter it asked
    with another party: 126 party groups over the training letters."""
    letters = [
        letter("joint", [0.8, 0.2], parties=["CDA, SP", "CDA, SP"]),
        letter("cda", [0.4], parties=["CDA"]),
    ]
    report = build_report(letters, by="party", holders=holders)
    assert {g.key: (g.letters, g.pairs, g.shared_letters) for g in report.groups} == {
        "CDA": (2, 3, 1), "SP": (1, 2, 1)}
    assert group(report, "CDA").mean_score == pytest.approx((0.8 + 0.2 + 0.4) / 3)
    assert report.pairs == 3
    assert any("2 pairs were asked by members of several parties" in note for note in report.notes)


def test_a_quoted_referral_answer_shows_the_answer_it_was_read_as(holders: OfficeHolders) -> None:
    """"Zie antwoord vraag 2." was quoted as a `partial` answer while its label came from answer 2's
    words, which the reader of the report never saw."""
    referred = pair("2", 0.4, answer="Daarover kan ik nu nog niets zeggen.")
    referral = pair("3", 0.4, answer="Zie antwoord vraag 2.").model_copy(update={"resolved_from": ["2"]})
    scored = letter("ref", [0.0, 0.4, 0.4])
    scored = scored.model_copy(update={"pairs": [scored.pairs[0], referred, referral]})
    quotes = {q.question_id: q.answer for q in build_report([scored], holders=holders).groups[0].most_evasive}
    assert quotes["3"] == "Zie antwoord vraag 2. [read as answer 2: “Daarover kan ik nu nog niets zeggen.”]"
    assert quotes["2"] == "Daarover kan ik nu nog niets zeggen."


def test_delay_is_reported_per_group_where_both_dates_are_known(holders: OfficeHolders) -> None:
    letters = [
        letter("a", [0.5], parties=["SP"], asked=dt.date(2024, 1, 1), received=dt.date(2024, 1, 22)),  # 21 days
        letter("b", [0.5], parties=["SP"], asked=dt.date(2024, 2, 1), received=dt.date(2024, 4, 1)),  # 60 days
        letter("c", [0.5], parties=["SP"], asked=dt.date(2024, 3, 1), received=dt.date(2024, 3, 4)),  # 3 days
        letter("d", [0.5], parties=["SP"], asked=None, received=dt.date(2024, 3, 4)),  # unknown
        letter("e", [0.5], parties=["VVD"], asked=None, received=None),
    ]
    report = build_report(letters, by="party", holders=holders)
    sp, vvd = group(report, "SP"), group(report, "VVD")
    assert (sp.delay_letters, sp.delay_days_median, sp.delay_days_mean) == (3, 21.0, 28.0)
    assert (vvd.delay_letters, vvd.delay_days_median, vvd.delay_days_mean) == (0, None, None)


def test_month_grouping_is_chronological_with_undated_last(holders: OfficeHolders) -> None:
    letters = [
        letter("may", [0.5], date=dt.date(2025, 5, 3)),
        letter("jan", [0.5], date=dt.date(2025, 1, 30)),
        letter("nodate", [0.5], date=None),
        letter("jan2", [0.1], date=dt.date(2025, 1, 2)),
    ]
    report = build_report(letters, by="month", holders=holders)
    assert [(g.key, g.pairs) for g in report.groups] == [("2025-01", 2), ("2025-05", 1), ("(datum onbekend)", 1)]
    assert [m.month for m in report.months] == ["2025-01", "2025-05"]


def test_labels_shares_few_pairs_and_most_evasive_answers(holders: OfficeHolders, monkeypatch) -> None:
    monkeypatch.setenv("EVASION_REPORT_MIN_PAIRS", "5")
    monkeypatch.setenv("EVASION_REPORT_MIN_LETTERS", "1")
    letters = [
        letter("big", [0.0, 0.0, 0.34, 1.0, 0.66, 0.95], signatories=[OLLONGREN]),
        letter("small", [0.9, 0.1], signatories=[VAN_DER_MAAT]),
    ]
    report = build_report(letters, holders=holders)
    big = group(report, "Kajsa Ollongren")
    assert big.label_counts == {"substantive": 2, "partial": 1, "deflecting": 1, "confidential": 2}
    assert sum(big.label_shares.values()) == pytest.approx(1.0)
    assert big.label_shares["confidential"] == pytest.approx(2 / 6)
    assert [(q.ref, q.score) for q in big.most_evasive] == [("big#4", 1.0), ("big#6", 0.95), ("big#5", 0.66)]
    assert not big.few_pairs and group(report, "Christophe van der Maat").few_pairs
    assert [g.key for g in report.groups][-1] == "Christophe van der Maat"  # flagged groups after the others


def test_a_group_resting_on_one_long_letter_is_flagged_and_ranked_after_the_others(holders: OfficeHolders) -> None:
    """A Defence list of 67 pairs put a staatssecretaris on top of the ranking, with a narrow interval and no
    flag: its pairs are one answer on one subject, not 67 independent ones."""
    letters = [letter("long", [0.9] * 30, signatories=[VAN_DER_MAAT], date=dt.date(2024, 1, 5))]
    letters += [letter(f"l{i}", [0.2, 0.3, 0.4, 0.5], date=dt.date(2024, 1, 5)) for i in range(4)]
    report = build_report(letters, holders=holders)
    one = group(report, "Christophe van der Maat")
    assert one.few_letters and not one.few_pairs and one.ci_low == pytest.approx(one.ci_high)
    assert [g.key for g in report.groups] == ["Kajsa Ollongren", "Christophe van der Maat"]
    assert any("few letters" in note for note in report.notes)


def test_a_group_with_few_pairs_and_few_letters_is_marked_both_and_counted_in_the_note(holders: OfficeHolders) -> None:
    from classifier.outputs.report_text import group_caveats, to_csv

    letters = [letter("short", [0.9, 0.8], signatories=[VAN_DER_MAAT], date=dt.date(2024, 1, 5))]
    letters += [letter(f"l{i}", [0.2, 0.3, 0.4, 0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.2], date=dt.date(2024, 1, 5))
                for i in range(4)]
    report = build_report(letters, holders=holders)
    short = group(report, "Christophe van der Maat")
    assert short.few_pairs and short.few_letters
    assert group_caveats(short, report.by)[:2] == ["few pairs", "few letters"]
    flagged = sum(g.few_letters for g in report.groups)
    note = next(n for n in report.notes if "few letters" in n)
    assert note.startswith(f"{flagged} group rests on fewer than 3 letters"), note
    row = next(r for r in to_csv(report).splitlines() if ",Christophe van der Maat," in r)
    assert ",yes,yes," in row  # few_pairs and few_letters, as the table says


def test_a_quoted_answer_says_which_file_and_day_it_is_from(holders: OfficeHolders) -> None:
    # Two folders of fetched answers both hold an "antwoord.txt": the id alone cannot tell them apart.
    from classifier.outputs.report_page import render_report

    letters = []
    for folder, day in (("a", dt.date(2024, 3, 1)), ("b", dt.date(2024, 4, 2))):
        scored = letter("antwoord", [0.9], date=day)
        scored.letter.source, scored.letter.content_hash = f"answers/{folder}/antwoord.txt", f"hash-{folder}"
        letters.append(scored)
    text_letter = letter("text", [0.8])  # a letter given as text has no file to name
    report = build_report([*letters, text_letter], holders=holders)
    quotes = [q for g in report.groups for q in g.most_evasive]
    assert {(q.source, q.letter_date) for q in quotes} == {
        ("answers/a/antwoord.txt", dt.date(2024, 3, 1)), ("answers/b/antwoord.txt", dt.date(2024, 4, 2)),
        (None, dt.date(2023, 5, 1))}
    page = render_report(report, {})
    assert "2024-03-01 · answers/a/antwoord.txt" in page and "&lt;text&gt;" not in page
    assert "answers/b/antwoord.txt" in format_table(report, width=160)


def test_a_letter_whose_answers_are_all_cut_off_is_counted_but_in_no_group_and_a_note_says_so(
    holders: OfficeHolders,
) -> None:
    cut = letter("cut", [0.5, 0.5])
    for pair_score in cut.pairs:
        pair_score.complete = False
    report = build_report([letter("whole", [0.2]), cut], holders=holders)
    assert report.letters == 2 and sum(g.letters for g in report.groups) == 1
    assert any(note.startswith("1 letter (cut) has no complete pair") for note in report.notes), report.notes


def test_the_interval_resamples_letters_not_pairs() -> None:
    """Two letters that disagree: resampling their pairs as if independent gives a narrow interval;
    resampling the letters gives one that spans both letters' means."""
    from classifier.outputs.stats import bootstrap_ci, bootstrap_ci_by_letter

    letters = [[0.1] * 20, [0.9] * 20]
    mean, low, high = bootstrap_ci_by_letter(letters, resamples=2000, confidence=0.95, seed=0)
    assert mean == pytest.approx(0.5)
    assert low == pytest.approx(0.1, abs=1e-9) and high == pytest.approx(0.9, abs=1e-9)
    _, pair_low, pair_high = bootstrap_ci([x for scores in letters for x in scores], resamples=2000,
                                          confidence=0.95, seed=0)
    assert pair_high - pair_low < 0.4 < high - low
    assert bootstrap_ci_by_letter(letters[::-1], resamples=2000, confidence=0.95, seed=0) == (mean, low, high)


def test_groups_that_are_no_person_come_last(holders: OfficeHolders) -> None:
    """"(geen ondertekenaar gevonden)" and "minister (naam onbekend)" were ranked among the ministers."""
    unsigned = [letter(f"u{i}", [0.9, 0.8, 0.9], signatories=[]) for i in range(4)]
    signed = [letter(f"s{i}", [0.1, 0.2, 0.3]) for i in range(4)]
    report = build_report(unsigned + signed, holders=holders)
    assert [g.key for g in report.groups] == ["Kajsa Ollongren", NO_SIGNATORY]
    assert group(report, NO_SIGNATORY).unnamed and not group(report, "Kajsa Ollongren").unnamed


# -- writers ---------------------------------------------------------------------------------


def _mixed_report(holders: OfficeHolders) -> Report:
    nasty = Signatory(role="De minister van Defensie", name="<script>alert(1)</script> Jansen")
    letters = [
        letter("joint", [0.1, 0.9, 0.4, 0.8], signatories=[OLLONGREN, VAN_DER_MAAT], date=dt.date(2024, 4, 12)),
        letter("stand", [0.7, 0.6, 1.0], signatories=[MINISTER_ONLY], date=dt.date(2026, 1, 27)),
        letter("x", [0.5], signatories=[nasty], date=dt.date(2025, 1, 1)),
    ]
    letters[2].pairs[0].answer = 'Geen <b>uitspraken</b> & "<script>x</script>"'
    return build_report(letters, holders=holders)


def test_csv_has_one_row_per_group_in_report_order(holders: OfficeHolders) -> None:
    report = _mixed_report(holders)
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [row["group"] for row in rows] == [g.key for g in report.groups]
    for row, g in zip(rows, report.groups, strict=True):
        assert int(row["pairs"]) == g.pairs and int(row["letters"]) == g.letters
        assert float(row["ci_low"]) <= float(row["mean_score"]) <= float(row["ci_high"])
        assert sum(float(row[f"share_{label}"]) for label in LABELS) == pytest.approx(1.0, abs=1e-3)
    assert to_csv(_mixed_report(holders)) == to_csv(report)


def test_table_lists_groups_quotes_and_notes(holders: OfficeHolders) -> None:
    report = _mixed_report(holders)
    report.groups[0].key = "[bold]Ruben[/bold] Brekelmans"
    text = format_table(report)
    assert "[bold]Ruben[/bold]" in text  # names are text, not rich markup
    for expected in (
        "Kajsa Ollongren",
        "Christophe van der Maat",
        "Ruben Brekelmans",
        "stand#3",
        "joint#2",
        "(office-holder table)",
        "signed by several people",
    ):
        assert expected in text


def test_html_is_self_contained_escaped_and_stable(holders: OfficeHolders) -> None:
    report = _mixed_report(holders)
    page = to_html(report)
    assert page == to_html(_mixed_report(holders))
    assert page.count("<svg") == 4  # mean with interval, label shares, trend per month, trend per signatory
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page or "&lt;script" in page
    assert not re.search(r"<(?:link|img|iframe)\b|\bsrc=", page)
    assert "Kajsa Ollongren" in page and "joint#2" in page


def _text(page: str) -> str:
    """What a reader of the page reads: its text without tags, runs of whitespace as one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.split("</style>", 1)[-1])))


def test_the_report_says_in_plain_words_what_a_mean_score_means(holders: OfficeHolders) -> None:
    """"Score 0 = substantive … 1 = confidential (expected label / 3)" was jargon: a reader could not tell
    what a mean of 0.26 says. One plain sentence comes first, the technical detail after it."""
    letters = [letter(f"b{i}", [0.0, 0.52], signatories=[VAN_DER_MAAT]) for i in range(6)]  # mean 0.26
    report = build_report(letters, holders=holders)
    plain = ("a mean of 0.26, as for Christophe van der Maat, lies between substantive and partial, closer to "
             "partial, and 50% of that group's answers evade at least partly (labelled partial or worse)")
    page = _text(to_html(report))
    assert plain in page
    assert page.index(plain) < page.index("expected label / 3")
    assert "from 0 (substantive) through 0.33 (partial) and 0.67 (deflecting) to 1 (confidential)" in page
    assert plain in re.sub(r"\s+", " ", format_table(report))


@pytest.mark.parametrize(("by", "flag"), [("ministry", "not a ministry"), ("minister", "not one person"),
                                          ("party", "not a party")])
def test_a_group_of_unknowns_is_marked_as_no_ministry_person_or_party_in_every_format(
    holders: OfficeHolders, by: str, flag: str
) -> None:
    """"(ministerie onbekend)" was the largest group and carried no flag: it read as a ministry."""
    unknown = [letter(f"u{i}", [0.5, 0.4], ministry=None, signatories=[], parties=[None, None]) for i in range(4)]
    known = [letter(f"k{i}", [0.2, 0.1], parties=["SP", "SP"]) for i in range(4)]
    report = build_report(unknown + known, by=by, holders=holders)  # type: ignore[arg-type]
    odd = next(g for g in report.groups if g.unnamed)
    rows = {row["group"]: row for row in csv.DictReader(io.StringIO(to_csv(report)))}
    assert rows[odd.key]["unnamed"] == "yes"
    assert all(row["unnamed"] == "no" for key, row in rows.items() if key != odd.key)
    for width in (80, 200):
        table = format_table(report, width=width)
        rows = re.sub(r"\s+", " ", table[:table.index("Mean: the evasion score")])
        assert rows.count(flag) == 1 and rows.index(flag) > rows.rindex(odd.key.split()[0]), (width, rows)  # its row
        assert f"Most evasive answers: {odd.key} ({flag})" in table
    page = to_html(report)
    cells = re.search(rf'<td class="name" lang="nl">{re.escape(html.escape(odd.key))}</td>(.*?)</tr>', page, re.S)
    assert cells and f'<span class="flag few">{flag}</span>' in cells.group(1)
    assert f"{flag.capitalize()}: the group of the letters whose" in _text(page)
    assert f"{html.escape(odd.key)} ({flag})" in charts(report)["means"]


def test_a_trend_over_many_years_is_drawn_per_year_and_a_short_one_per_month(holders: OfficeHolders) -> None:
    """1994–2026 per month was a thicket of points and error bars: over more than a few years the months are
    taken together, per quarter or per year, and the chart's caption says so."""
    years = [letter(f"y{year}-{month}", [0.1 * (month % 4)], date=dt.date(year, month, 10))
             for year in range(1994, 2027) for month in (2, 5, 11)]
    long = build_report(years, holders=holders)
    assert long.trend_period == "year"
    assert [point.period for point in long.trend] == [str(year) for year in range(1994, 2027)]
    assert sum(point.pairs for point in long.trend) == long.pairs
    assert long.trend[0].mean_score == pytest.approx((0.2 + 0.1 + 0.3) / 3)
    page = _text(to_html(long))
    assert "Trend per year" in page and "Trend per month" not in page
    assert "the answers span 1994-02 to 2026-11, too long a time for a point per month to be read" in page
    assert "per year, on the same axes" in page
    middle = build_report([letter(f"q{i}", [0.3], date=dt.date(2018 + i // 4, 1 + 3 * (i % 4), 5))
                           for i in range(24)], holders=holders)
    assert middle.trend_period == "quarter" and middle.trend[0].period == "2018-Q1"
    assert "Trend per quarter" in _text(to_html(middle))
    short = build_report([letter(f"m{i}", [0.3], date=dt.date(2024, i, 5)) for i in range(1, 7)], holders=holders)
    assert short.trend_period == "month" and [p.period for p in short.trend] == [m.month for m in short.months]
    assert "Trend per month" in _text(to_html(short))


def test_a_quoted_letter_title_starts_with_a_capital_as_on_the_letter_page(holders: OfficeHolders) -> None:
    """A subject taken from "Vragen van het lid X over munitievoorraden" was printed "munitievoorraden"."""
    quoted = letter("munitie", [0.9])
    quoted.letter.title = "munitievoorraden en de levering aan Oekraïne"
    report = build_report([quoted], holders=holders)
    assert report.groups[0].most_evasive[0].letter_title == "Munitievoorraden en de levering aan Oekraïne"
    assert "    Munitievoorraden en de levering aan Oekraïne" in format_table(report)
    assert '<p class="title" lang="nl">Munitievoorraden en de levering aan Oekraïne</p>' in to_html(report)


def test_a_party_is_shown_by_its_full_name_as_well_where_the_party_list_has_one(holders: OfficeHolders) -> None:
    """"GrBvK" told a reader nothing; the group stays "GrBvK" in the CSV, for a program to match."""
    letters = [letter(f"p{i}", [0.3, 0.6], parties=["GrBvK", "VVD"]) for i in range(3)]
    report = build_report(letters, by="party", holders=holders)
    table = re.sub(r"\s+", " ", format_table(report, width=160))
    assert "Groep Bontes/Van Klaveren (GrBvK)" in table and "VVD" in table
    assert "Most evasive answers: Groep Bontes/Van Klaveren (GrBvK)" in table
    page = to_html(report)
    assert '<td class="name" lang="nl">Groep Bontes/Van Klaveren (GrBvK)</td>' in page
    assert '<td class="name" lang="nl">VVD</td>' in page  # no longer name in the list: as it is
    assert {row["group"] for row in csv.DictReader(io.StringIO(to_csv(report)))} == {"GrBvK", "VVD"}


# -- command line ---------------------------------------------------------------------------


@pytest.fixture
def store_path(tmp_path: Path, holders: OfficeHolders) -> Path:
    from classifier.outputs.store import Store

    path = tmp_path / "scores.db"
    store = Store(path)
    for letter_score in (
        letter("joint", [0.1, 0.9, 0.4], signatories=[OLLONGREN, VAN_DER_MAAT], parties=["SP", "VVD", "SP"]),
        letter("stand", [0.7, 0.6], signatories=[MINISTER_ONLY], date=dt.date(2026, 1, 27)),
    ):
        store.save(letter_score)
    return path


def test_cli_report_from_store_as_csv_on_stdout(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "--store", str(store_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["group"]: int(row["pairs"]) for row in rows} == {
        "Kajsa Ollongren": 3,
        "Christophe van der Maat": 3,
        "Ruben Brekelmans": 2,
    }


def test_cli_report_by_party_and_first_signatory(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "--store", str(store_path), "--by", "party", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["group"]: int(row["pairs"]) for row in rows} == {"SP": 2, "VVD": 1, NO_PARTY: 2}
    assert run(["report", "--store", str(store_path), "--first-signatory", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["group"] for row in rows} == {"Kajsa Ollongren", "Ruben Brekelmans"}


def test_cli_writes_the_format_its_out_suffix_names(store_path: Path, tmp_path: Path) -> None:
    html_out, csv_out, txt_out = tmp_path / "r.html", tmp_path / "r.csv", tmp_path / "r.txt"
    for out in (html_out, csv_out, txt_out):
        assert run(["report", "--store", str(store_path), "--out", str(out)]) == 0
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert csv_out.read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))
    assert "Kajsa Ollongren" in txt_out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("r.")) == ["r.csv", "r.html", "r.txt"]


def test_cli_errors_are_one_line_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    missing = tmp_path / "nope.db"
    assert run(["report", "--store", str(missing), "--out", str(out)]) == InputNotFound.exit_code
    err = capsys.readouterr().err
    assert str(missing) in err and len(err.strip().splitlines()) == 1
    assert not missing.exists() and not out.exists()

    from classifier.outputs.store import Store

    empty = tmp_path / "empty.db"
    Store(empty)
    assert run(["report", "--store", str(empty), "--out", str(out)]) == EmptyInput.exit_code
    assert "found none" in capsys.readouterr().err and not out.exists()


def test_cli_reports_on_the_letters_that_scored_and_names_each_that_did_not(
        tmp_path: Path, letter_file: Path, use_fake_model: object, capsys: pytest.CaptureFixture[str]) -> None:
    """One unreadable letter among many stopped the whole report and named only the first failure, with the
    exit code that says the others were processed."""
    missing, empty = tmp_path / "nope.txt", tmp_path / "leeg.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "r.csv"
    assert run(["report", str(letter_file), str(missing), str(empty), "--out", str(out)]) == BatchFailed.exit_code
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sum(int(row["letters"]) for row in rows) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(str(missing) in line for line in err) and any(str(empty) in line for line in err)
    assert "2 of 3 failed" in err[-1]


def test_cli_report_with_no_letter_that_scored_writes_nothing(tmp_path: Path, use_fake_model: object,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.csv"
    assert run(["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(out)]) == \
        BatchFailed.exit_code
    err = capsys.readouterr().err.strip().splitlines()
    assert not out.exists() and "none of the 2 files scored" in err[-1]
    for name in ("a.txt", "b.txt"):  # each file named on a line of its own, not only the first
        assert sum(name in line and "no such file" in line for line in err) == 1, err


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report"]) == 2
    assert "--store" in capsys.readouterr().err
    assert run(["report", "--store", str(tmp_path / "s.db"), str(tmp_path / "a.txt")]) == 2
    assert "not both" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()


# -- end to end: the five seeds ------------------------------------------------------------------

SEEDS = (
    "000_98ccc7fd7b35366f",
    "001_e472fb248c5230f8",
    "002_60017dab6e1cdc7e",
    "003_b68a65984b2ea432",
    "004_91c9aa3440a3762b",
)
SEED_DIR = PROJECT_DIR / "annotations" / "sources"

# Who signed each seed, read from the texts (pairs per seed as given: 15, 30, 14, 63, 67):
# - 000 (antwoordbrief 28 oktober 2025): "DE MINISTER VAN DEFENSIE / DE STAATSSECRETARIS VAN
#   DEFENSIE — Ruben Brekelmans / Gijs Tuinman" → Brekelmans 15, Tuinman 15.
# - 001 (antwoordbrief 28 augustus 2025): minister van Defensie Ruben Brekelmans, minister van
#   Buitenlandse Zaken Ruben Brekelmans (same person, counted once), minister van Economische
#   Zaken Vincent Karremans, staatssecretaris van Defensie Gijs Tuinman → 30 each.
# - 002 (ontvangen 12 april 2024): "drs. K.H. Ollongren" and "mr. drs. C.A. van der Maat" → 14 each.
# - 003: names nobody; "De minister heeft deze vragen beantwoord bij brief van 27 januari 2026",
#   asked of the minister van Defensie → office table → Brekelmans (in office until 23 Feb 2026): 63.
# - 004 (21 mei 2026): Dilan Yeşilgöz-Zegerius and Derk Boswijk → 67 each.
EXPECTED_PAIRS = {
    "Ruben Brekelmans": 15 + 30 + 63,
    "Gijs Tuinman": 15 + 30,
    "Vincent Karremans": 30,
    "Kajsa Ollongren": 14,
    "Christophe van der Maat": 14,
    "Dilan Yeşilgöz-Zegerius": 67,
    "Derk Boswijk": 67,
}
EXPECTED_LETTERS = {name: 1 for name in EXPECTED_PAIRS} | {"Ruben Brekelmans": 3, "Gijs Tuinman": 2}
# With --first-signatory each seed counts once, for the first name printed.
EXPECTED_FIRST = {"Ruben Brekelmans": 15 + 30 + 63, "Kajsa Ollongren": 14, "Dilan Yeşilgöz-Zegerius": 67}


@pytest.fixture(scope="module")
def seed_scores() -> list[LetterScore]:
    from conftest import FakeModel

    from classifier.scoring.letter import score_letter

    paths = [SEED_DIR / f"{seed}.txt" for seed in SEEDS]
    if not all(path.is_file() for path in paths):
        pytest.skip(f"the seed letters are not (yet) in {SEED_DIR}")
    model = FakeModel()  # attribution and counts do not depend on the trained model
    return [score_letter(path, model=model) for path in paths]


def test_seed_report_per_minister(seed_scores: list[LetterScore], holders: OfficeHolders) -> None:
    report = build_report(seed_scores, holders=holders)
    assert {g.key: g.pairs for g in report.groups} == EXPECTED_PAIRS
    assert {g.key: g.letters for g in report.groups} == EXPECTED_LETTERS
    assert group(report, "Ruben Brekelmans").via_office_table == 1  # seed 003
    assert report.pairs == 15 + 30 + 14 + 63 + 67
    first = build_report(seed_scores, first_signatory=True, holders=holders)
    assert {g.key: g.pairs for g in first.groups} == EXPECTED_FIRST


def test_seed_report_as_table_csv_and_html_in_a_browser(
    seed_scores: list[LetterScore], tmp_path: Path, chromium, capsys: pytest.CaptureFixture[str]
) -> None:
    from classifier.outputs.store import Store

    store = Store(tmp_path / "seeds.db")
    for letter_score in seed_scores:
        store.save(letter_score)
    outputs = {fmt: tmp_path / f"report.{fmt}" for fmt in ("txt", "csv", "html")}
    for out in outputs.values():
        assert run(["report", "--store", str(store.path), "--out", str(out)]) == 0, capsys.readouterr().err

    table = outputs["txt"].read_text(encoding="utf-8")
    rows = {row["group"]: row for row in csv.DictReader(outputs["csv"].open(encoding="utf-8"))}
    assert {name: int(row["pairs"]) for name, row in rows.items()} == EXPECTED_PAIRS
    for name in EXPECTED_PAIRS:
        assert name in table

    page = chromium(outputs["html"])
    assert_nonblank_png(page.screenshot)
    for name, pairs in EXPECTED_PAIRS.items():
        label = r'<span class="cell-label">[^<]*</span>'  # shown on a phone only
        assert re.search(rf'<td class="name" lang="nl">{re.escape(name)}</td>\s*<td[^>]*>{label}\d+</td>\s*'
                         rf'<td[^>]*>{label}{pairs}</td>', page.dom), name
    assert page.dom.count("<svg") == 4  # mean, label shares, trend, one trend chart per signatory


def test_a_report_on_a_fetched_letter_reads_its_sidecar_once_and_never_writes_over_it(
    letter_file: Path, use_fake_model: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sidecar gives the letter its signer (R.A. Bakker): the report groups by it, reading it once, where the
    letter is scored; an output that is the sidecar is still refused."""
    from conftest import write_fetch_sidecar

    from classifier.fetch import sidecar as sidecars

    letter = write_fetch_sidecar(letter_file)
    sidecar = letter.with_suffix(".json")
    read: list[Path] = []
    load = sidecars.load_sidecar
    monkeypatch.setattr(sidecars, "load_sidecar", lambda path: read.append(Path(path)) or load(path))
    assert run(["report", str(letter), "--by", "minister", "--format", "csv"]) == 0
    assert "\nminister,Bakker,1,4," in capsys.readouterr().out  # the sidecar's signer, not the text's Brekelmans
    assert read == [sidecar]
    before = sidecar.read_bytes()
    assert run(["report", str(letter), "--out", str(sidecar)]) != 0
    assert "is also an input" in capsys.readouterr().err and sidecar.read_bytes() == before


def test_the_legend_explains_only_what_the_grouping_can_show(holders: OfficeHolders) -> None:
    """A party report explained "Via office table", which no party group can have, and a ministry report said a
    letter "signed by several people" counts for each, where it counts for each ministry."""
    two = Signatory(role="De Staatssecretaris van Defensie,", name="Gijs Tuinman", office="staatssecretaris van Defensie")
    letters = [letter("a", [0.1, 0.7], parties=["SP", "CDA"]),
               letter("b", [0.4], signatories=[OLLONGREN, two], parties=["SP"])]
    by_party = build_report(letters, by="party", holders=holders)
    assert "Via office table" not in format_table(by_party, width=120)
    assert "Via office table" not in to_html(by_party)
    by_ministry = build_report(letters, by="ministry", holders=holders)
    assert "A letter signed by several ministries counts in full for each of them." in to_html(by_ministry)
    assert "signed by several people" in to_html(build_report(letters, by="minister", holders=holders))


def test_the_plain_sentences_share_of_evading_answers_is_the_sum_the_table_shows(holders: OfficeHolders) -> None:
    """Rounded once, 1 − 36.36 % substantive said "64 %" above a table showing 27 % partial and 36 % deflecting."""
    scores = [0.0] * 4 + [0.33] * 3 + [0.67] * 4  # 11 pairs: 36.4 % substantive, 27.3 % partial, 36.4 % deflecting
    letters = [letter(f"c{i}", scores[i::3], signatories=[VAN_DER_MAAT]) for i in range(3)]
    report = build_report(letters, holders=holders)
    shown = [round(100 * report.groups[0].label_shares[label]) for label in ("partial", "deflecting", "confidential")]
    assert shown == [27, 36, 0]
    assert "and 63% of that group's answers evade at least partly" in re.sub(r"\s+", " ", format_table(report))
