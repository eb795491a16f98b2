"""VietnamNet's article template (``content-detail``).

Evidence of the markup: ``h1.content-detail-title``, ``h2.content-detail-sapo.sm-sapo-mb-0``,
``div.maincontent.main-content`` (also ``#maincontent``), ``div.bread-crumb-detail__time`` written
"Thứ Sáu, 26/12/2025 - 22:10" and the author in ``div.article-detail-author__main`` ``.name a``
(DoanTienTrung/Crawl-Web ``scrapers/multi_source_scraper.py``, cited as CW in
../shared/docs/SOURCES-EVIDENCE.md, and other public VietnamNet crawlers).
"""

from __future__ import annotations

from pipeline.collect.site_rules.base import SiteRule

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
RULE = SiteRule(
    name="vietnamnet",
    source_ids=("vietnamnet",),
    domains=("vietnamnet.vn",),
    byline="div.article-detail-author__main .name a",
    summary="h2.content-detail-sapo",
    body="div.maincontent",
    captions="figcaption",
)
