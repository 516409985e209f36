"""The Dutch spaCy pipeline the features read, with rule components for concrete facts.

The model is loaded once per process and per name, because loading costs a
second and every stage (training, scoring, notebooks) asks for it many times. Only
what the features use is kept: tagger, morphologizer and lemmatizer for lemmas and
parts of speech. The dependency parser (and any statistical NER or senter) is
excluded: nothing reads the parse, and without it the pipeline runs about three
times faster. Sentences come from the rule-based sentencizer instead.

The stand-in `nl_core_news_sm` has no NER, and the official one's NER does not
know Dutch parliamentary references anyway, so a rule component marks what makes
an answer concrete, as `doc.ents`:

- MONEY    € 3 miljard, EUR 21,6 miljoen, 1 miljard euro
- PERCENT  1,95%, 15 procent
- DATE     12 april 2024, april 2024, 2026, 10-10-2010, het derde kwartaal van 2025,
           in het voorjaar van 2016 ("voor de zomer" without a year is not a date: it is
           a postponement cue in the lexicon)
- DOCREF   Kamerstuk 36 800 X, nr. 3; Kamerstukken I, 2024/25, 36 592, nr. 23;
           2025Z14499; Aanhangsel Handelingen …, nr. 2711; "brief van 19 juni"
- QUANTITY a number followed by a noun (44.000 meters, 7 incidenten)
- NUMBER   any other number
- QREF     "vraag 6", "het antwoord op vraag 6 en 7": a pointer to another answer,
           which is a referral, not a concrete fact; features do not count it as concrete.

These are regular expressions over the text, not lexicon entries: they describe the
formats of numbers and references, which do not change with the ministry or topic.
Overlaps are resolved by the order above (a document reference wins over the date
inside it), then by length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from classifier import errors
from classifier.config import get_settings, spacy_install_hint

ENTITY_LABELS: tuple[str, ...] = ("DOCREF", "QREF", "MONEY", "PERCENT", "DATE", "QUANTITY", "NUMBER")
"""Rule entity labels, highest priority first."""

CONCRETE_LABELS: tuple[str, ...] = ("MONEY", "PERCENT", "DATE", "QUANTITY", "NUMBER", "DOCREF")
"""The labels that count as concrete information in an answer (QREF does not)."""

EXCLUDED_COMPONENTS: frozenset[str] = frozenset({"parser", "ner", "senter", "beam_parser", "beam_ner"})
"""Components of a Dutch spaCy model the features never read."""

COMPONENT_NAME = "evasion_entities"

_MONTHS = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan\.|feb\.|mrt\.|apr\.|jun\.|jul\.|aug\.|sept?\.|okt\.|nov\.|dec\.)"
)
_YEAR = r"(?:19|20)\d{2}"
_NUM = r"\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUM_WORDS = (
    r"(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd|duizend|enkele|tientallen|honderden)"
)
_SCALE = r"(?:miljoen|miljard|biljoen|duizend|mln\.?|mld\.?|mrd\.?)"
_CURRENCY = r"(?:euro|eur|us-dollar|dollar|usd|pond|gulden)"

_PATTERNS: dict[str, list[str]] = {
    "DOCREF": [
        # Kamerstuk 36 800 X, nr. 3 / Kamerstukken I, 2024/25, 36 592, nr. 23 / Kamerstukken I 2024-2025, 36741, C
        rf"\bkamerstuk(?:ken)?(?:\s+(?:i|ii|1|2)\b)?,?(?:\s+{_YEAR}\s?[/–-]\s?(?:19|20)?\d{{2}},?)?"
        r"\s+\d{2}\s?\d{3}(?:[-\s](?:[a-z]{1,3}|[ivxl]{1,5})\b)?(?:,?\s+(?:nrs?\.?|nummers?)\s?\d+"
        r"(?:\s*(?:,|en)\s*\d+\b)*|,\s+[a-z]{1,2}\b)?",
        rf"\b(?:aanhangsel\s+(?:van\s+de\s+)?)?handelingen(?:\s+(?:i|ii)\b)?,?(?:\s+vergaderjaar)?\s+{_YEAR}"
        r"\s?[/–-]\s?(?:19|20)?\d{2}(?:,?\s+(?:nr\.?|nummer)\s?\d+)?(?:,?\s+item\s+\d+)?",
        rf"\b{_YEAR}[zd]\d{{5}}\b",
        rf"\b(?:stb|stcrt|staatsblad|staatscourant)\.?\s+{_YEAR}(?:,\s*|\s+)(?:nr\.\s?)?\d+",
        rf"\b(?:kamer)?brief\s+van\s+\d{{1,2}}\s+{_MONTHS}(?:\s+{_YEAR})?",
        rf"\b(?:kamer)?brief\s+(?:d\.d\.|gedateerd)\s+\d{{1,2}}\s+{_MONTHS}(?:\s+{_YEAR})?",
    ],
    "QREF": [
        r"\b(?:(?:het\s+)?antwoord(?:en)?\s+(?:op|bij)\s+(?:de\s+)?)?vra(?:ag|gen)\s+(?:[a-z]{1,6}-)?\d+[a-z]?"
        r"(?:\s*(?:,|en|t/m|tot\s+en\s+met|-|–)\s*(?:[a-z]{1,6}-)?\d+[a-z]?)*",
        rf"\b(?:(?:het\s+)?antwoord(?:en)?\s+(?:op|bij)\s+(?:de\s+)?)?vra(?:ag|gen)\s+{_NUM_WORDS}\b"
        rf"(?:\s*(?:,|en)\s*{_NUM_WORDS}\b)*",
        r"\bantwoord(?:en)?\s+\d+[a-z]?\b",
    ],
    "MONEY": [
        rf"(?:€|\beur\b|\beuro\b|\$)\s?(?:{_NUM})(?:\s?{_SCALE}(?![a-z]))?",
        rf"(?<![\w,.])(?:{_NUM})\s?(?:{_SCALE}\s?)?{_CURRENCY}\b",
        rf"\b{_NUM_WORDS}\s+{_SCALE}\s+{_CURRENCY}\b",
    ],
    "PERCENT": [
        rf"(?<![\w,.])(?:{_NUM})\s?(?:%|procent\b|procentpunt(?:en)?\b)",
        rf"\b{_NUM_WORDS}\s+(?:procent|procentpunt(?:en)?)\b",
    ],
    "DATE": [
        rf"\b\d{{1,2}}(?:e|ste|de)?\s+{_MONTHS}(?:\s+{_YEAR})?",
        rf"\b(?:(?:begin|medio|eind|half|halverwege)\s+)?{_MONTHS}\s+{_YEAR}\b",
        rf"\b\d{{1,2}}[-/]\d{{1,2}}[-/](?:{_YEAR}|\d{{2}})\b",
        rf"\b(?:het\s+)?(?:eerste|tweede|derde|vierde)\s+kwartaal\s+(?:van\s+)?{_YEAR}\b",
        rf"\bq[1-4]\s+{_YEAR}\b",
        rf"\b(?:(?:in|voor|vóór|na|rond|tot)\s+)?(?:(?:het|de)\s+)?(?:voorjaar|najaar|zomer|winter|herfst|zomerreces)"
        rf"\s+(?:van\s+)?{_YEAR}\b",
        rf"\b(?:(?:begin|medio|eind|voorjaar|najaar|zomer|winter)\s+)?{_YEAR}(?:\s?[-–/]\s?(?:{_YEAR}|\d{{2}}))?\b",
    ],
}
_COMPILED: dict[str, list[re.Pattern[str]]] = {
    label: [re.compile(p, re.IGNORECASE) for p in patterns] for label, patterns in _PATTERNS.items()
}
_NEEDS: dict[str, list[tuple[str, ...]]] = {
    # per pattern of _PATTERNS, words one of which (lower case) every match contains; () = a digit.
    # Most texts have no amount, percentage or reference, and a scan of a long answer for each
    # pattern is the entity component's main cost.
    "DOCREF": [("kamerstuk",), ("handelingen",), (), ("stb", "stcrt", "staats"), ("brief",), ("brief",)],
    "QREF": [("vra",), ("vra",), ("antwoord",)],
    "MONEY": [("€", "eur", "$"), ("eur", "dollar", "usd", "pond", "gulden"), ("eur", "dollar", "usd", "pond", "gulden")],
    "PERCENT": [("%", "procent"), ("procent",)],
    "DATE": [(), (), (), (), (), (), ()],
}
_DIGIT = re.compile(r"\d")


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in taken)


def find_entities(doc: Any) -> list[Any]:
    """The rule entity spans of `doc`, without overlaps, sorted by position.

    Regular expressions run over the text in priority order; each hit is aligned to
    whole tokens. Remaining numeric tokens become QUANTITY (number + noun) or NUMBER.
    """
    from spacy.tokens import Span

    text = doc.text
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    covered: set[int] = set()  # the tokens inside `taken`: a lookup per token instead of a scan of every span

    def free(start: int, end: int) -> bool:
        return covered.isdisjoint(range(start, end)) if end > start else not _overlaps(taken, start, end)

    def take(start: int, end: int) -> None:
        taken.append((start, end))
        covered.update(range(start, end))

    lower, digit = text.lower(), bool(_DIGIT.search(text))
    for label in ("DOCREF", "QREF", "MONEY", "PERCENT", "DATE"):
        hits: list[tuple[int, int]] = []
        for pattern, needs in zip(_COMPILED[label], _NEEDS[label], strict=True):
            if not (any(word in lower for word in needs) if needs else digit):
                continue  # no match is possible
            hits.extend((m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())
        # longest first, so "12 april 2024" wins over "2024" within one label
        for start, end in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or not free(span.start, span.end):
                continue
            spans.append(span)
            take(span.start, span.end)
    for token in doc:
        if token.i in covered or not _is_number(token):
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.i not in covered:
            span = Span(doc, token.i, token.i + 2, label="QUANTITY")
        else:
            span = Span(doc, token.i, token.i + 1, label="NUMBER")
        spans.append(span)
        take(span.start, span.end)
    return sorted(spans, key=lambda s: s.start)


def _is_number(token: Any) -> bool:
    """Digits, or a number word other than the article "een"."""
    text = token.text
    if _DIGIT.search(text) or (not text.isascii() and any(ch.isdigit() for ch in text)):  # "m²" too
        return True
    return bool(token.like_num) and token.lower_ not in {"een", "eens"}


def _entity_component(doc: Any) -> Any:
    doc.ents = find_entities(doc)
    return doc


BARE_TOKENIZER = "evasion.bare_tokenizer.v1"


def _bare_tokenizer() -> Callable[[Any], Any]:
    """A tokenizer without rules, for the pipeline to start from before its own is read from disk.

    spaCy builds the language's default tokenizer (9,340 special cases) and then
    replaces all of it with the one saved with the model; starting from an empty one
    halves the time the tokenizer takes to load, and what is read from disk is the same.
    """
    from spacy.tokenizer import Tokenizer

    def create(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return create


def _register() -> None:
    import spacy
    from spacy.language import Language

    if not Language.has_factory(COMPONENT_NAME):
        Language.component(COMPONENT_NAME, assigns=["doc.ents"])(_entity_component)
    if BARE_TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers(BARE_TOKENIZER)(_bare_tokenizer)


def model_name(name: str | None = None) -> str:
    """The spaCy model to use: `name`, else settings (env EVASION_SPACY_MODEL)."""
    return name or get_settings().spacy_model


@lru_cache(maxsize=4)
def _load(name: str) -> Any:
    import spacy

    _register()
    try:
        nlp = spacy.load(name, exclude=sorted(EXCLUDED_COMPONENTS),
                         config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})
        if not nlp.tokenizer.rules:  # the package saved no tokenizer of its own: the language's default, then
            nlp = spacy.load(name, exclude=sorted(EXCLUDED_COMPONENTS))
    except OSError as exc:
        raise errors.SpacyModelMissing(
            f"expected the spaCy model {name!r} to be installed, found none ({exc.__class__.__name__})",
            hint=spacy_install_hint(name),
        ) from None
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe(COMPONENT_NAME, last=True)
    nlp.pipe = _pipe_in_pieces(nlp, nlp.pipe)  # type: ignore[method-assign]
    return nlp


BATCH_CHARS = 50_000
"""The most characters spaCy is given in one batch, and so the longest piece a text is parsed in.

While the tagger's tok2vec layer runs over a batch it holds about 15 kB per token (2.5 kB per
character) of intermediate arrays, for the whole batch at once. A batch is otherwise bounded only by
its number of texts (64), and a long text was parsed whole up to spaCy's `max_length` (1,000,000
characters): a 1 MB answer took 3.8 GB, a 10 MB one was killed for want of memory. Bounded here, the
spaCy pass adds at most about 125 MB whatever the letter. No real answer comes near the bound (the
longest annotated one, from the seed letters, has 3,464 characters), and where 64 short texts add up
to more, their batch is cut into smaller ones, which changes no Doc: a Doc does not depend on the other
texts of its batch (the annotations, examples and seed letters score the same to the last bit)."""


def _pipe_in_pieces(nlp: Any, pipe: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """`nlp.pipe` in batches of at most `BATCH_CHARS` characters, that also takes texts longer than that.

    A longer text is cut into pieces of at most `BATCH_CHARS` characters (and never more than
    `nlp.max_length`, which spaCy refuses outright: error E088), each ending in whitespace (after a
    line break where there is one), run through the pipeline like any other text, and joined into one
    Doc whose text is the original text, with its tags, lemmas, sentences and entities. The pieces'
    tensors are left out of the joined Doc: nothing reads them. Texts and pieces go to spaCy in
    batches of at most `batch_size` texts and `BATCH_CHARS` characters (see there why).
    """

    def pipe_in_pieces(texts: Iterable[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        if kwargs.get("as_tuples") or kwargs.get("n_process", 1) != 1:  # never used with long texts here
            yield from pipe(texts, *args, **kwargs)
            return
        size = kwargs.pop("batch_size", None) or nlp.batch_size
        limit = min(nlp.max_length, BATCH_CHARS)
        counts: list[int] = []

        def batches() -> Iterator[list[Any]]:
            batch: list[Any] = []
            chars = 0
            for text in texts:
                parts = split_long_text(text, limit) if isinstance(text, str) else [text]
                counts.append(len(parts))
                for part in parts:
                    if batch and (len(batch) >= size or chars + len(part) > limit):
                        yield batch
                        batch, chars = [], 0
                    batch.append(part)
                    chars += len(part)
            if batch:
                yield batch

        docs = (doc for batch in batches() for doc in pipe(batch, *args, batch_size=len(batch), **kwargs))
        for i, first in enumerate(docs):  # the pieces of text i are counted before its first Doc
            if counts[i] == 1:
                yield first
            else:
                yield _join([first, *(next(docs) for _ in range(counts[i] - 1))])

    return pipe_in_pieces


def split_long_text(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into it.

    A cut goes before the last line break within the limit, so the break opens the next piece as
    it would open a sentence in the whole text; else after the last space; else (a run of `limit`
    characters without either) at the limit itself.
    """
    if len(text) <= limit:
        return [text]
    limit = max(limit, 1)
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start + 1, end + 1)
        if cut < 0:
            space = text.rfind(" ", start, end)
            cut = space + 1 if space >= 0 else end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def _join(docs: list[Any]) -> Any:
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def get_nlp(name: str | None = None) -> Any:
    """The loaded pipeline for `name` (default: settings.spacy_model), cached per process."""
    return _load(model_name(name))


def model_version(name: str | None = None) -> str:
    """Installed version of the spaCy model package, without loading it (for model cards)."""
    from importlib import metadata

    resolved = model_name(name)
    try:
        return metadata.version(resolved)
    except metadata.PackageNotFoundError:
        try:
            return str(get_nlp(resolved).meta.get("version", "unknown"))
        except errors.SpacyModelMissing:
            return "missing"


def entity_tuples(texts: Iterable[str], name: str | None = None) -> list[list[tuple[str, str, int, int]]]:
    """(label, text, start_char, end_char) of each rule entity, per text: for notebooks and tests."""
    nlp = get_nlp(name)
    return [[(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents] for doc in nlp.pipe(texts)]
