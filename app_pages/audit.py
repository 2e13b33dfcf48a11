"""History of changes: every label, theme change and flag, with who, when, before and after.
Filter it and download it as a formula-safe CSV."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from sqlalchemy import select

from app_pages import common
from engage.audit import audit_frame
from engage.export import safe_frame
from engage.models import ThemeRecord
from engage.workflow import PERSONAL, SAFEGUARDING, concern_reason

ACTIONS = {
    "label": "Labelled a comment", "edit": "Changed a theme", "confirm": "Confirmed a theme",
    "merge": "Merged themes", "split": "Split a theme", "retire": "Stopped using a theme",
    "restore": "Used a theme again", "promote": "Made a topic a theme",
    "load": "Loaded a theme framework", "flag": "Raised a flag", "clear": "Cleared a flag",
    "redact": "Removed personal details", "assign": "Shared out comments for double-coding",
    "dismissed": "Set a topic aside", "kept": "Kept a topic", "reopen": "Looked at a topic again",
    "ingest": "Added a file of responses", "analyse": "Ran the computer's analysis",
}
# Where the same verb means different things for different kinds of record.
ACTIONS_ON = {
    ("add", "action"): "Added an action (“we did”)",
    ("update", "action"): "Changed an action (“we did”)",
    ("remove", "action"): "Removed an action (“we did”)",
    ("flag", SAFEGUARDING): "Raised a safeguarding concern",
    ("flag", PERSONAL): "Sent a comment back to remove personal details",
    ("clear", SAFEGUARDING): "Dealt with a safeguarding concern",
    ("clear", PERSONAL): "Closed a request to remove personal details",
    ("add", "account"): "Added an account",
    ("remove", "account"): "Removed an account",
    ("reset_password", "account"): "Set a new password",
    ("set_role", "account"): "Changed what an account may do",
    ("switch_off", "account"): "Stopped an account signing in",
    ("switch_on", "account"): "Let an account sign in again",
    ("note", "comment"): "Added a note about a comment",
}
# Who did it, for the names that are not people.
ACTORS = {"model": "the computer", "default": "the computer",
          "cli": "someone using the command line", "demo": "the demo set-up"}

WORDS = {"sentiment": "tone", "model": "computer suggested", "codings_moved": "labels moved",
         "suggestions_moved": "computer suggestions moved", "new_theme": "new theme",
         "active": "can sign in"}
# What the numbers in a change's details mean, by kind of change.
WORDS_FOR = {
    "analyse": {"comments": "comments looked at", "updated": "comments given new suggestions",
                "labelled": "comments labelled by people",
                "new safeguarding flags": "new safeguarding concerns",
                "not in English": "comments not in English"},
    "ingest": {"rows": "rows read", "ingested": "rows added",
               "duplicates": "already added before", "empty": "rows with nothing to add",
               "rejected": "rows that could not be read"},
    "merge": {"comments": "comments moved", "source": "theme", "target": "into"},
    "split": {"comments": "comments moved", "source": "theme", "new": "the new theme"},
    "assign": {"comments": "comments shared out"},
}


def who(actor: str) -> str:
    """Who made a change, in words ("the computer", "sam, on the command line")."""
    if actor.startswith("cli (") and actor.endswith(")"):
        return f"{actor[5:-1]}, on the command line"
    return ACTORS.get(actor, actor)


def what(action: str, entity: str) -> str:
    """A change in words: "Labelled a comment", "Added an action (“we did”)"."""
    return ACTIONS_ON.get((action, entity)) or ACTIONS.get(action) or (
        action.replace("_", " ").capitalize())


def readable(value: object, nested: bool = False, action: str = "",
             theme_names: dict[str, str] | None = None) -> str:
    """Before/after values in words: ``themes: Access to services, Crisis support; tone:
    negative`` (theme ids as their names, when ``theme_names`` has them)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    names = theme_names or {}
    if isinstance(value, dict):
        if value.get("note") and str(value["note"]).startswith("level: "):  # a computer's flag
            value = {**value, "note": concern_reason(str(value.get("category", "")),
                                                     str(value["note"]))}
        words = {**WORDS, **WORDS_FOR.get(action, {})}

        def shown(key: str, item: object) -> str:
            if key == "themes" and isinstance(item, list):
                return ", ".join(names.get(str(t), str(t)) for t in item)
            return readable(item, True, theme_names=names)

        text = "; ".join(f"{words.get(k, k.replace('_', ' '))}: {shown(k, v) or 'none'}"
                         for k, v in value.items() if k not in ("keywords", "version"))
        return f"({text})" if nested else text
    if isinstance(value, list):
        return ", ".join(readable(v, True, theme_names=names) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def which(entity: str, key: str, theme_names: dict[str, str]) -> str:
    """What a change was about, in words: "Comment R0056", "Theme: Crisis support"."""
    if entity == "theme":
        return f"Theme: {theme_names.get(key, key)}"
    if entity == "analysis":
        return f"Listening exercise: {key}"
    if entity == "file":
        return f"File: {key}"
    return {"comment": "Comment", "topic": "Topic", "action": "Action", "user": "Account",
            "account": "Account",
            "sample": "Sample", SAFEGUARDING: "Comment", PERSONAL: "Comment"}.get(
                entity, entity.capitalize()) + f" {key}"


def iso_times(when: pd.Series) -> list[str]:
    """Times as ISO 8601 to the second with their time zone: ``2026-09-01T10:15:30+00:00``."""
    return [t.isoformat(timespec="seconds") for t in when]


@st.cache_data(show_spinner=False, max_entries=4)
def history(url: str, name: str, version: tuple, _store) -> pd.DataFrame:  # noqa: ANN001
    with _store.session() as s:
        ex = _store.exercise(s, name)
        frame = audit_frame(s, ex)
        theme_names = dict(s.execute(select(ThemeRecord.theme_id, ThemeRecord.name)
                                     .where(ThemeRecord.exercise_id == ex.id)).all())
    frame["which"] = [which(e, str(k), theme_names)
                      for e, k in zip(frame["entity"], frame["entity_key"], strict=True)]
    frame["what"] = [what(a, e) for a, e in zip(frame["action"], frame["entity"], strict=True)]
    frame["by"] = frame["actor"].map(who)
    for column in ("before", "after"):
        frame[column] = [readable(v, action=a, theme_names=theme_names)
                         for v, a in zip(frame[column], frame["action"], strict=True)]
    return frame


common.me()
name = common.need_exercise()
store = common.store()
frame = history(store.url, name, common.version(name), store)

st.title("History of changes")
st.caption("Every decision is kept: who made it, when, and what it was before and after. The "
           "computer's original suggestion is kept with each label.")
c1, c2, c3 = st.columns(3)
actions = c1.multiselect("What", sorted(frame["what"].unique()))
people = c2.multiselect("Who", sorted(frame["by"].unique()))
search = c3.text_input("Comment or theme", help="Part of a comment number or theme name")
shown = frame
if actions:
    shown = shown[shown["what"].isin(actions)]
if people:
    shown = shown[shown["by"].isin(people)]
if search.strip():
    found = (shown["entity_key"].str.contains(search.strip(), case=False, regex=False)
             | shown["which"].str.contains(search.strip(), case=False, regex=False))
    shown = shown[found]
shown = shown.iloc[::-1]
table = shown[["at", "by", "what", "which", "before", "after"]].rename(
    columns={"at": "When", "by": "Who", "what": "What", "which": "Which",
             "before": "Before", "after": "After"})
when = pd.to_datetime(table["When"], utc=True)  # stored as UTC (SQLite keeps no zone)
st.write(f"{len(table)} of {len(frame)} changes, newest first.")
st.dataframe(table.assign(When=when.dt.strftime("%d %b %Y %H:%M")), hide_index=True)
# The file gives each time in full, to the second and with its time zone (ISO 8601).
csv = safe_frame(table.assign(When=iso_times(when))).to_csv(index=False).encode("utf-8-sig")
st.download_button("Download these changes (CSV)", csv, file_name="history-of-changes.csv",
                   mime="text/csv", icon=":material/download:", on_click="ignore")
