"""Tables in event notes (Word or Markdown) read as a person would.

A first row of short headings names the columns ("What is working | What needs to change"); a
first column of short labels names the rows ("Access"). Every other cell's paragraphs are
points, under those names; the headings and labels are not points themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A grid: rows of cells, each cell the paragraphs written in it.
Grid = list[list[list[str]]]

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class TablePoint:
    """A paragraph of a table cell: ``label`` is where it sits (its row's label, its column's
    heading, or both); ``point`` is False for the headings and labels themselves."""

    text: str
    row: int
    label: str | None = None
    point: bool = True


def _is_label(text: str) -> bool:
    return len(text.split()) <= 6 and not text.rstrip().endswith((".", "!", "?"))


def table_points(grid: Grid) -> list[TablePoint]:
    """The paragraphs of a table in reading order, each with where it sits."""
    texts = [[" ".join(p.strip() for p in cell).strip() for cell in row] for row in grid]
    wide = max((len(r) for r in grid), default=0) >= 2
    header = wide and len(grid) >= 2 and all(_is_label(t) for t in texts[0])
    body = list(range(1 if header else 0, len(grid)))
    labelled = wide and bool(body) and all(
        len(texts[r]) >= 2 and texts[r][0] and _is_label(texts[r][0]) for r in body)
    points = [TablePoint(t, 0, point=False) for t in texts[0]] if header else []
    for r in body:
        for column, cell in enumerate(grid[r]):
            if labelled and column == 0:
                points.append(TablePoint(texts[r][0], r, point=False))
                continue
            heading = texts[0][column] if header and column < len(texts[0]) else ""
            label = f"{texts[r][0]}: {heading}" if labelled and heading else (
                texts[r][0] if labelled else heading)
            points.extend(TablePoint(p, r, label or None) for p in cell)
    return points


def markdown_grid(lines: list[str]) -> Grid | None:
    """A Markdown pipe table (header, ``|---|`` line, rows) as a grid; None if it is not one.
    ``<br>`` in a cell separates paragraphs."""
    if len(lines) < 2 or not _SEPARATOR.match(lines[1]):
        return None
    grid: Grid = []
    for number, line in enumerate(lines):
        if number == 1:
            continue
        cells = line.strip().strip("|").split("|")
        grid.append([re.split(r"<br\s*/?>", cell, flags=re.I) for cell in cells])
    return grid
