"""pipeline.report.period: quarters and years, their bounds in Vietnam time, the period before, and
their Vietnamese titles."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from pipeline.errors import PressmonError
from pipeline.report.period import parse_quarter, parse_year
from tests.support.clock import VIETNAM


def test_q3_bounds() -> None:
    period = parse_quarter("2026Q3")
    assert period.label == "2026Q3"
    assert period.start == datetime(2026, 7, 1, tzinfo=VIETNAM)
    assert period.end == datetime(2026, 10, 1, tzinfo=VIETNAM)


def test_bounds_are_midnight_vietnam_time() -> None:
    period = parse_quarter("2026Q3")
    assert period.start.isoformat() == "2026-07-01T00:00:00+07:00"
    assert period.start.utcoffset() == period.end.utcoffset() == timedelta(hours=7)


def test_q4_rolls_the_year() -> None:
    period = parse_quarter("2026Q4")
    assert period.start == datetime(2026, 10, 1, tzinfo=VIETNAM)
    assert period.end == datetime(2027, 1, 1, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("text", "start_month", "end_month"), [("2026Q1", 1, 4), ("2026Q2", 4, 7), ("2026Q3", 7, 10)]
)
def test_quarter_months(text: str, start_month: int, end_month: int) -> None:
    period = parse_quarter(text)
    assert (period.start.month, period.end.month) == (start_month, end_month)


@pytest.mark.parametrize("text", ["2026-Q3", "2026q3", " 2026Q3 "])
def test_accepted_spellings(text: str) -> None:
    assert parse_quarter(text).label == "2026Q3"


def test_previous_of_q1_is_q4_of_the_year_before() -> None:
    previous = parse_quarter("2026Q1").previous()
    assert previous.label == "2025Q4"
    assert previous.start == datetime(2025, 10, 1, tzinfo=VIETNAM)
    assert previous.end == datetime(2026, 1, 1, tzinfo=VIETNAM)


def test_previous_ends_where_the_quarter_starts() -> None:
    period = parse_quarter("2026Q3")
    assert period.previous().label == "2026Q2"
    assert period.previous().end == period.start


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q3", "Q3 2026", "2026", "", "quý 3/2026", "2026Q3x"])
def test_invalid_quarter_mentions_the_expected_form(text: str) -> None:
    with pytest.raises(PressmonError, match="YYYYQn"):
        parse_quarter(text)


def test_year_bounds_and_previous() -> None:
    year = parse_year("2025")
    assert (year.start, year.end) == (
        datetime(2025, 1, 1, tzinfo=VIETNAM),
        datetime(2026, 1, 1, tzinfo=VIETNAM),
    )
    assert year.previous().label == "2024" and year.previous().kind == "year"
    assert year.title_vi == "Năm 2025"


@pytest.mark.parametrize("text", ["25", "2025Q1", "năm 2025", "", "1800"])
def test_invalid_year_mentions_the_expected_form(text: str) -> None:
    with pytest.raises(PressmonError, match="YYYY"):
        parse_year(text)


def test_quarter_titles_use_roman_numerals() -> None:
    period = parse_quarter("2026Q3")
    assert period.title_vi == "Quý III năm 2026"
    assert period.title_vi_inline == "quý III năm 2026"
    assert period.short_vi == "Quý 3/2026"
    assert period.last_day == date(2026, 9, 30)
