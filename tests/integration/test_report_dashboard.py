"""The Báo cáo quý page run by Streamlit's AppTest on real SQLite files: preview, freeze, downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from dashboard.ui.highlight import escape_markdown
from pipeline.clock import utcnow
from pipeline.report.output import make_report, preview_snapshot
from pipeline.report.period import parse_quarter
from pipeline.review.auth import Identity
from pipeline.settings import DATA_DIR
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AuditLog, ReportRow
from pipeline.taxonomy import load_taxonomy
from tests.support.paths import PROJECT_ROOT
from tests.support.synthetic_reports import synthetic_database

PAGE = str(PROJECT_ROOT / "dashboard" / "app_pages" / "report.py")
Q2 = parse_quarter("2026Q2")


def _page(monkeypatch: pytest.MonkeyPatch, db_url: str, role: str | None = None) -> AppTest:
    monkeypatch.setenv("PRESSMON_DATABASE_URL", db_url)
    at = AppTest.from_file(PAGE, default_timeout=120)
    if role:
        at.session_state["identity"] = Identity("lan", role, utcnow())
    return at.run()


def _choose_q2(at: AppTest) -> None:
    at.selectbox(key="year").select(2026).run()
    at.selectbox(key="quarter").select(2).run()


@pytest.fixture
def synthetic_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    synthetic_database(url, {Q2: 200, Q2.previous(): 50}, DATA_DIR / "sources.yaml").dispose()
    return url


def test_without_a_database_the_page_says_what_to_do(monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    at = _page(monkeypatch, db_url)
    assert not at.exception
    assert "pressmon init" in at.warning[0].value


def test_a_quarter_without_items_says_so_and_still_offers_the_files(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    upgrade(make_engine(db_url))
    at = _page(monkeypatch, db_url)
    at.selectbox(key="year").select(2026).run()
    at.selectbox(key="quarter").select(1).run()
    assert not at.exception
    assert at.info[0].value == "Không có tin, bài nào được thu thập trong kỳ này."
    assert len(at.get("download_button")) == 5


def test_preview_shows_the_quarter_figures_and_every_download(
    monkeypatch: pytest.MonkeyPatch, synthetic_url: str
) -> None:
    at = _page(monkeypatch, synthetic_url, role="viewer")
    _choose_q2(at)
    assert not at.exception
    snap, _ = preview_snapshot(make_engine(synthetic_url), Q2, utcnow())
    assert [int(m.value) for m in at.metric] == [
        snap.summary.totals[k] for k in ("collected", "hai_phong", "an_lao", "flagged")
    ]
    assert at.caption[0].value.startswith("Bản xem trước")
    assert not at.button  # a viewer cannot freeze
    names = [b.proto.label for b in at.get("download_button")]
    assert names[0].startswith("Tải báo cáo Word") and len(names) == 5
    totals = at.dataframe[0].value
    assert int(totals.iloc[0]["Kỳ này"]) == snap.summary.totals["collected"]


def test_an_analyst_freezes_the_quarter(monkeypatch: pytest.MonkeyPatch, synthetic_url: str) -> None:
    at = _page(monkeypatch, synthetic_url, role="analyst")
    _choose_q2(at)
    at.button(key="freeze").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã chốt số liệu quý II năm 2026."
    assert at.caption[0].value.startswith("Số liệu quý II năm 2026 đã được chốt lúc")
    with transaction(make_engine(synthetic_url)) as session:
        assert [r.period for r in session.scalars(select(ReportRow))] == ["2026Q2"]


def test_the_page_opens_on_the_latest_quarter_with_items(
    monkeypatch: pytest.MonkeyPatch, synthetic_url: str
) -> None:
    at = _page(monkeypatch, synthetic_url, role="viewer")  # today's quarter (2026Q4 or later) is empty
    assert not at.exception
    assert (at.selectbox(key="year").value, at.selectbox(key="quarter").value) == (2026, 2)
    assert not at.info  # not "Không có tin, bài nào…"
    assert int(at.metric[0].value) > 0


def test_more_items_needing_review_show_as_bad_news(
    monkeypatch: pytest.MonkeyPatch, synthetic_url: str
) -> None:
    at = _page(monkeypatch, synthetic_url, role="viewer")
    _choose_q2(at)
    snap, _ = preview_snapshot(make_engine(synthetic_url), Q2, utcnow())
    flagged = next(m for m in at.metric if m.label == "Cần rà soát")
    rise = snap.summary.totals["flagged"] - snap.previous.totals["flagged"]
    assert rise > 0 and flagged.proto.delta == str(rise)
    # An increase is drawn red (inverse colours), the other counts' increases green.
    assert MetricProto.MetricColor.Name(flagged.proto.color) == "RED"
    collected = next(m for m in at.metric if m.label == "Thu thập")
    assert MetricProto.MetricColor.Name(collected.proto.color) == "GREEN"


def test_only_an_administrator_sees_the_issuing_body_settings(
    monkeypatch: pytest.MonkeyPatch, synthetic_url: str
) -> None:
    monkeypatch.setenv("PRESSMON_REPORT__UNIT", "UBND phường Hồng Bàng")
    admin = _page(monkeypatch, synthetic_url, role="admin")
    assert [e.label for e in admin.expander] == ["Thông tin đơn vị ban hành (chỉ xem)"]
    frame = admin.dataframe[0].value  # the first table of the page, inside that expander
    values = dict(zip(frame["Mục"], frame["Giá trị"], strict=True))
    assert values["Đơn vị"] == "UBND phường Hồng Bàng" and values["Số, ký hiệu"].startswith("Số:")
    assert not admin.get("text_input")  # shown, not editable
    analyst = _page(monkeypatch, synthetic_url, role="analyst")
    assert not analyst.expander


def test_an_analyst_edits_the_sections_and_highlights_before_freezing(
    monkeypatch: pytest.MonkeyPatch, synthetic_url: str, tmp_path: Path
) -> None:
    at = _page(monkeypatch, synthetic_url, role="analyst")
    _choose_q2(at)
    drafted = at.text_area(key="assessment-2026Q2").value
    assert drafted is not None and drafted.startswith("Trong kỳ, có ")  # drafted from the figures
    pin = at.multiselect(key="pin-2026Q2")
    last = pin.options[-1]  # the candidate with the least reach
    pin.select(last)
    at.multiselect(key="drop-2026Q2").select(at.multiselect(key="drop-2026Q2").options[0])
    at.text_area(key="proposals-2026Q2").input("Đề nghị UBND xã chỉ đạo trả lời báo chí trong tuần.")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert at.success[0].value == "Đã lưu bản biên tập báo cáo quý II năm 2026."
    shown = escape_markdown("Đề nghị UBND xã chỉ đạo trả lời báo chí trong tuần.")  # as typed, inert
    assert shown in [m.value for m in at.markdown]
    at.button(key="freeze").click().run()
    assert not at.exception
    engine = make_engine(synthetic_url)
    snap, frozen = preview_snapshot(engine, Q2, utcnow())
    assert frozen and snap.editorial.proposals == "Đề nghị UBND xã chỉ đạo trả lời báo chí trong tuần."
    assert snap.editorial.assessment is None  # left as drafted: follows the figures
    assert len(snap.editorial.pinned) == 1 and len(snap.editorial.dropped) == 1
    # What the documents carry is the edited text, the pinned story first among the highlights.
    md = tmp_path / "q2.md"
    make_report(engine, load_taxonomy(DATA_DIR / "taxonomy.yaml"), Q2, "md", md, utcnow())
    text = md.read_text(encoding="utf-8")
    assert "## VI. ĐỀ XUẤT, KIẾN NGHỊ\n\nĐề nghị UBND xã chỉ đạo trả lời báo chí trong tuần.\n" in text
    pinned_title = next(
        i["title"] for i in snap.items if (i["story_id"] or i["id"]) == snap.editorial.pinned[0]
    )
    assert pinned_title in text
    with transaction(engine) as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.object_type == "report")).one()
        assert (entry.actor, entry.action) == ("lan", "edit-draft")
