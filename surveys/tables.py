"""Read CSV and XLSX files into string tables, keeping spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from surveys.records import InputFileError

DELIMITERS = ",;\t|"
csv.field_size_limit(sys.maxsize)  # very long answers are kept whole


@dataclass
class Table:
    """A table of strings. ``row_numbers[i]`` is the spreadsheet row of ``frame.iloc[i]``."""

    frame: pd.DataFrame
    row_numbers: list[int]
    bad_rows: dict[int, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    header_rows: int = 1


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text as UTF-8 (with or without BOM), else the detected code page (Windows-1252 first).

    Returns ``(text, encoding)``; characters are kept exactly.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise InputFileError("cannot tell the text encoding") from None
        return str(best), best.encoding


def read_csv(path: Path) -> Table:
    """Read a delimited text file; rows with the wrong number of fields are kept as bad rows.

    Title lines above the header (a survey name, an export date) are skipped: see
    :func:`header_index`.
    """
    text, encoding = decode_bytes(path.read_bytes())
    if not text.strip():
        raise InputFileError("file is empty")
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str] | None, str]] = []
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            records.append((number, None, f"malformed CSV: {exc}"))
            continue
        number += 1
        records.append((number, record, ""))
    start = header_index([r or [] for _, r, _ in records])
    if start >= len(records) or records[start][1] is None:
        raise InputFileError(
            f"cannot read the header row: {records[start][2] if records else 'no rows'}"
        )
    header_number, first, _ = records[start]
    header, extra = merge_header_rows(
        first or [], [r or [] for _, r, _ in records[start + 1 : start + 3]]
    )
    _check_header(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    bad: dict[int, str] = {}
    for number, record, error in records[start + 1 + extra :]:
        if record is None:
            bad[number] = error
            continue
        if not record or all(not cell.strip() for cell in record):
            if len(record) <= len(header):
                rows.append([""] * len(header))
                numbers.append(number)
            continue
        if len(record) != len(header):
            bad[number] = f"row has {len(record)} fields but the header has {len(header)}"
            continue
        rows.append(record)
        numbers.append(number)
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    return Table(frame, numbers, bad, encoding=encoding, delimiter=delimiter,
                 header_row=header_number, header_rows=1 + extra)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """Read one sheet of an Excel workbook as strings (the named sheet, else the first).

    Title rows above the header are skipped, as in :func:`read_csv`.
    """
    if not zipfile.is_zipfile(path):
        raise InputFileError("not a valid .xlsx workbook (not a zip archive)")
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            name = sheet if sheet in book.sheet_names else book.sheet_names[0]
            raw = pd.read_excel(book, sheet_name=name, dtype=object, header=None)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise InputFileError(f"cannot read workbook: {exc}") from exc
    raw = raw.map(_cell_text)
    cells = raw.to_numpy().tolist()
    start = header_index(cells)
    if start >= len(cells):
        raise InputFileError("the first row has no column names")
    header, extra = merge_header_rows(cells[start], cells[start + 1 : start + 3])
    while header and not header[-1] and not any(row[len(header) - 1] for row in cells):
        header.pop()
    _check_header(header)
    first_data = start + 1 + extra
    frame = pd.DataFrame([row[: len(header)] for row in cells[first_data:]], columns=header,
                         dtype=str)
    return Table(frame, [first_data + 1 + i for i in range(len(frame))], header_row=start + 1,
                 header_rows=1 + extra)


# Survey platforms that write their header over several rows. SurveyMonkey: each question once
# in the first row, and under it "Response", "Open-Ended Response" or, for a question with
# several tick boxes, each option's text. Qualtrics: short ids ("Q1"), then each question's
# wording, then a row of import ids.
_SUBHEADER_WORDS = frozenset({"response", "open-ended response"})
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"')


def merge_header_rows(header: list[str], following: list[list[str]]) -> tuple[list[str], int]:
    """Column names from a header over several rows, and how many rows after the first
    belong to it (0 for an ordinary one-row header)."""
    names = [str(h).strip() for h in header]
    if len(following) == 2 and _all_filled_match(following[1], _IMPORT_ID.match):
        wording = [str(c).strip() for c in following[0]]
        return [w or n for n, w in zip(names, wording, strict=False)] + names[len(wording):], 2
    if following and _looks_like_options_row(names, following[0]):
        merged, question = [], ""
        for i, name in enumerate(names):
            sub = str(following[0][i]).strip() if i < len(following[0]) else ""
            question = name or question
            if name and (not sub or sub.casefold() in _SUBHEADER_WORDS):
                merged.append(name)
            else:
                merged.append(f"{question} - {sub}" if question and sub else name or sub)
        return merged, 1
    return names, 0


def _looks_like_options_row(names: list[str], row: list[str]) -> bool:
    """SurveyMonkey's second header row: "Response" somewhere, and most filled cells either
    such words or options under a question named further left."""
    cells = [(i, str(c).strip()) for i, c in enumerate(row) if str(c).strip()]
    words = sum(1 for _, c in cells if c.casefold() in _SUBHEADER_WORDS)
    options = sum(1 for i, c in cells
                  if c.casefold() not in _SUBHEADER_WORDS and (i >= len(names) or not names[i]))
    return words > 0 and 2 * (words + options) > len(cells)


def _all_filled_match(row: list[str], matches) -> bool:  # noqa: ANN001 - a predicate
    filled = [str(c) for c in row if str(c).strip()]
    return bool(filled) and all(matches(c) for c in filled)


# Title and blank rows above a header: looked for in this many opening rows, each with at
# most this many filled cells.
_HEADER_SEARCH_ROWS = 20
_TITLE_MAX_CELLS = 2


def header_index(rows: list[list[str]]) -> int:
    """Position of the header among ``rows``: the first row unless it, and any rows after it,
    look like a title block (at most two filled cells, against at least twice as many in the
    fullest of the opening rows)."""
    counts = [sum(1 for cell in row if str(cell).strip()) for row in rows[:_HEADER_SEARCH_ROWS]]
    if not counts:
        return 0
    fullest = max(counts)
    for i, count in enumerate(counts):
        if count > _TITLE_MAX_CELLS or 2 * count >= fullest:
            return i if count else 0
    return 0


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read a CSV-like text file or, for ``.xlsx``/``.xlsm``, one sheet of a workbook (the
    one named ``sheet`` if there is one, else the first)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path, sheet)
    return read_csv(path)


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_header(header: list[str]) -> None:
    if not any(header):
        raise InputFileError("the first row has no column names")
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            raise InputFileError(f"column {name!r} appears twice in the header")
        seen.add(name)
