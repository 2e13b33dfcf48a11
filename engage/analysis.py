"""``engage analyse``: themes, sentiment, safeguarding flags, readability and topics, stored.

Unchanged work is reused: embeddings live in the store, and a comment's stored suggestion is
only rewritten when its text, the framework, the labels or the seed changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage.embedcache import StoreCachedEmbedder, text_hash
from engage.frameworks import framework_of
from engage.labels import current_codings
from engage.models import Coding, Comment, Exercise, Flag, Suggestion
from engage.store import Store
from themes.classifier import ThemeClassifier
from themes.embeddings import SentenceEmbedder, TfidfSvdEmbedder, get_embedder
from themes.framework import Framework
from themes.readability import readability
from themes.safeguarding import flag_risks
from themes.sentiment import SentimentModel

Progress = Callable[[str], None]


@dataclass
class AnalysisReport:
    """What ``analyse`` did, with timings per stage (seconds)."""

    exercise: str
    comments: int = 0
    updated: int = 0
    labelled: int = 0
    embedder: str = ""
    theme_counts: dict[str, int] = field(default_factory=dict)
    sentiment_counts: dict[str, int] = field(default_factory=dict)
    new_flags: int = 0
    topics: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Corpus:
    """The exercise's comments and the reviewers' current codings, in a stable order."""

    pks: list[int]
    ids: list[str]
    texts: list[str]
    codings: dict[int, Coding]


def load_corpus(session: Session, exercise: Exercise) -> Corpus:
    """Comments (redacted text only) and, per comment, the newest current coding."""
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text)
        .where(Comment.exercise_id == exercise.id)
        .order_by(Comment.id)
    ).all()
    codings = current_codings(session, exercise)
    return Corpus([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], codings)


def theme_targets(corpus: Corpus, framework: Framework) -> tuple[list[int], np.ndarray]:
    """Row indexes of coded comments and their 0/1 theme matrix in framework order."""
    index = {theme_id: j for j, theme_id in enumerate(framework.ids)}
    rows = [i for i, pk in enumerate(corpus.pks) if pk in corpus.codings]
    Y = np.zeros((len(rows), len(index)), dtype=int)
    for r, i in enumerate(rows):
        for theme in corpus.codings[corpus.pks[i]].themes:
            if theme in index:
                Y[r, index[theme]] = 1
    return rows, Y


def make_embedder(store: Store, kind: str = "auto") -> object:
    """The sentence embedder with its vectors cached in the store (or the TF-IDF fallback)."""
    embedder = get_embedder(kind)
    if isinstance(embedder, SentenceEmbedder):
        return StoreCachedEmbedder(embedder, store.engine)
    return embedder


def fit_theme_model(
    corpus: Corpus, framework: Framework, embedder: object, seed: int
) -> ThemeClassifier:
    """Zero-label prior plus whatever the reviewers have labelled."""
    rows, Y = theme_targets(corpus, framework)
    model = ThemeClassifier(framework=framework, embedder=embedder, random_state=seed)
    if rows:
        return model.fit([corpus.texts[i] for i in rows], Y)
    return model.fit(corpus.texts or [""])


def fit_sentiment_model(corpus: Corpus) -> SentimentModel:
    """The lexicon, plus the reviewers' sentiment corrections when there are any."""
    pairs = [
        (corpus.texts[i], corpus.codings[pk].sentiment)
        for i, pk in enumerate(corpus.pks)
        if pk in corpus.codings and corpus.codings[pk].sentiment
    ]
    return SentimentModel().fit([t for t, _ in pairs], [y for _, y in pairs])


def _model_key(framework: Framework, corpus: Corpus, seed: int, embedder: str) -> str:
    labels = sorted((pk, c.themes, c.sentiment) for pk, c in corpus.codings.items())
    payload = json.dumps([framework.to_dict(), labels, seed, embedder], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _suggestions(
    corpus: Corpus, framework: Framework, themes: ThemeClassifier, sentiment: SentimentModel
) -> list[dict[str, Any]]:
    proba = themes.predict_proba(corpus.texts)
    assigned = proba >= themes.threshold
    reasons = themes.explain(corpus.texts)
    labels = sentiment.predict(corpus.texts)
    scores = sentiment.polarity(corpus.texts)
    terms = {t.id: [t.name, *t.keywords] for t in framework.themes}
    out = []
    for i, text in enumerate(corpus.texts):
        chosen = [framework.ids[j] for j in np.flatnonzero(assigned[i])]
        out.append(
            {
                "themes": chosen,
                "confidence": {
                    tid: round(float(p), 4) for tid, p in zip(framework.ids, proba[i], strict=True)
                },
                "reasons": {tid: reasons[i].get(tid, []) for tid in chosen},
                "sentiment": labels[i],
                "sentiment_score": round(float(scores[i]), 4),
                "theme_sentiment": {
                    tid: list(v)
                    for tid, v in sentiment.theme_sentiment(
                        text, {t: terms[t] + reasons[i].get(t, []) for t in chosen}
                    ).items()
                },
            }
        )
    return out


def analyse(
    store: Store,
    exercise: str | None = None,
    *,
    seed: int = 0,
    embedder: object | str | None = None,
    topics: bool = True,
    progress: Progress | None = None,
) -> AnalysisReport:
    """Run the themes engine over an exercise and store the results."""
    say = progress or (lambda _message: None)
    clock = time.perf_counter()
    stamps: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stamps[stage] = round(now - clock, 2)
        clock = now

    with store.session() as session, session.begin():
        ex = store.exercise(session, exercise)
        framework = framework_of(session, ex)
        corpus = load_corpus(session, ex)
    report = AnalysisReport(exercise=ex.name, comments=len(corpus.texts))
    report.labelled = len(corpus.codings)
    if not corpus.texts:
        return report
    if embedder is None or isinstance(embedder, str):
        embedder = make_embedder(store, embedder or "auto")
    if isinstance(embedder, TfidfSvdEmbedder) and not embedder.is_fitted:
        embedder = embedder.fitted_copy(corpus.texts)
    report.embedder = str(getattr(embedder, "name", type(embedder).__name__))
    say(f"embedding {len(corpus.texts)} comments ({report.embedder})")
    embedder.encode(corpus.texts)
    lap("embed")
    say(f"fitting themes on {report.labelled} labelled comments")
    theme_model = fit_theme_model(corpus, framework, embedder, seed)
    sentiment_model = fit_sentiment_model(corpus)
    lap("fit")
    say("scoring themes and sentiment")
    results = _suggestions(corpus, framework, theme_model, sentiment_model)
    lap("score")
    say("checking for safeguarding concerns")
    flags = flag_risks(corpus.texts)
    lap("flags")
    key = _model_key(framework, corpus, seed, report.embedder)
    with store.session() as session, session.begin():
        ex = store.exercise(session, ex.name)
        existing = {
            s.comment_pk: s
            for s in session.scalars(
                select(Suggestion).where(Suggestion.comment_pk.in_(corpus.pks))
            )
        }
        flagged = {
            (f.comment_pk, f.category)
            for f in session.scalars(
                select(Flag).where(Flag.comment_pk.in_(corpus.pks), Flag.kind == "safeguarding")
            )
        }
        for pk, text, result, risk in zip(corpus.pks, corpus.texts, results, flags, strict=True):
            digest = text_hash(text)
            old = existing.get(pk)
            if old is None or old.text_hash != digest or old.model_key != key:
                if old is None:
                    old = Suggestion(comment_pk=pk)
                    session.add(old)
                for name, value in result.items():
                    setattr(old, name, value)
                old.readability = readability(text)
                old.text_hash = digest
                old.model_key = key
                report.updated += 1
            for flag in risk:
                if (pk, flag.category) not in flagged:
                    flagged.add((pk, flag.category))
                    session.add(
                        Flag(
                            comment_pk=pk,
                            kind="safeguarding",
                            category=flag.category,
                            sentence=flag.sentence,
                            note=f"level: {flag.level}; cue: {flag.cue}",
                        )
                    )
                    report.new_flags += 1
        state = dict(ex.analysis_state or {})
        state.update({"seed": seed, "model_key": key, "embedder": report.embedder})
        ex.analysis_state = state
    lap("store")
    report.theme_counts = dict(Counter(t for r in results for t in r["themes"]))
    report.sentiment_counts = dict(Counter(r["sentiment"] for r in results))
    if topics:
        from engage.topicstore import update_topics

        say("finding emergent topics")
        report.topics = update_topics(store, ex.name, corpus, embedder, framework, seed)
        lap("topics")
    report.seconds = stamps
    return report
