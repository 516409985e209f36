"""The dense feature blocks, one function each, and their column names.

Every block generalises across ministries rather than topics: none sees a topic
word (only the n-gram block does, delexicalised, in `features`)."""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classifier.model import analysis
from classifier.model.analysis import PairAnalysis, TextAnalysis
from classifier.model.lexicon import kind_families, lexicon_hash, stoplemma_set
from classifier.model.memo import per_object
from classifier.model.nlp import CONCRETE_LABELS
from classifier.model.signals import (
    NOUN_POS,
    answer_vocabulary,
    asked_given,
    content_terms,
    family_counts,
    own_cues,
    safe_ratio,
    subquestion_coverage,
)

BLOCKS: tuple[str, ...] = ("cues", "concreteness", "relevance", "subquestions", "question_type", "shape",
                           "asked_given", "ngrams")
DENSE_BLOCKS: tuple[str, ...] = BLOCKS[:-1]


def dense_feature_names(lexicon: dict[str, Any], blocks: Sequence[str]) -> list[str]:
    """Column names of the dense blocks, in output order; known before fitting (the rule baseline needs them)."""
    names: list[str] = []
    for block in blocks:
        if block == "cues":
            names += [f"cue_{f}" for f in lexicon["answer_families"]]
            names += ["cue_evasive_total", "cue_evasive_first_sentence", "cue_evasive_per_sentence"]
        elif block == "concreteness":
            names += [f"conc_{label.lower()}" for label in CONCRETE_LABELS]
            names += ["conc_per_100_words", "conc_any", "conc_sentence_share", "conc_qref"]
        elif block == "relevance":
            names += ["rel_overlap", "rel_question_noun_coverage", "rel_tfidf_cosine", "rel_answer_novelty"]
        elif block == "subquestions":
            names += ["subq_n", "subq_touched", "subq_share_touched", "subq_figure_missing",
                      "subq_date_missing", "subq_figure_given", "subq_date_given"]
        elif block == "question_type":
            names += [f"q_{f}" for f in lexicon["question_families"]]
            names += ["q_starts_with_verb", "q_log_words", "q_n_question_marks"]
        elif block == "asked_given":
            order, _ = kind_families(lexicon)
            for kind in order:
                names += [f"ask_{kind}", f"ask_{kind}_given", f"ask_{kind}_missing"]
            names += ["ask_kinds", "ask_kinds_missing", "ask_share_given", "ask_unknown_kind"]
        elif block == "shape":
            names += ["a_log_words", "a_log_sentences", "a_words_per_sentence", "a_future", "a_conditional",
                      "a_negation", "a_cabinet", "a_first_person", "a_passive", "a_len_ratio", "a_empty"]
    return names


@dataclass(frozen=True)
class BlockContext:
    """What is the same for every row of one transform: lexicon lookups and the fitted relevance idf."""

    lexicon: dict[str, Any]
    answer_families: tuple[str, ...]
    question_families: tuple[str, ...]
    stop: frozenset[str]
    words: dict[str, frozenset[str]]
    weights: dict[str, float]
    evasive: list[str]
    kind_order: list[str]
    kinds: dict[str, Any]
    digest: str = ""
    """The lexicon's hash: rows of the fold-independent blocks are cached under it."""
    idf: dict[str, float] = field(default_factory=dict)
    """Inverse document frequency of each relevance term; empty when no relevance TF-IDF was fitted."""
    idf_key: str = ""
    """A digest of the fitted relevance TF-IDF: each pair's cosine under it is computed once (cross-validation
    fits the same TF-IDF on a fold for every candidate); empty: computed every time."""

    @classmethod
    def build(cls, lexicon: dict[str, Any], idf: dict[str, float] | None = None, idf_key: str = "") -> BlockContext:
        weights = {f: float(spec.get("weight", 0.0)) for f, spec in lexicon["answer_families"].items()}
        order, kinds = kind_families(lexicon)
        return cls(digest=lexicon_hash(lexicon), idf=idf or {}, idf_key=idf_key if idf else "", lexicon=lexicon,
                   answer_families=tuple(lexicon["answer_families"]),
                   question_families=tuple(lexicon["question_families"]), stop=stoplemma_set(lexicon), words={k: frozenset(v) for k, v in lexicon["words"].items()},
                   weights=weights, evasive=[f for f, w in weights.items() if w > 0], kind_order=order, kinds=kinds)


def cues_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """How much of each cue family the answer holds as its own, and how evasive its first sentence is."""
    a = pair.answer
    cues = own_cues(pair, ctx.lexicon)
    n_sent = max(1, len(a.sentences))
    counts = family_counts(a, ctx.answer_families, cues=cues)
    row = [math.log1p(counts[f]) for f in ctx.answer_families]
    total = sum(counts[f] for f in ctx.evasive)
    first_end = a.idx[a.sentences[0][1]] if a.sentences and a.sentences[0][1] < len(a.idx) else len(a.text)
    first = family_counts(a, ctx.evasive, 0, first_end, cues=cues)
    return row + [math.log1p(total), float(sum(ctx.weights[f] * v for f, v in first.items())), total / n_sent]


def concreteness_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """Figures, amounts, dates and references in the answer: what a substantive answer tends to carry."""
    a = pair.answer
    ents = [e[0] for e in a.ents]
    concrete = [e for e in ents if e in CONCRETE_LABELS]
    n_sent = max(1, len(a.sentences))
    row = [math.log1p(ents.count(label)) for label in CONCRETE_LABELS]
    non_ref = sum(1 for e in concrete if e != "DOCREF")
    ent_sentences = _sentences_of(a, [es for label, _, _, es, _ in a.ents if label in CONCRETE_LABELS])
    return row + [100.0 * safe_ratio(non_ref, a.n_words), float(non_ref > 0), safe_ratio(len(ent_sentences), n_sent),
                  math.log1p(ents.count("QREF"))]


def _sentences_of(text: TextAnalysis, tokens: Sequence[int]) -> set[int]:
    """The indices of the sentences that hold the given tokens, a bisection each: sentences are in text order
    and do not overlap, and a scan of every sentence per entity took minutes in a long answer full of figures."""
    starts = [start for start, _ in text.sentences]
    found: set[int] = set()
    for token in tokens:
        k = bisect_right(starts, token) - 1
        if k >= 0 and token < text.sentences[k][1]:
            found.add(k)
    return found


def _relevance_terms(pair: PairAnalysis, ctx: BlockContext) -> list[Any]:
    """The fold-independent part of the relevance block: overlap, noun coverage, novelty and both term documents."""
    q, a = pair.question, pair.answer
    q_terms, a_terms = content_terms(q, ctx.stop), content_terms(a, ctx.stop)
    vocabulary = answer_vocabulary(a)
    q_nouns = content_terms(q, ctx.stop, pos=NOUN_POS)
    return [
        safe_ratio(len(q_terms & a_terms), len(q_terms | a_terms)),
        safe_ratio(sum(1 for t in q_nouns if t in vocabulary), len(q_nouns)),
        safe_ratio(len(a_terms - q_terms), len(a_terms)),
        " ".join(sorted(q_terms)) if q_terms and a_terms else "",
        " ".join(sorted(a_terms)) if q_terms and a_terms else "",
    ]


def relevance_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """How much the answer is about what the question is about (content-word overlap and TF-IDF cosine)."""
    overlap, coverage, novelty, q_doc, a_doc = _cached("relevance_terms", _relevance_terms, pair, ctx)
    cosine = 0.0
    if ctx.idf and q_doc and a_doc:
        if ctx.idf_key:
            cosine = analysis.derived(("relevance_cosine", ctx.idf_key, q_doc, a_doc),
                                      lambda: _tfidf_cosine(q_doc, a_doc, ctx.idf))
        else:
            cosine = _tfidf_cosine(q_doc, a_doc, ctx.idf)
    return [overlap, coverage, cosine, novelty]


def content_doc(text: TextAnalysis, stop: frozenset[str], digest: str) -> str:
    """A text's content lemmas, sorted and joined: what the relevance TF-IDF is fitted on (cached per lexicon)."""
    return analysis.derived(("content_doc", digest, text.text, ""), lambda: " ".join(sorted(content_terms(text, stop))))


_TOKEN = re.compile(r"\S+")


def _tfidf_vector(doc: str, idf: dict[str, float]) -> dict[str, float]:
    """The fitted TfidfVectorizer's vector of `doc` (\\S+ tokens, sublinear tf, idf, l2 norm), without its
    per-call input validation, which made the relevance block most of the training time."""
    counts = Counter(token for token in _TOKEN.findall(doc) if token in idf)
    weights = {token: (1.0 + math.log(n)) * idf[token] for token, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {token: w / norm for token, w in weights.items()} if norm > 0 else {}


def _tfidf_cosine(question: str, answer: str, idf: dict[str, float]) -> float:
    q, a = _tfidf_vector(question, idf), _tfidf_vector(answer, idf)
    return sum(w * a[token] for token, w in q.items() if token in a)


def subquestions_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """How many sub-questions the answer touches, and whether an asked figure or date is there."""
    ents = [e[0] for e in pair.answer.ents]
    numeric = sum(1 for e in ents if e in ("MONEY", "PERCENT", "QUANTITY", "NUMBER"))
    q_counts = family_counts(pair.question, ctx.question_families)
    n, touched = subquestion_coverage(pair, ctx.stop)
    asks_figure, asks_date = q_counts.get("asks_figure", 0) > 0, q_counts.get("asks_date", 0) > 0
    has_figure, has_date = numeric > 0, "DATE" in ents
    return [float(n), float(touched), safe_ratio(touched, n) if n else 1.0,
            float(asks_figure and not has_figure), float(asks_date and not has_date),
            float(asks_figure and has_figure), float(asks_date and has_date)]


def question_type_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """What kind of question it is (question cue families, a verb first, length, question marks)."""
    q = pair.question
    q_counts = family_counts(q, ctx.question_families)
    row = [float(q_counts[f] > 0) for f in ctx.question_families]
    first_pos = next((p for p in q.pos if p not in ("PUNCT", "SPACE")), "")
    return row + [float(first_pos in ("VERB", "AUX")), math.log1p(q.n_words), float(q.text.count("?"))]


def asked_given_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """Per kind of thing asked (figure, date, list, yes/no, reason, commitment, judgement): asked, given, missing."""
    asked, supplied = asked_given(pair, ctx.kind_order, ctx.kinds)
    wanted = [k for k in ctx.kind_order if asked[k]]
    missing = [k for k in wanted if k not in supplied]
    row: list[float] = []
    for kind in ctx.kind_order:
        row += [float(asked[kind] > 0), float(asked[kind] > 0 and kind in supplied),
                float(asked[kind] > 0 and kind not in supplied)]
    return row + [float(len(wanted)), float(len(missing)), 1.0 - safe_ratio(len(missing), len(wanted)), float(not wanted)]


def shape_block(pair: PairAnalysis, ctx: BlockContext) -> list[float]:
    """The answer's length and register: future, conditional, negation, cabinet, first person, passive."""
    q, a = pair.question, pair.answer
    n_words = a.n_words
    n_sent = max(1, len(a.sentences))
    lower = a.lower
    words = Counter(lower)  # one count of the answer's words, looked up per word list (five walks were slow)
    future, conditional, negation, cabinet, first_person = (
        sum(words[w] for w in ctx.words.get(kind, frozenset()))
        for kind in ("future", "conditional", "negation", "cabinet", "first_person")
    )
    passive = sum(
        1 for i, t in enumerate(lower)
        if t in ("wordt", "worden", "werd", "werden") and any(a.pos[j] == "VERB" for j in range(i + 1, min(i + 6, len(lower))))
    )
    return [
        math.log1p(n_words),
        math.log1p(len(a.sentences)),
        safe_ratio(n_words, n_sent),
        future / n_sent,
        conditional / n_sent,
        negation / n_sent,
        cabinet / n_sent,
        first_person / n_sent,
        passive / n_sent,
        math.log((n_words + 1) / (q.n_words + 1)),
        float(n_words == 0),
    ]


BLOCK_FUNCTIONS: dict[str, Callable[[PairAnalysis, BlockContext], list[float]]] = {
    "cues": cues_block, "concreteness": concreteness_block, "relevance": relevance_block,
    "subquestions": subquestions_block, "question_type": question_type_block, "asked_given": asked_given_block,
    "shape": shape_block,
}
"""The dense blocks by name; each returns its columns in `dense_feature_names` order."""


FOLD_DEPENDENT = frozenset({"relevance"})
"""Blocks whose columns depend on what the transformer was fitted on (the relevance TF-IDF's idf)."""

def _cached(name: str, function: Callable[[PairAnalysis, BlockContext], Any], pair: PairAnalysis,
            ctx: BlockContext) -> Any:
    """What a fold-independent function gives for a pair, once per pair and lexicon: cross-validation
    transforms the same pairs for every fold and candidate."""
    return analysis.derived((name, ctx.digest, pair.question.text, pair.answer.text), lambda: function(pair, ctx))


def vectorizer_idf(vectorizer: Any) -> dict[str, float]:
    """Term → idf of a fitted TfidfVectorizer (empty for None: no relevance TF-IDF was fitted)."""
    if vectorizer is None:
        return {}
    return {term: float(vectorizer.idf_[column]) for term, column in vectorizer.vocabulary_.items()}


_IDF_KEYS: dict[int, tuple[Any, str]] = {}


def vectorizer_key(vectorizer: Any) -> str:
    """A digest of a fitted TfidfVectorizer's terms and idf, kept per vectorizer object; "" for None."""
    if vectorizer is None:
        return ""

    def digest() -> str:
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return hashlib.sha1("\x1f".join(terms).encode("utf-8")
                            + np.asarray(vectorizer.idf_, dtype=np.float64).tobytes()).hexdigest()

    return per_object(_IDF_KEYS, vectorizer, digest, bound=256)


def dense_rows(analyses: Sequence[PairAnalysis], blocks: Sequence[str], ctx: BlockContext) -> list[list[float]]:
    """The dense features of each pair: the named blocks' columns side by side."""
    rows = []
    for pair in analyses:
        row: list[float] = []
        for block in blocks:
            function = BLOCK_FUNCTIONS[block]
            row += function(pair, ctx) if block in FOLD_DEPENDENT else _cached(block, function, pair, ctx)
        rows.append(row)
    return rows
