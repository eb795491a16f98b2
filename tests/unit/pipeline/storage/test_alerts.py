"""The alert tables on SQLite and PostgreSQL: who is told of what, once; when; and the outbox's claims."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.errors import PressmonError
from pipeline.records import Assessment
from pipeline.review.accounts import add_user
from pipeline.settings import AlertSettings
from pipeline.storage import alerts as store
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AlertDelivery, AlertRow, Article
from tests.support.builders import assessment, numbered_record, stored_article

# 10:00 in Hải Phòng; the articles were stored at the real "now", within any max_age of this.
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
SETTINGS = AlertSettings()
HOLD = timedelta(minutes=5)


@pytest.fixture
def db(backend_url: str) -> Iterator[Engine]:
    engine = make_engine(backend_url)
    upgrade(engine)
    with transaction(engine) as session:
        for name in ("lan", "minh"):
            add_user(session, name, "analyst", "mat-khau-dai-du", actor="test")
    with Session(engine) as session:
        for i in range(3):
            stored_article(session, numbered_record(i, NOW))
    yield engine
    engine.dispose()


def _subscribe(engine: Engine, name: str, **options: object) -> None:
    with transaction(engine) as session:
        store.subscribe(session, name, email=f"{name}@example.org", actor="test", **options)  # type: ignore[arg-type]


def _flag(engine: Engine, flagged: list[tuple[str, Assessment]], now: datetime = NOW) -> int:
    with transaction(engine) as session:
        return store.queue_flag_alerts(session, flagged, now, SETTINGS)


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def test_a_flag_alerts_each_matching_subscriber_once(db: Engine) -> None:
    _subscribe(db, "lan")
    _subscribe(db, "minh", scopes=["hai-phong"])  # the items are about An Lão: not for Minh
    item = f"{0:032x}"
    assert _flag(db, [(item, assessment(True))]) == 1
    assert _flag(db, [(item, assessment(True))]) == 0  # a second run tells nobody again
    with db.connect() as conn:
        rows = conn.execute(select(AlertRow.username, AlertRow.event_key, AlertRow.payload)).all()
    assert [(r.username, r.event_key) for r in rows] == [("lan", f"flagged:{item}")]
    assert rows[0].payload["title"].startswith("Người dân xã An Hưng")
    assert rows[0].payload["reasons"] == ["complaint"]
    assert _count(db, AlertDelivery) == 1


def test_min_score_topics_and_unflagged_items_filter(db: Engine) -> None:
    _subscribe(db, "lan", min_score=0.95)
    _subscribe(db, "minh", topics=["kinh-te"])
    items = [(f"{0:032x}", assessment(True)), (f"{1:032x}", assessment(False))]
    assert _flag(db, items) == 0


def test_an_item_stored_long_ago_raises_no_alert(db: Engine) -> None:
    _subscribe(db, "lan")
    old = f"{2:032x}"
    with transaction(db) as session:
        session.execute(update(Article).where(Article.id == old).values(created_at=NOW - timedelta(days=30)))
    assert _flag(db, [(old, assessment(True))]) == 0


def test_quiet_hours_and_digests_set_when_a_delivery_is_due(db: Engine) -> None:
    _subscribe(db, "lan", quiet="09:00-11:30")  # NOW is 10:00 local
    _subscribe(db, "minh", digest=True)
    _flag(db, [(f"{0:032x}", assessment(True))])
    with db.connect() as conn:
        due = dict(
            conn.execute(
                select(AlertRow.username, AlertDelivery.due_at).join(
                    AlertRow, AlertRow.id == AlertDelivery.alert_id
                )
            ).all()
        )
    assert due["lan"] == datetime(2026, 12, 3, 4, 30, tzinfo=UTC)  # 11:30 in Hải Phòng
    assert due["minh"] == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)  # tomorrow's 07:00 digest


def test_a_claimed_delivery_is_not_taken_twice_until_its_claim_expires(db: Engine) -> None:
    _subscribe(db, "lan")
    _flag(db, [(f"{0:032x}", assessment(True))])
    with transaction(db) as session:
        first = store.claim_due(session, NOW, HOLD)
    with transaction(db) as session:
        assert store.claim_due(session, NOW + timedelta(minutes=1), HOLD) == []
    with transaction(db) as session:  # the first sender died: its claim lapses
        again = store.claim_due(session, NOW + timedelta(minutes=6), HOLD)
    assert [d.delivery_id for d in again] == [d.delivery_id for d in first]
    assert again[0].address == "lan@example.org" and again[0].kind == "flagged"
    with transaction(db) as session:
        store.mark_sent(session, [again[0].delivery_id], NOW)
    with transaction(db) as session:
        assert store.claim_due(session, NOW + timedelta(hours=1), HOLD) == []


def test_failures_back_off_then_give_up(db: Engine) -> None:
    settings = AlertSettings(max_attempts=2, retry_seconds=60)
    _subscribe(db, "lan")
    _flag(db, [(f"{0:032x}", assessment(True))])
    with transaction(db) as session:
        (due,) = store.claim_due(session, NOW, HOLD)
        store.mark_failed(session, [due.delivery_id], "connection refused", NOW, settings)
    with transaction(db) as session:
        assert store.claim_due(session, NOW + timedelta(seconds=30), HOLD) == []
        (retry,) = store.claim_due(session, NOW + timedelta(seconds=61), HOLD)
        store.mark_failed(session, [retry.delivery_id], "connection refused", NOW, settings)
    with transaction(db) as session:
        assert store.claim_due(session, NOW + timedelta(days=1), HOLD) == []
        assert store.delivery_counts(session)["lan"] == store.Counts(pending=0, sent=0, failed=1)


def test_overdue_reviews_alert_once_per_deadline(db: Engine) -> None:
    from pipeline.storage.assessments import save_assessments
    from pipeline.storage.schema import Review

    _subscribe(db, "lan")
    item = f"{1:032x}"
    with transaction(db) as session:
        digest = session.scalar(select(Article.text_hash).where(Article.id == item))
        save_assessments(session, [(item, str(digest), assessment(True))])
        session.execute(
            update(Review).where(Review.article_id == item).values(deadline=NOW - timedelta(hours=1))
        )
    with transaction(db) as session:
        assert store.queue_deadline_alerts(session, NOW, SETTINGS) == 1
        assert store.queue_deadline_alerts(session, NOW, SETTINGS) == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"email": "not-an-address"}, "not an e-mail address"),
        ({"email": "", "webhook_url": ""}, "needs an e-mail address or a webhook"),
        ({"webhook_url": "file:///etc/passwd"}, "http:// or https://"),
        ({"scopes": ["incidental"]}, "Unknown scope"),
        ({"min_score": 1.5}, "between 0 and 1"),
        ({"quiet": "22h-6h"}, "22:00-06:00"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_reason(
    db: Engine, options: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"email": "lan@example.org"} | options
    with pytest.raises(PressmonError, match=message), transaction(db) as session:
        store.subscribe(session, "lan", actor="test", **values)  # type: ignore[arg-type]


def test_only_existing_accounts_subscribe(db: Engine) -> None:
    with pytest.raises(PressmonError, match="no dashboard account"), transaction(db) as session:
        store.subscribe(session, "khach", email="khach@example.org", actor="test")
