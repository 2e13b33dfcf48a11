"""The review queue: which comments a reviewer sees next, and the filters that narrow it.

A reviewer's agreement-sample comments come first; then, once the exercise is analysed, the
comments whose labels would teach the model most (see :func:`rank_informative`).

Reviewers working at the same time are spread apart (see :func:`review_queue`): each takes the
priority order in blocks of :data:`SPREAD` comments, in an order of their own within each
block, and reviewers who saved a decision in the last :data:`ACTIVE` each work on their own
share of every block first. A comment anyone has labelled leaves everyone's queue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.orm import Session

from engage.embedcache import stored_vectors
from engage.frameworks import active_themes
from engage.labels import SENTIMENTS
from engage.models import (
    Coding,
    Comment,
    Event,
    Exercise,
    Flag,
    Respondent,
    Suggestion,
)
from engage.workflow.items import ReviewItem, review_items
from engage.workflow.samples import samples
from engage.workflow.visibility import PERSONAL, SAFEGUARDING

#: Reviewers' orders differ within blocks of this many comments of the priority order.
SPREAD = 50
#: A reviewer who saved a decision in the app this recently counts as working now.
ACTIVE = timedelta(minutes=30)


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
    session: Session,
    exercise: Exercise,
    *,
    diverse: int = 50,
    pool: int = 4000,
    explore: float = 0.5,
) -> list[int]:
    """Every analysed comment's key, in the order a reviewer should label them.

    When the exercise's embeddings are in the store, the first ``diverse`` places go to
    :func:`themes.active.representative_picks`: the most typical comment of each group of
    similar comments that reviewers have not covered yet (groups found in a seeded sample of
    at most ``pool`` comments). In simulations on real feedback
    (``benchmarks/active_learning.py``) these picks taught the model faster than random ones,
    and picks by uncertainty slower.

    The rest follow by informativeness (:func:`themes.active.informativeness` of the stored
    theme probabilities; ties: oldest first), with a share ``explore`` of the places (every
    other one at 0.5) going instead to comments in a fixed random order, seeded by the
    exercise. Labels on comments picked only for being uncertain are a biased sample; random
    picks also show reviewers comments the model is sure about, so an over-eager theme is
    caught.
    """
    from themes.active import informativeness, interleave

    if not 0.0 <= explore <= 1.0:
        raise ValueError(f"explore must be between 0 and 1, got {explore}")
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
    shuffled = [int(pks[i]) for i in np.random.default_rng(exercise.id).permutation(len(pks))]
    informative = interleave([int(pks[i]) for i in order], shuffled, explore)
    head = [int(pks[i]) for i in _representative_picks(session, exercise, rows, diverse, pool)]
    chosen = set(head)
    return head + [pk for pk in informative if pk not in chosen]


def _representative_picks(
    session: Session, exercise: Exercise, rows: Sequence[Any], n: int, pool: int
) -> list[int]:
    """Row indexes chosen by :func:`themes.active.representative_picks`; [] without
    embeddings."""
    from themes.active import clustering_sample, representative_picks

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
    is_done = np.array([row[0] in labelled for row in rows], dtype=bool)
    todo, done = clustering_sample(is_done, pool, int(exercise.id))
    subset = np.sort(np.concatenate([todo, done]))
    hashes = list(dict.fromkeys(rows[i][2] for i in subset))
    vectors = stored_vectors(session, model, hashes)
    if todo.size == 0 or len(vectors) < len(hashes):
        return []
    embeddings = np.stack([vectors[rows[i][2]] for i in subset])
    picked = representative_picks(
        embeddings, is_done[subset], n=n, random_state=int(exercise.id), max_comments=pool
    )
    return [int(subset[j]) for j in picked]


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
    spread: int = SPREAD,
    active: timedelta = ACTIVE,
    now: datetime | None = None,
) -> QueuePage:
    """The next comments for ``reviewer``: their agreement-sample comments first, then the rest.

    ``order="informative"`` puts the comments the model is least sure about first (when the
    exercise has been analysed); ``"oldest"`` keeps the order they arrived in. Pass a cached
    ``ranking`` from :func:`rank_informative` to save recomputing it. Comments reserved for
    another reviewer's agreement sample and comments hidden for re-redaction are left out, and
    so are comments anyone has labelled (unless ``include_done``; a colleague's label never
    takes an agreement-sample comment off this reviewer's list).

    So that reviewers working at the same time do not get the same comments in the same
    order, the rest is spread (``spread``, default :data:`SPREAD`; 0 or 1 for the plain
    priority order): the order is cut into blocks of ``spread`` comments, kept in order, and
    within a block each reviewer has an order of their own, fixed by a hash of their name (so
    two reviewers' first pages overlap little, and the most useful block is still done
    first). When other reviewers saved a decision in the app within ``active`` (by ``now``),
    each reviewer working now first takes their own share of the comments, block by block (a
    share fixed by a hash of the comment, among the reviewers' names in order), then the
    others' shares: two people reviewing at once are then not shown the same comment.
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
    if spread > 1 and chosen:
        chosen = _spread_out(session, exercise, reviewer, matching, chosen, ranking
                             if used_order == "informative" else None, wanted, spread,
                             (now or datetime.now(UTC)) - active)
    picked = (assigned_todo + chosen)[:limit]
    return QueuePage(
        items=review_items(session, exercise, picked, reviewer),
        total=len(assigned_todo) + len(matching),
        assigned_left=len(assigned_todo),
        order=used_order,
    )


def _hash(*parts: object) -> int:
    """A stable number from ``parts`` (the same on every machine and in every run)."""
    text = "\0".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def working_now(session: Session, exercise: Exercise, since: datetime) -> list[str]:
    """Reviewers who saved a decision on one of the exercise's comments in the app since
    ``since``, by name."""
    return sorted(
        session.scalars(
            select(Coding.reviewer)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(
                Comment.exercise_id == exercise.id,
                Coding.origin == "app",
                Coding.created_at >= since,
            )
            .distinct()
        )
    )


def _spread_out(
    session: Session,
    exercise: Exercise,
    reviewer: str,
    matching: Sequence[int],
    chosen: Sequence[int],
    ranking: Sequence[int] | None,
    wanted: int,
    spread: int,
    since: datetime,
) -> list[int]:
    """The first ``wanted`` of ``matching`` in ``reviewer``'s own order (see
    :func:`review_queue`). Blocks are cut from the order of every comment of the exercise
    (``ranking``, then the rest oldest first), which labelling does not change, so a comment
    keeps its block and its place in each reviewer's order while colleagues label others."""
    everyone = list(
        session.scalars(
            select(Comment.id).where(Comment.exercise_id == exercise.id).order_by(Comment.id)
        )
    )
    ranked = list(dict.fromkeys(ranking or ()))
    seen = set(ranked)
    place = {pk: i for i, pk in enumerate(ranked + [pk for pk in everyone if pk not in seen])}
    reviewers = sorted({*working_now(session, exercise, since), reviewer})
    share = reviewers.index(reviewer)

    def key(pk: int) -> tuple[bool, int, int, int]:
        others_share = len(reviewers) > 1 and _hash(exercise.id, pk) % len(reviewers) != share
        return (others_share, place[pk] // spread, _hash(exercise.id, reviewer, pk), place[pk])

    # Only the blocks the page can reach need sorting: the chosen comments' blocks, and with
    # shares, every block (a reviewer's own share of later blocks comes before the others').
    pool = matching if len(reviewers) > 1 else _blocks_of(chosen, matching, place, spread)
    return sorted(pool, key=key)[:wanted]


def _blocks_of(
    chosen: Sequence[int], matching: Sequence[int], place: dict[int, int], spread: int
) -> list[int]:
    """The comments of ``matching`` in the same blocks as ``chosen``."""
    blocks = {place[pk] // spread for pk in chosen}
    return [pk for pk in matching if place[pk] // spread in blocks]


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
