"""pipeline.storage.reviews on a migrated SQLite database: reviews opened in bulk for flagged
articles, and changes written under optimistic locking with their audit entries."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.storage.audit import SYSTEM_ACTOR
from pipeline.storage.engine import transaction
from pipeline.storage.reviews import ConcurrentChange, load, open_for_flags, write_changes
from pipeline.storage.schema import AuditLog, Review
from tests.support.builders import assessment, stored_articles
from tests.support.clock import FROZEN_NOW


def _audits(engine: Engine) -> list[tuple[str, str, str, dict[str, object], dict[str, object]]]:
    with Session(engine) as session:
        entries = session.scalars(select(AuditLog).order_by(AuditLog.id))
        return [(a.actor, a.object_id, a.action, a.old, a.new) for a in entries]


@pytest.fixture
def aid(engine: Engine) -> str:
    """The id of a stored article, flagged, with its review just opened."""
    (article_id, _), *_ = stored_articles(engine, 1, FROZEN_NOW)
    with transaction(engine) as session:
        open_for_flags(session, [(article_id, assessment(flagged=True))])
    return article_id


def test_flagged_articles_without_a_review_get_one_in_bulk(engine: Engine) -> None:
    ids = [aid for aid, _ in stored_articles(engine, 502, FROZEN_NOW)]  # over one IN (...) list
    with transaction(engine) as session:
        open_for_flags(session, [(ids[0], assessment(flagged=True))])
    with transaction(engine) as session:
        open_for_flags(session, [(aid, assessment(flagged=True)) for aid in ids])
    with Session(engine) as session:
        reviews = session.scalars(select(Review).order_by(Review.article_id)).all()
    assert [r.article_id for r in reviews] == ids
    assert {(r.status, r.updated_by, r.version) for r in reviews} == {("new", SYSTEM_ACTOR, 1)}
    audits = _audits(engine)
    assert [a[1] for a in audits] == ids  # one entry per review opened, none for the one already open
    opened = {"status": "new", "flag_score": 0.9, "reasons": ["complaint"]}
    assert audits[0] == (SYSTEM_ACTOR, ids[0], "flagged", {}, opened)


def test_a_change_is_written_and_audited_old_to_new(engine: Engine, aid: str) -> None:
    with transaction(engine) as session:
        review = load(session, aid)
        assert review is not None
        write_changes(session, review, {"status": "in-review", "note": "Đang xác minh"}, "ana")
    with Session(engine) as session:
        stored = session.get(Review, aid)
        assert stored is not None
        assert (stored.status, stored.note, stored.updated_by, stored.version) == (
            "in-review",
            "Đang xác minh",
            "ana",
            2,
        )
    assert _audits(engine)[-1] == (
        "ana",
        aid,
        "updated",
        {"status": "new", "note": ""},
        {"status": "in-review", "note": "Đang xác minh"},
    )


def test_a_change_committed_meanwhile_raises_concurrent_change_and_nothing_is_written(
    engine: Engine, aid: str
) -> None:
    with Session(engine) as mine:
        review = load(mine, aid)
        assert review is not None and review.version == 1
        with transaction(engine) as other:  # another analyst commits after this one read the row
            theirs = load(other, aid)
            assert theirs is not None
            write_changes(other, theirs, {"status": "dismissed"}, "binh")
        try:
            write_changes(mine, review, {"status": "in-review"}, "ana")
        except ConcurrentChange as exc:
            assert exc.args == (aid,)
        else:
            raise AssertionError("the stale write went through")
        mine.rollback()
    with Session(engine) as session:
        current = load(session, aid)
        assert current is not None and (current.status, current.version, current.updated_by) == (
            "dismissed",
            2,
            "binh",
        )
    assert [a[0] for a in _audits(engine) if a[2] == "updated"] == ["binh"]


def test_load_reads_what_the_database_holds_now(engine: Engine, aid: str) -> None:
    with Session(engine) as session:
        first = load(session, aid)
        assert first is not None and first.status == "new"
        with transaction(engine) as other:
            changed = other.get(Review, aid)
            assert changed is not None
            changed.status = "in-review"
        assert load(session, aid) is first and first.status == "in-review"
        assert load(session, "f" * 32) is None
