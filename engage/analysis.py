"""``engage analyse``: themes, sentiment, safeguarding flags, readability and topics, stored.

Unchanged work is reused: embeddings live in the store, and a comment's stored suggestion is
only rewritten when its text, the framework, the labels or the seed changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from engage import audit
from engage.embedcache import StoreCachedEmbedder, text_hash
from engage.frameworks import framework_of
from engage.labels import CurrentCoding, current_codings
from engage.locks import exclusive
from engage.models import Comment, Exercise, Flag, Question, Suggestion, utcnow
from engage.store import Store
from engage.workflow import NOT_ENGLISH, language_note, language_of_note
from themes.classifier import ThemeClassifier
from themes.embeddings import SentenceEmbedder, TfidfSvdEmbedder, get_embedder
from themes.framework import Framework
from themes.language import detect_languages
from themes.readability import readability
from themes.safeguarding import flag_risks
from themes.sentences import split_sentences
from themes.sentiment import SentimentModel

Progress = Callable[[str, float], None]
"""Told what is happening (in plain words) and how much of the whole run is done (0 to 1)."""

_CHUNK = 2000
# Share of a first run's time each stage takes (measured on 10k comments), for progress bars.
_SPAN = {"embed": (0.0, 0.55), "fit": (0.55, 0.6), "score": (0.6, 0.85), "flags": (0.85, 0.9),
         "store": (0.9, 0.93), "topics": (0.93, 1.0)}


@dataclass
class AnalysisReport:
    """What ``analyse`` did, with timings per stage (seconds)."""

    exercise: str
    comments: int = 0
    updated: int = 0
    labelled: int = 0
    # Comments whose reviewers disagree with no majority: not learnt from until they agree.
    disputed: int = 0
    embedder: str = ""
    theme_counts: dict[str, int] = field(default_factory=dict)
    sentiment_counts: dict[str, int] = field(default_factory=dict)
    new_flags: int = 0
    # Comments that got a new safeguarding flag (one comment may get several: suicide, self-harm).
    new_flagged_comments: int = 0
    # Comments analysed this time that are not in English, by language: themes, sentiment and
    # safeguarding checks read English only, so each is flagged for a person who reads it
    # (``not_english_flags`` new flags).
    languages: dict[str, int] = field(default_factory=dict)
    not_english_flags: int = 0
    topics: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def languages_text(self) -> str:
        """The comments not in English, in words: "Polish 1, Welsh 3" ("" if none)."""
        return ", ".join(f"{name} {n}" for name, n in sorted(self.languages.items()))


@dataclass
class Corpus:
    """The exercise's comments and the reviewers' current codings, in a stable order."""

    pks: list[int]
    ids: list[str]
    texts: list[str]
    codings: dict[int, CurrentCoding]
    # The wording of the question each comment answers (for event notes, the heading the
    # point sits under; None when unknown).
    questions: list[str | None]

    @property
    def labels(self) -> dict[int, CurrentCoding]:
        """The codings the model learns from: all but those reviewers dispute."""
        return {pk: c for pk, c in self.codings.items() if not c.disputed}

    def questions_of(self, rows: Sequence[int]) -> list[str | None]:
        """Question wording for the comments at ``rows``."""
        return [self.questions[i] for i in rows]


def load_corpus(session: Session, exercise: Exercise) -> Corpus:
    """Comments (redacted text only) and, per comment, the newest current coding."""
    rows = session.execute(
        select(Comment.id, Comment.comment_id, Comment.text, Question.text, Comment.source,
               Comment.section)
        .join(Question, Comment.question_id == Question.id, isouter=True)
        .where(Comment.exercise_id == exercise.id)
        .order_by(Comment.id)
    ).all()
    codings = current_codings(session, exercise)
    # A point written down at an event answers its section's heading ("What is working").
    asked = [r[5] if r[4] == "notes" and r[5] else r[3] for r in rows]
    return Corpus(
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], codings, asked,
    )


def theme_targets(corpus: Corpus, framework: Framework) -> tuple[list[int], np.ndarray]:
    """Row indexes of coded comments and their 0/1 theme matrix in framework order."""
    index = {theme_id: j for j, theme_id in enumerate(framework.ids)}
    labels = corpus.labels
    rows = [i for i, pk in enumerate(corpus.pks) if pk in labels]
    Y = np.zeros((len(rows), len(index)), dtype=int)
    for r, i in enumerate(rows):
        for theme in labels[corpus.pks[i]].themes:
            if theme in index:
                Y[r, index[theme]] = 1
    return rows, Y


def make_embedder(store: Store, kind: str = "auto") -> object:
    """The sentence embedder with its vectors cached in the store (or the TF-IDF fallback)."""
    embedder = get_embedder(kind)
    if isinstance(embedder, SentenceEmbedder):
        return StoreCachedEmbedder(embedder, store.engine)
    return embedder


def _at(stage: str, fraction: float) -> float:
    """Overall progress at ``fraction`` of the way through ``stage``."""
    lo, hi = _SPAN[stage]
    return round(lo + (hi - lo) * fraction, 3)


def _sentence_embedder(embedder: object) -> object | None:
    """The embedder for the safeguarding check's meaning tier (sentence models only).

    Sentences are already embedded for the themes, so the check costs little; TF-IDF vectors
    say too little about meaning for it.
    """
    return None if isinstance(embedder, TfidfSvdEmbedder) else embedder


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
    labels = corpus.labels
    rows = [i for i, pk in enumerate(corpus.pks) if pk in labels and labels[pk].sentiment]
    return SentimentModel().fit(
        [corpus.texts[i] for i in rows],
        [labels[corpus.pks[i]].sentiment for i in rows],
        corpus.questions_of(rows),
    )


# Bump when the way suggestions are computed changes, so stores re-score every comment once.
# 2: the theme limit learned from labels, and sentiment read in the light of the question.
_SCORING_VERSION = 2


def _model_key(framework: Framework, corpus: Corpus, seed: int, embedder: str) -> str:
    labels = sorted((pk, c.themes, c.sentiment) for pk, c in corpus.labels.items())
    payload = json.dumps(
        [framework.to_dict(), labels, seed, embedder, _SCORING_VERSION], default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _suggestions(
    texts: list[str],
    framework: Framework,
    themes: ThemeClassifier,
    sentiment: SentimentModel,
    questions: list[str | None] | None = None,
) -> list[dict[str, Any]]:
    """Themes (with confidence and reasons) and sentiment (overall and per theme) per text.

    ``questions`` are the questions the texts answer (sentiment reads an answer in its light).
    """
    if not texts:
        return []
    proba = themes.predict_proba(texts)
    assigned = themes.assign(proba).astype(bool)
    reasons = themes.explain(texts, assigned=assigned)
    labels, scores = sentiment.predict_with_polarity(texts, questions)
    terms = {t.id: [t.name, *t.keywords] for t in framework.themes}
    chosen = [[framework.ids[j] for j in np.flatnonzero(row)] for row in assigned]
    per_theme = sentiment.theme_sentiments(
        texts,
        [{t: terms[t] + reasons[i].get(t, []) for t in chosen[i]} for i in range(len(texts))],
        questions,
    )
    return [
        {
            "themes": chosen[i],
            "confidence": {
                tid: round(float(p), 4) for tid, p in zip(framework.ids, proba[i], strict=True)
            },
            "reasons": {tid: reasons[i].get(tid, []) for tid in chosen[i]},
            "sentiment": labels[i],
            "sentiment_score": round(float(scores[i]), 4),
            "theme_sentiment": {tid: list(v) for tid, v in per_theme[i].items()},
        }
        for i in range(len(texts))
    ]


@dataclass
class _Stored:
    """What the store already holds for a comment's suggestion."""

    text_hash: str
    model_key: str
    themes: list[str]
    sentiment: str | None


def _stored_suggestions(session: Session, exercise: Exercise) -> dict[int, _Stored]:
    """The exercise's stored suggestions, by comment."""
    rows = session.execute(
        select(
            Suggestion.comment_pk, Suggestion.text_hash, Suggestion.model_key,
            Suggestion.themes, Suggestion.sentiment,
        )
        .join(Comment, Suggestion.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id)
    )
    return {
        pk: _Stored(digest, key, list(themes or []), sentiment)
        for pk, digest, key, themes, sentiment in rows
    }


def _store_results(
    session: Session,
    corpus: Corpus,
    stale: list[int],
    results: list[dict[str, Any]],
    stored: dict[int, _Stored],
    digests: list[str],
    key: str,
) -> None:
    """Insert or update the suggestions of the ``stale`` comments (in bulk)."""
    now = utcnow()
    inserts, updates = [], []
    for i, result in zip(stale, results, strict=True):
        pk = corpus.pks[i]
        row = {**result, "comment_pk": pk, "text_hash": digests[i], "model_key": key,
               "analysed_at": now}
        old = stored.get(pk)
        if old is None or old.text_hash != digests[i]:
            row["readability"] = readability(corpus.texts[i])
        (inserts if old is None else updates).append(row)
    if inserts:
        session.execute(insert(Suggestion), inserts)
    if updates:
        session.execute(update(Suggestion), updates)


def _store_flags(
    session: Session,
    exercise: Exercise,
    corpus: Corpus,
    checked: list[int],
    risks: list[list[Any]],
) -> list[int]:
    """Add a safeguarding flag per new (comment, category); cleared flags are not raised again.
    Returns the comment of each flag added (a comment may get several)."""
    pks = [corpus.pks[i] for i in checked]
    rows = session.execute(
        select(Flag.comment_pk, Flag.category)
        .join(Comment, Flag.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Flag.kind == "safeguarding")
    )
    flagged = {(pk, category) for pk, category in rows}
    added: list[int] = []
    for pk, risk in zip(pks, risks, strict=True):
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
                added.append(pk)
    return added


def _store_language_flags(
    session: Session,
    corpus: Corpus,
    checked: list[int],
    languages: list[str | None],
    flagged: set[int],
) -> int:
    """Flag each new comment not in English (``flagged``: comments that already have such a
    flag, cleared or not): nobody has checked it for risk yet."""
    added = 0
    for i in checked:
        pk, language = corpus.pks[i], languages[i]
        if language and pk not in flagged:
            sentences = split_sentences(corpus.texts[i])
            first = sentences[0].text if sentences else corpus.texts[i].strip()
            session.add(Flag(
                comment_pk=pk, kind="safeguarding", category=NOT_ENGLISH, sentence=first[:300],
                note=language_note(language),
            ))
            added += 1
    return added


def analyse(
    store: Store,
    exercise: str | None = None,
    *,
    seed: int = 0,
    embedder: object | str | None = None,
    topics: bool = True,
    progress: Progress | None = None,
    actor: str = "cli",
) -> AnalysisReport:
    """Run the themes engine over an exercise and store the results (``actor``, who asked,
    is named in the History of changes).

    Only comments whose text, framework, labels or seed changed are scored again; only new or
    changed text is checked for safeguarding concerns.
    """
    say = progress or (lambda _message, _done: None)

    def waiting() -> None:
        say("Another analysis of this store is running: waiting for it to finish", 0.0)

    with exclusive(store, "analyse", waiting):
        return _analyse(store, exercise, seed=seed, embedder=embedder, topics=topics, say=say,
                        actor=actor)


def _analyse(
    store: Store,
    exercise: str | None,
    *,
    seed: int,
    embedder: object | str | None,
    topics: bool,
    say: Progress,
    actor: str,
) -> AnalysisReport:
    """:func:`analyse`, holding the store's analysis lock."""
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
        stored = _stored_suggestions(session, ex)
    report = AnalysisReport(exercise=ex.name, comments=len(corpus.texts))
    report.labelled = len(corpus.labels)
    report.disputed = len(corpus.codings) - report.labelled
    if not corpus.texts:
        return report
    if embedder is None or isinstance(embedder, str):
        embedder = make_embedder(store, embedder or "auto")
    if isinstance(embedder, TfidfSvdEmbedder) and not embedder.is_fitted:
        embedder = embedder.fitted_copy(corpus.texts)
    report.embedder = str(getattr(embedder, "name", type(embedder).__name__))
    key = _model_key(framework, corpus, seed, report.embedder)
    digests = [text_hash(t) for t in corpus.texts]
    changed = [
        i for i, pk in enumerate(corpus.pks)
        if pk not in stored or stored[pk].text_hash != digests[i]
    ]
    changed_set = set(changed)
    stale = [
        i for i, pk in enumerate(corpus.pks)
        if i in changed_set or stored[pk].model_key != key
    ]
    n = len(corpus.texts)
    for start in range(0, n, _CHUNK):
        say(f"Reading the comments ({start:,} of {n:,} done)", _at("embed", start / n))
        embedder.encode(corpus.texts[start : start + _CHUNK])
    lap("embed")
    results: list[dict[str, Any]] = []
    if stale:
        say(f"Learning the themes from {report.labelled:,} labelled comments", _at("fit", 0))
        theme_model = fit_theme_model(corpus, framework, embedder, seed)
        sentiment_model = fit_sentiment_model(corpus)
        lap("fit")
        for start in range(0, len(stale), _CHUNK):
            say(
                f"Matching comments to themes and reading their tone "
                f"({start:,} of {len(stale):,} done)",
                _at("score", start / len(stale)),
            )
            chunk = stale[start : start + _CHUNK]
            results += _suggestions(
                [corpus.texts[i] for i in chunk], framework, theme_model, sentiment_model,
                corpus.questions_of(chunk),
            )
        lap("score")
    say(
        f"Checking {len(changed):,} new or changed comment{'' if len(changed) == 1 else 's'} "
        "for safeguarding concerns",
        _at("flags", 0),
    )
    risks = flag_risks([corpus.texts[i] for i in changed], embedder=_sentence_embedder(embedder))
    # The language of new or changed text is detected; other comments' is in their flags.
    with store.session() as session:
        known = {pk: language_of_note(note) for pk, note in session.execute(
            select(Flag.comment_pk, Flag.note).join(Comment, Flag.comment_pk == Comment.id)
            .where(Comment.exercise_id == ex.id, Flag.category == NOT_ENGLISH))}
    languages: list[str | None] = [known.get(pk) for pk in corpus.pks]
    detected = detect_languages([corpus.texts[i] for i in changed])
    for i, language in zip(changed, detected, strict=True):
        languages[i] = language
    report.languages = dict(Counter(languages[i] for i in sorted(set(stale) | set(changed))
                                    if languages[i]))
    for i, result in zip(stale, results, strict=True):
        if languages[i]:  # the models read English: a guess here would be noise
            result.update(themes=[], reasons={}, theme_sentiment={}, sentiment=None,
                          sentiment_score=None)
    lap("flags")
    with store.session() as session, session.begin():
        ex = store.exercise(session, ex.name)
        _store_results(session, corpus, stale, results, stored, digests, key)
        new_flags = _store_flags(session, ex, corpus, changed, risks)
        report.new_flags, report.new_flagged_comments = len(new_flags), len(set(new_flags))
        report.not_english_flags = _store_language_flags(
            session, corpus, changed, languages, set(known))
        state = dict(ex.analysis_state or {})
        state.update({"seed": seed, "model_key": key, "embedder": report.embedder})
        ex.analysis_state = state
        audit.record(session, ex, actor, "analyse", "analysis", ex.name, None, {
            "comments": report.comments, "updated": len(stale),
            "labelled": report.labelled, "new safeguarding flags": report.new_flags,
            "not in English": sum(report.languages.values())})
    report.updated = len(stale)
    lap("store")
    fresh = {corpus.pks[i]: r for i, r in zip(stale, results, strict=True)}
    final = [
        (fresh[pk]["themes"], fresh[pk]["sentiment"]) if pk in fresh
        else (stored[pk].themes, stored[pk].sentiment)
        for pk in corpus.pks
    ]
    # As the export counts them: a reviewer's coding wins over the model's.
    for n, pk in enumerate(corpus.pks):
        coding = corpus.codings.get(pk)
        if coding is not None:
            final[n] = (list(coding.themes), coding.sentiment or final[n][1])
    report.theme_counts = dict(Counter(t for themes, _ in final for t in themes))
    report.sentiment_counts = dict(Counter(s for _, s in final if s))
    if topics:
        from engage.topicstore import update_topics

        say("Looking for new topics", _at("topics", 0))
        report.topics = update_topics(store, ex.name, corpus, embedder, framework, seed)
        lap("topics")
    report.seconds = stamps
    say("Done", 1.0)
    return report
