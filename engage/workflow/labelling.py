"""Labelling: every reviewer decision about a comment's themes and sentiment.

Each decision is a complete coding saved through :func:`engage.labels.save_coding`; the audit
entry also keeps what the model suggested at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.frameworks import active_theme_ids, active_themes
from engage.labels import SENTIMENTS, save_coding
from engage.models import AuditEvent, Coding, Comment, Exercise, Suggestion
from engage.workflow.errors import NotReviewable, WorkflowError
from engage.workflow.items import _current_coding
from engage.workflow.visibility import is_hidden


def _check_reviewable(session: Session, comment: Comment) -> None:
    if is_hidden(session, comment):
        raise NotReviewable(
            f"comment {comment.comment_id} is waiting for personal details to be removed; "
            "it can be labelled once that is done"
        )


def _check_themes(session: Session, exercise: Exercise, themes: Iterable[str]) -> list[str]:
    known = {t.theme_id for t in active_themes(session, exercise)}
    themes = list(themes)
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise WorkflowError(f"not a current theme: {', '.join(unknown)}")
    return themes


def _check_sentiment(sentiment: str | None) -> str | None:
    if sentiment in (None, ""):
        return None
    if sentiment not in SENTIMENTS:
        raise WorkflowError(f"sentiment must be one of {', '.join(SENTIMENTS)}")
    return sentiment


def _lock_comment(session: Session, comment: Comment) -> None:
    """Serialise codings of one comment (PostgreSQL row lock; SQLite has one writer anyway)."""
    session.execute(select(Comment.id).where(Comment.id == comment.id).with_for_update())


#: The longest reviewer's note kept with a decision.
MAX_NOTE = 1000


def code_comment(
    session: Session,
    exercise: Exercise,
    comment: Comment,
    reviewer: str,
    themes: Iterable[str],
    sentiment: str | None = None,
    note: str | None = None,
) -> Coding | None:
    """Record ``reviewer``'s complete coding (an empty list means "no theme fits").

    The audit entry also keeps what the model suggested at that moment, so the machine's
    original suggestion is never lost, and the reviewer's ``note`` (why they coded it so; at
    most :data:`MAX_NOTE` characters), which is recorded even when the coding is unchanged.
    Returns None when the coding did not change.
    """
    note = " ".join((note or "").split())[:MAX_NOTE] or None
    _check_reviewable(session, comment)
    themes = _check_themes(session, exercise, themes)
    sentiment = _check_sentiment(sentiment)
    _lock_comment(session, comment)
    suggestion = session.get(Suggestion, comment.id)
    model = (
        {"themes": list(suggestion.themes), "sentiment": suggestion.sentiment}
        if suggestion
        else None
    )
    coding = save_coding(session, exercise, comment, reviewer, themes, sentiment, origin="app")
    if coding is not None:
        for obj in list(session.new):
            if (
                isinstance(obj, AuditEvent)
                and obj.action == "label"
                and obj.entity_key == comment.comment_id
                and obj.actor == reviewer
            ):
                obj.after = {**(obj.after or {}), "model": model}
                if note:
                    obj.after = {**obj.after, "note": note}
    elif note:
        audit.record(session, exercise, reviewer, "note", "comment", comment.comment_id,
                     after={"note": note})
    return coding


def _starting_point(
    session: Session, comment: Comment, reviewer: str
) -> tuple[list[str], str | None]:
    """The reviewer's current coding, else the model's suggested themes (no sentiment)."""
    coding = _current_coding(session, comment, reviewer)
    if coding is not None:
        return list(coding.themes), coding.sentiment
    suggestion = session.get(Suggestion, comment.id)
    return (list(suggestion.themes) if suggestion else []), None


def accept_suggestion(
    session: Session,
    exercise: Exercise,
    comment: Comment,
    reviewer: str,
    themes: Iterable[str] | None = None,
) -> Coding | None:
    """Accept the model's suggested themes (or only ``themes`` of them)."""
    suggestion = session.get(Suggestion, comment.id)
    current = active_theme_ids(session, exercise)
    suggested = ([t for t in suggestion.themes if current is None or t in current]
                 if suggestion else [])
    chosen = suggested if themes is None else [t for t in themes if t in suggested]
    coding = _current_coding(session, comment, reviewer)
    keep = list(coding.themes) if coding else []
    sentiment = coding.sentiment if coding else None
    return code_comment(session, exercise, comment, reviewer, [*keep, *chosen], sentiment)


def reject_suggestion(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, theme: str
) -> Coding | None:
    """Say ``theme`` does not apply; the other themes stay as they are."""
    themes, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(
        session, exercise, comment, reviewer, [t for t in themes if t != theme], sentiment
    )


def add_theme(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, theme: str
) -> Coding | None:
    """Add a theme the model missed."""
    themes, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, {*themes, theme}, sentiment)


def no_theme_fits(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str
) -> Coding | None:
    """Record that none of the themes fits this comment."""
    _, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, [], sentiment)


def correct_sentiment(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, sentiment: str
) -> Coding | None:
    """Set the comment's sentiment (positive, neutral or negative)."""
    themes, _ = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, themes, sentiment)
