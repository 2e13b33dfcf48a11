"""Defects a trial found in the review app, each driven through AppTest against a real store:
the Easy Read check on the download page, Skip moving focus like a decision, downloads named
with the whole exercise name, who started a retrain and plain words in the history, why a
sign-in ended, a switched-off account, a database that cannot be reached, and no database
password on the sign-in page."""

from __future__ import annotations

import getpass
import html
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_app_pages import (  # noqa: E402, F401 - store and template are fixtures
    PASSWORD,
    ROOT,
    button,
    coding,
    open_app,
    store,
    template,
    texts,
)

from app_pages import common  # noqa: E402
from engage import users, workflow  # noqa: E402
from engage.audit import audit_frame  # noqa: E402
from engage.models import Exercise  # noqa: E402
from engage.store import Store  # noqa: E402

YEAR_NAME = "Adult mental health listening exercise 2026"


def sign_in(store: Store, name: str) -> AppTest:  # noqa: F811
    """The app signed in through its form (so the tab holds a sign-in token, as in a browser)."""
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=120).run()
    at.text_input[0].input(name)
    at.text_input[1].input(PASSWORD)
    button(at, "Sign in").click().run()
    assert at.session_state["account"].name == name
    return at


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- 5. the overview's own address ----------------------------------------------------------


def test_signing_in_at_the_apps_address_opens_the_overview_and_keeps_the_cookie(
    store: Store,  # noqa: F811
) -> None:
    at = sign_in(store, "Rita Reviewer")  # at /, which opens the overview
    assert at.title[0].value == "What people told us"
    # The run that opened the overview writes the sign-in cookie (the run that switched to
    # it was dropped, with the script it drew).
    frames = [f.proto.srcdoc for f in at.get("iframe")]
    assert any("engage_session" in f and "Max-Age=43200" in f for f in frames), frames


# --- 1. the Easy Read check ------------------------------------------------------------------


def test_making_an_easy_read_report_shows_the_sentences_to_rewrite(store: Store) -> None:  # noqa: F811
    from engage.actions import add_action
    from engage.reports import write_report

    hard = ("We will commission a comprehensive multidisciplinary <b>reconfiguration</b> of "
            "community-based psychological interventions across the integrated care system.")
    with store.session() as s, s.begin():
        add_action(s, store.exercise(s), themes="access", text=hard, status="planned")
        # Marked done, for a day still to come: the report says in progress, and notes why.
        add_action(s, store.exercise(s), themes="crisis", text="We will open a cafe.",
                   status="done", due="2099-01-31")
    with tempfile.TemporaryDirectory() as folder:
        expected = write_report(store, Path(folder) / "r.md", easy_read=True).gate
    assert not expected.passed  # the report the app makes fails the check
    assert expected.notes

    at = open_app(store, "Tom Team", "download")
    at.checkbox[0].check().run()  # Easy Read version
    button(at, "Make the report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    warning = next(w.value for w in at.warning if w.value.startswith("Easy Read check"))
    assert "needs rewriting" in warning and f"Fix the {len(expected.to_rewrite)} problem" in warning
    shown = "\n".join(h.value for h in at.html)
    for problem in expected.to_rewrite:
        assert problem.message in shown
    assert "&lt;b&gt;reconfiguration&lt;/b&gt;" in shown and "<b>reconfiguration" not in shown
    assert "Notes for the team" in "\n".join(m.value for m in at.markdown)
    assert all(html.escape(note) in shown for note in expected.notes)
    assert any(b.label.endswith("-easy-read.docx") for b in at.get("download_button"))


def test_a_passing_easy_read_report_says_so(store: Store, monkeypatch) -> None:  # noqa: ANN001, F811
    import engage.reports as reports
    from engage.reports.easyread import GateResult

    real = reports.write_report

    def passing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = real(*args, **kwargs)
        result.gate = GateResult(reading_ease=90.0, sentences=12, longest_sentence=9)
        return result

    monkeypatch.setattr(reports, "write_report", passing)
    at = open_app(store, "Tom Team", "download")
    at.checkbox[0].check().run()
    button(at, "Make the report").click().run()
    assert any(s.value.startswith("Easy Read check: passed (reading ease 90.0, 12 sentences")
               for s in at.success)
    assert not [w for w in at.warning if "Easy Read" in w.value]


# --- 2. Skip moves focus to the next comment -------------------------------------------------


def test_skip_moves_focus_to_the_next_comment_like_a_decision(store: Store) -> None:  # noqa: F811
    at = open_app(store, "Rita Reviewer", "review")
    first = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    button(at, "Skip for now").click().run()
    second = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    assert second != first
    status = next(h.value for h in at.html if 'role="status"' in h.value)
    skipped, now = first.removeprefix("Comment number: "), second.removeprefix("Comment number: ")
    assert f"Skipped comment {skipped}. Next: comment {now}." in status
    # The script that moves keyboard focus to the comment now shown runs on this page.
    frames = [f.proto for f in at.get("iframe")]
    target = 'engage-quote[data-comment=\\"' + now + '\\"]'  # as written in the script
    assert any(target in f.srcdoc and ".focus(" in f.srcdoc
               for f in frames)  # this comment's quote, not the one it replaces
    assert any(f'data-comment="{now}"' in h.value for h in at.html if "engage-quote" in h.value)
    assert coding(store, skipped, "Rita Reviewer") is None  # skipping saves nothing


# --- 6. who started a retrain, and the history in plain words --------------------------------


def test_a_retrain_started_by_a_reviewer_is_theirs_in_the_history(
    store: Store, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    import app_pages.retrain as app_retrain
    from engage.retrain import Retrainer

    # Learn after every label (the app's own retrainer waits for 20).
    monkeypatch.setattr(app_retrain, "Retrainer", lambda s, kind: Retrainer(s, kind, every=1))
    at = open_app(store, "Rita Reviewer", "review")
    button(at, "No theme fits").click().run()
    button(at, "No theme fits").click().run()  # the second label starts a retrain
    learner = app_retrain.retrainer(store.url, "tfidf", store)
    assert learner.wait("Autumn", timeout=240)
    with store.session() as s:
        trail = audit_frame(s, store.exercise(s))
    assert trail.loc[trail["action"] == "analyse", "actor"].tolist() == ["Rita Reviewer"]

    at = open_app(store, "Ada Admin", "audit")
    table = at.dataframe[0].value
    run = table[table["What"] == "Ran the computer's analysis"].iloc[0]
    assert run["Who"] == "Rita Reviewer" and run["Which"] == "Listening exercise: Autumn"
    assert "comments looked at: 5" in run["After"] and "comments moved" not in run["After"]
    assert "comments labelled by people: 2" in run["After"]


def test_history_names_every_kind_of_change_in_plain_words(store: Store) -> None:  # noqa: F811
    from engage.actions import add_action, update_action

    with store.session() as s, s.begin():
        ex = store.exercise(s)
        action = add_action(s, ex, themes="access", text="Open a drop-in on Saturdays.")
        s.flush()
        update_action(s, ex, action.id, status="done")
        workflow.raise_safeguarding(s, workflow.comment_by_id(s, ex, "R03"), "Rita Reviewer")
    at = open_app(store, "Ada Admin", "audit")
    table = at.dataframe[0].value
    assert {"Added an action (“we did”)", "Changed an action (“we did”)",
            "Raised a safeguarding concern"} <= set(table["What"])
    assert not set(table["What"]) & {"add", "update", "flag"}
    added = table[table["What"] == "Added an action (“we did”)"].iloc[0]
    # A script's or the CLI's change names the OS account that made it, in words.
    assert added["Who"] == f"{getpass.getuser()}, on the command line"
    assert "Comment R03" in set(table["Which"])


# --- 7. file names keep the whole exercise name ----------------------------------------------


def test_downloads_are_named_with_the_year(store: Store) -> None:  # noqa: F811
    with store.session() as s, s.begin():
        s.scalar(select(Exercise)).name = YEAR_NAME
    at = open_app(store, "Tom Team", "download")
    button(at, "Make the report").click().run()
    labels = [b.label for b in at.get("download_button")]
    assert "Download adult-mental-health-listening-exercise-2026-report.docx" in labels


def test_file_slug_cuts_between_words_and_keeps_the_year() -> None:
    assert common.file_slug(YEAR_NAME) == "adult-mental-health-listening-exercise-2026"
    long = "Adult mental health and wellbeing community listening exercise for Norfolk 2026"
    slug = common.file_slug(long)
    assert len(slug) <= 60 and slug.endswith("-2026") and "--" not in slug
    assert all(part in long.lower().split() for part in slug.split("-"))
    assert common.file_slug("*** / ***") == "exercise"


# --- 8. why a sign-in ended; a switched-off account ------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: users.set_active(s, "Rita Reviewer", False), "account was switched off"),
        (lambda s: users.reset_password(s, "Rita Reviewer", PASSWORD + "!"),
         "password was changed"),
        (lambda s: users.remove_user(s, "Rita Reviewer"), "account was removed"),
    ],
)
def test_a_person_signed_out_by_an_administrator_is_told_why(
    store: Store, change, reason: str  # noqa: ANN001, F811
) -> None:
    at = sign_in(store, "Rita Reviewer")
    at.switch_page("app_pages/review.py").run()
    shown = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    with store.session() as s, s.begin():
        change(s)
    button(at, "No theme fits").click().run()  # the decision this person thought they made
    assert at.title[0].value == "Sign in"
    warning = at.warning[0].value
    assert f"You were signed out because your {reason}" in warning
    assert "Your last change was not saved" in warning
    assert coding(store, shown.removeprefix("Comment number: "), "Rita Reviewer") is None
    at.run()  # still said on the next run, until they sign in again
    assert reason in at.warning[0].value


def test_signing_out_oneself_shows_no_such_message(store: Store) -> None:  # noqa: F811
    at = sign_in(store, "Rita Reviewer")
    button(at, "Sign out").click().run()
    assert at.title[0].value == "Sign in" and not at.warning
    assert at.success[0].value.startswith("You have signed out.")  # said, not a warning
    at.run()
    assert not at.success  # once


def test_a_switched_off_account_is_told_so_only_with_the_right_password(store: Store) -> None:  # noqa: F811
    with store.session() as s, s.begin():
        users.set_active(s, "Rita Reviewer", False)
    at = open_app(store)
    at.text_input[0].input("Rita Reviewer")
    at.text_input[1].input(PASSWORD)
    button(at, "Sign in").click().run()
    assert at.error[0].value == "This account is switched off: ask an administrator."
    assert "account" not in at.session_state
    # A wrong password says the same as for a name with no account: nothing about the name.
    at.text_input[1].input("not the password at all")
    button(at, "Sign in").click().run()
    assert "do not match" in at.error[0].value
    at.text_input[0].input("Nobody Here")
    button(at, "Sign in").click().run()
    assert "do not match" in at.error[0].value


def test_switched_off_check_needs_the_password(store: Store) -> None:  # noqa: F811
    with store.session() as s, s.begin():
        users.set_active(s, "Rita Reviewer", False)
    with store.session() as s:
        assert users.switched_off(s, "Rita Reviewer", PASSWORD)
        assert not users.switched_off(s, "Rita Reviewer", "wrong password")
        assert not users.switched_off(s, "Ada Admin", PASSWORD)  # on: not switched off
        assert not users.switched_off(s, "Nobody Here", PASSWORD)


# --- 9. a database that cannot be reached ----------------------------------------------------


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at) + "\n".join(c.value for c in at.code)
    for word in ("Traceback", "sqlalchemy", "psycopg", "OperationalError", ".py"):
        assert word not in shown


def test_a_database_that_cannot_be_reached_is_said_plainly(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql+psycopg://engage:SECRET@127.0.0.1:{free_port()}/engage?connect_timeout=3"
    monkeypatch.setenv("ENGAGE_DB", url)
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=60).run()
    assert at.error[0].value == common.DATABASE_DOWN
    no_traceback(at)
    assert "SECRET" not in texts(at)
    assert any("cannot be reached" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_change_when_the_database_stops_is_said_plainly(
    store: Store, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    at = open_app(store, "Rita Reviewer", "review")

    def stopped(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OperationalError("UPDATE coding", {}, ConnectionRefusedError("server stopped"))

    monkeypatch.setattr(workflow, "code_comment", stopped)
    button(at, "No theme fits").click().run()
    assert at.error[0].value == common.DATABASE_DOWN
    no_traceback(at)
    for check in ("resume_session", "get_user"):  # now even checking who is signed in fails
        monkeypatch.setattr(users, check, stopped)
    at.run()
    assert common.DATABASE_DOWN in [e.value for e in at.error]
    no_traceback(at)


# --- 10. the first administrator's command hides the database password -----------------------


def test_the_first_admin_command_never_shows_the_database_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://engage:SECRET@db.example.org:5432/engage"
    monkeypatch.setenv("ENGAGE_DB", url)
    assert common.first_admin_command() == (
        "engage --db 'postgresql+psycopg://engage:***@db.example.org:5432/engage' "
        "users add YOUR-NAME --role admin --password-stdin")
    assert common.store_password_hidden()
    monkeypatch.setenv("ENGAGE_DB", url.replace(":SECRET", "") + "?password=SECRET")
    assert "SECRET" not in common.first_admin_command()
    monkeypatch.setenv("ENGAGE_DB", "postgresql+psycopg://engage@db/engage")
    assert "--db 'postgresql+psycopg://engage@db/engage'" in common.first_admin_command()
    assert not common.store_password_hidden()

    # On the sign-in page of an empty store whose address has a password.
    empty = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(common, "store", lambda: empty)
    monkeypatch.setenv("ENGAGE_DB", url)
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "SECRET" not in at.code[0].value and ":***@" in at.code[0].value
    assert any("`***`" in c.value and "ENGAGE_DB" in c.value for c in at.caption)
    assert "SECRET" not in texts(at)
    empty.close()



# --- a reviewer's note with a correction ----------------------------------------------------


def test_a_reviewers_note_is_saved_with_the_decision(store: Store) -> None:  # noqa: F811
    at = open_app(store, "Rita Reviewer", "review")
    at.text_area(key=next(t.key for t in at.text_area if t.label.startswith("Why?"))).input(
        "About the wait, not the staff")
    button(at, "No theme fits").click().run()
    with store.session() as s:
        trail = audit_frame(s, store.exercise(s))
    label = trail[trail["action"] == "label"].iloc[-1]
    assert label["actor"] == "Rita Reviewer"
    assert label["after"]["note"] == "About the wait, not the staff"


# --- 9. an unexpected error is said in plain words, with no traceback -----------------------


def _failing_page() -> None:
    from app_pages import common

    def page() -> None:
        import streamlit as st

        st.write("Half of the page")
        raise ValueError("secret internal detail")

    common.run_safely(page)


def test_an_unexpected_error_is_said_in_plain_words_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(common.RAISE_ERRORS, "0")
    at = AppTest.from_function(_failing_page).run()
    assert not at.exception  # no traceback, and no offer to search the web for it
    message = at.error[0].value
    assert message.startswith("Something went wrong on this page")
    assert "secret internal detail" not in message and "ValueError" not in message
    assert any("secret internal detail" in str(r.exc_info[1]) for r in caplog.records
               if r.exc_info)
    # The tests themselves see the error as it is.
    monkeypatch.setenv(common.RAISE_ERRORS, "1")
    assert AppTest.from_function(_failing_page).run().exception


def test_the_sign_in_page_warns_before_a_name_is_paused(store: Store) -> None:  # noqa: F811
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=120).run()
    said = []
    for _ in range(users.MAX_TRIES - 1):
        at.text_input[0].input("Rita Reviewer")
        at.text_input[1].input("not the password")
        button(at, "Sign in").click().run()
        said.append(at.error[0].value)
    assert all(m.startswith("That name and password do not match") for m in said)
    assert "more wrong" not in said[0]
    assert said[-2].endswith("After 2 more wrong tries, signing in with this name pauses for "
                             "a minute.")
    assert "After 1 more wrong try," in said[-1]
    at.text_input[1].input("not the password")
    button(at, "Sign in").click().run()  # the try that starts the pause says so
    assert "now pauses for a minute: wait, then try again" in at.error[0].value


def test_sign_in_says_what_to_type_and_ignores_capitals(store: Store) -> None:  # noqa: F811
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=120).run()
    button(at, "Sign in").click().run()
    assert at.error[0].value == "Type your name and your password, then press Sign in."
    at.text_input[0].input("rita reviewer")
    at.text_input[1].input(PASSWORD)
    button(at, "Sign in").click().run()
    assert at.session_state["account"].name == "Rita Reviewer"


# --- 10. uploaded files do not stay on the server ----------------------------------------------


def _page_that_keeps_an_upload() -> None:
    import os
    from dataclasses import dataclass

    import streamlit as st

    from app_pages import common

    @dataclass
    class Upload:  # what Streamlit's UploadedFile offers saved_upload
        name: str

        def getvalue(self) -> bytes:
            return b"What needs to change?\nCall Dr Okafor on 07700 900123\n"

    def page() -> None:
        path = common.saved_upload(Upload("survey.csv"))
        st.session_state["kept"] = str(path)
        st.session_state["mode"] = oct(os.stat(path).st_mode & 0o777)
        st.session_state["there"] = path.read_bytes().startswith(b"What needs")

    common.run_safely(page)


def test_an_uploaded_file_is_removed_when_the_run_ends() -> None:
    # An IT trial found unredacted uploads left in /tmp/engage-*/ for good.
    at = AppTest.from_function(_page_that_keeps_an_upload).run()
    assert not at.exception
    assert at.session_state["there"] and at.session_state["mode"] == "0o600"
    kept = Path(at.session_state["kept"])
    assert not kept.exists() and not kept.parent.exists()
