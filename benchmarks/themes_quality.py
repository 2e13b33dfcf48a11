"""Theme assignment quality: learning curves, zero-label vs keywords, on two data sets.

1. **NHS Friends and Family Test** (real; ``$ENGAGE_SHARED_DATA/nhs-fft-feedback-phase1.csv``,
   default ``/work/shared/data``, read only). Each comment has one of nine categories; the
   framework is ``tests/fixtures/themes/fft-framework.yaml`` (our own descriptions, keywords
   and fictional examples). A held-out set of 2,500 comments is drawn once with a fixed seed;
   models train on random subsets of the other comments (100/250/500/1000 labels, three
   repeats) and are scored on the held-out set as multi-label (one positive per comment):
   micro/macro F1 at the model's threshold, and top-1 accuracy. Size 0 is the zero-label
   prior. The plain keyword baseline assigns a theme when any of its keywords appears.
2. **The same FFT comments coded to the bundled ``strategy`` framework** through their fine
   codes: access (``aa al ap wa wb``), integration (``tc ti tt tx``), carers (``cf dc``); every
   other comment means "none of these". Only these three strategy themes have codes, so the
   framework is cut to them. Much FFT feedback is general praise ("Good care", "Staff were
   lovely"), which a framework of specific themes must leave unthemed: this measures that on
   real feedback. The truth is incomplete (one code per comment), so precision is a floor.
3. **The same FFT comments coded to their 36 fine codes** (those with at least 20 comments; e.g.
   "Attitude Of Staff", "Time spent waiting for first appt/referral/service"), with a framework
   written from the code names alone (description = category: code name; no keywords or
   examples): a large framework written in five minutes, as another organisation might.
4. **Fictional mental-health comments** (``tests/fixtures/themes/mh_comments.csv``, coded to the
   bundled ``strategy`` framework, multi-label with real "no theme" rows). ``test`` holds
   sentences never seen in training; ``recurring`` reuses training sentences in new comments.

5. **Across organisations** (FFT, 9 themes): each trust's comments in turn are the test set
   (1,000 of them); the model learns from labels of the *other* two trusts, or from the same
   number of labels of the test trust's own other comments. How well do labels carry over to an
   organisation whose feedback the model has never seen, and how much do a team's own labels
   add? Run this part alone with ``--only cross_organisation`` (it is merged into the results).

Nothing here was tuned on the FFT held-out set (design choices were made on a separate
development split of the training pool). Run: ``.venv/bin/python benchmarks/themes_quality.py``
(a few minutes on two cores, most of it embedding); writes
``benchmarks/results/themes_quality.json`` and prints a table.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from themes.classifier import ThemeClassifier  # noqa: E402
from themes.embeddings import get_embedder  # noqa: E402
from themes.evaluation import learning_curve_themes, theme_metrics, top1_accuracy  # noqa: E402
from themes.framework import Framework, Theme, load_framework  # noqa: E402
from themes.keywords import keyword_pattern  # noqa: E402

DATA = Path(os.environ.get("ENGAGE_SHARED_DATA", "/work/shared/data"))
FIXTURES = ROOT / "tests" / "fixtures" / "themes"
RESULTS = ROOT / "benchmarks" / "results" / "themes_quality.json"
FFT_LABELS = {
    "Care received": "care_received",
    "Staff": "staff",
    "Couldn't be improved": "couldnt_be_improved",
    "Communication": "communication",
    "Environment/ facilities": "environment",
    "Access": "access",
    "Miscellaneous": "miscellaneous",
    "Transition/coordination": "transition",
    "Dignity": "dignity",
}
SIZES = (0, 100, 250, 500, 1000)
STRATEGY_CODES = {
    "access": {"aa", "al", "ap", "wa", "wb"},
    "integration": {"tc", "ti", "tt", "tx"},
    "carers": {"cf", "dc"},
}
N_TEST = 2500
SEED = 2024
REPEATS = 3


def keyword_scores(framework: Framework, texts: list[str]) -> np.ndarray:
    """Baseline: number of a theme's keywords found in each comment."""
    patterns = [
        [re.compile(keyword_pattern(kw), re.IGNORECASE) for kw in theme.keywords]
        for theme in framework.themes
    ]
    return np.array(
        [[sum(1 for rx in theme if rx.search(text)) for theme in patterns] for text in texts],
        dtype=float,
    )


def summary(Y: np.ndarray, predicted: np.ndarray, ids: list[str], scores: np.ndarray) -> dict:
    m = theme_metrics(Y, predicted, ids, n_boot=1000, random_state=SEED)
    return {
        "micro_f1": m["micro"]["f1"],
        "micro_f1_ci": m["micro"]["f1_ci"],
        "macro_f1": m["macro"]["f1"],
        "macro_f1_ci": m["macro"]["f1_ci"],
        "micro_precision": m["micro"]["precision"],
        "micro_recall": m["micro"]["recall"],
        "top1_accuracy": top1_accuracy(Y, scores),
        "no_theme": m["no_theme"],
        "per_theme_f1": {k: v["f1"] for k, v in m["themes"].items()},
    }


def keyword_summary(framework: Framework, texts: list[str], Y: np.ndarray) -> dict:
    counts = keyword_scores(framework, texts)
    result = summary(Y, (counts > 0).astype(int), framework.ids, counts)
    # top-1 for keywords: the theme with most matches; a comment with none counts as wrong.
    single = Y.sum(axis=1) == 1
    best = counts[single].argmax(axis=1)
    hit = (Y[single][np.arange(best.size), best] == 1) & (counts[single].max(axis=1) > 0)
    result["top1_accuracy"] = float(hit.mean()) if best.size else float("nan")
    result["no_keyword_share"] = float((counts.sum(axis=1) == 0).mean())
    return result


def load_fft(framework: Framework) -> tuple[list[str], np.ndarray]:
    path = DATA / "nhs-fft-feedback-phase1.csv"
    frame = pd.read_csv(path)
    frame = frame[frame["feedback"].fillna("").astype(str).str.strip() != ""]
    frame = frame[frame["label"].isin(FFT_LABELS)].reset_index(drop=True)
    Y = np.zeros((len(frame), len(framework.ids)), dtype=int)
    for i, label in enumerate(frame["label"]):
        Y[i, framework.ids.index(FFT_LABELS[label])] = 1
    return frame["feedback"].astype(str).tolist(), Y


def fft_organisations() -> list[str]:
    """Each comment's trust, in the order of :func:`load_fft`."""
    frame = pd.read_csv(DATA / "nhs-fft-feedback-phase1.csv")
    frame = frame[frame["feedback"].fillna("").astype(str).str.strip() != ""]
    return frame[frame["label"].isin(FFT_LABELS)]["organization"].astype(str).tolist()


def load_fft_strategy() -> tuple[list[str], np.ndarray, Framework]:
    """FFT comments coded to the strategy's access, integration and carers themes."""
    strategy = load_framework("strategy")
    framework = replace(
        strategy, themes=tuple(t for t in strategy.themes if t.id in STRATEGY_CODES)
    )
    frame = pd.read_csv(DATA / "nhs-fft-feedback-phase1.csv", dtype=str)
    frame = frame[frame["feedback"].fillna("").str.strip() != ""].reset_index(drop=True)
    Y = np.column_stack(
        [frame["code"].isin(STRATEGY_CODES[t]).to_numpy() for t in framework.ids]
    ).astype(int)
    return frame["feedback"].tolist(), Y, framework


def load_fft_fine(min_count: int = 20) -> tuple[list[str], np.ndarray, Framework]:
    """FFT comments coded to their fine codes, with a framework of the code names only."""
    frame = pd.read_csv(DATA / "nhs-fft-feedback-phase1.csv", dtype=str)
    frame = frame[frame["feedback"].fillna("").str.strip() != ""].reset_index(drop=True)
    counts = frame["code"].value_counts()
    codes = sorted(counts[counts >= min_count].index)
    named = frame.drop_duplicates("code").set_index("code")
    framework = Framework(
        name="FFT fine codes (names only)",
        themes=tuple(
            Theme(
                id=code,
                name=named.loc[code, "subcategory"],
                description=f"{named.loc[code, 'label']}: {named.loc[code, 'subcategory']}",
            )
            for code in codes
        ),
    )
    Y = np.column_stack([(frame["code"] == code).to_numpy() for code in codes]).astype(int)
    return frame["feedback"].tolist(), Y, framework


def held_out(n_texts: int) -> np.ndarray:
    """The fixed held-out comments (the same draw for every FFT measurement)."""
    return np.random.default_rng(SEED).permutation(n_texts)[:N_TEST]


def measure_curve(texts, Y, framework, embedder, test):
    """A model factory and the learning curve on the held-out ``test`` comments."""

    def factory() -> ThemeClassifier:
        return ThemeClassifier(framework=framework, embedder=embedder)

    curve = learning_curve_themes(
        texts, Y, framework.ids, estimator_factory=factory, sizes=SIZES,
        test_indices=test, n_repeats=REPEATS, random_state=SEED, n_boot=500,
    )
    return factory, curve


def fft_benchmark(embedder) -> dict:
    framework = load_framework(FIXTURES / "fft-framework.yaml")
    texts, Y = load_fft(framework)
    test = held_out(len(texts))
    started = time.perf_counter()
    embedder.encode(texts)
    embed_seconds = time.perf_counter() - started
    factory, curve = measure_curve(texts, Y, framework, embedder, test)
    test_texts = [texts[i] for i in test]
    is_test = np.zeros(len(texts), dtype=bool)
    is_test[test] = True
    zero = factory().fit([t for t, held in zip(texts, is_test, strict=True) if not held])
    zero_proba = zero.predict_proba(test_texts)
    # Ceiling: the same model with every training-pool label (what these features can reach).
    pool = np.flatnonzero(~is_test)
    everything = factory().fit([texts[i] for i in pool], Y[pool])
    ceiling_proba = everything.predict_proba(test_texts)
    by_size = curve.drop(columns=["repeat"]).groupby("size").mean(numeric_only=True)
    spread = curve.groupby("size")[["micro_f1", "macro_f1", "top1_accuracy"]].std()
    at500 = by_size.loc[500]
    return {
        "n_comments": len(texts),
        "n_test": int(test.size),
        "label_counts": dict(zip(framework.ids, Y.sum(axis=0).tolist(), strict=True)),
        "embed_seconds_all_comments": embed_seconds,
        "learning_curve": curve.to_dict(orient="records"),
        "learning_curve_mean": by_size.reset_index().to_dict(orient="records"),
        "learning_curve_std": spread.reset_index().to_dict(orient="records"),
        "zero_label": summary(Y[test], zero.assign(zero_proba), framework.ids, zero_proba),
        "keyword_baseline": keyword_summary(framework, test_texts, Y[test]),
        "all_pool_labels": {
            "n_labels": int(pool.size),
            **summary(Y[test], everything.assign(ceiling_proba), framework.ids, ceiling_proba),
        },
        "targets": {
            "micro_f1_at_500": {"target": 0.75, "got": float(at500["micro_f1"]),
                                "met": bool(at500["micro_f1"] >= 0.75)},
            "macro_f1_at_500": {"target": 0.60, "got": float(at500["macro_f1"]),
                                "met": bool(at500["macro_f1"] >= 0.60)},
        },
    }


def fft_strategy_benchmark(embedder) -> dict:
    """FFT comments, coded to three of the strategy's themes by their fine codes."""
    texts, Y, framework = load_fft_strategy()
    test = held_out(len(texts))
    factory, curve = measure_curve(texts, Y, framework, embedder, test)
    test_texts = [texts[i] for i in test]
    pool = np.setdiff1d(np.arange(len(texts)), test)
    zero = factory().fit([texts[i] for i in pool])
    zero_proba = zero.predict_proba(test_texts)
    by_size = curve.drop(columns=["repeat"]).groupby("size").mean(numeric_only=True)
    return {
        "framework": "access, integration and carers themes",
        "n_comments": len(texts),
        "n_test": int(test.size),
        "label_counts": dict(zip(framework.ids, Y.sum(axis=0).tolist(), strict=True)),
        "learning_curve_mean": by_size.reset_index().to_dict(orient="records"),
        "zero_label": {
            **summary(Y[test], zero.assign(zero_proba), framework.ids, zero_proba),
            "share_given_a_theme": float(zero.assign(zero_proba).any(axis=1).mean()),
        },
        "keyword_baseline": keyword_summary(framework, test_texts, Y[test]),
        "share_coded_to_these_themes": float(Y[test].any(axis=1).mean()),
    }


def fft_fine_benchmark(embedder) -> dict:
    """FFT comments, 36 fine codes, a framework of code names only."""
    texts, Y, framework = load_fft_fine()
    test = held_out(len(texts))
    _, curve = measure_curve(texts, Y, framework, embedder, test)
    by_size = curve.drop(columns=["repeat"]).groupby("size").mean(numeric_only=True)
    return {
        "framework": framework.name,
        "n_themes": len(framework.ids),
        "n_comments": len(texts),
        "n_test": int(test.size),
        "share_coded_to_these_codes": float(Y[test].any(axis=1).mean()),
        "learning_curve_mean": by_size.reset_index().to_dict(orient="records"),
    }


CROSS_TEST = 1000
CROSS_SIZES = (0, 100, 500, 1000)


def cross_organisation_benchmark(embedder) -> dict:
    """Test on one trust's comments; learn from the other trusts' labels or its own."""
    framework = load_framework(FIXTURES / "fft-framework.yaml")
    texts, Y = load_fft(framework)
    orgs = np.array(fft_organisations())
    out: dict = {"n_test_per_trust": CROSS_TEST, "sizes": list(CROSS_SIZES)}

    def factory() -> ThemeClassifier:
        return ThemeClassifier(framework=framework, embedder=embedder)

    for org in sorted(set(orgs)):
        mine = np.flatnonzero(orgs == org)
        test = np.random.default_rng(SEED).permutation(mine)[:CROSS_TEST]
        own_pool = np.setdiff1d(mine, test)
        other_pool = np.flatnonzero(orgs != org)
        result: dict = {"n_comments": int(mine.size)}
        for source, pool in (("own_labels", own_pool), ("other_trusts_labels", other_pool)):
            rows = np.concatenate([pool, test])
            curve = learning_curve_themes(
                [texts[i] for i in rows], Y[rows], framework.ids, estimator_factory=factory,
                sizes=CROSS_SIZES, test_indices=np.arange(pool.size, rows.size),
                n_repeats=REPEATS, random_state=SEED, n_boot=0,
            )
            mean = curve.groupby("size")[["micro_f1", "macro_f1"]].mean()
            result[source] = {"pool": int(pool.size),
                              **{str(int(k)): v for k, v in mean.to_dict(orient="index").items()}}
        out[org] = result
    return out


def print_cross_organisation(cross: dict) -> None:
    print(f"\nAcross organisations (FFT 9 themes; {cross['n_test_per_trust']} test comments "
          "per trust): micro-F1 (macro-F1) by labels")
    sizes = cross["sizes"]
    print(f"{'test trust':>10} {'labels from':>20} " + " ".join(f"{s:>14}" for s in sizes))
    for org, result in cross.items():
        if not isinstance(result, dict) or "own_labels" not in result:
            continue
        for source in ("own_labels", "other_trusts_labels"):
            got = result[source]
            cells = [f"{got[str(s)]['micro_f1']:.3f} ({got[str(s)]['macro_f1']:.3f})"
                     if str(s) in got else "-" for s in sizes]
            print(f"{org:>10} {source:>20} " + " ".join(f"{c:>14}" for c in cells))


def mh_benchmark(embedder) -> dict:
    framework = load_framework("strategy")
    with (FIXTURES / "mh_comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    Y = np.array([[int(t in row["themes"].split(";")) for t in framework.ids] for row in rows])
    split = np.array([row["split"] for row in rows])
    train = np.flatnonzero(split == "train")
    out: dict = {"n_comments": {s: int((split == s).sum()) for s in np.unique(split)}}
    for name in ("test", "recurring"):
        rows_ = np.flatnonzero(split == name)
        part = [texts[i] for i in rows_]
        results = {"keyword_baseline": keyword_summary(framework, part, Y[rows_])}
        for size in (0, 50, 100, 300):
            model = ThemeClassifier(framework=framework, embedder=embedder)
            chosen = train[:size]
            if size:
                model.fit([texts[i] for i in chosen], Y[chosen])
            else:
                model.fit([texts[i] for i in train])
            proba = model.predict_proba(part)
            results[f"labels_{size}"] = summary(
                Y[rows_], model.assign(proba), framework.ids, proba
            )
        out[name] = results
    return out


def stripped(framework: Framework, *, examples: bool, keywords: bool) -> Framework:
    """The framework without its example statements and/or keywords."""
    themes = tuple(
        replace(t, examples=t.examples if examples else (), keywords=t.keywords if keywords else ())
        for t in framework.themes
    )
    return replace(framework, themes=themes)


def framework_styles(embedder) -> dict:
    """Zero-label F1 when a team's framework has no examples, or neither examples nor keywords.

    Held-out frameworks may be written with names and descriptions only; this shows how much the
    zero-label prior relies on examples and keywords (FFT held-out set, mental-health test split).
    """
    fft_framework = load_framework(FIXTURES / "fft-framework.yaml")
    texts, Y = load_fft(fft_framework)
    test = np.random.default_rng(SEED).permutation(len(texts))[:N_TEST]
    fft = ([texts[i] for i in test], Y[test], fft_framework)
    strategy = load_framework("strategy")
    with (FIXTURES / "mh_comments.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["split"] == "test"]
    mh_Y = np.array([[int(t in row["themes"].split(";")) for t in strategy.ids] for row in rows])
    mh = ([row["text"] for row in rows], mh_Y, strategy)
    out: dict = {}
    for name, (part, Y_part, framework) in {"fft": fft, "mh_test": mh}.items():
        for style, options in {
            "full": {"examples": True, "keywords": True},
            "no_examples": {"examples": False, "keywords": True},
            "name_and_description_only": {"examples": False, "keywords": False},
        }.items():
            variant = stripped(framework, **options)
            model = ThemeClassifier(framework=variant, embedder=embedder).fit(part)
            proba = model.predict_proba(part)
            out[f"{name}/{style}"] = summary(
                Y_part, model.assign(proba), variant.ids, proba
            )
    return out


def print_curve(rows: list[dict]) -> None:
    """A learning curve: micro/macro F1, top-1 and fit time by number of labels."""
    print(f"{'labels':>8} {'micro-F1':>9} {'macro-F1':>9} {'top-1':>7} {'fit s':>7}")
    for row in rows:
        print(f"{int(row['size']):>8} {row['micro_f1']:>9.3f} {row['macro_f1']:>9.3f} "
              f"{row['top1_accuracy']:>7.3f} {row['fit_seconds']:>7.2f}")


def print_table(report: dict) -> None:
    fft = report["fft"]
    print(f"\nFFT ({fft['n_comments']} comments, held-out {fft['n_test']}), "
          f"mean of {REPEATS} repeats; embedder {report['embedder']}")
    print_curve(fft["learning_curve_mean"])
    for name in ("zero_label", "keyword_baseline", "all_pool_labels"):
        r = fft[name]
        ci = tuple(round(x, 3) for x in r["micro_f1_ci"])
        print(f"{name:>16}: micro-F1 {r['micro_f1']:.3f} {ci} "
              f"macro-F1 {r['macro_f1']:.3f} top-1 {r['top1_accuracy']:.3f}")
    for key, target in fft["targets"].items():
        print(f"target {key}: {target['got']:.3f} vs {target['target']} -> "
              f"{'met' if target['met'] else 'NOT met'}")
    fs = report["fft_strategy"]
    print(f"\nFFT coded to the strategy's {fs['framework']}: "
          f"{fs['share_coded_to_these_themes']:.1%} of held-out comments carry one of them")
    print(f"{'labels':>8} {'micro-F1':>9} {'macro-F1':>9} {'precision':>10} {'recall':>7}")
    for row in fs["learning_curve_mean"]:
        print(f"{int(row['size']):>8} {row['micro_f1']:>9.3f} {row['macro_f1']:>9.3f} "
              f"{row['micro_precision']:>10.3f} {row['micro_recall']:>7.3f}")
    for name in ("zero_label", "keyword_baseline"):
        r = fs[name]
        print(f"{name:>16}: micro-F1 {r['micro_f1']:.3f} macro-F1 {r['macro_f1']:.3f} "
              f"precision {r['micro_precision']:.3f} recall {r['micro_recall']:.3f} "
              + (f"given a theme {r['share_given_a_theme']:.1%}" if name == "zero_label" else ""))
    ff = report["fft_fine"]
    print(f"\nFFT coded to {ff['n_themes']} fine codes, framework of code names only")
    print_curve(ff["learning_curve_mean"])
    print("\nZero labels by framework style")
    for name, r in report["framework_styles"].items():
        print(f"{name:>36}: micro-F1 {r['micro_f1']:.3f} macro-F1 {r['macro_f1']:.3f}")
    print_cross_organisation(report["cross_organisation"])
    for split in ("test", "recurring"):
        print(f"\nFictional mental-health comments, split '{split}'")
        print(f"{'model':>18} {'micro-F1':>9} {'macro-F1':>9} {'no-theme agreed':>16}")
        for name, r in report["mh_fixture"][split].items():
            nt = r["no_theme"]
            print(f"{name:>18} {r['micro_f1']:>9.3f} {r['macro_f1']:>9.3f} "
                  f"{nt['agreed']:>7}/{nt['support']:<3} (pred {nt['predicted']})")


def main() -> None:
    started = time.perf_counter()
    embedder = get_embedder("auto")
    if sys.argv[1:2] == ["--only"]:
        part = sys.argv[2]
        sections = {"cross_organisation": cross_organisation_benchmark}
        if part not in sections:
            raise SystemExit(f"--only takes one of {sorted(sections)}")
        report = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        report[part] = sections[part](embedder)
        RESULTS.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
        print_cross_organisation(report[part])
        print(f"\nupdated {part} in {RESULTS} in {time.perf_counter() - started:.0f} s")
        return
    report = {
        "embedder": getattr(embedder, "name", type(embedder).__name__),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpu",
        "seed": SEED,
        "fft": fft_benchmark(embedder),
        "fft_strategy": fft_strategy_benchmark(embedder),
        "fft_fine": fft_fine_benchmark(embedder),
        "mh_fixture": mh_benchmark(embedder),
        "framework_styles": framework_styles(embedder),
        "cross_organisation": cross_organisation_benchmark(embedder),
    }
    report["total_seconds"] = time.perf_counter() - started
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    print_table(report)
    print(f"\nwrote {RESULTS} in {report['total_seconds']:.0f} s")


if __name__ == "__main__":
    main()
