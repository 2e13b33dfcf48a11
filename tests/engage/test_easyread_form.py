"""The printable Easy Read form matches the typing-up sheet and is Easy Read itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from engage.reports.easyread_form import QUESTIONS, write_form
from surveys.easyread import (
    CHOICES,
    COLUMNS,
    DATE_RECEIVED,
    FORM_NUMBER,
    HAPPY,
    HAPPY_CHOICES,
    write_template,
)


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = write_form(tmp_path_factory.mktemp("form") / "easy-read-form.docx")
    return Document(path)


def blocks(doc: Document) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, doc)
        elif child.tag.endswith("}tbl"):
            yield Table(child, doc)


def answers_after_each_question(doc: Document) -> dict[str, list[str]]:
    """For each Heading 1, the texts of the table cells up to the next heading."""
    found: dict[str, list[str]] = {}
    current = None
    for block in blocks(doc):
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            current = block.text
            found[current] = []
        elif isinstance(block, Table) and current:
            for row in block.rows:
                for cell in row.cells:
                    if cell.text.strip() and cell.text not in found[current]:
                        found[current].append(cell.text.strip())
    return found


def test_questions_match_the_typing_up_sheet_in_order(form: Document, tmp_path: Path) -> None:
    sheet = load_workbook(write_template(tmp_path / "sheet.xlsx"))["Forms"]
    header = [c.value for c in sheet[1]]
    assert header == COLUMNS
    assert [FORM_NUMBER, DATE_RECEIVED, *QUESTIONS] == header
    headings = [p.text for p in form.paragraphs if p.style.name == "Heading 1"]
    assert headings == [*QUESTIONS, "Thank you"]


def test_every_answer_is_printed_in_the_sheet_order(form: Document) -> None:
    found = answers_after_each_question(form)
    for question, choices in CHOICES.items():
        printed = [t for t in found[question] if t in choices]
        assert printed == choices, question


def test_office_boxes_carry_the_sheet_column_names(form: Document) -> None:
    first = form.tables[0]
    assert [row.cells[0].text for row in first.rows] == [FORM_NUMBER, DATE_RECEIVED]


def test_smiley_answers_are_pictures_with_alt_text(form: Document) -> None:
    descriptions = [s._inline.docPr.get("descr") for s in form.inline_shapes]
    assert all(descriptions)
    for choice in HAPPY_CHOICES:
        assert choice in descriptions, choice
    assert CHOICES[HAPPY] == HAPPY_CHOICES
    happy = next(
        t for t in form.tables
        if len(t.rows) > 1 and [c.text for c in t.rows[1].cells] == HAPPY_CHOICES
    )
    pictures = happy.rows[0]._tr.xpath(".//wp:docPr")
    assert [p.get("descr") for p in pictures] == HAPPY_CHOICES


def test_text_is_large(form: Document) -> None:
    assert form.styles["Normal"].font.size >= Pt(14)
    runs = [r for p in form.paragraphs for r in p.runs]
    runs += [r for t in form.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs]
    sizes = [r.font.size for r in runs if r.font.size is not None]
    assert sizes and min(sizes) >= Pt(14)
    assert all((p.style.font.size or Pt(14)) >= Pt(14) for p in form.paragraphs)


def test_writing_boxes_are_big(form: Document) -> None:
    found = answers_after_each_question(form)
    free_text = [q for q in QUESTIONS if q not in CHOICES]
    assert free_text == ["What is good?", "What is bad?", "What would make things better?"]
    for question in free_text:
        assert found[question] == ["Write or draw in the box."]
    heights = [row.height for t in form.tables for row in t.rows if row.height]
    assert sum(1 for h in heights if h.cm >= 6) == len(free_text)
