"""Sign in with a local account (or the organisation's sign-in, when configured)."""

from __future__ import annotations

import streamlit as st

from app_pages import browser_session, common
from engage import oidc, users


def show() -> None:
    """The sign-in page (also shown for any page address while signed out)."""
    st.title("Sign in")
    st.write("This tool helps the group check what people told us, theme by theme.")
    if reason := st.session_state.get(common.SIGNED_OUT):
        st.warning(reason, icon=":material/logout:")
    with common.store().session() as s:
        anyone = users.has_users(s)
    if not anyone:
        st.warning(
            "No one can sign in yet. Whoever looks after this laptop or server should create the "
            "first administrator on the command line, then refresh this page:",
            icon=":material/person_add:",
        )
        st.code(common.first_admin_command(), language="bash")
        if common.store_password_hidden():
            st.caption("The database's password is shown as `***`: type it there (the same "
                       "`--db` this app was started with), or leave out `--db` and set "
                       "`ENGAGE_DB` to that address instead.")
        st.caption("You will be asked to type the password (it is not shown).")
        return

    if common.oidc_configured():
        if not st.user.is_logged_in:
            st.button("Sign in with your organisation account", on_click=st.login, type="primary")
        else:
            with common.store().session() as s:
                match = oidc.match_account(s, st.user.to_dict())
            if match.account is not None:
                st.session_state.pop(common.SIGNED_OUT, None)
                st.session_state["account"] = match.account
                st.rerun()
            st.error(match.message, icon=":material/lock:")
            common.plain(f"You signed in as {match.email or 'an unknown address'}.")
            st.button("Sign out of your organisation account", on_click=st.logout)
        st.divider()
        st.subheader("Or use a local account")

    with st.form("sign-in"):
        name = st.text_input("Your name (as your administrator set it up)", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")
    if submitted and not (name.strip() and password):
        st.error("Type your name and your password, then press Sign in.")
    elif submitted:
        try:
            with common.store().session() as s, s.begin():
                account = users.authenticate(s, name.strip(), password)
                token = users.start_session(s, account.name) if account is not None else None
                off = account is None and users.switched_off(s, name, password)
                left = users.tries_left(s, name)
        except users.SignInLocked as exc:
            st.error(str(exc), icon=":material/lock_clock:")
            return
        if off:
            st.error("This account is switched off: ask an administrator.",
                     icon=":material/person_off:")
        elif account is None:
            warn = (f" After {left} more wrong {'try' if left == 1 else 'tries'}, signing in "
                    "with this name pauses for a minute." if 0 < left <= 2 else "")
            warn = warn or (" Signing in with this name now pauses for a minute: wait, then "
                            "try again, or ask an administrator." if left == 0 else "")
            st.error("That name and password do not match an account. Check both and try "
                     "again." + warn)
        else:
            st.session_state.pop(common.SIGNED_OUT, None)
            st.session_state["account"] = account
            browser_session.remember(token)
            st.rerun()


if __name__ == "__main__":
    show()
