"""The spaCy pipeline and its rule entities: what makes an answer concrete, and what does not."""

from __future__ import annotations

from typing import Any

import pytest

from classifier import errors, nlp
from classifier.config import SPACY_INSTALL_HINT


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
    assert caught.value.hint == SPACY_INSTALL_HINT
    assert caught.value.exit_code == errors.SpacyModelMissing.exit_code


def test_the_environment_chooses_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVASION_SPACY_MODEL", "nl_other_missing_model")
    assert nlp.model_name() == "nl_other_missing_model"
    with pytest.raises(errors.SpacyModelMissing, match="nl_other_missing_model"):
        nlp.get_nlp()
