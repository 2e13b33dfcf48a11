"""End-to-end speed of ``engage ingest`` + ``engage analyse`` on ~10k real comments.

Reads the public NHS Friends and Family Test feedback (``ENGAGE_SHARED_DATA``, default
``/work/shared/data``) into a throwaway SQLite store, then times: ingest (with redaction), a first
analyse (embeddings, themes, sentiment, flags, topics), a re-run with nothing changed, and a re-run
after importing 200 labels (relabel + re-score). Prints a table and writes
``benchmarks/results/analyse_speed.json`` with peak memory (RSS).

    .venv/bin/python benchmarks/analyse_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from engage.analysis import analyse
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import import_labels
from engage.store import Store

SHARED = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
RESULTS = Path(__file__).parent / "results" / "analyse_speed.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=10000)
    args = parser.parse_args()
    source = pd.read_csv(SHARED / "nhs-fft-feedback-phase1.csv", dtype=str).dropna(
        subset=["feedback"]
    )
    source = source.head(args.limit)
    figures: dict[str, object] = {"comments": len(source), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "fft.csv"
        source[["row_index", "feedback"]].to_csv(survey, index=False)
        store = Store(f"sqlite:///{tmp}/bench.db")
        started = time.perf_counter()
        (report,) = ingest_paths(
            store, [survey], IngestOptions(text_columns=["feedback"], id_column="row_index")
        )
        figures["ingest_s"] = round(time.perf_counter() - started, 1)
        figures["ingested"] = report.ingested
        for name in ("first_analyse", "rerun_unchanged"):
            started = time.perf_counter()
            result = analyse(store, seed=0)
            figures[f"{name}_s"] = round(time.perf_counter() - started, 1)
            figures[f"{name}_stages"] = result.seconds
            figures[f"{name}_new_flags"] = result.new_flags
        labels = Path(tmp) / "labels.csv"
        sample = source.sample(200, random_state=0)
        theme_of = {"Access": "access", "Transition/coordination": "integration"}
        pd.DataFrame(
            {"comment_id": sample["row_index"], "theme": sample["label"].map(theme_of).fillna("")}
        ).to_csv(labels, index=False)
        with store.session() as s, s.begin():
            import_labels(s, store.exercise(s), labels, "benchmark")
        started = time.perf_counter()
        result = analyse(store, seed=0)
        figures["relabel_rescore_s"] = round(time.perf_counter() - started, 1)
        figures["relabel_rescore_stages"] = result.seconds
        store.close()
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    for key, value in figures.items():
        print(f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
