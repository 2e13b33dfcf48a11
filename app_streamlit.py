"""Review app (Streamlit): a thin layer over the engage library.

Run with ``engage ui`` (or ``engage demo``). Respondent text is always shown escaped.
"""

from __future__ import annotations

import os

import streamlit as st

from engage.export import comments_frame
from engage.store import Store, StoreError


@st.cache_resource
def get_store(url: str | None) -> Store:
    """One store (engine and pool) per URL for the whole server."""
    return Store(url)


@st.cache_data(ttl=30)
def load_comments(url: str | None, exercise: str | None) -> object:
    """The exported comments frame (redacted text only)."""
    return comments_frame(get_store(url), exercise)


def main() -> None:
    st.set_page_config(page_title="Engage: what people told us", layout="wide")
    st.title("What people told us")
    url = os.environ.get("ENGAGE_DB")
    store = get_store(url)
    try:
        summary = store.summary()
    except StoreError as exc:
        st.info(str(exc))
        return
    st.subheader(str(summary["exercise"]))
    cols = st.columns(4)
    cols[0].metric("Comments", summary["comments"])
    cols[1].metric("Respondents", summary["respondents"])
    cols[2].metric("Events", summary["events"])
    cols[3].metric("Files", summary["files"])
    frame = load_comments(url, None)
    st.caption("Redacted comments. Text is shown exactly as typed, never as formatting.")
    st.dataframe(frame[["comment_id", "source", "question", "text"]], hide_index=True)


main()
