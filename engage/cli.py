"""The ``engage`` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engage import __version__
from engage import users as accounts
from engage.progress import progress_bar
from engage.store import Store

if TYPE_CHECKING:
    from engage.ingest import FileReport

# The library's errors that mean "you asked for something that cannot be done", by module and
# class. The modules load only when a command needs them (``engage --help`` and ``status`` stay
# quick: the NLP libraries take seconds to load), and an error can only come from a loaded one.
USER_ERRORS = {
    "engage.store": "StoreError",
    "engage.export": "ExportError",
    "surveys.records": "InputFileError",
    "engage.labels": "LabelError",
    "themes.framework": "FrameworkError",
    "engage.actions": "ActionError",
    "engage.reports": "ReportError",
    "engage.users": "UserError",
}
# Action statuses, as engage.actions.STATUSES (a test keeps the two the same).
STATUSES = ("planned", "in-progress", "done", "not-doing")


def is_user_error(exc: BaseException) -> bool:
    """Whether ``exc`` is one of :data:`USER_ERRORS` (or a file the system could not use)."""
    if isinstance(exc, OSError):
        return True
    for module_name, class_name in USER_ERRORS.items():
        module = sys.modules.get(module_name)
        if module is not None and isinstance(exc, getattr(module, class_name)):
            return True
    return False


class Context:
    """Lazily opened store shared by subcommands."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.url)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


class EngageGroup(click.Group):
    """Turns known library errors into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if is_user_error(exc):
                raise click.ClickException(str(exc)) from exc
            raise


@click.group(cls=EngageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "url",
    envvar="ENGAGE_DB",
    help="SQLAlchemy URL of the store [env ENGAGE_DB; default sqlite:///engage.db].",
)
@click.version_option(__version__, prog_name="engage")
@click.pass_context
def cli(ctx: click.Context, url: str | None) -> None:
    """Listen to what people said: ingest, redact, theme, review and report engagement feedback."""
    ctx.obj = Context(url)


def _row_ranges(rows: list[int]) -> str:
    """Row numbers as short ranges: 2, 5-7, 10."""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _print_report(report: FileReport) -> None:
    if report.error:
        click.secho(f"ERROR {report.error}", fg="red", err=True)
        return
    click.echo(
        f"{report.path} [{report.kind}]: {report.rows} rows: {report.ingested} ingested, "
        f"{report.duplicates} duplicate, {report.empty} empty, {len(report.rejected)} rejected; "
        f"{report.comments} comments, {report.redactions} personal details redacted"
    )
    for message in report.messages:
        click.echo(f"  - {message}")
    for label, rows in (("empty", report.empty_rows), ("duplicate", report.duplicate_rows)):
        if rows:
            click.echo(f"  - {label} rows: {_row_ranges(rows)}")
    for item in report.rejected:
        click.secho(f"  rejected {report.path}, row {item['row']}: {item['reason']}", fg="yellow")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["auto", "survey", "notes", "easyread"]),
    default="auto",
    show_default=True,
    help="What the files are; auto picks by extension and content.",
)
@click.option("--text-column", "text_columns", multiple=True, help="Open question column (repeat).")
@click.option("--id-column", help="Column holding the respondent/response id.")
@click.option(
    "--meta-column", "meta_columns", multiple=True, help="Respondent detail column (repeat)."
)
@click.option(
    "--closed-column", "closed_columns", multiple=True, help="Closed question column (repeat)."
)
@click.option(
    "--question-map",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML mapping columns of different forms onto canonical questions.",
)
@click.option(
    "--question-column",
    help="Long exports (one answer per row): the column naming the question each row answers.",
)
@click.option(
    "--group-column",
    help="Column saying who each person responds as (service user, carer, staff...); by "
    "default found by its header (\"I am a\", \"Are you a...\").",
)
@click.option(
    "--month-first", is_flag=True,
    help="Read numeric dates month first (US order, 03/04/2026 = 4 March), as a form set up "
    "in the US writes them; by default the dates decide, and day first when they cannot.",
)
@click.option("--exercise", help="Engagement exercise to add to (created if new).")
@click.option("--event-name", help="Event name for notes (overrides front matter).")
@click.option("--event-date", help="Event date YYYY-MM-DD for notes.")
@click.option("--event-place", help="Event place for notes.")
@click.option("--event-audience", help="Who attended, for notes.")
@click.option("--locality", "event_locality", help="Locality of the event, for notes.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object with the ingest report."
)
@pass_ctx
def ingest(ctx: Context, paths: tuple[Path, ...], as_json: bool, **kwargs: object) -> None:
    """Read survey exports, event notes and Easy Read forms into the store.

    Every row is accounted for: ingested, duplicate, empty or rejected (with a reason).
    Personal details are redacted before anything is stored for display.
    """
    from engage.ingest import IngestOptions, ingest_paths

    for key in ("text_columns", "meta_columns", "closed_columns"):
        kwargs[key] = list(kwargs[key]) or None
    options = IngestOptions(**kwargs)
    reports = ingest_paths(ctx.store, list(paths), options)
    if as_json:
        click.echo(
            json.dumps({"files": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2)
        )
    else:
        for report in reports:
            _print_report(report)
        read = next((r for r in reports if r.exercise), None)
        if read is not None:
            click.echo(f"exercise {read.exercise!r} (framework: {read.framework})")
    failed = [r for r in reports if r.error]
    if failed:
        if as_json:
            click.echo(f"Error: {len(failed)} file(s) could not be read", err=True)
        sys.exit(1)


@cli.group()
def export() -> None:
    """Export comments (CSV/XLSX) and "You said, we did" reports."""


@export.command("comments")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help=".csv or .xlsx"
)
@click.option("--exercise", help="Exercise to export (needed when there are several).")
@pass_ctx
def export_comments(ctx: Context, output: Path, exercise: str | None) -> None:
    """Write every comment (redacted text only) with its metadata; cells are formula-safe."""
    from engage.export import comments_frame, write_table

    frame = comments_frame(ctx.store, exercise)
    write_table(frame, output)
    click.echo(f"wrote {len(frame)} comments to {output}")


@cli.group()
def template() -> None:
    """Write blank forms and typing-up sheets."""


@cli.command()
@click.option("--exercise", help="Exercise to analyse.")
@click.option("--seed", default=0, show_default=True, help="Random seed (same seed, same topics).")
@click.option("--no-topics", is_flag=True, help="Skip emergent topics.")
@click.option(
    "--embedder",
    type=click.Choice(["auto", "sentence", "tfidf"]),
    default="auto",
    show_default=True,
    help="Sentence model (auto: if installed and intact) or the TF-IDF fallback.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the analysis report as JSON.")
@pass_ctx
def analyse(
    ctx: Context, exercise: str | None, seed: int, no_topics: bool, embedder: str, as_json: bool
) -> None:
    """Assign themes, score sentiment, flag safeguarding concerns and find emergent topics.

    Work that has not changed (embeddings, unchanged comments) is reused.
    """
    from engage.analysis import analyse as run_analysis

    with progress_bar() as progress:
        report = run_analysis(
            ctx.store, exercise, seed=seed, topics=not no_topics, embedder=embedder,
            progress=progress,
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    click.echo(
        f"{report.exercise}: {report.comments} comments ({report.updated} updated), "
        f"{report.labelled} labelled by reviewers, "
        + ("emergent topics not looked for (those stored are kept), " if no_topics
           else f"{report.topics} emergent topics, ")
        + f"{report.new_flags} new safeguarding flags"
        + (f" on {report.new_flagged_comments} comment"
           f"{'s' if report.new_flagged_comments != 1 else ''}" if report.new_flags else "")
    )
    if report.disputed:
        click.echo(
            f"{report.disputed} comment{'s' if report.disputed != 1 else ''} coded differently "
            "by two reviewers: not learnt from until they agree or another reviewer codes "
            "it (theme_source=disputed in the export; 'engage labels export' shows both)"
        )
    click.echo(f"themes: {report.theme_counts}")
    click.echo(f"sentiment: {report.sentiment_counts}")
    if report.new_flags:
        click.secho(
            f"{report.new_flagged_comments} comment(s) may disclose current risk: follow your "
            "safeguarding policy (see the review app or 'engage export comments').",
            fg="red",
        )
    if report.languages:
        click.secho(
            f"{sum(report.languages.values())} comment(s) are not in English "
            f"({report.languages_text()}): themes, "
            "sentiment and safeguarding checks read English only, so they have no theme and "
            "each is flagged for a person who reads the language"
            + (f" ({report.not_english_flags} new flags)." if report.not_english_flags else "."),
            fg="yellow",
        )


def _pct(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}"


@cli.command()
@click.option("--exercise", help="Exercise to evaluate.")
@click.option("--seed", default=0, show_default=True, help="Random seed for folds.")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@pass_ctx
def evaluate(ctx: Context, exercise: str | None, seed: int, as_json: bool) -> None:
    """How well the model agrees with reviewers' labels (cross-validated, with 95% intervals)."""
    from engage.evaluate import evaluate as run_evaluation

    result = run_evaluation(ctx.store, exercise, seed=seed)
    if as_json:  # NaN (nothing to measure) is null: JSON has no NaN
        click.echo(json.dumps(_json_safe(result), indent=2, allow_nan=False))
        return
    cv = result["cross_validated"]
    click.echo(
        f"{result['exercise']}: {result['labelled_comments']} labelled comments, "
        f"framework {result['framework']!r}"
    )
    lo, hi = cv["micro"]["f1_ci"]
    repeats = cv.get("repeat_micro_f1", [])
    spread = (f"; {_pct(min(repeats))}-{_pct(max(repeats))} over {len(repeats)} different "
              "splits into folds" if len(repeats) > 1 else "")
    click.echo(
        f"micro-F1 {_pct(cv['micro']['f1'])} (95% CI {_pct(lo)}-{_pct(hi)}{spread}), "
        f"macro-F1 {_pct(cv['macro']['f1'])}; "
        f"with no labels: micro-F1 {_pct(result['zero_label']['micro']['f1'])}"
        + (
            f"; keyword matching: micro-F1 {_pct(result['keyword_baseline']['micro']['f1'])}"
            if result["keyword_baseline"]
            else ""
        )
    )
    from engage.evaluate import evaluation_notes

    for note in evaluation_notes(result):
        click.echo(f"note: {note}")
    click.echo("support = comments reviewers gave the theme; precision = share of the model's "
               "picks reviewers agree with; recall = share of reviewers' picks the model finds")
    click.echo(f"{'theme':<24}{'support':>8}{'precision':>10}{'recall':>8}{'F1':>6}  F1 95% CI")
    for theme_id, m in cv["themes"].items():
        lo, hi = m["f1_ci"]
        interval = (f"{_pct(lo)}-{_pct(hi)}" if m["support"] >= _MIN_SUPPORT_FOR_CI
                    else f"too few labels to judge (fewer than {_MIN_SUPPORT_FOR_CI})")
        click.echo(
            f"{theme_id:<24}{m['support']:>8}{_pct(m['precision']):>10}{_pct(m['recall']):>8}"
            f"{_pct(m['f1']):>6}  {interval}"
        )
    held_out = result["learning_curve"][0]["n_test"] if result["learning_curve"] else 0
    click.echo(f"learning curve (labels -> micro-F1 on the same {held_out} held-out comments; "
               "fewer labels and one held-out part, so its last point can differ from the "
               "figure above):")
    for point in result["learning_curve"]:
        lo, hi = point.get("micro_f1_lo"), point.get("micro_f1_hi")
        interval = f"  (95% CI {_pct(lo)}-{_pct(hi)})" if lo is not None and hi is not None else ""
        click.echo(f"  {point['size']:>5} -> {_pct(point['micro_f1'])}{interval}")
    if result["learning_curve"] and held_out < 100:
        click.echo(f"  (only {held_out} held-out comments: where the intervals overlap, a rise "
                   "may be chance; the cross-validated figures above use every label)")
    if "sentiment" in result:
        s = result["sentiment"]
        click.echo(
            f"sentiment accuracy {_pct(s['accuracy'])} on {s['n']} labelled comments "
            f"(lexicon alone {_pct(s['lexicon_accuracy'])})"
        )


# Below this many labelled comments a theme's bootstrap interval says little (e.g. 0-0).
_MIN_SUPPORT_FOR_CI = 10


def _json_safe(value: object) -> object:
    """``value`` with NaN as ``None`` and numpy numbers as Python ones."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


@cli.group()
def framework() -> None:
    """Set or show the exercise's theme framework."""


@framework.command("load")
@click.argument("source")
@click.option("--exercise", help="Exercise to set it for (created if new).")
@pass_ctx
def framework_load(ctx: Context, source: str, exercise: str | None) -> None:
    """Load a framework YAML file, a CSV/XLSX table of themes (name, description[, id,
    keywords, examples]), or a bundled one by name: strategy, six-commitments, ..."""
    from engage.frameworks import load_into
    from themes.framework import load_framework

    loaded = load_framework(source)
    with ctx.store.session() as s, s.begin():
        ex = ctx.store.exercise(s, exercise, create=True)
        load_into(s, ex, loaded)
        click.echo(f"{ex.name}: framework {loaded.name!r} with {len(loaded.themes)} themes")


@framework.command("show")
@click.option("--exercise", help="Exercise to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print framework YAML (to edit and load).")
@pass_ctx
def framework_show(ctx: Context, exercise: str | None, as_json: bool, as_yaml: bool) -> None:
    """Show the exercise's current themes."""
    from engage.frameworks import framework_of

    with ctx.store.session() as s, s.begin():
        current = framework_of(s, ctx.store.exercise(s, exercise))
    if as_json:
        click.echo(json.dumps(current.to_dict(), indent=2, ensure_ascii=False))
        return
    if as_yaml:
        import yaml

        click.echo(yaml.safe_dump(current.to_dict(), sort_keys=False, allow_unicode=True,
                                  width=100), nl=False)
        return
    click.echo(current.name)
    if current.description:
        click.echo(current.description)
    for theme in current.themes:
        click.echo(f"  {theme.id}: {theme.name} - {theme.description}")


def _import_result(
    path: Path, report: object, as_json: bool, counts: str, hint: str | None = None
) -> None:
    """Print an import report (JSON or one line plus each problem row); exit 1 on problems."""
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(f"{path}: {counts}, {len(report.problems)} problems")
        for problem in report.problems:
            click.secho(f"  {path}, row {problem['row']}: {problem['reason']}", fg="yellow")
        for warning in getattr(report, "warnings", []):
            click.secho(f"  {path}, row {warning['row']}: note: {warning['reason']}", fg="cyan")
        if hint:
            click.secho(f"  note: {hint}", fg="cyan")
    if report.problems:
        sys.exit(1)


@cli.group()
def labels() -> None:
    """Import and export human labels (reviewers' codings)."""


@labels.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, help="Who coded these comments.")
@click.option("--exercise", help="Exercise the comments belong to.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@pass_ctx
def labels_import(
    ctx: Context, path: Path, reviewer: str, exercise: str | None, as_json: bool
) -> None:
    """Import codings from CSV/XLSX: rows comment_id,theme[,sentiment] (one per theme, blank
    theme = none applies), or comment_id plus one column per theme marked 1/x/yes or 0/no."""
    from engage.labels import import_labels

    with ctx.store.session() as s, s.begin():
        report = import_labels(s, ctx.store.exercise(s, exercise), path, reviewer)
    _import_result(
        path,
        report,
        as_json,
        f"{report.rows} rows, {report.comments} comments coded "
        f"({report.codings_added} new or changed, {report.unchanged} unchanged)"
        + (f", {report.not_coded} rows with nothing marked (not coded yet)"
           if report.not_coded else "")
        + (f", {report.comments_skipped} comments not imported because of the problems below "
           "(fix those rows and import the file again)" if report.comments_skipped else ""),
        hint=_unknown_theme_hint(ctx, exercise, report),
    )


def _unknown_theme_hint(ctx: Context, exercise: str | None, report: object) -> str | None:
    """When themes were not recognised: which framework they were checked against."""
    if not any("unknown theme" in p["reason"] for p in report.problems):
        return None
    from engage.frameworks import framework_of

    with ctx.store.session() as s:
        framework = framework_of(s, ctx.store.exercise(s, exercise))
    return (f"themes are checked against the exercise's framework {framework.name!r} "
            f"({', '.join(framework.ids)}); to use your own, run "
            "'engage framework load FILE' first")


@labels.command("sheet")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help=".xlsx or .csv"
)
@click.option("--reviewer", default="sheet", show_default=True,
              help="Whose queue: their agreement-sample comments come first.")
@click.option("-n", "--count", "count", default=50, show_default=True, type=click.IntRange(1),
              help="How many comments.")
@click.option("--exercise", help="Exercise to code.")
@pass_ctx
def labels_sheet(
    ctx: Context, output: Path, reviewer: str, count: int, exercise: str | None
) -> None:
    """Write the next comments to code, one blank column per theme, for spreadsheet coding.

    Mark 1 or x under each theme that applies (0 where none does), then read the sheet back
    with 'engage labels import FILE --reviewer NAME'. Rows left unmarked stay uncoded.
    """
    from engage.export import write_table
    from engage.labelsheet import labelling_sheet

    with ctx.store.session() as s:
        frame = labelling_sheet(s, ctx.store.exercise(s, exercise), reviewer, n=count)
    write_table(frame, output)
    click.echo(f"wrote {len(frame)} comments to code to {output}")


@labels.command("export")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help=".csv or .xlsx"
)
@click.option("--exercise", help="Exercise to export.")
@pass_ctx
def labels_export(ctx: Context, output: Path, exercise: str | None) -> None:
    """Write every reviewer's current coding, one row per theme."""
    from engage.export import write_table
    from engage.labels import labels_frame

    with ctx.store.session() as s:
        frame = labels_frame(s, ctx.store.exercise(s, exercise))
    write_table(frame, output)
    click.echo(f"wrote {len(frame)} label rows to {output}")


@cli.command()
@click.option("--exercise", help="Exercise to summarise.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def status(ctx: Context, exercise: str | None, as_json: bool) -> None:
    """Show what the store holds."""
    if exercise is None and not ctx.store.exercise_names():
        if as_json:
            click.echo(json.dumps({"exercises": []}))
        else:
            click.echo(f"The store {ctx.store.where} is empty: add responses with "
                       "'engage ingest FILE' (or name the store you meant with --db or ENGAGE_DB).")
        return
    if exercise is None and len(ctx.store.exercise_names()) > 1:
        _list_exercises(ctx, as_json)
        return
    summary = ctx.store.summary(exercise)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    for key, value in summary.items():
        click.echo(f"{key}: {value}")


def _list_exercises(ctx: Context, as_json: bool) -> None:
    """The store's exercises, each with its comments and framework (``status`` without
    ``--exercise`` when there are several)."""
    rows = ctx.store.exercises_overview()
    if as_json:
        click.echo(json.dumps({"exercises": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{len(rows)} exercises in {ctx.store.where}:")
    for row in rows:
        click.echo(f"  {row['name']}: {row['comments']} comments, framework: {row['framework']}")
    click.echo("Pick one with --exercise NAME for its details.")


@cli.command()
@click.option("--no-ui", is_flag=True, help="Print a summary instead of opening the app.")
@click.option("--port", default=8501, show_default=True, help="Port for the app.")
@click.option("--fresh/--keep", default=True, show_default=True, help="Start from an empty store.")
@pass_ctx
def demo(ctx: Context, no_ui: bool, port: int, fresh: bool) -> None:
    """Load the bundled fictional sample data into a local store and show the result."""
    from engage.demo import run_demo

    summary = run_demo(ctx.url, fresh=fresh, echo=click.echo)
    files = summary.pop("files_read")
    click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    rejected = [(f["path"], r) for f in files for r in f["rejected"]]
    for path, item in rejected:
        click.echo(f"rejected {Path(path).name}, row {item['row']}: {item['reason']}")
    if not no_ui:
        from engage.ui import launch

        launch(summary["url"], port)


@cli.command()
@click.option("--port", default=8501, show_default=True, help="Port on localhost.")
@pass_ctx
def ui(ctx: Context, port: int) -> None:
    """Start the review app on localhost."""
    from engage.ui import launch

    launch(ctx.store.url, port)


@export.command("report")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help=".docx, .html or .md"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "html", "md"]),
    help="Output format (default: from the file name).",
)
@click.option("--easy-read", is_flag=True, help="Write the Easy Read version and check it.")
@click.option(
    "--easy-wording",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML with Easy Read wording for actions, questions and themes.",
)
@click.option(
    "--strict", is_flag=True,
    help="Exit 1, and keep no file, when the Easy Read check finds sentences to rewrite.",
)
@click.option("--exercise", help="Exercise to report on (needed when there are several).")
@pass_ctx
def export_report(
    ctx: Context,
    output: Path,
    fmt: str | None,
    easy_read: bool,
    easy_wording: Path | None,
    strict: bool,
    exercise: str | None,
) -> None:
    """Write the "You said, we did" report (Word, HTML or Markdown; optionally Easy Read).

    Only redacted text is used; counts below 5 by group or locality are hidden; comments with
    a safeguarding flag are never quoted. The Easy Read check lists every sentence to rewrite.
    """
    from engage.reports import write_report

    result = write_report(
        ctx.store, output, fmt=fmt, easy_read=easy_read, exercise=exercise, wording=easy_wording
    )
    kind = "Easy Read report" if easy_read else "report"
    click.echo(f"wrote {kind} ({result.format}) to {result.path}")
    if result.gate is not None:
        for line in result.gate.lines():
            click.secho(line, fg=None if result.gate.passed else "yellow")
        if strict and not result.gate.passed:
            # A report that failed its check is not left about to be published by mistake.
            result.path.unlink(missing_ok=True)
            click.secho(f"--strict: {result.path} removed; rewrite the sentences above "
                        "(--easy-wording) and run again", fg="red", err=True)
            sys.exit(1)


@cli.group()
def actions() -> None:
    """Record what is being done about each theme ("we did")."""


@actions.command("add")
@click.option(
    "--theme", "themes", multiple=True, required=True, help="Theme id (repeat for several)."
)
@click.option("--text", required=True, help="What was done or will be done.")
@click.option("--owner", help="Who is responsible (person or team).")
@click.option("--status", type=click.Choice(STATUSES), default="planned", show_default=True)
@click.option("--due", help="Date done or due, YYYY-MM-DD.")
@click.option("--evidence", help="Link (or note) showing what happened.")
@click.option("--reason", help="Why not, when the status is not-doing.")
@click.option("--commitment", help="Strategy commitment this action serves.")
@click.option("--by", "actor", default="cli", show_default=True, help="Who is recording it.")
@click.option("--exercise", help="Exercise the action belongs to.")
@pass_ctx
def actions_add(
    ctx: Context, themes: tuple[str, ...], actor: str, exercise: str | None, **values: str | None
) -> None:
    """Add an action linked to one or more themes (audited)."""
    from engage.actions import add_action, status_warnings

    with ctx.store.session() as s, s.begin():
        action = add_action(
            s, ctx.store.exercise(s, exercise), themes=list(themes), actor=actor, **values
        )
        click.echo(
            f"added action {action.id} [{action.status}] {';'.join(action.themes)}: {action.text}"
        )
        fields = {"status": action.status, "due": action.due, "reason": action.reason}
        for warning in status_warnings(fields):
            click.secho(f"  check: {warning}", fg="yellow")


@actions.command("list")
@click.option("--theme", help="Only this theme's actions.")
@click.option("--exercise", help="Exercise to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def actions_list(ctx: Context, theme: str | None, exercise: str | None, as_json: bool) -> None:
    """List the actions with their status, date and themes."""
    from engage.actions import actions_frame

    with ctx.store.session() as s:
        frame = actions_frame(s, ctx.store.exercise(s, exercise))
    if theme:
        frame = frame[frame["theme"].str.split(";").map(lambda ts: theme in ts)]
    if as_json:
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=2))
        return
    if frame.empty:
        click.echo("no actions yet")
    for row in frame.itertuples(index=False):
        due = f" due {row.due}" if row.due else ""
        owner = f" ({row.owner})" if row.owner else ""
        click.echo(f"{row.id:>4} [{row.status}]{due} {row.theme}: {row.text}{owner}")


@actions.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "actor", default="cli", show_default=True, help="Who is importing.")
@click.option("--exercise", help="Exercise the actions belong to.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@pass_ctx
def actions_import(
    ctx: Context, path: Path, actor: str, exercise: str | None, as_json: bool
) -> None:
    """Import actions from CSV/XLSX: theme,text,owner,status,due,evidence[,reason,commitment].

    Themes are ';'-joined ids. Good rows are imported; each bad row is reported with its row
    number and reason (exit code 1). Rows matching an existing action's text update it.
    """
    from engage.actions import import_actions

    with ctx.store.session() as s, s.begin():
        report = import_actions(s, ctx.store.exercise(s, exercise), path, actor=actor)
    _import_result(
        path,
        report,
        as_json,
        f"{report.rows} rows: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged",
    )


@actions.command("export")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help=".csv or .xlsx"
)
@click.option("--exercise", help="Exercise to export.")
@pass_ctx
def actions_export(ctx: Context, output: Path, exercise: str | None) -> None:
    """Write the actions as CSV/XLSX (the import format, plus reason, commitment and id)."""
    from engage.actions import export_actions

    with ctx.store.session() as s:
        export_actions(s, ctx.store.exercise(s, exercise), output)
    click.echo(f"wrote actions to {output}")


@template.command("easy-read")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "docx"]),
    help="xlsx: typing-up sheet; docx: printable form (default: from the file name, else xlsx).",
)
def template_easy_read(output: Path, fmt: str | None) -> None:
    """Write the Easy Read typing-up sheet (xlsx) or the printable Easy Read form (docx)."""
    fmt = fmt or ("docx" if output.suffix.lower() == ".docx" else "xlsx")
    if output.suffix.lower() != f".{fmt}":
        # A sheet named form.pdf opens nowhere: say so instead of writing it.
        raise click.ClickException(
            f"{output}: the {'printable form' if fmt == 'docx' else 'typing-up sheet'} is a "
            f".{fmt} file; name it {output.with_suffix('.' + fmt).name}")
    if fmt == "docx":
        from engage.reports.easyread_form import write_form

        write_form(output)
        click.echo(f"wrote printable Easy Read form to {output}")
        return
    from surveys.easyread import write_template

    write_template(output)
    click.echo(f"wrote Easy Read typing-up sheet to {output}")


def _read_password() -> str:
    """The password: first line of standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("no password on standard input (use --password-stdin)")
    return password


@cli.group()
def users() -> None:
    """Accounts for the review app (team, reviewer or admin)."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(accounts.ROLES),
    required=True,
    help="team: upload, analyse, export; reviewer: review and label; admin: everything.",
)
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@pass_ctx
def users_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account: echo PASSWORD | engage users add NAME --role ROLE --password-stdin."""
    password = _read_password()
    with ctx.store.session() as s, s.begin():
        account = accounts.add_user(s, name, role, password)
    click.echo(f"added {account.name} ({account.role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def users_list(ctx: Context, as_json: bool) -> None:
    """List accounts (never passwords)."""
    with ctx.store.session() as s:
        found = accounts.list_users(s)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": a.name,
                        "role": a.role,
                        "active": a.active,
                        "created_at": a.created_at.isoformat(),
                        "locked_until": a.locked_until.isoformat() if a.locked_until else None,
                    }
                    for a in found
                ],
                indent=2,
            )
        )
        return
    if not found:
        click.echo("no accounts yet: engage users add NAME --role admin --password-stdin")
    for a in found:
        state = "active" if a.active else "switched off"
        if a.locked_until:
            state += f", sign-in locked until {a.locked_until:%H:%M} UTC (wrong passwords)"
        click.echo(f"{a.name}\t{a.role}\t{state}")


def _switch(ctx: Context, name: str, active: bool) -> None:
    with ctx.store.session() as s, s.begin():
        accounts.set_active(s, name, active)
    click.echo(f"{name} can sign in again" if active else f"{name} can no longer sign in")


@users.command("switch-off")
@click.argument("name")
@pass_ctx
def users_switch_off(ctx: Context, name: str) -> None:
    """Stop an account signing in (and sign it out everywhere); its history stays."""
    _switch(ctx, name, False)


@users.command("switch-on")
@click.argument("name")
@pass_ctx
def users_switch_on(ctx: Context, name: str) -> None:
    """Let a switched-off account sign in again."""
    _switch(ctx, name, True)


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(accounts.ROLES))
@pass_ctx
def users_set_role(ctx: Context, name: str, role: str) -> None:
    """Change what an account may do: team, reviewer or admin."""
    with ctx.store.session() as s, s.begin():
        accounts.set_role(s, name, role)
    click.echo(f"{name} is now {role}")


@users.command("remove")
@click.argument("name")
@pass_ctx
def users_remove(ctx: Context, name: str) -> None:
    """Remove an account (its decisions stay in the audit trail)."""
    with ctx.store.session() as s, s.begin():
        accounts.remove_user(s, name)
    click.echo(f"removed {name}")


@users.command("reset-password")
@click.argument("name")
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@pass_ctx
def users_reset_password(ctx: Context, name: str, password_stdin: bool) -> None:
    """Set a new password: echo PASSWORD | engage users reset-password NAME --password-stdin."""
    password = _read_password()
    with ctx.store.session() as s, s.begin():
        accounts.reset_password(s, name, password)
    click.echo(f"password changed for {name} (signed out of the app everywhere; "
               "a lock after wrong passwords is lifted)")


@cli.group()
def exercise() -> None:
    """Manage whole exercises (delete one at the end of its retention period)."""


def _stdin_is_terminal() -> bool:
    """Whether someone at a terminal can answer a confirmation question."""
    return sys.stdin.isatty()


@exercise.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Delete without asking (needed when not at a terminal).")
@pass_ctx
def exercise_delete(ctx: Context, name: str, yes: bool) -> None:
    """Delete exercise NAME and everything held for it: comments (with their original text),
    respondents, questions, files, events, codings, suggestions, flags, themes, topics,
    actions, its audit trail and cached embeddings of its text. Accounts are kept.

    Without --yes, shows what would be deleted and asks. One store-wide audit entry records
    who deleted it, with the counts. SQLite stores are vacuumed afterwards.
    """
    from engage.audit import command_line_actor
    from engage.retention import KINDS, delete_exercise, exercise_contents, reclaim_space

    contents = exercise_contents(ctx.store, name)
    if not yes:
        click.echo(f"Deleting exercise {name!r} from {ctx.store.where} would delete:")
        for kind, label in KINDS.items():
            click.echo(f"  {contents[kind]:>7} {label}")
        click.echo("  accounts and sign-in sessions: none (they belong to the whole store)")
        if not _stdin_is_terminal():
            raise click.ClickException(
                f"exercise {name!r} not deleted: not at a terminal to confirm; add --yes")
        if not click.confirm(f"Delete exercise {name!r}? This cannot be undone", default=False):
            click.echo("nothing deleted")
            return
    counts = delete_exercise(
        ctx.store, name, actor=command_line_actor(), vacuum=False, say=click.echo)
    click.echo(f"deleted exercise {name!r}:")
    for kind, label in KINDS.items():
        click.echo(f"  {counts[kind]:>7} {label}")
    click.echo(reclaim_space(ctx.store))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="engage")
