"""How well theme assignment agrees with human labels: metrics, cross-validation, learning curves.

Pure functions over texts and 0/1 label matrices (``(n_comments, n_themes)``, framework order,
all-zero rows meaning "no theme"). They return plain dicts and pandas DataFrames.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from themes.texts import same_words

EstimatorFactory = Callable[[], Any]


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion; ``(nan, nan)`` when there are no trials."""
    if trials <= 0:
        return (math.nan, math.nan)
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall, F1 with 0 where undefined (as sklearn's zero_division=0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1e-12), 0.0)
        recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1e-12), 0.0)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1e-12), 0.0)
    return precision, recall, f1


def _macro(f1: np.ndarray, evaluable: np.ndarray) -> np.ndarray:
    """Mean F1 over themes that appear in the labels or the predictions."""
    with np.errstate(invalid="ignore"):
        return np.where(
            evaluable.sum(axis=-1) > 0,
            (f1 * evaluable).sum(axis=-1) / np.maximum(evaluable.sum(axis=-1), 1),
            np.nan,
        )


def _check_pair(Y_true: Any, Y_pred: Any, theme_ids: Sequence[str]) -> tuple[np.ndarray, ...]:
    yt = np.asarray(Y_true).astype(bool)
    yp = np.asarray(Y_pred).astype(bool)
    if yt.ndim != 2 or yt.shape != yp.shape or yt.shape[1] != len(theme_ids):
        raise ValueError(
            f"labels and predictions must both be (n_comments, {len(theme_ids)}); "
            f"got {yt.shape} and {yp.shape}"
        )
    return yt, yp


def theme_metrics(
    Y_true: Any,
    Y_pred: Any,
    theme_ids: Sequence[str],
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> dict[str, Any]:
    """Per-theme and overall agreement of predictions with labels, with 95% intervals.

    Precision and recall intervals are Wilson intervals (binomial proportions); F1, micro-F1
    and macro-F1 intervals are percentile bootstrap intervals over comments (``n_boot``
    resamples, fixed seed). Macro-F1 averages the themes present in labels or predictions.

    Returns
    -------
    dict
        ``{"n_comments", "no_theme": {...}, "micro": {...}, "macro": {...},
        "themes": {theme_id: {"support", "predicted", "tp", "fp", "fn", "precision",
        "precision_ci", "recall", "recall_ci", "f1", "f1_ci"}}}``
    """
    yt, yp = _check_pair(Y_true, Y_pred, theme_ids)
    tp_m = (yt & yp).astype(float)
    fp_m = (~yt & yp).astype(float)
    fn_m = (yt & ~yp).astype(float)
    tp, fp, fn = tp_m.sum(0), fp_m.sum(0), fn_m.sum(0)
    precision, recall, f1 = _prf(tp, fp, fn)
    evaluable = (tp + fp + fn) > 0
    micro_p, micro_r, micro_f1 = (float(v) for v in _prf(tp.sum(), fp.sum(), fn.sum()))
    macro_f1 = float(_macro(f1, evaluable))

    f1_ci, micro_ci, macro_ci = _bootstrap(tp_m, fp_m, fn_m, n_boot, confidence, random_state)
    themes: dict[str, dict[str, Any]] = {}
    for k, theme_id in enumerate(theme_ids):
        themes[str(theme_id)] = {
            "support": int(yt[:, k].sum()),
            "predicted": int(yp[:, k].sum()),
            "tp": int(tp[k]),
            "fp": int(fp[k]),
            "fn": int(fn[k]),
            "precision": float(precision[k]),
            "precision_ci": wilson_interval(int(tp[k]), int(tp[k] + fp[k]), confidence),
            "recall": float(recall[k]),
            "recall_ci": wilson_interval(int(tp[k]), int(tp[k] + fn[k]), confidence),
            "f1": float(f1[k]),
            "f1_ci": f1_ci[k],
        }
    none_true = ~yt.any(axis=1)
    none_pred = ~yp.any(axis=1)
    return {
        "n_comments": int(yt.shape[0]),
        "subset_accuracy": float((yt == yp).all(axis=1).mean()) if yt.shape[0] else math.nan,
        "no_theme": {
            "support": int(none_true.sum()),
            "predicted": int(none_pred.sum()),
            "agreed": int((none_true & none_pred).sum()),
        },
        "micro": {"precision": micro_p, "recall": micro_r, "f1": micro_f1, "f1_ci": micro_ci},
        "macro": {
            "precision": float(precision[evaluable].mean()) if evaluable.any() else math.nan,
            "recall": float(recall[evaluable].mean()) if evaluable.any() else math.nan,
            "f1": macro_f1,
            "f1_ci": macro_ci,
        },
        "themes": themes,
    }


def _bootstrap(
    tp_m: np.ndarray,
    fp_m: np.ndarray,
    fn_m: np.ndarray,
    n_boot: int,
    confidence: float,
    random_state: int,
) -> tuple[list[tuple[float, float]], tuple[float, float], tuple[float, float]]:
    """Percentile intervals for per-theme F1, micro-F1 and macro-F1 (resampling comments)."""
    n, k = tp_m.shape
    nan_pair = (math.nan, math.nan)
    if n == 0 or n_boot <= 0:
        return [nan_pair] * k, nan_pair, nan_pair
    rng = np.random.default_rng(random_state)
    f1s, micros, macros = [], [], []
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))
    done = 0
    while done < n_boot:
        b = min(chunk, n_boot - done)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=b).astype(float)
        tp, fp, fn = weights @ tp_m, weights @ fp_m, weights @ fn_m
        _, _, f1 = _prf(tp, fp, fn)
        f1 = np.where((tp + fp + fn) > 0, f1, np.nan)
        f1s.append(f1)
        micros.append(_prf(tp.sum(1), fp.sum(1), fn.sum(1))[2])
        macros.append(_macro(np.nan_to_num(f1), (tp + fp + fn) > 0))
        done += b
    alpha = (1 - confidence) / 2 * 100

    def interval(values: np.ndarray) -> tuple[float, float]:
        values = values[~np.isnan(values)]
        if values.size == 0:
            return nan_pair
        lo, hi = np.percentile(values, [alpha, 100 - alpha])
        return (float(lo), float(hi))

    f1_all = np.vstack(f1s)
    return (
        [interval(f1_all[:, j]) for j in range(k)],
        interval(np.concatenate(micros)),
        interval(np.concatenate(macros)),
    )


def top1_accuracy(Y_true: Any, proba: Any) -> float:
    """Share of single-label comments whose highest-scoring theme is their label."""
    yt = np.asarray(Y_true).astype(bool)
    scores = np.asarray(proba, dtype=float)
    single = yt.sum(axis=1) == 1
    if not single.any():
        return math.nan
    best = scores[single].argmax(axis=1)
    return float(yt[single][np.arange(best.size), best].mean())


def _fit_predict(
    factory: EstimatorFactory,
    train_texts: list[str],
    train_Y: np.ndarray | None,
    test_texts: list[str],
) -> tuple[np.ndarray, np.ndarray | None, float, float]:
    estimator = factory()
    started = time.perf_counter()
    estimator.fit(train_texts, train_Y)
    fit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    proba = estimator.predict_proba(test_texts) if hasattr(estimator, "predict_proba") else None
    if proba is not None and hasattr(estimator, "assign"):
        predicted = estimator.assign(proba)
    else:
        predicted = estimator.predict(test_texts)
    return np.asarray(predicted), proba, fit_seconds, time.perf_counter() - started


def _check_inputs(
    texts: Sequence[str], Y: Any, theme_ids: Sequence[str]
) -> tuple[list[str], np.ndarray]:
    texts = list(texts)
    Y = np.asarray(Y).astype(int)
    if Y.shape != (len(texts), len(theme_ids)):
        raise ValueError(
            f"Y must have shape (n_comments, n_themes) = ({len(texts)}, {len(theme_ids)}), "
            f"got {Y.shape}"
        )
    return texts, Y


def same_text_groups(texts: Sequence[str]) -> list[str]:
    """One group per distinct text (case and spacing aside): a repeated answer ("Nothing",
    "Keep it up") must not be learnt in one fold and tested in another."""
    return [same_words(text) for text in texts]


def cross_validate_themes(
    texts: Sequence[str],
    Y: Any,
    theme_ids: Sequence[str],
    *,
    estimator_factory: EstimatorFactory,
    n_splits: int = 5,
    n_repeats: int = 1,
    groups: Sequence[Hashable] | None = None,
    random_state: int = 0,
    n_boot: int = 1000,
) -> dict[str, Any]:
    """K-fold cross-validated agreement with labels, pooled over out-of-fold predictions.

    Parameters
    ----------
    texts : sequence of str
    Y : array-like of shape (n_comments, n_themes)
    theme_ids : sequence of str
    estimator_factory : callable
        Returns a fresh unfitted estimator with ``fit(texts, Y)`` and ``predict(texts)``.
    n_splits : int, default=5
        Shuffled ``GroupKFold`` (multi-label rows cannot be stratified simply).
    n_repeats : int, default=1
        Further shuffles of the folds. The figures are from the first; every repeat's micro
        and macro F1 are listed, so a team sees how much the split alone moves them.
    groups : sequence, optional
        Comments that must share a fold; by default identical texts
        (:func:`same_text_groups`).
    random_state : int, default=0
        Seeds the folds and the bootstrap.

    Returns
    -------
    dict
        :func:`theme_metrics` of the pooled out-of-fold predictions, plus ``n_splits``,
        ``fold_micro_f1``, ``fold_macro_f1``, ``top1_accuracy`` (single-label rows),
        ``repeat_micro_f1`` and ``repeat_macro_f1``.
    """
    texts, Y = _check_inputs(texts, Y, theme_ids)
    groups = same_text_groups(texts) if groups is None else list(groups)
    distinct = len(set(groups))
    if not 2 <= n_splits <= distinct:
        raise ValueError(
            f"n_splits must be between 2 and the number of distinct comments ({distinct})")
    result: dict[str, Any] = {}
    repeat_micro, repeat_macro = [], []
    for repeat in range(n_repeats):
        seed = random_state + repeat
        predicted = np.zeros_like(Y)
        proba = np.full(Y.shape, np.nan)
        fold_micro, fold_macro = [], []
        folds = GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        for train, test in folds.split(np.arange(len(texts)), groups=groups):
            pred, prob, _, _ = _fit_predict(
                estimator_factory,
                [texts[i] for i in train],
                Y[train],
                [texts[i] for i in test],
            )
            predicted[test] = pred
            if prob is not None:
                proba[test] = prob
            fold = theme_metrics(Y[test], pred, theme_ids, n_boot=0)
            fold_micro.append(fold["micro"]["f1"])
            fold_macro.append(fold["macro"]["f1"])
        pooled = theme_metrics(Y, predicted, theme_ids, n_boot=n_boot if repeat == 0 else 0,
                               random_state=random_state)
        repeat_micro.append(pooled["micro"]["f1"])
        repeat_macro.append(pooled["macro"]["f1"])
        if repeat == 0:
            result = pooled
            result.update(
                n_splits=n_splits,
                fold_micro_f1=fold_micro,
                fold_macro_f1=fold_macro,
                top1_accuracy=top1_accuracy(Y, proba) if not np.isnan(proba).any() else math.nan,
            )
    result.update(repeat_micro_f1=repeat_micro, repeat_macro_f1=repeat_macro)
    return result


def _held_out(groups: list[Hashable], n_test: int, rng: np.random.Generator) -> np.ndarray:
    """About ``n_test`` comments, taken whole groups at a time in random order."""
    members: dict[Hashable, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    chosen: list[int] = []
    keys = list(members)
    for k in rng.permutation(len(keys)):
        if len(chosen) >= n_test:
            break
        chosen += members[keys[k]]
    if len(chosen) >= len(groups):
        raise ValueError("test_size must leave both a test and a training set of distinct texts")
    return np.asarray(chosen, dtype=int)


def learning_curve_themes(
    texts: Sequence[str],
    Y: Any,
    theme_ids: Sequence[str],
    *,
    estimator_factory: EstimatorFactory,
    sizes: Sequence[int] = (100, 250, 500, 1000),
    test_size: float | int = 0.25,
    test_indices: Sequence[int] | None = None,
    n_repeats: int = 1,
    groups: Sequence[Hashable] | None = None,
    random_state: int = 0,
    n_boot: int = 500,
) -> pd.DataFrame:
    """Agreement on a fixed held-out set as the number of labelled comments grows.

    A held-out test set is drawn once (or given as ``test_indices``), whole ``groups`` at a
    time (by default identical texts, :func:`same_text_groups`); comments sharing a group with
    a held-out one are never trained on. For each repeat the
    remaining comments are shuffled and the first ``size`` are used for training, so larger
    training sets contain the smaller ones. ``size=0`` fits without labels (the texts of the
    training pool only shape the vocabulary). Sizes larger than the pool are skipped.

    Returns
    -------
    pandas.DataFrame
        One row per (size, repeat): ``size, repeat, n_train, n_test, micro_f1, micro_f1_lo,
        micro_f1_hi, macro_f1, macro_f1_lo, macro_f1_hi, micro_precision, micro_recall,
        top1_accuracy, fit_seconds, predict_seconds`` and ``f1_<theme_id>`` per theme.
    """
    texts, Y = _check_inputs(texts, Y, theme_ids)
    n = len(texts)
    labels = same_text_groups(texts) if groups is None else list(groups)
    rng = np.random.default_rng(random_state)
    if test_indices is None:
        n_test = int(round(test_size * n)) if isinstance(test_size, float) else int(test_size)
        if not 0 < n_test < n:
            raise ValueError(
                f"test_size must leave both a test and a training set, got {test_size}"
            )
        test = _held_out(labels, n_test, rng)
    else:
        test = np.asarray(test_indices, dtype=int)
    is_test = np.zeros(n, dtype=bool)
    is_test[test] = True
    # Training never sees a held-out comment's text (nor the rest of its group).
    tested = {labels[i] for i in test}
    pool = np.array([i for i in np.flatnonzero(~is_test) if labels[i] not in tested], dtype=int)
    test_texts = [texts[i] for i in test]
    rows = []
    for repeat in range(n_repeats):
        order = np.random.default_rng([random_state, repeat]).permutation(pool)
        for size in sizes:
            if size > order.size:
                continue
            if size == 0:
                train_texts, train_Y = [texts[i] for i in order], None
            else:
                chosen = order[:size]
                train_texts, train_Y = [texts[i] for i in chosen], Y[chosen]
            pred, prob, fit_s, pred_s = _fit_predict(
                estimator_factory, train_texts, train_Y, test_texts
            )
            m = theme_metrics(Y[test], pred, theme_ids, n_boot=n_boot, random_state=random_state)
            row = {
                "size": int(size),
                "repeat": repeat,
                "n_train": len(train_texts) if size else 0,
                "n_test": int(test.size),
                "micro_f1": m["micro"]["f1"],
                "micro_f1_lo": m["micro"]["f1_ci"][0],
                "micro_f1_hi": m["micro"]["f1_ci"][1],
                "macro_f1": m["macro"]["f1"],
                "macro_f1_lo": m["macro"]["f1_ci"][0],
                "macro_f1_hi": m["macro"]["f1_ci"][1],
                "micro_precision": m["micro"]["precision"],
                "micro_recall": m["micro"]["recall"],
                "top1_accuracy": top1_accuracy(Y[test], prob) if prob is not None else math.nan,
                "fit_seconds": fit_s,
                "predict_seconds": pred_s,
            }
            row.update({f"f1_{tid}": m["themes"][str(tid)]["f1"] for tid in theme_ids})
            rows.append(row)
    return pd.DataFrame(rows)
