"""Where a model's files lie beside it, and the warning when it was trained with other versions.

Both loaders use this: the scikit-learn one (classifier.model.modelfile) and the scoring
arrays (classifier.model.compiled), which must not import scikit-learn to find a card.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

# the files beside a model are named in config, where setup.py reads them too; modelfile and compiled import them here
from classifier.config import ARRAYS_SUFFIX, CARD_MD_SUFFIX, CARD_SUFFIX
from classifier.errors import ModelVersionWarning, OutputError
from classifier.io import OUTPUT_SUFFIXES, file_starts_with, not_a_file

ZIP_LEVEL = 6
"""zlib's own default for the model file and the scoring arrays, both zips of arrays: level 9 made
them 5 % smaller and took four seconds of every `evasion train` to write."""


def sibling(model_path: Path, suffix: str) -> Path:
    """models/evasion.skops + ".card.json" → models/evasion.card.json."""
    return model_path.with_name(model_path.name.removesuffix(model_path.suffix) + suffix)


def card_paths(model_path: Path) -> tuple[Path, Path]:
    """models/evasion.skops → models/evasion.card.json, models/evasion.card.md."""
    return sibling(model_path, CARD_SUFFIX), sibling(model_path, CARD_MD_SUFFIX)


def warn_versions(card: dict[str, Any], model_path: Path, now: dict[str, Any]) -> None:
    """Warn when the card's versions differ from `now` (for the libraries `now` names, and the spaCy model)."""
    trained = card.get("versions", {})
    different = []
    for key in ("spacy", "scikit-learn"):
        if key in now and trained.get(key) != now[key]:
            different.append(f"{key} {trained.get(key)} (now {now[key]})")
    name = now["spacy_model"]["name"]
    if trained.get("spacy_model", {}).get("version") != now["spacy_model"]["version"]:
        different.append(f"{name} {trained.get('spacy_model', {}).get('version')} (now {now['spacy_model']['version']})")
    if different:
        warnings.warn(f"{model_path}: model trained with " + ", ".join(different) + "; scores may differ, retrain "
                      "to be sure", ModelVersionWarning, stacklevel=4)


_ZIP_MAGIC = b"PK\x03\x04"  # a .skops model and the .npz arrays are zip files
# the commands' outputs (a card is .json), the annotations (.jsonl), the letters, the card's .md, the arrays, a store
_NOT_MODEL_SUFFIXES = frozenset(OUTPUT_SUFFIXES) | {".md", ".npz", ".pdf", ".docx", ".db"}
_NOT_A_FILE = {"folder": "is a folder; give the model's file name (models/NAME.skops)",
               "descriptor": "is a device or descriptor; a model is a file, with its card and arrays beside it",
               "device": "is a device or pipe; a model is a file, with its card and arrays beside it"}
"""Why a model cannot be written at a path, for each answer of classifier.io.not_a_file."""


def refuse_model_target(model_path: Path) -> None:
    """Refuse, before any training, a model path whose writing would harm what is there: training writes the
    model and, beside it, its card (.card.json, .card.md) and arrays (.arrays.npz). A device or pipe cannot
    hold them (`--out /dev/null` made /dev/null.card.json); a folder is no file; a name with a letter's,
    an annotation file's or a card's extension (`--out m.card.json`, `--out annotations/new.jsonl`) is a slip
    that would replace that file or put a binary model where annotations are read; an existing file that is
    no zip (a model is one) is someone's data."""
    kind = not_a_file(model_path)
    if kind is not None:
        raise OutputError(_NOT_A_FILE[kind], path=model_path)
    if model_path.suffix.lower() in _NOT_MODEL_SUFFIXES:
        raise OutputError(f"is named like a {model_path.suffix} file, not a model; name it NAME.skops",
                          path=model_path)
    if model_path.is_file() and model_path.stat().st_size and not file_starts_with(model_path, _ZIP_MAGIC):
        raise OutputError("exists and is not a model file; choose another path", path=model_path)
    _refuse_beside(model_path)


def _refuse_beside(model_path: Path) -> None:
    """Refuse a model path whose card or arrays could not be written where they go: checked after a minute of
    training, a folder named `m.card.json` left `m.skops` and its arrays without a card, a model nothing loads."""
    for suffix in (CARD_SUFFIX, CARD_MD_SUFFIX, ARRAYS_SUFFIX):
        beside = sibling(model_path, suffix)
        kind = not_a_file(beside)  # not under /dev: the model path would have been refused
        if kind is not None:
            raise OutputError(f"is a {'folder' if kind == 'folder' else 'device or pipe'}, where the model "
                              f"{model_path.name} would write its {'arrays' if suffix == ARRAYS_SUFFIX else 'card'}; "
                              "choose another model name", path=beside)
