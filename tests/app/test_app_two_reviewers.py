"""Defects a cold trial with two reviewers working at the same time found, driven through AppTest
against a real store: the tone started at the computer's guess (and every button saved it), no
word when a colleague had just coded the comment on screen, a refused theme edit losing what
was typed, Alt+A doing nothing without a word, and history times without seconds or zone."""

# ruff: noqa: F811 - store is a fixture imported from test_app_pages

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_app_pages import (  # noqa: E402, F401 - store and template are fixtures
    button,
    coding,
    open_app,
    quote,
    store,
    template,
)

from engage import workflow  # noqa: E402
from engage.store import Store  # noqa: E402


def shown_id(at: AppTest) -> str:
    caption = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    return caption.removeprefix("Comment number: ")


def status(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html if 'role="status"' in h.value)


def tone(at: AppTest):  # noqa: ANN201
    return next(r for r in at.radio if r.label == "Tone")


# --- 1. the tone starts unchosen, and no button saves the computer's guess ------------------


def test_no_theme_fits_without_a_tone_saves_no_tone(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("GP and community").run()  # the computer: negative
    assert shown_id(at) == "R04"
    assert tone(at).value is None  # not the computer's guess
    assert any("The computer guessed: negative." in h.value for h in at.html)
    button(at, "No theme fits").click().run()
    saved = coding(store, "R04", "Rita Reviewer")
    assert (saved.themes, saved.sentiment) == ([], None)


def test_a_tone_the_reviewer_chose_is_saved_and_shown_again(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.checkbox(key="f-done").check()
    at.text_input(key="f-search").input("crisis line").run()  # the computer: positive
    tone(at).set_value("neutral")
    button(at, "Save and next").click().run()
    assert coding(store, "R03", "Rita Reviewer").sentiment == "neutral"
    button(at, "Show the comments I skipped again").click().run()
    assert shown_id(at) == "R03" and tone(at).value == "neutral"  # her own choice, kept


# --- 3. a word when a colleague coded the comment on screen meanwhile ----------------------


def test_a_colleagues_coding_of_the_comment_on_screen_is_said(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("discharge").run()  # nothing starts ticked
    shown = shown_id(at)
    with store.session() as s, s.begin():  # Ada codes it while it is on Rita's screen
        ex = store.exercise(s)
        workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, shown), "Ada Admin", [], None)
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "Carers and families")).check()
    button(at, "Save and next").click().run()
    assert coding(store, shown, "Rita Reviewer").themes == ["carers"]  # both are kept
    assert coding(store, shown, "Ada Admin").themes == []
    said = status(at)
    assert (f"Saved comment {shown}: Carers and families. Ada Admin also coded this comment "
            "a moment ago (no theme). "
            "Both codings are kept; where you differ, it is marked as not agreed and the "
            "computer does not learn from it until you agree or someone else codes it.") in said
    # The next comment, nobody else has coded: nothing more is said.
    at.text_input(key="f-search").input("").run()
    button(at, "No theme fits").click().run()
    assert "Saved comment" in status(at) and "also coded" not in status(at)
    assert ": no theme." in status(at)  # what was saved, in words


def test_a_colleagues_earlier_coding_is_not_news(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.checkbox(key="f-done").check()
    at.text_input(key="f-search").input("crisis line").run()
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, "R03"), "Ada Admin", [], None)
    at = open_app(store, "Rita Reviewer", "review")  # shown after Ada's coding
    at.checkbox(key="f-done").check()
    at.text_input(key="f-search").input("crisis line").run()
    button(at, "No theme fits").click().run()
    assert "Saved comment R03: " in status(at) and "also coded" not in status(at)


# --- 5. Alt+A with nothing sure enough to accept says so --------------------------------------


def test_accept_with_nothing_sure_enough_says_so(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("discharge").run()  # carers 55%: not sure enough
    accept = button(at, "Accept the suggestion")
    assert not accept.disabled  # a disabled button would ignore Alt+A without a word
    accept.click().run()
    assert "No suggestion is sure enough to accept: tick the themes that fit yourself" in (
        status(at))
    assert coding(store, "R02", "Rita Reviewer") is None and shown_id(at) == "R02"


# --- 4. a refused theme edit keeps what the person typed --------------------------------------


def edit_form_button(at: AppTest, theme: str, label: str):  # noqa: ANN201
    form = next(f for f in at.get("form") if f.proto.form.form_id == f"edit-{theme}")
    return next(b for b in form.get("form_submit_button") if b.label == label)


def test_a_refused_theme_edit_keeps_what_was_typed(store: Store) -> None:
    bethan = open_app(store, "Rita Reviewer", "themes")
    gareth = open_app(store, "Ada Admin", "themes")
    gareth.text_input(key="name-access").input("Getting seen (Gareth)")
    edit_form_button(gareth, "access", "Save changes").click().run()
    assert not gareth.error
    bethan.text_input(key="name-access").input("Access and waiting (Bethan)")
    bethan.text_area(key="description-access").input("Her description")
    edit_form_button(bethan, "access", "Save changes").click().run()
    assert "was changed by Ada Admin while you were looking at it" in bethan.error[0].value
    typed = next(h.value for h in bethan.html if "What you typed (not saved)" in h.value)
    assert "Name: Access and waiting (Bethan)" in typed and "Gareth" not in typed
    assert "Description: Her description" in typed
    # Her words stay in the fields, to save again now that she has seen his change.
    assert bethan.text_input(key="name-access").value == "Access and waiting (Bethan)"
    assert bethan.text_area(key="description-access").value == "Her description"
    edit_form_button(bethan, "access", "Save changes").click().run()
    assert not bethan.error
    with store.session() as s:
        record = next(t for t in workflow.theme_board(s, store.exercise(s))
                      if t.theme_id == "access")
    assert record.name == "Access and waiting (Bethan)"


def test_an_untouched_field_follows_a_colleagues_change(store: Store) -> None:
    bethan = open_app(store, "Rita Reviewer", "themes")
    gareth = open_app(store, "Ada Admin", "themes")
    gareth.text_input(key="name-carers").input("Carers (renamed)")
    edit_form_button(gareth, "carers", "Save changes").click().run()
    bethan.run()
    assert bethan.text_input(key="name-carers").value == "Carers (renamed)"


# --- 5. the history's CSV gives times to the second, with their time zone ---------------------


def test_history_csv_times_are_iso_8601_with_seconds_and_zone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, "R01"), "Ada Admin", [], None)
    files: dict[str, bytes] = {}
    real = st.download_button

    def keep(label, data, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        files[kwargs.get("file_name", label)] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", keep)
    at = open_app(store, "Ada Admin", "audit")
    rows = list(csv.DictReader(io.StringIO(files["history-of-changes.csv"].decode("utf-8-sig"))))
    assert rows and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", r["When"])
                        for r in rows), rows[0]["When"]
    shown = next(d.value for d in at.dataframe if "When" in d.value.columns)
    assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d", shown["When"].iloc[0])


def test_the_agreement_page_lists_comments_reviewers_coded_differently(store: Store) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        c = workflow.comment_by_id(s, ex, "R03")
        workflow.code_comment(s, ex, c, "Ada Admin", ["crisis"], None)
        workflow.code_comment(s, ex, c, "Rita Reviewer", [], None)
    at = open_app(store, "Rita Reviewer", "agreement")
    table = next(d.value for d in at.dataframe if "Who chose what" in d.value.columns)
    assert table["Comment"].tolist() == ["R03"]
    assert table["Who chose what"].iloc[0].startswith("Ada Admin: ")
    assert any("the computer does not learn from it" in c.value for c in at.caption)
