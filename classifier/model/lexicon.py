"""The Dutch cue lexicon (classifier/data/cues.json): cue families of questions and
answers, the kinds of thing a question asks for, and word lists. It is data, not
code, so a linguist can extend it without touching Python; a fitted transformer keeps
the lexicon it was fitted with, so editing the file never silently changes what a
saved model computes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from classifier import errors
from classifier.config import DATA_DIR
from classifier.model.memo import per_object

LEXICON_PATH = DATA_DIR / "cues.json"


# ------------------------------------------------------------------ lexicon


def load_lexicon(path: str | Path | None = None) -> dict[str, Any]:
    """The cue lexicon at `path` (default: the package's cues.json), checked for shape."""
    source = Path(path) if path is not None else LEXICON_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise errors.InputNotFound("expected a cue lexicon (JSON), found no file", path=source) from None
    except json.JSONDecodeError as exc:
        raise errors.EvasionError(f"expected a JSON cue lexicon, found invalid JSON ({exc.msg}, line {exc.lineno})",
                                  path=source) from None
    for section in ("answer_families", "question_families", "words"):
        if not isinstance(data.get(section), dict):
            raise errors.EvasionError(f"expected an object {section!r} in the cue lexicon, found none", path=source)
    for name, family in all_families(data).items():
        if not isinstance(family, dict) or not isinstance(family.get("phrases", []), list):
            raise errors.EvasionError(f"cue family {name!r}: expected an object with a 'phrases' list", path=source)
    return data


def all_families(lexicon: dict[str, Any]) -> dict[str, Any]:
    """Every cue family the matcher looks for: question, answer and (newer lexicons) supply families."""
    return {**lexicon["question_families"], **lexicon["answer_families"], **lexicon.get("supply_families", {})}


_DIGESTS: dict[int, tuple[dict[str, Any], str]] = {}


def lexicon_hash(lexicon: dict[str, Any]) -> str:
    """The sha256 of the lexicon's canonical JSON, computed once per lexicon object.

    A loaded lexicon is never changed afterwards (a fitted transformer keeps its own
    copy), and training asks for the digest of the same object thousands of times.
    """
    return per_object(_DIGESTS, lexicon, lambda: hashlib.sha256(
        json.dumps(lexicon, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest())


_STOPLEMMAS: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}


def stoplemma_set(lexicon: dict[str, Any]) -> frozenset[str]:
    """The relevance stop lemmas, kept per lexicon object as its hash is: features ask for them once per text."""
    return per_object(_STOPLEMMAS, lexicon,
                      lambda: frozenset(w.lower() for w in lexicon["words"].get("relevance_stoplemmas", [])))


def kind_families(lexicon: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    kinds = {k: v for k, v in lexicon.get("kinds", {}).items() if not k.startswith("_")}
    order = [k for k in lexicon.get("kind_order", list(kinds)) if k in kinds]
    return order, kinds
