"""Emergent topics with BERTopic, behind small swappable parts.

:class:`TopicModeler` takes its embedder, reducer, clusterer and vectorizer as parameters
(Protocols below), so tests can pass :class:`PassThroughReducer` and a small clusterer and run in
a second. Defaults: UMAP with a fixed ``random_state`` then HDBSCAN, or, for small corpora, no
reduction and agglomerative clustering. Framework keywords can guide the topics (BERTopic's
``seed_topic_list``) so they line up with themes. Results are plain functions of a fitted model:
:func:`topic_table` and :func:`topics_by_group`. Topic ``-1`` means "no clear topic": a real
answer, not an error.

Example (tiny corpus, no reduction)::

    model = TopicModeler(seed=0, min_topic_size=3, reducer=PassThroughReducer())
    model.fit(texts, embeddings)
    topic_table(model)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

__all__ = [
    "Clusterer",
    "Encoder",
    "PassThroughReducer",
    "Reducer",
    "TopicModeler",
    "is_general",
    "topic_count",
    "topic_table",
    "topics_by_group",
]

OUTLIER = -1
SMALL_CORPUS = 200
"""Below this many documents the default clusterer is agglomerative, not k-means."""
TINY_CORPUS = 50
"""Below this many documents the default reducer is :class:`PassThroughReducer`, not UMAP."""

# Redaction placeholders ([NAME], [PHONE]), transcribers' notes ([illegible], [crossed out]),
# masked names (XXXX, ****) and digits are not topics.
_PLACEHOLDER = re.compile(
    r"\[[A-Z_ ]+\]|(?i:\[[^\]]*(?:redact|removed|name|phone|e-?mail|address|postcode)[^\]]*\])"
    r"|\[[^\]\n]{1,40}\]|\b[Xx]{2,}\b|\*{2,}|<\?>"
)
#: Words that say how someone found things, or that they have nothing to add, without saying
#: what about: a comment made only of these (and stop words) has no particular subject.
GENERAL_WORDS = frozenset(
    """
    good great excellent brilliant fantastic amazing lovely nice perfect fine ok okay alright
    happy satisfied pleased wonderful superb outstanding best better bad poor terrible awful
    rubbish thanks thank cheers yes yeah yep nope nothing none nil na everything really very
    service services care experience overall keep work improve improved improvement
    improvements change changed changes think know sure comment comments say add else idea
    anything lot much sorry unsure dunno illegible unreadable satisfactory average mixed
    """.split()
)
_EXTRA_STOP_WORDS = frozenset(
    """
    name phone email address postcode redacted nhs trust would could really also just get got one
    lot bit thing things think felt feel like much well good great time times always never
    illegible inaudible unreadable indecipherable
    """.split()
)


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into an ``(n, dim)`` array (e.g. ``themes.embeddings.SentenceEmbedder``)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class Reducer(Protocol):
    """Dimensionality reduction: ``fit(X, y=None)`` then ``transform(X)`` (UMAP, PCA, ...)."""

    def fit(self, X: np.ndarray, y: Any = None) -> Any: ...

    def transform(self, X: np.ndarray) -> np.ndarray: ...


@runtime_checkable
class Clusterer(Protocol):
    """Clustering: ``fit(X)`` sets ``labels_`` (``-1`` for outliers), like HDBSCAN or KMeans."""

    def fit(self, X: np.ndarray, y: Any = None) -> Any: ...


class PassThroughReducer:
    """Identity reducer: skips dimensionality reduction (fast tests, small corpora)."""

    def fit(self, X: np.ndarray, y: Any = None) -> PassThroughReducer:
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X)

    def fit_transform(self, X: np.ndarray, y: Any = None) -> np.ndarray:
        return np.asarray(X)


def _clean(text: str) -> str:
    return _PLACEHOLDER.sub(" ", text).lower()


def is_general(text: str) -> bool:
    """True when ``text`` names no particular subject: "Good", "Nothing to add", "All ok,
    thanks", "[illegible]" (only stop words, :data:`GENERAL_WORDS` and placeholders)."""
    words = re.findall(r"[a-z]{2,}", _clean(str(text or "")))
    return not any(w not in ENGLISH_STOP_WORDS and w not in GENERAL_WORDS for w in words)


def topic_count(n_docs: int, min_topic_size: int, *, most: int = 30) -> int:
    """How many topics a partitioning clusterer looks for: about sqrt(n/2), at least 2, at
    most ``most`` (a list reviewers can read) and no more than topics of ``min_topic_size``."""
    k = min(most, int(np.sqrt(n_docs / 2)), n_docs // max(min_topic_size, 1))
    return max(2, k)


def default_vectorizer() -> CountVectorizer:
    """Readable key phrases: 1-2 word n-grams, English stop words, no placeholders or digits."""
    return CountVectorizer(
        ngram_range=(1, 2),
        stop_words=sorted(ENGLISH_STOP_WORDS | _EXTRA_STOP_WORDS),
        preprocessor=_clean,
        token_pattern=r"(?u)\b[^\W\d_][\w'-]*[^\W\d_]\b",
        # BERTopic fits this on one document per topic, so min_df counts topics: above 1 it
        # dropped words distinctive of one topic, and failed when only one topic was found.
        min_df=1,
        max_features=50_000,
    )


def _bertopic_backend(encoder: Encoder):
    """Wrap an ``encode`` object as a BERTopic embedding backend."""
    from bertopic.backend import BaseEmbedder

    class _EncoderBackend(BaseEmbedder):
        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return np.asarray(encoder.encode(list(documents)), dtype=np.float32)

    return _EncoderBackend()


def _keyword_centroid_backend(
    seeds: list[list[str]], texts: Sequence[str], embeddings: np.ndarray
):
    """Seed-topic embeddings without a model: the mean embedding of documents using the seeds.

    BERTopic embeds each seed list (joined with spaces) to guide the topics; with precomputed
    embeddings and no embedder, the centroid of the documents that contain a seed word stands
    in for it (a zero vector when none do, which then guides nothing).
    """
    from bertopic.backend import BaseEmbedder

    lowered = [_clean(t) for t in texts]
    centroids: dict[str, np.ndarray] = {}
    for words in seeds:
        pattern = re.compile(
            "|".join(rf"\b{re.escape(w.lower())}" for w in words if w.strip()) or r"(?!x)x"
        )
        rows = [i for i, t in enumerate(lowered) if pattern.search(t)]
        centroids[" ".join(words)] = (
            embeddings[rows].mean(axis=0) if rows else np.zeros(embeddings.shape[1])
        )

    class _CentroidBackend(BaseEmbedder):
        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return np.vstack([centroids.get(d, np.zeros(embeddings.shape[1])) for d in documents])

    return _CentroidBackend()


class TopicModeler(BaseEstimator):
    """Emergent topics in comments (BERTopic with swappable parts).

    Parameters
    ----------
    seed : int, default=0
        Random state for k-means (and anything else random): same seed, same topics.
    min_topic_size : int, default=10
        Smallest topic: at most ``n / min_topic_size`` topics are looked for (and HDBSCAN's
        ``min_cluster_size`` if you pass one as ``clusterer``).
    nr_topics : int, "auto" or None, default=None
        Merge topics down to this many after clustering (BERTopic's topic reduction).
    embedder : Encoder, optional
        Object with ``encode(texts)``; needed when :meth:`fit` gets no embeddings.
    reducer : Reducer, optional
        Default: none (:class:`PassThroughReducer`): clusters are found on the embeddings
        themselves. BERTopic's usual UMAP can be passed (its first fit in a process compiles
        numba code, tens of seconds on two busy cores).
    clusterer : Clusterer, optional
        Default: k-means (``random_state=seed``) looking for about sqrt(n/2) topics, at most
        30 (:func:`topic_count`), so every comment gets a topic; agglomerative clustering
        below ``SMALL_CORPUS`` documents. On real feedback from three trusts this agreed with
        the trusts' own codes better than HDBSCAN on a 5-dimension reduction, which left
        18-100% of comments without a topic (``benchmarks/topics_quality.py``). Pass
        ``hdbscan.HDBSCAN`` to get "no clear topic" outliers instead.
    vectorizer : CountVectorizer, optional
        Default: :func:`default_vectorizer`.
    seed_topic_list : list of list of str, or dict of name -> list of str, optional
        Framework keywords that guide topics towards themes; with a dict the table gets a
        ``theme`` column naming the seed list each topic matches best.
    n_representatives : int, default=3
        Comments kept per topic (nearest the topic's centre).

    Attributes
    ----------
    texts_ : list of str
    embeddings_ : ndarray of shape (n, dim)
    topics_ : ndarray of int, shape (n,)
        Topic per text, ``-1`` for none.
    bertopic_ : bertopic.BERTopic
    seed_names_ : list of str or None
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        min_topic_size: int = 10,
        nr_topics: int | str | None = None,
        embedder: Encoder | None = None,
        reducer: Reducer | None = None,
        clusterer: Clusterer | None = None,
        vectorizer: CountVectorizer | None = None,
        seed_topic_list: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None = None,
        n_representatives: int = 3,
    ) -> None:
        self.seed = seed
        self.min_topic_size = min_topic_size
        self.nr_topics = nr_topics
        self.embedder = embedder
        self.reducer = reducer
        self.clusterer = clusterer
        self.vectorizer = vectorizer
        self.seed_topic_list = seed_topic_list
        self.n_representatives = n_representatives

    def _reducer(self, n: int) -> Reducer:
        return self.reducer if self.reducer is not None else PassThroughReducer()

    def _clusterer(self, n: int) -> Clusterer:
        if self.clusterer is not None:
            return self.clusterer
        if n < SMALL_CORPUS:
            k = topic_count(n, self.min_topic_size, most=10)
            return AgglomerativeClustering(n_clusters=k, linkage="ward")
        return KMeans(n_clusters=topic_count(n, self.min_topic_size), random_state=self.seed,
                      n_init=3)

    def fit(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> TopicModeler:
        """Find topics in ``texts``.

        Parameters
        ----------
        texts : sequence of str
        embeddings : ndarray of shape (n, dim), optional
            Precomputed document embeddings; otherwise ``embedder.encode(texts)``.

        Returns
        -------
        self
        """
        from bertopic import BERTopic

        logging.getLogger("BERTopic").setLevel(logging.WARNING)
        texts = ["" if t is None else str(t) for t in texts]
        n = len(texts)
        if embeddings is None:
            if self.embedder is None:
                raise ValueError("TopicModeler.fit needs embeddings or an embedder")
            embeddings = self.embedder.encode(texts)
        embeddings = np.array(embeddings, dtype=np.float32, copy=True)  # BERTopic edits it
        if embeddings.shape[0] != n:
            raise ValueError(f"{n} texts but {embeddings.shape[0]} embeddings")

        seeds, names = _seed_lists(self.seed_topic_list)
        self.seed_names_ = names
        self.texts_ = texts
        self.embeddings_ = embeddings.copy()
        if n < 3:
            self.bertopic_ = None
            self.topics_ = np.full(n, OUTLIER, dtype=int)
            return self

        backend = None
        if self.embedder is not None:
            backend = _bertopic_backend(self.embedder)
        elif seeds:
            backend = _keyword_centroid_backend(seeds, texts, embeddings)
        self.bertopic_ = BERTopic(
            embedding_model=backend,
            umap_model=self._reducer(n),
            hdbscan_model=self._clusterer(n),
            vectorizer_model=self.vectorizer or default_vectorizer(),
            seed_topic_list=seeds or None,
            nr_topics=self.nr_topics,
            min_topic_size=self.min_topic_size,
            calculate_probabilities=False,
            verbose=False,
        )
        topics, _ = self.bertopic_.fit_transform(texts, embeddings)
        self.topics_ = np.asarray(topics, dtype=int)
        return self


def _seed_lists(
    seed_topic_list: Sequence[Sequence[str]] | Mapping[str, Sequence[str]] | None,
) -> tuple[list[list[str]], list[str] | None]:
    if not seed_topic_list:
        return [], None
    if isinstance(seed_topic_list, Mapping):
        names = [str(k) for k, v in seed_topic_list.items() if v]
        lists = [[str(w).lower() for w in seed_topic_list[k] if str(w).strip()] for k in names]
        return lists, names
    return [[str(w).lower() for w in words if str(w).strip()] for words in seed_topic_list], None


def _check_fitted(model: TopicModeler) -> None:
    if not hasattr(model, "topics_"):
        raise ValueError("the TopicModeler is not fitted; call fit(texts, embeddings) first")


def _stem(word: str) -> str:
    """Crude stem so that "nurse", "nurses" and "nursing" count as one word in a label."""
    for suffix in ("ing", "ers", "er", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _repeats_a_word(phrase: str) -> bool:
    words = phrase.split()
    return len({_stem(w) for w in words}) < len(words)


def _label(words: list[str], n_phrases: int = 3) -> str:
    """Readable label from ranked c-TF-IDF terms: no word (or its variant) twice."""
    chosen: list[str] = []
    used: set[str] = set()
    for term in words:
        stems = {_stem(w) for w in term.split()}
        if not stems or stems <= used or _repeats_a_word(term):
            continue
        overlap = stems & used
        if overlap:
            # A phrase may absorb one single word it extends ("waiting" -> "waiting list").
            singles = [c for c in chosen if " " not in c and _stem(c) in overlap]
            if len(singles) != 1 or len(overlap) != 1:
                continue
            chosen[chosen.index(singles[0])] = term
        else:
            if len(chosen) == n_phrases:
                break
            chosen.append(term)
        used |= stems
    return ", ".join(chosen)


def _representatives(model: TopicModeler, rows: np.ndarray) -> list[str]:
    vectors = model.embeddings_[rows]
    centre = vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1) * max(float(np.linalg.norm(centre)), 1e-12)
    similarity = vectors @ centre / np.maximum(norms, 1e-12)
    picked: list[str] = []
    for i in np.argsort(-similarity, kind="stable"):
        text = model.texts_[rows[i]].strip()
        if text and text not in picked:
            picked.append(text)
        if len(picked) == model.n_representatives:
            break
    return picked


def _theme_for(model: TopicModeler, rows: np.ndarray) -> str | None:
    if not model.seed_names_:
        return None
    seeds, names = _seed_lists(model.seed_topic_list)
    lowered = [_clean(model.texts_[i]) for i in rows]
    best, best_share = None, 0.0
    for name, words in zip(names, seeds, strict=True):
        pattern = re.compile("|".join(rf"\b{re.escape(w)}" for w in words) or r"(?!x)x")
        share = sum(1 for t in lowered if pattern.search(t)) / max(len(lowered), 1)
        if share > best_share:
            best, best_share = name, share
    return best if best_share >= 0.2 else None


def topic_table(model: TopicModeler, *, n_words: int = 10) -> pd.DataFrame:
    """One row per topic, largest first, with the no-topic row (``-1``) last.

    Columns: ``topic``, ``label`` (up to three key phrases), ``size``, ``share`` (of all
    comments), ``keywords`` (list), ``representative_comments`` (list), ``general_share`` (of
    the topic's comments, those with no particular subject: :func:`is_general`), and ``theme``
    (the best-matching named seed list, or None) when the seeds were given as a dict.
    """
    _check_fitted(model)
    topics = model.topics_
    n = max(len(topics), 1)
    rows = []
    order = sorted(set(topics.tolist()), key=lambda t: (t == OUTLIER, -(topics == t).sum(), t))
    for topic in order:
        members = np.flatnonzero(topics == topic)
        if topic == OUTLIER or model.bertopic_ is None:
            keywords: list[str] = []
            label = "(no clear topic)"
        else:
            # BERTopic pads a topic with few distinct words with empty strings, and a word
            # typed twice ("tbh tbh") makes a phrase of itself: leave both out.
            keywords = [w for w, _ in (model.bertopic_.get_topic(topic) or [])
                        if str(w).strip() and not _repeats_a_word(str(w))][:n_words]
            label = _label(keywords) or f"topic {topic}"
        row = {
            "topic": int(topic),
            "label": label,
            "size": int(len(members)),
            "share": round(len(members) / n, 4),
            "keywords": keywords,
            "representative_comments": (
                [] if topic == OUTLIER else _representatives(model, members)
            ),
            "general_share": round(
                float(np.mean([is_general(model.texts_[i]) for i in members])), 3
            ) if len(members) else 0.0,
        }
        if model.seed_names_:
            row["theme"] = None if topic == OUTLIER else _theme_for(model, members)
        rows.append(row)
    columns = ["topic", "label", "size", "share", "keywords", "representative_comments",
               "general_share"]
    if model.seed_names_:
        columns.append("theme")
    return pd.DataFrame(rows, columns=columns)


def topics_by_group(model: TopicModeler, groups: Sequence[Any]) -> pd.DataFrame:
    """Topic counts per group (locality, respondent type, question...), long format.

    Parameters
    ----------
    model : fitted TopicModeler
    groups : sequence, one group value per fitted text

    Returns
    -------
    DataFrame
        Columns ``group``, ``topic``, ``label``, ``count``, ``share_of_group``; sorted by group
        then count (largest first). Topic ``-1`` rows count comments with no clear topic.
    """
    _check_fitted(model)
    if len(groups) != len(model.topics_):
        raise ValueError(f"{len(groups)} groups but {len(model.topics_)} fitted texts")
    labels = dict(zip(*topic_table(model)[["topic", "label"]].to_numpy().T, strict=True))
    frame = pd.DataFrame({"group": list(groups), "topic": model.topics_})
    counts = frame.groupby(["group", "topic"], sort=False).size().rename("count").reset_index()
    totals = counts.groupby("group")["count"].transform("sum")
    counts["share_of_group"] = (counts["count"] / totals).round(4)
    counts["label"] = counts["topic"].map(labels)
    counts = counts.sort_values(["group", "count", "topic"], ascending=[True, False, True])
    return counts[["group", "topic", "label", "count", "share_of_group"]].reset_index(drop=True)
