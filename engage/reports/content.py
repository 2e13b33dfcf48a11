"""Build the "You said, we did" report content (:mod:`engage.reports.model`) from the store.

Only redacted comment text is read. Respondent ids are used inside this module to count
people and to avoid quoting anyone twice, and never reach the report. Counts broken down by
group or locality pass through :mod:`engage.reports.privacy`, so numbers below 5 (and any
number that would reveal one by subtraction) are hidden before a renderer sees them. A count
that is no group of people (people whose group or place is "Not known", points written down
at events) is not hidden for being small: it points to nobody, and the points made at events
are published in each theme's summary anyway.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engage.actions import STATUS_LABELS, STATUSES, list_actions
from engage.export import comments_frame
from engage.frameworks import framework_of
from engage.models import (
    Action,
    ClosedAnswer,
    Coding,
    Comment,
    Event,
    Exercise,
    Flag,
    Question,
    Respondent,
    SourceFile,
    Suggestion,
    TopicRecord,
)
from engage.reports.model import (
    OTHER_ANSWERS,
    ActionItem,
    Agreement,
    Breakdown,
    ClosedResult,
    CrossTable,
    EventSummary,
    Listening,
    Method,
    Quote,
    Report,
    ThemeSection,
    TopicItem,
    caption,
)
from engage.reports.privacy import (
    SMALL,
    Figure,
    breakdown_safe,
    has_placeholder,
    placeholders,
    suppress_counts,
    suppress_matrix,
)
from engage.reports.quotes import Candidate, choose_quotes, fit_vectorizer, quota
from engage.store import Store
from engage.workflow import NOT_ENGLISH, SAFEGUARDING, language_of_note
from surveys.mapping import GROUPS as GROUP_WORDS
from themes.framework import Theme
from themes.readability import readability

GROUPS = ["service_user", "carer", "public", "staff", "voluntary", "other"]
GROUP_LABELS = {
    "service_user": "People who use services",
    "carer": "Carers, family and friends",
    "public": "Members of the public",
    "staff": "Health and care staff",
    "voluntary": "Voluntary and community sector",
    "other": "Other",
    "unknown": "Not known",
    "events": "At events (group not recorded)",
}
GROUP_ONE = {
    "service_user": "Someone who uses services",
    "carer": "A carer, family member or friend",
    "public": "A member of the public",
    "staff": "Someone who works in health or care",
    "voluntary": "Someone from the voluntary and community sector",
}
EXPECTED_GROUPS = ["service_user", "carer", "public", "staff", "voluntary"]
CHANNEL_LABELS = {
    "survey": "Survey (online or paper)",
    "easyread": "Easy Read form",
}
SOURCE_LABELS = {
    "survey": ("survey file", "survey files"),
    "easyread": ("Easy Read typing-up sheet", "Easy Read typing-up sheets"),
    "notes": ("set of event notes", "sets of event notes"),
}
NOT_GIVEN = {"", "prefer not to say", "i do not want to say", "not given", "unknown"}
SENTIMENTS = ("negative", "neutral", "positive")
ANSWER_ORDER = [
    "very satisfied",
    "satisfied",
    "neither",
    "dissatisfied",
    "very dissatisfied",
    "very happy",
    "happy",
    "ok",
    "unhappy",
    "very unhappy",
    "yes",
    "no",
    "not sure",
    "don't know",
]


# An answer holding a personal detail ("[NAME]", "Dr [NAME]", "[NAME] (admin)") is never
# listed as a choice, however many gave it: it is pooled with the rare answers.


def _one_spelling(answers: list[tuple]) -> list[tuple]:
    """Answers (group, source, answer, score, person) that differ only in capitals or spaces
    ("yes", "Yes", "YES ") counted as one, under the spelling most people used."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for answer in answers:
        spellings[" ".join(answer[2].split()).casefold()][answer[2]] += 1
    best = {
        key: max(counts, key=lambda v: (counts[v], v[:1].isupper(), v))
        for key, counts in spellings.items()
    }
    return [(*a[:2], best[" ".join(a[2].split()).casefold()], *a[3:]) for a in answers]


def _pool_rare_answers(answers: list[tuple]) -> list:
    """Answers (group, source, answer, score, person) that are not a known choice (a scale
    point, yes/no) and that fewer than ``SMALL`` people gave, pooled as one "other answers"
    line: a rare free-form answer (a ward, a name typed into a tick-box column) could point to
    the person who gave it. The points of a numeric rating are all choices."""
    if all(a[2].isdigit() and len(a[2]) <= 2 for a in answers):  # a 1-5 or 0-10 rating
        return answers
    counts = Counter(a[2] for a in answers)
    scored = {a[2] for a in answers if a[3] is not None}
    rare = {
        value for value, n in counts.items()
        if (n < SMALL and value.lower() not in ANSWER_ORDER and value not in scored)
        or has_placeholder(value)
    }
    if not rare:
        return answers
    return [(*a[:2], OTHER_ANSWERS, None, *a[4:]) if a[2] in rare else a for a in answers]


def _distinct_files(files: list[tuple[str, str]]) -> int:
    """How many files ``(name, sha256)`` records are: records with the same content, or the
    same name (a file ingested again, perhaps corrected), are one file."""
    parent = list(range(len(files)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (name, sha) in enumerate(files):
        for key in (("name", name), ("sha", sha)):
            if key[1] and key in first:
                parent[root(i)] = root(first[key])
            else:
                first.setdefault(key, i)
    return len({root(i) for i in range(len(files))})


def _text(value: object) -> str:
    """A cell as stripped text; missing values (None, NaN, pandas NA) are ""."""
    return value.strip() if isinstance(value, str) else ""


def _group(value: object) -> str:
    value = _text(value)
    return value if value in GROUPS else ("unknown" if not value else "other")


def _locality(value: object) -> str:
    """A locality as the report shows it: one that held a personal detail (an address typed
    in: "[ADDRESS], Diss [POSTCODE]") is never a category of its own, but "Not given"."""
    text = _text(value)
    return "Not given" if text.lower() in NOT_GIVEN or has_placeholder(text) else text


def _no_detail(value: str | None) -> str | None:
    """An event's place, audience or locality, left out when it held a personal detail."""
    return None if value is None or has_placeholder(value) else value


def _groups_named(audience: str | None) -> set[str]:
    """The respondent groups an event's audience names ("Carers and the voluntary sector")."""
    if not audience:
        return set()
    return {g for g, words in GROUP_WORDS.items() if words.search(audience)}


def _split(value: object) -> list[str]:
    return [p for p in _text(value).split(";") if p]


def _confidences(value: object) -> dict[str, float]:
    out = {}
    for part in _split(value):
        name, _, number = part.partition("=")
        try:
            out[name] = float(number)
        except ValueError:
            continue
    return out


def _lower_first(name: str) -> str:
    first = name.split(" ", 1)[0]
    return name if first.isupper() or not name else name[0].lower() + name[1:]


def _sentiment_sentence(sentiment: dict[str, Figure], scored: int) -> str:
    if not scored:
        return ""
    share = {k: (f.percent or 0.0) for k, f in sentiment.items()}
    label, top = max(share.items(), key=lambda kv: kv[1])
    if top >= 60:
        return f"Most comments were {label} ({top:.0f}%)."
    return (
        f"Views were mixed: {share['negative']:.0f}% of comments were negative and "
        f"{share['positive']:.0f}% positive."
    )


def _keyword_hits(theme: Theme, texts: list[str], limit: int = 3) -> list[str]:
    """The theme's own keywords that the most comments used (one per word stem)."""
    counts = []
    lowered = [t.lower() for t in texts]
    for keyword in theme.keywords:
        pattern = re.compile(r"\b" + re.escape(keyword.lower()) + r"\b")
        hits = sum(1 for t in lowered if pattern.search(t))
        if hits >= 2:
            counts.append((hits, keyword))
    chosen: list[str] = []
    stems: set[str] = set()
    for _, keyword in sorted(counts, key=lambda kv: (-kv[0], kv[1])):
        stem = keyword.lower()[:4]
        if stem in stems:
            continue
        stems.add(stem)
        chosen.append(keyword)
        if len(chosen) == limit:
            break
    return chosen


def _people_and_points(people: int, points: int) -> str:
    """"12 people", "12 people and 3 points made at events", "3 points made at events"."""
    parts = []
    if people:
        parts.append("1 person" if people == 1 else f"{people:,} people")
    if points:
        parts.append(f"{points:,} point{'s' if points != 1 else ''} made at events")
    return " and ".join(parts)


def summary_sentence(
    name: str, people: int, keywords: list[str], sentiment: dict[str, Figure], scored: int,
    points: int = 0,
) -> str:
    """The plain-language "You said" sentence for a theme (``people`` counts the ``points``
    written down at events too)."""
    if not people:
        return f"Nobody raised {_lower_first(name)} in the comments analysed so far."
    who = _people_and_points(people - points, points)
    verb = "told us about" if people > points else "were about"
    if points == 1 and people == 1:
        verb = "was about"
    text = f"{who} {verb} {_lower_first(name)}"
    if keywords:
        listed = keywords[0] if len(keywords) == 1 else ", ".join(keywords[:-1])
        if len(keywords) > 1:
            listed += f" and {keywords[-1]}"
        text += f", most often mentioning {listed}"
    text += "."
    tail = _sentiment_sentence(sentiment, scored)
    return f"{text} {tail}".strip()


class _Builder:
    """Reads the store once and assembles the report."""

    def __init__(
        self, store: Store, session: Session, exercise: Exercise, today: date | None = None
    ) -> None:
        self.store = store
        self.today = today or date.today()
        self.session = session
        self.exercise = exercise
        self.framework = framework_of(session, exercise)
        self.frame = self._comments()
        self.respondents = pd.DataFrame(
            session.execute(
                select(
                    Respondent.id,
                    Respondent.group,
                    Respondent.locality,
                    Respondent.source,
                    Respondent.submitted,
                ).where(Respondent.exercise_id == exercise.id)
            ).all(),
            columns=["id", "group", "locality", "source", "submitted"],
        )
        self.respondents["group"] = self.respondents["group"].map(_group)
        self.respondents["locality"] = self.respondents["locality"].map(_locality)
        self.used_people: set[str] = set()
        self.vectorizer = fit_vectorizer(self.frame["text"].tolist()) if len(self.frame) else None

    def _comments(self) -> pd.DataFrame:
        frame = comments_frame(self.store, self.exercise.name)
        ids = pd.DataFrame(
            self.session.execute(
                select(
                    Comment.comment_id, Comment.id, Comment.respondent_id, Comment.event_id
                ).where(Comment.exercise_id == self.exercise.id)
            ).all(),
            columns=["comment_id", "pk", "respondent_pk", "event_pk"],
        )
        if frame.empty:
            frame = pd.DataFrame(columns=[*frame.columns, "respondent_group", "locality", "event"])
        frame = frame.merge(ids, on="comment_id", how="left")
        frame["person"] = [
            f"r{int(r)}" if pd.notna(r) else f"c{int(pk)}"
            for r, pk in zip(frame["respondent_pk"], frame["pk"], strict=True)
        ]
        frame["group"] = [
            "events" if s == "notes" and pd.isna(r) else _group(g)
            for s, g, r in zip(
                frame["source"], frame["respondent_group"], frame["respondent_pk"], strict=True
            )
        ]
        frame["theme_list"] = frame["themes"].map(_split)
        frame["flagged"] = frame["flags"].map(lambda v: bool(_split(v)))
        frame["confidence"] = frame["theme_confidence"].map(_confidences)
        return frame

    # --- how we listened -------------------------------------------------------------------

    def listening(self) -> Listening:
        r = self.respondents
        notes = self.frame[self.frame["source"] == "notes"]
        event_points = len(notes)
        people = len(r) + event_points
        groups = [g for g in [*GROUPS, "unknown"] if (r["group"] == g).any()]
        group_counts = [int((r["group"] == g).sum()) for g in groups]
        localities = sorted({x for x in r["locality"] if x != "Not given"}) + (
            ["Not given"] if (r["locality"] == "Not given").any() else []
        )
        locality_counts = [int((r["locality"] == x).sum()) for x in localities]
        channels = [c for c in ("survey", "easyread") if (r["source"] == c).any()]
        channel_counts = [int((r["source"] == c).sum()) for c in channels]
        # One way of telling us is everyone: its count is the total, published anyway (and
        # "based on 1 survey file" says it), so hiding it would only contradict the total.
        channel_figures = ([Figure(channel_counts[0], 100.0)] if len(channels) == 1
                           else suppress_counts(channel_counts, base=len(r)))
        cross = [
            [int(((r["group"] == g) & (r["locality"] == x)).sum()) for x in localities]
            for g in groups
        ]
        dates = [d for d in r["submitted"] if isinstance(d, date)]
        events = self.events()
        if dates or not len(r):
            # Events' dates widen the period; they do not date forms that have no dates of
            # their own ("On 1 October, 13 people filled in a survey" when only the event was).
            dates += [e.date for e in events if e.date]
        group_figures = suppress_counts(
            group_counts, base=len(r),
            unrecorded=[i for i, g in enumerate(groups) if g == "unknown"])
        locality_figures = suppress_counts(
            locality_counts, base=len(r),
            unrecorded=[i for i, x in enumerate(localities) if x == "Not given"])
        return Listening(
            respondents=len(r),
            people=people,
            comments=len(self.frame),
            event_points=event_points,
            easy_read=int((r["source"] == "easyread").sum()),
            start=min(dates) if dates else None,
            end=max(dates) if dates else None,
            sources=self.sources(),
            events=events,
            by_group=Breakdown(
                "Who we heard from: people who filled in a form, by group",
                [GROUP_LABELS[g] for g in groups],
                group_figures,
                len(r),
            ),
            by_locality=Breakdown(
                "Who we heard from: people who filled in a form, by where they live",
                localities,
                locality_figures,
                len(r),
            ),
            by_channel=Breakdown(
                "How people told us",
                [CHANNEL_LABELS[c] for c in channels],
                channel_figures,
                len(r),
            ),
            group_by_locality=CrossTable(
                "People who filled in a form, by group and where they live",
                [GROUP_LABELS[g] for g in groups],
                localities,
                suppress_matrix(cross),
            ),
            under_heard=self.under_heard(
                groups, group_counts, localities, locality_counts,
                group_figures, locality_figures,
                at_events=set().union(*(_groups_named(e.audience) for e in events))),
            under_heard_withheld=bool(len(r)) and not (
                breakdown_safe(group_figures) and breakdown_safe(locality_figures)),
        )

    def sources(self) -> list[tuple[str, str, int]]:
        """Files by kind, each counted once: a file ingested again (the same content, or a
        corrected copy under the same name) is one file, however many times it went in."""
        files = self.session.execute(
            select(SourceFile.kind, SourceFile.name, SourceFile.sha256)
            .where(SourceFile.exercise_id == self.exercise.id)
            .order_by(SourceFile.id)
        ).all()
        return [
            (*SOURCE_LABELS[k], n)
            for k in ("survey", "easyread", "notes")
            if (n := _distinct_files([(name, sha) for kind, name, sha in files if kind == k]))
        ]

    def events(self) -> list[EventSummary]:
        points = Counter(
            self.session.scalars(
                select(Comment.event_id).where(
                    Comment.exercise_id == self.exercise.id, Comment.event_id.is_not(None)
                )
            ).all()
        )
        events = self.session.scalars(
            select(Event).where(Event.exercise_id == self.exercise.id).order_by(Event.date)
        ).all()
        return [
            EventSummary(e.name, e.date, _no_detail(e.place), _no_detail(e.audience),
                         _no_detail(e.locality), points.get(e.id, 0))
            for e in events
        ]

    @staticmethod
    def under_heard(
        groups: list[str],
        group_counts: list[int],
        places: list[str],
        place_counts: list[int],
        group_figures: list[Figure] | None = None,
        place_figures: list[Figure] | None = None,
        *,
        at_events: Collection[str] = (),
    ) -> list[str]:
        """Groups and localities that gave fewer than half an equal share (or nobody at all),
        each as ``"label: how many"``.

        A count the breakdown tables hide (``*_figures``) is not given here either, and when a
        breakdown is left out altogether (too few people to show it) none of its groups or
        places is named: "carers: nobody, staff: nobody" would tell who the few were. A group
        that filled in no form but that an event was for (``at_events``: its audience named
        them) is not "nobody": we heard from them at the event."""

        def share(n: int, total: int, figure: Figure | None) -> str:
            if n == 0:
                return "nobody"
            if n < SMALL or (figure is not None and figure.hidden == "small"):
                return f"fewer than {SMALL} people"
            if figure is not None and figure.value is None:
                return "a few people (the number is not shown, to protect privacy)"
            return f"{n} people ({100 * n / total:.0f}%)"

        out = []
        counts = dict(zip(groups, group_counts, strict=True))
        shown = dict(zip(groups, group_figures, strict=True)) if group_figures else {}
        known = sum(counts.get(g, 0) for g in EXPECTED_GROUPS)
        for g in EXPECTED_GROUPS if not group_figures or breakdown_safe(group_figures) else ():
            n = counts.get(g, 0)
            if known and n < 0.5 * known / len(EXPECTED_GROUPS):
                said = share(n, known, shown.get(g))
                if n == 0 and g in at_events:
                    said = "only at events"
                out.append(f"{GROUP_LABELS[g]}: {said}")
        named = {x: n for x, n in zip(places, place_counts, strict=True) if x != "Not given"}
        shown = dict(zip(places, place_figures, strict=True)) if place_figures else {}
        total = sum(named.values())
        if len(named) >= 2 and (not place_figures or breakdown_safe(place_figures)):
            for place, n in named.items():
                if n < 0.5 * total / len(named):
                    out.append(f"{place}: {share(n, total, shown.get(place))}")
        return out

    # --- themes ----------------------------------------------------------------------------

    def _actions(self) -> list[ActionItem]:
        order = {s: i for i, s in enumerate(["done", "in-progress", "planned", "not-doing"])}
        items = [self._action_item(a) for a in list_actions(self.session, self.exercise)]
        return sorted(items, key=lambda a: (order.get(a.status, 9), a.due or date.max, a.id))

    def _action_item(self, action: Action) -> ActionItem:
        status = action.status if action.status in STATUSES else "planned"
        recorded = None
        if status == "done" and action.due and action.due > self.today:
            # Not done yet, whatever was recorded: the public is told it is under way, by
            # its date (the team is told why in the method note and the Easy Read check).
            recorded, status = status, "in-progress"
        # Not done and its date has passed: shown as "was due", and the team is told.
        overdue = bool(status in ("in-progress", "planned") and action.due
                       and action.due < self.today)
        return ActionItem(
            id=action.id,
            text=action.text,
            status=status,
            status_label=STATUS_LABELS[status],
            themes=list(action.themes),
            owner=action.owner,
            due=action.due,
            evidence=action.evidence,
            reason=action.reason,
            commitment=action.commitment,
            recorded_status=recorded,
            overdue=overdue,
        )

    def _candidates(self, rows: pd.DataFrame, theme_id: str | None) -> list[Candidate]:
        out = []
        for row in rows.itertuples(index=False):
            if theme_id is None:
                confidence = 0.5
            elif row.theme_source == "human":
                confidence = 1.0
            else:
                confidence = float(row.confidence.get(theme_id, 0.5))
            event = row.event if isinstance(row.event, str) else None
            out.append(
                Candidate(
                    key=row.comment_id,
                    text=row.text,
                    person=row.person,
                    group=row.group,
                    source=row.source,
                    event=event,
                    sentiment=row.sentiment or None,
                    confidence=confidence,
                    flagged=bool(row.flagged),
                )
            )
        return out

    def _attribution(self, candidate: Candidate) -> str:
        if candidate.source == "notes":
            return f"Said at {candidate.event}" if candidate.event else "Said at an event"
        channel = "Easy Read form" if candidate.source == "easyread" else "survey"
        r = self.respondents
        same = int(((r["group"] == candidate.group) & (r["source"] == candidate.source)).sum())
        who = GROUP_ONE.get(candidate.group or "", "")
        if not who or same < 5:
            return (
                "Someone who filled in an Easy Read form"
                if channel == "Easy Read form"
                else ("Someone who filled in the survey")
            )
        return f"{who} ({channel})"

    def _quote(self, candidate: Candidate) -> Quote:
        text = " ".join(candidate.text.split())
        figures = readability(text)
        return Quote(
            text=text,
            attribution=self._attribution(candidate),
            source=candidate.source,
            reading_ease=figures["flesch_reading_ease"],
            words=figures["words"],
        )

    def themes(self, actions: list[ActionItem], total_people: int) -> list[ThemeSection]:
        sections = []
        themed = bool(self.frame["theme_list"].map(len).any()) if len(self.frame) else False
        for theme in self.framework.themes:
            mask = self.frame["theme_list"].map(lambda ts, t=theme.id: t in ts).astype(bool)
            rows = self.frame[mask]
            people = rows["person"].nunique()
            points = int(rows.loc[rows["group"] == "events", "person"].nunique())
            # People who filled in a form, by group; the points made at events are not people
            # and their number is in the summary, so they are shown as they are, not hidden.
            groups = [g for g in [*GROUPS, "unknown"] if (rows["group"] == g).any()]
            counts = [int(rows.loc[rows["group"] == g, "person"].nunique()) for g in groups]
            group_figures = suppress_counts(
                counts, base=people,
                unrecorded=[i for i, g in enumerate(groups) if g == "unknown"])
            if points:
                groups.append("events")
                group_figures.append(Figure(points, 100 * points / people))
            scored_rows = rows[rows["sentiment"].isin(SENTIMENTS)]
            scored = len(scored_rows)
            sentiment = {
                s: Figure(
                    int((scored_rows["sentiment"] == s).sum()),
                    100 * (scored_rows["sentiment"] == s).sum() / scored if scored else None,
                )
                for s in SENTIMENTS
            }
            keywords = _keyword_hits(theme, rows["text"].tolist())
            quotes: list[Quote] = []
            if people and self.vectorizer is not None:
                picked = choose_quotes(
                    self._candidates(rows, theme.id),
                    rows["text"].tolist(),
                    self.vectorizer,
                    n=quota(people),
                    used=self.used_people,
                )
                quotes = [self._quote(c) for c in picked]
            easy_quote = self._easy_quote(rows, theme.id)
            sections.append(
                ThemeSection(
                    theme_id=theme.id,
                    name=theme.name,
                    description=theme.description,
                    people=people,
                    comments=len(rows),
                    share=100 * people / total_people if total_people else 0.0,
                    reviewed=int((rows["theme_source"] == "human").sum()),
                    group_labels=[GROUP_LABELS[g] for g in groups],
                    group_figures=group_figures,
                    sentiment=sentiment,
                    scored=scored,
                    points=points,
                    summary=summary_sentence(theme.name, people, keywords, sentiment, scored,
                                             points)
                    if themed else "The comments have not been sorted into themes yet.",
                    keywords=keywords,
                    quotes=quotes,
                    actions=[a for a in actions if theme.id in a.themes],
                    easy_quote=easy_quote,
                )
            )
        order = {t.id: i for i, t in enumerate(self.framework.themes)}
        return sorted(sections, key=lambda s: (-s.people, order[s.theme_id]))

    def _easy_quote(self, rows: pd.DataFrame, theme_id: str) -> Quote | None:
        """A short quote from someone who used the Easy Read form, for the Easy Read report."""
        easy = rows[rows["source"] == "easyread"]
        if easy.empty or self.vectorizer is None:
            return None
        picked = choose_quotes(
            self._candidates(easy, theme_id),
            rows["text"].tolist(),
            self.vectorizer,
            n=1,
            used=self.used_people,
        )
        return self._quote(picked[0]) if picked else None

    # --- closed questions ------------------------------------------------------------------

    def closed(self) -> list[ClosedResult]:
        rows = self.session.execute(
            select(
                Question.canonical_id,
                Question.text,
                Question.kind,
                Respondent.id,
                Respondent.group,
                Respondent.source,
                ClosedAnswer.value,
                ClosedAnswer.score,
            )
            .join(ClosedAnswer, ClosedAnswer.question_id == Question.id)
            .join(Respondent, ClosedAnswer.respondent_id == Respondent.id)
            .where(
                Question.exercise_id == self.exercise.id,
                Question.kind.in_(("closed", "multiple")),
            )
            .order_by(Question.id)
        ).all()
        by_question: dict[tuple[str, str, bool], list] = defaultdict(list)
        for qid, text, kind, person, group, source, value, score in rows:
            # A tick-all-that-apply answer holds one ticked option a line.
            for option in (value or "").split("\n") if kind == "multiple" else [value or ""]:
                if option.strip():
                    by_question[(qid, text, kind == "multiple")].append(
                        (_group(group), source, option.strip(), score, person))
        results = []
        for (qid, text, multiple), answers in by_question.items():
            values = {" ".join(a[2].split()).casefold() for a in answers}
            if len(values) == 1 and has_placeholder(answers[0][2]):
                # Everyone "chose" one answer holding a personal detail ("Typed by: [NAME]
                # (admin)"): a column about who handled the forms, not a question; left out.
                continue
            pooled = _pool_rare_answers(_one_spelling(answers))
            if multiple:  # two rare options of one person are one "other answers" tick
                pooled = list(dict.fromkeys(pooled))
            results.append(self._closed_result(qid, text, pooled, multiple=multiple))
        return results

    @staticmethod
    def _answer_order(answers: list[tuple[str, str, str, int | None]]) -> list[str]:
        values: dict[str, int | None] = {}
        counts = Counter(v for _, _, v, _ in answers)
        for _, _, value, score in answers:
            values.setdefault(value, score)
        if all(s is not None for s in values.values()):
            return sorted(values, key=lambda v: -(values[v] or 0))
        if all(v.isdigit() for v in values) and len(values) > 1:  # a 1-5 or 0-10 rating
            return sorted(values, key=lambda v: -int(v))
        known = {v: ANSWER_ORDER.index(v.lower()) for v in values if v.lower() in ANSWER_ORDER}
        if len(known) == len(values):
            return sorted(values, key=lambda v: known[v])
        return sorted(values, key=lambda v: (-counts[v], v))

    def _closed_result(
        self, qid: str, text: str, answers: list, *, multiple: bool = False
    ) -> ClosedResult:
        """Counts of each answer; for a tick-all-that-apply question the shares are of the
        people who answered, so they add up to more than 100%."""
        counts = Counter(a[2] for a in answers)
        order = (sorted(counts, key=lambda v: (-counts[v], v)) if multiple  # most ticked first
                 else self._answer_order([a[:4] for a in answers]))
        if OTHER_ANSWERS in order:  # pooled rare answers come last
            order = [v for v in order if v != OTHER_ANSWERS] + [OTHER_ANSWERS]
        people: dict[str, set] = defaultdict(set)  # group -> the people who answered
        for a in answers:
            people[a[0]].add(a[4])
        total = len({a[4] for a in answers})
        by_group = Counter((a[0], a[2]) for a in answers)
        groups = [g for g in [*GROUPS, "unknown"] if g in people]
        matrix = [[by_group[(g, v)] for g in groups] for v in order]
        bases = [len(people[g]) for g in groups]
        overall = [Figure(counts[v], 100 * counts[v] / total) for v in order]
        headline = self._headline(order, counts, total)
        if multiple and order != [OTHER_ANSWERS]:
            top = order[0]
            headline = (f"{100 * counts[top] / total:.0f}% of the {total:,} people who answered "
                        f"ticked \u201c{top}\u201d (people could tick more than one).")
        return ClosedResult(
            question_id=qid,
            question=text,
            answered=total,
            headline=headline,
            answers=order,
            overall=overall,
            by_group=CrossTable(
                caption(text, "answers by group"),
                order,
                [GROUP_LABELS[g] for g in groups],
                suppress_matrix(matrix, column_bases=bases),
            ),
            easy_read=all(a[1] == "easyread" for a in answers),
        )

    @staticmethod
    def _headline(order: list[str], counts: Counter, total: int) -> str:
        if order == [OTHER_ANSWERS]:
            return (f"No answer was given by {SMALL} or more of the {total:,} people who "
                    "answered, so the answers are not listed.")
        stems: dict[str, list[str]] = defaultdict(list)
        for value in (v for v in order if v != OTHER_ANSWERS):
            stems[re.sub(r"^very\s+", "", value.strip().lower())].append(value)
        best = max(stems.values(), key=lambda vs: (sum(counts[v] for v in vs), -len(vs)))
        share = 100 * sum(counts[v] for v in best) / total
        chosen = sorted(best, key=order.index)
        named = " or ".join(f"\u201c{v}\u201d" for v in chosen)
        return f"{share:.0f}% of the {total:,} people who answered chose {named}."

    # --- topics and method -----------------------------------------------------------------

    def topics(self) -> tuple[list[TopicItem], int]:
        records = self.session.scalars(
            select(TopicRecord).where(TopicRecord.exercise_id == self.exercise.id)
        ).all()
        kept = sorted(
            (t for t in records if t.status in ("kept", "promoted")), key=lambda t: -t.size
        )
        items = []
        by_id = self.frame.set_index("comment_id", drop=False)
        for topic in kept:
            reps = [c for c in topic.representatives if c in by_id.index]
            rows = by_id.loc[reps] if reps else by_id.iloc[0:0]
            quotes: list[Quote] = []
            if len(rows) and self.vectorizer is not None:
                picked = choose_quotes(
                    self._candidates(rows, None),
                    rows["text"].tolist(),
                    self.vectorizer,
                    n=2,
                    used=self.used_people,
                )
                quotes = [self._quote(c) for c in picked]
            items.append(
                TopicItem(topic.label, list(topic.keywords)[:6], topic.size, topic.status, quotes)
            )
        return items, len(records)

    def method(self, topics_found: int, topics_kept: int) -> Method:
        codings = self.session.execute(
            select(Coding.comment_pk, Coding.reviewer, Coding.themes, Coding.created_at)
            .join(Comment, Coding.comment_pk == Comment.id)
            .where(Comment.exercise_id == self.exercise.id, Coding.current)
        ).all()
        by_comment: dict[int, list] = defaultdict(list)
        for pk, reviewer, themes, created in codings:
            by_comment[pk].append((reviewer, frozenset(themes or []), created))
        pairs = [v for v in by_comment.values() if len({r for r, *_ in v}) >= 2]
        reviewer_agreement = (
            Agreement(len(pairs), sum(1 for v in pairs if len({t for _, t, _ in v}) == 1))
            if pairs
            else None
        )
        suggestions = {
            pk: (frozenset(themes or []), analysed)
            for pk, themes, analysed in self.session.execute(
                select(Suggestion.comment_pk, Suggestion.themes, Suggestion.analysed_at)
                .join(Comment, Suggestion.comment_pk == Comment.id)
                .where(Comment.exercise_id == self.exercise.id)
            ).all()
        }
        fair = []
        for pk, items in by_comment.items():
            if pk not in suggestions:
                continue
            model_themes, analysed = suggestions[pk]
            for _, themes, created in items:
                if _utc(analysed) <= _utc(created):
                    fair.append(model_themes == themes)
        model_agreement = Agreement(len(fair), sum(fair)) if fair else None
        by_place = self._redactions()
        redactions = sum(by_place.values())
        analysed = bool(
            self.session.scalar(
                select(func.count())
                .select_from(Suggestion)
                .join(Comment, Suggestion.comment_pk == Comment.id)
                .where(Comment.exercise_id == self.exercise.id)
            )
        )
        reviewed = len(by_comment)
        risky: set[int] = set()
        languages: dict[int, str] = {}
        open_language_flags: set[int] = set()
        for pk, category, note, status in self.session.execute(
            select(Flag.comment_pk, Flag.category, Flag.note, Flag.status)
            .join(Comment, Flag.comment_pk == Comment.id)
            .where(Comment.exercise_id == self.exercise.id, Flag.kind == SAFEGUARDING)
        ):
            if category == NOT_ENGLISH:
                languages[pk] = language_of_note(note) or "another language"
                if status != "cleared":
                    open_language_flags.add(pk)
            else:
                risky.add(pk)
        unthemed = self.frame[self.frame["theme_list"].map(len) == 0]
        reported = {
            t.topic_id: t.label
            for t in self.session.scalars(
                select(TopicRecord).where(TopicRecord.exercise_id == self.exercise.id)
            )
            if t.status in ("kept", "promoted")
        }
        numbers = (_topic_number(v) for v in unthemed.get("topic", []))
        in_topics = Counter(n for n in numbers if n in reported)
        return Method(
            comments=len(self.frame),
            reviewed=reviewed,
            reviewers=len({r for v in by_comment.values() for r, *_ in v}),
            unreviewed=len(self.frame) - reviewed,
            unthemed=len(unthemed),
            flagged=len(risky),
            not_english=dict(Counter(languages.values())),
            not_english_checked=len(set(languages) - open_language_flags),
            unthemed_in_topics=sum(in_topics.values()),
            unthemed_topics=[reported[t] for t, _ in in_topics.most_common()],
            redactions=redactions,
            redactions_by_place=by_place,
            analysed=analysed,
            embedder=(self.exercise.analysis_state or {}).get("embedder"),
            reviewer_agreement=reviewer_agreement,
            model_agreement=model_agreement,
            topics_found=topics_found,
            topics_kept=topics_kept,
        )

    def _redactions(self) -> dict[str, int]:
        """Every personal detail the store holds as redacted for the exercise, by where it was:
        the redactions recorded on each comment; the placeholders in tick-box answers,
        respondent details (group, locality, other columns), events' details and the
        notes' section headings (each heading once per event), and question wording."""
        ex = self.exercise.id
        comments = sum(len(spans or []) for spans in self.session.scalars(
            select(Comment.redactions).where(Comment.exercise_id == ex)))
        answers = sum(placeholders(v) for v in self.session.scalars(
            select(ClosedAnswer.value)
            .join(Respondent, ClosedAnswer.respondent_id == Respondent.id)
            .where(Respondent.exercise_id == ex)))
        for group, locality, meta in self.session.execute(
            select(Respondent.group, Respondent.locality, Respondent.meta)
            .where(Respondent.exercise_id == ex)
        ):
            answers += placeholders(group) + placeholders(locality)
            answers += sum(placeholders(v) for v in (meta or {}).values())
        events = sum(
            placeholders(e.name) + placeholders(e.place) + placeholders(e.audience)
            + placeholders(e.locality)
            for e in self.session.scalars(select(Event).where(Event.exercise_id == ex)))
        sections = set(self.session.execute(
            select(Comment.source_file_id, Comment.event_id, Comment.section)
            .where(Comment.exercise_id == ex, Comment.section.is_not(None))).all())
        events += sum(placeholders(section) for *_, section in sections)
        questions = sum(placeholders(t) for t in self.session.scalars(
            select(Question.text).where(Question.exercise_id == ex)))
        return {"comments": comments, "answers": answers, "events": events,
                "questions": questions}

    def build(self) -> Report:
        listening = self.listening()
        actions = self._actions()
        themes = self.themes(actions, listening.people)
        linked = {t.theme_id for t in themes}
        other = [a for a in actions if not set(a.themes) & linked]
        topics, found = self.topics()
        method = self.method(found, len(topics))
        method.done_in_future = [a for a in actions if a.recorded_status == "done"]
        method.overdue = [a for a in actions if a.overdue]
        return Report(
            title="You said, we did",
            exercise=self.exercise.name,
            framework=self.framework.name,
            generated=self.today,
            listening=listening,
            themes=themes,
            other_actions=other,
            closed=self.closed(),
            topics=topics,
            method=method,
        )


def _utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _topic_number(value: object) -> int | None:
    """A comment's topic number from the comments frame ("" or NaN when it has none)."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def build_report(
    store: Store, exercise: str | None = None, *, today: date | None = None
) -> Report:
    """The report content for ``exercise`` (the only one, when there is just one).

    ``today`` is the date the report is made (default: today): it is the published date, and
    an action recorded as done with a date after it is shown as in progress."""
    with store.session() as session:
        ex = store.exercise(session, exercise)
        return _Builder(store, session, ex, today).build()
