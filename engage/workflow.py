"""The review library: what the review app does, as plain functions over a session.

Sections: safe writes (retry when SQLite is busy), the review queue, labelling (every decision
goes through :func:`engage.labels.save_coding`), flags (safeguarding and missed personal
details, with re-redaction), the theme board (versioned edits with optimistic locking),
double-coding agreement (Cohen's and Fleiss' kappa) and model-versus-human agreement.

Reviewers only ever see ``Comment.text`` (the redacted text). A comment with an open
"personal details" flag is hidden from reviewers until :func:`reredact` has masked them again.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engage import audit
from engage.frameworks import active_themes
from engage.labels import SENTIMENTS, save_coding
from engage.models import (
    AuditEvent,
    Coding,
    Comment,
    EmbeddingRecord,
    Event,
    Exercise,
    Flag,
    Question,
    Respondent,
    Suggestion,
    ThemeRecord,
    TopicRecord,
    utcnow,
)
from engage.store import Store
from surveys.mapping import slugify

T = TypeVar("T")

QUOTE_CHARS = (40, 400)  # representative quotes: long enough to say something, short to read
HIDDEN_TEXT = "[Hidden: this comment is waiting for personal details to be removed.]"
PERSONAL = "personal-details"
SAFEGUARDING = "safeguarding"
REVIEWER_CATEGORY = "reviewer"
MISSED_CATEGORY = "missed"


class WorkflowError(ValueError):
    """Something the person asked for cannot be done; the message says why in plain words."""


class ThemeChanged(WorkflowError):
    """Someone else changed the theme since it was opened: the change was not saved."""


class NotReviewable(WorkflowError):
    """The comment is hidden while personal details are removed, so it cannot be labelled."""


# --- safe writes ----------------------------------------------------------------------------

_RETRYABLE = (
    "database is locked",
    "database is busy",
    "database table is locked",
    "deadlock detected",
    "could not serialize access",
)


def is_retryable(exc: BaseException) -> bool:
    """True for a clash between simultaneous writers that succeeds when simply tried again."""
    return isinstance(exc, DBAPIError) and any(m in str(exc).lower() for m in _RETRYABLE)


def run_write(
    store: Store,
    work: Callable[[Session], T],
    *,
    attempts: int = 15,
    first_delay: float = 0.02,
    max_delay: float = 1.0,
) -> T:
    """Run ``work(session)`` in one transaction, retrying when the database is momentarily busy.

    On SQLite the transaction takes the write lock at once (``BEGIN IMMEDIATE``), so writers
    queue instead of overwriting each other; if one waits longer than the busy timeout, SQLite
    says "database is locked". PostgreSQL may report a deadlock or serialisation failure. All
    of these are safe to retry from scratch, so ``work`` must load what it needs from the
    session it is given. Other errors are raised unchanged.
    """
    sqlite = store.engine.dialect.name == "sqlite"
    for attempt in range(attempts):
        session = store.session()
        try:
            with session.begin():
                if sqlite:
                    # Take the write lock first, so what ``work`` reads cannot go stale
                    # before it writes (the driver would otherwise begin only at the first
                    # write); other writers wait up to the busy timeout.
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts - 1 or not is_retryable(exc):
                raise
        finally:
            session.close()
        delay = min(max_delay, first_delay * 2**attempt)
        time.sleep(delay * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def analysis_version(session: Session, exercise: Exercise) -> tuple[Any, ...]:
    """Changes whenever the model's suggestions change (new analysis or new comments)."""
    latest, count = session.execute(
        select(func.max(Suggestion.analysed_at), func.count())
        .select_from(Suggestion)
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
    ).one()
    return ((exercise.analysis_state or {}).get("model_key"), latest, count)


def data_version(session: Session, exercise: Exercise) -> tuple[Any, ...]:
    """A cheap fingerprint that changes whenever comments, analysis or decisions change."""
    return (
        session.scalar(
            select(func.max(AuditEvent.id)).where(AuditEvent.exercise_id == exercise.id)
        ),
        session.scalar(
            select(func.count()).select_from(Comment).where(Comment.exercise_id == exercise.id)
        ),
        session.scalar(select(func.max(Coding.id))),
        session.scalar(select(func.max(Flag.id))),
        *analysis_version(session, exercise),
    )


# --- comments as reviewers see them ----------------------------------------------------------


@dataclass
class FlagInfo:
    """A flag on a comment, for display."""

    id: int
    comment_pk: int
    kind: str
    category: str
    sentence: str
    raised_by: str
    status: str
    note: str | None
    created_at: datetime
    cleared_by: str | None
    cleared_at: datetime | None


def _flag_info(flag: Flag) -> FlagInfo:
    return FlagInfo(
        flag.id,
        flag.comment_pk,
        flag.kind,
        flag.category,
        flag.sentence,
        flag.raised_by,
        flag.status,
        flag.note,
        flag.created_at,
        flag.cleared_by,
        flag.cleared_at,
    )


@dataclass
class ReviewItem:
    """One comment as a reviewer sees it: redacted text, context, the model's suggestion."""

    pk: int
    comment_id: str
    text: str
    hidden: bool
    source: str
    question: str | None
    group: str | None
    locality: str | None
    event: str | None
    submitted: Any
    suggested: list[str]
    confidence: dict[str, float]
    reasons: dict[str, list[str]]
    model_sentiment: str | None
    my_themes: list[str] | None
    my_sentiment: str | None
    flags: list[FlagInfo]
    assigned: bool = False

    @property
    def open_flags(self) -> list[FlagInfo]:
        """Flags nobody has cleared yet."""
        return [f for f in self.flags if f.status == "open"]

    @property
    def safeguarding(self) -> list[FlagInfo]:
        """Open safeguarding flags."""
        return [f for f in self.open_flags if f.kind == SAFEGUARDING]


def _hidden_pks(session: Session, pks: Iterable[int] | None = None) -> set[int]:
    query = select(Flag.comment_pk).where(Flag.kind == PERSONAL, Flag.status == "open")
    if pks is not None:
        query = query.where(Flag.comment_pk.in_(list(pks)))
    return set(session.scalars(query))


def is_hidden(session: Session, comment: Comment) -> bool:
    """True while the comment has an open "personal details" flag."""
    return bool(_hidden_pks(session, [comment.id]))


def shown_text(session: Session, comment: Comment) -> str:
    """The text a reviewer may see: the redacted text, or a notice while it is hidden."""
    return HIDDEN_TEXT if is_hidden(session, comment) else comment.text


def comment_by_id(session: Session, exercise: Exercise, comment_id: str) -> Comment:
    """The exercise's comment with this id."""
    found = session.scalar(
        select(Comment).where(Comment.exercise_id == exercise.id, Comment.comment_id == comment_id)
    )
    if found is None:
        raise WorkflowError(f"there is no comment {comment_id!r}")
    return found


def comment_by_pk(session: Session, exercise: Exercise, pk: int) -> Comment:
    """The exercise's comment with this database key."""
    found = session.get(Comment, pk)
    if found is None or found.exercise_id != exercise.id:
        raise WorkflowError(f"there is no comment number {pk}")
    return found


def _current_coding(session: Session, comment: Comment, reviewer: str) -> Coding | None:
    return session.scalar(
        select(Coding).where(
            Coding.comment_pk == comment.id, Coding.reviewer == reviewer, Coding.current
        )
    )


def review_items(
    session: Session, exercise: Exercise, pks: Sequence[int], reviewer: str
) -> list[ReviewItem]:
    """The comments ``pks`` (in that order) as ``reviewer`` sees them.

    Only ``reviewer``'s own coding is included: reviewers stay blind to each other's labels.
    """
    if not pks:
        return []
    rows = session.execute(
        select(Comment, Suggestion, Respondent, Question.text, Event.name, Event.locality)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
        .join(Question, Comment.question_id == Question.id, isouter=True)
        .join(Event, Comment.event_id == Event.id, isouter=True)
        .where(Comment.exercise_id == exercise.id, Comment.id.in_(list(pks)))
    ).all()
    mine = {
        c.comment_pk: c
        for c in session.scalars(
            select(Coding).where(
                Coding.comment_pk.in_(list(pks)), Coding.reviewer == reviewer, Coding.current
            )
        )
    }
    flags: dict[int, list[FlagInfo]] = defaultdict(list)
    for flag in session.scalars(
        select(Flag).where(Flag.comment_pk.in_(list(pks))).order_by(Flag.id)
    ):
        flags[flag.comment_pk].append(_flag_info(flag))
    assigned = set(assigned_comments(session, exercise, reviewer))
    items = {}
    for comment, suggestion, respondent, question, event, event_locality in rows:
        hidden = any(f.kind == PERSONAL and f.status == "open" for f in flags[comment.id])
        coding = mine.get(comment.id)
        items[comment.id] = ReviewItem(
            pk=comment.id,
            comment_id=comment.comment_id,
            text=HIDDEN_TEXT if hidden else comment.text,
            hidden=hidden,
            source=comment.source,
            question=question,
            group=respondent.group if respondent else None,
            locality=(respondent.locality if respondent else None) or event_locality,
            event=event,
            submitted=respondent.submitted if respondent else None,
            suggested=list(suggestion.themes) if suggestion else [],
            confidence=dict(suggestion.confidence) if suggestion else {},
            reasons=dict(suggestion.reasons) if suggestion else {},
            model_sentiment=suggestion.sentiment if suggestion else None,
            my_themes=list(coding.themes) if coding else None,
            my_sentiment=coding.sentiment if coding else None,
            flags=flags[comment.id],
            assigned=comment.comment_id in assigned,
        )
    return [items[pk] for pk in pks if pk in items]


# --- the review queue -----------------------------------------------------------------------


@dataclass
class QueueFilter:
    """Narrow the queue. Empty fields do not filter.

    ``flag`` is ``"safeguarding"``, ``"personal-details"``, ``"any"`` or ``"none"``;
    ``sentiment`` matches the model's sentiment; ``theme`` matches the model's suggestion or
    a reviewer's coding; ``include_done`` also shows comments someone has already labelled.
    """

    theme: str | None = None
    group: str | None = None
    locality: str | None = None
    source: str | None = None
    sentiment: str | None = None
    flag: str | None = None
    search: str = ""
    include_done: bool = False


@dataclass
class QueuePage:
    """The next comments to review, how many match, and how many of this reviewer's
    agreement-sample comments are still to do."""

    items: list[ReviewItem]
    total: int
    assigned_left: int
    order: str


def rank_informative(
    session: Session, exercise: Exercise, *, diverse: int = 50, pool: int = 5000
) -> list[int]:
    """Every analysed comment's key, the ones labelling would teach the model most first.

    Informativeness is :func:`themes.active.informativeness` of the stored theme
    probabilities. When the exercise's sentence embeddings are in the store, the first
    ``diverse`` picks come from :func:`themes.active.next_to_review` over the ``pool`` most
    informative unlabelled comments, so they are not all alike; the rest follow by
    informativeness (ties: oldest first).
    """
    from themes.active import informativeness

    theme_ids = [t.theme_id for t in active_themes(session, exercise)]
    rows = session.execute(
        select(Comment.id, Suggestion.confidence, Suggestion.text_hash)
        .join(Suggestion, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
        .order_by(Comment.id)
    ).all()
    if not rows or not theme_ids:
        return [pk for pk, _, _ in rows]
    pks = np.array([pk for pk, _, _ in rows])
    proba = np.array([[float((c or {}).get(t, 0.0)) for t in theme_ids] for _, c, _ in rows])
    info = informativeness(proba)
    order = np.lexsort((pks, -info))
    picks = _diverse_picks(session, exercise, rows, proba, order, diverse, pool)
    chosen = set(picks)
    return [int(pks[i]) for i in picks] + [int(pks[i]) for i in order if i not in chosen]


def _diverse_picks(
    session: Session,
    exercise: Exercise,
    rows: Sequence[Any],
    proba: np.ndarray,
    order: np.ndarray,
    n: int,
    pool: int,
) -> list[int]:
    """Row indexes chosen by :func:`themes.active.next_to_review`; [] without embeddings."""
    from themes.active import next_to_review

    model = (exercise.analysis_state or {}).get("embedder")
    if not model or n <= 0:
        return []
    labelled = set(
        session.scalars(
            select(Coding.comment_pk)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(Comment.exercise_id == exercise.id, Coding.current)
        )
    )
    todo = [i for i in order if rows[i][0] not in labelled][:pool]
    done = [i for i, row in enumerate(rows) if row[0] in labelled][:pool]
    subset = todo + done
    hashes = {rows[i][2] for i in subset}
    vectors: dict[str, np.ndarray] = {}
    for chunk in range(0, len(hashes), 500):
        wanted = list(hashes)[chunk : chunk + 500]
        for key, blob in session.execute(
            select(EmbeddingRecord.text_hash, EmbeddingRecord.vector).where(
                EmbeddingRecord.model == model, EmbeddingRecord.text_hash.in_(wanted)
            )
        ):
            vectors[key] = np.frombuffer(blob, dtype=np.float32)
    if not todo or len(vectors) < len(hashes):
        return []
    embeddings = np.stack([vectors[rows[i][2]] for i in subset])
    mask = np.array([False] * len(todo) + [True] * len(done))
    picked = next_to_review(proba[subset], embeddings, mask, n=n, diversity=0.5)
    return [subset[j] for j in picked]


def _json_has(column: Any, value: str) -> Any:
    """SQL test that a JSON list of ids contains ``value`` (portable: its text has it quoted)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(column, String).like(f'%"{escaped}"%', escape="\\")


def _matching_pks(session: Session, exercise: Exercise, f: QueueFilter) -> list[int]:
    query = select(Comment.id).where(Comment.exercise_id == exercise.id).order_by(Comment.id)
    if f.group or f.locality:
        query = query.join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
    if f.locality:
        query = query.join(Event, Comment.event_id == Event.id, isouter=True)
    if f.sentiment or f.theme:
        query = query.join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
    if f.group:
        query = query.where(Respondent.group == f.group)
    if f.locality:
        query = query.where(func.coalesce(Respondent.locality, Event.locality) == f.locality)
    if f.source:
        query = query.where(Comment.source == f.source)
    if f.sentiment:
        query = query.where(Suggestion.sentiment == f.sentiment)
    if f.search.strip():
        query = query.where(Comment.text.icontains(f.search.strip(), autoescape=True))
    open_flag = select(Flag.id).where(Flag.comment_pk == Comment.id, Flag.status == "open")
    if f.flag in (SAFEGUARDING, PERSONAL):
        query = query.where(exists(open_flag.where(Flag.kind == f.flag)))
    elif f.flag == "any":
        query = query.where(exists(open_flag))
    elif f.flag == "none":
        query = query.where(~exists(open_flag))
    if f.flag != PERSONAL:
        query = query.where(~exists(open_flag.where(Flag.kind == PERSONAL)))
    if not f.include_done:
        query = query.where(
            ~exists(select(Coding.id).where(Coding.comment_pk == Comment.id, Coding.current))
        )
    if f.theme:
        query = query.where(
            or_(
                _json_has(Suggestion.themes, f.theme),
                exists(
                    select(Coding.id).where(
                        Coding.comment_pk == Comment.id,
                        Coding.current,
                        _json_has(Coding.themes, f.theme),
                    )
                ),
            )
        )
    return list(session.scalars(query))


def review_queue(
    session: Session,
    exercise: Exercise,
    reviewer: str,
    filters: QueueFilter | None = None,
    *,
    limit: int = 10,
    order: str = "informative",
    ranking: Sequence[int] | None = None,
) -> QueuePage:
    """The next comments for ``reviewer``: their agreement-sample comments first, then the rest.

    ``order="informative"`` puts the comments the model is least sure about first (when the
    exercise has been analysed); ``"oldest"`` keeps the order they arrived in. Pass a cached
    ``ranking`` from :func:`rank_informative` to save recomputing it. Comments reserved for
    another reviewer's agreement sample and comments hidden for re-redaction are left out.
    """
    f = filters or QueueFilter()
    mine: set[int] = set()
    reserved: set[int] = set()
    shared_out = samples(session, exercise)
    if shared_out:
        ids = dict(
            session.execute(
                select(Comment.comment_id, Comment.id).where(Comment.exercise_id == exercise.id)
            ).all()
        )
        for sample in shared_out:
            pks = {ids[c] for c in sample.comment_ids if c in ids}
            if reviewer in sample.reviewers:
                mine |= pks
            else:
                reserved |= pks
    assigned_todo: list[int] = []
    if mine:
        done_by_me = set(
            session.scalars(
                select(Coding.comment_pk).where(
                    Coding.reviewer == reviewer, Coding.current, Coding.comment_pk.in_(mine)
                )
            )
        )
        # A colleague's label does not take a sample comment off this reviewer's list.
        anyone = set(_matching_pks(session, exercise, replace(f, include_done=True)))
        assigned_todo = sorted(pk for pk in mine - done_by_me if pk in anyone)
    taken = reserved - mine | set(assigned_todo)
    matching = [pk for pk in _matching_pks(session, exercise, f) if pk not in taken]
    used_order = "oldest"
    wanted = max(0, limit - len(assigned_todo))
    chosen = matching[:wanted]
    if order == "informative":
        if ranking is None:
            ranking = rank_informative(session, exercise)
        if ranking:
            used_order = "informative"
            candidates = set(matching)
            chosen = []
            for pk in ranking:
                if len(chosen) >= wanted:
                    break
                if pk in candidates:
                    chosen.append(pk)
                    candidates.discard(pk)
            if len(chosen) < wanted:  # comments not analysed yet come last, oldest first
                chosen += [pk for pk in matching if pk in candidates][: wanted - len(chosen)]
    picked = (assigned_todo + chosen)[:limit]
    return QueuePage(
        items=review_items(session, exercise, picked, reviewer),
        total=len(assigned_todo) + len(matching),
        assigned_left=len(assigned_todo),
        order=used_order,
    )


def filter_options(session: Session, exercise: Exercise) -> dict[str, list[str]]:
    """The values each queue filter can take in this exercise."""
    base = (
        select(Comment.source, Respondent.group, Respondent.locality, Event.locality)
        .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
        .join(Event, Comment.event_id == Event.id, isouter=True)
        .where(Comment.exercise_id == exercise.id)
        .distinct()
    )
    sources, groups, localities = set(), set(), set()
    for source, group, locality, event_locality in session.execute(base):
        sources.add(source)
        groups.add(group)
        localities.update({locality, event_locality})
    return {
        "theme": [t.theme_id for t in active_themes(session, exercise)],
        "group": sorted(g for g in groups if g),
        "locality": sorted(x for x in localities if x),
        "source": sorted(x for x in sources if x),
        "sentiment": list(SENTIMENTS),
        "flag": [SAFEGUARDING, PERSONAL, "any", "none"],
    }


# --- labelling ------------------------------------------------------------------------------


def _check_reviewable(session: Session, comment: Comment) -> None:
    if is_hidden(session, comment):
        raise NotReviewable(
            f"comment {comment.comment_id} is waiting for personal details to be removed; "
            "it can be labelled once that is done"
        )


def _check_themes(session: Session, exercise: Exercise, themes: Iterable[str]) -> list[str]:
    known = {t.theme_id for t in active_themes(session, exercise)}
    themes = list(themes)
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise WorkflowError(f"not a current theme: {', '.join(unknown)}")
    return themes


def _check_sentiment(sentiment: str | None) -> str | None:
    if sentiment in (None, ""):
        return None
    if sentiment not in SENTIMENTS:
        raise WorkflowError(f"sentiment must be one of {', '.join(SENTIMENTS)}")
    return sentiment


def _lock_comment(session: Session, comment: Comment) -> None:
    """Serialise codings of one comment (PostgreSQL row lock; SQLite has one writer anyway)."""
    session.execute(select(Comment.id).where(Comment.id == comment.id).with_for_update())


def code_comment(
    session: Session,
    exercise: Exercise,
    comment: Comment,
    reviewer: str,
    themes: Iterable[str],
    sentiment: str | None = None,
) -> Coding | None:
    """Record ``reviewer``'s complete coding (an empty list means "no theme fits").

    The audit entry also keeps what the model suggested at that moment, so the machine's
    original suggestion is never lost. Returns None when nothing changed.
    """
    _check_reviewable(session, comment)
    themes = _check_themes(session, exercise, themes)
    sentiment = _check_sentiment(sentiment)
    _lock_comment(session, comment)
    suggestion = session.get(Suggestion, comment.id)
    model = (
        {"themes": list(suggestion.themes), "sentiment": suggestion.sentiment}
        if suggestion
        else None
    )
    coding = save_coding(session, exercise, comment, reviewer, themes, sentiment, origin="app")
    if coding is not None:
        for obj in list(session.new):
            if (
                isinstance(obj, AuditEvent)
                and obj.action == "label"
                and obj.entity_key == comment.comment_id
                and obj.actor == reviewer
            ):
                obj.after = {**(obj.after or {}), "model": model}
    return coding


def _starting_point(
    session: Session, comment: Comment, reviewer: str
) -> tuple[list[str], str | None]:
    """The reviewer's current coding, else the model's suggested themes (no sentiment)."""
    coding = _current_coding(session, comment, reviewer)
    if coding is not None:
        return list(coding.themes), coding.sentiment
    suggestion = session.get(Suggestion, comment.id)
    return (list(suggestion.themes) if suggestion else []), None


def accept_suggestion(
    session: Session,
    exercise: Exercise,
    comment: Comment,
    reviewer: str,
    themes: Iterable[str] | None = None,
) -> Coding | None:
    """Accept the model's suggested themes (or only ``themes`` of them)."""
    suggestion = session.get(Suggestion, comment.id)
    suggested = list(suggestion.themes) if suggestion else []
    chosen = suggested if themes is None else [t for t in themes if t in suggested]
    coding = _current_coding(session, comment, reviewer)
    keep = list(coding.themes) if coding else []
    sentiment = coding.sentiment if coding else None
    return code_comment(session, exercise, comment, reviewer, [*keep, *chosen], sentiment)


def reject_suggestion(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, theme: str
) -> Coding | None:
    """Say ``theme`` does not apply; the other themes stay as they are."""
    themes, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(
        session, exercise, comment, reviewer, [t for t in themes if t != theme], sentiment
    )


def add_theme(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, theme: str
) -> Coding | None:
    """Add a theme the model missed."""
    themes, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, {*themes, theme}, sentiment)


def no_theme_fits(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str
) -> Coding | None:
    """Record that none of the themes fits this comment."""
    _, sentiment = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, [], sentiment)


def correct_sentiment(
    session: Session, exercise: Exercise, comment: Comment, reviewer: str, sentiment: str
) -> Coding | None:
    """Set the comment's sentiment (positive, neutral or negative)."""
    themes, _ = _starting_point(session, comment, reviewer)
    return code_comment(session, exercise, comment, reviewer, themes, sentiment)


# --- flags and re-redaction -----------------------------------------------------------------


def _exercise_of(session: Session, comment: Comment) -> Exercise:
    return session.get(Exercise, comment.exercise_id)


def _raise_flag(
    session: Session,
    comment: Comment,
    kind: str,
    category: str,
    actor: str,
    note: str,
    sentence: str,
) -> Flag:
    flag = session.scalar(
        select(Flag).where(
            Flag.comment_pk == comment.id, Flag.kind == kind, Flag.category == category
        )
    )
    before = None
    if flag is None:
        flag = Flag(comment_pk=comment.id, kind=kind, category=category)
        session.add(flag)
    elif flag.status == "open":
        return flag
    else:
        before = {"status": flag.status, "cleared_by": flag.cleared_by}
    flag.status = "open"
    flag.raised_by = actor
    flag.sentence = sentence
    flag.note = note or None
    flag.cleared_by = None
    flag.cleared_at = None
    flag.created_at = utcnow()
    session.flush()
    audit.record(
        session,
        _exercise_of(session, comment),
        actor,
        "flag",
        kind,
        comment.comment_id,
        before,
        {"status": "open", "category": category, "note": note or None},
    )
    return flag


def raise_safeguarding(
    session: Session, comment: Comment, actor: str, note: str = "", sentence: str = ""
) -> Flag:
    """Flag a safeguarding concern for a person to follow up (the comment stays visible)."""
    return _raise_flag(session, comment, SAFEGUARDING, REVIEWER_CATEGORY, actor, note, sentence)


def flag_personal_details(session: Session, comment: Comment, actor: str, note: str = "") -> Flag:
    """Report personal details the redaction missed; the text is hidden until re-redacted."""
    return _raise_flag(session, comment, PERSONAL, MISSED_CATEGORY, actor, note, "")


def clear_flag(session: Session, flag_id: int, actor: str, note: str) -> Flag:
    """A person clears one flag, saying what was done; who and when are recorded."""
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise WorkflowError(f"there is no flag number {flag_id}")
    if flag.status != "open":
        raise WorkflowError(f"this flag was already cleared by {flag.cleared_by}")
    if not (note or "").strip():
        raise WorkflowError("say briefly what was done before clearing the flag")
    comment = session.get(Comment, flag.comment_pk)
    before = {"status": flag.status, "note": flag.note}
    flag.status = "cleared"
    flag.cleared_by = actor
    flag.cleared_at = utcnow()
    flag.note = "; ".join(x for x in (flag.note, note.strip()) if x)
    session.flush()
    audit.record(
        session,
        _exercise_of(session, comment),
        actor,
        "clear",
        flag.kind,
        comment.comment_id,
        before,
        {"status": "cleared", "note": flag.note},
    )
    return flag


def open_flags(session: Session, exercise: Exercise, kind: str | None = None) -> pd.DataFrame:
    """Open flags with their comment (hidden text stays hidden), oldest first."""
    query = (
        select(Flag, Comment.comment_id, Comment.text)
        .join(Comment, Flag.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Flag.status == "open")
        .order_by(Flag.created_at, Flag.id)
    )
    if kind:
        query = query.where(Flag.kind == kind)
    rows = session.execute(query).all()
    hidden = _hidden_pks(session, [f.comment_pk for f, _, _ in rows])
    columns = [
        "flag_id",
        "comment_pk",
        "comment_id",
        "kind",
        "category",
        "raised_by",
        "raised_at",
        "sentence",
        "note",
        "text",
    ]
    return pd.DataFrame(
        [
            {
                "flag_id": f.id,
                "comment_pk": f.comment_pk,
                "comment_id": cid,
                "kind": f.kind,
                "category": f.category,
                "raised_by": f.raised_by,
                "raised_at": f.created_at,
                "sentence": "" if f.comment_pk in hidden else f.sentence,
                "note": f.note or "",
                "text": HIDDEN_TEXT if f.comment_pk in hidden else text,
            }
            for f, cid, text in rows
        ],
        columns=columns,
    )


def _merge_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sorted, non-overlapping spans; an overlap keeps the earlier span's label."""
    merged: list[dict[str, Any]] = []
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if merged and span["start"] < merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], span["end"])
            continue
        merged.append(dict(span))
    return merged


def _apply_spans(original: str, spans: list[dict[str, Any]]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(original[pos : span["start"]])
        out.append(f"[{span['label']}]")
        pos = span["end"]
    out.append(original[pos:])
    return "".join(out)


def reredact(
    session: Session,
    comment: Comment,
    actor: str,
    *,
    spans: Iterable[tuple[int, int] | dict[str, Any]] = (),
    phrases: Iterable[str] = (),
    label: str = "REDACTED",
) -> Comment:
    """Mask more of a comment and clear its "personal details" flags.

    ``spans`` are character ranges of the original text; every occurrence of each phrase
    (case-insensitive, as it appears in the redacted text) is also masked. The new text is
    rebuilt from the original with the old and new masks, so earlier redactions stay. The
    audit keeps positions and counts only, never the words that were masked.
    """
    original = comment.original_text
    new: list[dict[str, Any]] = []
    for span in spans:
        start, end = (span["start"], span["end"]) if isinstance(span, dict) else span
        if not 0 <= start < end <= len(original):
            raise WorkflowError(f"range {start}-{end} is outside the comment")
        new.append({"start": int(start), "end": int(end), "label": label})
    lowered = original.lower()
    for phrase in phrases:
        phrase = phrase.strip()
        if not phrase:
            continue
        start = lowered.find(phrase.lower())
        if start < 0:
            raise WorkflowError(
                "could not find one of the phrases in the comment; copy it exactly as shown"
            )
        while start >= 0:
            new.append({"start": start, "end": start + len(phrase), "label": label})
            start = lowered.find(phrase.lower(), start + len(phrase))
    if not new:
        raise WorkflowError("give the words to hide")
    old = [dict(s) for s in comment.redactions or []]
    merged = _merge_spans(old + new)
    before = {"redactions": len(old), "length": len(comment.text)}
    comment.redactions = merged
    comment.text = _apply_spans(original, merged)
    after = {
        "redactions": len(merged),
        "length": len(comment.text),
        "masked": [[s["start"], s["end"]] for s in new],
    }
    exercise = _exercise_of(session, comment)
    audit.record(session, exercise, actor, "redact", "comment", comment.comment_id, before, after)
    for flag in session.scalars(
        select(Flag).where(
            Flag.comment_pk == comment.id, Flag.kind == PERSONAL, Flag.status == "open"
        )
    ):
        flag.status = "cleared"
        flag.cleared_by = actor
        flag.cleared_at = utcnow()
        flag.note = "; ".join(x for x in (flag.note, "re-redacted") if x)
        audit.record(
            session,
            exercise,
            actor,
            "clear",
            PERSONAL,
            comment.comment_id,
            {"status": "open"},
            {"status": "cleared", "note": flag.note},
        )
    session.flush()
    return comment


# --- the theme board ------------------------------------------------------------------------


@dataclass
class ThemeCard:
    """A theme with the evidence behind it."""

    theme_id: str
    name: str
    description: str
    status: str
    version: int
    origin: str
    keywords: list[str]
    size: int = 0
    human: int = 0
    model: int = 0
    sentiment: dict[str, int] = field(default_factory=dict)
    key_phrases: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    updated_by: str | None = None
    updated_at: datetime | None = None
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    merged_into: str | None = None


@dataclass
class Membership:
    """Per comment: the themes that count (a person's coding wins over the model)."""

    themes: dict[int, list[str]]
    sentiment: dict[int, str | None]
    source: dict[int, str]
    confidence: dict[int, dict[str, float]]
    reasons: dict[int, dict[str, list[str]]]


def membership(session: Session, exercise: Exercise) -> Membership:
    """Which comments are in which theme: the newest current human coding, else the model."""
    m = Membership({}, {}, {}, {}, {})
    for pk, themes, sentiment, confidence, reasons in session.execute(
        select(
            Suggestion.comment_pk,
            Suggestion.themes,
            Suggestion.sentiment,
            Suggestion.confidence,
            Suggestion.reasons,
        )
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
    ):
        m.themes[pk] = list(themes or [])
        m.sentiment[pk] = sentiment
        m.source[pk] = "model"
        m.confidence[pk] = confidence or {}
        m.reasons[pk] = reasons or {}
    for pk, themes, sentiment in session.execute(
        select(Coding.comment_pk, Coding.themes, Coding.sentiment)
        .join(Comment, Coding.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ):
        m.themes[pk] = list(themes or [])
        m.source[pk] = "human"
        if sentiment:
            m.sentiment[pk] = sentiment
    return m


def overview_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """One row per comment for the overview charts (no text): ``source, respondent_group,
    locality, submitted, event_date, themes`` (``;``-joined, a person's coding over the
    model's) and ``sentiment``. Lighter than :func:`engage.export.comments_frame`."""
    rows = session.execute(
        select(
            Comment.id,
            Comment.source,
            Respondent.group,
            func.coalesce(Respondent.locality, Event.locality),
            Respondent.submitted,
            Event.date,
            Suggestion.themes,
            Suggestion.sentiment,
        )
        .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
        .join(Event, Comment.event_id == Event.id, isouter=True)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .where(Comment.exercise_id == exercise.id)
        .order_by(Comment.id)
    ).all()
    columns = [
        "pk",
        "source",
        "respondent_group",
        "locality",
        "submitted",
        "event_date",
        "themes",
        "sentiment",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["themes"] = frame["themes"].map(lambda t: ";".join(t) if isinstance(t, list) else "")
    frame["theme_source"] = np.where(frame["sentiment"].notna(), "model", "none")
    human = {
        pk: (themes, sentiment)
        for pk, themes, sentiment in session.execute(
            select(Coding.comment_pk, Coding.themes, Coding.sentiment)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(Comment.exercise_id == exercise.id, Coding.current)
            .order_by(Coding.created_at, Coding.id)
        )
    }
    if human:
        coded = frame["pk"].isin(list(human))
        frame.loc[coded, "themes"] = frame.loc[coded, "pk"].map(lambda pk: ";".join(human[pk][0]))
        frame.loc[coded, "theme_source"] = "human"
        moods = frame["pk"].map(lambda pk: human.get(pk, (None, None))[1])
        frame["sentiment"] = moods.where(moods.notna(), frame["sentiment"])
    return frame


def _snapshot(record: ThemeRecord) -> dict[str, Any]:
    return {
        "name": record.name,
        "description": record.description,
        "status": record.status,
        "merged_into": record.merged_into,
        "keywords": list(record.keywords or []),
        "version": record.version,
    }


def theme_board(
    session: Session, exercise: Exercise, *, quotes: int = 3, include_inactive: bool = False
) -> list[ThemeCard]:
    """Every theme with its size, sentiment split, key phrases and representative quotes."""
    active_themes(session, exercise)
    query = select(ThemeRecord).where(ThemeRecord.exercise_id == exercise.id)
    if not include_inactive:
        query = query.where(ThemeRecord.status == "active")
    records = session.scalars(query.order_by(ThemeRecord.position, ThemeRecord.id)).all()
    m = membership(session, exercise)
    hidden = _hidden_pks(session)
    lengths = dict(
        session.execute(
            select(Comment.id, func.length(Comment.text)).where(Comment.exercise_id == exercise.id)
        ).all()
    )
    confirms = {}
    for key, actor, at, action in session.execute(
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.at, AuditEvent.action)
        .where(AuditEvent.exercise_id == exercise.id, AuditEvent.entity == "theme")
        .order_by(AuditEvent.id)
    ):
        confirms[key] = (actor, at) if action == "confirm" else None
    cards = []
    for r in records:
        members = [pk for pk, themes in m.themes.items() if r.theme_id in themes]
        phrases: Counter[str] = Counter()
        for pk in members:
            for phrase in m.reasons.get(pk, {}).get(r.theme_id, []):
                phrases[phrase.lower()] += 1
        ranked = sorted(
            (pk for pk in members if pk not in hidden),
            key=lambda pk: (
                m.source[pk] != "human",
                not QUOTE_CHARS[0] <= lengths.get(pk, 0) <= QUOTE_CHARS[1],
                -m.confidence.get(pk, {}).get(r.theme_id, 0),
            ),
        )[:quotes]
        texts = dict(
            session.execute(
                select(Comment.id, Comment.comment_id).where(Comment.id.in_(ranked))
            ).all()
        )
        bodies = dict(
            session.execute(select(Comment.id, Comment.text).where(Comment.id.in_(ranked))).all()
        )
        confirmed = confirms.get(r.theme_id)
        cards.append(
            ThemeCard(
                theme_id=r.theme_id,
                name=r.name,
                description=r.description,
                status=r.status,
                version=r.version,
                origin=r.origin,
                keywords=list(r.keywords or []),
                size=len(members),
                human=sum(m.source[pk] == "human" for pk in members),
                model=sum(m.source[pk] == "model" for pk in members),
                sentiment=dict(Counter(m.sentiment.get(pk) or "not known" for pk in members)),
                key_phrases=[p for p, _ in phrases.most_common(8)] or list(r.keywords or [])[:8],
                quotes=[(texts[pk], bodies[pk]) for pk in ranked],
                updated_by=r.updated_by,
                updated_at=r.updated_at,
                confirmed_by=confirmed[0] if confirmed else None,
                confirmed_at=confirmed[1] if confirmed else None,
                merged_into=r.merged_into,
            )
        )
    return cards


def theme_members(
    session: Session, exercise: Exercise, theme_id: str, *, limit: int | None = None
) -> pd.DataFrame:
    """The comments in a theme: ``pk, comment_id, text, decided_by, confidence``."""
    m = membership(session, exercise)
    pks = [pk for pk, themes in m.themes.items() if theme_id in themes]
    pks.sort(key=lambda pk: (m.source[pk] != "human", -m.confidence.get(pk, {}).get(theme_id, 0)))
    pks = pks[:limit] if limit else pks
    texts = dict(session.execute(select(Comment.id, Comment.text).where(Comment.id.in_(pks))).all())
    ids = dict(
        session.execute(select(Comment.id, Comment.comment_id).where(Comment.id.in_(pks))).all()
    )
    hidden = _hidden_pks(session, pks)
    return pd.DataFrame(
        [
            {
                "pk": pk,
                "comment_id": ids[pk],
                "text": HIDDEN_TEXT if pk in hidden else texts[pk],
                "decided_by": "person" if m.source[pk] == "human" else "computer",
                "confidence": round(float(m.confidence.get(pk, {}).get(theme_id, 0.0)), 2),
            }
            for pk in pks
        ],
        columns=["pk", "comment_id", "text", "decided_by", "confidence"],
    )


def _theme(session: Session, exercise: Exercise, theme_id: str) -> ThemeRecord:
    active_themes(session, exercise)
    record = session.scalar(
        select(ThemeRecord).where(
            ThemeRecord.exercise_id == exercise.id, ThemeRecord.theme_id == theme_id
        )
    )
    if record is None:
        raise WorkflowError(f"there is no theme {theme_id!r}")
    return record


def _check_version(record: ThemeRecord, expected: int | None) -> None:
    if expected is not None and record.version != expected:
        raise ThemeChanged(
            f"'{record.name}' was changed by {record.updated_by or 'someone else'} while you "
            "were looking at it. Your change was not saved: look at the latest version and "
            "try again."
        )


def _touch(record: ThemeRecord, actor: str) -> None:
    record.updated_by = actor
    record.updated_at = utcnow()


def _flush(session: Session, record: ThemeRecord) -> None:
    name = record.name
    try:
        session.flush()
    except StaleDataError as exc:
        raise ThemeChanged(
            f"'{name}' was changed by someone else at the same moment. Your change was "
            "not saved: look at the latest version and try again."
        ) from exc


def _active(record: ThemeRecord) -> None:
    if record.status != "active":
        raise WorkflowError(f"'{record.name}' is {record.status}, not an active theme")


def edit_theme(
    session: Session,
    exercise: Exercise,
    theme_id: str,
    actor: str,
    *,
    expected_version: int | None,
    name: str | None = None,
    description: str | None = None,
) -> ThemeRecord:
    """Rename a theme and/or edit its description (refused if it changed meanwhile)."""
    record = _theme(session, exercise, theme_id)
    _check_version(record, expected_version)
    _active(record)
    before = _snapshot(record)
    if name is not None:
        if not name.strip():
            raise WorkflowError("a theme needs a name")
        record.name = name.strip()
    if description is not None:
        record.description = description.strip()
    if (record.name, record.description) == (before["name"], before["description"]):
        return record
    _touch(record, actor)
    _flush(session, record)
    audit.record(session, exercise, actor, "edit", "theme", theme_id, before, _snapshot(record))
    return record


def confirm_theme(
    session: Session, exercise: Exercise, theme_id: str, actor: str, *, expected_version: int | None
) -> ThemeRecord:
    """Record that a person has checked this theme and agrees with it as it stands."""
    record = _theme(session, exercise, theme_id)
    _check_version(record, expected_version)
    _active(record)
    before = _snapshot(record)
    _touch(record, actor)
    _flush(session, record)
    audit.record(session, exercise, actor, "confirm", "theme", theme_id, before, _snapshot(record))
    return record


def retire_theme(
    session: Session, exercise: Exercise, theme_id: str, actor: str, *, expected_version: int | None
) -> ThemeRecord:
    """Stop using a theme; people's codings keep it for the record."""
    record = _theme(session, exercise, theme_id)
    _check_version(record, expected_version)
    _active(record)
    before = _snapshot(record)
    record.status = "retired"
    _touch(record, actor)
    _flush(session, record)
    audit.record(session, exercise, actor, "retire", "theme", theme_id, before, _snapshot(record))
    return record


def _move_theme(
    session: Session,
    exercise: Exercise,
    source: str,
    target: str,
    pks: set[int] | None = None,
) -> tuple[list[str], int]:
    """Replace ``source`` by ``target`` in current codings and suggestions (optionally only of
    ``pks``); returns the comment ids whose codings moved and how many suggestions moved."""
    moved: list[str] = []
    codings = session.execute(
        select(Coding, Comment.comment_id)
        .join(Comment, Coding.comment_pk == Comment.id)
        .where(
            Comment.exercise_id == exercise.id,
            Coding.current,
            _json_has(Coding.themes, source),
        )
    ).all()
    for coding, comment_id in codings:
        if source in coding.themes and (pks is None or coding.comment_pk in pks):
            coding.themes = sorted({*coding.themes, target} - {source})
            moved.append(comment_id)
    suggestions = session.scalars(
        select(Suggestion)
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, _json_has(Suggestion.themes, source))
    ).all()
    n_suggestions = 0
    for s in suggestions:
        if source not in s.themes or (pks is not None and s.comment_pk not in pks):
            continue
        s.themes = [t for t in s.themes if t != source] + ([] if target in s.themes else [target])
        confidence = dict(s.confidence)
        confidence[target] = max(confidence.get(target, 0.0), confidence.get(source, 0.0))
        s.confidence = confidence
        reasons = dict(s.reasons)
        reasons[target] = list(dict.fromkeys([*reasons.get(target, []), *reasons.pop(source, [])]))
        s.reasons = reasons
        n_suggestions += 1
    return sorted(set(moved)), n_suggestions


def merge_themes(
    session: Session,
    exercise: Exercise,
    source: str,
    target: str,
    actor: str,
    *,
    expected_versions: dict[str, int] | None = None,
) -> ThemeRecord:
    """Merge theme ``source`` into ``target``: its comments move, it is kept as "merged"."""
    if source == target:
        raise WorkflowError("choose two different themes to merge")
    a = _theme(session, exercise, source)
    b = _theme(session, exercise, target)
    for record in (a, b):
        _check_version(record, (expected_versions or {}).get(record.theme_id))
        _active(record)
    before = {"source": _snapshot(a), "target": _snapshot(b)}
    moved, n_suggestions = _move_theme(session, exercise, source, target)
    a.status = "merged"
    a.merged_into = target
    b.keywords = list(dict.fromkeys([*(b.keywords or []), *(a.keywords or [])]))
    b.examples = list(dict.fromkeys([*(b.examples or []), *(a.examples or [])]))
    for record in (a, b):
        _touch(record, actor)
        _flush(session, record)
    after = {
        "source": _snapshot(a),
        "target": _snapshot(b),
        "codings_moved": len(moved),
        "suggestions_moved": n_suggestions,
        "comments": moved,
    }
    audit.record(session, exercise, actor, "merge", "theme", source, before, after)
    return b


def _new_theme_id(session: Session, exercise: Exercise, wanted: str) -> str:
    base = slugify(wanted).replace("_", "-")[:60] or "theme"
    taken = set(
        session.scalars(select(ThemeRecord.theme_id).where(ThemeRecord.exercise_id == exercise.id))
    )
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _add_theme_record(
    session: Session,
    exercise: Exercise,
    actor: str,
    *,
    name: str,
    description: str,
    origin: str,
    keywords: list[str],
    examples: list[str],
    theme_id: str | None = None,
    after_position: int | None = None,
) -> ThemeRecord:
    if not name.strip():
        raise WorkflowError("a new theme needs a name")
    theme_id = _new_theme_id(session, exercise, theme_id or name)
    last = session.scalar(
        select(func.max(ThemeRecord.position)).where(ThemeRecord.exercise_id == exercise.id)
    )
    record = ThemeRecord(
        exercise_id=exercise.id,
        theme_id=theme_id,
        name=name.strip(),
        description=description.strip(),
        keywords=keywords,
        examples=examples,
        status="active",
        origin=origin,
        position=(last or 0) + 1 if after_position is None else after_position,
        updated_by=actor,
    )
    session.add(record)
    session.flush()
    return record


def split_theme(
    session: Session,
    exercise: Exercise,
    theme_id: str,
    comment_pks: Iterable[int],
    actor: str,
    *,
    new_name: str,
    description: str = "",
    expected_version: int | None,
) -> ThemeRecord:
    """Move the chosen comments of a theme into a new theme (people's codings and the model's
    suggestions alike); returns the new theme."""
    record = _theme(session, exercise, theme_id)
    _check_version(record, expected_version)
    _active(record)
    pks = set(comment_pks)
    if not pks:
        raise WorkflowError("choose at least one comment to move to the new theme")
    before = _snapshot(record)
    new = _add_theme_record(
        session,
        exercise,
        actor,
        name=new_name,
        description=description,
        origin="split",
        keywords=[],
        examples=[],
    )
    moved, n_suggestions = _move_theme(session, exercise, theme_id, new.theme_id, pks)
    _touch(record, actor)
    _flush(session, record)
    audit.record(
        session,
        exercise,
        actor,
        "split",
        "theme",
        theme_id,
        before,
        {
            "source": _snapshot(record),
            "new_theme": new.theme_id,
            "new": _snapshot(new),
            "codings_moved": len(moved),
            "suggestions_moved": n_suggestions,
            "comments": moved,
        },
    )
    return new


def topics_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """Emergent topics: ``topic_id, label, size, keywords, status, examples`` (largest first)."""
    topics = session.scalars(
        select(TopicRecord)
        .where(TopicRecord.exercise_id == exercise.id)
        .order_by(TopicRecord.size.desc(), TopicRecord.topic_id)
    ).all()
    columns = ["topic_id", "label", "size", "keywords", "status", "examples"]
    ids = {cid for t in topics for cid in (t.representatives or [])}
    texts = _visible_texts(session, exercise, ids)
    return pd.DataFrame(
        [
            {
                "topic_id": t.topic_id,
                "label": t.label,
                "size": t.size,
                "keywords": ", ".join(t.keywords or []),
                "status": t.status,
                "examples": [texts[c] for c in (t.representatives or []) if c in texts],
            }
            for t in topics
        ],
        columns=columns,
    )


def _visible_texts(
    session: Session, exercise: Exercise, comment_ids: Iterable[str]
) -> dict[str, str]:
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text).where(
            Comment.exercise_id == exercise.id, Comment.comment_id.in_(list(comment_ids))
        )
    ).all()
    hidden = _hidden_pks(session, [r[0] for r in rows])
    return {cid: text for pk, cid, text in rows if pk not in hidden}


def _topic(session: Session, exercise: Exercise, topic_id: int) -> TopicRecord:
    topic = session.scalar(
        select(TopicRecord).where(
            TopicRecord.exercise_id == exercise.id, TopicRecord.topic_id == topic_id
        )
    )
    if topic is None:
        raise WorkflowError(f"there is no topic number {topic_id}")
    return topic


def promote_topic(
    session: Session,
    exercise: Exercise,
    topic_id: int,
    actor: str,
    *,
    name: str | None = None,
    description: str | None = None,
) -> ThemeRecord:
    """Make an emergent topic a theme of the framework (used from the next analysis on)."""
    topic = _topic(session, exercise, topic_id)
    if topic.status == "promoted":
        raise WorkflowError("this topic is already a theme")
    examples = list(_visible_texts(session, exercise, topic.representatives or []).values())[:3]
    name = (name or topic.label).strip()
    record = _add_theme_record(
        session,
        exercise,
        actor,
        name=name[:1].upper() + name[1:],
        description=description or f"Emergent topic: {topic.label}",
        origin="topic",
        keywords=list(topic.keywords or [])[:8],
        examples=examples,
    )
    before = {"topic": topic.topic_id, "status": topic.status}
    topic.status = "promoted"
    audit.record(
        session,
        exercise,
        actor,
        "promote",
        "theme",
        record.theme_id,
        before,
        {"topic": topic.topic_id, "status": "promoted", "theme": _snapshot(record)},
    )
    return record


def set_topic_status(
    session: Session, exercise: Exercise, topic_id: int, status: str, actor: str
) -> TopicRecord:
    """Keep or dismiss an emergent topic (promote with :func:`promote_topic`)."""
    if status not in ("new", "kept", "dismissed"):
        raise WorkflowError("a topic can be new, kept or dismissed")
    topic = _topic(session, exercise, topic_id)
    before = {"status": topic.status}
    topic.status = status
    audit.record(
        session,
        exercise,
        actor,
        status if status != "new" else "reopen",
        "topic",
        str(topic_id),
        before,
        {"status": status, "label": topic.label},
    )
    return topic


# --- double-coding and agreement ------------------------------------------------------------


@dataclass
class Sample:
    """Comments that several reviewers code, each without seeing the others' labels."""

    name: str
    reviewers: list[str]
    comment_ids: list[str]
    created_by: str
    created_at: datetime


def samples(session: Session, exercise: Exercise) -> list[Sample]:
    """Agreement samples, oldest first (kept in the audit trail, which is append-only)."""
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.exercise_id == exercise.id,
            AuditEvent.entity == "sample",
            AuditEvent.action == "assign",
        )
        .order_by(AuditEvent.id)
    ).all()
    return [
        Sample(
            e.entity_key,
            list(e.after["reviewers"]),
            list(e.after["comments"]),
            e.actor,
            e.at,
        )
        for e in events
    ]


def assigned_comments(session: Session, exercise: Exercise, reviewer: str) -> list[str]:
    """Comment ids in agreement samples that include ``reviewer``."""
    return [c for s in samples(session, exercise) if reviewer in s.reviewers for c in s.comment_ids]


def assign_sample(
    session: Session,
    exercise: Exercise,
    reviewers: Sequence[str],
    size: int,
    actor: str,
    *,
    seed: int = 0,
    name: str | None = None,
) -> Sample:
    """Choose ``size`` comments nobody has labelled yet for ``reviewers`` to code blind."""
    reviewers = sorted({r.strip() for r in reviewers if r.strip()})
    if len(reviewers) < 2:
        raise WorkflowError("choose at least two reviewers")
    if size < 1:
        raise WorkflowError("the sample needs at least one comment")
    existing = samples(session, exercise)
    name = (name or f"sample {len(existing) + 1}").strip()
    if any(s.name == name for s in existing):
        raise WorkflowError(f"there is already a sample called {name!r}")
    used = {c for s in existing for c in s.comment_ids}
    coded = select(Coding.id).where(Coding.comment_pk == Comment.id, Coding.current)
    personal = select(Flag.id).where(
        Flag.comment_pk == Comment.id, Flag.kind == PERSONAL, Flag.status == "open"
    )
    candidates = [
        cid
        for cid in session.scalars(
            select(Comment.comment_id)
            .where(Comment.exercise_id == exercise.id, ~exists(coded), ~exists(personal))
            .order_by(Comment.id)
        )
        if cid not in used
    ]
    if not candidates:
        raise WorkflowError("every comment has already been labelled or sampled")
    chosen = random.Random(seed).sample(candidates, min(size, len(candidates)))
    audit.record(
        session,
        exercise,
        actor,
        "assign",
        "sample",
        name,
        None,
        {"reviewers": reviewers, "comments": chosen},
    )
    session.flush()
    return Sample(name, reviewers, chosen, actor, utcnow())


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa for two raters' labels of the same items (NaN when chance agreement is 1)."""
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if n == 0:
        return math.nan
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1:
        return math.nan
    return (observed - expected) / (1 - expected)


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa from an ``(items, categories)`` table of how many raters chose each.

    Every item must have the same number of raters (at least two). NaN when chance
    agreement is 1 (everyone always chose the same category).
    """
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.shape[0] == 0:
        return math.nan
    raters = table.sum(axis=1)
    if not np.allclose(raters, raters[0]) or raters[0] < 2:
        raise ValueError("every item needs the same number of raters (at least two)")
    n = raters[0]
    p_item = ((table * table).sum(axis=1) - n) / (n * (n - 1))
    p_cat = table.sum(axis=0) / table.sum()
    expected = float((p_cat * p_cat).sum())
    if expected >= 1:
        return math.nan
    return (float(p_item.mean()) - expected) / (1 - expected)


def kappa(ratings: list[list[Any]]) -> float:
    """Cohen's kappa for two raters, Fleiss' kappa for three or more (``ratings[rater][item]``)."""
    if len(ratings) == 2:
        return cohen_kappa(ratings[0], ratings[1])
    categories = sorted({x for r in ratings for x in r}, key=str)
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(ratings[0]), max(1, len(categories))))
    for rater in ratings:
        for item, value in enumerate(rater):
            table[item, index[value]] += 1
    return fleiss_kappa(table)


@dataclass
class AgreementReport:
    """Agreement between reviewers on one sample."""

    sample: Sample
    complete: int
    left: dict[str, int]
    themes: pd.DataFrame
    sentiment: dict[str, Any]
    disagreements: pd.DataFrame


def agreement(session: Session, exercise: Exercise, sample_name: str) -> AgreementReport:
    """Per-theme kappa (Cohen's for two reviewers, Fleiss' for more) on the comments every
    reviewer in the sample has coded, and the list of disagreements to talk through."""
    sample = next((s for s in samples(session, exercise) if s.name == sample_name), None)
    if sample is None:
        raise WorkflowError(f"there is no agreement sample called {sample_name!r}")
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text, Coding)
        .join(Coding, Coding.comment_pk == Comment.id)
        .where(
            Comment.exercise_id == exercise.id,
            Comment.comment_id.in_(sample.comment_ids),
            Coding.current,
            Coding.reviewer.in_(sample.reviewers),
        )
    ).all()
    codings: dict[str, dict[str, Coding]] = defaultdict(dict)
    texts: dict[str, tuple[int, str]] = {}
    for pk, cid, text, coding in rows:
        codings[cid][coding.reviewer] = coding
        texts[cid] = (pk, text)
    complete = [c for c in sample.comment_ids if len(codings.get(c, {})) == len(sample.reviewers)]
    left = {
        r: sum(r not in codings.get(c, {}) for c in sample.comment_ids) for r in sample.reviewers
    }
    theme_ids = [t.theme_id for t in active_themes(session, exercise)]
    seen = {t for c in complete for cod in codings[c].values() for t in cod.themes}
    theme_ids += sorted(seen - set(theme_ids))
    names = dict(
        session.execute(
            select(ThemeRecord.theme_id, ThemeRecord.name).where(
                ThemeRecord.exercise_id == exercise.id
            )
        ).all()
    )
    method = "Cohen's kappa" if len(sample.reviewers) == 2 else "Fleiss' kappa"
    theme_rows = []
    for theme in theme_ids:
        ratings = [[int(theme in codings[c][r].themes) for c in complete] for r in sample.reviewers]
        same = sum(len({rater[i] for rater in ratings}) == 1 for i in range(len(complete)))
        theme_rows.append(
            {
                "theme": theme,
                "theme_name": names.get(theme, theme),
                "method": method,
                "kappa": kappa(ratings) if complete else math.nan,
                "agreement": same / len(complete) if complete else math.nan,
                "comments": len(complete),
                "said_yes": sum(sum(r) for r in ratings),
            }
        )
    with_sentiment = [c for c in complete if all(cod.sentiment for cod in codings[c].values())]
    sentiment_ratings = [
        [codings[c][r].sentiment for c in with_sentiment] for r in sample.reviewers
    ]
    hidden = _hidden_pks(session, [texts[c][0] for c in complete])
    disagreements = []
    for c in complete:
        pk, text = texts[c]
        shown = HIDDEN_TEXT if pk in hidden else text
        for theme in theme_ids:
            yes = [r for r in sample.reviewers if theme in codings[c][r].themes]
            if yes and len(yes) < len(sample.reviewers):
                disagreements.append(
                    {
                        "comment_id": c,
                        "text": shown,
                        "about": names.get(theme, theme),
                        "said_yes": ", ".join(yes),
                        "said_no": ", ".join(r for r in sample.reviewers if r not in yes),
                    }
                )
        moods = {r: codings[c][r].sentiment for r in sample.reviewers}
        if all(moods.values()) and len(set(moods.values())) > 1:
            disagreements.append(
                {
                    "comment_id": c,
                    "text": shown,
                    "about": "sentiment",
                    "said_yes": "; ".join(f"{r}: {v}" for r, v in moods.items()),
                    "said_no": "",
                }
            )
    return AgreementReport(
        sample=sample,
        complete=len(complete),
        left=left,
        themes=pd.DataFrame(theme_rows),
        sentiment={
            "method": method,
            "comments": len(with_sentiment),
            "kappa": kappa(sentiment_ratings) if with_sentiment else math.nan,
        },
        disagreements=pd.DataFrame(
            disagreements, columns=["comment_id", "text", "about", "said_yes", "said_no"]
        ),
    )


def model_vs_human(
    session: Session, exercise: Exercise, *, n_boot: int = 500, random_state: int = 0
) -> dict[str, Any] | None:
    """How often the model's suggestion matched people's decisions, per theme, with 95% CIs.

    The suggestion compared is the one the reviewer saw when labelling (kept in the audit
    trail), or for imported labels the stored suggestion if it was made before the label;
    suggestions made by a model that had already learned from that label are left out, so
    the figures are not flattered. None when there is nothing to compare.
    """
    from themes.evaluation import theme_metrics

    theme_ids = [t.theme_id for t in active_themes(session, exercise)]
    seen_by_reviewer: dict[tuple[str, str], list[str]] = {}
    for key, actor, after in session.execute(
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.after)
        .where(
            AuditEvent.exercise_id == exercise.id,
            AuditEvent.action == "label",
            AuditEvent.entity == "comment",
        )
        .order_by(AuditEvent.id)
    ):
        model = (after or {}).get("model")
        if model is not None:
            seen_by_reviewer[(key, actor)] = list(model.get("themes") or [])
    rows = session.execute(
        select(Comment.comment_id, Coding, Suggestion)
        .join(Coding, Coding.comment_pk == Comment.id)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ).all()
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    skipped = 0
    for comment_id, coding, suggestion in rows:
        predicted = seen_by_reviewer.get((comment_id, coding.reviewer))
        if predicted is None and suggestion is not None:
            made = suggestion.analysed_at
            coded = coding.created_at
            if made is not None and coded is not None and _naive(made) <= _naive(coded):
                predicted = list(suggestion.themes)
        if predicted is None:
            skipped += 1
            continue
        pairs[comment_id] = (list(coding.themes), predicted)
    if not pairs:
        return None
    Y_true = np.array([[int(t in h) for t in theme_ids] for h, _ in pairs.values()])
    Y_pred = np.array([[int(t in p) for t in theme_ids] for _, p in pairs.values()])
    result = theme_metrics(Y_true, Y_pred, theme_ids, n_boot=n_boot, random_state=random_state)
    result["compared"] = len(pairs)
    result["left_out"] = skipped
    return result


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment
