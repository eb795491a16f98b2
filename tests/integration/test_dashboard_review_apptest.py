"""What analysts do in the dashboard, run by AppTest on the demo database: review, conflict, bulk, labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard import texts
from dashboard.queries.queue import QueueFilter, queue
from pipeline.review.reviews import get_review
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from tests.support.dashboard import signed_in

# The shared fixtures, registered in this module.


def _button(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}"
    return matches[0].click().run()


def _open_first_item(at: AppTest, db_url: str) -> tuple[AppTest, str]:
    """A click on the queue's first row (its selection state, as the browser sends it) opens the item."""
    at.switch_page("app_pages/review_queue.py").run()
    article_id = queue(make_engine(db_url), QueueFilter())[0]["id"][0]
    at.session_state["q_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [texts.PAGE_ITEM]
    assert at.session_state["item_id"] == article_id
    assert at.query_params["id"] == article_id  # the address is a link to the item
    # AppTest runs its own current page on the next run; make that the item page too.
    return at.switch_page("app_pages/item.py").run(), article_id


def _review(db_url: str, article_id: str) -> Review:
    with transaction(make_engine(db_url)) as session:
        review = session.get(Review, article_id)
        assert review is not None
        return review


def test_an_analyst_dismisses_an_item_with_a_note(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    at, article_id = _open_first_item(signed_in(monkeypatch, demo_db, "ana"), demo_db)
    at.selectbox(key=f"rs_{article_id}_1").select("dismissed")
    at.text_area(key=f"rn_{article_id}_1").input("Tin đã được cải chính")
    _button(at, texts.REVIEW_SAVE)
    assert not at.exception and at.success[0].value == texts.REVIEW_SAVED.format(version=2)
    review = _review(demo_db, article_id)
    assert (review.status, review.note, review.updated_by, review.version) == (
        "dismissed",
        "Tin đã được cải chính",
        "ana",
        2,
    )
    with transaction(make_engine(demo_db)) as session:
        entry = session.scalars(
            select(AuditLog).where(AuditLog.object_id == article_id, AuditLog.action == "updated")
        ).one()
    assert entry.actor == "ana" and entry.old == {"status": "new", "note": ""}
    assert entry.new == {"status": "dismissed", "note": "Tin đã được cải chính"}
    # The dismissed item leaves the default queue.
    at.switch_page("app_pages/review_queue.py").run()
    remaining, total = queue(make_engine(demo_db), QueueFilter())
    assert article_id not in set(remaining["id"])
    assert at.caption[0].value.startswith(f"{total} / {total}")


def test_the_second_of_two_editors_is_told_and_sees_the_new_state(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    ana, article_id = _open_first_item(signed_in(monkeypatch, demo_db, "ana"), demo_db)
    binh, same_id = _open_first_item(signed_in(monkeypatch, demo_db, "binh"), demo_db)
    assert same_id == article_id
    ana.selectbox(key=f"rs_{article_id}_1").select("dismissed")
    ana.text_area(key=f"rn_{article_id}_1").input("Ana bỏ qua")
    _button(ana, texts.REVIEW_SAVE)
    # Binh still has version 1 on screen and saves a different decision.
    binh.selectbox(key=f"rs_{article_id}_1").select("in-review")
    _button(binh, texts.REVIEW_SAVE)
    assert not binh.exception
    assert binh.warning[0].value.startswith("Tin này vừa được ana thay đổi")
    assert binh.selectbox(key=f"rs_{article_id}_2").value == "dismissed"  # the form now shows the new state
    assert binh.text_area(key=f"rn_{article_id}_2").value == "Ana bỏ qua"
    review = _review(demo_db, article_id)
    assert (review.status, review.updated_by, review.version) == ("dismissed", "ana", 2)


def test_the_second_editors_typed_note_survives_the_conflict(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    ana, article_id = _open_first_item(signed_in(monkeypatch, demo_db, "ana"), demo_db)
    binh, _ = _open_first_item(signed_in(monkeypatch, demo_db, "binh"), demo_db)
    ana.text_area(key=f"rn_{article_id}_1").input("Ana bỏ qua")
    ana.selectbox(key=f"rs_{article_id}_1").select("dismissed")
    _button(ana, texts.REVIEW_SAVE)
    binh.text_area(key=f"rn_{article_id}_1").input("Binh: đã gọi phóng viên, chờ xác minh")
    _button(binh, texts.REVIEW_SAVE)
    assert binh.warning[0].value.startswith("Tin này vừa được ana thay đổi")
    # The new state beside binh's own note: status from ana, note field still holding binh's words.
    assert binh.selectbox(key=f"rs_{article_id}_2").value == "dismissed"
    note = binh.text_area(key=f"rn_{article_id}_2")
    assert (note.label, note.value) == (texts.REVIEW_NOTE_DRAFT, "Binh: đã gọi phóng viên, chờ xác minh")
    assert texts.REVIEW_NOTE_SAVED.format(who="ana", note="Ana bỏ qua") in [c.value for c in binh.caption]
    assert _review(demo_db, article_id).note == "Ana bỏ qua"
    _button(binh, texts.REVIEW_SAVE)  # saved on purpose, now on the current version
    review = _review(demo_db, article_id)
    assert (review.note, review.status, review.version) == (
        "Binh: đã gọi phóng viên, chờ xác minh",
        "dismissed",
        3,
    )
    assert binh.text_area(key=f"rn_{article_id}_3").label == texts.REVIEW_NOTE


def test_viewers_read_items_but_get_no_actions(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    at, article_id = _open_first_item(signed_in(monkeypatch, demo_db, "xem"), demo_db)
    labels = {b.label for b in at.button}
    assert texts.REVIEW_SAVE not in labels and texts.CORRECT_SAVE not in labels
    at.switch_page("app_pages/review_queue.py").run()
    assert texts.BULK_APPLY not in {b.label for b in at.button}
    assert _review(demo_db, article_id).version == 1


def test_bulk_action_changes_the_chosen_items(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    at = signed_in(monkeypatch, demo_db, "ana").switch_page("app_pages/review_queue.py").run()
    ids = list(queue(make_engine(demo_db), QueueFilter())[0]["id"][:2])
    for article_id in ids:
        at.multiselect(key="q_bulk_items").select(article_id)
    at.selectbox(key="q_bulk_action").select(texts.BULK_ASSIGN.format(name="binh"))
    _button(at, texts.BULK_APPLY)
    assert not at.exception
    assert at.success[0].value == texts.BULK_DONE.format(updated=2)
    for article_id in ids:
        assert _review(demo_db, article_id).assignee == "binh"


def test_a_label_correction_waits_for_the_next_training(
    monkeypatch: pytest.MonkeyPatch, demo_db: str
) -> None:
    at, _ = _open_first_item(signed_in(monkeypatch, demo_db, "ana"), demo_db)
    tone = next(s for s in at.selectbox if s.label == texts.CORRECT_TONE)
    tone.select("positive" if tone.value != "positive" else "neutral")
    _button(at, texts.CORRECT_SAVE)
    assert at.success[0].value == texts.CORRECT_SAVED
    at.switch_page("app_pages/model_card.py").run()
    assert {m.label: m.value for m in at.metric}[texts.MODEL_LABELS] == "1"


def test_hostile_scraped_text_is_shown_as_text(monkeypatch: pytest.MonkeyPatch, demo_db: str) -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    body = 'Người dân An Lão bức xúc <script>alert("x")</script> <img src=x onerror=alert(1)>'
    with transaction(make_engine(demo_db)) as session:
        session.add(
            Article(id="hostile", url="https://x.example/a", canonical_url="https://x.example/a",
                    source_id="tinnhanh", title="<b>Tiêu đề</b>", body=body, published_at=now, fetched_at=now,
                    text_hash="h")
        )  # fmt: skip
        session.add(
            AssessmentRow(article_id="hostile", model_version="m", text_hash="h", scope="an-lao", places=[],
                          topics=[], tone="negative", needs_response=True, flag_score=0.9,
                          reasons=["complaint"], evidence={"reasons": {"complaint": ["bức xúc"]}})
        )  # fmt: skip
        session.add(Review(article_id="hostile"))
    at = signed_in(monkeypatch, demo_db, "ana")
    at.session_state["item_id"] = "hostile"
    at.switch_page("app_pages/item.py").run()
    assert not at.exception
    shown = [m.value for m in at.markdown] + [h.value for h in at.header]
    assert any("&lt;script&gt;" in v for v in shown) and any("&lt;b&gt;Tiêu đề&lt;/b&gt;" in v for v in shown)
    assert not any("<script" in v or "<img" in v or "<b>" in v for v in shown)
    assert any(":orange-background[**bức xúc**]" in v for v in shown)
    with transaction(make_engine(demo_db)) as session:
        assert get_review(session, "hostile") is not None
