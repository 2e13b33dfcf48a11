"""The theme board: each theme with the evidence behind it, and which comments are in it.

A person's current coding of a comment counts over the model's suggestion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engage.frameworks import active_themes
from engage.models import (
    AuditEvent,
    Coding,
    Comment,
    Event,
    Exercise,
    Respondent,
    Suggestion,
    ThemeRecord,
)
from engage.reports.quotes import wording_key
from engage.workflow.visibility import HIDDEN_TEXT, hidden_pks

QUOTE_CHARS = (40, 400)  # representative quotes: long enough to say something, short to read
_QUOTE_POOL = 5  # candidates per quote wanted, so that repeats can be skipped


@dataclass
class ThemeCard:
    """A theme with the evidence behind it."""

    theme_id: str
    name: str
    description: str
    status: str
    version: int
    origin: str
    keywords: list[str]
    size: int = 0
    human: int = 0
    model: int = 0
    sentiment: dict[str, int] = field(default_factory=dict)
    key_phrases: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    updated_by: str | None = None
    updated_at: datetime | None = None
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    merged_into: str | None = None


@dataclass
class Membership:
    """Per comment: the themes that count (a person's coding wins over the model)."""

    themes: dict[int, list[str]]
    sentiment: dict[int, str | None]
    source: dict[int, str]
    confidence: dict[int, dict[str, float]]
    reasons: dict[int, dict[str, list[str]]]


def membership(session: Session, exercise: Exercise) -> Membership:
    """Which comments are in which theme: the newest current human coding, else the model."""
    m = Membership({}, {}, {}, {}, {})
    for pk, themes, sentiment, confidence, reasons in session.execute(
        select(
            Suggestion.comment_pk,
            Suggestion.themes,
            Suggestion.sentiment,
            Suggestion.confidence,
            Suggestion.reasons,
        )
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
    ):
        m.themes[pk] = list(themes or [])
        m.sentiment[pk] = sentiment
        m.source[pk] = "model"
        m.confidence[pk] = confidence or {}
        m.reasons[pk] = reasons or {}
    for pk, themes, sentiment in session.execute(
        select(Coding.comment_pk, Coding.themes, Coding.sentiment)
        .join(Comment, Coding.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ):
        m.themes[pk] = list(themes or [])
        m.source[pk] = "human"
        if sentiment:
            m.sentiment[pk] = sentiment
    return m


def overview_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """One row per comment for the overview charts (no text): ``source, respondent_group,
    locality, submitted, event_date, themes`` (``;``-joined, a person's coding over the
    model's) and ``sentiment``. Lighter than :func:`engage.export.comments_frame`."""
    rows = session.execute(
        select(
            Comment.id,
            Comment.source,
            Respondent.group,
            func.coalesce(Respondent.locality, Event.locality),
            Respondent.submitted,
            Event.date,
            Suggestion.themes,
            Suggestion.sentiment,
        )
        .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
        .join(Event, Comment.event_id == Event.id, isouter=True)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .where(Comment.exercise_id == exercise.id)
        .order_by(Comment.id)
    ).all()
    columns = [
        "pk",
        "source",
        "respondent_group",
        "locality",
        "submitted",
        "event_date",
        "themes",
        "sentiment",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["themes"] = frame["themes"].map(lambda t: ";".join(t) if isinstance(t, list) else "")
    frame["theme_source"] = np.where(frame["sentiment"].notna(), "model", "none")
    human = {
        pk: (themes, sentiment)
        for pk, themes, sentiment in session.execute(
            select(Coding.comment_pk, Coding.themes, Coding.sentiment)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(Comment.exercise_id == exercise.id, Coding.current)
            .order_by(Coding.created_at, Coding.id)
        )
    }
    if human:
        coded = frame["pk"].isin(list(human))
        frame.loc[coded, "themes"] = frame.loc[coded, "pk"].map(lambda pk: ";".join(human[pk][0]))
        frame.loc[coded, "theme_source"] = "human"
        moods = frame["pk"].map(lambda pk: human.get(pk, (None, None))[1])
        frame["sentiment"] = moods.where(moods.notna(), frame["sentiment"])
    return frame


def _distinct(ranked: list[int], bodies: dict[int, str]) -> list[int]:
    """``ranked`` without comments that repeat an earlier one's words (case and punctuation
    aside): the same words typed twice, or sent by several people, are quoted once."""
    seen: set[str] = set()
    kept = []
    for pk in ranked:
        key = wording_key(bodies.get(pk, ""))
        if key not in seen:
            seen.add(key)
            kept.append(pk)
    return kept


def theme_board(
    session: Session, exercise: Exercise, *, quotes: int = 3, include_inactive: bool = False
) -> list[ThemeCard]:
    """Every theme with its size, sentiment split, key phrases and representative quotes."""
    active_themes(session, exercise)
    query = select(ThemeRecord).where(ThemeRecord.exercise_id == exercise.id)
    if not include_inactive:
        query = query.where(ThemeRecord.status == "active")
    records = session.scalars(query.order_by(ThemeRecord.position, ThemeRecord.id)).all()
    m = membership(session, exercise)
    hidden = hidden_pks(session)
    lengths = dict(
        session.execute(
            select(Comment.id, func.length(Comment.text)).where(Comment.exercise_id == exercise.id)
        ).all()
    )
    confirms = {}
    for key, actor, at, action in session.execute(
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.at, AuditEvent.action)
        .where(AuditEvent.exercise_id == exercise.id, AuditEvent.entity == "theme")
        .order_by(AuditEvent.id)
    ):
        confirms[key] = (actor, at) if action == "confirm" else None
    cards = []
    for r in records:
        members = [pk for pk, themes in m.themes.items() if r.theme_id in themes]
        phrases: Counter[str] = Counter()
        for pk in members:
            for phrase in m.reasons.get(pk, {}).get(r.theme_id, []):
                phrases[phrase.lower()] += 1
        ranked = sorted(
            (pk for pk in members if pk not in hidden),
            key=lambda pk: (
                m.source[pk] != "human",
                not QUOTE_CHARS[0] <= lengths.get(pk, 0) <= QUOTE_CHARS[1],
                -m.confidence.get(pk, {}).get(r.theme_id, 0),
            ),
        )[: quotes * _QUOTE_POOL]
        rows = session.execute(
            select(Comment.id, Comment.comment_id, Comment.text).where(Comment.id.in_(ranked))
        ).all()
        texts = {pk: cid for pk, cid, _ in rows}
        bodies = {pk: body for pk, _, body in rows}
        ranked = _distinct(ranked, bodies)[:quotes]
        confirmed = confirms.get(r.theme_id)
        cards.append(
            ThemeCard(
                theme_id=r.theme_id,
                name=r.name,
                description=r.description,
                status=r.status,
                version=r.version,
                origin=r.origin,
                keywords=list(r.keywords or []),
                size=len(members),
                human=sum(m.source[pk] == "human" for pk in members),
                model=sum(m.source[pk] == "model" for pk in members),
                sentiment=dict(Counter(m.sentiment.get(pk) or "not known" for pk in members)),
                key_phrases=[p for p, _ in phrases.most_common(8)] or list(r.keywords or [])[:8],
                quotes=[(texts[pk], bodies[pk]) for pk in ranked],
                updated_by=r.updated_by,
                updated_at=r.updated_at,
                confirmed_by=confirmed[0] if confirmed else None,
                confirmed_at=confirmed[1] if confirmed else None,
                merged_into=r.merged_into,
            )
        )
    return cards


def theme_members(
    session: Session, exercise: Exercise, theme_id: str, *, limit: int | None = None
) -> pd.DataFrame:
    """The comments in a theme: ``pk, comment_id, text, decided_by, confidence``."""
    m = membership(session, exercise)
    pks = [pk for pk, themes in m.themes.items() if theme_id in themes]
    pks.sort(key=lambda pk: (m.source[pk] != "human", -m.confidence.get(pk, {}).get(theme_id, 0)))
    pks = pks[:limit] if limit else pks
    texts = dict(session.execute(select(Comment.id, Comment.text).where(Comment.id.in_(pks))).all())
    ids = dict(
        session.execute(select(Comment.id, Comment.comment_id).where(Comment.id.in_(pks))).all()
    )
    hidden = hidden_pks(session, pks)
    return pd.DataFrame(
        [
            {
                "pk": pk,
                "comment_id": ids[pk],
                "text": HIDDEN_TEXT if pk in hidden else texts[pk],
                "decided_by": "person" if m.source[pk] == "human" else "computer",
                "confidence": round(float(m.confidence.get(pk, {}).get(theme_id, 0.0)), 2),
            }
            for pk in pks
        ],
        columns=["pk", "comment_id", "text", "decided_by", "confidence"],
    )
