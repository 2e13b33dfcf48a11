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
