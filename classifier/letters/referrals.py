"""Referral answers are read together with the answers they point to.

"Zie antwoord op vraag 6 en 7." says nothing by itself; what it gives the asker is
what answers 6 and 7 give *to this question* (ANNOTATION_GUIDE.md, rule 5). So each
referral answer whose referred answers are in the same letter is scored as the answer
a reader of the letter gets: the referred answers' words, against its own question.
An answer written for question 6 is often no answer to question 8 that points to it:
of the 115 annotated referral answers, 35 % are `substantive` against 69 % of all
answers. Copying the referred answers' scores, which were made against their own
questions, labelled 47 % of them right in grouped cross-validation; reading them
against their own question, 53 %. The referral's own words ("Nee. Zie het antwoord op
vraag 2.") are left out of the reading: with them it did no better, and a reading of
one referred answer is a text scoring has parsed already.

A referral to an answer that is itself a referral reads that one's reading in turn; a
cycle has no reading, and the pair is scored on its own words.

Ids are matched as the annotations and the splitter write them
(`referral_matches` below): a referred "6" matches the pairs "6",
"6+7", "X-6", "6.2" and "6a". When the referral gives no section and several
sections have a question 6, the one in the referring pair's own section is taken.
A referral whose referred answers are not in the letter is scored on its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from classifier.letters.layout import REFERRAL, parse_numbers
from classifier.types import CueSpan, Pair, PairScore, PairScorer


class _Referring(Protocol):
    """What matching a referral reads of a pair or of its score."""

    question_id: str
    answer: str
    referral_to: list[str]


def _section(question_id: str) -> str | None:
    match = re.match(r"^(.+)-[^-]+$", question_id)
    return match.group(1) if match else None


def referred_indices(scores: Sequence[_Referring], i: int) -> list[int]:
    """Positions of the pairs that pair `i`'s referral_to points at, in letter order, never `i` itself."""
    own_section = _section(scores[i].question_id)
    found: list[int] = []
    for referral in scores[i].referral_to:
        hits = [j for j, s in enumerate(scores) if j != i and referral_matches(referral, s.question_id)]
        if _section(referral) is None and own_section is not None:
            same = [j for j in hits if _section(scores[j].question_id) == own_section]
            hits = same or hits
        found.extend(j for j in hits if j not in found)
    return sorted(found)


def referral_readings(pairs: Sequence[_Referring]) -> dict[int, tuple[str, list[int]]]:
    """For each referral answer with a reading: the answer text the model reads in its place (each referred
    answer's words, read the same way if it refers on) and the positions of the referred pairs."""
    targets = {i: referred_indices(pairs, i) for i, p in enumerate(pairs) if p.referral_to}
    targets = {i: t for i, t in targets.items() if t}
    read: dict[int, str | None] = {}

    def reading(i: int, visiting: frozenset[int]) -> str | None:
        """The text pair i is read as; None when its chain runs into a cycle."""
        if i not in targets:
            return pairs[i].answer
        if i in read:
            return read[i]
        if i in visiting:
            return None
        parts = [reading(j, visiting | {i}) for j in targets[i]]
        read[i] = None if any(part is None for part in parts) else "\n".join(parts)  # type: ignore[arg-type]
        return read[i]

    found = {i: reading(i, frozenset()) for i in targets}
    return {i: (text, targets[i]) for i, text in found.items() if text is not None}


def score_as_read(scorer: PairScorer, pairs: Sequence[Pair]) -> list[PairScore]:
    """The scores of one letter's pairs, each referral answer scored as its reading (`referral_readings`).

    The score keeps the pair's own answer text, and `resolved_from` names the pairs its reading drew on. Its
    evidence keeps the spans in its own words, whose offsets are offsets in the answer shown; what the
    referred answers say is in their own pairs' evidence. A scorer that returns another number of scores
    than it was given pairs gets its scores back unchanged, for the caller to refuse.
    """
    readings = referral_readings(pairs)
    read = [p.model_copy(update={"answer": readings[i][0]}) if i in readings else p for i, p in enumerate(pairs)]
    scores = scorer.score_pairs(read)
    if len(scores) != len(pairs):
        return scores
    return [_as_shown(s, p.answer, [pairs[j].question_id for j in readings[i][1]]) if i in readings else s
            for i, (s, p) in enumerate(zip(scores, pairs, strict=True))]


def _as_shown(score: PairScore, answer: str, resolved_from: list[str]) -> PairScore:
    """A reading's score as the pair shows it: its own answer, and only the evidence found in that answer.

    The spans were found in the reading (the referred answers' words), so their offsets point into
    another text: a span is kept only where the answer shown holds its very words at those offsets.
    Kept by length alone, "betreurenswaardig" of answer 1 was listed, and marked over "are communicatie",
    as a cue of the referral "Zie het antwoord op vraag 1".
    """
    def here(span: CueSpan) -> bool:
        return answer[span.start:span.end] == span.text

    evidence = score.evidence.model_copy(update={
        "cues": [c for c in score.evidence.cues if here(c)],
        "concrete": [c for c in score.evidence.concrete if here(c)],
    })
    return score.model_copy(update={"answer": answer, "resolved_from": resolved_from, "evidence": evidence})


def referral_targets(answer: str, section: str | None = None) -> list[str]:
    """The question ids an answer refers to ("Zie antwoord op vraag 6 en 7." → ["6", "7"]).


    `section` prefixes the numbers when the letter's ids carry their section ("X-6"),
    so a referral finds the question of its own chapter. Scoring and evaluation both
    take referrals from the answer text through this function, so `evaluate`
    measures exactly what `score` gives.
    """
    referral = REFERRAL.match(answer)
    if not referral:
        return []
    return [f"{section}-{n}" if section else n for n in parse_numbers(referral.group("nums"))]


@lru_cache(maxsize=4096)
def question_id_keys(question_id: str) -> frozenset[str]:
    """Every id a referral may use for the pair `question_id` (cached: resolution asks for every pair of a
    letter once per referral in it).


    Same rule as the splitter's ids: "2+3" answers 2 and 3, "X-12" is question 12 of
    section X, "3.2" is a piece of question 3, and "6a" belongs to question 6.
    """
    keys = {question_id}
    for part in question_id.split("+"):
        for form in (part, part.rsplit("-", 1)[-1]):  # "X-6", "6"
            whole = re.sub(r"\.\d+$", "", form)  # "6.2" → "6"
            keys |= {form, whole, re.sub(r"(?<=\d)[a-z]$", "", whole)}  # "6a" → "6"
    keys.discard("")
    return frozenset(keys)


def referral_matches(referral: str, question_id: str) -> bool:
    """True when a referral such as "6" points at the pair `question_id` ("6", "6+7", "X-6", "6.2", "6a").


    A combined referral ("6+7") matches a pair that answers any of its parts.
    """
    keys = question_id_keys(question_id)
    return any(part.strip() in keys for part in referral.split("+"))
