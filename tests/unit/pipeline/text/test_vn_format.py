"""Vietnamese display formats of numbers and times."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.text.vn_format import vn_datetime, vn_decimal, vn_int, vn_percent, vn_signed


def test_thousands_take_dots_and_decimals_a_comma() -> None:
    assert vn_int(1120) == "1.120"
    assert vn_int(1234567) == "1.234.567"
    assert vn_decimal(0.91249) == "0,912"
    assert vn_decimal(1234.5, 1) == "1.234,5"


def test_changes_carry_their_sign_unless_they_round_to_nothing() -> None:
    assert vn_signed(0.0341) == "+0,034"
    assert vn_signed(-0.012) == "-0,012"
    assert vn_signed(0.0001) == "0,000"
    assert vn_signed(-0.0001) == "0,000"


def test_shares_as_percentages_with_a_space() -> None:
    assert vn_percent(0.998) == "99,8 %"
    assert vn_percent(0.5, 0) == "50 %"


def test_times_in_the_office_zone() -> None:
    assert vn_datetime(datetime(2026, 12, 3, 7, 30, tzinfo=UTC)) == "03/12/2026 14:30"
    assert vn_datetime(None) == "—"
