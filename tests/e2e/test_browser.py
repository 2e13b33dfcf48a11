"""End to end in a real headless Chromium: sign in, upload the sample survey, run the analysis,
label three comments, merge two themes, and find it all in the history. Screenshots of every
page go to tests/e2e/screenshots/. The page must make no request outside the app."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage import users
from engage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402
    ARGS,
    CHROMIUM,
    ROOT,
    free_port,
    needs_browser,
    running_app,
    settle,
)

SAMPLE = ROOT / "data" / "sample" / "survey-online.csv"
SHOTS = Path(__file__).resolve().parent / "screenshots"
NAME, PASSWORD = "Alex Admin", "a long e2e password"

pytestmark = [pytest.mark.browser, needs_browser]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app on a free port over a fresh SQLite store with one administrator: its base URL
    and the store's URL."""
    folder = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{folder / 'engage.db'}"
    store = Store(url)
    with store.session() as s, s.begin():
        users.add_user(s, NAME, "admin", PASSWORD)
    store.close()
    env = {"ENGAGE_DB": url, "ENGAGE_EMBEDDER": "tfidf", "HF_HUB_OFFLINE": "1"}
    with running_app(folder, free_port(), env) as base:
        yield base, url


@pytest.fixture(scope="module")
def app_url(app: tuple[str, str]) -> str:
    return app[0]


def shoot(page, name: str) -> None:  # noqa: ANN001
    """A screenshot of the whole page (Streamlit scrolls inside its main block, so the window
    is made as tall as the page once charts have finished drawing)."""
    script = "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
    height = 0
    for _ in range(10):
        page.wait_for_timeout(600)
        now = page.evaluate(script)
        if now == height:
            break
        height = now
        page.set_viewport_size({"width": 1366, "height": min(max(height + 40, 900), 7000)})
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1366, "height": 900})


def go(page, title: str) -> float:  # noqa: ANN001
    """Open a page from the sidebar; returns how long it took to finish loading."""
    started = time.perf_counter()
    page.get_by_role("link", name=title).click()
    settle(page)
    return time.perf_counter() - started


def left_to_review(page) -> int:  # noqa: ANN001
    text = page.get_by_role("heading", name="to review").inner_text()
    return int(text.split()[0])


def shortcut(page, keys: str) -> None:  # noqa: ANN001
    """Press a keyboard shortcut with the page (not a stale element) holding the focus."""
    page.get_by_text(re.compile(r"^Comment number: ")).click()
    page.keyboard.press(keys)


def decide(page, action) -> float:  # noqa: ANN001
    """Do ``action`` on the comment shown; wait for the next one. Returns seconds taken."""
    shown = page.get_by_text(re.compile(r"^Comment number: "))
    before = shown.inner_text()
    started = time.perf_counter()
    action()
    # While Streamlit reruns, the old element can linger beside the new one: wait until exactly
    # one comment number is shown and it is a different one.
    deadline = time.monotonic() + 120
    retried = False
    while True:
        texts = shown.all_inner_texts()
        if len(texts) == 1 and texts[0] != before:
            break
        if not retried and time.monotonic() > deadline - 80:
            # A key press can be dropped while a slow first rerun replaces the page; try once
            # more. The count of comments left (checked by the caller) catches a double save.
            retried = True
            action()
        if time.monotonic() > deadline:
            raise AssertionError(f"the next comment never replaced {before!r} (saw {texts})")
        page.wait_for_timeout(250)
    settle(page)
    return time.perf_counter() - started


def test_review_journey(app_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(exist_ok=True)
    outside: list[str] = []
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})

        def guard(route) -> None:  # noqa: ANN001
            if route.request.url.startswith(app_url) or route.request.url.startswith(
                ("data:", "blob:")
            ):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        try:
            page.goto(app_url)
            page.get_by_label("Your name").wait_for(timeout=60_000)
            shoot(page, "01-sign-in")
            page.get_by_label("Your name").fill(NAME)
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_text("Nothing has been added yet")).to_be_visible(timeout=60_000)

            go(page, "Add responses")
            page.locator("input[type='file']").set_input_files(str(SAMPLE))
            expect(page.get_by_text("Columns in survey-online.csv")).to_be_visible(timeout=60_000)
            settle(page)
            page.get_by_role("button", name="Add these files").click()
            expect(page.get_by_text("What was added")).to_be_visible(timeout=120_000)
            settle(page)
            page.get_by_role("button", name="Run the analysis").click()
            expect(page.get_by_text("Done:")).to_be_visible(timeout=240_000)
            settle(page)
            shoot(page, "02-add-responses")

            timings["overview"] = go(page, "What people told us")
            expect(page.get_by_role("heading", name="Who we heard from")).to_be_visible()
            shoot(page, "03-overview")

            timings["review"] = go(page, "Review comments")
            before = left_to_review(page)
            shoot(page, "04-review")
            timings["label save"] = decide(
                page, page.get_by_role("button", name="Save and next").click
            )
            decide(page, lambda: shortcut(page, "Alt+N"))  # "No theme fits" by shortcut
            decide(page, lambda: shortcut(page, "Alt+S"))  # "Save and next"
            assert left_to_review(page) == before - 3
            # After a decision, focus and the view move to the next comment, and it is said.
            page.wait_for_function(
                "() => document.activeElement && document.activeElement === "
                "document.querySelector('blockquote.engage-quote[data-comment]')", timeout=30_000)
            assert page.get_by_role("status").filter(has_text="Saved comment").count() >= 1

            timings["themes"] = go(page, "Themes")
            shoot(page, "05-themes")
            page.get_by_role("tab", name="Merge or split themes").click()
            page.get_by_text("I understand the first theme will stop being used").click()
            page.get_by_role("button", name="Merge themes").click()
            settle(page)
            shoot(page, "06-merge")
            # The tab in use stays open, with what happened in it.
            merge_tab = page.get_by_role("tab", name="Merge or split themes")
            assert merge_tab.get_attribute("aria-selected") == "true"

            for title, slug in [
                ("Concerns to follow up", "07-concerns"),
                ("Agreement", "08-agreement"),
                ("Download", "09-download"),
                ("People and passwords", "10-users"),
            ]:
                timings[title] = go(page, title)
                shoot(page, slug)

            timings["history"] = go(page, "History of changes")
            shoot(page, "11-history")
            what = page.get_by_role("combobox").first
            what.click()
            page.get_by_role("option", name="Labelled a comment").click()
            page.keyboard.press("Escape")
            settle(page)
            expect(page.get_by_text(re.compile(r"^3 of \d+ changes"))).to_be_visible(
                timeout=30_000
            )  # the three labels
            what.click()
            page.get_by_role("option", name="Merged themes").click()
            page.keyboard.press("Escape")
            expect(page.get_by_text(re.compile(r"^4 of \d+ changes"))).to_be_visible(
                timeout=30_000
            )  # ... and the merge
            settle(page)
            shoot(page, "12-history-filtered")
        except Exception:
            page.screenshot(path=str(SHOTS / "failure.png"))
            raise
        finally:
            browser.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"
    print("seconds:", {k: round(v, 2) for k, v in timings.items()})


def test_coding_in_a_spreadsheet(app: tuple[str, str], tmp_path: Path, redactor) -> None:
    """Download a coding sheet from the review page, mark it, upload it: it counts as labels."""
    import pandas as pd
    from playwright.sync_api import expect, sync_playwright
    from sqlalchemy import select

    from engage.frameworks import framework_of
    from engage.ingest import IngestOptions, ingest_paths
    from engage.models import Coding, Comment

    base, url = app
    store = Store(url)
    ingest_paths(store, [SAMPLE], IngestOptions(), redactor)  # a no-op after the journey
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        try:
            page.goto(base)
            page.get_by_label("Your name").fill(NAME)
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            settle(page)
            go(page, "Review comments")
            page.get_by_text("Code in a spreadsheet instead").click()
            page.get_by_role("button", name="Prepare a coding sheet").click()
            settle(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Download the coding sheet (Excel)").click()
            sheet_path = tmp_path / "sheet.xlsx"
            download.value.save_as(sheet_path)
            sheet = pd.read_excel(sheet_path, dtype=str).fillna("")
            themes = list(sheet.columns[4:-1])  # between "flags" and "sentiment"
            sheet.loc[0, themes[0]] = "x"
            sheet.loc[1, themes[1]] = "1"
            coded = tmp_path / "coded.xlsx"
            sheet.to_excel(coded, index=False)
            page.locator("input[type='file']").set_input_files(str(coded))
            settle(page)
            page.get_by_role("button", name="Add my coding from the sheet").click()
            expect(page.get_by_text(re.compile(r"^2 comments coded"))).to_be_visible(
                timeout=60_000
            )
        except Exception:
            page.screenshot(path=str(SHOTS / "failure-sheet.png"))
            raise
        finally:
            browser.close()
    with store.session() as s:
        codings = dict(s.execute(
            select(Comment.comment_id, Coding.themes).join(Coding, Coding.comment_pk == Comment.id)
            .where(Coding.reviewer == NAME, Coding.origin == "import")
        ).all())
        ids = {t.name: t.id for t in framework_of(s, store.exercise(s)).themes}
    store.close()
    first, second = sheet["comment_id"].iloc[:2]
    assert codings == {first: [ids[themes[0]]], second: [ids[themes[1]]]}
