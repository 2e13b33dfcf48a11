"""Ingest into real SQLite and PostgreSQL stores: every row accounted for, nothing lost."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from engage.ingest import IngestOptions, ingest_paths, read_file
from engage.models import ClosedAnswer, Comment, Event, Question, Respondent
from engage.store import Store
from surveys.easyread import write_template
from surveys.records import InputFileError


def comments(store: Store) -> dict[str, Comment]:
    with store.session() as s:
        return {c.comment_id: c for c in s.scalars(select(Comment))}


def test_survey_rows_are_all_accounted_for(store: Store, survey_csv: Path, redactor) -> None:
    (report,) = ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    assert report.error is None
    assert report.kind == "survey"
    assert (report.rows, report.ingested, report.duplicates, report.empty) == (4, 3, 0, 1)
    assert report.rejected == []
    assert report.accounted
    assert report.comments == 5
    stored = comments(store)
    assert set(stored) == {
        "R1/What is working well?",
        "R1/What needs to change?",
        "R2/What needs to change?",
        "R4/What is working well?",
        "R4/What needs to change?",
    }
    r1 = stored["R1/What needs to change?"]
    assert r1.text == r1.original_text  # nothing personal in it
    assert "£30" in r1.text and "‘every time’" in r1.text and "–" in r1.text


def test_personal_details_are_redacted_and_the_original_kept_apart(
    store: Store, survey_csv: Path, redactor
) -> None:
    (report,) = ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    assert report.redactions >= 1 and report.redactions_by_type.get("PHONE") == 1
    c = comments(store)["R2/What needs to change?"]
    assert "07700 900123" not in c.text and "[PHONE]" in c.text
    assert "07700 900123" in c.original_text
    assert c.redactions[0]["label"] == "PHONE"


def test_reingesting_a_file_adds_nothing(store: Store, survey_csv: Path, redactor) -> None:
    ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    (again,) = ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    assert (again.ingested, again.duplicates, again.empty, again.comments) == (0, 3, 1, 0)
    assert again.accounted
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 5
        assert s.scalar(select(func.count()).select_from(Respondent)) == 4
        assert s.scalar(select(func.count()).select_from(ClosedAnswer)) == 4


def test_the_same_file_again_adds_nothing_even_when_its_ids_are_now_read_differently(
    store: Store, tmp_path: Path, redactor
) -> None:
    """Ids can change between two ingests of one file (an id column now detected, or named with
    --id-column): the rows are still the same people and the same comments."""
    path = tmp_path / "forms.csv"
    path.write_text(
        "Serial,Ref,Area,What needs to change?,Happy?\n"
        "1,A-7,Norwich,The wait for a first appointment was far too long,No\n"
        "2,A-9,Breckland,,Yes\n"
        "3,A-4,Norwich,Nobody called me back after I rang the crisis line,No\n"
    )
    (first,) = ingest_paths(store, [path], IngestOptions(id_column="Serial"), redactor)
    (again,) = ingest_paths(store, [path], IngestOptions(id_column="Ref"), redactor)
    assert (first.ingested, first.empty) == (2, 1)
    assert (again.ingested, again.duplicates, again.empty) == (0, 2, 1)
    assert store.summary()["files"] == 1  # one file, ingested twice
    with store.session() as s:  # each ingest is in the History of changes
        from engage.audit import audit_frame

        trail = audit_frame(s, store.exercise(s))
    ingests = trail[trail["action"] == "ingest"]
    assert ingests["entity_key"].tolist() == ["forms.csv", "forms.csv"]
    assert [a["ingested"] for a in ingests["after"]] == [2, 0]
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 2
        assert s.scalar(select(func.count()).select_from(Respondent)) == 3
        happy = s.scalar(select(func.count()).select_from(ClosedAnswer).join(Question).where(
            Question.canonical_id == "happy"))
        assert happy == 3


def test_bad_rows_are_rejected_with_file_row_and_reason_and_good_rows_go_in(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(
        "id,comment\n"
        "a,Good support from the team\n"
        "b,extra,field here\n"
        "a,Good support from the team\n"
        "a,A different comment reusing id a\n"
        "c,\n"
        "d,Waited far too long\n"
    )
    (report,) = ingest_paths(store, [path], IngestOptions(text_columns=["comment"]), redactor)
    assert report.rows == 6 and report.accounted
    assert (report.ingested, report.duplicates, report.empty) == (3, 1, 1)
    assert report.rejected == [{"row": 3, "reason": "row has 3 fields but the header has 2"}]
    assert (report.duplicate_rows, report.empty_rows) == ([4], [6])  # to check the forms by
    # An id reused with different answers is a second person, kept and said (a typing slip).
    assert any(m.startswith("row 5: 'a' is also the id on row 2") for m in report.messages)
    # One text column: the id is the comment id.
    assert set(comments(store)) == {"a", "a (row 5)", "d"}


def test_without_id_column_comment_ids_are_row_numbers(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "noid.csv"
    path.write_text("comment,group\nToo slow to get help,carer\nKind staff on the ward,public\n")
    ingest_paths(store, [path], IngestOptions(text_columns=["comment"]), redactor)
    assert set(comments(store)) == {"row-2", "row-3"}
    other = tmp_path / "other.csv"
    other.write_text("comment,group\nA different first row,carer\n")
    (report,) = ingest_paths(store, [other], IngestOptions(text_columns=["comment"]), redactor)
    assert report.ingested == 1
    assert "other:row-2" in comments(store)
    # Each file's people stay its own: a second survey's row 2 is not the first's row 2.
    with store.session() as s:
        people = {(r.external_id, r.group) for r in s.scalars(select(Respondent))}
        owner = s.scalar(select(Respondent.external_id).join(
            Comment, Comment.respondent_id == Respondent.id).where(
            Comment.comment_id == "other:row-2"))
    assert people == {("row-2", "carer"), ("row-3", "public"), ("other:row-2", "carer")}
    assert owner == "other:row-2"
    (again,) = ingest_paths(store, [other], IngestOptions(text_columns=["comment"]), redactor)
    assert (again.ingested, again.duplicates) == (0, 1)


def test_a_form_sent_twice_counts_once_but_two_people_giving_one_short_answer_count_twice(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "forms.csv"
    sent = "2026-03-04 10:15:02,Carer,The crisis line kept me on hold for an hour at night\n"
    path.write_text(
        "Timestamp,I am responding as,What needs to change?\n" + sent + sent
        + ",Service user,Nothing\n,Service user,Nothing\n"
    )
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert (report.rows, report.ingested, report.duplicates) == (4, 3, 1)
    assert any("row 3: the same answers as row 2" in m for m in report.messages)
    with store.session() as s:
        people = s.scalar(select(func.count()).select_from(Respondent))
    assert people == 3


def test_placeholder_answers_are_blank_but_none_and_nothing_are_answers(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "na.csv"
    path.write_text("id,What could be better?\n1,N/A\n2,-\n3,Nothing\n4,None\n5,n / a\n"
                    "6,Evening appointments\n")
    options = IngestOptions(text_columns=["What could be better?"])
    (report,) = ingest_paths(store, [path], options, redactor)
    assert (report.rows, report.ingested, report.empty) == (6, 3, 3)
    assert sorted(c.text for c in comments(store).values()) == [
        "Evening appointments", "None", "Nothing"]


@pytest.mark.parametrize(
    ("content", "command"),
    [("comment_id,theme,sentiment\nR1,access,negative\n", "engage labels import"),
     ("name,description,keywords\nWaiting,Waiting lists,wait\n", "engage framework load")],
)
def test_a_labels_file_or_theme_table_given_to_ingest_is_refused_with_its_command(
    store: Store, tmp_path: Path, redactor, content: str, command: str
) -> None:
    path = tmp_path / "mistake.csv"
    path.write_text(content)
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert report.error and command in report.error and report.ingested == 0


def test_corrupt_file_is_named_and_other_files_still_go_in(
    store: Store, tmp_path: Path, survey_csv: Path, redactor
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"garbage")
    missing = tmp_path / "missing.csv"
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF")
    reports = ingest_paths(store, [broken, survey_csv, missing, odd], IngestOptions(), redactor)
    assert str(broken) in reports[0].error and "xlsx" in reports[0].error
    assert reports[1].error is None and reports[1].ingested == 3
    assert "no such file" in reports[2].error
    assert "unsupported file type '.pdf'" in reports[3].error


def test_event_notes_keep_event_and_section(store: Store, tmp_path: Path, redactor) -> None:
    document = docx.Document()
    for line in ("Event: Carers forum", "Date: 2026-10-20", "Place: Great Yarmouth library"):
        document.add_paragraph(line)
    document.add_heading("What carers said", level=1)
    document.add_paragraph("Nobody asked me, his mum, what helps.", style="List Bullet")
    document.add_paragraph("My husband Peter waited nine months.", style="List Bullet")
    path = tmp_path / "carers-forum.docx"
    document.save(path)
    (report,) = ingest_paths(store, [path], IngestOptions(event_audience="Carers"), redactor)
    assert (report.kind, report.rows, report.ingested) == ("notes", 2, 2)
    with store.session() as s:
        event = s.scalar(select(Event))
        assert (event.name, event.place, event.audience) == (
            "Carers forum",
            "Great Yarmouth library",
            "Carers",
        )
        stored = s.scalars(select(Comment).order_by(Comment.id)).all()
        assert {c.source for c in stored} == {"notes"}
        assert {c.section for c in stored} == {"What carers said"}
        assert all(c.event_id == event.id for c in stored)
        assert "Peter" not in stored[1].text and "[NAME]" in stored[1].text


def test_points_in_one_markdown_table_row_are_separate_comments(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "workshop.md"
    path.write_text(
        "| Theme | Working | To change |\n|---|---|---|\n"
        "| Access | The Friday drop-in is easy to reach | Waits are too long<br>Nobody rings |\n"
    )
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert (report.rows, report.ingested, report.rejected) == (3, 3, [])
    assert set(comments(store)) == {"workshop-3.1", "workshop-3.2", "workshop-3.3"}
    (again,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert (again.ingested, again.duplicates) == (0, 3)


def test_easy_read_forms_keep_their_source_and_scores(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = write_template(tmp_path / "forms.xlsx")
    book = load_workbook(path)
    book["Forms"].append(
        [
            "1",
            "2026-10-02",
            "I use mental health services",
            "Norwich",
            "Unhappy",
            "No",
            "My nurse is kind.",
            "The waiting is too long.",
            "",
            "Nobody - I did it myself",
        ]
    )
    book.save(path)
    options = IngestOptions(text_columns=["What is good?", "What could be better?"])
    (report,) = ingest_paths(store, [path], options, redactor)
    assert (report.kind, report.ingested) == ("easyread", 1)
    with store.session() as s:
        assert {c.source for c in s.scalars(select(Comment))} == {"easyread"}
        assert s.scalar(select(ClosedAnswer.score).where(ClosedAnswer.value == "Unhappy")) == 2


def test_question_map_puts_easy_read_and_survey_answers_on_one_question(
    store: Store, tmp_path: Path, redactor
) -> None:
    qmap = tmp_path / "map.yaml"
    qmap.write_text(
        "questions:\n  - id: needs_to_change\n    text: What needs to change?\n"
        "    columns: ['What needs to change?', 'What is bad?']\n"
    )
    survey = tmp_path / "s.csv"
    survey.write_text("id,What needs to change?\n1,Shorter waits for therapy and more staff\n")
    forms = write_template(tmp_path / "forms.xlsx")
    book = load_workbook(forms)
    book["Forms"].append(["1", "", "", "", "", "", "", "Waiting is bad.", "", ""])
    book.save(forms)
    ingest_paths(store, [survey, forms], IngestOptions(question_map=qmap), redactor)
    with store.session() as s:
        questions = {
            c.comment_id: q.canonical_id
            for c, q in s.execute(select(Comment, Question).join(Question)).all()
        }
    assert set(questions.values()) == {"needs_to_change"}
    assert len(questions) == 2


def test_long_export_takes_each_rows_question_from_a_column(
    store: Store, tmp_path: Path, redactor
) -> None:
    qmap = tmp_path / "map.yaml"
    qmap.write_text(
        "questions:\n  - id: could_improve\n    text: What could we do better?\n"
        "    columns: ['could_improve']\n"
    )
    survey = tmp_path / "long.csv"
    survey.write_text(
        "Comment ID,FFT question,FFT answer\n"
        "a1,could_improve,Evening appointments would help a lot\n"
        "a2,What was good?,The nurse listened to me properly\n"
        "a3,,Nothing else to add about the service today\n"
    )
    options = IngestOptions(
        question_map=qmap, question_column="FFT question", text_columns=["FFT answer"],
        id_column="Comment ID",
    )
    [report] = ingest_paths(store, [survey], options, redactor)
    assert (report.ingested, report.rejected) == (3, [])
    with store.session() as s:
        asked = {
            c.comment_id: (q.canonical_id, q.text)
            for c, q in s.execute(select(Comment, Question).join(Question)).all()
        }
    assert asked == {
        "a1": ("could_improve", "What could we do better?"),
        "a2": ("what_was_good", "What was good?"),
        "a3": ("fft_answer", "FFT answer"),  # no question given: the column's own
    }
    with pytest.raises(InputFileError, match="not found"):
        read_file(survey, "survey", IngestOptions(question_column="Question"))


def test_exercises_are_kept_apart(store: Store, survey_csv: Path, redactor) -> None:
    ingest_paths(store, [survey_csv], IngestOptions(exercise="Autumn"), redactor)
    (report,) = ingest_paths(store, [survey_csv], IngestOptions(exercise="Spring"), redactor)
    assert report.ingested == 3
    assert store.summary("Spring")["comments"] == 5


def _forms_export(path: Path, title_rows: int) -> None:
    """An online-form export: a title block, then who answered, when, and their answers."""
    import pandas as pd

    frame = pd.DataFrame({
        "ID": [1, 2, 3],
        "Start time": ["2026-03-01 10:00", "2026-03-02 11:00", "2026-03-03 12:00"],
        "Completion time": ["2026-03-01 10:05", "2026-03-02 11:09", "2026-03-03 12:01"],
        "Email": ["jamie.patel@example.org", "anonymous", "anonymous"],
        "Name": ["Jamie Patel", "", ""],
        "Phone number": ["07700 900456", "", ""],
        "What is working well?": ["The crisis team were brilliant when I rang at night.",
                                  "Nothing", ""],
        "What could be better?": ["Waiting nine months for therapy.",
                                  "My GP and the mental health team never talk to each other.",
                                  ""],
        "Are you a carer?": ["Yes", "No", "No"],
    })
    with pd.ExcelWriter(path) as writer:
        title = pd.DataFrame([["Community mental health survey"], ["Exported 5 March 2026"]])
        title.head(title_rows).to_excel(writer, index=False, header=False)
        frame.to_excel(writer, index=False, startrow=title_rows + (1 if title_rows else 0))


@pytest.mark.parametrize("title_rows", [0, 2])
def test_form_exports_keep_answers_and_never_store_who_answered(
    store: Store, tmp_path: Path, redactor, title_rows: int
) -> None:
    from engage.reports import write_report

    path = tmp_path / "forms.xlsx"
    _forms_export(path, title_rows)
    report = ingest_paths(store, [path], IngestOptions(), redactor)[0]
    assert (report.rows, report.ingested, report.empty) == (3, 2, 1)
    assert any("personal-detail columns left out" in m and "'Email'" in m and "'Name'" in m
               and "'Phone number'" in m for m in report.messages)
    if title_rows:
        assert any(f"header on row {title_rows + 2}" in m for m in report.messages)
    with store.session() as s:
        stored = {c.text for c in s.scalars(select(Comment))}
        questions = {q.text: q.kind for q in s.scalars(select(Question))}
        closed = {a.value for a in s.scalars(select(ClosedAnswer))}
    assert "The crisis team were brilliant when I rang at night." in stored
    assert questions == {"What is working well?": "open", "What could be better?": "open",
                         "Are you a carer?": "closed"}
    assert closed == {"Yes", "No"}
    written = write_report(store, tmp_path / "report.md").path.read_text()
    for detail in ("jamie", "patel", "example.org", "07700", "completion time"):
        assert detail not in written.lower() and detail not in " ".join(stored).lower()


def test_contact_details_in_tick_box_answers_and_respondent_details_are_redacted(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "small.csv"
    path.write_text(
        "Response ID,What needs to change?,Contact,Age band,Where do you live?\n"
        "A1,Shorter waits for therapy please,jamie.patel@example.org,25-34,NR2 4PH\n"
        "A2,The crisis line never answers at night,07700 900456,35-44,Norwich\n"
    )
    ingest_paths(store, [path], IngestOptions(), redactor)
    with store.session() as s:
        closed = {a.value for a in s.scalars(select(ClosedAnswer))}
        people = {(r.locality, tuple(sorted((r.meta or {}).items())))
                  for r in s.scalars(select(Respondent))}
    assert closed == {"[EMAIL]", "[PHONE]"}
    assert {locality for locality, _ in people} == {"[POSTCODE]", "Norwich"}
    assert all("example.org" not in str(meta) for _, meta in people)


def test_names_in_tick_box_answers_and_respondent_details_are_redacted(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "named.csv"
    path.write_text(
        "Response ID,What needs to change?,Who supported you?,Team,Where do you live?\n"
        "B1,Shorter waits for therapy please,Dr Okafor,Crisis team,Norwich\n"
        "B2,The crisis line never answers at night,Other: my key worker Lisa,Crisis team,"
        "Great Yarmouth\n"
        "B3,More evening groups,Peer support worker,Talking therapies,Norwich\n"
    )
    options = IngestOptions(text_columns=["What needs to change?"], meta_columns=["Team"],
                            closed_columns=["Who supported you?"])
    (report,) = ingest_paths(store, [path], options, redactor)
    assert report.ingested == 3
    assert any("2 person name(s) redacted in tick-box answers" in m for m in report.messages)
    with store.session() as s:
        closed = {a.value for a in s.scalars(select(ClosedAnswer))}
        people = {(r.locality, (r.meta or {}).get("Team")) for r in s.scalars(select(Respondent))}
    assert closed == {"Dr [NAME]", "Other: my key worker [NAME]", "Peer support worker"}
    assert people == {("Norwich", "Crisis team"), ("Great Yarmouth", "Crisis team"),
                      ("Norwich", "Talking therapies")}


def test_a_row_of_group_headings_over_the_header_is_skipped(
    store: Store, tmp_path: Path, redactor
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Summary"
    book.active.append(["Paper forms typed up in November"])
    sheet = book.create_sheet("Responses")
    sheet.append(["About you", None, "Your views", None])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:D1")
    sheet.append(["Form no.", "Area", "What is good?", "What could be better?"])
    sheet.append(["P1", "East", "The nurse who visits me is kind.", "Waiting lists are too long."])
    sheet.append(["P2", "West", "My support worker listens.", "Nobody rings back."])
    path = tmp_path / "paper.xlsx"
    book.save(path)
    options = IngestOptions(text_columns=["What is good?", "What could be better?"])
    (report,) = ingest_paths(store, [path], options, redactor)
    assert report.error is None, report.error
    assert (report.rows, report.ingested, report.comments) == (2, 2, 4)
    assert any("header on row 2" in m for m in report.messages)
    with store.session() as s:
        assert {r.locality for r in s.scalars(select(Respondent))} == {"East", "West"}


def test_a_file_the_reader_fails_on_is_named_and_the_others_still_go_in(
    store: Store, tmp_path: Path, survey_csv: Path, redactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engage.ingest as ingest

    real = ingest.read_file
    bad = tmp_path / "odd-layout.csv"
    bad.write_text("id,comment\n1,hello\n")

    def read_or_fail(path: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if path == bad:
            raise AttributeError("'DataFrame' object has no attribute 'str'")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_file", read_or_fail)
    first, second = ingest_paths(store, [bad, survey_csv], IngestOptions(), redactor)
    assert str(bad) in first.error and "could not be read" in first.error
    assert second.error is None and second.ingested == 3


def test_dates_that_cannot_tell_their_order_say_so_and_month_first_rereads_them(
    store: Store, tmp_path: Path, redactor
) -> None:
    from datetime import date

    path = tmp_path / "gforms.csv"
    path.write_text(
        "Timestamp,What needs to change?\n"
        "3/2/2026 10:00:00,The wait for a first appointment was far too long\n"
        "3/8/2026 10:06:00,Nobody called me back after I rang the crisis line\n"
    )
    (first,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert any("no date in it has a day above 12" in m and "--month-first" in m
               for m in first.messages)
    with store.session() as s:
        assert sorted(s.scalars(select(Respondent.submitted))) == [
            date(2026, 2, 3), date(2026, 8, 3)]
    (again,) = ingest_paths(store, [path], IngestOptions(month_first=True), redactor)
    assert (again.ingested, again.duplicates) == (0, 2)
    assert "dates of 2 people already stored were read again and changed" in again.messages
    with store.session() as s:
        assert sorted(s.scalars(select(Respondent.submitted))) == [
            date(2026, 3, 2), date(2026, 3, 8)]


def test_naming_a_text_column_after_the_hint_adds_its_answers_not_the_others_again(
    store: Store, tmp_path: Path, redactor
) -> None:
    """The ingest suggests --text-column for a question it counted as tick-box answers; taking
    the advice must add that question's comments, not store every other comment twice (their
    ids change from "S01" to "S01/What is bad?"), and its tick-box answers go."""
    path = tmp_path / "plain-survey.csv"
    path.write_text(
        "Response ID,Who are you?,What is good?,What is bad?\n"
        "S01,I use mental health services,Kind staff,I waited far too long for help\n"
        "S02,I look after someone (carer),Kind staff,Nobody asks me how I am coping\n"
        "S03,I use mental health services,The garden,The bus to the clinic is always late\n"
    )
    (first,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert first.comments == 3
    named = IngestOptions(text_columns=["What is good?", "What is bad?"])
    (again,) = ingest_paths(store, [path], named, redactor)
    assert (again.comments, again.ingested, again.duplicates) == (3, 3, 0)
    assert any("read as free text this time" in m and "What is good?" in m
               for m in again.messages)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 6
        good = s.scalar(select(Question).where(Question.canonical_id == "what_is_good"))
        assert good.kind == "open"
        assert s.scalar(select(func.count()).select_from(ClosedAnswer).where(
            ClosedAnswer.question_id == good.id)) == 0
    (third,) = ingest_paths(store, [path], named, redactor)
    assert (third.comments, third.duplicates) == (0, 3)


def test_two_forms_given_one_number_are_kept_as_two_people(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = write_template(tmp_path / "forms.xlsx")
    book = load_workbook(path)
    for row in (
        ["202", "", "I use mental health services", "Norwich", "Happy", "Yes", "Kind nurses", "",
         "", ""],
        ["202", "", "I look after someone (carer)", "North Norfolk", "Unhappy", "No", "",
         "Nobody listens to carers", "", ""],
        [None] * 10,  # a blank row between forms
        ["203", "", "I use mental health services", "Norwich", "OK", "", "The drop in", "", "",
         ""],
        ["203", "", "I use mental health services", "Norwich", "OK", "", "The drop in", "", "",
         ""],
    ):
        book["Forms"].append(row)
    book.save(path)
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert report.accounted
    assert (report.ingested, report.duplicates, report.empty) == (3, 1, 1)
    assert any("'ER-202' is also the id on row 2" in m and "ER-202 (row 3)" in m
               for m in report.messages)
    with store.session() as s:
        people = {r.external_id: r for r in s.scalars(select(Respondent))}
        # The blank row is nobody; the second 202 keeps its own answers.
        assert set(people) == {"ER-202", "ER-202 (row 3)", "ER-203"}
        assert (people["ER-202"].group, people["ER-202 (row 3)"].group) == (
            "service_user", "carer")
        scores = dict(s.execute(select(Respondent.external_id, ClosedAnswer.score).join(
            ClosedAnswer).join(Question).where(Question.canonical_id.like("how_happy%"))).all())
        assert scores == {"ER-202": 4, "ER-202 (row 3)": 2, "ER-203": 3}
