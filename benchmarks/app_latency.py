"""Review-app latency: label save and page loads, with the sample data and with 100k comments.

Builds a throwaway SQLite store: the bundled fictional sample (``engage demo`` data, analysed
with the TF-IDF embedder), and a synthetic store of ``--comments`` comments (default 100,000;
phrases recombined with a fixed seed, each with a model suggestion, as after ``engage
analyse``). Then times, for each:

* label save: ``workflow.code_comment`` in one write transaction, as the review page does
  (median and 95th percentile of 30 saves);
* page loads through Streamlit's ``AppTest`` (the real page scripts, no browser): the review
  queue, the overview and the theme board, first load (caches emptied) and a second load.

    .venv/bin/python benchmarks/app_latency.py [--comments N]

Writes ``benchmarks/results/app_latency.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from engage import users, workflow  # noqa: E402
from engage.analysis import analyse  # noqa: E402
from engage.demo import DEMO_EXERCISE, run_demo  # noqa: E402
from engage.ingest import IngestOptions, ingest_paths  # noqa: E402
from engage.models import Comment, Suggestion  # noqa: E402
from engage.store import Store  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "app_latency.json"
REVIEWER = "Bench Reviewer"
PAGES = {"review": "app_pages/review.py", "overview": "app_pages/overview.py",
         "themes": "app_pages/themes.py"}
OPENINGS = ["I waited", "Nobody told me", "The staff were", "My GP said", "As a carer I",
            "The crisis line", "It took months", "People judged me", "The ward was"]
MIDDLES = ["nine months for a referral", "kind and listened", "nothing about discharge",
           "that services do not share notes", "never answered at night", "too far away",
           "because of my diagnosis", "exhausted and alone", "brilliant when I was unwell"]
ENDINGS = ["and I gave up.", "which helped a lot.", "so I rang 111.", "again and again.", "."]
THEMES = ["access", "integration", "crisis", "carers", "stigma"]


def synthetic_store(url: str, n: int, tmp: Path) -> Store:
    """An exercise with ``n`` analysed comments (plus the reviewer)."""
    store = Store(url)
    seed_file = tmp / "seed.csv"
    seed_file.write_text("id,What needs to change?\nseed-1,I waited nine months.\n")
    ingest_paths(store, [seed_file], IngestOptions(exercise="Synthetic"))
    rng = random.Random(0)
    with store.session() as s, s.begin():
        ex = store.exercise(s, "Synthetic")
        for start in range(0, n, 10_000):
            rows = []
            for i in range(start, min(n, start + 10_000)):
                text = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)} {rng.choice(ENDINGS)}"
                rows.append({"exercise_id": ex.id, "comment_id": f"s{i}", "source": "survey",
                             "text": text, "original_text": text, "redactions": [],
                             "content_hash": f"h{i}"})
            s.execute(insert(Comment), rows)
        pks = s.scalars(select(Comment.id).where(Comment.exercise_id == ex.id)).all()
        for start in range(0, len(pks), 10_000):
            rows = []
            for pk in pks[start : start + 10_000]:
                chosen = rng.sample(THEMES, rng.choice([0, 1, 1, 2]))
                rows.append({"comment_pk": pk, "themes": chosen,
                             "confidence": {t: round(rng.random(), 3) for t in THEMES},
                             "reasons": {t: ["waited"] for t in chosen},
                             "sentiment": rng.choice(["positive", "neutral", "negative"]),
                             "sentiment_score": 0.0, "theme_sentiment": {}, "readability": {},
                             "text_hash": "x", "model_key": "synthetic"})
            s.execute(insert(Suggestion), rows)
    return store


def label_saves(store: Store, exercise: str, n: int = 30) -> dict[str, float]:
    """Milliseconds per label save (median, p95)."""
    with store.session() as s:
        ex = store.exercise(s, exercise)
        pks = s.scalars(select(Comment.id).where(Comment.exercise_id == ex.id)).all()
    picks = random.Random(1).sample(pks, min(n, len(pks)))
    took = []
    for pk in picks:
        started = time.perf_counter()

        def save(s, pk=pk):  # noqa: ANN001, ANN202
            ex = store.exercise(s, exercise)
            comment = workflow.comment_by_pk(s, ex, pk)
            return workflow.code_comment(s, ex, comment, REVIEWER, ["access"], "negative")

        workflow.run_write(store, save)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    return {"median_ms": round(statistics.median(took), 1),
            "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1)}


def page_loads(store: Store, exercise: str) -> dict[str, dict[str, float]]:
    """Seconds to run each page's script: first load, then again (Streamlit caches warm)."""
    os.environ["ENGAGE_DB"] = store.url
    os.environ["ENGAGE_EMBEDDER"] = "tfidf"
    with store.session() as s:
        account = users.get_user(s, REVIEWER)
    out = {}
    for name, path in PAGES.items():
        app = AppTest.from_file(str(ROOT / "app_streamlit.py"), default_timeout=600)
        app.session_state["account"] = account
        app.session_state["exercise"] = exercise
        app.run()  # signs in and shows the start page, which may fill the caches
        st.cache_data.clear()
        app.switch_page(path)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            app.run()
            times.append(round(time.perf_counter() - started, 2))
        if app.exception:
            raise RuntimeError(f"{name}: {[e.value for e in app.exception]}")
        if name == "review" and not any("engage-quote" in h.value for h in app.html):
            raise RuntimeError("the review page showed no comment")
        out[name] = {"first_s": times[0], "cached_s": times[1]}
    return out


def measure(store: Store, exercise: str) -> dict[str, object]:
    with store.session() as s, s.begin():
        if REVIEWER not in {a.name for a in users.list_users(s)}:
            users.add_user(s, REVIEWER, "admin", "a long benchmark password")
        comments = len(s.scalars(select(Comment.id)).all())
    return {"comments": comments, "label_save": label_saves(store, exercise),
            "pages": page_loads(store, exercise)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=100_000)
    args = parser.parse_args()
    figures: dict[str, object] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sample_url = f"sqlite:///{tmp / 'sample.db'}"
        run_demo(sample_url, analyse=False, echo=lambda _line: None)
        sample = Store(sample_url)
        analyse(sample, DEMO_EXERCISE, embedder="tfidf", topics=False)
        figures["sample"] = measure(sample, DEMO_EXERCISE)
        sample.close()
        big = synthetic_store(f"sqlite:///{tmp / 'big.db'}", args.comments, tmp)
        figures["synthetic"] = measure(big, "Synthetic")
        big.close()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    for name in ("sample", "synthetic"):
        result = figures[name]
        print(f"{name}: {result['comments']} comments; label save {result['label_save']}")
        for page, times in result["pages"].items():
            print(f"  {page:>9}: first {times['first_s']:.2f} s, cached {times['cached_s']:.2f} s")


if __name__ == "__main__":
    main()
