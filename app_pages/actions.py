"""What we did: the actions the "You said, we did" report links to each theme.

Everyone can read them; the engagement team records and updates them (the same library calls
as ``engage actions add|update|import``, audited in the History of changes).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import common
from engage.actions import (
    STATUS_LABELS,
    STATUSES,
    ActionError,
    add_action,
    import_actions,
    list_actions,
    status_warnings,
    update_action,
)
from engage.frameworks import framework_of

me = common.require("view")
store = common.store()
name = common.need_exercise()


def save(work, success: str) -> None:  # noqa: ANN001 - work(session, exercise)
    """One change through the app's shared write (a refusal is shown); then fresh forms."""
    if common.write(work, success):
        st.session_state["actions-forms"] = st.session_state.get("actions-forms", 0) + 1
        st.rerun()


with store.session() as s:
    exercise = store.exercise(s, name)
    themes = {t.id: t.name for t in framework_of(s, exercise).themes}
    actions = list_actions(s, exercise)
    rows = [{
        "Number": a.id,
        "Themes": ", ".join(themes.get(t, t) for t in a.themes),
        "What we did or will do": a.text,
        "Who": a.owner or "",
        "Status": STATUS_LABELS.get(a.status, a.status),
        "Date": f"{a.due:%d %B %Y}" if a.due else "",
        "Evidence": a.evidence or "",
        "Why not": a.reason or "",
    } for a in actions]
    checks = [(a.id, w) for a in actions
              for w in status_warnings({"status": a.status, "due": a.due, "reason": a.reason})]

st.title("What we did")
st.caption("Each action is linked to the themes it answers. The report lists them under each "
           "theme as \"We did\", so people can see what happened because of what they said.")
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.info("No actions yet.", icon=":material/info:")
for number, warning in checks:
    common.plain(f"Check action {number}: {warning}")

if not me.can("export"):
    st.stop()

generation = st.session_state.get("actions-forms", 0)
status_words = [STATUS_LABELS[s] for s in STATUSES]

st.header("Add an action")
with st.form(f"add-action-{generation}"):
    chosen = st.multiselect("Themes it answers", list(themes), format_func=themes.get)
    text = st.text_area("What was done, or will be done")
    owner = st.text_input("Who is responsible (a team or role)")
    status = st.selectbox("Status", status_words)
    due = st.date_input("Date done or due (leave empty if none)", value=None, format="DD/MM/YYYY")
    evidence = st.text_input("Evidence (a link or a note)")
    reason = st.text_input("Why not (when it is not being done)")
    if st.form_submit_button("Add the action", type="primary"):
        values = {"themes": chosen, "text": text, "owner": owner or None,
                  "status": STATUSES[status_words.index(status)], "due": due,
                  "evidence": evidence or None, "reason": reason or None}
        save(lambda s, ex: add_action(s, ex, actor=me.name, **values), "Action added.")

if actions:
    st.header("Change an action")
    by_id = {a.id: a for a in actions}
    picked = st.selectbox("Action", list(by_id),
                          format_func=lambda i: f"{i}: {by_id[i].text[:80]}")
    current = by_id[picked]
    with st.form(f"change-action-{generation}-{picked}"):
        status = st.selectbox("Status", status_words,
                              index=STATUSES.index(current.status))
        due = st.date_input("Date done or due", value=current.due, format="DD/MM/YYYY")
        evidence = st.text_input("Evidence", value=current.evidence or "")
        reason = st.text_input("Why not", value=current.reason or "")
        if st.form_submit_button("Save the change"):
            changes = {"status": STATUSES[status_words.index(status)], "due": due,
                       "evidence": evidence or None, "reason": reason or None}
            save(lambda s, ex: update_action(s, ex, picked, actor=me.name, **changes),
                 f"Action {picked} changed.")

st.header("Add actions from a spreadsheet")
st.caption("Columns: theme, text, owner, status, due, evidence, and optionally reason. A row "
           "whose text matches an action already here updates it.")
upload = st.file_uploader("Actions file (.csv or .xlsx)", type=["csv", "xlsx"],
                          key=f"actions-file-{generation}")
if upload is not None and st.button("Add these actions"):
    path = common.saved_upload(upload)
    try:
        with store.session() as s, s.begin():
            report = import_actions(s, store.exercise(s, name), path, actor=me.name)
    except ActionError as exc:
        st.error(common.error_text(exc), icon=":material/error:")
    else:
        st.success(f"{report.added} added, {report.updated} updated, {report.unchanged} "
                   f"unchanged, {len(report.problems)} not added.", icon=":material/check:")
        for problem in report.problems:
            common.plain(f"Row {problem['row']} not added: {problem['reason']}")
        for warning in report.warnings:
            common.plain(f"Row {warning['row']}, check: {warning['reason']}")
