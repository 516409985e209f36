"""The trained model users load, and its file with its card.

A pickle runs code of the file's choosing while it loads, so a model passed around
between users would be a program. skops stores the estimators as data: loading
rebuilds only the types on an allow-list (this package's estimators and
scikit-learn's), and a file naming any other type or function is refused before
anything in it is built. The card records the sha256 of the model file, so a model
file that was altered or swapped after training is refused on load, and the versions
of the libraries it was trained with, so a mismatch is reported instead of silently
giving different numbers."""

from __future__ import annotations

import hashlib
import io
import json
import re
import signal
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from classifier import errors
from classifier.config import LABELS, default_model_locations, default_model_path, get_settings
from classifier.errors import ModelVersionWarning  # noqa: F401 (its loaders warn with it; importers find it here)
from classifier.model.evidence import pair_scores
from classifier.model.features import PairFeatures
from classifier.model.files import (  # noqa: F401 (shared)
    CARD_MD_SUFFIX,
    CARD_SUFFIX,
    ZIP_LEVEL,
    card_paths,
    warn_versions,
)
from classifier.model.levels import decision_weights, levelled
from classifier.types import Pair, PairScore

# ------------------------------------------------------------------ the trained model


class TrainedModel:
    """A fitted, calibrated estimator over label indices, with what scoring needs around it.

    `version` (first 12 hex digits of the model file's sha256) and `card` come from the
    files on load; they are not part of the pickle, because the card holds the pickle's hash.
    """

    def __init__(self, estimator: Any, name: str, evidence_features: PairFeatures,
                 labels: Sequence[str] = LABELS, level_weights: Sequence[float] | None = None) -> None:
        self.estimator = estimator
        self.name = name
        self.evidence_features = evidence_features
        self.labels = tuple(labels)
        self.level_weights = None if level_weights is None else [float(w) for w in level_weights]
        """Per-label factors that bring the probabilities to the rates labels occur (classifier.model.levels)."""
        self.version = "unsaved"
        self.card: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("version", None)
        state.pop("card", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("level_weights", None)  # a model file written before the levels
        self.version = "unsaved"
        self.card = {}

    @property
    def decision_weights(self) -> tuple[float, ...] | None:
        return decision_weights(self.level_weights)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities for every label in LABELS order (also labels the estimator never saw), levelled."""
        return levelled(label_proba(self.estimator, X, len(self.labels)), self.level_weights)

    def score_pairs(self, pairs: Sequence[Pair]) -> list[PairScore]:
        """Label, score (expected label index / 3), probabilities and evidence for each pair, in order."""
        if not pairs:
            return []
        X = [(p.question, p.answer) for p in pairs]
        return pair_scores(pairs, self.predict_proba(X), self.evidence_features.evidence(X), self.labels,
                           self.decision_weights)


def label_proba(estimator: Any, X: Any, n_labels: int = len(LABELS)) -> np.ndarray:
    """predict_proba with one column per label index; a label missing from the training data gets 0."""
    raw = estimator.predict_proba(X)
    proba = np.zeros((raw.shape[0], n_labels))
    for column, cls in enumerate(estimator.classes_):
        proba[:, int(cls)] = raw[:, column]
    return proba


# ------------------------------------------------------------------ files


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pair_fingerprint(question: str, answer: str) -> str:
    """A short hash of a pair's texts (whitespace normalised), kept in the card for every training pair.

    With it, `evaluate` can say how many of the pairs it is given the model was
    trained on. Those pairs measure fit, not generalisation. The card holds only
    hashes, not the texts.
    """
    text = " ".join(question.split()) + "\x1f" + " ".join(answer.split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def library_versions(spacy_model: str) -> dict[str, Any]:
    """Versions that change what a model computes; recorded in the card, compared on load."""
    import sklearn
    import spacy

    from classifier.model.nlp import model_version

    return {
        "spacy": spacy.__version__,
        "scikit-learn": sklearn.__version__,
        "spacy_model": {"name": spacy_model, "version": model_version(spacy_model)},
    }


TRUSTED_TYPES: frozenset[str] = frozenset({
    "classifier.model.features.PairFeatures", "classifier.model.estimators.CueRuleClassifier", "classifier.model.estimators.GatedClassifier",
    "classifier.model.modelfile.TrainedModel", "sklego.meta.ordinal_classification.OrdinalClassifier",
})
"""Types a model file may name besides those skops trusts itself; scikit-learn's own (private) types are trusted too."""
_TRUSTED_MODULE = re.compile(r"^sklearn\.[\w.]+$")


_ARRAY_FILE = re.compile(r'"([^"/]+\.npy)"')  # an array file named in skops' schema


def model_bytes(model: TrainedModel) -> bytes:
    """The model in skops' format, made byte-for-byte reproducible.

    skops names each array file and each object (`__id__`) by its memory address,
    and stamps every zip entry with the time of writing; all differ between equal
    trainings. Array files and ids are renumbered in the order the schema first
    names them, and every entry gets one fixed time, so the same training writes
    the same file.
    """
    import skops.io as sio

    source = zipfile.ZipFile(io.BytesIO(sio.dumps(model)))
    schema = source.read("schema.json").decode("utf-8")
    names = [info.filename for info in source.infolist() if info.filename != "schema.json"]
    first: dict[str, int] = {}  # where the schema first names each array file: one pass, not a search per file
    for m in _ARRAY_FILE.finditer(schema):
        first.setdefault(m.group(1), m.start())
    order = sorted(names, key=lambda name: (first[name] if name in first else schema.find(f'"{name}"'), name))
    renamed = {name: f"{k:06d}{Path(name).suffix}" for k, name in enumerate(order)}
    schema = _ARRAY_FILE.sub(lambda m: f'"{renamed.get(m.group(1), m.group(1))}"', schema)
    ids: dict[str, int] = {}  # "__id__" values are memory addresses too; references keep matching after renumbering
    schema = re.sub(r'"__id__": (\d+)', lambda m: f'"__id__": {ids.setdefault(m.group(1), len(ids))}', schema)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        entries = [("schema.json", schema.encode("utf-8"))] + [(renamed[n], source.read(n)) for n in order]
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, payload, compresslevel=ZIP_LEVEL)
    return out.getvalue()


def _load_trusted(data: bytes, model_path: Path) -> Any:
    """Rebuild the model from skops data, refusing any type or function outside the allow-list first."""
    import skops.io as sio

    try:
        named = sio.get_untrusted_types(data=data)
    except Exception as exc:  # noqa: BLE001 - not a skops file at all: a pickle, a truncated zip
        raise errors.ModelError(f"expected a skops model file, could not read it ({exc.__class__.__name__}: {exc})",
                                path=model_path) from None
    refused = [name for name in named if name not in TRUSTED_TYPES and not _TRUSTED_MODULE.match(name)]
    if refused:
        raise errors.ModelError(f"refused: the model file names types that are not trusted ({', '.join(refused[:5])})",
                                path=model_path, hint="only models of this package's estimators are loaded")
    try:
        return sio.loads(data, trusted=named)
    except Exception as exc:  # noqa: BLE001 - any failure to rebuild means an unusable model file
        raise errors.ModelError(f"expected a skops model file, could not load it ({exc.__class__.__name__}: {exc})",
                                path=model_path) from None


def save_model(model: TrainedModel, path: Path, card: dict[str, Any], card_markdown: str, *,
               arrays: tuple[Path, bytes] | None = None) -> dict[str, Any]:
    """Write the model, its card (JSON and Markdown) and its `arrays`, each atomically; returns the card as
    written.

    The files only make a model together (the card holds the hashes of the others), so every byte is made
    first and the files are written back to back with Ctrl-C held until the last one is in place: an interrupt
    leaves the old model or the new one, never new arrays beside an old card that refuses them."""
    data = model_bytes(model)
    digest = sha256_bytes(data)
    card = {**card, "model_file": path.name, "model_sha256": digest}
    card_json, card_md = card_paths(path)
    files = [*([arrays] if arrays is not None else []), (path, data),
             (card_json, (json.dumps(card, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")),
             (card_md, card_markdown.replace("{model_sha256}", digest).encode("utf-8"))]
    with _interrupts_held():
        _write_together(files)
    model.card = card
    model.version = digest[:12]
    return card


def _write_together(files: list[tuple[Path, bytes]]) -> None:
    """Every file written to its temporary name beside its target before any is moved into place: a full disk
    while writing leaves the old files as they were, where writing them one by one left new arrays and a new model
    beside the old card, which refused them. (What the last flush of each file meets at the move itself is the
    only write left after the first move: less than a buffer each.)"""
    from classifier.io import AtomicStream

    streams: list[AtomicStream] = []
    try:
        for file, content in files:
            streams.append(AtomicStream(file))
            streams[-1].append(content)
    except BaseException:
        for stream in streams:
            stream.discard()
        raise
    for stream in streams:
        stream.commit()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """A Ctrl-C during the block is noted and raised as KeyboardInterrupt when the block ends. A handler, not
    a signal mask: any thread of the process (BLAS, spaCy) may be the one the signal reaches. Outside the main
    thread, where no handler can be set, the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt
    elif caught and previous == signal.SIG_DFL:
        raise KeyboardInterrupt


def load_model(path: str | Path | None = None) -> TrainedModel:
    """Load a trained model after checking it against its card.

    Refuses (errors.ModelError) a missing file or card, and a file whose sha256 is
    not the one on its card: the file was altered or replaced after training, and
    unpickling an unknown file is not safe either. Warns (ModelVersionWarning) when
    spaCy, scikit-learn or the spaCy model differ from the versions it was trained with.
    """
    model_path = Path(path) if path is not None else get_settings().model_path
    hint = "train one with `evasion train`, or point --model / EVASION_MODEL at a trained model"
    if not model_path.is_file():
        if path is None and model_path == default_model_path():
            # naming models/ alone sent the user of a wheel built without a model to a models/ folder in
            # site-packages they never had, and not to the installed copy that was looked for too
            checkout, bundled = default_model_locations()
            raise errors.ModelError(f"expected a trained model file, found none at {checkout} or at {bundled}",
                                    hint=hint)
        raise errors.ModelError("expected a trained model file, found none", path=model_path, hint=hint)
    card_json, _ = card_paths(model_path)
    if not card_json.is_file():
        raise errors.ModelError(f"expected its model card {card_json.name} next to the model, found none",
                                path=model_path, hint=hint)
    try:
        card = json.loads(card_json.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise errors.ModelError(f"expected a JSON model card, found unreadable content ({exc})", path=card_json) from None
    if not isinstance(card, dict):  # the card is at fault, not the model file its hash would be compared with
        found = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}
        raise errors.ModelError(f"expected a JSON object as model card, found {found.get(type(card), 'null')}",
                                path=card_json, hint=hint)
    data = model_path.read_bytes()
    digest = sha256_bytes(data)
    expected = card.get("model_sha256") if isinstance(card, dict) else None
    if digest != expected:
        raise errors.ModelError(
            f"model file sha256 {digest[:12]}… differs from its card's {str(expected)[:12]}…: "
            "the file was changed after training",
            path=model_path,
            hint="retrain with `evasion train` or restore the model file that belongs to this card",
        )
    model = _load_trusted(data, model_path)
    if not isinstance(model, TrainedModel):
        raise errors.ModelError(f"expected a TrainedModel, found {type(model).__name__}", path=model_path)
    _warn_versions(card, model_path)
    model.card = card
    model.version = digest[:12]
    return model


def _warn_versions(card: dict[str, Any], model_path: Path) -> None:
    spacy_model = card.get("versions", {}).get("spacy_model", {}).get("name") or get_settings().spacy_model
    warn_versions(card, model_path, library_versions(spacy_model))
