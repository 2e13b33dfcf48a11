"""Frameworks in the store and human labels: import, replace, report problems, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from engage.audit import audit_frame
from engage.cli import cli
from engage.frameworks import active_themes, framework_of, load_into
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import LabelError, import_labels, labels_frame
from engage.models import Coding, Comment, ThemeRecord
from engage.store import Store
from themes.framework import load_framework


@pytest.fixture
def coded_store(store: Store, survey_csv: Path, redactor) -> Store:
    ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    return store


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text(text)
    return path


def test_default_framework_is_the_strategy(coded_store: Store) -> None:
    with coded_store.session() as s, s.begin():
        ex = coded_store.exercise(s)
        ids = [t.theme_id for t in active_themes(s, ex)]
    assert ids == ["access", "integration", "crisis", "carers", "stigma"]


def test_loading_another_framework_retires_old_themes_and_is_audited(coded_store: Store) -> None:
    with coded_store.session() as s, s.begin():
        ex = coded_store.exercise(s)
        active_themes(s, ex)
        load_into(s, ex, load_framework("thrive"), actor="Sam")
        current = framework_of(s, ex)
        trail = audit_frame(s, ex)
    assert "access" not in current.ids and len(current.ids) == 5
    assert {"load", "retire"} <= set(trail["action"])
    assert "Sam" in set(trail["actor"])


def test_a_framework_load_is_previewed_with_what_it_would_undo(coded_store: Store) -> None:
    from engage.frameworks import preview_load

    with coded_store.session() as s, s.begin():
        ex = coded_store.exercise(s)
        active_themes(s, ex)
        strategy = load_framework("strategy")
        assert preview_load(s, ex, strategy).nothing
        s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "crisis")).name = "Crisis & A&E"
        change = preview_load(s, ex, strategy)
        assert change.reverted == [("Crisis & A&E", "Crisis support")] and not change.retired
        thrive = preview_load(s, ex, load_framework("thrive"))
        assert len(thrive.retired) == 5 and len(thrive.added) == 5


def test_import_codings_with_blank_theme_and_sentiment(coded_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "comment_id,theme,sentiment\n"
        "R1/What needs to change?,access,negative\n"
        "R1/What needs to change?,crisis,negative\n"
        "R4/What is working well?,,positive\n",
    )
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
    assert (report.rows, report.comments, report.codings_added, report.problems) == (3, 2, 2, [])
    with coded_store.session() as s:
        frame = labels_frame(s, coded_store.exercise(s))
    assert frame[["comment_id", "theme", "sentiment", "reviewer"]].values.tolist() == [
        ["R1/What needs to change?", "access", "negative", "Alex"],
        ["R1/What needs to change?", "crisis", "negative", "Alex"],
        ["R4/What is working well?", "", "positive", "Alex"],
    ]


def test_several_themes_in_one_cell_are_read_as_the_comments_export_writes_them(
    coded_store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "comment_id,theme\n"
        "R1/What needs to change?,access;Crisis support\n"
        "R4/What is working well?,carers; nonsense\n",
    )
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
    assert report.comments == 1
    assert [(p["row"], "nonsense" in p["reason"]) for p in report.problems] == [(3, True)]
    with coded_store.session() as s:
        frame = labels_frame(s, coded_store.exercise(s))
    assert frame[["comment_id", "theme"]].values.tolist() == [
        ["R1/What needs to change?", "access"], ["R1/What needs to change?", "crisis"]]


def test_a_new_coding_replaces_the_reviewers_old_one_but_keeps_history(
    coded_store: Store, tmp_path: Path
) -> None:
    first = write(tmp_path, "comment_id,theme\nR2/What needs to change?,access\n")
    with coded_store.session() as s, s.begin():
        import_labels(s, coded_store.exercise(s), first, "Alex")
    second = tmp_path / "second.csv"
    second.write_text("comment_id,theme\nR2/What needs to change?,carers\n")
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), second, "Alex")
        again = import_labels(s, coded_store.exercise(s), second, "Alex")
    assert report.codings_added == 1 and again.unchanged == 1
    with coded_store.session() as s:
        codings = s.scalars(select(Coding).order_by(Coding.id)).all()
        trail = audit_frame(s, coded_store.exercise(s))
    assert [(c.themes, c.current) for c in codings] == [(["access"], False), (["carers"], True)]
    label_events = trail[trail["action"] == "label"]
    assert label_events.iloc[-1]["before"] == {"themes": ["access"], "sentiment": None}


def test_unknown_ids_are_reported_not_ignored(coded_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "comment_id,theme,sentiment\n"
        "NOPE,access,\n"
        "R1/What is working well?,housing,\n"
        "R4/What is working well?,access,cheerful\n"
        "R2/What needs to change?,carers,\n",
    )
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
    assert [p["row"] for p in report.problems] == [2, 3, 4]
    assert "unknown comment id 'NOPE'" in report.problems[0]["reason"]
    assert "unknown theme id 'housing'" in report.problems[1]["reason"]
    assert "cheerful" in report.problems[2]["reason"]
    assert report.codings_added == 1


def test_themes_may_be_given_by_name_or_in_any_case(coded_store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "comment_id,theme\n"
        "R1/What needs to change?,Access\n"
        "R1/What needs to change?,  carers AND families \n"
        "R2/What needs to change?,Crisis support\n",
    )
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
    assert (report.comments, report.problems) == (2, [])
    with coded_store.session() as s:
        frame = labels_frame(s, coded_store.exercise(s))
    assert frame[["comment_id", "theme"]].values.tolist() == [
        ["R1/What needs to change?", "access"],
        ["R1/What needs to change?", "carers"],
        ["R2/What needs to change?", "crisis"],
    ]
    # A name two themes share (a framework file refuses it; a rename in the app can make it)
    # is reported, not guessed.
    framework = tmp_path / "twins.yaml"
    framework.write_text(
        "name: Twins\nthemes:\n"
        "  - {id: a, name: Waiting, description: Waiting for a first appointment.}\n"
        "  - {id: b, name: Waits, description: Waiting between appointments.}\n"
    )
    with coded_store.session() as s, s.begin():
        load_into(s, coded_store.exercise(s), load_framework(framework), actor="test")
        s.scalar(select(ThemeRecord).where(ThemeRecord.theme_id == "b")).name = "waiting"
    twin = write(tmp_path, "comment_id,theme\nR2/What needs to change?,WAITING\n")
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), twin, "Alex")
    assert report.comments == 0
    assert "could be any of ['a', 'b']" in report.problems[0]["reason"]


def test_labels_file_without_required_columns_is_refused(
    coded_store: Store, tmp_path: Path
) -> None:
    path = write(tmp_path, "id,label\n1,access\n")
    with coded_store.session() as s, pytest.raises(LabelError, match="comment_id and theme"):
        import_labels(s, coded_store.exercise(s), path, "Alex")


def test_cli_framework_and_labels_round_trip(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "ingest", str(survey_csv)]).exit_code == 0
    result = runner.invoke(cli, ["--db", url, "framework", "load", "six-commitments"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(cli, ["--db", url, "framework", "show", "--json"])
    theme_id = __import__("json").loads(shown.output)["themes"][0]["id"]
    labels = write(
        tmp_path, f"comment_id,theme\nR1/What needs to change?,{theme_id}\nX,{theme_id}\n"
    )
    result = runner.invoke(cli, ["--db", url, "labels", "import", str(labels), "--reviewer", "Jo"])
    assert result.exit_code == 1 and "unknown comment id 'X'" in result.output
    out = tmp_path / "out.csv"
    assert runner.invoke(cli, ["--db", url, "labels", "export", "-o", str(out)]).exit_code == 0
    assert theme_id in out.read_text()
    bad = runner.invoke(cli, ["--db", url, "framework", "load", str(tmp_path / "none.yaml")])
    assert bad.exit_code == 1 and bad.output.startswith("Error:")


def test_labels_import_reads_spreadsheets_and_their_own_export(
    coded_store: Store, tmp_path: Path
) -> None:
    import pandas as pd

    sheet = tmp_path / "coding.xlsx"
    pd.DataFrame({
        "comment_id": ["R1/What needs to change?", "R1/What needs to change?",
                       "R4/What is working well?"],
        "theme": ["Access to services", "crisis", None],
        "sentiment": ["negative", "negative", "positive"],
    }).to_excel(sheet, index=False)
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), sheet, "Alex")
    assert (report.rows, report.comments, report.problems) == (3, 2, [])
    exported = tmp_path / "labels.xlsx"
    runner = CliRunner()
    url = coded_store.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(cli, ["--db", url, "labels", "export", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    with coded_store.session() as s, s.begin():
        again = import_labels(s, coded_store.exercise(s), exported, "Alex")
        codings = s.scalars(select(Coding).where(Coding.reviewer == "Alex")).all()
    assert (again.comments, again.unchanged, again.codings_added) == (2, 2, 0)
    assert sorted(c.themes for c in codings) == [[], ["access", "crisis"]]


def test_one_column_per_theme_sheets_are_read_mark_by_mark(
    coded_store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "comment_id,text,access,Crisis support,carers,wellbeing,sentiment\n"
        "R1/What needs to change?,(the comment),1,x,,,negative\n"
        "R2/What needs to change?,(the comment),0,0,0,0,\n"
        "R5/What needs to change?,(the comment),1,,,x,\n"
        "R3/What needs to change?,(the comment),,,,,\n"
        "R4/What is working well?,(the comment),maybe,,,,positive\n",
    )
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
        codings = {cid: (c.themes, c.sentiment) for cid, c in s.execute(
            select(Comment.comment_id, Coding).join(Coding, Coding.comment_pk == Comment.id)
            .where(Coding.reviewer == "Alex"))}
    assert (report.rows, report.comments, report.not_coded) == (5, 2, 1)
    assert codings == {"R1/What needs to change?": (["access", "crisis"], "negative"),
                       "R2/What needs to change?": ([], None)}
    reasons = {p["row"]: p["reason"] for p in report.problems}
    assert "not a mark" in reasons[6] and "'maybe'" in reasons[6]
    assert reasons[4] == "'wellbeing' is marked: unknown theme id 'wellbeing'"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("comment_id,access,Access to services", "columns 'access' and 'access to services' "
         "both name theme 'access'"),
        ("comment_id,Carers,carers", "column 'carers' appears more than once"),
    ],
)
def test_a_sheet_with_two_columns_for_one_theme_is_refused(
    coded_store: Store, tmp_path: Path, header: str, expected: str
) -> None:
    path = write(tmp_path, f"{header}\nR1/What needs to change?,1,\n")
    with coded_store.session() as s, s.begin():
        with pytest.raises(LabelError, match=expected):
            import_labels(s, coded_store.exercise(s), path, "Alex")
        assert s.scalar(select(Coding.id).limit(1)) is None


def test_cli_suggests_themes_and_says_which_framework_they_were_checked_against(
    tmp_path: Path, survey_csv: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "ingest", str(survey_csv)]).exit_code == 0
    path = write(tmp_path, "comment_id,theme\nR1/What needs to change?,Acess\n"
                           "R1/What needs to change?,crisis\nR2/What needs to change?,crisis\n"
                           ",carers\n")
    result = runner.invoke(cli, ["--db", url, "labels", "import", str(path), "--reviewer", "Jo"])
    assert result.exit_code == 1
    assert "row 2: unknown theme id 'Acess' (did you mean 'access'?)" in result.output
    assert "row 5: no comment id" in result.output
    assert "2 comments not imported because of the problems below" in result.output
    assert "strategy themes' (access, integration" in result.output
    assert "engage framework load FILE" in result.output


def test_cli_reports_rows_not_coded_yet(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "ingest", str(survey_csv)]).exit_code == 0
    sheet = write(tmp_path, "comment_id,access,carers\nR1/What needs to change?,x,\n"
                            "R2/What needs to change?,,\n")
    result = runner.invoke(cli, ["--db", url, "labels", "import", str(sheet), "--reviewer", "Jo"])
    assert result.exit_code == 0, result.output
    assert "1 comments coded" in result.output and "1 rows with nothing marked" in result.output
    out = tmp_path / "next.csv"
    result = runner.invoke(cli, ["--db", url, "labels", "sheet", "-o", str(out), "-n", "2",
                                 "--reviewer", "Jo"])
    assert result.exit_code == 0, result.output
    header, *rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.startswith("comment_id,question,text,flags,") and len(rows) == 2
    assert "R1/What needs to change?" not in out.read_text()


def test_a_labelling_sheet_comes_back_as_codings(coded_store: Store, tmp_path: Path) -> None:
    import pandas as pd

    from engage.export import write_table
    from engage.labelsheet import labelling_sheet

    with coded_store.session() as s:
        ex = coded_store.exercise(s)
        sheet = labelling_sheet(s, ex, "Alex", n=3)
        total = len(list(s.scalars(select(Comment).where(Comment.exercise_id == ex.id))))
    assert len(sheet) == min(3, total)
    assert list(sheet.columns[:4]) == ["comment_id", "question", "text", "flags"]
    assert "Access to services" in sheet.columns and sheet["Access to services"].eq("").all()
    sheet.loc[sheet.index[0], "Access to services"] = "x"
    sheet.loc[sheet.index[1], ["Access to services", "Carers and families"]] = "0"
    path = write_table(sheet, tmp_path / "sheet.xlsx")
    with coded_store.session() as s, s.begin():
        report = import_labels(s, coded_store.exercise(s), path, "Alex")
        codings = dict(s.execute(
            select(Comment.comment_id, Coding.themes).join(Coding, Coding.comment_pk == Comment.id)
        ).all())
    assert (report.comments, report.not_coded, report.problems) == (2, len(sheet) - 2, [])
    first, second = sheet["comment_id"].iloc[:2]
    assert codings == {first: ["access"], second: []}
    with coded_store.session() as s:
        again = labelling_sheet(s, coded_store.exercise(s), "Alex", n=3)
    assert not {first, second} & set(again["comment_id"])
    assert pd.api.types.is_string_dtype(again["text"])


def test_framework_show_yaml_loads_back_as_the_same_framework(
    tmp_path: Path, survey_csv: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "framework", "load", "thrive"]).exit_code == 0
    shown = runner.invoke(cli, ["--db", url, "framework", "show", "--yaml"])
    assert shown.exit_code == 0, shown.output
    path = tmp_path / "edited.yaml"
    path.write_text(shown.output)
    loaded, bundled = load_framework(path), load_framework("thrive")
    assert bundled.description
    assert (loaded.name, loaded.description, loaded.themes) == (
        bundled.name, bundled.description, bundled.themes)
    plain = runner.invoke(cli, ["--db", url, "framework", "show"])
    assert plain.output.splitlines()[:2] == [bundled.name, bundled.description]


def test_the_store_keeps_the_frameworks_own_description(coded_store: Store) -> None:
    six = load_framework("six-commitments")
    with coded_store.session() as s, s.begin():
        load_into(s, coded_store.exercise(s), six)
    with coded_store.session() as s:
        assert framework_of(s, coded_store.exercise(s)) == six
