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
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from classifier.model.analysis import PairAnalysis, TextAnalysis, analyse
from classifier.model.blocks import (
    BLOCKS,
    BlockContext,
    content_doc,
    dense_feature_names,
    dense_rows,
    vectorizer_idf,
    vectorizer_key,
)
from classifier.model.evidence import pair_evidence
from classifier.model.lexicon import lexicon_hash, load_lexicon, stoplemma_set
from classifier.model.nlp import get_nlp, model_name
from classifier.types import Evidence

# ------------------------------------------------------------------ fitted TF-IDF, shared

_FITTED: dict[tuple[Any, ...], TfidfVectorizer] = {}
_FITTED_SIZE = 64


def fitted_tfidf(docs: Sequence[str], **params: Any) -> TfidfVectorizer:
    """A TfidfVectorizer(**params) fitted on `docs`: a copy of the one fitted before on the same documents with
    the same parameters, if there is one.

    Cross-validation fits eight candidates that read the relevance block, and two that read the n-grams, on
    the same training part of each fold; the fit is the same every time. A deep copy keeps each fitted
    transformer its own object, so a model file holds what it held when each was fitted apart.
    """
    key = (tuple(sorted(params.items(), key=lambda item: item[0])), len(docs), hashlib.sha1("\x1f".join(docs).encode("utf-8")).digest())
    hit = _FITTED.get(key)
    if hit is None:
        hit = TfidfVectorizer(**params).fit(docs)
        if len(_FITTED) >= _FITTED_SIZE:
            _FITTED.clear()
        _FITTED[key] = hit
    return copy.deepcopy(hit)


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
            docs = [self._content_doc(p.question) for p in analyses] + [self._content_doc(p.answer) for p in analyses]
            self.relevance_vectorizer_ = fitted_tfidf(docs, token_pattern=r"\S+", lowercase=False, sublinear_tf=True,
                                                      min_df=1, dtype=np.float64) if any(docs) else None
        dense_blocks = [b for b in self.blocks_ if b != "ngrams"]
        self.dense_names_ = tuple(self._dense_names(dense_blocks))
        if dense_blocks:
            dense = self._dense(analyses, dense_blocks)
            self.scaler_ = StandardScaler().fit(dense) if self.scale else None
        if "ngrams" in self.blocks_:
            self.ngram_vectorizer_ = fitted_tfidf(
                [p.answer.delex for p in analyses],
                token_pattern=r"\S+",
                lowercase=False,
                ngram_range=tuple(self.ngram_range),
                min_df=min(self.min_df, max(1, len(analyses))),
                max_df=self.max_df if len(analyses) > 1 else 1.0,
                max_features=self.max_features,
                sublinear_tf=True,
                dtype=np.float64,
            )
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
        return pair_evidence(X, lexicon, name, self.batch_size)

    # ---- the dense blocks

    def stoplemma_set(self) -> frozenset[str]:
        return stoplemma_set(self.lexicon_)

    def _content_doc(self, text: TextAnalysis) -> str:
        return content_doc(text, self.stoplemma_set(), lexicon_hash(self.lexicon_))

    def _dense_names(self, blocks: Sequence[str]) -> list[str]:
        return dense_feature_names(self.lexicon_, blocks)

    def _dense(self, analyses: Sequence[PairAnalysis], blocks: Sequence[str]) -> np.ndarray:
        vectorizer = getattr(self, "relevance_vectorizer_", None)
        context = BlockContext.build(self.lexicon_, vectorizer_idf(vectorizer), vectorizer_key(vectorizer))
        rows = dense_rows(analyses, blocks, context)
        width = len(self._dense_names(blocks))
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), width)
