"""The review library: queue, labelling, flags, re-redaction, theme board, agreement."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from sqlalchemy import select

from engage import workflow as wf
from engage.audit import audit_frame
from engage.ingest import IngestOptions, ingest_paths
from engage.models import (
    AuditEvent,
    Coding,
    Comment,
    EmbeddingRecord,
    Suggestion,
    ThemeRecord,
    TopicRecord,
)
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


def write_survey(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


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
def review_store(store: Store, tmp_path: Path, redactor) -> Store:
    reports = ingest_paths(
        store, [write_survey(tmp_path / "survey.csv")], IngestOptions(exercise="Autumn"), redactor
    )
    assert reports[0].ingested == len(ROWS)
    add_suggestions(store)
    return store


def ids(page: wf.QueuePage) -> list[str]:
    return [item.comment_id for item in page.items]


def comment(s, ex, comment_id: str) -> Comment:
    return wf.comment_by_id(s, ex, comment_id)


# --- queue -----------------------------------------------------------------------------------


def test_queue_puts_the_least_certain_comments_first(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Ali", limit=3)
        oldest = wf.review_queue(s, ex, "Ali", order="oldest", limit=3)
    assert page.order == "informative"
    assert ids(page) == ["R05", "R02", "R08"]
    assert ids(oldest) == ["R01", "R02", "R03"]
    assert page.total == len(ROWS)


def test_queue_spreads_its_first_picks_when_embeddings_exist(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        ex.analysis_state = {"embedder": "test-embedder"}
        for suggestion in s.scalars(select(Suggestion)):
            comment = s.get(Comment, suggestion.comment_pk)
            vector = np.zeros(4, dtype=np.float32)
            # R02 and R05 say the same kind of thing; every other comment is its own kind.
            vector[0 if comment.comment_id in ("R02", "R05") else 1 + int(comment.id) % 3] = 1
            suggestion.text_hash = comment.comment_id
            s.add(
                EmbeddingRecord(
                    model="test-embedder", text_hash=comment.comment_id, vector=vector.tobytes()
                )
            )
    with review_store.session() as s:
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Ali", limit=3)
    assert ids(page)[0] == "R05" and ids(page)[1] != "R02"


def test_queue_without_analysis_is_oldest_first(store: Store, tmp_path: Path, redactor) -> None:
    ingest_paths(store, [write_survey(tmp_path / "s.csv")], IngestOptions(), redactor)
    with store.session() as s, s.begin():
        page = wf.review_queue(s, store.exercise(s), "Ali", limit=2)
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


# --- labelling -------------------------------------------------------------------------------


def current(s, ex, comment_id: str, reviewer: str) -> Coding:
    return s.scalar(
        select(Coding).where(
            Coding.comment_pk == comment(s, ex, comment_id).id,
            Coding.reviewer == reviewer,
            Coding.current,
        )
    )


def test_label_actions_build_the_reviewers_coding(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R08")
        wf.reject_suggestion(s, ex, c, "Ali", "crisis")
        assert current(s, ex, "R08", "Ali").themes == ["access"]
        wf.add_theme(s, ex, c, "Ali", "integration")
        assert current(s, ex, "R08", "Ali").themes == ["access", "integration"]
        wf.correct_sentiment(s, ex, c, "Ali", "neutral")
        coding = current(s, ex, "R08", "Ali")
        assert (coding.themes, coding.sentiment) == (["access", "integration"], "neutral")
        wf.no_theme_fits(s, ex, c, "Ali")
        coding = current(s, ex, "R08", "Ali")
        assert (coding.themes, coding.sentiment) == ([], "neutral")
        history = s.scalars(select(Coding).where(Coding.comment_pk == c.id)).all()
    assert len(history) == 4 and sum(h.current for h in history) == 1


def test_each_label_is_audited_with_the_models_suggestion(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R04"), "Ali", ["access"], "negative")
        assert wf.code_comment(s, ex, comment(s, ex, "R04"), "Ali", ["access"], "negative") is None
    with review_store.session() as s:
        trail = audit_frame(s, review_store.exercise(s))
    label = trail[trail["action"] == "label"].iloc[-1]
    assert label["actor"] == "Ali" and label["entity_key"] == "R04"
    assert label["after"]["themes"] == ["access"]
    assert label["after"]["model"] == {"themes": ["integration"], "sentiment": "negative"}
    assert label["at"] is not None


def test_unknown_theme_and_bad_sentiment_are_refused(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R01")
        with pytest.raises(wf.WorkflowError, match="not a current theme: housing"):
            wf.code_comment(s, ex, c, "Ali", ["housing"])
        with pytest.raises(wf.WorkflowError, match="sentiment must be one of"):
            wf.correct_sentiment(s, ex, c, "Ali", "angry")


# --- flags and re-redaction ------------------------------------------------------------------


def test_missed_personal_details_hide_the_comment_until_reredacted(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R04")
        wf.flag_personal_details(s, c, "Ali", note="names the GP practice")
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R04")
        assert "R04" not in ids(wf.review_queue(s, ex, "Bea", limit=50))
        flagged = wf.review_queue(s, ex, "Bea", wf.QueueFilter(flag="personal-details"))
        assert ids(flagged) == ["R04"] and flagged.items[0].text == wf.HIDDEN_TEXT
        assert wf.shown_text(s, c) == wf.HIDDEN_TEXT
        with pytest.raises(wf.NotReviewable):
            wf.accept_suggestion(s, ex, c, "Bea")
        wf.reredact(s, c, "Team lead", phrases=["community team"])
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R04")
        assert c.text == "GP and [REDACTED] do not share notes, so people repeat their story."
        assert "community team" in c.original_text
        assert not wf.is_hidden(s, c)
        assert "R04" in ids(wf.review_queue(s, ex, "Bea", limit=50))
        trail = audit_frame(s, ex)
    redact = trail[trail["action"] == "redact"].iloc[-1]
    assert redact["actor"] == "Team lead"
    assert "community team" not in str(redact["before"]) + str(redact["after"])
    assert set(trail["action"]) >= {"flag", "redact", "clear"}


def test_reredaction_keeps_earlier_masks(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R07")
        before = c.text
        assert "[NAME]" in before
        wf.reredact(s, c, "Team lead", phrases=["neighbour"], label="RELATION")
        assert c.text == before.replace("neighbour", "[RELATION]")
        assert len(c.redactions) == 2
        with pytest.raises(wf.WorkflowError, match="could not find"):
            wf.reredact(s, c, "Team lead", phrases=["not in the comment"])
        with pytest.raises(wf.WorkflowError, match="outside the comment"):
            wf.reredact(s, c, "Team lead", spans=[(5, 5000)])


def test_safeguarding_flag_never_hides_and_needs_a_person_to_clear(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R03")
        flag = wf.raise_safeguarding(s, c, "Ali", note="mentions being unsafe at home")
        assert wf.raise_safeguarding(s, c, "Bea").id == flag.id  # not raised twice
        flag_id = flag.id
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Bea", wf.QueueFilter(flag="safeguarding"))
        assert ids(page) == ["R03"] and "crisis line" in page.items[0].text
        assert page.items[0].safeguarding[0].raised_by == "Ali"
        listed = wf.open_flags(s, ex, "safeguarding")
        assert listed["comment_id"].tolist() == ["R03"]
        with pytest.raises(wf.WorkflowError, match="say briefly what was done"):
            wf.clear_flag(s, flag_id, "Sam", "  ")
        cleared = wf.clear_flag(s, flag_id, "Sam", "Passed to the duty team")
        assert cleared.cleared_by == "Sam" and cleared.cleared_at is not None
        with pytest.raises(wf.WorkflowError, match="already cleared by Sam"):
            wf.clear_flag(s, flag_id, "Ali", "again")
    with review_store.session() as s:
        ex = review_store.exercise(s)
        assert wf.open_flags(s, ex).empty
        assert {"flag", "clear"} <= set(audit_frame(s, ex)["action"])


# --- theme board -----------------------------------------------------------------------------


def card(cards: list[wf.ThemeCard], theme_id: str) -> wf.ThemeCard:
    return next(c for c in cards if c.theme_id == theme_id)


def test_board_counts_people_over_the_model(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R07"), "Ali", ["stigma"], "positive")
        cards = wf.theme_board(s, ex)
    carers, stigma, access = card(cards, "carers"), card(cards, "stigma"), card(cards, "access")
    assert (carers.size, carers.model, carers.human) == (1, 1, 0)
    assert (stigma.size, stigma.human) == (2, 1)
    assert access.size == 2 and access.sentiment == {"negative": 2}
    assert stigma.quotes[0][0] == "R07"  # people's decisions are quoted first
    assert "access word" in access.key_phrases


def test_edit_is_refused_when_someone_changed_the_theme(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        version = card(wf.theme_board(s, ex), "access").version
        wf.edit_theme(s, ex, "access", "Ali", expected_version=version, name="Getting help")
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        with pytest.raises(wf.ThemeChanged, match="changed by Ali"):
            wf.edit_theme(s, ex, "access", "Bea", expected_version=version, description="x")
        record = s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "access"))
        assert (record.name, record.version) == ("Getting help", version + 1)


def test_simultaneous_edits_do_not_overwrite_each_other(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        wf.theme_board(s, review_store.exercise(s))
    first, second = review_store.session(), review_store.session()
    try:
        ex1, ex2 = review_store.exercise(first), review_store.exercise(second)
        mine = wf._theme(first, ex1, "crisis")
        theirs = wf._theme(second, ex2, "crisis")
        assert mine.version == theirs.version
        wf.edit_theme(first, ex1, "crisis", "Ali", expected_version=None, name="Crisis care")
        first.commit()
        with pytest.raises(wf.ThemeChanged):
            wf.edit_theme(second, ex2, "crisis", "Bea", expected_version=None, name="Urgent")
        second.rollback()
    finally:
        first.close()
        second.close()
    with review_store.session() as s:
        assert wf._theme(s, review_store.exercise(s), "crisis").name == "Crisis care"


def test_merge_moves_codings_and_suggestions(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R01"), "Ali", ["access", "stigma"])
        versions = {c.theme_id: c.version for c in wf.theme_board(s, ex)}
        wf.merge_themes(s, ex, "crisis", "access", "Bea", expected_versions=versions)
        wf.merge_themes(s, ex, "stigma", "access", "Bea", expected_versions=None)
    with review_store.session() as s:
        ex = review_store.exercise(s)
        cards = wf.theme_board(s, ex, include_inactive=True)
        assert card(cards, "crisis").status == "merged"
        assert card(cards, "crisis").merged_into == "access"
        assert card(cards, "access").size == 4  # R01, R03, R05 and R08
        assert current(s, ex, "R01", "Ali").themes == ["access"]
        r03 = s.get(Suggestion, comment(s, ex, "R03").id)
        assert r03.themes == ["access"] and r03.confidence["access"] == 0.9
        r08 = s.get(Suggestion, comment(s, ex, "R08").id)
        assert r08.themes == ["access"]
        assert "crisis" not in [t.theme_id for t in wf.active_themes(s, ex)]
        merge = s.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).all()
    assert merge[0].actor == "Bea" and merge[0].before["source"]["status"] == "active"
    assert merge[0].after["source"]["status"] == "merged"
    assert merge[1].after["comments"] == ["R01"]


def test_merge_checks_both_versions(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        with pytest.raises(wf.ThemeChanged):
            wf.merge_themes(s, ex, "crisis", "access", "Bea", expected_versions={"access": 7})
        with pytest.raises(wf.WorkflowError, match="two different themes"):
            wf.merge_themes(s, ex, "access", "access", "Bea")


def test_split_moves_only_the_chosen_comments(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R01"), "Ali", ["access"])
        members = wf.theme_members(s, ex, "access")
        assert set(members["comment_id"]) == {"R01", "R08"}
        assert members.iloc[0]["decided_by"] == "person"
        r01 = int(members[members["comment_id"] == "R01"]["pk"].iloc[0])
        version = wf._theme(s, ex, "access").version
        new = wf.split_theme(
            s, ex, "access", [r01], "Bea", new_name="Waiting times", expected_version=version
        )
        assert new.theme_id == "waiting-times" and new.origin == "split"
        assert current(s, ex, "R01", "Ali").themes == ["waiting-times"]
        assert set(wf.theme_members(s, ex, "access")["comment_id"]) == {"R08"}
        assert "waiting-times" in [t.theme_id for t in wf.active_themes(s, ex)]


def test_retire_and_confirm(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        v = wf._theme(s, ex, "stigma").version
        wf.confirm_theme(s, ex, "stigma", "Ali", expected_version=v)
        confirmed = card(wf.theme_board(s, ex), "stigma")
        assert confirmed.confirmed_by == "Ali" and confirmed.version == v + 1
        wf.retire_theme(s, ex, "stigma", "Ali", expected_version=v + 1)
        assert "stigma" not in [c.theme_id for c in wf.theme_board(s, ex)]
        with pytest.raises(wf.WorkflowError, match="retired"):
            wf.confirm_theme(s, ex, "stigma", "Ali", expected_version=None)


def test_promote_an_emergent_topic(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        s.add(
            TopicRecord(
                exercise_id=ex.id,
                topic_id=3,
                label="transport, taxi, bus",
                size=12,
                keywords=["transport", "taxi", "bus"],
                representatives=["R07", "R04"],
            )
        )
        s.flush()
        topics = wf.topics_frame(s, ex)
        assert topics["label"].tolist() == ["transport, taxi, bus"]
        theme = wf.promote_topic(s, ex, 3, "Ali", name="Getting there")
        assert (theme.theme_id, theme.origin, theme.keywords[0]) == (
            "getting-there",
            "topic",
            "transport",
        )
        assert len(theme.examples) == 2 and "Wilhelmina" not in " ".join(theme.examples)
        assert wf.topics_frame(s, ex)["status"].tolist() == ["promoted"]
        with pytest.raises(wf.WorkflowError, match="already a theme"):
            wf.promote_topic(s, ex, 3, "Ali")
        with pytest.raises(wf.WorkflowError, match="no topic number 9"):
            wf.promote_topic(s, ex, 9, "Ali")


def test_keep_or_dismiss_a_topic(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="food", size=5))
        s.flush()
        wf.set_topic_status(s, ex, 0, "dismissed", "Ali")
        assert wf.topics_frame(s, ex)["status"].tolist() == ["dismissed"]
        with pytest.raises(wf.WorkflowError, match="new, kept or dismissed"):
            wf.set_topic_status(s, ex, 0, "promoted", "Ali")
        assert audit_frame(s, ex)["action"].tolist()[-1] == "dismissed"


# --- agreement -------------------------------------------------------------------------------


def test_double_coding_is_blind_and_gives_kappa(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        sample = wf.assign_sample(s, ex, ["Ali", "Bea"], 4, "Sam", seed=1)
    assert len(sample.comment_ids) == 4
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        for who in ("Ali", "Bea"):
            page = wf.review_queue(s, ex, who, limit=4)
            assert set(ids(page)) == set(sample.comment_ids) and page.assigned_left == 4
        other = wf.review_queue(s, ex, "Cat", limit=50)
        assert not set(ids(other)) & set(sample.comment_ids)
        for cid in sample.comment_ids:
            wf.code_comment(s, ex, comment(s, ex, cid), "Ali", ["access"], "negative")
        first = sample.comment_ids[0]
        # Ali's labels do not take the sample off Bea's list, and Bea cannot see them.
        page = wf.review_queue(s, ex, "Bea", limit=10)
        assert page.assigned_left == 4 and all(i.my_themes is None for i in page.items[:4])
        for cid in sample.comment_ids:
            themes = ["access"] if cid != first else ["carers"]
            wf.code_comment(s, ex, comment(s, ex, cid), "Bea", themes, "negative")
        report = wf.agreement(s, ex, sample.name)
    assert report.complete == 4 and report.left == {"Ali": 0, "Bea": 0}
    access = report.themes.set_index("theme").loc["access"]
    assert access["method"] == "Cohen's kappa" and access["agreement"] == 0.75
    assert math.isclose(access["kappa"], cohen_kappa_score([1, 1, 1, 1], [0, 1, 1, 1]))
    assert set(report.disagreements["comment_id"]) == {first}
    assert set(report.disagreements["about"]) == {"Access to services", "Carers and families"}


def test_cohen_kappa_matches_scikit_learn() -> None:
    a = ["pos", "neg", "neg", "neu", "pos", "neg", "neu", "neu", "pos", "neg"]
    b = ["pos", "neg", "neu", "neu", "pos", "pos", "neu", "neg", "pos", "neg"]
    assert math.isclose(wf.cohen_kappa(a, b), cohen_kappa_score(a, b))
    assert math.isnan(wf.cohen_kappa([1, 1], [1, 1]))


def test_fleiss_kappa_on_the_textbook_example() -> None:
    # Fleiss (1971) worked example as given on Wikipedia: 10 items, 14 raters, kappa 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert round(wf.fleiss_kappa(table), 3) == 0.210
    assert math.isclose(
        wf.kappa([[1, 0, 1], [1, 0, 0], [1, 1, 1]]), wf.fleiss_kappa([[0, 3], [2, 1], [1, 2]])
    )


def test_three_reviewers_get_fleiss_kappa(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        sample = wf.assign_sample(s, ex, ["Ali", "Bea", "Cat"], 3, "Sam")
        for who in ("Ali", "Bea", "Cat"):
            for cid in sample.comment_ids:
                wf.code_comment(s, ex, comment(s, ex, cid), who, ["access"])
        report = wf.agreement(s, ex, sample.name)
    access = report.themes.set_index("theme").loc["access"]
    assert access["method"] == "Fleiss' kappa" and access["agreement"] == 1.0
    assert report.disagreements.empty


def test_sample_needs_two_reviewers(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        with pytest.raises(wf.WorkflowError, match="at least two reviewers"):
            wf.assign_sample(s, review_store.exercise(s), ["Ali"], 3, "Sam")


def test_model_versus_people_uses_what_the_reviewer_saw(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        assert wf.model_vs_human(s, ex) is None
        wf.accept_suggestion(s, ex, comment(s, ex, "R01"), "Ali")  # agrees: access
        wf.reject_suggestion(s, ex, comment(s, ex, "R02"), "Ali", "carers")  # model wrong
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Ali", ["crisis", "access"])
        result = wf.model_vs_human(s, ex, n_boot=50)
    assert result["compared"] == 3 and result["left_out"] == 0
    access, carers = result["themes"]["access"], result["themes"]["carers"]
    assert (access["tp"], access["fn"], access["fp"]) == (1, 1, 0)
    assert (carers["tp"], carers["fp"]) == (0, 1)
    assert result["themes"]["crisis"]["precision"] == 1.0


def test_hostile_text_is_kept_as_typed(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        page = wf.review_queue(s, ex, "Ali", wf.QueueFilter(search="<script>"))
    # The web address was redacted at ingest; the rest is exactly as typed.
    assert page.items[0].text == "![x]([URL]) <script>alert(1)</script> 100% fed up"


def test_overview_frame_agrees_with_the_export(review_store: Store) -> None:
    from engage.export import comments_frame

    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R03"), "Ali", ["carers", "crisis"], "negative")
    with review_store.session() as s:
        light = wf.overview_frame(s, review_store.exercise(s))
    full = comments_frame(review_store)
    for column in ("themes", "sentiment", "locality", "respondent_group", "theme_source"):
        assert light[column].fillna("").tolist() == full[column].fillna("").tolist(), column
    assert light.loc[full["comment_id"] == "R03", "themes"].item() == "carers;crisis"
