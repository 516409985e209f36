"""The spaCy pipeline and its rule entities: what makes an answer concrete, and what does not."""

from __future__ import annotations

from typing import Any

import pytest

from classifier import errors
from classifier.config import spacy_install_hint
from classifier.model import nlp


@pytest.fixture(scope="session")
def pipeline() -> Any:
    return nlp.get_nlp()


def ents(pipeline: Any, text: str) -> list[tuple[str, str]]:
    return [(e.label_, e.text) for e in pipeline(text).ents]


def test_pipeline_is_cached_and_keeps_only_what_features_use(pipeline: Any) -> None:
    assert nlp.get_nlp() is pipeline
    assert "parser" not in pipeline.pipe_names and "ner" not in pipeline.pipe_names
    assert pipeline.pipe_names[-1] == nlp.COMPONENT_NAME
    doc = pipeline("Dit is de eerste zin. Dit is de tweede zin.")
    assert len(list(doc.sents)) == 2
    assert [t.lemma_ for t in doc][:2] == ["dit", "zijn"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Het gaat om € 3 miljard extra.", ("MONEY", "€ 3 miljard")),
        ("Er is EUR 21,6 miljoen gereserveerd.", ("MONEY", "EUR 21,6 miljoen")),
        ("Dat kost 1 miljard euro per jaar.", ("MONEY", "1 miljard euro")),
        ("De groei is 1,95% ten opzichte van vorig jaar.", ("PERCENT", "1,95%")),
        ("Ongeveer 15 procent van de aanvragen.", ("PERCENT", "15 procent")),
        ("Het besluit is op 12 april 2024 genomen.", ("DATE", "12 april 2024")),
        ("De levering start in 2026.", ("DATE", "2026")),
        ("Zie Kamerstuk 36 800 X, nr. 3 voor de details.", ("DOCREF", "Kamerstuk 36 800 X, nr. 3")),
        ("Zoals in Kamerstukken I, 2024/25, 36 592, nr. 23 staat.",
         ("DOCREF", "Kamerstukken I, 2024/25, 36 592, nr. 23")),
        ("Dit betreft vraag 2025Z14499 van het lid.", ("DOCREF", "2025Z14499")),
        ("Zoals gemeld in mijn brief van 19 juni heb ik besloten.", ("DOCREF", "brief van 19 juni")),
        ("Er waren 7 incidenten.", ("QUANTITY", "7 incidenten")),
        ("Het tekort is in het voorjaar van 2016 opgelost.", ("DATE", "in het voorjaar van 2016")),
    ],
)
def test_rule_entities_mark_amounts_dates_and_references(pipeline: Any, text: str, expected: tuple[str, str]) -> None:
    assert expected in ents(pipeline, text)


def test_a_reference_wins_over_the_numbers_inside_it(pipeline: Any) -> None:
    found = ents(pipeline, "Zie Kamerstuk 36 800 X, nr. 3.")
    assert found == [("DOCREF", "Kamerstuk 36 800 X, nr. 3")]


def test_voor_de_zomer_is_not_a_date(pipeline: Any) -> None:
    assert ents(pipeline, "De Kamer wordt voor de zomer geïnformeerd.") == []


def test_a_pointer_to_another_answer_is_not_concrete(pipeline: Any) -> None:
    found = ents(pipeline, "Zie het antwoord op vraag 6 en 7.")
    assert found == [("QREF", "het antwoord op vraag 6 en 7")]
    assert "QREF" not in nlp.CONCRETE_LABELS


def test_entity_offsets_point_into_the_text(pipeline: Any) -> None:
    text = "Op 1 januari 2025 is € 5 miljoen betaald, 40 procent van het totaal."
    for label, surface, start, end in nlp.entity_tuples([text])[0]:
        assert text[start:end] == surface, label


def test_a_missing_model_raises_with_the_install_hint() -> None:
    with pytest.raises(errors.SpacyModelMissing) as caught:
        nlp.get_nlp("nl_no_such_model_xyz")
    assert "nl_no_such_model_xyz" in str(caught.value)
    # the model the settings name, not always nl_core_news_sm (EVASION_SPACY_MODEL=nl_core_news_lg)
    assert caught.value.hint == spacy_install_hint("nl_no_such_model_xyz")
    assert "`pip install nl_no_such_model_xyz`" in caught.value.hint
    assert caught.value.exit_code == errors.SpacyModelMissing.exit_code


def test_the_environment_chooses_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVASION_SPACY_MODEL", "nl_other_missing_model")
    assert nlp.model_name() == "nl_other_missing_model"
    with pytest.raises(errors.SpacyModelMissing, match="nl_other_missing_model"):
        nlp.get_nlp()


# --- texts longer than spaCy's max_length ------------------------------------------------------

LONG_PARAGRAPH = ("De minister heeft op 12 april 2024 € 3 miljard uitgegeven aan 44 munitiesoorten. "
                  "Zie Kamerstuk 36 800 X, nr. 3.\n") * 3


@pytest.fixture
def short_limit(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    """spaCy refuses texts over nlp.max_length (1,000,000): lowered so tests need no 1M-character text."""
    monkeypatch.setattr(pipeline, "max_length", 1500)
    return pipeline.max_length


def test_split_long_text_cuts_at_line_breaks_and_joins_back() -> None:
    text = "een twee drie\nvier vijf zes zeven acht\nnegen " + "x" * 30
    pieces = nlp.split_long_text(text, 20)
    assert "".join(pieces) == text and all(0 < len(p) <= 20 for p in pieces)
    assert pieces[:3] == ["een twee drie", "\nvier vijf zes ", "zeven acht"]
    assert nlp.split_long_text("kort", 20) == ["kort"]


def test_a_text_over_max_length_is_processed_in_pieces_like_the_whole(pipeline: Any, short_limit: int) -> None:
    text = LONG_PARAGRAPH * 20
    assert len(text) > 4 * short_limit
    doc, short = pipeline.pipe([text, "Kort antwoord."])
    assert doc.text == text and short.text == "Kort antwoord."
    with pytest.MonkeyPatch.context() as unlimited:
        unlimited.setattr(pipeline, "max_length", 10 * len(text))
        whole = next(pipeline.pipe([text]))
    assert [(e.label_, e.start_char, e.end_char) for e in doc.ents] == [
        (e.label_, e.start_char, e.end_char) for e in whole.ents]
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in whole]
    assert len(list(doc.sents)) == len(list(whole.sents))


def _letter(answer: str) -> str:
    return (f"Vraag 1\n\nHoeveel geld is in 2024 uitgegeven aan munitie?\n\nAntwoord 1\n\n{answer}\n\n"
            "Vraag 2\n\nWelke voorraden zijn er?\n\nAntwoord 2\n\n"
            "Daarover worden om veiligheidsredenen in het openbaar geen uitspraken gedaan.\n")


def test_score_evaluate_and_report_take_an_answer_over_max_length(
    pipeline: Any, short_limit: int, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """spaCy's E088 was a traceback, and in a batch the letters after the long one were never scored."""
    import json

    from classifier.cli import run

    long_answer = (LONG_PARAGRAPH * 12).strip()
    assert len(long_answer) > short_limit
    long_letter, short_letter = tmp_path / "lang.txt", tmp_path / "kort.txt"
    long_letter.write_text(_letter(long_answer), encoding="utf-8")
    short_letter.write_text(_letter("In 2024 is € 3 miljard uitgegeven."), encoding="utf-8")
    out = tmp_path / "scores.json"
    assert run(["score", str(long_letter), str(short_letter), "--format", "json", "--out", str(out)]) == 0
    scored = json.loads(out.read_text(encoding="utf-8"))
    assert [len(letter["pairs"]) for letter in scored] == [2, 2]
    assert scored[0]["pairs"][0]["answer"] == long_answer
    report = tmp_path / "report.csv"
    assert run(["report", str(long_letter), str(short_letter), "--format", "csv", "--out", str(report)]) == 0
    annotation = {"id": "lang#1", "letter_id": "lang", "question_id": "1", "question": "Hoeveel geld?",
                  "answer": long_answer, "label": "substantive", "rationale": "Bedrag gegeven.", "annotator": "t"}
    labels = tmp_path / "lang.jsonl"
    labels.write_text(json.dumps(annotation, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(["evaluate", "--annotations", str(labels), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 1


def test_the_pipeline_reads_the_tokenizer_saved_with_the_model() -> None:
    """The pipeline starts from an empty tokenizer (fast) and reads the model's own from disk: the same bytes."""
    import spacy

    from classifier.model.nlp import get_nlp

    fresh = spacy.load(get_nlp().meta["lang"] + "_core_news_sm").tokenizer
    assert get_nlp().tokenizer.to_bytes(exclude=["vocab"]) == fresh.to_bytes(exclude=["vocab"])  # strings grow with use


def test_spacy_is_given_at_most_batch_chars_characters_at_once(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's tok2vec holds about 15 kB per token of a batch while it runs: a 1 MB answer, parsed whole because it
    was under max_length, took 3.8 GB, and a 10 MB one was killed. Long texts are parsed in pieces and batches are
    bounded in characters, as well as in texts; each text still comes back whole, in order."""
    from spacy.language import Language

    monkeypatch.setattr(nlp, "BATCH_CHARS", 2000)
    batches: list[list[str]] = []

    def recording(texts: Any, **kwargs: Any) -> Any:
        batch = list(texts)
        batches.append(batch)
        return Language.pipe(pipeline, batch, **kwargs)

    long_text = LONG_PARAGRAPH * 30
    texts = ["Kort antwoord.", long_text, *[LONG_PARAGRAPH] * 40, "Nog een kort antwoord."]
    assert len(long_text) > 4 * 2000 and len(long_text) < pipeline.max_length
    docs = list(nlp._pipe_in_pieces(pipeline, recording)(texts, batch_size=64))
    assert [doc.text for doc in docs] == texts
    assert len(batches) > 2 and all(sum(map(len, batch)) <= 2000 for batch in batches)
    assert [t.lemma_ for t in docs[2]] == [t.lemma_ for t in pipeline(LONG_PARAGRAPH)]
