"""Overview: who we heard from, the themes, their tone, new topics and when people spoke."""

from __future__ import annotations

import streamlit as st

from app_pages import charts, common, summaries
from engage import workflow
from engage.frameworks import active_themes


@st.cache_data(show_spinner="Counting…", max_entries=8)
def load(url: str, name: str, version: tuple, _store) -> dict:  # noqa: ANN001
    """Every table the overview shows, recomputed only when the exercise changes."""
    with _store.session() as s:
        ex = _store.exercise(s, name)
        frame = workflow.overview_frame(s, ex)
        names = {t.theme_id: t.name for t in active_themes(s, ex)}
        topics = workflow.topics_frame(s, ex)
        flags = workflow.open_flags(s, ex, workflow.SAFEGUARDING)
    summary = _store.summary(name)
    who = summaries.who(frame)
    return {
        "names": names, "topics": topics, "flags": int(flags["comment_pk"].nunique()),
        "summary": summary, "who": who,
        "analysed": int(frame["theme_source"].ne("none").sum()) if "theme_source" in frame else 0,
        "gaps": summaries.gaps(who["group"], "Who") + summaries.gaps(who["locality"], "Where"),
        "sizes": summaries.theme_sizes(frame, names),
        "tone": summaries.tone_by_theme(frame, names),
        "by_group": summaries.themes_by(frame, names, "respondent_group", "Who",
                                        common.group_name),
        "by_locality": summaries.themes_by(frame, names, "locality", "Where"),
        "timeline": summaries.over_time(frame),
    }


common.me()
name = common.need_exercise()
store = common.store()
data = load(store.url, name, common.version(name), store)
names: dict[str, str] = data["names"]
summary = data["summary"]

st.title("What people told us")
st.caption(f"Listening exercise: {name}")
cols = st.columns(5)
cols[0].metric("Comments", summary["comments"])
cols[1].metric("Forms filled in", summary["respondents"])
cols[2].metric("Events", summary["events"])
cols[3].metric("Themes", len(names))
cols[4].metric("Safeguarding concerns", data["flags"],
               help="Comments with an open concern to follow up")
if not data["analysed"]:
    st.info("The computer has not looked for themes yet: the engagement team can run the "
            "analysis on the **Add responses** page.")

st.header("Who we heard from")
who = data["who"]
left, right = st.columns(2)
with left:
    charts.bars(who["group"], "Who", "Comments", title="Comments by who people are", key="group")
with right:
    charts.bars(who["source"], "How they told us", "Comments", title="Comments by how people "
                "told us", key="source")
charts.bars(who["locality"], "Where", "Comments", title="Comments by where people live",
            key="locality")
missing = data["gaps"]
if missing:
    st.warning("We heard little from: " + "; ".join(missing) + ". These voices may be missing.",
               icon=":material/hearing_disabled:")

st.header("Themes")
charts.bars(data["sizes"], "Theme", "Comments",
            title="How many comments are about each theme", key="themes")
st.subheader("Tone of comments in each theme")
charts.split_bars(data["tone"], "Theme", "Tone", "Comments",
                  title="Tone by theme", key="tone")
st.subheader("Themes by who people are")
st.dataframe(data["by_group"], hide_index=True)
st.subheader("Themes by where people live")
st.dataframe(data["by_locality"], hide_index=True)

st.header("New topics the computer noticed")
topics = data["topics"]
if topics.empty:
    st.info("No new topics yet (they are found when the analysis runs).")
else:
    st.caption("Groups of similar comments that may not fit the themes. Reviewers can make one "
               "a theme on the **Themes** page.")
    shown = topics.rename(columns={"label": "Topic", "size": "Comments", "keywords": "Key words",
                                   "status": "Status"})
    charts.bars(shown[["Topic", "Comments"]], "Topic", "Comments", title="Size of each new topic",
                key="topics")
    st.dataframe(shown[["Topic", "Comments", "Key words", "Status"]], hide_index=True)

st.header("When people told us")
timeline = data["timeline"]
if timeline.empty:
    st.info("The responses have no dates.")
else:
    charts.bars(timeline, "Month", "Comments", title="Comments by month", key="time",
                keep_order=True)
