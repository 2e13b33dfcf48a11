"""Agreement: Cohen's and Fleiss' kappa between reviewers on a double-coding sample, and how
often the model's suggestions matched people's decisions."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage.frameworks import active_themes
from engage.labels import current_codings
from engage.models import AuditEvent, Coding, Comment, Exercise, Suggestion, ThemeRecord
from engage.workflow.errors import WorkflowError
from engage.workflow.samples import Sample, samples
from engage.workflow.visibility import HIDDEN_TEXT, hidden_pks


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa for two raters' labels of the same items (NaN when chance agreement is 1)."""
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if n == 0:
        return math.nan
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if expected >= 1:
        return math.nan
    return (observed - expected) / (1 - expected)


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa from an ``(items, categories)`` table of how many raters chose each.

    Every item must have the same number of raters (at least two). NaN when chance
    agreement is 1 (everyone always chose the same category).
    """
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.shape[0] == 0:
        return math.nan
    raters = table.sum(axis=1)
    if not np.allclose(raters, raters[0]) or raters[0] < 2:
        raise ValueError("every item needs the same number of raters (at least two)")
    n = raters[0]
    p_item = ((table * table).sum(axis=1) - n) / (n * (n - 1))
    p_cat = table.sum(axis=0) / table.sum()
    expected = float((p_cat * p_cat).sum())
    if expected >= 1:
        return math.nan
    return (float(p_item.mean()) - expected) / (1 - expected)


def kappa(ratings: list[list[Any]]) -> float:
    """Cohen's kappa for two raters, Fleiss' kappa for three or more (``ratings[rater][item]``)."""
    if len(ratings) == 2:
        return cohen_kappa(ratings[0], ratings[1])
    categories = sorted({x for r in ratings for x in r}, key=str)
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(ratings[0]), max(1, len(categories))))
    for rater in ratings:
        for item, value in enumerate(rater):
            table[item, index[value]] += 1
    return fleiss_kappa(table)


@dataclass
class AgreementReport:
    """Agreement between reviewers on one sample."""

    sample: Sample
    complete: int
    left: dict[str, int]
    themes: pd.DataFrame
    sentiment: dict[str, Any]
    disagreements: pd.DataFrame


def agreement(session: Session, exercise: Exercise, sample_name: str) -> AgreementReport:
    """Per-theme kappa (Cohen's for two reviewers, Fleiss' for more) on the comments every
    reviewer in the sample has coded, and the list of disagreements to talk through."""
    sample = next((s for s in samples(session, exercise) if s.name == sample_name), None)
    if sample is None:
        raise WorkflowError(f"there is no agreement sample called {sample_name!r}")
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text, Coding)
        .join(Coding, Coding.comment_pk == Comment.id)
        .where(
            Comment.exercise_id == exercise.id,
            Comment.comment_id.in_(sample.comment_ids),
            Coding.current,
            Coding.reviewer.in_(sample.reviewers),
        )
    ).all()
    codings: dict[str, dict[str, Coding]] = defaultdict(dict)
    texts: dict[str, tuple[int, str]] = {}
    for pk, cid, text, coding in rows:
        codings[cid][coding.reviewer] = coding
        texts[cid] = (pk, text)
    complete = [c for c in sample.comment_ids if len(codings.get(c, {})) == len(sample.reviewers)]
    left = {
        r: sum(r not in codings.get(c, {}) for c in sample.comment_ids) for r in sample.reviewers
    }
    theme_ids = [t.theme_id for t in active_themes(session, exercise)]
    seen = {t for c in complete for cod in codings[c].values() for t in cod.themes}
    theme_ids += sorted(seen - set(theme_ids))
    names = dict(
        session.execute(
            select(ThemeRecord.theme_id, ThemeRecord.name).where(
                ThemeRecord.exercise_id == exercise.id
            )
        ).all()
    )
    method = "Cohen's kappa" if len(sample.reviewers) == 2 else "Fleiss' kappa"
    theme_rows = []
    for theme in theme_ids:
        ratings = [[int(theme in codings[c][r].themes) for c in complete] for r in sample.reviewers]
        same = sum(len({rater[i] for rater in ratings}) == 1 for i in range(len(complete)))
        theme_rows.append(
            {
                "theme": theme,
                "theme_name": names.get(theme, theme),
                "method": method,
                "kappa": kappa(ratings) if complete else math.nan,
                "agreement": same / len(complete) if complete else math.nan,
                "comments": len(complete),
                "said_yes": sum(sum(r) for r in ratings),
            }
        )
    with_sentiment = [c for c in complete if all(cod.sentiment for cod in codings[c].values())]
    sentiment_ratings = [
        [codings[c][r].sentiment for c in with_sentiment] for r in sample.reviewers
    ]
    hidden = hidden_pks(session, [texts[c][0] for c in complete])
    disagreements = []
    for c in complete:
        pk, text = texts[c]
        shown = HIDDEN_TEXT if pk in hidden else text
        for theme in theme_ids:
            yes = [r for r in sample.reviewers if theme in codings[c][r].themes]
            if yes and len(yes) < len(sample.reviewers):
                disagreements.append(
                    {
                        "comment_id": c,
                        "text": shown,
                        "about": names.get(theme, theme),
                        "said_yes": ", ".join(yes),
                        "said_no": ", ".join(r for r in sample.reviewers if r not in yes),
                    }
                )
        moods = {r: codings[c][r].sentiment for r in sample.reviewers}
        if all(moods.values()) and len(set(moods.values())) > 1:
            disagreements.append(
                {
                    "comment_id": c,
                    "text": shown,
                    "about": "sentiment",
                    "said_yes": "; ".join(f"{r}: {v}" for r, v in moods.items()),
                    "said_no": "",
                }
            )
    return AgreementReport(
        sample=sample,
        complete=len(complete),
        left=left,
        themes=pd.DataFrame(theme_rows),
        sentiment={
            "method": method,
            "comments": len(with_sentiment),
            "kappa": kappa(sentiment_ratings) if with_sentiment else math.nan,
        },
        disagreements=pd.DataFrame(
            disagreements, columns=["comment_id", "text", "about", "said_yes", "said_no"]
        ),
    )


def model_vs_human(
    session: Session, exercise: Exercise, *, n_boot: int = 500, random_state: int = 0
) -> dict[str, Any] | None:
    """How often the model's suggestion matched people's decisions, per theme, with 95% CIs.

    The suggestion compared is the one the reviewer saw when labelling (kept in the audit
    trail), or for imported labels the stored suggestion if it was made before the label;
    suggestions made by a model that had already learned from that label are left out, so
    the figures are not flattered. None when there is nothing to compare.
    """
    from themes.evaluation import theme_metrics

    theme_ids = [t.theme_id for t in active_themes(session, exercise)]
    seen_by_reviewer: dict[tuple[str, str], list[str]] = {}
    for key, actor, after in session.execute(
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.after)
        .where(
            AuditEvent.exercise_id == exercise.id,
            AuditEvent.action == "label",
            AuditEvent.entity == "comment",
        )
        .order_by(AuditEvent.id)
    ):
        model = (after or {}).get("model")
        if model is not None:
            seen_by_reviewer[(key, actor)] = list(model.get("themes") or [])
    rows = session.execute(
        select(Comment.comment_id, Coding, Suggestion)
        .join(Coding, Coding.comment_pk == Comment.id)
        .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
        .where(Comment.exercise_id == exercise.id, Coding.current)
        .order_by(Coding.created_at, Coding.id)
    ).all()
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    skipped = 0
    for comment_id, coding, suggestion in rows:
        predicted = seen_by_reviewer.get((comment_id, coding.reviewer))
        if predicted is None and suggestion is not None:
            made = suggestion.analysed_at
            coded = coding.created_at
            if made is not None and coded is not None and _naive(made) <= _naive(coded):
                predicted = list(suggestion.themes)
        if predicted is None:
            skipped += 1
            continue
        pairs[comment_id] = (list(coding.themes), predicted)
    if not pairs:
        return None
    Y_true = np.array([[int(t in h) for t in theme_ids] for h, _ in pairs.values()])
    Y_pred = np.array([[int(t in p) for t in theme_ids] for _, p in pairs.values()])
    result = theme_metrics(Y_true, Y_pred, theme_ids, n_boot=n_boot, random_state=random_state)
    result["compared"] = len(pairs)
    result["left_out"] = skipped
    return result


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def disputed_comments(session: Session, exercise: Exercise) -> pd.DataFrame:
    """Comments whose reviewers coded them differently with no majority (``theme_source`` is
    ``disputed`` in the export; the model does not learn from them): per comment, its text as
    reviewers may see it and each reviewer's themes ("Ali: Access; Sam: no theme")."""
    disputed = [pk for pk, c in current_codings(session, exercise).items() if c.disputed]
    columns = ["comment_id", "text", "codings"]
    if not disputed:
        return pd.DataFrame(columns=columns)
    names = {t.theme_id: t.name for t in active_themes(session, exercise)}
    hidden = hidden_pks(session, disputed)
    by_comment: dict[int, list[str]] = defaultdict(list)
    for coding in session.scalars(
        select(Coding).where(Coding.comment_pk.in_(disputed), Coding.current)
        .order_by(Coding.reviewer)
    ):
        themes = ", ".join(names.get(t, t) for t in coding.themes) or "no theme"
        by_comment[coding.comment_pk].append(f"{coding.reviewer}: {themes}")
    rows = [
        {"comment_id": comment.comment_id,
         "text": HIDDEN_TEXT if comment.id in hidden else comment.text,
         "codings": "; ".join(by_comment[comment.id])}
        for comment in session.scalars(
            select(Comment).where(Comment.id.in_(disputed)).order_by(Comment.id))
    ]
    return pd.DataFrame(rows, columns=columns)
