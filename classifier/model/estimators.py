"""This package's own estimators: the cue-rule baseline and the gated model.

All models predict the label *index* (0 = substantive … 3 = confidential), not the
label string: sorted integers keep the ordinal order, which the ordinal model and the
rule baseline's thresholds rely on, and which string labels sorted alphabetically
would scramble. `modelfile.TrainedModel` turns indices back into labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from classifier.model.blocks import dense_feature_names
from classifier.model.lexicon import load_lexicon
from classifier.model.metrics import macro_f1_from_confusions
from classifier.model.rules import band_proba, gated_proba, rule_index

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
        evidence = X[:, self.top_requires] > 0 if self._by_evidence(len(self.classes_)) else None
        return rule_index(signal, self.thresholds_, evidence, len(self.classes_) - 1), signal, evidence

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
        return band_proba(signal, self.thresholds_, self.scale_, self.smoothing, index, evidence)


class GatedClassifier(ClassifierMixin, BaseEstimator):
    """One model decides *whether* an answer evades, another *how much* a non-evading answer gives.

    This follows the guide's two kinds of label. The evasive labels (`deflecting`,
    `confidential`) name what an answer says instead of answering: it postpones,
    refuses, refers elsewhere, or cites secrecy. A cue lexicon is made to find those
    moves, and a rare label cannot be learned from a few hundred pairs: one letter
    holds 9 of the 12 confidential answers. The milder labels (`substantive`,
    `partial`) depend on how much of the ask the answer covers. That shows in
    coverage, concreteness and question type, which a learned model weighs better
    than fixed rules. With more data the line moved up: the default model now gates
    only `confidential` (gate_from = 3), the one label still too rare to learn, and
    lets a forest learn `deflecting`, because a cue count cannot tell a postponement
    that replaces the answer from one beside the figure asked for.

    The gate's probabilities are kept for the classes from `gate_from` on (in sorted
    class order). The rest of the probability goes to the classes below, split as
    the grader splits them. The grader's own mass on evasive classes goes to the
    last class below the gate: the grader sees evasion but the gate found no
    evasive move, so the answer is at most partial. A gate that gives its own class
    at least 1 - s with s < 1 / (gate_from + 1), as CueRuleClassifier(smoothing=0.2)
    does for gate_from = 2 or 3, makes the most probable class the gate's whenever the
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
        return gated_proba(gate, graded, min(self.gate_from, len(self.classes_)))

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
