"""Double-coding samples: comments several reviewers code blind, kept in the audit trail."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from engage import audit
from engage.models import AuditEvent, Coding, Comment, Exercise, Flag, utcnow
from engage.workflow.errors import WorkflowError
from engage.workflow.visibility import PERSONAL


@dataclass
class Sample:
    """Comments that several reviewers code, each without seeing the others' labels."""

    name: str
    reviewers: list[str]
    comment_ids: list[str]
    created_by: str
    created_at: datetime


def samples(session: Session, exercise: Exercise) -> list[Sample]:
    """Agreement samples, oldest first (kept in the audit trail, which is append-only)."""
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.exercise_id == exercise.id,
            AuditEvent.entity == "sample",
            AuditEvent.action == "assign",
        )
        .order_by(AuditEvent.id)
    ).all()
    return [
        Sample(
            e.entity_key,
            list(e.after["reviewers"]),
            list(e.after["comments"]),
            e.actor,
            e.at,
        )
        for e in events
    ]


def assigned_comments(session: Session, exercise: Exercise, reviewer: str) -> list[str]:
    """Comment ids in agreement samples that include ``reviewer``."""
    return [c for s in samples(session, exercise) if reviewer in s.reviewers for c in s.comment_ids]


def assign_sample(
    session: Session,
    exercise: Exercise,
    reviewers: Sequence[str],
    size: int,
    actor: str,
    *,
    seed: int = 0,
    name: str | None = None,
) -> Sample:
    """Choose ``size`` comments nobody has labelled yet for ``reviewers`` to code blind."""
    reviewers = sorted({r.strip() for r in reviewers if r.strip()})
    if len(reviewers) < 2:
        raise WorkflowError("choose at least two reviewers")
    if size < 1:
        raise WorkflowError("the sample needs at least one comment")
    existing = samples(session, exercise)
    name = (name or f"sample {len(existing) + 1}").strip()
    if any(s.name == name for s in existing):
        raise WorkflowError(f"there is already a sample called {name!r}")
    used = {c for s in existing for c in s.comment_ids}
    coded = select(Coding.id).where(Coding.comment_pk == Comment.id, Coding.current)
    personal = select(Flag.id).where(
        Flag.comment_pk == Comment.id, Flag.kind == PERSONAL, Flag.status == "open"
    )
    candidates = [
        cid
        for cid in session.scalars(
            select(Comment.comment_id)
            .where(Comment.exercise_id == exercise.id, ~exists(coded), ~exists(personal))
            .order_by(Comment.id)
        )
        if cid not in used
    ]
    if not candidates:
        raise WorkflowError("every comment has already been labelled or sampled")
    chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))
    audit.record(
        session,
        exercise,
        actor,
        "assign",
        "sample",
        name,
        None,
        {"reviewers": reviewers, "comments": chosen},
    )
    session.flush()
    return Sample(name, reviewers, chosen, actor, utcnow())
