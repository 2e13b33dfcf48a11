"""Emergent topics: list them, keep or dismiss them, or promote one to a theme."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.models import Comment, Exercise, ThemeRecord, TopicRecord
from engage.workflow.errors import WorkflowError
from engage.workflow.themeedits import _add_theme_record, _snapshot
from engage.workflow.visibility import _hidden_pks


def topics_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """Emergent topics: ``topic_id, label, size, keywords, status, examples`` (largest first)."""
    topics = session.scalars(
        select(TopicRecord)
        .where(TopicRecord.exercise_id == exercise.id)
        .order_by(TopicRecord.size.desc(), TopicRecord.topic_id)
    ).all()
    columns = ["topic_id", "label", "size", "keywords", "status", "examples"]
    ids = {cid for t in topics for cid in (t.representatives or [])}
    texts = _visible_texts(session, exercise, ids)
    return pd.DataFrame(
        [
            {
                "topic_id": t.topic_id,
                "label": t.label,
                "size": t.size,
                "keywords": ", ".join(t.keywords or []),
                "status": t.status,
                "examples": [texts[c] for c in (t.representatives or []) if c in texts],
            }
            for t in topics
        ],
        columns=columns,
    )


def _visible_texts(
    session: Session, exercise: Exercise, comment_ids: Iterable[str]
) -> dict[str, str]:
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text).where(
            Comment.exercise_id == exercise.id, Comment.comment_id.in_(list(comment_ids))
        )
    ).all()
    hidden = _hidden_pks(session, [r[0] for r in rows])
    return {cid: text for pk, cid, text in rows if pk not in hidden}


def _topic(session: Session, exercise: Exercise, topic_id: int) -> TopicRecord:
    topic = session.scalar(
        select(TopicRecord).where(
            TopicRecord.exercise_id == exercise.id, TopicRecord.topic_id == topic_id
        )
    )
    if topic is None:
        raise WorkflowError(f"there is no topic number {topic_id}")
    return topic


def promote_topic(
    session: Session,
    exercise: Exercise,
    topic_id: int,
    actor: str,
    *,
    name: str | None = None,
    description: str | None = None,
) -> ThemeRecord:
    """Make an emergent topic a theme of the framework (used from the next analysis on)."""
    topic = _topic(session, exercise, topic_id)
    if topic.status == "promoted":
        raise WorkflowError("this topic is already a theme")
    examples = list(_visible_texts(session, exercise, topic.representatives or []).values())[:3]
    name = (name or topic.label).strip()
    record = _add_theme_record(
        session,
        exercise,
        actor,
        name=name[:1].upper() + name[1:],
        description=description or f"Emergent topic: {topic.label}",
        origin="topic",
        keywords=list(topic.keywords or [])[:8],
        examples=examples,
    )
    before = {"topic": topic.topic_id, "status": topic.status}
    topic.status = "promoted"
    audit.record(
        session,
        exercise,
        actor,
        "promote",
        "theme",
        record.theme_id,
        before,
        {"topic": topic.topic_id, "status": "promoted", "theme": _snapshot(record)},
    )
    return record


def set_topic_status(
    session: Session, exercise: Exercise, topic_id: int, status: str, actor: str
) -> TopicRecord:
    """Keep or dismiss an emergent topic (promote with :func:`promote_topic`)."""
    if status not in ("new", "kept", "dismissed"):
        raise WorkflowError("a topic can be new, kept or dismissed")
    topic = _topic(session, exercise, topic_id)
    before = {"status": topic.status}
    topic.status = status
    audit.record(
        session,
        exercise,
        actor,
        status if status != "new" else "reopen",
        "topic",
        str(topic_id),
        before,
        {"status": status, "label": topic.label},
    )
    return topic
