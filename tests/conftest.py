"""Shared fixtures: real SQLite and PostgreSQL stores, the real redactor, input files."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from engage.store import Store

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# App errors as Streamlit shows them, so a test sees a page that fails (users see plain words).
os.environ.setdefault("ENGAGE_APP_RAISE", "1")

PG_URL = os.environ.get("ENGAGE_TEST_PG_URL")
REQUIRE_PG = os.environ.get("ENGAGE_REQUIRE_PG") == "1"
ROOT = Path(__file__).resolve().parent.parent


def _postgres_store() -> Iterator[Store]:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("ENGAGE_REQUIRE_PG=1 but ENGAGE_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL not configured (set ENGAGE_TEST_PG_URL; scripts/test.sh does)")
    name = f"engage_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'engage.db'}")
        yield s
        s.close()
    else:
        yield from _postgres_store()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store (for tests that don't depend on the database kind)."""
    s = Store(f"sqlite:///{tmp_path / 'engage.db'}")
    yield s
    s.close()


@pytest.fixture(scope="session")
def redactor():
    """The real spaCy-based redactor (loaded once)."""
    from surveys.redact import get_redactor

    return get_redactor()


SURVEY_HEADER = [
    "Response ID",
    "Submitted",
    "I am responding as",
    "Locality",
    "How satisfied are you with mental health services?",
    "What is working well?",
    "What needs to change?",
]


def survey_rows() -> list[list[str]]:
    """Fictional survey rows covering the awkward cases."""
    return [
        [
            "R1",
            "2026-10-01",
            "Service user",
            "Norwich",
            "Dissatisfied",
            "The crisis team were kind when they came.",
            "I waited 14 weeks for a referral to be picked up – "
            "£30 on taxis to get there ‘every time’.",
        ],
        [
            "R2",
            "2026-10-02",
            "Carer, family member or friend",
            "West Norfolk",
            "Very dissatisfied",
            "",
            "Nobody tells carers anything. Ring me on 07700 900123 if you want to know more.",
        ],
        ["R3", "2026-10-03", "Health or social care worker", "North Norfolk", "Neither", "", ""],
        [
            "R4",
            "2026-10-04",
            "Member of the public",
            "South Norfolk",
            "Satisfied",
            "My GP listened 🙂 and sorted things quickly.",
            "More talking therapies please.",
        ],
    ]


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    """A Windows-1252 survey export like Excel writes (no emoji: cp1252 cannot hold it)."""
    import csv

    path = tmp_path / "survey.csv"
    rows = [[c.replace("🙂", "") for c in r] for r in survey_rows()]
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SURVEY_HEADER)
        writer.writerows(rows)
    return path
