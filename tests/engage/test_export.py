"""Comment export: redacted text only, every spreadsheet formula neutralised."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from engage.export import ExportError, comments_frame, neutralise, write_table
from engage.ingest import IngestOptions, ingest_paths
from engage.store import Store


@pytest.mark.parametrize("cell", ["=1+2", "+44 7700", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_prefixed(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["fine", "", "1 = 1", 5, None])
def test_other_cells_are_unchanged(cell: object) -> None:
    assert neutralise(cell) == cell


@pytest.fixture
def hostile_store(store: Store, tmp_path: Path, redactor) -> Store:
    path = tmp_path / "hostile.csv"
    path.write_text(
        "id,What needs to change?,I am responding as\n"
        '1,"=HYPERLINK(""http://evil.example"",""click"")",Carer\n'
        "2,@-SUM(1+1) more staff needed please,=cmd|' /C calc'!A0\n"
        "3,Email me at jo.bloggs@example.org about the crisis team,Service user\n"
    )
    (report,) = ingest_paths(
        store, [path], IngestOptions(text_columns=["What needs to change?"]), redactor
    )
    assert report.ingested == 3
    return store


def test_comments_frame_has_contract_columns_and_redacted_text(hostile_store: Store) -> None:
    frame = comments_frame(hostile_store)
    for column in [
        "comment_id",
        "text",
        "source",
        "question",
        "themes",
        "theme_source",
        "theme_confidence",
        "sentiment",
        "sentiment_score",
        "topic",
        "flags",
        "respondent_group",
    ]:
        assert column in frame.columns
    assert "original_text" not in frame.columns
    row = frame.set_index("comment_id").loc["3"]
    assert "jo.bloggs" not in row["text"] and "[EMAIL]" in row["text"]
    assert set(frame["theme_source"]) == {"none"}


def test_csv_export_is_formula_safe(hostile_store: Store, tmp_path: Path) -> None:
    out = write_table(comments_frame(hostile_store), tmp_path / "out.csv")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for value in frame.to_numpy().ravel():
        assert not value.startswith(("=", "+", "-", "@")), value
    assert frame.loc[0, "text"].startswith("'=HYPERLINK")


def test_xlsx_export_has_no_formulas(hostile_store: Store, tmp_path: Path) -> None:
    out = write_table(comments_frame(hostile_store), tmp_path / "out.xlsx")
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    hostile = [c for c in cells if str(c.value).startswith(("=", "+", "-", "@"))]
    assert any(str(c.value).startswith("@-SUM") for c in hostile)  # shown as written, no "'"
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_unknown_export_format_is_refused(hostile_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="csv or .xlsx"):
        write_table(comments_frame(hostile_store), tmp_path / "out.json")


def test_reading_ease_is_left_blank_for_a_few_words() -> None:
    from engage.export import _reading_ease

    assert _reading_ease({"words": 1, "flesch_reading_ease": 36.6}) is None
    assert _reading_ease({"words": 12, "flesch_reading_ease": 71.2}) == 71.2
    assert _reading_ease({}) is None


@pytest.mark.parametrize("cell", ["=1+1", "-5", "+44 20", "@SUM(A1)", "plain", "'quoted"])
def test_re_imported_cells_get_their_original_text_back(cell: str) -> None:
    from engage.spreadsheet import unneutralise

    assert unneutralise(neutralise(cell)) == cell


def test_the_same_comments_give_the_same_workbook_bytes(
    hostile_store: Store, tmp_path: Path
) -> None:
    import time

    frame = comments_frame(hostile_store)
    first = write_table(frame, tmp_path / "first.xlsx").read_bytes()
    time.sleep(1.1)  # a save stamps the time to the second
    second = write_table(frame, tmp_path / "second.xlsx").read_bytes()
    assert first == second
    reread = pd.read_excel(tmp_path / "second.xlsx", dtype=str, keep_default_na=False)
    assert reread["comment_id"].tolist() == frame["comment_id"].astype(str).tolist()


def test_a_comment_reported_for_missed_personal_details_is_hidden_in_the_export(
    hostile_store: Store,
) -> None:
    from engage import workflow

    with hostile_store.session() as s, s.begin():
        ex = hostile_store.exercise(s)
        comment = workflow.comment_by_id(s, ex, "2")
        workflow.flag_personal_details(s, comment, "Ali", note="a name in it")
    frame = comments_frame(hostile_store).set_index("comment_id")
    assert frame.loc["2", "text"] == workflow.HIDDEN_TEXT
    assert "more staff" not in frame.to_csv()
    assert frame.loc["3", "text"] != workflow.HIDDEN_TEXT
    with hostile_store.session() as s, s.begin():  # removed: shown again
        ex = hostile_store.exercise(s)
        workflow.reredact(s, workflow.comment_by_id(s, ex, "2"), "Ali", phrases=["more staff"])
    assert comments_frame(hostile_store).set_index("comment_id").loc["2", "text"].startswith("@")
