"""Where a model's files lie beside it, and the warning when it was trained with other versions.

Both loaders use this: the scikit-learn one (classifier.model.modelfile) and the scoring
arrays (classifier.model.compiled), which must not import scikit-learn to find a card.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from classifier.errors import ModelVersionWarning

CARD_SUFFIX = ".card.json"
CARD_MD_SUFFIX = ".card.md"

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
