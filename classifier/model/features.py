"""Features of a question–answer pair, for the models and for the evidence users see.

Input convention: X is a sequence of pairs, each row `(question, answer)` with two
strings — a list of tuples, or an (n, 2) object array, which is what sklearn's
meta-estimators (CalibratedClassifierCV, cross-validation) hand on after their own
validation. Keeping both texts in one row keeps a pair together through every split
and lets one transformer see the question while it reads the answer.

Everything rests on one spaCy pass per distinct text (`analyse`), kept in a
process-wide cache: cross-validation fits a dozen models on the same texts, and
parsing is by far the slowest step. Cached analyses are plain tuples, so nothing
of spaCy ever ends up in a pickled model; the pipeline itself is loaded lazily by
name (`classifier.model.nlp.get_nlp`) and dropped in `__getstate__`.

The cue lexicon is data (classifier/data/cues.json). A fitted transformer keeps the
lexicon it was fitted with (`lexicon_`), so editing the file never silently changes
what a saved model computes.

Blocks (choose with `blocks=`), each generalising across ministries rather than
topics: no block sees a topic word except the n-grams, and those are delexicalised
(names, numbers and recognised entities become placeholders) and need `min_df`
pairs before a term enters the vocabulary.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from classifier import errors
from classifier.config import DATA_DIR
from classifier.model.nlp import CONCRETE_LABELS, get_nlp, model_name
from classifier.types import CueSpan, Evidence

LEXICON_PATH = DATA_DIR / "cues.json"

BLOCKS: tuple[str, ...] = ("cues", "concreteness", "relevance", "subquestions", "question_type", "shape",
                           "asked_given", "ngrams")
DENSE_BLOCKS: tuple[str, ...] = BLOCKS[:-1]

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_SUBQ_SPLIT = re.compile(
    r"(?<=\?)\s+|[,;]?\s+(?:en|of)\s+(?=(?:wat|welke|welk|wie|waar|waarom|hoe|wanneer|hoeveel|kunt|bent|is|zijn|"
    r"heeft|wilt|gaat)\b)",
    re.IGNORECASE,
)
_CACHE_SIZE = 50_000


# ------------------------------------------------------------------ lexicon


def load_lexicon(path: str | Path | None = None) -> dict[str, Any]:
    """The cue lexicon at `path` (default: the package's cues.json), checked for shape."""
    source = Path(path) if path is not None else LEXICON_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise errors.InputNotFound("expected a cue lexicon (JSON), found no file", path=source) from None
    except json.JSONDecodeError as exc:
        raise errors.EvasionError(f"expected a JSON cue lexicon, found invalid JSON ({exc.msg}, line {exc.lineno})",
                                  path=source) from None
    for section in ("answer_families", "question_families", "words"):
        if not isinstance(data.get(section), dict):
            raise errors.EvasionError(f"expected an object {section!r} in the cue lexicon, found none", path=source)
    for name, family in _families(data).items():
        if not isinstance(family, dict) or not isinstance(family.get("phrases", []), list):
            raise errors.EvasionError(f"cue family {name!r}: expected an object with a 'phrases' list", path=source)
    return data


def _families(lexicon: dict[str, Any]) -> dict[str, Any]:
    """Every cue family the matcher looks for: question, answer and (newer lexicons) supply families."""
    return {**lexicon["question_families"], **lexicon["answer_families"], **lexicon.get("supply_families", {})}


def lexicon_hash(lexicon: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(lexicon, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ analysis


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What the features need from one spaCy pass over a text; no spaCy objects inside."""

    text: str
    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    pos: tuple[str, ...]
    is_stop: tuple[bool, ...]
    idx: tuple[int, ...]
    """Character offset of each token."""
    sentences: tuple[tuple[int, int], ...]
    """(first token, end token) of each sentence."""
    ents: tuple[tuple[str, int, int, int, int], ...]
    """(label, start_char, end_char, start_token, end_token) of each rule entity."""
    cues: tuple[tuple[str, int, int, str], ...]
    """(family, start_char, end_char, text) of each cue match, answer and question families alike."""
    delex: str
    """Delexicalised lemma sequence for the n-gram block."""

    @property
    def n_words(self) -> int:
        return sum(1 for p in self.pos if p not in ("PUNCT", "SPACE", "SYM"))


@dataclass(frozen=True, slots=True)
class PairAnalysis:
    question: TextAnalysis
    answer: TextAnalysis


class _Matchers:
    """spaCy matchers compiled from one lexicon for one pipeline."""

    def __init__(self, nlp: Any, lexicon: dict[str, Any]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens = Matcher(nlp.vocab)
        self.anchored: set[str] = set()
        self.skip_inside: dict[str, set[str]] = {}
        for name, family in _families(lexicon).items():
            if family.get("anchor") == "start":
                self.anchored.add(name)
            if family.get("skip_inside"):
                self.skip_inside[name] = set(family["skip_inside"])
            phrases = [p.lower() for p in family.get("phrases", []) if p.strip()]
            if phrases:
                self.lower.add(name, [nlp.make_doc(p) for p in phrases])
            lemmas = [p.lower() for p in family.get("lemmas", []) if p.strip()]
            if lemmas:
                self.lemma.add(name, list(nlp.pipe(lemmas)))
            if family.get("patterns"):
                self.tokens.add(name, family["patterns"])

    def __call__(self, doc: Any) -> list[tuple[str, int, int, str]]:
        from spacy.util import filter_spans

        by_family: dict[str, list[Any]] = {}
        vocab = doc.vocab
        first_word = next((t.i for t in doc if not (t.is_punct or t.is_space)), 0)
        for matcher in (self.lower, self.lemma, self.tokens):
            for match_id, start, end in matcher(doc):
                family = vocab.strings[match_id]
                if family in self.anchored and start > first_word:
                    continue
                if family in self.skip_inside and any(
                    e.label_ in self.skip_inside[family] and e.start <= start and end <= e.end for e in doc.ents
                ):
                    continue  # "in het voorjaar" inside the date "in het voorjaar van 2016"
                by_family.setdefault(family, []).append(doc[start:end])
        found: list[tuple[str, int, int, str]] = []
        for family in sorted(by_family):
            # the longest of overlapping matches within a family: "is niet bekend" over "niet bekend"
            for span in filter_spans(by_family[family]):
                found.append((family, span.start_char, span.end_char, span.text))
        return sorted(found, key=lambda c: (c[1], c[2], c[0]))


_MATCHERS: dict[tuple[str, str], _Matchers] = {}
_ANALYSES: OrderedDict[tuple[str, str, str], TextAnalysis] = OrderedDict()


def _matchers(nlp_name: str, lexicon: dict[str, Any], digest: str) -> _Matchers:
    key = (nlp_name, digest)
    if key not in _MATCHERS:
        _MATCHERS[key] = _Matchers(get_nlp(nlp_name), lexicon)
    return _MATCHERS[key]


def _delex(doc: Any) -> str:
    """Lemmas with names, numbers and entities replaced by placeholders, so n-grams carry style, not topic."""
    out = ["<S>"]
    ent_at = {e.start: e for e in doc.ents}
    inside = {i for e in doc.ents for i in range(e.start, e.end)}
    for token in doc:
        if token.i in ent_at:
            out.append(f"<{ent_at[token.i].label_}>")
            continue
        if token.i in inside or token.is_space:
            continue
        if token.is_punct:
            if token.text in ("?", ":"):
                out.append(token.text)
            continue
        if token.pos_ == "PROPN":
            out.append("<PROPN>")
        elif token.pos_ == "NUM" or token.like_num and any(ch.isdigit() for ch in token.text):
            out.append("<NUM>")
        else:
            out.append((token.lemma_ or token.lower_).lower().replace(" ", "_"))
    return " ".join(out)


def _analyse_doc(doc: Any, matchers: _Matchers) -> TextAnalysis:
    return TextAnalysis(
        text=doc.text,
        lower=tuple(t.lower_ for t in doc),
        lemma=tuple((t.lemma_ or t.lower_).lower() for t in doc),
        pos=tuple(t.pos_ for t in doc),
        is_stop=tuple(bool(t.is_stop) for t in doc),
        idx=tuple(t.idx for t in doc),
        sentences=tuple((s.start, s.end) for s in doc.sents) if len(doc) else (),
        ents=tuple((e.label_, e.start_char, e.end_char, e.start, e.end) for e in doc.ents),
        cues=tuple(matchers(doc)),
        delex=_delex(doc),
    )


def as_pairs(X: Any) -> list[tuple[str, str]]:
    """Rows of X as (question, answer) strings; see the module docstring for the accepted forms."""
    if isinstance(X, np.ndarray):
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(f"expected X of shape (n, 2) with (question, answer) rows, found shape {X.shape}")
        rows = X.tolist()
    else:
        rows = list(X)
    pairs: list[tuple[str, str]] = []
    for i, row in enumerate(rows):
        if isinstance(row, str) or len(row) != 2:
            raise ValueError(f"expected row {i} of X to be a (question, answer) pair, found {type(row).__name__}")
        question, answer = row
        pairs.append(("" if question is None else str(question), "" if answer is None else str(answer)))
    return pairs


def set_cache_size(size: int) -> int:
    """Bound the analysis cache at `size` texts (trimming it now); returns the bound it had.

    Training and evaluation analyse the same texts many times and want a large cache;
    scoring many distinct letters does not, and a small bound keeps its memory flat.
    """
    global _CACHE_SIZE
    old, _CACHE_SIZE = _CACHE_SIZE, size
    while len(_ANALYSES) > _CACHE_SIZE:
        _ANALYSES.popitem(last=False)
    return old


def analyse(
    X: Any, *, spacy_model: str | None = None, lexicon: dict[str, Any] | None = None, batch_size: int = 64
) -> list[PairAnalysis]:
    """One spaCy pass per distinct text not seen before in this process, with cue and entity matches."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    digest = lexicon_hash(lexicon)
    name = model_name(spacy_model)
    pairs = as_pairs(X)
    todo: list[str] = []
    seen: set[str] = set()
    for question, answer in pairs:
        for text in (question, answer):
            if (name, digest, text) not in _ANALYSES and text not in seen:
                seen.add(text)
                todo.append(text)
    if todo:
        nlp = get_nlp(name)
        matchers = _matchers(name, lexicon, digest)
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=batch_size), strict=True):
            _ANALYSES[(name, digest, text)] = _analyse_doc(doc, matchers)
    result = []
    for question, answer in pairs:
        q, a = (name, digest, question), (name, digest, answer)
        _ANALYSES.move_to_end(q)
        _ANALYSES.move_to_end(a)
        result.append(PairAnalysis(_ANALYSES[q], _ANALYSES[a]))
    while len(_ANALYSES) > _CACHE_SIZE:
        _ANALYSES.popitem(last=False)
    return result


# ------------------------------------------------------------------ helpers for features


def _content_terms(text: TextAnalysis, stoplemmas: frozenset[str], start: int = 0, end: int | None = None,
                   pos: frozenset[str] = _CONTENT_POS) -> set[str]:
    """Content lemmas of tokens [start, end): the words that say what a question is about."""
    end = len(text.lemma) if end is None else end
    return {text.lemma[i] for i in range(start, end) if _is_content(text, i, stoplemmas, pos)}


def _is_content(text: TextAnalysis, i: int, stoplemmas: frozenset[str], pos: frozenset[str]) -> bool:
    lemma = text.lemma[i]
    return text.pos[i] in pos and not text.is_stop[i] and lemma not in stoplemmas and len(lemma) > 2


def _answer_vocabulary(answer: TextAnalysis) -> set[str]:
    """Lemmas and lower-case forms of the answer: matching either forgives a lemmatizer's mistakes."""
    return set(answer.lemma) | set(answer.lower)


def subquestion_spans(question: TextAnalysis) -> list[tuple[int, int]]:
    """Token ranges of the sub-questions: each "?"-ended question, split again at "en"/"of" + question word."""
    spans: list[tuple[int, int]] = []
    start = 0
    text = question.text
    cuts = [m.end() for m in _SUBQ_SPLIT.finditer(text)] + [len(text)]
    token_starts = question.idx
    for cut in cuts:
        first = next((i for i, c in enumerate(token_starts) if c >= start), len(token_starts))
        last = next((i for i, c in enumerate(token_starts) if c >= cut), len(token_starts))
        if last > first:
            spans.append((first, last))
        start = cut
    return spans


def _stoplemmas(lexicon: dict[str, Any]) -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon["words"].get("relevance_stoplemmas", []))


def _subquestion_coverage(pair: PairAnalysis, stop: frozenset[str]) -> tuple[int, int]:
    """(sub-questions with content words, how many of them the answer touches).

    A sub-question is touched when at least a third of its content lemmas appear
    in the answer (as lemma or as the same word form); "Zo nee, waarom niet?" has
    no content words and is not counted.
    """
    vocabulary = _answer_vocabulary(pair.answer)
    q = pair.question
    n = touched = 0
    for start, end in subquestion_spans(q):
        forms: dict[str, set[str]] = {}
        for i in range(start, end):
            if _is_content(q, i, stop, _CONTENT_POS):
                forms.setdefault(q.lemma[i], set()).add(q.lower[i])
        if not forms:
            continue
        n += 1
        hits = sum(1 for lemma, surface in forms.items() if lemma in vocabulary or surface & vocabulary)
        if hits >= max(1, math.ceil(len(forms) / 3)):
            touched += 1
    return n, touched


def _family_counts(text: TextAnalysis, families: Sequence[str], start_char: int = 0,
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
        tokens = [i for i in range(len(a.idx)) if start <= a.idx[i] < end]
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


def _kind_families(lexicon: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    kinds = {k: v for k, v in lexicon.get("kinds", {}).items() if not k.startswith("_")}
    order = [k for k in lexicon.get("kind_order", list(kinds)) if k in kinds]
    return order, kinds


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


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


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
            order, _ = _kind_families(lexicon)
            for kind in order:
                names += [f"ask_{kind}", f"ask_{kind}_given", f"ask_{kind}_missing"]
            names += ["ask_kinds", "ask_kinds_missing", "ask_share_given", "ask_unknown_kind"]
        elif block == "shape":
            names += ["a_log_words", "a_log_sentences", "a_words_per_sentence", "a_future", "a_conditional",
                      "a_negation", "a_cabinet", "a_first_person", "a_passive", "a_len_ratio", "a_empty"]
    return names


# ------------------------------------------------------------------ the transformer


class PairFeatures(TransformerMixin, BaseEstimator):
    """Cue, concreteness, relevance, sub-question, question-type, shape and n-gram features of pairs.

    Parameters
    ----------
    blocks : which feature blocks to emit, a subset of BLOCKS, in BLOCKS order.
    spacy_model : spaCy model name; None = settings (EVASION_SPACY_MODEL). Fixed at fit.
    lexicon : path of a cue lexicon JSON; None = classifier/data/cues.json. Read at fit.
    ngram_range, min_df, max_df, max_features : the delexicalised lemma n-gram TF-IDF block.
    scale : standardise the dense block (for linear models; trees do not need it).
    dense_output : return a dense array also with n-grams, for estimators that refuse sparse input.
    batch_size : spaCy batch size.

    Output: a CSR matrix [dense | n-grams] when "ngrams" is among the blocks (unless
    dense_output), else a dense float array (so tree models that refuse sparse input can use it).

    Not checked with sklearn's check_estimator: its checks feed random numeric
    arrays, and this transformer's input is text pairs by design.
    """

    def __init__(
        self,
        blocks: tuple[str, ...] = BLOCKS,
        spacy_model: str | None = None,
        lexicon: str | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 3,
        max_df: float = 0.9,
        max_features: int | None = 3000,
        scale: bool = True,
        dense_output: bool = False,
        batch_size: int = 64,
    ) -> None:
        self.blocks = blocks
        self.spacy_model = spacy_model
        self.lexicon = lexicon
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.scale = scale
        self.dense_output = dense_output
        self.batch_size = batch_size

    # ---- pickling: never the spaCy pipeline

    def __getstate__(self) -> dict[str, Any]:
        """The fitted state without the spaCy pipeline and without memory addresses.

        A fitted TfidfVectorizer caches `id(stop_words)` (`_stop_words_id`) to skip a
        check. That is a memory address, which differs from process to process, and it
        would make two identical trainings write different model files. The copy
        pickled here leaves it out; the vectorizer recomputes it when it needs it.
        """
        state = super().__getstate__()
        state.pop("_nlp", None)
        for name in ("relevance_vectorizer_", "ngram_vectorizer_"):
            vectorizer = state.get(name)
            if vectorizer is not None and hasattr(vectorizer, "_stop_words_id"):
                vectorizer = copy.copy(vectorizer)
                del vectorizer._stop_words_id
                state[name] = vectorizer
        return state

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use and not pickled."""
        if getattr(self, "_nlp", None) is None:
            self._nlp = get_nlp(getattr(self, "spacy_model_", None) or self.spacy_model)
        return self._nlp

    # ---- fitting

    def _check_blocks(self) -> tuple[str, ...]:
        unknown = [b for b in self.blocks if b not in BLOCKS]
        if unknown or not self.blocks:
            raise ValueError(f"expected blocks from {BLOCKS}, found {tuple(self.blocks)}")
        return tuple(b for b in BLOCKS if b in self.blocks)

    def _analyse(self, X: Any) -> list[PairAnalysis]:
        return analyse(X, spacy_model=self.spacy_model_, lexicon=self.lexicon_, batch_size=self.batch_size)

    def fit(self, X: Any, y: Any = None) -> PairFeatures:
        self.blocks_ = self._check_blocks()
        self.lexicon_ = load_lexicon(self.lexicon)
        self.spacy_model_ = model_name(self.spacy_model)
        self.answer_families_ = tuple(self.lexicon_["answer_families"])
        self.question_families_ = tuple(self.lexicon_["question_families"])
        analyses = self._analyse(X)
        if "relevance" in self.blocks_:
            self.relevance_vectorizer_ = TfidfVectorizer(
                token_pattern=r"\S+", lowercase=False, sublinear_tf=True, min_df=1, dtype=np.float64
            )
            docs = [self._content_doc(p.question) for p in analyses] + [self._content_doc(p.answer) for p in analyses]
            if any(docs):
                self.relevance_vectorizer_.fit(docs)
            else:
                self.relevance_vectorizer_ = None
        dense_blocks = [b for b in self.blocks_ if b != "ngrams"]
        self.dense_names_ = tuple(self._dense_names(dense_blocks))
        if dense_blocks:
            dense = self._dense(analyses, dense_blocks)
            self.scaler_ = StandardScaler().fit(dense) if self.scale else None
        if "ngrams" in self.blocks_:
            self.ngram_vectorizer_ = TfidfVectorizer(
                token_pattern=r"\S+",
                lowercase=False,
                ngram_range=tuple(self.ngram_range),
                min_df=min(self.min_df, max(1, len(analyses))),
                max_df=self.max_df if len(analyses) > 1 else 1.0,
                max_features=self.max_features,
                sublinear_tf=True,
                dtype=np.float64,
            ).fit([p.answer.delex for p in analyses])
        self.n_features_out_ = len(self.get_feature_names_out())
        return self

    def transform(self, X: Any) -> Any:
        check_is_fitted(self, "blocks_")
        analyses = self._analyse(X)
        dense_blocks = [b for b in self.blocks_ if b != "ngrams"]
        parts: list[Any] = []
        if dense_blocks:
            dense = self._dense(analyses, dense_blocks)
            if self.scaler_ is not None:
                dense = self.scaler_.transform(dense)
            parts.append(dense)
        if "ngrams" in self.blocks_:
            grams = self.ngram_vectorizer_.transform([p.answer.delex for p in analyses])
            matrix = sp.hstack([sp.csr_matrix(p) for p in parts] + [grams], format="csr")
            return matrix.toarray() if self.dense_output else matrix
        return parts[0]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "blocks_")
        names = list(self.dense_names_)
        if "ngrams" in self.blocks_:
            names += [f"ngram={t}" for t in self.ngram_vectorizer_.get_feature_names_out()]
        return np.asarray(names, dtype=object)

    # ---- evidence

    def evidence(self, X: Any) -> list[Evidence]:
        """Per pair: cue spans and concrete spans (character offsets in the answer) and sub-question coverage.

        Needs no fitting: an unfitted transformer reads its `lexicon` parameter (or the
        package lexicon); a fitted one uses the lexicon it was fitted with.
        """
        lexicon = getattr(self, "lexicon_", None) or load_lexicon(self.lexicon)
        name = getattr(self, "spacy_model_", None) or model_name(self.spacy_model)
        stop = _stoplemmas(lexicon)
        families = lexicon["answer_families"]
        result = []
        for pair in analyse(X, spacy_model=name, lexicon=lexicon, batch_size=self.batch_size):
            n, touched = _subquestion_coverage(pair, stop)
            answer = pair.answer
            result.append(
                Evidence(
                    cues=[CueSpan(family=f, text=t, start=s, end=e) for f, s, e, t in own_cues(pair, lexicon)
                          if f in families],
                    subquestions=n,
                    subquestions_touched=touched,
                    concrete=[CueSpan(family=label, text=answer.text[s:e], start=s, end=e)
                              for label, s, e, _, _ in answer.ents if label in CONCRETE_LABELS],
                )
            )
        return result

    # ---- the dense blocks

    def _stoplemmas(self) -> frozenset[str]:
        return _stoplemmas(self.lexicon_)

    def _content_doc(self, text: TextAnalysis) -> str:
        return " ".join(sorted(_content_terms(text, self._stoplemmas())))

    def _dense_names(self, blocks: Sequence[str]) -> list[str]:
        return dense_feature_names(self.lexicon_, blocks)

    def _dense(self, analyses: Sequence[PairAnalysis], blocks: Sequence[str]) -> np.ndarray:
        weights = {f: float(spec.get("weight", 0.0)) for f, spec in self.lexicon_["answer_families"].items()}
        words = {k: frozenset(v) for k, v in self.lexicon_["words"].items()}
        context = (self._stoplemmas(), words, weights, [f for f, w in weights.items() if w > 0],
                   _kind_families(self.lexicon_))
        rows = [self._dense_row(p, blocks, context) for p in analyses]
        width = len(self._dense_names(blocks))
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), width)

    def _dense_row(self, pair: PairAnalysis, blocks: Sequence[str], context: tuple[Any, ...]) -> list[float]:
        """One pair's dense features; `context` holds what is the same for every row (lexicon lookups)."""
        stop, words, weights, evasive, (order, kinds) = context
        q, a = pair.question, pair.answer
        cues = own_cues(pair, self.lexicon_)
        n_words = a.n_words
        n_sent = max(1, len(a.sentences))
        ents = [e[0] for e in a.ents]
        concrete = [e for e in ents if e in CONCRETE_LABELS]
        numeric = sum(1 for e in ents if e in ("MONEY", "PERCENT", "QUANTITY", "NUMBER"))
        q_counts = _family_counts(q, self.question_families_)
        row: list[float] = []
        for block in blocks:
            if block == "cues":
                counts = _family_counts(a, self.answer_families_, cues=cues)
                row += [math.log1p(counts[f]) for f in self.answer_families_]
                total = sum(counts[f] for f in evasive)
                first_end = a.idx[a.sentences[0][1]] if a.sentences and a.sentences[0][1] < len(a.idx) else len(a.text)
                first = _family_counts(a, evasive, 0, first_end, cues=cues)
                row += [math.log1p(total), float(sum(weights[f] * v for f, v in first.items())), total / n_sent]
            elif block == "concreteness":
                row += [math.log1p(ents.count(label)) for label in CONCRETE_LABELS]
                non_ref = sum(1 for e in concrete if e != "DOCREF")
                ent_sentences = {
                    k for k, (s, e) in enumerate(a.sentences)
                    for label, _, _, es, _ in a.ents if s <= es < e and label in CONCRETE_LABELS
                }
                row += [100.0 * _ratio(non_ref, n_words), float(non_ref > 0), _ratio(len(ent_sentences), n_sent),
                        math.log1p(ents.count("QREF"))]
            elif block == "relevance":
                q_terms, a_terms = _content_terms(q, stop), _content_terms(a, stop)
                vocabulary = _answer_vocabulary(a)
                q_nouns = _content_terms(q, stop, pos=_NOUN_POS)
                cosine = 0.0
                if self.relevance_vectorizer_ is not None and q_terms and a_terms:
                    m = self.relevance_vectorizer_.transform([" ".join(sorted(q_terms)), " ".join(sorted(a_terms))])
                    cosine = float((m[0] @ m[1].T).toarray()[0, 0])
                row += [
                    _ratio(len(q_terms & a_terms), len(q_terms | a_terms)),
                    _ratio(sum(1 for t in q_nouns if t in vocabulary), len(q_nouns)),
                    cosine,
                    _ratio(len(a_terms - q_terms), len(a_terms)),
                ]
            elif block == "subquestions":
                n, touched = _subquestion_coverage(pair, stop)
                asks_figure, asks_date = q_counts.get("asks_figure", 0) > 0, q_counts.get("asks_date", 0) > 0
                has_figure, has_date = numeric > 0, "DATE" in ents
                row += [float(n), float(touched), _ratio(touched, n) if n else 1.0,
                        float(asks_figure and not has_figure), float(asks_date and not has_date),
                        float(asks_figure and has_figure), float(asks_date and has_date)]
            elif block == "question_type":
                row += [float(q_counts[f] > 0) for f in self.question_families_]
                first_pos = next((p for p in q.pos if p not in ("PUNCT", "SPACE")), "")
                row += [float(first_pos in ("VERB", "AUX")), math.log1p(q.n_words), float(q.text.count("?"))]
            elif block == "asked_given":
                asked, supplied = asked_given(pair, order, kinds)
                wanted = [k for k in order if asked[k]]
                missing = [k for k in wanted if k not in supplied]
                for kind in order:
                    row += [float(asked[kind] > 0), float(asked[kind] > 0 and kind in supplied),
                            float(asked[kind] > 0 and kind not in supplied)]
                row += [float(len(wanted)), float(len(missing)),
                        1.0 - _ratio(len(missing), len(wanted)), float(not wanted)]
            elif block == "shape":
                lower = a.lower
                future, conditional, negation, cabinet, first_person = (
                    sum(1 for t in lower if t in words.get(kind, frozenset()))
                    for kind in ("future", "conditional", "negation", "cabinet", "first_person")
                )
                passive = sum(
                    1 for i, t in enumerate(lower)
                    if t in ("wordt", "worden", "werd", "werden") and any(a.pos[j] == "VERB" for j in range(i + 1, min(i + 6, len(lower))))
                )
                row += [
                    math.log1p(n_words),
                    math.log1p(len(a.sentences)),
                    _ratio(n_words, n_sent),
                    future / n_sent,
                    conditional / n_sent,
                    negation / n_sent,
                    cabinet / n_sent,
                    first_person / n_sent,
                    passive / n_sent,
                    math.log((n_words + 1) / (q.n_words + 1)),
                    float(n_words == 0),
                ]
        return row
