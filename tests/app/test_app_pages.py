"""Each page of the review app, driven through Streamlit's AppTest against a real store."""

from __future__ import annotations

import csv
import html
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from engage import users, workflow
from engage.audit import audit_frame
from engage.ingest import IngestOptions, ingest_paths
from engage.models import Coding, Comment, Flag, Suggestion, ThemeRecord, TopicRecord
from engage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long test password"
HOSTILE = "![x](http://example.com/x.png) <script>alert(1)</script> **bold** # heading"
ROWS = [
    ("R01", "2026-09-01", "Service user", "Norwich", "I waited nine months for a referral."),
    ("R02", "2026-09-12", "Carer", "West Norfolk", "Nobody tells carers about discharge plans."),
    ("R03", "2026-10-03", "Service user", "Norwich", "The crisis line answered and was kind."),
    ("R04", "2026-10-04", "NHS staff", "Breckland", "GP and community team do not share notes."),
]
SUGGESTED = {
    "R01": (["access"], {"access": 0.93, "crisis": 0.1}, "negative"),
    "R02": (["carers"], {"carers": 0.55, "integration": 0.5}, "negative"),
    "R03": (["crisis"], {"crisis": 0.9}, "positive"),
    "R04": (["integration"], {"integration": 0.8}, "negative"),
    "H01": (["stigma"], {"stigma": 0.5, "access": 0.5}, "neutral"),
}


def build(path: Path, redactor) -> None:  # noqa: ANN001
    """A store with fictional comments, model suggestions, a hostile comment and three users."""
    survey = path.parent / "survey.csv"
    with survey.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Response ID", "Submitted", "I am responding as", "Locality", "What needs to change?"]
        )
        writer.writerows(ROWS)
    store = Store(f"sqlite:///{path}")
    ingest_paths(store, [survey], IngestOptions(exercise="Autumn"), redactor)
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        # As if redaction had missed a web address: the text must still show exactly as typed.
        s.add(
            Comment(
                exercise_id=ex.id,
                comment_id="H01",
                source="survey",
                text=HOSTILE,
                original_text=HOSTILE,
                content_hash="hostile",
            )
        )
        s.flush()
        for comment in s.scalars(select(Comment)):
            themes, confidence, sentiment = SUGGESTED[comment.comment_id]
            s.add(
                Suggestion(
                    comment_pk=comment.id,
                    themes=themes,
                    confidence=confidence,
                    reasons={t: ["waited"] for t in themes},
                    sentiment=sentiment,
                    text_hash="x",
                    model_key="test",
                )
            )
        s.add(
            TopicRecord(
                exercise_id=ex.id,
                topic_id=0,
                label="transport, bus, taxi",
                size=9,
                keywords=["transport", "bus"],
                representatives=["R01"],
            )
        )
        for name, role in (
            ("Ada Admin", "admin"),
            ("Rita Reviewer", "reviewer"),
            ("Tom Team", "team"),
        ):
            users.add_user(s, name, role, PASSWORD)
    store.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, redactor) -> Path:  # noqa: ANN001
    path = tmp_path_factory.mktemp("app") / "template.db"
    build(path, redactor)
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    path = tmp_path / "app.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("ENGAGE_DB", url)
    monkeypatch.setenv("ENGAGE_EMBEDDER", "tfidf")
    s = Store(url)
    yield s
    s.close()


def account(store: Store, name: str) -> users.Account:
    with store.session() as s:
        return users.get_user(s, name)


def open_app(store: Store, who: str | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=120)
    if who:
        at.session_state["account"] = account(store, who)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.html]
    parts += [h.value for h in [*at.title, *at.header, *at.subheader]]
    parts += (
        [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    )
    return "\n".join(parts)


def quote(at: AppTest) -> str:
    """The first respondent comment shown on the page (as HTML)."""
    return next(h.value for h in at.html if 'class="engage-quote' in h.value)


def button(at: AppTest, label: str):  # noqa: ANN201
    return next(b for b in [*at.button, *at.get("form_submit_button")] if b.label == label)


def coding(store: Store, comment_id: str, reviewer: str) -> Coding | None:
    with store.session() as s:
        return s.scalar(
            select(Coding)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(Comment.comment_id == comment_id, Coding.reviewer == reviewer, Coding.current)
        )


# --- signing in ------------------------------------------------------------------------------


def test_without_accounts_the_first_admin_is_told_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("ENGAGE_DB", url)
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=60).run()
    command = at.code[0].value
    assert command == f"engage --db '{url}' users add YOUR-NAME --role admin --password-stdin"
    assert not at.text_input  # no sign-in form: the app does not run open


def test_sign_in_with_wrong_then_right_password(store: Store) -> None:
    at = open_app(store)
    at.text_input[0].input("Rita Reviewer")
    at.text_input[1].input("wrong password!")
    button(at, "Sign in").click().run()
    assert "do not match" in at.error[0].value
    at.text_input[1].input(PASSWORD)
    button(at, "Sign in").click().run()
    assert at.session_state["account"].name == "Rita Reviewer"
    assert at.title[0].value == "What people told us"


def test_signed_out_page_address_shows_sign_in(store: Store) -> None:
    at = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=60)
    at.run()
    assert at.title[0].value == "Sign in"


def test_a_page_refuses_a_role_without_the_right(store: Store) -> None:
    at = AppTest.from_file(str(ROOT / "app_pages" / "users.py"), default_timeout=60)
    at.session_state["account"] = account(store, "Rita Reviewer")
    at.run()
    assert "cannot do this" in at.warning[0].value and not at.text_input


# --- overview --------------------------------------------------------------------------------


def test_overview_shows_numbers_with_tables(store: Store) -> None:
    at = open_app(store, "Rita Reviewer")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Comments"] == "5" and metrics["Themes"] == "5"
    tables = [d.value for d in at.dataframe]
    who = next(t for t in tables if "Who" in t.columns)
    assert dict(zip(who["Who"], who["Comments"], strict=True))["People who use services"] == 2
    months = next(t for t in tables if "Month" in t.columns)
    assert months["Month"].tolist() == ["September 2026", "October 2026"]
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 5
    # Each chart's menu only saves a picture: nothing opens a website with the chart's numbers.
    for chart in charts:
        actions = json.loads(chart.proto.spec)["usermeta"]["embedOptions"]["actions"]
        assert actions == {"export": True, "source": False, "compiled": False, "editor": False}


# --- review ----------------------------------------------------------------------------------


def test_review_shows_respondent_text_escaped(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("alert(1)").run()
    shown = quote(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "![x](http://example.com/x.png)" in shown and "**bold** # heading" in shown
    assert all("<script>" not in m.value and "example.com" not in m.value for m in at.markdown)


def test_save_accept_and_no_theme_fits(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("alert(1)").run()
    first = quote(at)
    assert "script" in first  # the least certain comment (each reviewer's order differs)
    # The computer is not sure of "stigma" (50%): it is listed but starts unticked, so saving
    # without looking never agrees with a guess.
    stigma = next(c for c in at.checkbox if c.label.startswith("Stigma"))
    assert stigma.value is False
    assert any("Not ticked for you" in h.value for h in at.html)
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "Carers and families")).check()
    at.radio[-1].set_value("negative")
    # The note is a text area: Enter adds a line there instead of saving a half-written note.
    at.text_area[0].input("About carers, not stigma.\nSee the second sentence.")
    button(at, "Save and next").click().run()
    saved = coding(store, "H01", "Rita Reviewer")
    assert saved.themes == ["carers"] and saved.sentiment == "negative"
    at.text_input(key="f-search").input("").run()
    second = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    second = second.removeprefix("Comment number: ")
    accept = button(at, "Accept the suggestion")
    confident = [t for t in SUGGESTED[second][0] if SUGGESTED[second][1][t] >= 0.65]
    # Accept saves only what the computer is fairly sure of (what starts ticked); with nothing
    # like that, there is nothing to accept, and pressing it says so.
    assert not accept.disabled
    while not confident:
        button(at, "Skip for now").click().run()
        second = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
        second = second.removeprefix("Comment number: ")
        confident = [t for t in SUGGESTED[second][0] if SUGGESTED[second][1][t] >= 0.65]
        accept = button(at, "Accept the suggestion")
    assert confident and not accept.disabled
    for theme in {"access", "carers", "crisis", "integration", "stigma"} - set(confident):
        box = next(c for c in at.checkbox if c.key.endswith(f"-{theme}"))
        box.check()  # the reviewer's own ticks are not what Accept saves
    accept.click().run()
    assert coding(store, second, "Rita Reviewer").themes == sorted(confident)
    third = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    button(at, "No theme fits").click().run()
    assert coding(store, third.removeprefix("Comment number: "), "Rita Reviewer").themes == []
    with store.session() as s:
        trail = audit_frame(s, store.exercise(s))
    labels = trail[trail["action"] == "label"]
    assert labels["actor"].tolist() == ["Rita Reviewer"] * 3
    assert labels.iloc[0]["after"]["model"]["themes"] == ["stigma"]
    assert labels.iloc[0]["after"]["note"] == "About carers, not stigma. See the second sentence."


def test_a_decision_is_kept_for_the_comment_on_screen_when_a_colleague_labels_it_first(
    store: Store,
) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    shown = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    shown = shown.removeprefix("Comment number: ")
    with store.session() as s, s.begin():  # meanwhile a colleague labels it: it leaves the queue
        ex = store.exercise(s)
        workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, shown), "Ada Admin",
                              ["access"], None)
    button(at, "No theme fits").click().run()
    assert coding(store, shown, "Rita Reviewer").themes == []
    assert coding(store, shown, "Ada Admin").themes == ["access"]
    after = next(c.value for c in at.caption if c.value.startswith("Comment number: "))
    assert after != f"Comment number: {shown}"


def test_theme_names_in_the_tick_boxes_are_shown_as_typed(store: Store) -> None:
    name = "Carers **bold** <b>b</b> $x$ :red[red]"
    at = open_app(store, "Rita Reviewer", "review")  # the framework is in place from here
    with store.session() as s, s.begin():
        record = s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "carers"))
        record.name = name
    at.run()
    label = next(c.label for c in at.checkbox if c.label.startswith("Carers"))
    assert label == r"Carers \*\*bold\*\* &lt;b&gt;b&lt;/b&gt; \$x\$ \:red\[red\]"


def test_review_filters_and_skip(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("crisis line").run()
    assert "crisis line answered" in quote(at)
    button(at, "Skip for now").click().run()
    assert "Nothing left to review" in at.success[0].value


def test_flag_personal_details_hides_the_comment(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("GP and community").run()
    button(at, "Send back to remove personal details").click().run()
    with store.session() as s:
        flag = s.scalar(select(Flag).where(Flag.kind == "personal-details"))
        assert flag.raised_by == "Rita Reviewer" and flag.status == "open"
    at = open_app(store, "Ada Admin", "review")
    at.selectbox(key="f-flag").set_value("personal-details").run()
    hidden = quote(at)
    assert "GP and community" not in hidden and "waiting for personal details" in hidden
    assert not at.get("form_submit_button") or all(
        b.label != "Save and next" for b in at.get("form_submit_button")
    )


def test_raise_safeguarding_keeps_the_comment_visible(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "review")
    at.text_input(key="f-search").input("crisis line").run()
    next(t for t in at.text_input if t.label.startswith("Why are you concerned")).input(
        "Mentions a plan")
    button(at, "Raise a safeguarding concern").click().run()
    assert "Safeguarding concern raised by Rita Reviewer" in at.error[0].value
    # Why it was raised is shown with it, so the next reviewer can judge it.
    assert any("Note: Mentions a plan" in h.value for h in at.html)
    # Nobody is sent a message, and the banner does not say otherwise.
    assert "nobody is sent a message" in at.error[0].value
    assert "have been told" not in at.error[0].value
    assert "crisis line answered" in quote(at)


# --- themes ----------------------------------------------------------------------------------


def test_rename_theme_and_stale_edit_is_refused(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "themes")
    form = at.get("form")
    name_box = next(t for t in at.text_input if t.value == "Access to services")
    name_box.input("Getting help")
    # Someone else changes the same theme before this save arrives.
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.confirm_theme(s, ex, "access", "Ada Admin", expected_version=None)
    save = [b for b in at.get("form_submit_button") if b.label == "Save changes"][0]
    save.click().run()
    assert any("changed by Ada Admin" in e.value for e in at.error)
    # Even if the other person's change replaces the form's text, what was typed is shown.
    assert "What you typed (not saved):\nName: Getting help" in texts(at)
    assert form  # the page still works after the refusal
    name_box = next(t for t in at.text_input if t.label == "Name")
    assert name_box.value == "Getting help"  # what the person typed is kept for the retry
    [b for b in at.get("form_submit_button") if b.label == "Save changes"][0].click().run()
    with store.session() as s:
        record = s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "access"))
    assert record.name == "Getting help" and record.updated_by == "Rita Reviewer"


def test_stopping_a_theme_needs_a_tick_and_it_can_be_brought_back(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "themes")
    stop = [b for b in at.get("form_submit_button") if b.label == "Stop using this theme"]
    stop[-1].click().run()  # the last card: no tick yet
    assert any("Tick the box" in w.value for w in at.warning)
    with store.session() as s:
        active = [t.theme_id for t in s.scalars(
            select(ThemeRecord).where(ThemeRecord.status == "active"))]
    assert len(active) == 5
    tick = [c for c in at.checkbox if c.label.startswith("To stop using it")][-1]
    tick.check()
    [b for b in at.get("form_submit_button") if b.label == "Stop using this theme"][-1].click()
    at.run()
    with store.session() as s:
        retired = s.scalars(select(ThemeRecord.theme_id).where(
            ThemeRecord.status == "retired")).all()
    assert len(retired) == 1
    [b for b in at.get("form_submit_button") if b.label == "Use this theme again"][0].click()
    at.run()
    with store.session() as s:
        assert s.scalar(select(ThemeRecord.status).where(
            ThemeRecord.theme_id == retired[0])) == "active"


def test_merge_and_promote_topic(store: Store) -> None:
    at = open_app(store, "Rita Reviewer", "themes")
    merge_form = [f for f in at.get("form") if f.proto.form.form_id == "merge"][0]
    merge_form.selectbox[0].set_value("crisis")
    merge_form.selectbox[1].set_value("access")
    button(at, "Merge themes").click().run()
    assert "Tick the box" in at.warning[0].value
    merge_form = [f for f in at.get("form") if f.proto.form.form_id == "merge"][0]
    merge_form.checkbox[0].check()
    button(at, "Merge themes").click().run()
    with store.session() as s:
        crisis = s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "crisis"))
        assert (crisis.status, crisis.merged_into) == ("merged", "access")
    button(at, "Make this a theme").click().run()
    with store.session() as s:
        promoted = s.scalar(select(ThemeRecord).where(ThemeRecord.origin == "topic"))
    assert promoted.name == "Transport"


# --- concerns, agreement, audit, users, upload -----------------------------------------------


def test_clear_safeguarding_and_reredact(store: Store) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.raise_safeguarding(s, workflow.comment_by_id(s, ex, "R03"), "Rita Reviewer")
        workflow.flag_personal_details(s, workflow.comment_by_id(s, ex, "R04"), "Rita Reviewer")
    at = open_app(store, "Tom Team", "concerns")
    button(at, "Mark comment R03 as dealt with").click().run()
    assert any("Say briefly what was done" in e.value for e in at.error)
    at.text_input[0].input("Passed to the duty team")
    button(at, "Mark comment R03 as dealt with").click().run()
    at.text_area[0].input("community team")
    button(at, "Hide these words").click().run()
    with store.session() as s:
        assert not s.scalars(select(Flag).where(Flag.status == "open")).all()
        text = s.scalar(select(Comment.text).where(Comment.comment_id == "R04"))
    assert text == "GP and [REDACTED] do not share notes."


def test_a_comment_with_two_concerns_is_one_card_in_plain_words(store: Store) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        r03 = workflow.comment_by_id(s, ex, "R03")
        s.add(Flag(comment_pk=r03.id, kind="safeguarding", category="self_harm",
                   raised_by="model", note="level: current; cue: cutting again",
                   sentence="The crisis line answered and was kind."))
        s.add(Flag(comment_pk=r03.id, kind="safeguarding", category="suicidal_intent",
                   raised_by="model", note="level: possible; cue: similar to: I want to die.",
                   sentence="The crisis line answered and was kind."))
    at = open_app(store, "Tom Team", "concerns")
    shown = texts(at)
    assert shown.count("Comment R03") == 1
    assert "Self-harm (may be happening now), because of the words “cutting again”." in shown
    assert "Thoughts of suicide (possible, or in the past), because its meaning is close" in shown
    assert "I want to die" not in shown and "level:" not in shown
    assert "Comment R03: may be happening now" in shown  # the card is a heading
    assert at.text_input[0].label == "What was done? (comment R03)"
    at.text_input[0].input("Called the person back")
    button(at, "Mark comment R03 as dealt with").click().run()
    with store.session() as s:
        assert not s.scalars(select(Flag).where(Flag.status == "open")).all()


def test_concerns_come_most_urgent_first(store: Store) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        for cid, level in (("R03", "possible"), ("R04", "current")):
            s.add(Flag(comment_pk=workflow.comment_by_id(s, ex, cid).id, kind="safeguarding",
                       category="self_harm", raised_by="model", note=f"level: {level}; cue: cut"))
    at = open_app(store, "Tom Team", "concerns")
    headings = [h.value for h in at.subheader]
    assert headings[:2] == ["Comment R04: may be happening now",
                            "Comment R03: possible, or in the past"]


def test_agreement_sample_and_scores(store: Store) -> None:
    at = open_app(store, "Ada Admin", "agreement")
    assert "Nobody has labelled" in at.info[0].value
    at.multiselect[0].set_value(["Ada Admin", "Rita Reviewer"])
    at.number_input[0].set_value(2)
    button(at, "Share out the comments").click().run()
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        sample = workflow.samples(s, ex)[0]
        for who in ("Ada Admin", "Rita Reviewer"):
            for cid in sample.comment_ids:
                comment = workflow.comment_by_id(s, ex, cid)
                workflow.code_comment(s, ex, comment, who, ["access"], "negative")
    at.run()
    tables = [d.value for d in at.dataframe]
    scores = next(t for t in tables if "Agreement score" in t.columns)
    access = scores.set_index("Theme").loc["Access to services"]
    assert access["Comments where all agreed"] == "100%"
    model = next(t for t in tables if "Computer suggested it" in t.columns)
    assert set(model["Theme"]) >= {"Access to services"}


def test_audit_filters_and_downloads(store: Store) -> None:
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.code_comment(s, ex, workflow.comment_by_id(s, ex, "R01"), "=cmd|x", ["access"])
    at = open_app(store, "Rita Reviewer", "audit")
    at.multiselect[0].set_value(["Labelled a comment"]).run()
    table = at.dataframe[0].value
    assert table["Who"].tolist() == ["=cmd|x"]
    assert "themes: Access to services" in table["After"].iloc[0]  # names, not ids
    assert at.get("download_button")
    assert table["Which"].tolist() == ["Comment R01"]
    with store.session() as s, s.begin():
        ex = store.exercise(s)
        workflow.confirm_theme(s, ex, "crisis", "Rita Reviewer", expected_version=None)
    at = open_app(store, "Rita Reviewer", "audit")
    at.text_input[0].input("crisis support").run()  # found by the theme's name
    assert set(at.dataframe[0].value["Which"]) == {"Theme: Crisis support"}


def test_admin_adds_a_user(store: Store) -> None:
    at = open_app(store, "Ada Admin", "users")
    form = [f for f in at.get("form") if f.proto.form.form_id.startswith("add")][0]
    form.text_input[0].input("Nia New")
    form.text_input[1].input("short")
    form.text_input[2].input("short")
    button(at, "Add").click().run()
    assert "at least" in at.error[0].value
    form = [f for f in at.get("form") if f.proto.form.form_id.startswith("add")][0]
    assert form.text_input[0].value == "Nia New"  # what was typed stays to be corrected
    form.text_input[1].input(PASSWORD)
    form.text_input[2].input(PASSWORD + "!")
    button(at, "Add").click().run()
    assert "different" in at.error[0].value
    form = [f for f in at.get("form") if f.proto.form.form_id.startswith("add")][0]
    form.text_input[1].input(PASSWORD)
    form.text_input[2].input(PASSWORD)
    button(at, "Add").click().run()
    with store.session() as s, s.begin():
        assert users.authenticate(s, "Nia New", PASSWORD).role == "reviewer"
    form = [f for f in at.get("form") if f.proto.form.form_id.startswith("add")][0]
    assert form.text_input[0].value == ""  # a fresh form after a success


def test_upload_maps_columns_and_reports(store: Store) -> None:
    at = open_app(store, "Tom Team", "upload")
    data = (
        "Ref,Date,Who are you,Where,Your views\r\n"
        "N1,2026-11-01,Carer,Norwich,The respite service gave me a break at last.\r\n"
        "N1,2026-11-01,Carer,Norwich,The respite service gave me a break at last.\r\n"
        "N2,2026-11-02,Service user,Breckland,\r\n"
        "N3,2026-11-03,Service user,Breckland,Call Dr Okafor on 07700 900123 about it.\r\n"
    ).encode("cp1252")
    at.file_uploader[0].upload("new-survey.csv", data, "text/csv").run()
    texts_box = at.multiselect(key="text-new-survey.csv")
    assert texts_box.value == ["Your views"]
    button(at, "Add these files").click().run()
    report = next(d.value for d in at.dataframe if "Added" in d.value.columns)
    row = report.iloc[0]
    assert (row["Rows"], row["Added"], row["Already there (duplicates)"], row["Empty"]) == (
        4,
        2,
        1,
        1,
    )
    assert row["Personal details removed"] >= 2


def test_download_page_offers_the_files(store: Store) -> None:
    at = open_app(store, "Tom Team", "download")
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Download comments", "Download labels (CSV)"]
    button(at, "Make the report").click().run()
    labels = [b.label for b in at.get("download_button")]
    assert labels[-1].startswith("Download ") and labels[-1].endswith(".docx")
    at.selectbox[-1].set_value("md").run()  # another format: the Word file is not offered
    assert not any(b.label.endswith(".docx") for b in at.get("download_button"))


def test_admin_switches_the_framework_and_reviewers_cannot(store: Store) -> None:
    from themes.framework import load_framework

    reviewer = open_app(store, "Rita Reviewer", "themes")
    assert [t.label for t in reviewer.tabs][-1] != "Framework"
    at = open_app(store, "Ada Admin", "themes")
    assert [t.label for t in at.tabs][-1] == "Framework"
    thrive = load_framework("thrive")
    at.selectbox(key="framework-bundled").set_value(thrive.name).run()
    assert html.escape(thrive.themes[-1].name) in texts(at)
    button(at, "Use this framework").click().run()
    assert "Tick the box" in at.warning[0].value
    at.get("form")[-1].checkbox[0].check()
    button(at, "Use this framework").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with store.session() as s:
        active = [r.theme_id for r in s.scalars(
            select(ThemeRecord).where(ThemeRecord.status == "active")
            .order_by(ThemeRecord.position))]
        trail = audit_frame(s, store.exercise(s))
    assert active == thrive.ids
    assert "Ada Admin" in set(trail.loc[trail["action"] == "load", "actor"])


def test_reviewer_prepares_a_coding_sheet(store: Store) -> None:
    import io

    import pandas as pd

    at = open_app(store, "Rita Reviewer", "review")
    at.number_input(key="sheet-count").set_value(10).run()
    button(at, "Prepare a coding sheet").click().run()
    assert not at.exception, [e.value for e in at.exception]
    sheet = pd.read_excel(io.BytesIO(at.session_state["coding-sheet"]), dtype=str)
    assert list(sheet.columns[:4]) == ["comment_id", "question", "text", "flags"]
    assert "Access to services" in sheet.columns and 0 < len(sheet) <= 10
    with store.session() as s:
        coded = set(s.scalars(
            select(Comment.comment_id).join(Coding, Coding.comment_pk == Comment.id)
            .where(Coding.reviewer == "Rita Reviewer")
        ))
    assert not coded & set(sheet["comment_id"])


def test_text_made_safe_for_markdown_keeps_hyphenated_words_readable() -> None:
    from markdown_it import MarkdownIt

    from app_pages.common import md

    assert md("Joined-up care") == "Joined-up care"  # a label a screen reader reads as written
    assert md("e.g. Mind, C#") == "e.g. Mind, C#"
    rendered = MarkdownIt().render(md("1. **not bold** - <b>x</b> # no heading\n- no list"))
    assert "<ol>" not in rendered and "<strong>" not in rendered and "<ul>" not in rendered
    assert "<h1>" not in rendered and "<b>" not in rendered
