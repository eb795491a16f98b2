"""pipeline.storage.assessments: assessments stored with one current row per article, their labels
and evidence, a review (and an audit entry) opened the first time an article is flagged; a batch
stored in a few statements, with the same rows, flags and reviews as one article at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import ArticleRecord, Assessment
from pipeline.storage import migrate
from pipeline.storage.articles import upsert_article
from pipeline.storage.assessments import current_assessment, save_assessments
from pipeline.storage.engine import make_engine, transaction
from pipeline.storage.schema import Article, AssessmentRow, AuditLog, Review
from tests.support.builders import article_record, assessment, stored_article, stored_articles


@pytest.fixture
def record(frozen_now: datetime) -> ArticleRecord:
    return article_record(frozen_now)


def _entries(ids: list[tuple[str, str]], version: str) -> list[tuple[str, str, Assessment]]:
    return [(aid, digest, assessment(i % 3 == 0, version)) for i, (aid, digest) in enumerate(ids)]


def _state(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)).all()
        articles = session.execute(select(Article.id, Article.model_version, Article.processed_at)).all()
        return {
            "rows": [
                (r.id, r.article_id, r.model_version, r.text_hash, r.is_current, r.needs_response, r.evidence)
                for r in rows
            ],
            "articles": sorted((a, v, p is not None) for a, v, p in articles),
            "reviews": sorted(session.scalars(select(Review.article_id))),
            "audits": sorted(
                (a.object_id, a.action, a.new["reasons"]) for a in session.scalars(select(AuditLog))
            ),
        }


def _statements(engine: Engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def _one_by_one(engine: Engine, entries: list[tuple[str, str, Assessment]]) -> None:
    with transaction(engine) as session:
        for entry in entries:
            save_assessments(session, [entry])


def _batched(engine: Engine, entries: list[tuple[str, str, Assessment]]) -> None:
    with transaction(engine) as session:
        save_assessments(session, entries)


def test_batch_stores_what_one_by_one_stores(tmp_path: Path, frozen_now: datetime) -> None:
    states = []
    for name, save in (("one", _one_by_one), ("batch", _batched)):
        engine = make_engine(f"sqlite:///{tmp_path / f'{name}.db'}")
        migrate.upgrade(engine)
        ids = stored_articles(engine, 7, frozen_now)
        for version in ("v1", "v2", "v2"):  # a new model, then the same one again (updated in place)
            save(engine, _entries(ids, version))
        states.append(_state(engine))
        engine.dispose()
    one, batch = states
    assert one == batch
    assert [r[4] for r in batch["rows"]].count(True) == 7
    assert len(batch["rows"]) == 14
    assert len(batch["reviews"]) == len(batch["audits"]) == 3
    assert {v for _, v, done in batch["articles"] if done} == {"v2"}


def test_statements_per_batch_do_not_grow_with_its_size(engine: Engine, frozen_now: datetime) -> None:
    ids = stored_articles(engine, 60, frozen_now)
    seen = _statements(engine)
    _batched(engine, _entries(ids[:6], "v1"))
    small = len(seen)
    seen.clear()
    _batched(engine, _entries(ids[6:], "v1"))
    assert len(seen) == small <= 8


def test_an_article_twice_in_a_batch_is_refused(engine: Engine, frozen_now: datetime) -> None:
    (aid, digest), *_ = stored_articles(engine, 1, frozen_now)
    entry = (aid, digest, assessment(False, "v1"))
    with pytest.raises(ValueError, match="one assessment per article"):
        _batched(engine, [entry, replace_version(entry, "v2")])
    assert _state(engine)["rows"] == []


def _save(session: Session, article: Article, result: Assessment) -> None:
    """Save one article's assessment and commit."""
    save_assessments(session, [(article.id, article.text_hash, result)])
    session.commit()


def replace_version(entry: tuple[str, str, Assessment], version: str) -> tuple[str, str, Assessment]:
    aid, digest, result = entry
    return aid, digest, replace(result, model_version=version)


def test_update_clears_processed_at(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    _save(session, article, assessment(flagged=False))
    upsert_article(session, replace(record, title="Hải Phòng khởi công cầu mới (cập nhật)"))
    assert article.processed_at is None


def test_new_assessment_marks_the_previous_not_current(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    _save(session, article, assessment(flagged=False, version="v1"))
    _save(session, article, assessment(flagged=False, version="v2"))
    rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)).all()
    assert [(r.model_version, r.is_current) for r in rows] == [("v1", False), ("v2", True)]


def test_same_assessment_again_keeps_one_current_row(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    for _ in range(2):
        _save(session, article, assessment(flagged=False))
    rows = session.scalars(select(AssessmentRow)).all()
    assert [r.is_current for r in rows] == [True]


def test_flagged_article_opens_one_review_and_one_audit_row(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    _save(session, article, assessment(flagged=True, version="v1"))
    _save(session, article, assessment(flagged=True, version="v2"))
    reviews = session.scalars(select(Review)).all()
    audits = session.scalars(select(AuditLog)).all()
    assert [(r.article_id, r.status) for r in reviews] == [(record.id, "new")]
    assert [(a.object_type, a.object_id, a.action) for a in audits] == [("review", record.id, "flagged")]
    assert audits[0].new["reasons"] == ["complaint"]


def test_unflagged_article_opens_no_review(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    _save(session, article, assessment(flagged=False))
    assert session.scalar(select(func.count()).select_from(Review)) == 0
    assert session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_assessment_stores_labels_and_evidence(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    _save(session, article, assessment(flagged=True))
    row = session.scalars(select(AssessmentRow)).one()
    assert (row.scope, row.tone, row.needs_response, row.reasons) == (
        "an-lao",
        "negative",
        True,
        ["complaint"],
    )
    assert row.places[0]["place_id"] == "anlao-xa-an-hung"
    assert row.evidence["reasons"] == {"complaint": ["khiếu nại"]}
    session.refresh(article)  # marked processed by one UPDATE over the batch, not through this object
    assert article.model_version == "rules-1-test"
    assert article.processed_at is not None


def test_current_assessment_is_the_latest_model_s(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    assert current_assessment(session, article.id) is None
    for version in ("v1", "v2"):
        save_assessments(
            session, [(article.id, article.text_hash, assessment(flagged=True, version=version))]
        )
        session.commit()
    current = current_assessment(session, article.id)
    assert current is not None and (current.model_version, current.is_current) == ("v2", True)
    assert current_assessment(session, "0" * 32) is None
