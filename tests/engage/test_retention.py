"""Deleting one exercise at the end of its retention period, on real SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from engage import cli as cli_module
from engage.actions import add_action
from engage.analysis import analyse
from engage.audit import command_line_actor
from engage.cli import cli
from engage.embedcache import StoreCachedEmbedder, text_hash
from engage.frameworks import framework_of
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import import_labels
from engage.models import AuditEvent, Base, Comment, EmbeddingRecord, TopicRecord, User
from engage.retention import KINDS, delete_exercise, exercise_contents
from engage.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "data" / "sample" / "events" / "kings-lynn-public-event.md"
SPRING, AUTUMN = "Spring 2026", "Autumn 2026"
PHONE = "07700 900123"  # in the Spring survey's original text only (redacted in its text)
SHARED = "More talking therapies please."  # a comment both exercises hold
# A comment longer than a database page: SQLite keeps it in overflow pages, which a plain
# DELETE only puts on the free list (text intact) until VACUUM or secure_delete clears them.
LONG = " ".join(["The quokka clinic waiting room needs more chairs and a water fountain."] * 90)
# Tables that belong to the whole store, not to an exercise.
STORE_WIDE = {"embedding", "app_user", "sign_in_session"}


class FakeSentenceModel:
    """Stands in for a sentence model, so vectors are cached as a real one's would be."""

    name = "fake-sentence-model"
    dim = 4

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        return np.ones((len(texts), self.dim), dtype=np.float32)


def _long_csv(tmp_path: Path) -> Path:
    path = tmp_path / "long.csv"
    path.write_text(f"id,What needs to change?\nL1,{LONG}\n", encoding="utf-8")
    return path


def _autumn_csv(tmp_path: Path) -> Path:
    path = tmp_path / "autumn.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "How satisfied are you?", "What needs to change?"])
        writer.writerow(["A1", "Satisfied", SHARED])
        writer.writerow(["A2", "Dissatisfied", "The wait for a memory clinic was eleven months."])
        writer.writerow(["A3", "Neither", "Carers are not told about discharge plans."])
    return path


def _add_review_work(store: Store, name: str, tmp_path: Path) -> None:
    """Labels, an action, a topic and cached embeddings for the exercise ``name``."""
    with store.session() as s, s.begin():
        ex = store.exercise(s, name)
        theme = framework_of(s, ex).ids[0]
        comment_ids = s.scalars(
            select(Comment.comment_id).where(Comment.exercise_id == ex.id).limit(2)).all()
        labels = tmp_path / f"labels-{ex.id}.csv"
        labels.write_text("comment_id,theme\n" + "".join(f"{c},{theme}\n" for c in comment_ids))
        report = import_labels(s, ex, labels, "amira")
        assert not report.problems, report.problems
        add_action(s, ex, themes=[theme], text=f"Do something for {name}", actor="amira")
        texts = s.scalars(select(Comment.text).where(Comment.exercise_id == ex.id)).all()
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="waiting", size=len(texts),
                          keywords=["wait"], representatives=list(texts[:2])))
    StoreCachedEmbedder(FakeSentenceModel(), store.engine).encode(texts)


@pytest.fixture
def two_exercises(store: Store, survey_csv: Path, tmp_path: Path, redactor) -> Store:
    spring = IngestOptions(exercise=SPRING)
    for report in ingest_paths(store, [survey_csv, NOTES, _long_csv(tmp_path)], spring,
                               redactor):
        assert report.error is None
    (report,) = ingest_paths(store, [_autumn_csv(tmp_path)], IngestOptions(exercise=AUTUMN),
                             redactor)
    assert report.error is None
    for name in (SPRING, AUTUMN):
        analyse(store, name, embedder="tfidf", topics=False)
        _add_review_work(store, name, tmp_path)
    # A store-wide change (an account) that must survive.
    from engage import users

    with store.session() as s, s.begin():
        users.add_user(s, "amira", "admin", "a long enough password 123")
    return store


def _paths_to_exercise() -> dict[str, list[str]]:
    """For each table, the foreign-key columns leading (directly) towards an exercise."""
    owners = {"exercise", "comment", "respondent", "question", "event", "source_file"}
    return {
        table.name: [
            f"{fk.parent.name}->{fk.column.table.name}"
            for fk in table.foreign_keys
            if fk.column.table.name in owners
        ]
        for table in Base.metadata.sorted_tables
    }


def rows_by_exercise(store: Store) -> dict[str, dict[int, int]]:
    """Per table, how many rows belong to each exercise id (worked out independently of the
    code under test, by following foreign keys up to the exercise)."""
    with store.engine.connect() as conn:
        owner: dict[str, dict[int, int]] = {"exercise": {}}
        for (pk,) in conn.execute(text("SELECT id FROM exercise")):
            owner["exercise"][pk] = pk
        for table in Base.metadata.sorted_tables:  # parents before children
            if table.name == "exercise":
                continue
            key = [c.name for c in table.primary_key.columns]
            found: dict[object, int] = {}
            for row in conn.execute(select(table)).mappings():
                ids = set()
                if "exercise_id" in row and row["exercise_id"] is not None:
                    ids.add(row["exercise_id"])
                for fk in table.foreign_keys:
                    parent = owner.get(fk.column.table.name)
                    value = row[fk.parent.name]
                    if parent is not None and value is not None and fk.parent.name != "exercise_id":
                        ids.add(parent[value])
                assert len(ids) <= 1, f"{table.name} row {dict(row)} spans exercises"
                if ids:
                    found[tuple(row[k] for k in key) if len(key) > 1 else row[key[0]]] = ids.pop()
            owner[table.name] = found
    counts: dict[str, dict[int, int]] = {}
    for table, rows in owner.items():
        per: dict[int, int] = {}
        for ex_id in rows.values():
            per[ex_id] = per.get(ex_id, 0) + 1
        counts[table] = per
    return counts


def exercise_id(store: Store, name: str) -> int:
    with store.session() as s:
        return store.exercise(s, name).id


def test_every_table_is_either_store_wide_or_reaches_an_exercise() -> None:
    paths = _paths_to_exercise()
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for name, via in paths.items():
        if name in STORE_WIDE or name == "exercise":
            continue
        assert "exercise_id" in tables[name].columns or via, (
            f"table {name} has no way to its exercise: decide how engage.retention deletes it")


def test_deleting_one_exercise_removes_all_of_it_and_leaves_the_other(
    two_exercises: Store,
) -> None:
    store = two_exercises
    spring, autumn = exercise_id(store, SPRING), exercise_id(store, AUTUMN)
    before = rows_by_exercise(store)
    # The fixture put something of the exercise in every table that can hold it.
    for table in Base.metadata.sorted_tables:
        if table.name not in STORE_WIDE:
            assert before[table.name].get(spring), f"no {table.name} rows to delete"
    with store.session() as s:
        assert s.scalar(select(func.count()).where(Comment.original_text.contains(PHONE)))
        assert s.scalar(select(func.count()).where(Comment.text == LONG))
        cached_before = s.scalar(select(func.count()).select_from(EmbeddingRecord))
        accounts_before = s.scalar(select(func.count()).select_from(User))
    preview = exercise_contents(store, SPRING)
    assert set(preview) == set(KINDS)
    assert preview["comments"] == before["comment"][spring]
    assert all(preview[k] > 0 for k in KINDS), preview

    said: list[str] = []
    counts = delete_exercise(store, SPRING, actor="cli", say=said.append)

    assert counts == preview
    after = rows_by_exercise(store)
    for table, per in after.items():
        assert spring not in per, f"{table} still holds rows of the deleted exercise"
        assert per.get(autumn, 0) == before[table].get(autumn, 0), f"{table} of the other changed"
    assert store.exercise_names() == [AUTUMN]
    with store.session() as s:
        assert s.scalar(select(func.count()).where(Comment.original_text.contains(PHONE))) == 0
        assert s.scalar(select(func.count()).where(Comment.text.contains("crisis line"))) == 0
        # Cached vectors of the remaining comments stay (the shared one too); Spring's go.
        kept = set(s.scalars(select(EmbeddingRecord.text_hash)))
        autumn_texts = s.scalars(select(Comment.text)).all()
        assert kept == {text_hash(t) for t in autumn_texts}
        assert text_hash(SHARED) in kept
        assert counts["cached_embeddings"] == cached_before - len(kept)
        assert s.scalar(select(func.count()).select_from(User)) == accounts_before
        (event,) = s.scalars(select(AuditEvent).where(AuditEvent.action == "delete",
                                                      AuditEvent.entity == "exercise")).all()
    assert event.exercise_id is None and event.entity_key == SPRING
    assert event.actor == command_line_actor()
    assert event.after == {"exercise": SPRING, "deleted": counts}
    assert PHONE not in json.dumps(event.after) and "crisis" not in json.dumps(event.after)
    assert len(said) == 1 and ("VACUUM run" in said[0] or "autovacuum" in said[0])
    if store.engine.dialect.name == "sqlite":  # not in the file's free pages nor its log
        database = Path(store.engine.url.database)
        for path in (database, Path(f"{database}-wal")):
            if path.exists():
                held = path.read_bytes()
                assert PHONE.encode() not in held, f"{path.name} still holds the phone number"
                assert b"quokka clinic" not in held, f"{path.name} still holds the long comment"
    # The other exercise still works.
    assert analyse(store, AUTUMN, embedder="tfidf", topics=False).comments == 3


def test_an_unknown_or_empty_name_deletes_nothing(two_exercises: Store) -> None:
    store = two_exercises
    before = rows_by_exercise(store)
    for name in ("Summer 2026", "", "  "):
        with pytest.raises(StoreError, match="'Spring 2026', 'Autumn 2026'"):
            delete_exercise(store, name)
        with pytest.raises(StoreError):
            exercise_contents(store, name)
    assert rows_by_exercise(store) == before


def test_the_only_exercise_can_be_deleted(store: Store, survey_csv: Path, redactor) -> None:
    ingest_paths(store, [survey_csv], IngestOptions(exercise=SPRING), redactor)
    analyse(store, SPRING, embedder="tfidf", topics=False)
    counts = delete_exercise(store, SPRING)
    assert counts["comments"] == 5
    assert store.exercise_names() == []
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0
        (event,) = s.scalars(select(AuditEvent)).all()
    assert event.action == "delete" and event.exercise_id is None


def _invoke(store: Store, *args: str, input: str | None = None):  # noqa: A002
    return CliRunner().invoke(cli, ["--db", store.url, "exercise", "delete", *args], input=input)


def test_cli_without_yes_off_a_terminal_shows_the_counts_and_deletes_nothing(
    two_exercises: Store,
) -> None:
    store = two_exercises
    before = rows_by_exercise(store)
    result = _invoke(store, SPRING)
    assert result.exit_code == 1
    assert "would delete" in result.output and "comments (with their original" in result.output
    assert "accounts and sign-in sessions: none" in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: exercise {SPRING!r} not deleted: not at a terminal to confirm; add --yes")
    assert rows_by_exercise(store) == before


def test_cli_asks_at_a_terminal(two_exercises: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = two_exercises
    monkeypatch.setattr(cli_module, "_stdin_is_terminal", lambda: True)
    result = _invoke(store, SPRING, input="n\n")
    assert result.exit_code == 0 and "nothing deleted" in result.output
    assert store.exercise_names() == [SPRING, AUTUMN]
    result = _invoke(store, SPRING, input="y\n")
    assert result.exit_code == 0, result.output
    assert store.exercise_names() == [AUTUMN]


def test_cli_with_yes_deletes_and_says_what_happened(two_exercises: Store) -> None:
    store = two_exercises
    comments = exercise_contents(store, SPRING)["comments"]
    result = _invoke(store, SPRING, "--yes")
    assert result.exit_code == 0, result.output
    assert f"deleted exercise {SPRING!r}:" in result.output
    assert f"{comments:>9} comments (with their original, unredacted text)" in result.output
    if store.engine.dialect.name == "sqlite":
        assert "VACUUM run" in result.output
    else:
        assert "autovacuum" in result.output and "backups" in result.output
    assert store.exercise_names() == [AUTUMN]


def test_cli_unknown_name_is_one_line_listing_the_exercises(two_exercises: Store) -> None:
    result = _invoke(two_exercises, "Summer 2026", "--yes")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: no exercise named 'Summer 2026'; known: 'Spring 2026', 'Autumn 2026'")
    assert two_exercises.exercise_names() == [SPRING, AUTUMN]
