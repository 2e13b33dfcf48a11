"""Shared fixtures for the review library's tests: eight fictional survey comments, ingested
and given model suggestions, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from engage import workflow as wf
from engage.ingest import IngestOptions, ingest_paths
from engage.models import Coding, Comment, Suggestion
from engage.store import Store

# Fictional comments: (id, date, group, locality, text)
ROWS = [
    ("R01", "2026-09-01", "Service user", "Norwich", "I waited nine months for a referral."),
    (
        "R02",
        "2026-09-02",
        "Carer, family member or friend",
        "West Norfolk",
        "Nobody tells carers anything about discharge plans.",
    ),
    (
        "R03",
        "2026-09-03",
        "Service user",
        "Norwich",
        "The crisis line answered quickly and the nurse was kind.",
    ),
    (
        "R04",
        "2026-09-04",
        "Health or social care worker",
        "North Norfolk",
        "GP and community team do not share notes, so people repeat their story.",
    ),
    (
        "R05",
        "2026-09-05",
        "Member of the public",
        "South Norfolk",
        "Posters in the library helped me talk about my mental health at work.",
    ),
    (
        "R06",
        "2026-09-06",
        "Service user",
        "Norwich",
        "![x](http://example.com/x.png) <script>alert(1)</script> 100% fed up",
    ),
    (
        "R07",
        "2026-09-07",
        "Carer, family member or friend",
        "Breckland",
        "My neighbour Wilhelmina Oddsock drove me to every appointment.",
    ),
    (
        "R08",
        "2026-09-08",
        "Service user",
        "Great Yarmouth and Waveney",
        "Waiting lists are too long and the crisis team never rang back.",
    ),
]
HEADER = ["Response ID", "Submitted", "I am responding as", "Locality", "What needs to change?"]

# Model suggestions: themes, per-theme confidence, sentiment
SUGGESTIONS = {
    "R01": (["access"], {"access": 0.95, "crisis": 0.05}, "negative"),
    "R02": (["carers"], {"carers": 0.55, "integration": 0.48}, "negative"),
    "R03": (["crisis"], {"crisis": 0.9}, "positive"),
    "R04": (["integration"], {"integration": 0.8, "access": 0.3}, "negative"),
    "R05": (["stigma"], {"stigma": 0.51, "access": 0.49}, "positive"),
    "R06": ([], {"access": 0.1}, "negative"),
    "R07": (["carers"], {"carers": 0.7}, "positive"),
    "R08": (["access", "crisis"], {"access": 0.88, "crisis": 0.6}, "negative"),
}


def add_suggestions(store: Store) -> None:
    with store.session() as s, s.begin():
        for comment in s.scalars(select(Comment)):
            themes, confidence, sentiment = SUGGESTIONS[comment.comment_id]
            s.add(
                Suggestion(
                    comment_pk=comment.id,
                    themes=themes,
                    confidence=confidence,
                    reasons={t: [f"{t} word"] for t in themes},
                    sentiment=sentiment,
                    sentiment_score=0.0,
                    text_hash="x",
                    model_key="test",
                )
            )


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    """The fictional comments as a survey export (CSV)."""
    path = tmp_path / "survey.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


@pytest.fixture
def review_store(store: Store, survey: Path, redactor) -> Store:
    """A store holding the fictional comments (exercise "Autumn") with model suggestions."""
    reports = ingest_paths(store, [survey], IngestOptions(exercise="Autumn"), redactor)
    assert reports[0].ingested == len(ROWS)
    add_suggestions(store)
    return store


@pytest.fixture
def current() -> Callable[..., Coding | None]:
    """``current(session, exercise, comment_id, reviewer)``: that reviewer's current coding."""

    def find(s, ex, comment_id: str, reviewer: str) -> Coding | None:
        return s.scalar(
            select(Coding).where(
                Coding.comment_pk == wf.comment_by_id(s, ex, comment_id).id,
                Coding.reviewer == reviewer,
                Coding.current,
            )
        )

    return find
