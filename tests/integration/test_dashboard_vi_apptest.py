"""The dashboard in Vietnamese (issue 16, points 8 and 10): every page but the models and report pages
scanned for English leftovers and for numbers and dates in English formats; quick periods; the audit log
in words; undated items counted on the overview and placed by fetch time in the queue; empty weeks kept."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard import texts
from dashboard.queries.overview import Overview, OverviewFilter, overview
from dashboard.queries.queue import QueueFilter, queue
from dashboard.ui.filters import period_start
from pipeline.clock import local_zone
from pipeline.review.accounts import set_role
from pipeline.review.auth import Identity
from pipeline.storage.engine import make_engine, transaction
from pipeline.text.vi_format import vi_datetime
from tests.support.case_history import case_with_history
from tests.support.dashboard import signed_in

PAGES = ("overview", "review_queue", "item", "search", "sources", "admin", "case_list")
ENGLISH = re.compile(
    r"\b(True|False|None|nan|NaN|NaT|Select|Choose|Past (Week|Month)|Yes|No|Loading|Error|Page)\b"
)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d])|(?<![\d.,])\d{1,3},\d{3}(?![\d])")
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def _shown_texts(at: AppTest) -> list[str]:
    """What a page says outside the article text: titles, captions, messages, labels, metrics."""
    parts = [
        str(e.value)
        for kind in ("title", "subheader", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("selectbox", "multiselect", "text_input", "checkbox", "button", "date_input"):
        parts += [str(w.label) for w in getattr(at, kind)]
    parts += [str(o) for box in at.selectbox for o in box.options]
    return parts


def _cells(at: AppTest) -> list[str]:
    out: list[str] = []
    for table in at.dataframe:
        frame: pd.DataFrame = table.value
        assert not [c for c in frame.columns if SNAKE.match(str(c))], frame.columns  # Vietnamese headings
        shown = frame.drop(columns=[c for c in frame.columns if c in (texts.COLUMNS["url"], "Liên kết")])
        out += [str(c) for c in shown.columns] + [str(v) for v in shown.to_numpy().ravel()]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_english_nor_english_formats_on_the_page(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, page: str
) -> None:
    at = signed_in(monkeypatch, demo_db, "boss").switch_page(f"app_pages/{page}.py").run(timeout=180)
    _assert_vietnamese(at, page)


def _assert_vietnamese(at: AppTest, page: str) -> None:
    assert not at.exception, at.exception
    for piece in [*_shown_texts(at), *_cells(at)]:
        assert not ENGLISH.search(piece), (page, piece)
        assert not ISO_DAY.search(piece), (page, piece)
    for piece in [*(f"{m.value}" for m in at.metric), *_cells(at)]:
        assert not ENGLISH_NUMBER.search(piece), (page, piece)


def test_no_english_on_a_case_with_a_history(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    """The case list and a case page (items, outcomes, an edit, a removal, the form) on the demo."""
    eng = make_engine(demo_db)
    with transaction(eng) as session:
        ids = list(session.scalars(text("SELECT id FROM articles ORDER BY published_at DESC LIMIT 3")))
    history = case_with_history(eng, ids, Identity("ana", "analyst", datetime.now(UTC)), "Tin đồn")
    at = signed_in(monkeypatch, demo_db, "boss").switch_page("app_pages/case_list.py").run()
    _assert_vietnamese(at, "case_list")
    at.session_state["case_id"] = str(history.case_id)
    at.switch_page("app_pages/case_page.py").run()
    assert len(at.dataframe) == 2 and at.date_input  # the items, the outcomes, the form
    _assert_vietnamese(at, "case_page")


def test_the_audit_log_reads_as_words_not_json(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    with transaction(make_engine(demo_db)) as session:
        set_role(session, "xem", "analyst", actor="boss")
    at = signed_in(monkeypatch, demo_db, "boss").switch_page("app_pages/admin.py").run()
    audit = at.dataframe[-1].value
    change = audit[audit[texts.AUDIT_COLUMNS["object_id"]] == "xem"].iloc[0]
    assert change[texts.AUDIT_COLUMNS["old"]] == "Vai trò: Xem"
    assert change[texts.AUDIT_COLUMNS["new"]] == "Vai trò: Chuyên viên"
    assert not any("{" in str(v) for v in audit.to_numpy().ravel())
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", str(change[texts.AUDIT_COLUMNS["at"]]))


@pytest.mark.parametrize("kind", ["week", "month", "quarter"])
def test_quick_periods_count_from_the_start_of_this_week_month_quarter(
    monkeypatch: pytest.MonkeyPatch, demo_db: str, kind: str
) -> None:
    today = datetime.now(local_zone()).date()
    start = datetime.combine(period_start(kind, today), datetime.min.time(), local_zone())
    with make_engine(demo_db).connect() as conn:
        published = [
            datetime.fromisoformat(str(p)).replace(tzinfo=UTC)
            for (p,) in conn.execute(text("SELECT published_at FROM articles WHERE published_at IS NOT NULL"))
        ]
    expected = sum(start <= p for p in published)
    at = signed_in(monkeypatch, demo_db, "ana")
    at.selectbox(key="ov_period_kind").select(kind).run()
    assert not at.exception, at.exception
    if expected == 0:
        assert at.info and at.info[-1].value == texts.NO_DATA
    else:
        assert at.metric[0].value == str(expected)


def test_period_starts() -> None:
    day = date(2026, 12, 3)  # a Thursday
    assert period_start("week", day) == date(2026, 11, 30)
    assert period_start("month", day) == date(2026, 12, 1)
    assert period_start("quarter", day) == date(2026, 10, 1)


def test_empty_weeks_stay_on_the_axis() -> None:
    weekly = pd.DataFrame(
        [("2026-09-07", "a", 3), ("2026-09-28", "b", 1), ("", "a", 2)], columns=["week", "source", "n"]
    )
    data = Overview(weekly, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), undated=2)
    assert data.weeks() == ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"]
    since = datetime(2026, 9, 1, tzinfo=local_zone())
    until = datetime(2026, 9, 15, tzinfo=local_zone())
    assert data.weeks(since, until) == ["2026-08-31", "2026-09-07", "2026-09-14"]


def _undate(db_url: str, title_like: str, fetched: datetime) -> str:
    with make_engine(db_url).begin() as conn:
        article_id = str(
            conn.execute(
                text("SELECT id FROM articles WHERE title LIKE :t"), {"t": f"%{title_like}%"}
            ).scalar_one()
        )
        conn.execute(
            text("UPDATE articles SET published_at = NULL, fetched_at = :f WHERE id = :i"),
            {"f": fetched.astimezone(UTC).replace(tzinfo=None), "i": article_id},
        )
    return article_id


def test_undated_items_are_counted_and_placed_by_fetch_time(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    fetched = datetime.now(UTC) - timedelta(hours=1)
    undated = _undate(demo_db, "Bão số 6", fetched)
    eng = make_engine(demo_db)
    assert overview(eng, OverviewFilter()).undated == 1
    assert overview(eng, OverviewFilter(since=datetime(2000, 1, 1, tzinfo=UTC))).undated == 1
    # Equal scores: the undated item, fetched an hour ago, comes before every item published earlier.
    with eng.begin() as conn:
        conn.execute(text("UPDATE assessments SET flag_score = 0.9 WHERE is_current AND needs_response"))
    frame, _ = queue(eng, QueueFilter())
    assert frame.iloc[0]["id"] == undated and frame.iloc[0]["published"] == ""

    at = signed_in(monkeypatch, demo_db, "ana")
    assert any(texts.OVERVIEW_UNDATED.format(n=1) == c.value for c in at.caption)
    at.switch_page("app_pages/review_queue.py").run()
    first = at.dataframe[0].value.iloc[0]
    assert first[texts.QUEUE_COLUMNS["published"]] == texts.UNDATED.format(fetched=vi_datetime(fetched))
