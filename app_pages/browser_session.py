"""Staying signed in across a reload: a random token in a cookie, its hash in the store.

Streamlit keeps its session state per browser tab connection, so a reload used to sign
people out (and a wrong-password count kept there started again). After a local sign-in the
store issues a token (:func:`engage.users.start_session`); a tiny script in a zero-height
frame puts it in a cookie for this site (``SameSite=Strict``, ``Secure`` over HTTPS, for
:data:`engage.users.SESSION_LENGTH`), and the next connection reads it back from the request
(``st.context.cookies``). Signing out, a new password or an account switched off ends it.
"""

from __future__ import annotations

import json

import streamlit as st

from engage import users

COOKIE = "engage_session"
_TOKEN = "session-token"
_PENDING = "session-cookie"  # "set" or "clear": the cookie to write on this run
_WRITTEN = "session-cookie-written"  # what this run wrote, if anything


def tokens() -> list[str]:
    """Tokens this browser sent (one per app address it has signed in to)."""
    try:
        cookies = st.context.cookies
    except Exception:  # noqa: BLE001 - no request context (tests run the pages bare)
        return []
    return [value for name, value in cookies.items() if name.startswith(COOKIE) and value]


def current_token() -> str | None:
    """The token of this tab's sign-in, if it has one."""
    return st.session_state.get(_TOKEN)


def remember(token: str) -> None:
    """Keep ``token`` for this tab and write it to the browser's cookie on this run."""
    st.session_state[_TOKEN] = token
    st.session_state[_PENDING] = "set"


def resumed(token: str) -> None:
    """This tab was signed in by ``token`` from the cookie (nothing to write)."""
    st.session_state[_TOKEN] = token


def forget_in_browser() -> None:
    """Clear the cookie on the next run (after signing out)."""
    st.session_state[_PENDING] = "clear"


def write_cookie() -> None:
    """Write or clear the cookie if this run asked to (call once per run, on every page)."""
    action = st.session_state.pop(_PENDING, None)
    st.session_state[_WRITTEN] = action
    if action is None:
        return
    token = st.session_state.get(_TOKEN, "") if action == "set" else ""
    max_age = int(users.SESSION_LENGTH.total_seconds()) if action == "set" else 0
    # One cookie per port: two apps on one host would otherwise overwrite each other's.
    st.iframe(
        f"""<script>
        const doc = window.parent.document;
        const loc = window.parent.location;
        const https = loc.protocol === "https:";
        const name = {json.dumps(COOKIE)} + "_" + (loc.port || (https ? "443" : "80"));
        doc.cookie = name + "=" + {json.dumps(token)} + "; Path=/; Max-Age={max_age}"
          + "; SameSite=Strict" + (https ? "; Secure" : "");
        </script>""",
        height=1,  # st.iframe needs a height; one pixel shows nothing
    )


def write_again_on_next_run() -> None:
    """Write this run's cookie again on the next run. Call it before ``st.switch_page`` or
    ``st.rerun``: the browser drops what a run drew when another run replaces it, and with it
    the script that writes the cookie (a sign-in would then not survive a reload)."""
    action = st.session_state.pop(_WRITTEN, None)
    if action is not None:
        st.session_state[_PENDING] = action
