"""The detail-page template Tuổi Trẻ, Người Lao Động and Thanh Niên share (``detail-title``,
``detail-sapo``, ``detail-content``/``detail-cmain``, ``data-role`` attributes).

Evidence of the markup:
- Tuổi Trẻ: a Go news reader's test page that "mirrors the structure seen on tuoitre.vn article pages
  (2026-10-05)" (byline block, ``RelatedNewsBox``/``RelatedOneNews`` boxes, ``VideoStream``, photo
  captions ending "- Ảnh: …", ``meta author`` "TUOI TRE ONLINE"), cited as GO in
  ../shared/docs/SOURCES-EVIDENCE.md; the visible time "29/12/2025 22:32 GMT+7" in
  ``[data-role=publishdate]`` and ``article:published_time`` (the TN adapters, same file).
- Người Lao Động: ``.detail-title`` / ``.detail-content.afcbc-body`` for nld.com.vn
  (giapham123/crawl-news-python ``config.py``); the outlet now lives under tuoitre.vn/nld
  (SOURCES-EVIDENCE.md, NLĐ), so it is read with the Tuổi Trẻ rule.
- Thanh Niên: ``h1.detail-title``, ``h2.detail-sapo``, ``div.detail-cmain``, ``div.detail-time``
  "dd/mm/yyyy HH:MM", the author link ``a.name`` (public crawlers cited in SOURCES-EVIDENCE.md, Thanh
  Niên), and the in-body ``detail__related`` / ``box-related`` boxes (a public site-rule table).
"""

from __future__ import annotations

import re

from pipeline.collect.site_rules.base import SiteRule

# The outlet's own name and the multimedia desk are credited like authors; they are not bylines.
_NOT_A_PERSON = re.compile(r"(?i)tu[oổ]i tr[eẻ] online|tto|media|thanh ni[eê]n|báo thanh niên")

# Title and time are left to the generic path, which reads them exactly here (bench/site_rules.py).
TUOITRE = SiteRule(
    name="tuoitre",
    source_ids=("tuoitre", "nld"),
    domains=("tuoitre.vn", "nld.com.vn"),
    byline=(
        "div.detail-author[data-role=author] .author-info a.name,"
        " div.detail-author[data-role=author] .author-item-name a.name"
    ),
    byline_skip=_NOT_A_PERSON,
    summary=".detail-sapo",
    body="div.detail-content[data-role=content]",
    drop=(
        "[type=RelatedNewsBox], [type=RelatedOneNews], [type=VideoStream], .readmore-body-box,"
        " .VCObjectBoxRelatedNewsItemSapo"
    ),
    captions="figcaption",
)

# The title is left to the generic path; the time is not (it reads only the day of "12/10/2026 09:15").
THANHNIEN = SiteRule(
    name="thanhnien",
    source_ids=("thanhnien",),
    domains=("thanhnien.vn",),
    byline="div.author-info a.name",
    byline_skip=_NOT_A_PERSON,
    published="div.detail-time > div",
    summary="h2.detail-sapo",
    body="div.detail-cmain",
    drop=".detail__related, .box-related, [type=RelatedNewsBox], [type=VideoStream]",
    captions="figcaption",
)
