"""Agreement: how often people agree with each other (double-coding, kappa) and how often the
computer's suggestions match people's decisions, for the whole group to see."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages import common
from engage import users, workflow
from engage.frameworks import active_themes


def kappa_words(k: float) -> str:
    if k != k:  # NaN
        return "not enough variety to tell"
    return ("very strong" if k >= 0.8 else "good" if k >= 0.6 else "moderate" if k >= 0.4
            else "weak")


def pct(x: float) -> str:
    return "–" if x != x else f"{x:.0%}"


def with_range(value: float, ci: tuple[float, float], known: bool) -> str:
    """``67% (likely 21–94%)``, or a dash when there is nothing to measure."""
    if not known:
        return "–"
    lo, hi = ci
    return pct(value) if math.isnan(lo) else f"{value:.0%} (likely {lo:.0%}–{hi:.0%})"


@st.cache_data(show_spinner="Comparing…", max_entries=8)
def model_table(url: str, name: str, version: tuple, _store) -> tuple:  # noqa: ANN001
    with _store.session() as s, s.begin():
        ex = _store.exercise(s, name)
        result = workflow.model_vs_human(s, ex, n_boot=300)
        names = {t.theme_id: t.name for t in active_themes(s, ex)}
    if result is None:
        return None, None
    rows = [
        {
            "Theme": names.get(t, t),
            "People chose it": m["support"],
            "Computer suggested it": m["predicted"],
            "When the computer suggested it, people agreed": with_range(
                m["precision"], m["precision_ci"], m["predicted"] > 0
            ),
            "Of people's choices, the computer found": with_range(
                m["recall"], m["recall_ci"], m["support"] > 0
            ),
            "Overall match": with_range(m["f1"], m["f1_ci"], m["tp"] + m["fp"] + m["fn"] > 0),
        }
        for t, m in result["themes"].items()
    ]
    return pd.DataFrame(rows), result


account = common.me()
name = common.need_exercise()
store = common.store()
version = common.version(name)

st.title("Agreement")
st.header("Does the computer agree with people?")
st.caption("For each comment someone labelled, we compare their decision with what the computer "
           "suggested before they looked. “Likely” gives the range the true figure probably lies "
           "in, given how few comments we have (95% confidence interval). A dash means there is "
           "nothing to compare yet.")
table, result = model_table(store.url, name, version, store)
if table is None:
    st.info("Nobody has labelled any comments yet.")
else:
    c1, c2 = st.columns(2)
    c1.metric("Comments compared", result["compared"])
    c2.metric("Overall match across themes", pct(result["micro"]["f1"]),
              help="How far the computer's themes and people's themes are the same, from 0% "
                   "(never) to 100% (always): every theme people chose that the computer missed, "
                   "and every theme it suggested that people did not choose, lowers it. "
                   "Statisticians call this the micro F1 score.")
    st.dataframe(table, hide_index=True)

st.header("Comments reviewers coded differently")
with store.session() as s:
    disputed = workflow.disputed_comments(s, store.exercise(s, name))
if disputed.empty:
    st.caption("None: wherever two or more people coded the same comment, most of them agreed.")
else:
    st.caption("Two reviewers coded these comments differently. Until you agree, each counts "
               "only with the themes you both gave, and the computer does not learn from it. "
               "Talk about them, then one of you changes their coding, or a third person codes "
               "the comment (the themes most people gave then count).")
    st.dataframe(disputed.rename(columns={
        "comment_id": "Comment", "text": "What they said", "codings": "Who chose what"}),
        hide_index=True)

st.header("Do reviewers agree with each other?")
st.caption("Two or more reviewers label the same comments without seeing each other's choices. "
           "The agreement score (kappa) is 1 when they always agree and 0 when they agree no "
           "more than chance.")
with store.session() as s:
    ex = store.exercise(s, name)
    existing = workflow.samples(s, ex)
    people = [a.name for a in users.list_users(s) if a.active and a.can("review")]
if account.can("samples"):
    with st.form("sample"):
        st.subheader("Choose comments for double-coding")
        reviewers = st.multiselect("Reviewers (two or more)", people)
        size = st.number_input("How many comments", min_value=1, max_value=500, value=20)
        label = st.text_input("Name for this sample", f"sample {len(existing) + 1}")
        if st.form_submit_button("Share out the comments", type="primary") and common.write(
            lambda s, ex: workflow.assign_sample(s, ex, reviewers, int(size), account.name,
                                                 name=label),
            "The comments are at the top of each reviewer's queue.",
        ):
            st.rerun()
if not existing:
    st.info("No double-coding samples yet.")
for sample in reversed(existing):
    with store.session() as s:
        report = workflow.agreement(s, store.exercise(s, name), sample.name)
    with st.container(border=True):
        st.subheader(sample.name)
        st.caption(f"{len(sample.comment_ids)} comments for {', '.join(sample.reviewers)}, "
                   f"chosen by {sample.created_by} on {sample.created_at:%d %B %Y}.")
        waiting = {r: n for r, n in report.left.items() if n}
        if waiting:
            st.write("Still to do: " + ", ".join(f"{common.md(r)} {n}" for r, n in
                                                 waiting.items()))
        if not report.complete:
            st.info("Scores appear once every reviewer has labelled a comment.")
            continue
        scores = report.themes.assign(
            score=report.themes["kappa"].map(lambda k: "–" if k != k else f"{k:.2f}"),
            meaning=report.themes["kappa"].map(kappa_words),
            agreed=report.themes["agreement"].map(pct),
        )[["theme_name", "method", "score", "meaning", "agreed", "said_yes"]]
        st.dataframe(scores.rename(columns={
            "theme_name": "Theme", "method": "Score used", "score": "Agreement score",
            "meaning": "What it means", "agreed": "Comments where all agreed",
            "said_yes": "Times a reviewer chose it"}), hide_index=True)
        st.markdown(f"**Comments to talk about at the meeting** ({len(report.disagreements)})")
        st.dataframe(report.disagreements.rename(columns={
            "comment_id": "Comment", "text": "What they said", "about": "Disagreed about",
            "said_yes": "Said yes", "said_no": "Said no"}), hide_index=True)
