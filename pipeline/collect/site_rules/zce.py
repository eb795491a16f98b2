"""The ``article__*`` template (``cms-title``, ``cms-desc``, ``zce-content-body cms-body``) that Tiền
Phong, Nhân Dân and other papers on the same CMS share.

Evidence of the markup: ``h1.article__title.cms-title``, ``div.article__sapo.cms-desc``,
``div.article__body.zce-content-body.cms-body`` for tienphong.vn (giapham123/crawl-news-python
``config.py``, and a PHP reader of tienphong.vn); the same classes for nhandan.vn in another public
crawler; ``time.time[datetime="YYYY-MM-DDTHH:MM:SS+0700"]`` on Nhân Dân pages
(SOURCES-EVIDENCE.md, Nhân Dân); ``div.article__author`` and the tags ``div.article__tag`` (a
public crawl plan for this CMS), and a ``div.related-news`` box with ``article.story`` items inside
the body (a public test page of the same template, sggp.org.vn).
"""

from __future__ import annotations

from pipeline.collect.site_rules.base import SiteRule

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
RULE = SiteRule(
    name="zce",
    source_ids=("tienphong", "nhandan"),
    domains=("tienphong.vn", "nhandan.vn"),
    byline="div.article__author",
    summary="div.article__sapo",
    body="div.article__body",
    drop=".related-news, .article__tag, .box-related",
    captions="figcaption",
)
