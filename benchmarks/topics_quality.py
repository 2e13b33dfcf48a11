"""How well emergent topics cover real feedback, per organisation.

For each trust in the shared FFT file (and all three together), fits the analysis pipeline's
topics (:func:`engage.topicstore.fit_topics`: k-means on the sentence embeddings, guided by
the strategy framework's keywords) and, for comparison, the pipeline's former default
(HDBSCAN on a 5-dimension PCA). Reports per method: topics found, share of comments left
without a topic, agreement of topics with the trust's own codes (normalised mutual information
over all comments, "no topic" counting as one group; over comments with a topic), and seconds.
Writes ``benchmarks/results/topics_quality.json``.

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/topics_quality.py`` (about two minutes).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from hdbscan import HDBSCAN  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score  # noqa: E402

from engage.topicstore import fit_topics  # noqa: E402
from themes.embeddings import get_embedder  # noqa: E402
from themes.framework import load_framework  # noqa: E402

DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FFT = DATA / "nhs-fft-feedback-phase1.csv"
OUT = ROOT / "benchmarks" / "results" / "topics_quality.json"
SEED = 0


def _former(embeddings: np.ndarray, size: int) -> np.ndarray:
    reduced = PCA(n_components=5, random_state=SEED).fit_transform(embeddings)
    return HDBSCAN(min_cluster_size=size, core_dist_n_jobs=1).fit(reduced).labels_


def _row(method: str, topics: np.ndarray, codes: np.ndarray, seconds: float) -> dict:
    inliers = topics >= 0
    return {
        "method": method,
        "topics": int(topics.max() + 1),
        "no_topic_share": round(float(1 - inliers.mean()), 3),
        "nmi_all": round(float(normalized_mutual_info_score(codes, topics)), 3),
        "nmi_with_topic": round(float(normalized_mutual_info_score(
            codes[inliers], topics[inliers])), 3) if inliers.any() else None,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    frame = pd.read_csv(FFT).dropna(subset=["feedback"])
    frame = frame[frame["feedback"].str.strip() != ""].reset_index(drop=True)
    texts = frame["feedback"].astype(str).tolist()
    embeddings = get_embedder("sentence").encode(texts)
    framework = load_framework("strategy")
    results = []
    for organisation in [*sorted(frame["organization"].dropna().unique()), "all"]:
        mask = np.ones(len(frame), bool) if organisation == "all" else (
            frame["organization"] == organisation).to_numpy()
        subset = [t for t, m in zip(texts, mask, strict=True) if m]
        codes = frame.loc[mask, "code"].astype(str).to_numpy()
        vectors = embeddings[mask]
        start = time.perf_counter()
        pipeline = fit_topics(subset, vectors, framework, SEED).topics_
        pipeline_seconds = time.perf_counter() - start
        start = time.perf_counter()
        former = _former(vectors, max(5, min(50, len(subset) // 60)))
        former_seconds = time.perf_counter() - start
        for row in (_row("pipeline: k-means, guided", pipeline, codes, pipeline_seconds),
                    _row("former: HDBSCAN on PCA-5", former, codes, former_seconds)):
            row = {"organisation": organisation, "comments": len(subset), **row}
            results.append(row)
            print(json.dumps(row), flush=True)
    OUT.write_text(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "seed": SEED,
        "note": "first pipeline row includes importing BERTopic",
        "results": results,
    }, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
