"""Which date an article gets, and what ``published_method`` says about it: page metadata keeps its own
offset, the feed's date beats a date read from the page's text, a zone is assumed only where the
registry gives the source one; and a control byte in the page costs nothing. Pages written here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import feedparser
import pytest

from pipeline.collect.extract import extract_article
from pipeline.records import ArticleRecord, FeedMeta, RawPage
from tests.support.clock import VIETNAM
from tests.support.paths import FIXTURES

FETCHED = datetime(2026, 12, 3, 10, 0, tzinfo=VIETNAM)
PARAGRAPHS = "".join(
    f"<p>Đoạn {i}: kế hoạch phát triển cảng biển của thành phố đến năm 2026 được trình bày tại hội nghị.</p>"
    for i in range(6)
)


def _page(head: str = "", body: str = PARAGRAPHS) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>Kế hoạch cảng biển</title>{head}</head>"
        f"<body><article><h1>Kế hoạch cảng biển đến năm 2026</h1>{body}</article></body></html>"
    ).encode()


def _extract(html: bytes, zone: str = VIETNAM.key, feed_date: str = "") -> ArticleRecord:
    url = "https://baothunghiem.vn/tin/ke-hoach.html"
    page = RawPage(url, url, 200, {}, html, FETCHED, "thu", FeedMeta(published=feed_date), zone)
    record = extract_article(page)
    assert record is not None
    return record


def test_a_year_in_the_text_does_not_beat_the_feed_date() -> None:
    """htmldate reads "năm 2026" in the headline and text as 1 January 2026; the feed says December 2025."""
    assert _extract(_page()).published_method.startswith("htmldate")  # what the page alone gives
    record = _extract(_page(), feed_date="Mon, 15 Dec 2025 08:30:00 +0700")
    assert record.published_at == datetime(2025, 12, 15, 8, 30, tzinfo=VIETNAM)
    assert record.published_method == "feed"


def test_page_metadata_wins_over_the_feed() -> None:
    head = "<meta property='article:published_time' content='2025-12-15T08:31:00+07:00'>"
    record = _extract(_page(head), feed_date="Mon, 15 Dec 2025 09:00:00 +0700")
    assert (record.published_at, record.published_method) == (
        datetime(2025, 12, 15, 8, 31, tzinfo=VIETNAM),
        "meta",
    )


def test_a_dateline_of_the_same_day_takes_the_feed_time() -> None:
    body = "<span class='date'>15/12/2025</span>" + PARAGRAPHS
    record = _extract(_page(body=body), feed_date="Mon, 15 Dec 2025 08:30:00 +0700")
    assert (record.published_at, record.published_method) == (
        datetime(2025, 12, 15, 8, 30, tzinfo=VIETNAM),
        "visible-date+feed-time",
    )


def test_an_offset_is_kept_and_the_local_day_is_the_pages() -> None:
    tokyo = timezone(timedelta(hours=9))
    head = "<meta property='article:published_time' content='2026-12-03T01:30:00+09:00'>"
    record = _extract(_page(head), zone="")
    assert record.published_at == datetime(2026, 12, 3, 1, 30, tzinfo=tokyo)
    assert record.published_at.utcoffset() == timedelta(hours=9)
    assert record.published_at.date().day == 3  # not the 2nd, the day of its UTC time
    assert record.published_method == "meta"


def test_htmldate_keeps_the_pages_offset() -> None:
    head = "<meta name='date' content='2026-12-03T01:30:00+09:00'>"  # read by htmldate, not our selectors
    record = _extract(_page(head, body=PARAGRAPHS.replace("năm 2026", "sắp tới")), zone="")
    assert record.published_method == "htmldate"
    assert record.published_at == datetime(2026, 12, 3, 1, 30, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(
    ("zone", "expected", "method"),
    [
        (VIETNAM.key, datetime(2026, 12, 2, 20, 0, tzinfo=VIETNAM), "meta+assumed-tz"),
        ("", datetime(2026, 12, 2, 20, 0, tzinfo=UTC), "meta+assumed-utc"),
    ],
)
def test_a_time_without_offset_is_taken_in_the_registry_zone_only(
    zone: str, expected: datetime, method: str
) -> None:
    head = "<meta property='article:published_time' content='2026-12-02T20:00:00'>"
    record = _extract(_page(head), zone=zone)
    assert (record.published_at, record.published_method) == (expected, method)


def test_the_feeds_zoneless_dates_are_vietnam_time_for_a_vietnamese_source() -> None:
    feed = feedparser.parse((FIXTURES / "feeds" / "ngay-gio-la.rss.xml").read_bytes())
    tuoi_tre = next(e for e in feed.entries if e.title == "Tuổi Trẻ")
    quiet = _page(body=PARAGRAPHS.replace("năm 2026", "sắp tới")).replace(b"2026", b"")
    record = _extract(quiet, feed_date=tuoi_tre.published)
    assert (record.published_at, record.published_method) == (
        datetime(2026, 8, 23, 5, 20, tzinfo=VIETNAM),
        "feed+assumed-tz",
    )


@pytest.mark.parametrize("control", ["\x1b", "\x00", "\x1f", "\x7f", "\x85"])
def test_a_control_byte_anywhere_costs_nothing(control: str) -> None:
    """One ESC in a paragraph made lxml refuse the text and trafilatura drop the page."""
    body = PARAGRAPHS.replace("hội nghị.</p>", f"hội nghị.{control}</p>", 1)
    html = _page(body=body).replace(b"<title>", f"<title>{control}".encode())
    record = _extract(html)
    assert "Đoạn 0: kế hoạch phát triển cảng biển" in record.body and control not in record.body
    assert record.title == "Kế hoạch cảng biển đến năm 2026"
