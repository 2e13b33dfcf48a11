"""The Easy Read typing-up sheet round trip."""

from pathlib import Path

from openpyxl import load_workbook

from surveys.detect import detect_kind
from surveys.easyread import COLUMNS, HAPPY, KNOW_HELP, read_easyread, write_template
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


def test_picture_answers_are_spelt_one_way_so_each_is_counted_once(tmp_path: Path) -> None:
    answers = ["HAPPY", "very happy", "3", "🙂", "😢\ufe0f", "Happy"]
    path = fill(write_template(tmp_path / "form.xlsx"), [
        [str(n), "", "I use mental health services", where, happy, know, "Good", "", "", ""]
        for n, (happy, know, where) in enumerate(
            zip(answers, ["yes", "NO", "Yes", "not sure", "", "No"],
                ["norwich", "NORTH NORFOLK", "Norwich", "", "", "Norwich"], strict=True), start=1)
    ])
    rows = read_easyread(path, QuestionMap()).rows
    happy = [next(c for c in r.closed if c.column == HAPPY) for r in rows]
    assert [(c.value, c.score) for c in happy] == [
        ("Happy", 4), ("Very happy", 5), ("OK", 3), ("Happy", 4), ("Very unhappy", 1),
        ("Happy", 4)]
    know = [c.value for r in rows for c in r.closed if c.column == KNOW_HELP]
    assert know == ["Yes", "No", "Yes", "Not sure", "No"]
    assert [r.locality for r in rows] == [
        "Norwich", "North Norfolk", "Norwich", None, None, "Norwich"]
    assert not any(r.notes for r in rows)


def test_a_column_a_team_added_with_written_words_is_read_as_comments(tmp_path: Path) -> None:
    # An advocate's notes can carry a disclosure: they must be themed and checked for risk,
    # not kept as a detail about the person.
    path = write_template(tmp_path / "form.xlsx")
    book = load_workbook(path)
    sheet = book["Forms"]
    sheet.cell(row=1, column=len(COLUMNS) + 1, value="Advocate notes")
    sheet.cell(row=1, column=len(COLUMNS) + 2, value="Typed by")
    sheet.append(["4", "", "I use mental health services", "Norwich", "OK", "", "Good", "", "",
                  "", "She told me her dad hits her at home", "AB"])
    sheet.append(["5", "", "I use mental health services", "Norwich", "OK", "", "Nice", "", "",
                  "", "", "CD"])
    book.save(path)
    result = read_easyread(path, QuestionMap())
    first, second = result.rows
    assert [a.text for a in first.answers] == ["Good", "She told me her dad hits her at home"]
    assert first.meta["Typed by"] == "AB" and "Advocate notes" not in first.meta
    assert [a.text for a in second.answers] == ["Nice"]
    assert "Advocate notes" in result.text_columns
    assert any("read as comments" in m and "Advocate notes" in m for m in result.messages)
    assert any("details about the person" in m and "Typed by" in m for m in result.messages)


def test_a_picture_typed_with_its_words_is_scored_and_the_note_lists_words_only(
    tmp_path: Path,
) -> None:
    path = fill(write_template(tmp_path / "form.xlsx"), [
        ["1", "", "I use mental health services", "Norwich", "Very happy 😀", "", "Good", "", "",
         ""],
        ["2", "", "I use mental health services", "Norwich", "happy face", "", "Good", "", "",
         ""],
    ])
    first, second = read_easyread(path, QuestionMap()).rows
    assert [(c.value, c.score) for c in first.closed if c.column == HAPPY] == [("Very happy", 5)]
    (note,) = second.notes
    assert "very happy, happy, ok, unhappy, very unhappy;" in note and "😀" not in note
