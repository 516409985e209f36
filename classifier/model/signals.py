"""What the feature blocks and the evidence read off an analysed pair: content terms,
sub-questions and how many the answer touches, the cues that count as the answer's
own (not echoes of the question's topic), and what each sub-question asks for and
whether the answer supplies that kind of thing."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

from classifier.model.analysis import PairAnalysis, TextAnalysis, derived

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
_SUBQ_SPLIT = re.compile(
    r"(?<=\?)\s+|[,;]?\s+(?:en|of)\s+(?=(?:wat|welke|welk|wie|waar|waarom|hoe|wanneer|hoeveel|kunt|bent|is|zijn|"
    r"heeft|wilt|gaat)\b)",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ helpers for features


def content_terms(text: TextAnalysis, stoplemmas: frozenset[str], start: int = 0, end: int | None = None,
                   pos: frozenset[str] = CONTENT_POS) -> set[str]:
    """Content lemmas of tokens [start, end): the words that say what a question is about."""
    lemmas = text.lemma
    return {lemmas[i] for i in _content_tokens(text, stoplemmas, start, end, pos)}


def _content_tokens(text: TextAnalysis, stoplemmas: frozenset[str], start: int = 0, end: int | None = None,
                    pos: frozenset[str] = CONTENT_POS) -> Iterator[int]:
    """Indices of the content tokens in [start, end), tested in one expression (a call per token was slow)."""
    end = len(text.lemma) if end is None else end
    lemmas, tags, stop = text.lemma, text.pos, text.is_stop
    return (i for i in range(start, end)
            if tags[i] in pos and not stop[i] and lemmas[i] not in stoplemmas and len(lemmas[i]) > 2)


def answer_vocabulary(answer: TextAnalysis) -> set[str]:
    """Lemmas and lower-case forms of the answer: matching either forgives a lemmatizer's mistakes."""
    return set(answer.lemma) | set(answer.lower)


def subquestion_spans(question: TextAnalysis) -> list[tuple[int, int]]:
    """Token ranges of the sub-questions: each "?"-ended question, split again at "en"/"of" + question word."""
    spans: list[tuple[int, int]] = []
    start = 0
    text = question.text
    cuts = [m.end() for m in _SUBQ_SPLIT.finditer(text)] + [len(text)]
    token_starts = question.idx
    for cut in cuts:  # token offsets ascend: the first token at or after an offset is a bisection away
        first, last = bisect_left(token_starts, start), bisect_left(token_starts, cut)
        if last > first:
            spans.append((first, last))
        start = cut
    return spans


def subquestion_coverage(pair: PairAnalysis, stop: frozenset[str]) -> tuple[int, int]:
    """(sub-questions with content words, how many of them the answer touches).

    A sub-question is touched when at least a third of its content lemmas appear
    in the answer (as lemma or as the same word form); "Zo nee, waarom niet?" has
    no content words and is not counted.
    """
    # asked for twice in scoring (features, evidence): kept with the other values derived from analyses
    return derived(("coverage", pair.question.text, pair.answer.text, stop), lambda: _coverage(pair, stop))


def _coverage(pair: PairAnalysis, stop: frozenset[str]) -> tuple[int, int]:
    vocabulary = answer_vocabulary(pair.answer)
    q = pair.question
    n = touched = 0
    for start, end in subquestion_spans(q):
        forms: dict[str, set[str]] = {}
        for i in _content_tokens(q, stop, start, end):
            forms.setdefault(q.lemma[i], set()).add(q.lower[i])
        if not forms:
            continue
        n += 1
        hits = sum(1 for lemma, surface in forms.items() if lemma in vocabulary or surface & vocabulary)
        if hits >= max(1, math.ceil(len(forms) / 3)):
            touched += 1
    return n, touched


def family_counts(text: TextAnalysis, families: Sequence[str], start_char: int = 0,
                   end_char: int | None = None,
                   cues: Sequence[tuple[str, int, int, str]] | None = None) -> dict[str, int]:
    end_char = len(text.text) if end_char is None else end_char
    counts = dict.fromkeys(families, 0)
    for family, s, e, _ in text.cues if cues is None else cues:
        if family in counts and s >= start_char and e <= end_char:
            counts[family] += 1
    return counts


def own_cues(pair: PairAnalysis, lexicon: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """The answer's cues that are the answer's own move, not the question's topic.

    Two kinds of cue only name the topic:
    - a cue of a `topic_echo` family whose content words all occur in the question
      ("vertrouwelijke bijlage" answering a question about the confidential annex);
    - a one-word cue of a `reason_required` family in a sentence with no word of
      withholding ("niet", "geen", "vanwege", "alleen", … in `words.withholding`):
      "Deze informatie is opgenomen in een openbaar deel en een vertrouwelijk
      deel." says where the information is, not that it is withheld.
    """
    families = lexicon["answer_families"]
    echo = {f for f, spec in families.items() if spec.get("topic_echo")}
    reason = {f for f, spec in families.items() if spec.get("reason_required")}
    if not echo and not reason:
        return list(pair.answer.cues)
    a = pair.answer
    asked = set(pair.question.lemma) | set(pair.question.lower)
    withholding = frozenset(lexicon["words"].get("withholding", ()))
    kept = []
    for cue in a.cues:
        family, start, end, _ = cue
        tokens = range(bisect_left(a.idx, start), bisect_left(a.idx, end))  # token offsets ascend
        content = [i for i in tokens if not a.is_stop[i] and a.pos[i] not in ("PUNCT", "SPACE", "ADP", "DET")]
        if family in echo and content and all(a.lemma[i] in asked or a.lower[i] in asked for i in content):
            continue
        if family in reason and len(tokens) == 1 and not _sentence_has(a, tokens[0], withholding):
            continue
        kept.append(cue)
    return kept


def _sentence_has(text: TextAnalysis, token: int, words: frozenset[str]) -> bool:
    """Whether the sentence holding `token` contains one of `words` (lower-case forms)."""
    for start, end in text.sentences:
        if start <= token < end:
            return any(text.lower[i] in words for i in range(start, end))
    return False


_ENUMERATION_LINE = re.compile(r"^\s*(?:[-–•·*o▪]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)", re.MULTILINE)
_NON_LIST_FIRST = ("figure", "date")
_DIRECT_KINDS = ("figure", "date", "reason", "commitment", "judgement")


def _subquestion_kinds(q: TextAnalysis, order: Sequence[str], kinds: dict[str, Any]) -> list[set[str]]:
    """What each sub-question asks for: a figure, a date, a list, a yes/no, a reason, a commitment, a judgement.

    A kind is asked when one of its question families matches inside the
    sub-question. "Welke" asks for a list only when the sub-question asks for no
    figure or date ("welk bedrag" asks a figure), and a closed question ("Klopt
    het …?", a sub-question that opens with a verb) asks a yes/no only when it
    asks nothing more specific ("Bent u bereid …?" asks a commitment).
    """
    result: list[set[str]] = []
    n = len(q.idx)
    for first, last in subquestion_spans(q):
        start = q.idx[first]
        end = q.idx[last] if last < n else len(q.text)
        families = {f for f, s, _, _ in q.cues if start <= s < end}
        asked = {k for k in order if families & set(kinds[k].get("asks", ()))}
        if "list" in asked and asked & set(_NON_LIST_FIRST):
            asked.discard("list")
        opening = next((q.pos[i] for i in range(first, last) if q.pos[i] not in ("PUNCT", "SPACE", "X")), "")
        if "yes_no" in order and opening in ("VERB", "AUX") and kinds["yes_no"].get("verb_first"):
            asked.add("yes_no")
        if asked & set(_DIRECT_KINDS):
            asked -= {"yes_no", "list"}
        result.append(asked)
    return result


def _kinds_supplied(a: TextAnalysis, order: Sequence[str], kinds: dict[str, Any]) -> set[str]:
    """The kinds of thing the answer gives: numbers, dates, an enumeration, a yes/no, a reason, a commitment, a position."""
    families = {f for f, _, _, _ in a.cues}
    labels = {e[0] for e in a.ents}
    names = sum(1 for p in a.pos if p == "PROPN")
    supplied = set()
    for kind in order:
        spec = kinds[kind]
        if families & set(spec.get("supplies", ())) or labels & set(spec.get("entities", ())):
            supplied.add(kind)
        elif spec.get("enumeration") and (len(_ENUMERATION_LINE.findall(a.text)) >= 2 or names >= 2
                                          or a.text.count(",") + a.text.count(";") >= 3):
            supplied.add(kind)
    return supplied


def asked_given(pair: PairAnalysis, order: Sequence[str], kinds: dict[str, Any]) -> tuple[dict[str, int], set[str]]:
    """How many sub-questions ask each kind of thing, and which kinds the answer supplies."""
    asked = dict.fromkeys(order, 0)
    for subquestion in _subquestion_kinds(pair.question, order, kinds):
        for kind in subquestion:
            asked[kind] += 1
    return asked, _kinds_supplied(pair.answer, order, kinds)


def safe_ratio(a: float, b: float) -> float:
    return a / b if b else 0.0
