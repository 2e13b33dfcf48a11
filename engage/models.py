"""SQLAlchemy models: the engagement store's tables.

The schema is created and upgraded by Alembic (``engage/migrations``); these classes are the
single definition the migrations were written from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base for every table."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Exercise(Base):
    """One engagement exercise (a listening exercise with its own framework)."""

    __tablename__ = "exercise"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    framework_name: Mapped[str | None] = mapped_column(String(300))
    framework_description: Mapped[str | None] = mapped_column(Text)
    analysis_state: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SourceFile(Base):
    """A file given to ``engage ingest``, with its ingest report."""

    __tablename__ = "source_file"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Event(Base):
    """A workshop, public event or forum whose notes were ingested."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    audience: Mapped[str | None] = mapped_column(String(300))
    locality: Mapped[str | None] = mapped_column(String(200))
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    __table_args__ = (UniqueConstraint("exercise_id", "name", "date", name="uq_event"),)


class Respondent(Base):
    """One person (a survey or Easy Read form row)."""

    __tablename__ = "respondent"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    group: Mapped[str | None] = mapped_column(String(100))
    locality: Mapped[str | None] = mapped_column(String(200))
    submitted: Mapped[date | None] = mapped_column(Date)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str] = mapped_column(String(20))
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    __table_args__ = (
        UniqueConstraint("exercise_id", "source", "external_id", name="uq_respondent"),
    )


class Question(Base):
    """A question, open (free text) or closed, under its canonical id."""

    __tablename__ = "question"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    canonical_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # open | closed
    __table_args__ = (UniqueConstraint("exercise_id", "canonical_id", name="uq_question"),)


class Comment(Base):
    """A piece of free text. Only ``text`` (redacted) is ever shown, modelled or exported."""

    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    comment_id: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(20))  # survey | notes | easyread
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    redactions: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("respondent.id"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    section: Mapped[str | None] = mapped_column(String(500))
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    row_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    respondent: Mapped[Respondent | None] = relationship()
    question: Mapped[Question | None] = relationship()
    event: Mapped[Event | None] = relationship()
    __table_args__ = (
        UniqueConstraint("exercise_id", "comment_id", name="uq_comment_id"),
        UniqueConstraint("exercise_id", "content_hash", name="uq_comment_hash"),
    )


class ClosedAnswer(Base):
    """An answer to a closed question; ``score`` holds 1-5 for smiley scales."""

    __tablename__ = "closed_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    value: Mapped[str] = mapped_column(Text)
    score: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("respondent_id", "question_id", name="uq_closed_answer"),)


class ThemeRecord(Base):
    """A theme of an exercise's framework, as reviewers have shaped it (versioned)."""

    __tablename__ = "theme"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    theme_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    examples: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active|retired|merged
    merged_into: Mapped[str | None] = mapped_column(String(100))
    origin: Mapped[str] = mapped_column(String(20), default="framework")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("exercise_id", "theme_id", name="uq_theme"),)


class Coding(Base):
    """One reviewer's complete coding of one comment (themes may be empty: no theme applies)."""

    __tablename__ = "coding"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_pk: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    themes: Mapped[list[Any]] = mapped_column(default=list)
    sentiment: Mapped[str | None] = mapped_column(String(10))
    current: Mapped[bool] = mapped_column(default=True, index=True)
    origin: Mapped[str] = mapped_column(String(20), default="import")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Suggestion(Base):
    """The model's analysis of a comment; kept beside human codings, never overwritten."""

    __tablename__ = "suggestion"
    comment_pk: Mapped[int] = mapped_column(ForeignKey("comment.id"), primary_key=True)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    confidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reasons: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sentiment: Mapped[str | None] = mapped_column(String(10))
    sentiment_score: Mapped[float | None] = mapped_column()
    theme_sentiment: Mapped[dict[str, Any]] = mapped_column(default=dict)
    topic: Mapped[int | None] = mapped_column(Integer)
    readability: Mapped[dict[str, Any]] = mapped_column(default=dict)
    text_hash: Mapped[str] = mapped_column(String(64))
    model_key: Mapped[str] = mapped_column(String(64))
    analysed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TopicRecord(Base):
    """An emergent topic found by topic modelling."""

    __tablename__ = "topic"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    topic_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    representatives: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="new")  # new|kept|promoted|dismissed
    # Share of the topic's comments with no particular subject ("Good", "Nothing to add").
    general_share: Mapped[float] = mapped_column(default=0.0, server_default="0")
    __table_args__ = (UniqueConstraint("exercise_id", "topic_id", name="uq_topic"),)


class Flag(Base):
    """A safeguarding (or missed personal detail) flag that a person must clear."""

    __tablename__ = "flag"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_pk: Mapped[int] = mapped_column(ForeignKey("comment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # safeguarding | personal-details
    category: Mapped[str] = mapped_column(String(50))
    sentence: Mapped[str] = mapped_column(Text, default="")
    raised_by: Mapped[str] = mapped_column(String(200), default="model")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | cleared
    cleared_by: Mapped[str | None] = mapped_column(String(200))
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("comment_pk", "kind", "category", name="uq_flag"),)


class AuditEvent(Base):
    """Who changed what, when: labels, themes, flags (before and after)."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for changes to the whole store (accounts), shown in every exercise's history.
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercise.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_key: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EmbeddingRecord(Base):
    """A cached sentence embedding, keyed by model and text hash (so unchanged text is reused)."""

    __tablename__ = "embedding"
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Action(Base):
    """ "We did": something done or planned in response, linked to one or more themes."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercise.id"), index=True)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    reason: Mapped[str | None] = mapped_column(Text)  # why, when status is not-doing
    due: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(String(1000))
    commitment: Mapped[str | None] = mapped_column(String(300))
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A local account for the review app (password stored as an Argon2 hash)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # team | reviewer | admin
    password_hash: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
    # Wrong passwords in a row (reset by a right one or a new password), and until when
    # sign-in is refused after too many: a guesser cannot start again by reloading the page.
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInSession(Base):
    """A browser's signed-in session, so reloading the app does not sign the person out.

    Only the SHA-256 of the token is stored; the browser keeps the token in a cookie.
    """

    __tablename__ = "sign_in_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
