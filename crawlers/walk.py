"""Reading listings and sitemaps for the walk back, and telling skips from failures.

A listing item's date is read from the markup around its link (``<time>``, an element whose class
names a time or date, its ``title`` first), never from its summary text, which often quotes other
dates. Sitemaps are read with their ``lastmod`` and news ``publication_date``, gzipped or not; a
gzipped sitemap is unpacked in chunks up to the page limit (``DOWNLOAD_MAXSIZE``), so a small file that
unpacks to gigabytes (a gzip bomb, sent without ``Content-Encoding``) is refused, never held whole.
"""

from __future__ import annotations

import logging
import struct
import zlib
from dataclasses import dataclass

from parsel import Selector
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from pipeline.text.charset import decode_page

log = logging.getLogger(__name__)

_ITEM = "ancestor::*[self::li or self::article or self::tr or contains(@class, 'item')][1]"
_TIMED = "*[contains(@class, 'time') or contains(@class, 'date')]"
# A timed element's title before its text: Tuổi Trẻ's timeline shows "2 giờ trước" and keeps the time
# in the title (``span.time-ago-last-news[title="2026-12-03T10:30:00"]``).
_DATE_NODES = f".//time/@datetime | .//time//text() | .//{_TIMED}/@title | .//{_TIMED}//text()"


@dataclass(frozen=True)
class ListedItem:
    href: str
    date_text: str = ""


def listing_items(sel: Selector, articles: str) -> list[ListedItem]:
    """Links matched by the registry's ``articles`` selector, each with the date shown beside it."""
    element_query = articles.removesuffix("::attr(href)")
    if element_query == articles:  # a selector without ::attr(href): no element to look around
        return [ListedItem(h) for h in sel.css(articles).getall()]
    items = []
    for link in sel.css(element_query):
        href = link.attrib.get("href")
        if not href:
            continue
        around = link.xpath(_ITEM)
        dates = [t.strip() for t in around.xpath(_DATE_NODES).getall() if t.strip()] if around else []
        items.append(ListedItem(href, dates[0] if dates else ""))
    return items


class UnreadableSitemap(Exception):
    """A gzipped sitemap too large once unpacked, or damaged; the message says which."""


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    date_text: str = ""


def _gunzip(body: bytes, max_size: int) -> bytes:
    try:
        return gunzip(body, max_size=max_size)
    except ValueError as exc:  # Scrapy's size check: it stops unpacking past max_size
        raise UnreadableSitemap(
            f"gzipped sitemap unpacks to more than max_page_bytes ({max_size:,} bytes)"
        ) from exc
    except (OSError, EOFError, struct.error, zlib.error) as exc:
        raise UnreadableSitemap(f"gzipped sitemap is damaged ({exc})") from exc


def read_sitemap(body: bytes, max_size: int) -> tuple[str, list[SitemapEntry]]:
    """("sitemapindex" | "urlset", entries); raises ValueError when the body is no sitemap, and
    :class:`UnreadableSitemap` when it is gzipped and unpacks to more than ``max_size`` bytes (0: no
    limit) or is damaged."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_size)
    sel = Selector(body=body, type="xml")
    sel.remove_namespaces()
    root = sel.xpath("/*")
    kind = root.xpath("name()").get() if root else None
    if kind not in ("sitemapindex", "urlset"):
        raise ValueError("not a sitemap")
    entries = []
    for node in root.xpath("sitemap | url"):
        loc = (node.xpath("loc/text()").get() or "").strip()
        date = node.xpath("news/publication_date/text()").get() or node.xpath("lastmod/text()").get() or ""
        if loc:
            entries.append(SitemapEntry(loc, date.strip()))
    return kind, entries


def skip_reason(failure: Failure) -> str | None:
    """Why a request was left out on purpose, or None when it is a failure of the source."""
    if isinstance(failure.value, HttpError):
        status = failure.value.response.status
        return f"HTTP {status}" if 400 <= status < 500 else None
    message = failure.getErrorMessage() or ""
    if failure.check(CancelledError, DownloadCancelledError) or "download max size" in message:
        return "larger than max_page_bytes"  # Scrapy cancels a download over DOWNLOAD_MAXSIZE
    if failure.check(IgnoreRequest):
        return message or "ignored"
    return None


def looks_like_html(body: bytes, content_type: str) -> bool:
    """Whether a body served as a page is markup at all (not binary, not empty)."""
    text = decode_page(body[:4096], content_type)[0]
    return "<" in text and "\x00" not in text
