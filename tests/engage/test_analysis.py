"""engage analyse/evaluate on real stores: stored suggestions, human labels win, incremental."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from engage.analysis import analyse
from engage.cli import cli
from engage.embedcache import StoreCachedEmbedder
from engage.evaluate import evaluate, evaluation_notes, sentiment_agreement
from engage.export import comments_frame
from engage.ingest import IngestOptions, ingest_paths
from engage.labels import import_labels
from engage.models import Flag, Suggestion
from engage.reports import build_report, render
from engage.store import Store, StoreError
from themes.embeddings import get_embedder
from themes.framework import load_framework
from themes.keywords import keyword_pattern

COMMENTS = [
    ("access", "I waited nine months on the waiting list for a referral to be seen."),
    ("access", "Could not get an appointment with anyone, the wait for therapy is too long."),
    ("access", "Nobody knows where to go or how to access services in the first place."),
    ("access", "The referral was rejected twice and I was sent back to the GP."),
    ("integration", "The GP and the mental health team do not share records, I repeat my story."),
    ("integration", "I fell between the cracks when I was passed from one service to another."),
    ("integration", "Services do not talk to each other and nobody joins the dots."),
    ("crisis", "The crisis team took six hours to call back when I was in crisis."),
    ("crisis", "At night the only option in a crisis is A&E, which is no place for me."),
    ("crisis", "The crisis line never answered when I rang at 2am."),
    ("carers", "As a carer I am never asked what I know about my son."),
    ("carers", "Carers need respite and someone to talk to, we are exhausted."),
    ("carers", "Confidentiality is used to shut families and carers out of his care."),
    ("stigma", "People still think mental illness is a weakness, the stigma is awful."),
    ("stigma", "I was treated as attention seeking by staff in A&E because of my diagnosis."),
    ("stigma", "My employer judged me once they knew about my depression."),
    ("", "The car park at the hospital is too expensive."),
    ("", "Thank you for asking."),
]
RISK = "I have been thinking about ending my life while I wait for help."


@pytest.fixture
def comments_csv(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What needs to change?"])
        for i, (_, text) in enumerate(COMMENTS, start=1):
            writer.writerow([f"c{i}", text])
        writer.writerow(["risk", RISK])
    return path


@pytest.fixture
def analysed(store: Store, comments_csv: Path, redactor) -> Store:
    ingest_paths(store, [comments_csv], IngestOptions(), redactor)
    report = analyse(store, embedder="tfidf", seed=3)
    assert report.comments == len(COMMENTS) + 1 and report.updated == report.comments
    return store


def labels_file(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text("comment_id,theme\n" + "".join(f"{c},{t}\n" for c, t in rows))
    return path


def test_every_comment_gets_a_stored_suggestion_and_export_columns(analysed: Store) -> None:
    frame = comments_frame(analysed).set_index("comment_id")
    assert set(frame["theme_source"]) <= {"model", "none"}
    assert (frame["theme_source"] == "model").all()
    assert set(frame["sentiment"]) <= {"positive", "neutral", "negative"}
    assert frame.loc["c8", "themes"] and "crisis" in frame.loc["c8", "themes"]
    assert frame.loc["risk", "flags"] == "safeguarding"
    conf = frame.loc["c8", "theme_confidence"]
    assert "crisis=" in conf
    # Readability per comment: a short plain sentence reads more easily than a long one.
    easy, hard = frame.loc["c18", "reading_ease"], frame.loc["c5", "reading_ease"]
    assert easy > hard


def test_safeguarding_flag_keeps_the_triggering_sentence_and_is_not_duplicated(
    analysed: Store,
) -> None:
    analyse(analysed, embedder="tfidf", seed=3)
    with analysed.session() as s:
        flags = s.scalars(select(Flag)).all()
    risky = [f for f in flags if RISK in f.sentence]
    assert len(risky) == 1 and risky[0].status == "open"
    assert len({(f.comment_pk, f.category) for f in flags}) == len(flags)
    # The export says what raised it, in words, with the sentence.
    frame = comments_frame(analysed)
    reasons = frame.loc[frame["flags"].str.contains("safeguarding"), "flag_reasons"].tolist()
    assert any(RISK in r and "“" in r for r in reasons)


def test_human_labels_win_and_the_model_suggestion_is_kept(analysed: Store, tmp_path: Path) -> None:
    with analysed.session() as s, s.begin():
        import_labels(s, analysed.exercise(s), labels_file(tmp_path, [("c17", "access")]), "Jo")
    frame = comments_frame(analysed).set_index("comment_id")
    assert (frame.loc["c17", "themes"], frame.loc["c17", "theme_source"]) == ("access", "human")
    with analysed.session() as s:
        kept = s.scalar(select(func.count()).select_from(Suggestion))
    assert kept == len(COMMENTS) + 1
    # Model themes nobody has labelled yet are named as such: their confidence is unchecked.
    model = frame[frame["theme_source"] == "model"]
    for themes, unchecked in zip(model["themes"], model["themes_without_labels"], strict=True):
        suggested = [t for t in themes.split(";") if t]
        assert unchecked.split(";") == [t for t in suggested if t != "access"] or (
            not unchecked and all(t == "access" for t in suggested))
    assert model["themes_without_labels"].str.len().gt(0).any()
    assert frame.loc["c17", "themes_without_labels"] == ""  # a reviewer's coding


def test_reviewers_who_disagree_are_not_settled_by_whoever_saved_last(
    analysed: Store, tmp_path: Path
) -> None:
    """Two reviewers' different codings of a comment: neither wins; the model does not learn
    from it; a third reviewer's coding settles it by majority."""
    def code(reviewer: str, rows: list[tuple[str, str]]) -> None:
        with analysed.session() as s, s.begin():
            import_labels(s, analysed.exercise(s), labels_file(tmp_path, rows), reviewer)

    code("Jo", [("c17", "access"), ("c17", "crisis"), ("c1", "access")])
    code("Sam", [("c17", "crisis"), ("c1", "access")])  # Sam saved last
    frame = comments_frame(analysed).set_index("comment_id")
    assert (frame.loc["c17", "themes"], frame.loc["c17", "theme_source"]) == (
        "crisis", "disputed")  # the theme both gave; access is not settled either way
    assert (frame.loc["c1", "themes"], frame.loc["c1", "theme_source"]) == ("access", "human")
    report = analyse(analysed, embedder="tfidf", seed=3, topics=False)
    assert (report.labelled, report.disputed) == (1, 1)
    code("Ali", [("c17", "access"), ("c17", "crisis")])  # two of three gave access
    frame = comments_frame(analysed).set_index("comment_id")
    assert (frame.loc["c17", "themes"], frame.loc["c17", "theme_source"]) == (
        "access;crisis", "human")
    report = analyse(analysed, embedder="tfidf", seed=3, topics=False)
    assert (report.labelled, report.disputed) == (2, 0)


def test_the_export_leaves_out_model_themes_retired_since_the_analysis(analysed: Store) -> None:
    from engage import workflow

    before = comments_frame(analysed)
    suggested = before.loc[before["theme_source"] == "model", "themes"].str.split(";")
    theme = suggested.explode().replace("", None).dropna().mode()[0]
    with analysed.session() as s, s.begin():
        workflow.retire_theme(s, analysed.exercise(s), theme, "Ali", expected_version=None)
    after = comments_frame(analysed)
    assert not after["themes"].fillna("").str.split(";").apply(lambda ts: theme in ts).any()
    assert not after["theme_confidence"].fillna("").str.contains(f"{theme}=").any()


def test_rerun_reuses_unchanged_work_and_labels_trigger_rescoring(
    analysed: Store, tmp_path: Path
) -> None:
    assert analyse(analysed, embedder="tfidf", seed=3).updated == 0
    with analysed.session() as s, s.begin():
        import_labels(s, analysed.exercise(s), labels_file(tmp_path, [("c1", "access")]), "Jo")
    assert analyse(analysed, embedder="tfidf", seed=3).updated == len(COMMENTS) + 1


def test_same_input_and_seed_give_the_same_results(
    comments_csv: Path, tmp_path: Path, redactor
) -> None:
    frames = []
    for name in ("a", "b"):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        ingest_paths(store, [comments_csv], IngestOptions(), redactor)
        analyse(store, embedder="tfidf", seed=7)
        frames.append(comments_frame(store))
        store.close()
    assert frames[0].equals(frames[1])


def test_sentence_embeddings_are_cached_in_the_store(store: Store, comments_csv, redactor):
    ingest_paths(store, [comments_csv], IngestOptions(), redactor)
    first = StoreCachedEmbedder(get_embedder("sentence"), store.engine)
    analyse(store, embedder=first, topics=False)
    assert first.n_computed >= len(COMMENTS)
    second = StoreCachedEmbedder(get_embedder("sentence"), store.engine)
    second.inner.clear_cache()
    report = analyse(store, embedder=second, topics=False)
    assert second.n_computed == 0 and second.n_loaded >= len(COMMENTS)
    assert report.updated == 0


def test_only_new_comments_are_scored_and_checked(
    analysed: Store, tmp_path: Path, redactor
) -> None:
    extra = tmp_path / "more.csv"
    extra.write_text("id,What needs to change?\nnew1,I keep writing letters to my kids to read "
                     "after I'm gone.\n", encoding="utf-8")
    ingest_paths(analysed, [extra], IngestOptions(), redactor)
    progress: list[tuple[str, float]] = []
    report = analyse(analysed, embedder="sentence", seed=3, topics=False,
                     progress=lambda message, done: progress.append((message, done)))
    # the embedder changed, so every suggestion is rescored, but only new text is checked
    assert report.updated == len(COMMENTS) + 2
    assert any("Checking 1 new or changed comment" in m for m, _ in progress)
    assert [done for _, done in progress] == sorted(done for _, done in progress)
    assert progress[-1] == ("Done", 1.0)
    again = analyse(analysed, embedder="sentence", seed=3, topics=False)
    assert again.updated == 0 and again.new_flags == 0


def test_unfamiliar_wording_of_risk_is_flagged_by_meaning(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "risk.csv"
    path.write_text("id,comment\nr1,Part of me hopes I don't wake up tomorrow.\n"
                    "r2,The car park is too expensive.\n", encoding="utf-8")
    ingest_paths(store, [path], IngestOptions(), redactor)
    assert analyse(store, embedder="tfidf", topics=False).new_flags == 0  # rules alone miss it
    store_two = tmp_path / "two.db"
    fresh = Store(f"sqlite:///{store_two}")
    ingest_paths(fresh, [path], IngestOptions(), redactor)
    assert analyse(fresh, embedder="sentence", topics=False).new_flags == 1
    with fresh.session() as s:
        (flag,) = s.scalars(select(Flag)).all()
    assert flag.category == "suicidal_intent" and "similar to:" in flag.note
    fresh.close()


def test_evaluate_reports_agreement_and_a_learning_curve(analysed: Store, tmp_path: Path) -> None:
    with analysed.session() as s, s.begin():
        with pytest.raises(StoreError, match="at least 10"):
            evaluate(analysed)
        rows = [(f"c{i}", theme) for i, (theme, _) in enumerate(COMMENTS, start=1)]
        import_labels(s, analysed.exercise(s), labels_file(tmp_path, rows), "Jo")
    result = evaluate(analysed)
    cv = result["cross_validated"]
    assert result["labelled_comments"] == len(COMMENTS)
    assert set(cv["themes"]) == {"access", "integration", "crisis", "carers", "stigma"}
    assert 0.0 <= cv["micro"]["f1"] <= 1.0
    assert cv["micro"]["f1_ci"][0] <= cv["micro"]["f1"] <= cv["micro"]["f1_ci"][1]
    assert [p["size"] for p in result["learning_curve"]][0] == 0
    # Keyword matching alone, as a yardstick: a theme is given when any of its keywords occurs.
    framework = load_framework("strategy")
    texts = [text for _, text in COMMENTS]
    found = np.array([
        [any(re.search(keyword_pattern(k), text, re.IGNORECASE) for k in theme.keywords)
         for theme in framework.themes]
        for text in texts
    ])
    truth = np.array([[theme == t for t in framework.ids] for theme, _ in COMMENTS])
    tp = (found & truth).sum()
    expected = 2 * tp / (found.sum() + truth.sum())
    assert result["keyword_baseline"]["micro"]["f1"] == pytest.approx(expected)
    shown = CliRunner().invoke(cli, ["--db", analysed.url, "evaluate"])
    assert shown.exit_code == 0, shown.output
    assert f"keyword matching: micro-F1 {expected:.2f}" in shown.output
    # The split into folds alone moves the figure: three splits are tried and their range shown.
    assert len(cv["repeat_micro_f1"]) == 3 and cv["repeat_micro_f1"][0] == cv["micro"]["f1"]
    low, high = min(cv["repeat_micro_f1"]), max(cv["repeat_micro_f1"])
    assert f"{low:.2f}-{high:.2f} over 3 different splits into folds" in shown.output
    for note in evaluation_notes(result):
        assert f"note: {note}" in shown.output
    # Themes with few labels say so instead of a confident-looking interval.
    few = [t for t, m in cv["themes"].items() if m["support"] < 10]
    assert few and all(
        re.search(rf"^{t}\s.*too few labels to judge", shown.output, re.M) for t in few)
    # --json is strict JSON: nothing measurable is null, never NaN.
    as_json = CliRunner().invoke(cli, ["--db", analysed.url, "evaluate", "--json"])

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON output")

    parsed = json.loads(as_json.output, parse_constant=refuse)
    assert parsed["cross_validated"]["micro"]["f1"] == pytest.approx(cv["micro"]["f1"])


def test_cli_analyse_and_evaluate(tmp_path: Path, comments_csv: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "ingest", str(comments_csv)]).exit_code == 0
    result = runner.invoke(cli, ["--db", url, "analyse", "--embedder", "tfidf"])
    assert result.exit_code == 0, result.output
    assert "new safeguarding flags" in result.output
    result = runner.invoke(cli, ["--db", url, "evaluate"])
    assert result.exit_code == 1 and "at least 10" in result.output


def test_one_theme_coding_is_learned_by_analyse(store: Store, tmp_path: Path, redactor) -> None:
    path = tmp_path / "survey.csv"
    both = f"{COMMENTS[9][1]} {COMMENTS[10][1]} {COMMENTS[0][1]}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What needs to change?"])
        for visit in (1, 2):
            for i, (_, text) in enumerate(COMMENTS, start=1):
                writer.writerow([f"v{visit}c{i}", f"{text} Visit {visit}."])
        writer.writerow(["both", both])
    ingest_paths(store, [path], IngestOptions(), redactor)
    analyse(store, embedder="tfidf", seed=3)
    rows = [(f"v{v}c{i}", theme) for v in (1, 2) for i, (theme, _) in enumerate(COMMENTS, 1)]
    with store.session() as s, s.begin():
        import_labels(s, store.exercise(s), labels_file(tmp_path, rows), "Jo")
    analyse(store, embedder="tfidf", seed=3)
    with store.session() as s:
        suggested = s.scalars(select(Suggestion.themes)).all()
    assert len(suggested) == 2 * len(COMMENTS) + 1
    assert max(len(themes) for themes in suggested) == 1
    frame = comments_frame(store).set_index("comment_id")
    assert frame.loc["both", "theme_source"] == "model"
    assert frame.loc["both", "themes"] in {"crisis", "carers", "access"}


def test_sentiment_reads_each_answer_in_the_light_of_its_question(
    store: Store, tmp_path: Path, redactor
) -> None:
    path = tmp_path / "two-questions.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What is working well?", "What needs to change?"])
        writer.writerow(["r1", "The peer support group", "Evening appointments"])
        writer.writerow(["r2", "Everything", "No"])
    columns = ["What is working well?", "What needs to change?"]
    ingest_paths(store, [path], IngestOptions(text_columns=columns), redactor)
    analyse(store, embedder="tfidf", seed=3)
    frame = comments_frame(store)
    verdict = {
        (row.question_text, row.text): row.sentiment for row in frame.itertuples(index=False)
    }
    assert verdict[("What is working well?", "The peer support group")] == "positive"
    assert verdict[("What needs to change?", "Evening appointments")] == "negative"
    assert verdict[("What needs to change?", "No")] == "positive"


@pytest.mark.parametrize(
    ("zero", "keywords", "learned", "says"),
    [(0.30, 0.40, 0.35, "more than the model does"),
     (0.36, 0.38, 0.50, "with no labels the model agrees with your reviewers no better"),
     (0.45, 0.38, 0.50, None), (0.45, None, 0.50, None)],
)
def test_evaluation_notes_say_when_keywords_do_as_well(
    zero: float, keywords: float | None, learned: float, says: str | None
) -> None:
    def figure(f1: float) -> dict:
        return {"micro": {"f1": f1}}

    result = {"zero_label": figure(zero), "cross_validated": figure(learned),
              "keyword_baseline": None if keywords is None else figure(keywords)}
    notes = evaluation_notes(result)
    assert (notes == []) if says is None else (len(notes) == 1 and says in notes[0])


def test_comments_not_in_english_get_no_theme_and_a_flag_for_someone_who_reads_them(
    store: Store, comments_csv: Path, redactor, tmp_path: Path
) -> None:
    from engage.workflow import clear_flag

    welsh = "Mae gen i feddyliau am ladd fy hun ac does neb yn gwrando arna i."
    polish = "Czekałem sześć miesięcy na wizytę i nikt nie oddzwonił do mnie."
    with comments_csv.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["cy1", welsh], ["pl1", polish]])
    ingest_paths(store, [comments_csv], IngestOptions(), redactor)
    shown = CliRunner().invoke(cli, ["--db", store.url, "analyse", "--embedder", "tfidf",
                                     "--no-topics"])
    assert shown.exit_code == 0, shown.output
    assert "2 comment(s) are not in English (Polish 1, Welsh 1)" in shown.output
    # The risk count is of comments with a possible disclosure, not of language flags.
    assert "1 comment(s) may disclose current risk" in shown.output
    report = build_report(store)
    assert report.method.flagged == 1 and report.method.not_english == {"Polish": 1, "Welsh": 1}
    page = render(report, tmp_path / "report.md", "md").path.read_text()
    assert "1 comment was flagged because they might show" in page
    assert "2 comments were written in Polish (1) and Welsh (1)" in page
    frame = comments_frame(store).set_index("comment_id")
    for cid in ("cy1", "pl1"):
        assert frame.loc[cid, "themes"] == "" and frame.loc[cid, "sentiment"] == ""
        assert "not checked for risk: not written in English" in frame.loc[cid, "flag_reasons"]
    english = frame.drop(index=["cy1", "pl1", "risk"])
    assert not english["flag_reasons"].str.contains("English").any()
    with store.session() as s, s.begin():
        flags = s.scalars(select(Flag).where(Flag.category == "not_english")).all()
        notes = sorted(f.note for f in flags)
        assert len(notes) == 2
        assert notes[0].startswith("Written in Polish") and notes[1].startswith("Written in Welsh")
        for flag in flags:
            clear_flag(s, flag.id, "Ceri", "read and translated: passed to the duty worker")
    with store.session() as s, s.begin():  # a new framework: every comment is read again
        from engage.frameworks import load_into

        load_into(s, store.exercise(s), load_framework("six-commitments"))
    again = analyse(store, embedder="tfidf", topics=False, actor="Ceri")
    assert again.languages == {"Polish": 1, "Welsh": 1} and again.not_english_flags == 0
    with store.session() as s:  # each analysis is in the History of changes, with who ran it
        from engage.audit import audit_frame, command_line_actor

        runs = audit_frame(s, store.exercise(s)).query("action == 'analyse'")
    # From a script or the command line: the OS account that ran it.
    assert runs["actor"].tolist() == [command_line_actor(), "Ceri"]
    assert command_line_actor().startswith("cli (")
    assert runs["after"].iloc[-1]["not in English"] == 2
    with store.session() as s:
        statuses = s.scalars(select(Flag.status).where(Flag.category == "not_english")).all()
    assert statuses == ["cleared", "cleared"]  # a cleared flag is not raised again


def test_a_reviewers_sentiment_carries_to_the_same_words_and_blanks_the_models_score(
    store: Store, comments_csv: Path, redactor, tmp_path: Path
) -> None:
    said = "The new booking system is something else"
    with comments_csv.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["d1", said], ["d2", said.lower() + " "]])
    ingest_paths(store, [comments_csv], IngestOptions(), redactor)
    analyse(store, embedder="tfidf", topics=False)
    model_said = comments_frame(store).set_index("comment_id").loc["d1", "sentiment"]
    corrected = "negative" if model_said != "negative" else "positive"
    path = tmp_path / "labels.csv"
    path.write_text(f"comment_id,theme,sentiment\nd1,,{corrected}\n")
    with store.session() as s, s.begin():
        import_labels(s, store.exercise(s), path, "Jo")
    before = comments_frame(store).set_index("comment_id")
    assert before.loc["d1", "sentiment"] == corrected
    assert before.loc["d1", "sentiment_score"] == ""  # the model's score said otherwise
    report = analyse(store, embedder="tfidf", topics=False)
    frame = comments_frame(store).set_index("comment_id")
    assert frame.loc["d1", "sentiment"] == corrected
    assert frame.loc["d2", "sentiment"] == corrected  # the same words, unlabelled
    assert report.sentiment_counts[corrected] == (frame["sentiment"] == corrected).sum()


def test_an_event_point_is_read_in_the_light_of_its_heading(
    store: Store, redactor, tmp_path: Path
) -> None:
    path = tmp_path / "forum.md"
    point = "Drop-in sessions on Tuesdays mean you can just turn up."
    path.write_text(f"# What is working\n\n- {point}\n\n# What needs to change\n\n- {point}\n")
    ingest_paths(store, [path], IngestOptions(), redactor)
    analyse(store, embedder="tfidf", topics=False)
    frame = comments_frame(store).set_index("section")
    assert frame.loc["What is working", "sentiment"] == "positive"
    assert frame.loc["What needs to change", "sentiment"] == "negative"


def test_every_topic_example_is_a_comment_even_when_texts_end_in_spaces(
    store: Store, redactor, tmp_path: Path
) -> None:
    from engage.models import Comment, TopicRecord

    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What needs to change?"])
        for i, (_, text) in enumerate(COMMENTS * 3, start=1):
            writer.writerow([f"c{i}", f"{text} {i}  \n"])
    ingest_paths(store, [path], IngestOptions(), redactor)
    analyse(store, embedder="tfidf", seed=1)
    with store.session() as s:
        ids = set(s.scalars(select(Comment.comment_id)))
        examples = [r for t in s.scalars(select(TopicRecord)) for r in t.representatives]
    assert examples and set(examples) <= ids


def test_evaluation_notes_say_why_sentiment_is_not_measured() -> None:
    figure = {"micro": {"f1": 0.5}}
    result = {"zero_label": figure, "cross_validated": figure, "keyword_baseline": None,
              "labelled_comments": 40}
    assert any("sentiment agreement is not measured" in n for n in evaluation_notes(result))
    result["sentiment"] = {"accuracy": 0.8}
    assert evaluation_notes(result) == []


def test_sentiment_agreement_is_measured_when_one_tone_is_rare() -> None:
    # Fictional answers: one neutral among many, as a first labelling session often has.
    texts = [f"The staff on ward {i} were kind and helpful" for i in range(10)]
    texts += [f"I waited {i} months and nobody called me back" for i in range(2, 12)]
    texts.append("I went to the clinic on Tuesday")
    labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"]
    measured = sentiment_agreement(texts, labels, seed=0)
    assert measured["n"] == 21 and 0.5 <= measured["accuracy"] <= 1.0
    same = sentiment_agreement(texts[:10], labels[:10], seed=0)
    assert math.isnan(same["accuracy"]) and same["why_not"] == (
        "every labelled comment has the same tone")
    figure = {"micro": {"f1": 0.5}}
    result = {"zero_label": figure, "cross_validated": figure, "keyword_baseline": None,
              "labelled_comments": 10, "sentiment": same}
    assert any("every labelled comment has the same tone" in n for n in evaluation_notes(result))


def test_each_stored_topic_knows_its_share_of_general_remarks(
    store: Store, redactor, tmp_path: Path
) -> None:
    from engage.models import Comment, TopicRecord
    from themes.topics import is_general

    general = ["All good.", "Nothing to add.", "Very happy, thanks.", "Nothing.", "All fine."]
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "What needs to change?"])
        for i, (_, text) in enumerate(COMMENTS * 2, start=1):
            writer.writerow([f"c{i}", f"{text} {i}"])
        for i, text in enumerate(general * 3, start=1):
            writer.writerow([f"g{i}", f"{text} {'!' * i}"])
    ingest_paths(store, [path], IngestOptions(), redactor)
    analyse(store, embedder="tfidf", seed=1)
    with store.session() as s:
        members: dict[int, list[str]] = {}
        for text, topic in s.execute(select(Comment.text, Suggestion.topic).join(Suggestion)):
            members.setdefault(topic, []).append(text)
        shares = {t.topic_id: t.general_share for t in s.scalars(select(TopicRecord))}
    assert shares
    for topic, share in shares.items():
        assert share == pytest.approx(np.mean([is_general(t) for t in members[topic]]), abs=1e-3)
    assert max(shares.values()) > 0
