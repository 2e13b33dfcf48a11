"""Ingest audit fixes, end to end in real stores (all data invented): event details and
headers redacted, personal-detail columns left out, Easy Read helpers, blank bullets, formula
cells, the respondent-group column, the exercise's framework, files counted once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from engage.cli import cli
from engage.export import comments_frame
from engage.ingest import IngestOptions, ingest_paths
from engage.models import ClosedAnswer, Comment, Event, Question, Respondent, SourceFile
from engage.store import Store
from surveys.easyread import write_template


def _all_text(store: Store) -> str:
    """Everything stored for display or export (not the kept originals), as one string."""
    with store.session() as s:
        parts = [str(v) for v in s.scalars(select(Comment.text))]
        parts += [str(v) for v in s.scalars(select(Comment.comment_id))]
        parts += [str(v) for v in s.scalars(select(Comment.section))]
        parts += [str(v) for v in s.scalars(select(Question.text))]
        parts += [str(v) for v in s.scalars(select(Question.canonical_id))]
        parts += [str(v) for v in s.scalars(select(ClosedAnswer.value))]
        parts += [json.dumps(m) for m in s.scalars(select(Respondent.meta))]
        for event in s.scalars(select(Event)):
            parts += [event.name, str(event.place), str(event.audience), str(event.locality)]
    return "\n".join(parts)


def _export_text(store: Store) -> str:
    return comments_frame(store).to_csv(index=False)


# 1. Event details --------------------------------------------------------------------------


def test_event_details_from_notes_are_redacted_before_storing(
    store: Store, tmp_path: Path, redactor
) -> None:
    md = tmp_path / "sprowston.md"
    md.write_text(
        "---\nevent: Workshop at Sprowston with Councillor Margaret Thistlewood\n"
        "date: 2026-10-12\nplace: 14 Blue Boar Lane, Sprowston NR7 8RJ\n"
        "audience: Carers\n---\n\n## What needs to change\n\n"
        "- More support for carers in the evenings\n", encoding="utf-8")
    txt = tmp_path / "lowestoft.txt"
    txt.write_text("Event: Lowestoft drop-in run by Sean O Briain\nDate: 2026-10-14\n\n"
                   "The bus to the clinic stops running at six\n", encoding="utf-8")
    reports = ingest_paths(store, [md, txt], IngestOptions(), redactor)
    assert all(r.error is None and r.ingested == 1 for r in reports)
    assert any("redacted in the event's details" in m for m in reports[0].messages)
    with store.session() as s:
        events = {e.name: e for e in s.scalars(select(Event))}
    assert set(events) == {"Workshop at Sprowston with Councillor [NAME]",
                           "Lowestoft drop-in run by [NAME]"}
    place = events["Workshop at Sprowston with Councillor [NAME]"].place
    assert "Blue Boar" not in place and "NR7 8RJ" not in place and "Sprowston" in place
    for shown in (_all_text(store), _export_text(store)):
        for secret in ("Thistlewood", "Margaret", "Sean", "Briain", "Blue Boar", "NR7 8RJ"):
            assert secret not in shown


def test_event_flags_are_redacted_too(sqlite_store: Store, tmp_path: Path, redactor) -> None:
    notes = tmp_path / "n.md"
    notes.write_text("- The waiting room was cold\n", encoding="utf-8")
    options = IngestOptions(event_name="Drop-in with Dr Farida Haque",
                            event_place="14 Blue Boar Lane, Sprowston NR7 8RJ")
    (report,) = ingest_paths(sqlite_store, [notes], options, redactor)
    assert report.error is None
    with sqlite_store.session() as s:
        event = s.scalars(select(Event)).one()
    assert "Farida" not in event.name and "Blue Boar" not in (event.place or "")


# 2. Headers --------------------------------------------------------------------------------


def _header_workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Response ID", "What is working well?", "Comments for Dr Farida Haque"])
    book.active.append(["X1", "The nurse listened to me properly", "She explained it all well"])
    book.active.append(["X2", "Quick appointments this year", "Always kind and patient"])
    book.save(path)
    return path


def test_column_headers_are_redacted_everywhere(store: Store, tmp_path: Path, redactor) -> None:
    path = _header_workbook(tmp_path / "headers.xlsx")
    options = IngestOptions(text_columns=["What is working well?",
                                          "Comments for Dr Farida Haque"])
    (report,) = ingest_paths(store, [path], options, redactor)
    assert report.error is None and report.ingested == 2
    with store.session() as s:
        ids = set(s.scalars(select(Comment.comment_id)))
    assert ids == {"X1/What is working well?", "X2/What is working well?",
                   "X1/Comments for Dr [NAME]", "X2/Comments for Dr [NAME]"}
    assert "Farida" not in json.dumps(report.to_dict())
    for shown in (_all_text(store), _export_text(store)):
        assert "Farida" not in shown and "Haque" not in shown
    # Read again (ids stable, headers without personal details unchanged): nothing added.
    (again,) = ingest_paths(store, [path], options, redactor)
    assert (again.ingested, again.duplicates) == (0, 2)


def test_cli_json_messages_do_not_name_the_person_in_a_header(tmp_path: Path) -> None:
    path = _header_workbook(tmp_path / "headers.xlsx")
    url = f"sqlite:///{tmp_path / 'h.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "Farida" not in result.stdout and "Haque" not in result.stdout
    json.loads(result.stdout)


# 3. Personal-detail columns ----------------------------------------------------------------


def test_personal_detail_columns_worded_differently_are_never_stored(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "contacts.csv"
    header = ["Response ID", "D.O.B", "Name (optional)", "Name of person completing", "Tel",
              "Twitter handle", "Hospital number", "Name of the service you used",
              "What needs to change?"]
    rows = [
        ["1", "01/02/1990", "Jamal Ahmed", "Jamal Ahmed", "01603 123456", "@jamal_a",
         "RGN1234567", "Crisis team", "Shorter waits for a first appointment please"],
        ["2", "03/04/1985", "Priya", "Priya Shah", "01603 654321", "@priya_s", "RGN7654321",
         "GP", "Evening clinics would help people who work"],
        ["3", "05/06/1979", "", "Tom Reed", "", "@tomr", "RGN1112223", "Crisis team",
         "A named worker so I do not repeat my story"],
    ]
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert report.error is None and report.ingested == 3
    message = next(m for m in report.messages if "personal-detail columns left out" in m)
    for column in header[1:7]:
        assert repr(column) in message
    with store.session() as s:
        values = set(s.scalars(select(ClosedAnswer.value)))
        questions = set(s.scalars(select(Question.text)))
    assert values == {"Crisis team", "GP"}
    assert "Name of the service you used" in questions
    shown = _all_text(store) + _export_text(store)
    for secret in ("01/02/1990", "@jamal_a", "RGN1234567", "Jamal", "Priya", "01603"):
        assert secret not in shown


# 4. Easy Read "Who helped me fill this in?" ------------------------------------------------


def test_who_helped_names_are_redacted_in_respondent_details(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = write_template(tmp_path / "forms.xlsx")
    book = load_workbook(path)
    book["Forms"].append(["7", "2026-10-02", "I use mental health services", "Norwich", "Happy",
                          "Yes", "My nurse is kind.", "", "", "Keisha's mum"])
    book["Forms"].append(["8", "2026-10-02", "I use mental health services", "Norwich", "OK",
                          "Yes", "The bus is late.", "", "", "Someone else"])
    book.save(path)
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert report.error is None and report.ingested == 2
    with store.session() as s:
        metas = {r.external_id: r.meta for r in s.scalars(select(Respondent))}
    assert metas["ER-7"]["Who helped me fill this in?"] == "[NAME]'s mum"
    assert metas["ER-8"]["Who helped me fill this in?"] == "Someone else"
    assert "Keisha" not in _export_text(store) and "Keisha" not in _all_text(store)
    assert any("person name(s) redacted" in m for m in report.messages)


# 5. Blank bullets ---------------------------------------------------------------------------


def test_bullets_with_no_words_are_empty_not_comments(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "points.md"
    path.write_text("## What needs to change\n\n- Shorter waits\n- \n- ?\n- —\n", encoding="utf-8")
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert (report.rows, report.ingested, report.empty) == (4, 1, 3)
    assert report.accounted
    with store.session() as s:
        assert list(s.scalars(select(Comment.text))) == ["Shorter waits"]


# 6. Formula cells ---------------------------------------------------------------------------


def test_formula_cells_are_reported_by_file_row_and_column(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "formulas.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["Response ID", "I am responding as", "What needs to change?"])
    sheet.append(["R1", "Carer", "Evening appointments would help a lot of carers"])
    sheet.append(["R2", "", '=HYPERLINK("http://evil.example","click")'])
    sheet.append(["R3", "Service user", "=cmd|' /C calc'!A0"])
    sheet.append(["", "", '=HYPERLINK("http://evil.example","click")'])
    book.save(path)
    (report,) = ingest_paths(store, [path], IngestOptions(
        text_columns=["What needs to change?"]), redactor)
    assert report.error is None and report.accounted
    assert (report.rows, report.ingested) == (4, 1)
    assert [r["row"] for r in report.rejected] == [3, 5]
    for item in report.rejected:
        assert "'What needs to change?' holds a spreadsheet formula, not text: not read" in (
            item["reason"])
    assert any(m.startswith("row 4: ") and "spreadsheet formula" in m for m in report.messages)
    assert report.empty_rows == [4]
    with store.session() as s:
        texts = list(s.scalars(select(Comment.text)))
    assert not any("evil" in t or "cmd" in t for t in texts)


def test_cli_names_the_file_row_and_column_of_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    book = Workbook()
    book.active.append(["id", "What needs to change?"])
    book.active.append(["1", "More evening appointments please, for working people"])
    book.active.append(["2", '=HYPERLINK("http://evil.example","click")'])
    book.save(path)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'f.db'}", "ingest",
                                      str(path), "--text-column", "What needs to change?"])
    assert result.exit_code == 0, result.output
    assert (f"rejected {path}, row 3: 'What needs to change?' holds a spreadsheet formula, "
            "not text: not read") in result.output


# 7. Respondent group ------------------------------------------------------------------------


def _groups_csv(path: Path, header: str) -> Path:
    path.write_text(
        f"Response ID,{header},What needs to change?\n"
        "1,Service user,Shorter waits for a first appointment please\n"
        "2,Carer,Tell carers what is happening with the care plan\n"
        "3,Staff,More time with each patient would help us all\n"
        "4,Carer,Evening support groups for carers who work\n", encoding="utf-8")
    return path


def test_are_you_a_is_read_as_the_respondent_group(store: Store, tmp_path: Path,
                                                    redactor) -> None:
    path = _groups_csv(tmp_path / "are-you.csv", "Are you a...")
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert any("respondent group: 'Are you a...'" in m for m in report.messages)
    assert store.summary()["respondents_by_group"] == {"service_user": 1, "carer": 2, "staff": 1}


def test_group_column_option(tmp_path: Path) -> None:
    path = _groups_csv(tmp_path / "odd.csv", "Tell us about you")
    url = f"sqlite:///{tmp_path / 'g.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(path), "--group-column",
                                      "Tell us about you"])
    assert result.exit_code == 0, result.output
    assert Store(url).summary()["respondents_by_group"] == {
        "service_user": 1, "carer": 2, "staff": 1}
    wrong = CliRunner().invoke(cli, ["--db", url, "ingest", str(path), "--group-column", "Role"])
    assert wrong.exit_code == 1
    assert str(path) in wrong.output and "'Role'" in wrong.output
    assert "'Tell us about you'" in wrong.output and "'What needs to change?'" in wrong.output


# 8. Exercise and framework -----------------------------------------------------------------


FRAMEWORK = """name: Community MH transformation
themes:
  - id: access
    name: Getting help
    description: Waiting, referrals and finding the right service.
  - id: carers
    name: Carers
    description: Support for families and carers.
"""


def test_ingest_says_the_exercise_and_its_framework(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    framework = tmp_path / "cmht.yaml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["--db", url, "framework", "load", str(framework)])
    assert loaded.exit_code == 0, loaded.output
    same = runner.invoke(cli, ["--db", url, "ingest", str(survey_csv)])
    assert same.exit_code == 0, same.output
    assert "exercise 'default' (framework: Community MH transformation)" in same.output
    assert "new exercise" not in same.output
    new = runner.invoke(cli, ["--db", url, "ingest", str(survey_csv), "--exercise",
                              "CMHT 2026", "--json"])
    assert new.exit_code == 0, new.output
    (report,) = json.loads(new.stdout)["files"]
    assert report["exercise"] == "CMHT 2026" and report["new_exercise"] is True
    assert report["framework"] == "Adult mental health strategy themes"
    said = report["messages"][0]
    assert said.startswith("new exercise 'CMHT 2026' created, using the framework")
    assert "'Community MH transformation', which exercise 'default' uses" in said
    # status with several exercises lists them instead of failing
    status = runner.invoke(cli, ["--db", url, "status"])
    assert status.exit_code == 0, status.output
    assert "default: 5 comments, framework: Community MH transformation" in status.output
    assert "CMHT 2026: 5 comments, framework: Adult mental health strategy themes" in (
        status.output)
    assert "--exercise" in status.output
    listed = json.loads(runner.invoke(cli, ["--db", url, "status", "--json"]).stdout)
    assert [e["name"] for e in listed["exercises"]] == ["default", "CMHT 2026"]
    one = runner.invoke(cli, ["--db", url, "status", "--exercise", "CMHT 2026"])
    assert one.exit_code == 0 and "comments: 5" in one.output


# 9. Files counted once -----------------------------------------------------------------------


def test_reingesting_the_same_files_adds_no_file_records(
    store: Store, tmp_path: Path, survey_csv: Path, redactor
) -> None:
    notes = tmp_path / "b.txt"
    notes.write_text("The waiting room was cold\n\nThe staff were kind\n", encoding="utf-8")
    xlsx = _header_workbook(tmp_path / "a.xlsx")
    first = ingest_paths(store, [xlsx, notes], IngestOptions(), redactor)
    again = ingest_paths(store, [xlsx, notes], IngestOptions(), redactor)
    assert all(r.error is None for r in first + again)
    assert all(r.ingested == 0 for r in again)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceFile)) == 2
        stored = {f.name: f.report for f in s.scalars(select(SourceFile))}
    assert store.summary()["files"] == 2
    assert stored["b.txt"]["ingested"] == 2  # the first ingest's report, with the later one
    assert stored["b.txt"]["later_ingests"][0]["duplicates"] == 2
    # a changed file is a new file
    notes.write_text("The waiting room was cold\n\nThe staff were kind\n\nMore parking\n",
                     encoding="utf-8")
    (changed,) = ingest_paths(store, [notes], IngestOptions(), redactor)
    assert (changed.ingested, changed.duplicates) == (1, 2)
    assert store.summary()["files"] == 3


def test_reingest_with_a_text_column_named_still_uses_the_one_file_record(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "forms.csv"
    path.write_text(
        "Serial,Area,What needs to change?,What is bad?\n"
        "1,Norwich,The wait for a first appointment was far too long,Parking\n"
        "2,Breckland,Nobody called me back after I rang the crisis line,Buses\n"
        "3,Norwich,Evening clinics would help people who work,Parking\n", encoding="utf-8")
    ingest_paths(store, [path], IngestOptions(id_column="Serial"), redactor)
    (again,) = ingest_paths(store, [path], IngestOptions(
        id_column="Serial", text_columns=["What needs to change?", "What is bad?"]), redactor)
    assert again.ingested == 3 and again.comments == 3
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(SourceFile)) == 1
        assert s.scalar(select(func.count()).select_from(Comment)) == 6
        assert s.scalar(select(func.count()).select_from(Respondent)) == 3
