"""pipeline.text.dates.read_feed_date on a feed written for the project (tests/fixtures/feeds), read by
feedparser as the crawler reads it: the forms feedparser itself cannot date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import feedparser
import pytest

from pipeline.text.dates import parse_feed_date, read_feed_date
from tests.support.clock import VIETNAM
from tests.support.paths import FIXTURES

PLUS7 = timezone(timedelta(hours=7))
FEED = feedparser.parse((FIXTURES / "feeds" / "ngay-gio-la.rss.xml").read_bytes())
BY_TITLE = {entry.title: entry for entry in FEED.entries}
# title → (what the feed says, naive when it gives no zone)
EXPECTED = {
    "Tuổi Trẻ": datetime(2026, 8, 23, 5, 20),
    "Báo Chính phủ": datetime(2026, 8, 22, 23, 0),
    "Thanh Niên": datetime(2026, 8, 23, 5, 30, tzinfo=PLUS7),
    "Kênh 14": datetime(2026, 8, 23, 6, 15, tzinfo=PLUS7),
    "Nhân Dân": datetime(2026, 8, 22, 22, 58, 22, tzinfo=PLUS7),
    "Nửa đêm": datetime(2026, 12, 1, 0, 5),
}


def test_the_feed_holds_every_form() -> None:
    assert sorted(BY_TITLE) == sorted(EXPECTED)
    assert "\u202f" in BY_TITLE["Tuổi Trẻ"].published  # feedparser keeps the raw string


@pytest.mark.parametrize("title", sorted(EXPECTED))
def test_each_feed_date_is_read(title: str) -> None:
    found = read_feed_date(BY_TITLE[title].published)
    assert found == EXPECTED[title]
    assert (found.tzinfo is None) == (EXPECTED[title].tzinfo is None)  # no zone invented


@pytest.mark.parametrize("title", ["Tuổi Trẻ", "Báo Chính phủ"])
def test_feedparser_cannot_date_the_month_first_forms(title: str) -> None:
    assert BY_TITLE[title].get("published_parsed") is None  # why dates.py reads the raw string


def test_plus_07_is_seven_hours_not_seven_minutes() -> None:
    found = read_feed_date("Sun, 23 Aug 2026 06:15:00 +07")
    assert found is not None and found.utcoffset() == timedelta(hours=7)


def test_parse_feed_date_puts_a_zoneless_date_in_the_office_zone() -> None:
    assert parse_feed_date(BY_TITLE["Tuổi Trẻ"].published) == datetime(2026, 8, 23, 5, 20, tzinfo=VIETNAM)


@pytest.mark.parametrize("text", ["13/23/2026 5:20:00 AM", "8/23/2026 13:20:00 PM", "", "not a date"])
def test_impossible_dates_are_none(text: str) -> None:
    assert read_feed_date(text) is None
