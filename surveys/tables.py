"""Read CSV and XLSX files into string tables, keeping spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
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
    """Read a delimited text file; rows with the wrong number of fields are kept as bad rows."""
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
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise InputFileError(f"cannot read the header row: {exc}") from exc
    _check_header(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    bad: dict[int, str] = {}
    number = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            bad[number] = f"malformed CSV: {exc}"
            continue
        number += 1
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
    return Table(frame, numbers, bad, encoding=encoding, delimiter=delimiter)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    """Read one sheet of an Excel workbook as strings (the named sheet, else the first)."""
    if not zipfile.is_zipfile(path):
        raise InputFileError("not a valid .xlsx workbook (not a zip archive)")
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            name = sheet if sheet in book.sheet_names else book.sheet_names[0]
            frame = pd.read_excel(book, sheet_name=name, dtype=object, header=0)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise InputFileError(f"cannot read workbook: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(list(frame.columns))
    frame = frame.map(_cell_text)
    return Table(frame, [i + 2 for i in range(len(frame))])


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read a CSV-like text file or, for ``.xlsx``, one sheet of a workbook."""
    if path.suffix.lower() == ".xlsx":
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
