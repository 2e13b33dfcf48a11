"""Reading a survey export into input rows: dates and tick-all-that-apply answers."""

import warnings
from datetime import date
from pathlib import Path

import pytest

from surveys.mapping import QuestionMap
from surveys.survey import is_day_first, parse_date, read_survey


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_us_export_is_read_month_first_for_every_row_not_just_the_unambiguous_ones(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "Timestamp,What would help?\n"
        "03/25/2024 10:01:00,Shorter waits for the first appointment\n"
        "04/03/2024 11:15:00,A crisis line that answers at night\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas' "could not infer format" is not printed
        result = read_survey(path, QuestionMap())
    assert [r.submitted for r in result.rows] == [date(2024, 3, 25), date(2024, 4, 3)]
    assert any("month first" in m for m in result.messages)


def test_a_uk_export_stays_day_first_and_says_nothing_about_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Date completed,What would help?\n"
        "25/03/2024,Shorter waits for the first appointment\n"
        "04/03/2024,A crisis line that answers at night\n",
    )
    result = read_survey(path, QuestionMap())
    assert [r.submitted for r in result.rows] == [date(2024, 3, 25), date(2024, 3, 4)]
    assert not any("month first" in m for m in result.messages)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["03/04/2024", "05/06/2024"], True),  # cannot tell: UK order
        (["03/04/2024", "13/06/2024"], True),
        (["03/04/2024", "06/13/2024"], False),
        (["2024-03-04", "not a date"], True),
    ],
)
def test_the_order_of_a_column_of_dates_is_decided_from_all_of_its_values(
    values: list[str], expected: bool
) -> None:
    assert is_day_first(values) is expected


def test_iso_dates_are_read_as_iso_whichever_order_the_column_uses() -> None:
    assert parse_date("2024-03-04", day_first=False) == date(2024, 3, 4)
    assert parse_date("2024-03-04T09:00:00Z", day_first=True) == date(2024, 3, 4)
    assert parse_date("", day_first=True) is None
    assert parse_date("next Tuesday") is None
