"""Ingest files into the store: read, redact, de-duplicate, and account for every row."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from engage import audit
from engage.locks import exclusive
from engage.models import ClosedAnswer, Comment, Event, Exercise, Question, Respondent, SourceFile
from engage.store import Store
from surveys.detect import detect_kind
from surveys.easyread import read_easyread
from surveys.mapping import load_question_map, slugify
from surveys.notes import read_notes
from surveys.pii_lexicon import AMBIGUOUS_NAMES, AMBIGUOUS_SURNAMES, FIRST_NAMES, SURNAMES
from surveys.records import EventInfo, InputFileError, InputRow, ReadResult
from surveys.redact import apply, resolve
from surveys.survey import parse_date, read_survey


class Redactor(Protocol):
    """What ingest needs from :class:`surveys.redact.Redactor`."""

    def redact_many(self, texts: Sequence[str]) -> list[Any]: ...


@dataclass
class IngestOptions:
    """Options of ``engage ingest`` (see its ``--help``)."""

    kind: str = "auto"
    # Who ingests (a signed-in user in the app): the History of changes names them.
    actor: str = "cli"
    text_columns: list[str] | None = None
    id_column: str | None = None
    meta_columns: list[str] | None = None
    closed_columns: list[str] | None = None
    question_map: str | Path | None = None
    question_column: str | None = None
    group_column: str | None = None
    month_first: bool = False
    exercise: str | None = None
    event_name: str | None = None
    event_date: str | None = None
    event_place: str | None = None
    event_audience: str | None = None
    event_locality: str | None = None


@dataclass
class FileReport:
    """What happened to one file: every input row is counted exactly once."""

    path: str
    kind: str | None = None
    rows: int = 0
    ingested: int = 0
    duplicates: int = 0
    empty: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    redactions: int = 0
    redactions_by_type: dict[str, int] = field(default_factory=dict)
    comments: int = 0
    messages: list[str] = field(default_factory=list)
    error: str | None = None
    sha256: str | None = None
    # Which rows were empty and which duplicate (row numbers as for ``rejected``), to check
    # against the paper forms or the export.
    empty_rows: list[int] = field(default_factory=list)
    duplicate_rows: list[int] = field(default_factory=list)
    # The exercise the file went into, its theme framework's name, and whether this ingest
    # created the exercise.
    exercise: str | None = None
    framework: str | None = None
    new_exercise: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``--json`` shape)."""
        return asdict(self)

    @property
    def accounted(self) -> bool:
        """True when ingested + duplicates + empty + rejected equals rows."""
        return self.ingested + self.duplicates + self.empty + len(self.rejected) == self.rows


def content_hash(source: str, comment_id: str, question_id: str, text: str) -> str:
    """Identity of a comment's content: re-ingesting the same row gives the same hash."""
    payload = json.dumps([source, comment_id, question_id, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _text_redactor(redactor: Redactor | None):  # noqa: ANN202 - a TextRedactor or None
    """Redact short texts (headers) with ``redactor``, returning the redacted strings."""
    if redactor is None:
        return None

    def redact(texts: Sequence[str]) -> list[str]:
        return [r.text for r in redactor.redact_many(list(texts))] if texts else []

    return redact


def read_file(
    path: Path, kind: str, options: IngestOptions, redactor: Redactor | None = None
) -> ReadResult:
    """Read one file with the reader for its kind; with ``redactor``, column headers are
    redacted before they are used."""
    questions = load_question_map(options.question_map)
    redact = _text_redactor(redactor)
    if kind == "auto":
        kind = detect_kind(path)
    if kind == "survey":
        return read_survey(
            path,
            questions,
            text_columns=options.text_columns,
            id_column=options.id_column,
            meta_columns=options.meta_columns,
            closed_columns=options.closed_columns,
            question_column=options.question_column,
            month_first=options.month_first,
            group_column=options.group_column,
            redact=redact,
        )
    if options.group_column:
        raise InputFileError(
            f"--group-column {options.group_column!r} is for survey files; this is read as "
            f"{kind} (its respondent groups come from the form itself)")
    if kind == "easyread":
        return read_easyread(path, questions, redact=redact)
    if kind == "notes":
        result = read_notes(path)
        _apply_event_options(result, options)
        return result
    raise InputFileError(f"unknown kind {kind!r}: use auto, survey, notes or easyread")


def _apply_event_options(result: ReadResult, options: IngestOptions) -> None:
    event = result.event or EventInfo(name="")
    if options.event_name:
        event.name = options.event_name
    if options.event_date:
        event.date = parse_date(options.event_date)
    event.place = options.event_place or event.place
    event.audience = options.event_audience or event.audience
    event.locality = options.event_locality or event.locality
    result.event = event


class _Writer:
    """Writes one file's rows in one transaction, using preloaded ids and hashes."""

    def __init__(self, session: Session, exercise: Exercise, source_file: SourceFile,
                 reused: bool = False) -> None:
        self.s = session
        self.exercise = exercise
        self.file = source_file
        self.redated = 0  # people already stored whose date this reading changed
        existing = session.execute(
            select(Comment.comment_id, Comment.content_hash, SourceFile.name)
            .join(SourceFile, Comment.source_file_id == SourceFile.id, isouter=True)
            .where(Comment.exercise_id == exercise.id)
        ).all()
        self.hashes = {h for _, h, _ in existing}
        self.ids = {cid: (h, name) for cid, h, name in existing}
        # A file with these very bytes went in before: its rows keep the people they were
        # given then (by row), so a re-ingest adds nothing even if ids would now be made
        # differently (an id column detected that was not before).
        # (``reused``: this very file, same name and bytes, is that record.)
        earlier = select(SourceFile.id).where(
            SourceFile.exercise_id == exercise.id, SourceFile.sha256 == source_file.sha256)
        if not reused:
            earlier = earlier.where(SourceFile.id != source_file.id)
        self.seen_before = source_file.sha256 is not None and (reused or session.scalar(
            earlier.limit(1)) is not None)
        self.people_by_row: dict[int, str] = dict(session.execute(
            select(Comment.row_number, Respondent.external_id)
            .join(Respondent, Comment.respondent_id == Respondent.id)
            .where(Comment.source_file_id.in_(earlier))
        ).all()) if self.seen_before else {}
        # ... and its answers, by row and question: read again with other columns named as
        # free text, the comment ids change ("S01" becomes "S01/What is bad?") but an answer
        # stored then is still the same answer.
        self.earlier_answers: set[tuple[int | None, str, str]] = {
            (row, question, text) for row, question, text in session.execute(
                select(Comment.row_number, Question.canonical_id, Comment.original_text)
                .join(Question, Comment.question_id == Question.id)
                .where(Comment.source_file_id.in_(earlier)))
        } if self.seen_before else set()
        self.earlier_files = earlier
        self.reread_as_text: list[str] = []
        self.questions: dict[str, Question] = {
            q.canonical_id: q
            for q in session.scalars(select(Question).where(Question.exercise_id == exercise.id))
        }

    def question(self, canonical_id: str, text: str, kind: str) -> Question:
        found = self.questions.get(canonical_id)
        if found is not None and kind == "open" and found.kind != "open" and self.seen_before:
            self._read_again_as_text(found)
        if found is None:
            found = Question(
                exercise_id=self.exercise.id, canonical_id=canonical_id, text=text, kind=kind
            )
            self.s.add(found)
            self.s.flush()
            self.questions[canonical_id] = found
        return found

    def _read_again_as_text(self, question: Question) -> None:
        """This file was read before with ``question`` as tick-box answers; now it is free
        text (named with --text-column): those answers are replaced by the comments."""
        earlier_people = select(Respondent.id).where(
            Respondent.source_file_id.in_(self.earlier_files))
        self.s.execute(delete(ClosedAnswer).where(
            ClosedAnswer.question_id == question.id,
            ClosedAnswer.respondent_id.in_(earlier_people)))
        still_closed = self.s.scalar(
            select(ClosedAnswer.id).where(ClosedAnswer.question_id == question.id).limit(1))
        if still_closed is None:
            question.kind = "open"
        self.reread_as_text.append(question.text or question.canonical_id)

    def event(self, info: EventInfo) -> Event:
        found = self.s.scalar(
            select(Event).where(
                Event.exercise_id == self.exercise.id,
                Event.name == info.name,
                Event.date == info.date,
            )
        )
        if found is None:
            found = Event(
                exercise_id=self.exercise.id,
                name=info.name,
                date=info.date,
                place=info.place,
                audience=info.audience,
                locality=info.locality,
                source_file_id=self.file.id,
            )
            self.s.add(found)
            self.s.flush()
        return found

    def respondent(self, row: InputRow, source: str) -> Respondent:
        found = self.s.scalar(
            select(Respondent).where(
                Respondent.exercise_id == self.exercise.id,
                Respondent.source == source,
                Respondent.external_id == row.respondent_id,
            )
        )
        if found is None:
            found = Respondent(
                exercise_id=self.exercise.id,
                external_id=row.respondent_id,
                group=row.group,
                locality=row.locality,
                submitted=row.submitted,
                meta=row.meta,
                source=source,
                source_file_id=self.file.id,
            )
            self.s.add(found)
            self.s.flush()
        elif row.submitted and found.submitted != row.submitted:  # read again, read better
            found.submitted = row.submitted
            self.redated += 1
        return found


# A person numbered by row: no id column, or an id replaced as a personal detail ("ER-row-4").
_ROW_ID = re.compile(r"(?:^|:)(?:ER-)?row-\d+$")


def _numbered(result: ReadResult, row: InputRow) -> bool:
    """Whether the row's person is numbered by row rather than by an id of the file's."""
    return result.id_is_generated or bool(_ROW_ID.search(row.respondent_id or ""))


def _keep_numbered_respondents_apart(
    session: Session, exercise: Exercise, path: Path, result: ReadResult, report: FileReport
) -> None:
    """Without an id column, people are numbered by row (``row-N``; so are people whose id
    was replaced as a personal detail); when another file of the exercise already has people
    so numbered, this file's become ``<file-stem>:row-N``, so a second survey's respondents
    are not taken for the first's (their group, area, details)."""
    numbered = [row for row in result.rows if row.respondent_id and _numbered(result, row)]
    ids = {row.respondent_id for row in numbered}
    if not ids:
        return
    taken = session.scalar(
        select(Respondent.id)
        .join(SourceFile, SourceFile.id == Respondent.source_file_id)
        .where(Respondent.exercise_id == exercise.id, Respondent.source == result.kind,
               Respondent.external_id.in_(ids), SourceFile.name != path.name)
        .limit(1)
    )
    if taken is None:
        return
    prefix = f"{slugify(path.stem)}:"
    for row in numbered:
        row.respondent_id = prefix + row.respondent_id
    report.messages.append(
        f"another file already numbers its people by row: this file's are {prefix}row-N")


def _plan_answers(
    writer: _Writer, result: ReadResult, row: InputRow, redacted: list[Any], path: Path
) -> tuple[list[tuple[Any, Any, str, str]], str | None]:
    """The row's answers not stored yet, with their ids and hashes; or why the row clashes."""
    planned = []
    for answer, red in zip(row.answers, redacted, strict=True):
        if (row.row, answer.question_id, answer.text) in writer.earlier_answers:
            continue  # this very file, read before with other columns named
        cid = _comment_id(result, row, answer.column, path.stem)
        if _numbered(result, row) and cid in writer.ids and writer.ids[cid][1] != path.name:
            cid = f"{slugify(path.stem)}:{cid}"
        digest = content_hash(result.kind, cid, answer.question_id, answer.text)
        if digest in writer.hashes:
            continue
        if cid in writer.ids:
            return [], f"comment id {cid!r} is already used by a different comment"
        planned.append((answer, red, cid, digest))
    return planned, None


# Characters that join the words of a file name ("workshop-with-cllr-jane-doe").
_NAME_JOINS = re.compile(r"[-_.+~]")


# First names and surnames that are not also everyday words or places ("Jane", "Evans"; not
# "Mark", "Cross").
_SURE_NAMES = (FIRST_NAMES | SURNAMES) - AMBIGUOUS_NAMES - AMBIGUOUS_SURNAMES


def _surely_a_name(text: str) -> bool:
    """Whether a text holds one of :data:`_SURE_NAMES`."""
    return any(w.casefold() in _SURE_NAMES for w in re.findall(r"\w+", text))


def redacted_stem(stem: str, redactor: Redactor) -> str:
    """A file name's stem with personal details replaced as written ("drop-in notes [NAME]",
    "workshop-with-cllr-[NAME]"); the stem itself when it has none. The joins between words
    are read as spaces, and the words also capitalised, so "jane-doe" is found as "Jane Doe"
    (a capitalised find counts when it continues a name found as written, or holds a known
    name that is not also a word or place: "mile-cross" is not a person)."""
    spaced = _NAME_JOINS.sub(" ", stem)
    capitalised = " ".join(w[:1].upper() + w[1:] for w in spaced.split(" "))
    same_length = len(capitalised) == len(spaced)
    found = redactor.redact_many([stem, spaced, *([capitalised] if same_length else [])])
    spans = [*found[0].spans, *found[1].spans]  # as written: "aisha@example.com" too
    for span in found[2].spans if same_length else ():
        overlaps = any(span.start < s.end and s.start < span.end for s in spans)
        if overlaps or _surely_a_name(capitalised[span.start:span.end]):
            spans.append(span)
    return apply(stem, resolve(spans)) if spans else stem


def _comment_id(result: ReadResult, row: InputRow, column: str, stem: str) -> str:
    if result.kind == "notes":  # several points on one line (a table row): "-<line>.<n>"
        part = column.partition(":")[2]
        return f"{slugify(stem)}-{row.row}" + (f".{part}" if part else "")
    base = row.respondent_id or f"row-{row.row}"
    return base if len(result.text_columns) == 1 else f"{base}/{column}"


def _store_rows(
    session: Session,
    exercise: Exercise,
    path: Path,
    result: ReadResult,
    redacted: list[Any],
    report: FileReport,
) -> None:
    """Store the file's rows; ``path`` names the file as stored (see :func:`redacted_stem`)."""
    # The same file (name and bytes) ingested again is the same file: one record, so files are
    # not counted twice (``engage status``, reports).
    source_file = session.scalar(
        select(SourceFile).where(
            SourceFile.exercise_id == exercise.id, SourceFile.sha256 == report.sha256,
            SourceFile.name == path.name, SourceFile.kind == result.kind,
        ).order_by(SourceFile.id).limit(1)
    ) if report.sha256 else None
    reused = source_file is not None
    previous = dict(source_file.report or {}) if source_file is not None else {}
    if source_file is None:
        source_file = SourceFile(
            exercise_id=exercise.id, name=path.name, sha256=report.sha256, kind=result.kind,
            report={},
        )
        session.add(source_file)
        session.flush()
    writer = _Writer(session, exercise, source_file, reused=reused)
    _keep_numbered_respondents_apart(session, exercise, path, result, report)
    event = writer.event(result.event) if result.event else None
    by_type: Counter[str] = Counter()
    position = 0
    rows_of_person: dict[str | None, int] = {}
    for row in tqdm(result.rows, desc=path.name, unit="row", disable=None, leave=False):
        report.messages += [f"row {row.row}: {note}" for note in row.notes]
        if row.error:
            report.rejected.append({"row": row.row, "reason": row.error})
            position += len(row.answers)
            continue
        if writer.seen_before and row.row in writer.people_by_row:
            row.respondent_id = writer.people_by_row[row.row]
        reds = redacted[position:position + len(row.answers)]
        position += len(row.answers)
        planned, clash = _plan_answers(writer, result, row, reds, path)
        first = rows_of_person.setdefault(row.respondent_id, row.row)
        if result.one_row_per_person and first != row.row and (planned or clash):
            # Two forms given one number (a typing slip): both are kept, as two people.
            given = row.respondent_id
            row.respondent_id = f"{given} (row {row.row})"
            planned, clash = _plan_answers(writer, result, row, reds, path)
            if planned:  # (not when that second person is already stored: a duplicate)
                report.messages.append(
                    f"row {row.row}: {given!r} is also the id on row {first}, with different "
                    f"answers: kept as a second person, {row.respondent_id!r} (check the forms)")
        if clash:
            report.rejected.append(
                {"row": row.row, "reason": clash + " (give unique ids with --id-column)"}
            )
            continue
        # A row of a file seen before whose person is not known by row (no comment then) was
        # stored then, closed answers and all.
        known = not writer.seen_before or row.row in writer.people_by_row
        # A blank row (nothing written, nothing ticked) is nobody.
        said_anything = bool(row.answers or row.closed or row.group or row.locality
                             or any(row.meta.values()))
        respondent = (writer.respondent(row, result.kind)
                      if row.respondent_id and known and said_anything else None)
        if respondent is not None:
            for value in row.closed:
                question = writer.question(
                    value.question_id,
                    value.question_text,
                    "multiple" if value.multiple else "closed",
                )
                exists = session.scalar(
                    select(ClosedAnswer.id).where(
                        ClosedAnswer.respondent_id == respondent.id,
                        ClosedAnswer.question_id == question.id,
                    )
                )
                if exists is None:
                    session.add(
                        ClosedAnswer(
                            respondent_id=respondent.id,
                            question_id=question.id,
                            value=value.value,
                            score=value.score,
                        )
                    )
        if not row.answers:
            report.empty += 1
            report.empty_rows.append(row.row)
            continue
        if not planned:
            report.duplicates += 1
            report.duplicate_rows.append(row.row)
            continue
        for answer, red, cid, digest in planned:
            question = writer.question(answer.question_id, answer.question_text, "open")
            spans = [{"start": s.start, "end": s.end, "label": s.label} for s in red.spans]
            by_type.update(s.label for s in red.spans)
            session.add(
                Comment(
                    exercise_id=exercise.id,
                    comment_id=cid,
                    source=result.kind,
                    text=red.text,
                    original_text=answer.text,
                    redactions=spans,
                    content_hash=digest,
                    respondent_id=respondent.id if respondent else None,
                    question_id=question.id,
                    event_id=event.id if event else None,
                    section=row.section,
                    source_file_id=source_file.id,
                    row_number=row.row,
                )
            )
            writer.hashes.add(digest)
            writer.ids[cid] = (digest, path.name)
            report.comments += 1
        report.ingested += 1
    report.redactions = sum(by_type.values())
    report.redactions_by_type = dict(sorted(by_type.items()))
    if writer.redated:
        report.messages.append(
            f"dates of {writer.redated} people already stored were read again and changed")
    if writer.reread_as_text:
        report.messages.append(
            "read as free text this time, so their tick-box answers stored before are replaced "
            "by these comments: " + ", ".join(map(repr, writer.reread_as_text)))
    # (The stored report names the file as stored, not by the path it was read from.)
    stored = report.to_dict() | {"path": path.name}
    source_file.report = _merged_report(previous, report) if reused else stored


def _merged_report(previous: dict[str, Any], report: FileReport) -> dict[str, Any]:
    """The stored report of a file ingested again: the first ingest's, with what later ingests
    added (comments, redactions) counted in and each later ingest summarised."""
    merged = dict(previous)
    for key in ("comments", "redactions"):
        merged[key] = int(previous.get(key) or 0) + getattr(report, key)
    merged["later_ingests"] = [*previous.get("later_ingests", []), {
        "rows": report.rows, "ingested": report.ingested, "duplicates": report.duplicates,
        "empty": report.empty, "rejected": len(report.rejected),
        "comments": report.comments, "redactions": report.redactions}]
    return merged


def ingest_file(store: Store, path: Path, options: IngestOptions, redactor: Redactor) -> FileReport:
    """Ingest one file; a file-level problem is recorded in ``report.error``, never raised."""
    report = FileReport(path=str(path))
    try:
        if not path.is_file():
            raise InputFileError("no such file")
        report.sha256 = file_sha256(path)
        result = read_file(path, options.kind, options, redactor)
    except (InputFileError, OSError) as exc:
        report.error = f"{path}: {exc}"
        return report
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the others
        report.error = (f"{path}: could not be read ({type(exc).__name__}: {exc}); nothing "
                        "from it was stored. Please report this with the file's layout")
        return report
    report.kind = result.kind
    report.rows = len(result.rows)
    report.messages = result.messages
    # The file's name as stored, shown and used in ids: with personal details redacted.
    named = path.with_name(redacted_stem(path.stem, redactor) + path.suffix)
    if result.event is not None and result.event.name == path.stem:
        result.event.name = named.stem
    texts = [a.text for row in result.rows for a in row.answers]
    redacted = redactor.redact_many(texts)
    details = _redact_details(result.rows, redactor)
    about = _redact_event_details(result, redactor)
    # One file's writing at a time per store: two ingests at once would both create the
    # exercise, or the same respondents, and one would fail on the unique keys.
    with exclusive(store, "ingest"), store.session() as session, session.begin():
        before = set(session.scalars(select(Exercise.id)))
        exercise = store.exercise(session, options.exercise, create=True)
        _say_exercise_and_framework(session, exercise, exercise.id not in before, report)
        _store_rows(session, exercise, named, result, redacted, report)
        audit.record(session, exercise, options.actor, "ingest", "file", named.name, None, {
            "rows": report.rows, "ingested": report.ingested, "duplicates": report.duplicates,
            "empty": report.empty, "rejected": len(report.rejected)})
    if details:
        report.messages.append(
            f"{details} person name(s) redacted in tick-box answers and respondent details")
    if about:
        report.messages.append(
            f"{about} personal detail(s) redacted in the event's details (name, place, "
            "audience, locality) and section headings")
    return report


@lru_cache(maxsize=1)
def default_framework_name() -> str:
    """The name of the framework an exercise gets when none was loaded into it."""
    from themes.framework import DEFAULT_FRAMEWORK, load_framework

    return load_framework(DEFAULT_FRAMEWORK).name


def _say_exercise_and_framework(
    session: Session, exercise: Exercise, new: bool, report: FileReport
) -> None:
    """Name the exercise and its framework in the report; say so when the exercise is new,
    and which framework it uses (the default, even when another exercise has its own)."""
    report.exercise = exercise.name
    report.framework = exercise.framework_name or default_framework_name()
    report.new_exercise = new
    if not new:
        return
    message = (f"new exercise {exercise.name!r} created, using the framework "
               f"{report.framework!r}")
    others = session.execute(
        select(Exercise.name, Exercise.framework_name)
        .where(Exercise.id != exercise.id, Exercise.framework_name.is_not(None),
               Exercise.framework_name != report.framework)
        .order_by(Exercise.id)
    ).all()
    if others:
        name, framework = others[0]
        message += (
            f" (the default), not {framework!r}, which exercise {name!r} uses: to use that one "
            f"here too, run 'engage framework show --exercise {name!r} --yaml > framework.yaml' "
            f"and 'engage framework load framework.yaml --exercise {exercise.name!r}'")
    report.messages.insert(0, message)


def _redact_event_details(result: ReadResult, redactor: Redactor) -> int:
    """Redact the event's name, place, audience and locality, and the notes' section headings
    (free text written about the meeting: "Workshop with Councillor ...", "14 Blue Boar
    Lane"), as comment text is, before they are stored. Returns how many details were
    replaced."""
    event = result.event
    fields = ("name", "place", "audience", "locality")
    values = {getattr(event, f) for f in fields} if event is not None else set()
    values |= {row.section for row in result.rows}
    ordered = sorted(v for v in values if v and v.strip())
    if not ordered:
        return 0
    found = dict(zip(ordered, redactor.redact_many(ordered), strict=True))
    replaced = sum(len(found[v].spans) for v in ordered)
    if event is not None:
        for name in fields:
            value = getattr(event, name)
            if value and value in found:
                setattr(event, name, found[value].text)
    for row in result.rows:
        if row.section and row.section in found:
            row.section = found[row.section].text
    return replaced


def _redact_details(rows: list[InputRow], redactor: Redactor) -> int:
    """Find names in tick-box answers, respondent details and localities, as in free text.

    The readers already replaced pattern details (emails, phone numbers...) in these short
    values; a name typed into a "Contact person" or "Other (please say)" box needs the name
    finder too. Each distinct value is redacted once. Returns how many names were replaced.
    """
    options = (part for row in rows for c in row.closed for part in c.value.split("\n"))
    values = {v for row in rows for v in (*row.meta.values(), row.locality or "") if v.strip()}
    values |= {v for v in options if v.strip()}
    if not values:
        return 0
    ordered = sorted(values)
    found = dict(zip(ordered, redactor.redact_many(ordered), strict=True))
    names = 0
    for row in rows:
        for key, value in row.meta.items():
            row.meta[key], n = _redacted_value(found, value)
            names += n
        closed = []
        for item in row.closed:
            parts = [_redacted_value(found, part) for part in item.value.split("\n")]
            text = "\n".join(part for part, _ in parts)
            names += sum(n for _, n in parts)
            closed.append(replace(item, value=text) if text != item.value else item)
        row.closed = closed
        if row.locality:
            row.locality, n = _redacted_value(found, row.locality)
            names += n
    return names


def _redacted_value(found: dict[str, Any], value: str) -> tuple[str, int]:
    """The redacted form of a short value and how many names it lost."""
    red = found.get(value)
    if red is None or not red.spans:
        return value, 0
    return red.text, sum(1 for span in red.spans if span.label == "NAME")


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    options: IngestOptions,
    redactor: Redactor | None = None,
) -> list[FileReport]:
    """Ingest every path; one bad file never stops the others."""
    if redactor is None:
        from surveys.redact import get_redactor

        redactor = get_redactor()
    return [ingest_file(store, Path(p), options, redactor) for p in paths]
