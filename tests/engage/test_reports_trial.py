"""Fixes from a cold trial of the reports on fictional perinatal engagement data.

Each test builds a real store by ingesting small fictional files through the real redactor,
then checks the report content and every rendered format (Word, HTML, Markdown, Easy Read):

1. a value holding a personal detail (an address typed as a locality, "[NAME] (admin)" in a
   "Typed by" column) is never published as a category or an answer;
2. with very few people, a breakdown left out in one place is not given in another (the
   group-by-place table's headers, "we heard less from", the channel table, the sentences);
3. "How we did this" counts every personal detail taken out, not only those in comments;
4. an action not done whose date has passed says so;
5. the Easy Read check lists what the team can change (a theme's name), not our own sentences,
   and explains common perinatal and mental-health service words;
6. wording: who we heard less from, event audiences, table captions and headings.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from html import unescape
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import select

from engage.actions import add_action
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import save_coding
from engage.models import Comment, Respondent
from engage.reports import build_report, render
from engage.reports.easyread import WORD_LIST, EasyWording, easy_read_document
from engage.reports.model import Report
from engage.store import Store
from surveys.redact import PLACEHOLDERS

CHANGE = "What needs to change?"
TEXTS = [
    "The perinatal team took far too long to see me after the birth.",
    "I waited weeks for a call back from the mental health team.",
    "The referral to the mother and baby unit was lost twice.",
    "Nobody explained what would happen at the first appointment.",
    "Appointments are only in the city and the bus takes an hour.",
    "The waiting list for talking therapies is far too long.",
    "Phone lines are always busy so getting through is hard.",
    "I was passed between teams and the wait kept getting longer.",
    "The assessment letter came after three months of waiting.",
    "Long waits for the community team mean mums get worse.",
    "Tell people how long the wait for a first appointment will be.",
    "The health visitor noticed I was struggling and got me help.",
    "My first appointment was cancelled twice with no reason.",
    "Evening clinics would help mums who work.",
    "The online form kept crashing on my phone.",
    "I had to tell my story again to every new worker.",
    "We need more perinatal nurses so the waiting list is shorter.",
    "The peer support group at the library is a lifeline.",
]
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PLACEHOLDERS) + r")\]")


def _survey(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _code(store: Store, exercise: str) -> None:
    """A reviewer puts every comment in the access theme (carers when it says so)."""
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise)
        for comment in s.scalars(select(Comment).where(Comment.exercise_id == ex.id)):
            theme = "carers" if "carer" in comment.text.lower() else "access"
            save_coding(s, ex, comment, "reviewer", [theme], "negative")


def _html_text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join(parts).split())


def outputs(report: Report, folder: Path, wording: EasyWording | None = None) -> dict[str, str]:
    """The report's text in every format, full and Easy Read, spaces normalised."""
    out = {}
    for easy in (False, True):
        for fmt in ("md", "html", "docx"):
            path = render(report, folder / f"{'easy' if easy else 'full'}.{fmt}", fmt,
                          easy_read=easy, wording=wording).path
            text = (re.sub(r"\\|\*\*", "", path.read_text(encoding="utf-8")) if fmt == "md"
                    else _html_text(path) if fmt == "html" else _docx_text(path))
            out[f"{'easy ' if easy else ''}{fmt}"] = " ".join(text.split())
    return out


def test_the_reports_know_every_placeholder_of_the_redactor() -> None:
    from engage.reports.privacy import PLACEHOLDER_NAMES

    assert set(PLACEHOLDER_NAMES) == PLACEHOLDERS


# --- 1. personal details are never a category or an answer ---------------------------------


def test_a_locality_answered_with_an_address_is_never_a_category(
    store: Store, tmp_path: Path, redactor
) -> None:
    places = ["Norwich"] * 7 + ["Great Yarmouth"] * 6 + ["12 Mill Road, Diss IP22 4XX"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Response ID", "I am responding as", "Where do you live?", CHANGE])
    for i, place in enumerate(places):
        sheet.append([f"R{i}", "Service user" if i % 2 else "Carer", place, TEXTS[i]])
    book.save(tmp_path / "survey.xlsx")
    (ingested,) = ingest_paths(store, [tmp_path / "survey.xlsx"],
                               IngestOptions(exercise="Places", text_columns=[CHANGE]), redactor)
    assert ingested.error is None
    _code(store, "Places")
    report = build_report(store, "Places")
    listening = report.listening
    assert listening.by_locality.labels == ["Great Yarmouth", "Norwich", "Not given"]
    assert listening.group_by_locality.column_labels == listening.by_locality.labels
    assert not [x for x in listening.under_heard if PLACEHOLDER.search(x)]
    for fmt, text in outputs(report, tmp_path).items():
        assert "[ADDRESS]" not in text and "[POSTCODE]" not in text, fmt
        assert "Diss" not in text, fmt


def _paper_forms(folder: Path, people: int = 18) -> Path:
    """Paper forms typed up by one admin, who put her name on every row."""
    return _survey(
        folder / "paper.csv",
        ["Form", "I am responding as", "Locality", "Typed by", "Which team do you see?", CHANGE],
        [[f"P{i}", "Service user" if i % 3 else "Carer",
          ["Norwich", "Great Yarmouth", "King's Lynn"][i % 3], "Helen (admin)",
          "Dr Okafor's team" if i < 6 else "Perinatal team", TEXTS[i]] for i in range(people)])


def test_a_one_value_admin_column_and_answers_naming_someone_are_not_published(
    store: Store, tmp_path: Path, redactor
) -> None:
    options = IngestOptions(exercise="Paper", text_columns=[CHANGE],
                            closed_columns=["Typed by", "Which team do you see?"])
    (ingested,) = ingest_paths(store, [_paper_forms(tmp_path)], options, redactor)
    assert ingested.error is None
    _code(store, "Paper")
    report = build_report(store, "Paper")
    closed = {r.question: r for r in report.closed}
    # Everyone "chose" "[NAME] (admin)": a column about the forms, not a question.
    assert "Typed by" not in closed
    # Six people gave "Dr [NAME]'s team": never listed as a choice, however many gave it.
    team = closed["Which team do you see?"]
    assert not [a for a in team.answers if PLACEHOLDER.search(a)]
    assert [f.value for f in team.overall] == [12, 6]
    for fmt, text in outputs(report, tmp_path).items():
        assert "[NAME]" not in text, fmt
        assert "Typed by" not in text, fmt
    said = [s for b in easy_read_document(report)[0].blocks if hasattr(b, "sentences")
            for s in b.sentences]
    assert "12 out of 18 people picked \u201cPerinatal team\u201d." in said
    assert "6 people said something else." in said


# --- 2. very few people ----------------------------------------------------------------------


def test_a_four_person_exercise_gives_no_breakdown_the_tables_leave_out(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = _survey(tmp_path / "four.csv", ["Response ID", "I am responding as", "Locality", CHANGE],
                   [[f"F{i}", "Service user", place, TEXTS[i]]
                    for i, place in enumerate(["Diss", "Norwich", "Thetford", "Norwich"])])
    ingest_paths(store, [path], IngestOptions(exercise="Four", text_columns=[CHANGE]), redactor)
    _code(store, "Four")
    report = build_report(store, "Four")
    listening = report.listening
    # All four use services: the group table is left out, so no group may be named anywhere.
    assert [f.hidden for f in listening.by_group.figures] == ["withheld"]
    assert listening.under_heard == [] and listening.under_heard_withheld
    # Everyone filled in a survey: the channel count is the total, not "not shown".
    assert [f.text for f in listening.by_channel.figures] == ["4"]
    for fmt, text in outputs(report, tmp_path).items():
        assert "People who use services" not in text, fmt
        assert "by group and where they live: too few people" in text or fmt.startswith(
            "easy"), fmt
        assert ": nobody" not in text and "from nobody" not in text, fmt
        assert "not shown" not in text.replace("\u201cnot shown\u201d", ""), fmt
        assert "did not hear from any" not in text, fmt
    page = outputs(report, tmp_path)["md"]
    assert "4 people filled in a survey" in page
    assert "| Survey (online or paper) | 4 (100%) |" in page
    assert "| Group | Diss |" not in page


def test_an_easy_read_count_the_channel_table_hides_is_not_given_in_words(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = _survey(tmp_path / "mixed.csv",
                   ["Response ID", "I am responding as", "Locality", CHANGE],
                   [[f"M{i}", "Service user", "Norwich", TEXTS[i]] for i in range(15)])
    ingest_paths(store, [path], IngestOptions(exercise="Mixed", text_columns=[CHANGE]), redactor)
    with store.session() as s, s.begin():  # 12 of them typed up from Easy Read forms
        for respondent in s.scalars(select(Respondent).order_by(Respondent.id).limit(12)):
            respondent.source = "easyread"
    _code(store, "Mixed")
    report = build_report(store, "Mixed")
    channels = [f.text for f in report.listening.by_channel.figures]
    assert channels == ["fewer than 5", "not shown"]  # 3 surveys, so the 12 is hidden too
    texts = outputs(report, tmp_path)
    for fmt, text in texts.items():
        assert "12 people" not in text and "3 people" not in text, fmt
    assert "There is an Easy Read version of this report." in texts["md"]
    assert "15 people filled in a form." in texts["easy md"]
    assert "Some of them filled in an Easy Read form." in texts["easy md"]


# --- 3. personal details taken out -----------------------------------------------------------


def test_the_method_counts_every_personal_detail_the_ingests_took_out(
    store: Store, tmp_path: Path, redactor
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Response ID", "I am responding as", "Locality", CHANGE])
    sheet.append(["X1", "Carer", "Norwich", "Dr Okafor was kind but ring me on 07700 900456."])
    for i in range(2, 8):
        sheet.append([f"X{i}", "Service user", "Norwich", TEXTS[i]])
    book.save(tmp_path / "survey.xlsx")
    notes = tmp_path / "forum.md"
    notes.write_text("---\nevent: Perinatal forum\ndate: 2026-10-05\nplace: 14 Blue Boar Lane\n"
                     "audience: voluntary sector\n---\n\n- Video appointments are hard.\n",
                     encoding="utf-8")
    files = [tmp_path / "survey.xlsx", _paper_forms(tmp_path), notes]
    options = IngestOptions(exercise="Count", text_columns=[CHANGE], closed_columns=["Typed by"])
    reports = []
    for path in files:
        reports += ingest_paths(store, [path], options if path.suffix == ".csv" else
                                IngestOptions(exercise="Count", text_columns=[CHANGE]), redactor)
    assert [r.error for r in reports] == [None, None, None]
    said = 0
    for r in reports:
        said += r.redactions
        for message in r.messages:
            found = re.match(r"(\d+) (?:person name|personal detail)\(s\) redacted", message)
            said += int(found.group(1)) if found else 0
    assert said == 2 + 18 + 1  # as the trial's ingests reported
    report = build_report(store, "Count")
    assert report.method.redactions == said
    for fmt, text in outputs(report, tmp_path).items():
        if not fmt.startswith("easy"):
            assert "(21 taken out: 2 in comments, 18 in tick-box answers and details about "\
                   "people and 1 in the details of events)" in text, fmt


# --- 4. an action whose date has passed ------------------------------------------------------


def test_an_action_not_done_after_its_date_says_it_was_due(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = _survey(tmp_path / "s.csv", ["Response ID", "I am responding as", "Locality", CHANGE],
                   [[f"A{i}", "Service user", "Norwich", TEXTS[i]] for i in range(8)])
    ingest_paths(store, [path], IngestOptions(exercise="Late", text_columns=[CHANGE]), redactor)
    _code(store, "Late")
    with store.session() as s, s.begin():
        ex = store.exercise(s, "Late")
        late = add_action(s, ex, themes=["access"], text="Open an evening clinic for mums",
                          status="in-progress", due="2026-09-30").id
        planned = add_action(s, ex, themes=["access"], text="Write to everyone on the list",
                             status="planned", due="2026-10-31").id
        add_action(s, ex, themes=["access"], text="Text people their place on the list",
                   status="in-progress", due="2027-03-31")
    report = build_report(store, "Late", today=date(2026, 12, 2))
    assert [a.id for a in report.method.overdue] == [late, planned]
    texts = outputs(report, tmp_path)
    for fmt in ("md", "html", "docx"):
        text = texts[fmt]
        assert "In progress, was due 30 September 2026: Open an evening clinic" in text, fmt
        assert "Planned, was due 31 October 2026: Write to everyone" in text, fmt
        assert "In progress, due 31 March 2027: Text people" in text, fmt
        assert "due 30 September 2026" not in text.replace("was due 30 September 2026", ""), fmt
        assert ("2 actions are not done yet and their dates (30 September 2026 and 31 October "
                "2026) have passed") in text, fmt
    for fmt in ("easy md", "easy html", "easy docx"):
        text = texts[fmt]
        assert ("Open an evening clinic for mums. We are doing this now. We wanted to get it done "
                "by September 2026. It is taking longer than we planned.") in text, fmt
        assert ("Write to everyone on the list. We planned to do this by October 2026. It is "
                "taking longer than we planned.") in text, fmt
        assert "We plan to get it done by March 2027." in text, fmt
    _, gate = easy_read_document(report)
    assert any(f"note: action {late} is in progress but its date, 30 September 2026, has passed"
               in line for line in gate.lines())
    assert any(f"note: action {planned} is planned but its date" in line for line in gate.lines())
    # Once done, nothing is said.
    with store.session() as s, s.begin():
        from engage.models import Action
        for action in s.scalars(select(Action)):
            action.status = "done"
    assert not build_report(store, "Late", today=date(2026, 12, 2)).method.overdue


# --- 5. the Easy Read check ------------------------------------------------------------------


@pytest.fixture
def perinatal(store: Store, tmp_path: Path, redactor) -> Report:
    """12 people on access, 3 of them with an answer not on the form, and a perinatal action."""
    answers = ["Yes"] * 6 + ["No"] * 3 + ["Sometimes", "Maybe", "Not really"]
    path = _survey(tmp_path / "p.csv",
                   ["Response ID", "I am responding as", "Locality", "Do you feel listened to?",
                    CHANGE],
                   [[f"Q{i}", "Service user", "Norwich", answers[i], TEXTS[i]]
                    for i in range(12)])
    ingest_paths(store, [path], IngestOptions(exercise="Perinatal", text_columns=[CHANGE],
                                              closed_columns=["Do you feel listened to?"]),
                 redactor)
    _code(store, "Perinatal")
    with store.session() as s, s.begin():
        add_action(s, store.exercise(s, "Perinatal"), themes=["access"],
                   text="Open a perinatal clinic", status="planned", due="2027-06-30")
    return build_report(store, "Perinatal", today=date(2026, 12, 2))


def test_the_easy_read_check_does_not_fail_its_own_sentences(perinatal: Report) -> None:
    document, gate = easy_read_document(perinatal)
    said = [s for b in document.blocks if hasattr(b, "sentences") for s in b.sentences]
    assert "3 people said something else." in said
    assert gate.passed, "\n".join(gate.lines())
    # Perinatal is explained in the word list, not refused.
    rows = {row[0]: row[1] for b in document.blocks if hasattr(b, "rows") for row in b.rows}
    assert "Perinatal" in rows


def test_a_hard_theme_name_is_reported_once_with_how_to_make_it_easy(
    perinatal: Report,
) -> None:
    wording = EasyWording(themes={"access": "continuity of care worker"})
    _, gate = easy_read_document(perinatal, wording)
    assert not gate.passed
    (problem,) = gate.to_rewrite
    assert problem.where == "theme access" and problem.kind == "hard_name"
    assert problem.message.startswith("theme name \u201cContinuity of care worker\u201d is hard "
                                      "to read: give an easier name under 'themes'")
    assert "'words:'" in problem.message
    lines = gate.lines()
    assert sum("Continuity of care worker" in line for line in lines) == 1
    assert not [line for line in lines if "told us about continuity" in line]
    # Explaining its hard word makes it pass, as the hint says.
    wording.words["continuity"] = "Seeing the same worker each time."
    _, gate = easy_read_document(perinatal, wording)
    assert gate.passed, "\n".join(gate.lines())


def test_the_word_list_explains_perinatal_and_service_words_in_easy_words() -> None:
    from engage.reports.easyread import gate

    for word in ("perinatal", "mother and baby unit", "MBU", "IAPT", "talking therapies",
                 "health visitor", "care coordinator"):
        assert word in WORD_LIST
    result = gate([(f"Word list: {w}", meaning, False) for w, meaning in WORD_LIST.items()])
    assert result.passed, "\n".join(result.lines())


def test_service_words_in_actions_are_explained_not_refused(perinatal: Report) -> None:
    import dataclasses

    access = next(t for t in perinatal.themes if t.theme_id == "access")
    action = dataclasses.replace(access.actions[0], text="Open more beds in the MBU")
    themes = [dataclasses.replace(t, actions=[action]) if t is access else t
              for t in perinatal.themes]
    document, gate = easy_read_document(dataclasses.replace(perinatal, themes=themes))
    assert gate.passed, "\n".join(gate.lines())
    rows = {row[0] for b in document.blocks if hasattr(b, "rows") for row in b.rows}
    assert "MBU" in rows


# --- 6. wording ------------------------------------------------------------------------------


def test_who_we_heard_less_from_reads_as_sentences_and_counts_event_audiences(
    store: Store, tmp_path: Path, redactor
) -> None:
    rows = [[f"W{i}", "Service user" if i < 10 else "Carer", "Norwich", TEXTS[i]]
            for i in range(16)]
    path = _survey(tmp_path / "w.csv", ["Response ID", "I am responding as", "Locality", CHANGE],
                   rows)
    notes = tmp_path / "forum.md"
    notes.write_text("---\nevent: Perinatal forum\ndate: 2026-10-05\n"
                     "audience: voluntary sector\n---\n\n- Video appointments are hard.\n",
                     encoding="utf-8")
    ingest_paths(store, [path, notes],
                 IngestOptions(exercise="Words", text_columns=[CHANGE],
                               closed_columns=[]), redactor)
    _code(store, "Words")
    report = build_report(store, "Words")
    assert "Voluntary and community sector: only at events" in report.listening.under_heard
    texts = outputs(report, tmp_path)
    for fmt in ("md", "html", "docx"):
        text = texts[fmt]
        assert ("We heard less from some groups. We heard from nobody among members of the "
                "public or health and care staff. We heard from the voluntary and community "
                "sector only at events, not on forms.") in text, fmt
        assert ": nobody" not in text, fmt
    assert "We only heard from people who work for a charity at meetings." in texts["easy md"]
    assert "We did not hear from any people who work for a charity" not in texts["easy md"]
    assert "| Theme | People and points |" in texts["md"]
    assert "Item | Number" not in texts["md"]


def test_table_captions_do_not_run_into_the_question(perinatal: Report, tmp_path: Path) -> None:
    texts = outputs(perinatal, tmp_path)
    for fmt in ("md", "html", "docx"):
        assert "Do you feel listened to? \u2013 all answers" in texts[fmt], fmt
        assert "listened to? All answers" not in texts[fmt], fmt
