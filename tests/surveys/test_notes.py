"""Event notes: bullets and paragraphs become comments; front matter gives the event."""

from datetime import date
from pathlib import Path

import docx
import pytest

from surveys.notes import read_notes
from surveys.records import InputFileError

MARKDOWN = """---
event: Kings Lynn public event
date: 2026-10-14
place: Corn Exchange
audience: Service users, carers and the public
locality: West Norfolk
---
# Workshop one: what is working?

- The crisis café is a lifeline.
- Peer support workers
  really understand.

## What needs to change?

* Waiting lists are far too long.
1. Nobody joins up GP and mental health records.

A paragraph point that someone made
across two lines.
"""


def test_markdown_bullets_and_paragraphs_with_sections(tmp_path: Path) -> None:
    path = tmp_path / "event.md"
    path.write_text(MARKDOWN)
    result = read_notes(path)
    texts = [r.answers[0].text for r in result.rows]
    assert texts == [
        "The crisis café is a lifeline.",
        "Peer support workers really understand.",
        "Waiting lists are far too long.",
        "Nobody joins up GP and mental health records.",
        "A paragraph point that someone made across two lines.",
    ]
    assert [r.section for r in result.rows] == ["Workshop one: what is working?"] * 2 + [
        "What needs to change?"
    ] * 3
    assert result.rows[0].row == 10  # line number in the file
    assert result.event.name == "Kings Lynn public event"
    assert result.event.date == date(2026, 10, 14)
    assert result.event.locality == "West Norfolk"


def test_text_notes_use_capital_or_colon_headings(tmp_path: Path) -> None:
    path = tmp_path / "forum.txt"
    path.write_text(
        "Event: Norwich user forum\nDate: 2026-09-30\n\nWHAT IS WORKING\n\n"
        "The recovery college courses helped me.\n\nWhat needs to change:\n\n"
        "Too many phone menus before you reach a person.\n"
    )
    result = read_notes(path)
    assert result.event.name == "Norwich user forum"
    assert [(r.section, r.answers[0].text) for r in result.rows] == [
        ("WHAT IS WORKING", "The recovery college courses helped me."),
        ("What needs to change", "Too many phone menus before you reach a person."),
    ]


def test_docx_headings_bullets_and_key_value_front_matter(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Event: Great Yarmouth carers forum")
    document.add_paragraph("Date: 2026-10-20")
    document.add_paragraph("Audience: Carers")
    document.add_heading("What carers told us", level=1)
    document.add_paragraph(
        "We are never asked what we know about our relative.", style="List Bullet"
    )
    document.add_paragraph("Respite is impossible to find 😞", style="List Bullet")
    path = tmp_path / "carers.docx"
    document.save(path)
    result = read_notes(path)
    assert result.event.name == "Great Yarmouth carers forum"
    assert result.event.audience == "Carers"
    assert [r.answers[0].text for r in result.rows] == [
        "We are never asked what we know about our relative.",
        "Respite is impossible to find 😞",
    ]
    assert {r.section for r in result.rows} == {"What carers told us"}


def test_corrupt_docx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a word document")
    with pytest.raises(InputFileError, match="cannot open Word document"):
        read_notes(path)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\nevent: x\n- a point\n")
    with pytest.raises(InputFileError, match="never ends"):
        read_notes(path)


def test_a_word_table_of_notes_keeps_its_place_and_its_headings_are_not_points(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    document.add_heading("Table discussions", level=1)
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Theme", "What is working", "What needs to change"],
                          strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "Access"
    table.rows[1].cells[1].text = "The drop-in on Fridays is easy to reach."
    table.rows[1].cells[2].text = "Waiting lists are too long."
    table.rows[1].cells[2].add_paragraph("Nobody rings back after a referral.")
    table.rows[2].cells[0].text = "Carers"
    table.rows[2].cells[2].text = "Carers are not told about discharge."
    document.add_heading("Closing round", level=1)
    document.add_paragraph("People want to hear what happens next.")
    path = tmp_path / "workshop.docx"
    document.save(path)
    rows = read_notes(path).rows
    assert [(r.section, r.answers[0].text) for r in rows] == [
        ("Table discussions: Access: What is working", "The drop-in on Fridays is easy to reach."),
        ("Table discussions: Access: What needs to change", "Waiting lists are too long."),
        ("Table discussions: Access: What needs to change", "Nobody rings back after a referral."),
        ("Table discussions: Carers: What needs to change", "Carers are not told about discharge."),
        ("Closing round", "People want to hear what happens next."),
    ]
    assert [r.row for r in rows] == sorted(r.row for r in rows)  # in reading order


def test_a_word_table_of_points_in_columns_takes_each_column_heading(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Good", "Could be better"
    table.rows[1].cells[0].text = "The peer support worker really listened to me."
    table.rows[1].cells[1].text = "The letters are hard to understand for most people."
    table.rows[2].cells[0].text = "Being seen in my own home made it much easier."
    path = tmp_path / "columns.docx"
    document.save(path)
    assert [(r.section, r.answers[0].text) for r in read_notes(path).rows] == [
        ("Good", "The peer support worker really listened to me."),
        ("Could be better", "The letters are hard to understand for most people."),
        ("Good", "Being seen in my own home made it much easier."),
    ]


def test_a_markdown_table_of_notes_is_read_like_a_word_table(tmp_path: Path) -> None:
    path = tmp_path / "workshop.md"
    path.write_text(
        "# Table discussions\n\n"
        "| Theme | What is working | What needs to change |\n"
        "|---|---|---|\n"
        "| Access | The drop-in on Fridays is easy to reach. | Waiting lists are too long.<br>"
        "Nobody rings back. |\n"
        "| Carers | | Carers are not told about discharge. |\n\n"
        "- People want to hear what happens next.\n"
    )
    rows = read_notes(path).rows
    assert [(r.row, r.section, r.answers[0].text) for r in rows] == [
        (5, "Table discussions: Access: What is working",
         "The drop-in on Fridays is easy to reach."),
        (5, "Table discussions: Access: What needs to change", "Waiting lists are too long."),
        (5, "Table discussions: Access: What needs to change", "Nobody rings back."),
        (6, "Table discussions: Carers: What needs to change",
         "Carers are not told about discharge."),
        (8, "Table discussions", "People want to hear what happens next."),
    ]


def test_lines_about_the_meeting_and_its_actions_are_not_points_people_made(
    tmp_path: Path,
) -> None:
    path = tmp_path / "forum.md"
    path.write_text(
        "Facilitated by Jo (engagement lead). 14 people attended.\n\n"
        "# What people said\n\n- The drop-in is easy to reach.\n- Apologies were not needed.\n\n"
        "# Actions agreed\n\n- Share the notes with the group.\n\n"
        "# Next steps\n\n- Follow up with the ward.\n"
    )
    rows = read_notes(path).rows
    said = [(r.section, r.answers[0].text) for r in rows if r.answers]
    assert said == [("What people said", "The drop-in is easy to reach."),
                    ("What people said", "Apologies were not needed.")]
    left_out = [r for r in rows if not r.answers]
    assert len(left_out) == 3 and all("not a point someone made" in r.notes[0] for r in left_out)
