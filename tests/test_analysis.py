"""The spaCy pass and its cue matches (classifier.model.analysis)."""

from __future__ import annotations

import pytest

from classifier.annotations.files import load_annotations
from classifier.config import PROJECT_DIR
from classifier.model import analysis


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


def test_the_token_columns_read_in_one_array_are_each_tokens_attributes() -> None:
    """`_columns` reads every token's attributes with one `Doc.to_array` and a cache of decoded strings; they
    must be what the tokens themselves say, for empty texts, numbers, symbols and letters outside ASCII too."""
    from classifier.model.nlp import get_nlp

    texts = ["", "  ", "Het kost € 3,1 mln. (12%) in 2024.", "Zie het antwoord op vraag 3.",
             "Ik heb geïnformeerd naar İstanbul en Curaçao.\n\nDat klopt."]
    for doc in get_nlp().pipe(texts):
        expected = [(t.lower_, t.lemma_, t.pos_, t.is_stop, t.idx, t.is_punct, t.is_space, t.like_num, t.text)
                    for t in doc]
        assert list(zip(*analysis._columns(doc))) == expected, doc.text


def test_texts_parsed_in_runs_of_batches_keep_their_order_and_analyses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The spaCy pass runs a few batches at a time before their texts are analysed: runs that end mid-list must
    neither drop nor reorder a text, and each analysis is the one the text gets alone."""
    from classifier.config import get_settings
    from classifier.model.lexicon import lexicon_hash, load_lexicon

    lexicon = load_lexicon()
    name, digest = get_settings().spacy_model, lexicon_hash(lexicon)
    texts = [f"Vraag {n}: hoeveel kost plan {n}? Het kost € {n} miljoen." for n in range(1, 12)]
    alone = [analysis._parse([text], name, lexicon, digest, 2)[0] for text in texts]
    monkeypatch.setattr(analysis, "PARSE_RUN", 2)  # runs of 2 batches of 2 texts: 11 texts end mid-run
    assert analysis._parse(texts, name, lexicon, digest, 2) == alone


def test_the_model_reads_at_most_max_text_chars_of_a_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF whose last answer swallows an appendix gave one answer of megabytes, and its Doc, analysis and
    features grow with it (a 10 MB answer: over 2 GB): the model reads the first MAX_TEXT_CHARS characters,
    cut at a space or line break, so the analysis stays bounded and its offsets point into the whole text."""
    monkeypatch.setattr(analysis, "MAX_TEXT_CHARS", 300)
    monkeypatch.setattr(analysis, "_ANALYSES", type(analysis._ANALYSES)())
    sentence = "Het kabinet heeft in 2024 € 3 miljoen uitgegeven aan munitie.\n"
    long_answer = sentence * 200
    (pair,) = analysis.analyse([("Hoeveel is uitgegeven?", long_answer)])
    read = pair.answer.text
    assert 0 < len(read) <= 300 and long_answer.startswith(read) and long_answer[len(read)].isspace()
    assert len(pair.answer.lower) < 100 and pair.answer.ents
    assert all(end <= len(read) for _, _, end, _, _ in pair.answer.ents)
    assert pair.question.text == "Hoeveel is uitgegeven?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("kort", "kort"), ("a" * 10, "a" * 10), ("aaaa bbbb cccc", "aaaa bbbb"), ("aaaa\nbbbbbbbb", "aaaa"),
     ("a" * 14, "a" * 10), ("aaaaaaaaaa bbb", "a" * 10)],
)
def test_a_long_text_is_cut_before_its_last_space_within_the_bound(
        monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    monkeypatch.setattr(analysis, "MAX_TEXT_CHARS", 10)
    assert analysis.model_text(text) == expected
