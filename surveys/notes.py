"""Read event notes (Markdown, text, Word): each bullet or paragraph becomes one comment."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from surveys.note_tables import markdown_grid, table_points
from surveys.records import Answer, EventInfo, InputFileError, InputRow, ReadResult
from surveys.survey import parse_date
from surveys.tables import decode_bytes

BULLET = re.compile(r"^\s*(?:[-*+•▪◦‣]|\d{1,3}[.)])\s+")
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
KEY_VALUE = re.compile(
    r"^\s*(event|name|title|date|place|venue|location|audience|locality)\s*:\s*(.+)$", re.I
)
KEY_ALIASES = {"name": "event", "title": "event", "venue": "place", "location": "place"}
NOTES_QUESTION = ("event_notes", "Event notes")


@dataclass(frozen=True)
class Block:
    """One comment-sized piece of notes, with where it sits."""

    line: int
    text: str
    section: str | None
    # The point's place on its line when a line holds several (a Markdown table row): 1, 2...
    part: int = 0


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Parse a leading ``---`` YAML block or ``Key: value`` lines; return (fields, lines used)."""
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                try:
                    data = yaml.safe_load("\n".join(lines[1:end])) or {}
                except yaml.YAMLError as exc:
                    raise InputFileError(f"front matter is not valid YAML: {exc}") from exc
                if not isinstance(data, dict):
                    raise InputFileError("front matter must be 'key: value' lines")
                return {str(k).lower(): str(v) for k, v in data.items() if v is not None}, end + 1
        raise InputFileError("front matter starts with '---' but never ends")
    fields: dict[str, str] = {}
    used = 0
    for i, line in enumerate(lines):
        if not line.strip():
            if fields:
                used = i + 1
                continue
            continue
        match = KEY_VALUE.match(line)
        if not match:
            break
        fields[match.group(1).lower()] = match.group(2).strip()
        used = i + 1
    return fields, used


def _event(fields: dict[str, str], default_name: str) -> EventInfo:
    fields = {KEY_ALIASES.get(k, k): v for k, v in fields.items()}
    return EventInfo(
        name=fields.get("event") or default_name,
        date=parse_date(fields.get("date", "")),
        place=fields.get("place"),
        audience=fields.get("audience"),
        locality=fields.get("locality"),
    )


def _is_text_heading(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    if not stripped or len(words) > 12 or BULLET.match(line):
        return False
    if stripped.endswith(":"):
        return True
    letters = [c for c in stripped if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


_SENTENCE_END = re.compile(r"[.!?,;…]\W*$")


def _is_title(lines: list[str], offset: int) -> bool:
    """A plain-text title: the first line of the notes, short, not a sentence, with the next
    line (which would be read into it) starting anew with a capital or a digit, not carrying
    on a sentence."""
    line = lines[offset].strip()
    following = lines[offset + 1].strip() if offset + 1 < len(lines) else ""
    return bool(
        not any(s.strip() for s in lines[:offset]) and line and following
        and len(line) <= 60 and not BULLET.match(lines[offset])
        and not _SENTENCE_END.search(line) and not _ABOUT_THE_MEETING.match(line)
        and not BULLET.match(following) and (following[:1].isupper() or following[:1].isdigit()))


_RUNS_ON = re.compile(r"(?:,|&|\band)\s*$", re.IGNORECASE)


def _meeting_line_done(current: list[str], line: str) -> bool:
    """Whether the block so far is a line about the meeting ("Facilitated by Grace") that
    ``line`` does not carry on: not indented under it, nor finishing a list that runs on
    ("Attendees: Jo, Sam,")."""
    return bool(current and _ABOUT_THE_MEETING.match(current[0]) and not line[:1].isspace()
                and not _RUNS_ON.search(current[-1]))


def text_blocks(lines: list[str], first_line: int, markdown: bool) -> list[Block]:
    """Split lines into bullets and paragraphs; headings set the section."""
    blocks: list[Block] = []
    section: str | None = None
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            blocks.append(Block(start, " ".join(s.strip() for s in current), section))
            current.clear()

    offset = -1
    while offset + 1 < len(lines):
        offset += 1
        line = lines[offset]
        number = first_line + offset
        if markdown and line.lstrip().startswith("|"):
            end = offset
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            grid = markdown_grid(lines[offset:end])
            if grid is not None:
                flush()
                parts: Counter[int] = Counter()
                for point in table_points(grid):
                    if point.point and point.text.strip():
                        where = (f"{section}: {point.label}" if section and point.label
                                 else point.label or section)
                        line_of_row = number + point.row + (1 if point.row else 0)
                        parts[line_of_row] += 1
                        blocks.append(Block(line_of_row, point.text.strip(), where,
                                            parts[line_of_row]))
                offset = end - 1
                continue
        heading = MD_HEADING.match(line) if markdown else None
        if heading or (not markdown and not current and (
                _is_text_heading(line) or _is_title(lines, offset))):
            flush()
            section = (heading.group(2) if heading else line.strip()).rstrip(":").strip()
            continue
        if not line.strip():
            flush()
            continue
        bullet = BULLET.match(line)
        if not bullet and (_ABOUT_THE_MEETING.match(line) or _meeting_line_done(current, line)):
            flush()  # a line about the meeting is a block of its own, not part of a point
        if bullet:
            flush()
            start = number
            current.append(line[bullet.end() :])
            continue
        if not current:
            start = number
        current.append(line)
    flush()
    return blocks


# Lines about the meeting, not points anyone made ("Facilitated by Jo. 14 people attended.",
# "Run by Mark"); each is a block of its own in text notes (see :func:`text_blocks`);
# and sections of the team's own follow-up ("Actions agreed", "Next steps").
_ABOUT_THE_MEETING = re.compile(
    r"^\W*(?:facilitated\s+by|facilitators?\b|(?:run|led|chaired|hosted|organi[sz]ed)\s+by\b|"
    r"notes?\s+(?:taken|written)\s+by|note[- ]?taker|"
    r"minutes\s+(?:taken|by)|attendees?\s*:|attending\s*:|present\s*:|"
    r"apologies\s*(?::|from|received)|"
    r"number\s+(?:of\s+people\s+)?attend\w*|\d+\s+people\s+(?:attended|came)\b|"
    r"next\s+meeting\b|date\s+of\s+next)",
    re.IGNORECASE,
)
_FOLLOW_UP_SECTION = re.compile(
    r"^\W*(?:actions?(?:\s+(?:agreed|points|log|list))?|next\s+steps|follow[- ]?ups?|"
    r"to\s+do|housekeeping|apologies|attendees|present)\W*$",
    re.IGNORECASE,
)


def _rows(blocks: list[Block]) -> list[InputRow]:
    question_id, question_text = NOTES_QUESTION
    rows = []
    for block in blocks:
        row = InputRow(row=block.line, section=block.section)
        last = (block.section or "").rsplit(":", 1)[-1]
        if not any(c.isalnum() for c in block.text):
            # An empty bullet ("- "), a rule ("---") or "- ?": nothing said (as a survey's
            # "?" or "-" is blank), counted as empty.
            pass
        elif _ABOUT_THE_MEETING.match(block.text) or _FOLLOW_UP_SECTION.match(last):
            row.notes.append("about the meeting or its follow-up, not a point someone made: "
                             "left out (counted as empty)")
        else:
            column = f"notes:{block.part}" if block.part else "notes"
            row.answers.append(Answer(column, question_id, question_text, block.text))
        rows.append(row)
    return rows


def read_text_notes(path: Path) -> ReadResult:
    """Read ``.md``/``.txt`` notes. ``row`` numbers are line numbers in the file."""
    text, _ = decode_bytes(path.read_bytes())
    lines = text.splitlines()
    fields, used = _front_matter(lines)
    blocks = text_blocks(
        lines[used:], used + 1, markdown=path.suffix.lower() in {".md", ".markdown"}
    )
    return ReadResult("notes", _rows(blocks), event=_event(fields, path.stem))


@dataclass(frozen=True)
class _DocxItem:
    """A Word paragraph in reading order; ``label`` is where it sits in a table, whose
    headings and labels are not points."""

    text: str
    style: str = ""
    label: str | None = None
    point: bool = True


def _table_items(table: Any) -> list[_DocxItem]:
    """A Word table's paragraphs (see :mod:`surveys.note_tables`); a merged cell is read once."""
    grid = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append([p.text for p in cell.paragraphs])
        grid.append(cells)
    return [_DocxItem(p.text, label=p.label, point=p.point) for p in table_points(grid)]


def _docx_items(document: Any) -> list[_DocxItem]:
    """Body paragraphs and tables' cells, in the order they appear in the document."""
    from docx.table import Table

    items: list[_DocxItem] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            items.extend(_table_items(block))
        else:
            items.append(_DocxItem(block.text, block.style.name if block.style else ""))
    return items


def read_docx_notes(path: Path) -> ReadResult:
    """Read Word notes. ``row`` numbers count paragraphs, table cells' paragraphs included,
    in reading order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputFileError(f"cannot open Word document: {exc}") from exc
    items = _docx_items(document)
    fields, used = _front_matter([item.text for item in items])
    title = document.core_properties.title or path.stem
    blocks: list[Block] = []
    section: str | None = None
    for number, item in enumerate(items[used:], start=used + 1):
        text = item.text
        if not text.strip() or not item.point:
            continue
        if item.style.startswith("Heading") or item.style == "Title":
            section = text.strip()
            continue
        bullet = BULLET.match(text)
        where = f"{section}: {item.label}" if section and item.label else item.label or section
        blocks.append(Block(number, text[bullet.end() :] if bullet else text, where))
    return ReadResult("notes", _rows(blocks), event=_event(fields, title))


def read_notes(path: Path) -> ReadResult:
    """Read event notes of any supported kind."""
    if path.suffix.lower() == ".docx":
        return read_docx_notes(path)
    return read_text_notes(path)
