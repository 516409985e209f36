"""The HTML page of a scored letter: safe, complete, self-contained, and it renders."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import assert_nonblank_png, make_letter_score
from hypothesis import given
from hypothesis import strategies as st

from classifier.config import LABELS
from classifier.outputs import render, tables
from classifier.types import CueSpan, LetterScore


class _Page(HTMLParser):
    """Collects the text of each answer and question, the marks and the tags used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.answers: list[str] = []
        self.questions: list[str] = []
        self.marks: list[tuple[str, str]] = []
        self.question_ids: list[str] = []
        self._in: list[str] = []
        self._mark: tuple[str, list[str]] | None = None
        self._paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if "data-question-id" in values:
            self.question_ids.append(values["data-question-id"] or "")
        if tag == "mark":
            self._mark = (values.get("title") or "", [])
        if tag not in ("p", "span", "div"):
            return
        top = self._in[-1] if self._in else ""
        for kind, store in (("answer", self.answers), ("question", self.questions)):
            if tag == "p" and kind in classes:  # one <span class="para"> per line of the letter's text
                store.append("")
                self._in.append(kind + "/")  # nothing but paragraphs in it
                self._paragraphs = 0
                return
        if tag == "span" and "para" in classes and top in ("answer/", "question/"):
            kind = top.rstrip("/")
            store = self.answers if kind == "answer" else self.questions
            if self._paragraphs:
                store[-1] += "\n"
            self._paragraphs += 1
            self._in.append(kind)
            return
        self._in.append(top if top in ("answer", "question") else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], "".join(self._mark[1])))
            self._mark = None
        if tag in ("p", "span", "div") and self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark[1].append(data)
        if self._in and self._in[-1] == "answer":
            self.answers[-1] += data
        elif self._in and self._in[-1] == "question":
            self.questions[-1] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_markup_in_letters_is_shown_as_text(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    assert "<script" not in page.lower()
    assert "<b>vet</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    parsed = parse(page)
    # The browser-visible text of every answer and question is exactly the letter's text.
    assert parsed.answers == [pair.answer for pair in scored_letter.pairs]
    assert parsed.questions == [pair.question for pair in scored_letter.pairs]


def test_every_pair_is_on_the_page_with_its_label_score_and_probabilities(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    parsed = parse(page)
    assert parsed.question_ids == [pair.question_id for pair in scored_letter.pairs]
    sections = re.findall(r'<section class="pair label-(\w+)"', page)
    assert sections == [pair.label for pair in scored_letter.pairs]
    for pair in scored_letter.pairs:
        block = page.split(f'data-question-id="{pair.question_id}"', 1)[1].split("</section>", 1)[0]
        assert f"{pair.score:.2f}" in block
        for label in LABELS:
            bar = re.search(rf'{label} <span class="pbar" role="meter" aria-label="{label}"[^>]*'
                            rf'aria-valuenow="([\d.]+)"><span class="bg-{label}"', block)
            assert bar is not None, label
            assert float(bar.group(1)) == pytest.approx(pair.probabilities[label], abs=1e-4)
        if pair.referral_to:
            assert "Refers to the answer to question " + ", ".join(pair.referral_to) in block


def test_summary_shows_counts_per_label_and_mean_score(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    summary = page.split("<main>", 1)[0]
    for label in LABELS:
        count = sum(pair.label == label for pair in scored_letter.pairs)
        assert f"{label}: <strong>{count}</strong>" in summary
    mean = sum(pair.score for pair in scored_letter.pairs) / len(scored_letter.pairs)
    assert f'class="mean-score">{mean:.2f}<' in summary
    assert html.escape(scored_letter.letter.title or "", quote=False) in summary
    assert "R. Brekelmans" in summary


def test_cues_are_marked_with_their_family(scored_letter: LetterScore) -> None:
    parsed = parse(render.to_html(scored_letter))
    expected = [(cue.family, cue.text) for pair in scored_letter.pairs for cue in pair.evidence.cues]
    assert expected, "the sample letter should hold cues"
    assert parsed.marks == expected


def test_page_is_self_contained(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    parsed = parse(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not [value for name, value in parsed.attrs if name in {"src", "href"}]
    assert "@import" not in page and "url(" not in page


def test_one_page_name_per_letter_even_with_equal_ids() -> None:
    a = make_letter_score("brief", content_hash="a" * 64)
    b = make_letter_score("brief", content_hash="b" * 64)
    c = make_letter_score("../other letter")
    names = render.page_names([a, b, c, a])
    assert len(set(names)) == 4
    assert all(name.endswith(".html") and "/" not in name for name in names)

    namer = render.PageNamer(score.letter.letter_id for score in [a, b, c, a])
    assert [namer(score) for score in [a, b, c, a]] == names  # the streaming writer names pages the same


def test_spans_whose_offsets_do_not_hold_their_text_are_not_highlighted() -> None:
    text = "Zie antwoord op vraag 2."
    stale = CueSpan(family="confidentiality", text="om veiligheidsredenen", start=0, end=21)
    outside = CueSpan(family="postponement", text="x", start=30, end=31)
    pieces = render.segments(text, [stale, outside])
    assert pieces == [render.Segment(text)]


def test_cues_win_over_overlapping_concrete_spans() -> None:
    text = "Voor de zomer van 2025 volgt een brief."
    cue = CueSpan(family="postponement", text=text[0:22], start=0, end=22)
    year = CueSpan(family="DATE", text="2025", start=18, end=22)
    pieces = render.segments(text, [cue], [year])
    assert [(p.kind, p.text) for p in pieces] == [("cue", text[:22]), ("", text[22:])]


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[CueSpan], list[CueSpan]]:
    text = draw(st.text(alphabet="ab<>&\"' \nzé", max_size=40))

    def spans() -> st.SearchStrategy[list[CueSpan]]:
        bounds = st.tuples(st.integers(0, len(text) + 2), st.integers(0, len(text) + 2))
        return st.lists(
            bounds.map(lambda b: CueSpan(family="f", text=text[b[0] : b[1]], start=b[0], end=b[1])), max_size=6
        )

    return text, draw(spans()), draw(spans())


@given(_text_and_spans())
def test_segments_rebuild_the_text_and_only_mark_their_own_words(case) -> None:
    text, cues, concrete = case
    pieces = render.segments(text, cues, concrete)
    assert "".join(piece.text for piece in pieces) == text
    offset = 0
    for piece in pieces:
        if piece.kind:
            spans = cues if piece.kind == "cue" else concrete
            assert any(s.start == offset and s.end == offset + len(piece.text) for s in spans)
        offset += len(piece.text)


def test_page_renders_in_headless_chromium(chromium, tmp_path: Path, scored_letter: LetterScore) -> None:
    letter = make_letter_score(
        "rendered",
        [(f"Vraag nummer {i}?", f"Antwoord {i}, om veiligheidsredenen niet.") for i in range(1, 13)]
        + [(pair.question, pair.answer) for pair in scored_letter.pairs],
    )
    page = tmp_path / "letter.html"
    page.write_text(render.to_html(letter), encoding="utf-8")
    rendered = chromium(page)
    assert_nonblank_png(rendered.screenshot)
    dom_ids = re.findall(r'data-question-id="([^"]*)"', rendered.dom)
    assert dom_ids == [pair.question_id for pair in letter.pairs]
    for pair in letter.pairs:
        assert f"Question {pair.question_id}</h2>" in rendered.dom
    assert "<script" not in rendered.dom.split("<body", 1)[1]


_WIDEST = "[document.documentElement.scrollWidth, Math.max(...Array.from(document.querySelectorAll('body *'), " \
    "e => e.getBoundingClientRect().right))]"


def test_a_long_url_and_a_long_letter_id_fit_a_phone(chromium, tmp_path: Path) -> None:
    url = "https://www.koninklijkhuis.nl/actueel/nieuws/2024/07/03/koning-benoemt-rentmeester-kroondomein-het-loo"
    letter = make_letter_score("11602_begroting-koning-2025-rentmeester-" + "x" * 30,
                               [(f"Klopt het bericht op {url}?", f"Zie ook {url} en {url}/vervolg.")])
    letter = letter.model_copy(update={"letter": letter.letter.model_copy(update={"title": None})})
    page = tmp_path / "phone.html"
    page.write_text(render.to_html(letter), encoding="utf-8")
    scroll_width, widest = chromium(page, "390,2000", evaluate=_WIDEST).value
    assert scroll_width <= 390 and widest <= 391  # nothing sticks out: the page does not scroll sideways


def _cut_off(letter: LetterScore, *question_ids: str) -> LetterScore:
    """`letter` with these pairs cut off (an excerpt's "[...]"), summarised as scoring does: complete pairs only."""
    from classifier.scoring.letter import summarize

    pairs = [pair.model_copy(update={"complete": pair.question_id not in question_ids}) for pair in letter.pairs]
    return letter.model_copy(update={"pairs": pairs, "summary": summarize([p for p in pairs if p.complete])})


def _block(page: str, question_id: str) -> str:
    return page.split(f'data-question-id="{question_id}"', 1)[1].split("</section>", 1)[0]


def test_a_cut_off_pair_shows_its_text_but_no_label_score_or_probabilities(scored_letter: LetterScore) -> None:
    letter = _cut_off(scored_letter, "2")
    page = render.to_html(letter)
    block = _block(page, "2")
    assert "cut off — not scored, not counted" in block
    assert 'class="badge' not in block and "score <strong>" not in block and 'class="pbar"' not in block
    assert parse(page).answers[1] == letter.pairs[1].answer  # its text is still shown
    assert re.findall(r'<section class="pair ([\w-]+)"', page) == [
        f"label-{p.label}" if p.complete else "cut-off" for p in letter.pairs]
    summary = page.split("<main>", 1)[0]
    assert "<strong>3</strong> pairs counted" in summary and "1 cut off (not scored, not counted)" in summary


def test_a_letter_without_a_complete_pair_says_so_instead_of_a_mean() -> None:
    letter = _cut_off(make_letter_score("cut", [("Klopt het?", "Dat kan ik op dit moment niet")]), "1")
    page = render.to_html(letter)
    summary = page.split("<main>", 1)[0]
    assert "no complete pair" in summary
    assert "mean-score" not in summary and "0.00" not in summary
    assert 'class="badge' not in page and "deflecting</span>" not in page


def test_a_referral_note_says_the_answer_is_scored_against_its_own_question(scored_letter: LetterScore) -> None:
    pairs = [p.model_copy(update={"resolved_from": p.referral_to}) for p in scored_letter.pairs]
    page = render.to_html(scored_letter.model_copy(update={"pairs": pairs}))
    block = _block(page, "3")
    assert "Refers to the answer to question 2; read as the answer to question 2, scored against this question." in block
    assert "taken over" not in page


def _luminance(colour: str) -> float:
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_badge_text_has_wcag_aa_contrast_on_every_label_colour(scored_letter: LetterScore) -> None:
    css = render.to_html(scored_letter).split("<style>", 1)[1].split("</style>", 1)[0]
    text = re.search(r"\.badge \{[^}]*[^-]color: (#[0-9a-fA-F]{3,6})", css)
    assert text is not None, "the badge's text colour should be a #rgb or #rrggbb in its own rule"
    for label in LABELS:  # the badge takes its background from --label-badge when there is one
        assert f".badge.bg-{label} {{ background: var(--{label}-badge, var(--{label})); }}" in css
    for label in LABELS:
        background = re.search(rf"--{label}-badge: (#[0-9a-fA-F]{{6}});", css) or re.search(
            rf"--{label}: (#[0-9a-fA-F]{{6}});", css)
        assert background is not None, label
        light, dark = sorted((_luminance(text.group(1)), _luminance(background.group(1))), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, label


def test_the_highlights_are_explained_and_each_cue_shows_its_family(scored_letter: LetterScore) -> None:
    page = render.to_html(scored_letter)
    legend = page.split('<p class="legend">', 1)[1].split("</p>", 1)[0]
    assert "cue phrases" in legend and "family" in legend
    assert 'class="concrete"' in legend and "numbers, dates and references" in legend
    families = re.findall(r'<mark class="cue" title="([^"]*)" data-family="([^"]*)"', page)
    assert families and all(shown == family.replace("_", " ") for family, shown in families)
    assert re.search(r"\.cue\[data-family\]::after \{ content: [^}]*attr\(data-family\)", page)


def test_paragraphs_stay_apart_and_a_party_named_twice_shows_once() -> None:
    letter = make_letter_score("paragraphs", [("Eerste alinea?\nTweede alinea?", "Een.\nTwee.\n\nDrie.")])
    pair = letter.pairs[0].model_copy(update={"section": "PvdD", "party": "PvdD"})
    page = render.to_html(letter.model_copy(update={"pairs": [pair]}))
    answer = page.split('<p class="answer" lang="nl">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r'<span class="para">(.*?)</span>', answer) == ["Een.", "Twee.", "", "Drie."]
    question = page.split('<p class="question" lang="nl">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r'<span class="para">(.*?)</span>', question) == ["Eerste alinea?", "Tweede alinea?"]
    assert re.search(r"\.para \{ display: block;", page) and re.search(r"\.para \+ \.para \{ margin-top: [.\d]+em", page)
    assert '<span class="who" lang="nl">PvdD</span>' in page
    parsed = parse(page)
    assert parsed.answers == [pair.answer] and parsed.questions == [pair.question]


def test_the_letter_page_names_a_signatory_as_the_report_does() -> None:
    """The page said "Signed by Blok" where the report, by the office-holder table, says "Stef Blok"."""
    from classifier.letters.officeholders import load_office_holders
    from classifier.outputs.report import build_report
    from classifier.types import Signatory

    holders = load_office_holders()
    letter_score = make_letter_score("blok")
    letter_score.letter.date = dt.date(2019, 5, 2)
    letter_score.letter.signatories = [
        Signatory(role="De minister van Buitenlandse Zaken", name="Blok", office="minister van Buitenlandse Zaken"),
        Signatory(role="De minister van Defensie", office="minister van Defensie"),  # the office alone
    ]
    named = {group.key for group in build_report([letter_score], holders=holders).groups}
    assert named == {"Stef Blok", "Ank Bijleveld"}
    signed = re.search(r"<dt>Signed by</dt>(.*?)</dd>", render.to_html(letter_score), re.S)  # the table by default
    assert signed
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", signed.group(1))))
    assert "Stef Blok (minister van Buitenlandse Zaken), printed “Blok”" in text
    assert ("Ank Bijleveld (minister van Defensie), name from the table of office holders (the letter prints only "
            "the office)") in text
    terminal = tables.to_table(letter_score)
    assert "Stef Blok (minister van Buitenlandse Zaken), printed “Blok”" in _flat_print(terminal)


def test_asked_by_gives_a_partys_full_name_with_its_short_form() -> None:
    """"Asked by GrBvK" was cryptic; a party classifier/data/parties.json knows by a longer name gets it."""
    letter_score = make_letter_score("grbvk")
    letter_score.letter.askers = ["GrBvK", "VVD", "L. Jansen (PvdD)"]
    page = render.to_html(letter_score)
    assert ('<dt>Asked by</dt><dd lang="nl">Groep Bontes/Van Klaveren (GrBvK); VVD; '
            "L. Jansen (Partij voor de Dieren, PvdD)</dd>") in page
    assert "Asked by Groep Bontes/Van Klaveren (GrBvK); VVD; L. Jansen (Partij voor de Dieren, PvdD)" in _flat_print(
        tables.to_table(letter_score))


def _flat_print(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=200, color_system=None, record=True)
    console.print(renderable)
    return re.sub(r"\s+", " ", console.export_text())
