"""Labelling: reviewers' decisions build a complete, audited coding."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage import workflow as wf
from engage.audit import audit_frame
from engage.models import Coding
from engage.store import Store
from engage.workflow.labelling import MAX_NOTE

comment = wf.comment_by_id  # the exercise's comment with this id


def test_label_actions_build_the_reviewers_coding(review_store: Store, current) -> None:
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


def test_a_reviewers_note_is_kept_with_the_decision(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R04"), "Clive", ["access"], "negative",
                        note="  About the wait,\n  not the staff. ")
        # The same coding again, with a note: nothing to save but the note, which is kept.
        assert wf.code_comment(s, ex, comment(s, ex, "R04"), "Clive", ["access"], "negative",
                               note="Checked with the group" + "!" * 2000) is None
    with review_store.session() as s:
        trail = audit_frame(s, review_store.exercise(s))
    label = trail[trail["action"] == "label"].iloc[-1]
    assert label["after"]["note"] == "About the wait, not the staff."
    (note,) = trail[trail["action"] == "note"].to_dict("records")
    assert note["actor"] == "Clive" and note["entity_key"] == "R04"
    assert note["after"]["note"].startswith("Checked with the group")
    assert len(note["after"]["note"]) == MAX_NOTE


def test_a_button_pressed_without_choosing_a_tone_saves_no_tone(review_store: Store,
                                                                 current) -> None:
    # A trial: "No theme fits" on a comment the computer read as negative saved
    # "sentiment negative" as the reviewer's own answer, though they never chose a tone.
    with review_store.session() as s:
        ex = review_store.exercise(s)
        (item,) = wf.review_items(s, ex, [comment(s, ex, "R01").id], "Ali")
    assert item.model_sentiment == "negative" and item.start_sentiment is None
    assert item.decision("none", ["carers"], None, sure=0.65) == ([], None)
    assert item.decision("save", ["carers"], None, sure=0.65) == (["carers"], None)
    assert item.decision("accept", ["carers"], None, sure=0.65) == (["access"], None)
    assert item.decision("accept", [], "positive", sure=0.65) == (["access"], "positive")
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R01"), "Ali", *item.decision(
            "none", [], None, sure=0.65))
        saved = current(s, ex, "R01", "Ali")
        assert (saved.themes, saved.sentiment) == ([], None)
        wf.code_comment(s, ex, comment(s, ex, "R01"), "Ali", [], "positive")
        (again,) = wf.review_items(s, ex, [comment(s, ex, "R01").id], "Ali")
    assert again.start_sentiment == "positive"  # the reviewer's own choice is kept for them


def test_accept_with_nothing_the_computer_is_sure_of_saves_nothing(review_store: Store) -> None:
    with review_store.session() as s:
        ex = review_store.exercise(s)
        (unsure,) = wf.review_items(s, ex, [comment(s, ex, "R05").id], "Ali")  # stigma 51%
    assert unsure.confident(0.65) == []
    assert unsure.decision("accept", ["stigma"], "neutral", sure=0.65) is None
    with pytest.raises(ValueError, match="unknown review action"):
        unsure.decision("maybe", [], None, sure=0.65)
