"""Speed (and repeatability) of emergent topics on the ~10k real NHS FFT comments.

Reads the shared FFT file (read only; ``ENGAGE_SHARED_DATA``, default ``/work/shared/data``)
and writes ``benchmarks/results/topics_speed.json``. Measures, on this machine:

* embedding time: all-MiniLM-L6-v2 via ``themes.embeddings.SentenceEmbedder`` (offline), and
  the TF-IDF+SVD fallback ``TfidfSvdEmbedder``;
* topic time given embeddings, default parts (k-means on the embeddings, ``random_state=seed``),
  run twice
  to check that the same seed gives the same topics;
* the same guided by the strategy framework's keywords (``data/frameworks/strategy.yaml``);
* topics on the TF-IDF+SVD embeddings.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/topics_speed.py`` (a few minutes).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from themes.topics import TopicModeler, topic_table  # noqa: E402

DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FFT = DATA / "nhs-fft-feedback-phase1.csv"
FRAMEWORK = ROOT / "data" / "frameworks" / "strategy.yaml"
OUT = ROOT / "benchmarks" / "results" / "topics_speed.json"
SEED = 0
MIN_TOPIC_SIZE = 25


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, round(time.perf_counter() - start, 2)


def summary(model: TopicModeler) -> dict:
    table = topic_table(model)
    real = table[table["topic"] != -1]
    return {
        "topics": int(len(real)),
        "outlier_share": round(float((model.topics_ == -1).mean()), 3),
        "largest_topics": [
            {"topic": int(r.topic), "label": r.label, "size": int(r.size)}
            for r in real.head(12).itertuples()
        ],
    }


def main() -> None:
    started = time.perf_counter()
    texts = (
        pd.read_csv(FFT, dtype=str, keep_default_na=False)["feedback"].str.strip().tolist()
    )
    texts = [t for t in texts if t]
    framework = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    seeds = {t["id"]: list(t.get("keywords", [])) for t in framework["themes"]}

    from themes.embeddings import SentenceEmbedder, TfidfSvdEmbedder

    (embedder, load_s) = timed(SentenceEmbedder)
    embeddings, embed_s = timed(embedder.encode, texts)
    svd_embedder = TfidfSvdEmbedder()
    svd_embeddings, svd_embed_s = timed(svd_embedder.encode, texts)

    first, first_s = timed(TopicModeler(seed=SEED, min_topic_size=MIN_TOPIC_SIZE).fit,
                           texts, embeddings)
    second, second_s = timed(TopicModeler(seed=SEED, min_topic_size=MIN_TOPIC_SIZE).fit,
                             texts, embeddings)
    guided, guided_s = timed(
        TopicModeler(seed=SEED, min_topic_size=MIN_TOPIC_SIZE, embedder=embedder,
                     seed_topic_list=seeds).fit,
        texts, embeddings,
    )
    svd_model, svd_s = timed(TopicModeler(seed=SEED, min_topic_size=MIN_TOPIC_SIZE).fit,
                             texts, svd_embeddings)
    table_first = topic_table(first)
    table_second = topic_table(second)
    guided_table = topic_table(guided)

    results = {
        "texts": len(texts),
        "min_topic_size": MIN_TOPIC_SIZE,
        "seed": SEED,
        "minilm_load_s": load_s,
        "minilm_embed_s": embed_s,
        "tfidf_svd_embed_s": svd_embed_s,
        "topics_default_s": first_s,
        "topics_default_repeat_s": second_s,
        "same_seed_same_assignments": bool(np.array_equal(first.topics_, second.topics_)),
        "same_seed_same_labels": table_first["label"].tolist() == table_second["label"].tolist(),
        "topics_guided_s": guided_s,
        "topics_tfidf_svd_s": svd_s,
        "default": summary(first),
        "guided": {
            **summary(guided),
            "topics_matched_to_a_theme": int(guided_table["theme"].notna().sum()),
        },
        "tfidf_svd": summary(svd_model),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
    }
    results["total_s"] = round(time.perf_counter() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
