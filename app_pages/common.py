"""Shared UI for every page: the store, signing in, roles, safe text, and friendly words.

Respondent text is only ever shown through :func:`quote`, :func:`plain` or ``st.dataframe``:
it is HTML-escaped and never passed through Markdown, so ``<script>`` or ``![x](url)`` in a
comment is shown exactly as typed and cannot load anything.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from engage import users, workflow
from engage.actions import ActionError
from engage.db import DEFAULT_URL, resolve_url, shown_url
from engage.models import Exercise
from engage.store import Store, StoreError

GROUPS = {
    "service_user": "People who use services",
    "carer": "Carers, family and friends",
    "staff": "Health and care staff",
    "voluntary": "Voluntary and community sector",
    "public": "Members of the public",
    "other": "Other",
}
SOURCES = {"survey": "Survey", "easyread": "Easy Read form", "notes": "Event or forum notes"}
TONES = {"positive": "Positive", "neutral": "Neutral or mixed", "negative": "Negative"}
ROLE_NAMES = {
    "team": "Engagement team",
    "reviewer": "Reviewer",
    "admin": "Administrator",
}

MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~$:")

STYLE = """
<style>
html { font-size: 18px; }
:focus-visible { outline: 3px solid #ffbf47 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #0b0c0c !important; }
/* A tick box's or radio button's own input is hidden (1px, clipped), so its ring never shows:
   ring the visible box and words instead (the control marks itself data-focus-visible). */
[data-testid="stCheckbox"] label[data-focus-visible="true"],
[data-testid="stRadioOption"][data-focus-visible="true"],
[data-testid="stDataFrameResizable"]:has(:focus-visible) {
  outline: 3px solid #ffbf47 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #0b0c0c !important; border-radius: 2px; }
/* An empty tick box or radio circle with a border people can see (at least 3:1 on white). */
[data-testid="stCheckbox"] label:not([data-selected="true"]) > span + div,
[data-testid="stRadioOption"]:not([data-selected="true"]) > div > div:first-child {
  border-color: #4c6272 !important; }
/* A table's toolbar (download, search, full screen) shows while a key press is in it too. */
[data-testid="stElementToolbar"]:focus-within { opacity: 1 !important; }
/* A collapsed sidebar slides off screen: keep its links out of the Tab order too. */
section[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
.engage-quote { font-size: 1.2rem; line-height: 1.6; white-space: pre-wrap;
  overflow-wrap: anywhere; margin: 0.25rem 0 1rem 0; padding: 0.8rem 1rem;
  border-left: 6px solid #005eb8; background: #f0f4f5; color: #0b0c0c; }
.engage-plain { white-space: pre-wrap; overflow-wrap: anywhere; }
/* Streamlit fades captions (opacity 0.6): that left 3.2:1 contrast; solid, this is 9.7:1. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #3d4551 !important; opacity: 1 !important; }
.engage-hidden { font-style: italic; border-left-color: #4c6272; }
.engage-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.engage-status { color: #005a30; font-weight: 600; margin-bottom: 0.5rem; }
.engage-quote:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
button[kind="primary"], button[kind="primaryFormSubmit"] { background-color: #005eb8 !important;
  border-color: #005eb8 !important; color: #ffffff !important; }
button[kind="primary"]:hover, button[kind="primaryFormSubmit"]:hover {
  background-color: #003087 !important; border-color: #003087 !important; }
</style>
"""


# --- the store ------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """The store this app was started on (``ENGAGE_DB``), opened once per process."""
    return _open_store(resolve_url())


def embedder_kind() -> str:
    """Which embedder analysis uses: ``ENGAGE_EMBEDDER`` (auto, sentence or tfidf)."""
    return os.environ.get("ENGAGE_EMBEDDER", "auto")


def exercise_names() -> list[str]:
    """Every exercise in the store, oldest first."""
    with store().session() as s:
        return list(s.scalars(select(Exercise.name).order_by(Exercise.id)))


def exercise_name() -> str | None:
    """The exercise the person is working on (chosen in the sidebar when there are several)."""
    names = exercise_names()
    chosen = st.session_state.get("exercise")
    if chosen in names:
        return chosen
    return names[0] if names else None


def need_exercise() -> str:
    """The current exercise, or a friendly stop when nothing has been added yet."""
    name = exercise_name()
    if name is None:
        st.info(
            "Nothing has been added yet. Someone from the engagement team can add survey "
            "files on the **Add responses** page."
        )
        st.stop()
    return name


def version(name: str) -> tuple[Any, ...]:
    """Changes whenever anything in the exercise changes (used to refresh cached tables)."""
    with store().session() as s:
        return workflow.data_version(s, store().exercise(s, name))


def write(work: Callable[[Any, Exercise], Any], success: str | None = None) -> bool:
    """Run ``work(session, exercise)`` as one safe write; show problems in plain words.

    Returns True when it was saved.
    """
    name = need_exercise()

    def run(session: Any) -> Any:
        return work(session, store().exercise(session, name))

    try:
        workflow.run_write(store(), run)
    except (workflow.WorkflowError, users.UserError, StoreError, ActionError) as exc:
        message = str(exc)
        st.error(message[:1].upper() + message[1:], icon=":material/error:")
        return False
    if success:
        st.session_state["flash"] = success
    return True


def show_flash() -> None:
    """Say what the last change did (kept across the rerun that follows a change)."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def seen_version(key: str, current: int) -> int:
    """The version of something as it was shown before this run (what the person saw when
    they pressed a button), remembering ``current`` for next time."""
    store_key = f"seen-version-{key}"
    previous = st.session_state.get(store_key, current)
    st.session_state[store_key] = current
    return previous


# --- signing in -----------------------------------------------------------------------------


SIGNED_OUT = "signed-out-because"  # why this tab's sign-in ended, shown on the sign-in page
NOT_SAVED = "Your last change was not saved: sign in and make it again."


def current_user() -> users.Account | None:
    """The signed-in account, checked against the store on every run.

    When a sign-in ends while the person is using the app (an administrator switched the
    account off, removed it or gave it a new password), the sign-in page says why.
    """
    from app_pages import browser_session

    account = st.session_state.get("account")
    token = browser_session.current_token()
    with store().session() as s:
        if account is None:
            # A reload: the browser's cookie may still hold this site's sign-in.
            for candidate in browser_session.tokens():
                fresh = users.resume_session(s, candidate)
                if fresh is not None:
                    browser_session.resumed(candidate)
                    break
            else:
                return None
        elif token is not None:
            # Signed out elsewhere by a new password or the account being switched off.
            fresh = users.resume_session(s, token)
        else:
            try:
                fresh = users.get_user(s, account.name)
            except users.UserError:
                fresh = None
        if account is not None and (fresh is None or not fresh.active):
            st.session_state[SIGNED_OUT] = signed_out_reason(s, account.name)
    if fresh is None or not fresh.active:
        st.session_state.pop("account", None)
        return None
    st.session_state["account"] = fresh
    return fresh


def signed_out_reason(session: Any, name: str) -> str:
    """Why ``name``'s sign-in ended while they were using the app, in plain words."""
    user = users.find_user(session, name)
    if user is None:
        why = "your account was removed"
    elif not user.active:
        why = "your account was switched off"
    else:
        why = ("your password was changed, or your sign-in ended (it lasts "
               f"{int(users.SESSION_LENGTH.total_seconds() // 3600)} hours, and signing out in "
               "another tab ends it too)")
    return f"You were signed out because {why}. {NOT_SAVED}"


def me() -> users.Account:
    """The signed-in account (pages are only reachable when signed in)."""
    account = current_user()
    if account is None:
        st.stop()
    return account


def require(right: str) -> users.Account:
    """The signed-in account if it may do ``right``; otherwise say who can, and stop."""
    account = me()
    if not account.can(right):
        allowed = [ROLE_NAMES[r] for r in users.ROLES if users.can(r, right)]
        st.warning(
            f"Your account ({ROLE_NAMES[account.role]}) cannot do this. "
            f"Ask an administrator if you need to: it is open to {', '.join(allowed)}.",
            icon=":material/lock:",
        )
        st.stop()
    return account


def store_password_hidden() -> bool:
    """True when :func:`first_admin_command` left out the store's password."""
    return "***" in shown_url(resolve_url())


def first_admin_command() -> str:
    """The command that creates the first administrator for this store (its password, if
    the store address has one, shown as ``***``)."""
    url = resolve_url()
    shown = shown_url(url).replace("'", "'\\''")
    db = "" if url == DEFAULT_URL else f" --db '{shown}'"
    return f"engage{db} users add YOUR-NAME --role admin --password-stdin"


def sign_out() -> None:
    """Forget the signed-in account (and the OIDC session, if any).

    After an organisation sign-in, ``st.logout`` also drops Streamlit's identity cookie (and
    asks the provider to end its session when it offers that); without it the sign-in page
    would sign the person straight back in. Use it as a button's ``on_click``: an
    ``st.rerun()`` straight after it would drop the sign-out redirect unsent.
    """
    from app_pages import browser_session

    token = browser_session.current_token()
    if token is not None:
        try:
            with store().session() as s, s.begin():
                users.end_session(s, token)
        except (DBAPIError, StoreError):  # the cookie still goes: this browser is signed out
            logging.getLogger(__name__).exception("could not end the sign-in in the store")
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state["flash"] = "You have signed out. Close this tab if the computer is shared."
    if token is not None:
        browser_session.forget_in_browser()
    if oidc_configured() and st.user.get("is_logged_in"):
        st.logout()


def oidc_configured() -> bool:
    """True when ``[auth]`` in Streamlit's secrets has everything ``st.login`` needs.

    A half-filled ``[auth]`` section is reported in the server's log and otherwise ignored
    (people can still use local accounts).
    """
    import logging

    from engage import oidc

    try:
        if "auth" not in st.secrets:
            return False
        auth = st.secrets["auth"]
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False
    missing = oidc.missing_settings(auth)
    if missing:
        logging.getLogger(__name__).warning(
            "organisation sign-in is off: [auth] is missing %s", ", ".join(missing)
        )
    return not missing


# --- when the database is down ----------------------------------------------------------------

DATABASE_DOWN = (
    "The database cannot be reached just now, so your last change was not saved. Try again in "
    "a minute; if it keeps happening, tell whoever looks after this tool."
)


def database_unreachable(exc: BaseException) -> bool:
    """True when ``exc`` means the store could not be used (a connection refused or lost, a
    database locked or stopped), rather than a mistake in what was asked."""
    if isinstance(exc, DBAPIError):
        return True
    return isinstance(exc, StoreError) and isinstance(exc.__cause__, SQLAlchemyError)


def show_database_down(exc: BaseException, where: Any = None) -> None:
    """Say the database cannot be reached, in plain words with no traceback (``where``: a
    placeholder to show it in); the details go to the server's log."""
    logging.getLogger("engage.app").error("the database cannot be reached", exc_info=exc)
    (where or st).error(DATABASE_DOWN, icon=":material/cloud_off:")


SOMETHING_WENT_WRONG = (
    "Something went wrong on this page, so what you were doing may not have been saved. Try "
    "again; if it keeps happening, tell whoever looks after this tool (the details are in the "
    "app's log, at {time})."
)
RAISE_ERRORS = "ENGAGE_APP_RAISE"  # set to 1 (the tests do) to see errors as Streamlit shows them


def log_to_server() -> None:
    """Send the toolkit's own messages (sign-ins, failed sign-ins, errors) to the server's log
    (standard error, which a service manager such as systemd keeps), once per server."""
    log = logging.getLogger("engage")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def run_safely(page: Callable[[], None]) -> None:
    """Run ``page``; a problem is said in plain words at the top of the page (never a traceback,
    or Streamlit's offers to search the web for it), and its details go to the server's log.
    Files uploaded in the run are removed when it ends."""
    problem = st.empty()  # at the top, whatever the page had shown before it
    try:
        page()
    except Exception as exc:  # noqa: BLE001 - every error is shown the same plain way
        if database_unreachable(exc):
            show_database_down(exc, problem)
        elif os.environ.get(RAISE_ERRORS) == "1":
            raise
        else:
            when = datetime.now().strftime("%H:%M:%S")
            logging.getLogger("engage.app").error("the page failed at %s", when, exc_info=exc)
            problem.error(SOMETHING_WENT_WRONG.format(time=when), icon=":material/error:")
    finally:
        forget_uploads()  # however the run ended (a rerun or a stop, too)


# --- safe display ---------------------------------------------------------------------------


def quote(text: str, *, hidden: bool = False, limit: int | None = None,
          anchor: str | None = None) -> None:
    """Show respondent text exactly as typed (escaped; never Markdown or HTML).

    With ``limit``, a longer text shows its start and the rest is one click away. ``anchor``
    (a comment number) marks the quote so :func:`focus_on_comment` can find this one.
    """
    css = "engage-quote engage-hidden" if hidden else "engage-quote"
    mark = f' data-comment="{html.escape(anchor)}"' if anchor is not None else ""
    if limit and len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        st.html(f'<blockquote class="{css}"{mark}>{html.escape(cut)} …</blockquote>')
        with st.expander("Read the whole comment"):
            st.html(f'<blockquote class="{css}">{html.escape(text)}</blockquote>')
        return
    st.html(f'<blockquote class="{css}"{mark}>{html.escape(text)}</blockquote>')


def file_slug(name: str, limit: int = 60) -> str:
    """``name`` for a file name: lower-case words joined by ``-``, cut between words to at most
    ``limit`` characters, keeping a last word with a number in it (a year, "phase 2")."""
    words = re.findall(r"[^\W_]+", name.lower())
    slug = "-".join(words)
    if len(slug) > limit:
        tail = [words[-1]] if any(ch.isdigit() for ch in words[-1]) else []
        kept: list[str] = []
        for word in words[: len(words) - len(tail)]:
            if len("-".join([*kept, word, *tail])) > limit:
                break
            kept.append(word)
        slug = "-".join([*kept, *tail]) if kept else slug[:limit].strip("-")
    return slug or "exercise"


def saved_upload(upload) -> Path:  # noqa: ANN001 - Streamlit UploadedFile
    """An uploaded file on disk (under its own name, in a folder only this server's account can
    read) for this run of the page: :func:`forget_uploads` removes it when the run ends, so
    unredacted uploads do not pile up on the server (Streamlit keeps the upload itself in
    memory while the page shows it, and a later run writes it out again)."""
    folder = Path(st.session_state.setdefault("upload_dir", tempfile.mkdtemp(prefix="engage-")))
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    path.chmod(0o600)
    return path


def forget_uploads() -> None:
    """Remove the files :func:`saved_upload` wrote in this run (call when every run ends)."""
    folder = st.session_state.pop("upload_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def error_text(exc: object) -> str:
    """An error message for the page, Markdown-safe, naming an uploaded file by its own name
    (not the temporary folder it was kept in)."""
    text = str(exc)
    folder = st.session_state.get("upload_dir")
    if folder:
        text = text.replace(f"{folder}/", "")
    return md(text)


def table_bytes(frame, suffix: str) -> bytes:  # noqa: ANN001 - a pandas DataFrame
    """``frame`` as a formula-safe CSV or XLSX file."""
    from engage.export import write_table

    with tempfile.TemporaryDirectory() as folder:
        return write_table(frame, Path(folder) / f"table{suffix}").read_bytes()


def focus_on_comment(announce: str, comment_id: str) -> None:
    """After a decision: say so (``announce``, read out by screen readers), and move keyboard
    focus and the view to comment ``comment_id`` (shown with ``quote(..., anchor=comment_id)``),
    so nobody decides on one they have not read.

    Streamlit has no focus control; a tiny script in a zero-height frame does it on the page.
    It waits for this comment's quote (not the one it replaces, which may still be on screen
    while the page redraws) and puts focus back if a late redraw takes it away.
    """
    # Said in the page, not a pop-up, which at a large zoom would cover the comment.
    st.html(f'<div class="engage-status" role="status" aria-live="polite">'
            f"✓ {html.escape(announce)}</div>")
    selector = f'blockquote.engage-quote[data-comment="{_css_string(comment_id)}"]'
    target = json.dumps(selector).replace("<", "\\u003c")  # no "</script>" can end the script
    st.iframe(
        f"""<script>
        const selector = {target};
        const started = Date.now();
        let done = 0;
        const move = () => {{
          const doc = window.parent.document;
          const quote = doc.querySelector(selector);
          const waited = Date.now() - started;
          if (quote && doc.activeElement !== quote && (!done || doc.activeElement === doc.body)) {{
            quote.setAttribute("tabindex", "-1");
            quote.focus({{preventScroll: true}});
            if (!done) quote.scrollIntoView({{block: "center"}});
            done = done || Date.now();
          }}
          if (done ? Date.now() - done < 3000 : waited < 30000) setTimeout(move, 100);
        }};
        move();
        </script>""",
        height=1,  # st.iframe needs a height; one pixel shows nothing
    )


def status(text: str) -> None:
    """Say ``text`` in the page's status line (escaped; read out by screen readers), e.g. why a
    button pressed by its shortcut did nothing."""
    st.html(f'<div class="engage-status" role="status" aria-live="polite">'
            f"{html.escape(text)}</div>")


def _css_string(text: str) -> str:
    """``text`` safe inside a double-quoted CSS attribute selector."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def plain(text: str) -> None:
    """Show short untrusted text (a theme name, key words) exactly as typed."""
    st.html(f'<div class="engage-plain">{html.escape(text)}</div>')


def md(text: object) -> str:
    """``text`` made safe to put inside Markdown (every formatting character escaped; ``&``,
    ``<`` and ``>`` as entities, which Markdown shows as the characters themselves)."""
    text = str(text)
    escaped = "".join(
        "\\" + ch if ch in MARKDOWN_SPECIAL and not _formats_nothing(text, i) else ch
        for i, ch in enumerate(text)
    )
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _formats_nothing(text: str, i: int) -> bool:
    """``-``, ``+`` and ``#`` right after a letter or digit, and ``.`` right after a letter,
    format nothing ("Joined-up", "e.g.", "C#"; "1." could start a list): left unescaped, so a
    screen reader reads no backslash in a label."""
    before = text[i - 1] if i > 0 else ""
    return (text[i] in "-+#" and before.isalnum()) or (text[i] == "." and before.isalpha())


def full_stop(text: str) -> str:
    """``text`` ending a sentence: a full stop added unless it already ends with one, or with
    ``?`` or ``!`` (comment numbers often end with their question: "R12/What needs to change?")."""
    return text if text.rstrip().endswith((".", "?", "!")) else f"{text}."


FAIRLY_SURE = 0.65  # below this the computer is "not sure" and its suggestion starts unticked


def sure_words(p: float) -> str:
    """How sure the computer is, in words and as a percentage."""
    words = "very sure" if p >= 0.85 else "fairly sure" if p >= FAIRLY_SURE else "not sure"
    return f"{words} ({p:.0%})"


def group_name(value: str | None) -> str:
    return GROUPS.get(value or "", value or "Not said")


def source_name(value: str | None) -> str:
    return SOURCES.get(value or "", value or "Not known")


def tone_name(value: str | None) -> str:
    return TONES.get(value or "", "Not known")


def settle() -> None:
    """Hide developer tools (deploy button, rerun menu) from the people using the app."""
    for option, value in (("client.toolbarMode", "viewer"), ("theme.primaryColor", "#005eb8")):
        try:
            st.set_option(option, value)
        except Exception:  # noqa: BLE001 - cannot be changed while running; harmless
            pass


def style() -> None:
    """Larger text, a strong visible focus ring, and quote styling."""
    st.html(STYLE)
