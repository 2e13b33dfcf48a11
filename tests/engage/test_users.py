"""Local accounts: hashing, roles, sign-in, and clear refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.models import User
from engage.store import Store
from engage.users import (
    UserError,
    add_user,
    authenticate,
    can,
    get_user,
    has_users,
    list_users,
    remove_user,
    reset_password,
    set_active,
    set_role,
)

PASSWORD = "correct horse battery"


def test_new_store_has_no_accounts(store: Store) -> None:
    with store.session() as s:
        assert not has_users(s)
        assert list_users(s) == []


def test_password_is_stored_only_as_an_argon2_hash(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Sam Carter", "admin", PASSWORD)
    with store.session() as s:
        stored = s.scalar(select(User.password_hash).where(User.name == "Sam Carter"))
        assert has_users(s)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_needs_the_right_name_and_password(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    with store.session() as s, s.begin():
        account = authenticate(s, "Ali", PASSWORD)
        assert account is not None and account.role == "reviewer"
        assert authenticate(s, "Ali", PASSWORD + "x") is None
        assert authenticate(s, "Nobody", PASSWORD) is None
        assert authenticate(s, "Ali", "") is None


def test_reset_password_replaces_the_old_one(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
        reset_password(s, "Ali", "a brand new passphrase")
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", PASSWORD) is None
        assert authenticate(s, "Ali", "a brand new passphrase") is not None


def test_switched_off_account_cannot_sign_in(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "team", PASSWORD)
        set_active(s, "Ali", False)
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", PASSWORD) is None
        assert not has_users(s)


def test_remove_and_list(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Bea", "team", PASSWORD)
        add_user(s, "Ali", "reviewer", PASSWORD)
    with store.session() as s, s.begin():
        assert [a.name for a in list_users(s)] == ["Ali", "Bea"]
        remove_user(s, "Bea")
    with store.session() as s:
        assert [a.name for a in list_users(s)] == ["Ali"]


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("", "team", PASSWORD, "user name is needed"),
        ("Ali", "boss", PASSWORD, "role must be one of team, reviewer, admin"),
        ("Ali", "team", "short", "at least 10 characters"),
        ("Ali", "team", " " * 12, "only spaces"),
        ("Ali\nBea", "team", PASSWORD, "line breaks"),
    ],
)
def test_bad_requests_are_refused_clearly(
    sqlite_store: Store, name: str, role: str, password: str, message: str
) -> None:
    with sqlite_store.session() as s, s.begin(), pytest.raises(UserError, match=message):
        add_user(s, name, role, password)


def test_duplicate_and_unknown_names(sqlite_store: Store) -> None:
    with sqlite_store.session() as s, s.begin():
        add_user(s, "Ali", "team", PASSWORD)
        with pytest.raises(UserError, match="already a user called 'Ali'"):
            add_user(s, " Ali ", "admin", PASSWORD)
        with pytest.raises(UserError, match="no user called 'Bea'"):
            remove_user(s, "Bea")
        with pytest.raises(UserError, match="no user called 'Bea'"):
            reset_password(s, "Bea", PASSWORD)


def test_roles_decide_what_people_may_do(sqlite_store: Store) -> None:
    assert can("team", "upload") and can("team", "export") and not can("team", "review")
    assert can("reviewer", "review") and not can("reviewer", "upload")
    assert not can("reviewer", "users") and can("admin", "users") and can("admin", "review")
    with sqlite_store.session() as s, s.begin():
        add_user(s, "Ali", "team", PASSWORD)
        set_role(s, "Ali", "reviewer")
        account = get_user(s, "Ali")
    assert account.role == "reviewer" and account.can("review")
