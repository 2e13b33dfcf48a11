"""Download: the comments with their themes, people's labels, and the "You said, we did"
report. Spreadsheet cells that could run as formulas are made safe."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from app_pages import common
from engage.export import comments_frame
from engage.labels import labels_frame


@st.cache_data(show_spinner="Preparing the file…", max_entries=4)
def comments_file(url: str, name: str, version: tuple, suffix: str, _store) -> bytes:  # noqa: ANN001
    return common.table_bytes(comments_frame(_store, name), suffix)


@st.cache_data(show_spinner="Preparing the file…", max_entries=4)
def labels_file(url: str, name: str, version: tuple, _store) -> bytes:  # noqa: ANN001
    with _store.session() as s:
        return common.table_bytes(labels_frame(s, _store.exercise(s, name)), ".csv")


common.require("export")
name = common.need_exercise()
store = common.store()
version = common.version(name)
slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:40] or "exercise"

st.title("Download")
st.header("Comments and their themes")
st.caption("One row per comment: the text with personal details removed, who said it, its "
           "themes (people's decisions first), tone and flags.")
fmt = st.radio("File type", [".xlsx", ".csv"], horizontal=True,
               format_func={".xlsx": "Excel", ".csv": "CSV"}.get)
st.download_button("Download comments", comments_file(store.url, name, version, fmt, store),
                   file_name=f"{slug}-comments{fmt}", icon=":material/download:",
                   on_click="ignore", type="primary")
st.header("People's labels")
st.download_button("Download labels (CSV)", labels_file(store.url, name, version, store),
                   file_name=f"{slug}-labels.csv", icon=":material/download:",
                   on_click="ignore")

st.header("“You said, we did” report")
try:
    from engage.reports import FORMATS, write_report
except ImportError:
    st.info("Reports are not available in this version.")
    st.stop()
c1, c2 = st.columns(2)
report_fmt = c1.selectbox("Format", list(FORMATS),
                          format_func={"docx": "Word", "html": "Web page", "md": "Markdown"}.get)
easy = c2.checkbox("Easy Read version")
if st.button("Make the report", icon=":material/description:"):
    with st.spinner("Writing the report…"), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}-report{'-easy-read' if easy else ''}.{report_fmt}"
        try:
            result = write_report(store, path, fmt=report_fmt, easy_read=easy, exercise=name)
        except Exception as exc:  # noqa: BLE001 - shown to the person, never crashes the page
            st.error("The report could not be made.")
            common.plain(str(exc))
            st.stop()
        st.session_state["report"] = ((name, report_fmt, easy), path.name,
                                      result.path.read_bytes())
made = st.session_state.get("report")
if made and made[0] == (name, report_fmt, easy):  # only the report for what is chosen now
    _, file_name, data = made
    st.download_button(f"Download {file_name}", data, file_name=file_name,
                       icon=":material/download:", on_click="ignore")
