"""The Easy Read version of the report, and the readability gate that checks it.

Easy Read here means: short sentences (at most 15 words), one idea per sentence, common words,
large text, a picture beside each point and a word list for hard words. The gate checks every
sentence we wrote and the document as a whole (Flesch reading ease at least 70) with
:func:`themes.readability.check_easy_read`, and returns what fails for a person to rewrite;
nothing is silently dropped or changed. People's own words (quotes) are never rewritten: they
are listed when they fail but do not fail the gate. Wording we cannot make easy ourselves
(action text, question wording, theme names outside the bundled frameworks) can be given in a
small YAML file (see :func:`load_wording`). Words it keeps that readers may not know
(an abbreviation such as CMHT, a medicine) are explained in the word list: the bundled
:data:`WORD_LIST`, and any the wording file explains under ``words``. An abbreviation that
nothing explains is listed for a person to spell out or explain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from engage.reports.blocks import Document, Heading, Paragraph, Point, Table, plain
from engage.reports.icons import DESCRIPTIONS
from engage.reports.layout import channel_shown
from engage.reports.model import (
    OTHER_ANSWERS,
    ActionItem,
    ClosedResult,
    Quote,
    Report,
    ThemeSection,
)
from engage.reports.privacy import breakdown_safe
from themes.language import _english_words
from themes.readability import check_easy_read, plain_terms, readability, shown_score

MAX_WORDS = 15
MIN_READING_EASE = 70.0

EASY_THEMES = {
    "access": "getting help",
    "integration": "how teams work together",
    "crisis": "help in a crisis",
    "carers": "carers",
    "stigma": "how people think about mental health",
    "prevention": "staying well",
    "routes": "finding the right help",
    "primary_care": "help from your doctor",
    "inpatient": "care in hospital",
}
THEME_ICONS = {
    "access": "access",
    "integration": "integration",
    "crisis": "crisis",
    "carers": "carers",
    "stigma": "talk",
    "prevention": "thanks",
    "routes": "access",
    "primary_care": "person",
    "inpatient": "people",
}
EASY_GROUPS = {
    "People who use services": "people who use mental health services",
    "Carers, family and friends": "carers",
    "Members of the public": "members of the public",
    "Health and care staff": "people who work in health or care",
    "Voluntary and community sector": "people who work for a charity",
}
ANSWER_ICONS = {
    "very happy": "face-5",
    "happy": "face-4",
    "ok": "face-3",
    "unhappy": "face-2",
    "very unhappy": "face-1",
    "yes": "yes",
    "no": "no",
    "not sure": "not-sure",
}
STATUS_ICONS = {
    "done": "done",
    "in-progress": "in-progress",
    "planned": "planned",
    "not-doing": "not-doing",
}
WORD_LIST = {
    "mental health": "How we think and feel. It is about our mind.",
    "services": "People and places that help you, like doctors and nurses.",
    "carer": "A carer helps a friend or someone in their family.",
    "crisis": "When someone is very unwell and needs help fast.",
    "Easy Read": "Words and pictures that are easy to understand.",
    "charity": "A group that helps people and is not a business.",
    "report": "Pages that tell you about something.",
    "learning disability": "When it is harder to learn, understand and do some things.",
    "autism": "Autism is about how a brain works. It can change how people talk and feel.",
    "autistic": "An autistic person has autism.",
    # Words of services that Easy Read readers hear, and may need explained.
    "GP": "Your local doctor.",
    "NHS": "The health service in this country. It pays for your doctor and hospital.",
    "A&E": "The part of a hospital where you go in an emergency.",
    "CMHT": "A team that helps with mental health near your home.",
    "care coordinator": "The person who plans your care with you.",
    "antipsychotic": "A medicine for some mental health problems.",
    # Mental health services for mums, babies and families.
    "perinatal": "The time when you are pregnant and the first year after your baby is born.",
    "mother and baby unit": "A hospital ward where a mum and her baby can stay together.",
    "MBU": "Mother and baby unit. A hospital ward where a mum and her baby stay together.",
    "health visitor": "A nurse who helps families with babies and young children.",
    "midwife": "A nurse who looks after you and your baby when you are pregnant.",
    # Talking therapies and the teams people meet.
    "talking therapies": "Help where you talk with someone about how you feel.",
    "IAPT": "The old name for NHS Talking Therapies.",
    "therapy": "Help where you talk with someone about how you feel.",
    "therapist": "Someone who helps you by talking about how you feel.",
    "peer support": "Help from someone who has been through the same things as you.",
    "crisis team": "A team that helps fast when you are very unwell.",
    "psychiatrist": "A doctor who helps people with their mental health.",
    "social worker": "Someone who helps you and your family get the help you need.",
    "referral": "When someone asks a service to help you.",
    "assessment": "When a worker talks with you to find out what help you need.",
    "ward": "A part of a hospital where people stay.",
}
# Words in capitals that are not abbreviations readers need explained.
_PLAIN_CAPITALS = {"OK", "TV", "UK"}
# A word of two or more capitals (CMHT, GPs, A&E): an abbreviation, unless it is an English
# word written in capitals ("YES").
_ABBREVIATION = re.compile(r"(?<![\w&])([A-Z][A-Z&]*[A-Z])(?:s|'s|’s)?(?![\w&])")


@dataclass(frozen=True)
class GateProblem:
    """One sentence (or the whole document) that breaks an Easy Read limit."""

    where: str
    kind: str
    message: str
    sentence: str
    exempt: bool = False


@dataclass
class GateResult:
    """What the readability gate found. ``passed`` ignores people's own words (quotes)."""

    problems: list[GateProblem] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    # Entries of the wording file that name no theme, action or question of the report
    # (a typing slip would otherwise leave the original wording in, unnoticed).
    unused: list[str] = field(default_factory=list)
    # For the team, not the reader: e.g. an action recorded as done whose date is to come.
    notes: list[str] = field(default_factory=list)
    reading_ease: float | None = None
    sentences: int = 0
    longest_sentence: int = 0

    @property
    def to_rewrite(self) -> list[GateProblem]:
        """Problems in our own wording: a person should rewrite these."""
        return [p for p in self.problems if not p.exempt]

    @property
    def quotes(self) -> list[GateProblem]:
        """Quotes that are hard to read (kept as people wrote them)."""
        return [p for p in self.problems if p.exempt]

    @property
    def passed(self) -> bool:
        """True when everything we wrote meets the Easy Read limits."""
        return not self.to_rewrite

    def lines(self) -> list[str]:
        """The findings as lines for a terminal."""
        out = [
            f"Easy Read check: {'passed' if self.passed else 'needs rewriting'} "
            f"(reading ease {self.reading_ease}, {self.sentences} sentences, "
            f"longest {self.longest_sentence} words)"
        ]
        out += [f"  REWRITE [{p.where}] {p.message}: {p.sentence}" for p in self.to_rewrite]
        out += [
            f"  quote, kept as written [{p.where}] {p.message}: {p.sentence}" for p in self.quotes
        ]
        out += [f"  left out: {item}" for item in self.omitted]
        out += [f"  wording not used: {item}" for item in self.unused]
        out += [f"  note: {item}" for item in self.notes]
        return out


@dataclass
class EasyWording:
    """Easy Read wording written by people, used instead of the original text."""

    themes: dict[str, str] = field(default_factory=dict)
    actions: dict[int, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    # Words to explain in the word list ({"CPN": "A nurse who visits you at home."}).
    words: dict[str, str] = field(default_factory=dict)


def load_wording(path: str | Path) -> EasyWording:
    """Read Easy Read wording from YAML: ``themes: {id: name}``, ``actions: {id: text}``,
    ``questions: {question_id: text}``, ``words: {word: what it means}``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with themes, actions and questions")
    return EasyWording(
        themes={str(k): str(v) for k, v in (data.get("themes") or {}).items()},
        actions={int(k): str(v) for k, v in (data.get("actions") or {}).items()},
        questions={str(k): str(v) for k, v in (data.get("questions") or {}).items()},
        words={str(k): str(v) for k, v in (data.get("words") or {}).items()},
    )


def _sentence_ok(text: str, explained: Iterable[str] = ()) -> bool:
    return not [
        p
        for p in check_easy_read(text, max_words=MAX_WORDS, min_fre=MIN_READING_EASE,
                                 explained=list(explained))
        if p.kind != "hard_document"
    ]


@dataclass(frozen=True)
class Slot:
    """Wording put into one of our sentences that we did not write ourselves: a theme's name
    (the team's), an answer on the form, a place. A sentence that fails the check only
    because of it is not ours to rewrite: the slot is reported once (``hint`` says how to
    make it easy), or not at all when ``hint`` is empty (a place's name, people's words)."""

    text: str
    key: str
    name: str = ""
    hint: str = ""


def _theme_slots(section: ThemeSection, name: str) -> list[Slot]:
    key = f"theme {section.theme_id}"
    hint = (f"give an easier name under 'themes' in the wording file ({section.theme_id}: ...), "
            "or explain its hard words under 'words:'")
    capital = name[:1].upper() + name[1:]
    return [Slot(name, key, f"theme name \u201c{capital}\u201d", hint),
            Slot(capital, key, f"theme name \u201c{capital}\u201d", hint)]


def _month(value: date) -> str:
    return f"{value:%B %Y}"


class _Writer:
    """Collects blocks and every sentence written, for the gate."""

    def __init__(self) -> None:
        self.blocks: list[object] = []
        self.checked: list[tuple[str, str, bool]] = []  # (where, text, exempt)
        # Our sentences with wording we did not write in them (theme names, answers, places):
        # (where, text, slots); see :func:`_generated`.
        self.generated: list[tuple[str, str, tuple[Slot, ...]]] = []
        self.where = ""

    def _say(self, where: str, text: str, slots: Iterable[Slot]) -> None:
        inside = tuple(slot for slot in slots if slot.text and slot.text in text)
        if inside:
            self.generated.append((where, text, inside))
        else:
            self.checked.append((where, text, False))

    def heading(self, level: int, text: str, slots: Iterable[Slot] = ()) -> None:
        self.blocks.append(Heading(level, text))
        if level > 1:
            self.where = text
        self._say(text, text, slots)

    def point(
        self,
        icon: str,
        alt: str,
        *sentences: str,
        quote: bool = False,
        attribution: str | None = None,
        slots: Iterable[Slot] = (),
    ) -> None:
        self.blocks.append(Point(icon, alt, list(sentences), quote=quote, attribution=attribution))
        slots = tuple(slots)
        for sentence in sentences:
            if quote:
                self.checked.append((self.where, sentence, True))
            else:
                self._say(self.where, sentence, slots)
        if attribution:
            self.checked.append((self.where, attribution, False))

    def words(self) -> str:
        ours = [text for _, text, exempt in self.checked if not exempt]
        return "\n".join(ours + [text for _, text, _ in self.generated])


def _theme_name(section: ThemeSection, wording: EasyWording) -> str:
    """The theme's name as it reads inside a sentence ("told us about being treated well"):
    a first capital is lowered unless the word is an acronym or a name ("GP", "NHS")."""
    name = wording.themes.get(section.theme_id) or EASY_THEMES.get(section.theme_id, section.name)
    first = name.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first not in _KEEP_CAPITAL:
        name = name[0].lower() + name[1:]
    return name


# Words that keep their capital inside a sentence.
_KEEP_CAPITAL = {"I", "Easy", "English", "Welsh", "Norfolk", "Suffolk", "Waveney", "Monday",
                 "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _feeling(section: ThemeSection) -> tuple[str, str, str]:
    share = {k: (f.percent or 0.0) for k, f in section.sentiment.items()}
    if share.get("negative", 0) >= 60:
        return "face-2", "An unhappy face", "Most people said this needs to get better."
    if share.get("positive", 0) >= 60:
        return "face-4", "A happy face", "Most people said good things about this."
    return "face-3", "An OK face", "People said good things and bad things about this."


def _easy_quote(quotes: list[Quote]) -> Quote | None:
    """The easiest of a theme's quotes to read (Easy Read forms first), if any is short."""
    short = [q for q in quotes if q.words and q.words <= 25]
    if not short:
        return None
    return max(
        short,
        key=lambda q: (
            q.source == "easyread",
            q.words <= MAX_WORDS and (q.reading_ease or 0.0) >= MIN_READING_EASE,
            q.reading_ease or 0.0,
        ),
    )


def _who(quote: Quote) -> str:
    if quote.source == "easyread":
        return "Someone who filled in the Easy Read form"
    if quote.source == "notes":
        return "Someone at a meeting"
    return "Someone who filled in a form"


def _action(
    writer: _Writer, action: ActionItem, wording: EasyWording, today: date | None = None
) -> None:
    text = wording.actions.get(action.id, action.text.rstrip(".") + ".")
    late = bool(action.due and (action.overdue or (today is not None and action.due < today)))
    if action.status == "done":
        status = ["We have done this."]
    elif action.status == "in-progress":
        status = ["We are doing this now."]
        if action.due and late:
            status += [f"We wanted to get it done by {_month(action.due)}.",
                       "It is taking longer than we planned."]
        elif action.due:
            status.append(f"We plan to get it done by {_month(action.due)}.")
    elif action.status == "planned":
        if action.due and late:
            status = [f"We planned to do this by {_month(action.due)}.",
                      "It is taking longer than we planned."]
        else:
            status = [f"We plan to do this by {_month(action.due)}." if action.due
                      else "We plan to do this."]
    else:
        status = ["We are not going to do this now."]
    sentences = [text, *status]
    if action.status == "not-doing" and action.reason:
        sentences.append(action.reason.rstrip(".") + ".")
    alt = {
        "done": "Done",
        "in-progress": "We are doing this now",
        "planned": "Planned",
        "not-doing": "Not doing",
    }[action.status]
    section, writer.where = writer.where, f"action {action.id}"
    writer.point(STATUS_ICONS[action.status], alt, *sentences)
    writer.where = section


def _theme(
    writer: _Writer, section: ThemeSection, wording: EasyWording, today: date | None = None
) -> None:
    name = _theme_name(section, wording)
    slots = _theme_slots(section, name)
    writer.heading(3, name[0].upper() + name[1:], slots)
    icon = THEME_ICONS.get(section.theme_id, "speech")
    people = "1 person" if section.form_people == 1 else f"{section.form_people:,} people"
    said = [f"{people} told us about {name}."] if section.form_people else []
    if section.points:
        times = "once" if section.points == 1 else f"{section.points:,} times"
        said.append(f"It came up {times} at our events.")
    if not said:  # nobody raised it, but something is being done about it
        said = [f"We are also working on {name}."]
    # Say what the picture shows ("An open door"), not only what it stands for.
    shown = DESCRIPTIONS.get(icon, "A picture")
    writer.point(icon, f"{shown}, for {name}", *said, slots=slots)
    if section.scored:
        writer.point(*_feeling(section))
    quote = section.easy_quote or _easy_quote(section.quotes)
    if quote:
        writer.point("quote", "Someone's words", quote.text, quote=True, attribution=_who(quote))
    if not section.actions:
        writer.point("no-action", "Nothing yet", "We have not done anything about this yet.")
    for action in section.actions:
        _action(writer, action, wording, today)


def _listening(writer: _Writer, report: Report) -> None:
    listening = report.listening
    writer.heading(2, "How we listened")
    forms = listening.respondents - listening.easy_read
    easy = listening.easy_read
    if forms and easy:
        # Both kinds of form: each number only where the full report gives it too.
        shown = (channel_shown(listening, "Survey (online or paper)"),
                 channel_shown(listening, "Easy Read form"))
        if all(shown):
            writer.point("form", "A form", f"{_people(forms)} filled in a form.")
            writer.point("easy_read", "An Easy Read form",
                         f"{_people(easy)} filled in an Easy Read form.")
        else:
            writer.point("form", "A form", f"{_people(listening.respondents)} filled in a form.")
            if breakdown_safe(listening.by_channel.figures):
                writer.point("easy_read", "An Easy Read form",
                             "Some of them filled in an Easy Read form.")
    elif forms:
        writer.point("form", "A form", f"{_people(forms)} filled in a form.")
    elif easy:
        writer.point("easy_read", "An Easy Read form",
                     f"{_people(easy)} filled in an Easy Read form.")
    if listening.events:
        n = len(listening.events)
        writer.point(
            "meeting",
            "People at a meeting",
            f"We went to {n} meeting{'s' if n != 1 else ''} to listen to people.",
        )
    if listening.start and listening.end:
        months = (
            (listening.end.year - listening.start.year) * 12
            + (listening.end.month - listening.start.month)
            + 1
        )
        year = listening.end.year
        text = (
            f"We listened to people for {months} months in {year}."
            if months > 1 and listening.start.year == year
            else f"We listened to people for {months} months."
            if months > 1
            else f"We listened to people in {year}."
        )
        writer.point("calendar", "A calendar", text)
    # One point for everyone we did not hear enough from, not one point each.
    few, none, meetings = [], [], []
    places: list[Slot] = []
    for item in listening.under_heard:
        label, _, share = item.rpartition(": ")
        who = EASY_GROUPS.get(label)
        if who is None:
            who = f"people in {label}"
            places.append(Slot(label, f"place {label}"))
        share = share.strip()
        (none if share == "nobody" else meetings if share == "only at events"
         else few).append(who)
    said = []
    for who in few[:3]:
        said.append(f"We did not hear from many {who}.")
    for who in none[:3]:
        said.append(f"We did not hear from any {who}.")
    for who in meetings[:3]:
        said.append(f"We only heard from {who} at meetings.")
    if len(few) > 3 or len(none) > 3 or len(meetings) > 3:
        said.append("There are more groups like this in the full report.")
    if said:
        writer.point("people", "People", *said, "We want to hear from more people next time.",
                     slots=places)


_FIRST_PERSON = (
    (re.compile(r"\bam I\b"), "are you"), (re.compile(r"\bI am\b"), "you are"),
    (re.compile(r"\bI'm\b"), "you're"), (re.compile(r"\bI\b"), "you"),
    (re.compile(r"\bmyself\b", re.I), "yourself"), (re.compile(r"\bmine\b", re.I), "yours"),
    (re.compile(r"\bmy\b", re.I), "your"), (re.compile(r"\bme\b", re.I), "you"),
)


def as_asked_of_you(question: str) -> str:
    """A form's own-voice question as the report's "we" asked it of "you": the Easy Read form
    asks "How happy am I with…?", the report says "We asked: How happy are you with…?"."""
    for pattern, you in _FIRST_PERSON:
        question = pattern.sub(you, question)
    return question[:1].upper() + question[1:]


def _closed(
    writer: _Writer, result: ClosedResult, wording: EasyWording, omitted: list[str]
) -> None:
    listed = [(a, f) for a, f in zip(result.answers, result.overall, strict=True)
              if f.value and a != OTHER_ANSWERS]
    if not listed:  # every answer too rare to list: nothing to say in Easy Read
        return
    question = wording.questions.get(result.question_id, as_asked_of_you(result.question))
    asked = f"We asked: {question}"
    if result.question_id not in wording.questions and not _sentence_ok(asked):
        omitted.append(
            f"question {result.question_id!r} ({result.question}): the wording is too hard "
            "for Easy Read; give easy wording under 'questions' to include it"
        )
        return
    writer.point("form", "A question on the form", asked)
    for answer, figure in listed:
        icon = ANSWER_ICONS.get(answer.strip().lower(), "chart")
        picked = f"{figure.value:,} out of {result.answered:,} people picked \u201c{answer}\u201d."
        slot = Slot(f"\u201c{answer}\u201d", f"answer {result.question_id} {answer}",
                    f"the answer \u201c{answer}\u201d to \u201c{result.question}\u201d",
                    "explain its hard words under 'words:' in the wording file")
        writer.point(icon, f"The answer {answer}", picked, slots=[slot])
    # Answers each too rare to list (or not on the form): said, so the lines add up.
    other = sum(f.value or 0 for a, f in zip(result.answers, result.overall, strict=True)
                if a == OTHER_ANSWERS)
    if other:
        writer.point("chart", "More answers", f"{_people(other)} said something else.")


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def _unused_wording(report: Report, wording: EasyWording) -> list[str]:
    """Wording-file entries whose theme, action or question is not in the report."""
    actions = {a.id for t in report.themes for a in t.actions} | {
        a.id for a in report.other_actions}
    known = (
        ("theme", wording.themes, {t.theme_id for t in report.themes}),
        ("action", wording.actions, actions),
        ("question", wording.questions, {r.question_id for r in report.closed}),
    )
    return [
        f"{kind} {key!r} is not in this report (known: "
        + (", ".join(map(str, sorted(ids, key=str))) or "none") + ")"
        for kind, entries, ids in known
        for key in entries
        if key not in ids
    ]


def _explained(wording: EasyWording) -> dict[str, str]:
    """The words the word list can explain: the bundled ones and the wording file's."""
    return {**WORD_LIST, **wording.words}


def _word_list(writer: _Writer, words: dict[str, str] | None = None) -> None:
    text = writer.words().lower()
    rows = [
        [word[0].upper() + word[1:], meaning]
        for word, meaning in (WORD_LIST if words is None else words).items()
        if re.search(r"(?<![\w&])" + re.escape(word.lower()) + r"s?(?![\w&])", text)
    ]
    if not rows:
        return
    writer.heading(2, "Word list")
    writer.blocks.append(Paragraph(plain("These words can be hard. This is what they mean.")))
    writer.checked.append(("Word list", "These words can be hard. This is what they mean.", False))
    writer.blocks.append(Table("Word list", ["Word", "What it means"], rows))
    for word, meaning in rows:
        writer.checked.append((f"Word list: {word}", meaning, False))


def abbreviations(text: str, explained: Iterable[str] = ()) -> list[str]:
    """Abbreviations in ``text`` (CMHT, GPs, A&E) that ``explained`` does not explain, in
    order: words in capitals that are English words ("YES", "OK") are not counted."""
    known = {w.casefold() for w in explained} | {w.casefold() for w in _PLAIN_CAPITALS}
    found: dict[str, None] = {}
    for match in _ABBREVIATION.finditer(text):
        word = match.group(1)
        if word.casefold() in known or ("&" not in word and word.lower() in _english_words()):
            continue
        found.setdefault(word, None)
    return list(found)


def _abbreviation_problems(
    checked: list[tuple[str, str, bool]], explained: Iterable[str]
) -> list[GateProblem]:
    """An abbreviation in our own wording that the word list does not explain: Easy Read
    readers may not know it, and reading ease cannot tell (CMHT scores as one short word)."""
    explained = list(explained)
    out, seen = [], set()
    for where, text, exempt in checked:
        if exempt:
            continue
        for word in abbreviations(text, explained):
            if (where, word) in seen:
                continue
            seen.add((where, word))
            out.append(GateProblem(
                where, "abbreviation",
                f"{word} is an abbreviation readers may not know: spell it out, or explain it "
                "under 'words' in the wording file",
                text, False,
            ))
    return out


def _generated_problems(
    generated: Iterable[tuple[str, str, tuple[Slot, ...]]], explained: list[str]
) -> list[GateProblem]:
    """Our sentences holding wording we did not write (a theme's name, an answer, a place).

    A sentence that passes as it is is fine. One that fails only because of that wording is
    not ours to rewrite, nor the team's: the wording itself is reported, once ("theme name
    "Continuity of care worker" is hard to read"), with how to make it easy; a place's name
    is left as it is. One that fails with that wording read as one easy word is our sentence
    at fault, and listed to rewrite like any other."""
    problems: list[GateProblem] = []
    reported: set[str] = set()
    for where, text, slots in generated:
        if _sentence_ok(text, explained):
            continue
        if not _sentence_ok(text, [*explained, *(slot.text for slot in slots)]):
            problems += [GateProblem(where, p.kind, p.message, p.sentence, False)
                         for p in check_easy_read(text, max_words=MAX_WORDS,
                                                  min_fre=MIN_READING_EASE, explained=explained)
                         if p.kind != "hard_document"]
            continue
        for slot in slots:
            others = [s.text for s in slots if s is not slot]
            if not slot.hint or slot.key in reported or _sentence_ok(
                    text, [*explained, *others]):
                continue
            reported.add(slot.key)
            problems.append(GateProblem(
                slot.key, "hard_name", f"{slot.name} is hard to read: {slot.hint}", text, False))
    return problems


def gate(
    checked: list[tuple[str, str, bool]],
    explained: Iterable[str] | None = None,
    *,
    generated: Iterable[tuple[str, str, tuple[Slot, ...]]] = (),
) -> GateResult:
    """Check each sentence and the whole of our own text against the Easy Read limits
    (``explained``: the words the word list explains; default :data:`WORD_LIST`).

    ``generated`` are our sentences with wording we did not write in them, as
    ``(where, text, slots)``: each is checked as :func:`_generated_problems` says, and is
    part of the whole text."""
    explained = list(WORD_LIST if explained is None else explained)
    generated = list(generated)
    result = GateResult()
    seen: set[tuple[str, str]] = set()
    for where, text, exempt in checked:
        if (where, text) in seen:
            continue
        seen.add((where, text))
        for problem in check_easy_read(text, max_words=MAX_WORDS, min_fre=MIN_READING_EASE,
                                       explained=explained):
            if problem.kind == "hard_document":
                continue
            result.problems.append(
                GateProblem(where, problem.kind, problem.message, problem.sentence, exempt)
            )
    result.problems += _generated_problems(generated, explained)
    ours = "\n".join([text for _, text, exempt in checked if not exempt]
                     + [text for _, text, _ in generated])
    result.problems += _abbreviation_problems(
        [*checked, *((where, text, False) for where, text, _ in generated)], explained)
    figures = readability(plain_terms(ours, explained))
    result.reading_ease = figures["flesch_reading_ease"]
    result.sentences = figures["sentences"]
    result.longest_sentence = figures["longest_sentence_words"]
    if result.reading_ease is not None and result.reading_ease < MIN_READING_EASE:
        result.problems.append(
            GateProblem(
                "whole document",
                "hard_document",
                f"whole text reading ease {shown_score(result.reading_ease)} (Easy Read: at "
                f"least {MIN_READING_EASE:g})",
                "",
                False,
            )
        )
    return result


def easy_read_document(
    report: Report, wording: EasyWording | None = None
) -> tuple[Document, GateResult]:
    """The Easy Read report as blocks, and what the readability gate found."""
    wording = wording or EasyWording()
    writer = _Writer()
    omitted: list[str] = []
    writer.heading(1, "What you told us")
    writer.heading(2, "About this report")
    writer.point("thanks", "A heart", "Thank you for telling us what you think.")
    writer.point(
        "speech",
        "A speech bubble",
        "This report says what you told us about mental health services.",
    )
    writer.point("done", "A green tick", "It also says what we are doing about it.")
    _listening(writer, report)
    # Themes people raised, and themes nobody raised that something is being done about.
    spoken = [s for s in report.themes if s.people or s.actions]
    if spoken:
        writer.heading(2, "The things you told us about")
        method = report.method
        intro = ["We put what people said into groups.", "The biggest groups are first."]
        if method.unreviewed:
            # Said plainly: a computer's groups that nobody checked may be wrong.
            intro = [
                "A computer put what people said into groups.",
                "People have not checked all of the groups yet." if method.reviewed
                else "People have not checked the groups yet.",
                "The computer can get things wrong.",
                "The biggest groups are first.",
            ]
        writer.point("talk", "Two speech bubbles", *intro)
        if method.unthemed:
            # Only say the full report tells about them when it does (the topics it reports).
            writer.point(
                "speech",
                "A speech bubble",
                "Some things people told us did not fit in a group.",
                "You can read about some of them in the full report."
                if method.unthemed_in_topics
                else "The full report says how many there were.",
            )
        for section in spoken:
            _theme(writer, section, wording, report.generated)
    if report.other_actions:
        writer.heading(2, "Other things we are doing")
        for action in report.other_actions:
            _action(writer, action, wording, report.generated)
    closed = [r for r in report.closed if r.answered]
    if closed:
        writer.heading(2, "What people picked on the form")
        for result in closed:
            _closed(writer, result, wording, omitted)
        if omitted:
            writer.point("words", "A book", "There are more answers in the full report.")
    writer.heading(2, "What happens next")
    writer.point("people", "People", "We will keep listening to you.")
    writer.point("calendar", "A calendar", "We will tell you how things are going.")
    writer.point("thanks", "A heart", "Thank you for helping us.")
    words = _explained(wording)
    _word_list(writer, words)
    result = gate(writer.checked, list(words), generated=writer.generated)
    result.omitted = omitted
    result.notes = [
        f"action {a.id} is recorded as done but its date, {a.due:%d %B %Y}, is still to come: "
        "shown as being done now, to be done by then; check its status or date"
        for a in report.method.done_in_future if a.due
    ] + [
        f"action {a.id} is {a.status_label.lower()} but its date, {a.due:%d %B %Y}, has "
        "passed: shown as not done yet, with the date it was due; check its status or date"
        for a in report.method.overdue if a.due
    ]
    result.unused = _unused_wording(report, wording)
    document = Document(
        "What you told us", f"Easy Read: {report.exercise}", writer.blocks, easy_read=True
    )
    return document, result


__all__ = [
    "EasyWording",
    "Slot",
    "GateProblem",
    "abbreviations",
    "GateResult",
    "easy_read_document",
    "gate",
    "load_wording",
]
