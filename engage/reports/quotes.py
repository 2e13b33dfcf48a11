"""Choose a few quotes per theme: typical of the theme, different from each other, and safe.

Safe means: redacted text only, never a comment with a flag (safeguarding or missed personal
details), never contact details, and never the same person twice in one report (the caller
passes the shared ``used`` set). Typical means close to the centroid of the theme's comments
in TF-IDF space, weighted by how sure the model (or a reviewer) was that the comment is about
the theme; different means chosen by maximal marginal relevance (MMR) so near-repeats lose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")

IDEAL_WORDS = (10, 45)
ALLOWED_WORDS = (6, 110)


@dataclass(frozen=True)
class Candidate:
    """A comment that may be quoted. ``person`` is an internal key, never shown."""

    key: str
    text: str
    person: str
    group: str | None = None
    source: str = "survey"
    event: str | None = None
    sentiment: str | None = None
    confidence: float = 0.5
    flagged: bool = False


def word_count(text: str) -> int:
    """Words in ``text``."""
    return len(_WORD.findall(text))


def quotable(candidate: Candidate, words: tuple[int, int] = ALLOWED_WORDS) -> bool:
    """True when the comment may be quoted at all: not flagged, no redaction placeholders (a
    quote full of ``[NAME]`` reads badly and hints at who said it), a sane length."""
    if candidate.flagged or PLACEHOLDER.search(candidate.text):
        return False
    n = word_count(candidate.text)
    return words[0] <= n <= words[1]


def fit_vectorizer(texts: Sequence[str]) -> TfidfVectorizer:
    """A TF-IDF model of the exercise's (redacted) comments."""
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1, max_df=0.9
    )
    try:
        vectorizer.fit([t or "" for t in texts] or ["empty"])
    except ValueError:  # only stop words: fall back to keeping everything
        vectorizer = TfidfVectorizer(ngram_range=(1, 1), token_pattern=r"(?u)\b\w+\b")
        vectorizer.fit([t or "" for t in texts] + ["empty"])
    return vectorizer


def wording_key(text: str) -> str:
    """The same for texts with the same words, whatever their case, spacing or punctuation
    ("I'm exhausted." and "im exhausted"): a comment typed twice is quoted once."""
    return "".join(re.findall(r"\w", text.casefold()))


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _length_penalty(text: str) -> float:
    n = word_count(text)
    low, high = IDEAL_WORDS
    if n < low:
        return 0.04 * (low - n)
    if n > high:
        return min(0.4, 0.008 * (n - high))
    return 0.0


_WORDS = "words:"  # marks a wording, not a person, in the ``used`` set


#: A candidate at least this sure (a reviewer's theme counts 1.0) is preferred as a quote.
SURE = 0.7


def choose_quotes(
    candidates: Sequence[Candidate],
    theme_texts: Sequence[str],
    vectorizer: TfidfVectorizer,
    *,
    n: int = 3,
    used: set[str] | None = None,
    diversity: float = 0.35,
) -> list[Candidate]:
    """Up to ``n`` quotes for a theme from ``candidates``.

    Parameters
    ----------
    candidates : sequence of Candidate
        The theme's comments (unquotable ones are skipped here).
    theme_texts : sequence of str
        Every comment text in the theme, quotable or not: the centroid describes the theme.
    vectorizer : TfidfVectorizer
        Fitted on the exercise's comments (:func:`fit_vectorizer`).
    n : int, default=3
    used : set of str, optional
        People (and wordings) already quoted elsewhere in the report; updated with those
        chosen here, so two people who wrote the same words are quoted once.
    diversity : float, default=0.35
        Weight of "different from the quotes already chosen" against "typical of the theme".

    Candidates at least :data:`SURE` of the theme (reviewed ones are 1.0) are the pool when
    there are ``n`` of them; otherwise every candidate is.
    """
    used = set() if used is None else used

    def fresh(c: Candidate) -> bool:  # nobody quoted twice, nor the same words twice
        return c.person not in used and _WORDS + wording_key(c.text) not in used

    pool = [c for c in candidates if quotable(c) and fresh(c)]
    if len(pool) < n:
        relaxed = [c for c in candidates if quotable(c, (4, 200)) and fresh(c)]
        pool = pool + [c for c in relaxed if c not in pool]
    seen_texts: set[str] = set()
    unique = []
    for c in pool:
        key = wording_key(c.text)
        if key not in seen_texts:
            seen_texts.add(key)
            unique.append(c)
    # Quotes come from comments people put in the theme, or the computer is sure of, when there
    # are enough of them: an unsure suggestion quoted under a theme reads as off-topic.
    sure = [c for c in unique if c.confidence >= SURE]
    pool = sure if len(sure) >= n else unique
    if not pool or n <= 0:
        return []
    vectors = _normalise_rows(vectorizer.transform([c.text for c in pool]).toarray())
    theme = vectorizer.transform(list(theme_texts) or [c.text for c in pool]).toarray()
    centroid = _normalise_rows(theme.mean(axis=0, keepdims=True))[0]
    typical = vectors @ centroid
    if typical.max() > 0:
        typical = typical / typical.max()
    score = np.array(
        [
            0.75 * t
            + 0.25 * c.confidence
            - _length_penalty(c.text)
            for t, c in zip(typical, pool, strict=True)
        ]
    )
    similarity = vectors @ vectors.T
    chosen: list[int] = []
    while len(chosen) < n:
        best, best_value = None, -np.inf
        people = {pool[i].person for i in chosen}
        events = {pool[i].event for i in chosen if pool[i].event}
        groups = {pool[i].group for i in chosen}
        sources = {pool[i].source for i in chosen}
        for i, c in enumerate(pool):
            if i in chosen or c.person in people or (c.event and c.event in events):
                continue
            overlap = max((similarity[i, j] for j in chosen), default=0.0)
            if overlap > 0.8:
                continue
            value = (1 - diversity) * score[i] - diversity * overlap
            value += 0.05 * (c.group not in groups) + 0.05 * (c.source not in sources)
            if value > best_value:
                best, best_value = i, value
        if best is None:
            break
        chosen.append(best)
    picked = [pool[i] for i in chosen]
    used.update(c.person for c in picked)
    used.update(_WORDS + wording_key(c.text) for c in picked)
    return picked


def quota(people: int) -> int:
    """How many quotes a theme raised by ``people`` people gets (2 to 4)."""
    if people >= 40:
        return 4
    if people >= 15:
        return 3
    return 2
