"""Labels in the shapes teams hold them become one 0/1 matrix, or a clear error."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import MultiLabelBinarizer

from themes.classifier import ThemeClassifier
from themes.framework import Framework
from themes.targets import label_matrix

# strategy ids: access, integration, crisis, carers, stigma
EXPECTED = np.array([
    [1, 0, 1, 0, 0],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 1, 0],
])


@pytest.mark.parametrize(
    "labels",
    [
        EXPECTED,
        EXPECTED.tolist(),
        sp.csr_matrix(EXPECTED),
        [["access", "crisis"], [], ["carers"]],
        [("Access to services", "CRISIS support"), None, {"carers"}],
        np.array([["access", "crisis"], [], ["carers"]], dtype=object),
        pd.Series([["crisis", "access"], [], ["Carers and families"]]),
        ["access;Crisis support", "", "carers"],
    ],
    ids=["array", "rows", "sparse", "id-lists", "names-and-missing", "object-array", "series",
         "as-exported"],
)
def test_every_shape_gives_the_same_matrix(strategy: Framework, labels: object) -> None:
    np.testing.assert_array_equal(label_matrix(labels, strategy, 3), EXPECTED)


def test_one_theme_per_comment_with_blanks_for_none(strategy: Framework) -> None:
    Y = label_matrix(["crisis", "", None, float("nan"), "Stigma, awareness and prevention"],
                     strategy, 5)
    assert Y.sum(axis=1).tolist() == [1, 0, 0, 0, 1]
    assert Y[0, 2] == 1 and Y[4, 4] == 1


def test_a_table_is_matched_by_column_name_not_position(strategy: Framework) -> None:
    table = pd.DataFrame(EXPECTED, columns=strategy.ids)
    shuffled = table[["stigma", "carers", "crisis", "access", "integration"]].rename(
        columns={"carers": "Carers", "access": "Access to services"})
    np.testing.assert_array_equal(label_matrix(shuffled, strategy, 3), EXPECTED)
    binarised = MultiLabelBinarizer(classes=strategy.ids).fit_transform(
        [["access", "crisis"], [], ["carers"]])
    np.testing.assert_array_equal(label_matrix(binarised, strategy, 3), EXPECTED)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([["access", "waiting"], [], []], r"labels\[0\]: unknown theme 'waiting'.*access, "),
        ([["access"], [3], []], r"labels\[1\]: expected a theme id or name, got int 3"),
        (["access;waiting", "", ""], r"labels\[0\]: unknown theme 'waiting'"),
        (pd.DataFrame(EXPECTED, columns=["access", "integration", "crisis", "carers", "x"]),
         r"label columns \['x'\] are not themes"),
        (pd.DataFrame(EXPECTED[:, :4], columns=["access", "integration", "crisis", "carers"]),
         r"no label column for themes \['stigma'\]"),
        ([["access"], []], r"\(3, 5\), got \(2, 5\)"),
    ],
)
def test_labels_that_could_be_misread_are_refused(
    strategy: Framework, labels: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        label_matrix(labels, strategy, 3)


def test_the_classifier_learns_the_same_from_lists_as_from_a_matrix(
    strategy: Framework, tfidf_embedder, mh_comments
) -> None:
    texts, Y = mh_comments.part("train")
    texts, Y = texts[:60], Y[:60]
    as_lists = [[strategy.ids[k] for k in np.flatnonzero(row)] for row in Y]
    by_matrix = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, Y)
    by_lists = ThemeClassifier(framework=strategy, embedder=tfidf_embedder).fit(texts, as_lists)
    np.testing.assert_array_equal(by_matrix.n_positive_, by_lists.n_positive_)
    np.testing.assert_allclose(by_matrix.predict_proba(texts[:10]),
                               by_lists.predict_proba(texts[:10]))
