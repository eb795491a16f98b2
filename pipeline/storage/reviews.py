"""The ``reviews`` table: one review per flagged article, opened the first time a flag is raised and
changed by analysts under optimistic locking (``reviews.version``); the only module that writes it.
The review workflow (who may change what, which status may follow which) is
:mod:`pipeline.review.reviews`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pipeline.clock import utcnow
from pipeline.records import Assessment
from pipeline.storage.audit import SYSTEM_ACTOR, audit, audit_many
from pipeline.storage.bulk import in_chunks
from pipeline.storage.schema import Review


class ConcurrentChange(Exception):
    """Someone else committed a change to the review between this read and this write."""


def open_for_flags(session: Session, flagged: Sequence[tuple[str, Assessment]]) -> None:
    """A review (and its audit entry) for every flagged article that has none yet, in bulk."""
    ids = [aid for aid, _ in flagged]
    known = {
        aid
        for chunk in in_chunks(ids)
        for aid in session.scalars(select(Review.article_id).where(Review.article_id.in_(chunk)))
    }
    reviews, audits = [], []
    for aid, assessment in flagged:
        if aid in known:
            continue
        labels = assessment.label_dict()
        reviews.append({"article_id": aid, "status": "new", "updated_by": SYSTEM_ACTOR})
        new = {"status": "new", "flag_score": labels["flag_score"], "reasons": labels["reasons"]}
        audits.append(
            {"actor": SYSTEM_ACTOR, "object_type": "review", "object_id": aid, "action": "flagged"}
            | {"old": {}, "new": new}
        )
    if reviews:  # one executemany, as adding the rows one by one would cost a statement each
        session.execute(insert(Review), reviews)
        audit_many(session, audits)


def load(session: Session, article_id: str) -> Review | None:
    """The review of an article as the database holds it now (not as this session last saw it)."""
    return session.get(Review, article_id, populate_existing=True)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def write_changes(session: Session, review: Review, changes: Mapping[str, Any], actor: str) -> None:
    """Set ``changes`` on ``review`` and append them to the audit log (old → new).

    The version column is checked when the row is written: a concurrent commit since ``review`` was
    loaded raises :class:`ConcurrentChange` and nothing is written.
    """
    article_id = review.article_id  # read now: after a failed flush the row can no longer be loaded
    old = {k: _jsonable(getattr(review, k)) for k in changes}
    for key, value in changes.items():
        setattr(review, key, value)
    review.updated_at, review.updated_by = utcnow(), actor
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentChange(article_id) from exc
    new = {k: _jsonable(v) for k, v in changes.items()}
    audit(session, actor, "review", article_id, "updated", old=old, new=new)
