"""The models training compares, unfitted, with their descriptions.

Kept apart from the estimators a model file is built of, so that loading a model for
scoring never imports what only training needs (forests, boosting, the dummy and
ordinal wrappers)."""

from __future__ import annotations

from typing import Any

from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from classifier.config import get_settings
from classifier.model.blocks import DENSE_BLOCKS
from classifier.model.estimators import RULE_BLOCKS, CueRuleClassifier, GatedClassifier, rule_weights, secrecy_column
from classifier.model.features import PairFeatures
from classifier.model.lexicon import load_lexicon


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


BASELINES: tuple[str, ...] = ("majority", "rules", "tfidf_lr")

PREVIOUS_RELEASE = "gated_lr"

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
