"""The HTML page of a scored letter: safe, complete, self-contained, and it renders."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import assert_nonblank_png, make_letter_score
from hypothesis import given
from hypothesis import strategies as st

from classifier.config import LABELS
from classifier.outputs import render
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if "data-question-id" in values:
            self.question_ids.append(values["data-question-id"] or "")
        for kind, store in (("answer", self.answers), ("question", self.questions)):
            if tag == "p" and kind in classes:
                store.append("")
                self._in.append(kind)
                return
        if tag == "mark":
            self._mark = (values.get("title") or "", [])
        if tag == "p":
            self._in.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], "".join(self._mark[1])))
            self._mark = None
        if tag == "p" and self._in:
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
