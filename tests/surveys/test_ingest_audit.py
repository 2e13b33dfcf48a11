"""Readers' side of the ingest audit fixes: personal-detail headers, "Are you a..." groups,
blank bullets in notes, formula cells in workbooks, header redaction (all data invented)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from surveys.mapping import QuestionMap, looks_like_personal_detail, plan_columns
from surveys.notes import read_notes
from surveys.records import InputFileError
from surveys.survey import read_survey
from surveys.tables import read_xlsx

PERSONAL = ["D.O.B", "Name (optional)", "Name of person completing", "Tel", "Twitter handle",
            "Hospital number", "Your email address", "Contact number",
            "Date of Birth (dd/mm/yyyy)", "Instagram", "NI number", "Full name", "Telephone no",
            "National Insurance number", "Username"]


@pytest.mark.parametrize("header", PERSONAL)
def test_personal_detail_headers_worded_differently_are_left_out(header: str) -> None:
    frame = pd.DataFrame({
        "What needs to change?": ["Shorter waits for a first appointment please"] * 4,
        header: ["01/02/1990", "@jamal_a", "RGN1234567", "x4"],
    }, dtype=str)
    plan = plan_columns(frame)
    assert plan.personal_columns == [header]
    assert header not in plan.closed_columns + plan.meta_columns + plan.text_columns


@pytest.mark.parametrize("header", ["Name of the service you used", "How did we handle it?",
                                    "How did you hear about us?", "Which team?", "Role",
                                    "Would you like us to email you about the results?"])
def test_questions_are_not_taken_for_personal_details(header: str) -> None:
    assert not looks_like_personal_detail(header)


def _group_frame(header: str, values: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        header: values,
        "What needs to change?": ["Shorter waits", "More evening clinics", "Better parking",
                                  "Kinder reception staff"],
    }, dtype=str)


@pytest.mark.parametrize("header", ["Are you a...", "Are you an...?", "Are you...?",
                                    "Are you responding as a"])
def test_are_you_a_is_the_respondent_group_when_its_answers_are_groups(header: str) -> None:
    plan = plan_columns(_group_frame(header, ["Service user", "Carer", "Staff", "Carer"]))
    assert plan.group_column == header
    assert any(f"respondent group: {header!r}" in m for m in plan.messages)


def test_are_you_a_carer_with_yes_no_answers_is_a_question_not_the_group() -> None:
    plan = plan_columns(_group_frame("Are you a carer?", ["Yes", "No", "Yes", "No"]))
    assert plan.group_column is None
    assert "Are you a carer?" in plan.closed_columns


def test_the_group_column_can_be_named() -> None:
    frame = _group_frame("Which best describes you", ["Service user", "Carer", "Staff", "Carer"])
    plan = plan_columns(frame, group_column="Which best describes you")
    assert plan.group_column == "Which best describes you"
    with pytest.raises(InputFileError, match="not found.*'Which best describes you'"):
        plan_columns(frame, group_column="Who")


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_bullets_without_letters_or_digits_are_empty_not_comments(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text("- The wait was too long\n- \n- ?\n- ...\n- 2 buses to get there\n\n"
                    "*\n\n--\n", encoding="utf-8")
    result = read_notes(path)
    said = [a.text for row in result.rows for a in row.answers]
    assert said == ["The wait was too long", "2 buses to get there"]
    assert all(a.text.strip() for row in result.rows for a in row.answers)


def _formula_workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Response ID", "I am responding as", "What needs to change?"])
    sheet.append(["R1", "Carer", "Evening appointments would help a lot"])
    sheet.append(["R2", "", '=HYPERLINK("http://evil.example","click")'])
    sheet.append(["R3", "Service user", "=cmd|' /C calc'!A0"])
    sheet.append(["R4", "Staff", "The crisis line answered quickly this time"])
    sheet.append(["", "", '=HYPERLINK("http://evil.example","click")'])  # last: pandas drops it
    book.save(path)
    return path


def test_formula_cells_without_a_value_are_found_cheaply(tmp_path: Path) -> None:
    table = read_xlsx(_formula_workbook(tmp_path / "f.xlsx"))
    assert table.formula_cells == {3: ["What needs to change?"], 4: ["What needs to change?"],
                                   6: ["What needs to change?"]}
    plain = tmp_path / "plain.xlsx"
    book = Workbook()
    book.active.append(["id", "What needs to change?"])
    book.active.append(["1", "=not a formula, typed as text"])
    book.active["B2"].data_type = "s"
    book.save(plain)
    assert read_xlsx(plain).formula_cells == {}


def test_formula_cells_are_rejected_or_warned_never_silently_empty(tmp_path: Path) -> None:
    result = read_survey(_formula_workbook(tmp_path / "f.xlsx"), QuestionMap(),
                         text_columns=["What needs to change?"])
    rows = {row.row: row for row in result.rows}
    assert sorted(rows) == [2, 3, 4, 5, 6]
    for number in (3, 6):  # nothing else read in the row
        assert "holds a spreadsheet formula, not text: not read" in rows[number].error
        assert "'What needs to change?'" in rows[number].error
    assert rows[4].error is None  # its group was read: kept, with a warning
    assert any("spreadsheet formula" in note for note in rows[4].notes)
    assert rows[4].group == "service_user" and not rows[4].answers


def test_headers_are_redacted_before_use(tmp_path: Path, redactor) -> None:
    path = tmp_path / "s.csv"
    path.write_text("Response ID,What is working well?,Comments for Dr Farida Haque\n"
                    "R1,The nurse listened to me properly,She explained my medication well\n"
                    "R2,Quick appointments this year,Always kind on the phone to my mum\n",
                    encoding="utf-8")

    def redact(texts):
        return [r.text for r in redactor.redact_many(list(texts))]

    result = read_survey(path, QuestionMap(), redact=redact,
                         text_columns=["What is working well?", "Comments for Dr Farida Haque"])
    columns = {a.column for row in result.rows for a in row.answers}
    questions = {a.question_text for row in result.rows for a in row.answers}
    assert columns == {"What is working well?", "Comments for Dr [NAME]"}
    assert questions == columns
    assert result.text_columns == ["What is working well?", "Comments for Dr [NAME]"]
    assert "Farida" not in " ".join(result.messages)
