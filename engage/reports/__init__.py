"""The "You said, we did" reports in Word, HTML and Markdown, and their Easy Read version.

>>> from engage.reports import write_report                      # doctest: +SKIP
>>> result = write_report(store, "report.docx", easy_read=True)   # doctest: +SKIP
>>> result.gate.passed                                            # doctest: +SKIP
True

The content is built once from the store (:mod:`engage.reports.content`), laid out as blocks
(:mod:`engage.reports.layout`, :mod:`engage.reports.easyread`) and drawn by one renderer per
format. Heavy modules are imported on use so that ``engage.reports.icons`` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engage.reports.easyread import EasyWording, GateResult
    from engage.reports.model import Report
    from engage.store import Store

FORMATS = ("docx", "html", "md")
_SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


class ReportError(ValueError):
    """The report cannot be written as asked."""


@dataclass
class ReportResult:
    """What :func:`write_report` wrote; ``gate`` is set for the Easy Read version."""

    path: Path
    format: str
    easy_read: bool
    gate: GateResult | None = None


def build_report(
    store: Store, exercise: str | None = None, *, today: date | None = None
) -> Report:
    """The report content (plain data) for an exercise, as on ``today`` (default: today)."""
    from engage.reports.content import build_report as build

    return build(store, exercise, today=today)


def report_format(path: str | Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else from the file suffix. A suffix of another
    report format is refused (Word written to ``report.html`` would not open)."""
    suffix = Path(path).suffix.lower()
    if fmt:
        if fmt not in FORMATS:
            raise ReportError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
        if suffix in _SUFFIXES and _SUFFIXES[suffix] != fmt:
            raise ReportError(
                f"{path}: the name says {_SUFFIXES[suffix]} but --format is {fmt}; "
                f"name the file .{fmt} or leave out --format"
            )
        return fmt
    if suffix not in _SUFFIXES:
        raise ReportError(f"{path}: give --format ({', '.join(FORMATS)}) or a .docx/.html/.md name")
    return _SUFFIXES[suffix]


def render(
    report: Report,
    path: str | Path,
    fmt: str,
    *,
    easy_read: bool = False,
    wording: EasyWording | None = None,
) -> ReportResult:
    """Write an already built report in ``fmt`` (docx, html or md)."""
    from engage.reports.docx import render_docx
    from engage.reports.easyread import easy_read_document
    from engage.reports.html import write_html
    from engage.reports.layout import report_document
    from engage.reports.markdown import write_markdown

    fmt = report_format(path, fmt)
    gate = None
    if easy_read:
        document, gate = easy_read_document(report, wording)
    else:
        document = report_document(report)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {"docx": render_docx, "html": write_html, "md": write_markdown}[fmt]
    writer(document, path)
    return ReportResult(path, fmt, easy_read, gate)


def write_report(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    easy_read: bool = False,
    exercise: str | None = None,
    wording: EasyWording | str | Path | None = None,
    today: date | None = None,
) -> ReportResult:
    """Build the report from the store and write it (``fmt`` defaults from the suffix).

    With ``easy_read=True`` the Easy Read version is written and ``result.gate`` lists every
    sentence that fails the readability limits (the file is written either way). ``wording``
    is an :class:`~engage.reports.easyread.EasyWording` or a YAML file of easy wording.
    ``today`` is the date the report is made (default: today; give one to reproduce a report).
    """
    from engage.reports.easyread import load_wording

    if isinstance(wording, str | Path):
        wording = load_wording(wording)
    fmt = report_format(path, fmt)
    return render(build_report(store, exercise, today=today), path, fmt, easy_read=easy_read,
                  wording=wording)


def report_bytes(
    store: Store,
    fmt: str,
    *,
    easy_read: bool = False,
    exercise: str | None = None,
    wording: EasyWording | None = None,
    today: date | None = None,
) -> tuple[bytes, GateResult | None]:
    """The report file's bytes (for a download button) and the Easy Read gate result."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = render(
            build_report(store, exercise, today=today),
            Path(folder) / f"report.{fmt}",
            fmt,
            easy_read=easy_read,
            wording=wording,
        )
        return result.path.read_bytes(), result.gate


__all__ = [
    "FORMATS",
    "ReportError",
    "ReportResult",
    "build_report",
    "render",
    "report_bytes",
    "report_format",
    "write_report",
]
