"""Flags and re-redaction: safeguarding concerns and missed personal details."""

from __future__ import annotations

import pytest

from engage import workflow as wf
from engage.audit import audit_frame
from engage.store import Store


def ids(page: wf.QueuePage) -> list[str]:
    return [item.comment_id for item in page.items]


comment = wf.comment_by_id  # the exercise's comment with this id


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
        trail = audit_frame(s, ex)
        assert {"flag", "clear"} <= set(trail["action"])
        # The record says what the concern was and, apart from it, what was done.
        cleared = trail[trail["action"] == "clear"].iloc[-1]
        assert cleared["after"]["what was done"] == "Passed to the duty team"
        assert cleared["after"]["concern"] == cleared["before"]["concern"]
        assert "unsafe at home" in cleared["after"]["concern"]


def test_the_reason_a_computer_flag_was_raised_reads_the_same_after_it_is_cleared() -> None:
    raised = "level: possible; cue: suicide"
    cleared = f"{raised}\n{wf.flags.DEALT_WITH}A staff member's comment about patients; no risk"
    assert wf.concern_reason("suicidal_intent", cleared) == wf.concern_reason(
        "suicidal_intent", raised) == (
        "Thoughts of suicide (possible, or in the past), because of the words “suicide”.")


def test_reredaction_also_masks_the_sentence_a_flag_quotes(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        c = comment(s, ex, "R07")
        sentence = c.text.split(".")[0]
        word = next(w for w in sentence.split() if w.isalpha() and len(w) > 4)
        flag = wf.raise_safeguarding(s, c, "Ali", note=f"about {word.upper()}", sentence=sentence)
        wf.reredact(s, c, "Team lead", phrases=[word])
        assert word.lower() not in flag.sentence.lower()
        assert "[REDACTED]" in flag.sentence and "[REDACTED]" in flag.note
        assert flag.status == "open"  # a safeguarding flag is still for a person to clear
