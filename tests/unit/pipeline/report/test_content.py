"""pipeline.report.content: the report's texts and tables from one snapshot, whatever the format."""

from __future__ import annotations

from dataclasses import replace

from pipeline.report import texts as T
from pipeline.report.content import ReportContent, build_content, empty_reason
from pipeline.report.period import parse_quarter
from pipeline.settings import ReportSettings
from pipeline.taxonomy import Taxonomy


def test_content_names_the_period_its_sources_and_the_models(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    assert content.title == f"{T.SUBJECT} quý II năm 2026"
    assert content.empty is None
    first, sources = content.period_lines  # frozen after the quarter ended: no "in progress" line
    assert first == "Kỳ báo cáo: quý II năm 2026, từ ngày 01/04/2026 đến ngày 30/06/2026."
    followed = len([s for s in content.snapshot.sources if s["enabled"]])
    assert sources.startswith(
        f"Nguồn tin: 22 cơ quan báo chí, cổng thông tin có tin, bài trong kỳ, trên {22}"
    )
    # Only outlets that carried items count as carrying; silent registry outlets count as followed.
    one = [i for i in content.snapshot.items if i["source"] == "vnexpress"]
    lines = build_content(replace(content.snapshot, items=one), taxonomy, ReportSettings()).period_lines
    assert lines[-1].startswith(
        f"Nguồn tin: 1 cơ quan báo chí, cổng thông tin có tin, bài trong kỳ, trên {followed}"
    )
    assert any("synthetic-1 (300 tin, bài)" in line for line in content.method)


def test_all_tables_come_in_document_order(content: ReportContent) -> None:
    tables = content.all_tables()
    assert tables == [
        *content.figures,
        *content.positive,
        content.flagged,
        content.still_open,
        content.cases,
        content.case_outcomes,
        content.sources,
    ]
    assert [t.key for t in tables[:1]] == ["totals"] and tables[-1].key == "source_list"


def test_an_empty_report_says_whether_its_period_has_begun(content: ReportContent) -> None:
    snap = content.snapshot
    assert empty_reason(snap) is None
    assert empty_reason(replace(snap, items=[])) == T.EMPTY_NO_DATA
    assert empty_reason(replace(snap, items=[], period=parse_quarter("2031Q1"))) == T.EMPTY_FUTURE
