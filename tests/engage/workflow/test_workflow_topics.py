"""Emergent topics: promote one to a theme, keep or dismiss it."""

from __future__ import annotations

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
        assert (theme.theme_id, theme.origin, theme.keywords[0]) == (
            "getting-there",
            "topic",
            "transport",
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
