"""Agreement metrics, cross-validation and learning curves, checked on cases worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from themes.classifier import ThemeClassifier
from themes.evaluation import (
    cross_validate_themes,
    learning_curve_themes,
    theme_metrics,
    top1_accuracy,
    wilson_interval,
)

IDS = ["a", "b"]
# Theme a: tp=1 (row 0), fn=1 (row 1), fp=1 (row 2) -> P=R=F1=1/2.
# Theme b: tp=2 (rows 1, 3), no errors -> P=R=F1=1. Micro: tp=3, fp=1, fn=1 -> 3/4.
Y_TRUE = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
Y_PRED = np.array([[1, 0], [0, 1], [1, 0], [0, 1]])


def test_metrics_on_a_case_worked_by_hand() -> None:
    m = theme_metrics(Y_TRUE, Y_PRED, IDS, n_boot=0)
    a, b = m["themes"]["a"], m["themes"]["b"]
    assert (a["tp"], a["fp"], a["fn"], a["support"], a["predicted"]) == (1, 1, 1, 2, 2)
    assert (a["precision"], a["recall"], a["f1"]) == (0.5, 0.5, 0.5)
    assert (b["precision"], b["recall"], b["f1"], b["support"]) == (1.0, 1.0, 1.0, 2)
    assert m["micro"]["precision"] == m["micro"]["recall"] == m["micro"]["f1"] == 0.75
    assert m["macro"]["f1"] == 0.75
    assert m["subset_accuracy"] == 0.5  # rows 0 and 3 exactly right
    assert m["no_theme"] == {"support": 1, "predicted": 0, "agreed": 0}
    assert m["n_comments"] == 4


def test_undefined_scores_are_zero_and_unused_themes_leave_macro() -> None:
    y_true = np.array([[1, 0], [0, 0]])
    y_pred = np.array([[0, 0], [0, 0]])
    m = theme_metrics(y_true, y_pred, IDS, n_boot=0)
    assert m["themes"]["a"]["precision"] == 0.0 and m["themes"]["a"]["f1"] == 0.0
    assert m["themes"]["b"]["support"] == 0
    assert m["macro"]["f1"] == 0.0  # only theme a is evaluable


def test_wilson_interval_matches_published_value() -> None:
    lo, hi = wilson_interval(8, 10)  # 8/10 at 95%: (0.4902, 0.9433)
    assert lo == pytest.approx(0.4902, abs=1e-4)
    assert hi == pytest.approx(0.9433, abs=1e-4)
    assert np.isnan(wilson_interval(0, 0)).all()
    m = theme_metrics(Y_TRUE, Y_PRED, IDS, n_boot=0)
    assert m["themes"]["a"]["precision_ci"] == wilson_interval(1, 2)


def test_bootstrap_intervals_are_seeded_and_bracket_the_estimate() -> None:
    rng = np.random.default_rng(0)
    y_true = rng.random((300, 3)) < 0.3
    y_pred = np.where(rng.random((300, 3)) < 0.8, y_true, ~y_true)
    ids = ["x", "y", "z"]
    first = theme_metrics(y_true, y_pred, ids, n_boot=300, random_state=1)
    again = theme_metrics(y_true, y_pred, ids, n_boot=300, random_state=1)
    other = theme_metrics(y_true, y_pred, ids, n_boot=300, random_state=2)
    assert first == again
    assert first["micro"]["f1_ci"] != other["micro"]["f1_ci"]
    for block in (first["micro"], first["macro"], *first["themes"].values()):
        lo, hi = block["f1_ci"]
        assert lo <= block["f1"] <= hi and hi - lo < 0.25


def test_top1_accuracy_uses_single_label_rows() -> None:
    y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]])
    proba = np.array([[0.9, 0.1, 0.0], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7], [0.0, 0.0, 1.0]])
    assert top1_accuracy(y_true, proba) == pytest.approx(2 / 3)


class WordMatcher:
    """A fixed rule (theme if its id appears as a word); it learns nothing from labels."""

    def fit(self, texts, Y=None):
        return self

    def predict(self, texts):
        return np.array([[int(t in text.split()) for t in IDS] for text in texts])

    def predict_proba(self, texts):
        return self.predict(texts).astype(float)


def test_cross_validation_pools_every_comment_once() -> None:
    texts = ["a", "b", "a b", "c", "a", "b c", "a", "c", "b", "a c"] * 3
    truth = np.array([[int(t in s.split()) for t in IDS] for s in texts])
    truth[0] = [0, 1]  # one row the rule gets wrong: fn for b, fp for a
    result = cross_validate_themes(
        texts, truth, IDS, estimator_factory=WordMatcher, n_splits=5, n_boot=50
    )
    direct = theme_metrics(truth, WordMatcher().predict(texts), IDS, n_boot=50)
    assert result["themes"] == direct["themes"]
    assert result["themes"]["a"]["fp"] == 1 and result["themes"]["b"]["fn"] == 1
    assert result["n_splits"] == 5 and len(result["fold_micro_f1"]) == 5
    assert sum(v["support"] for v in result["themes"].values()) == truth.sum()


def test_cross_validation_with_the_classifier_is_repeatable(mh_comments, strategy) -> None:
    texts, Y = mh_comments.part("train")

    def factory() -> ThemeClassifier:
        return ThemeClassifier(framework=strategy, embedder="tfidf")

    ids = mh_comments.theme_ids
    first = cross_validate_themes(texts[:150], Y[:150], ids, estimator_factory=factory,
                                  n_splits=3, n_boot=100)
    again = cross_validate_themes(texts[:150], Y[:150], ids, estimator_factory=factory,
                                  n_splits=3, n_boot=100)
    assert first == again
    assert 0.0 < first["micro"]["f1"] <= 1.0
    assert set(first["themes"]) == set(ids)


def test_learning_curve_sizes_and_held_out_set() -> None:
    rng = np.random.default_rng(0)
    words = np.array(["a", "b", "c"])
    texts = [" ".join(rng.choice(words, size=2)) + f" r{n}" for n in range(120)]
    truth = np.array([[int(t in s.split()) for t in IDS] for s in texts])
    curve = learning_curve_themes(
        texts, truth, IDS, estimator_factory=WordMatcher, sizes=(0, 10, 50, 500),
        test_size=40, n_repeats=2, n_boot=20,
    )
    assert isinstance(curve, pd.DataFrame)
    assert curve["size"].tolist() == [0, 10, 50, 0, 10, 50]  # 500 > the 80 left: skipped
    assert (curve["n_test"] == 40).all()
    assert (curve["micro_f1"] == 1.0).all()  # the rule is exact on this data
    assert {"macro_f1_lo", "f1_a", "f1_b", "top1_accuracy", "fit_seconds"} <= set(curve.columns)
    again = learning_curve_themes(
        texts, truth, IDS, estimator_factory=WordMatcher, sizes=(0, 10, 50, 500),
        test_size=40, n_repeats=2, n_boot=20,
    )
    pd.testing.assert_frame_equal(
        curve.drop(columns=["fit_seconds", "predict_seconds"]),
        again.drop(columns=["fit_seconds", "predict_seconds"]),
    )


def test_learning_curve_uses_given_test_rows_and_disjoint_training() -> None:
    seen: list[list[str]] = []

    class Recorder(WordMatcher):
        def fit(self, texts, Y=None):
            seen.append(list(texts))
            return self

    texts = [f"a row{i}" for i in range(30)]
    truth = np.tile([1, 0], (30, 1))
    test_rows = list(range(20, 30))
    learning_curve_themes(texts, truth, IDS, estimator_factory=Recorder, sizes=(5, 20),
                          test_indices=test_rows, n_boot=0)
    held_out = {texts[i] for i in test_rows}
    assert [len(s) for s in seen] == [5, 20]
    assert all(not held_out & set(s) for s in seen)
    assert set(seen[0]) <= set(seen[1])  # nested training sets


def test_shape_errors() -> None:
    with pytest.raises(ValueError, match="n_comments"):
        theme_metrics(Y_TRUE, Y_PRED[:2], IDS)
    with pytest.raises(ValueError, match="n_splits"):
        cross_validate_themes(["a"], [[1, 0]], IDS, estimator_factory=WordMatcher)


class Memoriser:
    """Learns nothing but the exact texts it was shown: agreement can only come from a
    test comment that was also a training comment."""

    def fit(self, texts, Y):
        self.seen_ = {t: row for t, row in zip(texts, np.asarray(Y), strict=True)}
        self.width_ = np.asarray(Y).shape[1]
        return self

    def predict(self, texts):
        return np.array([self.seen_.get(t, np.zeros(self.width_, int)) for t in texts])


def test_identical_answers_share_a_fold_so_repeats_do_not_inflate_agreement() -> None:
    texts = [f"answer {n}" for n in range(12)] * 4  # everyone said one of 12 things
    truth = np.array([[n % 2, 1 - n % 2] for n in range(12)] * 4)
    result = cross_validate_themes(texts, truth, IDS, estimator_factory=Memoriser,
                                   n_splits=4, n_boot=0)
    assert result["micro"]["f1"] == 0.0  # nothing it memorised is ever tested
    split_apart = cross_validate_themes(texts, truth, IDS, estimator_factory=Memoriser,
                                        n_splits=4, n_boot=0, groups=range(len(texts)))
    assert split_apart["micro"]["f1"] > 0.9


def test_repeated_cross_validation_lists_each_repeat_and_keeps_the_first_as_headline() -> None:
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(["a", "b", "c"], size=2)) + f" {n}" for n in range(60)]
    truth = np.array([[int(t in s.split()) for t in IDS] for s in texts])
    truth[rng.random(60) < 0.2] = [1, 1]  # some rows the word rule cannot get right
    once = cross_validate_themes(texts, truth, IDS, estimator_factory=WordMatcher, n_boot=0)
    thrice = cross_validate_themes(texts, truth, IDS, estimator_factory=WordMatcher, n_boot=0,
                                   n_repeats=3)
    assert len(thrice["repeat_micro_f1"]) == 3 and len(thrice["repeat_macro_f1"]) == 3
    assert thrice["micro"] == once["micro"] and thrice["repeat_micro_f1"][0] == once[
        "micro"]["f1"]


def test_learning_curve_holds_out_every_copy_of_a_repeated_answer() -> None:
    texts = [f"answer {n}" for n in range(12)] * 4
    truth = np.array([[n % 2, 1 - n % 2] for n in range(12)] * 4)
    curve = learning_curve_themes(texts, truth, IDS, estimator_factory=Memoriser, sizes=(10, 30),
                                  test_size=12, n_boot=0)
    assert (curve["n_test"] == 12).all()  # three distinct answers, four copies each
    assert (curve["micro_f1"] == 0.0).all()  # none of them was in a training set


def test_given_held_out_rows_keep_their_repeated_answers_out_of_training() -> None:
    texts = [f"answer {n}" for n in range(12)] * 4
    truth = np.array([[n % 2, 1 - n % 2] for n in range(12)] * 4)
    curve = learning_curve_themes(texts, truth, IDS, estimator_factory=Memoriser, sizes=(24,),
                                  test_indices=range(6), n_boot=0)
    assert curve["micro_f1"].tolist() == [0.0]  # copies of answers 0-5 are never trained on
