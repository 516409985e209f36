"""One spaCy pass per distinct text, kept as plain tuples in a process-wide cache.

Cross-validation fits a dozen models on the same texts, and parsing is by far the
slowest step; scoring many distinct letters bounds the cache small
(`set_cache_size`) so memory stays flat. Nothing of spaCy ends up in an analysis, so
nothing of spaCy ever ends up in a pickled model."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from classifier.model.lexicon import lexicon_hash, load_lexicon
from classifier.model.matchers import CueMatchers, token_values
from classifier.model.nlp import get_nlp, model_name

CACHE_SIZE = 100_000

PARSE_RUN = 8
"""Batches the spaCy pass runs back to back before their texts are analysed."""

SCORING_CACHE_SIZE = 2048
"""The bound while a batch of distinct letters is scored, in one process or in each worker: enough
for the texts of one large letter (a 1,000-pair list of questions), which its evidence pass reads
again, without keeping other letters' parses. A cached text costs about 20 kB; 4,096 of them made a
1,000-letter batch's peak memory 1.3× a 20-letter one's."""

MAX_TEXT_CHARS = 100_000
"""The most characters of one question or answer the model reads (about 15,000 words); the rest is not
analysed. The spaCy pass is bounded per batch (classifier.model.nlp.BATCH_CHARS), but a text's Doc, its
analysis and the features read from it still grow with the text, by about 220 MB and 7 s per million
characters (measured): a 10 MB answer (a PDF whose last answer swallowed an appendix) would need over 2 GB.
Cut here, one text adds at most about 25 MB and 1 s to a letter, whatever its length. The longest
annotated answer has 3,464 characters, so no real answer is cut; scoring warns about a pair that is
(classifier.scoring.letter.warn_cut_texts)."""


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


_MATCHERS: dict[tuple[str, str], CueMatchers] = {}
_ANALYSES: OrderedDict[tuple[str, str, str], TextAnalysis] = OrderedDict()
_DERIVED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def derived(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """`compute()` once per key, for what later stages compute from analysed texts (fold-independent feature
    rows, sub-question coverage), in one cache bounded like the analysis cache (least recently used out
    first): cross-validation transforms the same pairs for every fold and candidate, and scoring asks for a
    pair's coverage for its features and again for its evidence."""
    value = _DERIVED.get(key)
    if value is None:
        value = _DERIVED[key] = compute()
        while len(_DERIVED) > CACHE_SIZE:
            _DERIVED.popitem(last=False)
    else:
        _DERIVED.move_to_end(key)
    return value


def _matchers(nlp_name: str, lexicon: dict[str, Any], digest: str) -> CueMatchers:
    key = (nlp_name, digest)
    if key not in _MATCHERS:
        _MATCHERS[key] = CueMatchers(get_nlp(nlp_name), lexicon)
    return _MATCHERS[key]


class _Columns(NamedTuple):
    """Each token attribute the analysis reads, one tuple per attribute in token order."""

    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    pos: tuple[str, ...]
    is_stop: tuple[bool, ...]
    idx: tuple[int, ...]
    is_punct: tuple[bool, ...]
    is_space: tuple[bool, ...]
    like_num: tuple[bool, ...]
    text: tuple[str, ...]


_NO_TOKENS = _Columns((), (), (), (), (), (), (), (), ())


def _delex(columns: _Columns, ents: tuple[Any, ...]) -> str:
    """Lemmas with names, numbers and entities replaced by placeholders, so n-grams carry style, not topic."""
    out = ["<S>"]
    ent_at = {e.start: e.label_ for e in ents}
    inside = {i for e in ents for i in range(e.start, e.end)}
    c = columns
    for i, (lower, lemma, pos, is_punct, is_space, like_num, text) in enumerate(
            zip(c.lower, c.lemma, c.pos, c.is_punct, c.is_space, c.like_num, c.text)):
        if i in ent_at:
            out.append(f"<{ent_at[i]}>")
            continue
        if i in inside or is_space:
            continue
        if is_punct:
            if text in ("?", ":"):
                out.append(text)
            continue
        if pos == "PROPN":
            out.append("<PROPN>")
        elif pos == "NUM" or like_num and any(ch.isdigit() for ch in text):
            out.append("<NUM>")
        else:
            out.append((lemma or lower).lower().replace(" ", "_"))
    return " ".join(out)


_STRINGS: dict[int, str] = {}
"""spaCy string hashes already decoded: the StringStore decodes its bytes on every lookup."""
_STRINGS_SIZE = 100_000
"""Emptied when it holds more: an archive keeps bringing new words, and memory must stay flat."""


def _columns(doc: Any) -> _Columns:
    """Each token attribute as one tuple, read with one `Doc.to_array` instead of one Token per token and
    attribute (the token walk was a quarter of the time spent after parsing), and kept as columns, which
    is how the analysis reads them."""
    from spacy.attrs import (
        IDX,
        IS_PUNCT,
        IS_SPACE,
        IS_STOP,
        LEMMA,
        LIKE_NUM,
        LOWER,
        ORTH,
        POS,
    )

    if not len(doc):
        return _NO_TOKENS
    lower, lemma, pos, stop, idx, punct, space, num, orth = doc.to_array(
        [LOWER, LEMMA, POS, IS_STOP, IDX, IS_PUNCT, IS_SPACE, LIKE_NUM, ORTH]).T.tolist()
    strings, known = doc.vocab.strings, _STRINGS
    if len(known) > _STRINGS_SIZE:
        known.clear()
    for key in {*lower, *lemma, *pos, *orth}:
        if key not in known:
            known[key] = strings[key]
    text = known.__getitem__
    return _Columns(tuple(map(text, lower)), tuple(map(text, lemma)), tuple(map(text, pos)), tuple(map(bool, stop)),
                    tuple(idx), tuple(map(bool, punct)), tuple(map(bool, space)), tuple(map(bool, num)),
                    tuple(map(text, orth)))


def _lemmas(columns: _Columns) -> tuple[str, ...]:
    """Lower-case lemmas, the lower-case word where a token has no lemma."""
    lemmas = tuple(map(str.lower, columns.lemma))
    if "" not in lemmas:
        return lemmas
    return tuple(lemma or lower for lemma, lower in zip(lemmas, columns.lower, strict=True))


def _analyse_doc(doc: Any, matchers: CueMatchers) -> TextAnalysis:
    columns = _columns(doc)
    ents = tuple(doc.ents)
    first_word = next((i for i, (punct, space) in enumerate(zip(columns.is_punct, columns.is_space))
                       if not (punct or space)), 0)
    values = token_values(columns.lower, columns.lemma, columns.pos)
    return TextAnalysis(
        text=doc.text,
        lower=columns.lower,
        lemma=_lemmas(columns),
        pos=columns.pos,
        is_stop=columns.is_stop,
        idx=columns.idx,
        sentences=tuple((s.start, s.end) for s in doc.sents) if len(doc) else (),
        ents=tuple((e.label_, e.start_char, e.end_char, e.start, e.end) for e in ents),
        cues=tuple(matchers(doc, values, first_word, ents)),
        delex=_delex(columns, ents),
    )


def model_text(text: str) -> str:
    """The part of `text` the model reads: all of it when it has at most `MAX_TEXT_CHARS` characters, else its
    first `MAX_TEXT_CHARS` cut before the last space or line break within them (a cut mid-word would
    analyse a word that is not in the text), so that evidence offsets still point into the whole text."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    head = text[:MAX_TEXT_CHARS]
    if text[MAX_TEXT_CHARS].isspace():
        return head
    cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
    return head[:cut] if cut > 0 else head


def as_pairs(X: Any) -> list[tuple[str, str]]:
    """Rows of X as (question, answer) strings, each cut to what the model reads (`model_text`); see the
    features module's docstring for the accepted forms."""
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
        pairs.append((model_text("" if question is None else str(question)),
                      model_text("" if answer is None else str(answer))))
    return pairs


def set_cache_size(size: int) -> int:
    """Bound the analysis cache at `size` texts (trimming it now); returns the bound it had.

    Training and evaluation analyse the same texts many times and want a large cache;
    scoring many distinct letters does not, and a small bound keeps its memory flat.
    """
    global CACHE_SIZE
    old, CACHE_SIZE = CACHE_SIZE, size
    _trim()
    return old


def _trim() -> None:
    while len(_ANALYSES) > CACHE_SIZE:
        _ANALYSES.popitem(last=False)


def _uncached(pairs: list[tuple[str, str]], name: str, digest: str) -> list[str]:
    """The distinct texts of `pairs` the cache does not hold, in the order they first occur."""
    return [text for text in dict.fromkeys(t for pair in pairs for t in pair) if (name, digest, text) not in _ANALYSES]


def _store(texts: list[str], analyses: list[TextAnalysis], name: str, digest: str) -> None:
    for text, analysis in zip(texts, analyses, strict=True):
        _ANALYSES[(name, digest, text)] = analysis


def _parse(texts: list[str], name: str, lexicon: dict[str, Any], digest: str, batch_size: int) -> list[TextAnalysis]:
    """One spaCy pass over `texts`, with cue and entity matches; nothing cached."""
    if not texts:
        return []
    nlp = get_nlp(name)
    matchers = _matchers(name, lexicon, digest)
    # the network runs over a run of batches without the analysis in between (interleaved, the analysis pushed
    # the network's weights out of the CPU's caches: scoring took 5 % longer), a bounded run so that a very long
    # letter's parses are not all held at once
    run = batch_size * PARSE_RUN
    result: list[TextAnalysis] = []
    for start in range(0, len(texts), run):
        docs = list(nlp.pipe(texts[start:start + run], batch_size=batch_size))
        result += [_analyse_doc(doc, matchers) for doc in docs]
    return result


def _parse_chunk(job: tuple[list[str], str, dict[str, Any], str, int]) -> list[TextAnalysis]:
    return _parse(*job)


def _balanced_chunks(texts: list[str], parts: int) -> list[list[str]]:
    """`texts` cut into at most `parts` contiguous runs of about equal length in characters, which is what
    parsing takes time by: equal numbers of texts left one process parsing the long seed documents alone."""
    total = sum(map(len, texts))
    chunks: list[list[str]] = [[]]
    done = 0
    for text in texts:
        if chunks[-1] and len(chunks) < parts and done >= total * len(chunks) / parts:
            chunks.append([])
        chunks[-1].append(text)
        done += len(text)
    return chunks


def analyse_in_processes(X: Any, jobs: int, *, spacy_model: str | None = None,
                         lexicon: dict[str, Any] | None = None, batch_size: int = 64) -> None:
    """Put the analysis of every text of X in this process's cache, the spaCy pass split over `jobs`
    forked processes.

    Training parses some 3,000 texts before it cross-validates, and one process would leave the
    other core idle for that whole pass. Each process parses a contiguous part of the texts in their
    order, of about equal length, and sends the analyses back; a Doc does not depend on the other texts of its batch, so the
    cache holds what `analyse` would have put there, and training writes the same model file.
    """
    import multiprocessing

    lexicon = lexicon if lexicon is not None else load_lexicon()
    digest = lexicon_hash(lexicon)
    name = model_name(spacy_model)
    todo = _uncached(as_pairs(X), name, digest)
    if jobs <= 1 or len(todo) < 2 * batch_size or "fork" not in multiprocessing.get_all_start_methods():
        _store(todo, _parse(todo, name, lexicon, digest, batch_size), name, digest)
    else:
        chunks = _balanced_chunks(todo, jobs)
        with multiprocessing.get_context("fork").Pool(len(chunks)) as pool:
            parsed = pool.map(_parse_chunk, [(chunk, name, lexicon, digest, batch_size) for chunk in chunks],
                              chunksize=1)
        for chunk, analyses in zip(chunks, parsed, strict=True):
            _store(chunk, analyses, name, digest)
    _trim()


def analyse(
    X: Any, *, spacy_model: str | None = None, lexicon: dict[str, Any] | None = None, batch_size: int = 64
) -> list[PairAnalysis]:
    """One spaCy pass per distinct text not seen before in this process, with cue and entity matches."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    digest = lexicon_hash(lexicon)
    name = model_name(spacy_model)
    pairs = as_pairs(X)
    todo = _uncached(pairs, name, digest)
    _store(todo, _parse(todo, name, lexicon, digest, batch_size), name, digest)
    result = []
    for question, answer in pairs:
        q, a = (name, digest, question), (name, digest, answer)
        _ANALYSES.move_to_end(q)
        _ANALYSES.move_to_end(a)
        result.append(PairAnalysis(_ANALYSES[q], _ANALYSES[a]))
    _trim()
    return result
