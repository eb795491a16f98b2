"""Báo Hải Phòng's article template, the OneCMS layout it shares with Báo Nghệ An, Báo Đà Nẵng and
Hà Nội Mới (``sc-longform-header-*`` header, ``div.b-maincontent`` body).

Evidence of the markup: baohaiphong.vn read from ``(//div[…b-maincontent…])[1]`` in a public
site-rule table (with baonghean.vn, baodanang.vn, hanoimoi.vn); the body ``.b-maincontent`` /
``.c-news-detail`` and the CMS shared with baodanang (SOURCES-EVIDENCE.md, Báo Hải Phòng); on the
same CMS, ``h1.sc-longform-header-title.block-sc-title``, ``.sc-longform-header-sapo``,
``span.sc-longform-header-date.block-sc-publish-time`` written "14/05/2026 15:25",
``.sc-longform-header-author`` and the tags ``div.c-widget-tags.onecms__tags`` (public crawlers of
diendandoanhnghiep.vn and other OneCMS papers).
"""

from __future__ import annotations

from pipeline.collect.site_rules.base import SiteRule

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
RULE = SiteRule(
    name="baohaiphong",
    source_ids=("baohaiphong",),
    domains=("baohaiphong.vn",),
    byline=".sc-longform-header-author",
    summary=".sc-longform-header-sapo",
    body="div.b-maincontent",
    drop=".c-widget-tags, .onecms__tags, .c-box-related",
    captions="figcaption",
)
