"""Pair features and evidence on hand-written pairs: the signals a reader would point at."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from classifier import errors
from classifier.model.blocks import BLOCKS
from classifier.model.features import PairFeatures
from classifier.model.lexicon import load_lexicon
from classifier.model.nlp import get_nlp

QUESTION = "Hoeveel munitie heeft Defensie in 2024 gekocht en wat waren de kosten?"
CONCRETE = "In 2024 is voor € 1,2 miljard munitie gekocht, 35 procent meer dan in 2023; het ging om 40.000 granaten."
VAGUE = "Defensie hecht groot belang aan voldoende munitie en blijft zich inzetten voor een goede voorraad."
CONFIDENTIAL = "Om veiligheidsredenen doet het kabinet in het openbaar geen uitspraken over de voorraden."
POSTPONED = "De Kamer wordt voor de zomer geïnformeerd over de aanschaf."

PAIRS = [
    (QUESTION, CONCRETE),
    (QUESTION, VAGUE),
    ("Welke voorraden zijn er per munitiesoort?", CONFIDENTIAL),
    ("Wanneer komt het plan?", POSTPONED),
    ("Is het de regering bekend dat de voorraden krap zijn?", "Ja."),
    ("Deelt u de mening dat dit onwenselijk is?", "Zie het antwoord op vraag 1."),
]


@pytest.fixture(scope="session")
def nlp() -> Any:
    return get_nlp()


@pytest.fixture(scope="module")
def fitted(nlp: Any) -> PairFeatures:
    return PairFeatures(min_df=1).fit(PAIRS)


def column(features: PairFeatures, matrix: Any, name: str) -> np.ndarray:
    names = list(features.get_feature_names_out())
    dense = matrix.toarray() if hasattr(matrix, "toarray") else matrix
    return dense[:, names.index(name)]


def test_a_confidential_answer_fires_the_confidentiality_cue_with_its_span(fitted: PairFeatures) -> None:
    evidence = fitted.evidence([("Welke voorraden zijn er?", CONFIDENTIAL)])[0]
    spans = [(c.family, c.text, c.start, c.end) for c in evidence.cues if c.family == "confidentiality"]
    assert ("confidentiality", "Om veiligheidsredenen", 0, len("Om veiligheidsredenen")) in spans
    for cue in evidence.cues:
        assert CONFIDENTIAL[cue.start : cue.end] == cue.text


def test_a_number_rich_answer_is_more_concrete(fitted: PairFeatures) -> None:
    unscaled = PairFeatures(blocks=("concreteness",), scale=False).fit(PAIRS)
    matrix = unscaled.transform([(QUESTION, CONCRETE), (QUESTION, VAGUE)])
    per_word = column(unscaled, matrix, "conc_per_100_words")
    assert per_word[0] > per_word[1] == 0.0
    evidence = fitted.evidence([(QUESTION, CONCRETE)])[0]
    labels = {c.family for c in evidence.concrete}
    assert {"MONEY", "PERCENT", "DATE"} <= labels
    for span in evidence.concrete:
        assert CONCRETE[span.start : span.end] == span.text


def test_postponement_fires_and_voor_de_zomer_is_not_concrete(fitted: PairFeatures) -> None:
    evidence = fitted.evidence([("Wanneer komt het plan?", POSTPONED)])[0]
    # overlapping matches of one family merge into the longest: "wordt voor de zomer geïnformeerd"
    assert any("voor de zomer" in c.text for c in evidence.cues if c.family == "postponement")
    assert evidence.concrete == []


def test_an_ordinal_or_the_acht_of_in_acht_nemen_is_not_shown_as_a_figure(fitted: PairFeatures) -> None:
    """A reviewer's letter page underlined "acht" of "in acht te worden genomen", and "Tweede" of "de Tweede Kamer",
    as concrete figures the answer gave."""
    answer = ("De Tweede Kamer is hierover als eerste geïnformeerd. Dat moet in acht worden genomen. "
              "In acht dagen zijn twee meldingen gedaan.")
    evidence = fitted.evidence([("Hoeveel meldingen zijn er gedaan?", answer)])[0]
    assert [c.text for c in evidence.concrete] == ["acht dagen", "twee meldingen"]  # "In acht dagen": eight days
    for idiom in ("Wij zullen dit in acht nemen.", "Ik neem dit in acht.", "Dit wordt in acht genomen."):
        assert fitted.evidence([("Wat doet u ermee?", idiom)])[0].concrete == [], idiom
    eight_days = fitted.evidence([("Wanneer?", "Wij nemen de maatregelen in acht dagen.")])[0].concrete
    assert [c.text for c in eight_days] == ["acht dagen"]


def test_a_season_with_a_year_is_a_date_not_a_postponement(fitted: PairFeatures) -> None:
    answer = "Het tekort is in het voorjaar van 2016 opgelost."
    evidence = fitted.evidence([("Wanneer is het tekort opgelost?", answer)])[0]
    assert [c.family for c in evidence.cues] == []
    assert [(c.family, c.text) for c in evidence.concrete] == [("DATE", "in het voorjaar van 2016")]


def test_a_direct_yes_counts_only_at_the_start(fitted: PairFeatures) -> None:
    opening, inside = fitted.evidence([("Kent u het bericht?", "Ja."), ("Vindt u dat?", "Ik zeg daarop ja, maar later.")])
    assert [c.family for c in opening.cues] == ["direct_answer"]
    assert "direct_answer" not in [c.family for c in inside.cues]


EVASIVE_WORDINGS = [
    ("Klopt het dat 4.000 asielzoekers in beeld zijn?", "Ik verwijs hiervoor naar mijn brief van 11 juli.", "referral"),
    ("Op welke wijze biedt de regering steun?", "Zie voor de beantwoording van deze vraag mijn brief van 18 september.",
     "referral"),
    ("Hoe beoordeelt u het besluit?", "Ik beschik op dit moment niet over informatie om dat te beoordelen.",
     "unavailable"),
    ("Hoeveel gevallen zijn er per jaar?", "Dit wordt niet afzonderlijk geregistreerd.", "unavailable"),
    ("Wat is de oorzaak?", "Zoals gezegd kan hier niet op vooruit worden gelopen.", "refusal"),
    ("Wat is uw reactie op het bericht?", "Ik heb kennisgenomen van het bericht.", "boilerplate"),
    ("Kunt u het rapport van een appreciatie voorzien?", "Mijn reactie volgt in het eerstvolgende halfjaarbericht.",
     "postponement"),
    ("Wat gaat u doen aan de wachtlijsten?", "Gemeenten zijn zelf verantwoordelijk voor de uitvoering.", "pass_on"),
    ("Hoe verhoudt de eigen verantwoordelijkheid zich tot de hervorming?", "Deze vraag is doorgeleid naar de commissie.",
     "pass_on"),
    ("Wat vindt u van het lesprogramma?", "Het is aan individuele scholen om hier invulling aan te geven.", "pass_on"),
    ("Hoeveel aanvallen waren er?", "Er is geen volledig beeld van het aantal aanvallen.", "unavailable"),
    ("Wat zijn de kosten?", "Hier is geen eenduidig antwoord op te geven.", "unavailable"),
    ("Hoeveel musea moeten sluiten?", "Of er musea moeten sluiten, kan ik niet overzien.", "unavailable"),
    ("Wat is uw reactie op het rapport?", "Het kabinet is bezig met het formuleren van een reactie op het rapport.",
     "exploring"),
]


def assert_carries_cue(fitted: PairFeatures, question: str, answer: str, family: str) -> None:
    """The answer's evidence holds a cue of `family`, and every cue's text is the answer's own words at its span."""
    evidence = fitted.evidence([(question, answer)])[0]
    assert family in {c.family for c in evidence.cues}
    for cue in evidence.cues:
        assert answer[cue.start : cue.end] == cue.text


@pytest.mark.parametrize(("question", "answer", "family"), EVASIVE_WORDINGS)
def test_common_evasive_wordings_carry_their_cue(fitted: PairFeatures, question: str, answer: str,
                                                 family: str) -> None:
    """Wordings that deflecting answers use, found missing when the annotated deflecting answers without any
    evasion cue were read: a verb the lemmatiser leaves as it is ("verwijs"), a separable verb split over
    three words ("vooruit worden gelopen"), a longer gap ("beschik op dit moment niet over")."""
    assert_carries_cue(fitted, question, answer, family)


PARTIAL_WORDINGS = [
    ("Wat is de verklaring voor de stijging?", "Uit de geregistreerde cijfers kan geen verklaring worden afgeleid.",
     "unavailable"),
    ("Hoeveel fte is er beschikbaar voor toezicht op smokkel?",
     "Het is niet mogelijk een specifieke onderverdeling te maken naar fte's.", "unavailable"),
    ("Klopt het dat dit op grote schaal gebeurt?", "Het kabinet kan dit niet op basis van eigen informatie bevestigen.",
     "unavailable"),
    ("Wat zijn de effecten?", "De effecten zijn op dit moment moeilijk te beoordelen.", "unavailable"),
    ("Waarom is de aanvraag afgewezen?", "Ik kan hier niet ingaan op individuele casuïstiek.", "refusal"),
    ("Wat zijn de gevolgen voor de sector?", "Er wordt nog onderzoek gedaan naar de gevolgen voor de sector.",
     "exploring"),
    ("Wat is de uitkomst?", "Het is te vroeg om te concluderen wat de uitkomst is.", "postponement"),
    ("Wat doet u aan de wachtlijsten?", "De opvang is een lokale verantwoordelijkheid.", "pass_on"),
]


@pytest.mark.parametrize(("question", "answer", "family"), PARTIAL_WORDINGS)
def test_wordings_that_leave_part_of_the_ask_unanswered_carry_their_cue(fitted: PairFeatures, question: str,
                                                                         answer: str, family: str) -> None:
    """Read off the `partial` answers the model called `substantive` (3,179 pairs): beside what they give, they say
    why the rest is missing in wordings the lexicon lacked ("kan geen verklaring worden afgeleid", "niet mogelijk
    een specifieke onderverdeling te maken", "te vroeg om te concluderen")."""
    assert_carries_cue(fitted, question, answer, family)


DEFLECTING_FORMS = [
    ("Wat gaat u doen?", "Op de uitkomst kan ik nu niet vooruitlopen.", "refusal"),
    ("Waarom is de vergunning geweigerd?", "Ik ga niet in op een individuele casus.", "refusal"),
    ("Hoeveel meldingen zijn er gedaan?", "Ik beschik derhalve niet over die cijfers.", "unavailable"),
    ("Hoeveel gevallen zijn er?", "De gevallen worden apart behandeld, omdat dit niet als zodanig wordt geregistreerd.",
     "unavailable"),
    ("Hoeveel scholen kampen hiermee?", "Dit is niet in kaart gebracht.", "unavailable"),
    ("Wat is uw reactie?", "Ik ga als minister niet over de tarieven van de gemeente.", "pass_on"),
    ("Grijpt u in?", "Het toezicht is primair de verantwoordelijkheid van de provincie.", "pass_on"),
    ("Wanneer komt het onderzoek?", "Ik informeer u voor de behandeling van de begroting.", "postponement"),
]


@pytest.mark.parametrize(("question", "answer", "family"), DEFLECTING_FORMS)
def test_other_forms_of_known_deflecting_wordings_carry_their_cue(fitted: PairFeatures, question: str, answer: str,
                                                                   family: str) -> None:
    """Read off the `deflecting` answers the model missed (4,318 pairs): the lexicon had these formulas in one form
    only, and missed another word order ("kan ik nu niet vooruitlopen", "niet als zodanig wordt geregistreerd"), an
    inserted word ("ik beschik derhalve niet over", "ga als minister niet over"), the singular ("individuele casus")
    or "u" for "uw Kamer"."""
    assert_carries_cue(fitted, question, answer, family)


def test_subquestion_coverage_counts_what_the_answer_touches(fitted: PairFeatures) -> None:
    question = "Hoeveel vliegtuigen zijn er gekocht? Welke leverancier is gekozen?"
    answer = "Er zijn twaalf vliegtuigen gekocht."
    evidence = fitted.evidence([(question, answer)])[0]
    assert (evidence.subquestions, evidence.subquestions_touched) == (2, 1)


def test_transform_matches_the_feature_names_and_accepts_an_object_array(fitted: PairFeatures) -> None:
    as_list = fitted.transform(PAIRS)
    as_array = fitted.transform(np.asarray(PAIRS, dtype=object))
    assert as_list.shape == (len(PAIRS), len(fitted.get_feature_names_out()))
    assert (as_list != as_array).nnz == 0
    names = list(fitted.get_feature_names_out())
    assert "cue_confidentiality" in names and "rel_tfidf_cosine" in names
    assert any(n.startswith("ngram=") for n in names)


def test_the_answer_that_repeats_the_question_is_more_relevant(fitted: PairFeatures) -> None:
    unscaled = PairFeatures(blocks=("relevance",), scale=False).fit(PAIRS)
    matrix = unscaled.transform([(QUESTION, CONCRETE), (QUESTION, "Het weer was goed.")])
    coverage = column(unscaled, matrix, "rel_question_noun_coverage")
    assert coverage[0] > coverage[1]


def test_dense_blocks_give_a_dense_array_for_tree_models(nlp: Any) -> None:
    dense = PairFeatures(blocks=BLOCKS[:-1], scale=False).fit(PAIRS).transform(PAIRS)
    assert isinstance(dense, np.ndarray) and dense.shape[0] == len(PAIRS)
    assert np.isfinite(dense).all()


def test_the_pickle_never_holds_the_spacy_pipeline(fitted: PairFeatures) -> None:
    assert fitted.nlp is get_nlp()  # loaded and attached
    data = pickle.dumps(fitted)
    assert b"spacy.lang" not in data and b"Vocab" not in data
    restored = pickle.loads(data)
    assert "_nlp" not in restored.__dict__
    assert (restored.transform(PAIRS) != fitted.transform(PAIRS)).nnz == 0


def test_the_pickle_holds_no_memory_address_so_equal_trainings_give_equal_files(fitted: PairFeatures) -> None:
    fitted.transform(PAIRS)  # the vectorizers cache id(stop_words) while transforming
    first = pickle.dumps(fitted)
    for vectorizer in (fitted.relevance_vectorizer_, fitted.ngram_vectorizer_):
        vectorizer._stop_words_id = id(object())  # as another process would have it
    assert pickle.dumps(fitted) == first
    restored = pickle.loads(first)
    assert (restored.transform(PAIRS) != fitted.transform(PAIRS)).nnz == 0


def test_a_fitted_transformer_keeps_its_lexicon(tmp_path: Path, nlp: Any) -> None:
    lexicon = load_lexicon()
    path = tmp_path / "cues.json"
    path.write_text(json.dumps(lexicon), encoding="utf-8")
    features = PairFeatures(blocks=("cues",), lexicon=str(path), scale=False).fit(PAIRS)
    before = features.transform(PAIRS)
    lexicon["answer_families"]["confidentiality"]["phrases"] = []
    lexicon["answer_families"]["confidentiality"]["patterns"] = []
    path.write_text(json.dumps(lexicon), encoding="utf-8")
    assert np.array_equal(features.transform(PAIRS), before)
    refitted = PairFeatures(blocks=("cues",), lexicon=str(path), scale=False).fit(PAIRS)
    assert column(refitted, refitted.transform(PAIRS), "cue_confidentiality")[2] == 0.0


def test_a_broken_lexicon_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cues.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(errors.EvasionError, match="invalid JSON") as caught:
        PairFeatures(lexicon=str(path)).fit(PAIRS)
    assert str(path) in str(caught.value)


def test_rows_that_are_not_pairs_are_refused(fitted: PairFeatures) -> None:
    with pytest.raises(ValueError, match="question, answer"):
        fitted.transform(["only one text"])


# --- the asked thing and whether it was given ---------------------------------------------------

ASKED_GIVEN = [
    # (question, answer, kind asked, given?)
    ("Hoeveel asielzoekers zijn er in 2023 overgebracht?", "In 2023 zijn 1.240 asielzoekers overgebracht.", "figure", True),
    ("Hoeveel asielzoekers zijn er in 2023 overgebracht?", "Het COA werkt hard aan de opvang.", "figure", False),
    ("Wanneer wordt het rapport gepubliceerd?", "Het rapport verschijnt op 1 maart 2025.", "date", True),
    ("Klopt het dat de school sluit?", "Ja, de school sluit na dit schooljaar.", "yes_no", True),
    ("Klopt het dat de school sluit?", "De school heeft een lange geschiedenis.", "yes_no", False),
    ("Waarom is de subsidie stopgezet?", "De subsidie is stopgezet omdat het budget op was.", "reason", True),
    ("Bent u bereid de Kamer te informeren?", "Ik ben bereid de Kamer voor de zomer te informeren.", "commitment", True),
    ("Deelt u de mening dat dit onacceptabel is?", "Ik heb kennisgenomen van het bericht.", "judgement", False),
    ("Deelt u de mening dat dit onacceptabel is?", "Ik deel die mening: dit is onacceptabel.", "judgement", True),
]


@pytest.mark.parametrize(("question", "answer", "kind", "given"), ASKED_GIVEN)
def test_what_the_question_asks_and_whether_the_answer_gives_it(question: str, answer: str, kind: str,
                                                               given: bool, nlp: Any) -> None:
    features = PairFeatures(blocks=("asked_given",), scale=False).fit(PAIRS)
    row = features.transform([(question, answer)])
    assert column(features, row, f"ask_{kind}")[0] == 1.0
    assert column(features, row, f"ask_{kind}_given")[0] == float(given)
    assert column(features, row, f"ask_{kind}_missing")[0] == float(not given)


def test_welk_bedrag_asks_a_figure_not_a_list(nlp: Any) -> None:
    features = PairFeatures(blocks=("asked_given",), scale=False).fit(PAIRS)
    row = features.transform([("Welk bedrag is hiermee gemoeid?", "Het gaat om € 4 miljoen.")])
    assert column(features, row, "ask_figure_given")[0] == 1.0 and column(features, row, "ask_list")[0] == 0.0


# --- secrecy, postponement and referral cues as the answer's move, not the question's topic -----

SECRECY_AS_TOPIC = (
    "Op welke wijze wordt de Kamer gecompenseerd voor het vervallen van deze informatie in het openbare deel?",
    "De Kamer wordt geïnformeerd over alle verantwoordingsinformatie. Deze informatie is opgenomen in een "
    "openbaar deel en een vertrouwelijk deel. Hiermee is geen sprake van vervallen informatie.",
)
SECRECY_AS_REASON = ("Welke voorraden zijn er?", "Deze informatie is vertrouwelijk en wordt niet openbaar gemaakt.")
ECHO = ("Wanneer ontvangt de Kamer de vertrouwelijke bijlage?",
        "De vertrouwelijke bijlage is op 3 maart 2025 aan de Kamer gestuurd.")


def all_families(fitted: PairFeatures, pair: tuple[str, str]) -> list[str]:
    return [c.family for c in fitted.evidence([pair])[0].cues]


def test_a_secrecy_word_that_only_says_where_information_is_is_no_secrecy_cue(fitted: PairFeatures) -> None:
    assert "confidentiality" not in all_families(fitted, SECRECY_AS_TOPIC)
    assert "confidentiality" in all_families(fitted, SECRECY_AS_REASON)


def test_a_secrecy_cue_that_repeats_the_questions_topic_does_not_count(fitted: PairFeatures) -> None:
    assert "confidentiality" not in all_families(fitted, ECHO)
    unscaled = PairFeatures(blocks=("cues",), scale=False).fit(PAIRS)
    counts = column(unscaled, unscaled.transform([ECHO, SECRECY_AS_REASON]), "cue_confidentiality")
    assert counts[0] == 0.0 < counts[1]


SECRECY_WORDINGS = [
    ("Doet de dienst onderzoek naar bondgenoten?", "In het openbaar kunnen geen mededelingen worden gedaan over de "
     "onderzoeken van de dienst."),
    ("Wie zijn de verdachten?", "In verband met het opsporingsbelang kan ik hierover niets zeggen."),
    ("Betaalt dit bedrijf belasting in Nederland?", "Op grond van artikel 67 van de Algemene wet inzake "
     "rijksbelastingen kan ik niet ingaan op de fiscale positie van een bedrijf."),
    ("Welke hoofdstukken zijn aangepast?", "Kamerleden kunnen de geconsolideerde teksten inzien in de leesruimte."),
    ("Hoeveel meldingen zijn er?", "Nadere informatie wordt via de daarvoor geëigende kanalen verstrekt."),
    ("Wilt u de brief openbaar maken?", "Het is van belang dat de procureur-generaal in vertrouwen met mij kan "
     "communiceren."),
    ("Wat is er in het gesprek besproken?", "Zoals gebruikelijk worden dergelijke gesprekken vertrouwelijk gevoerd."),
    ("Kunt u cijfers geven?", "De dienst deelt geen cijfers, omdat dat het onderzoek kan schaden."),
    ("Is de Koning hierbij betrokken geweest?", "Over het contact met de Koning worden geen mededelingen gedaan."),
]
NOT_SECRECY = [
    ("Hoe waarborgt u de privacy van kinderen?", "Alle medewerkers krijgen een uitnodiging om de cursus "
     "privacywetgeving te volgen."),
    ("Waarom is de missie opgeschort?", "De missie is opgeschort vanwege de veiligheidssituatie in het rampgebied."),
    ("Op welk beleid baseert u zich?", "Wij gaan uit van de Rijksbrede Veiligheidsstrategie."),
    ("Heeft u vertrouwen in de aanpak?", "Ik heb er alle vertrouwen in dat de aanpak werkt."),
]


@pytest.mark.parametrize(("question", "answer"), SECRECY_WORDINGS)
def test_common_secrecy_wordings_carry_the_confidentiality_cue(fitted: PairFeatures, question: str,
                                                               answer: str) -> None:
    """Grounds for withholding that confidential answers give and the lexicon missed: the investigation's
    interest, tax secrecy (art. 67 AWR), a reading room, confidential channels, a conversation held in
    confidence, the customary silence about contacts with the King, and "in het openbaar" a few words
    before the refusal."""
    assert "confidentiality" in all_families(fitted, (question, answer))


@pytest.mark.parametrize(("question", "answer"), NOT_SECRECY)
def test_a_word_that_only_starts_like_a_secrecy_reason_is_no_secrecy_cue(fitted: PairFeatures, question: str,
                                                                          answer: str) -> None:
    """"om … privacywetgeving" and "vanwege de veiligheidssituatie" name no ground for withholding; the rule
    for "om/vanwege … veiligheids…/privacy…" used to take any word that began that way."""
    assert "confidentiality" not in all_families(fitted, (question, answer))


def test_sub_question_coverage_is_the_same_when_asked_again() -> None:
    """Scoring asks for a pair's coverage twice (features, evidence); the second answer comes from a memo and
    must be the first, also after the memo has been emptied."""
    from classifier.model import analysis, signals
    from classifier.model.analysis import analyse
    from classifier.model.lexicon import load_lexicon, stoplemma_set

    stop = stoplemma_set(load_lexicon())
    pair = analyse([("Hoeveel militairen zijn er ingezet en wanneer keren zij terug?",
                     "Er zijn 120 militairen ingezet. Over de terugkeer besluit het kabinet later.")])[0]
    first = signals.subquestion_coverage(pair, stop)
    assert signals.subquestion_coverage(pair, stop) == first == signals._coverage(pair, stop)
    analysis._DERIVED.clear()
    assert signals.subquestion_coverage(pair, stop) == first


def test_a_tfidf_fitted_again_on_the_same_documents_is_an_equal_copy_of_its_own() -> None:
    """Cross-validation fits the same TF-IDF for every candidate on a fold; each gets an equal copy, never a
    shared object, and other documents get another fit."""
    from classifier.model.blocks import vectorizer_key
    from classifier.model.features import fitted_tfidf

    docs = ["munitie kosten defensie", "voorraad munitie", "plan zomer kamer"]
    params = {"token_pattern": r"\S+", "lowercase": False, "sublinear_tf": True}
    first, again, other = fitted_tfidf(docs, **params), fitted_tfidf(docs, **params), fitted_tfidf(docs[:2], **params)
    assert first is not again and first.vocabulary_ == again.vocabulary_ and np.allclose(first.idf_, again.idf_)
    assert vectorizer_key(first) == vectorizer_key(again) != vectorizer_key(other)
    assert sorted(other.vocabulary_) == ["defensie", "kosten", "munitie", "voorraad"]


def test_relevance_under_each_fitted_idf_is_what_a_fresh_computation_gives() -> None:
    """The question–answer cosine is kept per fitted idf: features of the same pairs under two different fits
    must each be what they are when nothing was kept."""
    from classifier.model import analysis

    fit_a = PAIRS[:3]
    fit_b = [*PAIRS[3:], ("Welke munitie is er gekocht?", "Er zijn granaten gekocht voor de voorraad.")]

    def relevance(fit_on: list[tuple[str, str]]) -> np.ndarray:
        return PairFeatures(blocks=("relevance",), scale=False).fit(fit_on).transform(PAIRS)

    kept = [relevance(fit_a), relevance(fit_b)]
    fresh = []
    for fit_on in (fit_a, fit_b):
        analysis._DERIVED.clear()
        fresh.append(relevance(fit_on))
    assert not np.allclose(fresh[0], fresh[1])  # the two fits give different cosines
    assert all(np.allclose(k, f, atol=1e-12) for k, f in zip(kept, fresh, strict=True))
