"""Export comments to CSV/XLSX: redacted text only, formula-safe cells."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import aliased

from engage.frameworks import active_theme_ids
from engage.labels import current_codings
from engage.models import Comment, Event, Flag, Question, Respondent, Suggestion, TopicRecord
from engage.spreadsheet import FORMULA_PREFIXES, neutralise
from engage.store import Store
from engage.workflow import CONCERN_WORDS, HIDDEN_TEXT, SAFEGUARDING, hidden_pks
from themes.readability import MIN_WORDS_FOR_SENTENCE_FRE

ANALYSIS_COLUMNS = [
    "themes",
    "theme_source",
    "theme_confidence",
    # The model's themes that no reviewer has given to any comment yet: suggested from the
    # framework's words alone, so their confidence has not been checked against anyone.
    "themes_without_labels",
    "sentiment",
    "sentiment_score",
    "topic",
    "topic_label",
    "flags",
    "flag_reasons",
    "reading_ease",
]


class ExportError(Exception):
    """The export cannot be written as asked."""


def comments_frame(store: Store, exercise: str | None = None) -> pd.DataFrame:
    """One row per comment with its question, source, respondent and event details.

    Only the redacted text is included; the original never leaves the store.
    """
    with store.session() as s:
        ex = store.exercise(s, exercise)
        ev = aliased(Event)
        rows = s.execute(
            select(
                Comment.id.label("pk"),
                Comment.comment_id,
                Comment.text,
                Comment.source,
                Question.canonical_id.label("question"),
                Question.text.label("question_text"),
                Comment.section,
                Respondent.group.label("respondent_group"),
                Respondent.locality,
                Respondent.submitted,
                Respondent.meta,
                ev.name.label("event"),
                ev.date.label("event_date"),
                ev.audience.label("event_audience"),
                ev.locality.label("event_locality"),
            )
            .join(Question, Comment.question_id == Question.id, isouter=True)
            .join(Respondent, Comment.respondent_id == Respondent.id, isouter=True)
            .join(ev, Comment.event_id == ev.id, isouter=True)
            .where(Comment.exercise_id == ex.id)
            .order_by(Comment.id)
        ).all()
        # A comment reported for personal details the redaction missed stays hidden until
        # someone removes them: in the export as in the app.
        hidden = hidden_pks(s)  # few: the whole store's, matched to this exercise below
    frame = pd.DataFrame([r._asdict() for r in rows])
    if not frame.empty:
        frame.loc[frame.pop("pk").isin(hidden), "text"] = HIDDEN_TEXT
    if frame.empty:
        frame = pd.DataFrame(columns=["comment_id", "text", "source", "question"])
    else:
        frame["locality"] = frame["locality"].fillna(frame.pop("event_locality"))
        meta = pd.json_normalize(frame.pop("meta").apply(lambda m: m or {}).tolist())
        meta.columns = [f"meta: {c}" for c in meta.columns]
        frame = pd.concat([frame, meta], axis=1)
    analysis = analysis_columns(store, exercise)
    frame = frame.merge(analysis, on="comment_id", how="left") if not frame.empty else frame
    for column in ANALYSIS_COLUMNS:
        if column not in frame:
            frame[column] = ""
        filler = "none" if column == "theme_source" else ""
        frame[column] = frame[column].astype(object).where(frame[column].notna(), filler)
    return frame


def _joined(mapping: dict[str, float]) -> str:
    return ";".join(f"{k}={v:.2f}" for k, v in sorted(mapping.items(), key=lambda kv: -kv[1]))


def analysis_columns(store: Store, exercise: str | None = None) -> pd.DataFrame:
    """Per comment: themes (human codings win over the model), sentiment, topic, flags and
    Flesch reading ease (higher is easier)."""
    with store.session() as s:
        ex = store.exercise(s, exercise)
        rows = s.execute(
            select(Comment.id, Comment.comment_id, Suggestion)
            .join(Suggestion, Suggestion.comment_pk == Comment.id, isouter=True)
            .where(Comment.exercise_id == ex.id)
        ).all()
        codings = current_codings(s, ex)
        current = active_theme_ids(s, ex)
        topic_labels = dict(s.execute(
            select(TopicRecord.topic_id, TopicRecord.label).where(TopicRecord.exercise_id == ex.id)
        ).all())
        flags: dict[int, set[str]] = {}
        reasons: dict[int, list[str]] = {}
        for pk, kind, category, sentence, status in s.execute(
            select(Flag.comment_pk, Flag.kind, Flag.category, Flag.sentence, Flag.status)
            .join(Comment, Flag.comment_pk == Comment.id)
            .where(Comment.exercise_id == ex.id)
            .order_by(Flag.id)
        ):
            flags.setdefault(pk, set()).add(kind)
            if kind == SAFEGUARDING:
                what = CONCERN_WORDS.get(category, category)
                said = f": “{' '.join(sentence.split())}”" if sentence else ""
                done = " (dealt with)" if status != "open" else ""
                reasons.setdefault(pk, []).append(f"{what}{said}{done}")
    labelled = {t for coding in codings.values() for t in coding.themes}
    records = []
    for pk, comment_id, suggestion in rows:
        coding = codings.get(pk)
        record: dict[str, object] = {
            "comment_id": comment_id,
            "flags": ";".join(sorted(flags.get(pk, ()))),
            "flag_reasons": "; ".join(reasons.get(pk, ())),
        }
        if coding is not None:
            record["themes"] = ";".join(coding.themes)
            # Reviewers who disagree: the themes they all gave, marked as not settled.
            record["theme_source"] = "disputed" if coding.disputed else "human"
        # The model's themes since retired (until the next analysis) are left out.
        suggested = ([t for t in suggestion.themes if current is None or t in current]
                     if suggestion else [])
        if coding is None and suggestion is not None:
            record["themes"] = ";".join(suggested)
            record["theme_source"] = "model"
            record["themes_without_labels"] = ";".join(t for t in suggested if t not in labelled)
        if suggestion is not None:
            shown = coding.themes if coding is not None else suggested
            record["theme_confidence"] = _joined(
                {t: suggestion.confidence.get(t, 0.0) for t in shown}
            )
            record["sentiment"] = suggestion.sentiment
            record["sentiment_score"] = suggestion.sentiment_score
            record["topic"] = "" if suggestion.topic is None else suggestion.topic
            record["topic_label"] = topic_labels.get(suggestion.topic, "")
            record["reading_ease"] = _reading_ease(suggestion.readability or {})
        if coding is not None and coding.sentiment:
            if coding.sentiment != record.get("sentiment"):  # the model's score said otherwise
                record["sentiment_score"] = None
            record["sentiment"] = coding.sentiment
        records.append(record)
    return pd.DataFrame(records, columns=["comment_id", *ANALYSIS_COLUMNS])


def _reading_ease(figures: dict[str, object]) -> object:
    """Flesch reading ease, left blank for a few words (one long word swings it wildly)."""
    if int(figures.get("words") or 0) < MIN_WORDS_FOR_SENTENCE_FRE:
        return None
    return figures.get("flesch_reading_ease")


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every string cell (and header) made formula-safe."""
    safe = frame.map(neutralise)
    safe.columns = [neutralise(c) for c in frame.columns]
    return safe


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as a workbook whose cells are all values: a cell that starts like a
    formula is stored as text, marked so that Excel keeps it as text (no visible ``'``)."""
    frame.to_excel(path, index=False, engine="openpyxl")
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                        isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    book.properties.created = _FIXED_TIME
    book.save(path)
    _make_reproducible(path)


# The same comments give the same bytes: a workbook's times (its properties, its zip entries)
# are fixed, as CSV has none, so two exports can be compared by checksum.
_FIXED_TIME = datetime(2000, 1, 1)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _make_reproducible(path: Path) -> None:
    """Rewrite the workbook with fixed times (openpyxl stamps the save time)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as CSV (UTF-8 with BOM, for Excel) or XLSX, formula-safe: in CSV a cell
    that starts like a formula is prefixed with ``'``, in XLSX it is stored as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        safe_frame(frame).to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        write_xlsx(frame, path)
    else:
        raise ExportError(f"{path}: export to .csv or .xlsx")
    return path
