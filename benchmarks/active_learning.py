"""Does the review queue's choice of comments teach the model faster than random picks?

Simulates reviewers on real NHS feedback (``$ENGAGE_SHARED_DATA/nhs-fft-feedback-phase1.csv``):
each round, 25 comments are chosen from the unlabelled pool, "labelled" with their real codes,
and the model is refitted; agreement is measured on the same 2,500 held-out comments as
``themes_quality.py``. Two frameworks: the 9-theme FFT framework and three themes of the
bundled strategy framework (access, integration, carers; see ``themes_quality.py``).

Choosers:

* ``random``: uniform picks (three seeds, mean shown);
* ``uncertain only``: the 200 most informative comments, then
  :func:`themes.active.next_to_review` (uncertainty + diversity) among them (the review
  queue before it mixed in random picks);
* ``queue``: what the review app does (:func:`engage.workflow.rank_informative`): the
  same picks, with every other place taken from a fixed random order.

Run: ``.venv/bin/python benchmarks/active_learning.py``; writes
``benchmarks/results/active_learning.json``.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from themes_quality import (  # noqa: E402
    FIXTURES,
    held_out,
    load_fft,
    load_fft_strategy,
)

from themes.active import informativeness, interleave, next_to_review  # noqa: E402
from themes.classifier import ThemeClassifier  # noqa: E402
from themes.embeddings import get_embedder  # noqa: E402
from themes.evaluation import theme_metrics  # noqa: E402
from themes.framework import load_framework  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "active_learning.json"
BATCH = 25
ROUNDS = 8
POOL = 200


def uncertain_picks(proba: np.ndarray, vectors: np.ndarray, labelled: np.ndarray) -> list[int]:
    info = informativeness(proba)
    order = [i for i in np.argsort(-info, kind="stable") if not labelled[i]][:POOL]
    done = np.flatnonzero(labelled)[:POOL].tolist()
    subset = order + done
    mask = np.array([False] * len(order) + [True] * len(done))
    picked = next_to_review(proba[subset], vectors[subset], mask, n=BATCH, diversity=0.5)
    return [subset[j] for j in picked]


def simulate(texts, Y, framework, embedder, chooser: str, seed: int) -> list[dict]:
    test = held_out(len(texts))
    is_test = np.zeros(len(texts), dtype=bool)
    is_test[test] = True
    pool = np.flatnonzero(~is_test)
    pool_texts = [texts[i] for i in pool]
    test_texts = [texts[i] for i in test]
    vectors = embedder.encode(pool_texts)
    labelled = np.zeros(pool.size, dtype=bool)
    rng = np.random.default_rng(seed)
    shuffled = np.random.default_rng(seed).permutation(pool.size)
    model = ThemeClassifier(framework=framework, embedder=embedder).fit(pool_texts)
    rows = []
    for round_ in range(ROUNDS + 1):
        predicted = model.predict(test_texts)
        m = theme_metrics(Y[test], predicted, framework.ids, n_boot=0)
        rows.append({"labels": int(labelled.sum()), "micro_f1": m["micro"]["f1"],
                     "macro_f1": m["macro"]["f1"], "micro_precision": m["micro"]["precision"]})
        if round_ == ROUNDS:
            break
        if chooser == "random":
            picks = rng.choice(np.flatnonzero(~labelled), BATCH, replace=False).tolist()
        else:
            picks = uncertain_picks(model.predict_proba(pool_texts), vectors, labelled)
            if chooser == "queue":  # as the app: every other place from a fixed random order
                free = [int(i) for i in shuffled if not labelled[i]]
                picks = interleave(picks, free, 0.5)[:BATCH]
        labelled[picks] = True
        chosen = np.flatnonzero(labelled)
        model = ThemeClassifier(framework=framework, embedder=embedder).fit(
            [pool_texts[i] for i in chosen], Y[pool[chosen]]
        )
    return rows


def main() -> None:
    started = time.perf_counter()
    embedder = get_embedder("auto")
    fft_framework = load_framework(FIXTURES / "fft-framework.yaml")
    fft_texts, fft_Y = load_fft(fft_framework)
    datasets = {
        "fft_9_themes": (fft_texts, fft_Y, fft_framework),
        "fft_strategy_3_themes": load_fft_strategy(),
    }
    report: dict = {
        "embedder": getattr(embedder, "name", type(embedder).__name__),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu",
        "batch": BATCH,
    }
    for name, (texts, Y, framework) in datasets.items():
        runs = {f"random_{s}": simulate(texts, Y, framework, embedder, "random", s)
                for s in range(3)}
        queue = simulate(texts, Y, framework, embedder, "queue", 0)
        uncertain = simulate(texts, Y, framework, embedder, "uncertain", 0)
        random_mean = [
            {key: float(np.mean([runs[r][i][key] for r in runs])) for key in queue[0]}
            for i in range(len(queue))
        ]
        report[name] = {"queue": queue, "uncertain_only": uncertain,
                        "random_mean": random_mean, "random_runs": runs}
        print(f"\n{name}: micro-F1 (macro-F1) by labels")
        print(f"{'labels':>6}  {'queue':>15}  {'uncertain only':>15}  {'random (mean of 3)':>18}")
        for q, u, r in zip(queue, uncertain, random_mean, strict=True):
            print(f"{q['labels']:>6}  {q['micro_f1']:.3f} ({q['macro_f1']:.3f})  "
                  f"  {u['micro_f1']:.3f} ({u['macro_f1']:.3f})  "
                  f"   {r['micro_f1']:.3f} ({r['macro_f1']:.3f})")
    report["total_seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    print(f"\nwrote {RESULTS} in {report['total_seconds']:.0f} s")


if __name__ == "__main__":
    main()
