"""Actions ("we did"): linked to framework themes, validated, audited, imported and exported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from engage.actions import (
    ActionError,
    actions_frame,
    add_action,
    export_actions,
    import_actions,
    list_actions,
    parse_status,
    remove_action,
    update_action,
)
from engage.audit import audit_frame
from engage.ingest import IngestOptions, ingest_paths
from engage.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ACTIONS = ROOT / "data" / "sample" / "actions.csv"


@pytest.fixture
def exercise_name(store: Store) -> str:
    with store.session() as s, s.begin():
        store.exercise(s, "Actions test", create=True)
    return "Actions test"


def test_add_links_themes_and_is_audited(store: Store, exercise_name: str) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        action = add_action(
            s, ex, themes=["access", "crisis"], text="Open the crisis café at weekends",
            owner="Urgent care team", status="In progress", due="2027-03-31",
            evidence="https://example.org/cafe", commitment="Support for people in crisis",
            actor="amira",
        )
        action_id = action.id
    with store.session() as s:
        ex = store.exercise(s, exercise_name)
        (saved,) = list_actions(s, ex, theme="crisis")
        assert saved.id == action_id
        assert saved.themes == ["access", "crisis"]
        assert saved.status == "in-progress"
        assert saved.due == date(2027, 3, 31)
        assert list_actions(s, ex, theme="carers") == []
        trail = audit_frame(s, ex)
    row = trail[trail["entity"] == "action"].iloc[-1]
    assert (row["actor"], row["action"], row["entity_key"]) == ("amira", "add", str(action_id))
    assert row["after"]["text"] == "Open the crisis café at weekends"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"themes": ["nonsense"]}, "unknown theme id 'nonsense'; known: access, "),
        ({"themes": []}, "at least one theme"),
        ({"status": "finished"}, "status 'finished' is not one of"),
        ({"due": "31st March"}, "is not a date"),
        ({"text": "   "}, "needs some text"),
    ],
)
def test_add_rejects_bad_values(
    store: Store, exercise_name: str, changes: dict, message: str
) -> None:
    values = {"themes": ["access"], "text": "Shorter waits"} | changes
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        with pytest.raises(ActionError, match=message.replace("(", r"\(").replace(")", r"\)")):
            add_action(s, ex, **values)
        assert list_actions(s, ex) == []


def test_update_and_remove_are_audited_with_before_and_after(
    store: Store, exercise_name: str
) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        action_id = add_action(s, ex, themes="carers", text="Carers' pack", actor="a").id
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        update_action(s, ex, action_id, actor="b", status="not-doing", reason="No funding")
        update_action(s, ex, action_id, actor="b", status="not-doing")  # no change: no event
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        remove_action(s, ex, action_id, actor="c")
    with store.session() as s:
        ex = store.exercise(s, exercise_name)
        assert list_actions(s, ex) == []
        trail = audit_frame(s, ex)
    events = trail[trail["entity"] == "action"]
    assert list(events["action"]) == ["add", "update", "remove"]
    update = events.iloc[1]
    assert update["before"]["status"] == "planned"
    assert (update["after"]["status"], update["after"]["reason"]) == ("not-doing", "No funding")
    assert events.iloc[2]["before"]["text"] == "Carers' pack"


def test_parse_status_accepts_spoken_forms() -> None:
    assert parse_status("In progress") == "in-progress"
    assert parse_status("NOT_DOING") == "not-doing"
    assert parse_status("") == "planned"


def test_sample_actions_import_cleanly(store: Store, exercise_name: str) -> None:
    with store.session() as s, s.begin():
        report = import_actions(s, store.exercise(s, exercise_name), SAMPLE_ACTIONS, actor="t")
    expected = len(pd.read_csv(SAMPLE_ACTIONS))
    assert (report.rows, report.added, report.problems) == (expected, expected, [])
    with store.session() as s:
        actions = list_actions(s, store.exercise(s, exercise_name))
    multi = [a for a in actions if len(a.themes) > 1]
    assert multi and all(set(a.themes) <= {"access", "integration", "crisis", "carers", "stigma"}
                         for a in actions)


def test_import_reports_bad_rows_and_keeps_good_ones(
    store: Store, exercise_name: str, tmp_path: Path
) -> None:
    path = tmp_path / "actions.csv"
    path.write_text(
        "theme,text,owner,status,due,evidence\n"
        "access,Publish a where-to-get-help guide,Comms,done,2026-11-15,https://example.org/g\n"
        "wellbeing,Open a wellbeing hub,Public health,planned,2027-01-01,\n"
        "crisis,Answer calls in 15 minutes,Crisis line,finished,2027-01-01,\n"
        "carers,Carers' pack,Carers group,planned,next spring,\n"
        ",Something with no theme,,planned,,\n"
        "access;Carers and families,Invite carers to discharge meetings,Inpatient lead,"
        "In progress,30/04/2027,\n"
        "crisis,,Crisis line,planned,,\n"
        "Crisis support,Call Priya on 07700 900461 or priya@example.org,Crisis line,,,\n",
        encoding="utf-8",
    )
    with store.session() as s, s.begin():
        report = import_actions(s, store.exercise(s, exercise_name), path, actor="t")
    assert (report.rows, report.added) == (8, 3)
    reasons = {p["row"]: p["reason"] for p in report.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 8]
    assert "unknown theme id 'wellbeing'" in reasons[3] and "known: access" in reasons[3]
    # Imported, with a note: actions are published as written.
    assert [w["row"] for w in report.warnings] == [9]
    assert "email and phone" in report.warnings[0]["reason"]
    assert "status 'finished'" in reasons[4]
    assert "due date 'next spring'" in reasons[5]
    assert "at least one theme" in reasons[6]
    assert "needs some text" in reasons[8]
    with store.session() as s:
        actions = {a.text: a for a in list_actions(s, store.exercise(s, exercise_name))}
    assert actions["Invite carers to discharge meetings"].due == date(2027, 4, 30)
    assert actions["Invite carers to discharge meetings"].themes == ["access", "carers"]


def test_export_import_round_trip(store: Store, exercise_name: str, tmp_path: Path) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise_name)
        import_actions(s, ex, SAMPLE_ACTIONS, actor="t")
        add_action(s, ex, themes=["stigma"], text="=Formula-looking text", status="not-doing",
                   reason="Out of scope", actor="t")
        out = export_actions(s, ex, tmp_path / "out.csv")
        before = actions_frame(s, ex).drop(columns="id")
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("theme,text,owner,status,due,evidence")
    assert "'=Formula" in out.read_text(encoding="utf-8-sig")
    # Importing the export again changes nothing...
    with store.session() as s, s.begin():
        again = import_actions(s, store.exercise(s, exercise_name), out, actor="t")
    assert (again.added, again.updated, again.unchanged, again.problems) == (0, 0, len(before), [])
    # ...and into a new exercise it recreates the same actions.
    with store.session() as s, s.begin():
        other = store.exercise(s, "Second exercise", create=True)
        fresh = import_actions(s, other, out, actor="t")
        after = actions_frame(s, other).drop(columns="id")
    assert fresh.added == len(before)
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))


def test_a_done_action_dated_in_the_future_or_a_not_doing_one_without_reason_is_flagged(
    store: Store, tmp_path: Path, redactor, survey_csv: Path
) -> None:
    from datetime import timedelta

    ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    soon = (date.today() + timedelta(days=30)).isoformat()
    path = tmp_path / "actions.csv"
    path.write_text(
        "theme,text,owner,status,due,evidence,reason\n"
        f"access,Publish the guide,Comms,done,{soon},Guide published,\n"
        "access,Shared care record access,Digital board,not-doing,,Supplier cannot deliver,\n"
        "access,Open a crisis cafe,Urgent care,planned,2030-01-31,,\n"
        "access,Stop the waiting list,Board,not-doing,,,Not funded this year\n"
    )
    with store.session() as s, s.begin():
        report = import_actions(s, store.exercise(s), path)
    assert report.added == 4 and not report.problems
    warned = {w["row"]: w["reason"] for w in report.warnings}
    assert set(warned) == {2, 3}
    assert "still to come" in warned[2] and "no reason is given" in warned[3]


def test_the_sample_actions_are_consistent() -> None:
    from engage.actions import parse_due, status_warnings

    frame = pd.read_csv(SAMPLE_ACTIONS, dtype=str, keep_default_na=False)
    for row in frame.to_dict("records"):
        values = {**row, "due": parse_due(row["due"] or None)}
        assert not status_warnings(values), row["text"]
