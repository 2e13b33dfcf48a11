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


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")],
    ids=["le-bom", "be-bom", "le-no-bom"],
)
def test_excel_unicode_text_is_read_as_a_tab_separated_table(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    # Excel's "Unicode Text" (.txt): UTF-16, tab-separated; multi-line cells are quoted.
    rows = ["ID\tName\tWhat could we do better?\tGroup",
            f"1\tAsha Jones\t{TEXT}\tCarer",
            '2\t\t"Two lines,\nstill one answer"\tService user']
    path = tmp_path / "export.txt"
    path.write_bytes(bom + "\r\n".join(rows).encode(encoding) + "\r\n".encode(encoding))
    from surveys.detect import detect_kind

    assert detect_kind(path) == "survey"
    table = read_csv(path)
    assert (table.encoding, table.delimiter) == (encoding, "\t")
    assert table.frame["What could we do better?"].tolist() == [
        TEXT, "Two lines,\nstill one answer"]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"PK\x03\x04rest of a workbook", "Excel workbook"),
     (b"id,comment\n1,bro\x00ken\n", "NUL characters")],
)
def test_files_that_are_not_text_are_refused_not_read_as_garbage(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match=message):
        read_csv(path)


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


def test_an_unclosed_quote_is_a_bad_row_and_the_rows_after_it_still_count(
    tmp_path: Path,
) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        "id,date,group,what needs to change?\n"
        "Q1,2026-11-23,Carer,Parking is impossible\n"
        'Q2,2026-11-23,Carer,"the quote starts here\n'
        "Q3,2026-11-24,Carer,Groups for dads would help\n"
        'Q4,2026-11-24,Carer,"A real answer,\nover two lines"\n'
        "Q5,2026-11-24,Carer,More peer support\n"
    )
    table = read_csv(path)
    assert table.frame["id"].tolist() == ["Q1", "Q3", "Q4", "Q5"]
    assert table.row_numbers == [2, 4, 5, 6]
    assert list(table.bad_rows) == [3] and "never closed" in table.bad_rows[3]
    assert table.frame["what needs to change?"][2] == "A real answer,\nover two lines"


def test_an_unclosed_quote_closed_by_a_later_rows_quote_loses_no_row(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        "Timestamp,What helped you most?,What should we change?\n"
        "01/10/2026 10:00:00,Peer group on Tuesdays,More evening clinics\n"
        '02/10/2026 10:00:00,"The counsellor was good but,Fix the phone line\n'
        '03/10/2026 10:00:00,"Nurse rang back, quickly",Shorter waits\n'
        "04/10/2026 10:00:00,Being believed,Parking\n"
    )
    table = read_csv(path)
    assert table.row_numbers == [2, 4, 5]
    assert table.frame["What helped you most?"].tolist() == [
        "Peer group on Tuesdays", "Nurse rang back, quickly", "Being believed"]
    assert list(table.bad_rows) == [3] and "never closed" in table.bad_rows[3]


NURSE = "My nurse Linda Jones on 07700 900123, she was kind, thanks."


def test_a_closed_multi_line_cell_with_header_many_commas_is_one_answer(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m4.csv"
    path.write_text(
        "id,site,comment\n1,A,Good service\n"
        f'2,B,"Line one.\n{NURSE}\nEnd."\n3,C,Parking was hard\n'
    )
    table = read_csv(path)
    assert table.bad_rows == {}
    assert table.row_numbers == [2, 3, 4]
    assert table.frame["id"].tolist() == ["1", "2", "3"]
    assert table.frame["comment"].tolist() == [
        "Good service", f"Line one.\n{NURSE}\nEnd.", "Parking was hard"]


@pytest.mark.parametrize("lineterminator", ["\n", "\r\n"])
def test_multi_line_cells_written_by_pandas_read_back_whole(
    tmp_path: Path, lineterminator: str,
) -> None:
    comments = [
        "Fine",
        f"Line one.\n{NURSE}\nEnd.",
        "a, b, c\nd, e, f",
        "Plain answer",
        'She said "wait, then go, now"\nand we did, twice, sadly\n',
        "Last,\nline, with, commas",
    ]
    frame = pd.DataFrame({"id": [str(i) for i in range(1, 7)], "site": list("ABCDEF"),
                          "comment": comments})
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False, lineterminator=lineterminator)
    table = read_csv(path)
    assert table.bad_rows == {}
    assert table.delimiter == ","
    assert table.row_numbers == [2, 3, 4, 5, 6, 7]
    assert table.frame["comment"].tolist() == comments
    assert table.frame["comment"].tolist() == pd.read_csv(path, dtype=str)["comment"].tolist()


@pytest.mark.parametrize("cell_break", ["\n", "\r\n"])
def test_excel_crlf_csv_with_multi_line_cells_keeps_every_row(
    tmp_path: Path, cell_break: str,
) -> None:
    # Excel ends rows with CRLF; an Alt+Enter break in a cell is a bare LF (or CRLF when
    # the file has been through another tool).
    path = tmp_path / "excel.csv"
    path.write_bytes((
        "id,site,comment\r\n1,A,Good service\r\n"
        f'2,B,"Line one.{cell_break}{NURSE}{cell_break}End."\r\n3,C,Parking was hard\r\n'
    ).encode("utf-8-sig"))
    table = read_csv(path)
    assert table.bad_rows == {}
    assert table.row_numbers == [2, 3, 4]
    assert table.frame["comment"].tolist() == [
        "Good service", f"Line one.{cell_break}{NURSE}{cell_break}End.", "Parking was hard"]


def test_a_quote_never_closed_before_the_end_of_the_file_is_still_a_bad_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        "id,site,comment\n1,A,Good service\n"
        '2,B,"the quote starts here\n3,C,Parking was hard\n4,D,More evening clinics\n'
    )
    table = read_csv(path)
    assert list(table.bad_rows) == [3] and "never closed" in table.bad_rows[3]
    assert table.row_numbers == [2, 4, 5]
    assert table.frame["comment"].tolist() == [
        "Good service", "Parking was hard", "More evening clinics"]


def test_a_closed_multi_line_cell_in_a_row_with_an_extra_field_is_not_split(
    tmp_path: Path,
) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        "id,site,comment\n1,A,Good service\n"
        f'2,B,"Line one.\n{NURSE}",extra\n3,C,Parking was hard\n'
    )
    table = read_csv(path)
    assert table.bad_rows == {3: "row has 4 fields but the header has 3"}
    assert table.row_numbers == [2, 4]
    assert table.frame["comment"].tolist() == ["Good service", "Parking was hard"]


def test_an_unclosed_quote_closed_mid_cell_by_a_later_row_is_still_a_bad_row(
    tmp_path: Path,
) -> None:
    # The stray quote is closed by the next quoted cell's opening quote, so the record has
    # the header's field count, but its quotes are not well formed.
    path = tmp_path / "quote.csv"
    path.write_text('id,d,g,c\nQ1,d,g,fine\nQ2,d,g,"starts\nQ3,d,g,x\nQ4,d,g,"quoted"\n')
    table = read_csv(path)
    assert list(table.bad_rows) == [3] and "never closed" in table.bad_rows[3]
    assert table.frame["id"].tolist() == ["Q1", "Q3", "Q4"]
    assert table.row_numbers == [2, 4, 5]
