"""pipeline.report.remarks: the drafted "Nhận xét, đánh giá" and "Đề xuất, kiến nghị" follow the figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pipeline.report.figures import Summary, summarise
from pipeline.report.period import parse_quarter
from pipeline.report.remarks import draft_assessment, draft_proposals
from pipeline.report.snapshot import Snapshot
from pipeline.taxonomy import Taxonomy
from tests.support.synthetic_reports import report_item

Q3 = parse_quarter("2026Q3")


_item = report_item


def _snapshot(items: list[dict[str, Any]], previous: list[dict[str, Any]]) -> Snapshot:
    return Snapshot(Q3, datetime(2026, 10, 2, tzinfo=UTC), items, [], summarise(previous))


def test_the_assessment_states_changes_tone_negative_topics_and_open_cases(taxonomy: Taxonomy) -> None:
    items = [
        _item(1, tone="negative", topics=["an-ninh-trat-tu"], needs_response=True, review_status="in-review"),
        _item(2, tone="negative", topics=["an-ninh-trat-tu"], needs_response=True, review_status="responded"),
        _item(3, tone="positive", scope="an-lao"),
        _item(4, tone="neutral", scope="other"),
    ]
    previous = [_item(n) for n in range(1, 3)]  # 2 about Hải Phòng, none about An Lão, none flagged
    text = draft_assessment(_snapshot(items, previous), taxonomy)
    assert (
        "có 4 tin, bài được thu thập; 3 tin, bài viết về thành phố Hải Phòng (+50\u00a0% so với kỳ trước)"
        in text
    )
    assert "1 tin, bài về An Lão (kỳ trước không có)" in text
    assert "tích cực 33\u00a0%, trung tính 0\u00a0%, tiêu cực 67\u00a0%" in text
    assert (
        "Thông tin tiêu cực tập trung ở các chủ đề: Quốc phòng, an ninh, trật tự" in text
        and "(2 tin, bài)" in text
    )
    assert "Có 2 tin, bài cần rà soát, phản hồi (kỳ trước không có); 1 vụ việc còn mở" in text


def test_the_proposals_ask_for_responses_only_while_cases_are_open(taxonomy: Taxonomy) -> None:
    still_open = [_item(1, tone="negative", topics=["an-ninh-trat-tu"], needs_response=True)]
    text = draft_proposals(_snapshot(still_open, []), taxonomy)
    assert "1 vụ việc còn mở (mục IV.2)" in text
    assert "lĩnh vực có nhiều thông tin tiêu cực: Quốc phòng, an ninh, trật tự" in text
    closed = [still_open[0] | {"review_status": "responded", "tone": "neutral"}]
    calm = draft_proposals(_snapshot(closed, []), taxonomy)
    assert "vụ việc còn mở" not in calm and "tiêu cực" not in calm
    assert calm.startswith("Tiếp tục theo dõi thông tin báo chí hằng tuần")


def test_an_empty_previous_period_reads_as_unchanged_not_as_a_division(taxonomy: Taxonomy) -> None:
    snap = replace(_snapshot([_item(1, scope="other")], []), previous=Summary())
    text = draft_assessment(snap, taxonomy)
    assert "0 tin, bài viết về thành phố Hải Phòng (không đổi so với kỳ trước)" in text
    assert "sắc thái" not in text  # no share of zero items
