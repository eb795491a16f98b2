"""Lao Động's article template (``article-detail``, ``chappeau``, ``art-body``).

Evidence of the markup: a Scrapy spider of laodong.vn (``div.art-body`` paragraphs, the lead
``div.chappeau``, related links ``div.tin-lien-quan``, author ``span.authors``, ``datePublished`` in
JSON-LD read as Vietnam time); a public test page of a laodong.vn article (``article.article-detail``,
``h1.title``, ``div.chappeau``, ``div.art-body`` with ``h2`` subheads, a ``div.related`` box after the
body) and a public site-rule table (body ``#gallery-ctt``, drop ``.tin-lien-quan``). Lao Động sits
behind a JavaScript cookie challenge (SOURCES-EVIDENCE.md): pages reach this rule only from a fetcher
that passed it.
"""

from __future__ import annotations

from pipeline.collect.site_rules.base import SiteRule

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
RULE = SiteRule(
    name="laodong",
    source_ids=("laodong",),
    domains=("laodong.vn",),
    byline="span.authors",
    summary="div.chappeau",
    body="div.art-body",
    drop=".tin-lien-quan, .related",
    captions="figcaption",
)
