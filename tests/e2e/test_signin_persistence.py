"""In Chromium: a reload keeps a local sign-in; signing out, or the account being switched
off, ends it; and wrong passwords count across reloads."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage import users
from engage.models import SignInSession
from engage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import ARGS, CHROMIUM, free_port, needs_browser, running_app, settle  # noqa: E402

REVIEWER, GUARDED, PASSWORD = "Rhys Reviewer", "Gwen Guarded", "a long e2e password"

pytestmark = [pytest.mark.browser, needs_browser]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    folder = tmp_path_factory.mktemp("signin")
    url = f"sqlite:///{folder / 'engage.db'}"
    store = Store(url)
    with store.session() as s, s.begin():
        users.add_user(s, REVIEWER, "reviewer", PASSWORD)
        users.add_user(s, GUARDED, "team", PASSWORD)
    store.close()
    port = free_port()
    env = {"ENGAGE_DB": url, "ENGAGE_EMBEDDER": "tfidf", "HF_HUB_OFFLINE": "1"}
    with running_app(folder, port, env) as base:
        yield base, url, port


def _sign_in(page, name: str, password: str) -> None:  # noqa: ANN001
    page.get_by_label("Your name").wait_for(timeout=60_000)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    settle(page)


def _cookie(page, context, name: str) -> dict:  # noqa: ANN001
    """The browser's cookie ``name``, once the page's script has written it."""
    for _ in range(40):
        found = [c for c in context.cookies() if c["name"] == name and c["value"]]
        if found:
            return found[0]
        page.wait_for_timeout(250)
    raise AssertionError(f"no cookie {name}: {context.cookies()}")


def _reload(page) -> None:  # noqa: ANN001
    page.reload()
    page.wait_for_selector("[data-testid='stMain']", timeout=60_000)
    settle(page)


def test_a_reload_keeps_the_sign_in_until_signing_out(app: tuple[str, str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, url, port = app
    store = Store(url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        try:
            page.goto(base)
            _sign_in(page, REVIEWER, PASSWORD)
            signed_in = page.get_by_text(f"Signed in as {REVIEWER}")
            expect(signed_in).to_be_visible(timeout=30_000)

            cookie = _cookie(page, context, f"engage_session_{port}")
            assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40
            with store.session() as s:
                stored = s.query(SignInSession.token_sha256).all()
            assert len(stored) == 1 and cookie["value"] not in stored[0]

            _reload(page)
            expect(signed_in).to_be_visible(timeout=30_000)
            page.goto(f"{base}/review")  # a page address typed in: still signed in
            settle(page)
            expect(signed_in).to_be_visible(timeout=30_000)

            page.get_by_role("button", name="Sign out").click()
            settle(page)
            expect(page.get_by_label("Your name")).to_be_visible(timeout=30_000)
            _reload(page)
            expect(page.get_by_label("Your name")).to_be_visible(timeout=30_000)
            page.wait_for_timeout(1000)
            assert not [c for c in context.cookies() if c["value"] and c["name"].startswith(
                "engage_session")]
            with store.session() as s:
                assert s.query(SignInSession).count() == 0
        finally:
            browser.close()
            store.close()


def test_switching_an_account_off_ends_its_sign_in(app: tuple[str, str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, url, _ = app
    store = Store(url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(base)
            _sign_in(page, REVIEWER, PASSWORD)
            expect(page.get_by_text(f"Signed in as {REVIEWER}")).to_be_visible(timeout=30_000)
            with store.session() as s, s.begin():
                users.set_active(s, REVIEWER, False)
            _reload(page)
            expect(page.get_by_label("Your name")).to_be_visible(timeout=30_000)
            assert page.get_by_text("Signed in as").count() == 0
        finally:
            with store.session() as s, s.begin():
                users.set_active(s, REVIEWER, True)
            browser.close()
            store.close()


def test_wrong_passwords_still_count_after_a_reload(app: tuple[str, str, int]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _, _ = app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            page.goto(base)
            for _ in range(users.MAX_TRIES):
                _sign_in(page, GUARDED, "a wrong password here")
                expect(page.get_by_text("do not match an account")).to_be_visible()
            _reload(page)
            _sign_in(page, GUARDED, PASSWORD)
            expect(page.get_by_text("Too many wrong passwords")).to_be_visible(timeout=30_000)
            assert page.get_by_text("Signed in as").count() == 0
        finally:
            browser.close()
