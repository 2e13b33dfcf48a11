""" "We did": actions linked to themes, added, changed, imported and exported (all audited)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from engage import audit
from engage.frameworks import active_themes, framework_of, theme_resolver
from engage.models import Action, Exercise, utcnow
from engage.spreadsheet import unneutralise
from surveys.tables import read_table

STATUSES = ("planned", "in-progress", "done", "not-doing")
STATUS_LABELS = {
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "not-doing": "Not doing",
}
CSV_COLUMNS = ["theme", "text", "owner", "status", "due", "evidence"]
OPTIONAL_COLUMNS = ["reason", "commitment"]
FIELDS = ("themes", "text", "owner", "status", "reason", "due", "evidence", "commitment")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class ActionError(ValueError):
    """An action (or an actions file) cannot be used as given."""


@dataclass
class ActionImportReport:
    """What an actions import did; each bad row is listed with its row number and reason."""

    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    # Imported, but worth a look before publishing (e.g. a phone number in an action).
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_status(value: str | None) -> str:
    """A status in canonical form (``"In progress"`` becomes ``in-progress``); blank = planned."""
    text = re.sub(r"[\s_]+", "-", (value or "").strip().lower())
    if not text:
        return "planned"
    if text not in STATUSES:
        raise ActionError(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return text


def parse_due(value: str | date | None) -> date | None:
    """A due date from ``YYYY-MM-DD`` (or ``DD/MM/YYYY``); blank = no date."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ActionError(f"due date {value!r} is not a date like 2027-03-31")


def _theme_ids(themes: str | list[str] | tuple[str, ...]) -> list[str]:
    parts = themes.split(";") if isinstance(themes, str) else list(themes)
    seen: dict[str, None] = {}
    for part in parts:
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def _check_themes(session: Session, exercise: Exercise, themes: list[str]) -> list[str]:
    """Theme ids for ``themes`` given by id or name (any case); unknown ones are an error."""
    if not themes:
        raise ActionError("an action needs at least one theme")
    resolve = theme_resolver(active_themes(session, exercise))
    ids, problems = [], []
    for theme in themes:
        theme_id, problem = resolve(theme)
        if problem:
            problems.append(problem)
        elif theme_id not in ids:
            ids.append(theme_id)
    if problems:
        known = framework_of(session, exercise).ids
        raise ActionError(f"{'; '.join(problems)}; known: {', '.join(known)}")
    return ids


def contact_details(values: dict[str, Any]) -> list[str]:
    """Kinds of contact detail (email, phone, address, ...) in an action's fields.

    Actions are published in reports as written; a web address is expected (evidence), but a
    phone number or email may be a person's, so importing one is reported for a check."""
    from surveys.pii_patterns import PATTERN_DETECTORS  # loads spaCy's word lists: only here

    kinds: dict[str, None] = {}
    for name in ("text", "owner", "evidence", "reason"):
        value = values.get(name)
        if isinstance(value, str):
            for detect in PATTERN_DETECTORS:
                for span in detect(value):
                    if span.label != "URL":
                        kinds.setdefault(span.label.lower().replace("_", " "), None)
    return list(kinds)


def status_warnings(values: dict[str, Any], today: date | None = None) -> list[str]:
    """What in an action's status, date and reason does not fit together (it is published)."""
    today = today or date.today()
    status, due = values.get("status"), values.get("due")
    out = []
    if status == "done" and isinstance(due, date) and due > today:
        out.append(f"status is done but its date, {due:%d %B %Y}, is still to come: reports "
                   "show it as in progress until then; check the status or the date")
    if status == "not-doing" and not (values.get("reason") or "").strip():
        out.append("status is not-doing but no reason is given: the report will say 'No reason "
                   "recorded' (add a reason column)")
    return out


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def snapshot(action: Action) -> dict[str, Any]:
    """The audited fields of ``action`` (JSON-ready)."""
    return {
        "themes": list(action.themes),
        "text": action.text,
        "owner": action.owner,
        "status": action.status,
        "reason": action.reason,
        "due": action.due.isoformat() if action.due else None,
        "evidence": action.evidence,
        "commitment": action.commitment,
    }


def _validated(session: Session, exercise: Exercise, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise ActionError(f"actions have no field {name!r}")
        if name == "themes":
            value = _check_themes(session, exercise, _theme_ids(value))
        elif name == "text":
            value = _clean(value)
            if not value:
                raise ActionError("an action needs some text: what was or will be done")
        elif name == "status":
            value = parse_status(value)
        elif name == "due":
            value = parse_due(value)
        else:
            value = _clean(value)
        out[name] = value
    return out


def add_action(
    session: Session,
    exercise: Exercise,
    *,
    themes: str | list[str],
    text: str,
    owner: str | None = None,
    status: str | None = "planned",
    due: str | date | None = None,
    evidence: str | None = None,
    reason: str | None = None,
    commitment: str | None = None,
    actor: str = "cli",
) -> Action:
    """Add an action linked to ``themes`` (ids of the exercise's framework); audited."""
    values = _validated(
        session,
        exercise,
        {
            "themes": themes,
            "text": text,
            "owner": owner,
            "status": status,
            "due": due,
            "evidence": evidence,
            "reason": reason,
            "commitment": commitment,
        },
    )
    action = Action(exercise_id=exercise.id, created_by=actor, **values)
    session.add(action)
    session.flush()
    audit.record(session, exercise, actor, "add", "action", str(action.id), None, snapshot(action))
    return action


def get_action(session: Session, exercise: Exercise, action_id: int) -> Action:
    """The exercise's action with this id."""
    action = session.get(Action, action_id)
    if action is None or action.exercise_id != exercise.id:
        raise ActionError(f"no action {action_id} in exercise {exercise.name!r}")
    return action


def update_action(
    session: Session, exercise: Exercise, action_id: int, *, actor: str = "cli", **changes: Any
) -> Action:
    """Change some fields of an action (e.g. ``status="done"``); audited with before and after."""
    action = get_action(session, exercise, action_id)
    values = _validated(session, exercise, changes)
    before = snapshot(action)
    for name, value in values.items():
        setattr(action, name, value)
    if snapshot(action) != before:
        action.updated_at = utcnow()
        audit.record(
            session, exercise, actor, "update", "action", str(action.id), before, snapshot(action)
        )
    session.flush()
    return action


def remove_action(session: Session, exercise: Exercise, action_id: int, *, actor: str) -> None:
    """Delete an action; the audit trail keeps what it was."""
    action = get_action(session, exercise, action_id)
    audit.record(session, exercise, actor, "remove", "action", str(action.id), snapshot(action))
    session.delete(action)
    session.flush()


def list_actions(session: Session, exercise: Exercise, theme: str | None = None) -> list[Action]:
    """The exercise's actions in the order they were added (optionally only one theme's)."""
    actions = session.scalars(
        select(Action).where(Action.exercise_id == exercise.id).order_by(Action.id)
    ).all()
    return [a for a in actions if theme is None or theme in a.themes]


def actions_frame(session: Session, exercise: Exercise) -> pd.DataFrame:
    """Actions as the CSV columns (``theme`` is ``;``-joined), then ``reason,commitment,id``."""
    rows = [
        {
            "theme": ";".join(a.themes),
            "text": a.text,
            "owner": a.owner or "",
            "status": a.status,
            "due": a.due.isoformat() if a.due else "",
            "evidence": a.evidence or "",
            "reason": a.reason or "",
            "commitment": a.commitment or "",
            "id": a.id,
        }
        for a in list_actions(session, exercise)
    ]
    return pd.DataFrame(rows, columns=[*CSV_COLUMNS, *OPTIONAL_COLUMNS, "id"])


def export_actions(session: Session, exercise: Exercise, path: str | Path) -> Path:
    """Write the exercise's actions to CSV or XLSX (formula-safe); re-importing is a no-op."""
    from engage.export import write_table

    return write_table(actions_frame(session, exercise), path)


def _read_rows(path: Path) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    table = read_table(path)
    frame = table.frame.rename(columns=lambda c: c.strip().lower())
    missing = [c for c in ("theme", "text") if c not in frame.columns]
    if missing:
        raise ActionError(
            f"{path}: needs columns {', '.join(CSV_COLUMNS)} (missing {', '.join(missing)})"
        )
    return frame, list(table.row_numbers), dict(table.bad_rows)


def import_actions(
    session: Session, exercise: Exercise, path: str | Path, *, actor: str = "cli"
) -> ActionImportReport:
    """Import actions from CSV/XLSX (``theme,text,owner,status,due,evidence[,reason,commitment]``).

    Good rows are imported and bad rows reported (row number and reason). A row whose text
    matches an existing action of the exercise updates it, so importing an export is harmless.
    """
    path = Path(path)
    frame, numbers, bad = _read_rows(path)
    report = ActionImportReport()
    report.problems += [{"row": n, "reason": why} for n, why in bad.items()]
    existing = {a.text: a for a in list_actions(session, exercise)}
    for number, (_, row) in zip(numbers, frame.iterrows(), strict=True):
        cells = {k: unneutralise(str(v)) for k, v in row.items() if isinstance(v, str)}
        if not any(v.strip() for v in cells.values()):
            continue
        report.rows += 1
        values = {"themes": cells.get("theme", ""), "text": cells.get("text", "")}
        for name in ("owner", "status", "due", "evidence", *OPTIONAL_COLUMNS):
            if name in cells:
                values[name] = cells[name]
        try:
            clean = _validated(session, exercise, values)
        except ActionError as exc:
            report.problems.append({"row": number, "reason": str(exc)})
            continue
        report.warnings += [{"row": number, "reason": why} for why in status_warnings(clean)]
        found = contact_details(clean)
        if found:
            report.warnings.append({
                "row": number,
                "reason": f"contains what looks like a {' and '.join(found)}: actions are "
                          "published as written; check it is a public contact, not a person's",
            })
        current = existing.get(clean["text"])
        if current is None:
            existing[clean["text"]] = add_action(session, exercise, actor=actor, **clean)
            report.added += 1
            continue
        before = snapshot(current)
        update_action(session, exercise, current.id, actor=actor, **clean)
        if snapshot(current) == before:
            report.unchanged += 1
        else:
            report.updated += 1
    report.rows += len(bad)
    report.problems.sort(key=lambda p: p["row"])
    return report
