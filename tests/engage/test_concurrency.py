"""Many reviewers labelling at once lose no labels and see no errors (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from engage import workflow as wf
from engage.frameworks import active_themes
from engage.models import AuditEvent, Coding, Comment, Exercise
from engage.store import Store

ROOT = Path(__file__).resolve().parents[2]
COMMENTS = 30
THEMES = ["access", "integration", "crisis", "carers", "stigma"]


def seed_comments(store: Store, n: int = COMMENTS) -> None:
    """Fictional comments written straight into the store (ingest is not under test here)."""
    with store.session() as s, s.begin():
        ex = store.exercise(s, "Meeting", create=True)
        active_themes(s, ex)
        for i in range(n):
            text = f"Fictional comment number {i} about waiting for help."
            s.add(
                Comment(
                    exercise_id=ex.id,
                    comment_id=f"C{i:03d}",
                    source="survey",
                    text=text,
                    original_text=text,
                    content_hash=f"hash-{i}",
                )
            )


def label(store: Store, reviewer: str, comment_id: str, themes: list[str]) -> None:
    def work(s):
        ex = s.scalar(select(Exercise).where(Exercise.name == "Meeting"))
        wf.code_comment(s, ex, wf.comment_by_id(s, ex, comment_id), reviewer, themes, "negative")

    wf.run_write(store, work)


def reviewer_session(store: Store, reviewer: str, start: threading.Barrier) -> int:
    """One reviewer codes every comment, then changes their mind about every comment."""
    start.wait()
    saved = 0
    for round_ in range(2):
        for i in range(COMMENTS):
            label(store, reviewer, f"C{i:03d}", [THEMES[(i + round_) % len(THEMES)]])
            saved += 1
    return saved


def check_no_label_lost(store: Store, reviewers: list[str], saves: int) -> None:
    with store.session() as s:
        current = s.execute(
            select(Comment.comment_id, Coding.reviewer, Coding.themes)
            .join(Coding, Coding.comment_pk == Comment.id)
            .where(Coding.current)
        ).all()
        total = s.scalar(select(func.count()).select_from(Coding))
        audited = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "label")
        )
    assert total == saves and audited == saves
    per_pair = Counter((cid, who) for cid, who, _ in current)
    assert len(per_pair) == COMMENTS * len(reviewers)
    assert set(per_pair.values()) == {1}
    for cid, _, themes in current:
        assert themes == [THEMES[(int(cid[1:]) + 1) % len(THEMES)]]


def test_reviewers_in_threads_lose_nothing(store: Store) -> None:
    seed_comments(store)
    reviewers = [f"Reviewer {n}" for n in range(6)]
    start = threading.Barrier(len(reviewers))
    with ThreadPoolExecutor(len(reviewers)) as pool:
        results = list(pool.map(lambda r: reviewer_session(store, r, start), reviewers))
    assert sum(results) == len(reviewers) * COMMENTS * 2
    check_no_label_lost(store, reviewers, sum(results))


def test_one_reviewer_on_two_devices_keeps_one_current_coding(store: Store) -> None:
    seed_comments(store, 1)
    start = threading.Barrier(8)

    def tap(n: int) -> None:
        start.wait()
        for k in range(5):
            label(store, "Ali", "C000", [THEMES[(n + k) % len(THEMES)]])

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(tap, range(8)))
    with store.session() as s:
        codings = s.scalars(select(Coding)).all()
    assert sum(c.current for c in codings) == 1
    assert 1 <= len(codings) <= 40


CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import select
from engage import workflow as wf
from engage.models import Exercise
from engage.store import Store

url, reviewer, go, n, themes = sys.argv[1:]
go, n, themes = Path(go), int(n), themes.split(",")
store = Store(url, migrate=False)
while not go.exists():
    time.sleep(0.01)
for round_ in range(2):
    for i in range(n):
        def work(s, i=i, round_=round_):
            ex = s.scalar(select(Exercise).where(Exercise.name == "Meeting"))
            comment = wf.comment_by_id(s, ex, f"C{i:03d}")
            chosen = [themes[(i + round_) % len(themes)]]
            wf.code_comment(s, ex, comment, reviewer, chosen, "negative")
        wf.run_write(store, work)
print("saved", 2 * n)
"""


def test_reviewers_in_separate_processes_on_sqlite(sqlite_store: Store, tmp_path: Path) -> None:
    seed_comments(sqlite_store)
    reviewers = [f"Laptop {n}" for n in range(4)]
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                sqlite_store.url,
                r,
                str(go),
                str(COMMENTS),
                ",".join(THEMES),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for r in reviewers
    ]
    time.sleep(1.0)
    go.touch()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.strip() == f"saved {2 * COMMENTS}"
    check_no_label_lost(sqlite_store, reviewers, len(reviewers) * COMMENTS * 2)


def test_two_analyses_at_once_take_turns(store: Store) -> None:
    """A second analysis started while one runs waits for it, instead of colliding with it on
    the suggestions' and topics' keys (seen on PostgreSQL as UniqueViolation)."""
    from engage.analysis import analyse

    seed_comments(store, 40)
    said: list[list[str]] = [[], []]
    start = threading.Barrier(2)

    def run(i: int):
        start.wait()
        return analyse(store, "Meeting", seed=0, embedder="tfidf",
                       progress=lambda message, _done: said[i].append(message))

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(run, [0, 1]))
    assert [r.comments for r in reports] == [40, 40]
    waited = [any("Another analysis" in m for m in messages) for messages in said]
    assert waited.count(True) == 1  # exactly one of them had to wait
    with store.session() as s:
        runs = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "analyse"))
    assert runs == 2


def test_two_ingests_at_once_into_a_new_exercise_lose_nothing(
    store: Store, tmp_path: Path, redactor
) -> None:
    """An IT trial ran two ``engage ingest`` at once: one failed on the exercise's unique name,
    or on the respondents' (files without an id column both have row-2...). They take turns."""
    from engage.ingest import IngestOptions, ingest_paths

    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.csv"
        path.write_text("What needs to change?\n" + "".join(
            f"Comment {i} from file {name} about waiting for help.\n" for i in range(40)),
            encoding="utf-8")
        paths.append(path)
    start = threading.Barrier(2)

    def run(path: Path):
        start.wait()
        return ingest_paths(store, [path], IngestOptions(exercise="Autumn 2026"), redactor)

    with ThreadPoolExecutor(2) as pool:
        reports = [r for batch in pool.map(run, paths) for r in batch]
    assert [r.error for r in reports] == [None, None]
    assert [r.ingested for r in reports] == [40, 40]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Exercise)) == 1
        assert s.scalar(select(func.count()).select_from(Comment)) == 80


def test_processes_opening_a_new_store_at_once_take_turns_to_create_it(tmp_path: Path) -> None:
    """Seen on PostgreSQL: three of four processes opening an empty database at once failed
    on duplicate tables. The schema is made once, under a lock."""
    import os

    PG_URL = os.environ.get("ENGAGE_TEST_PG_URL")
    urls = [f"sqlite:///{tmp_path / 'new.db'}"]
    admin = None
    if PG_URL:
        import uuid

        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"engage_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        urls.append(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        for url in urls:
            code = ("import sys; from engage.store import Store; s = Store(sys.argv[1]); "
                    "print(len(s.exercise_names()))")
            children = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True) for _ in range(4)]
            outputs = [child.communicate(timeout=120) for child in children]
            assert [c.returncode for c in children] == [0] * 4, [e for _, e in outputs]
            assert [o.strip() for o, _ in outputs] == ["0"] * 4
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
