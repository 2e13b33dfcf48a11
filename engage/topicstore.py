"""Emergent topics for an exercise: fit with BERTopic (guided by the framework) and store."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete, select, update

from engage.embedcache import text_hash
from engage.models import Suggestion, TopicRecord
from engage.store import Store
from themes.framework import Framework
from themes.topics import (
    TopicModeler,
    topic_table,
)

if TYPE_CHECKING:
    from engage.analysis import Corpus


def _topics_key(corpus: Corpus, framework: Framework, seed: int) -> str:
    payload = json.dumps(
        [sorted(text_hash(t) for t in corpus.texts), framework.to_dict(), seed], default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def fit_topics(
    texts: list[str], embeddings: np.ndarray, framework: Framework, seed: int
) -> TopicModeler:
    """A fitted :class:`TopicModeler` (its defaults) guided by each theme's keywords.

    From ``SMALL_CORPUS`` comments up, k-means (seeded) on the full embeddings: on real
    feedback from three trusts (2,600-4,400 comments each) HDBSCAN on a 5-dimension PCA found
    0-4 topics and left 18-100% of comments without one (and BERTopic fails outright when no
    topic is found), while k-means gave every comment a topic that agreed better with the
    trusts' own codes (NMI 0.24-0.37 vs 0.00-0.20; ``benchmarks/topics_quality.py``), in 1-3 s
    for 10,000 comments.
    UMAP, BERTopic's usual reducer, spends ~50 s compiling on 2 cores in each new process.
    """
    size = max(5, min(50, len(texts) // 60))
    seeds = {t.id: [*t.keywords] for t in framework.themes if t.keywords}
    model = TopicModeler(seed=seed, min_topic_size=size, seed_topic_list=seeds or None)
    return model.fit(texts, embeddings)


def update_topics(
    store: Store, exercise: str, corpus: Corpus, embedder: object, framework: Framework, seed: int
) -> int:
    """Refit topics when the comments, framework or seed changed; return how many topics."""
    key = _topics_key(corpus, framework, seed)
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise)
        if (ex.analysis_state or {}).get("topics_key") == key:
            return (ex.analysis_state or {}).get("topics", 0)
    embeddings = embedder.encode(corpus.texts)
    model = fit_topics(corpus.texts, embeddings, framework, seed)
    table = topic_table(model)
    first_id = {}
    for text, cid in zip(corpus.texts, corpus.ids, strict=True):
        first_id.setdefault(text.strip(), cid)  # the topic table lists texts stripped
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise)
        kept = {
            t.label: t.status
            for t in s.scalars(select(TopicRecord).where(TopicRecord.exercise_id == ex.id))
            if t.status != "new"
        }
        s.execute(delete(TopicRecord).where(TopicRecord.exercise_id == ex.id))
        for row in table.itertuples():
            if row.topic < 0:
                continue
            s.add(
                TopicRecord(
                    exercise_id=ex.id,
                    topic_id=int(row.topic),
                    label=row.label,
                    size=int(row.size),
                    keywords=list(row.keywords),
                    representatives=[first_id[t.strip()] for t in row.representative_comments
                                     if t.strip() in first_id],
                    status=kept.get(row.label, "new"),
                    general_share=float(row.general_share),
                )
            )
        for pk, topic in zip(corpus.pks, model.topics_.tolist(), strict=True):
            s.execute(
                update(Suggestion)
                .where(Suggestion.comment_pk == pk)
                .values(topic=None if topic < 0 else int(topic))
            )
        n_topics = int((table["topic"] >= 0).sum())
        ex.analysis_state = {**(ex.analysis_state or {}), "topics_key": key, "topics": n_topics}
    return n_topics
