"""Site rules for the outlets that matter most to the office, applied on top of the generic extractor.

One module per outlet or per shared template (the CMS several outlets run), each citing the public
evidence of its markup; the fixture page reproducing that markup and the test of each rule are in
``tests/fixtures/site_rules/`` and ``tests/unit/pipeline/collect/site_rules/``.

A page's rule is chosen by the registry id of the source it was fetched for (``RawPage.source_id``),
then by its host: a source served from elsewhere (a mirror, the crawl tests' 127.0.0.1) keeps its
rule, and an unknown source on an unknown host takes the generic path unchanged. A rule overrides
only the fields it gives (:meth:`SiteRule.fields`), each kept because it measurably beats the
generic result on the outlet's fixture (``bench/site_rules.py``, ``bench/README.md``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC
from zoneinfo import ZoneInfo

from parsel import Selector

from pipeline.collect.site_rules import baohaiphong, dantri, laodong, vccorp, vietnamnet, zce
from pipeline.collect.site_rules.base import RuleFields, SiteRule, read_rule
from pipeline.records import ArticleRecord, RawPage
from pipeline.text.urls import domain_allowed

__all__ = ["RULES", "RuleFields", "SiteRule", "apply", "read", "rule_for"]

log = logging.getLogger(__name__)

RULES: tuple[SiteRule, ...] = (
    vccorp.TUOITRE,
    vccorp.THANHNIEN,
    dantri.RULE,
    vietnamnet.RULE,
    zce.RULE,
    laodong.RULE,
    baohaiphong.RULE,
)


def rule_for(source_id: str, url: str) -> SiteRule | None:
    """The rule of the source ``source_id`` (a registry id), else of ``url``'s host, else None."""
    by_source = next((r for r in RULES if source_id in r.source_ids), None)
    return by_source or next((r for r in RULES if domain_allowed(url, list(r.domains))), None)


def read(sel: Selector, page: RawPage) -> RuleFields | None:
    """What the page's rule reads from ``sel`` (call before anything prunes the tree), or None."""
    rule = rule_for(page.source_id, page.final_url)
    return read_rule(sel, rule, page.fetched_at) if rule is not None else None


def apply(record: ArticleRecord, fields: RuleFields | None, zone: str = "") -> ArticleRecord:
    """``record`` with every field the rule gave replacing the generic one.

    A time the page wrote without an offset is taken in ``zone`` (the source's IANA zone from the
    registry; UTC when none), and ``published_method`` says so, as the generic path does.
    """
    if fields is None:
        return record
    published, method = record.published_at, record.published_method
    if fields.published is not None:
        published, method = fields.published, f"rule-{fields.rule}"
        if published.tzinfo is None:
            published = published.replace(tzinfo=ZoneInfo(zone) if zone else UTC)
            method += "+assumed-tz" if zone else "+assumed-utc"
    log.debug("site rule %s read %s", fields.rule, record.url)
    return replace(
        record,
        title=fields.title or record.title,
        byline=fields.byline or record.byline,
        summary=fields.summary or record.summary,
        body=fields.body or record.body,
        extraction_method=f"rule-{fields.rule}" if fields.body else record.extraction_method,
        published_at=published,
        published_method=method,
    )
