"""The printable Easy Read questionnaire (Word), matching the typing-up sheet question for question.

The questions, their order and their answers come from :mod:`surveys.easyread`, so a returned
paper form can be typed into the sheet (``engage template easy-read --format xlsx``) box by box
and read back with ``engage ingest --kind easyread``. Picture answers use the toolkit's own
icons (smiley faces, ticks and crosses), each with alt text; text is 16pt (never below 14pt).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row

from engage.reports import icons
from engage.reports.docx import (
    BLUE,
    DARK,
    add_page_footer,
    set_alt_text,
    set_font,
    set_language,
    set_table_alt,
    shade_cell,
)
from surveys.easyread import (
    BAD,
    BETTER,
    CHOICES,
    DATE_RECEIVED,
    FORM_NUMBER,
    GOOD,
    HAPPY,
    HELPER,
    KNOW_HELP,
    WHERE,
    WHO,
)

# The questions in the order of the typing-up sheet (after the two office-use columns).
QUESTIONS = [WHO, WHERE, HAPPY, KNOW_HELP, GOOD, BAD, BETTER, HELPER]
TEXT_SIZE = 16
TITLE = "Tell us what you think about mental health services"

QUESTION_ICONS = {WHO: "person", WHERE: "place", HAPPY: "face-4", KNOW_HELP: "not-sure",
                  GOOD: "face-5", BAD: "face-1", BETTER: "write", HELPER: "people"}
ANSWER_ICONS = {
    "I use mental health services": "person",
    "I look after someone (carer)": "carers",
    "I am a member of the public": "people",
    "I work in health or care": "health",
    "I work for a charity or group": "thanks",
    "I do not want to say": "not-sure",
    "Very happy": "face-5",
    "Happy": "face-4",
    "OK": "face-3",
    "Unhappy": "face-2",
    "Very unhappy": "face-1",
    "Yes": "yes",
    "No": "no",
    "Not sure": "not-sure",
    "Nobody - I did it myself": "person",
    "A family member or carer": "carers",
    "A support worker or advocate": "health",
    "Someone else": "people",
}
HORIZONTAL = {HAPPY, KNOW_HELP}
PROMPTS = {
    WHO: "Tick one box.",
    WHERE: "Tick one box.",
    HAPPY: "Tick one face.",
    KNOW_HELP: "Tick one box.",
    GOOD: "Write or draw in the box.",
    BAD: "Write or draw in the box.",
    BETTER: "Write or draw in the box.",
    HELPER: "Tick one box.",
}
INTRO = [
    ("thanks", "A heart", "We want to know what you think about mental health services."),
    ("form", "A form", "Tick a box or write in the big boxes."),
    ("people", "Two people", "You can ask someone to help you."),
    ("no", "A red cross", "Please do not write your name, phone number or address."),
]


def _picture(cell: _Cell, icon: str, alt: str, width: float) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(icons.png(icon, 256)), width=Cm(width))
    set_alt_text(shape, alt, alt)


def _text(cell: _Cell, text: str, *, bold: bool = False, centre: bool = False,
          size: int = TEXT_SIZE) -> None:
    paragraph = cell.paragraphs[0]
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None


def _tick_box(cell: _Cell) -> None:
    _text(cell, " ")
    shade_cell(cell, "FFFFFF")


def _columns(table: Table, *widths: float) -> None:
    """Fix column widths (Word reads the cells, LibreOffice the grid: set both)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _keep_together(table: Table, *, with_next: bool = False) -> None:
    """Keep a table's rows on one page (and with what follows, if ``with_next``)."""
    rows = list(table.rows)
    for i, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if i < len(rows) - 1 or with_next:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _row_height(row: _Row, cm: float) -> None:
    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _setup(doc: DocxDocument) -> None:
    styles = doc.styles
    set_font(styles["Normal"], TEXT_SIZE)
    set_language(styles["Normal"], "en-GB")
    styles["Normal"].paragraph_format.space_after = Pt(6)
    set_font(styles["Title"], 28, bold=True, colour=DARK)
    set_font(styles["Heading 1"], 22, bold=True, colour=DARK)
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    set_font(styles["Heading 2"], 18, bold=True, colour=BLUE)
    set_font(styles["Footer"], 14)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))


def _office_box(doc: DocxDocument) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    set_table_alt(table, "For office use", f"{FORM_NUMBER} and {DATE_RECEIVED}, filled in by staff")
    for row, label in zip(table.rows, (FORM_NUMBER, DATE_RECEIVED), strict=True):
        _text(row.cells[0], label, size=14)
        shade_cell(row.cells[0], "E8EDEE")
        _text(row.cells[1], " ", size=14)
    _columns(table, 4.5, 5.0)
    note = doc.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = note.add_run("For office use")
    run.font.size = Pt(14)


def _intro(doc: DocxDocument) -> None:
    table = doc.add_table(rows=0, cols=2)
    set_table_alt(table, "How to fill in this form", "Pictures with short sentences")
    for icon, alt, sentence in INTRO:
        cells = table.add_row().cells
        _picture(cells[0], icon, alt, 2.2)
        _text(cells[1], sentence)
    _columns(table, 3.0, 14.4)


def _vertical(doc: DocxDocument, question: str) -> None:
    table = doc.add_table(rows=0, cols=3)
    table.style = doc.styles["Table Grid"]
    set_table_alt(table, question, "Answers with a picture and a box to tick")
    for choice in CHOICES[question]:
        row = table.add_row()
        _row_height(row, 2.2)
        cells = row.cells
        _picture(cells[0], ANSWER_ICONS.get(choice, QUESTION_ICONS[question]), choice, 1.8)
        _text(cells[1], choice)
        _tick_box(cells[2])
    _columns(table, 2.8, 11.6, 3.0)
    _keep_together(table)


def _horizontal(doc: DocxDocument, question: str) -> None:
    choices = CHOICES[question]
    table = doc.add_table(rows=3, cols=len(choices))
    table.style = doc.styles["Table Grid"]
    set_table_alt(table, question, "Pictures of the answers with a box to tick under each")
    _row_height(table.rows[2], 2.0)
    for i, choice in enumerate(choices):
        _picture(table.rows[0].cells[i], ANSWER_ICONS[choice], choice,
                 2.6 if question == HAPPY else 2.2)
        _text(table.rows[1].cells[i], choice, bold=True, centre=True)
        _tick_box(table.rows[2].cells[i])
    _keep_together(table)


def _write_box(doc: DocxDocument, question: str) -> None:
    """One unsplittable row: the picture and prompt beside a big box to write or draw in."""
    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    set_table_alt(table, question, f"{PROMPTS[question]} A big box to write or draw in.")
    row = table.rows[0]
    _row_height(row, 6.5)
    left, box = row.cells
    _picture(left, QUESTION_ICONS[question], icons.DESCRIPTIONS[QUESTION_ICONS[question]], 2.2)
    prompt = left.add_paragraph()
    prompt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = prompt.add_run(PROMPTS[question])
    run.font.size = Pt(TEXT_SIZE)
    _text(box, " ")
    _columns(table, 3.6, 13.8)
    _keep_together(table)


def _question(doc: DocxDocument, question: str) -> None:
    heading = doc.add_paragraph(question, style="Heading 1")
    heading.paragraph_format.keep_with_next = True
    if question not in CHOICES:
        _write_box(doc, question)
    else:
        prompt = doc.add_paragraph(PROMPTS[question])
        prompt.paragraph_format.keep_with_next = True
        if question in HORIZONTAL:
            _horizontal(doc, question)
        else:
            _vertical(doc, question)
    doc.add_paragraph()


def write_form(path: str | Path) -> Path:
    """Write the printable Easy Read questionnaire as a .docx file."""
    path = Path(path)
    doc = Document()
    _setup(doc)
    props = doc.core_properties
    props.title = TITLE
    props.subject = "Easy Read questionnaire"
    props.author = "engage toolkit"
    props.comments = ""
    props.language = "en-GB"
    add_page_footer(doc, "Easy Read form")
    _office_box(doc)
    doc.add_paragraph(TITLE, style="Title")
    _intro(doc)
    for question in QUESTIONS:
        _question(doc, question)
    doc.add_paragraph("Thank you", style="Heading 1")
    closing = doc.add_table(rows=1, cols=2)
    set_table_alt(closing, "Thank you", "A heart and a thank you")
    _picture(closing.rows[0].cells[0], "thanks", "A heart", 2.2)
    _text(closing.rows[0].cells[1],
          "Thank you for telling us. Please give this form back to the person who gave it to you.")
    _columns(closing, 3.0, 14.4)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


__all__ = ["QUESTIONS", "write_form"]
