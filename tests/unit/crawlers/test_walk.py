"""crawlers.walk: dates of listing items, sitemaps (plain, gzipped, news, gzip bombs), skip reasons, HTML
sniffing."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest
from parsel import Selector

from crawlers.walk import UnreadableSitemap, listing_items, looks_like_html, read_sitemap
from tests.support.hostile_site import gzip_bomb

LIMIT = 1_000_000

LISTING = """<html><body><ul>
<li class="item"><h3><a href="/tin/a.html">A</a></h3>
  <p class="summary">Kỷ niệm ngày 2/9/1945.</p>
  <span class="time">Thứ tư, 22/10/2025, 19:25 (GMT+7)</span></li>
<li class="item"><h3><a href="/tin/b.html">B</a></h3>
  <time datetime="2025-10-21T08:00:00+07:00">Hôm qua</time></li>
<li class="item"><h3><a href="/tin/c.html">C</a></h3><p>Không có ngày 1/1/2020.</p></li>
</ul></body></html>"""


def test_listing_dates_come_from_the_markup_not_the_summary() -> None:
    items = listing_items(Selector(text=LISTING), "h3 a::attr(href)")
    assert [(i.href, i.date_text) for i in items] == [
        ("/tin/a.html", "Thứ tư, 22/10/2025, 19:25 (GMT+7)"),
        ("/tin/b.html", "2025-10-21T08:00:00+07:00"),
        ("/tin/c.html", ""),
    ]


def test_listing_selector_without_attr_still_gives_links() -> None:
    plain = listing_items(Selector(text=LISTING), "li.item a::text")
    assert [i.href for i in plain] == ["A", "B", "C"]


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc> https://x.vn/a.html </loc><news:news>
  <news:publication_date>2026-11-20T10:00:00+07:00</news:publication_date></news:news></url>
<url><loc>https://x.vn/b.html</loc><lastmod>2026-11-19</lastmod></url>
</urlset>"""


@pytest.mark.parametrize("compress", [False, True])
def test_news_sitemap_dates(compress: bool) -> None:
    body = gzip.compress(NEWS_SITEMAP) if compress else NEWS_SITEMAP
    kind, entries = read_sitemap(body, LIMIT)
    assert kind == "urlset"
    assert [(e.loc, e.date_text) for e in entries] == [
        ("https://x.vn/a.html", "2026-11-20T10:00:00+07:00"),
        ("https://x.vn/b.html", "2026-11-19"),
    ]


def test_sitemap_index() -> None:
    body = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.vn/s1.xml</loc></sitemap></sitemapindex>'
    assert read_sitemap(body, LIMIT)[0] == "sitemapindex"


@pytest.mark.parametrize("body", [b"<html><body>Trang l\xe1\xbb\x97i</body></html>", b"not xml at all", b""])
def test_not_a_sitemap_is_an_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        read_sitemap(body, LIMIT)


def test_html_sniffing() -> None:
    assert looks_like_html(b"<html><body>x</body></html>", "text/html")
    assert looks_like_html("<html>Hải</html>".encode("utf-16"), "text/html")
    assert not looks_like_html(b"\x00\x01PK\x03\x04 binary", "text/html")
    assert not looks_like_html(b"", "text/html")


def test_a_gzip_bomb_is_refused_after_unpacking_only_up_to_the_limit() -> None:
    bomb = gzip_bomb(50_000_000)  # 50 MB of zeros in about 50 kB
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(
            UnreadableSitemap, match=r"unpacks to more than max_page_bytes \(1,000,000 bytes\)"
        ):
            read_sitemap(bomb, LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * LIMIT  # the 50 MB were never held


def test_a_damaged_gzip_sitemap_is_unreadable_not_a_crash() -> None:
    with pytest.raises(UnreadableSitemap, match="damaged"):
        read_sitemap(b"\x1f\x8b\x08\x00" + b"\xff" * 40, LIMIT)


def test_a_gzipped_sitemap_within_the_limit_is_read() -> None:
    assert read_sitemap(gzip.compress(NEWS_SITEMAP), len(NEWS_SITEMAP))[0] == "urlset"


def test_a_relative_time_shown_gives_way_to_the_time_in_its_title() -> None:
    # Tuổi Trẻ's timeline item (markup per ../shared/docs/SOURCES-EVIDENCE.md: .box-category-item,
    # a.box-category-link-title, .time-ago-last-news[title] in local time).
    timeline = (
        '<div class="box-category-item"><a class="box-category-link-title" href="/bai-1.htm">Tin</a>'
        '<span class="time-ago-last-news" title="2026-12-03T10:30:00">2 giờ trước</span></div>'
    )
    (item,) = listing_items(Selector(text=timeline), "a.box-category-link-title::attr(href)")
    assert (item.href, item.date_text) == ("/bai-1.htm", "2026-12-03T10:30:00")
