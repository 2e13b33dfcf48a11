"""The audit trail: every decision recorded with who, when, before and after."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage.models import AuditEvent, Exercise


def record(
    session: Session,
    exercise: Exercise,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        exercise_id=exercise.id,
        actor=actor,
        action=action,
        entity=entity,
        entity_key=key,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def audit_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """The exercise's audit trail, oldest first."""
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.exercise_id == exercise.id).order_by(AuditEvent.id)
    ).all()
    columns = ["at", "actor", "action", "entity", "entity_key", "before", "after"]
    return pd.DataFrame([{c: getattr(e, c) for c in columns} for e in events], columns=columns)
