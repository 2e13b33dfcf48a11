"""Flags and re-redaction: safeguarding concerns for a person to follow up, and personal
details the redaction missed (the comment is hidden until :func:`reredact` masks them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.models import Comment, Exercise, Flag, utcnow
from engage.workflow.errors import WorkflowError
from engage.workflow.visibility import HIDDEN_TEXT, PERSONAL, SAFEGUARDING, hidden_pks

REVIEWER_CATEGORY = "reviewer"
MISSED_CATEGORY = "missed"
# A comment not in English: nobody has checked it for risk (the checks read English only).
NOT_ENGLISH = "not_english"
# What each safeguarding category is about, in plain words.
CONCERN_WORDS = {
    "suicidal_intent": "thoughts of suicide",
    "self_harm": "self-harm",
    "abuse_neglect": "abuse or neglect",
    "harm_to_others": "harm to others",
    REVIEWER_CATEGORY: "a reviewer's concern",
    NOT_ENGLISH: "not checked for risk: not written in English",
}
_MODEL_NOTE = re.compile(r"^level: (\w+); cue: ([^\n]*)")
# Starts the line a person adds to a flag's note when clearing it.
DEALT_WITH = "Dealt with: "
_LANGUAGE_NOTE = re.compile(r"^Written in (.+?): ")


def language_note(language: str) -> str:
    """The note of a :data:`NOT_ENGLISH` flag, naming the comment's language."""
    return f"Written in {language}: a person who reads {language} must read it."


def language_of_note(note: str | None) -> str | None:
    """The language a :data:`NOT_ENGLISH` flag's note names."""
    found = _LANGUAGE_NOTE.match(note or "")
    return found.group(1) if found else None


def concern_reason(category: str, note: str | None) -> str:
    """Why a flag was raised, in plain words ("Self-harm (may be happening now), because of
    the words “cutting again”.") instead of the stored ``level: ...; cue: ...`` note."""
    what = CONCERN_WORDS.get(category, category.replace("_", " "))
    what = what[:1].upper() + what[1:]
    note = (note or "").split(f"\n{DEALT_WITH}")[0]  # why it was raised, not how it was dealt with
    match = _MODEL_NOTE.match(note)
    if match is None:
        return what + (f". Note: {note}" if note else ".")
    level, cue = match.groups()
    how = "may be happening now" if level == "current" else "possible, or in the past"
    why = ("its meaning is close to an example of a disclosure the computer knows"
           if cue.startswith("similar to:") else f"the words “{cue}”")
    return f"{what} ({how}), because {why}." if why.startswith("its") else (
        f"{what} ({how}), because of {why}.")


def _exercise_of(session: Session, comment: Comment) -> Exercise:
    return session.get(Exercise, comment.exercise_id)


def _raise_flag(
    session: Session,
    comment: Comment,
    kind: str,
    category: str,
    actor: str,
    note: str,
    sentence: str,
) -> Flag:
    flag = session.scalar(
        select(Flag).where(
            Flag.comment_pk == comment.id, Flag.kind == kind, Flag.category == category
        )
    )
    before = None
    if flag is None:
        flag = Flag(comment_pk=comment.id, kind=kind, category=category)
        session.add(flag)
    elif flag.status == "open":
        return flag
    else:
        before = {"status": flag.status, "cleared_by": flag.cleared_by}
    flag.status = "open"
    flag.raised_by = actor
    flag.sentence = sentence
    flag.note = note or None
    flag.cleared_by = None
    flag.cleared_at = None
    flag.created_at = utcnow()
    session.flush()
    audit.record(
        session,
        _exercise_of(session, comment),
        actor,
        "flag",
        kind,
        comment.comment_id,
        before,
        {"status": "open", "category": category, "note": note or None},
    )
    return flag


def raise_safeguarding(
    session: Session, comment: Comment, actor: str, note: str = "", sentence: str = ""
) -> Flag:
    """Flag a safeguarding concern for a person to follow up (the comment stays visible)."""
    return _raise_flag(session, comment, SAFEGUARDING, REVIEWER_CATEGORY, actor, note, sentence)


def flag_personal_details(session: Session, comment: Comment, actor: str, note: str = "") -> Flag:
    """Report personal details the redaction missed; the text is hidden until re-redacted."""
    return _raise_flag(session, comment, PERSONAL, MISSED_CATEGORY, actor, note, "")


def clear_flag(session: Session, flag_id: int, actor: str, note: str) -> Flag:
    """A person clears one flag, saying what was done; who and when are recorded."""
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise WorkflowError(f"there is no flag number {flag_id}")
    if flag.status != "open":
        raise WorkflowError(f"this flag was already cleared by {flag.cleared_by}")
    if not (note or "").strip():
        raise WorkflowError("say briefly what was done before clearing the flag")
    comment = session.get(Comment, flag.comment_pk)
    concern = (concern_reason(flag.category, flag.note) if flag.kind == SAFEGUARDING
               else "personal details missed")
    before = {"status": flag.status, "concern": concern}
    flag.status = "cleared"
    flag.cleared_by = actor
    flag.cleared_at = utcnow()
    # What was done goes on a line of its own, after the reason the flag was raised.
    flag.note = "\n".join(x for x in (flag.note, f"{DEALT_WITH}{note.strip()}") if x)
    session.flush()
    audit.record(
        session,
        _exercise_of(session, comment),
        actor,
        "clear",
        flag.kind,
        comment.comment_id,
        before,
        {"status": "cleared", "concern": concern, "what was done": note.strip()},
    )
    return flag


URGENCY_WORDS = ("may be happening now", "possible, or in the past", "not checked yet")


def flag_urgency(category: str, raised_by: str, note: str | None) -> int:
    """0 for a concern a person raised or one the computer reads as happening now, 1 for a
    possible or past one, 2 for a comment nobody could check (not in English): the order in
    which to follow them up (see :data:`URGENCY_WORDS`)."""
    if category == NOT_ENGLISH:
        return 2
    if raised_by != "model":
        return 0
    match = _MODEL_NOTE.match(note or "")
    return 0 if match is None or match.group(1) == "current" else 1


def open_flags(session: Session, exercise: Exercise, kind: str | None = None) -> pd.DataFrame:
    """Open flags with their comment (hidden text stays hidden), most urgent first (see
    :func:`flag_urgency`), then oldest first."""
    query = (
        select(Flag, Comment.comment_id, Comment.text)
        .join(Comment, Flag.comment_pk == Comment.id)
        .where(Comment.exercise_id == exercise.id, Flag.status == "open")
        .order_by(Flag.created_at, Flag.id)
    )
    if kind:
        query = query.where(Flag.kind == kind)
    rows = session.execute(query).all()
    hidden = hidden_pks(session, [f.comment_pk for f, _, _ in rows])
    columns = [
        "flag_id",
        "comment_pk",
        "comment_id",
        "kind",
        "category",
        "raised_by",
        "raised_at",
        "sentence",
        "note",
        "text",
        "urgency",
    ]
    frame = pd.DataFrame(
        [
            {
                "flag_id": f.id,
                "comment_pk": f.comment_pk,
                "comment_id": cid,
                "kind": f.kind,
                "category": f.category,
                "raised_by": f.raised_by,
                "raised_at": f.created_at,
                "sentence": "" if f.comment_pk in hidden else f.sentence,
                "note": f.note or "",
                "text": HIDDEN_TEXT if f.comment_pk in hidden else text,
                "urgency": flag_urgency(f.category, f.raised_by, f.note),
            }
            for f, cid, text in rows
        ],
        columns=columns,
    )
    # A comment's cards go by its most urgent flag; the sort is stable, so oldest first after.
    most = frame.groupby("comment_pk")["urgency"].transform("min") if len(frame) else []
    return (frame.assign(_most=most).sort_values("_most", kind="stable")
            .drop(columns="_most").reset_index(drop=True))


def _merge_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sorted, non-overlapping spans; an overlap keeps the earlier span's label."""
    merged: list[dict[str, Any]] = []
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if merged and span["start"] < merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], span["end"])
            continue
        merged.append(dict(span))
    return merged


def _apply_spans(original: str, spans: list[dict[str, Any]]) -> str:
    out, pos = [], 0
    for span in spans:
        out.append(original[pos : span["start"]])
        out.append(f"[{span['label']}]")
        pos = span["end"]
    out.append(original[pos:])
    return "".join(out)


def _mask_words(text: str, words: Iterable[str], label: str) -> str:
    """``text`` with every occurrence of each of ``words`` (any letter case) as ``[label]``."""
    for word in sorted({w for w in words if w.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(word), f"[{label}]", text, flags=re.IGNORECASE)
    return text


def reredact(
    session: Session,
    comment: Comment,
    actor: str,
    *,
    spans: Iterable[tuple[int, int] | dict[str, Any]] = (),
    phrases: Iterable[str] = (),
    label: str = "REDACTED",
) -> Comment:
    """Mask more of a comment and clear its "personal details" flags.

    ``spans`` are character ranges of the original text; every occurrence of each phrase
    (case-insensitive, as it appears in the redacted text) is also masked. The new text is
    rebuilt from the original with the old and new masks, so earlier redactions stay. The
    audit keeps positions and counts only, never the words that were masked.
    """
    original = comment.original_text
    new: list[dict[str, Any]] = []
    for span in spans:
        start, end = (span["start"], span["end"]) if isinstance(span, dict) else span
        if not 0 <= start < end <= len(original):
            raise WorkflowError(f"range {start}-{end} is outside the comment")
        new.append({"start": int(start), "end": int(end), "label": label})
    lowered = original.lower()
    for phrase in phrases:
        phrase = phrase.strip()
        if not phrase:
            continue
        start = lowered.find(phrase.lower())
        if start < 0:
            raise WorkflowError(
                "could not find one of the phrases in the comment; copy it exactly as shown"
            )
        while start >= 0:
            new.append({"start": start, "end": start + len(phrase), "label": label})
            start = lowered.find(phrase.lower(), start + len(phrase))
    if not new:
        raise WorkflowError("give the words to hide")
    old = [dict(s) for s in comment.redactions or []]
    merged = _merge_spans(old + new)
    before = {"redactions": len(old), "length": len(comment.text)}
    comment.redactions = merged
    comment.text = _apply_spans(original, merged)
    after = {
        "redactions": len(merged),
        "length": len(comment.text),
        "masked": [[s["start"], s["end"]] for s in new],
    }
    exercise = _exercise_of(session, comment)
    audit.record(session, exercise, actor, "redact", "comment", comment.comment_id, before, after)
    hidden = {original[s["start"]:s["end"]] for s in new}
    for flag in session.scalars(select(Flag).where(Flag.comment_pk == comment.id)):
        # A flag quotes the sentence that raised it: the words now hidden go there too.
        flag.sentence = _mask_words(flag.sentence or "", hidden, label)
        if flag.note:
            flag.note = _mask_words(flag.note, hidden, label)
    for flag in session.scalars(
        select(Flag).where(
            Flag.comment_pk == comment.id, Flag.kind == PERSONAL, Flag.status == "open"
        )
    ):
        flag.status = "cleared"
        flag.cleared_by = actor
        flag.cleared_at = utcnow()
        flag.note = "; ".join(x for x in (flag.note, "re-redacted") if x)
        audit.record(
            session,
            exercise,
            actor,
            "clear",
            PERSONAL,
            comment.comment_id,
            {"status": "open"},
            {"status": "cleared", "note": flag.note},
        )
    session.flush()
    return comment
