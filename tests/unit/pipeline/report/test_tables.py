"""pipeline.report.tables: dates in Vietnam time, and the totals table against the period before."""

from __future__ import annotations

from dataclasses import replace

from pipeline.report import texts as T
from pipeline.report.content import ReportContent
from pipeline.report.figures import TOTAL_KEYS, change
from pipeline.report.tables import flagged_table, totals_table, vn_date
from pipeline.taxonomy import Taxonomy


def test_dates_are_days_in_vietnam() -> None:
    assert vn_date("2026-08-14T09:30:00+07:00") == "14/08/2026"
    assert vn_date("2026-08-14T20:30:00+00:00") == "15/08/2026"
    assert vn_date("") == "—"


def test_totals_compare_each_figure_with_the_period_before(content: ReportContent) -> None:
    table = totals_table(content.snapshot)
    now, before = content.snapshot.summary.totals, content.snapshot.previous.totals
    assert table.key == "totals" and table.headers[:2] == [T.COL_ITEM, T.COL_NOW]
    assert table.rows == [
        [T.TOTAL_LABELS[k], now[k], before[k], change(now[k], before[k])] for k in TOTAL_KEYS
    ]
    assert (now["collected"], before["collected"]) == (300, 100)


def test_flagged_rows_keep_reason_names_apart_and_the_response_under_the_status(
    content: ReportContent, taxonomy: Taxonomy
) -> None:
    flagged = next(i for i in content.snapshot.items if i["needs_response"])
    answered = flagged | {
        "reasons": ["wrongdoing", "complaint"],
        "review_status": "responded",
        "response_note": "UBND xã đã trả lời.",
        "response_url": "https://anlao.example/tra-loi.html",
    }
    table = flagged_table(replace(content.snapshot, items=[answered]), taxonomy)
    assert table.headers[-2:] == ["Lý do", "Trạng thái, phản hồi chính thức"]
    reason, status = table.rows[0][-2:]
    # The names hold commas themselves, so they are separated by semicolons.
    assert reason == "Sai phạm, tiêu cực; Phản ánh, khiếu nại"
    assert status == "Đã phản hồi\nUBND xã đã trả lời.\nhttps://anlao.example/tra-loi.html"
