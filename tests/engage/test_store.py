"""The store: migrations, SQLite tuning, exercise selection."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from engage import db
from engage.store import Store, StoreError

TABLES = {
    "exercise",
    "source_file",
    "event",
    "respondent",
    "question",
    "comment",
    "closed_answer",
    "theme",
    "coding",
    "suggestion",
    "topic",
    "flag",
    "audit_event",
    "embedding",
    "action",
    "app_user",
}


def test_migrations_create_every_table(store: Store) -> None:
    assert TABLES <= set(inspect(store.engine).get_table_names())
    assert db.is_current(store.engine)


def test_migrations_build_exactly_the_schema_the_models_describe(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from engage.models import Base

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_new_database_is_not_current_until_upgraded(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert not db.is_current(engine)
    db.upgrade(engine)
    assert db.is_current(engine)


def test_sqlite_uses_wal_and_a_busy_timeout(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_a_new_sqlite_store_and_its_files_are_private(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a usual default: new files readable by everyone
    try:
        store = Store(f"sqlite:///{tmp_path / 'new.db'}")
        with store.session() as s, s.begin():
            store.exercise(s, "Private", create=True)
        with db.engine_lock(store.engine, "ingest"):
            pass
    finally:
        os.umask(previous)
    files = sorted(tmp_path.iterdir())
    assert {f.name for f in files} >= {"new.db", "new.db-wal", "new.db.ingest.lock"}
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {
        f.name: 0o600 for f in files
    }


def test_default_url_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENGAGE_DB", raising=False)
    assert db.resolve_url() == "sqlite:///engage.db"
    monkeypatch.setenv("ENGAGE_DB", "postgresql+psycopg://u@h/db")
    assert db.resolve_url() == "postgresql+psycopg://u@h/db"
    assert db.resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_exercise_choice(store: Store) -> None:
    with store.session() as s:
        with pytest.raises(StoreError, match="empty"):
            store.exercise(s)
        store.exercise(s, "Autumn", create=True)
        assert store.exercise(s).name == "Autumn"
        store.exercise(s, "Spring", create=True)
        with pytest.raises(StoreError, match="several exercises.*'Autumn', 'Spring'"):
            store.exercise(s)
        with pytest.raises(StoreError, match="no exercise named 'Winter'"):
            store.exercise(s, "Winter")


def test_upgrade_keeps_data_written_by_the_first_schema(tmp_path: Path) -> None:
    from alembic import command

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(db.alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO exercise (name, created_at) VALUES ('Old', '2026-01-01')"))
    db.upgrade(engine)
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    with store.session() as s:
        exercise = store.exercise(s)
        assert (exercise.name, exercise.analysis_state) == ("Old", {})
