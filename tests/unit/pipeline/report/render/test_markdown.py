"""pipeline.report.render.markdown: the Markdown report has the numbered sections and the totals."""

from __future__ import annotations

from pipeline.report.content import ReportContent
from pipeline.report.render.markdown import render_markdown


def test_markdown_has_the_sections_and_the_totals(content: ReportContent) -> None:
    text = render_markdown(content)
    totals = content.snapshot.summary.totals
    assert f"| Tổng số tin thu thập | {totals['collected']} |" in text
    for heading in ("## I. ", "## II. ", "## III. ", "## IV. ", "## VII. PHỤ LỤC"):
        assert heading in text
    assert f"## V. NHẬN XÉT, ĐÁNH GIÁ\n\n{content.assessment[0]}\n" in text
    assert f"## VI. ĐỀ XUẤT, KIẾN NGHỊ\n\n{content.proposals[0]}\n" in text
    assert "*UBND xã An Lão — Phòng Văn hóa - Xã hội. Số:" in text and "**TRƯỞNG PHÒNG**" in text
