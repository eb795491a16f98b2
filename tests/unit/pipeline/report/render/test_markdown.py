"""pipeline.report.render.markdown: the Markdown report has the numbered sections and the totals."""

from __future__ import annotations

import copy

from markdown_it import MarkdownIt

from pipeline.report.content import ReportContent, build_content
from pipeline.report.render.markdown import render_markdown
from pipeline.settings import DATA_DIR, ReportSettings
from pipeline.taxonomy import load_taxonomy


def test_markdown_has_the_sections_and_the_totals(content: ReportContent) -> None:
    text = render_markdown(content)
    totals = content.snapshot.summary.totals
    assert f"| Tổng số tin thu thập | {totals['collected']} |" in text
    for heading in ("## I. ", "## II. ", "## III. ", "## IV. ", "## VII. PHỤ LỤC"):
        assert heading in text
    assert f"## V. NHẬN XÉT, ĐÁNH GIÁ\n\n{content.assessment[0]}\n" in text
    assert f"## VI. ĐỀ XUẤT, KIẾN NGHỊ\n\n{content.proposals[0]}\n" in text
    assert "*UBND xã An Lão — Phòng Văn hóa - Xã hội. Số:" in text and "**TRƯỞNG PHÒNG**" in text


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> [Xem](javascript:alert(3)) ![a](http://evil.example/t.png)'


def test_scraped_html_and_links_come_out_as_text(content: ReportContent) -> None:
    snap = copy.deepcopy(content.snapshot)
    for item in snap.items:
        item["title"] = HOSTILE
    text = render_markdown(build_content(snap, load_taxonomy(DATA_DIR / "taxonomy.yaml"), ReportSettings()))
    assert "&lt;script&gt;" in text and "<script>" not in text
    # Rendered as a viewer would, raw HTML allowed: the titles stay text, nothing runs or loads.
    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert (
        "<script" not in page and "<img" not in page and "javascript:" not in page.replace("(javascript:", "")
    )
    assert 'href="javascript' not in page and "<a " not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
