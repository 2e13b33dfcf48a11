"""Sentiment quality on real NHS Friends-and-Family-Test feedback and on our own fixtures.

Reads the shared FFT file (read only; ``ENGAGE_SHARED_DATA``, default ``/work/shared/data``)
and writes ``benchmarks/results/sentiment_quality.json``.

Label mapping (the ``criticality`` column runs -5..5, with junk such as ``-o``, ``NA``, ``SS``
and a few out-of-range values such as -9 that are dropped):

* ``primary`` -- criticality 0 is dropped: 2,563 of its 2,566 rows come from Trust B, where 0 is
  the coders' default for comments they did not rate (a spot check shows they are nearly all
  praise), so it is not a "neutral" rating. ``>= 1`` is positive and ``<= -1`` negative; -1
  rows are mostly mild improvement suggestions ("Better food", "More cups of tea"), which FFT
  coders treat as criticism. The gold standard then has (almost) no neutral class; a neutral
  prediction counts as an error, so "3-class accuracy" here is the accuracy of a 3-class model.
* ``zero_is_neutral`` -- the naive reading: >0 positive, 0 neutral, <0 negative.
* ``weak_is_neutral`` -- 0 dropped as above, |criticality| = 1 neutral, >= 2 positive,
  <= -2 negative.

Macro-F1 averages over the classes present in the gold labels.

Question-aware rows (``*_with_questions``) give the model the question each comment answers. The
export carries only question ids (``Trust A - Q1`` ...), not their wording, so the wording in
``QUESTION_WORDING`` is our reading of the answers themselves: Trust A Q1 and Trust C Q2 are
answered with suggestions and "Nothing"/"No" (12% and 48% of answers start that way; "A bed
instead of a chair", "More staff"), Trust A Q2 and Trust C Q1 with praise of what went well.
Trust B Q1 reads as a general question and gets no wording. Treat these rows as "if a team's
export has its question wording", not as a blind measurement.

Run: ``.venv/bin/python benchmarks/sentiment_quality.py`` (5 to 15 minutes on two shared cores).
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
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themes.sentiment import SentimentModel, label_from_score  # noqa: E402
from themes.texts import same_words  # noqa: E402

DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FFT = DATA / "nhs-fft-feedback-phase1.csv"
FIXTURES = ROOT / "tests" / "fixtures" / "sentiment"
OUT = ROOT / "benchmarks" / "results" / "sentiment_quality.json"
SIZES = (100, 250, 500, 1000, 2000)
QUESTION_WORDING = {
    "Trust A - Q1": "What could we do better?",
    "Trust C - Q2": "Is there anything we could have done better?",
    "Trust A - Q2": "What was good about your care?",
    "Trust C - Q1": "What did we do well?",
}
SEEDS = (0, 1, 2)
TEST_SIZE = 2500


def load_fft() -> pd.DataFrame:
    """FFT rows with a usable criticality (-5..5) and non-empty feedback."""
    frame = pd.read_csv(FFT, dtype=str, keep_default_na=False)
    frame["criticality_num"] = pd.to_numeric(frame["criticality"], errors="coerce")
    usable = frame["criticality_num"].between(-5, 5) & frame["feedback"].str.strip().ne("")
    return frame[usable].reset_index(drop=True)


def map_labels(frame: pd.DataFrame, mapping: str) -> pd.DataFrame:
    """Add a ``label`` column according to ``mapping`` (see module docstring)."""
    c = frame["criticality_num"]
    if mapping == "primary":
        out = frame[c != 0].copy()
        out["label"] = np.where(out["criticality_num"] > 0, "positive", "negative")
    elif mapping == "zero_is_neutral":
        out = frame.copy()
        out["label"] = np.select([c > 0, c < 0], ["positive", "negative"], "neutral")
    elif mapping == "weak_is_neutral":
        out = frame[c != 0].copy()
        k = out["criticality_num"]
        out["label"] = np.select([k >= 2, k <= -2], ["positive", "negative"], "neutral")
    else:
        raise ValueError(mapping)
    return out.reset_index(drop=True)


def metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    present = sorted(set(gold))
    return {
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=present, average="macro", zero_division=0)), 4
        ),
    }


def raw_vader(texts: list[str]) -> list[str]:
    analyzer = SentimentIntensityAnalyzer()
    return [label_from_score(analyzer.polarity_scores(t)["compound"]) for t in texts]


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in runs[0]:
        values = [r[key] for r in runs]
        out[key] = round(float(np.mean(values)), 4)
        out[f"{key}_min"] = round(float(np.min(values)), 4)
        out[f"{key}_max"] = round(float(np.max(values)), 4)
    return out


def questions_of(frame: pd.DataFrame) -> list[str | None]:
    """The (inferred) wording of the question each row answers; None when unknown."""
    return [QUESTION_WORDING.get(q) for q in frame["question"]]


def learning_curve(
    pool: pd.DataFrame, test: pd.DataFrame, *, with_questions: bool = False, **params: float
) -> dict[str, dict]:
    """Fit on n sampled labels (3 seeds each) and score on the fixed test split."""
    texts = test["feedback"].tolist()
    gold = test["label"].tolist()
    asked = questions_of(test) if with_questions else None
    curve: dict[str, dict] = {}
    for n in (*SIZES, len(pool)):
        runs = []
        seeds = SEEDS if n < len(pool) else (0,)
        for seed in seeds:
            sample = pool.sample(n=n, random_state=seed)
            model = SentimentModel(**params).fit(
                sample["feedback"].tolist(), sample["label"].tolist(),
                questions_of(sample) if with_questions else None,
            )
            runs.append(metrics(gold, model.predict(texts, asked)))
        curve[str(n)] = summarise(runs)
    return curve


def fft_benchmark(frame: pd.DataFrame, mapping: str, full: bool) -> dict:
    data = map_labels(frame, mapping)
    pool, test = train_test_split(
        data, test_size=TEST_SIZE, stratify=data["label"], random_state=0
    )
    # No twin of a test comment is learnt from ("Very good" twice): the model gives labelled
    # words their label, which would score memory, not reading.
    tested = set(test["feedback"].astype(str).map(same_words))
    pool = pool[~pool["feedback"].astype(str).map(same_words).isin(tested)]
    texts = test["feedback"].tolist()
    gold = test["label"].tolist()
    result: dict = {
        "rows": len(data),
        "label_counts": data["label"].value_counts().to_dict(),
        "test_rows": len(test),
        "pool_rows": len(pool),
        "raw_vader": metrics(gold, raw_vader(texts)),
        "zero_label_lexicon": metrics(gold, SentimentModel().predict(texts)),
        "fitted": learning_curve(pool, test),
    }
    result["zero_label_lexicon_with_questions"] = metrics(
        gold, SentimentModel().predict(texts, questions_of(test))
    )
    result["fitted_with_questions"] = learning_curve(pool, test, with_questions=True)
    if full:
        result["fitted_tfidf_only_no_lexicon"] = learning_curve(
            pool, test, prior_strength=0.0, lexicon_weight=0.0
        )
    return result


def load_fixtures(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / f"mh_comments_{name}.csv", keep_default_na=False)


def fixture_benchmark(fft_primary: pd.DataFrame) -> dict:
    dev, test = load_fixtures("dev"), load_fixtures("test")
    texts, gold = test["text"].tolist(), test["label"].tolist()
    lexicon = SentimentModel().predict(texts)
    by_kind = (
        pd.Series(np.array(lexicon) == np.array(gold)).groupby(test["kind"].to_numpy()).mean()
    )
    fft_sample = fft_primary.sample(n=2000, random_state=0)
    fft_model = SentimentModel().fit(fft_sample["feedback"].tolist(),
                                     fft_sample["label"].tolist())
    both = SentimentModel().fit(
        fft_sample["feedback"].tolist() + dev["text"].tolist(),
        fft_sample["label"].tolist() + dev["label"].tolist(),
    )
    return {
        "test_rows": len(test),
        "dev_rows": len(dev),
        "label_counts": test["label"].value_counts().to_dict(),
        "raw_vader": metrics(gold, raw_vader(texts)),
        "zero_label_lexicon": metrics(gold, lexicon),
        "zero_label_lexicon_accuracy_by_kind": {k: round(float(v), 3) for k, v in by_kind.items()},
        "fitted_on_fixture_dev": metrics(
            gold, SentimentModel().fit(dev["text"].tolist(), dev["label"].tolist()).predict(texts)
        ),
        "fitted_on_2000_fft_primary": metrics(gold, fft_model.predict(texts)),
        "fitted_on_2000_fft_plus_fixture_dev": metrics(gold, both.predict(texts)),
    }


def speed(frame: pd.DataFrame) -> dict[str, float]:
    data = map_labels(frame, "primary")
    texts = data["feedback"].tolist()
    start = time.perf_counter()
    SentimentModel().predict(texts)
    lexicon_s = time.perf_counter() - start
    sample = data.sample(n=2000, random_state=0)
    start = time.perf_counter()
    model = SentimentModel().fit(sample["feedback"].tolist(), sample["label"].tolist())
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    model.predict(texts)
    predict_s = time.perf_counter() - start
    return {
        "texts": len(texts),
        "zero_label_predict_s": round(lexicon_s, 2),
        "fit_2000_s": round(fit_s, 2),
        "fitted_predict_s": round(predict_s, 2),
    }


def main() -> None:
    started = time.perf_counter()
    frame = load_fft()
    results = {
        "data": str(FFT.name),
        "usable_rows": len(frame),
        "seeds": list(SEEDS),
        "mapping_note": (
            "primary: criticality 0 dropped (Trust B default for unrated, mostly praise), "
            ">=1 positive, <=-1 negative; zero_is_neutral: 0 neutral; weak_is_neutral: "
            "0 dropped, |1| neutral, >=2 positive, <=-2 negative"
        ),
        "fft": {
            "primary": fft_benchmark(frame, "primary", full=True),
            "zero_is_neutral": fft_benchmark(frame, "zero_is_neutral", full=False),
            "weak_is_neutral": fft_benchmark(frame, "weak_is_neutral", full=False),
        },
        "fixtures": fixture_benchmark(map_labels(frame, "primary")),
        "speed": speed(frame),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    results["total_s"] = round(time.perf_counter() - started, 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
