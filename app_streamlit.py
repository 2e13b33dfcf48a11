"""The review app: sign in, then the pages your role allows. Start it with ``engage ui``."""

from __future__ import annotations

import html

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from app_pages import browser_session, common, signin
from engage.users import Account

st.set_page_config(page_title="Engage: what people told us", layout="wide")
common.settle()
common.style()

# No page icons: Streamlit would fetch a page's icon from the internet to use as the favicon.
PAGES = {
    "overview": ("app_pages/overview.py", "What people told us", "view"),
    "review": ("app_pages/review.py", "Review comments", "review"),
    "themes": ("app_pages/themes.py", "Themes", "view"),
    "actions": ("app_pages/actions.py", "What we did", "view"),
    "concerns": ("app_pages/concerns.py", "Concerns to follow up", "safeguarding"),
    "agreement": ("app_pages/agreement.py", "Agreement", "view"),
    "upload": ("app_pages/upload.py", "Add responses", "upload"),
    "download": ("app_pages/download.py", "Download", "export"),
    "audit": ("app_pages/audit.py", "History of changes", "view"),
    "users": ("app_pages/users.py", "People and passwords", "users"),
}
SECTIONS = {
    "Look": ["overview", "themes", "actions", "agreement"],
    "Check and correct": ["review", "concerns"],
    "Data": ["upload", "download", "audit"],
    "Admin": ["users"],
}
HOME = "overview"  # the page the app's own address (/) shows once signed in


def navigation_for(account: Account | None) -> StreamlitPage:
    """The pages this account may use, in the sidebar (or the sign-in page for everyone)."""
    if account is None:
        # Every page address shows the sign-in form, then that page once signed in.
        return st.navigation(
            [st.Page(signin.show, title="Sign in", url_path="signin", default=True)]
            + [st.Page(signin.show, title="Sign in", url_path=key) for key in PAGES],
            position="hidden",
        )
    sections = {}
    for section, keys in SECTIONS.items():
        pages = [
            # The overview is the default page, served at the app's own address (/).
            st.Page(path, title=title, url_path="home" if key == HOME else key,
                    default=key == HOME)
            for key in keys
            for path, title, right in [PAGES[key]]
            if account.can(right)
        ]
        if pages:
            sections[section] = pages
    home = next((p for group in sections.values() for p in group if p.url_path == ""), None)
    if home is not None:
        # Streamlit serves its default page at / only: /overview (a bookmark, a link in an
        # email) opens it through a hidden page, instead of "Page not found".
        def open_home() -> None:
            browser_session.write_again_on_next_run()  # the switch drops this run's cookie
            st.switch_page(home)

        sections[next(iter(sections))].append(st.Page(
            open_home, title=home.title, url_path=HOME, visibility="hidden"))
    return st.navigation(sections, position="sidebar", expanded=True)


def main() -> None:
    """Sign in, the sidebar, then the page asked for."""
    account = common.current_user()
    navigation = navigation_for(account)
    if account is not None:
        with st.sidebar:
            role = common.ROLE_NAMES[account.role]
            # HTML, escaped: Markdown would turn an email address into a mail link.
            st.html(f"<p>Signed in as <strong>{html.escape(account.name)}</strong> ({role})</p>")
            names = common.exercise_names()
            if len(names) > 1:
                current = common.exercise_name()
                st.selectbox("Listening exercise", names, index=names.index(current),
                             key="exercise")
            st.button("Sign out", icon=":material/logout:", on_click=common.sign_out)
    browser_session.write_cookie()
    common.show_flash()
    navigation.run()


common.log_to_server()
common.run_safely(main)
