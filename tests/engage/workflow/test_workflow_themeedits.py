"""Theme changes: versioned edits, merge, split, retire and confirm, all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage import workflow as wf
from engage.frameworks import active_themes
from engage.models import AuditEvent, Suggestion, ThemeRecord
from engage.store import Store
from engage.workflow.themeedits import _theme

comment = wf.comment_by_id  # the exercise's comment with this id


def card(cards: list[wf.ThemeCard], theme_id: str) -> wf.ThemeCard:
    return next(c for c in cards if c.theme_id == theme_id)


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
        mine = _theme(first, ex1, "crisis")
        theirs = _theme(second, ex2, "crisis")
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
        assert _theme(s, review_store.exercise(s), "crisis").name == "Crisis care"


def test_merge_moves_codings_and_suggestions(review_store: Store, current) -> None:
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
        assert "crisis" not in [t.theme_id for t in active_themes(s, ex)]
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


def test_split_moves_only_the_chosen_comments(review_store: Store, current) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.code_comment(s, ex, comment(s, ex, "R01"), "Ali", ["access"])
        members = wf.theme_members(s, ex, "access")
        assert set(members["comment_id"]) == {"R01", "R08"}
        assert members.iloc[0]["decided_by"] == "person"
        r01 = int(members[members["comment_id"] == "R01"]["pk"].iloc[0])
        version = _theme(s, ex, "access").version
        new = wf.split_theme(
            s, ex, "access", [r01], "Bea", new_name="Waiting times", expected_version=version
        )
        assert new.theme_id == "waiting-times" and new.origin == "split"
        assert current(s, ex, "R01", "Ali").themes == ["waiting-times"]
        assert set(wf.theme_members(s, ex, "access")["comment_id"]) == {"R08"}
        assert "waiting-times" in [t.theme_id for t in active_themes(s, ex)]


def test_a_split_cannot_move_every_comment_of_the_theme(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        everyone = [int(pk) for pk in wf.theme_members(s, ex, "access")["pk"]]
        with pytest.raises(wf.WorkflowError, match="every comment in the theme"):
            wf.split_theme(s, ex, "access", everyone, "Bea", new_name="All of it",
                           expected_version=None)
        assert "all-of-it" not in [t.theme_id for t in active_themes(s, ex)]


def test_a_retired_theme_can_be_used_again(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.retire_theme(s, ex, "stigma", "Ali", expected_version=None)
        assert wf.retired_themes(s, ex) == {"stigma": _theme(s, ex, "stigma").name}
        wf.restore_theme(s, ex, "stigma", "Bea")
        assert wf.retired_themes(s, ex) == {}
        assert "stigma" in [t.theme_id for t in active_themes(s, ex)]
        assert [e.actor for e in theme_events(s, "restore")] == ["Bea"]
        with pytest.raises(wf.WorkflowError, match="not a retired theme"):
            wf.restore_theme(s, ex, "stigma", "Bea")


def test_retire_and_confirm(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        v = _theme(s, ex, "stigma").version
        wf.confirm_theme(s, ex, "stigma", "Ali", expected_version=v)
        confirmed = card(wf.theme_board(s, ex), "stigma")
        assert confirmed.confirmed_by == "Ali" and confirmed.version == v + 1
        wf.retire_theme(s, ex, "stigma", "Ali", expected_version=v + 1)
        assert "stigma" not in [c.theme_id for c in wf.theme_board(s, ex)]
        with pytest.raises(wf.WorkflowError, match="retired"):
            wf.confirm_theme(s, ex, "stigma", "Ali", expected_version=None)


def test_a_retired_theme_is_no_longer_suggested_nor_accepted(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.retire_theme(s, ex, "crisis", "Ali", expected_version=None)
        r08 = comment(s, ex, "R08")
        [item] = wf.review_items(s, ex, [r08.id], "Bea")
        assert item.suggested == ["access"] and set(item.confidence) == {"access"}
        assert set(item.reasons) == {"access"}
        coding = wf.accept_suggestion(s, ex, r08, "Bea")
        assert coding.themes == ["access"]
        # The model's own suggestion is kept as it was, for the record.
        assert s.get(Suggestion, r08.id).themes == ["access", "crisis"]


def theme_events(s, action: str) -> list[AuditEvent]:
    return s.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "theme", AuditEvent.action == action)
        .order_by(AuditEvent.id)
    ).all()


def test_each_theme_change_is_audited_as_it_was_before_and_after(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        record = _theme(s, ex, "access")
        v = record.version
        as_loaded = {
            "name": record.name,
            "description": record.description,
            "status": "active",
            "merged_into": None,
            "keywords": list(record.keywords),
        }
        renamed = {**as_loaded, "name": "Getting help"}
        wf.edit_theme(s, ex, "access", "Ali", expected_version=v, name=" Getting help ")
        wf.confirm_theme(s, ex, "access", "Bea", expected_version=v + 1)
        r01 = comment(s, ex, "R01").id
        new = wf.split_theme(
            s, ex, "access", [r01], "Cat", new_name="Waiting times", expected_version=v + 2
        )
        wf.retire_theme(s, ex, "access", "Dev", expected_version=v + 3)
        assert (record.version, record.status, record.updated_by) == (v + 4, "retired", "Dev")
        assert record.updated_at is not None and new.theme_id == "waiting-times"
        (edit,), (confirm,), (split,), (retire,) = (
            theme_events(s, action) for action in ("edit", "confirm", "split", "retire")
        )
    assert (edit.actor, edit.entity_key) == ("Ali", "access")
    assert edit.before == {**as_loaded, "version": v}
    assert edit.after == {**renamed, "version": v + 1}
    assert confirm.actor == "Bea" and confirm.before == edit.after
    assert confirm.after == {**renamed, "version": v + 2}
    assert split.actor == "Cat" and split.before == confirm.after
    assert split.after == {
        "source": {**renamed, "version": v + 3},
        "new_theme": "waiting-times",
        "new": {
            "name": "Waiting times",
            "description": "",
            "status": "active",
            "merged_into": None,
            "keywords": [],
            "version": 1,
        },
        "codings_moved": 0,
        "suggestions_moved": 1,
        "comments": [],
    }
    assert retire.actor == "Dev" and retire.before == split.after["source"]
    assert retire.after == {**renamed, "status": "retired", "version": v + 4}


def test_an_edit_that_changes_nothing_leaves_no_trace(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        record = _theme(s, ex, "crisis")
        v, who = record.version, record.updated_by
        same = wf.edit_theme(s, ex, "crisis", "Ali", expected_version=v, name=f" {record.name} ")
        with pytest.raises(wf.WorkflowError, match="a theme needs a name"):
            wf.edit_theme(s, ex, "crisis", "Ali", expected_version=v, name="  ")
        s.flush()
        assert same is record and (record.version, record.updated_by) == (v, who)
        assert theme_events(s, "edit") == []


def test_a_change_to_a_theme_that_is_not_active_is_refused(review_store: Store) -> None:
    with review_store.session() as s, s.begin():
        ex = review_store.exercise(s)
        wf.merge_themes(s, ex, "crisis", "access", "Bea")
        merged = _theme(s, ex, "crisis")
        for change in (
            lambda: wf.edit_theme(s, ex, "crisis", "Ali", expected_version=None, name="x"),
            lambda: wf.retire_theme(s, ex, "crisis", "Ali", expected_version=None),
            lambda: wf.split_theme(
                s, ex, "crisis", [1], "Ali", new_name="x", expected_version=None
            ),
            lambda: wf.merge_themes(s, ex, "access", "crisis", "Ali"),
        ):
            with pytest.raises(wf.WorkflowError, match="'Crisis.*' is merged, not an active"):
                change()
        assert merged.updated_by == "Bea"
        assert len(theme_events(s, "merge")) == 1
