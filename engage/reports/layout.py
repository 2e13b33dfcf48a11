"""Lay out the full "You said, we did" report as blocks, in plain and warm NHS wording."""

from __future__ import annotations

import re

from engage.reports.blocks import (
    BarChart,
    BulletList,
    Document,
    Heading,
    Paragraph,
    QuoteBlock,
    Span,
    Table,
    anchor,
    plain,
)
from engage.reports.model import (
    ActionItem,
    Breakdown,
    ClosedResult,
    CrossTable,
    Listening,
    Method,
    Report,
    ThemeSection,
    TopicItem,
    caption,
    long_date,
)
from engage.reports.privacy import SMALL, Figure, breakdown_safe

URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
PRIVACY_NOTE = (
    f"To protect people's privacy, where a group has between 1 and {SMALL - 1} people we write "
    f"\u201cfewer than {SMALL}\u201d, and we write \u201cnot shown\u201d where a number could be "
    "used to work out one of those. People whose group or area is not known, and points "
    "written down at events, are not a group of people: we do not hide their numbers for "
    "being small."
)


def _h(level: int, text: str) -> Heading:
    return Heading(level, text, anchor(text))


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def _period(listening: Listening) -> str:
    if listening.start and listening.end and listening.start != listening.end:
        return f"Between {long_date(listening.start)} and {long_date(listening.end)}"
    if listening.start:
        return f"On {long_date(listening.start)}"
    return "In this listening exercise"


TOO_FEW_TO_SPLIT = "too few people to show this without pointing to someone"


def breakdown_table(breakdown: Breakdown, first: str) -> Table:
    """A two-column table of a breakdown with percentages (none but the total when any
    count could be worked out from it)."""
    rows = [
        [label, f.text_with_percent]
        for label, f in zip(breakdown.labels, breakdown.figures, strict=True)
    ] if breakdown_safe(breakdown.figures) else [[TOO_FEW_TO_SPLIT[:1].upper()
                                                  + TOO_FEW_TO_SPLIT[1:], ""]]
    rows.append(["Total", f"{breakdown.total:,}"])
    return Table(breakdown.caption, [first, "People"], rows)


def _channel_table(listening: Listening) -> Table:
    """How people told us: people by the form they filled in; points written down at events
    are a row of their own, not added to the people (one person may make several)."""
    channels = listening.by_channel
    rows = [
        [label, f.text_with_percent]
        for label, f in zip(channels.labels, channels.figures, strict=True)
    ] if breakdown_safe(channels.figures) else [[TOO_FEW_TO_SPLIT[:1].upper()
                                                 + TOO_FEW_TO_SPLIT[1:], ""]]
    total = f"{channels.total:,}" if channels.total else ""
    if listening.event_points:
        rows.append(["Points recorded at events and forums", f"{listening.event_points:,} points"])
        if channels.total:
            total = f"{channels.total:,} people and {listening.event_points:,} points"
        else:
            total = f"{listening.event_points:,} points"
    rows.append(["Total", total])
    return Table(channels.caption, ["How people told us", "People"], rows)


def cross_table(table: CrossTable, first: str, percent: bool = False) -> Table:
    """A cross-tabulation (rows by columns); see :func:`cross_table_safe` before using it."""
    rows = [
        [label, *[f.text_with_percent if percent else f.text for f in cells]]
        for label, cells in zip(table.row_labels, table.cells, strict=True)
    ]
    return Table(table.caption, [first, *table.column_labels], rows)


def cross_table_safe(table: CrossTable, *margins: Breakdown) -> bool:
    """False when a cross-tabulation must be left out, headers and all: a count in it could
    be worked out whatever else were hidden, every count in it is hidden, or a breakdown of
    its rows or columns (``margins``) is itself left out (its labels would say who the few
    people are)."""
    cells = [f for row in table.cells for f in row]
    return (bool(cells) and breakdown_safe(cells) and any(f.value is not None for f in cells)
            and all(breakdown_safe(m.figures) for m in margins))


def channel_shown(listening: Listening, channel: str) -> Figure | None:
    """The channel table's figure for ``channel`` (its label), None when the table does not
    give it (hidden, or the whole table left out)."""
    channels = listening.by_channel
    if not breakdown_safe(channels.figures) or channel not in channels.labels:
        return None
    figure = channels.figures[channels.labels.index(channel)]
    return figure if figure.value is not None else None


def _under_heard(listening: Listening) -> Paragraph:
    """Who we heard less from, in sentences: the groups and places with the same share
    together ("We heard from nobody among members of the public or the voluntary and community
    sector.")."""
    groups = set(GROUP_NAMES)
    said: dict[str, list[str]] = {}
    for item in listening.under_heard:
        label, _, share = item.rpartition(": ")
        said.setdefault(share, []).append(label)
    sentences = []
    for share, labels in said.items():
        who = [f"among {GROUP_NAMES[x]}" if x in groups else f"in {x}" for x in labels]
        if share == "only at events":
            named = [GROUP_NAMES.get(x, x) for x in labels]
            sentences.append(f"We heard from {_and(named)} only at events, not on forms.")
        else:
            sentences.append(f"We heard from {share} {_or(who)}.")
    labels = [x for item in listening.under_heard for x in [item.rpartition(": ")[0]]]
    kinds = _and([k for k, there in (("groups", any(x in groups for x in labels)),
                                     ("areas", any(x not in groups for x in labels))) if there])
    return Paragraph([Span(f"We heard less from some {kinds}. ", bold=True),
                      Span(" ".join(sentences) + " We will do more to reach them next time.")])


def _or(items: list[str]) -> str:
    """"among carers or among staff" said once: "among carers or staff"."""
    if len(items) <= 1:
        return "".join(items)
    first = items[0].split(" ", 1)[0]
    if all(i.split(" ", 1)[0] == first for i in items):
        rest = [i.split(" ", 1)[1] for i in items]
        return f"{first} " + ", ".join(rest[:-1]) + " or " + rest[-1]
    return ", ".join(items[:-1]) + " or " + items[-1]


# Groups as they read inside a sentence ("among carers, family and friends").
GROUP_NAMES = {
    "People who use services": "people who use services",
    "Carers, family and friends": "carers, family and friends",
    "Members of the public": "members of the public",
    "Health and care staff": "health and care staff",
    "Voluntary and community sector": "the voluntary and community sector",
}


def _listening(report: Report) -> list[object]:
    listening = report.listening
    blocks: list[object] = [_h(2, "How we listened")]
    if not listening.people:
        blocks.append(Paragraph(plain("Nothing has been added to this listening exercise yet.")))
        return blocks
    parts = []
    if listening.respondents:
        easy = listening.easy_read
        forms = ("an Easy Read form" if easy == listening.respondents
                 else "a survey or an Easy Read form" if easy else "a survey")
        if not breakdown_safe(listening.by_channel.figures):
            forms = "a form"  # which forms is not said where the table cannot say it
        parts.append(f"{_people(listening.respondents)} filled in {forms}")
    if listening.event_points:
        events = len(listening.events)
        where = f"{events} event{'s' if events != 1 else ''}" if events else "events"
        parts.append(f"we wrote down {listening.event_points:,} points people made at {where}")
    # Points written down at events are not counted as people: one person may make several.
    heard = (f"we heard from {_people(listening.people)}: " if not listening.event_points
             else "")
    blocks.append(Paragraph(plain(f"{_period(listening)}, {heard}{_and(parts)}.")))
    if listening.sources:
        used = [
            f"{files} {label if files == 1 else plural}"
            for label, plural, files in listening.sources
        ]
        blocks.append(Paragraph(plain(f"This report is based on {_and(used)}.")))
    if listening.easy_read:
        # A number the channel table hides is not given here either.
        shown = channel_shown(listening, "Easy Read form")
        easy = (f"{_people(shown.value)} filled in the Easy Read form. " if shown
                else f"Fewer than {SMALL} people filled in the Easy Read form. "
                if listening.easy_read < SMALL and breakdown_safe(listening.by_channel.figures)
                else "")
        blocks.append(Paragraph(plain(f"{easy}There is an Easy Read version of this report.")))
    if listening.events:
        blocks.append(_h(3, "Events and forums"))
        blocks.append(
            Table(
                "Events and forums where we listened",
                ["Event", "Date", "Where", "Who it was for", "Points recorded"],
                [
                    [
                        e.name,
                        long_date(e.date),
                        e.place or e.locality or "",
                        e.audience or "",
                        f"{e.points:,}",
                    ]
                    for e in listening.events
                ],
            )
        )
    blocks.append(_h(3, "Who we heard from"))
    blocks.append(_channel_table(listening))
    if listening.respondents:
        blocks.append(breakdown_table(listening.by_group, "Group"))
        blocks.append(breakdown_table(listening.by_locality, "Where they live"))
        if cross_table_safe(listening.group_by_locality, listening.by_group,
                            listening.by_locality):
            blocks.append(cross_table(listening.group_by_locality, "Group"))
        else:  # its headers alone would name the places the few people live in
            blocks.append(Paragraph(plain(
                f"{listening.group_by_locality.caption}: {TOO_FEW_TO_SPLIT}."), style="note"))
    if listening.under_heard:
        blocks.append(_under_heard(listening))
    elif listening.under_heard_withheld:
        blocks.append(Paragraph(plain(
            "We heard from too few people to say which groups or areas we heard less from "
            "without pointing to someone. We will do more to reach people next time.")))
    else:
        blocks.append(
            Paragraph(
                plain(
                    "No group or area was heard from much less than the others. (We name a group "
                    "or "
                    "area here when fewer than half an equal share of people came from it.)"
                )
            )
        )
    blocks.append(Paragraph(plain(PRIVACY_NOTE), style="note"))
    return blocks


def action_spans(action: ActionItem) -> list[Span]:
    """One action as a list item: status and date, what, who, evidence."""
    status = action.status_label
    if action.due and action.status == "done":
        status += f", {long_date(action.due)}"
    elif action.due and action.overdue:
        status += f", was due {long_date(action.due)}"
    elif action.due and action.status in ("planned", "in-progress"):
        status += f", due {long_date(action.due)}"
    spans = [Span(f"{status}: ", bold=True), Span(action.text.rstrip(".") + ".")]
    if action.status == "not-doing":
        spans.append(Span(f" Why: {action.reason}." if action.reason else " No reason recorded."))
    if action.owner:
        spans.append(Span(f" Who: {action.owner}."))
    if action.commitment:
        spans.append(Span(f" Strategy commitment: {action.commitment}."))
    if action.evidence:
        if URL.match(action.evidence.strip()):
            spans += [Span(" "), Span("Evidence", href=action.evidence.strip()), Span(".")]
        else:
            spans.append(Span(f" Evidence: {action.evidence.rstrip('.')}."))
    return spans


def _we_did(actions: list[ActionItem]) -> list[object]:
    if not actions:
        return [Paragraph(plain("No action yet."))]
    return [BulletList([action_spans(a) for a in actions])]


def _sentiment_text(section: ThemeSection) -> str:
    if not section.scored:
        return "Feelings in these comments have not been scored yet."
    parts = [
        f"{section.sentiment[s].percent:.0f}% {s}" for s in ("negative", "neutral", "positive")
    ]
    comments = "1 comment" if section.scored == 1 else f"{section.scored:,} comments"
    return f"How people felt: {_and(parts)} (of {comments})."


def _theme(section: ThemeSection) -> list[object]:
    blocks: list[object] = [_h(3, section.name), Heading(4, "You said")]
    blocks.append(Paragraph(plain(section.summary)))
    if section.people:
        who = [
            f"{label}: {fig.text}"
            for label, fig in zip(section.group_labels, section.group_figures, strict=True)
        ] if breakdown_safe(section.group_figures) else [TOO_FEW_TO_SPLIT]
        blocks.append(Paragraph([Span("Who raised it: ", bold=True), Span("; ".join(who) + ".")]))
        blocks.append(Paragraph(plain(_sentiment_text(section))))
        if section.reviewed and section.comments == 1:
            checked = "The 1 comment in this theme was checked by a person."
        elif section.reviewed:
            checked = (
                f"{section.reviewed:,} of the {section.comments:,} comments in this theme "
                "were checked by a person."
            )
        else:
            checked = (
                "The computer sorted these comments into this theme; a person has not "
                "checked them yet."
            )
        blocks.append(Paragraph(plain(checked), style="note"))
        blocks += [QuoteBlock(q.text, q.attribution) for q in section.quotes]
    blocks.append(Heading(4, "We did"))
    blocks += _we_did(section.actions)
    return blocks


def _themes(report: Report) -> list[object]:
    blocks: list[object] = [_h(2, "What you told us and what we are doing")]
    if not report.themed:
        blocks.append(
            Paragraph(
                plain(
                    "The comments have not been sorted into themes yet, so this section only lists "
                    "what we are doing. Run the analysis (engage analyse) or review comments in "
                    "the "
                    "review app, then make this report again."
                )
            )
        )
    else:
        blocks.append(
            Paragraph(
                plain(
                    f"We sorted what people said into {len(report.themes)} themes. They are in "
                    "order of "
                    "how many people raised them. One comment can be about more than one theme."
                )
            )
        )
        ranked = [t for t in report.themes if t.people]
        points = any(t.points for t in report.themes)
        who = "people and points made at events" if points else "people"
        blocks.append(
            BarChart(
                f"{who[0].upper()}{who[1:]} that raised each theme" if points
                else "People who raised each theme",
                f"Bar chart of how many {who} raised each theme: "
                + "; ".join(f"{t.name}, {t.people:,}" for t in ranked)
                + ".",
                [(t.name, t.people) for t in ranked],
                headings=("Theme", "People and points" if points else "People"),
            )
        )
        blocks.append(
            Table(
                "Themes in order of how many people raised them",
                ["Theme", "People", *(["Points made at events"] if points else []),
                 "Share of everyone we heard from" + (" (people and points)" if points else ""),
                 "Comments", "Actions"],
                [
                    [
                        t.name,
                        f"{t.form_people:,}",
                        *([f"{t.points:,}"] if points else []),
                        f"{t.share:.0f}%",
                        f"{t.comments:,}",
                        f"{len(t.actions)}",
                    ]
                    for t in report.themes
                ],
            )
        )
    for section in report.themes:
        blocks += _theme(section)
    if report.other_actions:
        blocks.append(_h(3, "Other actions"))
        blocks.append(
            Paragraph(
                plain("These actions are linked to themes that are no longer in the framework.")
            )
        )
        blocks += _we_did(report.other_actions)
    return blocks


def _model_words(embedder: str) -> str:
    """The model in words a board reads: what it is, where it ran, then its name."""
    name = embedder.split("/", 1)[0]
    if name.startswith("tfidf"):
        return "by matching the words of the comments; nothing left this computer"
    return (f"a language model that ran on our own computer, so nothing was sent anywhere: "
            f"{name}")


def _closed(result: ClosedResult) -> list[object]:
    blocks: list[object] = [_h(3, result.question)]
    if result.easy_read:
        blocks.append(Paragraph(plain("This question was on the Easy Read form."), style="note"))
    blocks.append(Paragraph(plain(result.headline)))
    blocks.append(
        Table(
            caption(result.question, "all answers"),
            ["Answer", "People", "Percentage"],
            [
                [a, f.text, f"{f.percent:.0f}%"]
                for a, f in zip(result.answers, result.overall, strict=True)
            ]
            + [["Total", f"{result.answered:,}", "100%"]],
        )
    )
    cells = [f for row in result.by_group.cells for f in row]
    if cells and not cross_table_safe(result.by_group):
        blocks.append(
            Paragraph(
                plain(
                    f"Too few people in each group answered this question to show answers by group "
                    f"(we do not show groups of fewer than {SMALL})."
                ),
                style="note",
            )
        )
    elif cells:
        table = cross_table(result.by_group, "Answer", percent=True)
        table.description = "Percentages are of the people in each group who answered."
        blocks.append(table)
    return blocks


def _closed_section(report: Report) -> list[object]:
    if not report.closed:
        return []
    blocks: list[object] = [_h(2, "Answers to the tick-box questions")]
    blocks.append(
        Paragraph(
            plain(
                "Some questions asked people to pick an answer. Percentages are of the people who "
                "answered each question."
            )
        )
    )
    for result in report.closed:
        blocks += _closed(result)
    return blocks


def _topic(topic: TopicItem) -> list[object]:
    blocks: list[object] = [_h(3, topic.label[:1].upper() + topic.label[1:])]
    words = f" Words that came up often: {', '.join(topic.keywords)}." if topic.keywords else ""
    status = " The review group made this a theme." if topic.status == "promoted" else ""
    blocks.append(Paragraph(plain(f"About {topic.comments:,} comments.{words}{status}")))
    blocks += [QuoteBlock(q.text, q.attribution) for q in topic.quotes]
    return blocks


def _topics(report: Report) -> list[object]:
    blocks: list[object] = [_h(2, "Other things people raised")]
    if not report.topics:
        found = report.method.topics_found
        text = (
            f"The computer found {found} groups of similar comments; the review group has not "
            "chosen any to report yet."
            if found
            else "The computer has not looked for other topics yet."
        )
        blocks.append(Paragraph(plain(text)))
        return blocks
    blocks.append(
        Paragraph(
            plain(
                "As well as the themes above, the computer found groups of similar comments. The "
                "review group looked at them and chose to report these."
            )
        )
    )
    covered = report.method.unthemed_in_topics
    if covered:
        blocks.append(
            Paragraph(
                plain(
                    f"{covered:,} of the {report.method.unthemed:,} comments that did not fit "
                    "any theme are in these topics."
                )
            )
        )
    for topic in report.topics:
        blocks += _topic(topic)
    return blocks


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def method_items(method: Method) -> list[list[Span]]:
    """The method note as list items."""
    items: list[list[Span]] = []
    items.append(
        [
            Span("Personal details: ", bold=True),
            Span(
                "names, phone numbers, email and postal addresses were taken out automatically "
                f"before anything was stored ({_redactions_text(method)}). This report only "
                "uses the text with those details removed, and never says who anyone is."
            ),
        ]
    )
    if not method.analysed:
        items.append(
            [
                Span("Themes: ", bold=True),
                Span("the comments have not been analysed by the computer yet."),
            ]
        )
    else:
        model = f" ({_model_words(method.embedder)})" if method.embedder else ""
        items.append(
            [
                Span("Themes: ", bold=True),
                Span(
                    f"a computer model suggested themes for each comment{model}. People from the "
                    "review "
                    f"group checked {method.reviewed:,} of the {method.comments:,} comments "
                    f"({_pct(method.reviewed, method.comments)})"
                    + (
                        f", working as {method.reviewers} "
                        f"reviewer{'s' if method.reviewers != 1 else ''}"
                        if method.reviewers
                        else ""
                    )
                    + f". The other {method.unreviewed:,} comments have the computer's themes "
                    "only, which may be wrong."
                ),
            ]
        )
    agreement = []
    if method.reviewer_agreement:
        a = method.reviewer_agreement
        agreement.append(
            f"where two reviewers coded the same comment ({a.comments:,} comments) they chose "
            f"exactly the same themes for {a.agreed:,} ({a.percent:.0f}%)"
        )
    if method.model_agreement:
        a = method.model_agreement
        agreement.append(
            f"before reviewers saw them, the computer's themes matched the reviewer's choice "
            f"exactly in {a.agreed:,} of {a.comments:,} reviewer codings ({a.percent:.0f}%)"
        )
    items.append(
        [
            Span("Agreement: ", bold=True),
            Span(
                (_and(agreement) + ".")
                if agreement
                else "we do not have agreement figures yet: no comment has been coded by two "
                "reviewers, and none was coded by a reviewer after the computer made its "
                "suggestion."
            ),
        ]
    )
    items.append(
        [
            Span("Feelings: ", bold=True),
            Span(
                "whether a comment was negative, neutral or positive was scored automatically "
                "from the "
                "words used; reviewers can correct it."
            ),
        ]
    )
    items.append([Span("Comments with no theme: ", bold=True), Span(_unthemed_text(method))])
    items.append(
        [
            Span("Safeguarding: ", bold=True),
            Span(
                f"{method.flagged:,} comment{'s were' if method.flagged != 1 else ' was'} "
                "flagged because they might show that someone is at risk, for staff to follow "
                "up under the safeguarding policy. We do not quote them."
            ),
        ]
    )
    if method.not_english:
        total = sum(method.not_english.values())
        languages = _and([f"{language} ({n:,})" for language, n in
                          sorted(method.not_english.items(), key=lambda kv: (-kv[1], kv[0]))])
        items.append(
            [
                Span("Other languages: ", bold=True),
                Span(
                    f"{total:,} comment{'s were' if total != 1 else ' was'} written in "
                    f"{languages}, not English. The computer reads English only, so it did not "
                    f"put {'these' if total != 1 else 'this'} into themes, score "
                    f"{'their' if total != 1 else 'its'} feelings or check "
                    f"{'them' if total != 1 else 'it'} for risk, and we do not quote "
                    f"{'them' if total != 1 else 'it'} here. "
                    f"{'Each is' if total != 1 else 'It is'} flagged for someone who reads the "
                    "language to check" + _checked_so_far(method.not_english_checked, total)
                    + "."
                ),
            ]
        )
    if method.done_in_future or method.overdue:
        text = " ".join(t for t in (_done_in_future_text(method), _overdue_text(method)) if t)
        items.append([Span("Actions: ", bold=True), Span(text)])
    items.append(
        [
            Span("Quotes: ", bold=True),
            Span(
                "the computer chose quotes that are typical of each theme and different from each "
                "other. Nobody is quoted more than once."
            ),
        ]
    )
    items.append(
        [
            Span("Other topics: ", bold=True),
            Span(
                f"the computer found {method.topics_found} groups of similar comments; the review "
                "group "
                f"chose {method.topics_kept} to report."
            ),
        ]
    )
    return items


def _redactions_text(method: Method) -> str:
    """How many personal details were taken out, and from what ("21 taken out: 2 in
    comments, 18 in answers to tick-box questions and details about people, 1 in the details
    of events")."""
    where = {
        "comments": "in comments",
        "answers": "in tick-box answers and details about people",
        "events": "in the details of events",
        "questions": "in question wording",
    }
    parts = [f"{n:,} {where.get(k, k)}" for k, n in method.redactions_by_place.items() if n]
    text = f"{method.redactions:,} taken out"
    return f"{text}: {_and(parts)}" if len(parts) > 1 else text


def _checked_so_far(checked: int, total: int) -> str:
    if not checked:
        return " (none has been checked yet)" if total > 1 else " (not checked yet)"
    if checked == total:
        return " (all have been checked)" if total > 1 else " (it has been checked)"
    return f" ({checked:,} of the {total:,} have been checked so far)"


def _unthemed_text(method: Method) -> str:
    """What the report says about comments that fit no theme (the Easy Read version points
    readers here, so this says what there is to read)."""
    n = method.unthemed
    text = f"{n:,} comment{'s' if n != 1 else ''} did not fit any theme."
    if not n:
        return text
    covered = method.unthemed_in_topics
    if covered:
        return (
            f"{text} {covered:,} of them are in the other topics we report under "
            f"\u201cOther things people raised\u201d ({_and(method.unthemed_topics)}). "
            + ("The rest are counted here but not described one by one."
               if covered < n else "")
        ).strip()
    return (f"{text} They are counted here, but none is in a topic the review group chose to "
            "report, so they are not described one by one.")


def _dates_note(actions: list, one: str, many: str) -> str:
    """``one`` or ``many`` (formatted with ``{n}`` and ``{dates}``) for ``actions``, "" if none."""
    if not actions:
        return ""
    dates = _and([long_date(a.due) for a in actions])
    return (one if len(actions) == 1 else many).format(n=len(actions), dates=dates)


def _overdue_text(method: Method) -> str:
    """Actions not done whose date has passed, shown as "was due"."""
    return _dates_note(
        method.overdue,
        "one action is not done yet and its date ({dates}) has passed, so we show it as "
        "\u201cwas due\u201d on that date. The team should check its status or date.",
        "{n} actions are not done yet and their dates ({dates}) have passed, so we show them "
        "as \u201cwas due\u201d on those dates. The team should check their status or dates.")


def _done_in_future_text(method: Method) -> str:
    """Actions recorded as done whose date is still to come, shown as in progress."""
    return _dates_note(
        method.done_in_future,
        "one action is recorded as done, but its date ({dates}) is still to come, so we show "
        "it as in progress, due on that date. The team should check its status or date.",
        "{n} actions are recorded as done, but their dates ({dates}) are still to come, so we "
        "show them as in progress, due on those dates. The team should check their status or "
        "dates.")


def report_document(report: Report) -> Document:
    """The full report as blocks."""
    blocks: list[object] = [
        Heading(1, report.title, "top"),
        Paragraph(
            plain(f"{report.exercise}. Published {long_date(report.generated)}."), style="note"
        ),
        Paragraph(
            plain(
                "Thank you to everyone who took the time to tell us about mental health services. "
                "You told us what is working, what is not, and what needs to change. This report "
                "sets out what we heard and what we are doing about it."
            ),
            style="lead",
        ),
        Paragraph(
            plain(
                "We have used people's own words where we can. Names, phone numbers and other "
                "personal details have been taken out."
            )
        ),
    ]
    blocks += _listening(report)
    blocks += _themes(report)
    blocks += _closed_section(report)
    blocks += _topics(report)
    blocks.append(_h(2, "How we did this"))
    blocks.append(BulletList(method_items(report.method)))
    blocks.append(_h(2, "What happens next"))
    blocks.append(
        Paragraph(
            plain(
                "We will keep this report up to date as the work moves on, and we will keep "
                "listening. "
                "Thank you again for sharing your experiences with us."
            )
        )
    )
    return Document(report.title, report.exercise, blocks)
