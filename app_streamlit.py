"""The review app: sign in, then the pages your role allows. Start it with ``engage ui``."""

from __future__ import annotations

import html

import streamlit as st

from app_pages import browser_session, common, signin

st.set_page_config(page_title="Engage: what people told us", layout="wide")
common.settle()
common.style()

# No page icons: Streamlit would fetch a page's icon from the internet to use as the favicon.
PAGES = {
    "overview": ("app_pages/overview.py", "What people told us", "view"),
    "review": ("app_pages/review.py", "Review comments", "review"),
    "themes": ("app_pages/themes.py", "Themes", "view"),
    "concerns": ("app_pages/concerns.py", "Concerns to follow up", "safeguarding"),
    "agreement": ("app_pages/agreement.py", "Agreement", "view"),
    "upload": ("app_pages/upload.py", "Add responses", "upload"),
    "download": ("app_pages/download.py", "Download", "export"),
    "audit": ("app_pages/audit.py", "History of changes", "view"),
    "users": ("app_pages/users.py", "People and passwords", "users"),
}
SECTIONS = {
    "Look": ["overview", "themes", "agreement"],
    "Check and correct": ["review", "concerns"],
    "Data": ["upload", "download", "audit"],
    "Admin": ["users"],
}

account = common.current_user()
if account is None:
    # Every page address shows the sign-in form, then that page once signed in.
    navigation = st.navigation(
        [st.Page(signin.show, title="Sign in", url_path="signin", default=True)]
        + [st.Page(signin.show, title="Sign in", url_path=key) for key in PAGES],
        position="hidden",
    )
else:
    sections = {}
    for section, keys in SECTIONS.items():
        pages = [
            st.Page(path, title=title, url_path=key, default=key == "overview")
            for key in keys
            for path, title, right in [PAGES[key]]
            if account.can(right)
        ]
        if pages:
            sections[section] = pages
    navigation = st.navigation(sections, position="sidebar", expanded=True)
    with st.sidebar:
        role = common.ROLE_NAMES[account.role]
        # HTML, escaped: Markdown would turn an email address into a mail link.
        st.html(f"<p>Signed in as <strong>{html.escape(account.name)}</strong> ({role})</p>")
        names = common.exercise_names()
        if len(names) > 1:
            current = common.exercise_name()
            st.selectbox("Listening exercise", names, index=names.index(current), key="exercise")
        st.button("Sign out", icon=":material/logout:", on_click=common.sign_out)
browser_session.write_cookie()
common.show_flash()
navigation.run()
