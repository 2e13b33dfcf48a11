"""Which comments a reviewer should label next: informative first, and not all alike.

:func:`representative_picks` heads the review queue: in simulations on real feedback
(``benchmarks/active_learning.py``) labelling the most typical comment of each group that no
reviewer has covered yet taught the model faster than random picks, and picks by model
uncertainty (:func:`informativeness`, :func:`next_to_review`) slower.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def informativeness(proba: Any, threshold: float = 0.5) -> np.ndarray:
    """How much labelling each comment would teach the model, in ``[0, 2]``.

    ``proba`` is ``(n, n_themes)`` from one model, or ``(n_models, n, n_themes)`` from a
    committee (e.g. the framework prior and the learned model). Uncertainty is closeness of
    the (mean) probability to ``threshold``: 1 at the threshold, 0 at 0 or 1, taking the most
    uncertain theme with a small bonus for further uncertain ones. Disagreement is the
    largest spread between committee members on any theme.
    """
    p = np.asarray(proba, dtype=float)
    if p.ndim == 2:
        p = p[None]
    if p.ndim != 3:
        raise ValueError(f"proba must be (n, n_themes) or (n_models, n, n_themes), got {p.shape}")
    mean = p.mean(axis=0)
    span = np.where(mean >= threshold, 1.0 - threshold, threshold)
    uncertainty = 1.0 - np.abs(mean - threshold) / span
    if uncertainty.shape[1] == 0:
        return np.zeros(uncertainty.shape[0])
    ordered = np.sort(uncertainty, axis=1)[:, ::-1]
    score = ordered[:, 0].copy()
    if ordered.shape[1] > 1:
        score += 0.25 * ordered[:, 1:].mean(axis=1)
    disagreement = (p.max(axis=0) - p.min(axis=0)).max(axis=1) if p.shape[0] > 1 else 0.0
    return np.clip(score / 1.25 + disagreement, 0.0, 2.0)


def next_to_review(
    proba: Any,
    embeddings: Any,
    reviewed_mask: Any,
    n: int = 10,
    diversity: float = 0.5,
    random_state: int = 0,
    *,
    threshold: float = 0.5,
) -> list[int]:
    """Indices of the ``n`` unreviewed comments to label next, best first.

    Greedy selection: each pick maximises ``(1 - diversity) * informativeness +
    diversity * distance``, both scaled to ``[0, 1]`` over the remaining candidates, where
    distance is the cosine distance to the nearest comment already reviewed or picked.
    ``diversity=0`` is pure uncertainty sampling; ``diversity=1`` spreads picks over the
    embedding space. Deterministic: ties are broken by a permutation drawn from
    ``random_state``.

    Parameters
    ----------
    proba : array of shape (n_comments, n_themes) or (n_models, n_comments, n_themes)
    embeddings : array of shape (n_comments, dim)
    reviewed_mask : array of bool, shape (n_comments,)
        True for comments a person has already labelled (never returned).
    n : int, default=10
    diversity : float in [0, 1], default=0.5
    random_state : int, default=0
    threshold : float, default=0.5
        The probability at which themes are assigned.
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must be between 0 and 1, got {diversity}")
    info = informativeness(proba, threshold)
    vectors = np.asarray(embeddings, dtype=np.float64)
    reviewed = np.asarray(reviewed_mask, dtype=bool)
    if vectors.ndim != 2 or vectors.shape[0] != info.size or reviewed.shape != info.shape:
        raise ValueError(
            f"proba, embeddings and reviewed_mask must describe the same {info.size} comments; "
            f"got embeddings {vectors.shape} and reviewed_mask {reviewed.shape}"
        )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    candidates = np.flatnonzero(~reviewed)
    if n <= 0 or candidates.size == 0:
        return []

    rng = np.random.default_rng(random_state)
    tiebreak = rng.permutation(info.size) / max(info.size, 1) * 1e-9
    info_c = info[candidates]
    spread = info_c.max() - info_c.min()
    info_c = (info_c - info_c.min()) / spread if spread > 0 else np.zeros_like(info_c)
    cand_vectors = vectors[candidates]

    nearest = np.full(candidates.size, 2.0)  # cosine distance is at most 2
    for start in range(0, int(reviewed.sum()), 2048):
        block = vectors[np.flatnonzero(reviewed)[start : start + 2048]]
        nearest = np.minimum(nearest, (1.0 - cand_vectors @ block.T).min(axis=1))

    chosen: list[int] = []
    available = np.ones(candidates.size, dtype=bool)
    for _ in range(min(n, candidates.size)):
        reach = np.clip(nearest, 0.0, 2.0)
        top = reach[available].max()
        distance = reach / top if top > 0 else np.zeros_like(reach)
        score = (1.0 - diversity) * info_c + diversity * distance + tiebreak[candidates]
        score[~available] = -np.inf
        pick = int(np.argmax(score))
        available[pick] = False
        chosen.append(int(candidates[pick]))
        nearest = np.minimum(nearest, 1.0 - cand_vectors @ cand_vectors[pick])
    return chosen


def clustering_sample(
    reviewed_mask: Any, max_comments: int, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted indices of the unreviewed and the reviewed comments to cluster: all of them, or
    a seeded sample of at most ``max_comments`` (reviewed ones up to half of it)."""
    reviewed = np.asarray(reviewed_mask, dtype=bool)
    todo, done = np.flatnonzero(~reviewed), np.flatnonzero(reviewed)
    if reviewed.size > max_comments:
        rng = np.random.default_rng(random_state)
        done = np.sort(rng.permutation(done)[: max_comments // 2])
        todo = np.sort(rng.permutation(todo)[: max_comments - done.size])
    return todo, done


def representative_picks(
    embeddings: Any,
    reviewed_mask: Any,
    n: int = 25,
    *,
    random_state: int = 0,
    max_clusters: int = 300,
    max_comments: int = 4000,
) -> list[int]:
    """Indices of up to ``n`` unreviewed comments that stand for what reviewers have not seen.

    The comments are clustered (k-means on unit vectors) into ``k`` = reviewed + ``n``
    groups, at most ``max_clusters``; from the groups with the fewest reviewed comments,
    largest first, the comment nearest the centre is picked, one per group (typical-cluster
    sampling, after Hacohen et al., 2022, "TypiClust"). Labels on such comments cover the
    bulk of what people said and every kind of it, which a model trained on a few hundred
    labels needs more than it needs its hardest cases. With more than ``max_comments``
    comments, a seeded sample of them is clustered (every reviewed one it can hold, the
    rest unreviewed), keeping the cost to a few seconds. Deterministic for ``random_state``.

    Parameters
    ----------
    embeddings : array of shape (n_comments, dim)
    reviewed_mask : array of bool, shape (n_comments,)
        True for comments a person has already labelled (never returned).
    n : int, default=25
    random_state : int, default=0
    max_clusters : int, default=300
    max_comments : int, default=4000
    """
    from sklearn.cluster import KMeans

    vectors = np.asarray(embeddings, dtype=np.float32)
    reviewed = np.asarray(reviewed_mask, dtype=bool)
    if vectors.ndim != 2 or reviewed.shape != (vectors.shape[0],):
        raise ValueError(
            f"embeddings must be (n_comments, dim) and reviewed_mask (n_comments,); got "
            f"{vectors.shape} and {reviewed.shape}"
        )
    todo, done = clustering_sample(reviewed, max_comments, random_state)
    if n <= 0 or todo.size == 0:
        return []
    rows = np.concatenate([todo, done])
    norms = np.linalg.norm(vectors[rows], axis=1, keepdims=True)
    unit = vectors[rows] / np.where(norms == 0, 1.0, norms)
    distinct = np.unique(unit.round(6), axis=0).shape[0]
    k = int(min(done.size + n, max_clusters, distinct))
    if k < 2:
        return [int(i) for i in todo[:n]]
    km = KMeans(n_clusters=k, n_init=1, random_state=random_state).fit(unit)
    group = km.labels_
    covered = np.bincount(group[todo.size :], minlength=k)
    size = np.bincount(group, minlength=k)
    centre_distance = np.linalg.norm(unit - km.cluster_centers_[group], axis=1)
    picks: list[int] = []
    for g in np.lexsort((np.arange(k), -size, covered)):
        members = np.flatnonzero(group[: todo.size] == g)
        if members.size:
            picks.append(int(todo[members[np.argmin(centre_distance[members])]]))
        if len(picks) == n:
            break
    return picks


def interleave(first: list[int], second: list[int], share: float) -> list[int]:
    """Merge two orderings of the same keys: place ``k`` takes from ``second`` whenever that
    keeps its share of the first ``k + 1`` places at most ``share``; no key twice."""
    out: list[int] = []
    seen: set[int] = set()
    a = b = 0
    taken_second = 0
    while len(out) < len(first):
        want_second = taken_second + 1 <= share * (len(out) + 1) + 1e-9
        if want_second:
            while b < len(second) and second[b] in seen:
                b += 1
            if b < len(second):
                out.append(second[b])
                seen.add(second[b])
                taken_second += 1
                continue
        while a < len(first) and first[a] in seen:
            a += 1
        if a >= len(first):
            break
        out.append(first[a])
        seen.add(first[a])
    return out
