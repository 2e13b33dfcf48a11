"""Emergent topics for an exercise: fit with BERTopic (guided by the framework) and store."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import numpy as np
from sklearn.decomposition import PCA
from sqlalchemy import delete, select, update

from engage.embedcache import text_hash
from engage.models import Suggestion, TopicRecord
from engage.store import Store
from themes.framework import Framework
from themes.topics import TopicModeler, topic_table

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
    """A fitted :class:`TopicModeler` guided by each theme's keywords.

    PCA (seeded) reduces the embeddings: UMAP's first fit in a process spends ~50 s compiling
    on 2 cores, which breaks the analyse budget; PCA keeps topics deterministic and fast.
    """
    seeds = {t.id: [*t.keywords] for t in framework.themes if t.keywords}
    size = max(5, min(50, len(texts) // 60))
    reducer = PCA(n_components=5, random_state=seed) if len(texts) > 50 else None
    model = TopicModeler(
        seed=seed, min_topic_size=size, seed_topic_list=seeds or None, reducer=reducer
    )
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
        first_id.setdefault(text, cid)
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
                    representatives=[first_id.get(t, "") for t in row.representative_comments],
                    status=kept.get(row.label, "new"),
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
