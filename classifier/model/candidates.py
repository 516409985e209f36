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
    """newton-cg: the optimum lbfgs reaches (out-of-fold metrics within 0.002) in a third of the time on n-grams,
    where lbfgs needs thousands of small steps; training cross-validates these models 15 times each."""
    return LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=random_state,
                              solver="newton-cg")


def _rules(lexicon: dict[str, Any], smoothing: float = 0.4) -> Pipeline:
    """The rule baseline; the gated model's gate is the same pipeline with a smaller smoothing."""
    return Pipeline([("features", PairFeatures(blocks=RULE_BLOCKS, scale=False)),
                     ("clf", CueRuleClassifier(weights=rule_weights(lexicon), smoothing=smoothing,
                                               top_requires=secrecy_column(lexicon)))])


def _dense_lr(random_state: int, blocks: tuple[str, ...] = DENSE_BLOCKS) -> Pipeline:
    return Pipeline([("features", PairFeatures(blocks=blocks)), ("clf", _logistic(random_state))])


PREVIOUS_DENSE_BLOCKS: tuple[str, ...] = tuple(b for b in DENSE_BLOCKS if b != "asked_given")
"""The dense blocks of `gated_lr`'s grader: the model before the asked/given block, kept as a yardstick."""


def _forest(random_state: int) -> Pipeline:
    """The grader of `gated_forest`. A forest can weigh a cue against what else the answer gives (a
    postponement beside the figure asked for), which a sum of cue counts cannot. Leaves of at least three
    pairs keep one-off wordings from deciding; class weights per bootstrap sample let rare labels count
    without the balanced logistic regression's habit of calling every fourth answer partial."""
    return Pipeline([("features", PairFeatures(blocks=DENSE_BLOCKS, scale=False)),
                     ("clf", RandomForestClassifier(n_estimators=100, min_samples_leaf=3,
                                                    class_weight="balanced_subsample", random_state=random_state,
                                                    n_jobs=1))])


SLOWEST_FIRST: tuple[str, ...] = ("full_hgb", "full_lr", "gated_forest", "tfidf_lr")
"""The candidates that take longest to cross-validate (n-grams, boosting, trees), longest first. Training
starts them first, so that two processes finish at about the same time; it reports every candidate in
the order of `candidate_models` whatever this order is."""

ON_REQUEST: tuple[str, ...] = ("full_hgb", "full_lr", "dense_ordinal", "dense_lr")
"""Candidates that training cross-validates only when they are named (`train(candidates=[...])`).
None was ever chosen and each stays below the forest on every measure (grouped CV on 2,480 pairs,
macro-F1 / QWK: gradient boosting 0.496 / 0.490 on 2,316, the n-gram logistic regression 0.499 / 0.527,
the ordinal one 0.432 / 0.473, against the forest's 0.576 / 0.569; on 2,904 pairs the dense logistic
regression 0.539 / 0.524 against 0.623 / 0.596, and below both gated logistic regressions), yet together
they were more than half of the cross-validation work: every retraining paid for comparisons that never
changed. The baselines, the release the forest replaced and the model the accuracy work started from stay."""

BASELINES: tuple[str, ...] = ("majority", "rules", "tfidf_lr")
"""The candidates that are yardsticks, not contenders: the trained default should beat each of them."""

PREVIOUS_RELEASE = "gated_lr_asked"
"""The candidate built as the default model of the last release with another kind of model (the release before
the current forest); the card compares a new choice with it."""

CANDIDATE_DESCRIPTIONS: dict[str, str] = {
    "majority": "always the most frequent label",
    "rules": "cue lexicon only: fixed weighted sum of cue counts, learned cut points; evading answers are confidential only with a secrecy cue",
    "tfidf_lr": "delexicalised lemma n-gram TF-IDF + logistic regression",
    "dense_lr": "cue, concreteness, relevance, question and shape features (no n-grams), logistic regression",
    "full_lr": "all features + n-grams, logistic regression (balanced)",
    "gated_lr": "cue-lexicon rules decide deflecting/confidential, a logistic regression on the dense features "
                "without the asked/given block decides substantive vs partial (the model the accuracy work started from)",
    "gated_lr_asked": "gated_lr whose grader also reads what each sub-question asks and whether the answer gives it "
                      "(the default model before the forest)",
    "dense_ordinal": "dense features (no n-grams), ordinal logistic regression (sklego OrdinalClassifier)",
    "gated_forest": "a random forest on the dense features decides substantive, partial and deflecting; the cue-lexicon "
                    "rules decide confidential, which needs a stated secrecy reason and is too rare to learn",
    "full_hgb": "dense features (no n-grams), histogram gradient boosting",
}


def default_candidates(models: dict[str, Any]) -> list[str]:
    """The names training compares when it is not given any, in the order of `models`."""
    return [name for name in models if name not in ON_REQUEST]


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
        "dense_ordinal": Pipeline([("features", PairFeatures(blocks=DENSE_BLOCKS)),
                                   ("clf", OrdinalClassifier(_logistic(seed)))]),
        "gated_lr": GatedClassifier(gate=_rules(lexicon, smoothing=0.2), grader=_dense_lr(seed, PREVIOUS_DENSE_BLOCKS)),
        "gated_lr_asked": GatedClassifier(gate=_rules(lexicon, smoothing=0.2), grader=_dense_lr(seed)),
        "gated_forest": GatedClassifier(gate=_rules(lexicon, smoothing=0.2), grader=_forest(seed), gate_from=3),
        "full_hgb": Pipeline([
            ("features", PairFeatures(blocks=DENSE_BLOCKS, scale=False)),
            ("clf", HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=150,
                                                   class_weight="balanced", l2_regularization=1.0,
                                                   random_state=seed)),
        ]),
    }
