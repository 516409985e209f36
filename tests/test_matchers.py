"""The cue matchers and their pre-checks (classifier.model.matchers)."""

from __future__ import annotations

from typing import Any

import pytest

from classifier.annotations.files import load_annotations
from classifier.config import PROJECT_DIR
from classifier.model import analysis, nlp
from classifier.model import matchers as matchers_module
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
    matchers = matchers_module.CueMatchers(pipeline, lexicon)
    plain = one_matcher(pipeline, lexicon)
    texts = [a.answer for a in load_annotations(PROJECT_DIR / "annotations")][:300]
    texts += ["De Kamer wordt voor de zomer over de uitkomsten geïnformeerd.",
              "Dit wordt momenteel door het ministerie nader onderzocht.", "Zie het antwoord op vraag 3.",
              "Ik hecht groot belang aan een zorgvuldige afweging.", "Ik deel die opvatting niet."]
    found_any = windowed = 0
    for doc in pipeline.pipe(texts):
        expected = set(plain(doc))
        # as a set: two patterns of one family can find the same span, which the cue list keeps once
        columns = analysis._columns(doc)
        values = matchers_module.token_values(columns.lower, columns.lemma, columns.pos)
        assert set(matchers.token_matches(doc, values)) == expected, doc.text[:80]
        assert set(matchers.token_matches(doc, {})) == expected, doc.text[:80]  # no word order: whole docs
        found_any += bool(expected)
        windowed += any(matchers_module._windows(needs, reach, values, len(doc)) is not None
                        for _, needs, reach in matchers._token_matchers(doc, values))
    assert found_any >= 5 and windowed >= 5  # the texts do exercise the patterns, and the windows around rare words


def test_a_match_reaches_as_far_as_its_longest_length() -> None:
    assert matchers_module._reach([{"LOWER": "zal"}, {"OP": "{0,8}"}, {"LOWER": {"REGEX": "^informeren$"}}]) == 9
    assert matchers_module._reach([{"LOWER": "is"}, {"LOWER": "aan", "OP": "?"}, {"POS": "NOUN", "OP": "{2}"}]) == 3
    assert matchers_module._reach([{"LOWER": "zie"}, {"OP": "*"}, {"LOWER": "antwoord"}]) is None
    assert matchers_module._reach([{"LOWER": "zie"}, {"OP": "{1,}"}]) is None


def test_a_pattern_is_skipped_when_a_required_word_is_missing_and_kept_when_optional_words_are(pipeline: Any) -> None:
    pattern = [{"LOWER": {"IN": ["wordt", "is"]}}, {"OP": "{0,4}"}, {"LOWER": {"REGEX": "^onderzocht$"}},
               {"LOWER": "verder", "OP": "?"}]
    needs = matchers_module._requirements(pattern)
    assert [kind for _, kind, _ in needs] == ["in", "regex"]  # the wildcard and the optional word need nothing
    assert all(matchers_module._met(n, {"dit", "wordt", "onderzocht"}) for n in needs)
    assert not all(matchers_module._met(n, {"dit", "wordt", "bekeken"}) for n in needs)


def test_two_words_a_pattern_needs_side_by_side_are_looked_up_as_neighbours() -> None:
    needs = matchers_module._requirements([{"LOWER": "is"}, {"LOWER": "aan"}, {"LOWER": {"IN": ["de", "het"]}, "OP": "?"},
                                    {"POS": "NOUN"}])
    pair = [n for n in needs if n[1] == "pair"]
    assert pair == [("lower_pairs", "pair", (frozenset({"is"}), frozenset({"aan"})))]
    assert matchers_module._met(pair[0], {("het", "is"), ("is", "aan")})
    assert not matchers_module._met(pair[0], {("is", "het"), ("aan", "de")})  # both words, but not side by side


def test_longest_first_keeps_what_spacys_filter_spans_keeps() -> None:
    """The cue matcher keeps the longest of overlapping matches on plain token ranges instead of Span objects;
    the choice must be spaCy's own, ties and duplicates included."""
    import random

    from spacy.tokens import Doc
    from spacy.util import filter_spans
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=[f"w{i}" for i in range(20)])
    rng = random.Random(0)
    for _ in range(2000):
        spans = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, 18)
            spans.append((start, rng.randint(start + 1, min(20, start + 4))))
        expected = [(s.start, s.end) for s in filter_spans([doc[a:b] for a, b in spans])]
        assert matchers_module.longest_first(spans) == expected, spans
