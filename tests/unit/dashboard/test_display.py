"""dashboard.queries.display: tables and values as the dashboard shows and downloads them."""

from __future__ import annotations

import pandas as pd

from dashboard import texts
from dashboard.queries.display import audit_text, names_of, published_label, search_table
from pipeline.taxonomy import Taxonomy


def test_an_undated_item_says_so_and_when_it_was_fetched() -> None:
    assert published_label("2026-12-03T07:30:00+00:00", "") == "03/12/2026 14:30"
    assert published_label("", "2026-12-03T07:30:00+00:00") == texts.UNDATED.format(
        fetched="03/12/2026 14:30"
    )
    assert published_label("", "") == texts.UNDATED_NO_FETCH


def test_names_are_joined_with_semicolons_as_names_hold_commas() -> None:
    names = {"a": "Kinh tế, đầu tư", "b": "Biển, đảo"}
    assert names_of(["a", "b"], names) == "Kinh tế, đầu tư; Biển, đảo"
    assert names_of("a, b", names) == "Kinh tế, đầu tư; Biển, đảo"


def test_audit_values_read_as_fields_and_words(taxonomy: Taxonomy) -> None:
    old = {"status": "new", "assignee": "", "deadline": None, "priority": 2}
    new = {"status": "in-review", "assignee": "ana", "deadline": "2026-12-05T10:00:00+00:00", "priority": 1}
    assert audit_text(old, taxonomy) == "Trạng thái: Mới; Người xử lý: —; Hạn xử lý: —; Ưu tiên: Bình thường"
    assert audit_text(new, taxonomy) == (
        "Trạng thái: Đang rà soát; Người xử lý: ana; Hạn xử lý: 05/12/2026 17:00; Ưu tiên: Cao"
    )
    assert (
        audit_text({"admin_enabled": None, "enabled": True})
        == "Quản trị viên đặt: Theo tệp đăng ký; Đang theo dõi: Có"
    )


def test_a_case_change_reads_as_words_too(taxonomy: Taxonomy) -> None:
    change = {"status": "closed", "owner": "binh", "response_date": "2026-12-04", "closed_at": None}
    assert audit_text(change, taxonomy) == (
        "Trạng thái: Đã đóng; Người phụ trách: binh; Ngày phản hồi: 04/12/2026; Đóng lúc: —"
    )
    assert audit_text({"status": "open"}) == "Trạng thái: Đang xử lý"


def test_search_downloads_hold_vietnamese_headings_names_and_formats(taxonomy: Taxonomy) -> None:
    frame = pd.DataFrame(
        [["2026-12-03T07:30:00+00:00", "cangxanh", "Tin", "hai-phong", "kinh-te-dau-tu, bien-dao", "positive",
          True, 0.8312, "new", "https://x.example/a", "id1"]],
        columns=list(texts.COLUMNS),
    )  # fmt: skip
    shown = search_table(frame, taxonomy, {"cangxanh": "Cảng Xanh"})
    assert list(shown.columns) == list(texts.COLUMNS.values())
    row = shown.iloc[0]
    assert row[texts.COLUMNS["published"]] == "03/12/2026 14:30"
    assert row[texts.COLUMNS["source"]] == "Cảng Xanh"
    assert row[texts.COLUMNS["needs_response"]] == "Có" and row[texts.COLUMNS["flag_score"]] == "0,83"
    assert row[texts.COLUMNS["scope"]] == taxonomy.scopes["hai-phong"]
    assert row[texts.COLUMNS["topics"]] == "; ".join(
        taxonomy.topics[t] for t in ("kinh-te-dau-tu", "bien-dao")
    )


def test_the_pages_own_clock_is_shown_when_its_offset_is_not_the_offices() -> None:
    # 22:30 on 30 September at -05:00 is 10:30 on 1 October in Vietnam.
    shown = published_label("2026-10-01T10:30:00+07:00", "", "2026-09-30T22:30:00-05:00")
    assert shown == "01/10/2026 10:30" + texts.PAGE_TIME.format(page="30/09/2026 22:30 (UTC-05:00)")
    assert "giờ theo trang: 30/09/2026 22:30 (UTC-05:00)" in shown
    # A page on Vietnam time, or one whose offset is unknown, needs no second clock.
    assert published_label("2026-10-01T10:30:00+07:00", "", "2026-10-01T10:30:00+07:00") == "01/10/2026 10:30"
    assert published_label("2026-10-01T10:30:00+07:00", "", "") == "01/10/2026 10:30"
