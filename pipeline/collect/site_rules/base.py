"""What a site rule is and how one reads a page: CSS selectors for the fields an outlet's markup gives
better than the generic extractor, and the body read block by block in page order.

A rule names only the fields it was measured to improve (``bench/site_rules.py``); the others stay
empty and the generic result stands. A rule whose body container is missing from a page gives no
body, so a redesign falls back to the generic path instead of storing an empty article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from lxml.html import HtmlElement
from parsel import Selector

from pipeline.text.dates import read_iso, read_vietnamese_date
from pipeline.text.normalise import page_text

# The text of an element as a reader sees it (scripts and styles are not text).
_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
# The elements whose text is a block of the body, in page order; a block holding another block
# (a caption's <p>, a quote's paragraphs) gives way to the inner ones.
_BLOCKS = ".//p | .//h2 | .//h3 | .//h4 | .//li | .//figcaption | .//blockquote | .//td"
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "figcaption", "blockquote", "td"})
# A caption's closing credit ("… - Ảnh: AFP", "(Ảnh: Hoàng Anh)"): the photographer, not the text.
_CAPTION_CREDIT = re.compile(
    r"\s*[-–—]?\s*\(?\s*(?:Ảnh|Video|Đồ họa|Nguồn|Clip|Photo)\s*:\s*[^.:()]{0,80}\)?\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class SiteRule:
    """An outlet's (or a shared template's) selectors; an empty selector leaves that field generic.

    Attributes:
        name: the rule's name, recorded as ``extraction_method = "rule-<name>"``.
        source_ids: the registry ids of the sources whose pages this rule reads.
        domains: hosts (and their subdomains) read by this rule when the source id is not one of the above.
        title: the headline element.
        byline: the elements holding each author's name, as published.
        byline_skip: names that are not a person (the outlet's own name, "MEDIA").
        published: the element giving the publication time.
        published_attr: the attribute holding that time ("" for the element's text).
        summary: the lead (sapo) element.
        body: the article's body container.
        drop: what inside the container is not the article (related-news boxes, video players, "read more").
        captions: caption elements, whose closing photo credit is removed.
    """

    name: str
    source_ids: tuple[str, ...]
    domains: tuple[str, ...]
    title: str = ""
    byline: str = ""
    byline_skip: re.Pattern[str] | None = None
    published: str = ""
    published_attr: str = ""
    summary: str = ""
    body: str = ""
    drop: str = ""
    captions: str = ""

    def fields(self) -> tuple[str, ...]:
        """The record fields this rule gives (the others are left to the generic extractor)."""
        given = {
            "title": self.title,
            "byline": self.byline,
            "published_at": self.published,
            "summary": self.summary,
            "body": self.body,
        }
        return tuple(name for name, selector in given.items() if selector)


@dataclass(frozen=True)
class RuleFields:
    """What a rule read from one page; empty strings and None mean "not given, keep the generic value".

    ``published`` is naive when the page wrote no offset (the source's zone is applied by the caller).
    """

    rule: str
    title: str = ""
    byline: str = ""
    published: datetime | None = None
    summary: str = ""
    body: str = ""


def _text(element: Selector | HtmlElement) -> str:
    root = element.root if isinstance(element, Selector) else element
    return page_text("".join(root.xpath(_VISIBLE_TEXT)).replace("\n", " "))


def _first_text(sel: Selector, query: str) -> str:
    return next((t for e in sel.css(query) if (t := _text(e))), "") if query else ""


def _byline(sel: Selector, rule: SiteRule) -> str:
    names: list[str] = []
    for element in sel.css(rule.byline) if rule.byline else []:
        name = _text(element)
        if name and name not in names and not (rule.byline_skip and rule.byline_skip.fullmatch(name)):
            names.append(name)
    return ", ".join(names)


def _published(sel: Selector, rule: SiteRule, fetched_at: datetime) -> datetime | None:
    for element in sel.css(rule.published) if rule.published else []:
        raw = (element.attrib.get(rule.published_attr) or "") if rule.published_attr else _text(element)
        if found := read_iso(raw) or read_vietnamese_date(raw, fetched_at):
            return found
    return None


def _is_leaf_block(element: HtmlElement) -> bool:
    return not any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in element.iterdescendants())


def _body(sel: Selector, rule: SiteRule) -> str:
    containers = sel.css(rule.body) if rule.body else []
    if not containers:
        return ""
    container = containers[0]
    dropped = {e.root for e in container.css(rule.drop)} if rule.drop else set()
    captions = {e.root for e in container.css(rule.captions)} if rule.captions else set()
    blocks: list[str] = []
    for element in container.root.xpath(_BLOCKS):
        lineage = list(chain([element], element.iterancestors()))
        if any(e in dropped for e in lineage) or not _is_leaf_block(element):
            continue
        text = _text(element)
        if any(e in captions for e in lineage):
            text = _CAPTION_CREDIT.sub("", text).strip()
        if text:
            blocks.append(text)
    # One block is a video or photo page's caption, or a container the outlet reused for something
    # else: the generic path judges such a page better (the VnExpress rule holds the same floor).
    return "\n".join(blocks) if len(blocks) >= 2 else ""


def read_rule(sel: Selector, rule: SiteRule, fetched_at: datetime) -> RuleFields:
    """The fields ``rule`` reads from the page in ``sel`` (read only: the tree is not changed)."""
    summary = _first_text(sel, rule.summary)
    body = _body(sel, rule)
    if body and summary and not body.startswith(summary):
        body = f"{summary}\n{body}"  # the stored body opens with the lead, as on the page
    return RuleFields(
        rule=rule.name,
        title=_first_text(sel, rule.title),
        byline=_byline(sel, rule),
        published=_published(sel, rule, fetched_at),
        summary=summary,
        body=body,
    )
