"""The report's cases section on SQLite and PostgreSQL: which cases a period counts, the median hours from
first appearance to the first alert and to the response, and the outcomes per outlet, in the Markdown
and the DOCX."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.engine import Engine

from pipeline.clock import local_zone
from pipeline.records import ArticleRecord
from pipeline.report.content import ReportContent, build_content
from pipeline.report.period import parse_quarter
from pipeline.report.render.charts import render_charts
from pipeline.report.render.docx import render_docx
from pipeline.report.render.markdown import render_markdown
from pipeline.report.snapshot import Snapshot, build_snapshot
from pipeline.review import cases
from pipeline.review.accounts import add_user
from pipeline.review.auth import Identity
from pipeline.settings import AlertSettings, ReportSettings
from pipeline.storage import alerts as alert_store
from pipeline.storage import cases as case_store
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AlertDelivery
from pipeline.taxonomy import Taxonomy
from tests.support.builders import assessment, numbered_record

Q2 = parse_quarter("2026Q2")
LAN = Identity("lan", "analyst", datetime(2026, 5, 1, tzinfo=UTC))


def _at(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=local_zone())


def _record(i: int, source: str, published: datetime, **changes: str) -> ArticleRecord:
    base = numbered_record(i, published)
    return dataclasses.replace(base, source_id=source, published_at=published, **changes)  # type: ignore[arg-type]


def _alert_sent(engine: Engine, article_id: str, sent: datetime) -> None:
    """A flag alert about ``article_id`` queued and sent at ``sent``."""
    with transaction(engine) as session:
        alert_store.queue_flag_alerts(session, [(article_id, assessment(True))], sent, AlertSettings())
        ids = session.scalars(select(AlertDelivery.id).where(AlertDelivery.sent_at.is_(None))).all()
        alert_store.mark_sent(session, ids, sent)


def _case(engine: Engine, opened: datetime, ids: list[str], closed: datetime | None = None) -> int:
    with transaction(engine) as session:
        case = case_store.create(session, title=f"Vụ {ids[0][-2:]}", claim="Sai.", story_id=None, owner="lan",
                                 now=opened)  # fmt: skip
        case_store.link(session, case.id, ids, "lan", opened)
        if closed is not None:
            case_store.write_changes(session, case, {"status": "closed", "closed_at": closed}, "lan", closed)
        return case.id


@pytest.fixture
def db(backend_url: str) -> Iterator[Engine]:
    """Case 1 (baoa, baob; alerted 2 h after it appeared, answered the next day; baoa corrected, baob
    removed), case 2 (baoa; alerted after 4 h, no response), and two cases outside 2026Q2."""
    engine = make_engine(backend_url)
    upgrade(engine)
    with transaction(engine) as session:
        add_user(session, "lan", "analyst", "mat-khau-dai-du", actor="test")
        alert_store.subscribe(session, "lan", email="lan@example.org", actor="test")
        upsert_article(session, _record(1, "baoa", _at(5, 10, 8)))
        upsert_article(session, _record(2, "baob", _at(5, 10, 12)))
        upsert_article(session, _record(3, "baoa", _at(6, 1, 0)))
        upsert_article(session, _record(4, "baoc", _at(2, 1, 0)))
    first, second, third, old = (f"{i:032x}" for i in (1, 2, 3, 4))
    _alert_sent(engine, first, _at(5, 10, 10))
    _alert_sent(engine, third, _at(6, 1, 4))
    one = _case(engine, _at(5, 10, 9), [first, second])
    _case(engine, _at(6, 1, 1), [third])
    _case(engine, _at(2, 1, 1), [old], closed=_at(3, 1, 0))  # closed before the quarter
    _case(engine, _at(7, 5, 0), [old])  # opened after it
    with transaction(engine) as session:
        cases.update_case(
            session, one, 1, LAN, response_text="Thông tin sai.", response_date=date(2026, 5, 11)
        )
        upsert_article(session, _record(1, "baoa", _at(5, 10, 8), body="Đính chính: dự án đã chi trả đủ."))
        checked = datetime.now(UTC) + timedelta(seconds=1)
        case_store.record_checks(
            session,
            [
                {"case_id": one, "article_id": first, "checked_at": checked, "outcome": "edited"},
                {"case_id": one, "article_id": second, "checked_at": checked, "outcome": "removed"}
                | {"http_status": 410, "detail": "410"},
            ],
        )
    yield engine
    engine.dispose()


def _content(engine: Engine, taxonomy: Taxonomy) -> ReportContent:
    with transaction(engine) as session:
        snap = build_snapshot(session, Q2, _at(7, 2, 10))
    # Frozen and read back: the section renders from the snapshot alone.
    return build_content(Snapshot.from_json(snap.to_json()), taxonomy, ReportSettings())


def test_the_cases_section_counts_medians_and_outcomes(db: Engine, taxonomy: Taxonomy) -> None:
    content = _content(db, taxonomy)
    assert [c["title"] for c in content.snapshot.cases] == ["Vụ 01", "Vụ 03"]
    assert content.case_lines == [
        "Trong kỳ theo dõi 2 vụ việc thông tin sai lệch (mở trong kỳ hoặc còn theo dõi), 1 vụ việc đã có "
        "phản hồi chính thức.",
        "Thời gian trung vị từ khi thông tin xuất hiện đến khi có cảnh báo đầu tiên: 3,0 giờ (2 vụ việc có "
        "cảnh báo).",  # 2 h and 4 h
        "Thời gian trung vị từ khi thông tin xuất hiện đến khi có phản hồi chính thức: 16,0 giờ (1 vụ việc).",
    ]
    assert content.cases.rows == [
        ["Vụ 01", "Đã phản hồi", "10/05/2026", "2,0", "16,0", 2],
        ["Vụ 03", "Đang theo dõi", "01/06/2026", "4,0", "—", 1],
    ]
    # Outlet, cases, corrected, removed, updated without notice, unchanged, pending.
    assert content.case_outcomes.rows == [["baoa", 2, 1, 0, 0, 0, 1], ["baob", 1, 0, 1, 0, 0, 0]]

    markdown = render_markdown(content)
    assert "### 3. Vụ việc thông tin sai lệch được theo dõi" in markdown
    assert "| Vụ 01 | Đã phản hồi | 10/05/2026 | 2,0 | 16,0 | 2 |" in markdown
    assert "| baob | 1 | 0 | 1 | 0 | 0 | 0 |" in markdown

    doc = Document(io.BytesIO(render_docx(content, render_charts(content.snapshot, taxonomy))))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "4. Kết quả sau phản hồi theo cơ quan báo chí" in paragraphs
    assert content.case_lines[1] in paragraphs
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    case_table = next(t for t in tables if t[0][0] == "Vụ việc")
    assert case_table[1:] == [
        ["Vụ 01", "Đã phản hồi", "10/05/2026", "2,0", "16,0", "2"],
        ["Vụ 03", "Đang theo dõi", "01/06/2026", "4,0", "—", "1"],
    ]


def test_a_period_without_cases_says_so(tmp_path: object, taxonomy: Taxonomy) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/empty.db")
    upgrade(engine)
    with transaction(engine) as session:
        upsert_article(session, _record(1, "baoa", _at(5, 10, 8)))
    content = _content(engine, taxonomy)
    assert content.case_lines == ["Trong kỳ không có vụ việc thông tin sai lệch nào được theo dõi."]
    assert content.cases.rows == [] and content.case_outcomes.rows == []
    assert "### 4." not in render_markdown(content).split("## IV.")[1].split("## V.")[0]
    engine.dispose()
