"""Review comments one at a time: check the computer's suggestion, correct it, flag problems."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.retrain import retrainer
from engage import workflow
from engage.frameworks import active_themes
from engage.labels import SENTIMENTS, LabelError, import_labels
from engage.labelsheet import labelling_sheet
from surveys.records import InputFileError

ANY = "Any"
SHORTCUTS = "Alt+S save · Alt+A accept the suggestion · Alt+N no theme fits · Alt+K skip"
NOTHING_TO_ACCEPT = ("No suggestion is sure enough to accept: tick the themes that fit yourself, "
                     "then press Save and next (or No theme fits).")


def coding_words(themes: list[str], sentiment: str | None, names: dict[str, str]) -> str:
    """A coding in words: "no theme", "Access to services, Crisis support; tone: negative"."""
    words = ", ".join(names.get(t, t) for t in themes) or "no theme"
    return words + (f"; tone: {common.tone_name(sentiment).lower()}" if sentiment else "")


def colleagues_words(others: list, themes: list[str], sentiment: str | None,
                     names: dict[str, str]) -> str:
    """What to tell a reviewer whose decision was saved after colleagues coded the same
    comment while it was on their screen."""
    if not others:
        return ""
    when = max(o.at for o in others)
    minutes = int((datetime.now(UTC) - when).total_seconds() // 60)
    ago = "a moment ago" if minutes < 2 else f"{minutes} minutes ago"
    differ = any(not o.same_as(themes, sentiment) for o in others)
    kept = "Both codings are kept" if len(others) == 1 else "All the codings are kept"
    then = (f"{kept}; where you differ, it is marked as not agreed and the computer does not "
            "learn from it until you agree or someone else codes it." if differ
            else f"You chose the same. {kept}.")
    if len(others) == 1:
        (o,) = others
        return (f" {o.reviewer} also coded this comment {ago} "
                f"({coding_words(o.themes, o.sentiment, names)}). {then}")
    who = ", ".join(f"{o.reviewer} ({coding_words(o.themes, o.sentiment, names)})"
                    for o in others[:-1])
    last = others[-1]
    who += f" and {last.reviewer} ({coding_words(last.themes, last.sentiment, names)})"
    return f" {who} also coded this comment while you had it on screen. {then}"


@st.cache_data(show_spinner=False, max_entries=4)
def ranking(url: str, name: str, analysed: tuple, _store) -> list[int]:  # noqa: ANN001
    """Typical comments of what reviewers have not covered, then the most informative
    alternating with random ones; recomputed only after a new analysis."""
    with _store.session() as s:
        return workflow.rank_informative(s, _store.exercise(s, name))


@st.cache_data(show_spinner=False, max_entries=8)
def choices(url: str, name: str, version: tuple, _store) -> tuple[dict, dict]:  # noqa: ANN001
    """Filter options and theme names."""
    with _store.session() as s, s.begin():
        ex = _store.exercise(s, name)
        names = {t.theme_id: t.name for t in active_themes(s, ex)}
        return workflow.filter_options(s, ex), names


def pick(label: str, values: list[str], key: str, namer=str) -> str | None:  # noqa: ANN001
    chosen = st.selectbox(label, [ANY, *values], key=key,
                          format_func=lambda v: v if v == ANY else namer(v))
    return None if chosen == ANY else chosen


account = common.require("review")
name = common.need_exercise()
store = common.store()
options, names = choices(store.url, name, common.version(name), store)
passed: list[int] = st.session_state.setdefault("passed", [])

st.title("Review comments")
st.caption("Read each comment, check the themes the computer suggests, and correct them. "
           f"Keyboard: {SHORTCUTS}.")
with st.expander("Choose which comments to see", icon=":material/filter_list:"):
    c1, c2, c3 = st.columns(3)
    with c1:
        theme = pick("Theme", options["theme"], "f-theme", lambda t: names.get(t, t))
        group = pick("Who", options["group"], "f-group", common.group_name)
    with c2:
        locality = pick("Where", options["locality"], "f-locality")
        source = pick("How they told us", options["source"], "f-source", common.source_name)
    with c3:
        tone = pick("Tone (as the computer read it)", options["sentiment"], "f-tone",
                    common.tone_name)
        flag = pick("Flags", options["flag"], "f-flag", lambda f: {
            "safeguarding": "Safeguarding concern", "personal-details": "Waiting for redaction",
            "any": "Any flag", "none": "No flags"}[f])
    search = st.text_input("Words in the comment", key="f-search")
    include_done = st.checkbox("Also show comments that have been labelled", key="f-done")
    order = st.radio("Order", ["informative", "oldest"], horizontal=True, key="f-order",
                     format_func=lambda o: {"informative": "Most useful for the computer to "
                                            "learn from first", "oldest": "Oldest first"}[o])
    if passed and st.button("Show the comments I skipped again"):
        passed.clear()
        st.rerun()

with st.expander("Code in a spreadsheet instead", icon=":material/table:"):
    st.caption("Download the next comments with a column for each theme. Put 1 or x under each "
               "theme that applies (0 under one if none does), then upload the sheet here: it "
               "counts as your coding. Rows you leave empty stay to do.")
    count = st.number_input("How many comments", 10, 500, 50, step=10, key="sheet-count")
    if st.button("Prepare a coding sheet", icon=":material/table:"):
        with store.session() as s:
            sheet = labelling_sheet(s, store.exercise(s, name), account.name, n=int(count))
        st.session_state["coding-sheet"] = common.table_bytes(sheet, ".xlsx")
    if st.session_state.get("coding-sheet"):
        st.download_button("Download the coding sheet (Excel)", st.session_state["coding-sheet"],
                           file_name="coding-sheet.xlsx", icon=":material/download:",
                           on_click="ignore")
    coded = st.file_uploader("Upload a coded sheet", type=["xlsx", "csv"], key="sheet-upload")
    if coded is not None and st.button("Add my coding from the sheet", type="primary"):
        try:
            with store.session() as s, s.begin():
                result = import_labels(s, store.exercise(s, name), common.saved_upload(coded),
                                       account.name)
        except (LabelError, InputFileError) as exc:
            st.error(common.error_text(exc), icon=":material/error:")
        else:
            common.plain(f"{result.comments} comments coded ({result.codings_added} new or "
                         f"changed), {result.not_coded} rows left to do, "
                         f"{len(result.problems)} problems.")
            if result.problems:
                st.dataframe(pd.DataFrame(result.problems), hide_index=True)
            if result.codings_added:
                retrainer(store.url, common.embedder_kind(), store).poke(name, actor=account.name)

filters = workflow.QueueFilter(theme=theme, group=group, locality=locality, source=source,
                               sentiment=tone, flag=flag, search=search,
                               include_done=include_done)
with store.session() as s:
    ex = store.exercise(s, name)
    analysed = workflow.analysis_version(s, ex)
    order_by = ranking(store.url, name, analysed, store) if order == "informative" else None
    page = workflow.review_queue(s, ex, account.name, filters, limit=len(passed) + 1,
                                 order=order, ranking=order_by)
    # The comment on screen stays there until this reviewer acts on it, even if the order
    # changed meanwhile (a retrain) or a colleague labelled it: a click on its buttons then
    # still finds its form, and is saved (each reviewer's coding is kept).
    pin_key = (name, repr(filters), order)
    pinned = st.session_state.get("review-pinned")
    shown = None
    if pinned and pinned[0] == pin_key and pinned[1] not in passed:
        shown = next((i for i in page.items if i.pk == pinned[1]), None)
        if shown is None:
            shown = next(iter(workflow.review_items(s, ex, [pinned[1]], account.name)), None)
            if shown is not None and shown.hidden:
                shown = None
items = [i for i in page.items if i.pk not in passed]
if shown is not None:
    items = [shown, *(i for i in items if i.pk != shown.pk)]
learner = retrainer(store.url, common.embedder_kind(), store)
if learner.running(name):
    st.caption("The computer is learning from the latest labels; suggestions will update soon.")
elif learner.status.get(name):
    st.caption(learner.status[name])

if not items:
    if decided := st.session_state.pop("review-decided", None):
        common.status(decided)
    st.success("Nothing left to review with these choices. Thank you!",
               icon=":material/task_alt:")
    st.stop()
item = items[0]
# When this page first showed the comment: a colleague's coding saved after it is worth a word.
shown_at = (pinned[2] if pinned and pinned[:2] == (pin_key, item.pk) and len(pinned) > 2
            else datetime.now(UTC))
st.session_state["review-pinned"] = (pin_key, item.pk, shown_at)
plural = "s" if page.total != 1 else ""
matches = "matches" if page.total == 1 else "match"
st.subheader(f"{page.total} comment{plural} {matches} your choices" if include_done
             else f"{page.total} comment{plural} to review")
if page.assigned_left:
    st.info(f"{page.assigned_left} of these are in an agreement sample for you. Please decide on "
            "your own: nobody sees what others chose until the meeting.",
            icon=":material/handshake:")

context = [common.source_name(item.source), common.group_name(item.group)]
context += [v for v in (item.locality, item.event) if v]
common.plain(" · ".join(context) + (f"\nQuestion: {item.question}" if item.question else ""))
for concern in item.safeguarding:
    who = "the computer" if concern.raised_by == "model" else common.md(concern.raised_by)
    # Nobody is sent a message: the concern waits on the engagement team's list.
    where = ("it is on **Concerns to follow up**, for you to follow up" if account.can(
        "safeguarding") else "it is on the engagement team's list of concerns, which they check; "
        "nobody is sent a message, so if someone may be at risk now, tell the engagement lead "
        "today")
    st.error(f"Safeguarding concern raised by {who}. Follow your safeguarding policy: {where}.",
             icon=":material/warning:")
    # What raised it, so the reviewer can judge it (the comment itself is shown below).
    common.plain(workflow.concern_reason(concern.category, concern.note)
                 + (f"\nThe words that raised it: {concern.sentence}"
                    if concern.sentence and concern.sentence != item.text else ""))
common.quote(item.text, hidden=item.hidden, anchor=item.comment_id)
st.caption(f"Comment number: {item.comment_id}")
if decided := st.session_state.pop("review-decided", None):
    common.focus_on_comment(f"{decided} Next: "
                            + common.full_stop(f"comment {item.comment_id}"), item.comment_id)
if item.hidden:
    st.info("This comment is hidden until the engagement team removes the personal details.")
    if st.button("Next comment", shortcut="Alt+K"):
        passed.append(item.pk)
        moved = f"Moved past comment {item.comment_id}"
        st.session_state["review-decided"] = common.full_stop(moved)
        st.rerun()
    st.stop()

st.subheader("What the computer suggests")
if item.suggested:
    for t in sorted(item.suggested, key=lambda t: -item.confidence.get(t, 0)):  # surest first
        words = item.reasons.get(t) or []
        because = f" Words that led to this: {', '.join(words)}." if words else ""
        sure = item.confidence.get(t, 0)
        unticked = "" if sure >= common.FAIRLY_SURE else " Not ticked for you: tick it if it fits."
        common.plain(f"• {names.get(t, t)}: {common.sure_words(sure)}.{because}{unticked}")
else:
    common.plain("The computer did not find a theme for this comment.")
common.plain(f"Tone: {common.tone_name(item.model_sentiment)}")

# Only what the computer is fairly sure of starts ticked, and only that is what "Accept" saves, so
# no button quietly agrees with a guess; the reviewer's own earlier choice is shown as they left it.
# The tone starts unchosen (the computer's guess is shown beside it, as words): a button pressed
# without choosing one saves no tone.
confident = item.confident(common.FAIRLY_SURE)
start = item.my_themes if item.my_themes is not None else confident
mood = item.start_sentiment
with st.form(f"decide-{item.pk}", border=True):
    st.markdown("**Which themes is this comment about?** Tick all that fit.")
    ticks = {t: st.checkbox(common.md(label), value=t in start, key=f"t-{item.pk}-{t}")
             for t, label in names.items()}
    tone_choice = st.radio("Tone", list(SENTIMENTS), format_func=common.tone_name,
                           index=SENTIMENTS.index(mood) if mood in SENTIMENTS else None,
                           horizontal=True, key=f"tone-{item.pk}")
    guess = common.tone_name(item.model_sentiment).lower() if item.model_sentiment else None
    common.plain(f"The computer guessed: {guess}. Choose a tone only if you are sure; left "
                 "unchosen, none is saved." if guess else
                 "The computer made no guess at the tone. Left unchosen, none is saved.")
    # A text area, so Enter starts a new line instead of saving the decision half-written.
    note = st.text_area("Why? A note for the group (optional, kept in the history)",
                        key=f"note-{item.pk}", max_chars=workflow.MAX_NOTE, height=68)
    b1, b2, b3 = st.columns(3)
    save = b1.form_submit_button("Save and next", type="primary", shortcut="Alt+S",
                                 icon=":material/check:")
    # Always pressable (a disabled button ignores its shortcut without a word): with nothing
    # the computer is sure of, it says so instead of saving.
    accept = b2.form_submit_button(
        "Accept the suggestion", shortcut="Alt+A", icon=":material/done_all:",
        help="Saves the themes the computer is fairly or very sure of (your own ticks are not "
        "used: to change them, use Save and next)" if confident else
        "Nothing to accept: the computer is not sure enough of any theme for this comment")
    none = b3.form_submit_button("No theme fits", shortcut="Alt+N", icon=":material/block:")
action = "accept" if accept else "none" if none else "save" if save else None
decision = item.decision(action, [t for t, on in ticks.items() if on], tone_choice,
                         sure=common.FAIRLY_SURE) if action else None
if action and decision is None:
    common.status(NOTHING_TO_ACCEPT)
elif decision is not None:
    chosen, tone_chosen = decision
    heard: list = []

    def decide(s, ex):  # noqa: ANN001, ANN202
        c = workflow.comment_by_pk(s, ex, item.pk)
        coding = workflow.code_comment(s, ex, c, account.name, chosen, tone_chosen, note=note)
        # Asked after the save (which locks the comment), so nobody's coding slips between.
        heard[:] = item.colleagues(s, ex, account.name, since=shown_at)
        return coding

    if common.write(decide):
        st.session_state.pop("review-pinned", None)
        if include_done:  # a labelled comment stays in this list: move past it
            passed.append(item.pk)
        learner.poke(name, actor=account.name)
        saved = common.full_stop(
            f"Saved comment {item.comment_id}: {coding_words(chosen, tone_chosen, names)}")
        st.session_state["review-decided"] = saved + colleagues_words(
            heard, chosen, tone_chosen, names)
        st.rerun()
if st.button("Skip for now", shortcut="Alt+K", icon=":material/skip_next:"):
    st.session_state.pop("review-pinned", None)
    passed.append(item.pk)
    # Like a decision: focus and the view go to the next comment, and it is said.
    st.session_state["review-decided"] = common.full_stop(f"Skipped comment {item.comment_id}")
    st.rerun()

with st.expander("Report a problem with this comment", icon=":material/report:"):
    with st.form(f"personal-{item.pk}"):
        st.markdown("**Personal details were missed** (a name, phone number, address…). "
                    "The comment is hidden until the engagement team removes them.")
        note = st.text_input("What was missed? (optional, do not copy the details)")
        if st.form_submit_button("Send back to remove personal details"):
            if common.write(lambda s, ex: workflow.flag_personal_details(
                s, workflow.comment_by_pk(s, ex, item.pk), account.name, note),
                "Sent back. The comment is hidden until the details are removed."):
                passed.append(item.pk)
                st.rerun()
    with st.form(f"safeguarding-{item.pk}"):
        st.markdown("**Safeguarding concern**: the person may be at risk now. The comment stays "
                    "visible and goes on the engagement team's list of concerns to follow up. "
                    "Nobody is sent a message: if someone may be at risk now, also tell the "
                    "engagement lead today.")
        why = st.text_input("Why are you concerned? (optional)")
        if st.form_submit_button("Raise a safeguarding concern"):
            if common.write(lambda s, ex: workflow.raise_safeguarding(
                s, workflow.comment_by_pk(s, ex, item.pk), account.name, why),
                "Safeguarding concern raised."):
                st.rerun()
