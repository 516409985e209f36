"""The small typed objects that pass between the stages of the flow.

read → `Document`; pairs → `Letter` (a `LetterMeta` and its `Pair`s);
model → `PairScore`; score → `LetterScore`. Annotations are `Annotation`s.
They are pydantic models so that every stage can write them as JSON and read
them back with validation, and so a notebook can inspect them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from classifier.config import LABELS

Label = Literal["substantive", "partial", "deflecting", "confidential"]


TEXT_SOURCE = "<text>"
"""The source of a letter handed in as text rather than read from a file."""


class Document(BaseModel):
    """Text read from a file, cleaned of layout debris.

    `raw` keeps the text as extracted (decoded, nothing removed) so quotes can be
    checked against the original; `text` is what the splitter reads.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    """Path of the file, or TEXT_SOURCE for text handed in directly."""
    letter_id: str
    """The file's base name without extension."""
    content_hash: str
    """sha256 of the raw bytes: the same letter always gets the same key."""
    format: Literal["txt", "pdf", "docx", "html", "text"]
    raw: str
    text: str


class Signatory(BaseModel):
    role: str
    """As printed, e.g. "De minister van Defensie"; lower-cased office name in `office`."""
    name: str | None = None
    office: str | None = None
    """Normalised office, e.g. "minister van Defensie", used to resolve a name by date."""


class LetterMeta(BaseModel):
    letter_id: str
    source: str = TEXT_SOURCE
    content_hash: str = ""
    doc_type: str | None = None
    """kamervragen, lijst_vragen_antwoorden, nota_naar_aanleiding_van_verslag, memorie_van_antwoord,
    schriftelijk_overleg or brief, from the letter's own heading (classifier/letters/doctype.py); None
    when the text shows none (an excerpt or a saved page without its heading)."""
    title: str | None = None
    date: dt.date | None = None
    """The date of the answer."""
    date_asked: dt.date | None = None
    date_received: dt.date | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    ministry: str | None = None
    kamerstuk: str | None = None
    askers: list[str] = Field(default_factory=list)
    """Members or parties that asked, as printed in a Kamervragen header (or the parties the API names)."""
    postponements: int = 0
    """"Mededeling (uitstel antwoord)" notices the Tweede Kamer API lists for this letter's questions."""


class Pair(BaseModel):
    letter_id: str
    question_id: str
    """As printed: "3", "1a", "X-12"; combined numbers joined with "+" ("2+3");
    a piece of a question answered in several parts gets ".n" ("3.2")."""
    section: str | None = None
    party: str | None = None
    question: str
    answer: str
    referral_to: list[str] = Field(default_factory=list)
    complete: bool = True
    """False when the text ends inside this pair (an excerpt cut off with "[...]")."""
    position: int = 0

    @property
    def id(self) -> str:
        return f"{self.letter_id}#{self.question_id}"


class Letter(BaseModel):
    meta: LetterMeta
    pairs: list[Pair]


class Annotation(BaseModel):
    """One labelled pair, with the fields ANNOTATION_GUIDE.md lists."""

    model_config = ConfigDict(extra="allow")

    id: str
    letter_id: str
    question_id: str
    question: str
    answer: str
    label: Label
    referral_to: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    rationale: str = Field(min_length=1)
    annotator: str = Field(min_length=1)
    section: str | None = None
    party: str | None = None


class CueSpan(BaseModel):
    family: str
    """Cue family from the lexicon, e.g. "confidentiality" or "postponement"."""
    text: str
    start: int
    """Character offset in the answer."""
    end: int


class Evidence(BaseModel):
    cues: list[CueSpan] = Field(default_factory=list)
    subquestions: int = 0
    subquestions_touched: int = 0
    concrete: list[CueSpan] = Field(default_factory=list)
    """Numbers, amounts, dates and document references found in the answer."""


class PairScore(BaseModel):
    question_id: str
    section: str | None = None
    party: str | None = None
    question: str
    answer: str
    label: Label
    score: float
    """Expected label / 3, in [0, 1]."""
    probabilities: dict[str, float]
    evidence: Evidence = Field(default_factory=Evidence)
    referral_to: list[str] = Field(default_factory=list)
    resolved_from: list[str] = Field(default_factory=list)
    """Question ids whose scores this referral answer took over."""
    complete: bool = True


class LetterSummary(BaseModel):
    pairs: int
    per_label: dict[str, int]
    mean_score: float | None
    """None when no pair is complete: a 0 read as a letter of wholly substantive answers."""
    share_evasive: float | None
    """Share of pairs labelled deflecting or confidential; None when no pair is complete."""


class LetterScore(BaseModel):
    letter: LetterMeta
    summary: LetterSummary
    pairs: list[PairScore]
    model_version: str


def probability_fields(row: Sequence[float], labels: Sequence[str] = LABELS,
                       decision_weights: Sequence[float] | None = None) -> dict[str, Any]:
    """label, score (expected index / 3) and probabilities of one pair.

    The label is the most probable one after each probability is multiplied by its
    `decision_weights` (none: the most probable). The weights let a model report
    probabilities at the rates labels occur, so that a report's mean score is a fair level,
    while its labels keep flagging the rarer evasive answers as often as the training
    weighed them (see `classifier.model.levels`).

    Rounded to 6 decimals so that scores written to JSON do not change in the last
    digits between machines.
    """
    p = np.clip(np.asarray(row, dtype=float), 0.0, None)
    total = p.sum()
    if total <= 0:
        p = np.full(len(labels), 1.0 / len(labels))
    elif abs(total - 1.0) > 1e-4:  # already-rounded probabilities are left as they are, so copies stay equal
        p = p / total
    expected = float(np.dot(np.arange(len(labels)), p)) / (len(labels) - 1)
    decision = p if decision_weights is None else p * np.asarray(decision_weights, dtype=float)
    return {
        "label": labels[int(np.argmax(decision))],
        "score": round(min(1.0, max(0.0, expected)), 6),
        "probabilities": {label: round(float(v), 6) for label, v in zip(labels, p, strict=True)},
    }


class PairScorer(Protocol):
    """What scoring needs from a trained model (classifier.model.modelfile.TrainedModel)."""


    version: str
    decision_weights: tuple[float, ...] | None
    """What a label's probability is multiplied by before the most probable label is taken (None: 1 each);
    referral resolution decides the same way."""


    def score_pairs(self, pairs: Sequence[Pair]) -> list[PairScore]: ...
