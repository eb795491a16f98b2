"""Dân trí's article template (``singular-container``).

Evidence of the markup: a clone of the template, datgin/dan_tri
``backend/resources/views/frontend/page/detailBlog.blade.php`` (``h3.title-sub`` kicker above
``h1.title-page.detail``, ``div.author-name a b``, ``time.author-time[datetime="2025-05-09 11:0…"]``,
``h2.singular-sapo``, ``div.singular-content`` with ``figure.image`` and an ad slot ``.dta-unit``);
the same selectors in several public parsers (``REGEX_DANTRI_*``; ``h2.singular-sapo`` +
``div.singular-content p``), and sapos that open "(Dân trí) - " in stored copies of the body.
"""

from __future__ import annotations

from pipeline.collect.site_rules.base import SiteRule

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
RULE = SiteRule(
    name="dantri",
    source_ids=("dantri",),
    domains=("dantri.com.vn",),
    byline="div.author-name a b",
    summary="h2.singular-sapo",
    body="div.singular-content",
    drop=".dta-unit, .singular-bottom, .article-related",
    captions="figcaption",
)
