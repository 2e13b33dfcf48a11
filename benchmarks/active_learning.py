"""Does the review queue's choice of comments teach the model faster than random picks?

Simulates reviewers on real NHS feedback (``$ENGAGE_SHARED_DATA/nhs-fft-feedback-phase1.csv``):
each round, 25 comments are chosen from the unlabelled pool, "labelled" with their real codes,
and the model is refitted; agreement is measured on the same 2,500 held-out comments as
``themes_quality.py``. Three frameworks: the 9-theme FFT framework, three themes of the
bundled strategy framework (access, integration, carers) and the 36 fine FFT codes with a
names-only framework (see ``themes_quality.py``). A second run picks 100 per round, to 600.

Choosers:

* ``random``: uniform picks (three seeds, mean shown);
* ``queue``: what heads the review app's queue (:func:`engage.workflow.rank_informative`):
  :func:`themes.active.representative_picks`, the most typical comment of each group of
  similar comments reviewers have not covered (three seeds, mean shown);
* ``uncertain only``: the 200 most informative comments, then
  :func:`themes.active.next_to_review` (uncertainty + diversity) among them (the queue's
  head until November 2026).

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
    load_fft_fine,
    load_fft_strategy,
)

from themes.active import informativeness, next_to_review, representative_picks  # noqa: E402
from themes.classifier import ThemeClassifier  # noqa: E402
from themes.embeddings import get_embedder  # noqa: E402
from themes.evaluation import theme_metrics  # noqa: E402
from themes.framework import load_framework  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "active_learning.json"
BATCH = 25
ROUNDS = 8
POOL = 200


def uncertain_picks(
    proba: np.ndarray, vectors: np.ndarray, labelled: np.ndarray, batch: int
) -> list[int]:
    info = informativeness(proba)
    order = [i for i in np.argsort(-info, kind="stable") if not labelled[i]][:POOL]
    done = np.flatnonzero(labelled)[:POOL].tolist()
    subset = order + done
    mask = np.array([False] * len(order) + [True] * len(done))
    picked = next_to_review(proba[subset], vectors[subset], mask, n=batch, diversity=0.5)
    return [subset[j] for j in picked]


def simulate(
    texts, Y, framework, embedder, chooser: str, seed: int, batch: int = BATCH,
    rounds: int = ROUNDS,
) -> list[dict]:
    test = held_out(len(texts))
    is_test = np.zeros(len(texts), dtype=bool)
    is_test[test] = True
    pool = np.flatnonzero(~is_test)
    pool_texts = [texts[i] for i in pool]
    test_texts = [texts[i] for i in test]
    vectors = embedder.encode(pool_texts)
    labelled = np.zeros(pool.size, dtype=bool)
    rng = np.random.default_rng(seed)
    model = ThemeClassifier(framework=framework, embedder=embedder).fit(pool_texts)
    rows = []
    for round_ in range(rounds + 1):
        predicted = model.predict(test_texts)
        m = theme_metrics(Y[test], predicted, framework.ids, n_boot=0)
        rows.append({"labels": int(labelled.sum()), "micro_f1": m["micro"]["f1"],
                     "macro_f1": m["macro"]["f1"], "micro_precision": m["micro"]["precision"]})
        if round_ == rounds:
            break
        if chooser == "random":
            picks = rng.choice(np.flatnonzero(~labelled), batch, replace=False).tolist()
        elif chooser == "queue":
            picks = representative_picks(vectors, labelled, batch, random_state=seed)
        else:
            picks = uncertain_picks(model.predict_proba(pool_texts), vectors, labelled, batch)
        labelled[picks] = True
        chosen = np.flatnonzero(labelled)
        model = ThemeClassifier(framework=framework, embedder=embedder).fit(
            [pool_texts[i] for i in chosen], Y[pool[chosen]]
        )
    return rows


def mean_rows(runs: list[list[dict]]) -> list[dict]:
    return [{key: float(np.mean([run[i][key] for run in runs])) for key in runs[0][0]}
            for i in range(len(runs[0]))]


def compare(texts, Y, framework, embedder, batch: int, rounds: int, uncertain: bool) -> dict:
    """Random and queue picks (three seeds each), optionally uncertainty picks (one)."""
    runs = {f"{chooser}_{seed}": simulate(texts, Y, framework, embedder, chooser, seed, batch,
                                          rounds)
            for chooser in ("random", "queue") for seed in range(3)}
    out = {
        "queue_mean": mean_rows([runs[f"queue_{s}"] for s in range(3)]),
        "random_mean": mean_rows([runs[f"random_{s}"] for s in range(3)]),
        "runs": runs,
    }
    if uncertain:
        out["uncertain_only"] = simulate(texts, Y, framework, embedder, "uncertain", 0, batch,
                                         rounds)
    names = ["queue_mean", "random_mean"] + (["uncertain_only"] if uncertain else [])
    print(f"{'labels':>6}  " + "  ".join(f"{n:>15}" for n in names))
    for i, row in enumerate(out["queue_mean"]):
        cells = [f"{out[n][i]['micro_f1']:.3f} ({out[n][i]['macro_f1']:.3f})" for n in names]
        print(f"{row['labels']:>6}  " + "  ".join(f"{c:>15}" for c in cells))
    return out


def main() -> None:
    started = time.perf_counter()
    embedder = get_embedder("auto")
    fft_framework = load_framework(FIXTURES / "fft-framework.yaml")
    fft_texts, fft_Y = load_fft(fft_framework)
    datasets = {
        "fft_9_themes": (fft_texts, fft_Y, fft_framework),
        "fft_strategy_3_themes": load_fft_strategy(),
        "fft_36_fine_codes": load_fft_fine(),
    }
    report: dict = {
        "embedder": getattr(embedder, "name", type(embedder).__name__),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu",
        "batch": BATCH,
        "metrics": "micro_f1 (macro_f1) on the 2,500 held-out comments",
    }
    for name, (texts, Y, framework) in datasets.items():
        print(f"\n{name}, {BATCH} per round: micro-F1 (macro-F1) by labels")
        report[name] = compare(texts, Y, framework, embedder, BATCH, ROUNDS, uncertain=True)
    for name in ("fft_9_themes", "fft_36_fine_codes"):
        texts, Y, framework = datasets[name]
        print(f"\n{name}, 100 per round: micro-F1 (macro-F1) by labels")
        report[f"{name}_100_per_round"] = compare(texts, Y, framework, embedder, 100, 6,
                                                  uncertain=False)
    report["total_seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    print(f"\nwrote {RESULTS} in {report['total_seconds']:.0f} s")


if __name__ == "__main__":
    main()
