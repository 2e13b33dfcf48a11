"""Frameworks written as a spreadsheet (CSV or XLSX): one row per theme.

Columns (any case): ``name`` and ``description`` (required), ``id`` (made from the name when
absent or blank), ``keywords`` (separated by ``;``, ``,`` or new lines) and ``examples`` (one
per line of the cell, or separated by ``;``). Teams who draft their themes in Excel can load
them as they are; ``engage framework show --yaml`` gives the YAML equivalent.
"""

from __future__ import annotations

import re
from pathlib import Path

from surveys.records import InputFileError
from surveys.tables import read_table
from themes.framework import Framework, FrameworkError, parse_framework, suggest_id

_KEYWORD_SPLIT = re.compile(r"[;,\n]+")
_EXAMPLE_SPLIT = re.compile(r"[;\n]+")
_THEME_INDEX = re.compile(r"themes\[(\d+)\]\.?")


def framework_from_table(path: Path) -> Framework:
    """Read a framework from a CSV/XLSX table of themes; errors name the file and row."""
    try:
        table = read_table(path, sheet="Themes")
    except InputFileError as exc:
        raise FrameworkError(f"{path}: {exc}") from None
    frame = table.frame.rename(columns=lambda c: c.strip().lower())
    missing = [c for c in ("name", "description") if c not in frame.columns]
    if missing:
        raise FrameworkError(
            f"{path}: a themes table needs columns name and description (and may have id, "
            f"keywords, examples); missing {', '.join(missing)}, found {list(frame.columns)}"
        )
    themes, rows = [], []
    for number, (_, row) in zip(table.row_numbers, frame.iterrows(), strict=True):
        cells = {k: str(v).strip() for k, v in row.items()}
        if not any(cells.get(c) for c in ("id", "name", "description")):
            continue
        theme = {
            "id": cells.get("id") or suggest_id(cells["name"]),
            "name": cells["name"] or None,
            "description": cells["description"] or None,
            "keywords": _split(cells.get("keywords", ""), _KEYWORD_SPLIT),
            "examples": _split(cells.get("examples", ""), _EXAMPLE_SPLIT),
        }
        themes.append(theme)
        rows.append(number)
    name = " ".join(re.split(r"[-_\s]+", path.stem)).strip().capitalize() or "Themes"
    try:
        return parse_framework({"name": name, "themes": themes}, source=str(path))
    except FrameworkError as exc:
        message = _THEME_INDEX.sub(lambda m: f"row {rows[int(m.group(1))]}: ", str(exc))
        raise FrameworkError(message) from None


def _split(cell: str, pattern: re.Pattern[str]) -> list[str]:
    return [part.strip() for part in pattern.split(cell) if part.strip()]
