"""The trained gated model as plain arrays, scored with numpy: no scikit-learn at scoring time.

Importing scikit-learn (and skops, which reads the model file) takes longer than
parsing a letter, and a user scoring one letter pays it every time. The default
model is simple enough to write down: the rule gate is a weighted sum of cue and
concreteness columns cut at fitted thresholds, the grader either a standard scaler
and a logistic regression or a random forest's trees on the dense feature blocks,
the calibration one temperature.
`evasion train` writes those arrays next to the model file (`<model>.arrays.npz`,
its sha256 on the card) after checking that they give the scikit-learn model's
probabilities to 1e-9 on every training pair; `load_scorer` uses them when they
are there and fall back to the scikit-learn model file when they are not (another
candidate chosen, or a model trained before this file existed).

The arrays file is a zip of .npy files read with `allow_pickle=False`: like the skops
model file, it can hold numbers and strings but no code.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from classifier import errors
from classifier.config import get_settings
from classifier.model.analysis import analyse
from classifier.model.blocks import BlockContext, dense_rows
from classifier.model.evidence import pair_evidence, pair_scores
from classifier.model.files import ARRAYS_SUFFIX, ZIP_LEVEL, card_paths, sibling, warn_versions
from classifier.model.levels import decision_weights, levelled
from classifier.model.rules import band_proba, gated_proba, rule_index
from classifier.types import Pair, PairScore, PairScorer

PARITY_TOLERANCE = 1e-9
_EPS = 1e-12  # scikit-learn's temperature scaling takes log(p + 1e-12)


@dataclass
class ForestArrays:
    """A fitted random forest's trees, all in one set of node arrays; child indices point into the whole set.

    `value` holds each node's class shares already divided by their sum, as a
    scikit-learn tree's predict_proba divides them, so averaging the leaves' rows over
    the trees in order gives the forest's probabilities.
    """

    roots: np.ndarray
    left: np.ndarray
    right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray

    ARRAYS: ClassVar[tuple[str, ...]] = ("roots", "left", "right", "feature", "threshold", "value")

    def __post_init__(self) -> None:
        """A read file's trees must be trees: a child index outside the node arrays would fail mid-letter."""
        n = len(self.left)
        if not (len(self.right) == len(self.feature) == len(self.threshold) == len(self.value) == n > 0
                and self.value.ndim == 2 and len(self.roots) > 0
                and all(a.min() >= -1 and a.max() < n for a in (self.left, self.right, self.roots))
                and self.feature.min() >= -2):
            raise ValueError("the forest's node arrays do not fit together")

    @classmethod
    def from_forest(cls, forest: Any) -> ForestArrays:
        roots, left, right, feature, threshold, value = [], [], [], [], [], []
        offset = 0
        for estimator in forest.estimators_:
            tree = estimator.tree_
            roots.append(offset)
            for children, into in ((tree.children_left, left), (tree.children_right, right)):
                into.append(np.where(children >= 0, children + offset, -1))
            feature.append(tree.feature)
            threshold.append(tree.threshold)
            shares = tree.value[:, 0, :].astype(np.float64)
            total = shares.sum(axis=1, keepdims=True)
            total[total == 0.0] = 1.0
            value.append(shares / total)
            offset += tree.node_count
        return cls(roots=np.asarray(roots, dtype=np.int64), left=np.concatenate(left).astype(np.int64),
                   right=np.concatenate(right).astype(np.int64), feature=np.concatenate(feature).astype(np.int64),
                   threshold=np.concatenate(threshold).astype(np.float64), value=np.concatenate(value))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Every row down every tree at once; the comparison in float32, as scikit-learn's trees read X."""
        X = np.asarray(X, dtype=np.float32)
        rows = np.arange(len(X))[None, :]
        node = np.repeat(self.roots[:, None], len(X), axis=1)
        while True:
            left = self.left[node]
            inner = left >= 0
            if not inner.any():
                break
            goes_left = X[rows, np.where(inner, self.feature[node], 0)] <= self.threshold[node]
            node = np.where(inner, np.where(goes_left, left, self.right[node]), node)
        proba = np.zeros((len(X), self.value.shape[1]))
        for leaves in node:  # tree by tree, in the order scikit-learn adds them
            proba += self.value[leaves]
        return proba / len(self.roots)


@dataclass
class CompiledModel:
    """The default gated model's fitted numbers; `predict_proba` is what the scikit-learn model computes."""

    name: str
    labels: tuple[str, ...]
    lexicon: dict[str, Any]
    spacy_model: str
    gate_blocks: tuple[str, ...]
    gate_weights: np.ndarray
    gate_thresholds: np.ndarray
    gate_scale: float
    gate_smoothing: float
    gate_top_requires: int | None
    gate_from: int
    grader_blocks: tuple[str, ...]
    grader_mean: np.ndarray
    grader_std: np.ndarray
    grader_coef: np.ndarray
    grader_intercept: np.ndarray
    relevance_terms: tuple[str, ...]
    relevance_idf: np.ndarray
    temperature_beta: float | None
    evidence_lexicon: dict[str, Any]
    forest: ForestArrays | None = None
    """The grader's trees when it is a random forest (then the logistic arrays are empty)."""
    level_weights: tuple[float, ...] | None = None
    """Per-label factors applied after the temperature (classifier.model.levels)."""
    version: str = "unsaved"

    def __post_init__(self) -> None:
        self.card: dict[str, Any] = {}

    # -- scoring -------------------------------------------------------------------

    @cached_property
    def _context(self) -> BlockContext:
        """Built once per loaded model, not per letter (the gate's blocks do not read the idf)."""
        return BlockContext.build(self.lexicon, dict(zip(self.relevance_terms, self.relevance_idf.tolist(), strict=True)))

    def _rows(self, analyses: Any, blocks: Sequence[str]) -> np.ndarray:
        rows = dense_rows(analyses, blocks, self._context)
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)

    def _gate(self, X: np.ndarray) -> np.ndarray:
        signal = X @ self.gate_weights
        evidence = X[:, self.gate_top_requires] > 0 if self.gate_top_requires is not None else None
        top = len(self.gate_thresholds) + (self.gate_top_requires is not None)
        index = rule_index(signal, self.gate_thresholds, evidence, top)
        return band_proba(signal, self.gate_thresholds, self.gate_scale, self.gate_smoothing, index, evidence)

    def _grader(self, X: np.ndarray) -> np.ndarray:
        if self.forest is not None:
            return self.forest.predict_proba(X)
        X = (X - self.grader_mean) / self.grader_std
        decision = X @ self.grader_coef.T + self.grader_intercept
        return _softmax(decision)

    def predict_proba(self, X: Any) -> np.ndarray:
        analyses = analyse(X, spacy_model=self.spacy_model, lexicon=self.lexicon)
        gate = self._gate(self._rows(analyses, self.gate_blocks))
        graded = self._grader(self._rows(analyses, self.grader_blocks))
        proba = gated_proba(gate, graded, min(self.gate_from, len(self.labels)))
        if self.temperature_beta is None:
            return levelled(proba, self.level_weights)
        if np.all((proba >= 0) & (proba <= 1)) and np.all(np.isclose(proba.sum(axis=1), 1.0)):
            logits = np.log(proba + _EPS)
        else:
            logits = proba
        calibrated = _softmax(self.temperature_beta * logits)
        calibrated[(1.0 < calibrated) & (calibrated <= 1.0 + 1e-5)] = 1.0
        return levelled(calibrated, self.level_weights)

    @property
    def decision_weights(self) -> tuple[float, ...] | None:
        return decision_weights(self.level_weights)

    def score_pairs(self, pairs: Sequence[Pair]) -> list[PairScore]:
        if not pairs:
            return []
        X = [(p.question, p.answer) for p in pairs]
        evidence = pair_evidence(X, self.evidence_lexicon, self.spacy_model)
        return pair_scores(pairs, self.predict_proba(X), evidence, self.labels, self.decision_weights)

    # -- the file --------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """A zip of .npy files with one fixed time stamp, so the same model writes the same bytes."""
        spec = {"name": self.name, "labels": list(self.labels), "lexicon": self.lexicon,
                "evidence_lexicon": self.evidence_lexicon, "spacy_model": self.spacy_model,
                "gate_blocks": list(self.gate_blocks), "gate_scale": self.gate_scale,
                "gate_smoothing": self.gate_smoothing, "gate_top_requires": self.gate_top_requires,
                "gate_from": self.gate_from, "grader_blocks": list(self.grader_blocks),
                "relevance_terms": list(self.relevance_terms), "temperature_beta": self.temperature_beta,
                "level_weights": None if self.level_weights is None else list(self.level_weights),
                "grader_kind": "logistic" if self.forest is None else "forest"}
        # key order kept: the lexicon's order of cue families is the order of the feature columns
        arrays = {"spec": np.asarray(json.dumps(spec, ensure_ascii=False)),
                  "gate_weights": self.gate_weights, "gate_thresholds": self.gate_thresholds,
                  "grader_mean": self.grader_mean, "grader_std": self.grader_std, "grader_coef": self.grader_coef,
                  "grader_intercept": self.grader_intercept, "relevance_idf": self.relevance_idf}
        if self.forest is not None:
            arrays.update({f"forest_{name}": getattr(self.forest, name) for name in ForestArrays.ARRAYS})
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                target.writestr(info, buffer.getvalue(), compresslevel=ZIP_LEVEL)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> CompiledModel:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                spec = json.loads(str(arrays["spec"]))
                numbers = {name: np.asarray(arrays[name], dtype=np.float64) for name in
                           ("gate_weights", "gate_thresholds", "grader_mean", "grader_std", "grader_coef",
                            "grader_intercept", "relevance_idf")}
                forest = None
                if spec.get("grader_kind", "logistic") == "forest":
                    forest = ForestArrays(**{name: np.asarray(arrays[f"forest_{name}"])
                                             for name in ForestArrays.ARRAYS})
            return cls(forest=forest, name=spec["name"], labels=tuple(spec["labels"]), lexicon=spec["lexicon"],
                       evidence_lexicon=spec["evidence_lexicon"], spacy_model=spec["spacy_model"],
                       gate_blocks=tuple(spec["gate_blocks"]), gate_scale=float(spec["gate_scale"]),
                       gate_smoothing=float(spec["gate_smoothing"]), gate_top_requires=spec["gate_top_requires"],
                       gate_from=int(spec["gate_from"]), grader_blocks=tuple(spec["grader_blocks"]),
                       relevance_terms=tuple(spec["relevance_terms"]), temperature_beta=spec["temperature_beta"],
                       level_weights=_weights(spec.get("level_weights"), len(spec["labels"])), **numbers)
        except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
            raise errors.ModelError(f"expected the model's arrays file, could not read it ({exc})", path=path) from None


def _weights(value: Any, n_labels: int) -> tuple[float, ...] | None:
    """The spec's level weights: absent (a file written before them) or one positive number per label."""
    if value is None:
        return None
    weights = tuple(float(w) for w in value)
    if len(weights) != n_labels or not all(w > 0 for w in weights):
        raise ValueError(f"expected {n_labels} positive level weights, found {value!r}")
    return weights


def _softmax(values: np.ndarray) -> np.ndarray:
    """scikit-learn's softmax, step for step (the row maximum subtracted first)."""
    values = np.array(values, dtype=np.float64, copy=True)
    values -= values.max(axis=1).reshape(-1, 1)
    np.exp(values, out=values)
    values /= values.sum(axis=1).reshape(-1, 1)
    return values


def arrays_path(model_path: Path) -> Path:
    """models/evasion.skops → models/evasion.arrays.npz."""
    return sibling(model_path, ARRAYS_SUFFIX)


def compile_model(model: Any) -> CompiledModel | None:
    """The arrays of a trained default model (a rule gate with a logistic or forest grader, temperature-calibrated
    or not); None for any other kind of model, which is then scored through scikit-learn."""
    estimator, beta = model.estimator, None
    if type(estimator).__name__ == "CalibratedClassifierCV":
        calibrated = getattr(estimator, "calibrated_classifiers_", [])
        if len(calibrated) != 1 or calibrated[0].method != "temperature":
            return None
        beta = float(calibrated[0].calibrators[0].beta_)
        estimator = calibrated[0].estimator
    if type(estimator).__name__ != "GatedClassifier":
        return None
    gate_steps, grader_steps = dict(estimator.gate_.steps), dict(estimator.grader_.steps)
    gate_features, rule = gate_steps.get("features"), gate_steps.get("clf")
    grader_features, grader = grader_steps.get("features"), grader_steps.get("clf")
    kind = type(grader).__name__
    if (type(rule).__name__ != "CueRuleClassifier" or kind not in ("LogisticRegression", "RandomForestClassifier")
            or gate_features is None or grader_features is None or "ngrams" in grader_features.blocks_
            or "ngrams" in gate_features.blocks_ or gate_features.scale
            or (grader_features.scaler_ is None) != (kind == "RandomForestClassifier")
            or len(grader.classes_) != len(model.labels) or len(rule.classes_) != len(model.labels)
            or gate_features.lexicon_ != grader_features.lexicon_):
        return None
    forest = ForestArrays.from_forest(grader) if kind == "RandomForestClassifier" else None
    # the logistic grader's numbers; a forest has none (its trees are in `forest`)
    mean, std, coef, intercept = (np.empty(0),) * 4 if forest is not None else (
        np.asarray(grader_features.scaler_.mean_), np.asarray(grader_features.scaler_.scale_),
        np.asarray(grader.coef_), np.asarray(grader.intercept_))
    vectorizer = getattr(grader_features, "relevance_vectorizer_", None)
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get) if vectorizer is not None else []
    return CompiledModel(
        name=model.name, labels=tuple(model.labels), lexicon=grader_features.lexicon_,
        spacy_model=grader_features.spacy_model_, gate_blocks=tuple(gate_features.blocks_),
        gate_weights=np.asarray(rule.weights_, dtype=np.float64), gate_thresholds=np.asarray(rule.thresholds_),
        gate_scale=float(rule.scale_), gate_smoothing=float(rule.smoothing),
        gate_top_requires=None if rule.top_requires is None else int(rule.top_requires),
        gate_from=int(estimator.gate_from), grader_blocks=tuple(grader_features.blocks_),
        grader_mean=mean, grader_std=std, grader_coef=coef, grader_intercept=intercept, forest=forest,
        relevance_terms=tuple(terms),
        relevance_idf=np.asarray(vectorizer.idf_ if vectorizer is not None else [], dtype=np.float64),
        temperature_beta=beta, evidence_lexicon=model.evidence_features.lexicon_,
        level_weights=None if getattr(model, "level_weights", None) is None else tuple(model.level_weights),
    )


def parity(compiled: CompiledModel, model: Any, X: Any) -> float:
    """The largest difference between the compiled and the scikit-learn probabilities on X."""
    return float(np.max(np.abs(compiled.predict_proba(X) - model.predict_proba(X)))) if len(X) else 0.0


def load_compiled(model_path: Path) -> CompiledModel | None:
    """The arrays named on the model's card, checked against the sha256 there; None when the card names none."""
    card_path, _ = card_paths(model_path)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # the scikit-learn loader gives the clear error about a missing or broken card
    if not isinstance(card, dict) or not card.get("arrays_sha256"):
        return None
    path = arrays_path(model_path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != card["arrays_sha256"]:
        raise errors.ModelError("the arrays file differs from its card's sha256: it was changed after training",
                                path=path, hint="retrain with `evasion train` or restore the file")
    compiled = CompiledModel.from_bytes(data, path)
    _warn_versions(card, model_path)
    compiled.card = card
    compiled.version = str(card.get("model_sha256", ""))[:12] or "unsaved"
    return compiled


def _warn_versions(card: dict[str, Any], model_path: Path) -> None:
    """The spaCy versions only: scoring from the arrays does not use scikit-learn."""
    import spacy

    from classifier.model.nlp import model_version

    name = card.get("versions", {}).get("spacy_model", {}).get("name") or get_settings().spacy_model
    warn_versions(card, model_path, {"spacy": spacy.__version__,
                                     "spacy_model": {"name": name, "version": model_version(name)}})


def load_scorer(path: str | Path | None = None) -> PairScorer:
    """The model at `path` (default: settings), through its arrays when training wrote them, else through
    scikit-learn. Both give the same probabilities (to 1e-9, checked when the arrays were written)."""
    model_path = Path(path) if path is not None else get_settings().model_path
    if model_path.is_file():
        compiled = load_compiled(model_path)
        if compiled is not None:
            return compiled
    from classifier.model.modelfile import load_model

    return load_model(path)  # None, not the settings' path: its error then names every place a default is looked for

