"""The report as plain data: what a "You said, we did" report says, before any rendering.

Counts that break people down by group or locality are :class:`~engage.reports.privacy.Figure`
objects, already suppressed; quotes carry no respondent ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from engage.reports.privacy import SMALL, Figure


def caption(question: str, what: str) -> str:
    """A table's caption from a question and what the table shows, kept apart ("Service
    used \u2013 all answers", not "Service used All answers")."""
    return f"{question.strip()} \u2013 {what}"


def long_date(value: date | None) -> str:
    """``15 December 2026`` (empty for no date)."""
    return f"{value.day} {value:%B %Y}" if value else ""


@dataclass
class Quote:
    """A redacted quote and a non-identifying description of who said it."""

    text: str
    attribution: str
    source: str
    reading_ease: float | None = None
    words: int = 0


@dataclass
class ActionItem:
    """An action as the report shows it."""

    id: int
    text: str
    status: str
    status_label: str
    themes: list[str]
    owner: str | None = None
    due: date | None = None
    evidence: str | None = None
    reason: str | None = None
    commitment: str | None = None
    # The status recorded, when the report shows another: an action recorded as done with
    # a date still to come is shown as in progress (``status``), due on that date.
    recorded_status: str | None = None
    # True when the action is not done (in progress or planned) and its date has passed:
    # shown as "was due" on that date, and the team is told to check it.
    overdue: bool = False


@dataclass
class Breakdown:
    """One count per label (hidden where small)."""

    caption: str
    labels: list[str]
    figures: list[Figure]
    total: int


@dataclass
class CrossTable:
    """Counts by two things (e.g. group by locality), hidden where small."""

    caption: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Figure]]


@dataclass
class EventSummary:
    """An event whose notes were ingested."""

    name: str
    date: date | None
    place: str | None
    audience: str | None
    locality: str | None
    points: int


@dataclass
class Listening:
    """How we listened and who we heard from."""

    respondents: int
    people: int
    comments: int
    event_points: int
    easy_read: int
    start: date | None
    end: date | None
    sources: list[tuple[str, str, int]]  # (label for one file, for several, how many files)
    events: list[EventSummary]
    by_group: Breakdown
    by_locality: Breakdown
    by_channel: Breakdown
    group_by_locality: CrossTable
    under_heard: list[str]
    # True when too few people filled in a form to say which groups or areas we heard less
    # from without pointing to them (the breakdown tables are left out too).
    under_heard_withheld: bool = False


@dataclass
class ThemeSection:
    """One theme: what people said (you said) and what is being done (we did)."""

    theme_id: str
    name: str
    description: str
    people: int  # everyone who raised it: people who filled in a form, and event points
    comments: int
    share: float
    reviewed: int
    group_labels: list[str]
    group_figures: list[Figure]
    sentiment: dict[str, Figure]
    scored: int
    summary: str
    keywords: list[str]
    quotes: list[Quote]
    actions: list[ActionItem]
    easy_quote: Quote | None = None
    # Of ``people``, points written down at events (each counted once; not known as people).
    points: int = 0

    @property
    def form_people(self) -> int:
        """People who filled in a form and raised the theme."""
        return self.people - self.points


# The line that pools answers too rare to list (a ward, a name typed into a tick-box column).
OTHER_ANSWERS = f"Other answers (each given by fewer than {SMALL} people)"


@dataclass
class ClosedResult:
    """A closed question's answers, overall and by group."""

    question_id: str
    question: str
    answered: int
    headline: str
    answers: list[str]
    overall: list[Figure]
    by_group: CrossTable
    easy_read: bool = False


@dataclass
class TopicItem:
    """An emergent topic the review group decided to keep."""

    label: str
    keywords: list[str]
    comments: int
    status: str
    quotes: list[Quote]


@dataclass
class Agreement:
    """How often two codings of the same comment agreed."""

    comments: int
    agreed: int

    @property
    def percent(self) -> float:
        return 100 * self.agreed / self.comments if self.comments else 0.0


@dataclass
class Method:
    """What was automated, what people checked, and what is still unchecked."""

    comments: int
    reviewed: int
    reviewers: int
    unreviewed: int
    unthemed: int
    flagged: int  # comments that may show someone is at risk
    redactions: int
    analysed: bool
    embedder: str | None
    reviewer_agreement: Agreement | None
    model_agreement: Agreement | None
    topics_found: int
    topics_kept: int
    # Comments not in English, by language: not themed, scored or checked for risk.
    not_english: dict[str, int] = field(default_factory=dict)
    # Of those, comments whose flag a person has cleared (someone read them).
    not_english_checked: int = 0
    # Of ``unthemed``, comments in the topics reported, and those topics' labels.
    unthemed_in_topics: int = 0
    unthemed_topics: list[str] = field(default_factory=list)
    # Actions recorded as done whose date is still to come (shown as in progress).
    done_in_future: list[ActionItem] = field(default_factory=list)
    # Actions not done (in progress or planned) whose date has passed.
    overdue: list[ActionItem] = field(default_factory=list)
    # What ``redactions`` counts, by where the details were: comments, tick-box answers and
    # respondent details, event details and section headings, question wording.
    redactions_by_place: dict[str, int] = field(default_factory=dict)


@dataclass
class Report:
    """Everything a "You said, we did" report says."""

    title: str
    exercise: str
    framework: str
    generated: date
    listening: Listening
    themes: list[ThemeSection]
    other_actions: list[ActionItem]
    closed: list[ClosedResult]
    topics: list[TopicItem]
    method: Method

    @property
    def themed(self) -> bool:
        """True when at least one comment has a theme."""
        return any(t.people for t in self.themes)
