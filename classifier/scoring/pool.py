"""Score letters in worker processes: `score_files(..., jobs=N)` with N > 1.

Each worker loads the model and the spaCy pipeline once (the pool's initializer) and
then scores whole letters; the parent hands the results back in input order, so what
is written is the same, byte for byte, as scoring in one process. Only a bounded window
of letters is in flight at a time, so memory does not grow with the number of letters.

Workers are started with "forkserver" (POSIX) or "spawn": a clean interpreter that
imports what it needs, never a fork of a parent holding a loaded pipeline and threads.
They load the model from its file, so only a model given as a path (or None, the
default model) is scored in a pool; a test's monkeypatched `load_scorer` is not seen
in a worker.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from classifier.errors import EvasionError

WINDOW_PER_WORKER = 4
"""Letters submitted ahead per worker: enough to keep every worker busy, few enough to keep memory flat."""

_SCORER: Any = None
_INIT_ERROR: EvasionError | None = None


PRELOAD = ("classifier.scoring.letter", "classifier.model.compiled", "classifier.letters.pairs",
           "classifier.letters.referrals")
"""Modules the fork server imports once, so each worker forked from it starts with them imported
(the server is started with the first pool of a process and serves every later one). Not spaCy:
with a worker per core, the workers importing it side by side is quicker than the fork server
importing it before the first worker can start."""


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def _init(model: Any) -> None:
    """Worker initializer: load the model and the spaCy pipeline once."""
    global _SCORER, _INIT_ERROR
    from classifier.model import analysis
    from classifier.scoring.letter import load_scorer

    analysis.set_cache_size(analysis.SCORING_CACHE_SIZE)
    try:
        _SCORER = load_scorer(model)
        features_ = getattr(_SCORER, "evidence_features", None)
        if features_ is not None:
            features_.nlp  # noqa: B018 - loads the spaCy pipeline now, not with the first letter
        elif getattr(_SCORER, "spacy_model", None):  # the scoring arrays name their pipeline
            from classifier.model.nlp import get_nlp

            get_nlp(_SCORER.spacy_model)
    except EvasionError as exc:  # reported by the parent as it would be in one process
        _INIT_ERROR = exc


def _work(path: Path) -> tuple[str, Any, list[tuple[str, type[Warning]]]]:
    """(kind, LetterScore or error, the warnings scoring the letter raised).

    A worker's warnings are handed back, not shown: the parent raises them again as the letter's result
    arrives, so they reach the user as one process shows them (the CLI's one `warning:` line, not a
    worker's default two-line form) and in input order."""
    from classifier.scoring.letter import score_source

    if _INIT_ERROR is not None:
        return "fatal", _INIT_ERROR, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # the parent's filters decide what is shown
        try:
            result: tuple[str, Any] = ("ok", score_source(path, _SCORER))
        except EvasionError as exc:
            result = ("error", exc)
    return *result, [(str(w.message), w.category) for w in caught]


def score_in_pool(paths: Sequence[Path], model: Any, jobs: int) -> Iterator[tuple[Path, Any]]:
    """Yield (path, LetterScore or EvasionError) for each path, in input order, scored by `jobs` workers.

    An EvasionError raised while a worker loads the model (a missing model file) is raised
    here, as `load_scorer` would raise it in one process; any other exception in a worker
    is a bug and is raised here too.
    """
    context = _context()
    workers = max(1, min(jobs, len(paths)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(model,)) as pool:
        pending: deque[tuple[Path, Future]] = deque()
        todo = iter(paths)
        try:
            for path in todo:
                pending.append((path, pool.submit(_work, path)))
                if len(pending) >= workers * WINDOW_PER_WORKER:
                    break
            while pending:
                path, future = pending.popleft()
                kind, value, raised = future.result()
                if kind == "fatal":
                    raise value
                for message, category in raised:
                    warnings.warn(message, category, stacklevel=2)
                following = next(todo, None)
                if following is not None:
                    pending.append((following, pool.submit(_work, following)))
                yield path, value
        finally:
            for _, future in pending:
                future.cancel()
