"""Emergent topics: list them, keep or dismiss them, or promote one to a theme."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.models import Comment, Exercise, Suggestion, ThemeRecord, TopicRecord
from engage.workflow.errors import WorkflowError
from engage.workflow.themeedits import _add_theme_record, _snapshot
from engage.workflow.visibility import hidden_pks


def topics_frame(session: Session, exercise: Exercise, *, order: str = "size") -> pd.DataFrame:
    """Emergent topics: ``topic_id, label, size, keywords, status, examples, main_theme,
    main_share, general_share``.

    ``main_theme`` is the name of the active theme most of the topic's comments are in (a
    person's coding over the model's; missing when none has a theme), ``main_share`` the share
    of its comments in that theme (0 when none), ``general_share`` the share with no particular
    subject ("Good", "Nothing to add": :func:`themes.topics.is_general`). ``order="size"``:
    largest first; ``"new"``: what the framework did not expect first, i.e. topics least
    covered by any one theme or by general remarks (the larger of the two shares), then largest
    first.
    """
    if order not in ("size", "new"):
        raise ValueError(f"order must be 'size' or 'new', got {order!r}")
    topics = session.scalars(
        select(TopicRecord)
        .where(TopicRecord.exercise_id == exercise.id)
        .order_by(TopicRecord.size.desc(), TopicRecord.topic_id)
    ).all()
    columns = ["topic_id", "label", "size", "keywords", "status", "examples", "main_theme",
               "main_share", "general_share"]
    ids = {cid for t in topics for cid in (t.representatives or [])}
    texts = _visible_texts(session, exercise, ids)
    coverage = _theme_coverage(session, exercise)
    rows = []
    for t in topics:
        main_theme, main_share = coverage.get(t.topic_id, (None, 0.0))
        rows.append({
            "topic_id": t.topic_id,
            "label": t.label,
            "size": t.size,
            "keywords": ", ".join(t.keywords or []),
            "status": t.status,
            "examples": [texts[c] for c in (t.representatives or []) if c in texts],
            "main_theme": main_theme,
            "main_share": main_share,
            "general_share": t.general_share or 0.0,
        })
    frame = pd.DataFrame(rows, columns=columns)
    if order == "new" and not frame.empty:
        covered = frame[["main_share", "general_share"]].max(axis=1)
        frame = (frame.assign(_covered=covered)
                 .sort_values(["_covered", "size"], ascending=[True, False], kind="stable")
                 .drop(columns="_covered").reset_index(drop=True))
    return frame


def _theme_coverage(session: Session, exercise: Exercise) -> dict[int, tuple[str | None, float]]:
    """Per topic, the active theme most of its comments are in, and their share."""
    from engage.workflow.themeboard import membership

    names = dict(session.execute(
        select(ThemeRecord.theme_id, ThemeRecord.name)
        .where(ThemeRecord.exercise_id == exercise.id, ThemeRecord.status == "active")
    ).all())
    themes = membership(session, exercise).themes
    members: dict[int, list[int]] = defaultdict(list)
    for pk, topic in session.execute(
        select(Suggestion.comment_pk, Suggestion.topic)
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Suggestion.topic.is_not(None))
    ):
        members[topic].append(pk)
    coverage = {}
    for topic, pks in members.items():
        counts = Counter(t for pk in pks for t in themes.get(pk, []) if t in names)
        if counts:
            theme, n = counts.most_common(1)[0]
            coverage[topic] = (names[theme], round(n / len(pks), 3))
    return coverage


def _visible_texts(
    session: Session, exercise: Exercise, comment_ids: Iterable[str]
) -> dict[str, str]:
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text).where(
            Comment.exercise_id == exercise.id, Comment.comment_id.in_(list(comment_ids))
        )
    ).all()
    hidden = hidden_pks(session, [r[0] for r in rows])
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
    name = name[:1].upper() + name[1:]
    # The theme is found by its name, description and example comments. The topic's key
    # phrases ("know what's, probably says") are not made its keywords: as keywords they would
    # match everywhere, and a merge would carry them into another theme.
    record = _add_theme_record(
        session,
        exercise,
        actor,
        name=name,
        description=(description or name).strip(),
        origin="topic",
        keywords=[],
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
