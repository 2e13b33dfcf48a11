"""Pick the kind of an input file (survey, notes, easyread) by extension and content."""

from __future__ import annotations

import zipfile
from pathlib import Path

from surveys.records import InputFileError
from surveys.tables import decode_bytes, sniff_delimiter, steady_columns

KINDS = ("survey", "notes", "easyread")
SURVEY_EXT = {".csv", ".tsv", ".xlsx", ".xlsm"}
NOTES_EXT = {".docx", ".md", ".markdown", ".txt"}


def _is_easyread_workbook(path: Path) -> bool:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        return False
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # corrupt files are reported when read
        return False
    try:
        if "Forms" not in book.sheetnames:
            return False
        header = next(book["Forms"].iter_rows(max_row=1, values_only=True), ())
        return "Form number" in header and "What is good?" in header
    finally:
        book.close()


def _looks_delimited(path: Path) -> bool:
    """Whether a ``.txt`` file is a table (e.g. Excel's "Unicode Text"): its first rows split
    into the same number, at least three, of fields."""
    try:
        text, _ = decode_bytes(path.read_bytes())
    except InputFileError:
        return False  # reported, with its reason, when the file is read
    sample = text[:65536]
    delimiter = sniff_delimiter(sample)
    return delimiter is not None and steady_columns(sample, delimiter) >= 3


def detect_kind(path: Path) -> str:
    """The kind of ``path``; raises :class:`InputFileError` for unsupported files."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return "easyread" if _is_easyread_workbook(path) else "survey"
    if suffix in {".csv", ".tsv"}:
        return "survey"
    if suffix == ".txt":
        return "survey" if _looks_delimited(path) else "notes"
    if suffix in NOTES_EXT:
        return "notes"
    if suffix == ".xls":
        raise InputFileError("old .xls workbooks are not supported: save as .xlsx or .csv")
    raise InputFileError(
        f"unsupported file type {suffix or '(none)'!r}: use .csv, .xlsx, .docx, .md or .txt"
    )
