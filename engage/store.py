"""The engagement store: one object wrapping the database, used by the CLI, the app and tests."""

from __future__ import annotations

from alembic.util.exc import CommandError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from engage import db
from engage.models import ClosedAnswer, Comment, Event, Exercise, Respondent, SourceFile

DEFAULT_EXERCISE = "default"


class StoreError(Exception):
    """A problem the user can fix (unknown exercise, ambiguous choice...)."""


class Store:
    """The store at ``url`` (any SQLAlchemy URL; default ``ENGAGE_DB`` or ``./engage.db``).

    The schema is migrated to the newest version on open unless ``migrate=False``.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = db.resolve_url(url)
        try:
            self.engine = db.make_engine(self.url)
            if migrate:
                db.upgrade(self.engine)
        except (SQLAlchemyError, ValueError, ImportError, CommandError) as exc:
            raise StoreError(db.open_error(self.url, exc)) from exc

    @property
    def where(self) -> str:
        """The store's address as it may be shown (no password; a SQLite file's full path)."""
        return db.shown_url(self.url)

    def session(self) -> Session:
        """A new ORM session."""
        return db.session(self.engine)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def exercise(
        self, session: Session, name: str | None = None, *, create: bool = False
    ) -> Exercise:
        """The named exercise; with no name, the only one there is (or ``default`` to create)."""
        if name:
            found = session.scalar(select(Exercise).where(Exercise.name == name))
            if found is None and create:
                found = Exercise(name=name)
                session.add(found)
                session.flush()
            if found is None:
                raise StoreError(f"no exercise named {name!r}; known: {self._names(session)}")
            return found
        exercises = session.scalars(select(Exercise).order_by(Exercise.id)).all()
        if len(exercises) == 1:
            return exercises[0]
        if not exercises:
            if create:
                return self.exercise(session, DEFAULT_EXERCISE, create=True)
            raise StoreError(
                f"the store {self.where} is empty: run 'engage ingest' first (or name the store "
                "you meant with --db or ENGAGE_DB)")
        raise StoreError(f"several exercises; choose one with --exercise: {self._names(session)}")

    def exercise_names(self) -> list[str]:
        """Names of the store's exercises, oldest first."""
        with self.session() as s:
            return list(s.scalars(select(Exercise.name).order_by(Exercise.id)))

    @staticmethod
    def _names(session: Session) -> str:
        names = session.scalars(select(Exercise.name).order_by(Exercise.id)).all()
        return ", ".join(map(repr, names)) or "none"

    def exercises_overview(self) -> list[dict[str, object]]:
        """Each exercise, oldest first, with its number of comments and its framework's name."""
        from engage.ingest import default_framework_name

        with self.session() as s:
            counts = dict(s.execute(
                select(Comment.exercise_id, func.count()).group_by(Comment.exercise_id)).all())
            return [
                {"name": ex.name, "comments": counts.get(ex.id, 0),
                 "framework": ex.framework_name or default_framework_name()}
                for ex in s.scalars(select(Exercise).order_by(Exercise.id))
            ]

    def summary(self, exercise: str | None = None) -> dict[str, object]:
        """Counts of what the store holds for one exercise."""
        with self.session() as s:
            ex = self.exercise(s, exercise)

            def count(model: type, *where: object) -> int:
                return s.scalar(
                    select(func.count())
                    .select_from(model)
                    .where(model.exercise_id == ex.id, *where)
                )

            by_source = dict(
                s.execute(
                    select(Comment.source, func.count())
                    .where(Comment.exercise_id == ex.id)
                    .group_by(Comment.source)
                ).all()
            )
            by_group = dict(
                s.execute(
                    select(Respondent.group, func.count())
                    .where(Respondent.exercise_id == ex.id)
                    .group_by(Respondent.group)
                ).all()
            )
            closed = s.scalar(
                select(func.count())
                .select_from(ClosedAnswer)
                .join(Respondent)
                .where(Respondent.exercise_id == ex.id)
            )
            # A file ingested twice (the same bytes) is one file.
            files = s.scalar(
                select(func.count(func.distinct(func.coalesce(SourceFile.sha256, SourceFile.name))))
                .where(SourceFile.exercise_id == ex.id)
            )
            return {
                "exercise": ex.name,
                "files": files,
                "events": count(Event),
                "respondents": count(Respondent),
                "comments": count(Comment),
                "closed_answers": closed,
                "comments_by_source": by_source,
                "respondents_by_group": {k or "unknown": v for k, v in by_group.items()},
            }
