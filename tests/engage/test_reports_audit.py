"""Fixes from a cold trial of the "You said, we did" reports with an engagement lead.

Each test builds a real store (SQLite and PostgreSQL) by ingesting small fictional files
through the real redactor, then checks the report content and the rendered files:

1. small-number hiding is the same everywhere on a theme, and "Not known" is not hidden;
2. comments not in English are said to be flagged for a person, not "passed to" one;
3. an action recorded as done with a date still to come is not published as done;
4. the Easy Read version only sends readers to the full report for what it says;
5. abbreviations (CMHT) and hard words in our own Easy Read wording are explained or listed;
6. a file ingested twice is one file in "This report is based on ...".
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from engage.actions import add_action
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import save_coding
from engage.models import Comment, Flag, SourceFile, Suggestion, TopicRecord
from engage.reports import build_report, render, write_report
from engage.reports.content import _Builder
from engage.reports.easyread import EasyWording, easy_read_document
from engage.reports.privacy import suppress_counts
from engage.store import Store
from engage.workflow import NOT_ENGLISH, SAFEGUARDING
from engage.workflow.flags import language_note

CHANGE = "What needs to change?"
HEADER = ["Response ID", "I am responding as", "Locality", CHANGE]
ACCESS = [
    "The waiting list for talking therapies is far too long.",
    "Nobody could tell me where to go when I needed help.",
    "My referral was sent back twice and I had to start again.",
    "It took nine weeks to get an assessment for my son.",
    "Appointments are only in the city and the bus takes an hour.",
    "You have to be really ill before anyone will see you.",
    "I was passed between teams and the wait kept getting longer.",
    "Phone lines are always busy so getting an appointment is hard.",
    "The assessment letter came after three months of waiting.",
    "Long waits for the community team mean people get worse.",
    "Tell people how long the wait for a first appointment will be.",
    "The self referral form online kept crashing on my phone.",
    "I was told to ring back next month for an appointment.",
    "The waiting room was full and the wait was three hours.",
    "We need more therapists so the waiting list gets shorter.",
    "My first appointment was cancelled twice with no reason.",
]
CARERS = [
    "Nobody tells carers anything about the plan for my dad.",
    "As a carer I was left out of every meeting about his care.",
]
NOTES = (
    "---\n"
    "event: Waveney listening event\n"
    "date: 2026-10-05\n"
    "place: Library\n"
    "---\n\n"
    "## What needs to change\n\n"
    "- People said the waiting list for therapy is far too long.\n"
    "- Appointments should be offered in the evening too.\n"
    "- The referral form is too long and asks the same things twice.\n"
    "- Carers want to be told when their relative is sent home.\n"
    "- Carers need a named person to ring on the ward.\n"
)


def _survey(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _code(store: Store, exercise: str, *, unthemed: tuple[str, ...] = ()) -> None:
    """A reviewer codes each comment: carers or access by its words; ``unthemed`` texts
    (by their start) get no theme at all."""
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise)
        for comment in s.scalars(select(Comment).where(Comment.exercise_id == ex.id)):
            if comment.text.startswith(unthemed):
                save_coding(s, ex, comment, "reviewer", [], "neutral")
                continue
            theme = "carers" if "carer" in comment.text.lower() else "access"
            save_coding(s, ex, comment, "reviewer", [theme], "negative")


@pytest.fixture
def mixed_store(store: Store, tmp_path: Path, redactor) -> Store:
    """Access: 8 service users, 6 people of no group, 2 staff, 3 points at an event.
    Carers: 2 people of no group and 2 points at the event."""
    rows = [(f"S{i}", "Service user", "Norwich", ACCESS[i]) for i in range(8)]
    rows += [(f"U{i}", "", "Norwich", ACCESS[8 + i]) for i in range(6)]
    rows += [(f"T{i}", "Health or social care worker", "Norwich", ACCESS[14 + i])
             for i in range(2)]
    rows += [(f"K{i}", "", "", CARERS[i]) for i in range(2)]
    notes = tmp_path / "waveney-event.md"
    notes.write_text(NOTES, encoding="utf-8")
    options = IngestOptions(exercise="Audit", text_columns=[CHANGE])
    reports = ingest_paths(store, [_survey(tmp_path / "survey.csv", rows), notes], options,
                           redactor)
    assert [r.error for r in reports] == [None, None]
    _code(store, "Audit")
    return store


def _theme(report, theme_id):  # noqa: ANN001, ANN202 - a Report and its ThemeSection
    return next(t for t in report.themes if t.theme_id == theme_id)


# --- 1. small-number hiding ------------------------------------------------------------------


def test_a_theme_never_hides_what_its_summary_prints_and_not_known_is_shown(
    mixed_store: Store, tmp_path: Path
) -> None:
    report = build_report(mixed_store, "Audit")
    access = _theme(report, "access")
    assert (access.people, access.points) == (19, 3)
    who = dict(zip(access.group_labels, [f.text for f in access.group_figures], strict=True))
    # The 3 points are in the summary, so they are shown, not "fewer than 5"; "Not known"
    # (people who did not say their group) points to nobody and is shown too. The 2 staff
    # are hidden, and the service users (a group, not "Not known") are hidden with them so
    # that the 2 cannot be worked out from the total of 16 people.
    assert who == {
        "People who use services": "not shown",
        "Health and care staff": "fewer than 5",
        "Not known": "6",
        "At events (group not recorded)": "3",
    }
    assert access.summary.startswith("16 people and 3 points made at events told us about")
    carers = _theme(report, "carers")
    who = dict(zip(carers.group_labels, [f.text for f in carers.group_figures], strict=True))
    assert who == {"Not known": "2", "At events (group not recorded)": "2"}
    assert carers.summary.startswith("2 people and 2 points made at events")
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    assert ("**Who raised it:** People who use services: not shown; Health and care staff: "
            "fewer than 5; Not known: 6; At events (group not recorded): 3.") in page
    assert "At events (group not recorded): fewer than 5" not in page
    assert "Not known: not shown" not in page
    # Who we heard from: "Not known" (8) is shown; the 2 staff are hidden with a real group.
    groups = report.listening.by_group
    shown = dict(zip(groups.labels, [f.text_with_percent for f in groups.figures], strict=True))
    assert shown["Not known"] == "8 (44%)" and shown["Health and care staff"] == "fewer than 5"
    assert shown["People who use services"] == "not shown"


def test_an_events_date_does_not_date_survey_forms_that_have_none(
    mixed_store: Store, tmp_path: Path
) -> None:
    # The survey has no dates; only the event (5 October 2026) has one.
    listening = build_report(mixed_store, "Audit").listening
    assert listening.start is None and listening.end is None
    page = render(build_report(mixed_store, "Audit"), tmp_path / "r.md", "md").path.read_text(
        encoding="utf-8")
    assert "On 5 October 2026" not in page and "In this listening exercise" in page


def test_not_known_is_hidden_only_when_nothing_else_can_protect_a_small_group() -> None:
    figures = suppress_counts([2, 30], unrecorded=[1])  # 2 staff, 30 not known
    assert [f.text for f in figures] == ["fewer than 5", "not shown"]
    figures = suppress_counts([2, 30, 9], unrecorded=[2])  # a group is hidden instead
    assert [f.text for f in figures] == ["fewer than 5", "not shown", "9"]
    assert [f.text for f in suppress_counts([3, 40], unrecorded=[0])] == ["3", "40"]


def test_hidden_counts_cannot_be_worked_out_from_their_sum() -> None:
    from engage.reports.privacy import suppress_matrix

    # A trial worked out two "fewer than 5" cells from the percentages beside them: the column
    # total (43) less the cells shown (35) left 8, and two counts under 5 that make 8 are 4
    # and 4. A third cell is hidden with them, so the 8 is no longer known.
    column = suppress_matrix([[4], [4], [5], [15], [15]], column_bases=[43], row_totals=False)
    assert [row[0].text for row in column] == [
        "fewer than 5", "fewer than 5", "not shown", "15", "15"]
    # Counts whose sum leaves several possibilities (1 + 3, 2 + 2) need nothing more.
    assert [f.text for f in suppress_counts([1, 3, 20])] == [
        "fewer than 5", "fewer than 5", "20"]
    assert [f.text for f in suppress_counts([1, 1, 20])] == [
        "fewer than 5", "fewer than 5", "not shown"]  # 2 can only be 1 + 1


def test_a_theme_raised_by_one_person_does_not_say_their_group(
    store: Store, tmp_path: Path, redactor
) -> None:
    from engage.reports.privacy import breakdown_safe

    # A trial saw "1 person ... Who raised it: Carers, family and friends: fewer than 5": the
    # only group listed, so the one person was a carer. Such a breakdown is left out.
    assert not breakdown_safe(suppress_counts([1]))
    path = tmp_path / "one.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(["C1", "Carer", "Norwich", CARERS[0]])
        writer.writerows([f"A{i}", "Service user", "Norwich", text]
                         for i, text in enumerate(ACCESS))
    ingest_paths(store, [path], IngestOptions(exercise="One"), redactor)
    with store.session() as s, s.begin():
        for comment in s.scalars(select(Comment)):
            theme = "carers" if comment.comment_id == "C1" else "access"
            save_coding(s, store.exercise(s, "One"), comment, "Rita", [theme], "negative")
    report = build_report(store, "One")
    carers = _theme(report, "carers")
    assert carers.people == 1 and not breakdown_safe(carers.group_figures)
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    section = page[page.index("Carers"):]
    assert "Who raised it:** too few people to show this without pointing to someone." in section
    assert "Carers, family and friends: fewer than 5" not in section.split("Who raised it")[1][:200]


def test_who_we_heard_less_from_never_gives_a_number_the_table_hides() -> None:
    groups = ["service_user", "carer", "public", "staff", "voluntary"]
    counts = [40, 3, 30, 6, 30]
    figures = suppress_counts(counts, base=sum(counts))
    assert [f.text for f in figures][1::2] == ["fewer than 5", "not shown"]
    said = _Builder.under_heard(groups, counts, [], [], figures, [])
    assert "Carers, family and friends: fewer than 5 people" in said
    staff = next(s for s in said if s.startswith("Health and care staff"))
    assert "6" not in staff and "not shown" in staff


def test_a_few_easy_read_forms_are_not_counted_where_the_table_hides_them(
    store: Store, tmp_path: Path, redactor
) -> None:
    from engage.models import Respondent

    rows = [(f"S{i}", "Service user", "Norwich", ACCESS[i]) for i in range(12)]
    ingest_paths(store, [_survey(tmp_path / "survey.csv", rows)],
                 IngestOptions(exercise="Few", text_columns=[CHANGE]), redactor)
    with store.session() as s, s.begin():  # three of them typed up from Easy Read forms
        for respondent in s.scalars(select(Respondent).order_by(Respondent.id).limit(3)):
            respondent.source = "easyread"
    report = build_report(store, "Few")
    channels = dict(zip(report.listening.by_channel.labels,
                        [f.text for f in report.listening.by_channel.figures], strict=True))
    assert channels["Easy Read form"] == "fewer than 5"
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    assert "Fewer than 5 people filled in the Easy Read form." in page
    assert "3 people filled in the Easy Read form" not in page
    easy = render(report, tmp_path / "e.md", "md", easy_read=True).path.read_text()
    assert "12 people filled in a form." in easy
    assert "Some of them filled in an Easy Read form." in easy
    assert "3 people" not in easy and "9 people" not in easy


# --- 2. comments not in English --------------------------------------------------------------


def test_comments_not_in_english_are_said_to_be_flagged_not_passed_on(
    mixed_store: Store, tmp_path: Path
) -> None:
    with mixed_store.session() as s, s.begin():
        ex = mixed_store.exercise(s, "Audit")
        comments = s.scalars(select(Comment).where(Comment.exercise_id == ex.id)
                             .order_by(Comment.id).limit(3)).all()
        for n, comment in enumerate(comments):
            s.add(Flag(comment_pk=comment.id, kind=SAFEGUARDING, category=NOT_ENGLISH,
                       note=language_note("Welsh"), status="cleared" if n == 0 else "open"))
    report = build_report(mixed_store, "Audit")
    assert report.method.not_english == {"Welsh": 3} and report.method.not_english_checked == 1
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    line = next(x for x in page.splitlines() if "Other languages:" in x)
    assert "passed to" not in line
    assert "3 comments were written in Welsh (3), not English" in line
    assert "did not put these into themes" in line
    assert "Each is flagged for someone who reads the language to check" in line
    assert "(1 of the 3 have been checked so far)" in line


# --- 3. an action "done" with a date still to come -------------------------------------------


def test_an_action_done_with_a_date_to_come_is_shown_as_in_progress(
    mixed_store: Store, tmp_path: Path
) -> None:
    with mixed_store.session() as s, s.begin():
        ex = mixed_store.exercise(s, "Audit")
        action = add_action(s, ex, themes=["access"], text="Open the new clinic",
                            status="done", due="2027-01-31")
        action_id = action.id
    before = date(2026, 12, 2)
    report = build_report(mixed_store, "Audit", today=before)
    assert report.generated == before
    (item,) = _theme(report, "access").actions
    assert (item.status, item.status_label, item.recorded_status) == (
        "in-progress", "In progress", "done")
    assert report.method.done_in_future == [item]
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    assert "**In progress, due 31 January 2027:** Open the new clinic." in page
    assert "Done, 31 January 2027" not in page
    assert ("**Actions:** one action is recorded as done, but its date (31 January 2027) is "
            "still to come, so we show it as in progress") in page
    assert "Published 2 December 2026." in page
    document, gate = easy_read_document(report)
    said = [s for b in document.blocks if hasattr(b, "sentences") for s in b.sentences]
    at = said.index("Open the new clinic.")
    assert said[at + 1: at + 3] == ["We are doing this now.",
                                    "We plan to get it done by January 2027."]
    assert "We have done this." not in said
    assert not [s for s in said if "recorded as done" in s]  # for the team, not the reader
    assert gate.passed, "\n".join(gate.lines())
    assert any(f"note: action {action_id} is recorded as done but its date, 31 January 2027"
               in line for line in gate.lines())
    # write_report takes the same date (for a report made again later, say).
    easy = write_report(mixed_store, tmp_path / "e.md", exercise="Audit", easy_read=True,
                        today=before).path.read_text(encoding="utf-8")
    assert "We have done this." not in easy
    # Once the date has passed, it is done.
    after = build_report(mixed_store, "Audit", today=date(2027, 2, 1))
    (item,) = _theme(after, "access").actions
    assert item.status == "done" and item.recorded_status is None
    assert not after.method.done_in_future
    page = render(after, tmp_path / "r2.md", "md").path.read_text(encoding="utf-8")
    assert "**Done, 31 January 2027:** Open the new clinic." in page
    assert "**Actions:**" not in page
    said = [s for b in easy_read_document(after)[0].blocks if hasattr(b, "sentences")
            for s in b.sentences]
    assert "We have done this." in said


# --- 4. comments that fit no theme ------------------------------------------------------------


def test_easy_read_only_points_to_the_full_report_for_what_it_says(
    store: Store, tmp_path: Path, redactor
) -> None:
    rows = [(f"S{i}", "Service user", "Norwich", ACCESS[i]) for i in range(16)]
    ingest_paths(store, [_survey(tmp_path / "survey.csv", rows)],
                 IngestOptions(exercise="Other", text_columns=[CHANGE]), redactor)
    odd = ("Appointments are only", "You have to be", "Phone lines are", "The self referral")
    _code(store, "Other", unthemed=odd)
    report = build_report(store, "Other")
    assert report.method.unthemed == 4 and report.method.unthemed_in_topics == 0
    said = [s for b in easy_read_document(report)[0].blocks if hasattr(b, "sentences")
            for s in b.sentences]
    assert "Some things people told us did not fit in a group." in said
    assert "The full report says how many there were." in said
    assert not [s for s in said if "read about them" in s]
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    assert "4 comments did not fit any theme." in page
    # A topic the review group kept takes in three of them: the full report says so.
    with store.session() as s, s.begin():
        ex = store.exercise(s, "Other")
        for comment in s.scalars(select(Comment).where(Comment.exercise_id == ex.id)):
            topic = 0 if comment.text.startswith(odd[:3]) else None
            s.add(Suggestion(comment_pk=comment.id, themes=[], topic=topic, text_hash="t",
                             model_key="test"))
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="getting there, phones",
                          size=3, keywords=["bus", "phone"], representatives=[],
                          status="kept"))
    report = build_report(store, "Other")
    assert report.method.unthemed_in_topics == 3
    assert report.method.unthemed_topics == ["getting there, phones"]
    said = [s for b in easy_read_document(report)[0].blocks if hasattr(b, "sentences")
            for s in b.sentences]
    assert "You can read about some of them in the full report." in said
    page = render(report, tmp_path / "r2.md", "md").path.read_text(encoding="utf-8")
    assert "3 of the 4 comments that did not fit any theme are in these topics." in page
    assert ("4 comments did not fit any theme. 3 of them are in the other topics we report "
            "under \u201cOther things people raised\u201d (getting there, phones).") in page
    assert "## Getting there, phones" in page or "### Getting there, phones" in page


# --- 5. abbreviations and hard words in Easy Read ---------------------------------------------


def test_easy_read_explains_cmht_and_lists_an_abbreviation_nothing_explains(
    mixed_store: Store,
) -> None:
    with mixed_store.session() as s, s.begin():
        ex = mixed_store.exercise(s, "Audit")
        cmht = add_action(s, ex, themes=["access"], status="planned",
                          text="Your CMHT will talk to you about antipsychotics.").id
        coordinator = add_action(s, ex, themes=["access"], status="planned",
                                 text="You will meet your care coordinator.").id
        cpn = add_action(s, ex, themes=["carers"], status="planned",
                         text="A CPN will ring carers each week.").id
    report = build_report(mixed_store, "Audit")
    document, gate = easy_read_document(report)
    words = {row[0] for b in document.blocks if getattr(b, "caption", "") == "Word list"
             for row in b.rows}
    assert {"CMHT", "Antipsychotic", "Care coordinator"} <= words
    problems = [p for p in gate.to_rewrite if p.kind == "abbreviation"]
    assert [(p.where, p.message.split(" ")[0]) for p in problems] == [(f"action {cpn}", "CPN")]
    assert "under 'words' in the wording file" in problems[0].message
    assert not gate.passed
    assert not [p for p in gate.to_rewrite if p.where in (f"action {cmht}",
                                                          f"action {coordinator}")]
    # The team explains it in the wording file; it joins the word list and the check passes.
    wording = EasyWording(words={"CPN": "A nurse who can visit you at home."})
    document, gate = easy_read_document(report, wording)
    assert gate.passed, "\n".join(gate.lines())
    rows = {row[0]: row[1] for b in document.blocks
            if getattr(b, "caption", "") == "Word list" for row in b.rows}
    assert rows["CPN"] == "A nurse who can visit you at home."
    # A theme name in capitals is checked too (it is a heading and in sentences).
    _, gate = easy_read_document(report, EasyWording(themes={"carers": "PICU visits"},
                                                     words=wording.words))
    assert {p.where for p in gate.to_rewrite if p.kind == "abbreviation"} >= {"PICU visits"}


def test_the_wording_file_reads_words_to_explain(tmp_path: Path) -> None:
    from engage.reports.easyread import load_wording

    path = tmp_path / "wording.yaml"
    path.write_text("words:\n  CPN: A nurse who can visit you at home.\n", encoding="utf-8")
    assert load_wording(path).words == {"CPN": "A nurse who can visit you at home."}


# --- 6. a file ingested twice ---------------------------------------------------------------


def test_a_file_ingested_twice_is_one_file_in_the_report(
    mixed_store: Store, tmp_path: Path, redactor
) -> None:
    options = IngestOptions(exercise="Audit", text_columns=[CHANGE])
    ingest_paths(mixed_store, [tmp_path / "survey.csv", tmp_path / "waveney-event.md"],
                 options, redactor)
    with mixed_store.session() as s, s.begin():
        ex = mixed_store.exercise(s, "Audit")
        files = s.scalars(select(SourceFile).where(SourceFile.exercise_id == ex.id)).all()
        survey = next(f for f in files if f.kind == "survey")
        # As a store from before the ingest fix holds them: the same file recorded again,
        # a copy under another name, and a corrected file under the same name.
        s.add(SourceFile(exercise_id=ex.id, name=survey.name, sha256=survey.sha256,
                         kind="survey", report={}))
        s.add(SourceFile(exercise_id=ex.id, name="copy of survey.csv", sha256=survey.sha256,
                         kind="survey", report={}))
        s.add(SourceFile(exercise_id=ex.id, name=survey.name, sha256="0" * 64, kind="survey",
                         report={}))
        s.add(SourceFile(exercise_id=ex.id, name="second-survey.csv", sha256="1" * 64,
                         kind="survey", report={}))
    report = build_report(mixed_store, "Audit")
    assert report.listening.sources == [
        ("survey file", "survey files", 2), ("set of event notes", "sets of event notes", 1)]
    page = render(report, tmp_path / "r.md", "md").path.read_text(encoding="utf-8")
    assert "This report is based on 2 survey files and 1 set of event notes." in page
