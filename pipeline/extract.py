"""From a fetched page to an :class:`ArticleRecord`: charset, main text, title, byline, date.

trafilatura gives the main text and title; the publication time comes from page metadata first
(with its time of day and offset), then the visible Vietnamese date, then htmldate, then the feed.
The byline comes from trafilatura or from the markup Vietnamese outlets use for it.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

import trafilatura
from htmldate import find_date
from parsel import Selector
from w3lib.encoding import html_to_unicode

from pipeline.dates import parse_iso, parse_vietnamese_date
from pipeline.normalise import normalise_text
from pipeline.records import ArticleRecord, RawPage
from pipeline.urls import article_id, canonical_url

log = logging.getLogger(__name__)

_META_DATES = (
    "meta[property='article:published_time']::attr(content)",
    "meta[itemprop='datePublished']::attr(content)",
    "meta[name='pubdate']::attr(content)",
    "meta[name='publishdate']::attr(content)",
    "time[itemprop='datePublished']::attr(datetime)",
)
_VISIBLE_DATES = (
    "span.date::text",
    ".date::text",
    "time::text",
    ".meta time::text",
    ".news-date::text",
    ".time::text",
    ".publish-date::text",
    ".post-date::text",
)
_BYLINES = (
    "p.author strong::text",
    ".author strong::text",
    ".byline b::text",
    ".byline strong::text",
    "[rel='author']::text",
    ".author::text",
    ".byline::text",
    "p.source::text",
    "p[style*='text-align:right'] strong::text",
    "p[style*='text-align: right'] strong::text",
    "meta[name='author']::attr(content)",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_HAS_TIME = re.compile(r"\d{1,2}\s*(?::|h|giờ)\s*\d{2}")
_BYLINE_PREFIX = re.compile(r"^(theo|bài và ảnh|bài, ảnh|ảnh|tác giả)\s*:?\s*", re.IGNORECASE)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode a page by BOM, HTTP header and meta charset (w3lib's browser-like rules)."""
    _, text = html_to_unicode(content_type or None, body)
    return text


def _first(sel: Selector, queries: tuple[str, ...]) -> str:
    for query in queries:
        for value in sel.css(query).getall():
            if value and value.strip():
                return value.strip()
    return ""


def find_published(sel: Selector, html: str, fetched_at: datetime) -> tuple[datetime | None, str]:
    """The publication time and the method that found it; "visible-date" when the page gave no time."""
    meta = _first(sel, _META_DATES)
    if meta and (parsed := parse_iso(meta)):
        return parsed, "meta"
    for raw in _JSONLD_DATE.findall(html):
        if parsed := parse_iso(raw):
            return parsed, "json-ld"
    for query in _VISIBLE_DATES:
        for text in sel.css(query).getall():
            if parsed := parse_vietnamese_date(text, fetched_at):
                return parsed, "visible" if _HAS_TIME.search(text) else "visible-date"
    found = find_date(html, outputformat="%Y-%m-%dT%H:%M:%S", original_date=True)
    if found and (parsed := parse_iso(found)):
        return parsed, "htmldate"
    return None, ""


def _with_feed_time(
    page_time: datetime | None, method: str, feed_time: datetime | None
) -> tuple[datetime | None, str]:
    """Prefer the feed's time of day when the page gave only the date of the same day, or nothing."""
    if feed_time is None:
        return page_time, method
    if page_time is None:
        return feed_time, "feed"
    if (
        method in ("visible-date", "htmldate")
        and page_time.date() == feed_time.astimezone(page_time.tzinfo).date()
    ):
        return feed_time, method + "+feed-time"
    return page_time, method


def find_byline(sel: Selector, extracted_author: str | None) -> str:
    """The byline as published, without "Theo"-style prefixes."""
    raw = _first(sel, _BYLINES) or (extracted_author or "")
    return normalise_text(_BYLINE_PREFIX.sub("", raw.strip()))


def extract_article(page: RawPage) -> ArticleRecord | None:
    """Extract an article from a fetched page; None (with a warning) when the page has no article."""
    html = decode_html(page.body, page.headers.get("content-type", ""))
    sel = Selector(text=html)
    doc = trafilatura.bare_extraction(
        html,
        url=page.final_url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    body = normalise_text(getattr(doc, "text", "") or "") if doc is not None else ""
    title = normalise_text(
        (getattr(doc, "title", "") if doc is not None else "") or _first(sel, ("h1::text", "title::text"))
    )
    if title and body.startswith(title):  # trafilatura keeps the headline of some layouts in the text
        body = body[len(title) :].lstrip()
    if not body and not page.feed.summary:
        log.warning("no article text in %s", page.final_url)
        return None
    canonical_href = sel.css("link[rel='canonical']::attr(href)").get()
    canonical = canonical_url(canonical_href) if canonical_href else canonical_url(page.final_url)
    published, method = _with_feed_time(
        *find_published(sel, html, page.fetched_at), parse_vietnamese_date(page.feed.published)
    )
    summary = normalise_text(_first(sel, ("meta[name='description']::attr(content)",)) or page.feed.summary)
    return ArticleRecord(
        id=article_id(canonical),
        url=page.url,
        canonical_url=canonical,
        source_id=page.source_id,
        title=title or normalise_text(page.feed.title),
        summary=summary,
        body=body,
        byline=find_byline(sel, getattr(doc, "author", None) if doc is not None else None),
        published_at=published,
        fetched_at=page.fetched_at,
        extraction_method=f"trafilatura-{trafilatura.__version__}",
        published_method=method,
        feed=page.feed.as_dict(),
    )
