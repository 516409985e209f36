"""Score a letter: read → split → model → referrals → summary.

This is the stage a user runs (`evasion score`). It owns nothing clever itself: it
strings the other stages together, adds what a `LetterScore` needs beyond the pair
scores (the summary and the model version) and, for batches, keeps going past a bad
file so that one broken PDF does not cost the user the other ninety-nine letters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from classifier.errors import EvasionError, UsageError
from classifier.scoring.letter import ModelArg, load_scorer, score_source
from classifier.types import LetterScore


class LetterSink(Protocol):
    """Where each letter is kept as soon as it is scored (classifier.outputs.store.Store is one)."""

    def save(self, letter_score: LetterScore) -> int:
        """Keep the letter; return how many earlier letters of the same file (other content) it replaced."""
        ...

ProgressCallback = Callable[[int, int, Path, EvasionError | None], None]
"""Called after each file of a batch: (files done, files in total, that file, its error or None)."""


ScoredCallback = Callable[[LetterScore], None]
"""Called with each scored letter, in input order, as soon as it is scored (streaming)."""


@dataclass
class BatchResult:
    """What a batch produced: the letters that scored, and the files that did not.

    With `on_scored`, the letters went to that callback and `scored` stays empty;
    `letters` and `pairs` count them either way.
    """

    scored: list[LetterScore] = field(default_factory=list)
    failures: list[tuple[Path, EvasionError]] = field(default_factory=list)
    letters: int = 0
    pairs: int = 0
    replaced: int = 0
    """Letters already in the store from the same file with other content, replaced by this batch."""
    stored_letters: int = 0
    stored_pairs: int = 0
    """The distinct letters (by content) saved in the store and their pairs: a copy of a letter saved
    earlier in the batch is one letter of the store, not two."""
    copies: list[tuple[Path, str]] = field(default_factory=list)
    """(file, the earlier file of the batch it is a byte-for-byte copy of), for each copy saved once."""

    @property
    def ok(self) -> bool:
        return not self.failures


class LetterInputs(NamedTuple):
    letters: list[Path]
    """Each letter file to read, once, in the order first given."""
    sidecars: list[Path]
    """The sidecars the letters come with (with `outputs`, those an output is): inputs too, which no output
    may replace."""
    repeated: list[tuple[Path, int]]
    """(a file, how many times it was given) for each file given more than once (`a.txt a.txt`,
    `answers/ answers/x.txt`, a link and its target), so the caller can say it is read once."""


def letter_inputs(paths: Iterable[str | Path], suffixes: Sequence[str],
                  outputs: Iterable[str | Path | None] | None = None) -> LetterInputs:
    """The letters to read, the sidecars they come with, and the files given more than once.

    A folder stands for the letters in it (the files with `suffixes`, by name; not its
    subfolders): `evasion fetch --out answers/` leaves one, and `evasion score answers/` is
    what a user tries first. A `.json` given beside the letter it is the sidecar of
    (`answers/*`) is that letter's metadata, not a letter, and a page evasion wrote there is no letter
    either. The sidecars come back so the caller can refuse to write over them: scoring reads them
    as inputs. A file named twice is one letter, read once: scored twice it was two letters in the
    counts and the output, and one in the store.

    Telling a sidecar from another JSON of its name means reading it, and scoring the letter reads
    it again; with `outputs`, the files the caller will write, only a JSON that one of them is gets
    read here, so a batch reads each sidecar once, where its letter is scored.
    """
    from classifier.fetch.sidecar import is_sidecar, sidecar_path

    given: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            given.append(path)
            continue
        inside = sorted(p for p in path.iterdir()
                        if p.suffix.lower() in suffixes and p.is_file() and not _made_by_evasion(p))
        given.extend(inside or [path])  # a folder without letters fails as the folder it is, when it is read
    given, repeated = _distinct_files(given)
    sidecars = {sidecar_path(p) for p in given if p.suffix.lower() != ".json"}
    letters = [p for p in given if p.suffix.lower() != ".json" or p not in sidecars]
    if outputs is not None:
        written = [out for out in outputs if out is not None and os.path.exists(out)]
        sidecars = {p for p in sidecars if any(same_file(p, out) for out in written)}
    return LetterInputs(letters, sorted(p for p in sidecars if is_sidecar(p)), repeated)


def same_file(path: str | Path, other: str | Path) -> bool:
    """As classifier.io.refuse_inputs_as_output compares an output with an input: through links; False when
    either is not there."""
    try:
        return os.path.samefile(path, other)
    except FileNotFoundError:
        return False


def _distinct_files(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, int]]]:
    """Each file once, as first given, and (file, times given) for those given more than once. One file
    is one file however it is named: relative or absolute, through a link, or a hard link."""
    first: dict[object, Path] = {}
    times: dict[object, int] = {}
    for path in paths:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except (OSError, ValueError):  # missing or unreadable: it fails, once, when it is read
            key = os.path.abspath(path)
        first.setdefault(key, path)
        times[key] = times.get(key, 0) + 1
    return list(first.values()), [(first[key], n) for key, n in times.items() if n > 1]


GENERATOR_MARK = b'<meta name="generator" content="evasion'
"""What the pages `score` and `report` write carry in their head, so a folder's letters are told from them."""


def _made_by_evasion(path: Path) -> bool:
    """A page `evasion score` or `report` wrote into the folder (`--out answers/report.html`): no letter."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as handle:
            return GENERATOR_MARK in handle.read(4096)
    except OSError:
        return False


def default_jobs() -> int:
    """Worker processes of a batch when none is asked for: one per CPU."""
    return os.cpu_count() or 1


def score_files(
    paths: Iterable[str | Path],
    *,
    model: ModelArg = None,
    on_progress: ProgressCallback | None = None,
    store: LetterSink | None = None,
    jobs: int | None = None,
    on_scored: ScoredCallback | None = None,
) -> BatchResult:
    """Score many files with one model; a file that fails is recorded and skipped.

    Only the project's own errors (bad input) are caught: anything else is a bug
    and stops the batch. With `store`, each letter is saved as soon as it is
    scored, so an interrupted batch keeps the letters already done.

    `jobs` (default: one per CPU) > 1 scores the letters in that many worker
    processes (classifier.scoring.pool), each loading the model and spaCy once; results,
    progress, store rows and `on_scored` calls still come in input order, the same
    as with `jobs=1`. A single file, or a model given as a loaded object rather than
    a path, is scored in this process. With `on_scored`, each letter is handed over
    as it arrives and not kept, so memory stays flat however many letters there are.
    """
    todo = [Path(p) for p in paths]
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError(f"expected at least 1 job, got {jobs}", hint="give --jobs 1 or more")
    result = BatchResult()
    stored: dict[str, Path] = {}  # content hash → the first file of the batch saved with it
    for done, (path, outcome) in enumerate(_outcomes(todo, model, jobs), start=1):
        error: EvasionError | None = None
        if isinstance(outcome, EvasionError):
            error = outcome
            result.failures.append((path, outcome))
        else:
            if store is not None:
                result.replaced += store.save(outcome)
                _count_stored(result, outcome, path, stored)
            result.letters += 1
            result.pairs += outcome.summary.pairs
            if on_scored is not None:
                on_scored(outcome)
            else:
                result.scored.append(outcome)
        if on_progress is not None:
            on_progress(done, len(todo), path, error)
    return result


def _count_stored(result: BatchResult, letter_score: LetterScore, path: Path, stored: dict[str, Path]) -> None:
    """Count a letter saved in the store, once per content: a copy of a file saved earlier in the batch
    shares its row (the store keeps one letter per content), and is named among the copies."""
    content = letter_score.letter.content_hash
    if content in stored:
        result.copies.append((path, str(stored[content])))
        return
    stored[content] = path
    result.stored_letters += 1
    result.stored_pairs += letter_score.summary.pairs


def _outcomes(todo: list[Path], model: ModelArg, jobs: int) -> Iterator[tuple[Path, LetterScore | EvasionError]]:
    """(path, its LetterScore or its EvasionError) for each path, in input order."""
    if jobs > 1 and len(todo) > 1 and (model is None or isinstance(model, (str, Path))):
        from classifier.scoring.pool import score_in_pool

        yield from score_in_pool(todo, Path(model) if model is not None else None, jobs)
        return
    from classifier.model import analysis

    scorer = load_scorer(model)
    bound = analysis.set_cache_size(analysis.SCORING_CACHE_SIZE) if len(todo) > 1 else None
    try:
        for path in todo:
            try:
                yield path, score_source(path, scorer)
            except EvasionError as exc:
                yield path, exc
    finally:
        if bound is not None:
            analysis.set_cache_size(bound)
