"""What reviewers may see: a comment with an open "personal details" flag is hidden from them
until :func:`engage.workflow.flags.reredact` has masked the details again."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from engage.models import Comment, Flag

HIDDEN_TEXT = "[Hidden: this comment is waiting for personal details to be removed.]"
PERSONAL = "personal-details"
SAFEGUARDING = "safeguarding"


def hidden_pks(session: Session, pks: Iterable[int] | None = None) -> set[int]:
    """The comments (of ``pks``, or all) hidden until missed personal details are removed."""
    query = select(Flag.comment_pk).where(Flag.kind == PERSONAL, Flag.status == "open")
    if pks is not None:
        query = query.where(Flag.comment_pk.in_(list(pks)))
    return set(session.scalars(query))


def is_hidden(session: Session, comment: Comment) -> bool:
    """True while the comment has an open "personal details" flag."""
    return bool(hidden_pks(session, [comment.id]))


def shown_text(session: Session, comment: Comment) -> str:
    """The text a reviewer may see: the redacted text, or a notice while it is hidden."""
    return HIDDEN_TEXT if is_hidden(session, comment) else comment.text
