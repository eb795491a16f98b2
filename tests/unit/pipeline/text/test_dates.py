"""pipeline.text.dates: Vietnamese, RFC-822, ISO and relative dates as timezone-aware datetimes, and
never an exception on malformed text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.dates import parse_iso, parse_vietnamese_date, read_rfc822
from tests.support.clock import CRAWL_NOW, VIETNAM
from tests.support.fuzz import FUZZ, VIETNAMESE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ Hai, 12/5/2025, 14:30 (GMT+7)", datetime(2025, 5, 12, 14, 30, tzinfo=VIETNAM)),
        ("Thứ tư, 22/10/2025, 19:25 (GMT+7)", datetime(2025, 10, 22, 19, 25, tzinfo=VIETNAM)),
        ("22/10/2025 19:25", datetime(2025, 10, 22, 19, 25, tzinfo=VIETNAM)),
        ("ngày 22 tháng 10 năm 2025", datetime(2025, 10, 22, tzinfo=VIETNAM)),
        ("Ngày 22 tháng 10, năm 2025", datetime(2025, 10, 22, tzinfo=VIETNAM)),
        ("14/10/2026 08h30", datetime(2026, 10, 14, 8, 30, tzinfo=VIETNAM)),
        ("22/10/2025 7 giờ 30", datetime(2025, 10, 22, 7, 30, tzinfo=VIETNAM)),
        ("22.10.2025", datetime(2025, 10, 22, tzinfo=VIETNAM)),
        ("29/02/2024", datetime(2024, 2, 29, tzinfo=VIETNAM)),
        ("12/05/2025 14:30 GMT+9", datetime(2025, 5, 12, 14, 30, tzinfo=timezone(timedelta(hours=9)))),
    ],
)
def test_vietnamese_forms(text: str, expected: datetime, frozen_now: datetime) -> None:
    parsed = parse_vietnamese_date(text, frozen_now)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 14 Oct 2026 08:30:00 +0700", datetime(2026, 10, 14, 8, 30, tzinfo=VIETNAM)),
        ("Tue, 14 Oct 2026 01:30:00 GMT", datetime(2026, 10, 14, 1, 30, tzinfo=UTC)),
        ("2026-10-14T08:30:00+07:00", datetime(2026, 10, 14, 8, 30, tzinfo=VIETNAM)),
        ("2026-10-14T01:30:00Z", datetime(2026, 10, 14, 1, 30, tzinfo=UTC)),
        ("2026-10-14T08:30:00+09:00", datetime(2026, 10, 14, 8, 30, tzinfo=timezone(timedelta(hours=9)))),
    ],
)
def test_rfc822_and_iso_keep_their_offset(text: str, expected: datetime) -> None:
    parsed = parse_vietnamese_date(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text", ["22/10/2025 19:25", "ngày 22 tháng 10 năm 2025", "2026-10-14T08:30:00", "2026-10-14"]
)
def test_no_offset_means_vietnam_time(text: str) -> None:
    parsed = parse_vietnamese_date(text)
    assert parsed is not None
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() == timedelta(hours=7)
    assert parsed.isoformat().endswith("+07:00")


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("2 giờ trước", timedelta(hours=2)),
        ("5 phút trước", timedelta(minutes=5)),
        ("30 giây trước", timedelta(seconds=30)),
        ("3 ngày trước", timedelta(days=3)),
        ("1 tuần trước", timedelta(weeks=1)),
    ],
)
def test_relative_dates_count_back_from_now(text: str, back: timedelta, frozen_now: datetime) -> None:
    parsed = parse_vietnamese_date(text, frozen_now)
    assert parsed == frozen_now - back
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=7)


def test_relative_date_from_a_utc_clock_comes_back_in_vietnam_time(frozen_now: datetime) -> None:
    parsed = parse_vietnamese_date("2 giờ trước", frozen_now.astimezone(UTC))
    assert parsed == datetime(2026, 10, 14, 8, 0, tzinfo=VIETNAM)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=7)


def test_yesterday_with_time(frozen_now: datetime) -> None:
    assert parse_vietnamese_date("Hôm qua 08:15", frozen_now) == datetime(2026, 10, 13, 8, 15, tzinfo=VIETNAM)


def test_today_with_time(frozen_now: datetime) -> None:
    assert parse_vietnamese_date("Hôm nay 07:05", frozen_now) == datetime(2026, 10, 14, 7, 5, tzinfo=VIETNAM)


def test_yesterday_without_time_is_the_previous_day(frozen_now: datetime) -> None:
    parsed = parse_vietnamese_date("hôm qua", frozen_now)
    assert parsed is not None and parsed.date() == datetime(2026, 10, 13).date()


def test_yesterday_at_midnight(frozen_now: datetime) -> None:
    assert parse_vietnamese_date("Hôm qua 00:00", frozen_now) == datetime(2026, 10, 13, 0, 0, tzinfo=VIETNAM)


def test_relative_date_without_clock_is_none() -> None:
    assert parse_vietnamese_date("2 giờ trước") is None


@pytest.mark.parametrize(
    "text", ["31/02/2025", "29/02/2025 10:00", "abc", "", "   ", "2025", "ngày 22 tháng 10", "32/1/2025"]
)
def test_invalid_dates_give_none(text: str, frozen_now: datetime) -> None:
    assert parse_vietnamese_date(text, frozen_now) is None


def test_out_of_range_time_falls_back_to_the_day(frozen_now: datetime) -> None:
    assert parse_vietnamese_date("12/5/2025 25:61", frozen_now) == datetime(2025, 5, 12, tzinfo=VIETNAM)


@pytest.mark.parametrize("text", ["", "22/10/2025", "not a date"])
def test_parse_iso_rejects_non_iso(text: str) -> None:
    assert parse_iso(text) is None


@pytest.mark.parametrize("text", ["", "22/10/2025 19:25", "yesterday"])
def test_read_rfc822_rejects_non_rfc822(text: str) -> None:
    assert read_rfc822(text) is None


@FUZZ
@given(st.one_of(VIETNAMESE, st.text(max_size=60)))
def test_date_parser_returns_an_aware_datetime_or_none(text: str) -> None:
    parsed = parse_vietnamese_date(text, CRAWL_NOW.astimezone(UTC))
    assert parsed is None or parsed.tzinfo is not None
