"""Framework YAML: bundled frameworks load, invalid files fail with clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from themes.framework import (
    DEFAULT_FRAMEWORK,
    ID_PATTERN,
    Framework,
    FrameworkError,
    Theme,
    bundled_frameworks,
    load_framework,
    parse_framework,
    suggest_id,
)

BUNDLED_IDS = {
    "strategy": ["access", "integration", "crisis", "carers", "stigma"],
    "six-commitments": [
        "prevention", "routes", "primary_care", "crisis", "inpatient", "integration",
    ],
    "thrive": [
        "thriving", "getting_advice", "getting_help", "getting_more_help", "getting_risk_support",
    ],
    "jfp-ambition-4": ["awareness", "collaboration", "front_door", "complex_needs"],
}


def write(tmp_path: Path, data: object, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def valid(**theme_overrides: object) -> dict:
    themes = [
        {"id": "access", "name": "Access", "description": "Getting into services."},
        {"id": "carers", "name": "Carers", "description": "Families and carers."},
        {"id": "crisis", "name": "Crisis", "description": "Help in a crisis."},
    ]
    themes[2].update(theme_overrides)
    return {"name": "Test framework", "themes": themes}


@pytest.mark.parametrize("name", sorted(BUNDLED_IDS))
def test_bundled_framework_loads_with_expected_ids(name: str) -> None:
    framework = load_framework(name)
    assert framework.ids == BUNDLED_IDS[name]
    assert framework.name
    for theme in framework.themes:
        assert 8 <= len(theme.keywords) <= 20, (name, theme.id, len(theme.keywords))
        assert 4 <= len(theme.examples) <= 8, (name, theme.id, len(theme.examples))
        assert theme.description


def test_bundled_frameworks_lists_the_files() -> None:
    bundled = bundled_frameworks()
    assert set(BUNDLED_IDS) <= set(bundled)
    assert all(path.is_file() and path.parent.name == "frameworks" for path in bundled.values())


def test_default_is_strategy_and_name_equals_path() -> None:
    assert DEFAULT_FRAMEWORK == "strategy"
    assert load_framework() == load_framework("strategy")
    assert load_framework(bundled_frameworks()["strategy"]) == load_framework("strategy")


def test_round_trip_through_to_dict(tmp_path: Path) -> None:
    framework = load_framework("thrive")
    again = load_framework(write(tmp_path, framework.to_dict()))
    assert again == framework
    assert again.get("getting_help").name == "Getting help"


def test_get_unknown_theme_names_known_ids() -> None:
    with pytest.raises(KeyError, match="access, integration"):
        load_framework("strategy").get("parking")


def test_theme_fields_are_tuples_and_optional(tmp_path: Path) -> None:
    framework = load_framework(write(tmp_path, valid(keywords=["crisis team", "A&E"])))
    crisis = framework.get("crisis")
    assert crisis.keywords == ("crisis team", "A&E")
    assert framework.get("access").examples == ()
    assert isinstance(framework.themes[0], Theme)


def test_bad_id_names_file_field_and_rule(tmp_path: Path) -> None:
    path = write(tmp_path, valid(id="Crisis Care"), "x.yaml")
    with pytest.raises(FrameworkError) as err:
        load_framework(path)
    message = str(err.value)
    assert message.startswith(f"{path}: themes[2].id 'Crisis Care' must be lowercase")
    assert "crisis_care" in message


@pytest.mark.parametrize(
    ("raw", "suggested"),
    [("Café & food", "cafe_food"), ("  Staff attitude ", "staff_attitude"), ("???", "theme")],
)
def test_suggested_ids_are_valid(raw: str, suggested: str) -> None:
    assert suggest_id(raw) == suggested
    assert ID_PATTERN.match(suggested)


def test_missing_id(tmp_path: Path) -> None:
    data = valid()
    del data["themes"][1]["id"]
    with pytest.raises(FrameworkError, match=r"fw\.yaml: themes\[1\]\.id is missing"):
        load_framework(write(tmp_path, data))


def test_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"themes\[2\]\.id 'access' duplicates themes\[0\]"):
        load_framework(write(tmp_path, valid(id="access")))


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(FrameworkError, match="nope.yaml: framework file not found"):
        load_framework(missing)


def test_unknown_bare_name_lists_bundled() -> None:
    with pytest.raises(FrameworkError, match="no such framework.*strategy"):
        load_framework("no-such-framework")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- access\n- crisis\n", "must be a mapping with 'name' and 'themes', got list"),
        ("", "got nothing (empty file)"),
        ("name: [unclosed\n", "not valid YAML at line"),
    ],
)
def test_not_a_mapping(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FrameworkError, match="bad.yaml: ") as err:
        load_framework(path)
    assert expected in str(err.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"themes": [{"id": "a", "name": "A", "description": "d"}]}, "name is missing"),
        ({"name": "x", "themes": []}, "themes must list at least one theme"),
        ({"name": "x", "themes": {"id": "a"}}, "themes must be a list of themes, got dict"),
        ({"name": "x", "themes": ["access"]}, "themes[0] must be a mapping"),
        (valid(description=""), "themes[2].description must not be empty"),
        (valid(keywords="crisis"), "themes[2].keywords must be a list of text, got str"),
        (valid(examples=["fine", None]), "themes[2].examples[1] is missing"),
        (valid(keyword=["typo"]), "themes[2]: unknown field(s) 'keyword'"),
        ({**valid(), "colour": "red"}, "framework: unknown field(s) 'colour'"),
    ],
)
def test_field_errors_name_the_field(data: dict, expected: str) -> None:
    with pytest.raises(FrameworkError) as err:
        parse_framework(data, source="data/x.yaml")
    assert str(err.value).startswith("data/x.yaml: ")
    assert expected in str(err.value)


def test_framework_object_rejects_duplicate_ids() -> None:
    theme = Theme(id="a", name="A", description="d")
    with pytest.raises(FrameworkError, match="unique"):
        Framework(name="x", themes=(theme, theme))


def test_description_phrases_become_extra_statements() -> None:
    from themes.framework import Theme, description_clauses, theme_texts

    theme = Theme(
        id="access",
        name="Access",
        description="Getting in: waiting lists, referrals bounced back, not knowing where to go.",
        examples=("I waited a year.",),
    )
    assert description_clauses(theme.description) == [
        "Getting in", "waiting lists", "referrals bounced back", "not knowing where to go"
    ]
    assert theme_texts(theme) == [
        f"Access: {theme.description}", "I waited a year.", *description_clauses(theme.description)
    ]
    assert theme_texts(theme, clauses=False) == [f"Access: {theme.description}", "I waited a year."]


def test_a_themes_table_loads_as_a_framework(tmp_path) -> None:
    import pandas as pd

    from themes.framework import load_framework

    path = tmp_path / "our-themes.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Notes": ["not this sheet"]}).to_excel(writer, sheet_name="Read me")
        pd.DataFrame({
            "Name": ["Staff attitude", "Waiting"],
            "Description": ["How staff treated people: kindness, respect, listening.",
                            "Waiting for appointments, referrals and treatment."],
            "Keywords": ["kind; rude, listened", None],
            "Examples": ["The nurses were so kind\nNobody listened to me", None],
            "ID": [None, "waits"],
        }).to_excel(writer, sheet_name="Themes", index=False)
    framework = load_framework(path)
    assert framework.name == "Our themes"
    assert framework.ids == ["staff_attitude", "waits"]
    staff = framework.get("staff_attitude")
    assert staff.keywords == ("kind", "rude", "listened")
    assert staff.examples == ("The nurses were so kind", "Nobody listened to me")


def test_a_themes_table_error_names_the_row(tmp_path) -> None:
    from themes.framework import FrameworkError, load_framework

    path = tmp_path / "themes.csv"
    path.write_text("name,description\nStaff,How staff treated people\nWaiting,\n")
    with pytest.raises(FrameworkError, match=r"themes.csv: row 3: description is missing"):
        load_framework(path)
    path.write_text("title,text\nStaff,How staff treated people\n")
    with pytest.raises(FrameworkError, match="needs columns name and description"):
        load_framework(path)


def test_themes_built_in_code_are_checked_like_yaml() -> None:
    from themes.framework import Theme

    with pytest.raises(FrameworkError, match="keywords must be a list of texts, not one text"):
        Theme("access", "Access", "Waiting", keywords="wait, queue")
    with pytest.raises(FrameworkError, match="description must be text, got NoneType"):
        Theme("access", "Access", None)
    theme = Theme("access", "Access", "Waiting", keywords=["wait", "queue"])
    assert theme.keywords == ("wait", "queue") and hash(theme)


def test_two_themes_with_one_name_are_refused() -> None:
    mapping = {"name": "x", "themes": [
        {"id": "a", "name": "Waiting times", "description": "d"},
        {"id": "b", "name": "waiting  TIMES", "description": "d"},
    ]}
    with pytest.raises(FrameworkError, match=r"themes\[1\].name .* also the name of themes\[0\]"):
        parse_framework(mapping)


def test_a_framework_without_themes_cannot_be_fitted() -> None:
    from themes.classifier import ThemeClassifier
    from themes.framework import Framework

    with pytest.raises(ValueError, match="has no themes"):
        ThemeClassifier(framework=Framework("empty", ()), embedder="tfidf").fit(["a comment"])
