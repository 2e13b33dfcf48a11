"""Reading CSV/XLSX: encodings, delimiters, bad rows, characters kept exactly."""

from pathlib import Path

import pandas as pd
import pytest

from surveys.records import InputFileError
from surveys.tables import decode_bytes, read_csv, read_xlsx

TEXT = "£5 for “help” – it’s 😀 fine"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom_keeps_characters(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"id,comment\n1,{TEXT}\n", encoding=encoding)
    table = read_csv(path)
    assert list(table.frame.columns) == ["id", "comment"]
    assert table.frame.loc[0, "comment"] == TEXT


def test_windows_1252_is_detected(tmp_path: Path) -> None:
    text = TEXT.replace(" 😀", "")
    path = tmp_path / "s.csv"
    path.write_bytes(f"id,comment\n1,{text}\n".encode("cp1252"))
    table = read_csv(path)
    assert table.encoding == "cp1252"
    assert table.frame.loc[0, "comment"] == text


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        delimiter.join(["id", "what", "group"])
        + "\n"
        + delimiter.join(["1", "too slow, far too slow", "carer"])
        + "\n"
    )
    table = read_csv(path)
    assert table.delimiter == delimiter
    assert table.frame.loc[0, "what"] == "too slow, far too slow"


def test_row_with_extra_field_is_kept_as_bad_row_with_its_spreadsheet_number(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.csv"
    path.write_text('id,comment\n1,fine\n2,not,fine\n3,"multi\nline"\n4,ok\n')
    table = read_csv(path)
    assert table.bad_rows == {3: "row has 3 fields but the header has 2"}
    assert table.row_numbers == [2, 4, 5]
    assert table.frame["comment"].tolist() == ["fine", "multi\nline", "ok"]


def test_very_long_answer_is_kept_whole(tmp_path: Path) -> None:
    long = "word " * 40000
    path = tmp_path / "s.csv"
    path.write_text(f'id,comment\n1,"{long}"\n')
    assert read_csv(path).frame.loc[0, "comment"] == long


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("")
    with pytest.raises(InputFileError, match="empty"):
        read_csv(path)


def test_duplicate_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("a,a\n1,2\n")
    with pytest.raises(InputFileError, match="appears twice"):
        read_csv(path)


def test_xlsx_reads_strings_and_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    pd.DataFrame({"id": [1, 2], "comment": [TEXT, None]}).to_excel(path, index=False)
    table = read_xlsx(path)
    assert table.frame["id"].tolist() == ["1", "2"]
    assert table.frame["comment"].tolist() == [TEXT, ""]
    assert table.row_numbers == [2, 3]


def test_corrupt_xlsx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputFileError):
        read_xlsx(path)


def test_undecodable_bytes_fall_back_to_a_detected_encoding() -> None:
    text, encoding = decode_bytes("naïve café".encode("latin-1"))
    assert text == "naïve café"
    assert encoding


def test_title_lines_above_a_csv_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Community survey export\nExported 5 March 2026\n\n"
                    "id,comment,rating\n1,Shorter waits please,Poor\n2,,Good\n")
    table = read_csv(path)
    assert table.header_row == 4
    assert list(table.frame.columns) == ["id", "comment", "rating"]
    assert table.frame["comment"].tolist() == ["Shorter waits please", ""]
    assert table.row_numbers == [5, 6] and table.bad_rows == {}


def test_title_rows_above_an_xlsx_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["Community survey export"]]).to_excel(writer, index=False, header=False)
        pd.DataFrame({"id": [1, 2], "comment": [TEXT, None], "rating": ["Poor", "Good"]}).to_excel(
            writer, index=False, startrow=2
        )
    table = read_xlsx(path)
    assert table.header_row == 3
    assert table.frame["comment"].tolist() == [TEXT, ""]
    assert table.row_numbers == [4, 5]


def test_a_header_with_one_column_is_not_taken_for_a_title(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("comment\nFirst answer\nSecond answer\n")
    table = read_csv(path)
    assert table.header_row == 1 and table.frame["comment"].tolist() == [
        "First answer", "Second answer"]


def test_surveymonkey_two_row_header_names_each_option(tmp_path: Path) -> None:
    path = tmp_path / "monkey.csv"
    path.write_text(
        "Respondent ID,What could be better?,Which services have you used?,,How satisfied?\n"
        ",Open-Ended Response,GP,Crisis team,Response\n"
        "1001,Shorter waits,GP,,Satisfied\n"
    )
    table = read_csv(path)
    assert list(table.frame.columns) == [
        "Respondent ID", "What could be better?", "Which services have you used? - GP",
        "Which services have you used? - Crisis team", "How satisfied?",
    ]
    assert table.frame["What could be better?"].tolist() == ["Shorter waits"]
    assert (table.header_rows, table.row_numbers) == (2, [3])


def test_qualtrics_header_takes_the_question_wording_and_skips_import_ids(
    tmp_path: Path
) -> None:
    path = tmp_path / "qualtrics.xlsx"
    pd.DataFrame([
        ["ResponseId", "Q1", "Q2"],
        ["Response ID", "What could be better?", "How satisfied?"],
        ['{"ImportId":"_recordId"}', '{"ImportId":"QID1_TEXT"}', '{"ImportId":"QID2"}'],
        ["R_1", "Shorter waits", "Satisfied"],
    ]).to_excel(path, index=False, header=False)
    table = read_xlsx(path)
    assert list(table.frame.columns) == ["Response ID", "What could be better?", "How satisfied?"]
    assert table.frame.values.tolist() == [["R_1", "Shorter waits", "Satisfied"]]
    assert (table.header_rows, table.row_numbers) == (3, [4])


def test_an_answer_that_says_response_is_not_taken_for_a_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("id,comment\n1,Response\n2,Quick response from the crisis team\n")
    table = read_csv(path)
    assert table.header_rows == 1 and len(table.frame) == 2
