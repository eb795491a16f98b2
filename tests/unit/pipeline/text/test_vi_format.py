"""pipeline.text.vi_format: Vietnamese numbers, shares, dates and yes/no."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.text.vi_format import EMPTY, vi_bool, vi_date, vi_datetime, vi_number, vi_percent


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (1120, 0, "1.120"),
        (1_000_000, 0, "1.000.000"),
        (0.8312, 2, "0,83"),
        (12345.678, 1, "12.345,7"),
        (7, 0, "7"),
    ],
)
def test_numbers_use_a_dot_for_thousands_and_a_comma_for_decimals(
    value: float, digits: int, shown: str
) -> None:
    assert vi_number(value, digits) == shown


def test_shares_are_percentages_with_a_comma_and_a_no_break_space() -> None:
    assert vi_percent(0.998) == "99,8\u00a0%"
    assert vi_percent(3.41, 0, signed=True) == "+341\u00a0%"
    assert vi_percent(-0.125, signed=True) == "-12,5\u00a0%"


def test_moments_are_shown_in_vietnam_time_day_first() -> None:
    utc = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)
    assert vi_datetime(utc) == "03/12/2026 14:30"
    assert vi_datetime("2026-12-31T20:05:00+00:00") == "01/01/2027 03:05"
    assert vi_date("2026-12-31T20:05:00+00:00") == "01/01/2027"


@pytest.mark.parametrize("missing", [None, "", float("nan"), "not a date"])
def test_missing_values_show_a_dash(missing: object) -> None:
    assert vi_datetime(missing) == EMPTY  # type: ignore[arg-type]
    assert vi_date(missing) == EMPTY  # type: ignore[arg-type]


def test_yes_and_no() -> None:
    assert (vi_bool(True), vi_bool(False), vi_bool(None)) == ("Có", "Không", EMPTY)
    assert vi_number(None) == EMPTY and vi_percent(float("nan")) == EMPTY
