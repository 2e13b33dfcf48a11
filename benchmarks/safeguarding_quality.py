"""Safeguarding flags: recall and precision on our fixtures, and the flag volume on real feedback.

Fixtures (fictional, ``tests/fixtures/safeguarding/``; see its README for which were written
before or after the rules): a sentence counts as flagged when any ``current`` or ``possible``
flag is raised, and as a risk when it has categories at level ``current`` or ``possible`` (a
``mention`` names the topic without anyone's risk). ``blind3`` is the
honest estimate for wording the rules were never shown. On the public NHS Friends and Family
Test feedback (``ENGAGE_SHARED_DATA``, default ``/work/shared/data``; no gold labels) we report
how many comments of the first 10,000 get a flag, which is the reading load a team takes on.

Compared: the phrase rules alone, and the rules plus the meaning tier (nearest fictional
exemplar, cosine >= threshold) at several thresholds; ``engage analyse`` uses 0.5.

Run: ``.venv/bin/python benchmarks/safeguarding_quality.py`` (about a minute); writes
``benchmarks/results/safeguarding_quality.json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themes.embeddings import get_embedder  # noqa: E402
from themes.safeguarding import flag_risks  # noqa: E402

DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FIXTURES = ROOT / "tests" / "fixtures" / "safeguarding"
RESULTS = ROOT / "benchmarks" / "results" / "safeguarding_quality.json"
SETS = ("dev", "holdout", "blind", "blind2", "blind3")
THRESHOLDS = (0.5, 0.55, 0.6)


def recall_precision(frame: pd.DataFrame, **options: object) -> dict[str, float]:
    flags = flag_risks(frame["text"].tolist(), **options)
    at_risk = frame["level"].isin(["current", "possible"]) & (frame["categories"].str.len() > 0)
    gold = at_risk.to_numpy()
    predicted = np.array([any(f.level != "mention" for f in found) for found in flags])
    hits = int((predicted & gold).sum())
    return {
        "recall": round(hits / max(int(gold.sum()), 1), 3),
        "precision": round(hits / max(int(predicted.sum()), 1), 3),
        "risks": int(gold.sum()),
        "flagged": int(predicted.sum()),
    }


def main() -> None:
    sets = {
        name: pd.read_csv(FIXTURES / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in SETS
    }
    feedback = pd.read_csv(DATA / "nhs-fft-feedback-phase1.csv", dtype=str)
    real = feedback["feedback"].dropna().head(10_000).tolist()
    embedder = get_embedder("sentence")
    configs: dict[str, dict[str, object]] = {"rules": {}}
    for threshold in THRESHOLDS:
        configs[f"rules+meaning@{threshold}"] = {
            "embedder": embedder, "similarity_threshold": threshold
        }
    report: dict[str, object] = {"fft_comments": len(real), "configs": {}}
    for name, options in configs.items():
        report["configs"][name] = {
            "fixtures": {s: recall_precision(frame, **options) for s, frame in sets.items()},
            "fft_flagged_comments": sum(bool(found) for found in flag_risks(real, **options)),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'config':>22} " + " ".join(f"{s:>13}" for s in SETS) + "  FFT flagged")
    for name, result in report["configs"].items():
        cells = " ".join(
            f"{r['recall']:.2f}/{r['precision']:.2f}".rjust(13)
            for r in result["fixtures"].values()
        )
        print(f"{name:>22} {cells}  {result['fft_flagged_comments']:>5} of {len(real)}")
    print("(cells: recall/precision)")


if __name__ == "__main__":
    main()
