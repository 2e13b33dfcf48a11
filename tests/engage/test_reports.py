"""The "You said, we did" reports: content rules, Word/HTML/Markdown output, Easy Read gate.

Small stores are built by ingesting fixture files (with fictional personal details injected)
through the real redactor; the Easy Read gate is checked on the bundled sample data.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Pt
from sqlalchemy import select

from engage.actions import add_action
from engage.demo import DEMO_EXERCISE, SAMPLE, sample_files
from engage.export import comments_frame
from engage.frameworks import framework_of
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import save_coding
from engage.models import Comment, Flag, TopicRecord
from engage.reports import build_report, icons, render, write_report
from engage.reports.easyread import EasyWording, easy_read_document
from engage.reports.model import ActionItem, Report
from engage.reports.privacy import suppress_counts, suppress_matrix
from engage.store import Store
from surveys.redact import PLACEHOLDERS
from themes.readability import check_easy_read
from themes.safeguarding import flag_risks

EXERCISE = "Listening <2026> & *test*"
EVENT = "Carers <b>café</b> & *friends*"
PERSONAL = ["Jamie", "Patel", "07700 900456", "example.org", "Mill Close", "NR2 4PH"]
FLAGGED = "I have thought about ending my life while waiting on the list for a referral."
QUESTION = "Do you know how to access services?"
CHANGE, GOOD = "What needs to change?", "What is working well?"
ACCESS_TEXTS = [
    "The waiting list for talking therapies is far too long, I waited months.",
    "Nobody could tell me where to go when I needed help, the referral was lost.",
    "My GP referral was sent back twice and I had to start again.",
    "It took nine weeks to get an assessment and then another wait for treatment.",
    "Appointments are only in the city and the bus takes an hour each way.",
    "You have to be really ill before anyone will see you, the threshold is too high.",
    "I was passed between teams and the waiting time kept getting longer.",
    "Phone lines are always busy so getting an appointment is hard.",
    "The assessment letter came after three months of waiting and worry.",
    "Long waits for the community team mean people get worse on the list.",
    "Make the referral form simpler and tell people how long the wait will be.",
]
CARER_TEXTS = [
    "Nobody tells carers anything about the plan or what to do in a crisis.",
    "As a carer I was left out of every meeting about my husband's care.",
    "Carers need breaks and someone to ring when things go wrong.",
    "The carers group at the library is the only support I get as a carer.",
    "Carers should be asked before someone is sent home from the ward.",
    "I look after my mum and no carer assessment was ever offered to me.",
]


def _row(rid: str, group: str, place: str, known: str, change: str, good: str = "") -> list[str]:
    return [rid, "2026-10-01", group, place, known, change, good]


def survey_rows() -> list[list[str]]:
    """21 fictional respondents: 12 service users, 7 carers, 2 staff."""
    rows = [
        _row("S01", "Service user", "Norwich", "No",
             "my son Jamie waited 18 weeks for a referral and the waiting list never moved.",
             "Dr Patel listened and sorted my referral and appointment quickly."),
        _row("S02", "Service user", "Norwich", "No",
             "Ring me on 07700 900456 about the waiting list, it is far too long."),
        _row("S03", "Service user", "Norwich", "No", FLAGGED),
    ]
    for i, text in enumerate(ACCESS_TEXTS[:9], start=4):
        place = "Norwich" if i <= 8 else "North Norfolk"
        rows.append(_row(f"S{i:02d}", "Service user", place, "Yes" if i % 2 else "No", text))
    for i, text in enumerate(CARER_TEXTS, start=1):
        place = "Norwich" if i <= 4 else "West Norfolk"
        rows.append(_row(f"C{i:02d}", "Carer", place, "No" if i <= 4 else "Yes", text))
    rows.append(_row("C07", "Carer", "West Norfolk", "No",
                     "Write to me at 7 Mill Close NR2 4PH, carers are ignored."))
    rows.append(_row("T01", "Health or social care worker", "Norwich", "Yes", ACCESS_TEXTS[9]))
    rows.append(_row("T02", "Health or social care worker", "Norwich", "Yes", ACCESS_TEXTS[10]))
    return rows


def write_inputs(folder: Path) -> list[Path]:
    survey = folder / "survey.csv"
    with survey.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response ID", "Submitted", "I am responding as", "Locality",
                         QUESTION, CHANGE, GOOD])
        writer.writerows(survey_rows())
    notes = folder / "carers-cafe.md"
    notes.write_text(
        "---\n"
        f"event: {EVENT}\n"
        "date: 2026-10-05\n"
        "place: Community centre\n"
        "audience: Carers and families\n"
        "locality: Norwich\n"
        "---\n\n"
        "## What needs to change\n\n"
        "- Carers want to be told when the person they care for is discharged.\n"
        "- A named contact for carers on every ward would stop us chasing.\n"
        "- Carers' assessments should be offered without having to fight for them.\n",
        encoding="utf-8",
    )
    return [survey, notes]


def code_comments(
    store: Store, exercise: str, reviewer: str = "reviewer", *, flag: bool = True
) -> None:
    """A reviewer's coding of every fixture comment (carers or access); flags the risky one."""
    with store.session() as s, s.begin():
        ex = store.exercise(s, exercise)
        for comment in s.scalars(select(Comment).where(Comment.exercise_id == ex.id)):
            theme = "carers" if "carer" in comment.text.lower() else "access"
            save_coding(s, ex, comment, reviewer, [theme], "negative")
            if flag and comment.text.startswith("I have thought about ending my life"):
                s.add(Flag(comment_pk=comment.id, kind="safeguarding",
                           category="suicidal-ideation", sentence=comment.text))


@pytest.fixture
def small_store(store: Store, tmp_path: Path, redactor) -> Store:
    """Ingested fixture files, coded by a reviewer, with one linked action."""
    options = IngestOptions(exercise=EXERCISE, text_columns=[CHANGE, GOOD],
                            closed_columns=[QUESTION])
    reports = ingest_paths(store, write_inputs(tmp_path), options, redactor)
    assert [r.error for r in reports] == [None, None]
    code_comments(store, EXERCISE)
    with store.session() as s, s.begin():
        ex = store.exercise(s, EXERCISE)
        add_action(s, ex, themes=["access"], text="Publish a where-to-get-help guide",
                   status="done", due="2026-11-15", evidence="https://example.org/guide",
                   owner="Comms team")
        add_action(s, ex, themes=["access"], text="Text people their place on the waiting list",
                   status="planned", due="2027-06-30")
    return store


@pytest.fixture
def small_report(small_store: Store) -> Report:
    return build_report(small_store, EXERCISE)


def all_quotes(report: Report) -> list:
    quotes = [q for t in report.themes for q in t.quotes]
    quotes += [t.easy_quote for t in report.themes if t.easy_quote]
    return quotes + [q for t in report.topics for q in t.quotes]


def norm(text: str) -> str:
    return " ".join(text.split())


# --- content ---------------------------------------------------------------------------------


def test_themes_are_ordered_by_people_and_actions_are_linked(small_report: Report) -> None:
    themes = {t.theme_id: t for t in small_report.themes}
    order = [t.people for t in small_report.themes]
    assert order == sorted(order, reverse=True)
    access, carers = themes["access"], themes["carers"]
    assert access.people == 14  # S01-S12 and T01-T02; S01's two comments count once
    assert carers.people == 10  # 7 carers plus 3 points from the carers' event
    assert [a.text for a in access.actions] == [
        "Publish a where-to-get-help guide", "Text people their place on the waiting list"
    ]
    assert [a.status for a in access.actions] == ["done", "planned"]
    assert carers.actions == [] and themes["crisis"].people == 0
    assert access.reviewed == access.comments  # every comment was coded by a person


def test_small_counts_are_suppressed(small_report: Report) -> None:
    listening = small_report.listening
    groups = dict(zip(listening.by_group.labels, listening.by_group.figures, strict=True))
    assert groups["Health and care staff"].text == "fewer than 5"
    assert groups["People who use services"].text_with_percent == "12 (57%)"
    access = next(t for t in small_report.themes if t.theme_id == "access")
    staff = dict(zip(access.group_labels, access.group_figures, strict=True))
    assert staff["Health and care staff"].value is None
    # Carers in West Norfolk are 3: hidden in the cross table, and so is a second cell in that
    # row and column so that the 3 cannot be worked out from the totals.
    cross = listening.group_by_locality
    row = cross.row_labels.index("Carers, family and friends")
    cells = cross.cells[row]
    assert cells[cross.column_labels.index("West Norfolk")].text == "fewer than 5"
    assert sum(f.value is None for f in cells) >= 2
    (closed,) = small_report.closed
    staff_column = closed.by_group.column_labels.index("Health and care staff")
    assert all(r[staff_column].value is None for r in closed.by_group.cells)


def test_suppression_rules() -> None:
    assert [f.text for f in suppress_counts([3, 20, 0, 40])] == [
        "fewer than 5", "not shown", "0", "40"
    ]
    assert [f.text for f in suppress_counts([3, 20], total_published=False)] == [
        "fewer than 5", "20"
    ]
    # A column of 3 people hides its zeros too; each row then needs a second hidden cell.
    cells = suppress_matrix([[3, 10, 12], [0, 9, 11]])
    assert [[f.value for f in row] for row in cells] == [[None, None, 12], [None, None, 11]]


def test_quotes_never_repeat_a_person_nor_quote_flagged_or_contact_comments(
    small_store: Store, small_report: Report
) -> None:
    frame = comments_frame(small_store, EXERCISE)
    with small_store.session() as s:
        owners = dict(s.execute(select(Comment.comment_id, Comment.respondent_id)).all())
    by_text = {norm(t): cid for t, cid in zip(frame["text"], frame["comment_id"], strict=True)}
    quotes = all_quotes(small_report)
    assert len(quotes) >= 4
    ids = [by_text[norm(q.text)] for q in quotes]
    people = [owners[i] or i for i in ids]
    assert len(people) == len(set(people))
    texts = " ".join(q.text for q in quotes)
    assert "ending my life" not in texts
    assert "[PHONE]" not in texts and "[ADDRESS]" not in texts
    access = next(t for t in small_report.themes if t.theme_id == "access")
    assert 2 <= len(access.quotes) <= 4
    assert len({norm(q.text) for q in access.quotes}) == len(access.quotes)


def test_method_note_counts_reviews_and_agreement(small_store: Store) -> None:
    code_comments(small_store, EXERCISE, reviewer="second", flag=False)
    with small_store.session() as s, s.begin():
        ex = small_store.exercise(s, EXERCISE)
        comment = s.scalars(select(Comment).where(Comment.exercise_id == ex.id)).first()
        save_coding(s, ex, comment, "second", ["crisis"], None)
    method = build_report(small_store, EXERCISE).method
    assert method.reviewed == method.comments and method.unreviewed == 0
    assert method.reviewers == 2
    agreement = method.reviewer_agreement
    assert agreement.comments == method.comments
    assert agreement.agreed == method.comments - 1
    assert method.flagged == 1 and method.redactions >= 4
    assert method.model_agreement is None  # nothing was analysed by the model


def test_kept_topics_are_reported(small_store: Store) -> None:
    with small_store.session() as s, s.begin():
        ex = small_store.exercise(s, EXERCISE)
        ids = list(s.scalars(select(Comment.comment_id).where(Comment.exercise_id == ex.id)))
        s.add(TopicRecord(exercise_id=ex.id, topic_id=0, label="waiting, list", size=9,
                          keywords=["waiting", "list"], representatives=ids[:6], status="kept"))
        s.add(TopicRecord(exercise_id=ex.id, topic_id=1, label="buses, town", size=4,
                          keywords=["bus"], representatives=ids[6:8], status="dismissed"))
    report = build_report(small_store, EXERCISE)
    assert [t.label for t in report.topics] == ["waiting, list"]
    assert report.method.topics_found == 2 and report.method.topics_kept == 1


# --- rendered files --------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Collects what the structural checks need from an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.decl: list[str] = []
        self.stack: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (caption of the table, cell text)
        self.caption = ""
        self._text: list[str] = []
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)
        if tag in ("td", "caption"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.caption = norm("".join(self._text))
        if tag == "td":
            self.cells.append((self.caption, norm("".join(self._text))))
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        self.text.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def docx_text(path: Path) -> str:
    doc = open_docx(path)
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_html_is_one_accessible_self_contained_page(small_store: Store, tmp_path: Path) -> None:
    result = write_report(small_store, tmp_path / "report.html", exercise=EXERCISE)
    page = result.path.read_text(encoding="utf-8")
    parsed = parse(page)
    assert parsed.decl and parsed.decl[0].lower() == "doctype html"
    html_tag = next(attrs for tag, attrs in parsed.tags if tag == "html")
    assert html_tag["lang"] == "en-GB"
    assert [t for t, _ in parsed.tags].count("h1") == 1
    assert {"h2", "h3", "main", "table", "caption", "blockquote", "svg"} <= {
        t for t, _ in parsed.tags}
    assert not {"script", "img", "link", "iframe", "object"} & {t for t, _ in parsed.tags}
    tables = [t for t, _ in parsed.tags].count("table")
    assert tables == [t for t, _ in parsed.tags].count("caption") and tables >= 5
    assert all(a.get("scope") in ("col", "row") for t, a in parsed.tags if t == "th")
    for tag, attrs in parsed.tags:
        assert "src" not in attrs and "srcset" not in attrs
        href = attrs.get("href")
        if href is not None and not href.startswith("#"):
            assert (tag, href) == ("a", "https://example.org/guide")  # the evidence link only
    assert not re.search(r"url\(|@import|https?://(?!example\.org/guide)", page)
    # Names from the data (exercise, event) are escaped, never markup.
    assert "<b>" not in page and "&lt;b&gt;café&lt;/b&gt;" in page
    assert EVENT in "".join(parsed.text)
    for detail in PERSONAL:
        assert detail not in page.replace("https://example.org/guide", "")


def test_html_shows_actions_no_action_yet_and_fewer_than_5(
    small_store: Store, tmp_path: Path
) -> None:
    page = write_report(small_store, tmp_path / "r.html", exercise=EXERCISE).path.read_text()
    text = norm(" ".join(parse(page).text))
    carers = text.split("Carers and families")[-1].split("Crisis support")[0]
    assert "We did No action yet." in carers
    access = text[text.index("Access to services You said"):]
    access = access[: access.index("Carers and families")]
    assert "Done, 15 November 2026: Publish a where-to-get-help guide." in access
    assert "Planned, due 30 June 2027" in access
    assert "Health and care staff: fewer than 5" in access
    for caption, cell in parse(page).cells:
        if "group" in caption or "where they live" in caption:
            assert not re.fullmatch(r"[1-4]( \(\d+%\))?", cell), (caption, cell)
    assert FLAGGED not in page


def test_word_report_uses_real_styles_and_alt_text(small_store: Store, tmp_path: Path) -> None:
    path = write_report(small_store, tmp_path / "report.docx", exercise=EXERCISE).path
    doc = open_docx(path)
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert [t for s, t in styled if s == "Title"] == ["You said, we did"]
    headings1 = [t for s, t in styled if s == "Heading 1"]
    assert headings1[:2] == ["How we listened", "What you told us and what we are doing"]
    assert "How we did this" in headings1
    headings2 = [t for s, t in styled if s == "Heading 2"]
    assert {"Access to services", "Carers and families"} <= set(headings2)
    assert any(s == "Quote" for s, _ in styled) and any(s == "List Bullet" for s, _ in styled)
    assert len(doc.tables) >= 5
    for table in doc.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    shapes = doc.inline_shapes
    assert len(shapes) >= 1
    assert all(s._inline.docPr.get("descr") for s in shapes)
    text = docx_text(path)
    for detail in PERSONAL:
        assert detail not in text.replace("https://example.org/guide", "")
    assert "ending my life" not in text and "No action yet." in text
    assert "fewer than 5" in text
    rels = [r.target_ref for r in doc.part.rels.values() if r.is_external]
    assert rels == ["https://example.org/guide"]


def test_markdown_renders_respondent_text_literally(small_store: Store, tmp_path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    path = write_report(small_store, tmp_path / "report.md", exercise=EXERCISE).path
    source = path.read_text(encoding="utf-8")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(source)
    assert "<b>" not in rendered and "<em>test</em>" not in rendered
    assert "&lt;b&gt;café&lt;/b&gt; &amp; *friends*" in rendered
    assert "<table>" in rendered and "No action yet." in rendered
    for detail in PERSONAL:
        assert detail not in source.replace("https://example.org/guide", "")


def test_report_before_any_analysis_says_so(store: Store, tmp_path: Path, redactor) -> None:
    options = IngestOptions(exercise="Fresh", text_columns=[CHANGE, GOOD],
                            closed_columns=[QUESTION])
    ingest_paths(store, write_inputs(tmp_path)[:1], options, redactor)
    report = build_report(store, "Fresh")
    assert not report.themed and report.method.reviewed == 0 and not report.method.analysed
    page = render(report, tmp_path / "fresh.html", "html").path.read_text()
    assert "have not been sorted into themes yet" in page
    assert "Nobody raised" not in page
    assert page.count("No action yet.") == len(report.themes)


def test_points_written_down_at_events_are_not_counted_as_people(
    small_store: Store, tmp_path: Path
) -> None:
    page = render(build_report(small_store, EXERCISE), tmp_path / "r.md", "md").path.read_text()
    assert "21 people filled in a survey and we wrote down 3 points" in page
    assert "we heard from 24 people" not in page
    channels = page[page.index("How people told us"):].split("\n\n")[1]
    assert "| Points recorded at events and forums | 3 points |" in channels
    assert "| Total | 21 people and 3 points |" in channels
    report = build_report(small_store, EXERCISE)
    with_points = [t for t in report.themes if t.points]
    assert with_points and sum(t.points for t in report.themes) >= 3
    for theme in with_points:
        assert f"{theme.points} point" in theme.summary and "made at events" in theme.summary
        assert f"{theme.form_people} people" in theme.summary or not theme.form_people
    assert "| Points made at events |" in page


def test_a_respondent_without_a_group_counts_as_not_known(
    store: Store, tmp_path: Path, redactor
) -> None:
    survey = tmp_path / "survey.csv"
    rows = survey_rows()
    rows[3][2] = ""  # one respondent left "I am responding as" blank
    with survey.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response ID", "Submitted", "I am responding as", "Locality",
                         QUESTION, CHANGE, GOOD])
        writer.writerows(rows)
    options = IngestOptions(exercise="Blank group", text_columns=[CHANGE, GOOD],
                            closed_columns=[QUESTION])
    ingest_paths(store, [survey], options, redactor)
    code_comments(store, "Blank group", flag=False)
    report = build_report(store, "Blank group")
    assert report.listening.respondents == len(rows)
    assert report.listening.by_group.total == len(rows)
    for fmt in ("html", "md", "docx"):
        assert render(report, tmp_path / f"r.{fmt}", fmt).path.stat().st_size > 0


def test_icons_render_as_svg_and_png() -> None:
    for name in icons.names():
        assert icons.png(name, 48).startswith(b"\x89PNG")
        svg = icons.svg(name)
        assert svg.startswith("<svg") and 'aria-label="' in svg and "http" not in svg


# --- the bundled sample data -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory, redactor) -> Iterator[Store]:
    """data/sample ingested as ``engage demo`` does, then coded by keyword and flagged."""
    folder = tmp_path_factory.mktemp("sample")
    store = Store(f"sqlite:///{folder / 'engage.db'}")
    options = IngestOptions(exercise=DEMO_EXERCISE, question_map=SAMPLE / "question-map.yaml")
    ingest_paths(store, sample_files(), options, redactor)
    with store.session() as s, s.begin():
        ex = store.exercise(s, DEMO_EXERCISE)
        framework = framework_of(s, ex)
        comments = s.scalars(select(Comment).where(Comment.exercise_id == ex.id)).all()
        for comment, risks in zip(comments, flag_risks([c.text for c in comments]), strict=True):
            low = comment.text.lower()
            themes = [t.id for t in framework.themes if any(k in low for k in t.keywords)]
            save_coding(s, ex, comment, "keyword reviewer", themes, None, origin="import")
            for risk in {r.category: r for r in risks}.values():
                s.add(Flag(comment_pk=comment.id, kind="safeguarding", category=risk.category,
                           sentence=risk.sentence))
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_report(sample_store: Store) -> Report:
    return build_report(sample_store, DEMO_EXERCISE)


def test_easy_read_passes_its_own_gate_on_the_sample(
    sample_report: Report, tmp_path: Path
) -> None:
    html = render(sample_report, tmp_path / "easy.html", "html", easy_read=True)
    word = render(sample_report, tmp_path / "easy.docx", "docx", easy_read=True)
    assert html.gate.passed, "\n".join(html.gate.lines())
    assert word.gate.passed and html.gate.reading_ease >= 70
    assert html.gate.longest_sentence <= 15
    # Check the written page independently: every sentence we wrote, one by one.
    parsed = parse(html.path.read_text(encoding="utf-8"))
    assert [t for t, _ in parsed.tags].count("h1") == 1
    page = html.path.read_text(encoding="utf-8")
    ours = re.findall(r'<div class="words">(?!<blockquote)(.*?)</div>', page)
    sentences = [unescape(p) for chunk in ours for p in re.findall(r"<p>(.*?)</p>", chunk)]
    assert len(sentences) >= 20
    for sentence in sentences:
        problems = [p for p in check_easy_read(sentence) if p.kind != "hard_document"]
        assert not problems, sentence
    assert "Word list" in page and 'class="point"' in page
    # Word: text is never below 14pt and every picture has alt text.
    doc = open_docx(word.path)
    assert doc.styles["Normal"].font.size >= Pt(14)
    sizes = [r.font.size for p in doc.paragraphs for r in p.runs if r.font.size]
    sizes += [r.font.size for t in doc.tables for row in t.rows for c in row.cells
              for p in c.paragraphs for r in p.runs if r.font.size]
    assert sizes and min(sizes) >= Pt(14)
    assert len(doc.inline_shapes) >= 20
    assert all(s._inline.docPr.get("descr") for s in doc.inline_shapes)


def test_easy_read_lists_hard_action_wording_until_a_person_rewrites_it(
    sample_report: Report,
) -> None:
    report = dataclasses.replace(sample_report, themes=list(sample_report.themes))
    first = report.themes[0]
    hard = ActionItem(id=99, text="Pilot a multidisciplinary navigator for individuals "
                      "experiencing prolonged community mental health assessment delays across "
                      "every primary care network",
                      status="in-progress", status_label="In progress", themes=[first.theme_id])
    report.themes[0] = dataclasses.replace(first, actions=[hard])
    _, gate = easy_read_document(report)
    assert not gate.passed
    assert {p.where for p in gate.to_rewrite} == {"action 99"}
    assert {p.kind for p in gate.to_rewrite} == {"long_sentence", "hard_sentence"}
    wording = EasyWording(actions={99: "We are trying out a helper for people who wait."})
    document, fixed = easy_read_document(report, wording)
    assert fixed.passed
    points = [" ".join(b.sentences) for b in document.blocks if hasattr(b, "sentences")]
    assert any("We are trying out a helper" in p for p in points)


def test_sample_reports_render_without_leaks_or_flagged_quotes(
    sample_store: Store, sample_report: Report, tmp_path: Path
) -> None:
    frame = comments_frame(sample_store, DEMO_EXERCISE)
    flagged = frame.loc[frame["flags"].str.contains("safeguarding"), "text"].map(norm)
    assert len(flagged) >= 10
    quoted = {norm(q.text) for q in all_quotes(sample_report)}
    assert quoted and not quoted & set(flagged)
    with sample_store.session() as s:
        originals = [o for (o,) in s.execute(select(Comment.original_text)) if o]
        redacted = {n for (n,) in s.execute(select(Comment.text))}
    # Pieces of personal detail that the redactor took out of the sample.
    leaked = {"07700 900", "01632 960", "@example.org", "NR1 9ZZ"}
    assert any(any(x in o for x in leaked) for o in originals)
    for fmt in ("docx", "html", "md"):
        path = render(sample_report, tmp_path / f"report.{fmt}", fmt).path
        text = docx_text(path) if fmt == "docx" else path.read_text(encoding="utf-8")
        assert not [x for x in leaked if x in text], fmt
        assert not re.search(rf"\[({'|'.join(PLACEHOLDERS)})\]", text)
        assert not [f for f in flagged if len(f) > 40 and f in norm(text)], fmt
    assert redacted


def test_choose_quotes_skips_people_already_quoted_and_near_repeats() -> None:
    from engage.reports.quotes import Candidate, choose_quotes, fit_vectorizer

    texts = [
        "The waiting list for therapy is far too long and nobody rings back.",
        "The waiting list for therapy is far too long and nobody ever rings back.",
        "Waiting months for therapy made me much worse, the list is too long.",
        "My GP could not tell me where to go, the referral was lost for weeks.",
        "The crisis team were kind and came within four hours of my call.",
        "Long waiting lists for therapy, I was told it would be a year.",
    ]
    people = ["p1", "p1", "p2", "p3", "p4", "p5"]
    candidates = [Candidate(key=str(i), text=t, person=p) for i, (t, p) in enumerate(
        zip(texts, people, strict=True))]
    vectorizer = fit_vectorizer(texts)
    used: set[str] = set()
    first = choose_quotes(candidates, texts[:3] + texts[5:], vectorizer, n=3, used=used)
    assert len({c.person for c in first}) == 3
    assert {u for u in used if not u.startswith("words:")} == {c.person for c in first}
    assert not {"0", "1"} <= {c.key for c in first}  # one person, and a near repeat
    second = choose_quotes(candidates, texts, vectorizer, n=3, used=used)
    assert not {c.person for c in second} & {c.person for c in first}
    flagged = [dataclasses.replace(c, flagged=True) for c in candidates]
    assert choose_quotes(flagged, texts, vectorizer, n=3) == []
    # Two people who wrote the same words (a workshop's shared point) are quoted once.
    said = "Referrals keep getting bounced back between the GP and the team."
    twins = [Candidate(key="a", text=said, person="p8"), Candidate(key="b", text=said,
                                                                    person="p9")]
    shared: set[str] = set()
    assert len(choose_quotes(twins[:1], [said], vectorizer, n=1, used=shared)) == 1
    assert choose_quotes(twins[1:], [said], vectorizer, n=1, used=shared) == []


def test_easy_wording_file_is_read(tmp_path: Path) -> None:
    from engage.reports.easyread import load_wording

    path = tmp_path / "wording.yaml"
    path.write_text(
        "themes:\n  access: getting help fast\n"
        "actions:\n  3: We made a guide.\n"
        "questions:\n  are_services_near: Is help near you?\n",
        encoding="utf-8",
    )
    wording = load_wording(path)
    assert wording.themes == {"access": "getting help fast"}
    assert wording.actions == {3: "We made a guide."}
    assert wording.questions == {"are_services_near": "Is help near you?"}


def test_rare_free_form_answers_are_pooled_not_listed(
    store: Store, tmp_path: Path, redactor
) -> None:
    from engage.reports.content import OTHER_ANSWERS

    path = tmp_path / "small.csv"
    rows = [("A1", "Jamie Patel", "Ward 7", "Yes"), ("A2", "Sam Okafor", "Ward 7", "No"),
            ("A3", "Alex Jones", "Ward 7", "No"), ("A4", "Chris Lee", "Ward 7", "No"),
            ("A5", "Pat Kim", "Ward 7", "Yes"), ("A6", "Lee Ray", "Cedar unit", "No")]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response ID", CHANGE, "Contact person", "Which ward?", "A carer?"])
        writer.writerows((rid, f"Comment number {rid} about waiting", person, ward, carer)
                         for rid, person, ward, carer in rows)
    ingest_paths(store, [path], IngestOptions(), redactor)
    closed = {r.question: r for r in build_report(store).closed}
    # Every contact person was a name, so one answer, "[NAME]": not a question, left out.
    assert "Contact person" not in closed
    ward, carer = closed["Which ward?"], closed["A carer?"]
    assert ward.answers == ["Ward 7", OTHER_ANSWERS]
    assert [f.value for f in ward.overall] == [5, 1]
    assert carer.answers == ["Yes", "No"]  # known choices are listed however few chose them
    written = write_report(store, tmp_path / "report.md").path.read_text()
    for person, _, _, _ in rows:
        assert person not in written
    assert "Cedar unit" not in written
    # Easy Read leaves out a question whose answers are all too rare to list.
    easy = write_report(store, tmp_path / "easy.md", easy_read=True).path.read_text()
    assert "Contact person" not in easy and "Other answers" not in easy


def test_a_tick_all_that_apply_question_counts_each_option_per_person(
    store: Store, tmp_path: Path, redactor
) -> None:
    """A Google Forms export joins the options someone ticked with ", " (an option may have a
    comma of its own); each option is counted, shares are of people, and the combinations are
    neither themed as comments nor listed one by one."""
    from engage.reports.content import OTHER_ANSWERS

    housing = "Housing, money and benefits"
    ticked = [f"Anxiety, {housing}", "Anxiety, Medication review",
              f"Medication review, {housing}, Anxiety", housing,
              "Medication review, Anxiety", f"Anxiety, {housing}",
              "Medication review", "Anxiety, Other: my key worker Lisa Brown",
              f"{housing}, Anxiety", "Medication review, Anxiety"]
    path = tmp_path / "forms.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", "What would you like help with?", CHANGE, "Rating"])
        writer.writerows(
            (f"03/{n + 10}/2026 10:00:00", value,
             f"Comment {n}: the wait for a first appointment was too long", str(n % 5))
            for n, value in enumerate(ticked, start=1)
        )
    (report,) = ingest_paths(store, [path], IngestOptions(), redactor)
    assert report.ingested == len(ticked)  # one comment each: the ticked options are not text
    with store.session() as session:
        texts = list(session.scalars(select(Comment.text)))
    assert not any("Anxiety" in t for t in texts)
    closed = {r.question: r for r in build_report(store).closed}
    help_with = closed["What would you like help with?"]
    assert help_with.answered == len(ticked)
    assert help_with.answers == ["Anxiety", housing, "Medication review", OTHER_ANSWERS]
    assert [f.value for f in help_with.overall] == [8, 5, 5, 1]
    assert "80% of the 10 people" in help_with.headline and "more than one" in help_with.headline
    assert closed["Rating"].answers == ["4", "3", "2", "1", "0"]  # scale order, not counts
    written = write_report(store, tmp_path / "report.md").path.read_text()
    assert "Lisa" not in written and "Brown" not in written


def _easy_sentences(document) -> list[str]:  # noqa: ANN001 - a reports Document
    return [s for b in document.blocks if hasattr(b, "sentences") for s in b.sentences]


def test_easy_read_says_a_computer_grouped_what_nobody_checked(sample_report: Report) -> None:
    method = dataclasses.replace(sample_report.method, reviewed=0,
                                 unreviewed=sample_report.method.comments, unthemed=12)
    document, gate = easy_read_document(dataclasses.replace(sample_report, method=method))
    said = _easy_sentences(document)
    assert "A computer put what people said into groups." in said
    assert "People have not checked the groups yet." in said
    assert "Some things people told us did not fit in a group." in said
    headings = [b.text for b in document.blocks if hasattr(b, "level")]
    assert len(headings) == len(set(headings))  # no heading said twice
    assert gate.passed, "\n".join(gate.lines())
    checked = dataclasses.replace(sample_report.method, reviewed=10, unreviewed=0, unthemed=0)
    document, _ = easy_read_document(dataclasses.replace(sample_report, method=checked))
    said = _easy_sentences(document)
    assert "We put what people said into groups." in said
    assert not [s for s in said if "computer" in s or "did not fit" in s]


def test_easy_read_says_who_we_did_not_hear_from_in_one_point(sample_report: Report) -> None:
    listening = dataclasses.replace(sample_report.listening, under_heard=[
        "Carers, family and friends: fewer than 5 people", "Health and care staff: nobody",
        "North Norfolk: 3 people"])
    document, gate = easy_read_document(dataclasses.replace(sample_report, listening=listening))
    points = [b.sentences for b in document.blocks if hasattr(b, "sentences")
              and any("hear from" in s for s in b.sentences)]
    assert points == [[
        "We did not hear from many carers.", "We did not hear from many people in North Norfolk.",
        "We did not hear from any people who work in health or care.",
        "We want to hear from more people next time."]]
    assert gate.passed, "\n".join(gate.lines())


def test_easy_read_uses_its_readers_words_and_flags_unused_wording(
    sample_report: Report,
) -> None:
    first = sample_report.themes[0]
    actions = [ActionItem(id=71, text="Staff will learn about autism", status="planned",
                          status_label="Planned", themes=[first.theme_id]),
               ActionItem(id=72, text="We will help people with a learning disability",
                          status="done", status_label="Done", themes=[first.theme_id])]
    report = dataclasses.replace(sample_report, themes=[
        dataclasses.replace(first, actions=actions), *sample_report.themes[1:]])
    wording = EasyWording(themes={"nosuch": "a theme"}, actions={99: "We did a thing."})
    document, gate = easy_read_document(report, wording)
    assert not [p for p in gate.to_rewrite if p.where.startswith("action 7")]
    assert "Autism" in [row[0] for b in document.blocks if hasattr(b, "rows") for row in b.rows]
    assert any("theme 'nosuch' is not in this report" in u for u in gate.unused)
    assert any("action 99 is not in this report" in u for u in gate.unused)
    assert any(line.startswith("  wording not used:") for line in gate.lines())


def test_answers_differing_only_in_capitals_count_as_one_and_easy_read_adds_up(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "small.csv"
    answers = ["Yes", "yes", "YES ", "No", "no", "Yes", "No", "Yes", "Maybe", "Dunno"]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response ID", CHANGE, "Do you know where to go for help?"])
        writer.writerows((f"A{i}", f"Comment number {i} about waiting", a)
                         for i, a in enumerate(answers))
    ingest_paths(store, [path], IngestOptions(), redactor)
    (known,) = [r for r in build_report(store).closed if r.question.startswith("Do you know")]
    counts = dict(zip(known.answers, [f.value for f in known.overall], strict=True))
    assert counts["Yes"] == 5 and counts["No"] == 3 and "yes" not in counts
    document, _ = easy_read_document(build_report(store))
    said = _easy_sentences(document)
    assert "5 out of 10 people picked \u201cYes\u201d." in said
    assert "2 people said something else." in said  # Maybe, Dunno: too rare to list


def test_easy_read_theme_pictures_say_what_they_show(sample_report: Report) -> None:
    from engage.reports.icons import DESCRIPTIONS

    document, _ = easy_read_document(sample_report)
    points = [b for b in document.blocks if hasattr(b, "icon_alt")]
    themed = [p for p in points if p.icon in {"access", "integration", "crisis", "carers"}
              and ", for " in p.icon_alt]
    assert len(themed) >= 3, [p.icon_alt for p in points]
    for point in themed:
        assert point.icon_alt.startswith(DESCRIPTIONS[point.icon] + ", for "), point.icon_alt


def test_easy_read_asks_the_forms_own_voice_questions_of_you(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "own-voice.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response ID", CHANGE, "Do I know where to go for help?"])
        writer.writerows((f"A{i}", f"Comment number {i} about waiting", "Yes" if i % 2 else "No")
                         for i in range(10))
    ingest_paths(store, [path], IngestOptions(), redactor)
    said = _easy_sentences(easy_read_document(build_report(store))[0])
    assert "We asked: Do you know where to go for help?" in said
    assert not [s for s in said if "Do I know" in s]


def test_strict_easy_read_keeps_no_file_when_the_check_fails(
    store: Store, tmp_path: Path, redactor, survey_csv: Path
) -> None:
    from click.testing import CliRunner

    from engage.cli import cli

    ingest_paths(store, [survey_csv], IngestOptions(), redactor)
    with store.session() as s, s.begin():
        add_action(s, store.exercise(s), themes=["access"], actor="test",
                   text="Pilot a multidisciplinary navigator for individuals experiencing "
                   "prolonged community mental health assessment delays", status="planned")
    out = tmp_path / "easy.html"
    result = CliRunner().invoke(cli, ["--db", store.url, "export", "report", "--easy-read",
                                      "--strict", "-o", str(out)])
    assert result.exit_code == 1 and "REWRITE" in result.output
    assert not out.exists() and "removed" in result.output
    result = CliRunner().invoke(cli, ["--db", store.url, "export", "report", "--easy-read",
                                      "-o", str(out)])
    assert result.exit_code == 0 and out.exists()


def test_the_method_names_the_model_in_words_a_board_reads() -> None:
    from engage.reports.layout import _model_words

    said = _model_words("all-MiniLM-L6-v2/sentence-mean/bf16")
    assert "ran on our own computer" in said and said.endswith("all-MiniLM-L6-v2")
    assert "bf16" not in said and "sentence-mean" not in said
    assert "matching the words" in _model_words("tfidf-svd")


def test_quotes_come_from_comments_people_or_the_computer_are_sure_of() -> None:
    from engage.reports.quotes import Candidate, choose_quotes, fit_vectorizer

    texts = [
        "Nobody asked how I was coping as his carer.",
        "Carers need a break, I have not had one in a year.",
        "The carers group on a Tuesday saved me when I was at my lowest.",
        "I've no direct experience but friends say it is fine.",
        "Help with benefits forms would be good.",
    ]
    confidence = [1.0, 0.9, 0.8, 0.4, 0.3]
    candidates = [Candidate(key=str(i), text=t, person=f"p{i}", confidence=c)
                  for i, (t, c) in enumerate(zip(texts, confidence, strict=True))]
    vectorizer = fit_vectorizer(texts)
    picked = choose_quotes(candidates, texts, vectorizer, n=3)
    assert {c.key for c in picked} == {"0", "1", "2"}
    # Too few sure ones: everyone is a candidate again.
    assert len(choose_quotes(candidates, texts, vectorizer, n=4)) == 4


def test_a_theme_name_reads_inside_an_easy_read_sentence(sample_report: Report) -> None:
    from engage.reports.easyread import _theme_name

    section = sample_report.themes[0]
    assert _theme_name(section, EasyWording(themes={section.theme_id: "Being treated well"})) == (
        "being treated well")
    assert _theme_name(section, EasyWording(themes={section.theme_id: "GP appointments"})) == (
        "GP appointments")
