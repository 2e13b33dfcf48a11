"""The audit trail: every decision recorded with who, when, before and after."""

from __future__ import annotations

import getpass
from typing import Any

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engage.models import AuditEvent, Exercise


def command_line_actor() -> str:
    """Who a change from the command line or a script is recorded as: ``cli (<OS account>)``,
    so a shared server's History says which account ran it."""
    try:
        return f"cli ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name known (some containers)
        return "cli"


def record(
    session: Session,
    exercise: Exercise | None,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the session (committed with the change it describes); ``actor``
    ``"cli"`` (every library function's default) is recorded as :func:`command_line_actor`. With no
    ``exercise``, a change to the whole store (an account), shown in every exercise's history."""
    event = AuditEvent(
        exercise_id=exercise.id if exercise is not None else None,
        actor=command_line_actor() if actor == "cli" else actor,
        action=action,
        entity=entity,
        entity_key=key,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def audit_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """The exercise's audit trail, with changes to the whole store (accounts), oldest first."""
    events = session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.exercise_id == exercise.id, AuditEvent.exercise_id.is_(None)))
        .order_by(AuditEvent.id)
    ).all()
    columns = ["at", "actor", "action", "entity", "entity_key", "before", "after"]
    return pd.DataFrame([{c: getattr(e, c) for c in columns} for e in events], columns=columns)
