"""Changing themes: rename, confirm, retire, merge and split, each one versioned.

Every change names the version of the theme the person was looking at; if someone else changed
it meanwhile the change is refused with :class:`ThemeChanged` (optimistic locking). The audit
trail keeps each theme as it was before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engage import audit
from engage.frameworks import active_themes
from engage.models import Coding, Comment, Exercise, Suggestion, ThemeRecord, utcnow
from engage.workflow.errors import ThemeChanged, WorkflowError
from engage.workflow.queue import _json_has
from engage.workflow.themeboard import membership
from surveys.mapping import slugify


def _snapshot(record: ThemeRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "description": record.description,
        "status": record.status,
        "merged_into": record.merged_into,
        "keywords": list(record.keywords or []),
        "version": record.version,
    }


def _theme(session: Session, exercise: Exercise, theme_id: str) -> ThemeRecord:
    active_themes(session, exercise)
    record = session.scalar(
        select(ThemeRecord).where(
            ThemeRecord.exercise_id == exercise.id, ThemeRecord.theme_id == theme_id
        )
    )
    if record is None:
        raise WorkflowError(f"there is no theme {theme_id!r}")
    return record


def _check_version(record: ThemeRecord, expected: int | None) -> None:
    if expected is not None and record.version != expected:
        raise ThemeChanged(
            f"'{record.name}' was changed by {record.updated_by or 'someone else'} while you "
            "were looking at it. Your change was not saved: look at the latest version and "
            "try again."
        )


def _check_editable(record: ThemeRecord, expected_version: int | None) -> None:
    """Refuse a theme that changed since ``expected_version`` (None: no check) or is inactive."""
    _check_version(record, expected_version)
    if record.status != "active":
        raise WorkflowError(f"'{record.name}' is {record.status}, not an active theme")


def _save(session: Session, record: ThemeRecord, actor: str) -> None:
    """Stamp who changed the theme and write it; a change made at the same moment is refused."""
    record.updated_by = actor
    record.updated_at = utcnow()
    name = record.name
    try:
        session.flush()
    except StaleDataError as exc:
        raise ThemeChanged(
            f"'{name}' was changed by someone else at the same moment. Your change was "
            "not saved: look at the latest version and try again."
        ) from exc


@dataclass
class _ThemeChange:
    """A change in progress: the theme, its snapshot before, and more for the audit to say."""

    record: ThemeRecord
    before: dict[str, Any]
    details: dict[str, Any] = field(default_factory=dict)


@contextmanager
def _change_theme(
    session: Session,
    exercise: Exercise,
    theme_id: str,
    expected_version: int | None,
    actor: str,
    action: str,
    *,
    skip_unchanged: bool = False,
) -> Iterator[_ThemeChange]:
    """Change one active theme in the ``with`` block; then save it and audit ``action``.

    Before the block the change is refused if the theme changed since ``expected_version`` or
    is not active. After it the theme is stamped with ``actor`` and written (refused if someone
    changed it at the same moment), and the audit keeps its snapshots before and after; when
    the block set ``details``, the after part is ``{"source": snapshot, **details}``. Nothing
    is stamped or audited if the block raises, nor, with ``skip_unchanged``, if it left the
    theme as it was.
    """
    record = _theme(session, exercise, theme_id)
    _check_editable(record, expected_version)
    change = _ThemeChange(record, _snapshot(record))
    yield change
    if skip_unchanged and _snapshot(record) == change.before:
        return
    _save(session, record, actor)
    after = _snapshot(record)
    if change.details:
        after = {"source": after, **change.details}
    audit.record(session, exercise, actor, action, "theme", theme_id, change.before, after)


def edit_theme(
    session: Session,
    exercise: Exercise,
    theme_id: str,
    actor: str,
    *,
    expected_version: int | None,
    name: str | None = None,
    description: str | None = None,
) -> ThemeRecord:
    """Rename a theme and/or edit its description (refused if it changed meanwhile)."""
    with _change_theme(
        session, exercise, theme_id, expected_version, actor, "edit", skip_unchanged=True
    ) as change:
        record = change.record
        if name is not None:
            if not name.strip():
                raise WorkflowError("a theme needs a name")
            record.name = name.strip()
        if description is not None:
            record.description = description.strip()
    return change.record


def confirm_theme(
    session: Session, exercise: Exercise, theme_id: str, actor: str, *, expected_version: int | None
) -> ThemeRecord:
    """Record that a person has checked this theme and agrees with it as it stands."""
    with _change_theme(session, exercise, theme_id, expected_version, actor, "confirm") as change:
        pass  # nothing changes: the new version and the audit record the check
    return change.record


def retire_theme(
    session: Session, exercise: Exercise, theme_id: str, actor: str, *, expected_version: int | None
) -> ThemeRecord:
    """Stop using a theme; people's codings keep it for the record."""
    with _change_theme(session, exercise, theme_id, expected_version, actor, "retire") as change:
        change.record.status = "retired"
    return change.record


def retired_themes(session: Session, exercise: Exercise) -> dict[str, str]:
    """``{theme id: name}`` of the exercise's retired themes (merged ones are not listed)."""
    return dict(session.execute(
        select(ThemeRecord.theme_id, ThemeRecord.name)
        .where(ThemeRecord.exercise_id == exercise.id, ThemeRecord.status == "retired",
               ThemeRecord.merged_into.is_(None))
        .order_by(ThemeRecord.position, ThemeRecord.id)
    ).all())


def restore_theme(session: Session, exercise: Exercise, theme_id: str, actor: str) -> ThemeRecord:
    """Use a retired theme again (the model suggests it from the next analysis)."""
    record = _theme(session, exercise, theme_id)
    if record.status != "retired":
        raise WorkflowError(f"'{record.name}' is {record.status}, not a retired theme")
    before = _snapshot(record)
    record.status = "active"
    _save(session, record, actor)
    audit.record(session, exercise, actor, "restore", "theme", theme_id, before,
                 _snapshot(record))
    return record


def _move_theme(
    session: Session,
    exercise: Exercise,
    source: str,
    target: str,
    pks: set[int] | None = None,
) -> tuple[list[str], int]:
    """Replace ``source`` by ``target`` in current codings and suggestions (optionally only of
    ``pks``); returns the comment ids whose codings moved and how many suggestions moved."""
    moved: list[str] = []
    codings = session.execute(
        select(Coding, Comment.comment_id)
        .join(Comment, Coding.comment_pk == Comment.id)
        .where(
            Comment.exercise_id == exercise.id,
            Coding.current,
            _json_has(Coding.themes, source),
        )
    ).all()
    for coding, comment_id in codings:
        if source in coding.themes and (pks is None or coding.comment_pk in pks):
            coding.themes = sorted({*coding.themes, target} - {source})
            moved.append(comment_id)
    suggestions = session.scalars(
        select(Suggestion)
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, _json_has(Suggestion.themes, source))
    ).all()
    n_suggestions = 0
    for s in suggestions:
        if source not in s.themes or (pks is not None and s.comment_pk not in pks):
            continue
        s.themes = [t for t in s.themes if t != source] + ([] if target in s.themes else [target])
        confidence = dict(s.confidence)
        confidence[target] = max(confidence.get(target, 0.0), confidence.get(source, 0.0))
        s.confidence = confidence
        reasons = dict(s.reasons)
        reasons[target] = list(dict.fromkeys([*reasons.get(target, []), *reasons.pop(source, [])]))
        s.reasons = reasons
        n_suggestions += 1
    return sorted(set(moved)), n_suggestions


def merge_themes(
    session: Session,
    exercise: Exercise,
    source: str,
    target: str,
    actor: str,
    *,
    expected_versions: dict[str, int] | None = None,
) -> ThemeRecord:
    """Merge theme ``source`` into ``target``: its comments move, it is kept as "merged"."""
    if source == target:
        raise WorkflowError("choose two different themes to merge")
    a = _theme(session, exercise, source)
    b = _theme(session, exercise, target)
    for record in (a, b):
        _check_editable(record, (expected_versions or {}).get(record.theme_id))
    before = {"source": _snapshot(a), "target": _snapshot(b)}
    moved, n_suggestions = _move_theme(session, exercise, source, target)
    a.status = "merged"
    a.merged_into = target
    b.keywords = list(dict.fromkeys([*(b.keywords or []), *(a.keywords or [])]))
    b.examples = list(dict.fromkeys([*(b.examples or []), *(a.examples or [])]))
    for record in (a, b):
        _save(session, record, actor)
    after = {
        "source": _snapshot(a),
        "target": _snapshot(b),
        "codings_moved": len(moved),
        "suggestions_moved": n_suggestions,
        "comments": moved,
    }
    audit.record(session, exercise, actor, "merge", "theme", source, before, after)
    return b


def _new_theme_id(session: Session, exercise: Exercise, wanted: str) -> str:
    base = slugify(wanted).replace("_", "-")[:60] or "theme"
    taken = set(
        session.scalars(select(ThemeRecord.theme_id).where(ThemeRecord.exercise_id == exercise.id))
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _add_theme_record(
    session: Session,
    exercise: Exercise,
    actor: str,
    *,
    name: str,
    description: str,
    origin: str,
    keywords: list[str],
    examples: list[str],
    theme_id: str | None = None,
    after_position: int | None = None,
) -> ThemeRecord:
    if not name.strip():
        raise WorkflowError("a new theme needs a name")
    theme_id = _new_theme_id(session, exercise, theme_id or name)
    last = session.scalar(
        select(func.max(ThemeRecord.position)).where(ThemeRecord.exercise_id == exercise.id)
    )
    record = ThemeRecord(
        exercise_id=exercise.id,
        theme_id=theme_id,
        name=name.strip(),
        description=description.strip(),
        keywords=keywords,
        examples=examples,
        status="active",
        origin=origin,
        position=(last or 0) + 1 if after_position is None else after_position,
        updated_by=actor,
    )
    session.add(record)
    session.flush()
    return record


def split_theme(
    session: Session,
    exercise: Exercise,
    theme_id: str,
    comment_pks: Iterable[int],
    actor: str,
    *,
    new_name: str,
    description: str = "",
    expected_version: int | None,
) -> ThemeRecord:
    """Move the chosen comments of a theme into a new theme (people's codings and the model's
    suggestions alike); returns the new theme."""
    with _change_theme(session, exercise, theme_id, expected_version, actor, "split") as change:
        pks = set(comment_pks)
        if not pks:
            raise WorkflowError("choose at least one comment to move to the new theme")
        members = {pk for pk, themes in membership(session, exercise).themes.items()
                   if theme_id in themes}
        if members and members <= pks:
            raise WorkflowError(
                "that is every comment in the theme: choose only the comments that belong in "
                "the new theme (to rename the theme, change its name instead)"
            )
        new = _add_theme_record(
            session,
            exercise,
            actor,
            name=new_name,
            description=description,
            origin="split",
            keywords=[],
            examples=[],
        )
        moved, n_suggestions = _move_theme(session, exercise, theme_id, new.theme_id, pks)
        change.details = {
            "new_theme": new.theme_id,
            "new": _snapshot(new),
            "codings_moved": len(moved),
            "suggestions_moved": n_suggestions,
            "comments": moved,
        }
    return new
