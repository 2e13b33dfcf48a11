"""The Easy Read form: its typing-up spreadsheet, and reading returned forms back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from surveys.mapping import ColumnPlan, QuestionMap
from surveys.records import InputFileError, InputRow, ReadResult
from surveys.survey import TextRedactor, hidden_ids, redact_headers, rows_from_table
from surveys.tables import read_xlsx

FORM_NUMBER = "Form number"
DATE_RECEIVED = "Date received"
WHO = "Who am I?"
WHERE = "Where do I live?"
HAPPY = "How happy am I with mental health services?"
KNOW_HELP = "Do I know where to go for help?"
GOOD = "What is good?"
BAD = "What is bad?"
BETTER = "What would make things better?"
HELPER = "Who helped me fill this in?"

WHO_CHOICES = [
    "I use mental health services",
    "I look after someone (carer)",
    "I am a member of the public",
    "I work in health or care",
    "I work for a charity or group",
]
WHERE_CHOICES = [
    "Norwich",
    "North Norfolk",
    "South Norfolk",
    "West Norfolk",
    "Great Yarmouth and Waveney",
    "I do not want to say",
]
HAPPY_SCALE = {"very happy": 5, "happy": 4, "ok": 3, "unhappy": 2, "very unhappy": 1}
HAPPY_CHOICES = ["Very happy", "Happy", "OK", "Unhappy", "Very unhappy"]
YES_NO = ["Yes", "No", "Not sure"]
HELPER_CHOICES = [
    "Nobody - I did it myself",
    "A family member or carer",
    "A support worker or advocate",
    "Someone else",
]
TEXT_COLUMNS = [GOOD, BAD, BETTER]
COLUMNS = [FORM_NUMBER, DATE_RECEIVED, WHO, WHERE, HAPPY, KNOW_HELP, GOOD, BAD, BETTER, HELPER]
CHOICES = {
    WHO: WHO_CHOICES,
    WHERE: WHERE_CHOICES,
    HAPPY: HAPPY_CHOICES,
    KNOW_HELP: YES_NO,
    HELPER: HELPER_CHOICES,
}
PICTURES = {"Very happy": "😀", "Happy": "🙂", "OK": "😐", "Unhappy": "🙁", "Very unhappy": "😢"}

GUIDE = [
    "How to type up returned Easy Read forms",
    "",
    "Use one row on the 'Forms' sheet for each paper form.",
    "Write the form number from the top of the paper form in 'Form number'.",
    "Pick answers from the drop-down lists. The smiley faces mean:",
    *[f"   {PICTURES[c]}  {c}" for c in HAPPY_CHOICES],
    "Type the words in the boxes exactly as written, including spelling.",
    "Leave a box empty if the person did not write anything.",
    "Do not type names, phone numbers or addresses you can see: the toolkit removes them,",
    "but it is safer not to copy them at all.",
    "Then run: engage ingest --kind easyread THIS-FILE.xlsx",
]


def write_template(path: str | Path, rows: int = 500) -> Path:
    """Write the typing-up spreadsheet with drop-down lists for the picture answers."""
    path = Path(path)
    book = Workbook()
    forms = book.active
    forms.title = "Forms"
    forms.append(COLUMNS)
    for cell in forms[1]:
        cell.font = Font(bold=True, size=14)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    forms.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = forms.cell(row=1, column=index).column_letter
        forms.column_dimensions[letter].width = 45 if column in TEXT_COLUMNS else 24
        if column in CHOICES:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(CHOICES[column]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Pick from the list",
                error="Please pick one of the answers in the list.",
            )
            forms.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{rows + 1}")
    guide = book.create_sheet("Guide")
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=16)
    guide.column_dimensions["A"].width = 100
    for row in guide.iter_rows(min_row=2):
        row[0].font = Font(size=14)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def read_easyread(
    path: Path, questions: QuestionMap, redact: TextRedactor | None = None
) -> ReadResult:
    """Read a filled-in typing-up spreadsheet; smiley answers become 1-5 scores. ``redact``
    redacts the headers of columns a team added ("Notes for Dr Okafor") before they are used,
    and answers quoted in messages; a form number that is a personal detail (a name) becomes
    ``ER-row-N`` (see :func:`surveys.survey.hidden_ids`)."""
    table = read_xlsx(path, sheet="Forms")
    missing = [c for c in (FORM_NUMBER, *TEXT_COLUMNS) if c not in table.frame.columns]
    if missing:
        raise InputFileError(
            "not an Easy Read typing-up sheet: missing column(s) " + ", ".join(map(repr, missing))
        )
    _, questions, changed = redact_headers(table, redact, questions, keep=COLUMNS)
    present = set(table.frame.columns)
    known = {FORM_NUMBER, DATE_RECEIVED, WHO, WHERE, HAPPY, KNOW_HELP, HELPER, *TEXT_COLUMNS}
    extra = [c for c in table.frame.columns if c and c not in known]
    # A column a team added ("Advocate notes") holds words someone wrote down: read as comments,
    # so they are themed and checked for risk, not filed away as details about the person.
    written = [c for c in extra if _has_sentences(table.frame[c])]
    text_columns = TEXT_COLUMNS + written
    plan = ColumnPlan(
        id_column=FORM_NUMBER,
        text_columns=text_columns,
        closed_columns=[c for c in (HAPPY, KNOW_HELP) if c in present],
        meta_columns=[c for c in (HELPER, *extra) if c in present and c not in written],
        group_column=WHO if WHO in present else None,
        locality_column=WHERE if WHERE in present else None,
        date_column=DATE_RECEIVED if DATE_RECEIVED in present else None,
    )
    scale = dict(HAPPY_SCALE) | {str(v): v for v in HAPPY_SCALE.values()}
    for choice, picture in PICTURES.items():  # with or without the emoji variation selector
        scale[picture] = scale[picture + "\ufe0f"] = HAPPY_SCALE[choice.casefold()]
    hidden, said = hidden_ids(table, FORM_NUMBER, redact)
    rows = rows_from_table(table, plan, questions, scores={HAPPY: scale}, id_prefix="ER-",
                           hidden=hidden, redact=redact)
    for row in rows:
        _tidy_answers(row)
    messages = []
    if changed:
        messages.append(f"personal details redacted in {changed} column header(s), before they "
                        "were used as questions or in comment ids")
    if written:
        messages.append(
            "column(s) not on the typing-up sheet, read as comments (themed and checked for "
            "risk): " + ", ".join(map(repr, written)))
    if others := [c for c in extra if c not in written]:
        messages.append(
            "column(s) not on the typing-up sheet, kept as details about the person: "
            + ", ".join(map(repr, others)))
    messages += said
    return ReadResult(
        "easyread", rows, messages=messages, text_columns=text_columns, one_row_per_person=True)


def _has_sentences(series) -> bool:  # noqa: ANN001 - a pandas Series of strings
    """Whether any cell of a column runs to a few words (someone wrote something down)."""
    return bool((series.str.split().str.len() >= 4).any())


# The sheet's own spelling of each answer (by its lower case) and of each smiley score.
_AS_SPELT = {c.casefold(): c for c in [*YES_NO, *WHERE_CHOICES]}
_HAPPY_BY_SCORE = {HAPPY_SCALE[c.casefold()]: c for c in HAPPY_CHOICES}


def _tidy_answers(row: InputRow) -> None:
    """Picture answers as the sheet spells them ("HAPPY", "very happy", a smiley typed as its
    picture: "Happy"), so a report counts each answer once; "I do not want to say" is no place."""
    tidied = []
    for value in row.closed:
        if value.column == HAPPY and value.score is not None:
            value = replace(value, value=_HAPPY_BY_SCORE[value.score])
        elif value.value.strip().casefold() in _AS_SPELT:
            value = replace(value, value=_AS_SPELT[value.value.strip().casefold()])
        tidied.append(value)
    row.closed = tidied
    if row.locality is not None:
        row.locality = _AS_SPELT.get(row.locality.strip().casefold(), row.locality)
    if row.locality == "I do not want to say":
        row.locality = None
