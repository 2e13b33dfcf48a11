"""In Chromium, what a cold trial with two reviewers at once found: Alt+N saved the computer's
guess at the tone as the reviewer's, Alt+A did nothing without a word when nothing was sure
enough to accept, and a refused theme edit put the colleague's words in place of hers."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from engage import users
from engage.models import Coding, Comment, Suggestion
from engage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402
    chromium_browser,
    free_port,
    needs_browser,
    running_app,
    settle,
    survey_store,
)

PASSWORD = "a long e2e password"
BETHAN, GARETH = "Bethan Reviewer", "gareth.it"
ROWS = [
    ("T01", "Service user", "Staff all nice, couldn't have done better."),
    ("T02", "Carer", "Nobody tells carers about discharge plans at all."),
]
# The computer's guesses: wrong about T01's tone, and not sure of any theme for T02.
GUESSES = {"T01": ({"access": 0.9}, "negative"), "T02": ({"carers": 0.55}, "negative")}

pytestmark = [pytest.mark.browser, needs_browser]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, redactor) -> Iterator[tuple[str, Store]]:  # noqa: ANN001
    """The app over two fictional comments with the computer's guesses, a reviewer and an
    administrator; its base URL and the store."""
    folder = tmp_path_factory.mktemp("two-reviewers")
    url, store = survey_store(folder, ROWS, "Together", redactor)
    with store.session() as s, s.begin():
        for comment in s.scalars(select(Comment)):
            confidence, sentiment = GUESSES[comment.comment_id]
            s.add(Suggestion(comment_pk=comment.id, themes=list(confidence),
                             confidence=confidence, reasons={}, sentiment=sentiment,
                             text_hash="x", model_key="test"))
        users.add_user(s, BETHAN, "reviewer", PASSWORD)
        users.add_user(s, GARETH, "admin", PASSWORD)
    env = {"ENGAGE_DB": url, "ENGAGE_EMBEDDER": "tfidf", "HF_HUB_OFFLINE": "1"}
    with running_app(folder, free_port(), env) as base:
        yield base, store
    store.close()


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium_browser() as chromium:
        yield chromium


def signed_in(browser, base: str, name: str, path: str):  # noqa: ANN001, ANN201
    """A page of its own (its own cookies: another person) signed in as ``name`` at ``path``."""
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(base + path)
    page.get_by_label("Your name").wait_for(timeout=60_000)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    settle(page)
    page.get_by_text(f"Signed in as {name}").wait_for(state="attached", timeout=60_000)
    return page


def press(page, keys: str, then: str) -> None:  # noqa: ANN001
    """Press a shortcut with the focus on the page; wait for the status line to say ``then``."""
    status = page.get_by_role("status").filter(has_text=then)
    for attempt in range(2):  # a key press can be dropped while a slow rerun replaces the page
        page.get_by_text(re.compile(r"^Comment number: ")).click()
        page.keyboard.press(keys)
        try:
            status.first.wait_for(timeout=30_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: press it once more
            if attempt:
                raise
    settle(page)


def test_no_theme_fits_by_keyboard_saves_no_tone_and_alt_a_says_why_not(
    app: tuple[str, Store], browser  # noqa: ANN001
) -> None:
    base, store = app
    page = signed_in(browser, base, BETHAN, "/review")
    page.get_by_text("Choose which comments to see").click()
    page.get_by_role("textbox", name="Words in the comment").fill("Staff all nice")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text("Comment number: T01").wait_for(timeout=60_000)
    tone = page.get_by_role("radiogroup", name="Tone")
    assert tone.get_by_role("radio", checked=True).count() == 0  # not the computer's guess
    form = page.locator("[data-testid='stForm']").first
    assert "The computer guessed: negative." in form.inner_text(), form.inner_text()
    press(page, "Alt+N", "Saved comment T01")
    with store.session() as s:
        saved = s.scalar(select(Coding).join(Comment, Coding.comment_pk == Comment.id)
                         .where(Comment.comment_id == "T01", Coding.reviewer == BETHAN))
    assert (saved.themes, saved.sentiment) == ([], None)
    # T02: nothing the computer is sure enough of. Alt+A says so, and saves nothing.
    search = page.get_by_role("textbox", name="Words in the comment")
    if not search.is_visible():
        page.get_by_text("Choose which comments to see").click()
    search.fill("")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text("Comment number: T02").wait_for(timeout=60_000)
    press(page, "Alt+A", "No suggestion is sure enough to accept")
    with store.session() as s:
        assert not s.scalars(select(Coding).join(Comment, Coding.comment_pk == Comment.id)
                             .where(Comment.comment_id == "T02")).all()
    assert page.get_by_text("Comment number: T02").count() == 1


def edit_first_theme(page):  # noqa: ANN001, ANN201
    """The first theme card's "Change this theme" form, opened."""
    form = page.locator("[data-testid='stExpander']").filter(has_text="Change this theme").first
    form.get_by_text("Change this theme").click()
    form.get_by_role("textbox", name="Name").wait_for(timeout=30_000)
    return form


def test_a_refused_theme_edit_keeps_what_she_typed(app: tuple[str, Store], browser) -> None:  # noqa: ANN001
    base, _ = app
    bethan = signed_in(browser, base, BETHAN, "/themes")
    gareth = signed_in(browser, base, GARETH, "/themes")
    hers, his = edit_first_theme(bethan), edit_first_theme(gareth)
    his.get_by_role("textbox", name="Name").fill("Getting seen, said Gareth")
    his.get_by_role("button", name="Save changes").click()
    gareth.get_by_text("Theme saved.").wait_for(timeout=60_000)
    hers.get_by_role("textbox", name="Name").fill("Access and waiting, said Bethan")
    hers.get_by_role("button", name="Save changes").click()
    bethan.get_by_text(re.compile(f"was changed by {re.escape(GARETH)} while you were looking "
                                  "at it")).wait_for(timeout=60_000)
    settle(bethan)
    typed = bethan.get_by_text("What you typed (not saved)")
    assert "Name: Access and waiting, said Bethan" in typed.inner_text()
    assert "Gareth" not in typed.inner_text()
    field = bethan.locator("[data-testid='stExpander']").filter(
        has_text="Change this theme").first.get_by_role("textbox", name="Name")
    assert field.input_value() == "Access and waiting, said Bethan"
