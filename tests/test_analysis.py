"""The spaCy pass and its cue matches (classifier.model.analysis)."""

from __future__ import annotations

from typing import Any

import pytest

from classifier.annotations.files import load_annotations
from classifier.config import PROJECT_DIR
from classifier.model import analysis, nlp
from classifier.model.lexicon import all_families, load_lexicon


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return nlp.get_nlp()


def one_matcher(pipeline: Any, lexicon: dict[str, Any]) -> Any:
    """Every token pattern of the lexicon in a single spaCy Matcher, run on every text: the plain way."""
    from spacy.matcher import Matcher

    matcher = Matcher(pipeline.vocab)
    for name, family in all_families(lexicon).items():
        if family.get("patterns"):
            matcher.add(name, family["patterns"])
    return matcher


def test_skipping_token_patterns_whose_required_words_are_absent_finds_the_same_matches(pipeline: Any) -> None:
    """The pre-check only skips work: on answers with and without the patterns' rare words, every token-pattern
    match a plain Matcher finds is found, and no other."""
    lexicon = load_lexicon()
    matchers = analysis._Matchers(pipeline, lexicon)
    plain = one_matcher(pipeline, lexicon)
    texts = [a.answer for a in load_annotations(PROJECT_DIR / "annotations")][:300]
    texts += ["De Kamer wordt voor de zomer over de uitkomsten geïnformeerd.",
              "Dit wordt momenteel door het ministerie nader onderzocht.", "Zie het antwoord op vraag 3.",
              "Ik hecht groot belang aan een zorgvuldige afweging.", "Ik deel die opvatting niet."]
    found_any = 0
    for doc in pipeline.pipe(texts):
        expected = set(plain(doc))
        # as a set: two patterns of one family can find the same span, which the cue list keeps once
        got = {m for matcher in matchers._token_matchers(doc, {}) for m in matcher(doc)}
        assert got == expected, doc.text[:80]
        found_any += bool(expected)
    assert found_any >= 5  # the texts do exercise the patterns


def test_a_pattern_is_skipped_when_a_required_word_is_missing_and_kept_when_optional_words_are(pipeline: Any) -> None:
    pattern = [{"LOWER": {"IN": ["wordt", "is"]}}, {"OP": "{0,4}"}, {"LOWER": {"REGEX": "^onderzocht$"}},
               {"LOWER": "verder", "OP": "?"}]
    needs = analysis._requirements(pattern)
    assert [kind for _, kind, _ in needs] == ["in", "regex"]  # the wildcard and the optional word need nothing
    assert all(analysis._met(n, {"dit", "wordt", "onderzocht"}) for n in needs)
    assert not all(analysis._met(n, {"dit", "wordt", "bekeken"}) for n in needs)


def test_analysing_in_two_processes_caches_what_one_process_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """Training's spaCy pass is split over forked processes; the analyses must be the ones `analyse` gives."""
    annotations = load_annotations(PROJECT_DIR / "annotations" / "003_munitietekort-leger.jsonl")
    pairs = [(a.question, a.answer) for a in annotations] + [("Hoeveel kost het?", "Het kost € 3 miljoen.")]
    monkeypatch.setattr(analysis, "_ANALYSES", type(analysis._ANALYSES)())
    alone = analysis.analyse(pairs)
    monkeypatch.setattr(analysis, "_ANALYSES", type(analysis._ANALYSES)())
    analysis.analyse_in_processes(pairs, 2, batch_size=1)
    texts = {t for pair in pairs for t in pair}
    assert len(analysis._ANALYSES) == len(texts) and len(texts) >= 4
    assert analysis.analyse(pairs) == alone  # read from the cache the two processes filled
