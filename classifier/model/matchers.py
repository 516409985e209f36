"""The cue lexicon's spaCy matchers, and the pre-checks that skip their work where a doc cannot match.

A token pattern such as "wordt … {0,8} … geïnformeerd" is tried by spaCy's Matcher from every
common word it starts with; the pre-checks look the pattern's required words up in the doc's
distinct words first, and search only around its rarest word. They change what is searched,
never what is found (tests/test_matchers.py compares with one plain Matcher)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from classifier.model.lexicon import all_families

_CHECKABLE = {"LOWER": "lower_", "LEMMA": "lemma_", "POS": "pos_", "ORTH": "orth_", "TEXT": "text"}
"""Token attributes a pattern's required token can be looked for by, as the Matcher reads them."""

_OPTIONAL_OPS = frozenset({"?", "*", "!"})

Requirement = tuple[str, str, Any]
"""(token attribute, kind, what to look for): "is" one value, "in" a set of values, "regex" a compiled pattern,
"pair" two sets of lower-case words of which one word each must stand side by side (attribute "lower_pairs")."""


def _requirements(pattern: list[dict[str, Any]]) -> list[Requirement]:
    """What a match needs some token of the doc to have, for each token a match cannot do without.

    A token pattern such as "wordt … {0,4} … onderzocht" starts from words as common as
    "wordt": the Matcher extends a partial match from every one of them. The required
    tokens' words ("onderzocht") are rare, so looking them up in the doc's set of words
    first skips the pattern in most texts without changing what it finds.
    """
    needs: list[Requirement] = []
    pairs: list[Requirement] = []
    for spec, following in zip(pattern, [*pattern[1:], None], strict=True):
        op = spec.get("OP")
        if op is not None and (op in _OPTIONAL_OPS or op.startswith(("{0", "{,"))):
            continue
        # two words the pattern needs side by side ("is aan"): each is common, the pair is not
        words, next_words = _lower_words(spec), _lower_words(following) if following is not None else None
        if words and next_words and following is not None and following.get("OP") is None:
            pairs.append(("lower_pairs", "pair", (words, next_words)))
        for key, value in spec.items():
            if key not in _CHECKABLE:
                continue
            if isinstance(value, str):
                needs.append((_CHECKABLE[key], "is", value))
            elif isinstance(value, dict) and set(value) == {"IN"}:
                needs.append((_CHECKABLE[key], "in", frozenset(value["IN"])))
            elif isinstance(value, dict) and set(value) == {"REGEX"}:
                needs.append((_CHECKABLE[key], "regex", re.compile(value["REGEX"])))
    return needs + pairs  # a pair is checked last: its set of neighbours is built only when needed


def _lower_words(spec: dict[str, Any]) -> frozenset[str] | None:
    """The lower-case words a token spec allows, when it allows only those (and says nothing else)."""
    if set(spec) != {"LOWER"}:
        return None
    value = spec["LOWER"]
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def _met(need: Requirement, values: set[Any]) -> bool:
    _, kind, value = need
    if kind == "is":
        return value in values
    if kind == "in":
        return not value.isdisjoint(values)
    if kind == "pair":
        first, second = value
        return any((a, b) in values for a in first for b in second)
    return any(map(value.search, values))  # the Matcher's REGEX is re.search on the attribute


_OP_RANGE = re.compile(r"\{(\d*)(,?)(\d*)\}")
_SEQUENCES = {"lower_": "lower_seq", "lemma_": "lemma_seq"}
"""Where `values` keeps an attribute's values in token order, when the caller has them."""
_RAREST_FIRST = {"regex": 0, "is": 1, "in": 2}
"""Which kind of required word to search around: a REGEX word is the rare one of a pattern, a set the commonest."""


def _reach(pattern: list[dict[str, Any]]) -> int | None:
    """How far a match can reach from any one of its tokens: its longest length less one (None: unbounded)."""
    longest = 0
    for spec in pattern:
        op = spec.get("OP")
        if op is None or op in ("?", "!"):
            longest += 1
            continue
        bounds = _OP_RANGE.fullmatch(op)
        if bounds is None or (bounds[2] and not bounds[3]):  # "*", "+", "{2,}"
            return None
        longest += int(bounds[3] or bounds[1])
    return longest - 1


def _windows(needs: list[Requirement], reach: int | None, values: dict[str, Any],
             length: int) -> list[tuple[int, int]] | None:
    """Token ranges around the occurrences of a pattern's rarest required word (a REGEX word if it has one,
    else one word), merged where they touch; None when the whole doc is as cheap to search."""
    ordered = [n for n in needs if n[0] in values and _SEQUENCES.get(n[0]) in values]  # "is", "in" or "regex"
    if reach is None or not ordered:
        return None
    attr, kind, value = min(ordered, key=lambda n: _RAREST_FIRST[n[1]])
    sequence = values[_SEQUENCES[attr]]
    if kind == "regex":
        value, kind = {w for w in values[attr] if value.search(w)}, "in"
    hits = [i for i, w in enumerate(sequence) if (w == value if kind == "is" else w in value)]
    windows: list[tuple[int, int]] = []
    for i in hits:
        start, end = max(0, i - reach), min(length, i + reach + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    if sum(end - start for start, end in windows) * 2 > length:
        return None
    return windows


def _values(doc: Any, attr: str, values: dict[str, Any]) -> set[Any]:
    """The doc's distinct values of a token attribute; for "lower_pairs", its pairs of neighbouring
    lower-case words (from the caller's "lower_seq" when it has the sequence)."""
    if attr == "lower_pairs":
        lower = values.get("lower_seq") or [t.lower_ for t in doc]
        return set(pairwise(lower))
    return {getattr(t, attr) for t in doc}


class CueMatchers:
    """spaCy matchers compiled from one lexicon for one pipeline."""

    def __init__(self, nlp: Any, lexicon: dict[str, Any]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens: list[tuple[Any, list[Requirement], int | None]] = []
        """One Matcher per token pattern, with what a doc needs for the pattern to match at all and how
        many tokens a match reaches before or after any one of its tokens (None: no bound)."""
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
                self.tokens.append((matcher, _requirements(pattern), _reach(pattern)))

    def _token_matchers(self, doc: Any, values: dict[str, Any]) -> list[tuple[Any, list[Requirement], int | None]]:
        """The token-pattern matchers whose required words all occur in the doc.

        `values`: the doc's distinct values per token attribute, as far as the caller has them
        (`_analyse_doc` has lower_, lemma_ and pos_ from its one walk); any other is read here.
        """
        chosen = []
        for matcher, needs, reach in self.tokens:
            for need in needs:
                attr = need[0]
                if attr not in values:
                    values[attr] = _values(doc, attr, values)
                if not _met(need, values[attr]):
                    break
            else:
                chosen.append((matcher, needs, reach))
        return chosen

    def token_matches(self, doc: Any, values: dict[str, Any]) -> list[tuple[int, int, int]]:
        """(match_id, start, end) of every token pattern, as each Matcher finds them over the whole doc.

        A pattern such as "wordt … {0,8} … geïnformeerd" is tried by the Matcher from every
        "wordt" of a long document; a match holds the pattern's rare word, so only the tokens
        around that word's occurrences are searched (a third of the time after parsing went here).
        """
        found: list[tuple[int, int, int]] = []
        for matcher, needs, reach in self._token_matchers(doc, values):
            windows = _windows(needs, reach, values, len(doc))
            if windows is None:
                found.extend(matcher(doc))
                continue
            for start, end in windows:
                found.extend((key, start + s, start + e) for key, s, e in matcher(doc[start:end]))
        return found

    def __call__(self, doc: Any, values: dict[str, Any], first_word: int,
                 ents: tuple[Any, ...]) -> list[tuple[str, int, int, str]]:
        """Cue matches as (family, start_char, end_char, text); `first_word` is the index of the first
        token that is no punctuation or space, `ents` the doc's entities (read once by the caller:
        each read of `doc.ents` builds its spans anew)."""
        by_family: dict[str, list[tuple[int, int]]] = {}
        vocab = doc.vocab
        ent_starts = [e.start for e in ents]
        for match_id, start, end in [*self.lower(doc), *self.lemma(doc), *self.token_matches(doc, values)]:
            family = vocab.strings[match_id]
            if family in self.anchored and start > first_word:
                continue
            if family in self.skip_inside and _inside(ents, ent_starts, start, end, self.skip_inside[family]):
                continue  # "in het voorjaar" inside the date "in het voorjaar van 2016"
            by_family.setdefault(family, []).append((start, end))
        found: list[tuple[str, int, int, str]] = []
        for family in sorted(by_family):
            # the longest of overlapping matches within a family: "is niet bekend" over "niet bekend"
            for start, end in longest_first(by_family[family]):
                span = doc[start:end]
                found.append((family, span.start_char, span.end_char, span.text))
        return sorted(found, key=lambda c: (c[1], c[2], c[0]))


def _inside(ents: tuple[Any, ...], starts: list[int], start: int, end: int, labels: set[str]) -> bool:
    """Whether tokens [start, end) lie inside an entity with one of `labels`. A doc's entities are in text
    order and do not overlap, so only the last one to start at or before `start` can hold the match: a
    bisection, where a scan of every entity per match took seconds in a long answer full of dates."""
    k = bisect_right(starts, start) - 1
    return k >= 0 and end <= ents[k].end and ents[k].label_ in labels


def longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's `filter_spans` on (start, end) token ranges: longer ranges first, then earlier ones, each kept
    unless its first or last token is taken; in text order. Spans made for every match were a third of
    the matching time."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for start, end in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if start not in taken and end - 1 not in taken:
            kept.append((start, end))
            taken.update(range(start, end))
    return sorted(kept, key=lambda s: s[0])


def token_values(lower: tuple[str, ...], lemma: tuple[str, ...], pos: Iterable[str]) -> dict[str, Any]:
    """What the cue matchers look words up in: each attribute's distinct values, and the lower-case words
    and lemmas in token order (for the windows around a pattern's rare word)."""
    return {"lower_": set(lower), "lemma_": set(lemma), "pos_": set(pos), "lower_seq": lower, "lemma_seq": lemma}
