"""Tables of post-its in event notes: every cell is read, and lines in a cell are points.

From a cold trial: a Word table headed "What is working | What needs to change", one post-it
a cell, lost its left column (the post-its became section names, neither stored nor counted),
and post-its typed one per line in a cell were merged into one comment.
"""

from __future__ import annotations

from pathlib import Path

import docx

from engage.ingest import IngestOptions, ingest_paths
from surveys.note_tables import table_points
from surveys.notes import read_notes

WORKING = ["Perinatal nurses are kind", "Peer support", "Midwife referral fast"]
CHANGE = ["Waiting times for the MBU", "Letters come too late", "More evening clinics"]


def _postits(path: Path, header: list[str] | None = None) -> Path:
    document = docx.Document()
    document.add_heading("Post-its", level=1)
    table = document.add_table(rows=4, cols=2)
    for cell, text in zip(table.rows[0].cells, header or ["What is working",
                                                          "What needs to change"], strict=True):
        cell.text = text
    for r, (left, right) in enumerate(zip(WORKING, CHANGE, strict=True), start=1):
        table.rows[r].cells[0].text = left
        table.rows[r].cells[1].text = right
    document.save(path)
    return path


def test_a_two_column_post_it_table_keeps_both_columns(tmp_path: Path) -> None:
    rows = read_notes(_postits(tmp_path / "postits3.docx")).rows
    said = [(r.section, r.answers[0].text) for r in rows]
    assert said == [
        ("Post-its: What is working", WORKING[0]),
        ("Post-its: What needs to change", CHANGE[0]),
        ("Post-its: What is working", WORKING[1]),
        ("Post-its: What needs to change", CHANGE[1]),
        ("Post-its: What is working", WORKING[2]),
        ("Post-its: What needs to change", CHANGE[2]),
    ]


def test_the_post_it_table_ingests_six_comments(sqlite_store, tmp_path: Path, redactor) -> None:
    (report,) = ingest_paths(sqlite_store, [_postits(tmp_path / "postits3.docx")],
                             IngestOptions(exercise="Perinatal"), redactor)
    assert report.error is None
    assert (report.rows, report.ingested) == (6, 6)


def test_a_first_column_is_row_labels_when_its_heading_is_blank_or_generic(
    tmp_path: Path,
) -> None:
    for corner in ("", "Theme", "Topic", "Question", "Theme / area"):
        grid = [[[corner], ["Good"], ["Bad"]],
                [["Access"], ["The drop-in is easy."], ["Long waits."]]]
        points = table_points(grid)
        assert [(p.text, p.label) for p in points if p.point] == [
            ("The drop-in is easy.", "Access: Good"), ("Long waits.", "Access: Bad")], corner
        assert [p.text for p in points if not p.point] == [corner, "Good", "Bad", "Access"]


def test_a_label_column_found_by_its_look_keeps_a_label_with_nothing_beside_it() -> None:
    # No heading row (the first row has a sentence): short labels beside longer points. A
    # label with nothing beside it names nothing, so its text is kept as a point.
    grid = [[["Access"], ["Waits are far too long."]],
            [["Carers"], ["Nobody tells us about discharge."]],
            [["Peer support is great"], [""]]]
    points = [(p.text, p.label) for p in table_points(grid) if p.point]
    assert points == [("Waits are far too long.", "Access"),
                      ("Nobody tells us about discharge.", "Carers"),
                      ("Peer support is great", None)]


def test_post_its_on_separate_lines_of_a_cell_are_separate_comments(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Good", "Needs to change"
    # Shift+Enter in Word: one paragraph, line breaks inside it.
    left = table.rows[1].cells[0].paragraphs[0]
    run = left.add_run("Health visitor came quickly")
    run.add_break()
    left.add_run("Peer support group")
    right = table.rows[1].cells[1].paragraphs[0]
    run = right.add_run("Video appointments when you have a screaming baby are impossible")
    run.add_break()
    right.add_run("no wifi in the MBU")
    # One paragraph that Word wraps over lines (no break in it) stays one comment.
    long = ("The perinatal team phoned me every week after I went home and it made a big "
            "difference to how I coped with a new baby, my partner said the same. Thank you.")
    table.rows[1].cells[1].add_paragraph(long)
    path = tmp_path / "postits.docx"
    document.save(path)
    said = [(r.section, r.answers[0].text) for r in read_notes(path).rows]
    assert said == [
        ("Good", "Health visitor came quickly"),
        ("Good", "Peer support group"),
        ("Needs to change", "Video appointments when you have a screaming baby are impossible"),
        ("Needs to change", "no wifi in the MBU"),
        ("Needs to change", long),
    ]


def test_a_line_broken_in_the_middle_of_a_sentence_is_joined() -> None:
    from surveys.note_tables import cell_lines

    assert cell_lines(["The waiting list is far too long and\nnobody rings back",
                       "- Kind staff\n- Peer support"]) == [
        "The waiting list is far too long and nobody rings back", "Kind staff", "Peer support"]
