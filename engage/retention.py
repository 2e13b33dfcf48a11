"""Retention: delete one listening exercise, and everything held for it, from a shared store.

``engage exercise delete NAME`` is the end of an exercise's retention period. Every row that
belongs to the exercise goes in one transaction, children before parents (no foreign key
cascades): flags, reviewers' codings and model suggestions of its comments; the comments
(redacted text *and* the stored original text); closed answers; respondents; events;
questions; files; themes; emergent topics; actions; the exercise's audit trail; the exercise.

Cached sentence embeddings (the ``embedding`` table) are keyed only by model and text hash and
shared by the whole store, so they cannot be picked out by exercise. After the exercise's
comments are gone, every cached vector whose text hash is not the hash of a remaining
comment's text is deleted: nothing computed from the deleted comments is left (a vector of a
text another exercise also holds is kept, since that exercise still has the text). This also
drops vectors of other texts that no comment holds (theme descriptions, sentences checked by
the safeguarding meaning tier); they are a cache and are computed again when next needed.

Accounts and sign-in sessions belong to the whole store and are kept. One store-wide audit
event (``exercise_id`` null, so it shows in every remaining exercise's history) records who
deleted which exercise and how many of each kind of row: counts only, no respondent text.

On SQLite the deletion runs with ``secure_delete`` on and is followed by ``VACUUM`` and a
checkpoint that empties the write-ahead log, so deleted text does not linger in free pages of
the file. On PostgreSQL dead rows are reclaimed by autovacuum; backups still hold the data
until they expire.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Delete, delete, func, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from engage import audit
from engage.embedcache import text_hash
from engage.locks import exclusive
from engage.models import (
    Action,
    AuditEvent,
    ClosedAnswer,
    Coding,
    Comment,
    EmbeddingRecord,
    Event,
    Exercise,
    Flag,
    Question,
    Respondent,
    SourceFile,
    Suggestion,
    ThemeRecord,
    TopicRecord,
)
from engage.store import Store, StoreError

CHUNK = 500

# What is deleted, in foreign-key order (children first), with how it is shown.
KINDS: dict[str, str] = {
    "flags": "flags",
    "codings": "codings (reviewers' labels)",
    "suggestions": "model suggestions",
    "comments": "comments (with their original, unredacted text)",
    "closed_answers": "closed answers",
    "respondents": "respondents",
    "events": "events",
    "questions": "questions",
    "files": "file records",
    "themes": "themes",
    "topics": "emergent topics",
    "actions": "actions",
    "audit_events": "audit trail entries",
    "cached_embeddings": "cached embeddings",
}


class RetentionError(StoreError):
    """A deletion that could not be done (nothing was deleted)."""


def _statements(ex_id: int) -> dict[str, Delete]:
    """One DELETE per kind, in foreign-key order."""
    comments = select(Comment.id).where(Comment.exercise_id == ex_id)
    respondents = select(Respondent.id).where(Respondent.exercise_id == ex_id)
    questions = select(Question.id).where(Question.exercise_id == ex_id)
    return {
        "flags": delete(Flag).where(Flag.comment_pk.in_(comments)),
        "codings": delete(Coding).where(Coding.comment_pk.in_(comments)),
        "suggestions": delete(Suggestion).where(Suggestion.comment_pk.in_(comments)),
        "comments": delete(Comment).where(Comment.exercise_id == ex_id),
        "closed_answers": delete(ClosedAnswer).where(
            or_(ClosedAnswer.respondent_id.in_(respondents),
                ClosedAnswer.question_id.in_(questions))
        ),
        "respondents": delete(Respondent).where(Respondent.exercise_id == ex_id),
        "events": delete(Event).where(Event.exercise_id == ex_id),
        "questions": delete(Question).where(Question.exercise_id == ex_id),
        "files": delete(SourceFile).where(SourceFile.exercise_id == ex_id),
        "themes": delete(ThemeRecord).where(ThemeRecord.exercise_id == ex_id),
        "topics": delete(TopicRecord).where(TopicRecord.exercise_id == ex_id),
        "actions": delete(Action).where(Action.exercise_id == ex_id),
        "audit_events": delete(AuditEvent).where(AuditEvent.exercise_id == ex_id),
    }


def _count(session: Session, statement: Delete) -> int:
    """How many rows ``statement`` would delete."""
    table = statement.table
    return session.scalar(
        select(func.count()).select_from(table).where(statement.whereclause)
    ) or 0


def _orphan_embedding_hashes(session: Session, ex_id: int | None) -> list[str]:
    """Cached text hashes that are not the hash of any kept comment's text: kept are the
    comments outside exercise ``ex_id``, or (``None``) every comment still in the store."""
    kept = select(Comment.text)
    if ex_id is not None:
        kept = kept.where(Comment.exercise_id != ex_id)
    used = {text_hash("" if t is None else str(t)) for t in session.scalars(kept)}
    cached = session.scalars(select(EmbeddingRecord.text_hash).distinct())
    return sorted({h for h in cached if h not in used})


def _cached_rows(session: Session, hashes: list[str]) -> int:
    return sum(
        session.scalar(
            select(func.count()).select_from(EmbeddingRecord)
            .where(EmbeddingRecord.text_hash.in_(hashes[i : i + CHUNK]))
        ) or 0
        for i in range(0, len(hashes), CHUNK)
    )


def _named(store: Store, session: Session, name: str) -> Exercise:
    """The exercise called exactly ``name`` (never "the only one", as an empty name would be)."""
    if not name or not name.strip():
        known = ", ".join(map(repr, store.exercise_names())) or "none"
        raise RetentionError(f"name the exercise to delete; known: {known}")
    return store.exercise(session, name)


def exercise_contents(store: Store, name: str) -> dict[str, int]:
    """How many rows of each kind deleting exercise ``name`` would delete (keys of ``KINDS``).

    An unknown name is a :class:`StoreError` naming the exercises there are.
    """
    with store.session() as s:
        ex = _named(store, s, name)
        counts = {kind: _count(s, stmt) for kind, stmt in _statements(ex.id).items()}
        counts["cached_embeddings"] = _cached_rows(s, _orphan_embedding_hashes(s, ex.id))
    return counts


def delete_exercise(
    store: Store,
    name: str,
    *,
    actor: str = "cli",
    vacuum: bool = True,
    say: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    """Delete exercise ``name`` and everything that belongs to it; return the counts deleted.

    All in one transaction (all or nothing), waiting for a running analysis to finish first
    (it would otherwise write suggestions and cached vectors of the comments being deleted).
    ``actor`` ``"cli"`` is recorded as ``cli (<OS account>)``. Then, with ``vacuum`` (a caller
    that passes ``False`` must call :func:`reclaim_space` itself), the freed space is reclaimed
    and ``say`` is told how.
    """
    with exclusive(store, "analyse", lambda: say("waiting for a running analysis to finish...")):
        try:
            counts = _delete(store, name, actor)
        except IntegrityError as exc:
            raise RetentionError(
                f"exercise {name!r} was not deleted (nothing changed): something was added to "
                "it while deleting, or another exercise refers to its rows; run again") from exc
    if vacuum:
        say(reclaim_space(store))
    return counts


def _delete(store: Store, name: str, actor: str) -> dict[str, int]:
    with store.session() as s, s.begin():
        if store.engine.dialect.name == "sqlite":
            # Deleted rows are overwritten with zeros in their pages, not just unlinked.
            s.connection().exec_driver_sql("PRAGMA secure_delete=ON")
        ex = _named(store, s, name)
        if store.engine.dialect.name == "postgresql":
            # Nobody adds to the exercise (or changes it) until the deletion commits.
            s.execute(select(Exercise.id).where(Exercise.id == ex.id).with_for_update())
        ex_id, ex_name = ex.id, ex.name
        counts: dict[str, int] = {}
        for kind, statement in _statements(ex_id).items():
            result = s.execute(statement.execution_options(synchronize_session=False))
            counts[kind] = max(result.rowcount or 0, 0)
        s.execute(
            delete(Exercise).where(Exercise.id == ex_id)
            .execution_options(synchronize_session=False)
        )
        s.expunge(ex)
        orphans = _orphan_embedding_hashes(s, None)
        counts["cached_embeddings"] = 0
        for i in range(0, len(orphans), CHUNK):
            result = s.execute(
                delete(EmbeddingRecord)
                .where(EmbeddingRecord.text_hash.in_(orphans[i : i + CHUNK]))
                .execution_options(synchronize_session=False)
            )
            counts["cached_embeddings"] += max(result.rowcount or 0, 0)
        audit.record(s, None, actor, "delete", "exercise", ex_name, None,
                     {"exercise": ex_name, "deleted": dict(counts)})
    return counts


def reclaim_space(store: Store) -> str:
    """Make deleted text unrecoverable from the store file where the database allows it; one
    line saying what was done.

    SQLite: ``VACUUM`` (outside any transaction) rewrites the file without its free pages, then
    ``wal_checkpoint(TRUNCATE)`` empties the write-ahead log, which still holds old pages.
    PostgreSQL: autovacuum reclaims dead rows; nothing can be done about backups here.
    """
    if store.engine.dialect.name != "sqlite":
        return ("PostgreSQL reclaims the deleted rows' space by autovacuum; database backups "
                "still hold the deleted data until they expire")
    database = store.engine.url.database
    if database in (None, "", ":memory:"):
        return "in-memory store: nothing is left on disk"
    try:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
    except OperationalError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return (f"VACUUM could not run ({reason}): the deleted text is overwritten with zeros "
                f"but the file was not compacted; stop the app and run 'sqlite3 {database} "
                "VACUUM'; backups still hold the deleted data")
    if busy is not None and busy[0]:
        return ("VACUUM run, but the app or another process is reading the store, so its "
                "write-ahead log (the -wal file) is emptied only when they close it; backups "
                "still hold the deleted data")
    return ("VACUUM run: the deleted text no longer lingers in free pages of the store file; "
            "backups still hold the deleted data")
