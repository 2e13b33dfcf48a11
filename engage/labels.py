"""Human labels: a reviewer's complete coding of a comment (themes, optional sentiment)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.frameworks import active_themes, theme_resolver
from engage.models import Coding, Comment, Exercise
from engage.spreadsheet import unneutralise
from surveys.tables import read_table
from themes.targets import split_themes

SENTIMENTS = ("positive", "neutral", "negative")


class LabelError(ValueError):
    """A labels file cannot be used at all."""


@dataclass
class LabelReport:
    """What a labels import did; every problem row is listed with its reason."""

    rows: int = 0
    comments: int = 0
    codings_added: int = 0
    unchanged: int = 0
    not_coded: int = 0
    # Comments with a problem row: none of their rows is imported (a coding is all or nothing).
    comments_skipped: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def save_coding(
    session: Session,
    exercise: Exercise,
    comment: Comment,
    reviewer: str,
    themes: list[str],
    sentiment: str | None = None,
    origin: str = "app",
) -> Coding | None:
    """Record ``reviewer``'s complete coding of ``comment``; None when it is unchanged.

    The reviewer's previous coding stays in the store (no longer current) for the audit trail.
    """
    themes = sorted(set(themes))
    previous = session.scalar(
        select(Coding).where(
            Coding.comment_pk == comment.id, Coding.reviewer == reviewer, Coding.current
        )
    )
    if previous is not None:
        if previous.themes == themes and previous.sentiment == sentiment:
            return None
        previous.current = False
    coding = Coding(
        comment_pk=comment.id,
        reviewer=reviewer,
        themes=themes,
        sentiment=sentiment,
        origin=origin,
    )
    session.add(coding)
    before = {"themes": previous.themes, "sentiment": previous.sentiment} if previous else None
    audit.record(
        session,
        exercise,
        reviewer,
        "label",
        "comment",
        comment.comment_id,
        before,
        {"themes": themes, "sentiment": sentiment},
    )
    return coding


@dataclass(frozen=True)
class CurrentCoding:
    """What the reviewers say of one comment: one reviewer's coding, or, when several coded
    it, the themes more than half of them gave. ``disputed``: they differ on a theme with no
    majority either way (two reviewers who disagree), so no one's view is taken as the
    comment's coding: only the themes all of them gave are kept, and the model does not
    learn from it until a reviewer changes their mind or another one codes it."""

    themes: list[str]
    sentiment: str | None
    reviewers: tuple[str, ...]
    disputed: bool
    created_at: datetime

    @property
    def reviewer(self) -> str:
        """Who coded it ("A and B" when several did)."""
        return " and ".join(self.reviewers)


def resolve_codings(codings: list[Coding]) -> CurrentCoding:
    """The comment's coding from each reviewer's current one (see :class:`CurrentCoding`).
    A tone is kept when more than half of those who gave one agree."""
    n = len(codings)
    votes = Counter(t for coding in codings for t in set(coding.themes or []))
    themes = sorted(t for t, k in votes.items() if 2 * k > n)
    tones = Counter(coding.sentiment for coding in codings if coding.sentiment)
    given = sum(tones.values())
    sentiment = next((tone for tone, k in tones.items() if 2 * k > given), None)
    return CurrentCoding(
        themes=themes,
        sentiment=sentiment,
        reviewers=tuple(sorted({coding.reviewer for coding in codings})),
        disputed=any(2 * k == n for k in votes.values()),
        created_at=max(coding.created_at for coding in codings),
    )


def current_codings(session: Session, exercise: Exercise) -> dict[int, CurrentCoding]:
    """Per comment (primary key), what its reviewers' current codings say."""
    by_comment: dict[int, list[Coding]] = defaultdict(list)
    for coding in session.scalars(
        select(Coding)
        .join(Comment, Coding.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ):
        by_comment[coding.comment_pk].append(coding)
    return {pk: resolve_codings(codings) for pk, codings in by_comment.items()}


# Marks in a sheet with one column per theme.
MARKED = frozenset({"1", "x", "yes", "y", "true", "✓", "✔"})
UNMARKED = frozenset({"0", "no", "n", "false"})
# Columns a wide labels sheet may carry besides its themes (ours, and common extras).
_NOT_THEMES = frozenset({
    "comment_id", "sentiment", "text", "question", "flags", "reviewer", "coded_at", "notes"
})

Entries = dict[str, list[tuple[int, str, str]]]


def import_labels(
    session: Session, exercise: Exercise, path: str | Path, reviewer: str
) -> LabelReport:
    """Import a reviewer's codings from CSV or XLSX; the rows for a comment are its coding.

    Two layouts. Long: ``comment_id,theme[,sentiment]``, one row per theme, a blank theme
    meaning "reviewed, no theme applies". Wide: ``comment_id`` and one column per theme
    (headed by its id or name), marked ``1``/``x``/``yes`` where the theme applies and ``0``,
    ``no`` or blank where it does not; a row with no mark and no ``0`` at all is not coded yet
    and is counted as such. A theme may be given by its id or, as coding spreadsheets often
    do, by its name (either case-insensitively). Unknown comment or theme ids, names that fit
    two themes, unreadable marks and bad sentiments are reported and that comment's coding is
    not imported.
    """
    table = read_table(Path(path))
    frame = table.frame.rename(columns=lambda c: c.strip().lower()).map(unneutralise)
    repeated = sorted(set(frame.columns[frame.columns.duplicated()]))
    if repeated:
        raise LabelError(
            f"{path}: column {repeated[0]!r} appears more than once (letter case aside); "
            "keep one so it is clear which marks count"
        )
    if "comment_id" not in frame.columns:
        raise LabelError(
            f"{path}: needs columns comment_id and theme, or comment_id and one column per "
            f"theme (found {list(frame.columns)})"
        )
    filled = (frame.apply(lambda col: col.str.strip()) != "").any(axis=1).to_numpy()
    numbers = [n for n, keep in zip(table.row_numbers, filled, strict=True) if keep]
    frame = frame[filled]
    report = LabelReport(rows=len(frame) + len(table.bad_rows))
    report.problems += [{"row": n, "reason": why} for n, why in table.bad_rows.items()]
    resolve = theme_resolver(active_themes(session, exercise))
    spoiled: set[str] = set()  # comments with a row already reported
    if "theme" in frame.columns:
        grouped = _long_entries(frame, numbers)
    else:
        grouped = _wide_entries(frame, numbers, resolve, report, spoiled,
                                path=path)
    _save_entries(session, exercise, reviewer, grouped, resolve, report, spoiled)
    report.problems.sort(key=lambda p: p["row"])
    return report


def _long_entries(frame: pd.DataFrame, numbers: list[int]) -> Entries:
    grouped: Entries = defaultdict(list)
    for number, (_, row) in zip(numbers, frame.iterrows(), strict=True):
        sentiment = row.get("sentiment", "").strip().lower()
        grouped[row["comment_id"].strip()].append((number, row["theme"].strip(), sentiment))
    return grouped


def _wide_entries(
    frame: pd.DataFrame,
    numbers: list[int],
    resolve: Callable[[str], tuple[str, str | None]],
    report: LabelReport,
    spoiled: set[str],
    *,
    path: str | Path,
) -> Entries:
    """Rows of a sheet with one column per theme, as long-format entries."""
    themes, unknown = [], {}
    for column in frame.columns:
        if column in _NOT_THEMES:
            continue
        theme_id, problem = resolve(column)
        values = {v.strip().casefold() for v in frame[column]} - {""}
        if problem is None:
            themes.append((column, theme_id))
        elif values and values <= MARKED | UNMARKED:
            unknown[column] = problem
    if not themes:
        raise LabelError(
            f"{path}: needs a theme column, or one column per theme named by its id or name "
            f"(found {list(frame.columns)})"
        )
    columns_of: dict[str, list[str]] = defaultdict(list)
    for column, theme_id in themes:
        columns_of[theme_id].append(column)
    for theme_id, columns in columns_of.items():
        if len(columns) > 1:
            raise LabelError(
                f"{path}: columns {' and '.join(map(repr, columns))} both name theme "
                f"{theme_id!r}; keep one so it is clear which marks count"
            )
    grouped: Entries = defaultdict(list)
    for number, (_, row) in zip(numbers, frame.iterrows(), strict=True):
        sentiment = row.get("sentiment", "").strip().lower()
        marks = {theme_id: row[column].strip().casefold() for column, theme_id in themes}
        bad = [f"{column!r} has {row[column].strip()!r}, not a mark (use 1, x or yes where the "
               "theme applies, 0 or blank where not)" for column, theme_id in themes
               if marks[theme_id] and marks[theme_id] not in MARKED | UNMARKED]
        comment_id = row["comment_id"].strip()
        bad += [f"{column!r} is marked: {problem}" for column, problem in unknown.items()
                if row[column].strip().casefold() in MARKED]
        if bad:
            report.problems.append({"row": number, "reason": "; ".join(bad)})
            spoiled.add(comment_id)
            continue
        chosen = [theme_id for theme_id, mark in marks.items() if mark in MARKED]
        if not chosen and not sentiment and not any(marks.values()):
            report.not_coded += 1
            continue
        for theme_id in chosen or [""]:
            grouped[comment_id].append((number, theme_id, sentiment))
    return grouped


def _save_entries(
    session: Session,
    exercise: Exercise,
    reviewer: str,
    grouped: Entries,
    resolve: Callable[[str], tuple[str, str | None]],
    report: LabelReport,
    spoiled: set[str],
) -> None:
    comments = {
        c.comment_id: c
        for c in session.scalars(
            select(Comment).where(
                Comment.exercise_id == exercise.id, Comment.comment_id.in_(list(grouped))
            )
        )
    }
    for comment_id in spoiled - set(grouped):
        grouped[comment_id] = []
    for comment_id, rows in grouped.items():
        problems = []
        if comment_id not in comments:
            reason = (f"unknown comment id {comment_id!r}" if comment_id
                      else "no comment id (fill in the comment_id column)")
            problems += [{"row": n, "reason": reason} for n, *_ in rows]
        themes = []
        for number, theme, sentiment in rows:
            for part in split_themes(theme, lambda t: resolve(t)[1] is None):
                theme_id, problem = resolve(part)
                if problem:
                    problems.append({"row": number, "reason": problem})
                themes.append(theme_id)
            if sentiment and sentiment not in SENTIMENTS:
                problems.append(
                    {"row": number, "reason": f"sentiment {sentiment!r} is not one of {SENTIMENTS}"}
                )
        sentiments = {s for *_, s in rows if s}
        if len(sentiments) > 1:
            problems.append(
                {"row": rows[0][0], "reason": f"conflicting sentiments {sorted(sentiments)}"}
            )
        if problems or comment_id in spoiled:
            report.problems += problems
            report.comments_skipped += 1
            continue
        report.comments += 1
        coding = save_coding(
            session,
            exercise,
            comments[comment_id],
            reviewer,
            themes,
            next(iter(sentiments), None),
            origin="import",
        )
        if coding is None:
            report.unchanged += 1
        else:
            report.codings_added += 1


def labels_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """Current codings as rows of ``comment_id,theme,sentiment,reviewer,coded_at``."""
    rows = []
    result = session.execute(
        select(Comment.comment_id, Coding)
        .join(Coding, Coding.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Comment.id, Coding.reviewer)
    ).all()
    for comment_id, coding in result:
        for theme in coding.themes or [""]:
            rows.append(
                {
                    "comment_id": comment_id,
                    "theme": theme,
                    "sentiment": coding.sentiment or "",
                    "reviewer": coding.reviewer,
                    "coded_at": coding.created_at.isoformat(),
                }
            )
    return pd.DataFrame(rows, columns=["comment_id", "theme", "sentiment", "reviewer", "coded_at"])
