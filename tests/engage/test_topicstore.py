"""The analysis pipeline's topics: every comment gets one, even without dense clusters."""

from __future__ import annotations

import numpy as np

from engage.topicstore import fit_topics
from themes.framework import load_framework
from themes.topics import OUTLIER, SMALL_CORPUS, topic_count, topic_table

WORDS = ("parking waiting staff food ward nurse letter phone doctor therapy medication "
         "visit carer family crisis team discharge appointment group garden").split()


def _corpus(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Comments of random word mixes with unit-length noise embeddings: no dense clusters,
    like real feedback where density-based clustering found no topic at all."""
    rng = np.random.default_rng(seed)
    texts = [" ".join(rng.choice(WORDS, size=6)) for _ in range(n)]
    vectors = rng.normal(size=(n, 32))
    return texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_every_comment_gets_a_topic_without_dense_clusters():
    n = SMALL_CORPUS + 100
    texts, vectors = _corpus(n, seed=3)
    model = fit_topics(texts, vectors, load_framework("strategy"), seed=0)
    assert (model.topics_ != OUTLIER).all()
    table = topic_table(model)
    assert len(table) == topic_count(n, max(5, n // 60)) >= 2
    assert table["size"].sum() == n
    assert all(table["label"].str.len() > 0)


def test_pipeline_topics_are_the_same_for_the_same_seed():
    texts, vectors = _corpus(SMALL_CORPUS + 50, seed=5)
    framework = load_framework("strategy")
    first, second = (fit_topics(texts, vectors, framework, seed=11) for _ in range(2))
    np.testing.assert_array_equal(first.topics_, second.topics_)
    assert topic_table(first)["label"].tolist() == topic_table(second)["label"].tolist()


def test_topic_count_grows_with_the_corpus_within_readable_bounds():
    assert topic_count(300, 5) == 12
    assert topic_count(10_000, 50) == 30
    assert topic_count(20, 5) == 3
    assert topic_count(8, 5) == 2
