"""The review queue: order, filters, reviewers at work at the same time spread apart, and what
a reviewer sees of each comment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from engage import workflow as wf
from engage.ingest import IngestOptions, ingest_paths
from engage.models import Coding, Comment, EmbeddingRecord, Suggestion
from engage.store import Store
from engage.workflow.queue import ACTIVE, SPREAD, working_now


def ids(page: wf.QueuePage) -> list[str]:
    return [item.comment_id for item in page.items]


comment = wf.comment_by_id  # the exercise's comment with this id


def test_queue_puts_the_least_certain_comments_first(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        uncertain = wf.rank_informative(s, ex, explore=0.0)
        page = wf.review_queue(s, ex, "Ali", limit=3, ranking=uncertain, spread=0)
        oldest = wf.review_queue(s, ex, "Ali", order="oldest", limit=3, spread=0)
    assert page.order == "informative"
    assert ids(page) == ["R05", "R02", "R08"]
    assert ids(oldest) == ["R01", "R02", "R03"]
    assert page.total == 8  # all the comments


def test_every_other_place_goes_to_a_fixed_random_order(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        uncertain = wf.rank_informative(s, ex, explore=0.0)
        shuffled = wf.rank_informative(s, ex, explore=1.0)
        mixed = wf.rank_informative(s, ex)
        again = wf.rank_informative(s, ex)
        page = wf.review_queue(s, ex, "Ali", limit=8, spread=0)
        key_of = {c.id: c.comment_id for c in s.scalars(select(Comment))}
        with pytest.raises(ValueError, match="explore"):
            wf.rank_informative(s, ex, explore=1.5)
    assert mixed == again  # deterministic for the exercise
    assert sorted(mixed) == sorted(uncertain) == sorted(shuffled)  # every comment once
    assert shuffled != uncertain
    assert mixed[0] == uncertain[0]  # the most informative comment still comes first
    # Places 2, 4, ... follow the random order, skipping what is already placed.
    placed: list[int] = []
    for k, pk in enumerate(mixed):
        source = shuffled if k % 2 else uncertain
        assert pk == next(x for x in source if x not in placed)
        placed.append(pk)
    assert ids(page) == [key_of[pk] for pk in mixed]  # the queue serves this order


KINDS = {"R01": 0, "R02": 0, "R03": 0, "R04": 0, "R05": 1, "R06": 1, "R07": 1, "R08": 2}
# Small differences within a kind: R03 and R06 sit at the centres of theirs.
NUANCE = {"R01": 0.0, "R02": 0.05, "R03": 0.03, "R04": 0.04, "R05": 0.0, "R06": 0.02,
          "R07": 0.04, "R08": 0.0}


def store_embeddings(store: Store) -> None:
    """Give each comment a vector: R01-R04 say one kind of thing, R05-R07 another, R08 a third."""
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        ex.analysis_state = {"embedder": "test-embedder"}
        for suggestion in s.scalars(select(Suggestion)):
            comment = s.get(Comment, suggestion.comment_pk)
            vector = np.zeros(4, dtype=np.float32)
            vector[KINDS[comment.comment_id]] = 1
            vector[3] = NUANCE[comment.comment_id]
            suggestion.text_hash = comment.comment_id
            s.add(
                EmbeddingRecord(
                    model="test-embedder", text_hash=comment.comment_id, vector=vector.tobytes()
                )
            )


def test_queue_starts_with_one_comment_of_each_kind_largest_first(review_store: Store) -> None:
    store_embeddings(review_store)
    with review_store.session() as s:
        ex = review_store.exercise(s)
        ranking = wf.rank_informative(s, ex, diverse=3)
        first = ids(wf.review_queue(s, ex, "Ali", limit=3, ranking=ranking, spread=0))
        assert ranking == wf.rank_informative(s, ex, diverse=3)  # deterministic
        assert sorted(ranking) == sorted(wf.rank_informative(s, ex, diverse=0))
    assert [KINDS[c] for c in first] == [0, 1, 2]  # every kind once, the commonest first
    assert first[:2] == ["R03", "R06"]  # the most typical of its kind (nearest the centre)


def test_queue_skips_kinds_reviewers_have_covered(review_store: Store) -> None:
    store_embeddings(review_store)
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.accept_suggestion(s, ex, comment(s, ex, "R01"), "Ali")
    with review_store.session() as s:
        ex = review_store.exercise(s)
        ranking = wf.rank_informative(s, ex, diverse=3)
        first = ids(wf.review_queue(s, ex, "Bea", limit=3, ranking=ranking, spread=0))
    # Four groups (one labelled + three to pick): the labelled kind is covered, so the picks
    # come from the other kinds, the commonest first.
    assert [KINDS[c] for c in first][0] == 1 and {KINDS[c] for c in first} == {1, 2}


def test_queue_without_analysis_is_oldest_first(store: Store, survey: Path, redactor) -> None:
    ingest_paths(store, [survey], IngestOptions(), redactor)
    with store.session() as s, s.begin():
        page = wf.review_queue(s, store.exercise(s), "Ali", limit=2, spread=0)
    assert page.order == "oldest" and ids(page) == ["R01", "R02"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (wf.QueueFilter(theme="crisis"), {"R03", "R08"}),
        (wf.QueueFilter(group="carer"), {"R02", "R07"}),
        (wf.QueueFilter(locality="Norwich"), {"R01", "R03", "R06"}),
        (wf.QueueFilter(sentiment="positive"), {"R03", "R05", "R07"}),
        (wf.QueueFilter(search="CRISIS"), {"R03", "R08"}),
        (wf.QueueFilter(search="100%"), {"R06"}),
        (wf.QueueFilter(source="notes"), set()),
        (wf.QueueFilter(theme="carers", sentiment="negative"), {"R02"}),
    ],
)
def test_queue_filters(review_store: Store, filters: wf.QueueFilter, expected: set[str]) -> None:
    with review_store.session() as s, s.begin():
        page = wf.review_queue(s, review_store.exercise(s), "Ali", filters, limit=50)
    assert set(ids(page)) == expected


def test_review_item_shows_redacted_text_and_suggestion(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Ali", wf.QueueFilter(search="appointment"), limit=5)
    item = page.items[0]
    assert item.comment_id == "R07"
    assert "Wilhelmina" not in item.text and "[NAME]" in item.text
    assert item.suggested == ["carers"] and item.confidence["carers"] == 0.7
    assert item.reasons == {"carers": ["carers word"]}
    assert item.group == "carer" and item.locality == "Breckland"
    assert item.my_themes is None


def test_labelled_comments_leave_the_queue_for_everyone(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.accept_suggestion(s, ex, comment(s, ex, "R02"), "Ali")
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        assert "R02" not in ids(wf.review_queue(s, ex, "Bea", limit=50))
        again = wf.review_queue(s, ex, "Bea", wf.QueueFilter(include_done=True), limit=50)
        item = next(i for i in again.items if i.comment_id == "R02")
        assert item.my_themes is None  # Bea does not see Ali's labels
        mine = wf.review_items(s, ex, [item.pk], "Ali")[0]
        assert mine.my_themes == ["carers"]


def test_hostile_text_is_kept_as_typed(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Ali", wf.QueueFilter(search="<script>"))
    # The web address was redacted at ingest; the rest is exactly as typed.
    assert page.items[0].text == "![x]([URL]) <script>alert(1)</script> 100% fed up"


# --- reviewers working at the same time ---------------------------------------------------------


def add_many(store: Store, n: int = 120) -> None:
    """``n`` more fictional comments (M001...), each with a suggestion of its own certainty."""
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        for k in range(n):
            c = Comment(exercise_id=ex.id, comment_id=f"M{k:03d}", source="survey",
                        text=f"Fictional comment number {k}.", original_text="",
                        content_hash=f"many-{k}")
            s.add(c)
            s.flush()
            p = 0.5 + (k % 40) / 100  # from unsure (0.50) to fairly sure (0.89)
            s.add(Suggestion(comment_pk=c.id, themes=["access"], confidence={"access": p},
                             reasons={}, sentiment="neutral", text_hash="x", model_key="test"))


def first(store: Store, who: str, n: int, **options: object) -> list[str]:
    with store.session() as s:
        return ids(wf.review_queue(s, store.exercise(s), who, limit=n, **options))


def test_reviewers_starting_together_get_different_first_comments(review_store: Store) -> None:
    add_many(review_store)
    # A trial: two reviewers starting at once were both shown R0003, then R0047, then R0067.
    aled, bethan = first(review_store, "Aled", 10), first(review_store, "Bethan", 10)
    assert aled[0] != bethan[0] and len(set(aled) & set(bethan)) <= 5
    # Their first pages overlap little (by chance, 2 of 10 on average: a block is 50).
    pairs = [("Aled", "Bethan"), ("Cerys", "Dai"), ("Rita Reviewer", "Ada Admin"),
             ("sam", "gareth.it"), ("Nia", "Owain")]
    overlaps = [len(set(first(review_store, a, 10)) & set(first(review_store, b, 10)))
                for a, b in pairs]
    assert sum(overlaps) / len(overlaps) <= 3 and max(overlaps) <= 5, overlaps
    assert first(review_store, "Aled", 10) == aled  # the same reviewer, the same order
    # The most useful block still comes first, for each: only the order within it differs.
    plain = first(review_store, "Aled", SPREAD, spread=0)
    assert set(first(review_store, "Aled", SPREAD)) == set(plain)
    assert set(first(review_store, "Bethan", SPREAD)) == set(plain)
    assert first(review_store, "Aled", SPREAD, spread=0) == first(
        review_store, "Bethan", SPREAD, spread=0)  # the priority order itself is shared


def test_reviewers_at_work_together_are_not_shown_the_same_comment(review_store: Store) -> None:
    add_many(review_store)
    names = ("Aled", "Bethan")
    on_screen = {who: first(review_store, who, 1)[0] for who in names}
    same = 0
    for turn in range(40):  # they save in turn, each on the comment their page shows
        who = names[turn % 2] if turn % 5 else names[0]  # Aled a little quicker
        with review_store.session() as s, s.begin():
            ex = review_store.exercise(s)
            wf.code_comment(s, ex, comment(s, ex, on_screen[who]), who, [], None)
        on_screen[who] = first(review_store, who, 1)[0]
        same += on_screen["Aled"] == on_screen["Bethan"]
    assert same == 0
    with review_store.session() as s:
        coded = s.scalars(select(Coding.comment_pk)).all()
    assert len(coded) == len(set(coded)) == 40  # no comment was coded twice
    with review_store.session() as s:  # both at work: each takes their own share first
        since = datetime.now(UTC) - ACTIVE
        assert working_now(s, review_store.exercise(s), since) == ["Aled", "Bethan"]


def test_a_comment_a_colleague_coded_leaves_the_next_page(review_store: Store) -> None:
    add_many(review_store)
    bethan = first(review_store, "Bethan", 5)
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, bethan[1]), "Aled", ["access"], None)
    again = first(review_store, "Bethan", 5)
    assert bethan[1] not in again
    # Unless she asks to see labelled comments too; and an agreement sample's comments stay.
    assert bethan[1] in first(review_store, "Bethan", 200, filters=wf.QueueFilter(
        include_done=True))
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        sample = wf.assign_sample(s, ex, ["Aled", "Bethan"], 3, "Sam", seed=2)
        for cid in sample.comment_ids:
            wf.code_comment(s, ex, comment(s, ex, cid), "Aled", [], None)
    assert set(first(review_store, "Bethan", 3)) == set(sample.comment_ids)


def test_who_else_coded_a_comment_and_how(review_store: Store) -> None:
    from datetime import UTC, datetime, timedelta

    from engage.workflow.items import colleague_codings

    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        r02 = comment(s, ex, "R02")
        shown = datetime.now(UTC) - timedelta(seconds=1)  # when Bethan's page showed R02
        assert colleague_codings(s, ex, r02.id, "Bethan") == []
        wf.code_comment(s, ex, r02, "Aled", [], None)
        wf.code_comment(s, ex, r02, "Bethan", ["carers"], "negative")
        (aled,) = colleague_codings(s, ex, r02.id, "Bethan", since=shown)
        assert (aled.reviewer, aled.themes, aled.sentiment) == ("Aled", [], None)
        assert not aled.same_as(["carers"], "negative") and aled.same_as([], None)
        assert colleague_codings(s, ex, r02.id, "Bethan", since=aled.at + timedelta(1)) == []
        assert [c.reviewer for c in colleague_codings(s, ex, r02.id, "Aled")] == ["Bethan"]
        (item,) = wf.review_items(s, ex, [r02.id], "Bethan")
        assert item.colleagues(s, ex, "Bethan", since=shown) == [aled]  # the same, from the page
        # Agreement-sample comments are coded blind: nobody is told how a colleague coded them.
        sample = wf.assign_sample(s, ex, ["Aled", "Bethan"], 2, "Sam", seed=1)
        mine = comment(s, ex, sample.comment_ids[0])
        wf.code_comment(s, ex, mine, "Aled", [], None)
        assert colleague_codings(s, ex, mine.id, "Bethan") == []
