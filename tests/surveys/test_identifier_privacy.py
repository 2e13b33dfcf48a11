"""Who someone is never becomes an id, a question or a message: ids, contact columns, notes'
meeting lines, and rows an unclosed quote would swallow (fictional data, real files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveys.easyread import HAPPY, read_easyread, write_template
from surveys.mapping import QuestionMap
from surveys.notes import read_notes
from surveys.survey import read_survey
from surveys.tables import read_csv

ANSWERS = ["The crisis team came out within the hour and were kind",
           "Waiting lists for talking therapies are far too long",
           "My GP listened and referred me to the right team quickly"]


def survey(path: Path, header: str, ids: list[str], *more: tuple[str, list[str]]) -> Path:
    """A survey CSV: ``header`` column of ``ids``, then "What needs to change?", then more."""
    columns = [(header, ids), ("What needs to change?", ANSWERS[: len(ids)]), *more]
    lines = [",".join(f'"{name}"' for name, _ in columns)]
    lines += [",".join(f'"{values[i]}"' for _, values in columns) for i in range(len(ids))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def redact_text(redactor):  # noqa: ANN001, ANN201 - the real redactor as ingest passes it
    return lambda texts: [r.text for r in redactor.redact_many(list(texts))]


@pytest.mark.parametrize("header", [
    "Respondent name", "NHS number (ID)", "Respondent email", "Name / ID", "ID / Name",
    "Your reference (email or phone)", "Name (ID)"])
def test_a_header_naming_a_personal_detail_is_never_the_id_column(
    tmp_path: Path, header: str,
) -> None:
    path = survey(tmp_path / "survey.csv", header,
                  ["Aisha Khan", "aisha.khan@example.com", "943 476 5919"])
    result = read_survey(path, QuestionMap())
    assert not any("id column" in m and header in m for m in result.messages)
    assert any("personal-detail columns left out" in m and header in m
               for m in result.messages)
    assert [r.respondent_id for r in result.rows] == ["row-2", "row-3", "row-4"]
    assert result.id_is_generated


def test_ids_that_are_personal_details_are_replaced_by_their_row(tmp_path: Path) -> None:
    path = survey(tmp_path / "survey.csv", "Respondent",
                  ["9434765919", "R2", "aisha.khan@example.com"])
    result = read_survey(path, QuestionMap())
    assert any("id column: 'Respondent'" in m for m in result.messages)
    assert [r.respondent_id for r in result.rows] == ["row-2", "R2", "row-4"]
    said = [m for m in result.messages if "were replaced" in m]
    assert len(said) == 1 and said[0].startswith("2 id(s) in 'Respondent'")
    assert "9434765919" not in " ".join(result.messages)
    assert "aisha" not in " ".join(result.messages)


def test_names_as_ids_are_found_by_the_redactor_and_one_person_keeps_one_id(
    tmp_path: Path, redactor,
) -> None:
    # A long export: one answer per row, a person's answers on several rows.
    path = tmp_path / "long.csv"
    path.write_text(
        "Response ID,Question,Answer\n"
        "Aisha Khan,What is working well?,The crisis team came out within the hour\n"
        "Aisha Khan,What needs to change?,Waiting lists for therapy are far too long\n"
        "R7,What needs to change?,More evening clinics for people who work days\n",
        encoding="utf-8")
    result = read_survey(path, QuestionMap(), question_column="Question",
                         text_columns=["Answer"], redact=redact_text(redactor))
    assert [r.respondent_id for r in result.rows] == ["row-2", "row-2", "R7"]
    assert any(m.startswith("1 id(s) in 'Response ID' were replaced") for m in result.messages)


def test_an_explicit_id_column_naming_a_personal_detail_has_every_id_replaced(
    tmp_path: Path,
) -> None:
    path = survey(tmp_path / "survey.csv", "Email", ["jo", "sam", "jo"])
    result = read_survey(path, QuestionMap(), id_column="Email")
    assert [r.respondent_id for r in result.rows] == ["row-2", "row-3", "row-2"]
    assert any("2 id(s) in 'Email' were replaced, as its header names a personal detail" in m
               for m in result.messages)


def test_plain_ids_are_kept_as_they_are(tmp_path: Path, redactor) -> None:
    ids = ["R1", "1002", "a1b2c3d4-0e1f-4a5b-8c9d-0123456789ab"]
    path = survey(tmp_path / "survey.csv", "Response ID", ids)
    result = read_survey(path, QuestionMap(), redact=redact_text(redactor))
    assert [r.respondent_id for r in result.rows] == ids
    assert not any("were replaced" in m for m in result.messages)


@pytest.mark.parametrize("header", [
    "Contact me", "Can we contact you?", "How can we contact you?", "Contact details",
    "Best way to contact you", "May we contact you?", "Follow up",
    "Would you like us to get back to you?"])
def test_a_column_asking_to_contact_the_person_is_a_personal_detail(
    tmp_path: Path, header: str,
) -> None:
    path = survey(tmp_path / "survey.csv", "Response ID", ["R1", "R2", "R3"],
                  (header, ["yes ring 07700 900123", "Yes - ask for Tyler's dad", "No"]))
    result = read_survey(path, QuestionMap())
    assert any("personal-detail columns left out" in m and header in m
               for m in result.messages)
    stored = [c.value for r in result.rows for c in r.closed] + [
        v for r in result.rows for v in r.meta.values()]
    assert not any("Tyler" in v or "[PHONE]" in v for v in stored)


def test_a_contact_consent_answered_only_yes_or_no_is_kept(tmp_path: Path) -> None:
    path = survey(tmp_path / "survey.csv", "Response ID", ["R1", "R2", "R3"],
                  ("May we contact you?", ["Yes", "No", "yes"]))
    result = read_survey(path, QuestionMap())
    assert {c.value for r in result.rows for c in r.closed} == {"Yes", "No", "yes"}


def test_an_answer_off_the_scale_is_quoted_with_names_redacted(tmp_path: Path, redactor) -> None:
    path = write_template(tmp_path / "form.xlsx")
    book = load_workbook(path)
    book["Forms"].append(["7", "2026-10-02", "I use mental health services", "Norwich",
                          "Tell Precious Mensah I am sad", "No", "Nice staff.", "", "", ""])
    book.save(path)
    result = read_easyread(path, QuestionMap(), redact=redact_text(redactor))
    (note,) = result.rows[0].notes
    assert HAPPY in note and "is not one of" in note and "Mensah" not in note


def test_a_form_number_that_is_a_name_is_replaced(tmp_path: Path, redactor) -> None:
    path = write_template(tmp_path / "form.xlsx")
    book = load_workbook(path)
    for number in ("Aisha Khan", "8"):
        book["Forms"].append([number, "", "", "", "", "", "The café is a lifeline.", "", "",
                              ""])
    book.save(path)
    result = read_easyread(path, QuestionMap(), redact=redact_text(redactor))
    assert [r.respondent_id for r in result.rows] == ["ER-row-2", "ER-8"]


def test_txt_lines_about_the_meeting_are_not_read_into_points(tmp_path: Path) -> None:
    path = tmp_path / "drop-in.txt"
    path.write_text(
        "Carers drop-in, St Mary's hall\n"
        "Run by Mark Evans\n"
        "Facilitated by Grace O'Brien\n"
        "Parking at the hospital is impossible.\n"
        "\n"
        "Attendees: Jo, Sam,\n"
        "Tyler and Ann\n"
        "The evening crisis café is a lifeline.\n",
        encoding="utf-8")
    rows = read_notes(path).rows
    said = [r.answers[0].text for r in rows if r.answers]
    assert said == ["Parking at the hospital is impossible.",
                    "The evening crisis café is a lifeline."]
    assert {r.section for r in rows} == {"Carers drop-in, St Mary's hall"}
    left_out = [r for r in rows if not r.answers]
    assert [r.row for r in left_out] == [2, 3, 6]
    assert all("not a point someone made" in r.notes[0] for r in left_out)


def test_a_txt_paragraph_over_several_lines_is_still_one_point(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Several members said the evening crisis café is the one\n"
                    "service they trust, because nobody rushes them.\n", encoding="utf-8")
    (row,) = read_notes(path).rows
    assert row.answers[0].text.startswith("Several members said") and row.section is None


def test_an_unclosed_quote_in_a_two_column_file_does_not_swallow_the_next_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "two.csv"
    path.write_text('Respondent,Comment\nA1,Fine thanks\nA2,"Tell her mum she knows\nB2,Fine\n',
                    encoding="utf-8")
    table = read_csv(path)
    assert table.frame["Respondent"].tolist() == ["A1", "B2"]
    assert table.row_numbers == [2, 4]
    assert list(table.bad_rows) == [3] and "never closed" in table.bad_rows[3]


def test_a_two_column_file_with_a_closed_multi_line_answer_loses_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "two.csv"
    path.write_text('Respondent,Comment\nA1,Fine thanks\nA2,"Line one,\nB2,then more"\n'
                    "A3,Good\n", encoding="utf-8")
    table = read_csv(path)
    assert table.bad_rows == {}
    assert table.frame["Comment"].tolist() == ["Fine thanks", "Line one,\nB2,then more", "Good"]
