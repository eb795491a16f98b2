"""The Cảnh báo page under AppTest: a user's unread alerts (the badge in the navigation, each opening its
item, marked read) and their own subscription form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from dashboard import texts
from dashboard.queries.alerts import unread_count
from pipeline.review.accounts import add_user
from pipeline.settings import AlertSettings
from pipeline.storage import alerts as store
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.migrate import upgrade
from pipeline.storage.schema import AlertSubscription, AuditLog
from tests.support.builders import assessment, numbered_record, stored_article
from tests.support.dashboard import PASSWORD, signed_in

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)


def _button(at: AppTest, label: str) -> Button:
    return next(b for b in at.button if b.label == label)


def _with_an_alert(db_url: str) -> str:
    """A database where analyst ana subscribed and was alerted of one flagged item; its id."""
    eng = make_engine(db_url)
    upgrade(eng)
    with transaction(eng) as session:
        add_user(session, "ana", "analyst", PASSWORD, actor="test")
        store.subscribe(session, "ana", email="ana@example.org", actor="test")
    with Session(eng) as session:
        article = stored_article(session, numbered_record(0, NOW))
    with transaction(eng) as session:
        store.queue_flag_alerts(session, [(article.id, assessment(True))], NOW, AlertSettings())
    eng.dispose()
    return article.id


def test_unread_alerts_are_listed_linked_and_marked_read(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    article_id = _with_an_alert(db_url)
    at = signed_in(monkeypatch, db_url, "ana").switch_page("app_pages/alerts.py").run()
    assert not at.exception, at.exception
    lines = [m.value for m in at.markdown]
    assert any(
        line.startswith(f"**{texts.ALERT_KINDS['flagged']}**") and "điểm 0,90" in line for line in lines
    )
    assert any(t.value.startswith("Người dân xã An Hưng phản ánh") for t in at.text)
    (link,) = at.get("page_link")
    assert link.proto.label == texts.ALERT_OPEN and f"id={article_id}" in link.proto.query_string
    assert unread_count(make_engine(db_url), "ana") == 1
    _button(at, texts.ALERTS_MARK_READ).click().run()
    assert not at.exception, at.exception
    assert unread_count(make_engine(db_url), "ana") == 0
    assert at.info[0].value == texts.ALERTS_NONE


def test_a_user_subscribes_themselves_and_a_bad_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    _with_an_alert(db_url)
    at = signed_in(monkeypatch, db_url, "ana").switch_page("app_pages/alerts.py").run()
    at.text_input[0].input("khong-phai-thu")
    _button(at, texts.SUB_SAVE).click().run()
    assert at.error[0].value == texts.SUB_INVALID
    at.text_input[0].input("ana@anlao.example.vn")
    at.multiselect[0].select("an-lao")
    at.checkbox[0].check()
    _button(at, texts.SUB_SAVE).click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == texts.SUB_SAVED
    with Session(make_engine(db_url)) as session:
        sub = session.get(AlertSubscription, "ana")
        assert sub is not None
        assert (sub.email, sub.scopes, sub.digest) == ("ana@anlao.example.vn", ["an-lao"], True)
        actors = session.scalars(select(AuditLog.actor).where(AuditLog.object_type == "subscription")).all()
    assert actors == ["test", "ana"]
