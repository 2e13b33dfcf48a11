"""Theme assignment speed on 10,000 real comments (NHS FFT, read only).

Measures, in one process on the CPU: loading the sentence model (with its sha256 check),
embedding 10k comments, the first scoring (which also embeds the sentences of multi-sentence
comments), then with every embedding cached: zero-label re-scoring, retraining on 10k labels,
and re-scoring 10k comments; plus peak resident memory. Writes
``benchmarks/results/themes_speed.json``. Run: ``.venv/bin/python benchmarks/themes_speed.py``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.themes_quality import FIXTURES, load_fft  # noqa: E402
from themes.classifier import ThemeClassifier  # noqa: E402
from themes.embeddings import SentenceEmbedder  # noqa: E402
from themes.framework import load_framework  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "themes_speed.json"
N = 10_000


def timed(fn, label: str = ""):
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    if label:
        print(f"{label:>34}: {seconds:7.2f} s", flush=True)
    return value, seconds


def main() -> None:
    framework = load_framework(FIXTURES / "fft-framework.yaml")
    texts, Y = load_fft(framework)
    order = np.random.default_rng(0).permutation(len(texts))[:N]
    texts, Y = [texts[i] for i in order], Y[order]

    embedder, load_s = timed(SentenceEmbedder, "load model (sha256 checked)")
    _, embed_s = timed(lambda: embedder.encode(texts), "embed 10k comments")
    model = ThemeClassifier(framework=framework, embedder=embedder)
    _, zero_fit_s = timed(lambda: model.fit(texts), "zero-label fit")
    _, first_score_s = timed(lambda: model.predict_proba(texts), "first scoring (embeds sentences)")
    sentences = embedder.cache_size - len(set(texts))
    _, zero_rescore_s = timed(lambda: model.predict_proba(texts), "zero-label re-score (cached)")
    computed_before = embedder.n_computed
    _, retrain_s = timed(lambda: model.fit(texts, Y), "retrain on 10k labels (cached)")
    _, rescore_s = timed(lambda: model.predict_proba(texts), "re-score 10k (cached)")
    _, retrain_again_s = timed(lambda: model.fit(texts, Y), "retrain again (cached)")
    assert embedder.n_computed == computed_before, "cached texts were embedded again"

    report = {
        "n_comments": len(texts),
        "n_sentences_embedded_extra": int(sentences),
        "embedder": embedder.name,
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu",
        "python": platform.python_version(),
        "seconds": {
            "load_model_with_sha256_check": load_s,
            "embed_comments": embed_s,
            "zero_label_fit": zero_fit_s,
            "first_scoring_embeds_sentences": first_score_s,
            "zero_label_rescore_cached": zero_rescore_s,
            "retrain_10k_labels_cached": retrain_s,
            "retrain_again_cached": retrain_again_s,
            "rescore_10k_cached": rescore_s,
        },
        "comments_per_second_embedding": len(texts) / embed_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average_at_end": os.getloadavg(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{'peak RSS':>34}: {report['peak_rss_mb']:7.0f} MB")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
