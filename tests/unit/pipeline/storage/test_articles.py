"""pipeline.store on a temporary SQLite database migrated to the newest schema."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import ArticleRecord, Assessment, PlaceMatch, RawPage
from pipeline.storage import migrate
from pipeline.storage.articles import load_raw_page, save_raw_page, upsert_article
from pipeline.storage.assessments import save_assessments
from pipeline.storage.schema import Article, ArticleRevision, AssessmentRow, AuditLog, RawPageRow, Review

HTML = "<html><body><h1>Hải Phòng khởi công cầu mới</h1><p>Nội dung.</p></body></html>".encode()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def record(frozen_now: datetime) -> ArticleRecord:
    return ArticleRecord(
        id="a" * 32,
        url="https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html",
        canonical_url="https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html",
        source_id="tinnhanh",
        title="Hải Phòng khởi công cầu mới",
        summary="Cây cầu dài 1,2 km.",
        body="Sáng nay, thành phố Hải Phòng khởi công cây cầu mới.",
        byline="Lê Phương Linh",
        published_at=frozen_now - timedelta(hours=2),
        fetched_at=frozen_now,
        extraction_method="test",
    )


@pytest.fixture
def page(frozen_now: datetime) -> RawPage:
    url = "https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html"
    return RawPage(url, url, 200, {"content-type": "text/html; charset=utf-8"}, HTML, frozen_now, "tinnhanh")


def assessment(flagged: bool, version: str = "rules-1-test") -> Assessment:
    return Assessment(
        scope="an-lao",
        places=[PlaceMatch("anlao-xa-an-hung", "An Hưng", "an-lao", "xã an hưng", "title", True)],
        topics=["dat-dai-quy-hoach"],
        topic_scores={"dat-dai-quy-hoach": 0.8},
        tone="negative" if flagged else "neutral",
        needs_response=flagged,
        flag_score=0.9 if flagged else 0.1,
        reasons=["complaint"] if flagged else [],
        evidence={"method": "rules-1", "reasons": {"complaint": ["khiếu nại"]} if flagged else {}},
        model_version=version,
    )


def stored_article(session: Session, record: ArticleRecord) -> Article:
    upsert_article(session, record)
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    return article


def test_migration_reaches_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision() != ""


def test_upsert_new_article(session: Session, record: ArticleRecord) -> None:
    assert upsert_article(session, record) == "new"
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    assert (article.title, article.revision) == (record.title, 1)


def test_published_time_comes_back_timezone_aware(engine: Engine, record: ArticleRecord) -> None:
    with Session(engine) as first:
        upsert_article(first, record)
        first.commit()
    with Session(engine) as second:
        article = second.get(Article, record.id)
        assert article is not None and article.published_at is not None
        assert article.published_at.tzinfo is not None
        assert article.published_at == record.published_at


def test_upsert_same_article_again_is_unchanged(engine: Engine, record: ArticleRecord) -> None:
    with Session(engine) as first:
        upsert_article(first, record)
        first.commit()
    with Session(engine) as second:
        assert upsert_article(second, record) == "unchanged"


def test_upsert_changed_body_is_updated(session: Session, record: ArticleRecord) -> None:
    stored_article(session, record)
    assert upsert_article(session, replace(record, body="Nội dung đã được tòa soạn sửa.")) == "updated"
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    assert (article.body, article.revision) == ("Nội dung đã được tòa soạn sửa.", 2)


def test_update_keeps_the_old_text_as_a_revision(session: Session, record: ArticleRecord) -> None:
    stored_article(session, record)
    upsert_article(session, replace(record, body="Nội dung đã được tòa soạn sửa."))
    session.commit()
    revisions = session.scalars(select(ArticleRevision).where(ArticleRevision.article_id == record.id)).all()
    assert [(r.revision, r.title, r.body) for r in revisions] == [(1, record.title, record.body)]


def test_update_clears_processed_at(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=False))])
    session.commit()
    upsert_article(session, replace(record, title="Hải Phòng khởi công cầu mới (cập nhật)"))
    assert article.processed_at is None


def test_raw_page_is_stored_gzipped_once_per_sha256(session: Session, page: RawPage) -> None:
    first = save_raw_page(session, page)
    session.commit()
    second = save_raw_page(session, replace(page, url=page.url + "?utm_source=x"))
    session.commit()
    assert first == second == hashlib.sha256(HTML).hexdigest()
    assert session.scalar(select(func.count()).select_from(RawPageRow)) == 1
    row = session.get(RawPageRow, first)
    assert row is not None and gzip.decompress(row.body_gz) == HTML and row.size == len(HTML)


def test_load_raw_page_returns_the_exact_bytes(engine: Engine, page: RawPage) -> None:
    with Session(engine) as first:
        digest = save_raw_page(first, page)
        first.commit()
    with Session(engine) as second:
        assert load_raw_page(second, digest) == HTML


def test_load_unknown_raw_page_is_none(session: Session) -> None:
    assert load_raw_page(session, "0" * 64) is None


def test_article_refers_to_its_raw_page(session: Session, record: ArticleRecord, page: RawPage) -> None:
    digest = save_raw_page(session, page)
    upsert_article(session, record, raw_sha256=digest)
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None and article.raw_sha256 == digest


def test_new_assessment_marks_the_previous_not_current(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=False, version="v1"))])
    session.commit()
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=False, version="v2"))])
    session.commit()
    rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)).all()
    assert [(r.model_version, r.is_current) for r in rows] == [("v1", False), ("v2", True)]


def test_same_assessment_again_keeps_one_current_row(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    for _ in range(2):
        save_assessments(session, [(article.id, article.text_hash, assessment(flagged=False))])
        session.commit()
    rows = session.scalars(select(AssessmentRow)).all()
    assert [r.is_current for r in rows] == [True]


def test_flagged_article_opens_one_review_and_one_audit_row(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=True, version="v1"))])
    session.commit()
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=True, version="v2"))])
    session.commit()
    reviews = session.scalars(select(Review)).all()
    audits = session.scalars(select(AuditLog)).all()
    assert [(r.article_id, r.status) for r in reviews] == [(record.id, "new")]
    assert [(a.object_type, a.object_id, a.action) for a in audits] == [("review", record.id, "flagged")]
    assert audits[0].new["reasons"] == ["complaint"]


def test_unflagged_article_opens_no_review(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=False))])
    session.commit()
    assert session.scalar(select(func.count()).select_from(Review)) == 0
    assert session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_assessment_stores_labels_and_evidence(session: Session, record: ArticleRecord) -> None:
    article = stored_article(session, record)
    save_assessments(session, [(article.id, article.text_hash, assessment(flagged=True))])
    session.commit()
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
