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
