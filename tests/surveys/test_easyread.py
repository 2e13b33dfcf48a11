"""The Easy Read typing-up sheet round trip."""

from pathlib import Path

from openpyxl import load_workbook

from surveys.detect import detect_kind
from surveys.easyread import COLUMNS, HAPPY, read_easyread, write_template
from surveys.mapping import QuestionMap


def fill(path: Path, rows: list[list[str]]) -> Path:
    book = load_workbook(path)
    for row in rows:
        book["Forms"].append(row)
    book.save(path)
    return path


def test_template_has_plain_questions_and_picture_choices(tmp_path: Path) -> None:
    path = write_template(tmp_path / "form.xlsx")
    book = load_workbook(path)
    assert [c.value for c in book["Forms"][1]] == COLUMNS
    lists = [v.formula1 for v in book["Forms"].data_validations.dataValidation]
    assert any("Very happy" in f and "Very unhappy" in f for f in lists)
    assert any("A support worker or advocate" in f for f in lists)
    assert "Guide" in book.sheetnames
    assert detect_kind(path) == "easyread"


def test_smiley_answers_become_scores_and_free_text_is_kept(tmp_path: Path) -> None:
    path = fill(
        write_template(tmp_path / "form.xlsx"),
        [
            [
                "7",
                "2026-10-02",
                "I use mental health services",
                "Norwich",
                "Very unhappy",
                "No",
                "My support worker is nice.",
                "The waiting is too long.",
                "",
                "A support worker or advocate",
            ],
            [
                "8",
                "2026-10-03",
                "I look after someone (carer)",
                "I do not want to say",
                "happy",
                "Yes",
                "",
                "",
                "",
                "Nobody - I did it myself",
            ],
        ],
    )
    result = read_easyread(path, QuestionMap())
    first, second = result.rows
    assert first.respondent_id == "ER-7"
    assert first.group == "service_user"
    assert {c.column: c.score for c in first.closed}[HAPPY] == 1
    assert [a.text for a in first.answers] == [
        "My support worker is nice.",
        "The waiting is too long.",
    ]
    assert first.meta["Who helped me fill this in?"] == "A support worker or advocate"
    assert second.locality is None
    assert {c.column: c.score for c in second.closed}[HAPPY] == 4
    assert second.answers == []


def test_unknown_smiley_answer_keeps_the_form_without_a_score(tmp_path: Path) -> None:
    path = fill(
        write_template(tmp_path / "form.xlsx"),
        [["9", "", "I use mental health services", "Norwich", "Very hapy", "", "Good", "", "", ""]],
    )
    (row,) = read_easyread(path, QuestionMap()).rows
    assert row.error is None and [a.text for a in row.answers] == ["Good"]
    [happy] = [c for c in row.closed if c.value == "Very hapy"]
    assert happy.score is None
    assert "Very hapy" in row.notes[0] and "without a score" in row.notes[0]
