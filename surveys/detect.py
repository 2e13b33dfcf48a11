"""Pick the kind of an input file (survey, notes, easyread) by extension and content."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from surveys.records import InputFileError

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
    head = path.read_bytes()[:8192].decode("utf-8", errors="replace")
    lines = [line for line in head.splitlines()[:6] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
    except csv.Error:
        return False
    counts = {len(row) for row in csv.reader(lines, dialect)}
    return len(counts) == 1 and counts.pop() >= 3


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
