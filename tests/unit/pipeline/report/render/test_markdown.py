"""pipeline.report.render.markdown: the Markdown report has the numbered sections and the totals."""

from __future__ import annotations

from pipeline.report.content import ReportContent
from pipeline.report.render.markdown import render_markdown


def test_markdown_has_the_sections_and_the_totals(content: ReportContent) -> None:
    text = render_markdown(content)
    totals = content.snapshot.summary.totals
    assert f"| Tổng số tin thu thập | {totals['collected']} |" in text
    for heading in ("## I. ", "## II. ", "## III. ", "## IV. ", "## V. "):
        assert heading in text
