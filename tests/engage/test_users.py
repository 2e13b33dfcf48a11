"""Local accounts: hashing, roles, sign-in, and clear refusals."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engage.models import SignInSession, User
from engage.store import Store
from engage.users import (
    MAX_TRIES,
    SignInLocked,
    UserError,
    add_user,
    authenticate,
    can,
    end_session,
    get_user,
    has_users,
    list_users,
    remove_user,
    reset_password,
    resume_session,
    set_active,
    set_role,
    start_session,
    tries_left,
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


def test_a_name_signs_in_whatever_its_capitals_unless_two_accounts_share_it(
    store: Store,
) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Rev", "reviewer", PASSWORD)
    with store.session() as s, s.begin():
        account = authenticate(s, " rev ", PASSWORD)
        assert account is not None and account.name == "Rev"
        assert tries_left(s, "REV") == MAX_TRIES
    with store.session() as s, s.begin():  # as an older store may hold them
        same_hash = s.scalar(select(User.password_hash).where(User.name == "Rev"))
        s.add(User(name="REV", role="reviewer", password_hash=same_hash, active=True))
    with store.session() as s, s.begin():
        assert authenticate(s, "rev", PASSWORD) is None  # which one? the case must match
        assert authenticate(s, "REV", PASSWORD).name == "REV"


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


# --- wrong passwords in a row, and sign-ins that survive a reload -----------------------------


def _wrong(store: Store, name: str, times: int) -> None:
    for _ in range(times):
        with store.session() as s, s.begin():
            assert authenticate(s, name, "not the password at all") is None


def test_too_many_wrong_passwords_lock_the_name_even_from_a_new_session(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    _wrong(store, "Ali", MAX_TRIES)
    # The count lives in the store, so a reload (a new app session) does not start it again,
    # and the right password is refused too until the wait is over.
    with store.session() as s, s.begin(), pytest.raises(SignInLocked, match="1 minute"):
        authenticate(s, "Ali", PASSWORD)
    with store.session() as s:
        user = s.scalar(select(User).where(User.name == "Ali"))
        assert user.failed_sign_ins == MAX_TRIES


def test_the_wait_grows_and_a_new_password_lifts_it(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
        user = s.scalar(select(User).where(User.name == "Ali"))
        user.failed_sign_ins = MAX_TRIES + 1  # one more wrong one after the first wait
        user.locked_until = None
    _wrong(store, "Ali", 1)
    with store.session() as s, s.begin(), pytest.raises(SignInLocked, match="4 minutes"):
        authenticate(s, "Ali", PASSWORD)
    with store.session() as s, s.begin():
        reset_password(s, "Ali", "a brand new passphrase")
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", "a brand new passphrase") is not None


def test_a_right_password_before_the_limit_starts_the_count_again(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    _wrong(store, "Ali", MAX_TRIES - 1)
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", PASSWORD) is not None
    _wrong(store, "Ali", MAX_TRIES - 1)
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", PASSWORD) is not None


def test_tries_left_counts_down_the_same_for_any_name(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    nobody = f"Nobody {uuid.uuid4().hex}"
    for name in ("Ali", nobody):  # the same answers, so nobody learns which names exist
        with store.session() as s:
            assert tries_left(s, name) == MAX_TRIES
        _wrong(store, name, 2)
        with store.session() as s:
            assert tries_left(s, name) == MAX_TRIES - 2
        _wrong(store, name, MAX_TRIES - 2)
        with store.session() as s:
            assert tries_left(s, name) == 0


def test_a_name_with_no_account_is_locked_the_same_way(store: Store) -> None:
    # Otherwise the lock message would tell a guesser which names have accounts. (Counts for
    # such names are kept in this process, so each run of the test needs a name of its own.)
    name = f"Nobody {uuid.uuid4().hex}"
    _wrong(store, name, MAX_TRIES)
    with store.session() as s, pytest.raises(SignInLocked):
        authenticate(s, name.upper(), PASSWORD)


def test_a_session_token_signs_the_browser_back_in_until_it_ends(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
        add_user(s, "Bea", "team", PASSWORD)
        token = start_session(s, "Ali")
        other = start_session(s, "Bea")
    with store.session() as s:
        assert resume_session(s, token).name == "Ali"
        assert resume_session(s, token + "x") is None
        assert resume_session(s, None) is None
        stored = s.scalars(select(SignInSession.token_sha256)).all()
    assert token not in stored and other not in stored  # only hashes are kept
    with store.session() as s, s.begin():
        end_session(s, token)
    with store.session() as s:
        assert resume_session(s, token) is None
        assert resume_session(s, other).name == "Bea"


@pytest.mark.parametrize("change", ["new password", "switched off", "removed"])
def test_account_changes_sign_the_person_out_everywhere(store: Store, change: str) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
        tokens = [start_session(s, "Ali"), start_session(s, "Ali")]
    with store.session() as s, s.begin():
        if change == "new password":
            reset_password(s, "Ali", "a brand new passphrase")
        elif change == "switched off":
            set_active(s, "Ali", False)
        else:
            remove_user(s, "Ali")
    with store.session() as s:
        assert [resume_session(s, t) for t in tokens] == [None, None]
        assert s.scalar(select(func.count()).select_from(SignInSession)) == 0


def test_an_expired_token_does_not_sign_in_and_is_cleared(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
        old = start_session(s, "Ali", length=timedelta(seconds=-1))
    with store.session() as s:
        assert resume_session(s, old) is None
    with store.session() as s, s.begin():
        start_session(s, "Ali")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SignInSession)) == 1


def test_every_account_change_is_in_each_exercises_history(store: Store) -> None:
    from engage.audit import audit_frame

    with store.session() as s, s.begin():
        exercise = store.exercise(s, "Autumn listening", create=True)
        add_user(s, "Ali", "reviewer", PASSWORD, actor="Sam Admin")
        set_role(s, "Ali", "team", actor="Sam Admin")
        reset_password(s, "Ali", "a brand new passphrase", actor="Sam Admin")
        set_active(s, "Ali", False, actor="Sam Admin")
        set_active(s, "Ali", False, actor="Sam Admin")  # no change: nothing recorded
        set_active(s, "Ali", True, actor="Sam Admin")
        remove_user(s, "Ali", actor="Sam Admin")
    with store.session() as s:
        trail = audit_frame(s, store.exercise(s, "Autumn listening"))
    accounts = trail[trail["entity"] == "account"]
    assert accounts["action"].tolist() == [
        "add", "set_role", "reset_password", "switch_off", "switch_on", "remove"]
    assert set(accounts["actor"]) == {"Sam Admin"} and set(accounts["entity_key"]) == {"Ali"}
    assert accounts.iloc[1]["before"] == {"role": "reviewer"}
    assert accounts.iloc[1]["after"] == {"role": "team"}
    assert "passphrase" not in trail.to_string() and PASSWORD not in trail.to_string()
    assert exercise is not None


def test_the_command_line_switches_accounts_and_shows_locks(store: Store) -> None:
    from click.testing import CliRunner

    from engage.cli import cli

    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    run = CliRunner().invoke
    assert run(cli, ["--db", store.url, "users", "switch-off", "Ali"]).exit_code == 0
    with store.session() as s:
        assert not get_user(s, "Ali").active
    assert run(cli, ["--db", store.url, "users", "switch-on", "Ali"]).exit_code == 0
    assert run(cli, ["--db", store.url, "users", "set-role", "Ali", "admin"]).exit_code == 0
    with store.session() as s:
        assert (get_user(s, "Ali").active, get_user(s, "Ali").role) == (True, "admin")
    _wrong(store, "Ali", MAX_TRIES)
    listed = run(cli, ["--db", store.url, "users", "list"]).output
    assert "sign-in locked until" in listed
    as_json = run(cli, ["--db", store.url, "users", "list", "--json"]).output
    assert '"locked_until": "20' in as_json
    refused = run(cli, ["--db", store.url, "users", "set-role", "Ali", "boss"])
    assert refused.exit_code == 2 and "boss" in refused.output


def test_the_last_administrator_cannot_be_removed_demoted_or_switched_off(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ada", "admin", PASSWORD)
        add_user(s, "Ali", "reviewer", PASSWORD)
    for change in (lambda s: remove_user(s, "Ada"), lambda s: set_role(s, "Ada", "team"),
                   lambda s: set_active(s, "Ada", False)):
        with store.session() as s, s.begin(), pytest.raises(UserError, match="only administrator"):
            change(s)
    with store.session() as s, s.begin():
        set_role(s, "Ali", "admin")
        set_active(s, "Ada", False)  # another administrator can sign in: fine
        assert get_user(s, "Ada").active is False
    with store.session() as s, s.begin(), pytest.raises(UserError, match="only administrator"):
        remove_user(s, "Ali")  # Ada is switched off, so Ali is the last who can sign in


def test_names_differing_only_in_capitals_are_refused(store: Store) -> None:
    with store.session() as s, s.begin():
        add_user(s, "admin1", "admin", PASSWORD)
    with store.session() as s, s.begin(), pytest.raises(UserError, match="'admin1'"):
        add_user(s, "ADMIN1", "reviewer", PASSWORD)


def test_sign_ins_and_failed_ones_go_to_the_servers_log(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with store.session() as s, s.begin():
        add_user(s, "Ali", "reviewer", PASSWORD)
    caplog.set_level("INFO", logger="engage.signin")
    _wrong(store, "Ali", 1)
    with store.session() as s, s.begin():
        assert authenticate(s, "Ali", PASSWORD) is not None
    said = [r.getMessage() for r in caplog.records if r.name == "engage.signin"]
    assert said == ["sign-in failed for 'Ali': wrong name or password (1 in a row)",
                    "signed in: 'Ali'"]
    assert not any(PASSWORD in m for m in said)
