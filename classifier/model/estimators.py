"""The models that are compared, the trained model users load, and its file with its card.

All candidate models predict the label *index* (0 = substantive … 3 = confidential),
not the label string: sorted integers keep the ordinal order, which the ordinal
model and the rule baseline's thresholds rely on, and which string labels sorted
alphabetically would scramble. `TrainedModel` turns indices back into labels.

A saved model is two files: the model in skops' format and its card (JSON, plus a
Markdown rendering). A pickle runs code of the file's choosing while it loads, so
a model passed around between users would be a program. skops stores the
estimators as data: loading rebuilds only the types on an allow-list (this
package's estimators and scikit-learn's), and a file naming any other type or
function is refused before anything in it is built. The card records the sha256
of the model file, so a model file that was altered or swapped after training is
refused on load, and the versions of the libraries it was trained with, so a
mismatch is reported instead of silently giving different numbers.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from classifier import errors
from classifier.config import LABELS, get_settings
from classifier.model.evaluate import macro_f1_from_confusions
from classifier.model.features import DENSE_BLOCKS, PairFeatures, dense_feature_names, load_lexicon
from classifier.types import Pair, PairScore, probability_fields

CARD_SUFFIX = ".card.json"
CARD_MD_SUFFIX = ".card.md"

RULE_CONCRETE_WEIGHTS: dict[str, float] = {
    "conc_money": -1.0,
    "conc_percent": -1.0,
    "conc_date": -0.5,
    "conc_quantity": -1.0,
    "conc_number": -0.5,
    "conc_docref": 0.5,
    "conc_any": -0.5,
    "conc_qref": 1.0,
}
"""Fixed weights of the concreteness columns in the rule baseline: numbers and dates
make an answer less evasive, a pointer to another document or answer more."""


RULE_BLOCKS: tuple[str, ...] = ("cues", "concreteness")
"""The feature blocks the rule baseline reads: cue families and concrete facts only."""


class ModelVersionWarning(UserWarning):
    """The model was trained with other versions of spaCy, scikit-learn or the spaCy model."""


# ------------------------------------------------------------------ rule baseline


class CueRuleClassifier(ClassifierMixin, BaseEstimator):
    """Rule baseline: a fixed weighted sum of cue features, cut into ordered classes by thresholds.

    Nothing is learned but the thresholds: the signal is `X @ weights` with weights
    fixed in advance (from the cue lexicon), and fit only chooses the cut points
    between consecutive classes (classes in sorted order, i.e. label index order) that
    give the best macro-F1 on the training data. Works on any numeric input and passes
    sklearn's check_estimator (its accuracy check is skipped: a rule baseline is
    allowed to score poorly).

    The highest class can be decided by evidence instead of by volume
    (`top_requires`). The guide gives `confidential` only when secrecy is the stated
    reason for not answering. So the signal only says how evasive an answer is: the
    top two classes share one cut point. Whether an answer past that cut point is in
    the top class then depends on one column, the count of secrecy cues. Without
    this, an answer with many postponement cues and no word of secrecy would reach
    the top class on volume alone. One with a single "om veiligheidsredenen" would
    need a lot of other cues besides.

    Parameters
    ----------
    weights : one weight per feature column; None = all ones.
    smoothing : probability mass (< 0.5) spread by distance to the thresholds in predict_proba.
    top_requires : index of the feature column whose being > 0 puts a row past the last cut point into
        the highest class (else into the one below); None = one more cut point instead.
    """

    def __init__(self, weights: Sequence[float] | None = None, smoothing: float = 0.4,
                 top_requires: int | None = None) -> None:
        self.weights = weights
        self.smoothing = smoothing
        self.top_requires = top_requires

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags

    def _signal(self, X: np.ndarray) -> np.ndarray:
        return X @ self.weights_

    def fit(self, X: Any, y: Any) -> CueRuleClassifier:
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        if self.weights is None:
            self.weights_ = np.ones(X.shape[1])
        else:
            self.weights_ = np.asarray(self.weights, dtype=np.float64)
            if self.weights_.shape != (X.shape[1],):
                raise ValueError(f"expected {X.shape[1]} weights, one per feature, found {self.weights_.shape[0]}")
        if self.top_requires is not None and not 0 <= self.top_requires < X.shape[1]:
            raise ValueError(f"expected top_requires to be a column index below {X.shape[1]}, "
                             f"found {self.top_requires}")
        signal = self._signal(X)
        k = len(self.classes_)
        if self._by_evidence(k):  # the top two classes share the last cut point
            self.thresholds_ = _fit_thresholds(signal, np.minimum(y_index, k - 2), k - 1)
        else:
            self.thresholds_ = _fit_thresholds(signal, y_index, k)
        spread = float(np.std(signal))
        self.scale_ = spread / 2 if spread > 0 else 1.0
        return self

    def _by_evidence(self, k: int) -> bool:
        return self.top_requires is not None and k >= 2

    def _predict_index(self, X: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Class index per row, the signal, and (when the top class goes by evidence) who has that evidence."""
        check_is_fitted(self, "thresholds_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        signal = self._signal(X)
        index = np.searchsorted(self.thresholds_, signal, side="right")
        if not self._by_evidence(len(self.classes_)):
            return index, signal, None
        evidence = X[:, self.top_requires] > 0
        top = len(self.classes_) - 1
        return np.where((index == top - 1) & evidence, top, index), signal, evidence

    def predict(self, X: Any) -> np.ndarray:
        index, _, _ = self._predict_index(X)
        return self.classes_[index]

    def predict_proba(self, X: Any) -> np.ndarray:
        """Mostly the rule's class, the rest spread by distance to the thresholds.

        (1 - smoothing) goes to the class the thresholds give; `smoothing` is spread
        as a cumulative logit over the thresholds (slope: the training signal's spread),
        so a signal just below a threshold leans towards the next class and scores are
        not four fixed values. With smoothing < 0.5 the most probable class is always
        the rule's class, so predict and predict_proba agree.
        """
        index, signal, evidence = self._predict_index(X)
        k = len(self.classes_)
        if k == 1:
            return np.ones((len(index), 1))
        above = 1.0 / (1.0 + np.exp(-(signal[:, None] - self.thresholds_[None, :]) / self.scale_))
        cumulative = np.hstack([np.ones((len(index), 1)), above, np.zeros((len(index), 1))])
        soft = np.clip(cumulative[:, :-1] - cumulative[:, 1:], 0.0, 1.0)
        if evidence is not None:  # the shared last band goes to the top class with evidence, else below it
            soft = np.hstack([soft, np.zeros((len(index), 1))])
            soft[evidence, -1] = soft[evidence, -2]
            soft[evidence, -2] = 0.0
        soft /= soft.sum(axis=1, keepdims=True)
        proba = self.smoothing * soft
        proba[np.arange(len(index)), index] += 1.0 - self.smoothing
        return proba


class GatedClassifier(ClassifierMixin, BaseEstimator):
    """One model decides *whether* an answer evades, another *how much* a non-evading answer gives.

    This follows the guide's two kinds of label. The evasive labels (`deflecting`,
    `confidential`) name what an answer says instead of answering: it postpones,
    refuses, refers elsewhere, or cites secrecy. A cue lexicon is made to find those
    moves, and a rare label cannot be learned from a few hundred pairs: one letter
    holds 9 of the 12 confidential answers. The milder labels (`substantive`,
    `partial`) depend on how much of the ask the answer covers. That shows in
    coverage, concreteness and question type, which a learned model weighs better
    than fixed rules.

    The gate's probabilities are kept for the classes from `gate_from` on (in sorted
    class order). The rest of the probability goes to the classes below, split as
    the grader splits them. The grader's own mass on evasive classes goes to the
    last class below the gate: the grader sees evasion but the gate found no
    evasive move, so the answer is at most partial. A gate that gives its own class
    at least 1 - s with s < 1 / (gate_from + 1), as CueRuleClassifier(smoothing=0.2)
    does for gate_from = 2, makes the most probable class the gate's whenever the
    gate says evasive, and the grader's choice below the gate otherwise.

    Parameters
    ----------
    gate : classifier whose evasive classes are trusted (default: CueRuleClassifier(smoothing=0.2)).
    grader : classifier that ranks the classes below the gate (default: LogisticRegression).
    gate_from : index, in sorted class order, of the first class the gate decides.
    """

    def __init__(self, gate: Any = None, grader: Any = None, gate_from: int = 2) -> None:
        self.gate = gate
        self.grader = grader
        self.gate_from = gate_from

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True  # the default gate is a rule baseline
        return tags

    def fit(self, X: Any, y: Any) -> GatedClassifier:
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None")
        y = np.asarray(y)
        check_classification_targets(y)
        if self.gate_from < 1:
            raise ValueError(f"expected gate_from ≥ 1 (at least one class for the grader), found {self.gate_from}")
        gate = self.gate if self.gate is not None else CueRuleClassifier(smoothing=0.2)
        grader = self.grader if self.grader is not None else LogisticRegression(max_iter=5000)
        self.gate_ = clone(gate).fit(X, y)
        self.grader_ = clone(grader).fit(X, y)
        self.classes_ = np.unique(y)
        for name, fitted in (("gate", self.gate_), ("grader", self.grader_)):
            if not np.array_equal(np.asarray(fitted.classes_), self.classes_):
                raise ValueError(f"expected the {name} to learn the classes {self.classes_.tolist()}, "
                                 f"found {np.asarray(fitted.classes_).tolist()}")
        n_features = getattr(self.grader_, "n_features_in_", getattr(self.gate_, "n_features_in_", None))
        if n_features is not None:  # numeric input; text pairs have no feature count
            self.n_features_in_ = n_features
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "classes_")
        gate, graded = self.gate_.predict_proba(X), self.grader_.predict_proba(X)
        cut = min(self.gate_from, len(self.classes_))
        below = graded[:, :cut].copy()
        below[:, -1] += graded[:, cut:].sum(axis=1)
        below /= np.clip(below.sum(axis=1, keepdims=True), 1e-12, None)
        evasive = gate[:, cut:]
        return np.hstack([below * (1.0 - evasive.sum(axis=1, keepdims=True)), evasive])

    def predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "classes_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _macro_f1(y: np.ndarray, pred: np.ndarray, k: int) -> float:
    """Macro-F1 as the evaluation measures it (every class index below k occurs in y here)."""
    return float(macro_f1_from_confusions(np.bincount(y * k + pred, minlength=k * k).reshape(k, k)))


def _fit_thresholds(signal: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """K-1 ascending cut points on `signal`, by coordinate ascent on macro-F1.

    Starts from the quantiles that match the class shares and moves one cut at a
    time to the best candidate between its neighbours; ties keep the earlier value,
    so the result is deterministic.
    """
    if k == 1:
        return np.empty(0)
    values = np.unique(signal)
    candidates = (values[:-1] + values[1:]) / 2 if len(values) > 1 else values.copy()
    candidates = np.concatenate([[values[0] - 1.0], candidates, [values[-1] + 1.0]])
    shares = np.cumsum(np.bincount(y, minlength=k))[:-1] / len(y)
    thresholds = np.sort(np.quantile(signal, shares))
    best = _macro_f1(y, np.searchsorted(thresholds, signal, side="right"), k)
    for _ in range(4):
        improved = False
        for j in range(k - 1):
            low = thresholds[j - 1] if j > 0 else -np.inf
            high = thresholds[j + 1] if j < k - 2 else np.inf
            for candidate in candidates[(candidates >= low) & (candidates <= high)]:
                trial = thresholds.copy()
                trial[j] = candidate
                score = _macro_f1(y, np.searchsorted(trial, signal, side="right"), k)
                if score > best + 1e-12:
                    best, thresholds, improved = score, trial, True
        if not improved:
            break
    return thresholds


# ------------------------------------------------------------------ candidates


def rule_weights(lexicon: dict[str, Any] | None = None) -> list[float]:
    """Weights for the rule baseline, aligned with PairFeatures(blocks=RULE_BLOCKS) columns.

    A cue family's weight comes from the lexicon, a concreteness column's from
    RULE_CONCRETE_WEIGHTS; every other column (totals already counted per family,
    shares) weighs 0.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon()
    family_weight = {f"cue_{name}": float(spec.get("weight", 0.0)) for name, spec in lexicon["answer_families"].items()}
    return [family_weight.get(name, RULE_CONCRETE_WEIGHTS.get(name, 0.0))
            for name in dense_feature_names(lexicon, RULE_BLOCKS)]


def secrecy_column(lexicon: dict[str, Any] | None = None) -> int:
    """Column of the confidentiality cue count among the rule features: the top class's own evidence."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    return dense_feature_names(lexicon, RULE_BLOCKS).index("cue_confidentiality")


def _logistic(random_state: int) -> LogisticRegression:
    return LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=random_state)


def _rules(lexicon: dict[str, Any], smoothing: float = 0.4) -> Pipeline:
    """The rule baseline; the gated model's gate is the same pipeline with a smaller smoothing."""
    return Pipeline([("features", PairFeatures(blocks=RULE_BLOCKS, scale=False)),
                     ("clf", CueRuleClassifier(weights=rule_weights(lexicon), smoothing=smoothing,
                                               top_requires=secrecy_column(lexicon)))])


def _dense_lr(random_state: int, blocks: tuple[str, ...] = DENSE_BLOCKS) -> Pipeline:
    return Pipeline([("features", PairFeatures(blocks=blocks)), ("clf", _logistic(random_state))])


PREVIOUS_DENSE_BLOCKS: tuple[str, ...] = tuple(b for b in DENSE_BLOCKS if b != "asked_given")
"""The dense blocks of the previous release's grader, kept as the baseline a new model must beat."""


BASELINES: tuple[str, ...] = ("majority", "rules", "tfidf_lr")
"""The candidates that are yardsticks, not contenders: the trained default should beat each of them."""

PREVIOUS_RELEASE = "gated_lr"
"""The candidate built as the previous release's default model; the card compares a new choice with it."""

CANDIDATE_DESCRIPTIONS: dict[str, str] = {
    "majority": "always the most frequent label",
    "rules": "cue lexicon only: fixed weighted sum of cue counts, learned cut points; evading answers are confidential only with a secrecy cue",
    "tfidf_lr": "delexicalised lemma n-gram TF-IDF + logistic regression",
    "dense_lr": "cue, concreteness, relevance, question and shape features (no n-grams), logistic regression",
    "full_lr": "all features + n-grams, logistic regression (balanced)",
    "gated_lr": "cue-lexicon rules decide deflecting/confidential, a logistic regression on the dense features "
                "without the asked/given block decides substantive vs partial (the previous release's model)",
    "gated_lr_asked": "gated_lr whose grader also reads what each sub-question asks and whether the answer gives it",
    "full_ordinal": "all features + n-grams, ordinal logistic regression (sklego OrdinalClassifier)",
    "full_forest": "dense features (no n-grams), random forest",
    "full_hgb": "dense features (no n-grams), histogram gradient boosting",
}


def candidate_models(random_state: int | None = None) -> dict[str, Pipeline]:
    """The models the training compares, unfitted, in a fixed order; hyperparameters fixed in advance."""
    from sklego.meta import OrdinalClassifier

    seed = get_settings().random_state if random_state is None else random_state
    lexicon = load_lexicon()
    return {
        "majority": Pipeline([("features", PairFeatures(blocks=("shape",))),
                              ("clf", DummyClassifier(strategy="prior"))]),
        "rules": _rules(lexicon),
        "tfidf_lr": Pipeline([("features", PairFeatures(blocks=("ngrams",))), ("clf", _logistic(seed))]),
        "dense_lr": _dense_lr(seed),
        "full_lr": Pipeline([("features", PairFeatures()), ("clf", _logistic(seed))]),
        "full_ordinal": Pipeline([("features", PairFeatures(dense_output=True)), ("clf", OrdinalClassifier(_logistic(seed)))]),
        "gated_lr": GatedClassifier(gate=_rules(lexicon, smoothing=0.2), grader=_dense_lr(seed, PREVIOUS_DENSE_BLOCKS)),
        "gated_lr_asked": GatedClassifier(gate=_rules(lexicon, smoothing=0.2), grader=_dense_lr(seed)),
        "full_forest": Pipeline([
            ("features", PairFeatures(blocks=DENSE_BLOCKS, scale=False)),
            ("clf", RandomForestClassifier(n_estimators=300, min_samples_leaf=2, class_weight="balanced_subsample",
                                           random_state=seed, n_jobs=1)),
        ]),
        "full_hgb": Pipeline([
            ("features", PairFeatures(blocks=DENSE_BLOCKS, scale=False)),
            ("clf", HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=150,
                                                   class_weight="balanced", l2_regularization=1.0,
                                                   random_state=seed)),
        ]),
    }


# ------------------------------------------------------------------ the trained model


class TrainedModel:
    """A fitted, calibrated estimator over label indices, with what scoring needs around it.

    `version` (first 12 hex digits of the model file's sha256) and `card` come from the
    files on load; they are not part of the pickle, because the card holds the pickle's hash.
    """

    def __init__(self, estimator: Any, name: str, evidence_features: PairFeatures,
                 labels: Sequence[str] = LABELS) -> None:
        self.estimator = estimator
        self.name = name
        self.evidence_features = evidence_features
        self.labels = tuple(labels)
        self.version = "unsaved"
        self.card: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("version", None)
        state.pop("card", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.version = "unsaved"
        self.card = {}

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities for every label in LABELS order, also labels the estimator never saw."""
        return label_proba(self.estimator, X, len(self.labels))

    def score_pairs(self, pairs: Sequence[Pair]) -> list[PairScore]:
        """Label, score (expected label index / 3), probabilities and evidence for each pair, in order."""
        if not pairs:
            return []
        X = [(p.question, p.answer) for p in pairs]
        proba = self.predict_proba(X)
        evidence = self.evidence_features.evidence(X)
        return [
            PairScore(
                question_id=pair.question_id,
                section=pair.section,
                party=pair.party,
                question=pair.question,
                answer=pair.answer,
                **probability_fields(row, self.labels),
                evidence=ev,
                referral_to=list(pair.referral_to),
                complete=pair.complete,
            )
            for pair, row, ev in zip(pairs, proba, evidence, strict=True)
        ]


def label_proba(estimator: Any, X: Any, n_labels: int = len(LABELS)) -> np.ndarray:
    """predict_proba with one column per label index; a label missing from the training data gets 0."""
    raw = estimator.predict_proba(X)
    proba = np.zeros((raw.shape[0], n_labels))
    for column, cls in enumerate(estimator.classes_):
        proba[:, int(cls)] = raw[:, column]
    return proba


# ------------------------------------------------------------------ files


def card_paths(model_path: Path) -> tuple[Path, Path]:
    """models/evasion.skops → models/evasion.card.json, models/evasion.card.md."""
    stem = model_path.name.removesuffix(model_path.suffix) if model_path.suffix else model_path.name
    return model_path.with_name(stem + CARD_SUFFIX), model_path.with_name(stem + CARD_MD_SUFFIX)


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
    "classifier.model.estimators.TrainedModel", "sklego.meta.ordinal_classification.OrdinalClassifier",
})
"""Types a model file may name besides those skops trusts itself; scikit-learn's own (private) types are trusted too."""
_TRUSTED_MODULE = re.compile(r"^sklearn\.[\w.]+$")


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
    order = sorted(names, key=lambda name: (schema.find(f'"{name}"'), name))
    renamed = {name: f"{k:06d}{Path(name).suffix}" for k, name in enumerate(order)}
    schema = re.sub(r'"([^"/]+\.npy)"', lambda m: f'"{renamed.get(m.group(1), m.group(1))}"', schema)
    ids: dict[str, int] = {}  # "__id__" values are memory addresses too; references keep matching after renumbering
    schema = re.sub(r'"__id__": (\d+)', lambda m: f'"__id__": {ids.setdefault(m.group(1), len(ids))}', schema)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        entries = [("schema.json", schema.encode("utf-8"))] + [(renamed[n], source.read(n)) for n in order]
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, payload, compresslevel=9)
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


def save_model(model: TrainedModel, path: Path, card: dict[str, Any], card_markdown: str) -> dict[str, Any]:
    """Write the model and its card (JSON and Markdown), each atomically; returns the card as written."""
    from classifier.io import atomic_write_bytes, atomic_write_text

    data = model_bytes(model)
    digest = sha256_bytes(data)
    card = {**card, "model_file": path.name, "model_sha256": digest}
    card_json, card_md = card_paths(path)
    atomic_write_bytes(path, data)
    atomic_write_text(card_json, json.dumps(card, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    atomic_write_text(card_md, card_markdown.replace("{model_sha256}", digest))
    model.card = card
    model.version = digest[:12]
    return card


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
    trained = card.get("versions", {})
    spacy_model = trained.get("spacy_model", {}).get("name") or get_settings().spacy_model
    now = library_versions(spacy_model)
    different = []
    for key in ("spacy", "scikit-learn"):
        if trained.get(key) != now[key]:
            different.append(f"{key} {trained.get(key)} (now {now[key]})")
    if trained.get("spacy_model", {}).get("version") != now["spacy_model"]["version"]:
        different.append(f"{spacy_model} {trained.get('spacy_model', {}).get('version')} "
                         f"(now {now['spacy_model']['version']})")
    if different:
        warnings.warn(
            f"{model_path}: model trained with " + ", ".join(different) + "; scores may differ, retrain to be sure",
            ModelVersionWarning,
            stacklevel=3,
        )
