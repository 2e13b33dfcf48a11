"""Add responses: drag files in, check the columns, see what was added, run the analysis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages import common
from engage.analysis import analyse, make_embedder
from engage.ingest import IngestOptions, ingest_paths
from surveys.detect import detect_kind
from surveys.mapping import plan_columns
from surveys.records import InputFileError
from surveys.survey import read_table

TYPES = ["csv", "tsv", "txt", "xlsx", "docx", "md"]


def mapping(path: Path) -> IngestOptions | None:
    """Column choices for a survey file, pre-filled with what was detected."""
    table = read_table(path)
    plan = plan_columns(table.frame)
    columns = list(table.frame.columns)
    with st.expander(f"Columns in {path.name}", expanded=True, icon=":material/table:"):
        st.caption("We guessed these from the column names and answers: change them if needed.")
        found = [f"who they are: {plan.group_column}" if plan.group_column else "",
                 f"where they live: {plan.locality_column}" if plan.locality_column else "",
                 f"date: {plan.date_column}" if plan.date_column else ""]
        if any(found):
            common.plain("Also found " + "; ".join(f for f in found if f) + ".")
        if plan.personal_columns:
            common.plain("Left out, never stored (personal details): "
                         + ", ".join(plan.personal_columns) + ".")
        texts = st.multiselect("Questions people answered in their own words", columns,
                               default=plan.text_columns, key=f"text-{path.name}")
        id_column = st.selectbox("Response number", [None, *columns],
                                 index=([None, *columns].index(plan.id_column)),
                                 format_func=lambda c: "None" if c is None else c,
                                 key=f"id-{path.name}")
        meta = st.multiselect("Details about the person (kept with their comments)", columns,
                              default=plan.meta_columns, key=f"meta-{path.name}")
        rest = [c for c in columns if c not in texts and c != id_column and c not in meta]
        closed = st.multiselect("Tick-box questions", rest,
                                default=[c for c in plan.closed_columns if c in rest],
                                key=f"closed-{path.name}")
    if not texts:
        st.warning(f"{path.name}: choose at least one question answered in people's own words.")
        return None
    return IngestOptions(kind="survey", text_columns=texts, id_column=id_column,
                         meta_columns=meta, closed_columns=closed)


def report_tables(reports: list) -> None:  # noqa: ANN001
    summary = pd.DataFrame([{
        "File": Path(r.path).name, "Rows": r.rows, "Added": r.ingested,
        "Already there (duplicates)": r.duplicates, "Empty": r.empty,
        "Could not read": len(r.rejected), "Personal details removed": r.redactions,
    } for r in reports])
    st.dataframe(summary, hide_index=True)
    problems = pd.DataFrame([{"File": Path(r.path).name, "Row": p["row"], "Reason": p["reason"]}
                             for r in reports for p in r.rejected])
    if not problems.empty:
        st.markdown("**Rows that could not be read, and why**")
        st.dataframe(problems, hide_index=True)
    for r in reports:
        if r.error:
            st.error(f"{Path(r.path).name} could not be added: see the reason below.")
            common.plain(r.error)


account = common.require("upload")
store = common.store()
st.title("Add responses")
names = common.exercise_names()
NEW = "A new listening exercise"
choice = st.selectbox("Add to", [*names, NEW], index=names.index(common.exercise_name())
                      if common.exercise_name() in names else len(names))
exercise = choice
if choice == NEW:
    exercise = st.text_input("Name of the listening exercise", "Adult mental health 2026").strip()

uploads = st.file_uploader("Drag survey exports, Easy Read forms or event notes here",
                           type=TYPES, accept_multiple_files=True)
plans: list[tuple[Path, IngestOptions | None]] = []
for upload in uploads or []:
    path = common.saved_upload(upload)
    try:
        kind = detect_kind(path)
        plans.append((path, mapping(path) if kind == "survey" else IngestOptions(kind=kind)))
    except InputFileError as exc:
        st.error(f"{upload.name} cannot be used.")
        common.plain(str(exc))

ready = [(p, o) for p, o in plans if o is not None]
if ready and st.button("Add these files", type="primary", icon=":material/upload:"):
    with st.spinner("Reading the files and removing personal details…"):
        reports = []
        for path, options in ready:
            options.exercise = exercise
            options.actor = account.name
            reports += ingest_paths(store, [path], options)
    st.session_state["ingest_reports"] = reports
    st.session_state["exercise"] = exercise
if st.session_state.get("ingest_reports"):
    st.subheader("What was added")
    report_tables(st.session_state["ingest_reports"])

if not common.exercise_names():
    st.stop()
st.header("Find themes, tone and concerns")
if not account.can("analyse"):
    st.stop()
name = common.need_exercise()
st.caption(f"Runs on every comment in “{common.md(name)}”. Comments already done are "
           "reused, so running it again is quicker.")
topics = st.checkbox("Also look for new topics (slower)", value=True)
if st.button("Run the analysis", type="primary", icon=":material/play_arrow:"):
    bar = st.progress(0.0, text="Starting")

    def progress(message: str, fraction: float) -> None:
        bar.progress(fraction, text=message)

    report = analyse(store, name, topics=topics, progress=progress, actor=account.name,
                     embedder=make_embedder(store, common.embedder_kind()))
    bar.progress(1.0, text="Done")
    st.success(f"Done: {report.comments} comments, {report.updated} updated, "
               f"{report.topics} topics found, {report.new_flagged_comments} comments with new "
               "safeguarding concerns.",
               icon=":material/task_alt:")
    if report.new_flags:
        st.warning("Some comments may show that someone is at risk now: see **Concerns to follow "
                   "up** and follow your safeguarding policy.", icon=":material/warning:")
    if report.languages:
        st.info(common.md(
            f"{sum(report.languages.values())} comments are not in English "
            f"({report.languages_text()}). The computer reads English only: they have no "
            "theme, and each is in "
            "Concerns to follow up for someone who reads the language."),
            icon=":material/translate:")
