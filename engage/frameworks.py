"""An exercise's theme framework in the store: load, show, and turn back into a Framework."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.models import Exercise, ThemeRecord
from themes.framework import DEFAULT_FRAMEWORK, Framework, Theme, load_framework


def _snapshot(record: ThemeRecord) -> dict[str, object]:
    return {
        "name": record.name,
        "description": record.description,
        "keywords": list(record.keywords),
        "examples": list(record.examples),
        "status": record.status,
    }


def load_into(
    session: Session, exercise: Exercise, framework: Framework, actor: str = "cli"
) -> list[ThemeRecord]:
    """Make ``framework`` the exercise's framework; themes not in it are retired, not deleted."""
    existing = {
        r.theme_id: r
        for r in session.scalars(select(ThemeRecord).where(ThemeRecord.exercise_id == exercise.id))
    }
    records = []
    for position, theme in enumerate(framework.themes):
        record = existing.pop(theme.id, None)
        before = _snapshot(record) if record else None
        if record is None:
            record = ThemeRecord(exercise_id=exercise.id, theme_id=theme.id)
            session.add(record)
        record.name = theme.name
        record.description = theme.description
        record.keywords = list(theme.keywords)
        record.examples = list(theme.examples)
        record.status = "active"
        record.position = position
        record.updated_by = actor
        records.append(record)
        if before != _snapshot(record):
            audit.record(
                session, exercise, actor, "load", "theme", theme.id, before, _snapshot(record)
            )
    for record in existing.values():
        if record.status == "active":
            before = _snapshot(record)
            record.status = "retired"
            audit.record(
                session,
                exercise,
                actor,
                "retire",
                "theme",
                record.theme_id,
                before,
                _snapshot(record),
            )
    exercise.framework_name = framework.name
    exercise.framework_description = framework.description
    session.flush()
    return records


@dataclass
class FrameworkChange:
    """What loading a framework would change, to show before it is done."""

    retired: list[str] = field(default_factory=list)  # names of themes that stop being used
    added: list[str] = field(default_factory=list)  # names of new themes
    reverted: list[tuple[str, str]] = field(default_factory=list)  # (name now, name after)
    redescribed: list[str] = field(default_factory=list)  # descriptions that change

    @property
    def nothing(self) -> bool:
        return not (self.retired or self.added or self.reverted or self.redescribed)


def preview_load(session: Session, exercise: Exercise, framework: Framework) -> FrameworkChange:
    """What :func:`load_into` would do to the exercise's themes (nothing is written): themes
    retired, added, and names or descriptions people changed that go back to the file's."""
    current = {r.theme_id: r for r in session.scalars(
        select(ThemeRecord).where(ThemeRecord.exercise_id == exercise.id,
                                  ThemeRecord.status == "active"))}
    change = FrameworkChange()
    for theme in framework.themes:
        record = current.pop(theme.id, None)
        if record is None:
            change.added.append(theme.name)
            continue
        if record.name != theme.name:
            change.reverted.append((record.name, theme.name))
        if (record.description or "") != theme.description:
            change.redescribed.append(theme.name)
    change.retired = [r.name for r in current.values()]
    return change


def active_themes(session: Session, exercise: Exercise) -> list[ThemeRecord]:
    """The exercise's active themes in order; loads the default framework the first time."""
    records = session.scalars(
        select(ThemeRecord)
        .where(ThemeRecord.exercise_id == exercise.id, ThemeRecord.status == "active")
        .order_by(ThemeRecord.position, ThemeRecord.id)
    ).all()
    if not records and exercise.framework_name is None:
        return load_into(session, exercise, load_framework(DEFAULT_FRAMEWORK), actor="default")
    return list(records)


def active_theme_ids(session: Session, exercise: Exercise) -> set[str] | None:
    """Ids of the exercise's active themes, read only; ``None`` before any framework is set
    (unlike :func:`active_themes`, nothing is written)."""
    ids = set(session.scalars(
        select(ThemeRecord.theme_id)
        .where(ThemeRecord.exercise_id == exercise.id, ThemeRecord.status == "active")
    ))
    return ids or None


def framework_of(session: Session, exercise: Exercise) -> Framework:
    """The exercise's current framework as reviewers have shaped it."""
    themes = [
        Theme(r.theme_id, r.name, r.description, tuple(r.keywords), tuple(r.examples))
        for r in active_themes(session, exercise)
    ]
    return Framework(
        exercise.framework_name or "framework", tuple(themes),
        description=exercise.framework_description or "",
    )


def theme_resolver(records: list[ThemeRecord]) -> Callable[[str], tuple[str, str | None]]:
    """Map what a labels or actions file says (theme id or name, any case) to
    ``(theme id, problem)``."""
    ids = {r.theme_id for r in records}
    folded: dict[str, set[str]] = defaultdict(set)
    for r in records:
        folded[r.theme_id.casefold()].add(r.theme_id)
    by_name: dict[str, set[str]] = defaultdict(set)
    for r in records:
        by_name[" ".join(r.name.split()).casefold()].add(r.theme_id)

    def resolve(given: str) -> tuple[str, str | None]:
        if given in ids:
            return given, None
        key = " ".join(given.split()).casefold()
        found = folded.get(key) or by_name.get(key) or set()
        if len(found) == 1:
            return next(iter(found)), None
        if found:
            return given, f"theme {given!r} could be any of {sorted(found)}: use the theme id"
        close = difflib.get_close_matches(key, [*folded, *by_name], n=1, cutoff=0.75)
        hint = ""
        if close:
            suggestion = next(iter(folded.get(close[0]) or by_name[close[0]]))
            hint = f" (did you mean {suggestion!r}?)"
        return given, f"unknown theme id {given!r}{hint}"

    return resolve
