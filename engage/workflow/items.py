"""Comments as reviewers see them: redacted text, context, the model's suggestion and flags.

Only a reviewer's own coding is shown: reviewers stay blind to each other's labels. Once a
reviewer has saved their own decision, :func:`colleague_codings` says who else coded the
comment, and how (never for comments in their agreement sample, which are coded blind).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engage.frameworks import active_theme_ids
from engage.models import (
    Coding,
    Comment,
    Event,
    Exercise,
    Flag,
    Question,
    Respondent,
    Suggestion,
)
from engage.workflow.errors import WorkflowError
from engage.workflow.samples import assigned_comments
from engage.workflow.visibility import HIDDEN_TEXT, PERSONAL, SAFEGUARDING


@dataclass
class FlagInfo:
    """A flag on a comment, for display."""

    id: int
    comment_pk: int
    kind: str
    category: str
    sentence: str
    raised_by: str
    status: str
    note: str | None
    created_at: datetime
    cleared_by: str | None
    cleared_at: datetime | None


def _flag_info(flag: Flag) -> FlagInfo:
    return FlagInfo(
        flag.id,
        flag.comment_pk,
        flag.kind,
        flag.category,
        flag.sentence,
        flag.raised_by,
        flag.status,
        flag.note,
        flag.created_at,
        flag.cleared_by,
        flag.cleared_at,
    )


@dataclass
class ReviewItem:
    """One comment as a reviewer sees it: redacted text, context, the model's suggestion."""

    pk: int
    comment_id: str
    text: str
    hidden: bool
    source: str
    question: str | None
    group: str | None
    locality: str | None
    event: str | None
    submitted: Any
    suggested: list[str]
    confidence: dict[str, float]
    reasons: dict[str, list[str]]
    model_sentiment: str | None
    my_themes: list[str] | None
    my_sentiment: str | None
    flags: list[FlagInfo]
    assigned: bool = False

    @property
    def start_sentiment(self) -> str | None:
        """The tone the reviewer's form starts with: their own earlier choice, else none.

        Never the computer's guess (:attr:`model_sentiment`, shown beside the choice as text):
        a button pressed without choosing a tone must not save the guess as a person's answer.
        """
        return self.my_sentiment

    def confident(self, sure: float) -> list[str]:
        """The suggested themes the computer is at least ``sure`` of (what starts ticked, and
        all that *Accept the suggestion* saves)."""
        return [t for t in self.suggested if self.confidence.get(t, 0) >= sure]

    def decision(
        self, action: str, ticked: Iterable[str], sentiment: str | None, *, sure: float
    ) -> tuple[list[str], str | None] | None:
        """What a review button saves: ``(themes, sentiment)``, or None when there is nothing
        to save (*accept* with no suggestion at least ``sure``).

        ``action`` is ``"save"`` (the reviewer's own ``ticked`` themes), ``"accept"`` (the
        confident suggestions only, whatever is ticked) or ``"none"`` (no theme fits).
        ``sentiment`` is the tone the reviewer chose, None if they chose none: the computer's
        guess is never saved as theirs.
        """
        if action == "accept":
            themes = self.confident(sure)
            if not themes:
                return None
        elif action == "none":
            themes = []
        elif action == "save":
            themes = list(ticked)
        else:
            raise ValueError(f"unknown review action {action!r}")
        return themes, sentiment or None

    def colleagues(
        self, session: Session, exercise: Exercise, reviewer: str, *,
        since: datetime | None = None,
    ) -> list[ColleagueCoding]:
        """Who else has coded this comment, and how: :func:`colleague_codings`."""
        return colleague_codings(session, exercise, self.pk, reviewer, since=since)

    @property
    def open_flags(self) -> list[FlagInfo]:
        """Flags nobody has cleared yet."""
        return [f for f in self.flags if f.status == "open"]

    @property
    def safeguarding(self) -> list[FlagInfo]:
        """Open safeguarding flags."""
        return [f for f in self.open_flags if f.kind == SAFEGUARDING]


def comment_by_id(session: Session, exercise: Exercise, comment_id: str) -> Comment:
    """The exercise's comment with this id."""
    found = session.scalar(
        select(Comment).where(Comment.exercise_id == exercise.id, Comment.comment_id == comment_id)
    )
    if found is None:
        raise WorkflowError(f"there is no comment {comment_id!r}")
    return found


def comment_by_pk(session: Session, exercise: Exercise, pk: int) -> Comment:
    """The exercise's comment with this database key."""
    found = session.get(Comment, pk)
    if found is None or found.exercise_id != exercise.id:
        raise WorkflowError(f"there is no comment number {pk}")
    return found


def _current_coding(session: Session, comment: Comment, reviewer: str) -> Coding | None:
    return session.scalar(
        select(Coding).where(
            Coding.comment_pk == comment.id, Coding.reviewer == reviewer, Coding.current
        )
    )


def review_items(
    session: Session, exercise: Exercise, pks: Sequence[int], reviewer: str
) -> list[ReviewItem]:
    """The comments ``pks`` (in that order) as ``reviewer`` sees them.

    Only ``reviewer``'s own coding is included: reviewers stay blind to each other's labels.
    """
    if not pks:
        return []
    rows = session.execute(
        select(Comment, Suggestion, Respondent, Question.text, Event.name, Event.locality)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
        .join(Question, Comment.question_id == Question.id, isouter=True)
        .join(Event, Comment.event_id == Event.id, isouter=True)
        .where(Comment.exercise_id == exercise.id, Comment.id.in_(list(pks)))
    ).all()
    mine = {
        c.comment_pk: c
        for c in session.scalars(
            select(Coding).where(
                Coding.comment_pk.in_(list(pks)), Coding.reviewer == reviewer, Coding.current
            )
        )
    }
    flags: dict[int, list[FlagInfo]] = defaultdict(list)
    for flag in session.scalars(
        select(Flag).where(Flag.comment_pk.in_(list(pks))).order_by(Flag.id)
    ):
        flags[flag.comment_pk].append(_flag_info(flag))
    assigned = set(assigned_comments(session, exercise, reviewer))
    known = active_theme_ids(session, exercise)

    def current(theme_id: str) -> bool:
        return known is None or theme_id in known

    items = {}
    for comment, suggestion, respondent, question, event, event_locality in rows:
        hidden = any(f.kind == PERSONAL and f.status == "open" for f in flags[comment.id])
        coding = mine.get(comment.id)
        items[comment.id] = ReviewItem(
            pk=comment.id,
            comment_id=comment.comment_id,
            text=HIDDEN_TEXT if hidden else comment.text,
            hidden=hidden,
            source=comment.source,
            question=question,
            group=respondent.group if respondent else None,
            locality=(respondent.locality if respondent else None) or event_locality,
            event=event,
            submitted=respondent.submitted if respondent else None,
            # Suggestions made before a theme was retired, merged or split leave it out.
            suggested=[t for t in suggestion.themes if current(t)] if suggestion else [],
            confidence={t: p for t, p in suggestion.confidence.items() if current(t)}
            if suggestion else {},
            reasons={t: r for t, r in suggestion.reasons.items() if current(t)}
            if suggestion else {},
            model_sentiment=suggestion.sentiment if suggestion else None,
            my_themes=list(coding.themes) if coding else None,
            my_sentiment=coding.sentiment if coding else None,
            flags=flags[comment.id],
            assigned=comment.comment_id in assigned,
        )
    return [items[pk] for pk in pks if pk in items]


@dataclass
class ColleagueCoding:
    """Another reviewer's current coding of a comment."""

    reviewer: str
    themes: list[str]
    sentiment: str | None
    at: datetime

    def same_as(self, themes: Iterable[str], sentiment: str | None) -> bool:
        """True when this coding says the same as ``themes`` and ``sentiment``."""
        return sorted(set(self.themes)) == sorted(set(themes)) and self.sentiment == sentiment


def _aware(when: datetime) -> datetime:
    """``when`` with its time zone (SQLite gives back UTC times without one)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def colleague_codings(
    session: Session,
    exercise: Exercise,
    comment_pk: int,
    reviewer: str,
    *,
    since: datetime | None = None,
) -> list[ColleagueCoding]:
    """Who else has coded comment ``comment_pk``, and how: other reviewers' current codings,
    oldest first; with ``since``, only those saved at or after it (e.g. since the page showed
    ``reviewer`` the comment).

    For a comment in one of ``reviewer``'s agreement samples this is always empty: those are
    coded by several people on purpose, and blind.
    """
    comment = comment_by_pk(session, exercise, comment_pk)
    if comment.comment_id in set(assigned_comments(session, exercise, reviewer)):
        return []
    rows = session.scalars(
        select(Coding)
        .where(Coding.comment_pk == comment.id, Coding.reviewer != reviewer, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ).all()
    found = [ColleagueCoding(c.reviewer, list(c.themes), c.sentiment, _aware(c.created_at))
             for c in rows]
    if since is not None:
        found = [c for c in found if c.at >= _aware(since)]
    return found
