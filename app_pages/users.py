"""People and passwords (administrators only): add accounts, change roles, reset passwords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common
from engage import users

me = common.require("users")
store = common.store()


def change(work, success: str) -> None:  # noqa: ANN001
    try:
        with store.session() as s, s.begin():
            work(s)
    except users.UserError as exc:
        st.error(str(exc)[:1].upper() + str(exc)[1:], icon=":material/error:")
        return
    st.session_state["flash"] = success
    # Fresh, empty forms after a success; after an error what was typed stays to be corrected.
    st.session_state["users-forms"] = st.session_state.get("users-forms", 0) + 1
    st.rerun()


generation = st.session_state.get("users-forms", 0)


st.title("People and passwords")
st.caption("Engagement team: add responses, run the analysis, download. Reviewers: review and "
           "label comments and shape themes. Administrators: everything, plus accounts.")
with store.session() as s:
    accounts = users.list_users(s)
st.dataframe(pd.DataFrame([{
    "Name": a.name, "Role": common.ROLE_NAMES[a.role], "Can sign in": "Yes" if a.active else "No",
    "Added": f"{a.created_at:%d %B %Y}"} for a in accounts]), hide_index=True)

st.header("Add someone")
with st.form(f"add-{generation}"):
    name = st.text_input("Name they will sign in with")
    role = st.selectbox("Role", users.ROLES, format_func=common.ROLE_NAMES.get, index=1)
    password = st.text_input(f"Password (at least {users.MIN_PASSWORD} characters)",
                             type="password", autocomplete="new-password")
    again = st.text_input("Password again", type="password", autocomplete="new-password")
    if st.form_submit_button("Add", type="primary"):
        if password != again:
            st.error("The two passwords are different.")
        else:
            change(lambda s: users.add_user(s, name, role, password, actor=me.name),
                   f"Added {name}.")

others = [a.name for a in accounts if a.name != me.name]
if others:
    st.header("Change someone's account")
    who = st.selectbox("Who", others)
    current = next(a for a in accounts if a.name == who)
    with st.form("role"):
        role = st.selectbox("Role", users.ROLES, format_func=common.ROLE_NAMES.get,
                            index=users.ROLES.index(current.role))
        if st.form_submit_button("Change role"):
            change(lambda s: users.set_role(s, who, role, actor=me.name), "Role changed.")
    with st.form(f"password-{generation}"):
        password = st.text_input("New password", type="password", autocomplete="new-password")
        if st.form_submit_button("Set new password"):
            change(lambda s: users.reset_password(s, who, password, actor=me.name),
                   f"Password changed. {who} is signed out and uses the new one next time.")
    c1, c2 = st.columns(2)
    label = "Stop them signing in" if current.active else "Let them sign in again"
    if c1.button(label):
        done = (f"{who} can sign in again." if not current.active
                else f"{who} is signed out and can no longer sign in.")
        change(lambda s: users.set_active(s, who, not current.active, actor=me.name), done)
    if c2.button("Remove this account", help="Their past decisions stay in the history."):
        st.session_state["remove-account"] = who
    if st.session_state.get("remove-account") == who:
        # Removing cannot be undone: asked once more, as retiring a theme is.
        st.warning(f"Remove {who}'s account? They will not be able to sign in again. What "
                   "they did stays in the history. Switching the account off instead can be "
                   "undone.", icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(f"Yes, remove {who}", type="primary"):
            st.session_state.pop("remove-account", None)
            change(lambda s: users.remove_user(s, who, actor=me.name), f"Removed {who}.")
        if no.button("Keep the account"):
            st.session_state.pop("remove-account", None)
            st.rerun()
