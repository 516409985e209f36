"""Referral answers take over the scores of the answers they point to.

"Zie antwoord op vraag 6 en 7." says nothing by itself; what it gives the asker is
what answers 6 and 7 give (ANNOTATION_GUIDE.md, rule 5). A model reading only the
referral's text cannot know that, so after scoring a letter each referral answer
whose referred answers are in the same letter gets their output.

Choice: the **mean of the referred answers' probabilities**, then label = the most
probable label (weighed as the model weighs its own) and score = expected label / 3 of that mean. A question referred to
two answers gets what the two give together; taking the most evasive of them would
let one weak answer outweigh a full one. A referral to an answer that is itself a
referral follows the chain; a cycle keeps the model's own output.

Ids are matched as the annotations and the splitter write them
(`referral_matches` below): a referred "6" matches the pairs "6",
"6+7", "X-6", "6.2" and "6a". When the referral gives no section and several
sections have a question 6, the one in the referring pair's own section is taken.
A referral whose referred answers are not in the letter keeps the model's output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from classifier.config import LABELS
from classifier.letters.layout import REFERRAL, parse_numbers
from classifier.types import PairScore, probability_fields


def _section(question_id: str) -> str | None:
    match = re.match(r"^(.+)-[^-]+$", question_id)
    return match.group(1) if match else None


def referred_indices(scores: list[PairScore], i: int) -> list[int]:
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


def resolve_referrals(scores: list[PairScore], decision_weights: Sequence[float] | None = None) -> list[PairScore]:
    """The scores of one letter, with each resolvable referral answer replaced by its referred answers' output;
    the label of the mean is decided with the scoring model's `decision_weights`, as its own labels were."""
    targets = {i: referred_indices(scores, i) for i, s in enumerate(scores) if s.referral_to}
    targets = {i: t for i, t in targets.items() if t}
    resolved: dict[int, np.ndarray] = {}

    def probabilities(i: int, visiting: frozenset[int]) -> np.ndarray | None:
        """Probabilities pair i ends up with; None when its chain runs into a cycle."""
        if i in resolved:
            return resolved[i]
        own = np.array([scores[i].probabilities.get(label, 0.0) for label in LABELS])
        if i not in targets:
            return own
        if i in visiting:
            return None
        parts = [probabilities(j, visiting | {i}) for j in targets[i]]
        if any(p is None for p in parts):
            return None
        resolved[i] = np.mean(parts, axis=0)
        return resolved[i]

    result: list[PairScore] = []
    for i, score in enumerate(scores):
        mean = probabilities(i, frozenset()) if i in targets else None
        if mean is None:
            result.append(score)
            continue
        result.append(
            score.model_copy(
                update={
                    **probability_fields(mean, LABELS, decision_weights),
                    "resolved_from": [scores[j].question_id for j in targets[i]],
                }
            )
        )
    return result


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
