"""Labels feed the model: a background retrain visibly changes the suggestions."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from engage import workflow
from engage.analysis import analyse
from engage.ingest import IngestOptions, ingest_paths
from engage.models import Comment, Suggestion
from engage.retrain import Retrainer
from engage.store import Store

PARKING = [
    ("p1", "The car park is always full so I miss my appointments."),
    ("p2", "Car park charges stop me getting to the clinic at all."),
    ("p3", "No spaces in the car park again, I had to go home."),
]
CARERS = [
    ("k1", "As a carer I am never asked what I know about my son."),
    ("k2", "Carers need respite and someone to talk to, we are exhausted."),
    ("k3", "Confidentiality is used to shut families and carers out of his care."),
]
OTHERS = [
    ("o1", "The crisis line never answered when I rang at 2am."),
    ("o2", "People still think mental illness is a weakness, the stigma is awful."),
    ("o3", "The GP and the mental health team do not share records."),
]
TARGET = ("t1", "The car park was full again today.")


def confidence(store: Store, comment_id: str, theme: str) -> float:
    with store.session() as s:
        suggestion = s.scalar(
            select(Suggestion).join(Comment).where(Comment.comment_id == comment_id)
        )
        return float(suggestion.confidence[theme])


def test_labels_change_the_next_suggestions(store: Store, tmp_path: Path, redactor) -> None:
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What needs to change?"])
        writer.writerows([*PARKING, *CARERS, *OTHERS, TARGET])
    ingest_paths(store, [path], IngestOptions(exercise="Autumn"), redactor)
    analyse(store, "Autumn", embedder="tfidf", topics=False)
    before = confidence(store, "t1", "access")

    learner = Retrainer(store, "tfidf", every=6)
    assert not learner.poke("Autumn")  # nothing labelled yet
    with store.session() as s, s.begin():
        ex = store.exercise(s, "Autumn")
        for cid, _ in PARKING:  # this team counts parking as a barrier to access
            workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, cid), "Rita", ["access"])
        for cid, _ in CARERS:
            workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, cid), "Rita", ["carers"])
    assert learner.poke("Autumn")
    assert not learner.poke("Autumn")  # one run at a time
    assert learner.wait("Autumn", timeout=120)
    assert "learned from 6 labelled comments" in learner.status["Autumn"]

    after = confidence(store, "t1", "access")
    assert before < 0.5 <= after, (before, after)  # now suggested; it was not before
    assert confidence(store, "o1", "access") < after
