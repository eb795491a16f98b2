"""Builders of the records the storage and review tests store: articles, assessments, flagged items.

Each gives a complete, valid value with fixed contents, so that a test names only what it is about.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pipeline.records import ArticleRecord, Assessment, PlaceMatch
from pipeline.storage.articles import upsert_article
from pipeline.storage.engine import transaction
from pipeline.storage.schema import Article


def article_record(now: datetime) -> ArticleRecord:
    """A Hải Phòng article fetched at ``now`` and published two hours before."""
    return ArticleRecord(
        id="a" * 32,
        url="https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html",
        canonical_url="https://tinnhanh.example/hai-phong-khoi-cong-cau-1.html",
        source_id="tinnhanh",
        title="Hải Phòng khởi công cầu mới",
        summary="Cây cầu dài 1,2 km.",
        body="Sáng nay, thành phố Hải Phòng khởi công cây cầu mới.",
        byline="Lê Phương Linh",
        published_at=now - timedelta(hours=2),
        fetched_at=now,
        extraction_method="test",
    )


def numbered_record(i: int, now: datetime) -> ArticleRecord:
    """Article number ``i`` of a series about a complaint in An Lão, published ``i`` hours before ``now``."""
    return ArticleRecord(
        id=f"{i:032x}",
        url=f"https://tinnhanh.example/bai-{i}.html",
        canonical_url=f"https://tinnhanh.example/bai-{i}.html",
        source_id="tinnhanh",
        title=f"Người dân xã An Hưng phản ánh việc bồi thường, bài {i}",
        summary="Nhiều hộ dân bức xúc.",
        body="Các hộ dân gửi đơn khiếu nại lên xã.",
        byline="",
        published_at=now - timedelta(hours=i),
        fetched_at=now,
        extraction_method="test",
    )


def stored_article(session: Session, record: ArticleRecord) -> Article:
    """``record`` upserted and committed; its row."""
    upsert_article(session, record)
    session.commit()
    article = session.get(Article, record.id)
    assert article is not None
    return article


def stored_articles(engine: Engine, n: int, now: datetime) -> list[tuple[str, str]]:
    """Store the numbered articles 0 … n-1; their (id, text hash) pairs in id order."""
    with transaction(engine) as session:
        for i in range(n):
            upsert_article(session, numbered_record(i, now))
    with Session(engine) as session:
        return [
            (a, h) for a, h in session.execute(select(Article.id, Article.text_hash).order_by(Article.id))
        ]


def assessment(flagged: bool, version: str = "rules-1-test") -> Assessment:
    """An assessment about An Hưng (An Lão); flagged as a complaint, or neutral and unflagged."""
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
