"""Redaction quality and speed on the labelled fixture sets (and speed on real comments).

Sets (``tests/fixtures/redaction/``, built by ``make_fixtures.py``): ``comments``, ``heldout``,
``stress`` and ``audit`` (the misses and must-stay sentences of the second information-governance
audit: everyday-word names, spelled-out emails and phones, bed numbers; small, so read its
per-item lines rather than its percentages).

Scoring rules:

* **caught** -- a gold span is caught when predicted spans (of *any* PII label) cover at least
  80 % of its characters; **typed** additionally needs the covering label to equal the gold
  label. Recall = caught / gold spans, per type and overall.
* **precision** -- a predicted span is correct when at least half of its characters fall inside
  gold spans; precision = correct / predicted spans.
* **clean altered** -- the fraction of clean comments (no gold spans) that the redactor changed
  at all (any predicted span).
* **throughput** -- comments per second through ``Redactor.redact_many`` (one process, model
  already loaded). On the real NHS Friends-and-Family-Test file (``ENGAGE_SHARED_DATA``,
  default ``/work/shared/data``; read only, 10,334 comments) we also report the share of
  comments changed: those comments do contain real staff first names, so it is not a
  false-positive rate, only a sanity figure.

Run: ``.venv/bin/python benchmarks/redaction_quality.py`` (about a minute on two cores); writes
``benchmarks/results/redaction_quality.json``.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from surveys.redact import PLACEHOLDERS, Redacted, Redactor, get_redactor  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "redaction"
SETS = {name: FIXTURES / f"{name}.jsonl"
        for name in ("comments", "heldout", "stress", "audit")}
DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FFT = DATA / "nhs-fft-feedback-phase1.csv"
OUT = ROOT / "benchmarks" / "results" / "redaction_quality.json"
COVER = 0.8


def load(path: Path) -> list[dict]:
    """Read a fixture JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(rows: list[dict], results: list[Redacted]) -> dict:
    """Recall per type, precision and clean-altered rate (rules in the module docstring)."""
    gold_n, caught_n, typed_n = Counter(), Counter(), Counter()
    pred_n = correct_n = 0
    clean = altered = 0
    missed: list[dict] = []
    false_pos: list[dict] = []
    for row, res in zip(rows, results, strict=True):
        text = row["text"]
        gold = row["spans"]
        covered = [None] * len(text)
        for s in res.spans:
            for k in range(s.start, s.end):
                covered[k] = s.label
        for g in gold:
            chars = covered[g["start"] : g["end"]]
            hit = sum(c is not None for c in chars) / max(1, len(chars))
            typed = sum(c == g["label"] for c in chars) / max(1, len(chars))
            gold_n[g["label"]] += 1
            if hit >= COVER:
                caught_n[g["label"]] += 1
            else:
                missed.append({"id": row["id"], "label": g["label"],
                               "value": text[g["start"] : g["end"]], "text": text})
            if typed >= COVER:
                typed_n[g["label"]] += 1
        in_gold = [False] * len(text)
        for g in gold:
            for k in range(g["start"], g["end"]):
                in_gold[k] = True
        for s in res.spans:
            pred_n += 1
            inside = sum(in_gold[s.start : s.end]) / max(1, s.end - s.start)
            if inside >= 0.5:
                correct_n += 1
            else:
                false_pos.append({"id": row["id"], "label": s.label,
                                  "value": text[s.start : s.end], "text": text})
        if not gold:
            clean += 1
            altered += bool(res.spans)
    per_type = {
        label: {"gold": gold_n[label], "caught": caught_n[label], "typed": typed_n[label],
                "recall": caught_n[label] / gold_n[label] if gold_n[label] else None}
        for label in sorted(PLACEHOLDERS)
    }
    total = sum(gold_n.values())
    return {
        "comments": len(rows),
        "with_details": len(rows) - clean,
        "clean": clean,
        "gold_spans": total,
        "recall": sum(caught_n.values()) / total if total else None,
        "typed_recall": sum(typed_n.values()) / total if total else None,
        "precision": correct_n / pred_n if pred_n else None,
        "predicted_spans": pred_n,
        "clean_altered": altered / clean if clean else None,
        "clean_altered_n": altered,
        "per_type": per_type,
        "missed": missed,
        "false_positives": false_pos,
    }


def timed(redactor: Redactor, texts: list[str]) -> tuple[list[Redacted], float]:
    """Redact ``texts``; return results and comments per second."""
    start = time.perf_counter()
    results = redactor.redact_many(texts)
    return results, len(texts) / (time.perf_counter() - start)


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def main() -> None:
    t0 = time.perf_counter()
    redactor = get_redactor()
    load_s = time.perf_counter() - t0
    report: dict = {"python": platform.python_version(), "model_load_seconds": round(load_s, 2),
                    "cover_rule": COVER, "sets": {}}
    for name, path in SETS.items():
        rows = load(path)
        results, rate = timed(redactor, [r["text"] for r in rows])
        report["sets"][name] = {**score(rows, results), "comments_per_second": round(rate, 1)}

    if FFT.is_file():
        with FFT.open(encoding="utf-8", newline="") as handle:
            texts = [r["feedback"] for r in csv.DictReader(handle) if r.get("feedback")]
        results, rate = timed(redactor, texts)
        labels = Counter(s.label for r in results for s in r.spans)
        report["fft_real"] = {"comments": len(texts), "comments_per_second": round(rate, 1),
                              "changed": sum(bool(r.spans) for r in results) / len(texts),
                              "spans_by_label": dict(sorted(labels.items()))}

    header = f"{'':12}" + "".join(f"{n:>22}" for n in SETS)
    print(header)
    print(f"{'type':12}" + "".join(f"{'caught/gold  recall':>22}" for _ in SETS))
    for label in sorted(PLACEHOLDERS):
        cells = []
        for name in SETS:
            t = report["sets"][name]["per_type"][label]
            cells.append(f"{t['caught']:>4}/{t['gold']:<4} {_pct(t['recall']):>12}")
        print(f"{label:12}" + "".join(f"{c:>22}" for c in cells))
    for key, title in (("recall", "recall"), ("typed_recall", "typed recall"),
                       ("precision", "precision"), ("clean_altered", "clean altered")):
        print(f"{title:12}" + "".join(f"{_pct(report['sets'][n][key]):>22}" for n in SETS))
    print(f"{'comments/s':12}" + "".join(
        f"{report['sets'][n]['comments_per_second']:>22.0f}" for n in SETS))
    for name in SETS:
        s = report["sets"][name]
        print(f"\n{name}: {s['comments']} comments ({s['with_details']} with details, "
              f"{s['clean']} clean, {s['clean_altered_n']} clean altered), "
              f"{s['gold_spans']} gold spans, {s['predicted_spans']} predicted")
        for m in s["missed"]:
            print(f"  missed {m['label']:<10} {m['value']!r:<30} in {m['text'][:70]!r}")
        for f in s["false_positives"]:
            print(f"  extra  {f['label']:<10} {f['value']!r:<30} in {f['text'][:70]!r}")
    if "fft_real" in report:
        f = report["fft_real"]
        print(f"\nreal FFT comments: {f['comments']} at {f['comments_per_second']:.0f}/s, "
              f"{100 * f['changed']:.1f}% changed, spans {f['spans_by_label']}")
    print(f"model load {load_s:.1f}s")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
