"""Ingest keeps who someone is out of the store's ids, file names, audit trail and reports
(fictional data, real files, real stores)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from engage.ingest import IngestOptions, ingest_paths, redacted_stem
from engage.models import AuditEvent, Comment, Event, Respondent, SourceFile
from engage.store import Store
from surveys.easyread import write_template

PEOPLE = ("aisha", "khan", "9434765919", "example.com", "mark", "evans", "jane", "doe",
          "precious", "mensah", "grace")


def stored_text(store: Store) -> str:
    """Everything the store shows about comments, people, files, events and the audit trail
    (not the original text, which is kept apart and never shown)."""
    with store.session() as s:
        parts = [*(c.comment_id for c in s.scalars(select(Comment))),
                 *(r.external_id for r in s.scalars(select(Respondent))),
                 *(e.name for e in s.scalars(select(Event))),
                 *(a.entity_key for a in s.scalars(select(AuditEvent)))]
        for f in s.scalars(select(SourceFile)):
            parts += [f.name, json.dumps(f.report, ensure_ascii=False)]
    return "\n".join(parts).casefold()


def test_names_and_nhs_numbers_never_become_ids(store: Store, tmp_path: Path, redactor) -> None:
    named = tmp_path / "named.csv"
    named.write_text(
        "Respondent name,What is working well?,What needs to change?\n"
        "Aisha Khan,The crisis team came out within the hour,Waiting lists are far too long\n"
        "Tom Jones,My GP listened to me,More support for carers in the evenings\n",
        encoding="utf-8")
    numbered = tmp_path / "numbered.csv"
    numbered.write_text(
        "Respondent,What needs to change?\n"
        "9434765919,Shorter waits for therapy please\n"
        "aisha.khan@example.com,The crisis line never answers at night\n"
        "R3,More evening clinics\n", encoding="utf-8")
    reports = ingest_paths(store, [named, numbered], IngestOptions(), redactor)
    assert all(r.error is None and r.accounted for r in reports)
    text = stored_text(store)
    assert not any(detail in text for detail in PEOPLE + ("tom", "jones"))
    assert any("personal-detail columns left out" in m and "Respondent name" in m
               for m in reports[0].messages)
    assert any(m.startswith("2 id(s) in 'Respondent' were replaced")
               for m in reports[1].messages)
    with store.session() as s:
        ids = set(s.scalars(select(Comment.comment_id)))
    # Both files number people by row: the second's are kept apart from the first's.
    assert {"R3", "numbered:row-2", "numbered:row-3", "row-2/What needs to change?"} <= ids
    again = ingest_paths(store, [numbered], IngestOptions(), redactor)[0]
    assert (again.ingested, again.duplicates, again.rejected) == (0, 3, [])


def test_an_explicit_id_column_is_checked_too(store: Store, tmp_path: Path, redactor) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("Ref,Email,What needs to change?\n"
                    "1,aisha.khan@example.com,Shorter waits for therapy please\n"
                    "2,tom@example.com,The crisis line never answers at night\n",
                    encoding="utf-8")
    (report,) = ingest_paths(store, [path], IngestOptions(id_column="Email"), redactor)
    assert report.ingested == 2
    assert "example.com" not in stored_text(store)
    assert any("were replaced" in m for m in report.messages)


def test_names_in_file_names_are_redacted_in_ids_files_events_and_the_audit_trail(
    store: Store, tmp_path: Path, redactor,
) -> None:
    spaced = tmp_path / "drop-in notes Mark Evans.txt"
    spaced.write_text("The evening crisis café is a lifeline.\n", encoding="utf-8")
    joined = tmp_path / "workshop-with-cllr-jane-doe.md"
    joined.write_text("# What people said\n\n- Waiting lists are far too long.\n",
                      encoding="utf-8")
    plain = tmp_path / "kings-lynn-public-event.md"
    plain.write_text("- Parking at the hospital is impossible.\n", encoding="utf-8")
    reports = ingest_paths(store, [spaced, joined, plain], IngestOptions(), redactor)
    assert all(r.error is None and r.ingested == 1 for r in reports)
    text = stored_text(store)
    assert not any(detail in text for detail in PEOPLE)
    with store.session() as s:
        ids = set(s.scalars(select(Comment.comment_id)))
        files = set(s.scalars(select(SourceFile.name)))
    assert ids == {"drop_in_notes_name-1", "workshop_with_cllr_name-3",
                   "kings_lynn_public_event-1"}  # a name with nothing personal: as before
    assert files == {"drop-in notes [NAME].txt", "workshop-with-cllr-[NAME].md",
                     "kings-lynn-public-event.md"}
    again = ingest_paths(store, [spaced, joined], IngestOptions(), redactor)
    assert [(r.ingested, r.duplicates) for r in again] == [(0, 1), (0, 1)]


def test_file_names_without_personal_details_are_kept_as_they_are(redactor) -> None:
    for stem in ("norwich-user-forum", "mile-cross-drop-in", "survey_2026_final",
                 "great-yarmouth-carers-forum"):
        assert redacted_stem(stem, redactor) == stem


def test_the_stored_ingest_report_quotes_no_names(store: Store, tmp_path: Path, redactor) -> None:
    path = write_template(tmp_path / "form.xlsx")
    book = load_workbook(path)
    book["Forms"].append(["7", "2026-10-02", "I use mental health services", "Norwich",
                          "Tell Precious Mensah I am sad", "No", "Nice staff.", "", "", ""])
    book.save(path)
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert any("is not one of" in m for m in report.messages)
    assert "mensah" not in " ".join(report.messages).casefold()
    assert "mensah" not in stored_text(store)
