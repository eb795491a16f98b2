"""From a fetched page to an :class:`ArticleRecord`: charset, main text, title, byline, date.

trafilatura gives the main text and title; the publication time comes from page metadata first
(with its time of day and offset), then the feed's date, then the visible Vietnamese date, then
htmldate. A time written without an offset is taken in the source's zone (``RawPage.timezone``,
from the registry) and ``published_method`` ends "+assumed-tz"; with no zone known it is read as
UTC ("+assumed-utc"). The byline comes from trafilatura or from the markup Vietnamese outlets use.

Stored text is the page's own (:func:`pipeline.text.normalise.page_text`): tone marks are never moved.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from typing import Literal
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json
from trafilatura.settings import Document
from trafilatura.utils import load_html

from pipeline.collect import site_rules
from pipeline.records import ArticleRecord, RawPage
from pipeline.text.charset import decode_page
from pipeline.text.dates import read_feed_date, read_iso, read_vietnamese_date
from pipeline.text.normalise import page_text, strip_controls
from pipeline.text.urls import article_id, canonical_url, domain_allowed

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
    "p.author_mail strong::text",
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
_TITLE_META = (
    "meta[property='og:title']::attr(content)",
    "meta[name='twitter:title']::attr(content)",
    "title::text",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_HAS_TIME = re.compile(r"\d{1,2}\s*(?::|h|giờ)\s*\d{2}")
# "Anna Lindqvist · 9 February 2026": the date after a separator is not part of the name.
_BYLINE_DATE_TAIL = re.compile(r"\s+[·|•–-]\s+[^·|•]*\d[^·|•]*$")
_BYLINE_PREFIX = re.compile(r"^(theo|bài và ảnh|bài, ảnh|ảnh|tác giả|by|von|par)\b\s*:?\s*", re.IGNORECASE)
# A caption's closing credit ("Ảnh: Bệnh viện cung cấp"): not the outlet's text, kept out of the body.
_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
_CAPTION_CREDIT = re.compile(r"\s*(?:Ảnh|Video|Đồ họa|Nguồn|Clip)\s*:\s*[^.:]{0,80}\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SiteRule:
    """Selectors for an outlet whose markup trafilatura reads worse than this (each has a test).

    ``blocks`` is an XPath relative to ``container`` so that paragraphs and captions keep page order.
    """

    name: str
    domains: tuple[str, ...]
    container: str
    blocks: str
    lead: str = ""
    caption_class: str = ""


SITE_RULES = (
    # VnExpress: trafilatura drops the lead (p.description) and the captions, and keeps the
    # right-aligned byline as the last paragraph: token F1 0.935 against the reference, 0.99 here.
    SiteRule(
        name="vnexpress",
        domains=("vnexpress.net",),
        container="article.fck_detail",
        blocks=(
            ".//p[contains(concat(' ', normalize-space(@class), ' '), ' Normal ')"
            " and not(contains(translate(@style, ' ', ''), 'text-align:right'))]"
            " | .//figcaption//p | .//h2 | .//h3"
        ),
        lead="p.description",
        caption_class="Image",
    ),
)


def decode_html(body: bytes, content_type: str = "") -> str:
    """Decode a page by BOM, HTTP header and meta charset, Windows-1258 and UTF-16 included."""
    return decode_page(body, content_type)[0]


def site_rule(url: str) -> SiteRule | None:
    """The site rule for ``url``'s host, if any."""
    return next((r for r in SITE_RULES if domain_allowed(url, list(r.domains))), None)


def _block_text(block: Selector, rule: SiteRule) -> str:
    text = page_text("".join(block.xpath(_VISIBLE_TEXT).getall()).replace("\n", " "))
    if rule.caption_class and rule.caption_class in (block.attrib.get("class") or "").split():
        text = _CAPTION_CREDIT.sub("", text).strip()
    return text


def rule_body(sel: Selector, rule: SiteRule) -> tuple[str, str]:
    """(lead, body) by the site's selectors; body empty when its markup was not found."""
    container = sel.css(rule.container)
    if not container:
        return "", ""
    blocks = [t for b in container[0].xpath(rule.blocks) if (t := _block_text(b, rule))]
    lead = page_text(" ".join(sel.css(rule.lead).xpath(".//text()").getall())) if rule.lead else ""
    return lead, "\n".join(blocks) if len(blocks) >= 2 else ""


def _first(sel: Selector, queries: tuple[str, ...]) -> str:
    for query in queries:
        for value in sel.css(query).getall():
            if value and value.strip():
                return value.strip()
    return ""


# What the page's own machine-readable metadata says wins over the feed; anything else read from the
# page (a dateline, a year in the text) loses to the feed's date.
_PAGE_METADATA = ("meta", "json-ld")


def find_published(sel: Selector, html: str, fetched_at: datetime) -> tuple[datetime | None, str]:
    """The publication time (naive when the page gave no offset) and the method that found it;
    "visible-date" when the page gave no time of day."""
    meta = _first(sel, _META_DATES)
    if meta and (parsed := read_iso(meta)):
        return parsed, "meta"
    for raw in _JSONLD_DATE.findall(html):
        if parsed := read_iso(raw):
            return parsed, "json-ld"
    for query in _VISIBLE_DATES:
        for text in sel.css(query).getall():
            if parsed := read_vietnamese_date(text, fetched_at):
                return parsed, "visible" if _HAS_TIME.search(text) else "visible-date"
    # With %z htmldate keeps the page's offset (without it, a time given in UTC lost its day).
    found = find_date(html, outputformat="%Y-%m-%dT%H:%M:%S%z", original_date=True)
    if found and (parsed := read_iso(found)):
        return parsed, "htmldate"
    return None, ""


def _in_zone(value: datetime | None, zone: tzinfo | None) -> tuple[datetime | None, bool]:
    """``value`` with its own offset, else in ``zone`` (UTC when None); and whether one was assumed."""
    if value is None or value.tzinfo is not None:
        return value, False
    return value.replace(tzinfo=zone or UTC), True


def _choose_date(
    page: tuple[datetime | None, str, bool], feed: tuple[datetime | None, bool]
) -> tuple[datetime | None, str, bool]:
    """(time, method, assumed) of the page's metadata, else the feed's (its time of day completing a
    page date of the same day: "<method>+feed-time"; overruling a different one: "feed"), else the page's."""
    page_time, method, page_assumed = page
    feed_time, feed_assumed = feed
    if feed_time is None or (page_time is not None and method in _PAGE_METADATA):
        return page_time, method, page_assumed
    if page_time is not None and page_time.date() == feed_time.astimezone(page_time.tzinfo).date():
        return feed_time, method + "+feed-time", feed_assumed
    if page_time is not None:
        log.info("page date %s (%s) overruled by the feed's %s", page_time, method, feed_time)
    return feed_time, "feed", feed_assumed


def published_time(sel: Selector, html: str, page: RawPage) -> tuple[datetime | None, str]:
    """The publication time of ``page`` and how it was found, "+assumed-tz" (the source's zone) or
    "+assumed-utc" (no zone known) appended when the time chosen had no offset."""
    zone = ZoneInfo(page.timezone) if page.timezone else None
    found, method = find_published(sel, html, page.fetched_at)
    page_time, page_assumed = _in_zone(found, zone)
    chosen, method, assumed = _choose_date(
        (page_time, method, page_assumed), _in_zone(read_feed_date(page.feed.published), zone)
    )
    if chosen is not None and assumed:
        method += "+assumed-tz" if zone else "+assumed-utc"
    return chosen, method


def find_byline(sel: Selector, html: str = "") -> str:
    """The byline as published, without "Theo"-style prefixes; when our selectors find none, the
    author trafilatura reads from ``html``'s metadata and markup."""
    byline = page_text(_BYLINE_DATE_TAIL.sub("", _BYLINE_PREFIX.sub("", _first(sel, _BYLINES).strip())))
    return byline or (_library_author(html) if html else "")


def _library_author(html: str) -> str:
    # trafilatura's author search without the rest of its metadata pass (its date search is most of
    # that pass's time); a fresh parse, since trafilatura prunes what it reads.
    tree = load_html(html)
    if tree is None:
        return ""
    found = extract_meta_json(tree, examine_meta(tree)).author or extract_author(tree)
    return page_text(found or "")


@dataclass(frozen=True)
class MainTextOptions:
    """How the main text is asked of trafilatura and completed; ``bench/extraction.py`` scores each
    choice (the defaults are trafilatura's own).

    ``parse``: "tree" hands over the tree parsed for our selectors as it is; "tree-no-comments"
    the same tree with its HTML comments removed first (their tail text kept); "library" the
    decoded page, which trafilatura parses itself. ``drop_comment_blocks``: readers' comment blocks
    are removed first (:func:`drop_comment_blocks`). ``unwrap_layout_tables``: the tables that lay
    out the page become plain blocks (:func:`unwrap_layout_tables`). ``find_lead``: the lead the
    page marks is put first (:func:`find_lead`). ``fallback_below``: when the main call gives fewer
    characters than this, trafilatura is asked again in full mode, then its ``baseline``, and the
    longer text kept.
    """

    fast: bool = False
    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True
    parse: Literal["tree", "tree-no-comments", "library"] = "tree-no-comments"
    drop_comment_blocks: bool = True
    unwrap_layout_tables: bool = True
    find_lead: bool = True
    fallback_below: int = 0


# Chosen on bench/extraction.py (bench/README.md has the figures): full mode lost a two-paragraph
# brief to the "top news" box beside it and gained nowhere on these pages; favor_precision kept inline
# boxes and newsletter forms out and a portal's table in; the tree without its HTML comments kept
# text that followed an inline comment; the fallback found the text of a page kept in a lone <div>.
MAIN_TEXT = MainTextOptions(fast=True, favor_precision=True, fallback_below=1)

# Readers' comment blocks by the names outlets give them ("box-comment", "binh-luan", "y-kien"):
# trafilatura only knows names that start with "comment", and kept Vietnamese outlets' comments.
_COMMENT_BLOCK = re.compile(r"(?:^|[-_\s])(?:comments?|binh-?luan|y-?kien)(?:$|[-_\s])", re.IGNORECASE)
_NEVER_DROPPED = {"html", "body", "main", "article"}


def drop_comment_blocks(tree: HtmlElement) -> None:
    """Remove the elements whose class or id names a readers' comment block (never one holding the
    headline, nor the page's body, main or article element)."""
    for element in tree.xpath("//*[@class or @id]"):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if _COMMENT_BLOCK.search(names) and element.tag not in _NEVER_DROPPED and not element.xpath(".//h1"):
            element.drop_tree()


# A table that lays out a page: a cell holding blocks, a long text, or a row of links (a menu).
_LAYOUT_CELL = ".//td[.//div or .//table or .//ul or .//form or string-length(normalize-space()) > 400]"
_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn the tables an old template lays its page out with into <div>s, so that trafilatura reads
    their text as text, not as one table row of menu, headline and article; data tables stay."""
    for table in list(tree.iter("table")):
        text = " ".join(table.text_content().split())
        links = " ".join(" ".join(a.text_content().split()) for a in table.iter("a"))
        if not (table.xpath(_LAYOUT_CELL) or (text and len(links) >= 0.8 * len(text))):
            continue
        own = [
            e
            for e in table.iter(*_TABLE_TAGS)
            if e is table or (e.tag != "table" and next(e.iterancestors("table")) is table)
        ]
        for element in own:  # a data table nested in the layout keeps its own rows and cells
            element.tag = "div"


def _prepared(tree: HtmlElement, call: MainTextOptions) -> HtmlElement:
    """``tree`` with what trafilatura misreads taken out or unwrapped first, as ``call`` says."""
    if call.drop_comment_blocks and not call.include_comments:
        drop_comment_blocks(tree)
    if call.unwrap_layout_tables:
        unwrap_layout_tables(tree)
    if call.parse == "tree-no-comments":
        # trafilatura deletes a comment node with its tail: the text after an inline <!-- --> went too.
        etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    return tree


def _trafilatura(tree: HtmlElement, html: str, url: str, call: MainTextOptions) -> str:
    """The main text by ``call``; trafilatura prunes ``tree``, so every selector must have read it."""
    # Metadata comes from our own selectors (find_title, find_byline, find_published): trafilatura's
    # metadata pass costs a third of its time and gave nothing those selectors miss.
    text = _bare_text(html if call.parse == "library" else _prepared(tree, call), url, call)
    if len(text) < call.fallback_below:
        # Fast mode returns nothing for a text in a lone <div>: ask again in full mode, then try the
        # baseline; each on a fresh parse of the page (trafilatura prunes what it reads), prepared alike.
        found, name = _bare_text(_fresh(html, call), url, replace(call, fast=False)), "full mode"
        if not found:
            found, name = page_text(trafilatura.baseline(_fresh(html, call))[1]), "baseline"
        if len(found) > len(text):
            log.info("main text of %s from trafilatura's %s (%d characters)", url, name, len(found))
            return found
    return text


def _fresh(html: str, call: MainTextOptions) -> HtmlElement | str:
    tree = load_html(html)
    return html if tree is None or call.parse == "library" else _prepared(tree, call)


def _bare_text(page: HtmlElement | str, url: str, call: MainTextOptions) -> str:
    doc = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=False,
        fast=call.fast,
        include_comments=call.include_comments,
        include_tables=call.include_tables,
        favor_precision=call.favor_precision,
        favor_recall=call.favor_recall,
    )
    return page_text(doc.text or "") if isinstance(doc, Document) else ""


def _strip_site_name(title: str) -> str:
    """ "Tiêu đề - Báo X" → "Tiêu đề": drop a short last segment after " - " or " | "."""
    parts = re.split(r"\s+[-|–]\s+", title)
    if len(parts) > 1 and len(parts[-1].split()) <= 5 and len(" ".join(parts[:-1]).split()) >= 3:
        return title[: title.rindex(parts[-1])].rstrip(" -|–")
    return title


def find_title(sel: Selector) -> str:
    """The headline: the <h1> that the page's own title metadata agrees with, else that metadata."""
    headings = [page_text("".join(h.xpath(_VISIBLE_TEXT).getall())) for h in sel.css("h1")]
    headings = [h for h in headings if h]
    meta = page_text(_first(sel, _TITLE_META))
    for heading in headings:
        if meta and (meta.startswith(heading) or heading.startswith(meta)):
            return heading
    if meta:
        return _strip_site_name(meta)
    return headings[0] if headings else ""


# The lead ("sapo" in Vietnamese newsrooms) sits between the headline and the text block, outside the
# block on most outlets, and trafilatura leaves it out: the first element after the <h1> with a class
# ending in one of these names and a lead's length.
_LEAD_CLASS = re.compile(r"(?:^|[-_])(?:sapo|lead|chapeau|chappeau|standfirst|description)$", re.IGNORECASE)
_LEAD_LENGTH = (60, 600)


def find_lead(sel: Selector) -> str:
    """The article's lead as the page marks it, "" when it marks none."""
    for element in sel.xpath("//h1[1]/following::*[@class][position() <= 40]"):
        if not any(_LEAD_CLASS.search(name) for name in (element.attrib.get("class") or "").split()):
            continue
        text = page_text(" ".join(element.xpath(_VISIBLE_TEXT).getall()).replace("\n", " "))
        if _LEAD_LENGTH[0] <= len(text) <= _LEAD_LENGTH[1] and not element.xpath(".//img"):
            return text
    return ""


def _main_text(sel: Selector, html: str, url: str) -> tuple[str, str, str, str, str]:
    """(title, lead, body, byline, extraction method) of a page; leaves ``sel``'s tree pruned."""
    title, method, lead, body = find_title(sel), "", "", ""
    rule = site_rule(url)
    if rule is not None:
        lead, body = rule_body(sel, rule)
        method = f"rule-{rule.name}" if body else ""
    byline = find_byline(sel, html)
    if not body:  # no rule, or the page lacks the rule's markup
        lead = find_lead(sel) if MAIN_TEXT.find_lead else ""
        body = _trafilatura(sel.root, html, url, MAIN_TEXT) if isinstance(sel.root, HtmlElement) else ""
        method = f"trafilatura-{trafilatura.__version__}"
    if title and body.startswith(title):  # trafilatura keeps the headline of some layouts in the text
        body = body[len(title) :].lstrip()
    lines = body.split("\n")
    if byline and lines and lines[-1].strip() == byline:  # the closing byline is not article text
        body = "\n".join(lines[:-1]).rstrip()
    if lead and lead not in body:
        body = f"{lead}\n{body}" if body else lead
    return title, lead, body, byline, method


def _canonical(sel: Selector, final_url: str) -> str:
    href = sel.css("link[rel='canonical']::attr(href)").get()
    if href:
        try:
            return canonical_url(urljoin(final_url, href.strip()))
        except ValueError:
            log.info("ignoring canonical link %r of %s", href, final_url)
    return canonical_url(final_url)


def extract_article(page: RawPage) -> ArticleRecord | None:
    """Extract an article from a fetched page; None (with a warning) when the page has no article."""
    # Control characters render as nothing; left in, lxml refuses to set them as text and
    # trafilatura drops the whole page (one ESC byte lost an article).
    html = strip_controls(decode_html(page.body, page.headers.get("content-type", "")))
    sel = Selector(text=html)
    ruled = site_rules.read(sel, page)  # the outlet's site rule, read before anything prunes the tree
    canonical = _canonical(sel, page.final_url)
    published, method = published_time(sel, html, page)
    description = _first(sel, ("meta[name='description']::attr(content)",))
    title, lead, body, byline, extraction = _main_text(sel, html, page.final_url)  # last: prunes the tree
    if not body and not page.feed.summary:
        log.warning("no article text in %s", page.final_url)
        return None
    generic = ArticleRecord(
        id=article_id(canonical),
        url=page.url,
        canonical_url=canonical,
        source_id=page.source_id,
        title=title or page_text(page.feed.title),
        summary=lead or page_text(description or page.feed.summary),
        body=body,
        byline=byline,
        published_at=published,
        fetched_at=page.fetched_at,
        extraction_method=extraction,
        published_method=method,
        feed=page.feed.as_dict(),
    )
    return site_rules.apply(generic, ruled, page.timezone)
