"""The command line: help everywhere, JSON report, one-line failures, python -m engage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from engage.cli import cli
from engage.export import comments_frame
from engage.store import Store


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", all_commands(cli))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    command = cli
    for name in path:
        command = command.commands[name]
    assert command.help, f"{' '.join(path)} has no help text"


def test_ingest_json_report_and_store_contents(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(survey_csv), str(bad), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    first, second = data["files"]
    for key in (
        "path",
        "kind",
        "rows",
        "ingested",
        "duplicates",
        "empty",
        "rejected",
        "redactions",
    ):
        assert key in first
    assert (first["rows"], first["ingested"], first["empty"]) == (4, 3, 1)
    assert "bad.xlsx" in second["error"]
    assert Store(url).summary()["comments"] == 5


def test_ingest_long_export_with_a_question_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'long.db'}"
    survey = tmp_path / "long.csv"
    survey.write_text(
        "id,question,answer\n"
        "1,What could we do better?,Evening appointments would help a lot\n"
        "2,What was good?,The nurse listened to me properly\n"
    )
    args = ["--db", url, "ingest", str(survey), "--question-column", "question",
            "--text-column", "answer", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["ingested"] == 2
    export = tmp_path / "out.csv"
    exported = CliRunner().invoke(cli, ["--db", url, "export", "comments", "-o", str(export)])
    assert exported.exit_code == 0
    assert set(pd.read_csv(export)["question"]) == {"what_could_we_do_better", "what_was_good"}


def test_failure_is_one_line_and_non_zero(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(
        cli, ["--db", url, "export", "comments", "-o", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: the store sqlite:///{(tmp_path / 'empty.db').resolve()} is empty: run 'engage "
        "ingest' first (or name the store you meant with --db or ENGAGE_DB)"
    ]


@pytest.mark.parametrize(("url", "said"), [
    ("postgres+psycopg://someone@localhost/engage", "unknown kind of database 'postgres+psycopg'"),
    ("sqlite:/tmp/engage.db", "cannot read the store address"),
    ("{tmp}/engage.db", "cannot read the store address"),
    ("sqlite:///{tmp}/no/such/folder/engage.db", "/no/such/folder does not exist"),
    ("postgresql+psycopg2://someone@localhost/engage", "needs a database driver"),
    ("mysql://someone@localhost/engage", "needs a database driver"),
    ("postgresql+psycopg://someone:S3cret@127.0.0.1:notaport/engage",
     "cannot read the store address 'postgresql+psycopg://someone:***@127.0.0.1:notaport"),
])
def test_a_store_address_that_cannot_work_is_one_line(tmp_path: Path, url: str, said: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url.format(tmp=tmp_path), "status"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and said in line


@pytest.mark.parametrize("password", ["Zq1@Xw2:Vy3", "Zq1@Xw2", "Zq1@Xw2@Vy3"])
def test_a_password_with_a_raw_at_sign_is_never_shown(password: str) -> None:
    url = f"postgresql+psycopg://engage:{password}@127.0.0.1:1/engage"
    result = CliRunner().invoke(cli, ["--db", url, "status"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "'postgresql+psycopg://engage:***@127.0.0.1:1/engage'" in line
    assert "%40" in line
    for part in ("Zq1", "Xw2", "Vy3"):
        assert part not in line


def test_a_store_from_a_newer_version_is_one_line(tmp_path: Path) -> None:
    from sqlalchemy import text

    from engage.store import Store

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    store = Store(url)
    with store.engine.begin() as conn:  # as if a later release had upgraded it
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    result = CliRunner().invoke(cli, ["--db", url, "status"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "made or upgraded by a newer version of this toolkit" in line and "0099" in line


def test_a_database_server_that_cannot_be_reached_is_one_line_without_the_password() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://engage:S3cretPass@127.0.0.1:{port}/engage"
    result = CliRunner().invoke(cli, ["--db", url, "status"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "cannot open the store" in line and "S3cretPass" not in line and "***" in line


def test_status_of_an_empty_store_says_so_and_succeeds(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "status"])
    assert result.exit_code == 0 and "empty.db is empty: add responses" in result.output
    result = CliRunner().invoke(cli, ["--db", url, "status", "--json"])
    assert json.loads(result.output) == {"exercises": []}


def test_a_notes_file_is_not_taken_for_a_framework(tmp_path: Path) -> None:
    notes = tmp_path / "workshop.md"
    notes.write_text("# Workshop\n\n- Waiting: too long\n")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "framework", "load", str(notes)])
    assert result.exit_code == 1 and ".md files are not frameworks" in result.output


def test_export_and_template_commands_write_files(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "ingest", str(survey_csv)]).exit_code == 0
    out = tmp_path / "comments.xlsx"
    result = runner.invoke(cli, ["--db", url, "export", "comments", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    form = tmp_path / "form.xlsx"
    assert runner.invoke(cli, ["template", "easy-read", "-o", str(form)]).exit_code == 0
    assert form.exists()
    mismatched = tmp_path / "report.html"
    result = runner.invoke(
        cli, ["--db", url, "export", "report", "--format", "docx", "-o", str(mismatched)])
    assert result.exit_code == 1 and "the name says html but --format is docx" in result.output
    assert not mismatched.exists()
    plain = tmp_path / "report"
    result = runner.invoke(cli, ["--db", url, "export", "report", "--format", "md", "-o",
                                 str(plain)])
    assert result.exit_code == 0 and plain.read_text().startswith("#")


def test_engage_db_environment_variable_is_used(tmp_path: Path, survey_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    result = CliRunner().invoke(cli, ["ingest", str(survey_csv)], env={"ENGAGE_DB": url})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()


def test_python_dash_m_engage_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "engage", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "ingest" in result.stdout


def test_ingest_month_first_reads_us_dates(tmp_path: Path) -> None:
    path = tmp_path / "gforms.csv"
    path.write_text("Timestamp,What needs to change?\n"
                    "3/2/2026 10:00:00,The wait for a first appointment was far too long\n")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(cli, ["--db", url, "ingest", str(path), "--month-first"])
    assert result.exit_code == 0, result.output
    assert "read month first (US order" in result.output
    store = Store(url)
    try:
        frame = comments_frame(store)
    finally:
        store.close()
    assert str(frame.loc[0, "submitted"]).startswith("2026-03-02")


def test_an_easy_read_template_with_the_wrong_file_ending_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["template", "easy-read", "-o", str(tmp_path / "form.pdf")])
    assert result.exit_code == 1 and "name it form.xlsx" in result.output
    assert not (tmp_path / "form.pdf").exists()
    mixed = ["template", "easy-read", "--format", "docx", "-o", str(tmp_path / "form.xlsx")]
    assert "name it form.docx" in CliRunner().invoke(cli, mixed).output
    ok = CliRunner().invoke(cli, ["template", "easy-read", "-o", str(tmp_path / "form.docx")])
    assert ok.exit_code == 0 and (tmp_path / "form.docx").exists()


def test_help_and_status_do_not_load_the_nlp_libraries(tmp_path: Path) -> None:
    """`engage --help` took 8-12 s when spaCy, torch and scikit-learn loaded at start-up."""
    import subprocess
    import sys

    from engage.actions import STATUSES
    from engage.cli import STATUSES as CLI_STATUSES

    assert CLI_STATUSES == STATUSES
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom engage.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--db', sys.argv[1], 'status'])\n"
        "print(result.exit_code, sorted(m for m in ('spacy', 'sklearn', 'torch', 'bertopic') "
        "if m in sys.modules))\n"
    )
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    out = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip().endswith("[]"), out
