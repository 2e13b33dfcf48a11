"""In Chromium: the overview has its own address, keyboard focus is visible on tick boxes and
radio buttons, Skip moves focus to the next comment, and a collapsed sidebar (a narrow window,
or 200% zoom) keeps its links out of the Tab order."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage import users

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import (  # noqa: E402
    chromium_browser,
    free_port,
    needs_browser,
    running_app,
    settle,
    survey_store,
)

NAME, PASSWORD = "Kit Keyboard", "a long e2e password"
ROWS = [
    ("K01", "Service user", "I waited nine months for a referral to the team."),
    ("K02", "Carer", "Nobody tells carers about discharge plans at all."),
    ("K03", "Service user", "The crisis line answered quickly and was kind."),
    ("K04", "NHS staff", "GP and community team do not share their notes."),
]

pytestmark = [pytest.mark.browser, needs_browser]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, redactor) -> Iterator[str]:  # noqa: ANN001
    """The app over a store with four fictional comments and one reviewer; its base URL."""
    folder = tmp_path_factory.mktemp("keyboard")
    url, store = survey_store(folder, ROWS, "Keyboard", redactor)
    with store.session() as s, s.begin():
        users.add_user(s, NAME, "reviewer", PASSWORD)
    store.close()
    env = {"ENGAGE_DB": url, "ENGAGE_EMBEDDER": "tfidf", "HF_HUB_OFFLINE": "1"}
    with running_app(folder, free_port(), env) as base:
        yield base


@pytest.fixture
def browser() -> Iterator[object]:
    with chromium_browser() as chromium:
        yield chromium


def signed_in(browser, base: str, path: str = "/", **viewport: int):  # noqa: ANN001, ANN201
    """A new page signed in at ``base + path``."""
    page = browser.new_page(viewport=viewport or {"width": 1366, "height": 900})
    page.goto(base + path)
    page.get_by_label("Your name").wait_for(timeout=60_000)
    page.get_by_label("Your name").fill(NAME)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    settle(page)
    # (attached: in a narrow window the sidebar that says so is collapsed)
    page.get_by_text(f"Signed in as {NAME}").wait_for(state="attached", timeout=60_000)
    for _ in range(40):  # the sign-in cookie is written by a script once the page is drawn
        if any(c["name"].startswith("engage_session") and c["value"]
               for c in page.context.cookies()):
            break
        page.wait_for_timeout(250)
    return page


def tab_to(page, selector: str, limit: int = 60) -> None:  # noqa: ANN001
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def luminance(rgb) -> object:  # noqa: ANN001 - numpy array of RGB values 0-255
    import numpy as np

    c = rgb / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]


def focus_pixels(page, selector: str) -> int:  # noqa: ANN001
    """How many pixels around the focused control change by at least 3:1 contrast when it
    loses focus: the focus ring people can actually see."""
    import numpy as np
    from PIL import Image

    box = page.evaluate(f"""() => {{
        const r = document.activeElement.closest({selector!r}).getBoundingClientRect();
        return {{x: Math.max(r.x - 10, 0), y: Math.max(r.y - 10, 0),
                 width: r.width + 20, height: r.height + 20}}; }}""")

    def shot():  # noqa: ANN202
        image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
        return luminance(np.asarray(image).astype(float))

    page.wait_for_timeout(200)
    focused = shot()
    page.evaluate("() => { window.__was = document.activeElement; window.__was.blur(); }")
    page.wait_for_timeout(200)
    blurred = shot()
    page.evaluate("() => window.__was.focus()")
    ratio = (np.maximum(focused, blurred) + 0.05) / (np.minimum(focused, blurred) + 0.05)
    return int((ratio >= 3).sum())


def test_the_overview_has_its_own_address(app: str, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, app, "/overview")  # signed in at the overview's address
    for path in ("/overview", "/"):
        page.goto(app + path)
        page.wait_for_selector("h1", timeout=60_000)
        settle(page)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").first.inner_text() == "What people told us"
        current = page.locator("[data-testid='stSidebarNavLink'][aria-current='page']")
        assert current.all_inner_texts() == ["What people told us"]
    assert page.url == app + "/"  # /overview opens the overview, which lives at /


def test_a_sign_in_at_the_apps_own_address_survives_a_reload(app: str, browser) -> None:  # noqa: ANN001
    # /overview opens the overview (at /) by switching page, which must not drop the sign-in
    # cookie.
    page = signed_in(browser, app, "/overview")
    page.get_by_text(f"Signed in as {NAME}").wait_for(timeout=60_000)
    settle(page)
    # The page finally shown writes the cookie (a run that switches page is dropped, and
    # with it any script it drew: then the cookie is written only if that script was quick).
    assert page.locator("iframe[srcdoc*='engage_session']").count() == 1
    for _ in range(40):
        if any(c["name"].startswith("engage_session") and c["value"]
               for c in page.context.cookies()):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"no sign-in cookie: {page.context.cookies()}")
    page.reload()
    page.get_by_text(f"Signed in as {NAME}").wait_for(timeout=60_000)
    assert page.url == app + "/"


def test_focus_shows_on_tick_boxes_and_radio_buttons(app: str, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, app, "/review")
    page.get_by_text(re.compile(r"^Comment number: ")).click()
    tab_to(page, "[data-testid='stForm'] [data-testid='stCheckbox'] input")
    label = "[data-testid='stCheckbox'] label"
    ring = page.evaluate(f"""() => {{ const s = getComputedStyle(
        document.activeElement.closest({label!r})); return [s.outlineStyle, s.outlineWidth,
        s.outlineColor, s.boxShadow]; }}""")
    assert ring[:3] == ["solid", "3px", "rgb(255, 191, 71)"] and "rgb(11, 12, 12)" in ring[3]
    assert focus_pixels(page, label) > 200
    # An empty tick box's border stands out from the white behind it (at least 3:1).
    border = page.evaluate(f"""() => getComputedStyle(document.activeElement.closest({label!r})
        .querySelector('span + div')).borderTopColor""")
    import numpy as np

    rgb = np.array([float(v) for v in re.findall(r"\d+", border)[:3]])
    assert (1.05) / (float(luminance(rgb)) + 0.05) >= 3, border
    tab_to(page, "[data-testid='stRadioOption'] input")
    assert focus_pixels(page, "[data-testid='stRadioOption']") > 200


def test_caption_text_has_at_least_4_5_to_1_contrast(app: str, browser) -> None:  # noqa: ANN001
    """The review page's grey lines (the question, the comment number, the keyboard keys):
    Streamlit fades captions, which left them at 3.2:1 on white."""
    import numpy as np
    from PIL import Image

    page = signed_in(browser, app, "/review")
    caption = page.locator("[data-testid=stCaptionContainer]").filter(
        has_text=re.compile(r"^Comment number: ")).first
    opacity = caption.evaluate("e => getComputedStyle(e).opacity")
    assert float(opacity) == 1.0
    image = Image.open(io.BytesIO(caption.screenshot())).convert("RGB")
    shades = luminance(np.asarray(image).astype(float)).ravel()
    darkest, lightest = shades.min(), shades.max()
    assert (lightest + 0.05) / (darkest + 0.05) >= 4.5, (darkest, lightest)


def test_skip_moves_focus_to_the_next_comment(app: str, browser) -> None:  # noqa: ANN001
    page = signed_in(browser, app, "/review")
    number = page.get_by_text(re.compile(r"^Comment number: "))
    before = number.inner_text()
    moved = ("(before) => { const n = [...document.querySelectorAll("
             "'[data-testid=stCaptionContainer]')].filter(e => e.innerText.startsWith("
             "'Comment number: ')); return n.length === 1 && n[0].innerText !== before; }")
    for attempt in range(2):  # a key press can be dropped while a slow rerun replaces the page
        number.click()
        page.keyboard.press("Alt+K")
        try:
            page.wait_for_function(moved, arg=before, timeout=30_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: press it once more
            if attempt:
                raise
    page.wait_for_function(
        "() => document.activeElement && document.activeElement === "
        "document.querySelector('blockquote.engage-quote[data-comment]')", timeout=30_000)
    status = page.get_by_role("status").filter(has_text="Skipped comment")
    assert status.count() >= 1
    assert before.removeprefix("Comment number: ") in status.first.inner_text()


def test_a_collapsed_sidebar_is_out_of_the_tab_order(app: str, browser) -> None:  # noqa: ANN001
    # 683 x 450 CSS pixels: a 1366 x 900 window at 200% zoom.
    page = signed_in(browser, app, "/review", width=683, height=450)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_attribute("data-collapsed") == "true"
    page.locator("h1").first.click()
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const a = document.activeElement;
            const r = a.getBoundingClientRect();
            return {inSidebar: !!a.closest('[data-testid=stSidebar]'), right: r.right,
                    text: (a.innerText || a.getAttribute('aria-label') || a.tagName).slice(0, 40)};
        }""")
        seen.append(where)
        assert not where["inSidebar"], seen
        assert where["right"] > 0 or where["text"] == "BODY", seen  # nothing off screen
    # Opened again, its links are reachable by Tab as before.
    page.evaluate("() => document.activeElement.blur()")  # the skip link would cover it
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_timeout(800)
    assert sidebar.get_attribute("data-collapsed") == "false"
    tab_to(page, "[data-testid='stSidebarNavLink']", limit=80)
