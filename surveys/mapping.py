"""Decide which columns hold ids, free text, closed answers and respondent details."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from surveys.choices import choice_separator
from surveys.records import InputFileError

ID_NAME = re.compile(
    r"(\b|_)(id|ref|reference|(response|form|survey|questionnaire)\s*(id|no|num|number)"
    r"|respondent|index|uuid"
    r"|row)(\b|_)",
    re.I,
)
DATE_NAME = re.compile(
    r"\b(date|submitted|timestamp|completed|completion time|start time|received)\b", re.I
)
# Headers of columns that hold who someone is or how to reach them (short headers only: "Would
# you like us to email you?" is a question, "Email address" is a personal detail).
_OPTIONAL = r"(\s*\((optional|if you wish|if you want|not required)\))?"
# "Name / ID", "Name (ID)", "Name or reference": a name used as the id is still a name.
_OR_ID = r"(\s*(/|,|&|\(|\bor\b|\band\b)\s*(id|ref|reference|no|number)\b\)?)?"
PERSONAL_NAME = re.compile(
    r"^\W*((your|full|first|last|given|family|respondent'?s?|patient'?s?|contact|recipient"
    r"|child'?s?|carer'?s?|person'?s?)\s+){0,2}(sur)?name" + _OR_ID + _OPTIONAL + r"\W*$"
    # "ID / Name", "Ref or name": an id that is someone's name.
    r"|^\W*(id|ref|reference|no|number)\s*(/|,|&|\bor\b|\band\b)\s*((full|your)\s+)?"
    r"(sur)?name\W*$|\binitials\b"
    # "Name of person completing", "Name of respondent": whose name, not a service's.
    r"|^\W*(your\s+)?name\s+of\s+(the\s+)?(person|respondent|patient|carer|child|young\s+person"
    r"|parent|guardian|service\s+user|individual|client|informant)\b"
    r"|e-?mail|phone|mobile|contact\s+(number|details|no)|(^|\s)address\b|\bip\s*address"
    r"|^\W*(your\s+)?tel(ephone)?\b\.?(\s*(no|num|number))?\W*$|\btelephone\b"
    r"|post\s*code(?!\s*district)|nhs\s*(no|num)|date\s+of\s+birth|\bdob\b|\bip\b"
    r"|\bd\s*\.\s*o\s*\.\s*b\b|\bbirth\s*date\b|\bbirthday\b"
    r"|hospital\s*(no|num|number|id)\b|\bmrn\b|\bni\s*(no|num|number)\b"
    r"|national\s+insurance|\bnino\b|\bpatient\s*(no|num|number)\b"
    # Social media accounts ("Twitter handle", "Instagram"): the header is just the account.
    r"|^\W*(your\s+)?(twitter|instagram|facebook|tiktok|snapchat|linkedin|social\s+media)"
    r"(\s+(handle|username|user\s*name|name|account|id|profile))?" + _OPTIONAL + r"\W*$"
    r"|\b(handle|user\s*name)\W*$"
    r"|latitude|longitude",
    re.I,
)
# Headers that ask whether or how the team may contact the person ("Contact me", "Can we
# contact you?", "Best way to contact you", "Would you like us to get back to you?"), at any
# length: their answers say how to reach someone ("yes ring 07700 900123").
CONTACT_REQUEST = re.compile(
    r"\bcontact\s+(me|details|info\w*|preferences?|method)\b|\bbe\s+contacted\b"
    r"|\b(can|may|could|shall|should|do|us|someone)\s+(we\s+|us\s+|to\s+)?"
    r"(contact|get\s+back\s+to|get\s+in\s+touch\s+with|reach|call|phone|ring)"
    r"\s+you\b|\b(can|may|could|shall|should|us|someone)\s+(we\s+|to\s+)?follow\s+(you\s+)?up\b"
    r"|\bway\s+to\s+(contact|reach|get\s+hold\s+of|get\s+in\s+touch\s+with)\s+you\b"
    r"|^\W*(follow[- ]?up|get\s+back\s+to\s+me)\W*$",
    re.I,
)
# The answers of a consent question that hold no details: "Yes", "No", "Not sure".
_YES_NO = re.compile(r"^\W*(yes|no|y|n|not\s+sure|maybe|yes\s+please|no\s+thanks?)\W*$", re.I)
OPEN_QUESTION = re.compile(
    r"^\W*(what|how|why|tell us|please (tell|describe|explain|say|give|share)|describe"
    r"|any (other |further )?(comments?|thoughts|ideas|suggestions|feedback)|comments?\b"
    r"|is there anything|anything else|if (you|there))",
    re.I,
)
# Questions that ask for an answer in words ("How satisfied are you?" asks for a rating).
_ASKS_FOR_WORDS = re.compile(
    r"^\W*(?:what|why|tell us|please|describe|any\b|is there anything|anything else)", re.I)
# A column whose answers are mostly different from each other, and not free text, is not a
# choice question (times, reference numbers): counting its answers would list them one by one.
_CHOICE_MAX_DISTINCT = 20
GROUP_NAME = re.compile(
    r"(responding as|i am a|who am i|who are you\b(?!r)|respondent type|respondent group|capacity|"
    r"role|group)", re.I
)
# "Are you a...", "Are you an ...?", "Are you...?": a group question when its answers are groups
# ("Service user", "Carer", "Staff"), not when they are "Yes"/"No" ("Are you a carer?").
ASKS_ARE_YOU = re.compile(r"^\W*are\s+you\b", re.I)
# "Age group", "Ethnic group": respondent details, not who someone responds as.
DEMOGRAPHIC_NAME = re.compile(
    r"\b(age|ages|ethnic\w*|ethnicity|gender|sex|religio\w*|faith|income|sexual\w*)\b", re.I
)
LOCALITY_NAME = re.compile(r"(locality|where do (i|you) live|area|district|place)", re.I)
#: Columns about the paperwork, not the person ("Typed by", "Batch", "For office use"): left
#: out unless named, since a report would count them as answers.
ADMIN_NAME = re.compile(
    r"\b(?:typed|entered|keyed|input|transcribed|inputted|uploaded|processed|checked|scanned)"
    r"\s+(?:in\s+|up\s+)?by\b|\bstaff initials\b|\bdata entry\b|^\W*batch\b|"
    r"\b(?:office|internal|admin)\s+use\b|^\W*admin\b",
    re.I,
)
META_NAME = re.compile(
    r"(age|gender|sex|ethnic|disab|sexual|religion|who helped|language|postcode district)", re.I
)

GROUPS = {
    "service_user": re.compile(
        r"service user|\bus(e|es|ed|ing) (of )?(mental health |the )?services?\b|patient|lived exp",
        re.I,
    ),
    "carer": re.compile(r"carer|look after|family|friend", re.I),
    "staff": re.compile(
        r"health|social care|nhs|clinician|work in (health|care)|staff|\bgp\b", re.I
    ),
    "voluntary": re.compile(r"voluntary|community|charity|third sector", re.I),
    "public": re.compile(r"public|resident", re.I),
}


@dataclass(frozen=True)
class QuestionRef:
    """A canonical question that one or more columns answer."""

    id: str
    text: str


@dataclass
class QuestionMap:
    """Maps column headers of different forms onto canonical questions."""

    by_column: dict[str, QuestionRef] = field(default_factory=dict)

    def resolve(self, column: str) -> QuestionRef:
        """The canonical question for ``column`` (its own slug when unmapped)."""
        found = self.by_column.get(column) or self.by_column.get(column.strip().casefold())
        return found or QuestionRef(slugify(column), column)


def slugify(text: str) -> str:
    """A lowercase id made from a column header."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")
    return slug[:80] or "question"


def load_question_map(path: str | Path | None) -> QuestionMap:
    """Load a question-map YAML (``questions: [{id, text, columns: [...]}]``)."""
    if path is None:
        return QuestionMap()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputFileError(f"{path}: cannot read question map: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise InputFileError(f"{path}: question map needs a 'questions:' list")
    mapping = QuestionMap()
    for i, item in enumerate(data["questions"]):
        if not isinstance(item, dict) or not item.get("id") or not item.get("columns"):
            raise InputFileError(f"{path}: questions[{i}] needs 'id' and 'columns'")
        ref = QuestionRef(str(item["id"]), str(item.get("text") or item["id"]))
        for column in item["columns"]:
            mapping.by_column[str(column)] = ref
            mapping.by_column[str(column).strip().casefold()] = ref
    return mapping


def is_group_header(header: str) -> bool:
    """Whether a header asks who someone responds as (not their age or ethnic group)."""
    return bool(GROUP_NAME.search(header)) and not DEMOGRAPHIC_NAME.search(header)


def looks_like_group_answers(series: pd.Series) -> bool:
    """Whether a column's answers name who people respond as ("Service user", "Carer",
    "Staff"): most of them are one of the groups, and not all the same one."""
    values = _filled(series)
    if len(values) < 2:
        return False
    groups = values.map(normalise_group)
    known = groups[groups != "other"]
    return len(known) >= 0.6 * len(values) and known.nunique() >= 2


def is_group_column(header: str, series: pd.Series) -> bool:
    """A respondent-group column: by its header ("I am responding as"), or an "Are you a...?"
    question whose answers are groups."""
    if is_group_header(header):
        return True
    return (bool(ASKS_ARE_YOU.search(header)) and not DEMOGRAPHIC_NAME.search(header)
            and looks_like_group_answers(series))


def is_date_header(header: str) -> bool:
    """Whether a header names a date or time column: short, not a question ("How would you
    rate the support you received?" is a question that mentions "received")."""
    return (bool(DATE_NAME.search(header)) and len(header.split()) <= 4
            and not header.rstrip().endswith("?"))


def normalise_group(value: str) -> str | None:
    """Map a free-form respondent description onto a standard group id."""
    if not value.strip():
        return None
    for group, pattern in GROUPS.items():
        if pattern.search(value):
            return group
    return "other"


@dataclass
class ColumnPlan:
    """Which column plays which part; ``messages`` says what was detected."""

    id_column: str | None = None
    text_columns: list[str] = field(default_factory=list)
    closed_columns: list[str] = field(default_factory=list)
    # Closed columns whose cells hold several ticked options, with the separator between them.
    multiple_columns: dict[str, str] = field(default_factory=dict)
    meta_columns: list[str] = field(default_factory=list)
    group_column: str | None = None
    locality_column: str | None = None
    date_column: str | None = None
    # Left out and never stored: personal details, and columns that are neither text nor choices.
    personal_columns: list[str] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    # Long exports: the column naming the question each row's answer is to.
    question_column: str | None = None
    messages: list[str] = field(default_factory=list)


def _filled(series: pd.Series) -> pd.Series:
    return series[series.str.strip() != ""]


def looks_like_free_text(series: pd.Series) -> bool:
    """Free text: long or varied answers, not a small set of choices; or, under a header
    that asks an open question, answers that run to a sentence (a small file has few)."""
    values = _filled(series)
    if values.empty:
        return False
    words = values.str.split().str.len()
    distinct = values.nunique()
    if values.str.len().mean() >= 30 or (
        words.mean() >= 4 and distinct / len(values) >= 0.6 and distinct > 12
    ):
        return True
    return bool(
        OPEN_QUESTION.search(str(series.name)) and words.max() >= 6 and words.mean() >= 3
    )


def looks_like_personal_detail(header: str) -> bool:
    """A column that holds who someone is or how to reach them (by its header)."""
    return (len(header.split()) <= 5 and bool(PERSONAL_NAME.search(header))
            or bool(CONTACT_REQUEST.search(header)))


def is_personal_column(header: str, series: pd.Series) -> bool:
    """A personal-detail column: by its header, except a question asking whether the team may
    contact the person whose answers are all "Yes"/"No" (consent, with no details in it)."""
    if len(header.split()) <= 5 and PERSONAL_NAME.search(header):
        return True
    if not CONTACT_REQUEST.search(header):
        return False
    values = _filled(series)
    return values.empty or not all(_YES_NO.match(v) for v in values)


def looks_like_choices(series: pd.Series) -> bool:
    """Answers from a set of choices: not (mostly) all different from each other."""
    values = _filled(series)
    distinct = values.nunique()
    return bool(distinct <= _CHOICE_MAX_DISTINCT or distinct <= 0.5 * len(values))


def _varied_words(series: pd.Series) -> bool:
    """Answers of two words or more on average, at least 80% of them different."""
    values = _filled(series)
    return bool(len(values) and values.nunique() >= 0.8 * len(values)
                and values.str.split().str.len().mean() >= 2)


def looks_like_long_text(series: pd.Series) -> bool:
    """Answers long enough that the column must be free text whatever its header says."""
    values = _filled(series)
    return bool(len(values) and values.str.len().mean() >= 60)


def plan_columns(
    frame: pd.DataFrame,
    *,
    text_columns: list[str] | None = None,
    id_column: str | None = None,
    meta_columns: list[str] | None = None,
    closed_columns: list[str] | None = None,
    question_column: str | None = None,
    group_column: str | None = None,
) -> ColumnPlan:
    """Use the columns given, and detect the rest sensibly (saying what was chosen)."""
    columns = list(frame.columns)
    given = [*(text_columns or []), *(meta_columns or []), *(closed_columns or [])]
    for named in (id_column, question_column, group_column):
        if named:
            given.append(named)
    missing = [c for c in given if c not in columns]
    if missing:
        raise InputFileError(
            f"column(s) not found: {', '.join(map(repr, missing))}; columns are: "
            + ", ".join(map(repr, columns))
        )
    plan = ColumnPlan(id_column=id_column, question_column=question_column,
                      group_column=group_column)
    if question_column:
        plan.messages.append(f"question column: {question_column!r}")
    if group_column and group_column in [*(text_columns or []), *(closed_columns or [])]:
        raise InputFileError(
            f"column {group_column!r} is named both as the respondent group column and as a "
            "question column: name it once")
    taken = set(given)
    if plan.id_column is None:
        for col in columns:
            values = _filled(frame[col])
            if looks_like_personal_detail(col):  # "Respondent name", "NHS number (ID)"
                continue
            if ID_NAME.search(col) and len(values) and values.is_unique is not None:
                if values.nunique() >= 0.5 * len(values) and col not in taken:
                    plan.id_column = col
                    plan.messages.append(f"id column: {col!r}")
                    break
    if plan.id_column is None:
        plan.messages.append(
            "no id column found: comments are numbered by spreadsheet row (row-N); name the "
            "column that holds response ids with --id-column"
        )
    taken.add(plan.id_column or "")
    for col in columns:
        if col in taken or col == "":
            continue
        if is_personal_column(col, frame[col]):
            plan.personal_columns.append(col)
            taken.add(col)
        elif is_date_header(col):
            if plan.date_column is None:
                plan.date_column = col
            else:
                plan.unused_columns.append(col)
            taken.add(col)
    if plan.personal_columns:
        plan.messages.append(
            "personal-detail columns left out (never stored): "
            + ", ".join(map(repr, plan.personal_columns))
        )
    for col in columns:
        # Header names say "who" and "where" more reliably than the values do.
        if col in taken or not col or (text_columns is None and looks_like_long_text(frame[col])):
            continue
        if plan.group_column is None and is_group_column(col, frame[col]):
            plan.group_column = col
        elif plan.locality_column is None and LOCALITY_NAME.search(col):
            plan.locality_column = col
        elif meta_columns is None and META_NAME.search(col):
            plan.meta_columns.append(col)
        else:
            continue
        taken.add(col)
    if text_columns:
        plan.text_columns = list(text_columns)
    else:
        plan.text_columns = [
            c for c in columns if c not in taken and c and looks_like_free_text(frame[c])
        ]
        for col in plan.text_columns:
            if separator := choice_separator(frame[col]):
                plan.multiple_columns[col] = separator
        plan.text_columns = [c for c in plan.text_columns if c not in plan.multiple_columns]
        if plan.text_columns:
            plan.messages.append(
                "free-text columns detected: " + ", ".join(map(repr, plan.text_columns))
            )
    taken.update(plan.text_columns)
    plan.meta_columns += list(meta_columns or [])
    plan.closed_columns = list(closed_columns or [])
    admin: list[str] = []
    if closed_columns is None:
        rest = [c for c in columns if c not in taken and c]
        admin = [c for c in rest if ADMIN_NAME.search(str(c))]
        if admin:
            plan.unused_columns += admin
            rest = [c for c in rest if c not in admin]
            plan.messages.append(
                "about the paperwork, not an answer, so left out (name them with "
                "--closed-column to count them): " + ", ".join(map(repr, admin)))
        for col in rest:
            if separator := choice_separator(frame[col]):
                plan.multiple_columns[col] = separator
        plan.closed_columns = [
            c for c in rest if c in plan.multiple_columns or looks_like_choices(frame[c])
        ]
        plan.unused_columns += [c for c in rest if c not in plan.closed_columns]
        plan.closed_columns += [c for c in plan.multiple_columns if c not in rest]
    else:
        for col in plan.closed_columns:
            if separator := choice_separator(frame[col]):
                plan.multiple_columns[col] = separator
    asked_open = [c for c in plan.closed_columns
                  if c not in plan.multiple_columns and _ASKS_FOR_WORDS.search(str(c))
                  and _filled(frame[c]).nunique() >= 6
                  and not (closed_columns and c in closed_columns)]
    if text_columns is None:
        # Short answers nearly all different ("The garden", "Bus late", "Good team"), to a
        # question that asks for words: a plain-language survey's free text, not choices.
        varied = [c for c in asked_open if _varied_words(frame[c])]
        if varied:
            plan.text_columns = [c for c in columns if c in {*plan.text_columns, *varied}]
            plan.closed_columns = [c for c in plan.closed_columns if c not in varied]
            asked_open = [c for c in asked_open if c not in varied]
            plan.messages.append(
                "asked like open questions and answered briefly, in words nearly all different, "
                "so read as free text (name them with --closed-column to count them as "
                "tick-box answers instead): " + ", ".join(map(repr, varied))
            )
    if asked_open:
        plan.messages.append(
            "asked like open questions but answered briefly, so counted as tick-box questions "
            "(name them with --text-column to theme their answers instead): "
            + ", ".join(map(repr, asked_open))
        )
    if plan.multiple_columns:
        plan.messages.append(
            "tick-all-that-apply columns (each option ticked is counted): "
            + ", ".join(map(repr, plan.multiple_columns))
        )
    unexplained = [c for c in plan.unused_columns if c not in admin]
    if unexplained:
        plan.messages.append(
            "left out, neither free text nor choices (name them with --closed-column or "
            "--text-column to keep them): " + ", ".join(map(repr, unexplained))
        )
    for col in plan.meta_columns:
        if plan.group_column is None and is_group_header(col):
            plan.group_column = col
        elif plan.locality_column is None and LOCALITY_NAME.search(col):
            plan.locality_column = col
    if not (text_columns or meta_columns or closed_columns):
        plan.messages.append(
            f"respondent group: {plan.group_column!r}, locality: {plan.locality_column!r}, "
            f"closed questions: {len(plan.closed_columns)}"
            + (": " + ", ".join(map(repr, plan.closed_columns)) if plan.closed_columns else "")
        )
    return plan
