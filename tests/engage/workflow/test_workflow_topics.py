"""Emergent topics: promote one to a theme, keep or dismiss it."""

from __future__ import annotations

import pandas as pd
import pytest

from engage import workflow as wf
from engage.audit import audit_frame
from engage.models import TopicRecord
from engage.store import Store


def test_promote_an_emergent_topic(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        s.add(
            TopicRecord(
                exercise_id=ex.id,
                topic_id=3,
                label="transport, taxi, bus",
                size=12,
                keywords=["transport", "taxi", "bus"],
                representatives=["R07", "R04"],
            )
        )
        s.flush()
        topics = wf.topics_frame(s, ex)
        assert topics["label"].tolist() == ["transport, taxi, bus"]
        theme = wf.promote_topic(s, ex, 3, "Ali", name="Getting there")
        assert (theme.theme_id, theme.origin, theme.keywords, theme.description) == (
            "getting-there",
            "topic",
            [],  # key phrases as keywords would match everywhere
            "Getting there",
        )
        assert len(theme.examples) == 2 and "Wilhelmina" not in " ".join(theme.examples)
        assert wf.topics_frame(s, ex)["status"].tolist() == ["promoted"]
        with pytest.raises(wf.WorkflowError, match="already a theme"):
            wf.promote_topic(s, ex, 3, "Ali")
        with pytest.raises(wf.WorkflowError, match="no topic number 9"):
            wf.promote_topic(s, ex, 9, "Ali")


def test_keep_or_dismiss_a_topic(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="food", size=5))
        s.flush()
        wf.set_topic_status(s, ex, 0, "dismissed", "Ali")
        assert wf.topics_frame(s, ex)["status"].tolist() == ["dismissed"]
        with pytest.raises(wf.WorkflowError, match="new, kept or dismissed"):
            wf.set_topic_status(s, ex, 0, "promoted", "Ali")
        assert audit_frame(s, ex)["action"].tolist()[-1] == "dismissed"


def test_topics_say_which_theme_covers_them_and_unexpected_ones_come_first(
    review_store: Store,
) -> None:
    from sqlalchemy import select

    from engage.models import Comment, Suggestion

    groups = {1: ["R01", "R08", "R04"], 2: ["R05", "R06"], 4: ["R06x"]}
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        for topic, ids in groups.items():
            s.add(TopicRecord(exercise_id=ex.id, topic_id=topic, label=f"topic {topic}",
                              size=10 * topic))
            for suggestion in s.scalars(
                select(Suggestion).join(Comment)
                .where(Comment.comment_id.in_(ids))
            ):
                suggestion.topic = topic
        s.flush()
        # A person's coding counts over the model's: R04 recoded from integration to access.
        wf.code_comment(s, ex, wf.comment_by_id(s, ex, "R04"), "Ali", ["access"], "negative")
        by_size = wf.topics_frame(s, ex)
        unexpected_first = wf.topics_frame(s, ex, order="new")
    assert by_size["topic_id"].tolist() == [4, 2, 1]
    assert unexpected_first["topic_id"].tolist() == [4, 2, 1]
    rows = unexpected_first.set_index("topic_id")
    assert (rows.loc[1, "main_theme"], rows.loc[1, "main_share"]) == ("Access to services", 1.0)
    assert rows.loc[2, "main_share"] == 0.5 and rows.loc[2, "main_theme"].startswith("Stigma")
    assert pd.isna(rows.loc[4, "main_theme"]) and rows.loc[4, "main_share"] == 0.0
    with pytest.raises(ValueError, match="order"):
        wf.topics_frame(s, ex, order="alphabetical")


def test_a_topic_of_general_remarks_comes_after_new_subjects(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="good, thanks", size=40,
                          general_share=0.9))
        s.add(TopicRecord(exercise_id=ex.id, topic_id=1, label="parking, bus", size=8))
        s.add(TopicRecord(exercise_id=ex.id, topic_id=2, label="mostly general", size=30,
                          general_share=0.4))
        s.flush()
        unexpected_first = wf.topics_frame(s, ex, order="new")
    assert unexpected_first["topic_id"].tolist() == [1, 2, 0]
    assert unexpected_first.set_index("topic_id").loc[0, "general_share"] == 0.9
