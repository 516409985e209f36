"""One spaCy pass per distinct text, kept as plain tuples in a process-wide cache.

Cross-validation fits a dozen models on the same texts, and parsing is by far the
slowest step; scoring many distinct letters bounds the cache small
(`set_cache_size`) so memory stays flat. Nothing of spaCy ends up in an analysis, so
nothing of spaCy ever ends up in a pickled model."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from classifier.model.lexicon import all_families, lexicon_hash, load_lexicon
from classifier.model.nlp import get_nlp, model_name

CACHE_SIZE = 50_000

SCORING_CACHE_SIZE = 2048
"""The bound while a batch of distinct letters is scored, in one process or in each worker: enough
for the texts of one large letter (a 1,000-pair list of questions), which its evidence pass reads
again, without keeping other letters' parses. A cached text costs about 20 kB; 4,096 of them made a
1,000-letter batch's peak memory 1.3× a 20-letter one's."""


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


_CHECKABLE = {"LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "ORTH": "orth_", "TEXT": "text"}
"""Token attributes a pattern's required token can be looked for by, as the Matcher reads them."""

_OPTIONAL_OPS = frozenset({"?", "*", "!"})

Requirement = tuple[str, str, Any]
"""(token attribute, kind, what to look for): "is" one value, "in" a set of values, "regex" a compiled pattern."""


def _requirements(pattern: list[dict[str, Any]]) -> list[Requirement]:
    """What a match needs some token of the doc to have, for each token a match cannot do without.

    A token pattern such as "wordt … {0,4} … onderzocht" starts from words as common as
    "wordt": the Matcher extends a partial match from every one of them. The required
    tokens' words ("onderzocht") are rare, so looking them up in the doc's set of words
    first skips the pattern in most texts without changing what it finds.
    """
    needs: list[Requirement] = []
    for spec in pattern:
        op = spec.get("OP")
        if op is not None and (op in _OPTIONAL_OPS or op.startswith(("{0", "{,"))):
            continue
        for key, value in spec.items():
            if key not in _CHECKABLE:
                continue
            if isinstance(value, str):
                needs.append((_CHECKABLE[key], "is", value))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                needs.append((_CHECKABLE[key], "in", frozenset(value["IN"])))
            elif isinstance(value, dict) and set(value) == {"REGEX"}:
                needs.append((_CHECKABLE[key], "regex", re.compile(value["REGEX"])))
    return needs


def _met(need: Requirement, values: set[str]) -> bool:
    _, kind, value = need
    if kind == "is":
        return value in values
    if kind == "in":
        return not value.isdisjoint(values)
    return any(map(value.search, values))  # the Matcher's REGEX is re.search on the attribute


class _Matchers:
    """spaCy matchers compiled from one lexicon for one pipeline."""

    def __init__(self, nlp: Any, lexicon: dict[str, Any]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens: list[tuple[Any, list[Requirement]]] = []
        """One Matcher per token pattern, with what a doc needs for the pattern to match at all."""
        self.anchored: set[str] = set()
        self.skip_inside: dict[str, set[str]] = {}
        for name, family in all_families(lexicon).items():
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
            for pattern in family.get("patterns", []):
                matcher = Matcher(nlp.vocab)
                matcher.add(name, [pattern])
                self.tokens.append((matcher, _requirements(pattern)))

    def _token_matchers(self, doc: Any, values: dict[str, set[str]]) -> list[Any]:
        """The token-pattern matchers whose required words all occur in the doc.

        `values`: the doc's distinct values per token attribute, as far as the caller has them
        (`_analyse_doc` has lower_, lemma_ and pos_ from its one walk); any other is read here.
        """
        chosen = []
        for matcher, needs in self.tokens:
            for need in needs:
                attr = need[0]
                if attr not in values:
                    values[attr] = {getattr(t, attr) for t in doc}
                if not _met(need, values[attr]):
                    break
            else:
                chosen.append(matcher)
        return chosen

    def __call__(self, doc: Any, values: dict[str, set[str]], first_word: int,
                 ents: tuple[Any, ...]) -> list[tuple[str, int, int, str]]:
        """Cue matches as (family, start_char, end_char, text); `first_word` is the index of the first
        token that is no punctuation or space, `ents` the doc's entities (read once by the caller:
        each read of `doc.ents` builds its spans anew)."""
        from spacy.util import filter_spans

        by_family: dict[str, list[Any]] = {}
        vocab = doc.vocab
        for matcher in (self.lower, self.lemma, *self._token_matchers(doc, values)):
            for match_id, start, end in matcher(doc):
                family = vocab.strings[match_id]
                if family in self.anchored and start > first_word:
                    continue
                if family in self.skip_inside and any(
                    e.label_ in self.skip_inside[family] and e.start <= start and end <= e.end for e in ents
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


_Row = tuple[str, str, str, bool, int, bool, bool, bool, str]
"""A token as the analysis reads it: lower_, lemma_, pos_, is_stop, idx, is_punct, is_space, like_num, text."""


def _delex(rows: list[_Row], ents: tuple[Any, ...]) -> str:
    """Lemmas with names, numbers and entities replaced by placeholders, so n-grams carry style, not topic."""
    out = ["<S>"]
    ent_at = {e.start: e.label_ for e in ents}
    inside = {i for e in ents for i in range(e.start, e.end)}
    for i, (lower, lemma, pos, _, _, is_punct, is_space, like_num, text) in enumerate(rows):
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


def _analyse_doc(doc: Any, matchers: _Matchers) -> TextAnalysis:
    # one walk over the tokens, read by everything below: each step of a walk makes a new Token
    # object, which costs more than reading its attributes
    rows: list[_Row] = [(t.lower_, t.lemma_, t.pos_, bool(t.is_stop), t.idx, bool(t.is_punct), bool(t.is_space),
                         bool(t.like_num), t.text) for t in doc]
    ents = tuple(doc.ents)
    lower = tuple(r[0] for r in rows)
    first_word = next((i for i, r in enumerate(rows) if not (r[5] or r[6])), 0)
    values = {"lower_": set(lower), "lemma_": {r[1] for r in rows}, "pos_": {r[2] for r in rows}}
    return TextAnalysis(
        text=doc.text,
        lower=lower,
        lemma=tuple((lemma or low).lower() for low, lemma, *_ in rows),
        pos=tuple(r[2] for r in rows),
        is_stop=tuple(r[3] for r in rows),
        idx=tuple(r[4] for r in rows),
        sentences=tuple((s.start, s.end) for s in doc.sents) if len(doc) else (),
        ents=tuple((e.label_, e.start_char, e.end_char, e.start, e.end) for e in ents),
        cues=tuple(matchers(doc, values, first_word, ents)),
        delex=_delex(rows, ents),
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
    return [_analyse_doc(doc, matchers) for doc in nlp.pipe(texts, batch_size=batch_size)]


def _parse_chunk(job: tuple[list[str], str, dict[str, Any], str, int]) -> list[TextAnalysis]:
    return _parse(*job)


def analyse_in_processes(X: Any, jobs: int, *, spacy_model: str | None = None,
                         lexicon: dict[str, Any] | None = None, batch_size: int = 64) -> None:
    """Put the analysis of every text of X in this process's cache, the spaCy pass split over `jobs`
    forked processes.

    Training parses some 2,400 texts before it cross-validates, and one process would leave the
    other core idle for that whole pass. Each process parses a contiguous part of the texts in their
    order and sends the analyses back; a Doc does not depend on the other texts of its batch, so the
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
        size = -(-len(todo) // jobs)
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
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
