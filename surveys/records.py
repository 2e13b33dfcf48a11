"""Plain records that readers produce and the store consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class InputFileError(Exception):
    """A whole file could not be read (corrupt, wrong format, unreadable)."""


@dataclass(frozen=True)
class Answer:
    """One free-text answer to an open question."""

    column: str
    question_id: str
    question_text: str
    text: str


@dataclass(frozen=True)
class ClosedValue:
    """One answer to a closed question; ``score`` is set for 1-5 scales."""

    column: str
    question_id: str
    question_text: str
    value: str
    score: int | None = None
    # Several options ticked in one cell ("tick all that apply"), one per line of ``value``.
    multiple: bool = False


@dataclass
class InputRow:
    """A row of input as a person would point at it (``row`` as shown in a spreadsheet or editor).

    ``error`` set means the row is rejected with that reason.
    """

    row: int
    respondent_id: str | None = None
    group: str | None = None
    locality: str | None = None
    submitted: date | None = None
    meta: dict[str, str] = field(default_factory=dict)
    closed: list[ClosedValue] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    section: str | None = None
    error: str | None = None
    # Kept, but worth telling whoever ingests it (e.g. an answer not on the scale).
    notes: list[str] = field(default_factory=list)


@dataclass
class EventInfo:
    """Where notes came from: event name, date, place, audience, locality."""

    name: str
    date: date | None = None
    place: str | None = None
    audience: str | None = None
    locality: str | None = None


@dataclass
class ReadResult:
    """Everything a reader found in one file."""

    kind: str  # survey | notes | easyread
    rows: list[InputRow]
    event: EventInfo | None = None
    messages: list[str] = field(default_factory=list)
    text_columns: list[str] = field(default_factory=list)
    id_is_generated: bool = False
    # Each row is one person's form (not a long export, where a person's answers span rows):
    # two rows with one id and different answers are two forms given the same number.
    one_row_per_person: bool = False
