"""The ``assessments`` table: every assessment of every article, one of them its current one; the only
module that writes it, and the one definition of "current" every query uses (:data:`CURRENT`).

A batch of assessments is stored in a few statements (not several per article), in the caller's
transaction with what they cause: the articles marked processed, the reviews newly flagged items open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session

from pipeline.clock import utcnow
from pipeline.records import Assessment
from pipeline.storage.articles import mark_processed
from pipeline.storage.bulk import in_chunks
from pipeline.storage.reviews import open_for_flags
from pipeline.storage.schema import Article, AssessmentRow

# An assessment is its article's current one; the others are history.
IS_CURRENT = AssessmentRow.is_current.is_(True)
# An article joined with its current assessment (outer-joined: an article not yet assessed has none).
CURRENT = and_(AssessmentRow.article_id == Article.id, IS_CURRENT)

# One assessment to store: the article's id, the text hash it was assessed on, the assessment.
Assessed = tuple[str, str, Assessment]


def _row_values(article_id: str, text_hash: str, assessment: Assessment) -> dict[str, Any]:
    labels = assessment.label_dict()
    return {
        "article_id": article_id,
        "model_version": assessment.model_version,
        "text_hash": text_hash,
        "scope": labels["scope"],
        "places": [p.__dict__ for p in assessment.places],
        "topics": labels["topics"],
        "topic_scores": dict(assessment.topic_scores),
        "tone": labels["tone"],
        "needs_response": assessment.needs_response,
        "flag_score": labels["flag_score"],
        "reasons": labels["reasons"],
        "evidence": dict(assessment.evidence),
        "is_current": True,
    }


def _existing_rows(session: Session, ids: Sequence[str]) -> dict[tuple[str, str, str], int]:
    """Ids of the stored assessments of ``ids``, by (article, model version, text hash)."""
    found: dict[tuple[str, str, str], int] = {}
    columns = (
        AssessmentRow.id,
        AssessmentRow.article_id,
        AssessmentRow.model_version,
        AssessmentRow.text_hash,
    )
    for chunk in in_chunks(ids):
        session.execute(
            update(AssessmentRow)
            .where(AssessmentRow.article_id.in_(chunk), IS_CURRENT)
            .values(is_current=False)
        )
        for row_id, aid, version, digest in session.execute(
            select(*columns).where(AssessmentRow.article_id.in_(chunk))
        ):
            found[(aid, version, digest)] = row_id
    return found


def _store_rows(session: Session, entries: Sequence[Assessed]) -> None:
    """The assessment rows (the stored one of the same model and text updated, the others no longer
    current) and the reviews the flags open: a few statements for the whole batch."""
    ids = [aid for aid, _, _ in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("one assessment per article in a batch")
    existing = _existing_rows(session, ids)
    new, changed = [], []
    for aid, digest, assessment in entries:
        values = _row_values(aid, digest, assessment)
        row_id = existing.get((aid, assessment.model_version, digest))
        if row_id is None:
            new.append(values)
        else:
            changed.append({"id": row_id, **values})
    if new:
        session.execute(insert(AssessmentRow), new)
    if changed:
        session.execute(update(AssessmentRow), changed)
    open_for_flags(session, [(aid, a) for aid, _, a in entries if a.needs_response])


def save_assessments(session: Session, entries: Sequence[Assessed]) -> None:
    """Store each assessment as its article's current one, mark the articles processed and open a
    review for each newly flagged one; one bulk statement per table, not several per article."""
    if not entries:
        return
    _store_rows(session, entries)
    mark_processed(session, {aid: a.model_version for aid, _, a in entries}, utcnow())


def current_assessment(session: Session, article_id: str) -> AssessmentRow | None:
    """The article's current assessment, if it was ever assessed."""
    return session.scalar(select(AssessmentRow).where(AssessmentRow.article_id == article_id, IS_CURRENT))
