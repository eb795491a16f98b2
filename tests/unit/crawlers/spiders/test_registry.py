"""crawlers.spiders.registry: the feed parser it reads outlets' feeds with survives any bytes."""

from __future__ import annotations

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from tests.support.fuzz import FUZZ


@FUZZ
@given(st.binary(max_size=400))
def test_feed_parser_survives_any_bytes(body: bytes) -> None:
    parsed = feedparser.parse(b"<?xml version='1.0'?><rss><channel>" + body)
    assert isinstance(parsed.entries, list)
