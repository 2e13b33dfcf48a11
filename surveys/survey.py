"""Turn a survey table (CSV/XLSX) into input rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from surveys import tables
from surveys.choices import split_choices
from surveys.mapping import (
    ColumnPlan,
    QuestionMap,
    QuestionRef,
    looks_like_personal_detail,
    normalise_group,
    plan_columns,
    slugify,
)
from surveys.records import Answer, ClosedValue, InputFileError, InputRow, ReadResult
from surveys.redact import redact_patterns
from surveys.tables import Table


def read_table(path: Path) -> Table:
    """Read a CSV/TSV/TXT-delimited or XLSX survey export (in a workbook, the "Responses"
    sheet if there is one)."""
    return tables.read_table(path, sheet="Responses")


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def date_order(values: Iterable[str]) -> str | None:
    """``"day-first"`` or ``"month-first"`` as a column's numeric dates show it (a first number
    over 12 is a day, a second number over 12 is a day); None when no date tells (every
    number is 12 or less), or there are no numeric dates."""
    first_over = second_over = False
    for value in values:
        found = _NUMERIC_DATE.match(value)
        if found:
            first_over |= int(found[1]) > 12
            second_over |= int(found[2]) > 12
    if first_over:
        return "day-first"
    return "month-first" if second_over else None


def is_day_first(values: Iterable[str]) -> bool:
    """Whether a column's numeric dates put the day first (UK order, the default) or the month
    (a US-locale export). The order is decided once for the column, so 03/04 reads the same
    way as the 03/25 beside it."""
    return date_order(values) != "month-first"


def parse_date(value: str, *, day_first: bool = True) -> date | None:
    """A date from common export formats (ISO first, then day-first unless told otherwise);
    None if unclear."""
    value = value.strip()
    if not value:
        return None
    iso = pd.to_datetime(value, errors="coerce", format="ISO8601")
    if pd.isna(iso):
        iso = pd.to_datetime(value, errors="coerce", format="mixed", dayfirst=day_first)
    return None if pd.isna(iso) else iso.date()


#: Redacts a list of short texts (headers, details), returning them in order.
TextRedactor = Callable[[Sequence[str]], list[str]]


def formula_reason(columns: Sequence[str]) -> str:
    """Why a cell holding a formula with no value saved with it was not read."""
    names = ", ".join(map(repr, columns))
    return (f"{names} {'holds' if len(columns) == 1 else 'hold'} a spreadsheet formula, not "
            "text: not read (type the answer in as text, or open and save the workbook in "
            "Excel so the formula's value is saved with it)")


def redact_headers(
    table: Table, redact: TextRedactor | None, questions: QuestionMap,
    extra_values_of: str | None = None, keep: Iterable[str] = (),
) -> tuple[dict[str, str], QuestionMap, int]:
    """Redact personal details (a name, a phone number...) from the column headers, before they
    are used as question wording, in comment ids or in messages. Returns the renaming
    (original header -> redacted, only for headers that change), the question map with the
    redacted headers mapped as their originals were, and how many headers changed.

    ``extra_values_of`` names a column whose values are question wording too (a long export's
    question column): they are redacted in place the same way. Headers in ``keep`` (a form's
    own wording) are left as they are."""
    if redact is None:
        return {}, questions, 0
    kept = set(keep)
    headers = [str(c) for c in table.frame.columns]
    todo = [h for h in headers if h not in kept and h.strip()]
    done = dict(zip(todo, redact(todo), strict=True)) if todo else {}
    redacted = [done.get(h, h) for h in headers]
    renamed: dict[str, str] = {}
    used = {h for h, r in zip(headers, redacted, strict=True) if h == r}
    for header, new in zip(headers, redacted, strict=True):
        if header == new:
            continue
        candidate, n = new, 2
        while candidate in used:  # two headers that differ only in a name
            candidate, n = f"{new} ({n})", n + 1
        used.add(candidate)
        renamed[header] = candidate
    changed = len(renamed)
    mapped = QuestionMap(dict(questions.by_column))
    if renamed:
        table.frame = table.frame.rename(columns=renamed)
        table.formula_cells = {row: [renamed.get(c, c) for c in cols]
                               for row, cols in table.formula_cells.items()}
    values: dict[str, str] = {}
    if extra_values_of:
        column = renamed.get(extra_values_of, extra_values_of)
        distinct = sorted({v for v in table.frame[column] if v.strip()})
        values = {v: r for v, r in zip(distinct, redact(distinct), strict=True) if v != r}
        if values:
            table.frame[column] = table.frame[column].map(lambda v: values.get(v, v))
    for original, new in (*renamed.items(), *values.items()):
        ref = questions.by_column.get(original) or questions.by_column.get(
            original.strip().casefold())
        # A header the question map does not name keeps its own (redacted) wording.
        mapped.by_column[new] = ref or QuestionRef(slugify(new), new)
    return renamed, mapped, changed + len(values)


# A UUID is random and says nothing about anyone, whatever digits happen to be in it.
_UUID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$", re.IGNORECASE)


def _has_a_word(value: str) -> bool:
    """Whether a value has a word of letters in it, which could be a name ("Aisha", not the
    "R" of "R17"): only such values need the name finder; patterns find the rest."""
    return any(len(part) >= 2 and part.isalpha() for part in re.split(r"[\W\d_]+", value))


def personal_ids(values: Iterable[str], redact: TextRedactor | None) -> set[str]:
    """The id values that redaction would change: a name, an email, a phone or NHS number, a
    postcode... (patterns for every value, the name finder too, with ``redact``, for values
    with a word in them)."""
    distinct = {v.strip() for v in values if v.strip() and not _UUID.match(v.strip())}
    found = {v for v in distinct if redact_patterns(v) != v}
    if redact is not None and (words := sorted(v for v in distinct - found if _has_a_word(v))):
        found |= {v for v, r in zip(words, redact(words), strict=True) if v != r}
    return found


def hidden_ids(
    table: Table, column: str | None, redact: TextRedactor | None, *, all_of_them: bool = False
) -> tuple[set[str], list[str]]:
    """The values of the id ``column`` not to store as they are (all of them when its header
    names a personal detail), and the message saying how many there were (never which)."""
    if not column:
        return set(), []
    values = table.frame[column]
    hidden = ({v.strip() for v in values if v.strip()} if all_of_them
              else personal_ids(values, redact))
    if not hidden:
        return hidden, []
    why = ("its header names a personal detail" if all_of_them else
           "they looked like personal details (a name, email, phone or NHS number...)")
    return hidden, [
        f"{len(hidden)} id(s) in {column!r} were replaced, as {why}: those people are numbered "
        "by the first row they are on (row-N), and the ids are not stored"]


def _quoted(value: str, redact: TextRedactor | None) -> str:
    """A respondent's value as a message may quote it: redacted, names and all."""
    return redact([value])[0] if redact is not None else redact_patterns(value)


# Placeholders that say nothing ("N/A", "-", "."): the answer is blank, not a comment to read.
# "None", "No" and "Nothing" are answers ("nothing needs to change") and are kept.
NON_ANSWER = re.compile(r"^\W*(?:n\s*/\s*a|na|not\s+applicable|-+|\.+|\?+|x)?\W*$", re.IGNORECASE)


def rows_from_table(
    table: Table,
    plan: ColumnPlan,
    questions: QuestionMap,
    *,
    scores: dict[str, dict[str, int]] | None = None,
    id_prefix: str = "",
    day_first: bool | None = None,
    hidden: Collection[str] = (),
    redact: TextRedactor | None = None,
) -> list[InputRow]:
    """One input row per table row; bad rows from the reader are kept as rejected rows.

    ``day_first`` is the order of numeric dates; ``None`` decides it from the date column
    (:func:`is_day_first`). Ids in ``hidden`` (see :func:`hidden_ids`) are replaced by
    ``row-N``, N the first row with that id. ``redact`` redacts answers quoted in notes."""
    scores = scores or {}
    rows: list[InputRow] = [InputRow(row=n, error=why) for n, why in table.bad_rows.items()]
    if day_first is None:
        day_first = not plan.date_column or is_day_first(table.frame[plan.date_column])
    first_of: dict[tuple[str, ...], int] = {}
    first_with_id: dict[str, int] = {}
    for number, (_, record) in zip(table.row_numbers, table.frame.iterrows(), strict=True):
        row = InputRow(row=number)
        raw_id = record[plan.id_column].strip() if plan.id_column else ""
        if raw_id in hidden:
            raw_id = f"{id_prefix}row-{first_with_id.setdefault(raw_id, number)}"
        elif raw_id and not raw_id.casefold().startswith(id_prefix.casefold()):
            raw_id = f"{id_prefix}{raw_id}"
        row.respondent_id = raw_id or f"row-{number}"
        if not plan.id_column and _is_one_submission(record, plan):
            first = first_of.setdefault(tuple(record), number)
            if first != number:  # sent twice: the same person, counted once as a duplicate
                row.respondent_id = f"row-{first}"
                row.notes.append(f"the same answers as row {first}, so counted once")
        if plan.group_column:
            row.meta[plan.group_column] = redact_patterns(record[plan.group_column].strip())
            row.group = normalise_group(record[plan.group_column])
        if plan.locality_column:
            row.locality = redact_patterns(record[plan.locality_column].strip()) or None
        if plan.date_column:
            row.submitted = parse_date(record[plan.date_column], day_first=day_first)
        for col in plan.meta_columns:
            if col not in (plan.group_column, plan.locality_column) and record[col].strip():
                row.meta[col] = redact_patterns(record[col].strip())
        for col in plan.closed_columns:
            value = record[col].strip()
            if not value:
                continue
            ref = questions.resolve(col)
            if col in plan.multiple_columns:
                ticked = split_choices(value, plan.multiple_columns[col])
                row.closed.append(ClosedValue(
                    col, ref.id, ref.text, "\n".join(map(redact_patterns, ticked)), multiple=True
                ))
                continue
            scale = scores.get(col)
            score = None
            if scale is not None:
                score = scale.get(value.casefold())
                if score is None:  # "Very happy 😀": the words beside the picture
                    score = scale.get(" ".join(re.sub(r"[^\w\s]", " ", value.casefold()).split()))
                if score is None:
                    row.notes.append(
                        f"{col!r}: {_quoted(value, redact)!r} is not one of: "
                        + ", ".join(k for k in scale if k[:1].isalpha())
                        + "; kept as written, without a score"
                    )
            row.closed.append(ClosedValue(col, ref.id, ref.text, redact_patterns(value), score))
        asked = record[plan.question_column].strip() if plan.question_column else ""
        for col in plan.text_columns:
            text = record[col]
            if text.strip() and not NON_ANSWER.match(text):
                ref = questions.resolve(asked or col)
                row.answers.append(Answer(col, ref.id, ref.text, text))
        if number in table.formula_cells:
            _formulas_in_row(row, table.formula_cells[number])
        rows.append(row)
    read = {r.row for r in rows}
    for number, columns in table.formula_cells.items():
        if number not in read:  # nothing else in the row: the reader did not even keep it
            rows.append(InputRow(row=number, error=formula_reason(columns)))
    rows.sort(key=lambda r: r.row)
    return rows


def _formulas_in_row(row: InputRow, columns: list[str]) -> None:
    """A row with cells holding a formula and no value: rejected when nothing else in it was
    read, else kept with a warning naming the columns."""
    reason = formula_reason(columns)
    if row.answers or row.closed or row.group or row.locality or any(row.meta.values()):
        row.notes.append(reason + "; the row's other answers were read")
    else:
        row.error = reason


def _is_one_submission(record: pd.Series, plan: ColumnPlan) -> bool:
    """Whether a row is distinctive enough that an identical row is the same form sent twice,
    not a second person giving the same answers: it has a time of submission, or a few
    sentences of free text."""
    stamp = record[plan.date_column] if plan.date_column else ""
    words = sum(len(record[c].split()) for c in plan.text_columns)
    return bool(re.search(r"\d:\d\d", stamp)) or words >= 6


def _refuse_other_tool_files(columns: object, text_columns: list[str] | None) -> None:
    """A labels file or a table of themes given to ingest by mistake is refused with the command
    it is for, instead of going in as respondents with tick-box answers."""
    if text_columns:
        return
    headers = {str(c).strip().casefold() for c in columns}
    if "comment_id" in headers and ("theme" in headers or "sentiment" in headers):
        raise InputFileError(
            "this is a labels file (comment_id, theme): import it with "
            "'engage labels import FILE --reviewer NAME'"
        )
    if {"name", "description"} <= headers and headers <= {
            "id", "name", "description", "keywords", "examples"}:
        raise InputFileError(
            "this is a table of themes (name, description): load it with "
            "'engage framework load FILE'"
        )


def read_survey(
    path: Path,
    questions: QuestionMap,
    *,
    text_columns: list[str] | None = None,
    id_column: str | None = None,
    meta_columns: list[str] | None = None,
    closed_columns: list[str] | None = None,
    question_column: str | None = None,
    month_first: bool = False,
    group_column: str | None = None,
    redact: TextRedactor | None = None,
) -> ReadResult:
    """Read a survey export, detecting columns not named by the caller.

    ``question_column`` is for long exports (one answer per row): the column whose value is
    the question that row's answer is to (mapped through ``questions`` like a header).
    ``month_first`` reads numeric dates in US order whatever they show. ``group_column``
    names the respondent-group column. ``redact`` redacts the headers (and a question
    column's values) before anything uses them; columns may be named by their original
    headers.
    """
    table = read_table(path)
    _refuse_other_tool_files(table.frame.columns, text_columns)
    renamed, questions, changed = redact_headers(table, redact, questions, question_column)

    def named(column: str | None) -> str | None:
        return renamed.get(column, column) if column else column

    def named_all(columns: list[str] | None) -> list[str] | None:
        return None if columns is None else [renamed.get(c, c) for c in columns]

    plan = plan_columns(
        table.frame,
        text_columns=named_all(text_columns),
        id_column=named(id_column),
        meta_columns=named_all(meta_columns),
        closed_columns=named_all(closed_columns),
        question_column=named(question_column),
        group_column=named(group_column),
    )
    messages = []
    if changed:
        messages.append(f"personal details redacted in {changed} column header(s) or question "
                        "wording(s), before they were used as questions or in comment ids")
    if table.encoding:
        messages.append(f"encoding {table.encoding}, delimiter {table.delimiter!r}")
    if table.header_row > 1:
        messages.append(
            f"header on row {table.header_row}: the rows above it (a title) are not data"
        )
    if table.header_rows > 1:
        last = table.header_row + table.header_rows - 1
        messages.append(
            f"header over rows {table.header_row}-{last} (questions, then their answer "
            "options or wording): column names joined from them"
        )
    messages += plan.messages
    order = date_order(table.frame[plan.date_column]) if plan.date_column else None
    if plan.date_column:
        if month_first and order == "day-first":
            messages.append(f"dates in {plan.date_column!r} have a day above 12 first "
                            "(25/03), yet --month-first reads them month first: check them")
        elif month_first or order == "month-first":
            messages.append(
                f"dates in {plan.date_column!r} read month first (US order, 03/25/2024)")
        elif order is None and any(_NUMERIC_DATE.match(v) for v in table.frame[plan.date_column]):
            messages.append(
                f"dates in {plan.date_column!r} read day first (UK order: 03/04 is 3 April); "
                "no date in it has a day above 12 to tell the order by, so if the form was set "
                "up in the US (month first), ingest it again with --month-first")
    if not plan.text_columns:
        messages.append("no free-text columns found: use --text-column to name them")
    hidden, said = hidden_ids(table, plan.id_column, redact, all_of_them=bool(
        plan.id_column and looks_like_personal_detail(plan.id_column)))
    messages += said
    rows = rows_from_table(table, plan, questions, hidden=hidden, redact=redact,
                           day_first=not month_first and order != "month-first")
    return ReadResult(
        "survey",
        rows,
        messages=messages,
        text_columns=plan.text_columns,
        id_is_generated=plan.id_column is None,
        one_row_per_person=plan.question_column is None,
    )
