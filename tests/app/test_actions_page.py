"""What we did: the team records actions in the app; reviewers read them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

# Imported before AppTest puts app_pages/ on sys.path (its themes.py would shadow the package).
from engage import users, workflow  # noqa: F401
from engage.actions import list_actions
from engage.audit import audit_frame
from engage.frameworks import active_themes
from engage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"


def _store(tmp_path: Path, monkeypatch) -> Store:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'engage.db'}"
    monkeypatch.setenv("ENGAGE_DB", url)
    store = Store(url)
    with store.session() as s, s.begin():
        active_themes(s, store.exercise(s, "Autumn", create=True))
        users.add_user(s, "Tom Team", "team", PASSWORD)
        users.add_user(s, "Rita Reviewer", "reviewer", PASSWORD)
    return store


def _page(store: Store, who: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "actions.py"), default_timeout=60)
    with store.session() as s:
        at.session_state["account"] = users.get_user(s, who)
    at.run()
    return at


def test_the_team_adds_and_changes_an_action_and_it_is_recorded(tmp_path: Path,
                                                                monkeypatch) -> None:
    store = _store(tmp_path, monkeypatch)
    at = _page(store, "Tom Team")
    assert any("No actions yet" in i.value for i in at.info)
    at.multiselect[0].select("carers")
    at.text_area[0].input("Carers' information pack, written with the carers forum")
    at.text_input[0].input("Carers partnership group")
    at.selectbox[0].select("Not doing")
    next(b for b in at.button if b.label == "Add the action").click().run()
    with store.session() as s:
        (action,) = list_actions(s, store.exercise(s, "Autumn"))
        assert (action.themes, action.status, action.owner) == (
            ["carers"], "not-doing", "Carers partnership group")
    # Not doing with no reason: the page says to check it, as the import does.
    assert any("no reason is given" in str(e.proto) for e in at.get("html"))
    at = _page(store, "Tom Team")
    at.selectbox[-1].select("Done")
    next(b for b in at.button if b.label == "Save the change").click().run()
    with store.session() as s:
        (action,) = list_actions(s, store.exercise(s, "Autumn"))
        assert action.status == "done"
        trail = audit_frame(s, store.exercise(s, "Autumn"))
    recorded = trail[trail["entity"] == "action"]
    assert recorded["action"].tolist() == ["add", "update"]
    assert set(recorded["actor"]) == {"Tom Team"}


def test_a_reviewer_reads_the_actions_but_cannot_change_them(tmp_path: Path,
                                                             monkeypatch) -> None:
    store = _store(tmp_path, monkeypatch)
    at = _page(store, "Rita Reviewer")
    assert at.title[0].value == "What we did"
    assert not [b for b in at.button if b.label == "Add the action"]
    assert not at.text_area


def test_an_action_the_library_refuses_is_said_and_nothing_is_added(tmp_path: Path,
                                                                     monkeypatch) -> None:
    store = _store(tmp_path, monkeypatch)
    at = _page(store, "Tom Team")
    at.text_area[0].input("An action with no theme")
    next(b for b in at.button if b.label == "Add the action").click().run()
    assert any("needs at least one theme" in e.value for e in at.error)
    with store.session() as s:
        assert list_actions(s, store.exercise(s, "Autumn")) == []
