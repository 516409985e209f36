"""Score one letter: read → split → model → referrals → summary.

The unit of work of both the batch (classifier.scoring.score) and its worker
processes (classifier.scoring.pool): each loads the model once (`load_scorer`) and
hands it every letter it scores."""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from classifier.config import LABELS
from classifier.errors import InputNotFound, ModelError, NoPairs
from classifier.types import Letter, LetterScore, LetterSummary, PairScore, PairScorer

EVASIVE_LABELS: frozenset[str] = frozenset({"deflecting", "confidential"})

_LETTER_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")


ModelArg = PairScorer | Path | str | None


def load_scorer(model: ModelArg = None) -> PairScorer:
    """Load the model once, so a batch does not pay for it per letter."""
    if model is None or isinstance(model, (str, Path)):
        from classifier.model.compiled import load_scorer as load

        return load(Path(model) if model is not None else None)
    if not callable(getattr(model, "score_pairs", None)):
        raise TypeError(f"expected a model file's path, a loaded model (with score_pairs) or None, "
                        f"got {type(model).__name__}")
    return model


def summarize(scores: Sequence[PairScore]) -> LetterSummary:
    """Summarise the pairs of one letter; every label is listed, also when its count is 0."""
    per_label = {label: 0 for label in LABELS}
    for pair in scores:
        per_label[pair.label] += 1
    n = len(scores)
    return LetterSummary(
        pairs=n,
        per_label=per_label,
        mean_score=sum(pair.score for pair in scores) / n if n else None,
        share_evasive=sum(per_label[label] for label in EVASIVE_LABELS) / n if n else None,
    )


def score_letter(path_or_text: str | Path, *, model: ModelArg = None) -> LetterScore:
    """Score every question–answer pair of one letter.

    A `Path`, or a string naming an existing file or folder, is read from disk; any other
    string is taken to be the letter's text. A one-line string that ends in .txt, .pdf,
    .docx, .html or .htm is treated as a path even when it does not exist, so a typo in a
    file name gives "not found" instead of "no questions in this text".
    """
    scorer = load_scorer(model)
    return score_source(path_or_text, scorer)


def _read(source: str | Path) -> Letter:
    """The letter at a path (with the API's metadata when `evasion fetch` left a sidecar), or split text."""
    from classifier.letters.pairs import read_letter, split_letter

    if isinstance(source, str) and not _looks_like_path(source):
        return split_letter(source)
    from classifier.fetch.sidecar import apply_sidecar, read_sidecar

    path = Path(source)
    # `score` reads a folder's letters (letter_inputs), so "is a directory" told its user folders were refused
    if path.is_dir() and not any(p.suffix.lower() in _LETTER_SUFFIXES for p in path.iterdir()):
        *first, last = _LETTER_SUFFIXES
        raise InputNotFound(f"is a folder without letters; expected {', '.join(first)} or {last} files in it, "
                            "found none", path=path)
    return apply_sidecar(read_letter(path), read_sidecar(path))


def _looks_like_path(text: str) -> bool:
    if "\n" in text or len(text) > 1024:
        return False
    try:
        if Path(text).exists():  # a folder too: "is a directory" says more than "no questions"
            return True
    except (OSError, ValueError):  # a name too long or with a NUL byte is text, not a path
        return False
    return text.strip().lower().endswith(_LETTER_SUFFIXES)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while one letter is read and scored.

    Parsing allocates millions of short-lived objects, and each of them counts
    towards the collector's next run, which then walks every long-lived object of
    the loaded spaCy pipeline and model. Measured on a letter of 670 pairs this made
    scoring grow faster than the letter (15× the time for 10× the pairs; 9.5× with
    the collector paused). Reference counting still frees everything at once; the
    few cycles left are collected when the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def warn_cut_texts(letter: Letter) -> None:
    """Warn, naming each pair, about a question or answer longer than the model reads.

    The model reads the first `MAX_TEXT_CHARS` characters of a text (classifier.model.analysis says why);
    a longer one is nearly always a letter whose structure was lost (a PDF whose last answer swallowed an
    appendix), and the user should know that its score rests on its beginning only."""
    from classifier.model.analysis import MAX_TEXT_CHARS

    for pair in letter.pairs:
        for part, text in (("question", pair.question), ("answer", pair.answer)):
            if len(text) > MAX_TEXT_CHARS:
                warnings.warn(f"{letter.meta.source}: the {part} of pair {pair.question_id} has {len(text):,} "
                              f"characters; the model read only its first {MAX_TEXT_CHARS:,}", stacklevel=3)


def score_source(source: str | Path, scorer: PairScorer) -> LetterScore:
    from classifier.letters.referrals import score_as_read

    with _without_cyclic_gc():
        letter = _read(source)
        if not letter.pairs:
            raise NoPairs("expected at least one question–answer pair, found none", path=letter.meta.source)
        warn_cut_texts(letter)
        scores = score_as_read(scorer, letter.pairs)
    if len(scores) != len(letter.pairs):
        raise ModelError(
            f"expected the model to score {len(letter.pairs)} pairs, it returned {len(scores)}",
            path=letter.meta.source,
        )
    # a pair cut off by the end of an excerpt is shown, flagged, but not counted: its
    # answer is missing for a reason that says nothing about the minister
    scores = [score.model_copy(update={"complete": pair.complete}) for score, pair in zip(scores, letter.pairs, strict=True)]
    return LetterScore(
        letter=letter.meta,
        summary=summarize([score for score in scores if score.complete]),
        pairs=scores,
        model_version=scorer.version,
    )
