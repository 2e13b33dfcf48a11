"""Column detection and question maps."""

from pathlib import Path

import pandas as pd
import pytest

from surveys.mapping import load_question_map, normalise_group, plan_columns
from surveys.records import InputFileError


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Response ID": ["A1", "A2", "A3", "A4"],
            "Submitted": ["2026-10-01"] * 4,
            "I am responding as": ["Carer", "Service user", "Carer", "Member of the public"],
            "Locality": ["Norwich", "Norwich", "West Norfolk", "North Norfolk"],
            "Age band": ["18-24", "25-34", "18-24", "75+"],
            "Rating": ["Good", "Poor", "Poor", "Good"],
            "What needs to change?": [
                "Shorter waits for therapy please",
                "The crisis line never answers at night",
                "",
                "Staff need more time to listen to carers",
            ],
        },
        dtype=str,
    )


def test_detects_roles_of_columns_and_says_so() -> None:
    plan = plan_columns(frame())
    assert plan.id_column == "Response ID"
    assert plan.text_columns == ["What needs to change?"]
    assert plan.group_column == "I am responding as"
    assert plan.locality_column == "Locality"
    assert plan.date_column == "Submitted"
    assert "Age band" in plan.meta_columns
    assert plan.closed_columns == ["Rating"]
    assert any("free-text columns detected" in m for m in plan.messages)


def test_the_closed_questions_found_are_named() -> None:
    plan = plan_columns(frame())
    assert "closed questions: 1: 'Rating'" in plan.messages[-1]


@pytest.mark.parametrize("header", [
    "Typed by", "Entered by", "Typed up by", "Batch", "Batch number", "For office use only",
    "Admin", "Scanned by", "Internal use",
])
def test_a_column_about_the_paperwork_is_left_out_and_said_so(header: str) -> None:
    data = frame()
    data[header] = ["Jo", "Sam", "Jo", "Sam"]
    plan = plan_columns(data)
    assert header not in plan.closed_columns + plan.meta_columns + plan.text_columns
    assert header in plan.unused_columns
    said = [m for m in plan.messages if "about the paperwork" in m]
    assert said and repr(header) in said[0]
    assert not any("neither free text nor choices" in m and repr(header) in m
                   for m in plan.messages)


def test_a_paperwork_column_named_as_a_closed_question_is_counted() -> None:
    data = frame()
    data["Typed by"] = ["Jo", "Sam", "Jo", "Sam"]
    plan = plan_columns(data, closed_columns=["Rating", "Typed by"])
    assert plan.closed_columns == ["Rating", "Typed by"]
    assert not any("about the paperwork" in m for m in plan.messages)


@pytest.mark.parametrize("header", ["Which service did you use?", "How did you hear about us?",
                                    "Was the information checked with you?"])
def test_questions_are_not_taken_for_paperwork(header: str) -> None:
    data = frame()
    data[header] = ["Ward", "Clinic", "Ward", "Clinic"]
    assert header in plan_columns(data).closed_columns


def test_named_columns_win_over_detection() -> None:
    plan = plan_columns(frame(), text_columns=["Rating"], closed_columns=[])
    assert plan.text_columns == ["Rating"]
    assert plan.closed_columns == []


def test_unknown_column_is_reported_with_the_real_columns() -> None:
    with pytest.raises(InputFileError, match="not found: 'Nope'.*Response ID"):
        plan_columns(frame(), text_columns=["Nope"])


def test_question_map_joins_columns_of_different_forms(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "questions:\n  - id: needs_to_change\n    text: What needs to change?\n"
        "    columns: ['What needs to change?', 'What is bad?']\n"
    )
    mapping = load_question_map(path)
    assert mapping.resolve("What is bad?").id == "needs_to_change"
    assert mapping.resolve("what needs to change?").id == "needs_to_change"
    assert mapping.resolve("Other column").id == "other_column"


def test_bad_question_map_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("questions:\n  - text: no id\n")
    with pytest.raises(InputFileError, match="map.yaml: questions\\[0\\]"):
        load_question_map(path)


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("Service user", "service_user"),
        ("I use mental health services", "service_user"),
        ("Person using services", "service_user"),
        ("Someone who uses the service", "service_user"),
        ("Carer, family member or friend", "carer"),
        ("I look after someone (carer)", "carer"),
        ("Health or social care worker", "staff"),
        ("I work for a charity or group", "voluntary"),
        ("Voluntary or community sector worker", "voluntary"),
        ("Member of the public", "public"),
        ("Astronaut", "other"),
    ],
)
def test_respondent_groups_are_normalised(value: str, group: str) -> None:
    assert normalise_group(value) == group


@pytest.mark.parametrize("header", ["Name", "Your name", "Full Name", "Surname", "Email",
                                    "E-mail address", "Phone number", "Mobile", "Postcode",
                                    "Home address", "Date of birth", "NHS number"])
def test_personal_detail_columns_are_left_out(header: str) -> None:
    data = frame().assign(**{header: ["x1", "x2", "x3", "x4"]})
    plan = plan_columns(data)
    assert plan.personal_columns == [header]
    assert header not in plan.closed_columns + plan.meta_columns + plan.text_columns
    assert any("personal-detail columns left out" in m for m in plan.messages)


@pytest.mark.parametrize("header", ["Would you like us to email you about the results?",
                                    "Name of the service you used", "Postcode district"])
def test_questions_that_mention_contact_words_are_kept(header: str) -> None:
    data = frame().assign(**{header: ["Yes", "No", "Yes", "No"]})
    plan = plan_columns(data)
    assert header not in plan.personal_columns
    assert header in plan.closed_columns + plan.meta_columns


def test_columns_of_all_different_short_values_are_not_choices() -> None:
    n = 40
    data = pd.DataFrame({
        "What needs to change?": [f"Shorter waits for therapy in area {i}" for i in range(n)],
        "Start time": [f"2026-03-{i % 28 + 1:02d} 10:{i:02d}" for i in range(n)],
        "Completion time": [f"2026-03-{i % 28 + 1:02d} 11:{i:02d}" for i in range(n)],
        "Tracking code": [f"Q{i:04d}X" for i in range(n)],
        "Service used": [["Crisis team", "GP", "Talking therapies"][i % 3] for i in range(n)],
    }, dtype=str)
    plan = plan_columns(data)
    assert plan.closed_columns == ["Service used"]
    assert plan.date_column == "Start time"
    assert plan.unused_columns == ["Completion time", "Tracking code"]
    assert any("neither free text nor choices" in m for m in plan.messages)


def test_short_answers_to_an_open_question_are_free_text() -> None:
    data = pd.DataFrame({
        "What is working well?": ["The crisis team came out within the hour", "Nothing", ""],
        "How satisfied are you?": ["Very satisfied", "Not at all", "Satisfied"],
    }, dtype=str)
    plan = plan_columns(data)
    assert plan.text_columns == ["What is working well?"]
    assert plan.closed_columns == ["How satisfied are you?"]


@pytest.mark.parametrize("header", ["row_index", "UUID", "Record index"])
def test_id_columns_are_found_by_more_names(header: str) -> None:
    data = frame().drop(columns=["Response ID"]).assign(**{header: ["11", "12", "13", "14"]})
    assert plan_columns(data).id_column == header


def test_without_an_id_column_the_plan_says_how_comments_are_numbered() -> None:
    plan = plan_columns(frame().drop(columns=["Response ID"]))
    assert plan.id_column is None
    assert any("no id column found" in m and "--id-column" in m for m in plan.messages)


@pytest.mark.parametrize("age_header", ["Your age group", "Ethnic group", "Age group (years)"])
def test_age_and_ethnic_groups_are_details_not_who_someone_responds_as(age_header: str) -> None:
    data = frame().rename(columns={"Age band": age_header})
    plan = plan_columns(data)
    assert plan.group_column == "I am responding as"
    assert age_header in plan.meta_columns
    alone = plan_columns(data.drop(columns=["I am responding as"]))
    assert alone.group_column is None and age_header in alone.meta_columns


def test_a_question_mentioning_received_is_not_a_date_column() -> None:
    data = frame().rename(columns={"Rating": "How would you rate the support you received?"})
    plan = plan_columns(data)
    assert plan.date_column == "Submitted"
    assert plan.closed_columns == ["How would you rate the support you received?"]


FREE_TEXT_WITH_COMMAS = [
    "The staff were kind, but the wait was far too long for me",
    "Parking is hard, the bus is slow, and the letters come late",
    "I liked the group, although it ended too soon for most of us",
    "More evening appointments, please, as I work during the day",
    "My nurse listened, explained the plan, and called back when she said",
    "Nothing, it was fine",
]


def test_tick_all_that_apply_columns_are_closed_questions_not_free_text() -> None:
    housing = "Housing, money and benefits"
    forms = pd.DataFrame(
        {
            "Support wanted": [f"Anxiety, {housing}", "Anxiety", f"Sleep, {housing}",
                               "Sleep, Anxiety", housing, f"Anxiety, Sleep, {housing}"],
            "Which services? (Microsoft Forms)": ["GP;Crisis team;", "GP;Third sector, e.g. Mind;",
                                                  "Crisis team;", "GP;Talking therapies;",
                                                  "Third sector, e.g. Mind;Talking therapies;",
                                                  "GP;Crisis team;Talking therapies;"],
            "Any other comments?": FREE_TEXT_WITH_COMMAS,
        },
        dtype=str,
    )
    plan = plan_columns(forms)
    assert plan.text_columns == ["Any other comments?"]
    assert plan.multiple_columns == {"Support wanted": ",",
                                     "Which services? (Microsoft Forms)": ";"}
    assert set(plan.closed_columns) == set(plan.multiple_columns)
    assert any("tick-all-that-apply" in m for m in plan.messages)
    named = plan_columns(forms, text_columns=["Any other comments?"],
                         closed_columns=["Support wanted"])
    assert named.multiple_columns == {"Support wanted": ","}


def test_commas_in_free_text_or_in_single_answers_are_not_taken_for_ticked_options() -> None:
    from surveys.choices import choice_separator, split_choices

    assert choice_separator(FREE_TEXT_WITH_COMMAS * 3) is None
    assert choice_separator(["Yes, definitely", "No, not really", "Yes, definitely",
                             "No, not really", "Not sure"]) is None
    assert split_choices("Anxiety, Housing, money and benefits, Anxiety", ",") == [
        "Anxiety", "Housing, money and benefits"]


@pytest.mark.parametrize("header", ["Form no.", "Form No", "Survey number", "Response ID"])
def test_form_and_response_numbers_are_id_columns(header: str) -> None:
    table = pd.DataFrame({header: ["1", "2", "3"],
                          "What would help?": ["Shorter waits for therapy please"] * 3},
                         dtype=str)
    assert plan_columns(table).id_column == header


def test_an_open_question_answered_briefly_is_counted_but_the_ingest_says_how_to_theme_it():
    table = pd.DataFrame({
        "What one thing would make the biggest difference?": [
            "Shorter waits", "More staff", "Peer support", "Evening clinics", "Kind receptionists",
            "Welsh-speaking staff"] * 3,
        "Rating": ["Good", "Poor", "Good", "Good", "Poor", "Good"] * 3,
    }, dtype=str)
    plan = plan_columns(table)
    assert plan.closed_columns == list(table.columns)
    (hint,) = [m for m in plan.messages if "asked like open questions" in m]
    assert "--text-column" in hint and "biggest difference" in hint and "Rating" not in hint


def test_short_answers_nearly_all_different_to_an_open_question_are_free_text() -> None:
    # A plain-language survey: "What is good?" answered in two or three words each.
    table = pd.DataFrame({
        "Who are you?": ["I use mental health services"] * 5 + ["I look after someone (carer)"] * 3,
        "What is good?": ["The staff are kind", "My son gets help", "Easy read letters", "good",
                          "The carers group", "Drop in", "The garden", "Good team"],
        "What is your age group?": ["18-25", "26-40", "26-40", "41-64", "41-64", "65+", "26-40",
                                    "18-25"],
    }, dtype=str)
    plan = plan_columns(table)
    assert plan.text_columns == ["What is good?"]
    assert plan.group_column == "Who are you?"
    assert "What is good?" not in plan.closed_columns
    (said,) = [m for m in plan.messages if "read as free text" in m]
    assert "--closed-column" in said and "What is good?" in said
    # Named as a tick-box question, it stays one.
    named = plan_columns(table, closed_columns=["What is good?", "What is your age group?"])
    assert named.text_columns == [] and "What is good?" in named.closed_columns
