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


def easy_read_check(gate) -> None:  # noqa: ANN001 - engage.reports.easyread.GateResult
    """What the Easy Read check found, as the command line prints it: passed, or each sentence
    to rewrite (shown as plain text), quotes kept as people wrote them, and what was left out."""
    figures = f"{gate.sentences} sentences, longest {gate.longest_sentence} words"
    if gate.reading_ease is not None:
        figures = f"reading ease {gate.reading_ease}, {figures}"
    if gate.passed:
        st.success(f"Easy Read check: passed ({figures}).", icon=":material/task_alt:")
    else:
        count = len(gate.to_rewrite)
        st.warning(f"Easy Read check: needs rewriting ({figures}). Fix the {count} "
                   f"problem{'s' if count != 1 else ''} below in our own wording before this "
                   "report is published. To fix them, give easier wording in a wording file "
                   "and make "
                   "the report on the command line: `engage export report --easy-read "
                   "--easy-wording FILE`.", icon=":material/edit_note:")
        st.markdown("**Sentences to rewrite**")
        for problem in gate.to_rewrite:
            common.plain(f"• [{problem.where}] {problem.message}"
                         + (f": {problem.sentence}" if problem.sentence else ""))
    if gate.quotes:
        st.markdown("**Hard to read, kept as people wrote them**")
        for problem in gate.quotes:
            common.plain(f"• [{problem.where}] {problem.message}: {problem.sentence}")
    if gate.omitted:
        st.markdown("**Left out of the Easy Read report**")
        for item in gate.omitted:
            common.plain(f"• {item}")
    if gate.unused:
        st.markdown("**Wording not used**")
        for item in gate.unused:
            common.plain(f"• {item}")
    if gate.notes:
        st.markdown("**Notes for the team** (not in the report)")
        for item in gate.notes:
            common.plain(f"• {item}")


common.require("export")
name = common.need_exercise()
store = common.store()
version = common.version(name)
slug = common.file_slug(name)

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
                                      result.path.read_bytes(), result.gate)
made = st.session_state.get("report")
if made and made[0] == (name, report_fmt, easy):  # only the report for what is chosen now
    _, file_name, data, gate = made
    if gate is not None:
        easy_read_check(gate)
    st.download_button(f"Download {file_name}", data, file_name=file_name,
                       icon=":material/download:", on_click="ignore")
