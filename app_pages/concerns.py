"""Concerns to follow up: safeguarding flags (a person clears each one, saying what was done)
and comments waiting for missed personal details to be removed."""

from __future__ import annotations

import streamlit as st

from app_pages import common
from engage import workflow

account = common.require("safeguarding")
name = common.need_exercise()
store = common.store()
with store.session() as s:
    ex = store.exercise(s, name)
    concerns = workflow.open_flags(s, ex, workflow.SAFEGUARDING)
    waiting = workflow.open_flags(s, ex, workflow.PERSONAL)

st.title("Concerns to follow up")
st.header(f"Safeguarding ({concerns['comment_pk'].nunique()} comments)")
st.caption("The computer or a reviewer thought these people may be at risk now. Follow your "
           "safeguarding policy, then record what was done. Flags are never cleared "
           "automatically.")
if concerns.empty:
    st.success("No open safeguarding concerns.", icon=":material/task_alt:")
# One card per comment, the most urgent first (a person's concern, or one that may be
# happening now); each card is a heading, and its controls say which comment they are for.
for _, flags in concerns.groupby("comment_pk", sort=False):
    first = flags.iloc[0]
    with st.container(border=True):
        who = sorted({"the computer" if r == "model" else r for r in flags["raised_by"]})
        urgency = workflow.URGENCY_WORDS[int(flags["urgency"].min())]
        st.subheader(f"Comment {common.md(first.comment_id)}: {urgency}")
        common.plain(f"Raised by {' and '.join(who)} on {first.raised_at:%d %B %Y}")
        common.quote(first.text)
        for row in flags.itertuples():
            common.plain(workflow.concern_reason(row.category, row.note))
            if row.sentence and row.sentence != row.text:
                common.plain(f"The words that raised it: {row.sentence}")
        with st.form(f"clear-{first.comment_pk}"):
            done = st.text_input(f"What was done? (comment {common.md(first.comment_id)})",
                                 placeholder="e.g. passed to the duty team")
            if st.form_submit_button(f"Mark comment {common.md(first.comment_id)} as dealt with"):
                ids = [int(f) for f in flags["flag_id"]]
                if common.write(lambda s, ex, ids=ids, d=done: [
                        workflow.clear_flag(s, f, account.name, d) for f in ids],
                        "Recorded as dealt with."):
                    st.rerun()

st.header(f"Waiting for personal details to be removed ({len(waiting)})")
if not account.can("redact"):
    st.caption("The engagement team removes the details; reviewers see these comments again "
               "afterwards.")
    st.stop()
st.caption("Reviewers said these comments still contain personal details. Type the words to "
           "hide exactly as they appear; they are replaced with [REDACTED]. Reviewers cannot see "
           "these comments until you do.")
if waiting.empty:
    st.success("Nothing waiting.", icon=":material/task_alt:")
with store.session() as s:
    ex = store.exercise(s, name)
    texts = {row.comment_id: workflow.comment_by_pk(s, ex, row.comment_pk).text
             for row in waiting.itertuples()}
for row in waiting.itertuples():
    with st.container(border=True):
        st.markdown(f"**Comment {common.md(row.comment_id)}** · reported by "
                    f"{common.md(row.raised_by)}")
        if row.note:
            common.plain(f"Note: {row.note}")
        common.quote(texts[row.comment_id])
        with st.form(f"redact-{row.flag_id}"):
            words = st.text_area("Words to hide (one per line)")
            b1, b2 = st.columns(2)
            hide = b1.form_submit_button("Hide these words", type="primary")
            fine = b2.form_submit_button("Nothing personal here: show it again")
        if hide and common.write(lambda s, ex, pk=row.comment_pk, w=words: workflow.reredact(
                s, workflow.comment_by_pk(s, ex, pk), account.name, phrases=w.splitlines()),
                "Details hidden; the comment is back in the review queue."):
            st.rerun()
        if fine and common.write(lambda s, ex, f=row.flag_id: workflow.clear_flag(
                s, f, account.name, "checked: no personal details"), "Comment shown again."):
            st.rerun()
