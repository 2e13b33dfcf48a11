"""The main job: the bundled sample data end to end (ingest, redact, analyse)."""

from __future__ import annotations

from pathlib import Path

from engage.demo import DEMO_EXERCISE, SAMPLE, run_demo, sample_files
from engage.export import comments_frame
from engage.reports import write_report
from engage.store import Store


def test_demo_loads_every_sample_file_and_analyses_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    summary = run_demo(url, echo=lambda _m: None)
    files = summary["files_read"]
    assert len(files) == len(sample_files()) == 7
    for report in files:
        assert report["error"] is None, report
        total = report["ingested"] + report["duplicates"] + report["empty"]
        assert total + len(report["rejected"]) == report["rows"], report["path"]
    kinds = {Path(f["path"]).name: f["kind"] for f in files}
    assert kinds["easy-read-forms.xlsx"] == "easyread"
    assert kinds["survey-online.csv"] == "survey"
    assert sum(f["redactions"] for f in files) > 0
    online = next(f for f in files if f["path"].endswith("survey-online.csv"))
    assert online["duplicates"] >= 1 and online["empty"] >= 1 and online["rejected"]
    assert set(summary["comments_by_source"]) == {"survey", "notes", "easyread"}
    analysis = summary["analysis"]
    assert analysis["comments"] == summary["comments"]
    assert analysis["new_flags"] > 0 and analysis["topics"] > 0
    assert summary["actions"] == 8
    store = Store(url)
    result = write_report(
        store,
        tmp_path / "easy.docx",
        easy_read=True,
        wording=SAMPLE / "easy-read-wording.yaml",
    )
    assert result.gate.passed, result.gate.lines()
    frame = comments_frame(store, DEMO_EXERCISE)
    assert (frame["theme_source"] == "model").all()
    # Each comment's topic is named by its key phrases, as in the review app.
    topical = frame[frame["topic"].astype(str) != "-1"]
    assert topical["topic_label"].str.len().gt(0).all()
    assert not frame["text"].str.contains("07700 900123").any()
    # the demo can be run again from scratch with the same numbers
    again = run_demo(url, analyse=False, echo=lambda _m: None)
    assert again["comments"] == summary["comments"]
