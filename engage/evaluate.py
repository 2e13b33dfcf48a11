"""``engage evaluate``: how well the model agrees with the reviewers' labels in the store."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from engage.analysis import load_corpus, make_embedder, theme_targets
from engage.frameworks import framework_of
from engage.store import Store, StoreError
from themes.classifier import ThemeClassifier
from themes.evaluation import (
    cross_validate_themes,
    learning_curve_themes,
    same_text_groups,
    theme_metrics,
)
from themes.keywords import KeywordMatcher
from themes.sentiment import SentimentModel

MIN_LABELS = 10
# Cross-validation is repeated over this many shuffles of the folds, to show how much the
# split alone moves the figure.
REPEATS = 3


def _sizes(pool: int) -> list[int]:
    standard = [s for s in (25, 50, 100, 250, 500, 1000, 2000) if s <= pool]
    return [0, *standard] if standard else [0]


def sentiment_agreement(
    texts: list[str],
    labels: list[str],
    seed: int,
    questions: list[str | None] | None = None,
) -> dict[str, Any]:
    """Cross-validated three-class accuracy of the sentiment model, and of the lexicon alone.

    ``questions`` are the questions the texts answer (None where unknown).
    """
    y = np.asarray(labels)
    asked = [None] * len(texts) if questions is None else list(questions)
    lexicon = SentimentModel().fit([], [])
    lexicon_accuracy = float((np.asarray(lexicon.predict(texts, asked)) == y).mean())
    unmeasured = {"n": len(y), "lexicon_accuracy": lexicon_accuracy, "accuracy": math.nan}
    # Identical answers share a fold: the model gives a labelled text's very words its label.
    groups = same_text_groups(texts)
    # A tone only one or two reviewers' comments have is rarely in a training fold; that is
    # measured all the same (the model starts from the lexicon, which knows every tone).
    n_splits = min(5, len(set(groups)))
    if len(set(y.tolist())) < 2 or n_splits < 2:
        unmeasured["why_not"] = (
            "every labelled comment has the same tone" if len(y) else "no tone labelled")
        return unmeasured
    predicted = np.empty(len(y), dtype=object)
    folds = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():  # "the least populated class has only 1 member"
        warnings.simplefilter("ignore", UserWarning)
        splits = list(folds.split(texts, y, groups))
    for train, test in splits:
        model = SentimentModel().fit(
            [texts[i] for i in train], y[train].tolist(), [asked[i] for i in train]
        )
        predicted[test] = model.predict([texts[i] for i in test], [asked[i] for i in test])
    return {
        "n": len(y),
        "lexicon_accuracy": lexicon_accuracy,
        "accuracy": float((predicted == y).mean()),
    }


def evaluation_notes(result: dict[str, Any]) -> list[str]:
    """What a team should know about an :func:`evaluate` result, in words: when searching for
    the framework's keywords agrees with the reviewers as well as the model does, and when
    sentiment could not be measured."""
    notes = []
    baseline = result.get("keyword_baseline")
    keywords = baseline["micro"]["f1"] if baseline else None
    if keywords is not None and keywords > result["cross_validated"]["micro"]["f1"]:
        notes.append(
            "searching for the framework's keywords agrees with your reviewers more than the "
            "model does: it has not yet learned how your team codes, so label more comments, "
            "of every theme (keyword matches already count in each suggestion)")
    elif keywords is not None and keywords >= result["zero_label"]["micro"]["f1"]:
        notes.append(
            "with no labels the model agrees with your reviewers no better than searching for "
            "the framework's keywords; its suggestions for themes nobody has labelled yet are "
            "rough guesses (their confidence is not checked against anyone), so label comments "
            "of every theme")
    why_not = result.get("sentiment", {}).get("why_not")
    if why_not:
        notes.append(
            f"sentiment agreement is not measured: {why_not}, so there is nothing to tell "
            "apart yet (set the tone of comments that are positive, neutral and negative)")
    if "sentiment" not in result and result.get("labelled_comments"):
        notes.append(
            "sentiment agreement is not measured: no reviewer has set a comment's tone yet "
            "(choose it when labelling in the app, or add a sentiment column to the labels "
            "file)")
    return notes


def evaluate(store: Store, exercise: str | None = None, *, seed: int = 0) -> dict[str, Any]:
    """Cross-validated model-vs-human agreement, learning curve and sentiment accuracy."""
    with store.session() as session, session.begin():
        ex = store.exercise(session, exercise)
        framework = framework_of(session, ex)
        corpus = load_corpus(session, ex)
    rows, Y = theme_targets(corpus, framework)
    if len(rows) < MIN_LABELS:
        raise StoreError(
            f"only {len(rows)} comments have been labelled; evaluation needs at least {MIN_LABELS}"
        )
    texts = [corpus.texts[i] for i in rows]
    embedder = make_embedder(store)

    def factory() -> ThemeClassifier:
        return ThemeClassifier(framework=framework, embedder=embedder, random_state=seed)

    zero = factory().fit(texts)
    result: dict[str, Any] = {
        "exercise": ex.name,
        "framework": framework.name,
        "labelled_comments": len(rows),
        "zero_label": theme_metrics(Y, zero.predict(texts), framework.ids, random_state=seed),
        # What searching for the framework's keywords alone would agree (None without keywords).
        "keyword_baseline": (
            theme_metrics(
                Y, (KeywordMatcher.build(framework.themes).counts(texts) > 0).astype(int),
                framework.ids, random_state=seed,
            )
            if any(theme.keywords for theme in framework.themes)
            else None
        ),
        "cross_validated": cross_validate_themes(
            texts,
            Y,
            framework.ids,
            estimator_factory=factory,
            n_splits=min(5, len(set(same_text_groups(texts)))),
            n_repeats=REPEATS,
            random_state=seed,
        ),
    }
    curve = learning_curve_themes(
        texts,
        Y,
        framework.ids,
        estimator_factory=factory,
        sizes=_sizes(int(len(rows) * 0.75)),
        test_size=0.25,
        random_state=seed,
    )
    keep = ["size", "n_test", "micro_f1", "micro_f1_lo", "micro_f1_hi", "macro_f1"]
    result["learning_curve"] = curve[keep].to_dict(orient="records")
    labels = corpus.labels
    coded = [i for i, pk in enumerate(corpus.pks) if pk in labels and labels[pk].sentiment]
    if coded:
        result["sentiment"] = sentiment_agreement(
            [corpus.texts[i] for i in coded],
            [labels[corpus.pks[i]].sentiment for i in coded],
            seed,
            corpus.questions_of(coded),
        )
    return result
