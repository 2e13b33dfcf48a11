"""Safe writes: one transaction per change, retried when the database is momentarily busy,
and cheap fingerprints that tell the app when its cached data went stale."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from engage.models import AuditEvent, Coding, Comment, Exercise, Flag, Suggestion
from engage.store import Store

T = TypeVar("T")

_RETRYABLE = (
    "database is locked",
    "database is busy",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
)


def is_retryable(exc: BaseException) -> bool:
    """True for a clash between simultaneous writers that succeeds when simply tried again."""
    return isinstance(exc, DBAPIError) and any(m in str(exc).lower() for m in _RETRYABLE)


def run_write(
    store: Store,
    work: Callable[[Session], T],
    *,
    attempts: int = 15,
    first_delay: float = 0.02,
    max_delay: float = 1.0,
) -> T:
    """Run ``work(session)`` in one transaction, retrying when the database is momentarily busy.

    On SQLite the transaction takes the write lock at once (``BEGIN IMMEDIATE``), so writers
    queue instead of overwriting each other; if one waits longer than the busy timeout, SQLite
    says "database is locked". PostgreSQL may report a deadlock or serialisation failure. All
    of these are safe to retry from scratch, so ``work`` must load what it needs from the
    session it is given. Other errors are raised unchanged.
    """
    sqlite = store.engine.dialect.name == "sqlite"
    for attempt in range(attempts):
        session = store.session()
        try:
            with session.begin():
                if sqlite:
                    # Take the write lock first, so what ``work`` reads cannot go stale
                    # before it writes (the driver would otherwise begin only at the first
                    # write); other writers wait up to the busy timeout.
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts - 1 or not is_retryable(exc):
                raise
        finally:
            session.close()
        delay = min(max_delay, first_delay * 2**attempt)
        time.sleep(delay * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def analysis_version(session: Session, exercise: Exercise) -> tuple[Any, ...]:
    """Changes whenever the model's suggestions change (new analysis or new comments)."""
    latest, count = session.execute(
        select(func.max(Suggestion.analysed_at), func.count())
        .select_from(Suggestion)
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
    ).one()
    return ((exercise.analysis_state or {}).get("model_key"), latest, count)


def data_version(session: Session, exercise: Exercise) -> tuple[Any, ...]:
    """A cheap fingerprint that changes whenever comments, analysis or decisions change."""
    return (
        session.scalar(
            select(func.max(AuditEvent.id)).where(AuditEvent.exercise_id == exercise.id)
        ),
        session.scalar(
            select(func.count()).select_from(Comment).where(Comment.exercise_id == exercise.id)
        ),
        session.scalar(select(func.max(Coding.id))),
        session.scalar(select(func.max(Flag.id))),
        *analysis_version(session, exercise),
    )
