"""Double-coding and agreement: blind samples, Cohen's and Fleiss' kappa, model vs people."""

from __future__ import annotations

import math

import pytest
from sklearn.metrics import cohen_kappa_score

from engage import workflow as wf
from engage.store import Store


def ids(page: wf.QueuePage) -> list[str]:
    return [item.comment_id for item in page.items]


comment = wf.comment_by_id  # the exercise's comment with this id


def test_double_coding_is_blind_and_gives_kappa(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        sample = wf.assign_sample(s, ex, ["Ali", "Bea"], 4, "Sam", seed=1)
    assert len(sample.comment_ids) == 4
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        for who in ("Ali", "Bea"):
            page = wf.review_queue(s, ex, who, limit=4)
            assert set(ids(page)) == set(sample.comment_ids) and page.assigned_left == 4
        other = wf.review_queue(s, ex, "Cat", limit=50)
        assert not set(ids(other)) & set(sample.comment_ids)
        for cid in sample.comment_ids:
            wf.code_comment(s, ex, comment(s, ex, cid), "Ali", ["access"], "negative")
        first = sample.comment_ids[0]
        # Ali's labels do not take the sample off Bea's list, and Bea cannot see them.
        page = wf.review_queue(s, ex, "Bea", limit=10)
        assert page.assigned_left == 4 and all(i.my_themes is None for i in page.items[:4])
        for cid in sample.comment_ids:
            themes = ["access"] if cid != first else ["carers"]
            wf.code_comment(s, ex, comment(s, ex, cid), "Bea", themes, "negative")
        report = wf.agreement(s, ex, sample.name)
    assert report.complete == 4 and report.left == {"Ali": 0, "Bea": 0}
    access = report.themes.set_index("theme").loc["access"]
    assert access["method"] == "Cohen's kappa" and access["agreement"] == 0.75
    assert math.isclose(access["kappa"], cohen_kappa_score([1, 1, 1, 1], [0, 1, 1, 1]))
    assert set(report.disagreements["comment_id"]) == {first}
    assert set(report.disagreements["about"]) == {"Access to services", "Carers and families"}


def test_cohen_kappa_matches_scikit_learn() -> None:
    a = ["pos", "neg", "neg", "neu", "pos", "neg", "neu", "neu", "pos", "neg"]
    b = ["pos", "neg", "neu", "neu", "pos", "pos", "neu", "neg", "pos", "neg"]
    assert math.isclose(wf.cohen_kappa(a, b), cohen_kappa_score(a, b))
    assert math.isnan(wf.cohen_kappa([1, 1], [1, 1]))


def test_fleiss_kappa_on_the_textbook_example() -> None:
    # Fleiss (1971) worked example as given on Wikipedia: 10 items, 14 raters, kappa 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert round(wf.fleiss_kappa(table), 3) == 0.210
    assert math.isclose(
        wf.kappa([[1, 0, 1], [1, 0, 0], [1, 1, 1]]), wf.fleiss_kappa([[0, 3], [2, 1], [1, 2]])
    )


def test_three_reviewers_get_fleiss_kappa(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        sample = wf.assign_sample(s, ex, ["Ali", "Bea", "Cat"], 3, "Sam")
        for who in ("Ali", "Bea", "Cat"):
            for cid in sample.comment_ids:
                wf.code_comment(s, ex, comment(s, ex, cid), who, ["access"])
        report = wf.agreement(s, ex, sample.name)
    access = report.themes.set_index("theme").loc["access"]
    assert access["method"] == "Fleiss' kappa" and access["agreement"] == 1.0
    assert report.disagreements.empty


def test_sample_needs_two_reviewers(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        with pytest.raises(wf.WorkflowError, match="at least two reviewers"):
            wf.assign_sample(s, review_store.exercise(s), ["Ali"], 3, "Sam")


def test_model_versus_people_uses_what_the_reviewer_saw(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        assert wf.model_vs_human(s, ex) is None
        wf.accept_suggestion(s, ex, comment(s, ex, "R01"), "Ali")  # agrees: access
        wf.reject_suggestion(s, ex, comment(s, ex, "R02"), "Ali", "carers")  # model wrong
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Ali", ["crisis", "access"])
        result = wf.model_vs_human(s, ex, n_boot=50)
    assert result["compared"] == 3 and result["left_out"] == 0
    access, carers = result["themes"]["access"], result["themes"]["carers"]
    assert (access["tp"], access["fn"], access["fp"]) == (1, 1, 0)
    assert (carers["tp"], carers["fp"]) == (0, 1)
    assert result["themes"]["crisis"]["precision"] == 1.0


def test_comments_two_reviewers_coded_differently_are_listed_for_the_group(
    review_store: Store,
) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        assert wf.disputed_comments(s, ex).empty
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Ali", ["crisis"], None)
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Bea", [], None)
        wf.code_comment(s, ex, comment(s, ex, "R07"), "Ali", ["carers"], None)
        wf.code_comment(s, ex, comment(s, ex, "R07"), "Bea", ["carers"], None)
    with review_store.session() as s:
        disputed = wf.disputed_comments(s, review_store.exercise(s))
    assert disputed["comment_id"].tolist() == ["R03"]  # R07: they agree
    assert disputed.loc[0, "codings"] == "Ali: Crisis support; Bea: no theme"
    assert "crisis line" in disputed.loc[0, "text"]
