"""People and passwords: removing an account asks once more, and every change is recorded."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

# Imported before AppTest puts app_pages/ on sys.path, where themes.py (a page) would shadow
# the themes package.
from engage import users, workflow  # noqa: F401
from engage.audit import audit_frame
from engage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"


def _page(url: str, me: users.Account) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / "users.py"), default_timeout=60)
    at.session_state["account"] = me
    at.run()
    return at


def _button(at: AppTest, label: str):  # noqa: ANN202 - an AppTest button
    return next(b for b in at.button if b.label == label)


def test_removing_an_account_asks_first_and_is_recorded(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'engage.db'}"
    monkeypatch.setenv("ENGAGE_DB", url)
    store = Store(url)
    with store.session() as s, s.begin():
        store.exercise(s, "Autumn", create=True)
        me = users.add_user(s, "Ada Admin", "admin", PASSWORD)
        users.add_user(s, "Tess Temp", "admin", PASSWORD)
    at = _page(url, me)
    _button(at, "Remove this account").click().run()
    with store.session() as s:
        assert users.get_user(s, "Tess Temp")  # one click removes nothing
    assert any("Remove Tess Temp's account?" in w.value for w in at.warning)
    _button(at, "Keep the account").click().run()
    assert not [b for b in at.button if b.label.startswith("Yes, remove")]
    _button(at, "Remove this account").click().run()
    _button(at, "Yes, remove Tess Temp").click().run()
    with store.session() as s:
        assert [a.name for a in users.list_users(s)] == ["Ada Admin"]
        trail = audit_frame(s, store.exercise(s, "Autumn"))
    removed = trail[(trail["entity"] == "account") & (trail["action"] == "remove")]
    assert removed["actor"].tolist() == ["Ada Admin"]
    assert removed["entity_key"].tolist() == ["Tess Temp"]


def test_account_changes_read_in_words_in_the_history(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'engage.db'}"
    monkeypatch.setenv("ENGAGE_DB", url)
    store = Store(url)
    with store.session() as s, s.begin():
        store.exercise(s, "Autumn", create=True)
        me = users.add_user(s, "Ada Admin", "admin", PASSWORD)
        users.add_user(s, "Rosa Reviewer", "reviewer", PASSWORD, actor="Ada Admin")
        users.set_active(s, "Rosa Reviewer", False, actor="Ada Admin")
    at = AppTest.from_file(str(ROOT / "app_pages" / "audit.py"), default_timeout=60)
    at.session_state["account"] = me
    at.run()
    table = at.dataframe[0].value
    rows = table[table["Who"] == "Ada Admin"]
    assert rows["What"].tolist() == ["Stopped an account signing in", "Added an account"]
    assert set(rows["Which"]) == {"Account Rosa Reviewer"}
