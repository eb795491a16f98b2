"""Property tests (hypothesis) on malformed input: the date parser, the normaliser, feed and page extraction.

Whatever bytes arrive, these return a valid value or None; they never raise.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.collect.extract import decode_html, extract_article
from pipeline.records import FeedMeta, RawPage
from pipeline.text.dates import parse_vietnamese_date
from pipeline.text.normalise import fold, normalise_text
from pipeline.text.urls import canonical_url

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
_PIECES = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 /:-,.()+\n")
    + list("\u0300\u0301\u0303\u0309\u0323\u034f\u200b\u00ad\ufeff")
    + [
        "Thứ Hai, ",
        " giờ trước",
        "Hôm qua ",
        "ngày ",
        " tháng ",
        " năm ",
        "(GMT+7)",
        "h",
        "12/5/2025",
        "14:30",
    ]
)
# Date-like fragments glued with Vietnamese letters, combining marks and invisibles.
VIETNAMESE = st.lists(_PIECES, max_size=30).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.one_of(VIETNAMESE, st.text(max_size=60)))
def test_date_parser_returns_an_aware_datetime_or_none(text: str) -> None:
    parsed = parse_vietnamese_date(text, NOW)
    assert parsed is None or parsed.tzinfo is not None


@FUZZ
@given(st.one_of(VIETNAMESE, st.text(max_size=200)))
def test_normaliser_is_idempotent_and_nfc(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u034f" not in once and "\u200b" not in once
    assert fold(once) == fold(fold(once))


@FUZZ
@given(st.binary(max_size=400))
def test_feed_parser_survives_any_bytes(body: bytes) -> None:
    parsed = feedparser.parse(b"<?xml version='1.0'?><rss><channel>" + body)
    assert isinstance(parsed.entries, list)


@FUZZ
@given(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            "",
            "text/html",
            "text/html; charset=windows-1258",
            "text/html; charset=utf-16",
            "text/html; charset=bogus",
        ]
    ),
)
def test_page_extraction_never_raises(body: bytes, content_type: str) -> None:
    assert isinstance(decode_html(body, content_type), str)
    page = RawPage(
        "https://tin.example/a.html",
        "https://tin.example/a.html",
        200,
        {"content-type": content_type},
        b"<html><body><article>" + body,
        NOW,
        "fuzz",
        FeedMeta(title="Tiêu đề", published="Tue, 14 Oct 2026 08:30:00 +0700"),
    )
    record = extract_article(page)
    assert record is None or unicodedata.is_normalized("NFC", record.body)


@FUZZ
@given(st.text(max_size=80))
def test_url_canonicaliser_raises_only_value_error(text: str) -> None:
    try:
        result = canonical_url("https://tin.example/" + text)
    except ValueError:
        return
    assert result.startswith("https://tin.example/")
