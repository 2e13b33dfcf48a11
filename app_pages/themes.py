"""The theme board: every theme with its evidence; reviewers confirm, rename, merge, split,
retire, and turn new topics into themes. Changes are versioned: if someone else changed a theme
first, your change is refused and you see theirs."""

from __future__ import annotations

import html

import streamlit as st

from app_pages import common
from engage import workflow
from engage.frameworks import load_into, preview_load
from themes.framework import FrameworkError, bundled_frameworks, load_framework


@st.cache_data(show_spinner="Gathering the evidence…", max_entries=8)
def board(url: str, name: str, version: tuple, _store) -> tuple[list, object]:  # noqa: ANN001
    with _store.session() as s, s.begin():
        ex = _store.exercise(s, name)
        return workflow.theme_board(s, ex), workflow.topics_frame(s, ex, order="new")


@st.cache_data(show_spinner=False, max_entries=8)
def members(url: str, name: str, version: tuple, theme: str, _store) -> object:  # noqa: ANN001
    with _store.session() as s:
        return workflow.theme_members(s, _store.exercise(s, name), theme, limit=500)


def tone_words(split: dict[str, int]) -> str:
    parts = [f"{split[k]} {common.tone_name(k).lower()}" for k in
             ("negative", "neutral", "positive", "not known") if split.get(k)]
    return "Tone: " + (", ".join(parts) if parts else "none yet")


def typed(key: str, current: str) -> str:
    """Start a text field (``key``) at ``current``, the theme as it is now, unless the person has
    typed in it: what they typed stays, even when a colleague changed the theme meanwhile (the
    field has a key of its own and no default, so a new default cannot rebuild it empty of
    their words). Returns what the field showed before this run (what the person saw)."""
    seen_key = f"{key}-seen"
    seen = st.session_state.get(seen_key, current)
    if key not in st.session_state or st.session_state[key] == seen:
        st.session_state[key] = current  # untouched: follow the theme as it is now
    st.session_state[seen_key] = current
    return seen


def show(card: workflow.ThemeCard, can_edit: bool, who: str) -> None:
    """One theme's card; edits carry the version the person was looking at."""
    with st.container(border=True):
        st.html(f"<h3>{html.escape(card.name)}</h3>")
        common.plain(card.description or "No description yet.")
        common.plain(f"{card.size} comments: {card.human} decided by people, {card.model} "
                     "suggested by the computer.\n" + tone_words(card.sentiment))
        if card.key_phrases:
            common.plain("Key words: " + ", ".join(card.key_phrases))
        if card.confirmed_by:
            st.caption(f"✔ Confirmed by {common.md(card.confirmed_by)} on "
                       f"{card.confirmed_at:%d %B %Y}")
        else:
            st.caption("Not yet confirmed by the group.")
        if card.quotes:
            st.markdown("**What people said**")
            for _, text in card.quotes:
                common.quote(text, limit=400)
        if not can_edit:
            return
        with st.expander("Change this theme", icon=":material/edit:"), st.form(
            f"edit-{card.theme_id}"
        ):
            name_key, description_key = f"name-{card.theme_id}", f"description-{card.theme_id}"
            name_seen = typed(name_key, card.name)
            description_seen = typed(description_key, card.description or "")
            new_name = st.text_input("Name", key=name_key)
            description = st.text_area("Description", key=description_key)
            b1, b2, b3 = st.columns(3)
            save = b1.form_submit_button("Save changes", type="primary")
            confirm = b2.form_submit_button("Confirm this theme is right")
            retire = b3.form_submit_button("Stop using this theme")
            sure = st.checkbox(
                f"To stop using it: I understand the computer will stop suggesting it for its "
                f"{card.size} comments ({card.human} decided by people keep it for the record; "
                "it can be brought back under Merge or split themes)",
                key=f"retire-sure-{card.theme_id}-{card.version}")
        v = common.seen_version(card.theme_id, card.version)
        if save:
            # An empty description of a theme that has none is no change.
            described = description if description or card.description is not None else None
            if common.write(lambda s, ex: workflow.edit_theme(
                    s, ex, card.theme_id, who, expected_version=v, name=new_name,
                    description=described), "Theme saved."):
                st.rerun()
            # Refused (someone changed it meanwhile): what this person typed stays in the
            # fields, and is shown here to copy (what they changed; both if they changed neither).
            mine = [f"Name: {new_name}"] if new_name != name_seen else []
            mine += [f"Description: {description}"] if description != description_seen else []
            common.plain("What you typed (not saved):\n" + "\n".join(
                mine or [f"Name: {new_name}", f"Description: {description}"]))
        if confirm and common.write(lambda s, ex: workflow.confirm_theme(
                s, ex, card.theme_id, who, expected_version=v), "Theme confirmed."):
            st.rerun()
        if retire and not sure:
            st.warning("Tick the box under the buttons to confirm, then press "
                       "'Stop using this theme' again.")
        elif retire and common.write(lambda s, ex: workflow.retire_theme(
                s, ex, card.theme_id, who, expected_version=v), "Theme retired."):
            st.rerun()


account = common.me()
can_edit = account.can("themes")
name = common.need_exercise()
store = common.store()
version = common.version(name)
cards, topics = board(store.url, name, version, store)
by_id = {c.theme_id: c for c in cards}
label = {c.theme_id: c.name for c in cards}


def merge_section() -> None:
    st.header("Merge two themes")
    seen = {t: common.seen_version(f"merge-{t}", c.version) for t, c in by_id.items()}
    with st.form("merge"):
        ids = list(label)
        source = st.selectbox("Move every comment from this theme…", ids, format_func=label.get)
        target = st.selectbox("…into this theme", ids, index=1, format_func=label.get)
        sure = st.checkbox(  # a new box (unticked) after every merge
            "I understand the first theme will stop being used", key=f"merge-sure-{len(label)}"
        )
        merge = st.form_submit_button("Merge themes", type="primary")
    if not merge:
        return
    if not sure:
        st.warning("Tick the box to confirm the merge first.")
    elif common.write(lambda s, ex: workflow.merge_themes(
            s, ex, source, target, account.name,
            expected_versions={source: seen[source], target: seen[target]}),
            f"Merged {label[source]} into {label[target]}."):
        st.rerun()


def split_section() -> None:
    st.header("Split a theme")
    theme = st.selectbox("Theme to split", list(label), format_func=label.get, key="split-theme",
                         index=None, placeholder="Choose a theme")
    if theme is None:
        return
    seen = common.seen_version(f"split-{theme}", by_id[theme].version)
    table = members(store.url, name, version, theme, store)
    with st.form("split"):
        choices = {int(r.pk): f"{r.comment_id}: {r.text[:90]}" for r in table.itertuples()}
        picked = st.multiselect(
            "Comments to move to the new theme", list(choices), format_func=choices.get
        )
        new_name = st.text_input("Name of the new theme")
        description = st.text_area("What the new theme is about")
        split = st.form_submit_button("Split into a new theme", type="primary")
    if split and common.write(lambda s, ex: workflow.split_theme(
            s, ex, theme, picked, account.name, new_name=new_name, description=description,
            expected_version=seen), "New theme made."):
        st.rerun()


def restore_section() -> None:
    with store.session() as s:
        retired = workflow.retired_themes(s, store.exercise(s, name))
    if not retired:
        return
    st.header("Themes no longer used")
    with st.form("restore"):
        theme = st.selectbox("Theme", list(retired), format_func=retired.get)
        restore = st.form_submit_button("Use this theme again")
    if restore and common.write(lambda s, ex: workflow.restore_theme(s, ex, theme, account.name),
                                f"{retired[theme]} is used again; the computer suggests it from "
                                "the next analysis."):
        st.rerun()


def topics_section() -> None:
    st.header("New topics the computer noticed")
    st.caption("Groups of similar comments found without using the themes, those least like any "
               "one theme first (groups of general remarks like \"All good\" last). If one "
               "matters, make it a theme: the computer will look for it from the next analysis "
               "on.")
    fresh = topics[topics["status"].isin(["new", "kept"])] if not topics.empty else topics
    if fresh.empty:
        st.info("No new topics waiting.")
    for row in fresh.itertuples():
        with st.container(border=True):
            common.plain(f"{row.label} ({row.size} comments). Key words: {row.keywords}")
            if isinstance(row.main_theme, str):
                st.caption(f"{row.main_share:.0%} of these comments are in the theme "
                           f"{common.md(row.main_theme)}.")
            else:
                st.caption("None of these comments is in a theme yet.")
            if row.general_share >= 0.5:
                st.caption(f"{row.general_share:.0%} of these comments say how things were "
                           "without saying what about (like \"All good\" or \"Nothing to "
                           "add\"), so this is probably not a new subject.")
            for text in row.examples[:2]:
                common.quote(text, limit=400)
            if not can_edit:
                continue
            with st.form(f"topic-{row.topic_id}"):
                theme_name = st.text_input("Name for the theme", row.label.split(",")[0].title())
                b1, b2 = st.columns(2)
                promote = b1.form_submit_button("Make this a theme", type="primary")
                dismiss = b2.form_submit_button("Not needed")
            if promote and common.write(lambda s, ex, t=row.topic_id, n=theme_name:
                                        workflow.promote_topic(s, ex, t, account.name, name=n),
                                        "Topic added as a theme."):
                st.rerun()
            if dismiss and common.write(lambda s, ex, t=row.topic_id: workflow.set_topic_status(
                    s, ex, t, "dismissed", account.name), "Topic set aside."):
                st.rerun()


def framework_section() -> None:
    st.header("Use another framework")
    st.caption("A framework is the list of themes comments are sorted into. Themes that are not "
               "in the new one stop being used (they stay in the history, nothing is deleted); "
               "the computer suggests the new themes from the next analysis.")
    own = st.radio("Where the framework comes from",
                   ["One that comes with the tool", "A file of your own"], horizontal=True,
                   key="framework-source") == "A file of your own"
    framework = None
    try:
        if own:
            upload = st.file_uploader(
                "Framework file: YAML, or a spreadsheet (.xlsx or .csv) with one row per theme "
                "and columns name and description (keywords and examples if you have them)",
                type=["yaml", "yml", "xlsx", "csv"], key="framework-file")
            if upload is not None:
                framework = load_framework(common.saved_upload(upload))
        else:
            bundled = {f.name: f for f in map(load_framework, bundled_frameworks().values())}
            picked = st.selectbox("Framework", list(bundled), key="framework-bundled")
            framework = bundled.get(picked)
    except FrameworkError as exc:
        st.error(common.error_text(exc), icon=":material/error:")
    if framework is None:
        return
    common.plain(f"{framework.name}: " + "; ".join(t.name for t in framework.themes) + ".")
    with store.session() as s:
        change = preview_load(s, store.exercise(s, name), framework)
    if change.nothing:
        st.info("This is the framework in use now, as it stands: nothing would change.")
        return
    if change.retired:
        common.plain("These themes would stop being used: " + "; ".join(change.retired) + ".")
    if change.added:
        common.plain("New themes: " + "; ".join(change.added) + ".")
    if change.reverted:
        common.plain("Names people changed would go back to the framework's: " + "; ".join(
            f"{now} → {after}" for now, after in change.reverted) + ".")
    if change.redescribed:
        common.plain("Descriptions would change for: " + "; ".join(change.redescribed) + ".")
    with st.form("framework"):
        sure = st.checkbox("I understand the changes listed above")
        use = st.form_submit_button("Use this framework", type="primary")
    if use and not sure:
        st.warning("Tick the box to say you understand, then press the button again.")
    elif use and common.write(lambda s, ex: load_into(s, ex, framework, actor=account.name),
                              f"Now using {framework.name}."):
        st.rerun()


st.title("Themes")
st.caption("A theme is something many people raised. For each one you can see how many comments "
           "it has, their tone, the words that come up, and what people said.")
waiting = int((topics["status"] == "new").sum()) if not topics.empty else 0
can_switch = account.can("frameworks")
# The tab in use stays open after a button in it is pressed (its message shows there).
board_tab, change_tab, topics_tab, *framework_tab = st.tabs(
    ["All themes", "Merge or split themes", f"New topics ({waiting})"]
    + (["Framework"] if can_switch else []),
    key="themes-tab", on_change="rerun",
)
with board_tab:
    for card in cards:
        show(card, can_edit, account.name)
with change_tab:
    if not can_edit:
        st.info("Reviewers and administrators can merge and split themes.")
    elif len(cards) < 2:
        st.info("There is only one theme.")
    else:
        merge_section()
        split_section()
    if can_edit:
        restore_section()
with topics_tab:
    topics_section()
if can_switch:
    with framework_tab[0]:
        framework_section()
