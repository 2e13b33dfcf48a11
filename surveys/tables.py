"""Read CSV and XLSX files into string tables, keeping spreadsheet row numbers."""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
import zipfile
from collections.abc import Collection
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
    # Spreadsheet row -> headers (or column letters) of cells holding a formula with no value
    # saved with it: nothing can be read from them (see :func:`formula_cells`).
    formula_cells: dict[int, list[str]] = field(default_factory=dict)


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when most high bytes of the first characters are zero (English
    text saved as UTF-16 without a byte-order mark), else ``None``."""
    head = data[:4000]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text: UTF-8 (with or without BOM), UTF-16/32 (Excel's "Unicode Text"), else the
    detected code page (Windows-1252 first).

    Returns ``(text, encoding)``; characters are kept exactly. A workbook or other zip file,
    or text with NUL characters left in it, is refused: read as text it would be garbage
    that redaction cannot see into.
    """
    if data.startswith(b"PK\x03\x04"):
        raise InputFileError(
            "this is an Excel workbook (or another zip file), not text: name it .xlsx, or "
            "save it from Excel as 'CSV UTF-8'"
        )
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _bomless_utf16(data)
    if encoding is not None:
        try:
            text = data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise InputFileError(f"looks like {encoding} text but cannot be decoded") from None
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                best = from_bytes(data).best()
                if best is None:
                    raise InputFileError("cannot tell the text encoding") from None
                text, encoding = str(best), best.encoding
    if "\x00" in text:
        raise InputFileError(
            "the file has NUL characters in it: it is not plain text (save it from Excel as "
            "'CSV UTF-8')"
        )
    return text, encoding


def steady_columns(sample: str, delimiter: str, rows: int = 6) -> int:
    """The number of fields every one of the first ``rows`` records has, else 0."""
    try:
        records = list(itertools.islice(
            csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), rows + 1))
    except csv.Error:
        return 0
    records = [r for r in records[:-1] or records if any(c.strip() for c in r)]
    counts = {len(r) for r in records}
    return counts.pop() if len(records) >= 2 and len(counts) == 1 else 0


def sniff_delimiter(sample: str) -> str | None:
    """The delimiter of delimited text: what :class:`csv.Sniffer` finds, else the one of
    ``,;<tab>|`` that splits the first rows into the same number (at least 2) of fields."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    best = max(DELIMITERS, key=lambda d: steady_columns(sample, d))
    return best if steady_columns(sample, best) >= 2 else None


def _well_formed(raw: str, delimiter: str) -> bool:
    """Whether ``raw`` reads as strict CSV: every quote that opens a cell closes it, right
    before a delimiter or the end of a line (as Excel and pandas write multi-line cells)."""
    try:
        list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def _id_shape(cell: str) -> str | None:
    """The shape of a one-word cell with a digit in it, such as an id ("B2" and "A17" are
    both ``A9``: runs of letters and of digits); None for other cells (an answer, a header)."""
    cell = cell.strip()
    if len(cell) > 40 or not any(c.isdigit() for c in cell) or any(c.isspace() for c in cell):
        return None
    return re.sub(r"[^\W\d_]+", "A", re.sub(r"\d+", "9", cell))


def _swallowed_records(record: list[str], raw: str, delimiter: str, width: int,
                       shapes: Collection[str] = ()) -> bool:
    """Whether a record (read from the text ``raw``) swallowed the rows after it: a quote
    opened and never closed makes the reader take the following lines as part of the answer.

    A multi-line cell whose quotes are well formed is one answer, whatever its lines hold.
    Otherwise the record swallowed rows if it has the wrong number of fields, or a line of
    its answer splits into as many fields as the record, or as the first row, has (at least
    three; with two, only when the line's first field has the shape of the first field of
    the rows read so far, ``shapes``: "B2,Fine" after "A1", not "then, later" in an answer).
    """
    if not any("\n" in cell or "\r" in cell for cell in record) or _well_formed(raw, delimiter):
        return False
    if len(record) != width:
        # The wrong number of fields over several lines: the quote closed further down, at
        # a quote of a later row, so no line of the answer is a whole record.
        return True
    widths = {n for n in (len(record), width) if n >= 3}
    for cell in record:
        for line in cell.splitlines()[1:]:
            fields = next(csv.reader([line], delimiter=delimiter), [])
            if len(fields) in widths or (len(fields) == width == 2
                                         and _id_shape(fields[0]) in shapes):
                return True
    return False


def _records(text: str, delimiter: str) -> list[tuple[int, list[str] | None, str]]:
    """``(row number, fields or None, problem)`` per record. A record that swallowed the lines
    after it (an unclosed quote) is a bad row, and reading restarts on the line after it."""
    lines = io.StringIO(text, newline="").readlines()  # the lines the reader counts
    records: list[tuple[int, list[str] | None, str]] = []
    shapes: set[str] = set()  # of the rows' first fields (see :func:`_id_shape`)
    first_line = 0  # the physical line the reader starts on
    while first_line < len(lines):
        reader = csv.reader(io.StringIO("".join(lines[first_line:]), newline=""),
                            delimiter=delimiter)
        restart = None
        start_line = first_line
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                records.append((len(records) + 1, None, f"malformed CSV: {exc}"))
                start_line = first_line + reader.line_num
                continue
            width = next((len(r) for _, r, _ in records if r), len(record))
            raw = "".join(lines[start_line : first_line + reader.line_num])
            if _swallowed_records(record, raw, delimiter, width, shapes):
                records.append((len(records) + 1, None, (
                    'a quote (") opened in this row is never closed, so the rows after it '
                    "were read into it: close the quote or remove it; the rows after it are "
                    "read on their own")))
                restart = start_line + 1
                break
            records.append((len(records) + 1, record, ""))
            if record and (shape := _id_shape(record[0])):
                shapes.add(shape)
            start_line = first_line + reader.line_num
        if restart is None:
            break
        first_line = restart
    return records


def read_csv(path: Path) -> Table:
    """Read a delimited text file; rows with the wrong number of fields are kept as bad rows.

    Title lines above the header (a survey name, an export date) are skipped: see
    :func:`header_index`.
    """
    text, encoding = decode_bytes(path.read_bytes())
    if not text.strip():
        raise InputFileError("file is empty")
    delimiter = sniff_delimiter(text[:65536]) or ","
    records = _records(text, delimiter)
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
    numbers = [first_data + 1 + i for i in range(len(frame))]
    formulas = _unread_formulas(path, name, header, first_data + 1, frame, numbers)
    return Table(frame, numbers, header_row=start + 1, header_rows=1 + extra,
                 formula_cells=formulas)


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (a cheap scan of its XML)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                    continue
                with archive.open(member) as handle:
                    tail = b""
                    for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                        if _FORMULA_ELEMENT.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return False


def formula_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """``(spreadsheet row, column index from 0) -> formula`` for the sheet's formula cells
    (read-only, so large workbooks stay cheap; nothing is read without a formula in it)."""
    if not _has_formulas(path):
        return {}
    from openpyxl import load_workbook

    found: dict[tuple[int, int], str] = {}
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        for row in book[sheet].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    found[(cell.row, cell.column - 1)] = str(cell.value)
    finally:
        book.close()
    return found


def _unread_formulas(path: Path, sheet: str, header: list[str], first_row: int,
                     frame: pd.DataFrame, numbers: list[int]) -> dict[int, list[str]]:
    """Data rows' cells holding a formula and no value saved with it (a workbook written by a
    program, never opened in Excel; ``=HYPERLINK(...)``, ``=cmd|...``): by row, the headers."""
    try:
        formulas = formula_cells(path, sheet)
    except Exception:  # noqa: BLE001 - the values were read; formulas are only reported
        return {}
    position = {number: i for i, number in enumerate(numbers)}
    unread: dict[int, list[str]] = {}
    for (row, column), _ in sorted(formulas.items()):
        if row < first_row:
            continue
        i = position.get(row)
        if i is not None and column < len(header) and frame.iat[i, column].strip():
            continue  # a value was saved with the formula: that value is read
        name = header[column] if column < len(header) and header[column] else (
            f"column {_column_letter(column)}")
        unread.setdefault(row, []).append(name)
    return unread


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


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
            if count and _is_group_row(rows[i], rows[i + 1] if i + 1 < len(rows) else []):
                continue
            return i if count else 0
    return 0


def _is_group_row(row: list[str], following: list[str]) -> bool:
    """A row of group headings over a header ("About you" over "Age", "Area"): each heading
    is followed by blank cells, the next row names every column the headings span, and holds
    no SurveyMonkey "Response" words (whose first header row looks alike)."""
    cells = [str(c).strip() for c in row]
    below = [str(c).strip() for c in following]
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) < 2 or not below:
        return False
    width = max(filled) + 1
    spans_blanks = any(not c for c in cells[:width])
    names_all = len(below) >= width and all(below[:width])
    surveymonkey = any(c.casefold() in _SUBHEADER_WORDS for c in below)
    return spans_blanks and names_all and not surveymonkey and 2 * len(filled) <= sum(
        1 for c in below if c)


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
