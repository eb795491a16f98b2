"""pipeline.review.reviews, review actions on a real SQLite database: transitions, validation,
optimistic locking, audit, labels."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.review.accounts import add_user
from pipeline.review.auth import Identity
from pipeline.review.reviews import (
    Labels,
    ReviewError,
    ReviewState,
    StaleReview,
    bulk_update,
    correct_labels,
    get_review,
    labels_since,
    record_label,
    training_labels,
    update_review,
)
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from tests.support.clock import FROZEN_NOW

NOW = FROZEN_NOW.astimezone(UTC)
ANA = Identity("ana", "analyst", NOW)
BINH = Identity("binh", "analyst", NOW)
VIEWER = Identity("xem", "viewer", NOW)


def add_flagged(session: Session, article_id: str, story: str | None = None, score: float = 0.8) -> None:
    """One article with a current flagged assessment and a new review (as ``process`` leaves it)."""
    session.add(
        Article(
            id=article_id, url=f"https://tin.example/{article_id}",
            canonical_url=f"https://tin.example/{article_id}", source_id="tinnhanh", title=article_id,
            body="Người dân An Lão bức xúc.", published_at=NOW, fetched_at=NOW, text_hash="h", story_id=story,
            model_version="rules-1-test",
        )
    )  # fmt: skip
    session.add(
        AssessmentRow(
            article_id=article_id, model_version="rules-1-test", text_hash="h", scope="an-lao", places=[],
            topics=["dat-dai-quy-hoach"], tone="negative", needs_response=True, flag_score=score,
            reasons=["complaint"], evidence={}, is_current=True,
        )
    )  # fmt: skip
    session.add(Review(article_id=article_id, status="new", updated_by="pressmon"))


def _review(session: Session, article_id: str) -> ReviewState:
    state = get_review(session, article_id)
    assert state is not None
    return state


@pytest.fixture
def engine(engine: Engine) -> Engine:
    """The empty database with two analysts and two flagged articles of one story."""
    with transaction(engine) as session:
        add_user(session, "ana", "analyst", "mat-khau-dai-1", actor="test")
        add_user(session, "binh", "analyst", "mat-khau-dai-2", actor="test")
        add_flagged(session, "a1", story="s1")
        add_flagged(session, "a2", story="s1", score=0.6)
    return engine


def test_status_change_bumps_version_and_is_audited(engine: Engine) -> None:
    with transaction(engine) as session:
        state = update_review(
            session, "a1", 1, ANA, status="in-review", assignee="binh", note="Đang xác minh"
        )
    assert (state.status, state.assignee, state.version, state.updated_by) == ("in-review", "binh", 2, "ana")
    with transaction(engine) as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "updated")).one()
    assert entry.actor == "ana" and entry.object_id == "a1"
    assert entry.old == {"status": "new", "assignee": "", "note": ""}
    assert entry.new == {"status": "in-review", "assignee": "binh", "note": "Đang xác minh"}


def test_second_editor_with_the_old_version_is_told_and_given_the_new_state(engine: Engine) -> None:
    with transaction(engine) as session:
        update_review(session, "a1", 1, ANA, status="dismissed", note="Tin cũ")
    with pytest.raises(StaleReview) as stale, transaction(engine) as session:
        update_review(session, "a1", 1, BINH, status="in-review")
    assert stale.value.current is not None
    assert (stale.value.current.status, stale.value.current.updated_by) == ("dismissed", "ana")
    with transaction(engine) as session:
        assert _review(session, "a1").status == "dismissed"
        assert len(session.scalars(select(AuditLog).where(AuditLog.action == "updated")).all()) == 1


def test_a_commit_between_read_and_write_is_caught_by_the_version_column(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.review.reviews as reviews

    check = reviews._validate

    def commit_elsewhere_then_check(session: Session, review: Review, changes: dict[str, Any]) -> None:
        # Another analyst's transaction commits after this one read the row and before it writes.
        with transaction(engine) as other:
            theirs = other.get(Review, "a1")
            assert theirs is not None
            theirs.status = "in-review"
        check(session, review, changes)

    monkeypatch.setattr(reviews, "_validate", commit_elsewhere_then_check)
    with pytest.raises(StaleReview), transaction(engine) as session:
        update_review(session, "a1", 1, ANA, status="dismissed")
    with transaction(engine) as session:
        assert _review(session, "a1").status == "in-review"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "responded"}, "cannot go from"),
        ({"status": "bogus"}, "cannot go from"),
        ({"priority": 7}, "Priority"),
        ({"assignee": "nobody"}, "No user"),
        ({"response_url": "javascript:alert(1)"}, "http"),
        ({"owner": "x"}, "Unknown review fields"),
        ({"deadline": datetime(2026, 11, 1)}, "time zone"),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_written(
    engine: Engine, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ReviewError, match=message), transaction(engine) as session:
        update_review(session, "a1", 1, ANA, **changes)
    with transaction(engine) as session:
        assert _review(session, "a1").version == 1


def test_responded_needs_the_link_of_the_official_response(engine: Engine) -> None:
    with transaction(engine) as session:
        update_review(session, "a1", 1, ANA, status="response-needed")
    with pytest.raises(ReviewError, match="link"), transaction(engine) as session:
        update_review(session, "a1", 2, ANA, status="responded")
    with transaction(engine) as session:
        state = update_review(
            session, "a1", 2, ANA, status="responded", response_url="https://anlao.example/pr/1"
        )
    assert state.status == "responded" and state.version == 3


def test_viewers_cannot_change_reviews(engine: Engine) -> None:
    with pytest.raises(ReviewError, match="viewer"), transaction(engine) as session:
        update_review(session, "a1", 1, VIEWER, status="dismissed")


def test_bulk_update_skips_the_items_changed_meanwhile(engine: Engine) -> None:
    with transaction(engine) as session:
        update_review(session, "a2", 1, BINH, priority=1)
    result = bulk_update(engine, {"a1": 1, "a2": 1}, ANA, status="in-review")
    assert result.updated == ["a1"] and result.stale == ["a2"] and not result.refused
    with transaction(engine) as session:
        assert _review(session, "a2").status == "new"


def test_a_correction_becomes_a_training_label(engine: Engine) -> None:
    with transaction(engine) as session:
        assert not correct_labels(session, "a1", ANA, "an-lao", ["dat-dai-quy-hoach"], "negative")
        assert correct_labels(session, "a1", ANA, "hai-phong", ["an-sinh-xa-hoi"], "neutral")
    with transaction(engine) as session:
        update_review(session, "a2", 1, BINH, status="dismissed")
        labels = {label["id"]: label for label in training_labels(session)}
        assert labels_since(session, None) == 2  # the correction and the dismissed review
        assert labels_since(session, utcnow()) == 0
    assert labels["a1"]["scope"] == "hai-phong" and labels["a1"]["topics"] == ["an-sinh-xa-hoi"]
    assert labels["a1"]["labelled_by"] == "ana"
    assert labels["a2"] == {"id": "a2", "needs_response": False}


def test_an_analysts_answer_is_a_full_training_label_even_when_it_confirms(engine: Engine) -> None:
    confirm = Labels("an-lao", ("dat-dai-quy-hoach",), "negative", True, ("complaint",))
    correct = Labels("incidental", ("an-ninh-trat-tu", "an-ninh-trat-tu"), "neutral", False)
    with transaction(engine) as session:
        assert not record_label(session, "a1", ANA, confirm)
        assert record_label(session, "a2", BINH, correct)
    with transaction(engine) as session:
        entries = session.scalars(select(AuditLog).where(AuditLog.object_type == "label")).all()
        labels = {label["id"]: label for label in training_labels(session)}
    assert [(e.object_id, e.actor, e.action) for e in entries] == [
        ("a1", "ana", "confirmed"),
        ("a2", "binh", "corrected"),
    ]
    assert entries[1].old == {
        "scope": "an-lao",
        "topics": ["dat-dai-quy-hoach"],
        "tone": "negative",
        "needs_response": True,
        "reasons": ["complaint"],
    }
    assert labels["a2"] | {"labelled_by": ""} == {
        "id": "a2",
        "scope": "incidental",
        "topics": ["an-ninh-trat-tu"],
        "tone": "neutral",
        "needs_response": False,
        "reasons": [],
        "model_version": "rules-1-test",
        "labelled_by": "",
    }
    assert labels["a1"]["needs_response"] is True and labels["a1"]["reasons"] == ["complaint"]


def test_the_later_of_a_label_and_a_closed_review_decides_the_flag(engine: Engine) -> None:
    with transaction(engine) as session:
        update_review(session, "a1", 1, ANA, status="dismissed")
        record_label(session, "a1", BINH, Labels("an-lao", (), "negative", True, ("wrongdoing",)))
        record_label(session, "a2", BINH, Labels("an-lao", (), "negative", False))
    with transaction(engine) as session:
        update_review(session, "a2", 1, ANA, status="response-needed")
        # A scope correction on the item page afterwards keeps the flag label given before.
        correct_labels(session, "a1", ANA, "hai-phong", [], "neutral")
    with transaction(engine) as session:
        labels = {label["id"]: label for label in training_labels(session)}
    assert labels["a1"]["needs_response"] is True and labels["a1"]["scope"] == "hai-phong"
    assert labels["a2"]["needs_response"] is True


def test_viewers_cannot_label_and_unknown_codes_are_refused(engine: Engine) -> None:
    with pytest.raises(ReviewError, match="viewer"), transaction(engine) as session:
        record_label(session, "a1", VIEWER, Labels("an-lao", (), "neutral", False))
    with pytest.raises(ReviewError, match="Unknown scope"), transaction(engine) as session:
        record_label(session, "a1", ANA, Labels("ha-noi", (), "neutral", False))
    with pytest.raises(ReviewError, match="Unknown reason"), transaction(engine) as session:
        record_label(session, "a1", ANA, Labels("an-lao", (), "neutral", True, ("rumour",)))
    with pytest.raises(ReviewError, match="at least one reason"), transaction(engine) as session:
        record_label(session, "a1", ANA, Labels("an-lao", (), "neutral", True))
    with transaction(engine) as session:
        assert labels_since(session, None) == 0
