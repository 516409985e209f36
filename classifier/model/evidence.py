"""What a user sees beside a label: the cue spans, the concrete facts and the sub-question
coverage of each answer, and the PairScore that carries them with the probabilities.

Shared by the scikit-learn model (classifier.model.modelfile) and the compiled one
(classifier.model.compiled), so both give the same evidence and the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from classifier.model.analysis import analyse
from classifier.model.lexicon import stoplemma_set
from classifier.model.nlp import CONCRETE_LABELS
from classifier.model.signals import own_cues, subquestion_coverage
from classifier.types import CueSpan, Evidence, Pair, PairScore, probability_fields


# A number word spaCy's like_num takes that gives no figure: an ordinal ("de Tweede Kamer", "ten eerste") or the
# "acht" of "in acht nemen". The features still count them as the model was trained; shown as "concrete" beside a
# label they told a reader the answer gave a figure it did not give.
_NO_FIGURE = re.compile(r"^[^\W\d_]+(?:de|ste)\b", re.I)
_NEMEN = r"(?:nemen|genomen|neemt|neem|nam|namen)"
_IN_ACHT = re.compile(rf"^\s+(?:\w+\s+){{0,2}}{_NEMEN}\b")  # "in acht te worden genomen"
_ACHT_NEMEN = re.compile(rf"^acht\s+(?:te\s+)?{_NEMEN}\b", re.I)  # the span itself: "acht nemen" read as a quantity
_NEMEN_BEFORE = re.compile(rf"\b{_NEMEN}\b[^.?!]*$", re.I)  # "Ik neem dit in acht"


def _shows_a_figure(label: str, text: str, start: int, end: int) -> bool:
    span = text[start:end]
    if label not in ("NUMBER", "QUANTITY"):
        return True
    if _NO_FIGURE.match(span):
        return False
    if not (span.lower().startswith("acht") and text[max(0, start - 3):start].lower() == "in "):
        return True
    # "in acht nemen", "in acht genomen", "in acht te worden genomen", "Ik neem dit in acht"
    closes = span.lower() == "acht" and re.match(r"\s*(?:[.,;:!?]|$)", text[end:])  # "… in acht." ends the clause
    return not (_ACHT_NEMEN.match(span) or _IN_ACHT.match(text[end:])
                or (closes and _NEMEN_BEFORE.search(text[max(0, start - 40):start])))


def pair_evidence(X: Any, lexicon: dict[str, Any], spacy_model: str, batch_size: int = 64) -> list[Evidence]:
    """Per pair: cue spans and concrete spans (character offsets in the answer) and sub-question coverage."""
    stop = stoplemma_set(lexicon)
    families = lexicon["answer_families"]
    result = []
    for pair in analyse(X, spacy_model=spacy_model, lexicon=lexicon, batch_size=batch_size):
        n, touched = subquestion_coverage(pair, stop)
        answer = pair.answer
        result.append(
            Evidence(
                cues=[CueSpan(family=f, text=t, start=s, end=e) for f, s, e, t in own_cues(pair, lexicon)
                      if f in families],
                subquestions=n,
                subquestions_touched=touched,
                concrete=[CueSpan(family=label, text=answer.text[s:e], start=s, end=e)
                          for label, s, e, _, _ in answer.ents
                          if label in CONCRETE_LABELS and _shows_a_figure(label, answer.text, s, e)],
            )
        )
    return result


def pair_scores(pairs: Sequence[Pair], proba: Any, evidence: Sequence[Evidence],
                labels: Sequence[str], decision_weights: Sequence[float] | None = None) -> list[PairScore]:
    """Label, score (expected label index / 3), probabilities and evidence for each pair, in order."""
    return [
        PairScore(
            question_id=pair.question_id,
            section=pair.section,
            party=pair.party,
            question=pair.question,
            answer=pair.answer,
            **probability_fields(row, labels, decision_weights),
            evidence=ev,
            referral_to=list(pair.referral_to),
            complete=pair.complete,
        )
        for pair, row, ev in zip(pairs, proba, evidence, strict=True)
    ]
