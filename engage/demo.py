"""``engage demo``: the bundled fictional sample data, end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from engage.actions import import_actions
from engage.ingest import IngestOptions, ingest_paths
from engage.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
DEMO_URL = "sqlite:///engage-demo.db"
DEMO_EXERCISE = "Adult mental health listening exercise 2026 (sample)"


def sample_files(sample: Path = SAMPLE) -> list[Path]:
    """The sample inputs in a fixed order: surveys, Easy Read forms, then event notes."""
    files = [
        sample / "survey-online.csv",
        sample / "survey-paper.xlsx",
        sample / "easy-read-forms.xlsx",
    ]
    files += sorted((sample / "events").glob("*"))
    return [f for f in files if f.is_file()]


def _remove_sqlite(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.database + suffix).unlink(missing_ok=True)


def run_demo(
    url: str | None = None,
    *,
    fresh: bool = True,
    analyse: bool = True,
    echo: Callable[[str], Any] = print,
) -> dict[str, Any]:
    """Load ``data/sample`` into a local store (``engage-demo.db`` unless ``url``) and summarise."""
    url = url or DEMO_URL
    if fresh:
        _remove_sqlite(url)
    store = Store(url)
    try:
        options = IngestOptions(exercise=DEMO_EXERCISE, question_map=SAMPLE / "question-map.yaml")
        reports = ingest_paths(store, sample_files(), options)
        for report in reports:
            echo(
                f"{Path(report.path).name}: {report.rows} rows -> {report.ingested} ingested, "
                f"{report.duplicates} duplicate, {report.empty} empty, "
                f"{len(report.rejected)} rejected, {report.redactions} redactions"
                + (f" ERROR {report.error}" if report.error else "")
            )
        summary = store.summary(DEMO_EXERCISE)
        summary["url"] = store.url
        summary["files_read"] = [r.to_dict() for r in reports]
        with store.session() as session, session.begin():
            actions = import_actions(
                session,
                store.exercise(session, DEMO_EXERCISE),
                SAMPLE / "actions.csv",
                actor="demo",
            )
        summary["actions"] = actions.added + actions.updated + actions.unchanged
        if analyse:
            from engage.analysis import analyse as run_analysis

            def progress(message: str, done: float) -> None:
                echo(f"[{done:4.0%}] {message}")

            summary["analysis"] = run_analysis(store, DEMO_EXERCISE, progress=progress).to_dict()
        return summary
    finally:
        store.close()
