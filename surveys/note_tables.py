"""Tables in event notes (Word or Markdown) read as a person would.

A first row of short headings names the columns ("What is working | What needs to change").
When that row heads every column, the first column is points like the others (a post-it
table: "Peer support" under "What is working" is something someone said). The first column
is a column of row labels ("Access", "Carers") only when its heading is blank or a generic
word ("Theme", "Topic", "Question"...), or when the table has no heading row and every row
starts with a short label beside longer points. Every other cell's paragraphs are points,
under those names; the headings and labels are not points themselves (they name the section
of the points beside and under them). A label found by its look, with nothing beside it,
names nothing, so it is kept as a point rather than dropped.

Each paragraph of a cell is one point, and so is each line of it: post-its typed one per line
with line breaks (Shift+Enter in Word) are separate points, as bullet lines are elsewhere. A
paragraph that Word wraps over several lines has no line break in it and stays one point; a
line broken in the middle of a sentence (ending in a comma, a hyphen, "and"...) is joined to
the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A grid: rows of cells, each cell the paragraphs written in it.
Grid = list[list[list[str]]]

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A line break inside a paragraph (Word's Shift+Enter reads as "\n"; a page or column break,
# a vertical tab or a Unicode line separator too).
_LINE_BREAK = re.compile(r"[\n\r\v\f\u2028\u2029]+")
# A line that stops in the middle of a sentence: the next line carries it on.
_CARRIES_ON = re.compile(
    r"(?:[,;:\-\u2010\u2013\u2014/&(]|\b(?:and|or|but|nor|the|a|an|to|of|for|with|in|on|at|"
    r"by|from|because|so|that|which|who|when|if|my|our|your|their|his|her|is|are|was|were))\s*$",
    re.IGNORECASE,
)
# A line starting with a bullet mark ("- ", "• ").
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25e6\u2023]|\d{1,3}[.)])\s+")
# Headings of a first column that hold row labels, not points (lower case, no punctuation).
LABEL_COLUMN_HEADINGS = frozenset({
    "", "theme", "themes", "topic", "topics", "question", "questions", "area", "areas",
    "issue", "issues", "subject", "subjects", "category", "categories", "section", "sections",
    "prompt", "prompts", "heading", "headings", "item", "items", "table", "group", "groups",
    "service", "services", "no", "number", "ref", "key", "aspect", "focus",
})


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


def cell_lines(paragraphs: list[str]) -> list[str]:
    """The points of one cell: each paragraph, split at its line breaks (a line stopping in
    the middle of a sentence is joined to the next; a bullet mark is dropped); blank lines
    are left out."""
    out: list[str] = []
    for paragraph in paragraphs:
        lines = [" ".join(line.split()) for line in _LINE_BREAK.split(paragraph)]
        lines = [_BULLET.sub("", line, count=1) if len(lines) > 1 else line for line in lines]
        joined: list[str] = []
        for line in lines:
            if not line:
                continue
            if joined and _CARRIES_ON.search(joined[-1]):
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        out.extend(joined)
    return out


def _label_column_heading(text: str) -> bool:
    """A first-column heading over row labels: blank or generic ("Theme", "Topic/area")."""
    words = re.split(r"\s*(?:/|&|\band\b|\bor\b)\s*", re.sub(r"[^\w/& ]", "", text.lower()))
    return all(w.strip() in LABEL_COLUMN_HEADINGS for w in words)


def table_points(grid: Grid) -> list[TablePoint]:
    """The paragraphs of a table in reading order, each with where it sits."""
    cells = [[cell_lines(cell) for cell in row] for row in grid]
    texts = [[" ".join(cell).strip() for cell in row] for row in cells]
    wide = max((len(r) for r in grid), default=0) >= 2
    header = wide and len(grid) >= 2 and all(_is_label(t) for t in texts[0])
    body = list(range(1 if header else 0, len(grid)))
    starts_with_labels = wide and bool(body) and all(
        len(texts[r]) >= 2 and texts[r][0] and _is_label(texts[r][0]) for r in body)
    # Under a heading row, the first column holds labels only when its own heading says so
    # (blank or generic); a real heading ("What is working") heads points, like the others.
    labelled = starts_with_labels and (not header or _label_column_heading(texts[0][0]))
    points = [TablePoint(t, 0, point=False) for t in texts[0]] if header else []
    for r in body:
        # A label found by its look (no heading row says the column holds labels) with
        # nothing beside it labels nothing: it is kept as a point, not dropped.
        row_label = labelled and (header or any(cells[r][1:]))
        for column, cell in enumerate(cells[r]):
            if row_label and column == 0:
                points.append(TablePoint(texts[r][0], r, point=False))
                continue
            heading = texts[0][column] if header and column < len(texts[0]) else ""
            label = f"{texts[r][0]}: {heading}" if row_label and heading else (
                texts[r][0] if row_label else heading)
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
