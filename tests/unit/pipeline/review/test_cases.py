"""Cases on SQLite and PostgreSQL: opening from an item links its story, optimistic locking and the
workflow's refusals, automatic links, and the timeline and outcomes read from rechecks and revisions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.records import ArticleRecord
from pipeline.review import cases
from pipeline.review.accounts import add_user
from pipeline.review.auth import Identity
from pipeline.storage import cases as storage
from pipeline.storage.articles import set_story_ids, upsert_article
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AuditLog, Case
from tests.support.builders import numbered_record

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
LAN = Identity("lan", "analyst", NOW)
MINH = Identity("minh", "analyst", NOW)
VIEWER = Identity("xem", "viewer", NOW)
OUTLETS = ("tinnhanh", "baomoi", "dantri", "khac")


def _id(i: int) -> str:
    return f"{i:032x}"


def _record(i: int, **changes: str) -> ArticleRecord:
    return dataclasses.replace(numbered_record(i, NOW), source_id=OUTLETS[i], **changes)  # type: ignore[arg-type]


@pytest.fixture
def db(backend_url: str) -> Iterator[Engine]:
    engine = make_engine(backend_url)
    upgrade(engine)
    with transaction(engine) as session:
        for name, role in (("lan", "analyst"), ("minh", "analyst"), ("xem", "viewer")):
            add_user(session, name, role, "mat-khau-dai-du", actor="test")
        for i in range(4):
            upsert_article(session, _record(i))
        session.flush()
        set_story_ids(session, {_id(0): "s1", _id(1): "s1", _id(3): "s2"})
    yield engine
    engine.dispose()


def _open(engine: Engine, who: Identity = LAN, article: int = 0) -> int:
    with transaction(engine) as session:
        return cases.open_case(session, who, article_id=_id(article), title="Tin đồn", claim="Sai sự thật.")


def test_opening_links_the_story_and_is_audited(db: Engine) -> None:
    case_id = _open(db)
    with Session(db) as session:
        state = cases.get_case(session, case_id)
        assert state is not None
        assert (state.status, state.owner, state.story_id, state.items, state.version) == (
            "open", "lan", "s1", 2, 1
        )  # fmt: skip
        items = cases.case_items(session, case_id)
        assert [i.article_id for i in items] == [_id(1), _id(0)]  # item i was published i hours ago
        assert {i.added_by for i in items} == {"lan"} and {i.state for i in items} == {"live"}
        assert [c.id for c in cases.cases_of_article(session, _id(1))] == [case_id]
        assert cases.cases_of_article(session, _id(2)) == []
        actions = session.scalars(select(AuditLog.action).where(AuditLog.object_type == "case")).all()
        assert sorted(actions) == ["linked", "linked", "opened"]


def test_refusals_are_clear_and_write_nothing(db: Engine) -> None:
    with pytest.raises(cases.CaseError, match="Vai trò"):
        _open(db, VIEWER)
    with transaction(db) as session, pytest.raises(cases.CaseError, match="tiêu đề"):
        cases.open_case(session, LAN, article_id=_id(0), title="  ", claim="x")
    with transaction(db) as session, pytest.raises(cases.CaseError, match="Không có bài"):
        cases.open_case(session, LAN, article_id="f" * 32, title="t", claim="x")
    with Session(db) as session:
        assert cases.list_cases(session) == []
    case_id = _open(db)
    bad: list[dict[str, Any]] = [
        {"status": "lost"},
        {"owner": "nobody"},
        {"response_url": "ftp://x"},
        {"response_date": NOW},
        {"status": "responded"},  # no response given yet
        {"opened_by": "minh"},
    ]
    for change in bad:
        with transaction(db) as session, pytest.raises(cases.CaseError):
            cases.update_case(session, case_id, 1, LAN, **change)
    with Session(db) as session:
        assert session.get(Case, case_id).version == 1  # type: ignore[union-attr]


def test_a_stale_version_is_refused(db: Engine) -> None:
    case_id = _open(db)
    with transaction(db) as session:
        assert cases.update_case(session, case_id, 1, LAN, owner="minh").version == 2
    with transaction(db) as session, pytest.raises(cases.StaleCase) as stale:
        cases.update_case(session, case_id, 1, MINH, title="Khác")
    assert stale.value.current is not None and stale.value.current.owner == "minh"


def test_a_response_moves_the_case_to_responded_and_closing_stamps(db: Engine) -> None:
    case_id = _open(db)
    with transaction(db) as session:
        state = cases.update_case(session, case_id, 1, LAN, response_text="Thông tin sai.")
    assert state.status == "responded" and state.response_date is not None
    with transaction(db) as session:
        state = cases.update_case(session, case_id, state.version, LAN, status="closed")
    assert state.closed_at is not None and state.status == "closed"
    with transaction(db) as session:
        state = cases.update_case(session, case_id, state.version, LAN, status="open")
    assert state.closed_at is None
    with Session(db) as session:
        assert [c.id for c in cases.list_cases(session, "open")] == [case_id]
        assert cases.list_cases(session, "closed") == []
        updates = session.scalars(
            select(AuditLog).where(AuditLog.object_type == "case", AuditLog.action == "updated")
        ).all()
        assert updates[0].new["status"] == "responded" and updates[0].old["status"] == "open"


def test_new_story_items_join_followed_cases_only(db: Engine) -> None:
    case_id = _open(db)
    closed = _open(db, article=3)
    with transaction(db) as session:
        cases.update_case(session, closed, 1, LAN, response_url="https://anlao.gov.vn/a", status="closed")
    with transaction(db) as session:
        set_story_ids(session, {_id(2): "s1"})
        upsert_article(session, _record(4 % 4, id=_id(9), url="https://x.example/9", canonical_url="x9"))
        session.flush()
        set_story_ids(session, {_id(9): "s2"})
        assert storage.link_story_items(session, [_id(2), _id(9)], utcnow()) == 1
        assert storage.link_story_items(session, [_id(2)], utcnow()) == 0  # already linked
    with transaction(db) as session:
        # Grouping merged the case's story into another (its items now carry "s0"): still followed.
        set_story_ids(session, {_id(0): "s0", _id(1): "s0", _id(2): "s0"})
        upsert_article(session, _record(3, id=_id(8), url="https://x.example/8", canonical_url="x8"))
        session.flush()
        set_story_ids(session, {_id(8): "s0"})
        assert storage.link_story_items(session, [_id(8)], utcnow()) == 1
    with Session(db) as session:
        added = {i.article_id: i.added_by for i in cases.case_items(session, case_id)}
        assert added[_id(2)] == "auto" and added[_id(8)] == "auto"
        assert _id(9) not in {i.article_id for i in cases.case_items(session, closed)}
    with transaction(db) as session:
        assert cases.remove_item(session, case_id, _id(2), LAN)
        assert not cases.remove_item(session, case_id, _id(2), LAN)
        assert cases.add_item(session, case_id, _id(2), LAN)
        assert not cases.add_item(session, case_id, _id(2), LAN)


def test_timeline_and_outcomes_follow_rechecks_and_revisions(db: Engine) -> None:
    with transaction(db) as session:
        set_story_ids(session, {_id(2): "s1"})
    case_id = _open(db)  # items 0, 1, 2 of three outlets
    with Session(db) as session:
        assert {o.outcome for o in cases.outcomes(session, case_id)} == {"pending"}
    with transaction(db) as session:
        state = cases.update_case(
            session, case_id, 1, LAN, response_text="Sai.", response_url="https://x.vn/p"
        )
    assert state.status == "responded"
    later = utcnow() + timedelta(seconds=1)
    with transaction(db) as session:
        # Outlet 0 corrects, outlet 1 edits without a notice, outlet 2 is removed.
        upsert_article(session, _record(0, body="Đính chính: thông tin trước đây chưa đúng."))
        upsert_article(session, _record(1, body="Nội dung được cập nhật."))
        storage.record_checks(
            session,
            [
                {"case_id": case_id, "article_id": _id(0), "checked_at": later, "outcome": "edited"}
                | {"revision": 2, "http_status": 200},
                {"case_id": case_id, "article_id": _id(1), "checked_at": later, "outcome": "edited"}
                | {"revision": 2, "http_status": 200},
                {"case_id": case_id, "article_id": _id(2), "checked_at": later, "outcome": "removed"}
                | {"http_status": 410, "detail": "410"},
                {"case_id": case_id, "article_id": _id(2), "checked_at": later, "outcome": "failed"},
            ],
        )
    with Session(db) as session:
        found = {o.outlet: o.outcome for o in cases.outcomes(session, case_id)}
        assert found == {"tinnhanh": "corrected", "baomoi": "updated", "dantri": "removed"}
        items = {i.article_id: i for i in cases.case_items(session, case_id)}
        assert items[_id(2)].state == "removed" and items[_id(0)].state == "edited"
        assert items[_id(0)].revision == 2 and items[_id(0)].last_checked_at is not None
        events = cases.timeline(session, case_id)
        kinds = [e.kind for e in events]
        assert kinds[:3] == ["first", "published", "published"]
        assert kinds.count("edited") == 2 and kinds.count("removed") == 1 and kinds.count("response") == 1
        assert events[0].article_id == _id(2)  # published two hours ago, the earliest
        edit = next(e for e in events if e.kind == "edited" and e.article_id == _id(0))
        assert (edit.revision_from, edit.revision_to) == (1, 2)
        before, after = cases.revision_texts(session, _id(0), 2)
        assert before.endswith("Các hộ dân gửi đơn khiếu nại lên xã.") and after.endswith("chưa đúng.")
        assert cases.revision_texts(session, _id(0), 1)[0] == ""
        with pytest.raises(cases.CaseError):
            cases.revision_texts(session, _id(0), 3)
