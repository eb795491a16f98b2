"""The Báo cáo quý page run by Streamlit's AppTest on real SQLite files: preview, freeze, downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from pipeline.clock import utcnow
from pipeline.report.output import preview_snapshot
from pipeline.report.period import parse_quarter
from pipeline.review.auth import Identity
from pipeline.settings import DATA_DIR
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import ReportRow
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
    assert at.success[0].value == "Đã chốt số liệu Quý 2/2026."
    assert at.caption[0].value.startswith("Số liệu Quý 2/2026 đã được chốt lúc")
    with transaction(make_engine(synthetic_url)) as session:
        assert [r.period for r in session.scalars(select(ReportRow))] == ["2026Q2"]
